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
 * Deviation from Linux, after the standard: a port still attached waits
 * for its mux to detach before it moves to another aggregator, so the
 * owner's attach/detach callbacks always come in pairs.  Choosing the
 * single active aggregator (ad_agg_selection_logic) is the owner's job:
 * see lacp_ops.agg_active.
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

static struct lacp_agg *agg_choose(struct lacp_system *sys, const struct lacp_port *p)
{
	for (int i = 0; i < LACP_MAX_PORTS; i++)
		if (agg_matches(&sys->aggs[i], p))
			return &sys->aggs[i];
	for (int i = 0; i < LACP_MAX_PORTS; i++)
		if (sys->aggs[i].n_ports == 0)
			return &sys->aggs[i];
	return NULL;
}

void lacp_sel_update_ready(struct lacp_system *sys, const struct lacp_agg *agg)
{
	bool all = true;

	for (int i = 0; i < sys->n_ports; i++)
		if (sys->ports[i]->agg == agg && !sys->ports[i]->ready_n)
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

	if (p->selected != LACP_UNSELECTED || p->attached)
		return;
	if (p->agg) {
		p->agg->n_ports--;
		p->agg = NULL;
	}
	a = agg_choose(sys, p);
	if (!a)
		return;
	if (a->n_ports == 0) {
		a->individual = !p->lacp_enabled;
		a->actor_oper_key = p->actor_oper_port_key;
		a->partner_system_priority = p->partner_oper.system_priority;
		memcpy(a->partner_system, p->partner_oper.system, WIRE_ETH_ALEN);
		a->partner_oper_key = p->partner_oper.key;
	}
	a->n_ports++;
	p->agg = a;
	p->ready = false;
	p->selected = LACP_SELECTED;
	snprintf(to, sizeof(to), "SELECTED (aggregator %u)", a->id);
	lacp_trace(p, "selection", "UNSELECTED", to);
}
