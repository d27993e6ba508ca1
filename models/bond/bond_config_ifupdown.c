/*
 * bond_config_ifupdown.c - Debian's /etc/network/interfaces, with ifenslave's bond-* options.
 *
 * DOC: The file is read as ifupdown reads it (interfaces(5)): '#' starts a
 * comment line, a backslash at the end of a line continues it, "auto" and
 * "allow-CLASS" lines list interfaces to bring up, "iface NAME FAMILY
 * METHOD" starts a stanza whose option lines follow.  An iface with any
 * bond-* option other than bond-master (or named by a slave's bond-master)
 * is a bond.  ifenslave writes each bond-NAME option to
 * /sys/class/net/BOND/bonding/NAME as given (names or numbers), so the
 * options are the kernel's, '-' for '_', and go through the options table as
 * sysfs writes; ifenslave sets nothing itself, so what is not written keeps
 * the module's value.  bond-slaves lists the slaves enslaved in that order
 * ("none": only the slaves whose bond-master names the bond, in the order
 * their auto lines bring them up).  A bond comes up at boot when an auto or
 * allow- line names it or one of its slaves.  address takes /N, or a netmask
 * line (dotted or a prefix length).
 *
 * A bond-* option ifenslave does not know is refused with file:line and the
 * list; other options (gateway, mtu, dns-*, up commands ...) are not
 * modelled and only warned about.
 */
#include "bond_config_priv.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define TOOL "ifupdown"

struct if_opt {
	char *key;
	char *value;
	int line;
};

struct if_stanza {
	char *dev;
	int line;
	gboolean inet;		/* family inet (the address is read from it) */
	GPtrArray *opts;	/* struct if_opt * */
};

static void if_opt_free(gpointer data)
{
	struct if_opt *o = data;

	g_free(o->key);
	g_free(o->value);
	g_free(o);
}

static void if_stanza_free(gpointer data)
{
	struct if_stanza *st = data;

	g_free(st->dev);
	g_ptr_array_unref(st->opts);
	g_free(st);
}

static const struct if_opt *if_get(const struct if_stanza *st, const char *key)
{
	for (guint i = 0; i < st->opts->len; i++) {
		const struct if_opt *o = st->opts->pdata[i];

		if (!strcmp(o->key, key))
			return o;
	}
	return NULL;
}

/* Options of every stanza of dev (inet and inet6 stanzas share the interface). */
static const struct if_opt *dev_get(GPtrArray *stanzas, const char *dev, const char *key)
{
	for (guint i = 0; i < stanzas->len; i++) {
		const struct if_stanza *st = stanzas->pdata[i];
		const struct if_opt *o = strcmp(st->dev, dev) ? NULL : if_get(st, key);

		if (o)
			return o;
	}
	return NULL;
}

/* The bond-* options ifenslave knows: its own, then every sysfs bonding file. */
static char *if_bond_keys(void)
{
	GString *s = g_string_new("bond-slaves, bond-master");

	for (int id = 0; id < BOND_OPT_COUNT; id++) {
		const struct bond_opt_desc *d = bond_opt_get(id);

		if (!d || !(d->flags & BOND_OPT_F_SYSFS))
			continue;
		g_string_append(s, ", bond-");
		for (const char *c = d->name; *c; c++)
			g_string_append_c(s, *c == '_' ? '-' : *c);
	}
	return g_string_free(s, FALSE);
}

static const struct bond_opt_desc *if_bond_opt(const char *key)
{
	const struct bond_opt_desc *d = bond_opt_lookup(key + 5);

	return d && (d->flags & BOND_OPT_F_SYSFS) ? d : NULL;
}

static gboolean if_check_opt(struct bond_conf_set *s, const char *file,
			     const struct if_stanza *st, const struct if_opt *o, GError **error)
{
	static const char *const quiet[] = { "address", "netmask", NULL };
	static const char *const noted[] = { "gateway", "broadcast", "network", "mtu",
		"hwaddress", "metric", "scope", "pre-up", "up", "post-up", "down", "pre-down",
		"post-down", "description", "pointopoint", "hostname", NULL };

	if (g_str_has_prefix(o->key, "bond-")) {
		if (!strcmp(o->key, "bond-slaves") || !strcmp(o->key, "bond-master"))
			return TRUE;
		if (!if_bond_opt(o->key)) {
			g_autofree char *keys = if_bond_keys();

			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: %s: '%s' is not a bonding option ifenslave knows: "
				    "write one of %s", file, o->line, st->dev, o->key, keys);
			return FALSE;
		}
		g_autofree char *kname = g_strdelimit(g_strdup(o->key + 5), "-", '_');
		g_auto(GStrv) words = g_strsplit(o->value, " ", -1);

		/* each word is one sysfs write (arp_ip_target takes several) */
		for (char **w = words; *w; w++)
			if (**w && !bond_conf_tool_check(kname, *w, file, o->line, error))
				return FALSE;
		return TRUE;
	}
	for (int i = 0; quiet[i]; i++)
		if (!strcmp(o->key, quiet[i]))
			return TRUE;
	for (int i = 0; noted[i]; i++)
		if (!strcmp(o->key, noted[i])) {
			bond_conf_warn(s, file, o->line, "%s: '%s' is not modelled; ignored",
				       st->dev, o->key);
			return TRUE;
		}
	if (!g_str_has_prefix(o->key, "dns-"))
		bond_conf_warn(s, file, o->line, "%s: option '%s' is not modelled; ignored",
			       st->dev, o->key);
	return TRUE;
}

static gboolean if_address(const char *file, const struct if_stanza *st, char **ip,
			   int *prefix, GError **error)
{
	const struct if_opt *a = if_get(st, "address");
	const struct if_opt *m = if_get(st, "netmask");

	if (!a)
		return TRUE;
	if (!bond_conf_parse_addr(a->value, -1, ip, prefix)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS,
			    "%s:%d: address %s is not an IPv4 address: write e.g. address "
			    "10.0.0.1/24", file, a->line, a->value);
		return FALSE;
	}
	if (m) {
		struct in_addr mask;
		char *end;
		long n = strtol(m->value, &end, 10);

		if (*m->value && !*end && n >= 0 && n <= 32) {
			*prefix = (int)n;
		} else if (inet_pton(AF_INET, m->value, &mask) == 1) {
			uint32_t v = ntohl(mask.s_addr);
			int k = 0;

			while (k < 32 && (v & (0x80000000u >> k)))
				k++;
			if (k < 32 && (v << k)) {
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS,
					    "%s:%d: netmask %s is not contiguous: its one bits come "
					    "first, e.g. 255.255.255.0", file, m->line, m->value);
				g_clear_pointer(ip, g_free);
				return FALSE;
			}
			*prefix = k;
		} else {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS,
				    "%s:%d: netmask %s is not a netmask: write e.g. netmask "
				    "255.255.255.0 (or address 10.0.0.1/24)", file, m->line,
				    m->value);
			g_clear_pointer(ip, g_free);
			return FALSE;
		}
	}
	if (*prefix < 0) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS,
			    "%s:%d: address %s has no prefix length: write address %s/24, or add "
			    "a netmask line", file, a->line, a->value, a->value);
		g_clear_pointer(ip, g_free);
		return FALSE;
	}
	return TRUE;
}

static gboolean listed(GPtrArray *names, const char *dev)
{
	for (guint i = 0; i < names->len; i++)
		if (!strcmp(names->pdata[i], dev))
			return TRUE;
	return FALSE;
}

static gboolean is_bond(GPtrArray *stanzas, const char *dev)
{
	for (guint i = 0; i < stanzas->len; i++) {
		const struct if_stanza *st = stanzas->pdata[i];

		if (strcmp(st->dev, dev)) {
			const struct if_opt *m = if_get(st, "bond-master");

			if (m && !strcmp(m->value, dev))
				return TRUE;
			continue;
		}
		for (guint k = 0; k < st->opts->len; k++) {
			const struct if_opt *o = st->opts->pdata[k];

			if (g_str_has_prefix(o->key, "bond-") && strcmp(o->key, "bond-master"))
				return TRUE;
		}
	}
	return FALSE;
}

/*
 * interfaces(5)'s address families and their methods: ifupdown refuses a
 * file with any other (ifup reads nothing of it), so bondsim does too.
 */
static gboolean if_method_known(const char *family, const char *method, const char *f,
				int line, GError **error)
{
	static const char *const inet[] = { "loopback", "static", "manual", "dhcp", "bootp",
		"tunnel", "ppp", "wvdial", "ipv4ll", NULL };
	static const char *const inet6[] = { "auto", "loopback", "static", "manual", "dhcp",
		"v4tunnel", "6to4", NULL };
	static const char *const can[] = { "static", NULL };
	static const char *const ipx[] = { "static", "dynamic", NULL };
	const char *const *methods = !strcmp(family, "inet") ? inet : !strcmp(family, "inet6") ? inet6
				   : !strcmp(family, "can") ? can : !strcmp(family, "ipx") ? ipx : NULL;
	g_autofree char *list = NULL;

	if (!methods) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: unknown address family '%s': write inet, inet6, can or ipx",
			    f, line, family);
		return FALSE;
	}
	if (g_strv_contains(methods, method))
		return TRUE;
	list = g_strjoinv(", ", (char **)methods);
	g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
		    "%s:%d: unknown method '%s' for %s (ifup would read nothing of the file): "
		    "write one of %s", f, line, method, family, list);
	return FALSE;
}

/* The bonds, their options, slaves and addresses, in the order ifup -a brings them up. */
static gboolean if_bonds(struct bond_conf_set *s, const char *file, GPtrArray *stanzas,
			 GPtrArray *autos, GError **error)
{
	struct bond_conf_state *st = s->state;
	g_autoptr(GPtrArray) order = g_ptr_array_new();

	/* auto/allow- order first, then the bonds only named in iface lines */
	for (guint i = 0; i < autos->len; i++)
		if (is_bond(stanzas, autos->pdata[i]) && !listed(order, autos->pdata[i]))
			g_ptr_array_add(order, autos->pdata[i]);
	for (guint i = 0; i < stanzas->len; i++) {
		const struct if_stanza *sz = stanzas->pdata[i];

		if (is_bond(stanzas, sz->dev) && !listed(order, sz->dev))
			g_ptr_array_add(order, sz->dev);
	}
	for (guint i = 0; i < stanzas->len; i++) {
		const struct if_stanza *sz = stanzas->pdata[i];
		const struct if_opt *m = if_get(sz, "bond-master");

		if (m && !listed(order, m->value))
			g_ptr_array_add(order, m->value);
	}
	for (guint i = 0; i < order->len; i++) {
		const char *dev = order->pdata[i];
		const struct if_stanza *first = NULL;
		struct tool_bond *b;
		gboolean up = listed(autos, dev);

		for (guint k = 0; k < stanzas->len && !first; k++)
			if (!strcmp(((struct if_stanza *)stanzas->pdata[k])->dev, dev))
				first = stanzas->pdata[k];
		if (dev_get(stanzas, dev, "bond-master")) {
			const struct if_opt *m = dev_get(stanzas, dev, "bond-master");

			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
				    "%s:%d: %s is configured both as a bond and as a slave of %s",
				    file, m->line, dev, m->value);
			return FALSE;
		}
		if (!bond_ifname_valid(dev)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
				    "%s:%d: '%s' is not a valid interface name (at most %d "
				    "characters, no '/', ':' or spaces)", file,
				    first ? first->line : 0, dev, BOND_IFNAMSIZ - 1);
			return FALSE;
		}
		if (!first) {
			const struct if_opt *m = NULL;

			for (guint k = 0; k < stanzas->len && !m; k++) {
				m = if_get(stanzas->pdata[k], "bond-master");
				if (m && strcmp(m->value, dev))
					m = NULL;
			}
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
				    "%s:%d: bond-master %s: there is no 'iface %s' stanza; ifenslave "
				    "enslaves into a bond configured in this file", file, m->line,
				    dev, dev);
			return FALSE;
		}
		b = bond_conf_tool_bond(st, TOOL, dev, file, first->line);
		b->load_module = FALSE;
		/* the bond's options, in file order, over every stanza of the bond */
		for (guint k = 0; k < stanzas->len; k++) {
			const struct if_stanza *sz = stanzas->pdata[k];

			if (strcmp(sz->dev, dev))
				continue;
			for (guint j = 0; j < sz->opts->len; j++) {
				const struct if_opt *o = sz->opts->pdata[j];

				if (!g_str_has_prefix(o->key, "bond-") ||
				    !strcmp(o->key, "bond-slaves"))
					continue;
				g_autofree char *kname = g_strdelimit(g_strdup(o->key + 5), "-",
								      '_');
				g_auto(GStrv) words = g_strsplit_set(o->value, " \t", -1);

				/* ifenslave writes arp_ip_target once per address ("+ADDR") */
				for (char **w = words; *w; w++)
					if (**w)
						bond_conf_tool_opt(b, kname, *w, file, o->line);
			}
			if (sz->inet && !b->ipaddr && !if_address(file, sz, &b->ipaddr,
								  &b->prefix, error))
				return FALSE;
		}
		/* bond-slaves, in its order; then the slaves naming it, in auto order */
		const struct if_opt *sl = dev_get(stanzas, dev, "bond-slaves");
		g_autoptr(GPtrArray) slaves = g_ptr_array_new_with_free_func(g_free);

		if (sl && strcmp(sl->value, "none")) {
			g_auto(GStrv) words = g_strsplit_set(sl->value, " \t", -1);

			for (char **w = words; *w; w++) {
				const struct if_opt *m;

				if (!**w || listed(slaves, *w))
					continue;
				m = dev_get(stanzas, *w, "bond-master");
				if (m && strcmp(m->value, dev)) {
					g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
						    "%s:%d: %s is in bond-slaves of %s but its "
						    "bond-master is %s", file, m->line, *w, dev,
						    m->value);
					return FALSE;
				}
				g_ptr_array_add(slaves, g_strdup(*w));
				bond_conf_tool_slave(b, *w, file, sl->line);
			}
		}
		for (guint pass = 0; pass < 2; pass++) {
			for (guint k = 0; k < stanzas->len; k++) {
				const struct if_stanza *sz = stanzas->pdata[k];
				const struct if_opt *m = if_get(sz, "bond-master");

				if (!m || strcmp(m->value, dev) || listed(slaves, sz->dev) ||
				    listed(autos, sz->dev) != (pass == 0))
					continue;
				if (pass == 1) {
					bond_conf_warn(s, file, sz->line, "%s names bond-master %s "
						       "but no auto or allow- line brings it up; not "
						       "enslaved", sz->dev, dev);
					continue;
				}
				g_ptr_array_add(slaves, g_strdup(sz->dev));
				up = TRUE;
			}
		}
		/* the pass-0 slaves in the order their auto lines name them */
		for (guint k = 0; k < autos->len; k++) {
			const char *a = autos->pdata[k];
			const struct if_opt *m = dev_get(stanzas, a, "bond-master");
			gboolean done = FALSE;

			for (guint j = 0; j < b->slaves->len; j++)
				done |= !strcmp(((struct tool_slave *)b->slaves->pdata[j])->dev, a);
			if (m && !strcmp(m->value, dev) && !done)
				bond_conf_tool_slave(b, a, file, m->line);
		}
		for (guint k = 0; k < slaves->len; k++)
			if (!sl || strcmp(sl->value, "none"))
				up |= listed(autos, slaves->pdata[k]);
		if (!up)
			b->down = "no auto or allow- line brings it or its slaves up; not created "
				  "at boot (add 'auto BOND')";
	}
	return TRUE;
}

gboolean bond_conf_parse_interfaces(struct bond_conf_set *s, const char *text, const char *file,
				    int first_line, GError **error)
{
	struct bond_conf_state *st = s->state;
	const char *f = bond_conf_keep_file(st, file ? file : "<interfaces>");
	g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
	g_autoptr(GPtrArray) stanzas = g_ptr_array_new_with_free_func(if_stanza_free);
	g_autoptr(GPtrArray) autos = g_ptr_array_new_with_free_func(g_free);
	struct if_stanza *cur = NULL;

	for (int i = 0; lines[i]; i++) {
		int line = first_line + i;
		g_autoptr(GString) buf = g_string_new(g_strstrip(lines[i]));

		while (buf->len && buf->str[buf->len - 1] == '\\' && lines[i + 1]) {
			g_string_truncate(buf, buf->len - 1);
			g_string_append_c(buf, ' ');
			g_string_append(buf, g_strstrip(lines[++i]));
		}
		if (!buf->len || buf->str[0] == '#')
			continue;
		g_auto(GStrv) w = g_strsplit_set(buf->str, " \t", -1);
		g_autoptr(GPtrArray) words = g_ptr_array_new();

		for (char **p = w; *p; p++)
			if (**p)
				g_ptr_array_add(words, *p);
		if (!words->len)
			continue;
		const char *kw = words->pdata[0];

		if (!strcmp(kw, "auto") || g_str_has_prefix(kw, "allow-")) {
			for (guint k = 1; k < words->len; k++)
				if (!listed(autos, words->pdata[k]))
					g_ptr_array_add(autos, g_strdup(words->pdata[k]));
			cur = NULL;
		} else if (!strcmp(kw, "iface")) {
			if (words->len < 4) {
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
					    "%s:%d: '%s': write iface NAME FAMILY METHOD, e.g. iface "
					    "bond0 inet static", f, line, buf->str);
				return FALSE;
			}
			if (!if_method_known(words->pdata[2], words->pdata[3], f, line, error))
				return FALSE;
			cur = g_new0(struct if_stanza, 1);
			cur->dev = g_strdup(words->pdata[1]);
			cur->line = line;
			cur->inet = !strcmp(words->pdata[2], "inet");
			cur->opts = g_ptr_array_new_with_free_func(if_opt_free);
			g_ptr_array_add(stanzas, cur);
		} else if (!strcmp(kw, "source") || !strcmp(kw, "source-directory") ||
			   !strcmp(kw, "mapping")) {
			bond_conf_warn(s, f, line, "'%s' is not followed: paste the files it "
				       "names into this one", kw);
			cur = NULL;
		} else if (!strcmp(kw, "no-auto-down") || !strcmp(kw, "no-scripts") ||
			   !strcmp(kw, "rename")) {
			cur = NULL;
		} else if (cur) {
			struct if_opt *o = g_new0(struct if_opt, 1);

			o->key = g_strdup(kw);
			/* the words after the key, single-spaced */
			g_ptr_array_add(words, NULL);
			o->value = g_strjoinv(" ", (char **)words->pdata + 1);
			o->line = line;
			g_ptr_array_add(cur->opts, o);
			if (!if_check_opt(s, f, cur, o, error))
				return FALSE;
		} else {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: '%s' is outside any iface stanza: options follow an "
				    "'iface NAME inet METHOD' line", f, line, kw);
			return FALSE;
		}
	}
	return if_bonds(s, f, stanzas, autos, error);
}
