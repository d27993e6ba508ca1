/*
 * bond_3ad_proc.c - the 802.3ad lines of /proc/net/bonding/<bond>.
 *
 * DOC: bond_info_show_master() and bond_info_show_slave() of Linux 6.1's
 * bond_procfs.c, 802.3ad parts, read as root (CAP_NET_ADMIN: the system
 * and LACPDU details are shown):
 *
 *   802.3ad info
 *   LACP active: on|off
 *   LACP rate: slow|fast
 *   Min links: N
 *   Aggregator selection policy (ad_select): stable|bandwidth|count
 *   System priority: N
 *   System MAC address: xx:xx:xx:xx:xx:xx
 *   Active Aggregator Info:               or "bond X has no active aggregator"
 *   \tAggregator ID: N
 *   \tNumber of ports: N                  its ports whose link is enabled
 *                                          (__agg_active_ports): 1 of 2 after
 *                                          a pull, the pulled port still in it
 *   \tActor Key: N
 *   \tPartner Key: N
 *   \tPartner Mac Address: xx:xx:xx:xx:xx:xx
 *
 * and per slave, after "Slave queue ID", either "Aggregator ID: N/A"
 * alone (no aggregator yet: the bond never ran its machines) or
 *
 *   Aggregator ID: N                      a slave whose link is down keeps
 *                                          the one it had
 *   Actor Churn State: monitoring|none|churned
 *   Partner Churn State: ...
 *   Actor Churned Count: N
 *   Partner Churned Count: N
 *   details actor lacp pdu:
 *       system priority, system mac address, port key, port priority,
 *       port number, port state
 *   details partner lacp pdu:
 *       system priority, system mac address, oper key, port priority,
 *       port number, port state
 *
 * Before the first enslave there is no system yet: the kernel prints its
 * zeroed one (priority 0, MAC 00:00:00:00:00:00, no active aggregator).
 */
#include <stdio.h>

#include "bond_3ad_priv.h"

void ad_proc_master(const struct bond *bond, GString *out)
{
	const struct bond_3ad *ad = ad_of(bond);
	const struct bond_params *p = &bond->params;
	static const uint8_t zero[6];
	const struct lacp_agg *active;
	char mac[18];

	g_string_append(out, "\n802.3ad info\n");
	g_string_append_printf(out, "LACP active: %s\n", p->lacp_active ? "on" : "off");
	g_string_append_printf(out, "LACP rate: %s\n", p->lacp_rate ? "fast" : "slow");
	g_string_append_printf(out, "Min links: %d\n", p->min_links);
	g_string_append_printf(out, "Aggregator selection policy (ad_select): %s\n",
			       bond_opt_value_name("ad_select", p->ad_select));
	if (!ad || !ad->initialized) {
		g_string_append_printf(out, "System priority: 0\nSystem MAC address: %s\n",
				       mac_format(zero, mac));
		g_string_append_printf(out, "bond %s has no active aggregator\n", bond->dev.name);
		return;
	}
	g_string_append_printf(out, "System priority: %u\n", ad->sys.system_priority);
	g_string_append_printf(out, "System MAC address: %s\n", mac_format(ad->sys.system, mac));
	active = ad_active_agg(ad);
	if (!active) {
		g_string_append_printf(out, "bond %s has no active aggregator\n", bond->dev.name);
		return;
	}
	g_string_append(out, "Active Aggregator Info:\n");
	g_string_append_printf(out, "\tAggregator ID: %u\n", active->id);
	g_string_append_printf(out, "\tNumber of ports: %d\n", ad_agg_active_ports(ad, active));
	g_string_append_printf(out, "\tActor Key: %u\n", active->actor_oper_key);
	g_string_append_printf(out, "\tPartner Key: %u\n", active->partner_oper_key);
	g_string_append_printf(out, "\tPartner Mac Address: %s\n",
			       mac_format(active->partner_system, mac));
}

static void show_info(GString *out, const char *key_name, const struct lacp_info *i)
{
	char mac[18];

	g_string_append_printf(out, "    system priority: %u\n", i->system_priority);
	g_string_append_printf(out, "    system mac address: %s\n", mac_format(i->system, mac));
	g_string_append_printf(out, "    %s: %u\n", key_name, i->key);
	g_string_append_printf(out, "    port priority: %u\n", i->port_priority);
	g_string_append_printf(out, "    port number: %u\n", i->port);
	g_string_append_printf(out, "    port state: %u\n", i->state);
}

void ad_proc_slave(const struct bond *bond, const struct slave *s, GString *out)
{
	struct bond_3ad *ad = ad_of(bond);
	const struct ad_port *ap = ad ? ad_port_of(ad, s) : NULL;
	const struct lacp_port *p = ap ? &ap->lp : NULL;
	struct lacp_info actor;

	if (!p || !p->agg) {
		g_string_append(out, "Aggregator ID: N/A\n");
		return;
	}
	g_string_append_printf(out, "Aggregator ID: %u\n", p->agg->id);
	g_string_append_printf(out, "Actor Churn State: %s\n", lacp_churn_name(p->actor_churn));
	g_string_append_printf(out, "Partner Churn State: %s\n",
			       lacp_churn_name(p->partner_churn));
	g_string_append_printf(out, "Actor Churned Count: %" G_GUINT64_FORMAT "\n",
			       (guint64)p->actor_churn_count);
	g_string_append_printf(out, "Partner Churned Count: %" G_GUINT64_FORMAT "\n",
			       (guint64)p->partner_churn_count);
	actor = (struct lacp_info){ ad->sys.system_priority, { 0 }, p->actor_oper_port_key,
				    p->actor_port_priority, p->actor_port_number,
				    p->actor_oper_port_state };
	memcpy(actor.system, ad->sys.system, WIRE_ETH_ALEN);
	g_string_append(out, "details actor lacp pdu:\n");
	show_info(out, "port key", &actor);
	g_string_append(out, "details partner lacp pdu:\n");
	show_info(out, "oper key", &p->partner_oper);
}
