/*
 * metrics.h - the flat namespace of a run's numbers.
 *
 * DOC: Every model publishes its counters under dotted names
 * ("sw1.mac_moves", "server.eth0.tx_packets", "flow.web.lost").  The same
 * list feeds the [expect] assertions, the text report and the JSON report, so
 * a number a user can see is a number a user can assert on.  Names are kept
 * in insertion order for output and indexed for lookup.
 */
#ifndef BONDSIM_METRICS_H
#define BONDSIM_METRICS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

struct metric {
	char *name;
	double value;
	bool is_int;
};

struct metrics {
	GArray *items;		/* struct metric, insertion order */
	GHashTable *index;	/* name -> position + 1 */
};

void metrics_init(struct metrics *m);
void metrics_fini(struct metrics *m);
void metrics_add_int(struct metrics *m, int64_t v, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
void metrics_add_double(struct metrics *m, double v, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
const struct metric *metrics_find(const struct metrics *m, const char *name);
/* NULL-terminated array of all names (owned by @m), for "did you mean". */
const char **metrics_names(const struct metrics *m);

#endif
