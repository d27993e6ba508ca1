/*
 * runs.h - one scenario, many seeds: how a number is distributed.
 *
 * DOC: "How long will failover take?" has no single answer: it depends on
 * where the monitors' ticks fall against the fault, which the seed draws
 * (world.c).  A batch runs the scenario once per seed, seed, seed+1, ...
 * seed+N-1, one world after the other in this process, and keeps every
 * metric of every run.  Over the runs, each metric X gets
 *
 *   X.min  X.median  X.p95  X.max   nearest-rank statistics
 *   X.runs                          in how many runs X was there
 *
 * Nearest rank: the p-th percentile of N values is the value of rank
 * ceil(p * N / 100) in ascending order (rank 1 at least), so it is always
 * one run's own value (the median of an even N is the lower of the two
 * middle ones).  A failover metric of -1 ("did not happen", "the flow had
 * stopped") is no value: it is left out, and X.runs says so.  An outage
 * with no end (the flow never recovered) is INFINITY, printed "never".
 *
 * [expect] lines on X.<stat> are checked against the statistic; a line on
 * a plain metric must hold in every run.  The report (runs_report.c) is
 * byte-identical for the same scenario, seeds and binary.
 */
#ifndef BONDSIM_RUNS_H
#define BONDSIM_RUNS_H

#include "world.h"
#include "output.h"

#define RUNS_MAX 10000

enum runs_stat {
	RUNS_STAT_MIN,
	RUNS_STAT_MEDIAN,
	RUNS_STAT_P95,
	RUNS_STAT_MAX,
	RUNS_STAT_COUNT,	/* ".runs" */
	RUNS_N_STATS,
};

/* "min", "median", "p95", "max", "runs", NULL */
extern const char *const runs_stat_names[];

/* "X.p95" -> RUNS_STAT_P95 and *base_len = strlen("X"); -1 if no such suffix. */
int runs_stat_of(const char *name, size_t *base_len);

/*
 * Whether @v of metric @name is no value at all: NaN, a failover metric of
 * -1 ("did not happen", "the flow had stopped", "never delivered again"),
 * a time in ms of -1 (every "..._ms" metric says "never" so: a flow's
 * first_rx_ms, an 802.3ad cd_ms, a switch's storm_at_ms, a channel's
 * up_at_ms, the last tlb rebalance).  A batch and merge's summary both
 * leave them out, and say how many runs had a value.
 */
bool runs_no_value(const char *name, double v);

/*
 * runs_never.c: an outage with no end.  A flow, ping or TCP stream that got
 * nothing after fault N until the next fault or the end of the run has
 * failover.N.SCOPE.NAME.first_rx_ms -1 and an outage_ms that is only the
 * time left to run: read as INFINITY (above every finite value, "never").
 */
typedef bool (*runs_value_fn)(const void *run, const char *name, double *v);
/* @name is a flow's, ping's, TCP stream's or alb peer's failover.N.*.*outage_ms. */
bool runs_outage_is_row(const char *name);
/* That row's outage has no end in the run @get reads. */
bool runs_row_never(const char *name, runs_value_fn get, const void *run);
/* "failover.N.outage_ms" for a flow's, ping's or TCP stream's row, else NULL; g_free it. */
char *runs_fault_total_of(const char *row);
/* @name (a row or the fault's failover.N.outage_ms) has no end in @m. */
bool runs_outage_never(const struct metrics *m, const char *name);
/* @v of metric @name of @m, INFINITY when it is an outage with no end. */
double runs_outage_value(const struct metrics *m, const char *name, double v);

/* The @pct-th percentile (0..100) of @n > 0 values sorted ascending, by nearest rank. */
double runs_percentile(const double *sorted, size_t n, unsigned pct);

/* One metric over the runs. */
struct runs_metric {
	char *name;
	bool is_int;
	double *values;			/* one per run, NAN: not there in that run */
	double stat[RUNS_N_STATS];	/* NAN when no run had it */
};

/* What became of one [expect] line of the scenario. */
struct runs_expect {
	int stat;			/* enum runs_stat, or -1: must hold in every run */
	unsigned failed;		/* runs in which it did not hold (plain metrics) */
	uint64_t first_failed_seed;
	double first_failed_actual;
	double lo, hi;			/* its actual values over the runs (plain metrics) */
};

struct runs {
	struct world *first;		/* the first seed's world, kept for the report */
	unsigned n;
	uint64_t seed0;
	uint64_t events;		/* every run's events */
	GPtrArray *metrics;		/* struct runs_metric *, in order of first appearance */
	GHashTable *index;		/* name -> struct runs_metric * */
	struct metrics stats;		/* "X.min" ... : what [expect] and the JSON read */
	struct runs_expect *expects;	/* one per first->expects */
	unsigned *failed_per_run;	/* expectations that failed, per run */
	unsigned storms;		/* runs a forwarding loop stopped */
	char *first_storm;		/* "seed N: sw1 at T s: ..." */
};

/*
 * Run @first (loaded from @path with @opt, seed first->seed, first->runs
 * runs) and then the other seeds, each loaded from @path again.  Takes
 * @first.  @echo_logs: kernel and switch logs on stderr (--verbose).
 */
struct run_limits;
gboolean runs_execute(struct runs *r, struct world *first, const char *path,
		      const struct world_options *opt, const struct run_limits *lim,
		      bool echo_logs, GError **error);
void runs_fini(struct runs *r);
/* The number of [expect] lines that failed. */
unsigned runs_failed(const struct runs *r);
/* The metric named @name, or NULL. */
const struct runs_metric *runs_find(const struct runs *r, const char *name);

/* runs_report.c: report.txt, report.json, runs.csv, runs_summary.csv, runs.png */
void runs_report_text(const struct runs *r, GString *out);
/* "5 runs (seeds 1-5)", "1 run (seed 1)": appended to @out. */
void runs_seeds_text(GString *out, unsigned n, uint64_t seed0);
/* What expectation @i's line says in its parentheses, as the batch's report.txt gives it. */
void runs_expect_verdict(const struct runs *r, guint i, GString *out);
void runs_report_json(const struct runs *r, GString *out);
void runs_write_csv(const struct runs *r, GString *out);
void runs_write_summary_csv(const struct runs *r, GString *out);
/* Everything under --out DIR, written under temporary names, renamed when complete. */
gboolean runs_write_out(const struct runs *r, struct output *o, const GString *text,
			const char *plots_dir, bool quiet, GError **error);
/* The files runs_write_out() writes whatever the runs give, for output_check() before them. */
void runs_out_names(GPtrArray *rels);

#endif
