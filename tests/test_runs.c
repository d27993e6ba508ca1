/*
 * test_runs.c - a batch of runs: nearest-rank statistics, [expect] over runs.
 */
#include <criterion/criterion.h>
#include <glib/gstdio.h>
#include <math.h>
#include "runs.h"
#include "watch.h"
#include "report.h"
#include "ini_tmp.h"

/* Nearest rank on hand-computed cases: rank ceil(p * n / 100), from 1. */
Test(runs, percentile_is_the_nearest_rank)
{
	const double five[] = { 15, 20, 35, 40, 50 };
	const double ten[] = { 3, 6, 7, 8, 8, 10, 13, 15, 16, 20 };
	double twenty[20];

	cr_assert_eq(runs_percentile(five, 5, 0), 15);		/* rank 1 at least */
	cr_assert_eq(runs_percentile(five, 5, 5), 15);		/* ceil(0.25) = 1 */
	cr_assert_eq(runs_percentile(five, 5, 30), 20);		/* ceil(1.5) = 2 */
	cr_assert_eq(runs_percentile(five, 5, 40), 20);		/* exactly 2 */
	cr_assert_eq(runs_percentile(five, 5, 50), 35);		/* ceil(2.5) = 3 */
	cr_assert_eq(runs_percentile(five, 5, 95), 50);		/* ceil(4.75) = 5 */
	cr_assert_eq(runs_percentile(five, 5, 100), 50);
	cr_assert_eq(runs_percentile(ten, 10, 25), 7);		/* ceil(2.5) = 3 */
	cr_assert_eq(runs_percentile(ten, 10, 50), 8);		/* rank 5: the lower middle */
	cr_assert_eq(runs_percentile(ten, 10, 75), 15);		/* ceil(7.5) = 8 */
	cr_assert_eq(runs_percentile(ten, 10, 95), 20);		/* ceil(9.5) = 10 */
	for (int i = 0; i < 20; i++)
		twenty[i] = i + 1;
	/* 95 * 20 / 100 is exactly 19: no floating-point rounding up to 20 */
	cr_assert_eq(runs_percentile(twenty, 20, 95), 19);
	cr_assert_eq(runs_percentile(twenty, 20, 50), 10);
	cr_assert_eq(runs_percentile(five + 2, 1, 95), 35);	/* one value is every percentile */
}

Test(runs, statistic_suffixes)
{
	size_t len = 0;

	cr_assert_eq(runs_stat_of("failover.1.outage_ms.p95", &len), RUNS_STAT_P95);
	cr_assert_eq(len, strlen("failover.1.outage_ms"));
	cr_assert_eq(runs_stat_of("flow.web.lost.median", &len), RUNS_STAT_MEDIAN);
	cr_assert_eq(runs_stat_of("x.runs", &len), RUNS_STAT_COUNT);
	cr_assert_eq(runs_stat_of("flow.web.lost", &len), -1);
	cr_assert_eq(runs_stat_of("ping.p.rtt_max_us", &len), -1);
	cr_assert_eq(runs_stat_of("max", &len), -1);
}

static struct world *load_text(const char *text, const struct world_options *opt, char **path,
			       GError **err)
{
	*path = ini_tmp(text);
	return world_load(*path, opt, err);
}

#define PULL_WORLD(extra_expect) \
	"[sim]\nduration = 1.5s\nruns = 3\n[switch sw1]\nports = Gi0/1-3\n" \
	"[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n" \
	"options bond0 = mode=1 miimon=100 downdelay=200\nip bond0 = 10.0.0.1/24\n" \
	"[host client]\nip = 10.0.0.2/24\n" \
	"[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\nclient.eth0 = sw1.Gi0/3\n" \
	"[flow p]\ntype = ping\nfrom = client\nto = server\ninterval = 10ms\n" \
	"[faults]\n1.05s link server.eth0 down\n" \
	"[expect]\n" extra_expect

/*
 * Seeds 1, 2, 3 open the bond at 45, 34 and 61 ms (its MII ticks then
 * fall 104 ms apart from 152, 136 and 168 ms): the pull at 1.05 s is
 * disabled 246, 230 and 262 ms later, and the pings lose 260, 240 and
 * 280 ms (25, 23 and 27 of them).
 */
Test(runs, three_seeds_three_outages_and_their_statistics)
{
	struct world_options opt = { 0 };
	GError *err = NULL;
	char *path = NULL;
	struct world *w = load_text(PULL_WORLD("failover.1.ping.p.outage_ms.median == 260ms\n"
					       "failover.1.ping.p.outage_ms.p95 < 280ms\n"
					       "failover.1.ping.p.lost < 26\n"
					       "server.bond0.active_slave == 1\n"),
				    &opt, &path, &err);
	struct runs r;
	const struct runs_metric *down, *outage;
	const struct runs_expect *re;

	cr_assert_not_null(w, "%s", err ? err->message : "");
	cr_assert_eq(w->runs, 3);
	cr_assert(runs_execute(&r, w, path, &opt, &(struct run_limits){ 0 }, false, &err), "%s", err ? err->message : "");
	g_unlink(path);
	g_free(path);
	cr_assert_eq(r.n, 3);
	cr_assert_eq(r.seed0, 1);
	down = runs_find(&r, "failover.1.bond.server.bond0.slave_change_ms");
	cr_assert_not_null(down);
	cr_assert_eq(down->values[0], 246);
	cr_assert_eq(down->values[1], 230);
	cr_assert_eq(down->values[2], 262);
	outage = runs_find(&r, "failover.1.ping.p.outage_ms");
	cr_assert_eq(outage->values[0], 260);
	cr_assert_eq(outage->values[1], 240);
	cr_assert_eq(outage->values[2], 280);
	cr_assert_eq(outage->stat[RUNS_STAT_MIN], 240);
	cr_assert_eq(outage->stat[RUNS_STAT_MEDIAN], 260);	/* rank ceil(1.5) = 2 */
	cr_assert_eq(outage->stat[RUNS_STAT_P95], 280);	/* rank ceil(2.85) = 3 */
	cr_assert_eq(outage->stat[RUNS_STAT_MAX], 280);
	cr_assert_eq(outage->stat[RUNS_STAT_COUNT], 3);
	cr_assert_eq(metrics_find(&r.stats, "failover.1.ping.p.lost.max")->value, 27);
	/* an active change that never happened has no value: -1 is left out */
	cr_assert_eq(runs_find(&r, "failover.1.bond.server.bond0.active_change_ms")->values[0], 246);
	/* the verdicts: median holds, p95 fails, "lost < 26" fails in seed 3 only */
	re = &r.expects[0];
	cr_assert_eq(re->stat, RUNS_STAT_MEDIAN);
	cr_assert(((struct expectation *)g_ptr_array_index(w->expects, 0))->pass);
	cr_assert_not(((struct expectation *)g_ptr_array_index(w->expects, 1))->pass);
	re = &r.expects[2];
	cr_assert_eq(re->stat, -1);
	cr_assert_eq(re->failed, 1);
	cr_assert_eq(re->first_failed_seed, 3);
	cr_assert_eq(re->first_failed_actual, 27);
	cr_assert_eq(r.failed_per_run[0], 0);
	cr_assert_eq(r.failed_per_run[1], 0);
	cr_assert_eq(r.failed_per_run[2], 1);
	cr_assert(((struct expectation *)g_ptr_array_index(w->expects, 3))->pass);
	cr_assert_eq(runs_failed(&r), 2);
	runs_fini(&r);
}

/* One run is "1 run (seed 7)" in the report, not "1 runs (seeds 7-7)". */
Test(runs, one_run_is_counted_in_the_singular)
{
	struct world_options opt = { .runs_set = true, .runs = 1, .seed_set = true, .seed = 7 };
	GError *err = NULL;
	char *path = NULL;
	struct world *w = load_text(PULL_WORLD(""), &opt, &path, &err);
	GString *t = g_string_new(NULL), *s = g_string_new(NULL);
	struct runs r;

	cr_assert_not_null(w, "%s", err ? err->message : "");
	cr_assert(runs_execute(&r, w, path, &opt, &(struct run_limits){ 0 }, false, &err));
	g_unlink(path);
	g_free(path);
	runs_report_text(&r, t);
	cr_assert(strstr(t->str, ", 1 run (seed 7), "), "%s", t->str);
	cr_assert(strstr(t->str, "\n== Failover over 1 run\n"), "%s", t->str);
	cr_assert_null(strstr(t->str, "1 runs"), "%s", t->str);
	runs_seeds_text(s, 3, 7);
	cr_assert_str_eq(s->str, "3 runs (seeds 7-9)");
	runs_fini(&r);
	g_string_free(t, TRUE);
	g_string_free(s, TRUE);
}

/* Two batches of the same seeds write the same bytes. */
Test(runs, the_report_is_byte_identical)
{
	struct world_options opt = { .runs_set = true, .runs = 2, .seed_set = true, .seed = 4 };
	GString *t[2], *j[2];

	for (int i = 0; i < 2; i++) {
		GError *err = NULL;
		char *path = NULL;
		struct world *w = load_text(PULL_WORLD(""), &opt, &path, &err);
		struct runs r;

		cr_assert_not_null(w, "%s", err ? err->message : "");
		cr_assert(runs_execute(&r, w, path, &opt, &(struct run_limits){ 0 }, false, &err));
		g_unlink(path);
		g_free(path);
		t[i] = g_string_new(NULL);
		j[i] = g_string_new(NULL);
		runs_report_text(&r, t[i]);
		runs_report_json(&r, j[i]);
		/* the temporary file's name aside */
		g_string_replace(t[i], r.first->file, "X", 0);
		g_string_replace(j[i], r.first->file, "X", 0);
		runs_fini(&r);
	}
	cr_assert_str_eq(t[0]->str, t[1]->str);
	cr_assert_str_eq(j[0]->str, j[1]->str);
	cr_assert(strstr(t[0]->str, "2 runs (seeds 4-5)"));
	/* seed 4 opens at 72 ms, seed 5 at 32 ms */
	cr_assert(strstr(j[0]->str, "\"open_at_ms\": {\n        \"min\": 32.0,\n"
				    "        \"median\": 32.0,\n        \"p95\": 72.0,"),
		  "%s", j[0]->str);
	for (int i = 0; i < 2; i++) {
		g_string_free(t[i], TRUE);
		g_string_free(j[i], TRUE);
	}
}

/* Units in [expect]: converted to the metric's unit; refused on a count. */
Test(runs, expectation_values_with_units)
{
	struct expectation *e = NULL;
	GError *err = NULL;

	cr_assert(expect_parse("failover.1.outage_ms.p95 <= 300ms", "f", 1, &e, &err));
	cr_assert_eq(e->value, 300);
	expect_free(e);
	cr_assert(expect_parse("failover.1.outage_ms <= 0.3s", "f", 1, &e, &err));
	cr_assert_eq(e->value, 300);
	expect_free(e);
	cr_assert(expect_parse("ping.p.rtt_max_us < 1.5ms", "f", 1, &e, &err));
	cr_assert_eq(e->value, 1500);
	expect_free(e);
	cr_assert(expect_parse("failover.1.fault_time_us == 1050000", "f", 1, &e, &err));
	cr_assert_eq(e->value, 1050000);
	expect_free(e);
	cr_assert_not(expect_parse("flow.web.lost < 5ms", "f", 7, &e, &err));
	cr_assert(strstr(err->message, "f:7: 'flow.web.lost' has no unit"), "%s", err->message);
	g_clear_error(&err);
	cr_assert_not(expect_parse("failover.1.outage_ms.runs == 5ms", "f", 8, &e, &err));
	g_clear_error(&err);
	cr_assert_not(expect_parse("failover.1.outage_ms < 3 parsecs", "f", 9, &e, &err));
	g_clear_error(&err);
}

/* Selectors and ranges in a batch: on a statistic, and in every run. */
Test(runs, selectors_and_ranges_over_the_runs)
{
	struct world_options opt = { 0 };
	GError *err = NULL;
	char *path = NULL;
	struct world *w = load_text(PULL_WORLD("max(failover.1.*.*.outage_ms.p95) <= 280ms\n"
					       "all(failover.1.ping.*.lost) in 23..26\n"
					       "failover.1.ping.p.outage_ms in 240ms..280ms\n"
					       "count(server.bond0.*.link_failures.runs) == 2\n"),
				    &opt, &path, &err);
	struct runs r;
	const struct expectation *e;

	cr_assert_not_null(w, "%s", err ? err->message : "");
	cr_assert(runs_execute(&r, w, path, &opt, &(struct run_limits){ 0 }, false, &err), "%s",
		  err ? err->message : "");
	g_unlink(path);
	g_free(path);
	/* the largest p95 of the outages: the ping's, 280 ms */
	e = g_ptr_array_index(w->expects, 0);
	cr_assert_eq(r.expects[0].stat, RUNS_STAT_P95);
	cr_assert(e->pass);
	cr_assert_eq(e->actual, 280);
	cr_assert_str_eq(e->culprit, "failover.1.ping.p.outage_ms.p95");
	/* 25, 23, 27 pings lost: seed 3 is out of the range */
	e = g_ptr_array_index(w->expects, 1);
	cr_assert_eq(r.expects[1].stat, -1);
	cr_assert_not(e->pass);
	cr_assert_eq(r.expects[1].failed, 1);
	cr_assert_eq(r.expects[1].first_failed_seed, 3);
	cr_assert_eq(e->actual, 27);
	/* 260, 240, 280 ms: in the range, both ends included, in every run */
	e = g_ptr_array_index(w->expects, 2);
	cr_assert(e->pass);
	cr_assert_eq(r.expects[2].failed, 0);
	cr_assert_eq(r.expects[2].lo, 240);
	cr_assert_eq(r.expects[2].hi, 280);
	/* a count over statistics: two slaves */
	e = g_ptr_array_index(w->expects, 3);
	cr_assert_eq(r.expects[3].stat, RUNS_STAT_COUNT);
	cr_assert(e->pass);
	cr_assert_eq(e->actual, 2);
	cr_assert_eq(runs_failed(&r), 1);
	runs_fini(&r);
}

/*
 * eth0, the active slave, is pulled 80 ms before the end of the run.  Seed
 * 1 (bond opened at 45 ms) has no MII tick left before the end: nothing
 * arrives after the pull, and the 80 ms its flows publish as outage_ms is
 * only the time that was left.  Seeds 2-5 fail over 72, 0, 8 and 72 ms on.
 */
#define LATE_PULL_WORLD(extra_expect) \
	"[sim]\nduration = 1.08s\nruns = 5\n[switch sw1]\nports = Gi0/1-3\n" \
	"[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n" \
	"options bond0 = mode=active-backup miimon=100\nip bond0 = 10.0.0.1/24\n" \
	"[host c1]\nip = 10.0.0.11/24\n" \
	"[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\nc1.eth0 = sw1.Gi0/3\n" \
	"[flow a]\nfrom = server\nto = c1\nrate = 10M\nsize = 1000\nstart = 10ms\n" \
	"[faults]\n1s link server.eth0 down\n[expect]\n" extra_expect

static struct expectation *expect_at(const struct runs *r, guint i)
{
	return g_ptr_array_index(r->first->expects, i);
}

/* A run whose flow never recovered is an endless outage, not its lower bound. */
Test(runs, an_outage_that_never_ended_is_never)
{
	struct world_options opt = { 0 };
	GError *err = NULL;
	char *path = NULL;
	struct world *w = load_text(LATE_PULL_WORLD("failover.1.outage_ms.p95 < 100ms\n"
						    "failover.1.outage_ms.median < 100ms\n"
						    "failover.1.flow.a.outage_ms < 100ms\n"
						    "failover.1.flow.a.outage_ms.max > 1s\n"),
				    &opt, &path, &err);
	const struct runs_metric *total, *flow;
	GString *text = g_string_new(NULL), *json = g_string_new(NULL), *csv = g_string_new(NULL);
	GString *verdict = g_string_new(NULL);
	struct runs r;

	cr_assert_not_null(w, "%s", err ? err->message : "");
	cr_assert(runs_execute(&r, w, path, &opt, &(struct run_limits){ 0 }, false, &err), "%s",
		  err ? err->message : "");
	g_unlink(path);
	g_free(path);
	flow = runs_find(&r, "failover.1.flow.a.outage_ms");
	total = runs_find(&r, "failover.1.outage_ms");
	/* seed 1 never recovered: INFINITY, not the 80 ms left to run */
	cr_assert(isinf(flow->values[0]) && flow->values[0] > 0, "%f", flow->values[0]);
	cr_assert(isinf(total->values[0]), "%f", total->values[0]);
	cr_assert_float_eq(flow->values[1], 73.1936, 1e-9);
	cr_assert_eq(flow->values[2], 0);
	cr_assert_float_eq(flow->values[3], 9.0464, 1e-9);
	/* ascending 0, 9.0464, 73.1936, 73.1936, never: the median is rank 3,
	 * the p95 rank 5, which the old lower bound made 80 ms */
	cr_assert_eq(total->stat[RUNS_STAT_MIN], 0);
	cr_assert_float_eq(total->stat[RUNS_STAT_MEDIAN], 73.1936, 1e-9);
	cr_assert(isinf(total->stat[RUNS_STAT_P95]));
	cr_assert(isinf(total->stat[RUNS_STAT_MAX]));
	cr_assert_eq(total->stat[RUNS_STAT_COUNT], 5);
	cr_assert(isinf(metrics_find(&r.stats, "failover.1.outage_ms.p95")->value));
	/* lost: no count in seed 1, left out */
	cr_assert_eq(runs_find(&r, "failover.1.flow.a.lost")->stat[RUNS_STAT_COUNT], 4);
	/* the p95 falls on the run that never recovered: fails, and says so */
	cr_assert_not(expect_at(&r, 0)->pass);
	runs_expect_verdict(&r, 0, verdict);
	cr_assert_str_eq(verdict->str, "actual never: the p95 falls on a run in which a flow "
				       "never recovered after the fault");
	cr_assert(expect_at(&r, 1)->pass);
	/* in every run: seed 1's outage is no outage under 100 ms */
	cr_assert_not(expect_at(&r, 2)->pass);
	cr_assert_eq(r.expects[2].failed, 1);
	cr_assert_eq(r.expects[2].first_failed_seed, 1);
	g_string_truncate(verdict, 0);
	runs_expect_verdict(&r, 2, verdict);
	cr_assert_str_eq(verdict->str, "failed in 1 of 5 runs, first with seed 1: actual never: a "
				       "flow never recovered after the fault, its outage has no end");
	cr_assert(expect_at(&r, 3)->pass);	/* never is longer than any time */
	runs_report_text(&r, text);
	cr_assert(strstr(text->str, "    fault  worst flow           outage_ms               0.000"
				    "     73.194      never      never     5\n"), "%s", text->str);
	cr_assert(strstr(text->str, "    flow   a                    outage_ms               0.000"
				    "     73.194      never      never     5\n"
				    "    flow   a                    lost                        0"
				    "         10         88         88     4\n"
				    "    never: nothing delivered after the fault until the next fault "
				    "or the end of the run, its outage has no end (and its losses no "
				    "count: 'lost, at least' is the others')\n"
				    "      flow a never recovered in 1 of 5 runs\n"), "%s", text->str);
	cr_assert(strstr(text->str, "    fault  all flows            lost, at least              0"
				    "         10         88         88     4\n"), "%s", text->str);
	/* each run: never, not 80.000 */
	cr_assert(strstr(text->str, "\n     1                  45.000                never "), "%s",
		  text->str);
	runs_report_json(&r, json);
	cr_assert(strstr(json->str, "\"metric\": \"failover.1.outage_ms\",\n      \"min\": 0.0,\n"
				    "      \"median\": 73.1936,\n      \"p95\": \"never\",\n"
				    "      \"max\": \"never\",\n      \"runs\": 5,\n      \"values\": [\n"
				    "        \"never\",\n        73.1936,"), "%s", json->str);
	cr_assert(strstr(json->str, "\"failover.1.outage_ms.p95\": \"never\""), "%s", json->str);
	cr_assert(strstr(json->str, "\"actual\": \"never\""), "%s", json->str);
	runs_write_csv(&r, csv);
	cr_assert(strstr(csv->str, "\n1,45.000000,never,,"), "%s", csv->str);
	g_string_truncate(csv, 0);
	runs_write_summary_csv(&r, csv);
	cr_assert(strstr(csv->str, "\nfailover.1.outage_ms,0.000000,73.193600,never,never,5\n"), "%s",
		  csv->str);
	g_string_free(text, TRUE);
	g_string_free(json, TRUE);
	g_string_free(csv, TRUE);
	g_string_free(verdict, TRUE);
	runs_fini(&r);
}

/* One run (seed 1 of the world above): outage_ms says 80, the [expect] line reads never. */
Test(runs, one_run_never_recovered_fails_an_outage_bound)
{
	struct world_options opt = { .runs_set = true, .runs = 0 };
	GError *err = NULL;
	char *path = NULL;
	struct world *w = load_text(LATE_PULL_WORLD("failover.1.outage_ms < 100ms\n"
						    "failover.1.flow.a.outage_ms <= 1s\n"
						    "all(failover.1.flow.*.outage_ms) < 1s\n"
						    "failover.1.flow.a.outage_ms > 1s\n"),
				    &opt, &path, &err);
	struct metrics m;
	GString *s = g_string_new(NULL);

	cr_assert_not_null(w, "%s", err ? err->message : "");
	g_unlink(path);
	g_free(path);
	watch_run(w, &(struct run_limits){ 0 });
	metrics_init(&m);
	world_metrics(w, &m);
	/* the published metric keeps the time that was left to run */
	cr_assert_float_eq(metrics_find(&m, "failover.1.flow.a.outage_ms")->value, 80, 1e-9);
	cr_assert_eq(metrics_find(&m, "failover.1.flow.a.first_rx_ms")->value, -1);
	cr_assert(runs_outage_never(&m, "failover.1.outage_ms"));
	cr_assert_not(runs_outage_never(&m, "failover.1.flow.a.lost"));
	cr_assert_eq(expect_evaluate(w, &m), 3);
	for (guint i = 0; i < 3; i++)
		cr_assert(isinf(((struct expectation *)g_ptr_array_index(w->expects, i))->actual));
	cr_assert(((struct expectation *)g_ptr_array_index(w->expects, 3))->pass);
	report_expect_actual(g_ptr_array_index(w->expects, 0), s);
	cr_assert_str_eq(s->str, "actual never: a flow never recovered after the fault, its outage "
				 "has no end");
	g_string_free(s, TRUE);
	metrics_fini(&m);
	world_free(w);
}

/*
 * balance-alb whose two slaves both turn into black holes (carrier up,
 * frames gone) 20 ms before the end: MII notices nothing, and neither
 * peer's traffic ever comes back.  The peer rows are endless like the
 * flows they fold, have no count of losses (-1: not the 0 of "no flow
 * counted"), and the note under the fault names them with their direction.
 */
#define ALB_BLACKHOLE_WORLD \
	"[sim]\nduration = 400ms\nruns = 2\n[switch sw1]\nports = Gi0/1-4\n" \
	"[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n" \
	"options bond0 = mode=balance-alb miimon=100\nip bond0 = 10.0.0.1/24\n" \
	"open_at bond0 = 0s\n" \
	"[host c1]\nip = 10.0.0.11/24\n[host c2]\nip = 10.0.0.12/24\n" \
	"[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\nc1.eth0 = sw1.Gi0/3\n" \
	"c2.eth0 = sw1.Gi0/4\n" \
	"[flow a]\nfrom = server\nto = c1\nrate = 10M\nsize = 1000\nstart = 10ms\n" \
	"[flow b]\nfrom = server\nto = c2\nrate = 10M\nsize = 1000\nstart = 10ms\n" \
	"[faults]\n380ms blackhole server.eth0 tx\n380ms blackhole server.eth1 tx\n"

Test(runs, an_alb_peer_that_never_recovered_is_never_and_named)
{
	struct world_options opt = { 0 };
	GError *err = NULL;
	char *path = NULL;
	struct world *w = load_text(ALB_BLACKHOLE_WORLD, &opt, &path, &err);
	GString *text = g_string_new(NULL);
	const struct runs_metric *outage, *lost;
	struct runs r;

	cr_assert_not_null(w, "%s", err ? err->message : "");
	cr_assert(runs_execute(&r, w, path, &opt, &(struct run_limits){ 0 }, false, &err), "%s",
		  err ? err->message : "");
	g_unlink(path);
	g_free(path);
	outage = runs_find(&r, "failover.1.peer.server.bond0.c1.to_back_outage_ms");
	lost = runs_find(&r, "failover.1.peer.server.bond0.c1.to_back_lost");
	cr_assert_not_null(outage);
	cr_assert(isinf(outage->values[0]) && isinf(outage->values[1]));
	cr_assert(isnan(lost->values[0]) && isnan(lost->values[1]), "%f", lost->values[0]);
	runs_report_text(&r, text);
	cr_assert(strstr(text->str, "      peer server.bond0.c1 (traffic to it) never recovered in 2 of 2 "
				    "runs, peer server.bond0.c2 (traffic to it) never recovered in 2 of "
				    "2 runs, flow a never recovered in 2 of 2 runs, flow b never "
				    "recovered in 2 of 2 runs\n"), "%s", text->str);
	/* the first run's own failover table: a lower bound, no loss count */
	g_string_truncate(text, 0);
	failover_report_text(r.first, text);
	cr_assert(strstr(text->str, "    peer   server.bond0.c1      traffic to it back            never"
				    "            -   >=20.000       -  a flow got nothing through after "
				    "the fault\n"), "%s", text->str);
	g_string_free(text, TRUE);
	runs_fini(&r);
}
