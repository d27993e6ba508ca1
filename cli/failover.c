/*
 * failover.c - how long a fault really took: the rows of the failover timing
 * report (failover_report.c writes them out).
 *
 * DOC: During the run the bonds and switches tell us (through the hooks of
 * failover_hooks.c) when a slave was committed down or up and by which monitor, when the
 * active slave changed, and when a switch learnt a bond's MAC on a port.
 * The flows keep every gap in their sequence numbers.  After the run, for
 * each scripted fault we line these up against the fault's time:
 *
 *   fault -> bond noticed (MII/ARP) -> bond changed slaves -> switch
 *   learnt the MAC on the new port -> first frame of each flow delivered
 *
 * In 802.3ad the bond notices through LACP as well: a port leaves the
 * aggregator on carrier loss, or when the partner's LACPDUs stop (3 s or
 * 90 s) or drop Sync; report_lacp.c records those changes as events, here
 * each port gets a row, and the text tells the same in plain words with
 * what the flows lost meanwhile.
 *
 * The outage of a flow is the time between the last packet before its gap
 * and the first one after; lost frames are the sequence numbers in the gap
 * that never arrived.  An event belongs to the latest fault before it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "world.h"
#include "graphs.h"
#include "failover_priv.h"

/* ---- after the run ----------------------------------------------------------- */

static gint by_time(gconstpointer a, gconstpointer b)
{
	const struct fault *fa = *(const struct fault *const *)a;
	const struct fault *fb = *(const struct fault *const *)b;

	if (fa->at != fb->at)
		return fa->at < fb->at ? -1 : 1;
	return fa->line - fb->line;
}

static void clear_window(gpointer p)
{
	g_free(((struct fault_window *)p)->text);
}

GArray *failover_windows(const struct world *w)
{
	GPtrArray *sorted = g_ptr_array_new();
	GArray *out = g_array_new(FALSE, FALSE, sizeof(struct fault_window));

	g_array_set_clear_func(out, clear_window);
	for (guint i = 0; i < w->faults->len; i++) {
		const struct fault *f = g_ptr_array_index(w->faults, i);

		/* every scripted fault, fired or not: metric names must exist
		 * before the run so that [expect] can be checked up front */
		if (f->kind != FAULT_CALL)
			g_ptr_array_add(sorted, (gpointer)f);
	}
	g_ptr_array_sort(sorted, by_time);
	for (guint i = 0; i < sorted->len; i++) {
		const struct fault *f = g_ptr_array_index(sorted, i);
		struct fault_window *last = out->len ? &g_array_index(out, struct fault_window, out->len - 1) : NULL;

		bool lossy = f->kind == FAULT_LOSS && f->loss > 0;

		if (last && last->at == f->at) {
			char *t = g_strdup_printf("%s; %s", last->text, f->text);

			g_free(last->text);
			last->text = t;
			last->lossy |= lossy;
			continue;
		}
		if (last)
			last->end = f->at;
		struct fault_window fw = { f->at, w->duration, f->line, g_strdup(f->text), lossy,
					   out->len };
		g_array_append_val(out, fw);
	}
	g_ptr_array_free(sorted, TRUE);
	return out;
}

/* One row of the report: what happened to what, when, how long after the fault. */

/*
 * The gap a fault caused.  A fault hurts a flow either at once (a cable
 * pulled: the packets sent from then on are lost) or through what it sets
 * off (a primary coming back takes over 50 ms later, and the switch must
 * relearn).  So the gap is the first one holding a packet sent at the fault
 * or at one of the failover events that followed it in its window.  Random
 * loss elsewhere in the window is not the fault's doing, and neither is a
 * gap already under way when the fault happens (a "heal" that ends one).
 */
static const struct flow_gap *gap_holding(const struct flow_rx *rx, uint64_t k)
{
	for (guint i = 0; i < rx->gaps->len; i++) {
		const struct flow_gap *g = &g_array_index(rx->gaps, struct flow_gap, i);

		if (g->first_seq <= k && k < (uint64_t)g->first_seq + g->missing)
			return g;
	}
	return NULL;
}

/* The moments that may open a fault's gap: the fault, then its events. */
static GArray *cause_times(const struct world *w, const struct fault_window *fw)
{
	GArray *t = g_array_new(FALSE, FALSE, sizeof(sim_time_t));

	g_array_append_val(t, fw->at);
	for (guint e = 0; e < w->events->len; e++) {
		const struct world_event *ev = &g_array_index(w->events, struct world_event, e);

		if (ev->at > fw->at && ev->at < fw->end)
			g_array_append_val(t, ev->at);
	}
	return t;	/* events are recorded in time order */
}

/* The first packet a flow sent at or after @t. */
uint64_t flow_first_seq_after(const void *sender, sim_time_t t)
{
	const struct flow *fl = sender;
	uint64_t k;

	if (t <= fl->cfg.start)
		return 0;
	k = flow_config_packets(&fl->cfg, t - fl->cfg.start);
	while (k > 0 && flow_send_time(fl, k - 1) >= t)
		k--;
	while (flow_send_time(fl, k) < t)
		k++;
	return k;
}


uint64_t ping_first_seq_after(const void *sender, sim_time_t t)
{
	const struct ping *p = sender;
	sim_time_t iv = p->cfg.interval ? p->cfg.interval : PING_DEFAULT_INTERVAL;

	/* echo request k (icmp_seq k + 1) leaves at start + k * interval */
	return t <= p->cfg.start ? 0 : (uint64_t)((t - p->cfg.start + iv - 1) / iv);
}

/* Packet @k as the report names it: a ping's by its icmp_seq. */
static uint64_t seq_named(flow_seq_label_fn label, uint64_t k)
{
	return label ? label(k) : k;
}

/*
 * The flow's tail, the packets from NextExp on, none of which ever arrived,
 * holds a cause's packet: one sent after the last arrival, early enough
 * to have arrived by the window's end at the worst delay the flow saw.
 */
static bool tail_holds_cause(const GArray *times, const struct flow_rx *rx,
			     first_seq_fn first_seq, const void *sender, sim_time_t stop,
			     sim_time_t end)
{
	for (guint i = 0; i < times->len; i++) {
		sim_time_t t = g_array_index(times, sim_time_t, i);

		if (rx->last_rx_at < 0 || t <= rx->last_rx_at || (stop && t >= stop) ||
		    t + rx->delay_max >= end)
			continue;
		if (first_seq(sender, t) >= rx->next_exp)
			return true;
	}
	return false;
}

/* The gap window @index's causes opened in a flow: the first holding a cause's packet. */
static const struct flow_gap *window_gap(guint index, const GArray *times,
					 const struct flow_rx *rx, const struct gap_keep *keep,
					 first_seq_fn first_seq, const void *sender)
{
	const struct keep_window *kw = gap_keep_window(keep, index);
	const struct flow_gap *g = NULL;

	if (kw && kw->held)
		g = &kw->gap;	/* the earliest gap holding a cause's packet retired */
	for (guint i = 0; i < times->len && !g; i++)
		g = gap_holding(rx, first_seq(sender, g_array_index(times, sim_time_t, i)));
	return g;
}

/*
 * What a window counts of gap @g when the gap was open at its fault (@k:
 * the first packet sent at or after it): the packets from the fault on,
 * or all of them when the gap starts at or after the fault.
 */
static int64_t lost_from(const struct flow_gap *g, uint64_t k)
{
	uint64_t end = (uint64_t)g->first_seq + g->missing;

	return k <= g->first_seq ? (int64_t)g->missing - g->late : (int64_t)(end - MIN(k, end));
}

/* How a window's gap was already open at its fault (gap_under_way()). */
enum under_way {
	UW_NO,		/* opened at or after the fault: all of it is this window's */
	UW_PREV_GAP,	/* the window before's own gap, still open */
	UW_PREV_LATER,	/* another gap opened in the window before, just before the fault */
};

/*
 * Was @g, the gap a window's causes opened, open before its fault (@k) and
 * counted by the window before (@prev)?  A plain window counts the gap its
 * own causes opened, a lossy one every gap starting in it; a plain one also
 * counts, as "later in this window", any other gap starting in it (packets
 * in flight when the next fault struck), so such a gap is under way too:
 * each window counts only the packets sent in it.
 */
static enum under_way gap_under_way(const struct fault_window *prev, const GArray *prev_times,
				    const struct flow_gap *g, uint64_t k,
				    const struct flow_rx *rx, const struct gap_keep *keep,
				    first_seq_fn first_seq, const void *sender)
{
	const struct flow_gap *b;
	bool opened_in_prev;

	if (!prev || !g)
		return UW_NO;
	opened_in_prev = g->first_seq < k && g->first_seq >= first_seq(sender, prev->at);
	if (prev->lossy)
		return opened_in_prev ? UW_PREV_GAP : UW_NO;
	b = window_gap(prev->index, prev_times, rx, keep, first_seq, sender);
	if (b && b->first_seq == g->first_seq)
		return UW_PREV_GAP;
	return opened_in_prev ? UW_PREV_LATER : UW_NO;
}

/*
 * The gap of this window's that the next window takes over (still open at
 * its fault), and how many of its packets the next window counts: those
 * come off this window's count, so that each lost packet is in one row.
 */
struct next_claim {
	const struct flow_gap *gap;	/* NULL: none */
	int64_t lost;
	sim_time_t at;			/* the next fault */
};

static struct next_claim next_window_claim(const struct fault_window *fw,
					   const struct fault_causes *c, const struct flow_rx *rx,
					   const struct gap_keep *keep, first_seq_fn first_seq,
					   const void *sender, sim_time_t stop)
{
	struct next_claim nc = { NULL, 0, 0 };
	const struct flow_gap *n;
	uint64_t k;

	if (!c->next || c->next->lossy || (stop && stop <= c->next->at))
		return nc;
	n = window_gap(c->next->index, c->next_times, rx, keep, first_seq, sender);
	k = first_seq(sender, c->next->at);
	if (!n || gap_under_way(fw, c->times, n, k, rx, keep, first_seq, sender) == UW_NO)
		return nc;
	nc.gap = n;
	nc.lost = MAX(lost_from(n, k), 0);
	nc.at = c->next->at;
	return nc;
}

/*
 * The row names one gap; a flow can lose packets again later in the same
 * window (a port that rejoins its channel a LACPDU early, a second
 * failover).  Those go in the detail, so that the window's rows account
 * for every packet lost in it; the row's own loss stays its gap's.  A gap
 * the next window takes over counts here only up to its fault.
 */
static void more_gaps(const struct fault_window *fw, const struct flow_rx *rx,
		      const struct keep_window *kw, const struct flow_gap *g,
		      const struct next_claim *nc, first_seq_fn first_seq, const void *sender,
		      struct row *r)
{
	uint64_t k0 = first_seq(sender, fw->at), k1 = first_seq(sender, fw->end);
	int64_t lost = kw ? kw->all_lost : 0;
	guint n = kw ? kw->all_gaps : 0;
	size_t len;

	for (guint i = 0; i < rx->gaps->len; i++) {
		const struct flow_gap *x = &g_array_index(rx->gaps, struct flow_gap, i);

		if (x->first_seq < k0 || x->first_seq >= k1)
			continue;
		lost += (int64_t)x->missing - x->late;
		n++;
	}
	if (g && g->first_seq >= k0 && g->first_seq < k1) {
		lost -= (int64_t)g->missing - g->late;
		n--;
	}
	if (nc->gap && (!g || nc->gap->first_seq != g->first_seq) &&
	    nc->gap->first_seq >= k0 && nc->gap->first_seq < k1) {
		lost -= nc->lost;
		r->later_handed_on = nc->lost;
	}
	if (!n || lost <= 0)
		return;
	r->later_lost = lost;
	len = strlen(r->detail);
	g_snprintf(r->detail + len, sizeof(r->detail) - len,
		   "; later in this window %u %sgap%s, %" G_GINT64_FORMAT " packet%s lost", n,
		   g ? "more " : "", n == 1 ? "" : "s", lost, lost == 1 ? "" : "s");
	if (r->later_handed_on > 0) {
		char at[32];

		len = strlen(r->detail);
		g_snprintf(r->detail + len, sizeof(r->detail) - len,
			   " (then %" G_GINT64_FORMAT " more after the fault at %s, counted there)",
			   r->later_handed_on, sim_time_format_sec(nc->at, at, sizeof(at)));
	}
}

/*
 * The row of a gap that opened just before the fault, in the window before
 * (packets in flight when a switch rebooted): that window counts, as
 * "later in this window", the packets sent before the fault, this one the
 * rest.  The outage is still the whole gap's: no other row reports it.
 */
static void in_flight_gap_row(const struct fault_window *fw, const struct fault_causes *causes,
			      const struct flow_gap *g, flow_seq_label_fn label,
			      first_seq_fn first_seq, const void *sender, struct row *r)
{
	uint64_t k = first_seq(sender, fw->at);
	int64_t before = (int64_t)(MIN(k, (uint64_t)g->first_seq + g->missing) - g->first_seq);
	char at[32];

	r->outage = flow_gap_duration(g);
	r->lost = lost_from(g, k);
	r->at = g->first_rx_after;
	g_snprintf(r->detail, sizeof(r->detail),
		   "gap opened before the fault (%" G_GINT64_FORMAT " packet%s counted at the fault"
		   " at %s): counted from seq %" G_GUINT64_FORMAT " of a gap of %u packet%s from seq %"
		   G_GUINT64_FORMAT, before, before == 1 ? "" : "s",
		   sim_time_format_sec(causes->prev->at, at, sizeof(at)), seq_named(label, k),
		   g->missing, g->missing == 1 ? "" : "s", seq_named(label, g->first_seq));
}

void flow_rows(const struct fault_window *fw, const struct fault_causes *causes,
	       const char *scope, const char *name, const struct flow_rx *rx,
	       const struct gap_keep *keep, first_seq_fn first_seq, flow_seq_label_fn label,
	       const void *sender, sim_time_t stop, row_fn fn, void *arg)
{
	const struct keep_window *kw = gap_keep_window(keep, fw->index);
	struct row r = { .scope = scope, .key = "first_rx", .event = "first delivery", .lost = 0,
			 .outage = 0 };
	const struct flow_gap *g = NULL;
	struct next_claim nc = next_window_claim(fw, causes, rx, keep, first_seq, sender, stop);

	if (fw->lossy) {
		/* random loss: every packet sent in the window that never came,
		 * and the longest outage among them */
		uint64_t k0 = first_seq(sender, fw->at), k1 = first_seq(sender, fw->end);

		g_strlcpy(r.name, name, sizeof(r.name));
		r.at = flow_rx_first_after(rx, fw->at);
		r.at = r.at == SIM_TIME_NEVER ? -1 : r.at;
		if (kw) {
			r.lost = kw->lost;
			r.outage = kw->outage;
		}
		for (guint i = 0; i < rx->gaps->len; i++) {
			const struct flow_gap *x = &g_array_index(rx->gaps, struct flow_gap, i);

			if (x->first_seq < k0 || x->first_seq >= k1)
				continue;
			r.lost += (int64_t)x->missing - x->late;
			r.outage = MAX(r.outage, flow_gap_duration(x));
		}
		/* a gap still open at the next fault is counted there from it on */
		if (nc.gap && nc.gap->first_seq >= k0 && nc.gap->first_seq < k1)
			r.lost -= nc.lost;
		g_snprintf(r.detail, sizeof(r.detail), "lossy window: %" G_GINT64_FORMAT
			   " of the packets sent in it lost", r.lost);
		fn(arg, fw, &r);
		return;
	}
	g = window_gap(fw->index, causes->times, rx, keep, first_seq, sender);
	/* the window before counted the same gap: it was under way at this fault */
	enum under_way uw = gap_under_way(causes->prev, causes->prev_times, g,
					  first_seq(sender, fw->at), rx, keep, first_seq, sender);
	bool under_way = uw == UW_PREV_GAP;
	sim_time_t first = flow_rx_first_after(rx, fw->at);

	g_strlcpy(r.name, name, sizeof(r.name));
	r.at = first == SIM_TIME_NEVER ? -1 : first;
	if (stop && stop <= fw->at) {
		/* the row still exists, so that metric names do not depend on --duration */
		r.at = r.outage = r.lost = -1;
		g_strlcpy(r.detail, "the flow had stopped", sizeof(r.detail));
	} else if (g && g->last_rx_before >= 0 && uw == UW_PREV_LATER) {
		in_flight_gap_row(fw, causes, g, label, first_seq, sender, &r);
	} else if (g && (g->last_rx_before < 0 || under_way)) {
		/* Nothing came before the fault (the flow never got going: ARP
		 * or LACP not up yet), or the gap is the fault before's, still
		 * open (a link that comes back ends it): what the flow lost
		 * before the fault is not this fault's, so outage and loss both
		 * count from the fault. */
		uint64_t k = first_seq(sender, fw->at);
		char at[32];

		r.outage = g->first_rx_after - fw->at;
		r.lost = lost_from(g, k);
		r.at = g->first_rx_after;
		if (under_way && g->last_rx_before >= 0)
			g_snprintf(r.detail, sizeof(r.detail),
				   "gap under way since the fault at %s: counted from seq %"
				   G_GUINT64_FORMAT " of a gap of %u packet%s from seq %"
				   G_GUINT64_FORMAT,
				   sim_time_format_sec(causes->prev->at, at, sizeof(at)),
				   seq_named(label, MAX(k, (uint64_t)g->first_seq)), g->missing,
				   g->missing == 1 ? "" : "s",
				   seq_named(label, g->first_seq));
		else
			g_snprintf(r.detail, sizeof(r.detail),
				   "nothing delivered before the fault: counted from seq %"
				   G_GUINT64_FORMAT " of a gap of %u packet%s from seq %"
				   G_GUINT64_FORMAT,
				   seq_named(label, MAX(k, (uint64_t)g->first_seq)), g->missing,
				   g->missing == 1 ? "" : "s",
				   seq_named(label, g->first_seq));
	} else if (g) {
		r.outage = g->first_rx_after - g->last_rx_before;
		r.lost = (int64_t)g->missing - g->late;
		r.at = g->first_rx_after;
		g_snprintf(r.detail, sizeof(r.detail), "gap of %u packet%s from seq %" G_GUINT64_FORMAT,
			   g->missing, g->missing == 1 ? "" : "s", seq_named(label, g->first_seq));
	} else if (first == SIM_TIME_NEVER) {
		r.outage = fw->end - fw->at;
		r.lost = -1;
		g_strlcpy(r.detail, "nothing delivered after the fault", sizeof(r.detail));
	} else if (tail_holds_cause(causes->times, rx, first_seq, sender, stop, fw->end)) {
		/* a packet or two got through, then nothing ever again */
		char at[32];

		r.at = -1;
		r.outage = fw->end - rx->last_rx_at;
		r.lost = -1;
		g_snprintf(r.detail, sizeof(r.detail),
			   "delivery stopped at %s s and never resumed: nothing from seq %"
			   G_GUINT64_FORMAT " on", sim_time_format_sec(rx->last_rx_at, at, sizeof(at)),
			   seq_named(label, rx->next_exp));
	} else {
		g_strlcpy(r.detail, "no gap", sizeof(r.detail));
	}
	if (g && nc.gap && nc.gap->first_seq == g->first_seq && r.lost >= 0 && nc.lost > 0) {
		size_t len = strlen(r.detail);
		char at[32];

		r.lost = MAX(r.lost - nc.lost, 0);
		r.handed_on = nc.lost;
		g_snprintf(r.detail + len, sizeof(r.detail) - len,
			   "; %" G_GINT64_FORMAT " of them lost after the fault at %s, counted there",
			   nc.lost, sim_time_format_sec(nc.at, at, sizeof(at)));
	}
	more_gaps(fw, rx, kw, g, &nc, first_seq, sender, &r);
	fn(arg, fw, &r);
}

/*
 * A TCP flow's row: how long the receiving application got no new in-order
 * byte around the fault.  That is the bond's outage plus what TCP adds:
 * the retransmission timer, backed off once per timeout while the path
 * was down, has to fire again before anything moves.
 */
static void tcp_rows(const struct world *w, const struct fault_window *fw, row_fn fn, void *arg)
{
	for (guint k = 0; k < w->tcp_flows->len; k++) {
		const struct tcp_flow *tf = g_ptr_array_index(w->tcp_flows, k);
		const struct tcp_flow_watch *wa = tcp_flow_watch_at(tf, fw->at);
		struct row r = { .scope = "tcp", .key = "first_rx", .event = "first delivery",
				 .lost = -1, .outage = -1, .at = -1 };

		if (tf->cfg.start > fw->at)
			continue;
		g_strlcpy(r.name, tf->cfg.name, sizeof(r.name));
		if (tf->cfg.stop <= fw->at || (tf->done_at >= 0 && tf->done_at <= fw->at)) {
			g_strlcpy(r.detail, "the flow had stopped", sizeof(r.detail));
		} else if (!wa || wa->first_after == SIM_TIME_NEVER) {
			r.outage = fw->end - (wa && wa->last_before >= 0 ? wa->last_before : fw->at);
			g_strlcpy(r.detail, "nothing delivered in order after the fault",
				  sizeof(r.detail));
		} else if (tf->last_delivery < fw->end && tf->last_delivery >= 0 &&
			   fw->end - tf->last_delivery > wa->stall_to - wa->stall_from &&
			   tf->cfg.stop > tf->last_delivery && tf->done_at < 0) {
			/* the last gap never ended */
			r.outage = fw->end - tf->last_delivery;
			g_strlcpy(r.detail, "in-order delivery stopped and never resumed",
				  sizeof(r.detail));
		} else {
			char from[32];

			r.at = wa->stall_to;
			r.outage = wa->stall_to - wa->stall_from;
			g_snprintf(r.detail, sizeof(r.detail),
				   "no in-order byte from %s s (retransmission timer included)",
				   sim_time_format_sec(wa->stall_from, from, sizeof(from)));
		}
		fn(arg, fw, &r);
	}
}

/* Was the port collecting+distributing at @t (its last change before @t)? */
static bool lacp_distributing_at(const struct world_lacp_port *lp, sim_time_t t)
{
	bool on = false;

	for (guint i = 0; lp->changes && i < lp->changes->len; i++) {
		const struct world_lacp_change *ch =
			&g_array_index(lp->changes, struct world_lacp_change, i);

		if (ch->at >= t)
			break;
		on = ch->on;
	}
	return on;
}

/* What an MLAG switch did about the fault, first thing (then how many more). */
static const char *const mlag_details[] = {
	[SW_MLAG_SUSPENDED] = "MLAG channels down as the secondary: no peer link, the peer alive",
	[SW_MLAG_HELD] = "MLAG channels held down: back from a reload",
	[SW_MLAG_RESTORED] = "MLAG channels up again: delay restore over",
	[SW_MLAG_AUTO_RECOVERY] = "MLAG channels up: the keepalive timed out (auto-recovery)",
	[SW_MLAG_DUAL_ACTIVE] = "forwarding with no peer link and no keepalive",
	[SW_MLAG_ROLE] = "became the operational primary: the primary reloaded",
	[SW_MLAG_RELOAD_RECOVERY] = "MLAG channels up: back from a reload, no peer for reload-delay (auto-recovery)",
};

static void mlag_row(const struct world *w, const struct fault_window *fw,
		     const struct world_switch *ws, row_fn fn, void *arg)
{
	struct row r = { .scope = "mlag", .key = "change", .event = "no change", .at = -1,
			 .lost = -1, .outage = -1 };
	guint more = 0;

	if (!sw_mlag_domain(ws->sw))
		return;
	g_strlcpy(r.name, ws->name, sizeof(r.name));
	g_strlcpy(r.detail, "its MLAG channels as they were", sizeof(r.detail));
	for (guint e = 0; e < w->events->len; e++) {
		const struct world_event *ev = &g_array_index(w->events, struct world_event, e);

		if (ev->kind != WEV_MLAG || ev->at < fw->at || ev->at >= fw->end ||
		    strcmp(ev->sw, ws->name) != 0)
			continue;
		if (r.at >= 0) {
			more++;
			continue;
		}
		r.at = ev->at;
		r.event = ev->why;
		g_strlcpy(r.detail, mlag_details[ev->alb], sizeof(r.detail));
	}
	if (more) {
		size_t n = strlen(r.detail);

		g_snprintf(r.detail + n, sizeof(r.detail) - n, "; %u more change%s after it", more,
			   more == 1 ? "" : "s");
	}
	fn(arg, fw, &r);
}

/*
 * A switch with spanning tree: the first port that went forwarding in the
 * window, and how long after it came up (what a failback waits for when
 * the port is not portfast).
 */
static void stp_row(const struct fault_window *fw, const struct world_switch *ws, row_fn fn,
		    void *arg)
{
	struct row r = { .scope = "stp", .key = "forwarding", .event = "no port forwarding anew",
			 .at = -1, .lost = -1, .outage = -1 };
	const char *port;
	sim_time_t up, fwd;
	guint more;

	if (!sw_stp_on(ws->sw))
		return;
	g_strlcpy(r.name, ws->name, sizeof(r.name));
	g_strlcpy(r.detail, "every port as it was", sizeof(r.detail));
	if (sw_stp_forwarded_in(ws->sw, fw->at, fw->end, &port, &up, &fwd, &more)) {
		r.at = fwd;
		r.event = "port forwarding";
		g_snprintf(r.detail, sizeof(r.detail),
			   "%s, up at %.3f s: listening then learning for %.3f s", port,
			   (double)up / 1e9, (double)(fwd - up) / 1e9);
		if (more) {
			size_t n = strlen(r.detail);

			g_snprintf(r.detail + n, sizeof(r.detail) - n, "; %u more port%s", more,
				   more == 1 ? "" : "s");
		}
	}
	fn(arg, fw, &r);
}

/* Per port of an 802.3ad bond: its first change of collecting+distributing. */
static void lacp_rows(const struct world *w, const struct fault_window *fw,
		      const struct world_bond *c, row_fn fn, void *arg)
{
	/* by mode, not by record: the names must exist when [expect] is checked,
	 * before report_lacp_install() */
	if (c->bond->ops != &bond_3ad_ops)
		return;
	for (guint k = 0; k < c->bond->slaves->len; k++) {
		const char *sn = bond_slave(c->bond, k)->dev->name;
		const struct world_lacp_port *lp =
			report_lacp_port(c->lacp, bond_slave(c->bond, k));
		struct row r = { .scope = "lacp", .key = "cd_change", .event = "no change",
				 .at = -1, .lost = -1, .outage = -1 };

		g_snprintf(r.name, sizeof(r.name), "%s.%s.%s", c->host, c->bond->dev.name, sn);
		g_strlcpy(r.detail,
			  lacp_distributing_at(lp, fw->at) ? "stayed collecting+distributing"
							   : "stayed out of the aggregator",
			  sizeof(r.detail));
		for (guint e = 0; e < w->events->len; e++) {
			const struct world_event *ev =
				&g_array_index(w->events, struct world_event, e);
			char why[64];

			if (ev->at < fw->at || ev->at >= fw->end || ev->bond != c->bond->dev.name ||
			    ev->slave != sn ||
			    (ev->kind != WEV_LACP_LEFT && ev->kind != WEV_LACP_JOINED))
				continue;
			r.at = ev->at;
			r.ev = ev;
			if (ev->kind == WEV_LACP_LEFT)
				r.event = strcmp(ev->why, "negotiating") == 0 ? "fallback ended"
									     : "left aggregator";
			else
				r.event = strcmp(ev->why, "no partner") == 0 ? "forced on"
									    : "joined aggregator";
			g_snprintf(r.detail, sizeof(r.detail), "%s; %d of %u ports distributing",
				   report_lacp_why(ev, why, sizeof(why)), ev->distributing,
				   c->bond->slaves->len);
			break;
		}
		fn(arg, fw, &r);
	}
}

void failover_walk(const struct world *w, row_fn fn, void *arg)
{
	GArray *win = failover_windows(w);
	GPtrArray *times_of = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);

	for (guint i = 0; i < win->len; i++)
		g_ptr_array_add(times_of, cause_times(w, &g_array_index(win, struct fault_window, i)));
	for (guint i = 0; i < win->len; i++) {
		const struct fault_window *fw = &g_array_index(win, struct fault_window, i);

		/* bonds: the first down/up and the first active change in the window */
		for (guint b = 0; b < w->bond_ctx->len; b++) {
			const struct world_bond *c = g_ptr_array_index(w->bond_ctx, b);
			struct row link = { .scope = "bond", .key = "slave_change", .event = "slave down/up",
					    .at = -1, .lost = -1, .outage = -1 };
			struct row act = { .scope = "bond", .key = "active_change",
					   .event = "active slave changed", .at = -1, .lost = -1,
					   .outage = -1 };

			g_snprintf(link.name, sizeof(link.name), "%s.%s", c->host, c->bond->dev.name);
			g_strlcpy(act.name, link.name, sizeof(act.name));
			g_strlcpy(link.detail, "not noticed", sizeof(link.detail));
			g_strlcpy(act.detail, "unchanged", sizeof(act.detail));
			for (guint e = 0; e < w->events->len; e++) {
				const struct world_event *ev =
					&g_array_index(w->events, struct world_event, e);

				if (ev->at < fw->at || ev->at >= fw->end || ev->bond != c->bond->dev.name)
					continue;
				if ((ev->kind == WEV_SLAVE_DOWN || ev->kind == WEV_SLAVE_UP) && link.at < 0) {
					link.at = ev->at;
					link.event = ev->kind == WEV_SLAVE_DOWN ? "slave down" : "slave up";
					g_snprintf(link.detail, sizeof(link.detail), "%s (%s monitor)",
						   ev->slave, ev->why);
				} else if (ev->kind == WEV_ACTIVE_CHANGE && act.at < 0) {
					act.at = ev->at;
					g_snprintf(act.detail, sizeof(act.detail), "%s -> %s", ev->from, ev->to);
				}
			}
			fn(arg, fw, &link);
			/* only active-backup has an active slave that matters */
			if (c->bond->params.mode == BOND_MODE_ACTIVEBACKUP)
				fn(arg, fw, &act);
		}
		/* 802.3ad ports: the first time each left (or joined) the aggregator */
		for (guint b = 0; b < w->bond_ctx->len; b++)
			lacp_rows(w, fw, g_ptr_array_index(w->bond_ctx, b), fn, arg);
		/* switches: the first time each learnt a bond's MAC after the fault */
		for (guint k = 0; k < w->switches->len; k++) {
			const struct world_switch *ws = g_ptr_array_index(w->switches, k);
			struct row r = { .scope = "switch", .key = "fdb_learn", .event = "FDB learnt",
					 .at = -1, .lost = -1, .outage = -1 };
			char m[18];

			g_strlcpy(r.name, ws->name, sizeof(r.name));
			g_strlcpy(r.detail, "no bond MAC learnt anew", sizeof(r.detail));
			for (guint e = 0; e < w->events->len; e++) {
				const struct world_event *ev =
					&g_array_index(w->events, struct world_event, e);

				if (ev->kind != WEV_FDB_LEARN || ev->at < fw->at || ev->at >= fw->end ||
				    strcmp(ev->sw, ws->name) != 0)
					continue;
				r.at = ev->at;
				if (ev->from[0])
					g_snprintf(r.detail, sizeof(r.detail), "%s moved %s -> %s",
						   mac_format(ev->mac, m), ev->from, ev->to);
				else
					g_snprintf(r.detail, sizeof(r.detail), "%s learnt on %s",
						   mac_format(ev->mac, m), ev->to);
				break;
			}
			fn(arg, fw, &r);
		}
		for (guint k = 0; k < w->switches->len; k++)
			mlag_row(w, fw, g_ptr_array_index(w->switches, k), fn, arg);
		for (guint k = 0; k < w->switches->len; k++)
			stp_row(fw, g_ptr_array_index(w->switches, k), fn, arg);
		const bool last = i + 1 == win->len;
		const struct fault_causes cs = {
			g_ptr_array_index(times_of, i),
			i ? &g_array_index(win, struct fault_window, i - 1) : NULL,
			i ? g_ptr_array_index(times_of, i - 1) : NULL,
			last ? NULL : &g_array_index(win, struct fault_window, i + 1),
			last ? NULL : g_ptr_array_index(times_of, i + 1),
		};
		const struct fault_causes *causes = &cs;

		failover_alb_rows(w, fw, causes, fn, arg);

		for (guint k = 0; k < w->flows->len; k++) {
			const struct flow *fl = g_ptr_array_index(w->flows, k);

			if (fl->cfg.start <= fw->at)
				flow_rows(fw, causes, "flow", fl->cfg.name, &fl->rx, gap_keep_of(w, k),
					  flow_first_seq_after, NULL, fl, fl->cfg.stop, fn, arg);
		}
		for (guint k = 0; k < w->pings->len; k++) {
			const struct ping *p = g_ptr_array_index(w->pings, k);

			if (p->cfg.start <= fw->at)
				flow_rows(fw, causes, "ping", p->cfg.name, &p->rx,
					  gap_keep_of(w, w->flows->len + k), ping_first_seq_after,
					  ping_seq_label, p, p->cfg.stop, fn, arg);
		}
		tcp_rows(w, fw, fn, arg);
	}
	g_ptr_array_free(times_of, TRUE);
	g_array_free(win, TRUE);
}

