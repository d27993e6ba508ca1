/*
 * merge_line.c - what a sweep's runs are read with: one run's JSON line
 * (the lines sweep_add_line writes, parsed by a small reader of that
 * shape of JSON) and the statistics over the seeds of a grid point.
 *
 * The interval is Student's: mean +- t(0.975, n-1) * sd / sqrt(n), sd the
 * sample standard deviation (n - 1 in the denominator).  t comes from the
 * table below (exact to 3 decimals for 1 to 30 degrees of freedom; between
 * two rows further on, the row with fewer degrees, whose t is larger, so
 * the interval is never too narrow); past 120, the normal 1.96.  One seed
 * gives no interval.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "sweep.h"

static const struct {
	unsigned df;
	double t;
} t_table[] = {
	{ 1, 12.706 }, { 2, 4.303 }, { 3, 3.182 }, { 4, 2.776 }, { 5, 2.571 },
	{ 6, 2.447 }, { 7, 2.365 }, { 8, 2.306 }, { 9, 2.262 }, { 10, 2.228 },
	{ 11, 2.201 }, { 12, 2.179 }, { 13, 2.160 }, { 14, 2.145 }, { 15, 2.131 },
	{ 16, 2.120 }, { 17, 2.110 }, { 18, 2.101 }, { 19, 2.093 }, { 20, 2.086 },
	{ 21, 2.080 }, { 22, 2.074 }, { 23, 2.069 }, { 24, 2.064 }, { 25, 2.060 },
	{ 26, 2.056 }, { 27, 2.052 }, { 28, 2.048 }, { 29, 2.045 }, { 30, 2.042 },
	{ 40, 2.021 }, { 50, 2.009 }, { 60, 2.000 }, { 80, 1.990 }, { 100, 1.984 },
	{ 120, 1.980 },
};

double merge_t95(unsigned df)
{
	double t = NAN;

	if (df > 120)
		return 1.96;
	for (size_t i = 0; i < G_N_ELEMENTS(t_table) && t_table[i].df <= df; i++)
		t = t_table[i].t;
	return t;
}

void merge_stat_of(const double *v, unsigned n, struct merge_stat *out)
{
	double sum = 0, ss = 0, half;

	out->n = n;
	out->mean = out->sd = out->lo = out->hi = NAN;
	if (!n)
		return;
	for (unsigned i = 0; i < n; i++)
		sum += v[i];
	out->mean = sum / n;
	if (n < 2)
		return;
	for (unsigned i = 0; i < n; i++)
		ss += (v[i] - out->mean) * (v[i] - out->mean);
	out->sd = sqrt(ss / (n - 1));
	half = merge_t95(n - 1) * out->sd / sqrt(n);
	out->lo = out->mean - half;
	out->hi = out->mean + half;
}

/* ---- reading runs.jsonl (the lines sweep_add_line writes) --------------- */

struct jp {
	const char *p;
};

static void ws(struct jp *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
		j->p++;
}

static bool eat(struct jp *j, char c)
{
	ws(j);
	if (*j->p != c)
		return false;
	j->p++;
	return true;
}

static bool jstring(struct jp *j, GString *out)
{
	if (!eat(j, '"'))
		return false;
	g_string_truncate(out, 0);
	while (*j->p && *j->p != '"') {
		if (*j->p == '\\') {
			j->p++;
			switch (*j->p) {
			case 'n': g_string_append_c(out, '\n'); break;
			case 't': g_string_append_c(out, '\t'); break;
			case 'r': g_string_append_c(out, '\r'); break;
			case 'u': {
				char hex[5] = { 0 };

				for (int i = 0; i < 4; i++) {
					if (!g_ascii_isxdigit(j->p[1 + i]))
						return false;
					hex[i] = j->p[1 + i];
				}
				g_string_append_unichar(out, (gunichar)g_ascii_strtoull(hex, NULL, 16));
				j->p += 4;
				break;
			}
			case 0: return false;
			default: g_string_append_c(out, *j->p);
			}
			j->p++;
		} else {
			g_string_append_c(out, *j->p++);
		}
	}
	return eat(j, '"');
}

/* A number, or null (NAN). */
static bool jnumber(struct jp *j, double *v)
{
	char *end;

	ws(j);
	if (strncmp(j->p, "null", 4) == 0) {
		j->p += 4;
		*v = NAN;
		return true;
	}
	*v = g_ascii_strtod(j->p, &end);
	if (end == j->p)
		return false;
	j->p = end;
	return true;
}

static bool jbool(struct jp *j, bool *v)
{
	ws(j);
	if (strncmp(j->p, "true", 4) == 0) {
		j->p += 4;
		*v = true;
		return true;
	}
	if (strncmp(j->p, "false", 5) == 0) {
		j->p += 5;
		*v = false;
		return true;
	}
	return false;
}

/* Any value, thrown away (a field a later bondsim may add). */
static bool jskip(struct jp *j, int depth)
{
	GString *s;
	double d;
	bool b;

	ws(j);
	if (depth > 32)
		return false;
	if (*j->p == '"') {
		s = g_string_new(NULL);
		b = jstring(j, s);
		g_string_free(s, TRUE);
		return b;
	}
	if (*j->p == '{' || *j->p == '[') {
		char close = *j->p == '{' ? '}' : ']';
		bool obj = *j->p == '{';

		j->p++;
		if (eat(j, close))
			return true;
		do {
			if (obj) {
				s = g_string_new(NULL);
				b = jstring(j, s) && eat(j, ':');
				g_string_free(s, TRUE);
				if (!b)
					return false;
			}
			if (!jskip(j, depth + 1))
				return false;
		} while (eat(j, ','));
		return eat(j, close);
	}
	return jbool(j, &b) || jnumber(j, &d);
}

void merge_run_line_free(struct run_line *r)
{
	g_free(r->scenario);
	g_free(r->stopped);
	g_ptr_array_free(r->set, TRUE);
	g_array_free(r->names, TRUE);
	g_array_free(r->values, TRUE);
	for (guint i = 0; i < r->expects->len; i++)
		g_free(g_array_index(r->expects, struct run_expect, i).text);
	g_array_free(r->expects, TRUE);
	g_free(r);
}

static bool parse_line_body(struct jp *j, struct run_line *r)
{
	GString *key = g_string_new(NULL), *s = g_string_new(NULL);
	bool ok = eat(j, '{');

	if (ok && eat(j, '}'))
		goto done;
	while (ok) {
		ok = jstring(j, key) && eat(j, ':');
		if (!ok)
			break;
		if (strcmp(key->str, "scenario") == 0) {
			ok = jstring(j, s);
			g_free(r->scenario);
			r->scenario = g_strdup(s->str);
		} else if (strcmp(key->str, "seed") == 0) {
			ok = jnumber(j, &r->seed);
		} else if (strcmp(key->str, "status") == 0) {
			ok = jnumber(j, &r->status);
		} else if (strcmp(key->str, "stopped") == 0) {
			ok = jstring(j, s);
			g_free(r->stopped);
			r->stopped = g_strdup(s->str);
		} else if (strcmp(key->str, "set") == 0) {
			ok = eat(j, '[');
			if (ok && !eat(j, ']')) {
				do {
					ok = jstring(j, s);
					if (ok)
						g_ptr_array_add(r->set, g_strdup(s->str));
				} while (ok && eat(j, ','));
				ok = ok && eat(j, ']');
			}
		} else if (strcmp(key->str, "metrics") == 0) {
			ok = eat(j, '{');
			if (ok && !eat(j, '}')) {
				do {
					double v;
					GQuark q;

					ok = jstring(j, s) && eat(j, ':') && jnumber(j, &v);
					if (!ok)
						break;
					q = g_quark_from_string(s->str);
					g_array_append_val(r->names, q);
					g_array_append_val(r->values, v);
				} while (eat(j, ','));
				ok = ok && eat(j, '}');
			}
		} else if (strcmp(key->str, "expect") == 0) {
			ok = eat(j, '[');
			if (ok && !eat(j, ']')) {
				do {
					struct run_expect e = { 0 };

					ok = eat(j, '{');
					while (ok) {
						ok = jstring(j, key) && eat(j, ':');
						if (!ok)
							break;
						if (strcmp(key->str, "text") == 0) {
							ok = jstring(j, s);
							g_free(e.text);
							e.text = g_strdup(s->str);
						} else if (strcmp(key->str, "pass") == 0) {
							ok = jbool(j, &e.pass);
						} else {
							/* "actual" too: a number, null or "never" */
							ok = jskip(j, 0);
						}
						if (!ok || !eat(j, ','))
							break;
					}
					ok = ok && eat(j, '}') && e.text;
					if (ok)
						g_array_append_val(r->expects, e);
					else
						g_free(e.text);
				} while (ok && eat(j, ','));
				ok = ok && eat(j, ']');
			}
		} else {
			ok = jskip(j, 0);
		}
		if (!ok || !eat(j, ','))
			break;
	}
	ok = ok && eat(j, '}');
done:
	g_string_free(key, TRUE);
	g_string_free(s, TRUE);
	return ok;
}

struct run_line *merge_parse_line(const char *text)
{
	struct jp j = { text };
	struct run_line *r = g_new0(struct run_line, 1);

	r->set = g_ptr_array_new_with_free_func(g_free);
	r->names = g_array_new(FALSE, FALSE, sizeof(GQuark));
	r->values = g_array_new(FALSE, FALSE, sizeof(double));
	r->expects = g_array_new(FALSE, FALSE, sizeof(struct run_expect));
	r->seed = r->status = NAN;
	if (!parse_line_body(&j, r) || (ws(&j), *j.p) || !r->scenario || isnan(r->seed)) {
		merge_run_line_free(r);
		return NULL;
	}
	return r;
}

