/*
 * bond_config_netplan_render.c - netplan's definitions, rendered as netplan renders them.
 *
 * DOC: At finalize the definitions bond_config_netplan.c read from the YAML
 * become the files netplan 0.106 writes (10-netplan-ID.netdev / .network, or
 * netplan-ID.nmconnection), whose lines point back into the YAML;
 * bond_config_networkd.c or bond_config_nm.c then does what the daemon does
 * with them.  What netplan itself adds on the way, mirrored here:
 *
 *  - For networkd, mii-monitor-interval, up-delay, down-delay and
 *    arp-interval: a plain number is milliseconds (netplan appends "ms");
 *    anything else is handed to networkd as written, where "1s" is a second
 *    and "1.5", not a plain whole number, is 1.5 seconds.
 *    learn-packet-interval is handed over as written: a plain number is
 *    seconds (networkd's LearnPacketIntervalSec=).
 *  - For NetworkManager every value goes as written into [bond] under the
 *    kernel's name, so only whole numbers work (milliseconds; seconds for
 *    lp_interval): "1s" is refused here, as NetworkManager refuses it.
 *    gratuitous-arp also writes num_unsol_na (netplan's work-around).
 *  - min-links, gratuitous-arp, packets-per-member and resend-igmp of 0, and
 *    all-members-active: false, are not written at all: the daemon then
 *    uses its own values (networkd sends resend_igmp=1, num_grat_arp=1,
 *    packets_per_slave=1 in balance-rr), which a warning says.
 *  - primary: marks that member's .network PrimarySlave=true (networkd), or
 *    is the bond's primary= (NetworkManager).
 *  - A definition's renderer: wins over network: renderer:, and that of
 *    the last file in name order over the others'.
 */
#include "bond_config_netplan_priv.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* Finalize: the networkd files netplan generate writes.                     */

static const struct np_val *np_get(const struct np_def *d, const char *key)
{
	for (guint i = 0; i < d->params->len; i++) {
		const struct np_val *v = d->params->pdata[i];

		if (!strcmp(v->key, key))
			return v;
	}
	return NULL;
}

static struct np_def *np_find(const struct bond_conf_state *st, const char *id)
{
	for (guint i = 0; i < st->netplan->len; i++) {
		struct np_def *d = st->netplan->pdata[i];

		if (!strcmp(d->id, id))
			return d;
	}
	return NULL;
}

/* The bond listing @eth, and where it is listed (@at). */
static const struct np_def *np_bond_of(const struct bond_conf_state *st, const char *eth,
				       const struct np_val **at)
{
	for (guint i = 0; i < st->netplan->len; i++) {
		const struct np_def *d = st->netplan->pdata[i];

		for (guint k = 0; d->type == NP_BOND && k < d->interfaces->len; k++) {
			const struct np_val *v = d->interfaces->pdata[k];

			if (!strcmp(v->value, eth)) {
				*at = v;
				return d;
			}
		}
	}
	return NULL;
}

/* [Network] DHCP= and Address= of a device that has its own address. */
static gboolean np_render_addresses(struct nd_file *f, const struct np_def *d, GError **error)
{
	if (d->dhcp4 == 1 &&
	    !bond_conf_networkd_set(f, "Network", "DHCP", "ipv4", d->dhcp4_file, d->dhcp4_line, error))
		return FALSE;
	for (guint i = 0; i < d->addresses->len; i++) {
		const struct np_val *a = d->addresses->pdata[i];

		if (!bond_conf_networkd_set(f, "Network", "Address", a->value, a->file, a->line, error))
			return FALSE;
	}
	return TRUE;
}

static gboolean np_render_bond(struct bond_conf_set *s, const struct np_def *d, GError **error)
{
	struct bond_conf_state *st = s->state;
	g_autofree char *netdev = g_strdup_printf("10-netplan-%s.netdev", d->id);
	g_autofree char *network = g_strdup_printf("10-netplan-%s.network", d->id);
	struct nd_file *f = bond_conf_networkd_add(st, netdev, d->file, d->line);

	if (!bond_conf_networkd_set(f, "NetDev", "Name", d->id, d->file, d->line, error) ||
	    !bond_conf_networkd_set(f, "NetDev", "Kind", "bond", d->file, d->line, error))
		return FALSE;
	for (size_t i = 0; i < bond_conf_np_nparams; i++) {
		const struct np_param *p = &bond_conf_np_params[i];
		const struct np_val *v = np_get(d, p->key);
		g_autofree char *val = NULL;

		if (!v || !p->nd_key)
			continue;
		switch (p->kind) {
		case NP_INTERVAL:
			val = *v->value && strspn(v->value, "0123456789") == strlen(v->value) ?
				g_strdup_printf("%sms", v->value) : g_strdup(v->value);
			break;
		case NP_UINT:
			if (!g_ascii_strtoull(v->value, NULL, 10)) {
				if (strcmp(p->key, "min-links"))
					bond_conf_warn(s, v->file, v->line, "%s: netplan writes "
						       "nothing for %s: 0, so networkd's own "
						       "value is used", d->id, p->key);
				continue;
			}
			val = g_strdup_printf("%" G_GUINT64_FORMAT, g_ascii_strtoull(v->value, NULL, 10));
			break;
		case NP_BOOL:
			if (bond_conf_np_bool(v->value) != 1)
				continue;	/* netplan writes only "true" */
			val = g_strdup("1");
			break;
		default:
			val = g_strdup(v->value);
			break;
		}
		if (!bond_conf_networkd_set(f, "Bond", p->nd_key, val, v->file, v->line, error))
			return FALSE;
		/* LearnPacketIntervalSec= without an arp-interval: networkd's file warns */
	}
	f = bond_conf_networkd_add(st, network, d->file, d->line);
	if (!bond_conf_networkd_set(f, "Match", "Name", d->id, d->file, d->line, error))
		return FALSE;
	return np_render_addresses(f, d, error);
}

static gboolean np_render_ethernet(struct bond_conf_set *s, const struct np_def *d,
				   GError **error)
{
	struct bond_conf_state *st = s->state;
	g_autofree char *network = g_strdup_printf("10-netplan-%s.network", d->id);
	const struct np_val *at = NULL;
	const struct np_def *bond = np_bond_of(st, d->id, &at);
	const char *file = bond ? at->file : d->file;
	int line = bond ? at->line : d->line;
	struct nd_file *f;

	/* a member's file points at its line in the bond's interfaces: list */
	f = bond_conf_networkd_add(st, network, file, line);
	if (!bond_conf_networkd_set(f, "Match", "Name", d->id, file, line, error))
		return FALSE;
	if (bond) {
		const struct np_val *prim = np_get(bond, "primary");

		if (!bond_conf_networkd_set(f, "Network", "Bond", bond->id, at->file, at->line, error))
			return FALSE;
		if (prim && !strcmp(prim->value, d->id) &&
		    !bond_conf_networkd_set(f, "Network", "PrimarySlave", "true", prim->file,
					    prim->line, error))
			return FALSE;
		if (d->dhcp4 == 1 || d->addresses->len)
			bond_conf_warn(s, d->file, d->line, "%s is a member of %s: its own "
				       "dhcp4:/addresses: do not make the bond's address", d->id,
				       bond->id);
		return TRUE;
	}
	return np_render_addresses(f, d, error);
}

/* The renderer of @d: its own renderer:, else the global one (networkd by default). */
static gboolean np_is_nm(const struct bond_conf_state *st, const struct np_def *d)
{
	return d->nm >= 0 ? d->nm : st->netplan_nm == 1;
}

/*
 * netplan's NetworkManager keyfile of a bond (nm.c, write_bond_parameters()):
 * every value as written, so the units are NetworkManager's (a number of
 * milliseconds, of seconds for lp_interval) and "1s" is refused where it is.
 */
static gboolean np_render_nm_bond(struct bond_conf_set *s, const struct np_def *d,
				  GError **error)
{
	struct bond_conf_state *st = s->state;
	g_autofree char *name = g_strdup_printf("netplan-%s.nmconnection", d->id);
	g_autofree char *id = g_strdup_printf("netplan-%s", d->id);
	struct nm_file *f = bond_conf_nm_add(st, name, d->file, d->line);

	if (!bond_conf_nm_set(s, f, "connection", "id", id, d->file, d->line, error) ||
	    !bond_conf_nm_set(s, f, "connection", "type", "bond", d->file, d->line, error) ||
	    !bond_conf_nm_set(s, f, "connection", "interface-name", d->id, d->file, d->line, error))
		return FALSE;
	for (size_t i = 0; i < bond_conf_np_nparams; i++) {
		const struct np_param *p = &bond_conf_np_params[i];
		const struct np_val *v = np_get(d, p->key);
		g_autofree char *val = NULL;

		if (!v)
			continue;
		switch (p->kind) {
		case NP_INTERVAL:
		case NP_SPAN:
			if (!*v->value || strspn(v->value, "0123456789") != strlen(v->value)) {
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
					    "%s:%d: %s: %s: %s: with renderer NetworkManager netplan "
					    "hands it on as written, and NetworkManager takes a whole "
					    "number of %s: write e.g. %s", v->file, v->line, d->id,
					    p->key, v->value, p->kind == NP_SPAN ? "seconds" :
					    "milliseconds", p->kind == NP_SPAN ? "1" : "100");
				return FALSE;
			}
			val = g_strdup(v->value);
			break;
		case NP_UINT:
			if (!g_ascii_strtoull(v->value, NULL, 10)) {
				if (strcmp(p->key, "min-links"))
					bond_conf_warn(s, v->file, v->line, "%s: netplan writes "
						       "nothing for %s: 0, so NetworkManager's own "
						       "value is used", d->id, p->key);
				continue;
			}
			val = g_strdup_printf("%" G_GUINT64_FORMAT,
					      g_ascii_strtoull(v->value, NULL, 10));
			break;
		case NP_BOOL:
			if (bond_conf_np_bool(v->value) != 1)
				continue;
			val = g_strdup("1");
			break;
		case NP_TARGETS:
			val = g_strdelimit(g_strdup(v->value), " ", ',');
			break;
		default:
			val = g_strdup(v->value);
			break;
		}
		if (!bond_conf_nm_set(s, f, "bond", p->nm_key, val, v->file, v->line, error))
			return FALSE;
		/* netplan's work-around: NetworkManager would reset num_grat_arp otherwise */
		if (!strcmp(p->nm_key, "num_grat_arp") &&
		    !bond_conf_nm_set(s, f, "bond", "num_unsol_na", val, v->file, v->line, error))
			return FALSE;
	}
	if (d->dhcp4 == 1)
		return bond_conf_nm_set(s, f, "ipv4", "method", "auto", d->dhcp4_file, d->dhcp4_line, error);
	for (guint i = 0; i < d->addresses->len; i++) {
		const struct np_val *a = d->addresses->pdata[i];
		g_autofree char *key = g_strdup_printf("address%u", i + 1);

		if ((!i && !bond_conf_nm_set(s, f, "ipv4", "method", "manual", a->file, a->line, error)) ||
		    !bond_conf_nm_set(s, f, "ipv4", key, a->value, a->file, a->line, error))
			return FALSE;
	}
	return TRUE;
}

/* A port's keyfile: type=ethernet, slave-type=bond, master=BOND. */
static gboolean np_render_nm_ethernet(struct bond_conf_set *s, const struct np_def *d,
				      const struct np_def *bond, const struct np_val *at,
				      GError **error)
{
	struct bond_conf_state *st = s->state;
	g_autofree char *name = g_strdup_printf("netplan-%s.nmconnection", d->id);
	g_autofree char *id = g_strdup_printf("netplan-%s", d->id);
	struct nm_file *f;

	if (!bond) {
		bond_conf_warn(s, d->file, d->line, "%s is in no bond; bondsim models bonds only, "
			       "its NetworkManager connection is left out", d->id);
		return TRUE;
	}
	f = bond_conf_nm_add(st, name, at->file, at->line);
	return bond_conf_nm_set(s, f, "connection", "id", id, at->file, at->line, error) &&
	       bond_conf_nm_set(s, f, "connection", "type", "ethernet", at->file, at->line, error) &&
	       bond_conf_nm_set(s, f, "connection", "interface-name", d->id, at->file, at->line, error) &&
	       bond_conf_nm_set(s, f, "connection", "slave-type", "bond", at->file, at->line, error) &&
	       bond_conf_nm_set(s, f, "connection", "master", bond->id, at->file, at->line, error);
}

/* ------------------------------------------------------------------------ */
/* The same ID in several files, merged as netplan merges them.              */

static gint np_cmp_yaml(gconstpointer a, gconstpointer b)
{
	const struct np_def *x = *(const struct np_def *const *)a;
	const struct np_def *y = *(const struct np_def *const *)b;

	return strcmp(x->yaml, y->yaml);
}

static gboolean np_has(const GPtrArray *vals, const char *value)
{
	for (guint i = 0; i < vals->len; i++)
		if (!strcmp(((const struct np_val *)vals->pdata[i])->value, value))
			return TRUE;
	return FALSE;
}

static void np_append(GPtrArray *vals, const struct np_val *v)
{
	struct np_val *c = g_new0(struct np_val, 1);

	c->key = g_strdup(v->key);
	c->value = g_strdup(v->value);
	c->file = v->file;
	c->line = v->line;
	g_ptr_array_add(vals, c);
}

/*
 * @src, read from a file after @dst's in name order, into @dst: a later
 * file's scalar wins (dhcp4, renderer, each bond parameter), its lists are
 * added to the earlier one's (interfaces, addresses).  Checked against
 * netplan 0.106's generator (tests/netplan.sh).
 */
static gboolean np_merge_into(struct np_def *dst, const struct np_def *src, GError **error)
{
	static const char *const type[] = { "an ethernet (ethernets:)", "a bond (bonds:)",
		"a VLAN (vlans:)" };

	if (dst->type != src->type) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: %s is %s here and %s at %s:%d: netplan refuses a "
			    "definition that changes the device's type", src->file, src->line,
			    src->id, type[src->type], type[dst->type], dst->file, dst->line);
		return FALSE;
	}
	if (src->dhcp4 >= 0) {
		dst->dhcp4 = src->dhcp4;
		dst->dhcp4_file = src->dhcp4_file;
		dst->dhcp4_line = src->dhcp4_line;
	}
	if (src->nm >= 0)
		dst->nm = src->nm;
	for (guint i = 0; i < src->interfaces->len; i++)
		if (!np_has(dst->interfaces, ((struct np_val *)src->interfaces->pdata[i])->value))
			np_append(dst->interfaces, src->interfaces->pdata[i]);
	for (guint i = 0; i < src->addresses->len; i++) {
		const struct np_val *a = src->addresses->pdata[i];
		const struct np_val *o = dst->addresses->len ? dst->addresses->pdata[0] : NULL;

		if (o && strcmp(o->value, a->value)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: %s: addresses: a second address (%s, after %s at "
				    "%s:%d; netplan adds a later file's addresses to the "
				    "earlier's): bondsim gives an interface one IPv4 address",
				    a->file, a->line, src->id, a->value, o->value, o->file, o->line);
			return FALSE;
		}
		if (!o)
			np_append(dst->addresses, a);
	}
	for (guint i = 0; i < src->params->len; i++) {
		const struct np_val *v = src->params->pdata[i];
		guint k = 0;

		while (k < dst->params->len &&
		       strcmp(((struct np_val *)dst->params->pdata[k])->key, v->key))
			k++;
		if (k == dst->params->len) {
			np_append(dst->params, v);
		} else {
			struct np_val *o = dst->params->pdata[k];

			g_free(o->value);
			o->value = g_strdup(v->value);
			o->file = v->file;
			o->line = v->line;
		}
	}
	return TRUE;
}

/* Fold every later definition of an ID into its first, in file name order. */
static gboolean np_merge(struct bond_conf_state *st, GError **error)
{
	g_autoptr(GPtrArray) order = g_ptr_array_copy(st->netplan, NULL, NULL);

	g_ptr_array_set_free_func(order, NULL);	/* the copy takes st->netplan's */
	g_ptr_array_sort(order, np_cmp_yaml);	/* stable */
	for (guint i = 0; i < order->len; i++) {
		struct np_def *d = order->pdata[i];

		for (guint j = 0; j < i; j++) {
			struct np_def *first = order->pdata[j];

			if (!first || strcmp(first->id, d->id))
				continue;
			if (!np_merge_into(first, d, error))
				return FALSE;
			order->pdata[i] = NULL;
			g_ptr_array_remove(st->netplan, d);	/* frees it */
			break;
		}
	}
	return TRUE;
}

/*
 * A vlan's checks once every file is read, as netplan's validation makes
 * them ("Error in network definition"): id: and link: given, the link an
 * ethernet or a bond defined somewhere (a VLAN on a VLAN is not modelled),
 * rendered by the same daemon as the VLAN.
 */
static gboolean np_check_vlan(const struct bond_conf_state *st, const struct np_def *d,
			      GError **error)
{
	const struct np_val *link = np_get(d, "link");
	const struct np_def *l = link ? np_find(st, link->value) : NULL;

	if (!np_get(d, "id") || !link) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: %s: missing '%s' property", d->file, d->line, d->id,
			    np_get(d, "id") ? "link" : "id");
		return FALSE;
	}
	if (!l || l->type == NP_VLAN) {
		g_autoptr(GString) have = g_string_new(NULL);

		for (guint j = 0; j < st->netplan->len; j++) {
			const struct np_def *e = st->netplan->pdata[j];

			if (e->type != NP_VLAN)
				g_string_append_printf(have, "%s%s", have->len ? ", " : "", e->id);
		}
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: %s: interface '%s' is not defined%s: link: names an ethernet "
			    "or a bond (defined: %s)", link->file, link->line, d->id, link->value,
			    l ? " as an ethernet or a bond (a VLAN on a VLAN is not modelled)" : "",
			    have->len ? have->str : "none");
		return FALSE;
	}
	if (np_is_nm(st, l) != np_is_nm(st, d)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: %s: it is rendered by %s and its link %s by %s: give a VLAN "
			    "and its link one renderer", link->file, link->line, d->id,
			    np_is_nm(st, d) ? "NetworkManager" : "networkd", l->id,
			    np_is_nm(st, l) ? "NetworkManager" : "networkd");
		return FALSE;
	}
	return TRUE;
}

/*
 * A vlan as netplan writes it for networkd: 10-netplan-ID.netdev (Kind=vlan,
 * [VLAN] Id=), VLAN=ID in its link's .network, its own .network with its
 * address; for NetworkManager: netplan-ID.nmconnection of type vlan.
 */
static gboolean np_render_vlan(struct bond_conf_set *s, const struct np_def *d, GError **error)
{
	struct bond_conf_state *st = s->state;
	const struct np_val *id = np_get(d, "id"), *link = np_get(d, "link");
	g_autofree char *netdev = g_strdup_printf("10-netplan-%s.netdev", d->id);
	g_autofree char *network = g_strdup_printf("10-netplan-%s.network", d->id);
	g_autofree char *lnet = g_strdup_printf("10-netplan-%s.network", link->value);
	struct nd_file *f;

	if (np_is_nm(st, d)) {
		g_autofree char *name = g_strdup_printf("netplan-%s.nmconnection", d->id);
		g_autofree char *cid = g_strdup_printf("netplan-%s", d->id);
		struct nm_file *k = bond_conf_nm_add(st, name, d->file, d->line);

		if (!bond_conf_nm_set(s, k, "connection", "id", cid, d->file, d->line, error) ||
		    !bond_conf_nm_set(s, k, "connection", "type", "vlan", d->file, d->line, error) ||
		    !bond_conf_nm_set(s, k, "connection", "interface-name", d->id, d->file, d->line,
				      error) ||
		    !bond_conf_nm_set(s, k, "vlan", "id", id->value, id->file, id->line, error) ||
		    !bond_conf_nm_set(s, k, "vlan", "parent", link->value, link->file, link->line,
				      error))
			return FALSE;
		if (d->dhcp4 == 1)
			return bond_conf_nm_set(s, k, "ipv4", "method", "auto", d->dhcp4_file,
						d->dhcp4_line, error);
		for (guint i = 0; i < d->addresses->len; i++) {
			const struct np_val *a = d->addresses->pdata[i];

			if (!bond_conf_nm_set(s, k, "ipv4", "method", "manual", a->file, a->line,
					      error) ||
			    !bond_conf_nm_set(s, k, "ipv4", "address1", a->value, a->file, a->line,
					      error))
				return FALSE;
		}
		return TRUE;
	}
	f = bond_conf_networkd_add(st, netdev, d->file, d->line);
	if (!bond_conf_networkd_set(f, "NetDev", "Name", d->id, d->file, d->line, error) ||
	    !bond_conf_networkd_set(f, "NetDev", "Kind", "vlan", d->file, d->line, error) ||
	    !bond_conf_networkd_set(f, "VLAN", "Id", id->value, id->file, id->line, error))
		return FALSE;
	/* the link's .network: its ethernet or bond was rendered before the VLANs */
	f = bond_conf_networkd_find(st, lnet);
	if (!f || !bond_conf_networkd_set(f, "Network", "VLAN", d->id, link->file, link->line,
					  error))
		return f ? FALSE : TRUE;
	f = bond_conf_networkd_add(st, network, d->file, d->line);
	if (!bond_conf_networkd_set(f, "Match", "Name", d->id, d->file, d->line, error))
		return FALSE;
	return np_render_addresses(f, d, error);
}

/* netplan generate's checks across definitions, then its files. */
gboolean bond_conf_netplan_render(struct bond_conf_set *s, GError **error)
{
	struct bond_conf_state *st = s->state;

	if (!np_merge(st, error))
		return FALSE;

	for (guint i = 0; i < st->netplan->len; i++) {
		const struct np_def *d = st->netplan->pdata[i];
		const struct np_val *prim = d->type == NP_BOND ? np_get(d, "primary") : NULL;
		gboolean prim_member = FALSE;

		if (d->type == NP_VLAN && !np_check_vlan(st, d, error))
			return FALSE;
		for (guint k = 0; k < d->interfaces->len; k++) {
			const struct np_val *v = d->interfaces->pdata[k];
			const struct np_def *m = np_find(st, v->value);
			const struct np_val *at = NULL;
			const struct np_def *other = np_bond_of(st, v->value, &at);

			if (!m) {
				g_autoptr(GString) eths = g_string_new(NULL);

				for (guint j = 0; j < st->netplan->len; j++) {
					const struct np_def *e = st->netplan->pdata[j];

					if (e->type == NP_ETHERNET)
						g_string_append_printf(eths, "%s%s",
								       eths->len ? ", " : "", e->id);
				}
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
					    "%s:%d: %s: interface '%s' is not defined: define it "
					    "under ethernets: (ethernets: %s)", v->file, v->line,
					    d->id, v->value, eths->len ? eths->str : "none");
				return FALSE;
			}
			if (m->type == NP_BOND) {
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
					    "%s:%d: %s: %s is a bond; a bond's interfaces are "
					    "ethernets", v->file, v->line, d->id, v->value);
				return FALSE;
			}
			if (other != d) {
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
					    "%s:%d: %s: interface '%s' is already assigned to bond "
					    "%s (at %s:%d)", v->file, v->line, d->id, v->value,
					    other->id, at->file, at->line);
				return FALSE;
			}
			if (np_is_nm(st, m) != np_is_nm(st, d)) {
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
					    "%s:%d: %s: %s is rendered by %s and %s by %s: "
					    "netplan writes files for both daemons, which do not "
					    "share a bond; give a bond and its interfaces one "
					    "renderer", v->file, v->line,
					    d->id, d->id, np_is_nm(st, d) ? "NetworkManager" :
					    "networkd", m->id, np_is_nm(st, m) ? "NetworkManager" :
					    "networkd");
				return FALSE;
			}
			prim_member |= prim && !strcmp(prim->value, v->value);
		}
		if (prim && !np_find(st, prim->value)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
				    "%s:%d: %s: primary %s is not defined: name one of its "
				    "interfaces", prim->file, prim->line, d->id, prim->value);
			return FALSE;
		}
		if (prim && !prim_member)
			bond_conf_warn(s, prim->file, prim->line, "%s: primary %s is not one of its "
				       "interfaces: netplan writes no PrimarySlave=, so there is no "
				       "primary", d->id, prim->value);
	}
	for (guint i = 0; i < st->netplan->len; i++) {
		const struct np_def *d = st->netplan->pdata[i];

		const struct np_val *at = NULL;
		const struct np_def *bond = np_bond_of(st, d->id, &at);
		gboolean ok;

		if (d->type == NP_VLAN)
			continue;	/* after the links' files, which they add to */
		if (np_is_nm(st, d))
			ok = d->type == NP_BOND ? np_render_nm_bond(s, d, error) :
			     np_render_nm_ethernet(s, d, bond, at, error);
		else
			ok = d->type == NP_BOND ? np_render_bond(s, d, error) :
			     np_render_ethernet(s, d, error);
		if (!ok)
			return FALSE;
	}
	for (guint i = 0; i < st->netplan->len; i++) {
		const struct np_def *d = st->netplan->pdata[i];

		if (d->type == NP_VLAN && !np_render_vlan(s, d, error))
			return FALSE;
	}
	return TRUE;
}
