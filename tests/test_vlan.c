/*
 * test_vlan.c - VLAN devices on hosts (models/link/vlan_dev.c, cli/scenario_vlan.c).
 *
 * Two hosts cabled back to back, so that nothing between them looks at
 * the tags: what is asserted is what the hosts put on the wire and take
 * off it.
 */
#include <criterion/criterion.h>
#include <glib/gstdio.h>
#include "world.h"
#include "report.h"
#include "ini_tmp.h"
#include "bond/bond.h"
#include "link/vlan_dev.h"
#include "link/link.h"
#include "host/host.h"
#include "wire/wire.h"

static struct world *load(const char *text, char **msg)
{
	char *path = ini_tmp(text);
	struct world_options opt = { .seed_set = true, .seed = 1 };
	GError *err = NULL;
	struct world *w = world_load(path, &opt, &err);

	*msg = err ? g_strdup(err->message) : NULL;
	g_clear_error(&err);
	g_unlink(path);
	g_free(path);
	return w;
}

static struct world *run(const char *text)
{
	char *msg = NULL;
	struct world *w = load(text, &msg);

	cr_assert_not_null(w, "%s", msg ? msg : "");
	world_run(w);
	return w;
}

static struct world_host *host(const struct world *w, const char *name)
{
	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);

		if (strcmp(h->name, name) == 0)
			return h;
	}
	cr_assert_fail("no host %s", name);
	return NULL;
}

static struct netdev *dev(const struct world *w, const char *h, const char *name)
{
	struct world_host *wh = host(w, h);
	struct vlan_dev *v = world_find_vlan(wh, name);
	struct bond *b = world_find_bond(wh, name);

	if (v)
		return &v->dev;
	if (b)
		return &b->dev;
	for (guint i = 0; i < wh->nics->len; i++) {
		struct nic *n = g_ptr_array_index(wh->nics, i);

		if (strcmp(n->dev.name, name) == 0)
			return &n->dev;
	}
	cr_assert_fail("no device %s.%s", h, name);
	return NULL;
}

/* A bond of two on each host, two VLANs on each bond, a flow in each VLAN. */
#define TWO_VLANS(opts)                                                                  \
	"[sim]\nduration = 1s\n"                                                         \
	"[host a]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\noptions bond0 = " opts "\n" \
	"vlan bond0.100 = bond0 100\nvlan bond0.101 = bond0 101\n"                       \
	"ip bond0.100 = 10.0.100.1/24\nip bond0.101 = 10.0.101.1/24\n"                   \
	"[host b]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\noptions bond0 = " opts "\n" \
	"vlan bond0.100 = bond0 100\nvlan bond0.101 = bond0 101\n"                       \
	"ip bond0.100 = 10.0.100.2/24\nip bond0.101 = 10.0.101.2/24\n"                   \
	"[links]\na.eth0 = b.eth0\na.eth1 = b.eth1\n"                                    \
	"[flow v100]\nfrom = a\nto = 10.0.100.2\nrate = 8M\nsize = 1000\nstart = 0.2s\n"  \
	"[flow v101]\nfrom = a\nto = 10.0.101.2\nrate = 8M\nsize = 1000\nstart = 0.2s\n"

/*
 * vlan+srcmac hashes the VLAN device's tag, which rides outside the bytes
 * (vid ^ the MAC's two halves): the bond's MAC is the same for both VLANs,
 * so VLAN 100 and VLAN 101 leave by different slaves, every frame of each.
 */
Test(vlan, vlan_srcmac_puts_each_vlan_on_its_own_slave)
{
	struct world *w = run(TWO_VLANS("mode=balance-xor xmit_hash_policy=vlan+srcmac miimon=100"));
	struct netdev *e0 = dev(w, "a", "eth0"), *e1 = dev(w, "a", "eth1");
	struct netdev *v100 = dev(w, "a", "bond0.100"), *v101 = dev(w, "a", "bond0.101");
	const uint8_t *mac = dev(w, "a", "bond0")->mac;
	uint32_t halves = ((uint32_t)mac[0] << 16 | mac[1] << 8 | mac[2]) ^
			  ((uint32_t)mac[3] << 16 | mac[4] << 8 | mac[5]);

	/* 02:00:00:01:00:01: 0x030001 ^ 100 is odd (eth1), ^ 101 even (eth0) */
	cr_assert_eq(halves, 0x030001);
	/* 779 datagrams of 1028 IP bytes a flow, and the ARP request before them */
	cr_assert_eq(v100->stats.tx_packets, 780);
	cr_assert_eq(v101->stats.tx_packets, 780);
	cr_assert_eq(dev(w, "b", "bond0.100")->stats.rx_packets, 780);
	cr_assert_eq(dev(w, "b", "bond0.101")->stats.rx_packets, 780);
	/* the VLAN device counts the frame it was given, the NIC the tag too */
	cr_assert_eq(v100->stats.tx_bytes, 779 * 1042 + 42);
	cr_assert_eq(e1->stats.tx_packets, 780);
	cr_assert_eq(e1->stats.tx_bytes, 780 * 4 + 779 * 1042 + 42);
	cr_assert_eq(e0->stats.tx_packets, 780);
	cr_assert_eq(bond_slave_flow_frames(bond_slave(world_find_bond(host(w, "a"), "bond0"), 1),
					    1),
		     779);
	world_free(w);
}

/* layer2 hashes the bytes, which carry no tag at the bond: one slave for both. */
Test(vlan, layer2_does_not_see_the_tag)
{
	struct world *w = run(TWO_VLANS("mode=balance-xor xmit_hash_policy=layer2 miimon=100"));
	struct netdev *e0 = dev(w, "a", "eth0"), *e1 = dev(w, "a", "eth1");

	/* dst[5] ^ src[5] ^ the type's low byte: 0x02 ^ 0x01 ^ 0x00 is odd for
	 * every datagram of both VLANs, 0xff ^ 0x01 ^ 0x06 even for the two
	 * broadcast ARP requests */
	cr_assert_eq(e1->stats.tx_packets, 1558);
	cr_assert_eq(e0->stats.tx_packets, 2);
	world_free(w);
}

/* The bond takes its first slave's MAC at enslave: its VLAN devices follow. */
Test(vlan, the_vlan_device_follows_the_bond_mac)
{
	struct world *w = run(TWO_VLANS("mode=active-backup miimon=100"));

	cr_assert(mac_equal(dev(w, "a", "bond0.100")->mac, dev(w, "a", "eth0")->mac));
	cr_assert(mac_equal(dev(w, "a", "bond0.101")->mac, dev(w, "a", "bond0")->mac));
	cr_assert(dev(w, "a", "bond0.100")->carrier);
	world_free(w);
}

/*
 * A tagged frame for a VID with no VLAN device on the bond, which has no
 * address itself: dropped there as unknown_vlan, and the flow's packets
 * are placed there.
 */
Test(vlan, a_vid_nobody_has_is_dropped_as_unknown_vlan)
{
	struct world *w = run("[sim]\nduration = 2500ms\n"
			      "[host a]\nnics = eth0 eth1\nvlan eth0.100 = eth0 100\n"
			      "vlan eth0.200 = eth0 200\n"
			      "ip eth0.100 = 10.0.100.1/24\nip eth0.200 = 10.0.200.1/24\n"
			      "[host b]\nnics = eth0\nvlan eth0.100 = eth0 100\n"
			      "ip eth0.100 = 10.0.100.2/24\n"
			      "[host c]\nnics = eth0\nvlan eth0.200 = eth0 200\n"
			      "ip eth0.200 = 10.0.200.2/24\n"
			      "[links]\na.eth0 = b.eth0\na.eth1 = c.eth0\n"
			      "[flow f]\nfrom = a\nto = 10.0.200.2\nrate = 8M\nsize = 1000\n");

	/* c, the flow's receiver, is on a's other cable: in VLAN 200 on eth0
	 * nobody answers, and the broadcast requests (at 0, 1 and 2 s) die at b */
	cr_assert_eq(dev(w, "b", "eth0")->drops[DROP_UNKNOWN_VLAN], 3);
	cr_assert_eq(dev(w, "b", "eth0.100")->stats.rx_packets, 0);
	cr_assert_eq(dev(w, "a", "eth0.200")->stats.tx_packets, 3);
	world_free(w);
}

/* Bad VLAN lines: refused at their line with what is valid. */
Test(vlan, bad_lines_are_refused_at_their_line)
{
	static const char *const cases[][2] = {
		{ "vlan bond0.0 = bond0 0", ":4: VLAN id: '0' is not a whole number from 1 to 4094" },
		{ "vlan bond0.4095 = bond0 4095", ":4: VLAN id: '4095' is not a whole number from 1 to 4094" },
		{ "vlan v = bond0", ":4: vlan v = bond0: write the device it is on and its VLAN id" },
		{ "vlan eth0.5 = eth0 5", ":4: vlan eth0.5 on eth0, a slave of bond0" },
		{ "vlan x.5 = bond1 5", ":4: unknown device for a VLAN on host 'bond1'" },
		{ "vlan bond0.5 = bond0 5\nvlan v5 = bond0 5", ":5: bond0 already has VLAN 5 (bond0.5)" },
		{ "vlan bond0.5 = bond0 5\nvlan q = bond0.5 7", ":5: vlan q on bond0.5, itself a VLAN" },
		{ "vlan bond0 = eth0 5", ":4: host a already has an interface bond0" },
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *text = g_strdup_printf("[host a]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n%s\n",
					     cases[i][0]);
		char *msg = NULL;
		struct world *w = load(text, &msg);

		cr_assert_null(w, "%s", cases[i][0]);
		cr_assert(strstr(msg, cases[i][1]), "%s: %s", cases[i][0], msg);
		g_free(msg);
		g_free(text);
	}
}

/*
 * The ARP monitor of a bond whose address is on a VLAN device above it
 * (bond_verify_device_path()): probes leave tagged, from that address,
 * and the tagged replies keep the active slave up.  The backup hears
 * nothing on a back-to-back cable (the peer's backup sends nothing) and
 * goes down after arp_interval x (missed_max + 1) ticks.
 */
Test(vlan, the_arp_monitor_probes_through_the_vlan_device)
{
	struct world *w = run("[sim]\nduration = 1s\n"
			      "[host a]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
			      "options bond0 = mode=active-backup arp_interval=100 "
			      "arp_ip_target=10.0.100.2 arp_validate=active\nopen_at bond0 = 0s\n"
			      "vlan bond0.100 = bond0 100\nip bond0.100 = 10.0.100.1/24\n"
			      "[host b]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
			      "options bond0 = mode=active-backup miimon=100\nopen_at bond0 = 0s\n"
			      "vlan bond0.100 = bond0 100\nip bond0.100 = 10.0.100.2/24\n"
			      "[links]\na.eth0 = b.eth0\na.eth1 = b.eth1\n");
	struct bond *b = world_find_bond(host(w, "a"), "bond0");

	/* one probe a tick (0 to 900 ms), each answered through b's VLAN device */
	cr_assert_eq(dev(w, "b", "bond0.100")->stats.rx_packets, 10);
	cr_assert_eq(dev(w, "b", "bond0.100")->stats.tx_packets, 10);
	cr_assert_eq(host(w, "b")->host->arp_stats.requests_received, 10);
	cr_assert_eq(dev(w, "a", "bond0.100")->stats.rx_packets, 10);
	cr_assert_eq(b->curr_active, bond_slave(b, 0));
	cr_assert_eq(bond_slave(b, 0)->link, BOND_LINK_UP);
	cr_assert_eq(bond_slave(b, 1)->link, BOND_LINK_DOWN);
	world_free(w);
}

/*
 * balance-alb's learning packets (alb_send_learning_packets()) go once
 * untagged and once in each VLAN of the bond's VLAN devices: b hears both
 * on eth0, the untagged one dying there (no address on eth0), the tagged
 * one in eth0.100 (nothing takes type 0x9000).
 */
Test(vlan, alb_learning_packets_go_in_every_vlan)
{
	struct world *w = run("[sim]\nduration = 1s\n"
			      "[host a]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
			      "options bond0 = mode=balance-alb miimon=100\nopen_at bond0 = 0s\n"
			      "vlan bond0.100 = bond0 100\nip bond0.100 = 10.0.100.1/24\n"
			      "[host b]\nnics = eth0\nvlan eth0.100 = eth0 100\nip eth0.100 = 10.0.100.2/24\n"
			      "[host c]\nnics = eth0\nvlan eth0.100 = eth0 100\nip eth0.100 = 10.0.100.3/24\n"
			      "[links]\na.eth0 = b.eth0\na.eth1 = c.eth0\n"
			      "[flow ab]\nfrom = a\nto = 10.0.100.2\nrate = 1M\nstart = 0.3s\n");

	cr_assert_eq(dev(w, "b", "eth0")->drops[DROP_NO_HANDLER], 3);
	cr_assert_eq(dev(w, "b", "eth0.100")->drops[DROP_UNKNOWN_ETHERTYPE], 3);
	cr_assert_eq(dev(w, "c", "eth0")->drops[DROP_NO_HANDLER], 1);
	cr_assert_eq(dev(w, "c", "eth0.100")->drops[DROP_UNKNOWN_ETHERTYPE], 1);
	world_free(w);
}

/*
 * TCP Small Queues through a VLAN device: the 4 bytes the NIC inserts are
 * not refunded as if TCP had sent them, so the queue below TCP stays what
 * it is untagged (about two TSO bursts) instead of filling txqueuelen:
 * the RTT stays a millisecond and a bit, not 6 ms of queue.
 */
Test(vlan, tcp_small_queues_are_not_fooled_by_the_tag)
{
	struct world *w = run("[sim]\nduration = 2s\n"
			      "[host a]\nnics = eth0\nvlan eth0.100 = eth0 100\nip eth0.100 = 10.0.100.1/24\n"
			      "[host b]\nnics = eth0\nvlan eth0.100 = eth0 100\nip eth0.100 = 10.0.100.2/24\n"
			      "[links]\na.eth0 = b.eth0\n"
			      "[flow t]\ntype = tcp\nfrom = a\nto = 10.0.100.2\n");
	struct metrics m;
	const struct metric *srtt, *cwnd;

	metrics_init(&m);
	world_metrics(w, &m);
	srtt = metrics_find(&m, "flow.t.srtt_us");
	cwnd = metrics_find(&m, "flow.t.cwnd");
	cr_assert_not_null(srtt);
	cr_assert_not_null(cwnd);
	cr_assert_lt(srtt->value, 1500, "srtt %.0f us", srtt->value);
	cr_assert_lt(cwnd->value, 150, "cwnd %.0f", cwnd->value);
	metrics_fini(&m);
	world_free(w);
}

/*
 * A frame with two 802.1Q tags reaching a VLAN device of the outer one:
 * the inner tag stays a tag (QinQ is not modelled above a VLAN device),
 * so the stack drops it as unknown_vlan rather than reading the tag as an
 * IPv4 header.
 */
Test(vlan, an_inner_tag_is_not_read_as_ipv4)
{
	struct world *w = run("[sim]\nduration = 1ms\n"
			      "[host a]\nnics = eth0\n"
			      "[host b]\nnics = eth0\nvlan eth0.100 = eth0 100\nip eth0.100 = 10.0.100.2/24\n"
			      "[links]\na.eth0 = b.eth0\n");
	struct netdev *e0 = dev(w, "b", "eth0"), *v = dev(w, "b", "eth0.100");
	struct frame *f = frame_alloc(&w->sim->pool);
	uint8_t *p = frame_put(f, 64);

	memset(p, 0, 64);
	memcpy(p, e0->mac, 6);
	memcpy(p + 6, dev(w, "a", "eth0")->mac, 6);
	wire_wr16(p + 12, 0x8100);
	wire_wr16(p + 14, 100);
	wire_wr16(p + 16, 0x8100);
	wire_wr16(p + 18, 7);
	wire_wr16(p + 20, 0x0800);
	p[22] = 0x45;
	f->len = 64;
	netdev_rx(e0, f);
	cr_assert_eq(v->stats.rx_packets, 1);
	cr_assert_eq(v->drops[DROP_UNKNOWN_VLAN], 1);
	cr_assert_eq(host(w, "b")->host->ip_stats.bad_header, 0);
	cr_assert_eq(w->sim->pool.live, 0);
	world_free(w);
}
