/*
 * merge_priv.h - the summary merge builds from a sweep's runs (merge.c) and
 * writes out (merge_write.c).
 */
#ifndef BONDSIM_MERGE_PRIV_H
#define BONDSIM_MERGE_PRIV_H

#include <stdbool.h>
#include <glib.h>

struct point {
	char **set;			/* its --set list */
	guint runs;
	double seed_min, seed_max;
	GHashTable *values;		/* GQuark -> GArray of double */
	GHashTable *never;		/* GQuark -> runs in which that outage never ended */
	GPtrArray *expects;		/* char *text, in order */
	GArray *held;			/* guint per expect: runs in which it held */
	guint stopped;			/* runs that ended before their end */
	double first_stopped_seed;
	char *first_stopped;		/* and what ended the first of them */
};

struct summary {
	char *scenario;
	GPtrArray *points;		/* struct point *, in order of first appearance */
	GArray *metrics;		/* GQuark, in order of first appearance */
	GHashTable *seen;		/* GQuark present in metrics */
	guint runs;
	guint failed_runs;		/* an [expect] line did not hold */
	guint stopped_runs;		/* ended early: a loop, --max-events, a signal */
	guint unmet_runs;		/* either, counted once: a run that would exit 1 */
};

/* The path of one --set entry (before its '='). */
char *merge_set_path(const char *set);
/* The first path whose value differs between grid points: the graph's x axis (-1: none). */
int merge_first_axis(const struct summary *sum);
int merge_graph_data(const struct summary *sum, GQuark metric, GString *dat,
		     GString *titles, bool *numeric, double *span);
void merge_write_txt(const struct summary *sum, GString *txt);
void merge_write_csv(const struct summary *sum, GString *csv);

#endif
