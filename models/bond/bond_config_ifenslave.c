/*
 * bond_config_ifenslave.c - "ifup -a" with Debian's ifenslave 2.13 hooks.
 *
 * DOC: ifenslave is no program any more, only three hooks that ifupdown
 * runs for every stanza it brings up, with the stanza's options in the
 * environment (IF_BOND_MODE ...):
 *
 *  - /etc/network/if-pre-up.d/ifenslave: a stanza with bond-master is a
 *    slave's: it makes sure the master is up ("ifup MASTER" unless it is up
 *    or being brought up), enslaves the interface and writes the primary
 *    from the slave's own bond-primary (the first of its names that is a
 *    slave now) and bond-primary-reselect.  Nothing else of a slave's
 *    stanza reaches the master.  Otherwise a stanza with bond-slaves (or
 *    the older "slaves") or bond-mode is a master's: "ip link add type
 *    bond", then fail_over_mac, use_carrier, num_grat_arp, num_unsol_na,
 *    arp_ip_target (each address not there yet), arp_interval, miimon,
 *    downdelay, updelay, ad_select, mode, xmit_hash_policy, tlb_dynamic_lb,
 *    packets_per_slave, arp_validate, lacp_rate, queue_id, active_slave in
 *    that order; then bond-slaves, each skipped if it is being brought up
 *    or is up with a bond-master of its own, else enslaved and brought up
 *    with "ifup --allow=MASTER" (so only if an allow-MASTER line names it);
 *    then primary and primary_reselect.  A stanza with neither makes no
 *    bond, and a slave naming it fails to enslave ("Failed to enslave").
 *  - if-up.d: bond-give-a-chance makes a slave the primary for a while.
 *  - if-post-down.d: ifdown only.
 *
 * Every other bond-* option (bond-min-links, bond-lp-interval ...) is read
 * by no hook: it is warned about and the kernel keeps its value.  The
 * writes are replayed in the hook's order (mode after miimon, so
 * mode=802.3ad over miimon 0 brings miimon back to 100, as the kernel does).
 * "ifup -a" takes auto, allow-auto and allow-hotplug lines in file order
 * (hotplug NICs being there at boot); a name on another allow- line only
 * comes up through its master's hook.  bond_active_slave, queue_id and
 * bond-give-a-chance are not modelled (warnings).
 */
#include "bond_config_ifupdown.h"

#define TOOL "ifupdown"

enum ife_how { IFE_WRITE, IFE_ADD, IFE_UNMODELLED };

/* setup_master() and early_setup_master(), in the order the hook writes. */
static const struct ife_write {
	const char *key;
	const char *kopt;
	enum ife_how how;
} ife_master_writes[] = {
	{ "bond-fail-over-mac", "fail_over_mac", IFE_WRITE },
	{ "bond-use-carrier", "use_carrier", IFE_WRITE },
	{ "bond-num-grat-arp", "num_grat_arp", IFE_WRITE },
	{ "bond-num-unsol-na", "num_unsol_na", IFE_WRITE },
	{ "bond-arp-ip-target", "arp_ip_target", IFE_ADD },
	{ "bond-arp-interval", "arp_interval", IFE_WRITE },
	{ "bond-miimon", "miimon", IFE_WRITE },
	{ "bond-downdelay", "downdelay", IFE_WRITE },
	{ "bond-updelay", "updelay", IFE_WRITE },
	{ "bond-ad-select", "ad_select", IFE_WRITE },
	{ "bond-mode", "mode", IFE_WRITE },
	{ "bond-xmit-hash-policy", "xmit_hash_policy", IFE_WRITE },
	{ "bond-tlb-dynamic-lb", "tlb_dynamic_lb", IFE_WRITE },
	{ "bond-packets-per-slave", "packets_per_slave", IFE_WRITE },
	{ "bond-arp-validate", "arp_validate", IFE_WRITE },
	{ "bond-lacp-rate", "lacp_rate", IFE_WRITE },
	{ "bond-queue-id", NULL, IFE_UNMODELLED },
	{ "bond-active-slave", NULL, IFE_UNMODELLED },
};

/* The hook's own words, and what setup_primary() writes. */
static const char *const ife_other_keys[] = { "bond-slaves", "bond-master", "bond-primary",
	"bond-primary-reselect", "bond-give-a-chance", NULL };

struct ife {
	struct bond_conf_set *s;
	const struct if_file *f;
	GHashTable *up;		/* interfaces ifup configured ("ifquery --state") */
	GHashTable *busy;	/* being brought up (IFUPDOWN_<iface> in the environment) */
	GHashTable *bonds;	/* name -> struct tool_bond *, made by "ip link add" */
	GHashTable *master_of;	/* slave -> bond name */
	GHashTable *tried;	/* bond -> the first stanza whose bond-primary named no slave */
};

/* ifupdown's IF_ names: '-' and '_' alike. */
static bool key_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (*a != *b && !((*a == '-' || *a == '_') && (*b == '-' || *b == '_')))
			return false;
	return *a == *b;
}

static const struct if_opt *opt_of(const struct if_stanza *st, const char *key)
{
	for (guint i = 0; i < st->opts->len; i++) {
		const struct if_opt *o = st->opts->pdata[i];

		if (key_eq(o->key, key))
			return o;
	}
	return NULL;
}

static const struct ife_write *master_write(const char *key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(ife_master_writes); i++)
		if (key_eq(ife_master_writes[i].key, key))
			return &ife_master_writes[i];
	return NULL;
}

static bool other_key(const char *key)
{
	for (int i = 0; ife_other_keys[i]; i++)
		if (key_eq(ife_other_keys[i], key))
			return true;
	return false;
}

gboolean bond_conf_ifenslave_reads(const char *key)
{
	return master_write(key) || other_key(key);
}

char *bond_conf_ifenslave_keys(void)
{
	GString *s = g_string_new("bond-slaves, bond-master, bond-mode, bond-miimon");

	for (size_t i = 0; i < G_N_ELEMENTS(ife_master_writes); i++)
		if (strcmp(ife_master_writes[i].key, "bond-mode") &&
		    strcmp(ife_master_writes[i].key, "bond-miimon"))
			g_string_append_printf(s, ", %s", ife_master_writes[i].key);
	for (int i = 2; ife_other_keys[i]; i++)
		g_string_append_printf(s, ", %s", ife_other_keys[i]);
	return g_string_free(s, FALSE);
}

/* The slaves' list: bond-slaves, else the older "slaves" (IF_BOND_SLAVES:-$IF_SLAVES). */
static const struct if_opt *slaves_opt(const struct if_stanza *st)
{
	const struct if_opt *o = if_get(st, "bond-slaves");

	return o ? o : if_get(st, "slaves");
}

enum ife_role { IFE_NONE, IFE_SLAVE, IFE_MASTER };

/* What the pre-up hook makes of a stanza: its if / elif. */
static enum ife_role role_of(const struct if_stanza *st)
{
	if (if_get(st, "bond-master"))
		return IFE_SLAVE;
	if (slaves_opt(st) || if_get(st, "bond-mode"))
		return IFE_MASTER;
	return IFE_NONE;
}

/* bond-give-a-chance: the if-up.d hook's, for any interface that is a slave when it is up. */
static void give_a_chance(struct bond_conf_set *s, const char *file, const struct if_stanza *st,
			  const struct if_opt *o)
{
	if (role_of(st) == IFE_MASTER)
		bond_conf_warn(s, file, o->line, "%s: bond-give-a-chance is for a slave's "
			       "stanza (the if-up.d hook writes its master's primary); ignored",
			       st->dev);
	else
		bond_conf_warn(s, file, o->line, "%s: bond-give-a-chance %s: ifenslave's if-up.d "
			       "hook makes %s its bond's primary until its link is up (%s s at "
			       "most), then puts the primary back; not modelled", st->dev,
			       o->value, st->dev, o->value);
}

void bond_conf_ifenslave_unapplied(struct bond_conf_set *s, const char *file,
				   const struct if_stanza *st)
{
	enum ife_role role = role_of(st);
	bool told = false;

	for (guint i = 0; i < st->opts->len; i++) {
		const struct if_opt *o = st->opts->pdata[i];
		const struct ife_write *w = master_write(o->key);

		if (!g_str_has_prefix(o->key, "bond-") || opt_of(st, o->key) != o)
			continue;	/* a later line of a key: said with the first */
		if (key_eq(o->key, "bond-give-a-chance")) {
			give_a_chance(s, file, st, o);
		} else if (role == IFE_NONE && !told) {
			bond_conf_warn(s, file, o->line, "%s: %s, but neither bond-slaves nor "
				       "bond-mode nor bond-master: ifenslave's hook does nothing with "
				       "this stanza, and makes no bond %s", st->dev, o->key, st->dev);
			told = true;
		} else if (role == IFE_SLAVE && strcmp(o->key, "bond-master") &&
			   !key_eq(o->key, "bond-primary") &&
			   !key_eq(o->key, "bond-primary-reselect")) {
			bond_conf_warn(s, file, o->line, "%s: %s in a stanza with bond-master: "
				       "ifenslave's hook takes only bond-primary and "
				       "bond-primary-reselect from a slave's stanza; ignored", st->dev,
				       o->key);
		} else if (role == IFE_MASTER && w && w->how == IFE_UNMODELLED) {
			bond_conf_warn(s, file, o->line, "%s: %s: ifenslave writes it after "
				       "enslaving; bondsim does not model it, ignored", st->dev,
				       o->key);
		} else if (role == IFE_MASTER && !w && !other_key(o->key)) {
			g_autofree char *kname = g_strdelimit(g_strdup(o->key + 5), "-", '_');

			bond_conf_warn(s, file, o->line, "%s: ifenslave 2.13 ignores %s (its hook "
				       "writes no %s): the kernel keeps its value", st->dev, o->key,
				       kname);
		}
	}
}

static const struct if_stanza *first_stanza(const struct if_file *f, const char *dev)
{
	for (guint i = 0; i < f->stanzas->len; i++) {
		const struct if_stanza *st = f->stanzas->pdata[i];

		if (!strcmp(st->dev, dev))
			return st;
	}
	return NULL;
}

static bool allowed(const struct if_file *f, const char *cls, const char *dev)
{
	for (guint i = 0; i < f->allow->len; i++) {
		const struct if_allow *a = f->allow->pdata[i];

		if (!strcmp(a->cls, cls) && !strcmp(a->dev, dev))
			return true;
	}
	return false;
}

static gboolean ifup(struct ife *x, const char *dev, GError **error);

/*
 * sysfs_add slaves: a name already a slave of the bond is not written
 * again; the kernel refuses a slave of another bond ("Failed to enslave").
 */
static void enslave(struct ife *x, struct tool_bond *b, const char *dev, const struct if_opt *o)
{
	const char *had = g_hash_table_lookup(x->master_of, dev);

	if (had && strcmp(had, b->name))
		bond_conf_warn(x->s, x->f->file, o->line, "%s: %s is a slave of %s already: the "
			       "kernel refuses to enslave it again (\"Failed to enslave %s to "
			       "%s\"); it stays in %s", b->name, dev, had, dev, b->name, had);
	if (had)
		return;
	g_hash_table_insert(x->master_of, g_strdup(dev), g_strdup(b->name));
	bond_conf_tool_slave(b, dev, x->f->file, o->line);
}

/*
 * setup_primary(): the first name of @st's bond-primary (every line) that
 * is a slave of @b now, then primary_reselect.  None: nothing is written.
 */
static void setup_primary(struct ife *x, struct tool_bond *b, const struct if_stanza *st)
{
	const struct if_opt *p = if_get(st, "bond-primary");
	const struct if_opt *r = opt_of(st, "bond-primary-reselect");
	const char *file = x->f->file;

	if (p) {
		g_autoptr(GPtrArray) words = bond_conf_if_words(st, "bond-primary");
		guint i;

		for (i = 0; i < words->len; i++) {
			const char *m = g_hash_table_lookup(x->master_of, words->pdata[i]);

			if (m && !strcmp(m, b->name))
				break;
		}
		if (i < words->len)
			bond_conf_tool_opt(b, "primary", words->pdata[i], file, p->line);
		else if (!g_hash_table_contains(x->tried, b->name))
			g_hash_table_insert(x->tried, g_strdup(b->name), (gpointer)st);
	}
	if (r)
		bond_conf_tool_opt(b, "primary_reselect", r->value, file, r->line);
}

/* The value ifenslave echoes: the joined lines, of which the kernel reads the first. */
static void write_value(struct ife *x, struct tool_bond *b, const struct if_stanza *st,
			const struct if_opt *o, const char *kopt)
{
	const struct if_opt *next = if_next(st, o);
	g_auto(GStrv) words = g_strsplit_set(o->value, " \t", -1);

	for (char **w = words; *w; w++)
		if (**w)
			bond_conf_tool_opt(b, kopt, *w, x->f->file, o->line);
	if (next)
		bond_conf_warn(x->s, x->f->file, o->line, "%s: %s given again at %s:%d (%s %s): "
			       "ifupdown joins the lines with a newline and the kernel reads the "
			       "value up to it: the first one is what the kernel gets", b->name,
			       o->key, x->f->file, next->line, o->key, next->value);
}

/* sysfs_add arp_ip_target: each word of every line as "+ADDR", unless already there. */
static void add_targets(struct ife *x, struct tool_bond *b, const struct if_stanza *st,
			const struct if_opt *first)
{
	for (const struct if_opt *o = first; o; o = if_next(st, o)) {
		g_auto(GStrv) words = g_strsplit_set(o->value, " \t", -1);

		for (char **w = words; *w; w++) {
			const struct tool_opt *had = NULL;

			for (guint i = 0; **w && i < b->opts->len && !had; i++) {
				const struct tool_opt *t = b->opts->pdata[i];

				if (!strcmp(t->name, "arp_ip_target") && !strcmp(t->value, *w))
					had = t;
			}
			if (had)
				bond_conf_warn(x->s, x->f->file, o->line, "%s: bond-arp-ip-target %s "
					       "is already given at %s:%d: ifenslave does not add it "
					       "again", b->name, *w, had->file, had->line);
			else if (**w)
				bond_conf_tool_opt(b, "arp_ip_target", *w, x->f->file, o->line);
		}
	}
}

/* enslave_slaves(): bond-slaves, in order ("none" as the whole value: none). */
static gboolean enslave_slaves(struct ife *x, struct tool_bond *b, const struct if_stanza *st,
			       GError **error)
{
	const struct if_opt *sl = slaves_opt(st);
	g_autoptr(GPtrArray) words = sl ? bond_conf_if_words(st, sl->key) : NULL;

	if (!sl || (words->len == 1 && !strcmp(words->pdata[0], "none") && !if_next(st, sl)))
		return TRUE;
	if (words->len == 1 && !strcmp(words->pdata[0], "all") && !if_next(st, sl)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
			    "%s:%d: %s: %s all: ifenslave enslaves every eth* interface of "
			    "/proc/net/dev, which bondsim does not know while it reads the file: "
			    "name them (%s eth0 eth1)", x->f->file, sl->line, b->name, sl->key,
			    sl->key);
		return FALSE;
	}
	for (guint i = 0; i < words->len; i++) {
		const char *dev = words->pdata[i];
		const struct if_stanza *own = first_stanza(x->f, dev);

		if (!strcmp(dev, "none") || !strcmp(dev, "all")) {
			bond_conf_warn(x->s, x->f->file, sl->line, "%s: %s holds '%s' beside other "
				       "names: ifenslave takes it for an interface, fails to enslave "
				       "it and goes on", b->name, sl->key, dev);
			continue;
		}
		/* up (or coming up) with bonding of its own: its own hook enslaves it */
		if (g_hash_table_contains(x->busy, dev) ||
		    (g_hash_table_contains(x->up, dev) && own && if_get(own, "bond-master")))
			continue;
		enslave(x, b, dev, sl);
		if (allowed(x->f, b->name, dev) && !ifup(x, dev, error))
			return FALSE;
	}
	return TRUE;
}

/* setup_master_device(): the bond, its options in the hook's order, its slaves, its primary. */
static gboolean master_device(struct ife *x, const struct if_stanza *st, GError **error)
{
	struct tool_bond *b = g_hash_table_lookup(x->bonds, st->dev);

	if (!b) {
		b = bond_conf_tool_bond(x->s->state, TOOL, st->dev, x->f->file,
					first_stanza(x->f, st->dev)->line);
		b->in_order = TRUE;
		g_hash_table_insert(x->bonds, g_strdup(st->dev), b);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(ife_master_writes); i++) {
		const struct ife_write *w = &ife_master_writes[i];
		const struct if_opt *o = opt_of(st, w->key);

		if (o && w->how == IFE_ADD)
			add_targets(x, b, st, o);
		else if (o && w->how == IFE_WRITE)
			write_value(x, b, st, o, w->kopt);
	}
	if (!enslave_slaves(x, b, st, error))
		return FALSE;
	setup_primary(x, b, st);
	return TRUE;
}

/* setup_slave_device(): the master up first, then the slave in, then its primary. */
static gboolean slave_device(struct ife *x, const struct if_stanza *st, const struct if_opt *m,
			     GError **error)
{
	struct tool_bond *b;

	if (!g_hash_table_contains(x->busy, m->value) && !ifup(x, m->value, error))
		return FALSE;
	b = g_hash_table_lookup(x->bonds, m->value);
	if (!b) {
		bond_conf_warn(x->s, x->f->file, m->line, "%s: bond-master %s, but no stanza of "
			       "%s has bond-slaves or bond-mode, so ifenslave never creates it "
			       "(\"Failed to enslave %s to %s\"): %s joins no bond", st->dev,
			       m->value, m->value, st->dev, m->value, st->dev);
		return TRUE;
	}
	enslave(x, b, st->dev, m);
	setup_primary(x, b, st);
	return TRUE;
}

/* ifup DEV: each of its stanzas in file order, the pre-up hook for each. */
static gboolean ifup(struct ife *x, const char *dev, GError **error)
{
	if (g_hash_table_contains(x->up, dev) || g_hash_table_contains(x->busy, dev))
		return TRUE;
	g_hash_table_add(x->busy, g_strdup(dev));
	for (guint i = 0; i < x->f->stanzas->len; i++) {
		const struct if_stanza *st = x->f->stanzas->pdata[i];
		const struct if_opt *m = if_master(st);
		gboolean ok = TRUE;

		if (strcmp(st->dev, dev))
			continue;
		if (st->master_twice) {
			/* the hook exits 1: ifup DEV fails (warned while reading) */
			g_hash_table_remove(x->busy, dev);
			return TRUE;
		}
		if (m)
			ok = slave_device(x, st, m, error);
		else if (role_of(st) == IFE_MASTER)
			ok = master_device(x, st, error);
		if (!ok)
			return FALSE;
	}
	g_hash_table_remove(x->busy, dev);
	g_hash_table_add(x->up, g_strdup(dev));
	return TRUE;
}

/* What the hooks would trip over, refused before anything is brought up. */
static gboolean check_roles(const struct if_file *f, GError **error)
{
	for (guint i = 0; i < f->stanzas->len; i++) {
		const struct if_stanza *st = f->stanzas->pdata[i];
		const struct if_opt *m = if_master(st);

		if (role_of(st) == IFE_MASTER && !bond_ifname_valid(st->dev)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
				    "%s:%d: '%s' is not a valid interface name (at most %d "
				    "characters, no '/', ':' or spaces)", f->file, st->line, st->dev,
				    BOND_IFNAMSIZ - 1);
			return FALSE;
		}
		if (!m)
			continue;
		if (!first_stanza(f, m->value)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
				    "%s:%d: bond-master %s: there is no 'iface %s' stanza; ifenslave "
				    "enslaves into a bond configured in this file", f->file, m->line,
				    m->value, m->value);
			return FALSE;
		}
		for (guint k = 0; k < f->stanzas->len; k++) {
			const struct if_stanza *o = f->stanzas->pdata[k];
			g_autoptr(GPtrArray) words = NULL;

			if (role_of(o) != IFE_MASTER)
				continue;	/* (bond-mode alone lists no slaves) */
			if (!strcmp(o->dev, st->dev)) {
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
					    "%s:%d: %s is configured both as a bond and as a slave "
					    "of %s", f->file, m->line, st->dev, m->value);
				return FALSE;
			}
			words = bond_conf_if_words(o, slaves_opt(o) ? slaves_opt(o)->key :
						   "bond-slaves");
			if (strcmp(o->dev, m->value) &&
			    g_ptr_array_find_with_equal_func(words, st->dev, g_str_equal, NULL)) {
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
					    "%s:%d: %s is in bond-slaves of %s but its bond-master "
					    "is %s", f->file, m->line, st->dev, o->dev, m->value);
				return FALSE;
			}
		}
	}
	return TRUE;
}

/*
 * A bond-primary that named no slave when setup_primary() ran, and no later
 * write gave the bond a primary: said once, and why when one of its names
 * became a slave only later (through its own bond-master).
 */
static void primary_never(struct ife *x, const struct tool_bond *b, const struct if_stanza *st)
{
	const struct if_opt *p = if_get(st, "bond-primary");
	g_autoptr(GPtrArray) words = bond_conf_if_words(st, "bond-primary");
	const char *later = NULL;

	for (guint i = 0; i < b->opts->len; i++)
		if (!strcmp(((struct tool_opt *)b->opts->pdata[i])->name, "primary"))
			return;
	for (guint i = 0; i < words->len && !later; i++) {
		const char *m = g_hash_table_lookup(x->master_of, words->pdata[i]);

		if (m && !strcmp(m, b->name))
			later = words->pdata[i];
	}
	if (!later)
		bond_conf_warn(x->s, x->f->file, p->line, "%s: no name in bond-primary is a "
			       "slave of it; ifenslave writes no primary", b->name);
	else
		bond_conf_warn(x->s, x->f->file, p->line, "%s: no name in bond-primary is a "
			       "slave of it yet when ifenslave writes the primary, after enslaving "
			       "%s's bond-slaves (%s joins later, through its own bond-master); "
			       "ifenslave writes no primary", b->name, st->dev, later);
}

/*
 * A stanza that is neither a bond's nor a slave's makes no bond.  A VLAN
 * (what the vlan package's hook makes of a stanza with vlan-raw-device,
 * or named DEV.VID or vlanVID) brought up at boot is made, one nothing
 * brings up is said; of the rest, bondsim makes nothing, said where that
 * loses something: a bridge (what bridge-utils' makes of bridge_ports),
 * an address.
 */
static gboolean not_modelled(struct ife *x, const struct if_stanza *st, GError **error)
{
	const struct if_opt *ports = if_get(st, "bridge_ports");
	const struct if_opt *a = st->inet ? if_get(st, "address") : NULL;
	g_autofree char *addr = a ? g_strdup_printf(", and its address %s is not given",
						    a->value) : g_strdup("");

	if (!ports)
		ports = if_get(st, "bridge-ports");
	if (bond_conf_if_is_vlan(st) && g_hash_table_contains(x->up, st->dev))
		return bond_conf_if_vlan(x->s, x->f->file, st, error);
	if (bond_conf_if_is_vlan(st))
		bond_conf_warn(x->s, x->f->file, st->line, "%s: a VLAN that no auto or allow- "
			       "line brings up; not made at boot (add 'auto %s')%s", st->dev,
			       st->dev, addr);
	else if (ports)
		bond_conf_warn(x->s, x->f->file, ports->line, "%s is a bridge (%s %s): bondsim "
			       "does not model bridges; it is not made, its ports join no "
			       "bridge%s", st->dev, ports->key, ports->value, addr);
	else if (a)
		bond_conf_warn(x->s, x->f->file, a->line, "%s is neither a bond nor a bond's "
			       "slave: bondsim reads bonds only from this file; address %s is not "
			       "given (write 'ip %s = ...' in the host)", st->dev, a->value, st->dev);
	return TRUE;
}

/* After the boot: what never came up, the primaries never written, the addresses. */
static gboolean after_boot(struct ife *x, GError **error)
{
	const struct if_file *f = x->f;

	for (guint i = 0; i < f->stanzas->len; i++) {
		const struct if_stanza *st = f->stanzas->pdata[i];
		const struct if_opt *m = if_master(st);
		struct tool_bond *b = g_hash_table_lookup(x->bonds, st->dev);

		if (first_stanza(f, st->dev) != st)
			continue;
		if (m && !g_hash_table_contains(x->up, st->dev))
			bond_conf_warn(x->s, f->file, st->line, "%s names bond-master %s but "
				       "nothing brings it up at boot (no auto or allow-hotplug line; "
				       "an allow-%s line serves %s's bond-slaves only); not enslaved",
				       st->dev, m->value, m->value, m->value);
		else if (role_of(st) == IFE_MASTER && !b)
			bond_conf_warn(x->s, f->file, st->line, "%s: no auto or allow- line brings "
				       "it or its slaves up; not created at boot (add 'auto BOND')",
				       st->dev);
		else if (role_of(st) == IFE_NONE && !b && !not_modelled(x, st, error))
			return FALSE;
	}
	GHashTableIter it;
	gpointer k, v;

	g_hash_table_iter_init(&it, x->tried);
	while (g_hash_table_iter_next(&it, &k, &v))
		primary_never(x, g_hash_table_lookup(x->bonds, k), v);
	for (guint i = 0; i < f->stanzas->len; i++) {
		const struct if_stanza *st = f->stanzas->pdata[i];
		struct tool_bond *b = g_hash_table_lookup(x->bonds, st->dev);
		const struct if_opt *a = if_get(st, "address");

		if (!b || !st->inet)
			continue;
		if (b->ipaddr && a)
			bond_conf_warn(x->s, f->file, a->line, "%s: a second 'iface %s inet' stanza "
				       "with an address: ifupdown adds %s too; bondsim gives an "
				       "interface one address and keeps %s", b->name, b->name,
				       a->value, b->ipaddr);
		else if (!b->ipaddr &&
			 !bond_conf_if_address(x->s, f->file, st, &b->ipaddr, &b->prefix, error))
			return FALSE;
	}
	return TRUE;
}

gboolean bond_conf_ifenslave_boot(struct bond_conf_set *s, const struct if_file *f,
				  GError **error)
{
	struct ife x = { .s = s, .f = f };
	gboolean ok;

	for (guint i = 0; i < f->stanzas->len; i++)
		bond_conf_ifenslave_unapplied(s, f->file, f->stanzas->pdata[i]);
	if (!check_roles(f, error))
		return FALSE;
	x.up = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	x.busy = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	x.bonds = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	x.master_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	x.tried = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	ok = TRUE;
	for (guint i = 0; ok && i < f->boot->len; i++)
		ok = ifup(&x, f->boot->pdata[i], error);
	ok = ok && after_boot(&x, error);
	g_hash_table_unref(x.up);
	g_hash_table_unref(x.busy);
	g_hash_table_unref(x.bonds);
	g_hash_table_unref(x.master_of);
	g_hash_table_unref(x.tried);
	return ok;
}
