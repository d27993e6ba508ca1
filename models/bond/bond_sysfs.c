/*
 * bond_sysfs.c - /sys/class/net/BOND/bonding and SLAVE/bonding_slave.
 *
 * DOC: What `cat /sys/class/net/bond0/bonding/FILE` shows on Linux 6.1
 * (drivers/net/bonding/bond_sysfs.c and bond_sysfs_slave.c), read as root:
 * the ad_actor_key, ad_partner_key, ad_partner_mac, ad_actor_sys_prio,
 * ad_actor_system and ad_user_port_key files are empty for a reader without
 * CAP_NET_ADMIN, and monitoring agents usually run as root.
 *
 * The option files come from the option table (bond_opt_sysfs_text()): the
 * table says which options have a file and how each is shown, "802.3ad 4"
 * for named values, "100" for numbers.  The files that show state rather
 * than an option are here:
 *
 *   slaves          "eth0 eth1\n" in enslave order, empty with none
 *   active_slave    curr_active_slave, only in active-backup, tlb, alb
 *   primary         the primary slave while it is enslaved, else empty
 *   mii_status      the bond's carrier: "up" / "down"
 *   queue_id        "eth0:0 eth1:0\n" (queue ids are not modelled)
 *   ad_aggregator, ad_num_ports, ad_actor_key, ad_partner_key
 *                   802.3ad: the active aggregator's, 0 when there is none
 *                   (bond_3ad_get_active_agg_info() fails); empty elsewhere
 *   ad_partner_mac  802.3ad with an active aggregator, else empty
 *
 * and per slave (bonding_slave/): state ("active"/"backup"), mii_status
 * (bond_slave_link_status()), link_failure_count, perm_hwaddr, queue_id,
 * and ad_aggregator_id, ad_actor_oper_port_state, ad_partner_oper_port_state
 * ("N/A" outside 802.3ad or before the port has an aggregator).  Linux 6.1
 * has no sysfs file for a slave's prio (netlink only).
 */
#include <stdio.h>
#include "bond_3ad_priv.h"
#include "link/hdx.h"
#include "link/nic.h"

/* A list of slave names, each followed by @suffix, the last space a newline. */
static void slave_list(const struct bond *bond, const char *suffix, GPtrArray *files,
		       const char *name)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < bond->slaves->len; i++)
		g_string_append_printf(s, "%s%s ", bond_slave(bond, i)->dev->name, suffix);
	if (s->len)
		s->str[s->len - 1] = '\n';
	sysfs_file_add(files, name, "%s", s->str);
	g_string_free(s, TRUE);
}

/* bond_3ad_get_active_agg_info(): the active aggregator, NULL when it fails. */
static const struct lacp_agg *active_agg(const struct bond *bond)
{
	const struct bond_3ad *ad = ad_of(bond);

	return ad && ad->initialized ? ad_active_agg(ad) : NULL;
}

static void show_3ad(const struct bond *bond, GPtrArray *files)
{
	const struct lacp_agg *agg = active_agg(bond);
	char mac[18];

	if (bond->params.mode != BOND_MODE_8023AD) {
		sysfs_file_add(files, "bonding/ad_aggregator", "%s", "");
		sysfs_file_add(files, "bonding/ad_num_ports", "%s", "");
		sysfs_file_add(files, "bonding/ad_actor_key", "%s", "");
		sysfs_file_add(files, "bonding/ad_partner_key", "%s", "");
		sysfs_file_add(files, "bonding/ad_partner_mac", "%s", "");
		return;
	}
	sysfs_file_add(files, "bonding/ad_aggregator", "%d\n", agg ? agg->id : 0);
	sysfs_file_add(files, "bonding/ad_num_ports", "%d\n",
		       agg ? ad_agg_active_ports(ad_of(bond), agg) : 0);
	sysfs_file_add(files, "bonding/ad_actor_key", "%d\n", agg ? agg->actor_oper_key : 0);
	sysfs_file_add(files, "bonding/ad_partner_key", "%d\n", agg ? agg->partner_oper_key : 0);
	sysfs_file_add(files, "bonding/ad_partner_mac", "%s%s",
		       agg ? mac_format(agg->partner_system, mac) : "", agg ? "\n" : "");
}

void bond_sysfs_show(const struct bond *bond, GPtrArray *files)
{
	for (int id = 0; id < BOND_OPT_COUNT; id++) {
		const struct bond_opt_desc *d = bond_opt_get(id);
		char *text = bond_opt_sysfs_text(&bond->params, id);
		char name[64];

		if (!text)
			continue;
		g_snprintf(name, sizeof(name), "bonding/%s", d->name);
		if (id == BOND_OPT_PRIMARY)	/* bond->primary_slave, not the parameter */
			sysfs_file_add(files, name, "%s%s", bond->primary ? bond->primary->dev->name : "",
				       bond->primary ? "\n" : "");
		else
			sysfs_file_add(files, name, "%s", text);
		g_free(text);
	}
	slave_list(bond, "", files, "bonding/slaves");
	slave_list(bond, ":0", files, "bonding/queue_id");
	if (bond_uses_primary(bond) && bond->curr_active)
		sysfs_file_add(files, "bonding/active_slave", "%s\n", bond->curr_active->dev->name);
	else
		sysfs_file_add(files, "bonding/active_slave", "%s", "");
	sysfs_file_add(files, "bonding/mii_status", "%s\n", bond->dev.carrier ? "up" : "down");
	show_3ad(bond, files);
}

void bond_sysfs_slave_show(const struct bond *bond, const struct slave *s, GPtrArray *files)
{
	struct bond_3ad *ad = ad_of(bond);
	const struct ad_port *ap = ad ? ad_port_of(ad, s) : NULL;
	const struct lacp_port *p = ap && ap->lp.agg ? &ap->lp : NULL;
	char mac[18];

	sysfs_file_add(files, "bonding_slave/state", "%s\n", s->backup ? "backup" : "active");
	sysfs_file_add(files, "bonding_slave/mii_status", "%s\n", bond_slave_link_status(s->link));
	sysfs_file_add(files, "bonding_slave/link_failure_count", "%u\n", s->link_failure_count);
	sysfs_file_add(files, "bonding_slave/perm_hwaddr", "%s\n", mac_format(s->perm_hwaddr, mac));
	sysfs_file_add(files, "bonding_slave/queue_id", "0\n");
	if (p) {
		sysfs_file_add(files, "bonding_slave/ad_aggregator_id", "%u\n", p->agg->id);
		sysfs_file_add(files, "bonding_slave/ad_actor_oper_port_state", "%u\n",
			       p->actor_oper_port_state);
		sysfs_file_add(files, "bonding_slave/ad_partner_oper_port_state", "%u\n",
			       p->partner_oper.state);
	} else {
		sysfs_file_add(files, "bonding_slave/ad_aggregator_id", "N/A\n");
		sysfs_file_add(files, "bonding_slave/ad_actor_oper_port_state", "N/A\n");
		sysfs_file_add(files, "bonding_slave/ad_partner_oper_port_state", "N/A\n");
	}
}

void bond_ethtool(const struct bond *bond, int *speed_mbps, const char **duplex)
{
	int speed = 0;

	*duplex = "unknown";
	for (guint i = 0; i < bond->slaves->len; i++) {
		const struct slave *s = bond_slave(bond, i);
		int sp;
		const char *dx;

		if (!bond_slave_can_tx(s))
			continue;
		netdev_ethtool(s->dev, &sp, &dx);
		if (sp != -1)
			speed = bond->params.mode == BOND_MODE_BROADCAST ? MAX(speed, sp) : speed + sp;
		if (g_str_equal(*duplex, "unknown") && !g_str_equal(dx, "unknown"))
			*duplex = dx;
	}
	*speed_mbps = speed ? speed : -1;
}

/*
 * "ethtool bond0": the bond has no PHY; its speed is bond_ethtool()'s (the
 * sum of the slaves that can send, broadcast their fastest), its port
 * "Other", as the bonding driver fills struct ethtool_link_ksettings.
 */
void bond_ethtool_text(const struct bond *bond, GString *out)
{
	int speed;
	const char *duplex;

	bond_ethtool(bond, &speed, &duplex);
	g_string_append_printf(out, "Settings for %s:\n", bond->dev.name);
	ethtool_no_link_modes(out, "");
	if (speed > 0)
		g_string_append_printf(out, "\tSpeed: %dMb/s\n", speed);
	else
		g_string_append(out, "\tSpeed: Unknown!\n");
	if (!strcmp(duplex, "unknown"))
		g_string_append(out, "\tDuplex: Unknown! (255)\n");
	else
		g_string_append_printf(out, "\tDuplex: %s\n", !strcmp(duplex, "full") ? "Full" : "Half");
	g_string_append_printf(out, "\tAuto-negotiation: off\n\tPort: Other\n\tPHYAD: 0\n"
			       "\tTransceiver: internal\n\tLink detected: %s\n",
			       bond->up && bond->dev.carrier ? "yes" : "no");
}

bool bond_error_counters(const struct bond *bond, struct hdx_counters *sum)
{
	bool any = false;

	*sum = (struct hdx_counters){ 0 };
	for (guint i = 0; i < bond->slaves->len; i++) {
		const struct hdx_counters *c = bond_slave(bond, i)->dev->hdx_stats;

		if (!c)
			continue;
		any = true;
		sum->collisions += c->collisions;
		sum->tx_aborted_errors += c->tx_aborted_errors;
		sum->tx_window_errors += c->tx_window_errors;
		sum->rx_crc_errors += c->rx_crc_errors;
	}
	return any;
}
