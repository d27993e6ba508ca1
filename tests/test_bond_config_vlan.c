/*
 * test_bond_config_vlan.c - VLAN devices from every configuration format
 * (models/bond/bond_config_vlan.c and each format's reader): the recorded
 * struct bond_conf_vlan to the field, and the refusals at their file:line.
 */
#include "conf_rig.h"
#include "bond/bond_config_priv.h"

TestSuite(bond_config_vlan, .init = conf_setup, .fini = conf_teardown);

static void ifcfg(const char *name, const char *text, int line)
{
	GError *err = NULL;

	cr_assert(bond_conf_parse_ifcfg(set, name, text, FILE_NAME, line, &err), "%s",
		  err ? err->message : "");
}

/* Each field of VLAN @i of the set. */
static void assert_vlan(guint i, const char *name, const char *link, unsigned id,
			const char *ip, int prefix, int line)
{
	const struct bond_conf_vlan *v;

	cr_assert_lt(i, set->vlans->len, "only %u VLANs", set->vlans->len);
	v = set->vlans->pdata[i];
	cr_assert_str_eq(v->name, name);
	cr_assert_str_eq(v->link, link);
	cr_assert_eq(v->id, id);
	if (ip)
		cr_assert_str_eq(v->ipaddr, ip);
	else
		cr_assert_null(v->ipaddr, "%s has %s", name, v->ipaddr);
	cr_assert_eq(v->prefix, prefix);
	cr_assert_str_eq(v->file, FILE_NAME);
	cr_assert_eq(v->line, line);
}

/* ---- helpers --------------------------------------------------------------- */

Test(bond_config_vlan, ids_and_names)
{
	unsigned id = 0;
	char *link = NULL;

	cr_assert(bond_conf_vlan_id("1", &id) && id == 1);
	cr_assert(bond_conf_vlan_id("4094", &id) && id == 4094);
	cr_assert_not(bond_conf_vlan_id("0", &id));
	cr_assert_not(bond_conf_vlan_id("4095", &id));
	cr_assert_not(bond_conf_vlan_id("+7", &id));
	cr_assert_not(bond_conf_vlan_id("7x", &id));
	cr_assert_not(bond_conf_vlan_id("", &id));
	cr_assert(bond_conf_vlan_split("bond0.0100", &link, &id));
	cr_assert_str_eq(link, "bond0");
	cr_assert_eq(id, 100);
	g_free(link);
	cr_assert_not(bond_conf_vlan_split("bond0", &link, &id));
	cr_assert_not(bond_conf_vlan_split(".100", &link, &id));
	cr_assert(bond_conf_vlan_number("vlan0300", &id) && id == 300);
	cr_assert_not(bond_conf_vlan_number("vlan", &id));
}

/* ---- ifcfg ----------------------------------------------------------------- */

static void rhel_bond(void)
{
	ifcfg("bond0", "DEVICE=bond0\nBONDING_OPTS=\"mode=1 miimon=100\"\nBOOTPROTO=none\n", 20);
	ifcfg("eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n", 30);
}

/* RHEL's example: ifcfg-bond0.100 with VLAN=yes, the bond without an address. */
Test(bond_config_vlan, ifcfg_dev_dot_vid)
{
	rhel_bond();
	ifcfg("bond0.100", "DEVICE=bond0.100\nBOOTPROTO=none\nONBOOT=yes\nVLAN=yes\n"
	      "IPADDR=10.0.100.10\nPREFIX=24\n", 50);
	boot();
	cr_assert_null(bond("bond0")->ipaddr);
	cr_assert_eq(set->vlans->len, 1u);
	assert_vlan(0, "bond0.100", "bond0", 100, "10.0.100.10", 24, 50);
	cr_assert_eq(set->warnings->len, 0u, "%s", all_warnings());
}

/* PHYSDEV= and VLAN_ID= win over the name; vlanVID takes the name's VID. */
Test(bond_config_vlan, ifcfg_physdev_vlan_id_and_vlan_naming)
{
	rhel_bond();
	ifcfg(NULL, "DEVICE=vlan200\nVLAN=yes\nPHYSDEV=bond0\nIPADDR=10.0.200.1\n"
	      "NETMASK=255.255.255.128\n", 50);
	ifcfg(NULL, "DEVICE=mgmt\nVLAN=yes\nPHYSDEV=eth1\nVLAN_ID=7\nIPADDR=172.16.0.9\n", 60);
	ifcfg(NULL, "DEVICE=bond0.300\nVLAN=yes\nVLAN_ID=301\nBOOTPROTO=dhcp\n"
	      "IPADDR=10.0.3.1\n", 70);
	boot();
	cr_assert_eq(set->vlans->len, 3u);
	assert_vlan(0, "vlan200", "bond0", 200, "10.0.200.1", 25, 50);
	assert_vlan(1, "mgmt", "eth1", 7, "172.16.0.9", 16, 60);
	assert_vlan(2, "bond0.300", "bond0", 301, NULL, 0, 70);
}

Test(bond_config_vlan, ifcfg_refusals)
{
	GError *err = NULL;
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "DEVICE=bond0.4095\nVLAN=yes\n", "host.bsim:50: bond0.4095 has VLAN=yes but no "
		  "VLAN id: set VLAN_ID= (1-4094) or name it DEV.VID (e.g. DEVICE=bond0.100) or "
		  "vlanVID" },
		{ "DEVICE=bond0.5\nVLAN=yes\nVLAN_ID=0\n",
		  "host.bsim:52: VLAN_ID=0: a VLAN id is a whole number from 1 to 4094" },
		{ "DEVICE=vlan5\nVLAN=yes\n", "host.bsim:50: vlan5 has VLAN=yes but no device to "
		  "be on: set PHYSDEV= (e.g. PHYSDEV=bond0), as the network service wants for a "
		  "name that is not DEV.VID" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		bond_conf_set_free(set);
		set = bond_conf_set_new();
		ifcfg(NULL, bad[i].text, 50);
		cr_assert_not(bond_conf_finalize(set, &err), "%s booted", bad[i].text);
		cr_assert_str_eq(err->message, bad[i].msg);
		g_clear_error(&err);
	}
}

/* A VLAN defined by two formats: the second is refused where it says so. */
Test(bond_config_vlan, defined_twice)
{
	GError *err = NULL;

	cr_assert_not_null(bond_conf_vlan_record(set, "bond0.100", "bond0", 100, NULL, 0,
						 FILE_NAME, 50, &err));
	cr_assert_null(bond_conf_vlan_record(set, "bond0.100", "bond0", 100, NULL, 0,
					     FILE_NAME, 60, &err));
	cr_assert_str_eq(err->message,
			 "host.bsim:60: VLAN bond0.100 is defined twice (first at host.bsim:50)");
	g_clear_error(&err);
	cr_assert_null(bond_conf_vlan_record(set, "averyveryverylongname.5", "bond0", 5, NULL,
					     0, FILE_NAME, 70, &err));
	cr_assert_str_eq(err->message, "host.bsim:70: VLAN 'averyveryverylongname.5': not an "
			 "interface name (at most 15 characters, no '/', ':' or spaces)");
	g_clear_error(&err);
}

/* ONBOOT=no: not brought up, as a bond with it is not. */
Test(bond_config_vlan, ifcfg_onboot_no)
{
	rhel_bond();
	ifcfg("bond0.100", "DEVICE=bond0.100\nVLAN=yes\nONBOOT=no\n", 50);
	boot();
	cr_assert_eq(set->vlans->len, 0u);
	assert_warned("host.bsim:50: bond0.100 has ONBOOT=no: not brought up at boot");
}

/* ---- ifupdown (the vlan package's hook) ------------------------------------ */

#define IF_BOND "auto bond0\niface bond0 inet manual\n    bond-slaves eth0\n" \
	"    bond-mode active-backup\n"

Test(bond_config_vlan, ifupdown_names_and_raw_device)
{
	interfaces(IF_BOND
		   "auto bond0.100\niface bond0.100 inet static\n    address 10.0.100.10\n"
		   "    netmask 255.255.255.0\n"
		   "auto vlan300\niface vlan300 inet static\n    vlan-raw-device bond0\n"
		   "    address 10.0.3.1/25\n"
		   "auto eth1.0042\niface eth1.0042 inet manual\n");
	boot();
	cr_assert_null(bond("bond0")->ipaddr);
	cr_assert_eq(set->vlans->len, 3u);
	assert_vlan(0, "bond0.100", "bond0", 100, "10.0.100.10", 24, 15);
	assert_vlan(1, "vlan300", "bond0", 300, "10.0.3.1", 25, 19);
	assert_vlan(2, "eth1.0042", "eth1", 42, NULL, 0, 23);
}

/* Without an auto line nothing brings it up. */
Test(bond_config_vlan, ifupdown_not_brought_up)
{
	interfaces(IF_BOND "iface bond0.100 inet static\n    address 10.0.100.10/24\n");
	boot();
	cr_assert_eq(set->vlans->len, 0u);
	assert_warned("host.bsim:14: bond0.100: a VLAN that no auto or allow- line brings up; "
		      "not made at boot (add 'auto bond0.100'), and its address 10.0.100.10/24 "
		      "is not given");
}

Test(bond_config_vlan, ifupdown_refusals)
{
	interfaces_fails_with(IF_BOND "auto vlan300\niface vlan300 inet manual\n",
			      "host.bsim:15: vlan300: the vlan package's hook needs vlan-raw-device "
			      "for a name that is not DEV.VID (e.g. vlan-raw-device bond0)");
	interfaces_fails_with(IF_BOND "auto bond0.4095\niface bond0.4095 inet manual\n",
			      "host.bsim:15: bond0.4095: the vlan package's hook takes the VLAN id "
			      "from the name: name it DEV.VID or vlanVID, VID a whole number from 1 "
			      "to 4094 (e.g. bond0.100)");
}

/* ---- NetworkManager keyfiles ------------------------------------------------ */

#define NM_BOND "[connection]\nid=bond0\nuuid=5f1c3e43-0000-4000-8000-000000000001\n" \
	"type=bond\ninterface-name=bond0\n[bond]\nmode=active-backup\n[ipv4]\nmethod=disabled\n"

Test(bond_config_vlan, nm_vlan_on_a_bond)
{
	nm("bond0.nmconnection", NM_BOND);
	nm("bond0.100.nmconnection", "[connection]\nid=bond0.100\ntype=vlan\n"
	   "interface-name=bond0.100\n[vlan]\nid=100\nparent=bond0\nflags=1\n"
	   "[ipv4]\nmethod=manual\naddress1=10.0.100.10/24\n");
	/* the parent by the bond connection's uuid, the name made from it */
	nm("v200.nmconnection", "[connection]\nid=v200\ntype=vlan\n[vlan]\nid=200\n"
	   "parent=5f1c3e43-0000-4000-8000-000000000001\n[ipv4]\nmethod=auto\n"
	   "address1=10.0.200.1/24\n");
	nm("v3.nmconnection", "[connection]\nid=v3\ntype=vlan\n[vlan]\nid=3001\n"
	   "parent=enp0s31f6abcdef\n");
	boot();
	cr_assert_null(bond("bond0")->ipaddr);
	cr_assert_eq(set->vlans->len, 3u);
	assert_vlan(0, "bond0.100", "bond0", 100, "10.0.100.10", 24, 13);
	assert_vlan(1, "bond0.200", "bond0", 200, NULL, 0, 12);
	assert_vlan(2, "enp0s31f6a.3001", "enp0s31f6abcdef", 3001, NULL, 0, 12);
	assert_warned("host.bsim:17: bond0.100.nmconnection: [vlan] flags= is not modelled "
		      "(bondsim takes id= and parent=); ignored");
}

Test(bond_config_vlan, nm_refusals)
{
	nm("v.nmconnection", "[connection]\nid=v\ntype=vlan\n[vlan]\nparent=bond0\n");
	boot_fails_with("host.bsim:12: v.nmconnection: a vlan connection needs [vlan] id=, a "
			"whole number from 1 to 4094 (NetworkManager's default 0 is a priority "
			"tag only, not modelled)");
	conf_teardown();
	conf_setup();
	nm("v.nmconnection", "[connection]\nid=v\ntype=vlan\n[vlan]\nid=0\nparent=bond0\n");
	boot_fails_with("host.bsim:14: v.nmconnection: a vlan connection needs [vlan] id=, a "
			"whole number from 1 to 4094, not '0' (NetworkManager's default 0 is a "
			"priority tag only, not modelled)");
	conf_teardown();
	conf_setup();
	nm("v.nmconnection", "[connection]\nid=v\ntype=vlan\n[vlan]\nid=5\n");
	boot_fails_with("host.bsim:12: v.nmconnection: a vlan connection needs [vlan] parent=, "
			"the device it is on (an interface name or a connection's uuid; bondsim "
			"does not match [ethernet] mac-address=)");
}

Test(bond_config_vlan, nm_autoconnect_false)
{
	nm("v.nmconnection", "[connection]\nid=v\ntype=vlan\ninterface-name=eth0.5\n"
	   "autoconnect=false\n[vlan]\nid=5\nparent=eth0\n");
	boot();
	cr_assert_eq(set->vlans->len, 0u);
	assert_warned("host.bsim:13: v.nmconnection: autoconnect=false: VLAN eth0.5 is not made "
		      "at boot");
}

/* ---- systemd-networkd ------------------------------------------------------ */

static void nd_bond(void)
{
	networkd("25-bond0.netdev", "[NetDev]\nName=bond0\nKind=bond\n[Bond]\n"
		 "Mode=active-backup\n");
	networkd("30-eth0.network", "[Match]\nName=eth0\n[Network]\nBond=bond0\n");
}

Test(bond_config_vlan, networkd_netdev_vlan_key_and_own_network)
{
	nd_bond();
	networkd("35-bond0.100.netdev", "[NetDev]\nName=bond0.100\nKind=vlan\n[VLAN]\nId=100\n"
		 "GVRP=yes\n");
	networkd("36-eth1.7.netdev", "[NetDev]\nName=eth1.7\nKind=vlan\n[VLAN]\nId=7\n"
		 "Protocol=802.1q\n");
	networkd("40-bond0.network", "[Match]\nName=bond0\n[Network]\nVLAN=bond0.100\n");
	networkd("41-eth1.network", "[Match]\nName=eth1\n[Network]\nVLAN=eth1.7\n");
	networkd("50-bond0.100.network", "[Match]\nName=bond0.100\n[Network]\n"
		 "Address=10.0.100.10/24\n");
	boot();
	cr_assert_null(bond("bond0")->ipaddr);
	cr_assert_eq(set->vlans->len, 2u);
	assert_vlan(0, "bond0.100", "bond0", 100, "10.0.100.10", 24, 11);
	assert_vlan(1, "eth1.7", "eth1", 7, NULL, 0, 11);
	assert_warned("host.bsim:15: 35-bond0.100.netdev: [VLAN] GVRP=yes is not modelled; "
		      "ignored");
}

Test(bond_config_vlan, networkd_refusals)
{
	static const struct {
		const char *netdev, *msg;
	} bad[] = {
		{ "[NetDev]\nName=bond0.100\nKind=vlan\n", "host.bsim:11: 35-v.netdev: Kind=vlan "
		  "needs [VLAN] Id=, a whole number from 1 to 4094 (networkd ignores a VLAN "
		  "without one; 0 is a priority tag, not modelled)" },
		{ "[NetDev]\nName=bond0.100\nKind=vlan\n[VLAN]\nId=4095\n", "host.bsim:14: "
		  "35-v.netdev: Kind=vlan needs [VLAN] Id=, a whole number from 1 to 4094, not "
		  "'4095' (networkd ignores a VLAN without one; 0 is a priority tag, not modelled)" },
		{ "[NetDev]\nName=bond0.100\nKind=vlan\n[VLAN]\nId=5\nProtocol=802.1ad\n",
		  "host.bsim:15: 35-v.netdev: Protocol=802.1ad: bondsim's VLANs tag 802.1Q only "
		  "(QinQ's 802.1ad service tag is not modelled): write Protocol=802.1q or nothing" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		conf_teardown();
		conf_setup();
		nd_bond();
		networkd("35-v.netdev", bad[i].netdev);
		networkd("40-bond0.network", "[Match]\nName=bond0\n[Network]\nVLAN=bond0.100\n");
		boot_fails_with(bad[i].msg);
	}
}

/* ---- netplan ---------------------------------------------------------------- */

static void netplan(const char *name, const char *text)
{
	GError *err = NULL;

	cr_assert(bond_conf_parse_netplan(set, name, text, FILE_NAME, 10, &err), "%s",
		  err ? err->message : "");
}

#define NP_HEAD(renderer) "network:\n  version: 2\n  renderer: " renderer "\n" \
	"  ethernets:\n    eth0: {}\n    eth1: {}\n" \
	"  bonds:\n    bond0:\n      interfaces: [eth0]\n"

/* Rendered for networkd (a .netdev, VLAN= in the link's .network) and for NetworkManager. */
Test(bond_config_vlan, netplan_networkd_and_nm)
{
	static const char *const renderers[] = { "networkd", "NetworkManager" };

	for (size_t i = 0; i < G_N_ELEMENTS(renderers); i++) {
		conf_teardown();
		conf_setup();
		netplan("01-net.yaml", i ? NP_HEAD("NetworkManager") : NP_HEAD("networkd"));
		netplan("02-vlans.yaml", "network:\n  version: 2\n"
			"  vlans:\n    bond0.100:\n      id: 100\n      link: bond0\n"
			"      addresses: [10.0.100.10/24]\n"
			"    eth1.7: {id: 7, link: eth1}\n");
		boot();
		cr_assert_null(bond("bond0")->ipaddr);
		cr_assert_eq(set->vlans->len, 2u, "%s", renderers[i]);
		assert_vlan(0, "bond0.100", "bond0", 100, "10.0.100.10", 24, 13);
		assert_vlan(1, "eth1.7", "eth1", 7, NULL, 0, 17);
	}
}

Test(bond_config_vlan, netplan_refusals)
{
	static const struct {
		const char *vlan, *msg;
	} bad[] = {
		{ "{link: bond0}", "host.bsim:20: bond0.100: missing 'id' property" },
		{ "{id: 100}", "host.bsim:20: bond0.100: missing 'link' property" },
		{ "{id: 100, link: nope}", "host.bsim:20: bond0.100: interface 'nope' is not "
		  "defined: link: names an ethernet or a bond (defined: eth0, eth1, bond0)" },
		{ "{id: 4095, link: bond0}", "host.bsim:20: bond0.100: invalid id '4095' (allowed "
		  "values are 0 to 4094; bondsim's 1 to 4094)" },
		{ "{id: 0, link: bond0}", "host.bsim:20: bond0.100: id 0: netplan takes it, but "
		  "VLAN 0 only carries a priority tag, which bondsim does not model: write an id "
		  "from 1 to 4094" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autofree char *text = g_strconcat(NP_HEAD("networkd"), "  vlans:\n    bond0.100: ",
						    bad[i].vlan, "\n", NULL);
		GError *err = NULL;

		conf_teardown();
		conf_setup();
		if (bond_conf_parse_netplan(set, "01-net.yaml", text, FILE_NAME, 10, &err))
			cr_assert_not(bond_conf_finalize(set, &err), "%s booted", bad[i].vlan);
		cr_assert_str_eq(err->message, bad[i].msg);
		g_clear_error(&err);
	}
}

/* A VLAN on a bond's slave would hear nothing: refused, whichever file says it. */
Test(bond_config_vlan, on_a_slave_is_refused)
{
	netplan("01-net.yaml", NP_HEAD("networkd") "  vlans:\n    eth0.5: {id: 5, link: eth0}\n");
	boot_fails_with("host.bsim:20: VLAN eth0.5 is on eth0, a slave of bond0: its frames would "
			"bypass the bond (no failover, no balancing); put it on bond0");
}
