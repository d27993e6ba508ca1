/*
 * reorder.c - RFC 5236 Reorder Density and Reorder Buffer-occupancy Density.
 *
 * DOC: RD runs the RFC's stay-back evaluation driven by arrivals instead of
 * pulling them: an arrival that is not a duplicate joins the look-ahead
 * window, and once the window holds dt + 1 arrivals its oldest one is given
 * its receive index.  That index is the current RI if packet RI is somewhere
 * in sight (in the window, or among the early arrivals that already took an
 * index); otherwise RI and the numbers after it are declared lost up to the
 * next number in sight, which becomes RI.  An early arrival (D < 0) is
 * remembered until RI reaches its number, which is how a number that came
 * early is known to be present.  The early set only ever holds numbers in
 * [RI, RI + dt - 1], hence at most dt of them.
 *
 * RBD follows the RFC's buffer algorithm with one repair.  When the buffer
 * is full and another early packet S arrives, the RFC's pseudo-code skips
 * the missing numbers in front of the first held one (or of S), releases the
 * run that follows, and counts the occupancy, but never stores S when that
 * run does not reach it: S would then vanish although it arrived, and the
 * buffer would later wait for it as if it were missing.  Here S is stored in
 * that case (the release freed at least one place), as section 3.8 defines
 * the buffer (every arrival above E is held) and as the authors' earlier
 * look-ahead RBD algorithm (CNRL, 2004) does.  The RFC's examples do not
 * reach this case.
 *
 * The sets are small arrays searched linearly: dt is a handful to a few
 * hundred packets, and the RFC's own cost is O(dt) per arrival.  But most
 * arrivals are in order, above every number in sight: the highest number
 * that ever entered the window answers them without a search.
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include "reorder.h"

void reorder_density_init(struct reorder_density *r, uint32_t dt)
{
	g_assert(dt < (1u << 24));
	memset(r, 0, sizeof(*r));
	r->dt = dt;
	r->window = g_new0(uint64_t, (gsize)dt + 1);
	r->early = g_new0(uint64_t, (gsize)dt + 1);
	r->held = g_new0(uint64_t, (gsize)dt + 1);
	r->rd_freq = g_new0(uint64_t, 2 * (gsize)dt + 1);
	r->rbd_freq = g_new0(uint64_t, (gsize)dt + 1);
}

void reorder_density_fini(struct reorder_density *r)
{
	g_free(r->window);
	g_free(r->early);
	g_free(r->held);
	g_free(r->rd_freq);
	g_free(r->rbd_freq);
	memset(r, 0, sizeof(*r));
}

/* ---------------------------------------------------------------- small sets */

static bool set_has(const uint64_t *set, uint32_t len, uint64_t v)
{
	for (uint32_t i = 0; i < len; i++)
		if (set[i] == v)
			return true;
	return false;
}

/* Remove @v if present (order does not matter: swap with the last). */
static bool set_remove(uint64_t *set, uint32_t *len, uint64_t v)
{
	for (uint32_t i = 0; i < *len; i++) {
		if (set[i] == v) {
			set[i] = set[--*len];
			return true;
		}
	}
	return false;
}

static uint64_t set_min(const uint64_t *set, uint32_t len, uint64_t min)
{
	for (uint32_t i = 0; i < len; i++)
		if (set[i] < min)
			min = set[i];
	return min;
}

/* ------------------------------------------------------------------------ RD */

/* Slot @i of the window ring, which holds dt + 1 (no division: it runs per arrival). */
static uint32_t window_slot(const struct reorder_density *r, uint32_t i)
{
	uint32_t k = r->win_head + i;

	return k > r->dt ? k - (r->dt + 1) : k;
}

static uint64_t window_at(const struct reorder_density *r, uint32_t i)
{
	return r->window[window_slot(r, i)];
}

static bool window_has(const struct reorder_density *r, uint64_t v)
{
	uint32_t end = r->win_head + r->win_len;
	uint32_t wrap = end > r->dt + 1 ? end - (r->dt + 1) : 0;

	/* the ring as its two runs: win_head to the end, and 0 to what wrapped */
	return set_has(r->window + r->win_head, r->win_len - wrap, v) ||
	       set_has(r->window, wrap, v);
}

/* Packet number @v has arrived and is waiting for, or holding, an index. */
static bool rd_in_sight(const struct reorder_density *r, uint64_t v)
{
	/* in order, each arrival is above all before it: no search */
	if (v > r->sight_max)
		return false;
	return window_has(r, v) || set_has(r->early, r->early_len, v);
}

/* The oldest pending arrival takes its receive index, or is discarded. */
static void rd_assign(struct reorder_density *r)
{
	int64_t dt = r->dt, d;
	uint64_t s;

	g_assert(r->win_len > 0);
	if (!rd_in_sight(r, r->ri)) {
		/* Packet RI did not come in time: it is lost, and so is every
		 * number up to the next one in sight (the RFC steps RI there
		 * one number at a time). */
		uint64_t m = UINT64_MAX;

		for (uint32_t i = 0; i < r->win_len; i++)
			if (window_at(r, i) > r->ri && window_at(r, i) < m)
				m = window_at(r, i);
		for (uint32_t i = 0; i < r->early_len; i++)
			if (r->early[i] > r->ri && r->early[i] < m)
				m = r->early[i];
		/* With nothing in sight above RI the RFC's loop would never
		 * end.  That was never seen (every stream of up to 6 arrivals
		 * of 7 numbers, dt 0..3, was tried); should it happen, the
		 * head simply takes RI. */
		if (m != UINT64_MAX) {
			r->lost += m - r->ri;
			r->ri = m;
		}
	}

	s = window_at(r, 0);
	r->win_head = window_slot(r, 1);
	r->win_len--;

	d = (int64_t)r->ri - (int64_t)s;
	if (d < -dt || d > dt) {
		/* Beyond the threshold: a rogue number or a packet whose own
		 * index is long gone.  RI stays for the next one. */
		r->discarded++;
		return;
	}
	r->rd_freq[d + dt]++;
	r->rd_n++;
	if (r->on_index)
		r->on_index(r->on_index_arg, (uint32_t)s, r->ri, (int)d);
	/* Index RI is taken: the packet that bears number RI, if it came
	 * early, no longer needs remembering... */
	set_remove(r->early, &r->early_len, r->ri);
	/* ...and an early packet is remembered until RI reaches its number. */
	if (d < 0) {
		g_assert(r->early_len < r->dt);
		r->early[r->early_len++] = s;
	}
	r->ri++;
}

static void rd_arrival(struct reorder_density *r, uint64_t s)
{
	if (s < r->ri || rd_in_sight(r, s)) {
		r->duplicates++;
		return;
	}
	r->window[window_slot(r, r->win_len)] = s;
	r->win_len++;
	if (s > r->sight_max)
		r->sight_max = s;
	if (r->win_len == r->dt + 1)
		rd_assign(r);
}

/* ----------------------------------------------------------------------- RBD */

/* Deliver E and every held number that follows it without a hole. */
static void rbd_release(struct reorder_density *r)
{
	do
		r->expected++;
	while (set_remove(r->held, &r->held_len, r->expected));
}

static void rbd_arrival(struct reorder_density *r, uint64_t s)
{
	if (s < r->expected || set_has(r->held, r->held_len, s))
		return;			/* a duplicate, or given up already */
	if (s == r->expected) {
		rbd_release(r);
	} else if (r->held_len < r->dt) {
		r->held[r->held_len++] = s;
	} else {
		/* Full: the missing numbers in front of the first held one
		 * (or of s) are lost; deliver what follows them. */
		uint64_t next = set_min(r->held, r->held_len, s);

		r->rbd_lost += next - r->expected;
		r->expected = next;
		set_remove(r->held, &r->held_len, next);
		rbd_release(r);
		if (r->expected == s)
			rbd_release(r);
		else if (s > r->expected) {
			g_assert(r->held_len < r->dt);
			r->held[r->held_len++] = s;	/* see the DOC above */
		}
	}
	r->rbd_freq[r->held_len]++;
	r->rbd_n++;
}

/* -------------------------------------------------------------------- public */

void reorder_density_packet(struct reorder_density *r, uint32_t seq)
{
	r->packets++;
	rbd_arrival(r, seq);
	rd_arrival(r, seq);
}

void reorder_density_flush(struct reorder_density *r)
{
	while (r->win_len > 0)
		rd_assign(r);
}

double reorder_density_rd(const struct reorder_density *r, int d)
{
	int64_t dt = r->dt;

	if (r->rd_n == 0 || d < -dt || d > dt)
		return 0.0;
	return (double)r->rd_freq[d + dt] / (double)r->rd_n;
}

double reorder_density_rbd(const struct reorder_density *r, uint32_t k)
{
	if (r->rbd_n == 0 || k > r->dt)
		return 0.0;
	return (double)r->rbd_freq[k] / (double)r->rbd_n;
}

void reorder_density_summary(const struct reorder_density *r, struct reorder_summary *s)
{
	int dt = (int)r->dt;

	memset(s, 0, sizeof(*s));
	s->counted = r->rd_n;
	for (int d = -dt; d <= dt; d++) {
		double p = reorder_density_rd(r, d);

		if (r->rd_freq[d + dt] == 0)
			continue;
		if (d < 0) {
			s->early += p;
			if ((uint32_t)-d > s->max_early)
				s->max_early = (uint32_t)-d;
		} else if (d > 0) {
			s->late += p;
			if ((uint32_t)d > s->max_late)
				s->max_late = (uint32_t)d;
		} else {
			s->in_order = p;
		}
		s->mean_abs_displacement += p * abs(d);
	}
	for (uint32_t k = 0; k <= r->dt; k++) {
		if (r->rbd_freq[k] == 0)
			continue;
		s->mean_occupancy += k * reorder_density_rbd(r, k);
		s->max_occupancy = k;
	}
}

void reorder_density_report_json(const struct reorder_density *r, struct json *j,
				 const char *key)
{
	struct reorder_summary s;
	char name[16];
	int dt = (int)r->dt;

	reorder_density_summary(r, &s);
	json_begin_object(j, key);
	json_int(j, "dt", r->dt);
	json_int(j, "packets", (int64_t)r->packets);
	json_int(j, "counted", (int64_t)s.counted);
	json_int(j, "duplicates", (int64_t)r->duplicates);
	json_int(j, "discarded", (int64_t)r->discarded);
	json_int(j, "lost", (int64_t)r->lost);
	json_int(j, "rbd_lost", (int64_t)r->rbd_lost);
	json_double(j, "in_order", s.in_order);
	json_double(j, "early", s.early);
	json_double(j, "late", s.late);
	json_double(j, "mean_abs_displacement", s.mean_abs_displacement);
	json_int(j, "max_early", s.max_early);
	json_int(j, "max_late", s.max_late);
	json_double(j, "mean_occupancy", s.mean_occupancy);
	json_int(j, "max_occupancy", s.max_occupancy);
	json_begin_object(j, "rd");
	for (int d = -dt; d <= dt; d++) {
		if (r->rd_freq[d + dt] == 0)
			continue;
		g_snprintf(name, sizeof(name), "%d", d);
		json_double(j, name, reorder_density_rd(r, d));
	}
	json_end_object(j);
	json_begin_object(j, "rbd");
	for (uint32_t k = 0; k <= r->dt; k++) {
		if (r->rbd_freq[k] == 0)
			continue;
		g_snprintf(name, sizeof(name), "%u", k);
		json_double(j, name, reorder_density_rbd(r, k));
	}
	json_end_object(j);
	json_end_object(j);
}
