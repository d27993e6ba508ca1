/*
 * test_sw_ios_vpc.c - MLAG domains pasted in a switch's config
 * (models/switch/sw_ios_vpc.c) and their pairing (cli/scenario_mlag_paste.c).
 *
 * DOC: Each command of NX-OS's "vpc domain" and Arista's "mlag
 * configuration" is read into the values it sets; the running-config is
 * checked byte for byte and read back; every refusal with its file:line
 * and text.  Then whole worlds: two configs with one domain id are one
 * domain with NX-OS's system MAC and priority (or EOS's), and the pairing's
 * refusals.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "switch/sw_ios.h"
#include "switch/sw_priv.h"
#include "world.h"

/* An NX-OS config: sw@n, with @domain under "vpc domain 10", Po10 the peer link. */
#define NXOS(n, domain)                                                          \
	"hostname sw" #n "\nfeature vpc\nvpc domain 10\n" domain                   \
	"interface port-channel1\n vpc 1\ninterface port-channel10\n vpc peer-link\n" \
	"interface Ethernet1/1\n channel-group 1 mode active\n"                    \
	"interface Ethernet1/2\n channel-group 10 mode active\n"

static struct sw_ios *parse(const char *text, char **msg)
{
	GError *err = NULL;
	struct sw_ios *c = sw_ios_parse(text, "sw1.cfg", 1, &err);

	if (!c && msg)
		*msg = g_strdup(err->message);
	g_clear_error(&err);
	return c;
}

/* Build @text on a switch "sw1": its running-config, or NULL and @msg. */
static char *build(const char *text, char **msg)
{
	struct sim *sim = sim_new(1);
	struct sw_ios *c = parse(text, msg);
	struct sw_config cfg;
	struct sw *sw;
	GError *err = NULL;
	char *rc = NULL;

	if (c) {
		sw_config_init(&cfg);
		sw_ios_config(c, &cfg);
		sw = sw_new(sim, "sw1", &cfg);
		if (sw_ios_apply(c, sw, &err))
			rc = g_strdup(sw_running_config(sw));
		else if (msg)
			*msg = g_strdup(err->message);
		g_clear_error(&err);
		sw_free(sw);
		sw_ios_free(c);
	}
	sim_free(sim);
	return rc;
}

static void refused(const char *text, const char *want)
{
	char *msg = NULL, *rc = build(text, &msg);

	cr_assert_null(rc, "accepted: %s", text);
	cr_expect_str_eq(msg, want);
	g_free(msg);
}

Test(sw_ios_vpc, every_domain_command_sets_its_value)
{
	struct sw_ios *c = parse(NXOS(1,
		" peer-keepalive destination 10.1.1.2 source 10.1.1.1 vrf management interval 500 timeout 7 hold-timeout 4\n"
		" role priority 100\n system-priority 4000\n system-mac 0000.0c9f.f00a\n"
		" delay restore 60\n delay restore orphan-port 15\n no auto-recovery\n"
		" peer-switch\n peer-gateway\n ip arp synchronize\n"), NULL);
	const struct sw_ios_domain *d;
	const uint8_t mac[6] = { 0x00, 0x00, 0x0c, 0x9f, 0xf0, 0x0a };

	cr_assert_not_null(c);
	d = &c->domain;
	cr_expect_eq(d->kind, SW_IOS_DOMAIN_VPC);
	cr_expect_eq(d->vpc_id, 10);
	cr_expect_str_eq(d->id, "10");
	cr_expect_eq(d->line, 3);
	cr_expect_str_eq(d->ka_dest, "10.1.1.2");
	cr_expect_str_eq(d->ka_source, "10.1.1.1");
	cr_expect_str_eq(d->ka_vrf, "management");
	cr_expect_eq(d->ka_interval, 500 * SIM_MS);
	cr_expect_eq(d->ka_timeout, 7 * SIM_S);
	cr_expect_eq(d->hold_timeout, 4 * SIM_S);
	cr_expect_eq(d->role_priority, 100);
	cr_expect_eq(d->system_priority, 4000);
	cr_expect(d->have_mac && memcmp(d->mac, mac, 6) == 0);
	cr_expect_eq(d->delay_restore, 60 * SIM_S);
	cr_expect_eq(d->delay_orphan, 15 * SIM_S);
	cr_expect_eq(d->auto_recovery, 0);
	cr_expect(d->peer_switch && d->peer_gateway && d->arp_sync);
	cr_expect_str_eq(d->peer_link, "Po10");
	cr_expect_eq(c->notes->len, 0);
	sw_ios_free(c);
}

/* reload-delay is run (no warning); the VLAN interfaces' delay is not */
Test(sw_ios_vpc, reload_delay_is_taken_and_interface_vlan_warned_of_at_its_line)
{
	struct sw_ios *c = parse(NXOS(1, " peer-keepalive destination 10.1.1.2\n"
				       " auto-recovery reload-delay 300\n"
				       " delay restore interface-vlan 20\n"), NULL);
	const struct sw_ios_note *n0;

	cr_assert_not_null(c);
	cr_assert_eq(c->notes->len, 1);
	n0 = g_ptr_array_index(c->notes, 0);
	cr_expect_eq(n0->line, 6);
	cr_expect_str_eq(n0->text, "delay restore interface-vlan 20: bondsim's switches have no VLAN interfaces; the line changes nothing");
	cr_expect_eq(c->domain.auto_recovery, 1);
	cr_expect_eq(c->domain.ar_reload_delay, 300);
	sw_ios_free(c);
}

Test(sw_ios_vpc, nxos_system_mac_carries_the_domain_id)
{
	static const struct {
		uint16_t id;
		uint8_t b4, b5;
	} t[] = { { 1, 0xbe, 0x01 }, { 10, 0xbe, 0x0a }, { 100, 0xbe, 0x64 }, { 255, 0xbe, 0xff },
		  { 256, 0xbf, 0x00 }, { 300, 0xbf, 0x2c }, { 1000, 0xc1, 0xe8 } };

	for (guint k = 0; k < G_N_ELEMENTS(t); k++) {
		uint8_t mac[6];

		sw_ios_vpc_system_mac(t[k].id, mac);
		cr_expect(mac[0] == 0x00 && mac[1] == 0x23 && mac[2] == 0x04 && mac[3] == 0xee &&
			  mac[4] == t[k].b4 && mac[5] == t[k].b5, "domain %u: %02x:%02x", t[k].id,
			  mac[4], mac[5]);
	}
}

static const char *const nxos_running =
	"!\nhostname sw1\n!\nfeature vpc\nport-channel load-balance src-dst-mac\n!\n"
	"vpc domain 10\n peer-switch\n role priority 100\n system-priority 4000\n"
	" system-mac 0000.0c9f.f00a\n"
	" peer-keepalive destination 10.1.1.2 source 10.1.1.1 vrf management interval 500 timeout 7 hold-timeout 4\n"
	" delay restore 60\n delay restore interface-vlan 20\n delay restore orphan-port 15\n"
	" peer-gateway\n auto-recovery reload-delay 300\n ip arp synchronize\n!\n"
	"interface Port-channel1\n vpc 1\n!\ninterface Port-channel10\n vpc peer-link\n!\n"
	"interface Ethernet1/1\n channel-group 1 mode active\n!\n"
	"interface Ethernet1/2\n channel-group 10 mode active\n!\nend\n";

Test(sw_ios_vpc, nxos_running_config_prints_the_domain_and_reads_back)
{
	char *rc = build("hostname sw1\nfeature lacp\nfeature vpc\nvpc domain 10\n"
			 " ip arp synchronize\n auto-recovery reload-delay 300\n peer-gateway\n"
			 " delay restore orphan-port 15\n delay restore interface-vlan 20\n"
			 " delay restore 60\n"
			 " peer-keepalive destination 10.1.1.2 timeout 7 source 10.1.1.1 interval 500 vrf management hold-timeout 4\n"
			 " system-mac 00:00:0c:9f:f0:0a\n system-priority 4000\n role priority 100\n"
			 " peer-switch\n"
			 "interface port-channel1\n vpc 1\ninterface port-channel10\n vpc peer-link\n"
			 "interface Ethernet1/1\n channel-group 1 mode active\n"
			 "interface Ethernet1/2\n channel-group 10 mode active\n", NULL);
	char *again;

	cr_assert_not_null(rc);
	cr_expect_str_eq(rc, nxos_running);
	again = build(rc, NULL);
	cr_expect_str_eq(again, rc);
	g_free(again);
	g_free(rc);
}

static const char *const eos_text =
	"hostname sw1\n"
	"interface Port-Channel10\n"
	"interface Port-Channel20\n mlag 20\n"
	"interface Ethernet1/1\n channel-group 10 mode active\n"
	"interface Ethernet1/2\n channel-group 20 mode active\n"
	"mlag configuration\n domain-id pair1\n local-interface vlan4094\n"
	" peer-address 10.0.0.2\n peer-link port-channel10\n reload-delay mlag 300\n";

Test(sw_ios_vpc, eos_mlag_configuration_read_and_printed_after_the_interfaces)
{
	struct sw_ios *c = parse(eos_text, NULL);
	char *rc = build(eos_text, NULL), *again;

	cr_assert_not_null(c);
	cr_expect_eq(c->domain.kind, SW_IOS_DOMAIN_EOS);
	cr_expect_str_eq(c->domain.id, "pair1");
	cr_expect_str_eq(c->domain.local_interface, "Vlan4094");
	cr_expect_str_eq(c->domain.peer_address, "10.0.0.2");
	cr_expect_str_eq(c->domain.peer_link, "Po10");
	cr_expect_str_eq(c->domain.reload_delay, "mlag 300");
	cr_assert_eq(c->notes->len, 1);
	cr_expect_eq(((struct sw_ios_note *)g_ptr_array_index(c->notes, 0))->line, 14);
	sw_ios_free(c);
	cr_assert_not_null(rc);
	cr_expect_str_eq(rc, "!\nhostname sw1\n!\nport-channel load-balance src-dst-mac\n!\n"
			 "interface Port-channel10\n!\ninterface Port-channel20\n mlag 20\n!\n"
			 "interface Ethernet1/1\n channel-group 10 mode active\n!\n"
			 "interface Ethernet1/2\n channel-group 20 mode active\n!\n"
			 "mlag configuration\n domain-id pair1\n local-interface Vlan4094\n"
			 " peer-address 10.0.0.2\n peer-link Port-channel10\n reload-delay mlag 300\n"
			 "!\nend\n");
	again = build(rc, NULL);
	cr_expect_str_eq(again, rc);
	g_free(again);
	g_free(rc);
}

/* "no" takes peer-switch, peer-gateway and ip arp synchronize back; "no shutdown" is the default. */
Test(sw_ios_vpc, no_takes_the_flags_back)
{
	struct sw_ios *c = parse(NXOS(1, " peer-keepalive destination 10.1.1.2\n"
				       " peer-switch\n peer-gateway\n ip arp synchronize\n"
				       " no peer-switch\n no ip arp synchronize\n no shutdown\n"), NULL);

	cr_assert_not_null(c);
	cr_expect_not(c->domain.peer_switch);
	cr_expect(c->domain.peer_gateway);
	cr_expect_not(c->domain.arp_sync);
	sw_ios_free(c);
}

/* A global command leaves the domain's mode; "vpc domain 10" enters it again. */
Test(sw_ios_vpc, the_domain_mode_ends_at_a_global_command)
{
	struct sw_ios *c = parse("hostname sw1\nfeature vpc\nvpc domain 10\n"
				 " peer-keepalive destination 10.1.1.2\n"
				 "interface port-channel10\n vpc peer-link\n"
				 "interface Ethernet1/2\n channel-group 10 mode active\n"
				 "vpc domain 10\n role priority 7\n", NULL);
	char *msg = NULL;

	cr_assert_not_null(c);
	cr_expect_eq(c->domain.role_priority, 7);
	sw_ios_free(c);
	cr_expect_null(parse("hostname sw1\nfeature vpc\nvpc domain 10\n"
			     " peer-keepalive destination 10.1.1.2\n"
			     "interface Ethernet1/2\n role priority 7\n", &msg));
	cr_expect(g_str_has_prefix(msg, "sw1.cfg:6: unknown command 'role priority 7' in interface Ethernet1/2"),
		  "%s", msg);
	g_free(msg);
}

Test(sw_ios_vpc, nxos_refusals_name_the_line)
{
	refused("feature bgp\n",
		"sw1.cfg:1: 'feature bgp': bondsim takes feature vpc and feature lacp (its switches have no other features to turn on)");
	refused("vpc domain 10\n",
		"sw1.cfg:1: 'vpc domain 10' before 'feature vpc': NX-OS takes vPC commands once the feature is on; write feature vpc above it");
	refused("feature vpc\nvpc domain 1001\n",
		"sw1.cfg:2: vpc domain '1001': write a whole number from 1 to 1000");
	refused("feature vpc\nvpc domain 10\nvpc domain 11\n",
		"sw1.cfg:3: 'vpc domain 11', and 'vpc domain 10' at line 2: a switch is in one vPC domain");
	refused("feature vpc\nvpc domain 10\nmlag configuration\n",
		"sw1.cfg:3: 'mlag configuration' and NX-OS's 'vpc domain 10' (line 2) in one config: a switch is in one domain, NX-OS or EOS");
	refused(NXOS(1, ""),
		"sw1.cfg:3: vpc domain 10 has no peer-keepalive: NX-OS brings no vPC up without it; write e.g. peer-keepalive destination 10.1.1.2 source 10.1.1.1 under it");
	refused("feature vpc\nvpc domain 10\n peer-keepalive destination 10.1.1.2\n"
		"interface Ethernet1/1\n",
		"sw1.cfg:2: vpc domain 10 has no peer link: write vpc peer-link under the interface Port-channel that joins the two switches");
	refused(NXOS(1, " peer-keepalive destination 10.1.1.2\n") "interface port-channel11\n vpc peer-link\n",
		"sw1.cfg:14: vpc peer-link under Port-channel10 and Port-channel11: a vPC domain has one peer link");
	refused("interface port-channel10\n vpc peer-link\n",
		"sw1.cfg:2: vpc peer-link under Port-channel10, but the config has no 'vpc domain N': the peer link is a vPC domain's");
	refused("interface Ethernet1/1\n vpc peer-link\n",
		"sw1.cfg:2: vpc peer-link goes under one interface Port-channel N, not under interface Ethernet1/1");
	refused(NXOS(1, " peer-keepalive destination 10.1.1.256\n"),
		"sw1.cfg:4: peer-keepalive destination '10.1.1.256': write an IPv4 address, e.g. 10.1.1.2");
	refused(NXOS(1, " peer-keepalive source 10.1.1.1\n"),
		"sw1.cfg:4: 'peer-keepalive source 10.1.1.1': write peer-keepalive destination A.B.C.D [source A.B.C.D] [vrf NAME] [interval 400-10000] [timeout 3-20] [hold-timeout 3-10]");
	refused(NXOS(1, " peer-keepalive destination 10.1.1.2 interval 300\n"),
		"sw1.cfg:4: peer-keepalive interval (ms) '300': write a whole number from 400 to 10000");
	refused(NXOS(1, " peer-keepalive destination 10.1.1.2 timeout 21\n"),
		"sw1.cfg:4: peer-keepalive timeout (s) '21': write a whole number from 3 to 20");
	refused(NXOS(1, " peer-keepalive destination 10.1.1.2 hold-timeout 11\n"),
		"sw1.cfg:4: peer-keepalive hold-timeout (s) '11': write a whole number from 3 to 10");
	refused(NXOS(1, " peer-keepalive destination 10.1.1.2 tos 5\n"),
		"sw1.cfg:4: peer-keepalive 'tos' is not modelled: bondsim takes source, vrf, interval, timeout and hold-timeout");
	refused(NXOS(1, " peer-keepalive destination 10.1.1.2 source 10.1.1.2\n"),
		"sw1.cfg:4: peer-keepalive destination 10.1.1.2 is its own source: the destination is the peer's address");
	refused(NXOS(1, " system-mac 0100.5e00.0001\n"),
		"sw1.cfg:4: system-mac '0100.5e00.0001': write a unicast MAC, e.g. 0023.04ee.be0a or 00:23:04:ee:be:0a");
	refused(NXOS(1, " role priority 0\n"),
		"sw1.cfg:4: role priority '0': write a whole number from 1 to 65535");
	refused(NXOS(1, " delay restore 0\n"),
		"sw1.cfg:4: delay restore '0': write a whole number from 1 to 3600");
	refused(NXOS(1, " delay restore orphan-port 301\n"),
		"sw1.cfg:4: delay restore orphan-port '301': write a whole number from 0 to 300");
	refused(NXOS(1, " auto-recovery reload-delay 100\n"),
		"sw1.cfg:4: auto-recovery reload-delay '100': write a whole number from 240 to 3600");
	refused(NXOS(1, " shutdown\n"),
		"sw1.cfg:4: 'shutdown' in vpc domain: a domain shut down is not modelled; leave the line out");
	refused(NXOS(1, " peer-keepalive destination 10.1.1.2\n layer3 peer-router\n"),
		"sw1.cfg:5: unknown command 'layer3 peer-router' in vpc domain; bondsim takes there: peer-keepalive destination A.B.C.D [source A.B.C.D] [vrf NAME] [interval 400-10000] [timeout 3-20] [hold-timeout 3-10]; role priority 1-65535; system-priority 1-65535; system-mac MAC; delay restore 1-3600; delay restore orphan-port 0-300; delay restore interface-vlan 1-3600; [no] auto-recovery [reload-delay 240-3600]; [no] peer-switch; [no] peer-gateway; [no] ip arp synchronize; exit");
	refused(NXOS(1, " peer-keepalive destination 10.1.1.2\n rol priority 5\n"),
		"sw1.cfg:5: unknown command 'rol priority 5' in vpc domain (did you mean 'role'?); bondsim takes there: peer-keepalive destination A.B.C.D [source A.B.C.D] [vrf NAME] [interval 400-10000] [timeout 3-20] [hold-timeout 3-10]; role priority 1-65535; system-priority 1-65535; system-mac MAC; delay restore 1-3600; delay restore orphan-port 0-300; delay restore interface-vlan 1-3600; [no] auto-recovery [reload-delay 240-3600]; [no] peer-switch; [no] peer-gateway; [no] ip arp synchronize; exit");
	/* at build time: the peer link is no vPC */
	refused(NXOS(1, " peer-keepalive destination 10.1.1.2\n") "interface port-channel10\n vpc 5\n",
		"sw1.cfg:8: the peer link Port-channel10 has vpc 5 too: the peer link joins the two switches and is no MLAG channel itself");
}

#define EOS(extra) \
	"hostname sw1\ninterface Port-Channel10\ninterface Ethernet1/1\n channel-group 10 mode active\n" \
	"mlag configuration\n" extra

Test(sw_ios_vpc, eos_refusals_name_the_line)
{
	refused(EOS(" domain-id pair1\n local-interface Vlan4094\n peer-address 10.0.0.2\n"),
		"sw1.cfg:5: mlag configuration has no peer-link: EOS brings MLAG up with domain-id, local-interface, peer-address and peer-link, e.g. domain-id pair1, local-interface Vlan4094, peer-address 10.0.0.2, peer-link Port-Channel10");
	refused(EOS(" local-interface Vlan4094\n"),
		"sw1.cfg:5: mlag configuration has no domain-id: EOS brings MLAG up with domain-id, local-interface, peer-address and peer-link, e.g. domain-id pair1, local-interface Vlan4094, peer-address 10.0.0.2, peer-link Port-Channel10");
	refused(EOS(" domain-id pair1\n local-interface Vlan4094\n peer-address 10.0.0.2\n peer-link Port-Channel11\n"),
		"sw1.cfg:9: peer-link Port-channel11: the config has no interface Port-channel11; the peer link is a port or Port-channel of this switch");
	refused(EOS(" domain-id a-name-far-too-long-for-bondsim-to-take\n"),
		"sw1.cfg:6: domain-id 'a-name-far-too-long-for-bondsim-to-take': bondsim takes up to 31 letters, digits, '.', '_' and '-' (it names the domain in reports and [faults])");
	refused(EOS(" local-interface Ethernet1/1\n"),
		"sw1.cfg:6: local-interface 'Ethernet1/1': the MLAG peering's VLAN interface, e.g. local-interface Vlan4094");
	refused(EOS(" peer-address heartbeat 172.30.0.2 vrf mgmt\n"),
		"sw1.cfg:6: 'peer-address heartbeat 172.30.0.2 vrf mgmt': dual-primary detection is not modelled; without it a lost peer link leaves both switches forwarding, as bondsim runs a pasted EOS domain");
	refused(EOS(" dual-primary detection delay 10 action errdisable all-interfaces\n"),
		"sw1.cfg:6: 'dual-primary detection delay 10 action errdisable all-interfaces': dual-primary detection is not modelled; without it a lost peer link leaves both switches forwarding, as bondsim runs a pasted EOS domain");
	refused(EOS(" domain-id pair1\n local-interface Vlan4094\n peer-address 10.0.0.2\n peer-link Ethernet1/1\n"),
		"sw1.cfg:9: peer-link Ethernet1/1 is a member of Port-channel10: name the Port-channel as the peer link");
	refused(EOS(" heartbeat-interval 2000\n"),
		"sw1.cfg:6: unknown command 'heartbeat-interval 2000' in mlag configuration; bondsim takes there: domain-id NAME; local-interface VlanN; peer-address A.B.C.D; peer-link INTERFACE; reload-delay ...; exit");
}

/* ---- whole worlds: the pairing */

#define WORLD_NX(cfg1, cfg2)                                                                \
	"[sim]\nduration = 1s\n"                                                             \
	"[switch sw1]\nconfig =\n  hostname sw1\n  feature vpc\n  vpc domain 10\n" cfg1     \
	"  interface port-channel10\n   vpc peer-link\n"                                     \
	"  interface Ethernet1/1\n   channel-group 10 mode active\n"                         \
	"[switch sw2]\nconfig =\n  hostname sw2\n  feature vpc\n  vpc domain 10\n" cfg2     \
	"  interface port-channel10\n   vpc peer-link\n"                                     \
	"  interface Ethernet1/1\n   channel-group 10 mode active\n"                         \
	"[links]\nsw1.Eth1/1 = sw2.Eth1/1\n"

#define KA1 "   peer-keepalive destination 10.1.1.2 source 10.1.1.1\n"
#define KA2 "   peer-keepalive destination 10.1.1.1 source 10.1.1.2\n"

static struct world *load(const char *text, char **msg)
{
	struct world_options opt = { 0 };
	GError *err = NULL;
	struct world *w = world_load_text(text, "s.ini", &opt, &err);

	if (!w && msg)
		*msg = g_strdup(err->message);
	g_clear_error(&err);
	return w;
}

static struct sw *sw_named(struct world *w, const char *name)
{
	return world_find_switch(w, name)->sw;
}

static void world_refused(const char *text, const char *want)
{
	char *msg = NULL;
	struct world *w = load(text, &msg);

	cr_assert_null(w, "accepted: %s", text);
	cr_expect_str_eq(msg, want);
	g_free(msg);
}

Test(sw_ios_vpc, one_vpc_domain_id_makes_one_domain_with_nxos_identity)
{
	struct world *w = load(WORLD_NX(KA1 "   role priority 200\n   delay restore 90\n",
					KA2 "   role priority 100\n   delay restore 90\n"), NULL);
	const struct sw_mlag *m;
	const uint8_t mac[6] = { 0x00, 0x23, 0x04, 0xee, 0xbe, 0x0a };

	cr_assert_not_null(w);
	m = sw_mlag_of(sw_named(w, "sw1"));
	cr_assert_not_null(m);
	cr_expect_eq(m, sw_mlag_of(sw_named(w, "sw2")));
	cr_expect_str_eq(sw_mlag_name(m), "10");
	cr_expect_eq(m->system_priority, 32667);
	cr_expect_eq(memcmp(m->system, mac, 6), 0);
	cr_expect_eq(m->role_priority[0], 200);
	cr_expect_eq(m->role_priority[1], 100);
	cr_expect_eq(m->elected, 1);	/* sw2, the lower role priority */
	cr_expect(m->keepalive[0] && m->keepalive[1]);
	cr_expect_eq(m->delay_restore, 90 * SIM_S);
	cr_expect_str_eq(m->peer_link[0]->name, "Po10");
	world_free(w);
}

Test(sw_ios_vpc, one_eos_domain_id_makes_one_domain_without_keepalive)
{
	static const char *const text =
		"[sim]\nduration = 1s\n"
		"[switch sw1]\nconfig =\n  hostname sw1\n  interface Port-Channel10\n"
		"  interface Ethernet1/1\n   channel-group 10 mode active\n"
		"  mlag configuration\n   domain-id pair\n   local-interface Vlan4094\n"
		"   peer-address 10.0.0.2\n   peer-link Port-Channel10\n"
		"[switch sw2]\nconfig =\n  hostname sw2\n  interface Port-Channel10\n"
		"  interface Ethernet1/1\n   channel-group 10 mode active\n"
		"  mlag configuration\n   domain-id pair\n   local-interface Vlan4094\n"
		"   peer-address 10.0.0.1\n   peer-link Port-Channel10\n"
		"[links]\nsw1.Eth1/1 = sw2.Eth1/1\n";
	/* bondsim's MAC for a domain called "pair", as [mlag pair] has it */
	const uint8_t mac[6] = { 0x02, 0x4d, 0x7c, 0x44, 0x5b, 0xb1 };
	struct world *w = load(text, NULL);
	const struct sw_mlag *m;

	cr_assert_not_null(w);
	m = sw_mlag_of(sw_named(w, "sw1"));
	cr_assert_not_null(m);
	cr_expect_eq(m, sw_mlag_of(sw_named(w, "sw2")));
	cr_expect_str_eq(sw_mlag_name(m), "pair");
	cr_expect_eq(m->system_priority, 32768);
	cr_expect_eq(memcmp(m->system, mac, 6), 0);
	cr_expect_not(m->keepalive[0] || m->keepalive[1]);
	world_free(w);
}

Test(sw_ios_vpc, pairing_refusals_name_the_config_line)
{
	/* sw2 in domain 11: each alone */
	world_refused("[sim]\nduration = 1s\n"
		      "[switch sw1]\nconfig =\n  hostname sw1\n  feature vpc\n  vpc domain 10\n" KA1
		      "  interface port-channel10\n   vpc peer-link\n"
		      "  interface Ethernet1/1\n   channel-group 10 mode active\n"
		      "[switch sw2]\nconfig =\n  hostname sw2\n  feature vpc\n  vpc domain 11\n" KA2
		      "  interface port-channel10\n   vpc peer-link\n"
		      "  interface Ethernet1/1\n   channel-group 10 mode active\n",
		      "s.ini:7: vpc domain 10 is in sw1's config only: a domain is two switches, and its peer's config needs vpc domain 10 too (sw2 has vpc domain 11)");
	world_refused(WORLD_NX(KA1, KA2) "[switch sw3]\nconfig =\n  hostname sw3\n  feature vpc\n"
		      "  vpc domain 10\n" KA2 "  interface port-channel10\n   vpc peer-link\n"
		      "  interface Ethernet1/1\n   channel-group 10 mode active\n",
		      "s.ini:29: vpc domain 10 in the configs of sw1, sw2 and sw3: a domain is two switches; give sw3 another domain");
	world_refused(WORLD_NX(KA1, KA2) "[switch sw3]\nports = Gi0/1\n"
		      "[mlag pair]\nswitches = sw1 sw3\npeer_link = sw1.Po10 sw3.Gi0/1\n",
		      "s.ini:7: vpc domain 10 in sw1's config, and [mlag pair] names sw1 too: a switch is in one domain, said once; drop the [mlag pair] section or the pasted domain");
	world_refused(WORLD_NX(KA1, KA2) "[switch sw3]\nports = Gi0/1\n[switch sw4]\nports = Gi0/1\n"
		      "[mlag 10]\nswitches = sw3 sw4\npeer_link = Gi0/1\n",
		      "s.ini:7: vpc domain 10 in sw1's config, and a [mlag 10] section of the same name: the names of domains are their own; rename the section");
	world_refused(WORLD_NX("   peer-keepalive destination 10.1.1.3 source 10.1.1.1\n", KA2),
		      "s.ini:8: peer-keepalive destination 10.1.1.3 on sw1, but sw2's source is 10.1.1.2: the destination is the peer's source");
	world_refused(WORLD_NX("   peer-keepalive destination 10.1.1.9\n",
			       "   peer-keepalive destination 10.1.1.9\n"),
		      "s.ini:18: peer-keepalive destination 10.1.1.9 on both sw1 and sw2: each names the other's address");
	world_refused(WORLD_NX(KA1 "   system-priority 100\n", KA2),
		      "s.ini:9: system-priority 32667 on sw2, 100 on sw1: NX-OS keeps the vPCs down on this mismatch (a type-1 inconsistency); give both the same");
	world_refused(WORLD_NX(KA1, KA2 "   delay restore 60\n"),
		      "s.ini:19: delay restore 60s on sw2, 30s on sw1: bondsim runs one value per domain; give both configs the same");
	world_refused(WORLD_NX(KA1, KA2 "   no auto-recovery\n"),
		      "s.ini:19: auto-recovery off on sw2, on on sw1: bondsim runs one value per domain; give both configs the same");
}

/* Two NX-OS configs with vPC 20 on Port-channel20 (Ethernet1/2), peer link Po10. */
#define WORLD_VPC20(vpc)                                                                    \
	"[sim]\nduration = 1s\n"                                                             \
	"[switch sw1]\nconfig =\n  hostname sw1\n  feature vpc\n  vpc domain 10\n" KA1      \
	"  interface port-channel10\n   vpc peer-link\n"                                     \
	"  interface port-channel20\n   vpc " vpc "\n"                                       \
	"  interface Ethernet1/1\n   channel-group 10 mode active\n"                         \
	"  interface Ethernet1/2\n   channel-group 20 mode active\n"                         \
	"[switch sw2]\nconfig =\n  hostname sw2\n  feature vpc\n  vpc domain 10\n" KA2      \
	"  interface port-channel10\n   vpc peer-link\n"                                     \
	"  interface port-channel20\n   vpc " vpc "\n"                                       \
	"  interface Ethernet1/1\n   channel-group 10 mode active\n"                         \
	"  interface Ethernet1/2\n   channel-group 20 mode active\n"                         \
	"[links]\nsw1.Eth1/1 = sw2.Eth1/1\n"

/*
 * A Nexus pair's LACPDUs on a vPC: key 0x8000 + the vPC number on both
 * switches, the second switch's port numbers with 0x4000 added (an ACI
 * pair's vPC 684 on Po1 sends key 0x82ac, its second leaf's Eth1/4 port
 * 0x4104); the peer link keeps the plain channel key.
 */
Test(sw_ios_vpc, nxos_vpc_speaks_key_0x8000_plus_the_vpc_number)
{
	struct world *w = load(WORLD_VPC20("20"), NULL);

	cr_assert_not_null(w);
	for (int i = 0; i < 2; i++) {
		struct sw *sw = sw_named(w, i ? "sw2" : "sw1");
		const struct sw_lag *po20 = sw_find_lag(sw, "Po20");
		const struct sw_port *p = g_ptr_array_index(po20->members, 0);

		cr_expect_eq(po20->key, 0x8014);
		cr_expect_eq(p->lacp->port.actor_oper_port_key, 0x8014);
		cr_expect_eq(p->lacp->port.actor_admin_port_key, 0x8014);
		cr_expect_eq(p->number, 2);
		cr_expect_eq(p->lacp->port.actor_port_number, i ? 0x4002 : 2);
		cr_expect_eq(sw_find_lag(sw, "Po10")->key, 10);
	}
	world_free(w);
	world_refused(WORLD_VPC20("4097"),
		      "s.ini:12: vpc 4097 under Port-channel20: NX-OS numbers a vPC 1-4096 (its LACP key is 0x8000 plus the number)");
}

/* EOS and [mlag] keep bondsim's own: key = the MLAG id, 0x8000 on the second switch's ports. */
Test(sw_ios_vpc, eos_mlag_keeps_the_mlag_id_as_key)
{
	static const char *const text =
		"[sim]\nduration = 1s\n"
		"[switch sw1]\nconfig =\n  hostname sw1\n  interface Port-Channel10\n"
		"  interface Port-Channel20\n   mlag 20\n"
		"  interface Ethernet1/1\n   channel-group 10 mode active\n"
		"  interface Ethernet1/2\n   channel-group 20 mode active\n"
		"  mlag configuration\n   domain-id pair\n   local-interface Vlan4094\n"
		"   peer-address 10.0.0.2\n   peer-link Port-Channel10\n"
		"[switch sw2]\nconfig =\n  hostname sw2\n  interface Port-Channel10\n"
		"  interface Port-Channel20\n   mlag 20\n"
		"  interface Ethernet1/1\n   channel-group 10 mode active\n"
		"  interface Ethernet1/2\n   channel-group 20 mode active\n"
		"  mlag configuration\n   domain-id pair\n   local-interface Vlan4094\n"
		"   peer-address 10.0.0.1\n   peer-link Port-Channel10\n"
		"[links]\nsw1.Eth1/1 = sw2.Eth1/1\n";
	struct world *w = load(text, NULL);

	cr_assert_not_null(w);
	for (int i = 0; i < 2; i++) {
		const struct sw_lag *po20 = sw_find_lag(sw_named(w, i ? "sw2" : "sw1"), "Po20");
		const struct sw_port *p = g_ptr_array_index(po20->members, 0);

		cr_expect_eq(po20->key, 20);
		cr_expect_eq(p->lacp->port.actor_oper_port_key, 20);
		cr_expect_eq(p->lacp->port.actor_port_number, i ? 0x8002 : 2);
	}
	world_free(w);
}
