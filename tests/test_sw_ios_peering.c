/*
 * test_sw_ios_peering.c - configs as people keep them: Arista's interface
 * names without a slash, and the VLAN lines around an MLAG peer link
 * (models/switch/sw_ios_peering.c), each taken with one warning at its
 * line, or refused where it would mean VLANs.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "switch/sw_ios.h"

static struct sw_ios *parse(const char *text, char **msg)
{
	GError *err = NULL;
	struct sw_ios *c = sw_ios_parse(text, "sw1.cfg", 1, &err);

	if (!c && msg)
		*msg = g_strdup(err->message);
	g_clear_error(&err);
	return c;
}

static void refused(const char *text, const char *want)
{
	char *msg = NULL;
	struct sw_ios *c = parse(text, &msg);

	cr_assert_null(c, "accepted: %s", text);
	cr_expect_str_eq(msg, want);
	g_free(msg);
}

/* The warning at @line, or NULL. */
static const char *note_at(const struct sw_ios *c, int line)
{
	for (guint k = 0; k < c->notes->len; k++) {
		const struct sw_ios_note *n = g_ptr_array_index(c->notes, k);

		if (n->line == line)
			return n->text;
	}
	return NULL;
}

static const struct sw_ios_if *iface(const struct sw_ios *c, guint k)
{
	return g_ptr_array_index(c->ifs, k);
}

Test(sw_ios_peering, arista_ethernet_takes_one_number)
{
	struct sw_ios *c = parse("interface Port-Channel10\n"
				 "interface Ethernet1\n channel-group 10 mode active\n"
				 "interface range Ethernet2 - 3\n channel-group 10 mode active\n"
				 "interface Ethernet1/4\n", NULL);

	cr_assert_not_null(c);
	cr_assert_eq(c->ifs->len, 5);
	cr_expect_str_eq(iface(c, 0)->name, "Po10");
	cr_expect_str_eq(iface(c, 1)->name, "Eth1");
	cr_expect_eq(iface(c, 1)->group, 10);
	cr_expect_str_eq(iface(c, 2)->name, "Eth2");
	cr_expect_str_eq(iface(c, 3)->name, "Eth3");
	cr_expect_eq(iface(c, 3)->group, 10);
	cr_expect_str_eq(iface(c, 4)->name, "Eth1/4");
	cr_expect_eq(c->notes->len, 0);
	sw_ios_free(c);
	/* IOS's types keep SLOT/PORT */
	refused("interface GigabitEthernet1\n",
		"sw1.cfg:1: 'GigabitEthernet1': an interface number is SLOT/PORT (up to four numbers of up to four digits, split by '/'), e.g. GigabitEthernet0/1 or GigabitEthernet1/0/1");
	refused("interface Ethernet\n",
		"sw1.cfg:1: 'Ethernet': an interface number is SLOT/PORT (up to four numbers of up to four digits, split by '/'), e.g. Ethernet0/1 or Ethernet1/0/1, or one number as Arista's Ethernet1");
}

/* An EOS MLAG config as written: its peering VLAN, interface and trunk lines, one warning each. */
Test(sw_ios_peering, eos_peering_lines_are_warned_of_at_their_lines)
{
	struct sw_ios *c = parse(
		"no spanning-tree vlan-id 4094\n"		/* 1 */
		"vlan 4094\n"					/* 2 */
		"   name MLAG-PEER\n"				/* 3 */
		"   trunk group mlagpeer\n"			/* 4 */
		"interface Port-Channel10\n"			/* 5 */
		"   switchport mode trunk\n"			/* 6 */
		"   switchport trunk group mlagpeer\n"		/* 7 */
		"interface Ethernet3\n"				/* 8 */
		"   channel-group 10 mode active\n"		/* 9 */
		"   switchport mode trunk\n"			/* 10 */
		"interface Vlan4094\n"				/* 11 */
		"   no autostate\n"				/* 12 */
		"   ip address 10.255.255.1/30\n"		/* 13 */
		"   mtu 9214\n"					/* 14 */
		"   description MLAG peering\n"		/* 15 */
		"   exit\n"					/* 16 */
		"mlag configuration\n"				/* 17 */
		"   domain-id pair\n   local-interface Vlan4094\n"
		"   peer-address 10.255.255.2\n   peer-link Port-Channel10\n", NULL);

	cr_assert_not_null(c);
	cr_expect_eq(c->notes->len, 12);
	cr_expect_str_eq(note_at(c, 14), "'mtu 9214' under interface Vlan4094: the MLAG peering interface is not built (bondsim reaches the peer-address over the peer link as it is); the line changes nothing");
	cr_expect_str_eq(note_at(c, 15), "'description MLAG peering' under interface Vlan4094: the MLAG peering interface is not built (bondsim reaches the peer-address over the peer link as it is); the line changes nothing");
	cr_expect_null(note_at(c, 16));
	cr_expect_str_eq(note_at(c, 1), "'no spanning-tree vlan-id 4094': bondsim runs no spanning tree; the line changes nothing");
	cr_expect_str_eq(note_at(c, 2), "'vlan 4094': the MLAG peering VLAN is not built (bondsim reaches the peer-address over the peer link as it is); the line changes nothing");
	cr_expect_str_eq(note_at(c, 4), "'trunk group mlagpeer' under vlan 4094: the MLAG peering VLAN is not built (bondsim reaches the peer-address over the peer link as it is); the line changes nothing");
	cr_expect_str_eq(note_at(c, 6), "'switchport mode trunk' under interface Port-channel10, the peer link: bondsim's peer link is a trunk of every VLAN, native vlan 1, as it is; the line changes nothing");
	cr_expect_str_eq(note_at(c, 10), "'switchport mode trunk' under interface Ethernet3, in the peer link Port-channel10: bondsim's peer link is a trunk of every VLAN, native vlan 1, as it is; the line changes nothing");
	cr_expect_str_eq(note_at(c, 11), "'interface Vlan4094': the MLAG peering interface is not built (bondsim reaches the peer-address over the peer link as it is); the line changes nothing");
	cr_expect_str_eq(note_at(c, 13), "'ip address 10.255.255.1/30' under interface Vlan4094: the MLAG peering interface is not built (bondsim reaches the peer-address over the peer link as it is); the line changes nothing");
	/* in line order, as the loader prints them */
	for (guint k = 1; k < c->notes->len; k++)
		cr_expect_lt(((struct sw_ios_note *)g_ptr_array_index(c->notes, k - 1))->line,
			     ((struct sw_ios_note *)g_ptr_array_index(c->notes, k))->line);
	/* the Vlan4094 lines are no port of the switch, the trunk lines change nothing */
	cr_expect_eq(c->ifs->len, 2);
	cr_expect_eq(iface(c, 1)->group, 10);
	sw_ios_free(c);
}

/* NX-OS's peer link as people write it: trunk, allowed VLANs, spanning-tree port type network. */
Test(sw_ios_peering, nxos_peer_link_lines_are_warned_of)
{
	struct sw_ios *c = parse(
		"feature vpc\n"					/* 1 */
		"vpc domain 10\n peer-keepalive destination 10.1.1.2\n"
		"interface port-channel10\n"			/* 4 */
		"  switchport mode trunk\n"			/* 5 */
		"  switchport trunk allowed vlan 10,20,4094\n"	/* 6 */
		"  spanning-tree port type network\n"		/* 7 */
		"  vpc peer-link\n"				/* 8 */
		"interface Ethernet1/49\n"			/* 9 */
		"  switchport mode trunk\n"			/* 10 */
		"  channel-group 10 mode active\n", NULL);	/* 11 */

	cr_assert_not_null(c);
	/* the allowed list makes the peer link's VLANs: its trunk lines are real, no warning */
	cr_expect_eq(c->notes->len, 1);
	cr_expect_null(note_at(c, 5));
	cr_expect_null(note_at(c, 6));
	cr_expect_str_eq(note_at(c, 7), "'spanning-tree port type network' under interface Port-channel10, the peer link: bondsim runs no spanning tree; the line changes nothing");
	cr_expect_null(note_at(c, 10));
	cr_expect_eq(iface(c, 0)->vlan_mode, SW_IOS_VLAN_TRUNK);
	cr_expect(iface(c, 0)->allowed_given);
	cr_expect(sw_vlan_set_has(&iface(c, 0)->allowed, 4094));
	cr_expect_not(sw_vlan_set_has(&iface(c, 0)->allowed, 1));
	sw_ios_free(c);
}

/* Off the peer link, or with no domain, the same lines mean VLANs: refused at their lines. */
Test(sw_ios_peering, the_lines_elsewhere_are_refused)
{
	/* no domain: the VLAN lines are any port's now; VLANs 0 and 4095 are none */
	refused("interface Gi0/1\n switchport trunk group mlagpeer\n",
		"sw1.cfg:2: 'switchport trunk group mlagpeer': bondsim has no trunk groups; it takes the line on the peer link of an mlag configuration only (warned of)");
	refused("interface Gi0/1\n spanning-tree port type network\n",
		"sw1.cfg:2: 'spanning-tree port type network': bondsim runs no spanning tree; it takes the line on the peer link of a vpc domain or mlag configuration only (warned of)");
	refused("vlan 4095\n",
		"sw1.cfg:1: 'vlan 4095': VLAN 4095 is reserved by 802.1Q (for implementations): write a VLAN ID from 1 to 4094");
	refused("vlan 10, 20\n",
		"sw1.cfg:1: 'vlan 10, 20': write vlan N or vlan LIST (VLAN IDs and FIRST-LAST ranges with commas, no spaces, e.g. vlan 10,20,30-40), each from 1 to 4094");
	refused("no spanning-tree vlan-id 1-4094\n",
		"sw1.cfg:1: 'no spanning-tree vlan-id 1-4094': bondsim takes one VLAN here, the MLAG peering VLAN of EOS's local-interface (e.g. no spanning-tree vlan-id 4094)");
	/* a domain, but a port that is not the peer link */
	refused("feature vpc\nvpc domain 10\n peer-keepalive destination 10.1.1.2\n"
		"interface port-channel10\n vpc peer-link\n"
		"interface Ethernet1/1\n spanning-tree port type network\n",
		"sw1.cfg:7: 'spanning-tree port type network' under interface Ethernet1/1: bondsim runs no spanning tree and has no trunk groups; the line is taken on the peer link Port-channel10 and its members only (warned of)");
	/* EOS: a VLAN other than the local-interface's */
	refused("interface Port-Channel10\nvlan 20\n trunk group mlagpeer\n"
		"mlag configuration\n domain-id pair\n local-interface Vlan4094\n"
		" peer-address 10.0.0.2\n peer-link Port-Channel10\n",
		"sw1.cfg:3: 'trunk group mlagpeer': bondsim has no trunk groups; the one it takes (warned of) is the MLAG peering VLAN of an Arista mlag configuration's local-interface, here Vlan4094");
	refused("interface Port-Channel10\ninterface Vlan20\n"
		"mlag configuration\n domain-id pair\n local-interface Vlan4094\n"
		" peer-address 10.0.0.2\n peer-link Port-Channel10\n",
		"sw1.cfg:2: 'interface Vlan20': bondsim's switches have no VLAN interfaces; the one it takes (warned of) is the MLAG peering interface of an Arista mlag configuration's local-interface, here Vlan4094");
	/* under the peering VLAN and its interface: their own lines only */
	refused("interface Vlan4094\n description peering\n mtu 9214\n shutdown\n",
		"sw1.cfg:4: unknown command 'shutdown' under interface Vlan4094; bondsim takes there: ip address A.B.C.D/M; no autostate; mtu N; description TEXT; exit");
	refused("vlan 4094\n state active\n",
		"sw1.cfg:2: unknown command 'state active' under vlan 4094; bondsim takes there: name NAME; trunk group NAME; exit");
	/* NX-OS has no local-interface: a trunk group under its VLAN is not taken */
	refused("feature vpc\nvpc domain 10\n peer-keepalive destination 10.1.1.2\n"
		"interface port-channel10\n vpc peer-link\nvlan 4094\n trunk group x\n",
		"sw1.cfg:7: 'trunk group x': bondsim has no trunk groups; the one it takes (warned of) is the MLAG peering VLAN of an Arista mlag configuration's local-interface");
}

/*
 * The global lines of a Catalyst's running-config that set what bondsim
 * does not model (version, services, spanning tree, VTP) are taken with a
 * warning each; an interface's spanning-tree line outside an interface is
 * still refused.
 */
Test(sw_ios_peering, a_catalysts_global_lines_paste_with_a_warning_each)
{
	struct sw_ios *c = parse("version 15.2\nno service pad\nhostname sw1\n"
				 "spanning-tree mode rapid-pvst\nspanning-tree portfast default\n"
				 "spanning-tree extend system-id\nvtp mode transparent\n"
				 "interface GigabitEthernet0/1\n spanning-tree portfast edge\nend\n", NULL);

	cr_assert_not_null(c);
	cr_expect_eq(c->notes->len, 5);
	cr_expect_str_eq(note_at(c, 1), "'version 15.2': bondsim does not model the software "
					"version; the line changes nothing");
	cr_expect_str_eq(note_at(c, 4), "'spanning-tree mode rapid-pvst': bondsim does not model "
					"spanning tree's topology (only a port's listening and "
					"learning after link-up, with spanning_tree = on); the line "
					"changes nothing");
	cr_expect_null(note_at(c, 3));
	/* portfast: taken, for spanning_tree = on (sw_stp.c) */
	cr_expect_null(note_at(c, 5));
	cr_expect(c->portfast_default);
	cr_expect_null(note_at(c, 9));
	cr_expect_eq(c->ifs->len, 1);
	cr_expect(((struct sw_ios_if *)g_ptr_array_index(c->ifs, 0))->portfast);
	sw_ios_free(c);
	refused("spanning-tree portfast edge\n",
		"sw1.cfg:1: 'spanning-tree portfast edge' outside an interface: put it under "
		"'interface ...'");
}
