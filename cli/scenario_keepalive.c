/*
 * scenario_keepalive.c - [faults] "TIME keepalive DOMAIN down|up [from
 * SWITCH]": an MLAG domain's peer keepalive path (the management network)
 * lost or back, both ways or one switch's keepalives only
 * (sw_mlag_keepalive(), sw_mlag_keepalive_from()).
 */
#include <string.h>
#include "loader.h"

/* The MLAG domain's peer keepalive (the management network) lost or back. */
static void run_keepalive(void *arg, struct fault *f)
{
	if (f->sw)
		sw_mlag_keepalive_from(arg, f->sw, f->value != 0);
	else
		sw_mlag_keepalive(arg, f->value != 0);
}

/* "from SWITCH": one of @m's two switches, whose keepalives stop (or start) reaching the other. */
static struct sw *keepalive_from(struct loader *L, const struct ini_entry *e, struct sw_mlag *m,
				 GPtrArray *words, GError **error)
{
	const char *target = g_ptr_array_index(words, 2), *arg1 = g_ptr_array_index(words, 3);
	const char *from = words->len > 5 ? g_ptr_array_index(words, 5) : NULL;
	const char *both[3] = { NULL, NULL, NULL };
	struct sw *sws[2] = { NULL, NULL };
	int n = 0;

	if (strcmp(g_ptr_array_index(words, 4), "from") != 0 || !from) {
		scn_fail(error, L, e->line, "keepalive %s %s %s: one direction is written "
			 "'keepalive %s %s from SWITCH' (that switch's keepalives lost on the way "
			 "to its peer)", target, arg1, (char *)g_ptr_array_index(words, 4), target,
			 arg1);
		return NULL;
	}
	for (guint k = 0; k < L->w->switches->len && n < 2; k++) {
		struct world_switch *ws = g_ptr_array_index(L->w->switches, k);

		if (sw_mlag_domain(ws->sw) != m)
			continue;
		both[n] = ws->name;
		sws[n++] = ws->sw;
	}
	for (int i = 0; i < n; i++)
		if (strcmp(from, both[i]) == 0)
			return sws[i];
	scn_fail_choice(error, L, e->line, "keepalive sender", from, both);
	return NULL;
}

struct fault *scn_load_keepalive(struct loader *L, const struct ini_entry *e, sim_time_t at,
				 const char *text, GPtrArray *words, GError **error)
{
	static const char *const states[] = { "down", "up", NULL };
	const char *target = words->len > 2 ? g_ptr_array_index(words, 2) : "";
	const char *arg1 = words->len > 3 ? g_ptr_array_index(words, 3) : "";
	GPtrArray *names = g_ptr_array_new();
	struct sw_mlag *m = NULL;
	struct fault *f = NULL;
	struct sw *from = NULL;

	for (guint i = 0; i < L->w->switches->len; i++) {
		struct world_switch *ws = g_ptr_array_index(L->w->switches, i);
		struct sw_mlag *d = sw_mlag_domain(ws->sw);

		if (!d || g_ptr_array_find_with_equal_func(names, sw_mlag_name(d), g_str_equal, NULL))
			continue;
		g_ptr_array_add(names, (char *)sw_mlag_name(d));
		if (strcmp(sw_mlag_name(d), target) == 0)
			m = d;
	}
	g_ptr_array_add(names, NULL);
	if (names->len == 1)
		scn_fail(error, L, e->line, "keepalive %s: there is no [mlag NAME] domain in this "
			 "scenario; the keepalive is an MLAG domain's", target);
	else if (!m)
		scn_fail_choice(error, L, e->line, "MLAG domain", target,
				(const char *const *)names->pdata);
	else if (!g_strv_contains(states, arg1))
		scn_fail(error, L, e->line, "keepalive %s needs down or up: write 'keepalive %s "
			 "down'", target, target);
	else if (words->len <= 4 || (from = keepalive_from(L, e, m, words, error))) {
		f = fault_new(L->w->sim, FAULT_COMMAND, at, text);
		f->call = run_keepalive;
		f->call_arg = m;
		f->sw = from;
		f->value = strcmp(arg1, "up") == 0;
	}
	g_ptr_array_free(names, TRUE);
	return f;
}
