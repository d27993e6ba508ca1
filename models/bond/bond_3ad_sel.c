/*
 * bond_3ad_sel.c - 802.3ad: keys, the active aggregator, the bond's carrier.
 *
 * DOC: Linux 6.1's ad_update_actor_keys(), ad_agg_selection_test(),
 * ad_agg_selection_logic() and bond_3ad_set_carrier().
 *
 * Keys: user key << 6 | speed code << 1 | full duplex, the speed and duplex
 * counted only while the slave's link is UP.  A change of key sets
 * LACP_Enabled from the duplex bit; a new non-zero speed on a full duplex
 * port restarts its machines (BEGIN); a speed of 0 logs "speed changed to 0
 * on port N" (slave_err), which a physical NIC losing its carrier causes on
 * the NETDEV_CHANGE before the MII monitor has seen anything.
 *
 * The active aggregator, chosen whenever a port selects, a link changes,
 * and when the aggregator selection timer runs out:
 * - candidates are aggregators with a port whose link is enabled
 *   (__agg_active_ports) and a port whose slave has carrier
 *   (agg_device_up); the current one starts as best if it has carrier;
 * - ad_agg_selection_test(): an aggregating one beats an individual one
 *   (a port without full duplex at selection: a link DOWN or half duplex),
 *   one with a partner beats one without, then ad_select decides: count =
 *   more enabled ports, ties by bandwidth; stable and bandwidth = more
 *   bandwidth, where bandwidth is enabled ports x the speed of the port that
 *   joined last (0 when that port's link is not UP); ties keep the
 *   earlier;
 * - stable keeps the current one while it has an enabled port and has a
 *   partner or neither has one, unless its key is 0 and the best's is not;
 * - a new one: "No 802.3ad response from the link partner for any
 *   adapters in the bond" (net_warn_ratelimited) when it is individual,
 *   and the ports of the old one are disabled.  Nothing else is logged at
 *   the default level (the kernel's other lines are netdev_dbg);
 * - the ports of an active aggregator without a partner are force-enabled
 *   (__enable_port: link UP and carrier): the individual fallback, where
 *   one port carries everything.
 * bond_3ad_set_carrier(): carrier while the active aggregator has at least
 * min_links enabled ports; nothing logged.
 *
 * Like the kernel, a host has one net_ratelimit() for all its bonds
 * (every net_*_ratelimited() caller of the machine shares it) and one
 * flag for the pr_err_once() of an unknown speed (netdev.h).
 */
#include <stdarg.h>

#include "bond_3ad_priv.h"

/* net_warn_ratelimited(): the host's net_ratelimit() decides. */
void ad_warn_ratelimited(struct bond_3ad *ad, const char *fmt, ...)
{
	struct bond *bond = ad->bond;
	sim_time_t now = bond->dev.sim->now;
	int suppressed;
	bool ok = netdev_net_ratelimit(&bond->dev, &ad->net_rl, now, &suppressed);
	va_list ap;
	char *msg;

	if (suppressed && bond->log)
		sim_log_printf(bond->log, now, "net_ratelimit: %d callbacks suppressed", suppressed);
	if (!ok || !bond->log)
		return;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	sim_log_printf(bond->log, now, "%s", msg);
	g_free(msg);
}

/* The kernel's enum ad_link_speed_type in Mbit/s (index = code). */
static const uint32_t speed_mbps[] = {
	0, 1, 10, 100, 1000, 2500, 5000, 10000, 14000, 20000, 25000, 40000, 50000, 56000,
	100000, 200000, 400000,
};

/* The call site of __get_link_speed()'s pr_err_once(): its address is the key. */
static const char speed_warning;

/* __get_link_speed(): the speed code, 0 unless the link is UP. */
static uint16_t ad_link_speed(struct bond_3ad *ad, const struct ad_port *ap)
{
	const struct slave *s = ap->slave;
	uint64_t mbps;

	if (s->link != BOND_LINK_UP || !s->dev->carrier)
		return 0;
	mbps = s->dev->speed_bps / 1000000;
	for (uint16_t c = 2; c < G_N_ELEMENTS(speed_mbps); c++)
		if (speed_mbps[c] == mbps)
			return c;
	/* pr_err_once(): once per kernel, so per host, whichever bond */
	if (netdev_once(&ad->bond->dev, &speed_warning, &ad->warned_speed)) {
		if (ad->bond->log)
			sim_log_printf(ad->bond->log, ad->bond->dev.sim->now,
				       "%s: (slave %s): unknown ethtool speed (%" G_GUINT64_FORMAT
				       ") for port %u (set it to 0)", ad->bond->dev.name, s->dev->name,
				       (guint64)mbps, ap->lp.actor_port_number);
	}
	return 0;
}

/* __get_duplex() */
static uint16_t ad_duplex(const struct ad_port *ap)
{
	const struct slave *s = ap->slave;

	return s->link == BOND_LINK_UP && s->dev->carrier && s->dev->full_duplex;
}

void ad_update_actor_keys(struct bond_3ad *ad, struct ad_port *ap, bool reset)
{
	struct lacp_port *p = &ap->lp;
	uint16_t old = p->actor_oper_port_key, speed = 0, ospeed = 0, duplex = 0;

	p->actor_admin_port_key &= (uint16_t)~0x3f;
	if (!reset) {
		speed = ad_link_speed(ad, ap);
		ospeed = (old & 0x3e) >> 1;
		duplex = ad_duplex(ap);
		p->actor_admin_port_key |= (uint16_t)(speed << 1 | duplex);
	}
	p->actor_oper_port_key = p->actor_admin_port_key;
	if (old == p->actor_oper_port_key)
		return;
	/* only a full duplex port takes part in LACP */
	p->lacp_enabled = duplex;
	if (reset)
		return;
	if (!speed)
		bond_log(ad->bond, ap->slave, "speed changed to 0 on port %u", p->actor_port_number);
	else if (duplex && ospeed != speed)
		p->begin = true;	/* a new speed restarts the machines */
}

bool ad_agg_has_partner(const struct lacp_agg *agg)
{
	static const uint8_t zero[WIRE_ETH_ALEN];

	return memcmp(agg->partner_system, zero, WIRE_ETH_ALEN) != 0;
}

int ad_agg_active_ports(const struct bond_3ad *ad, const struct lacp_agg *agg)
{
	int n = 0;

	for (int i = 0; i < LACP_MAX_PORTS; i++)
		if (ad->port[i].slave && ad->port[i].lp.agg == agg && ad->port[i].lp.port_enabled)
			n++;
	return n;
}

/* agg_device_up(): a port of @agg whose slave is running with carrier. */
static bool agg_device_up(const struct bond_3ad *ad, const struct lacp_agg *agg)
{
	for (int i = 0; i < LACP_MAX_PORTS; i++)
		if (ad->port[i].slave && ad->port[i].lp.agg == agg &&
		    bond_slave_is_up(ad->port[i].slave))
			return true;
	return false;
}

/* __get_agg_bandwidth(): Mbit/s, by the speed of aggregator->lag_ports,
 * the port that joined last. */
static uint64_t agg_bandwidth(struct bond_3ad *ad, const struct lacp_agg *agg)
{
	int n = ad_agg_active_ports(ad, agg);
	struct ad_port *head = NULL;

	if (!n)
		return 0;
	for (int i = 0; i < LACP_MAX_PORTS; i++) {
		struct ad_port *ap = &ad->port[i];

		if (ap->slave && ap->lp.agg == agg && (!head || ap->joined > head->joined))
			head = ap;
	}
	return (uint64_t)n * speed_mbps[ad_link_speed(ad, head)];
}

struct lacp_agg *ad_active_agg(const struct bond_3ad *ad)
{
	const struct bond *bond = ad->bond;

	for (guint i = 0; i < bond->slaves->len; i++) {
		const struct ad_port *ap = ad_port_of((struct bond_3ad *)ad, bond_slave(bond, i));
		int k = ad_index(ad, ap);

		if (ad->agg_active[k] && ad->sys.aggs[k].n_ports)
			return (struct lacp_agg *)&ad->sys.aggs[k];
	}
	return NULL;
}

/* ad_agg_selection_test(): is @curr a better active aggregator than @best? */
static struct lacp_agg *selection_test(struct bond_3ad *ad, struct lacp_agg *best,
				       struct lacp_agg *curr)
{
	if (!best)
		return curr;
	if (!curr->individual && best->individual)
		return curr;
	if (curr->individual && !best->individual)
		return best;
	if (ad_agg_has_partner(curr) && !ad_agg_has_partner(best))
		return curr;
	if (!ad_agg_has_partner(curr) && ad_agg_has_partner(best))
		return best;
	switch (ad->bond->params.ad_select) {
	case BOND_OPT_AD_COUNT:
		if (ad_agg_active_ports(ad, curr) > ad_agg_active_ports(ad, best))
			return curr;
		if (ad_agg_active_ports(ad, curr) < ad_agg_active_ports(ad, best))
			return best;
		/* fall through */
	default:	/* stable, bandwidth */
		if (agg_bandwidth(ad, curr) > agg_bandwidth(ad, best))
			return curr;
		return best;
	}
}

static void set_active(struct bond_3ad *ad, const struct lacp_agg *agg)
{
	ad->agg_active[ad_agg_index(ad, agg)] = true;
}

void ad_agg_selection_logic(struct bond_3ad *ad)
{
	struct bond *bond = ad->bond;
	struct lacp_agg *active = ad_active_agg(ad), *best;

	best = active && agg_device_up(ad, active) ? active : NULL;
	for (guint i = 0; i < bond->slaves->len; i++) {
		int k = ad_index(ad, ad_port_of(ad, bond_slave(bond, i)));
		struct lacp_agg *agg = &ad->sys.aggs[k];

		ad->agg_active[k] = false;
		if (agg->n_ports && ad_agg_active_ports(ad, agg) && agg_device_up(ad, agg))
			best = selection_test(ad, best, agg);
	}
	if (best && bond->params.ad_select == BOND_OPT_AD_STABLE && active &&
	    ad_agg_active_ports(ad, active) &&
	    (ad_agg_has_partner(active) || !ad_agg_has_partner(best)) &&
	    !(!active->actor_oper_key && best->actor_oper_key)) {
		/* stable: the old one stays while it still works */
		best = NULL;
		set_active(ad, active);
	}
	if (best && best == active) {
		best = NULL;
		set_active(ad, active);
	}
	if (best) {
		if (best->individual)
			ad_warn_ratelimited(ad, "%s: Warning: No 802.3ad response from the link partner for any adapters in the bond",
					    bond->dev.name);
		set_active(ad, best);
		/* disable the ports of the former active aggregator */
		for (int i = 0; active && i < LACP_MAX_PORTS; i++)
			if (ad->port[i].slave && ad->port[i].lp.agg == active)
				ad_disable_port(ad, &ad->port[i], "aggregator inactive");
	}
	/* an active aggregator without a partner: its ports carry the traffic */
	active = ad_active_agg(ad);
	for (int i = 0; active && !ad_agg_has_partner(active) && i < LACP_MAX_PORTS; i++)
		if (ad->port[i].slave && ad->port[i].lp.agg == active)
			ad_enable_port(ad, &ad->port[i], "no partner");
	bond_update_slave_arr(bond);
	ad_set_carrier(bond);
}

bool ad_set_carrier(struct bond *bond)
{
	struct bond_3ad *ad = ad_of(bond);
	struct lacp_agg *active;

	if (!bond->slaves->len || !ad)
		return false;
	active = ad_active_agg(ad);
	if (active)
		netdev_set_carrier(&bond->dev,
				   ad_agg_active_ports(ad, active) >= bond->params.min_links);
	else
		netdev_set_carrier(&bond->dev, false);
	return true;
}
