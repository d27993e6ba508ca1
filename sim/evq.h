/*
 * evq.h - the event queue: embedded, cancellable timers in a two-level queue.
 *
 * DOC: A timer lives inside the object that owns it (the NIC's tx_done, the
 * bond's miimon) and remembers where it is queued, so arming, re-arming and
 * cancelling never search and nothing is allocated per event.  The key is
 * (at, seq): seq is taken from sim->next_seq each time a timer is armed,
 * which makes equal-time events run in the order they were armed.  Keys are
 * unique, so the order is the same whatever the structure holding them.
 * A periodic timer (period > 0) is re-armed before its callback runs, so the
 * callback may cancel it or change its period.
 *
 * The queue (evq.c) is a wheel of EVQ_BUCKETS unsorted buckets, each
 * 2^shift ns wide, in front of two 4-ary heaps: "near" (beside "run", the
 * bucket being run in place when it is in order) and "far", whatever lies
 * beyond the wheel.
 */
#ifndef BONDSIM_EVQ_H
#define BONDSIM_EVQ_H

#include <stdbool.h>
#include <stdint.h>

struct sim;
typedef int64_t sim_time_t;
typedef void (*sim_timer_fn)(struct sim *sim, void *arg);

struct sim_timer {
	sim_time_t at;
	uint64_t seq;
	uint32_t index;		/* slot in its heap or bucket + 1; 0 = not armed */
	uint32_t home;		/* EVQ_NEAR, EVQ_FAR or EVQ_WHEEL + bucket */
	sim_time_t period;	/* > 0: re-armed at at + period before fn runs */
	sim_timer_fn fn;
	void *arg;
};

/* A heap's slot keeps its timer's key inline: comparisons while sifting
 * stay in the array instead of chasing pointers to timers. */
struct evq_slot {
	sim_time_t at;
	uint64_t seq;
	struct sim_timer *t;
};

/* a 4-ary min-heap */
struct evq_array {
	struct evq_slot *s;
	uint32_t len;
	uint32_t cap;
};

/* a wheel bucket: its timers in the order they came, no keys (a third of
 * the memory of slots, for the queue's largest part) */
struct evq_bucket {
	struct sim_timer **t;
	uint32_t len;
	uint32_t cap;
};

#define EVQ_NEAR	0u
#define EVQ_FAR		1u
#define EVQ_WHEEL	2u		/* + the bucket's index */
#define EVQ_BUCKETS	4096u	/* a power of two, at most 64 * 64 */

struct evq {
	uint32_t len;			/* timers pending, in all parts */
	uint32_t run_head;		/* the run: next slot, */
	uint32_t run_end;		/* its end (run_head == run_end: no run), */
	uint32_t run_k;			/* and the wheel bucket its slots belong to */
	struct sim_timer **run;		/* a bucket being run in place (holes: NULL) */
	struct evq_array near;		/* buckets <= cur: a heap */
	struct evq_array far;		/* buckets >= cur + EVQ_BUCKETS: a heap */
	uint64_t far_first;		/* bucket of far's head; UINT64_MAX: far is empty */
	struct evq_bucket *wheel;	/* buckets in (cur, cur + EVQ_BUCKETS) */
	uint64_t bits[EVQ_BUCKETS / 64];	/* non-empty buckets */
	uint64_t summary;		/* non-zero words of bits */
	uint64_t dirty[EVQ_BUCKETS / 64];	/* buckets maybe out of order */
	uint64_t cur;			/* bucket number (at >> shift) of near */
	unsigned shift;
	bool reshape_due;		/* enough delays seen: look at the width */
	uint32_t samples;		/* delays sampled since the last reshape */
	uint32_t hist[64];		/* their log2 histogram */
};

void sim_timer_init(struct sim_timer *t, sim_timer_fn fn, void *arg);
/* Arm (or re-arm) at absolute time @at, which must not be in the past. */
void sim_timer_arm(struct sim *sim, struct sim_timer *t, sim_time_t at);
void sim_timer_arm_in(struct sim *sim, struct sim_timer *t, sim_time_t delay);
/* Periodic: first at now + @first, then every @period. */
void sim_timer_arm_periodic(struct sim *sim, struct sim_timer *t, sim_time_t first,
			    sim_time_t period);
void sim_timer_cancel(struct sim *sim, struct sim_timer *t);
static inline bool sim_timer_pending(const struct sim_timer *t)
{
	return t->index != 0;
}

void evq_init(struct evq *q);
void evq_fini(struct evq *q);
struct sim_timer *evq_peek(const struct evq *q);

#endif
