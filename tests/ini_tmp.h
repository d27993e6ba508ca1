/*
 * ini_tmp.h - a scenario's text written to a temporary .ini file, for the
 * tests that load worlds from strings.  The caller g_unlink()s and
 * g_free()s the path once the world is loaded (or run, for a batch).
 */
#ifndef BONDSIM_TEST_INI_TMP_H
#define BONDSIM_TEST_INI_TMP_H

#include <criterion/criterion.h>
#include <glib.h>
#include <unistd.h>

static inline char *ini_tmp(const char *text)
{
	char *path = NULL;
	int fd = g_file_open_tmp("bondsim-XXXXXX.ini", &path, NULL);

	cr_assert(fd >= 0);
	close(fd);
	cr_assert(g_file_set_contents(path, text, -1, NULL));
	return path;
}

#endif
