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

static inline bool before(const struct evq_slot *a, const struct evq_slot *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

static inline void place(struct evq *q, uint32_t i, struct evq_slot s)
{
	q->heap[i] = s;
	s.t->index = i + 1;
}

static void sift_up(struct evq *q, uint32_t i)
{
	struct evq_slot s = q->heap[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / ARITY;

		if (!before(&s, &q->heap[parent]))
			break;
		place(q, i, q->heap[parent]);
		i = parent;
	}
	place(q, i, s);
}

static void sift_down(struct evq *q, uint32_t i)
{
	struct evq_slot s = q->heap[i];
	const struct evq_slot *h = q->heap;

	for (;;) {
		uint32_t first = i * ARITY + 1, best, end = first + ARITY;

		if (first >= q->len)
			break;
		if (end > q->len)
			end = q->len;
		/* the smallest child by selects, not branches: with random keys
		 * the branches would be mispredicted half of the time */
		best = first;
		for (uint32_t c = first + 1; c < end; c++)
			best = before(&h[c], &h[best]) ? c : best;
		if (!before(&h[best], &s))
			break;
		place(q, i, h[best]);
		i = best;
	}
	place(q, i, s);
}

void evq_init(struct evq *q)
{
	q->len = 0;
	q->cap = 64;
	q->heap = g_new(struct evq_slot, q->cap);
}

void evq_fini(struct evq *q)
{
	for (uint32_t i = 0; i < q->len; i++)
		q->heap[i].t->index = 0;
	g_free(q->heap);
	q->heap = NULL;
	q->len = q->cap = 0;
}

struct sim_timer *evq_peek(const struct evq *q)
{
	return q->len ? q->heap[0].t : NULL;
}

static void evq_remove(struct evq *q, struct sim_timer *t)
{
	uint32_t i = t->index - 1;
	struct evq_slot last = q->heap[--q->len];

	t->index = 0;
	if (i == q->len)
		return;
	place(q, i, last);
	if (i > 0 && before(&last, &q->heap[(i - 1) / ARITY]))
		sift_up(q, i);
	else
		sift_down(q, i);
}

/* The timer's key changed and only grew: sift it down from its slot. */
static void rekey_down(struct evq *q, struct sim_timer *t)
{
	struct evq_slot *s = &q->heap[t->index - 1];

	s->at = t->at;
	s->seq = t->seq;
	sift_down(q, t->index - 1);
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
		rekey_down(q, t);
		return;
	}
	if (t->index)
		evq_remove(q, t);
	t->at = at;
	t->seq = sim->next_seq++;
	if (q->len == q->cap) {
		q->cap *= 2;
		q->heap = g_renew(struct evq_slot, q->heap, q->cap);
	}
	q->heap[q->len] = (struct evq_slot){ t->at, t->seq, t };
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
	while (q->len && q->heap[0].at <= last && !sim->stopping &&
	       (!sim->max_events || sim->events_run < sim->max_events)) {
		struct sim_timer *t = q->heap[0].t;

		g_assert(t->at >= sim->now);	/* time never goes backwards */
		sim->now = t->at;
		sim->events_run++;
		if (sim->watch && (sim->events_run & (SIM_WATCH_EVERY - 1)) == 0)
			sim->watch(sim, sim->watch_arg);
		if (t->period > 0) {
			/* Re-arm first: the callback may cancel or re-period it. */
			t->at = later(t->at, t->period);
			t->seq = sim->next_seq++;
			rekey_down(q, t);
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
	if (until > sim->now && !sim->stopping &&
	    (!sim->max_events || sim->events_run < sim->max_events))
		sim->now = until;
}
