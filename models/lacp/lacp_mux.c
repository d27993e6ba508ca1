/*
 * lacp_mux.c - the Mux machine, coupled control (802.1AX-2014 6.4.15, figure 6-21).
 *
 * DOC: Attaches a selected port to its aggregator once every port that
 * chose the same one has waited aggregate_wait_time (2 s), sets our
 * Synchronization, and turns collecting and distributing on together when
 * the partner is in sync too.  As Linux 6.1's ad_mux_machine() with
 * coupled_control on: one transition per run, Synchronization is only
 * claimed on the aggregator the owner uses (lacp_ops.agg_active), every
 * state change asks for a LACPDU (NTT), and STANDBY is treated as
 * UNSELECTED since nothing here chooses standby ports yet.
 */
#include <glib.h>

#include "lacp.h"

static const char *const mux_state_names[] = {
	[LACP_MUX_DETACHED] = "DETACHED",
	[LACP_MUX_WAITING] = "WAITING",
	[LACP_MUX_ATTACHED] = "ATTACHED",
	[LACP_MUX_COLLECTING_DISTRIBUTING] = "COLLECTING_DISTRIBUTING",
};

const char *lacp_mux_name(enum lacp_mux_state s)
{
	return mux_state_names[s];
}

static bool partner_sync(const struct lacp_port *p)
{
	return p->partner_oper.state & LACP_STATE_SYNCHRONIZATION;
}

static bool actor_sync(const struct lacp_port *p)
{
	return p->actor_oper_port_state & LACP_STATE_SYNCHRONIZATION;
}

static enum lacp_mux_state mux_next(const struct lacp_port *p)
{
	bool selected = p->selected == LACP_SELECTED;

	if (p->begin)
		return LACP_MUX_DETACHED;
	switch (p->mux) {
	case LACP_MUX_DETACHED:
		return selected ? LACP_MUX_WAITING : p->mux;
	case LACP_MUX_WAITING:
		if (!selected)
			return LACP_MUX_DETACHED;
		return p->ready ? LACP_MUX_ATTACHED : p->mux;
	case LACP_MUX_ATTACHED:
		if (selected && partner_sync(p))
			return lacp_agg_is_active(p) ? LACP_MUX_COLLECTING_DISTRIBUTING : p->mux;
		return selected ? p->mux : LACP_MUX_DETACHED;
	case LACP_MUX_COLLECTING_DISTRIBUTING:
		if (!selected || !partner_sync(p) || !actor_sync(p))
			return LACP_MUX_ATTACHED;
		return p->mux;
	}
	g_assert_not_reached();
}

static void set_cd(struct lacp_port *p, bool on)
{
	const uint8_t cd = LACP_STATE_COLLECTING | LACP_STATE_DISTRIBUTING;
	bool was = p->actor_oper_port_state & cd;

	if (on)
		p->actor_oper_port_state |= cd;
	else
		p->actor_oper_port_state &= (uint8_t)~cd;
	if (was != on)
		p->sys->ops->collecting_distributing(p->sys->owner, p, on);
}

static void mux_enter(struct lacp_port *p, enum lacp_mux_state s)
{
	switch (s) {
	case LACP_MUX_DETACHED:
		/* Detach_Mux_From_Aggregator(); Actor.Sync = FALSE;
		 * Disable_Collecting_Distributing(); Actor.Collecting = Actor.Distributing = FALSE;
		 * NTT = TRUE; */
		if (p->attached) {
			p->attached = false;
			p->sys->ops->detach(p->sys->owner, p, p->agg);
		}
		p->actor_oper_port_state &= (uint8_t)~LACP_STATE_SYNCHRONIZATION;
		set_cd(p, false);
		p->ready_n = false;
		p->wait_while_timer = 0;
		p->ntt = true;
		break;
	case LACP_MUX_WAITING:
		/* Start wait_while_timer; */
		p->ready_n = false;
		p->wait_while_timer = LACP_AGGREGATE_WAIT_TICKS;
		break;
	case LACP_MUX_ATTACHED:
		/* Attach_Mux_To_Aggregator(); Actor.Sync = TRUE (Linux: on the active
		 * aggregator only); Actor.Collecting = FALSE;
		 * Disable_Collecting_Distributing(); NTT = TRUE; */
		if (!p->attached) {
			p->attached = true;
			p->sys->ops->attach(p->sys->owner, p, p->agg);
		}
		if (lacp_agg_is_active(p))
			p->actor_oper_port_state |= LACP_STATE_SYNCHRONIZATION;
		else
			p->actor_oper_port_state &= (uint8_t)~LACP_STATE_SYNCHRONIZATION;
		set_cd(p, false);
		p->ntt = true;
		break;
	case LACP_MUX_COLLECTING_DISTRIBUTING:
		/* Actor.Sync = Actor.Collecting = Actor.Distributing = TRUE;
		 * Enable_Collecting_Distributing(); NTT = TRUE; */
		p->actor_oper_port_state |= LACP_STATE_SYNCHRONIZATION;
		set_cd(p, true);
		p->ntt = true;
		break;
	}
}

void lacp_mux_run(struct lacp_port *p)
{
	enum lacp_mux_state s;

	if (p->mux == LACP_MUX_WAITING && !p->begin) {
		/* wait_while_timer expiry sets Ready_N; Ready follows for the whole aggregator */
		if (p->wait_while_timer && --p->wait_while_timer == 0)
			p->ready_n = true;
		if (p->agg)
			lacp_sel_update_ready(p->sys, p->agg);
	}
	s = mux_next(p);
	if (s == p->mux) {
		/* Linux: an aggregator that became active claims sync while attached */
		if (s == LACP_MUX_ATTACHED && p->selected == LACP_SELECTED && lacp_agg_is_active(p))
			p->actor_oper_port_state |= LACP_STATE_SYNCHRONIZATION;
		if (!p->begin)
			return;
	}
	if (s != p->mux)
		lacp_trace(p, "mux", mux_state_names[p->mux], mux_state_names[s]);
	p->mux = s;
	mux_enter(p, s);
}
