/*
 * report.h - what a run tells its user: text, JSON, CSV, graphs, dumps.
 */
#ifndef BONDSIM_REPORT_H
#define BONDSIM_REPORT_H

#include "world.h"

/* The human report (stdout and out/report.txt). */
void report_text(struct world *w, const struct metrics *m, GString *out);
/* The machine report (--json): schema in the README. */
void report_json(struct world *w, const struct metrics *m, GString *out);
/* report_loss.c: where frames were lost, by place and by flow. */
void report_loss_text(const struct world *w, GString *out);
void report_loss_json(const struct world *w, struct json *j);
void report_loss_metrics(const struct world *w, struct metrics *m);

/*
 * Everything under --out DIR, written under temporary names and renamed
 * only when all of it succeeded.  @plots_dir holds throughput.gp.
 */
gboolean report_write_out(struct world *w, const struct metrics *m, const char *dir,
			  const GString *text, const char *plots_dir, bool quiet, GError **error);
/*
 * @len bytes of @data into the file @tmp, the staging name of @path: an
 * error names @path, the file the user asked for, with the reason.
 */
gboolean report_write_file(const char *tmp, const char *path, const char *data, gsize len,
			   GError **error);

/*
 * For the other report writers (runs_report.c): @text inside a gnuplot
 * '...' string; gnuplot -e @expr plots_dir/@script_name, which draws @png
 * (a failure is said on stderr unless @quiet, and is not an error).
 */
char *report_gp_quote(const char *text);
gboolean report_run_gnuplot(const char *plots_dir, const char *script_name, const char *expr,
			    const char *png, bool quiet);

#endif
