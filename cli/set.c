/*
 * set.c - "--set PATH=VALUE" (see set.h for the paths).
 *
 * A path is resolved against the parsed file and the loader's own key
 * tables (loader.h), then written into the struct ini: an existing key gets
 * the new value, a missing one is added at the end of its section, and an
 * "options BOND" or "lag LAG" line or a cable gets the one word replaced
 * (every "miimon=..." of the line) or added.  The entry then carries the
 * --set text as its origin (ini_add_origin), so the loader's messages about
 * it name the --set.
 */
#include <stdarg.h>
#include <string.h>
#include "set.h"
#include "loader.h"
#include "bond/bond_options.h"

/* The words of a "lag" line that are options, not ports. */
static const char *const lag_opts[] = { "mode", "hash", "mlag", "suspend_individual", NULL };

/* What a path was resolved to, for the message if it is refused. */
struct set_ctx {
	struct ini *ini;
	const char *text;	/* "PATH=VALUE" */
	const char *path, *value;
	char *origin;		/* "--set PATH=VALUE" */
	GError **error;
};

static gboolean set_fail(struct set_ctx *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static gboolean set_fail(struct set_ctx *c, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(c->error, BONDSIM_ERROR, BONDSIM_ERROR_NOT_FOUND, "%s: %s", c->origin, msg);
	g_free(msg);
	return FALSE;
}

/*
 * "no such path (did you mean 'a'?); UNDER: a, b, c" from @cands (freed),
 * the first @shown of them listed (all: -1), then @more if not NULL.
 */
static gboolean fail_path_n(struct set_ctx *c, GPtrArray *cands, const char *under, int shown,
			    const char *more)
{
	const char *near;
	GString *all = g_string_new(NULL);
	gboolean r;

	g_ptr_array_add(cands, NULL);
	near = sim_nearest(c->path, (const char *const *)cands->pdata);
	for (guint i = 0; i + 1 < cands->len && (shown < 0 || i < (guint)shown); i++)
		g_string_append_printf(all, "%s%s", i ? ", " : "",
				       (char *)g_ptr_array_index(cands, i));
	if (more)
		g_string_append_printf(all, "%s%s", all->len ? ", " : "", more);
	if (near)
		r = set_fail(c, "no such path '%s' (did you mean '%s'?); %s: %s", c->path, near,
			     under, all->str);
	else
		r = set_fail(c, "no such path '%s'; %s: %s", c->path, under, all->str);
	g_string_free(all, TRUE);
	g_ptr_array_free(cands, TRUE);
	return r;
}

static gboolean fail_path(struct set_ctx *c, GPtrArray *cands, const char *under)
{
	return fail_path_n(c, cands, under, -1, NULL);
}

/* "verb" when @pattern is "verb <arg>", else NULL (@buf holds it). */
static const char *pattern_verb(const char *pattern, char *buf, size_t size)
{
	const char *sp = strstr(pattern, " <");

	if (!sp || (size_t)(sp - pattern) >= size)
		return NULL;
	memcpy(buf, pattern, sp - pattern);
	buf[sp - pattern] = 0;
	return buf;
}

static bool is_plain_key(const char *const *keys, const char *key)
{
	for (const char *const *k = keys; *k; k++)
		if (!strchr(*k, '<') && strcmp(*k, key) == 0)
			return true;
	return false;
}

static bool is_verb(const char *const *keys, const char *verb)
{
	char buf[64];

	for (const char *const *k = keys; *k; k++) {
		const char *v = pattern_verb(*k, buf, sizeof(buf));

		if (v && strcmp(v, verb) == 0)
			return true;
	}
	return false;
}

/* @prefix + each plain key of @keys (@arg NULL), or @prefix + @arg + "." + each verb. */
static void add_key_paths(GPtrArray *cands, const char *prefix, const char *const *keys,
			  const char *arg)
{
	char buf[64];

	for (const char *const *k = keys; *k; k++) {
		const char *v = pattern_verb(*k, buf, sizeof(buf));

		const char *ph = v ? strchr(*k, '<') : NULL;
		/* a file name or a route is not what the user wrote before the verb
		 * (a device, a LAG, ports): "server.bond0.route" is no route */
		bool dev = ph && !g_str_has_prefix(ph, "<NAME") && !g_str_has_prefix(ph, "<net/");

		if (!v && !strchr(*k, '<') && !arg)
			g_ptr_array_add(cands, g_strconcat(prefix, *k, NULL));
		else if (v && arg)
			g_ptr_array_add(cands, g_strdup_printf("%s%s.%s", prefix, dev ? arg : ph, v));
	}
}

static struct ini_section *find_section(struct ini *ini, const char *kind, const char *name)
{
	for (guint i = 0; i < ini->sections->len; i++) {
		struct ini_section *s = g_ptr_array_index(ini->sections, i);

		if (strcmp(s->kind, kind) == 0 && (!name || strcmp(s->name, name) == 0))
			return s;
	}
	return NULL;
}

/* The entry "KEY" (key given as written, verb and argument apart by blanks). */
static struct ini_entry *find_key(struct ini_section *s, const char *verb, const char *arg)
{
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);
		const char *a;

		if (!e->key)
			continue;
		if (!arg && strcmp(e->key, verb) == 0)
			return e;
		if (arg && scn_key_is(e->key, verb, &a) && strcmp(a, arg) == 0)
			return e;
	}
	return NULL;
}

/* The entry now comes from the command line (from several --set, if so). */
static void mark(struct set_ctx *c, struct ini_entry *e)
{
	const char *was = ini_origin(c->ini, e->line);

	if (was) {
		char *both = g_strdup_printf("%s %s", was, c->origin);

		e->line = ini_add_origin(c->ini, both);
		g_free(both);
	} else {
		e->line = ini_add_origin(c->ini, c->origin);
	}
}

/* @key is taken */
static struct ini_entry *add_entry(struct set_ctx *c, struct ini_section *s, char *key,
				   const char *value)
{
	struct ini_entry *e = ini_add_entry(s, key, value, ini_add_origin(c->ini, c->origin));

	g_free(key);
	return e;
}

/* KEY = VALUE in @s: replaced, or added. */
static gboolean set_key(struct set_ctx *c, struct ini_section *s, const char *verb,
			const char *arg)
{
	struct ini_entry *e = find_key(s, verb, arg);

	if (!e) {
		add_entry(c, s, arg ? g_strdup_printf("%s %s", verb, arg) : g_strdup(verb), c->value);
		return TRUE;
	}
	g_free(e->value);
	e->value = g_strdup(c->value);
	mark(c, e);
	return TRUE;
}

/* "--set sw1.Po1.lag=": no such line (nothing to remove is no error). */
static void remove_key(struct set_ctx *c, struct ini_section *s, const char *verb,
		       const char *arg)
{
	struct ini_entry *e;

	while ((e = find_key(s, verb, arg)))
		g_ptr_array_remove(s->entries, e);
}

typedef bool (*word_match_fn)(const char *word_key, const char *name);

static bool same_name(const char *word_key, const char *name)
{
	return strcmp(word_key, name) == 0;
}

static bool same_bond_opt(const char *word_key, const char *name)
{
	return bond_opt_lookup(word_key) && bond_opt_lookup(word_key) == bond_opt_lookup(name);
}

/*
 * In @e's value, every word "NAME=..." becomes "NAME=VALUE"; with none, the
 * word is added at the end.  The other words stay as they are.
 */
static void set_word(struct set_ctx *c, struct ini_entry *e, const char *name, word_match_fn eq)
{
	char **words = g_strsplit_set(e->value, " \t", -1);
	GString *out = g_string_new(NULL);
	bool found = false;

	for (char **w = words; *w; w++) {
		const char *eqs = strchr(*w, '=');
		char *k;

		if (!**w)
			continue;
		if (out->len)
			g_string_append_c(out, ' ');
		k = eqs ? g_strndup(*w, eqs - *w) : NULL;
		if (k && eq(k, name)) {
			g_string_append_printf(out, "%s=%s", k, c->value);
			found = true;
		} else {
			g_string_append(out, *w);
		}
		g_free(k);
	}
	if (!found)
		g_string_append_printf(out, "%s%s=%s", out->len ? " " : "", name, c->value);
	g_strfreev(words);
	g_free(e->value);
	e->value = g_string_free(out, FALSE);
	mark(c, e);
}

/* [host NAME]: KEY, DEV.VERB, BOND.OPTION. */
static gboolean set_host(struct set_ctx *c, struct ini_section *s, const char *rest)
{
	const char *dot = strrchr(rest, '.');
	GPtrArray *cands;
	char *prefix;
	gboolean r;

	if (scn_tcp_sysctl_known(rest))
		return set_key(c, s, rest, NULL);
	if (is_plain_key(scn_host_keys, rest) || g_str_has_prefix(rest, "ifcfg-")) {
		if ((strcmp(rest, "modprobe.d") == 0 || strcmp(rest, "interfaces") == 0 ||
		     g_str_has_prefix(rest, "ifcfg-")) && c->value[0] != '@')
			return set_fail(c, "a configuration file is set from a file: --set %s=@FILE (beside the scenario)",
					c->path);
		return set_key(c, s, rest, NULL);
	}
	if (dot && dot != rest && dot[1]) {
		char *arg = g_strndup(rest, dot - rest);
		const char *verb = dot + 1;
		bool done = true;

		r = TRUE;
		if ((strcmp(verb, "networkd") == 0 || strcmp(verb, "nm") == 0) &&
		    c->value[0] != '@') {
			r = set_fail(c, "a configuration file is set from a file: --set %s=@FILE (beside the scenario)",
				     c->path);
		} else if (is_verb(scn_host_keys, verb)) {
			r = set_key(c, s, verb, arg);
		} else if (bond_opt_lookup(verb) && !strchr(arg, '.')) {
			struct ini_entry *e = find_key(s, "options", arg);
			char *k;

			if (!e) {
				k = g_strdup_printf("options %s", arg);
				e = ini_add_entry(s, k, "", 0);	/* set_word() marks it */
				g_free(k);
			}
			set_word(c, e, bond_opt_lookup(verb)->name, same_bond_opt);
		} else {
			done = false;
		}
		g_free(arg);
		if (done)
			return r;
	}
	/* what this host's section can take */
	cands = g_ptr_array_new_with_free_func(g_free);
	prefix = g_strdup_printf("%s.", s->name);
	add_key_paths(cands, prefix, scn_host_keys, NULL);
	for (const char *const *t = scn_tcp_key_names(); *t; t++)
		g_ptr_array_add(cands, g_strdup_printf("%s%s", prefix, *t));
	{
		char *arg = dot && dot != rest ? g_strndup(rest, dot - rest) : g_strdup("DEV");
		char *more = g_strdup_printf("%s%s.OPTION (a bonding option: bondsim options)",
					     prefix, arg);
		int shown;

		add_key_paths(cands, prefix, scn_host_keys, arg);
		shown = (int)cands->len;
		for (int i = 0; i < BOND_OPT_COUNT; i++)
			g_ptr_array_add(cands, g_strdup_printf("%s%s.%s", prefix, arg,
							       bond_opt_get((enum bond_opt_id)i)->name));
		g_free(prefix);
		g_free(arg);
		r = fail_path_n(c, cands, "a host's paths", shown, more);
		g_free(more);
		return r;
	}
}

/* [switch NAME]: KEY, PORTS.VERB, LAG.OPTION. */
static gboolean set_switch(struct set_ctx *c, struct ini_section *s, const char *rest)
{
	const char *dot = strrchr(rest, '.');
	GPtrArray *cands;
	char *prefix;

	if (is_plain_key(scn_switch_keys, rest))
		return set_key(c, s, rest, NULL);
	if (dot && dot != rest && dot[1]) {
		char *arg = g_strndup(rest, dot - rest);
		const char *verb = dot + 1;
		struct ini_entry *lag = find_key(s, "lag", arg);
		bool done = true;

		if (is_verb(scn_switch_keys, verb) && !*c->value)
			remove_key(c, s, verb, arg);
		else if (is_verb(scn_switch_keys, verb))
			set_key(c, s, verb, arg);
		else if (lag && g_strv_contains(lag_opts, verb))
			set_word(c, lag, verb, same_name);
		else
			done = false;
		g_free(arg);
		if (done)
			return TRUE;
	}
	cands = g_ptr_array_new_with_free_func(g_free);
	prefix = g_strdup_printf("%s.", s->name);
	add_key_paths(cands, prefix, scn_switch_keys, NULL);
	for (guint i = 0; i < s->entries->len; i++) {
		const struct ini_entry *e = g_ptr_array_index(s->entries, i);
		const char *a;

		if (e->key && scn_key_is(e->key, "lag", &a))
			for (const char *const *o = lag_opts; *o; o++)
				g_ptr_array_add(cands, g_strdup_printf("%s%s.%s", prefix, a, *o));
	}
	if (dot && dot != rest) {
		char *arg = g_strndup(rest, dot - rest);

		add_key_paths(cands, prefix, scn_switch_keys, arg);
		g_free(arg);
	} else {
		add_key_paths(cands, prefix, scn_switch_keys, "PORTS");
	}
	g_free(prefix);
	return fail_path(c, cands, "a switch's paths");
}

/* The first word of a [links] value that is no option: the far end. */
static char *far_end(const char *value)
{
	char **words = g_strsplit_set(value, " \t", -1);
	char *r = NULL;

	for (char **w = words; *w && !r; w++)
		if (**w && !strchr(*w, '='))
			r = g_strdup(*w);
	g_strfreev(words);
	return r;
}

/* The [links] entry of the cable plugged in at @end, either way round. */
static struct ini_entry *find_cable(struct ini *ini, const char *end)
{
	for (guint i = 0; i < ini->sections->len; i++) {
		struct ini_section *s = g_ptr_array_index(ini->sections, i);

		if (strcmp(s->kind, "links") != 0)
			continue;
		for (guint k = 0; k < s->entries->len; k++) {
			struct ini_entry *e = g_ptr_array_index(s->entries, k);
			char *far;
			bool hit;

			if (!e->key)
				continue;
			far = far_end(e->value);
			hit = strcmp(e->key, end) == 0 || (far && strcmp(far, end) == 0);
			g_free(far);
			if (hit)
				return e;
		}
	}
	return NULL;
}

/* [links]: END (the other end) or END.OPTION. */
static gboolean set_links(struct set_ctx *c, const char *rest)
{
	struct ini_entry *e = find_cable(c->ini, rest);
	const char *dot = strrchr(rest, '.');
	struct ini_section *s;
	GPtrArray *cands;

	if (e) {
		/* the cable at END now goes to VALUE; its options stay */
		char **words = g_strsplit_set(e->value, " \t", -1);
		GString *v = g_string_new(c->value);

		for (char **w = words; *w; w++)
			if (strchr(*w, '='))
				g_string_append_printf(v, " %s", *w);
		g_strfreev(words);
		g_free(e->key);
		e->key = g_strdup(rest);
		g_free(e->value);
		e->value = g_string_free(v, FALSE);
		mark(c, e);
		return TRUE;
	}
	if (dot && g_strv_contains(scn_link_opts, dot + 1)) {
		char *end = g_strndup(rest, dot - rest);

		e = find_cable(c->ini, end);
		if (e)
			set_word(c, e, dot + 1, same_name);
		g_free(end);
		if (e)
			return TRUE;
	} else if (dot && strchr(rest, '.') == dot) {
		/* a new cable: HOST.NIC = SWITCH.PORT */
		s = find_section(c->ini, "links", NULL);
		if (!s)
			s = ini_add_section(c->ini, "links", "", ini_add_origin(c->ini, c->origin));
		add_entry(c, s, g_strdup(rest), c->value);
		return TRUE;
	}
	cands = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < c->ini->sections->len; i++) {
		s = g_ptr_array_index(c->ini->sections, i);
		if (strcmp(s->kind, "links") != 0)
			continue;
		for (guint k = 0; k < s->entries->len; k++) {
			e = g_ptr_array_index(s->entries, k);
			if (!e->key)
				continue;
			g_ptr_array_add(cands, g_strdup_printf("links.%s", e->key));
			for (const char *const *o = scn_link_opts; *o; o++)
				g_ptr_array_add(cands, g_strdup_printf("links.%s.%s", e->key, *o));
		}
	}
	return fail_path(c, cands, "the cables' paths");
}

/* [flow NAME] and [mlag NAME]: KIND.NAME.KEY. */
static gboolean set_named(struct set_ctx *c, const char *kind, const char *rest,
			  const char *const *keys)
{
	const char *dot = strchr(rest, '.');
	char *name = dot ? g_strndup(rest, dot - rest) : g_strdup(rest);
	struct ini_section *s = find_section(c->ini, kind, name);
	GPtrArray *cands = g_ptr_array_new_with_free_func(g_free);

	if (s && dot && is_plain_key(keys, dot + 1)) {
		g_free(name);
		g_ptr_array_free(cands, TRUE);
		return set_key(c, s, dot + 1, NULL);
	}
	for (guint i = 0; i < c->ini->sections->len; i++) {
		const struct ini_section *o = g_ptr_array_index(c->ini->sections, i);

		if (strcmp(o->kind, kind) == 0 && (!s || o == s)) {
			char *p = g_strdup_printf("%s.%s.", kind, o->name);

			add_key_paths(cands, p, keys, NULL);
			g_free(p);
		}
	}
	g_free(name);
	if (!cands->len) {
		g_ptr_array_free(cands, TRUE);
		return set_fail(c, "no such path '%s': the scenario has no [%s] section", c->path,
				kind);
	}
	if (!s) {
		GString *names = g_string_new(NULL);
		gboolean r;

		for (guint i = 0; i < c->ini->sections->len; i++) {
			const struct ini_section *o = g_ptr_array_index(c->ini->sections, i);

			if (strcmp(o->kind, kind) == 0)
				g_string_append_printf(names, "%s%s.%s.KEY", names->len ? ", " : "",
						       kind, o->name);
		}
		r = fail_path_n(c, cands, "valid", 0, names->str);
		g_string_free(names, TRUE);
		return r;
	}
	return fail_path(c, cands, "valid");
}

static gboolean set_one(struct ini *ini, const char *text, GError **error)
{
	struct set_ctx c = { .ini = ini, .text = text, .error = error };
	const char *eq = strchr(text, '=');
	char *path = eq ? g_strndup(text, eq - text) : NULL;
	const char *dot = path ? strchr(path, '.') : NULL;
	struct ini_section *s;
	char *first;
	gboolean r;

	c.origin = g_strdup_printf("--set %s", text);
	if (!set_check_syntax(text, error)) {
		g_free(path);
		g_free(c.origin);
		return FALSE;
	}
	c.path = path;
	c.value = eq + 1;
	first = g_strndup(path, dot - path);
	if (strcmp(first, "sim") == 0) {
		s = find_section(ini, "sim", NULL);
		if (!s)
			s = ini_add_section(ini, "sim", "", ini_add_origin(ini, c.origin));
		if (is_plain_key(scn_sim_keys, dot + 1)) {
			r = set_key(&c, s, dot + 1, NULL);
		} else {
			GPtrArray *cands = g_ptr_array_new_with_free_func(g_free);

			add_key_paths(cands, "sim.", scn_sim_keys, NULL);
			r = fail_path(&c, cands, "valid");
		}
	} else if (strcmp(first, "links") == 0) {
		r = set_links(&c, dot + 1);
	} else if (strcmp(first, "flow") == 0) {
		r = set_named(&c, "flow", dot + 1, scn_flow_keys);
	} else if (strcmp(first, "mlag") == 0) {
		r = set_named(&c, "mlag", dot + 1, scn_mlag_keys);
	} else if ((s = find_section(ini, "host", first))) {
		r = set_host(&c, s, dot + 1);
	} else if ((s = find_section(ini, "switch", first))) {
		r = set_switch(&c, s, dot + 1);
	} else {
		GPtrArray *names = g_ptr_array_new();
		GString *all = g_string_new("sim, links, flow, mlag");
		const char *near;

		for (guint i = 0; i < ini->sections->len; i++) {
			s = g_ptr_array_index(ini->sections, i);
			if (strcmp(s->kind, "host") == 0 || strcmp(s->kind, "switch") == 0) {
				g_ptr_array_add(names, s->name);
				g_string_append_printf(all, ", %s", s->name);
			}
		}
		g_ptr_array_add(names, NULL);
		near = sim_nearest(first, (const char *const *)names->pdata);
		if (near)
			r = set_fail(&c, "no host or switch '%s' (did you mean '%s'?); a path starts with one of: %s",
				     first, near, all->str);
		else
			r = set_fail(&c, "no host or switch '%s'; a path starts with one of: %s", first,
				     all->str);
		g_ptr_array_free(names, TRUE);
		g_string_free(all, TRUE);
	}
	g_free(first);
	g_free(path);
	g_free(c.origin);
	return r;
}

gboolean set_check_syntax(const char *text, GError **error)
{
	const char *eq = strchr(text, '=');
	const char *dot = strchr(text, '.');

	if (!eq || eq == text || !dot || dot > eq || dot == text || dot + 1 == eq ||
	    eq[-1] == '.' || strpbrk(text, "\n\r")) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
			    "--set '%s': write PATH=VALUE, the path with dots, e.g. --set server.bond0.miimon=50 or --set sim.duration=5s",
			    text);
		return FALSE;
	}
	return TRUE;
}

gboolean set_apply(struct ini *ini, char *const *sets, GError **error)
{
	for (char *const *s = sets; s && *s; s++)
		if (!set_one(ini, *s, error))
			return FALSE;
	return TRUE;
}

char **set_bond_paths(const struct ini *ini)
{
	GPtrArray *out = g_ptr_array_new();

	for (guint i = 0; i < ini->sections->len; i++) {
		const struct ini_section *s = g_ptr_array_index(ini->sections, i);

		if (strcmp(s->kind, "host") != 0)
			continue;
		for (guint k = 0; k < s->entries->len; k++) {
			const struct ini_entry *e = g_ptr_array_index(s->entries, k);
			const char *arg;

			if (e->key && scn_key_is(e->key, "bond", &arg))
				g_ptr_array_add(out, g_strdup_printf("%s.%s", s->name, arg));
		}
	}
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}
