/*
 * sw_ios.c - read a switch configuration written in Cisco IOS syntax.
 *
 * DOC: The text is read as IOS reads a pasted configuration: one command
 * a line, "!" lines and blank lines skipped, indentation ignored.  An
 * "interface" (or "interface range") command enters interface mode for
 * those interfaces; the interface commands that follow apply to them, and
 * the first global command (or "exit") leaves it, as IOS leaves it, so a
 * config keeps working whatever its indentation.  Keywords are written in
 * full (as "show running-config" prints them, case does not matter);
 * interface types may be abbreviated to any prefix that names one type
 * ("Gi", "gig", "Te", "Po").  "end" ends the config: a command after it
 * is refused.  What bondsim does not model is refused with its line, the
 * command, and what is taken; nothing is skipped in silence.  Settings
 * given twice: the last one wins, as in IOS.  This file reads the lines,
 * the interface names and the global commands; sw_ios_if.c the interface
 * commands; sw_ios_apply.c says what each command does to the switch.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sw_ifname.h"
#include "sw_ios_priv.h"

const char *const sw_ios_commands[] = {
	"hostname NAME",
	"interface TYPE NUMBER",
	"interface range TYPE N/N - N[, ...]",
	"lacp system-priority 1-65535",
	"port-channel load-balance src-mac|dst-mac|src-dst-mac|src-dst-ip|src-dst-port",
	"mac address-table aging-time 0|10-1000000",
	"mac address-table notification mac-move",
	"errdisable detect cause mac-flap",
	"errdisable recovery cause mac-flap",
	"errdisable recovery interval 30-86400",
	"feature vpc|lacp",
	"vpc domain 1-1000 (NX-OS)",
	"mlag configuration (Arista EOS)",
	"vlan 1-4094 (and name TEXT under it)",
	"version, [no] service, vtp, ntp, logging, clock, ip domain-name, spanning-tree mode|extend|vlan|portfast default (taken, each with a warning)",
	"end",
	" description TEXT",
	" [no] shutdown",
	" channel-group 1-4096 mode active|passive|on",
	" lacp rate fast|normal",
	" lacp port-priority 1-65535",
	" [no] lacp suspend-individual (Port-channel)",
	" lacp max-bundle 1-8 (Port-channel)",
	" [no] port-channel min-links 2-8 (Port-channel)",
	" [no] mlag 1-65535 (Port-channel; or vpc 1-65535)",
	" vpc peer-link (Port-channel)",
	" [no] vpc orphan-port suspend (a port in no MLAG channel)",
	" [no] speed 10|100|1000|10000|auto [10 100 1000]",
	" [no] duplex full|half|auto",
	" switchport",
	" switchport mode access|trunk",
	" switchport access vlan 1-4094",
	" switchport trunk native vlan 1-4094",
	" switchport trunk allowed vlan LIST|all|none|add LIST|remove LIST|except LIST",
	" switchport trunk encapsulation dot1q",
	" switchport nonegotiate",
	" spanning-tree portfast [edge]",
	" exit",
	NULL,
};

/* The types a config names (sw_ifname.c): a port is named by the short form IOS prints. */
#define IF_TYPES_TEXT                                                                   \
	"FastEthernet (Fa), GigabitEthernet (Gi), TenGigabitEthernet (Te), TwentyFiveGigE " \
	"(Twe), FortyGigabitEthernet (Fo), HundredGigE (Hu), Ethernet (Eth), Port-channel (Po)"

gboolean sw_ios_fail(struct sw_ios_reader *r, GError **error, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID, "%s:%d: %s", r->file, r->line,
		    msg);
	g_free(msg);
	return FALSE;
}

static void if_free(gpointer p)
{
	struct sw_ios_if *i = p;

	g_free(i->name);
	g_free(i->description);
	g_free(i);
}

static void note_free(gpointer p)
{
	struct sw_ios_note *n = p;

	g_free(n->text);
	g_free(n);
}

static gint note_cmp(gconstpointer a, gconstpointer b)
{
	const struct sw_ios_note *x = *(const struct sw_ios_note *const *)a;
	const struct sw_ios_note *y = *(const struct sw_ios_note *const *)b;

	return (x->line > y->line) - (x->line < y->line);
}

void sw_ios_free(struct sw_ios *c)
{
	if (!c)
		return;
	g_free(c->file);
	g_free(c->hostname);
	g_ptr_array_unref(c->ifs);
	g_ptr_array_unref(c->notes);
	sw_ios_peering_free(c->peering);
	sw_ios_domain_free(&c->domain);
	g_free(c);
}

/* "Gi", "gigabitethernet": the one type @word (of @len chars) is a prefix of, or -1. */
static int if_type_of(const char *word, size_t len)
{
	int found = -1;

	if (!len)
		return -1;
	for (guint t = 0; t < SW_IFTYPE_CONFIG; t++) {
		if (len > strlen(sw_iftypes[t].name) ||
		    g_ascii_strncasecmp(word, sw_iftypes[t].name, len) != 0)
			continue;
		if (found >= 0)
			return -2;	/* ambiguous: "F", "T" */
		found = (int)t;
	}
	return found;
}

/* A whole number from @lo to @hi, digits only. */
bool sw_ios_number(const char *w, guint64 lo, guint64 hi, guint64 *out)
{
	char *end;
	guint64 v;

	if (!g_ascii_isdigit(w[0]) || strlen(w) > 10)
		return false;
	errno = 0;
	v = g_ascii_strtoull(w, &end, 10);
	if (*end || errno || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/*
 * One interface of "TYPE NUMBER" (@s, @len chars, spaces allowed between)
 * into @type and @num ("0/1"); an error names it as written.
 */
static gboolean if_name(struct sw_ios_reader *r, const char *s, size_t len, int *type, GString *num,
			GError **error)
{
	size_t i = 0, tl;
	int slashes = 0, digits = 0;
	char *written = g_strndup(s, len);
	gboolean ok = FALSE;

	g_strstrip(written);
	s = written;
	len = strlen(written);
	while (i < len && (g_ascii_isalpha(s[i]) || s[i] == '-'))
		i++;
	tl = i;
	*type = if_type_of(s, tl);
	while (i < len && s[i] == ' ')
		i++;
	g_string_assign(num, s + i);
	if (*type < 0) {
		sw_ios_fail(r, error, "unknown interface type '%.*s' in '%s'%s; bondsim takes %s",
			    (int)tl, s, s, *type == -2 ? " (it could be more than one type)" : "",
			    IF_TYPES_TEXT);
		goto out;
	}
	for (const char *p = num->str; *p; p++) {
		if (*p == '/') {
			if (!digits)
				break;
			slashes++;
			digits = 0;
		} else if (g_ascii_isdigit(*p) && digits < 4) {
			digits++;
		} else {
			digits = 0;
			break;
		}
	}
	if (*type == SW_IFTYPE_PO) {
		guint64 v;

		if (!sw_ios_number(num->str, 1, SW_IOS_MAX_GROUP, &v)) {
			sw_ios_fail(r, error,
				    "'%s': a Port-channel's number is 1 to %d, e.g. interface Port-channel1",
				    s, SW_IOS_MAX_GROUP);
			goto out;
		}
		g_string_printf(num, "%u", (unsigned)v);
	} else if (!digits || slashes > 3 || (slashes < 1 && *type != SW_IFTYPE_ETH)) {
		/* Arista EOS numbers a fixed switch's ports alone: Ethernet1 */
		sw_ios_fail(r, error,
			    "'%s': an interface number is SLOT/PORT (up to four numbers of up to four digits, split by '/'), e.g. %s0/1 or %s1/0/1%s",
			    s, sw_iftypes[*type].name, sw_iftypes[*type].name,
			    *type == SW_IFTYPE_ETH ? ", or one number as Arista's Ethernet1" : "");
		goto out;
	} else {
		/* "00/01" is 0/1, as IOS reads it */
		char **parts = g_strsplit(num->str, "/", -1);

		g_string_truncate(num, 0);
		for (char **pp = parts; *pp; pp++)
			g_string_append_printf(num, "%s%u", pp == parts ? "" : "/",
					       (unsigned)g_ascii_strtoull(*pp, NULL, 10));
		g_strfreev(parts);
	}
	ok = TRUE;
out:
	g_free(written);
	return ok;
}

gboolean sw_ios_port_name(struct sw_ios_reader *r, const char *text, char **name, bool *is_po,
			  GError **error)
{
	GString *num = g_string_new(NULL);
	int type;
	gboolean ok = if_name(r, text, strlen(text), &type, num, error);

	if (ok && strchr(num->str, ' '))
		ok = sw_ios_fail(r, error, "'%s': one interface here", r->text);
	if (ok) {
		*name = g_strdup_printf("%s%s", sw_iftypes[type].abbrev, num->str);
		*is_po = type == SW_IFTYPE_PO;
	}
	g_string_free(num, TRUE);
	return ok;
}

/* The interface called @name (bondsim's short name), made when first named. */
static struct sw_ios_if *if_get(struct sw_ios_reader *r, const char *name, bool is_po)
{
	struct sw_ios_if *i = g_hash_table_lookup(r->by_name, name);

	if (i)
		return i;
	i = g_new0(struct sw_ios_if, 1);
	i->name = g_strdup(name);
	i->is_po = is_po;
	i->line = r->line;
	i->rate = -1;
	i->suspend_individual = -1;
	g_ptr_array_add(r->c->ifs, i);
	g_hash_table_insert(r->by_name, i->name, i);
	return i;
}

static void enter(struct sw_ios_reader *r, const char *text)
{
	if (r->cur)
		g_ptr_array_set_size(r->cur, 0);
	else
		r->cur = g_ptr_array_new();
	g_free(r->cur_text);
	r->cur_text = g_strdup(text);
}

void sw_ios_leave(struct sw_ios_reader *r)
{
	if (r->cur)
		g_ptr_array_unref(r->cur);
	r->cur = NULL;
	g_free(r->cur_text);
	r->cur_text = NULL;
}

/* Add "TYPE N/N[ - M]" (one item of a range) to the interfaces being configured. */
static gboolean range_item(struct sw_ios_reader *r, const char *item, GError **error)
{
	const char *dash = NULL;
	GString *num = g_string_new(NULL);
	int type;
	gboolean ok;
	guint64 lo, hi;
	const char *last;

	/* the dash after the first number, not the one in "Port-channel" */
	for (const char *p = item; *p && !dash; p++) {
		const char *b = p;

		if (*p != '-')
			continue;
		while (b > item && b[-1] == ' ')
			b--;
		if (b > item && g_ascii_isdigit(b[-1]))
			dash = p;
	}
	ok = if_name(r, item, dash ? (size_t)(dash - item) : strlen(item), &type, num, error);
	if (!ok)
		goto out;
	last = strrchr(num->str, '/');
	last = last ? last + 1 : num->str;
	lo = hi = g_ascii_strtoull(last, NULL, 10);
	if (dash) {
		char *end = g_strstrip(g_strdup(dash + 1));

		/* the last number stays a number "interface" takes */
		guint64 max = type == SW_IFTYPE_PO ? SW_IOS_MAX_GROUP : 9999;

		if (!sw_ios_number(end, 0, max, &hi) || hi < lo) {
			ok = sw_ios_fail(r, error,
					 "bad interface range '%s': after '-' comes the last number, not below the first (%" G_GUINT64_FORMAT ") and at most %" G_GUINT64_FORMAT ", e.g. interface range GigabitEthernet0/1 - 4",
					 item, lo, max);
			g_free(end);
			goto out;
		}
		g_free(end);
	}
	if (r->c->ifs->len + (hi - lo) >= SW_IOS_MAX_IFS) {
		ok = sw_ios_fail(r, error, "more than %d interfaces: bondsim takes at most %d per switch",
				 SW_IOS_MAX_IFS, SW_IOS_MAX_IFS);
		goto out;
	}
	for (guint64 n = lo; n <= hi; n++) {
		char *name = g_strdup_printf("%s%.*s%" G_GUINT64_FORMAT, sw_iftypes[type].abbrev,
					     (int)(last - num->str), num->str, n);

		g_ptr_array_add(r->cur, if_get(r, name, type == SW_IFTYPE_PO));
		g_free(name);
	}
out:
	g_string_free(num, TRUE);
	return ok;
}

/* "interface range Gi0/1 - 4, Gi0/7" */
static gboolean cmd_range(struct sw_ios_reader *r, const char *list, GError **error)
{
	char **items = g_strsplit(list, ",", -1);
	gboolean ok = TRUE;
	char *text = g_strdup_printf("interface range %s", list);

	enter(r, text);
	g_free(text);
	for (char **ip = items; *ip && ok; ip++) {
		g_strstrip(*ip);
		if (!**ip)
			ok = sw_ios_fail(r, error,
					 "bad interface range '%s': an empty item; write e.g. interface range GigabitEthernet0/1 - 4, GigabitEthernet0/7",
					 list);
		else
			ok = range_item(r, *ip, error);
	}
	g_strfreev(items);
	return ok;
}

static gboolean cmd_interface(struct sw_ios_reader *r, char **w, int n, const char *rest,
			      GError **error)
{
	GString *num, *name;
	char *text;
	int type;
	gboolean ok;
	bool svi;

	if (n < 2)
		return sw_ios_fail(r, error,
				   "'interface' names no interface: write e.g. interface GigabitEthernet0/1");
	if (g_ascii_strcasecmp(w[1], "range") == 0) {
		if (n < 3)
			return sw_ios_fail(r, error,
					   "'interface range' names no interface: write e.g. interface range GigabitEthernet0/1 - 4");
		rest += strlen(w[1]);
		while (*rest == ' ' || *rest == '\t')
			rest++;
		return cmd_range(r, rest, error);
	}
	ok = sw_ios_peering_svi(r, rest, &svi, error);
	if (svi)
		return ok;
	for (const char *p = strchr(rest, '-'); p; p = strchr(p + 1, '-')) {
		const char *b = p;

		while (b > rest && b[-1] == ' ')
			b--;
		if (b > rest && g_ascii_isdigit(b[-1]))
			return sw_ios_fail(r, error, "'interface %s': a range of interfaces is 'interface range %s'",
					   rest, rest);
	}
	num = g_string_new(NULL);
	ok = if_name(r, rest, strlen(rest), &type, num, error);
	if (ok && strchr(num->str, ' '))
		ok = sw_ios_fail(r, error, "'interface %s': one interface here; for several write interface range %s",
				 rest, rest);
	if (ok) {
		name = g_string_new(sw_iftypes[type].abbrev);
		g_string_append(name, num->str);
		if (r->c->ifs->len >= SW_IOS_MAX_IFS &&
		    !g_hash_table_lookup(r->by_name, name->str)) {
			g_string_free(name, TRUE);
			g_string_free(num, TRUE);
			return sw_ios_fail(r, error, "more than %d interfaces: bondsim takes at most %d per switch",
					   SW_IOS_MAX_IFS, SW_IOS_MAX_IFS);
		}
		text = g_strdup_printf("interface %s%s", sw_iftypes[type].name, num->str);
		enter(r, text);
		g_free(text);
		g_ptr_array_add(r->cur, if_get(r, name->str, type == SW_IFTYPE_PO));
		g_string_free(name, TRUE);
	}
	g_string_free(num, TRUE);
	return ok;
}

bool sw_ios_is(const char *word, const char *kw)
{
	return word && g_ascii_strcasecmp(word, kw) == 0;
}

gboolean sw_ios_want_words(struct sw_ios_reader *r, int n, int want, const char *cmd,
			   const char *example, GError **error)
{
	if (n == want)
		return TRUE;
	return sw_ios_fail(r, error, "'%s' %s: write e.g. '%s'", cmd,
			   n < want ? "is incomplete" : "has words too many", example);
}

gboolean sw_ios_num_arg(struct sw_ios_reader *r, const char *w, guint64 lo, guint64 hi,
			const char *what, guint64 *out, GError **error)
{
	if (sw_ios_number(w, lo, hi, out))
		return TRUE;
	return sw_ios_fail(r, error, "%s '%s': write a whole number from %" G_GUINT64_FORMAT " to %"
			   G_GUINT64_FORMAT, what, w, lo, hi);
}

static gboolean unknown(struct sw_ios_reader *r, const char *line, GError **error)
{
	static const char *const first[] = { "hostname", "interface", "lacp", "port-channel",
		"mac", "errdisable", "end", "description", "shutdown", "no", "channel-group",
		"switchport", "spanning-tree", "exit", "feature", NULL };
	char *word = g_strndup(line, strcspn(line, " "));
	const char *near;
	GString *all = g_string_new(NULL);
	bool vpc = r->c->domain.kind == SW_IOS_DOMAIN_VPC;

	if (r->sub) {
		/* a "vlan LIST" of several VLANs as it was written */
		g_autofree char *under =
			r->sub == SW_IOS_PEERING_VLAN && !r->sub_vlan ? g_strdup(r->sub_line)
			: g_strdup_printf("%s%u", r->sub == SW_IOS_PEERING_VLAN ? "vlan " : "interface Vlan",
					  r->sub_vlan);

		sw_ios_fail(r, error, "unknown command '%s' under %s; bondsim takes there: %s",
			    line, under, sw_ios_peering_commands(r));
		g_free(word);
		g_string_free(all, TRUE);
		return FALSE;
	}
	if (r->in_domain) {
		/* the domain's own commands: the global ones are known well enough */
		const char *const *cmds = vpc ? sw_ios_vpc_commands : sw_ios_eos_commands;

		near = sim_nearest(word, vpc ? sw_ios_vpc_words : sw_ios_eos_words);
		for (const char *const *c = cmds; *c; c++)
			g_string_append_printf(all, "%s%s", c == cmds ? "" : "; ", *c);
	} else {
		near = sim_nearest(word, first);
		for (const char *const *c = sw_ios_commands; *c; c++)
			g_string_append_printf(all, "%s%s",
					       c == sw_ios_commands ? ""
					       : **c == ' ' && c[-1][0] != ' ' ? "; and under an interface: "
					       : "; ",
					       **c == ' ' ? *c + 1 : *c);
	}
	sw_ios_fail(r, error, "unknown command '%s'%s%s%s%s%s; bondsim takes%s: %s", line,
		    r->cur || r->in_domain ? " in " : "",
		    r->cur ? r->cur_text : !r->in_domain ? ""
		    : vpc ? "vpc domain" : "mlag configuration",
		    near && strcmp(near, word) ? " (did you mean '" : "",
		    near && strcmp(near, word) ? near : "", near && strcmp(near, word) ? "'?)" : "",
		    r->in_domain ? " there" : "", all->str);
	g_string_free(all, TRUE);
	g_free(word);
	return FALSE;
}

/* A global command; FALSE with @error, or FALSE and no error when it is not one. */
static gboolean global(struct sw_ios_reader *r, char **w, int n, const char *rest, bool *known,
		       GError **error)
{
	guint64 v;
	gboolean ok;
	const char *why;

	ok = sw_ios_global_stp(r, w, n, known, error);
	if (*known || !ok)
		return ok;
	*known = true;
	/* "spanning-tree portfast [edge]" without "default" is an interface's */
	if (sw_ios_ignored_global(w, n, &why) &&
	    !(sw_ios_is(w[0], "spanning-tree") && sw_ios_is(w[1], "portfast") &&
	      !sw_ios_is(w[n - 1], "default"))) {
		sw_ios_note(r, "'%s': bondsim does not model %s; the line changes nothing", r->text,
			    why);
		return TRUE;
	}
	if (sw_ios_is(w[0], "hostname")) {
		if (!sw_ios_want_words(r, n, 2, "hostname", "hostname sw1", error))
			return FALSE;
		g_free(r->c->hostname);
		r->c->hostname = g_strdup(w[1]);
		r->c->hostname_line = r->line;
		return TRUE;
	}
	if (sw_ios_is(w[0], "interface"))
		return cmd_interface(r, w, n, rest, error);
	if (sw_ios_is(w[0], "lacp") && n >= 2 && sw_ios_is(w[1], "system-priority")) {
		if (!sw_ios_want_words(r, n, 3, "lacp system-priority", "lacp system-priority 32768", error) ||
		    !sw_ios_num_arg(r, w[2], 1, 65535, "lacp system-priority", &v, error))
			return FALSE;
		r->c->system_priority = (uint16_t)v;
		return TRUE;
	}
	if (sw_ios_is(w[0], "port-channel") && n >= 2 && sw_ios_is(w[1], "load-balance")) {
		if (!sw_ios_want_words(r, n, 3, "port-channel load-balance",
				       "port-channel load-balance src-dst-ip", error))
			return FALSE;
		return sw_ios_cmd_load_balance(r, w[2], error);
	}
	if (sw_ios_is(w[0], "mac"))
		return sw_ios_cmd_mac(r, w, n, error);
	if (sw_ios_is(w[0], "errdisable"))
		return sw_ios_cmd_errdisable(r, w, n, error);
	if (sw_ios_is(w[0], "end") && n == 1) {
		r->ended = true;
		return TRUE;
	}
	ok = sw_ios_peering_global(r, w, n, known, error);
	if (*known)
		return ok;
	return sw_ios_domain_global(r, w, n, known, error);
}

static gboolean one_line(struct sw_ios_reader *r, char *line, GError **error)
{
	char **words = g_strsplit_set(line, " \t", -1);
	GPtrArray *w = g_ptr_array_new();
	gboolean ok = FALSE;
	bool known = false, was_in_domain;
	enum sw_ios_peering_kind was_sub;
	const char *rest, *first;

	for (char **wp = words; *wp; wp++)
		if (**wp)
			g_ptr_array_add(w, *wp);
	g_ptr_array_add(w, NULL);
	/* the line after its first word, for names and descriptions */
	rest = line + strcspn(line, " \t");
	while (*rest == ' ' || *rest == '\t')
		rest++;
	if (r->ended) {
		ok = sw_ios_fail(r, error, "'%s' after 'end': the config ends at 'end'; move it above",
				 line);
		goto out;
	}
	if (r->cur) {
		ok = sw_ios_iface(r, (char **)w->pdata, (int)w->len - 1, line, &known, error);
		if (known || (error && *error))
			goto out;
	}
	if (r->in_domain) {
		ok = sw_ios_domain_cmd(r, (char **)w->pdata, (int)w->len - 1, &known, error);
		if (known || (error && *error))
			goto out;
	}
	if (r->sub) {
		ok = sw_ios_peering_cmd(r, (char **)w->pdata, (int)w->len - 1, &known, error);
		if (known || (error && *error))
			goto out;
	}
	/*
	 * A global command leaves interface mode, as in IOS ("interface" enters
	 * another), the domain's mode ("vpc domain" enters it again) and a
	 * VLAN's ("vlan N", "interface VlanN").
	 */
	was_in_domain = r->in_domain;
	was_sub = r->sub;
	r->in_domain = false;
	r->sub = SW_IOS_PEERING_NONE;
	ok = global(r, (char **)w->pdata, (int)w->len - 1, rest, &known, error);
	if (!known) {
		r->in_domain = was_in_domain;
		r->sub = was_sub;
	}
	if (ok && known && !sw_ios_is(g_ptr_array_index(w, 0), "interface"))
		sw_ios_leave(r);
	if (known || (error && *error))
		goto out;
	first = g_ptr_array_index(w, sw_ios_is(g_ptr_array_index(w, 0), "no") && w->len > 2 ? 1 : 0);
	if (!r->cur && !r->sub && (sw_ios_is(first, "shutdown") || sw_ios_is(first, "mlag") ||
			     sw_ios_is(first, "vpc") || sw_ios_is(first, "description") ||
			sw_ios_is(first, "channel-group") || sw_ios_is(first, "switchport") ||
			sw_ios_is(first, "spanning-tree") ||
			(sw_ios_is(first, "lacp") && w->len > 2 && !sw_ios_is(g_ptr_array_index(w, 1), "system-priority"))))
		ok = sw_ios_fail(r, error, "'%s' outside an interface: put it under 'interface ...'", line);
	else
		ok = unknown(r, line, error);
out:
	g_ptr_array_free(w, TRUE);
	g_strfreev(words);
	return ok;
}

struct sw_ios *sw_ios_parse(const char *text, const char *file, int first_line, GError **error)
{
	struct sw_ios *c = g_new0(struct sw_ios, 1);
	struct sw_ios_reader r = { .file = file, .c = c };
	char **lines = g_strsplit(text, "\n", -1);
	gboolean ok = TRUE;
	GError *inner = NULL;

	c->file = g_strdup(file);
	c->first_line = first_line;
	c->ifs = g_ptr_array_new_with_free_func(if_free);
	c->notes = g_ptr_array_new_with_free_func(note_free);
	c->recovery_interval = SW_IOS_RECOVERY_DEFAULT;
	r.by_name = g_hash_table_new(g_str_hash, g_str_equal);
	for (int k = 0; lines[k] && ok; k++) {
		char *line = g_strstrip(lines[k]);

		r.line = first_line + k;
		r.text = line;
		if (!*line || *line == '!')
			continue;
		ok = one_line(&r, line, &inner);
	}
	g_strfreev(lines);
	sw_ios_leave(&r);
	if (ok && c->interval_line && !c->recovery_cause) {
		r.line = c->interval_line;
		ok = sw_ios_fail(&r, &inner,
				 "errdisable recovery interval without errdisable recovery cause mac-flap: no port would recover; add the cause, or drop the interval");
	}
	if (ok)
		ok = sw_ios_domain_check(&r, &inner);
	if (ok)
		ok = sw_ios_peering_check(&r, &inner);
	/* the peer link's lines are warned of once judged: back in line order */
	g_ptr_array_sort(c->notes, note_cmp);
	g_hash_table_unref(r.by_name);
	if (!ok) {
		g_propagate_error(error, inner);
		sw_ios_free(c);
		return NULL;
	}
	return c;
}
