/*
 * progress.h - a progress line on stderr while a long run goes.
 */
#ifndef BONDSIM_PROGRESS_H
#define BONDSIM_PROGRESS_H

#include "world.h"

/*
 * world_run(), with a line on stderr updated in place when @show is set,
 * stderr is a terminal and the run takes more than a second of wall time;
 * the line is cleared at the end.  The run itself is the same either way.
 * BONDSIM_PROGRESS_TTY=1 (or 0), for tests only, overrides the terminal
 * check.
 */
void progress_run(struct world *w, bool show);

#endif
