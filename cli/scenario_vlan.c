/*
 * scenario_vlan.c - [host] VLAN devices ("vlan bond0.100 = bond0 100") and
 * the names a host's interfaces answer to.
 *
 * DOC: "vlan NAME = DEVICE VID" is "ip link add link DEVICE name NAME type
 * vlan id VID": a VLAN device on one of the host's NICs or bonds, after
 * the bonds exist and before the addresses ("ip bond0.100 = ...") go on.
 * A VLAN on a VLAN (QinQ, not modelled) and a VLAN on a NIC that a bond
 * takes as its slave are refused, as is a VID outside 1-4094 or one
 * already on that device (the kernel refuses that one too).  A VLAN on a
 * slave the kernel makes, but its frames bypass the bond (vlan_do_receive()
 * runs before the bond's rx handler): no failover, no balancing.
 */
#include <string.h>
#include "loader.h"
#include "bond/bond_config.h"
#include "link/vlan_dev.h"
#include "wire/wire.h"

struct vlan_dev *world_find_vlan(const struct world_host *h, const char *name)
{
	for (guint i = 0; h->vlans && i < h->vlans->len; i++) {
		struct vlan_dev *v = g_ptr_array_index(h->vlans, i);

		if (strcmp(v->dev.name, name) == 0)
			return v;
	}
	return NULL;
}

struct netdev *scn_host_dev(const struct world_host *h, const char *name)
{
	struct bond *b = world_find_bond(h, name);
	struct nic *n = scn_host_nic(h, name);
	struct vlan_dev *v = world_find_vlan(h, name);

	return b ? &b->dev : n ? &n->dev : v ? &v->dev : NULL;
}

const char **scn_host_dev_names(const struct world_host *h, bool vlans)
{
	GPtrArray *names = g_ptr_array_new();

	for (guint k = 0; k < h->nics->len; k++)
		g_ptr_array_add(names, ((struct nic *)g_ptr_array_index(h->nics, k))->dev.name);
	for (guint k = 0; k < h->bonds->len; k++)
		g_ptr_array_add(names, ((struct bond *)g_ptr_array_index(h->bonds, k))->dev.name);
	for (guint k = 0; vlans && h->vlans && k < h->vlans->len; k++)
		g_ptr_array_add(names, ((struct vlan_dev *)g_ptr_array_index(h->vlans, k))->dev.name);
	g_ptr_array_add(names, NULL);
	return (const char **)g_ptr_array_free(names, FALSE);
}

/* A VLAN's name: an interface name, where a '.' is allowed (bond0.100). */
static gboolean vlan_name_ok(struct loader *L, int line, const char *name, GError **error)
{
	char *dotless = g_strdelimit(g_strdup(name), ".", '_');
	gboolean ok = scn_ifname_ok(L, line, dotless, NULL);

	g_free(dotless);
	if (!ok)
		return scn_fail(error, L, line,
				"'%s' is not an interface name (at most 15 characters, no '/', ':' or spaces)",
				name);
	return TRUE;
}

static gboolean one_vlan(struct loader *L, struct world *w, const struct ini_entry *e,
			 const char *name, struct world_host *h, GError **error)
{
	char **words = g_strsplit_set(e->value, " \t", -1);
	const char *real_name = NULL, *vid_text = NULL;
	struct netdev *real;
	struct vlan_dev *v;
	GError *why = NULL;
	uint64_t vid;
	gboolean ok = FALSE;
	guint n = 0;

	for (char **p = words; *p; p++) {
		if (!**p)
			continue;
		if (n == 0)
			real_name = *p;
		else if (n == 1)
			vid_text = *p;
		n++;
	}
	if (n != 2) {
		scn_fail(error, L, e->line,
			 "vlan %s = %s: write the device it is on and its VLAN id, e.g. 'vlan %s = bond0 100' (ip link add link bond0 name %s type vlan id 100)",
			 name, e->value, name, name);
		goto out;
	}
	if (!vlan_name_ok(L, e->line, name, error))
		goto out;
	if (scn_host_dev(h, name)) {
		scn_fail(error, L, e->line, "host %s already has an interface %s", h->name, name);
		goto out;
	}
	if (world_find_vlan(h, real_name)) {
		scn_fail(error, L, e->line,
			 "vlan %s on %s, itself a VLAN: stacked VLANs (QinQ) are not modelled; put it on a NIC or a bond",
			 name, real_name);
		goto out;
	}
	real = scn_host_dev(h, real_name);
	if (!real) {
		const char **names = scn_host_dev_names(h, false);

		scn_fail_choice(error, L, e->line, "device for a VLAN on host", real_name, names);
		g_free(names);
		goto out;
	}
	for (guint p = 0; p < L->enslave->len; p++) {
		const struct pending_slave *ps = &g_array_index(L->enslave, struct pending_slave, p);

		if (&ps->nic->dev == real) {
			scn_fail(error, L, e->line,
				 "vlan %s on %s, a slave of %s: its frames would bypass the bond (no failover, no balancing); put it on %s",
				 name, real_name, ps->bond->dev.name, ps->bond->dev.name);
			goto out;
		}
	}
	if (!scn_parse_uint_range(L, e->line, "VLAN id", vid_text, 1, WIRE_VLAN_VID_MAX, &vid,
				  error))
		goto out;
	v = vlan_dev_new(w->sim, h->name, name, real, (uint16_t)vid, &why);
	if (!v) {
		scn_fail_at(error, L, e->line, why);
		goto out;
	}
	if (!h->vlans)
		h->vlans = g_ptr_array_new();
	g_ptr_array_add(h->vlans, v);
	ok = TRUE;
out:
	g_strfreev(words);
	return ok;
}

/* A VLAN device a configuration file asks for, with errors at its file:line. */
static gboolean conf_vlan(struct world *w, const struct bond_conf_vlan *c, struct world_host *h,
			  GError **error)
{
	struct netdev *real = scn_host_dev(h, c->link);
	struct vlan_dev *v;
	GError *why = NULL;

	if (scn_host_dev(h, c->name)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_DUP,
			    "%s:%d: VLAN %s: host %s already has an interface %s", c->file, c->line,
			    c->name, h->name, c->name);
		return FALSE;
	}
	if (!real || vlan_dev_of(real)) {
		const char **names = scn_host_dev_names(h, false);
		char *all = g_strjoinv(", ", (char **)names);

		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_NOT_FOUND,
			    "%s:%d: VLAN %s is on %s, which is not a NIC or a bond of host %s; valid: %s",
			    c->file, c->line, c->name, c->link, h->name, all);
		g_free(all);
		g_free(names);
		return FALSE;
	}
	v = vlan_dev_new(w->sim, h->name, c->name, real, (uint16_t)c->id, &why);
	if (!v) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID, "%s:%d: VLAN %s: %s",
			    c->file, c->line, c->name, why->message);
		g_error_free(why);
		return FALSE;
	}
	if (!h->vlans)
		h->vlans = g_ptr_array_new();
	g_ptr_array_add(h->vlans, v);
	return TRUE;
}

gboolean scn_conf_vlan_addresses(struct loader *L, const struct bond_conf_set *confs,
				 struct world_host *h, GError **error)
{
	for (guint i = 0; confs && i < confs->vlans->len; i++) {
		const struct bond_conf_vlan *c = g_ptr_array_index(confs->vlans, i);
		struct netdev *dev = scn_host_dev(h, c->name);
		uint32_t ip;
		int prefix;
		char *what;
		gboolean ok;

		if (!c->ipaddr || host_find_if(h->host, c->name))
			continue;
		if (!scn_parse_ipv4_prefix(L, c->line, c->ipaddr, c->prefix, &ip, &prefix, error))
			return FALSE;
		what = g_strdup_printf("%s/%d on %s", c->ipaddr, prefix, c->name);
		ok = scn_check_host_address(L, c->line, what, ip, prefix, error) &&
		     scn_address_free(L, c->line, h, dev, ip, error);
		g_free(what);
		if (!ok)
			return FALSE;
		host_add_if(h->host, dev, ip, prefix);
	}
	return TRUE;
}

gboolean scn_load_host_vlans(struct loader *L, struct world *w, const struct ini_section *s,
			     const struct bond_conf_set *confs, struct world_host *h,
			     GError **error)
{
	for (guint i = 0; confs && i < confs->vlans->len; i++)
		if (!conf_vlan(w, g_ptr_array_index(confs->vlans, i), h, error))
			return FALSE;
	for (guint i = 0; i < s->entries->len; i++) {
		const struct ini_entry *e = g_ptr_array_index(s->entries, i);
		const char *name;

		if (scn_key_is(e->key, "vlan", &name) && !one_vlan(L, w, e, name, h, error))
			return FALSE;
	}
	return TRUE;
}
