/*
 * option_hint.h - "did you mean" for a mistyped command-line flag.
 */
#ifndef BONDSIM_OPTION_HINT_H
#define BONDSIM_OPTION_HINT_H

#include <glib.h>

/*
 * For GOption's G_OPTION_ERROR_UNKNOWN_OPTION ("Unknown option --durration"):
 * " (did you mean '--duration'?)", the nearest visible long option of
 * @entries; "" for any other error or when nothing is near.  Free it.
 */
char *option_hint(const GOptionEntry *entries, const GError *error);

#endif
