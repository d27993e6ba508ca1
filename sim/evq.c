/*
 * evq.c - a wheel of buckets in front of two 4-ary heaps, keyed by (at, seq).
 *
 * DOC: Time is cut into buckets 2^shift ns wide; bucket number b = at >> shift.
 * Three parts hold the pending timers, by b relative to cur, the bucket
 * being run:
 *
 *   near   b <= cur                      a 4-ary min-heap on (at, seq)
 *   wheel  cur < b < cur + EVQ_BUCKETS   one unsorted array per bucket
 *   far    b >= cur + EVQ_BUCKETS         a 4-ary min-heap on (at, seq)
 *
 * Everything in near comes before everything in the wheel, which comes
 * before everything in far, so the head of near is the next event.  When
 * near runs dry, cur moves to the next non-empty bucket (a bitmap finds it
 * in a few instructions), that bucket is heapified into near, and whatever
 * in far now falls inside the wheel moves into it.  A bucket that is
 * already in (at, seq) order - arming appends, so one whose timers share a
 * time usually is - goes instead to "run", which is popped from the front
 * with no sifting; near's heap then holds only what is armed into the
 * current bucket, and the head is the smaller of the two.  Arming appends to a
 * bucket (O(1)) in the common case; each timer stores its part and its
 * position, so cancelling is a swap with the bucket's last slot or a sift
 * from where it is, never a search.  Keys are unique, so the order of
 * events is exactly (at, seq) whatever the bucket width: the width only
 * changes the speed.  It adapts: every so many arms, the width is chosen
 * so that the wheel spans the 90th percentile of the delays seen.
 */
#include <string.h>
#include "sim.h"

#define ARITY 4
#define MASK (EVQ_BUCKETS - 1)
#define SPAN_LOG2 12		/* log2(EVQ_BUCKETS) */
#define RESHAPE_EVERY 65536u	/* arms between two looks at the width */
#ifndef OCCUPANCY_LOG2
#define OCCUPANCY_LOG2 0	/* about 1 timer in a bucket in use */
#endif

G_STATIC_ASSERT(EVQ_BUCKETS == 1u << SPAN_LOG2);
G_STATIC_ASSERT(EVQ_BUCKETS <= 64 * 64);

static inline bool before(const struct evq_slot *a, const struct evq_slot *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

static inline uint64_t bucket_of(const struct evq *q, sim_time_t at)
{
	return (uint64_t)at >> q->shift;
}

static G_GNUC_NO_INLINE void grow(struct evq_array *a)
{
	a->cap = a->cap ? a->cap * 2 : 4;
	a->s = g_renew(struct evq_slot, a->s, a->cap);
}

/* ---- the two heaps ---- */

static inline void place(struct evq_array *h, uint32_t i, struct evq_slot s)
{
	h->s[i] = s;
	s.t->index = i + 1;
}

static void sift_up(struct evq_array *h, uint32_t i)
{
	struct evq_slot s = h->s[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / ARITY;

		if (!before(&s, &h->s[parent]))
			break;
		place(h, i, h->s[parent]);
		i = parent;
	}
	place(h, i, s);
}

static void sift_down(struct evq_array *h, uint32_t i)
{
	struct evq_slot s = h->s[i];
	const struct evq_slot *a = h->s;

	for (;;) {
		uint32_t first = i * ARITY + 1, best, end = first + ARITY;

		if (first >= h->len)
			break;
		if (end > h->len)
			end = h->len;
		/* the smallest child by selects, not branches: with random keys
		 * the branches would be mispredicted half of the time */
		best = first;
		for (uint32_t c = first + 1; c < end; c++)
			best = before(&a[c], &a[best]) ? c : best;
		if (!before(&a[best], &s))
			break;
		place(h, i, a[best]);
		i = best;
	}
	place(h, i, s);
}

static void heap_push(struct evq_array *h, uint32_t home, struct evq_slot s)
{
	if (G_UNLIKELY(h->len == h->cap))
		grow(h);
	s.t->home = home;
	h->s[h->len] = s;
	sift_up(h, h->len++);
}

static void heap_remove(struct evq_array *h, uint32_t i)
{
	struct evq_slot last = h->s[--h->len];

	h->s[i].t->index = 0;
	if (i == h->len)
		return;
	place(h, i, last);
	if (i > 0 && before(&last, &h->s[(i - 1) / ARITY]))
		sift_up(h, i);
	else
		sift_down(h, i);
}

/* ---- the wheel ---- */

static inline void bucket_add(struct evq *q, uint32_t k, struct evq_slot s)
{
	struct evq_array *b = &q->wheel[k];

	if (G_UNLIKELY(b->len == b->cap))
		grow(b);
	if (b->len == 0) {
		q->bits[k >> 6] |= 1ULL << (k & 63);
		q->summary |= 1ULL << (k >> 6);
	}
	s.t->home = EVQ_WHEEL + k;
	s.t->index = b->len + 1;
	b->s[b->len++] = s;
	q->wheel_len++;
}

static void bucket_emptied(struct evq *q, uint32_t k)
{
	q->bits[k >> 6] &= ~(1ULL << (k & 63));
	if (!q->bits[k >> 6])
		q->summary &= ~(1ULL << (k >> 6));
}

static void bucket_remove(struct evq *q, uint32_t k, uint32_t i)
{
	struct evq_array *b = &q->wheel[k];
	struct evq_slot last = b->s[--b->len];

	b->s[i].t->index = 0;
	if (i != b->len) {
		b->s[i] = last;
		last.t->index = i + 1;
	}
	if (!b->len)
		bucket_emptied(q, k);
	q->wheel_len--;
}

/* The first non-empty bucket at or after @from, going round; the wheel must
 * not be empty. */
static uint32_t next_bucket(const struct evq *q, uint32_t from)
{
	uint32_t w = from >> 6;
	uint64_t m = q->bits[w] & (~0ULL << (from & 63)), s;

	if (m)
		return (w << 6) | (uint32_t)__builtin_ctzll(m);
	s = w == 63 ? 0 : q->summary & (~0ULL << (w + 1));
	if (!s)
		s = q->summary;		/* round the end: may be word w again */
	w = (uint32_t)__builtin_ctzll(s);
	return (w << 6) | (uint32_t)__builtin_ctzll(q->bits[w]);
}

/* ---- the queue ---- */

static inline __attribute__((always_inline)) void
insert(struct evq *q, struct sim_timer *t, sim_time_t now)
{
	struct evq_slot s = { t->at, t->seq, t };
	uint64_t b = bucket_of(q, t->at);
	uint64_t d = (uint64_t)(t->at - now);

	q->hist[d ? 63 - __builtin_clzll(d) : 0]++;
	q->samples++;
	if (!q->len++) {
		/* empty: the queue may start anywhere, here with one in near */
		q->cur = b;
		if (G_UNLIKELY(!q->near.cap))
			grow(&q->near);
		t->home = EVQ_NEAR;
		t->index = 1;
		q->near.s[0] = s;
		q->near.len = 1;
		return;
	}
	if (b <= q->cur)
		heap_push(&q->near, EVQ_NEAR, s);
	else if (b - q->cur < EVQ_BUCKETS)
		bucket_add(q, (uint32_t)(b & MASK), s);
	else
		heap_push(&q->far, EVQ_FAR, s);
}

static void remove_timer(struct evq *q, struct sim_timer *t)
{
	uint32_t i = t->index - 1;

	q->len--;
	if (t->home == EVQ_NEAR) {
		heap_remove(&q->near, i);
	} else if (t->home == EVQ_RUN) {
		q->run.s[i].t = NULL;	/* a hole, skipped when the head gets there */
		q->run_live--;
		t->index = 0;
	} else if (t->home == EVQ_FAR)
		heap_remove(&q->far, i);
	else
		bucket_remove(q, t->home - EVQ_WHEEL, i);
}

/*
 * Choose the width from the delays seen: the wheel should span 90 % of them.
 * Called with near empty; a new width empties the wheel into far, and
 * advance() refills it.  The look is made after max(RESHAPE_EVERY, 2 x
 * pending) arms, so re-sorting what is pending costs O(log n) per arm at
 * most.
 */
static void reshape(struct evq *q)
{
	uint64_t want = q->samples - q->samples / 10, seen = 0;
	unsigned bin = 0, shift;
	int occ;

	while (bin < 63 && (seen += q->hist[bin]) < want)
		bin++;
	/* delays in bin are < 2^(bin + 1): the wheel spans that, */
	shift = bin + 1 > SPAN_LOG2 ? bin + 1 - SPAN_LOG2 : 0;
	/* and the buckets in use hold about 2^OCCUPANCY_LOG2 timers each:
	 * len of them spread over about 2^(bin - 1) ns */
	occ = (int)bin - 1 + OCCUPANCY_LOG2 - (int)g_bit_storage(q->len);
	shift = MAX(shift, (unsigned)MAX(occ, 0));
	memset(q->hist, 0, sizeof(q->hist));
	q->samples = 0;
	if (shift == q->shift)
		return;
	for (uint32_t k = 0; q->wheel_len && k < EVQ_BUCKETS; k++) {
		struct evq_array *b = &q->wheel[k];

		for (uint32_t i = 0; i < b->len; i++)
			heap_push(&q->far, EVQ_FAR, b->s[i]);
		q->wheel_len -= b->len;
		b->len = 0;
	}
	memset(q->bits, 0, sizeof(q->bits));
	q->summary = 0;
	q->shift = shift;
}

/* near and run are empty and something is pending: bring the next bucket
 * into near, or into run when it is sorted. */
static void advance(struct evq *q)
{
	struct evq_array *h = &q->near;

	q->run.len = q->run_head = 0;	/* only holes are left in it */
	if (q->samples >= MAX(RESHAPE_EVERY, 2 * q->len))
		reshape(q);
	if (q->wheel_len) {
		uint32_t c = (uint32_t)(q->cur & MASK);
		uint32_t k = next_bucket(q, (c + 1) & MASK);
		struct evq_array *b = &q->wheel[k], *to, spare;
		bool sorted = true;
		uint32_t home;

		q->cur += (k - c) & MASK;
		/* Appended in arming order, a bucket is often sorted already (all
		 * of it at one time, say): then it is run as it is, in order. */
		for (uint32_t i = 1; i < b->len && sorted; i++)
			sorted = before(&b->s[i - 1], &b->s[i]);
		to = sorted ? &q->run : h;
		home = sorted ? EVQ_RUN : EVQ_NEAR;
		/* the bucket's array becomes near's or run's, and their empty
		 * one the bucket's */
		spare = *to;
		*to = *b;
		*b = spare;
		bucket_emptied(q, k);
		q->wheel_len -= to->len;
		for (uint32_t i = 0; i < to->len; i++) {
			to->s[i].t->home = home;
			to->s[i].t->index = i + 1;
		}
		if (sorted)
			q->run_live = to->len;
		else if (h->len > 1)
			for (uint32_t i = (h->len - 2) / ARITY + 1; i-- > 0;)
				sift_down(h, i);
	} else {
		q->cur = bucket_of(q, q->far.s[0].at);
	}
	/* far keeps only what lies beyond the wheel */
	while (q->far.len && bucket_of(q, q->far.s[0].at) - q->cur < EVQ_BUCKETS) {
		struct evq_slot s = q->far.s[0];
		uint64_t b = bucket_of(q, s.at);

		heap_remove(&q->far, 0);
		if (b == q->cur)
			heap_push(h, EVQ_NEAR, s);
		else
			bucket_add(q, (uint32_t)(b & MASK), s);
	}
}

void evq_init(struct evq *q)
{
	memset(q, 0, sizeof(*q));
	q->wheel = g_new0(struct evq_array, EVQ_BUCKETS);
}

static void array_fini(struct evq_array *a)
{
	for (uint32_t i = 0; i < a->len; i++)
		a->s[i].t->index = 0;
	g_free(a->s);
	*a = (struct evq_array){ NULL, 0, 0 };
}

void evq_fini(struct evq *q)
{
	for (uint32_t i = q->run_head; i < q->run.len; i++)
		if (q->run.s[i].t)
			q->run.s[i].t->index = 0;
	q->run.len = 0;
	array_fini(&q->run);
	array_fini(&q->near);
	array_fini(&q->far);
	for (uint32_t k = 0; q->wheel && k < EVQ_BUCKETS; k++)
		array_fini(&q->wheel[k]);
	g_free(q->wheel);
	memset(q, 0, sizeof(*q));
}

/* The next timer to fire, without moving anything. */
struct sim_timer *evq_peek(const struct evq *q)
{
	if (q->run_live) {
		uint32_t i = q->run_head;

		while (!q->run.s[i].t)
			i++;
		if (!q->near.len || before(&q->run.s[i], &q->near.s[0]))
			return q->run.s[i].t;
	}
	if (q->near.len)
		return q->near.s[0].t;
	if (q->wheel_len) {
		uint32_t k = next_bucket(q, (uint32_t)((q->cur + 1) & MASK));
		const struct evq_array *b = &q->wheel[k];
		uint32_t best = 0;

		for (uint32_t i = 1; i < b->len; i++)
			best = before(&b->s[i], &b->s[best]) ? i : best;
		return b->s[best].t;
	}
	return q->far.len ? q->far.s[0].t : NULL;
}

void sim_timer_init(struct sim_timer *t, sim_timer_fn fn, void *arg)
{
	t->at = 0;
	t->seq = 0;
	t->index = 0;
	t->home = 0;
	t->period = 0;
	t->fn = fn;
	t->arg = arg;
}

/* SIM_TIME_NEVER is a valid @at: the timer stays pending and a run bounded
 * by any earlier time never fires it. */
void sim_timer_arm(struct sim *sim, struct sim_timer *t, sim_time_t at)
{
	g_assert(at >= sim->now);
	if (t->index)
		remove_timer(&sim->q, t);
	t->at = at;
	t->seq = sim->next_seq++;
	insert(&sim->q, t, sim->now);
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
	if (t->index)
		remove_timer(&sim->q, t);
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
	while (q->len && !sim->stopping &&
	       (!sim->max_events || sim->events_run < sim->max_events)) {
		struct sim_timer *t;
		bool from_run = false;

		if (!q->near.len && !q->run_live)
			advance(q);
		if (q->run_live) {
			while (!q->run.s[q->run_head].t)
				q->run_head++;
			from_run = !q->near.len ||
				   before(&q->run.s[q->run_head], &q->near.s[0]);
		}
		t = from_run ? q->run.s[q->run_head].t : q->near.s[0].t;
		if (t->at > last)
			break;
		g_assert(t->at >= sim->now);	/* time never goes backwards */
		sim->now = t->at;
		sim->events_run++;
		if (sim->watch && (sim->events_run & (SIM_WATCH_EVERY - 1)) == 0)
			sim->watch(sim, sim->watch_arg);
		/* Off the queue before the callback, which may arm it again; a
		 * periodic timer is re-armed first, and the callback may cancel
		 * it or change its period. */
		if (from_run) {
			q->run_head++;
			q->run_live--;
			t->index = 0;
		} else if (q->near.len == 1) {
			q->near.len = 0;
			t->index = 0;
		} else {
			heap_remove(&q->near, 0);
		}
		q->len--;
		if (t->period > 0) {
			t->at = later(t->at, t->period);
			t->seq = sim->next_seq++;
			insert(q, t, sim->now);
		}
		t->fn(sim, t->arg);
	}
	if (until > sim->now && !sim->stopping &&
	    (!sim->max_events || sim->events_run < sim->max_events))
		sim->now = until;
}
