/*
 * test_compare.c - bondsim compare: what each mode asks of the switch, as
 * --set lines, and the worlds they build.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "compare.h"
#include "compare_priv.h"
#include "sweep.h"
#include "world.h"
#include "switch/sw_priv.h"

#define CMP_WORLD(lag) \
	"[sim]\nduration = 1s\n" \
	"[switch sw1]\nports = Gi0/1-4\n" lag \
	"[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n" \
	"options bond0 = mode=balance-rr miimon=100\nip bond0 = 10.0.0.1/24\n" \
	"[host client]\nip = 10.0.0.2/24\n" \
	"[links]\nserver.eth0 = sw1.Gi0/1\nsw1.Gi0/2 = server.eth1\nclient.eth0 = sw1.Gi0/3\n" \
	"[flow f]\nfrom = server\nto = client\nrate = 10M\nsize = 1000\n"

static struct ini *parse(const char *text)
{
	GError *err = NULL;
	struct ini *ini = ini_parse(text, "t.ini", &err);

	cr_assert_not_null(ini, "%s", err ? err->message : "");
	return ini;
}

static char *joined(char **v)
{
	char *s = g_strjoinv(" | ", v);

	g_strfreev(v);
	return s;
}

/* The sets of @mode on @text, and what the switch needs. */
static void check_mode(const char *text, int mode, const char *sets, const char *needs)
{
	struct ini *ini = parse(text);
	GString *n = g_string_new(NULL);
	char *s = joined(compare_mode_sets(ini, mode, n, NULL));

	cr_assert_str_eq(s, sets, "mode %d", mode);
	cr_assert_str_eq(n->str, needs, "mode %d", mode);
	g_free(s);
	g_string_free(n, TRUE);
	ini_free(ini);
}

Test(compare, jain)
{
	const double even[] = { 5, 5 }, one[] = { 7, 0 }, three_one[] = { 3, 1 }, zero[] = { 0, 0 };

	cr_assert_float_eq(compare_jain(even, 2), 1, 1e-12);
	cr_assert_float_eq(compare_jain(one, 2), 0.5, 1e-12);
	/* (3 + 1)^2 / (2 (9 + 1)) = 0.8 */
	cr_assert_float_eq(compare_jain(three_one, 2), 0.8, 1e-12);
	cr_assert_float_eq(compare_jain(zero, 2), -1, 1e-12);
}

Test(compare, no_port_channel_yet)
{
	check_mode(CMP_WORLD(""), 0, "server.bond0.mode=0 | sw1.Po1.lag=Gi0/1 Gi0/2 mode=on",
		   "static port-channel (mode on): sw1 Po1 Gi0/1 Gi0/2");
	check_mode(CMP_WORLD(""), 4, "server.bond0.mode=4 | sw1.Po1.lag=Gi0/1 Gi0/2 mode=active",
		   "LACP port-channel (mode active): sw1 Po1 Gi0/1 Gi0/2");
	check_mode(CMP_WORLD(""), 6, "server.bond0.mode=6", "plain ports: sw1 Gi0/1 Gi0/2");
}

Test(compare, an_lacp_port_channel_changed_or_removed)
{
	const char *w = CMP_WORLD("lag Po7 = Gi0/1-2 mode=active\nlacp_rate Gi0/1-2 = fast\n");

	check_mode(w, 4, "server.bond0.mode=4 | sw1.Po7.mode=active",
		   "LACP port-channel (mode active): sw1 Po7 Gi0/1 Gi0/2");
	/* static: no lacp_rate on its ports */
	check_mode(w, 2, "server.bond0.mode=2 | sw1.Po7.mode=on | sw1.Gi0/1-2.lacp_rate=",
		   "static port-channel (mode on): sw1 Po7 Gi0/1 Gi0/2");
	check_mode(w, 1, "server.bond0.mode=1 | sw1.Po7.lag= | sw1.Gi0/1-2.lacp_rate=",
		   "plain ports: sw1 Gi0/1 Gi0/2");
}

/* The sets build the world they say: a port-channel in mode 2, none in mode 1. */
Test(compare, the_sets_build_that_world)
{
	const char *text = CMP_WORLD("lag Po7 = Gi0/1-2 mode=active\nlacp_rate Gi0/1-2 = fast\n");
	struct ini *ini = parse(text);

	for (int mode = 1; mode <= 2; mode++) {
		GString *n = g_string_new(NULL);
		char **sets = compare_mode_sets(ini, mode, n, NULL);
		struct world_options opt = { .sets = sets };
		GError *err = NULL;
		struct world *w = world_load_text(text, "t.ini", &opt, &err);
		struct sw_lag *lag;

		cr_assert_not_null(w, "mode %d: %s", mode, err ? err->message : "");
		lag = sw_find_lag(world_find_switch(w, "sw1")->sw, "Po7");
		cr_assert_eq(world_find_bond(world_find_host(w, "server"), "bond0")->params.mode, mode);
		if (mode == 1) {
			cr_assert_null(lag);
		} else {
			cr_assert_not_null(lag);
			cr_assert_eq(lag->mode, SW_LAG_STATIC);
		}
		world_free(w);
		g_strfreev(sets);
		g_string_free(n, TRUE);
	}
	ini_free(ini);
}

Test(compare, slaves_on_two_switches)
{
	const char *text =
		"[switch a]\nports = p1 p2\n[switch b]\nports = p1 p2\n"
		"[host h]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\nip bond0 = 10.0.0.1/24\n"
		"[links]\nh.eth0 = a.p1\nh.eth1 = b.p1\na.p2 = b.p2\n";

	check_mode(text, 0, "h.bond0.mode=0",
		   "plain port: a p1; plain port: b p1 (h.bond0: slaves on 2 switches and no MLAG: no one port-channel holds them all)");
}

/* Back to back: one clause for every bond without a switch, not one a bond. */
#define B2B_HOST(h, ip) \
	"[host " h "]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\nip bond0 = " ip "\n"

Test(compare, bonds_cabled_to_hosts_need_nothing_of_a_switch)
{
	const char *b2b = "[sim]\nduration = 1s\n" B2B_HOST("a", "10.0.0.1/24")
		B2B_HOST("b", "10.0.0.2/24")
		"[links]\na.eth0 = b.eth0\na.eth1 = b.eth1\n";
	const char *mixed = "[sim]\nduration = 1s\n[switch sw1]\nports = Gi0/1-4\n"
		B2B_HOST("a", "10.0.0.1/24") B2B_HOST("b", "10.0.0.2/24")
		B2B_HOST("c", "10.0.0.3/24")
		"[links]\na.eth0 = b.eth0\na.eth1 = b.eth1\nc.eth0 = sw1.Gi0/1\nc.eth1 = sw1.Gi0/2\n";

	check_mode(b2b, 0, "a.bond0.mode=0 | b.bond0.mode=0", COMPARE_NO_SWITCH);
	check_mode(b2b, 4, "a.bond0.mode=4 | b.bond0.mode=4", COMPARE_NO_SWITCH);
	check_mode(mixed, 2, "a.bond0.mode=2 | b.bond0.mode=2 | c.bond0.mode=2 | "
		   "sw1.Po1.lag=Gi0/1 Gi0/2 mode=on",
		   "static port-channel (mode on): sw1 Po1 Gi0/1 Gi0/2; "
		   "nothing for a.bond0 and b.bond0: cabled to hosts, not switches");
}

/* The recommendation: among equal throughputs, TCP's re-sent segments decide first. */
static struct mode_result result(int mode, double agg, double resent, double p95)
{
	struct mode_result r = { .mode = mode, .runs = 1, .aggregate = agg, .best = agg,
				 .jain = 0.9, .tcp = true, .best_tcp = agg, .resent = resent,
				 .outage_median = p95, .outage_p95 = p95, .lost = 0 };

	r.needs = g_string_new("plain ports: sw1 Gi0/1 Gi0/2");
	return r;
}

/* The table's lines for @all (whose needs it frees), NULL-terminated. */
static char **table_lines(struct mode_result *all, int n)
{
	GString *out = g_string_new(NULL), *csv = g_string_new(NULL), *dat = g_string_new(NULL);
	char **lines;

	compare_table("t.ini", all, n, 1, 1, out, csv, dat);
	lines = g_strsplit(out->str, "\n", -1);
	for (int i = 0; i < n; i++)
		g_string_free(all[i].needs, TRUE);
	g_string_free(out, TRUE);
	g_string_free(csv, TRUE);
	g_string_free(dat, TRUE);
	return lines;
}

static char *recommended(struct mode_result *all, int n)
{
	char **lines = table_lines(all, n), *pick = NULL;

	for (char **l = lines; *l && !pick; l++)
		if (strstr(*l, "RECOMMENDED"))
			pick = g_strndup(*l + 2, 16);	/* the mode's label */
	g_strfreev(lines);
	return pick;
}

Test(compare, fewer_tcp_segments_resent_wins_a_tie)
{
	/* 6 sent 40 segments twice, 5 none: 5, though 6 fails over faster */
	struct mode_result a[] = { result(5, 1000, 0, 60), result(6, 1005, 40, 20) };
	/* none re-sent: the shorter failover decides */
	struct mode_result b[] = { result(5, 1000, 0, 60), result(6, 1005, 0, 20) };
	/* 30 % more throughput outweighs the re-sent segments */
	struct mode_result c[] = { result(5, 1000, 0, 60), result(6, 1300, 40, 20) };
	char *pa = recommended(a, 2), *pb = recommended(b, 2), *pc = recommended(c, 2);

	cr_assert_str_eq(pa, "5 balance-tlb   ");
	cr_assert_str_eq(pb, "6 balance-alb   ");
	cr_assert_str_eq(pc, "6 balance-alb   ");
	g_free(pa);
	g_free(pb);
	g_free(pc);
}

/* The verdict line of @r's mode in the table of @all. */
static char *verdict(struct mode_result *all, int n, int mode)
{
	char **lines = table_lines(all, n), *line = NULL;
	char label[8];

	g_snprintf(label, sizeof(label), "  %d ", mode);
	for (char **l = lines; *l; l++)
		if (g_str_has_prefix(*l, label) && (strstr(*l, "good:") || strstr(*l, "bad:")))
			line = g_strdup(*l);
	g_strfreev(lines);
	return line;
}

/* How long the flows waited for a first packet: LACP's time, or more when ARP gave up meanwhile. */
Test(compare, a_first_packet_later_than_lacp_is_said)
{
	struct mode_result a[] = { result(0, 1000, 0, 0), result(4, 300, 0, 10) };
	struct mode_result b[] = { result(0, 1000, 0, 0), result(4, 900, 0, 10) };
	struct mode_result c[] = { result(0, 1000, 0, 0), result(1, 900, 0, 10) };
	char *va, *vb, *vc;

	a[1].lacp_ms = 2200;
	a[1].first_ms = 3000;
	b[1].lacp_ms = 2200;
	b[1].first_ms = 2250;
	c[1].first_ms = 1000;
	va = verdict(a, 2, 4);
	vb = verdict(b, 2, 4);
	vc = verdict(c, 2, 1);
	cr_assert(strstr(va, "LACP took 2200 ms to carry traffic and a flow's first packet 3000 ms"),
		  "%s", va);
	cr_assert(strstr(vb, "LACP took 2200 ms to carry traffic (a longer run weighs it less)"),
		  "%s", vb);
	cr_assert(strstr(vc, "a flow waited 1000 ms for its first packet"), "%s", vc);
	g_free(va);
	g_free(vb);
	g_free(vc);
}

/*
 * A start-up that took a tenth of the run or more weighs in the mean
 * throughput: the verdict says how much, next to the throughput it lowers.
 */
Test(compare, a_start_up_that_ate_the_run_is_said_with_the_throughput)
{
	struct mode_result a[] = { result(1, 1000, 0, 60), result(4, 250, 0, 10) };
	struct mode_result b[] = { result(1, 1000, 0, 60), result(4, 250, 0, 10) };
	char *va, *vb;

	a[1].first_ms = 3000;
	a[1].run_ms = 4000;
	b[1].first_ms = 300;	/* under a tenth of the run: nothing to add */
	b[1].run_ms = 4000;
	va = verdict(a, 2, 4);
	vb = verdict(b, 2, 4);
	cr_assert(strstr(va, "bad: 25% of the best aggregate throughput (its flows waited 3000 ms "
			 "of the 4000 ms run for a first packet: start them after that, or run "
			 "longer, to compare steady states)"), "%s", va);
	cr_assert(strstr(vb, "bad: 25% of the best aggregate throughput,"), "%s", vb);
	g_free(va);
	g_free(vb);
}

/* The recommendation does not depend on the order of --modes: the same
 * results in every order pick the same mode, and a tie on every criterion
 * is said, with the modes it is between. */
Test(compare, the_pick_does_not_depend_on_the_order_of_the_modes)
{
	/* Jain 0.009 apart each: 1 and 5, 5 and 6 are within 0.01 of each
	 * other, 1 and 6 not; 5 and 6 are within 0.01 of the fairest, and of
	 * the two the lower mode number wins (it used to be whichever came
	 * first: 6 after 1, 5 after 1 the other way round) */
	const double agg[3] = { 1000, 1000, 1000 }, jain[3] = { 0.50, 0.509, 0.518 };
	const int mode[3] = { 1, 5, 6 }, orders[6][3] = {
		{ 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };

	for (int o = 0; o < 6; o++) {
		struct mode_result r[3];
		char *pick;

		for (int k = 0; k < 3; k++) {
			int i = orders[o][k];

			r[k] = result(mode[i], agg[i], 0, 100);
			r[k].tcp = false;
			r[k].jain = jain[i];
		}
		pick = recommended(r, 3);
		cr_assert_str_eq(pick, "5 balance-tlb   ", "order %d", o);
		g_free(pick);
	}
	/* three modes equal in everything: the lowest number, and the tie said */
	for (int o = 0; o < 6; o++) {
		struct mode_result r[3];
		char *line;

		for (int k = 0; k < 3; k++) {
			r[k] = result(mode[orders[o][k]], 1000, 0, 100);
			r[k].jain = 0.5;
		}
		line = verdict(r, 3, 1);
		cr_assert(strstr(line, "1 active-backup  RECOMMENDED (tied on every criterion with "
				 "5 balance-tlb, 6 balance-alb; a tie goes to the most throughput, "
				 "then the lowest mode number). good: "), "order %d: %s", o, line);
		g_free(line);
	}
}

/* "bond bond0 =" with its slaves enslaved by [faults]: the same switch ports
 * face them (this bond was taken for one cabled to hosts, its ports left
 * plain under balance-rr and 802.3ad). */
Test(compare, slaves_enslaved_by_faults_face_the_switch_too)
{
	const char *text =
		"[sim]\nduration = 1s\n[switch sw1]\nports = Gi0/1-4\n"
		"[host a]\nnics = eth0 eth1\nbond bond0 =\nip bond0 = 10.0.0.1/24\n"
		"[host b]\nip = 10.0.0.2/24\n"
		"[links]\na.eth0 = sw1.Gi0/1\na.eth1 = sw1.Gi0/2\nb.eth0 = sw1.Gi0/3\n"
		"[faults]\n0.5s enslave a.bond0 eth0\n0.5s  enslave  a.bond0 eth1\n"
		"0.7s enslave a.bond0 eth0\n";

	check_mode(text, 0, "a.bond0.mode=0 | sw1.Po1.lag=Gi0/1 Gi0/2 mode=on",
		   "static port-channel (mode on): sw1 Po1 Gi0/1 Gi0/2");
	check_mode(text, 4, "a.bond0.mode=4 | sw1.Po1.lag=Gi0/1 Gi0/2 mode=active",
		   "LACP port-channel (mode active): sw1 Po1 Gi0/1 Gi0/2");
	check_mode(text, 1, "a.bond0.mode=1", "plain ports: sw1 Gi0/1 Gi0/2");
}

/* Slaves on two switches without MLAG: no port-channel can hold them.  A
 * mode that needs one is said so (not "needs a static port-channel on the
 * switch", which cannot be done) and never recommended, even when this
 * run's traffic happened to move no MAC. */
Test(compare, a_port_channel_that_cannot_be_built_is_no_recommendation)
{
	const char *two = "[switch a]\nports = p1 p2\n[switch b]\nports = p1 p2\n"
		"[host h]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\nip bond0 = 10.0.0.1/24\n"
		"[links]\nh.eth0 = a.p1\nh.eth1 = b.p1\na.p2 = b.p2\n";
	struct ini *ini = parse(two);
	char *split = compare_split_bond(ini);
	struct mode_result r[3] = { result(0, 2000, 0, 0), result(4, 1000, 0, 0),
				    result(1, 1000, 0, 0) };
	char *pick, *v0, *v4;

	cr_assert_str_eq(split, "h.bond0 on 2 switches, no MLAG");
	ini_free(ini);
	ini = parse(CMP_WORLD(""));
	cr_assert_null(compare_split_bond(ini));
	ini_free(ini);

	r[0].split = split;
	r[1].split = split;
	r[1].lacp_ms = -1;
	v0 = verdict(r, 3, 0);
	for (int i = 0; i < 3; i++)
		r[i].needs = g_string_new("plain ports");
	v4 = verdict(r, 3, 4);
	for (int i = 0; i < 3; i++)
		r[i].needs = g_string_new("plain ports");
	pick = recommended(r, 3);
	cr_assert_str_eq(pick, "1 active-backup ");
	cr_assert(strstr(v0, "no port-channel can hold its slaves (h.bond0 on 2 switches, no MLAG)"),
		  "%s", v0);
	cr_assert_null(strstr(v0, "needs a static port-channel"), "%s", v0);
	cr_assert(strstr(v4, "no LACP partner can bundle its slaves (h.bond0 on 2 switches, no MLAG)"),
		  "%s", v4);
	cr_assert_null(strstr(v4, "needs LACP"), "%s", v4);
	cr_assert_null(strstr(v4, "a longer run"), "%s", v4);
	g_free(pick);
	g_free(v0);
	g_free(v4);
	g_free(split);
}

/* One run's --json-line of CMP_WORLD's flow f, with one fault. */
static char *run_json(int seed, double outage_ms, bool recovered, int lost, const char *more)
{
	return g_strdup_printf("{\"scenario\": \"t.ini\", \"set\": [], \"seed\": %d, \"status\": 0, "
			       "\"metrics\": {\"flow.f.throughput_mbps\": 9.5, \"flow.f.received\": 1000, "
			       "\"failover.1.fault_time_us\": 500000, "
			       "\"failover.1.flow.f.first_rx_ms\": %s, "
			       "\"failover.1.flow.f.outage_ms\": %g, \"failover.1.flow.f.lost\": %d, %s"
			       "\"failover.1.outage_ms\": %g, \"failover.1.lost\": %d}}",
			       seed, recovered ? "0.5" : "-1", outage_ms, recovered ? lost : -1,
			       more, outage_ms, recovered ? lost : -1);
}

/* @mode's result of @n runs (@json each), as compare_main() makes it. */
static struct mode_result mode_of_runs(const struct ini *ini, int mode, char **json, int n)
{
	struct mode_result r = { .mode = mode };
	GArray *outages = g_array_new(FALSE, FALSE, sizeof(double));

	for (int k = 0; k < n; k++) {
		struct run_line *line = merge_parse_line(json[k]);

		cr_assert_not_null(line, "%s", json[k]);
		compare_take_run(ini, line, &r, outages);
		merge_run_line_free(line);
		g_free(json[k]);
	}
	compare_mode_finish(&r, outages);
	g_array_free(outages, TRUE);
	r.needs = g_string_new("plain ports: sw1 Gi0/1 Gi0/2");
	return r;
}

/*
 * A flow that got nothing after a fault until the end of the run: its
 * outage_ms is only the time left (20 ms here) and its lost -1, left out of
 * failover.N.lost.  It used to be averaged in as a 20 ms outage with 0
 * packets lost, and active-backup, "the shortest failover", recommended
 * over balance-tlb, which lost 60 ms but came back.  Now its outage reads
 * "never" where the rank falls on such a run, lost a lower bound, a
 * footnote and the CSV name the flow and its runs, the chart draws a
 * label instead of a bar, and it is not recommended.
 */
Test(compare, a_flow_that_never_recovered_is_never_a_short_outage)
{
	struct ini *ini = parse(CMP_WORLD(""));
	/* active-backup: f came back after 30 ms (12 lost) twice, never once */
	char *ab[3] = { run_json(1, 30, true, 12, ""), run_json(2, 20, false, 0, ""),
			run_json(3, 30, true, 12, "") };
	/* balance-tlb: 60 ms and 50 lost every time; a TCP stream and a flow that
	 * had stopped (first_rx_ms and outage_ms -1 both) recovered nothing, but
	 * lost nothing either */
	const char *quiet = "\"failover.1.tcp.bulk.first_rx_ms\": 1.5, \"failover.1.tcp.bulk.outage_ms\": 40, "
			    "\"failover.1.flow.g.first_rx_ms\": -1, \"failover.1.flow.g.outage_ms\": -1, "
			    "\"failover.1.flow.g.lost\": -1, ";
	char *tlb[3] = { run_json(1, 60, true, 50, quiet), run_json(2, 60, true, 50, quiet),
			 run_json(3, 60, true, 50, quiet) };
	/* balance-alb: a TCP stream that never resumed, every run */
	const char *stuck = "\"failover.1.tcp.bulk.first_rx_ms\": -1, \"failover.1.tcp.bulk.outage_ms\": 20, ";
	char *alb[3] = { run_json(1, 60, true, 50, stuck), run_json(2, 60, true, 50, stuck),
			 run_json(3, 60, true, 50, stuck) };
	struct mode_result r[3] = { mode_of_runs(ini, 1, ab, 3), mode_of_runs(ini, 5, tlb, 3),
				    mode_of_runs(ini, 6, alb, 3) };
	GString *out = g_string_new(NULL), *csv = g_string_new(NULL), *dat = g_string_new(NULL);

	cr_assert_eq(r[0].never_runs, 1);
	cr_assert_eq(r[1].never_runs, 0);
	cr_assert_eq(r[2].never_runs, 3);
	compare_table("t.ini", r, 3, 3, 1, out, csv, dat);
	cr_assert(strstr(out->str,
			 "  1 active-backup         9.5        9.5      -       0.00         0        30/never      >=8  plain ports: sw1 Gi0/1 Gi0/2\n"
			 "  5 balance-tlb           9.5        9.5      -       0.00         0           60/60       50  plain ports: sw1 Gi0/1 Gi0/2\n"
			 "  6 balance-alb           9.5        9.5      -       0.00         0           never     >=50  plain ports: sw1 Gi0/1 Gi0/2\n"
			 "\n"
			 "  never: a flow got nothing after a fault until the next fault or the end of the run;\n"
			 "  its outage has no end and its lost packets no count (>= lost: the flows that recovered)\n"
			 "    1 active-backup  flow f never recovered in 1 of 3 runs\n"
			 "    6 balance-alb    tcp bulk never recovered in 3 of 3 runs\n"),
		  "%s", out->str);
	cr_assert(strstr(out->str, "  1 active-backup  good: the most aggregate throughput (10 Mbit/s), "
			 "keeps packets in order, no switch configuration. bad: connectivity lost "
			 "for good after a fault: flow f never recovered in 1 of 3 runs (never "
			 "recommended), one slave carries everything, the other waits\n"), "%s", out->str);
	cr_assert(strstr(out->str, "  5 balance-tlb    RECOMMENDED. good: the most aggregate "
			 "throughput (10 Mbit/s), keeps packets in order, the shortest failover "
			 "(p95 60 ms), no switch configuration\n"), "%s", out->str);
	cr_assert(strstr(out->str, "  6 balance-alb    good: the most aggregate throughput (10 Mbit/s), "
			 "keeps packets in order, no switch configuration. bad: connectivity lost "
			 "for good after a fault: tcp bulk never recovered in 3 of 3 runs (never "
			 "recommended)\n"), "%s", out->str);
	cr_assert_str_eq(csv->str,
			 "mode,name,aggregate_mbps,best_flow_mbps,jain,reordered_pct,mac_moves,"
			 "outage_median_ms,outage_p95_ms,failover_lost,never_recovered_runs,"
			 "never_recovered,switch_needs,refused\n"
			 "1,active-backup,9.5,9.5,nan,0,0,30,never,8,1,"
			 "\"flow f never recovered in 1 of 3 runs\",\"plain ports: sw1 Gi0/1 Gi0/2\",\n"
			 "5,balance-tlb,9.5,9.5,nan,0,0,60,60,50,0,\"\",\"plain ports: sw1 Gi0/1 Gi0/2\",\n"
			 "6,balance-alb,9.5,9.5,nan,0,0,never,never,50,3,"
			 "\"tcp bulk never recovered in 3 of 3 runs\",\"plain ports: sw1 Gi0/1 Gi0/2\",\n");
	/* the chart: no bar of the 20 ms left to run, a label */
	cr_assert_str_eq(dat->str,
			 "\"1 active-backup\" 9.5 9.5 0 0 0 30 NaN \"never recovered\"\n"
			 "\"5 balance-tlb\" 9.5 9.5 0 0 0 60 60 \"\"\n"
			 "\"6 balance-alb\" 9.5 9.5 0 0 0 NaN NaN \"never recovered\"\n");
	for (int i = 0; i < 3; i++)
		compare_mode_result_clear(&r[i]);
	g_string_free(out, TRUE);
	g_string_free(csv, TRUE);
	g_string_free(dat, TRUE);
	ini_free(ini);
}

/* Every mode lost a flow for good: none recommended, and said why. */
Test(compare, none_recommended_when_every_mode_never_recovered)
{
	struct mode_result r[2] = { result(1, 1000, 0, INFINITY), result(5, 1000, 0, INFINITY) };
	char **lines;
	bool said = false;

	for (int i = 0; i < 2; i++) {
		struct never_recovered nr = { g_strdup("flow f"), 1 };

		r[i].tcp = false;
		r[i].never_runs = 1;
		r[i].never = g_array_new(FALSE, FALSE, sizeof(nr));
		g_array_append_val(r[i].never, nr);
	}
	lines = table_lines(r, 2);
	for (char **l = lines; *l; l++) {
		cr_assert_null(strstr(*l, "RECOMMENDED"), "%s", *l);
		said = said || !strcmp(*l, "  none recommended: under every mode a flow never "
				       "recovered after a fault");
	}
	cr_assert(said);
	g_strfreev(lines);
	for (int i = 0; i < 2; i++) {
		r[i].needs = NULL;
		compare_mode_result_clear(&r[i]);
	}
}

/*
 * A fault that missed a mode's failover (the pulled slave carried none of
 * its traffic): its 0 ms is no merit; at the failover step the mode whose
 * failover was tested (60 ms) wins, and the verdict says why.  With no
 * tested mode left, the untested one still can be picked.
 */
Test(compare, a_failover_no_fault_tested_is_not_the_shortest)
{
	struct mode_result a[] = { result(5, 1000, 0, 60), result(6, 1005, 0, 0) };
	struct mode_result b[] = { result(6, 1005, 0, 0) };
	char *pa, *pb, **lines;
	bool said = false;

	a[1].untested = (char *)"the fault on h.eth0 (1s link) hit a slave that carried 0.0% of "
				"the bond's bytes: its failover was not put to the test";
	b[0].untested = a[1].untested;
	pa = recommended(a, 2);
	pb = recommended(b, 1);
	cr_assert_str_eq(pa, "5 balance-tlb   ");
	cr_assert_str_eq(pb, "6 balance-alb   ");
	struct mode_result c[] = { result(5, 1000, 0, 60), result(6, 1005, 0, 0) };

	c[1].untested = a[1].untested;
	lines = table_lines(c, 2);
	for (char **l = lines; *l; l++)
		if (g_str_has_prefix(*l, "  6 balance-alb") && strstr(*l, "bad: ") &&
		    strstr(*l, "its failover was not put to the test") &&
		    !strstr(*l, "the shortest failover"))
			said = true;
	cr_assert(said, "no line for 6 says its failover was not tested");
	g_strfreev(lines);
	g_free(pa);
	g_free(pb);
}
