/*
 * json.c - streaming JSON writer.
 */
#include <math.h>
#include "json.h"

void json_init(struct json *j, GString *out)
{
	j->out = out;
	j->depth = 0;
	j->first[0] = true;
}

static void indent(struct json *j)
{
	g_string_append_c(j->out, '\n');
	for (int i = 0; i < j->depth; i++)
		g_string_append(j->out, "  ");
}

void json_escape(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		/*
		 * Names and descriptions come from user files in any encoding;
		 * JSON is UTF-8, and a reader refuses the whole report for one
		 * stray byte.  Each byte that starts no valid sequence becomes
		 * U+FFFD, as a UTF-8 decoder shows it.
		 */
		if (*p >= 0x80) {
			gunichar c = g_utf8_get_char_validated((const char *)p, -1);

			if (c == (gunichar)-1 || c == (gunichar)-2) {
				g_string_append(out, "\xef\xbf\xbd");
			} else {
				g_string_append_len(out, (const char *)p, g_utf8_skip[*p]);
				p += g_utf8_skip[*p] - 1;
			}
			continue;
		}
		switch (*p) {
		case '"': g_string_append(out, "\\\""); break;
		case '\\': g_string_append(out, "\\\\"); break;
		case '\n': g_string_append(out, "\\n"); break;
		case '\t': g_string_append(out, "\\t"); break;
		case '\r': g_string_append(out, "\\r"); break;
		default:
			if (*p < 0x20)
				g_string_append_printf(out, "\\u%04x", *p);
			else
				g_string_append_c(out, (char)*p);
		}
	}
	g_string_append_c(out, '"');
}

static void key(struct json *j, const char *k)
{
	if (j->depth > 0) {
		if (!j->first[j->depth])
			g_string_append_c(j->out, ',');
		indent(j);
	}
	j->first[j->depth] = false;
	if (k) {
		json_escape(j->out, k);
		g_string_append(j->out, ": ");
	}
}

static void open(struct json *j, const char *k, char c)
{
	key(j, k);
	g_string_append_c(j->out, c);
	g_assert(j->depth + 1 < JSON_MAX_DEPTH);
	j->first[++j->depth] = true;
}

static void close_(struct json *j, char c)
{
	bool empty = j->first[j->depth];

	j->depth--;
	if (!empty)
		indent(j);
	g_string_append_c(j->out, c);
	if (j->depth == 0)
		g_string_append_c(j->out, '\n');
}

void json_begin_object(struct json *j, const char *k) { open(j, k, '{'); }
void json_end_object(struct json *j) { close_(j, '}'); }
void json_begin_array(struct json *j, const char *k) { open(j, k, '['); }
void json_end_array(struct json *j) { close_(j, ']'); }

void json_int(struct json *j, const char *k, int64_t v)
{
	key(j, k);
	g_string_append_printf(j->out, "%" G_GINT64_FORMAT, v);
}

void json_double(struct json *j, const char *k, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	key(j, k);
	if (!isfinite(v)) {
		g_string_append(j->out, "null");
		return;
	}
	/* Fixed precision: the same run must print the same bytes. */
	g_ascii_formatd(buf, sizeof(buf), "%.6f", v);
	/* trim trailing zeros, keep one digit after the point */
	char *dot = strchr(buf, '.');
	if (dot) {
		char *e = buf + strlen(buf) - 1;
		while (e > dot + 1 && *e == '0')
			*e-- = 0;
	}
	g_string_append(j->out, buf);
}

void json_string(struct json *j, const char *k, const char *v)
{
	key(j, k);
	if (v)
		json_escape(j->out, v);
	else
		g_string_append(j->out, "null");
}

void json_bool(struct json *j, const char *k, bool v)
{
	key(j, k);
	g_string_append(j->out, v ? "true" : "false");
}

void json_null(struct json *j, const char *k)
{
	key(j, k);
	g_string_append(j->out, "null");
}
