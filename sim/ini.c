/*
 * ini.c - the scenario file reader (see ini.h for the dialect).
 */
#include <string.h>
#include "ini.h"
#include "sim.h"

static void entry_free(gpointer p)
{
	struct ini_entry *e = p;

	g_free(e->key);
	g_free(e->value);
	g_free(e->text);
	g_free(e);
}

/* One more line of an embedded file, as written. */
static void embed_text_add(struct ini_entry *e, const char *raw)
{
	char *t = e->text ? g_strconcat(e->text, "\n", raw, NULL) : g_strdup(raw);

	g_free(e->text);
	e->text = t;
}

static void section_free(gpointer p)
{
	struct ini_section *s = p;

	g_free(s->kind);
	g_free(s->name);
	g_ptr_array_free(s->entries, TRUE);
	g_free(s);
}

void ini_free(struct ini *ini)
{
	if (!ini)
		return;
	g_ptr_array_free(ini->sections, TRUE);
	g_ptr_array_free(ini->origins, TRUE);
	g_free(ini->file);
	g_free(ini);
}

/* Cut a comment: ';' or '#' at the start or after whitespace. */
static void strip_comment(char *line)
{
	for (char *p = line; *p; p++) {
		if ((*p == ';' || *p == '#') && (p == line || g_ascii_isspace(p[-1]))) {
			*p = 0;
			return;
		}
	}
}

struct ini *ini_parse(const char *text, const char *file, GError **error)
{
	struct ini *ini = g_new0(struct ini, 1);
	struct ini_section *cur = NULL;
	/* The entry whose value is an embedded file: "key =" with nothing
	 * after the '=', taking the indented lines that follow. */
	struct ini_entry *embed = NULL;
	char **lines = g_strsplit(text, "\n", -1);
	int n = 0;

	ini->file = g_strdup(file);
	ini->sections = g_ptr_array_new_with_free_func(section_free);
	ini->origins = g_ptr_array_new_with_free_func(g_free);
	for (char **lp = lines; *lp; lp++) {
		char *raw = *lp, *line;
		bool indented = raw[0] == ' ' || raw[0] == '\t';

		n++;
		g_strchomp(raw);	/* also removes a trailing \r */
		line = g_strdup(raw);
		/* Comments inside continued file text (modprobe.d '#') are kept
		 * verbatim: the config parser handles them. */
		if (!(indented && embed))
			strip_comment(line);
		g_strstrip(line);
		if (!*line) {
			/* a blank or comment line inside an embedded file keeps its place */
			if (embed)
				embed_text_add(embed, indented ? raw : "");
			g_free(line);
			continue;
		}
		if (indented && embed) {
			embed_text_add(embed, raw);
			/* continuation: one line of an embedded file */
			char *v = *embed->value ? g_strconcat(embed->value, "\n", line, NULL)
						: g_strdup(line);
			g_free(embed->value);
			embed->value = v;
			g_free(line);
			continue;
		}
		if (line[0] == '[') {
			char *end = strchr(line, ']');

			if (!end || end[1]) {
				g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
					    "%s:%d: a section header looks like [host server]",
					    file, n);
				g_free(line);
				goto fail;
			}
			*end = 0;
			char *hdr = g_strstrip(line + 1);
			char *sp = hdr + strcspn(hdr, " \t");
			cur = g_new0(struct ini_section, 1);
			cur->line = n;
			cur->entries = g_ptr_array_new_with_free_func(entry_free);
			cur->kind = g_strndup(hdr, sp - hdr);
			cur->name = g_strdup(g_strstrip(sp));
			g_ptr_array_add(ini->sections, cur);
			embed = NULL;
			g_free(line);
			if (!*cur->kind) {
				g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
					    "%s:%d: empty section header []: write a kind and a name, e.g. [host server]",
					    file, n);
				goto fail;
			}
			continue;
		}
		if (!cur) {
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
				    "%s:%d: '%s' comes before any [section]: put a section header above it, e.g. [sim]",
				    file, n, line);
			g_free(line);
			goto fail;
		}
		struct ini_entry *e = g_new0(struct ini_entry, 1);
		char *eq = strchr(line, '=');

		e->line = n;
		/* "a == b" and "a >= b" are bare expressions, not keys */
		if (eq && eq[1] != '=' && (eq == line || !strchr("<>!=", eq[-1]))) {
			*eq = 0;
			e->key = g_strdup(g_strstrip(line));
			e->value = g_strdup(g_strstrip(eq + 1));
		} else {
			e->value = g_strdup(line);
		}
		g_ptr_array_add(cur->entries, e);
		/* Only an empty value opens a file: after "ports = Gi0/1-4" an
		 * indented "aging = 10s" is an entry of its own, not more ports. */
		embed = e->key && !*e->value ? e : NULL;
		g_free(line);
	}
	g_strfreev(lines);
	return ini;
fail:
	g_strfreev(lines);
	ini_free(ini);
	return NULL;
}

struct ini *ini_load(const char *path, GError **error)
{
	char *text = NULL;
	struct ini *ini;

	if (!sim_read_file(path, SIM_INPUT_MAX, &text, NULL, error))
		return NULL;
	ini = ini_parse(text, path, error);
	g_free(text);
	return ini;
}

struct ini_entry *ini_get(struct ini_section *s, const char *key)
{
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);

		if (e->key && strcmp(e->key, key) == 0) {
			e->used = true;
			return e;
		}
	}
	return NULL;
}

bool ini_section_dup_key(const struct ini_section *s, const struct ini_entry **first,
			 const struct ini_entry **second)
{
	/* key -> its first entry; bare lines have no key and may repeat */
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

	for (guint i = 0; i < s->entries->len; i++) {
		const struct ini_entry *e = g_ptr_array_index(s->entries, i);
		const struct ini_entry *was;

		if (!e->key)
			continue;
		was = g_hash_table_lookup(seen, e->key);
		if (was) {
			if (first)
				*first = was;
			if (second)
				*second = e;
			return true;
		}
		g_hash_table_insert(seen, e->key, (gpointer)e);
	}
	return false;
}

int ini_add_origin(struct ini *ini, const char *text)
{
	g_ptr_array_add(ini->origins, g_strdup(text));
	return -(int)ini->origins->len;
}

const char *ini_origin(const struct ini *ini, int line)
{
	if (line >= 0 || (guint)-line > ini->origins->len)
		return NULL;
	return g_ptr_array_index(ini->origins, -line - 1);
}

struct ini_section *ini_add_section(struct ini *ini, const char *kind, const char *name, int line)
{
	struct ini_section *s = g_new0(struct ini_section, 1);

	s->kind = g_strdup(kind);
	s->name = g_strdup(name);
	s->line = line;
	s->entries = g_ptr_array_new_with_free_func(entry_free);
	g_ptr_array_add(ini->sections, s);
	return s;
}

struct ini_entry *ini_add_entry(struct ini_section *s, const char *key, const char *value,
				int line)
{
	struct ini_entry *e = g_new0(struct ini_entry, 1);

	e->key = g_strdup(key);
	e->value = g_strdup(value);
	e->line = line;
	g_ptr_array_add(s->entries, e);
	return e;
}
