/*
 * output_named.c - the files named on the command line (--json, --junit ...).
 *
 * DOC: each is written complete beside its destination while the run goes
 * on and renamed over it at the commit (a symlink's target, so the link
 * stays a link); a device, a FIFO or `-` gets its bytes written through at
 * the commit instead.  output_rename_named() keeps every earlier file under
 * a second name until the last rename has succeeded, so a failure leaves
 * all of them as they were.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "output.h"
#include "sim.h"
#include "output_priv.h"

void output_named_free(struct named *n)
{
	if (n->tmp)
		g_unlink(n->tmp);
	g_free(n->tmp);
	/* n->old is left alone: set only while the commit runs, or if a restore failed */
	g_free(n->old);
	if (n->data)
		g_bytes_unref(n->data);
	g_free(n->what);
	g_free(n->path);
	g_free(n->dest);
	g_free(n);
}

void output_plan_named(struct output *o, const char *what, const char *path)
{
	struct named *n = g_new0(struct named, 1);

	n->what = g_strdup(what);
	n->path = g_strdup(path);
	g_ptr_array_add(o->named, n);
}

/* A temporary file with @data beside @dest, @mode once complete; errno value on failure. */
static int write_beside(const char *dest, const char *data, gsize len, mode_t mode, char **tmp)
{
	char *dir = g_path_get_dirname(dest), *base = g_path_get_basename(dest);
	char *tmpl = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	int fd = g_mkstemp(tmpl), err;

	g_free(dir);
	g_free(base);
	if (fd < 0) {
		err = errno;
		g_free(tmpl);
		return err;
	}
	err = output_write_all(fd, data, len);
	if (close(fd) != 0 && !err)
		err = errno;
	/* a plain file gets the usual mode, not mkstemp's 0600 */
	if (!err && fchmodat(AT_FDCWD, tmpl, mode, 0) != 0)
		err = errno;
	if (err) {
		g_unlink(tmpl);
		g_free(tmpl);
		return err;
	}
	*tmp = tmpl;
	return 0;
}

gboolean output_add_named(struct output *o, const char *what, const char *path,
			  const char *data, gsize len, GError **error)
{
	struct named *n = g_new0(struct named, 1);
	struct stat st, target;
	mode_t mode = 0644;
	int err = 0;

	n->what = g_strdup(what);
	n->path = g_strdup(path);
	if (strcmp(path, "-") == 0) {
		n->data = g_bytes_new(data, len);
	} else if (lstat(path, &st) != 0 || S_ISREG(st.st_mode)) {
		n->dest = g_strdup(path);
	} else if (S_ISLNK(st.st_mode) && stat(path, &target) == 0 && S_ISREG(target.st_mode)) {
		/* the link stays; its target is replaced whole, keeping its mode */
		n->dest = realpath(path, NULL);
		mode = target.st_mode & 07777;
		if (!n->dest)
			err = errno;
	} else if (S_ISDIR(st.st_mode) || (S_ISLNK(st.st_mode) && g_file_test(path, G_FILE_TEST_IS_DIR))) {
		err = EISDIR;
	} else {
		n->data = g_bytes_new(data, len);
	}
	if (!err && n->dest)
		err = write_beside(n->dest, data, len, mode, &n->tmp);
	if (err) {
		output_named_free(n);
		return output_io_error(error, what, path, err);
	}
	/* the one planned before the run, now with its content */
	for (guint i = 0; i < o->named->len; i++) {
		struct named *p = g_ptr_array_index(o->named, i);

		if (!p->data && !p->tmp && strcmp(p->what, what) == 0 && strcmp(p->path, path) == 0) {
			output_named_free(p);
			o->named->pdata[i] = n;
			return TRUE;
		}
	}
	g_ptr_array_add(o->named, n);
	return TRUE;
}

/* Through the path itself: a device, a FIFO (which must have a reader). */
gboolean output_write_through(const struct named *n, GError **error)
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
		return output_io_error(error, n->what, n->path, err);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	err = output_write_all(fd, data, len);
	if (close(fd) != 0 && !err)
		err = errno;
	return err ? output_io_error(error, n->what, n->path, err) : TRUE;
}

/*
 * dest's earlier file, if any, under a second name beside it (n->old) for
 * output_rename_named() to put back: a hard link, so that dest is never missing;
 * where the file system has none, the file itself moved aside.  A folder
 * is not a file to keep: the rename over it fails.
 */
static int keep_old(struct named *n)
{
	struct stat st;
	int err;

	if (lstat(n->dest, &st) != 0 || S_ISDIR(st.st_mode))
		return 0;
	n->old = g_strdup_printf("%s.old", n->tmp);
	if (link(n->dest, n->old) == 0 || g_rename(n->dest, n->old) == 0)
		return 0;
	err = errno;
	g_clear_pointer(&n->old, g_free);
	return err;
}

/* dest as it was before the commit: its earlier file back, or no file. */
static void restore_named(struct named *n)
{
	if (n->old) {
		/* a rename between two links of one file does nothing: the link goes */
		if (g_rename(n->old, n->dest) == 0)
			g_unlink(n->old);
		g_clear_pointer(&n->old, g_free);
	} else if (n->renamed) {
		g_unlink(n->dest);
	}
	n->renamed = false;
}

/*
 * Every named file's temporary file renamed over its destination, in
 * order; if one fails, those renamed before it get their earlier file
 * back (or none, as before), last first.
 */
gboolean output_rename_named(struct output *o, GError **error)
{
	guint i;
	int err = 0;

	for (i = 0; !err && i < o->named->len; i++) {
		struct named *n = g_ptr_array_index(o->named, i);

		if (!n->tmp)
			continue;
		err = keep_old(n);
		if (!err && g_rename(n->tmp, n->dest) != 0)
			err = errno;
		if (err) {
			output_io_error(error, n->what, n->path, err);
			restore_named(n);
			break;
		}
		n->renamed = true;
	}
	if (err) {
		while (i-- > 0)
			restore_named(g_ptr_array_index(o->named, i));
		return FALSE;
	}
	/* done: the earlier files go, the temporary names are taken */
	for (i = 0; i < o->named->len; i++) {
		struct named *n = g_ptr_array_index(o->named, i);

		if (n->old)
			g_unlink(n->old);
		g_clear_pointer(&n->old, g_free);
		if (n->renamed)
			g_clear_pointer(&n->tmp, g_free);
	}
	return TRUE;
}
