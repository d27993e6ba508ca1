/*
 * lacp_mux.c - the Mux machine, coupled control (802.1AX-2014 6.4.15, figure 6-21).
 *
 * DOC: Attaches a selected port to its aggregator once every port that
 * chose the same one has waited aggregate_wait_time (2 s), sets our
 * Synchronization, and turns collecting and distributing on together when
 * the partner is in sync too.  As Linux 6.1's ad_mux_machine() with
 * coupled_control on: one transition per run, entry actions only on a
 * change of state (a BEGIN that finds the port DETACHED does nothing),
 * Synchronization is only claimed on the aggregator the owner uses
 * (lacp_ops.agg_active), the owner may hold ports back from
 * COLLECTING_DISTRIBUTING (lacp_ops.cd_hold: the bond's aggregator
 * selection timer), every state change asks for a LACPDU (NTT), Ready_N
 * is cleared only when an unselected port goes back to DETACHED.  A
 * STANDBY port (a switch's hot-standby member; bonds never make one) does
 * what the standard says: it leaves ATTACHED and COLLECTING_DISTRIBUTING
 * as an unselected one would, but waits in WAITING, its aggregate wait
 * done, and attaches the moment it is SELECTED.
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

/* Ready of every port of the aggregator, after a change of one Ready_N. */
static void update_ready(struct lacp_port *p)
{
	if (p->agg)
		lacp_sel_update_ready(p->sys, p->agg);
}

/*
 * The transition to take, if any.  Not pure, as in ad_mux_machine(): the
 * wait_while timer counts down in WAITING, Ready_N and Ready are updated
 * on the way, and an ATTACHED port of the active aggregator claims
 * Synchronization where it stays.
 */
static enum lacp_mux_state mux_next(struct lacp_port *p)
{
	const struct lacp_ops *ops = p->sys->ops;
	bool selected = p->selected == LACP_SELECTED;

	if (p->begin)
		return LACP_MUX_DETACHED;
	switch (p->mux) {
	case LACP_MUX_DETACHED:
		/* a STANDBY port waits too, ready to attach when selected */
		return p->selected != LACP_UNSELECTED ? LACP_MUX_WAITING : p->mux;
	case LACP_MUX_WAITING:
		if (p->selected == LACP_UNSELECTED) {
			p->ready_n = false;
			update_ready(p);
			return LACP_MUX_DETACHED;
		}
		/* wait_while_timer expiry sets Ready_N; Ready follows for the whole aggregator */
		if (p->wait_while_timer && --p->wait_while_timer == 0)
			p->ready_n = true;
		update_ready(p);
		return selected && p->ready && !p->wait_while_timer ? LACP_MUX_ATTACHED : p->mux;
	case LACP_MUX_ATTACHED:
		if (selected && partner_sync(p) && !(ops->cd_hold && ops->cd_hold(p->sys->owner, p))) {
			if (lacp_agg_is_active(p))
				return LACP_MUX_COLLECTING_DISTRIBUTING;
		} else if (!selected) {
			p->ready_n = false;
			update_ready(p);
			return LACP_MUX_DETACHED;
		} else if (lacp_agg_is_active(p)) {
			/* Linux: an aggregator that became active claims sync while attached */
			p->actor_oper_port_state |= LACP_STATE_SYNCHRONIZATION;
		}
		return p->mux;
	case LACP_MUX_COLLECTING_DISTRIBUTING:
		if (!selected || !partner_sync(p) || !actor_sync(p))
			return LACP_MUX_ATTACHED;
		return p->mux;
	}
	g_assert_not_reached();
}

/* Enable_Collecting_Distributing() / Disable_Collecting_Distributing() */
static void set_cd(struct lacp_port *p, bool on)
{
	const uint8_t cd = LACP_STATE_COLLECTING | LACP_STATE_DISTRIBUTING;

	if (on)
		p->actor_oper_port_state |= cd;
	else
		p->actor_oper_port_state &= (uint8_t)~cd;
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
		p->ntt = true;
		break;
	case LACP_MUX_WAITING:
		/* Start wait_while_timer; (Linux leaves Ready_N as it was) */
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
	enum lacp_mux_state s = mux_next(p);

	/* entry actions on a change of state only; the very first BEGIN
	 * counts as one (Linux starts from AD_MUX_DUMMY) */
	if (s == p->mux && !p->mux_fresh)
		return;
	if (s != p->mux)
		lacp_trace(p, "mux", mux_state_names[p->mux], mux_state_names[s]);
	p->mux = s;
	p->mux_fresh = false;
	mux_enter(p, s);
}

void lacp_mux_settle(struct lacp_port *p)
{
	for (int i = 0; i < 4; i++) {
		enum lacp_mux_state before = p->mux;

		/* WAITING ends by its timer, which only ticks count down */
		if (before == LACP_MUX_WAITING)
			return;
		lacp_mux_run(p);
		if (p->mux == before)
			return;
	}
}
