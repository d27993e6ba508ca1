/*
 * ci_report.h - the [expect] verdicts for CI: JUnit XML (--junit FILE) and TAP (--tap).
 */
#ifndef BONDSIM_CI_REPORT_H
#define BONDSIM_CI_REPORT_H

#include "world.h"
#include "runs.h"
#include "output.h"

struct ci_options {
	char *junit;		/* --junit FILE ("-": standard output), or NULL */
	gboolean tap;		/* --tap: a TAP stream on standard output */
};

/* The options fit together (one thing on standard output); false and @error if not. */
gboolean ci_check_options(const struct ci_options *ci, const char *json_file, GError **error);

/*
 * What failed a run beyond its expectations (a forwarding loop nobody
 * expected, --max-events, --max-wall, a signal), or NULL; g_free it.
 * @r: the batch, NULL for one run of @w.
 */
char *ci_run_problem(const struct world *w, const struct runs *r);

/*
 * JUnit XML: one testsuite named after the scenario, one testcase per
 * expectation (named by its text), a failure with the actual value; a
 * testcase "the run completes" with an error when @problem is not NULL.
 * @seconds is the testsuite's time.
 */
void ci_junit(const struct world *w, const struct runs *r, const char *problem, double seconds,
	      GString *out);
/* TAP version 13: the plan, ok / not ok per expectation, a YAML block with the actual value. */
void ci_tap(const struct world *w, const struct runs *r, const char *problem, GString *out);

/*
 * Before the outputs are committed: the JUnit file added to @o, and the
 * text for standard output replaced with the TAP stream (--tap) or the
 * JUnit (--junit -).
 */
gboolean ci_publish(struct output *o, const struct ci_options *ci, const struct world *w,
		    const struct runs *r, GString *text, GError **error);
/* --tap or --junit -: standard output carries that stream, whole (--quiet does not cut it). */
bool ci_owns_stdout(const struct ci_options *ci);

#endif
