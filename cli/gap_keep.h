/*
 * gap_keep.h - what the reports need of the gaps a flow retires during the run.
 *
 * DOC: A flow's receiver forgets its oldest gaps once nothing can change
 * them (flow_rx_settle()), keeping only their count, the longest and the
 * list of the longest.  The failover report and flows.csv need more of
 * them, and take it here as each gap retires:
 *
 *  - per fault window, for a loss fault: the packets lost in the gaps that
 *    start in it, and the longest of those outages;
 *  - per fault window, for any other fault: the first gap holding a packet
 *    sent at the fault or at a failover event after it in its window.
 *    Gaps retire in sequence order, and only once revealed before the
 *    arrival that retires them, so every event whose packet such a gap
 *    holds is already recorded (its packet was sent, hence the event
 *    happened, before the gap was revealed);
 *  - per sampling interval: the packets sent in it that were lost.
 *
 * Each of these is what failover.c and graphs.c would find by reading
 * every gap after the run; with the gaps still kept added, the reports
 * come out the same byte for byte.
 */
#ifndef BONDSIM_GAP_KEEP_H
#define BONDSIM_GAP_KEEP_H

#include "world.h"

/* A fault window as a flow's retired gaps saw it (failover_windows() order). */
struct keep_window {
	uint64_t k0, k1;	/* the packets first sent at or after the window's start, end */
	sim_time_t at, end;
	bool lossy;
	int64_t lost;		/* lossy: packets lost in retired gaps starting in k0 .. k1 - 1 */
	sim_time_t outage;	/* lossy: the longest of those gaps */
	bool held;		/* not lossy: the gap holding a cause's packet retired */
	struct flow_gap gap;	/* that gap */
	int64_t all_lost;	/* any window: packets lost in retired gaps starting in k0 .. k1 - 1 */
	guint all_gaps;		/* and how many gaps those were */
};

/* One flow's or ping's. */
struct gap_keep {
	const struct world *w;
	const struct flow *fl;	/* or */
	const struct ping *p;
	GArray *windows;	/* struct keep_window */
	sim_time_t interval;	/* flows.csv's rows */
	GArray *lost_rows;	/* uint64_t: retired lost packets, by the row they were sent in */
};

/* Before the run: a keep for every flow and ping, hooked to its receiver. */
void gap_keep_start(struct world *w);
void gap_keep_free(gpointer keep);
/* The keep of w->flows[k], or with k >= w->flows->len of w->pings[k - len]; NULL: none. */
const struct gap_keep *gap_keep_of(const struct world *w, guint k);
/* Window @i, as the retired gaps left it; NULL: no keep. */
const struct keep_window *gap_keep_window(const struct gap_keep *k, guint i);
/* Packets of row @r lost in retired gaps. */
uint64_t gap_keep_lost_in_row(const struct gap_keep *k, guint r);

#endif
