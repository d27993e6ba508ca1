/*
 * set.h - "--set PATH=VALUE": one scenario value overridden from the command line.
 *
 * DOC: A path names one key of the scenario's INI, written with dots the
 * way metrics are (README, "Overriding a value: --set"):
 *   sim.KEY                      [sim] KEY
 *   HOST.KEY / SWITCH.KEY        a key of [host HOST] / [switch SWITCH]
 *   HOST.DEV.VERB                the key "VERB DEV" (server.bond0.ip, server.eth0.mac)
 *   HOST.BOND.OPTION             one bonding option in "options BOND" (server.bond0.miimon)
 *   SWITCH.PORTS.VERB            "lag Po1", "lacp_rate Gi0/5-6", ... (an empty
 *                                value removes the line: no port-channel Po1)
 *   SWITCH.LAG.OPTION            one word of "lag LAG" (sw1.Po1.mode, .hash, .mlag, ...)
 *   flow.NAME.KEY, mlag.NAME.KEY a key of [flow NAME], [mlag NAME]
 *   links.END                    the cable plugged in at END: VALUE is the other end
 *   links.END.OPTION             speed, delay or loss of that cable
 * The value is written into the parsed file before the world is built, so
 * the loader checks it exactly as it checks the file; its messages then
 * start "--set PATH=VALUE:" instead of "file:line:".  A path that names no
 * key is refused here, with the nearest valid paths.
 */
#ifndef BONDSIM_SET_H
#define BONDSIM_SET_H

#include <glib.h>
#include "ini.h"

/* Every "PATH=VALUE" of @sets (NULL-terminated), in order (a later one wins). */
gboolean set_apply(struct ini *ini, char *const *sets, GError **error);

/* "PATH=VALUE" well formed (a path, an '='): for a command's early check. */
gboolean set_check_syntax(const char *text, GError **error);

/* "HOST.BOND" of every "bond BOND = ..." key of the file, in file order (g_strfreev). */
char **set_bond_paths(const struct ini *ini);

#endif
