/*
 * log.h - timestamped text logs: a host's kernel log, a switch's console.
 *
 * DOC: Lines are kept in memory in the order they were written and printed
 * at the end of the run (so a failed run leaves no half-written file).  The
 * stamp is the simulated time in the kernel's "[    1.200000]" form.
 */
#ifndef BONDSIM_LOG_H
#define BONDSIM_LOG_H

#include <glib.h>
#include "sim.h"

struct sim_log_line {
	sim_time_t at;
	char *text;
};

struct sim_log {
	GArray *lines;		/* struct sim_log_line */
	bool echo;		/* also print to stderr as they happen (--verbose) */
	const char *owner;	/* "server", "sw1": printed before echoed lines */
};

void sim_log_init(struct sim_log *log, const char *owner);
void sim_log_fini(struct sim_log *log);
void sim_log_printf(struct sim_log *log, sim_time_t at, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* "[    1.200000] text" */
void sim_log_format_line(const struct sim_log_line *l, GString *out);

#endif
