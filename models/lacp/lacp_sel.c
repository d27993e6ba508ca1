/*
 * lacp_sel.c - Selection Logic (802.1AX-2014 6.4.14).
 *
 * DOC: Chooses an Aggregator for each unselected port, as Linux's
 * ad_port_selection_logic(): the first aggregator already holding ports
 * with the same actor key, partner system, partner system priority and
 * partner key (a known partner, i.e. a non-zero system id, and no
 * individual aggregator), else the first free one.  A port whose LACP is
 * disabled (half duplex) gets an individual aggregator of its own.  Ready
 * is computed here but called from the mux, because Linux refreshes it in
 * the same run where wait_while expires (__set_agg_ports_ready).
 *
 * A port still attached waits for its mux to detach before it moves to
 * another aggregator, after the standard, unless the system moves attached
 * ports at once as Linux does (move_attached: the owner then hears detach
 * from the old aggregator and attach to the new one at that moment), so
 * the owner's attach/detach callbacks always come in pairs.  Choosing the
 * single active aggregator (ad_agg_selection_logic) is the owner's job,
 * done at the moment a port selects (lacp_ops.selected) as Linux does;
 * a port whose new aggregator is not the active one then loses its
 * Synchronization (lacp_ops.agg_active).  A port its owner holds out
 * (sel_hold) leaves its aggregator like any unselected port and takes no
 * other until released.
 */
#include <stdio.h>
#include <string.h>

#include "lacp.h"

static bool agg_matches(const struct lacp_agg *a, const struct lacp_port *p)
{
	static const uint8_t zero[WIRE_ETH_ALEN];

	return a->n_ports > 0 && !a->individual && p->lacp_enabled &&
	       memcmp(p->partner_oper.system, zero, WIRE_ETH_ALEN) != 0 &&
	       a->actor_oper_key == p->actor_oper_port_key &&
	       memcmp(a->partner_system, p->partner_oper.system, WIRE_ETH_ALEN) == 0 &&
	       a->partner_system_priority == p->partner_oper.system_priority &&
	       a->partner_oper_key == p->partner_oper.key;
}

static struct lacp_agg *agg_at(struct lacp_system *sys, int i)
{
	return sys->n_agg_order ? sys->agg_order[i] : &sys->aggs[i];
}

static struct lacp_agg *agg_choose(struct lacp_system *sys, const struct lacp_port *p)
{
	int n = sys->n_agg_order ? sys->n_agg_order : LACP_MAX_PORTS;

	for (int i = 0; i < n; i++)
		if (agg_matches(agg_at(sys, i), p))
			return agg_at(sys, i);
	for (int i = 0; i < n; i++)
		if (agg_at(sys, i)->n_ports == 0)
			return agg_at(sys, i);
	return NULL;
}

void lacp_sel_update_ready(struct lacp_system *sys, const struct lacp_agg *agg)
{
	bool all = true;

	/* a STANDBY port is not waiting to attach: its wait holds nobody back */
	for (int i = 0; i < sys->n_ports; i++)
		if (sys->ports[i]->agg == agg && !sys->ports[i]->ready_n &&
		    sys->ports[i]->selected != LACP_STANDBY)
			all = false;
	for (int i = 0; i < sys->n_ports; i++)
		if (sys->ports[i]->agg == agg)
			sys->ports[i]->ready = all;
}

void lacp_sel_run(struct lacp_port *p)
{
	struct lacp_system *sys = p->sys;
	struct lacp_agg *a;
	char to[32];

	if (p->selected != LACP_UNSELECTED || (p->attached && !sys->move_attached))
		return;
	if (p->agg) {
		if (p->attached)
			sys->ops->detach(sys->owner, p, p->agg);
		p->agg->n_ports--;
		p->agg = NULL;
	}
	if (p->sel_hold)
		return;
	a = agg_choose(sys, p);
	if (!a) {
		if (sys->ops->selected)
			sys->ops->selected(sys->owner, p);
		return;
	}
	if (a->n_ports == 0) {
		a->individual = !p->lacp_enabled;
		a->actor_oper_key = p->actor_oper_port_key;
		a->partner_system_priority = p->partner_oper.system_priority;
		memcpy(a->partner_system, p->partner_oper.system, WIRE_ETH_ALEN);
		a->partner_oper_key = p->partner_oper.key;
	}
	a->n_ports++;
	p->agg = a;
	p->selected = LACP_SELECTED;
	if (p->attached)
		sys->ops->attach(sys->owner, p, a);
	snprintf(to, sizeof(to), "SELECTED (aggregator %u)", a->id);
	lacp_trace(p, "selection", "UNSELECTED", to);
	/* __set_agg_ports_ready(): the newcomer has not waited yet */
	lacp_sel_update_ready(sys, a);
	if (sys->ops->selected)
		sys->ops->selected(sys->owner, p);
	if (!lacp_agg_is_active(p))
		p->actor_oper_port_state &= (uint8_t)~LACP_STATE_SYNCHRONIZATION;
}
