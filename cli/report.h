/*
 * report.h - what a run tells its user: text, JSON, CSV, graphs, dumps.
 */
#ifndef BONDSIM_REPORT_H
#define BONDSIM_REPORT_H

#include "world.h"
#include "output.h"

/* The human report (stdout and out/report.txt). */
void report_text(struct world *w, const struct metrics *m, GString *out);
/* The machine report (--json): schema in the README. */
void report_json(struct world *w, const struct metrics *m, GString *out);
/* A slave's link state as bondsim's reports word it: "up", "fail", "down", "back". */
/* report_host.c: @h's section of the text report. */
void report_text_host(const struct world *w, const struct world_host *h, GString *out);
const char *report_slave_link_name(enum bond_link_state s);
/* What a link is at the end of the run: "down", "up (blackhole)", "up". */
const char *report_link_state_text(const struct link *l);
/* A NIC whose speed and duplex were not simply negotiated: its settings
 * are set, its cable has something to say, or renegotiated. */
bool report_nic_phy_matters(const struct nic *n);
/* What a verdict line says in its parentheses: "actual 12", "actual 2440 ms", "actual 1, sw1.port.Gi0/3.rx_frames". */
void report_expect_actual(const struct expectation *e, GString *out);
/* ": a flow never recovered ..." after an actual of INFINITY, an outage with no end; nothing else. */
void report_expect_never(const struct expectation *e, double actual, GString *out);
/* Its verdict as fields ("expect", "line", "actual", "metric", "pass") of an open JSON object. */
void report_expect_json(const struct expectation *e, struct json *j);

/* report_loss.c: where frames were lost, by place and by flow. */
void report_loss_text(const struct world *w, GString *out);
void report_loss_json(const struct world *w, struct json *j);
void report_loss_metrics(const struct world *w, struct metrics *m);

/*
 * Everything under --out into @o (output.h): report.txt, report.json, the
 * CSV files, logs, /proc dumps, the graphs; captures closed and checked
 * (they were written into the staging folder).  Nothing is in place before
 * output_commit().
 */
gboolean report_write_out(struct world *w, const struct metrics *m, struct output *o,
			  const GString *text, const char *plots_dir, bool quiet, GError **error);
/*
 * The files under --out that report_write_out() writes whatever the run
 * does (not the graphs, which depend on it), for output_check() before it.
 */
void report_out_names(const struct world *w, GPtrArray *rels);

#endif
