/*
 * sw_show_if.c - "show interfaces status": each port's state, speed and duplex.
 *
 * DOC: Where an engineer looks first at a slow server: IOS prints a
 * negotiated speed and duplex with "a-" (a-full, a-100), a configured one
 * bare (full, 100), and a port with no link its configured settings (auto,
 * or what was set).  A port that negotiated and heard no negotiation from
 * a forced far end shows a-half, and the far end its forced full: the
 * duplex mismatch in two columns.  Laid out as a Catalyst prints it (Port,
 * Name from the description, Status, Vlan, Duplex, Speed, Type), ports
 * first and port-channels after.  bondsim does not know the optics of a
 * fast port, and calls a port faster than 1G by its speed (10GBase).
 * Printed at the end of a switch's report when a port's speed or duplex
 * is configured or a cable's ends came up other than both negotiating
 * freely; "TIME show SW interfaces" types it during a run.
 */
#include <string.h>

#include "link/link.h"
#include "sw_priv.h"

static const char *port_status(const struct sw_port *p)
{
	const struct link *l = nic_link(p->nic);

	if (p->shutdown)
		return "disabled";
	if (p->errdisabled)
		return "err-disabled";
	if (p->suspended || p->orphan_suspended)
		return "suspended";
	return l && link_carrier(l) && !p->phy_down ? "connected" : "notconnect";
}

/* IOS's "a-": the port learnt its speed and duplex by negotiating (or parallel detection). */
static bool negotiated(const struct nic *nic, const struct link *l)
{
	return l->speed_bps <= 1000000000ULL && nic->an_how != AUTONEG_FORCED;
}

/* "a-full", "half": the duplex as IOS's column shows it, link up. */
static const char *duplex_text(const struct nic *nic, bool negotiated)
{
	if (nic->dev.full_duplex)
		return negotiated ? "a-full" : "full";
	return negotiated ? "a-half" : "half";
}

/* "a-1000", "100", "auto": the speed as IOS's column shows it. */
static void speed_text(uint64_t bps, bool negotiated, char *buf, size_t size)
{
	if (!bps)
		g_strlcpy(buf, "auto", size);
	else if (bps >= 10000000000ULL)
		g_snprintf(buf, size, "%s%" G_GUINT64_FORMAT "G", negotiated ? "a-" : "",
			   bps / 1000000000);
	else
		g_snprintf(buf, size, "%s%" G_GUINT64_FORMAT, negotiated ? "a-" : "", bps / 1000000);
}

/* IOS's Vlan column: the access VLAN, or "trunk". */
static void vlan_column(const struct sw_bport *bp, char *buf, size_t size)
{
	const struct sw_vlan_port *c = sw_bport_vlan(bp);

	if (c && c->trunk)
		g_strlcpy(buf, "trunk", size);
	else
		g_snprintf(buf, size, "%u", (unsigned)(c ? c->pvid : SW_VLAN_DEFAULT));
}

static void port_line(const struct sw_port *p, GString *out)
{
	const struct link *l = nic_link(p->nic);
	bool up = l && link_carrier(l);
	char speed[16], type[32], name[19], vlan[8];
	const char *duplex;

	if (up) {
		bool neg = negotiated(p->nic, l);

		speed_text(l->speed_bps, neg, speed, sizeof(speed));
		duplex = duplex_text(p->nic, neg);
	} else {
		speed_text(p->speed_cfg, false, speed, sizeof(speed));
		duplex = p->duplex_cfg == AUTONEG_DUPLEX_FULL ? "full" :
			 p->duplex_cfg == AUTONEG_DUPLEX_HALF ? "half" : "auto";
	}
	if (l && l->speed_bps > 1000000000ULL)
		g_snprintf(type, sizeof(type), "%" G_GUINT64_FORMAT "GBase", l->speed_bps / 1000000000);
	else
		g_strlcpy(type, "10/100/1000BaseTX", sizeof(type));
	g_strlcpy(name, p->description ? p->description : "", sizeof(name));
	vlan_column(&p->own, vlan, sizeof(vlan));
	g_string_append_printf(out, "%-9s %-18s %-12s %-10s %6s %6s %s\n", p->nic->dev.name, name,
			       port_status(p), vlan, duplex, speed, type);
}

static void lag_line(const struct sw_lag *lag, GString *out)
{
	const struct sw_port *any = NULL;
	char name[19], vlan[8];

	for (guint i = 0; i < lag->members->len; i++) {
		const struct sw_port *p = g_ptr_array_index(lag->members, i);

		if (p->bundled && !any)
			any = p;
	}
	g_strlcpy(name, lag->description ? lag->description : "", sizeof(name));
	vlan_column(&lag->bport, vlan, sizeof(vlan));
	if (!any) {
		g_string_append_printf(out, "%-9s %-18s %-12s %-10s %6s %6s\n", lag->name, name,
				       lag->shutdown ? "disabled" : "notconnect", vlan, "auto", "auto");
		return;
	}
	char speed[16];
	const struct link *l = nic_link(any->nic);
	bool neg = negotiated(any->nic, l);

	speed_text(l->speed_bps, neg, speed, sizeof(speed));
	g_string_append_printf(out, "%-9s %-18s %-12s %-10s %6s %6s\n", lag->name, name, "connected",
			       vlan, duplex_text(any->nic, neg), speed);
}

void sw_show_interfaces_status(const struct sw *sw, GString *out)
{
	g_string_append(out, "Port      Name               Status       Vlan       Duplex  Speed Type\n");
	for (guint i = 0; i < sw->ports->len; i++)
		port_line(g_ptr_array_index(sw->ports, i), out);
	for (guint i = 0; i < sw->lags->len; i++)
		lag_line(g_ptr_array_index(sw->lags, i), out);
}

bool sw_speed_duplex_matter(const struct sw *sw)
{
	for (guint i = 0; i < sw->ports->len; i++) {
		const struct sw_port *p = g_ptr_array_index(sw->ports, i);
		const struct link *l = nic_link(p->nic);

		if (p->speed_cfg || p->duplex_cfg != AUTONEG_DUPLEX_ANY || (l && l->negotiation))
			return true;
	}
	return false;
}
