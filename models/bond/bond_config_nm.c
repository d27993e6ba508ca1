/*
 * bond_config_nm.c - NetworkManager keyfiles (/etc/NetworkManager/system-connections).
 *
 * DOC: One keyfile is one connection: '#' comment lines, [section] headers,
 * key=value lines.  A [connection] type=bond with interface-name= is a
 * bond; its [bond] keys are the kernel's option names (arp_ip_target a
 * comma-separated list), checked through the options table, and
 * [ipv4] method=manual with address1= (or addresses=) gives its address.
 * A connection with master= (controller= in newer NetworkManager) and
 * slave-type=bond (port-type=bond) is a port of the bond whose
 * interface-name, id or uuid master= names.
 *
 * NetworkManager creates the bond with every option it knows, its own
 * default where the keyfile is silent, so the module's parameters from
 * modprobe.d do not show in its bonds.  Those defaults are the kernel's
 * but one: a bond connection without miimon= and without arp_interval=
 * gets miimon=100 (libnm's default for the option), where the kernel
 * would leave miimon at 0.  NetworkManager activates the ports
 * as their devices appear; bondsim takes them in interface name order.  A
 * connection with autoconnect=false is not brought up at boot.
 *
 * A connection of type=vlan is a VLAN device ([vlan] id= and parent=, its
 * own [ipv4] address), made by the scenario's host after the bonds
 * (nm_vlan()); its flags= and priority maps are warned about, not taken.
 *
 * An ethernet connection's [ethernet] auto-negotiate=, speed= and duplex=
 * set its NIC's link as NetworkManager hands them to ethtool (nm_link()).
 *
 * A [bond] key that is no bonding option, a [connection] type other than
 * bond or ethernet for a port, a VLAN without id (1-4094) or parent, and a master= naming no bond are file:line
 * errors; sections and keys that do not concern bonds are warned about.
 */
#include "bond_config_priv.h"

#include <ctype.h>
#include <string.h>

#define TOOL "NetworkManager"

struct nm_file {
	char *name;
	const char *file;
	int line;
	GPtrArray *entries;	/* struct keyfile_entry * */
};

void bond_conf_nm_free(gpointer data)
{
	struct nm_file *f = data;

	g_free(f->name);
	g_ptr_array_unref(f->entries);
	g_free(f);
}

static const struct keyfile_entry *nm_get(const struct nm_file *f, const char *section,
					  const char *key)
{
	const struct keyfile_entry *hit = NULL;

	for (guint i = 0; i < f->entries->len; i++) {
		const struct keyfile_entry *e = f->entries->pdata[i];

		if (!strcmp(e->section, section) && !strcmp(e->key, key))
			hit = e;
	}
	return hit;
}

/* master=, else controller= (the newer name) */
static const struct keyfile_entry *nm_master(const struct nm_file *f)
{
	const struct keyfile_entry *m = nm_get(f, "connection", "controller");

	return m ? m : nm_get(f, "connection", "master");
}

static const struct keyfile_entry *nm_port_type(const struct nm_file *f)
{
	const struct keyfile_entry *m = nm_get(f, "connection", "port-type");

	return m ? m : nm_get(f, "connection", "slave-type");
}

static char *nm_bond_keys(void)
{
	GString *s = g_string_new(NULL);

	for (int id = 0; id < BOND_OPT_COUNT; id++) {
		const struct bond_opt_desc *d = bond_opt_get(id);

		if (d && (d->flags & (BOND_OPT_F_SYSFS | BOND_OPT_F_NETLINK)))
			g_string_append_printf(s, "%s%s", s->len ? ", " : "", d->name);
	}
	return g_string_free(s, FALSE);
}

/* [ethernet], or its long name */
static gboolean nm_is_ethernet_section(const char *section)
{
	return !strcmp(section, "ethernet") || !strcmp(section, "802-3-ethernet");
}

/* A key of the link settings, read by nm_link(). */
static gboolean nm_link_key(const struct keyfile_entry *e)
{
	static const char *const keys[] = { "auto-negotiate", "speed", "duplex", NULL };

	return nm_is_ethernet_section(e->section) && g_strv_contains(keys, e->key);
}

/* A key of a VLAN's [vlan], read by nm_vlan(); its flags and priority maps are not. */
static gboolean nm_vlan_key(const struct keyfile_entry *e)
{
	return !strcmp(e->section, "vlan") && (!strcmp(e->key, "id") || !strcmp(e->key, "parent"));
}

static gboolean nm_check(struct bond_conf_set *s, const struct nm_file *f,
			 const struct keyfile_entry *e, GError **error)
{
	static const char *const conn_keys[] = { "id", "uuid", "type", "interface-name",
		"master", "controller", "slave-type", "port-type", "autoconnect",
		"autoconnect-slaves", "autoconnect-ports", "autoconnect-priority",
		"permissions", "timestamp", "zone", NULL };

	if (!strcmp(e->section, "bond")) {
		const struct bond_opt_desc *d = bond_opt_lookup(e->key);

		if (!d || !(d->flags & (BOND_OPT_F_SYSFS | BOND_OPT_F_NETLINK)) ||
		    strchr(e->key, '-')) {
			g_autofree char *keys = nm_bond_keys();

			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: %s: [bond] %s= is not a bonding option: write one of %s",
				    KF_AT(f, e), f->name, e->key, keys);
			return FALSE;
		}
		g_auto(GStrv) words = g_strsplit(e->value, ",", -1);

		for (char **w = words; *w; w++) {
			g_strstrip(*w);
			if ((**w || !words[1]) &&
			    !bond_conf_tool_check(d->name, *w, KF_AT(f, e), error))
				return FALSE;
		}
		return TRUE;
	}
	if (!strcmp(e->section, "connection")) {
		for (int i = 0; conn_keys[i]; i++)
			if (!strcmp(conn_keys[i], e->key))
				return TRUE;
		bond_conf_warn(s, KF_AT(f, e), "%s: [connection] %s= is not modelled; "
			       "ignored", f->name, e->key);
		return TRUE;
	}
	if (!strcmp(e->section, "ipv4") || nm_link_key(e) || nm_vlan_key(e))
		return TRUE;
	if (!strcmp(e->section, "vlan")) {
		bond_conf_warn(s, KF_AT(f, e), "%s: [vlan] %s= is not modelled (bondsim takes "
			       "id= and parent=); ignored", f->name, e->key);
		return TRUE;
	}
	bond_conf_warn(s, KF_AT(f, e), "%s: [%s] is not modelled%s; ignored", f->name,
		       e->section, nm_is_ethernet_section(e->section) ?
		       " but for auto-negotiate=, speed= and duplex=" : "");
	return TRUE;
}

struct nm_file *bond_conf_nm_add(struct bond_conf_state *st, const char *name, const char *file,
				 int line)
{
	struct nm_file *f = g_new0(struct nm_file, 1);

	f->name = g_strdup(name);
	f->file = bond_conf_keep_file(st, file);
	f->line = line;
	f->entries = g_ptr_array_new_with_free_func(bond_conf_keyfile_entry_free);
	g_ptr_array_add(st->nm, f);
	return f;
}

gboolean bond_conf_nm_set(struct bond_conf_set *s, struct nm_file *f, const char *section,
			  const char *key, const char *value, const char *file, int line,
			  GError **error)
{
	struct keyfile_entry *e = bond_conf_keyfile_entry_new(section, key, value, line);

	e->file = file;	/* kept in the state, as f->file */

	g_ptr_array_add(f->entries, e);
	if (!nm_check(s, f, e, error)) {
		g_prefix_error(error, "(as [%s] %s= in %s) ", section, key, f->name);
		return FALSE;
	}
	return TRUE;
}

/* What checking a keyfile's entries as they are read needs. */
struct nm_read {
	struct bond_conf_set *s;
	struct nm_file *f;
	GHashTable *warned;	/* the sections not modelled already said */
};

static gboolean nm_check_entry(const struct keyfile_entry *e, void *data, GError **error)
{
	struct nm_read *r = data;

	/* a section that is not modelled is said once */
	if (strcmp(e->section, "bond") && strcmp(e->section, "connection") &&
	    strcmp(e->section, "ipv4") && !nm_link_key(e) && !nm_vlan_key(e)) {
		if (g_hash_table_contains(r->warned, e->section))
			return TRUE;
		g_hash_table_add(r->warned, g_strdup(e->section));
	}
	return nm_check(r->s, r->f, e, error);
}

/* The last [ethernet] (or [802-3-ethernet]) @key of @f, or NULL. */
static const struct keyfile_entry *nm_ethernet(const struct nm_file *f, const char *key)
{
	const struct keyfile_entry *e = nm_get(f, "ethernet", key);
	const struct keyfile_entry *l = nm_get(f, "802-3-ethernet", key);

	return !e || (l && l->line > e->line) ? l : e;
}

static gboolean nm_autoconnect(const struct nm_file *f);

static gboolean nm_has_link(const struct nm_file *f)
{
	return nm_ethernet(f, "auto-negotiate") || nm_ethernet(f, "speed") ||
	       nm_ethernet(f, "duplex");
}

/*
 * [ethernet] auto-negotiate=, speed= (Mb/s) and duplex= (nm-settings-nmcli(5),
 * NMSettingWired): with auto-negotiate=true, a speed and a duplex make the
 * NIC advertise that one mode only; with auto-negotiate=false (the
 * default) they force it; a speed without a duplex, or a duplex without a
 * speed, is dropped when the profile is loaded
 * (_normalize_ethernet_link_neg()); auto-negotiate=false with neither
 * leaves the link alone (link_negotiation_set() skips it).
 */
static gboolean nm_link(struct bond_conf_set *s, const struct nm_file *f, GError **error)
{
	const struct keyfile_entry *an = nm_ethernet(f, "auto-negotiate");
	const struct keyfile_entry *sp = nm_ethernet(f, "speed");
	const struct keyfile_entry *dx = nm_ethernet(f, "duplex");
	const struct keyfile_entry *t = nm_get(f, "connection", "type");
	const struct keyfile_entry *first = an ? an : sp ? sp : dx;
	const char *ifn = nm_get(f, "connection", "interface-name") ?
		nm_get(f, "connection", "interface-name")->value : NULL;
	gboolean autoneg = FALSE;
	guint64 mbps = 0;

	if (!first)
		return TRUE;
	if (an) {
		if (!g_ascii_strcasecmp(an->value, "true") || !strcmp(an->value, "1")) {
			autoneg = TRUE;
		} else if (g_ascii_strcasecmp(an->value, "false") && strcmp(an->value, "0")) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: %s: [%s] auto-negotiate=%s: write true or false", KF_AT(f, an),
				    f->name, an->section, an->value);
			return FALSE;
		}
	}
	if (sp && !g_ascii_string_to_unsigned(sp->value, 10, 0, G_MAXUINT32, &mbps, NULL)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: %s: [%s] speed=%s: write the speed in Mb/s, e.g. speed=100 "
			    "(0: not set)", KF_AT(f, sp), f->name, sp->section, sp->value);
		return FALSE;
	}
	if (dx && strcmp(dx->value, "half") && strcmp(dx->value, "full")) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: %s: [%s] duplex=%s: write half or full", KF_AT(f, dx), f->name,
			    dx->section, dx->value);
		return FALSE;
	}
	if (t && strcmp(t->value, "ethernet") && strcmp(t->value, "802-3-ethernet")) {
		bond_conf_warn(s, KF_AT(f, first), "%s: [%s] link settings of a type=%s connection: "
			       "NetworkManager sets them on ethernet devices only; ignored", f->name,
			       first->section, t->value);
		return TRUE;
	}
	if (!ifn || !bond_ifname_valid(ifn)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: %s: [%s] link settings need interface-name= naming the NIC, "
			    "e.g. interface-name=eth0", KF_AT(f, first), f->name, first->section);
		return FALSE;
	}
	if (!nm_autoconnect(f)) {
		bond_conf_warn(s, KF_AT(f, first), "%s: autoconnect=false: the connection is not "
			       "brought up at boot, so %s keeps its link settings", f->name, ifn);
		return TRUE;
	}
	if ((mbps != 0) != (dx != NULL)) {
		const struct keyfile_entry *one = mbps ? sp : dx;

		bond_conf_warn(s, KF_AT(f, one), "%s: %s=%s without %s=: NetworkManager drops a "
			       "speed without a duplex (and a duplex without a speed) when it loads "
			       "the profile; ignored", f->name, one->key, one->value,
			       mbps ? "duplex" : "speed");
		mbps = 0;
		dx = NULL;
	}
	if (!mbps && !autoneg)
		return TRUE;	/* NetworkManager leaves the link as the driver has it */
	g_autofree char *words = mbps ? g_strdup_printf("speed %" G_GUINT64_FORMAT " duplex %s autoneg %s",
						       mbps, dx->value, autoneg ? "on" : "off")
				      : g_strdup("autoneg on");
	const struct keyfile_entry *at = sp && mbps ? sp : first;
	g_autofree char *what = g_strdup_printf("%s [%s]", f->name, at->section);

	return bond_conf_link_add(s, ifn, words, what, KF_AT(f, at), error);
}

gboolean bond_conf_parse_nm(struct bond_conf_set *s, const char *name, const char *text,
			    const char *file, int first_line, GError **error)
{
	struct bond_conf_state *st = s->state;
	g_autoptr(GHashTable) warned = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
							     NULL);
	struct nm_file *f = g_new0(struct nm_file, 1);
	struct nm_read r = { s, f, warned };

	f->name = g_strdup(name && *name ? name : "connection");
	f->file = bond_conf_keep_file(st, file ? file : "<keyfile>");
	f->line = first_line;
	f->entries = g_ptr_array_new_with_free_func(bond_conf_keyfile_entry_free);

	if (!bond_conf_keyfile_read(text, first_line, f->file, false, "[bond]", "key=value",
				    "[bond] then mode=802.3ad", f->entries, nm_check_entry, &r,
				    error) || !nm_link(s, f, error)) {
		bond_conf_nm_free(f);
		return FALSE;
	}
	g_ptr_array_add(st->nm, f);
	return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Boot.                                                                     */

static gboolean nm_is_bond(const struct nm_file *f)
{
	const struct keyfile_entry *t = nm_get(f, "connection", "type");

	return t && !strcmp(t->value, "bond");
}

static gboolean nm_autoconnect(const struct nm_file *f)
{
	const struct keyfile_entry *a = nm_get(f, "connection", "autoconnect");

	return !a || !(!g_ascii_strcasecmp(a->value, "false") || !strcmp(a->value, "0") ||
		       !g_ascii_strcasecmp(a->value, "no"));
}

static const char *nm_ifname(const struct nm_file *f)
{
	const struct keyfile_entry *n = nm_get(f, "connection", "interface-name");

	return n ? n->value : NULL;
}

static gboolean nm_names(const struct nm_file *f, const char *ref)
{
	const char *keys[] = { "interface-name", "id", "uuid" };

	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		const struct keyfile_entry *e = nm_get(f, "connection", keys[i]);

		if (e && !strcmp(e->value, ref))
			return TRUE;
	}
	return FALSE;
}

static gboolean nm_address(const struct nm_file *f, char **ipaddr, int *prefix, GError **error)
{
	const struct keyfile_entry *m = nm_get(f, "ipv4", "method");
	const struct keyfile_entry *a = nm_get(f, "ipv4", "address1");

	if (!a)
		a = nm_get(f, "ipv4", "addresses");
	if (!a || (m && strcmp(m->value, "manual")))
		return TRUE;
	/* "10.0.0.1/24,10.0.0.254": the address, then the gateway */
	g_auto(GStrv) parts = g_strsplit_set(a->value, ",;", -1);

	if (!parts[0] || !bond_conf_parse_addr(g_strstrip(parts[0]), 24, ipaddr, prefix)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS,
			    "%s:%d: %s=%s is not an IPv4 address: write e.g. %s=10.0.0.1/24",
			    KF_AT(f, a), a->key, a->value, a->key);
		return FALSE;
	}
	return TRUE;
}

/*
 * A connection of type vlan: NetworkManager's "ip link add link PARENT
 * name IFNAME type vlan id ID".  [vlan] parent= is an interface name or a
 * connection's uuid (or id); interface-name= defaults to PARENT.ID, as
 * nm_utils_new_vlan_name() makes it (PARENT cut to fit).  NetworkManager
 * takes id 0 (its default) for a priority-tagged device; bondsim does not
 * model priority tags, so an id is 1-4094 and must be given.
 */
static gboolean nm_vlan(struct bond_conf_set *s, const struct nm_file *f, GError **error)
{
	const struct bond_conf_state *st = s->state;
	const struct keyfile_entry *t = nm_get(f, "connection", "type");
	const struct keyfile_entry *ide = nm_get(f, "vlan", "id");
	const struct keyfile_entry *pe = nm_get(f, "vlan", "parent");
	const struct keyfile_entry *ne = nm_get(f, "connection", "interface-name");
	const char *parent;
	g_autofree char *name = NULL, *ip = NULL;
	unsigned id;
	int prefix = 0;

	if (!ide || !bond_conf_vlan_id(ide->value, &id)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: %s: a vlan connection needs [vlan] id=, " BOND_CONF_VLAN_IDS
			    "%s%s%s (NetworkManager's default 0 is a priority tag only, not "
			    "modelled)", KF_AT(f, ide ? ide : t), f->name, ide ? ", not '" : "",
			    ide ? ide->value : "", ide ? "'" : "");
		return FALSE;
	}
	if (!pe || !*pe->value) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: %s: a vlan connection needs [vlan] parent=, the device it is on "
			    "(an interface name or a connection's uuid; bondsim does not match "
			    "[ethernet] mac-address=)", KF_AT(f, t), f->name);
		return FALSE;
	}
	parent = pe->value;
	for (guint k = 0; k < st->nm->len; k++) {
		const struct nm_file *o = st->nm->pdata[k];

		if (o != f && nm_ifname(o) && (nm_get(o, "connection", "uuid") ||
					       nm_get(o, "connection", "id")) &&
		    nm_names(o, parent))
			parent = nm_ifname(o);
	}
	if (ne)
		name = g_strdup(ne->value);
	else
		name = g_strdup_printf("%.*s.%u", (int)(BOND_IFNAMSIZ - 1 - 1 -
			(id >= 1000 ? 4 : id >= 100 ? 3 : id >= 10 ? 2 : 1)), parent, id);
	if (!nm_autoconnect(f)) {
		bond_conf_warn(s, KF_AT(f, ne ? ne : t), "%s: autoconnect=false: VLAN %s is not "
			       "made at boot", f->name, name);
		return TRUE;
	}
	if (!nm_address(f, &ip, &prefix, error))
		return FALSE;
	return bond_conf_vlan_record(s, name, parent, id, ip, ip ? prefix : 0,
				     KF_AT(f, ne ? ne : t), error) != NULL;
}

static gint nm_port_cmp(gconstpointer a, gconstpointer b)
{
	const struct nm_file *x = *(const struct nm_file *const *)a;
	const struct nm_file *y = *(const struct nm_file *const *)b;

	return bond_conf_netscripts_cmp(nm_ifname(x), nm_ifname(y));
}

gboolean bond_conf_nm_bonds(struct bond_conf_set *s, GError **error)
{
	struct bond_conf_state *st = s->state;
	g_autoptr(GPtrArray) ports = g_ptr_array_new();

	for (guint i = 0; i < st->nm->len; i++) {
		const struct nm_file *f = st->nm->pdata[i];
		const struct keyfile_entry *t = nm_get(f, "connection", "type");
		const char *ifn = nm_ifname(f);
		struct tool_bond *b;
		gboolean miimon = FALSE, arp = FALSE;

		if (nm_master(f)) {
			const struct keyfile_entry *pt = nm_port_type(f);

			if (!pt || strcmp(pt->value, "bond")) {
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
					    "%s:%d: %s: %s=%s needs slave-type=bond (or port-type=bond)",
					    KF_AT(f, nm_master(f)), f->name, nm_master(f)->key,
					    nm_master(f)->value);
				return FALSE;
			}
			if (!ifn || !bond_ifname_valid(ifn)) {
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
					    "%s:%d: %s: a port needs interface-name= naming its NIC, "
					    "e.g. interface-name=eth0", f->file, f->line, f->name);
				return FALSE;
			}
			g_ptr_array_add(ports, (gpointer)f);
			continue;
		}
		if (!nm_is_bond(f) && nm_has_link(f) && !(t && strcmp(t->value, "ethernet") &&
							  strcmp(t->value, "802-3-ethernet")))
			continue;	/* its link settings: nm_link() */
		if (t && !strcmp(t->value, "vlan")) {
			if (!nm_vlan(s, f, error))
				return FALSE;
			continue;
		}
		if (!nm_is_bond(f)) {
			bond_conf_warn(s, f->file, t ? t->line : f->line, "%s: type=%s is neither a "
				       "bond, a bond's port nor a VLAN; ignored", f->name,
				       t ? t->value : "(none)");
			continue;
		}
		if (!ifn || !bond_ifname_valid(ifn)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
				    "%s:%d: %s: a bond needs interface-name= with a valid interface "
				    "name, e.g. interface-name=bond0", KF_AT(f, t), f->name);
			return FALSE;
		}
		for (guint k = 0; k < st->tools->len; k++) {
			const struct tool_bond *o = st->tools->pdata[k];

			if (!strcmp(o->name, ifn)) {
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
					    "%s:%d: %s is already configured at %s:%d: one connection "
					    "per bond", KF_AT(f, t), ifn, o->file, o->line);
				return FALSE;
			}
		}
		b = bond_conf_tool_bond(st, TOOL, ifn, f->file, nm_get(f, "connection",
			"interface-name")->line);
		b->fresh_only = TRUE;
		b->own_defaults = TRUE;
		if (!nm_autoconnect(f))
			b->down = "autoconnect=false: not brought up at boot";
		for (guint k = 0; k < f->entries->len; k++) {
			const struct keyfile_entry *e = f->entries->pdata[k];
			const struct bond_opt_desc *d;

			if (strcmp(e->section, "bond"))
				continue;
			d = bond_opt_lookup(e->key);
			miimon |= d->id == BOND_OPT_MIIMON;
			arp |= d->id == BOND_OPT_ARP_INTERVAL && strcmp(e->value, "0");
			g_auto(GStrv) words = g_strsplit(e->value, ",", -1);

			for (char **w = words; *w; w++) {
				g_strstrip(*w);
				if (**w || !words[1])
					bond_conf_tool_opt(b, d->name, *w, KF_AT(f, e));
			}
		}
		/* libnm's default: miimon=100 unless the ARP monitor is asked for */
		if (!miimon && !arp)
			bond_conf_tool_opt(b, "miimon", "100", f->file, b->line);
		if (!nm_address(f, &b->ipaddr, &b->prefix, error))
			return FALSE;
	}
	g_ptr_array_sort(ports, nm_port_cmp);
	for (guint i = 0; i < ports->len; i++) {
		const struct nm_file *f = ports->pdata[i];
		const struct keyfile_entry *m = nm_master(f);
		const struct nm_file *mf = NULL;
		struct tool_bond *b = NULL;

		for (guint k = 0; k < st->nm->len && !mf; k++) {
			const struct nm_file *o = st->nm->pdata[k];

			if (nm_is_bond(o) && nm_names(o, m->value))
				mf = o;
		}
		for (guint k = 0; mf && k < st->tools->len; k++) {
			struct tool_bond *o = st->tools->pdata[k];

			if (!strcmp(o->tool, TOOL) && !strcmp(o->name, nm_ifname(mf)))
				b = o;
		}
		if (!b) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
				    "%s:%d: %s: %s=%s: no bond connection has that interface-name, id "
				    "or uuid", KF_AT(f, m), f->name, m->key, m->value);
			return FALSE;
		}
		if (!nm_autoconnect(f)) {
			bond_conf_warn(s, f->file, f->line, "%s: autoconnect=false: %s is not "
				       "enslaved at boot", f->name, nm_ifname(f));
			continue;
		}
		bond_conf_tool_slave(b, nm_ifname(f), KF_AT(f, m));
	}
	return TRUE;
}
