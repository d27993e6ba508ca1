/*
 * bond_config_networkd_vlan.c - the VLANs systemd-networkd's files make.
 *
 * DOC: a .netdev with [NetDev] Kind=vlan and [VLAN] Id= describes a VLAN
 * device, but networkd creates it only as a device stacked on a link: when
 * the .network file that configures some link (a NIC or a bond) lists it
 * with [Network] VLAN=NAME (netdev_join() from link_configure()).  So a
 * Kind=vlan .netdev that no such line names is not created, and said; a
 * VLAN= naming no Kind=vlan .netdev is ignored by networkd, and said.  The
 * VLAN's own .network ([Match] Name=bond0.100) gives its Address=, read
 * with the other links' (bond_config_networkd_boot.c, nd_network()).
 *
 * networkd takes Id=0-4094; bondsim 1-4094 (0 is a priority tag, not
 * modelled), and refuses a missing Id= (networkd ignores the .netdev,
 * "VLAN without valid Id"), which would leave the host without its VLAN.
 * GVRP=, MVRP=, LooseBinding=, ReorderHeader= and the QoS maps are warned
 * about; Protocol=802.1ad (a QinQ service tag) is refused.
 */
#include "bond_config_priv.h"
#include "bond_config_networkd_priv.h"

#include <string.h>

struct bond_conf_vlan *nd_vlan_of(struct bond_conf_set *s, const char *dev)
{
	for (guint i = 0; i < s->vlans->len; i++) {
		struct bond_conf_vlan *v = s->vlans->pdata[i];

		if (!strcmp(v->name, dev))
			return v;
	}
	return NULL;
}

/* [VLAN] of a Kind=vlan .netdev: its Id, the rest said or refused. */
static gboolean nd_vlan_section(struct bond_conf_set *s, const struct nd_file *f,
				const struct keyfile_entry *name, unsigned *id, GError **error)
{
	static const char *const unmodelled[] = { "GVRP", "MVRP", "LooseBinding", "ReorderHeader",
		"EgressQOSMaps", "IngressQOSMaps", NULL };
	const struct keyfile_entry *ide = nd_get(f, "VLAN", "Id");
	const struct keyfile_entry *proto = nd_get(f, "VLAN", "Protocol");

	if (!ide || !bond_conf_vlan_id(ide->value, id)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: %s: Kind=vlan needs [VLAN] Id=, " BOND_CONF_VLAN_IDS "%s%s%s "
			    "(networkd ignores a VLAN without one; 0 is a priority tag, not "
			    "modelled)", KF_AT(f, ide ? ide : name), f->name, ide ? ", not '" : "",
			    ide ? ide->value : "", ide ? "'" : "");
		return FALSE;
	}
	if (proto && g_ascii_strcasecmp(proto->value, "802.1q")) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: %s: Protocol=%s: bondsim's VLANs tag 802.1Q only (QinQ's "
			    "802.1ad service tag is not modelled): write Protocol=802.1q or "
			    "nothing", KF_AT(f, proto), f->name, proto->value);
		return FALSE;
	}
	for (guint i = 0; i < f->entries->len; i++) {
		const struct keyfile_entry *e = f->entries->pdata[i];

		if (!strcmp(e->section, "VLAN") && strcmp(e->key, "Id") &&
		    strcmp(e->key, "Protocol"))
			bond_conf_warn(s, KF_AT(f, e), "%s: [VLAN] %s=%s is not modelled%s; ignored",
				       f->name, e->key, e->value,
				       g_strv_contains(unmodelled, e->key) ? "" :
				       " (nor a key networkd knows)");
		else if (strcmp(e->section, "VLAN") && strcmp(e->section, "NetDev"))
			bond_conf_warn(s, KF_AT(f, e), "%s: section [%s] belongs to another Kind= "
				       "than vlan; networkd ignores it in a VLAN's .netdev", f->name,
				       e->section);
	}
	return TRUE;
}

/* The first link (in name order) whose .network lists VLAN=@name, and that line. */
static const struct nd_link *nd_vlan_link(GPtrArray *links, const char *name,
					  const struct keyfile_entry **at)
{
	for (guint i = 0; i < links->len; i++) {
		const struct nd_link *l = links->pdata[i];
		g_autoptr(GPtrArray) v = nd_list(l->f, "Network", "VLAN");

		for (guint k = 0; k < v->len; k++) {
			const struct keyfile_entry *e = v->pdata[k];

			if (!strcmp(e->value, name)) {
				*at = e;
				return l;
			}
		}
	}
	return NULL;
}

/* A Kind=vlan .netdev named @name, or NULL. */
static const struct nd_file *nd_vlan_netdev(GPtrArray *files, const char *name)
{
	for (guint i = 0; i < files->len; i++) {
		const struct nd_file *f = files->pdata[i];
		const struct keyfile_entry *k = f->netdev ? nd_kind(f) : NULL;
		const struct keyfile_entry *n = nd_get(f, "NetDev", "Name");

		if (k && !strcmp(k->value, "vlan") && n && !strcmp(n->value, name))
			return f;
	}
	return NULL;
}

/* Each VLAN= of a .network that configures a link, which names no Kind=vlan .netdev. */
static void nd_vlan_keys_unmade(struct bond_conf_set *s, GPtrArray *files, GPtrArray *links)
{
	g_autoptr(GHashTable) said = g_hash_table_new(g_direct_hash, g_direct_equal);

	for (guint i = 0; i < links->len; i++) {
		const struct nd_link *l = links->pdata[i];
		g_autoptr(GPtrArray) v = nd_list(l->f, "Network", "VLAN");

		for (guint k = 0; k < v->len; k++) {
			const struct keyfile_entry *e = v->pdata[k];

			if (nd_vlan_netdev(files, e->value) || !g_hash_table_add(said, (gpointer)e))
				continue;
			bond_conf_warn(s, KF_AT(l->f, e), "%s: [Network] VLAN=%s: no .netdev of "
				       "Kind=vlan is named %s; networkd ignores the line, and %s is "
				       "not made", l->f->name, e->value, e->value, e->value);
		}
	}
}

gboolean nd_vlans(struct bond_conf_set *s, GPtrArray *files, GPtrArray *links, GError **error)
{
	for (guint i = 0; i < files->len; i++) {
		const struct nd_file *f = files->pdata[i];
		const struct keyfile_entry *kind = f->netdev ? nd_kind(f) : NULL;
		const struct keyfile_entry *name = nd_get(f, "NetDev", "Name");
		const struct keyfile_entry *at = NULL;
		const struct nd_link *l;
		unsigned id = 0;

		if (!kind || strcmp(kind->value, "vlan"))
			continue;
		if (!name || !*name->value) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
				    "%s:%d: %s: Kind=vlan needs [NetDev] Name=, e.g. Name=bond0.100",
				    KF_AT(f, kind), f->name);
			return FALSE;
		}
		if (!nd_vlan_section(s, f, name, &id, error))
			return FALSE;
		l = nd_vlan_link(links, name->value, &at);
		if (!l) {
			bond_conf_warn(s, KF_AT(f, name), "%s: VLAN %s is not created: networkd makes "
				       "it only on a link whose .network names it (add VLAN=%s to the "
				       "[Network] of its device's .network)", f->name, name->value,
				       name->value);
			continue;
		}
		if (!bond_conf_vlan_record(s, name->value, l->dev, id, NULL, 0, KF_AT(f, name),
					   error))
			return FALSE;
	}
	nd_vlan_keys_unmade(s, files, links);
	return TRUE;
}
