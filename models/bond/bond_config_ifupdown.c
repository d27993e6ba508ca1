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
 * An option given twice in a stanza: ifupdown joins the lines with a
 * newline (from ifupdown 0.7; earlier ones refused the file, "duplicate
 * option").  A value ifenslave writes whole reaches the kernel up to the
 * newline, so the first line counts; the word lists (bond-slaves,
 * bond-arp-ip-target, bond-primary) take every line; a second bond-master
 * makes ifenslave fail on the slave.
 *
 * A bond-* option ifenslave does not know is refused with file:line and the
 * list; other options (gateway, mtu, dns-*, up commands ...) are not
 * modelled and only warned about.
 */
#include "bond_config_priv.h"
#include "bond_options_priv.h"

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
	gboolean master_twice;	/* bond-master given twice: ifenslave fails on it */
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

/* The next line of @o's option in stanza @st, or NULL. */
static const struct if_opt *if_next(const struct if_stanza *st, const struct if_opt *o)
{
	gboolean after = FALSE;

	for (guint i = 0; i < st->opts->len; i++) {
		const struct if_opt *x = st->opts->pdata[i];

		if (after && !strcmp(x->key, o->key))
			return x;
		after |= x == o;
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

/* The stanza's bond-master, unless given twice (no bond then, see if_master_twice()). */
static const struct if_opt *if_master(const struct if_stanza *st)
{
	return st->master_twice ? NULL : if_get(st, "bond-master");
}

static const struct if_opt *dev_master(GPtrArray *stanzas, const char *dev)
{
	for (guint i = 0; i < stanzas->len; i++) {
		const struct if_stanza *st = stanzas->pdata[i];
		const struct if_opt *o = strcmp(st->dev, dev) ? NULL : if_master(st);

		if (o)
			return o;
	}
	return NULL;
}

/*
 * A second bond-master line in a stanza: ifupdown joins the two with a
 * newline, ifenslave's hook looks for an iface stanza of that name
 * ("ifquery -l"), finds none and fails, so ifup fails on the interface and
 * it joins no bond.
 */
static void if_master_twice(struct bond_conf_set *s, const char *file, struct if_stanza *st,
			    const struct if_opt *o)
{
	const struct if_opt *first = if_get(st, "bond-master");

	if (strcmp(o->key, "bond-master") || first == o || st->master_twice)
		return;
	st->master_twice = TRUE;
	bond_conf_warn(s, file, first->line, "%s: bond-master given again at %s:%d "
		       "(bond-master %s): ifupdown joins the lines with a newline, ifenslave "
		       "finds no iface of that name and fails, so ifup %s fails and it joins "
		       "no bond", st->dev, file, o->line, o->value, st->dev);
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

/*
 * A second address line in one stanza: ifupdown joins it to the first with
 * a newline.  inet static's conversions (compute_v4_mask(), compute_v4_addr())
 * cut the value at the first '/', so after "address 10.0.0.1/24" the second
 * line is dropped without a word, and only the first address is set.  A first
 * address without /N keeps the newline: ifup's "ip addr add" command breaks
 * in two and ifup of the interface fails.  (ifupdown 0.8.41, ifquery and
 * ifup --no-act.)
 */
static gboolean if_second_address(struct bond_conf_set *s, const char *file,
				  const struct if_stanza *st, const struct if_opt *a,
				  GError **error)
{
	const struct if_opt *b = if_next(st, a);

	if (!b)
		return TRUE;
	if (!strchr(a->value, '/')) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS,
			    "%s:%d: %s: address given again at %s:%d (address %s): ifupdown joins "
			    "the lines with a newline and, the first having no /N, keeps both in "
			    "ifup's 'ip addr add' command, which breaks in two, so ifup %s fails: "
			    "write the first as %s/N (then the second is dropped), or keep one "
			    "address line (bondsim gives an interface one address)", file, a->line,
			    st->dev, file, b->line, b->value, st->dev, a->value);
		return FALSE;
	}
	bond_conf_warn(s, file, a->line, "%s: address given again at %s:%d (address %s): "
		       "ifupdown joins the lines with a newline and its inet static conversion "
		       "cuts the value at the first '/', so only %s is set: the second is "
		       "dropped", st->dev, file, b->line, b->value, a->value);
	return TRUE;
}

static gboolean if_address(struct bond_conf_set *s, const char *file, const struct if_stanza *st,
			   char **ip, int *prefix, GError **error)
{
	const struct if_opt *a = if_get(st, "address");
	const struct if_opt *m = if_get(st, "netmask");

	if (!a)
		return TRUE;
	if (!if_second_address(s, file, st, a, error))
		return FALSE;
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
			const struct if_opt *m = if_master(st);

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

static const struct if_stanza *if_stanza_of(GPtrArray *stanzas, const struct if_opt *o)
{
	for (guint i = 0; i < stanzas->len; i++) {
		const struct if_stanza *st = stanzas->pdata[i];

		if (g_ptr_array_find(st->opts, o, NULL))
			return st;
	}
	return NULL;
}

/*
 * The words of every @key line of @st, in order: what ifenslave's
 * "for x in $IF_BOND_..." loops see, ifupdown having joined the lines with
 * a newline.
 */
static GPtrArray *if_words(const struct if_stanza *st, const char *key)
{
	GPtrArray *v = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; i < st->opts->len; i++) {
		const struct if_opt *o = st->opts->pdata[i];
		g_auto(GStrv) words = NULL;

		if (strcmp(o->key, key))
			continue;
		words = g_strsplit_set(o->value, " \t", -1);
		for (char **w = words; *w; w++)
			if (**w)
				g_ptr_array_add(v, g_strdup(*w));
	}
	return v;
}

/*
 * bond-arp-ip-target: ifenslave's sysfs_add() writes each word of every
 * line as "+ADDR", skipping an address the bond already has.
 */
static void if_arp_targets(struct bond_conf_set *s, const char *file, const struct if_stanza *st,
			   const struct if_opt *first, struct tool_bond *b)
{
	g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func(g_free);	/* the addresses */
	g_autoptr(GArray) at = g_array_new(FALSE, FALSE, sizeof(int));	/* and their lines */

	for (const struct if_opt *o = first; o; o = if_next(st, o)) {
		g_auto(GStrv) words = g_strsplit_set(o->value, " \t", -1);

		for (char **w = words; *w; w++) {
			guint i;

			if (!**w)
				continue;
			if (g_ptr_array_find_with_equal_func(seen, *w, g_str_equal, &i)) {
				bond_conf_warn(s, file, o->line, "%s: bond-arp-ip-target %s is "
					       "already given at %s:%d: ifenslave does not add it "
					       "again", b->name, *w, file, g_array_index(at, int, i));
				continue;
			}
			g_ptr_array_add(seen, g_strdup(*w));
			g_array_append_val(at, o->line);
			bond_conf_tool_opt(b, "arp_ip_target", *w, file, o->line);
		}
	}
}

/*
 * The bond-* options of one stanza of bond @b.  ifupdown (config.c,
 * read_interfaces_defn()) joins the lines of an option given twice in a
 * stanza with a newline; ifenslave's if-pre-up.d hook writes that value
 * with one echo, and the kernel's bond_opt_parse() reads it up to the
 * first newline: the first line is what the kernel gets.  The addresses
 * are a list (if_arp_targets()); bond-slaves and bond-primary are read in
 * if_bonds() and if_primary().
 */
static void if_stanza_opts(struct bond_conf_set *s, const char *file, const struct if_stanza *st,
			   struct tool_bond *b)
{
	for (guint j = 0; j < st->opts->len; j++) {
		const struct if_opt *o = st->opts->pdata[j];
		const struct if_opt *next = if_next(st, o);

		if (!g_str_has_prefix(o->key, "bond-") || !strcmp(o->key, "bond-slaves") ||
		    !strcmp(o->key, "bond-primary") || if_get(st, o->key) != o)
			continue;	/* a later line went with the first */
		if (!strcmp(o->key, "bond-arp-ip-target")) {
			if_arp_targets(s, file, st, o, b);
			continue;
		}
		g_autofree char *kname = g_strdelimit(g_strdup(o->key + 5), "-", '_');
		g_auto(GStrv) words = g_strsplit_set(o->value, " \t", -1);

		for (char **w = words; *w; w++)
			if (**w)
				bond_conf_tool_opt(b, kname, *w, file, o->line);
		if (next)
			bond_conf_warn(s, file, o->line, "%s: %s given again at %s:%d (%s %s): "
				       "ifupdown joins the lines with a newline and the kernel reads "
				       "the value up to it: the first one is what the kernel gets",
				       b->name, o->key, file, next->line, o->key, next->value);
	}
}

/*
 * bond-primary: ifenslave's setup_primary() writes the first of its words
 * (over every line) that names a slave of the bond, and nothing if none does.
 */
static void if_primary(struct bond_conf_set *s, const char *file, GPtrArray *stanzas,
		       struct tool_bond *b)
{
	const struct if_opt *p = dev_get(stanzas, b->name, "bond-primary");
	g_autoptr(GPtrArray) words = NULL;

	if (!p)
		return;
	words = if_words(if_stanza_of(stanzas, p), "bond-primary");
	for (guint i = 0; i < words->len; i++)
		for (guint k = 0; k < b->slaves->len; k++)
			if (!strcmp(((struct tool_slave *)b->slaves->pdata[k])->dev,
				    words->pdata[i])) {
				bond_conf_tool_opt(b, "primary", words->pdata[i], file, p->line);
				return;
			}
	bond_conf_warn(s, file, p->line, "%s: no name in bond-primary is a slave of it; "
		       "ifenslave writes no primary", b->name);
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
		const struct if_opt *m = if_master(sz);

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
		if (dev_master(stanzas, dev)) {
			const struct if_opt *m = dev_master(stanzas, dev);

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
				m = if_master(stanzas->pdata[k]);
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
			if_stanza_opts(s, file, sz, b);
			if (sz->inet && b->ipaddr && if_get(sz, "address"))
				bond_conf_warn(s, file, if_get(sz, "address")->line, "%s: a second "
					       "'iface %s inet' stanza with an address: ifupdown adds "
					       "%s too; bondsim gives an interface one address and keeps "
					       "%s", dev, dev, if_get(sz, "address")->value, b->ipaddr);
			else if (sz->inet && !if_address(s, file, sz, &b->ipaddr, &b->prefix, error))
				return FALSE;
		}
		/* bond-slaves, in its order; then the slaves naming it, in auto order */
		const struct if_opt *sl = dev_get(stanzas, dev, "bond-slaves");
		const struct if_stanza *sl_sz = sl ? if_stanza_of(stanzas, sl) : NULL;
		g_autoptr(GPtrArray) slaves = g_ptr_array_new_with_free_func(g_free);
		g_autoptr(GPtrArray) sl_words = sl ? if_words(sl_sz, "bond-slaves") : NULL;
		gboolean none = sl && sl_words->len == 1 && !strcmp(sl_words->pdata[0], "none") &&
				!if_next(sl_sz, sl);

		if (sl && !none) {
			for (guint w = 0; w < sl_words->len; w++) {
				const struct if_opt *m;
				const char *word = sl_words->pdata[w];

				if (listed(slaves, word))
					continue;
				/* "none" is a keyword only as the whole value */
				if (!strcmp(word, "none")) {
					bond_conf_warn(s, file, sl->line, "%s: bond-slaves holds 'none' "
						       "beside other names: ifenslave takes it for an "
						       "interface, fails to enslave it and goes on",
						       dev);
					continue;
				}
				m = dev_master(stanzas, word);
				if (m && strcmp(m->value, dev)) {
					g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
						    "%s:%d: %s is in bond-slaves of %s but its "
						    "bond-master is %s", file, m->line, word, dev,
						    m->value);
					return FALSE;
				}
				g_ptr_array_add(slaves, g_strdup(word));
				bond_conf_tool_slave(b, word, file, sl->line);
			}
		}
		for (guint pass = 0; pass < 2; pass++) {
			for (guint k = 0; k < stanzas->len; k++) {
				const struct if_stanza *sz = stanzas->pdata[k];
				const struct if_opt *m = if_master(sz);

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
			const struct if_opt *m = dev_master(stanzas, a);
			gboolean done = FALSE;

			for (guint j = 0; j < b->slaves->len; j++)
				done |= !strcmp(((struct tool_slave *)b->slaves->pdata[j])->dev, a);
			if (m && !strcmp(m->value, dev) && !done)
				bond_conf_tool_slave(b, a, file, m->line);
		}
		for (guint k = 0; k < slaves->len; k++)
			if (!none)
				up |= listed(autos, slaves->pdata[k]);
		if_primary(s, file, stanzas, b);
		if (!up)
			b->down = "no auto or allow- line brings it or its slaves up; not created "
				  "at boot (add 'auto BOND')";
	}
	return TRUE;
}

/*
 * An option line with no value: ifupdown's read_interfaces_defn() stops
 * with "option with empty value" and ifup, ifdown and ifquery read nothing
 * of the file.
 */
static gboolean if_empty_value(const char *f, int line, const char *dev, const char *key,
			       GError **error)
{
	const struct bond_opt_desc *d = g_str_has_prefix(key, "bond-") ? if_bond_opt(key) : NULL;
	g_autofree char *values = d ? bond_opt_valid_values_text(d) : NULL;

	g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
		    "%s:%d: %s: option '%s' has no value, and ifupdown refuses the whole file "
		    "with it (\"option with empty value\"; ifup and ifquery read nothing of it): "
		    "write %s VALUE%s%s%s, or remove the line", f, line, dev, key, key,
		    values ? " (" : "", values ? values : "", values ? ")" : "");
	return FALSE;
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
		} else if (cur && words->len == 1) {
			return if_empty_value(f, line, cur->dev, kw, error);
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
			if_master_twice(s, f, cur, o);
		} else {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: '%s' is outside any iface stanza: options follow an "
				    "'iface NAME inet METHOD' line", f, line, kw);
			return FALSE;
		}
	}
	return if_bonds(s, f, stanzas, autos, error);
}
