/*
 * flow_rx.c - a flow's receiver: order, gaps, duplicates, late arrivals.
 *
 * DOC: The receiver (struct flow_rx, flows' and pings' alike) implements
 * RFC 4737: a packet is in order if s >= NextExp (then NextExp = s + 1),
 * else reordered.  Its reorder extent is i - j, i its arrival position and
 * j the position of the earliest arrival with a higher number.  A hole (s
 * > NextExp) is recorded as a gap; packets that later arrive inside it are
 * counted as its "late".
 *
 * The gaps are also the duplicate test: every number below NextExp either
 * arrived in order or lies in a gap, so it was seen unless it is in a gap
 * and still missing there.  A gap with no late packet is missing whole, one
 * with as many late packets as it missed nothing; only a partly filled gap
 * keeps its missing numbers, as holes (ranges sorted by number that late
 * arrivals shrink, split and remove).  And a gap gives the extent: the
 * earliest arrival numbered above a missing s is the one that revealed s's
 * gap (every arrival before that one was below the gap), so each gap keeps
 * that arrival's position.  Memory is O(gaps + holes of partly filled
 * gaps), none of it per packet: in-order traffic keeps nothing at all.
 * Nor does it search: a number past the end of the last gap is in none,
 * and with that end and the time of the next watched moment at hand, the
 * next in-order arrival only updates counters.  Duplicates are counted and
 * otherwise ignored, as the RFC asks.
 *
 * A queue that overflows for seconds opens a gap per lost packet, so the
 * gaps alone would grow with the run.  Once FLOW_RX_GAPS_KEPT are kept, the
 * oldest ones whose every number is settled (resolved in the ledger: no
 * copy alive, so no late packet and no duplicate can come) are retired in
 * one batch: counted, offered to a heap of the FLOW_GAPS_LISTED longest
 * (the report lists no others, and the longest of all is among them), and
 * passed to the owner's hook with their holes.  The next batch is tried
 * when the kept ones have doubled, so a ledger held back by one packet
 * stuck in a queue costs no quadratic rescans.
 */
#include "apps.h"

void flow_rx_init(struct flow_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
	rx->first_rx_at = -1;
	rx->last_rx_at = -1;
	rx->holes = g_array_new(FALSE, FALSE, sizeof(struct flow_rx_hole));
	rx->gaps = g_array_new(FALSE, FALSE, sizeof(struct flow_gap));
	rx->watches = g_array_new(FALSE, FALSE, sizeof(struct flow_rx_watch));
	rx->next_watch = 0;
	rx->watch_at = SIM_TIME_NEVER;
	rx->kept = FLOW_RX_GAPS_KEPT;
	rx->retire_at = G_MAXUINT;
	rx->longest = g_array_new(FALSE, FALSE, sizeof(struct flow_gap));
}

void flow_rx_settle(struct flow_rx *rx, const uint32_t *settled, guint kept)
{
	rx->settled = settled;
	rx->kept = kept ? kept : FLOW_RX_GAPS_KEPT;
	rx->retire_at = rx->kept;
}

void flow_rx_on_retire(struct flow_rx *rx,
		       void (*fn)(void *arg, const struct flow_gap *g,
				  const struct flow_rx_hole *holes, guint n_holes),
		       void *arg)
{
	rx->on_retire = fn;
	rx->on_retire_arg = arg;
}

void flow_rx_fini(struct flow_rx *rx)
{
	g_array_free(rx->holes, TRUE);
	g_array_free(rx->gaps, TRUE);
	g_array_free(rx->watches, TRUE);
	g_array_free(rx->longest, TRUE);
	memset(rx, 0, sizeof(*rx));
}

/*
 * How many elements of @a, sorted by the uint32_t at byte @off of each
 * (a gap's first_seq, a hole's first), start at or before @seq.
 */
static guint starting_upto(const GArray *a, size_t off, uint32_t seq)
{
	guint size = g_array_get_element_size((GArray *)a);
	guint lo = 0, hi = a->len;

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		uint32_t first;

		memcpy(&first, a->data + (size_t)mid * size + off, sizeof(first));
		if (first <= seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Index of the gap whose missing range holds @seq, or -1. */
static gint gap_of(const struct flow_rx *rx, uint32_t seq)
{
	const struct flow_gap *g;
	guint n;

	if (seq >= rx->gaps_end)
		return -1;			/* in-order traffic asks about the last ones */
	/* the last gap starting at or before seq */
	n = starting_upto(rx->gaps, offsetof(struct flow_gap, first_seq), seq);
	if (n == 0)
		return -1;
	g = &g_array_index(rx->gaps, struct flow_gap, n - 1);
	return seq - g->first_seq < g->missing ? (gint)(n - 1) : -1;
}

/* How many holes start at or before @seq. */
static guint holes_upto(const struct flow_rx *rx, uint32_t seq)
{
	return starting_upto(rx->holes, offsetof(struct flow_rx_hole, first), seq);
}

/* Did @seq, missing in gap @g, arrive late? */
static bool late_seen(const struct flow_rx *rx, const struct flow_gap *g, uint32_t seq)
{
	guint i;
	const struct flow_rx_hole *h;

	if (g->late == 0)
		return false;
	if (g->late == g->missing)
		return true;
	i = holes_upto(rx, seq);
	if (i == 0)
		return true;
	h = &g_array_index(rx->holes, struct flow_rx_hole, i - 1);
	return seq - h->first >= h->count;
}

bool flow_rx_seen(const struct flow_rx *rx, uint32_t seq)
{
	gint g;

	if (seq >= rx->next_exp)
		return false;
	if (seq >= rx->gaps_end)
		return true;		/* below NextExp, in no gap: it came in order */
	g = gap_of(rx, seq);
	return g < 0 || late_seen(rx, &g_array_index(rx->gaps, struct flow_gap, g), seq);
}

/* @seq, in hole number @i, arrived: take it out of the hole. */
static void hole_fill(struct flow_rx *rx, guint i, uint32_t seq)
{
	struct flow_rx_hole *h = &g_array_index(rx->holes, struct flow_rx_hole, i);
	uint32_t end = h->first + h->count;

	if (h->count == 1) {
		g_array_remove_index(rx->holes, i);
	} else if (seq == h->first) {
		h->first++;
		h->count--;
	} else if (seq == end - 1) {
		h->count--;
	} else {
		struct flow_rx_hole after = { seq + 1, end - (seq + 1) };

		h->count = seq - h->first;
		g_array_insert_val(rx->holes, i + 1, after);
	}
}

/* @seq, missing in gap @g, arrived late. */
static void late_fill(struct flow_rx *rx, struct flow_gap *g, uint32_t seq)
{
	uint32_t end = g->first_seq + g->missing;
	guint i = holes_upto(rx, seq);

	if (g->late == 0 && g->missing > 1) {
		/* the first one back: what is still missing needs a record now */
		struct flow_rx_hole h[2];
		guint n = 0;

		if (seq > g->first_seq)
			h[n++] = (struct flow_rx_hole){ g->first_seq, seq - g->first_seq };
		if (seq + 1 < end)
			h[n++] = (struct flow_rx_hole){ seq + 1, end - (seq + 1) };
		g_array_insert_vals(rx->holes, i, h, n);
	} else if (g->late > 0) {
		g_assert(i > 0);
		hole_fill(rx, i - 1, seq);
	}
	g->late++;
}

/*
 * @seq, below NextExp, arrived as the receiver's arrival number @pos: a
 * duplicate (false), or a late packet of its gap (true).
 */
static bool late_arrival(struct flow_rx *rx, uint32_t seq, uint64_t pos)
{
	gint i = gap_of(rx, seq);
	struct flow_gap *g;
	uint64_t extent;

	if (i < 0 || late_seen(rx, &g_array_index(rx->gaps, struct flow_gap, i), seq)) {
		rx->duplicated++;
		return false;
	}
	g = &g_array_index(rx->gaps, struct flow_gap, i);
	extent = pos - g->revealed_pos;
	rx->reordered++;
	if (extent > rx->max_reorder_extent)
		rx->max_reorder_extent = extent;
	late_fill(rx, g, seq);
	return true;
}

/* The order of the report's list: longest first; of two as long, the earlier. */
static bool listed_before(const struct flow_gap *x, const struct flow_gap *y)
{
	sim_time_t dx = flow_gap_duration(x), dy = flow_gap_duration(y);

	return dx != dy ? dx > dy : x->first_seq < y->first_seq;
}

/* The heap of the longest retired gaps keeps on top the one listed last. */
static void longest_sift_down(GArray *h, guint i)
{
	struct flow_gap *a = (struct flow_gap *)(void *)h->data;

	for (;;) {
		guint c = 2 * i + 1, last = i;

		if (c < h->len && listed_before(&a[last], &a[c]))
			last = c;
		if (c + 1 < h->len && listed_before(&a[last], &a[c + 1]))
			last = c + 1;
		if (last == i)
			return;
		struct flow_gap t = a[i];

		a[i] = a[last];
		a[last] = t;
		i = last;
	}
}

static void longest_offer(GArray *h, const struct flow_gap *g)
{
	struct flow_gap *a;

	if (h->len < FLOW_GAPS_LISTED) {
		guint i = h->len;

		g_array_append_val(h, *g);
		a = (struct flow_gap *)(void *)h->data;
		while (i > 0 && listed_before(&a[(i - 1) / 2], &a[i])) {
			struct flow_gap t = a[i];

			a[i] = a[(i - 1) / 2];
			a[(i - 1) / 2] = t;
			i = (i - 1) / 2;
		}
		return;
	}
	a = (struct flow_gap *)(void *)h->data;
	if (listed_before(g, &a[0])) {
		a[0] = *g;
		longest_sift_down(h, 0);
	}
}

/* Fold gap @g, with the @n holes still missing in it, into what outlives it. */
static void retire_gap(struct flow_rx *rx, const struct flow_gap *g,
		       const struct flow_rx_hole *holes, guint n)
{
	rx->gaps_retired++;
	rx->retired_end = g->first_seq + g->missing;
	longest_offer(rx->longest, g);
	if (rx->on_retire)
		rx->on_retire(rx->on_retire_arg, g, holes, n);
}

/* At @now: retire the oldest gaps that nothing can change any more. */
static void retire_settled(struct flow_rx *rx, sim_time_t now)
{
	const struct flow_rx_hole *holes = (const struct flow_rx_hole *)(void *)rx->holes->data;
	guint n = 0, h = 0;

	while (n < rx->gaps->len) {
		const struct flow_gap *g = &g_array_index(rx->gaps, struct flow_gap, n);
		uint32_t end = g->first_seq + g->missing;
		guint h_end = h;

		if (end > *rx->settled || g->first_rx_after >= now)
			break;
		if (g->late > 0 && g->late < g->missing)
			while (h_end < rx->holes->len && holes[h_end].first < end)
				h_end++;
		/* no hole: NULL, as an empty array's data may be (no offset on it) */
		retire_gap(rx, g, h_end > h ? holes + h : NULL, h_end - h);
		h = h_end;
		n++;
	}
	g_array_remove_range(rx->gaps, 0, n);
	g_array_remove_range(rx->holes, 0, h);
	rx->retire_at = MAX(rx->kept, 2 * rx->gaps->len);
}

/* @seq, above NextExp, arrived at @now as arrival number @pos: a new gap. */
static void open_gap(struct flow_rx *rx, uint32_t seq, sim_time_t now, uint64_t pos)
{
	struct flow_gap g = {
		.last_rx_before = rx->last_rx_at,
		.first_rx_after = now,
		.first_seq = rx->next_exp,
		.missing = seq - rx->next_exp,
		.revealed_pos = (uint32_t)pos,	/* < 2^32 numbers */
	};

	g_array_append_val(rx->gaps, g);
	rx->gaps_end = seq;
	if (rx->gaps->len >= rx->retire_at && rx->settled)
		retire_settled(rx, now);
}

/* An arrival at @now, after the next watched moment: it passes the watches before @now. */
static void pass_watches(struct flow_rx *rx, sim_time_t now)
{
	while (rx->next_watch < rx->watches->len) {
		struct flow_rx_watch *w = &g_array_index(rx->watches, struct flow_rx_watch,
							 rx->next_watch);

		if (w->t >= now) {
			rx->watch_at = w->t;
			return;
		}
		w->first_after = now;
		w->last_before = rx->last_rx_at;
		w->passed = true;
		rx->next_watch++;
	}
	rx->watch_at = SIM_TIME_NEVER;
}

/* The counters of a unique arrival at @now, @delay after it was sent. */
static inline void count_arrival(struct flow_rx *rx, sim_time_t delay, sim_time_t now,
				 uint32_t bytes)
{
	/* the first unique arrival is the one that sets first_rx_at: asking
	 * received, not first_rx_at, leaves the struct's second line alone */
	if (G_UNLIKELY(rx->received == 0)) {
		rx->delay_min = delay;
		rx->delay_max = delay;
		rx->first_rx_at = now;
	} else {
		if (delay < rx->delay_min)
			rx->delay_min = delay;
		if (delay > rx->delay_max)
			rx->delay_max = delay;
	}
	rx->delay_sum += delay;
	rx->received++;
	rx->bytes += bytes;
}

/* Any arrival but the next in order: a duplicate, a late packet, one after a
 * hole, or one that passes a watched moment. */
static G_GNUC_NO_INLINE void other_arrival(struct flow_rx *rx, uint32_t seq, sim_time_t sent_at,
					   sim_time_t now, uint32_t bytes)
{
	uint64_t pos = rx->received;

	if (seq < rx->next_exp && !late_arrival(rx, seq, pos))
		return;
	count_arrival(rx, now - sent_at, now, bytes);
	if (now > rx->watch_at)
		pass_watches(rx, now);
	if (seq >= rx->next_exp) {
		if (seq > rx->next_exp)
			open_gap(rx, seq, now, pos);
		rx->next_exp = seq + 1;
	}
	rx->last_rx_at = now;
}

/* Most arrivals are the next in order, with no watched moment passed: a
 * few counters, and nothing else to look at. */
void flow_rx_packet(struct flow_rx *rx, uint32_t seq, sim_time_t sent_at, sim_time_t now,
		    uint32_t bytes)
{
	g_assert(seq < UINT32_MAX);
	if (seq != rx->next_exp || now > rx->watch_at) {
		other_arrival(rx, seq, sent_at, now, bytes);
		return;
	}
	count_arrival(rx, now - sent_at, now, bytes);
	rx->next_exp = seq + 1;
	rx->last_rx_at = now;
}

void flow_rx_watch(struct flow_rx *rx, sim_time_t t)
{
	struct flow_rx_watch w = { t, SIM_TIME_NEVER, -1, false };
	guint i = 0;

	g_assert(rx->next_watch == 0 && rx->received == 0);	/* before any arrival */
	while (i < rx->watches->len && g_array_index(rx->watches, struct flow_rx_watch, i).t < t)
		i++;
	if (i < rx->watches->len && g_array_index(rx->watches, struct flow_rx_watch, i).t == t)
		return;
	g_array_insert_val(rx->watches, i, w);
	rx->watch_at = g_array_index(rx->watches, struct flow_rx_watch, 0).t;
}

static const struct flow_rx_watch *find_watch(const struct flow_rx *rx, sim_time_t t)
{
	for (guint i = 0; i < rx->watches->len; i++) {
		const struct flow_rx_watch *w = &g_array_index(rx->watches, struct flow_rx_watch, i);

		if (w->t == t)
			return w;
	}
	return NULL;
}

sim_time_t flow_rx_first_after(const struct flow_rx *rx, sim_time_t t)
{
	const struct flow_rx_watch *w = find_watch(rx, t);

	if (w)
		return w->first_after;
	if (rx->first_rx_at >= 0 && t < rx->first_rx_at)
		return rx->first_rx_at;
	g_assert(rx->first_rx_at < 0 || t >= rx->last_rx_at);	/* else it had to be watched */
	return SIM_TIME_NEVER;
}

sim_time_t flow_rx_last_before(const struct flow_rx *rx, sim_time_t t)
{
	const struct flow_rx_watch *w = find_watch(rx, t);

	if (w)
		return w->passed ? w->last_before : rx->last_rx_at;
	if (rx->first_rx_at < 0 || t < rx->first_rx_at)
		return -1;
	g_assert(t >= rx->last_rx_at);	/* else it had to be watched */
	return rx->last_rx_at;
}

const struct flow_gap *flow_rx_gap_after(const struct flow_rx *rx, sim_time_t t)
{
	guint lo = 0, hi = rx->gaps->len;

	/* Gaps are found in arrival order, so first_rx_after never decreases. */
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;

		if (g_array_index(rx->gaps, struct flow_gap, mid).first_rx_after > t)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo < rx->gaps->len ? &g_array_index(rx->gaps, struct flow_gap, lo) : NULL;
}

uint64_t flow_rx_gap_count(const struct flow_rx *rx)
{
	return rx->gaps_retired + rx->gaps->len;
}

sim_time_t flow_rx_longest_gap(const struct flow_rx *rx)
{
	sim_time_t m = 0;

	for (guint i = 0; i < rx->longest->len; i++)
		m = MAX(m, flow_gap_duration(&g_array_index(rx->longest, struct flow_gap, i)));
	for (guint i = 0; i < rx->gaps->len; i++)
		m = MAX(m, flow_gap_duration(&g_array_index(rx->gaps, struct flow_gap, i)));
	return m;
}

static gint gap_longer(gconstpointer a, gconstpointer b)
{
	const struct flow_gap *x = *(const struct flow_gap *const *)a;
	const struct flow_gap *y = *(const struct flow_gap *const *)b;

	return listed_before(x, y) ? -1 : listed_before(y, x);
}

static gint gap_earlier(gconstpointer a, gconstpointer b)
{
	const struct flow_gap *x = *(const struct flow_gap *const *)a;
	const struct flow_gap *y = *(const struct flow_gap *const *)b;

	return x->first_seq < y->first_seq ? -1 : x->first_seq > y->first_seq;
}

/*
 * Every gap, up to FLOW_GAPS_LISTED; past that (a queue overflowing for
 * seconds opens one per lost packet, and the report would grow by megabytes
 * a second) the longest ones, still in sequence order, and how many were
 * left out: the outages an engineer looks for are the long ones, and the
 * count and totals stay in flow.NAME.gaps and .lost.  The longest of all
 * are among the longest retired ones and the ones still kept.  The order
 * is the receiver's (k); the numbers are @label's (a ping's icmp_seq,
 * which starts at 1 and wraps after 65535).
 */
void flow_rx_gaps_json(const struct flow_rx *rx, struct json *j, flow_seq_label_fn label)
{
	GPtrArray *shown = g_ptr_array_sized_new(rx->longest->len + rx->gaps->len);

	for (guint i = 0; i < rx->longest->len; i++)
		g_ptr_array_add(shown, &g_array_index(rx->longest, struct flow_gap, i));
	for (guint i = 0; i < rx->gaps->len; i++)
		g_ptr_array_add(shown, &g_array_index(rx->gaps, struct flow_gap, i));
	if (shown->len > FLOW_GAPS_LISTED) {
		g_ptr_array_sort(shown, gap_longer);
		g_ptr_array_set_size(shown, FLOW_GAPS_LISTED);
	}
	g_ptr_array_sort(shown, gap_earlier);
	json_int(j, "gaps_not_listed", (int64_t)(flow_rx_gap_count(rx) - shown->len));
	json_begin_array(j, "gaps");
	for (guint i = 0; i < shown->len; i++) {
		const struct flow_gap *g = g_ptr_array_index(shown, i);

		json_begin_object(j, NULL);
		json_int(j, "last_rx_before_ns", g->last_rx_before);
		json_int(j, "first_rx_after_ns", g->first_rx_after);
		json_int(j, "duration_ns", flow_gap_duration(g));
		json_int(j, "first_seq", (int64_t)(label ? label(g->first_seq) : g->first_seq));
		json_int(j, "missing", g->missing);
		json_int(j, "late", g->late);
		json_end_object(j);
	}
	json_end_array(j);
	g_ptr_array_free(shown, TRUE);
}
