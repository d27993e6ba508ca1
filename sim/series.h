/*
 * series.h - counters sampled at a fixed simulated interval.
 *
 * DOC: A column reads a uint64_t counter (bytes sent by a NIC, moves seen by
 * a switch); every interval the sampler stores the increase since the last
 * sample.  Rows are kept in memory and written as CSV at the end of the
 * run, each increase scaled to a rate, for gnuplot and spreadsheets; the
 * increases themselves stay readable, so that a caller can write exact
 * counts, or sums that add up.
 */
#ifndef BONDSIM_SERIES_H
#define BONDSIM_SERIES_H

#include <stdio.h>
#include "sim.h"

struct series_col {
	char *name;
	const uint64_t *counter;
	double scale;		/* multiplies the per-second increase (8e-6: bytes -> Mbit/s) */
	uint64_t last;
};

typedef void (*series_hook_fn)(void *arg);

struct series {
	struct sim *sim;
	sim_time_t interval;
	int decimals;		/* of the rates series_write_csv() prints: 3 */
	series_hook_fn hook;	/* called after each sample */
	void *hook_arg;
	series_hook_fn before;	/* called before each sample, */
	series_hook_fn after;	/* and after it and its hook */
	void *before_arg;
	GArray *cols;		/* struct series_col */
	GArray *values;		/* uint64_t increases, row-major, cols->len per row */
	GArray *times;		/* sim_time_t, end of each row's interval */
	struct sim_timer timer;
};

void series_init(struct series *s, struct sim *sim, sim_time_t interval);
void series_fini(struct series *s);
void series_add(struct series *s, const char *name, const uint64_t *counter, double scale);
void series_start(struct series *s);
/*
 * A series that is never started takes its rows when told: series_reset()
 * when the counters start counting, series_sample() at each interval (from
 * another series' hook, so that it costs no event of its own).
 */
void series_reset(struct series *s);
void series_sample(struct series *s);
/* @fn runs right after each row @s takes, at the same simulated time. */
void series_set_hook(struct series *s, series_hook_fn fn, void *arg);
/* @before runs right before each row @s takes, @after after it and its hook
 * (counters that count ahead take off what they must not show yet). */
void series_set_around(struct series *s, series_hook_fn before, series_hook_fn after, void *arg);
/* Header "time_s,<names>" then one row per sample. */
void series_write_csv(const struct series *s, GString *out);
guint series_rows(const struct series *s);
/* The end of row @row's interval, and how much column @col grew in it. */
sim_time_t series_time(const struct series *s, guint row);
uint64_t series_increase(const struct series *s, guint row, guint col);

#endif
