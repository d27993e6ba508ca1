/*
 * nic_autoneg.c - a NIC's speed and duplex settings during the run: the
 * cable renegotiating when they change.
 *
 * DOC: The loader resolves both ends' settings once, before the carrier
 * (cli/scenario_links.c).  A scripted change (ethtool -s on a host, speed
 * or duplex on a switch port) resolves them again from both ends' settings
 * as they are now, within the cable's own top speed, and the cable goes
 * through what real PHYs do: no carrier while they renegotiate
 * (autoneg_relink_time()), then the new speed and duplex, or no link.
 * What "ethtool DEV" prints is nic_ethtool.c's.
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
