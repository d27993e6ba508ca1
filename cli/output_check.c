/*
 * output_check.c - before anything is written over: would an output replace
 * an input, another output, or a file or folder that is not bondsim's?
 *
 * DOC: output.c stages a run's files and moves them into place at the
 * commit; what is checked here, before the run for the names known then and
 * again at the commit for all of them, is what would make that move fail
 * half-way or destroy a file of the user's.  Two names are the same file by
 * device and inode when both exist, else by the path with its folder
 * resolved.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "output.h"
#include "sim.h"
#include "world.h"
#include "output_priv.h"

/*
 * Is @a the file @b names?  By device and inode when both exist (./x and x,
 * a hard link, a symlink to it), else by the path with its folder resolved.
 */
struct file_key {
	bool exists;
	dev_t dev;
	ino_t ino;
	char *norm;
};

static void file_key(const char *path, struct file_key *k)
{
	struct stat st;
	char *dir, *base, *real;

	k->norm = NULL;
	k->exists = stat(path, &st) == 0;
	if (k->exists) {
		k->dev = st.st_dev;
		k->ino = st.st_ino;
		return;
	}
	dir = g_path_get_dirname(path);
	base = g_path_get_basename(path);
	real = realpath(dir, NULL);
	k->norm = real ? g_build_filename(real, base, NULL) : g_canonicalize_filename(path, NULL);
	free(real);
	g_free(dir);
	g_free(base);
}

bool output_same_file(const char *a, const char *b)
{
	struct file_key ka, kb;
	bool same;

	file_key(a, &ka);
	file_key(b, &kb);
	if (ka.exists != kb.exists)
		same = false;
	else if (ka.exists)
		same = ka.dev == kb.dev && ka.ino == kb.ino;
	else
		same = strcmp(ka.norm, kb.norm) == 0;
	g_free(ka.norm);
	g_free(kb.norm);
	return same;
}

/* A file the run replaces, as opposed to a device or a FIFO two outputs may share. */
bool output_is_file(const char *path)
{
	struct stat st;

	return strcmp(path, "-") != 0 && (stat(path, &st) != 0 || S_ISREG(st.st_mode));
}

void output_world_includes(struct output *o, const struct world *w)
{
	for (guint i = 0; i < w->includes->len; i++) {
		const struct world_include *inc = g_ptr_array_index(w->includes, i);
		char *what = g_strdup_printf("the file read by %s", inc->from);

		output_input(o, what, inc->path);
		g_free(what);
	}
}

static gboolean refuse(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static gboolean refuse(GError **error, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error_literal(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, msg);
	g_free(msg);
	return FALSE;
}

/* Each folder between --out and @rel must be one (or be made by the move). */
static gboolean check_parents(const struct output *o, const char *rel, dev_t stage_dev,
			      GError **error)
{
	char **parts = g_strsplit(rel, "/", -1);
	char *path = g_strdup(o->dir);
	gboolean ok = TRUE;

	for (char **p = parts; ok && p[0] && p[1]; p++) {
		char *next = g_build_filename(path, *p, NULL);
		struct stat st;

		g_free(path);
		path = next;
		if (lstat(path, &st) != 0)
			break;
		if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
			char *dst = g_build_filename(o->dir, rel, NULL);

			ok = refuse(error, "%s is not a directory, and %s %s writes %s in it: "
				    "move it away or choose another %s", path, o->label, o->dir, dst,
				    o->label);
			g_free(dst);
		} else if (st.st_dev != stage_dev) {
			/* a rename cannot cross file systems */
			ok = refuse(error, "%s is on another file system than %s: "
				    "choose another %s", path, o->dir, o->label);
		}
	}
	g_free(path);
	g_strfreev(parts);
	return ok;
}

/* @rel under --out: into place without destroying anything of the user's. */
static gboolean check_rel(const struct output *o, const char *rel, dev_t stage_dev,
			  GError **error)
{
	char *dst = g_build_filename(o->dir, rel, NULL);
	struct stat st;
	gboolean ok = TRUE;

	for (guint i = 0; ok && i < o->inputs->len; i++) {
		const struct input *in = g_ptr_array_index(o->inputs, i);

		if (output_same_file(dst, in->path))
			ok = refuse(error, "%s %s would write %s over %s: choose another %s",
				    o->label, o->dir, dst, in->what, o->label);
	}
	for (guint i = 0; ok && i < o->named->len; i++) {
		const struct named *n = g_ptr_array_index(o->named, i);

		if (output_is_file(n->path) && output_same_file(dst, n->path))
			ok = refuse(error, "%s %s is a file %s %s writes: choose another name",
				    n->what, n->path, o->label, o->dir);
	}
	if (ok)
		ok = check_parents(o, rel, stage_dev, error);
	if (ok && lstat(dst, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			ok = refuse(error, "%s is a directory, and %s %s writes a file there: "
				    "move it away or choose another %s", dst, o->label, o->dir,
				    o->label);
		else if (strcmp(rel, MANIFEST) != 0 && !g_hash_table_contains(o->listed, rel))
			ok = refuse(error, "%s is not from an earlier bondsim run: "
				    "move it away or choose another %s", dst, o->label);
	}
	g_free(dst);
	return ok;
}

/*
 * Every reason the commit could fail or destroy what is not ours, for the
 * files @rels under --out and the named outputs: the scenario overwritten,
 * two outputs on one file, a file or folder of the user's in the way.
 */
gboolean output_check(struct output *o, GPtrArray *rels, GError **error)
{
	struct stat st;

	for (guint i = 0; i < o->named->len; i++) {
		const struct named *n = g_ptr_array_index(o->named, i);

		/* "--json ''" (an unset variable in a script) would fail only at
		 * the commit's rename, after the run and after stdout was written */
		if (!*n->path)
			return refuse(error, "%s: which file? the name is empty: give a FILE, "
				      "or - for standard output", n->what);
		/* a folder that is not there: said now, not after a long run */
		if (strcmp(n->path, "-") != 0) {
			g_autofree char *dir = g_path_get_dirname(n->path);

			if (access(dir, W_OK | X_OK) != 0)
				return refuse(error, "%s: cannot write %s: %s", n->what, n->path,
					      g_strerror(errno));
		}
		if (!output_is_file(n->path))
			continue;
		for (guint k = 0; k < o->inputs->len; k++) {
			const struct input *in = g_ptr_array_index(o->inputs, k);

			if (output_same_file(n->path, in->path))
				return refuse(error, "%s %s is %s itself: choose another name", n->what,
					      n->path, in->what);
		}
		for (guint k = i + 1; k < o->named->len; k++) {
			const struct named *m = g_ptr_array_index(o->named, k);

			if (output_is_file(m->path) && output_same_file(n->path, m->path))
				return refuse(error, "%s %s and %s %s are the same file: give each its own name",
					      n->what, n->path, m->what, m->path);
		}
	}
	if (!o->dir)
		return TRUE;
	if (stat(o->stage, &st) != 0)
		return refuse(error, "cannot write %s: %s", o->stage, g_strerror(errno));
	for (guint i = 0; i < rels->len; i++)
		if (!check_rel(o, g_ptr_array_index(rels, i), st.st_dev, error))
			return FALSE;
	return check_rel(o, MANIFEST, st.st_dev, error);
}
