/*
 * failover_alb.c - balance-tlb and balance-alb in the failover report.
 *
 * DOC: In these modes a failure moves peers: the transmit table's entries
 * of the failed slave are cleared, and (balance-alb) its receive clients
 * are given another slave, then told so by ARP replies, possibly seconds
 * later (the 2 s update delay).  The active slave's failure also swaps
 * MACs, so the new active slave's own clients must learn its new address
 * though none of them moved (ALB_EV_RLB_SLAVE_MAC).  So per fault the report
 * shows, for each such bond, when the table changes happened, and for
 * each peer (a host with flows to or from the bond's host) when its
 * traffic arrived again each way: the slowest of its flows, which is
 * what that peer's users saw.  Rows exist by mode and by flows, whatever
 * happened, so that [expect] can name them before the run.
 */
#include <string.h>
#include "failover_priv.h"
#include "bond/bond_alb.h"

/* The first event @what of bond @c in the window at or after @from. */
static const struct world_event *first_alb(const struct world *w, const struct world_bond *c,
					   const struct fault_window *fw, int what, sim_time_t from)
{
	for (guint e = 0; e < w->events->len; e++) {
		const struct world_event *ev = &g_array_index(w->events, struct world_event, e);

		if (ev->kind == WEV_ALB && ev->alb == what && ev->at >= from && ev->at >= fw->at &&
		    ev->at < fw->end && ev->bond == c->bond->dev.name && strcmp(ev->host, c->host) == 0)
			return ev;
	}
	return NULL;
}

static void table_rows(const struct world *w, const struct world_bond *c,
		       const struct fault_window *fw, row_fn fn, void *arg)
{
	struct row r = { .scope = "bond", .key = "tlb_rebalance", .event = "tlb rebalance",
			 .at = -1, .lost = -1, .outage = -1 };
	const struct world_event *ev = first_alb(w, c, fw, ALB_EV_TX_REBALANCE, fw->at);
	const struct world_event *moved, *remac;

	g_snprintf(r.name, sizeof(r.name), "%s.%s", c->host, c->bond->dev.name);
	if (ev && ev->slave)
		g_snprintf(r.detail, sizeof(r.detail), "%s's transmit entries cleared: their peers go to the least loaded slave",
			   ev->slave);
	else if (ev)
		g_strlcpy(r.detail, "transmit table rebalanced by load (each peer's next frame picks a slave)",
			  sizeof(r.detail));
	else
		g_strlcpy(r.detail, "none", sizeof(r.detail));
	r.at = ev ? ev->at : -1;
	fn(arg, fw, &r);
	if (!(c->bond->ops->flags & BOND_MODE_F_ALB_RX))
		return;

	moved = first_alb(w, c, fw, ALB_EV_RLB_MOVED, fw->at);
	/* no client moved: a MAC swap may still have given their slave another address */
	remac = moved ? NULL : first_alb(w, c, fw, ALB_EV_RLB_SLAVE_MAC, fw->at);
	r.key = "rlb_moved";
	r.event = "rlb clients moved";
	r.at = moved ? moved->at : -1;
	if (moved && moved->slave)
		g_snprintf(r.detail, sizeof(r.detail), "%u client%s of %s given another slave",
			   moved->n, moved->n == 1 ? "" : "s", moved->slave);
	else if (moved)
		g_snprintf(r.detail, sizeof(r.detail), "%u client%s given another slave (rebalance)",
			   moved->n, moved->n == 1 ? "" : "s");
	else if (remac)
		g_snprintf(r.detail, sizeof(r.detail), "none, but %s took another MAC in a swap: its %u client%s must learn it",
			   remac->slave, remac->n, remac->n == 1 ? "" : "s");
	else
		g_strlcpy(r.detail, "none", sizeof(r.detail));
	fn(arg, fw, &r);

	ev = first_alb(w, c, fw, ALB_EV_RLB_UPDATE,
		       moved ? moved->at : remac ? remac->at : fw->at);
	r.key = "rlb_update";
	r.event = "rlb ARP updates";
	r.at = ev ? ev->at : -1;
	if (ev && remac)
		g_snprintf(r.detail, sizeof(r.detail), "%u ARP repl%s: %u client%s of %s told its new MAC (a MAC swap at %.3f s)",
			   ev->n, ev->n == 1 ? "y" : "ies", remac->n, remac->n == 1 ? "" : "s",
			   remac->slave, (double)remac->at / SIM_S);
	else if (ev)
		g_snprintf(r.detail, sizeof(r.detail), "%u ARP repl%s: clients told their slave's MAC%s",
			   ev->n, ev->n == 1 ? "y" : "ies",
			   moved ? "" : " (no client moved in this fault: retries, new clients or the host's ARP requests)");
	else
		g_strlcpy(r.detail, moved || remac ? "none sent: the clients still use the old MAC" : "none",
			  sizeof(r.detail));
	fn(arg, fw, &r);
}

/* The flows' rows of one peer and direction, folded into one. */
struct peer_fold {
	int flows;
	bool never;
	struct row worst;	/* the slowest flow's row */
	int64_t lost;
};

static void fold_row(void *arg, const struct fault_window *fw, const struct row *r)
{
	struct peer_fold *p = arg;

	(void)fw;
	if (r->at < 0 && r->outage < 0)
		return;		/* the flow had stopped */
	p->flows++;
	if (r->lost > 0)
		p->lost += r->lost;
	if (r->at < 0)
		p->never = true;
	if (p->flows == 1 || r->at > p->worst.at || (r->at == p->worst.at && r->outage > p->worst.outage))
		p->worst = *r;
}

static void peer_rows(const struct world *w, const struct world_bond *c, const struct host *self,
		      const struct world_host *peer, const struct fault_window *fw,
		      const struct fault_causes *causes, row_fn fn, void *arg)
{
	for (int to_peer = 0; to_peer < 2; to_peer++) {
		struct peer_fold p = { 0 };
		struct row r = { .scope = "peer", .at = -1, .lost = -1, .outage = -1 };
		bool any = false;

		for (guint k = 0; k < w->flows->len; k++) {
			const struct flow *fl = g_ptr_array_index(w->flows, k);
			const struct host *from = to_peer ? self : peer->host;
			const struct host *to = to_peer ? peer->host : self;

			if (fl->cfg.src != from || fl->cfg.dst != to)
				continue;
			any = true;
			if (fl->cfg.start <= fw->at)
				flow_rows(fw, causes, "flow", fl->cfg.name, &fl->rx, gap_keep_of(w, k),
					  flow_first_seq_after, NULL, fl, fl->cfg.stop, fold_row, &p);
		}
		if (!any)
			continue;
		g_snprintf(r.name, sizeof(r.name), "%s.%s.%s", c->host, c->bond->dev.name,
			   peer->name);
		r.key = to_peer ? "to_back" : "from_back";
		r.event = to_peer ? "traffic to it back" : "traffic from it back";
		if (!p.flows) {
			g_strlcpy(r.detail, "no flow running at the fault", sizeof(r.detail));
		} else if (p.never) {
			/* as a flow that never recovered: the outage is a lower
			 * bound, and the losses have no count (-1), not the sum
			 * of the other flows' (0 when all of them never came back) */
			r.at = -1;
			r.outage = fw->end - fw->at;
			r.lost = -1;
			g_strlcpy(r.detail, "a flow got nothing through after the fault",
				  sizeof(r.detail));
		} else {
			r.at = p.worst.at;
			r.outage = p.worst.outage;
			r.lost = p.lost;
			g_snprintf(r.detail, sizeof(r.detail), "%d flow%s; slowest %s: %s", p.flows,
				   p.flows == 1 ? "" : "s", p.worst.name, p.worst.detail);
		}
		fn(arg, fw, &r);
	}
}

void failover_alb_rows(const struct world *w, const struct fault_window *fw,
		       const struct fault_causes *causes, row_fn fn, void *arg)
{
	for (guint b = 0; b < w->bond_ctx->len; b++) {
		const struct world_bond *c = g_ptr_array_index(w->bond_ctx, b);
		const struct world_host *self = world_find_host(w, c->host);

		/* by mode, not by record: the names exist before the run */
		if (!(c->bond->ops->flags & BOND_MODE_F_TLB) || !self)
			continue;
		table_rows(w, c, fw, fn, arg);
		for (guint h = 0; h < w->hosts->len; h++) {
			const struct world_host *peer = g_ptr_array_index(w->hosts, h);

			if (peer != self)
				peer_rows(w, c, self->host, peer, fw, causes, fn, arg);
		}
	}
}
