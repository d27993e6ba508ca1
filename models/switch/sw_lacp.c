/*
 * sw_lacp.c - LACP on port-channels: "channel-group N mode active|passive".
 *
 * DOC: A switch port-channel that speaks LACP embeds the same 802.1AX core
 * as a bond in mode 802.3ad (lacp/): one struct lacp_system per channel,
 * one struct lacp_port per member, the machines polled by one 100 ms tick
 * per switch (the kernel's AD_TIMER_INTERVAL, which is also what the core
 * counts its timers in), members in the order they joined.  LACPDUs and
 * Marker PDUs (0x8809) are taken off a member by its pre-bridge rx hook:
 * never learnt, never flooded.  What the switch takes from IOS:
 *
 *   actor system    "lacp system-priority" (32768) and the switch's base MAC
 *                   (an MLAG channel: its domain's, see sw_mlag.c)
 *   actor key       the channel-group number (Po1: 1), as IOS uses it
 *                   (an MLAG channel: its MLAG id)
 *   port number     the switch's port index (1..n; + 0x8000 on the second
 *                   switch of an MLAG domain); port priority 32768
 *   Timeout         "lacp rate normal" (slow, the default) or "fast"
 *   Activity        mode active sets it; passive only answers (its
 *                   partner is taken as passive until it speaks), so two
 *                   passive ends never bundle
 *
 * One port-channel forwards on one aggregator.  The core may put members
 * whose partners differ (another system, priority or key) in aggregators
 * of their own; the channel keeps the aggregator it has while one of its
 * ports is enabled and has a partner, and otherwise takes the one with the
 * most such ports (a tie: the one holding the earliest-joined member).
 * Only that aggregator's ports claim Synchronization and can bundle; the
 * others are suspended, with IOS's %EC-5-CANNOT_BUNDLE2 line.
 *
 * Every member runs at the channel's speed, as IOS requires of an
 * EtherChannel: that of its earliest bundled member, else of its earliest
 * member up.  One at another speed is suspended (%EC-5-CANNOT_BUNDLE2 with
 * both speeds) and held out of the Selection Logic: it keeps sending
 * LACPDUs but never claims Synchronization, so its partner does not bundle
 * it either.  It is released when the reference changes (the members at
 * the channel's speed all went down).
 *
 * A member whose far end sends no LACPDU ends in the Receive machine's
 * DEFAULTED state 3 s after its link comes up.  With "lacp
 * suspend-individual" on (the default here and NX-OS's) it is suspended
 * (s) and says %EC-5-L3DONTBNDL2; off, it is stand-alone (I): it forwards
 * as a plain switch port, its own bridge port, until LACPDUs arrive.  A
 * member that loses its link leaves the bundle at once (the channel's map
 * drops it in the carrier event); the machines notice at the next tick.
 *
 * At most "lacp max-bundle" members (8 by default, as Catalyst IOS) are
 * bundled: of the members selected for the channel's aggregator, the
 * controlling end (the lower system id) ranks them by its port priority
 * and number, and the ones past the limit are STANDBY (hot-standby, H):
 * they wait, their aggregate wait done, without Synchronization, and
 * replace a member that goes down at once.  A member back from a failure
 * takes its place by rank only once its own aggregate wait is over.
 *
 * Deviations: a reload restarts every member's machines (BEGIN) when the
 * switch is back; stand-alone ports log no line of their own; the reason
 * in %EC-5-CANNOT_BUNDLE2 for another partner is worded here; duplex is
 * not compared (a half-duplex port runs no LACP at all); static channels
 * are speed- and duplex-checked in sw_lag.c, as IOS does.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "sw_ifname.h"
#include "sw_priv.h"
#include "wire/wire.h"

static struct sw_lacp_member *member_of(const struct lacp_port *lp)
{
	return (struct sw_lacp_member *)((char *)lp - offsetof(struct sw_lacp_member, port));
}

static struct sw_port *port_of(const struct lacp_port *lp)
{
	return member_of(lp)->owner;
}

static bool agg_has_partner(const struct lacp_agg *a)
{
	static const uint8_t zero[WIRE_ETH_ALEN];

	return memcmp(a->partner_system, zero, WIRE_ETH_ALEN) != 0;
}

/* ---- what the core asks of its owner ---------------------------------------- */

/*
 * A port that is down has no MAC to send with: what the machines queue then
 * (the mux asks for a LACPDU as it leaves COLLECTING_DISTRIBUTING) never
 * leaves.  Nor does a LACPDU while the Periodic machine is in NO_PERIODIC
 * (802.1AX-2014 6.4.16): that is what keeps a passive port silent until
 * an active partner speaks.  The core, like Linux, sends on every NTT.
 */
static void lacp_send(void *owner, struct lacp_port *lp, struct frame *f)
{
	struct sw_port *p = port_of(lp);
	bool lacpdu = lacp_slow_subtype(f->data, f->hdr_len) == WIRE_SLOW_SUBTYPE_LACP;

	(void)owner;
	if (!sw_port_forwarding(p) || (lacpdu && lp->ptm == LACP_PTM_NO_PERIODIC)) {
		frame_unref(f);
		return;
	}
	if (!netdev_xmit(&p->nic->dev, f))
		return;	/* refused by the port's queue: its output drop, not a frame out */
	if (lacpdu)
		member_of(lp)->lacpdu_tx++;	/* its frames and bytes out: the NIC's (sw_tx.c) */
}

static void lacp_attach(void *owner, struct lacp_port *lp, struct lacp_agg *agg)
{
	(void)owner;
	(void)lp;
	(void)agg;
}

/* Enable/Disable_Collecting_Distributing: the member joins or leaves the map. */
static void lacp_collecting_distributing(void *owner, struct lacp_port *lp, bool on)
{
	struct sw_lag *lag = owner;
	struct sw_port *p = port_of(lp);

	p->collecting = p->distributing = on;
	if (lag->lacp->map_deferred)
		lag->lacp->map_dirty = true;
	else
		sw_lag_map(lag);
}

static bool lacp_agg_active(void *owner, const struct lacp_agg *agg)
{
	const struct sw_lag *lag = owner;

	return lag->lacp->active == agg;
}

static const struct lacp_ops sw_lacp_ops = {
	.send = lacp_send,
	.attach = lacp_attach,
	.detach = lacp_attach,
	.collecting_distributing = lacp_collecting_distributing,
	.agg_active = lacp_agg_active,
};

/* ---- the channel's one aggregator ------------------------------------------- */

/* Ports of @a that are enabled and selected, with a partner; the earliest member in *first. */
static int agg_live_ports(const struct sw_lag *lag, const struct lacp_agg *a, guint *first)
{
	int n = 0;

	*first = G_MAXUINT;
	if (!a->n_ports || a->individual || !agg_has_partner(a))
		return 0;
	for (guint i = 0; i < lag->members->len; i++) {
		const struct sw_port *p = g_ptr_array_index(lag->members, i);
		const struct lacp_port *lp = &p->lacp->port;

		if (lp->agg != a || !lp->port_enabled || lp->selected == LACP_UNSELECTED)
			continue;
		if (!n++)
			*first = i;
	}
	return n;
}

static void agg_select(struct sw_lag *lag)
{
	struct sw_lag_lacp *l = lag->lacp;
	const struct lacp_agg *best = NULL;
	guint first, best_first = G_MAXUINT;
	int n, best_n = 0;

	if (l->active && agg_live_ports(lag, l->active, &first) > 0)
		return;
	for (int i = 0; i < LACP_MAX_PORTS; i++) {
		const struct lacp_agg *a = &l->sys.aggs[i];

		n = agg_live_ports(lag, a, &first);
		if (!n || n < best_n || (n == best_n && first > best_first))
			continue;
		best = a;
		best_n = n;
		best_first = first;
	}
	if (best == l->active)
		return;
	l->active = best;
	sw_lag_map(lag);
}

/* ---- max-bundle: the members past it wait in hot-standby ----------------------- */

/* Is our system id (priority, then MAC) below the partner's: do we choose the active ports? */
static bool we_control(const struct sw_lag *lag, const struct lacp_agg *a)
{
	const struct lacp_system *sys = &lag->lacp->sys;

	if (sys->system_priority != a->partner_system_priority)
		return sys->system_priority < a->partner_system_priority;
	return memcmp(sys->system, a->partner_system, WIRE_ETH_ALEN) < 0;
}

/*
 * A member's rank among the bundle's candidates, lowest first: those
 * still in their aggregate wait after the others (a member that comes
 * back does not displace a bundled one before it could take its place),
 * then the controlling end's port priority and port number.
 */
static uint64_t bundle_rank(const struct lacp_port *lp, bool ours)
{
	bool settled = lp->mux == LACP_MUX_ATTACHED || lp->mux == LACP_MUX_COLLECTING_DISTRIBUTING ||
		       (lp->mux == LACP_MUX_WAITING && !lp->wait_while_timer && lp->ready_n);
	uint32_t id = ours ? (uint32_t)lp->actor_port_priority << 16 | lp->actor_port_number
			   : (uint32_t)lp->partner_oper.port_priority << 16 | lp->partner_oper.port;

	return (uint64_t)!settled << 32 | id;
}

static void set_selected(struct lacp_port *lp, enum lacp_selected sel, bool run)
{
	if (lp->selected == sel)
		return;
	lacp_trace(lp, "selection", sel == LACP_STANDBY ? "SELECTED" : "STANDBY",
		   sel == LACP_STANDBY ? "STANDBY" : "SELECTED");
	lp->selected = sel;
	if (!run)
		return;
	/* a member promoted out of WAITING attaches at once, its wait done */
	lacp_mux_run(lp);
	lacp_mux_settle(lp);
}

/*
 * 802.1AX 6.4.14: of the ports selected for the channel's aggregator and
 * up, those ranked best by the controlling end (the lower system id: IOS's
 * "the controlling end of the link uses port priorities") stay SELECTED, at
 * most max-bundle of them; the others are STANDBY: their mux waits in
 * WAITING and never claims Synchronization, so the partner does not
 * bundle them either.  A member that goes down makes room at once.
 */
static void bundle_limit(struct sw_lag *lag)
{
	const struct lacp_agg *a = lag->lacp->active;
	struct sw_port *cand[LACP_MAX_PORTS];
	guint n = 0;
	bool ours = a && we_control(lag, a);

	for (guint i = 0; i < lag->members->len; i++) {
		struct sw_port *p = g_ptr_array_index(lag->members, i);
		struct lacp_port *lp = &p->lacp->port;

		if (a && lp->agg == a && lp->selected != LACP_UNSELECTED && !lp->begin &&
		    sw_port_forwarding(p))
			cand[n++] = p;
		else if (lp->selected == LACP_STANDBY)
			set_selected(lp, LACP_SELECTED, false);
	}
	/* a stable insertion sort: equal ranks keep the members' order */
	for (guint i = 1; i < n; i++) {
		struct sw_port *p = cand[i];
		uint64_t r = bundle_rank(&p->lacp->port, ours);
		guint k = i;

		while (k > 0 && bundle_rank(&cand[k - 1]->lacp->port, ours) > r) {
			cand[k] = cand[k - 1];
			k--;
		}
		cand[k] = p;
	}
	/* demote first, so a promoted port finds the aggregator's others as they will be;
	 * the map is rebuilt once, so a swap is no moment without a member */
	lag->lacp->map_deferred = true;
	for (guint i = lag->max_bundle; i < n; i++)
		set_selected(&cand[i]->lacp->port, LACP_STANDBY, true);
	for (guint i = 0; i < n && i < lag->max_bundle; i++)
		set_selected(&cand[i]->lacp->port, LACP_SELECTED, true);
	lag->lacp->map_deferred = false;
	if (lag->lacp->map_dirty) {
		lag->lacp->map_dirty = false;
		sw_lag_map(lag);
	}
}

void sw_lag_set_max_bundle(struct sw_lag *lag, unsigned n)
{
	g_assert(n >= 1 && n <= SW_LACP_MAX_BUNDLE);
	lag->max_bundle = n;
}

unsigned sw_lag_max_bundle(const struct sw_lag *lag)
{
	return lag->max_bundle;
}

void sw_lag_set_min_links(struct sw_lag *lag, unsigned n)
{
	g_assert(n >= 1 && n <= SW_LACP_MAX_BUNDLE);
	lag->min_links = n;
	sw_lag_map(lag);
}

unsigned sw_lag_min_links(const struct sw_lag *lag)
{
	return lag->min_links;
}

bool sw_lacp_in_active_agg(const struct sw_port *p)
{
	return p->lacp && p->lacp->port.agg && p->lacp->port.agg == p->lag->lacp->active;
}

/* ---- speed: every member of a channel runs at the same one ------------------ */

/*
 * Hold every member up at another speed than the reference out of the
 * Selection Logic (lacp_port.sel_hold): it leaves its aggregator, its mux
 * detaches, and its LACPDUs never claim Synchronization, so its partner
 * does not bundle it either.  Run before the machines' tick and on a
 * member's carrier change.
 */
static void speed_check(struct sw_lag *lag)
{
	const struct sw_port *ref = sw_lag_speed_reference(lag);

	for (guint i = 0; i < lag->members->len; i++) {
		struct sw_port *p = g_ptr_array_index(lag->members, i);
		struct sw_lacp_member *m = p->lacp;
		bool hold = ref && p != ref && sw_port_forwarding(p) &&
			    p->nic->dev.speed_bps != ref->nic->dev.speed_bps;

		m->port.sel_hold = hold;
		m->speed_ref = hold ? ref : NULL;
		if (!hold)
			continue;
		m->speed_mine_bps = p->nic->dev.speed_bps;
		m->speed_ref_bps = ref->nic->dev.speed_bps;
		if (m->port.selected != LACP_UNSELECTED)
			m->port.selected = LACP_UNSELECTED;
	}
}

/* ---- what a member is: bundled, waiting, suspended or stand-alone ----------- */

static void log_suspended(struct sw_lag *lag, struct sw_port *p)
{
	struct sw *sw = lag->sw;
	char me[SW_IFNAME_MAX], ref[SW_IFNAME_MAX];
	const char *mine;

	if (sw->reloading)
		return;
	/* EC lines name interfaces in short: "Gi2/5 is not compatible with Gi2/6" */
	mine = sw_ifname_short(p->nic->dev.name, me, sizeof(me));
	if (p->lacp->why == SW_SUSPEND_SPEED) {
		sw_lag_log_speed_suspended(lag, p, p->lacp->speed_ref, p->lacp->speed_mine_bps,
					   p->lacp->speed_ref_bps);
	} else if (p->lacp->why == SW_SUSPEND_NO_LACP) {
		sim_log_printf(&sw->log, sw->sim->now,
			       "%%EC-5-L3DONTBNDL2: %s suspended: LACP currently not enabled on "
			       "the remote port.",
			       mine);
	} else {
		sim_log_printf(&sw->log, sw->sim->now,
			       "%%EC-5-CANNOT_BUNDLE2: %s is not compatible with %s and will be "
			       "suspended (its LACP partner is not the port-channel's)",
			       mine, sw_ifname_short(lag->name, ref, sizeof(ref)));
	}
}

static void member_refresh(struct sw_lag *lag, struct sw_port *p)
{
	struct sw_lacp_member *m = p->lacp;
	const struct lacp_port *lp = &m->port;
	bool fwd = sw_port_forwarding(p);
	bool no_partner = lp->rxm == LACP_RXM_DEFAULTED || lp->rxm == LACP_RXM_LACP_DISABLED;
	enum sw_suspend_why why = SW_SUSPEND_NONE;
	bool individual = false;

	if (fwd && m->speed_ref) {
		why = SW_SUSPEND_SPEED;
	} else if (fwd && no_partner) {
		if (lag->suspend_individual)
			why = SW_SUSPEND_NO_LACP;
		else
			individual = true;
	} else if (fwd && lp->selected == LACP_SELECTED && lp->agg && lag->lacp->active &&
		   lp->agg != lag->lacp->active && agg_has_partner(lp->agg)) {
		why = SW_SUSPEND_OTHER_PARTNER;
	}
	if (why != m->why) {
		m->why = why;
		if (why != SW_SUSPEND_NONE)
			log_suspended(lag, p);
	}
	p->suspended = why != SW_SUSPEND_NONE;
	if (individual != p->individual) {
		/* Leaving or joining the channel's bridge port: what it learnt alone is stale. */
		p->individual = individual;
		sw_port_sync_out(p);
		sw_fdb_flush_bport(lag->sw, &p->own);
		sw_stp_link(lag->sw, &p->own, individual);
	}
}

static void lag_refresh(struct sw_lag *lag)
{
	for (guint i = 0; i < lag->members->len; i++)
		member_refresh(lag, g_ptr_array_index(lag->members, i));
}

enum sw_member_state sw_port_member_state(const struct sw_port *p)
{
	if (!sw_port_forwarding(p))
		return SW_MEMBER_DOWN;
	if (p->bundled)
		return SW_MEMBER_BUNDLED;
	if (p->suspended)
		return SW_MEMBER_SUSPENDED;	/* a static member too, at another speed */
	if (!p->lacp)
		return SW_MEMBER_DOWN;
	if (p->individual)
		return SW_MEMBER_STANDALONE;
	if (p->lacp->port.selected == LACP_STANDBY)
		return SW_MEMBER_HOTSTANDBY;
	return SW_MEMBER_WAITING;
}

/* ---- the tick and the frames in ---------------------------------------------- */

/* bond_3ad_state_machine_handler(), for every LACP channel of the switch. */
void sw_lacp_tick(struct sim *sim, void *arg)
{
	struct sw *sw = arg;

	(void)sim;
	for (guint i = 0; i < sw->lags->len; i++) {
		struct sw_lag *lag = g_ptr_array_index(sw->lags, i);

		if (!lag->lacp)
			continue;
		speed_check(lag);
		for (guint k = 0; k < lag->members->len; k++) {
			struct sw_port *p = g_ptr_array_index(lag->members, k);

			lacp_port_tick(&p->lacp->port);
			agg_select(lag);
			bundle_limit(lag);
			lacp_mux_settle(&p->lacp->port);
		}
		lag_refresh(lag);
	}
}

/* The member's pre-bridge hook: slow protocols go to LACP, the rest to the bridge. */
static enum rx_verdict lacp_rx(void *arg, struct nic *port, struct frame *f,
			       const struct rx_ctx *ctx)
{
	struct sw_port *p = arg;
	struct sw_lacp_member *m = p->lacp;
	uint64_t before = m->port.lacpdu_rx;

	(void)port;
	/* a port that is down drops everything, in the bridge */
	if (ctx->ethertype != WIRE_ETH_P_SLOW || !sw_port_forwarding(p))
		return RX_PASS;
	lacp_rx_frame(&m->port, f->data, f->hdr_len);
	if (m->port.lacpdu_rx != before)
		m->last_rx = p->sw->sim->now;
	agg_select(p->lag);
	bundle_limit(p->lag);
	lacp_mux_settle(&m->port);
	member_refresh(p->lag, p);
	frame_unref(f);
	return RX_CONSUMED;
}

/* ---- set-up ------------------------------------------------------------------ */

void sw_lacp_lag_init(struct sw_lag *lag)
{
	struct sw *sw = lag->sw;
	static const uint8_t zero[6];
	const uint8_t *sysmac = memcmp(sw->cfg.lacp_system_mac, zero, 6) ? sw->cfg.lacp_system_mac
									  : sw->base_mac;

	if (lag->lacp)
		return;
	lag->lacp = g_new0(struct sw_lag_lacp, 1);
	lacp_system_init(&lag->lacp->sys, &sw->sim->pool, &sw_lacp_ops, lag, sysmac);
	lag->lacp->sys.system_priority = sw->cfg.lacp_system_priority;
	if (!sim_timer_pending(&sw->lacp_tick))
		sim_timer_arm_periodic(sw->sim, &sw->lacp_tick, 0, LACP_TICK_NS);
}

void sw_lacp_lag_free(struct sw_lag *lag)
{
	if (!lag->lacp)
		return;
	for (guint i = 0; i < lag->members->len; i++) {
		struct sw_port *p = g_ptr_array_index(lag->members, i);

		g_free(p->lacp);
		p->lacp = NULL;
	}
	g_free(lag->lacp);
	lag->lacp = NULL;
}

void sw_lacp_add_member(struct sw_lag *lag, struct sw_port *p)
{
	struct sw_lacp_member *m = g_new0(struct sw_lacp_member, 1);
	struct lacp_port *lp = &m->port;

	sw_lacp_lag_init(lag);
	m->owner = p;
	m->last_rx = -1;
	m->first_bundled = -1;
	lacp_port_add(&lag->lacp->sys, lp, (uint16_t)p->number, p->nic->dev.perm_mac, lag->key,
		      false);
	lp->actor_port_priority = SW_DEFAULT_LACP_PORT_PRIORITY;
	if (p->mode == SW_CHANNEL_PASSIVE) {
		/*
		 * Passive: no Activity of our own, and a partner taken as passive
		 * until its first LACPDU says otherwise (Partner_Admin_Port_State),
		 * so the Periodic machine stays in NO_PERIODIC and the port only
		 * answers.  The core's default partner is active (as Linux's
		 * was before 6.1.149), which would make a passive port speak
		 * first.
		 */
		lp->actor_admin_port_state &= (uint8_t)~LACP_STATE_ACTIVITY;
		lp->actor_oper_port_state = lp->actor_admin_port_state;
		lp->partner_admin.state &= (uint8_t)~LACP_STATE_ACTIVITY;
		lp->partner_oper = lp->partner_admin;
	}
	p->lacp = m;
	sw_lacp_port_changed(p);
	sw_port_set_rx_hook(lag->sw, p->nic, lacp_rx, p);
}

/* Carrier, shutdown, err-disable, reload: the port is enabled only while it forwards. */
void sw_lacp_port_changed(struct sw_port *p)
{
	struct lacp_port *lp = &p->lacp->port;
	bool was = lp->port_enabled;

	lp->port_enabled = sw_port_forwarding(p);
	lp->lacp_enabled = p->nic->dev.full_duplex;
	/*
	 * A link that comes back starts the port's LACP over (BEGIN), as the
	 * kernel does on the key change of a slave's link up: the mux's
	 * collecting+distributing of before the loss does not carry over.
	 */
	if (lp->port_enabled && !was && !lp->begin) {
		lp->begin = true;
		p->collecting = p->distributing = false;
	}
	speed_check(p->lag);
	bundle_limit(p->lag);
	lag_refresh(p->lag);
}

void sw_lacp_reload_done(struct sw *sw)
{
	for (guint i = 0; i < sw->lags->len; i++) {
		struct sw_lag *lag = g_ptr_array_index(sw->lags, i);

		for (guint k = 0; lag->lacp && k < lag->members->len; k++) {
			struct sw_port *p = g_ptr_array_index(lag->members, k);

			p->lacp->port.begin = true;
			p->lacp->last_rx = -1;
		}
	}
}

void sw_lag_set_suspend_individual(struct sw_lag *lag, bool on)
{
	lag->suspend_individual = on;
	for (guint i = 0; lag->lacp && i < lag->members->len; i++)
		member_refresh(lag, g_ptr_array_index(lag->members, i));
}

static struct sw_port *lacp_member(struct sw *sw, struct nic *port, const char *what,
				   GError **error)
{
	struct sw_port *p = sw_port_of(sw, port);

	if (!p) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_NOT_FOUND,
			    "%s: %s is not a port of this switch", sw->name,
			    port ? port->dev.name : "(null)");
		return NULL;
	}
	if (!p->lacp) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "%s: %s: %s is in no LACP port-channel: %s applies to members of a "
			    "port-channel in mode active or passive",
			    sw->name, what, port->dev.name, what);
		return NULL;
	}
	return p;
}

gboolean sw_port_set_lacp_rate(struct sw *sw, struct nic *port, bool fast, GError **error)
{
	struct sw_port *p = lacp_member(sw, port, "lacp_rate", error);
	struct lacp_port *lp;

	if (!p)
		return FALSE;
	lp = &p->lacp->port;
	p->lacp->fast = fast;
	if (fast)
		lp->actor_admin_port_state |= LACP_STATE_TIMEOUT;
	else
		lp->actor_admin_port_state &= (uint8_t)~LACP_STATE_TIMEOUT;
	lp->actor_oper_port_state = (uint8_t)((lp->actor_oper_port_state & ~LACP_STATE_TIMEOUT) |
					      (lp->actor_admin_port_state & LACP_STATE_TIMEOUT));
	return TRUE;
}

gboolean sw_port_set_lacp_port_priority(struct sw *sw, struct nic *port, uint16_t prio,
					GError **error)
{
	struct sw_port *p = lacp_member(sw, port, "lacp_port_priority", error);

	if (!p)
		return FALSE;
	p->lacp->port.actor_port_priority = prio;
	return TRUE;
}

static const char *const member_state_names[] = {
	[SW_MEMBER_DOWN] = "down",
	[SW_MEMBER_BUNDLED] = "bundled",
	[SW_MEMBER_WAITING] = "waiting",
	[SW_MEMBER_SUSPENDED] = "suspended",
	[SW_MEMBER_STANDALONE] = "stand-alone",
	[SW_MEMBER_HOTSTANDBY] = "hot-standby",
};

const char *sw_member_state_name(enum sw_member_state s)
{
	g_assert((unsigned)s < G_N_ELEMENTS(member_state_names));
	return member_state_names[s];
}

enum sw_member_state sw_member_state(const struct sw *sw, const struct nic *port)
{
	const struct sw_port *p = sw_port_of(sw, port);

	g_assert(p && p->lag);
	return sw_port_member_state(p);
}

const struct lacp_port *sw_port_lacp(const struct sw *sw, const struct nic *port)
{
	const struct sw_port *p = sw_port_of(sw, port);

	return p && p->lacp ? &p->lacp->port : NULL;
}

bool sw_has_lacp(const struct sw *sw)
{
	for (guint i = 0; i < sw->lags->len; i++)
		if (((const struct sw_lag *)g_ptr_array_index(sw->lags, i))->lacp)
			return true;
	return false;
}
