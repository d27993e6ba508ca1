/*
 * evbench.c - the event kernel under the ns-3 peer benchmark's hold model.
 *
 * K timers are pending at all times; each one that fires re-arms itself at
 * now + d, d = floor(-1000 ns * ln(u)), u in (0,1] from xorshift64* seeded
 * 42: the same delays as bench/ns3/evbench.cc.  The run stops
 * after TOTAL events.  Prints one RESULT line like the ns-3 program, with
 * the CPU time per event added: on a loaded machine the wall time also
 * counts the time the process waited for a core.
 *
 * This is a benchmark, not a test: it measures wall time, so it runs only
 * under `make bench`, never under `make check`.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "sim.h"

struct holder {
	struct sim_timer t;
};

static uint64_t state = 42;
static uint64_t count, total = 10000000;
static double mean = 1000.0;

static double uniform01(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (double)(((state * 2685821657736338717ULL) >> 11) + 1) * (1.0 / 9007199254740992.0);
}

static sim_time_t next_delay(void)
{
	return (sim_time_t)(-mean * log(uniform01()));
}

static void fire(struct sim *sim, void *arg)
{
	struct holder *h = arg;

	if (++count >= total) {
		sim_stop(sim);
		return;
	}
	sim_timer_arm(sim, &h->t, sim->now + next_delay());
}

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	uint32_t k = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1000;
	struct sim *sim;
	struct holder *hs;
	double t0, t1, c0, c1;

	if (argc > 2)
		total = strtoull(argv[2], NULL, 10);
	sim = sim_new(1);
	hs = calloc(k, sizeof(*hs));
	for (uint32_t i = 0; i < k; i++) {
		sim_timer_init(&hs[i].t, fire, &hs[i]);
		sim_timer_arm(sim, &hs[i].t, next_delay());
	}
	t0 = clock_s(CLOCK_MONOTONIC);
	c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	sim_run(sim, SIM_TIME_NEVER - 1);
	c1 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	t1 = clock_s(CLOCK_MONOTONIC);
	printf("RESULT prog=evbench k=%u total=%llu events=%llu sim_s=%.6f wall_s=%.4f "
	       "events_per_wall_s=%.0f ns_per_event=%.1f cpu_ns_per_event=%.1f\n",
	       k, (unsigned long long)total, (unsigned long long)sim->events_run,
	       (double)sim->now / SIM_S, t1 - t0, sim->events_run / (t1 - t0),
	       (t1 - t0) * 1e9 / sim->events_run, (c1 - c0) * 1e9 / sim->events_run);
	sim_free(sim);		/* before the timers it still points to */
	free(hs);
	return 0;
}
