/*
 * options_cmd.h - "bondsim options --explain" (options_cmd.c).
 */
#ifndef BONDSIM_OPTIONS_CMD_H
#define BONDSIM_OPTIONS_CMD_H

#include <stdio.h>

/* argv[0] "options", argv[1] "--explain"; returns the exit status (0, or 2 for bad input). */
int options_explain_main(int argc, char **argv);
/*
 * A flag "bondsim options" does not take: "Unknown option --explan (did you
 * mean '--explain'?)" on stderr; returns 2.
 */
int options_bad_flag(const char *flag);
/* "bondsim options --help" */
void options_explain_usage(FILE *out);

#endif
