/*
 * datadir.c - the folders bondsim's plots and scenarios are in, found the
 * same way by a run, a sweep, a merge and a comparison.
 */
#include <glib.h>
#include "datadir.h"

#ifndef BONDSIM_DATADIR
#define BONDSIM_DATADIR "/usr/local/share/bondsim"
#endif

char *data_dir_find(const char *argv0, const char *what)
{
	g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
	g_autofree char *exe_dir = self ? g_path_get_dirname(self)
				       : argv0 ? g_path_get_dirname(argv0) : g_strdup(".");
	char *p;

	p = g_build_filename(exe_dir, what, NULL);
	if (g_file_test(p, G_FILE_TEST_IS_DIR))
		return p;
	g_free(p);
	p = g_build_filename(exe_dir, "..", "share", "bondsim", what, NULL);
	if (g_file_test(p, G_FILE_TEST_IS_DIR)) {
		char *clean = g_canonicalize_filename(p, NULL);	/* no "bin/.." in messages */

		g_free(p);
		return clean;
	}
	g_free(p);
	return g_build_filename(BONDSIM_DATADIR, what, NULL);
}

char *data_dir_plots(const char *argv0)
{
	const char *env = g_getenv("BONDSIM_PLOTS");

	return env ? g_strdup(env) : data_dir_find(argv0, "plots");
}
