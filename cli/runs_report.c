/*
 * runs_report.c - what a batch of runs tells its user: text, JSON, CSV, histogram.
 *
 * DOC: The batch report answers "how long will failover take?" with the
 * distribution of each number over the seeds, not one run's timeline:
 *   - when each bond opened (the monitors' phase the seed drew);
 *   - per fault: its outage and loss as a whole (the worst flow, the sum)
 *     and, per bond, switch, flow and ping, each failover metric, as
 *     min / median / p95 / max and in how many runs it happened;
 *   - per flow, its loss over the whole run;
 *   - one line per run (seed, phases, outage and loss per fault), so that a
 *     seed worth a closer look can be replayed alone (--seed N --runs 0);
 *   - the [expect] verdicts.
 * runs.csv holds one row per run and feeds plots/runs.gp, the histogram of
 * the outage of each flow per fault; runs_summary.csv holds the
 * statistics of every metric.  Fixed formats, no wall-clock time: the same
 * scenario, seeds and binary give the same bytes.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include "runs.h"
#include "report.h"
#include "graphs.h"

#define RUNS_GRAPH_PANELS 8	/* faults drawn in runs.png */

static void fmt_value(GString *out, double v, bool is_int, int width)
{
	if (isnan(v))
		g_string_append_printf(out, "%*s", width, "-");
	else if (isinf(v))
		g_string_append_printf(out, "%*s", width, "never");	/* runs_never.c */
	else if (is_int)
		g_string_append_printf(out, "%*.0f", width, v);
	else
		g_string_append_printf(out, "%*.3f", width, v);
}

static void fmt_stats(GString *out, const struct runs_metric *rm)
{
	for (int s = RUNS_STAT_MIN; s <= RUNS_STAT_MAX; s++) {
		g_string_append_c(out, ' ');
		fmt_value(out, rm ? rm->stat[s] : NAN, rm && rm->is_int, 10);
	}
	g_string_append_printf(out, " %5.0f\n", rm ? rm->stat[RUNS_STAT_COUNT] : 0);
}

static const struct runs_metric *find_fmt(const struct runs *r, const char *fmt, ...)
	G_GNUC_PRINTF(2, 3);

static const struct runs_metric *find_fmt(const struct runs *r, const char *fmt, ...)
{
	va_list ap;
	char *name;
	const struct runs_metric *rm;

	va_start(ap, fmt);
	name = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	rm = runs_find(r, name);
	g_free(name);
	return rm;
}

/* "failover.<n>.<scope>.<name>.<measure>" -> scope, name, measure; false for a
 * fault's own totals ("failover.<n>.outage_ms"). */
struct fo_name {
	char scope[16], name[96], measure[32];
};

static bool fo_split(const char *rest, struct fo_name *fo)
{
	const char *dot = strchr(rest, '.'), *last = strrchr(rest, '.');

	if (!dot || dot == last)
		return false;
	g_strlcpy(fo->scope, rest, MIN(sizeof(fo->scope), (size_t)(dot - rest) + 1));
	g_strlcpy(fo->name, dot + 1, MIN(sizeof(fo->name), (size_t)(last - dot)));
	g_strlcpy(fo->measure, last + 1, sizeof(fo->measure));
	return true;
}

static unsigned fault_count(const struct runs *r)
{
	unsigned n = 0;

	while (find_fmt(r, "failover.%u.fault_time_us", n + 1))
		n++;
	return n;
}

static void text_bonds(const struct runs *r, GString *out)
{
	if (!r->first->bond_ctx->len)
		return;
	g_string_append(out, "\n== When each bond opened (the phase of its monitors), ms\n");
	g_string_append_printf(out, "  %-24s %10s %10s %10s %10s %5s\n", "bond", "min", "median",
			       "p95", "max", "runs");
	for (guint i = 0; i < r->first->bond_ctx->len; i++) {
		const struct world_bond *c = g_ptr_array_index(r->first->bond_ctx, i);
		char name[96];

		g_snprintf(name, sizeof(name), "%s.%s", c->host, c->bond->dev.name);
		g_string_append_printf(out, "  %-24s", name);
		fmt_stats(out, find_fmt(r, "%s.open_at_ms", name));
		if (c->open_pinned) {
			g_string_truncate(out, out->len - 1);
			g_string_append(out, "  pinned by open_at\n");
		}
	}
}

/* 802.3ad bonds: how long LACP took to bring the first port and all ports up. */
static void text_lacp(const struct runs *r, GString *out)
{
	bool header = false;

	for (guint i = 0; i < r->first->bond_ctx->len; i++) {
		const struct world_bond *c = g_ptr_array_index(r->first->bond_ctx, i);
		static const char *const what[] = { "cd_ms", "all_cd_ms" };

		if (!c->lacp)
			continue;
		if (!header)
			g_string_append_printf(out, "\n== 802.3ad: from open to "
					       "collecting+distributing, ms\n"
					       "  %-24s %-10s %10s %10s %10s %10s %5s\n", "bond",
					       "ports", "min", "median", "p95", "max", "runs");
		header = true;
		for (int k = 0; k < 2; k++) {
			char name[96];

			g_snprintf(name, sizeof(name), "%s.%s", c->host, c->bond->dev.name);
			g_string_append_printf(out, "  %-24s %-10s", name, k ? "all" : "first");
			fmt_stats(out, find_fmt(r, "%s.lacp.%s", name, what[k]));
		}
	}
}

/* Runs in which outage metric @rm had no end. */
static unsigned never_runs(const struct runs *r, const struct runs_metric *rm)
{
	unsigned k = 0;

	for (unsigned i = 0; rm && i < r->n; i++)
		k += isinf(rm->values[i]);
	return k;
}

/*
 * Under fault @n's table: the flows, pings and TCP streams that never
 * recovered after it, and in how many runs, as compare's footnote says it.
 */
static void text_never(const struct runs *r, unsigned n, GString *out)
{
	char prefix[32];
	size_t plen = (size_t)g_snprintf(prefix, sizeof(prefix), "failover.%u.", n);
	GString *line = g_string_new(NULL);

	for (guint i = 0; i < r->metrics->len; i++) {
		const struct runs_metric *rm = g_ptr_array_index(r->metrics, i);
		unsigned k = never_runs(r, rm);
		struct fo_name fo;

		if (!k || strncmp(rm->name, prefix, plen) != 0 || !fo_split(rm->name + plen, &fo))
			continue;
		/* an alb peer row folds its flows of one direction: say which */
		g_string_append_printf(line, "%s%s %s%s never recovered in %u of %u runs",
				       line->len ? ", " : "", fo.scope, fo.name,
				       strcmp(fo.scope, "peer") ? "" :
				       g_str_has_prefix(fo.measure, "to_back") ? " (traffic to it)" :
				       " (traffic from it)", k, r->n);
	}
	if (line->len)
		g_string_append_printf(out, "    never: nothing delivered after the fault until the next fault "
				       "or the end of the run, its outage has no end (and its losses "
				       "no count: 'lost, at least' is the others')\n      %s\n",
				       line->str);
	g_string_free(line, TRUE);
}

static void text_failover(const struct runs *r, GString *out)
{
	unsigned faults = fault_count(r);

	if (!faults)
		return;
	g_string_append_printf(out, "\n== Failover over %u run%s\n", r->n, r->n == 1 ? "" : "s");
	for (unsigned n = 1; n <= faults; n++) {
		sim_time_t at = 0;
		char *text = failover_fault_text(r->first, (int)n, &at), t[32], prefix[32];
		size_t plen = (size_t)g_snprintf(prefix, sizeof(prefix), "failover.%u.", n);

		g_string_append_printf(out, "\n  fault %u at %s: %s\n", n,
				       sim_time_format_sec(at, t, sizeof(t)), text ? text : "?");
		g_free(text);
		g_string_append_printf(out, "    %-6s %-20s %-18s %10s %10s %10s %10s %5s\n", "what",
				       "name", "measure", "min", "median", "p95", "max", "runs");
		/* the fault as a whole first, then each thing it touched */
		g_string_append_printf(out, "    %-6s %-20s %-18s", "fault", "worst flow", "outage_ms");
		fmt_stats(out, find_fmt(r, "failover.%u.outage_ms", n));
		/* a flow that never recovered has no count of its own: a lower bound */
		g_string_append_printf(out, "    %-6s %-20s %-18s", "fault", "all flows",
				       never_runs(r, find_fmt(r, "failover.%u.outage_ms", n)) ?
				       "lost, at least" : "lost");
		fmt_stats(out, find_fmt(r, "failover.%u.lost", n));
		for (guint i = 0; i < r->metrics->len; i++) {
			const struct runs_metric *rm = g_ptr_array_index(r->metrics, i);
			struct fo_name fo;

			if (strncmp(rm->name, prefix, plen) != 0 || !fo_split(rm->name + plen, &fo))
				continue;
			g_string_append_printf(out, "    %-6s %-20s %-18s", fo.scope, fo.name, fo.measure);
			fmt_stats(out, rm);
		}
		text_never(r, n, out);
	}
}

static void text_flows(const struct runs *r, GString *out)
{
	const struct world *w = r->first;

	if (!w->flows->len && !w->pings->len && !w->tcp_flows->len)
		return;
	g_string_append_printf(out, "\n== Flows over %u run%s\n", r->n, r->n == 1 ? "" : "s");
	g_string_append_printf(out, "  %-20s %-18s %10s %10s %10s %10s %5s\n", "flow", "measure",
			       "min", "median", "p95", "max", "runs");
	for (guint i = 0; i < w->flows->len; i++) {
		const char *n = ((struct flow *)g_ptr_array_index(w->flows, i))->cfg.name;

		g_string_append_printf(out, "  %-20s %-18s", n, "lost");
		fmt_stats(out, find_fmt(r, "flow.%s.lost", n));
		g_string_append_printf(out, "  %-20s %-18s", n, "reordered");
		fmt_stats(out, find_fmt(r, "flow.%s.reordered", n));
	}
	for (guint i = 0; i < w->pings->len; i++) {
		const char *n = ((struct ping *)g_ptr_array_index(w->pings, i))->cfg.name;

		g_string_append_printf(out, "  %-20s %-18s", n, "lost (ping)");
		fmt_stats(out, find_fmt(r, "ping.%s.lost", n));
	}
	for (guint i = 0; i < w->tcp_flows->len; i++) {
		const char *n = ((struct tcp_flow *)g_ptr_array_index(w->tcp_flows, i))->cfg.name;

		g_string_append_printf(out, "  %-20s %-18s", n, "goodput Mbit/s");
		fmt_stats(out, find_fmt(r, "flow.%s.goodput_mbps", n));
		g_string_append_printf(out, "  %-20s %-18s", n, "retrans_segs");
		fmt_stats(out, find_fmt(r, "flow.%s.retrans_segs", n));
		g_string_append_printf(out, "  %-20s %-18s", n, "spurious_retrans");
		fmt_stats(out, find_fmt(r, "flow.%s.spurious_retrans", n));
	}
}

/* The columns of the per-run table and of runs.csv: the bonds' phases, then
 * each fault's totals; runs.csv adds every failover metric and flow loss. */
static GPtrArray *run_columns(const struct runs *r, bool all)
{
	GPtrArray *cols = g_ptr_array_new();
	unsigned faults = fault_count(r);

	for (guint i = 0; i < r->first->bond_ctx->len; i++) {
		const struct world_bond *c = g_ptr_array_index(r->first->bond_ctx, i);
		const struct runs_metric *rm =
			find_fmt(r, "%s.%s.open_at_ms", c->host, c->bond->dev.name);

		if (rm)
			g_ptr_array_add(cols, (gpointer)rm);
	}
	for (unsigned n = 1; n <= faults; n++) {
		const struct runs_metric *o = find_fmt(r, "failover.%u.outage_ms", n);
		const struct runs_metric *l = find_fmt(r, "failover.%u.lost", n);
		char prefix[32];
		size_t plen = (size_t)g_snprintf(prefix, sizeof(prefix), "failover.%u.", n);
		struct fo_name fo;

		g_ptr_array_add(cols, (gpointer)o);
		g_ptr_array_add(cols, (gpointer)l);
		for (guint i = 0; all && i < r->metrics->len; i++) {
			const struct runs_metric *rm = g_ptr_array_index(r->metrics, i);

			if (strncmp(rm->name, prefix, plen) == 0 && fo_split(rm->name + plen, &fo))
				g_ptr_array_add(cols, (gpointer)rm);
		}
	}
	for (guint i = 0; all && i < r->first->flows->len; i++) {
		const struct runs_metric *rm = find_fmt(
			r, "flow.%s.lost", ((struct flow *)g_ptr_array_index(r->first->flows, i))->cfg.name);

		if (rm)
			g_ptr_array_add(cols, (gpointer)rm);
	}
	for (guint i = 0; all && i < r->first->pings->len; i++) {
		const struct runs_metric *rm = find_fmt(
			r, "ping.%s.lost", ((struct ping *)g_ptr_array_index(r->first->pings, i))->cfg.name);

		if (rm)
			g_ptr_array_add(cols, (gpointer)rm);
	}
	return cols;
}

static void text_runs(const struct runs *r, GString *out)
{
	GPtrArray *cols = run_columns(r, false);
	GArray *width = g_array_new(FALSE, FALSE, sizeof(int));

	g_string_append(out, "\n== Each run\n  seed");
	for (guint c = 0; c < cols->len; c++) {
		const struct runs_metric *rm = g_ptr_array_index(cols, c);
		int wd = MAX(10, (int)strlen(rm->name));

		g_array_append_val(width, wd);
		g_string_append_printf(out, " %*s", wd, rm->name);
	}
	g_string_append(out, "  failed\n");
	for (unsigned k = 0; k < r->n; k++) {
		g_string_append_printf(out, "  %4" G_GUINT64_FORMAT, r->seed0 + k);
		for (guint c = 0; c < cols->len; c++) {
			const struct runs_metric *rm = g_ptr_array_index(cols, c);

			g_string_append_c(out, ' ');
			fmt_value(out, rm->values[k], rm->is_int, g_array_index(width, int, c));
		}
		g_string_append_printf(out, "  %6u\n", r->failed_per_run[k]);
	}
	g_array_free(width, TRUE);
	g_ptr_array_free(cols, TRUE);
}

void runs_expect_verdict(const struct runs *r, guint i, GString *out)
{
	const struct expectation *e = g_ptr_array_index(r->first->expects, i);
	const struct runs_expect *re = &r->expects[i];

	if (re->stat >= 0) {
		report_expect_actual(e, out);
	} else if (re->failed) {
		g_string_append_printf(out, "failed in %u of %u runs, first with seed %" G_GUINT64_FORMAT
				       ": actual ", re->failed, r->n, re->first_failed_seed);
		expect_format_actual(e, re->first_failed_actual, out);
		report_expect_never(e, re->first_failed_actual, out);
	} else {
		g_string_append(out, "held in every run; actual ");
		expect_format_actual(e, re->lo, out);
		if (re->hi != re->lo) {
			g_string_append(out, " to ");
			expect_format_actual(e, re->hi, out);
		}
	}
}

static void text_expectations(const struct runs *r, GString *out)
{
	const struct world *w = r->first;
	unsigned failed = runs_failed(r);

	if (!w->expects->len)
		return;
	g_string_append_printf(out, "\n== Expectations over %u runs\n", r->n);
	for (guint i = 0; i < w->expects->len; i++) {
		const struct expectation *e = g_ptr_array_index(w->expects, i);

		g_string_append_printf(out, "  %s  %s  (", e->pass ? "PASS" : "FAIL", e->text);
		runs_expect_verdict(r, i, out);
		g_string_append(out, ")\n");
	}
	g_string_append_printf(out, "%u passed, %u failed\n", w->expects->len - failed, failed);
}

void runs_seeds_text(GString *out, unsigned n, uint64_t seed0)
{
	if (n == 1)
		g_string_append_printf(out, "1 run (seed %" G_GUINT64_FORMAT ")", seed0);
	else
		g_string_append_printf(out, "%u runs (seeds %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT
				       ")", n, seed0, seed0 + n - 1);
}

void runs_report_text(const struct runs *r, GString *out)
{
	char t[32];

	g_string_append_printf(out, "bondsim %s: %s, ", BONDSIM_VERSION, r->first->file);
	runs_seeds_text(out, r->n, r->seed0);
	g_string_append_printf(out, ", %s simulated%s, %" G_GUINT64_FORMAT " events in all\n",
			       sim_time_format(r->first->duration, t, sizeof(t)),
			       r->n == 1 ? "" : " each", r->events);
	g_string_append(out, "\nmin, median, p95, max: nearest rank over the runs (the value of rank\n"
			     "ceil(p x runs / 100) in ascending order); runs: how many had a value\n"
			     "(a failover event that did not happen has none).\n");
	if (r->storms)
		g_string_append_printf(out, "\n!! A forwarding loop stopped %u of the %u runs (%s)\n",
				       r->storms, r->n, r->first_storm);
	text_bonds(r, out);
	text_lacp(r, out);
	text_failover(r, out);
	text_flows(r, out);
	text_runs(r, out);
	text_expectations(r, out);
}

/* ---- JSON -------------------------------------------------------------------- */

static void json_value(struct json *j, const char *key, double v, bool is_int)
{
	if (isnan(v))
		json_string(j, key, NULL);
	else if (isinf(v))
		json_string(j, key, "never");	/* an outage with no end (runs_never.c) */
	else if (is_int)
		json_int(j, key, (int64_t)v);
	else
		json_double(j, key, v);
}

/* "min" ... "runs", then "values": one per run in seed order, null where none. */
static void json_stats(struct json *j, const struct runs *r, const struct runs_metric *rm)
{
	for (int s = 0; s < RUNS_N_STATS; s++)
		json_value(j, runs_stat_names[s], rm->stat[s], rm->is_int || s == RUNS_STAT_COUNT);
	json_begin_array(j, "values");
	for (unsigned k = 0; k < r->n; k++)
		json_value(j, NULL, rm->values[k], rm->is_int);
	json_end_array(j);
}

static void json_failover(struct json *j, const struct runs *r)
{
	unsigned faults = fault_count(r);

	json_begin_array(j, "failover");
	for (unsigned n = 1; n <= faults; n++) {
		sim_time_t at = 0;
		char *text = failover_fault_text(r->first, (int)n, &at), prefix[32];
		size_t plen = (size_t)g_snprintf(prefix, sizeof(prefix), "failover.%u.", n);

		for (guint i = 0; i < r->metrics->len; i++) {
			const struct runs_metric *rm = g_ptr_array_index(r->metrics, i);
			struct fo_name fo;
			const char *rest = rm->name + plen;

			if (strncmp(rm->name, prefix, plen) != 0 || strcmp(rest, "fault_time_us") == 0)
				continue;
			if (!fo_split(rest, &fo)) {
				g_strlcpy(fo.scope, "fault", sizeof(fo.scope));
				fo.name[0] = 0;
				g_strlcpy(fo.measure, rest, sizeof(fo.measure));
			}
			json_begin_object(j, NULL);
			json_int(j, "fault_number", n);
			json_int(j, "fault_time_ns", at);
			json_string(j, "fault", text);
			json_string(j, "scope", fo.scope);
			json_string(j, "name", fo.name[0] ? fo.name : NULL);
			json_string(j, "measure", fo.measure);
			json_string(j, "metric", rm->name);
			json_stats(j, r, rm);
			json_end_object(j);
		}
		g_free(text);
	}
	json_end_array(j);
}

void runs_report_json(const struct runs *r, GString *out)
{
	const struct world *w = r->first;
	struct json j;

	json_init(&j, out);
	json_begin_object(&j, NULL);
	json_string(&j, "bondsim", BONDSIM_VERSION);
	json_string(&j, "scenario", w->file);
	json_int(&j, "runs", r->n);
	json_begin_array(&j, "seeds");
	for (unsigned k = 0; k < r->n; k++)
		json_int(&j, NULL, (int64_t)(r->seed0 + k));
	json_end_array(&j);
	json_int(&j, "duration_ns", w->duration);
	json_int(&j, "events", (int64_t)r->events);
	json_string(&j, "percentiles", "nearest-rank");
	json_begin_array(&j, "bonds");
	for (guint i = 0; i < w->bond_ctx->len; i++) {
		const struct world_bond *c = g_ptr_array_index(w->bond_ctx, i);
		const struct runs_metric *rm = find_fmt(r, "%s.%s.open_at_ms", c->host, c->bond->dev.name);
		char name[96];

		g_snprintf(name, sizeof(name), "%s.%s", c->host, c->bond->dev.name);
		json_begin_object(&j, NULL);
		json_string(&j, "name", name);
		json_bool(&j, "open_at_pinned", c->open_pinned);
		json_begin_object(&j, "open_at_ms");
		json_stats(&j, r, rm);
		json_end_object(&j);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_failover(&j, r);
	json_begin_array(&j, "flows");
	for (guint i = 0; i < w->flows->len + w->pings->len; i++) {
		bool ping = i >= w->flows->len;
		const char *n = ping ? ((struct ping *)g_ptr_array_index(w->pings, i - w->flows->len))->cfg.name
				     : ((struct flow *)g_ptr_array_index(w->flows, i))->cfg.name;
		const struct runs_metric *rm = find_fmt(r, "%s.%s.lost", ping ? "ping" : "flow", n);

		json_begin_object(&j, NULL);
		json_string(&j, "name", n);
		json_string(&j, "type", ping ? "ping" : "udp");
		json_begin_object(&j, "lost");
		json_stats(&j, r, rm);
		json_end_object(&j);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_begin_object(&j, "metrics");
	for (guint i = 0; i < r->stats.items->len; i++) {
		const struct metric *x = &g_array_index(r->stats.items, struct metric, i);

		json_value(&j, x->name, x->value, x->is_int);
	}
	json_end_object(&j);
	json_begin_array(&j, "expectations");
	for (guint i = 0; i < w->expects->len; i++) {
		const struct expectation *e = g_ptr_array_index(w->expects, i);
		const struct runs_expect *re = &r->expects[i];

		json_begin_object(&j, NULL);
		report_expect_json(e, &j);
		json_string(&j, "over", re->stat >= 0 ? "statistic" : "every run");
		if (re->stat < 0) {
			json_int(&j, "failed_runs", re->failed);
			if (re->failed)
				json_int(&j, "first_failed_seed", (int64_t)re->first_failed_seed);
		}
		json_end_object(&j);
	}
	json_end_array(&j);
	json_string(&j, "result", runs_failed(r) ? "fail" : "pass");
	json_end_object(&j);
}

/* ---- CSV and the histogram ------------------------------------------------------ */

static void csv_value(GString *out, double v, bool is_int)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	if (isnan(v))
		return;
	if (isinf(v))
		g_string_append(out, "never");	/* an outage with no end (runs_never.c) */
	else if (is_int)
		g_string_append_printf(out, "%.0f", v);
	else
		g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.6f", v));
}

void runs_write_csv(const struct runs *r, GString *out)
{
	GPtrArray *cols = run_columns(r, true);

	g_string_append(out, "seed");
	for (guint c = 0; c < cols->len; c++) {
		const struct runs_metric *rm = g_ptr_array_index(cols, c);

		g_string_append_printf(out, ",%s", rm->name);
	}
	g_string_append(out, ",failed\n");
	for (unsigned k = 0; k < r->n; k++) {
		g_string_append_printf(out, "%" G_GUINT64_FORMAT, r->seed0 + k);
		for (guint c = 0; c < cols->len; c++) {
			const struct runs_metric *rm = g_ptr_array_index(cols, c);

			g_string_append_c(out, ',');
			csv_value(out, rm->values[k], rm->is_int);
		}
		g_string_append_printf(out, ",%u\n", r->failed_per_run[k]);
	}
	g_ptr_array_free(cols, TRUE);
}

void runs_write_summary_csv(const struct runs *r, GString *out)
{
	g_string_append(out, "metric,min,median,p95,max,runs\n");
	for (guint i = 0; i < r->metrics->len; i++) {
		const struct runs_metric *rm = g_ptr_array_index(r->metrics, i);

		g_string_append(out, rm->name);
		for (int s = 0; s < RUNS_N_STATS; s++) {
			g_string_append_c(out, ',');
			csv_value(out, rm->stat[s], rm->is_int || s == RUNS_STAT_COUNT);
		}
		g_string_append_c(out, '\n');
	}
}

/* 1, 2 or 5 times a power of ten, at least @raw. */
static double nice_step(double raw)
{
	double p = pow(10, floor(log10(raw)));

	if (raw <= p)
		return p;
	if (raw <= 2 * p)
		return 2 * p;
	if (raw <= 5 * p)
		return 5 * p;
	return 10 * p;
}

static int cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* How many runs share the fullest bin of @rm's outages, bins @bw wide. */
static unsigned tallest_bin(const struct runs_metric *rm, unsigned n, double bw)
{
	int64_t *bin = g_new(int64_t, n);
	unsigned len = 0, best = 0, run = 0;

	if (!g_str_has_suffix(rm->name, "outage_ms"))
		n = 0;
	for (unsigned k = 0; k < n; k++)
		if (isfinite(rm->values[k]))	/* no bar for an outage with no end */
			bin[len++] = (int64_t)floor(rm->values[k] / bw);
	qsort(bin, len, sizeof(*bin), cmp_int64);
	for (unsigned k = 0; k < len; k++) {
		run = k && bin[k] == bin[k - 1] ? run + 1 : 1;
		best = MAX(best, run);
	}
	g_free(bin);
	return best;
}

static void gp_double(GString *expr, const char *name, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	g_string_append_printf(expr, "; %s=%s", name, g_ascii_formatd(buf, sizeof(buf), "%.9g", v));
}

static void gp_var(GString *expr, const char *name, unsigned panel, double v)
{
	char var[32];

	g_snprintf(var, sizeof(var), "%s%u", name, panel);
	gp_double(expr, var, v);
}

/*
 * Fault @n's panel of runs.png, if any flow or ping of it had an outage
 * in some run: its runs.csv columns, legend, title, bins and the fault's p95.
 */
static bool histogram_panel(const struct runs *r, const GPtrArray *cols, unsigned n,
			    unsigned panel, GString *expr)
{
	GString *cn = g_string_new(NULL), *labels = g_string_new(NULL);
	char prefix[32], t[32], *text, *quoted;
	size_t plen = (size_t)g_snprintf(prefix, sizeof(prefix), "failover.%u.", n);
	const struct runs_metric *total = find_fmt(r, "failover.%u.outage_ms", n);
	double lo = INFINITY, hi = -INFINITY, bw, step;
	unsigned tallest = 1;
	sim_time_t at = 0;

	for (guint c = 0; c < cols->len; c++) {
		const struct runs_metric *rm = g_ptr_array_index(cols, c);
		struct fo_name fo;

		if (strncmp(rm->name, prefix, plen) != 0 || !fo_split(rm->name + plen, &fo) ||
		    strcmp(fo.measure, "outage_ms") != 0 || !rm->stat[RUNS_STAT_COUNT])
			continue;
		/* runs.csv: column 1 is the seed */
		g_string_append_printf(cn, "%s%u", cn->len ? " " : "", c + 2);
		g_string_append_printf(labels, "%s%s", labels->len ? " " : "", fo.name);
		/* the bins span the finite outages: one with no end has no bar */
		for (unsigned k = 0; k < r->n; k++) {
			if (isfinite(rm->values[k])) {
				lo = MIN(lo, rm->values[k]);
				hi = MAX(hi, rm->values[k]);
			}
		}
	}
	if (!cn->len || hi <= 0) {
		/* nothing to see: no flow, or no outage in any run */
		g_string_free(cn, TRUE);
		g_string_free(labels, TRUE);
		return false;
	}
	/* about 20 bins over the spread, of a round width */
	bw = nice_step(MAX((hi - lo) / 20, 0.001));
	for (guint c = 0; c < cols->len; c++) {
		const struct runs_metric *rm = g_ptr_array_index(cols, c);

		if (strncmp(rm->name, prefix, plen) == 0)
			tallest = MAX(tallest, tallest_bin(rm, r->n, bw));
	}
	g_string_append_printf(expr, "; cols%u='%s'; labels%u='%s'", panel, cn->str, panel,
			       labels->str);
	gp_var(expr, "bw", panel, bw);
	gp_var(expr, "xmin", panel, bw * (floor(lo / bw) - 1));
	gp_var(expr, "xmax", panel, bw * (floor(hi / bw) + 2));
	step = nice_step(MAX(1.0, tallest / 8.0));
	gp_var(expr, "ystep", panel, step);
	/* a step of headroom above the tallest bar for the p95's label */
	gp_var(expr, "ymax", panel, step * (floor(tallest / step) + 2));
	/* NaN: no line where the p95 has no end */
	gp_var(expr, "p95_", panel, isfinite(total->stat[RUNS_STAT_P95]) ? total->stat[RUNS_STAT_P95]
									    : NAN);
	text = failover_fault_text(r->first, (int)n, &at);
	quoted = graphs_gp_quote(text ? text : "");
	g_string_append_printf(expr, "; title%u='fault %u at %s s: %s'", panel, n,
			       sim_time_format_sec(at, t, sizeof(t)), quoted);
	g_free(quoted);
	g_free(text);
	g_string_free(cn, TRUE);
	g_string_free(labels, TRUE);
	return true;
}

/* runs.png: one panel per fault (the first RUNS_GRAPH_PANELS that hurt a flow). */
static void draw_histogram(const struct runs *r, const char *dir, const char *shown,
			   const char *plots_dir, bool quiet)
{
	GPtrArray *cols = run_columns(r, true);
	GString *expr = g_string_new(NULL);
	char *csv_path = g_build_filename(dir, "runs.csv", NULL);
	char *png_path = g_build_filename(dir, "runs.png", NULL);
	char *csv = graphs_gp_quote(csv_path), *png = graphs_gp_quote(png_path);
	unsigned panels = 0, faults = fault_count(r);

	g_string_append_printf(expr, "csv='%s'; out='%s'", csv, png);
	for (unsigned n = 1; n <= faults && panels < RUNS_GRAPH_PANELS; n++)
		panels += histogram_panel(r, cols, n, panels + 1, expr);
	if (panels) {
		g_string_append_printf(expr, "; panels=%u; head='Outage of each flow over ", panels);
		runs_seeds_text(expr, r->n, r->seed0);
		g_string_append_c(expr, '\'');
		graphs_gnuplot(plots_dir, "runs.gp", expr->str, png_path, shown,
			       "the CSV files are there", quiet);
	}
	g_string_free(expr, TRUE);
	g_ptr_array_free(cols, TRUE);
	g_free(csv);
	g_free(png);
	g_free(csv_path);
	g_free(png_path);
}

gboolean runs_write_out(const struct runs *r, struct output *o, const GString *text,
			const char *plots_dir, bool quiet, GError **error)
{
	GString *s = g_string_new(NULL);
	char *stage, *shown;
	gboolean ok = output_add(o, "report.txt", text->str, text->len, error);

	if (ok) {
		runs_report_json(r, s);
		ok = output_add(o, "report.json", s->str, s->len, error);
	}
	if (ok) {
		g_string_truncate(s, 0);
		runs_write_csv(r, s);
		ok = output_add(o, "runs.csv", s->str, s->len, error);
	}
	if (ok) {
		g_string_truncate(s, 0);
		runs_write_summary_csv(r, s);
		ok = output_add(o, "runs_summary.csv", s->str, s->len, error);
	}
	g_string_free(s, TRUE);
	/* the graph drawn into the staging folder, staged like the rest */
	if (ok) {
		stage = output_stage_path(o, "");
		shown = output_final_path(o, "runs.png");
		draw_histogram(r, stage, shown, plots_dir, quiet);
		g_free(stage);
		g_free(shown);
	}
	return ok;
}

void runs_out_names(GPtrArray *rels)
{
	static const char *const names[] = { "report.txt", "report.json", "runs.csv", "runs_summary.csv" };

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		g_ptr_array_add(rels, g_strdup(names[i]));
}
