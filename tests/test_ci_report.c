/*
 * test_ci_report.c - --tap's YAML blocks: valid UTF-8 and YAML whatever
 * bytes the scenario's file name, expectation or run problem hold; the
 * --junit file's text: XML 1.0 characters only, the others U+FFFD.
 */
#include <criterion/criterion.h>
#include <string.h>
#include <yaml.h>
#include "ci_report.h"

/* Latin-1 e acute, SOH, LF, TAB, '"', '\', DEL, NEL, LINE SEPARATOR, BOM. */
#define NASTY "caf\xe9\x01\n\t\"\\\x7f\xc2\x85\xe2\x80\xa8\xef\xbb\xbf.ini"
/* The same as a YAML double-quoted scalar: the bad byte is U+FFFD, the rest escaped. */
#define NASTY_YAML "\"caf\xef\xbf\xbd\\x01\\n\\t\\\"\\\\\\x7F\\N\\L\\uFEFF.ini\""

static struct expectation expect_one = {
	.text = "flow.f.lost == 0", .unit = "", .line = 31, .actual = 2, .pass = false,
};

/* ci_tap on a world of one expectation named @file, with @problem. */
static char *tap_of(const char *file, const char *problem)
{
	struct world w = { 0 };
	GString *out = g_string_new(NULL);

	w.file = (char *)file;
	w.expects = g_ptr_array_new();
	g_ptr_array_add(w.expects, &expect_one);
	ci_tap(&w, NULL, problem, out);
	g_ptr_array_free(w.expects, TRUE);
	return g_string_free(out, FALSE);
}

/* The YAML block that follows @test_line ("not ok 1 - ..."), unindented. */
static char *yaml_block(const char *tap, const char *test_line)
{
	const char *at = strstr(tap, test_line), *end;
	GString *y = g_string_new(NULL);

	cr_assert_not_null(at, "no '%s' in:\n%s", test_line, tap);
	at = strstr(at, "\n  ---\n");
	cr_assert_not_null(at);
	at += strlen("\n  ---\n");
	end = strstr(at, "\n  ...\n");
	cr_assert_not_null(end);
	for (const char *l = at; l < end;) {
		const char *nl = strchr(l, '\n');

		cr_assert(g_str_has_prefix(l, "  "), "a block line is not indented: %s", l);
		nl = nl && nl < end ? nl : end;
		g_string_append_len(y, l + 2, nl - l - 2);
		g_string_append_c(y, '\n');
		l = nl + 1;
	}
	return g_string_free(y, FALSE);
}

/* The value of the top-level @key in the YAML mapping @text, as libyaml reads it. */
static char *yaml_value(const char *text, const char *key)
{
	yaml_parser_t p;
	yaml_document_t doc;
	yaml_node_t *root;
	char *found = NULL;

	cr_assert(yaml_parser_initialize(&p));
	yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
	cr_assert(yaml_parser_load(&p, &doc), "libyaml refuses the block (%s):\n%s",
		  p.problem ? p.problem : "?", text);
	root = yaml_document_get_root_node(&doc);
	cr_assert(root && root->type == YAML_MAPPING_NODE);
	for (yaml_node_pair_t *kv = root->data.mapping.pairs.start;
	     kv < root->data.mapping.pairs.top; kv++) {
		yaml_node_t *k = yaml_document_get_node(&doc, kv->key);
		yaml_node_t *v = yaml_document_get_node(&doc, kv->value);

		if (strcmp((char *)k->data.scalar.value, key) == 0)
			found = g_strndup((char *)v->data.scalar.value, v->data.scalar.length);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&p);
	cr_assert_not_null(found, "no '%s' in:\n%s", key, text);
	return found;
}

/* A file name in Latin-1 with control characters: every byte the scenario had, read back. */
Test(ci_tap, yaml_is_valid_utf8_and_reads_back)
{
	g_autofree char *tap = tap_of(NASTY, NULL);
	g_autofree char *block = yaml_block(tap, "not ok 1 - flow.f.lost == 0\n");
	g_autofree char *file = yaml_value(block, "file");
	g_autofree char *want = g_utf8_make_valid(NASTY, -1);

	cr_assert(g_utf8_validate(tap, -1, NULL), "not UTF-8:\n%s", tap);
	cr_assert(strstr(block, "file: " NASTY_YAML "\n"), "%s", block);
	cr_assert_str_eq(file, want);
	cr_assert_str_eq(file, "caf\xef\xbf\xbd\x01\n\t\"\\\x7f\xc2\x85\xe2\x80\xa8\xef\xbb\xbf.ini");
}

/* The run problem (a switch's name, a storm's text) goes through the same escape. */
Test(ci_tap, problem_message_is_escaped)
{
	g_autofree char *tap = tap_of("t.ini", "sw\xff\x1b[31m stopped\r\n");
	g_autofree char *block = yaml_block(tap, "not ok 2 - the run completes\n");
	g_autofree char *msg = yaml_value(block, "message");

	cr_assert(g_utf8_validate(tap, -1, NULL));
	cr_assert_str_eq(block, "message: \"sw\xef\xbf\xbd\\e[31m stopped\\r\\n\"\n");
	cr_assert_str_eq(msg, "sw\xef\xbf\xbd\x1b[31m stopped\r\n");
}

/* Plain text stays as it was: what tests/golden/ci.tap holds. */
Test(ci_tap, plain_text_unchanged)
{
	g_autofree char *tap = tap_of("tests/golden/ci.ini", NULL);

	cr_assert_str_eq(tap, "TAP version 13\n1..1\nnot ok 1 - flow.f.lost == 0\n  ---\n"
			 "  file: \"tests/golden/ci.ini\"\n  line: 31\n  actual: 2\n"
			 "  message: \"actual 2\"\n  ...\n");
}

/* A description that is not UTF-8 or holds a line break still makes one TAP line. */
Test(ci_tap, description_is_one_utf8_line)
{
	struct expectation e = expect_one;
	struct world w = { 0 };
	g_autoptr(GString) out = g_string_new(NULL);

	e.text = "a\xe9\nb#c\x01" "d";
	w.file = "t.ini";
	w.expects = g_ptr_array_new();
	g_ptr_array_add(w.expects, &e);
	ci_tap(&w, NULL, NULL, out);
	g_ptr_array_free(w.expects, TRUE);
	cr_assert(g_utf8_validate(out->str, -1, NULL));
	cr_assert(strstr(out->str, "\nnot ok 1 - a\xef\xbf\xbd b\\#c d\n  ---\n"), "%s", out->str);
}

/* ci_junit on a world of @e named @file, with @problem; the time left at 0. */
static char *junit_of(const char *file, const struct expectation *e, const char *problem)
{
	struct world w = { 0 };
	GString *out = g_string_new(NULL);

	w.file = (char *)file;
	w.expects = g_ptr_array_new();
	g_ptr_array_add(w.expects, (void *)e);
	ci_junit(&w, NULL, problem, 0, out);
	g_ptr_array_free(w.expects, TRUE);
	return g_string_free(out, FALSE);
}

/* Whether every character of @xml is one XML 1.0's Char production allows. */
static bool xml10_chars_only(const char *xml)
{
	for (const char *p = xml; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (c < 0x20 ? c != '\t' && c != '\n' && c != '\r' :
		    (c >= 0xd800 && c <= 0xdfff) || c == 0xfffe || c == 0xffff)
			return false;
	}
	return true;
}

#define FFFD "\xef\xbf\xbd"

/* SOH and ESC in an expectation's name and message: U+FFFD, never "&#x1;" (XML 1.1 only). */
Test(ci_junit, control_chars_in_a_name_are_fffd)
{
	struct expectation e = expect_one;
	g_autofree char *x = NULL;

	e.text = "a\x01" "b\x1b[31m < 2";
	e.unit = "frames\x02";
	x = junit_of("t.ini", &e, NULL);
	cr_assert(g_utf8_validate(x, -1, NULL));
	cr_assert(xml10_chars_only(x), "%s", x);
	cr_assert_null(strstr(x, "&#x"), "%s", x);
	cr_assert(strstr(x, "    <testcase name=\"a" FFFD "b" FFFD "[31m &lt; 2\" "
			 "classname=\"bondsim.t\" time=\"0\">\n"
			 "      <failure message=\"actual 2 frames" FFFD "\" type=\"expectation\">"
			 "t.ini:31: actual 2 frames" FFFD "; want a" FFFD "b" FFFD "[31m &lt; 2"
			 "</failure>\n"), "%s", x);
}

/*
 * The file name (suite name and each failure's text) and the run problem:
 * bad UTF-8, C0 controls, DEL, U+FFFE and U+FFFF.  Tab, LF and CR stay:
 * as they are in text, as references in an attribute (a parser would read
 * them back as spaces there).  DEL and the C1 controls are XML 1.0
 * characters (written as references).
 */
Test(ci_junit, file_name_and_problem_are_xml10)
{
	g_autofree char *x = junit_of("caf\xe9\x01\t\x7f\xef\xbf\xbe\xef\xbf\xbf.ini", &expect_one,
				      "sw\x0b\x1b stopped\r\n");

	cr_assert(g_utf8_validate(x, -1, NULL));
	cr_assert(xml10_chars_only(x), "%s", x);
	cr_assert(strstr(x, "  <testsuite name=\"caf" FFFD FFFD "&#9;&#x7f;" FFFD FFFD ".ini\" "),
		  "%s", x);
	cr_assert(strstr(x, ">caf" FFFD FFFD "\t&#x7f;" FFFD FFFD ".ini:31: actual 2; want "),
		  "%s", x);
	cr_assert(strstr(x, "<error message=\"sw" FFFD FFFD " stopped&#13;&#10;\" type=\"run\"/>"),
		  "%s", x);
}

/* Plain text stays as it was, byte for byte. */
Test(ci_junit, plain_text_unchanged)
{
	g_autofree char *x = junit_of("tests/golden/ci.ini", &expect_one, NULL);

	cr_assert_str_eq(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			 "<testsuites name=\"bondsim\" tests=\"1\" failures=\"1\" errors=\"0\" time=\"0.000\">\n"
			 "  <testsuite name=\"tests/golden/ci.ini\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"0.000\">\n"
			 "    <properties>\n"
			 "      <property name=\"seed\" value=\"0\"/>\n"
			 "      <property name=\"runs\" value=\"1\"/>\n"
			 "    </properties>\n"
			 "    <testcase name=\"flow.f.lost == 0\" classname=\"bondsim.ci\" time=\"0\">\n"
			 "      <failure message=\"actual 2\" type=\"expectation\">tests/golden/ci.ini:31: actual 2; want flow.f.lost == 0</failure>\n"
			 "    </testcase>\n"
			 "  </testsuite>\n"
			 "</testsuites>\n");
}
