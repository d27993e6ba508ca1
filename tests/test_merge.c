/*
 * test_merge.c - bondsim merge: the statistics against values worked out by
 * hand, the tables from a small runs.jsonl written here, and its files in
 * OUT committed as a run's --out (listed, never over a file of the user's).
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <math.h>
#include "runs.h"
#include "sweep.h"
#include "tmp_tree.h"

Test(merge, t_table_rows_and_beyond)
{
	cr_assert_float_eq(merge_t95(1), 12.706, 1e-9);
	cr_assert_float_eq(merge_t95(2), 4.303, 1e-9);
	cr_assert_float_eq(merge_t95(9), 2.262, 1e-9);
	cr_assert_float_eq(merge_t95(30), 2.042, 1e-9);
	/* between two rows: the one with fewer degrees of freedom (a wider interval) */
	cr_assert_float_eq(merge_t95(35), 2.042, 1e-9);
	cr_assert_float_eq(merge_t95(99), 1.990, 1e-9);
	cr_assert_float_eq(merge_t95(120), 1.980, 1e-9);
	cr_assert_float_eq(merge_t95(121), 1.96, 1e-9);
	cr_assert_float_eq(merge_t95(100000), 1.96, 1e-9);
	cr_assert(isnan(merge_t95(0)));
}

Test(merge, mean_sd_and_interval_of_three_values)
{
	const double v[] = { 1, 2, 3 };
	struct merge_stat s;

	merge_stat_of(v, 3, &s);
	/* mean 2; sd sqrt((1 + 0 + 1) / 2) = 1; half width 4.303 * 1 / sqrt(3) = 2.484338 */
	cr_assert_eq(s.n, 3);
	cr_assert_float_eq(s.mean, 2, 1e-12);
	cr_assert_float_eq(s.sd, 1, 1e-12);
	cr_assert_float_eq(s.lo, 2 - 2.4843383, 1e-6);
	cr_assert_float_eq(s.hi, 2 + 2.4843383, 1e-6);
}

Test(merge, ten_values)
{
	const double v[] = { 10, 12, 9, 11, 10, 13, 8, 10, 11, 12 };
	struct merge_stat s;

	merge_stat_of(v, 10, &s);
	/* sum 106, mean 10.6; squares of deviations 0.36 1.96 2.56 0.16 0.36 5.76 6.76
	 * 0.36 0.16 1.96 = 20.4; sd sqrt(20.4 / 9) = 1.505545; t(9) = 2.262;
	 * half 2.262 * 1.505545 / sqrt(10) = 1.076927 */
	cr_assert_float_eq(s.mean, 10.6, 1e-12);
	cr_assert_float_eq(s.sd, 1.5055453, 1e-6);
	cr_assert_float_eq(s.lo, 10.6 - 1.0769274, 1e-6);
	cr_assert_float_eq(s.hi, 10.6 + 1.0769274, 1e-6);
}

Test(merge, one_value_has_no_interval)
{
	const double v[] = { 7 };
	struct merge_stat s;

	merge_stat_of(v, 1, &s);
	cr_assert_float_eq(s.mean, 7, 1e-12);
	cr_assert(isnan(s.sd) && isnan(s.lo) && isnan(s.hi));
	merge_stat_of(NULL, 0, &s);
	cr_assert(s.n == 0 && isnan(s.mean));
}

#define LINE(set, seed, status, m, x, pass) \
	"{\"scenario\": \"s.ini\", \"set\": [" set "], \"seed\": " #seed ", \"status\": " #status \
	", \"metrics\": {\"a.ms\": " m ", \"b\": " x "}, \"expect\": [{\"text\": \"b > 1\", \"pass\": " \
	pass ", \"actual\": " x "}]}\n"

static const char runs_jsonl[] =
	LINE("\"h.bond0.miimon=50\", \"h.bond0.mode=1\"", 1, 0, "1", "2", "true")
	LINE("\"h.bond0.miimon=50\", \"h.bond0.mode=1\"", 2, 0, "2", "2", "true")
	LINE("\"h.bond0.miimon=50\", \"h.bond0.mode=1\"", 3, 1, "3", "1", "false")
	LINE("\"h.bond0.miimon=100\", \"h.bond0.mode=1\"", 1, 0, "10", "5", "true")
	LINE("\"h.bond0.miimon=100\", \"h.bond0.mode=1\"", 2, 0, "null", "5", "true")
	LINE("\"h.bond0.miimon=100\", \"h.bond0.mode=1\"", 3, 0, "20", "5", "true");

/* What merge_summarize() writes of @jsonl, with "a.ms" as the graph's metric. */
struct summary {
	GString *txt, *csv, *dat, *vars;
};

static void summarize(struct summary *o, const char *jsonl)
{
	GError *err = NULL;

	o->txt = g_string_new(NULL);
	o->csv = g_string_new(NULL);
	o->dat = g_string_new(NULL);
	o->vars = g_string_new(NULL);
	cr_assert(merge_summarize(jsonl, "runs.jsonl", NULL, o->txt, o->csv, "a.ms", o->dat, o->vars,
				  NULL, &err),
		  "%s", err ? err->message : "");
}

static void summary_free(struct summary *o)
{
	g_string_free(o->txt, TRUE);
	g_string_free(o->csv, TRUE);
	g_string_free(o->dat, TRUE);
	g_string_free(o->vars, TRUE);
}

Test(merge, csv_per_grid_point_and_metric)
{
	struct summary o;

	summarize(&o, runs_jsonl);
	/* b at miimon=50: 2, 2, 1: mean 1.666667, sd 0.57735, half 4.303 * 0.57735 / sqrt(3)
	 * = 1.434333; a.ms at miimon=100: 10 and 20 (null left out): mean 15, sd 7.07107,
	 * half 12.706 * 7.071068 / sqrt(2) = 63.53 */
	cr_assert_str_eq(o.csv->str,
			 "h.bond0.miimon,h.bond0.mode,metric,n,mean,sd,ci95_low,ci95_high,never\n"
			 "50,1,a.ms,3,2,1,-0.484338,4.48434,0\n"
			 "50,1,b,3,1.66667,0.57735,0.232333,3.101,0\n"
			 "100,1,a.ms,2,15,7.07107,-48.53,78.53,0\n"
			 "100,1,b,3,5,0,5,5,0\n");
	cr_assert_str_eq(o.dat->str, "# mean\n50 2 -0.484338 4.48434 50\n"
			 "100 15 -48.53 78.53 100\n");
	cr_assert_str_eq(o.vars->str,
			 "series=1; titles='mean'; xlabel='h.bond0.miimon (ms)'; numeric=1; dx=0");
	cr_assert(strstr(o.txt->str, "Sweep of s.ini: 6 runs, 2 grid points\n"), "%s", o.txt->str);
	cr_assert(strstr(o.txt->str, "1 run failed an [expect] line"), "%s", o.txt->str);
	cr_assert(strstr(o.txt->str, "  FAIL  b > 1  (held in 2 of 3 runs)\n"), "%s", o.txt->str);
	summary_free(&o);
}

/* Big numbers (bytes, ns) are written whole, not as 1.2353e+07. */
static const char big_jsonl[] =
	LINE("\"h.bond0.miimon=50\"", 1, 0, "4000000000", "12352994", "true")
	LINE("\"h.bond0.miimon=50\"", 2, 0, "4000000000", "12352994", "true");

Test(merge, big_numbers_are_written_whole)
{
	struct summary o;

	summarize(&o, big_jsonl);
	cr_assert_str_eq(o.csv->str, "h.bond0.miimon,metric,n,mean,sd,ci95_low,ci95_high,never\n"
				     "50,a.ms,2,4000000000,0,4000000000,4000000000,0\n"
				     "50,b,2,12352994,0,12352994,12352994,0\n");
	cr_assert(strstr(o.txt->str, " 12352994 "), "%s", o.txt->str);
	summary_free(&o);
}

Test(merge, an_unknown_metric_and_a_broken_line_are_refused)
{
	GString *txt = g_string_new(NULL), *csv = g_string_new(NULL);
	GString *dat = g_string_new(NULL), *vars = g_string_new(NULL);
	GError *err = NULL;

	cr_assert_not(merge_summarize(runs_jsonl, "runs.jsonl", NULL, txt, csv, "a.m", dat, vars, NULL, &err));
	cr_assert_str_eq(err->message,
			 "--metric a.m: no run has it (did you mean 'a.ms'?) (bondsim --list-metrics SCENARIO lists them)");
	g_clear_error(&err);
	cr_assert_not(merge_summarize("{\"scenario\": \"s\", \"seed\": 1}\n{\"scenario\": 3}\n",
				      "r.jsonl", NULL, txt, csv, NULL, dat, vars, NULL, &err));
	cr_assert_str_eq(err->message,
			 "r.jsonl:2: not a line of a bondsim run (bondsim SCENARIO --json-line FILE writes them)");
	g_clear_error(&err);
	/* put together from the runs' files: the bad line is its file's, not runs.jsonl's */
	{
		static const guint per_run[] = { 1, 2, 1 };
		GArray *lines = g_array_new(FALSE, FALSE, sizeof(guint));
		struct merge_from from = { "sw", lines };

		g_array_append_vals(lines, per_run, G_N_ELEMENTS(per_run));
		cr_assert_not(merge_summarize("{\"scenario\": \"s\", \"seed\": 1}\n"
					      "{\"scenario\": \"s\", \"seed\": 2}\ngarbage\n"
					      "{\"scenario\": \"s\", \"seed\": 3}\n",
					      "sw/runs.jsonl", &from, txt, csv, NULL, dat, vars, NULL, &err));
		cr_assert_str_eq(err->message,
				 "sw/runs/000001.json:2: not a line of a bondsim run (bondsim SCENARIO --json-line FILE writes them)");
		g_clear_error(&err);
		g_array_free(lines, TRUE);
	}
	g_string_free(txt, TRUE);
	g_string_free(csv, TRUE);
	g_string_free(dat, TRUE);
	g_string_free(vars, TRUE);
}

/* A sweep's OUT in a new folder: runs.list and its one run's file. */
static char *sweep_out(void)
{
	char *dir = g_dir_make_tmp("bondsim-merge-XXXXXX", NULL);
	char *runs = g_build_filename(dir, "runs", NULL);
	char *list = g_build_filename(dir, "runs.list", NULL);
	char *run = g_build_filename(runs, "000000.json", NULL);

	cr_assert_not_null(dir);
	cr_assert_eq(g_mkdir(runs, 0755), 0);
	cr_assert(g_file_set_contents(list, "bondsim s.ini --seed 1\n", -1, NULL));
	cr_assert(g_file_set_contents(run, LINE("\"h.bond0.miimon=50\"", 1, 0, "1", "2", "true"),
				      -1, NULL));
	g_free(runs);
	g_free(list);
	g_free(run);
	return dir;
}

/* A summary.csv of the user's where merge writes: refused, and nothing written. */
Test(merge, a_file_of_the_users_stops_it_all, .init = cr_redirect_stderr)
{
	char *dir = sweep_out(), *mine = g_build_filename(dir, "summary.csv", NULL), *names;
	char *want = g_strdup_printf("bondsim merge: %s is not from an earlier bondsim run: "
				     "move it away or choose another OUT\n", mine);

	cr_assert(g_file_set_contents(mine, "mine", -1, NULL));
	cr_assert_eq(merge_dir(dir, "OUT", NULL, "plots", true), 2);
	assert_text(mine, "mine");
	names = sorted_names(dir);
	cr_assert_str_eq(names, "runs runs.list summary.csv");
	fflush(stderr);
	cr_assert_stderr_eq_str(want);
	g_free(names);
	g_free(want);
	g_free(mine);
	rm_tree(dir);
	g_free(dir);
}

/* Its files are listed as a run's --out, so the next merge may replace them. */
Test(merge, its_files_are_listed_and_replaced_by_the_next)
{
	char *dir = sweep_out(), *manifest = g_build_filename(dir, ".bondsim-files", NULL), *names;

	for (int i = 0; i < 2; i++) {
		cr_assert_eq(merge_dir(dir, "OUT", NULL, "plots", true), 0, "merge %d", i + 1);
		assert_text(manifest, "runs.jsonl\nsummary.txt\nsummary.csv\n");
	}
	names = sorted_names(dir);
	cr_assert_str_eq(names, ".bondsim-files runs runs.jsonl runs.list summary.csv summary.txt");
	g_free(names);
	g_free(manifest);
	rm_tree(dir);
	g_free(dir);
}

/* With no runs.list, runs.jsonl is what merge reads: an earlier merge's, it stays. */
Test(merge, the_runs_jsonl_it_reads_stays)
{
	char *dir = g_dir_make_tmp("bondsim-merge-XXXXXX", NULL);
	char *jsonl = g_build_filename(dir, "runs.jsonl", NULL);
	char *manifest = g_build_filename(dir, ".bondsim-files", NULL);

	cr_assert(g_file_set_contents(jsonl, runs_jsonl, -1, NULL));
	cr_assert(g_file_set_contents(manifest, "runs.jsonl\n", -1, NULL));
	/* 1: a run (seed 3 of miimon=50) failed its [expect] line, as it exited */
	cr_assert_eq(merge_dir(dir, "OUT", NULL, "plots", true), 1);
	assert_text(jsonl, runs_jsonl);
	g_free(jsonl);
	g_free(manifest);
	rm_tree(dir);
	g_free(dir);
}

/* -1 where it says "never" is no value, as in a batch: a flow that never
 * came back after the fault (first_rx_ms -1, lost -1) is left out of the
 * mean, and n says how many runs had one; -1 of a plain metric is a value. */
#define NEVER(seed, first, lost, slave) \
	"{\"scenario\": \"s.ini\", \"set\": [\"h.bond0.mode=6\"], \"seed\": " #seed ", \"status\": 0" \
	", \"metrics\": {\"failover.1.flow.f.first_rx_ms\": " first ", \"failover.1.flow.f.lost\": " \
	lost ", \"h.bond0.active_slave\": " slave "}, \"expect\": []}\n"

Test(merge, never_is_no_value)
{
	struct summary o = { g_string_new(NULL), g_string_new(NULL), g_string_new(NULL),
			     g_string_new(NULL) };
	GError *err = NULL;

	cr_assert(merge_summarize(NEVER(1, "-1", "-1", "-1") NEVER(2, "270", "1642", "1")
				  NEVER(3, "-1", "-1", "1") NEVER(4, "-1", "-1", "1")
				  NEVER(5, "280", "1640", "1"),
				  "runs.jsonl", NULL, o.txt, o.csv, NULL, o.dat, o.vars, NULL, &err),
		  "%s", err ? err->message : "");
	/* 270 and 280: mean 275, sd 7.07107, half 12.706 * 7.071068 / sqrt(2) = 63.53
	 * (with the three -1 it was a mean of 107.4); active_slave: -1, 1, 1, 1, 1:
	 * mean 0.6, sd 0.894427, half 2.776 * 0.894427 / sqrt(5) = 1.1104; lost 1642
	 * and 1640: sd 1.41421, half 12.706 */
	cr_assert_str_eq(o.csv->str,
			 "h.bond0.mode,metric,n,mean,sd,ci95_low,ci95_high,never\n"
			 "6,failover.1.flow.f.first_rx_ms,2,275,7.07107,211.47,338.53,0\n"
			 "6,failover.1.flow.f.lost,2,1641,1.41421,1628.29,1653.71,0\n"
			 "6,h.bond0.active_slave,5,0.6,0.894427,-0.5104,1.7104,0\n");
	summary_free(&o);
}

/* A run that a loop or a limit ended early has status 1 like a failed
 * [expect] line; it is said as what it is, with its seed and why, not
 * counted as "failed an [expect] line" (there may be none). */
#define STOPPED(seed, stopped, pass) \
	"{\"scenario\": \"s.ini\", \"set\": [\"sw1.storm=log\"], \"seed\": " #seed ", \"status\": 1, " \
	stopped "\"metrics\": {\"sim.time_ns\": 1005016}, \"expect\": [{\"text\": \"b > 1\", " \
	"\"pass\": " pass ", \"actual\": 2}]}\n"

Test(merge, a_run_stopped_early_is_said_so)
{
	struct summary o = { g_string_new(NULL), g_string_new(NULL), g_string_new(NULL),
			     g_string_new(NULL) };
	GError *err = NULL;

	cr_assert(merge_summarize(STOPPED(2, "\"stopped\": \"stopped at t=0.001005 s by --max-events\", ", "true")
				  STOPPED(1, "\"stopped\": \"stopped at t=0.001 s by SIGTERM\", ", "true")
				  STOPPED(3, "", "false"),
				  "runs.jsonl", NULL, o.txt, o.csv, NULL, o.dat, o.vars, NULL, &err),
		  "%s", err ? err->message : "");
	cr_assert(strstr(o.txt->str, "Sweep of s.ini: 3 runs, 1 grid point\n"
			 "1 run failed an [expect] line (below, per grid point)\n"
			 "2 runs stopped before the end of their time: their metrics cover only what ran (below, per grid point)\n"),
		  "%s", o.txt->str);
	cr_assert(strstr(o.txt->str, "\n  STOPPED  2 of 3 runs, first with seed 1: stopped at t=0.001 s by SIGTERM\n"
			 "  FAIL  b > 1  (held in 2 of 3 runs)\n"), "%s", o.txt->str);
	summary_free(&o);
}

/* Every "..._ms" time says "never" with -1, not only the failover and
 * 802.3ad ones: a batch and merge leave it out; a count of -1 stays. */
Test(merge, a_time_of_minus_one_is_never)
{
	cr_assert(runs_no_value("flow.f.first_rx_ms", -1));
	cr_assert(runs_no_value("sw1.storm_at_ms", -1));
	cr_assert(runs_no_value("sw1.lag.Po1.up_at_ms", -1));
	cr_assert(runs_no_value("h.bond0.eth0.lacp.cd_ms", -1));
	cr_assert(runs_no_value("failover.1.flow.f.lost", -1));
	cr_assert(runs_no_value("flow.f.lost", NAN));
	cr_assert_not(runs_no_value("flow.f.first_rx_ms", 0));
	cr_assert_not(runs_no_value("h.bond0.active_slave", -1));
	cr_assert_not(runs_no_value("flow.f.lost", -1));
}

/*
 * A flow that got nothing after fault 1 until the end of the run (seed 2:
 * first_rx_ms -1, its outage_ms the 80 ms left to run) has no outage to
 * average in: its outage and the fault's are left out of n and the mean,
 * and summary.txt says in how many runs.  Averaged in, the mean was 50 ms.
 */
#define NEVER_LINE(seed, outage, first) \
	"{\"scenario\": \"s.ini\", \"set\": [], \"seed\": " #seed ", \"status\": 0, \"metrics\": " \
	"{\"failover.1.outage_ms\": " outage ", \"failover.1.flow.a.first_rx_ms\": " first \
	", \"failover.1.flow.a.outage_ms\": " outage ", \"failover.1.flow.a.lost\": 3}, " \
	"\"expect\": []}\n"

Test(merge, an_outage_that_never_ended_is_left_out_and_counted)
{
	struct summary o;
	GString *txt = g_string_new(NULL), *csv = g_string_new(NULL);
	GString *dat = g_string_new(NULL), *vars = g_string_new(NULL);
	GError *err = NULL;

	cr_assert(merge_summarize(NEVER_LINE(1, "20", "19.5") NEVER_LINE(2, "80", "-1"),
				  "runs.jsonl", NULL, txt, csv, NULL, dat, vars, NULL, &err),
		  "%s", err ? err->message : "");
	o = (struct summary){ txt, csv, dat, vars };
	/* the last column: in how many runs the outage had no end */
	cr_assert(strstr(csv->str, "\nfailover.1.outage_ms,1,20,,,,1\n"
				   "failover.1.flow.a.first_rx_ms,1,19.5,,,,0\n"
				   "failover.1.flow.a.outage_ms,1,20,,,,1\n"
				   "failover.1.flow.a.lost,2,3,0,3,3,0\n"), "%s", csv->str);
	/* sd and interval blank: one value */
	cr_assert(strstr(txt->str, "  failover.1.flow.a.outage_ms       1             20               "
				   "  never recovered in 1 of 2 runs\n"), "%s", txt->str);
	summary_free(&o);
}

/* A run's line says "actual": "never" for an [expect] on an outage with
 * no end (as the JSON report does); merge reads it and counts the FAIL. */
Test(merge, an_expect_whose_actual_is_never_is_read)
{
	struct summary o = { g_string_new(NULL), g_string_new(NULL), g_string_new(NULL),
			     g_string_new(NULL) };
	GError *err = NULL;

	cr_assert(merge_summarize("{\"scenario\": \"s.ini\", \"set\": [], \"seed\": 1, \"status\": 1, "
				  "\"metrics\": {\"failover.1.outage_ms\": 80}, \"expect\": [{\"text\": "
				  "\"failover.1.outage_ms < 100ms\", \"pass\": false, \"actual\": \"never\"}]}\n"
				  "{\"scenario\": \"s.ini\", \"set\": [], \"seed\": 2, \"status\": 0, "
				  "\"metrics\": {\"failover.1.outage_ms\": 20}, \"expect\": [{\"text\": "
				  "\"failover.1.outage_ms < 100ms\", \"pass\": true, \"actual\": 20}]}\n",
				  "runs.jsonl", NULL, o.txt, o.csv, NULL, o.dat, o.vars, NULL, &err),
		  "%s", err ? err->message : "");
	cr_assert(strstr(o.txt->str, "  FAIL  failover.1.outage_ms < 100ms  (held in 1 of 2 runs)\n"),
		  "%s", o.txt->str);
	summary_free(&o);
}

/*
 * The summary graph's x axis says the unit of a swept value that is a
 * bare number: a bonding option's (ms, s), a cable's speed, a flow's rate
 * and size; a value with its own unit ("1us") or none (min_links) is
 * left as it is.
 */
Test(merge, the_x_axis_says_the_unit_of_a_bare_number)
{
	static const struct { const char *path; bool numeric; const char *want; } cases[] = {
		{ "server.bond0.miimon", true, "server.bond0.miimon (ms)" },
		{ "server.bond0.updelay", true, "server.bond0.updelay (ms)" },
		{ "server.bond0.arp_interval", true, "server.bond0.arp_interval (ms)" },
		{ "server.bond0.lp_interval", true, "server.bond0.lp_interval (s)" },
		{ "server.bond0.min_links", true, "server.bond0.min_links" },
		{ "server.bond0.mode", false, "server.bond0.mode" },
		{ "links.server.eth0.speed", true, "links.server.eth0.speed (Mb/s)" },
		{ "links.server.eth0.delay", false, "links.server.eth0.delay" },
		{ "flow.f.rate", true, "flow.f.rate (bit/s)" },
		{ "flow.f.rate", false, "flow.f.rate" },
		{ "flow.f.size", true, "flow.f.size (bytes)" },
		{ "server.eth0.txqueuelen", true, "server.eth0.txqueuelen (frames)" },
		{ "sim.seed", true, "sim.seed" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *l = merge_axis_label(cases[i].path, cases[i].numeric);

		cr_assert_str_eq(l, cases[i].want, "case %zu", i);
		g_free(l);
	}
}
