/*
 * sysfs_out.h - what monitoring would read on each host: /sys and /proc files
 * under --out, at the end of the run and at the moments [faults] asks for.
 */
#ifndef BONDSIM_SYSFS_OUT_H
#define BONDSIM_SYSFS_OUT_H

#include "world.h"
#include "output.h"

/* One file or symlink of the tree, relative to --out. */
struct sysfs_entry {
	char *rel;		/* "sysfs/server/class/net/bond0" */
	char *text;		/* a file's content, or NULL for a symlink */
	char *target;		/* a symlink's relative target, or NULL */
};

/* An empty tree: a GPtrArray of struct sysfs_entry *, freeing them. */
GPtrArray *sysfs_tree_new(void);
/*
 * Every host of @w as it is now: "<sys>/<host>/class/net/...",
 * "<sys>/<host>/devices/virtual/net/..." and "<proc>/<host>/net/dev",
 * "<proc>/<host>/net/bonding/<bond>" into @tree.
 */
void sysfs_tree_world(struct world *w, const char *sys, const char *proc, GPtrArray *tree);
/* "sysfs@2.000s" for @at: milliseconds, or nanoseconds when it has finer digits. */
char *sysfs_dir_at(const char *base, sim_time_t at);
/* The [faults] "TIME snapshot" action: the tree of every host at @f's time. */
void sysfs_take_snapshot(void *arg, struct fault *f);
/* The end-of-run tree (sysfs/, proc/) and every snapshot taken, into @o. */
gboolean sysfs_write_out(struct world *w, struct output *o, GError **error);

#endif
