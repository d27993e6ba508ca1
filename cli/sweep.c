/*
 * sweep.c - "bondsim sweep": a grid of --set values times a range of seeds
 * (see sweep.h), and --json-line, the one line each run writes.
 *
 * The grid is checked before anything runs: every grid point's world is
 * loaded once (nothing is simulated), so a bad path or value is refused in
 * --set's words with exit 2, not discovered in the first of a thousand
 * Slurm tasks; so is a file the sweep or its merge would write over the
 * scenario, a file a grid point reads, or a file of the user's in OUT
 * (output.h: all of them are listed in OUT/.bondsim-files, the runs'
 * files too, though the runs write those in place).  Then OUT/runs.list
 * is committed and handed to the engine:
 *   local     fork/exec here, --jobs at a time (default: one per core)
 *   parallel  GNU parallel --jobs N [--sshlogin ...] :::: OUT/runs.list
 *   slurm     OUT/sweep.sbatch, an array job (sbatch --parsable), waited
 *             for with "sbatch --wait" unless --no-wait
 * and merge (merge.c) gathers what the runs wrote.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "sweep.h"
#include "sweep_priv.h"
#include "option_hint.h"
#include "set.h"
#include "output.h"
#include "datadir.h"
#include "json.h"

/* ---- --json-line ---------------------------------------------------------- */

static void js_num(GString *s, double v, bool is_int)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	if (!isfinite(v))
		g_string_append(s, "null");
	else if (is_int && fabs(v) < 9e15)
		g_string_append_printf(s, "%" G_GINT64_FORMAT, (gint64)v);
	else
		g_string_append(s, g_ascii_formatd(buf, sizeof(buf), "%.17g", v));
}

gboolean sweep_add_line(struct output *o, const char *file, const char *scenario,
			char *const *sets, const struct world *w, const struct metrics *m, int status,
			GError **error)
{
	GString *s = g_string_new("{\"scenario\": ");
	gboolean ok;

	json_escape(s, scenario);
	g_string_append(s, ", \"set\": [");
	for (char *const *p = sets; p && *p; p++) {
		if (p != sets)
			g_string_append(s, ", ");
		json_escape(s, *p);
	}
	g_string_append_printf(s, "], \"seed\": %" G_GUINT64_FORMAT ", \"status\": %d, ",
			       w->seed, status);
	{
		/* a run that ended early (a loop, a limit, a signal): its metrics
		 * cover only part of the time, and merge says so */
		sim_time_t at;
		const char *sw, *text;
		char t[32];
		char *why = NULL;

		if (w->stop != WORLD_STOP_NONE)
			why = g_strdup_printf("stopped at t=%s s by %s",
					      sim_time_format_sec(w->sim->now, t, sizeof(t)), w->stop_why);
		else if (world_storm(w, &at, &sw, &text) && w->sim->now < w->duration)
		{
			char t2[32];

			why = g_strdup_printf("stopped at t=%s s by a forwarding loop (the first: %s at %s s: %s)",
					      sim_time_format_sec(w->sim->now, t2, sizeof(t2)), sw,
					      sim_time_format_sec(at, t, sizeof(t)), text);
		}
		if (why) {
			g_string_append(s, "\"stopped\": ");
			json_escape(s, why);
			g_string_append(s, ", ");
			g_free(why);
		}
	}
	g_string_append(s, "\"metrics\": {");
	for (guint i = 0; i < m->items->len; i++) {
		const struct metric *x = &g_array_index(m->items, struct metric, i);

		if (i)
			g_string_append(s, ", ");
		json_escape(s, x->name);
		g_string_append(s, ": ");
		js_num(s, x->value, x->is_int);
	}
	g_string_append(s, "}, \"expect\": [");
	for (guint i = 0; i < w->expects->len; i++) {
		const struct expectation *e = g_ptr_array_index(w->expects, i);

		g_string_append(s, i ? ", {\"text\": " : "{\"text\": ");
		json_escape(s, e->text);
		g_string_append_printf(s, ", \"pass\": %s, \"actual\": ", e->pass ? "true" : "false");
		if (isinf(e->actual) && e->actual > 0)
			g_string_append(s, "\"never\"");	/* as report_expect_json() */
		else
			js_num(s, e->actual, false);
		g_string_append_c(s, '}');
	}
	g_string_append(s, "]}\n");
	ok = output_add_named(o, "--json-line", file, s->str, s->len, error);
	g_string_free(s, TRUE);
	return ok;
}

/* ---- the grid ------------------------------------------------------------- */


static void axis_free(gpointer p)
{
	struct axis *a = p;

	g_free(a->path);
	g_strfreev(a->values);
	g_free(a);
}

static gboolean parse_axis(const char *text, struct axis **out, GError **error)
{
	const char *eq = strchr(text, '=');
	struct axis *a;
	guint n = 0;

	if (!set_check_syntax(text, NULL) || !eq[1]) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
			    "--grid '%s': write PATH=V1,V2,..., e.g. --grid server.bond0.miimon=50,100,200",
			    text);
		return FALSE;
	}
	a = g_new0(struct axis, 1);
	a->path = g_strndup(text, eq - text);
	a->values = g_strsplit(eq + 1, ",", -1);
	for (char **v = a->values; *v; v++, n++)
		if (!**v) {
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
				    "--grid '%s': value %u is empty; write PATH=V1,V2,... with no empty value",
				    text, n + 1);
			axis_free(a);
			return FALSE;
		}
	/*
	 * A value twice is the same grid point twice: merge pools the two, so
	 * each seed counts twice and the interval is narrower than the runs allow.
	 */
	for (guint i = 0; i < n; i++)
		for (guint k = i + 1; k < n; k++)
			if (strcmp(a->values[i], a->values[k]) == 0) {
				g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
					    "--grid '%s': value %u (%s) is value %u again; give each value once",
					    text, k + 1, a->values[k], i + 1);
				axis_free(a);
				return FALSE;
			}
	*out = a;
	return TRUE;
}

/* "--set"s of grid point @p: the fixed ones, then one per axis (first axis slowest). */
static char **point_sets(const struct sweep *sw, unsigned p)
{
	GPtrArray *v = g_ptr_array_new();
	unsigned rest = p;
	char **vals = g_new0(char *, sw->axes->len + 1);

	for (guint i = sw->axes->len; i-- > 0;) {
		const struct axis *a = g_ptr_array_index(sw->axes, i);
		guint n = g_strv_length(a->values);

		vals[i] = a->values[rest % n];
		rest /= n;
	}
	for (char **f = sw->fixed; f && *f; f++)
		g_ptr_array_add(v, g_strdup(*f));
	for (guint i = 0; i < sw->axes->len; i++)
		g_ptr_array_add(v, g_strdup_printf("%s=%s",
						   ((struct axis *)g_ptr_array_index(sw->axes, i))->path,
						   vals[i]));
	g_ptr_array_add(v, NULL);
	g_free(vals);
	return (char **)g_ptr_array_free(v, FALSE);
}

/* Whether @w publishes @metric, as [expect] would take it; else its nearest name into @near. */
static bool publishes(struct world *w, const char *metric, char **near)
{
	struct metrics m;
	bool found;

	metrics_init(&m);
	world_metrics(w, &m);
	found = metrics_find(&m, metric) || expect_metric_is_dynamic(w, metric);
	if (!found && !*near) {
		const char **names = metrics_names(&m);

		*near = g_strdup(sim_nearest(metric, names));
		g_free(names);
	}
	metrics_fini(&m);
	return found;
}

/*
 * Every grid point's world loads: a bad path or value stops the sweep before
 * it runs.  --metric too: a typo found by merge, after the last of a
 * thousand runs, would leave the runs and no summary.  A metric one grid
 * point has (lacp.cd_ms under 802.3ad only) is enough.  The @files each
 * grid point reads become inputs of @o.
 */
static gboolean check_points(const struct sweep *sw, const char *scenario, const char *metric,
			     struct output *o, GError **error)
{
	bool found = !metric;
	char *near = NULL;

	for (unsigned p = 0; p < sw->points; p++) {
		struct world_options wo = { .seed_set = true, .seed = sw->seed0, .runs_set = true,
					    .no_expect = sw->no_expect };
		struct world *w;

		wo.sets = point_sets(sw, p);
		w = world_load(sw->scenario, &wo, error);
		g_strfreev(wo.sets);
		if (!w) {
			g_free(near);
			return FALSE;
		}
		/* what one grid point reads, no output may land on */
		output_world_includes(o, w);
		found = found || publishes(w, metric, &near);
		world_free(w);
	}
	if (!found)
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_NOT_FOUND,
			    "bondsim sweep: --metric %s: no grid point has it%s%s%s (bondsim list-metrics %s lists them)",
			    metric, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "",
			    scenario);
	g_free(near);
	return found;
}

/* runs/NNNNNN.@ext, relative to OUT (g_free). */
static char *run_rel(unsigned i, const char *ext)
{
	return g_strdup_printf("runs/%06u.%s", i, ext);
}

char *sweep_run_file(const char *out, unsigned i, const char *ext)
{
	char *rel = run_rel(i, ext);
	char *path = g_build_filename(out, rel, NULL);

	g_free(rel);
	return path;
}

static void build_lines(struct sweep *sw)
{
	char *q_self = g_shell_quote(sw->self), *q_scn = g_shell_quote(sw->scenario);

	sw->lines = g_ptr_array_new_with_free_func(g_free);
	for (unsigned p = 0; p < sw->points; p++) {
		char **sets = point_sets(sw, p);

		for (unsigned k = 0; k < sw->seeds; k++) {
			unsigned i = p * sw->seeds + k;
			GString *l = g_string_new(NULL);
			char *json = sweep_run_file(sw->out, i, "json");
			char *log = sweep_run_file(sw->out, i, "log");
			char *qj = g_shell_quote(json), *ql = g_shell_quote(log);

			g_string_append_printf(l, "%s %s", q_self, q_scn);
			for (char **s = sets; *s; s++) {
				char *q = g_shell_quote(*s);

				g_string_append_printf(l, " --set %s", q);
				g_free(q);
			}
			g_string_append_printf(l, " --seed %" G_GUINT64_FORMAT
					       " --runs 0 --quiet%s --json-line %s >%s 2>&1",
					       sw->seed0 + k, sw->no_expect ? " --no-expect" : "", qj, ql);
			g_ptr_array_add(sw->lines, g_string_free(l, FALSE));
			g_free(json);
			g_free(log);
			g_free(qj);
			g_free(ql);
		}
		g_strfreev(sets);
	}
	g_free(q_self);
	g_free(q_scn);
}

/* ---- the outputs ---------------------------------------------------------- */

/* @rel (taken) written in place by a run or by Slurm: checked, and kept listed by @o. */
static void keep_rel(struct output *o, GPtrArray *rels, char *rel)
{
	output_keep(o, rel);
	g_ptr_array_add(rels, rel);
}

/*
 * Every file the sweep and its merge write under OUT, into @rels:
 * runs.list, for Slurm sweep.sbatch, sweep.job and the tasks' logs, each
 * run's result and log, and merge's files.
 */
static void plan_files(struct output *o, const struct sweep *sw, bool slurm, bool metric,
		       GPtrArray *rels)
{
	guint tasks = slurm ? MIN(sw->lines->len, SWEEP_SLURM_TASKS) : 0;

	g_ptr_array_add(rels, g_strdup("runs.list"));
	if (slurm) {
		g_ptr_array_add(rels, g_strdup("sweep.sbatch"));
		g_ptr_array_add(rels, g_strdup("sweep.job"));
	}
	for (guint i = 0; i < sw->lines->len; i++) {
		keep_rel(o, rels, run_rel(i, "json"));
		keep_rel(o, rels, run_rel(i, "log"));
	}
	for (guint t = 0; t < tasks; t++)
		keep_rel(o, rels, g_strdup_printf("runs/slurm-%u.out", t));
	merge_out_names(metric, rels);
}

/* runs.list, and for Slurm sweep.sbatch, staged on @o. */
static gboolean stage_list(struct output *o, const struct sweep *sw, bool slurm, GError **error)
{
	GString *list = g_string_new(NULL);
	char *script, *staged;
	gboolean ok;

	for (guint i = 0; i < sw->lines->len; i++)
		g_string_append_printf(list, "%s\n", (char *)g_ptr_array_index(sw->lines, i));
	ok = output_add(o, "runs.list", list->str, list->len, error);
	g_string_free(list, TRUE);
	if (!ok || !slurm)
		return ok;
	script = sweep_slurm_script(sw);
	ok = output_add(o, "sweep.sbatch", script, strlen(script), error);
	g_free(script);
	/* a script, to run by hand too */
	staged = output_stage_path(o, "sweep.sbatch");
	if (ok)
		g_chmod(staged, 0755);
	g_free(staged);
	return ok;
}

/*
 * Before any run, as a single run's --out: nothing the sweep or its merge
 * writes may land on the scenario, on a file a grid point reads, or on a
 * file in OUT that no earlier run listed.  Then runs.list goes into place
 * with the runs' files listed, in one commit that also takes away what an
 * earlier sweep into OUT wrote (its runs' results among them: merge never
 * reads an old one), and runs/ is made for the runs.
 */
static gboolean commit_list(struct output *o, const struct sweep *sw, bool slurm,
			    const char *metric, GError **error)
{
	GPtrArray *rels = g_ptr_array_new_with_free_func(g_free);
	char *runs = g_build_filename(sw->out, "runs", NULL);
	gboolean ok;

	plan_files(o, sw, slurm, metric != NULL, rels);
	ok = output_check(o, rels, error) && stage_list(o, sw, slurm, error) &&
	     output_commit(o, error);
	if (ok && g_mkdir_with_parents(runs, 0755) != 0) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "cannot create %s: %s", runs,
			    g_strerror(errno));
		ok = FALSE;
	}
	g_free(runs);
	g_ptr_array_free(rels, TRUE);
	return ok;
}

/* ---- the command ---------------------------------------------------------- */

static gboolean parse_seed_range(const char *text, uint64_t *first, unsigned *n)
{
	char *end;
	guint64 a, b;

	if (!g_ascii_isdigit(*text))
		return FALSE;
	a = g_ascii_strtoull(text, &end, 10);
	if (!*end) {
		b = a;
	} else {
		if (*end != '-' || !g_ascii_isdigit(end[1]))
			return FALSE;
		b = g_ascii_strtoull(end + 1, &end, 10);
	}
	if (*end || b < a || b > G_MAXINT64 || b - a >= 1000000)
		return FALSE;
	*first = a;
	*n = (unsigned)(b - a + 1);
	return TRUE;
}

static char *absolute(const char *path)
{
	char *cwd;
	char *r;

	if (g_path_is_absolute(path))
		return g_strdup(path);
	cwd = g_get_current_dir();
	r = g_build_filename(cwd, path, NULL);
	g_free(cwd);
	return r;
}

int sweep_main(int argc, char **argv)
{
	char **grids = NULL, **sshlogins = NULL, **fixed = NULL;
	char *seeds = NULL, *out = NULL, *engine = NULL, *metric = NULL;
	gint jobs = 0;
	gboolean no_wait = FALSE, quiet = FALSE, no_expect = FALSE;
	GOptionEntry entries[] = {
		{ "grid", 'g', 0, G_OPTION_ARG_STRING_ARRAY, &grids,
		  "An axis of the grid: a --set path and its values (repeatable)", "PATH=V1,V2,..." },
		{ "seeds", 0, 0, G_OPTION_ARG_STRING, &seeds, "Seeds A to B for each grid point (default 1-1)", "A-B" },
		{ "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &fixed, "A value for every run (repeatable)", "PATH=VALUE" },
		{ "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Where runs.list, runs/, runs.jsonl and the summary go", "OUT" },
		{ "engine", 'e', 0, G_OPTION_ARG_STRING, &engine, "local (default), parallel or slurm", "ENGINE" },
		{ "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Runs at once (local, parallel; default: the cores)", "N" },
		{ "sshlogin", 'S', 0, G_OPTION_ARG_STRING_ARRAY, &sshlogins,
		  "parallel: passed to GNU parallel --sshlogin (repeatable; OUT must be shared)", "LOGIN" },
		{ "no-wait", 0, 0, G_OPTION_ARG_NONE, &no_wait,
		  "slurm: print the job id and return; 'bondsim merge OUT' when it is done", NULL },
		{ "metric", 'm', 0, G_OPTION_ARG_STRING, &metric, "Graph this metric against the first axis (summary.png)", "NAME" },
		{ "no-expect", 0, 0, G_OPTION_ARG_NONE, &no_expect,
		  "Leave the scenario's [expect] out (lines that name what a grid point lacks)", NULL },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing but errors", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx = g_option_context_new("SCENARIO.ini - run a grid of --set values over seeds");
	static const char *const engines[] = { "local", "parallel", "slurm", NULL };
	struct sweep sw = { 0 };
	GError *error = NULL;
	char *job = NULL, *plots = NULL;
	struct output *o = NULL;
	bool slurm;
	int rc = 2;

	argv[0] = (char *)"bondsim sweep";	/* usage reads "bondsim sweep" */
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Each run is 'bondsim SCENARIO --set ... --seed S --json-line OUT/runs/N.json';\n"
		"merge (run at the end, or 'bondsim merge OUT' after --no-wait) writes\n"
		"OUT/runs.jsonl, OUT/summary.txt, OUT/summary.csv and OUT/summary.png.\n"
		"README: Sweeps.\n");
	if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
		char *hint = option_hint(entries, error);

		fprintf(stderr, "bondsim sweep: %s%s\nTry 'bondsim sweep --help'.\n", error->message,
			hint);
		g_free(hint);
		goto out;
	}
	if (argc != 2) {
		fprintf(stderr, "bondsim sweep: which scenario? e.g. bondsim sweep scenarios/mode1_failover.ini --grid server.bond0.miimon=50,100 --seeds 1-10 --out sweep/\n");
		goto out;
	}
	if (!out) {
		fprintf(stderr, "bondsim sweep: --out OUT: the folder for the runs and the summary\n");
		goto out;
	}
	if (engine && !g_strv_contains(engines, engine)) {
		const char *near = sim_nearest(engine, engines);

		fprintf(stderr, "bondsim sweep: unknown --engine '%s'%s%s%s; valid: local, parallel, slurm\n",
			engine, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
		goto out;
	}
	if (jobs < 0 || jobs > 4096) {
		fprintf(stderr, "bondsim sweep: --jobs %d: write 1 to 4096 (0 or none: one per core)\n", jobs);
		goto out;
	}
	if (!jobs)
		jobs = (gint)g_get_num_processors();
	slurm = engine && strcmp(engine, "slurm") == 0;
	if (no_wait && !slurm) {
		fprintf(stderr, "bondsim sweep: --no-wait is for --engine slurm (a job that outlives the command)\n");
		goto out;
	}
	if (sshlogins && (!engine || strcmp(engine, "parallel") != 0)) {
		fprintf(stderr, "bondsim sweep: --sshlogin is for --engine parallel\n");
		goto out;
	}
	sw.seed0 = 1;
	sw.seeds = 1;
	if (seeds && !parse_seed_range(seeds, &sw.seed0, &sw.seeds)) {
		fprintf(stderr, "bondsim sweep: --seeds '%s': write FIRST-LAST, e.g. --seeds 1-100\n", seeds);
		goto out;
	}
	sw.axes = g_ptr_array_new_with_free_func(axis_free);
	sw.points = 1;
	for (char **g = grids; g && *g; g++) {
		struct axis *a;

		if (!parse_axis(*g, &a, &error)) {
			fprintf(stderr, "bondsim sweep: %s\n", error->message);
			goto out;
		}
		/* the later --set of a run wins: the earlier axis would change nothing */
		for (guint i = 0; i < sw.axes->len; i++)
			if (strcmp(((struct axis *)g_ptr_array_index(sw.axes, i))->path, a->path) == 0) {
				fprintf(stderr, "bondsim sweep: --grid %s is given twice: put all its values "
					"in one --grid %s=V1,V2,...\n", a->path, a->path);
				axis_free(a);
				goto out;
			}
		g_ptr_array_add(sw.axes, a);
		sw.points *= g_strv_length(a->values);
		if (sw.points > 1000000) {
			fprintf(stderr, "bondsim sweep: more than a million grid points\n");
			goto out;
		}
	}
	if ((guint64)sw.points * sw.seeds > 1000000) {
		fprintf(stderr, "bondsim sweep: %u grid points x %u seeds is more than a million runs\n",
			sw.points, sw.seeds);
		goto out;
	}
	for (char **f = fixed; f && *f; f++)
		if (!set_check_syntax(*f, &error)) {
			fprintf(stderr, "bondsim sweep: %s\n", error->message);
			goto out;
		}
	sw.fixed = fixed;
	sw.no_expect = no_expect;
	sw.scenario = absolute(argv[1]);
	sw.out = absolute(out);
	sw.self = g_file_read_link("/proc/self/exe", NULL);
	if (!sw.self)
		sw.self = absolute(argv[0]);
	o = output_new(out, &error);
	if (!o)
		goto fail;
	output_input(o, "the scenario file", argv[1]);
	if (!check_points(&sw, argv[1], metric, o, &error)) {
		fprintf(stderr, "%s\n", error->message);
		goto out;
	}
	build_lines(&sw);
	if (!commit_list(o, &sw, slurm, metric, &error))
		goto fail;
	if (!engine || strcmp(engine, "local") == 0) {
		if (!sweep_run_local(sw.lines, jobs, &error))
			goto fail;
	} else if (!slurm) {
		if (!sweep_run_parallel(&sw, jobs, sshlogins, &error))
			goto fail;
	} else {
		if (!sweep_run_slurm(&sw, !no_wait, &job, &error))
			goto fail;
		if (no_wait) {
			printf("Slurm job %s: %u runs; when it is done: bondsim merge %s%s%s\n", job,
			       sw.lines->len, out, metric ? " --metric " : "", metric ? metric : "");
			rc = 0;
			goto out;
		}
	}
	plots = data_dir_plots(NULL);
	rc = merge_dir(sw.out, "--out", metric, plots, quiet);
	goto out;
fail:
	fprintf(stderr, "bondsim sweep: %s\n", error->message);
	rc = 2;
out:
	if (error)
		g_error_free(error);
	output_free(o);
	g_option_context_free(ctx);
	if (sw.axes)
		g_ptr_array_free(sw.axes, TRUE);
	if (sw.lines)
		g_ptr_array_free(sw.lines, TRUE);
	g_free(sw.scenario);
	g_free(sw.out);
	g_free(sw.self);
	g_strfreev(grids);
	g_strfreev(sshlogins);
	g_strfreev(fixed);
	g_free(seeds);
	g_free(out);
	g_free(engine);
	g_free(metric);
	g_free(job);
	g_free(plots);
	return rc;
}
