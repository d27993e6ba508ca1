/*
 * test_sw_ios.c - a switch configured in IOS syntax (models/switch/sw_ios*.c).
 *
 * DOC: Concrete configs are parsed and built on a switch of their own,
 * then the switch is checked through its model state (ports in order,
 * port-channels, member modes, LACP rate and priorities, shutdowns,
 * descriptions, the switch-wide settings); every refusal is checked with
 * its file:line and message; "interface range" expansion by the names it
 * makes; "show running-config" byte for byte, and read back into a second
 * switch that must print it identically.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "switch/sw_ios.h"
#include "switch/sw_priv.h"

struct built {
	struct sim *sim;
	struct sw *sw;
	struct sw_ios *ios;
};

/* Parse @text as file "sw1.cfg" and build it on a new switch "sw1": NULL and @msg on error. */
static bool build(struct built *b, const char *text, char **msg)
{
	struct sw_config cfg;
	GError *err = NULL;

	memset(b, 0, sizeof(*b));
	b->sim = sim_new(1);
	b->ios = sw_ios_parse(text, "sw1.cfg", 1, &err);
	if (b->ios) {
		sw_config_init(&cfg);
		sw_ios_config(b->ios, &cfg);
		b->sw = sw_new(b->sim, "sw1", &cfg);
		if (sw_ios_apply(b->ios, b->sw, &err))
			return true;
	}
	if (msg)
		*msg = g_strdup(err->message);
	g_error_free(err);
	return false;
}

static void unbuild(struct built *b)
{
	sw_free(b->sw);
	sw_ios_free(b->ios);
	sim_free(b->sim);
}

/* The error @text gives. */
static char *refusal(const char *text)
{
	struct built b;
	char *msg = NULL;

	cr_assert_not(build(&b, text, &msg), "accepted: %s", text);
	unbuild(&b);
	return msg;
}

static void expect_refusal(const char *text, const char *want)
{
	char *msg = refusal(text);

	cr_expect_str_eq(msg, want);
	g_free(msg);
}

static struct sw_port *port(struct built *b, guint i)
{
	return g_ptr_array_index(b->sw->ports, i);
}

static const char *port_names(struct built *b, GString *s)
{
	g_string_truncate(s, 0);
	for (guint i = 0; i < b->sw->ports->len; i++)
		g_string_append_printf(s, "%s%s", i ? " " : "", port(b, i)->nic->dev.name);
	return s->str;
}

static const char *const lacp_config =
	"hostname sw1\n"
	"!\n"
	"lacp system-priority 100\n"
	"port-channel load-balance src-dst-ip\n"
	"mac address-table aging-time 120\n"
	"mac address-table notification mac-move\n"
	"errdisable detect cause mac-flap\n"
	"errdisable recovery cause mac-flap\n"
	"errdisable recovery interval 60\n"
	"!\n"
	"interface Port-channel1\n"
	" description to server bond0\n"
	" no lacp suspend-individual\n"
	" lacp max-bundle 4\n"
	" port-channel min-links 2\n"
	"!\n"
	"interface range GigabitEthernet0/1 - 2\n"
	"  description server\n"
	"  switchport mode access\n"
	"  switchport access vlan 1\n"
	"  channel-group 1 mode active\n"
	"  lacp rate fast\n"
	"!\n"
	"interface Gi0/2\n"
	" lacp port-priority 100\n"
	"interface gigabitethernet 0/3\n"
	" spanning-tree portfast edge\n"
	" channel-group 2 mode on\n"
	"interface Gi0/4\n"
	" channel-group 2 mode on\n"
	" shutdown\n"
	"interface Te1/0/1\n"
	" channel-group 3 mode passive\n"
	"interface Port-channel3\n"
	" shutdown\n"
	"end\n";

TestSuite(sw_ios, .timeout = 10);

Test(sw_ios, builds_ports_channels_and_settings)
{
	GString *s = g_string_new(NULL);
	struct built b;
	struct sw_lag *po1, *po2, *po3;

	cr_assert(build(&b, lacp_config, NULL));
	/* ports in the order the config names them, named as IOS abbreviates */
	cr_expect_str_eq(port_names(&b, s), "Gi0/1 Gi0/2 Gi0/3 Gi0/4 Te1/0/1");
	/* switch-wide */
	cr_expect_eq(b.sw->cfg.lacp_system_priority, 100);
	cr_expect_eq(b.sw->cfg.lag_hash, SW_LAG_HASH_SRC_DST_IP);
	cr_expect_eq(b.sw->cfg.aging, 120 * SIM_S);
	cr_expect_eq(b.sw->cfg.mac_flap, SW_FLAP_ERRDISABLE);
	cr_expect_eq(b.sw->cfg.errdisable_recovery, 60 * SIM_S);
	/* port-channels by number, members in port order */
	cr_assert_eq(b.sw->lags->len, 3);
	po1 = g_ptr_array_index(b.sw->lags, 0);
	po2 = g_ptr_array_index(b.sw->lags, 1);
	po3 = g_ptr_array_index(b.sw->lags, 2);
	cr_expect_str_eq(po1->name, "Po1");
	cr_expect_str_eq(po2->name, "Po2");
	cr_expect_str_eq(po3->name, "Po3");
	cr_expect(sw_lag_is_lacp(po1));
	cr_expect_not(sw_lag_is_lacp(po2));
	cr_expect(sw_lag_is_lacp(po3));
	cr_expect_eq(po1->hash, SW_LAG_HASH_SRC_DST_IP);
	cr_expect_eq(po1->members->len, 2);
	cr_expect_eq(g_ptr_array_index(po1->members, 0), port(&b, 0));
	cr_expect_eq(g_ptr_array_index(po1->members, 1), port(&b, 1));
	cr_expect_eq(port(&b, 0)->mode, SW_CHANNEL_ACTIVE);
	cr_expect_eq(port(&b, 2)->mode, SW_CHANNEL_ON);
	cr_expect_eq(port(&b, 4)->mode, SW_CHANNEL_PASSIVE);
	cr_expect_eq(port(&b, 4)->lag, po3);
	cr_expect_not(po1->suspend_individual);
	cr_expect_eq(sw_lag_max_bundle(po1), 4);
	cr_expect_eq(sw_lag_min_links(po1), 2);
	cr_expect(po3->suspend_individual);
	cr_expect_str_eq(po1->description, "to server bond0");
	cr_expect_null(po2->description);
	/* members' LACP */
	cr_expect(port(&b, 0)->lacp->fast);
	cr_expect(port(&b, 1)->lacp->fast);
	cr_expect_eq(port(&b, 0)->lacp->port.actor_port_priority, 32768);
	cr_expect_eq(port(&b, 1)->lacp->port.actor_port_priority, 100);
	cr_expect_not(port(&b, 4)->lacp->fast);
	/* shutdowns: Gi0/4 itself, Te1/0/1 through Port-channel3 */
	cr_expect_not(port(&b, 0)->shutdown);
	cr_expect(port(&b, 3)->shutdown);
	cr_expect(port(&b, 3)->phy_down);
	cr_expect_not(port(&b, 4)->shutdown);
	cr_expect(po3->shutdown);
	cr_expect(port(&b, 4)->phy_down);
	cr_expect_str_eq(port(&b, 0)->description, "server");
	cr_expect_null(port(&b, 2)->description);
	g_string_free(s, TRUE);
	unbuild(&b);
}

static const char *const lacp_running =
	"!\n"
	"hostname sw1\n"
	"!\n"
	"lacp system-priority 100\n"
	"errdisable detect cause mac-flap\n"
	"errdisable recovery cause mac-flap\n"
	"errdisable recovery interval 60\n"
	"port-channel load-balance src-dst-ip\n"
	"mac address-table aging-time 120\n"
	"!\n"
	"interface Port-channel1\n"
	" description to server bond0\n"
	" no lacp suspend-individual\n"
	" lacp max-bundle 4\n"
	" port-channel min-links 2\n"
	"!\n"
	"interface Port-channel2\n"
	"!\n"
	"interface Port-channel3\n"
	" shutdown\n"
	"!\n"
	"interface GigabitEthernet0/1\n"
	" description server\n"
	" lacp rate fast\n"
	" channel-group 1 mode active\n"
	"!\n"
	"interface GigabitEthernet0/2\n"
	" description server\n"
	" lacp port-priority 100\n"
	" lacp rate fast\n"
	" channel-group 1 mode active\n"
	"!\n"
	"interface GigabitEthernet0/3\n"
	" channel-group 2 mode on\n"
	"!\n"
	"interface GigabitEthernet0/4\n"
	" shutdown\n"
	" channel-group 2 mode on\n"
	"!\n"
	"interface TenGigabitEthernet1/0/1\n"
	" channel-group 3 mode passive\n"
	"!\n"
	"end\n";

Test(sw_ios, running_config_normalised)
{
	struct built b;

	cr_assert(build(&b, lacp_config, NULL));
	cr_expect_str_eq(sw_running_config(b.sw), lacp_running);
	unbuild(&b);
}

/* Read back, the running-config builds the same switch, which prints it byte for byte. */
Test(sw_ios, running_config_round_trip)
{
	const char *const configs[] = {
		lacp_config,
		"interface range Fa0/1 - 3, Fa0/5\n channel-group 7 mode passive\n",
		"hostname sw1\ninterface Eth1/1\n description uplink: core-1 Eth1/49\n"
		"interface Hu1/0/1\ninterface Twe1/0/1\ninterface Fo1/0/1\n shutdown\n"
		"mac address-table aging-time 0\nport-channel load-balance src-mac\n",
		"interface Gi0/1\n speed 100\n duplex full\ninterface Gi0/2\n duplex half\n"
		"interface Gi0/3\n speed 1000\n",
	};

	for (guint k = 0; k < G_N_ELEMENTS(configs); k++) {
		struct built a, b;
		GString *na = g_string_new(NULL), *nb = g_string_new(NULL);

		cr_assert(build(&a, configs[k], NULL), "config %u", k);
		cr_assert(build(&b, sw_running_config(a.sw), NULL), "running-config of %u", k);
		cr_expect_str_eq(sw_running_config(b.sw), sw_running_config(a.sw), "config %u", k);
		cr_expect_str_eq(port_names(&b, nb), port_names(&a, na));
		cr_expect_eq(b.sw->lags->len, a.sw->lags->len);
		cr_expect_eq(b.sw->cfg.aging, a.sw->cfg.aging);
		cr_expect_eq(b.sw->cfg.lag_hash, a.sw->cfg.lag_hash);
		for (guint i = 0; i < a.sw->ports->len; i++) {
			cr_expect_eq(port(&b, i)->mode, port(&a, i)->mode);
			cr_expect_eq(port(&b, i)->shutdown, port(&a, i)->shutdown);
			cr_expect_eq(!port(&b, i)->lag, !port(&a, i)->lag);
			cr_expect_eq(port(&b, i)->speed_cfg, port(&a, i)->speed_cfg);
			cr_expect_eq(port(&b, i)->duplex_cfg, port(&a, i)->duplex_cfg);
		}
		g_string_free(na, TRUE);
		g_string_free(nb, TRUE);
		unbuild(&a);
		unbuild(&b);
	}
}

/* speed and duplex become the port NIC's autonegotiation settings, as autoneg_ios() reads IOS */
Test(sw_ios, speed_and_duplex_set_the_port_phy)
{
	struct built b;

	cr_assert(build(&b, "interface Gi0/1\n speed 100\n duplex full\n"
			"interface Gi0/2\n speed 10\n"
			"interface Gi0/3\n duplex full\n"
			"interface Gi0/4\n speed 1000\n duplex full\n"
			"interface Gi0/5\n speed 100\n no speed\n", NULL));
	/* forced 100/full: no negotiation */
	cr_expect(port(&b, 0)->nic->an.forced);
	cr_expect_eq(port(&b, 0)->nic->an.speed_bps, 100000000);
	cr_expect_eq(port(&b, 0)->nic->an.duplex, AUTONEG_DUPLEX_FULL);
	/* a fixed speed and no duplex: forced, duplex left to half */
	cr_expect(port(&b, 1)->nic->an.forced);
	cr_expect_eq(port(&b, 1)->nic->an.duplex, AUTONEG_DUPLEX_ANY);
	/* a duplex under speed auto is kept for the running-config, not set */
	cr_expect(autoneg_is_default(&port(&b, 2)->nic->an));
	cr_expect_eq(port(&b, 2)->duplex_cfg, AUTONEG_DUPLEX_FULL);
	/* speed 1000 negotiates, 1000 only */
	cr_expect_not(port(&b, 3)->nic->an.forced);
	cr_expect_eq(port(&b, 3)->nic->an.speed_bps, 1000000000);
	cr_expect(autoneg_is_default(&port(&b, 4)->nic->an), "no speed is speed auto");
	cr_expect(strstr(sw_running_config(b.sw), "interface GigabitEthernet0/1\n speed 100\n duplex full\n!\n"));
	cr_expect(strstr(sw_running_config(b.sw), "interface GigabitEthernet0/3\n duplex full\n!\n"));
	cr_expect(strstr(sw_running_config(b.sw), "interface GigabitEthernet0/5\n!\n"));
	unbuild(&b);
	expect_refusal("interface Gi0/1\n speed 100M\n",
		       "sw1.cfg:2: speed '100M' (did you mean '100'?); valid: 10, 100, 1000, 10000 (Mb/s) or auto");
	expect_refusal("interface Gi0/1\n duplex ful\n",
		       "sw1.cfg:2: duplex 'ful' (did you mean 'full'?); valid: full, half or auto");
}

/* speed auto 10 100: negotiation advertising those speeds only, printed back as given */
Test(sw_ios, speed_auto_with_a_list_limits_the_advertisement)
{
	struct built b;

	cr_assert(build(&b, "interface Gi0/1\n speed auto 10 100\n"
			"interface Gi0/2\n speed auto 1000 10 100\n"
			"interface Gi0/3\n speed auto 100 10\n speed 100\n"
			"interface Gi0/4\n speed auto 100\n", NULL));
	cr_expect_eq(port(&b, 0)->nic->an.advertise, AUTONEG_ADV_10HALF | AUTONEG_ADV_10FULL |
		     AUTONEG_ADV_100HALF | AUTONEG_ADV_100FULL);
	cr_expect_not(port(&b, 0)->nic->an.forced);
	cr_expect(autoneg_is_default(&port(&b, 1)->nic->an), "all three speeds is speed auto");
	cr_expect_eq(port(&b, 2)->nic->an.advertise, 0, "a later speed 100 replaces the list");
	cr_expect(port(&b, 2)->nic->an.forced);
	cr_expect_eq(port(&b, 3)->nic->an.advertise, AUTONEG_ADV_100HALF | AUTONEG_ADV_100FULL);
	cr_expect(strstr(sw_running_config(b.sw), "interface GigabitEthernet0/1\n speed auto 10 100\n!\n"),
		  "%s", sw_running_config(b.sw));
	cr_expect(strstr(sw_running_config(b.sw), "interface GigabitEthernet0/2\n!\n"));
	cr_expect(strstr(sw_running_config(b.sw), "interface GigabitEthernet0/4\n speed auto 100\n!\n"));
	unbuild(&b);
	expect_refusal("interface Gi0/1\n speed auto 10 10000\n",
		       "sw1.cfg:2: speed auto 10000: IOS advertises 10, 100 and 1000 under speed auto; write e.g. speed auto 10 100");
	expect_refusal("interface Gi0/1\n speed 100 10\n",
		       "sw1.cfg:2: 'speed' wants one of 10, 100, 1000, 10000, auto [10 100 1000]");
}

Test(sw_ios, second_config_exact_text)
{
	struct built b;

	cr_assert(build(&b,
			"hostname sw1\ninterface Eth1/1\n description uplink: core-1 Eth1/49\n"
			"interface Hu1/0/1\ninterface Fo1/0/1\n shutdown\n"
			"mac address-table aging-time 0\nport-channel load-balance src-mac\n",
			NULL));
	cr_expect_str_eq(sw_running_config(b.sw),
			 "!\nhostname sw1\n!\nport-channel load-balance src-mac\n"
			 "mac address-table aging-time 0\n!\n"
			 "interface Ethernet1/1\n description uplink: core-1 Eth1/49\n!\n"
			 "interface HundredGigE1/0/1\n!\n"
			 "interface FortyGigabitEthernet1/0/1\n shutdown\n!\nend\n");
	cr_expect_eq(b.sw->cfg.aging, 0);
	unbuild(&b);
}

Test(sw_ios, interface_range_expansion)
{
	GString *s = g_string_new(NULL);
	struct built b;

	cr_assert(build(&b,
			"interface range Gi1/0/1 - 3 , Te1/1/1-2,GigabitEthernet 2/0/10 - 11\n"
			" channel-group 5 mode active\n"
			"interface range Gi0/1\n"
			"interface range Po5\n description five\n",
			NULL));
	cr_expect_str_eq(port_names(&b, s),
			 "Gi1/0/1 Gi1/0/2 Gi1/0/3 Te1/1/1 Te1/1/2 Gi2/0/10 Gi2/0/11 Gi0/1");
	cr_assert_eq(b.sw->lags->len, 1);
	cr_expect_eq(((struct sw_lag *)g_ptr_array_index(b.sw->lags, 0))->members->len, 7);
	cr_expect_str_eq(((struct sw_lag *)g_ptr_array_index(b.sw->lags, 0))->description, "five");
	cr_expect_null(port(&b, 7)->lag);
	g_string_free(s, TRUE);
	unbuild(&b);
	/* numbers are read as numbers: 00/01 is 0/1, one port */
	cr_assert(build(&b, "interface Gi00/01\ninterface range gi 0/1 - 02\n", NULL));
	s = g_string_new(NULL);
	cr_expect_str_eq(port_names(&b, s), "Gi0/1 Gi0/2");
	g_string_free(s, TRUE);
	unbuild(&b);
}

/* IOS leaves interface mode at a global command, whatever the indentation. */
Test(sw_ios, global_command_leaves_interface_mode)
{
	char *msg = refusal("interface Gi0/1\n lacp system-priority 10\n shutdown\n");

	cr_expect_str_eq(msg, "sw1.cfg:3: 'shutdown' outside an interface: put it under 'interface ...'");
	g_free(msg);
	/* and "exit" leaves it too */
	expect_refusal("interface Gi0/1\nexit\ndescription x\n",
		       "sw1.cfg:3: 'description x' outside an interface: put it under 'interface ...'");
}

Test(sw_ios, last_setting_wins_and_first_line_counts)
{
	struct built b;
	GError *err = NULL;
	struct sw_ios *c;

	cr_assert(build(&b,
			"interface Gi0/1\n description a\n channel-group 1 mode on\n"
			"interface Gi0/1\n description b\n channel-group 2 mode active\n"
			" no description\n description c\n",
			NULL));
	cr_expect_str_eq(port(&b, 0)->description, "c");
	cr_expect_eq(b.sw->lags->len, 1);
	cr_expect_str_eq(port(&b, 0)->lag->name, "Po2");
	unbuild(&b);
	/* errors count from the line the text starts on (an inline config) */
	c = sw_ios_parse("!\ninterface Gi0/1\n channel-group 1 mode activ\n", "x.ini", 20, &err);
	cr_assert_null(c);
	cr_expect_str_eq(err->message,
			 "x.ini:22: unknown channel-group mode 'activ' (did you mean 'active'?); valid: active (LACP, starts negotiating), passive (LACP, answers only), on (static)");
	g_error_free(err);
}

Test(sw_ios, refusals_name_the_line)
{
	expect_refusal("interface Gi0/1\n!\n chanel-group 1 mode active\n",
		       "sw1.cfg:3: unknown command 'chanel-group 1 mode active' in interface GigabitEthernet0/1 (did you mean 'channel-group'?); bondsim takes: hostname NAME; interface TYPE NUMBER; interface range TYPE N/N - N[, ...]; lacp system-priority 1-65535; port-channel load-balance src-mac|dst-mac|src-dst-mac|src-dst-ip|src-dst-port; mac address-table aging-time 0|10-1000000; mac address-table notification mac-move; errdisable detect cause mac-flap; errdisable recovery cause mac-flap; errdisable recovery interval 30-86400; feature vpc|lacp; vpc domain 1-1000 (NX-OS); mlag configuration (Arista EOS); vlan 1-4094 (and name TEXT under it); version, [no] service, vtp, ntp, logging, clock, ip domain-name, spanning-tree mode|extend|vlan|portfast default (taken, each with a warning); end; and under an interface: description TEXT; [no] shutdown; channel-group 1-4096 mode active|passive|on; lacp rate fast|normal; lacp port-priority 1-65535; [no] lacp suspend-individual (Port-channel); lacp max-bundle 1-8 (Port-channel); [no] port-channel min-links 2-8 (Port-channel); [no] mlag 1-65535 (Port-channel; or vpc 1-65535); vpc peer-link (Port-channel); [no] vpc orphan-port suspend (a port in no MLAG channel); [no] speed 10|100|1000|10000|auto [10 100 1000]; [no] duplex full|half|auto; switchport; switchport mode access|trunk; switchport access vlan 1-4094; switchport trunk native vlan 1-4094; switchport trunk allowed vlan LIST|all|none|add LIST|remove LIST|except LIST; switchport trunk encapsulation dot1q; switchport nonegotiate; spanning-tree portfast [edge]; exit");
	expect_refusal("interface Gi0/1\n channel-group 1 mode desirable\n",
		       "sw1.cfg:2: channel-group 1 mode desirable is PAgP, which bondsim does not model: use mode active or passive (LACP) or on (static)");
	expect_refusal("interface Gi0/1\n channel-group 0 mode on\n",
		       "sw1.cfg:2: channel-group '0': write a whole number from 1 to 4096");
	expect_refusal("interface range Gi0/4 - 1\n",
		       "sw1.cfg:1: bad interface range 'Gi0/4 - 1': after '-' comes the last number, not below the first (4) and at most 9999, e.g. interface range GigabitEthernet0/1 - 4");
	expect_refusal("interface range Gi0/9998 - 10000\n",
		       "sw1.cfg:1: bad interface range 'Gi0/9998 - 10000': after '-' comes the last number, not below the first (9998) and at most 9999, e.g. interface range GigabitEthernet0/1 - 4");
	expect_refusal("interface range Po4090 - 4097\n",
		       "sw1.cfg:1: bad interface range 'Po4090 - 4097': after '-' comes the last number, not below the first (4090) and at most 4096, e.g. interface range GigabitEthernet0/1 - 4");
	expect_refusal("interface range Gi1/0/1 - 9999, Gi2/0/1 - 9999\n",
		       "sw1.cfg:1: more than 4096 interfaces: bondsim takes at most 4096 per switch");
	expect_refusal("interface range Gi0/1 - 2,\n",
		       "sw1.cfg:1: bad interface range 'Gi0/1 - 2,': an empty item; write e.g. interface range GigabitEthernet0/1 - 4, GigabitEthernet0/7");
	expect_refusal("interface Gx0/1\n",
		       "sw1.cfg:1: unknown interface type 'Gx' in 'Gx0/1'; bondsim takes FastEthernet (Fa), GigabitEthernet (Gi), TenGigabitEthernet (Te), TwentyFiveGigE (Twe), FortyGigabitEthernet (Fo), HundredGigE (Hu), Ethernet (Eth), Port-channel (Po)");
	expect_refusal("interface T1/1\n",
		       "sw1.cfg:1: unknown interface type 'T' in 'T1/1' (it could be more than one type); bondsim takes FastEthernet (Fa), GigabitEthernet (Gi), TenGigabitEthernet (Te), TwentyFiveGigE (Twe), FortyGigabitEthernet (Fo), HundredGigE (Hu), Ethernet (Eth), Port-channel (Po)");
	/* Vlan is a name the switch prints (sw_ifname.c), not an interface it
	 * models; an EOS MLAG peering interface is taken (sw_ios_peering.c) */
	expect_refusal("interface Vlan1\n",
		       "sw1.cfg:1: 'interface Vlan1': bondsim's switches have no VLAN interfaces; the one it takes (warned of) is the MLAG peering interface of an Arista mlag configuration's local-interface");
	expect_refusal("interface Gi0\n",
		       "sw1.cfg:1: 'Gi0': an interface number is SLOT/PORT (up to four numbers of up to four digits, split by '/'), e.g. GigabitEthernet0/1 or GigabitEthernet1/0/1");
	expect_refusal("interface Gi0/1-2\n",
		       "sw1.cfg:1: 'interface Gi0/1-2': a range of interfaces is 'interface range Gi0/1-2'");
	expect_refusal("interface Port-channel0\n",
		       "sw1.cfg:1: 'Port-channel0': a Port-channel's number is 1 to 4096, e.g. interface Port-channel1");
	expect_refusal("interface Gi0/1\n switchport access vlan 4095\n",
		       "sw1.cfg:2: 'switchport access vlan 4095': VLAN 4095 is reserved by 802.1Q (for implementations): write a VLAN ID from 1 to 4094");
	expect_refusal("interface Gi0/1\n switchport mode dynamic auto\n",
		       "sw1.cfg:2: 'switchport mode dynamic auto': bondsim takes switchport; switchport mode access|trunk; switchport access vlan N; switchport trunk native vlan N; switchport trunk allowed vlan LIST|all|none|add LIST|remove LIST|except LIST; switchport trunk encapsulation dot1q; switchport nonegotiate (no DTP, voice or private VLANs)");
	expect_refusal("interface Gi0/1\n switchport trunk allowed vlan add 10-\n",
		       "sw1.cfg:2: 'switchport trunk allowed vlan add 10-': bad VLAN range '10-': write FIRST-LAST, e.g. 30-40");
	expect_refusal("port-channel load-balance src-ip\n",
		       "sw1.cfg:1: port-channel load-balance src-ip is not modelled: bondsim's port-channels hash src-mac, dst-mac, src-dst-mac, src-dst-ip or src-dst-port");
	expect_refusal("errdisable recovery cause bpduguard\n",
		       "sw1.cfg:1: errdisable recovery cause bpduguard: bondsim err-disables a port for one cause only, mac-flap (a MAC moving too often); write errdisable recovery cause mac-flap");
	expect_refusal("interface Gi0/1\nerrdisable recovery interval 30\n",
		       "sw1.cfg:2: errdisable recovery interval without errdisable recovery cause mac-flap: no port would recover; add the cause, or drop the interval");
	expect_refusal("errdisable recovery interval 10\n",
		       "sw1.cfg:1: errdisable recovery interval '10': write a whole number from 30 to 86400");
	expect_refusal("mac address-table aging-time 5\n",
		       "sw1.cfg:1: mac address-table aging-time '5': write 0 (never age) or 10 to 1000000 seconds");
	expect_refusal("lacp system-priority 0\n",
		       "sw1.cfg:1: lacp system-priority '0': write a whole number from 1 to 65535");
	expect_refusal("interface Gi0/1\nend\ninterface Gi0/2\n",
		       "sw1.cfg:3: 'interface Gi0/2' after 'end': the config ends at 'end'; move it above");
	expect_refusal("interface Po1\n channel-group 1 mode on\n",
		       "sw1.cfg:2: channel-group goes under the member interfaces, not under interface Port-channel1");
	expect_refusal("interface Gi0/1\n lacp suspend-individual\n",
		       "sw1.cfg:2: lacp suspend-individual goes under interface Port-channel N, not under interface GigabitEthernet0/1");
	expect_refusal("interface Gi0/1\n lacp max-bundle 2\n",
		       "sw1.cfg:2: lacp max-bundle goes under interface Port-channel N, not under interface GigabitEthernet0/1");
	expect_refusal("interface Po1\n lacp max-bundle 9\n",
		       "sw1.cfg:2: lacp max-bundle '9': write a whole number from 1 to 8");
	expect_refusal("interface Gi0/1\n port-channel min-links 2\n",
		       "sw1.cfg:2: port-channel min-links goes under interface Port-channel N, not under interface GigabitEthernet0/1");
	expect_refusal("interface Po1\n port-channel min-links 1\n",
		       "sw1.cfg:2: port-channel min-links '1': write a whole number from 2 to 8");
}

/* What only the switch can refuse: sw_ios_apply() gives the line too. */
Test(sw_ios, apply_refusals_name_the_line)
{
	expect_refusal("hostname core1\ninterface Gi0/1\n",
		       "sw1.cfg:1: hostname core1, but the config is the switch [switch sw1]: the section names the switch; write hostname sw1, or name the section [switch core1]");
	expect_refusal("!\nend\n",
		       "sw1.cfg:1: the config of switch sw1 names no port: each 'interface GigabitEthernet0/1' (or range) is a port, Gi0/1; list them all, configured or not");
	expect_refusal("interface Gi0/1\ninterface Port-channel 2\n shutdown\n",
		       "sw1.cfg:2: interface Port-channel2 has no member: give its ports 'channel-group 2 mode active' (or passive, or on)");
	expect_refusal("interface Gi0/1\n lacp rate fast\n",
		       "sw1.cfg:2: lacp rate on GigabitEthernet0/1, which is in no LACP port-channel: lacp rate applies to a port with channel-group N mode active or passive");
	expect_refusal("interface Gi0/1\n channel-group 1 mode on\n lacp port-priority 7\n",
		       "sw1.cfg:3: lacp port-priority on GigabitEthernet0/1, which is in no LACP port-channel: lacp port-priority applies to a port with channel-group N mode active or passive (its channel-group is mode on, static)");
	expect_refusal("interface Gi0/1\n channel-group 1 mode on\ninterface Gi0/2\n channel-group 1 mode active\n",
		       "sw1.cfg:4: sw1: Po1: Gi0/1 in mode on and Gi0/2 in mode active: a port-channel is static (on) or LACP (active, passive), not both");
	expect_refusal("interface Gi0/1\n channel-group 1 mode on\ninterface Po1\n no lacp suspend-individual\n",
		       "sw1.cfg:4: lacp suspend-individual applies to LACP port-channels and Port-channel1 is static (mode on)");
	expect_refusal("interface Gi0/1\n channel-group 1 mode on\ninterface Po1\n lacp max-bundle 1\n",
		       "sw1.cfg:4: lacp max-bundle applies to LACP port-channels and Port-channel1 is static (mode on)");
	expect_refusal("interface Gi0/1\n channel-group 1 mode on\ninterface Po1\n port-channel min-links 2\n",
		       "sw1.cfg:4: port-channel min-links applies to LACP port-channels and Port-channel1 is static (mode on)");
	expect_refusal("interface Gi0/1\n channel-group 1 mode active\ninterface Po1\n lacp max-bundle 2\n port-channel min-links 3\n",
		       "sw1.cfg:5: port-channel min-links 3 is more than lacp max-bundle 2: the channel could never come up");
}
