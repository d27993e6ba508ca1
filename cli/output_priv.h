/*
 * output_priv.h - what output.c, output_named.c and output_check.c share of a run's outputs.
 */
#ifndef BONDSIM_OUTPUT_PRIV_H
#define BONDSIM_OUTPUT_PRIV_H

#include <stdbool.h>
#include <glib.h>

#define MANIFEST ".bondsim-files"

struct named {
	char *what, *path;
	char *dest;			/* what the rename replaces: path, or its link's target */
	char *tmp;			/* the complete file beside dest */
	char *old;			/* dest's earlier file during the commit, or NULL */
	bool renamed;			/* tmp is at dest: undone if a later rename fails */
	GBytes *data;			/* written through at the commit otherwise */
};

struct input {
	char *what, *path;
};

struct output {
	char *dir;			/* --out, or NULL */
	const char *label;		/* what the user called dir: "--out", merge's "OUT" */
	char *stage;			/* dir/.bondsim-staging-XXXXXX */
	GPtrArray *rels;		/* files under dir, relative, in order */
	GPtrArray *named;		/* struct named *; planned ones have no data yet */
	GPtrArray *inputs;		/* struct input *: files the run reads */
	GHashTable *listed;		/* what the earlier run's manifest lists */
	GPtrArray *kept;		/* listed, never moved: written in place by others */
	GHashTable *kept_set;		/* the same names, to look up */
	GPtrArray *made;		/* folders this run created, outermost first */
	bool committed;
};

/* output_check.c: is @a the file @b names (device and inode, else the resolved path)? */
bool output_same_file(const char *a, const char *b);
/* A file the run replaces, not a device or a FIFO two outputs may share. */
bool output_is_file(const char *path);

/* output.c: an I/O error naming @what and @path; FALSE. */
gboolean output_io_error(GError **error, const char *what, const char *path, int err);
/* All of @data into @fd's file, checked to the last byte: 0 or an errno value. */
int output_write_all(int fd, const char *data, gsize len);

/* output_named.c: the named files' part of output_free() and output_commit(). */
void output_named_free(struct named *n);
/* A device, a FIFO or standard output: written now, as nothing can take it back. */
gboolean output_write_through(const struct named *n, GError **error);
/* Every complete file over its destination, or none (each earlier file put back). */
gboolean output_rename_named(struct output *o, GError **error);

#endif
