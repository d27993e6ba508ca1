/*
 * test_option_hint.c - "did you mean" for a mistyped flag.
 */
#include <criterion/criterion.h>

#include "option_hint.h"

static const GOptionEntry entries[] = {
	{ "duration", 'd', 0, G_OPTION_ARG_STRING, NULL, "", "T" },
	{ "pcap", 'p', 0, G_OPTION_ARG_NONE, NULL, "", NULL },
	{ "pcap-links", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, "", "LIST" },
	{ "pcap-snaplen", 0, 0, G_OPTION_ARG_STRING, NULL, "", "BYTES" },
	{ "pcap-max", 0, 0, G_OPTION_ARG_STRING, NULL, "", "SIZE" },
	{ "json", 'j', 0, G_OPTION_ARG_FILENAME, NULL, "", "FILE" },
	{ "json-line", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL, "", "FILE" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL },
};

/* option_hint()'s answer to a GOptionContext error @code saying @message. */
static void want_hint(GOptionError code, const char *message, const char *want)
{
	GError *e = g_error_new_literal(G_OPTION_ERROR, code, message);
	char *h = option_hint(entries, e);

	cr_assert_str_eq(h, want, "for \"%s\"", message);
	g_free(h);
	g_error_free(e);
}

Test(option_hint, the_nearest_long_option)
{
	want_hint(G_OPTION_ERROR_UNKNOWN_OPTION, "Unknown option --pcap-link",
		  " (did you mean '--pcap-links'?)");
	want_hint(G_OPTION_ERROR_UNKNOWN_OPTION, "Unknown option --durration=1s",
		  " (did you mean '--duration'?)");
}

/* One or two edits from a longer option: not the shorter one it starts with. */
Test(option_hint, a_typo_before_a_prefix)
{
	want_hint(G_OPTION_ERROR_UNKNOWN_OPTION, "Unknown option --pcap-snaplne",
		  " (did you mean '--pcap-snaplen'?)");
	want_hint(G_OPTION_ERROR_UNKNOWN_OPTION, "Unknown option --pcap-mx",
		  " (did you mean '--pcap-max'?)");
	want_hint(G_OPTION_ERROR_UNKNOWN_OPTION, "Unknown option --pcap-lnks",
		  " (did you mean '--pcap-links'?)");
	/* a word the option starts with, as close in length as the typo: the option */
	want_hint(G_OPTION_ERROR_UNKNOWN_OPTION, "Unknown option --pcap-", " (did you mean '--pcap'?)");
}

Test(option_hint, nothing_when_far_hidden_or_another_error)
{
	want_hint(G_OPTION_ERROR_UNKNOWN_OPTION, "Unknown option --zzzzzzzz", "");
	/* json-line is hidden: the visible json is nearer than nothing */
	want_hint(G_OPTION_ERROR_UNKNOWN_OPTION, "Unknown option --json-lines",
		  " (did you mean '--json'?)");
	want_hint(G_OPTION_ERROR_BAD_VALUE, "Cannot parse integer value 'x' for --runs", "");
	{
		char *h = option_hint(entries, NULL);

		cr_assert_str_eq(h, "");
		g_free(h);
	}
}
