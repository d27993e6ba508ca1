/*
 * bond_config_ifupdown.c - Debian's /etc/network/interfaces, with ifenslave's bond-* options.
 *
 * DOC: The file is read as ifupdown 0.8 reads it (interfaces(5)): '#'
 * starts a comment line, a backslash at the end of a line continues it,
 * "auto" and "allow-CLASS" lines list interfaces to bring up, "iface NAME
 * FAMILY METHOD" starts a stanza whose option lines follow; an option line
 * without a value refuses the file, as ifupdown does.  What ifenslave's
 * hooks make of the stanzas (which are bonds, which options reach them, in
 * what order) is bond_config_ifenslave.c's.  address takes /N, or a netmask
 * line (dotted or a prefix length).
 *
 * An option given twice in a stanza: ifupdown joins the lines with a
 * newline (from ifupdown 0.7; earlier ones refused the file, "duplicate
 * option").  A value ifenslave writes whole reaches the kernel up to the
 * newline, so the first line counts; the word lists (bond-slaves,
 * bond-arp-ip-target, bond-primary) take every line; a second bond-master
 * makes ifenslave fail on the slave; a second address is dropped or fails
 * ifup (if_second_address()).
 *
 * The ethtool package's hook reads link-speed, link-duplex and
 * ethernet-autoneg (if_link()).
 *
 * A bond-* option that is neither one of the hooks' nor a bonding option
 * is refused with file:line and the hooks' list; other options (gateway,
 * mtu, dns-*, up commands ...) are not modelled and only warned about.
 */
#include "bond_config_ifupdown.h"
#include "bond_options_priv.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>

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

static const struct bond_opt_desc *if_bond_opt(const char *key)
{
	const struct bond_opt_desc *d = bond_opt_lookup(key + 5);

	return d && (d->flags & BOND_OPT_F_SYSFS) ? d : NULL;
}

static gboolean if_check_opt(struct bond_conf_set *s, const char *file,
			     const struct if_stanza *st, const struct if_opt *o, GError **error)
{
	/* a VLAN's and a bridge's own: said for the stanza (bond_config_ifenslave.c) */
	static const char *const quiet[] = { "address", "netmask", "slaves", "vlan-raw-device",
		"bridge_ports", "bridge-ports", "link-speed", "link-duplex", "ethernet-autoneg", NULL };
	static const char *const noted[] = { "gateway", "broadcast", "network", "mtu",
		"hwaddress", "metric", "scope", "pre-up", "up", "post-up", "down", "pre-down",
		"post-down", "description", "pointopoint", "hostname", NULL };

	if (g_str_has_prefix(o->key, "bond-")) {
		g_autofree char *keys = bond_conf_ifenslave_keys();
		const struct bond_opt_desc *d = if_bond_opt(o->key);
		bool hooks = bond_conf_ifenslave_reads(o->key);

		if (!d && !hooks) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: %s: '%s' is not a bonding option ifenslave knows: "
				    "write one of %s", file, o->line, st->dev, o->key, keys);
			return FALSE;
		}
		if (!d || !hooks)
			return TRUE;	/* bond_conf_ifenslave_unapplied() says what it does */
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

gboolean bond_conf_if_address(struct bond_conf_set *s, const char *file,
			      const struct if_stanza *st, char **ip, int *prefix, GError **error)
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

GPtrArray *bond_conf_if_words(const struct if_stanza *st, const char *key)
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

static void if_allow_free(gpointer data)
{
	struct if_allow *a = data;

	g_free(a->cls);
	g_free(a->dev);
	g_free(a);
}

/*
 * An auto or allow-CLASS line: "ifup -a" at boot takes auto (allow-auto)
 * and, the NICs being there, allow-hotplug; other classes are for
 * "ifup --allow=CLASS" (ifenslave's for allow-BOND).
 */
static void if_up_line(struct if_file *f, const char *kw, GPtrArray *words)
{
	const char *cls = !strcmp(kw, "auto") ? "auto" : kw + 6;

	for (guint k = 1; k < words->len; k++) {
		const char *dev = words->pdata[k];
		struct if_allow *a;

		if (!strcmp(cls, "auto") || !strcmp(cls, "hotplug")) {
			if (!g_ptr_array_find_with_equal_func(f->boot, dev, g_str_equal, NULL))
				g_ptr_array_add(f->boot, g_strdup(dev));
		}
		a = g_new0(struct if_allow, 1);
		a->cls = g_strdup(cls);
		a->dev = g_strdup(dev);
		g_ptr_array_add(f->allow, a);
	}
}

/*
 * The ethtool package's if-up.d hook (debian/ethtool.if-up): "ethtool
 * --change IFACE" with "speed $IF_LINK_SPEED", "duplex $IF_LINK_DUPLEX",
 * then "autoneg on|off" from ethernet-autoneg, in that order.  Its other
 * reading of ethernet-autoneg, an advertising mask after "autoneg on", is
 * not modelled: refused, with the values bondsim takes.
 */
static gboolean if_link(struct bond_conf_set *s, const char *file, const struct if_stanza *st,
			GError **error)
{
	static const char *const keys[] = { "link-speed", "link-duplex", "ethernet-autoneg" };
	static const char *const words[] = { "speed", "duplex", "autoneg" };
	g_autoptr(GString) ws = g_string_new(NULL);
	const struct if_opt *first = NULL;

	for (size_t k = 0; k < G_N_ELEMENTS(keys); k++) {
		const struct if_opt *o = if_get(st, keys[k]);
		g_autoptr(GPtrArray) v = NULL;

		if (!o)
			continue;
		if (!first || o->line < first->line)
			first = o;
		v = bond_conf_if_words(st, keys[k]);
		if (k == 2 && (v->len != 1 || (strcmp(v->pdata[0], "on") &&
					       strcmp(v->pdata[0], "off")))) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: %s: ethernet-autoneg %s: write on or off (bondsim does not "
				    "model an advertising mask)", file, o->line, st->dev, o->value);
			return FALSE;
		}
		/* unquoted in the hook: the words of every line, as the shell splits them */
		g_string_append_printf(ws, "%s%s", ws->len ? " " : "", words[k]);
		for (guint i = 0; i < v->len; i++)
			g_string_append_printf(ws, " %s", (char *)v->pdata[i]);
	}
	if (!first)
		return TRUE;
	return bond_conf_link_add(s, st->dev, ws->str, "the ethtool package's hook", file,
				  first->line, error);
}

gboolean bond_conf_parse_interfaces(struct bond_conf_set *s, const char *text, const char *file,
				    int first_line, GError **error)
{
	struct bond_conf_state *st = s->state;
	const char *f = bond_conf_keep_file(st, file ? file : "<interfaces>");
	g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
	g_autoptr(GPtrArray) stanzas = g_ptr_array_new_with_free_func(if_stanza_free);
	g_autoptr(GPtrArray) boot = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) allow = g_ptr_array_new_with_free_func(if_allow_free);
	struct if_file iff = { .file = f, .stanzas = stanzas, .boot = boot, .allow = allow };
	struct if_stanza *cur = NULL;
	gboolean mapping = FALSE;	/* in a mapping stanza: script and map lines */

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

		if (strcmp(kw, "script") && strcmp(kw, "map"))
			mapping = FALSE;
		if (!strcmp(kw, "auto") || g_str_has_prefix(kw, "allow-")) {
			if_up_line(&iff, kw, words);
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
		} else if (!strcmp(kw, "source") || !strcmp(kw, "source-directory")) {
			bond_conf_warn(s, f, line, "'%s' is not followed: paste the files it "
				       "names into this one", kw);
			cur = NULL;
			mapping = FALSE;
		} else if (!strcmp(kw, "mapping")) {
			/* its script and map lines follow; ifup would run the script */
			bond_conf_warn(s, f, line, "'%s': the mapping script is not run; ifup "
				       "brings the interfaces up under the names they have", buf->str);
			cur = NULL;
			mapping = TRUE;
		} else if (mapping && (!strcmp(kw, "script") || !strcmp(kw, "map"))) {
			continue;
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
	for (guint i = 0; i < stanzas->len; i++)
		if (!if_link(s, f, stanzas->pdata[i], error))
			return FALSE;
	return bond_conf_ifenslave_boot(s, &iff, error);
}

/*
 * The vlan package's pre-up hook makes a VLAN of a stanza with
 * vlan-raw-device, or named DEV.VID or vlanVID (the kernel's naming types).
 */
gboolean bond_conf_if_is_vlan(const struct if_stanza *st)
{
	const char *dot = strchr(st->dev, '.');

	return if_get(st, "vlan-raw-device") || (dot && dot != st->dev && dot[1]) ||
	       g_str_has_prefix(st->dev, "vlan");
}

/*
 * That hook's "ip link add link RAW name IFACE type vlan id VID": the VID
 * from the name always, RAW from vlan-raw-device, else from a name DEV.VID
 * (vlanVID says nothing of its device); the stanza's address is the VLAN's.
 */
gboolean bond_conf_if_vlan(struct bond_conf_set *s, const char *file, const struct if_stanza *st,
			   GError **error)
{
	const struct if_opt *raw = if_get(st, "vlan-raw-device");
	g_autofree char *from_name = NULL;
	g_autofree char *ip = NULL;
	unsigned id = 0;
	int prefix = 0;

	if (!bond_conf_vlan_split(st->dev, &from_name, &id) &&
	    !bond_conf_vlan_number(st->dev, &id)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: %s: the vlan package's hook takes the VLAN id from the name: "
			    "name it DEV.VID or vlanVID, VID " BOND_CONF_VLAN_IDS " (e.g. "
			    "bond0.100)", file, st->line, st->dev);
		return FALSE;
	}
	if (!raw && !from_name) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: %s: the vlan package's hook needs vlan-raw-device for a name "
			    "that is not DEV.VID (e.g. vlan-raw-device bond0)", file, st->line,
			    st->dev);
		return FALSE;
	}
	if (st->inet && !bond_conf_if_address(s, file, st, &ip, &prefix, error))
		return FALSE;
	return bond_conf_vlan_record(s, st->dev, raw ? raw->value : from_name, id, ip,
				     ip ? prefix : 0, file, st->line, error) != NULL;
}
