/*
 * output.h - the files a run writes: all of them or none, and never
 * through something that is not ours to replace.
 */
#ifndef BONDSIM_OUTPUT_H
#define BONDSIM_OUTPUT_H

#include <glib.h>
#include <stdbool.h>

struct output;

/*
 * A set of outputs under @out_dir (--out; NULL when there is none).  The
 * files are written into a staging folder inside it and moved into place by
 * output_commit(), so a failure leaves the directory as it was; the folders
 * made for it are removed again unless the commit succeeds.
 */
struct output *output_new(const char *out_dir, GError **error);
/* What the user called the folder, for the messages: "--out" unless told. */
void output_set_label(struct output *o, const char *label);
/* @rel under the --out directory, written now into the staging folder. */
gboolean output_add(struct output *o, const char *rel, const char *data, gsize len,
		    GError **error);
/*
 * A symlink @rel -> @target (relative, as sysfs's: "../eth0"), staged like
 * a file; the link itself is moved into place, never what it points to.
 */
gboolean output_add_symlink(struct output *o, const char *rel, const char *target,
			    GError **error);
/* Where a tool writes @rel before the commit (gnuplot's PNGs, captures); g_free it. */
char *output_stage_path(struct output *o, const char *rel);
/*
 * Where @rel will be once committed: what a message names, as the staging
 * name means nothing to the user; g_free it.
 */
char *output_final_path(const struct output *o, const char *rel);
/* @error's message with the staging folder's name replaced by --out's. */
void output_unstage_error(const struct output *o, GError *error);
/* A file bondsim placed itself under --out (a capture): kept by the manifest. */
void output_note(struct output *o, const char *rel);
/*
 * A file the run reads (@what: "the scenario file", "the file read by
 * s.ini:7 (modprobe.d = @b.conf)"): no output may replace it, and a reused
 * --out does not remove it as the earlier run's.  A path given again
 * (every grid point of a sweep reads the same @file) is taken once.
 */
void output_input(struct output *o, const char *what, const char *path);
struct world;
/* Every @file the world @w was read with (world.h, includes): each an input. */
void output_world_includes(struct output *o, const struct world *w);
/*
 * @rel under --out is bondsim's but not this output's to write: another
 * program writes it in place (a sweep's runs/NNNNNN.json).  It is listed
 * in the manifest, never moved, and not removed as an earlier run's; the
 * caller checks it before the run (output_check()).
 */
void output_keep(struct output *o, const char *rel);
/*
 * What the earlier manifest lists, but the names of @own (NULL-ended),
 * is kept as output_keep() keeps it: merge completes a sweep, whose
 * runs.list and runs are not merge's to remove.
 */
void output_keep_listed(struct output *o, const char *const *own);
/* A named output the run will write (output_add_named()), known before the run. */
void output_plan_named(struct output *o, const char *what, const char *path);
/*
 * Before the run: would the named outputs and the files @rels (relative to
 * --out) replace an input or each other, or a file or folder under --out
 * that no earlier run wrote?  FALSE and @error saying which and what to do.
 * output_commit() checks the same for everything the run wrote.
 */
gboolean output_check(struct output *o, GPtrArray *rels, GError **error);
/*
 * A file the user named (@what: "--json").  "-" is standard output.  A
 * device or a FIFO is written through, as the user asked, at the commit; a
 * regular file (or none) is replaced by a rename from a temporary file
 * beside it, and a symlink to a regular file likewise replaces its target.
 */
gboolean output_add_named(struct output *o, const char *what, const char *path,
			  const char *data, gsize len, GError **error);
/*
 * Everything into place, or nothing: every destination is checked first
 * (output_check()), then the devices and FIFOs are written through, then
 * the --out files moved in (what they replace kept aside until the last
 * move, and put back if one fails), then the named files renamed (each
 * earlier file kept until the last rename, and put back with --out's if
 * one fails).  Files that an earlier run wrote into the same --out and
 * this one did not (its manifest, .bondsim-files, says which) are
 * removed, but for the kept ones: the directory never mixes two runs.
 * Files bondsim did not write are never touched.
 */
gboolean output_commit(struct output *o, GError **error);
/* Free; whatever was staged and not committed is removed. */
void output_free(struct output *o);

/* Write all of @data to stdout; false and @error (with the reason) if it fails. */
gboolean output_stdout(const char *data, gsize len, GError **error);

#endif
