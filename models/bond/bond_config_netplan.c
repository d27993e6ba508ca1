/*
 * bond_config_netplan.c - netplan YAML (/etc/netplan), read into netplan's model and checked.
 *
 * DOC: Ubuntu hosts describe their bonds in netplan YAML, and netplan
 * itself never talks to the kernel: "netplan generate" writes systemd-networkd
 * files (renderer: networkd, the default) or NetworkManager keyfiles
 * (renderer: NetworkManager) and that daemon creates the bond.  So the YAML
 * is read here (libyaml, every node with its line) into definitions (struct
 * np_def, bond_config_netplan_priv.h), and at finalize
 * bond_config_netplan_render.c turns them into the files netplan 0.106
 * writes.  The older spellings all-slaves-active, packets-per-slave and the
 * misspelt gratuitious-arp are accepted as netplan accepts them.
 *
 * netplan passes most strings through and leaves the daemon to ignore a bad
 * one with a warning; bondsim refuses every unknown key and value at its
 * file:line with the valid choices.  Not modelled, refused with a reason:
 * match:/set-name: (bondsim knows NICs by name), IPv6 and several
 * addresses, device types other than ethernets, bonds and vlans, a bond
 * and its interfaces under two renderers.  A vlan (id: 1-4094, link: an
 * ethernet or a bond) is rendered as netplan renders it: a Kind=vlan
 * .netdev with VLAN= in its link's .network, or a keyfile of type vlan.  The same ID in several files is merged as netplan merges it
 * (bond_config_netplan_render.c).
 */
#include "bond_config_netplan_priv.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <string.h>
#include <yaml.h>

static void np_val_free(gpointer data)
{
	struct np_val *v = data;

	g_free(v->key);
	g_free(v->value);
	g_free(v);
}

void bond_conf_np_def_free(gpointer data)
{
	struct np_def *d = data;

	g_free(d->yaml);
	g_ptr_array_unref(d->addresses);
	g_ptr_array_unref(d->interfaces);
	g_ptr_array_unref(d->params);
	g_free(d);
}

/* ------------------------------------------------------------------------ */
/* The bond parameters: netplan's key, networkd's key, the values.           */


static const char *const np_modes[] = { "balance-rr", "active-backup", "balance-xor",
	"broadcast", "802.3ad", "balance-tlb", "balance-alb", NULL };
static const char *const np_rate[] = { "slow", "fast", NULL };
static const char *const np_hash[] = { "layer2", "layer3+4", "layer2+3", "encap2+3",
	"encap3+4", "vlan+srcmac", NULL };
static const char *const np_adsel[] = { "stable", "bandwidth", "count", NULL };
static const char *const np_arpval[] = { "none", "active", "backup", "all", "filter",
	"filter_active", "filter_backup", NULL };
static const char *const np_arpall[] = { "any", "all", NULL };
static const char *const np_fom[] = { "none", "active", "follow", NULL };
static const char *const np_resel[] = { "always", "better", "failure", NULL };

/* In the order netplan writes them (write_bond_parameters()). */
const struct np_param bond_conf_np_params[] = {
	{ "mode", NULL, "Mode", "mode", NP_ENUM, np_modes },
	{ "lacp-rate", NULL, "LACPTransmitRate", "lacp_rate", NP_ENUM, np_rate },
	{ "mii-monitor-interval", NULL, "MIIMonitorSec", "miimon", NP_INTERVAL, NULL },
	{ "min-links", NULL, "MinLinks", "min_links", NP_UINT, NULL },
	{ "transmit-hash-policy", NULL, "TransmitHashPolicy", "xmit_hash_policy", NP_ENUM, np_hash },
	{ "ad-select", NULL, "AdSelect", "ad_select", NP_ENUM, np_adsel },
	{ "all-members-active", "all-slaves-active", "AllSlavesActive", "all_slaves_active", NP_BOOL, NULL },
	{ "arp-interval", NULL, "ARPIntervalSec", "arp_interval", NP_INTERVAL, NULL },
	{ "arp-ip-targets", NULL, "ARPIPTargets", "arp_ip_target", NP_TARGETS, NULL },
	{ "arp-validate", NULL, "ARPValidate", "arp_validate", NP_ENUM, np_arpval },
	{ "arp-all-targets", NULL, "ARPAllTargets", "arp_all_targets", NP_ENUM, np_arpall },
	{ "up-delay", NULL, "UpDelaySec", "updelay", NP_INTERVAL, NULL },
	{ "down-delay", NULL, "DownDelaySec", "downdelay", NP_INTERVAL, NULL },
	{ "fail-over-mac-policy", NULL, "FailOverMACPolicy", "fail_over_mac", NP_ENUM, np_fom },
	{ "gratuitous-arp", "gratuitious-arp", "GratuitousARP", "num_grat_arp", NP_UINT, NULL },
	{ "packets-per-member", "packets-per-slave", "PacketsPerSlave", "packets_per_slave", NP_UINT, NULL },
	{ "primary-reselect-policy", NULL, "PrimaryReselectPolicy", "primary_reselect", NP_ENUM, np_resel },
	{ "resend-igmp", NULL, "ResendIGMP", "resend_igmp", NP_UINT, NULL },
	{ "learn-packet-interval", NULL, "LearnPacketIntervalSec", "lp_interval", NP_SPAN, NULL },
	{ "primary", NULL, NULL, "primary", NP_PRIMARY, NULL },
};
const size_t bond_conf_np_nparams = G_N_ELEMENTS(bond_conf_np_params);

/* ------------------------------------------------------------------------ */
/* Reading the tree.                                                         */

struct np_ctx {
	struct bond_conf_set *s;
	yaml_document_t *doc;
	const char *file;	/* kept in the state */
	const char *name;	/* the YAML file's name */
	int first;		/* the file's first line */
	int nm;			/* this file's network: renderer: 1 NetworkManager, 0 networkd,
				 * -1 not given */
};

static int np_line(const struct np_ctx *c, const yaml_node_t *n)
{
	return c->first + (int)n->start_mark.line;
}

static const char *np_scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static gboolean np_fail(const struct np_ctx *c, const yaml_node_t *n, GError **error,
			const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static gboolean np_fail(const struct np_ctx *c, const yaml_node_t *n, GError **error,
			const char *fmt, ...)
{
	va_list ap;
	g_autofree char *msg = NULL;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX, "%s:%d: %s", c->file,
		    np_line(c, n), msg);
	return FALSE;
}

static const char *np_type_name(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	default:
		return *np_scalar(n) ? "a single value" : "nothing";
	}
}

static gboolean np_want(const struct np_ctx *c, const yaml_node_t *n, yaml_node_type_t type,
			const char *what, const char *example, GError **error)
{
	static const char *const names[] = { [YAML_SCALAR_NODE] = "a single value",
		[YAML_SEQUENCE_NODE] = "a list", [YAML_MAPPING_NODE] = "a mapping" };

	if (n->type == type)
		return TRUE;
	return np_fail(c, n, error, "%s: expected %s, found %s: write e.g. %s", what,
		       names[type], np_type_name(n), example);
}

static char *np_joined(const char *const *v)
{
	return g_strjoinv(", ", (char **)v);
}

static gboolean np_in(const char *const *v, const char *s)
{
	for (; *v; v++)
		if (!strcmp(*v, s))
			return TRUE;
	return FALSE;
}

/*
 * Keys of an ethernet or a bond that nearly every real YAML has and that
 * change nothing bondsim models (the bond, its slaves, its one IPv4
 * address): taken, and warned about at their line, as the ifupdown and
 * NetworkManager readers do with gateway and dns.  So is an mtu other than
 * 1500 (np_mtu()), as ifupdown's mtu and networkd's MTUBytes= are.
 */
static const char *const np_unmodelled[] = { "routes", "gateway4", "nameservers",
	"optional", "critical", "dhcp6", "accept-ra", "link-local", "ipv6-privacy",
	"dhcp4-overrides", "dhcp6-overrides", "wakeonlan", "mtu", NULL };

/*
 * Walk a mapping's pairs: every key a plain scalar, none twice, each in
 * @valid (NULL: any) or @also (taken, not named in the error).  Calls @fn per pair.
 */
typedef gboolean (*np_pair_fn)(struct np_ctx *c, const char *key, yaml_node_t *k,
			       yaml_node_t *v, void *data, GError **error);

static gboolean np_pairs(struct np_ctx *c, yaml_node_t *map, const char *where,
			 const char *const *valid, const char *const *also, np_pair_fn fn,
			 void *data, GError **error)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(c->doc, p->value);

		if (!k || !v || k->type != YAML_SCALAR_NODE)
			return np_fail(c, k ? k : map, error, "%s: a key must be a plain word, "
				       "e.g. mode:", where);
		for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
			yaml_node_t *o = yaml_document_get_node(c->doc, q->key);

			if (o && o->type == YAML_SCALAR_NODE && !strcmp(np_scalar(o), np_scalar(k)))
				return np_fail(c, k, error, "%s: '%s' given twice (first at line %d)",
					       where, np_scalar(k), np_line(c, o));
		}
		if (valid && !np_in(valid, np_scalar(k)) && !(also && np_in(also, np_scalar(k)))) {
			g_autofree char *list = np_joined(valid);

			return np_fail(c, k, error, "%s: unknown key '%s': write one of %s", where,
				       np_scalar(k), list);
		}
		if (!fn(c, np_scalar(k), k, v, data, error))
			return FALSE;
	}
	return TRUE;
}

/* netplan's booleans (handle_generic_bool) */
int bond_conf_np_bool(const char *v)
{
	static const char *const yes[] = { "true", "on", "yes", "y", NULL };
	static const char *const no[] = { "false", "off", "no", "n", NULL };

	for (int i = 0; yes[i]; i++)
		if (!g_ascii_strcasecmp(v, yes[i]))
			return 1;
	for (int i = 0; no[i]; i++)
		if (!g_ascii_strcasecmp(v, no[i]))
			return 0;
	return -1;
}

static gboolean np_is_ip4(const char *s)
{
	struct in_addr a;

	return inet_pton(AF_INET, s, &a) == 1;
}

static void np_add(struct np_ctx *c, GPtrArray *a, const char *key, const char *value, int line)
{
	struct np_val *v = g_new0(struct np_val, 1);

	v->key = g_strdup(key);
	v->value = g_strdup(value);
	v->file = c->file;
	v->line = line;
	g_ptr_array_add(a, v);
}

static gboolean np_scalar_of(struct np_ctx *c, yaml_node_t *v, const char *key,
			     const char *example, GError **error)
{
	return np_want(c, v, YAML_SCALAR_NODE, key, example, error);
}

/* One bond parameter, checked as netplan (and then networkd) would. */
static gboolean np_param(struct np_ctx *c, const char *key, yaml_node_t *k, yaml_node_t *v,
			 void *data, GError **error)
{
	struct np_def *d = data;
	const struct np_param *p = NULL;
	g_autofree char *where = g_strdup_printf("%s: parameters: %s", d->id, key);

	for (size_t i = 0; i < bond_conf_np_nparams; i++)
		if (!strcmp(bond_conf_np_params[i].key, key) ||
		    (bond_conf_np_params[i].alias && !strcmp(bond_conf_np_params[i].alias, key)))
			p = &bond_conf_np_params[i];
	if (!p) {
		g_autoptr(GString) list = g_string_new(NULL);

		for (size_t i = 0; i < bond_conf_np_nparams; i++) {
			g_string_append_printf(list, "%s%s", i ? ", " : "", bond_conf_np_params[i].key);
			if (bond_conf_np_params[i].alias)
				g_string_append_printf(list, " (or %s)", bond_conf_np_params[i].alias);
		}
		return np_fail(c, k, error, "%s: unknown bond parameter '%s': write one of %s",
			       d->id, key, list->str);
	}
	for (guint i = 0; i < d->params->len; i++) {
		const struct np_val *o = d->params->pdata[i];

		if (strcmp(o->key, p->key))
			continue;
		if (p->alias)
			return np_fail(c, k, error, "%s: %s is already given at line %d (%s and %s "
				       "are one parameter): give it once", d->id, key, o->line,
				       p->key, p->alias);
		return np_fail(c, k, error, "%s: %s is already given at line %d: give it once",
			       d->id, key, o->line);
	}
	if (p->kind == NP_TARGETS) {
		g_autoptr(GString) all = g_string_new(NULL);

		if (!np_want(c, v, YAML_SEQUENCE_NODE, where, "arp-ip-targets: [10.0.0.254]",
			     error))
			return FALSE;
		for (yaml_node_item_t *it = v->data.sequence.items.start;
		     it < v->data.sequence.items.top; it++) {
			yaml_node_t *t = yaml_document_get_node(c->doc, *it);

			if (!t || !np_scalar_of(c, t, where, "arp-ip-targets: [10.0.0.254]", error))
				return FALSE;
			if (!np_is_ip4(np_scalar(t)))
				return np_fail(c, t, error, "%s: '%s' is not an IPv4 address: write "
					       "e.g. 10.0.0.254", where, np_scalar(t));
			g_string_append_printf(all, "%s%s", all->len ? " " : "", np_scalar(t));
		}
		np_add(c, d->params, p->key, all->str, np_line(c, k));
		return TRUE;
	}
	if (!np_scalar_of(c, v, where, "mode: active-backup", error))
		return FALSE;
	const char *val = np_scalar(v);
	long long usec;

	switch (p->kind) {
	case NP_ENUM:
		if (!strcmp(key, "mode") && (!strcmp(val, "balance-tcp") ||
					     !strcmp(val, "balance-slb")))
			return np_fail(c, v, error, "%s: mode %s is for Open vSwitch bonds, which "
				       "bondsim does not model: write one of balance-rr, "
				       "active-backup, balance-xor, broadcast, 802.3ad, balance-tlb, "
				       "balance-alb", d->id, val);
		if (!np_in(p->values, val)) {
			g_autofree char *list = np_joined(p->values);

			return np_fail(c, v, error, "%s: '%s' is not a valid value: write one of %s",
				       where, val, list);
		}
		break;
	case NP_INTERVAL:
	case NP_SPAN: {
		/* netplan appends "ms" to a plain whole number (NP_INTERVAL only) */
		gboolean plain = *val && strspn(val, "0123456789") == strlen(val);
		g_autofree char *span = plain && p->kind == NP_INTERVAL ?
			g_strdup_printf("%sms", val) : g_strdup(val);

		if (!bond_conf_timespan(span, &usec))
			return np_fail(c, v, error, "%s: '%s' is not a time: write %s", where, val,
				       p->kind == NP_INTERVAL ?
				       "milliseconds (100) or a time span (100ms, 1s)" :
				       "seconds (1) or a time span (1s, 2s)");
		break;
	}
	case NP_UINT:
		if (!*val || strspn(val, "0123456789") != strlen(val) || strlen(val) > 10 ||
		    g_ascii_strtoull(val, NULL, 10) > G_MAXUINT)
			return np_fail(c, v, error, "%s: '%s' is not a whole number (0 to %u)",
				       where, val, G_MAXUINT);
		break;
	case NP_BOOL:
		if (bond_conf_np_bool(val) < 0)
			return np_fail(c, v, error, "%s: '%s' is not a boolean: write true or false",
				       where, val);
		break;
	case NP_PRIMARY:
		if (!bond_ifname_valid(val))
			return np_fail(c, v, error, "%s: '%s' is not an interface name", where, val);
		break;
	default:
		break;
	}
	np_add(c, d->params, p->key, val, np_line(c, v));
	return TRUE;
}

/* addresses: [10.0.0.1/24] */
static gboolean np_addresses(struct np_ctx *c, struct np_def *d, yaml_node_t *v,
			     GError **error)
{
	g_autofree char *where = g_strdup_printf("%s: addresses", d->id);

	if (!np_want(c, v, YAML_SEQUENCE_NODE, where, "addresses: [10.0.0.1/24]", error))
		return FALSE;
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++) {
		yaml_node_t *a = yaml_document_get_node(c->doc, *it);
		g_autofree char *ip = NULL;
		int prefix;

		if (!a || !np_want(c, a, YAML_SCALAR_NODE, where, "addresses: [10.0.0.1/24]",
				   error))
			return FALSE;
		if (strchr(np_scalar(a), ':'))
			return np_fail(c, a, error, "%s: %s: bondsim models IPv4 only: write e.g. "
				       "10.0.0.1/24", where, np_scalar(a));
		if (!strchr(np_scalar(a), '/'))
			return np_fail(c, a, error, "%s: %s has no /prefix length (netplan requires "
				       "one): write e.g. %s/24", where, np_scalar(a), np_scalar(a));
		if (!bond_conf_parse_addr(np_scalar(a), 32, &ip, &prefix))
			return np_fail(c, a, error, "%s: '%s' is not an IPv4 address: write e.g. "
				       "10.0.0.1/24", where, np_scalar(a));
		if (d->addresses->len) {
			const struct np_val *o = d->addresses->pdata[0];

			return np_fail(c, a, error, "%s: a second address (%s, after %s at line "
				       "%d): bondsim gives an interface one IPv4 address", where,
				       np_scalar(a), o->value, o->line);
		}
		np_add(c, d->addresses, "address", np_scalar(a), np_line(c, a));
	}
	return TRUE;
}

static gboolean np_renderer(struct np_ctx *c, const char *where, yaml_node_t *v, int *nm,
			    GError **error)
{
	if (!np_scalar_of(c, v, where, "renderer: networkd", error))
		return FALSE;
	if (!strcmp(np_scalar(v), "networkd") || !strcmp(np_scalar(v), "NetworkManager")) {
		*nm = np_scalar(v)[0] == 'N';
		return TRUE;
	}
	return np_fail(c, v, error, "%s: '%s' is not a renderer: write networkd or "
		       "NetworkManager", where, np_scalar(v));
}

/* The IPv4 default route's gateway: gateway4: X, or a route to default / 0.0.0.0/0 via X. */
static const char *np_default_via(const struct np_ctx *c, const char *key, yaml_node_t *v)
{
	if (!strcmp(key, "gateway4"))
		return v->type == YAML_SCALAR_NODE ? np_scalar(v) : NULL;
	if (strcmp(key, "routes") || v->type != YAML_SEQUENCE_NODE)
		return NULL;
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *r = yaml_document_get_node(c->doc, *it);
		const char *to = NULL, *via = NULL;

		if (!r || r->type != YAML_MAPPING_NODE)
			continue;
		for (yaml_node_pair_t *p = r->data.mapping.pairs.start;
		     p < r->data.mapping.pairs.top; p++) {
			yaml_node_t *rk = yaml_document_get_node(c->doc, p->key);
			yaml_node_t *rv = yaml_document_get_node(c->doc, p->value);

			if (!rk || !rv || rk->type != YAML_SCALAR_NODE ||
			    rv->type != YAML_SCALAR_NODE)
				continue;
			if (!strcmp(np_scalar(rk), "to"))
				to = np_scalar(rv);
			else if (!strcmp(np_scalar(rk), "via"))
				via = np_scalar(rv);
		}
		if (to && via && (!strcmp(to, "default") || !strcmp(to, "0.0.0.0/0")) &&
		    np_is_ip4(via))
			return via;
	}
	return NULL;
}

/*
 * bondsim's frames are at most 1500 bytes: mtu 1500 is what it models, any
 * other is said and ignored (a jumbo bond would carry fewer, larger frames:
 * TCP's MSS, the frame counts), not refused, so that a real file still loads.
 */
static void np_mtu(struct np_ctx *c, const struct np_def *d, yaml_node_t *k, yaml_node_t *v)
{
	const char *mtu = v->type == YAML_SCALAR_NODE ? np_scalar(v) : "";

	if (strcmp(mtu, "1500") != 0)
		bond_conf_warn(c->s, c->file, np_line(c, k), "%s: mtu: %s is not modelled: "
			       "bondsim's frames are at most 1500 bytes; ignored", d->id, mtu);
}

/*
 * A VLAN's id: and link: (netplan's handle_vlan_id(): 0-4094; the link is
 * checked once every file is read, bond_config_netplan_render.c).  netplan
 * and the kernel take id 0, a priority tag, which bondsim does not model.
 */
static gboolean np_vlan_key(struct np_ctx *c, struct np_def *d, const char *key,
			    yaml_node_t *v, GError **error)
{
	g_autofree char *where = g_strdup_printf("%s: %s", d->id, key);
	unsigned id;

	if (!np_scalar_of(c, v, where, !strcmp(key, "id") ? "id: 100" : "link: bond0", error))
		return FALSE;
	if (!strcmp(key, "id") && !strcmp(np_scalar(v), "0"))
		return np_fail(c, v, error, "%s: id 0: netplan takes it, but VLAN 0 only carries "
			       "a priority tag, which bondsim does not model: write an id from 1 "
			       "to 4094", d->id);
	if (!strcmp(key, "id") && !bond_conf_vlan_id(np_scalar(v), &id))
		return np_fail(c, v, error, "%s: invalid id '%s' (allowed values are 0 to 4094; "
			       "bondsim's 1 to 4094)", d->id, np_scalar(v));
	np_add(c, d->params, key, np_scalar(v), np_line(c, v));
	return TRUE;
}

static gboolean np_def_key(struct np_ctx *c, const char *key, yaml_node_t *k, yaml_node_t *v,
			   void *data, GError **error)
{
	struct np_def *d = data;
	g_autofree char *where = g_strdup_printf("%s: %s", d->id, key);

	if (!strcmp(key, "mtu")) {
		np_mtu(c, d, k, v);
		return TRUE;
	}
	if (np_in(np_unmodelled, key)) {
		const char *via = np_default_via(c, key, v);

		if (via)
			bond_conf_warn(c->s, c->file, np_line(c, k), "%s: %s: is not modelled; "
				       "ignored (for the default route write gateway = %s in the "
				       "host's section)", d->id, key, via);
		else
			bond_conf_warn(c->s, c->file, np_line(c, k), "%s: %s: is not modelled; "
				       "ignored", d->id, key);
		return TRUE;
	}

	if (!strcmp(key, "match") || !strcmp(key, "set-name"))
		return np_fail(c, k, error, "%s: %s: is not supported: bondsim knows NICs by "
			       "name; name the ethernet after its interface (eth0:) and drop "
			       "match:/set-name:", d->id, key);
	if (!strcmp(key, "renderer"))
		return np_renderer(c, where, v, &d->nm, error);
	if (!strcmp(key, "dhcp4")) {
		if (!np_scalar_of(c, v, where, "dhcp4: false", error))
			return FALSE;
		d->dhcp4 = bond_conf_np_bool(np_scalar(v));
		d->dhcp4_line = np_line(c, v);
		d->dhcp4_file = c->file;
		if (d->dhcp4 < 0)
			return np_fail(c, v, error, "%s: '%s' is not a boolean: write true or false",
				       where, np_scalar(v));
		return TRUE;
	}
	if (!strcmp(key, "addresses"))
		return np_addresses(c, d, v, error);
	if (!strcmp(key, "id") || !strcmp(key, "link"))
		return np_vlan_key(c, d, key, v, error);
	if (!strcmp(key, "interfaces")) {
		if (!np_want(c, v, YAML_SEQUENCE_NODE, where, "interfaces: [eth0, eth1]", error))
			return FALSE;
		for (yaml_node_item_t *it = v->data.sequence.items.start;
		     it < v->data.sequence.items.top; it++) {
			yaml_node_t *n = yaml_document_get_node(c->doc, *it);

			if (!n || !np_scalar_of(c, n, where, "interfaces: [eth0, eth1]", error))
				return FALSE;
			for (guint i = 0; i < d->interfaces->len; i++) {
				const struct np_val *o = d->interfaces->pdata[i];

				if (!strcmp(o->value, np_scalar(n)))
					return np_fail(c, n, error, "%s: %s is listed twice", where,
						       np_scalar(n));
			}
			np_add(c, d->interfaces, "interface", np_scalar(n), np_line(c, n));
		}
		return TRUE;
	}
	/* parameters */
	if (!np_want(c, v, YAML_MAPPING_NODE, where, "parameters: {mode: active-backup}", error))
		return FALSE;
	return np_pairs(c, v, where, NULL, NULL, np_param, d, error);
}

static gboolean np_def(struct np_ctx *c, const char *id, yaml_node_t *k, yaml_node_t *v,
		       void *data, GError **error)
{
	static const char *const eth_keys[] = { "dhcp4", "addresses", "renderer", "match",
		"set-name", NULL };
	static const char *const bond_keys[] = { "interfaces", "parameters", "addresses", "dhcp4",
		"renderer", NULL };
	static const char *const vlan_keys[] = { "id", "link", "addresses", "dhcp4", "renderer",
		NULL };
	static const char *const example[] = { "eth0: {dhcp4: false}",
		"bond0: {interfaces: [eth0, eth1]}", "bond0.100: {id: 100, link: bond0}" };
	static const char *const *const keys[] = { eth_keys, bond_keys, vlan_keys };
	enum np_type type = GPOINTER_TO_INT(data);
	struct bond_conf_state *st = c->s->state;
	struct np_def *d;

	if (!bond_ifname_valid(id))
		return np_fail(c, k, error, "'%s' is not a valid interface name (at most %d "
			       "characters, no '/', ':' or spaces)", id, BOND_IFNAMSIZ - 1);
	/* The same ID in another file is merged with this one at render (np_merge()). */
	if (v->type == YAML_SCALAR_NODE && !*np_scalar(v))
		return np_fail(c, v, error, "%s: has no settings: write %s: {} for none", id, id);
	if (!np_want(c, v, YAML_MAPPING_NODE, id, example[type], error))
		return FALSE;
	d = g_new0(struct np_def, 1);
	g_strlcpy(d->id, id, sizeof(d->id));
	d->type = type;
	d->file = c->file;
	d->yaml = g_strdup(c->name);
	d->line = np_line(c, k);
	d->dhcp4 = -1;
	d->nm = -1;
	d->addresses = g_ptr_array_new_with_free_func(np_val_free);
	d->interfaces = g_ptr_array_new_with_free_func(np_val_free);
	d->params = g_ptr_array_new_with_free_func(np_val_free);
	if (!np_pairs(c, v, id, keys[type], np_unmodelled, np_def_key, d, error)) {
		bond_conf_np_def_free(d);
		return FALSE;
	}
	g_ptr_array_add(st->netplan, d);
	return TRUE;
}

static gboolean np_network_key(struct np_ctx *c, const char *key, yaml_node_t *k,
			       yaml_node_t *v, void *data, GError **error)
{
	static const char *const others[] = { "bridges", "wifis", "tunnels", "vrfs",
		"modems", "dummy-devices", "virtual-ethernets", "nm-devices", "openvswitch",
		NULL };
	static const char *const example[] = { "ethernets: {eth0: {}}",
		"bonds: {bond0: {interfaces: [eth0, eth1]}}",
		"vlans: {bond0.100: {id: 100, link: bond0}}" };
	enum np_type type = !strcmp(key, "bonds") ? NP_BOND : !strcmp(key, "vlans") ? NP_VLAN :
			    NP_ETHERNET;
	g_autofree char *where = g_strdup_printf("network: %s", key);

	(void)data;
	if (np_in(others, key))
		return np_fail(c, k, error, "network: %s: bondsim reads ethernets, bonds and "
			       "vlans only", key);
	if (!strcmp(key, "version")) {
		if (!np_scalar_of(c, v, where, "version: 2", error))
			return FALSE;
		if (strcmp(np_scalar(v), "2"))
			return np_fail(c, v, error, "network: version %s: netplan knows version 2 "
				       "only: write version: 2", np_scalar(v));
		return TRUE;
	}
	if (!strcmp(key, "renderer"))
		return np_renderer(c, where, v, &c->nm, error);
	if (!np_want(c, v, YAML_MAPPING_NODE, where, example[type], error))
		return FALSE;
	return np_pairs(c, v, where, NULL, NULL, np_def, GINT_TO_POINTER(type), error);
}

static gboolean np_root_key(struct np_ctx *c, const char *key, yaml_node_t *k, yaml_node_t *v,
			    void *data, GError **error)
{
	static const char *const keys[] = { "version", "renderer", "ethernets", "bonds",
		"bridges", "vlans", "wifis", "tunnels", "vrfs", "modems", "dummy-devices",
		"virtual-ethernets", "nm-devices", "openvswitch", NULL };
	static const char *const shown[] = { "version", "renderer", "ethernets", "bonds",
		"vlans", NULL };
	(void)data;
	(void)key;
	(void)k;
	if (!np_want(c, v, YAML_MAPPING_NODE, "network", "network: {version: 2}", error))
		return FALSE;
	/* check names first, to list only what bondsim reads */
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *kk = yaml_document_get_node(c->doc, p->key);

		if (kk && kk->type == YAML_SCALAR_NODE && !np_in(keys, np_scalar(kk))) {
			g_autofree char *list = np_joined(shown);

			return np_fail(c, kk, error, "network: unknown key '%s': write one of %s",
				       np_scalar(kk), list);
		}
	}
	return np_pairs(c, v, "network", NULL, NULL, np_network_key, NULL, error);
}

gboolean bond_conf_parse_netplan(struct bond_conf_set *s, const char *name, const char *text,
				 const char *file, int first_line, GError **error)
{
	static const char *const root_keys[] = { "network", NULL };
	struct bond_conf_state *st = s->state;
	const char *fname = bond_conf_keep_file(st, file ? file : "<netplan>");
	yaml_parser_t parser;
	yaml_document_t doc;
	struct np_ctx c = { .s = s, .doc = &doc, .file = fname, .name = name,
			    .first = first_line, .nm = -1 };
	yaml_node_t *root;
	gboolean ok;
	guint before = st->netplan->len;

	if (!name || !g_str_has_suffix(name, ".yaml")) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: netplan file '%s': name it NAME.yaml, e.g. 01-netcfg.yaml "
			    "(netplan reads /etc/netplan/*.yaml in name order)", fname, first_line,
			    name ? name : "");
		return FALSE;
	}
	text = text ? text : "";
	if (!yaml_parser_initialize(&parser))
		g_error("libyaml: out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, strlen(text));
	if (!yaml_parser_load(&parser, &doc)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: %s: not YAML: %s%s%s", fname,
			    first_line + (int)parser.problem_mark.line, name,
			    parser.problem ? parser.problem : "syntax error",
			    parser.context ? " " : "", parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return FALSE;
	}
	root = yaml_document_get_root_node(&doc);
	if (!root || (root->type == YAML_SCALAR_NODE && !*np_scalar(root))) {
		/* netplan reads an empty file as nothing */
		bond_conf_warn(s, fname, first_line, "%s is empty: netplan reads nothing from it",
			       name);
		ok = TRUE;
	} else {
		yaml_document_t more;

		ok = np_want(&c, root, YAML_MAPPING_NODE, name, "network: {version: 2}", error) &&
		     np_pairs(&c, root, name, root_keys, NULL, np_root_key, NULL, error);
		/* netplan reads one document per file */
		if (ok && yaml_parser_load(&parser, &more)) {
			yaml_node_t *r2 = yaml_document_get_root_node(&more);

			if (r2) {
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
					    "%s:%d: %s: a second YAML document: netplan reads one "
					    "per file", fname, first_line + (int)r2->start_mark.line,
					    name);
				ok = FALSE;
			}
			yaml_document_delete(&more);
		} else if (ok) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: %s: not YAML after the first document: %s", fname,
				    first_line + (int)parser.problem_mark.line, name,
				    parser.problem ? parser.problem : "syntax error");
			ok = FALSE;
		}
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (!ok)
		g_ptr_array_set_size(st->netplan, before);
	else if (c.nm >= 0 && (!st->netplan_nm_file || strcmp(name, st->netplan_nm_file) >= 0)) {
		/* netplan reads the files in name order: the last one's renderer wins */
		st->netplan_nm = c.nm;
		g_free(st->netplan_nm_file);
		st->netplan_nm_file = g_strdup(name);
	}
	return ok;
}
