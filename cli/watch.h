/*
 * watch.h - watching a run go: the progress line, the limits, the signals.
 */
#ifndef BONDSIM_WATCH_H
#define BONDSIM_WATCH_H

#include "world.h"

/* What may end a run before its duration (--max-events, --max-wall). */
struct run_limits {
	uint64_t max_events;		/* 0: none; exact (the report is the same every time) */
	gint64 max_wall_us;		/* 0: none; wall time, so where it stops varies */
	bool show_progress;		/* the progress line, when stderr is a terminal */
};

/*
 * SIGINT and SIGTERM end the run at the current simulated time (the
 * report is then complete up to there and says so); SIGXFSZ is ignored so
 * that a file size limit makes a write fail with EFBIG, reported, instead
 * of killing the process mid-file.
 */
void watch_install_signals(void);
/* 0, or the signal that asked the run to end. */
int watch_signal(void);

/*
 * world_run(), watched: the limits and the signals are checked between
 * events, every SIM_WATCH_EVERY events (they add no event, so a watched run
 * is the run), and the progress line is drawn on a terminal after a
 * second.  What stopped the run early is recorded in the world.
 * BONDSIM_PROGRESS_TTY=1 (or 0), for tests only, overrides the terminal
 * check; =1 also draws from the first watch, not after a second.
 */
void watch_run(struct world *w, const struct run_limits *lim);

#endif
