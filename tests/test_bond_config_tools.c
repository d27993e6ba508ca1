// SPDX-License-Identifier: MIT
/*
 * DOC: test_bond_config_tools.c - what systemd-networkd and ifupdown do with
 * the corners of their files: lp_interval beside ARP monitoring, a .netdev
 * whose Kind= networkd does not know, an ifupdown option without a value, a
 * second address.  Each test checks the bond's values and the exact
 * warning or refusal, with its file:line.
 */
#include "conf_rig.h"

TestSuite(bond_config_tools, .init = conf_setup, .fini = conf_teardown);

/* ---- systemd-networkd: lp_interval -------------------------------------- */

#define ARP_NETDEV "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMode=active-backup\n" \
	"ARPIntervalSec=200ms\nARPIPTargets=10.0.0.254\n"

/* The line networkd's request took lp_interval from (0: not sent), and the value. */
static int lp_from(const char *name, int *value)
{
	int line = 0;
	const char *file = bond_conf_origin(set, name, "lp_interval", &line, NULL);

	*value = bond(name)->params.lp_interval;
	cr_assert(!file || !strcmp(file, FILE_NAME), "%s", file);
	return file ? line : 0;
}

/*
 * bond_init() starts LearnPacketIntervalSec= at 1s and the arp_interval
 * branch sends it: lp_interval=1, set by the ARPIntervalSec= line.
 */
Test(bond_config_tools, networkd_arp_bond_gets_lp_interval_1)
{
	int v;

	networkd("b.netdev", ARP_NETDEV);
	boot();
	cr_assert_eq(bond("bond0")->params.arp_interval, 200);
	cr_assert_eq(lp_from("bond0", &v), 15);
	cr_assert_eq(v, 1);
	assert_warned("host.bsim:11: bond0: systemd-networkd hands the kernel: "
		      "mode=active-backup arp_interval=200 arp_ip_target=10.0.0.254 "
		      "lp_interval=1 resend_igmp=1 num_grat_arp=1 all_slaves_active=0");
}

/* Whole seconds, truncated, at the key's line. */
Test(bond_config_tools, networkd_lp_interval_in_seconds)
{
	int v;

	networkd("b.netdev", ARP_NETDEV "LearnPacketIntervalSec=3500ms\n");
	boot();
	cr_assert_eq(lp_from("bond0", &v), 17);
	cr_assert_eq(v, 3);
}

/* Below a second, or zero: not sent, the module's value stays (below 1s: said). */
Test(bond_config_tools, networkd_lp_interval_below_a_second_not_sent)
{
	int v;

	networkd("b.netdev", ARP_NETDEV "LearnPacketIntervalSec=500ms\n");
	networkd("c.netdev", "[NetDev]\nName=bond1\nKind=bond\n[Bond]\nMode=active-backup\n"
		 "ARPIntervalSec=1s\nLearnPacketIntervalSec=0\n");
	boot();
	cr_assert_eq(lp_from("bond0", &v), 0);
	cr_assert_eq(v, 1);
	cr_assert_eq(lp_from("bond1", &v), 0);
	cr_assert_eq(v, 1);
	assert_warned("host.bsim:17: bond0: networkd passes LearnPacketIntervalSec= from 1s on "
		      "(lp_interval is in seconds); 500ms is not applied (lp_interval stays the "
		      "module's)");
	assert_warned("host.bsim:11: bond1: systemd-networkd hands the kernel: "
		      "mode=active-backup arp_interval=1000 resend_igmp=1 num_grat_arp=1 "
		      "all_slaves_active=0");
}

/* Without ARPIntervalSec= networkd sends no lp_interval at all. */
Test(bond_config_tools, networkd_lp_interval_needs_arp_interval)
{
	int v;

	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMode=balance-tlb\n"
		 "LearnPacketIntervalSec=2\n");
	boot();
	cr_assert_eq(lp_from("bond0", &v), 0);
	cr_assert_eq(v, 1);
	assert_warned("host.bsim:15: bond0: networkd passes LearnPacketIntervalSec= only with "
		      "ARPIntervalSec=; not applied (lp_interval stays the module's)");
	assert_warned("host.bsim:11: bond0: systemd-networkd hands the kernel: "
		      "mode=balance-tlb resend_igmp=1 num_grat_arp=1 all_slaves_active=0");
}

/* ---- systemd-networkd: a Kind= networkd does not know ------------------- */

#define NETDEV_KINDS "bareudp, batadv, bond, bridge, dummy, erspan, fou, geneve, gre, " \
	"gretap, ifb, ip6gre, ip6gretap, ip6tnl, ipip, ipoib, ipvlan, ipvtap, l2tp, macsec, " \
	"macvlan, macvtap, netdevsim, nlmon, sit, tap, tun, vcan, veth, vlan, vrf, vti6, vti, " \
	"vxcan, vxlan, wireguard, wlan, xfrm"

/*
 * config_parse_netdev_kind() ignores Kind=bnod with a warning; with no
 * Kind= left, netdev_load_one() ignores the file: no bond0.  Not an error.
 */
Test(bond_config_tools, networkd_unknown_kind_ignores_the_file)
{
	networkd("25-bond0.netdev", "[NetDev]\nName=bond0\nKind=bnod\n[Bond]\nMode=802.3ad\n");
	networkd("25-bond1.netdev", "[NetDev]\nName=bond1\nKind=bond\n");
	boot();
	cr_assert_null(bond_conf_find(set, "bond0"));
	cr_assert_not_null(bond_conf_find(set, "bond1"));
	assert_warned("host.bsim:12: 25-bond0.netdev: Kind=bnod is no kind networkd knows; it "
		      "ignores the line: write Kind=bond, the kind bondsim models (networkd "
		      "knows " NETDEV_KINDS "; bondsim ignores the others' files)");
	assert_warned("host.bsim:10: 25-bond0.netdev: no Kind= networkd knows, so it ignores "
		      "the whole file (\"NetDev has no Kind= configured\"): bond0 is not created");
}

/* The slaves' Bond= then names no bond: the refusal says why. */
Test(bond_config_tools, networkd_unknown_kind_leaves_bond_eq_dangling)
{
	networkd("25-bond0.netdev", "[NetDev]\nName=bond0\nKind=bnod\n");
	networkd("30-nics.network", "[Match]\nName=eth0\n[Network]\nBond=bond0\n");
	boot_fails_with("host.bsim:13: 30-nics.network: Bond=bond0: no .netdev file creates "
			"bond0 (bonds: none; 25-bond0.netdev names bond0, but networkd ignores it: "
			"no Kind= it knows)");
}

/* A Kind= it cannot parse is skipped, so a valid later one is the first, and counts. */
Test(bond_config_tools, networkd_unknown_kind_then_bond)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bnod\nKind=bond\nKind=bridge\n");
	boot();
	cr_assert_not_null(bond_conf_find(set, "bond0"));
	assert_warned("host.bsim:12: b.netdev: Kind=bnod is no kind networkd knows; it "
		      "ignores the line: write Kind=bond, the kind bondsim models (networkd "
		      "knows " NETDEV_KINDS "; bondsim ignores the others' files)");
	assert_warned("host.bsim:13: b.netdev: [NetDev] Kind= given again at host.bsim:14 "
		      "(Kind=bridge): the first one is what networkd uses");
	{
		g_autofree char *w = all_warnings();

		cr_assert_null(strstr(w, "host.bsim:12: b.netdev: [NetDev] Kind= given again"),
			       "%s", w);
	}
}

/* ---- systemd-networkd: VLANs and bridges on top of a bond ----------------- */

/*
 * A Kind=vlan or Kind=bridge .netdev has its kind's own section; networkd
 * reads it, bondsim ignores a bridge's whole file with a warning, as README
 * says; the VLAN nobody's .network names is not created (said).
 */
Test(bond_config_tools, networkd_other_kind_with_its_section_is_ignored)
{
	networkd("25-bond0.netdev", "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMode=802.3ad\n");
	networkd("26-vlan.netdev", "[NetDev]\nName=bond0.100\nKind=vlan\n[VLAN]\nId=100\n");
	networkd("27-br0.netdev", "[NetDev]\nName=br0\nKind=bridge\n[Bridge]\nSTP=yes\n");
	boot();
	cr_assert_eq(bond("bond0")->params.mode, 4);
	cr_assert_null(bond_conf_find(set, "bond0.100"));
	cr_assert_eq(set->vlans->len, 0u);
	assert_warned("host.bsim:11: 26-vlan.netdev: VLAN bond0.100 is not created: networkd "
		      "makes it only on a link whose .network names it (add VLAN=bond0.100 to "
		      "the [Network] of its device's .network)");
	assert_warned("host.bsim:12: 27-br0.netdev: Kind=bridge is not a bond; bondsim models "
		      "bonds only, file ignored");
}

/* In a Kind=bond file another kind's section is ignored by networkd: said once. */
Test(bond_config_tools, networkd_other_kinds_section_in_a_bond)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n[VLAN]\nId=5\nProtocol=802.1q\n"
		 "[Bond]\nMode=active-backup\n");
	boot();
	cr_assert_eq(bond("bond0")->params.mode, 1);
	assert_warned("host.bsim:14: b.netdev: section [VLAN] belongs to another Kind= than bond; "
		      "networkd ignores it in a bond's .netdev");
}

/* VLAN= of no .netdev and Bridge= in the bond's .network: the bond is made, the rest said. */
Test(bond_config_tools, networkd_vlan_and_bridge_keys_are_warned)
{
	networkd("25-bond0.netdev", "[NetDev]\nName=bond0\nKind=bond\n");
	networkd("30-nics.network", "[Match]\nName=eth0 eth1\n[Network]\nBond=bond0\n");
	networkd("40-bond0.network", "[Match]\nName=bond0\n[Network]\nAddress=10.0.0.1/24\n"
		 "VLAN=bond0.100\nVLAN=bond0.200\nBridge=br0\n");
	boot();
	assert_slaves(bond("bond0"), "eth0", "eth1");
	cr_assert_str_eq(bond("bond0")->ipaddr, "10.0.0.1");
	assert_warned("host.bsim:14: 40-bond0.network: [Network] VLAN=bond0.100: no .netdev "
		      "of Kind=vlan is named bond0.100; networkd ignores the line, and bond0.100 "
		      "is not made");
	assert_warned("host.bsim:15: 40-bond0.network: [Network] VLAN=bond0.200: no .netdev "
		      "of Kind=vlan is named bond0.200; networkd ignores the line, and bond0.200 "
		      "is not made");
	cr_assert_not(warned("host.bsim:14: 40-bond0.network: [Network] VLAN= given again at "
			     "host.bsim:15 (VLAN=bond0.200): the last one is what networkd uses"));
	assert_warned("host.bsim:16: 40-bond0.network: [Network] Bridge=br0: bondsim does not "
		      "model bridges; the links this file matches join no bridge br0, and an "
		      "address on br0 is not given");
}

/* [Link] of a .network and MTUBytes=/MACAddress= of a bond's [NetDev] are
 * networkd's, not modelled: said at their line and ignored (MTUBytes=1500 is
 * what bondsim's frames are: no word); an unknown [Link] key is refused. */
Test(bond_config_tools, networkd_link_section_and_mtu_are_warned)
{
	networkd("25-bond0.netdev", "[NetDev]\nName=bond0\nKind=bond\nMTUBytes=9000\n"
		 "MACAddress=02:00:00:00:00:42\n");
	networkd("30-nics.network", "[Match]\nName=eth0 eth1\n[Link]\nMTUBytes=1500\n"
		 "[Network]\nBond=bond0\n");
	networkd("40-bond0.network", "[Match]\nName=bond0\n[Link]\nMTUBytes=9000\n"
		 "RequiredForOnline=no\n[Network]\nAddress=10.0.0.1/24\n[Route]\n"
		 "Gateway=10.0.0.254\nDestination=0.0.0.0/0\n");
	boot();
	assert_slaves(bond("bond0"), "eth0", "eth1");
	cr_assert_str_eq(bond("bond0")->ipaddr, "10.0.0.1");
	assert_warned("host.bsim:13: 25-bond0.netdev: [NetDev] MTUBytes=9000 is not modelled: "
		      "bondsim's frames are at most 1500 bytes; ignored");
	assert_warned("host.bsim:14: 25-bond0.netdev: [NetDev] MACAddress=02:00:00:00:00:42 is "
		      "not modelled; ignored");
	assert_warned("host.bsim:13: 40-bond0.network: [Link] MTUBytes=9000 is not modelled: "
		      "bondsim's frames are at most 1500 bytes; ignored");
	assert_warned("host.bsim:14: 40-bond0.network: [Link] RequiredForOnline=no is not "
		      "modelled; ignored");
	assert_warned("host.bsim:18: 40-bond0.network: [Route] Gateway=10.0.0.254 is not "
		      "modelled; ignored (for the default route write gateway = 10.0.0.254 in the "
		      "host's section)");
	assert_warned("host.bsim:19: 40-bond0.network: [Route] Destination=0.0.0.0/0 is not "
		      "modelled; ignored");
	{
		g_autofree char *w = all_warnings();

		cr_assert_null(strstr(w, "30-nics.network: [Link]"), "MTUBytes=1500: no word:\n%s", w);
	}
}

Test(bond_config_tools, networkd_unknown_link_key_is_refused)
{
	networkd_fails_with("b.network", "[Match]\nName=eth0\n[Link]\nMTU=9000\n",
			    "host.bsim:13: b.network: [Link] MTU= is not supported: write one of "
			    "MACAddress, MTUBytes, ARP, Multicast, AllMulticast, Promiscuous, "
			    "Unmanaged, Group, RequiredForOnline, RequiredFamilyForOnline, "
			    "ActivationPolicy");
}

/* ---- ifupdown: an option without a value, a second address ------------- */

/* read_interfaces_defn(): "option with empty value", and nothing of the file is read. */
Test(bond_config_tools, ifupdown_option_without_value_refuses_the_file)
{
	interfaces_fails_with("auto bond0\niface bond0 inet manual\n    bond-slaves eth0\n"
			      "    bond-mode   \n",
			      "host.bsim:13: bond0: option 'bond-mode' has no value, and ifupdown "
			      "refuses the whole file with it (\"option with empty value\"; ifup and "
			      "ifquery read nothing of it): write bond-mode VALUE (valid values: "
			      "balance-rr or 0, active-backup or 1, balance-xor or 2, broadcast or 3, "
			      "802.3ad or 4, balance-tlb or 5, balance-alb or 6), or remove the line");
	cr_assert_null(bond_conf_find(set, "bond0"));
}

/* Any option, not only bond-*: an empty "mtu" refuses the file as well. */
Test(bond_config_tools, ifupdown_any_option_without_value)
{
	interfaces_fails_with("iface eth0 inet manual\n    bond-master bond0\n    mtu\n"
			      "iface bond0 inet manual\n    bond-slaves none\n",
			      "host.bsim:12: eth0: option 'mtu' has no value, and ifupdown refuses "
			      "the whole file with it (\"option with empty value\"; ifup and ifquery "
			      "read nothing of it): write mtu VALUE, or remove the line");
}

/*
 * ifupdown 0.8.41 joins a second address line to the first; inet static's
 * conversion cuts at the first '/': ifquery shows "address: 10.0.0.1",
 * "netmask: 255.255.255.0", the second is gone.
 */
Test(bond_config_tools, ifupdown_second_address_dropped)
{
	interfaces("auto bond0\niface bond0 inet static\n    address 10.0.0.1/24\n"
		   "    address 10.0.0.2/16\n    bond-slaves eth0\n");
	boot();
	cr_assert_str_eq(bond("bond0")->ipaddr, "10.0.0.1");
	cr_assert_eq(bond("bond0")->prefix, 24);
	assert_warned("host.bsim:12: bond0: address given again at host.bsim:13 (address "
		      "10.0.0.2/16): ifupdown joins the lines with a newline and its inet static "
		      "conversion cuts the value at the first '/', so only 10.0.0.1/24 is set: "
		      "the second is dropped");
}

/* Without /N on the first line the newline reaches "ip addr add": ifup fails. */
Test(bond_config_tools, ifupdown_second_address_after_one_without_prefix)
{
	interfaces_fails_with("auto bond0\niface bond0 inet static\n    address 10.0.0.1\n"
			      "    netmask 24\n    address 10.0.0.2\n    bond-slaves eth0\n","host.bsim:12: bond0: address given again at host.bsim:14 (address "
			"10.0.0.2): ifupdown joins the lines with a newline and, the first having "
			"no /N, keeps both in ifup's 'ip addr add' command, which breaks in two, so "
			"ifup bond0 fails: write the first as 10.0.0.1/N (then the second is "
			"dropped), or keep one address line (bondsim gives an interface one "
			"address)");
}

/* A second inet stanza adds its address in ifupdown; bondsim keeps the first, and says so. */
Test(bond_config_tools, ifupdown_address_of_a_second_stanza)
{
	interfaces("auto bond0\niface bond0 inet static\n    address 10.0.0.1/24\n"
		   "    bond-slaves eth0\niface bond0 inet static\n    address 10.0.1.1/24\n");
	boot();
	cr_assert_str_eq(bond("bond0")->ipaddr, "10.0.0.1");
	assert_warned("host.bsim:15: bond0: a second 'iface bond0 inet' stanza with an "
		      "address: ifupdown adds 10.0.1.1/24 too; bondsim gives an interface one "
		      "address and keeps 10.0.0.1");
}

/* ---- ifupdown: a VLAN, a bridge, a plain NIC ----------------------------- */

/*
 * The vlan package's hook makes bond0.100 and vlan300, and so does bondsim
 * (test_bond_config_vlan.c); bridge-utils' makes br0, inet static gives
 * eth2 its address: bondsim makes neither, and says so.
 */
Test(bond_config_tools, ifupdown_vlan_bridge_and_plain_nic_are_said)
{
	interfaces("auto bond0\niface bond0 inet manual\n    bond-slaves eth0 eth1\n"
		   "    bond-mode 802.3ad\n"
		   "auto bond0.100\niface bond0.100 inet static\n    address 10.0.100.1/24\n"
		   "auto vlan300\niface vlan300 inet manual\n    vlan-raw-device bond0\n"
		   "auto br0\niface br0 inet static\n    address 10.0.0.1/24\n"
		   "    bridge_ports bond0\n"
		   "auto eth2\niface eth2 inet static\n    address 192.168.9.9/24\n");
	boot();
	assert_slaves(bond("bond0"), "eth0", "eth1");
	cr_assert_eq(bond("bond0")->params.mode, 4);
	cr_assert_null(bond("bond0")->ipaddr);
	cr_assert_eq(set->vlans->len, 2u);
	cr_assert_eq(set->warnings->len, 3u, "%s", all_warnings());	/* and what ifupdown hands the kernel */
	assert_warned("host.bsim:23: br0 is a bridge (bridge_ports bond0): bondsim does not "
		      "model bridges; it is not made, its ports join no bridge, and its address "
		      "10.0.0.1/24 is not given");
	assert_warned("host.bsim:26: eth2 is neither a bond nor a bond's slave: bondsim reads "
		      "bonds only from this file; address 192.168.9.9/24 is not given (write "
		      "'ip eth2 = ...' in the host)");
}

/* ---- ifupdown: mapping stanzas -------------------------------------------- */

#define MAPPED_BOND "auto bond0\niface bond0 inet static\n    address 10.0.0.1/24\n" \
	"    bond-slaves eth0 eth1\n    bond-mode active-backup\n"

/*
 * A mapping stanza's script and map lines belong to it (ifupdown's
 * read_interfaces()); bondsim runs no script: a warning, the rest is read.
 */
Test(bond_config_tools, ifupdown_mapping_stanza_is_read_past)
{
	interfaces("mapping eth0 eth1\n    script /usr/local/sbin/map-scheme\n"
		   "    map HOME eth0-home\n    map WORK eth0-work\n" MAPPED_BOND);
	boot();
	assert_warned("host.bsim:10: 'mapping eth0 eth1': the mapping script is not run; "
		      "ifup brings the interfaces up under the names they have");
	assert_slaves(bond("bond0"), "eth0", "eth1");
	cr_assert_eq(bond("bond0")->params.mode, 1);
}

/* map and script lines anywhere else are still no option of any stanza. */
Test(bond_config_tools, ifupdown_map_outside_a_mapping_is_refused)
{
	interfaces_fails_with(MAPPED_BOND "auto eth2\n    map HOME eth2-home\n",
			      "host.bsim:16: 'map' is outside any iface stanza: options follow "
			      "an 'iface NAME inet METHOD' line");
}

/*
 * What networkd writes goes through the kernel's option code, which prints
 * its own lines: those are the kernel's (its log), at the key's line; what
 * networkd handed over is bondsim's note.
 */
Test(bond_config_tools, networkd_option_rounded_by_the_kernel_is_a_kernel_line)
{
	networkd("b.netdev", "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMode=active-backup\n"
			     "MIIMonitorSec=250ms\nUpDelaySec=200ms\n");
	boot();
	cr_assert_eq(bond("bond0")->params.updelay, 0);
	cr_assert_eq(set->kernel->len, 1u, "%s", all_warnings());
	cr_assert_str_eq(set->kernel->pdata[0], "host.bsim:16: bond0: up delay (200) is not a "
			 "multiple of miimon (250), value rounded to 0 ms");
	for (guint i = 0; i < set->warnings->len; i++)
		cr_assert_null(strstr(set->warnings->pdata[i], "not a multiple"));
}
