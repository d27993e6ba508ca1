/*
 * output.c - staged outputs: all or none, and never destroy what is not ours.
 *
 * DOC: bondsim runs as root in CI, so an output path is treated with care:
 * - `--json /dev/null`, a FIFO, a symlink: written through, as the user
 *   asked (a rename would replace the device node or the link with a plain
 *   file); `--json -` is standard output;
 * - a regular file: written beside it under a temporary name, renamed over
 *   it only when every output of the run is complete;
 * - `--out DIR`: everything goes into DIR/.bondsim-staging-XXXXXX first and
 *   is moved into place at the commit.  DIR/.bondsim-files lists what the
 *   run wrote; the next run into the same DIR removes what it listed and
 *   did not write again, so the folder never mixes two runs, and leaves
 *   every file bondsim did not write alone.
 * Every write is checked to the end (fwrite, fflush, fclose): a full disk,
 * a file size limit (SIGXFSZ is ignored, see watch.c) or stdout on
 * /dev/full is an error that names the file and the reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "output.h"
#include "sim.h"

#define MANIFEST ".bondsim-files"

struct named {
	char *what, *path;
	char *tmp;			/* regular file: the temporary beside it */
	GBytes *data;			/* written through at the commit otherwise */
};

struct output {
	char *dir;			/* --out, or NULL */
	char *stage;			/* dir/.bondsim-staging-XXXXXX */
	GPtrArray *rels;		/* files under dir, relative, in order */
	GPtrArray *named;		/* struct named * */
	bool committed;
};

static gboolean io_error(GError **error, const char *what, const char *path, int err)
{
	g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "%s%scannot write %s: %s",
		    what ? what : "", what ? ": " : "", path, g_strerror(err));
	return FALSE;
}

/* All of @data into @fd's file, checked to the last byte. */
static int write_all(int fd, const char *data, gsize len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		if (n == 0)
			return EIO;
		data += n;
		len -= (gsize)n;
	}
	return 0;
}

/* A new file at @path with @data; errno value on failure (the file removed). */
static int write_new(const char *path, const char *data, gsize len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int err;

	if (fd < 0)
		return errno;
	err = write_all(fd, data, len);
	if (close(fd) != 0 && !err)
		err = errno;
	if (err)
		g_unlink(path);
	return err;
}

gboolean output_stdout(const char *data, gsize len, GError **error)
{
	if ((len && fwrite(data, 1, len, stdout) != len) || fflush(stdout) != 0 || ferror(stdout))
		return io_error(error, NULL, "the report to standard output",
				errno ? errno : EIO);
	return TRUE;
}

struct output *output_new(const char *out_dir, GError **error)
{
	struct output *o = g_new0(struct output, 1);

	o->rels = g_ptr_array_new_with_free_func(g_free);
	o->named = g_ptr_array_new();
	if (!out_dir)
		return o;
	if (g_mkdir_with_parents(out_dir, 0755) != 0 || !g_file_test(out_dir, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "--out %s: %s", out_dir,
			    errno ? g_strerror(errno) : "not a directory");
		output_free(o);
		return NULL;
	}
	o->dir = g_strdup(out_dir);
	o->stage = g_build_filename(out_dir, ".bondsim-staging-XXXXXX", NULL);
	if (!g_mkdtemp(o->stage)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "--out %s: %s", out_dir,
			    g_strerror(errno));
		g_free(o->stage);
		o->stage = NULL;
		output_free(o);
		return NULL;
	}
	return o;
}

char *output_stage_path(struct output *o, const char *rel)
{
	char *path = g_build_filename(o->stage, rel, NULL);
	char *parent = g_path_get_dirname(path);

	g_mkdir_with_parents(parent, 0755);
	g_free(parent);
	return path;
}

char *output_final_path(const struct output *o, const char *rel)
{
	return g_build_filename(o->dir, rel, NULL);
}

static bool has_rel(const struct output *o, const char *rel)
{
	for (guint i = 0; i < o->rels->len; i++)
		if (strcmp(g_ptr_array_index(o->rels, i), rel) == 0)
			return true;
	return false;
}

gboolean output_add(struct output *o, const char *rel, const char *data, gsize len,
		    GError **error)
{
	char *path = output_stage_path(o, rel);
	int err = write_new(path, data, len);

	g_free(path);
	if (err) {
		/* the staging name means nothing to the user: name the file she will look for */
		char *final = output_final_path(o, rel);

		io_error(error, NULL, final, err);
		g_free(final);
		return FALSE;
	}
	if (!has_rel(o, rel))
		g_ptr_array_add(o->rels, g_strdup(rel));
	return TRUE;
}

gboolean output_add_symlink(struct output *o, const char *rel, const char *target,
			    GError **error)
{
	char *path = output_stage_path(o, rel);
	int err = 0;

	g_unlink(path);
	if (symlink(target, path) != 0)
		err = errno;
	g_free(path);
	if (err) {
		char *final = output_final_path(o, rel);

		io_error(error, NULL, final, err);
		g_free(final);
		return FALSE;
	}
	if (!has_rel(o, rel))
		g_ptr_array_add(o->rels, g_strdup(rel));
	return TRUE;
}

/* A folder, not a symlink to one (sysfs/HOST/class/net/eth0 is a link). */
static bool is_real_dir(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

void output_note(struct output *o, const char *rel)
{
	if (!has_rel(o, rel))
		g_ptr_array_add(o->rels, g_strdup(rel));
}

gboolean output_add_named(struct output *o, const char *what, const char *path,
			  const char *data, gsize len, GError **error)
{
	struct named *n = g_new0(struct named, 1);
	struct stat st;

	n->what = g_strdup(what);
	n->path = g_strdup(path);
	if (strcmp(path, "-") == 0 || (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))) {
		if (strcmp(path, "-") != 0 && S_ISDIR(st.st_mode)) {
			io_error(error, what, path, EISDIR);
			g_free(n->what);
			g_free(n->path);
			g_free(n);
			return FALSE;
		}
		n->data = g_bytes_new(data, len);
	} else {
		char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
		char *tmpl = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
		int fd = g_mkstemp(tmpl), err;

		g_free(dir);
		g_free(base);
		if (fd < 0) {
			err = errno;
			g_free(tmpl);
			g_free(n->what);
			g_free(n->path);
			g_free(n);
			return io_error(error, what, path, err);
		}
		err = write_all(fd, data, len);
		if (close(fd) != 0 && !err)
			err = errno;
		/* a plain file gets the usual mode, not mkstemp's 0600 */
		if (!err && fchmodat(AT_FDCWD, tmpl, 0644, 0) != 0)
			err = errno;
		if (err) {
			g_unlink(tmpl);
			g_free(tmpl);
			g_free(n->what);
			g_free(n->path);
			g_free(n);
			return io_error(error, what, path, err);
		}
		n->tmp = tmpl;
	}
	g_ptr_array_add(o->named, n);
	return TRUE;
}

/* Through the path itself: a device, a FIFO (which must have a reader), a symlink. */
static gboolean write_through(const struct named *n, GError **error)
{
	gsize len;
	const char *data = g_bytes_get_data(n->data, &len);
	int fd, err;

	if (strcmp(n->path, "-") == 0)
		return output_stdout(data, len, error);
	fd = open(n->path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		if (err == ENXIO) {
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO,
				    "%s: cannot write %s: a FIFO that nobody reads", n->what, n->path);
			return FALSE;
		}
		return io_error(error, n->what, n->path, err);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	/* a symlink to a regular file: replace its content, not the link */
	if (ftruncate(fd, 0) != 0 && errno != EINVAL)
		err = errno;
	else
		err = write_all(fd, data, len);
	if (close(fd) != 0 && !err)
		err = errno;
	return err ? io_error(error, n->what, n->path, err) : TRUE;
}

/* Every file a tool wrote into the staging tree (gnuplot's PNGs) joins the manifest. */
static void collect_tree(struct output *o, const char *dir, const char *prefix)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	if (!d)
		return;
	while ((name = g_dir_read_name(d))) {
		char *p = g_build_filename(dir, name, NULL);
		char *rel = *prefix ? g_strdup_printf("%s/%s", prefix, name) : g_strdup(name);

		if (is_real_dir(p))
			collect_tree(o, p, rel);
		else
			output_note(o, rel);
		g_free(rel);
		g_free(p);
	}
	g_dir_close(d);
}

/* Move every file of the staging tree @from into @to. */
static gboolean move_tree(const char *from, const char *to, GError **error)
{
	GDir *d = g_dir_open(from, 0, NULL);
	const char *name;
	gboolean ok = TRUE;

	if (!d)
		return TRUE;
	g_mkdir_with_parents(to, 0755);
	while (ok && (name = g_dir_read_name(d))) {
		char *src = g_build_filename(from, name, NULL);
		char *dst = g_build_filename(to, name, NULL);

		if (is_real_dir(src))
			ok = move_tree(src, dst, error);
		else if (g_rename(src, dst) != 0)
			ok = io_error(error, NULL, dst, errno);
		g_free(src);
		g_free(dst);
	}
	g_dir_close(d);
	return ok;
}

/* Remove a folder tree (the staging folder: all of it is ours). */
static void remove_tree(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	const char *name;

	if (d) {
		while ((name = g_dir_read_name(d))) {
			char *p = g_build_filename(path, name, NULL);

			if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
				remove_tree(p);
			else
				g_unlink(p);
			g_free(p);
		}
		g_dir_close(d);
	}
	g_rmdir(path);
}

/* The earlier run's files that this one did not write again: gone. */
static void remove_stale(struct output *o)
{
	char *manifest = g_build_filename(o->dir, MANIFEST, NULL);
	char *old = NULL;
	gsize len = 0;

	if (g_file_get_contents(manifest, &old, &len, NULL)) {
		char **lines = g_strsplit(old, "\n", -1);

		for (char **l = lines; *l; l++) {
			char *path, *parent;

			/* only plain relative names, as this code writes them */
			if (!**l || g_path_is_absolute(*l) || strstr(*l, "..") || has_rel(o, *l))
				continue;
			path = g_build_filename(o->dir, *l, NULL);
			g_unlink(path);
			/* proc/<host>/ and the like: removed once empty */
			parent = g_path_get_dirname(path);
			while (strcmp(parent, o->dir) != 0 && g_rmdir(parent) == 0) {
				char *up = g_path_get_dirname(parent);

				g_free(parent);
				parent = up;
			}
			g_free(parent);
			g_free(path);
		}
		g_strfreev(lines);
		g_free(old);
	}
	g_free(manifest);
}

static gboolean write_manifest(struct output *o, GError **error)
{
	GString *s = g_string_new(NULL);
	char *path = g_build_filename(o->dir, MANIFEST, NULL);
	char *tmp = g_strdup_printf("%s.tmp", path);
	int err;

	for (guint i = 0; i < o->rels->len; i++)
		g_string_append_printf(s, "%s\n", (char *)g_ptr_array_index(o->rels, i));
	err = write_new(tmp, s->str, s->len);
	if (!err && g_rename(tmp, path) != 0)
		err = errno;
	g_string_free(s, TRUE);
	g_free(tmp);
	if (err)
		io_error(error, NULL, path, err);
	g_free(path);
	return !err;
}

gboolean output_commit(struct output *o, GError **error)
{
	/* Written through first: a FIFO with no reader or /dev/full stops it all here. */
	for (guint i = 0; i < o->named->len; i++) {
		struct named *n = g_ptr_array_index(o->named, i);

		if (n->data && !write_through(n, error))
			return FALSE;
	}
	for (guint i = 0; i < o->named->len; i++) {
		struct named *n = g_ptr_array_index(o->named, i);

		if (!n->tmp)
			continue;
		if (g_rename(n->tmp, n->path) != 0)
			return io_error(error, n->what, n->path, errno);
		g_free(n->tmp);
		n->tmp = NULL;
	}
	if (o->dir) {
		collect_tree(o, o->stage, "");
		if (!move_tree(o->stage, o->dir, error))
			return FALSE;
		remove_stale(o);
		if (!write_manifest(o, error))
			return FALSE;
	}
	o->committed = true;
	return TRUE;
}

void output_free(struct output *o)
{
	if (!o)
		return;
	for (guint i = 0; i < o->named->len; i++) {
		struct named *n = g_ptr_array_index(o->named, i);

		if (n->tmp)
			g_unlink(n->tmp);
		g_free(n->tmp);
		if (n->data)
			g_bytes_unref(n->data);
		g_free(n->what);
		g_free(n->path);
		g_free(n);
	}
	g_ptr_array_free(o->named, TRUE);
	if (o->stage)
		remove_tree(o->stage);
	g_free(o->stage);
	g_free(o->dir);
	g_ptr_array_free(o->rels, TRUE);
	g_free(o);
}
