/*
 * lacp_txm.c - the Transmit machine (802.1AX-2014 6.4.16).
 *
 * DOC: Sends a LACPDU when NTT is set, but no more than
 * LACP_MAX_TX_IN_SECOND a second: as Linux's ad_tx_machine(), the machine
 * only looks at NTT every third tick (10 / 3), so LACPDUs leave at least
 * 300 ms apart and NTT raised in between waits for the next slot.  The
 * standard's version counts PDUs per fast-periodic interval instead; the
 * kernel's slotting is what sets convergence times, so it is kept.  The
 * machine has no states worth a table: one trace line per LACPDU sent.
 */
#include "lacp.h"

void lacp_txm_run(struct lacp_port *p)
{
	struct lacpdu pdu;

	if (!p->tx_timer || --p->tx_timer)
		return;
	p->tx_timer = LACP_TX_TICKS;
	if (!p->ntt || !p->lacp_enabled)
		return;
	/* __update_lacpdu_from_port(); transmit; NTT = FALSE; */
	lacp_pdu_from_port(p, &pdu);
	p->ntt = false;
	p->lacpdu_tx++;
	p->sys->ops->send(p->sys->owner, p, lacp_pdu_frame_new(p->sys->pool, p->mac, &pdu));
}
