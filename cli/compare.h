/*
 * compare.h - "bondsim compare": the same world under each bonding mode.
 *
 * DOC: Every bond of the scenario ("bond BOND = ..." keys) is set to one
 * mode after the other through --set (set.h), and the switch ports facing
 * its slaves get what that mode needs: a static port-channel (mode on) for
 * balance-rr, balance-xor and broadcast, an LACP one (mode active) for
 * 802.3ad, plain ports for active-backup, balance-tlb and balance-alb.
 * Nothing else changes.  Each mode runs --runs seeds, all of them in
 * parallel on this machine (the sweep's local engine); the [expect] lines
 * are left out, as they were written for one mode.  One table compares
 * throughput, fairness across the slaves, reordering, MAC moves and the
 * failover outage, and a verdict line per mode says why it wins or loses.
 */
#ifndef BONDSIM_COMPARE_H
#define BONDSIM_COMPARE_H

#include <stdbool.h>
#include <glib.h>
#include "ini.h"

/* argv[0] is "compare"; exit status 0 or 2. */
int compare_main(int argc, char **argv);

/*
 * The --set list that puts every bond of @ini in @mode, with the switch
 * side that mode needs; @needs gets what the switch must be configured
 * with, in words ("static port-channel (mode on): sw1 Gi0/1 Gi0/2"), and
 * *@no_switch (unless NULL) whether no bond is cabled to a switch at all.
 */
char **compare_mode_sets(const struct ini *ini, int mode, GString *needs, bool *no_switch);

/*
 * "server.bond0 on 2 switches, no MLAG": the first bond whose slaves face
 * more than one switch in a world without [mlag], which no one
 * port-channel can hold; NULL when there is none.
 */
char *compare_split_bond(const struct ini *ini);

/* @needs when no bond of the world is cabled to a switch (back to back). */
#define COMPARE_NO_SWITCH "nothing: no bond is cabled to a switch"

/* Jain's fairness index of @n values: (sum x)^2 / (n sum x^2); -1 when all are 0. */
double compare_jain(const double *x, unsigned n);

#endif
