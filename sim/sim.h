/*
 * sim.h - the simulation kernel: time, the event loop, the error domain.
 *
 * DOC: Everything in bondsim happens at an integer number of nanoseconds
 * since the start of the run.  Models never read the wall clock; they arm
 * timers (struct sim_timer, see evq.h) that the loop fires in (time,
 * insertion order), so equal-time events run first-come first-served and a
 * run with the same scenario and seed is identical to the byte.
 *
 * There is no global state: two struct sim can live in one process.
 */
#ifndef BONDSIM_SIM_H
#define BONDSIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#define BONDSIM_VERSION "0.1.0"

typedef int64_t sim_time_t;		/* nanoseconds since the start of the run */

#define SIM_NS	((sim_time_t)1)
#define SIM_US	((sim_time_t)1000)
#define SIM_MS	((sim_time_t)1000000)
#define SIM_S	((sim_time_t)1000000000)
#define SIM_TIME_NEVER INT64_MAX

/* Errors a user can cause: scenario, options, command line. */
#define BONDSIM_ERROR bondsim_error_quark()
GQuark bondsim_error_quark(void);
enum bondsim_error {
	BONDSIM_ERROR_PARSE,		/* syntax */
	BONDSIM_ERROR_INVALID,		/* a value that is not one of the valid ones */
	BONDSIM_ERROR_RANGE,		/* a number out of range */
	BONDSIM_ERROR_NOT_FOUND,	/* a reference to something that does not exist */
	BONDSIM_ERROR_DUP,		/* defined twice */
	BONDSIM_ERROR_IO,		/* a file that cannot be read or written */
};

#include "evq.h"
#include "frame.h"

/*
 * What becomes of a measured frame (meta.flow != 0), for whoever accounts
 * for them (the apps' per-packet ledger): an extra copy was made (flooding,
 * broadcast), a copy was dropped (@reason: the models' enum drop_reason,
 * @place: where), or a copy reached an endpoint and was consumed there.
 * sim/ only carries the news; it knows no reasons.
 */
enum sim_frame_event {
	SIM_FRAME_COPIED,
	SIM_FRAME_DROPPED,
	SIM_FRAME_CONSUMED,
};
typedef void (*sim_frame_monitor_fn)(void *arg, const struct frame *f,
				     enum sim_frame_event ev, int reason, const char *place);

/*
 * Called between two events, once every SIM_WATCH_EVERY events, for whoever
 * watches a run go (a progress display).  It counts events rather than
 * simulated time because a timer would itself be an event and change the
 * run.  A watcher only looks, or ends the run with sim_stop(): it must not
 * arm timers or touch the models.
 */
#define SIM_WATCH_EVERY (1u << 16)
struct sim;
typedef void (*sim_watch_fn)(struct sim *sim, void *arg);

struct sim {
	sim_time_t now;
	sim_time_t end;			/* sim_run() stops before events after this */
	uint64_t seed;
	uint64_t next_seq;		/* insertion order, the tie-break of equal times */
	uint64_t events_run;
	bool stopping;			/* sim_stop() called: sim_run returns */
	struct evq q;
	struct frame_pool pool;
	sim_frame_monitor_fn frame_monitor;	/* NULL: nobody accounts */
	void *frame_monitor_arg;
	sim_watch_fn watch;		/* NULL: nobody watches */
	uint64_t max_events;		/* sim_run() runs no more events than this; 0: no limit */
	void *watch_arg;
};

static inline void sim_frame_event(struct sim *sim, const struct frame *f,
				   enum sim_frame_event ev, int reason, const char *place)
{
	if (f->meta.flow && sim->frame_monitor)
		sim->frame_monitor(sim->frame_monitor_arg, f, ev, reason, place);
}

struct sim *sim_new(uint64_t seed);
void sim_free(struct sim *sim);

/* Run every event up to and including time @until; the clock ends at @until,
 * unless sim_stop() was called from an event, which ends the run there. */
void sim_run(struct sim *sim, sim_time_t until);
void sim_stop(struct sim *sim);

/* Time as users write it: "10us", "100ms", "2.5s", "1m"; a unit is required
 * (only "0" may go without), exactly one of ns us ms s m h in lowercase, and
 * the value is a whole number of nanoseconds in plain decimal digits. */
gboolean sim_time_parse(const char *text, sim_time_t *out, GError **error);
/* Shortest exact form, "100ms", "2.5s", "0s", into buf (at least 32 bytes). */
const char *sim_time_format(sim_time_t t, char *buf, size_t size);
/* Seconds with 6 decimals, as in a kernel log: "12.345678". */
const char *sim_time_format_sec(sim_time_t t, char *buf, size_t size);

/* Rates and sizes: "1G", "100Mbit", "10Gbps", "2.5G" -> bits per second. */
gboolean sim_rate_parse(const char *text, uint64_t *bps, GError **error);
const char *sim_rate_format(uint64_t bps, char *buf, size_t size);
/* A size in bytes: "4096", "500M" (1024s), "1.5GB" (1000s); whole bytes only. */
gboolean sim_size_parse(const char *text, uint64_t *bytes, GError **error);
/* A loss probability from 0 to 1: "0.05" or "5%"; false for anything else. */
bool sim_loss_parse(const char *text, double *p);
/* Link speeds as ethtool writes them: a bare number is Mb/s ("10000" is
 * 10 Gb/s); "10G", "10Gbit/s", "10Gbps", "100M", "100Mb/s" ...  Whole Mb/s only. */
gboolean sim_link_speed_parse(const char *text, uint64_t *bps, GError **error);
/* "10000Mb/s", as ethtool prints "Speed:" (at least 32 bytes). */
const char *sim_link_speed_format(uint64_t bps, char *buf, size_t size);

/*
 * The whole of @path into *@text (NUL-terminated, g_free it), refusing a
 * directory, anything over @max bytes and a NUL byte, and without a leading
 * UTF-8 byte order mark; never waits on a FIFO with no writer.
 * SIM_INPUT_MAX is the cap for every file a user names.
 */
#define SIM_INPUT_MAX ((gsize)16 << 20)
gboolean sim_read_file(const char *path, gsize max, char **text, gsize *len, GError **error);
/*
 * What sim_read_file() does to every text it reads, for a text read another
 * way (standard input): refuses a NUL byte with @name:line, and drops a
 * leading UTF-8 byte order mark in place (*@len shrinks by 3).
 */
gboolean sim_text_check(const char *name, char *text, gsize *len, GError **error);

/* a * b / c without overflow in between (128-bit), UINT64_MAX when the result does not fit. */
uint64_t sim_muldiv(uint64_t a, uint64_t b, uint64_t c);

/* Levenshtein distance, for "did you mean" in error messages: letters in any
 * case, and '-' and '_', count as the same. */
guint sim_edit_distance(const char *a, const char *b);
/* The entry of @choices (NULL-terminated) nearest to @word, or NULL. */
const char *sim_nearest(const char *word, const char *const *choices);

#endif
