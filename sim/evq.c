/*
 * evq.c - a 4-ary min-heap of embedded timers, keyed by (at, seq).
 *
 * DOC: A 4-ary heap is shallower than a binary one and its four children
 * share a cache line of pointers, which is what a simulator spends its time
 * on.  Each timer stores its slot (index - 1), so cancelling or re-arming a
 * timer is a sift from where it is: O(log n), never a linear search and
 * never a "cancelled" flag left behind in the queue.
 */
#include "sim.h"

#define ARITY 4

static inline bool before(const struct sim_timer *a, const struct sim_timer *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

static inline void place(struct evq *q, uint32_t i, struct sim_timer *t)
{
	q->heap[i] = t;
	t->index = i + 1;
}

static void sift_up(struct evq *q, uint32_t i)
{
	struct sim_timer *t = q->heap[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / ARITY;

		if (!before(t, q->heap[parent]))
			break;
		place(q, i, q->heap[parent]);
		i = parent;
	}
	place(q, i, t);
}

static void sift_down(struct evq *q, uint32_t i)
{
	struct sim_timer *t = q->heap[i];

	for (;;) {
		uint32_t first = i * ARITY + 1, best = i;
		struct sim_timer *bt = t;

		for (uint32_t c = first; c < first + ARITY && c < q->len; c++) {
			if (before(q->heap[c], bt)) {
				best = c;
				bt = q->heap[c];
			}
		}
		if (best == i)
			break;
		place(q, i, bt);
		i = best;
	}
	place(q, i, t);
}

void evq_init(struct evq *q)
{
	q->len = 0;
	q->cap = 64;
	q->heap = g_new(struct sim_timer *, q->cap);
}

void evq_fini(struct evq *q)
{
	for (uint32_t i = 0; i < q->len; i++)
		q->heap[i]->index = 0;
	g_free(q->heap);
	q->heap = NULL;
	q->len = q->cap = 0;
}

struct sim_timer *evq_peek(const struct evq *q)
{
	return q->len ? q->heap[0] : NULL;
}

static void evq_remove(struct evq *q, struct sim_timer *t)
{
	uint32_t i = t->index - 1;
	struct sim_timer *last = q->heap[--q->len];

	t->index = 0;
	if (i == q->len)
		return;
	place(q, i, last);
	if (i > 0 && before(last, q->heap[(i - 1) / ARITY]))
		sift_up(q, i);
	else
		sift_down(q, i);
}

void sim_timer_init(struct sim_timer *t, sim_timer_fn fn, void *arg)
{
	t->at = 0;
	t->seq = 0;
	t->index = 0;
	t->period = 0;
	t->firing = false;
	t->fn = fn;
	t->arg = arg;
}

/* SIM_TIME_NEVER is a valid @at: the timer stays pending and a run bounded
 * by any earlier time never fires it. */
void sim_timer_arm(struct sim *sim, struct sim_timer *t, sim_time_t at)
{
	struct evq *q = &sim->q;

	g_assert(at >= sim->now);
	if (t->firing) {
		/* re-armed by its own callback: still in the heap, and its key
		 * only grows, so sifting down from its slot is enough */
		t->firing = false;
		t->at = at;
		t->seq = sim->next_seq++;
		sift_down(q, t->index - 1);
		return;
	}
	if (t->index)
		evq_remove(q, t);
	t->at = at;
	t->seq = sim->next_seq++;
	if (q->len == q->cap) {
		q->cap *= 2;
		q->heap = g_renew(struct sim_timer *, q->heap, q->cap);
	}
	q->heap[q->len] = t;
	sift_up(q, q->len++);
}

/*
 * at + delay, or SIM_TIME_NEVER when that is past the end of time: a timer
 * "in forever" must park at NEVER, not wrap into the past.  Negative delays
 * are left for sim_timer_arm() to refuse.
 */
static sim_time_t later(sim_time_t at, sim_time_t delay)
{
	return delay > SIM_TIME_NEVER - at ? SIM_TIME_NEVER : at + delay;
}

void sim_timer_arm_in(struct sim *sim, struct sim_timer *t, sim_time_t delay)
{
	sim_timer_arm(sim, t, later(sim->now, delay));
}

void sim_timer_arm_periodic(struct sim *sim, struct sim_timer *t, sim_time_t first,
			    sim_time_t period)
{
	g_assert(period > 0);
	t->period = period;
	sim_timer_arm(sim, t, later(sim->now, first));
}

void sim_timer_cancel(struct sim *sim, struct sim_timer *t)
{
	t->firing = false;
	if (t->index)
		evq_remove(&sim->q, t);
	t->period = 0;
}

void sim_stop(struct sim *sim)
{
	sim->stopping = true;
}

void sim_run(struct sim *sim, sim_time_t until)
{
	struct evq *q = &sim->q;

	/* NEVER means never, even for a run to the end of time: a periodic
	 * timer parked there would otherwise fire at NEVER forever. */
	sim_time_t last = MIN(until, SIM_TIME_NEVER - 1);

	sim->stopping = false;
	while (q->len && q->heap[0]->at <= last && !sim->stopping) {
		struct sim_timer *t = q->heap[0];

		g_assert(t->at >= sim->now);	/* time never goes backwards */
		sim->now = t->at;
		sim->events_run++;
		if (t->period > 0) {
			/* Re-arm first: the callback may cancel or re-period it. */
			t->at = later(t->at, t->period);
			t->seq = sim->next_seq++;
			sift_down(q, 0);
			t->fn(sim, t->arg);
			continue;
		}
		t->firing = true;
		t->fn(sim, t->arg);
		if (t->firing) {
			/* neither re-armed nor cancelled: it is done */
			t->firing = false;
			evq_remove(q, t);
		}
	}
	if (until > sim->now && !sim->stopping)
		sim->now = until;
}
