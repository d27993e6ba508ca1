/*
 * sweep_engines.c - how a sweep's runs.list is run: fork/exec here, GNU
 * parallel (local or over --sshlogin), or a Slurm array job.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "sweep.h"
#include "sweep_priv.h"
#include "output.h"

gboolean sweep_run_local(const GPtrArray *lines, int jobs, GError **error)
{
	guint n = lines->len, next = 0, done = 0;
	int running = 0;

	while (done < n) {
		while (next < n && running < jobs) {
			const char *argv[] = { "/bin/sh", "-c", g_ptr_array_index(lines, next), NULL };
			GPid pid;

			if (!g_spawn_async(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
					   NULL, &pid, error))
				return FALSE;
			next++;
			running++;
		}
		int status;
		pid_t pid = waitpid(-1, &status, 0);

		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0) {
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "waiting for the runs: %s",
				    g_strerror(errno));
			return FALSE;
		}
		running--;
		done++;
	}
	return TRUE;
}

static gboolean spawn_tool(GPtrArray *argv, char **out, int *status, GError **error)
{
	char *err = NULL;

	g_ptr_array_add(argv, NULL);
	if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out,
			  &err, status, error)) {
		g_prefix_error(error, "%s: ", (char *)argv->pdata[0]);
		g_free(err);
		return FALSE;
	}
	if (err && *err)
		fputs(err, stderr);
	g_free(err);
	return TRUE;
}

gboolean sweep_run_parallel(const struct sweep *sw, int jobs, char **sshlogins, GError **error)
{
	GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
	char *list = g_build_filename(sw->out, "runs.list", NULL);
	int status = 0;
	gboolean ok;

	g_autofree char *tool = g_find_program_in_path("parallel");

	if (!tool) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_NOT_FOUND,
			    "--engine parallel: GNU parallel is not installed (apt-get install parallel)");
		g_ptr_array_free(argv, TRUE);
		g_free(list);
		return FALSE;
	}
	g_ptr_array_add(argv, g_strdup("parallel"));
	g_ptr_array_add(argv, g_strdup("--will-cite"));
	g_ptr_array_add(argv, g_strdup("--jobs"));
	g_ptr_array_add(argv, g_strdup_printf("%d", jobs));
	for (char **s = sshlogins; s && *s; s++) {
		g_ptr_array_add(argv, g_strdup("--sshlogin"));
		g_ptr_array_add(argv, g_strdup(*s));
	}
	g_ptr_array_add(argv, g_strdup("::::"));
	g_ptr_array_add(argv, list);
	ok = spawn_tool(argv, NULL, &status, error);
	/* 1-101: that many runs exited non-zero ([expect] failed); the files tell */
	if (ok && WIFEXITED(status) && WEXITSTATUS(status) > 101) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO,
			    "parallel failed (exit %d): see its messages above", WEXITSTATUS(status));
		ok = FALSE;
	}
	g_ptr_array_free(argv, TRUE);
	return ok;
}

char *sweep_slurm_script(const struct sweep *sw)
{
	guint n = sw->lines->len, tasks = MIN(n, SWEEP_SLURM_TASKS);
	char *list = g_build_filename(sw->out, "runs.list", NULL);
	char *log = g_build_filename(sw->out, "runs", "slurm-%a.out", NULL);
	char *ql = g_shell_quote(list);
	char *s = g_strdup_printf(
		"#!/bin/sh\n"
		"# bondsim sweep: task T runs lines T+1, T+1+%u, ... of runs.list\n"
		"#SBATCH --job-name=bondsim-sweep\n"
		"#SBATCH --array=0-%u\n"
		"#SBATCH --ntasks=1\n"
		"#SBATCH --cpus-per-task=1\n"
		"#SBATCH --output=%s\n"
		"list=%s\n"
		"i=$SLURM_ARRAY_TASK_ID\n"
		"rc=0\n"
		"while [ \"$i\" -lt %u ]; do\n"
		"\tline=$(sed -n \"$((i + 1))p\" \"$list\")\n"
		"\tsh -c \"$line\"\n"
		"\tr=$?\n"
		"\t# 1: an [expect] line failed, a result like any other\n"
		"\t[ \"$r\" -gt 1 ] && rc=$r\n"
		"\ti=$((i + %u))\n"
		"done\n"
		"exit $rc\n",
		tasks, tasks - 1, log, ql, n, tasks);

	g_free(list);
	g_free(log);
	g_free(ql);
	return s;
}

/* OUT/sweep.job: the job id, committed beside the sweep's files, which stay. */
static gboolean commit_job(const char *out, const char *job, GError **error)
{
	static const char *const own[] = { "sweep.job", NULL };
	struct output *o = output_new(out, error);
	char *line = g_strdup_printf("%s\n", job);
	gboolean ok = o != NULL;

	if (ok) {
		output_keep_listed(o, own);
		ok = output_add(o, "sweep.job", line, strlen(line), error) && output_commit(o, error);
	}
	output_free(o);
	g_free(line);
	return ok;
}

/* OUT/sweep.sbatch submitted: the job id into OUT/sweep.job and *@job. */
gboolean sweep_run_slurm(const struct sweep *sw, bool wait, char **job, GError **error)
{
	char *script = g_build_filename(sw->out, "sweep.sbatch", NULL);
	char *out = NULL;
	GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
	int status = 0;
	gboolean ok = TRUE;

	g_ptr_array_add(argv, g_strdup("sbatch"));
	g_ptr_array_add(argv, g_strdup("--parsable"));
	if (wait)
		g_ptr_array_add(argv, g_strdup("--wait"));
	g_ptr_array_add(argv, g_strdup(script));
	g_autofree char *tool = g_find_program_in_path("sbatch");

	if (ok && !tool) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_NOT_FOUND,
			    "--engine slurm: sbatch is not installed (apt-get install slurm-client, and a cluster)");
		ok = FALSE;
	}
	ok = ok && spawn_tool(argv, &out, &status, error);
	if (ok) {
		/* "1234" or "1234;cluster" */
		g_strstrip(out);
		out[strcspn(out, ";\n")] = 0;
		if (!*out || strspn(out, "0123456789") != strlen(out)) {
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO,
				    "sbatch did not submit %s (exit %d): see its messages above", script,
				    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
			ok = FALSE;
		}
	}
	if (ok) {
		ok = commit_job(sw->out, out, error);
		*job = g_strdup(out);
	}
	g_free(out);
	g_free(script);
	g_ptr_array_free(argv, TRUE);
	return ok;
}

