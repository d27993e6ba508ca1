/*
 * merge_write.c - what merge writes of a summary: summary.txt, summary.csv
 * and the graph's data, one block per series (merge.c reads the runs into
 * the summary and stages the files).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "sweep.h"
#include "merge_priv.h"
#include "bond/bond_options.h"

/*
 * Six significant digits, but never an exponent for a big number: a byte
 * count or a time in ns is written whole (12352994, not 1.2353e+07).
 */
static const char *fmt(double v, char *buf)
{
	if (isnan(v))
		return "";
	return g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, fabs(v) >= 999999.5 ? "%.0f" : "%.6g", v);
}

/* A CSV field, quoted when it must be. */
static void csv_field(GString *out, const char *v)
{
	if (!strpbrk(v, ",\"\n")) {
		g_string_append(out, v);
		return;
	}
	g_string_append_c(out, '"');
	for (const char *c = v; *c; c++) {
		if (*c == '"')
			g_string_append_c(out, '"');
		g_string_append_c(out, *c);
	}
	g_string_append_c(out, '"');
}

/* The paths of @pt's --set list. */
char *merge_set_path(const char *set)
{
	const char *eq = strchr(set, '=');

	return eq ? g_strndup(set, eq - set) : g_strdup(set);
}

/* The unit of a --set path's bare numbers, NULL: none (a count, a ratio). */
static const char *path_unit(const char *path)
{
	const char *last = strrchr(path, '.');
	const struct bond_opt_desc *d;

	if (!last)
		return NULL;
	last++;
	if (g_str_has_prefix(path, "links."))
		return strcmp(last, "speed") == 0 ? "Mb/s" : NULL;	/* as ethtool's speed */
	if (g_str_has_prefix(path, "flow."))
		return strcmp(last, "rate") == 0 ? "bit/s" : strcmp(last, "size") == 0 ? "bytes" : NULL;
	if (strcmp(last, "txqueuelen") == 0)
		return "frames";
	/* HOST.BOND.OPTION: miimon, updelay, arp_interval ... are ms */
	d = bond_opt_lookup(last);
	return d ? d->unit : NULL;
}

char *merge_axis_label(const char *path, bool numeric)
{
	const char *unit = numeric ? path_unit(path) : NULL;

	/* a value that is not a bare number ("1us", "layer3+4") says its own unit */
	return unit ? g_strdup_printf("%s (%s)", path, unit) : g_strdup(path);
}

/* The first path whose value differs between grid points: the graph's x axis (-1: none). */
int merge_first_axis(const struct summary *sum)
{
	const struct point *p0 = g_ptr_array_index(sum->points, 0);
	guint n = g_strv_length(p0->set);

	for (guint a = 0; a < n; a++)
		for (guint i = 1; i < sum->points->len; i++) {
			const struct point *p = g_ptr_array_index(sum->points, i);

			if (g_strv_length(p->set) > a && strcmp(p->set[a], p0->set[a]) != 0)
				return (int)a;
		}
	return n ? 0 : -1;
}

static bool axis_varies(const struct summary *sum, guint a)
{
	const struct point *p0 = g_ptr_array_index(sum->points, 0);

	for (guint i = 1; i < sum->points->len; i++) {
		const struct point *p = g_ptr_array_index(sum->points, i);

		if (g_strv_length(p->set) > a && strcmp(p->set[a], p0->set[a]) != 0)
			return true;
	}
	return false;
}

/*
 * The graph's data: one block per series (the other axes' values), each row
 * "x mean lo hi label" in grid order; x is the value, or its rank when a
 * value of the axis is no number.  @titles gets the series' names.
 */
int merge_graph_data(const struct summary *sum, GQuark metric, GString *dat,
		     GString *titles, bool *numeric, double *span)
{
	int ax = merge_first_axis(sum);
	GPtrArray *series = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *xs = g_ptr_array_new();
	char b1[G_ASCII_DTOSTR_BUF_SIZE], b2[G_ASCII_DTOSTR_BUF_SIZE], b3[G_ASCII_DTOSTR_BUF_SIZE];
	char b4[G_ASCII_DTOSTR_BUF_SIZE];
	int n;
	double xmin = INFINITY, xmax = -INFINITY, xnum;

	*numeric = true;
	for (guint i = 0; i < sum->points->len; i++) {
		const struct point *p = g_ptr_array_index(sum->points, i);
		GString *key = g_string_new(NULL);
		const char *xv = ax >= 0 ? strchr(p->set[ax], '=') + 1 : "all";
		char *end;
		bool found = false;

		for (guint a = 0; p->set[a]; a++)
			if ((int)a != ax && axis_varies(sum, a))
				g_string_append_printf(key, "%s%s", key->len ? "," : "", p->set[a]);
		if (!key->len)
			g_string_append(key, "mean");
		for (guint k = 0; k < series->len && !found; k++)
			found = strcmp(g_ptr_array_index(series, k), key->str) == 0;
		if (!found)
			g_ptr_array_add(series, g_strdup(key->str));
		g_string_free(key, TRUE);
		found = false;
		for (guint k = 0; k < xs->len && !found; k++)
			found = strcmp(g_ptr_array_index(xs, k), xv) == 0;
		if (!found)
			g_ptr_array_add(xs, (gpointer)xv);
		xnum = g_ascii_strtod(xv, &end);
		if (end == xv || *end)
			*numeric = false;
		xmin = MIN(xmin, xnum);
		xmax = MAX(xmax, xnum);
	}
	for (guint k = 0; k < series->len; k++) {
		const char *name = g_ptr_array_index(series, k);

		if (k)
			g_string_append(dat, "\n\n");
		g_string_append_printf(dat, "# %s\n", name);
		for (guint i = 0; i < sum->points->len; i++) {
			const struct point *p = g_ptr_array_index(sum->points, i);
			const char *xv = ax >= 0 ? strchr(p->set[ax], '=') + 1 : "all";
			GString *key = g_string_new(NULL);
			GArray *v = g_hash_table_lookup(p->values, GUINT_TO_POINTER(metric));
			struct merge_stat st;
			guint rank = 0;

			for (guint a = 0; p->set[a]; a++)
				if ((int)a != ax && axis_varies(sum, a))
					g_string_append_printf(key, "%s%s", key->len ? "," : "", p->set[a]);
			if (!key->len)
				g_string_append(key, "mean");
			if (strcmp(key->str, name) != 0 || !v || !v->len) {
				g_string_free(key, TRUE);
				continue;
			}
			g_string_free(key, TRUE);
			while (strcmp(g_ptr_array_index(xs, rank), xv) != 0)
				rank++;
			merge_stat_of((const double *)v->data, v->len, &st);
			if (v->len < 2)
				st.lo = st.hi = st.mean;
			g_string_append_printf(dat, "%s %s %s %s %s\n",
					       *numeric ? xv : fmt(rank, b1), fmt(st.mean, b2),
					       fmt(st.lo, b3), fmt(st.hi, b4), xv);
		}
		for (const char *c = name; *c; c++)
			g_string_append_c(titles, g_ascii_isspace(*c) || *c == '\'' ? '_' : *c);
		g_string_append_c(titles, ' ');
	}
	n = (int)series->len;
	*span = *numeric ? xmax - xmin : (double)xs->len - 1;
	g_ptr_array_free(series, TRUE);
	g_ptr_array_free(xs, TRUE);
	return n;
}

void merge_write_txt(const struct summary *sum, GString *txt)
{
	char b1[G_ASCII_DTOSTR_BUF_SIZE], b2[G_ASCII_DTOSTR_BUF_SIZE], b3[G_ASCII_DTOSTR_BUF_SIZE];
	char b4[G_ASCII_DTOSTR_BUF_SIZE];
	int width = 6;

	for (guint m = 0; m < sum->metrics->len; m++)
		width = MAX(width, (int)strlen(g_quark_to_string(g_array_index(sum->metrics, GQuark, m))));
	g_string_append_printf(txt, "Sweep of %s: %u run%s, %u grid point%s\n", sum->scenario,
			       sum->runs, sum->runs == 1 ? "" : "s", sum->points->len,
			       sum->points->len == 1 ? "" : "s");
	if (sum->failed_runs)
		g_string_append_printf(txt, "%u run%s failed an [expect] line (below, per grid point)\n",
				       sum->failed_runs, sum->failed_runs == 1 ? "" : "s");
	if (sum->stopped_runs)
		g_string_append_printf(txt, "%u run%s stopped before the end of their time: their metrics cover only what ran (below, per grid point)\n",
				       sum->stopped_runs, sum->stopped_runs == 1 ? "" : "s");
	g_string_append(txt, "Mean over the seeds and its 95% confidence interval (Student t)\n");
	for (guint i = 0; i < sum->points->len; i++) {
		const struct point *p = g_ptr_array_index(sum->points, i);

		g_string_append(txt, "\n==");
		for (char **s = p->set; *s; s++)
			g_string_append_printf(txt, " %s", *s);
		if (!p->set[0])
			g_string_append(txt, " (the scenario as written)");
		if (p->runs == 1)
			g_string_append_printf(txt, "  (1 run, seed %s)\n", fmt(p->seed_min, b1));
		else
			g_string_append_printf(txt, "  (%u runs, seeds %s-%s)\n", p->runs,
					       fmt(p->seed_min, b1), fmt(p->seed_max, b2));
		if (p->stopped)
			g_string_append_printf(txt, "  STOPPED  %u of %u runs, first with seed %s: %s\n",
					       p->stopped, p->runs, fmt(p->first_stopped_seed, b1),
					       p->first_stopped);
		for (guint k = 0; k < p->expects->len; k++) {
			guint held = g_array_index(p->held, guint, k);

			if (held != p->runs)
				g_string_append_printf(txt, "  FAIL  %s  (held in %u of %u runs)\n",
						       (char *)g_ptr_array_index(p->expects, k), held, p->runs);
		}
		g_string_append_printf(txt, "  %-*s %5s %14s %14s  %s\n", width, "metric", "n", "mean",
				       "sd", "95% CI");
		for (guint m = 0; m < sum->metrics->len; m++) {
			GQuark q = g_array_index(sum->metrics, GQuark, m);
			GArray *v = g_hash_table_lookup(p->values, GUINT_TO_POINTER(q));
			struct merge_stat st;

			merge_stat_of(v ? (const double *)v->data : NULL, v ? v->len : 0, &st);
			g_string_append_printf(txt, "  %-*s %5u %14s %14s", width, g_quark_to_string(q),
					       st.n, fmt(st.mean, b1), fmt(st.sd, b2));
			guint never = GPOINTER_TO_UINT(g_hash_table_lookup(p->never, GUINT_TO_POINTER(q)));

			if (!isnan(st.lo))
				g_string_append_printf(txt, "  [%s, %s]", fmt(st.lo, b3), fmt(st.hi, b4));
			/* left out of n and the mean: an outage with no end has no length */
			if (never)
				g_string_append_printf(txt, "  never recovered in %u of %u runs", never,
						       p->runs);
			g_string_append_c(txt, '\n');
		}
	}
}

void merge_write_csv(const struct summary *sum, GString *csv)
{
	char b1[G_ASCII_DTOSTR_BUF_SIZE], b2[G_ASCII_DTOSTR_BUF_SIZE], b3[G_ASCII_DTOSTR_BUF_SIZE];
	char b4[G_ASCII_DTOSTR_BUF_SIZE];
	const struct point *p0 = g_ptr_array_index(sum->points, 0);

	for (char **s = p0->set; *s; s++) {
		char *path = merge_set_path(*s);

		csv_field(csv, path);
		g_string_append_c(csv, ',');
		g_free(path);
	}
	/* never last: a reader of the first six columns keeps them where they were */
	g_string_append(csv, "metric,n,mean,sd,ci95_low,ci95_high,never\n");
	for (guint i = 0; i < sum->points->len; i++) {
		const struct point *p = g_ptr_array_index(sum->points, i);

		for (guint m = 0; m < sum->metrics->len; m++) {
			GQuark q = g_array_index(sum->metrics, GQuark, m);
			GArray *v = g_hash_table_lookup(p->values, GUINT_TO_POINTER(q));
			struct merge_stat st;

			merge_stat_of(v ? (const double *)v->data : NULL, v ? v->len : 0, &st);
			for (char **s = p->set; *s; s++) {
				csv_field(csv, strchr(*s, '=') ? strchr(*s, '=') + 1 : "");
				g_string_append_c(csv, ',');
			}
			csv_field(csv, g_quark_to_string(q));
			g_string_append_printf(csv, ",%u,%s,%s,%s,%s,%u\n", st.n, fmt(st.mean, b1),
					       fmt(st.sd, b2), fmt(st.lo, b3), fmt(st.hi, b4),
					       GPOINTER_TO_UINT(g_hash_table_lookup(p->never,
										    GUINT_TO_POINTER(q))));
		}
	}
}
