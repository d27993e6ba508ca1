/*
 * output.c - staged outputs: all or none, and never destroy what is not ours.
 *
 * DOC: bondsim runs as root in CI, so an output path is treated with care:
 * - `--json /dev/null`, a FIFO: written through, as the user asked (a
 *   rename would replace the device node with a plain file); `--json -` is
 *   standard output;
 * - a regular file, or a symlink to one: a temporary file beside the file
 *   (the link's target, so the link stays a link) is renamed over it only
 *   when every output of the run is complete;
 * - `--out DIR`: everything goes into DIR/.bondsim-staging-XXXXXX first and
 *   is moved into place at the commit.  DIR/.bondsim-files lists what the
 *   run wrote (and what it keeps: a sweep's runs, which write their files
 *   in place); the next run into the same DIR removes what it listed and
 *   did not write again or keep, so the folder never mixes two runs.  A
 *   file there that no earlier run listed is the user's: the run refuses
 *   to replace it.
 * The commit checks every destination before it moves anything, moves what
 * it replaces aside until the last move succeeded (and back if one fails),
 * and renames the named files last, each earlier file linked aside until
 * the last rename: a failure at any point leaves every file as it was
 * (what was written through a device or a FIFO cannot be taken back).  A
 * folder the run created is removed when it fails.
 * Every write is checked to the end (fwrite, fflush, fclose): a full disk,
 * a file size limit (SIGXFSZ is ignored, see watch.c) or stdout on
 * /dev/full is an error that names the file and the reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "output.h"
#include "sim.h"
#include "output_priv.h"

/* Inside the staging folder: what the commit replaces waits there until it is done. */
#define ASIDE ".bondsim-aside"

/* One move of the commit, undone in reverse order if a later one fails. */
struct move {
	char *src, *dst;
	char *aside;			/* where dst's earlier file waits, or NULL */
};

gboolean output_io_error(GError **error, const char *what, const char *path, int err)
{
	g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "%s%scannot write %s: %s",
		    what ? what : "", what ? ": " : "", path, g_strerror(err));
	return FALSE;
}

/* All of @data into @fd's file, checked to the last byte. */
int output_write_all(int fd, const char *data, gsize len)
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
	err = output_write_all(fd, data, len);
	if (close(fd) != 0 && !err)
		err = errno;
	if (err)
		g_unlink(path);
	return err;
}

gboolean output_stdout(const char *data, gsize len, GError **error)
{
	if ((len && fwrite(data, 1, len, stdout) != len) || fflush(stdout) != 0 || ferror(stdout))
		return output_io_error(error, NULL, "the report to standard output",
				errno ? errno : EIO);
	return TRUE;
}

/*
 * --out's folder and the missing ones above it, each noted so that a run
 * that fails takes away what it made.
 */
static gboolean make_dirs(struct output *o, const char *dir, int *err)
{
	GPtrArray *missing = g_ptr_array_new();
	char *p = g_strdup(dir);
	struct stat st;
	gboolean ok = TRUE;

	while (lstat(p, &st) != 0 && errno == ENOENT) {
		char *up = g_path_get_dirname(p);

		g_ptr_array_insert(missing, 0, p);
		if (strcmp(up, p) == 0 || strcmp(up, ".") == 0) {
			g_free(up);
			p = NULL;
			break;
		}
		p = up;
	}
	g_free(p);
	for (guint i = 0; i < missing->len; i++) {
		char *m = g_ptr_array_index(missing, i);

		if (ok && mkdir(m, 0755) == 0) {
			g_ptr_array_add(o->made, m);
			continue;
		}
		if (ok && errno != EEXIST) {
			*err = errno;
			ok = FALSE;
		}
		g_free(m);
	}
	g_ptr_array_free(missing, TRUE);
	return ok;
}

/* The folders the run made, innermost first, each only if empty. */
static void unmake_dirs(GPtrArray *made)
{
	for (guint i = made->len; i-- > 0;)
		g_rmdir(g_ptr_array_index(made, i));
	g_ptr_array_set_size(made, 0);
}

static void read_manifest(struct output *o)
{
	char *manifest = g_build_filename(o->dir, MANIFEST, NULL);
	char *old = NULL;

	if (g_file_get_contents(manifest, &old, NULL, NULL)) {
		char **lines = g_strsplit(old, "\n", -1);

		for (char **l = lines; *l; l++)
			if (**l)
				g_hash_table_add(o->listed, g_strdup(*l));
		g_strfreev(lines);
		g_free(old);
	}
	g_free(manifest);
}

void output_set_label(struct output *o, const char *label)
{
	o->label = label;
}

struct output *output_new(const char *out_dir, GError **error)
{
	struct output *o = g_new0(struct output, 1);
	int err = 0;

	o->rels = g_ptr_array_new_with_free_func(g_free);
	o->named = g_ptr_array_new();
	o->inputs = g_ptr_array_new();
	o->listed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	o->made = g_ptr_array_new_with_free_func(g_free);
	o->kept = g_ptr_array_new_with_free_func(g_free);
	o->kept_set = g_hash_table_new(g_str_hash, g_str_equal);
	o->label = "--out";
	if (!out_dir)
		return o;
	o->dir = g_strdup(out_dir);
	if (!make_dirs(o, out_dir, &err) || !g_file_test(out_dir, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "--out %s: %s", out_dir,
			    g_strerror(err ? err : ENOTDIR));
		output_free(o);
		return NULL;
	}
	o->stage = g_build_filename(out_dir, ".bondsim-staging-XXXXXX", NULL);
	if (!g_mkdtemp(o->stage)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "--out %s: %s", out_dir,
			    g_strerror(errno));
		g_free(o->stage);
		o->stage = NULL;
		output_free(o);
		return NULL;
	}
	read_manifest(o);
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

void output_unstage_error(const struct output *o, GError *error)
{
	char **parts;

	if (!o->stage || !error || !strstr(error->message, o->stage))
		return;
	parts = g_strsplit(error->message, o->stage, -1);
	g_free(error->message);
	error->message = g_strjoinv(o->dir, parts);
	g_strfreev(parts);
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

		output_io_error(error, NULL, final, err);
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

		output_io_error(error, NULL, final, err);
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

void output_keep(struct output *o, const char *rel)
{
	char *copy;

	if (g_hash_table_contains(o->kept_set, rel))
		return;
	copy = g_strdup(rel);
	g_ptr_array_add(o->kept, copy);
	g_hash_table_add(o->kept_set, copy);
}

static int cmp_rel(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void output_keep_listed(struct output *o, const char *const *own)
{
	GPtrArray *others = g_ptr_array_new();
	GHashTableIter it;
	gpointer key;

	g_hash_table_iter_init(&it, o->listed);
	while (g_hash_table_iter_next(&it, &key, NULL))
		if (!g_strv_contains(own, key))
			g_ptr_array_add(others, key);
	/* the manifest in the same order whatever the hash table's */
	g_ptr_array_sort(others, cmp_rel);
	for (guint i = 0; i < others->len; i++)
		output_keep(o, g_ptr_array_index(others, i));
	g_ptr_array_free(others, TRUE);
}

void output_input(struct output *o, const char *what, const char *path)
{
	struct input *in;

	for (guint i = 0; i < o->inputs->len; i++)
		if (strcmp(((struct input *)g_ptr_array_index(o->inputs, i))->path, path) == 0)
			return;
	in = g_new(struct input, 1);
	in->what = g_strdup(what);
	in->path = g_strdup(path);
	g_ptr_array_add(o->inputs, in);
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

/* The folders above @dst under --out, made where missing (and noted in @made). */
static int make_parents(const struct output *o, const char *rel, GPtrArray *made)
{
	char **parts = g_strsplit(rel, "/", -1);
	char *path = g_strdup(o->dir);
	int err = 0;

	for (char **p = parts; !err && p[0] && p[1]; p++) {
		char *next = g_build_filename(path, *p, NULL);

		g_free(path);
		path = next;
		if (mkdir(path, 0755) == 0)
			g_ptr_array_add(made, g_strdup(path));
		else if (errno != EEXIST)
			err = errno;
	}
	g_free(path);
	g_strfreev(parts);
	return err;
}

/* The moves done so far taken back, last first: --out as it was. */
static void undo_moves(GArray *moves, GPtrArray *made)
{
	for (guint i = moves->len; i-- > 0;) {
		struct move *m = &g_array_index(moves, struct move, i);

		if (g_rename(m->dst, m->src) == 0 && m->aside)
			g_rename(m->aside, m->dst);
	}
	unmake_dirs(made);
}

static void free_moves(GArray *moves)
{
	for (guint i = 0; i < moves->len; i++) {
		struct move *m = &g_array_index(moves, struct move, i);

		g_free(m->src);
		g_free(m->dst);
		g_free(m->aside);
	}
	g_array_free(moves, TRUE);
}

/*
 * Every staged file (and the manifest) into --out; what each replaces is
 * moved aside first, so that a rename that fails midway can put it all
 * back.  The moves are kept in @moves for undo_moves().
 */
static gboolean move_in(struct output *o, GArray *moves, GPtrArray *made, GError **error)
{
	char *aside = g_build_filename(o->stage, ASIDE, NULL);
	guint n = o->rels->len;
	int err = 0;
	char *dst = NULL;

	if (mkdir(aside, 0700) != 0) {
		err = errno;
		dst = g_strdup(aside);
	}
	for (guint i = 0; !err && i <= n; i++) {
		const char *rel = i < n ? g_ptr_array_index(o->rels, i) : MANIFEST;
		struct move m = { g_build_filename(o->stage, rel, NULL), NULL, NULL };
		struct stat st;

		dst = g_build_filename(o->dir, rel, NULL);
		err = make_parents(o, rel, made);
		if (!err && lstat(dst, &st) == 0) {
			m.aside = g_strdup_printf("%s/%u", aside, i);
			if (g_rename(dst, m.aside) != 0)
				err = errno;
		}
		if (!err && g_rename(m.src, dst) != 0) {
			err = errno;
			if (m.aside)
				g_rename(m.aside, dst);
		}
		if (err) {
			g_free(m.src);
			g_free(m.aside);
			break;
		}
		m.dst = dst;
		dst = NULL;
		g_array_append_val(moves, m);
	}
	g_free(aside);
	if (err) {
		output_io_error(error, NULL, dst, err);
		g_free(dst);
		undo_moves(moves, made);
		return FALSE;
	}
	return TRUE;
}

/*
 * A named output or an input (the scenario, an @file it read) that is also
 * an old file of --out: the user's now, not stale.
 */
static bool is_kept(const struct output *o, const char *path)
{
	for (guint i = 0; i < o->named->len; i++) {
		const struct named *n = g_ptr_array_index(o->named, i);

		if (output_is_file(n->path) && output_same_file(path, n->path))
			return true;
	}
	for (guint i = 0; i < o->inputs->len; i++) {
		const struct input *in = g_ptr_array_index(o->inputs, i);

		if (output_same_file(path, in->path))
			return true;
	}
	return false;
}

/* The earlier run's files that this one did not write again: gone. */
static void remove_stale(struct output *o)
{
	GHashTableIter it;
	gpointer key;

	g_hash_table_iter_init(&it, o->listed);
	while (g_hash_table_iter_next(&it, &key, NULL)) {
		const char *rel = key;
		char *path, *parent;

		/* only plain relative names, as this code writes them */
		if (g_path_is_absolute(rel) || strstr(rel, "..") || has_rel(o, rel) ||
		    g_hash_table_contains(o->kept_set, rel))
			continue;
		path = g_build_filename(o->dir, rel, NULL);
		if (is_kept(o, path)) {
			g_free(path);
			continue;
		}
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
}

static int stage_manifest(struct output *o)
{
	GString *s = g_string_new(NULL);
	char *path = g_build_filename(o->stage, MANIFEST, NULL);
	int err;

	for (guint i = 0; i < o->rels->len; i++)
		g_string_append_printf(s, "%s\n", (char *)g_ptr_array_index(o->rels, i));
	for (guint i = 0; i < o->kept->len; i++)
		g_string_append_printf(s, "%s\n", (char *)g_ptr_array_index(o->kept, i));
	err = write_new(path, s->str, s->len);
	g_string_free(s, TRUE);
	g_free(path);
	return err;
}

gboolean output_commit(struct output *o, GError **error)
{
	GArray *moves = g_array_new(FALSE, FALSE, sizeof(struct move));
	GPtrArray *made = g_ptr_array_new_with_free_func(g_free);
	gboolean ok = FALSE;
	int err;

	if (o->dir)
		collect_tree(o, o->stage, "");
	if (!output_check(o, o->rels, error))
		goto out;
	if (o->dir && (err = stage_manifest(o)) != 0) {
		char *manifest = g_build_filename(o->dir, MANIFEST, NULL);

		output_io_error(error, NULL, manifest, err);
		g_free(manifest);
		goto out;
	}
	/*
	 * Written through first: a FIFO with no reader or /dev/full stops it
	 * all here, before a file is replaced.
	 */
	for (guint i = 0; i < o->named->len; i++) {
		struct named *n = g_ptr_array_index(o->named, i);

		if (n->data && !output_write_through(n, error))
			goto out;
	}
	if (o->dir && !move_in(o, moves, made, error))
		goto out;
	/*
	 * The named files last: checked above, each a rename within its own
	 * folder.  If one still fails, the named files go back as they were,
	 * and --out with them.
	 */
	if (!output_rename_named(o, error)) {
		undo_moves(moves, made);
		goto out;
	}
	if (o->dir) {
		remove_stale(o);
		/* what was replaced goes with the staging folder */
		remove_tree(o->stage);
		g_free(o->stage);
		o->stage = NULL;
	}
	o->committed = true;
	ok = TRUE;
out:
	free_moves(moves);
	g_ptr_array_free(made, TRUE);
	return ok;
}

void output_free(struct output *o)
{
	if (!o)
		return;
	for (guint i = 0; i < o->named->len; i++)
		output_named_free(g_ptr_array_index(o->named, i));
	g_ptr_array_free(o->named, TRUE);
	for (guint i = 0; i < o->inputs->len; i++) {
		struct input *in = g_ptr_array_index(o->inputs, i);

		g_free(in->what);
		g_free(in->path);
		g_free(in);
	}
	g_ptr_array_free(o->inputs, TRUE);
	if (o->stage)
		remove_tree(o->stage);
	if (!o->committed)
		unmake_dirs(o->made);
	g_ptr_array_free(o->made, TRUE);
	g_hash_table_destroy(o->kept_set);
	g_ptr_array_free(o->kept, TRUE);
	g_hash_table_destroy(o->listed);
	g_free(o->stage);
	g_free(o->dir);
	g_ptr_array_free(o->rels, TRUE);
	g_free(o);
}
