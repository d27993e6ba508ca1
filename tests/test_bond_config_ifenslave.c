// SPDX-License-Identifier: MIT
/*
 * DOC: test_bond_config_ifenslave.c - ifenslave 2.13's hooks replayed over an interfaces file
 *
 * The four files of Debian's /usr/share/doc/ifenslave/examples (as they are,
 * "inet dhcp" and wpa-* options included), then one test per rule of the
 * if-pre-up.d hook: which stanza makes a bond, which options it writes and
 * in what order, what a slave's stanza gives its master, when the primary
 * is written.  Each checks the bond's values and the exact warnings.
 */
#include "conf_rig.h"

TestSuite(bond_config_ifenslave, .init = conf_setup, .fini = conf_teardown);

/* The options line the host's log shows for @bond. */
#define assert_handed(line, bond, opts) \
	assert_warned("host.bsim:" #line ": " bond ": ifupdown hands the kernel: " opts)

/* ---- /usr/share/doc/ifenslave/examples ---------------------------------- */

/* The Wi-Fi examples' wpasupplicant lines (not modelled: one warning each). */
#define WPA_LINES "\twpa-bridge bond0\n\twpa-key-mgmt WPA-PSK\n\twpa-proto WPA\n" \
	"\twpa-group CCMP\n\twpa-ssid my-ssid\n\twpa-psk \"my-secret-password\"\n"

Test(bond_config_ifenslave, example_two_ethernet)
{
	interfaces("auto bond0\n"
		   "iface bond0 inet dhcp\n"
		   "\tbond-slaves eth0 eth1\n"
		   "\tbond-mode 1\n"
		   "\tbond-miimon 100\n"
		   "\tbond-primary eth0 eth1\n");
	boot();

	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, BOND_MODE_ACTIVEBACKUP);
	cr_assert_eq(b->params.miimon, 100);
	cr_assert_str_eq(b->params.primary, "eth0");
	assert_slaves(b, "eth0", "eth1");
	cr_assert_null(b->ipaddr);
	assert_handed(11, "bond0", "miimon=100 mode=1 primary=eth0");
	cr_assert_eq(set->warnings->len, 1, "%s", all_warnings());
}

/*
 * bond0 comes up first with no slave; each hotplug NIC's hook enslaves it
 * and writes the primary from its own stanza: eth0 both times.
 */
Test(bond_config_ifenslave, example_two_hotplug_ethernet)
{
	interfaces("auto bond0\n"
		   "iface bond0 inet dhcp\n"
		   "\tbond-slaves none\n"
		   "\tbond-mode 1\n"
		   "\tbond-miimon 100\n"
		   "\n"
		   "allow-hotplug eth0\n"
		   "iface eth0 inet manual\n"
		   "\tbond-master bond0\n"
		   "\tbond-primary eth0 eth1\n"
		   "\n"
		   "allow-hotplug eth1\n"
		   "iface eth1 inet manual\n"
		   "\tbond-master bond0\n"
		   "\tbond-primary eth0 eth1\n");
	boot();

	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, BOND_MODE_ACTIVEBACKUP);
	cr_assert_str_eq(b->params.primary, "eth0");
	assert_slaves(b, "eth0", "eth1");
	assert_handed(11, "bond0", "miimon=100 mode=1 primary=eth0 primary=eth0");
	cr_assert_eq(set->warnings->len, 1, "%s", all_warnings());
}

/* allow-bond0 wlan0: bond0's hook enslaves wlan0, then "ifup --allow=bond0 wlan0". */
Test(bond_config_ifenslave, example_ethernet_wifi)
{
	interfaces("auto bond0\n"
		   "iface bond0 inet dhcp\n"
		   "\tbond-slaves eth0 wlan0\n"
		   "\tbond-mode 1\n"
		   "\tbond-miimon 100\n"
		   "\tbond-primary eth0\n"
		   "\n"
		   "allow-bond0 wlan0\n"
		   "iface wlan0 inet manual\n"
		   "\tbond-give-a-chance 10\n"
		   WPA_LINES);
	boot();

	struct bond_conf *b = bond("bond0");

	assert_slaves(b, "eth0", "wlan0");
	cr_assert_str_eq(b->params.primary, "eth0");
	assert_handed(11, "bond0", "miimon=100 mode=1 primary=eth0");
	assert_warned("host.bsim:19: wlan0: bond-give-a-chance 10: ifenslave's if-up.d hook "
		      "makes wlan0 its bond's primary until its link is up (10 s at most), then "
		      "puts the primary back; not modelled");
	assert_warned("host.bsim:20: wlan0: option 'wpa-bridge' is not modelled; ignored");
}

/* The slave's bond-mode and bond-miimon reach no bond: its stanza has bond-master. */
Test(bond_config_ifenslave, example_ethernet_hotplug_wifi)
{
	interfaces("auto bond0\n"
		   "iface bond0 inet dhcp\n"
		   "\tbond-slaves eth0\n"
		   "\tbond-mode 1\n"
		   "\tbond-miimon 100\n"
		   "\tbond-primary eth0\n"
		   "\n"
		   "allow-hotplug wlan0\n"
		   "iface wlan0 inet manual\n"
		   "\tbond-master bond0\n"
		   "\tbond-mode 1\n"
		   "\tbond-miimon 100\n"
		   "\tbond-give-a-chance 10\n"
		   WPA_LINES);
	boot();

	struct bond_conf *b = bond("bond0");

	assert_slaves(b, "eth0", "wlan0");
	cr_assert_str_eq(b->params.primary, "eth0");
	assert_handed(11, "bond0", "miimon=100 mode=1 primary=eth0");
	assert_warned("host.bsim:20: wlan0: bond-mode in a stanza with bond-master: ifenslave's "
		      "hook takes only bond-primary and bond-primary-reselect from a slave's "
		      "stanza; ignored");
	assert_warned("host.bsim:21: wlan0: bond-miimon in a stanza with bond-master: "
		      "ifenslave's hook takes only bond-primary and bond-primary-reselect from a "
		      "slave's stanza; ignored");
}

/* ---- the if-pre-up.d hook, rule by rule ---------------------------------- */

/*
 * setup_master() writes miimon before mode: bond-miimon 0 and then
 * 802.3ad, which brings miimon back to 100 (bond_option_mode_set()).
 */
Test(bond_config_ifenslave, mode_written_after_miimon)
{
	interfaces("auto bond0\niface bond0 inet manual\n    bond-mode 802.3ad\n"
		   "    bond-miimon 0\n    bond-slaves eth0\n");
	boot();
	cr_assert_eq(bond("bond0")->params.mode, BOND_MODE_8023AD);
	cr_assert_eq(bond("bond0")->params.miimon, 100);
	assert_handed(11, "bond0", "miimon=0 mode=802.3ad");
}

/* Options no hook writes: warned about, the kernel's values stay. */
Test(bond_config_ifenslave, options_the_hook_never_writes)
{
	interfaces("auto bond0\niface bond0 inet manual\n    bond-slaves eth0\n"
		   "    bond-mode balance-alb\n    bond-min-links 2\n    bond-lp-interval 5\n"
		   "    bond-resend-igmp 3\n");
	boot();

	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, BOND_MODE_ALB);
	cr_assert_eq(b->params.min_links, 0);
	cr_assert_eq(b->params.lp_interval, 1);
	cr_assert_eq(b->params.resend_igmp, 1);
	assert_warned("host.bsim:14: bond0: ifenslave 2.13 ignores bond-min-links (its hook "
		      "writes no min_links): the kernel keeps its value");
	assert_warned("host.bsim:15: bond0: ifenslave 2.13 ignores bond-lp-interval (its hook "
		      "writes no lp_interval): the kernel keeps its value");
	assert_handed(11, "bond0", "mode=balance-alb");
}

/* bond-active-slave and bond-queue-id: written by the hook, not modelled here. */
Test(bond_config_ifenslave, active_slave_and_queue_id_not_modelled)
{
	interfaces("auto bond0\niface bond0 inet manual\n    bond-slaves eth0 eth1\n"
		   "    bond-mode active-backup\n    bond-active-slave eth1\n"
		   "    bond-queue-id eth0:2\n");
	boot();
	assert_slaves(bond("bond0"), "eth0", "eth1");
	assert_warned("host.bsim:14: bond0: bond-active-slave: ifenslave writes it after "
		      "enslaving; bondsim does not model it, ignored");
	assert_warned("host.bsim:15: bond0: bond-queue-id: ifenslave writes it after "
		      "enslaving; bondsim does not model it, ignored");
}

/*
 * A stanza with neither bond-slaves nor bond-mode is no bond: the hook does
 * nothing with it, and a slave naming it fails to enslave.
 */
Test(bond_config_ifenslave, no_slaves_no_mode_no_bond)
{
	interfaces("auto eth0\niface eth0 inet manual\n    bond-master bond0\n"
		   "auto bond0\niface bond0 inet manual\n    bond-miimon 100\n");
	boot();
	cr_assert_null(bond_conf_find(set, "bond0"));
	assert_warned("host.bsim:15: bond0: bond-miimon, but neither bond-slaves nor bond-mode "
		      "nor bond-master: ifenslave's hook does nothing with this stanza, and makes "
		      "no bond bond0");
	assert_warned("host.bsim:12: eth0: bond-master bond0, but no stanza of bond0 has "
		      "bond-slaves or bond-mode, so ifenslave never creates it (\"Failed to "
		      "enslave eth0 to bond0\"): eth0 joins no bond");
}

/* A slave's own bond-primary-reselect reaches its master, after the slave is in. */
Test(bond_config_ifenslave, slave_stanza_primary_reselect)
{
	interfaces("auto bond0\niface bond0 inet manual\n    bond-slaves none\n"
		   "    bond-mode active-backup\n"
		   "auto eth1\niface eth1 inet manual\n    bond-master bond0\n"
		   "    bond-primary eth1\n    bond-primary-reselect failure\n");
	boot();

	struct bond_conf *b = bond("bond0");

	cr_assert_str_eq(b->params.primary, "eth1");
	cr_assert_eq(b->params.primary_reselect, 2);	/* failure */
	assert_handed(11, "bond0", "mode=active-backup primary=eth1 primary_reselect=failure");
}

/*
 * The master's bond-primary is written when its hook runs, after its
 * bond-slaves: a slave that joins later through its own bond-master comes
 * too late, and no primary is written.
 */
Test(bond_config_ifenslave, master_primary_before_hotplug_slave)
{
	interfaces("auto bond0\niface bond0 inet manual\n    bond-slaves none\n"
		   "    bond-mode active-backup\n    bond-primary eth0\n"
		   "auto eth0\niface eth0 inet manual\n    bond-master bond0\n");
	boot();
	cr_assert_str_eq(bond("bond0")->params.primary, "");
	assert_slaves(bond("bond0"), "eth0");
	assert_warned("host.bsim:14: bond0: no name in bond-primary is a slave of it yet when "
		      "ifenslave writes the primary, after enslaving bond0's bond-slaves (eth0 "
		      "joins later, through its own bond-master); ifenslave writes no primary");
}

/* The slave first: its hook brings the master up ("ifup bond0"), then enslaves itself. */
Test(bond_config_ifenslave, slave_first_brings_its_master_up)
{
	interfaces("auto eth0\niface eth0 inet manual\n    bond-master bond0\n"
		   "iface bond0 inet manual\n    bond-slaves none\n    bond-mode balance-xor\n"
		   "    bond-primary eth0\n");
	boot();
	assert_slaves(bond("bond0"), "eth0");
	cr_assert_eq(bond("bond0")->params.mode, BOND_MODE_XOR);
}

/* "bond-slaves all": every eth* of /proc/net/dev, which bondsim cannot know here. */
Test(bond_config_ifenslave, slaves_all_refused)
{
	interfaces_fails_with("auto bond0\niface bond0 inet manual\n    bond-slaves all\n"
			      "    bond-mode 1\n",
			      "host.bsim:12: bond0: bond-slaves all: ifenslave enslaves every eth* "
			      "interface of /proc/net/dev, which bondsim does not know while it reads "
			      "the file: name them (bond-slaves eth0 eth1)");
}

/* The older "slaves" option, IF_BOND_SLAVES=${IF_BOND_SLAVES:-$IF_SLAVES}. */
Test(bond_config_ifenslave, old_slaves_option)
{
	interfaces("auto bond0\niface bond0 inet manual\n    slaves eth1 eth0\n"
		   "    bond-xmit_hash_policy layer3+4\n    bond-mode 2\n");
	boot();
	assert_slaves(bond("bond0"), "eth1", "eth0");
	cr_assert_eq(bond("bond0")->params.xmit_policy, 1);	/* layer3+4 */
	assert_handed(11, "bond0", "mode=2 xmit_hash_policy=layer3+4");
	cr_assert_eq(set->warnings->len, 1, "%s", all_warnings());
}

/* A NIC only on an allow-bond0 line comes up only through bond0's bond-slaves. */
Test(bond_config_ifenslave, allow_bond_line_is_not_boot)
{
	interfaces("auto bond0\niface bond0 inet manual\n    bond-slaves none\n    bond-mode 1\n"
		   "allow-bond0 eth2\niface eth2 inet manual\n    bond-master bond0\n");
	boot();
	cr_assert_eq(bond("bond0")->slaves->len, 0);
	assert_warned("host.bsim:15: eth2 names bond-master bond0 but nothing brings it up at "
		      "boot (no auto or allow-hotplug line; an allow-bond0 line serves bond0's "
		      "bond-slaves only); not enslaved");
}

/* bond-mode alone makes a bond (the hook's elif); its slaves come by bond-master. */
Test(bond_config_ifenslave, mode_alone_makes_a_bond)
{
	interfaces("auto eth0\niface eth0 inet manual\n    bond-master bond0\n"
		   "auto bond0\niface bond0 inet manual\n    bond-mode balance-tlb\n");
	boot();
	cr_assert_eq(bond("bond0")->params.mode, BOND_MODE_TLB);
	assert_slaves(bond("bond0"), "eth0");
}

/* One NIC in the bond-slaves of two bonds: the first enslaves it, the kernel refuses the second. */
Test(bond_config_ifenslave, slave_of_two_bonds)
{
	interfaces("auto bond0 bond1\niface bond0 inet manual\n    bond-slaves eth0 eth1\n"
		   "    bond-mode 1\niface bond1 inet manual\n    bond-slaves eth1 eth2\n"
		   "    bond-mode 1\n");
	boot();
	assert_slaves(bond("bond0"), "eth0", "eth1");
	assert_slaves(bond("bond1"), "eth2");
	assert_warned("host.bsim:15: bond1: eth1 is a slave of bond0 already: the kernel "
		      "refuses to enslave it again (\"Failed to enslave eth1 to bond1\"); it stays "
		      "in bond0");
}
