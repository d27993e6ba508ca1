/*
 * series.c - the time-series sampler.
 */
#include "series.h"

static void clear_col(gpointer p)
{
	g_free(((struct series_col *)p)->name);
}

static void sample(struct sim *sim, void *arg)
{
	struct series *s = arg;
	double per_s = (double)SIM_S / (double)s->interval;

	g_array_append_val(s->times, sim->now);
	for (guint i = 0; i < s->cols->len; i++) {
		struct series_col *c = &g_array_index(s->cols, struct series_col, i);
		double v = (double)(*c->counter - c->last) * per_s * c->scale;

		c->last = *c->counter;
		g_array_append_val(s->values, v);
	}
}

void series_init(struct series *s, struct sim *sim, sim_time_t interval)
{
	s->sim = sim;
	s->interval = interval;
	s->cols = g_array_new(FALSE, FALSE, sizeof(struct series_col));
	g_array_set_clear_func(s->cols, clear_col);
	s->values = g_array_new(FALSE, FALSE, sizeof(double));
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

void series_start(struct series *s)
{
	for (guint i = 0; i < s->cols->len; i++) {
		struct series_col *c = &g_array_index(s->cols, struct series_col, i);

		c->last = *c->counter;
	}
	sim_timer_arm_periodic(s->sim, &s->timer, s->interval, s->interval);
}

guint series_rows(const struct series *s)
{
	return s->times->len;
}

void series_write_csv(const struct series *s, GString *out)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	g_string_append(out, "time_s");
	for (guint i = 0; i < s->cols->len; i++)
		g_string_append_printf(out, ",%s", g_array_index(s->cols, struct series_col, i).name);
	g_string_append_c(out, '\n');
	for (guint r = 0; r < s->times->len; r++) {
		sim_time_t t = g_array_index(s->times, sim_time_t, r);

		g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.3f", (double)t / SIM_S));
		for (guint i = 0; i < s->cols->len; i++) {
			double v = g_array_index(s->values, double, r * s->cols->len + i);

			g_string_append_c(out, ',');
			g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.3f", v));
		}
		g_string_append_c(out, '\n');
	}
}
