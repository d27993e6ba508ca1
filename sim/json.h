/*
 * json.h - a small streaming JSON writer over a GString.
 *
 * DOC: The report's JSON is written by hand because its shape is fixed and
 * documented in the README; a writer that tracks commas and escapes strings
 * is all that is needed.  Doubles are printed with a fixed "%.6g"-like
 * format so the output is byte-identical across runs.
 */
#ifndef BONDSIM_JSON_H
#define BONDSIM_JSON_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define JSON_MAX_DEPTH 32

struct json {
	GString *out;
	int depth;
	bool first[JSON_MAX_DEPTH];
};

void json_init(struct json *j, GString *out);
/* @key is NULL inside arrays and at the top level. */
void json_begin_object(struct json *j, const char *key);
void json_end_object(struct json *j);
void json_begin_array(struct json *j, const char *key);
void json_end_array(struct json *j);
void json_int(struct json *j, const char *key, int64_t v);
void json_double(struct json *j, const char *key, double v);
void json_string(struct json *j, const char *key, const char *v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
/* @s as a JSON string, quotes included, always valid UTF-8: a byte that
 * starts no valid UTF-8 sequence is written as U+FFFD. */
void json_escape(GString *out, const char *s);

#endif
