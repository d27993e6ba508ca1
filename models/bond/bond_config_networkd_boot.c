/*
 * bond_config_networkd_boot.c - the bonds systemd-networkd's files make.
 *
 * DOC: after every file is read (bond_config_networkd.c), each .netdev
 * whose Kind= is bond becomes a bond (in file name order) with the options
 * networkd's RTM_NEWLINK carries, and each interface takes the first
 * .network file in name order whose [Match] Name= lists it: Bond=
 * enslaves it, PrimarySlave=yes makes it the primary, Address= gives a
 * bond (or a VLAN) its address; VLAN= makes the VLANs of Kind=vlan
 * .netdev files on it (bond_config_networkd_vlan.c).  The rules of each step are in bond_config_networkd.c's
 * DOC comment.
 */
#include "bond_config_priv.h"
#include "bond_config_networkd_priv.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

static bool nd_is_kind(const struct keyfile_entry *e)
{
	return !strcmp(e->section, "NetDev") && !strcmp(e->key, "Kind");
}

/*
 * The Kind= networkd takes: config_parse_netdev_kind() ignores a value
 * that is no kind it knows ("Failed to parse netdev kind, ignoring
 * assignment") and then keeps the first valid one, ignoring a different
 * later one.  NULL: no valid Kind=, and netdev_load_one() ignores the file.
 */
const struct keyfile_entry *nd_kind(const struct nd_file *f)
{
	for (guint i = 0; i < f->entries->len; i++) {
		const struct keyfile_entry *e = f->entries->pdata[i];

		if (nd_is_kind(e) && nd_in_list(nd_kinds, e->value))
			return e;
	}
	return NULL;
}

/* Each Kind= networkd cannot parse, warned about at its line with the valid kinds. */
static void nd_warn_bad_kinds(struct bond_conf_set *s, const struct nd_file *f)
{
	g_autofree char *list = NULL;

	for (guint i = 0; i < f->entries->len; i++) {
		const struct keyfile_entry *e = f->entries->pdata[i];

		if (!nd_is_kind(e) || nd_in_list(nd_kinds, e->value))
			continue;
		if (!list)
			list = nd_joined(nd_kinds);
		bond_conf_warn(s, KF_AT(f, e), "%s: Kind=%s is no kind networkd knows; it "
			       "ignores the line: write Kind=bond, the kind bondsim models (networkd "
			       "knows %s; bondsim ignores the others' files)", f->name, e->value, list);
	}
}

/*
 * Keys whose parser adds to a list instead (each line adds, an empty one
 * empties it): ARPIPTargets= (config_parse_arp_ip_target_address), [Match]
 * Name= (config_parse_match_ifnames), Address=, Gateway= and DNS=; VLAN=,
 * Bridge= ... (config_parse_stacked_netdev: each line one more device).
 */
static bool nd_list_key(const struct keyfile_entry *e)
{
	if (!strcmp(e->section, "Bond"))
		return !strcmp(e->key, "ARPIPTargets");
	if (!strcmp(e->section, "Match"))
		return !strcmp(e->key, "Name");
	if (!strcmp(e->section, "Network"))
		return !strcmp(e->key, "Address") || !strcmp(e->key, "Gateway") ||
		       !strcmp(e->key, "DNS") || nd_in_list(nd_stacked_keys, e->key);
	return false;
}

/* Whether an entry before @i of @f assigns @e's key a value (a list then has something to empty). */
static bool nd_set_before(const struct nd_file *f, guint i, const struct keyfile_entry *e)
{
	while (i--) {
		const struct keyfile_entry *o = f->entries->pdata[i];

		if (!strcmp(o->section, e->section) && !strcmp(o->key, e->key) && *o->value)
			return true;
	}
	return false;
}

/*
 * What networkd takes without a word but which does nothing: a
 * single-value key given twice in one file (the last one counts, the first
 * for Kind=), said at each earlier line, naming the next, as for
 * NetworkManager's keys (bond_config_tool.c, given_again()); an empty list
 * key with nothing before it to empty.
 */
static void nd_warn_given_again(struct bond_conf_set *s, const struct nd_file *f)
{
	for (guint i = 0; i < f->entries->len; i++) {
		const struct keyfile_entry *e = f->entries->pdata[i];
		bool kind = nd_is_kind(e);

		if (kind && !nd_in_list(nd_kinds, e->value))
			continue;	/* ignored by networkd: nd_warn_bad_kinds() */
		if (nd_list_key(e)) {
			if (!*e->value && !nd_set_before(f, i, e))
				bond_conf_warn(s, KF_AT(f, e), "%s: an empty [%s] %s= empties the "
					       "list the lines before it gave, and none did: it "
					       "does nothing", f->name, e->section, e->key);
			continue;
		}
		for (guint k = i + 1; k < f->entries->len; k++) {
			const struct keyfile_entry *later = f->entries->pdata[k];

			if (strcmp(later->section, e->section) || strcmp(later->key, e->key) ||
			    later->line == e->line || (kind && !nd_in_list(nd_kinds, later->value)))
				continue;
			bond_conf_warn(s, KF_AT(f, e), "%s: [%s] %s= given again at %s:%d (%s=%s): "
				       "the %s one is what networkd uses", f->name, e->section,
				       e->key, KF_AT(f, later), e->key, later->value,
				       kind ? "first" : "last");
			break;
		}
	}
}

static gint nd_cmp_name(gconstpointer a, gconstpointer b)
{
	const struct nd_file *x = *(const struct nd_file *const *)a;
	const struct nd_file *y = *(const struct nd_file *const *)b;

	return strcmp(x->name, y->name);
}

/* systemd's NETDEV_BOND_ARP_TARGETS_MAX, the kernel's BOND_MAX_ARP_TARGETS */
#define ND_ARP_TARGETS_MAX 16

/*
 * ARPIPTargets= as config_parse_arp_ip_target_address() builds it: one
 * ordered set that every line adds its addresses to, emptied by an empty
 * line; a duplicate, or an address past the 16th, is ignored with a
 * warning.  Sent only with an ARP interval.
 */
static void nd_arp_targets(struct bond_conf_set *s, const struct nd_file *f,
			   struct tool_bond *b, long long arp_usec)
{
	g_autoptr(GPtrArray) ips = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) from = g_ptr_array_new();	/* the entry that gave each */

	for (guint i = 0; i < f->entries->len; i++) {
		const struct keyfile_entry *e = f->entries->pdata[i];
		g_auto(GStrv) words = NULL;

		if (strcmp(e->section, "Bond") || strcmp(e->key, "ARPIPTargets"))
			continue;
		if (!*e->value) {
			g_ptr_array_set_size(ips, 0);
			g_ptr_array_set_size(from, 0);
			continue;
		}
		words = g_strsplit_set(e->value, " \t", -1);
		for (char **ip = words; *ip; ip++) {
			guint at;

			if (!**ip)
				continue;
			if (g_ptr_array_find_with_equal_func(ips, *ip, g_str_equal, &at)) {
				const struct keyfile_entry *o = from->pdata[at];

				bond_conf_warn(s, KF_AT(f, e), "%s: networkd ignores "
					       "ARPIPTargets=%s here: already given at %s:%d",
					       b->name, *ip, KF_AT(f, o));
				continue;
			}
			if (ips->len == ND_ARP_TARGETS_MAX) {
				bond_conf_warn(s, KF_AT(f, e), "%s: networkd ignores ARPIPTargets=%s: "
					       "it keeps %d ARP targets at most", b->name, *ip,
					       ND_ARP_TARGETS_MAX);
				continue;
			}
			g_ptr_array_add(ips, g_strdup(*ip));
			g_ptr_array_add(from, (gpointer)e);
		}
	}
	if (ips->len && !arp_usec) {
		bond_conf_warn(s, KF_AT(f, (const struct keyfile_entry *)from->pdata[0]),
			       "%s: networkd passes ARPIPTargets= only with ARPIntervalSec=; "
			       "not applied", b->name);
		return;
	}
	for (guint i = 0; i < ips->len; i++)
		bond_conf_tool_opt(b, "arp_ip_target", ips->pdata[i],
				   KF_AT(f, (const struct keyfile_entry *)from->pdata[i]));
}

/*
 * lp_interval, as netdev_bond_fill_message_create() (src/network/netdev/bond.c)
 * sends it: only inside its arp_interval branch, and only from 1s to
 * 0x7fffffff s, in whole seconds.  bond_init() starts it at 1s, so a bond
 * with ARPIntervalSec= and no LearnPacketIntervalSec= gets lp_interval=1
 * whatever the module's parameter said; without ARPIntervalSec=, or below
 * 1s, nothing is sent and the module's value stays.
 */
static void nd_lp_interval(struct bond_conf_set *s, const struct nd_file *f,
			   struct tool_bond *b, const struct keyfile_entry *arpint,
			   long long arp_usec)
{
	const struct keyfile_entry *e = nd_get(f, "Bond", "LearnPacketIntervalSec");
	long long v = 1000000;
	char buf[32];

	if (e)
		nd_timespan(e->value, &v);
	if (e && !arp_usec) {
		if (v)
			bond_conf_warn(s, KF_AT(f, e), "%s: networkd passes "
				       "LearnPacketIntervalSec= only with ARPIntervalSec=; not "
				       "applied (lp_interval stays the module's)", b->name);
		return;
	}
	if (!arp_usec || !v)
		return;	/* a zero span is not sent: the module's value stays */
	if (v < 1000000) {
		bond_conf_warn(s, KF_AT(f, e), "%s: networkd passes LearnPacketIntervalSec= "
			       "from 1s on (lp_interval is in seconds); %s is not applied "
			       "(lp_interval stays the module's)", b->name, e->value);
		return;
	}
	g_snprintf(buf, sizeof(buf), "%lld", v / 1000000);
	if (e)
		bond_conf_tool_opt(b, "lp_interval", buf, KF_AT(f, e));
	else
		bond_conf_tool_opt(b, "lp_interval", buf, KF_AT(f, arpint));
}

/*
 * Another kind's section in a Kind=bond file ([VLAN] Id=, say):
 * netdev_load_one() parses the file again with the bond's sections only, so
 * networkd warns "Unknown section" and ignores it.  Said once per section.
 */
static void nd_warn_kind_sections(struct bond_conf_set *s, const struct nd_file *f)
{
	const char *last = NULL;

	for (guint i = 0; i < f->entries->len; i++) {
		const struct keyfile_entry *e = f->entries->pdata[i];

		if (!nd_in_list(nd_kind_sections, e->section) || (last && !strcmp(last, e->section)))
			continue;
		last = e->section;
		bond_conf_warn(s, KF_AT(f, e), "%s: section [%s] belongs to another Kind= than "
			       "bond; networkd ignores it in a bond's .netdev", f->name, e->section);
	}
}

/* What a [Network] key that stacks another device on the link is about. */
static const char *nd_stacked_what(const char *key)
{
	if (!strcmp(key, "VLAN"))
		return "VLANs";
	if (!strcmp(key, "Bridge"))
		return "bridges";
	if (!strcmp(key, "VRF"))
		return "VRFs";
	if (!strcmp(key, "Tunnel") || !strcmp(key, "L2TP") || !strcmp(key, "Xfrm"))
		return "tunnels";
	return "devices stacked on a link (VLAN=, MACVLAN=, Bridge= ...)";
}

/*
 * MACVLAN=, Bridge=br0 ...: networkd makes the device of that name on the
 * links the file matches (or adds them to the bridge).  bondsim models none
 * of them but VLAN=: said at the line, so a bridge on a bond is not taken
 * for nothing; the bond and its slaves are modelled without it.
 */
static void nd_warn_stacked(struct bond_conf_set *s, const struct nd_file *f)
{
	for (guint i = 0; i < f->entries->len; i++) {
		const struct keyfile_entry *e = f->entries->pdata[i];

		if (strcmp(e->section, "Network") || !nd_in_list(nd_stacked_keys, e->key) ||
		    !*e->value || !strcmp(e->key, "VLAN"))
			continue;	/* VLAN=: bond_config_networkd_vlan.c makes it */
		if (!strcmp(e->key, "Bridge"))
			bond_conf_warn(s, KF_AT(f, e), "%s: [Network] Bridge=%s: bondsim does not "
				       "model bridges; the links this file matches join no bridge "
				       "%s, and an address on %s is not given", f->name, e->value,
				       e->value, e->value);
		else
			bond_conf_warn(s, KF_AT(f, e), "%s: [Network] %s=%s: bondsim does not "
				       "model %s; %s is not made (nor given an address), the links "
				       "this file matches are modelled without it", f->name, e->key,
				       e->value, nd_stacked_what(e->key), e->value);
	}
}

/*
 * What a .network's [Link] and [Route] or a bond's [NetDev] MTUBytes= and
 * MACAddress= ask for is not modelled: said at its line and ignored, so that
 * a real file loads.  MTUBytes=1500 is what bondsim's frames are: no word.
 * A [Route]'s Gateway= is the host's default route: its key is named.
 */
static void nd_warn_link(struct bond_conf_set *s, const struct nd_file *f)
{
	for (guint i = 0; i < f->entries->len; i++) {
		const struct keyfile_entry *e = f->entries->pdata[i];

		if (!f->netdev && !strcmp(e->section, "Route")) {
			if (!strcmp(e->key, "Gateway"))
				bond_conf_warn(s, KF_AT(f, e), "%s: [Route] Gateway=%s is not "
					       "modelled; ignored (for the default route write "
					       "gateway = %s in the host's section)", f->name, e->value,
					       e->value);
			else
				bond_conf_warn(s, KF_AT(f, e), "%s: [Route] %s=%s is not modelled; "
					       "ignored", f->name, e->key, e->value);
			continue;
		}
		if (strcmp(e->section, f->netdev ? "NetDev" : "Link") ||
		    (f->netdev && strcmp(e->key, "MTUBytes") && strcmp(e->key, "MACAddress")))
			continue;
		if (!strcmp(e->key, "MTUBytes") && !strcmp(e->value, "1500"))
			continue;
		bond_conf_warn(s, KF_AT(f, e), "%s: [%s] %s=%s is not modelled%s; ignored", f->name,
			       e->section, e->key, e->value,
			       strcmp(e->key, "MTUBytes") ? "" : ": bondsim's frames are at most "
			       "1500 bytes");
	}
}

static gboolean nd_netdev_bond(struct bond_conf_set *s, const struct nd_file *f, GError **error)
{
	const struct keyfile_entry *kind = nd_kind(f);
	const struct keyfile_entry *name = nd_get(f, "NetDev", "Name");
	const struct keyfile_entry *mode = nd_get(f, "Bond", "Mode");
	const struct keyfile_entry *arpint = nd_get(f, "Bond", "ARPIntervalSec");
	struct tool_bond *b;
	long long usec = 0;

	nd_warn_bad_kinds(s, f);
	if (!kind && nd_get(f, "NetDev", "Kind")) {
		bond_conf_warn(s, f->file, f->line, "%s: no Kind= networkd knows, so it ignores "
			       "the whole file (\"NetDev has no Kind= configured\")%s%s%s", f->name,
			       name ? ": " : "", name ? name->value : "",
			       name ? " is not created" : "");
		return TRUE;
	}
	if (kind && !strcmp(kind->value, "vlan"))
		return TRUE;	/* bond_config_networkd_vlan.c, once the links are known */
	if (!kind || strcmp(kind->value, "bond")) {
		if (nd_get(f, "Bond", "Mode") || f->entries->len)
			bond_conf_warn(s, f->file, kind ? kind->line : f->line, "%s: Kind=%s is "
				       "not a bond; bondsim models bonds only, file ignored", f->name,
				       kind ? kind->value : "(none)");
		return TRUE;
	}
	nd_warn_link(s, f);
	if (!name || !bond_ifname_valid(name->value)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: %s: [NetDev] Name=%s is not a valid interface name: write "
			    "e.g. Name=bond0 (at most %d characters, no '/', ':' or spaces)",
			    f->file, name ? name->line : kind->line, f->name,
			    name ? name->value : "", BOND_IFNAMSIZ - 1);
		return FALSE;
	}
	for (guint i = 0; i < s->state->tools->len; i++) {
		const struct tool_bond *o = s->state->tools->pdata[i];

		if (!strcmp(o->name, name->value)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
				    "%s:%d: %s is already created at %s:%d: one .netdev file per "
				    "bond", KF_AT(f, name), name->value, o->file, o->line);
			return FALSE;
		}
	}
	nd_warn_given_again(s, f);
	nd_warn_kind_sections(s, f);
	b = bond_conf_tool_bond(s->state, TOOL, name->value, KF_AT(f, name));
	/* networkd creates the bond itself: systemd's modprobe.d sets max_bonds=0 */
	b->fresh_only = TRUE;
	b->netlink = TRUE;
	if (arpint)
		nd_timespan(arpint->value, &usec);
	for (guint i = 0; i < f->entries->len; i++) {
		const struct keyfile_entry *e = f->entries->pdata[i];
		const struct nd_key *k = nd_bond_keys;
		char buf[32];

		if (strcmp(e->section, "Bond") || nd_get(f, "Bond", e->key) != e)
			continue;	/* only the last assignment counts (a list: below) */
		while (strcmp(k->key, e->key))
			k++;
		/* networkd sends these only in the mode they belong to */
		if ((!strcmp(k->kopt, "lacp_rate") || !strcmp(k->kopt, "ad_select")) &&
		    (!mode || strcmp(mode->value, "802.3ad"))) {
			bond_conf_warn(s, KF_AT(f, e), "%s: networkd passes %s= only with "
				       "Mode=802.3ad; not applied", b->name, e->key);
			continue;
		}
		if (!strcmp(k->kopt, "fail_over_mac") &&
		    (!mode || strcmp(mode->value, "active-backup"))) {
			bond_conf_warn(s, KF_AT(f, e), "%s: networkd passes %s= only with "
				       "Mode=active-backup; not applied", b->name, e->key);
			continue;
		}
		if (!strcmp(k->kopt, "packets_per_slave") &&
		    (!mode || strcmp(mode->value, "balance-rr")))
			continue;	/* not sent; the warning comes below */
		switch (k->kind) {
		case ND_MSEC: {
			long long v = 0;

			nd_timespan(e->value, &v);
			if (!v)
				break;	/* a zero span is not sent: the module's value stays */
			g_snprintf(buf, sizeof(buf), "%lld", v / 1000);
			bond_conf_tool_opt(b, k->kopt, buf, KF_AT(f, e));
			break;
		}
		case ND_SEC:
			break;	/* LearnPacketIntervalSec=: nd_lp_interval() */
		case ND_BOOL:
			bond_conf_tool_opt(b, k->kopt, nd_bool(e->value) ? "1" : "0", KF_AT(f, e));
			break;
		case ND_TARGETS:
			/* every ARPIPTargets= line, where the last one stands */
			nd_arp_targets(s, f, b, usec);
			break;
		default:
			bond_conf_tool_opt(b, k->kopt, e->value, KF_AT(f, e));
			break;
		}
	}
	nd_lp_interval(s, f, b, arpint, usec);
	/* What networkd always sends (its defaults, the kernel's too). */
	if (!nd_get(f, "Bond", "ResendIGMP"))
		bond_conf_tool_opt(b, "resend_igmp", "1", f->file, b->line);
	if (!nd_get(f, "Bond", "GratuitousARP"))
		bond_conf_tool_opt(b, "num_grat_arp", "1", f->file, b->line);
	if (!nd_get(f, "Bond", "AllSlavesActive"))
		bond_conf_tool_opt(b, "all_slaves_active", "0", f->file, b->line);
	if (mode && !strcmp(mode->value, "balance-rr") && !nd_get(f, "Bond", "PacketsPerSlave"))
		bond_conf_tool_opt(b, "packets_per_slave", "1", f->file, b->line);
	if (nd_get(f, "Bond", "PacketsPerSlave") && (!mode || strcmp(mode->value, "balance-rr")))
		bond_conf_warn(s, KF_AT(f, nd_get(f, "Bond", "PacketsPerSlave")),
			       "%s: networkd passes PacketsPerSlave= only with Mode=balance-rr; "
			       "not applied", b->name);
	return TRUE;
}

static struct tool_bond *nd_tool(struct bond_conf_state *st, const char *name)
{
	for (guint i = 0; i < st->tools->len; i++) {
		struct tool_bond *b = st->tools->pdata[i];

		if (!strcmp(b->tool, TOOL) && !strcmp(b->name, name))
			return b;
	}
	return NULL;
}

/*
 * The entries of a list key that still count: each line adds one, an
 * empty line drops those before it (config_parse_address(),
 * config_parse_match_ifnames()).
 */
GPtrArray *nd_list(const struct nd_file *f, const char *section, const char *key)
{
	GPtrArray *v = g_ptr_array_new();

	for (guint i = 0; i < f->entries->len; i++) {
		const struct keyfile_entry *e = f->entries->pdata[i];

		if (strcmp(e->section, section) || strcmp(e->key, key))
			continue;
		if (*e->value)
			g_ptr_array_add(v, (gpointer)e);
		else
			g_ptr_array_set_size(v, 0);
	}
	return v;
}

static void nd_link_free(gpointer data)
{
	struct nd_link *l = data;

	g_free(l->dev);
	g_free(l);
}

static gint nd_link_cmp(gconstpointer a, gconstpointer b)
{
	const struct nd_link *x = *(const struct nd_link *const *)a;
	const struct nd_link *y = *(const struct nd_link *const *)b;

	return bond_conf_netscripts_cmp(x->dev, y->dev);
}

/* "; c.netdev names bond0, but networkd ignores it: no Kind= it knows", or "". */
static char *nd_ignored_netdev(const struct bond_conf_state *st, const char *bond)
{
	for (guint i = 0; i < st->networkd->len; i++) {
		const struct nd_file *f = st->networkd->pdata[i];
		const struct keyfile_entry *name = nd_get(f, "NetDev", "Name");

		if (f->netdev && name && !strcmp(name->value, bond) && !nd_kind(f))
			return g_strdup_printf("; %s names %s, but networkd ignores it: no Kind= "
					       "it knows", f->name, bond);
	}
	return g_strdup("");
}

static gboolean nd_network(struct bond_conf_set *s, const struct nd_link *l, GError **error)
{
	struct bond_conf_state *st = s->state;
	const struct nd_file *f = l->f;
	const struct keyfile_entry *bond = nd_get(f, "Network", "Bond");
	const struct keyfile_entry *prim = nd_get(f, "Network", "PrimarySlave");
	struct tool_bond *self = nd_tool(st, l->dev);
	g_autoptr(GPtrArray) addrs = nd_list(f, "Network", "Address");

	if (bond && !*bond->value)
		bond = NULL;	/* config_parse_ifname: an empty Bond= resets it */
	if (bond) {
		struct tool_bond *b = nd_tool(st, bond->value);

		if (!b) {
			g_autoptr(GString) have = g_string_new(NULL);

			for (guint i = 0; i < st->tools->len; i++) {
				const struct tool_bond *o = st->tools->pdata[i];

				if (!strcmp(o->tool, TOOL))
					g_string_append_printf(have, "%s%s", have->len ? ", " : "",
							       o->name);
			}
			g_autofree char *why = nd_ignored_netdev(st, bond->value);

			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
				    "%s:%d: %s: Bond=%s: no .netdev file creates %s (bonds: %s%s)",
				    KF_AT(f, bond), f->name, bond->value, bond->value,
				    have->len ? have->str : "none", why);
			return FALSE;
		}
		if (self) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
				    "%s:%d: %s is a bond; it cannot be a slave of %s", KF_AT(f, bond),
				    l->dev, b->name);
			return FALSE;
		}
		bond_conf_tool_slave(b, l->dev, KF_AT(f, bond));
		if (prim && nd_bool(prim->value) == 1)
			bond_conf_tool_opt(b, "primary", l->dev, KF_AT(f, prim));
	} else if (prim && nd_bool(prim->value) == 1) {
		bond_conf_warn(s, KF_AT(f, prim), "%s: PrimarySlave= without Bond=; ignored",
			       l->dev);
	}
	if (addrs->len) {
		const struct keyfile_entry *addr = addrs->pdata[0];
		struct bond_conf_vlan *vlan = nd_vlan_of(s, l->dev);
		char **ipaddr = self ? &self->ipaddr : vlan ? &vlan->ipaddr : NULL;
		int *prefix = self ? &self->prefix : vlan ? &vlan->prefix : NULL;

		if (!ipaddr) {
			bond_conf_warn(s, KF_AT(f, addr), "%s is not a bond nor a VLAN; bondsim "
				       "gives addresses to bonds and VLANs only here (use 'ip %s = "
				       "...')", l->dev, l->dev);
			return TRUE;
		}
		if (addrs->len > 1) {
			const struct keyfile_entry *second = addrs->pdata[1];

			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS,
				    "%s:%d: %s: a second Address= (%s, after %s at line %d): "
				    "networkd gives %s both; bondsim gives an interface one IPv4 "
				    "address", KF_AT(f, second), f->name, second->value, addr->value,
				    addr->line, l->dev);
			return FALSE;
		}
		g_free(*ipaddr);
		*ipaddr = NULL;
		/* networkd takes an address without /N as a host address, /32 */
		if (!bond_conf_parse_addr(addr->value, 32, ipaddr, prefix)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS,
				    "%s:%d: Address=%s is not an IPv4 address: write e.g. "
				    "Address=10.0.0.1/24", KF_AT(f, addr), addr->value);
			return FALSE;
		}
	}
	return TRUE;
}

/* Name @n of [Match] Name= line @m of @f: a link of @f's unless an earlier file took it. */
static gboolean nd_match_name(struct bond_conf_set *s, const struct nd_file *f,
			      const struct keyfile_entry *m, const char *n, GPtrArray *links,
			      GError **error)
{
	struct nd_link *l;

	if (strpbrk(n, "*?[!")) {
		guint hits = 0;

		/* a shell glob, matched as networkd does (fnmatch) against the
		 * host's NICs and the bonds its .netdev files make */
		if (n[0] == '!') {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
				    "%s:%d: %s: Name=%s: bondsim takes names and globs (en*), not "
				    "an inverted list; list them, e.g. Name=eth0 eth1",
				    KF_AT(f, m), f->name, n);
			return FALSE;
		}
		if (!s->nics) {
			/* bare files (options --explain --format): no host, no NICs */
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
				    "%s:%d: %s: Name=%s: a glob needs the host's NICs to match: "
				    "explain a scenario whose [host] lists them (nics = eth0 eth1), "
				    "or list the names, e.g. Name=eth0 eth1", KF_AT(f, m), f->name, n);
			return FALSE;
		}
		for (const char *const *nic = s->nics; *nic; nic++)
			if (fnmatch(n, *nic, 0) == 0 && ++hits &&
			    !nd_match_name(s, f, m, *nic, links, error))
				return FALSE;
		for (guint k = 0; k < s->bonds->len; k++) {
			const struct bond_conf *b = s->bonds->pdata[k];

			if (fnmatch(n, b->name, 0) == 0 && ++hits &&
			    !nd_match_name(s, f, m, b->name, links, error))
				return FALSE;
		}
		if (!hits)
			bond_conf_warn(s, KF_AT(f, m), "%s: Name=%s matches none of the host's "
				       "interfaces", f->name, n);
		return TRUE;
	}
	if (!bond_ifname_valid(n)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: '%s' is not a valid interface name (at most %d characters, "
			    "no '/', ':' or spaces)", KF_AT(f, m), n, BOND_IFNAMSIZ - 1);
		return FALSE;
	}
	for (guint k = 0; k < links->len; k++) {
		const struct nd_link *o = links->pdata[k];

		if (strcmp(o->dev, n))
			continue;
		/* the same file naming it twice still matches it once */
		if (o->f != f)
			bond_conf_warn(s, KF_AT(f, m), "%s is matched by %s first; networkd "
				       "ignores %s for it", n, o->f->name, f->name);
		return TRUE;
	}
	l = g_new0(struct nd_link, 1);
	l->dev = g_strdup(n);
	l->f = f;
	l->line = m->line;
	g_ptr_array_add(links, l);
	return TRUE;
}

/* The links .network file @f matches, by every [Match] Name= that still counts. */
static gboolean nd_match(struct bond_conf_set *s, const struct nd_file *f, GPtrArray *links,
			 GError **error)
{
	g_autoptr(GPtrArray) names = nd_list(f, "Match", "Name");

	if (!names->len) {
		bond_conf_warn(s, f->file, f->line, "%s has no [Match] Name=; bondsim matches by "
			       "name only, file ignored", f->name);
		return TRUE;
	}
	for (guint i = 0; i < names->len; i++) {
		const struct keyfile_entry *m = names->pdata[i];
		g_auto(GStrv) words = g_strsplit_set(m->value, " \t", -1);

		for (char **n = words; *n; n++)
			if (**n && !nd_match_name(s, f, m, *n, links, error))
				return FALSE;
	}
	return TRUE;
}

gboolean bond_conf_networkd_bonds(struct bond_conf_set *s, GError **error)
{
	struct bond_conf_state *st = s->state;
	g_autoptr(GPtrArray) files = g_ptr_array_new();
	g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func(nd_link_free);

	for (guint i = 0; i < st->networkd->len; i++)
		g_ptr_array_add(files, st->networkd->pdata[i]);
	g_ptr_array_sort(files, nd_cmp_name);
	for (guint i = 0; i < files->len; i++) {
		const struct nd_file *f = files->pdata[i];

		if (f->netdev && !nd_netdev_bond(s, f, error))
			return FALSE;
	}
	/* Each link takes the first .network file (in name order) that matches it. */
	for (guint i = 0; i < files->len; i++) {
		const struct nd_file *f = files->pdata[i];

		if (f->netdev)
			continue;
		nd_warn_given_again(s, f);
		nd_warn_stacked(s, f);
		nd_warn_link(s, f);
		if (!nd_match(s, f, links, error))
			return FALSE;
	}
	g_ptr_array_sort(links, nd_link_cmp);
	if (!nd_vlans(s, files, links, error))
		return FALSE;
	for (guint i = 0; i < links->len; i++)
		if (!nd_network(s, links->pdata[i], error))
			return FALSE;
	return TRUE;
}
