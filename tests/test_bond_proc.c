/*
 * test_bond_proc.c - /proc/net/bonding/bond0 text, whole dumps compared with
 * what a Linux 6.x kernel prints for the same bond.
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <string.h>
#include "bond/bond.h"
#include "link/link.h"
#include "link/nic.h"

#define RIG_SLAVES 2

/* server.eth0/eth1 cabled to peer.p0/p1 at 1 Gb/s, enslaved in that order. */
struct rig {
	struct sim *sim;
	struct nic *nic[RIG_SLAVES], *peer[RIG_SLAVES];
	struct link *link[RIG_SLAVES];
	struct bond *bond;
};

/*
 * opts: "mode=active-backup miimon=100", as an "options bonding" line; the
 * bond is opened at 0 and the simulation run until @until.
 */
static void rig_build_until(struct rig *r, const char *opts, sim_time_t until)
{
	g_auto(GStrv) kv = g_strsplit(opts, " ", -1);
	struct bond_params p;
	GError *err = NULL;

	memset(r, 0, sizeof(*r));
	r->sim = sim_new(1);
	bond_params_init(&p);
	for (int i = 0; kv[i]; i++) {
		char *eq = strchr(kv[i], '=');

		cr_assert(eq, "bad option %s", kv[i]);
		*eq = '\0';
		cr_assert(bond_opt_set(&p, kv[i], eq + 1, &err), "%s", err ? err->message : "");
	}
	cr_assert(bond_params_finalize(&p, NULL, &err), "%s", err ? err->message : "");
	r->bond = bond_new(r->sim, "server", "bond0", &p, NULL);
	for (int i = 0; i < RIG_SLAVES; i++) {
		const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, (uint8_t)(0x56 + i) };
		const uint8_t pmac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, (uint8_t)(0x01 + i) };
		char name[8], lname[8];

		g_snprintf(name, sizeof(name), "eth%d", i);
		r->nic[i] = nic_new(r->sim, "server", name, mac, 0);
		g_snprintf(name, sizeof(name), "p%d", i);
		r->peer[i] = nic_new(r->sim, "peer", name, pmac, 0);
		g_snprintf(lname, sizeof(lname), "l%d", i);
		r->link[i] = link_new(r->sim, lname, &r->nic[i]->dev, &r->peer[i]->dev, 1000000000ULL, SIM_US);
	}
	for (int i = 0; i < RIG_SLAVES; i++)
		cr_assert(bond_enslave(r->bond, &r->nic[i]->dev, &err), "%s", err ? err->message : "");
	bond_open(r->bond);
	sim_run(r->sim, until);
}

static void rig_build(struct rig *r, const char *opts)
{
	rig_build_until(r, opts, 1 * SIM_S);
}

static char *rig_dump(const struct rig *r)
{
	GString *s = g_string_new(NULL);

	bond_proc_dump(r->bond, s);
	return g_string_free(s, FALSE);
}

static void rig_free(struct rig *r)
{
	bond_free(r->bond);
	for (int i = 0; i < RIG_SLAVES; i++)
		link_free(r->link[i]);
	for (int i = 0; i < RIG_SLAVES; i++) {
		nic_free(r->nic[i]);
		nic_free(r->peer[i]);
	}
	cr_assert_eq(r->sim->pool.live, 0);
	sim_free(r->sim);
}

static void expect_dump(const struct rig *r, const char *want)
{
	char *got = rig_dump(r);

	cr_assert_str_eq(got, want, "got:\n%s\nwant:\n%s", got, want);
	g_free(got);
}

#define VERSION_LINE "Ethernet Channel Bonding Driver: v" BONDSIM_VERSION "-bondsim\n\n"

/* A slave block as the kernel prints it with a 1 Gb/s full-duplex link up. */
#define SLAVE_UP(name, mac)		\
	"\n"				\
	"Slave Interface: " name "\n"	\
	"MII Status: up\n"		\
	"Speed: 1000 Mbps\n"		\
	"Duplex: full\n"		\
	"Link Failure Count: 0\n"	\
	"Permanent HW addr: " mac "\n"	\
	"Slave queue ID: 0\n"

#define ETH0_UP SLAVE_UP("eth0", "52:54:00:12:34:56")
#define ETH1_UP SLAVE_UP("eth1", "52:54:00:12:34:57")

#define MII_100				\
	"MII Status: up\n"		\
	"MII Polling Interval (ms): 100\n" \
	"Up Delay (ms): 0\n"		\
	"Down Delay (ms): 0\n"		\
	"Peer Notification Delay (ms): 0\n"

Test(bond_proc, balance_rr)
{
	struct rig r;

	rig_build(&r, "mode=balance-rr miimon=100");
	expect_dump(&r, VERSION_LINE
		    "Bonding Mode: load balancing (round-robin)\n"
		    MII_100
		    ETH0_UP
		    ETH1_UP);
	rig_free(&r);
}

Test(bond_proc, active_backup_primary)
{
	struct rig r;

	rig_build(&r, "mode=active-backup miimon=100 primary=eth1");
	cr_assert_eq(r.bond->curr_active, r.bond->primary);
	expect_dump(&r, VERSION_LINE
		    "Bonding Mode: fault-tolerance (active-backup)\n"
		    "Primary Slave: eth1 (primary_reselect always)\n"
		    "Currently Active Slave: eth1\n"
		    MII_100
		    ETH0_UP
		    ETH1_UP);
	rig_free(&r);
}

Test(bond_proc, active_backup_no_primary_reselect_failure)
{
	struct rig r;

	/* primary_reselect is shown only next to a primary slave */
	rig_build(&r, "mode=active-backup miimon=100 primary_reselect=failure");
	expect_dump(&r, VERSION_LINE
		    "Bonding Mode: fault-tolerance (active-backup)\n"
		    "Primary Slave: None\n"
		    "Currently Active Slave: eth0\n"
		    MII_100
		    ETH0_UP
		    ETH1_UP);
	rig_free(&r);
}

Test(bond_proc, active_backup_fail_over_mac_and_delays)
{
	struct rig r;
	char *got;

	rig_build(&r, "mode=active-backup miimon=100 fail_over_mac=active updelay=250 "
		  "downdelay=300 primary=eth0 primary_reselect=better");
	got = rig_dump(&r);
	/* updelay is rounded down to a multiple of miimon, as the kernel does */
	cr_assert(g_str_has_prefix(got, VERSION_LINE
				   "Bonding Mode: fault-tolerance (active-backup) "
				   "(fail_over_mac active)\n"
				   "Primary Slave: eth0 (primary_reselect better)\n"
				   "Currently Active Slave: eth0\n"
				   "MII Status: up\n"
				   "MII Polling Interval (ms): 100\n"
				   "Up Delay (ms): 200\n"
				   "Down Delay (ms): 300\n"
				   "Peer Notification Delay (ms): 0\n"
				   "\nSlave Interface: eth0\n"), "%s", got);
	g_free(got);
	rig_free(&r);
}

Test(bond_proc, balance_xor_layer34)
{
	struct rig r;

	rig_build(&r, "mode=balance-xor miimon=100 xmit_hash_policy=layer3+4");
	expect_dump(&r, VERSION_LINE
		    "Bonding Mode: load balancing (xor)\n"
		    "Transmit Hash Policy: layer3+4 (1)\n"
		    MII_100
		    ETH0_UP
		    ETH1_UP);
	rig_free(&r);
}

Test(bond_proc, balance_xor_default_policy)
{
	struct rig r;
	char *got;

	rig_build(&r, "mode=2 miimon=100");
	got = rig_dump(&r);
	cr_assert(strstr(got, "\nBonding Mode: load balancing (xor)\n"
			 "Transmit Hash Policy: layer2 (0)\nMII Status: up\n"), "%s", got);
	g_free(got);
	rig_free(&r);
}

Test(bond_proc, broadcast)
{
	struct rig r;

	rig_build(&r, "mode=broadcast miimon=100");
	expect_dump(&r, VERSION_LINE
		    "Bonding Mode: fault-tolerance (broadcast)\n"
		    MII_100
		    ETH0_UP
		    ETH1_UP);
	rig_free(&r);
}

Test(bond_proc, no_monitor)
{
	struct rig r;

	/* without miimon or arp_interval every slave is up whatever its carrier */
	rig_build(&r, "mode=balance-rr");
	expect_dump(&r, VERSION_LINE
		    "Bonding Mode: load balancing (round-robin)\n"
		    "MII Status: up\n"
		    "MII Polling Interval (ms): 0\n"
		    "Up Delay (ms): 0\n"
		    "Down Delay (ms): 0\n"
		    "Peer Notification Delay (ms): 0\n"
		    ETH0_UP
		    ETH1_UP);
	rig_free(&r);
}

Test(bond_proc, active_backup_arp)
{
	struct rig r;

	/* the peers answer no ARP: dump before the monitor could miss a reply */
	rig_build_until(&r, "mode=active-backup arp_interval=100 "
			"arp_ip_target=10.0.0.1,10.0.0.2", 50 * SIM_MS);
	expect_dump(&r, VERSION_LINE
		    "Bonding Mode: fault-tolerance (active-backup)\n"
		    "Primary Slave: None\n"
		    "Currently Active Slave: eth0\n"
		    "MII Status: up\n"
		    "MII Polling Interval (ms): 0\n"
		    "Up Delay (ms): 0\n"
		    "Down Delay (ms): 0\n"
		    "Peer Notification Delay (ms): 0\n"
		    "ARP Polling Interval (ms): 100\n"
		    "ARP Missed Max: 2\n"
		    "ARP IP target/s (n.n.n.n form): 10.0.0.1, 10.0.0.2\n"
		    "NS IPv6 target/s (xx::xx form):\n"
		    ETH0_UP
		    ETH1_UP);
	rig_free(&r);
}

Test(bond_proc, ns_targets_in_kernel_ipv6_form)
{
	static const char *const addrs[] = {
		"2001:db8::1", "2001:db8:0:1:0:0:0:2", "2001:db8:0:0:1:0:0:1",
		"2001:db8:1:2:3:4:5:0", "2001:db8:1:2:3:4:0:0", "1:2:3:4:5:6:7:8",
		"::ffff:10.0.0.1", "fe80::200:5efe:a00:1", "::1",
	};
	/* %pI6c: the longest run of two or more zero words becomes "::" (the
	 * first of equal runs), v4-mapped and ISATAP end in dotted quad */
	static const char want[] = "NS IPv6 target/s (xx::xx form): 2001:db8::1, "
				   "2001:db8:0:1::2, 2001:db8::1:0:0:1, 2001:db8:1:2:3:4:5:0, "
				   "2001:db8:1:2:3:4::, 1:2:3:4:5:6:7:8, ::ffff:10.0.0.1, "
				   "fe80::200:5efe:10.0.0.1, ::1\n";
	struct bond_params *p;
	struct rig r;
	char *got;

	rig_build_until(&r, "mode=balance-rr arp_interval=1000 arp_ip_target=192.168.1.254 "
			"arp_missed_max=5", 50 * SIM_MS);
	p = &r.bond->params;
	for (guint i = 0; i < G_N_ELEMENTS(addrs); i++)
		cr_assert_eq(inet_pton(AF_INET6, addrs[i], p->ns_targets[i]), 1);
	p->ns_targets_count = G_N_ELEMENTS(addrs);
	got = rig_dump(&r);
	cr_assert(strstr(got, "\nPeer Notification Delay (ms): 0\n"
			 "ARP Polling Interval (ms): 1000\n"
			 "ARP Missed Max: 5\n"
			 "ARP IP target/s (n.n.n.n form): 192.168.1.254\n"), "%s", got);
	cr_assert(strstr(got, want), "%s", got);
	g_free(got);
	rig_free(&r);
}

Test(bond_proc, link_failure)
{
	struct rig r;

	rig_build(&r, "mode=active-backup miimon=100");
	link_set_up(r.link[0], false);
	sim_run(r.sim, 2 * SIM_S);
	expect_dump(&r, VERSION_LINE
		    "Bonding Mode: fault-tolerance (active-backup)\n"
		    "Primary Slave: None\n"
		    "Currently Active Slave: eth1\n"
		    MII_100
		    "\n"
		    "Slave Interface: eth0\n"
		    "MII Status: down\n"
		    "Speed: Unknown\n"
		    "Duplex: Unknown\n"
		    "Link Failure Count: 1\n"
		    "Permanent HW addr: 52:54:00:12:34:56\n"
		    "Slave queue ID: 0\n"
		    ETH1_UP);

	/* back up: the count stays */
	link_set_up(r.link[0], true);
	sim_run(r.sim, 3 * SIM_S);
	expect_dump(&r, VERSION_LINE
		    "Bonding Mode: fault-tolerance (active-backup)\n"
		    "Primary Slave: None\n"
		    "Currently Active Slave: eth1\n"
		    MII_100
		    "\n"
		    "Slave Interface: eth0\n"
		    "MII Status: up\n"
		    "Speed: 1000 Mbps\n"
		    "Duplex: full\n"
		    "Link Failure Count: 1\n"
		    "Permanent HW addr: 52:54:00:12:34:56\n"
		    "Slave queue ID: 0\n"
		    ETH1_UP);
	rig_free(&r);
}

Test(bond_proc, all_links_down)
{
	struct rig r;
	char *got;

	rig_build(&r, "mode=balance-rr miimon=100");
	link_set_up(r.link[0], false);
	link_set_up(r.link[1], false);
	sim_run(r.sim, 2 * SIM_S);
	got = rig_dump(&r);
	cr_assert(strstr(got, "\nBonding Mode: load balancing (round-robin)\n"
			 "MII Status: down\n"), "%s", got);
	cr_assert(strstr(got, "Slave Interface: eth1\nMII Status: down\nSpeed: Unknown\n"
			 "Duplex: Unknown\nLink Failure Count: 1\n"), "%s", got);
	g_free(got);
	rig_free(&r);
}

Test(bond_proc, going_down_and_going_back)
{
	struct rig r;
	char *got;

	rig_build(&r, "mode=balance-rr miimon=100 downdelay=500 updelay=500");
	link_set_up(r.link[0], false);
	sim_run(r.sim, 1 * SIM_S + 250 * SIM_MS);
	got = rig_dump(&r);
	cr_assert(strstr(got, "Up Delay (ms): 500\nDown Delay (ms): 500\n"), "%s", got);
	/* within downdelay: the kernel's BOND_LINK_FAIL, carrier already gone */
	cr_assert(strstr(got, "Slave Interface: eth0\nMII Status: going down\n"
			 "Speed: Unknown\nDuplex: Unknown\nLink Failure Count: 0\n"), "%s", got);
	g_free(got);

	sim_run(r.sim, 2 * SIM_S);
	link_set_up(r.link[0], true);
	sim_run(r.sim, 2 * SIM_S + 250 * SIM_MS);
	got = rig_dump(&r);
	/* within updelay: BOND_LINK_BACK, carrier and speed already back */
	cr_assert(strstr(got, "Slave Interface: eth0\nMII Status: going back\n"
			 "Speed: 1000 Mbps\nDuplex: full\nLink Failure Count: 1\n"), "%s", got);
	g_free(got);
	rig_free(&r);
}

/* balance-tlb and balance-alb: the primary lines (bond_uses_primary), no hash policy. */
Test(bond_proc, balance_tlb)
{
	struct rig r;

	rig_build(&r, "mode=balance-tlb miimon=100");
	expect_dump(&r, VERSION_LINE
		    "Bonding Mode: transmit load balancing\n"
		    "Primary Slave: None\n"
		    "Currently Active Slave: eth0\n"
		    MII_100
		    ETH0_UP
		    ETH1_UP);
	rig_free(&r);
}

Test(bond_proc, balance_alb)
{
	struct rig r;

	rig_build(&r, "mode=balance-alb miimon=100");
	expect_dump(&r, VERSION_LINE
		    "Bonding Mode: adaptive load balancing\n"
		    "Primary Slave: None\n"
		    "Currently Active Slave: eth0\n"
		    MII_100
		    ETH0_UP
		    ETH1_UP);
	rig_free(&r);
}

/* tlb_dynamic_lb=0: transmit by the hash, so the policy is shown (bond_mode_uses_xmit_hash). */
Test(bond_proc, balance_tlb_static_hash)
{
	struct rig r;

	rig_build(&r, "mode=balance-tlb miimon=100 tlb_dynamic_lb=0 xmit_hash_policy=layer3+4");
	expect_dump(&r, VERSION_LINE
		    "Bonding Mode: transmit load balancing\n"
		    "Transmit Hash Policy: layer3+4 (1)\n"
		    "Primary Slave: None\n"
		    "Currently Active Slave: eth0\n"
		    MII_100
		    ETH0_UP
		    ETH1_UP);
	rig_free(&r);
}

/* A primary in balance-alb: named, with its reselect policy, as in active-backup. */
Test(bond_proc, balance_alb_primary)
{
	struct rig r;

	rig_build(&r, "mode=balance-alb miimon=100 primary=eth1");
	expect_dump(&r, VERSION_LINE
		    "Bonding Mode: adaptive load balancing\n"
		    "Primary Slave: eth1 (primary_reselect always)\n"
		    "Currently Active Slave: eth1\n"
		    MII_100
		    ETH0_UP
		    ETH1_UP);
	rig_free(&r);
}
