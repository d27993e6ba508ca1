/*
 * log.c - in-memory timestamped logs.
 */
#include <stdarg.h>
#include <stdio.h>
#include "log.h"

static void clear_line(gpointer p)
{
	g_free(((struct sim_log_line *)p)->text);
}

void sim_log_init(struct sim_log *log, const char *owner)
{
	log->lines = g_array_new(FALSE, FALSE, sizeof(struct sim_log_line));
	g_array_set_clear_func(log->lines, clear_line);
	log->echo = false;
	log->owner = owner;
}

void sim_log_fini(struct sim_log *log)
{
	if (log->lines)
		g_array_free(log->lines, TRUE);
	log->lines = NULL;
}

void sim_log_printf(struct sim_log *log, sim_time_t at, const char *fmt, ...)
{
	struct sim_log_line l = { .at = at };
	va_list ap;

	va_start(ap, fmt);
	l.text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_array_append_val(log->lines, l);
	if (log->echo) {
		GString *s = g_string_new(NULL);

		sim_log_format_line(&l, s);
		fprintf(stderr, "%s: %s\n", log->owner ? log->owner : "", s->str);
		g_string_free(s, TRUE);
	}
}

void sim_log_format_line(const struct sim_log_line *l, GString *out)
{
	char t[32];

	g_string_append_printf(out, "[%12s] %s", sim_time_format_sec(l->at, t, sizeof(t)),
			       l->text);
}
