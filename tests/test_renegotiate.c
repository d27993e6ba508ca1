/*
 * test_renegotiate.c - speed and duplex settings changed during the run:
 * ethtool -s's words as a change, the cable's carrier while the PHYs
 * renegotiate, what comes up after, and what "ethtool DEV" says.
 */
#include <criterion/criterion.h>
#include "world.h"
#include "report.h"
#include "link/autoneg.h"
#include "link/hdx.h"

#define M100 ((uint64_t)100000000)
#define G1 ((uint64_t)1000000000)

static struct autoneg_cfg change(const struct autoneg_cfg *cur, const char *words)
{
	struct autoneg_change ch;
	GError *err = NULL;

	cr_assert(autoneg_parse_change(words, &ch, &err), "%s", err ? err->message : "");
	return autoneg_change_apply(cur, &ch);
}

/* What is not said stays, as ethtool -s leaves it. */
Test(renegotiate, ethtool_s_changes_only_what_it_says)
{
	const struct autoneg_cfg forced = { true, M100, AUTONEG_DUPLEX_FULL, 0 };
	const struct autoneg_cfg any = { 0 };
	struct autoneg_cfg c;

	c = change(&forced, "speed 10");
	cr_assert(c.forced);
	cr_assert_eq(c.speed_bps, 10000000u);
	cr_assert_eq(c.duplex, AUTONEG_DUPLEX_FULL);
	c = change(&forced, "duplex half");
	cr_assert(c.forced && c.speed_bps == M100 && c.duplex == AUTONEG_DUPLEX_HALF);
	/* autoneg on alone: everything advertised again */
	c = change(&forced, "autoneg on");
	cr_assert(autoneg_is_default(&c));
	/* autoneg on with a speed: that speed only, negotiated */
	c = change(&forced, "autoneg on speed 1000");
	cr_assert(!c.forced && c.speed_bps == G1 && c.duplex == AUTONEG_DUPLEX_ANY);
	/* a negotiating NIC told a speed advertises that speed only */
	c = change(&any, "speed 100");
	cr_assert(!c.forced && c.speed_bps == M100 && c.duplex == AUTONEG_DUPLEX_ANY);
	c = change(&any, "speed 100 duplex full autoneg off");
	cr_assert(c.forced && c.speed_bps == M100 && c.duplex == AUTONEG_DUPLEX_FULL);
}

Test(renegotiate, ethtool_s_refuses_what_ethtool_would_not_take)
{
	struct autoneg_change ch;
	GError *err = NULL;

	cr_assert_not(autoneg_parse_change("autoneg off speed 100", &ch, &err));
	cr_assert_str_eq(err->message, "ethtool autoneg off needs a speed and a duplex to force: "
				       "write e.g. speed 100 duplex full autoneg off");
	g_clear_error(&err);
	cr_assert_not(autoneg_parse_change("", &ch, &err));
	cr_assert_str_eq(err->message, "ethtool says nothing: write e.g. speed 100 duplex full autoneg off");
	g_clear_error(&err);
	cr_assert_not(autoneg_parse_change("speed 1G", &ch, &err));
	cr_assert(strstr(err->message, "(write 1000)"), "%s", err->message);
	g_clear_error(&err);
}

/* break_link_timer's 1.5 s, and 1000BASE-T's training on top. */
Test(renegotiate, relink_time_by_what_comes_up)
{
	struct autoneg_result r = { .link = true, .speed_bps = M100 };

	cr_assert_eq(autoneg_relink_time(&r), 1500 * SIM_MS);
	r.speed_bps = G1;
	cr_assert_eq(autoneg_relink_time(&r), 2250 * SIM_MS);
	r.link = false;
	cr_assert_eq(autoneg_relink_time(&r), 1500 * SIM_MS);
}

/* A server on a port forced to 100/full: the classic mismatch, fixed during the run. */
#define MISMATCH(faults) \
	"[sim]\nduration = 5s\n" \
	"[switch sw1]\nports = Gi0/1-2\nspeed Gi0/1 = 100\nduplex Gi0/1 = full\n" \
	"[host server]\nip = 10.0.0.1/24\n" \
	"[host client]\nip = 10.0.0.2/24\n" \
	"[links]\nserver.eth0 = sw1.Gi0/1 speed=1G\nclient.eth0 = sw1.Gi0/2 speed=1G\n" \
	"[flow up]\nfrom = server\nto = client\nrate = 20M\nsize = 1400\nstart = 100ms\njitter = 100us\n" \
	"[flow down]\nfrom = client\nto = server\nrate = 30M\nsize = 1400\nstart = 100ms\njitter = 100us\n" \
	"[faults]\n" faults

static struct world *run(const char *text)
{
	struct world_options opt = { .seed_set = true, .seed = 1 };
	GError *err = NULL;
	struct world *w = world_load_text(text, "mem.ini", &opt, &err);

	cr_assert_not_null(w, "%s", err ? err->message : "");
	world_run(w);
	return w;
}

static const char *show(const struct world *w, const char *host, guint i)
{
	const struct world_host *h = world_find_host((struct world *)w, host);

	cr_assert(h->shows && i < h->shows->len);
	return ((const struct host_show *)g_ptr_array_index(h->shows, i))->text;
}

static struct link *link_of(const struct world *w, guint i)
{
	return g_ptr_array_index(w->links, i);
}

/* The text report of a world that has run (the caller frees it). */
static char *report_of(struct world *w)
{
	struct metrics m;
	GString *out = g_string_new(NULL);

	metrics_init(&m);
	world_metrics(w, &m);
	report_text(w, &m, out);
	metrics_fini(&m);
	return g_string_free(out, FALSE);
}

Test(renegotiate, speed_auto_on_the_port_ends_the_mismatch_after_a_relink)
{
	struct world *w = run(MISMATCH("1s ethtool server.eth0\n"
				       "2s port sw1.Gi0/1 speed auto\n"
				       "2100ms ethtool server.eth0\n"
				       "4249ms ethtool server.eth0\n"
				       "4251ms ethtool server.eth0\n"));
	struct link *l = link_of(w, 0);
	const struct link_renegotiation *r;
	struct nic *eth0 = g_ptr_array_index(world_find_host(w, "server")->nics, 0);

	/* before: 100M half at the server, parallel detection */
	cr_assert(strstr(show(w, "server", 0), "\tSpeed: 100Mb/s\n\tDuplex: Half\n"
			 "\tAuto-negotiation: on\n"));
	/* 6.1's e1000e fills in no link partner modes: ethtool prints none */
	cr_assert_not(strstr(show(w, "server", 0), "Link partner"));
	/* renegotiating: no carrier from 2 s to 4.25 s (1.5 s + 750 ms of 1000BASE-T) */
	cr_assert(strstr(show(w, "server", 1), "\tSpeed: Unknown!\n"));
	cr_assert(strstr(show(w, "server", 1), "\tLink detected: no\n"));
	cr_assert(strstr(show(w, "server", 2), "\tLink detected: no\n"));
	cr_assert(strstr(show(w, "server", 3), "\tSpeed: 1000Mb/s\n\tDuplex: Full\n"));
	cr_assert(strstr(show(w, "server", 3), "\tLink detected: yes\n"));
	cr_assert_eq(l->renegotiations->len, 1u);
	r = &g_array_index(l->renegotiations, struct link_renegotiation, 0);
	cr_assert_eq(r->at, 2 * SIM_S);
	cr_assert_eq(r->up_at, 4250 * SIM_MS);
	cr_assert_str_eq(r->cause, "port sw1.Gi0/1 speed auto");
	cr_assert_null(r->why);
	cr_assert_eq(l->speed_bps, G1);
	cr_assert_null(l->hdx);
	cr_assert_null(l->negotiation);
	cr_assert(link_carrier(l));
	/* the collisions of the first two seconds stay on the books */
	cr_assert_not_null(nic_hdx_counters(eth0));
	cr_assert_gt(nic_hdx_counters(eth0)->tx_window_errors, 100u);
	world_free(w);
}

/* The same fix from the host's side, and a change that makes no link at all. */
Test(renegotiate, ethtool_s_on_the_nic_forces_it_to_match_or_to_no_link)
{
	struct world *w = run(MISMATCH("1s ethtool -s server.eth0 speed 100 duplex full autoneg off\n"
				       "2600ms ethtool server.eth0\n"
				       "3s ethtool -s server.eth0 speed 10\n"
				       "4600ms ethtool server.eth0\n"));
	struct link *l = link_of(w, 0);
	const struct link_renegotiation *r;

	/* forced alike: 100M full both ends, 1.5 s after the change */
	cr_assert(strstr(show(w, "server", 0), "\tSpeed: 100Mb/s\n\tDuplex: Full\n"
					       "\tAuto-negotiation: off\n"));
	cr_assert(strstr(show(w, "server", 0), "\tAdvertised link modes:  Not reported\n"));
	r = &g_array_index(l->renegotiations, struct link_renegotiation, 0);
	cr_assert_eq(r->up_at, 2500 * SIM_MS);
	cr_assert(r->link && !r->half[0] && !r->half[1]);
	cr_assert_str_eq(r->why, "server.eth0 is forced to 100M/full, sw1.Gi0/1 is forced to "
				 "100M/full: neither negotiates");
	/* speed 10 keeps the forced full duplex; the port is forced to 100: never */
	r = &g_array_index(l->renegotiations, struct link_renegotiation, 1);
	cr_assert_not(r->link);
	cr_assert(l->never);
	cr_assert_not(link_carrier(l));
	cr_assert(strstr(show(w, "server", 1), "\tLink detected: no\n"));
	cr_assert_str_eq(report_link_state_text(l), "no link");
	world_free(w);
}

/* A change during a renegotiation starts it again; the report says which never took. */
Test(renegotiate, a_second_change_restarts_the_wait)
{
	struct world *w = run(MISMATCH("1s port sw1.Gi0/1 duplex half\n"
				       "2s port sw1.Gi0/1 speed auto\n"));
	struct link *l = link_of(w, 0);
	g_autofree char *out = NULL;

	cr_assert_eq(l->renegotiations->len, 2u);
	cr_assert_eq(g_array_index(l->renegotiations, struct link_renegotiation, 1).up_at,
		     4250 * SIM_MS);
	out = report_of(w);
	cr_assert(strstr(out, "  server.eth0--sw1.Gi0/1: at 1s, port sw1.Gi0/1 duplex half: "
				   "superseded by the next change (2s) before the PHYs were done\n"),
		  "%s", out);
	cr_assert(strstr(out, "  server.eth0--sw1.Gi0/1: at 2s, port sw1.Gi0/1 speed auto: "
				   "no carrier for 2.25s, then 1000Mb/s Full\n"),
		  "%s", out);
	world_free(w);
}

static void refused(const char *faults, const char *msg)
{
	struct world_options opt = { .seed_set = true, .seed = 1 };
	GError *err = NULL;
	g_autofree char *text = g_strconcat(MISMATCH(""), faults, NULL);

	cr_assert_null(world_load_text(text, "mem.ini", &opt, &err), "%s", faults);
	cr_assert_str_eq(err->message, msg);
	g_error_free(err);
}

Test(renegotiate, refusals_name_the_line_and_the_way)
{
	refused("1s ethtool -s sw1.Gi0/1 speed 100\n",
		"mem.ini:29: sw1.Gi0/1 is a switch port: ethtool acts on a host's NIC; a port's "
		"speed and duplex are IOS's: write 'port sw1.Gi0/1 speed 100' or 'port sw1.Gi0/1 "
		"duplex full'");
	refused("1s ethtool server.eth0 speed 100\n",
		"mem.ini:29: ethtool server.eth0 speed 100: to change the NIC's settings write "
		"'ethtool -s server.eth0 speed 100' (ethtool DEV alone shows them)");
	refused("1s ethtool -s server.eth0 autoneg off\n",
		"mem.ini:29: ethtool -s server.eth0: ethtool autoneg off needs a speed and a duplex "
		"to force: write e.g. speed 100 duplex full autoneg off");
	refused("1s port sw1.Gi0/1 speed 1G\n",
		"mem.ini:29: speed '1G': a port's speed is in Mb/s, as IOS writes it: write 1000; "
		"valid: 10, 100, 1000, 10000, auto");
	refused("1s port sw1.Gi0/1 speed\n", "mem.ini:29: write 'port sw1.Gi0/1 speed 100'");
	refused("1s port sw1.Gi0/1 mtu\n",
		"mem.ini:29: port action 'mtu'; valid: shutdown, no-shutdown, speed, duplex");
}

/* "ethtool bond0": the bond's speed is its sending slaves' (bond_ethtool()). */
#define BOND(mode, faults) \
	"[sim]\nduration = 2s\n" \
	"[switch sw1]\nports = Gi0/1-3\n" \
	"[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n" \
	"options bond0 = mode=" mode " miimon=100\nip bond0 = 10.0.0.1/24\n" \
	"[host client]\nip = 10.0.0.2/24\n" \
	"[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2 speed=100M\nclient.eth0 = sw1.Gi0/3\n" \
	"[faults]\n" faults

Test(renegotiate, ethtool_on_a_bond_sums_the_slaves_that_send)
{
	struct world *w = run(BOND("balance-rr", "1s ethtool server.bond0\n"
					"1200ms link server.eth1 down\n1500ms ethtool server.bond0\n"));

	cr_assert(strstr(show(w, "server", 0), "Settings for bond0:\n\tSupported ports: [  ]\n"));
	cr_assert(strstr(show(w, "server", 0), "\tSpeed: 1100Mb/s\n\tDuplex: Full\n"
					       "\tAuto-negotiation: off\n\tPort: Other\n"));
	cr_assert(strstr(show(w, "server", 1), "\tSpeed: 1000Mb/s\n"), "%s", show(w, "server", 1));
	world_free(w);
	w = run(BOND("active-backup", "1s ethtool server.bond0\n"));
	cr_assert(strstr(show(w, "server", 0), "\tSpeed: 1000Mb/s\n"));
	world_free(w);
}

/* A duplex typed under "speed auto 10 100" leaves the list (IOS ignores it
 * there): nothing changed, so nothing renegotiates. */
Test(renegotiate, a_duplex_during_the_run_keeps_the_ports_speed_list)
{
	static const char text[] =
		"[sim]\nduration = 4s\n"
		"[switch sw1]\nconfig =\n  interface range GigabitEthernet0/1 - 2\n"
		"   speed auto 10 100\n"
		"[host server]\nip = 10.0.0.1/24\n"
		"[host client]\nip = 10.0.0.2/24\n"
		"[links]\nserver.eth0 = sw1.Gi0/1 speed=1G\nclient.eth0 = sw1.Gi0/2 speed=1G\n"
		"[faults]\n1s port sw1.Gi0/1 duplex full\n";
	struct world *w = run(text);
	struct link *l = link_of(w, 0);

	/* the port's settings are what they were: its PHY is left alone */
	cr_assert_null(l->renegotiations);
	cr_assert_eq(l->speed_bps, M100);
	cr_assert_null(l->hdx);
	world_free(w);
}

/* ethtool's advertise mask: the modes negotiated, nothing else. */
Test(renegotiate, advertise_names_the_modes)
{
	const struct autoneg_cfg any = { 0 };
	struct autoneg_change ch;
	struct autoneg_cfg c = change(&any, "advertise 0x008");
	GError *err = NULL;

	cr_assert(!c.forced && c.advertise == AUTONEG_ADV_100FULL && !c.speed_bps);
	c = change(&any, "advertise 0x1028");	/* 10000baseT/Full is not bondsim's */
	cr_assert_eq(c.advertise, AUTONEG_ADV_100FULL | AUTONEG_ADV_1000FULL);
	cr_assert_not(autoneg_parse_change("advertise 8", &ch, &err));
	cr_assert(g_str_has_prefix(err->message, "ethtool advertise '8': a hexadecimal mask"));
	g_clear_error(&err);
	cr_assert_not(autoneg_parse_change("advertise 0x1000", &ch, &err));
	cr_assert(g_str_has_prefix(err->message, "ethtool advertise 0x1000: none of"));
	g_clear_error(&err);
	cr_assert_not(autoneg_parse_change("speed 100 advertise 0x008", &ch, &err));
	g_clear_error(&err);
	cr_assert_not(autoneg_parse_change("autoneg off advertise 0x008", &ch, &err));
	g_clear_error(&err);
}

#define AUTO_PORT(faults) \
	"[sim]\nduration = 6s\n" \
	"[switch sw1]\nports = Gi0/1-2\n" \
	"[host server]\nip = 10.0.0.1/24\n" \
	"[host client]\nip = 10.0.0.2/24\nethtool eth0 = speed 100 duplex full autoneg off\n" \
	"[links]\nserver.eth0 = sw1.Gi0/1 speed=1G\nclient.eth0 = sw1.Gi0/2 speed=1G\n" \
	"[faults]\n" faults

/* ethtool -r bounces a negotiating NIC's cable; a forced one answers EINVAL. */
Test(renegotiate, restart_negotiation_and_advertise_during_the_run)
{
	struct world *w = run(AUTO_PORT("1s ethtool -r server.eth0\n"
					"1s ethtool -r client.eth0\n"
					"4s ethtool -s server.eth0 advertise 0x008\n"));
	struct link *l = link_of(w, 0);
	const struct link_renegotiation *r;

	cr_assert_eq(l->renegotiations->len, 2u);
	r = &g_array_index(l->renegotiations, struct link_renegotiation, 0);
	cr_assert_eq(r->up_at, 3250 * SIM_MS);
	cr_assert_eq(r->speed_bps, G1);
	r = &g_array_index(l->renegotiations, struct link_renegotiation, 1);
	cr_assert_eq(r->up_at, 5500 * SIM_MS);
	cr_assert_eq(r->speed_bps, M100);
	cr_assert(!r->half[0] && !r->half[1]);
	cr_assert_str_eq(show(w, "client", 0), "Cannot restart autonegotiation: Invalid argument\n");
	cr_assert_null(link_of(w, 1)->renegotiations);
	world_free(w);
}

/* Review findings: a change that changes nothing, the kernel's advertisement from one
 * command, a cable pulled during the wait, speeds the PHY cannot run. */
Test(renegotiate, nothing_changed_nothing_bounces_and_each_command_advertises_afresh)
{
	struct world *w = run(AUTO_PORT("1s ethtool -s server.eth0 autoneg on\n"
					"1s port sw1.Gi0/1 speed auto\n"
					"2s ethtool -s server.eth0 speed 100\n"
					"3600ms ethtool -s server.eth0 duplex full\n"));
	struct link *l = link_of(w, 0);
	const struct link_renegotiation *r;

	cr_assert_eq(l->renegotiations->len, 2u);
	r = &g_array_index(l->renegotiations, struct link_renegotiation, 0);
	cr_assert_eq(r->at, 2 * SIM_S);
	cr_assert_eq(r->speed_bps, M100);
	/* duplex full alone: every full-duplex mode, 1000 among them (speed 100 forgotten) */
	r = &g_array_index(l->renegotiations, struct link_renegotiation, 1);
	cr_assert_eq(r->speed_bps, G1);
	cr_assert_eq(r->carrier_at, 5850 * SIM_MS);
	world_free(w);
}

Test(renegotiate, a_cable_pulled_during_the_wait_brings_the_carrier_back_when_plugged)
{
	struct world *w = run(AUTO_PORT("1s ethtool -s server.eth0 speed 100\n"
					"1200ms link server.eth0 down\n4s link server.eth0 up\n"
					"4500ms ethtool -s server.eth0 speed 10\n"
					"4600ms link server.eth0 down\n"));
	struct link *l = link_of(w, 0);
	g_autofree char *out = NULL;

	cr_assert_eq(g_array_index(l->renegotiations, struct link_renegotiation, 0).carrier_at,
		     4 * SIM_S);
	cr_assert_eq(g_array_index(l->renegotiations, struct link_renegotiation, 1).carrier_at, -1);
	out = report_of(w);
	cr_assert(strstr(out, "  server.eth0--sw1.Gi0/1: at 1s, ethtool -s server.eth0 speed 100: "
				   "no carrier for 3s, then 100Mb/s Full (server.eth0 advertises 100M only: "
				   "both negotiate 100M/full)\n"), "%s", out);
	cr_assert(strstr(out, "  server.eth0--sw1.Gi0/1: at 4.5s, ethtool -s server.eth0 speed 10: "
				   "renegotiated by 6s to 10Mb/s Full, but the carrier never came back "
				   "(the cable or a PHY is down)"), "%s", out);
	world_free(w);
}

Test(renegotiate, speeds_the_phy_cannot_run_are_refused)
{
	refused("1s ethtool -s server.eth0 speed 2500 duplex full autoneg off\n",
		"mem.ini:29: server.eth0 cannot run at 2500Mb/s: its cable is 1000Mb/s (twisted pair: "
		"10, 100 or 1000); the driver refuses the setting");
	refused("1s port sw1.Gi0/1 speed 10000\n",
		"mem.ini:29: sw1.Gi0/1 cannot run at 10000Mb/s: its cable is 1000Mb/s (twisted pair: "
		"10, 100 or 1000); the driver refuses the setting");
	refused("1s ethtool -s server.eth0 speed 100 speed 10\n",
		"mem.ini:29: ethtool -s server.eth0: ethtool speed given twice: say each setting once");
}
