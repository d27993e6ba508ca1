// SPDX-License-Identifier: MIT
/*
 * DOC: test_bond_config_netplan.c - netplan YAML, and the bonds networkd makes of netplan's files
 *
 * Each test gives a file as /etc/netplan holds it and checks the kernel
 * options the bond ends with (netplan's units: a plain number of
 * milliseconds, a time span, "1.5" as seconds; the zeros netplan drops;
 * the old spellings it still takes), or the refusal with its file:line and
 * the valid choices.  Texts start at line 10, as if inside a scenario file.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <string.h>

#include "conf_rig.h"
#include "ini.h"

TestSuite(bond_config_netplan, .init = conf_setup, .fini = conf_teardown, .timeout = 10);

static void netplan(const char *name, const char *text)
{
	GError *err = NULL;

	cr_assert(bond_conf_parse_netplan(set, name, text, FILE_NAME, 10, &err), "%s",
		  err ? err->message : "");
}

static void netplan_fails_with(const char *text, const char *msg)
{
	GError *err = NULL;

	cr_assert_not(bond_conf_parse_netplan(set, "01-bond.yaml", text, FILE_NAME, 10, &err),
		      "parsed");
	cr_assert_str_eq(err->message, msg);
	g_error_free(err);
}

/* The usual header: two ethernets eth0 and eth1 (lines 10-14), bonds: at line 15. */
#define HEAD                                                                             \
	"network:\n"                                                                     \
	"  version: 2\n"                                                                 \
	"  ethernets:\n"                                                                 \
	"    eth0: {}\n"                                                                 \
	"    eth1: {dhcp4: false}\n"                                                         \
	"  bonds:\n"                                                                     \
	"    bond0:\n"                                                                   \
	"      interfaces: [eth0, eth1]\n"

Test(bond_config_netplan, active_backup_with_primary)
{
	netplan("01-bond.yaml", HEAD
		"      addresses: [192.168.1.5/24]\n"
		"      parameters:\n"
		"        mode: active-backup\n"
		"        primary: eth1\n"
		"        mii-monitor-interval: 100\n"
		"        up-delay: 200\n"
		"        down-delay: 400ms\n"
		"        fail-over-mac-policy: active\n"
		"        primary-reselect-policy: better\n");
	boot();

	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, BOND_MODE_ACTIVEBACKUP);
	cr_assert_eq(b->params.miimon, 100);	/* a plain number is milliseconds */
	cr_assert_eq(b->params.updelay, 200);
	cr_assert_eq(b->params.downdelay, 400);
	cr_assert_str_eq(b->params.primary, "eth1");
	cr_assert_eq(b->params.fail_over_mac, 1);
	cr_assert_eq(b->params.primary_reselect, 1);
	cr_assert_eq(b->slaves->len, 2);
	cr_assert_str_eq(b->slaves->pdata[0], "eth0");
	cr_assert_str_eq(b->slaves->pdata[1], "eth1");
	cr_assert_str_eq(b->ipaddr, "192.168.1.5");
	cr_assert_eq(b->prefix, 24);
	cr_assert_eq(b->line, 16);
	assert_warned("host.bsim:16: bond0: systemd-networkd hands the kernel: "
		      "mode=active-backup miimon=100 updelay=200 downdelay=400 "
		      "fail_over_mac=active primary_reselect=better resend_igmp=1 "
		      "num_grat_arp=1 all_slaves_active=0 primary=eth1");

	int line = 0;
	const char *tool = NULL;

	cr_assert_str_eq(bond_conf_origin(set, "bond0", "miimon", &line, &tool), FILE_NAME);
	cr_assert_eq(line, 22);
	cr_assert_str_eq(tool, "systemd-networkd");
	cr_assert_str_eq(bond_conf_origin(set, "bond0", "primary", &line, NULL), FILE_NAME);
	cr_assert_eq(line, 21);
}

Test(bond_config_netplan, lacp_with_hash_and_rate)
{
	netplan("01-bond.yaml", HEAD
		"      parameters:\n"
		"        mode: 802.3ad\n"
		"        lacp-rate: fast\n"
		"        transmit-hash-policy: layer3+4\n"
		"        ad-select: bandwidth\n"
		"        min-links: 2\n"
		"        mii-monitor-interval: 1s\n"
		"        all-members-active: true\n");
	boot();

	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, BOND_MODE_8023AD);
	cr_assert_eq(b->params.lacp_rate, 1);
	cr_assert_eq(b->params.xmit_policy, 1);
	cr_assert_eq(b->params.ad_select, 1);
	cr_assert_eq(b->params.min_links, 2);
	cr_assert_eq(b->params.miimon, 1000);	/* a time span is handed on as written */
	cr_assert_eq(b->params.all_slaves_active, 1);
	cr_assert_null(b->ipaddr);
}

Test(bond_config_netplan, arp_monitor_and_old_spellings)
{
	netplan("01-bond.yaml", HEAD
		"      parameters:\n"
		"        mode: active-backup\n"
		"        arp-interval: 250\n"
		"        arp-ip-targets: [10.0.0.1, 10.0.0.2]\n"
		"        arp-validate: all\n"
		"        arp-all-targets: all\n"
		"        gratuitious-arp: 3\n"
		"        all-slaves-active: yes\n");
	boot();

	struct bond_conf *b = bond("bond0");
	char ip[INET_ADDRSTRLEN];

	cr_assert_eq(b->params.arp_interval, 250);
	cr_assert_eq(b->params.arp_targets_count, 2);
	inet_ntop(AF_INET, &b->params.arp_targets[1], ip, sizeof(ip));
	cr_assert_str_eq(ip, "10.0.0.2");
	cr_assert_eq(b->params.arp_validate, 3);
	cr_assert_eq(b->params.arp_all_targets, 1);
	cr_assert_eq(b->params.num_peer_notif, 3);	/* the misspelling counts */
	cr_assert_eq(b->params.all_slaves_active, 1);
	cr_assert_eq(b->params.miimon, 0);
}

Test(bond_config_netplan, balance_rr_packets_per_member_and_igmp)
{
	netplan("01-bond.yaml", HEAD
		"      parameters:\n"
		"        mode: balance-rr\n"
		"        mii-monitor-interval: 100\n"
		"        packets-per-slave: 4\n"
		"        resend-igmp: 5\n");
	boot();

	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, BOND_MODE_ROUNDROBIN);
	cr_assert_eq(b->params.packets_per_slave, 4);
	cr_assert_eq(b->params.resend_igmp, 5);
}

Test(bond_config_netplan, units_and_dropped_zeros)
{
	netplan("01-bond.yaml", HEAD
		"      parameters:\n"
		"        mode: balance-rr\n"
		"        mii-monitor-interval: 100\n"
		"        up-delay: \"1.5\"\n"
		"        down-delay: 1s 200ms\n"
		"        packets-per-member: 0\n"
		"        resend-igmp: 0\n"
		"        gratuitous-arp: 0\n"
		"        all-members-active: false\n");
	boot();

	struct bond_conf *b = bond("bond0");

	/* "1.5" is not a plain whole number: handed on, and networkd reads seconds */
	cr_assert_eq(b->params.updelay, 1500);
	cr_assert_eq(b->params.downdelay, 1200);
	/* the zeros are not written, so networkd's values stand */
	cr_assert_eq(b->params.packets_per_slave, 1);
	cr_assert_eq(b->params.resend_igmp, 1);
	cr_assert_eq(b->params.num_peer_notif, 1);
	cr_assert_eq(b->params.all_slaves_active, 0);
	assert_warned("host.bsim:24: bond0: netplan writes nothing for resend-igmp: 0, so "
		      "networkd's own value is used");
	assert_warned("host.bsim:23: bond0: netplan writes nothing for packets-per-member: 0, "
		      "so networkd's own value is used");
}

Test(bond_config_netplan, learn_packet_interval_is_seconds_and_needs_arp)
{
	netplan("01-bond.yaml", HEAD
		"      parameters:\n"
		"        mode: active-backup\n"
		"        arp-interval: 200\n"
		"        arp-ip-targets: [10.0.0.1]\n"
		"        learn-packet-interval: 3\n"
		"    bond1:\n"
		"      interfaces: []\n"
		"      parameters: {mode: balance-tlb, learn-packet-interval: 5}\n");
	boot();
	/*
	 * A plain number is seconds here (networkd's LearnPacketIntervalSec=).
	 * networkd sends it only with arp_interval, which the kernel refuses in
	 * balance-tlb and balance-alb, the modes lp_interval is for.
	 */
	cr_assert_eq(bond("bond0")->params.lp_interval, 3);
	cr_assert_eq(bond("bond1")->params.lp_interval, 1);
	assert_warned("host.bsim:25: bond1: networkd passes LearnPacketIntervalSec= only with "
		      "ARPIntervalSec=; not applied (lp_interval stays the module's)");
}

Test(bond_config_netplan, no_mode_is_balance_rr)
{
	netplan("01-bond.yaml", HEAD);
	boot();
	cr_assert_eq(bond("bond0")->params.mode, BOND_MODE_ROUNDROBIN);
	cr_assert_eq(bond("bond0")->params.miimon, 0);
}

Test(bond_config_netplan, files_combine_in_any_order)
{
	netplan("02-bond.yaml", "network:\n  version: 2\n  bonds:\n    bond1:\n"
		"      interfaces: [eth2]\n      parameters: {mode: balance-xor}\n");
	netplan("01-eth.yaml", "network:\n  version: 2\n  ethernets:\n    eth2: {}\n");
	boot();
	cr_assert_eq(bond("bond1")->params.mode, BOND_MODE_XOR);
	cr_assert_str_eq(bond("bond1")->slaves->pdata[0], "eth2");
}

Test(bond_config_netplan, primary_not_a_member_is_warned)
{
	netplan("01-bond.yaml", "network:\n  version: 2\n  ethernets:\n    eth0: {}\n"
		"    eth5: {}\n  bonds:\n    bond0:\n      interfaces: [eth0]\n"
		"      parameters:\n        mode: active-backup\n        primary: eth5\n");
	boot();
	cr_assert_str_eq(bond("bond0")->params.primary, "");
	assert_warned("host.bsim:20: bond0: primary eth5 is not one of its interfaces: netplan "
		      "writes no PrimarySlave=, so there is no primary");
}

/* ---- renderer: NetworkManager --------------------------------------------- */

Test(bond_config_netplan, network_manager_keeps_its_own_defaults)
{
	netplan("01-bond.yaml", "network:\n  version: 2\n  renderer: NetworkManager\n"
		"  ethernets:\n    eth0: {}\n    eth1: {}\n  bonds:\n    bond0:\n"
		"      interfaces: [eth0, eth1]\n      addresses: [10.0.0.1/24]\n"
		"      parameters:\n        mode: 802.3ad\n        gratuitous-arp: 3\n"
		"        arp-ip-targets: [10.0.0.9]\n");
	boot();

	struct bond_conf *b = bond("bond0");

	/* no mii-monitor-interval: NetworkManager's miimon=100, not networkd's 0 */
	cr_assert_eq(b->params.miimon, 100);
	cr_assert_eq(b->params.num_peer_notif, 3);
	cr_assert_str_eq(b->ipaddr, "10.0.0.1");
	cr_assert_eq(b->slaves->len, 2);
	/* netplan's order; num_unsol_na is netplan's work-around for NetworkManager */
	assert_warned("host.bsim:17: bond0: NetworkManager hands the kernel: mode=802.3ad "
		      "miimon=100 arp_ip_target=10.0.0.9 num_grat_arp=3 num_unsol_na=3");
}

Test(bond_config_netplan, last_file_in_name_order_names_the_renderer)
{
	/* given out of order: 90-nm.yaml is read after 10-nd.yaml by netplan */
	netplan("90-nm.yaml", "network:\n  renderer: NetworkManager\n");
	netplan("10-nd.yaml", "network:\n  renderer: networkd\n  ethernets:\n    eth0: {}\n"
		"  bonds:\n    bond0: {interfaces: [eth0]}\n");
	boot();
	/* NetworkManager's bond: miimon=100 */
	cr_assert_eq(bond("bond0")->params.miimon, 100);
}

Test(bond_config_netplan, network_manager_takes_milliseconds_only)
{
	netplan("01-bond.yaml", HEAD "      renderer: NetworkManager\n"
		"      parameters:\n        mii-monitor-interval: 1s\n");
	/* the ethernets stay networkd's: a bond and its ports need one renderer */
	boot_fails_with("host.bsim:17: bond0: bond0 is rendered by NetworkManager and eth0 by "
			"networkd: netplan writes files for both daemons, which do not share a "
			"bond; give a bond and its interfaces one renderer");
}

Test(bond_config_netplan, network_manager_refuses_a_time_span)
{
	netplan("01-bond.yaml", "network:\n  renderer: NetworkManager\n  ethernets:\n"
		"    eth0: {}\n  bonds:\n    bond0:\n      interfaces: [eth0]\n"
		"      parameters:\n        mii-monitor-interval: 1s\n");
	boot_fails_with("host.bsim:18: bond0: mii-monitor-interval: 1s: with renderer "
			"NetworkManager netplan hands it on as written, and NetworkManager takes "
			"a whole number of milliseconds: write e.g. 100");
}

/* ---- refusals ------------------------------------------------------------ */

Test(bond_config_netplan, refuses_unknown_parameter)
{
	netplan_fails_with(HEAD "      parameters:\n        miimon: 100\n",
			   "host.bsim:19: bond0: unknown bond parameter 'miimon': write one of "
			   "mode, lacp-rate, mii-monitor-interval, min-links, transmit-hash-policy, "
			   "ad-select, all-members-active (or all-slaves-active), arp-interval, "
			   "arp-ip-targets, arp-validate, arp-all-targets, up-delay, down-delay, "
			   "fail-over-mac-policy, gratuitous-arp (or gratuitious-arp), "
			   "packets-per-member (or packets-per-slave), primary-reselect-policy, "
			   "resend-igmp, learn-packet-interval, primary");
}

Test(bond_config_netplan, refuses_bad_values)
{
	netplan_fails_with(HEAD "      parameters:\n        mode: 802.3ad\n        lacp-rate: quick\n",
			   "host.bsim:20: bond0: parameters: lacp-rate: 'quick' is not a valid value: "
			   "write one of slow, fast");
	netplan_fails_with(HEAD "      parameters:\n        mode: lacp\n",
			   "host.bsim:19: bond0: parameters: mode: 'lacp' is not a valid value: write "
			   "one of balance-rr, active-backup, balance-xor, broadcast, 802.3ad, "
			   "balance-tlb, balance-alb");
	netplan_fails_with(HEAD "      parameters:\n        mode: balance-tcp\n",
			   "host.bsim:19: bond0: mode balance-tcp is for Open vSwitch bonds, which "
			   "bondsim does not model: write one of balance-rr, active-backup, "
			   "balance-xor, broadcast, 802.3ad, balance-tlb, balance-alb");
	netplan_fails_with(HEAD "      parameters:\n        mii-monitor-interval: -5\n",
			   "host.bsim:19: bond0: parameters: mii-monitor-interval: '-5' is not a "
			   "time: write milliseconds (100) or a time span (100ms, 1s)");
	netplan_fails_with(HEAD "      parameters:\n        min-links: two\n",
			   "host.bsim:19: bond0: parameters: min-links: 'two' is not a whole number "
			   "(0 to 4294967295)");
	netplan_fails_with(HEAD "      parameters:\n        arp-ip-targets: [10.0.0.300]\n",
			   "host.bsim:19: bond0: parameters: arp-ip-targets: '10.0.0.300' is not an "
			   "IPv4 address: write e.g. 10.0.0.254");
	netplan_fails_with(HEAD "      parameters:\n        all-members-active: maybe\n",
			   "host.bsim:19: bond0: parameters: all-members-active: 'maybe' is not a "
			   "boolean: write true or false");
}

Test(bond_config_netplan, refuses_both_spellings)
{
	netplan_fails_with(HEAD "      parameters:\n        gratuitous-arp: 1\n"
			   "        gratuitious-arp: 2\n",
			   "host.bsim:20: bond0: gratuitious-arp is already given at line 19 "
			   "(gratuitous-arp and gratuitious-arp are one parameter): give it once");
}

Test(bond_config_netplan, refuses_match_and_set_name)
{
	netplan_fails_with("network:\n  version: 2\n  ethernets:\n    nic0:\n"
			   "      match: {macaddress: \"52:54:00:00:00:01\"}\n"
			   "      set-name: eth0\n",
			   "host.bsim:14: nic0: match: is not supported: bondsim knows NICs by name; "
			   "name the ethernet after its interface (eth0:) and drop match:/set-name:");
}

Test(bond_config_netplan, refuses_addresses_it_cannot_model)
{
	netplan_fails_with(HEAD "      addresses: [10.0.0.1]\n",
			   "host.bsim:18: bond0: addresses: 10.0.0.1 has no /prefix length "
			   "(netplan requires one): write e.g. 10.0.0.1/24");
	netplan_fails_with(HEAD "      addresses: [\"2001:db8::1/64\"]\n",
			   "host.bsim:18: bond0: addresses: 2001:db8::1/64: bondsim models IPv4 only: "
			   "write e.g. 10.0.0.1/24");
	netplan_fails_with(HEAD "      addresses: [10.0.0.1/24, 10.0.0.2/24]\n",
			   "host.bsim:18: bond0: addresses: a second address (10.0.0.2/24, after "
			   "10.0.0.1/24 at line 18): bondsim gives an interface one IPv4 address");
}

/*
 * What a real YAML has beside the bond: a default route, DNS, optional:.
 * Refused before ("unknown key 'routes'"); taken now with a warning each,
 * the route's gateway named for the scenario's gateway = key.
 */
Test(bond_config_netplan, routes_dns_and_the_like_are_warned_not_refused)
{
	netplan("01-bond.yaml", "network:\n  version: 2\n  ethernets:\n"
		"    eth0: {optional: true}\n    eth1: {dhcp4: false, dhcp6: false}\n"
		"  bonds:\n    bond0:\n      interfaces: [eth0, eth1]\n"
		"      addresses: [10.20.0.5/24]\n"
		"      routes:\n        - to: 10.9.0.0/16\n          via: 10.20.0.2\n"
		"        - to: default\n          via: 10.20.0.1\n"
		"      nameservers:\n        addresses: [10.20.0.53]\n"
		"      parameters: {mode: 802.3ad}\n");
	/* gateway4, the older spelling of the default route */
	netplan("02-gw.yaml", "network:\n  version: 2\n  bonds:\n    bond0:\n"
		"      gateway4: 10.20.0.254\n");
	boot();
	assert_warned("host.bsim:13: eth0: optional: is not modelled; ignored");
	assert_warned("host.bsim:14: eth1: dhcp6: is not modelled; ignored");
	assert_warned("host.bsim:19: bond0: routes: is not modelled; ignored (for the default "
		      "route write gateway = 10.20.0.1 in the host's section)");
	assert_warned("host.bsim:24: bond0: nameservers: is not modelled; ignored");
	assert_warned("host.bsim:14: bond0: gateway4: is not modelled; ignored (for the "
		      "default route write gateway = 10.20.0.254 in the host's section)");
	cr_assert_eq(bond("bond0")->params.mode, BOND_MODE_8023AD);
	cr_assert_eq(bond("bond0")->slaves->len, 2);
}

/* mtu 1500 is what bondsim models; a jumbo mtu is said and ignored, as
 * ifupdown's mtu and networkd's MTUBytes= are, not refused as unknown. */
Test(bond_config_netplan, a_jumbo_mtu_is_warned_1500_is_taken)
{
	netplan("01-bond.yaml", "network:\n  version: 2\n  ethernets:\n"
		"    eth0: {mtu: 1500}\n    eth1: {mtu: 9000}\n"
		"  bonds:\n    bond0:\n      interfaces: [eth0, eth1]\n      mtu: 9000\n"
		"      parameters: {mode: active-backup}\n");
	boot();
	assert_warned("host.bsim:14: eth1: mtu: 9000 is not modelled: bondsim's frames are at "
		      "most 1500 bytes; ignored");
	assert_warned("host.bsim:18: bond0: mtu: 9000 is not modelled: bondsim's frames are at "
		      "most 1500 bytes; ignored");
	{
		g_autofree char *w = all_warnings();

		cr_assert_null(strstr(w, "eth0: mtu"), "mtu 1500 is no warning:\n%s", w);
	}
	cr_assert_eq(bond("bond0")->params.mode, BOND_MODE_ACTIVEBACKUP);
	cr_assert_eq(bond("bond0")->slaves->len, 2);
}

Test(bond_config_netplan, refuses_structure)
{
	netplan_fails_with("network:\n  version: 3\n",
			   "host.bsim:11: network: version 3: netplan knows version 2 only: write "
			   "version: 2");
	netplan_fails_with("network:\n  version: 2\n  bridges: {}\n",
			   "host.bsim:12: network: bridges: bondsim reads ethernets, bonds and "
			   "vlans only");
	netplan_fails_with("network:\n  version: 2\n  ethernet: {}\n",
			   "host.bsim:12: network: unknown key 'ethernet': write one of version, "
			   "renderer, ethernets, bonds, vlans");
	netplan_fails_with("network:\n  renderer: systemd\n",
			   "host.bsim:11: network: renderer: 'systemd' is not a renderer: write "
			   "networkd or NetworkManager");
	netplan_fails_with("network:\n  version: 2\n  ethernets:\n    eth0:\n",
			   "host.bsim:13: eth0: has no settings: write eth0: {} for none");
	netplan_fails_with("network:\n  version: 2\n  ethernets:\n    eth0: {mtuu: 9000}\n",
			   "host.bsim:13: eth0: unknown key 'mtuu': write one of dhcp4, addresses, "
			   "renderer, match, set-name");
	netplan_fails_with("network:\n\tversion: 2\n",
			   "host.bsim:11: 01-bond.yaml: not YAML: found character that cannot start "
			   "any token while scanning for the next token");
	netplan_fails_with("network:\n  version: 2\n  version: 2\n",
			   "host.bsim:12: network: 'version' given twice (first at line 11)");
}

Test(bond_config_netplan, empty_file_and_no_version_are_taken)
{
	/* netplan 0.106 reads both without a word */
	netplan("00-empty.yaml", "");
	netplan("01-bond.yaml", "network:\n  ethernets:\n    eth0: {}\n  bonds:\n"
		"    bond0: {interfaces: [eth0], parameters: {mode: broadcast}}\n");
	boot();
	cr_assert_eq(bond("bond0")->params.mode, BOND_MODE_BROADCAST);
	assert_warned("host.bsim:10: 00-empty.yaml is empty: netplan reads nothing from it");
}

Test(bond_config_netplan, refuses_bad_references_at_boot)
{
	netplan("01-bond.yaml", "network:\n  version: 2\n  ethernets:\n    eth1: {}\n"
		"  bonds:\n    bond0:\n      interfaces: [eth9, eth1]\n");
	boot_fails_with("host.bsim:16: bond0: interface 'eth9' is not defined: define it under "
			"ethernets: (ethernets: eth1)");
}

Test(bond_config_netplan, refuses_interface_in_two_bonds)
{
	netplan("01-bond.yaml", "network:\n  version: 2\n  ethernets:\n    eth1: {}\n"
		"  bonds:\n    bond0:\n      interfaces: [eth1]\n    bond1:\n"
		"      interfaces: [eth1]\n");
	boot_fails_with("host.bsim:18: bond1: interface 'eth1' is already assigned to bond bond0 "
			"(at host.bsim:16)");
}

/*
 * The same IDs in two files, the later one (in name order, not the order
 * given) read second: as netplan 0.106 generated from these two files, a
 * later scalar wins and the interfaces add up.
 */
Test(bond_config_netplan, merges_same_id_across_files_in_name_order)
{
	GError *err = NULL;

	cr_assert(bond_conf_parse_netplan(set, "60-b.yaml",
					  "network:\n"		/* other.yaml:1 */
					  "  ethernets:\n"
					  "    eth0: {dhcp4: false}\n"
					  "  bonds:\n"
					  "    bond0:\n"		/* :5 */
					  "      interfaces: [eth1]\n"
					  "      parameters:\n"
					  "        mii-monitor-interval: 200\n"
					  "        primary: eth0\n",	/* :9 */
					  "other.yaml", 1, &err), "%s", err ? err->message : "");
	netplan("50-a.yaml", "network:\n"			/* host.bsim:10 */
		"  version: 2\n"
		"  ethernets:\n"
		"    eth0: {dhcp4: true}\n"
		"    eth1: {}\n"
		"  bonds:\n"
		"    bond0:\n"					/* :16 */
		"      interfaces: [eth0]\n"
		"      addresses: [10.0.0.1/24]\n"
		"      parameters:\n"
		"        mode: active-backup\n"
		"        mii-monitor-interval: 100\n");		/* :21 */
	boot();

	struct bond_conf *b = bond("bond0");
	int line = 0;

	cr_assert_eq(b->params.mode, BOND_MODE_ACTIVEBACKUP);
	cr_assert_eq(b->params.miimon, 200);
	cr_assert_str_eq(b->params.primary, "eth0");
	cr_assert_eq(b->slaves->len, 2);
	cr_assert_str_eq(b->slaves->pdata[0], "eth0");
	cr_assert_str_eq(b->slaves->pdata[1], "eth1");
	cr_assert_str_eq(b->ipaddr, "10.0.0.1");
	cr_assert_eq(b->line, 16);
	/* each value points at the file it came from */
	cr_assert_str_eq(bond_conf_origin(set, "bond0", "miimon", &line, NULL), "other.yaml");
	cr_assert_eq(line, 8);
	cr_assert_str_eq(bond_conf_origin(set, "bond0", "mode", &line, NULL), FILE_NAME);
	cr_assert_eq(line, 20);
	cr_assert_str_eq(bond_conf_origin(set, "bond0", "primary", &line, NULL), "other.yaml");
	cr_assert_eq(line, 9);
}

Test(bond_config_netplan, refuses_a_merge_that_changes_the_type)
{
	GError *err = NULL;

	netplan("01-a.yaml", "network:\n  version: 2\n  ethernets:\n    eth1: {}\n");
	cr_assert(bond_conf_parse_netplan(set, "02-b.yaml",
					  "network:\n  bonds:\n    eth1: {interfaces: []}\n",
					  "other.yaml", 1, &err));
	boot_fails_with("other.yaml:3: eth1 is a bond (bonds:) here and an ethernet "
			"(ethernets:) at host.bsim:13: netplan refuses a definition that "
			"changes the device's type");
}

Test(bond_config_netplan, refuses_a_second_address_from_a_later_file)
{
	GError *err = NULL;

	netplan("01-a.yaml", HEAD "      addresses: [10.0.0.1/24]\n");
	cr_assert(bond_conf_parse_netplan(set, "02-b.yaml",
					  "network:\n  bonds:\n    bond0:\n"
					  "      addresses: [10.0.0.2/24]\n", "other.yaml", 1, &err));
	boot_fails_with("other.yaml:4: bond0: addresses: a second address (10.0.0.2/24, after "
			"10.0.0.1/24 at host.bsim:18; netplan adds a later file's addresses to "
			"the earlier's): bondsim gives an interface one IPv4 address");
}

Test(bond_config_netplan, refuses_a_name_without_yaml)
{
	GError *err = NULL;

	cr_assert_not(bond_conf_parse_netplan(set, "bond0", "network: {}\n", FILE_NAME, 10, &err));
	cr_assert_str_eq(err->message, "host.bsim:10: netplan file 'bond0': name it NAME.yaml, "
			 "e.g. 01-netcfg.yaml (netplan reads /etc/netplan/*.yaml in name order)");
	g_error_free(err);
}

/* ---- the scenario file keeps an embedded YAML file as written ------------ */

Test(bond_config_netplan, ini_keeps_indentation_and_blank_lines)
{
	GError *err = NULL;
	struct ini *ini = ini_parse("[host a]\n"
				    "netplan 01.yaml =\n"
				    "    network:\n"
				    "      ethernets:\n"
				    "\n"
				    "        eth0: {}   # a comment\n"
				    "# a comment at column 0\n"
				    "      bonds: {}\n"
				    "nics = eth0\n", "s.ini", &err);

	cr_assert_not_null(ini, "%s", err ? err->message : "");
	const struct ini_section *sec = ini->sections->pdata[0];
	const struct ini_entry *e = sec->entries->pdata[0];

	cr_assert_str_eq(e->key, "netplan 01.yaml");
	/* one line per line of the file: line numbers stay right */
	cr_assert_str_eq(e->text, "    network:\n      ethernets:\n\n        eth0: {}   # a comment\n"
			 "\n      bonds: {}");
	/* the value others read is unchanged: stripped lines, blanks left out */
	cr_assert_str_eq(e->value, "network:\nethernets:\neth0: {}   # a comment\nbonds: {}");
	cr_assert_null(((const struct ini_entry *)sec->entries->pdata[1])->text);
	ini_free(ini);
}
