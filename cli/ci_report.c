/*
 * ci_report.c - the [expect] verdicts as CI systems read them.
 *
 * DOC: --junit FILE writes JUnit XML in the Ant/Jenkins shape that
 * Jenkins, GitLab and the GitHub test reporters display: <testsuites>
 * holding one <testsuite> named after the scenario path, one <testcase>
 * per [expect] line named by its text, and a <failure> whose message
 * carries the actual value.  A run that failed for another reason (a
 * forwarding loop, --max-events, --max-wall, a signal) gets one more
 * testcase, "the run completes", with an <error>.  tests/junit.xsd is the
 * schema the tests validate it against.  --tap writes the same verdicts
 * as TAP version 13 on standard output, with a YAML block per test.  The
 * file goes through output.c like --json: staged beside its place and
 * renamed when every output of the run is complete.  Everything but the
 * testsuite's time (CPU seconds) is the same for the same scenario and seed.
 */
#include <math.h>
#include <string.h>
#include <time.h>
#include "ci_report.h"
#include "report.h"
#include "watch.h"

gboolean ci_check_options(const struct ci_options *ci, const char *json_file, GError **error)
{
	int on_stdout = (json_file && strcmp(json_file, "-") == 0) + !!ci->tap +
			(ci->junit && strcmp(ci->junit, "-") == 0);

	if (on_stdout > 1) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "--tap, --json - and --junit - each take standard output: give one of them (and a FILE to the others)");
		return FALSE;
	}
	if (ci->junit && !*ci->junit) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "--junit: which file? e.g. --junit report.xml (- for standard output)");
		return FALSE;
	}
	return TRUE;
}

bool ci_owns_stdout(const struct ci_options *ci)
{
	return ci->tap || (ci->junit && strcmp(ci->junit, "-") == 0);
}

char *ci_run_problem(const struct world *w, const struct runs *r)
{
	sim_time_t at;
	const char *sw, *text;
	char t[32];

	if (r) {
		if (watch_signal())
			return g_strdup_printf("interrupted after %u runs", r->n);
		if (r->storms && !expect_names_storm(w))
			return g_strdup_printf("a forwarding loop stopped %u of the %u runs; %s",
					       r->storms, r->n, r->first_storm);
		return NULL;
	}
	if (w->stop != WORLD_STOP_NONE)
		return g_strdup_printf("stopped by %s at t=%s s", w->stop_why,
				       sim_time_format_sec(w->sim->now, t, sizeof(t)));
	if (world_storm(w, &at, &sw, &text) && !expect_names_storm(w))
		return g_strdup_printf("%s at %s s: %s", sw, sim_time_format_sec(at, t, sizeof(t)),
				       text);
	return NULL;
}

/* "actual 12", "actual 250 ms, server.bond0.eth1.tx_frames", "failed in 2 of 5 runs ..." */
static void verdict(const struct expectation *e, const struct runs *r, guint i, GString *out)
{
	const struct runs_expect *re = r ? &r->expects[i] : NULL;

	if (re && re->stat < 0 && re->failed)
		g_string_append_printf(out, "failed in %u of %u runs, first with seed %" G_GUINT64_FORMAT
				       ": ", re->failed, r->n, re->first_failed_seed);
	else if (re && re->stat < 0)
		g_string_append_printf(out, r->n == 1 ? "held in the %u run; " : "held in all %u runs; ",
				       r->n);
	report_expect_actual(e, out);
}

/* XML 1.0's Char production: tab, LF, CR, and the rest of Unicode but C0, surrogates, FFFE/FFFF. */
static bool xml_char(gunichar c)
{
	if (c < 0x20)
		return c == '\t' || c == '\n' || c == '\r';
	return c <= 0xd7ff || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/*
 * Markup of @s that every XML 1.0 parser takes, whatever the scenario's
 * bytes were: a byte that starts no valid UTF-8 sequence, and a character
 * XML 1.0 forbids even as a reference (a control character but tab, LF and
 * CR; U+FFFE, U+FFFF), become U+FFFD.  g_markup_escape_text() alone would
 * write SOH as "&#x1;", which only XML 1.1 allows.
 */
static char *xml_escape(const char *s)
{
	g_autofree char *valid = g_utf8_make_valid(s, -1);
	g_autoptr(GString) chars = g_string_sized_new(strlen(valid));

	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		g_string_append_unichar(chars, xml_char(c) ? c : 0xfffd);
	}
	return g_markup_escape_text(chars->str, chars->len);
}

/*
 * An attribute: tab, LF and CR as references, since a parser turns them
 * into spaces when they stand as they are (XML 1.0, 3.3.3).
 */
static void xml_attr(GString *out, const char *name, const char *value)
{
	g_autofree char *v = xml_escape(value);

	g_string_append_printf(out, " %s=\"", name);
	for (const char *p = v; *p; p++) {
		if (*p == '\t')
			g_string_append(out, "&#9;");
		else if (*p == '\n')
			g_string_append(out, "&#10;");
		else if (*p == '\r')
			g_string_append(out, "&#13;");
		else
			g_string_append_c(out, *p);
	}
	g_string_append_c(out, '"');
}

/* "bondsim.mode0_single_switch": Jenkins splits a classname at its dots. */
static char *class_name(const char *file)
{
	g_autofree char *base = g_path_get_basename(file);
	char *dot;

	if (g_str_has_suffix(base, ".ini"))
		base[strlen(base) - 4] = '\0';
	for (dot = base; *dot; dot++)
		if (*dot == '.')
			*dot = '_';
	return g_strconcat("bondsim.", base, NULL);
}

void ci_junit(const struct world *w, const struct runs *r, const char *problem, double seconds,
	      GString *out)
{
	guint failed = 0, tests = w->expects->len + (problem != NULL);
	g_autofree char *cls = class_name(w->file);
	char num[G_ASCII_DTOSTR_BUF_SIZE];

	for (guint i = 0; i < w->expects->len; i++)
		failed += !((const struct expectation *)g_ptr_array_index(w->expects, i))->pass;
	g_snprintf(num, sizeof(num), "%.3f", seconds);
	g_string_append(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
	xml_attr(out, "name", "bondsim");
	g_string_append_printf(out, " tests=\"%u\" failures=\"%u\" errors=\"%u\" time=\"%s\">\n",
			       tests, failed, problem != NULL, num);
	g_string_append(out, "  <testsuite");
	xml_attr(out, "name", w->file);
	g_string_append_printf(out, " tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"0\" time=\"%s\">\n",
			       tests, failed, problem != NULL, num);
	g_string_append_printf(out, "    <properties>\n"
			       "      <property name=\"seed\" value=\"%" G_GUINT64_FORMAT "\"/>\n"
			       "      <property name=\"runs\" value=\"%u\"/>\n"
			       "    </properties>\n", r ? r->seed0 : w->seed, r ? r->n : 1);
	for (guint i = 0; i < w->expects->len; i++) {
		const struct expectation *e = g_ptr_array_index(w->expects, i);
		g_autoptr(GString) msg = g_string_new(NULL);

		g_string_append(out, "    <testcase");
		xml_attr(out, "name", e->text);
		xml_attr(out, "classname", cls);
		if (e->pass) {
			g_string_append(out, " time=\"0\"/>\n");
			continue;
		}
		g_string_append(out, " time=\"0\">\n      <failure");
		verdict(e, r, i, msg);
		xml_attr(out, "message", msg->str);
		xml_attr(out, "type", "expectation");
		g_string_append_printf(msg, "; want %s", e->text);
		{
			g_autofree char *body = xml_escape(msg->str);
			g_autofree char *where = xml_escape(w->file);

			g_string_append_printf(out, ">%s:%d: %s</failure>\n    </testcase>\n", where,
					       e->line, body);
		}
	}
	if (problem) {
		g_string_append(out, "    <testcase name=\"the run completes\"");
		xml_attr(out, "classname", cls);
		g_string_append(out, " time=\"0\">\n      <error");
		xml_attr(out, "message", problem);
		g_string_append(out, " type=\"run\"/>\n    </testcase>\n");
	}
	g_string_append(out, "  </testsuite>\n</testsuites>\n");
}

/* The letter of YAML's short escape for @c ('n' for \n), or 0 when it has none. */
static char yaml_short_escape(gunichar c)
{
	switch (c) {
	case '\a': return 'a';
	case '\b': return 'b';
	case '\t': return 't';
	case '\n': return 'n';
	case '\v': return 'v';
	case '\f': return 'f';
	case '\r': return 'r';
	case 0x1b: return 'e';
	case '"': return '"';
	case '\\': return '\\';
	case 0x85: return 'N';		/* next line */
	case 0x2028: return 'L';	/* line separator */
	case 0x2029: return 'P';	/* paragraph separator */
	default: return 0;
	}
}

/*
 * What YAML lets stand in a double-quoted scalar as it is: its printable
 * set less the BOM, and less the line breaks, which a reader would fold
 * into a space (the set libyaml's emitter writes unescaped).
 */
static bool yaml_printable(gunichar c)
{
	if (c < 0x80)
		return c >= 0x20 && c < 0x7f;
	if (c == 0x2028 || c == 0x2029 || c == 0xfeff)
		return false;
	return (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000;
}

/*
 * A YAML double-quoted scalar of @s: a byte that starts no valid UTF-8
 * sequence becomes U+FFFD (as in the JUnit file), a control character or
 * a line break an escape, so a TAP reader's YAML parser takes every block.
 */
static void yaml_string(GString *out, const char *s)
{
	g_autofree char *valid = g_utf8_make_valid(s, -1);

	g_string_append_c(out, '"');
	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		char esc = yaml_short_escape(c);

		if (esc)
			g_string_append_printf(out, "\\%c", esc);
		else if (yaml_printable(c))
			g_string_append_unichar(out, c);
		else if (c < 0x100)
			g_string_append_printf(out, "\\x%02X", c);
		else
			g_string_append_printf(out, "\\u%04X", c);
	}
	g_string_append_c(out, '"');
}

/*
 * A TAP description: '#' starts a directive, so it is escaped; a control
 * character (a line break would end the test line) is a space, and the
 * text valid UTF-8.
 */
static void tap_description(GString *out, const char *s)
{
	g_autofree char *valid = g_utf8_make_valid(s, -1);

	for (const char *p = valid; *p; p++) {
		if (*p == '#' || *p == '\\')
			g_string_append_c(out, '\\');
		g_string_append_c(out, g_ascii_iscntrl(*p) ? ' ' : *p);
	}
}

void ci_tap(const struct world *w, const struct runs *r, const char *problem, GString *out)
{
	guint n = w->expects->len + (problem != NULL);

	g_string_append_printf(out, "TAP version 13\n1..%u\n", n);
	for (guint i = 0; i < w->expects->len; i++) {
		const struct expectation *e = g_ptr_array_index(w->expects, i);
		g_autoptr(GString) msg = g_string_new(NULL);

		g_string_append_printf(out, "%s %u - ", e->pass ? "ok" : "not ok", i + 1);
		tap_description(out, e->text);
		g_string_append(out, "\n  ---\n  file: ");
		yaml_string(out, w->file);
		g_string_append_printf(out, "\n  line: %d\n  actual: ", e->line);
		if (isnan(e->actual))
			g_string_append(out, "null");
		else if (isinf(e->actual))
			g_string_append(out, "\"never\"");	/* an outage with no end */
		else if (e->actual == floor(e->actual) && fabs(e->actual) < 1e15)
			g_string_append_printf(out, "%.0f", e->actual);
		else
			g_string_append_printf(out, "%.17g", e->actual);
		if (e->unit && *e->unit) {
			g_string_append(out, "\n  unit: ");
			yaml_string(out, e->unit);
		}
		if (e->culprit) {
			g_string_append(out, "\n  metric: ");
			yaml_string(out, e->culprit);
		}
		verdict(e, r, i, msg);
		g_string_append(out, "\n  message: ");
		yaml_string(out, msg->str);
		g_string_append(out, "\n  ...\n");
	}
	if (problem) {
		g_string_append_printf(out, "not ok %u - the run completes\n  ---\n  message: ", n);
		yaml_string(out, problem);
		g_string_append(out, "\n  ...\n");
	}
}

gboolean ci_publish(struct output *o, const struct ci_options *ci, const struct world *w,
		    const struct runs *r, GString *text, GError **error)
{
	g_autofree char *problem = NULL;

	if (!ci->junit && !ci->tap)
		return TRUE;
	problem = ci_run_problem(w, r);
	if (ci->junit) {
		g_autoptr(GString) x = g_string_new(NULL);

		ci_junit(w, r, problem, (double)clock() / CLOCKS_PER_SEC, x);
		if (strcmp(ci->junit, "-") == 0) {
			g_string_assign(text, x->str);
		} else if (!output_add_named(o, "--junit", ci->junit, x->str, x->len, error)) {
			return FALSE;
		}
	}
	if (ci->tap) {
		g_string_truncate(text, 0);
		ci_tap(w, r, problem, text);
	}
	return TRUE;
}
