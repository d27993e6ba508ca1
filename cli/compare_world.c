/*
 * compare_world.c - what "bondsim compare" reads of the scenario file itself:
 * each bond's slaves (those [faults] enslaves too), the switch ports they are
 * cabled to, and the switch side each bonding mode needs there (a static or
 * LACP port-channel, or none), as the --set list each mode's runs take.
 */
#include <string.h>
#include "compare.h"
#include "compare_priv.h"
#include "loader.h"
#include "set.h"

/* "Gi0/1-3" -> Gi0/1 Gi0/2 Gi0/3 into @out; other words as they are. */
static void expand_ports(const char *word, GPtrArray *out)
{
	const char *dash = strrchr(word, '-'), *p;
	long lo, hi;

	if (!(dash && dash > word && g_ascii_isdigit(dash[-1]) && g_ascii_isdigit(dash[1]))) {
		g_ptr_array_add(out, g_strdup(word));
		return;
	}
	p = dash;
	while (p > word && g_ascii_isdigit(p[-1]))
		p--;
	lo = strtol(p, NULL, 10);
	hi = strtol(dash + 1, NULL, 10);
	for (long n = lo; n <= hi && hi - lo <= 4096; n++)
		g_ptr_array_add(out, g_strdup_printf("%.*s%ld", (int)(p - word), word, n));
}

/* The ports of a lag or lacp_* value or key argument (words with no '='). */
static GPtrArray *ports_of(const char *text)
{
	char **words = g_strsplit_set(text, " \t,", -1);
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

	for (char **w = words; *w; w++)
		if (**w && !strchr(*w, '='))
			expand_ports(*w, out);
	g_strfreev(words);
	return out;
}

static bool shares_port(const GPtrArray *a, const GPtrArray *b)
{
	for (guint i = 0; i < a->len; i++)
		for (guint k = 0; k < b->len; k++)
			if (strcmp(g_ptr_array_index(a, i), g_ptr_array_index(b, k)) == 0)
				return true;
	return false;
}

static const struct ini_section *find_section(const struct ini *ini, const char *kind,
					      const char *name)
{
	for (guint i = 0; i < ini->sections->len; i++) {
		const struct ini_section *s = g_ptr_array_index(ini->sections, i);

		if (strcmp(s->kind, kind) == 0 && (!name || strcmp(s->name, name) == 0))
			return s;
	}
	return NULL;
}

/* The far end ("sw1.Gi0/1") of the cable plugged in at @end ("server.eth0"), or NULL. */
static char *cable_peer(const struct ini *ini, const char *end)
{
	for (guint i = 0; i < ini->sections->len; i++) {
		const struct ini_section *s = g_ptr_array_index(ini->sections, i);

		if (strcmp(s->kind, "links") != 0)
			continue;
		for (guint k = 0; k < s->entries->len; k++) {
			const struct ini_entry *e = g_ptr_array_index(s->entries, k);
			GPtrArray *w;
			char *far = NULL;

			if (!e->key)
				continue;
			w = ports_of(e->value);
			if (w->len)
				far = g_strdup(g_ptr_array_index(w, 0));
			g_ptr_array_free(w, TRUE);
			if (far && strcmp(e->key, end) == 0)
				return far;
			if (far && strcmp(far, end) == 0) {
				g_free(far);
				return g_strdup(e->key);
			}
			g_free(far);
		}
	}
	return NULL;
}

/*
 * The slaves of "bond BOND = ..." of [host HOST], then the NICs that a
 * "TIME enslave HOST.BOND NIC" line of [faults] puts into it ("bond bond0 ="
 * with the slaves enslaved during the run): they are cabled to the same
 * switch ports and carry the same traffic.
 */
char **compare_bond_slaves(const struct ini *ini, const char *host, const char *bond)
{
	const struct ini_section *s = find_section(ini, "host", host);
	GPtrArray *w = NULL;
	char *full = g_strdup_printf("%s.%s", host, bond);

	for (guint i = 0; s && i < s->entries->len && !w; i++) {
		const struct ini_entry *e = g_ptr_array_index(s->entries, i);
		const char *arg;

		if (e->key && scn_key_is(e->key, "bond", &arg) && strcmp(arg, bond) == 0)
			w = ports_of(e->value);
	}
	if (!w)
		w = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < ini->sections->len; i++) {
		const struct ini_section *f = g_ptr_array_index(ini->sections, i);

		if (strcmp(f->kind, "faults") != 0)
			continue;
		for (guint k = 0; k < f->entries->len; k++) {
			const struct ini_entry *e = g_ptr_array_index(f->entries, k);
			char **t;
			bool have = false;

			if (e->key)
				continue;
			t = g_strsplit_set(e->value, " \t", -1);
			{
				/* the words, empty ones (two spaces) left out */
				char **d = t;

				for (char **p = t; *p; p++)
					if (**p)
						*d++ = *p;
					else
						g_free(*p);
				*d = NULL;
			}
			if (g_strv_length(t) >= 4 && strcmp(t[1], "enslave") == 0 &&
			    strcmp(t[2], full) == 0) {
				for (guint j = 0; j < w->len && !have; j++)
					have = strcmp(g_ptr_array_index(w, j), t[3]) == 0;
				if (!have)
					g_ptr_array_add(w, g_strdup(t[3]));
			}
			g_strfreev(t);
		}
	}
	g_free(full);
	g_ptr_array_add(w, NULL);
	return (char **)g_ptr_array_free(w, FALSE);
}

/* Per switch, the ports facing @host.@bond's slaves: switch name -> GPtrArray of ports. */
static GHashTable *facing_ports(const struct ini *ini, const char *host, const char *bond,
				GPtrArray *order)
{
	GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					      (GDestroyNotify)g_ptr_array_unref);
	char **slaves = compare_bond_slaves(ini, host, bond);

	for (char **sl = slaves; *sl; sl++) {
		char *end = g_strdup_printf("%s.%s", host, *sl);
		char *far = cable_peer(ini, end);
		const char *dot = far ? strchr(far, '.') : NULL;

		if (dot) {
			char *sw = g_strndup(far, dot - far);

			if (find_section(ini, "switch", sw)) {
				GPtrArray *ports = g_hash_table_lookup(t, sw);

				if (!ports) {
					ports = g_ptr_array_new_with_free_func(g_free);
					g_hash_table_insert(t, g_strdup(sw), ports);
					g_ptr_array_add(order, g_strdup(sw));
				}
				g_ptr_array_add(ports, g_strdup(dot + 1));
			}
			g_free(sw);
		}
		g_free(far);
		g_free(end);
	}
	g_strfreev(slaves);
	return t;
}

/* A port-channel name no lag of @s has yet (Po1, Po2, ...), also none of @taken. */
static char *free_lag_name(const struct ini_section *s, GPtrArray *taken)
{
	for (int n = 1;; n++) {
		char *name = g_strdup_printf("Po%d", n);
		bool used = false;

		for (guint i = 0; i < s->entries->len && !used; i++) {
			const struct ini_entry *e = g_ptr_array_index(s->entries, i);
			const char *arg;

			used = e->key && scn_key_is(e->key, "lag", &arg) && strcmp(arg, name) == 0;
		}
		for (guint i = 0; i < taken->len && !used; i++)
			used = strcmp(g_ptr_array_index(taken, i), name) == 0;
		if (!used) {
			g_ptr_array_add(taken, g_strdup(name));
			return name;
		}
		g_free(name);
	}
}

/* What one switch needs for @mode on @ports, as --set lines into @sets. */
static void switch_side(const struct ini_section *s, const GPtrArray *ports, int mode,
			GPtrArray *sets, GPtrArray *taken, GString *needs)
{
	const char *channel = mode == 4 ? "active" : "on";
	bool wants_lag = mode == 0 || mode == 2 || mode == 3 || mode == 4;
	bool have = false;
	char *lag_name = NULL;
	GString *plist = g_string_new(NULL);

	for (guint i = 0; i < ports->len; i++)
		g_string_append_printf(plist, "%s%s", i ? " " : "", (char *)g_ptr_array_index(ports, i));
	for (guint i = 0; i < s->entries->len; i++) {
		const struct ini_entry *e = g_ptr_array_index(s->entries, i);
		const char *arg;
		GPtrArray *members;
		bool lag, lacp_key;

		if (!e->key)
			continue;
		lag = scn_key_is(e->key, "lag", &arg);
		lacp_key = !lag && (scn_key_is(e->key, "lacp_rate", &arg) ||
				    scn_key_is(e->key, "lacp_port_priority", &arg));
		if (!lag && !lacp_key)
			continue;
		members = ports_of(lag ? e->value : arg);
		if (shares_port(members, ports)) {
			if (lag && wants_lag) {
				g_ptr_array_add(sets, g_strdup_printf("%s.%s.mode=%s", s->name, arg, channel));
				if (!have)
					lag_name = g_strdup(arg);
				have = true;
			} else if (lag || mode != 4) {
				/* no port-channel, or a static one: no LACP settings on its ports */
				char *verb = g_strndup(e->key, strcspn(e->key, " \t"));

				g_ptr_array_add(sets, g_strdup_printf("%s.%s.%s=", s->name, arg, verb));
				g_free(verb);
			}
		}
		g_ptr_array_free(members, TRUE);
	}
	if (wants_lag && !have && ports->len > 1) {
		lag_name = free_lag_name(s, taken);
		g_ptr_array_add(sets, g_strdup_printf("%s.%s.lag=%s mode=%s", s->name, lag_name,
						      plist->str, channel));
	}
	if (needs->len)
		g_string_append(needs, "; ");
	if (lag_name)
		g_string_append_printf(needs, "%s port-channel (mode %s): %s %s %s",
				       mode == 4 ? "LACP" : "static", channel, s->name, lag_name,
				       plist->str);
	else
		g_string_append_printf(needs, "plain port%s: %s %s", ports->len > 1 ? "s" : "",
				       s->name, plist->str);
	g_free(lag_name);
	g_string_free(plist, TRUE);
}

char **compare_mode_sets(const struct ini *ini, int mode, GString *needs, bool *no_switch)
{
	char **bonds = set_bond_paths(ini);
	GPtrArray *sets = g_ptr_array_new();
	GPtrArray *taken = g_ptr_array_new_with_free_func(g_free);
	bool mlag = find_section(ini, "mlag", NULL) != NULL;
	GPtrArray *direct = g_ptr_array_new();	/* bonds cabled to hosts only */

	for (char **b = bonds; *b; b++) {
		const char *dot = strchr(*b, '.');
		char *host = g_strndup(*b, dot - *b);
		GPtrArray *order = g_ptr_array_new_with_free_func(g_free);
		GHashTable *facing = facing_ports(ini, host, dot + 1, order);

		g_ptr_array_add(sets, g_strdup_printf("%s.mode=%d", *b, mode));
		for (guint i = 0; i < order->len; i++) {
			const char *sw = g_ptr_array_index(order, i);

			switch_side(find_section(ini, "switch", sw), g_hash_table_lookup(facing, sw),
				    mode, sets, taken, needs);
		}
		if (order->len > 1 && !mlag && mode != 1 && mode != 5 && mode != 6)
			g_string_append_printf(needs, " (%s: slaves on %u switches and no MLAG: no one port-channel holds them all)",
					       *b, order->len);
		if (!order->len)
			g_ptr_array_add(direct, *b);
		g_hash_table_destroy(facing);
		g_ptr_array_free(order, TRUE);
		g_free(host);
	}
	if (no_switch)
		*no_switch = direct->len && direct->len == g_strv_length(bonds);
	/* One clause for all of them: a back-to-back world has a bond at each end. */
	if (direct->len) {
		if (needs->len)
			g_string_append(needs, "; ");
		if (direct->len == g_strv_length(bonds))
			g_string_append(needs, COMPARE_NO_SWITCH);
		else if (direct->len <= 2)
			g_string_append_printf(needs, "nothing for %s%s%s: cabled to hosts, not switches",
					       (char *)direct->pdata[0], direct->len == 2 ? " and " : "",
					       direct->len == 2 ? (char *)direct->pdata[1] : "");
		else
			g_string_append_printf(needs, "nothing for %u bonds: cabled to hosts, not switches",
					       direct->len);
	}
	g_ptr_array_free(direct, TRUE);
	g_strfreev(bonds);
	g_ptr_array_free(taken, TRUE);
	g_ptr_array_add(sets, NULL);
	return (char **)g_ptr_array_free(sets, FALSE);
}

char *compare_split_bond(const struct ini *ini)
{
	char **bonds = set_bond_paths(ini);
	char *split = NULL;

	if (find_section(ini, "mlag", NULL)) {
		g_strfreev(bonds);
		return NULL;
	}
	for (char **b = bonds; *b && !split; b++) {
		const char *dot = strchr(*b, '.');
		char *host = g_strndup(*b, dot - *b);
		GPtrArray *order = g_ptr_array_new_with_free_func(g_free);
		GHashTable *facing = facing_ports(ini, host, dot + 1, order);

		if (order->len > 1)
			split = g_strdup_printf("%s on %u switches, no MLAG", *b, order->len);
		g_hash_table_destroy(facing);
		g_ptr_array_free(order, TRUE);
		g_free(host);
	}
	g_strfreev(bonds);
	return split;
}

