/*
 * failover_report.c - the failover rows (failover.c) as the engineer reads
 * them: the text section with 802.3ad told in plain words and what the
 * flows lost meanwhile, the JSON rows, failover.csv for the timeline graphs,
 * and the failover.N.* metrics [expect] and batches read.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "world.h"
#include "graphs.h"
#include "failover_priv.h"

static void fmt_delta(GString *out, sim_time_t d)
{
	if (d < 0)
		g_string_append(out, "-");
	else
		g_string_append_printf(out, "+%.3f ms", (double)d / SIM_MS);
}

struct text_ctx {
	GString *out;
	const struct fault_window *last;
	GPtrArray *story;	/* 802.3ad in plain words: char *, "<at ns> <line>" sorted later */
	GString *lost;		/* what the flows and pings lost meanwhile */
	int unhurt;		/* flows and pings that lost nothing */
};

static gint by_text(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The window's 802.3ad changes as sentences, in time order, then what was lost. */
static void text_story(struct text_ctx *t)
{
	if (t->story->len) {
		g_ptr_array_sort(t->story, by_text);
		g_string_append(t->out, "    802.3ad, in plain words:\n");
		for (guint i = 0; i < t->story->len; i++) {
			const char *line = g_ptr_array_index(t->story, i);

			g_string_append_printf(t->out, "      %s\n", strchr(line, ' ') + 1);
		}
		g_string_append(t->out, "      meanwhile:");
		if (!t->lost->len && !t->unhurt)
			g_string_append(t->out, " no flow was running");
		if (t->lost->len)
			g_string_append_printf(t->out, "%s%s", t->lost->str, t->unhurt ? ";" : "");
		if (t->unhurt == 1)
			g_string_append_printf(t->out, " the %sflow lost nothing",
					       t->lost->len ? "other " : "");
		else if (t->unhurt && t->lost->len)
			g_string_append_printf(t->out, " the other %d flows lost nothing",
					       t->unhurt);
		else if (t->unhurt)
			g_string_append_printf(t->out, " none of the %d flows lost anything",
					       t->unhurt);
		g_string_append_c(t->out, '\n');
	}
	g_ptr_array_set_size(t->story, 0);
	g_string_truncate(t->lost, 0);
	t->unhurt = 0;
}

/* "a.bond0 eth1 left the aggregator 3.000 s after the fault (short LACP timeout: ...)" */
static void story_line(struct text_ctx *t, const struct fault_window *fw, const struct row *r)
{
	const struct world_event *ev = r->ev;
	char why[64];
	GString *s = g_string_new(NULL);

	/* a sortable prefix: the time, zero-padded; cut before printing */
	g_string_printf(s, "%020" G_GINT64_FORMAT " %s.%s %s ", ev->at, ev->host, ev->bond,
			ev->slave);
	if (strcmp(ev->why, "no partner") == 0 || strcmp(ev->why, "negotiating") == 0) {
		g_string_append_printf(s, "%s %.3f s after the fault (%s)",
				       ev->kind == WEV_LACP_LEFT ? "stopped being forced on"
								 : "was forced on",
				       (double)(ev->at - fw->at) / SIM_S,
				       report_lacp_why(ev, why, sizeof(why)));
	} else if (ev->kind == WEV_LACP_LEFT) {
		g_string_append_printf(s, "left the aggregator %.3f s after the fault (%s): ",
				       (double)(ev->at - fw->at) / SIM_S,
				       report_lacp_why(ev, why, sizeof(why)));
		if (ev->distributing && ev->distributing < ev->min_links)
			/* bond_3ad_set_carrier(): fewer ports than min_links, no carrier */
			g_string_append_printf(s, "%d port%s still in it, fewer than min_links %d: "
					       "the bond lost carrier and sends nothing",
					       ev->distributing, ev->distributing == 1 ? "" : "s",
					       ev->min_links);
		else if (ev->distributing)
			g_string_append_printf(s, "its traffic moved to the %d port%s still in it",
					       ev->distributing, ev->distributing == 1 ? "" : "s");
		else
			g_string_append(s, "no port left, the bond sends nothing");
	} else {
		g_string_append_printf(s, "joined the aggregator %.3f s after the fault, %.3f s "
				       "after %s: %d port%s distributing",
				       (double)(ev->at - fw->at) / SIM_S,
				       (double)(ev->at - ev->since) / SIM_S, ev->since_what,
				       ev->distributing, ev->distributing == 1 ? "" : "s");
	}
	g_ptr_array_add(t->story, g_string_free(s, FALSE));
}

/* A later gap that went on past the next fault: the rest is that fault's. */
static void later_handed_on(GString *lost, const struct row *r)
{
	if (r->later_lost > 0 && r->later_handed_on > 0)
		g_string_append_printf(lost, " (that gap went on past the next fault: %"
				       G_GINT64_FORMAT " more lost there)", r->later_handed_on);
}

static void text_row(void *arg, const struct fault_window *fw, const struct row *r)
{
	struct text_ctx *t = arg;
	char at[32];

	if (t->last != fw) {
		text_story(t);
		t->last = fw;
		g_string_append_printf(t->out, "\n  fault at %s: %s\n",
				       sim_time_format_sec(fw->at, at, sizeof(at)), fw->text);
		g_string_append_printf(t->out, "    %-6s %-20s %-22s %12s %12s %10s %7s  %s\n", "what",
				       "name", "event", "time_s", "after_fault", "outage_ms", "lost",
				       "detail");
	}
	if (r->ev)
		story_line(t, fw, r);
	if ((!strcmp(r->scope, "flow") || !strcmp(r->scope, "ping")) && r->lost < 0 &&
	    r->at < 0 && r->outage >= 0)
		/* never delivered again in the window */
		g_string_append_printf(t->lost, "%s %s %s never recovered (%.3f s without a delivery)",
				       t->lost->len ? ";" : "", r->scope, r->name,
				       (double)r->outage / SIM_S);
	if ((!strcmp(r->scope, "flow") || !strcmp(r->scope, "ping")) && r->lost >= 0) {
		if (r->lost) {
			g_string_append_printf(t->lost, "%s %s %s lost %" G_GINT64_FORMAT
					       " packets", t->lost->len ? ";" : "", r->scope,
					       r->name, r->lost);
			if (r->outage >= 0)
				g_string_append_printf(t->lost, " in a %.3f s outage",
						       (double)r->outage / SIM_S);
			if (r->handed_on > 0)
				g_string_append_printf(t->lost, " (it went on past the next fault:"
						       " %" G_GINT64_FORMAT " more lost there)",
						       r->handed_on);
			if (r->later_lost > 0)
				g_string_append_printf(t->lost, ", and %" G_GINT64_FORMAT
						       " more later", r->later_lost);
			later_handed_on(t->lost, r);
		} else if (r->later_lost > 0) {
			/* no gap at the fault, but one later in the window (a
			 * port rejoining its channel a LACPDU early) */
			g_string_append_printf(t->lost, "%s %s %s lost %" G_GINT64_FORMAT
					       " packets later in the window, none at the fault",
					       t->lost->len ? ";" : "", r->scope, r->name,
					       r->later_lost);
			later_handed_on(t->lost, r);
		} else {
			t->unhurt++;
		}
	}
	g_string_append_printf(t->out, "    %-6s %-20s %-22s ", r->scope, r->name, r->event);
	if (r->at >= 0) {
		g_string_append_printf(t->out, "%12s ", sim_time_format_sec(r->at, at, sizeof(at)));
		GString *d = g_string_new(NULL);
		fmt_delta(d, r->at - fw->at);
		g_string_append_printf(t->out, "%12s ", d->str);
		g_string_free(d, TRUE);
	} else {
		g_string_append_printf(t->out, "%12s %12s ", "never", "-");
	}
	if (r->outage >= 0 && r->at < 0) {
		/* never recovered (a flow, ping, TCP stream or alb peer): the
		 * outage is what was left of the window, at least */
		char lb[32];

		g_snprintf(lb, sizeof(lb), ">=%.3f", (double)r->outage / SIM_MS);
		g_string_append_printf(t->out, "%10s ", lb);
	} else if (r->outage >= 0)
		g_string_append_printf(t->out, "%10.3f ", (double)r->outage / SIM_MS);
	else
		g_string_append_printf(t->out, "%10s ", "-");
	if (r->lost >= 0)
		g_string_append_printf(t->out, "%7" G_GINT64_FORMAT, r->lost);
	else
		g_string_append_printf(t->out, "%7s", "-");
	g_string_append_printf(t->out, "  %s\n", r->detail);
}

void failover_report_text(const struct world *w, GString *out)
{
	struct text_ctx t = { out, NULL, g_ptr_array_new_with_free_func(g_free), g_string_new(NULL),
			      0 };

	if (w->faults->len) {
		g_string_append(out, "\n== Failover timing\n");
		failover_walk(w, text_row, &t);
		text_story(&t);
	}
	g_ptr_array_free(t.story, TRUE);
	g_string_free(t.lost, TRUE);
}

static void json_row(void *arg, const struct fault_window *fw, const struct row *r)
{
	struct json *j = arg;

	json_begin_object(j, NULL);
	json_int(j, "fault_line", fw->line);
	json_int(j, "fault_time_ns", fw->at);
	json_string(j, "fault", fw->text);
	json_string(j, "scope", r->scope);
	json_string(j, "name", r->name);
	json_string(j, "event", r->event);
	if (r->at >= 0) {
		json_int(j, "time_ns", r->at);
		json_int(j, "after_fault_ns", r->at - fw->at);
	} else {
		json_string(j, "time_ns", NULL);
		json_string(j, "after_fault_ns", NULL);
	}
	/* every row has every key of the README's schema; null: not measured here */
	if (r->outage >= 0)
		json_int(j, "outage_ns", r->outage);
	else
		json_string(j, "outage_ns", NULL);
	if (r->lost >= 0)
		json_int(j, "lost", r->lost);
	else
		json_string(j, "lost", NULL);
	json_string(j, "detail", r->detail);
	json_end_object(j);
}

void failover_report_json(const struct world *w, struct json *j)
{
	json_begin_array(j, "failover");
	failover_walk(w, json_row, j);
	json_end_array(j);
}

struct csv_ctx {
	GString *out;
	GPtrArray *lanes;	/* "scope name", in order of first appearance */
};

static guint lane_of(GPtrArray *lanes, const struct row *r)
{
	char *key = g_strdup_printf("%s %s: %s", r->scope, r->name, r->event);

	for (guint i = 0; i < lanes->len; i++) {
		if (strcmp(g_ptr_array_index(lanes, i), key) == 0) {
			g_free(key);
			return i;
		}
	}
	g_ptr_array_add(lanes, key);
	return lanes->len - 1;
}

static void csv_row(void *arg, const struct fault_window *fw, const struct row *r)
{
	struct csv_ctx *c = arg;
	GString *out = c->out;
	char a[32], b[32];

	g_string_append_printf(out, "%s,%s,%s,%s,%s,%s,", sim_time_format_sec(fw->at, a, sizeof(a)),
			       fw->text, r->scope, r->name, r->event,
			       r->at >= 0 ? sim_time_format_sec(r->at, b, sizeof(b)) : "");
	if (r->at >= 0)
		g_string_append_printf(out, "%.3f", (double)(r->at - fw->at) / SIM_MS);
	g_string_append_c(out, ',');
	if (r->outage >= 0)
		g_string_append_printf(out, "%.3f", (double)r->outage / SIM_MS);
	g_string_append_c(out, ',');
	if (r->lost >= 0)
		g_string_append_printf(out, "%" G_GINT64_FORMAT, r->lost);
	/* no commas inside fields: gnuplot reads this file too */
	g_string_append_printf(out, ",%s,%u\n", r->detail, lane_of(c->lanes, r));
}

struct metric_ctx {
	struct metrics *m;
	const struct fault_window *last;
	int n;
	sim_time_t worst;	/* the fault's longest flow or ping outage, -1: none */
	int64_t lost;		/* what its flows and pings lost, -1: nothing counted */
};

/* "failover.<n>.outage_ms" and ".lost": the fault as a whole, what
 * "how long was the service out?" asks (the worst flow, every lost frame). */
static void metric_fault_total(struct metric_ctx *c)
{
	if (!c->n)
		return;
	metrics_add_double(c->m, c->worst >= 0 ? (double)c->worst / SIM_MS : -1,
			   "failover.%d.outage_ms", c->n);
	metrics_add_int(c->m, c->lost, "failover.%d.lost", c->n);
}

static void metric_row(void *arg, const struct fault_window *fw, const struct row *r)
{
	struct metric_ctx *c = arg;
	const char *p = "failover";

	if (c->last != fw) {
		metric_fault_total(c);
		c->last = fw;
		c->n++;
		c->worst = c->lost = -1;
		metrics_add_int(c->m, fw->at / SIM_US, "%s.%d.fault_time_us", p, c->n);
	}
	bool sender = !strcmp(r->scope, "flow") || !strcmp(r->scope, "ping");
	bool tcp = !strcmp(r->scope, "tcp");

	/* the fault's totals count each flow once (a peer row folds flows) */
	if ((sender || tcp) && r->outage > c->worst)
		c->worst = r->outage;
	if (sender && r->lost >= 0)
		c->lost = MAX(c->lost, 0) + r->lost;
	/* -1: it did not happen before the next fault or the end */
	metrics_add_double(c->m, r->at >= 0 ? (double)(r->at - fw->at) / SIM_MS : -1,
			   "%s.%d.%s.%s.%s_ms", p, c->n, r->scope, r->name, r->key);
	if (tcp) {
		metrics_add_double(c->m, r->outage >= 0 ? (double)r->outage / SIM_MS : -1,
				   "%s.%d.%s.%s.outage_ms", p, c->n, r->scope, r->name);
	} else if (sender) {
		metrics_add_double(c->m, r->outage >= 0 ? (double)r->outage / SIM_MS : -1,
				   "%s.%d.%s.%s.outage_ms", p, c->n, r->scope, r->name);
		metrics_add_int(c->m, r->lost, "%s.%d.%s.%s.lost", p, c->n, r->scope, r->name);
	} else if (!strcmp(r->scope, "peer")) {
		metrics_add_double(c->m, r->outage >= 0 ? (double)r->outage / SIM_MS : -1,
				   "%s.%d.%s.%s.%s_outage_ms", p, c->n, r->scope, r->name, r->key);
		metrics_add_int(c->m, r->lost, "%s.%d.%s.%s.%s_lost", p, c->n, r->scope, r->name,
				r->key);
	}
}

void failover_metrics(const struct world *w, struct metrics *m)
{
	struct metric_ctx c = { m, NULL, 0, -1, -1 };

	failover_walk(w, metric_row, &c);
	metric_fault_total(&c);
}

void failover_write_csv(const struct world *w, GString *out)
{
	struct csv_ctx c = { out, g_ptr_array_new_with_free_func(g_free) };

	g_string_append(out, "fault_time_s,fault,scope,name,event,time_s,after_fault_ms,outage_ms,lost,detail,lane\n");
	failover_walk(w, csv_row, &c);
	g_ptr_array_free(c.lanes, TRUE);
}

char *failover_fault_text(const struct world *w, int n, sim_time_t *at)
{
	GArray *win = failover_windows(w);
	char *text = NULL;

	if (n >= 1 && (guint)n <= win->len) {
		const struct fault_window *fw = &g_array_index(win, struct fault_window, n - 1);

		text = g_strdup(fw->text);
		*at = fw->at;
	}
	g_array_free(win, TRUE);
	return text;
}
