/*
 * bond_3ad.c - mode 802.3ad: the bond as one LACP system over its slaves.
 *
 * DOC: The kernel's bond_3ad.c glue, on the 802.1AX machines of lacp/.
 * A bond in 802.3ad owns one struct lacp_system (actor system ad_actor_system
 * or the bond's MAC, priority ad_actor_sys_prio) and one lacp_port per slave,
 * port number slave id + 1, key from the slave's speed and duplex
 * (ad_update_actor_keys), Timeout set by lacp_rate=fast.  Every 100 ms
 * (bond_3ad_state_machine_handler) each port runs its machines in enslave
 * order; LACPDUs and Markers (0x8809) are taken off the slave by the mode's
 * recv_probe (bond_3ad_lacpdu_recv) and never reach the host, and LACPDUs
 * leave on the slave itself, not through the bond's xmit.
 *
 * A slave transmits only while its port is collecting and distributing in
 * the active aggregator: the mux's Enable/Disable_Collecting_Distributing
 * set its active/inactive flags (__enable_port/__disable_port) and rebuild
 * usable_slaves, and slave_usable keeps only ports of the active aggregator
 * (bond_update_slave_arr()).  xmit is bond_3ad_xor_xmit(), as balance-xor.
 *
 * The active aggregator (ad_agg_selection_logic(), ad_select=stable): the
 * current one is kept while it still has an enabled port; otherwise the
 * best candidate wins: aggregating before individual, a partner before
 * none, then more bandwidth (ports x speed), then the lowest id.
 */
#include <string.h>

#include "bond.h"
#include "lacp/lacp.h"

struct bond_3ad {
	struct bond *bond;
	struct lacp_system sys;
	struct lacp_port ports[LACP_MAX_PORTS];	/* index = slave id */
	bool distributing[LACP_MAX_PORTS];	/* Enable_Collecting_Distributing */
	const struct lacp_agg *active;		/* the active aggregator, NULL if none */
	/* bond_3ad_set_port_hook(): told of every Enable/Disable_Collecting_Distributing */
	void (*port_hook)(void *arg, struct bond *bond, struct slave *s, bool on, const char *why);
	void *port_hook_arg;
};

static struct bond_3ad *ad_of(const struct bond *bond)
{
	return bond->mode_priv;
}

static int ad_port_index(const struct bond_3ad *ad, const struct lacp_port *p)
{
	return (int)(p - ad->ports);
}

static struct slave *ad_port_slave(struct bond_3ad *ad, const struct lacp_port *p)
{
	return bond_slave(ad->bond, (guint)ad_port_index(ad, p));
}

static uint16_t ad_slave_key(const struct bond *bond, const struct slave *s)
{
	const struct netdev *d = s->dev;
	uint64_t mbps = d->carrier ? d->speed_bps / 1000000 : 0;

	return lacp_port_key((uint16_t)bond->params.ad_user_port_key, mbps,
			     d->carrier && d->full_duplex);
}

static void ad_send(void *owner, struct lacp_port *p, struct frame *f)
{
	struct bond_3ad *ad = owner;

	netdev_xmit(ad_port_slave(ad, p)->dev, f);
}

static void ad_attach(void *owner, struct lacp_port *p, struct lacp_agg *agg)
{
	(void)owner;
	(void)p;
	(void)agg;
}

/* Why a port stops (or starts) collecting and distributing, for the report hook. */
static const char *ad_cd_why(const struct slave *s, const struct lacp_port *p, bool on)
{
	if (on)
		return "selected";
	if (!p->port_enabled || !bond_slave_is_up(s))
		return "carrier";
	if (p->rxm == LACP_RXM_EXPIRED || p->rxm == LACP_RXM_DEFAULTED)
		return "lacp timeout";
	if (!(p->partner_oper.state & LACP_STATE_SYNCHRONIZATION))
		return "partner out of sync";
	return "unselected";
}

/* __enable_port() / __disable_port() */
static void ad_collecting_distributing(void *owner, struct lacp_port *p, bool on)
{
	struct bond_3ad *ad = owner;
	struct slave *s = ad_port_slave(ad, p);

	ad->distributing[ad_port_index(ad, p)] = on;
	if (on)
		bond_set_slave_active_flags(s);
	else
		bond_set_slave_inactive_flags(s);
	bond_update_slave_arr(ad->bond);
	if (ad->port_hook)
		ad->port_hook(ad->port_hook_arg, ad->bond, s, on, ad_cd_why(s, p, on));
}

static bool ad_agg_active(void *owner, const struct lacp_agg *agg)
{
	const struct bond_3ad *ad = owner;

	return ad->active == agg;
}

static const struct lacp_ops ad_lacp_ops = {
	.send = ad_send,
	.attach = ad_attach,
	.detach = ad_attach,
	.collecting_distributing = ad_collecting_distributing,
	.agg_active = ad_agg_active,
};

/* An aggregator some enabled port has chosen: a candidate, with its bandwidth. */
static bool ad_agg_candidate(const struct bond_3ad *ad, const struct lacp_agg *agg,
			     uint64_t *bandwidth)
{
	bool any = false;

	*bandwidth = 0;
	if (!agg->n_ports)
		return false;
	for (int i = 0; i < ad->sys.n_ports; i++) {
		const struct lacp_port *p = &ad->ports[i];

		if (p->agg != agg || !p->port_enabled)
			continue;
		any = true;
		*bandwidth += bond_slave(ad->bond, (guint)i)->dev->speed_bps;
	}
	return any;
}

static bool ad_agg_has_partner(const struct lacp_agg *agg)
{
	static const uint8_t zero[WIRE_ETH_ALEN];

	return memcmp(agg->partner_system, zero, WIRE_ETH_ALEN) != 0;
}

/* ad_agg_selection_logic() with ad_select=stable */
static void ad_agg_select(struct bond_3ad *ad)
{
	const struct lacp_agg *best = NULL;
	uint64_t best_bw = 0, bw;

	for (int i = 0; i < LACP_MAX_PORTS; i++) {
		const struct lacp_agg *a = &ad->sys.aggs[i];

		if (!ad_agg_candidate(ad, a, &bw))
			continue;
		if (best) {
			if (a->individual != best->individual) {
				if (a->individual)
					continue;
			} else if (ad_agg_has_partner(a) != ad_agg_has_partner(best)) {
				if (!ad_agg_has_partner(a))
					continue;
			} else if (bw <= best_bw) {
				continue;
			}
		}
		best = a;
		best_bw = bw;
	}
	if (ad->active && ad_agg_candidate(ad, ad->active, &bw) &&
	    (ad_agg_has_partner(ad->active) || !best || !ad_agg_has_partner(best)))
		return;
	if (ad->active != best) {
		ad->active = best;
		bond_update_slave_arr(ad->bond);
	}
}

static struct bond_3ad *ad_get(struct bond *bond)
{
	struct bond_3ad *ad = bond->mode_priv;
	static const uint8_t zero[6];
	const uint8_t *sysmac;

	if (ad)
		return ad;
	ad = g_new0(struct bond_3ad, 1);
	ad->bond = bond;
	sysmac = memcmp(bond->params.ad_actor_system, zero, 6) ? bond->params.ad_actor_system
								: bond->dev.mac;
	lacp_system_init(&ad->sys, &bond->dev.sim->pool, &ad_lacp_ops, ad, sysmac);
	ad->sys.system_priority = (uint16_t)bond->params.ad_actor_sys_prio;
	bond->mode_priv = ad;
	return ad;
}

/* bond_3ad_bind_slave() */
static void ad_slave_attach(struct bond *bond, struct slave *s)
{
	struct bond_3ad *ad = ad_get(bond);
	struct lacp_port *p;

	g_assert(s->id < LACP_MAX_PORTS && s->id == ad->sys.n_ports);
	bond_set_slave_inactive_flags(s);
	p = &ad->ports[s->id];
	lacp_port_add(&ad->sys, p, (uint16_t)(s->id + 1), s->perm_hwaddr, ad_slave_key(bond, s),
		      bond->params.lacp_rate == 1);
	if (!bond->params.lacp_active) {
		p->actor_admin_port_state &= (uint8_t)~LACP_STATE_ACTIVITY;
		p->actor_oper_port_state = p->actor_admin_port_state;
	}
	p->port_enabled = s->link == BOND_LINK_UP;
}

static void ad_slave_detach(struct bond *bond, struct slave *s)
{
	struct bond_3ad *ad = ad_of(bond);

	if (!ad)
		return;
	ad->ports[s->id].port_enabled = false;
	ad->distributing[s->id] = false;
}

/* bond_3ad_handle_link_change() */
static void ad_link_change(struct bond *bond, struct slave *s)
{
	struct bond_3ad *ad = ad_get(bond);
	struct lacp_port *p = &ad->ports[s->id];
	uint16_t key = ad_slave_key(bond, s);
	bool up = s->link == BOND_LINK_UP;

	p->port_enabled = up;
	p->lacp_enabled = !up || s->dev->full_duplex;
	if (key != p->actor_oper_port_key) {
		p->actor_admin_port_key = key;
		p->actor_oper_port_key = key;
		if (up)
			p->begin = true;
	}
	bond_update_slave_arr(bond);
}

static void ad_open(struct bond *bond)
{
	ad_get(bond);
}

/* bond_3ad_state_machine_handler() */
static void ad_periodic(struct bond *bond)
{
	struct bond_3ad *ad = ad_get(bond);

	for (int i = 0; i < ad->sys.n_ports; i++) {
		lacp_port_tick(&ad->ports[i]);
		ad_agg_select(ad);
	}
}

/* bond_3ad_lacpdu_recv() */
static enum rx_verdict ad_recv_probe(struct bond *bond, struct slave *s, struct frame *f,
				     const struct rx_ctx *ctx)
{
	struct bond_3ad *ad = ad_get(bond);

	if (ctx->ethertype != WIRE_ETH_P_SLOW)
		return RX_PASS;
	lacp_rx_frame(&ad->ports[s->id], f->data, f->hdr_len);
	ad_agg_select(ad);
	frame_unref(f);
	return RX_CONSUMED;
}

static bool ad_slave_usable(const struct bond *bond, const struct slave *s)
{
	const struct bond_3ad *ad = ad_of(bond);

	return ad && ad->distributing[s->id] && ad->ports[s->id].agg &&
	       ad->ports[s->id].agg == ad->active;
}

/* bond_3ad_xor_xmit() */
static void ad_xmit(struct bond *bond, struct frame *f)
{
	if (bond->usable_count)
		bond_slave_xmit(bond, bond->usable[bond_frame_hash(bond, f) % bond->usable_count],
				f);
	else
		bond_tx_drop(bond, f);
}

static const char *ad_mac(const uint8_t *m, char buf[18])
{
	g_snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

/* bond_info_show_master()'s 802.3ad block */
static void ad_proc_master(const struct bond *bond, GString *out)
{
	const struct bond_3ad *ad = ad_of(bond);
	const struct bond_params *p = &bond->params;
	char mac[18];

	g_string_append(out, "\n802.3ad info\n");
	g_string_append_printf(out, "LACP active: %s\n", p->lacp_active ? "on" : "off");
	g_string_append_printf(out, "LACP rate: %s\n", p->lacp_rate ? "fast" : "slow");
	g_string_append_printf(out, "Min links: %d\n", p->min_links);
	g_string_append_printf(out, "Aggregator selection policy (ad_select): %s\n",
			       bond_opt_value_name("ad_select", p->ad_select));
	if (!ad)
		return;
	g_string_append_printf(out, "System priority: %u\n", ad->sys.system_priority);
	g_string_append_printf(out, "System MAC address: %s\n", ad_mac(ad->sys.system, mac));
	if (!ad->active) {
		g_string_append_printf(out, "bond %s has no active aggregator\n", bond->dev.name);
		return;
	}
	g_string_append(out, "Active Aggregator Info:\n");
	g_string_append_printf(out, "\tAggregator ID: %u\n", ad->active->id);
	g_string_append_printf(out, "\tNumber of ports: %d\n", ad->active->n_ports);
	g_string_append_printf(out, "\tActor Key: %u\n", ad->active->actor_oper_key);
	g_string_append_printf(out, "\tPartner Key: %u\n", ad->active->partner_oper_key);
	g_string_append_printf(out, "\tPartner Mac Address: %s\n",
			       ad_mac(ad->active->partner_system, mac));
}

/* bond_info_show_slave()'s 802.3ad lines */
static void ad_proc_slave(const struct bond *bond, const struct slave *s, GString *out)
{
	const struct bond_3ad *ad = ad_of(bond);
	const struct lacp_port *p;
	char mac[18];

	if (!ad)
		return;
	p = &ad->ports[s->id];
	if (p->agg)
		g_string_append_printf(out, "Aggregator ID: %u\n", p->agg->id);
	else
		g_string_append(out, "Aggregator ID: N/A\n");
	g_string_append_printf(out, "Actor Churn State: %s\n", lacp_churn_name(p->actor_churn));
	g_string_append_printf(out, "Partner Churn State: %s\n",
			       lacp_churn_name(p->partner_churn));
	g_string_append_printf(out, "Actor Churned Count: %" G_GUINT64_FORMAT "\n",
			       (guint64)p->actor_churn_count);
	g_string_append_printf(out, "Partner Churned Count: %" G_GUINT64_FORMAT "\n",
			       (guint64)p->partner_churn_count);
	g_string_append(out, "details actor lacp pdu:\n");
	g_string_append_printf(out, "    system priority: %u\n", ad->sys.system_priority);
	g_string_append_printf(out, "    system mac address: %s\n", ad_mac(ad->sys.system, mac));
	g_string_append_printf(out, "    port key: %u\n", p->actor_oper_port_key);
	g_string_append_printf(out, "    port priority: %u\n", p->actor_port_priority);
	g_string_append_printf(out, "    port number: %u\n", p->actor_port_number);
	g_string_append_printf(out, "    port state: %u\n", p->actor_oper_port_state);
	g_string_append(out, "details partner lacp pdu:\n");
	g_string_append_printf(out, "    system priority: %u\n", p->partner_oper.system_priority);
	g_string_append_printf(out, "    system mac address: %s\n",
			       ad_mac(p->partner_oper.system, mac));
	g_string_append_printf(out, "    oper key: %u\n", p->partner_oper.key);
	g_string_append_printf(out, "    port priority: %u\n", p->partner_oper.port_priority);
	g_string_append_printf(out, "    port number: %u\n", p->partner_oper.port);
	g_string_append_printf(out, "    port state: %u\n", p->partner_oper.state);
}

const struct lacp_port *bond_3ad_port(const struct bond *bond, const struct slave *s)
{
	const struct bond_3ad *ad = bond->ops == &bond_3ad_ops ? ad_of(bond) : NULL;

	return ad ? &ad->ports[s->id] : NULL;
}

void bond_3ad_set_port_hook(struct bond *bond,
			    void (*fn)(void *arg, struct bond *bond, struct slave *s, bool on,
				       const char *why),
			    void *arg)
{
	struct bond_3ad *ad;

	g_assert(bond->ops == &bond_3ad_ops);
	ad = ad_get(bond);
	ad->port_hook = fn;
	ad->port_hook_arg = arg;
}

bool bond_3ad_slave_distributing(const struct bond *bond, const struct slave *s)
{
	const struct bond_3ad *ad = bond->ops == &bond_3ad_ops ? ad_of(bond) : NULL;

	return ad && ad->distributing[s->id];
}

const struct bond_mode_ops bond_3ad_ops = {
	.mode = BOND_MODE_8023AD,
	.flags = BOND_MODE_F_XMIT_HASH,
	.open = ad_open,
	.xmit = ad_xmit,
	.recv_probe = ad_recv_probe,
	.slave_attach = ad_slave_attach,
	.slave_detach = ad_slave_detach,
	.link_change = ad_link_change,
	.slave_usable = ad_slave_usable,
	.periodic = ad_periodic,
	.periodic_ms = 100,
	.proc_master = ad_proc_master,
	.proc_slave = ad_proc_slave,
};
