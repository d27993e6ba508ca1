/*
 * capture.h - which links a run captures, how much of each frame, and how
 * much in all (--pcap, --pcap-links, --pcap-snaplen, --pcap-max).
 */
#ifndef BONDSIM_CAPTURE_H
#define BONDSIM_CAPTURE_H

#include <stdio.h>
#include "world.h"

#define CAPTURE_MAX_DEFAULT (1ull << 30)	/* --pcap-max 1G */

/*
 * The capture options as given on the command line (any of them NULL or
 * FALSE when not given) into @wo.  --pcap-links turns captures on; the
 * others need them on; all need --out.  Errors read "--pcap-...: why".
 */
gboolean capture_options(struct world_options *wo, gboolean pcap, char **links,
			 const char *snaplen, const char *max, const char *out_dir, GError **error);

/* world_load(): open one capture per selected link (nothing when captures
 * are off); a name that selects no link is refused with the valid ones. */
gboolean capture_open(struct world *w, const struct world_options *opt, GError **error);

/* After the run: say on @out (stderr) when the size cap stopped the
 * captures, and how to get more (nothing otherwise). */
void capture_warn_stopped(const struct world *w, FILE *out);
/* The report's "Captures" section and JSON object (nothing without captures). */
void capture_report_text(const struct world *w, GString *out);
void capture_report_json(const struct world *w, struct json *j);

#endif
