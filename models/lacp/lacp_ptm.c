/*
 * lacp_ptm.c - the Periodic Transmission machine (802.1AX-2014 6.4.13, figure 6-19).
 *
 * DOC: Asks for a LACPDU every second while the partner wants the short
 * timeout and every 30 s otherwise, and not at all when both ends are
 * passive.  As Linux's ad_periodic_machine(): the timer is loaded with one
 * tick less than the period (the tick through PERIODIC_TX makes it up), one
 * transition per run, and a partner that turns to the short timeout while
 * we wait in SLOW_PERIODIC gets a LACPDU at once.  A passive port (Linux's
 * lacp_active off) speaks periodically once an active partner has been
 * heard, as Linux does since 6.1.149.
 */
#include <glib.h>

#include "lacp.h"

static const char *const ptm_state_names[] = {
	[LACP_PTM_NO_PERIODIC] = "NO_PERIODIC",
	[LACP_PTM_FAST_PERIODIC] = "FAST_PERIODIC",
	[LACP_PTM_SLOW_PERIODIC] = "SLOW_PERIODIC",
	[LACP_PTM_PERIODIC_TX] = "PERIODIC_TX",
};

const char *lacp_ptm_name(enum lacp_ptm_state s)
{
	return ptm_state_names[s];
}

static bool partner_short(const struct lacp_port *p)
{
	return p->partner_oper.state & LACP_STATE_TIMEOUT;
}

/* Pure but for the timer, which counts down here as in the kernel. */
static enum lacp_ptm_state ptm_next(struct lacp_port *p)
{
	if (p->begin || !p->lacp_enabled || !p->port_enabled ||
	    (!(p->actor_oper_port_state & LACP_STATE_ACTIVITY) &&
	     !(p->partner_oper.state & LACP_STATE_ACTIVITY)))
		return LACP_PTM_NO_PERIODIC;
	if (p->periodic_timer) {
		if (--p->periodic_timer == 0)
			return LACP_PTM_PERIODIC_TX;
		if (p->ptm == LACP_PTM_FAST_PERIODIC && !partner_short(p))
			return LACP_PTM_SLOW_PERIODIC;
		if (p->ptm == LACP_PTM_SLOW_PERIODIC && partner_short(p)) {
			p->periodic_timer = 0;
			return LACP_PTM_PERIODIC_TX;
		}
		return p->ptm;
	}
	switch (p->ptm) {
	case LACP_PTM_NO_PERIODIC:
		return LACP_PTM_FAST_PERIODIC;	/* UCT */
	case LACP_PTM_PERIODIC_TX:
		return partner_short(p) ? LACP_PTM_FAST_PERIODIC : LACP_PTM_SLOW_PERIODIC;
	case LACP_PTM_FAST_PERIODIC:
	case LACP_PTM_SLOW_PERIODIC:
		return p->ptm;
	}
	g_assert_not_reached();
}

static void ptm_enter(struct lacp_port *p, enum lacp_ptm_state s)
{
	switch (s) {
	case LACP_PTM_NO_PERIODIC:
		/* Stop periodic_timer; */
		p->periodic_timer = 0;
		break;
	case LACP_PTM_FAST_PERIODIC:
		/* Start periodic_timer(fast_periodic_time); */
		p->periodic_timer = LACP_FAST_PERIODIC_TICKS - 1;
		break;
	case LACP_PTM_SLOW_PERIODIC:
		/* Start periodic_timer(slow_periodic_time); */
		p->periodic_timer = LACP_SLOW_PERIODIC_TICKS - 1;
		break;
	case LACP_PTM_PERIODIC_TX:
		/* NTT = TRUE; */
		p->ntt = true;
		break;
	}
}

void lacp_ptm_run(struct lacp_port *p)
{
	enum lacp_ptm_state s = ptm_next(p);

	if (s == p->ptm)
		return;
	lacp_trace(p, "periodic", ptm_state_names[p->ptm], ptm_state_names[s]);
	p->ptm = s;
	ptm_enter(p, s);
}
