/*
 * bond_config_networkd.c - systemd-networkd .netdev and .network files.
 *
 * DOC: A file is named as in /etc/systemd/network (NAME.netdev or
 * NAME.network): sections in brackets, Key=Value lines, '#' and ';'
 * comments.  A .netdev with [NetDev] Kind=bond creates the bond Name= and
 * its [Bond] keys become kernel options the way networkd builds its
 * RTM_NEWLINK message: time spans (MIIMonitorSec=100ms, 1s, a bare number
 * being seconds) are sent in milliseconds, truncated; LACPTransmitRate= and
 * AdSelect= only in Mode=802.3ad, FailOverMACPolicy= only in active-backup,
 * PacketsPerSlave= only in balance-rr, ARPIPTargets= only with
 * ARPIntervalSec=; LearnPacketIntervalSec= in seconds, only with
 * ARPIntervalSec= and from 1s on, and 1 when not given (networkd's own
 * start value); a zero delay or interval is not sent at all; and
 * resend_igmp=1, num_grat_arp=1, all_slaves_active=0 (and packets_per_slave=1
 * in balance-rr) are always sent, overriding the module's parameters.
 *
 * A .network file's [Match] Name= (names separated by spaces; no globs,
 * as bondsim does not know the host's NICs here) picks its interfaces; the
 * first .network file in name order that matches an interface is the one
 * networkd uses.  [Network] Bond= enslaves them, PrimarySlave=yes makes one
 * the bond's primary, Address= gives the bond its address.  networkd
 * enslaves links as udev hands them over; bondsim takes them in name order.
 *
 * All of it goes in one RTM_NEWLINK message, so an option the kernel refuses
 * in the bond's mode (ARPValidate= in 802.3ad, say) fails the whole
 * creation: an error here.
 *
 * A key given twice in one file: systemd's conf-parser calls the key's
 * parser for each line in order, so the last value of a single-value key
 * stands (Kind=: the first), said in a warning; the lists (ARPIPTargets=,
 * [Match] Name=, Address=, Gateway=, DNS=) add up, an empty line empties them.
 *
 * Where networkd only warns and ignores an assignment, bondsim refuses it
 * with file:line and the valid choices, so a typo never goes unnoticed;
 * but for Kind=, whose fate decides whether there is a bond at all: a kind
 * networkd does not know is warned about and ignored, and a .netdev left
 * with none is ignored whole, as netdev_load_one() does.
 */
#include "bond_config_priv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define TOOL "systemd-networkd"

struct nd_file {
	char *name;		/* NAME.netdev or NAME.network */
	const char *file;
	int line;		/* first line */
	gboolean netdev;
	GPtrArray *entries;	/* struct keyfile_entry * */
};

void bond_conf_networkd_free(gpointer data)
{
	struct nd_file *f = data;

	g_free(f->name);
	g_ptr_array_unref(f->entries);
	g_free(f);
}

/* ------------------------------------------------------------------------ */
/* What each key is, and what networkd hands the kernel for it.              */

enum nd_kind { ND_ENUM, ND_MSEC, ND_SEC, ND_UINT, ND_BOOL, ND_TARGETS, ND_MAC, ND_TEXT };

static const char *const nd_modes[] = { "balance-rr", "active-backup", "balance-xor",
	"broadcast", "802.3ad", "balance-tlb", "balance-alb", NULL };
static const char *const nd_hash[] = { "layer2", "layer3+4", "layer2+3", "encap2+3",
	"encap3+4", "vlan+srcmac", NULL };
static const char *const nd_rate[] = { "slow", "fast", NULL };
static const char *const nd_adsel[] = { "stable", "bandwidth", "count", NULL };
static const char *const nd_fom[] = { "none", "active", "follow", NULL };
static const char *const nd_arpval[] = { "none", "active", "backup", "all", "filter",
	"filter_active", "filter_backup", NULL };
static const char *const nd_arpall[] = { "any", "all", NULL };
static const char *const nd_resel[] = { "always", "better", "failure", NULL };

struct nd_key {
	const char *key;
	const char *kopt;	/* the kernel's option */
	enum nd_kind kind;
	const char *const *values;
};

static const struct nd_key nd_bond_keys[] = {
	{ "Mode", "mode", ND_ENUM, nd_modes },
	{ "TransmitHashPolicy", "xmit_hash_policy", ND_ENUM, nd_hash },
	{ "LACPTransmitRate", "lacp_rate", ND_ENUM, nd_rate },
	{ "MIIMonitorSec", "miimon", ND_MSEC, NULL },
	{ "UpDelaySec", "updelay", ND_MSEC, NULL },
	{ "DownDelaySec", "downdelay", ND_MSEC, NULL },
	{ "PeerNotifyDelaySec", "peer_notif_delay", ND_MSEC, NULL },
	{ "ARPIntervalSec", "arp_interval", ND_MSEC, NULL },
	{ "ARPIPTargets", "arp_ip_target", ND_TARGETS, NULL },
	{ "ARPValidate", "arp_validate", ND_ENUM, nd_arpval },
	{ "ARPAllTargets", "arp_all_targets", ND_ENUM, nd_arpall },
	{ "ARPMissedMax", "arp_missed_max", ND_UINT, NULL },
	{ "PrimaryReselectPolicy", "primary_reselect", ND_ENUM, nd_resel },
	{ "AdSelect", "ad_select", ND_ENUM, nd_adsel },
	{ "AdActorSystemPriority", "ad_actor_sys_prio", ND_UINT, NULL },
	{ "AdUserPortKey", "ad_user_port_key", ND_UINT, NULL },
	{ "AdActorSystem", "ad_actor_system", ND_MAC, NULL },
	{ "FailOverMACPolicy", "fail_over_mac", ND_ENUM, nd_fom },
	{ "ResendIGMP", "resend_igmp", ND_UINT, NULL },
	{ "PacketsPerSlave", "packets_per_slave", ND_UINT, NULL },
	{ "GratuitousARP", "num_grat_arp", ND_UINT, NULL },
	{ "AllSlavesActive", "all_slaves_active", ND_BOOL, NULL },
	{ "DynamicTransmitLoadBalancing", "tlb_dynamic_lb", ND_BOOL, NULL },
	{ "MinLinks", "min_links", ND_UINT, NULL },
	{ "LearnPacketIntervalSec", "lp_interval", ND_SEC, NULL },
	{ NULL, NULL, 0, NULL },
};

static const char *const nd_netdev_keys[] = { "Name", "Kind", "Description", NULL };
static const char *const nd_match_keys[] = { "Name", NULL };
/* LinkLocalAddressing=, ConfigureWithoutCarrier= and [DHCP] are what netplan
 * writes into every .network file; they do not touch the bond. */
static const char *const nd_network_keys[] = { "Bond", "Address", "PrimarySlave", "DHCP",
	"Gateway", "DNS", "Description", "LinkLocalAddressing", "ConfigureWithoutCarrier", NULL };
static const char *const nd_dhcp_keys[] = { "RouteMetric", "UseMTU", NULL };
/* networkd's netdev_kind_table (src/network/netdev/netdev.c); bondsim models "bond" only. */
static const char *const nd_kinds[] = { "bareudp", "batadv", "bond", "bridge", "dummy",
	"erspan", "fou", "geneve", "gre", "gretap", "ifb", "ip6gre", "ip6gretap", "ip6tnl",
	"ipip", "ipoib", "ipvlan", "ipvtap", "l2tp", "macsec", "macvlan", "macvtap",
	"netdevsim", "nlmon", "sit", "tap", "tun", "vcan", "veth", "vlan", "vrf", "vti6", "vti",
	"vxcan", "vxlan", "wireguard", "wlan", "xfrm", NULL };

static char *joined(const char *const *v)
{
	return g_strjoinv(", ", (char **)v);
}

static gboolean in_list(const char *const *v, const char *s)
{
	for (; *v; v++)
		if (!strcmp(*v, s))
			return TRUE;
	return FALSE;
}

/*
 * A systemd time span in microseconds: numbers with units (us, ms, s, min,
 * h, d, w and their long spellings), summed ("1s 500ms"); a bare number is
 * seconds.
 */
static gboolean nd_timespan(const char *v, long long *usec)
{
	static const struct { const char *u; long long mul; } units[] = {
		{ "usec", 1 }, { "us", 1 }, { "msec", 1000 }, { "ms", 1000 },
		{ "seconds", 1000000 }, { "second", 1000000 }, { "sec", 1000000 },
		{ "s", 1000000 }, { "minutes", 60000000LL }, { "minute", 60000000LL },
		{ "min", 60000000LL }, { "m", 60000000LL }, { "hours", 3600000000LL },
		{ "hour", 3600000000LL }, { "hr", 3600000000LL }, { "h", 3600000000LL },
		{ "days", 86400000000LL }, { "day", 86400000000LL }, { "d", 86400000000LL },
		{ "weeks", 604800000000LL }, { "week", 604800000000LL }, { "w", 604800000000LL },
	};
	const char *p = v;
	long double total = 0;
	gboolean any = FALSE;

	for (;;) {
		char *end;
		long double n;
		long long mul = 1000000;

		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (!isdigit((unsigned char)*p) && *p != '.')
			return FALSE;
		n = strtold(p, &end);
		if (end == p || n > 1e12L)
			return FALSE;
		p = end;
		while (isspace((unsigned char)*p))
			p++;
		if (isalpha((unsigned char)*p)) {
			size_t len = 0;
			gboolean found = FALSE;

			while (isalpha((unsigned char)p[len]))
				len++;
			for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
				if (strlen(units[i].u) == len && !strncmp(p, units[i].u, len)) {
					mul = units[i].mul;
					found = TRUE;
					break;
				}
			}
			if (!found)
				return FALSE;
			p += len;
		}
		total += n * (long double)mul;
		any = TRUE;
	}
	if (!any || total > 1e15L)
		return FALSE;
	*usec = (long long)total;
	return TRUE;
}

/* systemd's parse_boolean(). */
static int nd_bool(const char *v)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "t", "on", NULL };
	static const char *const no[] = { "0", "no", "n", "false", "f", "off", NULL };

	for (int i = 0; yes[i]; i++)
		if (!g_ascii_strcasecmp(v, yes[i]))
			return 1;
	for (int i = 0; no[i]; i++)
		if (!g_ascii_strcasecmp(v, no[i]))
			return 0;
	return -1;
}

static gboolean nd_refuse_key(const struct nd_file *f, const struct keyfile_entry *e,
			      const char *const *keys, GError **error)
{
	g_autofree char *list = joined(keys);

	g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
		    "%s:%d: %s: [%s] %s= is not supported: write one of %s", KF_AT(f, e),
		    f->name, e->section, e->key, list);
	return FALSE;
}

/* Check one entry where it was typed. */
static gboolean nd_check(const struct nd_file *f, const struct keyfile_entry *e, GError **error)
{
	static const char *const netdev_sections[] = { "NetDev", "Bond", NULL };
	static const char *const network_sections[] = { "Match", "Network", "DHCP", NULL };
	const char *const *sections = f->netdev ? netdev_sections : network_sections;

	if (!in_list(sections, e->section)) {
		g_autofree char *list = joined(sections);

		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: %s: section [%s] is not supported in a .%s file: write one "
			    "of %s", KF_AT(f, e), f->name, e->section,
			    f->netdev ? "netdev" : "network", list);
		return FALSE;
	}
	if (!strcmp(e->section, "NetDev"))
		return in_list(nd_netdev_keys, e->key) || nd_refuse_key(f, e, nd_netdev_keys,
									 error);
	if (!strcmp(e->section, "Match"))
		return in_list(nd_match_keys, e->key) || nd_refuse_key(f, e, nd_match_keys,
									error);
	if (!strcmp(e->section, "Network")) {
		if (!in_list(nd_network_keys, e->key))
			return nd_refuse_key(f, e, nd_network_keys, error);
		/* config_parse_bool would keep the value before a bad one */
		if (!strcmp(e->key, "PrimarySlave") && nd_bool(e->value) < 0) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: %s=%s is not a boolean: write yes or no", KF_AT(f, e),
				    e->key, e->value);
			return FALSE;
		}
		return TRUE;
	}
	if (!strcmp(e->section, "DHCP"))
		return in_list(nd_dhcp_keys, e->key) || nd_refuse_key(f, e, nd_dhcp_keys, error);
	/* [Bond] */
	const struct nd_key *k = nd_bond_keys;

	while (k->key && strcmp(k->key, e->key))
		k++;
	if (!k->key) {
		const char *names[G_N_ELEMENTS(nd_bond_keys)];

		for (size_t i = 0; i < G_N_ELEMENTS(nd_bond_keys); i++)
			names[i] = nd_bond_keys[i].key;
		return nd_refuse_key(f, e, names, error);
	}
	long long usec;

	switch (k->kind) {
	case ND_ENUM:
		if (!in_list(k->values, e->value)) {
			g_autofree char *list = joined(k->values);

			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: %s=%s: write one of %s", KF_AT(f, e), e->key,
				    e->value, list);
			return FALSE;
		}
		return TRUE;
	case ND_MSEC:
	case ND_SEC:
		if (!nd_timespan(e->value, &usec)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: %s=%s is not a time span: write e.g. %s=100ms or 1s "
				    "(a bare number is seconds)", KF_AT(f, e), e->key, e->value,
				    e->key);
			return FALSE;
		}
		return TRUE;
	case ND_BOOL:
		if (nd_bool(e->value) < 0) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: %s=%s is not a boolean: write yes or no", KF_AT(f, e),
				    e->key, e->value);
			return FALSE;
		}
		return TRUE;
	case ND_UINT:
		if (!*e->value || strspn(e->value, "0123456789") != strlen(e->value)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: %s=%s is not a whole number", KF_AT(f, e), e->key,
				    e->value);
			return FALSE;
		}
		return bond_conf_tool_check(k->kopt, e->value, KF_AT(f, e), error);
	case ND_TARGETS: {
		g_auto(GStrv) ips = g_strsplit_set(e->value, " \t", -1);

		for (char **ip = ips; *ip; ip++)
			if (**ip && !bond_conf_tool_check(k->kopt, *ip, KF_AT(f, e), error))
				return FALSE;
		return TRUE;
	}
	default:
		return bond_conf_tool_check(k->kopt, e->value, KF_AT(f, e), error);
	}
}

gboolean bond_conf_timespan(const char *text, long long *usec)
{
	return nd_timespan(text, usec);
}

struct nd_file *bond_conf_networkd_add(struct bond_conf_state *st, const char *name,
				       const char *file, int line)
{
	struct nd_file *f = g_new0(struct nd_file, 1);

	f->name = g_strdup(name);
	f->file = bond_conf_keep_file(st, file);
	f->line = line;
	f->netdev = g_str_has_suffix(name, ".netdev");
	f->entries = g_ptr_array_new_with_free_func(bond_conf_keyfile_entry_free);
	g_ptr_array_add(st->networkd, f);
	return f;
}

gboolean bond_conf_networkd_set(struct nd_file *f, const char *section, const char *key,
				const char *value, const char *file, int line, GError **error)
{
	struct keyfile_entry *e = bond_conf_keyfile_entry_new(section, key, value, line);

	e->file = file;	/* kept in the state, as f->file */

	g_ptr_array_add(f->entries, e);
	if (!nd_check(f, e, error)) {
		g_prefix_error(error, "(as %s in %s) ", key, f->name);
		return FALSE;
	}
	return TRUE;
}

static gboolean nd_check_entry(const struct keyfile_entry *e, void *data, GError **error)
{
	return nd_check(data, e, error);
}

gboolean bond_conf_parse_networkd(struct bond_conf_set *s, const char *name, const char *text,
				  const char *file, int first_line, GError **error)
{
	struct bond_conf_state *st = s->state;
	struct nd_file *f;
	const char *fname = file ? file : "<networkd>";

	if (!name || (!g_str_has_suffix(name, ".netdev") && !g_str_has_suffix(name, ".network"))) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: networkd file '%s': name it NAME.netdev or NAME.network, "
			    "e.g. 25-bond0.netdev", fname, first_line, name ? name : "");
		return FALSE;
	}
	for (guint i = 0; i < st->networkd->len; i++) {
		const struct nd_file *o = st->networkd->pdata[i];

		if (!strcmp(o->name, name)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
				    "%s:%d: %s is already given at %s:%d: one file per name",
				    fname, first_line, name, o->file, o->line);
			return FALSE;
		}
	}
	f = g_new0(struct nd_file, 1);
	f->name = g_strdup(name);
	f->file = bond_conf_keep_file(st, fname);
	f->line = first_line;
	f->netdev = g_str_has_suffix(name, ".netdev");
	f->entries = g_ptr_array_new_with_free_func(bond_conf_keyfile_entry_free);

	if (!bond_conf_keyfile_read(text, first_line, f->file, true, "[Bond]", "Key=Value",
				    "[Bond] then Mode=802.3ad", f->entries, nd_check_entry, f,
				    error)) {
		bond_conf_networkd_free(f);
		return FALSE;
	}
	g_ptr_array_add(st->networkd, f);
	return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Boot: what networkd makes of the files.                                   */

/*
 * The last assignment of a key in a section: systemd's conf-parser
 * (next_assignment()) hands every line to the key's parser in order, and
 * the parser of a single value overwrites what an earlier line set.
 */
static const struct keyfile_entry *nd_get(const struct nd_file *f, const char *section,
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
static const struct keyfile_entry *nd_kind(const struct nd_file *f)
{
	for (guint i = 0; i < f->entries->len; i++) {
		const struct keyfile_entry *e = f->entries->pdata[i];

		if (nd_is_kind(e) && in_list(nd_kinds, e->value))
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

		if (!nd_is_kind(e) || in_list(nd_kinds, e->value))
			continue;
		if (!list)
			list = joined(nd_kinds);
		bond_conf_warn(s, KF_AT(f, e), "%s: Kind=%s is no kind networkd knows; it "
			       "ignores the line: write Kind=bond, the kind bondsim models (networkd "
			       "knows %s; bondsim ignores the others' files)", f->name, e->value, list);
	}
}

/*
 * Keys whose parser adds to a list instead (each line adds, an empty one
 * empties it): ARPIPTargets= (config_parse_arp_ip_target_address), [Match]
 * Name= (config_parse_match_ifnames), Address=, Gateway= and DNS=.
 */
static bool nd_list_key(const struct keyfile_entry *e)
{
	if (!strcmp(e->section, "Bond"))
		return !strcmp(e->key, "ARPIPTargets");
	if (!strcmp(e->section, "Match"))
		return !strcmp(e->key, "Name");
	if (!strcmp(e->section, "Network"))
		return !strcmp(e->key, "Address") || !strcmp(e->key, "Gateway") ||
		       !strcmp(e->key, "DNS");
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

		if (kind && !in_list(nd_kinds, e->value))
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
			    later->line == e->line || (kind && !in_list(nd_kinds, later->value)))
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
	if (!kind || strcmp(kind->value, "bond")) {
		if (nd_get(f, "Bond", "Mode") || f->entries->len)
			bond_conf_warn(s, f->file, kind ? kind->line : f->line, "%s: Kind=%s is "
				       "not a bond; bondsim models bonds only, file ignored", f->name,
				       kind ? kind->value : "(none)");
		return TRUE;
	}
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
static GPtrArray *nd_list(const struct nd_file *f, const char *section, const char *key)
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

struct nd_link {
	char *dev;
	const struct nd_file *f;
	int line;
};

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

		if (!self) {
			bond_conf_warn(s, KF_AT(f, addr), "%s is not a bond; bondsim gives "
				       "addresses to bonds only here (use 'ip %s = ...')", l->dev,
				       l->dev);
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
		g_free(self->ipaddr);
		self->ipaddr = NULL;
		/* networkd takes an address without /N as a host address, /32 */
		if (!bond_conf_parse_addr(addr->value, 32, &self->ipaddr, &self->prefix)) {
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
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: %s: Name=%s: bondsim matches exact names only; list them, "
			    "e.g. Name=eth0 eth1", KF_AT(f, m), f->name, n);
		return FALSE;
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
		if (!nd_match(s, f, links, error))
			return FALSE;
	}
	g_ptr_array_sort(links, nd_link_cmp);
	for (guint i = 0; i < links->len; i++)
		if (!nd_network(s, links->pdata[i], error))
			return FALSE;
	return TRUE;
}
