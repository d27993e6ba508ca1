/*
 * runs_never.c - which failover outages have no end: the flow never recovered.
 *
 * DOC: A flow, ping or TCP stream that got nothing after a fault until the
 * next fault or the end of the run publishes failover.N.SCOPE.NAME.first_rx_ms
 * -1 and an outage_ms that is only the time that was left to run (and, a
 * flow or ping, lost -1).  Read as it is, that lower bound says "a 20 ms
 * outage" of a flow that lost connectivity for good, the shorter the later
 * the fault.  A batch, merge and the [expect] lines read such an outage as
 * endless instead (INFINITY: above every finite value, so "< 100ms" never
 * holds), as compare does (compare.c take_never()).  The fault's own
 * failover.N.outage_ms, the worst of its flows, pings and TCP streams, has
 * no end when one of them has none.  An alb peer row (failover.N.peer.P.
 * to_back_outage_ms, to_back_ms -1) folds flows and is endless the same way.
 */
#include <math.h>
#include <string.h>
#include "runs.h"

/* "failover.<n>." and what follows, or NULL. */
static const char *after_fault(const char *name)
{
	const char *p = name + strlen("failover.");

	if (!g_str_has_prefix(name, "failover.") || !g_ascii_isdigit(*p))
		return NULL;
	while (g_ascii_isdigit(*p))
		p++;
	return *p == '.' ? p + 1 : NULL;
}

bool runs_outage_is_row(const char *name)
{
	const char *rest = after_fault(name);

	if (!rest || !g_str_has_suffix(rest, "outage_ms"))
		return false;
	if (g_str_has_prefix(rest, "peer."))
		return g_str_has_suffix(rest, "_outage_ms");
	return (g_str_has_prefix(rest, "flow.") || g_str_has_prefix(rest, "ping.") ||
		g_str_has_prefix(rest, "tcp.")) && g_str_has_suffix(rest, ".outage_ms");
}

/* failover.N.flow.a.outage_ms -> failover.N.flow.a.first_rx_ms;
 * failover.N.peer.P.to_back_outage_ms -> failover.N.peer.P.to_back_ms */
static char *recovery_of(const char *outage)
{
	size_t len = strlen(outage) - strlen("outage_ms");

	if (outage[len - 1] == '.')
		return g_strdup_printf("%.*sfirst_rx_ms", (int)len, outage);
	return g_strdup_printf("%.*sms", (int)len, outage);
}

bool runs_row_never(const char *name, runs_value_fn get, const void *run)
{
	double outage, at;
	char *rec;
	bool never;

	if (!runs_outage_is_row(name) || !get(run, name, &outage) || outage < 0)
		return false;
	rec = recovery_of(name);
	never = get(run, rec, &at) && at < 0;
	g_free(rec);
	return never;
}

char *runs_fault_total_of(const char *row)
{
	const char *rest = after_fault(row);

	if (!rest || !runs_outage_is_row(row) || g_str_has_prefix(rest, "peer."))
		return NULL;
	return g_strdup_printf("%.*soutage_ms", (int)(rest - row), row);
}

static bool metrics_value(const void *run, const char *name, double *v)
{
	const struct metric *x = metrics_find(run, name);

	if (x)
		*v = x->value;
	return x != NULL;
}

bool runs_outage_never(const struct metrics *m, const char *name)
{
	const char *rest = after_fault(name);

	if (!rest)
		return false;
	if (strcmp(rest, "outage_ms") != 0)
		return runs_row_never(name, metrics_value, m);
	/* the fault's total: endless when one of its flows' is */
	for (guint i = 0; i < m->items->len; i++) {
		const char *row = g_array_index(m->items, struct metric, i).name;
		char *total = runs_fault_total_of(row);
		bool hit = total && strcmp(total, name) == 0 && runs_row_never(row, metrics_value, m);

		g_free(total);
		if (hit)
			return true;
	}
	return false;
}

double runs_outage_value(const struct metrics *m, const char *name, double v)
{
	return !isnan(v) && v >= 0 && runs_outage_never(m, name) ? INFINITY : v;
}
