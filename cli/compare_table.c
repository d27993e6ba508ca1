/*
 * compare_table.c - the table of "bondsim compare", the verdict per mode and
 * the mode it recommends (see compare.c for what each column is).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "compare_priv.h"

static const char *mode_label(int mode)
{
	static const char *const names[] = { "0 balance-rr", "1 active-backup", "2 balance-xor",
		"3 broadcast", "4 802.3ad", "5 balance-tlb", "6 balance-alb" };

	return names[mode];
}

/* ---- the table ------------------------------------------------------------ */

static const char *num(double v, const char *f, char *buf, size_t size)
{
	if (isnan(v))
		return "-";
	g_snprintf(buf, size, f, v);
	return buf;
}

/* An outage: INFINITY is a run in which a flow never recovered. */
static const char *outage_num(double v, char *buf, size_t size)
{
	return isinf(v) ? "never" : num(v, "%.0f", buf, size);
}

/* "flow a never recovered in 2 of 5 runs, flow b never recovered in 5 of 5 runs" */
static void never_text(const struct mode_result *r, GString *out)
{
	for (guint i = 0; r->never && i < r->never->len; i++) {
		const struct never_recovered *nr = &g_array_index(r->never, struct never_recovered, i);

		g_string_append_printf(out, "%s%s never recovered in %u of %u run%s", i ? ", " : "",
				       nr->what, nr->runs, r->runs, r->runs == 1 ? "" : "s");
	}
}

/* @r's mode asks nothing of a switch (1, 5, 6), or there is no switch to ask. */
static bool no_switch_config(const struct mode_result *r)
{
	return r->no_switch || r->mode == 1 || r->mode == 5 || r->mode == 6;
}

/* Why @r wins or loses among @all (those that ran). */
static void verdict(const struct mode_result *r, const struct mode_result *all, int n,
		    const struct mode_result *pick, const bool *tied, GString *out)
{
	double best_agg = 0, best_flow = 0, best_p95 = INFINITY;
	GString *pros = g_string_new(NULL), *cons = g_string_new(NULL);
	char *head = NULL;

	for (int i = 0; i < n; i++) {
		if (all[i].refused || !all[i].runs)
			continue;
		best_agg = MAX(best_agg, all[i].aggregate);
		best_flow = MAX(best_flow, all[i].best);
		if (!isnan(all[i].outage_p95) && !all[i].never_runs && !all[i].untested)
			best_p95 = MIN(best_p95, all[i].outage_p95);
	}
	if (r->never_runs) {
		/* first: whatever else it does, the service was gone for good */
		GString *t = g_string_new(NULL);

		never_text(r, t);
		g_string_append_printf(cons, " connectivity lost for good after a fault: %s (never recommended)",
				       t->str);
		g_string_free(t, TRUE);
	}
	if (r->aggregate >= best_agg * 0.99 && best_agg > 0)
		g_string_append_printf(pros, "%s the most aggregate throughput (%.0f Mbit/s)",
				       pros->len ? "," : "", r->aggregate);
	else if (best_agg > 0) {
		g_string_append_printf(cons, "%s %.0f%% of the best aggregate throughput",
				       cons->len ? "," : "", 100.0 * r->aggregate / best_agg);
		/* a start-up that ate a tenth of the run weighs in the mean: say so */
		if (r->run_ms > 0 && r->first_ms >= 0.1 * r->run_ms)
			g_string_append_printf(cons, " (its flows waited %.0f ms of the %.0f ms run "
					       "for a first packet: start them after that, or run "
					       "longer, to compare steady states)",
					       r->first_ms, r->run_ms);
	}
	if (r->best >= best_flow * 0.99 && best_flow > 0 && r->aggregate < best_agg * 0.99)
		g_string_append_printf(pros, "%s a single flow as fast as anywhere",
				       pros->len ? "," : "");
	if (r->reordered_pct >= COMPARE_REORDER_BAD)
		g_string_append_printf(cons, "%s reorders %.2f%% of packets (TCP sees dup ACKs)",
				       cons->len ? "," : "", r->reordered_pct);
	else
		g_string_append_printf(pros, "%s keeps packets in order", pros->len ? "," : "");
	if (r->tcp && r->resent >= 1)
		g_string_append_printf(cons, "%s TCP sent %.0f segments again that had arrived",
				       cons->len ? "," : "", r->resent);
	if (r->mac_moves > 0)
		g_string_append_printf(cons, "%s the switch sees the MAC flap (%.0f move%s)",
				       cons->len ? "," : "", r->mac_moves, r->mac_moves == 1 ? "" : "s");
	if (r->aggregate <= 0)
		;	/* fairness of nothing carried says nothing */
	else if (r->mode == 1)
		g_string_append_printf(cons, "%s one slave carries everything, the other waits",
				       cons->len ? "," : "");
	else if (!isnan(r->jain) && r->jain < 0.75)
		g_string_append_printf(cons, "%s slaves unevenly used (Jain %.2f)",
				       cons->len ? "," : "", r->jain);
	else if (!isnan(r->jain) && r->jain > 0.95)
		g_string_append_printf(pros, "%s every slave carries its share", pros->len ? "," : "");
	if (r->untested)
		/* its outage says nothing of its failover: no merit, no fault */
		g_string_append_printf(cons, "%s %s%s", cons->len ? "," : "", r->untested,
				       r->untested_runs == r->runs ? "" : " (in some runs)");
	if (r->never_runs)
		;	/* its outage has no end: said above */
	else if (r->untested)
		;
	else if (!isnan(r->outage_p95) && r->outage_p95 <= best_p95 * 1.05 + 1)
		g_string_append_printf(pros, "%s the shortest failover (p95 %.0f ms)",
				       pros->len ? "," : "", r->outage_p95);
	else if (!isnan(r->outage_p95))
		g_string_append_printf(cons, "%s failover p95 %.0f ms against %.0f ms at best",
				       cons->len ? "," : "", r->outage_p95, best_p95);
	if (r->mode == 4 && r->split)
		;	/* said below: no longer run would bundle it */
	else if (r->mode == 4 && r->lacp_ms < 0)
		g_string_append_printf(cons, "%s LACP never carried traffic in a run (a longer run?)",
				       cons->len ? "," : "");
	else if (r->mode == 4 && r->lacp_ms >= 100 && r->first_ms < r->lacp_ms + 100)
		g_string_append_printf(cons, "%s LACP took %.0f ms to carry traffic (a longer run weighs it less)",
				       cons->len ? "," : "", r->lacp_ms);
	else if (r->mode == 4 && r->lacp_ms >= 100)
		/* ARP gave up while LACP was coming up: Linux asks again only
		 * when the neighbour has failed, 3 probes 1 s apart */
		g_string_append_printf(cons, "%s LACP took %.0f ms to carry traffic and a flow's first packet %.0f ms",
				       cons->len ? "," : "", r->lacp_ms, r->first_ms);
	else if (r->first_ms >= 100)
		g_string_append_printf(cons, "%s a flow waited %.0f ms for its first packet",
				       cons->len ? "," : "", r->first_ms);
	if (r->split && r->mode == 4)
		g_string_append_printf(cons, "%s no LACP partner can bundle its slaves (%s): one slave carries, the others wait",
				       cons->len ? "," : "", r->split);
	else if (r->split)
		g_string_append_printf(cons, "%s no port-channel can hold its slaves (%s): each switch sees the bond's MAC on its own port and through the other switch",
				       cons->len ? "," : "", r->split);
	else if (r->no_switch)
		;	/* back to back: no mode asks anything of a switch */
	else if (no_switch_config(r))
		g_string_append_printf(pros, "%s no switch configuration", pros->len ? "," : "");
	else
		g_string_append_printf(cons, "%s needs %s on the switch", cons->len ? "," : "",
				       r->mode == 4 ? "LACP" : "a static port-channel");
	if (r->mode == 3)
		g_string_append_printf(cons, "%s every frame sent twice (no more bandwidth, twice the load)",
				       cons->len ? "," : "");
	if (r == pick) {
		/* a tie on every criterion: said, with the others, not hidden */
		GString *others = g_string_new(NULL);

		for (int m = 0; m < COMPARE_MODES_MAX; m++)
			for (int i = 0; i < n; i++)
				if (all[i].mode == m && tied[i] && &all[i] != pick)
					g_string_append_printf(others, "%s%s", others->len ? ", " : "",
							       mode_label(m));
		head = others->len ? g_strdup_printf("RECOMMENDED (tied on every criterion with %s; a tie goes to the most throughput, then the lowest mode number). ",
						     others->str)
				   : g_strdup("RECOMMENDED. ");
		g_string_free(others, TRUE);
	}
	g_string_append_printf(out, "  %-16s %s%s%s%s%s%s\n", mode_label(r->mode),
			       head ? head : "", pros->len ? "good: " : "",
			       pros->len ? pros->str + 1 : "", pros->len && cons->len ? ". " : "",
			       cons->len ? "bad: " : "", cons->len ? cons->str + 1 : "");
	g_free(head);
	g_string_free(pros, TRUE);
	g_string_free(cons, TRUE);
}

static bool eligible(const struct mode_result *r)
{
	/* a mode that wants a static port-channel where none can be built
	 * works only by luck (as long as no MAC moves in this run) */
	if (r->split && r->mode != 4)
		return false;
	/* a flow that never recovered after a fault: connectivity lost for good */
	if (r->never_runs)
		return false;
	return !(r->refused || !r->runs || r->aggregate <= 0 ||
		 r->reordered_pct >= COMPARE_REORDER_BAD || r->mac_moves > 0 || r->mode == 3);
}

/*
 * The mode to use: no reordering worth the name, no MAC flaps; among those,
 * the ones within 1% of the most aggregate throughput, narrowed step by
 * step to those within a margin of the best at each: the fewest TCP
 * segments sent twice (reordering under the 0.1 % filter still costs TCP
 * a retransmission; within 1), the shortest failover p95 (within 1 ms),
 * no switch configuration, the fairest (Jain within 0.01); then the most
 * throughput, then the lowest mode number.  Each step compares with the
 * best of those left, not with the one seen before, so the pick does not
 * depend on the order of --modes.  @keep[i] (n of them) tells whether
 * all[i] was still in at the last step: more than one, and they differ by
 * nothing the criteria see.
 */
static const struct mode_result *choose(const struct mode_result *all, int n, bool *keep)
{
		double best_agg = 0, lo, hi;
	bool any_tcp = false, any_free = false, any;
	const struct mode_result *pick = NULL;
	for (int i = 0; i < n; i++)
		if (eligible(&all[i]))
			best_agg = MAX(best_agg, all[i].aggregate);
	for (int i = 0; i < n; i++) {
		keep[i] = eligible(&all[i]) && all[i].aggregate >= best_agg * 0.99;
		any_tcp = any_tcp || (keep[i] && all[i].tcp);
	}
	if (any_tcp) {
		lo = INFINITY;
		for (int i = 0; i < n; i++)
			if (keep[i])
				lo = MIN(lo, all[i].resent);
		for (int i = 0; i < n; i++)
			keep[i] = keep[i] && all[i].resent < lo + 1;
	}
	/* a mode whose failover no fault tested has no p95 to weigh */
	lo = INFINITY;
	for (int i = 0; i < n; i++)
		if (keep[i] && !isnan(all[i].outage_p95) && !all[i].untested)
			lo = MIN(lo, all[i].outage_p95);
	/* ... and loses to one whose failover was tested and good */
	for (int i = 0; i < n; i++)
		keep[i] = keep[i] && (isnan(all[i].outage_p95) ||
				      (all[i].untested ? isinf(lo) : all[i].outage_p95 <= lo + 1));
	for (int i = 0; i < n; i++)
		any_free = any_free || (keep[i] && no_switch_config(&all[i]));
	for (int i = 0; i < n; i++)
		keep[i] = keep[i] && (!any_free || no_switch_config(&all[i]));
	hi = -INFINITY;
	any = false;
	for (int i = 0; i < n; i++)
		if (keep[i] && !isnan(all[i].jain)) {
			hi = MAX(hi, all[i].jain);
			any = true;
		}
	for (int i = 0; i < n; i++)
		keep[i] = keep[i] && (!any || (!isnan(all[i].jain) && all[i].jain >= hi - 0.01));
	for (int i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		if (!pick || all[i].aggregate > pick->aggregate ||
		    (all[i].aggregate == pick->aggregate && all[i].mode < pick->mode))
			pick = &all[i];
	}
	return pick;
}

void compare_table(const char *scenario, const struct mode_result *all, int n, unsigned runs,
		  uint64_t seed0, GString *out, GString *csv, GString *dat)
{
	char b[7][32];
	bool tied[COMPARE_MODES_MAX] = { false };
	const struct mode_result *pick = choose(all, n, tied);
	bool tcp = false;

	for (int i = 0; i < n; i++)
		tcp = tcp || all[i].tcp;

	g_string_append_printf(out, "Bonding modes compared on %s (", scenario);
	if (runs == 1)
		g_string_append_printf(out, "1 run each, seed %" G_GUINT64_FORMAT "; ", seed0);
	else
		g_string_append_printf(out, "%u runs each, seeds %" G_GUINT64_FORMAT "-%"
				       G_GUINT64_FORMAT "; means over the runs", runs, seed0,
				       seed0 + runs - 1);
	g_string_append(out, runs == 1 ? "the run's values)\n\n" : ")\n\n");
	g_string_append_printf(out, "  %-16s %10s %10s %6s %10s %9s %15s %8s  %s%s\n", "mode",
			       "aggregate", "best flow", "Jain", "reordered", "MAC moves", "outage med/p95",
			       "lost", tcp ? "  best TCP  TCP re-sent  " : "", "switch needs");
	g_string_append_printf(out, "  %-16s %10s %10s %6s %10s %9s %15s %8s%s\n", "", "Mbit/s", "Mbit/s",
			       "slaves", "%", "", "ms", "packets", tcp ? "    Mbit/s     segments" : "");
	g_string_append(csv, "mode,name,aggregate_mbps,best_flow_mbps,jain,reordered_pct,mac_moves,"
			"outage_median_ms,outage_p95_ms,failover_lost,never_recovered_runs,"
			"never_recovered,switch_needs,refused\n");
	for (int i = 0; i < n; i++) {
		const struct mode_result *r = &all[i];
		char outage[40], lostbuf[32];
		GString *never = g_string_new(NULL);

		if (r->refused) {
			g_string_append_printf(out, "  %-16s not run: %s\n", mode_label(r->mode), r->refused);
			g_string_append_printf(csv, "%d,%s,,,,,,,,,,,,\"%s\"\n", r->mode,
					       mode_label(r->mode) + 2, r->refused);
			g_string_free(never, TRUE);
			continue;
		}
		never_text(r, never);
		if (isinf(r->outage_median) && isinf(r->outage_p95))
			g_strlcpy(outage, "never", sizeof(outage));
		else
			g_snprintf(outage, sizeof(outage), "%s/%s",
				   outage_num(r->outage_median, b[5], 32),
				   outage_num(r->outage_p95, b[6], 32));
		/* a flow that never recovered has no count: the others' is a lower bound */
		if (r->never_runs)
			g_snprintf(lostbuf, sizeof(lostbuf), ">=%.0f", r->lost);
		else
			num(r->lost, "%.0f", lostbuf, sizeof(lostbuf));
		g_string_append_printf(out, "  %-16s %10s %10s %6s %10s %9s %15s %8s  ",
				       mode_label(r->mode), num(r->aggregate, "%.1f", b[0], 32),
				       num(r->best, "%.1f", b[1], 32), num(r->jain, "%.2f", b[2], 32),
				       num(r->reordered_pct, "%.2f", b[3], 32),
				       num(r->mac_moves, "%.0f", b[4], 32),
				       isnan(r->outage_p95) ? "-" : outage,
				       isnan(r->outage_p95) ? "-" : lostbuf);
		if (tcp)
			g_string_append_printf(out, "%10.1f %12.0f  ", r->best_tcp, r->resent);
		g_string_append_printf(out, "%s\n", r->needs->str);
		g_string_append_printf(csv, "%d,%s,%.6g,%.6g,%.6g,%.6g,%.6g,%s,%s,%.6g,%u,\"%s\",\"%s\",\n",
				       r->mode, mode_label(r->mode) + 2, r->aggregate, r->best, r->jain,
				       r->reordered_pct, r->mac_moves,
				       isnan(r->outage_median) ? "" : outage_num(r->outage_median, b[5], 32),
				       isnan(r->outage_p95) ? "" : outage_num(r->outage_p95, b[6], 32),
				       r->lost, r->never_runs, never->str, r->needs->str);
		/* an endless outage is no bar (NaN) but a label, column 9, over the mode */
		g_string_append_printf(dat, "\"%s\" %.6g %.6g %.6g %.6g %.6g %s %s \"%s\"\n",
				       mode_label(r->mode), r->aggregate, r->best,
				       isnan(r->jain) ? 0 : r->jain, r->reordered_pct, r->mac_moves,
				       isnan(r->outage_median) || isinf(r->outage_median) ? "NaN" : b[5],
				       isnan(r->outage_p95) || isinf(r->outage_p95) ? "NaN" : b[6],
				       r->never_runs ? "never recovered" : "");
		g_string_free(never, TRUE);
	}
	for (int i = 0, head = 0; i < n; i++) {
		GString *t;

		if (all[i].refused || !all[i].never_runs)
			continue;
		if (!head++)
			g_string_append(out, "\n  never: a flow got nothing after a fault until the next fault or the end of the run;\n"
					"  its outage has no end and its lost packets no count (>= lost: the flows that recovered)\n");
		t = g_string_new(NULL);
		never_text(&all[i], t);
		g_string_append_printf(out, "    %-16s %s\n", mode_label(all[i].mode), t->str);
		g_string_free(t, TRUE);
	}
	g_string_append(out, "\nVerdict:\n");
	for (int i = 0; i < n; i++)
		if (!all[i].refused && all[i].runs)
			verdict(&all[i], all, n, pick, tied, out);
	if (!pick) {
		bool all_never = true;

		for (int i = 0; i < n; i++)
			if (!all[i].refused && all[i].runs && !all[i].never_runs)
				all_never = false;
		g_string_append(out, all_never ? "  none recommended: under every mode a flow never recovered after a fault\n"
				: "  none recommended: every mode here reorders packets, moves MACs, carries nothing or lost a flow for good after a fault\n");
	}
}

