/*
 * option_hint.c - "did you mean" for a mistyped command-line flag.
 *
 * GOption says only "Unknown option --pcap-link"; the nearest long option
 * turns a trip to --help into a retype.  A typo of one or two edits comes
 * first (--pcap-snaplne is a --pcap-snaplen, though it starts with --pcap),
 * unless an option the word starts with, or that starts with the word, is
 * as close in length; then that option (--json-lines is a --json, not a
 * --pcap-links, though both are 5 edits away), the closest in length; else
 * sim_nearest() (an edit distance of at most half the word).  Hidden
 * options are for bondsim's own use (sweep, compare) and are never
 * suggested.
 */
#include <stdint.h>
#include <string.h>

#include "option_hint.h"
#include "sim.h"

/*
 * The name @word starts with, or that starts with @word, closest in length;
 * *@gap is the difference in length.
 */
static const char *prefix_kin(const char *word, const GPtrArray *names, size_t *gap_out)
{
	size_t wl = strlen(word), best_gap = SIZE_MAX;
	const char *best = NULL;

	for (guint i = 0; i + 1 < names->len; i++) {
		const char *n = g_ptr_array_index(names, i);
		size_t nl = strlen(n), gap = nl > wl ? nl - wl : wl - nl;

		if ((g_str_has_prefix(word, n) || g_str_has_prefix(n, word)) && gap < best_gap) {
			best_gap = gap;
			best = n;
		}
	}
	*gap_out = best_gap;
	return best;
}

char *option_hint(const GOptionEntry *entries, const GError *error)
{
	GPtrArray *names;
	const char *dash, *near, *kin, *typo;
	char *word, *hint;
	size_t gap;
	guint d;

	if (!error || !g_error_matches(error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION))
		return g_strdup("");
	dash = strstr(error->message, "--");
	if (!dash || !dash[2])
		return g_strdup("");
	/* "--pcap-link=x" is reported whole: the name ends at '=' or a space */
	word = g_strndup(dash + 2, strcspn(dash + 2, "= "));
	names = g_ptr_array_new();
	for (const GOptionEntry *e = entries; e->long_name; e++)
		if (!(e->flags & G_OPTION_FLAG_HIDDEN))
			g_ptr_array_add(names, (gpointer)e->long_name);
	g_ptr_array_add(names, NULL);
	kin = prefix_kin(word, names, &gap);
	typo = sim_nearest(word, (const char *const *)names->pdata);
	d = typo ? sim_edit_distance(word, typo) : G_MAXUINT;
	/* a typo of one or two edits, unless the kin is as near in length */
	near = kin && (d > 2 || d >= gap) ? kin : typo;
	hint = near ? g_strdup_printf(" (did you mean '--%s'?)", near) : g_strdup("");
	g_ptr_array_free(names, TRUE);
	g_free(word);
	return hint;
}
