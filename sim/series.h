/*
 * series.h - counters sampled at a fixed simulated interval.
 *
 * DOC: A column reads a uint64_t counter (bytes sent by a NIC, moves seen by
 * a switch); every interval the sampler stores the increase since the last
 * sample, scaled to a rate.  Rows are kept in memory and written as CSV at
 * the end of the run, for gnuplot and spreadsheets.
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

struct series {
	struct sim *sim;
	sim_time_t interval;
	GArray *cols;		/* struct series_col */
	GArray *values;		/* double, row-major, cols->len per row */
	GArray *times;		/* sim_time_t, end of each row's interval */
	struct sim_timer timer;
};

void series_init(struct series *s, struct sim *sim, sim_time_t interval);
void series_fini(struct series *s);
void series_add(struct series *s, const char *name, const uint64_t *counter, double scale);
void series_start(struct series *s);
/* Header "time_s,<names>" then one row per sample. */
void series_write_csv(const struct series *s, GString *out);
guint series_rows(const struct series *s);

#endif
