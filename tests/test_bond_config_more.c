// SPDX-License-Identifier: MIT
/*
 * DOC: test_bond_config_more.c - systemd-networkd and ifupdown files, and the bonds they make
 *
 * The files are the ones the man pages and HOWTOs show (a .netdev with
 * Kind=bond and a .network with Bond=; an interfaces file with bond-slaves
 * or bond-master).  The tests check what the tool hands the kernel (units,
 * mode-only options) and every refusal, with its file:line.  Texts start at
 * line 10, as if inside a scenario file.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "conf_rig.h"

TestSuite(bond_config_more, .init = conf_setup, .fini = conf_teardown);

/* ---- systemd-networkd ---------------------------------------------------- */

static const char *const lacp_netdev =
	"[NetDev]\n"
	"Name=bond0\n"
	"Kind=bond\n"
	"\n"
	"[Bond]\n"
	"Mode=802.3ad\n"
	"TransmitHashPolicy=layer3+4\n"
	"LACPTransmitRate=fast\n"
	"MIIMonitorSec=100ms\n"
	"UpDelaySec=0.2\n"
	"DownDelaySec=1s 200ms\n";

static const char *const nics_network =
	"[Match]\n"
	"Name=eth1 eth0\n"
	"[Network]\n"
	"Bond=bond0\n"
	"PrimarySlave=yes\n";

Test(bond_config_more, networkd_lacp_bond)
{
	networkd("25-bond0.netdev", lacp_netdev);
	networkd("30-nics.network", nics_network);
	networkd("40-bond0.network", "[Match]\nName=bond0\n[Network]\nAddress=10.0.0.1/24\n");
	boot();

	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, BOND_MODE_8023AD);
	cr_assert_eq(b->params.miimon, 100);
	/* UpDelaySec=0.2: a bare number is seconds, 200 ms */
	cr_assert_eq(b->params.updelay, 200);
	cr_assert_eq(b->params.downdelay, 1200);
	cr_assert_eq(b->params.xmit_policy, 1);	/* layer3+4 */
	cr_assert_eq(b->params.lacp_rate, 1);
	/* PrimarySlave= becomes IFLA_BOND_PRIMARY, which 802.3ad refuses */
	cr_assert_str_eq(b->params.primary, "");
	{
		g_autofree char *w = all_warnings();

		cr_assert(strstr(w, "host.bsim:14: bond0: "), "%s", w);
	}
	/* networkd enslaves in link order; bondsim takes name order */
	assert_slaves(b, "eth0", "eth1");
	cr_assert_str_eq(b->ipaddr, "10.0.0.1");
	cr_assert_eq(b->prefix, 24);
	cr_assert_str_eq(b->file, FILE_NAME);
	cr_assert_eq(b->line, 11);
	/* the options line, mode and miimon first, primary (from PrimarySlave=) last */
	assert_warned("host.bsim:11: bond0: systemd-networkd hands the kernel: mode=802.3ad "
		      "miimon=100 xmit_hash_policy=layer3+4 lacp_rate=fast updelay=200 "
		      "downdelay=1200 resend_igmp=1 num_grat_arp=1 all_slaves_active=0 "
		      "primary=eth0 primary=eth1");
}

Test(bond_config_more, networkd_seconds_and_truncation)
{
	networkd("b.netdev", "[NetDev]\nName=bond1\nKind=bond\n[Bond]\nMode=active-backup\n"
		 "MIIMonitorSec=1\nUpDelaySec=2500us\n");
	networkd("b.network", "[Match]\nName=eth0\n[Network]\nBond=bond1\nPrimarySlave=true\n");
	boot();

	struct bond_conf *b = bond("bond1");

	cr_assert_str_eq(b->params.primary, "eth0");

	cr_assert_eq(b->params.mode, BOND_MODE_ACTIVEBACKUP);
	cr_assert_eq(b->params.miimon, 1000);
	/* 2500 us is sent as 2 ms, which the kernel rounds down to whole miimon ticks */
	cr_assert_eq(b->params.updelay, 0);
	assert_slaves(b, "eth0");
	cr_assert_null(b->ipaddr);
}

Test(bond_config_more, networkd_lacp_rate_only_in_8023ad)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMode=balance-xor\n"
		 "LACPTransmitRate=fast\nMIIMonitorSec=100ms\n");
	networkd("b.network", "[Match]\nName=eth0\n[Network]\nBond=bond0\n");
	boot();
	cr_assert_eq(bond("bond0")->params.lacp_rate, 0);
	cr_assert_eq(bond("bond0")->params.mode, BOND_MODE_XOR);
	assert_warned("host.bsim:15: bond0: networkd passes LACPTransmitRate= only with "
		      "Mode=802.3ad; not applied");
}

Test(bond_config_more, networkd_address_without_prefix_is_host)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n");
	networkd("b.network", "[Match]\nName=bond0\n[Network]\nAddress=10.0.0.1\n");
	boot();
	cr_assert_str_eq(bond("bond0")->ipaddr, "10.0.0.1");
	cr_assert_eq(bond("bond0")->prefix, 32);
	cr_assert_eq(bond("bond0")->params.mode, BOND_MODE_ROUNDROBIN);
}

Test(bond_config_more, networkd_first_network_file_wins)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n");
	networkd("c.netdev", "[NetDev]\nName=bond1\nKind=bond\n");
	networkd("10-a.network", "[Match]\nName=eth0\n[Network]\nBond=bond0\n");
	networkd("20-b.network", "[Match]\nName=eth0 eth1\n[Network]\nBond=bond1\n");
	boot();
	assert_slaves(bond("bond0"), "eth0");
	assert_slaves(bond("bond1"), "eth1");
	assert_warned("host.bsim:11: eth0 is matched by 10-a.network first; networkd ignores "
		      "20-b.network for it");
}

Test(bond_config_more, networkd_unknown_bond_key)
{
	networkd_fails_with("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMiimon=100\n",
			    "host.bsim:14: b.netdev: [Bond] Miimon= is not supported: write one of "
			    "Mode, TransmitHashPolicy, LACPTransmitRate, MIIMonitorSec, UpDelaySec, "
			    "DownDelaySec, PeerNotifyDelaySec, ARPIntervalSec, ARPIPTargets, "
			    "ARPValidate, ARPAllTargets, ARPMissedMax, PrimaryReselectPolicy, "
			    "AdSelect, AdActorSystemPriority, AdUserPortKey, AdActorSystem, "
			    "FailOverMACPolicy, ResendIGMP, PacketsPerSlave, GratuitousARP, "
			    "AllSlavesActive, DynamicTransmitLoadBalancing, MinLinks, "
			    "LearnPacketIntervalSec");
}

Test(bond_config_more, networkd_bad_mode)
{
	networkd_fails_with("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMode=4\n",
			    "host.bsim:14: Mode=4: write one of balance-rr, active-backup, "
			    "balance-xor, broadcast, 802.3ad, balance-tlb, balance-alb");
}

Test(bond_config_more, networkd_bad_time)
{
	networkd_fails_with("b.netdev", "[Bond]\nMIIMonitorSec=100 millis\n",
			    "host.bsim:11: MIIMonitorSec=100 millis is not a time span: write e.g. "
			    "MIIMonitorSec=100ms or 1s (a bare number is seconds)");
}

Test(bond_config_more, networkd_value_through_the_table)
{
	networkd_fails_with("b.netdev", "[Bond]\nMinLinks=99999999999\n",
			    "host.bsim:11: option min_links: invalid value (99999999999), out of "
			    "range; allowed values 0 - 2147483647");
}

Test(bond_config_more, networkd_bad_section_and_names)
{
	networkd_fails_with("b.network", "[Address]\nAddress=10.0.0.1/24\n",
			    "host.bsim:11: b.network: section [Address] is not supported in a "
			    ".network file: write one of Match, Link, Network, Route, DHCP");
	networkd_fails_with("bond0.conf", "", "host.bsim:10: networkd file 'bond0.conf': name "
			    "it NAME.netdev, NAME.network or NAME.link, e.g. 25-bond0.netdev");
	networkd_fails_with("b.netdev", "Name=bond0\n", "host.bsim:10: 'Name=bond0' is not "
			    "inside a section: write e.g. [Bond] then Mode=802.3ad");
}

Test(bond_config_more, networkd_bond_without_netdev)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n");
	networkd("b.network", "[Match]\nName=eth0\n[Network]\nBond=bond1\n");
	boot_fails_with("host.bsim:13: b.network: Bond=bond1: no .netdev file creates bond1 "
			"(bonds: bond0)");
}

/* Without the host's NICs a glob cannot be matched; an inverted list never is. */
Test(bond_config_more, networkd_glob_refused)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n");
	networkd("b.network", "[Match]\nName=eth*\n[Network]\nBond=bond0\n");
	boot_fails_with("host.bsim:11: b.network: Name=eth*: a glob needs the host's NICs to "
			"match: explain a scenario whose [host] lists them (nics = eth0 eth1), or "
			"list the names, e.g. Name=eth0 eth1");
}

Test(bond_config_more, networkd_inverted_list_refused)
{
	static const char *const nics[] = { "eth0", "eth1", NULL };

	set->nics = nics;
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n");
	networkd("b.network", "[Match]\nName=!eth0\n[Network]\nBond=bond0\n");
	boot_fails_with("host.bsim:11: b.network: Name=!eth0: bondsim takes names and globs (en*), "
			"not an inverted list; list them, e.g. Name=eth0 eth1");
}

/* A shell glob matches the host's NICs as networkd's fnmatch() does. */
Test(bond_config_more, networkd_glob_matches_the_hosts_nics)
{
	static const char *const nics[] = { "enp1s0", "enp2s0", "eno1", NULL };
	const struct bond_conf *b;

	set->nics = nics;
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMode=active-backup\n");
	networkd("b.network", "[Match]\nName=enp*\n[Network]\nBond=bond0\n");
	networkd("c.network", "[Match]\nName=wl*\n[Network]\nBond=bond0\n");
	boot();
	b = bond("bond0");
	cr_assert_eq(b->slaves->len, 2);
	cr_expect_str_eq(g_ptr_array_index(b->slaves, 0), "enp1s0");
	cr_expect_str_eq(g_ptr_array_index(b->slaves, 1), "enp2s0");
	bool said = false;

	for (guint i = 0; i < set->warnings->len; i++)
		said = said || !strcmp(set->warnings->pdata[i], "host.bsim:11: c.network: Name=wl* "
				       "matches none of the host's interfaces");
	cr_expect(said, "no warning for Name=wl*");
	set->nics = NULL;
}

/*
 * systemd's conf-parser hands each assignment to the key's parser in
 * order: a single value is overwritten, so the last Mode= is the one sent;
 * bondsim says so at the first, naming the second.
 */
Test(bond_config_more, networkd_key_given_twice_the_last_wins_and_is_said)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMode=active-backup\n"
		 "MIIMonitorSec=100ms\nMode=balance-rr\n");
	networkd("b.network", "[Match]\nName=eth0\n[Network]\nBond=bond0\n");
	boot();
	cr_assert_eq(bond("bond0")->params.mode, BOND_MODE_ROUNDROBIN);
	assert_warned("host.bsim:14: b.netdev: [Bond] Mode= given again at host.bsim:16 "
		      "(Mode=balance-rr): the last one is what networkd uses");
	assert_warned("host.bsim:11: bond0: systemd-networkd hands the kernel: mode=balance-rr "
		      "miimon=100 resend_igmp=1 num_grat_arp=1 all_slaves_active=0 "
		      "packets_per_slave=1");
}

/* Bond= and PrimarySlave= are single values too; the last Bond= names the bond. */
Test(bond_config_more, networkd_network_key_given_twice)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMode=active-backup\n");
	networkd("c.netdev", "[NetDev]\nName=bond1\nKind=bond\n[Bond]\nMode=active-backup\n");
	networkd("b.network", "[Match]\nName=eth0\n[Network]\nBond=bond0\nPrimarySlave=yes\n"
		 "Bond=bond1\nPrimarySlave=no\n");
	boot();
	assert_slaves(bond("bond1"), "eth0");
	cr_assert_eq(bond("bond0")->slaves->len, 0);
	cr_assert_str_eq(bond("bond1")->params.primary, "");
	assert_warned("host.bsim:13: b.network: [Network] Bond= given again at host.bsim:15 "
		      "(Bond=bond1): the last one is what networkd uses");
	assert_warned("host.bsim:14: b.network: [Network] PrimarySlave= given again at "
		      "host.bsim:16 (PrimarySlave=no): the last one is what networkd uses");
}

/* An empty Bond= resets it (config_parse_ifname): the link is no slave. */
Test(bond_config_more, networkd_empty_bond_resets)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n");
	networkd("b.network", "[Match]\nName=eth0\n[Network]\nBond=bond0\nBond=\n");
	boot();
	cr_assert_eq(bond("bond0")->slaves->len, 0);
}

/* config_parse_bool ignores a bad value and keeps the one before: bondsim refuses it. */
Test(bond_config_more, networkd_primary_slave_not_boolean)
{
	networkd_fails_with("b.network", "[Match]\nName=eth0\n[Network]\nPrimarySlave=maybe\n",
			    "host.bsim:13: PrimarySlave=maybe is "
			    "not a boolean: write yes or no");
}

/* config_parse_netdev_kind() keeps the first Kind= and ignores a different later one. */
Test(bond_config_more, networkd_first_kind_wins)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\nKind=bridge\n");
	networkd("b.network", "[Match]\nName=eth0\n[Network]\nBond=bond0\n");
	boot();
	assert_slaves(bond("bond0"), "eth0");
	assert_warned("host.bsim:12: b.netdev: [NetDev] Kind= given again at host.bsim:13 "
		      "(Kind=bridge): the first one is what networkd uses");
}

/*
 * ARPIPTargets= is a list (config_parse_arp_ip_target_address): each line
 * adds, a duplicate is ignored, an empty line empties it.  No warning for
 * the second line.
 */
Test(bond_config_more, networkd_arp_targets_accumulate)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMode=active-backup\n"
		 "ARPIntervalSec=200ms\nARPIPTargets=10.0.0.9\nARPIPTargets=\n"
		 "ARPIPTargets=10.0.0.1 10.0.0.2\nARPIPTargets=10.0.0.3 10.0.0.1\n");
	networkd("b.network", "[Match]\nName=eth0\n[Network]\nBond=bond0\n");
	boot();

	const struct bond_params *p = &bond("bond0")->params;

	cr_assert_eq(p->arp_targets_count, 3);
	assert_warned("host.bsim:19: bond0: networkd ignores ARPIPTargets=10.0.0.1 here: "
		      "already given at host.bsim:18");
	assert_warned("host.bsim:11: bond0: systemd-networkd hands the kernel: "
		      "mode=active-backup arp_interval=200 arp_ip_target=10.0.0.1 "
		      "arp_ip_target=10.0.0.2 arp_ip_target=10.0.0.3 lp_interval=1 resend_igmp=1 "
		      "num_grat_arp=1 all_slaves_active=0");
	{
		g_autofree char *w = all_warnings();

		cr_assert_null(strstr(w, "ARPIPTargets= given again"), "%s", w);
	}
}

/* networkd keeps 16 ARP targets, the kernel's most, and ignores the 17th. */
Test(bond_config_more, networkd_arp_targets_at_most_16)
{
	g_autoptr(GString) t = g_string_new("[NetDev]\nName=bond0\nKind=bond\n[Bond]\n"
					    "Mode=active-backup\nARPIntervalSec=1s\n");

	for (int i = 1; i <= 17; i++)
		g_string_append_printf(t, "ARPIPTargets=10.0.0.%d\n", i);
	networkd("b.netdev", t->str);
	boot();
	cr_assert_eq(bond("bond0")->params.arp_targets_count, 16);
	assert_warned("host.bsim:32: bond0: networkd ignores ARPIPTargets=10.0.0.17: it keeps "
		      "16 ARP targets at most");
}

/* [Match] Name= adds to the list; an empty one empties it. */
Test(bond_config_more, networkd_match_names_accumulate)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n");
	networkd("b.network", "[Match]\nName=eth5\nName=\nName=eth0\nName=eth1\n"
		 "[Network]\nBond=bond0\n");
	boot();
	assert_slaves(bond("bond0"), "eth0", "eth1");
}

/* Address= adds an address (an empty one clears them): bondsim takes one. */
Test(bond_config_more, networkd_second_address_refused)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n");
	networkd("b.network", "[Match]\nName=bond0\n[Network]\nAddress=10.0.0.9/24\nAddress=\n"
		 "Address=10.0.0.1/24\n");
	boot();
	cr_assert_str_eq(bond("bond0")->ipaddr, "10.0.0.1");
	bond_conf_set_free(set);
	set = bond_conf_set_new();
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n");
	networkd("b.network", "[Match]\nName=bond0\n[Network]\nAddress=10.0.0.1/24\n"
		 "Address=10.0.0.2/24\n");
	boot_fails_with("host.bsim:14: b.network: a second Address= (10.0.0.2/24, after "
			"10.0.0.1/24 at line 13): networkd gives bond0 both; bondsim gives an "
			"interface one IPv4 address");
}

/* ---- ifupdown ------------------------------------------------------------ */

Test(bond_config_more, interfaces_bond_slaves)
{
	interfaces("auto bond0\n"
		   "iface bond0 inet static\n"
		   "    address 192.168.1.10\n"
		   "    netmask 255.255.255.0\n"
		   "    gateway 192.168.1.1\n"
		   "    bond-slaves eth1 eth0\n"
		   "    bond-mode active-backup\n"
		   "    bond-miimon 100\n"
		   "    bond-updelay 200\n"
		   "    bond-downdelay 200\n"
		   "    bond-primary eth0\n");
	boot();

	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, BOND_MODE_ACTIVEBACKUP);
	cr_assert_eq(b->params.miimon, 100);
	cr_assert_eq(b->params.updelay, 200);
	cr_assert_eq(b->params.downdelay, 200);
	cr_assert_str_eq(b->params.primary, "eth0");
	assert_slaves(b, "eth1", "eth0");
	cr_assert_str_eq(b->ipaddr, "192.168.1.10");
	cr_assert_eq(b->prefix, 24);
	cr_assert_eq(b->line, 11);
	assert_warned("host.bsim:14: bond0: 'gateway' is not modelled; ignored");
}

Test(bond_config_more, interfaces_bond_master)
{
	interfaces("auto eth0\n"
		   "iface eth0 inet manual\n"
		   "    bond-master bond0\n"
		   "auto eth1\n"
		   "iface eth1 inet manual\n"
		   "    bond-master bond0\n"
		   "auto bond0\n"
		   "iface bond0 inet static\n"
		   "    address 10.0.0.1/24\n"
		   "    bond-slaves none\n"
		   "    bond-mode 4\n"
		   "    bond-miimon 100\n"
		   "    bond-lacp-rate fast\n"
		   "    bond-xmit-hash-policy layer2+3\n");
	boot();

	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, BOND_MODE_8023AD);
	cr_assert_eq(b->params.miimon, 100);
	cr_assert_eq(b->params.lacp_rate, 1);
	cr_assert_eq(b->params.xmit_policy, 2);	/* layer2+3 */
	assert_slaves(b, "eth0", "eth1");
	cr_assert_str_eq(b->ipaddr, "10.0.0.1");
	cr_assert_eq(b->prefix, 24);
}

/*
 * ifupdown 0.8 takes an option given twice in a stanza and joins the lines
 * with a newline (IF_BOND_MODE="active-backup\nbalance-rr"); ifenslave
 * echoes that into the sysfs file and the kernel reads up to the newline.
 */
Test(bond_config_more, interfaces_option_twice_the_first_wins)
{
	interfaces("auto bond0\n"
		   "iface bond0 inet manual\n"
		   "    bond-slaves eth0\n"
		   "    bond-mode active-backup\n"
		   "    bond-miimon 100\n"
		   "    bond-mode balance-rr\n");
	boot();
	cr_assert_eq(bond("bond0")->params.mode, BOND_MODE_ACTIVEBACKUP);
	assert_warned("host.bsim:13: bond0: bond-mode given again at host.bsim:15 "
		      "(bond-mode balance-rr): ifupdown joins the lines with a newline and the "
		      "kernel reads the value up to it: the first one is what the kernel gets");
	/* in the order ifenslave's hook writes: miimon before mode */
	assert_warned("host.bsim:11: bond0: ifupdown hands the kernel: miimon=100 "
		      "mode=active-backup");
}

/* The lists ifenslave splits into words take every line: bond-slaves, bond-arp-ip-target. */
Test(bond_config_more, interfaces_list_options_twice_add_up)
{
	interfaces("auto bond0\n"
		   "iface bond0 inet manual\n"
		   "    bond-slaves eth1\n"
		   "    bond-mode active-backup\n"
		   "    bond-arp-interval 200\n"
		   "    bond-arp-ip-target 10.0.0.1 10.0.0.2\n"
		   "    bond-slaves eth0\n"
		   "    bond-arp-ip-target 10.0.0.3 10.0.0.1\n");
	boot();

	struct bond_conf *b = bond("bond0");

	assert_slaves(b, "eth1", "eth0");
	cr_assert_eq(b->params.arp_targets_count, 3);
	assert_warned("host.bsim:17: bond0: bond-arp-ip-target 10.0.0.1 is already given at "
		      "host.bsim:15: ifenslave does not add it again");
	{
		g_autofree char *w = all_warnings();

		cr_assert_null(strstr(w, "given again"), "%s", w);
	}
}

/* "none" is bond-slaves' keyword only as its whole value; beside a name it is a name. */
Test(bond_config_more, interfaces_slaves_none_and_a_name)
{
	interfaces("auto bond0\n"
		   "iface bond0 inet manual\n"
		   "    bond-slaves none\n"
		   "    bond-mode active-backup\n"
		   "    bond-slaves eth0\n");
	boot();
	assert_slaves(bond("bond0"), "eth0");
	assert_warned("host.bsim:12: bond0: bond-slaves holds 'none' beside other names: "
		      "ifenslave takes it for an interface, fails to enslave it and goes on");
}

/* bond-primary: the first of its names, over every line, that is a slave. */
Test(bond_config_more, interfaces_primary_first_name_that_is_a_slave)
{
	interfaces("auto bond0\n"
		   "iface bond0 inet manual\n"
		   "    bond-slaves eth1 eth0\n"
		   "    bond-mode active-backup\n"
		   "    bond-primary eth9\n"
		   "    bond-primary eth0 eth1\n");
	boot();
	cr_assert_str_eq(bond("bond0")->params.primary, "eth0");
	bond_conf_set_free(set);
	set = bond_conf_set_new();
	interfaces("auto bond0\n"
		   "iface bond0 inet manual\n"
		   "    bond-slaves eth1 eth0\n"
		   "    bond-mode active-backup\n"
		   "    bond-primary eth9 eth8\n");
	boot();
	cr_assert_str_eq(bond("bond0")->params.primary, "");
	assert_warned("host.bsim:14: bond0: no name in bond-primary is a slave of it; "
		      "ifenslave writes no primary");
}

/* bond-master twice: ifenslave's "ifquery -l" finds no master of that name and ifup fails. */
Test(bond_config_more, interfaces_master_twice_joins_no_bond)
{
	interfaces("auto eth0\n"
		   "iface eth0 inet manual\n"
		   "    bond-master bond0\n"
		   "    bond-master bond0\n"
		   "auto eth1\n"
		   "iface eth1 inet manual\n"
		   "    bond-master bond0\n"
		   "auto bond0\n"
		   "iface bond0 inet manual\n"
		   "    bond-slaves none\n"
		   "    bond-mode active-backup\n");
	boot();
	assert_slaves(bond("bond0"), "eth1");
	assert_warned("host.bsim:12: eth0: bond-master given again at host.bsim:13 "
		      "(bond-master bond0): ifupdown joins the lines with a newline, ifenslave "
		      "finds no iface of that name and fails, so ifup eth0 fails and it joins "
		      "no bond");
}

Test(bond_config_more, interfaces_unknown_bond_option)
{
	GError *err = NULL;

	cr_assert_not(bond_conf_parse_interfaces(set, "iface bond0 inet manual\n"
						 "    bond-mimon 100\n", FILE_NAME, 10, &err));
	cr_assert(g_str_has_prefix(err->message, "host.bsim:11: bond0: 'bond-mimon' is not a "
				   "bonding option ifenslave knows: write one of bond-slaves, "
				   "bond-master, bond-mode, bond-miimon, "), "%s", err->message);
	g_error_free(err);
}

Test(bond_config_more, interfaces_bad_values)
{
	interfaces_fails_with("iface bond0 inet manual\n    bond-mode fast\n",
			      "host.bsim:11: option mode: invalid value (fast); valid values: "
			      "balance-rr or 0, active-backup or 1, balance-xor or 2, broadcast or 3, "
			      "802.3ad or 4, balance-tlb or 5, balance-alb or 6");
}

Test(bond_config_more, interfaces_address_needs_prefix)
{
	interfaces_fails_with("auto bond0\niface bond0 inet static\n  address 10.0.0.1\n"
			      "  bond-slaves eth0\n",
			      "host.bsim:12: address 10.0.0.1 has no prefix length: write address "
			      "10.0.0.1/24, or add a netmask line");
}

Test(bond_config_more, interfaces_not_auto)
{
	interfaces("iface bond0 inet manual\n    bond-slaves eth0\n    bond-mode 1\n");
	boot();
	cr_assert_null(bond_conf_find(set, "bond0"));
	assert_warned("host.bsim:10: bond0: no auto or allow- line brings it or its slaves up; "
		      "not created at boot (add 'auto BOND')");
}

Test(bond_config_more, interfaces_master_without_stanza)
{
	interfaces_fails_with("auto eth0\niface eth0 inet manual\n    bond-master bond9\n",
			      "host.bsim:12: bond-master bond9: there is no 'iface bond9' stanza; "
			      "ifenslave enslaves into a bond configured in this file");
}

Test(bond_config_more, interfaces_outside_stanza)
{
	interfaces_fails_with("bond-mode 1\n", "host.bsim:10: 'bond-mode' is outside any iface "
			      "stanza: options follow an 'iface NAME inet METHOD' line");
}

Test(bond_config_more, interfaces_unknown_family_or_method)
{
	interfaces_fails_with("auto bond0\niface bond0 inet statik\n    bond-mode 1\n",
			      "host.bsim:11: unknown method 'statik' for inet (ifup would read "
			      "nothing of the file): write one of loopback, static, manual, dhcp, "
			      "bootp, tunnel, ppp, wvdial, ipv4ll");
	interfaces_fails_with("iface bond0 inet4 static\n",
			      "host.bsim:10: unknown address family 'inet4': write inet, inet6, "
			      "can or ipx");
	interfaces_fails_with("iface bond0 inet6 dhcp6\n",
			      "host.bsim:10: unknown method 'dhcp6' for inet6 (ifup would read "
			      "nothing of the file): write one of auto, loopback, static, manual, "
			      "dhcp, v4tunnel, 6to4");
}

/* ---- NetworkManager keyfiles -------------------------------------------- */

static const char *const nm_port1 =
	"[connection]\nid=p1\ntype=ethernet\ninterface-name=eth1\ncontroller=bond0\n"
	"port-type=bond\n";
static const char *const nm_port2 =
	"[connection]\nid=p2\ntype=ethernet\ninterface-name=eth0\nmaster=b0\nslave-type=bond\n";

Test(bond_config_more, nm_lacp_bond)
{
	nm("bond0.nmconnection", "[connection]\nid=b0\ntype=bond\ninterface-name=bond0\n"
	   "[bond]\nmode=802.3ad\nmiimon=200\nupdelay=400\nlacp_rate=fast\n"
	   "xmit_hash_policy=layer2+3\n[ipv4]\nmethod=manual\naddress1=10.0.0.1/24,10.0.0.254\n");
	nm("p1.nmconnection", nm_port1);
	nm("p2.nmconnection", nm_port2);
	boot();

	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, BOND_MODE_8023AD);
	cr_assert_eq(b->params.miimon, 200);
	cr_assert_eq(b->params.updelay, 400);
	cr_assert_eq(b->params.lacp_rate, 1);
	cr_assert_eq(b->params.xmit_policy, 2);
	assert_slaves(b, "eth0", "eth1");
	cr_assert_str_eq(b->ipaddr, "10.0.0.1");
	cr_assert_eq(b->prefix, 24);
	cr_assert_eq(b->line, 13);
}

Test(bond_config_more, nm_default_miimon_100)
{
	nm("bond0.nmconnection", "[connection]\ntype=bond\ninterface-name=bond0\n"
	   "[bond]\nmode=active-backup\nprimary=eth1\n");
	nm("p1.nmconnection", nm_port1);
	boot();
	/* libnm's default, not the module's 0 */
	cr_assert_eq(bond("bond0")->params.miimon, 100);
	cr_assert_eq(bond("bond0")->params.mode, BOND_MODE_ACTIVEBACKUP);
	cr_assert_str_eq(bond("bond0")->params.primary, "eth1");
	assert_slaves(bond("bond0"), "eth1");
	cr_assert_null(bond("bond0")->ipaddr);
}

/* GKeyFile keeps the last of a key given twice: said, and only it handed over. */
Test(bond_config_more, nm_key_given_twice_the_last_wins_and_is_said)
{
	nm("bond0.nmconnection", "[connection]\ntype=bond\ninterface-name=bond0\n"
	   "[bond]\nmode=active-backup\nmode=balance-rr\nmiimon=100\n");
	nm("p1.nmconnection", nm_port1);
	boot();
	cr_assert_eq(bond("bond0")->params.mode, BOND_MODE_ROUNDROBIN);
	assert_warned("host.bsim:14: bond0: mode given again at host.bsim:15 (mode=balance-rr): "
		      "the last one is what the kernel gets");
	assert_warned("host.bsim:12: bond0: NetworkManager hands the kernel: mode=balance-rr "
		      "miimon=100");
}

Test(bond_config_more, nm_arp_monitor_keeps_miimon_off)
{
	nm("bond0.nmconnection", "[connection]\ntype=bond\ninterface-name=bond0\n"
	   "[bond]\nmode=active-backup\narp_interval=200\narp_ip_target=10.0.0.254,10.0.0.253\n");
	boot();
	cr_assert_eq(bond("bond0")->params.miimon, 0);
	cr_assert_eq(bond("bond0")->params.arp_interval, 200);
	cr_assert_eq(bond("bond0")->params.arp_targets_count, 2);
}

Test(bond_config_more, nm_unknown_bond_key)
{
	GError *err = NULL;

	cr_assert_not(bond_conf_parse_nm(set, "b.nmconnection", "[bond]\nmiimom=100\n",
					 FILE_NAME, 10, &err));
	cr_assert(g_str_has_prefix(err->message, "host.bsim:11: b.nmconnection: [bond] miimom= "
				   "is not a bonding option: write one of mode, miimon, updelay, "),
		  "%s", err->message);
	g_error_free(err);
}

Test(bond_config_more, nm_bad_value)
{
	nm_fails_with("b.nmconnection", "[bond]\nlacp_rate=quick\n",
		      "host.bsim:11: option lacp_rate: invalid value (quick); valid values: slow "
		      "or 0, fast or 1");
}

Test(bond_config_more, nm_master_missing)
{
	nm("bond0.nmconnection", "[connection]\ntype=bond\ninterface-name=bond0\n");
	nm("p.nmconnection", "[connection]\ninterface-name=eth0\nmaster=bond7\nslave-type=bond\n");
	boot_fails_with("host.bsim:12: p.nmconnection: master=bond7: no bond connection has that "
			"interface-name, id or uuid");
}

Test(bond_config_more, nm_port_type_needed)
{
	nm("p.nmconnection", "[connection]\ninterface-name=eth0\ncontroller=bond0\n");
	boot_fails_with("host.bsim:12: p.nmconnection: controller=bond0 needs slave-type=bond "
			"(or port-type=bond)");
}

Test(bond_config_more, nm_autoconnect_false)
{
	nm("bond0.nmconnection", "[connection]\ntype=bond\ninterface-name=bond0\n"
	   "autoconnect=false\n");
	boot();
	cr_assert_null(bond_conf_find(set, "bond0"));
	assert_warned("host.bsim:12: bond0: autoconnect=false: not brought up at boot");
}

/* fuzz/regressions/{networkd,interfaces,nm}/empty-address: an empty address is refused */
/* An empty Address= empties the list before it (config_parse_address()): alone, it does nothing. */
Test(bond_config_more, empty_address_alone_does_nothing)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n");
	networkd("b.network", "[Match]\nName=bond0\n[Network]\nAddress=\n");
	boot();
	cr_assert_null(bond("bond0")->ipaddr);
	assert_warned("host.bsim:13: b.network: an empty [Network] Address= empties the list "
		      "the lines before it gave, and none did: it does nothing");
}

Test(bond_config_more, empty_address_ifupdown)
{
	interfaces_fails_with("auto bond0\niface bond0 inet static\n  address\n  bond-slaves eth0\n",
			      "host.bsim:12: bond0: option 'address' has no value, and ifupdown "
			      "refuses the whole file with it (\"option with empty value\"; ifup and "
			      "ifquery read nothing of it): write address VALUE, or remove the line");
}

Test(bond_config_more, empty_address_nm)
{
	nm("b.nmconnection", "[connection]\ntype=bond\ninterface-name=bond0\n[ipv4]\n"
	   "method=manual\naddress1=\n");
	boot_fails_with("host.bsim:15: address1= is not an IPv4 address: write e.g. "
			"address1=10.0.0.1/24");
}

Test(bond_config_more, networkd_option_refused_by_mode_fails_creation)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMode=802.3ad\n"
		 "ARPValidate=all\n");
	boot_fails_with("host.bsim:15: bond0: the kernel refuses arp_validate in mode 802.3ad, "
			"so systemd-networkd's request to create the bond fails and there is no "
			"bond0");
}

/* bond_changelink() refuses MII and ARP monitoring in one message (sysfs would not) */
Test(bond_config_more, networkd_mii_and_arp_monitor_together_fail_creation)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMode=active-backup\n"
		 "MIIMonitorSec=100ms\nARPIntervalSec=200ms\nARPIPTargets=10.0.0.1\n");
	boot_fails_with("host.bsim:16: bond0: arp_interval=200 with miimon=100 (line 15) in one "
			"netlink request: the kernel refuses it ('ARP monitoring cannot be used "
			"with MII monitoring', EINVAL), so systemd-networkd's request to create the "
			"bond fails and there is no bond0; keep one monitor, MII or ARP");
}

Test(bond_config_more, networkd_arp_monitor_with_mii_at_zero_is_fine)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMode=active-backup\n"
		 "MIIMonitorSec=0\nARPIntervalSec=200ms\nARPIPTargets=10.0.0.1\n");
	boot();
	cr_assert_eq(bond("bond0")->params.arp_interval, 200);
	cr_assert_eq(bond("bond0")->params.miimon, 0);
}

Test(bond_config_more, interfaces_arp_targets_and_hotplug_slave)
{
	interfaces("allow-hotplug eth1\n"
		   "iface eth1 inet manual\n"
		   "    bond-master bond0\n"
		   "iface bond0 inet manual\n"
		   "    bond-slaves none\n"
		   "    bond-mode 1\n"
		   "    bond-arp-interval 200\n"
		   "    bond-arp-ip-target 10.0.0.254 10.0.0.253\n");
	boot();

	struct bond_conf *b = bond("bond0");

	/* the slave's allow- line brings the bond up with it */
	cr_assert_eq(b->params.mode, BOND_MODE_ACTIVEBACKUP);
	cr_assert_eq(b->params.arp_interval, 200);
	cr_assert_eq(b->params.arp_targets_count, 2);
	cr_assert_eq(b->params.miimon, 0);
	assert_slaves(b, "eth1");
	cr_assert_null(b->ipaddr);
}
