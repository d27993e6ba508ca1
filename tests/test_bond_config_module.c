// SPDX-License-Identifier: MIT
/*
 * DOC: test_bond_config_module.c - modprobe.d under the bonds networkd,
 * NetworkManager and ifupdown make.  Each tool's first bond loads the
 * module (rtnetlink's request_module(), ifenslave's "modprobe bonding")
 * with the host's "options bonding ..." and then systemd's max_bonds=0: no
 * bond of the module's own, and every option networkd or ifenslave does
 * not set keeps the module's value (NetworkManager sets them all).  Each test checks the values, where they were set
 * and the exact warnings.
 */
#include "conf_rig.h"

#include "bond/bond.h"
#include "bond/bond_hash.h"

TestSuite(bond_config_module, .init = conf_setup, .fini = conf_teardown);

static void modprobe(const char *text)
{
	GError *err = NULL;

	cr_assert(bond_conf_parse_modprobe(set, text, FILE_NAME, 10, &err), "%s",
		  err ? err->message : "");
}

#define LACP_MODULE "options bonding mode=802.3ad lacp_rate=fast xmit_hash_policy=layer3+4\n"
#define NETDEV_NO_MODE "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMIIMonitorSec=200ms\n"

/* A .netdev without Mode=: the module's mode, rate and hash; networkd's miimon. */
Test(bond_config_module, networkd_bond_takes_the_modules_parameters)
{
	modprobe(LACP_MODULE);
	networkd("25-bond0.netdev", NETDEV_NO_MODE);
	boot();

	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, BOND_MODE_8023AD);
	cr_assert_eq(b->params.lacp_rate, 1);
	cr_assert_eq(b->params.xmit_policy, BOND_XMIT_POLICY_LAYER34);
	cr_assert_eq(b->params.miimon, 200);
	cr_assert_str_eq(bond_conf_set_at(b, "mode"), "host.bsim:10");
	cr_assert_str_eq(bond_conf_set_at(b, "lacp_rate"), "host.bsim:10");
	/* the module made no bond of its own: systemd's max_bonds=0 */
	cr_assert_null(bond_conf_find(set, "bond1"));
	cr_assert_eq(set->bonds->len, 1);
	/* systemd's max_bonds=0 is no option of the bond ("options --explain" shows none) */
	cr_assert_eq(b->params.max_bonds, 1);
	/* the load's kernel lines: 802.3ad without miimon forces 100 ms there */
	assert_warned("host.bsim:10: Forcing miimon to 100msec");
}

/* What the .netdev sets wins over the module's value. */
Test(bond_config_module, networkd_mode_overrides_the_modules)
{
	modprobe(LACP_MODULE "options bonding miimon=300\n");
	networkd("25-bond0.netdev", NETDEV_NO_MODE "Mode=active-backup\n");
	boot();

	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, BOND_MODE_ACTIVEBACKUP);
	cr_assert_eq(b->params.miimon, 200);
	cr_assert_eq(b->params.xmit_policy, BOND_XMIT_POLICY_LAYER34);
}

/* max_bonds from the user: systemd's file comes after it and wins, said at the word. */
Test(bond_config_module, max_bonds_is_overridden_by_systemd)
{
	modprobe("options bonding max_bonds=2 miimon=100\n");
	networkd("25-bond0.netdev", NETDEV_NO_MODE);
	boot();
	cr_assert_eq(set->bonds->len, 1);
	cr_assert_not_null(bond_conf_find(set, "bond0"));
	assert_warned("host.bsim:10: bonding: max_bonds=2 is overridden by systemd's "
		      "/usr/lib/modprobe.d/systemd.conf (options bonding max_bonds=0), read "
		      "after a bonding.conf: the module makes no bond, the tool makes its own");
}

/* ifenslave's hook: bond-miimon given, the rest from the module. */
Test(bond_config_module, ifupdown_bond_takes_the_modules_parameters)
{
	modprobe("options bonding mode=balance-xor xmit_hash_policy=layer2+3 miimon=400\n");
	interfaces("auto bond0\niface bond0 inet static\n    address 10.0.0.1/24\n"
		   "    bond-slaves eth0 eth1\n    bond-miimon 100\n");
	boot();

	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, BOND_MODE_XOR);
	cr_assert_eq(b->params.xmit_policy, BOND_XMIT_POLICY_LAYER23);
	cr_assert_eq(b->params.miimon, 100);
	assert_slaves(b, "eth0", "eth1");
}

/*
 * NetworkManager creates the bond with every option it knows, its own
 * default where the keyfile is silent (nm_setting_bond_get_option_normalized()):
 * the module's updelay does not show, the module still loads.
 */
Test(bond_config_module, nm_bond_ignores_the_modules_parameters)
{
	modprobe("options bonding miimon=250 updelay=500\n");
	nm("bond0.nmconnection", "[connection]\nid=b0\ntype=bond\ninterface-name=bond0\n"
	   "[bond]\nmode=active-backup\n[ipv4]\nmethod=manual\naddress1=10.0.0.1/24\n");
	boot();

	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, BOND_MODE_ACTIVEBACKUP);
	cr_assert_eq(b->params.miimon, 100);
	cr_assert_eq(b->params.updelay, 0);
	cr_assert_null(bond_conf_set_at(b, "updelay"));
	assert_warned("host.bsim:10: MII link monitoring set to 250 ms");
}

/* Without modprobe.d nothing changes: the kernel's defaults, no warning of a load. */
Test(bond_config_module, no_modprobe_d_keeps_the_kernel_defaults)
{
	networkd("25-bond0.netdev", "[NetDev]\nName=bond0\nKind=bond\n");
	boot();

	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, BOND_MODE_ROUNDROBIN);
	cr_assert_eq(b->params.miimon, 0);
	cr_assert_null(bond_conf_set_at(b, "mode"));
	for (guint i = 0; i < set->warnings->len; i++)
		cr_assert_null(strstr(set->warnings->pdata[i], "bonding:"), "%s",
			       (char *)set->warnings->pdata[i]);
}
