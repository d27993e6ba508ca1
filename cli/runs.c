/*
 * runs.c - a batch of runs: one world per seed, every metric over the runs.
 *
 * DOC: The runs are sequential, each in a world of its own loaded from the
 * scenario file with its seed, so they share nothing but this process and
 * the batch is as deterministic as a single run.  After each run its
 * metrics are copied into one column per metric and its [expect] lines on
 * plain metrics are checked (they must hold in every run); the world is
 * then freed, except the first, which the report reads for the scenario's
 * shape (faults, flows, bonds, expectations).  At the end each metric's
 * values are sorted and the nearest-rank statistics published as
 * "X.min" ... "X.runs" (runs.h), which the [expect] lines on statistics
 * are checked against.
 */
#include <math.h>
#include <string.h>
#include "runs.h"
#include "watch.h"

const char *const runs_stat_names[] = { "min", "median", "p95", "max", "runs", NULL };

int runs_stat_of(const char *name, size_t *base_len)
{
	const char *dot = strrchr(name, '.');

	if (!dot || dot == name)
		return -1;
	for (int i = 0; runs_stat_names[i]; i++) {
		if (strcmp(dot + 1, runs_stat_names[i]) == 0) {
			*base_len = (size_t)(dot - name);
			return i;
		}
	}
	return -1;
}

double runs_percentile(const double *sorted, size_t n, unsigned pct)
{
	/* rank ceil(pct * n / 100), counted from 1, in integers: no rounding */
	size_t rank = ((size_t)pct * n + 99) / 100;

	g_assert(n > 0 && pct <= 100);
	return sorted[MAX(rank, 1u) - 1];
}

const struct runs_metric *runs_find(const struct runs *r, const char *name)
{
	return g_hash_table_lookup(r->index, name);
}

static struct runs_metric *metric_get(struct runs *r, const struct metric *x)
{
	struct runs_metric *rm = g_hash_table_lookup(r->index, x->name);

	if (rm)
		return rm;
	rm = g_new0(struct runs_metric, 1);
	rm->name = g_strdup(x->name);
	rm->is_int = x->is_int;
	rm->values = g_new(double, r->n);
	for (unsigned i = 0; i < r->n; i++)
		rm->values[i] = NAN;
	g_ptr_array_add(r->metrics, rm);
	g_hash_table_insert(r->index, rm->name, rm);
	return rm;
}

bool runs_no_value(const char *name, double v)
{
	return isnan(v) || (v < 0 && (g_str_has_prefix(name, "failover.") ||
				      g_str_has_suffix(name, "_ms")));
}

/* Which [expect] lines are statistics: "X.<stat>" where X is a metric. */
static void classify_expects(struct runs *r, const struct metrics *m)
{
	for (guint i = 0; i < r->first->expects->len; i++) {
		const struct expectation *e = g_ptr_array_index(r->first->expects, i);
		struct runs_expect *re = &r->expects[i];

		re->stat = expect_stat_of(e, m, r->first);
		re->lo = INFINITY;
		re->hi = -INFINITY;
	}
}

static void collect(struct runs *r, unsigned run, const struct world *w, const struct metrics *m)
{
	sim_time_t at;
	const char *sw, *text;
	char t[32];

	if (world_storm(w, &at, &sw, &text) && !r->storms++)
		r->first_storm = g_strdup_printf("seed %" G_GUINT64_FORMAT ": %s at %s s: %s",
						 w->seed, sw, sim_time_format_sec(at, t, sizeof(t)),
						 text);
	for (guint i = 0; i < m->items->len; i++) {
		const struct metric *x = &g_array_index(m->items, struct metric, i);

		/* an outage with no end is INFINITY, above every finite one */
		metric_get(r, x)->values[run] = runs_no_value(x->name, x->value)
							? NAN : runs_outage_value(m, x->name, x->value);
	}
	for (guint i = 0; i < w->expects->len; i++) {
		const struct expectation *e = g_ptr_array_index(w->expects, i);
		struct runs_expect *re = &r->expects[i];
		double actual;
		bool pass;

		if (re->stat >= 0)
			continue;
		pass = expect_check(e, m, w, &actual, NULL, 0);
		if (!isnan(actual)) {
			re->lo = MIN(re->lo, actual);
			re->hi = MAX(re->hi, actual);
		}
		if (!pass) {
			if (!re->failed++) {
				re->first_failed_seed = w->seed;
				re->first_failed_actual = actual;
			}
			r->failed_per_run[run]++;
		}
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void finish(struct runs *r)
{
	double *v = g_new(double, r->n);

	for (guint i = 0; i < r->metrics->len; i++) {
		struct runs_metric *rm = g_ptr_array_index(r->metrics, i);
		size_t n = 0;

		for (unsigned k = 0; k < r->n; k++)
			if (!isnan(rm->values[k]))
				v[n++] = rm->values[k];
		qsort(v, n, sizeof(*v), cmp_double);
		rm->stat[RUNS_STAT_MIN] = n ? v[0] : NAN;
		rm->stat[RUNS_STAT_MEDIAN] = n ? runs_percentile(v, n, 50) : NAN;
		rm->stat[RUNS_STAT_P95] = n ? runs_percentile(v, n, 95) : NAN;
		rm->stat[RUNS_STAT_MAX] = n ? v[n - 1] : NAN;
		rm->stat[RUNS_STAT_COUNT] = (double)n;
		for (int s = 0; s < RUNS_N_STATS; s++) {
			if (s == RUNS_STAT_COUNT || (rm->is_int && n))
				metrics_add_int(&r->stats, (int64_t)rm->stat[s], "%s.%s", rm->name,
						runs_stat_names[s]);
			else
				metrics_add_double(&r->stats, rm->stat[s], "%s.%s", rm->name,
						   runs_stat_names[s]);
		}
	}
	g_free(v);
	/* the verdicts, on the first world's expectations (which the report reads) */
	for (guint i = 0; i < r->first->expects->len; i++) {
		struct expectation *e = g_ptr_array_index(r->first->expects, i);
		const struct runs_expect *re = &r->expects[i];

		if (re->stat >= 0) {
			char culprit[256];

			e->pass = expect_check(e, &r->stats, NULL, &e->actual, culprit, sizeof(culprit));
			g_free(e->culprit);
			e->culprit = *culprit ? g_strdup(culprit) : NULL;
		} else if (re->failed) {
			e->actual = re->first_failed_actual;
			e->pass = false;
		} else {
			/* the value that came closest to failing */
			e->actual = e->op == EXPECT_LT || e->op == EXPECT_LE ? re->hi : re->lo;
			if (e->op == EXPECT_IN && e->hi - re->hi < re->lo - e->value)
				e->actual = re->hi;
			e->pass = true;
		}
	}
}

gboolean runs_execute(struct runs *r, struct world *first, const char *path,
		      const struct world_options *opt, const struct run_limits *lim, bool echo_logs,
		      GError **error)
{
	struct world_options o = *opt;

	memset(r, 0, sizeof(*r));
	r->first = first;
	r->n = first->runs;
	r->seed0 = first->seed;
	r->metrics = g_ptr_array_new();
	r->index = g_hash_table_new(g_str_hash, g_str_equal);
	metrics_init(&r->stats);
	r->expects = g_new0(struct runs_expect, first->expects->len);
	r->failed_per_run = g_new0(unsigned, r->n);
	g_assert(r->n >= 1);
	if (r->seed0 > (uint64_t)G_MAXINT64 - (r->n - 1)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_RANGE,
			    "seeds %" G_GUINT64_FORMAT " and %u more go past %" G_GINT64_FORMAT,
			    r->seed0, r->n - 1, G_MAXINT64);
		return FALSE;
	}
	o.seed_set = true;
	o.runs_set = true;
	o.runs = r->n;
	for (unsigned i = 0; i < r->n; i++) {
		struct world *w = first;
		struct metrics m;

		if (i) {
			o.seed = r->seed0 + i;
			w = world_load(path, &o, error);
			if (!w)
				return FALSE;
		}
		if (echo_logs)
			world_echo_logs(w);
		watch_run(w, lim);
		metrics_init(&m);
		world_metrics(w, &m);
		if (!i)
			classify_expects(r, &m);
		collect(r, i, w, &m);
		r->events += w->sim->events_run;
		metrics_fini(&m);
		if (i)
			world_free(w);
		/* SIGINT, SIGTERM: the batch ends with the runs done so far */
		if (watch_signal()) {
			r->n = i + 1;
			break;
		}
	}
	finish(r);
	return TRUE;
}

unsigned runs_failed(const struct runs *r)
{
	unsigned failed = 0;

	for (guint i = 0; i < r->first->expects->len; i++)
		failed += !((const struct expectation *)g_ptr_array_index(r->first->expects, i))->pass;
	return failed;
}

void runs_fini(struct runs *r)
{
	if (!r->metrics)
		return;
	for (guint i = 0; i < r->metrics->len; i++) {
		struct runs_metric *rm = g_ptr_array_index(r->metrics, i);

		g_free(rm->name);
		g_free(rm->values);
		g_free(rm);
	}
	g_ptr_array_free(r->metrics, TRUE);
	g_hash_table_destroy(r->index);
	metrics_fini(&r->stats);
	g_free(r->expects);
	g_free(r->failed_per_run);
	g_free(r->first_storm);
	world_free(r->first);
	memset(r, 0, sizeof(*r));
}
