/*
 * bond_config_vlan.c - what every format's VLAN devices share: the VLAN id,
 * the names that carry one, and the record the scenario's host reads.
 *
 * DOC: Each tool names its VLAN its own way (netplan's vlans:, ifcfg's
 * VLAN=yes, networkd's Kind=vlan, ifupdown's bond0.100, a keyfile of type
 * vlan), but they all end in "ip link add link DEV name NAME type vlan id
 * VID".  The checks that do not depend on the tool live here so that the
 * five formats refuse the same things with the same words: a VID outside
 * 1-4094, a name that is no interface name, a name given twice.
 */
#include "bond_config_priv.h"

#include <stdlib.h>
#include <string.h>

#include "wire/wire.h"

gboolean bond_conf_vlan_id(const char *text, unsigned *id)
{
	char *end;
	unsigned long v;

	/* digits only: strtoul would take " 7", "+7" and "-1" */
	if (!text || !g_ascii_isdigit(text[0]))
		return FALSE;
	v = strtoul(text, &end, 10);
	if (*end || v < 1 || v > WIRE_VLAN_VID_MAX)
		return FALSE;
	*id = (unsigned)v;
	return TRUE;
}

/*
 * "DEV.VID": the vlan package's hook and initscripts read a name so (the
 * kernel's own DEV_PLUS_VID naming); the VID may be zero-padded (eth0.0100).
 * The real device is what comes before the last '.', so a name with two
 * dots (a VLAN on a VLAN) gives one that is itself a VLAN, refused later.
 */
gboolean bond_conf_vlan_split(const char *name, char **link, unsigned *id)
{
	const char *dot = strrchr(name, '.');
	unsigned v;

	if (!dot || dot == name || !bond_conf_vlan_id(dot + 1, &v))
		return FALSE;
	*link = g_strndup(name, (gsize)(dot - name));
	*id = v;
	return TRUE;
}

/* "vlanVID" (VLAN_PLUS_VID, padded or not): the VID only, the device is given apart. */
gboolean bond_conf_vlan_number(const char *name, unsigned *id)
{
	return g_str_has_prefix(name, "vlan") && bond_conf_vlan_id(name + 4, id);
}

struct bond_conf_vlan *bond_conf_vlan_record(struct bond_conf_set *s, const char *name,
					     const char *link, unsigned id, const char *ipaddr,
					     int prefix, const char *file, int line,
					     GError **error)
{
	struct bond_conf_vlan *v;

	if (!bond_ifname_valid(name)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: VLAN '%s': not an interface name (at most 15 characters, "
			    "no '/', ':' or spaces)", file, line, name);
		return NULL;
	}
	if (!strcmp(name, link)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: VLAN %s is on itself: its device is a NIC or a bond",
			    file, line, name);
		return NULL;
	}
	v = bond_conf_vlan_add(s, name, link, id, file, line);
	if (!v) {
		for (guint i = 0; i < s->vlans->len; i++) {
			const struct bond_conf_vlan *o = s->vlans->pdata[i];

			if (!strcmp(o->name, name))
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
					    "%s:%d: VLAN %s is defined twice (first at %s:%d)",
					    file, line, name, o->file, o->line);
		}
		return NULL;
	}
	if (ipaddr) {
		v->ipaddr = g_strdup(ipaddr);
		v->prefix = prefix;
	}
	return v;
}

/*
 * Once the bonds have their slaves: a VLAN on a bond's slave is refused,
 * as the scenario's own "vlan" line is.  The kernel makes it, but its
 * frames would bypass the bond (vlan_do_receive() runs before the bond's
 * rx handler; its transmit goes straight out of the slave): no failover,
 * no balancing.  The file means the bond.
 */
gboolean bond_conf_vlans_check(const struct bond_conf_set *s, GError **error)
{
	for (guint i = 0; i < s->vlans->len; i++) {
		const struct bond_conf_vlan *v = s->vlans->pdata[i];

		for (guint k = 0; k < s->bonds->len; k++) {
			const struct bond_conf *b = s->bonds->pdata[k];

			if (!g_ptr_array_find_with_equal_func(b->slaves, v->link, g_str_equal, NULL))
				continue;
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
				    "%s:%d: VLAN %s is on %s, a slave of %s: its frames would "
				    "bypass the bond (no failover, no balancing); put it on %s", v->file, v->line, v->name,
				    v->link, b->name, b->name);
			return FALSE;
		}
	}
	return TRUE;
}
