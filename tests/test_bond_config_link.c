// SPDX-License-Identifier: MIT
/*
 * DOC: test_bond_config_link.c - a NIC's speed, duplex and autoneg from the files
 *
 * ifcfg's ETHTOOL_OPTS (initscripts' ethtool_set()), a NetworkManager
 * keyfile's [ethernet] (NMSettingWired) and ifupdown's link-speed,
 * link-duplex and ethernet-autoneg (the ethtool package's hook) land in
 * bond_conf_set.links with the meaning ethtool -s gives its words.  Texts
 * start at line 10, as in a scenario file.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "conf_rig.h"

TestSuite(bond_config_link, .init = conf_setup, .fini = conf_teardown);

#define M100 ((uint64_t)100000000)

static void ifcfg(const char *name, const char *text)
{
	GError *err = NULL;

	cr_assert(bond_conf_parse_ifcfg(set, name, text, FILE_NAME, 10, &err), "%s",
		  err ? err->message : "");
}

static void ifcfg_fails_with(const char *name, const char *text, const char *msg)
{
	GError *err = NULL;

	cr_assert_not(bond_conf_parse_ifcfg(set, name, text, FILE_NAME, 10, &err), "parsed");
	cr_assert_str_eq(err->message, msg);
	g_error_free(err);
}

/* What the files set for @nic: there, and at @line. */
static const struct bond_conf_link *link_of(const char *nic, int line)
{
	const struct bond_conf_link *l = bond_conf_link_find(set, nic);

	cr_assert_not_null(l, "nothing set for %s", nic);
	cr_assert_str_eq(l->file, FILE_NAME);
	cr_assert_eq(l->line, line, "line %d", l->line);
	return l;
}

static void assert_an(const struct bond_conf_link *l, bool forced, uint64_t bps,
		      enum autoneg_duplex dx)
{
	cr_assert_eq(l->an.forced, forced, "forced %d", l->an.forced);
	cr_assert_eq(l->an.speed_bps, bps, "speed %" G_GUINT64_FORMAT, l->an.speed_bps);
	cr_assert_eq(l->an.duplex, dx, "duplex %d", l->an.duplex);
}

/* ---- ifcfg: ETHTOOL_OPTS --------------------------------------------------- */

Test(bond_config_link, ifcfg_ethtool_opts_forces_the_nic)
{
	ifcfg("eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n"
		      "ETHTOOL_OPTS=\"speed 100 duplex full autoneg off\"\n");
	const struct bond_conf_link *l = link_of("eth0", 13);

	assert_an(l, true, M100, AUTONEG_DUPLEX_FULL);
	cr_assert_str_eq(l->words, "speed 100 duplex full autoneg off");
	cr_assert_eq(set->links->len, 1);
}

Test(bond_config_link, ifcfg_dash_s_device_and_other_commands_warned)
{
	ifcfg("eth1", "DEVICE=eth1\n"
		      "ETHTOOL_OPTS=\"-s ${DEVICE} speed 1000 duplex full; -K ${DEVICE} tso off\"\n");
	const struct bond_conf_link *l = link_of("eth1", 11);

	/* autoneg not said: 1000/full is what the NIC advertises */
	assert_an(l, false, 1000 * (uint64_t)1000000, AUTONEG_DUPLEX_FULL);
	assert_warned("host.bsim:11: ETHTOOL_OPTS: 'ethtool -K eth1 tso off': bondsim "
		      "does not model it (it takes speed, duplex, autoneg and advertise of ethtool -s); ignored");
}

Test(bond_config_link, ifcfg_commands_for_one_nic_add_up)
{
	ifcfg("eth0", "ETHTOOL_OPTS='--change eth0 speed 100 wol g; -s eth0 duplex half autoneg off'\n");
	assert_an(link_of("eth0", 10), true, M100, AUTONEG_DUPLEX_HALF);
	assert_warned("host.bsim:10: ETHTOOL_OPTS: 'wol g' of ethtool -s: bondsim does not model "
		      "it (it takes speed, duplex, autoneg and advertise); ignored");
}

Test(bond_config_link, ifcfg_without_ethtool_opts_sets_nothing)
{
	ifcfg("eth0", "DEVICE=eth0\nETHTOOL_OPTS=\"-G eth0 rx 4096\"\n");
	cr_assert_eq(set->links->len, 0);
	cr_assert_null(bond_conf_link_find(set, "eth0"));
}

Test(bond_config_link, ifcfg_bad_speed_names_the_line_and_the_speeds)
{
	ifcfg_fails_with("eth0", "DEVICE=eth0\nETHTOOL_OPTS=\"speed 1G duplex full autoneg off\"\n",
			 "host.bsim:11: eth0: ETHTOOL_OPTS: ethtool speed '1G' (write 1000): Mb/s as "
			 "ethtool takes it, one of 10, 100, 1000, 2500, 5000, 10000, 25000, 40000, "
			 "50000, 100000");
}

Test(bond_config_link, ifcfg_autoneg_off_without_duplex_refused)
{
	ifcfg_fails_with("eth0", "ETHTOOL_OPTS=\"speed 100 autoneg off\"\n",
			 "host.bsim:10: eth0: ETHTOOL_OPTS: ethtool autoneg off needs a speed and a "
			 "duplex to force: write e.g. speed 100 duplex full autoneg off");
}

Test(bond_config_link, ifcfg_typo_of_ethtool_opts_is_said)
{
	ifcfg("eth0", "DEVICE=eth0\nETHTOOL_OPT=\"speed 100\"\n");
	assert_warned("host.bsim:11: ETHTOOL_OPT= is no variable initscripts read (did you mean "
		      "ETHTOOL_OPTS=?); ignored");
}

/* ---- NetworkManager: [ethernet] -------------------------------------------- */

#define NM_ETH0 "[connection]\nid=eth0\ntype=ethernet\ninterface-name=eth0\n[ethernet]\n"

Test(bond_config_link, nm_speed_and_duplex_alone_force_the_nic)
{
	/* auto-negotiate defaults to false: speed and duplex are a static setting */
	nm("eth0.nmconnection", NM_ETH0 "speed=100\nduplex=full\n");
	const struct bond_conf_link *l = link_of("eth0", 15);

	assert_an(l, true, M100, AUTONEG_DUPLEX_FULL);
	cr_assert_str_eq(l->words, "speed 100 duplex full autoneg off");
}

Test(bond_config_link, nm_auto_negotiate_true_advertises_that_mode_only)
{
	nm("eth0.nmconnection", NM_ETH0 "auto-negotiate=true\nspeed=100\nduplex=half\n");
	assert_an(link_of("eth0", 16), false, M100, AUTONEG_DUPLEX_HALF);
}

Test(bond_config_link, nm_auto_negotiate_true_alone_negotiates_everything)
{
	nm("eth0.nmconnection", NM_ETH0 "auto-negotiate=true\n");
	assert_an(link_of("eth0", 15), false, 0, AUTONEG_DUPLEX_ANY);
}

Test(bond_config_link, nm_speed_without_duplex_dropped)
{
	nm("eth0.nmconnection", NM_ETH0 "speed=100\n");
	cr_assert_null(bond_conf_link_find(set, "eth0"));
	assert_warned("host.bsim:15: eth0.nmconnection: speed=100 without duplex=: NetworkManager "
		      "drops a speed without a duplex (and a duplex without a speed) when it loads "
		      "the profile; ignored");
}

Test(bond_config_link, nm_other_ethernet_keys_still_warned)
{
	nm("eth0.nmconnection", NM_ETH0 "mtu=9000\nspeed=10\nduplex=full\nauto-negotiate=false\n");
	assert_an(link_of("eth0", 16), true, 10 * (uint64_t)1000000, AUTONEG_DUPLEX_FULL);
	assert_warned("host.bsim:15: eth0.nmconnection: [ethernet] is not modelled but for "
		      "auto-negotiate=, speed= and duplex=; ignored");
}

Test(bond_config_link, nm_bad_values_refused)
{
	nm_fails_with("eth0.nmconnection", NM_ETH0 "duplex=ful\nspeed=100\n",
		      "host.bsim:15: eth0.nmconnection: [ethernet] duplex=ful: write half or full");
}

Test(bond_config_link, nm_bad_auto_negotiate_refused)
{
	nm_fails_with("eth0.nmconnection", NM_ETH0 "auto-negotiate=maybe\n",
		      "host.bsim:15: eth0.nmconnection: [ethernet] auto-negotiate=maybe: write true "
		      "or false");
}

Test(bond_config_link, nm_speed_not_in_mbps_refused)
{
	nm_fails_with("eth0.nmconnection", NM_ETH0 "speed=1G\nduplex=full\n",
		      "host.bsim:15: eth0.nmconnection: [ethernet] speed=1G: write the speed in "
		      "Mb/s, e.g. speed=100 (0: not set)");
}

/* ---- ifupdown: the ethtool package's hook ---------------------------------- */

Test(bond_config_link, interfaces_link_options_force_the_nic)
{
	interfaces("auto eth0\niface eth0 inet manual\n    link-speed 100\n    link-duplex full\n"
		   "    ethernet-autoneg off\n");
	const struct bond_conf_link *l = link_of("eth0", 12);

	assert_an(l, true, M100, AUTONEG_DUPLEX_FULL);
	cr_assert_str_eq(l->words, "speed 100 duplex full autoneg off");
	cr_assert_not(warned("host.bsim:12: eth0: option 'link-speed' is not modelled; ignored"));
}

Test(bond_config_link, interfaces_speed_alone_limits_what_is_advertised)
{
	interfaces("iface eth1 inet manual\n    link-speed 1000\n");
	assert_an(link_of("eth1", 11), false, 1000 * (uint64_t)1000000, AUTONEG_DUPLEX_ANY);
}

Test(bond_config_link, interfaces_advertising_mask_refused)
{
	interfaces_fails_with("iface eth0 inet manual\n    ethernet-autoneg 0x008\n",
			      "host.bsim:11: eth0: ethernet-autoneg 0x008: write on or off (bondsim "
			      "does not model an advertising mask)");
}

/* ---- one NIC, two files ---------------------------------------------------- */

Test(bond_config_link, two_files_for_one_nic_refused)
{
	GError *err = NULL;

	ifcfg("eth0", "ETHTOOL_OPTS=\"speed 100 duplex full autoneg off\"\n");
	cr_assert_not(bond_conf_parse_nm(set, "eth0.nmconnection", NM_ETH0 "auto-negotiate=true\n",
					 FILE_NAME, 30, &err));
	cr_assert_str_eq(err->message, "host.bsim:35: eth0: eth0.nmconnection [ethernet] sets eth0's "
			 "speed and duplex again (first at host.bsim:10: speed 100 duplex full "
			 "autoneg off): set them in one place");
	g_error_free(err);
}

/* ---- udev: .link files ------------------------------------------------------ */

/* The host's NICs eth0..eth2, MACs 02:00:00:00:00:01..03, as the loader hands them over. */
static gboolean apply_links(GError **err)
{
	static const char *const nics[] = { "eth0", "eth1", "eth2", NULL };
	static const guint8 macs[3][6] = { { 2, 0, 0, 0, 0, 1 }, { 2, 0, 0, 0, 0, 2 },
					   { 2, 0, 0, 0, 0, 3 } };

	return bond_conf_link_files_apply(set, 3, nics, macs, err);
}

static void link_files(void)
{
	GError *err = NULL;

	cr_assert(apply_links(&err), "%s", err ? err->message : "");
}

static void link_files_fail_with(const char *msg)
{
	GError *err = NULL;

	cr_assert_not(apply_links(&err), "applied");
	cr_assert_str_eq(err->message, msg);
	g_error_free(err);
}

Test(bond_config_link, link_bits_and_duplex_force_the_nic)
{
	networkd("10-eth0.link", "[Match]\nOriginalName=eth0\n[Link]\nBitsPerSecond=100M\n"
		 "Duplex=full\n");
	link_files();
	const struct bond_conf_link *l = link_of("eth0", 13);

	assert_an(l, true, M100, AUTONEG_DUPLEX_FULL);
	cr_assert_str_eq(l->words, "speed 100 duplex full autoneg off");
	cr_assert_str_eq(l->what, "10-eth0.link [Link]");
	cr_assert_eq(set->links->len, 1);
}

Test(bond_config_link, link_first_file_in_name_order_wins)
{
	/* given out of order: udev sorts them; eth1 takes 10-a, the rest 20-b only */
	networkd("20-b.link", "[Match]\nOriginalName=eth*\n[Link]\nAutoNegotiation=yes\n");
	networkd("10-a.link", "[Match]\nOriginalName=et?1 eth9\n[Link]\nAutoNegotiation=no\n"
		 "BitsPerSecond=100M\nDuplex=half\n");
	link_files();
	assert_an(link_of("eth1", 14), true, 100 * (uint64_t)1000000, AUTONEG_DUPLEX_HALF);
	assert_an(link_of("eth0", 13), false, 0, AUTONEG_DUPLEX_ANY);
	cr_assert_str_eq(bond_conf_link_find(set, "eth0")->words, "autoneg on");
	cr_assert_str_eq(bond_conf_link_find(set, "eth2")->what, "20-b.link [Link]");
	cr_assert_eq(set->links->len, 3);
}

/* e1000e and igb refuse a forced 1000/half (EINVAL): so does the loader */
Test(bond_config_link, link_forced_1000_half_is_refused_as_the_driver_refuses_it)
{
	networkd("10-a.link", "[Match]\nOriginalName=eth1\n[Link]\nAutoNegotiation=no\n"
		 "BitsPerSecond=1G\nDuplex=half\n");
	link_files_fail_with("host.bsim:15: eth1: 10-a.link: [Link] BitsPerSecond=1G Duplex=half: "
			     "udev sends ethtool speed 1000 duplex half autoneg off: the NIC's driver "
			     "(e1000e, igb) refuses 1000 Mb/s half duplex (EINVAL, 'Unsupported "
			     "Speed/Duplex configuration'): write duplex full, or speed 10 or 100 for "
			     "half duplex");
}

/* Advertise=1000baset-half alone: e1000e masks it off and, nothing left, advertises all */
Test(bond_config_link, link_advertise_of_1000_half_only_is_everything)
{
	networkd("10-a.link", "[Match]\nOriginalName=eth0\n[Link]\nAdvertise=1000baset-half\n");
	link_files();
	cr_assert_eq(link_of("eth0", 13)->an.advertise, 0u);
	cr_assert_not(link_of("eth0", 13)->an.forced);
}

Test(bond_config_link, link_matches_by_mac_and_all_matches_must_hold)
{
	networkd("10-mac.link", "[Match]\nMACAddress=02:00:00:00:00:09 02:00:00:00:00:02\n"
		 "[Link]\nBitsPerSecond=10M\nDuplex=full\n");
	networkd("20-both.link", "[Match]\nOriginalName=eth0 eth2\n"
		 "PermanentMACAddress=02-00-00-00-00-03\n[Link]\nAutoNegotiation=yes\n");
	link_files();
	assert_an(link_of("eth1", 13), true, 10000000, AUTONEG_DUPLEX_FULL);
	cr_assert_not_null(bond_conf_link_find(set, "eth2"));
	cr_assert_null(bond_conf_link_find(set, "eth0"), "eth0's MAC is not 02:00:00:00:00:03");
}

Test(bond_config_link, link_advertise_limits_and_speed_is_ignored)
{
	networkd("10-eth0.link", "[Match]\nOriginalName=eth0\n[Link]\nBitsPerSecond=100M\n"
		 "Advertise=10baset-full\nAdvertise=100baset-full\nAutoNegotiation=no\n");
	link_files();
	const struct bond_conf_link *l = link_of("eth0", 15);	/* the last Advertise= */

	cr_assert_eq(l->an.advertise, AUTONEG_ADV_10FULL | AUTONEG_ADV_100FULL);
	cr_assert_not(l->an.forced);
	cr_assert_str_eq(l->words, "autoneg on advertise 0x00a");
	assert_warned("host.bsim:13: 10-eth0.link: [Link] BitsPerSecond=100M is ignored: with "
		      "Advertise= udev negotiates and does not narrow what it advertises by speed "
		      "or duplex (ethtool -s would)");
	assert_warned("host.bsim:16: 10-eth0.link: [Link] AutoNegotiation=no is overridden: "
		      "Advertise= turns autonegotiation on");
}

Test(bond_config_link, link_advertise_of_everything_is_the_default)
{
	networkd("10-eth0.link", "[Match]\nOriginalName=eth0\n[Link]\nAdvertise=10baset-half "
		 "10baset-full 100baset-half 100baset-full 1000baset-half 1000baset-full\n");
	link_files();
	cr_assert(autoneg_is_default(&link_of("eth0", 13)->an));
}

Test(bond_config_link, link_autoneg_yes_ignores_speed_and_duplex)
{
	networkd("10-eth0.link", "[Match]\nOriginalName=eth0\n[Link]\nAutoNegotiation=yes\n"
		 "BitsPerSecond=100M\nDuplex=full\nWakeOnLan=g\n");
	link_files();
	cr_assert(autoneg_is_default(&link_of("eth0", 13)->an));
	assert_warned("host.bsim:15: 10-eth0.link: [Link] Duplex=full is ignored: with "
		      "AutoNegotiation=yes udev negotiates and does not narrow what it advertises "
		      "by speed or duplex (ethtool -s would)");
	assert_warned("host.bsim:16: 10-eth0.link: [Link] WakeOnLan=g: bondsim does not model it; "
		      "ignored");
}

Test(bond_config_link, link_lists_add_up_and_an_empty_line_empties)
{
	networkd("10-eth.link", "[Match]\nOriginalName=eth0\nOriginalName=\nOriginalName=eth2\n"
		 "[Link]\nBitsPerSecond=1G\nDuplex=full\n");
	link_files();
	cr_assert_null(bond_conf_link_find(set, "eth0"));
	cr_assert_not_null(bond_conf_link_find(set, "eth2"));
}

Test(bond_config_link, link_files_udev_never_uses_are_said)
{
	networkd("30-empty.link", "[Match]\n[Link]\nBitsPerSecond=10M\nDuplex=half\n");
	networkd("40-none.link", "[Match]\nOriginalName=wlan0\n[Link]\nAutoNegotiation=yes\n");
	networkd("99-zz.link", "[Match]\nOriginalName=eth0\n[Link]\nAutoNegotiation=yes\n");
	link_files();
	cr_assert_eq(set->links->len, 0);
	assert_warned("host.bsim:10: 30-empty.link: [Match] says nothing, so udev ignores the file "
		      "(to match every NIC: OriginalName=*)");
	assert_warned("host.bsim:10: 40-none.link: [Match] holds for none of the host's NICs "
		      "(eth0, eth1, eth2) that no file before it took");
	assert_warned("host.bsim:10: 99-zz.link: never used: systemd's own 99-default.link "
		      "(OriginalName=*) sorts before it and matches every NIC first; give it a "
		      "name that sorts before, e.g. 10-zz.link");
}

Test(bond_config_link, link_own_99_default_replaces_systemds)
{
	networkd("99-default.link", "[Match]\nOriginalName=eth2\n[Link]\nNamePolicy=kernel\n");
	networkd("99-zz.link", "[Match]\nOriginalName=eth*\n[Link]\nAutoNegotiation=yes\n");
	link_files();
	cr_assert_not_null(bond_conf_link_find(set, "eth0"));
	cr_assert_null(bond_conf_link_find(set, "eth2"), "99-default.link came first for eth2");
}

Test(bond_config_link, link_forced_without_duplex_refused)
{
	networkd("10-eth0.link", "[Match]\nOriginalName=eth0\n[Link]\nAutoNegotiation=no\n"
		 "Duplex=half\n");
	link_files_fail_with("host.bsim:14: eth0: 10-eth0.link: udev turns autonegotiation off "
			     "and sets the duplex only; the speed stays what the driver reports, "
			     "which bondsim cannot know: write BitsPerSecond= and Duplex= both (or "
			     "AutoNegotiation=yes)");
}

Test(bond_config_link, link_and_ethtool_opts_for_one_nic_refused)
{
	ifcfg("eth1", "DEVICE=eth1\nETHTOOL_OPTS=\"speed 100 duplex full autoneg off\"\n");
	networkd("10-eth1.link", "[Match]\nOriginalName=eth1\n[Link]\nAutoNegotiation=yes\n");
	link_files_fail_with("host.bsim:13: eth1: 10-eth1.link [Link] sets eth1's speed and duplex "
			     "again (first at host.bsim:11: speed 100 duplex full autoneg off): set "
			     "them in one place");
}

Test(bond_config_link, link_bad_values_refused_where_typed)
{
	networkd_fails_with("10-a.link", "[Match]\nOriginalName=eth0\n[Link]\nBitsPerSecond=1000\n",
			    "host.bsim:13: 10-a.link: [Link] BitsPerSecond=1000: bits per second with "
			    "K, M or G (base 1000), a speed ethtool takes (did you mean 1G?): one of "
			    "10M, 100M, 1G, 2.5G, 5G, 10G, 25G, 40G, 50G, 100G");
	/* a number past any unsigned (the fuzzer's): refused, not cast */
	networkd_fails_with("10-a.link", "[Match]\nOriginalName=eth0\n[Link]\n"
			    "BitsPerSecond=15555555555555555555555555555555555555555500M\n",
			    "host.bsim:13: 10-a.link: [Link] BitsPerSecond="
			    "15555555555555555555555555555555555555555500M: bits per second with "
			    "K, M or G (base 1000), a speed ethtool takes: one of "
			    "10M, 100M, 1G, 2.5G, 5G, 10G, 25G, 40G, 50G, 100G");
	networkd_fails_with("10-b.link", "[Match]\nOriginalName=!eth0\n",
			    "host.bsim:11: 10-b.link: [Match] OriginalName=!eth0: an inverted list is "
			    "not taken: list the names it is for (globs such as eth* are)");
	networkd_fails_with("10-c.link", "[Match]\nMACAddress=02:00:00:00:00\n",
			    "host.bsim:11: 10-c.link: [Match] MACAddress=02:00:00:00:00: "
			    "'02:00:00:00:00' is not a MAC address: write e.g. 02:00:00:01:00:01");
	networkd_fails_with("10-d.link", "[Match]\nPath=pci-0000:02:00.0\n",
			    "host.bsim:11: 10-d.link: [Match] Path=pci-0000:02:00.0: bondsim cannot "
			    "evaluate it (it models no drivers, buses or systems to match): match "
			    "the NIC with OriginalName= or MACAddress=");
	networkd_fails_with("10-e.link", "[Match]\nName=eth0\n",
			    "host.bsim:11: 10-e.link: [Match] Name= is no key of a .link file: write "
			    "one of OriginalName, MACAddress, PermanentMACAddress (what bondsim can "
			    "match a NIC by)");
	networkd_fails_with("10-f.link", "[Link]\nDuplex=ful\n",
			    "host.bsim:11: 10-f.link: [Link] Duplex=ful: write half or full");
	networkd_fails_with("10-g.link", "[Network]\nBond=bond0\n",
			    "host.bsim:11: 10-g.link: section [Network] is not supported in a .link "
			    "file: write [Match] or [Link]");
	networkd_fails_with("10-h.link", "[Link]\nAutoNegotiation=maybe\n",
			    "host.bsim:11: 10-h.link: [Link] AutoNegotiation=maybe: not a boolean: "
			    "write yes or no");
}

Test(bond_config_link, link_speed_with_units_rounds_up_to_mbps)
{
	networkd("10-a.link", "[Match]\nOriginalName=eth0\n[Link]\nBitsPerSecond=2.5G\n"
		 "Duplex=full\n");
	networkd("10-b.link", "[Match]\nOriginalName=eth1\n[Link]\nBitsPerSecond=99999999\n"
		 "Duplex=full\n");
	link_files();
	assert_an(link_of("eth0", 13), true, 2500 * (uint64_t)1000000, AUTONEG_DUPLEX_FULL);
	/* 99.999999 Mb/s: ethtool gets DIV_ROUND_UP, 100 */
	assert_an(link_of("eth1", 13), true, M100, AUTONEG_DUPLEX_FULL);
}
