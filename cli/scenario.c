/*
 * scenario.c - from an INI scenario to a world.
 *
 * DOC: The loader reads every section, builds models through their public
 * constructors and refuses anything it does not understand: an unknown
 * section, key, value or reference is an error naming the file, the line,
 * the valid choices and the nearest valid name.  Nothing runs and nothing is
 * written until the whole file has been accepted.  The format is described
 * in the README ("Scenario files"); the host section mirrors the commands a
 * sysadmin types: "bond bond0 = eth0 eth1", "options bond0 = mode=0
 * miimon=200", "ip bond0 = 192.168.0.100/24".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "loader.h"
#include "graphs.h"
#include "runs.h"
#include "wire/wire.h"
#include "capture.h"
#include "set.h"
#include "heap.h"

#define DEFAULT_DURATION (10 * SIM_S)
#define DEFAULT_SAMPLE (100 * SIM_MS)

gboolean scn_fail(GError **error, struct loader *L, int line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (ini_origin(L->ini, line))	/* a --set value */
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID, "%s: %s",
			    ini_origin(L->ini, line), msg);
	else
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID, "%s:%d: %s", L->ini->file,
			    line, msg);
	g_free(msg);
	return FALSE;
}

char *scn_line_text(const struct loader *L, int line)
{
	const char *origin = ini_origin(L->ini, line);

	/* a --set value has no line in the file: its own words say where it came from */
	return origin ? g_strdup(origin) : g_strdup_printf("line %d", line);
}

void scn_warn(struct loader *L, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if ((!file || strcmp(file, L->ini->file) == 0) && ini_origin(L->ini, line))
		g_ptr_array_add(L->w->warnings, g_strdup_printf("%s: warning: %s",
								ini_origin(L->ini, line), msg));
	else
		g_ptr_array_add(L->w->warnings, g_strdup_printf("%s:%d: warning: %s",
								file ? file : L->ini->file, line,
								msg));
	g_free(msg);
}

/* Wrap an error from a parser that does not know where it is. */
gboolean scn_fail_at(GError **error, struct loader *L, int line, GError *inner)
{
	gboolean r = scn_fail(error, L, line, "%s", inner->message);

	g_error_free(inner);
	return r;
}

static char *choices_text(const char *const *choices)
{
	GString *s = g_string_new(NULL);

	for (const char *const *c = choices; *c; c++)
		g_string_append_printf(s, "%s%s", c == choices ? "" : ", ", *c);
	return g_string_free(s, FALSE);
}

gboolean scn_fail_choice(GError **error, struct loader *L, int line, const char *what,
			    const char *got, const char *const *choices)
{
	const char *near = sim_nearest(got, choices);
	char *all = choices_text(choices);
	gboolean r;

	if (near)
		r = scn_fail(error, L, line, "unknown %s '%s' (did you mean '%s'?); valid: %s", what, got,
			 near, all);
	else
		r = scn_fail(error, L, line, "unknown %s '%s'; valid: %s", what, got, all);
	g_free(all);
	return r;
}

/* Host, switch and flow names become metric names and file names
 * (logs/<host>.log): letters, digits, '_' and '-', no more than 31. */
gboolean scn_name_ok(struct loader *L, int line, const char *what, const char *name,
			GError **error)
{
	if (strlen(name) > 31)
		return scn_fail(error, L, line,
				"%s name '%s' is longer than 31 characters: use at most 31 letters, digits, '_' and '-'",
				what, name);
	for (const char *c = name; *c; c++)
		if (!g_ascii_isalnum(*c) && *c != '_' && *c != '-')
			return scn_fail(error, L, line,
				    "%s name '%s': use letters, digits, '_' and '-' only", what, name);
	return TRUE;
}

/*
 * A host's or switch's name is also the first word of its metrics
 * (server.bond0.active_slave) and of its --set paths (server.bond0.miimon),
 * so it may not be one of bondsim's own first words: a host "flow" with a
 * NIC eth0 and a TCP flow eth0 both published flow.eth0.rx_bytes (the
 * later value silently won), and "--set sim.bond0.miimon=50" could not
 * reach a host "sim".
 */
static const char *const reserved_names[] = {
	"sim", "links", "flow", "ping", "mlag", "failover", "drop", NULL,
};

gboolean scn_node_name_ok(struct loader *L, int line, const char *what, const char *name,
			  GError **error)
{
	char *all;

	if (!scn_name_ok(L, line, what, name, error))
		return FALSE;
	if (!g_strv_contains(reserved_names, name))
		return TRUE;
	all = g_strjoinv(", ", (char **)reserved_names);
	scn_fail(error, L, line,
		 "%s name '%s' is taken by bondsim (its metrics and --set paths start with "
		 "'%s.'): give the %s another name; taken: %s", what, name, name, what, all);
	g_free(all);
	return FALSE;
}

/*
 * An option word of a line ("speed=1000" on a link, "hash=src-mac" on a
 * lag) whose key the line already gave: the later one silently won, as a
 * key given twice in a section would, so it is refused the same way.
 * @seen maps each key to its word so far; the caller owns it.
 */
gboolean scn_option_once(struct loader *L, int line, GHashTable *seen, const char *word,
			 GError **error)
{
	const char *eq = strchr(word, '=');
	char *key = g_strndup(word, eq ? (gsize)(eq - word) : strlen(word));
	const char *first = g_hash_table_lookup(seen, key);

	if (first) {
		scn_fail(error, L, line, "%s given twice on this line (%s, then %s): keep one",
			 key, first, word);
		g_free(key);
		return FALSE;
	}
	g_hash_table_insert(seen, key, g_strdup(word));
	return TRUE;
}

/* NIC and bond names: what the kernel accepts (IFNAMSIZ), and no '.',
 * which separates host and interface in "server.eth0". */
gboolean scn_ifname_ok(struct loader *L, int line, const char *name, GError **error)
{
	if (!bond_ifname_valid(name) || strchr(name, '.'))
		return scn_fail(error, L, line,
			    "'%s' is not an interface name (at most 15 characters, no '.', '/', ':' or spaces)",
			    name);
	return TRUE;
}

/*
 * The latest moment the file schedules something at: a fault's time or a
 * flow's start (0 when none, or when one does not parse: its own error
 * comes first).  What a --duration must reach for the file to load.
 */
sim_time_t scn_last_scheduled(const struct loader *L)
{
	sim_time_t last = 0, t;

	for (guint i = 0; i < L->ini->sections->len; i++) {
		const struct ini_section *s = g_ptr_array_index(L->ini->sections, i);

		for (guint k = 0; k < s->entries->len; k++) {
			const struct ini_entry *e = g_ptr_array_index(s->entries, k);
			const char *v = e->value + strspn(e->value, " \t");
			char *first = NULL;

			/* a fault line's first word is its time */
			if (!strcmp(s->kind, "faults") && !e->key)
				first = g_strndup(v, strcspn(v, " \t"));
			else if (!strcmp(s->kind, "flow") && e->key && !strcmp(e->key, "start"))
				first = g_strdup(e->value);
			if (first && sim_time_parse(first, &t, NULL))
				last = MAX(last, t);
			g_free(first);
		}
	}
	return last;
}

gboolean scn_parse_time(struct loader *L, const struct ini_entry *e, const char *text,
			   sim_time_t *out, GError **error)
{
	GError *inner = NULL;

	if (!sim_time_parse(text, out, &inner))
		return scn_fail_at(error, L, e->line, inner);
	return TRUE;
}

/*
 * The scenario's whole numbers: decimal, or hex after 0x.  A leading 0 is
 * not octal here: "seed = 010" means 8 to strtoul's base 0 and 10 to most
 * readers, so it is refused (WHOLE_LEADING_ZERO), as are signs and spaces.
 */
enum whole { WHOLE_OK, WHOLE_BAD, WHOLE_LEADING_ZERO };

static enum whole parse_whole(const char *text, guint64 *out)
{
	gboolean hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
	const char *digits = hex ? text + 2 : text;
	char *end;

	if (text[0] == '0' && g_ascii_isdigit(text[1]))
		return WHOLE_LEADING_ZERO;
	if (!(hex ? g_ascii_isxdigit(digits[0]) : g_ascii_isdigit(digits[0])))
		return WHOLE_BAD;
	errno = 0;
	*out = g_ascii_strtoull(digits, &end, hex ? 16 : 10);
	return *end || errno ? WHOLE_BAD : WHOLE_OK;
}

#define LEADING_ZERO_HINT "write it without the leading zero (octal is not read here; hex is, as 0x...)"

gboolean scn_parse_uint_range(struct loader *L, int line, const char *what, const char *text,
			      uint64_t min, uint64_t max, uint64_t *out, GError **error)
{
	guint64 v = 0;
	enum whole r = parse_whole(text, &v);

	if (r == WHOLE_LEADING_ZERO)
		return scn_fail(error, L, line, "%s: '%s' starts with 0: " LEADING_ZERO_HINT, what, text);
	if (r != WHOLE_OK || v < min || v > max)
		return scn_fail(error, L, line, "%s: '%s' is not a whole number from %" G_GUINT64_FORMAT
				" to %" G_GUINT64_FORMAT, what, text, (guint64)min, (guint64)max);
	*out = v;
	return TRUE;
}

/*
 * A key from @min to @max whose values below @min have a reason of their
 * own that the caller says ("txqueuelen 0: a NIC queues at least 1
 * frame"): such a value is returned as it is, and every other mistake
 * names the key's real range, not 0 to @max.
 */
gboolean scn_parse_uint_low(struct loader *L, int line, const char *what, const char *text,
			    uint64_t min, uint64_t max, uint64_t *out, GError **error)
{
	guint64 v = 0;

	if (parse_whole(text, &v) == WHOLE_OK && v < min) {
		*out = v;
		return TRUE;
	}
	return scn_parse_uint_range(L, line, what, text, min, max, out, error);
}

gboolean scn_parse_uint(struct loader *L, int line, const char *what, const char *text,
			   uint64_t max, uint64_t *out, GError **error)
{
	return scn_parse_uint_range(L, line, what, text, 0, max, out, error);
}

gboolean scn_parse_prio(struct loader *L, int line, const char *text, int *out, GError **error)
{
	char *end;
	gint64 v;

	errno = 0;
	v = g_ascii_strtoll(text, &end, 10);
	if (!*text || *end || errno || v < G_MININT32 || v > G_MAXINT32)
		return scn_fail(error, L, line, "prio: '%s' is not a whole number from %d to %d",
				text, G_MININT32, G_MAXINT32);
	*out = (int)v;
	return TRUE;
}

gboolean scn_parse_ipv4_prefix(struct loader *L, int line, const char *text, int default_prefix,
				  uint32_t *ip, int *prefix, GError **error)
{
	char addr[64];
	const char *slash = strchr(text, '/');
	struct in_addr a;
	uint64_t p = default_prefix < 0 ? 0 : (uint64_t)default_prefix;

	g_strlcpy(addr, text, slash ? MIN(sizeof(addr), (size_t)(slash - text + 1)) : sizeof(addr));
	if (inet_pton(AF_INET, addr, &a) != 1)
		return scn_fail(error, L, line, "'%s' is not an IPv4 address (write 192.168.0.100/24)",
			    text);
	/* "ip addr add 10.0.0.1" would make it a /32, which nobody means on a LAN */
	if (!slash && default_prefix < 0)
		return scn_fail(error, L, line,
			    "address '%s' has no prefix length: write %s/24, or the length of its subnet",
			    text, text);
	if (slash && !scn_parse_uint(L, line, "prefix length", slash + 1, 32, &p, error))
		return FALSE;
	*ip = ntohl(a.s_addr);
	*prefix = (int)p;
	return TRUE;
}

static void include_free(gpointer p)
{
	struct world_include *inc = p;

	g_free(inc->path);
	g_free(inc->from);
	g_free(inc);
}

/*
 * @path, read for @e, joins the world's includes: main.c hands them to the
 * outputs, which must never write over (or remove) a file the run read.
 */
static void note_include(struct loader *L, const struct ini_entry *e, const char *path)
{
	struct world_include *inc = g_new(struct world_include, 1);
	const char *origin = ini_origin(L->ini, e->line);

	inc->path = g_strdup(path);
	/* a --set value names itself; a line of the file, its key and value */
	inc->from = origin ? g_strdup(origin)
			   : g_strdup_printf("%s:%d (%s = %s)", L->ini->file, e->line, e->key,
					     e->value);
	g_ptr_array_add(L->w->includes, inc);
}

/* "@file" -> the file's text (relative to the scenario); else the value. */
char *scn_entry_text(struct loader *L, const struct ini_entry *e, char **file, int *first_line,
			GError **error)
{
	if (e->value[0] == '@' && !L->dir) {
		scn_fail(error, L, e->line, "'%s': a scenario given as text cannot include files",
			 e->value);
		return NULL;
	}
	if (e->value[0] == '@') {
		char *path = g_path_is_absolute(e->value + 1)
				     ? g_strdup(e->value + 1)
				     : g_build_filename(L->dir, e->value + 1, NULL);
		char *text = NULL;
		GError *inner = NULL;

		if (!sim_read_file(path, SIM_INPUT_MAX, &text, NULL, &inner)) {
			/* a file that was read but is no text names its own line */
			if (inner->code != BONDSIM_ERROR_IO)
				scn_fail(error, L, e->line, "%s = %s: %s", e->key, e->value,
					 inner->message);
			else
				scn_fail(error, L, e->line,
					 "%s = %s: cannot read it: %s; an @file is read relative to the scenario's folder",
					 e->key, e->value, inner->message);
			g_error_free(inner);
			g_free(path);
			return NULL;
		}
		note_include(L, e, path);
		*file = path;
		*first_line = 1;
		return text;
	}
	*file = g_strdup(L->ini->file);
	/*
	 * An embedded file as written: YAML needs its indentation, and every
	 * format its blank lines, or the line numbers after one would be short.
	 */
	if (e->text) {
		*first_line = e->line + 1;
		return g_strdup(e->text);
	}
	/* continuation lines start on the line after the key */
	*first_line = strchr(e->value, '\n') || !*e->value ? e->line + 1 : e->line;
	return g_strdup(e->value);
}

/* ---- [sim] ---------------------------------------------------------------- */

gboolean world_seed_parse(const char *text, uint64_t *seed, GError **error)
{
	guint64 v = 0;
	enum whole r = parse_whole(text, &v);

	if (r == WHOLE_LEADING_ZERO) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "'%s' starts with 0: " LEADING_ZERO_HINT, text);
		return FALSE;
	}
	if (r != WHOLE_OK || v > G_MAXINT64) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "'%s' is not a seed: write a whole number from 0 to %" G_GINT64_FORMAT,
			    text, G_MAXINT64);
		return FALSE;
	}
	*seed = v;
	return TRUE;
}

const char *const scn_sim_keys[] = { "duration", "seed", "sample", "runs", NULL };

gboolean scn_load_sim(struct loader *L, struct ini_section *s, GError **error)
{
	struct world *w = L->w;

	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);

		if (!e->key) {
			/* the keys from the one list, so that none is left out */
			char *keys = choices_text(scn_sim_keys);
			gboolean r = scn_fail(error, L, e->line,
					      "'%s' in [sim]: expected 'key = value' (keys: %s)",
					      e->value, keys);

			g_free(keys);
			return r;
		}
		if (strcmp(e->key, "duration") == 0) {
			if (!scn_parse_time(L, e, e->value, &w->duration, error))
				return FALSE;
			if (w->duration <= 0)
				return scn_fail(error, L, e->line,
						"duration %s: a run lasts more than 0, e.g. duration = 10s",
						e->value);
		} else if (strcmp(e->key, "sample") == 0) {
			if (!scn_parse_time(L, e, e->value, &w->sample, error))
				return FALSE;
			if (w->sample < SIM_MS)
				return scn_fail(error, L, e->line,
						"sample %s: the throughput sample period is at least 1ms (default 100ms)",
						e->value);
		} else if (strcmp(e->key, "seed") == 0) {
			if (!scn_parse_uint(L, e->line, "seed", e->value, G_MAXINT64, &w->seed, error))
				return FALSE;
		} else if (strcmp(e->key, "runs") == 0) {
			uint64_t v = 0;

			if (!scn_parse_uint_range(L, e->line, "runs", e->value, 1, RUNS_MAX, &v, error))
				return FALSE;
			w->runs = (unsigned)v;
		} else {
			return scn_fail_choice(error, L, e->line, "key in [sim]", e->key,
					       scn_sim_keys);
		}
	}
	return TRUE;
}

/* ---- the whole file ------------------------------------------------------- */

static const char *const section_kinds[] = { "sim", "switch", "host", "links", "flow",
	"faults", "expect", "mlag", NULL };

/*
 * Section headers: known kinds, a name where one belongs ([switch sw1],
 * [host a], [flow f]) and none elsewhere, one [sim]; no key twice in one
 * section.  [links], [faults] and [expect] may come in several pieces.
 */
static gboolean check_sections(struct loader *L, GError **error)
{
	static const char *const named[] = { "switch", "host", "flow", "mlag", NULL };
	int sim_line = 0;

	for (guint i = 0; i < L->ini->sections->len; i++) {
		struct ini_section *s = g_ptr_array_index(L->ini->sections, i);
		const struct ini_entry *first, *again;

		if (!g_strv_contains(section_kinds, s->kind))
			return scn_fail_choice(error, L, s->line, "section", s->kind, section_kinds);
		if (*s->name && !g_strv_contains(named, s->kind))
			return scn_fail(error, L, s->line,
					"[%s %s]: a [%s] section has no name; write [%s] (only [switch NAME], [host NAME], [flow NAME] and [mlag NAME] are named)",
					s->kind, s->name, s->kind, s->kind);
		if (strcmp(s->kind, "sim") == 0) {
			if (sim_line)
				return scn_fail(error, L, s->line,
						"[sim] given twice (first at line %d): one [sim] section holds duration, seed and sample",
						sim_line);
			sim_line = s->line;
		}
		/* a key given twice is a typo or a merge gone wrong, never meant
		 * ([links] says "already cabled", which is clearer there) */
		if (strcmp(s->kind, "links") != 0 && ini_section_dup_key(s, &first, &again))
			return scn_fail(error, L, again->line,
					"'%s' given twice in [%s%s%s] (first at line %d): keep one of them",
					again->key, s->kind, *s->name ? " " : "", s->name, first->line);
	}
	return TRUE;
}

static gboolean load_all(struct loader *L, GError **error)
{
	struct world *w = L->w;
	int host_index = 0;

	/* Kinds first, so a typo in a header is reported before anything else. */
	if (!check_sections(L, error))
		return FALSE;
	/* [sim] first: durations are needed to check flows and faults. */
	for (guint i = 0; i < L->ini->sections->len; i++) {
		struct ini_section *s = g_ptr_array_index(L->ini->sections, i);

		if (strcmp(s->kind, "sim") == 0 && !scn_load_sim(L, s, error))
			return FALSE;
	}
	L->file_duration = w->duration;
	if (L->opt->duration)
		w->duration = L->opt->duration;
	if (L->opt->seed_set)
		w->seed = L->opt->seed;
	if (L->opt->runs_set)
		w->runs = L->opt->runs;
	w->sim = sim_new(w->seed);
	series_init(&w->series, w->sim, w->sample);
	/* Then the things that have names: switches and hosts, in file order. */
	for (guint i = 0; i < L->ini->sections->len; i++) {
		struct ini_section *s = g_ptr_array_index(L->ini->sections, i);

		if (strcmp(s->kind, "switch") == 0 && !scn_load_switch(L, s, error))
			return FALSE;
		if (strcmp(s->kind, "host") == 0 && !scn_load_host(L, s, ++host_index, error))
			return FALSE;
	}
	/* MLAG domains join switches: all of them are there now. */
	for (guint i = 0; i < L->ini->sections->len; i++) {
		struct ini_section *s = g_ptr_array_index(L->ini->sections, i);

		if (strcmp(s->kind, "mlag") == 0 && !scn_load_mlag(L, s, error))
			return FALSE;
	}
	if (!scn_pair_pasted_mlag(L, error) || !scn_check_mlag(L, error))
		return FALSE;
	/* Then what refers to them. */
	for (guint i = 0; i < L->ini->sections->len; i++) {
		struct ini_section *s = g_ptr_array_index(L->ini->sections, i);

		if (strcmp(s->kind, "links") == 0 && !scn_load_links(L, s, error))
			return FALSE;
	}
	for (guint i = 0; i < L->enslave->len; i++) {
		struct pending_slave *ps = &g_array_index(L->enslave, struct pending_slave, i);
		GError *inner = NULL;

		if (!bond_enslave(ps->bond, &ps->nic->dev, &inner))
			return scn_fail_at(error, L, ps->line, inner);
	}
	/* "ip link set eth1 type bond_slave prio 10" once every slave is in */
	for (guint i = 0; i < L->enslave->len; i++) {
		struct pending_slave *ps = &g_array_index(L->enslave, struct pending_slave, i);
		GError *inner = NULL;

		if (ps->prio_line &&
		    !bond_set_slave_prio(ps->bond, bond_find_slave(ps->bond, ps->nic->dev.name),
					 ps->prio, &inner))
			return scn_fail_at(error, L, ps->prio_line, inner);
	}
	scn_check_primaries(L);
	scn_warn_shared_macs(L);	/* once the bonds have their slaves */
	for (guint i = 0; i < L->ini->sections->len; i++) {
		struct ini_section *s = g_ptr_array_index(L->ini->sections, i);

		if (strcmp(s->kind, "flow") == 0 && !scn_load_flow(L, s, error))
			return FALSE;
		if (strcmp(s->kind, "faults") == 0)
			for (guint k = 0; k < s->entries->len; k++)
				if (!scn_load_fault_line(L, g_ptr_array_index(s->entries, k), error))
					return FALSE;
		if (strcmp(s->kind, "expect") == 0 && !L->opt->no_expect) {
			for (guint k = 0; k < s->entries->len; k++) {
				struct ini_entry *e = g_ptr_array_index(s->entries, k);
				struct expectation *x;
				char *line = e->key ? g_strdup_printf("%s = %s", e->key, e->value)
						    : g_strdup(e->value);
				gboolean ok = expect_parse(line, L->ini->file, e->line, &x, error);

				g_free(line);
				if (!ok)
					return FALSE;
				g_ptr_array_add(w->expects, x);
			}
		}
	}
	if (!w->hosts->len && !w->switches->len)
		return scn_fail(error, L, 1, "nothing to simulate: no [host] and no [switch] section");
	/* A NIC without a cable has no carrier: almost always a mistake.  Said at
	 * the line that names it, so a --set of nics is named when it is the cause. */
	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);

		for (guint k = 0; k < h->nics->len; k++) {
			struct nic *n = g_ptr_array_index(h->nics, k);

			if (!nic_link(n))
				return scn_fail(error, L, h->nics_line, "%s.%s is not cabled: add '%s.%s = SWITCH.PORT' under [links]",
					    h->name, n->dev.name, h->name, n->dev.name);
		}
	}
	/* --runs 0 replays one seed of a batch: its statistics cannot be checked */
	if (L->opt->runs_set && !w->runs)
		expect_drop_statistics(w);
	if (!expect_validate(w, error)) {
		/* another mode publishes other metrics: the way past is the user's to take */
		if (error && *error && L->opt->sets && *L->opt->sets) {
			char *msg = g_strdup_printf("%s; with --set, --no-expect runs without the "
						    "scenario's [expect] lines", (*error)->message);

			g_free((*error)->message);
			(*error)->message = msg;
		}
		return FALSE;
	}
	return TRUE;
}

/* Mbit/s each way of one device of a host, bond or NIC. */
static void add_dev_series(struct world *w, const char *host, struct netdev *dev)
{
	char name[128];

	g_snprintf(name, sizeof(name), "%s.%s.tx_mbps", host, dev->name);
	series_add(&w->series, name, &dev->stats.tx_bytes, 8e-6);
	g_snprintf(name, sizeof(name), "%s.%s.rx_mbps", host, dev->name);
	series_add(&w->series, name, &dev->stats.rx_bytes, 8e-6);
}

static void add_series(struct world *w)
{
	char name[128];

	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);

		for (guint k = 0; k < h->bonds->len; k++)
			add_dev_series(w, h->name, &((struct bond *)g_ptr_array_index(h->bonds, k))->dev);
		for (guint k = 0; k < h->nics->len; k++)
			add_dev_series(w, h->name, &((struct nic *)g_ptr_array_index(h->nics, k))->dev);
	}
	for (guint i = 0; i < w->flows->len; i++) {
		struct flow *f = g_ptr_array_index(w->flows, i);

		g_snprintf(name, sizeof(name), "flow.%s.rx_mbps", f->cfg.name);
		series_add(&w->series, name, &f->rx.bytes, 8e-6);
	}
}

static void clear_pending_primary(gpointer p)
{
	g_free(((struct pending_primary *)p)->file);
}

static guint count_sections(const struct ini *ini, const char *kind)
{
	guint n = 0;

	for (guint i = 0; i < ini->sections->len; i++)
		n += strcmp(((struct ini_section *)g_ptr_array_index(ini->sections, i))->kind, kind) == 0;
	return n;
}

/* @text NULL: read the file @path; else @path only names the text in messages. */
static struct world *world_build(const char *path, const char *text,
				 const struct world_options *opt, GError **error)
{
	struct loader L = { 0 };
	struct world *w = g_new0(struct world, 1);

	w->file = g_strdup(path);
	w->duration = DEFAULT_DURATION;
	w->sample = DEFAULT_SAMPLE;
	w->seed = 1;
	w->hosts = g_ptr_array_new();
	w->switches = g_ptr_array_new();
	w->host_names = g_hash_table_new(g_str_hash, g_str_equal);
	w->switch_names = g_hash_table_new(g_str_hash, g_str_equal);
	w->links = g_ptr_array_new();
	w->flows = g_ptr_array_new();
	w->pings = g_ptr_array_new();
	w->tcp_flows = g_ptr_array_new();
	w->faults = g_ptr_array_new();
	w->expects = g_ptr_array_new();
	w->snapshots = g_ptr_array_new();
	w->sys_snapshots = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
	w->events = g_array_new(FALSE, FALSE, sizeof(struct world_event));
	w->bond_ctx = g_ptr_array_new_with_free_func(g_free);
	w->bond_macs = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	w->learn_seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	w->warnings = g_ptr_array_new_with_free_func(g_free);
	w->includes = g_ptr_array_new_with_free_func(include_free);
	w->captured = g_ptr_array_new();
	L.w = w;
	L.opt = opt;
	L.enslave = g_array_new(FALSE, FALSE, sizeof(struct pending_slave));
	L.primaries = g_array_new(FALSE, FALSE, sizeof(struct pending_primary));
	g_array_set_clear_func(L.primaries, clear_pending_primary);
	L.mac_lines = g_hash_table_new(g_direct_hash, g_direct_equal);
	L.ini = text ? ini_parse(text, path, error) : ini_load(path, error);
	if (!L.ini || (opt->sets && !set_apply(L.ini, opt->sets, error)))
		goto fail;
	heap_use_huge_pages(count_sections(L.ini, "host"));
	/* a text has no folder: its @file references are refused */
	L.dir = text ? NULL : g_path_get_dirname(path);
	if (!load_all(&L, error))
		goto fail;
	add_series(w);
	w->graphs = graphs_new(w);
	failover_install_hooks(w);
	if (opt->pcap && w->runs) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "%s: --pcap captures one run and [sim] runs asks for %u: replay one seed with --seed N --runs 0 --pcap",
			    path, w->runs);
		goto fail;
	}
	if (!capture_open(w, opt, error))
		goto fail;
	ini_free(L.ini);
	g_free(L.dir);
	g_array_free(L.enslave, TRUE);
	g_array_free(L.primaries, TRUE);
	g_hash_table_destroy(L.mac_lines);
	return w;
fail:
	ini_free(L.ini);
	g_free(L.dir);
	g_array_free(L.enslave, TRUE);
	g_array_free(L.primaries, TRUE);
	g_hash_table_destroy(L.mac_lines);
	world_free(w);
	return NULL;
}

struct world *world_load(const char *path, const struct world_options *opt, GError **error)
{
	return world_build(path, NULL, opt, error);
}

struct world *world_load_text(const char *text, const char *name, const struct world_options *opt,
			      GError **error)
{
	return world_build(name, text, opt, error);
}
