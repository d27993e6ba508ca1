/*
 * evq.h - the event queue: embedded, cancellable timers in a 4-ary heap.
 *
 * DOC: A timer lives inside the object that owns it (the NIC's tx_done, the
 * bond's miimon) and remembers its slot in the heap, so arming, re-arming
 * and cancelling are O(log n) and nothing is allocated per event.  The heap
 * key is (at, seq): seq is taken from sim->next_seq each time a timer is
 * armed, which makes equal-time events run in the order they were armed.
 * A periodic timer (period > 0) is re-armed before its callback runs, so the
 * callback may cancel it or change its period.
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
	uint32_t index;		/* slot in the heap + 1; 0 = not armed */
	sim_time_t period;	/* > 0: re-armed at at + period before fn runs */
	bool firing;		/* one-shot, its callback is running: not pending */
	sim_timer_fn fn;
	void *arg;
};

/* A heap slot keeps its timer's key inline: comparisons while sifting stay
 * in the heap array instead of chasing pointers to timers. */
struct evq_slot {
	sim_time_t at;
	uint64_t seq;
	struct sim_timer *t;
};

struct evq {
	struct evq_slot *heap;
	uint32_t len;
	uint32_t cap;
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
	return t->index != 0 && !t->firing;
}

void evq_init(struct evq *q);
void evq_fini(struct evq *q);
struct sim_timer *evq_peek(const struct evq *q);

#endif
