/*
 * series.c - the time-series sampler.
 */
#include "series.h"

static void clear_col(gpointer p)
{
	g_free(((struct series_col *)p)->name);
}

void series_sample(struct series *s)
{
	if (s->before)
		s->before(s->before_arg);
	g_array_append_val(s->times, s->sim->now);
	for (guint i = 0; i < s->cols->len; i++) {
		struct series_col *c = &g_array_index(s->cols, struct series_col, i);
		uint64_t d = *c->counter - c->last;

		c->last = *c->counter;
		g_array_append_val(s->values, d);
	}
	if (s->hook)
		s->hook(s->hook_arg);
	if (s->after)
		s->after(s->before_arg);
}

static void sample(struct sim *sim, void *arg)
{
	(void)sim;
	series_sample(arg);
}

void series_init(struct series *s, struct sim *sim, sim_time_t interval)
{
	s->sim = sim;
	s->interval = interval;
	s->decimals = 3;
	s->hook = NULL;
	s->hook_arg = NULL;
	s->before = NULL;
	s->after = NULL;
	s->before_arg = NULL;
	s->cols = g_array_new(FALSE, FALSE, sizeof(struct series_col));
	g_array_set_clear_func(s->cols, clear_col);
	s->values = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	s->times = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
	sim_timer_init(&s->timer, sample, s);
}

void series_fini(struct series *s)
{
	if (!s->cols)
		return;
	sim_timer_cancel(s->sim, &s->timer);
	g_array_free(s->cols, TRUE);
	g_array_free(s->values, TRUE);
	g_array_free(s->times, TRUE);
	s->cols = NULL;
}

void series_add(struct series *s, const char *name, const uint64_t *counter, double scale)
{
	struct series_col c = { g_strdup(name), counter, scale, *counter };

	g_array_append_val(s->cols, c);
}

void series_reset(struct series *s)
{
	for (guint i = 0; i < s->cols->len; i++) {
		struct series_col *c = &g_array_index(s->cols, struct series_col, i);

		c->last = *c->counter;
	}
}

void series_set_hook(struct series *s, series_hook_fn fn, void *arg)
{
	s->hook = fn;
	s->hook_arg = arg;
}

void series_set_around(struct series *s, series_hook_fn before, series_hook_fn after, void *arg)
{
	s->before = before;
	s->after = after;
	s->before_arg = arg;
}

void series_start(struct series *s)
{
	series_reset(s);
	sim_timer_arm_periodic(s->sim, &s->timer, s->interval, s->interval);
}

guint series_rows(const struct series *s)
{
	return s->times->len;
}

sim_time_t series_time(const struct series *s, guint row)
{
	return g_array_index(s->times, sim_time_t, row);
}

uint64_t series_increase(const struct series *s, guint row, guint col)
{
	return g_array_index(s->values, uint64_t, row * s->cols->len + col);
}

void series_write_csv(const struct series *s, GString *out)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	double per_s = (double)SIM_S / (double)s->interval;
	char fmt[8];

	g_snprintf(fmt, sizeof(fmt), "%%.%df", CLAMP(s->decimals, 0, 9));
	g_string_append(out, "time_s");
	for (guint i = 0; i < s->cols->len; i++)
		g_string_append_printf(out, ",%s", g_array_index(s->cols, struct series_col, i).name);
	g_string_append_c(out, '\n');
	for (guint r = 0; r < s->times->len; r++) {
		sim_time_t t = g_array_index(s->times, sim_time_t, r);

		g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.3f", (double)t / SIM_S));
		for (guint i = 0; i < s->cols->len; i++) {
			const struct series_col *c = &g_array_index(s->cols, struct series_col, i);
			double v = (double)series_increase(s, r, i) * per_s * c->scale;

			g_string_append_c(out, ',');
			g_string_append(out, g_ascii_formatd(buf, sizeof(buf), fmt, v));
		}
		g_string_append_c(out, '\n');
	}
}
