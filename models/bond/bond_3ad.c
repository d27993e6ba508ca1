/*
 * bond_3ad.c - mode 802.3ad: the bond as one LACP system over its slaves.
 *
 * DOC: The kernel's bond_3ad.c glue (Linux 6.1), on the 802.1AX machines of
 * lacp/.  A bond in 802.3ad owns one struct lacp_system and, per slave,
 * one port and one aggregator of its own (bond_3ad_priv.h).
 *
 * Enslaving (bond_3ad_bind_slave()): port number = the last slave's + 1
 * (1 for the first), key from the link (bond_3ad_sel.c), the port enabled
 * whatever its link (ad_initialize_port() sets is_enabled), Timeout with
 * lacp_rate=fast, Activity unless lacp_active=off (a passive port speaks
 * periodically once it hears an active partner), the partner's
 * administrative state 0, the slave inactive; the
 * slave's aggregator gets the next id.  The first slave runs
 * bond_3ad_initialize(): system priority ad_actor_sys_prio, system MAC
 * ad_actor_system or the bond's, aggregator ids from 1, and the aggregator
 * selection timer at 8 s.  bond_open() sets that timer to one tick
 * (bond_3ad_initiate_agg_selection(bond, 1)), which is why a bond enslaved
 * and then brought up aggregates in about 2.5 s but one brought up first
 * and then enslaved waits the full 8 s (80 ticks, 8.3 s): the timer holds every ATTACHED port
 * out of COLLECTING_DISTRIBUTING (__check_agg_selection_timer()).
 *
 * The state machine handler (bond_3ad_state_machine_handler()), every
 * 100 ms from bond_open() while the bond has slaves (104 ms: the timer
 * wheel's rounding, bond_work_at()): the selection timer
 * first (when it runs out: ad_agg_selection_logic() and the carrier), then
 * per slave in bond order rx, periodic, selection, mux, tx, churn; a port
 * left in COLLECTING_DISTRIBUTING in the active aggregator is re-enabled
 * if something disabled it.  LACPDUs and Markers (0x8809 to
 * 01:80:c2:00:00:02, subtype 1 or 2, at least 110 bytes after the
 * Ethernet header) are taken off the slave by the mode's recv_probe and
 * run the Receive machine at once, whatever their version and TLV headers
 * say (lacp_system.linux_rx); they never reach the stack.  Any other
 * slow-protocols frame goes on like any frame (ad_recv_probe()).
 *
 * Link changes: a NETDEV_CHANGE of a slave whose speed is unknown (a NIC
 * without carrier) marks its link FAIL (DOWN if it was never up) at once
 * and refreshes the key ("speed changed to 0 on port N"); the MII
 * monitor's commit then makes the slave a backup (UP) or inactive (DOWN)
 * and runs bond_3ad_handle_link_change(): port enabled or not, keys, and
 * a new choice of the active aggregator.
 *
 * A slave transmits while it is active (not backup): the mux enables it
 * entering COLLECTING_DISTRIBUTING in the active aggregator and disables it
 * entering ATTACHED or DETACHED when its aggregator has a partner; the
 * active aggregator's choice disables the old one's ports and force-enables
 * those of a partnerless one.  xmit is bond_3ad_xor_xmit() over the
 * usable slaves of the active aggregator, and nothing while the bond has no
 * carrier (the kernel's qdisc drops: linkwatch, urgent for a LAG master,
 * swaps in noop_qdisc at once), counted as carrier_down on the bond and
 * not in its tx_dropped (bond_modes.c, as in every mode).
 *
 * Release (bond_3ad_unbind_slave()): a last LACPDU without Aggregation,
 * Synchronization, Collecting and Distributing leaves at once; ports that
 * were on the slave's aggregator move to a free one ("Removing an active
 * aggregator" when it was the active one), and a new active aggregator is
 * chosen if the port's left empty.
 *
 * An aggregator that keeps ports, none of them enabled, when a slave is
 * released is not cleared, only given up as the active one, as 6.1 does
 * (it clears it only when no port is left: num_of_ports == 0).
 *
 * Deviations: the usable-slave array is rebuilt at once, where the kernel
 * queues a work item for it; a slave coming out of updelay because it was
 * chosen as curr_active_slave does not run bond_3ad_handle_link_change().
 */
#include <stddef.h>
#include <string.h>

#include "bond_3ad_priv.h"

struct ad_port *ad_port_of(struct bond_3ad *ad, const struct slave *s)
{
	for (int i = 0; i < LACP_MAX_PORTS; i++)
		if (ad->port[i].slave == s)
			return &ad->port[i];
	return NULL;
}

static struct bond_3ad *ad_get(struct bond *bond)
{
	struct bond_3ad *ad = bond->mode_priv;

	if (!ad) {
		ad = g_new0(struct bond_3ad, 1);
		ad->bond = bond;
		bond->mode_priv = ad;
	}
	return ad;
}

/* The tx-enabled flag (bond_is_active_slave()), telling the hook of a change. */
static void set_backup(struct bond_3ad *ad, struct slave *s, bool backup, bool inactive,
		       const char *why)
{
	bool was = !s->backup;

	if (!backup)
		bond_set_slave_active_flags(s);
	else if (inactive)
		bond_set_slave_inactive_flags(s);
	else
		s->backup = true;	/* bond_set_backup_slave() */
	if (was != !s->backup && ad->hook)
		ad->hook(ad->hook_arg, ad->bond, s, !s->backup, why);
}

void ad_enable_port(struct bond_3ad *ad, struct ad_port *ap, const char *why)
{
	if (ap->slave->link == BOND_LINK_UP && bond_slave_is_up(ap->slave))
		set_backup(ad, ap->slave, false, false, why);
}

void ad_disable_port(struct bond_3ad *ad, struct ad_port *ap, const char *why)
{
	set_backup(ad, ap->slave, true, true, why);
}

/* ---- what the LACP machines ask of the bond ------------------------------------------- */

static void ad_send(void *owner, struct lacp_port *p, struct frame *f)
{
	netdev_xmit(ad_port_of_lp(owner, p)->slave->dev, f);
}

static void ad_attach(void *owner, struct lacp_port *p, struct lacp_agg *agg)
{
	(void)owner;
	(void)p;
	(void)agg;
}

/* Why a port entering ATTACHED or DETACHED stops: for the hook. */
static const char *stop_reason(const struct lacp_port *p)
{
	if (p->selected != LACP_SELECTED)
		return "unselected";
	if (p->rxm == LACP_RXM_PORT_DISABLED)
		return "carrier";
	if (p->rxm == LACP_RXM_EXPIRED || p->rxm == LACP_RXM_DEFAULTED)
		return "lacp timeout";
	if (!(p->partner_oper.state & LACP_STATE_SYNCHRONIZATION))
		return "partner out of sync";
	if (!(p->actor_oper_port_state & LACP_STATE_SYNCHRONIZATION))
		return "aggregator inactive";
	return "detached";
}

/* ad_enable_collecting_distributing() / ad_disable_collecting_distributing() */
static void ad_collecting_distributing(void *owner, struct lacp_port *p, bool on)
{
	struct bond_3ad *ad = owner;
	struct ad_port *ap = ad_port_of_lp(ad, p);

	if (on && p->agg && ad->agg_active[ad_agg_index(ad, p->agg)])
		ad_enable_port(ad, ap, "collecting_distributing");
	else if (!on && p->agg && ad_agg_has_partner(p->agg))
		ad_disable_port(ad, ap, stop_reason(p));
	else
		return;
	bond_update_slave_arr(ad->bond);
}

static bool ad_agg_active_op(void *owner, const struct lacp_agg *agg)
{
	const struct bond_3ad *ad = owner;

	return ad->agg_active[ad_agg_index(ad, agg)];
}

/* The end of ad_port_selection_logic(): a port joined an aggregator. */
static void ad_selected(void *owner, struct lacp_port *p)
{
	struct bond_3ad *ad = owner;
	struct ad_port *ap = ad_port_of_lp(ad, p);

	if (!p->agg) {
		bond_log(ad->bond, ap->slave, "Port %u did not find a suitable aggregator",
			 p->actor_port_number);
		return;
	}
	if (p->agg->n_ports == 1)
		ad->agg_active[ad_agg_index(ad, p->agg)] = false;	/* ad_clear_agg() */
	ap->joined = ++ad->joins;
	ad_agg_selection_logic(ad);
}

/* __check_agg_selection_timer() */
static bool ad_cd_hold(void *owner, const struct lacp_port *p)
{
	(void)p;
	return ((const struct bond_3ad *)owner)->agg_select_timer != 0;
}

static void ad_loopback(void *owner, struct lacp_port *p)
{
	struct bond_3ad *ad = owner;
	struct ad_port *ap = ad_port_of_lp(ad, p);

	/* slave_err() with an embedded newline: two lines in the log */
	bond_log(ad->bond, ap->slave, "An illegal loopback occurred on slave");
	if (ad->bond->log)
		sim_log_printf(ad->bond->log, ad->bond->dev.sim->now,
			       "Check the configuration to verify that all adapters are connected to 802.3ad compliant switch ports");
}

static const struct lacp_ops ad_lacp_ops = {
	.send = ad_send,
	.attach = ad_attach,
	.detach = ad_attach,
	.collecting_distributing = ad_collecting_distributing,
	.agg_active = ad_agg_active_op,
	.selected = ad_selected,
	.cd_hold = ad_cd_hold,
	.loopback = ad_loopback,
};

/* ---- enslave, release, link ---------------------------------------------------------- */

/* The aggregators in slave order, for Selection Logic's search. */
static void ad_agg_order(struct bond_3ad *ad, const struct slave *extra, const struct slave *gone)
{
	const struct bond *bond = ad->bond;

	ad->sys.n_agg_order = 0;
	for (guint i = 0; i <= bond->slaves->len; i++) {
		const struct slave *s = i < bond->slaves->len ? bond_slave(bond, i) : extra;
		struct ad_port *ap = s && s != gone ? ad_port_of(ad, s) : NULL;

		if (ap)
			ad->sys.agg_order[ad->sys.n_agg_order++] = &ad->sys.aggs[ad_index(ad, ap)];
	}
}

/* bond_3ad_initialize(): at the first enslave, when the bond's MAC is set. */
static void ad_initialize(struct bond_3ad *ad)
{
	const struct bond *bond = ad->bond;
	static const uint8_t zero[6];
	const uint8_t *sysmac = memcmp(bond->params.ad_actor_system, zero, 6) ?
				bond->params.ad_actor_system : bond->dev.mac;

	lacp_system_init(&ad->sys, &bond->dev.sim->pool, &ad_lacp_ops, ad, sysmac);
	ad->sys.system_priority = (uint16_t)bond->params.ad_actor_sys_prio;
	ad->sys.move_attached = true;
	ad->sys.linux_port_disabled = true;
	ad->sys.linux_rx = true;
	memset(ad->port, 0, sizeof(ad->port));
	memset(ad->agg_active, 0, sizeof(ad->agg_active));
	ad->aggregator_identifier = 0;
	ad->agg_select_timer = AD_AGG_SELECTION_TICKS;
	ad->initialized = true;
}

/*
 * What Linux 6.1.149 and later (as 6.1.176 runs, checked) change in
 * ad_initialize_port(): a port is Active only with lacp_active on, and the
 * partner's administrative state, which a port shows while EXPIRED (with
 * Timeout) and DEFAULTED, is 0: the partner is not taken to be active.
 */
static void ad_port_defaults(struct lacp_port *p, bool lacp_active)
{
	if (!lacp_active)
		p->actor_admin_port_state &= (uint8_t)~LACP_STATE_ACTIVITY;
	p->actor_oper_port_state = p->actor_admin_port_state;
	p->partner_admin.state = 0;
	p->partner_oper = p->partner_admin;
}

/* bond_3ad_bind_slave() (bond_enslave()'s 802.3ad case) */
static void ad_slave_attach(struct bond *bond, struct slave *s)
{
	struct bond_3ad *ad = ad_get(bond);
	uint16_t number = 1;
	struct ad_port *ap;
	struct lacp_port *p;
	uint16_t id;

	if (!bond->slaves->len)
		ad_initialize(ad);
	else
		number = ad_port_of(ad, bond_slave(bond, bond->slaves->len - 1))->lp.actor_port_number + 1;
	ap = ad_port_of(ad, NULL);
	g_assert(ap);		/* the loader keeps a bond to LACP_MAX_PORTS slaves */
	memset(ap, 0, sizeof(*ap));
	ap->slave = s;
	ap->ever_up = s->link != BOND_LINK_DOWN;
	p = &ap->lp;
	/* ad_initialize_port(): Activity as lacp_active says, enabled, churn
	 * machines in MONITOR (state 0) */
	lacp_port_add(&ad->sys, p, number, s->perm_hwaddr, 0, bond->params.lacp_rate == 1);
	ad_port_defaults(p, bond->params.lacp_active);
	p->port_enabled = true;
	p->actor_churn = LACP_CHURN_MONITOR;
	p->partner_churn = LACP_CHURN_MONITOR;
	p->actor_admin_port_key = (uint16_t)(bond->params.ad_user_port_key << 6);
	p->actor_oper_port_key = 0;
	ad_update_actor_keys(ad, ap, false);
	p->lacp_enabled = p->actor_oper_port_key & 1;	/* what INITIALIZE will find */
	bond_set_slave_inactive_flags(s);		/* __disable_port() */
	/* ad_initialize_agg(): the slave's own aggregator, the next id */
	id = ++ad->aggregator_identifier;
	memset(&ad->sys.aggs[ad_index(ad, ap)], 0, sizeof(struct lacp_agg));
	ad->sys.aggs[ad_index(ad, ap)].id = id;
	ad->agg_active[ad_index(ad, ap)] = false;
	ad_agg_order(ad, s, NULL);
}

/* bond_3ad_handle_link_change(), with bond_miimon_commit()'s 802.3ad part. */
static void ad_link_change(struct bond *bond, struct slave *s)
{
	struct bond_3ad *ad = ad_of(bond);
	struct ad_port *ap = ad ? ad_port_of(ad, s) : NULL;

	if (!ap)
		return;
	if (s->link == BOND_LINK_UP) {
		set_backup(ad, s, true, false, "link up");	/* not active until LACP says */
		ap->ever_up = true;
		ap->lp.port_enabled = true;
		ad_update_actor_keys(ad, ap, false);
	} else {
		set_backup(ad, s, true, true, "carrier");
		ap->lp.port_enabled = false;
		ad_update_actor_keys(ad, ap, true);
	}
	ad_agg_selection_logic(ad);
}

/* bond_slave_netdev_event(NETDEV_CHANGE): bond_update_speed_duplex() failed
 * (no carrier: speed unknown) marks the link at once, then
 * bond_3ad_adapter_speed_duplex_changed(). */
static void ad_slave_change(struct bond *bond, struct slave *s)
{
	struct bond_3ad *ad = ad_of(bond);
	struct ad_port *ap = ad ? ad_port_of(ad, s) : NULL;

	if (!ap)
		return;
	if (!s->dev->carrier)
		s->link = ap->ever_up ? BOND_LINK_FAIL : BOND_LINK_DOWN;
	ad_update_actor_keys(ad, ap, false);
}

/* The port's last LACPDU, sent at once (ad_lacpdu_send() in unbind). */
static void ad_send_now(struct bond_3ad *ad, struct ad_port *ap)
{
	struct lacpdu pdu;

	lacp_pdu_from_port(&ap->lp, &pdu);
	ap->lp.lacpdu_tx++;
	netdev_xmit(ap->slave->dev, lacp_pdu_frame_new(ad->sys.pool, ap->lp.mac, &pdu));
}

static void clear_agg(struct bond_3ad *ad, struct lacp_agg *agg)
{
	uint16_t id = agg->id;

	memset(agg, 0, sizeof(*agg));
	agg->id = id;
	ad->agg_active[ad_agg_index(ad, agg)] = false;
}

/* "Removing an active aggregator", then a new choice. */
static void removing_active(struct bond_3ad *ad, struct slave *s)
{
	bond_log(ad->bond, s, "Removing an active aggregator");
	ad_agg_selection_logic(ad);
}

/* The first aggregator, in slave order, that is empty or holds only @ap. */
static struct lacp_agg *free_agg_for_move(struct bond_3ad *ad, const struct ad_port *ap)
{
	const struct bond *bond = ad->bond;

	for (guint i = 0; i < bond->slaves->len; i++) {
		struct lacp_agg *a = &ad->sys.aggs[ad_index(ad, ad_port_of(ad, bond_slave(bond, i)))];

		if (!a->n_ports || (a->n_ports == 1 && ap->lp.agg == a))
			return a;
	}
	return NULL;
}

/*
 * bond_3ad_unbind_slave(): called while @s is still in the bond's list,
 * before the core takes it out.
 */
static void ad_slave_release(struct bond *bond, struct slave *s)
{
	struct bond_3ad *ad = ad_of(bond);
	struct ad_port *ap = ad ? ad_port_of(ad, s) : NULL;
	struct lacp_agg *own, *agg;

	if (!ap)
		return;
	set_backup(ad, s, true, true, "released");
	own = &ad->sys.aggs[ad_index(ad, ap)];
	/* tell the partner that this port is not suitable for aggregation */
	ap->lp.actor_oper_port_state &= (uint8_t)~(LACP_STATE_SYNCHRONIZATION |
						   LACP_STATE_COLLECTING |
						   LACP_STATE_DISTRIBUTING | LACP_STATE_AGGREGATION);
	if (s->dev->carrier)
		ad_send_now(ad, ap);
	if (own->n_ports && (ap->lp.agg != own || own->n_ports > 1)) {
		/* other ports are on this slave's aggregator: move them */
		struct lacp_agg *to = free_agg_for_move(ad, ap);

		if (to) {
			bool removing = ap->lp.agg == to && ad->agg_active[ad_agg_index(ad, to)];
			uint16_t id = to->id;

			if (ap->lp.agg == to) {
				/* its list is overwritten: our port is on no list any more */
				ap->lp.agg = NULL;
				ap->lp.attached = false;
			}
			*to = *own;
			to->id = id;
			ad->agg_active[ad_agg_index(ad, to)] = ad->agg_active[ad_agg_index(ad, own)];
			for (int i = 0; i < LACP_MAX_PORTS; i++)
				if (ad->port[i].slave && ad->port[i].lp.agg == own)
					ad->port[i].lp.agg = to;
			clear_agg(ad, own);
			if (removing)
				removing_active(ad, s);
		} else {
			bond_log(bond, s, "unbinding aggregator, and could not find a new aggregator for its ports");
		}
	} else if (own->n_ports) {
		/* only our port on it */
		bool was_active = ad->agg_active[ad_agg_index(ad, own)];

		clear_agg(ad, own);
		ap->lp.agg = NULL;
		ap->lp.attached = false;
		if (was_active)
			removing_active(ad, s);
	}
	/* off the aggregator it is on */
	agg = ap->lp.agg;
	if (agg) {
		agg->n_ports--;
		ap->lp.agg = NULL;
		ap->lp.attached = false;
		if (!ad_agg_active_ports(ad, agg)) {
			bool was_active = ad->agg_active[ad_agg_index(ad, agg)];

			if (!agg->n_ports)
				clear_agg(ad, agg);
			ad->agg_active[ad_agg_index(ad, agg)] = false;
			if (was_active)
				removing_active(ad, s);
		}
	}
	lacp_port_del(&ad->sys, &ap->lp);
	ap->slave = NULL;
	ad_agg_order(ad, NULL, s);
}

/* bond_free(): the port goes with the bond, nothing is sent. */
static void ad_slave_detach(struct bond *bond, struct slave *s)
{
	struct bond_3ad *ad = ad_of(bond);
	struct ad_port *ap = ad ? ad_port_of(ad, s) : NULL;

	if (ap)
		ap->lp.port_enabled = false;
}

/* ---- the bond up, the tick, frames ------------------------------------------------------ */

/* bond_open(): bond_3ad_initiate_agg_selection(bond, 1) */
static void ad_open(struct bond *bond)
{
	ad_get(bond)->agg_select_timer = 1;
}

/* bond_3ad_state_machine_handler() */
static void ad_periodic(struct bond *bond)
{
	struct bond_3ad *ad = ad_of(bond);

	if (!ad || !bond->slaves->len)
		return;
	if (ad->agg_select_timer && --ad->agg_select_timer == 0) {
		ad_agg_selection_logic(ad);
		ad_set_carrier(bond);
	}
	for (guint i = 0; i < bond->slaves->len; i++) {
		struct ad_port *ap = ad_port_of(ad, bond_slave(bond, i));
		struct lacp_port *p = &ap->lp;

		lacp_port_tick(p);
		/* ad_mux_machine(): a port staying in COLLECTING_DISTRIBUTING in
		 * the active aggregator is enabled again if it was disabled */
		if (p->mux == LACP_MUX_COLLECTING_DISTRIBUTING && p->agg &&
		    ad->agg_active[ad_agg_index(ad, p->agg)] && ap->slave->backup) {
			ad_enable_port(ad, ap, "aggregator active");
			bond_update_slave_arr(bond);
		}
	}
}

/*
 * bond_3ad_lacpdu_recv() and bond_3ad_rx_indication(): the bond takes a
 * slow-protocols frame (0x8809) sent to 01:80:c2:00:00:02 with at least a
 * whole LACPDU after the Ethernet header (sizeof(struct lacpdu), 110
 * bytes: skb_header_pointer() fails on less, lacpdu_illegal_rx) whose
 * subtype is LACP or Marker.  Anything else goes on through
 * bond_handle_frame() (RX_HANDLER_ANOTHER): to the bond's stack from an
 * active slave, where no protocol takes 0x8809 (rx_dropped), and an
 * unknown subtype is counted first (lacpdu_unknown_rx).
 */
static enum rx_verdict ad_recv_probe(struct bond *bond, struct slave *s, struct frame *f,
				     const struct rx_ctx *ctx)
{
	static const uint8_t lacpdu_mcast[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x02 };
	struct bond_3ad *ad = ad_of(bond);
	struct ad_port *ap = ad ? ad_port_of(ad, s) : NULL;
	uint8_t untagged[WIRE_ETH_HLEN + WIRE_SLOW_PDU_LEN];
	const uint8_t *pdu = f->data;
	size_t len = f->hdr_len;
	uint8_t subtype;

	if (ctx->ethertype != WIRE_ETH_P_SLOW || !ap || f->hdr_len < WIRE_ETH_HLEN ||
	    !mac_equal(f->data, lacpdu_mcast))
		return RX_PASS;
	if (f->len < (uint32_t)ctx->l2_len + WIRE_SLOW_PDU_LEN) {
		ap->lp.pdu_errors[LACP_PDU_SHORT]++;
		return RX_PASS;
	}
	/* bytes past hdr_len are zeros (frame.h) */
	subtype = f->hdr_len > ctx->l2_len ? f->data[ctx->l2_len + WIRE_SLOW_OFF_SUBTYPE] : 0;
	if (subtype != WIRE_SLOW_SUBTYPE_LACP && subtype != WIRE_SLOW_SUBTYPE_MARKER) {
		ap->lp.pdu_errors[LACP_PDU_SUBTYPE]++;
		return RX_PASS;
	}
	if (ctx->l2_len > WIRE_ETH_HLEN) {
		/* tagged: the stack untagged it before the rx handler (skb_vlan_untag) */
		size_t body = MIN((size_t)f->hdr_len - ctx->l2_len, (size_t)WIRE_SLOW_PDU_LEN);

		memcpy(untagged, f->data, 12);
		wire_wr16(untagged + 12, WIRE_ETH_P_SLOW);
		memcpy(untagged + WIRE_ETH_HLEN, f->data + ctx->l2_len, body);
		pdu = untagged;
		len = WIRE_ETH_HLEN + body;
	}
	lacp_rx_frame(&ap->lp, pdu, len);
	frame_unref(f);
	return RX_CONSUMED;
}

/* bond_update_slave_arr()'s 802.3ad test: in the active aggregator. */
static bool ad_slave_usable(const struct bond *bond, const struct slave *s)
{
	struct bond_3ad *ad = ad_of(bond);
	struct ad_port *ap = ad ? ad_port_of(ad, s) : NULL;

	return ap && ap->lp.agg && ap->lp.agg == ad_active_agg(ad);
}

/* bond_update_slave_arr()'s bond_3ad_get_active_agg_info(): no active
 * aggregator (none chosen yet, or every port disabled) leaves no array. */
static bool ad_slave_arr_ok(const struct bond *bond)
{
	struct bond_3ad *ad = ad_of(bond);

	return ad && ad_active_agg(ad);
}

/* bond_3ad_xor_xmit(), behind the qdisc that drops while carrier is off
 * (bond_start_xmit(), as for every mode) */
static void ad_xmit(struct bond *bond, struct frame *f)
{
	if (bond->usable_count)
		bond_slave_xmit(bond, bond_usable_by_hash(bond, bond_frame_hash(bond, f)), f);
	else
		bond_tx_drop(bond, f);
}

/* ---- what others may read -------------------------------------------------------------- */

const struct lacp_port *bond_3ad_port(const struct bond *bond, const struct slave *s)
{
	struct bond_3ad *ad = ad_of(bond);
	struct ad_port *ap = ad ? ad_port_of(ad, s) : NULL;

	return ap ? &ap->lp : NULL;
}

bool bond_3ad_slave_distributing(const struct bond *bond, const struct slave *s)
{
	return ad_of(bond) && !s->backup;
}

void bond_3ad_set_port_hook(struct bond *bond,
			    void (*fn)(void *arg, struct bond *bond, struct slave *s, bool on,
				       const char *why),
			    void *arg)
{
	struct bond_3ad *ad;

	if (bond->ops != &bond_3ad_ops)
		return;
	ad = ad_get(bond);
	ad->hook = fn;
	ad->hook_arg = arg;
}

const struct bond_mode_ops bond_3ad_ops = {
	.mode = BOND_MODE_8023AD,
	.flags = BOND_MODE_F_XMIT_HASH,
	.open = ad_open,
	.xmit = ad_xmit,
	.recv_probe = ad_recv_probe,
	.slave_attach = ad_slave_attach,
	.slave_detach = ad_slave_detach,
	.slave_release = ad_slave_release,
	.slave_change = ad_slave_change,
	.link_change = ad_link_change,
	.set_carrier = ad_set_carrier,
	.slave_usable = ad_slave_usable,
	.slave_arr_ok = ad_slave_arr_ok,
	.periodic = ad_periodic,
	.periodic_ms = 100,
	.proc_master = ad_proc_master,
	.proc_slave = ad_proc_slave,
};
