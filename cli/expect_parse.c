/*
 * expect_parse.c - the [expect] language: one line into a struct expectation.
 *
 * DOC: The grammar (README, "Expectations"; bondsim(1)):
 *
 *   line    := lhs OP value | lhs "in" value ".." value
 *   lhs     := METRIC | SEL "(" PATTERN ")"
 *   SEL     := all | any | sum | count | min | max
 *   OP      := == != < <= > >=
 *   value   := NUMBER [UNIT]
 *
 * A range is inclusive at both ends.  A PATTERN is a metric name with
 * globs: '*' stands for any run of characters but '.', '**' for any run at
 * all.  METRIC and PATTERN may end in a statistic over runs (.min .median
 * .p95 .max .runs).  A UNIT must be of the metric's own kind, which its
 * name's suffix says: _ns _us _ms _s a time, _bps _kbps _mbps _gbps a rate,
 * _bytes a size, _ratio _share _jain a ratio (written as a percentage),
 * _pct a percentage; a number without a unit is in the metric's own unit.
 * count(...) and X.runs are counts and take no unit.  Every error is
 * "file:line: message" and lists what would have been valid.
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

#define OPS_TEXT "== != < <= > >=, or 'in LOW..HIGH'"

static const char *const sel_names[] = {
	[EXPECT_ONE] = "", [EXPECT_ALL] = "all", [EXPECT_ANY] = "any", [EXPECT_SUM] = "sum",
	[EXPECT_COUNT] = "count", [EXPECT_MIN] = "min", [EXPECT_MAX] = "max",
};

#define SELS_TEXT "all any sum count min max"

const char *expect_op_text(enum expect_op op)
{
	if (op == EXPECT_IN)
		return "in";
	for (size_t i = 0; i < G_N_ELEMENTS(ops); i++)
		if (ops[i].op == op)
			return ops[i].text;
	return "?";
}

const char *expect_sel_text(enum expect_sel sel)
{
	return sel_names[sel];
}

/* The kinds of quantity a metric's name can say it is. */
enum kind { KIND_COUNT, KIND_TIME, KIND_RATE, KIND_SIZE, KIND_PERCENT };

static const char *const kind_names[] = {
	[KIND_COUNT] = "a count", [KIND_TIME] = "a time", [KIND_RATE] = "a rate",
	[KIND_SIZE] = "a size", [KIND_PERCENT] = "a ratio",
};

/* The units a value may be written in, per kind, in that kind's base unit. */
static const struct unit {
	enum kind kind;
	const char *name;
	double base;
} units[] = {
	{ KIND_TIME, "ns", 1 }, { KIND_TIME, "us", 1e3 }, { KIND_TIME, "ms", 1e6 },
	{ KIND_TIME, "s", 1e9 }, { KIND_TIME, "m", 60e9 }, { KIND_TIME, "h", 3600e9 },
	{ KIND_RATE, "bit/s", 1 }, { KIND_RATE, "kbit/s", 1e3 }, { KIND_RATE, "Mbit/s", 1e6 },
	{ KIND_RATE, "Gbit/s", 1e9 }, { KIND_RATE, "Tbit/s", 1e12 },
	{ KIND_RATE, "bps", 1 }, { KIND_RATE, "kbps", 1e3 }, { KIND_RATE, "Mbps", 1e6 },
	{ KIND_RATE, "Gbps", 1e9 }, { KIND_RATE, "Tbps", 1e12 },
	{ KIND_SIZE, "B", 1 }, { KIND_SIZE, "KB", 1e3 }, { KIND_SIZE, "kB", 1e3 },
	{ KIND_SIZE, "MB", 1e6 }, { KIND_SIZE, "GB", 1e9 }, { KIND_SIZE, "TB", 1e12 },
	{ KIND_SIZE, "KiB", 1024.0 }, { KIND_SIZE, "MiB", 1048576.0 },
	{ KIND_SIZE, "GiB", 1073741824.0 }, { KIND_SIZE, "TiB", 1099511627776.0 },
	{ KIND_PERCENT, "%", 1 },
};

/* What a metric's name says it measures, and what one of its units is in base units. */
static const struct suffix {
	const char *suffix;
	enum kind kind;
	double base;
	const char *unit;	/* for messages and reports */
} suffixes[] = {
	{ "_ns", KIND_TIME, 1, "ns" }, { "_us", KIND_TIME, 1e3, "us" },
	{ "_ms", KIND_TIME, 1e6, "ms" }, { "_s", KIND_TIME, 1e9, "s" },
	{ "_bps", KIND_RATE, 1, "bit/s" }, { "_kbps", KIND_RATE, 1e3, "kbit/s" },
	{ "_mbps", KIND_RATE, 1e6, "Mbit/s" }, { "_gbps", KIND_RATE, 1e9, "Gbit/s" },
	{ "_bytes", KIND_SIZE, 1, "bytes" },
	{ "_ratio", KIND_PERCENT, 100, "" }, { "_share", KIND_PERCENT, 100, "" },
	{ "_jain", KIND_PERCENT, 100, "" }, { "_pct", KIND_PERCENT, 1, "%" },
};

#define SUFFIXES_TEXT "_ns _us _ms _s _bps _kbps _mbps _gbps _bytes _ratio _share _jain _pct"

/*
 * The suffix of @name (a metric or a pattern; its statistic over runs left
 * out), or NULL for a count: "X.runs" counts runs whatever X is.
 */
static const struct suffix *suffix_of(const char *name)
{
	size_t len = strlen(name);

	if (runs_stat_of(name, &len) == RUNS_STAT_COUNT)
		return NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(suffixes); i++) {
		size_t n = strlen(suffixes[i].suffix);

		if (len > n && strncmp(name + len - n, suffixes[i].suffix, n) == 0)
			return &suffixes[i];
	}
	return NULL;
}

static void units_text(enum kind k, GString *out)
{
	for (size_t i = 0; i < G_N_ELEMENTS(units); i++)
		if (units[i].kind == k)
			g_string_append_printf(out, "%s%s", out->len ? " " : "", units[i].name);
}

static gboolean fail(GError **error, const char *file, int line, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);

static gboolean fail(GError **error, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	g_autofree char *msg = NULL;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE, "%s:%d: %s", file, line, msg);
	return FALSE;
}

/*
 * A ratio is at most 1 (100%): "reorder_ratio < 500%" holds whatever the run
 * did.  Below 0 is left alone, -1 is how a Jain index or a share says that
 * nothing was carried; a sum() of ratios may pass 1.
 */
static gboolean ratio_ok(const struct expectation *e, const struct suffix *sx, const char *value,
			 double v, const char *file, int line, GError **error)
{
	if (!sx || sx->kind != KIND_PERCENT || sx->base != 100 || e->sel == EXPECT_SUM || v <= 1)
		return TRUE;
	return fail(error, file, line, "'%s' is a ratio (%s), 0 to 1: '%s' is more than 1 (100%%)",
		    e->metric, sx->suffix, value);
}

/*
 * @value ("250", "300ms", "1.8Gbit/s", "5%") into *@v in the unit of what
 * @e reads (@e->metric and @e->sel already set).
 */
static gboolean parse_value(const struct expectation *e, const char *text, const char *value,
			    double *v, const char *file, int line, GError **error)
{
	const struct suffix *sx = e->sel == EXPECT_COUNT ? NULL : suffix_of(e->metric);
	char *end;
	g_autofree char *unit = NULL;
	g_autoptr(GString) valid = g_string_new(NULL);

	*v = g_ascii_strtod(value, &end);
	if (end == value || !isfinite(*v))
		return fail(error, file, line,
			    "'%s': '%s' is not a number; expected METRIC OP NUMBER, e.g. 'flow.web.lost == 0'",
			    text, value);
	unit = g_strstrip(g_strdup(end));
	/* "> 10 20": a second number, not a unit named "20" */
	if (*unit && (strpbrk(unit, " \t") || g_ascii_isdigit(*unit) || strchr("+-.", *unit)))
		return fail(error, file, line,
			    "'%s': '%s' is not one number; expected METRIC OP NUMBER, e.g. 'flow.web.lost == 0'",
			    text, value);
	if (!*unit)
		return ratio_ok(e, sx, value, *v, file, line, error);
	if (!sx)
		return fail(error, file, line,
			    "'%s' has no unit (its name ends in none of " SUFFIXES_TEXT
			    "): compare it with a plain number, not '%s'",
			    e->sel == EXPECT_COUNT ? "count(...)" : e->metric, value);
	for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
		if (strcmp(units[i].name, unit) != 0)
			continue;
		if (units[i].kind != sx->kind)
			break;
		*v = *v * units[i].base / sx->base;
		return ratio_ok(e, sx, value, *v, file, line, error);
	}
	units_text(sx->kind, valid);
	return fail(error, file, line, "'%s' is %s (%s): '%s' is not; units: %s", e->metric,
		    kind_names[sx->kind], sx->suffix, value, valid->str);
}

/*
 * How long the name at @s is: up to a blank or an operator's first
 * character, but "->" belongs to the name: a cable's place is
 * "server.eth0->sw1.Gi0/1" (drop.<place>.<reason>), and no metric name
 * ends in '-', so "x->3" is never "x-" and "> 3".
 */
static size_t name_len(const char *s)
{
	size_t n = 0;

	for (; s[n] && !g_ascii_isspace(s[n]); n++) {
		bool arrow = s[n] == '>' && n && s[n - 1] == '-';

		if (strchr("<>=!", s[n]) && !arrow)
			break;
	}
	return n;
}

/* A name or pattern as [expect] takes it: no blanks, no parentheses, no operators. */
static bool name_ok(const char *s)
{
	return *s && !strpbrk(s, "(),") && name_len(s) == strlen(s);
}

/* "all(PATTERN) rest" -> the selector, the pattern and what follows. */
static gboolean parse_selector(const char *text, struct expectation *x, const char **rest,
			       const char *file, int line, GError **error)
{
	const char *open = strchr(text, '('), *close;
	g_autofree char *name = g_strstrip(g_strndup(text, (gsize)(open - text)));
	g_autofree char *pattern = NULL;
	int sel = -1;

	for (int i = EXPECT_ALL; i <= EXPECT_MAX; i++)
		if (strcmp(name, sel_names[i]) == 0)
			sel = i;
	if (sel < 0)
		return fail(error, file, line, "'%s': no selector '%s'; selectors: " SELS_TEXT
			    ", e.g. 'all(server.bond0.*.tx_frames) > 1000'", text, name);
	close = strchr(open, ')');
	if (!close)
		return fail(error, file, line, "'%s': no ')' after '%s(': write %s(PATTERN)", text,
			    name, name);
	pattern = g_strstrip(g_strndup(open + 1, (gsize)(close - open - 1)));
	if (!name_ok(pattern))
		return fail(error, file, line,
			    "'%s': %s(...) takes one metric name with '*' globs, e.g. %s(server.bond0.*.tx_frames)",
			    text, name, name);
	x->sel = (enum expect_sel)sel;
	x->metric = g_steal_pointer(&pattern);
	*rest = close + 1;
	return TRUE;
}

/* The operator at the start of @s, its length in *@n; -1 if there is none. */
static int parse_op(const char *s, size_t *n)
{
	for (size_t i = 0; i < G_N_ELEMENTS(ops); i++) {
		*n = strlen(ops[i].text);
		if (strncmp(s, ops[i].text, *n) == 0)
			return (int)ops[i].op;
	}
	if (strncmp(s, "in", 2) == 0 && (g_ascii_isspace(s[2]) || !s[2])) {
		*n = 2;
		return EXPECT_IN;
	}
	return -1;
}

static gboolean parse_rest(const char *text, struct expectation *x, const char *rest,
			   char **shown, const char *file, int line, GError **error)
{
	size_t n;
	int op;
	g_autofree char *value = NULL;

	while (g_ascii_isspace(*rest))
		rest++;
	/*
	 * A lone '=' reads as an assignment in every language an engineer
	 * knows, and "x = 3" is a typo for "x == 3" as often as for "x >= 3":
	 * refused, rather than guessed.
	 */
	if (*rest == '=' && rest[1] != '=') {
		g_autofree char *rhs = g_strstrip(g_strdup(rest + 1));
		g_autofree char *lhs = g_strstrip(g_strndup(text, (gsize)(strchr(text, '=') - text)));

		return fail(error, file, line,
			    "'%s': '=' is not a comparison; write '%s == %s' (operators: == != < <= > >=)",
			    text, *lhs ? lhs : "METRIC", *rhs ? rhs : "NUMBER");
	}
	op = parse_op(rest, &n);
	if (op < 0)
		return fail(error, file, line,
			    "an expectation looks like 'sw1.mac_moves > 100', 'flow.f.outage_ms in 100ms..300ms' "
			    "or 'all(server.bond0.*.tx_frames) > 1000' (operators: " OPS_TEXT ")");
	x->op = (enum expect_op)op;
	value = g_strstrip(g_strdup(rest + n));
	if (!*value)
		return fail(error, file, line, "'%s': expected METRIC OP NUMBER, e.g. 'flow.web.lost == 0'",
			    text);
	if (x->op == EXPECT_IN) {
		const char *dots = strstr(value, "..");
		g_autofree char *lo = NULL, *hi = NULL;

		if (!dots)
			return fail(error, file, line,
				    "'%s': a range is LOW..HIGH, both ends included, e.g. 'flow.f.outage_ms in 100ms..300ms'",
				    text);
		lo = g_strstrip(g_strndup(value, (gsize)(dots - value)));
		hi = g_strstrip(g_strdup(dots + 2));
		if (!parse_value(x, text, lo, &x->value, file, line, error) ||
		    !parse_value(x, text, hi, &x->hi, file, line, error))
			return FALSE;
		if (x->value > x->hi)
			return fail(error, file, line,
				    "'%s': the range %s..%s is empty: write the low end first", text,
				    lo, hi);
		*shown = g_strdup_printf("%s..%s", lo, hi);
		return TRUE;
	}
	if (!parse_value(x, text, value, &x->value, file, line, error))
		return FALSE;
	*shown = g_steal_pointer(&value);
	return TRUE;
}

gboolean expect_parse(const char *text, const char *file, int line, struct expectation **out,
		      GError **error)
{
	struct expectation *x = g_new0(struct expectation, 1);
	g_autofree char *s = g_strstrip(g_strdup(text));
	g_autofree char *shown = NULL;
	const struct suffix *sx;
	const char *rest = NULL;

	x->line = line;
	if (strchr(s, '(')) {
		if (!parse_selector(s, x, &rest, file, line, error))
			goto fail;
	} else {
		size_t n = name_len(s);

		x->metric = g_strndup(s, n);
		rest = s + n;
		if (!*x->metric) {
			fail(error, file, line,
			     "'%s': expected METRIC OP NUMBER, e.g. 'flow.web.lost == 0'", s);
			goto fail;
		}
		if (strchr(x->metric, '*')) {
			fail(error, file, line,
			     "'%s': a '*' pattern needs a selector (" SELS_TEXT "), e.g. 'all(%s)'",
			     s, x->metric);
			goto fail;
		}
	}
	if (!parse_rest(s, x, rest, &shown, file, line, error))
		goto fail;
	sx = x->sel == EXPECT_COUNT ? NULL : suffix_of(x->metric);
	x->unit = sx ? sx->unit : "";
	if (x->sel == EXPECT_ONE)
		x->text = g_strdup_printf("%s %s %s", x->metric, expect_op_text(x->op), shown);
	else
		x->text = g_strdup_printf("%s(%s) %s %s", sel_names[x->sel], x->metric,
					  expect_op_text(x->op), shown);
	*out = x;
	return TRUE;
fail:
	expect_free(x);
	return FALSE;
}

void expect_free(struct expectation *e)
{
	if (!e)
		return;
	g_free(e->text);
	g_free(e->metric);
	g_free(e->culprit);
	g_free(e);
}

void expect_format_actual(const struct expectation *e, double v, GString *out)
{
	if (isnan(v))
		g_string_append(out, "missing");
	else if (isinf(v) && v > 0)
		g_string_append(out, "never");	/* an outage with no end (runs_never.c) */
	else if (v == floor(v) && fabs(v) < 1e15)
		g_string_append_printf(out, "%.0f", v);
	else
		g_string_append_printf(out, "%.6g", v);
	if (isfinite(v) && e->unit && *e->unit)
		g_string_append_printf(out, "%s%s", strcmp(e->unit, "%") ? " " : "", e->unit);
}
