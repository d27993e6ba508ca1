/*
 * failover_priv.h - the failover report's rows, shared by failover.c and
 * the mode-specific parts (failover_alb.c).
 */
#ifndef BONDSIM_FAILOVER_PRIV_H
#define BONDSIM_FAILOVER_PRIV_H

#include "world.h"
#include "gap_keep.h"

/* Faults scripted for the same time form one event: "failover.<n>". */
struct fault_window {
	sim_time_t at;
	sim_time_t end;		/* the next fault, or the end of the run */
	int line;		/* of the first fault at that time */
	char *text;		/* the faults at that time, joined by "; " */
	bool lossy;		/* a loss fault: its effect is spread over the window */
	guint index;		/* in failover_windows() */
};

/* The fault windows, in time order (struct fault_window): known before the run. */
GArray *failover_windows(const struct world *w);

struct row {
	const char *scope;	/* "bond", "switch", "flow", "ping" */
	const char *key;	/* metric suffix: "slave_down", "active_change", ... */
	char name[96];
	const char *event;
	sim_time_t at;		/* -1: did not happen */
	char detail[256];
	int64_t lost;		/* flows: frames lost in the outage; -1 n/a */
	sim_time_t outage;	/* flows: -1 n/a */
	int64_t handed_on;	/* flows: lost in the outage after the next fault, counted there */
	int64_t later_lost;	/* flows: lost in later gaps of the window (the detail says them) */
	int64_t later_handed_on;	/* flows: of a later gap, lost after the next fault, counted there */
	const struct world_event *ev;	/* lacp: the change, NULL if none */
};

typedef void (*row_fn)(void *arg, const struct fault_window *fw, const struct row *r);

/* Every row of every fault window, in order, to @fn (failover.c): what the
 * outputs of failover_report.c are made of. */
void failover_walk(const struct world *w, row_fn fn, void *arg);

/* The packet a flow (a ping) sent first at or after @t. */
uint64_t flow_first_seq_after(const void *sender, sim_time_t t);
uint64_t ping_first_seq_after(const void *sender, sim_time_t t);
typedef uint64_t (*first_seq_fn)(const void *sender, sim_time_t t);
/*
 * What may open a fault window's gap in a flow: the fault, then the
 * failover events in its window; and the same of the windows before and
 * after: a gap still open at the next fault is that fault's from then on,
 * and each lost packet is counted in one window only.
 */
struct fault_causes {
	const GArray *times;			/* sim_time_t */
	const struct fault_window *prev;	/* NULL: the first window */
	const GArray *prev_times;		/* its times; NULL with it */
	const struct fault_window *next;	/* NULL: the last window */
	const GArray *next_times;		/* its times; NULL with it */
};

/* The row of one flow or ping for fault window @fw (see failover.c); @keep:
 * what its retired gaps left (gap_keep.h), NULL: none retired; @label: how
 * the detail names a packet (ping_seq_label), NULL: by its number. */
void flow_rows(const struct fault_window *fw, const struct fault_causes *causes, const char *scope,
	       const char *name, const struct flow_rx *rx, const struct gap_keep *keep,
	       first_seq_fn first_seq, flow_seq_label_fn label, const void *sender,
	       sim_time_t stop, row_fn fn, void *arg);
/* failover_alb.c: balance-tlb/alb's table changes, and each peer's recovery. */
void failover_alb_rows(const struct world *w, const struct fault_window *fw,
		       const struct fault_causes *causes, row_fn fn, void *arg);

#endif
