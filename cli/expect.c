/*
 * expect.c - the [expect] assertions: which metrics they read, and whether they hold.
 *
 * DOC: An expectation (expect_parse.c has the language) compares one
 * published metric (see metrics.h and the README's list), or a selector
 * over the metrics a glob pattern matches, with a number or a range.
 * Names and patterns are checked before the run against what the world
 * publishes, so a typo is a scenario error (exit 2) with the nearest names,
 * not a failed expectation after a long run.  In a batch of runs (runs.h)
 * a metric followed by .min, .median, .p95, .max or .runs is its statistic
 * over the runs.
 */
#include <math.h>
#include <string.h>
#include "world.h"
#include "runs.h"

/*
 * "sw1.mac.00:16:36:1b:bb:74.moves" exists only once that MAC has moved: a
 * well-formed name for a switch of the world is valid before the run and
 * reads 0 if the MAC never moved.
 */
static bool is_reason(const char *r)
{
	for (int i = 0; i <= DROP_REASON_COUNT; i++)
		if (strcmp(r, ledger_reason_name(i)) == 0)
			return true;
	return false;
}

static bool is_place(const struct world *w, const char *place)
{
	for (guint i = 0; i < w->hosts->len; i++) {
		const struct world_host *h = g_ptr_array_index(w->hosts, i);

		if (strcmp(h->name, place) == 0)
			return true;
		for (guint k = 0; k < h->nics->len; k++)
			if (strcmp(((struct nic *)g_ptr_array_index(h->nics, k))->dev.place, place) == 0)
				return true;
		for (guint k = 0; k < h->bonds->len; k++)
			if (strcmp(((struct bond *)g_ptr_array_index(h->bonds, k))->dev.place, place) == 0)
				return true;
	}
	for (guint i = 0; i < w->switches->len; i++) {
		const struct sw *sw = ((struct world_switch *)g_ptr_array_index(w->switches, i))->sw;

		for (guint k = 0; k < sw_port_count(sw); k++)
			if (strcmp(sw_port_nic(sw, k)->dev.place, place) == 0)
				return true;
	}
	for (guint i = 0; i < w->links->len; i++) {
		const struct link *l = g_ptr_array_index(w->links, i);

		if (strcmp(l->dir[0].place, place) == 0 || strcmp(l->dir[1].place, place) == 0)
			return true;
	}
	return false;
}

/*
 * Drop counts exist once something was dropped: "drop.<place>.<reason>" and
 * "flow.<name>.lost.<reason>" ("ping." too) are valid before the run for
 * every place, flow and reason of the world, and read 0 until then.
 */
static bool drop_metric(const struct world *w, const char *name)
{
	const char *dot = strrchr(name, '.');
	g_autofree char *head = NULL;

	if (!dot || !is_reason(dot + 1))
		return false;
	head = g_strndup(name, (gsize)(dot - name));
	if (g_str_has_prefix(head, "drop."))
		return is_place(w, head + 5);
	if (g_str_has_suffix(head, ".lost")) {
		head[strlen(head) - 5] = '\0';
		for (guint i = 0; i < w->flows->len; i++)
			if (g_str_has_prefix(head, "flow.") &&
			    strcmp(head + 5, ((struct flow *)g_ptr_array_index(w->flows, i))->cfg.name) == 0)
				return true;
		for (guint i = 0; i < w->pings->len; i++)
			if (g_str_has_prefix(head, "ping.") &&
			    strcmp(head + 5, ((struct ping *)g_ptr_array_index(w->pings, i))->cfg.name) == 0)
				return true;
		for (guint i = 0; i < w->tcp_flows->len; i++)
			if (g_str_has_prefix(head, "flow.") &&
			    strcmp(head + 5,
				   ((struct tcp_flow *)g_ptr_array_index(w->tcp_flows, i))->cfg.name) == 0)
				return true;
	}
	return false;
}

bool expect_metric_is_dynamic(const struct world *w, const char *name)
{
	if (drop_metric(w, name))
		return true;
	for (guint i = 0; i < w->switches->len; i++) {
		const char *sw = ((struct world_switch *)g_ptr_array_index(w->switches, i))->name;
		size_t n = strlen(sw);
		uint8_t mac[6];
		char m[18];

		if (strncmp(name, sw, n) != 0 || strncmp(name + n, ".mac.", 5) != 0)
			continue;
		/* exactly "aa:bb:cc:dd:ee:ff" then ".moves" */
		if (strlen(name + n + 5) != 17 + strlen(".moves"))
			continue;
		g_strlcpy(m, name + n + 5, sizeof(m));
		if (mac_parse(m, mac) && strcmp(name + n + 5 + 17, ".moves") == 0)
			return true;
	}
	return false;
}

void expect_drop_statistics(struct world *w)
{
	for (guint i = 0; i < w->expects->len;) {
		struct expectation *e = g_ptr_array_index(w->expects, i);
		size_t len;

		if (runs_stat_of(e->metric, &len) >= 0) {
			expect_free(e);
			g_ptr_array_remove_index(w->expects, i);
		} else {
			i++;
		}
	}
}

void expect_dynamic_names(const struct world *w, GPtrArray *out)
{
	g_autoptr(GPtrArray) places = g_ptr_array_new();
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

#define PLACE(p) do { if (g_hash_table_add(seen, (gpointer)(p))) g_ptr_array_add(places, (gpointer)(p)); } while (0)
	for (guint i = 0; i < w->hosts->len; i++) {
		const struct world_host *h = g_ptr_array_index(w->hosts, i);

		PLACE(h->name);
		for (guint k = 0; k < h->nics->len; k++)
			PLACE(((struct nic *)g_ptr_array_index(h->nics, k))->dev.place);
		for (guint k = 0; k < h->bonds->len; k++)
			PLACE(((struct bond *)g_ptr_array_index(h->bonds, k))->dev.place);
	}
	for (guint i = 0; i < w->switches->len; i++) {
		const struct sw *sw = ((struct world_switch *)g_ptr_array_index(w->switches, i))->sw;

		for (guint k = 0; k < sw_port_count(sw); k++)
			PLACE(sw_port_nic(sw, k)->dev.place);
	}
	for (guint i = 0; i < w->links->len; i++) {
		const struct link *l = g_ptr_array_index(w->links, i);

		PLACE(l->dir[0].place);
		PLACE(l->dir[1].place);
	}
#undef PLACE
	for (int r = 0; r <= DROP_REASON_COUNT; r++) {
		const char *reason = ledger_reason_name(r);

		for (guint i = 0; i < places->len; i++)
			g_ptr_array_add(out, g_strdup_printf("drop.%s.%s",
							     (const char *)g_ptr_array_index(places, i),
							     reason));
		for (guint i = 0; i < w->flows->len; i++)
			g_ptr_array_add(out, g_strdup_printf("flow.%s.lost.%s",
				((struct flow *)g_ptr_array_index(w->flows, i))->cfg.name, reason));
		for (guint i = 0; i < w->pings->len; i++)
			g_ptr_array_add(out, g_strdup_printf("ping.%s.lost.%s",
				((struct ping *)g_ptr_array_index(w->pings, i))->cfg.name, reason));
	}
}

/*
 * Row by row over the pattern: at[j] says its part so far matches the
 * first j characters of @s.  Time |p| * |s|, whatever the stars (a
 * backtracking match is exponential in them, and patterns are user input).
 */
bool expect_glob(const char *p, const char *s)
{
	size_t n = strlen(s);
	g_autofree bool *at = g_new0(bool, n + 1);

	at[0] = true;
	while (*p) {
		if (p[0] == '*' && p[1] == '*') {
			/* any run: once a prefix matches, every longer one does */
			for (size_t j = 1; j <= n; j++)
				at[j] = at[j] || at[j - 1];
			p += 2;
		} else if (*p == '*') {
			/* a run without a dot */
			for (size_t j = 1; j <= n; j++)
				at[j] = at[j] || (at[j - 1] && s[j - 1] != '.');
			p++;
		} else {
			for (size_t j = n; j > 0; j--)
				at[j] = at[j - 1] && s[j - 1] == *p;
			at[0] = false;
			p++;
		}
	}
	return at[n];
}

GPtrArray *expect_matches(const char *pattern, const struct metrics *m, const struct world *w)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; i < m->items->len; i++) {
		const char *name = g_array_index(m->items, struct metric, i).name;

		if (expect_glob(pattern, name))
			g_ptr_array_add(out, g_strdup(name));
	}
	if (w) {
		g_autoptr(GPtrArray) dyn = g_ptr_array_new_with_free_func(g_free);

		expect_dynamic_names(w, dyn);
		for (guint i = 0; i < dyn->len; i++) {
			const char *name = g_ptr_array_index(dyn, i);

			if (!metrics_find(m, name) && expect_glob(pattern, name))
				g_ptr_array_add(out, g_strdup(name));
		}
	}
	return out;
}

int expect_stat_of(const struct expectation *e, const struct metrics *m, const struct world *w)
{
	size_t len;
	int stat = runs_stat_of(e->metric, &len);
	g_autofree char *base = NULL;

	if (stat < 0)
		return -1;
	base = g_strndup(e->metric, len);
	if (e->sel == EXPECT_ONE)
		return metrics_find(m, base) ? stat : -1;
	{
		g_autoptr(GPtrArray) hits = expect_matches(base, m, w);

		return hits->len ? stat : -1;
	}
}

struct near {
	const char *name;
	guint d;
};

static int cmp_near(const void *a, const void *b)
{
	const struct near *x = a, *y = b;

	return x->d != y->d ? (x->d < y->d ? -1 : 1) : strcmp(x->name, y->name);
}

/* "a, b, c": the three names of @m nearest to @pattern (its globs left out). */
static char *nearest_names(const char *pattern, const struct metrics *m)
{
	g_autofree char *bare = g_strdup(pattern);
	struct near *v = g_new(struct near, m->items->len + 1);
	GString *out = g_string_new(NULL);
	char *d = bare;

	for (const char *c = pattern; *c; c++)
		if (*c != '*')
			*d++ = *c;
	*d = '\0';
	for (guint i = 0; i < m->items->len; i++) {
		v[i].name = g_array_index(m->items, struct metric, i).name;
		v[i].d = sim_edit_distance(bare, v[i].name);
	}
	qsort(v, m->items->len, sizeof(*v), cmp_near);
	for (guint i = 0; i < m->items->len && i < 3; i++)
		g_string_append_printf(out, "%s%s", i ? ", " : "", v[i].name);
	g_free(v);
	return g_string_free(out, FALSE);
}

gboolean expect_validate(struct world *w, GError **error)
{
	struct metrics m;
	gboolean ok = TRUE;

	if (!w->expects->len)
		return TRUE;
	metrics_init(&m);
	world_metrics(w, &m);
	for (guint i = 0; i < w->expects->len && ok; i++) {
		struct expectation *e = g_ptr_array_index(w->expects, i);

		if (expect_stat_of(e, &m, w) >= 0) {
			/* a statistic over the runs of a batch */
			if (!w->runs) {
				g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
					    "%s:%d: '%s' is a statistic over runs: run the scenario with --runs N (or [sim] runs = N)",
					    w->file, e->line, e->metric);
				ok = FALSE;
			}
			continue;
		}
		if (e->sel != EXPECT_ONE) {
			g_autoptr(GPtrArray) hits = expect_matches(e->metric, &m, w);
			g_autofree char *near = NULL;

			if (hits->len)
				continue;
			near = nearest_names(e->metric, &m);
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_NOT_FOUND,
				    "%s:%d: '%s(%s)' matches no metric ('*' stands for one name between dots, '**' for any run); nearest: %s (bondsim --list-metrics SCENARIO lists them)",
				    w->file, e->line, expect_sel_text(e->sel), e->metric, near);
			ok = FALSE;
			continue;
		}
		if (!metrics_find(&m, e->metric) && !expect_metric_is_dynamic(w, e->metric)) {
			const char **names = metrics_names(&m);
			const char *near = sim_nearest(e->metric, names);

			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_NOT_FOUND,
				    "%s:%d: no metric '%s'%s%s%s (bondsim --list-metrics SCENARIO lists them)",
				    w->file, e->line, e->metric, near ? " (did you mean '" : "",
				    near ? near : "", near ? "'?)" : "");
			g_free(names);
			ok = FALSE;
		}
	}
	metrics_fini(&m);
	return ok;
}

bool expect_holds(enum expect_op op, double a, double b)
{
	switch (op) {
	case EXPECT_EQ: return a == b;
	case EXPECT_NE: return a != b;
	case EXPECT_LT: return a < b;
	case EXPECT_LE: return a <= b;
	case EXPECT_GT: return a > b;
	case EXPECT_GE: return a >= b;
	case EXPECT_IN: break;
	}
	return false;
}

bool expect_holds_for(const struct expectation *e, double a)
{
	if (isnan(a))
		return false;
	if (e->op == EXPECT_IN)
		return a >= e->value && a <= e->hi;
	return expect_holds(e->op, a, e->value);
}

/* @a is further from holding than @b (the value an "all" verdict hangs on). */
static bool worse(const struct expectation *e, double a, double b)
{
	switch (e->op) {
	case EXPECT_LT:
	case EXPECT_LE: return a > b;
	case EXPECT_GT:
	case EXPECT_GE: return a < b;
	case EXPECT_IN: return fmin(a - e->value, e->hi - a) < fmin(b - e->value, e->hi - b);
	case EXPECT_EQ:
	case EXPECT_NE: break;
	}
	return false;
}

static double value_of(const struct metrics *m, const char *name)
{
	const struct metric *x = metrics_find(m, name);

	/* a drop counter that never counted; an outage with no end, INFINITY */
	return x ? runs_outage_value(m, name, x->value) : 0;
}

bool expect_check(const struct expectation *e, const struct metrics *m, const struct world *w,
		  double *actual, char *culprit, size_t n)
{
	g_autoptr(GPtrArray) hits = NULL;
	int at = -1;	/* the hit the verdict hangs on */
	double v, acc = 0;
	bool pass = false;

	if (culprit && n)
		*culprit = '\0';
	if (e->sel == EXPECT_ONE) {
		const struct metric *x = metrics_find(m, e->metric);

		/* a flow that never recovered: its outage_ms, the time left to
		 * run, is no outage that "< 300ms" may take for short */
		*actual = x ? runs_outage_value(m, e->metric, x->value)
			    : w && expect_metric_is_dynamic(w, e->metric) ? 0 : NAN;
		return expect_holds_for(e, *actual);
	}
	hits = expect_matches(e->metric, m, w);
	*actual = NAN;
	switch (e->sel) {
	case EXPECT_ALL:
		pass = hits->len > 0;
		for (guint i = 0; i < hits->len; i++) {
			v = value_of(m, g_ptr_array_index(hits, i));
			if (!expect_holds_for(e, v)) {
				at = (int)i;
				pass = false;
				break;
			}
			if (at < 0 || worse(e, v, acc)) {
				at = (int)i;
				acc = v;
			}
		}
		break;
	case EXPECT_ANY:
		for (guint i = 0; i < hits->len && !pass; i++) {
			v = value_of(m, g_ptr_array_index(hits, i));
			if (isnan(v))
				continue;
			if (expect_holds_for(e, v)) {
				at = (int)i;
				pass = true;
			} else if (at < 0 || worse(e, acc, v)) {
				at = (int)i;
				acc = v;
			}
		}
		break;
	case EXPECT_MIN:
	case EXPECT_MAX:
		for (guint i = 0; i < hits->len; i++) {
			v = value_of(m, g_ptr_array_index(hits, i));
			if (!isnan(v) && (at < 0 || (e->sel == EXPECT_MIN ? v < acc : v > acc))) {
				at = (int)i;
				acc = v;
			}
		}
		break;
	case EXPECT_SUM:
		*actual = 0;
		for (guint i = 0; i < hits->len; i++) {
			v = value_of(m, g_ptr_array_index(hits, i));
			if (!isnan(v))
				*actual += v;
		}
		return expect_holds_for(e, *actual);
	case EXPECT_COUNT:
		*actual = hits->len;
		return expect_holds_for(e, *actual);
	case EXPECT_ONE:
		break;
	}
	if (at < 0)
		return false;
	*actual = value_of(m, g_ptr_array_index(hits, at));
	if (culprit && n)
		g_strlcpy(culprit, g_ptr_array_index(hits, at), n);
	if (e->sel == EXPECT_MIN || e->sel == EXPECT_MAX)
		return expect_holds_for(e, *actual);
	return pass;
}

int expect_evaluate(struct world *w, const struct metrics *m)
{
	int failed = 0;
	char culprit[256];

	for (guint i = 0; i < w->expects->len; i++) {
		struct expectation *e = g_ptr_array_index(w->expects, i);

		e->pass = expect_check(e, m, w, &e->actual, culprit, sizeof(culprit));
		g_free(e->culprit);
		e->culprit = *culprit ? g_strdup(culprit) : NULL;
		failed += !e->pass;
	}
	return failed;
}

/* An [expect] line on <switch>.storm (or a statistic of it): the scenario is about a loop. */
bool expect_names_storm(const struct world *w)
{
	for (guint i = 0; i < w->expects->len; i++) {
		const char *metric = ((struct expectation *)g_ptr_array_index(w->expects, i))->metric;
		size_t len = strlen(metric);

		runs_stat_of(metric, &len);
		if (len >= 6 && strncmp(metric + len - 6, ".storm", 6) == 0)
			return true;
	}
	return false;
}

