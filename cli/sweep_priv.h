/*
 * sweep_priv.h - a sweep as sweep.c plans it and sweep_engines.c runs it.
 */
#ifndef BONDSIM_SWEEP_PRIV_H
#define BONDSIM_SWEEP_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#define SWEEP_SLURM_TASKS 1000	/* Slurm's default MaxArraySize is 1001 */

struct axis {
	char *path;
	char **values;
};

struct sweep {
	char *scenario;			/* absolute */
	char *out;			/* absolute */
	char *self;			/* this bondsim */
	GPtrArray *axes;		/* struct axis * */
	char **fixed;			/* --set, the same for every run */
	bool no_expect;			/* --no-expect: the runs leave [expect] out */
	uint64_t seed0;
	unsigned seeds;
	unsigned points;
	GPtrArray *lines;		/* char *: runs.list */
};

/* The runs' lines through GNU parallel (--sshlogin each of @sshlogins). */
gboolean sweep_run_parallel(const struct sweep *sw, int jobs, char **sshlogins, GError **error);
/* OUT/sweep.sbatch: an array job of at most SWEEP_SLURM_TASKS tasks (g_free). */
char *sweep_slurm_script(const struct sweep *sw);
/* sbatch it; with @wait until it is done, else *@job is its id (g_free). */
gboolean sweep_run_slurm(const struct sweep *sw, bool wait, char **job, GError **error);

#endif
