/*
 * tmp_tree.h - a test's temporary folder: what is in it, and away with it
 * at the end.
 */
#ifndef BONDSIM_TEST_TMP_TREE_H
#define BONDSIM_TEST_TMP_TREE_H

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

/* Remove a tree of the test's own (files and folders only). */
static inline void rm_tree(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		char *p = g_build_filename(path, name, NULL);

		if (g_file_test(p, G_FILE_TEST_IS_DIR))
			rm_tree(p);
		else
			g_unlink(p);
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(path);
}

static inline int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in @dir, sorted, space-separated: what a commit left there. */
static inline char *sorted_names(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	char *all;

	cr_assert_not_null(d, "%s", dir);
	while ((name = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(name));
	g_dir_close(d);
	g_ptr_array_sort(names, cmp_names);
	g_ptr_array_add(names, NULL);
	all = g_strjoinv(" ", (char **)names->pdata);
	g_ptr_array_free(names, TRUE);
	return all;
}

/* @path holds @want, to the byte. */
static inline void assert_text(const char *path, const char *want)
{
	char *text = NULL;

	cr_assert(g_file_get_contents(path, &text, NULL, NULL), "cannot read %s", path);
	cr_assert_str_eq(text, want, "%s", path);
	g_free(text);
}

#endif
