/*
 * lacp_churn.c - Churn Detection machines (802.1AX-2014 6.4.17, figures 6-23, 6-24).
 *
 * DOC: Flags a port whose actor or partner fails to reach Synchronization
 * within 60 s of (re)starting negotiation.  As Linux's ad_churn_machine():
 * the Receive machine's "churned" event (entering CURRENT or EXPIRED)
 * puts both machines in MONITOR and starts both timers; at expiry each goes
 * to NONE if its side is in sync, else to CHURNED and counts one churn.
 * The machine does not leave CHURNED by itself: the next churned event does.
 */
#include "lacp.h"

static void churn_check(struct lacp_port *p, const char *machine, enum lacp_churn_state *st,
			uint32_t *timer, bool in_sync, uint64_t *count)
{
	enum lacp_churn_state s;

	if (!*timer || --*timer || *st != LACP_CHURN_MONITOR)
		return;
	s = in_sync ? LACP_CHURN_NONE : LACP_CHURN_CHURNED;
	if (s == LACP_CHURN_CHURNED)
		(*count)++;
	lacp_trace(p, machine, lacp_churn_name(*st), lacp_churn_name(s));
	*st = s;
}

void lacp_churn_run(struct lacp_port *p)
{
	if (p->churned) {
		p->churned = false;
		if (p->actor_churn != LACP_CHURN_MONITOR)
			lacp_trace(p, "actor churn", lacp_churn_name(p->actor_churn),
				   lacp_churn_name(LACP_CHURN_MONITOR));
		if (p->partner_churn != LACP_CHURN_MONITOR)
			lacp_trace(p, "partner churn", lacp_churn_name(p->partner_churn),
				   lacp_churn_name(LACP_CHURN_MONITOR));
		p->actor_churn = LACP_CHURN_MONITOR;
		p->partner_churn = LACP_CHURN_MONITOR;
		p->actor_churn_timer = LACP_CHURN_TICKS;
		p->partner_churn_timer = LACP_CHURN_TICKS;
		return;
	}
	churn_check(p, "actor churn", &p->actor_churn, &p->actor_churn_timer,
		    p->actor_oper_port_state & LACP_STATE_SYNCHRONIZATION, &p->actor_churn_count);
	churn_check(p, "partner churn", &p->partner_churn, &p->partner_churn_timer,
		    p->partner_oper.state & LACP_STATE_SYNCHRONIZATION, &p->partner_churn_count);
}
