/*
 * ini.h - an INI reader that remembers where everything was written.
 *
 * DOC: Scenario errors must say "file:line: message", which GKeyFile cannot
 * (it keeps no line numbers), so bondsim reads INI itself.  The dialect:
 *   [kind name]        a section; the header is split into kind and name
 *   key = value        an entry; the key may contain dots and spaces
 *   a bare line        an entry with no '=' (used by [faults] and [expect])
 *   ; or #             a comment, at the start of a line or after whitespace
 *   key =              with nothing after the '=': the indented lines that
 *     indented lines   follow are the value, one per line, comments kept
 *                      (for inline modprobe.d and ifcfg files); the
 *                      entry's text keeps them as written (YAML needs
 *                      the indentation, every format the blank lines
 *                      for its line numbers)
 * Only an empty value takes indented lines: after "ports = Gi0/1-4" an
 * indented "aging = 10s" is an entry of its own, never glued onto the
 * ports, so indenting for looks cannot change what a line means.
 * Sections and entries keep file order.  Duplicate keys are the caller's to
 * refuse (a [faults] section legitimately repeats bare lines), with
 * ini_section_dup_key().
 */
#ifndef BONDSIM_INI_H
#define BONDSIM_INI_H

#include <glib.h>
#include <stdbool.h>

struct ini_entry {
	char *key;		/* NULL for a bare line */
	char *value;		/* the whole line for a bare line */
	char *text;		/* an embedded file as written: indentation and
				 * blank lines kept, one line per line (YAML needs
				 * both); NULL for any other entry */
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
	GPtrArray *origins;	/* char *: what lines -1, -2, ... stand for (--set) */
};

struct ini *ini_parse(const char *text, const char *file, GError **error);
struct ini *ini_load(const char *path, GError **error);
void ini_free(struct ini *ini);

/*
 * Entries written from elsewhere than the file (the command line's --set)
 * carry a negative line: ini_add_origin() gives the line for @text ("--set
 * sim.duration=5s"), ini_origin() the text of such a line (NULL for a line
 * of the file).  Messages print the text instead of file:line.
 */
int ini_add_origin(struct ini *ini, const char *text);
const char *ini_origin(const struct ini *ini, int line);
/* A section [kind name] at the end, an entry at the end of @s (key NULL: a bare line). */
struct ini_section *ini_add_section(struct ini *ini, const char *kind, const char *name, int line);
struct ini_entry *ini_add_entry(struct ini_section *s, const char *key, const char *value,
				int line);

/* The entry for @key (first one), or NULL; marks it used. */
struct ini_entry *ini_get(struct ini_section *s, const char *key);

/*
 * Is a key given twice in @s?  Then *second (if not NULL) is the earliest
 * entry in file order that repeats a key, and *first (if not NULL) the entry
 * it repeats, for a "file:line: 'key' given twice (first at line N)" error.
 * Bare lines never count.
 */
bool ini_section_dup_key(const struct ini_section *s, const struct ini_entry **first,
			 const struct ini_entry **second);

#endif
