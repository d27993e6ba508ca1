/*
 * test_option_hint.c - "did you mean" for a mistyped flag.
 */
#include <criterion/criterion.h>

#include "option_hint.h"

static const GOptionEntry entries[] = {
	{ "duration", 'd', 0, G_OPTION_ARG_STRING, NULL, "", "T" },
	{ "pcap", 'p', 0, G_OPTION_ARG_NONE, NULL, "", NULL },
	{ "pcap-links", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, "", "LIST" },
	{ "json", 'j', 0, G_OPTION_ARG_FILENAME, NULL, "", "FILE" },
	{ "json-line", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL, "", "FILE" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL },
};

static char *hint_for(GOptionError code, const char *message)
{
	GError *e = g_error_new_literal(G_OPTION_ERROR, code, message);
	char *h = option_hint(entries, e);

	g_error_free(e);
	return h;
}

Test(option_hint, the_nearest_long_option)
{
	char *h = hint_for(G_OPTION_ERROR_UNKNOWN_OPTION, "Unknown option --pcap-link");

	cr_assert_str_eq(h, " (did you mean '--pcap-links'?)");
	g_free(h);
	h = hint_for(G_OPTION_ERROR_UNKNOWN_OPTION, "Unknown option --durration=1s");
	cr_assert_str_eq(h, " (did you mean '--duration'?)");
	g_free(h);
}

Test(option_hint, nothing_when_far_hidden_or_another_error)
{
	char *h = hint_for(G_OPTION_ERROR_UNKNOWN_OPTION, "Unknown option --zzzzzzzz");

	cr_assert_str_eq(h, "");
	g_free(h);
	/* json-line is hidden: the visible json is nearer than nothing */
	h = hint_for(G_OPTION_ERROR_UNKNOWN_OPTION, "Unknown option --json-lines");
	cr_assert_str_eq(h, " (did you mean '--json'?)");
	g_free(h);
	h = hint_for(G_OPTION_ERROR_BAD_VALUE, "Cannot parse integer value 'x' for --runs");
	cr_assert_str_eq(h, "");
	g_free(h);
	cr_assert_str_eq(option_hint(entries, NULL), "");
}
