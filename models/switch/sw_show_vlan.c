/*
 * sw_show_vlan.c - "show vlan brief" and "show interfaces trunk", and each port's VLANs in JSON.
 *
 * DOC: The two commands an engineer types to see which port is in which
 * VLAN, laid out as a Catalyst prints them.  A VLAN exists once something
 * names it: a port's access VLAN, a trunk's native VLAN or its allowed
 * list when it is not "all", IOS's "vlan N" (which gives it its name; the
 * default name is VLAN0010, as IOS makes it).  "show vlan brief" lists the
 * access ports of each (a port-channel as itself, never its members, as
 * IOS does); "show interfaces trunk" every trunk, its native VLAN, the
 * VLANs it allows, and of those the ones that exist.  Deviations: no
 * spanning tree here, so no "forwarding state and not pruned" section, and
 * no 1002-1005 legacy VLANs.  Both are printed at the end of the report of
 * a switch with some port not access 1, and nowhere else.
 */
#include <string.h>

#include "sw_ifname.h"
#include "sw_priv.h"
#include "wire/wire.h"

/* The VLANs that exist on @sw. */
static void known_vlans(const struct sw *sw, struct sw_vlan_set *known)
{
	struct sw_vlan_set all;

	sw_vlan_set_all(&all);
	memset(known, 0, sizeof(*known));
	sw_vlan_set_add_range(known, SW_VLAN_DEFAULT, SW_VLAN_DEFAULT);
	for (guint i = 0; i < sw->bports->len; i++) {
		const struct sw_bport *bp = g_ptr_array_index(sw->bports, i);
		const struct sw_vlan_port *c = bp->vlan;

		if (!c)
			continue;
		sw_vlan_set_add_range(known, c->pvid, c->pvid);
		if (c->trunk && memcmp(&c->allowed, &all, sizeof(all)) != 0)
			for (guint w = 0; w < SW_VLAN_SET_WORDS; w++)
				known->bits[w] |= c->allowed.bits[w];
	}
	for (guint w = 0; sw->vlan_names && w < SW_VLAN_SET_WORDS; w++)
		for (guint b = 0; b < 64; b++)
			if (sw->vlan_names[w * 64 + b])
				known->bits[w] |= 1ull << b;
}

/* The bridge ports a report names: plain ports and port-channels, not members. */
static bool listed(const struct sw_bport *bp)
{
	return !(bp->port && bp->port->lag);
}

void sw_show_vlan_brief(const struct sw *sw, GString *out)
{
	struct sw_vlan_set known;

	known_vlans(sw, &known);
	g_string_append(out,
			"VLAN Name                             Status    Ports\n"
			"---- -------------------------------- --------- -------------------------------\n");
	for (uint16_t v = 1; v <= WIRE_VLAN_VID_MAX; v++) {
		const char *name = sw->vlan_names ? sw->vlan_names[v] : NULL;
		char dflt[16], ifn[SW_IFNAME_MAX];
		guint n = 0;

		if (!sw_vlan_set_has(&known, v))
			continue;
		g_snprintf(dflt, sizeof(dflt), v == 1 ? "default" : "VLAN%04u", v);
		g_string_append_printf(out, "%-4u %-32.32s %-9s ", v, name ? name : dflt, "active");
		for (guint i = 0; i < sw->bports->len; i++) {
			const struct sw_bport *bp = g_ptr_array_index(sw->bports, i);
			const struct sw_vlan_port *c = bp->vlan;

			if (!listed(bp) || (c && c->trunk) || (c ? c->pvid : SW_VLAN_DEFAULT) != v)
				continue;
			/* four a line, the next ones under the Ports column */
			if (n && n % 4 == 0)
				g_string_append_printf(out, "\n%48s", "");
			g_string_append_printf(out, "%s%s", n % 4 ? ", " : "",
					       sw_ifname_short(bp->name, ifn, sizeof(ifn)));
			n++;
		}
		/* a VLAN with no access port ends at its status, as a terminal shows it */
		while (out->str[out->len - 1] == ' ')
			g_string_truncate(out, out->len - 1);
		g_string_append_c(out, '\n');
	}
}

static bool bport_up(const struct sw_bport *bp)
{
	return bp->lag ? bp->lag->up : sw_port_forwarding(bp->port);
}

void sw_show_interfaces_trunk(const struct sw *sw, GString *out)
{
	static const char *const heads[] = {
		"Vlans allowed on trunk", "Vlans allowed and active in management domain",
	};
	struct sw_vlan_set known;
	char ifn[SW_IFNAME_MAX];

	known_vlans(sw, &known);
	g_string_append(out, "\nPort        Mode             Encapsulation  Status        Native vlan\n");
	for (guint i = 0; i < sw->bports->len; i++) {
		const struct sw_bport *bp = g_ptr_array_index(sw->bports, i);

		if (!listed(bp) || !bp->vlan || !bp->vlan->trunk)
			continue;
		g_string_append_printf(out, "%-11s %-16s %-14s %-13s %u\n",
				       sw_ifname_short(bp->name, ifn, sizeof(ifn)), "on", "802.1q",
				       bport_up(bp) ? "trunking" : "not-trunking", bp->vlan->pvid);
	}
	for (guint h = 0; h < G_N_ELEMENTS(heads); h++) {
		g_string_append_printf(out, "\nPort        %s\n", heads[h]);
		for (guint i = 0; i < sw->bports->len; i++) {
			const struct sw_bport *bp = g_ptr_array_index(sw->bports, i);
			struct sw_vlan_set s;
			g_autofree char *text = NULL;

			if (!listed(bp) || !bp->vlan || !bp->vlan->trunk)
				continue;
			s = bp->vlan->allowed;
			for (guint w = 0; h && w < SW_VLAN_SET_WORDS; w++)
				s.bits[w] &= known.bits[w];
			text = sw_vlan_set_text(&s);
			g_string_append_printf(out, "%-11s %s\n",
					       sw_ifname_short(bp->name, ifn, sizeof(ifn)), text);
		}
	}
}

void sw_vlan_json(const struct sw_bport *bp, struct json *j)
{
	const struct sw_vlan_port *c = sw_bport_vlan(bp);
	g_autofree char *allowed = NULL;

	json_begin_object(j, "vlan");
	json_string(j, "mode", c && c->trunk ? "trunk" : "access");
	if (c && c->trunk) {
		allowed = sw_vlan_set_text(&c->allowed);
		json_int(j, "native", c->pvid);
		json_string(j, "allowed", allowed);
	} else {
		json_int(j, "access", c ? c->pvid : SW_VLAN_DEFAULT);
	}
	json_end_object(j);
}

void sw_vlan_define(struct sw *sw, uint16_t vid, const char *name)
{
	g_assert(vid >= 1 && vid <= WIRE_VLAN_VID_MAX);
	if (!sw->vlan_names)
		sw->vlan_names = g_new0(char *, 64 * SW_VLAN_SET_WORDS);
	g_free(sw->vlan_names[vid]);
	sw->vlan_names[vid] = name ? g_strdup(name)
				   : vid == 1 ? g_strdup("default") : g_strdup_printf("VLAN%04u", vid);
}

void sw_vlan_names_free(struct sw *sw)
{
	for (guint v = 0; sw->vlan_names && v < 64 * SW_VLAN_SET_WORDS; v++)
		g_free(sw->vlan_names[v]);
	g_free(sw->vlan_names);
	sw->vlan_names = NULL;
}
