/*
 * sweep.h - "bondsim sweep" and "bondsim merge": a grid of --set values
 * times a range of seeds, run on this machine, GNU parallel or Slurm.
 *
 * DOC: A sweep is a list of runs, OUT/runs.list, one shell command per
 * line, each "bondsim SCENARIO --set ... --seed S --runs 0 --quiet
 * --json-line OUT/runs/NNNNNN.json".  Run i is grid point i / seeds, seed
 * i % seeds; the grid's first axis varies slowest.  Whichever engine runs
 * the lines (fork/exec here, "parallel", a Slurm array job), each run
 * writes its own file, and merge concatenates them in run order into
 * OUT/runs.jsonl: the same bytes whatever ran them and in whatever order
 * they finished.  merge then writes OUT/summary.txt, OUT/summary.csv (per
 * grid point and metric: n, mean, standard deviation, 95% confidence
 * interval of the mean over the seeds) and, for --metric NAME, OUT/summary.png.
 */
#ifndef BONDSIM_SWEEP_H
#define BONDSIM_SWEEP_H

#include <glib.h>
#include "world.h"

/* argv[0] is "sweep" / "merge"; exit status 0, 1 (a run failed its [expect]) or 2. */
int sweep_main(int argc, char **argv);
int merge_main(int argc, char **argv);

struct output;

/*
 * --json-line FILE: the run as one JSON line, added to the run's outputs
 * @o (committed with the others, all or none):
 *   {"scenario": ..., "set": ["PATH=VALUE", ...], "seed": S, "status": 0|1,
 *    "metrics": {"NAME": VALUE, ...}, "expect": [{"text": ..., "pass": true,
 *    "actual": VALUE}, ...]}
 */
gboolean sweep_add_line(struct output *o, const char *file, const char *scenario,
			char *const *sets, const struct world *w, const struct metrics *m, int status,
			GError **error);

/* OUT/runs/NNNNNN.@ext, the files of run @i (g_free). */
char *sweep_run_file(const char *out, unsigned i, const char *ext);

/* merge.c: what merge_main does, for a caller that ran the sweep (plots_dir: plots/;
 * label: what the user called OUT, for the messages).  0, 1 when a run failed an
 * [expect] line or stopped early (as that run exited), 2 when nothing was written. */
int merge_dir(const char *out, const char *label, const char *metric, const char *plots_dir,
	      bool quiet);
/* The files merge writes in OUT, relative, into @rels (g_free'd): with --metric its graph's too. */
void merge_out_names(bool metric, GPtrArray *rels);

/* Run each shell command of @lines, @jobs at a time, here (fork/exec). */
gboolean sweep_run_local(const GPtrArray *lines, int jobs, GError **error);

/* One line of runs.jsonl. */
struct run_expect {
	char *text;
	bool pass;
};

struct run_line {
	char *scenario;
	GPtrArray *set;			/* char * */
	double seed, status;
	char *stopped;			/* what ended the run before its end, NULL: it ran to the end */
	GArray *names;			/* GQuark of each metric, in order */
	GArray *values;			/* double */
	GArray *expects;		/* struct run_expect */
};

/* NULL when @text is no line of a run. */
struct run_line *merge_parse_line(const char *text);
void merge_run_line_free(struct run_line *r);
/* Metric @name of the run: false when it has none or it is null. */
bool merge_run_value(const struct run_line *r, const char *name, double *v);

/* The graph's x axis title for a --set path: "server.bond0.miimon (ms)" when
 * its numbers have a unit the value does not say (bonding options, a cable's
 * speed, a flow's rate or size), the path alone otherwise. */
char *merge_axis_label(const char *path, bool numeric);

/* merge.c, exposed for the tests. */
struct merge_stat {
	unsigned n;
	double mean, sd;
	double lo, hi;		/* 95% confidence interval of the mean; NAN for n < 2 */
};
/* Student's t for a two-sided 95% interval with @df degrees of freedom (1.96 past 120). */
double merge_t95(unsigned df);
void merge_stat_of(const double *v, unsigned n, struct merge_stat *out);
/*
 * runs.jsonl text (@name in messages) -> summary.txt and summary.csv text, and with @metric the
 * graph's data (@dat) and gnuplot variables for plots/summary.gp (@vars:
 * "series=N; titles='...'; xlabel='...'; numeric=0|1"); FALSE and @error
 * on a bad line or an unknown metric.
 */
/*
 * Where the lines of a runs.jsonl text came from when merge put it together
 * from the runs' files: a bad line is blamed on its run's file, not on a
 * runs.jsonl that is not written yet.
 */
struct merge_from {
	const char *out;	/* the sweep's OUT */
	GArray *lines;		/* guint: how many lines run i's file gave */
};
/*
 * @from: NULL when @jsonl is the file @name itself.  @unmet (may be NULL):
 * the runs that failed an [expect] line or stopped before their time.
 */
gboolean merge_summarize(const char *jsonl, const char *name, const struct merge_from *from,
			 GString *txt, GString *csv, const char *metric, GString *dat,
			 GString *vars, guint *unmet, GError **error);

#endif
