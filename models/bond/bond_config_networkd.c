/*
 * bond_config_networkd.c - systemd-networkd .netdev and .network files: read and checked.
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
 * with none is ignored whole, as netdev_load_one() does.  A .netdev of
 * Kind=vlan is a VLAN device (bond_config_networkd_vlan.c); a .netdev of
 * another kind (bridge ...) is ignored whole, its kind's section too;
 * Bridge=, MACVLAN= ... in a .network (a device on top of the link, which
 * bondsim does not model) are warned about, not refused.
 */
#include "bond_config_priv.h"
#include "bond_config_networkd_priv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void bond_conf_networkd_free(gpointer data)
{
	struct nd_file *f = data;

	g_free(f->name);
	g_ptr_array_unref(f->entries);
	g_free(f);
}

/* ------------------------------------------------------------------------ */
/* What each key is, and what networkd hands the kernel for it.              */

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

const struct nd_key nd_bond_keys[] = {
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

/* MTUBytes= and MACAddress= are taken, and said not modelled (nd_warn_link()). */
static const char *const nd_netdev_keys[] = { "Name", "Kind", "Description", "MTUBytes",
	"MACAddress", NULL };
/* A .network's [Link] (systemd 252): none of it is modelled; taken and said. */
static const char *const nd_link_keys[] = { "MACAddress", "MTUBytes", "ARP", "Multicast",
	"AllMulticast", "Promiscuous", "Unmanaged", "Group", "RequiredForOnline",
	"RequiredFamilyForOnline", "ActivationPolicy", NULL };
static const char *const nd_match_keys[] = { "Name", NULL };
/* LinkLocalAddressing=, ConfigureWithoutCarrier= and [DHCP] are what netplan
 * writes into every .network file; they do not touch the bond. */
static const char *const nd_network_keys[] = { "Bond", "Address", "PrimarySlave", "DHCP",
	"Gateway", "DNS", "Description", "LinkLocalAddressing", "ConfigureWithoutCarrier", NULL };
static const char *const nd_dhcp_keys[] = { "RouteMetric", "UseMTU", NULL };
/*
 * The sections of the other kinds' .netdev files (networkd's
 * NETDEV_OTHER_SECTIONS): read past here; the file of such a kind is
 * ignored whole, and in a Kind=bond file networkd ignores the section.
 */
const char *const nd_kind_sections[] = { "VLAN", "MACVLAN", "MACVTAP", "IPVLAN", "IPVTAP",
	"VXLAN", "GENEVE", "BareUDP", "Tunnel", "FooOverUDP", "Peer", "VXCAN", "Tun", "Tap",
	"Bridge", "VRF", "MACsec", "MACsecReceiveChannel", "MACsecTransmitAssociation",
	"MACsecReceiveAssociation", "WireGuard", "WireGuardPeer", "L2TP", "L2TPSession",
	"Xfrm", "BatmanAdvanced", "IPoIB", "WLAN", NULL };
/*
 * [Network] keys that put a device of another kind on top of the link
 * (a VLAN, a bridge port ...): networkd's, but bondsim models none of
 * them; warned about at boot (nd_warn_stacked()).
 */
const char *const nd_stacked_keys[] = { "VLAN", "MACVLAN", "MACVTAP", "IPVLAN", "IPVTAP",
	"VXLAN", "Tunnel", "Bridge", "VRF", "L2TP", "MACsec", "Xfrm", "BatmanAdvanced",
	"IPoIB", NULL };
/* networkd's netdev_kind_table (src/network/netdev/netdev.c); bondsim models "bond" only. */
const char *const nd_kinds[] = { "bareudp", "batadv", "bond", "bridge", "dummy",
	"erspan", "fou", "geneve", "gre", "gretap", "ifb", "ip6gre", "ip6gretap", "ip6tnl",
	"ipip", "ipoib", "ipvlan", "ipvtap", "l2tp", "macsec", "macvlan", "macvtap",
	"netdevsim", "nlmon", "sit", "tap", "tun", "vcan", "veth", "vlan", "vrf", "vti6", "vti",
	"vxcan", "vxlan", "wireguard", "wlan", "xfrm", NULL };

char *nd_joined(const char *const *v)
{
	return g_strjoinv(", ", (char **)v);
}

gboolean nd_in_list(const char *const *v, const char *s)
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
gboolean nd_timespan(const char *v, long long *usec)
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
int nd_bool(const char *v)
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
	g_autofree char *list = nd_joined(keys);

	g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
		    "%s:%d: %s: [%s] %s= is not supported: write one of %s", KF_AT(f, e),
		    f->name, e->section, e->key, list);
	return FALSE;
}

/* Check one entry where it was typed. */
static gboolean nd_check(const struct nd_file *f, const struct keyfile_entry *e, GError **error)
{
	static const char *const netdev_sections[] = { "NetDev", "Bond", NULL };
	static const char *const network_sections[] = { "Match", "Link", "Network", "Route", "DHCP",
		NULL };
	const char *const *sections = f->netdev ? netdev_sections : network_sections;

	if (f->netdev && nd_in_list(nd_kind_sections, e->section))
		return TRUE;	/* another kind's: nd_netdev_bond() says what becomes of it */
	if (!nd_in_list(sections, e->section)) {
		g_autofree char *list = nd_joined(sections);

		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: %s: section [%s] is not supported in a .%s file: write one "
			    "of %s", KF_AT(f, e), f->name, e->section,
			    f->netdev ? "netdev" : "network", list);
		return FALSE;
	}
	if (!strcmp(e->section, "NetDev"))
		return nd_in_list(nd_netdev_keys, e->key) || nd_refuse_key(f, e, nd_netdev_keys,
									 error);
	if (!strcmp(e->section, "Match"))
		return nd_in_list(nd_match_keys, e->key) || nd_refuse_key(f, e, nd_match_keys,
									error);
	if (!strcmp(e->section, "Network")) {
		if (!nd_in_list(nd_network_keys, e->key) && !nd_in_list(nd_stacked_keys, e->key))
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
		return nd_in_list(nd_dhcp_keys, e->key) || nd_refuse_key(f, e, nd_dhcp_keys, error);
	if (!strcmp(e->section, "Link"))
		return nd_in_list(nd_link_keys, e->key) || nd_refuse_key(f, e, nd_link_keys, error);
	if (!strcmp(e->section, "Route"))
		return TRUE;	/* routes are not modelled: nd_warn_link() says so */
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
		if (!nd_in_list(k->values, e->value)) {
			g_autofree char *list = nd_joined(k->values);

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

struct nd_file *bond_conf_networkd_find(struct bond_conf_state *st, const char *name)
{
	for (guint i = 0; i < st->networkd->len; i++) {
		struct nd_file *f = st->networkd->pdata[i];

		if (!strcmp(f->name, name))
			return f;
	}
	return NULL;
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

	if (!name || (!g_str_has_suffix(name, ".netdev") && !g_str_has_suffix(name, ".network") &&
		      !g_str_has_suffix(name, ".link"))) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: networkd file '%s': name it NAME.netdev, NAME.network or "
			    "NAME.link, e.g. 25-bond0.netdev", fname, first_line, name ? name : "");
		return FALSE;
	}
	for (int pass = 0; pass < 2; pass++) {
		GPtrArray *all = pass ? st->link_files : st->networkd;

		for (guint i = 0; i < all->len; i++) {
			const struct nd_file *o = all->pdata[i];

			if (!strcmp(o->name, name)) {
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
					    "%s:%d: %s is already given at %s:%d: one file per name",
					    fname, first_line, name, o->file, o->line);
				return FALSE;
			}
		}
	}
	if (g_str_has_suffix(name, ".link"))	/* udev's (bond_config_link.c) */
		return bond_conf_parse_link(s, name, text, fname, first_line, error);
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
const struct keyfile_entry *nd_get(const struct nd_file *f, const char *section,
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

