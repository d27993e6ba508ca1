/*
 * test_world.c - whole worlds from scenario text: exact counts end to end.
 */
#include <criterion/criterion.h>
#include <glib/gstdio.h>
#include <math.h>
#include "world.h"
#include "report.h"
#include "graphs.h"
#include "ini_tmp.h"

/* Load @text as a scenario file, run it, collect its metrics. */
static struct world *run_text(const char *text, uint64_t seed, struct metrics *m)
{
	char *path = ini_tmp(text);
	struct world_options opt = { .seed_set = true, .seed = seed };
	GError *err = NULL;
	struct world *w;

	w = world_load(path, &opt, &err);
	cr_assert_not_null(w, "%s", err ? err->message : "");
	g_unlink(path);
	g_free(path);
	world_run(w);
	metrics_init(m);
	world_metrics(w, m);
	return w;
}

static double val(const struct metrics *m, const char *name)
{
	const struct metric *x = metrics_find(m, name);

	cr_assert_not_null(x, "no metric %s", name);
	return x->value;
}

#define RR_WORLD(lag, opts) \
	"[sim]\nduration = 1s\n" \
	"[switch sw1]\nports = Gi0/1-3\n" lag \
	"[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n" \
	"options bond0 = " opts "\nip bond0 = 10.0.0.1/24\n" \
	"[host client]\nip = 10.0.0.2/24\n" \
	"[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\nclient.eth0 = sw1.Gi0/3\n" \
	"[flow f]\nfrom = server\nto = client\nrate = 8224000\nsize = 1000\n"

Test(world, rr_alternating_slaves_move_the_mac_once_per_frame_but_the_first)
{
	struct metrics m;
	struct world *w = run_text(RR_WORLD("", "mode=balance-rr miimon=100"), 1, &m);
	double sent = val(&m, "server.bond0.tx_packets");

	/* 1000 packets of 1028 IP bytes at 8.224 Mbit/s in 1 s, plus one ARP request */
	cr_assert_eq(val(&m, "flow.f.sent"), 1000);
	cr_assert_eq(sent, 1001);
	cr_assert_eq(val(&m, "flow.f.received"), 1000);
	/* every frame leaves on the other slave: N frames, N - 1 moves */
	cr_assert_eq(val(&m, "server.bond0.eth0.tx_frames"), 500);
	cr_assert_eq(val(&m, "server.bond0.eth1.tx_frames"), 501);	/* the first, id 1 */
	cr_assert_eq(val(&m, "sw1.mac_moves"), sent - 1);
	cr_assert_eq(val(&m, "sw1.flap_log_lines"), 1);	/* rate limited: one a second */
	metrics_fini(&m);
	world_free(w);
}

Test(world, rr_behind_a_static_lag_never_moves)
{
	struct metrics m;
	struct world *w = run_text(RR_WORLD("lag Po1 = Gi0/1 Gi0/2\n", "mode=0 miimon=100"), 1, &m);

	cr_assert_eq(val(&m, "sw1.mac_moves"), 0);
	cr_assert_eq(val(&m, "server.bond0.eth0.tx_frames"), 500);
	cr_assert_eq(val(&m, "server.bond0.eth1.tx_frames"), 501);
	cr_assert_eq(val(&m, "flow.f.lost"), 0);
	metrics_fini(&m);
	world_free(w);
}

Test(world, packets_per_slave_three_moves_once_per_run)
{
	struct metrics m;
	struct world *w = run_text(RR_WORLD("", "mode=0 miimon=100 packets_per_slave=3"), 1, &m);

	/* ids 1,2 -> slave 0; 3,4,5 -> slave 1; 6,7,8 -> slave 0 ... : 1001 frames,
	 * runs of 2 then of 3: the MAC moves at the start of every run but the first */
	cr_assert_eq(val(&m, "server.bond0.tx_packets"), 1001);
	cr_assert_eq(val(&m, "sw1.mac_moves"), 333);
	metrics_fini(&m);
	world_free(w);
}

/* The report without its "scenario" line (each run loads its own temp file). */
static char *without_path(GString *json)
{
	char **lines = g_strsplit(json->str, "\n", -1);
	GString *out = g_string_new(NULL);

	for (char **l = lines; *l; l++)
		if (!strstr(*l, "\"scenario\":"))
			g_string_append_printf(out, "%s\n", *l);
	g_strfreev(lines);
	return g_string_free(out, FALSE);
}

Test(world, same_seed_same_report_other_seed_other_random_choices)
{
	const char *text = RR_WORLD("", "mode=0 miimon=100 packets_per_slave=0");
	struct metrics m1, m2, m3;
	struct world *a = run_text(text, 5, &m1), *b = run_text(text, 5, &m2);
	struct world *c = run_text(text, 6, &m3);
	GString *ja = g_string_new(NULL), *jb = g_string_new(NULL);

	report_json(a, &m1, ja);
	report_json(b, &m2, jb);
	char *sa = without_path(ja), *sb = without_path(jb);
	cr_assert_str_eq(sa, sb);
	cr_assert_gt(strlen(sa), 1000);
	g_free(sa);
	g_free(sb);
	/* packets_per_slave=0 draws a random slave per packet from the seed */
	cr_assert_neq(val(&m1, "server.bond0.eth0.tx_frames"),
		      val(&m3, "server.bond0.eth0.tx_frames"));
	cr_assert_eq(val(&m1, "server.bond0.eth0.tx_frames") +
			     val(&m1, "server.bond0.eth1.tx_frames"), 1001);
	g_string_free(ja, TRUE);
	g_string_free(jb, TRUE);
	metrics_fini(&m1);
	metrics_fini(&m2);
	metrics_fini(&m3);
	world_free(a);
	world_free(b);
	world_free(c);
}

/* Active-backup, miimon=100 downdelay=200, eth0's cable pulled at 1.05 s. */
#define AB_PULL_WORLD(open_at) \
	"[sim]\nduration = 3s\n[switch sw1]\nports = Gi0/1-3\n" \
	"[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n" \
	"options bond0 = mode=1 miimon=100 downdelay=200\nip bond0 = 10.0.0.1/24\n" open_at \
	"[host client]\nip = 10.0.0.2/24\n" \
	"[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\nclient.eth0 = sw1.Gi0/3\n" \
	"[flow p]\ntype = ping\nfrom = client\nto = server\ninterval = 10ms\n" \
	"[faults]\n1.05s link server.eth0 down\n"

Test(world, active_backup_cable_pull_timeline)
{
	/* opened at 0: the MII ticks fall at 0, 104, 208 ... ms (the timer
	 * wheel rounds a 100-jiffy re-arm up to its 8-jiffy buckets) */
	const char *text = AB_PULL_WORLD("open_at bond0 = 0s\n");
	struct metrics m;
	struct world *w = run_text(text, 1, &m);
	GString *json = g_string_new(NULL);

	cr_assert_eq(val(&m, "server.bond0.open_at_ms"), 0);
	/* seen at the 1.144 s tick, disabled two ticks later (1.352 s): 302 ms
	 * after the pull */
	cr_assert_eq(val(&m, "failover.1.bond.server.bond0.slave_change_ms"), 302);
	cr_assert_eq(val(&m, "failover.1.bond.server.bond0.active_change_ms"), 302);
	cr_assert_eq(val(&m, "server.bond0.active_slave"), 1);
	cr_assert_eq(val(&m, "server.bond0.eth0.link_failures"), 1);
	cr_assert_eq(val(&m, "server.bond0.peer_notifications"), 1);
	/* pings sent in [1.05 s, 1.352 s) are lost: 31 of them */
	cr_assert_eq(val(&m, "failover.1.ping.p.lost"), 31);
	cr_assert_eq(val(&m, "ping.p.lost"), 31);
	/* requests 105 .. 135 from 0, which say icmp_seq 106 .. 136 on the wire:
	 * the reports name the gap as a capture shows it */
	report_json(w, &m, json);
	cr_assert_not_null(strstr(json->str, "\"detail\": \"gap of 31 packets from seq 106\""),
			   "%s", json->str);
	cr_assert_not_null(strstr(json->str, "\"first_seq\": 106,"));
	g_string_free(json, TRUE);
	metrics_fini(&m);
	world_free(w);
}

/*
 * Unpinned, each seed opens the bond at its own jiffy of the first 104 ms
 * (stream "bond-open:server.bond0"): seed 1 at 45 ms, 2 at 34 ms, 3 at
 * 61 ms.  The second tick falls on the first 8-jiffy bucket after open +
 * 100 ms, the others 104 ms apart.  The pull at 1.05 s is seen at the next
 * tick and the slave is disabled two ticks later; the pings sent meanwhile
 * are lost.
 */
Test(world, the_monitor_phase_and_so_the_outage_follow_the_seed)
{
	static const struct {
		uint64_t seed;
		double open_ms, down_ms, outage_ms, lost;
	} want[] = {
		{ 1, 45, 246, 260, 25 },	/* 152 ms, ... 1.088 1.192 1.296 */
		{ 2, 34, 230, 240, 23 },	/* 136 ms, ... 1.072 1.176 1.280 */
		{ 3, 61, 262, 280, 27 },	/* 168 ms, ... 1.104 1.208 1.312 */
	};

	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		struct metrics m;
		struct world *w = run_text(AB_PULL_WORLD(""), want[i].seed, &m);

		cr_assert_eq(val(&m, "server.bond0.open_at_ms"), want[i].open_ms, "seed %d",
			     (int)want[i].seed);
		cr_assert_eq(val(&m, "failover.1.bond.server.bond0.slave_change_ms"), want[i].down_ms);
		cr_assert_eq(val(&m, "failover.1.ping.p.outage_ms"), want[i].outage_ms);
		cr_assert_eq(val(&m, "failover.1.ping.p.lost"), want[i].lost);
		metrics_fini(&m);
		world_free(w);
	}
}

/*
 * 802.3ad bundles at about 2.3 s; the flow's ARP requests before that are
 * lost and Linux asks again only once the neighbour has failed (3 probes,
 * 1 s apart): nothing arrives until 3.01 s.  A cable pulled at 3 s did not
 * cause the 26,173 losses before it: only the 88 packets sent from the
 * pull to the first delivery are the fault's.
 */
Test(world, a_flow_that_never_delivered_before_a_fault_charges_it_only_what_followed)
{
	const char *text = "[sim]\nduration = 4s\n[switch sw1]\nports = Gi0/1-3\n"
			   "lag Po1 = Gi0/1 Gi0/2 mode=active\n"
			   "[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
			   "options bond0 = mode=802.3ad miimon=100\nip bond0 = 10.0.0.1/24\n"
			   "[host client]\nip = 10.0.0.2/24\n"
			   "[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\n"
			   "client.eth0 = sw1.Gi0/3\n"
			   "[flow f]\nfrom = server\nto = client\nrate = 100M\nsize = 1400\n"
			   "start = 10ms\n[faults]\n3s link server.eth0 down\n";
	struct metrics m;
	struct world *w = run_text(text, 1, &m);

	cr_assert_eq(val(&m, "flow.f.lost"), 26261);
	cr_assert_eq(val(&m, "failover.1.flow.f.lost"), 88);
	cr_assert_eq(val(&m, "failover.1.lost"), 88);
	cr_assert_float_eq(val(&m, "failover.1.flow.f.outage_ms"), 10.089, 0.001);
	/* from the flow's start at 10 ms to its first packet at 3.010088 s */
	cr_assert_float_eq(val(&m, "flow.f.first_rx_ms"), 3000.088, 0.001);
	metrics_fini(&m);
	world_free(w);
}

/*
 * A cable pulled at 1 s and plugged back at 2 s: the flow's one gap, 1000
 * packets, opened at the pull.  A harmless fault at 1.5 s and the plug at
 * 2 s find that gap still open: each lost packet counts in one window, the
 * one it was sent in (500 and 500, then nothing), so that the windows add
 * up to the flow's loss; the pull's outage is still the whole gap's.
 */
Test(world, a_gap_an_earlier_fault_opened_is_not_charged_again_in_full)
{
	const char *text = "[sim]\nduration = 3s\n[switch sw1]\nports = Gi0/1-2\n"
			   "[host a]\nip = 10.0.0.1/24\n[host b]\nip = 10.0.0.2/24\n"
			   "[links]\na.eth0 = sw1.Gi0/1\nb.eth0 = sw1.Gi0/2\n"
			   "[flow f]\nfrom = a\nto = b\nrate = 8224000\nsize = 1000\n"
			   "[faults]\n1s link a.eth0 down\n1500ms delay b.eth0 2us\n"
			   "2s link a.eth0 up\n";
	struct metrics m;
	struct world *w = run_text(text, 1, &m);
	GString *txt = g_string_new(NULL);

	cr_assert_eq(val(&m, "flow.f.lost"), 1000);
	cr_assert_eq(val(&m, "failover.1.flow.f.lost"), 500);
	cr_assert_eq(val(&m, "failover.1.lost"), 500);
	cr_assert_float_eq(val(&m, "failover.1.flow.f.outage_ms"), 1001.001, 0.001);
	cr_assert_eq(val(&m, "failover.2.flow.f.lost"), 500);
	cr_assert_float_eq(val(&m, "failover.2.flow.f.outage_ms"), 500.020, 0.001);
	cr_assert_float_eq(val(&m, "failover.2.flow.f.first_rx_ms"), 500.020, 0.001);
	cr_assert_eq(val(&m, "failover.3.flow.f.lost"), 0);
	cr_assert_eq(val(&m, "failover.3.flow.f.outage_ms"), 0);
	report_text(w, &m, txt);
	cr_assert(strstr(txt->str, "gap under way since the fault at 1.000000: counted from seq 1500 "
				   "of a gap of 1000 packets from seq 1000\n"), "%s", txt->str);
	cr_assert(strstr(txt->str, "gap of 1000 packets from seq 1000; 500 of them lost after the "
				   "fault at 1.500000, counted there\n"), "%s", txt->str);
	g_string_free(txt, TRUE);
	metrics_fini(&m);
	world_free(w);
}

/*
 * A loss fault's window counts the gaps that start in it; a cable pulled
 * while its gap is still open takes that gap over from the pull on.  The
 * flow's 1000 lost packets: 500 sent under 100 % loss, 500 after the
 * pull (both were 1000 before: the gap counted twice).
 */
Test(world, a_gap_a_loss_fault_opened_counts_once_when_a_pull_takes_it_over)
{
	const char *text = "[sim]\nduration = 3s\n[switch sw1]\nports = Gi0/1-2\n"
			   "[host a]\nip = 10.0.0.1/24\n[host b]\nip = 10.0.0.2/24\n"
			   "[links]\na.eth0 = sw1.Gi0/1\nb.eth0 = sw1.Gi0/2\n"
			   "[flow f]\nfrom = a\nto = b\nrate = 8224000\nsize = 1000\n"
			   "[faults]\n1s loss a.eth0 100%\n1500ms link a.eth0 down\n"
			   "2s link a.eth0 up\n2s loss a.eth0 0\n";
	struct metrics m;
	struct world *w = run_text(text, 1, &m);

	cr_assert_eq(val(&m, "flow.f.lost"), 1000);
	cr_assert_eq(val(&m, "failover.1.flow.f.lost"), 500);
	cr_assert_eq(val(&m, "failover.2.flow.f.lost"), 500);
	cr_assert_float_eq(val(&m, "failover.2.flow.f.outage_ms"), 500.019, 0.001);
	cr_assert_eq(val(&m, "failover.3.flow.f.lost"), 0);
	metrics_fini(&m);
	world_free(w);
}

/*
 * A cable pulled at 2 s (30 packets lost), then the switch rebooted at
 * 4.2 s: packet 5107, sent just before the reboot, died in it, so the
 * reboot's gap of 1275 opened in the pull's window.  The pull's row counts
 * that one packet as "later in this window", the reboot's the 1274 sent
 * from its fault on: 30 + 1 + 1274 = the flow's 1305 (it was 30 + 1275 +
 * 1275, the gap counted in both windows).
 */
Test(world, a_gap_opened_just_before_the_next_fault_counts_once)
{
	const char *text = "[sim]\nduration = 6s\n[switch sw1]\nports = Gi0/1-4\n"
			   "[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
			   "options bond0 = mode=active-backup miimon=100\nip bond0 = 10.0.0.1/24\n"
			   "[host client]\nip = 10.0.0.2/24\n"
			   "[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\n"
			   "client.eth0 = sw1.Gi0/3\n"
			   "[flow f]\nfrom = client\nto = server\nrate = 10M\nsize = 1000\n"
			   "[faults]\n2s link server.eth0 down\n4.2s reboot sw1 for 1s\n";
	struct metrics m;
	struct world *w = run_text(text, 1, &m);
	GString *txt = g_string_new(NULL);

	cr_assert_eq(val(&m, "flow.f.lost"), 1305);
	cr_assert_eq(val(&m, "failover.1.flow.f.lost"), 30);
	cr_assert_eq(val(&m, "failover.2.flow.f.lost"), 1274);
	cr_assert_eq(val(&m, "failover.2.lost"), 1274);
	/* the whole gap's outage: no other row reports it */
	cr_assert_float_eq(val(&m, "failover.2.flow.f.outage_ms"), 1049.382, 0.001);
	report_text(w, &m, txt);
	cr_assert(strstr(txt->str, "gap of 30 packets from seq 2432; later in this window 1 more gap, "
				   "1 packet lost (then 1274 more after the fault at 4.200000, "
				   "counted there)\n"), "%s", txt->str);
	cr_assert(strstr(txt->str, "gap opened before the fault (1 packet counted at the fault at "
				   "2.000000): counted from seq 5108 of a gap of 1275 packets from "
				   "seq 5107\n"), "%s", txt->str);
	g_string_free(txt, TRUE);
	metrics_fini(&m);
	world_free(w);
}

/*
 * b's cable is down from the start: the flow, the ping and the TCP flow
 * receive nothing.  Their mean delay, rtt and reordering share have no
 * sample: "-" in the tables and null in the JSON, not a 0 that reads as a
 * perfect network (they were 0.0 and 0.00).
 */
Test(world, a_flow_that_received_nothing_has_no_mean_delay_or_reordering)
{
	const char *text = "[sim]\nduration = 1s\n[switch sw1]\nports = Gi0/1-2\n"
			   "[host a]\nip = 10.0.0.1/24\n[host b]\nip = 10.0.0.2/24\n"
			   "[links]\na.eth0 = sw1.Gi0/1\nb.eth0 = sw1.Gi0/2\n"
			   "[flow f]\nfrom = a\nto = b\nrate = 1M\nsize = 1000\n"
			   "[flow p]\ntype = ping\nfrom = a\nto = b\n"
			   "[flow t]\ntype = tcp\nfrom = a\nto = b\n"
			   "[faults]\n0s link b.eth0 down\n";
	struct metrics m;
	struct world *w = run_text(text, 1, &m);
	GString *txt = g_string_new(NULL), *json = g_string_new(NULL);

	cr_assert_eq(val(&m, "flow.f.received"), 0);
	report_text(w, &m, txt);
	cr_assert(strstr(txt->str, "         0       -      0.00          -\n"), "%s", txt->str);
	cr_assert(strstr(txt->str, "     -         -       -         -          -  (ping rtt)\n"),
		  "%s", txt->str);
	cr_assert(strstr(txt->str, ", cwnd 10, rtt -\n"), "%s", txt->str);
	cr_assert(strstr(txt->str, "; reordered by the network 0 (-, extent 0)\n"), "%s", txt->str);
	report_json(w, &m, json);
	cr_assert(strstr(json->str, "\"reorder_ratio\": null,"), "%s", json->str);
	cr_assert(strstr(json->str, "\"delay_avg_us\": null,"), "%s", json->str);
	cr_assert(strstr(json->str, "\"rtt_avg_us\": null,"), "%s", json->str);
	cr_assert(strstr(json->str, "\"srtt_us\": null,"), "%s", json->str);
	cr_assert_null(strstr(json->str, "\"delay_avg_us\": 0"), "%s", json->str);
	g_string_free(txt, TRUE);
	g_string_free(json, TRUE);
	metrics_fini(&m);
	world_free(w);
}

/*
 * mode1_primary.ini, fault 3: failure.eth1 (the active slave) pulled at
 * 5 s; until failure.bond0 makes eth0 active at 5.072 s the switch floods
 * the pings to it, and every copy dies on a backup slave: always.eth1,
 * better.eth0 and failure.eth0.  The 8 lost pings are failure.eth0's, the
 * destination's own backup, not always.eth1's, a host they never went to
 * (the order the flood's copies died in decided that before).
 */
Test(world, a_packet_lost_in_a_flood_is_charged_at_its_own_host)
{
	struct world_options opt = { .seed_set = true, .seed = 1 };
	GError *err = NULL;
	struct world *w = world_load("scenarios/mode1_primary.ini", &opt, &err);
	struct metrics m;
	GString *txt = g_string_new(NULL);

	cr_assert_not_null(w, "%s", err ? err->message : "");
	world_run(w);
	metrics_init(&m);
	world_metrics(w, &m);
	report_text(w, &m, txt);
	cr_assert(strstr(txt->str, "  ping ping_failure: sent 680 = received 670 + lost 10 + in flight 0\n"
				   "    lost at failure.eth0                         inactive_slave"
				   "              8 packets\n"
				   "    lost at failure.eth1                         inactive_slave"
				   "              2 packets\n"), "%s", txt->str);
	cr_assert(strstr(txt->str, "  ping ping_always: sent 680 = received 676 + lost 4 + in flight 0\n"
				   "    lost at always.eth1                          inactive_slave"
				   "              4 packets\n"), "%s", txt->str);
	g_string_free(txt, TRUE);
	metrics_fini(&m);
	world_free(w);
}

/* The same seed draws the same phase; a pinned phase ignores the seed. */
Test(world, open_at_pins_the_phase_whatever_the_seed)
{
	struct metrics m1, m2;
	struct world *a = run_text(AB_PULL_WORLD("open_at bond0 = 37ms\n"), 1, &m1);
	struct world *b = run_text(AB_PULL_WORLD("open_at bond0 = 37ms\n"), 2, &m2);

	/* ticks at 37, 144, 248 ... ms: 1.080 (seen), 1.288 (disabled) */
	cr_assert_eq(val(&m1, "server.bond0.open_at_ms"), 37);
	cr_assert_eq(val(&m1, "failover.1.bond.server.bond0.slave_change_ms"), 238);
	cr_assert_eq(val(&m2, "failover.1.bond.server.bond0.slave_change_ms"), 238);
	metrics_fini(&m1);
	metrics_fini(&m2);
	world_free(a);
	world_free(b);
}

Test(world, random_loss_is_not_blamed_on_a_harmless_fault)
{
	/* 1% loss all along; a delay change at 2 s harms nobody */
	const char *text =
		"[sim]\nduration = 3s\n[switch sw1]\nports = Gi0/1-2\n"
		"[host a]\nip = 10.0.0.1/24\n[host b]\nip = 10.0.0.2/24\n"
		"[links]\na.eth0 = sw1.Gi0/1 loss=1%\nb.eth0 = sw1.Gi0/2\n"
		"[flow f]\nfrom = a\nto = b\nrate = 10M\nsize = 1000\n"
		"[faults]\n2s delay b.eth0 2us\n";
	struct metrics m;
	struct world *w = run_text(text, 1, &m);

	cr_assert_gt(val(&m, "flow.f.lost"), 10);		/* the loss is there */
	cr_assert_eq(val(&m, "failover.1.flow.f.lost"), 0);	/* but not the fault's */
	cr_assert_eq(val(&m, "failover.1.flow.f.outage_ms"), 0);
	cr_assert_lt(val(&m, "failover.1.flow.f.first_rx_ms"), 1);
	metrics_fini(&m);
	world_free(w);
}

Test(world, jitter_moves_packets_within_their_interval_and_keeps_their_order)
{
	/* 1000 packets 1 ms apart, each up to 900 us late */
	const char *text =
		"[sim]\nduration = 1s\n[switch sw1]\nports = Gi0/1-2\n"
		"[host a]\nip = 10.0.0.1/24\n[host b]\nip = 10.0.0.2/24\n"
		"[links]\na.eth0 = sw1.Gi0/1\nb.eth0 = sw1.Gi0/2\n"
		"[flow f]\nfrom = a\nto = b\nrate = 8224000\nsize = 1000\njitter = 900us\n";
	struct metrics m;
	struct world *w = run_text(text, 1, &m);
	const struct flow *fl = g_ptr_array_index(w->flows, 0);
	sim_time_t min_off = SIM_S, max_off = 0;

	for (uint64_t k = 0; k < 1000; k++) {
		sim_time_t off = flow_send_time(fl, k) - (sim_time_t)k * SIM_MS;

		min_off = MIN(min_off, off);
		max_off = MAX(max_off, off);
	}
	cr_assert_geq(min_off, 0);
	cr_assert_leq(max_off, 900 * SIM_US);
	cr_assert_gt(max_off - min_off, 800 * SIM_US, "spread over the whole jitter");
	cr_assert_eq(val(&m, "flow.f.sent"), 1000);
	cr_assert_eq(val(&m, "flow.f.received"), 1000);
	cr_assert_eq(val(&m, "flow.f.reordered"), 0);
	metrics_fini(&m);
	world_free(w);
}

/*
 * "speed=10000" is 10 Gb/s, as "ethtool -s eth0 speed 10000": a 1518-byte
 * frame (1472 bytes of UDP payload) plus preamble and gap is 12304 bits,
 * 1231 ns on the wire at 10 Gb/s (rounded up), 12304 ns at 1 Gb/s.  With
 * no propagation delay the one-way delay is two serialisations, host to
 * switch and switch to host.
 */
#define SPEED_WORLD(speed) \
	"[sim]\nduration = 10ms\n[switch sw1]\nports = Gi0/1-2\n" \
	"[host a]\nip = 10.0.0.1/24\n[host b]\nip = 10.0.0.2/24\n" \
	"[links]\na.eth0 = sw1.Gi0/1 speed=" speed " delay=0\n" \
	"b.eth0 = sw1.Gi0/2 speed=" speed " delay=0\n" \
	"[flow f]\nfrom = a\nto = b\nrate = 10M\nsize = 1472\nstart = 1ms\n"

Test(world, speed_10000_is_ten_gigabit_as_in_ethtool)
{
	static const struct {
		const char *text;
		double delay_us;
		uint64_t bps;
	} cases[] = {
		{ SPEED_WORLD("10000"), 2.462, 10000000000ULL },
		{ SPEED_WORLD("10G"), 2.462, 10000000000ULL },
		{ SPEED_WORLD("10Gbit/s"), 2.462, 10000000000ULL },
		{ SPEED_WORLD("1000"), 24.608, 1000000000ULL },
		{ SPEED_WORLD("100Mbit/s"), 246.08, 100000000ULL },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct metrics m;
		struct world *w = run_text(cases[i].text, 1, &m);
		const struct link *l = g_ptr_array_index(w->links, 0);
		GString *rep = g_string_new(NULL);
		char row[64];

		cr_assert_eq(l->speed_bps, cases[i].bps);
		cr_assert_eq(l->end[0]->speed_bps, cases[i].bps);
		cr_assert_float_eq(val(&m, "flow.f.delay_min_us"), cases[i].delay_us, 1e-9,
				   "case %zu: %f", i, val(&m, "flow.f.delay_min_us"));
		cr_assert_eq(val(&m, "flow.f.lost"), 0);
		/* the report shows it as ethtool does */
		report_text(w, &m, rep);
		g_snprintf(row, sizeof(row), " %" G_GUINT64_FORMAT "Mb/s Full ",
			   (guint64)(cases[i].bps / 1000000));
		cr_assert_not_null(strstr(rep->str, row), "no '%s' in:\n%s", row, rep->str);
		g_string_free(rep, TRUE);
		metrics_fini(&m);
		world_free(w);
	}
}

/* "x = 3" in [expect] is refused with file:line and the '==' to write. */
Test(world, expect_refuses_a_single_equals_sign)
{
	static const char *const ok[] = { "x == 3", "x>=3", "x != 3", "x <= 3", "x < 3", "x > 3" };
	static const enum expect_op op[] = { EXPECT_EQ, EXPECT_GE, EXPECT_NE, EXPECT_LE, EXPECT_LT,
		EXPECT_GT };
	struct expectation *x = NULL;
	GError *e = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(ok); i++) {
		cr_assert(expect_parse(ok[i], "t.ini", 4, &x, NULL), "%s", ok[i]);
		cr_assert_eq(x->op, op[i], "%s", ok[i]);
		cr_assert_eq(x->value, 3);
		expect_free(x);
	}
	cr_assert_not(expect_parse("flow.f.lost = 0", "t.ini", 7, &x, &e));
	cr_assert_str_eq(e->message, "t.ini:7: 'flow.f.lost = 0': '=' is not a comparison; "
			 "write 'flow.f.lost == 0' (operators: == != < <= > >=)");
	g_clear_error(&e);
	cr_assert_not(expect_parse("x=3", "t.ini", 8, &x, NULL));
	cr_assert_not(expect_parse("x =< 3", "t.ini", 8, &x, NULL));
}

/* The last of two miimon= wins, as the kernel's parse_args() has it, without
 * a word in the kernel log; the host's notes and stderr say so at the line. */
Test(world, bonding_option_given_twice_last_wins_with_a_warning)
{
	struct metrics m;
	struct world *w = run_text(RR_WORLD("", "mode=1 miimon=100 miimon=200"), 1, &m);
	struct world_host *h = world_find_host(w, "server");
	struct bond *b = world_find_bond(h, "bond0");
	const char *want = "bond0: miimon given twice: miimon=100, then miimon=200; the kernel's "
			   "parameter parser applies them in order, so miimon=200 wins";
	const char *note = h->notes->len ? h->notes->pdata[0] : "";

	cr_assert_eq(b->params.miimon, 200);
	cr_assert_eq(w->warnings->len, 1u);
	cr_assert(g_str_has_suffix(g_ptr_array_index(w->warnings, 0), want), "%s",
		  (char *)g_ptr_array_index(w->warnings, 0));
	cr_assert_not_null(strstr(g_ptr_array_index(w->warnings, 0), ".ini:8: warning: bond0: "),
			   "%s", (char *)g_ptr_array_index(w->warnings, 0));
	cr_assert_eq(h->notes->len, 1u);
	cr_assert(g_str_has_suffix(note, want), "%s", note);
	cr_assert_not_null(strstr(note, ".ini:8: bond0: "), "%s", note);
	for (guint i = 0; i < h->host->log.lines->len; i++)
		cr_assert_null(strstr(g_array_index(h->host->log.lines, struct sim_log_line, i).text,
				      "given twice"));
	metrics_fini(&m);
	world_free(w);
}

/* The line quoted whole, as copied from BONDING_OPTS="...": one parameter,
 * mode, whose first word the kernel reads; miimon is lost, and said to be. */
Test(world, a_quoted_options_line_is_one_parameter_with_a_warning)
{
	struct metrics m;
	struct world *w = run_text(RR_WORLD("", "\"mode=active-backup miimon=100\""), 1, &m);
	struct world_host *h = world_find_host(w, "server");
	struct bond *b = world_find_bond(h, "bond0");
	const char *want = "bond0: mode=\"active-backup miimon=100\" is one parameter (quotes group "
			   "words): the kernel reads its first word, active-backup, and ignores "
			   "'miimon=100' without a word; write the options without quotes";

	cr_assert_eq(b->params.mode, BOND_MODE_ACTIVEBACKUP);
	cr_assert_eq(b->params.miimon, 0);
	cr_assert_eq(w->warnings->len, 1u);
	cr_assert(g_str_has_suffix(g_ptr_array_index(w->warnings, 0), want), "%s",
		  (char *)g_ptr_array_index(w->warnings, 0));
	metrics_fini(&m);
	world_free(w);
}

/*
 * primary=eth2 on a bond of eth0 and eth1: the kernel keeps the name and
 * logs (at debug level, from bond_option_primary_set()) that it is not
 * enslaved yet; the first slave stays active, and stderr hears why.
 */
Test(world, primary_naming_no_slave_is_logged_as_the_kernel_does)
{
	struct metrics m;
	struct world *w = run_text(RR_WORLD("", "mode=1 miimon=100 primary=eth2"), 1, &m);
	struct world_host *h = world_find_host(w, "server");
	struct bond *b = world_find_bond(h, "bond0");
	const GArray *lines = h->host->log.lines;
	const struct sim_log_line *rec = NULL;
	guint enslaved = 0;

	for (guint i = 0; i < lines->len; i++) {
		const struct sim_log_line *l = &g_array_index(lines, struct sim_log_line, i);

		if (strstr(l->text, "Recording")) {
			rec = l;
			/* after both slaves were enslaved, as ifup-eth writes primary */
			cr_assert_eq(enslaved, 2u);
		}
		enslaved += strstr(l->text, "Enslaving") != NULL;
	}
	cr_assert_not_null(rec);
	cr_assert_str_eq(rec->text, "bond0: Recording eth2 as primary, but it has not been enslaved yet");
	cr_assert_eq(rec->at, 0);
	cr_assert_null(b->primary);
	cr_assert_str_eq(b->params.primary, "eth2");
	cr_assert_eq(val(&m, "server.bond0.active_slave"), 0);
	cr_assert_eq(w->warnings->len, 1u);
	cr_assert(g_str_has_suffix(g_ptr_array_index(w->warnings, 0),
				   ".ini:8: warning: bond0: primary=eth2 is not a slave of bond0 "
				   "(slaves: eth0, eth1); the kernel keeps the name for a later "
				   "enslave and prefers no slave meanwhile"),
		  "%s", (char *)g_ptr_array_index(w->warnings, 0));
	metrics_fini(&m);
	world_free(w);
}

/* Load @text with @opt: the world, or NULL with the error in @msg. */
static struct world *load_text(const char *text, const struct world_options *opt, char **msg)
{
	char *path = ini_tmp(text);
	GError *err = NULL;
	struct world *w;

	w = world_load(path, opt, &err);
	*msg = err ? g_strdup(err->message) : NULL;
	g_clear_error(&err);
	g_unlink(path);
	g_free(path);
	return w;
}

#define PAIR(ip_a, ip_b) \
	"[switch sw1]\nports = Gi0/1-2\n[host a]\nip = " ip_a "\n[host b]\nip = " ip_b "\n" \
	"[links]\na.eth0 = sw1.Gi0/1\nb.eth0 = sw1.Gi0/2\n"

/* The only warning of a world loaded from @text, "" when none, NULL on error. */
static char *only_warning(const char *text)
{
	struct world_options opt = { 0 };
	char *msg = NULL;
	struct world *w = load_text(text, &opt, &msg);
	char *warning;

	cr_assert_not_null(w, "%s", msg);
	cr_assert_leq(w->warnings->len, 1u);
	warning = g_strdup(w->warnings->len ? g_ptr_array_index(w->warnings, 0) : "");
	world_free(w);
	return warning;
}

#define BOND_AND_CLIENT(server_macs, client_mac) \
	"[switch sw1]\nports = Gi0/1-3\n" \
	"[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n" \
	"options bond0 = mode=active-backup miimon=100\nip bond0 = 10.0.0.1/24\n" server_macs \
	"[host client]\nip = 10.0.0.2/24\n" client_mac \
	"[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\nclient.eth0 = sw1.Gi0/3\n"

/*
 * A MAC on two NICs runs (real networks break this way) but is said at the
 * "mac" line, naming both NICs and what the switch will make of it: given
 * twice by hand, or equal to one bondsim gives another NIC by default
 * (server.eth0's, which its bond carries too).  Accepted silently before.
 */
Test(world, a_mac_two_nics_carry_is_a_warning_at_the_mac_line)
{
	const char *what = " both have MAC 00:16:36:00:00:01: a switch that hears both learns it "
			   "on two ports in turn and sends frames for it to whichever sent last, "
			   "so traffic to one or the other is lost; give each NIC its own MAC";
	char *w1 = only_warning(BOND_AND_CLIENT("mac eth0 = 00:16:36:00:00:01\n",
						"mac eth0 = 00:16:36:00:00:01\n"));
	char *w2 = only_warning(BOND_AND_CLIENT("", "mac eth0 = 02:00:00:01:00:01\n"));
	char *want1 = g_strconcat(":11: warning: client.eth0 and server.eth0 (its mac at line 8)",
				  what, NULL);

	cr_assert(g_str_has_suffix(w1, want1), "%s", w1);
	cr_assert(g_str_has_suffix(w2, ":10: warning: client.eth0 and server.eth0 (bondsim's "
				       "default MAC for it) both have MAC 02:00:00:01:00:01: a "
				       "switch that hears both learns it on two ports in turn and "
				       "sends frames for it to whichever sent last, so traffic to "
				       "one or the other is lost; give each NIC its own MAC"), "%s", w2);
	g_free(want1);
	g_free(w1);
	g_free(w2);
}

/*
 * A bond's slaves carry its MAC (fail_over_mac=none): eth1 given eth0's
 * MAC by hand, or a client given eth1's default, which eth1 no longer
 * carries once enslaved, is no clash.
 */
Test(world, a_bond_sharing_its_slaves_mac_is_no_clash)
{
	char *w1 = only_warning(BOND_AND_CLIENT("mac eth0 = 00:16:36:00:00:01\n"
						"mac eth1 = 00:16:36:00:00:01\n", ""));
	char *w2 = only_warning(BOND_AND_CLIENT("", "mac eth0 = 02:00:00:02:00:01\n"));

	cr_assert_str_empty(w1);
	cr_assert_str_empty(w2);
	g_free(w1);
	g_free(w2);
}

/*
 * A /31 has no network or broadcast address (RFC 3021): both are hosts
 * and answer pings.  In a /30 the last address is the broadcast one.
 */
Test(world, a_31_has_two_hosts_a_30_keeps_its_broadcast_address)
{
	struct metrics m;
	struct world *w = run_text("[sim]\nduration = 3s\n" PAIR("10.0.0.0/31", "10.0.0.1/31")
				   "[flow p]\ntype = ping\nfrom = a\nto = b\ncount = 2\n", 1, &m);
	struct world_options opt = { 0 };
	char *msg;

	cr_assert_eq(val(&m, "ping.p.received"), 2);
	metrics_fini(&m);
	world_free(w);
	cr_assert_null(load_text(PAIR("10.0.0.1/30", "10.0.0.3/30"), &opt, &msg));
	cr_assert(g_str_has_suffix(msg, ":6: ip = 10.0.0.3/30: 10.0.0.3 is the broadcast "
				   "address of 10.0.0.0/30, not a host's (use one from 10.0.0.1 "
				   "to 10.0.0.2)"), "%s", msg);
	g_free(msg);
}

/*
 * A fault past the end of the run is refused, whether the end is [sim]
 * duration or --duration, at the fault's line; a --duration that reaches
 * it (even exactly) lets it in.
 */
Test(world, a_fault_after_the_end_is_refused_whichever_duration_ends_the_run)
{
	const char *text = "[sim]\nduration = 1s\n" PAIR("10.0.0.1/24", "10.0.0.2/24")
			   "[faults]\n1.5s link a.eth0 down\n";
	struct world_options opt = { .duration = 2 * SIM_S };
	struct world *w;
	char *msg;

	w = load_text(text, &opt, &msg);
	cr_assert_not_null(w, "%s", msg);
	cr_assert_eq(w->faults->len, 1u);
	world_free(w);
	opt.duration = 1500 * SIM_MS;
	w = load_text(text, &opt, &msg);
	cr_assert_not_null(w, "%s", msg);
	world_free(w);
	opt.duration = SIM_S;
	cr_assert_null(load_text(text, &opt, &msg));
	cr_assert(g_str_has_suffix(msg, ":13: fault at 1.5s is after the end of the run "
				   "(--duration 1s): give a --duration above 1.5s (the file's last fault or "
				   "flow start), or none"),
		  "%s", msg);
	g_free(msg);
	opt.duration = 0;
	cr_assert_null(load_text(text, &opt, &msg));
	cr_assert(g_str_has_suffix(msg, ":13: fault at 1.5s is after the end of the run (1s): "
				   "move it before then or raise [sim] duration"), "%s", msg);
	g_free(msg);
}

/* Each {line, message}: a [sim] holding that line is refused, ending so. */
static void assert_sim_refused(const char *const cases[][2], size_t n)
{
	struct world_options opt = { 0 };

	for (size_t i = 0; i < n; i++) {
		char *text = g_strdup_printf("[sim]\n%s\n" PAIR("10.0.0.1/24", "10.0.0.2/24"),
					     cases[i][0]);
		char *msg;

		cr_assert_null(load_text(text, &opt, &msg), "%s", cases[i][0]);
		cr_assert(g_str_has_suffix(msg, cases[i][1]), "%s", msg);
		g_free(msg);
		g_free(text);
	}
}

/*
 * [sim]'s refusals say what it really takes: runs from 1 (-1 and 0 alike),
 * and every key of the table when a line is no "key = value".
 */
Test(world, sim_refusals_name_what_it_takes)
{
	static const char *const cases[][2] = {
		{ "runs = -1", ":2: runs: '-1' is not a whole number from 1 to 10000" },
		{ "runs = 0", ":2: runs: '0' is not a whole number from 1 to 10000" },
		{ "runs = 10001", ":2: runs: '10001' is not a whole number from 1 to 10000" },
		{ "duration 1s", ":2: 'duration 1s' in [sim]: expected 'key = value' "
				 "(keys: duration, seed, sample, runs)" },
		{ "duration = 1.5ns", ":2: invalid time '1.5ns' (times are whole nanoseconds); "
				      "write a number and a unit (ns, us, ms, s, m, h), e.g. 10us, "
				      "100ms, 2.5s, 1m" },
	};

	assert_sim_refused(cases, G_N_ELEMENTS(cases));
}

/*
 * The scenario's whole numbers are decimal, or hex after 0x; "010" is
 * refused rather than read as octal 8 (strtoul's base 0) or as 10.
 */
Test(world, whole_numbers_are_decimal_or_0x_never_octal)
{
	static const char *const bad[][2] = {
		{ "seed = 010", ":2: seed: '010' starts with 0: write it without the leading zero "
				"(octal is not read here; hex is, as 0x...)" },
		{ "seed = +5", ":2: seed: '+5' is not a whole number from 0 to 9223372036854775807" },
		{ "seed = 0x", ":2: seed: '0x' is not a whole number from 0 to 9223372036854775807" },
		{ "seed = 0xg1", ":2: seed: '0xg1' is not a whole number from 0 to 9223372036854775807" },
		{ "runs = 0x", ":2: runs: '0x' is not a whole number from 1 to 10000" },
	};
	static const struct {
		const char *line;
		uint64_t seed;
	} good[] = { { "seed = 0x10", 16 }, { "seed = 0", 0 }, { "seed = 10", 10 },
		     { "seed = 0XfF", 255 } };
	struct world_options opt = { 0 };

	assert_sim_refused(bad, G_N_ELEMENTS(bad));
	for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
		char *text = g_strdup_printf("[sim]\n%s\n" PAIR("10.0.0.1/24", "10.0.0.2/24"),
					     good[i].line);
		char *msg = NULL;
		struct world *w = load_text(text, &opt, &msg);

		cr_assert_not_null(w, "%s: %s", good[i].line, msg);
		cr_assert_eq(w->seed, good[i].seed, "%s", good[i].line);
		world_free(w);
		g_free(text);
	}
	/* --seed takes what [sim] seed takes */
	uint64_t seed = 0;
	GError *error = NULL;

	cr_assert(world_seed_parse("0x10", &seed, NULL));
	cr_assert_eq(seed, 16);
	cr_assert_not(world_seed_parse("010", &seed, &error));
	cr_assert_str_eq(error->message, "'010' starts with 0: write it without the leading zero "
			 "(octal is not read here; hex is, as 0x...)");
	g_clear_error(&error);
}

/*
 * max_bonds=2 makes bond1 whether the scenario uses it or not, as on a
 * real machine: it stays empty and says so.  bond0 with an address and no
 * slave could never send, and is refused.
 */
Test(world, a_bond_the_module_made_may_stay_empty_a_configured_one_may_not)
{
	const char *text = "[switch sw1]\nports = Gi0/1-2\n[host a]\nnics = eth0 eth1\n"
			   "modprobe.d =\n    alias bond0 bonding\n"
			   "    options bonding mode=1 miimon=100 max_bonds=2\n"
			   "bond bond0 = eth0 eth1\nip bond0 = 10.0.0.1/24\n"
			   "[links]\na.eth0 = sw1.Gi0/1\na.eth1 = sw1.Gi0/2\n";
	struct world_options opt = { 0 };
	struct world_host *h;
	struct world *w;
	bool logged = false;
	char *msg;

	w = load_text(text, &opt, &msg);
	cr_assert_not_null(w, "%s", msg);
	h = world_find_host(w, "a");
	cr_assert_eq(world_find_bond(h, "bond0")->slaves->len, 2u);
	cr_assert_eq(world_find_bond(h, "bond1")->slaves->len, 0u);
	for (guint i = 0; i < h->notes->len; i++)
		logged |= g_str_has_suffix(g_ptr_array_index(h->notes, i),
					   ".ini:6: bond1 has no slaves, so no carrier");
	cr_assert(logged);
	world_free(w);

	cr_assert_null(load_text("[switch sw1]\nports = Gi0/1-2\n[host a]\n"
				 "modprobe.d =\n    alias bond0 bonding\n    options bond0 mode=1\n"
				 "ip eth0 = 10.0.0.1/24\nip bond0 = 10.0.1.1/24\n"
				 "[links]\na.eth0 = sw1.Gi0/1\n", &opt, &msg));
	cr_assert(g_str_has_suffix(msg, ":8: bond bond0 has no slaves, so it can never send: "
				   "enslave NICs with 'bond bond0 = eth0 eth1' or MASTER=bond0 in "
				   "their ifcfg files (NICs of a: eth0)"), "%s", msg);
	g_free(msg);
}

/*
 * ifcfg's BONDING_OPTS are sysfs writes to a bond the module made with its
 * defaults: nothing of the module-load checks applies to them, so 802.3ad
 * keeps miimon=0 when asked and an ARP interval waits for its targets.
 */
static const struct bond *ifcfg_bond(const char *opts, struct world **w)
{
	char *text = g_strdup_printf("[switch sw1]\nports = Gi0/1-2\n[host a]\nnics = eth0 eth1\n"
				     "ifcfg-bond0 =\n    DEVICE=bond0\n    BONDING_OPTS=\"%s\"\n"
				     "ifcfg-eth0 =\n    DEVICE=eth0\n    MASTER=bond0\n    SLAVE=yes\n"
				     "ifcfg-eth1 =\n    DEVICE=eth1\n    MASTER=bond0\n    SLAVE=yes\n"
				     "[links]\na.eth0 = sw1.Gi0/1\na.eth1 = sw1.Gi0/2\n", opts);
	struct world_options opt = { 0 };
	char *msg = NULL;

	*w = load_text(text, &opt, &msg);
	g_free(text);
	cr_assert_not_null(*w, "%s", msg);
	return world_find_bond(world_find_host(*w, "a"), "bond0");
}

Test(world, bonding_opts_are_sysfs_writes_not_module_parameters)
{
	struct world *w;
	const struct bond *b = ifcfg_bond("mode=802.3ad miimon=0", &w);

	cr_assert_eq(b->params.mode, 4);
	cr_assert_eq(b->params.miimon, 0);
	world_free(w);
	b = ifcfg_bond("mode=active-backup arp_interval=100", &w);
	cr_assert_eq(b->params.arp_interval, 100);
	cr_assert_eq(b->params.arp_targets_count, 0);
	cr_assert_eq(b->params.miimon, 0);
	world_free(w);
}

/*
 * bond_arp_send_all(): a probe goes where ip_route_output(..., RTO_ONLINK)
 * says.  A target in no connected subnet: sent anyway, from 0.0.0.0, and
 * with arp_validate the kernel warns once; a target on another
 * interface's subnet: no probe at all (the slaves go down either way).
 */
#define ARP_ROUTE_WORLD(target, eth2)                                                    \
	"[sim]\nduration = 1s\n[switch sw1]\nports = Gi0/1-4\n"                           \
	"[host server]\nnics = eth0 eth1" eth2 "\nbond bond0 = eth0 eth1\n"              \
	"options bond0 = mode=active-backup arp_interval=100 arp_ip_target=" target       \
	" arp_validate=all\nopen_at bond0 = 0s\nip bond0 = 192.168.0.100/24\n"            \
	"ip eth2 = 10.1.0.5/24\n[host gw]\nip = 192.168.0.1/24\n"                         \
	"[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\ngw.eth0 = sw1.Gi0/3\n" \
	"server.eth2 = sw1.Gi0/4\n"

static int log_count(const struct world *w, const char *host, const char *text)
{
	const struct world_host *h = world_find_host((struct world *)w, host);
	int n = 0;

	for (guint i = 0; i < h->host->log.lines->len; i++)
		n += strcmp(g_array_index(h->host->log.lines, struct sim_log_line, i).text, text) == 0;
	return n;
}

Test(world, arp_probes_follow_the_link_scope_route)
{
	struct metrics m;
	struct world *w = run_text(ARP_ROUTE_WORLD("10.9.9.9", " eth2"), 1, &m);

	cr_assert_eq(log_count(w, "server", "bond0: no route to arp_ip_target 10.9.9.9 and "
				 "arp_validate is set"), 1);
	/* probes at 0, 0.1 and 0.2 s from eth0, then round the slaves */
	cr_assert_geq(val(&m, "server.bond0.eth0.tx_frames"), 3);
	metrics_fini(&m);
	world_free(w);

	w = run_text(ARP_ROUTE_WORLD("10.1.0.1", " eth2"), 1, &m);
	cr_assert_eq(log_count(w, "server", "bond0: no route to arp_ip_target 10.1.0.1 and "
				 "arp_validate is set"), 0);
	cr_assert_eq(val(&m, "server.bond0.eth0.tx_frames"), 0);
	cr_assert_eq(val(&m, "server.bond0.eth1.tx_frames"), 0);
	cr_assert_eq(val(&m, "server.bond0.eth0.link_up"), 0);
	metrics_fini(&m);
	world_free(w);
}

/* How many of @host's kernel log lines contain @part (a warning of any bond). */
static int log_lines_with(const struct world *w, const char *host, const char *part)
{
	const struct world_host *h = world_find_host((struct world *)w, host);
	int n = 0;

	for (guint i = 0; i < h->host->log.lines->len; i++)
		n += strstr(g_array_index(h->host->log.lines, struct sim_log_line, i).text, part) != NULL;
	return n;
}

static int no_route_lines(const struct world *w, const char *host)
{
	return log_lines_with(w, host, ": no route to arp_ip_target ");
}

/*
 * bond_arp_send_all()'s warning is pr_warn_once(): one flag per call site
 * and kernel, so a host says it once whichever of its bonds (or targets)
 * gets there first, and every host says it once.  Here each bond has
 * arp_validate set and two targets behind no route.
 */
#define NO_ROUTE_BOND(bond, a, b, open_at)                                                     \
	"bond " bond " = " a " " b "\noptions " bond " = mode=active-backup arp_interval=100 " \
	"arp_ip_target=10.9.9.9,10.9.9.10 arp_validate=all\nopen_at " bond " = " open_at "\n"

Test(world, no_route_warning_once_per_host_not_per_bond)
{
	struct metrics m;
	struct world *w = run_text("[sim]\nduration = 1s\n[switch sw1]\nports = Gi0/1-8\n"
				   "[host server]\nnics = eth0 eth1 eth2 eth3\n"
				   NO_ROUTE_BOND("bond0", "eth0", "eth1", "0s")
				   NO_ROUTE_BOND("bond1", "eth2", "eth3", "50ms")
				   "ip bond0 = 192.168.0.100/24\nip bond1 = 192.168.1.100/24\n"
				   "[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\n"
				   "server.eth2 = sw1.Gi0/3\nserver.eth3 = sw1.Gi0/4\n", 1, &m);

	/* both bonds probe from 0.0.0.0; the first probe of all (bond0's,
	 * at 0 s, to the first target) is the one the host warns of */
	cr_assert_geq(val(&m, "server.bond0.eth0.tx_frames"), 3);
	cr_assert_geq(val(&m, "server.bond1.eth2.tx_frames"), 3);
	cr_assert_eq(no_route_lines(w, "server"), 1);
	cr_assert_eq(log_count(w, "server", "bond0: no route to arp_ip_target 10.9.9.9 and "
				 "arp_validate is set"), 1);
	metrics_fini(&m);
	world_free(w);

	/* bonds with no address: the same kernel, the same one line */
	w = run_text("[sim]\nduration = 1s\n[switch sw1]\nports = Gi0/1-8\n"
		     "[host server]\nnics = eth0 eth1 eth2 eth3\n"
		     NO_ROUTE_BOND("bond0", "eth0", "eth1", "0s")
		     NO_ROUTE_BOND("bond1", "eth2", "eth3", "50ms")
		     "[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\n"
		     "server.eth2 = sw1.Gi0/3\nserver.eth3 = sw1.Gi0/4\n", 1, &m);
	cr_assert_eq(no_route_lines(w, "server"), 1);
	metrics_fini(&m);
	world_free(w);

	/* two hosts, two kernels: each warns once */
	w = run_text("[sim]\nduration = 1s\n[switch sw1]\nports = Gi0/1-8\n"
		     "[host a]\nnics = eth0 eth1\n" NO_ROUTE_BOND("bond0", "eth0", "eth1", "0s")
		     "ip bond0 = 192.168.0.100/24\n"
		     "[host b]\nnics = eth0 eth1\n" NO_ROUTE_BOND("bond0", "eth0", "eth1", "50ms")
		     "ip bond0 = 192.168.0.101/24\n"
		     "[links]\na.eth0 = sw1.Gi0/1\na.eth1 = sw1.Gi0/2\n"
		     "b.eth0 = sw1.Gi0/3\nb.eth1 = sw1.Gi0/4\n", 1, &m);
	cr_assert_eq(no_route_lines(w, "a"), 1);
	cr_assert_eq(no_route_lines(w, "b"), 1);
	cr_assert_eq(log_count(w, "b", "bond0: no route to arp_ip_target 10.9.9.9 and "
				 "arp_validate is set"), 1);
	metrics_fini(&m);
	world_free(w);
}

/* __get_link_speed()'s pr_err_once(): one host, two 802.3ad bonds on 3 Gb/s
 * cables (no ethtool speed code): one line, the first port to ask */
Test(world, unknown_speed_warning_once_per_host_not_per_bond)
{
	struct metrics m;
	struct world *w = run_text("[sim]\nduration = 1s\n[switch sw1]\nports = Gi0/1-8\n"
				   "[host server]\nnics = eth0 eth1 eth2 eth3\n"
				   "bond bond0 = eth0 eth1\noptions bond0 = mode=802.3ad miimon=100\n"
				   "bond bond1 = eth2 eth3\noptions bond1 = mode=802.3ad miimon=100\n"
				   "open_at bond1 = 50ms\n"	/* no address: still the host's kernel */
				   "[links]\nserver.eth0 = sw1.Gi0/1 speed=3000\n"
				   "server.eth1 = sw1.Gi0/2 speed=3000\n"
				   "server.eth2 = sw1.Gi0/3 speed=3000\n"
				   "server.eth3 = sw1.Gi0/4 speed=3000\n", 1, &m);

	cr_assert_eq(log_lines_with(w, "server", ": unknown ethtool speed ("), 1);
	cr_assert_eq(log_count(w, "server", "bond0: (slave eth0): unknown ethtool speed (3000) "
				 "for port 1 (set it to 0)"), 1);
	metrics_fini(&m);
	world_free(w);
}

/* When @sw's log last says @text (exactly), in simulated ns; -1: never. */
static sim_time_t sw_line_at(const struct world *w, const char *sw, const char *text)
{
	sim_time_t at = -1;

	for (guint i = 0; i < w->switches->len; i++) {
		const struct world_switch *s = g_ptr_array_index(w->switches, i);
		const GArray *lines = sw_log(s->sw)->lines;

		for (guint k = 0; strcmp(s->name, sw) == 0 && k < lines->len; k++)
			if (strcmp(g_array_index(lines, struct sim_log_line, k).text, text) == 0)
				at = g_array_index(lines, struct sim_log_line, k).at;
	}
	return at;
}

/*
 * A release closes its NIC once the frame on the wire is out, not after
 * the data still queued (dev_close() resets the qdisc): on 10 Mb/s cables
 * under a 50 Mb/s balance-rr flow, the queue holds a second of frames,
 * yet sw1's Gi0/1 goes down within a frame time (1.2 ms).  A release and
 * an enslave at the same moment still close and open the NIC, in that
 * order, as the two commands do.
 */
Test(world, release_closes_after_the_wire_not_the_queue)
{
	static const char base[] =
		"[sim]\nduration = 3s\n[switch sw1]\nports = Gi0/1-3\n"
		"[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
		"options bond0 = mode=balance-rr miimon=100\nopen_at bond0 = 0s\n"
		"ip bond0 = 192.168.0.100/24\n"
		"[host client]\nip = 192.168.0.1/24\n"
		"[links]\nserver.eth0 = sw1.Gi0/1 speed=10\nserver.eth1 = sw1.Gi0/2 speed=10\n"
		"client.eth0 = sw1.Gi0/3\n"
		"[flow f]\nfrom = server\nto = client\nrate = 50M\n"
		"[faults]\n2.05s release server.bond0 eth0\n";
	const char *down = "%LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down";
	const char *up = "%LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to up";
	struct metrics m;
	struct world *w = run_text(base, 1, &m);
	sim_time_t at = sw_line_at(w, "sw1", down);

	cr_assert_geq(at, 2050 * SIM_MS);
	cr_assert_lt(at, 2050 * SIM_MS + 1300 * SIM_US, "down at %" G_GINT64_FORMAT " ns", at);
	metrics_fini(&m);
	world_free(w);

	{
		g_autofree char *both = g_strconcat(base, "2.05s enslave server.bond0 eth0\n", NULL);

		w = run_text(both, 1, &m);
		cr_assert_eq(sw_line_at(w, "sw1", down), 2050 * SIM_MS);
		cr_assert_eq(sw_line_at(w, "sw1", up), 2050 * SIM_MS);
		metrics_fini(&m);
		world_free(w);
	}
}

/* world_load_text(): errors name the given file; a text has no folder to include from. */
Test(world, load_text_names_the_text_and_refuses_includes)
{
	static const char base[] = "[switch sw1]\nports = Gi0/1-2\n"
				   "[host a]\nip = 10.0.0.1/24\n"
				   "[host b]\nip = 10.0.0.2/24\n"
				   "[links]\na.eth0 = sw1.Gi0/1\nb.eth0 = sw1.Gi0/2\n";
	struct world_options opt = { .seed_set = true, .seed = 1 };
	char *text = g_strconcat(base, "[host c]\nmodprobe.d = @bonding.conf\n", NULL);
	GError *err = NULL;
	struct world *w = world_load_text(base, "mem.ini", &opt, &err);

	cr_assert_not_null(w, "%s", err ? err->message : "");
	cr_assert_str_eq(w->file, "mem.ini");
	cr_assert_eq(w->hosts->len, 2u);
	cr_assert_eq(w->links->len, 2u);
	world_free(w);

	cr_assert_null(world_load_text(text, "mem.ini", &opt, &err));
	cr_assert_str_eq(err->message, "mem.ini:11: '@bonding.conf': a scenario given as text "
				       "cannot include files");
	g_error_free(err);
	g_free(text);
}

/*
 * Every @file the loader read is in w->includes with what read it, a line
 * of the file or a --set: main.c keeps the outputs off them.
 */
Test(world, includes_name_the_line_or_the_set_that_read_them)
{
	char *dir = g_dir_make_tmp("bondsim-inc-XXXXXX", NULL);
	char *ini = g_build_filename(dir, "s.ini", NULL);
	char *conf = g_build_filename(dir, "a.conf", NULL);
	char *conf2 = g_build_filename(dir, "b.conf", NULL);
	char *from = g_strdup_printf("%s:4 (modprobe.d = @a.conf)", ini);
	char *sets[] = { "b.modprobe.d=@b.conf", NULL };
	struct world_options opt = { .seed_set = true, .seed = 1, .sets = sets };
	const struct world_include *inc;
	GError *err = NULL;
	struct world *w;

	cr_assert(g_file_set_contents(ini, "[switch sw1]\nports = Gi0/1-3\n[host a]\n"
				      "modprobe.d = @a.conf\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
				      "ip bond0 = 10.0.0.1/24\n[host b]\nip = 10.0.0.2/24\n"
				      "[links]\na.eth0 = sw1.Gi0/1\na.eth1 = sw1.Gi0/2\n"
				      "b.eth0 = sw1.Gi0/3\n", -1, NULL));
	cr_assert(g_file_set_contents(conf, "options bonding mode=1 miimon=100\n", -1, NULL));
	/* no bond0 on b: it has one NIC */
	cr_assert(g_file_set_contents(conf2, "options bonding max_bonds=0\n", -1, NULL));
	w = world_load(ini, &opt, &err);
	cr_assert_not_null(w, "%s", err ? err->message : "");
	cr_assert_eq(w->includes->len, 2u);
	inc = g_ptr_array_index(w->includes, 0);
	cr_assert_str_eq(inc->path, conf);
	cr_assert_str_eq(inc->from, from);
	inc = g_ptr_array_index(w->includes, 1);
	cr_assert_str_eq(inc->path, conf2);
	cr_assert_str_eq(inc->from, "--set b.modprobe.d=@b.conf");
	world_free(w);
	g_unlink(ini);
	g_unlink(conf);
	g_unlink(conf2);
	g_rmdir(dir);
	g_free(from);
	g_free(conf2);
	g_free(conf);
	g_free(ini);
	g_free(dir);
}

/*
 * balance-rr over a 100M and a 10M slave, 30 Mbit/s: the slow one's queue
 * overflows and its survivors come late, partly filling the gaps; a cable
 * pull, a lossy window and a ping on top.  Thousands of gaps, many with
 * holes.
 */
#define MANY_GAPS_WORLD \
	"[sim]\nduration = 3s\n[switch sw1]\nports = Gi0/1-3\n" \
	"[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n" \
	"options bond0 = mode=0 miimon=100\nip bond0 = 10.0.0.1/24\n" \
	"[host client]\nip = 10.0.0.2/24\n" \
	"[links]\nserver.eth0 = sw1.Gi0/1 speed=100M\nserver.eth1 = sw1.Gi0/2 speed=10M\n" \
	"client.eth0 = sw1.Gi0/3 speed=100M\n" \
	"[flow f]\nfrom = server\nto = client\nrate = 30M\nsize = 1000\n" \
	"[flow p]\ntype = ping\nfrom = client\nto = server\ninterval = 1ms\n" \
	"[faults]\n1s link server.eth0 down\n1.5s link server.eth0 up\n" \
	"2s loss client.eth0 20%\n2.5s loss client.eth0 0\n"

/* Every report and CSV of the many-gaps world with receivers keeping @kept gaps. */
static char *many_gaps_outputs(guint kept, uint64_t *retired, guint *still_kept)
{
	char *path = ini_tmp(MANY_GAPS_WORLD);
	struct world_options opt = { .seed_set = true, .seed = 3 };
	GString *out = g_string_new(NULL), *part = g_string_new(NULL);
	struct world *w;
	struct metrics m;
	const struct flow *fl;

	w = world_load(path, &opt, NULL);
	cr_assert_not_null(w);
	w->gaps_kept = kept;
	world_run(w);
	metrics_init(&m);
	world_metrics(w, &m);
	report_json(w, &m, part);
	char *json = without_path(part);

	g_string_append(out, json);
	g_free(json);
	g_string_truncate(part, 0);
	report_text(w, &m, part);
	g_string_append(out, strchr(part->str, '\n'));	/* after the line naming the file */
	for (const struct graphs_csv *c = graphs_csv_files; c->name; c++) {
		g_string_truncate(part, 0);
		if (c->write(w, part))
			g_string_append_printf(out, "== %s\n%s", c->name, part->str);
	}
	fl = g_ptr_array_index(w->flows, 0);
	*retired = fl->rx.gaps_retired;
	*still_kept = fl->rx.gaps->len;
	metrics_fini(&m);
	world_free(w);
	g_unlink(path);
	g_free(path);
	g_string_free(part, TRUE);
	return g_string_free(out, FALSE);
}

Test(world, retiring_old_gaps_changes_no_report_byte)
{
	uint64_t retired_all, retired_2, retired_7;
	guint kept_all, kept_2, kept_7;
	char *all = many_gaps_outputs(G_MAXUINT, &retired_all, &kept_all);
	char *two = many_gaps_outputs(2, &retired_2, &kept_2);
	char *seven = many_gaps_outputs(7, &retired_7, &kept_7);

	cr_assert_eq(retired_all, 0, "keeping them all, none retire");
	cr_assert_eq(kept_all, 3217, "the world opens thousands of gaps (%u)", kept_all);
	/* a gap retires once every packet before its end is resolved: the
	 * 10M slave's queue holds up to 0.8 s of them, so the last ones stay */
	cr_assert_gt(retired_2, 2000, "%" G_GUINT64_FORMAT " gaps retired", retired_2);
	cr_assert_gt(retired_7, 1500, "%" G_GUINT64_FORMAT " gaps retired", retired_7);
	cr_assert_eq(retired_2 + kept_2, kept_all);
	cr_assert_eq(retired_7 + kept_7, kept_all);
	cr_assert(strstr(all, "\"gaps_not_listed\": 2217"));	/* the longest 1000 listed */
	cr_assert(strstr(all, "== flows.csv"));
	cr_assert_str_eq(two, all);
	cr_assert_str_eq(seven, all);
	g_free(all);
	g_free(two);
	g_free(seven);
}

/*
 * A slave its queue overflows: the per-flow and per-peer counts are of the
 * frames the slave took, never more than it carried.  Two 900 Mbit/s flows
 * to one peer of a balance-alb bond both hash to eth0 (one destination), a
 * 1 Gbit/s slave: before, each flow counted every frame the bond handed
 * over (2x the line rate), queue_full drops included.
 */
Test(world, per_flow_and_per_peer_counts_leave_out_frames_the_slave_refused)
{
	struct metrics m;
	struct world *w = run_text(
		"[sim]\nduration = 2s\n"
		"[switch sw1]\nports = Gi0/1-3\n"
		"[host srv]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
		"options bond0 = mode=balance-alb miimon=100\nip bond0 = 10.0.0.10/24\n"
		"[host backup]\nip = 10.0.0.20/24\n"
		"[links]\nsrv.eth0 = sw1.Gi0/1\nsrv.eth1 = sw1.Gi0/2\n"
		"backup.eth0 = sw1.Gi0/3 speed=10G\n"
		"[flow a]\nfrom = srv\nto = backup\nrate = 900M\nstart = 1s\nsport = 40001\n"
		"[flow b]\nfrom = srv\nto = backup\nrate = 900M\nstart = 1s\nsport = 40002\n",
		1, &m);
	double fa = val(&m, "srv.bond0.eth0.flow.a.tx_frames");
	double fb = val(&m, "srv.bond0.eth0.flow.b.tx_frames");
	double sent = val(&m, "srv.bond0.eth0.tx_frames");
	double peer = val(&m, "srv.bond0.peer.backup.eth0.tx_bytes");
	double refused = val(&m, "drop.srv.eth0.queue_full");

	cr_assert_gt(refused, 50000);	/* 1.8 Gbit/s offered to 1 Gbit/s for 1 s */
	cr_assert_eq(val(&m, "flow.a.sent") + val(&m, "flow.b.sent"), 2 * 75000);
	/* what the two flows sent on eth0 and what it refused of them is
	 * all they sent but what its queue (1000 frames) and wire still hold */
	cr_assert_leq(fa + fb + refused, 2 * 75000);
	cr_assert_geq(fa + fb + refused, 2 * 75000 - 1001);
	cr_assert_leq(fa + fb, sent);
	cr_assert_geq(fa + fb, sent - 100);	/* ARP and learning frames */
	/* and the peer's bytes on eth0 are those frames', not twice the line */
	cr_assert_leq(peer, val(&m, "srv.bond0.eth0.tx_bytes") + 1000 * 1514.0);
	cr_assert_eq(val(&m, "srv.bond0.eth1.flow.a.tx_frames"), 0);
	metrics_fini(&m);
	world_free(w);
}

#define ALB_EARLY(pin, start) \
	"[sim]\nduration = 3s\n" \
	"[switch sw1]\nports = Gi0/1-4\n" \
	"[host srv]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n" \
	"options bond0 = mode=balance-alb miimon=100\nip bond0 = 10.0.0.10/24\n" pin \
	"[host p1]\nip = 10.0.0.21/24\n[host p2]\nip = 10.0.0.22/24\n" \
	"[links]\nsrv.eth0 = sw1.Gi0/1\nsrv.eth1 = sw1.Gi0/2\n" \
	"p1.eth0 = sw1.Gi0/3\np2.eth0 = sw1.Gi0/4\n" \
	"[flow a]\nfrom = p1\nto = srv\nrate = 10M\n" start \
	"[flow b]\nfrom = p2\nto = srv\nrate = 10M\n" start

/*
 * balance-alb and flows from time 0: the bond opens later (26 ms with seed
 * 1), its receive table is made at the open, and the peers' ARP came
 * before it, so neither peer is ever in the table and both send to eth0.
 * That is said once, at the first such flow; a flow after the open, or the
 * open pinned at 0, balances the two peers over the two slaves.
 */
Test(world, balance_alb_flows_before_the_open_are_warned_about)
{
	struct metrics m;
	struct world *w = run_text(ALB_EARLY("", ""), 1, &m);
	const char *want = ".ini:19: warning: flow a starts at 0s, before srv.bond0 "
			   "(balance-alb) opens at 26ms (drawn from the seed): the ARP exchanged "
			   "before the open escapes its receive load balancing, so that peer keeps "
			   "the bond's MAC (one slave) until it resolves the address again; start "
			   "the flow at 26ms or later, or pin 'open_at bond0 = 0s' in [host srv]";

	cr_assert_eq(w->warnings->len, 1u);
	cr_assert(g_str_has_suffix(g_ptr_array_index(w->warnings, 0), want), "%s",
		  (char *)g_ptr_array_index(w->warnings, 0));
	cr_assert_eq(val(&m, "srv.bond0.rlb.clients"), 0);
	cr_assert_lt(val(&m, "srv.bond0.eth1.rx_frames"), 10);	/* floods only */
	metrics_fini(&m);
	world_free(w);

	w = run_text(ALB_EARLY("", "start = 200ms\n"), 1, &m);
	cr_assert_eq(w->warnings->len, 0u);
	cr_assert_eq(val(&m, "srv.bond0.rlb.clients"), 2);
	cr_assert_gt(val(&m, "srv.bond0.eth1.rx_frames"), 1000);
	metrics_fini(&m);
	world_free(w);

	w = run_text(ALB_EARLY("open_at bond0 = 0s\n", ""), 1, &m);
	cr_assert_eq(w->warnings->len, 0u);
	cr_assert_eq(val(&m, "srv.bond0.rlb.clients"), 2);
	cr_assert_gt(val(&m, "srv.bond0.eth1.rx_frames"), 1000);
	metrics_fini(&m);
	world_free(w);
}

#define PHASE_WORLD(jitter) \
	"[sim]\nduration = 2s\n[switch sw]\nports = p1-3\n" \
	"[host a]\nip = 10.0.0.1/24\n[host b]\nip = 10.0.0.2/24\n[host c]\nip = 10.0.0.3/24\n" \
	"[links]\na.eth0 = sw.p1\nb.eth0 = sw.p2\nc.eth0 = sw.p3 speed=100M\n" \
	"[flow ab]\nfrom = a\nto = c\nrate = 90M\nsize = 1472\n" jitter \
	"[flow bc]\nfrom = b\nto = c\nrate = 90M\nsize = 1472\n" jitter

/*
 * Two 90 Mbit/s constant-rate flows into one 100 Mbit/s port phase-lock:
 * one loses nearly everything, the other nothing; the loss report says so
 * and names jitter.  With jitter the split is even, and no note.
 */
Test(world, phase_locked_flows_at_a_full_queue_get_a_note)
{
	struct metrics m;
	struct world *w = run_text(PHASE_WORLD(""), 1, &m);
	GString *txt = g_string_new(NULL);

	cr_assert_eq(val(&m, "flow.ab.lost"), 0);
	cr_assert_eq(val(&m, "flow.bc.lost"), 13618);
	report_text(w, &m, txt);
	cr_assert(strstr(txt->str, "  note: bc lost 13618 at a full queue (sw.p3) and ab goes to "
			 "the same host, both at a constant rate without jitter: periodic "
			 "senders phase-lock, so how the loss splits between them (bc 13618, "
			 "ab 0) may follow their timing"), "%s", txt->str);
	g_string_free(txt, TRUE);
	metrics_fini(&m);
	world_free(w);

	w = run_text(PHASE_WORLD("jitter = 100us\n"), 1, &m);
	txt = g_string_new(NULL);
	cr_assert_eq(val(&m, "flow.ab.lost"), 6778);
	cr_assert_eq(val(&m, "flow.bc.lost"), 6839);
	report_text(w, &m, txt);
	cr_assert_null(strstr(txt->str, "note:"), "%s", txt->str);
	g_string_free(txt, TRUE);
	metrics_fini(&m);
	world_free(w);
}

#define ALB_SWAP(faults) \
	"[sim]\nduration = 9s\n" \
	"[switch sw1]\nports = Gi0/1-3\n" \
	"[host srv]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n" \
	"options bond0 = mode=balance-alb miimon=100 primary=eth1\n" \
	"open_at bond0 = 0s\nip bond0 = 10.0.0.1/24\n" \
	"[host c1]\nip = 10.0.0.11/24\n" \
	"[links]\nsrv.eth0 = sw1.Gi0/1\nsrv.eth1 = sw1.Gi0/2\nc1.eth0 = sw1.Gi0/3\n" \
	"[flow up]\nfrom = c1\nto = srv\nstart = 1s\nrate = 10M\n" \
	"[faults]\n5s link srv.eth1 down\n" faults

/*
 * balance-alb, primary=eth1: eth1 is active (it took the bond's MAC from
 * eth0 at enslave), c1 is given eth0 (the first slave), with eth0's MAC.
 * eth1 fails: no client moves (it had none), but eth0 becomes active and
 * swaps MACs with it, so c1's MAC is now eth1's (dead; taught on eth0,
 * where IP drops it as otherhost) until rlb_req_update_slave_clients()'s
 * replies tell c1 eth0's new MAC, 21 ticks later.  The failover report
 * used to call those replies "retries of an earlier move"; it says the
 * swap now.  With eth0 pulled too, c1 stays in the table with no slave,
 * which the load-balancing section called "never in the table".
 */
Test(world, balance_alb_report_says_a_mac_swap_and_a_client_without_slave)
{
	struct metrics m;
	struct world *w = run_text(ALB_SWAP(""), 1, &m);
	GString *txt = g_string_new(NULL);

	cr_assert_eq(val(&m, "failover.1.bond.srv.bond0.rlb_moved_ms"), -1);
	cr_assert_eq(val(&m, "failover.1.bond.srv.bond0.rlb_update_ms"), 2280);
	cr_assert_eq(val(&m, "failover.1.flow.up.lost"), 1820);
	report_text(w, &m, txt);
	cr_assert(strstr(txt->str, "none, but eth0 took another MAC in a swap: its 1 client "
				   "must learn it\n"), "%s", txt->str);
	cr_assert(strstr(txt->str, "2 ARP replies: 1 client of eth0 told its new MAC (a MAC "
				   "swap at 5.096 s)\n"), "%s", txt->str);
	cr_assert_null(strstr(txt->str, "retries of an earlier move"));
	g_string_free(txt, TRUE);
	metrics_fini(&m);
	world_free(w);

	w = run_text(ALB_SWAP("6s link srv.eth0 down\n"), 1, &m);
	txt = g_string_new(NULL);
	report_text(w, &m, txt);
	cr_assert(strstr(txt->str, "  - (in the table, no slave can take it)\n"), "%s", txt->str);
	/* rlb.clients counts the peers in the table, slave or not */
	cr_assert_eq(val(&m, "srv.bond0.rlb.clients"), 1);
	cr_assert_eq(val(&m, "srv.bond0.eth0.rlb_clients"), 0);
	cr_assert_eq(val(&m, "srv.bond0.eth1.rlb_clients"), 0);
	cr_assert_null(strstr(txt->str, "never in the table"));
	g_string_free(txt, TRUE);
	metrics_fini(&m);
	world_free(w);
}

/*
 * ip -s link's dropped leaves out qdisc drops: the 91 frames the pulled
 * eth0 took after its carrier went (noop_qdisc) until the MII monitor
 * moved to eth1 (1.05 s to 1.144 s at 8 Mbit/s of 1000-byte frames) show
 * 0 in its tx_dropped column, and the line under the table names them.
 * The one frame eth1 refused as the backup is its rx_nohandler, apart.
 */
Test(world, drops_ip_does_not_count_are_named_under_the_host_table)
{
	struct metrics m;
	struct world *w = run_text("[sim]\nduration = 2s\n[switch sw1]\nports = Gi0/1-3\n"
				   "[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
				   "options bond0 = mode=active-backup miimon=100\n"
				   "ip bond0 = 10.0.0.1/24\nopen_at bond0 = 0s\n"
				   "[host client]\nip = 10.0.0.2/24\n"
				   "[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\n"
				   "client.eth0 = sw1.Gi0/3\n"
				   "[flow f]\nfrom = server\nto = client\nrate = 8M\nsize = 1000\n"
				   "[faults]\n1.05s link server.eth0 down\n", 1, &m);
	GString *txt = g_string_new(NULL);

	cr_assert_eq(val(&m, "server.eth0.tx_dropped"), 0);
	cr_assert_eq(val(&m, "drop.server.eth0.carrier_down"), 91);
	report_text(w, &m, txt);
	cr_assert(strstr(txt->str, "  eth1       02:00:00:01:00:01        834         868028          1"
				   "             42          0          0\n"
				   "  also dropped, not in ip -s link's count: eth0 carrier_down 91\n"
				   "  rx_nohandler (ip -s -s link; not in rx_dropped): bond0 1, eth1 1\n"
				   "  bond0: mode active-backup"), "%s", txt->str);
	cr_assert_null(strstr(strstr(txt->str, "== Host client"), "also dropped"));
	g_string_free(txt, TRUE);
	metrics_fini(&m);
	world_free(w);
}

/*
 * A host's hz key is its kernel's CONFIG_HZ: the MII monitor re-arms
 * msecs_to_jiffies(miimon) ahead and the timer wheel rounds that up
 * (level 0 by one jiffy, level 1 to its 8-jiffy grid), so its ticks come
 * every 204 ms at HZ=250 for miimon=200 (51 jiffies) and 208 at HZ=1000.
 * Opened at 0, a cable pulled at 1 s is seen at the first tick after it.
 */
Test(world, a_hosts_hz_sets_the_jiffy_its_monitor_ticks_on)
{
	static const struct {
		int hz, miimon;
		double change_ms;	/* the tick after 1 s, less 1 s */
	} want[] = {
		{ 1000, 200, 40 },	/* 208 ms: 5 ticks */
		{ 250, 200, 20 },	/* 51 jiffies, 204 ms */
		{ 250, 50, 8 },		/* 13 + 1 jiffies, 56 ms: 18 ticks */
		{ 250, 500, 24 },	/* 125 jiffies to the 8-jiffy grid: 128, 512 ms */
		{ 100, 100, 100 },	/* 10 + 1 jiffies, 110 ms */
		{ 300, 100, 33.333333 },	/* 30 + 1 jiffies of 3.33 ms */
	};

	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		char *text = g_strdup_printf(
			"[sim]\nduration = 2s\n[switch sw1]\nports = Gi0/1-3\n"
			"[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
			"options bond0 = mode=active-backup miimon=%d\nip bond0 = 10.0.0.1/24\n"
			"open_at bond0 = 0\nhz = %d\n"
			"[host client]\nip = 10.0.0.2/24\n"
			"[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\n"
			"client.eth0 = sw1.Gi0/3\n[faults]\n1s link server.eth0 down\n",
			want[i].miimon, want[i].hz);
		struct metrics m;
		struct world *w = run_text(text, 1, &m);

		cr_assert_float_eq(val(&m, "failover.1.bond.server.bond0.slave_change_ms"),
				   want[i].change_ms, 0.001, "hz %d miimon %d", want[i].hz,
				   want[i].miimon);
		metrics_fini(&m);
		world_free(w);
		g_free(text);
	}
}

/*
 * The host table shows rx_dropped and tx_dropped apart, as ip -s link
 * does and as report.json, the metrics and sysfs hold them; what an
 * inactive slave refused is rx_nohandler (ip -s -s link), on its own line,
 * not in either.  mode1_failover.ini: eth1, the backup until 2.288 s, got
 * 1473 flooded frames it refused.
 */
Test(world, the_host_table_splits_rx_and_tx_drops_and_nohandler_as_ip_s_link)
{
	struct world_options opt = { .seed_set = true, .seed = 1 };
	GError *err = NULL;
	struct world *w = world_load("scenarios/mode1_failover.ini", &opt, &err);
	struct metrics m;
	GString *txt = g_string_new(NULL);

	cr_assert_not_null(w, "%s", err ? err->message : "");
	world_run(w);
	metrics_init(&m);
	world_metrics(w, &m);
	report_text(w, &m, txt);
	cr_assert_eq(val(&m, "server.eth1.rx_dropped"), 0);
	cr_assert_eq(val(&m, "server.bond0.eth1.rx_dropped_inactive"), 1473);
	cr_assert(strstr(txt->str, " rx_bytes rx_dropped tx_dropped\n"), "%s", txt->str);
	cr_assert(strstr(txt->str, "  eth1       02:00:00:01:00:01      22940       23552256"
				   "      24412       25062424          0          0\n"),
		  "%s", txt->str);
	cr_assert(strstr(txt->str, "  rx_nohandler (ip -s -s link; not in rx_dropped): "
				   "bond0 1473, eth1 1473\n"), "%s", txt->str);
	g_string_free(txt, TRUE);
	metrics_fini(&m);
	world_free(w);
}

/*
 * A slave's per-flow counts are of the frames that left on it, as its
 * tx_frames: not the 1000 its queue still holds at the end (eth1, 1.2
 * Gbit/s into 1 Gbit/s), nor those a carrier loss flushed from it (eth0,
 * pulled at 1 s with a full queue).  With the ARP frames ("other"), each
 * slave's flow counts add up to its tx_frames.
 */
Test(world, per_flow_counts_are_of_frames_that_left_as_the_slaves_tx_frames)
{
	struct metrics m;
	struct world *w = run_text("[sim]\nduration = 2s\n[switch sw1]\nports = Gi0/1-3\n"
				   "[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
				   "options bond0 = mode=active-backup miimon=100\n"
				   "ip bond0 = 10.0.0.1/24\nopen_at bond0 = 0s\n"
				   "[host client]\nip = 10.0.0.2/24\n"
				   "[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\n"
				   "client.eth0 = sw1.Gi0/3 speed=10G\n"
				   "[flow f]\nfrom = server\nto = client\nrate = 1200M\nsize = 1000\n"
				   "[faults]\n1s link server.eth0 down\n", 1, &m);
	static const char *const slaves[] = { "eth0", "eth1" };

	cr_assert_gt(val(&m, "drop.server.eth0.carrier_down"), 1000);
	for (guint i = 0; i < G_N_ELEMENTS(slaves); i++) {
		g_autofree char *fl = g_strdup_printf("server.bond0.%s.flow.f.tx_frames", slaves[i]);
		g_autofree char *tx = g_strdup_printf("server.bond0.%s.tx_frames", slaves[i]);

		cr_assert_gt(val(&m, fl), 50000, "%s", slaves[i]);
		cr_assert_leq(val(&m, fl), val(&m, tx), "%s", slaves[i]);
		cr_assert_geq(val(&m, fl), val(&m, tx) - 5, "%s: ARP only besides", slaves[i]);
	}
	metrics_fini(&m);
	world_free(w);
}
