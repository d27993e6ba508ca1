/*
 * options_cmd.h - "bondsim options --explain" (options_cmd.c).
 */
#ifndef BONDSIM_OPTIONS_CMD_H
#define BONDSIM_OPTIONS_CMD_H

#include <stdio.h>

/* argv[0] "options", argv[1] "--explain"; returns the exit status (0, or 2 for bad input). */
int options_explain_main(int argc, char **argv);
/*
 * The flags among argv[@from..]: -1 when there is none; else 0 after the
 * usage for --help/-h, or 2 after "Unknown option --explan (did you mean
 * '--explain'?)" on stderr for one "bondsim options" does not take.
 */
int options_flags(int argc, char **argv, int from);
/* "bondsim options --help" */
void options_explain_usage(FILE *out);

#endif
