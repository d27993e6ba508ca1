/*
 * nic_ethtool.c - "ethtool DEV" for a NIC, as ethtool 6.1 prints it over
 * the 6.1 kernel's netlink interface.
 *
 * DOC: bondsim's NICs are whole models of a kind of card, and each block
 * is what that card's driver fills in (its get_link_ksettings, get_wol,
 * get_msglevel), in the order ethtool's nl_gset() asks: link modes, link
 * info, wake-on-LAN, message level, link state.
 *  - Twisted pair (cables up to 1G): an Intel 82574L, driver e1000e (its
 *    "ethtool -r" on a forced NIC is the EINVAL scenario_ethtool.c keeps;
 *    igb's would reset the link).  The PHY runs no 1000baseT/Half; 6.1's
 *    e1000e fills in no pause bits and no link partner modes, so
 *    ethtool prints pause "No" and no partner lines; the
 *    PHY is at address 1 (e1000_init_phy_params_82571()); MDI-X is auto,
 *    its state unknown without carrier; wake-on-LAN as the EEPROM of
 *    most boards sets it (magic packet on); the message level the
 *    driver's default, drv probe link.
 *  - 10G: an Intel X520 port (ixgbe) with an SFP+ direct-attach cable:
 *    ixgbe calls every non-backplane 10G mode 10000baseT/Full, the ports
 *    FIBRE and the port Direct Attach Copper; no autonegotiation, no
 *    wake-on-LAN.
 *  - Other speeds above 1G: no card's output is modelled; the block says
 *    only what bondsim knows (speed, duplex, link).
 */
#include <string.h>

#include "nic.h"
#include "link.h"

#define M10 ((uint64_t)10000000)
#define M100 ((uint64_t)100000000)
#define G1 ((uint64_t)1000000000)
#define G10 ((uint64_t)10000000000)

/* The twisted-pair modes, in ethtool's bit order (1000baseT/Half, bit 4, is not run). */
static const struct tp_mode {
	uint64_t speed;
	const char *name;
	uint32_t bit;			/* AUTONEG_ADV_ */
} tp_modes[] = {
	{ M10, "10baseT/Half", AUTONEG_ADV_10HALF },
	{ M10, "10baseT/Full", AUTONEG_ADV_10FULL },
	{ M100, "100baseT/Half", AUTONEG_ADV_100HALF },
	{ M100, "100baseT/Full", AUTONEG_ADV_100FULL },
	{ G1, "1000baseT/Full", AUTONEG_ADV_1000FULL },
};

static uint32_t supported(uint64_t cable_bps)
{
	uint32_t s = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(tp_modes); i++)
		if (tp_modes[i].speed <= cable_bps)
			s |= tp_modes[i].bit;
	return s;
}

/* What a negotiating end's settings advertise (a forced 1000 negotiates 1000). */
static uint32_t advertised(const struct autoneg_cfg *c, uint64_t cable_bps)
{
	uint32_t s = 0;

	if (c->advertise)
		return c->advertise & supported(cable_bps);
	for (size_t i = 0; i < G_N_ELEMENTS(tp_modes); i++) {
		const struct tp_mode *m = &tp_modes[i];
		bool full = m->bit & (AUTONEG_ADV_10FULL | AUTONEG_ADV_100FULL | AUTONEG_ADV_1000FULL);

		if (m->speed > cable_bps || (c->speed_bps && c->speed_bps != m->speed))
			continue;
		if (full ? c->duplex != AUTONEG_DUPLEX_HALF : c->duplex != AUTONEG_DUPLEX_FULL)
			s |= m->bit;
	}
	return s;
}

/*
 * "\tLABEL  10baseT/Half 10baseT/Full" and a line per further speed under
 * the first: ethtool keeps a mode on the line only after the half-duplex
 * mode of its speed.
 */
static void modes_line(GString *out, const char *label, uint32_t s)
{
	int width = (int)strlen(label);
	uint64_t speed = 0;

	g_string_append_printf(out, "\t%s", label);
	if (!s) {
		g_string_append(out, "Not reported\n");
		return;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(tp_modes); i++) {
		if (!(s & tp_modes[i].bit))
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

static void speed_duplex(const struct nic *nic, GString *out)
{
	if (nic->dev.carrier && nic->dev.speed_bps) {
		g_string_append_printf(out, "\tSpeed: %" G_GUINT64_FORMAT "Mb/s\n",
				       nic->dev.speed_bps / 1000000);
		g_string_append_printf(out, "\tDuplex: %s\n", nic->dev.full_duplex ? "Full" : "Half");
	} else {
		g_string_append(out, "\tSpeed: Unknown!\n\tDuplex: Unknown! (255)\n");
	}
}

/* The message level every Intel driver starts with (DEFAULT_MSG_ENABLE). */
static void msglevel(GString *out)
{
	g_string_append(out, "        Current message level: 0x00000007 (7)\n"
			"                               drv probe link\n");
}

static void e1000e_text(const struct nic *nic, uint64_t cable, GString *out)
{
	bool negotiates = !(nic->an.forced && nic->an.speed_bps < G1);

	g_string_append(out, "\tSupported ports: [ TP ]\n");
	modes_line(out, "Supported link modes:   ", supported(cable));
	g_string_append(out, "\tSupported pause frame use: No\n"
			"\tSupports auto-negotiation: Yes\n"
			"\tSupported FEC modes: Not reported\n");
	modes_line(out, "Advertised link modes:  ", negotiates ? advertised(&nic->an, cable) : 0);
	g_string_append(out, "\tAdvertised pause frame use: No\n");
	g_string_append_printf(out, "\tAdvertised auto-negotiation: %s\n", negotiates ? "Yes" : "No");
	g_string_append(out, "\tAdvertised FEC modes: Not reported\n");
	speed_duplex(nic, out);
	g_string_append_printf(out, "\tAuto-negotiation: %s\n", negotiates ? "on" : "off");
	g_string_append_printf(out, "\tPort: Twisted Pair\n\tPHYAD: 1\n\tTransceiver: internal\n"
			       "\tMDI-X: %s (auto)\n\tSupports Wake-on: pumbg\n\tWake-on: g\n",
			       nic->dev.carrier ? "off" : "Unknown");
	msglevel(out);
}

static void ixgbe_da_text(const struct nic *nic, GString *out)
{
	g_string_append(out, "\tSupported ports: [ FIBRE ]\n"
			"\tSupported link modes:   10000baseT/Full\n"
			"\tSupported pause frame use: Symmetric\n"
			"\tSupports auto-negotiation: No\n"
			"\tSupported FEC modes: Not reported\n"
			"\tAdvertised link modes:  10000baseT/Full\n"
			"\tAdvertised pause frame use: Symmetric\n"
			"\tAdvertised auto-negotiation: No\n"
			"\tAdvertised FEC modes: Not reported\n");
	speed_duplex(nic, out);
	g_string_append(out, "\tAuto-negotiation: off\n\tPort: Direct Attach Copper\n\tPHYAD: 0\n"
			"\tTransceiver: internal\n\tSupports Wake-on: d\n\tWake-on: d\n");
	msglevel(out);
}

void ethtool_no_link_modes(GString *out, const char *ports)
{
	g_string_append_printf(out, "\tSupported ports: [ %s ]\n"
			       "\tSupported link modes:   Not reported\n"
			       "\tSupported pause frame use: No\n"
			       "\tSupports auto-negotiation: No\n"
			       "\tSupported FEC modes: Not reported\n"
			       "\tAdvertised link modes:  Not reported\n"
			       "\tAdvertised pause frame use: No\n"
			       "\tAdvertised auto-negotiation: No\n"
			       "\tAdvertised FEC modes: Not reported\n", ports);
}

/* A card bondsim has no output of: what it knows, nothing more. */
static void other_text(const struct nic *nic, GString *out)
{
	ethtool_no_link_modes(out, "FIBRE");
	speed_duplex(nic, out);
	g_string_append(out, "\tAuto-negotiation: off\n\tPort: FIBRE\n");
}

void nic_ethtool_text(const struct nic *nic, GString *out)
{
	const struct link *l = nic_link(nic);
	uint64_t cable = l ? l->cable_bps : G1;

	g_string_append_printf(out, "Settings for %s:\n", nic->dev.name);
	if (cable <= G1)
		e1000e_text(nic, cable, out);
	else if (cable == G10)
		ixgbe_da_text(nic, out);
	else
		other_text(nic, out);
	g_string_append_printf(out, "\tLink detected: %s\n", nic->dev.carrier ? "yes" : "no");
}
