/*
 * reorder.h - Reorder Density (RD) and Reorder Buffer-occupancy Density
 * (RBD), the packet reordering metrics of RFC 5236.
 *
 * DOC: Both metrics turn a stream of arrivals into a small histogram.
 *
 * RD is the histogram of displacements.  Each packet that counts is given a
 * receive index RI, its rank in the order of arrival once duplicates are
 * dropped and the numbers of lost packets are skipped (so with nothing
 * reordered, RI equals the sequence number).  Its displacement is
 * D = RI - seq: negative for a packet that came early, positive for one that
 * came late.  RD[D] is the share of the counted packets with that
 * displacement, for D in -DT..+DT; RD[0] is the share that arrived in place.
 *
 * DT, the displacement threshold, bounds the work and defines loss: a
 * number is declared lost when it does not turn up among the next DT + 1
 * distinct arrivals at the time its receive index comes up (that index is
 * then skipped), and an arrival whose displacement would exceed DT either
 * way (a rogue or very late packet) is discarded and not counted.  To know
 * whether an index must be skipped, RD looks DT + 1 arrivals ahead (RFC
 * 5236's "stay-back" method): it lags the stream by up to DT packets,
 * and reorder_density_flush() settles the arrivals still pending at the end.
 *
 * RBD is the histogram of the occupancy of a hypothetical receiver buffer
 * that restores order: after each counted arrival, how many packets are held
 * because a lower number is still missing.  The buffer holds at most BT = DT
 * packets; when it is full and a further early packet arrives, the missing
 * packet(s) in front are given up as lost and what follows them is released.
 * RBD needs no look-ahead and is always up to date.
 *
 * Both are normalised by N', the number of arrivals they counted (no
 * duplicates, nothing discarded), so each sums to 1.  An arrival whose number
 * is already held, already pending, or below the lowest number still awaited
 * is a duplicate (or too late to matter) and is ignored.
 *
 * Memory is O(DT), whatever the length of the stream: a look-ahead window of
 * DT + 1 arrivals, a set of at most DT early arrivals waiting for their index,
 * the RBD buffer of at most DT numbers, and the 3 DT + 2 counters; each
 * arrival costs O(DT).  Sequence numbers count from 0, as a flow numbers its
 * packets (the RFC counts from 1; every quantity here is the same under that
 * shift).  Wraparound is not handled: numbers are taken as increasing.
 */
#ifndef BONDSIM_REORDER_H
#define BONDSIM_REORDER_H

#include <stdbool.h>
#include <stdint.h>
#include "json.h"

struct reorder_density {
	uint32_t dt;			/* displacement threshold (and BT of RBD) */

	/* RD, stay-back: the look-ahead and the early arrivals */
	uint64_t ri;			/* the next receive index to assign */
	uint64_t *window;		/* ring of dt + 1 pending arrivals, oldest first */
	uint32_t win_head, win_len;
	uint64_t *early;		/* numbers that took an index before their own came */
	uint32_t early_len;		/* at most dt */
	uint64_t sight_max;		/* no number in window or early is above this */

	/* RBD: the hypothetical reordering buffer */
	uint64_t expected;		/* E: lowest number not yet delivered nor given up */
	uint64_t *held;			/* numbers above E held in the buffer */
	uint32_t held_len;		/* B, at most dt */

	uint64_t *rd_freq;		/* 2 dt + 1 counters, displacement -dt..+dt */
	uint64_t *rbd_freq;		/* dt + 1 counters, occupancy 0..dt */
	uint64_t rd_n;			/* N' of RD: sum of rd_freq */
	uint64_t rbd_n;			/* N' of RBD: sum of rbd_freq */

	uint64_t packets;		/* every arrival given to reorder_density_packet() */
	uint64_t duplicates;		/* arrivals ignored by RD: duplicates or too late */
	uint64_t discarded;		/* arrivals displaced beyond dt (not in rd_freq) */
	uint64_t lost;			/* numbers RD's receive index skipped */
	uint64_t rbd_lost;		/* numbers RBD gave up on, its buffer being full */

	/* Optional, set after init: told of each counted packet as RD gives it
	 * its receive index @ri (from 0, like @seq) and displacement @d. */
	void (*on_index)(void *arg, uint32_t seq, uint64_t ri, int d);
	void *on_index_arg;
};

void reorder_density_init(struct reorder_density *r, uint32_t dt);
void reorder_density_fini(struct reorder_density *r);
/* One arrival, in arrival order, with sequence number @seq (from 0). */
void reorder_density_packet(struct reorder_density *r, uint32_t seq);
/* End of the stream: the pending arrivals get their receive index (numbers
 * still missing then are lost).  RD is final only after this. */
void reorder_density_flush(struct reorder_density *r);

/* RD[d] = FD[d] / N' for -dt <= d <= dt; 0 outside, or before any count. */
double reorder_density_rd(const struct reorder_density *r, int d);
/* RBD[k] = FB[k] / N' for 0 <= k <= dt; 0 outside, or before any count. */
double reorder_density_rbd(const struct reorder_density *r, uint32_t k);

/* What a report wants from the two densities (RFC 5236 section 9). */
struct reorder_summary {
	uint64_t counted;		/* N' of RD */
	double in_order;		/* RD[0] */
	double early;			/* sum of RD[d] for d < 0 */
	double late;			/* sum of RD[d] for d > 0 */
	double mean_abs_displacement;	/* sum of |d| RD[d] */
	uint32_t max_early;		/* largest -d counted, 0: none early */
	uint32_t max_late;		/* largest d counted, 0: none late */
	double mean_occupancy;		/* sum of k RBD[k] */
	uint32_t max_occupancy;		/* largest k with FB[k] > 0 */
};

void reorder_density_summary(const struct reorder_density *r, struct reorder_summary *s);
/* One JSON object: the counters, the summary, and the nonzero RD and RBD
 * entries as objects keyed by displacement / occupancy.  @key NULL inside an
 * array. */
void reorder_density_report_json(const struct reorder_density *r, struct json *j,
				 const char *key);

#endif
