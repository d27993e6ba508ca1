/*
 * output_priv.h - what output.c and output_check.c share of a run's outputs.
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

#endif
