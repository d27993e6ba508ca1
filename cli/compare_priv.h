/*
 * compare_priv.h - what compare.c (the runs) hands compare_table.c (the
 * table and the verdicts), and what compare_world.c reads for it.
 */
#ifndef BONDSIM_COMPARE_PRIV_H
#define BONDSIM_COMPARE_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>
#include "ini.h"

#define COMPARE_REORDER_BAD 0.1		/* % reordered from which TCP suffers */
#define COMPARE_MODES_MAX 7		/* each bonding mode once */

/* A flow, ping or TCP stream that got nothing after a fault until the next
 * fault or the end of the run, and in how many runs (compare.c). */
struct never_recovered {
	char *what;			/* "flow b", "tcp bulk", "ping p" */
	unsigned runs;
};

struct mode_result {
	int mode;
	char **sets;
	GString *needs;
	char *refused;			/* the loader's word when the world cannot be built */
	char *split;			/* modes 0, 2, 3, 4: a bond on switches no port-channel spans */
	bool no_switch;			/* every bond cabled to hosts: no switch to configure */
	unsigned runs;
	double aggregate, best, jain, reordered_pct, mac_moves;	/* means over the runs */
	bool tcp;			/* the world has TCP flows (their goodput counts above) */
	double best_tcp;		/* the fastest TCP flow's goodput, Mbit/s */
	double resent;			/* TCP segments sent again that had arrived (reordering) */
	double outage_median, outage_p95;	/* NAN: no fault; INFINITY: a run that never recovered */
	double lost;			/* packets the faults cost (failover.N.lost), mean over the runs;
					 * a lower bound when never_runs: a flow that never recovered
					 * has no count (failover.N.SCOPE.NAME.lost is -1) */
	unsigned never_runs;		/* runs in which a flow never recovered after a fault */
	GArray *never;			/* struct never_recovered, in the order first seen; NULL: none */
	double lacp_ms;			/* 802.3ad: the slowest bond's first collecting+distributing */
	double first_ms;		/* the slowest UDP flow's wait for its first packet, mean */
	double run_ms;			/* the simulated time of a run, mean */
	/* A fault that did not test this mode's failover: on a slave that
	 * carried (almost) none of its bond's bytes, or (802.3ad) before the
	 * bond carried traffic.  What the first such run showed; how many. */
	char *untested;
	unsigned untested_runs;
};

/*
 * The slaves of "bond BOND = ..." of [host HOST], then the NICs [faults]
 * enslaves into it: NULL-terminated, g_strfreev() it (compare_world.c).
 */
char **compare_bond_slaves(const struct ini *ini, const char *host, const char *bond);

struct run_line;

/*
 * One run's line (a --json-line) into @r's sums, and its worst failover
 * outage into @outages (double, ms; INFINITY when a flow never recovered).
 */
void compare_take_run(const struct ini *ini, const struct run_line *line, struct mode_result *r,
		      GArray *outages);
/* @r's sums made means over its runs, @outages (sorted here) its median and p95. */
void compare_mode_finish(struct mode_result *r, GArray *outages);
/* What @r holds freed (not @r). */
void compare_mode_result_clear(struct mode_result *r);

/*
 * The table, the verdicts and the recommendation into @out, one CSV row per
 * mode into @csv and the bar chart's data into @dat.
 */
void compare_table(const char *scenario, const struct mode_result *all, int n, unsigned runs,
		   uint64_t seed0, GString *out, GString *csv, GString *dat);

#endif
