/*
 * expect.c - the [expect] assertions: "METRIC OP NUMBER".
 *
 * DOC: An expectation compares one published metric (see metrics.h and the
 * README's list) with a number.  Names are checked before the run against
 * what the world publishes, so a typo is a scenario error (exit 2) with the
 * nearest name, not a failed expectation after a long run.  In a batch of
 * runs (runs.h) a metric followed by .min, .median, .p95, .max or .runs is
 * its statistic over the runs.  A time metric (its name ends in _ns, _us,
 * _ms or _s) may be compared with a time written with its unit, "300ms" or
 * "0.3s", which is converted to the metric's unit; a plain number is in
 * the metric's own unit.
 */
#include <math.h>
#include <string.h>
#include "world.h"
#include "runs.h"

static const struct {
	const char *text;
	enum expect_op op;
} ops[] = {	/* two-character operators first */
	{ "==", EXPECT_EQ }, { "!=", EXPECT_NE }, { "<=", EXPECT_LE }, { ">=", EXPECT_GE },
	{ "<", EXPECT_LT }, { ">", EXPECT_GT },
};

const char *expect_op_text(enum expect_op op)
{
	for (size_t i = 0; i < G_N_ELEMENTS(ops); i++)
		if (ops[i].op == op)
			return ops[i].text;
	return "?";
}

/* What one unit of @metric is, in ns, from its name's suffix; 0: not a time. */
static sim_time_t metric_time_unit(const char *metric)
{
	static const struct {
		const char *suffix;
		sim_time_t ns;
	} units[] = { { "_ns", SIM_NS }, { "_us", SIM_US }, { "_ms", SIM_MS }, { "_s", SIM_S } };
	size_t len = strlen(metric);
	int stat = runs_stat_of(metric, &len);

	if (stat == RUNS_STAT_COUNT)
		return 0;
	for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
		size_t n = strlen(units[i].suffix);

		if (len > n && strncmp(metric + len - n, units[i].suffix, n) == 0)
			return units[i].ns;
	}
	return 0;
}

/* "250", "-1", "59.996048" as they are; "300ms", "0.3s" in the metric's unit. */
static gboolean parse_value(const char *text, const char *metric, const char *value, double *v,
			    const char *file, int line, GError **error)
{
	char *end;
	sim_time_t ns, unit;
	GError *inner = NULL;

	*v = g_ascii_strtod(value, &end);
	if (end != value && !*end && isfinite(*v))
		return TRUE;
	if (end == value || !g_ascii_isalpha(*end)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
			    "%s:%d: '%s': expected METRIC OP NUMBER, e.g. 'flow.web.lost == 0'",
			    file, line, text);
		return FALSE;
	}
	unit = metric_time_unit(metric);
	if (!unit) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
			    "%s:%d: '%s' is not a time (its name ends in none of _ns _us _ms _s): compare it with a plain number, not '%s'",
			    file, line, metric, value);
		return FALSE;
	}
	if (!sim_time_parse(value, &ns, &inner)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE, "%s:%d: %s", file, line,
			    inner->message);
		g_error_free(inner);
		return FALSE;
	}
	*v = (double)ns / (double)unit;
	return TRUE;
}

gboolean expect_parse(const char *text, const char *file, int line, struct expectation **out,
		      GError **error)
{
	const char *p = NULL;
	size_t oplen = 0;
	enum expect_op op = EXPECT_EQ;
	char *metric, *value;
	double v;

	for (const char *c = text; *c && !p; c++) {
		/*
		 * A lone '=' reads as an assignment in every language an engineer
		 * knows, and "x = 3" is a typo for "x == 3" as often as for "x >= 3":
		 * refused, rather than guessed.
		 */
		if (*c == '=' && c[1] != '=') {
			g_autofree char *lhs = g_strstrip(g_strndup(text, c - text));
			g_autofree char *rhs = g_strstrip(g_strdup(c + 1));

			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
				    "%s:%d: '%s': '=' is not a comparison; write '%s == %s' (operators: == != < <= > >=)",
				    file, line, text, *lhs ? lhs : "METRIC", *rhs ? rhs : "NUMBER");
			return FALSE;
		}
		for (size_t i = 0; i < G_N_ELEMENTS(ops); i++) {
			size_t n = strlen(ops[i].text);

			if (strncmp(c, ops[i].text, n) == 0) {
				p = c;
				oplen = n;
				op = ops[i].op;
				break;
			}
		}
	}
	if (!p) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
			    "%s:%d: an expectation looks like 'sw1.mac_moves > 100' (operators: == != < <= > >=)",
			    file, line);
		return FALSE;
	}
	metric = g_strstrip(g_strndup(text, p - text));
	value = g_strstrip(g_strdup(p + oplen));
	if (!*metric || !*value) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
			    "%s:%d: '%s': expected METRIC OP NUMBER, e.g. 'flow.web.lost == 0'", file,
			    line, text);
		g_free(metric);
		g_free(value);
		return FALSE;
	}
	if (!parse_value(text, metric, value, &v, file, line, error)) {
		g_free(metric);
		g_free(value);
		return FALSE;
	}
	*out = g_new0(struct expectation, 1);
	(*out)->text = g_strdup_printf("%s %s %s", metric, expect_op_text(op), value);
	g_free(value);
	(*out)->metric = metric;
	(*out)->op = op;
	(*out)->value = v;
	(*out)->line = line;
	return TRUE;
}

void expect_free(struct expectation *e)
{
	if (!e)
		return;
	g_free(e->text);
	g_free(e->metric);
	g_free(e);
}

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
		size_t base_len;
		int stat = runs_stat_of(e->metric, &base_len);
		char *base = stat >= 0 ? g_strndup(e->metric, base_len) : NULL;

		if (base && metrics_find(&m, base)) {
			/* a statistic over the runs of a batch */
			if (!w->runs) {
				g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
					    "%s:%d: '%s' is a statistic over runs: run the scenario with --runs N (or [sim] runs = N)",
					    w->file, e->line, e->metric);
				ok = FALSE;
			}
			g_free(base);
			continue;
		}
		g_free(base);
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
	}
	return false;
}

int expect_evaluate(struct world *w, const struct metrics *m)
{
	int failed = 0;

	for (guint i = 0; i < w->expects->len; i++) {
		struct expectation *e = g_ptr_array_index(w->expects, i);
		const struct metric *x = metrics_find(m, e->metric);

		e->actual = x ? x->value : expect_metric_is_dynamic(w, e->metric) ? 0 : NAN;
		e->pass = !isnan(e->actual) && expect_holds(e->op, e->actual, e->value);
		failed += !e->pass;
	}
	return failed;
}
