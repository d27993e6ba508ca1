/*
 * metrics.c - named numbers, in insertion order, with an index.
 */
#include <stdarg.h>
#include "metrics.h"

static void clear_metric(gpointer p)
{
	g_free(((struct metric *)p)->name);
}

void metrics_init(struct metrics *m)
{
	m->items = g_array_new(FALSE, FALSE, sizeof(struct metric));
	g_array_set_clear_func(m->items, clear_metric);
	m->index = g_hash_table_new(g_str_hash, g_str_equal);
}

void metrics_fini(struct metrics *m)
{
	if (m->index)
		g_hash_table_destroy(m->index);
	if (m->items)
		g_array_free(m->items, TRUE);
	m->index = NULL;
	m->items = NULL;
}

static void add(struct metrics *m, double v, bool is_int, const char *fmt, va_list ap)
{
	struct metric x = { .value = v, .is_int = is_int };
	gpointer pos;

	x.name = g_strdup_vprintf(fmt, ap);
	pos = g_hash_table_lookup(m->index, x.name);
	if (pos) {
		/* Published twice: the latest value wins, the position stays. */
		struct metric *old = &g_array_index(m->items, struct metric, GPOINTER_TO_UINT(pos) - 1);
		old->value = v;
		old->is_int = is_int;
		g_free(x.name);
		return;
	}
	/* the array owns x.name from here */
	g_array_append_val(m->items, x);
	/* Keys point into the array's strings, which never move. */
	g_hash_table_insert(m->index, g_array_index(m->items, struct metric, m->items->len - 1).name,
			    GUINT_TO_POINTER(m->items->len));
} /* cppcheck-suppress memleak */

void metrics_add_int(struct metrics *m, int64_t v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(m, (double)v, true, fmt, ap);
	va_end(ap);
}

void metrics_add_double(struct metrics *m, double v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(m, v, false, fmt, ap);
	va_end(ap);
}

const struct metric *metrics_find(const struct metrics *m, const char *name)
{
	gpointer pos = g_hash_table_lookup(m->index, name);

	return pos ? &g_array_index(m->items, struct metric, GPOINTER_TO_UINT(pos) - 1) : NULL;
}

const char **metrics_names(const struct metrics *m)
{
	const char **names = g_new(const char *, m->items->len + 1);

	for (guint i = 0; i < m->items->len; i++)
		names[i] = g_array_index(m->items, struct metric, i).name;
	names[m->items->len] = NULL;
	return names;
}
