// SPDX-License-Identifier: MIT
/*
 * DOC: bond_opt_parse.c - reading option values: bond_opt_set() and module lines
 *
 * The value parsers all three doors share.  bond_opt_table_parse() is the
 * kernel's bond_opt_parse() on a string: digits are a number matched against
 * the value rows and then the MIN/MAX range, anything else a name, where
 * "default" picks the DEFAULT row; its error texts are built from the table.
 * Addresses are read as the kernel's in4_pton() and mac_pton() read them
 * (IPv6 with inet_pton()) and checked as bond_is_ip_target_ok() and
 * bond_is_ip6_target_ok() check them; interface names as dev_valid_name().
 *
 * On top of them, two of the doors (see bond_options.c for all three):
 *
 *  - bond_opt_set(): table check and assignment only, no mode logic; the
 *    lists take "a,b" and "" clears them.
 *  - bond_params_parse(): an "options bonding ..." line, split as the
 *    kernel's next_arg() (kernel/params.c) splits it, each parameter read as
 *    its module_param() type is by parse_args(): ints through
 *    kstrtoint()/kstrtouint() and stored raw, strings kept as text when no
 *    row matches, since only bond_check_params() (bond_params_check.c)
 *    decides whether a bad string matters.  bond_params_parse_module() is
 *    the module loader's door: a name that is no parameter of the module
 *    is handed to unknown_module_param_cb() (kernel/module/main.c), which
 *    logs "bonding: unknown parameter 'X' ignored" and loads anyway.
 */
#include "bond_options_priv.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <limits.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Parsing one value.                                                        */

static void set_invalid(GError **error, const struct bond_opt_desc *d, const char *text)
{
	g_autofree char *valid = bond_opt_valid_values_text(d);

	g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
		    "option %s: invalid value (%s); %s", d->name, text, valid);
}

static void set_range(GError **error, const struct bond_opt_desc *d, const char *text)
{
	g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_RANGE,
		    "option %s: invalid value (%s), out of range; allowed values %lld - %lld",
		    d->name, text, bond_opt_range_min(d), bond_opt_range_max(d));
}

/* A minus sign followed by digits: reported as out of range, not as a bad name. */
static gboolean is_negative_number(const char *s)
{
	if (*s != '-' || !isdigit((unsigned char)s[1]))
		return FALSE;
	for (s++; *s; s++)
		if (!isdigit((unsigned char)*s))
			return FALSE;
	return TRUE;
}

/*
 * The kernel's bond_opt_parse() on a string: text made only of digits and
 * spaces is a number (sscanf "%llu"), matched against the rows and then the
 * MIN/MAX range; anything else is a name, compared on its first word (at most
 * 32 characters), where "default" also picks the DEFAULT row.
 */
gboolean bond_opt_table_parse(const struct bond_opt_desc *d, const char *text, long long *out,
			      GError **error)
{
	const char *p;
	gboolean numeric = TRUE;

	for (p = text; *p; p++) {
		if (!isdigit((unsigned char)*p) && !isspace((unsigned char)*p)) {
			numeric = FALSE;
			break;
		}
	}
	if (numeric) {
		unsigned long long v = 0;
		gboolean digits = FALSE;

		for (p = text; isspace((unsigned char)*p); p++)
			;
		for (; isdigit((unsigned char)*p); p++) {
			unsigned int dig = (unsigned int)(*p - '0');

			digits = TRUE;
			if (v > (ULLONG_MAX - dig) / 10)
				v = ULLONG_MAX;	/* sscanf saturates; any row or range misses */
			else
				v = v * 10 + dig;
		}
		if (!digits) {
			set_invalid(error, d, text);
			return FALSE;
		}
		for (const struct bond_opt_value *r = d->values; r && r->name; r++) {
			if (r->value >= 0 && (unsigned long long)r->value == v) {
				*out = r->value;
				return TRUE;
			}
		}
		if (bond_opt_is_range(d)) {
			if (v >= (unsigned long long)bond_opt_range_min(d) &&
			    v <= (unsigned long long)bond_opt_range_max(d)) {
				*out = (long long)v;
				return TRUE;
			}
			set_range(error, d, text);
			return FALSE;
		}
		set_invalid(error, d, text);
		return FALSE;
	}

	char word[33];
	size_t n = 0;

	for (p = text; isspace((unsigned char)*p); p++)
		;
	while (*p && !isspace((unsigned char)*p) && n < sizeof(word) - 1)
		word[n++] = *p++;
	word[n] = '\0';
	for (const struct bond_opt_value *r = d->values; r && r->name; r++) {
		if ((!strcmp(word, "default") && (r->flags & BOND_OPT_VAL_DEFAULT)) ||
		    !strcmp(word, r->name)) {
			*out = r->value;
			return TRUE;
		}
	}
	if (bond_opt_is_range(d) && is_negative_number(word))
		set_range(error, d, text);
	else
		set_invalid(error, d, text);
	return FALSE;
}

/* The kernel's in4_pton(): exactly four decimal parts 0-255, nothing else. */
gboolean bond_opt_ipv4_parse(const char *s, uint32_t *be)
{
	uint8_t b[4];
	int part = 0;

	for (;;) {
		unsigned int w = 0;
		int digits = 0;

		while (isdigit((unsigned char)*s)) {
			w = w * 10 + (unsigned int)(*s++ - '0');
			if (w > 255)
				return FALSE;
			digits++;
		}
		if (!digits)
			return FALSE;
		b[part++] = (uint8_t)w;
		if (part == 4)
			break;
		if (*s++ != '.')
			return FALSE;
	}
	if (*s)
		return FALSE;
	memcpy(be, b, 4);
	return TRUE;
}

void bond_opt_ipv4_format(uint32_t be, char buf[16])
{
	uint8_t b[4];

	memcpy(b, &be, 4);
	g_snprintf(buf, 16, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
}

/* bond_is_ip_target_ok(): not 255.255.255.255 and not 0.x.x.x. */
gboolean bond_opt_ipv4_target_ok(uint32_t be)
{
	uint8_t b[4];

	memcpy(b, &be, 4);
	return be != 0xffffffffu && b[0] != 0;
}

/* bond_is_ip6_target_ok(): not ::, not ::1, not multicast. */
static gboolean ipv6_target_ok(const uint8_t a[16])
{
	static const uint8_t any[16], loop[16] = { [15] = 1 };

	return memcmp(a, any, 16) && memcmp(a, loop, 16) && a[0] != 0xff;
}

int bond_opt_ipv4_find(const struct bond_params *p, uint32_t be)
{
	for (int i = 0; i < p->arp_targets_count; i++)
		if (p->arp_targets[i] == be)
			return i;
	return -1;
}

/* The kernel's mac_pton(): "xx:xx:xx:xx:xx:xx", trailing text ignored. */
static gboolean mac_parse(const char *s, uint8_t mac[6])
{
	if (strnlen(s, 17) < 17)
		return FALSE;
	for (int i = 0; i < 6; i++) {
		if (!isxdigit((unsigned char)s[i * 3]) || !isxdigit((unsigned char)s[i * 3 + 1]))
			return FALSE;
		if (i != 5 && s[i * 3 + 2] != ':')
			return FALSE;
		mac[i] = (uint8_t)(g_ascii_xdigit_value(s[i * 3]) * 16 +
				   g_ascii_xdigit_value(s[i * 3 + 1]));
	}
	return TRUE;
}

/* dev_valid_name(): what the kernel accepts as an interface name. */
gboolean bond_ifname_valid(const char *s)
{
	if (!*s || strlen(s) >= BOND_IFNAMSIZ || !strcmp(s, ".") || !strcmp(s, ".."))
		return FALSE;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || isspace((unsigned char)*s))
			return FALSE;
	return TRUE;
}

/* ------------------------------------------------------------------------ */
/* bond_opt_set().                                                           */

static gboolean set_ipv4_list(struct bond_params *p, const struct bond_opt_desc *d,
			      const char *value, GError **error)
{
	uint32_t t[BOND_MAX_ARP_TARGETS] = { 0 };
	int n = 0;
	g_auto(GStrv) parts = g_strsplit(*value ? value : "", ",", -1);

	/* An empty value clears the list. */
	for (int i = 0; parts[i]; i++) {
		uint32_t be;

		if (!*parts[i] && !parts[i + 1] && i > 0)
			break;	/* a trailing comma */
		if (!bond_opt_ipv4_parse(parts[i], &be) || !bond_opt_ipv4_target_ok(be)) {
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
				    "option %s: invalid value (%s); expected IPv4 addresses "
				    "a.b.c.d, not 0.x.x.x or 255.255.255.255", d->name, parts[i]);
			return FALSE;
		}
		for (int j = 0; j < n; j++) {
			if (t[j] == be) {
				g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
					    "option %s: invalid value (%s): duplicate address",
					    d->name, parts[i]);
				return FALSE;
			}
		}
		if (n == BOND_MAX_ARP_TARGETS) {
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_RANGE,
				    "option %s: more than %d addresses", d->name,
				    BOND_MAX_ARP_TARGETS);
			return FALSE;
		}
		t[n++] = be;
	}
	memset(p->arp_targets, 0, sizeof(p->arp_targets));
	memcpy(p->arp_targets, t, (size_t)n * sizeof(t[0]));
	p->arp_targets_count = n;
	return TRUE;
}

gboolean bond_opt_ipv6_parse_target(const struct bond_opt_desc *d, const char *s, uint8_t a[16],
				    GError **error)
{
	if (inet_pton(AF_INET6, s, a) != 1 || !ipv6_target_ok(a)) {
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
			    "option %s: invalid value (%s); expected IPv6 unicast addresses, "
			    "not ::, ::1 or multicast", d->name, s);
		return FALSE;
	}
	return TRUE;
}

static gboolean set_ipv6_list(struct bond_params *p, const struct bond_opt_desc *d,
			      const char *value, GError **error)
{
	uint8_t t[BOND_MAX_NS_TARGETS][16];
	int n = 0;
	g_auto(GStrv) parts = g_strsplit(*value ? value : "", ",", -1);

	for (int i = 0; parts[i]; i++) {
		uint8_t a[16];

		if (!*parts[i] && !parts[i + 1] && i > 0)
			break;
		if (!bond_opt_ipv6_parse_target(d, parts[i], a, error))
			return FALSE;
		for (int j = 0; j < n; j++) {
			if (!memcmp(t[j], a, 16)) {
				g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
					    "option %s: invalid value (%s): duplicate address",
					    d->name, parts[i]);
				return FALSE;
			}
		}
		if (n == BOND_MAX_NS_TARGETS) {
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_RANGE,
				    "option %s: more than %d addresses", d->name,
				    BOND_MAX_NS_TARGETS);
			return FALSE;
		}
		memcpy(t[n++], a, 16);
	}
	memset(p->ns_targets, 0, sizeof(p->ns_targets));
	memcpy(p->ns_targets, t, (size_t)n * 16);
	p->ns_targets_count = n;
	return TRUE;
}

gboolean bond_opt_set_mac(struct bond_params *p, const struct bond_opt_desc *d, const char *value,
			  GError **error)
{
	uint8_t mac[6];

	if (!mac_parse(value, mac) || (mac[0] & 1)) {
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
			    "option %s: invalid value (%s); expected a unicast MAC address "
			    "xx:xx:xx:xx:xx:xx", d->name, value);
		return FALSE;
	}
	memcpy(p->ad_actor_system, mac, 6);
	return TRUE;
}

/* The three delays: ms as given, ticks as the kernel would keep them. */
static void sync_ticks(struct bond_params *p, enum bond_opt_id id)
{
	int m = p->miimon > 0 ? p->miimon : 0;

	if (id == BOND_OPT_UPDELAY)
		p->updelay_ticks = m ? p->updelay / m : p->updelay;
	else if (id == BOND_OPT_DOWNDELAY)
		p->downdelay_ticks = m ? p->downdelay / m : p->downdelay;
	else if (id == BOND_OPT_PEER_NOTIF_DELAY)
		p->peer_notif_ticks = m ? p->peer_notif_delay / m : p->peer_notif_delay;
}

gboolean bond_opt_set(struct bond_params *p, const char *name, const char *value,
		      GError **error)
{
	const struct bond_opt_desc *d = bond_opt_lookup(name);
	long long v;

	if (!d) {
		bond_opt_set_unknown(error, name ? name : "");
		return FALSE;
	}
	if (!value) {
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
			    "option %s: missing value", d->name);
		return FALSE;
	}
	switch (d->type) {
	case BOND_OPT_T_NUMBER:
		if (!bond_opt_table_parse(d, value, &v, error))
			return FALSE;
		*bond_opt_int_field(p, d) = (int)v;
		sync_ticks(p, d->id);
		break;
	case BOND_OPT_T_IPV4_LIST:
		if (!set_ipv4_list(p, d, value, error))
			return FALSE;
		break;
	case BOND_OPT_T_IPV6_LIST:
		if (!set_ipv6_list(p, d, value, error))
			return FALSE;
		break;
	case BOND_OPT_T_IFNAME:
		if (*value && !bond_ifname_valid(value)) {
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
				    "option %s: invalid value (%s); expected an interface name "
				    "of at most %d characters", d->name, value, BOND_IFNAMSIZ - 1);
			return FALSE;
		}
		g_strlcpy(p->primary, value, sizeof(p->primary));
		break;
	case BOND_OPT_T_MAC:
		if (!bond_opt_set_mac(p, d, value, error))
			return FALSE;
		break;
	}
	bond_opt_mask_set(p->set_mask, d->id);
	return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Module parameters: parse_args() part.                                     */

/*
 * kstrtoint()/kstrtouint() with base 0: optional sign, "0x" hex, leading 0
 * octal, an optional trailing newline, no spaces.
 */
static gboolean parse_kernel_int(const char *s, gboolean is_unsigned, long long *out)
{
	gboolean neg = FALSE;
	unsigned int base = 10;
	unsigned long long v = 0;
	const char *p = s;
	int digits = 0;

	if (*p == '-' && !is_unsigned) {
		neg = TRUE;
		p++;
	}
	if (*p == '+')
		p++;
	if (p[0] == '0' && g_ascii_tolower(p[1]) == 'x' && isxdigit((unsigned char)p[2])) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	}
	for (; *p; p++) {
		int dig = g_ascii_xdigit_value(*p);

		if (*p == '\n' && !p[1])
			break;
		if (dig < 0 || (unsigned int)dig >= base)
			return FALSE;
		if (v > (ULLONG_MAX - (unsigned int)dig) / base)
			return FALSE;
		v = v * base + (unsigned int)dig;
		digits++;
	}
	if (!digits)
		return FALSE;
	if (is_unsigned) {
		if (v > UINT_MAX)
			return FALSE;
		*out = (long long)v;
		return TRUE;
	}
	if (neg ? v > (unsigned long long)INT_MAX + 1 : v > INT_MAX)
		return FALSE;
	*out = neg ? -(long long)v : (long long)v;
	return TRUE;
}

static gboolean modparam_set(struct bond_params *p, const struct bond_opt_desc *d,
			     const char *value, GError **error)
{
	struct bond_params_modline *ml = &p->modline;
	long long v;

	if (!value) {
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
			    "option %s: missing value ('%s=VALUE'); the module would not load",
			    d->name, d->name);
		return FALSE;
	}
	switch (d->modparam) {
	case BOND_OPT_MP_INT:
	case BOND_OPT_MP_UINT:
		if (!parse_kernel_int(value, d->modparam == BOND_OPT_MP_UINT, &v)) {
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
				    "option %s: invalid value (%s); the module parameter is %s "
				    "integer, names are not accepted here", d->name, value,
				    d->modparam == BOND_OPT_MP_UINT ? "an unsigned" : "an");
			return FALSE;
		}
		/*
		 * Stored raw: bond_params_finalize() resets out-of-range values.  A
		 * uint parameter lands in the kernel's int variable unchanged.
		 */
		*bond_opt_int_field(p, d) = d->modparam == BOND_OPT_MP_UINT ?
					    (int)(unsigned int)v : (int)v;
		break;
	case BOND_OPT_MP_CHARP:
		if (d->type == BOND_OPT_T_IFNAME) {
			/* strscpy_pad() into IFNAMSIZ: silently cut to 15 characters. */
			g_strlcpy(p->primary, value, sizeof(p->primary));
			break;
		}
		if (bond_opt_table_parse(d, value, &v, NULL)) {
			*bond_opt_int_field(p, d) = (int)v;
			bond_opt_mask_clear(ml->bad, d->id);
		} else {
			bond_opt_mask_set(ml->bad, d->id);
			g_strlcpy(ml->text[d->id], value, sizeof(ml->text[d->id]));
		}
		break;
	case BOND_OPT_MP_ARRAY: {
		int n = 1;

		for (const char *c = value; *c; c++)
			n += *c == ',';
		if (n > BOND_MAX_ARP_TARGETS) {
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_RANGE,
				    "option %s: %d addresses, at most %d (the kernel: "
				    "\"arp_ip_target: can only take %d arguments\"; the module "
				    "would not load)", d->name, n, BOND_MAX_ARP_TARGETS,
				    BOND_MAX_ARP_TARGETS);
			return FALSE;
		}
		if (strlen(value) >= sizeof(ml->arp_ip_target)) {
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
				    "option %s: value too long", d->name);
			return FALSE;
		}
		g_strlcpy(ml->arp_ip_target, value, sizeof(ml->arp_ip_target));
		break;
	}
	case BOND_OPT_MP_NONE:
		break;
	}
	bond_opt_mask_set(ml->given, d->id);
	bond_opt_mask_set(p->set_mask, d->id);
	return TRUE;
}

/*
 * One argument of a module command line, as the kernel's next_arg() splits
 * it: spaces separate, double quotes group, and quotes around the whole
 * argument or the value are removed.
 */
static const char *next_arg(const char *s, char **name, char **value)
{
	GString *a = g_string_new(NULL);
	gboolean quoted = FALSE;

	while (isspace((unsigned char)*s))
		s++;
	for (; *s && (quoted || !isspace((unsigned char)*s)); s++) {
		if (*s == '"')
			quoted = !quoted;
		g_string_append_c(a, *s);
	}
	char *arg = a->str;

	if (arg[0] == '"') {
		memmove(arg, arg + 1, strlen(arg));
		size_t len = strlen(arg);

		if (len && arg[len - 1] == '"')
			arg[len - 1] = '\0';
	}
	char *eq = strchr(arg, '=');

	if (eq) {
		*eq = '\0';
		char *v = eq + 1;
		size_t len = strlen(v);

		if (v[0] == '"' && len >= 2 && v[len - 1] == '"') {
			v[len - 1] = '\0';
			v++;
		}
		*value = g_strdup(v);
	} else {
		*value = NULL;
	}
	*name = g_string_free(a, FALSE);
	return s;
}

/*
 * @module: as the module loader (unknown names are ignored and, when
 * @ignored is given, appended to it); else as a scenario key (an unknown
 * name is an error, an option that is no module parameter is left for
 * bond_params_finalize() to report).
 */
static gboolean parse_line(struct bond_params *p, const char *line, gboolean module,
			   GPtrArray *ignored, GError **error)
{
	const char *s = line ? line : "";

	for (;;) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			return TRUE;

		g_autofree char *name = NULL;
		g_autofree char *value = NULL;
		s = next_arg(s, &name, &value);

		const struct bond_opt_desc *d = bond_opt_lookup(name);

		if (module && (!d || d->modparam == BOND_OPT_MP_NONE)) {
			/* parse_args() -> unknown_module_param_cb(): logged, ignored */
			if (ignored)
				g_ptr_array_add(ignored, g_strdup(name));
			continue;
		}
		if (!d) {
			/* a scenario's own key: a typo that drops miimon is an error */
			bond_opt_set_unknown(error, name);
			return FALSE;
		}
		if (d->modparam == BOND_OPT_MP_NONE) {
			/* A real option, but not a module parameter: ignored at load. */
			bond_opt_mask_set(p->modline.ignored, d->id);
			continue;
		}
		if (!modparam_set(p, d, value, error))
			return FALSE;
	}
}

gboolean bond_params_parse(struct bond_params *p, const char *line, GError **error)
{
	return parse_line(p, line, FALSE, NULL, error);
}

gboolean bond_params_parse_module(struct bond_params *p, const char *line, GPtrArray *ignored,
				  GError **error)
{
	return parse_line(p, line, TRUE, ignored, error);
}

/* ------------------------------------------------------------------------ */
/* Parameters given twice.                                                   */

struct repeat_seen {
	char *word;		/* "miimon=100" as written */
	char *file;
	int line;
	int times;		/* given so far */
};

static void repeat_seen_free(gpointer data)
{
	struct repeat_seen *r = data;

	g_free(r->word);
	g_free(r->file);
	g_free(r);
}

void bond_param_repeats_init(struct bond_param_repeats *r)
{
	r->seen = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, repeat_seen_free);
}

void bond_param_repeats_fini(struct bond_param_repeats *r)
{
	g_clear_pointer(&r->seen, g_hash_table_unref);
}

/*
 * parse_args() (kernel/params.c) hands each parameter to its setter as it
 * meets it, so a second miimon= simply overwrites the first, without a word.
 * Quotes group words into one parameter, and bond_opt_parse() reads only
 * the first word of a value ("%32s"): "mode=active-backup miimon=100" in
 * quotes is mode alone.
 */
void bond_param_repeats_add(struct bond_param_repeats *r, const char *text, const char *file,
			    int line, GPtrArray *msgs)
{
	const char *s = text ? text : "";

	for (;;) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			return;

		g_autofree char *name = NULL;
		g_autofree char *value = NULL;
		s = next_arg(s, &name, &value);

		const struct bond_opt_desc *d = bond_opt_lookup(name);

		/* unknown names are refused by bond_params_parse(); the others are ignored at load */
		if (!d || d->modparam == BOND_OPT_MP_NONE)
			continue;
		const char *sp = value ? strpbrk(value, " \t") : NULL;

		if (sp) {
			g_autofree char *first = g_strndup(value, (gsize)(sp - value));
			g_autofree char *rest = g_strstrip(g_strdup(sp));

			g_ptr_array_add(msgs, g_strdup_printf(
				"%s=\"%s\" is one parameter (quotes group words): the kernel "
				"reads its first word, %s, and ignores '%s' without a word; "
				"write the options without quotes", d->name, value, first, rest));
		}

		struct repeat_seen *prev = g_hash_table_lookup(r->seen, d->name);
		g_autofree char *word = value ? g_strdup_printf("%s=%s", name, value) : g_strdup(name);

		if (prev) {
			g_autofree char *where = NULL;

			if (!g_strcmp0(prev->file, file) && prev->line == line)
				where = g_strdup("");
			else if (!g_strcmp0(prev->file, file))
				where = g_strdup_printf(" (line %d)", prev->line);
			else
				where = g_strdup_printf(" (%s:%d)", prev->file, prev->line);
			g_autofree char *times = prev->times == 1 ? g_strdup("twice") :
						 g_strdup_printf("%d times", prev->times + 1);

			g_ptr_array_add(msgs, g_strdup_printf(
				"%s given %s: %s%s, then %s; the kernel's parameter parser applies "
				"them in order, so %s wins", d->name, times, prev->word, where, word,
				word));
		}
		struct repeat_seen *now = g_new0(struct repeat_seen, 1);

		now->word = g_steal_pointer(&word);
		now->file = g_strdup(file);
		now->line = line;
		now->times = prev ? prev->times + 1 : 1;
		g_hash_table_replace(r->seen, (gpointer)d->name, now);
	}
}
