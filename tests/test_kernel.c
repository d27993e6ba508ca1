/*
 * test_kernel.c - the simulation kernel: event order, timers, units, frames, pcap, INI.
 */
#include <criterion/criterion.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include "sim.h"
#include "rng.h"
#include "pcap.h"
#include "ini.h"
#include "series.h"
#include "json.h"

struct trace {
	char log[64];
	int n;
};

struct tagged {
	struct trace *tr;
	char tag;
	struct sim_timer t;
};

static void record(struct sim *sim, void *arg)
{
	struct tagged *x = arg;

	(void)sim;
	x->tr->log[x->tr->n++] = x->tag;
}

Test(kernel, equal_times_run_in_arming_order)
{
	struct sim *sim = sim_new(1);
	struct trace tr = { 0 };
	struct tagged x[5];
	const char tags[] = "abcde";
	/* d and b share a time with a; they must run in the order they were armed */
	const sim_time_t at[] = { 10, 10, 5, 10, 1 };

	for (int i = 0; i < 5; i++) {
		x[i].tr = &tr;
		x[i].tag = tags[i];
		sim_timer_init(&x[i].t, record, &x[i]);
		sim_timer_arm(sim, &x[i].t, at[i]);
	}
	sim_run(sim, 100);
	cr_assert_str_eq(tr.log, "ecabd");
	cr_assert_eq(sim->now, 100);
	cr_assert_eq(sim->events_run, 5);
	sim_free(sim);
}

Test(kernel, rearming_takes_a_new_place_in_the_order)
{
	struct sim *sim = sim_new(1);
	struct trace tr = { 0 };
	struct tagged a = { &tr, 'a', { 0 } }, b = { &tr, 'b', { 0 } };

	sim_timer_init(&a.t, record, &a);
	sim_timer_init(&b.t, record, &b);
	sim_timer_arm(sim, &a.t, 7);
	sim_timer_arm(sim, &b.t, 7);
	sim_timer_arm(sim, &a.t, 7);	/* re-armed: now after b */
	sim_run(sim, 7);
	cr_assert_str_eq(tr.log, "ba");
	sim_free(sim);
}

Test(kernel, cancelled_timer_never_fires)
{
	struct sim *sim = sim_new(1);
	struct trace tr = { 0 };
	struct tagged x[100];

	for (int i = 0; i < 100; i++) {
		x[i].tr = &tr;
		x[i].tag = (char)('A' + i % 26);
		sim_timer_init(&x[i].t, record, &x[i]);
		sim_timer_arm(sim, &x[i].t, 1000 - i);
	}
	for (int i = 0; i < 100; i++)
		if (i != 42)
			sim_timer_cancel(sim, &x[i].t);
	cr_assert_not(sim_timer_pending(&x[0].t));
	cr_assert(sim_timer_pending(&x[42].t));
	sim_run(sim, 2000);
	cr_assert_eq(tr.n, 1);
	cr_assert_eq(tr.log[0], 'A' + 42 % 26);
	sim_free(sim);
}

Test(kernel, heap_keeps_order_under_random_arming_and_cancelling)
{
	struct sim *sim = sim_new(1);
	struct rng r;
	enum { N = 2000 };
	static struct tagged x[N];
	struct trace tr = { 0 };
	sim_time_t last = -1;

	rng_init(&r, 7, "heap");
	for (int i = 0; i < N; i++) {
		x[i].tr = &tr;
		sim_timer_init(&x[i].t, record, &x[i]);
		sim_timer_arm(sim, &x[i].t, (sim_time_t)(rng_u32(&r) % 100000));
	}
	for (int i = 0; i < N; i += 3)
		sim_timer_cancel(sim, &x[i].t);
	int fired = 0;
	while (evq_peek(&sim->q)) {
		struct sim_timer *t = evq_peek(&sim->q);

		cr_assert_geq(t->at, last);
		last = t->at;
		tr.n = 0;
		sim_run(sim, t->at);
		fired++;
		/* several timers may share t->at; count what ran */
		fired += tr.n - 1;
	}
	cr_assert_eq(fired, N - (N + 2) / 3);
	sim_free(sim);
}

static int periodic_count;
static void periodic(struct sim *sim, void *arg)
{
	struct sim_timer *t = arg;

	periodic_count++;
	if (sim->now == 300)
		sim_timer_cancel(sim, t);
}

Test(kernel, periodic_timer_fires_every_period_until_cancelled)
{
	struct sim *sim = sim_new(1);
	struct sim_timer t;

	periodic_count = 0;
	sim_timer_init(&t, periodic, &t);
	sim_timer_arm_periodic(sim, &t, 0, 100);
	sim_run(sim, 1000);
	cr_assert_eq(periodic_count, 4);	/* 0, 100, 200, 300 */
	cr_assert_not(sim_timer_pending(&t));
	sim_free(sim);
}

/*
 * The queue against a reference that keeps a flat list and scans it: random
 * arms (delays of 0, a few ns, inside the wheel, beyond it, often equal,
 * sometimes NEVER), re-arms and cancels, some of them from the callbacks;
 * the delays grow by phases so that the bucket width changes under load.
 * Every event must be the (at, arming order) minimum of the reference.
 */
enum { REF_N = 300 };
struct ref_timer {
	struct sim_timer t;
	int id;
	bool armed;
	sim_time_t at;
	uint64_t ord;
};
static struct ref_timer ref_t[REF_N];
static struct rng ref_rng;
static uint64_t ref_ord;
static sim_time_t ref_scale;
static int ref_expect, ref_fired;

static sim_time_t ref_delay(void)
{
	uint32_t u = rng_u32(&ref_rng);

	switch (u % 8) {
	case 0:
		return 0;
	case 1:
		return u % 4;
	case 2:
	case 3:
		return (sim_time_t)(u % 3000) * ref_scale;
	case 4:
		return (sim_time_t)(u % 100000) * ref_scale;
	case 5:
		return (sim_time_t)(u % 1000) * 1000000 * ref_scale;
	case 6:
		return (sim_time_t)(u % 64) * 1024 * ref_scale;	/* equal times */
	default:
		return u % 100 == 7 ? SIM_TIME_NEVER : 16;
	}
}

static void ref_ops(struct sim *sim, int n)
{
	for (int k = 0; k < n; k++) {
		uint32_t u = rng_u32(&ref_rng);
		struct ref_timer *x = &ref_t[u % REF_N];
		sim_time_t d;

		switch ((u >> 16) % 4) {
		case 0:
		case 1:
			d = ref_delay();
			sim_timer_arm_in(sim, &x->t, d);
			x->armed = true;
			x->at = d > SIM_TIME_NEVER - sim->now ? SIM_TIME_NEVER : sim->now + d;
			x->ord = ref_ord++;
			break;
		case 2:
			sim_timer_cancel(sim, &x->t);
			x->armed = false;
			break;
		default:
			break;
		}
	}
}

static int ref_min(void)
{
	int best = -1;

	for (int i = 0; i < REF_N; i++) {
		const struct ref_timer *x = &ref_t[i];

		if (x->armed && (best < 0 || x->at < ref_t[best].at ||
				 (x->at == ref_t[best].at && x->ord < ref_t[best].ord)))
			best = i;
	}
	return best;
}

static void ref_fire(struct sim *sim, void *arg)
{
	struct ref_timer *x = arg;

	cr_assert_eq(x->id, ref_expect, "fired %d, expected %d", x->id, ref_expect);
	cr_assert_eq(sim->now, x->at);
	cr_assert_not(sim_timer_pending(&x->t));
	x->armed = false;
	ref_fired++;
	ref_ops(sim, (int)(rng_u32(&ref_rng) % 3));	/* may re-arm x itself */
}

Test(kernel, queue_matches_a_reference_under_random_arms_and_cancels)
{
	struct sim *sim = sim_new(1);
	enum { STEPS = 120000 };

	rng_init(&ref_rng, 11, "evq-reference");
	ref_ord = 0;
	ref_fired = 0;
	for (int i = 0; i < REF_N; i++) {
		ref_t[i] = (struct ref_timer){ .id = i };
		sim_timer_init(&ref_t[i].t, ref_fire, &ref_t[i]);
	}
	for (int step = 0; step < STEPS; step++) {
		uint32_t armed = 0;

		ref_scale = (sim_time_t)1 << (step / (STEPS / 4) * 5);
		ref_ops(sim, 1 + (int)(rng_u32(&ref_rng) % 3));
		for (int i = 0; i < REF_N; i++) {
			cr_assert_eq(sim_timer_pending(&ref_t[i].t), ref_t[i].armed);
			armed += ref_t[i].armed;
		}
		cr_assert_eq(sim->q.len, armed);
		ref_expect = ref_min();
		if (ref_expect < 0 || ref_t[ref_expect].at == SIM_TIME_NEVER) {
			/* nothing that can fire: the peek agrees, the next step arms */
			cr_assert(ref_expect < 0 || evq_peek(&sim->q) == &ref_t[ref_expect].t);
			continue;
		}
		cr_assert_eq(evq_peek(&sim->q), &ref_t[ref_expect].t);
		sim_time_t when = ref_t[ref_expect].at;	/* the callback may re-arm it */
		int before_fired = ref_fired;

		sim->max_events = sim->events_run + 1;
		sim_run(sim, SIM_TIME_NEVER - 1);
		cr_assert_eq(sim->now, when);
		cr_assert_eq(ref_fired, before_fired + 1);
	}
	cr_assert_gt(ref_fired, STEPS / 2);
	sim->max_events = 0;
	sim_free(sim);
}

/* Many timers at a few times, armed in a shuffled order of times, some
 * inside the wheel and some beyond it, more than the queue reshapes at:
 * each time's timers run in the order they were armed. */
struct order_rec {
	struct sim_timer t;
	uint32_t id;
};
static uint32_t order_log[70000], order_n;

static void order_fire(struct sim *sim, void *arg)
{
	(void)sim;
	order_log[order_n++] = ((struct order_rec *)arg)->id;
}

Test(kernel, equal_times_run_in_arming_order_at_scale)
{
	enum { N = 70000 };
	static struct order_rec x[N];
	const sim_time_t times[] = { 5, 6, 3000, 100000, 1000000000000 };
	struct sim *sim = sim_new(1);
	struct rng r;
	uint32_t k = 0;

	rng_init(&r, 3, "equal-times");
	order_n = 0;
	for (uint32_t i = 0; i < N; i++) {
		x[i].id = i;
		sim_timer_init(&x[i].t, order_fire, &x[i]);
		sim_timer_arm(sim, &x[i].t, times[rng_u32(&r) % 5]);
	}
	sim_run(sim, SIM_TIME_NEVER - 1);
	cr_assert_eq(order_n, N);
	for (unsigned j = 0; j < 5; j++)
		for (uint32_t prev = 0, first = 1; k < N && x[order_log[k]].t.at == times[j]; k++) {
			const struct order_rec *o = &x[order_log[k]];

			cr_assert(first || o->id > prev, "time %u: %u after %u", j, o->id, prev);
			prev = o->id;
			first = 0;
		}
	cr_assert_eq(k, N);
	sim_free(sim);
}

/* Cancelling the head, the last or one in the middle, with the timers spread
 * over the near heap, the wheel and the far heap: the rest keep their order. */
Test(kernel, cancel_head_last_or_middle)
{
	const sim_time_t at[] = { 10, 10, 11, 500, 5000, 5000, 70000, 1000000000,
				  1000000000000, 1000000000000 };
	enum { N = sizeof(at) / sizeof(at[0]) };
	const int cancel[][3] = { { 0, -1, -1 }, { N - 1, -1, -1 }, { N / 2, -1, -1 },
				  { 0, N / 2, N - 1 }, { 1, 6, 8 } };

	for (unsigned c = 0; c < sizeof(cancel) / sizeof(cancel[0]); c++) {
		struct sim *sim = sim_new(1);
		struct trace tr = { 0 };
		struct tagged x[N];
		char want[N + 1];
		int w = 0;

		for (int i = 0; i < N; i++) {
			x[i].tr = &tr;
			x[i].tag = (char)('a' + i);
			sim_timer_init(&x[i].t, record, &x[i]);
			sim_timer_arm(sim, &x[i].t, at[i]);
		}
		sim_run(sim, 9);	/* nothing runs; the head is brought near */
		cr_assert_eq(tr.n, 0);
		for (int j = 0; j < 3; j++)
			if (cancel[c][j] >= 0)
				sim_timer_cancel(sim, &x[cancel[c][j]].t);
		for (int i = 0; i < N; i++) {
			bool gone = i == cancel[c][0] || i == cancel[c][1] || i == cancel[c][2];

			cr_assert_eq(sim_timer_pending(&x[i].t), !gone);
			if (!gone)
				want[w++] = (char)('a' + i);
		}
		want[w] = '\0';
		cr_assert_eq(sim->q.len, (uint32_t)w);
		sim_run(sim, SIM_TIME_NEVER - 1);
		cr_assert_str_eq(tr.log, want, "case %u: %s, want %s", c, tr.log, want);
		sim_free(sim);
	}
}

/* A bucket armed in order is run as it is; cancelling in it (before it
 * starts, and from a callback while it runs) leaves holes that are skipped. */
static struct sim_timer *run_victim;

static void record_and_cancel(struct sim *sim, void *arg)
{
	record(sim, arg);
	if (run_victim)
		sim_timer_cancel(sim, run_victim);
	run_victim = NULL;
}

Test(kernel, cancel_inside_a_sorted_bucket)
{
	struct sim *sim = sim_new(1);
	struct trace tr = { 0 };
	struct tagged first = { &tr, '0', { 0 } }, x[8];

	sim_timer_init(&first.t, record, &first);
	sim_timer_arm(sim, &first.t, 1);	/* the queue starts at 1 */
	for (int i = 0; i < 8; i++) {
		x[i].tr = &tr;
		x[i].tag = (char)('a' + i);
		sim_timer_init(&x[i].t, i == 3 ? record_and_cancel : record, &x[i]);
		sim_timer_arm(sim, &x[i].t, 100);
	}
	sim_run(sim, 99);	/* 0 runs, and the bucket at 100 is brought near */
	cr_assert_str_eq(tr.log, "0");
	sim_timer_cancel(sim, &x[0].t);	/* the head */
	sim_timer_cancel(sim, &x[2].t);	/* the middle */
	sim_timer_cancel(sim, &x[7].t);	/* the last */
	cr_assert_eq(sim->q.len, 5);
	run_victim = &x[5].t;		/* cancelled by d when it runs */
	sim_timer_arm(sim, &x[2].t, 100);	/* re-armed: after the others */
	sim_run(sim, 200);
	cr_assert_str_eq(tr.log, "0bdegc");
	cr_assert_eq(sim->q.len, 0);
	sim_free(sim);
}

Test(kernel, time_parsing_is_exact)
{
	sim_time_t t;

	cr_assert(sim_time_parse("10us", &t, NULL));
	cr_assert_eq(t, 10000);
	cr_assert(sim_time_parse("100ms", &t, NULL));
	cr_assert_eq(t, 100000000);
	cr_assert(sim_time_parse("2.5s", &t, NULL));
	cr_assert_eq(t, 2500000000LL);
	cr_assert(sim_time_parse("0.1s", &t, NULL));
	cr_assert_eq(t, 100000000);
	cr_assert(sim_time_parse("300s", &t, NULL));
	cr_assert_eq(t, 300 * SIM_S);
	cr_assert(sim_time_parse("0", &t, NULL));	/* zero needs no unit */
	cr_assert_eq(t, 0);
	cr_assert(sim_time_parse("1m", &t, NULL));
	cr_assert_eq(t, 60 * SIM_S);
	cr_assert(sim_time_parse("250ns", &t, NULL));
	cr_assert_eq(t, 250);
}

Test(kernel, bad_times_are_refused_with_examples)
{
	sim_time_t t;
	GError *e = NULL;

	cr_assert_not(sim_time_parse("10 parsecs", &t, &e));
	cr_assert_not_null(strstr(e->message, "100ms"));
	g_clear_error(&e);
	cr_assert_not(sim_time_parse("", &t, NULL));
	cr_assert_not(sim_time_parse("ms", &t, NULL));
	cr_assert_not(sim_time_parse("-5s", &t, NULL));
	cr_assert_not(sim_time_parse("5xs", &t, NULL));
}

/* Each refusal says what is wrong with the number, not "not a number" or
 * "unknown unit" for a value that has a number and a unit. */
Test(kernel, bad_times_say_what_is_wrong)
{
	static const char *const cases[][2] = {
		{ "-1s", "negative values are not allowed" },
		{ "-1", "negative values are not allowed" },
		{ "-0.5us", "negative values are not allowed" },
		{ "1e400s", "more than 10000000s" },
		{ "1e30s", "more than 10000000s" },
		{ "1e6h", "more than 10000000s" },
		{ "1e3ms", "not a plain decimal number: write the digits, no exponent" },
		{ "1E-3s", "not a plain decimal number: write the digits, no exponent" },
		{ "0x10s", "not a plain decimal number" },
		{ "1.5ns", "times are whole nanoseconds" },
		{ "0.0000000015s", "times are whole nanoseconds" },
		{ "1.999999999999h", "times are whole nanoseconds" },
		{ "1parsec", "unknown unit" },
	};
	sim_time_t t = 42;
	GError *e = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *want = g_strdup_printf("invalid time '%s' (%s); write a number and a unit "
					     "(ns, us, ms, s, m, h), e.g. 10us, 100ms, 2.5s, 1m",
					     cases[i][0], cases[i][1]);

		cr_assert_not(sim_time_parse(cases[i][0], &t, &e), "%s", cases[i][0]);
		cr_assert_str_eq(e->message, want);
		g_clear_error(&e);
		g_free(want);
	}
	cr_assert_eq(t, 42);
}

/* M is mega in "rate = 100M" and "--pcap-max 500M": a time's units are the
 * README's, in lowercase, and no others. */
Test(kernel, time_units_are_lowercase_and_only_the_listed_ones)
{
	static const char *const refused[] = { "1M", "1MS", "1Ms", "1H", "1S", "1NS", "1Us",
					       "1sec", "1min", "1mn", "1hr" };
	sim_time_t t;
	GError *e = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(refused); i++) {
		cr_assert_not(sim_time_parse(refused[i], &t, &e), "%s", refused[i]);
		cr_assert_not_null(strstr(e->message, "(ns, us, ms, s, m, h)"), "%s", e->message);
		g_clear_error(&e);
	}
	cr_assert_not(sim_time_parse("1M", &t, &e));
	cr_assert_not_null(strstr(e->message, "'1M' (unknown unit: letter case matters)"),
			   "%s", e->message);
	g_clear_error(&e);
	cr_assert(sim_time_parse("1m", &t, NULL));
	cr_assert_eq(t, 60 * SIM_S);
	cr_assert(sim_time_parse("1h", &t, NULL));
	cr_assert_eq(t, 3600 * SIM_S);
	cr_assert(sim_time_parse("1us", &t, NULL));
	cr_assert_eq(t, SIM_US);
	/* rates keep their letters' case free: 100m is still 100 Mbit/s */
	uint64_t r;
	cr_assert(sim_rate_parse("100m", &r, NULL));
	cr_assert_eq(r, 100000000ULL);
}

/* "interval = 10" is 10 s to one reader and 10 ms to another (miimon=100
 * is ms): a time without a unit is refused, with the units to choose from. */
Test(kernel, times_without_a_unit_are_refused)
{
	sim_time_t t = 42;
	GError *e = NULL;

	cr_assert_not(sim_time_parse("10", &t, &e));
	cr_assert_str_eq(e->message, "invalid time '10' (no unit); write a number and a unit "
			 "(ns, us, ms, s, m, h), e.g. 10us, 100ms, 2.5s, 1m");
	g_clear_error(&e);
	cr_assert_not(sim_time_parse("2.5", &t, NULL));
	cr_assert_not(sim_time_parse("0.5", &t, NULL));
	cr_assert_eq(t, 42);	/* untouched on error */
	cr_assert(sim_time_parse("0.0", &t, NULL));
	cr_assert_eq(t, 0);
}

Test(kernel, time_printing_round_trips)
{
	char b[32];
	const sim_time_t v[] = { 0, 10000, 100000000, 2500000000LL, 1500000, 7, 60 * SIM_S };
	const char *want[] = { "0s", "10us", "100ms", "2.5s", "1.5ms", "7ns", "60s" };

	for (size_t i = 0; i < G_N_ELEMENTS(v); i++) {
		sim_time_t back;

		cr_assert_str_eq(sim_time_format(v[i], b, sizeof(b)), want[i]);
		cr_assert(sim_time_parse(b, &back, NULL));
		cr_assert_eq(back, v[i]);
	}
	cr_assert_str_eq(sim_time_format_sec(1200000000LL, b, sizeof(b)), "1.200000");
}

Test(kernel, rates)
{
	uint64_t r;

	cr_assert(sim_rate_parse("1G", &r, NULL));
	cr_assert_eq(r, 1000000000ULL);
	cr_assert(sim_rate_parse("100Mbit", &r, NULL));
	cr_assert_eq(r, 100000000ULL);
	cr_assert(sim_rate_parse("2.5Gbps", &r, NULL));
	cr_assert_eq(r, 2500000000ULL);
	cr_assert_not(sim_rate_parse("fast", &r, NULL));
	cr_assert_not(sim_rate_parse("0", &r, NULL));
}

/* ethtool's convention: a bare link speed is Mb/s ("speed 10000" is 10 Gb/s). */
Test(kernel, link_speeds_as_ethtool_writes_them)
{
	static const struct {
		const char *text;
		uint64_t bps;
	} ok[] = {
		{ "10000", 10000000000ULL }, { "10G", 10000000000ULL }, { "10Gbit/s", 10000000000ULL },
		{ "10Gbps", 10000000000ULL }, { "10Gb/s", 10000000000ULL }, { "100M", 100000000ULL },
		{ "100Mbit/s", 100000000ULL }, { "1000Mb/s", 1000000000ULL }, { "2.5G", 2500000000ULL },
		{ "10", 10000000ULL }, { "1Gbit", 1000000000ULL },
	};
	static const char *const bad[] = { "fast", "0", "1.5M", "1.5", "10k", "10Tbit", "1000bps",
		"1000000000", "10 G", "-1G", "" };
	char buf[32];
	GError *e = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(ok); i++) {
		uint64_t bps = 0;

		cr_assert(sim_link_speed_parse(ok[i].text, &bps, NULL), "%s", ok[i].text);
		cr_assert_eq(bps, ok[i].bps, "%s: %" G_GUINT64_FORMAT, ok[i].text, (guint64)bps);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		uint64_t bps = 7;

		cr_assert_not(sim_link_speed_parse(bad[i], &bps, NULL), "%s", bad[i]);
		cr_assert_eq(bps, 7);
	}
	cr_assert_not(sim_link_speed_parse("1.5M", NULL, &e));
	cr_assert_str_eq(e->message, "invalid link speed '1.5M' (not a whole number of Mb/s); "
			 "write Mb/s as ethtool does (speed=10000 is 10 Gb/s) or a number with a "
			 "unit: 100M, 100Mb/s, 100Mbit/s, 100Mbps, 10G, 10Gb/s, 10Gbit/s, 10Gbps");
	g_clear_error(&e);
	cr_assert_str_eq(sim_link_speed_format(10000000000ULL, buf, sizeof(buf)), "10000Mb/s");
	cr_assert_str_eq(sim_link_speed_format(100000000ULL, buf, sizeof(buf)), "100Mb/s");
}

Test(kernel, nearest_name)
{
	const char *choices[] = { "miimon", "updelay", "downdelay", NULL };

	cr_assert_str_eq(sim_nearest("miimom", choices), "miimon");
	cr_assert_str_eq(sim_nearest("UPDELAY", choices), "updelay");
	cr_assert_null(sim_nearest("xyzzyplugh", choices));
}

Test(kernel, frame_pool_recycles_and_counts)
{
	struct sim *sim = sim_new(1);
	struct frame *a = frame_alloc(&sim->pool), *b, *c;

	cr_assert_eq(sim->pool.live, 1);
	memcpy(frame_put(a, 14), "\x01\x02\x03\x04\x05\x06\xaa\xbb\xcc\xdd\xee\xff\x08\x00", 14);
	a->len = 1514;
	b = frame_ref(a);
	c = frame_make_writable(b);	/* shared: a private copy */
	cr_assert_neq(c, a);
	cr_assert_eq(a->ref, 1);
	cr_assert_eq(memcmp(c->data, a->data, 14), 0);
	cr_assert_eq(c->len, 1514);
	cr_assert_eq(frame_make_writable(c), c);	/* sole owner: itself */
	frame_unref(a);
	frame_unref(c);
	cr_assert_eq(sim->pool.live, 0);
	/* a recycled frame comes back clean */
	a = frame_alloc(&sim->pool);
	cr_assert_eq(a->hdr_len, 0);
	cr_assert_eq(a->len, 0);
	cr_assert_eq(a->ref, 1);
	frame_unref(a);
	sim_free(sim);
}

Test(kernel, rng_streams_are_reproducible_and_independent)
{
	struct rng a, b, c;

	rng_init(&a, 42, "link:x");
	rng_init(&b, 42, "link:x");
	rng_init(&c, 42, "link:y");
	for (int i = 0; i < 100; i++) {
		uint64_t va = rng_u64(&a);

		cr_assert_eq(va, rng_u64(&b));
		cr_assert_neq(va, rng_u64(&c));
	}
	double d = rng_double(&a);
	cr_assert(d >= 0 && d < 1);
}

Test(kernel, pcap_bytes)
{
	struct sim *sim = sim_new(1);
	char *dir = g_dir_make_tmp("bondsim-pcap-XXXXXX", NULL);
	char *path = g_build_filename(dir, "t.pcap", NULL);
	struct pcap *p = pcap_open(path, 1, PCAP_SNAPLEN_MAX, NULL, NULL);
	struct frame *f = frame_alloc(&sim->pool);
	guint8 *data;
	gsize len;

	memset(frame_put(f, 14), 0xab, 14);
	f->len = 14;
	pcap_write(p, 1500000001LL, f, 60);	/* as the caller pads it */
	cr_assert_not(g_file_test(path, G_FILE_TEST_EXISTS));	/* not before commit */
	cr_assert(pcap_commit(p, NULL));
	cr_assert(g_file_get_contents(path, (char **)&data, &len, NULL));
	cr_assert_eq(len, 24 + 16 + 60);
	uint32_t w[4];
	memcpy(w, data, 4);
	cr_assert_eq(w[0], 0xa1b23c4du);		/* nanosecond magic */
	memcpy(w, data + 16, 4);
	cr_assert_eq(w[0], (uint32_t)PCAP_SNAPLEN_MAX);	/* the file's snaplen */
	memcpy(w, data + 20, 4);
	cr_assert_eq(w[0], 1u);				/* LINKTYPE_ETHERNET */
	memcpy(w, data + 24, 16);
	cr_assert_eq(w[0], 1u);				/* seconds */
	cr_assert_eq(w[1], 500000001u);			/* nanoseconds */
	cr_assert_eq(w[2], 60u);			/* caplen */
	cr_assert_eq(w[3], 60u);			/* len */
	cr_assert_eq(data[40], 0xab);
	cr_assert_eq(data[40 + 13], 0xab);
	cr_assert_eq(data[40 + 14], 0);			/* padding is zeros */
	g_free(data);
	frame_unref(f);
	g_unlink(path);
	g_rmdir(dir);
	g_free(path);
	g_free(dir);
	sim_free(sim);
}

/* A UDP-sized frame: 42 header bytes, 1042 on the wire. */
static struct frame *udp_like_frame(struct sim *sim)
{
	struct frame *f = frame_alloc(&sim->pool);

	memset(frame_put(f, 42), 0xcd, 42);
	f->len = 1042;
	return f;
}

static uint32_t u32_at(const guint8 *data, gsize off)
{
	uint32_t v;

	memcpy(&v, data + off, 4);
	return v;
}

Test(kernel, pcap_snaplen_keeps_headers_and_the_wire_length)
{
	struct sim *sim = sim_new(1);
	char *dir = g_dir_make_tmp("bondsim-pcap-XXXXXX", NULL);
	char *path = g_build_filename(dir, "t.pcap", NULL);
	struct pcap *p = pcap_open(path, 1, PCAP_SNAPLEN_HEADERS, NULL, NULL);
	struct frame *f = udp_like_frame(sim);
	guint8 *data;
	gsize len;

	pcap_write(p, 7, f, 1042);
	cr_assert(pcap_commit(p, NULL));
	cr_assert(g_file_get_contents(path, (char **)&data, &len, NULL));
	cr_assert_eq(len, 24 + 16 + 42);
	cr_assert_eq(u32_at(data, 16), (uint32_t)FRAME_HDR_MAX);	/* file snaplen */
	cr_assert_eq(u32_at(data, 24 + 8), 42u);	/* incl_len: the headers */
	cr_assert_eq(u32_at(data, 24 + 12), 1042u);	/* orig_len: the wire */
	cr_assert_eq(data[24 + 16 + 41], 0xcd);
	g_free(data);

	/* an explicit snaplen cuts into the zeros after the headers */
	p = pcap_open(path, 1, 100, NULL, NULL);
	pcap_write(p, 7, f, 1042);
	cr_assert(pcap_commit(p, NULL));
	cr_assert(g_file_get_contents(path, (char **)&data, &len, NULL));
	cr_assert_eq(len, 24 + 16 + 100);
	cr_assert_eq(u32_at(data, 16), 100u);
	cr_assert_eq(u32_at(data, 24 + 8), 100u);
	cr_assert_eq(u32_at(data, 24 + 12), 1042u);
	cr_assert_eq(data[24 + 16 + 41], 0xcd);
	cr_assert_eq(data[24 + 16 + 42], 0);
	g_free(data);
	frame_unref(f);
	g_unlink(path);
	g_rmdir(dir);
	g_free(path);
	g_free(dir);
	sim_free(sim);
}

Test(kernel, pcap_budget_stops_every_capture_between_records)
{
	struct sim *sim = sim_new(1);
	char *dir = g_dir_make_tmp("bondsim-pcap-XXXXXX", NULL);
	char *pa = g_build_filename(dir, "a.pcap", NULL), *pb = g_build_filename(dir, "b.pcap", NULL);
	/* two file headers and three 58-byte records; the fourth does not fit */
	struct pcap_budget budget = { .max = 2 * 24 + 3 * 58 + 57 };
	struct pcap *a = pcap_open(pa, 1, PCAP_SNAPLEN_HEADERS, &budget, NULL);
	struct pcap *b = pcap_open(pb, 1, PCAP_SNAPLEN_HEADERS, &budget, NULL);
	struct frame *f = udp_like_frame(sim);
	struct frame *small = frame_alloc(&sim->pool);
	gsize la, lb;
	char *data;

	memset(frame_put(small, 14), 1, 14);
	pcap_write(a, 10, f, 1042);
	pcap_write(b, 20, f, 1042);
	pcap_write(a, 30, f, 1042);
	cr_assert_not(budget.full);
	pcap_write(b, 40, f, 1042);		/* 58 > 57 left */
	cr_assert(budget.full);
	cr_assert_eq(budget.full_at, 40);
	pcap_write(a, 50, small, 60);		/* 30 bytes would fit, but the captures stopped */
	cr_assert_eq(budget.records, 3);
	cr_assert_eq(budget.skipped, 2);
	cr_assert_eq(budget.used, 2 * 24 + 3 * 58);
	cr_assert(pcap_commit(a, NULL));
	cr_assert(pcap_commit(b, NULL));
	cr_assert(g_file_get_contents(pa, &data, &la, NULL));
	g_free(data);
	cr_assert(g_file_get_contents(pb, &data, &lb, NULL));
	g_free(data);
	cr_assert_eq(la, 24 + 2 * 58);
	cr_assert_eq(lb, 24 + 58);
	frame_unref(f);
	frame_unref(small);
	g_unlink(pa);
	g_unlink(pb);
	g_rmdir(dir);
	g_free(pa);
	g_free(pb);
	g_free(dir);
	sim_free(sim);
}

Test(kernel, pcap_write_error_names_the_file_and_the_reason)
{
	struct sim *sim = sim_new(1);
	char *dir = g_dir_make_tmp("bondsim-pcap-XXXXXX", NULL);
	char *path = g_build_filename(dir, "t.pcap", NULL);
	char *part = g_strdup_printf("%s.part", path);
	struct frame *f = udp_like_frame(sim);
	GError *error = NULL;
	struct pcap *p;
	char *want;

	if (!g_file_test("/dev/full", G_FILE_TEST_EXISTS))
		cr_skip_test("no /dev/full");
	/* the capture's staging file is a disk that is always full */
	cr_assert_eq(symlink("/dev/full", part), 0);
	p = pcap_open(path, 1, PCAP_SNAPLEN_MAX, NULL, NULL);
	cr_assert_not_null(p);
	for (int i = 0; i < 100; i++)
		pcap_write(p, i, f, 1042);
	cr_assert_not(pcap_commit(p, &error));
	want = g_strdup_printf("%s: could not write capture: %s", path, g_strerror(ENOSPC));
	cr_assert_str_eq(error->message, want);
	cr_assert_not(g_file_test(path, G_FILE_TEST_EXISTS));
	g_free(want);
	g_error_free(error);
	frame_unref(f);
	g_unlink(part);
	g_rmdir(dir);
	g_free(part);
	g_free(path);
	g_free(dir);
	sim_free(sim);
}

struct watch_count {
	uint64_t calls;
	uint64_t last_events;
};

static void count_watch(struct sim *sim, void *arg)
{
	struct watch_count *c = arg;

	c->calls++;
	c->last_events = sim->events_run;
}

static void nop_event(struct sim *sim, void *arg)
{
	(void)sim;
	(void)arg;
}

Test(kernel, watcher_runs_every_2_16_events_and_changes_nothing)
{
	struct sim *sim = sim_new(1);
	struct sim_timer t;
	struct watch_count c = { 0 };

	sim->watch = count_watch;
	sim->watch_arg = &c;
	sim_timer_init(&t, nop_event, NULL);
	sim_timer_arm_periodic(sim, &t, 1, 1);
	sim_run(sim, 3 * SIM_WATCH_EVERY + 5);
	cr_assert_eq(sim->events_run, 3 * SIM_WATCH_EVERY + 5);
	cr_assert_eq(c.calls, 3);
	cr_assert_eq(c.last_events, 3 * SIM_WATCH_EVERY);
	cr_assert_eq(sim->q.len, 1);		/* only the periodic timer: the watcher added none */
	sim_timer_cancel(sim, &t);
	sim_free(sim);
}

Test(kernel, ini_sections_entries_and_lines)
{
	const char *text = "# comment\n[sim]\nduration = 5s ; why\n\n[host server]\n"
			   "bond bond0 = eth0 eth1\nmodprobe.d =\n    alias bond0 bonding\n"
			   "    options bonding mode=1 # inline\n[expect]\nsw1.mac_moves >= 3\n";
	struct ini *ini = ini_parse(text, "t.ini", NULL);
	struct ini_section *s;
	struct ini_entry *e;

	cr_assert_not_null(ini);
	cr_assert_eq(ini->sections->len, 3);
	s = g_ptr_array_index(ini->sections, 1);
	cr_assert_str_eq(s->kind, "host");
	cr_assert_str_eq(s->name, "server");
	cr_assert_eq(s->line, 5);
	e = ini_get(s, "bond bond0");
	cr_assert_str_eq(e->value, "eth0 eth1");
	cr_assert_eq(e->line, 6);
	e = ini_get(s, "modprobe.d");
	cr_assert_str_eq(e->value, "alias bond0 bonding\noptions bonding mode=1 # inline");
	s = g_ptr_array_index(ini->sections, 0);
	cr_assert_str_eq(ini_get(s, "duration")->value, "5s");
	s = g_ptr_array_index(ini->sections, 2);
	e = g_ptr_array_index(s->entries, 0);
	cr_assert_null(e->key);		/* ">=" is not "key = value" */
	cr_assert_str_eq(e->value, "sw1.mac_moves >= 3");
	cr_assert_eq(e->line, 11);
	ini_free(ini);
}

Test(kernel, ini_errors_name_file_and_line)
{
	GError *e = NULL;

	cr_assert_null(ini_parse("[sim\nx=1\n", "bad.ini", &e));
	cr_assert_str_eq(e->message, "bad.ini:1: a section header looks like [host server]");
	g_clear_error(&e);
	cr_assert_null(ini_parse("\n\nx = 1\n", "bad.ini", &e));
	cr_assert_str_eq(e->message, "bad.ini:3: 'x = 1' comes before any [section]: put a "
			 "section header above it, e.g. [sim]");
	g_clear_error(&e);
}

/* @len bytes of @text into a new temporary file, its path to g_unlink() and g_free(). */
static char *tmp_file(const char *text, gssize len)
{
	char *path = NULL;
	int fd = g_file_open_tmp("bondsim-XXXXXX.ini", &path, NULL);

	cr_assert(fd >= 0);
	close(fd);
	cr_assert(g_file_set_contents(path, text, len, NULL));
	return path;
}

/* A NUL byte ended the text there: the rest of the file was dropped unseen. */
Test(kernel, a_nul_byte_is_refused_with_its_line)
{
	static const char text[] = "[sim]\nduration = 1s\n\0[faults]\n1s link a down\n";
	char *path = tmp_file(text, sizeof(text) - 1), *got = NULL, *want;
	GError *e = NULL;
	gsize len = 4;
	char mine[] = "ab\0c";

	cr_assert_not(sim_read_file(path, SIM_INPUT_MAX, &got, NULL, &e));
	cr_assert_null(got);
	want = g_strdup_printf("%s:3: a NUL byte: this is not a text file", path);
	cr_assert_str_eq(e->message, want);
	g_clear_error(&e);
	cr_assert_null(ini_load(path, &e), "every reader of a file gets the check");
	cr_assert_str_eq(e->message, want);
	g_clear_error(&e);
	cr_assert_not(sim_text_check("<stdin>", mine, &len, &e));
	cr_assert_str_eq(e->message, "<stdin>:1: a NUL byte: this is not a text file");
	g_clear_error(&e);
	g_unlink(path);
	g_free(path);
	g_free(want);
}

/* Windows editors start a file with a byte order mark, invisible in an error. */
Test(kernel, a_utf8_byte_order_mark_is_skipped)
{
	static const char text[] = "\xef\xbb\xbf[sim]\nduration = 5s\n";
	char *path = tmp_file(text, -1), *got = NULL;
	struct ini *ini;
	gsize len = 0;

	cr_assert(sim_read_file(path, SIM_INPUT_MAX, &got, &len, NULL));
	cr_assert_str_eq(got, "[sim]\nduration = 5s\n");
	cr_assert_eq(len, strlen(got));
	g_free(got);
	ini = ini_load(path, NULL);
	cr_assert_not_null(ini);
	cr_assert_str_eq(ini_get(g_ptr_array_index(ini->sections, 0), "duration")->value, "5s");
	ini_free(ini);
	g_unlink(path);
	g_free(path);
	/* only at the start: elsewhere it is text like any other */
	path = tmp_file("a\xef\xbb\xbf", -1);
	cr_assert(sim_read_file(path, SIM_INPUT_MAX, &got, &len, NULL));
	cr_assert_str_eq(got, "a\xef\xbb\xbf");
	g_free(got);
	g_unlink(path);
	g_free(path);
}

/*
 * A switch's description or a modprobe.d line in Latin-1 went into
 * report.json as raw bytes, which no JSON reader takes: every invalid byte
 * is U+FFFD, valid UTF-8 stays as it is.
 */
Test(kernel, json_strings_are_always_valid_utf8)
{
	static const char *const cases[][2] = {
		{ "server \xff\xfe bond0", "\"server \xef\xbf\xbd\xef\xbf\xbd bond0\"" },
		{ "caf\xc3\xa9 \xe2\x82\xac", "\"caf\xc3\xa9 \xe2\x82\xac\"" },	/* é €, kept */
		{ "caf\xe9", "\"caf\xef\xbf\xbd\"" },				/* Latin-1 é */
		{ "\xe2\x82", "\"\xef\xbf\xbd\xef\xbf\xbd\"" },			/* cut short */
		{ "\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\"" },			/* overlong '/' */
		{ "\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },	/* a surrogate */
		{ "a\"b\\\n\x01", "\"a\\\"b\\\\\\n\\u0001\"" },
	};
	GString *out = g_string_new(NULL);
	struct json j;

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_string_truncate(out, 0);
		json_escape(out, cases[i][0]);
		cr_assert_str_eq(out->str, cases[i][1], "case %zu", i);
		cr_assert(g_utf8_validate(out->str, -1, NULL));
	}
	g_string_truncate(out, 0);
	json_init(&j, out);
	json_begin_object(&j, NULL);
	json_string(&j, "d\xff", "x\xfe");
	json_end_object(&j);
	cr_assert_str_eq(out->str, "{\n  \"d\xef\xbf\xbd\": \"x\xef\xbf\xbd\"\n}\n");
	g_string_free(out, TRUE);
}

Test(kernel, series_samples_rates)
{
	struct sim *sim = sim_new(1);
	struct series s;
	uint64_t bytes = 0;
	GString *csv = g_string_new(NULL);

	series_init(&s, sim, 100 * SIM_MS);
	series_add(&s, "x.tx_mbps", &bytes, 8e-6);
	series_start(&s);
	bytes = 1250000;		/* 1.25 MB in the first 100 ms = 100 Mbit/s */
	sim_run(sim, 100 * SIM_MS);
	bytes += 625000;
	sim_run(sim, 200 * SIM_MS);
	series_write_csv(&s, csv);
	cr_assert_str_eq(csv->str, "time_s,x.tx_mbps\n0.100,100.000\n0.200,50.000\n");
	/* the increases themselves stay exact */
	cr_assert_eq(series_rows(&s), 2);
	cr_assert_eq(series_time(&s, 1), 200 * SIM_MS);
	cr_assert_eq(series_increase(&s, 0, 0), 1250000);
	cr_assert_eq(series_increase(&s, 1, 0), 625000);
	g_string_free(csv, TRUE);
	series_fini(&s);
	sim_free(sim);
}

struct follow_ctx {
	struct series *follower;
	int hooked;
};

static void follow_hook(void *arg)
{
	struct follow_ctx *c = arg;

	c->hooked++;
	series_sample(c->follower);
}

/* A series sampled from another's hook: same rows, no timer of its own. */
Test(kernel, series_hook_drives_a_second_series)
{
	struct sim *sim = sim_new(1);
	struct series lead, f;
	uint64_t a = 0, b = 7;
	GString *csv = g_string_new(NULL);
	struct follow_ctx c = { &f, 0 };
	uint64_t events;

	series_init(&lead, sim, 100 * SIM_MS);
	series_init(&f, sim, 100 * SIM_MS);
	series_add(&lead, "a", &a, 1.0);
	series_add(&f, "b.mbps", &b, 8e-6);
	f.decimals = 6;
	series_set_hook(&lead, follow_hook, &c);
	series_start(&lead);
	series_reset(&f);
	b += 123457;
	sim_run(sim, 300 * SIM_MS);
	events = sim->events_run;
	cr_assert_eq(c.hooked, 3);
	cr_assert_eq(events, 3, "one event per row, the follower's included: %" G_GUINT64_FORMAT,
		     events);
	cr_assert_eq(series_rows(&f), 3);
	cr_assert_eq(series_time(&f, 2), 300 * SIM_MS);
	series_write_csv(&f, csv);
	cr_assert_str_eq(csv->str, "time_s,b.mbps\n0.100,9.876560\n0.200,0.000000\n0.300,0.000000\n");
	g_string_free(csv, TRUE);
	series_fini(&f);
	series_fini(&lead);
	sim_free(sim);
}

static void stop_at_third(struct sim *sim, void *arg)
{
	int *n = arg;

	if (++*n == 3)
		sim_stop(sim);
}

Test(kernel, sim_stop_ends_the_run_after_the_current_event)
{
	struct sim *sim = sim_new(1);
	struct sim_timer t;
	int n = 0;

	sim_timer_init(&t, stop_at_third, &n);
	sim_timer_arm_periodic(sim, &t, 10, 10);
	sim_run(sim, 1000);
	cr_assert_eq(n, 3);
	cr_assert_eq(sim->now, 30);	/* the clock stays at the stopping event */
	sim_run(sim, 45);		/* a new run goes on from there */
	cr_assert_eq(n, 4);
	cr_assert_eq(sim->now, 45);
	sim_free(sim);
}

/* 12 fraction digits times 3600e9 ns overflowed int64 before the product was
 * widened: the result must be exact, not a wrapped negative number. */
Test(kernel, long_fractions_are_exact)
{
	sim_time_t t;
	uint64_t r;

	cr_assert(sim_time_parse("1.999999999995h", &t, NULL));
	cr_assert_eq(t, 7199999999982LL);	/* 1.999999999995 * 3600e9 */
	cr_assert(sim_time_parse("0.123456789m", &t, NULL));
	cr_assert_eq(t, 7407407340LL);
	cr_assert(sim_time_parse("0.0000000010000000000000000001s", &t, NULL));
	cr_assert_eq(t, 1);			/* digits past the 18th do not count */
	cr_assert(sim_rate_parse("9.999999999999T", &r, NULL));
	cr_assert_eq(r, 9999999999999ULL);
	cr_assert(sim_rate_parse("1.000000000001T", &r, NULL));
	cr_assert_eq(r, 1000000000001ULL);
}

/* now + delay must not overflow for any time a user can write. */
Test(kernel, times_and_rates_are_capped)
{
	sim_time_t t;
	uint64_t r;
	GError *e = NULL;

	cr_assert(sim_time_parse("10000000s", &t, NULL));
	cr_assert_eq(t, 10000000 * SIM_S);
	cr_assert(sim_time_parse("166666m", &t, NULL));
	cr_assert_not(sim_time_parse("10000000.000000001s", &t, &e));
	cr_assert_str_eq(e->message, "invalid time '10000000.000000001s' (more than 10000000s); "
			 "write a number and a unit (ns, us, ms, s, m, h), e.g. 10us, 100ms, 2.5s, 1m");
	g_clear_error(&e);
	cr_assert_not(sim_time_parse("2778h", &t, &e));
	cr_assert_not_null(strstr(e->message, "(more than 10000000s)"), "%s", e->message);
	g_clear_error(&e);
	cr_assert_not(sim_time_parse("99999999999999999999999999s", &t, &e));
	cr_assert_not_null(strstr(e->message, "(more than 10000000s)"), "%s", e->message);
	g_clear_error(&e);
	cr_assert_not(sim_time_parse("9223372036854775807ns", &t, NULL));

	cr_assert(sim_rate_parse("10T", &r, NULL));
	cr_assert_eq(r, 10000000000000ULL);
	cr_assert_not(sim_rate_parse("10.000000000001T", &r, &e));
	cr_assert_str_eq(e->message, "invalid rate '10.000000000001T' (more than 10Tbit); "
			 "write e.g. 100M, 1G, 2.5Gbit, 10Gbps");
	g_clear_error(&e);
	cr_assert_not(sim_rate_parse("9223372036854775807", &r, &e));
	cr_assert_not_null(strstr(e->message, "(more than 10Tbit)"), "%s", e->message);
	g_clear_error(&e);
	/* a tiny rate that rounds to 0 bit/s is still refused */
	cr_assert_not(sim_rate_parse("0.4", &r, NULL));
}

/* A delay of "forever" parks the timer at SIM_TIME_NEVER instead of wrapping
 * into the past (which tripped the assertion in sim_timer_arm). */
Test(kernel, arm_in_saturates_at_never)
{
	struct sim *sim = sim_new(1);
	struct trace tr = { 0 };
	struct tagged a = { &tr, 'a', { 0 } }, b = { &tr, 'b', { 0 } };

	sim_timer_init(&a.t, record, &a);
	sim_timer_init(&b.t, record, &b);
	sim_run(sim, 5 * SIM_S);
	sim_timer_arm_in(sim, &a.t, SIM_TIME_NEVER);
	cr_assert_eq(a.t.at, SIM_TIME_NEVER);
	sim_timer_arm_in(sim, &b.t, SIM_TIME_NEVER - SIM_S);
	cr_assert_eq(b.t.at, SIM_TIME_NEVER);
	sim_run(sim, 10000000 * SIM_S);
	cr_assert_eq(tr.n, 0);
	cr_assert(sim_timer_pending(&a.t));
	cr_assert(sim_timer_pending(&b.t));
	/* an absolute NEVER is accepted too, and re-arming brings it back */
	sim_timer_arm(sim, &a.t, SIM_TIME_NEVER);
	sim_timer_arm_in(sim, &b.t, SIM_S);
	sim_run(sim, sim->now + 2 * SIM_S);
	cr_assert_str_eq(tr.log, "b");
	sim_free(sim);
}

/* A periodic timer whose next expiry would pass the end of time stops there. */
Test(kernel, periodic_rearm_saturates_at_never)
{
	struct sim *sim = sim_new(1);
	struct trace tr = { 0 };
	struct tagged a = { &tr, 'a', { 0 } };

	sim_timer_init(&a.t, record, &a);
	sim_timer_arm_periodic(sim, &a.t, 10, SIM_TIME_NEVER - 5);
	sim_run(sim, 100);
	cr_assert_str_eq(tr.log, "a");
	cr_assert_eq(a.t.at, SIM_TIME_NEVER);
	/* parked at NEVER: not even a run to the end of time fires it */
	sim_run(sim, SIM_TIME_NEVER);
	cr_assert_str_eq(tr.log, "a");
	cr_assert(sim_timer_pending(&a.t));
	sim_free(sim);
}

/*
 * Every timer of a bucket being run cancelled from the first one's
 * callback, which then arms into the empty queue past the wheel (the queue
 * starts again there) and into the run's bucket slot one round later: the
 * holes left behind must not take the new timers for their own.
 */
static struct tagged *hole_x;

static void cancel_rest_and_rearm(struct sim *sim, void *arg)
{
	record(sim, arg);
	sim_timer_cancel(sim, &hole_x[1].t);
	sim_timer_cancel(sim, &hole_x[2].t);
	cr_assert_eq(sim->q.len, 0);
	sim_timer_arm(sim, &hole_x[3].t, 5000);
	sim_timer_arm(sim, &hole_x[4].t, 100 + 2 * EVQ_BUCKETS);
	sim_timer_arm(sim, &hole_x[5].t, 100 + 2 * EVQ_BUCKETS);
}

Test(kernel, holes_of_a_cancelled_run_take_nothing)
{
	struct sim *sim = sim_new(1);
	struct trace tr = { 0 };
	struct tagged first = { &tr, '0', { 0 } }, x[6];

	hole_x = x;
	sim_timer_init(&first.t, record, &first);
	sim_timer_arm(sim, &first.t, 1);	/* the queue starts at 1 */
	for (int i = 0; i < 6; i++) {
		x[i].tr = &tr;
		x[i].tag = (char)('a' + i);
		sim_timer_init(&x[i].t, i == 0 ? cancel_rest_and_rearm : record, &x[i]);
		if (i < 3)
			sim_timer_arm(sim, &x[i].t, 100);	/* a, b, c: one bucket */
	}
	sim_run(sim, SIM_TIME_NEVER - 1);
	cr_assert_str_eq(tr.log, "0adef");
	cr_assert_eq(sim->now, SIM_TIME_NEVER - 1);
	cr_assert_eq(sim->q.len, 0);
	sim_free(sim);
}

/* The running timer re-armed at the same time, and another armed there,
 * while its bucket is run: both go after the bucket's others, in the order
 * armed. */
static struct tagged *again_x;
static int again_n;

static void rearm_self_now(struct sim *sim, void *arg)
{
	record(sim, arg);
	if (again_n++)
		return;
	sim_timer_arm(sim, &again_x[0].t, sim->now);
	sim_timer_arm(sim, &again_x[3].t, sim->now);
}

Test(kernel, running_timer_rearmed_at_the_same_time)
{
	struct sim *sim = sim_new(1);
	struct trace tr = { 0 };
	struct tagged first = { &tr, '0', { 0 } }, x[4];

	again_x = x;
	again_n = 0;
	sim_timer_init(&first.t, record, &first);
	sim_timer_arm(sim, &first.t, 1);
	for (int i = 0; i < 4; i++) {
		x[i].tr = &tr;
		x[i].tag = (char)('a' + i);
		sim_timer_init(&x[i].t, i == 0 ? rearm_self_now : record, &x[i]);
		if (i < 3)
			sim_timer_arm(sim, &x[i].t, 100);
	}
	sim_run(sim, 100);
	cr_assert_str_eq(tr.log, "0abcad");
	cr_assert_eq(sim->now, 100);
	cr_assert_eq(sim->q.len, 0);
	sim_free(sim);
}

/* Cancelling from the middle of a bucket still in the wheel moves its last
 * timer into the hole: the bucket is put back in order before it runs. */
Test(kernel, bucket_cancelled_in_the_middle_runs_in_order)
{
	struct sim *sim = sim_new(1);
	struct trace tr = { 0 };
	struct tagged first = { &tr, '0', { 0 } }, x[5];

	sim_timer_init(&first.t, record, &first);
	sim_timer_arm(sim, &first.t, 1);
	for (int i = 0; i < 5; i++) {
		x[i].tr = &tr;
		x[i].tag = (char)('a' + i);
		sim_timer_init(&x[i].t, record, &x[i]);
		sim_timer_arm(sim, &x[i].t, 100);
	}
	sim_timer_cancel(sim, &x[1].t);	/* e takes b's place */
	sim_run(sim, SIM_TIME_NEVER - 1);
	cr_assert_str_eq(tr.log, "0acde");
	sim_free(sim);
}

/* a * b / c exactly, the product in 64 bits or not, saturating past 2^64 */
Test(kernel, muldiv_is_exact_on_both_sides_of_64_bits)
{
	cr_expect_eq(sim_muldiv(12000, 1000000000, 10000000000ULL), 1200);
	cr_expect_eq(sim_muldiv(7, 3, 2), 10);
	cr_expect_eq(sim_muldiv(0, UINT64_MAX, 3), 0);
	/* 2^64 - 1 squared over 2^64 - 1: the product needs 128 bits */
	cr_expect_eq(sim_muldiv(UINT64_MAX, UINT64_MAX, UINT64_MAX), UINT64_MAX);
	/* 2^40 * 2^40 / 2^30 = 2^50 */
	cr_expect_eq(sim_muldiv(1ULL << 40, 1ULL << 40, 1ULL << 30), 1ULL << 50);
	/* (2^63 * 6) / 4 = 3 * 2^62 */
	cr_expect_eq(sim_muldiv(1ULL << 63, 6, 4), 3ULL << 62);
	cr_expect_eq(sim_muldiv(UINT64_MAX, 2, 1), UINT64_MAX, "saturates");
}

/*
 * Frames every 10 us on 8 cables and a retransmission timer re-armed 200 ms
 * ahead on every other frame, with few timers pending (what a TCP stream
 * looks like to the queue): a third of the delays are milliseconds, so the
 * occupancy rule alone would make buckets of milliseconds and send every
 * frame through the near heap.  Buckets stay no wider than the median delay.
 */
struct bimodal {
	struct sim_timer frame[8], rto;
	uint64_t n;
};

static void bimodal_rto(struct sim *sim, void *arg)
{
	(void)sim;
	(void)arg;
}

static void bimodal_frame(struct sim *sim, void *arg)
{
	struct bimodal *b = arg;

	/* the cable whose frame this was sends its next one */
	for (int i = 0; i < 8; i++)
		if (!sim_timer_pending(&b->frame[i]))
			sim_timer_arm_in(sim, &b->frame[i], 10 * SIM_US);
	if (++b->n % 2 == 0)
		sim_timer_arm_in(sim, &b->rto, 200 * SIM_MS);
}

Test(kernel, buckets_no_wider_than_the_median_delay)
{
	static struct bimodal b;
	struct sim *sim = sim_new(1);

	memset(&b, 0, sizeof(b));
	sim_timer_init(&b.rto, bimodal_rto, &b);
	for (int i = 0; i < 8; i++) {
		sim_timer_init(&b.frame[i], bimodal_frame, &b);
		sim_timer_arm(sim, &b.frame[i], (sim_time_t)i * SIM_US);
	}
	sim->max_events = 400000;	/* several looks at the width */
	sim_run(sim, SIM_TIME_NEVER - 1);
	cr_assert_eq(sim->events_run, 400000);
	/* 10 us is bin 13 (8192 to 16383 ns): buckets of 2^13 ns at most */
	cr_expect_leq(sim->q.shift, 13, "bucket width 2^%u ns", sim->q.shift);
	sim_free(sim);
}

/* A loss is plain decimal digits, optionally a percentage, from 0 to 1. */
Test(kernel, loss_parsing_takes_plain_decimals_only)
{
	static const char *const refused[] = {
		"", "%", ".", ".%", "nan", "nan%", "inf", "-0", "+0.5", "1e-2", "0x1p-1",
		"1.5", "101%", "5 %", " 5%", "5%%", "0,5",
	};
	double p = -1;

	cr_assert(sim_loss_parse("0.05", &p));
	cr_assert_float_eq(p, 0.05, 1e-12);
	cr_assert(sim_loss_parse("5%", &p));
	cr_assert_float_eq(p, 0.05, 1e-12);
	cr_assert(sim_loss_parse(".5", &p));
	cr_assert_float_eq(p, 0.5, 1e-12);
	cr_assert(sim_loss_parse("100%", &p));
	cr_assert_float_eq(p, 1.0, 1e-12);
	cr_assert(sim_loss_parse("0", &p));
	cr_assert_float_eq(p, 0.0, 1e-12);
	for (size_t i = 0; i < G_N_ELEMENTS(refused); i++) {
		p = -1;
		cr_assert_not(sim_loss_parse(refused[i], &p), "'%s' taken as %g", refused[i], p);
		cr_assert_float_eq(p, -1.0, 1e-12, "'%s' changed the value", refused[i]);
	}
}

/* Sizes: whole bytes, in 1024s or 1000s; what strtod took silently is refused. */
Test(kernel, size_parsing_is_exact)
{
	static const struct {
		const char *text;
		uint64_t bytes;
	} taken[] = {
		{ "4096", 4096 }, { "1K", 1024 }, { "1kb", 1000 }, { "1.5K", 1536 },
		{ "0.5K", 512 }, { "500M", 500ULL << 20 }, { "100MB", 100000000 },
		{ "1.5G", 3ULL << 29 }, { "2GiB", 2ULL << 30 }, { "1000TB", 1000000000000000ULL },
	};
	static const char *const refused[] = {
		"", "0", "1.5", "0.3K", "1.0000000001K", "1e3", "0x10", "-1", "1001TB", "1P",
		"lots", "5 M", "nan", "inf",
	};
	uint64_t b;
	GError *e = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(taken); i++) {
		cr_assert(sim_size_parse(taken[i].text, &b, NULL), "%s", taken[i].text);
		cr_assert_eq(b, taken[i].bytes, "%s: %" G_GUINT64_FORMAT, taken[i].text, b);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(refused); i++)
		cr_assert_not(sim_size_parse(refused[i], &b, NULL), "'%s' taken", refused[i]);
	cr_assert_not(sim_size_parse("1.5", &b, &e));
	cr_assert_str_eq(e->message,
			 "invalid size '1.5' (sizes are whole bytes): write a whole number of bytes, or one "
			 "with a unit: 500M, 2G, 1.5G (K, M, G, T count in 1024s; KB, MB, GB, TB in 1000s)");
	g_error_free(e);
}
