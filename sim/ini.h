/*
 * ini.h - an INI reader that remembers where everything was written.
 *
 * DOC: Scenario errors must say "file:line: message", which GKeyFile cannot
 * (it keeps no line numbers), so bondsim reads INI itself.  The dialect:
 *   [kind name]        a section; the header is split into kind and name
 *   key = value        an entry; the key may contain dots and spaces
 *   a bare line        an entry with no '=' (used by [faults] and [expect])
 *   ; or #             a comment, at the start of a line or after whitespace
 *   indented lines     continue the previous entry's value, one per line
 *                      (for inline modprobe.d and ifcfg files)
 * Sections and entries keep file order.  Duplicate keys are the caller's to
 * refuse (a [faults] section legitimately repeats times).
 */
#ifndef BONDSIM_INI_H
#define BONDSIM_INI_H

#include <glib.h>
#include <stdbool.h>

struct ini_entry {
	char *key;		/* NULL for a bare line */
	char *value;		/* the whole line for a bare line */
	int line;
	bool used;		/* set by the consumer: unused keys are errors */
};

struct ini_section {
	char *kind;		/* "host" in [host server] */
	char *name;		/* "server", or "" */
	int line;
	GPtrArray *entries;	/* struct ini_entry * */
};

struct ini {
	char *file;
	GPtrArray *sections;	/* struct ini_section * */
};

struct ini *ini_parse(const char *text, const char *file, GError **error);
struct ini *ini_load(const char *path, GError **error);
void ini_free(struct ini *ini);

/* The entry for @key (first one), or NULL; marks it used. */
struct ini_entry *ini_get(struct ini_section *s, const char *key);

#endif
