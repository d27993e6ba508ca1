/*
 * gap_keep.c - what the reports need of the gaps a flow retires (gap_keep.h).
 */
#include "gap_keep.h"
#include "failover_priv.h"
#include "graphs.h"

static sim_time_t send_time(const struct gap_keep *k, uint64_t seq)
{
	if (k->fl)
		return flow_send_time(k->fl, seq);
	return ping_send_time(k->p, seq);
}

static uint64_t first_seq(const struct gap_keep *k, sim_time_t t)
{
	if (k->fl)
		return flow_first_seq_after(k->fl, t);
	return ping_first_seq_after(k->p, t);
}

/* The first event recorded after @t (events are in time order). */
static guint first_event_after(const GArray *events, sim_time_t t)
{
	guint lo = 0, hi = events->len;

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;

		if (g_array_index(events, struct world_event, mid).at > t)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/*
 * Does a packet of a .. b - 1 open the window's outage: the first one sent
 * at its fault, or at an event after it in the window?  (failover.c's
 * cause_times(), over the events recorded so far.)
 */
static bool holds_cause(const struct gap_keep *k, const struct keep_window *kw, uint64_t a,
			uint64_t b)
{
	const GArray *ev = k->w->events;

	if (kw->k0 >= b)
		return false;		/* every cause's packet is at or after k0 */
	if (kw->k0 >= a)
		return true;
	for (guint e = first_event_after(ev, kw->at); e < ev->len; e++) {
		sim_time_t at = g_array_index(ev, struct world_event, e).at;
		uint64_t s;

		if (at >= kw->end)
			break;
		s = first_seq(k, at);
		if (s >= b)
			break;		/* later events' packets are later still */
		if (s >= a)
			return true;
	}
	return false;
}

static void count_lost(struct gap_keep *k, uint64_t first, uint64_t n)
{
	for (uint64_t s = first; s < first + n; s++) {
		guint r = (guint)(send_time(k, s) / k->interval);

		if (r >= k->lost_rows->len)
			g_array_set_size(k->lost_rows, r + 1);
		g_array_index(k->lost_rows, uint64_t, r)++;
	}
}

static void on_retire(void *arg, const struct flow_gap *g, const struct flow_rx_hole *holes,
		      guint n_holes)
{
	struct gap_keep *k = arg;
	uint64_t a = g->first_seq, b = a + g->missing;
	sim_time_t d = flow_gap_duration(g);

	for (guint i = 0; i < k->windows->len; i++) {
		struct keep_window *kw = &g_array_index(k->windows, struct keep_window, i);

		if (a >= kw->k0 && a < kw->k1) {
			kw->all_lost += (int64_t)g->missing - g->late;
			kw->all_gaps++;
		}
		if (kw->lossy) {
			if (a >= kw->k0 && a < kw->k1) {
				kw->lost += (int64_t)g->missing - g->late;
				kw->outage = MAX(kw->outage, d);
			}
		} else if (!kw->held && holds_cause(k, kw, a, b)) {
			kw->held = true;
			kw->gap = *g;
		}
	}
	if (g->late == 0)
		count_lost(k, a, g->missing);
	for (guint i = 0; g->late < g->missing && i < n_holes; i++)
		count_lost(k, holes[i].first, holes[i].count);
}

/* The keep of one flow (@fl) or ping (@p), whose receiver is @rx. */
static void add_keep(struct world *w, const GArray *win, struct flow_rx *rx,
		     const struct flow *fl, const struct ping *p)
{
	struct gap_keep *k = g_new0(struct gap_keep, 1);

	k->w = w;
	k->fl = fl;
	k->p = p;
	k->windows = g_array_new(FALSE, TRUE, sizeof(struct keep_window));
	for (guint i = 0; i < win->len; i++) {
		const struct fault_window *fw = &g_array_index(win, struct fault_window, i);
		struct keep_window kw = { .at = fw->at, .end = fw->end, .lossy = fw->lossy };

		kw.k0 = first_seq(k, fw->at);
		kw.k1 = first_seq(k, fw->end);
		g_array_append_val(k->windows, kw);
	}
	k->interval = w->graphs->flows.interval;
	k->lost_rows = g_array_new(FALSE, TRUE, sizeof(uint64_t));
	flow_rx_on_retire(rx, on_retire, k);
	if (w->gaps_kept)
		flow_rx_settle(rx, rx->settled, w->gaps_kept);
	g_ptr_array_add(w->gap_keeps, k);
}

void gap_keep_start(struct world *w)
{
	GArray *win = failover_windows(w);

	w->gap_keeps = g_ptr_array_new_with_free_func(gap_keep_free);
	for (guint i = 0; i < w->flows->len; i++) {
		struct flow *fl = g_ptr_array_index(w->flows, i);

		add_keep(w, win, &fl->rx, fl, NULL);
	}
	for (guint i = 0; i < w->pings->len; i++) {
		struct ping *p = g_ptr_array_index(w->pings, i);

		add_keep(w, win, &p->rx, NULL, p);
	}
	for (guint i = 0; w->gaps_kept && i < w->tcp_flows->len; i++) {
		struct tcp_flow *tf = g_ptr_array_index(w->tcp_flows, i);

		flow_rx_settle(&tf->rx, tf->rx.settled, w->gaps_kept);
	}
	g_array_free(win, TRUE);
}

void gap_keep_free(gpointer keep)
{
	struct gap_keep *k = keep;

	g_array_free(k->windows, TRUE);
	g_array_free(k->lost_rows, TRUE);
	g_free(k);
}

const struct gap_keep *gap_keep_of(const struct world *w, guint k)
{
	return w->gap_keeps && k < w->gap_keeps->len ? g_ptr_array_index(w->gap_keeps, k) : NULL;
}

const struct keep_window *gap_keep_window(const struct gap_keep *k, guint i)
{
	return k && i < k->windows->len ? &g_array_index(k->windows, struct keep_window, i) : NULL;
}

uint64_t gap_keep_lost_in_row(const struct gap_keep *k, guint r)
{
	return k && r < k->lost_rows->len ? g_array_index(k->lost_rows, uint64_t, r) : 0;
}
