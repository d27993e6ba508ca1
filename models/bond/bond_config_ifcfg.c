/*
 * bond_config_ifcfg.c - ifcfg files, and the ifup of bond masters and their slaves.
 *
 * DOC: An ifcfg file is shell: VAR=value lines, each value one shell word
 * (quotes removed, backslash escapes resolved; a backslash at the end of a
 * line or an open quote continues it), kept with its line.  The interface
 * is DEVICE=, else the NAME of ifcfg-NAME, whose file name gives the glob
 * order.
 *
 * At boot, a file is a bond master if it has BONDING_OPTS, TYPE=Bond or
 * BONDING_MASTER=yes, or if another file names it as MASTER.  Masters come
 * up in the network service's order unless ONBOOT=no: the bond is created
 * if missing (alias or install line, else modprobe bonding plus
 * bonding_masters with the module's parameters), gets BONDING_OPTS through
 * sysfs (bond_params_apply()) and IPADDR with PREFIX, NETMASK or the
 * classful default (none with BOOTPROTO=dhcp or bootp), then enslaves the
 * files naming it as MASTER with SLAVE=yes, in the shell's glob order.  The
 * other slaves (master without an ifcfg file of its own, or with ONBOOT=no)
 * come up afterwards in name order; a missing master is created with the
 * module's parameters, unless its name is not a valid interface name or
 * looks like a typo of an existing bond (both errors).  A file that is
 * neither makes nothing; a VLAN, a bridge, a bridge port or an address
 * lost that way is warned about (ifcfg_unmodelled()), as is a variable
 * that looks like a misspelling of one read here (ifcfg_near_miss()).
 */
#include "bond_config_priv.h"
#include "sim.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct ifcfg_var {
	char *value;
	int line;
};

struct ifcfg {
	char *ifname;		/* the device (DEVICE=, else the file's name) */
	char *fname;		/* "ifcfg-NAME", for the glob order */
	const char *file;
	int line;		/* DEVICE= line, or the first line */
	GHashTable *vars;	/* char * -> struct ifcfg_var * */
};

/* ------------------------------------------------------------------------ */
/* Memory.                                                                   */

static void ifcfg_var_free(gpointer data)
{
	struct ifcfg_var *v = data;

	g_free(v->value);
	g_free(v);
}

void bond_conf_ifcfg_free(gpointer data)
{
	struct ifcfg *c = data;

	g_free(c->ifname);
	g_free(c->fname);
	g_hash_table_unref(c->vars);
	g_free(c);
}

/* ------------------------------------------------------------------------ */
/* Helpers.                                                                  */

static gint ifcfg_cmp_netscripts(gconstpointer a, gconstpointer b)
{
	const struct ifcfg *x = *(const struct ifcfg *const *)a;
	const struct ifcfg *y = *(const struct ifcfg *const *)b;

	return bond_conf_netscripts_cmp(x->ifname, y->ifname);
}

/* The shell's glob order of ifcfg-* file names. */
static gint ifcfg_cmp_glob(gconstpointer a, gconstpointer b)
{
	const struct ifcfg *x = *(const struct ifcfg *const *)a;
	const struct ifcfg *y = *(const struct ifcfg *const *)b;

	return strcmp(x->fname, y->fname);
}

/* ------------------------------------------------------------------------ */
/* ifcfg                                                                     */

/* Is a shell quote still open at the end of s (a value spread over lines)? */
static gboolean quote_open(const char *s)
{
	const char *start = s;
	char q = 0;

	for (; *s; s++) {
		if (q == '\'') {
			if (*s == '\'')
				q = 0;
		} else if (q == '"') {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == '"')
				q = 0;
		} else if (*s == '\\' && s[1]) {
			s++;
		} else if (*s == '\'' || *s == '"') {
			q = *s;
		} else if (*s == '#' && (s == start || isspace((unsigned char)s[-1]))) {
			break;	/* a comment: quotes in it do not count */
		}
	}
	return q != 0;
}

/* One shell word: quotes removed, backslash escapes resolved. */
static gboolean shell_word(const char **ps, GString *out)
{
	const char *s = *ps;

	while (*s && !isspace((unsigned char)*s)) {
		if (*s == '\'') {
			for (s++; *s && *s != '\''; s++)
				g_string_append_c(out, *s);
			if (!*s)
				return FALSE;
			s++;
		} else if (*s == '"') {
			for (s++; *s && *s != '"'; s++) {
				if (*s == '\\' && s[1] && strchr("\"\\$`", s[1]))
					s++;
				g_string_append_c(out, *s);
			}
			if (!*s)
				return FALSE;
			s++;
		} else if (*s == '\\' && s[1]) {
			g_string_append_c(out, s[1]);
			s += 2;
		} else {
			g_string_append_c(out, *s++);
		}
	}
	*ps = s;
	return TRUE;
}

static gboolean ifcfg_line(struct bond_conf_set *s, struct ifcfg *c, const char *l, int line,
			   GError **error)
{
	const char *p = l, *name;
	size_t nlen;

	while (isspace((unsigned char)*p))
		p++;
	if (!*p || *p == '#')
		return TRUE;
	if (g_str_has_prefix(p, "export") && isspace((unsigned char)p[6]))
		for (p += 6; isspace((unsigned char)*p); p++)
			;
	name = p;
	if (!isalpha((unsigned char)*p) && *p != '_') {
		bond_conf_warn(s, c->file, line, "not a variable assignment; ignored");
		return TRUE;
	}
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	nlen = (size_t)(p - name);
	if (*p != '=') {
		bond_conf_warn(s, c->file, line, "not a variable assignment; ignored");
		return TRUE;
	}
	p++;

	g_autoptr(GString) val = g_string_new(NULL);

	if (!shell_word(&p, val)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: unterminated quote in %.*s=: close it on the same line, e.g. "
			    "BONDING_OPTS=\"mode=1 miimon=100\"", c->file, line, (int)nlen, name);
		return FALSE;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p && *p != '#')
		bond_conf_warn(s, c->file, line,
			       "'%s' after the value is not part of it; ignored", p);

	struct ifcfg_var *v = g_new0(struct ifcfg_var, 1);

	v->value = g_strdup(val->str);
	v->line = line;
	g_hash_table_replace(c->vars, g_strndup(name, nlen), v);
	return TRUE;
}

static const char *var(const struct ifcfg *c, const char *key, int *line)
{
	const struct ifcfg_var *v = g_hash_table_lookup(c->vars, key);

	if (line)
		*line = v ? v->line : c->line;
	return v ? v->value : NULL;
}

static gint var_line_cmp(gconstpointer a, gconstpointer b, gpointer vars)
{
	const struct ifcfg_var *x = g_hash_table_lookup(vars, a);
	const struct ifcfg_var *y = g_hash_table_lookup(vars, b);

	return x->line - y->line;
}

/*
 * A variable initscripts do not read is ignored without a word, so a typo of
 * one bondsim reads (BONDING_OPT=, MASTR=, master=) would leave a bond with
 * the module's defaults, or a NIC out of it.  The variables of sysconfig.txt
 * and NetworkManager's ifcfg-rh are never taken for typos; a trailing
 * number (IPADDR1=, DNS2=) neither.
 */
static void ifcfg_near_miss(struct bond_conf_set *s, const struct ifcfg *c)
{
	static const char *const read[] = { "BONDING_OPTS", "BONDING_MASTER", "MASTER", "SLAVE",
		"DEVICE", "ONBOOT", "BOOTPROTO", "IPADDR", "PREFIX", "NETMASK", "TYPE", "BRIDGE",
		"VLAN", "ETHTOOL_OPTS", NULL };
	static const char *const known[] = { "ARP", "ARPCHECK", "ARPUPDATE", "AUTOCONNECT_PRIORITY",
		"AUTOCONNECT_SLAVES", "BROADCAST", "BROWSER_ONLY", "BRIDGING_OPTS", "DEFROUTE",
		"DELAY", "DEVICETYPE", "DHCP_HOSTNAME", "DHCPV6C", "DNS", "DOMAIN", "ETHTOOL_DELAY",
		"GATEWAY", "GATEWAYDEV", "HWADDR", "IPV4_FAILURE_FATAL", "IPV6ADDR", "IPV6INIT",
		"IPV6_ADDR_GEN_MODE", "IPV6_AUTOCONF", "IPV6_DEFROUTE", "IPV6_FAILURE_FATAL",
		"IPV6_PEERDNS", "IPV6_PEERROUTES", "IPV6_PRIVACY", "LINKDELAY", "MACADDR", "METRIC",
		"MODE", "MTU", "NAME", "NETWORK", "NM_CONTROLLED", "NOZEROCONF", "ONPARENT",
		"PEERDNS", "PEERROUTES", "PERSISTENT_DHCLIENT", "PHYSDEV", "PROXY_METHOD", "SCOPE",
		"SRCADDR", "STP", "TEAM_CONFIG", "TEAM_MASTER", "TEAM_PORT_CONFIG", "USERCTL", "UUID",
		"VLAN_ID", "ZONE", NULL };
	/* in line order: the table has none */
	g_autoptr(GList) names = g_list_sort_with_data(g_hash_table_get_keys(c->vars),
						       var_line_cmp, c->vars);

	for (const GList *l = names; l; l = l->next) {
		const char *name = l->data;
		const struct ifcfg_var *v = g_hash_table_lookup(c->vars, name);
		g_autofree char *up = g_ascii_strup(name, -1);
		size_t base = strlen(up);
		const char *near = NULL;

		while (base > 1 && isdigit((unsigned char)up[base - 1]))
			base--;
		up[base] = '\0';
		if (g_strv_contains(known, up) || (g_strv_contains(read, up) && !strcmp(up, name)) ||
		    (g_strv_contains(read, up) && strlen(name) != base))
			continue;
		/* nearer than sim_nearest() asks: a quarter of the name wrong at most */
		near = sim_nearest(up, read);
		if (near && sim_edit_distance(up, near) <= MAX(2u, (guint)strlen(near) / 4))
			bond_conf_warn(s, c->file, v->line,
				       "%s= is no variable initscripts read (did you mean %s=?%s); "
				       "ignored", name, near, g_ascii_strcasecmp(name, near) ? "" :
				       " shell variables are case-sensitive");
	}
}

/*
 * The value with "${DEVICE}" and "$DEVICE" expanded, as the shell sourcing
 * the file expands them inside double quotes (sysconfig.txt's own example).
 */
static char *ifcfg_expand_device(const char *value, const char *dev)
{
	GString *v = g_string_new(value);

	g_string_replace(v, "${DEVICE}", dev, 0);
	g_string_replace(v, "$DEVICE", dev, 0);
	return g_string_free(v, FALSE);
}

/* The speed, duplex and autoneg words of one "ethtool -s DEV ..." command, onto @words. */
static void ifcfg_ethtool_s(struct bond_conf_set *s, const struct ifcfg *c, char **w, int line,
			    GString *words)
{
	static const char *const taken[] = { "speed", "duplex", "autoneg", NULL };

	for (int i = 0; w[i]; i += w[i + 1] ? 2 : 1) {
		if (g_strv_contains(taken, w[i]) && w[i + 1]) {
			g_string_append_printf(words, "%s%s %s", words->len ? " " : "", w[i], w[i + 1]);
			continue;
		}
		if (g_strv_contains(taken, w[i])) {	/* no value: ethtool refuses the command */
			g_string_append_printf(words, "%s%s", words->len ? " " : "", w[i]);
			break;
		}
		bond_conf_warn(s, c->file, line, "ETHTOOL_OPTS: '%s%s%s' of ethtool -s: bondsim does "
			       "not model it (it takes speed, duplex and autoneg); ignored", w[i],
			       w[i + 1] ? " " : "", w[i + 1] ? w[i + 1] : "");
	}
}

/*
 * ETHTOOL_OPTS (initscripts' sysconfig.txt: "speed 100 duplex full autoneg
 * off", or several commands separated by ';', "-K ${DEVICE} tso on; -G
 * ${DEVICE} rx 256 tx 256").  ifup-eth's ethtool_set() splits the value
 * at ';' and runs "ethtool -s DEVICE OPTS" for a command without a '-'
 * in it (its test is the unanchored regex [[:space:]]*-), "ethtool OPTS"
 * for one with.  bondsim takes speed, duplex and autoneg of the -s
 * (--change) commands, for the NIC each names; any other command or word
 * is warned about at its line.
 */
static gboolean ifcfg_ethtool_opts(struct bond_conf_set *s, const struct ifcfg *c,
				   GError **error)
{
	int line;
	const char *opts = var(c, "ETHTOOL_OPTS", &line);
	g_autofree char *value = ifcfg_expand_device(opts ? opts : "", c->ifname);
	g_auto(GStrv) cmds = g_strsplit(value, ";", -1);
	g_autoptr(GPtrArray) nics = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) words = g_ptr_array_new();

	for (char **cmd = cmds; *cmd; cmd++) {
		g_auto(GStrv) w = g_strsplit_set(g_strstrip(*cmd), " \t\n", -1);
		g_autoptr(GPtrArray) v = g_ptr_array_new();
		g_autofree char *nic = NULL;
		char **rest;

		for (char **p = w; *p; p++)
			if (**p)
				g_ptr_array_add(v, *p);
		g_ptr_array_add(v, NULL);
		rest = (char **)v->pdata;
		if (!rest[0])
			continue;
		if (!strchr(*cmd, '-')) {
			nic = g_strdup(c->ifname);
		} else if ((!strcmp(rest[0], "-s") || !strcmp(rest[0], "--change")) && rest[1]) {
			nic = g_strdup(rest[1]);
			rest += 2;
		} else {
			bond_conf_warn(s, c->file, line, "ETHTOOL_OPTS: 'ethtool %s': bondsim does not "
				       "model it (it takes speed, duplex and autoneg of ethtool -s); "
				       "ignored", *cmd);
			continue;
		}
		guint k;

		/* one NIC's commands add up, as ethtool runs them one after the other */
		for (k = 0; k < nics->len && strcmp(nics->pdata[k], nic); k++)
			;
		if (k == nics->len) {
			g_ptr_array_add(nics, g_strdup(nic));
			g_ptr_array_add(words, g_string_new(NULL));
		}
		ifcfg_ethtool_s(s, c, rest, line, words->pdata[k]);
	}
	gboolean ok = TRUE;

	for (guint k = 0; k < nics->len; k++) {
		GString *ws = words->pdata[k];

		if (ok && ws->len)
			ok = bond_conf_link_add(s, nics->pdata[k], ws->str, "ETHTOOL_OPTS", c->file,
						line, error);
		g_string_free(ws, TRUE);
	}
	return ok;
}

gboolean bond_conf_parse_ifcfg(struct bond_conf_set *s, const char *ifname_or_NULL,
			       const char *text, const char *file, int first_line,
			       GError **error)
{
	struct bond_conf_state *st = s->state;
	g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
	struct ifcfg *c = g_new0(struct ifcfg, 1);
	const char *dev;
	int i = 0;

	c->file = bond_conf_keep_file(st, file ? file : "<ifcfg>");
	c->line = first_line;
	c->vars = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, ifcfg_var_free);

	while (lines[i]) {
		int start = i;
		g_autoptr(GString) buf = g_string_new(g_strchomp(lines[i++]));

		for (;;) {
			if (buf->len && buf->str[buf->len - 1] == '\\' && lines[i]) {
				g_string_truncate(buf, buf->len - 1);
				g_string_append(buf, g_strchomp(lines[i++]));
			} else if (quote_open(buf->str) && lines[i]) {
				g_string_append_c(buf, '\n');
				g_string_append(buf, g_strchomp(lines[i++]));
			} else {
				break;
			}
		}
		if (!ifcfg_line(s, c, buf->str, first_line + start, error)) {
			bond_conf_ifcfg_free(c);
			return FALSE;
		}
	}

	int dline;

	dev = var(c, "DEVICE", &dline);
	if (!dev && !ifname_or_NULL) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: no DEVICE= in this ifcfg file and no interface name given: add "
			    "DEVICE=bond0, or name the file ifcfg-bond0", c->file, first_line);
		bond_conf_ifcfg_free(c);
		return FALSE;
	}
	if (dev && ifname_or_NULL && strcmp(dev, ifname_or_NULL))
		bond_conf_warn(s, c->file, dline, "DEVICE=%s differs from the file name "
			       "ifcfg-%s; initscripts use DEVICE", dev, ifname_or_NULL);
	c->ifname = g_strdup(dev ? dev : ifname_or_NULL);
	c->fname = g_strdup_printf("ifcfg-%s", ifname_or_NULL ? ifname_or_NULL : c->ifname);
	c->line = dev ? dline : first_line;
	if (!bond_ifname_valid(c->ifname)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: '%s' is not a valid interface name (at most %d characters, "
			    "no '/', ':' or spaces)", c->file, c->line, c->ifname,
			    BOND_IFNAMSIZ - 1);
		bond_conf_ifcfg_free(c);
		return FALSE;
	}
	for (guint k = 0; k < st->ifcfgs->len; k++) {
		const struct ifcfg *o = st->ifcfgs->pdata[k];

		if (!strcmp(o->ifname, c->ifname)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
				    "%s:%d: %s is already configured at %s:%d: one ifcfg file per "
				    "interface", c->file, c->line, c->ifname, o->file, o->line);
			bond_conf_ifcfg_free(c);
			return FALSE;
		}
	}
	ifcfg_near_miss(s, c);
	if (!ifcfg_ethtool_opts(s, c, error)) {
		bond_conf_ifcfg_free(c);
		return FALSE;
	}
	g_ptr_array_add(st->ifcfgs, c);
	return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Boot: interfaces.                                                         */

static gboolean is_yes(const char *v)
{
	return v && !strcmp(v, "yes");
}

static gboolean onboot_off(const struct ifcfg *c)
{
	const char *v = var(c, "ONBOOT", NULL);

	return v && !g_ascii_strcasecmp(v, "no");
}

static gboolean is_master(const struct bond_conf_state *st, const struct ifcfg *c)
{
	const char *opts = var(c, "BONDING_OPTS", NULL);
	const char *type = var(c, "TYPE", NULL);

	if ((opts && *opts) || (type && !g_ascii_strcasecmp(type, "bond")) ||
	    is_yes(var(c, "BONDING_MASTER", NULL)))
		return TRUE;
	for (guint i = 0; i < st->ifcfgs->len; i++) {
		const char *m = var(st->ifcfgs->pdata[i], "MASTER", NULL);

		if (m && !strcmp(m, c->ifname))
			return TRUE;
	}
	return FALSE;
}

static gboolean parse_prefix(const struct ifcfg *c, int *prefix, GError **error)
{
	int line;
	const char *pf = var(c, "PREFIX", &line);
	const char *nm;

	if (!pf)
		pf = var(c, "PREFIX0", &line);
	if (pf) {
		char *end;
		long v = strtol(pf, &end, 10);

		if (!*pf || *end || v < 0 || v > 32) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS,
				    "%s:%d: PREFIX=%s is not a prefix length: write a whole number "
				    "from 0 to 32, e.g. PREFIX=24", c->file, line, pf);
			return FALSE;
		}
		*prefix = (int)v;
		return TRUE;
	}
	nm = var(c, "NETMASK", &line);
	if (!nm)
		nm = var(c, "NETMASK0", &line);
	if (nm) {
		struct in_addr a;
		uint32_t m;
		int n = 0;

		if (inet_pton(AF_INET, nm, &a) != 1) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS,
				    "%s:%d: NETMASK=%s is not an IPv4 netmask: write e.g. "
				    "NETMASK=255.255.255.0 (or PREFIX=24)", c->file, line, nm);
			return FALSE;
		}
		m = ntohl(a.s_addr);
		while (n < 32 && (m & (0x80000000u >> n)))
			n++;
		if (n < 32 && (m << n)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS,
				    "%s:%d: NETMASK=%s is not contiguous: its one bits come first, "
				    "e.g. 255.255.255.0 (or PREFIX=24)", c->file, line, nm);
			return FALSE;
		}
		*prefix = n;
		return TRUE;
	}
	return TRUE;
}

static gboolean set_address(struct bond_conf *b, const struct ifcfg *c, GError **error)
{
	int line;
	const char *proto = var(c, "BOOTPROTO", NULL);
	const char *ip = var(c, "IPADDR", &line);
	struct in_addr a;

	if (!ip)
		ip = var(c, "IPADDR0", &line);
	if (!ip || !*ip || (proto && (!g_ascii_strcasecmp(proto, "dhcp") ||
				      !g_ascii_strcasecmp(proto, "bootp"))))
		return TRUE;
	if (inet_pton(AF_INET, ip, &a) != 1) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS,
			    "%s:%d: IPADDR=%s is not an IPv4 address: write a dotted quad, e.g. "
			    "IPADDR=192.168.1.10", c->file, line, ip);
		return FALSE;
	}
	/* No PREFIX or NETMASK: ipcalc's classful default. */
	uint8_t first = (uint8_t)(ntohl(a.s_addr) >> 24);
	int prefix = first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 32;

	if (!parse_prefix(c, &prefix, error))
		return FALSE;
	g_free(b->ipaddr);
	b->ipaddr = g_strdup(ip);
	b->prefix = prefix;
	return TRUE;
}

/* ifup of a bond master: make sure it exists, then install_bonding_driver. */
static gboolean bring_up(struct bond_conf_set *s, const struct ifcfg *c, GError **error)
{
	struct bond_conf_state *st = s->state;
	int oline;
	const char *opts = var(c, "BONDING_OPTS", &oline);
	struct bond_conf *b;

	if (!bond_conf_find(s, c->ifname) && !(opts && *opts) &&
	    (bond_conf_alias_target(st, c->ifname) || bond_conf_install_for(st, c->ifname)) &&
	    !bond_conf_modprobe(s, c->ifname, c->file, c->line, error))
		return FALSE;
	if (!bond_conf_find(s, c->ifname)) {
		/* modprobe bonding, then "+NAME" > /sys/class/net/bonding_masters. */
		if (!bond_conf_modprobe(s, "bonding", c->file, c->line, error))
			return FALSE;
		if (!bond_conf_find(s, c->ifname))
			bond_conf_new_default(s, c->ifname, c->file, c->line);
	}
	b = bond_conf_find(s, c->ifname);
	g_free(b->file);
	b->file = g_strdup(c->file);
	b->line = c->line;

	if (opts && *opts) {
		g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func(g_free);
		gboolean ok = bond_params_apply(&b->params, opts, log, error);
		g_auto(GStrv) words = g_strsplit_set(opts, " \t\n", -1);

		for (int i = 0; ok && words[i]; i++) {
			char *eq = strchr(words[i], '=');

			if (eq) {
				*eq = '\0';
				bond_conf_note_set_at(b, words[i], c->file, oline);
			}
		}

		for (guint i = 0; i < log->len; i++)
			bond_conf_warn(s, c->file, oline, "%s: %s", b->name,
				       (const char *)log->pdata[i]);
		if (!ok) {
			g_prefix_error(error, "%s:%d: %s: ", c->file, oline, b->name);
			return FALSE;
		}
	}
	int bline;
	const char *bridge = var(c, "BRIDGE", &bline);

	/*
	 * ifup-eth puts a device with BRIDGE= into the bridge, flushes its
	 * addresses and exits before its IP configuration.
	 */
	if (bridge && *bridge) {
		const char *ip = var(c, "IPADDR", NULL);

		bond_conf_warn(s, c->file, bline, "%s joins bridge %s (BRIDGE=%s): bondsim does "
			       "not model bridges; %s is modelled on its own%s%s%s", b->name, bridge,
			       bridge, b->name, ip ? ", and without IPADDR=" : "", ip ? ip : "",
			       ip ? ", as ifup-eth flushes a bridge port's addresses and sets none" :
			       "");
		return TRUE;
	}
	return set_address(b, c, error);
}

static gboolean enslaved_anywhere(const struct bond_conf_set *s, const char *dev,
				  const struct bond_conf **where)
{
	for (guint i = 0; i < s->bonds->len; i++) {
		const struct bond_conf *b = s->bonds->pdata[i];

		for (guint k = 0; k < b->slaves->len; k++) {
			if (!strcmp(b->slaves->pdata[k], dev)) {
				*where = b;
				return TRUE;
			}
		}
	}
	return FALSE;
}

static gboolean enslave(struct bond_conf_set *s, struct bond_conf *b, const struct ifcfg *c,
			GError **error)
{
	int line;
	const char *slave = var(c, "SLAVE", &line);
	const struct bond_conf *other;

	if (!is_yes(slave)) {
		if (!slave)
			var(c, "MASTER", &line);
		bond_conf_warn(s, c->file, line, "MASTER=%s without SLAVE=yes%s: initscripts "
			       "do not enslave %s", b->name,
			       slave ? " (it must be lowercase 'yes')" : "", c->ifname);
		return TRUE;
	}
	if (bond_conf_find(s, c->ifname)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
			    "%s:%d: %s is a bond; it cannot be a slave of %s: MASTER= goes in "
			    "the ifcfg files of NICs", c->file, c->line, c->ifname, b->name);
		return FALSE;
	}
	if (enslaved_anywhere(s, c->ifname, &other)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
			    "%s:%d: %s is already a slave of %s: a NIC is a slave of one bond "
			    "only", c->file, c->line, c->ifname, other->name);
		return FALSE;
	}
	g_ptr_array_add(b->slaves, g_strdup(c->ifname));
	return TRUE;
}

static const struct ifcfg *ifcfg_of(const struct bond_conf_state *st, const char *dev)
{
	for (guint i = 0; i < st->ifcfgs->len; i++) {
		const struct ifcfg *c = st->ifcfgs->pdata[i];

		if (!strcmp(c->ifname, dev))
			return c;
	}
	return NULL;
}

/* A slave whose master was not brought up by its own ifcfg. */
static gboolean enslave_orphan(struct bond_conf_set *s, const struct ifcfg *c, GError **error)
{
	struct bond_conf_state *st = s->state;
	int line;
	const char *master = var(c, "MASTER", &line);
	const struct ifcfg *mc = ifcfg_of(st, master);
	struct bond_conf *b = bond_conf_find(s, master);

	if (mc && onboot_off(mc)) {
		bond_conf_warn(s, c->file, line, "%s is not enslaved: its master %s has "
			       "ONBOOT=no", c->ifname, master);
		return TRUE;
	}
	if (onboot_off(c)) {
		bond_conf_warn(s, c->file, c->line, "%s has ONBOOT=no and %s has no ifcfg "
			       "file to bring it up; not enslaved", c->ifname, master);
		return TRUE;
	}
	if (!b) {
		const char *near = NULL;

		for (guint i = 0; i < s->bonds->len; i++) {
			const struct bond_conf *o = s->bonds->pdata[i];

			if (sim_edit_distance(master, o->name) <= 2)
				near = o->name;
		}
		/* bond7 may be meant; bnd0 next to bond0 is a typo. */
		gboolean bondn = g_str_has_prefix(master, "bond") && master[4] &&
				 strspn(master + 4, "0123456789") == strlen(master + 4);

		if ((near && !bondn) || !bond_ifname_valid(master)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
				    "%s:%d: MASTER=%s: no such bond%s%s%s; MASTER= names a bond "
				    "with an ifcfg file or made by modprobe.d", c->file, line, master,
				    near ? " (did you mean '" : "", near ? near : "",
				    near ? "'?)" : "");
			return FALSE;
		}
		/* ifup-eth of the slave runs install_bonding_driver MASTER. */
		if (!bond_conf_modprobe(s, "bonding", c->file, line, error))
			return FALSE;
		b = bond_conf_find(s, master);
		if (!b) {
			b = bond_conf_new_default(s, master, c->file, line);
			bond_conf_warn(s, c->file, line, "%s has no ifcfg file: initscripts "
				       "create it with the module's parameters when enslaving "
				       "%s, and give it no address", master, c->ifname);
		}
	}
	return enslave(s, b, c, error);
}

/*
 * An ifcfg file that is neither a bond nor a slave: bondsim makes nothing
 * of it.  Said when that loses something: a VLAN (the network service takes
 * a DEVICE with a '.' or starting with "vlan" as one, and VLAN=yes makes
 * ifup-eth create it), a bridge (TYPE=Bridge), a bridge port (BRIDGE=), an
 * address.
 */
static void ifcfg_unmodelled(struct bond_conf_set *s, const struct ifcfg *c)
{
	int tline, bline, aline;
	const char *type = var(c, "TYPE", &tline);
	const char *bridge = var(c, "BRIDGE", &bline);
	const char *ip = var(c, "IPADDR", &aline);
	const char *vlan = var(c, "VLAN", NULL);
	g_autofree char *addr = ip && *ip ? g_strdup_printf(", and IPADDR=%s is not given", ip) :
			       g_strdup("");

	if (!strcmp(c->ifname, "lo"))
		return;	/* ifcfg-lo's 127.0.0.1: the host has it anyway */
	if (is_yes(vlan) || strchr(c->ifname, '.') || g_str_has_prefix(c->ifname, "vlan")) {
		bond_conf_warn(s, c->file, c->line, "%s is a VLAN (%s): bondsim does not model "
			       "VLANs; it is not made%s", c->ifname, is_yes(vlan) ? "VLAN=yes" :
			       "its name, as the network service reads it", addr);
	} else if (type && !strcmp(type, "Bridge")) {
		bond_conf_warn(s, c->file, tline, "%s is a bridge (TYPE=Bridge): bondsim does not "
			       "model bridges; it is not made%s", c->ifname, addr);
	} else if (bridge && *bridge) {
		bond_conf_warn(s, c->file, bline, "%s joins bridge %s (BRIDGE=%s): bondsim does "
			       "not model bridges; ignored", c->ifname, bridge, bridge);
	} else if (ip && *ip) {
		bond_conf_warn(s, c->file, aline, "%s is neither a bond nor a bond's slave (no "
			       "BONDING_OPTS=, TYPE=Bond or MASTER=): bondsim reads ifcfg files for "
			       "bonds only; IPADDR=%s is not given (write 'ip %s = %s/N' in the "
			       "host)", c->ifname, ip, c->ifname, ip);
	}
}

/* Bond masters and slaves (MASTER=), in file order; an interface cannot be both. */
gboolean bond_conf_ifcfg_roles(struct bond_conf_set *s, GPtrArray *masters, GPtrArray *slaves,
			       GError **error)
{
	struct bond_conf_state *st = s->state;

	for (guint i = 0; i < st->ifcfgs->len; i++) {
		struct ifcfg *c = st->ifcfgs->pdata[i];
		gboolean has_master = var(c, "MASTER", NULL) != NULL;

		if (is_master(st, c)) {
			if (has_master) {
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
					    "%s:%d: %s is configured both as a bond and as a slave "
					    "of %s", c->file, c->line, c->ifname,
					    var(c, "MASTER", NULL));
				return FALSE;
			}
			g_ptr_array_add(masters, c);
		} else if (has_master) {
			g_ptr_array_add(slaves, c);
		} else {
			ifcfg_unmodelled(s, c);
		}
	}
	return TRUE;
}

/* The network service: each master, then the slaves naming it, then the other slaves. */
gboolean bond_conf_boot_ifcfg(struct bond_conf_set *s, GPtrArray *masters, GPtrArray *slaves,
			      GError **error)
{
	struct bond_conf_state *st = s->state;

	g_ptr_array_sort(masters, ifcfg_cmp_netscripts);
	g_ptr_array_sort(slaves, ifcfg_cmp_glob);
	for (guint i = 0; i < masters->len; i++) {
		const struct ifcfg *m = masters->pdata[i];

		if (onboot_off(m)) {
			bond_conf_warn(s, m->file, m->line,
				       "%s has ONBOOT=no: not brought up at boot", m->ifname);
			continue;
		}
		if (!bring_up(s, m, error))
			return FALSE;
		/* ifup-eth of the master brings up every ifcfg naming it MASTER. */
		struct bond_conf *b = bond_conf_find(s, m->ifname);

		for (guint k = 0; k < slaves->len; k++) {
			const struct ifcfg *c = slaves->pdata[k];

			if (!strcmp(var(c, "MASTER", NULL), m->ifname) && !enslave(s, b, c, error))
				return FALSE;
		}
	}
	/* The rest come up in the network service's order, on their own. */
	g_ptr_array_sort(slaves, ifcfg_cmp_netscripts);
	for (guint k = 0; k < slaves->len; k++) {
		const struct ifcfg *c = slaves->pdata[k];
		const struct ifcfg *mc = ifcfg_of(st, var(c, "MASTER", NULL));

		if (mc && g_ptr_array_find(masters, mc, NULL) && !onboot_off(mc))
			continue;
		if (!enslave_orphan(s, c, error))
			return FALSE;
	}
	return TRUE;
}
