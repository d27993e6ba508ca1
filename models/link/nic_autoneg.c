/*
 * nic_autoneg.c - a NIC's speed and duplex settings during the run: the
 * cable renegotiating when they change, and what "ethtool DEV" says.
 *
 * DOC: The loader resolves both ends' settings once, before the carrier
 * (cli/scenario_links.c).  A scripted change (ethtool -s on a host, speed
 * or duplex on a switch port) resolves them again from both ends' settings
 * as they are now, within the cable's own top speed, and the cable goes
 * through what real PHYs do: no carrier while they renegotiate
 * (autoneg_relink_time()), then the new speed and duplex, or no link.
 */
#include <string.h>

#include "nic.h"
#include "link.h"

void nic_renegotiate(struct nic *nic, const char *cause)
{
	struct link *l = nic_link(nic);
	struct nic *far, *ends[2];
	struct autoneg_cfg cfg[2];
	struct autoneg_result r;
	char na[2 * NETDEV_NAME_MAX + 2], nb[2 * NETDEV_NAME_MAX + 2], why[512];
	const char *const names[2] = { na, nb };

	if (!l || !(far = nic_of(l->end[1 - nic_link_end(nic)])))
		return;
	ends[nic_link_end(nic)] = nic;
	ends[1 - nic_link_end(nic)] = far;
	for (int i = 0; i < 2; i++)
		cfg[i] = ends[i]->an;
	g_snprintf(na, sizeof(na), "%s.%s", ends[0]->dev.owner_name, ends[0]->dev.name);
	g_snprintf(nb, sizeof(nb), "%s.%s", ends[1]->dev.owner_name, ends[1]->dev.name);
	autoneg_resolve(cfg, l->cable_bps, &r);
	autoneg_explain(cfg, &r, names, why, sizeof(why));
	for (int i = 0; i < 2; i++)
		ends[i]->an_how = r.how[i];
	link_renegotiate(l, &r, why, cause, autoneg_relink_time(&r));
}

/* ---- ethtool DEV ----------------------------------------------------------- */

#define M10 ((uint64_t)10000000)
#define M100 ((uint64_t)100000000)
#define G1 ((uint64_t)1000000000)

/* The twisted-pair modes bondsim runs, in ethtool's bit order. */
static const struct tp_mode {
	uint64_t speed;
	bool full;
	const char *name;
} tp_modes[] = {
	{ M10, false, "10baseT/Half" },	  { M10, true, "10baseT/Full" },
	{ M100, false, "100baseT/Half" }, { M100, true, "100baseT/Full" },
	{ G1, false, "1000baseT/Half" },  { G1, true, "1000baseT/Full" },
};

/* Which of tp_modes a set holds: a bit each. */
typedef unsigned mode_set;

static mode_set supported(uint64_t cable_bps)
{
	mode_set s = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(tp_modes); i++)
		if (tp_modes[i].speed <= cable_bps)
			s |= 1u << i;
	return s;
}

/* What a negotiating end's settings advertise (a forced 1000 negotiates 1000). */
static mode_set advertised(const struct autoneg_cfg *c, uint64_t cable_bps)
{
	mode_set s = 0;

	if (c->forced && c->speed_bps < G1)
		return 0;
	if (c->advertise)	/* AUTONEG_ADV_ bits are tp_modes' order */
		return c->advertise & supported(cable_bps);
	for (size_t i = 0; i < G_N_ELEMENTS(tp_modes); i++) {
		const struct tp_mode *m = &tp_modes[i];

		if (m->speed > cable_bps || (c->speed_bps && c->speed_bps != m->speed))
			continue;
		if (m->full ? c->duplex != AUTONEG_DUPLEX_HALF : c->duplex != AUTONEG_DUPLEX_FULL)
			s |= 1u << i;
	}
	return s;
}

/* "\tLABEL  10baseT/Half 10baseT/Full" and a line per further speed, under the first. */
static void modes_line(GString *out, const char *label, mode_set s)
{
	int width = (int)strlen(label);
	uint64_t speed = 0;

	g_string_append_printf(out, "\t%s", label);
	if (!s) {
		g_string_append(out, "Not reported\n");
		return;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(tp_modes); i++) {
		if (!(s & (1u << i)))
			continue;
		if (speed && tp_modes[i].speed != speed)
			g_string_append_printf(out, "\n\t%*s", width, "");
		else if (speed)
			g_string_append_c(out, ' ');
		g_string_append(out, tp_modes[i].name);
		speed = tp_modes[i].speed;
	}
	g_string_append_c(out, '\n');
}

void nic_ethtool_text(const struct nic *nic, GString *out)
{
	const struct link *l = nic_link(nic);
	uint64_t cable = l ? l->cable_bps : G1;
	bool tp = cable <= G1;
	bool negotiates = tp && !(nic->an.forced && nic->an.speed_bps < G1);
	bool carrier = nic->dev.carrier && nic->dev.speed_bps;
	const struct nic *far = l ? nic_of(l->end[1 - nic_link_end(nic)]) : NULL;

	g_string_append_printf(out, "Settings for %s:\n", nic->dev.name);
	g_string_append_printf(out, "\tSupported ports: [ %s ]\n", tp ? "TP" : "FIBRE");
	modes_line(out, "Supported link modes:   ", tp ? supported(cable) : 0);
	g_string_append(out, "\tSupported pause frame use: No\n");
	g_string_append_printf(out, "\tSupports auto-negotiation: %s\n", tp ? "Yes" : "No");
	g_string_append(out, "\tSupported FEC modes: Not reported\n");
	modes_line(out, "Advertised link modes:  ", negotiates ? advertised(&nic->an, cable) : 0);
	g_string_append(out, "\tAdvertised pause frame use: No\n");
	g_string_append_printf(out, "\tAdvertised auto-negotiation: %s\n", negotiates ? "Yes" : "No");
	g_string_append(out, "\tAdvertised FEC modes: Not reported\n");
	/* What the PHY learnt of its partner: its link code word, or, by
	 * parallel detection, only the technology it heard (half duplex). */
	if (negotiates && carrier && far) {
		bool far_negotiates = !(far->an.forced && far->an.speed_bps < G1);
		mode_set lp = 0;

		if (far_negotiates)
			lp = advertised(&far->an, cable);
		else
			for (size_t i = 0; i < G_N_ELEMENTS(tp_modes); i++)
				if (tp_modes[i].speed == nic->dev.speed_bps && !tp_modes[i].full)
					lp = 1u << i;
		modes_line(out, "Link partner advertised link modes:  ", lp);
		g_string_append(out, "\tLink partner advertised pause frame use: No\n");
		g_string_append_printf(out, "\tLink partner advertised auto-negotiation: %s\n",
				       far_negotiates ? "Yes" : "No");
		g_string_append(out, "\tLink partner advertised FEC modes: Not reported\n");
	}
	if (carrier) {
		g_string_append_printf(out, "\tSpeed: %" G_GUINT64_FORMAT "Mb/s\n",
				       nic->dev.speed_bps / 1000000);
		g_string_append_printf(out, "\tDuplex: %s\n", nic->dev.full_duplex ? "Full" : "Half");
	} else {
		g_string_append(out, "\tSpeed: Unknown!\n\tDuplex: Unknown! (255)\n");
	}
	g_string_append_printf(out, "\tAuto-negotiation: %s\n", negotiates ? "on" : "off");
	g_string_append_printf(out, "\tPort: %s\n", tp ? "Twisted Pair" : "FIBRE");
	g_string_append_printf(out, "\tLink detected: %s\n", nic->dev.carrier ? "yes" : "no");
}
