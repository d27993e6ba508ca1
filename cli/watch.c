/*
 * watch.c - watching a run go: the progress line, limits and signals.
 *
 * DOC: A 30-minute scenario can take minutes of wall time; without a sign
 * of life an engineer cannot tell a slow run from a hung one.  So a run
 * that lasts over a second, on a terminal, shows one line on stderr,
 * redrawn in place with '\r':
 *
 *   t=3.2s/10s 32%  wall 1.4s  2.1M events/s
 *
 * and clears it at the end, so the report starts on a clean line.  Nothing
 * is shown when stderr is a file or a pipe (logs stay clean), with --quiet,
 * or with --verbose (whose log lines would tear the line apart).
 *
 * The clock is the wall clock, which a simulation must never read: it is
 * read here only, in progress_wall_us(), and only for the display.  The
 * line is driven by the kernel's event-count watcher (sim->watch, every
 * 2^16 events), not by a simulated timer: a timer would be an event of its
 * own and change the run (its event count at least) with the terminal.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "watch.h"

#define PROGRESS_AFTER_US	1000000	/* quiet for runs shorter than this */
#define PROGRESS_EVERY_US	200000	/* redraw at most this often */

/*
 * The one piece of state outside struct sim: a signal handler can reach
 * nothing else.  It only records the signal; the watcher acts on it.
 */
static volatile sig_atomic_t caught_signal;

static void on_signal(int sig)
{
	caught_signal = sig;
}

void watch_install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGXFSZ, SIG_IGN);
}

int watch_signal(void)
{
	return caught_signal;
}

struct progress {
	struct world *w;
	const struct run_limits *lim;
	bool show;
	sim_time_t end;
	gint64 start_us;
	gint64 after_us;	/* quiet until this much wall time has passed */
	gint64 next_us;		/* next redraw, wall time */
	int width;		/* characters on the line now; 0: nothing shown */
};

/* The only wall-clock read in bondsim. */
static gint64 progress_wall_us(void)
{
	return g_get_monotonic_time();
}

/*
 * BONDSIM_PROGRESS_TTY=1 stands for a terminal and also drops the one-second
 * wait: a test cannot depend on how fast the machine runs the scenario (a
 * fast CI machine finished the test's run in under a second, and there was
 * no line to check).
 */
static bool stderr_is_terminal(bool *forced)
{
	const char *force = g_getenv("BONDSIM_PROGRESS_TTY");

	*forced = force && *force;
	if (*forced)
		return strcmp(force, "0") != 0;
	return isatty(STDERR_FILENO);
}

/* "2.1M", "850K", "12" */
static const char *format_rate(double v, char *buf, size_t size)
{
	if (v >= 1e9)
		g_snprintf(buf, size, "%.1fG", v / 1e9);
	else if (v >= 1e6)
		g_snprintf(buf, size, "%.1fM", v / 1e6);
	else if (v >= 1e3)
		g_snprintf(buf, size, "%.0fK", v / 1e3);
	else
		g_snprintf(buf, size, "%.0f", v);
	return buf;
}

/* Between two events: end the run if a signal or a limit says so, else draw. */
static void watch_tick(struct sim *sim, void *arg)
{
	struct progress *p = arg;
	gint64 now = progress_wall_us(), wall = now - p->start_us;
	char total[32], rate[32];
	int pct, n;

	if (caught_signal) {
		world_stop(p->w, WORLD_STOP_SIGNAL, caught_signal == SIGTERM ? "SIGTERM" : "SIGINT");
		return;
	}
	if (p->lim->max_wall_us && wall >= p->lim->max_wall_us) {
		world_stop(p->w, WORLD_STOP_MAX_WALL, "--max-wall");
		return;
	}
	if (!p->show || wall < p->after_us || now < p->next_us)
		return;
	p->next_us = now + PROGRESS_EVERY_US;
	pct = p->end > 0 ? (int)((double)sim->now * 100 / (double)p->end) : 0;
	n = fprintf(stderr, "\rt=%.1fs/%s %d%%  wall %.1fs  %s events/s",
		    (double)sim->now / SIM_S, sim_time_format(p->end, total, sizeof(total)), pct,
		    wall / 1e6, format_rate((double)sim->events_run * 1e6 / (double)MAX(wall, 1), rate,
					    sizeof(rate))) - 1;
	/* a shorter line than the last one: blank out what is left of it */
	if (n < p->width)
		fprintf(stderr, "%*s", p->width - n, "");
	p->width = MAX(p->width, n);
	fflush(stderr);
}

void watch_run(struct world *w, const struct run_limits *lim)
{
	struct progress p = { .w = w, .lim = lim, .end = w->duration };
	bool forced = false;

	p.show = lim->show_progress && stderr_is_terminal(&forced);
	p.after_us = forced ? 0 : PROGRESS_AFTER_US;
	p.start_us = progress_wall_us();
	w->sim->max_events = lim->max_events;
	w->sim->watch = watch_tick;
	w->sim->watch_arg = &p;
	world_run(w);
	w->sim->watch = NULL;
	w->sim->watch_arg = NULL;
	if (lim->max_events && w->sim->events_run >= lim->max_events && w->sim->now < w->duration)
		world_stop(w, WORLD_STOP_MAX_EVENTS, "--max-events");
	if (p.width > 0) {
		fprintf(stderr, "\r%*s\r", p.width, "");
		fflush(stderr);
	}
}
