/*
 * main.c - the bondsim command.
 *
 *   bondsim SCENARIO [--out DIR] [--seed N] [--duration T] [--json FILE] [--pcap] ...
 *   bondsim SCENARIO --runs N | --seeds A-B ... the distribution over N seeds
 *   bondsim hash --policy P --slaves N ...      which slave a frame leaves on
 *   bondsim options [NAME]                      every bonding option bondsim knows, or one
 *   bondsim options --explain SCENARIO | --format F FILE...   what a host's files give the kernel
 *
 * Exit status: 0 every expectation holds, 1 one failed, 2 usage or scenario error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include "report.h"
#include "runs.h"
#include "capture.h"
#include "watch.h"
#include "output.h"
#include "option_hint.h"
#include "hash_cmd.h"
#include "ci_report.h"
#include "sweep.h"
#include "compare.h"
#include "options_cmd.h"
#include "datadir.h"

/*
 * A scenario path that names nothing, given from elsewhere than the
 * source tree ("scenarios/mode1_failover.ini" after make install): the
 * scenario of that name that came with bondsim, if there is one.
 */
static void hint_shipped_scenario(const char *argv0, const char *path)
{
	g_autofree char *dir = NULL, *base = NULL, *shipped = NULL;

	if (g_file_test(path, G_FILE_TEST_EXISTS))
		return;
	dir = data_dir_find(argv0, "scenarios");
	base = g_path_get_basename(path);
	shipped = g_build_filename(dir, base, NULL);
	if (g_file_test(shipped, G_FILE_TEST_IS_REGULAR))
		fprintf(stderr, "bondsim: the scenarios that come with bondsim are in %s: bondsim %s\n",
			dir, shipped);
}

/*
 * A forwarding loop that stopped the run fails it, unless the scenario is
 * about that loop.
 */
static bool storm_fails(const struct world *w)
{
	sim_time_t at;
	const char *sw, *text;
	char t[32];

	if (!world_storm(w, &at, &sw, &text) || expect_names_storm(w))
		return false;
	fprintf(stderr, "bondsim: %s: %s at %s s: %s\n", w->file, sw,
		sim_time_format_sec(at, t, sizeof(t)), text);
	return true;
}

/* Print @name once (and, in a batch, its statistics). */
static void list_metric(GHashTable *printed, const struct world *w, const char *name)
{
	if (!g_hash_table_add(printed, g_strdup(name)))
		return;
	printf("%s\n", name);
	for (int s = 0; w->runs && runs_stat_names[s]; s++)
		printf("%s.%s\n", name, runs_stat_names[s]);
}

/*
 * Every metric [expect] can use: what the world publishes, then the names
 * published only once something happens but valid from the start (drop
 * counters by place and reason, and the moves of each host interface's
 * MAC on each switch: any MAC is accepted, these are the ones the world
 * has); in a batch, each one's statistics too.
 */
static void list_metrics_of(struct world *w)
{
	g_autoptr(GHashTable) printed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GPtrArray) dyn = g_ptr_array_new_with_free_func(g_free);
	struct metrics m;

	metrics_init(&m);
	world_metrics(w, &m);
	for (guint i = 0; i < m.items->len; i++)
		list_metric(printed, w, g_array_index(m.items, struct metric, i).name);
	metrics_fini(&m);
	expect_dynamic_names(w, dyn);
	for (guint i = 0; i < dyn->len; i++)
		list_metric(printed, w, g_ptr_array_index(dyn, i));
	for (guint i = 0; i < w->switches->len; i++) {
		const char *sw = ((struct world_switch *)g_ptr_array_index(w->switches, i))->name;

		for (guint k = 0; k < w->hosts->len; k++) {
			const struct world_host *h = g_ptr_array_index(w->hosts, k);

			for (guint n = 0; n < h->nics->len; n++) {
				const struct nic *nic = g_ptr_array_index(h->nics, n);
				g_autofree char *name = NULL;
				char mac[18];

				name = g_strdup_printf("%s.mac.%s.moves", sw, mac_format(nic->dev.perm_mac, mac));
				list_metric(printed, w, name);
			}
		}
	}
}

/*
 * Under --quiet: only the expectations that failed, each in the report's
 * words (a batch's @r: in how many runs, and the first seed).
 */
static void quiet_failures(const struct world *w, const struct runs *r, GString *out)
{
	for (guint i = 0; i < w->expects->len; i++) {
		const struct expectation *e = g_ptr_array_index(w->expects, i);

		if (e->pass)
			continue;
		g_string_append_printf(out, "FAIL  %s  (", e->text);
		if (r)
			runs_expect_verdict(r, i, out);
		else
			report_expect_actual(e, out);
		g_string_append(out, ")\n");
	}
}

/*
 * Every output of a run, all or none: --json, the text on stdout, and
 * what is already on @o (--out, --junit), in one commit.  "--json -" is
 * the JSON on stdout, instead of the text.  Standard output is written
 * like a device, after every check and before any file is replaced.
 * False (and a message on stderr) when anything could not be written:
 * the caller exits 2.
 */
static bool publish(struct output *o, const char *json_file, const GString *json,
		    const GString *text, bool quiet, const struct world *w, const struct runs *r)
{
	GError *error = NULL;
	GString *q = NULL;
	bool json_to_stdout = json_file && strcmp(json_file, "-") == 0;
	bool ok = true;

	if (json_file && !output_add_named(o, "--json", json_file, json->str, json->len, &error))
		ok = false;
	if (ok && !json_to_stdout) {
		if (quiet) {
			q = g_string_new(NULL);
			quiet_failures(w, r, q);
			text = q;
		}
		ok = output_add_named(o, "stdout", "-", text->str, text->len, &error);
	}
	if (ok && !output_commit(o, &error))
		ok = false;
	if (!ok)
		fprintf(stderr, "bondsim: %s\n", error->message);
	if (q)
		g_string_free(q, TRUE);
	if (error)
		g_error_free(error);
	return ok;
}

/* What ended the run early decides the exit status: a signal its own. */
static int stop_status(const struct world *w, int rc)
{
	char t[32];

	switch (w->stop) {
	case WORLD_STOP_SIGNAL:
		fprintf(stderr, "bondsim: %s: interrupted by %s at t=%s s; the report covers the run so far\n",
			w->file, w->stop_why, sim_time_format_sec(w->sim->now, t, sizeof(t)));
		return 128 + watch_signal();
	case WORLD_STOP_MAX_EVENTS:
	case WORLD_STOP_MAX_WALL:
		fprintf(stderr, "bondsim: %s: stopped by %s at t=%s s; the report covers the run so far\n",
			w->file, w->stop_why, sim_time_format_sec(w->sim->now, t, sizeof(t)));
		return 1;
	case WORLD_STOP_NONE:
		break;
	}
	return rc;
}

/* --runs N: the scenario once per seed, and the distribution of every number. */
static int run_batch(struct world *first, const char *path, const struct world_options *wo,
		     const struct run_limits *lim, struct output *o, const char *out_dir,
		     const char *json_file, const char *argv0, bool quiet, bool verbose,
		     const struct ci_options *ci)
{
	struct runs r;
	GError *error = NULL;
	GString *text = NULL, *js = NULL;
	char *plots = NULL;
	int rc = 2;

	if (!runs_execute(&r, first, path, wo, lim, verbose, &error)) {
		fprintf(stderr, "bondsim: %s\n", error->message);
		goto out;
	}
	rc = runs_failed(&r) ? 1 : 0;
	if (watch_signal()) {
		fprintf(stderr, "bondsim: %s: interrupted after %u runs; the report covers them\n",
			r.first->file, r.n);
		rc = 128 + watch_signal();
	}
	/* a loop that stopped runs fails the batch, as it fails one run */
	if (r.storms && !expect_names_storm(r.first)) {
		fprintf(stderr, "bondsim: %s: a forwarding loop stopped %u of the %u runs; %s\n",
			r.first->file, r.storms, r.n, r.first_storm);
		rc = 1;
	}
	text = g_string_new(NULL);
	runs_report_text(&r, text);
	js = g_string_new(NULL);
	if (json_file)
		runs_report_json(&r, js);
	if (out_dir) {
		plots = data_dir_plots(argv0);
		if (!runs_write_out(&r, o, text, plots, quiet, &error)) {
			fprintf(stderr, "bondsim: %s\n", error->message);
			rc = 2;
			goto out;
		}
	}
	if (!ci_publish(o, ci, r.first, &r, text, &error)) {
		fprintf(stderr, "bondsim: %s\n", error->message);
		rc = 2;
		goto out;
	}
	if (!publish(o, json_file, js, text, quiet && !ci_owns_stdout(ci), r.first, &r))
		rc = 2;
out:
	if (text)
		g_string_free(text, TRUE);
	if (js)
		g_string_free(js, TRUE);
	if (error)
		g_error_free(error);
	g_free(plots);
	runs_fini(&r);
	return rc;
}

/* "--seeds 1-20" -> first seed 1, 20 runs. */
static gboolean parse_seeds(const char *text, uint64_t *first, unsigned *runs)
{
	char *end;
	guint64 a, b;

	if (!g_ascii_isdigit(*text))
		return FALSE;
	a = g_ascii_strtoull(text, &end, 10);
	if (*end != '-' || !g_ascii_isdigit(end[1]))
		return FALSE;
	b = g_ascii_strtoull(end + 1, &end, 10);
	if (*end || b < a || a > G_MAXINT64 || b > G_MAXINT64 || b - a >= RUNS_MAX)
		return FALSE;
	*first = a;
	*runs = (unsigned)(b - a + 1);
	return TRUE;
}

static int run_scenario(int argc, char **argv)
{
	char *out_dir = NULL, *json_file = NULL, *duration = NULL, *seed = NULL, *seeds = NULL;
	gint runs = G_MININT;	/* not given */
	gboolean pcap = FALSE, quiet = FALSE, verbose = FALSE, version = FALSE;
	gboolean list_metrics = FALSE, no_expect = FALSE;
	char **pcap_links = NULL, *pcap_snaplen = NULL, *pcap_max = NULL;
	gint64 max_events = G_MININT64;	/* not given: no limit */
	char *max_wall = NULL;
	char **sets = NULL, *json_line = NULL;
	struct run_limits limits = { 0 };
	struct ci_options ci = { 0 };
	GOptionEntry entries[] = {
		{ "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
		  "Write report.txt, report.json, the CSV files and graphs, proc/, sysfs/, logs/ and pcap/ here (all or none)", "DIR" },
		{ "seed", 's', 0, G_OPTION_ARG_STRING, &seed, "Random seed (overrides [sim] seed)", "N" },
		{ "runs", 'r', 0, G_OPTION_ARG_INT, &runs,
		  "Run N times, seeds SEED to SEED+N-1, and report every number's min/median/p95/max (overrides [sim] runs; 0: one run)",
		  "N" },
		{ "seeds", 0, 0, G_OPTION_ARG_STRING, &seeds,
		  "Run once per seed from A to B (--seed A --runs B-A+1)", "A-B" },
		{ "duration", 'd', 0, G_OPTION_ARG_STRING, &duration,
		  "Simulated time (overrides [sim] duration), e.g. 10s", "T" },
		{ "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets,
		  "Override one scenario value, e.g. server.bond0.miimon=50 (repeatable; README: --set)",
		  "PATH=VALUE" },
		{ "json-line", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &json_line,
		  "The run as one JSON line (for bondsim sweep)", "FILE" },
		{ "no-expect", 0, 0, G_OPTION_ARG_NONE, &no_expect,
		  "Leave the scenario's [expect] lines out (e.g. when --set changes what they name)", NULL },
		{ "json", 'j', 0, G_OPTION_ARG_FILENAME, &json_file, "Write the JSON report to FILE (- for stdout)", "FILE" },
		{ "pcap", 'p', 0, G_OPTION_ARG_NONE, &pcap, "Capture every link into DIR/pcap/*.pcap", NULL },
		{ "pcap-links", 0, 0, G_OPTION_ARG_STRING_ARRAY, &pcap_links,
		  "Capture only these: cable ends (server.eth0,sw1.Gi0/24), hosts, switches", "LIST" },
		{ "pcap-snaplen", 0, 0, G_OPTION_ARG_STRING, &pcap_snaplen,
		  "Bytes kept of each frame: headers (default), N, or 0 for whole frames", "N" },
		{ "pcap-max", 0, 0, G_OPTION_ARG_STRING, &pcap_max,
		  "Stop capturing when all captures together reach SIZE (default 1G)", "SIZE" },
		{ "max-events", 0, 0, G_OPTION_ARG_INT64, &max_events,
		  "Stop the run after N events (the report covers the run so far; exit 1)", "N" },
		{ "max-wall", 0, 0, G_OPTION_ARG_STRING, &max_wall,
		  "Stop the run after T of wall-clock time, e.g. 10s, 5m (exit 1)", "T" },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print only expectation failures", NULL },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Echo kernel and switch logs on stderr as they happen", NULL },
		{ "junit", 0, 0, G_OPTION_ARG_FILENAME, &ci.junit,
		  "Write the [expect] verdicts as JUnit XML to FILE (- for stdout)", "FILE" },
		{ "tap", 0, 0, G_OPTION_ARG_NONE, &ci.tap,
		  "Print the [expect] verdicts as a TAP stream on stdout, instead of the report", NULL },
		{ "list-metrics", 0, 0, G_OPTION_ARG_NONE, &list_metrics,
		  "List every metric [expect] can use, then exit", NULL },
		{ "version", 'V', 0, G_OPTION_ARG_NONE, &version, "Print the version", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx = g_option_context_new("SCENARIO.ini - simulate Linux bonding, links and switches");
	GError *error = NULL;
	struct world_options wo = { 0 };
	struct world *w = NULL;
	struct metrics m;
	GString *text = NULL, *js = NULL;
	struct output *o = NULL;
	GPtrArray *rels = NULL;
	int rc = 2;
	char *plots = NULL, *pcap_stage = NULL;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Other commands:\n"
		"  bondsim hash --help      which slave the kernel picks for a frame\n"
		"  bondsim options [NAME]   the bonding options (or one), values and defaults\n"
		"  bondsim options --explain SCENARIO | --format FORMAT FILE...\n"
		"                           the bonds and kernel options a host's files make, and why\n"
		"  bondsim list-metrics SCENARIO   the metric names [expect] accepts\n"
		"  bondsim compare SCENARIO the same world under each bonding mode, in one table\n"
		"  bondsim sweep --help     a grid of --set values over seeds (local, GNU parallel, Slurm)\n"
		"  bondsim merge OUT        a sweep's runs into OUT/runs.jsonl and OUT/summary.*\n\n"
		"Exit status: 0 all [expect] lines hold; 1 one failed, or a forwarding loop or\n"
		"--max-events/--max-wall ended the run; 2 usage, scenario or output error;\n"
		"130/143 interrupted by SIGINT/SIGTERM (the report covers the run so far).\n");
	if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
		char *hint = option_hint(entries, error);

		fprintf(stderr, "bondsim: %s%s\nTry 'bondsim --help'.\n", error->message, hint);
		g_free(hint);
		goto out;
	}
	if (version) {
		printf("bondsim %s\n", BONDSIM_VERSION);
		rc = 0;
		goto out;
	}
	/* 0 is refused, not read as "no limit": leave the option out for that */
	if (max_events != G_MININT64 && max_events < 1) {
		fprintf(stderr, "bondsim: --max-events %" G_GINT64_FORMAT ": write a number of events, 1 or more\n",
			max_events);
		goto out;
	}
	/* "-j 4" is sweep's and compare's --jobs; here it would write the
	 * report to a file named 4 */
	if (json_file && *json_file && strspn(json_file, "0123456789") == strlen(json_file)) {
		fprintf(stderr, "bondsim: --json '%s': a file named %s? -j is --json in a run "
			"(--jobs is sweep's and compare's); write --json ./%s for that file\n",
			json_file, json_file, json_file);
		goto out;
	}
	if (!ci_check_options(&ci, json_file, &error)) {
		fprintf(stderr, "bondsim: %s\n", error->message);
		goto out;
	}
	limits.max_events = max_events > 0 ? (uint64_t)max_events : 0;
	if (max_wall) {
		sim_time_t t;

		if (!sim_time_parse(max_wall, &t, &error) || t <= 0) {
			fprintf(stderr, "bondsim: --max-wall '%s': write a wall-clock time with its unit, e.g. 30s or 5m\n",
				max_wall);
			goto out;
		}
		limits.max_wall_us = t / SIM_US;
	}
	watch_install_signals();
	if (argc != 2) {
		fprintf(stderr, "bondsim: %s\nTry 'bondsim --help'.\n",
			argc < 2 ? "which scenario? e.g. bondsim scenarios/mode0_single_switch.ini"
				 : "one scenario at a time (for f in scenarios/*.ini; do bondsim \"$f\"; done)");
		goto out;
	}
	if (duration) {
		if (!sim_time_parse(duration, &wo.duration, &error) || wo.duration <= 0) {
			if (error)
				fprintf(stderr, "bondsim: --duration: %s\n", error->message);
			else
				fprintf(stderr, "bondsim: --duration: '%s' is no time at all: write "
					"more than 0, e.g. --duration 10s\n", duration);
			goto out;
		}
	}
	if (seed && !world_seed_parse(seed, &wo.seed, &error)) {
		fprintf(stderr, "bondsim: --seed: %s\n", error->message);
		goto out;
	}
	wo.seed_set = seed != NULL;
	if (seeds) {
		if (seed || runs != G_MININT) {
			fprintf(stderr, "bondsim: --seeds A-B is --seed A --runs B-A+1: give one or the other\n");
			goto out;
		}
		if (!parse_seeds(seeds, &wo.seed, &wo.runs)) {
			fprintf(stderr, "bondsim: --seeds '%s': write FIRST-LAST, e.g. --seeds 1-20 (at most %d seeds)\n",
				seeds, RUNS_MAX);
			goto out;
		}
		wo.seed_set = true;
		wo.runs_set = true;
	} else if (runs != G_MININT) {
		if (runs < 0 || runs > RUNS_MAX) {
			fprintf(stderr, "bondsim: --runs must be from 1 to %d (0: one run, whatever [sim] runs says)\n",
				RUNS_MAX);
			goto out;
		}
		wo.runs_set = true;
		wo.runs = (unsigned)runs;
	}
	if ((pcap || pcap_links) && wo.runs) {
		fprintf(stderr, "bondsim: --pcap captures one run: replay one seed of the batch with --seed N --pcap\n");
		goto out;
	}
	if (!capture_options(&wo, pcap, pcap_links, pcap_snaplen, pcap_max, out_dir, &error)) {
		fprintf(stderr, "bondsim: %s\n", error->message);
		goto out;
	}
	wo.sets = sets;
	wo.no_expect = no_expect;
	/*
	 * Made before the world, for captures are written into its staging
	 * folder as the run goes; the named outputs are known now, so they
	 * are checked before the run.
	 */
	o = output_new(out_dir, &error);
	if (!o) {
		fprintf(stderr, "bondsim: %s\n", error->message);
		goto out;
	}
	output_input(o, "the scenario file", argv[1]);
	if (json_file)
		output_plan_named(o, "--json", json_file);
	if (ci.junit)
		output_plan_named(o, "--junit", ci.junit);
	if (json_line)
		output_plan_named(o, "--json-line", json_line);
	if (out_dir) {
		pcap_stage = output_stage_path(o, "");
		wo.pcap_dir = pcap_stage;
	}
	w = world_load(argv[1], &wo, &error);
	if (!w) {
		fprintf(stderr, "%s\n", error->message);
		hint_shipped_scenario(argv[0], argv[1]);
		/* a TAP consumer (prove) reads why there is no plan, as the spec has it */
		if (ci.tap)	/* one line: a line break would end the reason */
			printf("TAP version 13\nBail out! %s\n",
			       g_strdelimit(error->message, "\n", ' '));
		goto out;
	}
	for (guint i = 0; i < w->warnings->len; i++)
		fprintf(stderr, "%s\n", (char *)g_ptr_array_index(w->warnings, i));
	output_world_includes(o, w);
	if (list_metrics) {
		list_metrics_of(w);
		rc = 0;
		goto out;
	}
	if (w->runs && json_line) {
		fprintf(stderr, "bondsim: --json-line writes one run: add --runs 0\n");
		goto out;
	}
	rels = g_ptr_array_new_with_free_func(g_free);
	if (w->runs)
		runs_out_names(rels);
	else
		report_out_names(w, rels);
	if (!output_check(o, rels, &error)) {
		fprintf(stderr, "bondsim: %s\n", error->message);
		goto out;
	}
	if (w->runs) {
		rc = run_batch(w, argv[1], &wo, &limits, o, out_dir, json_file, argv[0], quiet, verbose,
			       &ci);
		w = NULL;	/* the batch took it */
		goto out;
	}
	metrics_init(&m);
	if (verbose)
		world_echo_logs(w);
	limits.show_progress = !quiet && !verbose;
	watch_run(w, &limits);
	capture_warn_stopped(w, stderr);
	world_metrics(w, &m);
	rc = expect_evaluate(w, &m) ? 1 : 0;
	if (storm_fails(w))
		rc = 1;
	rc = stop_status(w, rc);
	text = g_string_new(NULL);
	report_text(w, &m, text);
	js = g_string_new(NULL);
	if (json_file)
		report_json(w, &m, js);
	if (out_dir) {
		plots = data_dir_plots(argv[0]);
		if (!report_write_out(w, &m, o, text, plots, quiet, &error)) {
			fprintf(stderr, "bondsim: %s\n", error->message);
			rc = 2;
			goto done;
		}
	}
	if (!ci_publish(o, &ci, w, NULL, text, &error)) {
		fprintf(stderr, "bondsim: %s\n", error->message);
		rc = 2;
		goto done;
	}
	if (json_line && !sweep_add_line(o, json_line, argv[1], sets, w, &m, rc, &error)) {
		fprintf(stderr, "bondsim: %s\n", error->message);
		rc = 2;
		goto done;
	}
	if (!publish(o, json_file, js, text, quiet && !ci_owns_stdout(&ci), w, NULL))
		rc = 2;
done:
	if (js)
		g_string_free(js, TRUE);
	metrics_fini(&m);
out:
	/* the world first: its captures are open in the staging folder */
	world_free(w);
	output_free(o);
	if (rels)
		g_ptr_array_free(rels, TRUE);
	g_free(pcap_stage);
	if (text)
		g_string_free(text, TRUE);
	if (error)
		g_error_free(error);
	g_option_context_free(ctx);
	g_free(out_dir);
	g_free(json_file);
	g_free(ci.junit);
	g_free(duration);
	g_free(seeds);
	g_strfreev(pcap_links);
	g_strfreev(sets);
	g_free(json_line);
	g_free(pcap_snaplen);
	g_free(pcap_max);
	g_free(max_wall);
	g_free(seed);
	g_free(plots);
	return rc;
}

/* "bondsim options [NAME]": the option table, or one option of it. */
static int options_cmd(int argc, char **argv)
{
	const char *near;
	GString *all;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--explain") == 0)
		return options_explain_main(argc, argv);
	rc = options_flags(argc, argv, 1);
	if (rc >= 0)
		return rc;
	if (argc == 1) {
		bond_opts_print_table(stdout);
		return 0;
	}
	if (argc > 2) {
		fprintf(stderr, "bondsim options: one option at a time, e.g. 'bondsim options miimon'\n");
		return 2;
	}
	if (bond_opts_print_option(stdout, argv[1]))
		return 0;
	all = g_string_new(NULL);
	for (int i = 0; i < BOND_OPT_COUNT; i++)
		g_string_append_printf(all, "%s%s", i ? ", " : "", bond_opt_get((enum bond_opt_id)i)->name);
	near = bond_opt_nearest(argv[1]);
	if (near)
		fprintf(stderr, "bondsim options: unknown option '%s' (did you mean '%s'?); valid: %s\n",
			argv[1], near, all->str);
	else
		fprintf(stderr, "bondsim options: unknown option '%s'; valid: %s\n", argv[1], all->str);
	g_string_free(all, TRUE);
	return 2;
}

/* "bondsim list-metrics SCENARIO [OPTION...]" is "bondsim SCENARIO --list-metrics ...". */
static int list_metrics_cmd(int argc, char **argv)
{
	char **args = g_new0(char *, argc + 1);
	int rc;

	args[0] = argv[0];
	for (int i = 2; i < argc; i++)
		args[i - 1] = argv[i];
	args[argc - 1] = (char *)"--list-metrics";
	rc = run_scenario(argc, args);
	g_free(args);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "hash") == 0)
		return hash_cmd_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "options") == 0)
		return options_cmd(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list-metrics") == 0)
		return list_metrics_cmd(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "compare") == 0)
		return compare_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "sweep") == 0)
		return sweep_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "merge") == 0)
		return merge_main(argc - 1, argv + 1);
	return run_scenario(argc, argv);
}
