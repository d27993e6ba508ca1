/*
 * main.c - the bondsim command.
 *
 *   bondsim SCENARIO [--out DIR] [--seed N] [--duration T] [--json FILE] [--pcap] ...
 *   bondsim hash --policy P --slaves N ...      which slave a frame leaves on
 *   bondsim options [NAME]                      every bonding option bondsim knows, or one
 *
 * Exit status: 0 every expectation holds, 1 one failed, 2 usage or scenario error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include "report.h"
#include "hash_cmd.h"

#ifndef BONDSIM_DATADIR
#define BONDSIM_DATADIR "/usr/local/share/bondsim"
#endif

/*
 * plots/ beside the binary (a build tree), else PREFIX/share/bondsim/plots
 * found from the binary's own place (PREFIX/bin/bondsim: whatever prefix it
 * was installed under), else the prefix it was built for.
 */
static char *find_plots_dir(const char *argv0)
{
	const char *env = g_getenv("BONDSIM_PLOTS");
	g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
	g_autofree char *exe_dir = g_path_get_dirname(self ? self : argv0);
	char *p;

	if (env)
		return g_strdup(env);
	p = g_build_filename(exe_dir, "plots", NULL);
	if (g_file_test(p, G_FILE_TEST_IS_DIR))
		return p;
	g_free(p);
	p = g_build_filename(exe_dir, "..", "share", "bondsim", "plots", NULL);
	if (g_file_test(p, G_FILE_TEST_IS_DIR))
		return p;
	g_free(p);
	return g_build_filename(BONDSIM_DATADIR, "plots", NULL);
}

/* --verbose: the lines a log already holds, as its echo prints them. */
static void echo_log_so_far(const struct sim_log *log)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < log->lines->len; i++) {
		g_string_truncate(s, 0);
		sim_log_format_line(&g_array_index(log->lines, struct sim_log_line, i), s);
		fprintf(stderr, "%s: %s\n", log->owner ? log->owner : "", s->str);
	}
	g_string_free(s, TRUE);
}

static int run_scenario(int argc, char **argv)
{
	char *out_dir = NULL, *json_file = NULL, *duration = NULL, *seed = NULL;
	gboolean pcap = FALSE, quiet = FALSE, verbose = FALSE, version = FALSE;
	gboolean list_metrics = FALSE;
	GOptionEntry entries[] = {
		{ "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
		  "Write report.txt, report.json, throughput.csv/png, proc/, logs/ and pcap/ here", "DIR" },
		{ "seed", 's', 0, G_OPTION_ARG_STRING, &seed, "Random seed (overrides [sim] seed)", "N" },
		{ "duration", 'd', 0, G_OPTION_ARG_STRING, &duration,
		  "Simulated time (overrides [sim] duration), e.g. 10s", "T" },
		{ "json", 'j', 0, G_OPTION_ARG_FILENAME, &json_file, "Write the JSON report to FILE", "FILE" },
		{ "pcap", 'p', 0, G_OPTION_ARG_NONE, &pcap, "Capture every link into DIR/pcap/*.pcap", NULL },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print only expectation failures", NULL },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Echo kernel and switch logs on stderr as they happen", NULL },
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
	GString *text = NULL;
	int rc = 2;
	char *plots = NULL, *json_tmp = NULL;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Other commands:\n"
		"  bondsim hash --help      which slave the kernel picks for a frame\n"
		"  bondsim options [NAME]   the bonding options (or one), values and defaults\n\n"
		"Exit status: 0 all [expect] lines hold, 1 one failed, 2 usage or scenario error.\n");
	if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
		fprintf(stderr, "bondsim: %s\nTry 'bondsim --help'.\n", error->message);
		goto out;
	}
	if (version) {
		printf("bondsim %s\n", BONDSIM_VERSION);
		rc = 0;
		goto out;
	}
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
	if (pcap && !out_dir) {
		fprintf(stderr, "bondsim: --pcap writes into --out DIR: give one\n");
		goto out;
	}
	wo.pcap = pcap;
	wo.pcap_dir = out_dir;
	w = world_load(argv[1], &wo, &error);
	if (!w) {
		fprintf(stderr, "%s\n", error->message);
		goto out;
	}
	for (guint i = 0; i < w->warnings->len; i++)
		fprintf(stderr, "%s\n", (char *)g_ptr_array_index(w->warnings, i));
	metrics_init(&m);
	if (list_metrics) {
		world_metrics(w, &m);
		for (guint i = 0; i < m.items->len; i++)
			printf("%s\n", g_array_index(m.items, struct metric, i).name);
		metrics_fini(&m);
		rc = 0;
		goto out;
	}
	if (verbose) {
		/*
		 * What was logged while the world was built (module loads, cables
		 * in, slaves enslaved, all at time 0) first: cables before slaves,
		 * as on a machine booting with its cables in.  Then the rest as it
		 * happens.
		 */
		for (guint i = 0; i < w->switches->len; i++)
			echo_log_so_far(sw_log(((struct world_switch *)g_ptr_array_index(w->switches, i))->sw));
		for (guint i = 0; i < w->hosts->len; i++)
			echo_log_so_far(&((struct world_host *)g_ptr_array_index(w->hosts, i))->host->log);
		for (guint i = 0; i < w->hosts->len; i++)
			((struct world_host *)g_ptr_array_index(w->hosts, i))->host->log.echo = true;
		for (guint i = 0; i < w->switches->len; i++)
			sw_log_echo(((struct world_switch *)g_ptr_array_index(w->switches, i))->sw, true);
	}
	world_run(w);
	world_metrics(w, &m);
	rc = expect_evaluate(w, &m) ? 1 : 0;
	text = g_string_new(NULL);
	report_text(w, &m, text);
	/* The JSON first, under a temporary name: if it cannot be written,
	 * nothing under --out is either. */
	if (json_file) {
		GString *js = g_string_new(NULL);

		json_tmp = g_strdup_printf("%s.part", json_file);
		report_json(w, &m, js);
		if (!report_write_file(json_tmp, json_file, js->str, js->len, &error)) {
			fprintf(stderr, "bondsim: --json: %s\n", error->message);
			g_string_free(js, TRUE);
			rc = 2;
			goto done;
		}
		g_string_free(js, TRUE);
	}
	if (out_dir) {
		plots = find_plots_dir(argv[0]);
		if (!report_write_out(w, &m, out_dir, text, plots, quiet, &error)) {
			fprintf(stderr, "bondsim: %s\n", error->message);
			rc = 2;
			goto done;
		}
	}
	if (json_tmp) {
		if (g_rename(json_tmp, json_file) != 0) {
			fprintf(stderr, "bondsim: --json: cannot write %s: %s\n", json_file,
				g_strerror(errno));
			rc = 2;
			goto done;
		}
		g_free(json_tmp);
		json_tmp = NULL;
	}
	if (!quiet) {
		fputs(text->str, stdout);
	} else {
		for (guint i = 0; i < w->expects->len; i++) {
			struct expectation *e = g_ptr_array_index(w->expects, i);

			if (!e->pass)
				printf("FAIL  %s  (actual %g)\n", e->text, e->actual);
		}
	}
done:
	if (json_tmp) {
		g_unlink(json_tmp);
		g_free(json_tmp);
	}
	metrics_fini(&m);
out:
	if (text)
		g_string_free(text, TRUE);
	if (error)
		g_error_free(error);
	world_free(w);
	g_option_context_free(ctx);
	g_free(out_dir);
	g_free(json_file);
	g_free(duration);
	g_free(seed);
	g_free(plots);
	return rc;
}

/* "bondsim options [NAME]": the option table, or one option of it. */
static int options_cmd(int argc, char **argv)
{
	const char *near;
	GString *all;

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

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "hash") == 0)
		return hash_cmd_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "options") == 0)
		return options_cmd(argc - 1, argv + 1);
	return run_scenario(argc, argv);
}
