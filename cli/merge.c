/*
 * merge.c - "bondsim merge OUT": the runs of a sweep into OUT/runs.jsonl,
 * then per grid point and metric the mean and its 95% confidence interval.
 *
 * The interval is Student's over the seeds of one grid point; the
 * statistics and the reader of one run's line are in merge_line.c.
 * A metric that is null in a run (not a number), or -1 where that says
 * "never" (runs_no_value(), as in a batch), is left out of that run, and
 * so is the outage of a flow that never recovered (runs_never.c): its
 * outage_ms is only the time left to run; summary.txt counts those runs.
 *
 * The files are staged in OUT and moved into place by output.c once all
 * of them (the graph included) are complete, as a run's --out.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "sweep.h"
#include "option_hint.h"
#include "datadir.h"
#include "graphs.h"
#include "output.h"
#include "runs.h"
#include "merge_priv.h"

/* ---- the summary ---------------------------------------------------------- */

bool merge_run_value(const struct run_line *r, const char *name, double *v)
{
	GQuark q = g_quark_try_string(name);

	for (guint i = 0; q && i < r->names->len; i++)
		if (g_array_index(r->names, GQuark, i) == q) {
			*v = g_array_index(r->values, double, i);
			return !isnan(*v);
		}
	return false;
}

static void point_free(gpointer p)
{
	struct point *pt = p;

	g_strfreev(pt->set);
	g_hash_table_destroy(pt->values);
	g_hash_table_destroy(pt->never);
	g_ptr_array_free(pt->expects, TRUE);
	g_array_free(pt->held, TRUE);
	g_free(pt->first_stopped);
	g_free(pt);
}

static void free_garray(gpointer p)
{
	g_array_free(p, TRUE);
}

static bool same_set(char **a, const GPtrArray *b)
{
	if (g_strv_length(a) != b->len)
		return false;
	for (guint i = 0; i < b->len; i++)
		if (strcmp(a[i], g_ptr_array_index(b, i)) != 0)
			return false;
	return true;
}

static bool line_value(const void *run, const char *name, double *v)
{
	return merge_run_value(run, name, v);
}

/*
 * The outages of @r that never ended (runs_never.c): a flow that got
 * nothing after a fault until the next or the end of the run, and its
 * fault's failover.N.outage_ms.  Their outage_ms is the time left to run,
 * no outage to average in.
 */
static GHashTable *never_of(const struct run_line *r)
{
	GHashTable *never = g_hash_table_new(NULL, NULL);

	for (guint i = 0; i < r->names->len; i++) {
		const char *name = g_quark_to_string(g_array_index(r->names, GQuark, i));
		char *total;

		if (!runs_row_never(name, line_value, r))
			continue;
		g_hash_table_add(never, GUINT_TO_POINTER(g_quark_from_string(name)));
		total = runs_fault_total_of(name);
		if (total)
			g_hash_table_add(never, GUINT_TO_POINTER(g_quark_from_string(total)));
		g_free(total);
	}
	return never;
}

static void add_run(struct summary *sum, const struct run_line *r)
{
	struct point *pt = NULL;
	g_autoptr(GHashTable) never = never_of(r);

	for (guint i = sum->points->len; i-- > 0 && !pt;)
		if (same_set(((struct point *)g_ptr_array_index(sum->points, i))->set, r->set))
			pt = g_ptr_array_index(sum->points, i);
	if (!pt) {
		pt = g_new0(struct point, 1);
		pt->set = g_new0(char *, r->set->len + 1);
		for (guint i = 0; i < r->set->len; i++)
			pt->set[i] = g_strdup(g_ptr_array_index(r->set, i));
		pt->values = g_hash_table_new_full(NULL, NULL, NULL, free_garray);
		pt->never = g_hash_table_new(NULL, NULL);
		pt->expects = g_ptr_array_new_with_free_func(g_free);
		pt->held = g_array_new(FALSE, TRUE, sizeof(guint));
		pt->seed_min = pt->seed_max = r->seed;
		g_ptr_array_add(sum->points, pt);
	}
	pt->runs++;
	pt->seed_min = MIN(pt->seed_min, r->seed);
	pt->seed_max = MAX(pt->seed_max, r->seed);
	sum->runs++;
	{
		bool failed = false;

		for (guint i = 0; i < r->expects->len && !failed; i++)
			failed = !g_array_index(r->expects, struct run_expect, i).pass;
		if (failed)
			sum->failed_runs++;
		if (failed || r->stopped)
			sum->unmet_runs++;
	}
	if (r->stopped) {
		sum->stopped_runs++;
		if (!pt->stopped++ || r->seed < pt->first_stopped_seed) {
			g_free(pt->first_stopped);
			pt->first_stopped = g_strdup(r->stopped);
			pt->first_stopped_seed = r->seed;
		}
	}
	for (guint i = 0; i < r->names->len; i++) {
		GQuark q = g_array_index(r->names, GQuark, i);
		double v = g_array_index(r->values, double, i);
		GArray *a = g_hash_table_lookup(pt->values, GUINT_TO_POINTER(q));

		if (!g_hash_table_contains(sum->seen, GUINT_TO_POINTER(q))) {
			g_hash_table_add(sum->seen, GUINT_TO_POINTER(q));
			g_array_append_val(sum->metrics, q);
		}
		if (!a) {
			a = g_array_new(FALSE, FALSE, sizeof(double));
			g_hash_table_insert(pt->values, GUINT_TO_POINTER(q), a);
		}
		/* -1 for "never" is no value, as in a batch: averaged in, three runs
		 * in which a flow never came back and two at 270 ms made a mean
		 * first delivery of 108 ms */
		if (g_hash_table_contains(never, GUINT_TO_POINTER(q)))
			g_hash_table_insert(pt->never, GUINT_TO_POINTER(q),
					    GUINT_TO_POINTER(GPOINTER_TO_UINT(
						    g_hash_table_lookup(pt->never, GUINT_TO_POINTER(q))) + 1));
		else if (!runs_no_value(g_quark_to_string(q), v))
			g_array_append_val(a, v);
	}
	for (guint i = 0; i < r->expects->len; i++) {
		const struct run_expect *e = &g_array_index(r->expects, struct run_expect, i);
		guint k;

		for (k = 0; k < pt->expects->len; k++)
			if (strcmp(g_ptr_array_index(pt->expects, k), e->text) == 0)
				break;
		if (k == pt->expects->len) {
			guint zero = 0;

			g_ptr_array_add(pt->expects, g_strdup(e->text));
			g_array_append_val(pt->held, zero);
		}
		if (e->pass)
			g_array_index(pt->held, guint, k)++;
	}
}

static void summary_free(struct summary *sum)
{
	g_free(sum->scenario);
	g_ptr_array_free(sum->points, TRUE);
	g_array_free(sum->metrics, TRUE);
	g_hash_table_destroy(sum->seen);
}

/* Line @n of the runs.jsonl text as "FILE:LINE", the file it came from. */
static char *line_origin(const char *name, const struct merge_from *from, int n)
{
	guint i = 0, before = 0;

	if (!from)
		return g_strdup_printf("%s:%d", name, n);
	while (i < from->lines->len && before + g_array_index(from->lines, guint, i) < (guint)n)
		before += g_array_index(from->lines, guint, i++);
	if (i == from->lines->len)
		return g_strdup_printf("%s:%d", name, n);
	{
		char *file = sweep_run_file(from->out, i, "json");
		char *where = g_strdup_printf("%s:%u", file, (guint)n - before);

		g_free(file);
		return where;
	}
}

static gboolean summary_read(struct summary *sum, const char *jsonl, const char *name,
			     const struct merge_from *from, GError **error)
{
	char **lines = g_strsplit(jsonl, "\n", -1);
	int n = 0;

	sum->points = g_ptr_array_new_with_free_func(point_free);
	sum->metrics = g_array_new(FALSE, FALSE, sizeof(GQuark));
	sum->seen = g_hash_table_new(NULL, NULL);
	for (char **l = lines; *l; l++) {
		struct run_line *r;

		n++;
		if (!**l)
			continue;
		r = merge_parse_line(*l);
		if (!r) {
			char *where = line_origin(name, from, n);

			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
				    "%s: not a line of a bondsim run (bondsim SCENARIO --json-line FILE writes them)",
				    where);
			g_free(where);
			g_strfreev(lines);
			return FALSE;
		}
		if (!sum->scenario)
			sum->scenario = g_strdup(r->scenario);
		add_run(sum, r);
		merge_run_line_free(r);
	}
	g_strfreev(lines);
	if (!sum->runs) {
		if (from)
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE, "%s: no runs in runs/*.json",
				    from->out);
		else
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE, "%s: no runs in it", name);
		return FALSE;
	}
	return TRUE;
}

gboolean merge_summarize(const char *jsonl, const char *name, const struct merge_from *from,
			 GString *txt, GString *csv, const char *metric, GString *dat,
			 GString *vars, guint *unmet, GError **error)
{
	struct summary sum = { 0 };
	gboolean ok = summary_read(&sum, jsonl, name, from, error);

	if (ok) {
		merge_write_txt(&sum, txt);
		merge_write_csv(&sum, csv);
		if (unmet)
			*unmet = sum.unmet_runs;
	}
	if (ok && metric) {
		GQuark q = g_quark_try_string(metric);

		if (!q || !g_hash_table_contains(sum.seen, GUINT_TO_POINTER(q))) {
			const char **names = g_new0(const char *, sum.metrics->len + 1);
			const char *near;

			for (guint m = 0; m < sum.metrics->len; m++)
				names[m] = g_quark_to_string(g_array_index(sum.metrics, GQuark, m));
			near = sim_nearest(metric, names);
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_NOT_FOUND,
				    "--metric %s: no run has it%s%s%s (bondsim --list-metrics SCENARIO lists them)",
				    metric, near ? " (did you mean '" : "", near ? near : "",
				    near ? "'?)" : "");
			g_free(names);
			ok = FALSE;
		} else {
			GString *titles = g_string_new(NULL);
			bool numeric;
			int ax = merge_first_axis(&sum);
			const struct point *p0 = g_ptr_array_index(sum.points, 0);
			char *path = ax >= 0 ? merge_set_path(p0->set[ax]) : g_strdup("");
			char *xl, *qt, *qx;
			int series;

			double span;
			char dx[G_ASCII_DTOSTR_BUF_SIZE];

			series = merge_graph_data(&sum, q, dat, titles, &numeric, &span);
			xl = merge_axis_label(path, numeric);
			g_free(path);
			g_strchomp(titles->str);
			qt = graphs_gp_quote(titles->str);
			qx = graphs_gp_quote(xl);
			/* series side by side, apart by 1% of the axis, so that no bar hides another */
			g_ascii_formatd(dx, sizeof(dx), "%.6g", series > 1 ? (span > 0 ? span : 1) * 0.01 : 0);
			g_string_append_printf(vars, "series=%d; titles='%s'; xlabel='%s'; numeric=%d; dx=%s",
					       series, qt, qx, numeric ? 1 : 0, dx);
			g_free(qt);
			g_free(qx);
			g_string_free(titles, TRUE);
			g_free(xl);
		}
	}
	summary_free(&sum);
	return ok;
}

/* ---- merge OUT ------------------------------------------------------------ */

/*
 * The runs' files in run order, when runs.list says which (@lines: how many
 * lines each gave); else runs.jsonl as it is.
 */
static gboolean gather(const char *out, char **jsonl, bool *rebuilt, GArray *lines_of,
		       GError **error)
{
	char *list = g_build_filename(out, "runs.list", NULL), *text = NULL;
	gboolean ok = TRUE;

	*rebuilt = false;
	if (g_file_test(list, G_FILE_TEST_EXISTS)) {
		char **lines;
		GString *all = g_string_new(NULL);
		guint n = 0, missing = 0, first_missing = 0;

		ok = sim_read_file(list, G_MAXINT32, &text, NULL, error);
		lines = ok ? g_strsplit(text, "\n", -1) : g_new0(char *, 1);
		for (char **l = lines; *l; l++)
			if (**l)
				n++;
		for (guint i = 0; ok && i < n; i++) {
			char *f = sweep_run_file(out, i, "json"), *one = NULL;

			if (!g_file_get_contents(f, &one, NULL, NULL)) {
				if (!missing++)
					first_missing = i;
			} else {
				gsize at = all->len;
				guint nl = 0;

				g_string_append(all, one);
				if (all->len && all->str[all->len - 1] != '\n')
					g_string_append_c(all, '\n');
				for (gsize c = at; c < all->len; c++)
					nl += all->str[c] == '\n';
				g_array_append_val(lines_of, nl);
			}
			g_free(one);
			g_free(f);
		}
		if (ok && missing) {
			char *log = sweep_run_file(out, first_missing, "log"), *logtext = NULL;
			char *job = g_build_filename(out, "sweep.job", NULL), *jobid = NULL;

			g_file_get_contents(log, &logtext, NULL, NULL);
			if (g_file_get_contents(job, &jobid, NULL, NULL))
				g_strstrip(jobid);
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_NOT_FOUND,
				    "%u of the %u runs of %s left no result, the first run %u (line %u of runs.list)%s%s%s%s%s",
				    missing, n, out, first_missing, first_missing + 1,
				    jobid ? "; Slurm job " : "", jobid ? jobid : "",
				    jobid ? " (squeue -j, sacct -j)" : "",
				    logtext && *logtext ? "; its log:\n" : "",
				    logtext ? g_strchomp(logtext) : "");
			g_free(logtext);
			g_free(log);
			g_free(job);
			g_free(jobid);
			ok = FALSE;
		}
		g_strfreev(lines);
		if (ok) {
			*jsonl = g_string_free(all, FALSE);
			*rebuilt = true;
		} else {
			g_string_free(all, TRUE);
		}
	} else {
		char *path = g_build_filename(out, "runs.jsonl", NULL);

		ok = sim_read_file(path, G_MAXINT32, jsonl, NULL, error);
		g_free(path);
	}
	g_free(text);
	g_free(list);
	return ok;
}

/* summary.png from the staged graph data: gnuplot plots/summary.gp. */
static gboolean draw(struct output *o, const char *metric, const char *plots,
		     const GString *vars, bool quiet)
{
	char *datp = output_stage_path(o, "summary_graph.dat");
	char *png = output_stage_path(o, "summary.png");
	char *shown = output_final_path(o, "summary.png");
	char *qd = graphs_gp_quote(datp), *qp = graphs_gp_quote(png), *qm = graphs_gp_quote(metric);
	char *expr = g_strdup_printf("dat='%s'; out='%s'; ylabel='%s'; %s", qd, qp, qm, vars->str);
	/* merge fails as a whole (nothing written): its own line says so, not "the CSV files are there" */
	gboolean ok = graphs_gnuplot(plots, "summary.gp", expr, png, shown, NULL, quiet);

	if (ok)
		output_note(o, "summary.png");
	g_free(shown);
	g_free(expr);
	g_free(datp);
	g_free(png);
	g_free(qd);
	g_free(qp);
	g_free(qm);
	return ok;
}

/*
 * runs.jsonl (when put together from the runs' files: NULL when it is
 * what merge read), summary.txt, summary.csv and with --metric the graph
 * and its data, staged on @o.
 */
static gboolean stage(struct output *o, const char *jsonl, const GString *txt, const GString *csv,
		      const char *metric, const GString *dat, const char *plots,
		      const GString *vars, bool quiet, GError **error)
{
	if ((jsonl && !output_add(o, "runs.jsonl", jsonl, strlen(jsonl), error)) ||
	    !output_add(o, "summary.txt", txt->str, txt->len, error) ||
	    !output_add(o, "summary.csv", csv->str, csv->len, error))
		return FALSE;
	if (!metric)
		return TRUE;
	if (!output_add(o, "summary_graph.dat", dat->str, dat->len, error))
		return FALSE;
	if (!draw(o, metric, plots, vars, quiet)) {
		char *png = output_final_path(o, "summary.png");

		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO,
			    "gnuplot could not draw %s: nothing was written", png);
		g_free(png);
		return FALSE;
	}
	return TRUE;
}

/*
 * The files are staged and committed through output.c, as a run's --out:
 * all or none, listed in OUT/.bondsim-files, never over a file of the
 * user's.  The sweep's files listed there stay, and so does a runs.jsonl
 * merge reads (no runs.list): only its own earlier files may go.
 */
/* Every file merge may write in OUT, the graph's two last. */
static const char *const merge_names[] = { "runs.jsonl", "summary.txt", "summary.csv",
	"summary_graph.dat", "summary.png", NULL };

void merge_out_names(bool metric, GPtrArray *rels)
{
	for (int i = 0; merge_names[i] && (metric || i < 3); i++)
		g_ptr_array_add(rels, g_strdup(merge_names[i]));
}

int merge_dir(const char *out, const char *label, const char *metric, const char *plots_dir,
	      bool quiet)
{
	char *jsonl = NULL, *src = g_build_filename(out, "runs.jsonl", NULL);
	GString *txt = g_string_new(NULL), *csv = g_string_new(NULL), *dat = g_string_new(NULL);
	GString *vars = g_string_new(NULL);
	GError *error = NULL;
	GArray *lines_of = g_array_new(FALSE, FALSE, sizeof(guint));
	struct merge_from from = { out, lines_of };
	struct output *o = NULL;
	bool rebuilt;
	guint unmet = 0;
	int rc = 2;

	if (!gather(out, &jsonl, &rebuilt, lines_of, &error) ||
	    !merge_summarize(jsonl, src, rebuilt ? &from : NULL, txt, csv, metric, dat, vars,
			     &unmet, &error))
		goto out;
	o = output_new(out, &error);
	if (!o)
		goto out;
	output_set_label(o, label);
	/* runs.jsonl is its own only when it puts it together */
	output_keep_listed(o, rebuilt ? merge_names : merge_names + 1);
	if (!stage(o, rebuilt ? jsonl : NULL, txt, csv, metric, dat, plots_dir, vars, quiet, &error) ||
	    !output_commit(o, &error))
		goto out;
	/* as one run exits: 1 when an [expect] line failed or a run stopped early */
	rc = unmet ? 1 : 0;
	if (!quiet)
		printf("%s: runs.jsonl, summary.txt, summary.csv%s\n", out,
		       metric ? ", summary.png (and its data, summary_graph.dat)" : "");
	if (unmet)	/* even with --quiet: a CI log says why the exit status is 1 */
		fprintf(stderr, "bondsim: %u run%s failed an [expect] line or stopped before "
			"its time: %s/summary.txt says which\n", unmet, unmet == 1 ? "" : "s",
			out);
out:
	if (error) {
		fprintf(stderr, "bondsim merge: %s\n", error->message);
		g_error_free(error);
	}
	output_free(o);
	g_free(jsonl);
	g_free(src);
	g_string_free(txt, TRUE);
	g_string_free(csv, TRUE);
	g_string_free(dat, TRUE);
	g_string_free(vars, TRUE);
	g_array_free(lines_of, TRUE);
	return rc;
}

int merge_main(int argc, char **argv)
{
	char *metric = NULL;
	gboolean quiet = FALSE;
	GOptionEntry entries[] = {
		{ "metric", 'm', 0, G_OPTION_ARG_STRING, &metric,
		  "Graph this metric against the first grid axis (summary.png)", "NAME" },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing but errors", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx = g_option_context_new("OUT - a sweep's runs into OUT/runs.jsonl and its summary");
	GError *error = NULL;
	char *plots;
	int rc = 2;

	argv[0] = (char *)"bondsim merge";	/* usage reads "bondsim merge" */
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
		char *hint = option_hint(entries, error);

		fprintf(stderr, "bondsim merge: %s%s\nTry 'bondsim merge --help'.\n", error->message,
			hint);
		g_free(hint);
		g_error_free(error);
	} else if (argc != 2) {
		fprintf(stderr, "bondsim merge: which sweep? e.g. bondsim merge sweep-out/\n");
	} else {
		plots = data_dir_plots(NULL);
		rc = merge_dir(argv[1], "OUT", metric, plots, quiet);
		g_free(plots);
	}
	g_option_context_free(ctx);
	g_free(metric);
	return rc;
}
