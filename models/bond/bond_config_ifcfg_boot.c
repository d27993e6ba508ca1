/*
 * bond_config_ifcfg_boot.c - the ifup of ifcfg bond masters and their slaves at boot.
 *
 * What bond_config_ifcfg.c read, brought up as the network service does
 * (that file's DOC says in what order and with what).
 */
#include "bond_config_ifcfg_priv.h"
#include "sim.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The network service's order of devices. */
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
/* Boot: interfaces.                                                         */

static gboolean is_yes(const char *v)
{
	return v && !strcmp(v, "yes");
}

static gboolean onboot_off(const struct ifcfg *c)
{
	const char *v = ifcfg_get(c, "ONBOOT", NULL);

	return v && !g_ascii_strcasecmp(v, "no");
}

static gboolean is_master(const struct bond_conf_state *st, const struct ifcfg *c)
{
	const char *opts = ifcfg_get(c, "BONDING_OPTS", NULL);
	const char *type = ifcfg_get(c, "TYPE", NULL);

	if ((opts && *opts) || (type && !g_ascii_strcasecmp(type, "bond")) ||
	    is_yes(ifcfg_get(c, "BONDING_MASTER", NULL)))
		return TRUE;
	for (guint i = 0; i < st->ifcfgs->len; i++) {
		const char *m = ifcfg_get(st->ifcfgs->pdata[i], "MASTER", NULL);

		if (m && !strcmp(m, c->ifname))
			return TRUE;
	}
	return FALSE;
}

static gboolean parse_prefix(const struct ifcfg *c, int *prefix, GError **error)
{
	int line;
	const char *pf = ifcfg_get(c, "PREFIX", &line);
	const char *nm;

	if (!pf)
		pf = ifcfg_get(c, "PREFIX0", &line);
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
	nm = ifcfg_get(c, "NETMASK", &line);
	if (!nm)
		nm = ifcfg_get(c, "NETMASK0", &line);
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

/*
 * IPADDR with PREFIX, NETMASK or ipcalc's classful default into *ip (a
 * dotted quad, or NULL when there is none or BOOTPROTO asks DHCP) and *prefix.
 */
static gboolean ifcfg_address(const struct ifcfg *c, const char **ip_out, int *prefix_out,
			      GError **error)
{
	int line;
	const char *proto = ifcfg_get(c, "BOOTPROTO", NULL);
	const char *ip = ifcfg_get(c, "IPADDR", &line);
	struct in_addr a;

	*ip_out = NULL;
	if (!ip)
		ip = ifcfg_get(c, "IPADDR0", &line);
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
	*ip_out = ip;
	*prefix_out = prefix;
	return TRUE;
}

static gboolean set_address(struct bond_conf *b, const struct ifcfg *c, GError **error)
{
	const char *ip;
	int prefix = 0;

	if (!ifcfg_address(c, &ip, &prefix, error))
		return FALSE;
	if (!ip)
		return TRUE;
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
	const char *opts = ifcfg_get(c, "BONDING_OPTS", &oline);
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
			bond_conf_kernel(s, c->file, oline, "%s: %s", b->name,
					 (const char *)log->pdata[i]);
		if (!ok) {
			g_prefix_error(error, "%s:%d: %s: ", c->file, oline, b->name);
			return FALSE;
		}
	}
	int bline;
	const char *bridge = ifcfg_get(c, "BRIDGE", &bline);

	/*
	 * ifup-eth puts a device with BRIDGE= into the bridge, flushes its
	 * addresses and exits before its IP configuration.
	 */
	if (bridge && *bridge) {
		const char *ip = ifcfg_get(c, "IPADDR", NULL);

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
	const char *slave = ifcfg_get(c, "SLAVE", &line);
	const struct bond_conf *other;

	if (!is_yes(slave)) {
		if (!slave)
			ifcfg_get(c, "MASTER", &line);
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
	const char *master = ifcfg_get(c, "MASTER", &line);
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
 * of it.  Said when that loses something: a DEVICE named as a VLAN (with a
 * '.' or starting with "vlan") without VLAN=yes, a bridge (TYPE=Bridge), a bridge port (BRIDGE=), an
 * address.
 */
static void ifcfg_unmodelled(struct bond_conf_set *s, const struct ifcfg *c)
{
	int tline, bline, aline;
	const char *type = ifcfg_get(c, "TYPE", &tline);
	const char *bridge = ifcfg_get(c, "BRIDGE", &bline);
	const char *ip = ifcfg_get(c, "IPADDR", &aline);
	const char *vlan = ifcfg_get(c, "VLAN", NULL);
	g_autofree char *addr = ip && *ip ? g_strdup_printf(", and IPADDR=%s is not given", ip) :
			       g_strdup("");

	if (!strcmp(c->ifname, "lo"))
		return;	/* ifcfg-lo's 127.0.0.1: the host has it anyway */
	if (!is_yes(vlan) && (strchr(c->ifname, '.') || g_str_has_prefix(c->ifname, "vlan"))) {
		/* ifup-eth creates a VLAN only under VLAN=yes; then ip link set fails */
		bond_conf_warn(s, c->file, c->line, "%s is named as a VLAN but has no VLAN=yes: "
			       "ifup-eth makes no VLAN without it; it is not made%s", c->ifname,
			       addr);
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

/*
 * VLAN=yes: ifup-eth's VLAN, "ip link add link PHYSDEV name DEVICE type
 * vlan id VID".  VLAN_ID= and PHYSDEV= when given, else both from a DEVICE
 * named DEV.VID; a DEVICE named vlanVID takes its VID from the name but
 * must say PHYSDEV= (the network service refuses it otherwise).  The
 * address is the VLAN's own, as for any ifcfg file.
 */
static gboolean ifcfg_vlan(struct bond_conf_set *s, const struct ifcfg *c, GError **error)
{
	int pline, iline;
	const char *physdev = ifcfg_get(c, "PHYSDEV", &pline);
	const char *vid = ifcfg_get(c, "VLAN_ID", &iline);
	g_autofree char *from_name = NULL;
	unsigned id = 0, name_id = 0;
	gboolean split = bond_conf_vlan_split(c->ifname, &from_name, &name_id);
	const char *ip;
	int prefix = 0;

	if (physdev && !*physdev)
		physdev = NULL;
	if (vid && *vid && !bond_conf_vlan_id(vid, &id)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: VLAN_ID=%s: a VLAN id is " BOND_CONF_VLAN_IDS, c->file, iline,
			    vid);
		return FALSE;
	}
	if (!id && !split && !bond_conf_vlan_number(c->ifname, &name_id)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: %s has VLAN=yes but no VLAN id: set VLAN_ID= (1-4094) or name "
			    "it DEV.VID (e.g. DEVICE=bond0.100) or vlanVID", c->file, c->line,
			    c->ifname);
		return FALSE;
	}
	if (!id)
		id = name_id;
	if (!physdev && !split) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: %s has VLAN=yes but no device to be on: set PHYSDEV= (e.g. "
			    "PHYSDEV=bond0), as the network service wants for a name that is not "
			    "DEV.VID", c->file, c->line, c->ifname);
		return FALSE;
	}
	if (onboot_off(c)) {
		bond_conf_warn(s, c->file, c->line, "%s has ONBOOT=no: not brought up at boot",
			       c->ifname);
		return TRUE;
	}
	if (!ifcfg_address(c, &ip, &prefix, error))
		return FALSE;
	return bond_conf_vlan_record(s, c->ifname, physdev ? physdev : from_name, id, ip,
				     prefix, c->file, c->line, error) != NULL;
}

/* Bond masters and slaves (MASTER=), in file order; an interface cannot be both. */
gboolean bond_conf_ifcfg_roles(struct bond_conf_set *s, GPtrArray *masters, GPtrArray *slaves,
			       GError **error)
{
	struct bond_conf_state *st = s->state;

	for (guint i = 0; i < st->ifcfgs->len; i++) {
		struct ifcfg *c = st->ifcfgs->pdata[i];
		gboolean has_master = ifcfg_get(c, "MASTER", NULL) != NULL;

		if (is_master(st, c)) {
			if (has_master) {
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
					    "%s:%d: %s is configured both as a bond and as a slave "
					    "of %s", c->file, c->line, c->ifname,
					    ifcfg_get(c, "MASTER", NULL));
				return FALSE;
			}
			g_ptr_array_add(masters, c);
		} else if (has_master) {
			g_ptr_array_add(slaves, c);
		} else if (is_yes(ifcfg_get(c, "VLAN", NULL))) {
			if (!ifcfg_vlan(s, c, error))
				return FALSE;
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

			if (!strcmp(ifcfg_get(c, "MASTER", NULL), m->ifname) && !enslave(s, b, c, error))
				return FALSE;
		}
	}
	/* The rest come up in the network service's order, on their own. */
	g_ptr_array_sort(slaves, ifcfg_cmp_netscripts);
	for (guint k = 0; k < slaves->len; k++) {
		const struct ifcfg *c = slaves->pdata[k];
		const struct ifcfg *mc = ifcfg_of(st, ifcfg_get(c, "MASTER", NULL));

		if (mc && g_ptr_array_find(masters, mc, NULL) && !onboot_off(mc))
			continue;
		if (!enslave_orphan(s, c, error))
			return FALSE;
	}
	return TRUE;
}
