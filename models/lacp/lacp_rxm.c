/*
 * lacp_rxm.c - the Receive machine (802.1AX-2014 6.4.12, figure 6-18).
 *
 * DOC: Keeps the partner's parameters current from its LACPDUs, times them
 * out (current_while), and falls back to the administrative defaults.
 * Run with a PDU on receipt and without one on every tick, as Linux's
 * ad_rx_machine(); one transition per run, but INITIALIZE goes on to
 * PORT_DISABLED in the same run.  Deviations, all Linux's:
 * PORT_DISABLED keeps the partner's Synchronization (linux_port_disabled), a PDU carrying our own
 * system id is a loopback (lacp_ops.loopback), a PDU that finds the port
 * in PORT_DISABLED or LACP_DISABLED runs the machine as a tick would (and
 * re-enters the state), and BEGIN, entering CURRENT from another state,
 * or EXPIRED, restart churn detection.
 */
#include <glib.h>
#include <string.h>

#include "lacp.h"

static const char *const rxm_state_names[] = {
	[LACP_RXM_INITIALIZE] = "INITIALIZE",
	[LACP_RXM_PORT_DISABLED] = "PORT_DISABLED",
	[LACP_RXM_EXPIRED] = "EXPIRED",
	[LACP_RXM_LACP_DISABLED] = "LACP_DISABLED",
	[LACP_RXM_DEFAULTED] = "DEFAULTED",
	[LACP_RXM_CURRENT] = "CURRENT",
};

const char *lacp_rxm_name(enum lacp_rxm_state s)
{
	return rxm_state_names[s];
}

/* The parameters that name a partner port (the comparison of 6.4.9 update_Selected). */
static bool same_port(const struct lacp_info *a, const struct lacp_info *b)
{
	return a->port == b->port && a->port_priority == b->port_priority &&
	       memcmp(a->system, b->system, WIRE_ETH_ALEN) == 0 &&
	       a->system_priority == b->system_priority && a->key == b->key &&
	       (a->state & LACP_STATE_AGGREGATION) == (b->state & LACP_STATE_AGGREGATION);
}

static void actor_info(const struct lacp_port *p, struct lacp_info *i)
{
	i->system_priority = p->sys->system_priority;
	memcpy(i->system, p->sys->system, WIRE_ETH_ALEN);
	i->key = p->actor_oper_port_key;
	i->port_priority = p->actor_port_priority;
	i->port = p->actor_port_number;
	i->state = p->actor_oper_port_state;
}

/* recordDefault */
static void record_default(struct lacp_port *p)
{
	p->partner_oper = p->partner_admin;
	p->actor_oper_port_state |= LACP_STATE_DEFAULTED;
}

/* recordPDU: partner := PDU actor; Synchronization only if it has us right. */
static void record_pdu(struct lacp_port *p, const struct lacpdu *pdu)
{
	struct lacp_info me;

	actor_info(p, &me);
	p->matched = same_port(&pdu->partner, &me) ||
		     !(pdu->actor.state & LACP_STATE_AGGREGATION);
	p->partner_oper = pdu->actor;
	if (!(p->matched && (pdu->actor.state & LACP_STATE_SYNCHRONIZATION)))
		p->partner_oper.state &= (uint8_t)~LACP_STATE_SYNCHRONIZATION;
	p->actor_oper_port_state &= (uint8_t)~LACP_STATE_DEFAULTED;
}

/* update_Selected: another partner than the one we aggregated with. */
static void update_selected(struct lacp_port *p, const struct lacpdu *pdu)
{
	if (!same_port(&pdu->actor, &p->partner_oper))
		p->selected = LACP_UNSELECTED;
}

/* update_Default_Selected */
static void update_default_selected(struct lacp_port *p)
{
	if (!same_port(&p->partner_admin, &p->partner_oper))
		p->selected = LACP_UNSELECTED;
}

/* update_NTT: the partner's view of us is stale, tell it. */
static void update_ntt(struct lacp_port *p, const struct lacpdu *pdu)
{
	const uint8_t bits = LACP_STATE_ACTIVITY | LACP_STATE_TIMEOUT |
			     LACP_STATE_SYNCHRONIZATION | LACP_STATE_AGGREGATION;
	struct lacp_info me;

	actor_info(p, &me);
	if (!same_port(&pdu->partner, &me) ||
	    (pdu->partner.state & bits) != (p->actor_oper_port_state & bits))
		p->ntt = true;
}

/*
 * ad_rx_machine()'s choice of state.  BEGIN, a disabled port, and a PDU in
 * EXPIRED, DEFAULTED or CURRENT decide first; otherwise current_while
 * counts down (on a PDU run too), whatever the state, and only the run in
 * which it reaches 0 moves CURRENT to EXPIRED or EXPIRED to DEFAULTED; any
 * other run may take PORT_DISABLED to EXPIRED or LACP_DISABLED.  A timer
 * left over from before a link went down thus still counts in
 * PORT_DISABLED, and the run where it ends stays there one tick more.
 */
static enum lacp_rxm_state rxm_next(struct lacp_port *p, const struct lacpdu *pdu)
{
	enum lacp_rxm_state s = p->rxm;

	if (p->begin) {
		p->churned = true;
		return LACP_RXM_INITIALIZE;
	}
	if (!p->port_enabled && !p->port_moved)
		return LACP_RXM_PORT_DISABLED;
	if (pdu && (s == LACP_RXM_EXPIRED || s == LACP_RXM_DEFAULTED || s == LACP_RXM_CURRENT)) {
		if (s != LACP_RXM_CURRENT)
			p->churned = true;
		p->current_while_timer = 0;
		return LACP_RXM_CURRENT;
	}
	if (p->current_while_timer && --p->current_while_timer == 0) {
		if (s == LACP_RXM_EXPIRED)
			return LACP_RXM_DEFAULTED;
		if (s == LACP_RXM_CURRENT)
			return LACP_RXM_EXPIRED;
		return s;
	}
	if (s == LACP_RXM_PORT_DISABLED) {
		if (p->port_moved)
			return LACP_RXM_INITIALIZE;
		if (p->port_enabled)
			return p->lacp_enabled ? LACP_RXM_EXPIRED : LACP_RXM_LACP_DISABLED;
	}
	return s;
}

/* Our own system id as the actor: Linux compares the MAC only. */
static bool is_loopback(const struct lacp_port *p, const struct lacpdu *pdu)
{
	return memcmp(pdu->actor.system, p->sys->system, WIRE_ETH_ALEN) == 0 &&
	       (p->sys->ops->loopback || pdu->actor.system_priority == p->sys->system_priority);
}

/* Entry actions; false when a looped-back PDU stopped them (CURRENT). */
static bool rxm_enter(struct lacp_port *p, enum lacp_rxm_state s, const struct lacpdu *pdu)
{
	switch (s) {
	case LACP_RXM_INITIALIZE:
		/* Selected = UNSELECTED; recordDefault(); Actor_Oper_Port_State.Expired = FALSE;
		 * port_moved = FALSE; then, in the same run as Linux does, PORT_DISABLED */
		p->selected = LACP_UNSELECTED;
		record_default(p);
		p->actor_oper_port_state &= (uint8_t)~LACP_STATE_EXPIRED;
		p->port_moved = false;
		lacp_trace(p, "rx", rxm_state_names[LACP_RXM_INITIALIZE],
			   rxm_state_names[LACP_RXM_PORT_DISABLED]);
		p->rxm = LACP_RXM_PORT_DISABLED;
		/* fall through */
	case LACP_RXM_PORT_DISABLED:
		/* The standard clears Partner_Oper_Port_State.Synchronization here;
		 * Linux does not (lacp_system linux_port_disabled), so a port whose
		 * link went down keeps its mux where it was until BEGIN (link
		 * back) resets it. */
		p->matched = false;
		if (!p->sys->linux_port_disabled)
			p->partner_oper.state &= (uint8_t)~LACP_STATE_SYNCHRONIZATION;
		break;
	case LACP_RXM_LACP_DISABLED:
		/* Selected = UNSELECTED; recordDefault();
		 * Partner_Oper_Port_State.Aggregation = FALSE; Actor_Oper_Port_State.Expired = FALSE; */
		p->selected = LACP_UNSELECTED;
		record_default(p);
		p->partner_oper.state &= (uint8_t)~LACP_STATE_AGGREGATION;
		p->matched = true;
		p->actor_oper_port_state &= (uint8_t)~LACP_STATE_EXPIRED;
		break;
	case LACP_RXM_EXPIRED:
		/* Partner_Oper_Port_State.Synchronization = FALSE;
		 * Partner_Oper_Port_State.LACP_Timeout = Short Timeout;
		 * start current_while_timer(Short Timeout); Actor_Oper_Port_State.Expired = TRUE; */
		p->partner_oper.state &= (uint8_t)~LACP_STATE_SYNCHRONIZATION;
		p->matched = false;
		p->partner_oper.state |= LACP_STATE_TIMEOUT;
		p->current_while_timer = LACP_SHORT_TIMEOUT_TICKS;
		p->actor_oper_port_state |= LACP_STATE_EXPIRED;
		p->churned = true;
		break;
	case LACP_RXM_DEFAULTED:
		/* update_Default_Selected(); recordDefault(); Actor_Oper_Port_State.Expired = FALSE; */
		update_default_selected(p);
		record_default(p);
		p->matched = true;
		p->actor_oper_port_state &= (uint8_t)~LACP_STATE_EXPIRED;
		break;
	case LACP_RXM_CURRENT:
		if (is_loopback(p, pdu)) {
			/* Linux: logged, the PDU goes no further, current_while stays stopped */
			p->loopback_rx++;
			p->sys->ops->loopback(p->sys->owner, p);
			return false;
		}
		/* update_Selected(); update_NTT(); recordPDU();
		 * start current_while_timer(Actor_Oper_Port_State.LACP_Timeout);
		 * Actor_Oper_Port_State.Expired = FALSE; */
		update_selected(p, pdu);
		update_ntt(p, pdu);
		record_pdu(p, pdu);
		p->current_while_timer = (p->actor_oper_port_state & LACP_STATE_TIMEOUT) ?
					 LACP_SHORT_TIMEOUT_TICKS : LACP_LONG_TIMEOUT_TICKS;
		p->actor_oper_port_state &= (uint8_t)~LACP_STATE_EXPIRED;
		break;
	}
	return true;
}

void lacp_rxm_run(struct lacp_port *p, const struct lacpdu *pdu)
{
	enum lacp_rxm_state s;

	if (pdu && !p->sys->ops->loopback && is_loopback(p, pdu)) {
		p->loopback_rx++;	/* dropped before the machine */
		return;
	}
	s = rxm_next(p, pdu);
	/* entry actions when the state changed, and for every PDU; INITIALIZE
	 * is never a state to stay in (a new port starts there, as Linux's
	 * from AD_RX_DUMMY) */
	if (s == p->rxm && !pdu && s != LACP_RXM_INITIALIZE)
		return;
	if (s != p->rxm)
		lacp_trace(p, "rx", rxm_state_names[p->rxm], rxm_state_names[s]);
	p->rxm = s;
	rxm_enter(p, s, pdu);
}
