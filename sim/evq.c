/*
 * evq.c - a timer wheel, buckets run in place, before two heaps on (at, seq).
 *
 * DOC: Time is cut into buckets 2^shift ns wide; bucket number b = at >> shift.
 * Four parts hold the pending timers, by b relative to cur, the bucket
 * being run:
 *
 *   run    b == cur                      a bucket's timers, in order, popped
 *                                        from the front where they lie
 *   near   b <= cur                      a 4-ary min-heap on (at, seq)
 *   wheel  cur < b < cur + EVQ_BUCKETS   one array of timer pointers per bucket
 *   far    b >= cur + EVQ_BUCKETS         a 4-ary min-heap on (at, seq)
 *
 * The head is the smaller of run's and near's; near only holds what is
 * armed into the current bucket (a zero delay), so usually the head is
 * simply the run's next timer.  When both are empty, cur moves to the next
 * non-empty bucket (a bitmap finds it in a few instructions) and that
 * bucket becomes the run as it is: arming appends, so a bucket is in
 * (at, seq) order unless it holds several times (shift > 0) or lost a
 * timer from its middle (cancelling swaps the last into the hole; such a
 * bucket is marked dirty).  Only those are looked at, and sorted in place
 * when small or heaped into near when not.  Whatever in far then falls
 * inside the wheel moves into it.  Each timer stores its part and its
 * position, so cancelling is a swap, a hole in the run, or a sift, never a
 * search.  Keys are unique, so the order of events is exactly (at, seq)
 * whatever the bucket width: the width only changes the speed.  It adapts:
 * every so many arms, the width is chosen so that the wheel spans the 90th
 * percentile of the delays (one arm in 8 is sampled).
 *
 * For speed (bench/evbench.c; README "Speed" has the steps): arming into
 * a wheel bucket with room calls nothing and sets the bitmap bits without
 * testing them; sim_run() pops the run's next timer, or takes the next
 * bucket whole, inline, and leaves everything else to pop_slow(); buckets
 * hold pointers, not keyed slots, and the run prefetches the timers
 * PREFETCH ahead: with a million timers pending, memory is the cost.
 */
#include <string.h>
#include "sim.h"

#define ARITY 4
#define MASK (EVQ_BUCKETS - 1)
#define SPAN_LOG2 12		/* log2(EVQ_BUCKETS) */
#define RESHAPE_EVERY 65536u	/* arms between two looks at the width */
#define SAMPLE_LOG2 3		/* one arm in 8 goes into the histogram */
/* An unsorted bucket up to this is sorted in place, by insertion: W4 at
 * 1,024 hosts runs ~11 timers to a 32 ns bucket, and heaping those into
 * near cost 3.7 % of all instructions (8 -> 32: no bucket went to near). */
#define SMALL 32
#ifndef PREFETCH
#define PREFETCH 8		/* the run's timers are fetched this many ahead */
#endif
#ifndef OCCUPANCY_LOG2
#define OCCUPANCY_LOG2 0	/* about 1 timer in a bucket in use */
#endif

G_STATIC_ASSERT(EVQ_BUCKETS == 1u << SPAN_LOG2);
G_STATIC_ASSERT(EVQ_BUCKETS <= 64 * 64);

/* (at, seq) as one number: times are never negative, so this orders as
 * the pair does, in two instructions (cmp, sbb) and no branch. */
static inline unsigned __int128 key2(sim_time_t at, uint64_t seq)
{
	return (unsigned __int128)(uint64_t)at << 64 | seq;
}

static inline unsigned __int128 key(const struct evq_slot *s)
{
	return key2(s->at, s->seq);
}

static inline unsigned __int128 tkey(const struct sim_timer *t)
{
	return key2(t->at, t->seq);
}

static inline bool before(const struct evq_slot *a, const struct evq_slot *b)
{
	return key(a) < key(b);
}

static inline struct evq_slot slot_of(struct sim_timer *t)
{
	return (struct evq_slot){ t->at, t->seq, t };
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

static G_GNUC_NO_INLINE void grow_bucket(struct evq_bucket *b)
{
	b->cap = b->cap ? b->cap * 2 : 4;
	b->t = g_renew(struct sim_timer *, b->t, b->cap);
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

static void heap_push(struct evq_array *h, uint32_t home, struct sim_timer *t)
{
	if (G_UNLIKELY(h->len == h->cap))
		grow(h);
	t->home = home;
	h->s[h->len] = slot_of(t);
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

static void far_push(struct evq *q, struct sim_timer *t, uint64_t b)
{
	heap_push(&q->far, EVQ_FAR, t);
	q->far_first = MIN(q->far_first, b);
}

static void far_remove(struct evq *q, uint32_t i)
{
	heap_remove(&q->far, i);
	q->far_first = q->far.len ? bucket_of(q, q->far.s[0].at) : UINT64_MAX;
}

/* ---- the wheel ---- */

static inline void bucket_add(struct evq *q, uint32_t k, struct sim_timer *t)
{
	struct evq_bucket *b = &q->wheel[k];

	if (G_UNLIKELY(b->len == b->cap))
		grow_bucket(b);
	/* set whether or not it was: no branch to mispredict */
	q->bits[k >> 6] |= 1ULL << (k & 63);
	q->summary |= 1ULL << (k >> 6);
	t->home = EVQ_WHEEL + k;
	t->index = b->len + 1;
	b->t[b->len++] = t;
}

static inline void bucket_emptied(struct evq *q, uint32_t k)
{
	q->bits[k >> 6] &= ~(1ULL << (k & 63));
	if (!q->bits[k >> 6])
		q->summary &= ~(1ULL << (k >> 6));
}

/* The last timer takes the place of the one removed: the bucket may be out
 * of order now. */
static void bucket_remove(struct evq *q, uint32_t k, uint32_t i)
{
	struct evq_bucket *b = &q->wheel[k];
	struct sim_timer *last = b->t[--b->len];

	b->t[i]->index = 0;
	if (i != b->len) {
		b->t[i] = last;
		last->index = i + 1;
		q->dirty[k >> 6] |= 1ULL << (k & 63);
	}
	if (!b->len) {
		bucket_emptied(q, k);
		q->dirty[k >> 6] &= ~(1ULL << (k & 63));
	}
}

/* The first non-empty bucket at or after @from, going round; the wheel must
 * not be empty. */
static inline uint32_t next_bucket(const struct evq *q, uint32_t from)
{
	uint32_t w = from >> 6;
	uint64_t m = q->bits[w] & (~0ULL << (from & 63)), s;

	if (G_LIKELY(m))
		return (w << 6) | (uint32_t)__builtin_ctzll(m);
	s = w == 63 ? 0 : q->summary & (~0ULL << (w + 1));
	if (!s)
		s = q->summary;		/* round the end: may be word w again */
	w = (uint32_t)__builtin_ctzll(s);
	return (w << 6) | (uint32_t)__builtin_ctzll(q->bits[w]);
}

/* ---- the queue ---- */

/* Where a timer of bucket @b goes, cur being what it is. */
static inline void put(struct evq *q, struct sim_timer *t, uint64_t b)
{
	if (G_LIKELY(b - q->cur - 1 < EVQ_BUCKETS - 1))
		bucket_add(q, (uint32_t)(b & MASK), t);
	else if (b <= q->cur)
		heap_push(&q->near, EVQ_NEAR, t);
	else
		far_push(q, t, b);
}

/* One arm in 2^SAMPLE_LOG2 tells the histogram its delay. */
static inline void sample(struct evq *q, uint64_t d)
{
	q->hist[d ? 63 - __builtin_clzll(d) : 0]++;
	if (++q->samples >= MAX(RESHAPE_EVERY, 2 * q->len) >> SAMPLE_LOG2)
		q->reshape_due = true;
}

/*
 * An arm before the lone timer of a queue that was empty: that one went to
 * near with cur at its bucket, which is now too late.  cur goes back to
 * now's bucket, where the next event cannot be before, and the lone timer
 * into the wheel.
 */
static G_GNUC_NO_INLINE void rebase(struct evq *q, sim_time_t now)
{
	struct sim_timer *lone = q->near.s[0].t;

	q->near.len = 0;
	q->run_head = q->run_end = 0;	/* holes at most: forget them */
	q->cur = bucket_of(q, now);
	put(q, lone, bucket_of(q, lone->at));
}

static inline __attribute__((always_inline)) void
insert(struct evq *q, struct sim_timer *t, sim_time_t now)
{
	uint64_t b = bucket_of(q, t->at);

	if (G_UNLIKELY(!(t->seq & ((1u << SAMPLE_LOG2) - 1))))
		sample(q, (uint64_t)(t->at - now));
	if (G_UNLIKELY(!q->len++)) {
		/* empty: the queue may start anywhere, here with one in near;
		 * a run has only holes left, which must not see the wheel come
		 * round to their bucket with new timers in it */
		q->run_head = q->run_end = 0;
		q->cur = b;
		if (G_UNLIKELY(!q->near.cap))
			grow(&q->near);
		t->home = EVQ_NEAR;
		t->index = 1;
		q->near.s[0] = slot_of(t);
		q->near.len = 1;
		return;
	}
	if (G_UNLIKELY(b < q->cur) && q->len == 2 && q->near.len == 1)
		rebase(q, now);
	put(q, t, b);
}

static void remove_timer(struct evq *q, struct sim_timer *t)
{
	uint32_t i = t->index - 1;

	q->len--;
	if (t->home >= EVQ_WHEEL) {
		uint32_t k = t->home - EVQ_WHEEL;

		if (k == q->run_k && q->run_head < q->run_end) {
			q->run[i] = NULL;	/* a hole, skipped when the head gets there */
			t->index = 0;
		} else {
			bucket_remove(q, k, i);
		}
	} else if (t->home == EVQ_NEAR) {
		heap_remove(&q->near, i);
	} else {
		far_remove(q, i);
	}
}

/*
 * Choose the width from the delays seen: the wheel should span 90 % of them.
 * Called with near and run empty; a new width empties the wheel into far,
 * and advance() refills it.  The look is made after max(RESHAPE_EVERY, 2 x
 * pending) arms, so re-sorting what is pending costs O(log n) per arm at
 * most.
 */
static void reshape(struct evq *q)
{
	uint64_t want = q->samples - q->samples / 10, half = q->samples / 2, seen = 0;
	unsigned bin = 0, median = 64, shift;
	int occ;

	while (bin < 63 && (seen += q->hist[bin]) < want) {
		if (median == 64 && seen >= half)
			median = bin;
		bin++;
	}
	if (median == 64)
		median = bin;
	/* delays in bin are < 2^(bin + 1): the wheel spans that, */
	shift = bin + 1 > SPAN_LOG2 ? bin + 1 - SPAN_LOG2 : 0;
	/* and the buckets in use hold about 2^OCCUPANCY_LOG2 timers each:
	 * len of them spread over about 2^(bin - 1) ns */
	occ = (int)bin - 1 + OCCUPANCY_LOG2 - (int)g_bit_storage(q->len);
	shift = MAX(shift, (unsigned)MAX(occ, 0));
	/* but no wider than the median delay: with few timers pending and
	 * delays of two kinds (a frame's microseconds, TCP's milliseconds) the
	 * rule above would put most arms into the bucket being run, the near
	 * heap, where each costs a sift */
	shift = MIN(shift, median);
	memset(q->hist, 0, sizeof(q->hist));
	q->samples = 0;
	q->reshape_due = false;
	if (shift == q->shift)
		return;
	for (uint32_t k = 0; q->summary && k < EVQ_BUCKETS; k++) {
		struct evq_bucket *b = &q->wheel[k];

		for (uint32_t i = 0; i < b->len; i++)
			heap_push(&q->far, EVQ_FAR, b->t[i]);
		b->len = 0;
	}
	memset(q->bits, 0, sizeof(q->bits));
	memset(q->dirty, 0, sizeof(q->dirty));
	q->summary = 0;
	q->shift = shift;
	q->far_first = q->far.len ? bucket_of(q, q->far.s[0].at) : UINT64_MAX;
}

/* Bucket @k's timers, in order, become the run: the bucket is empty again
 * and its timers are popped from the front where they are. */
static inline void start_run(struct evq *q, uint32_t k, struct evq_bucket *b)
{
	q->run = b->t;
	q->run_head = 0;
	q->run_end = b->len;
	q->run_k = k;
	b->len = 0;
}

/* A bucket's timers out of order: a few are sorted where they are, more go
 * to near's heap. */
static G_GNUC_NO_INLINE void unsorted(struct evq *q, uint32_t k, struct evq_bucket *b)
{
	struct evq_array *h = &q->near;

	if (b->len <= SMALL) {
		for (uint32_t i = 1; i < b->len; i++) {
			struct sim_timer *x = b->t[i];
			uint32_t j = i;

			for (; j > 0 && tkey(x) < tkey(b->t[j - 1]); j--)
				b->t[j] = b->t[j - 1];
			b->t[j] = x;
		}
		for (uint32_t i = 0; i < b->len; i++)
			b->t[i]->index = i + 1;
		start_run(q, k, b);
		return;
	}
	while (h->cap < b->len)
		grow(h);
	for (uint32_t i = 0; i < b->len; i++) {
		h->s[i] = slot_of(b->t[i]);
		b->t[i]->home = EVQ_NEAR;
		b->t[i]->index = i + 1;
	}
	h->len = b->len;
	b->len = 0;
	for (uint32_t i = (h->len - 2) / ARITY + 1; i-- > 0;)
		sift_down(h, i);
}

static G_GNUC_NO_INLINE bool in_order(struct evq *q, uint32_t k, const struct evq_bucket *b)
{
	bool out = false;

	q->dirty[k >> 6] &= ~(1ULL << (k & 63));
	for (uint32_t i = 1; i < b->len; i++)
		out |= !(tkey(b->t[i - 1]) < tkey(b->t[i]));
	return !out;
}

/* far's timers that now fall before the end of the wheel go into it. */
static G_GNUC_NO_INLINE void migrate(struct evq *q)
{
	while (q->far.len && bucket_of(q, q->far.s[0].at) - q->cur < EVQ_BUCKETS) {
		struct sim_timer *t = q->far.s[0].t;
		uint64_t b = bucket_of(q, t->at);

		heap_remove(&q->far, 0);
		if (b == q->cur)
			heap_push(&q->near, EVQ_NEAR, t);
		else
			bucket_add(q, (uint32_t)(b & MASK), t);
	}
	q->far_first = q->far.len ? bucket_of(q, q->far.s[0].at) : UINT64_MAX;
}

/*
 * Bucket @k, the first in use after cur's index @c, becomes the head: the
 * run when it is in order, else sorted into it or into near.  Appended in
 * arming order, a bucket is in order unless it holds several times (shift
 * > 0) or lost a timer from its middle (dirty): only then is it looked at.
 * Nothing from far can fall into the new cur: far holds buckets past the
 * old cur's wheel.
 */
static inline void take_bucket(struct evq *q, uint32_t c, uint32_t k)
{
	struct evq_bucket *b = &q->wheel[k];

	q->cur += (k - c) & MASK;
	bucket_emptied(q, k);
	if (G_UNLIKELY(q->shift || (q->dirty[k >> 6] >> (k & 63) & 1)) && !in_order(q, k, b))
		unsorted(q, k, b);
	else
		start_run(q, k, b);
	if (G_UNLIKELY(q->far_first - q->cur < EVQ_BUCKETS))
		migrate(q);
}

/* near and run are empty and something is pending: bring the next bucket
 * to the head. */
static void advance(struct evq *q)
{
	if (G_UNLIKELY(q->reshape_due))
		reshape(q);
	if (q->summary) {
		uint32_t c = (uint32_t)(q->cur & MASK);

		take_bucket(q, c, next_bucket(q, (c + 1) & MASK));
		return;
	}
	q->cur = q->far_first;
	migrate(q);
}

void evq_init(struct evq *q)
{
	memset(q, 0, sizeof(*q));
	q->wheel = g_new0(struct evq_bucket, EVQ_BUCKETS);
	q->far_first = UINT64_MAX;
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
	/* the run from its head on, not the holes: the timers before may be
	 * gone; its array is its bucket's, freed with the wheel */
	for (uint32_t i = q->run_head; i < q->run_end; i++)
		if (q->run[i])
			q->run[i]->index = 0;
	array_fini(&q->near);
	array_fini(&q->far);
	for (uint32_t k = 0; q->wheel && k < EVQ_BUCKETS; k++) {
		struct evq_bucket *b = &q->wheel[k];

		for (uint32_t i = 0; i < b->len; i++)
			b->t[i]->index = 0;
		g_free(b->t);
	}
	g_free(q->wheel);
	memset(q, 0, sizeof(*q));
	q->far_first = UINT64_MAX;
}

/* The run's next timer, or NULL when only holes are left. */
static inline struct sim_timer *run_next(const struct evq *q)
{
	for (uint32_t i = q->run_head; i < q->run_end; i++)
		if (q->run[i])
			return q->run[i];
	return NULL;
}

/* The next timer to fire, without moving anything. */
struct sim_timer *evq_peek(const struct evq *q)
{
	struct sim_timer *t = run_next(q);

	if (t && (!q->near.len || tkey(t) < key(&q->near.s[0])))
		return t;
	if (q->near.len)
		return q->near.s[0].t;
	if (q->summary) {
		uint32_t k = next_bucket(q, (uint32_t)((q->cur + 1) & MASK));
		const struct evq_bucket *b = &q->wheel[k];

		t = b->t[0];
		for (uint32_t i = 1; i < b->len; i++)
			t = tkey(b->t[i]) < tkey(t) ? b->t[i] : t;
		return t;
	}
	return q->far.len ? q->far.s[0].t : NULL;
}

/*
 * Off the queue, the next timer if it is due by @last, else NULL (nothing
 * is moved then but what a peek may move: a bucket brought to the head).
 * Everything the loop in sim_run() does not do itself: holes, near, a new
 * bucket that is not simply in order, far.
 */
static G_GNUC_NO_INLINE struct sim_timer *pop_slow(struct evq *q, sim_time_t last)
{
	struct sim_timer *t;

	for (;;) {
		while (q->run_head < q->run_end && !q->run[q->run_head])
			q->run_head++;
		if (q->run_head < q->run_end || q->near.len)
			break;
		if (!q->len)
			return NULL;
		advance(q);
	}
	if (q->run_head < q->run_end &&
	    (!q->near.len || tkey(q->run[q->run_head]) < key(&q->near.s[0]))) {
		t = q->run[q->run_head];
		if (t->at > last)
			return NULL;
		q->run_head++;
		return t;
	}
	if (q->near.s[0].at > last)
		return NULL;
	t = q->near.s[0].t;
	if (q->near.len == 1)
		q->near.len = 0;
	else
		heap_remove(&q->near, 0);
	return t;
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

static G_GNUC_NO_INLINE void arm_slow(struct sim *sim, struct sim_timer *t, sim_time_t at)
{
	g_assert(at >= sim->now);
	if (t->index)
		remove_timer(&sim->q, t);
	t->at = at;
	t->seq = sim->next_seq++;
	insert(&sim->q, t, sim->now);
}

/*
 * SIM_TIME_NEVER is a valid @at: the timer stays pending and a run bounded
 * by any earlier time never fires it.  The common case - not pending, into
 * a wheel bucket with room - is done here, calling nothing; anything else
 * goes the general way.
 */
void sim_timer_arm(struct sim *sim, struct sim_timer *t, sim_time_t at)
{
	struct evq *q = &sim->q;
	uint64_t b = bucket_of(q, at), seq = sim->next_seq;
	uint32_t k = (uint32_t)(b & MASK);
	struct evq_bucket *a = &q->wheel[k];

	if (G_UNLIKELY(at < sim->now || t->index || b - q->cur - 1 >= EVQ_BUCKETS - 1 ||
		       a->len == a->cap)) {
		arm_slow(sim, t, at);
		return;
	}
	sim->next_seq = seq + 1;
	t->at = at;
	t->seq = seq;
	if (G_UNLIKELY(!(seq & ((1u << SAMPLE_LOG2) - 1))))
		sample(q, (uint64_t)(at - sim->now));
	q->len++;
	bucket_add(q, k, t);
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

/* Both cache lines a timer may straddle. */
static inline void prefetch_timer(const struct sim_timer *t)
{
	__builtin_prefetch(t, 1);
	__builtin_prefetch((const char *)t + sizeof(*t) - 1, 1);
}

/*
 * The loop does per event only what every event needs: the next timer is
 * usually the run's next, or the first of the next bucket, which then
 * becomes the run; and the limits (max_events, the watcher's turn) are one
 * comparison each against counts worked out before.  Anything else is
 * pop_slow()'s.
 */
void sim_run(struct sim *sim, sim_time_t until)
{
	struct evq *q = &sim->q;
	/* NEVER means never, even for a run to the end of time: a periodic
	 * timer parked there would otherwise fire at NEVER forever. */
	sim_time_t last = MIN(until, SIM_TIME_NEVER - 1);
	uint64_t limit = sim->max_events ? sim->max_events : UINT64_MAX;
	uint64_t watch_at = sim->watch ? (sim->events_run | (SIM_WATCH_EVERY - 1)) + 1 : UINT64_MAX;

	sim->stopping = false;
	while (!sim->stopping && sim->events_run < limit) {
		struct sim_timer *t;
		uint32_t i;

		/* Off the queue before the callback, which may arm it again. */
		if (G_LIKELY(q->run_head < q->run_end)) {
			t = q->run[q->run_head];
			if (G_UNLIKELY(!t) ||
			    (G_UNLIKELY(q->near.len) && !(tkey(t) < key(&q->near.s[0]))))
				goto slow;
		} else if (G_LIKELY(!q->near.len && q->summary && !q->reshape_due)) {
			uint32_t c = (uint32_t)(q->cur & MASK);

			take_bucket(q, c, next_bucket(q, (c + 1) & MASK));
			if (G_UNLIKELY(q->run_head == q->run_end))
				goto slow;	/* it went to near */
			t = q->run[0];
		} else {
			goto slow;
		}
		if (t->at > last)
			break;
		i = ++q->run_head;
		if (i + PREFETCH - 1 < q->run_end)
			prefetch_timer(q->run[i + PREFETCH - 1]);
		goto fire;
slow:
		if (!(t = pop_slow(q, last)))
			break;
fire:
		sim->now = t->at;
		t->index = 0;
		q->len--;
		if (G_UNLIKELY(++sim->events_run == watch_at)) {
			watch_at += SIM_WATCH_EVERY;
			sim->watch(sim, sim->watch_arg);
		}
		/* a periodic timer is re-armed first, and the callback may cancel
		 * it or change its period */
		if (G_UNLIKELY(t->period > 0)) {
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
