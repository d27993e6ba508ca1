/*
 * bond_config_ifcfg.c - ifcfg files, read (their ifup: bond_config_ifcfg_boot.c).
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
 * looks like a typo of an existing bond (both errors).  A file with
 * VLAN=yes is a VLAN device on PHYSDEV= with VLAN_ID= (else both from a
 * DEVICE named DEV.VID; vlanVID gives the VID), with its own IPADDR; the
 * scenario's host makes it after the bonds.  Any other file makes
 * nothing; a bridge, a bridge port, a name that looks like a VLAN's or an
 * address lost that way is warned about (ifcfg_unmodelled()), as is a variable
 * that looks like a misspelling of one read here (ifcfg_near_miss()).
 */
#include "bond_config_ifcfg_priv.h"
#include "sim.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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
		/* jumbo frames are what an engineer would look for: said, as the other readers do */
		if (!strcmp(name, "MTU"))
			bond_conf_warn(s, c->file, v->line, "%s: MTU=%s is not modelled; ignored",
				       c->ifname, v->value);
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

/* The speed, duplex, autoneg and advertise words of one "ethtool -s DEV ..." command, onto @words. */
static void ifcfg_ethtool_s(struct bond_conf_set *s, const struct ifcfg *c, char **w, int line,
			    GString *words)
{
	static const char *const taken[] = { "speed", "duplex", "autoneg", "advertise", NULL };

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
			       "not model it (it takes speed, duplex, autoneg and advertise); ignored", w[i],
			       w[i + 1] ? " " : "", w[i + 1] ? w[i + 1] : "");
	}
}

/*
 * ETHTOOL_OPTS (initscripts' sysconfig.txt: "speed 100 duplex full autoneg
 * off", or several commands separated by ';', "-K ${DEVICE} tso on; -G
 * ${DEVICE} rx 256 tx 256").  ifup-eth's ethtool_set() splits the value
 * at ';' and runs "ethtool -s DEVICE OPTS" for a command without a '-'
 * in it (its test is the unanchored regex [[:space:]]*-), "ethtool OPTS"
 * for one with.  bondsim takes speed, duplex, autoneg and advertise of the
 * -s (--change) commands, for the NIC each names; any other command or
 * word is warned about at its line.
 */
static gboolean ifcfg_ethtool_opts(struct bond_conf_set *s, const struct ifcfg *c,
				   GError **error)
{
	int line;
	const char *opts = ifcfg_get(c, "ETHTOOL_OPTS", &line);
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
				       "model it (it takes speed, duplex, autoneg and advertise of ethtool -s); "
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

	dev = ifcfg_get(c, "DEVICE", &dline);
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
