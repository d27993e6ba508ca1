/*
 * bond_modes.c - modes 0 to 3: their transmit and their bond_mode_ops.
 *
 * DOC: Each mode is a table of operations (bond.h) that the bond core calls
 * instead of testing the mode: the kernel's __bond_start_xmit() switch and
 * the per-mode tests of bond_main.c, gathered by mode.  A bond without
 * slaves drops (bond_start_xmit()).
 * - balance-rr: bond_xmit_roundrobin_slave_get().  IPv4 IGMP is never
 *   striped: it goes to curr_active_slave, else bond_get_slave_by_id(0).
 *   Everything else takes bond_rr_gen_slave_id() % slave_cnt, where
 *   slave_cnt counts ALL slaves, up or down, and bond_get_slave_by_id()
 *   walks on to the next slave that can transmit (else the first one
 *   before it).  The id is this_cpu_inc_return() of a counter that starts
 *   at 0, so the first frame has id 1 and leaves on slave index 1.  With
 *   packets_per_slave=N>1 the id is counter / N (reciprocal_divide() is
 *   exact), so the first run is N-1 frames long; with 0 the id is a random
 *   u32 (from the bond's own stream).  One CPU: real multi-queue senders
 *   interleave several counters.  With one of three links down, its turn
 *   goes to its successor, which carries two thirds.  The kernel draws an
 *   id per skb: the frames of one GSO/TSO super-packet (frame.h, gso_id,
 *   set by TCP) all take the slave their first one drew.
 * - active-backup: bond_xmit_activebackup(): curr_active_slave, whatever
 *   its link state (during downdelay frames still go to the failing slave).
 * - balance-xor: bond_3ad_xor_xmit(): usable_slaves[xmit_hash % count].
 * - broadcast: bond_xmit_broadcast(): one copy for each slave that is up
 *   with link UP (a reference each: frames are immutable); dropped and
 *   counted when there is none (bond_tx_drop()), and one tx_dropped on the
 *   bond, once per frame, when every slave's qdisc refused its copy
 *   (NET_XMIT_DROP: dev_core_stats_tx_dropped_inc()).
 * No carrier: the bond's own qdisc is noop_qdisc (dev_deactivate() as the
 * carrier goes; the bond is IFF_NO_QUEUE only while it has one), which
 * drops every frame before any mode sees it, in tx_dropped of nobody:
 * carrier_down on the bond.  With carrier but no slave to take it the
 * frame is dropped and counted (bond_tx_drop(): tx_dropped, tx_no_slave).
 */
#include "bond.h"
#include "bond_hash.h"
#include "wire/dissect.h"

/*
 * bond_dev_queue_xmit().  The per-flow and per-peer counts are of frames the
 * slave took: one it refuses at once (queue_full, carrier_down: netdev_xmit()
 * says false) never left on that slave, and counting it would make a 1
 * Gbit/s slave "send" more than its line rate.  The per-flow counts are
 * then brought to what left, as the slave's tx counters count it: its NIC
 * gives back what it flushed (slave_unsent()) and the report leaves out
 * what it still holds (bond_slave_flow_frames()), both in bond.c; counting
 * here, not per frame at the NIC, costs the default path nothing.  The
 * per-peer counts stay of frames taken.  Returns what the slave answered
 * (true: NETDEV_TX_OK).
 */
bool bond_slave_xmit(struct bond *bond, struct slave *s, struct frame *f)
{
	uint32_t flow = f->meta.flow;
	struct bond_peers *peers = bond->peers;
	bool took;

	if (peers)
		frame_ref(f);	/* read for the peer count once the slave has it */
	took = netdev_xmit(s->dev, f);
	if (took) {
		/* measurement only: grows once per new flow id, then an index */
		if (flow && G_UNLIKELY(flow >= s->flow_frames_len)) {
			s->flow_frames = g_renew(uint64_t, s->flow_frames, flow + 1);
			memset(s->flow_frames + s->flow_frames_len, 0,
			       (flow + 1 - s->flow_frames_len) * sizeof(uint64_t));
			s->flow_frames_len = flow + 1;
		}
		if (flow)
			s->flow_frames[flow]++;
		if (peers)
			bond_peers_count(peers, s, f, false);
	}
	if (peers)
		frame_unref(f);
	return took;
}

/* bond_tx_drop() */
void bond_tx_drop(struct bond *bond, struct frame *f)
{
	bond->tx_no_slave++;
	bond->dev.stats.tx_dropped++;
	netdev_drop(&bond->dev, f, DROP_NO_SLAVE);
}

static void xmit_to(struct bond *bond, struct slave *s, struct frame *f)
{
	if (s)
		bond_slave_xmit(bond, s, f);
	else
		bond_tx_drop(bond, f);
}

/* bond_get_slave_by_id(): the slave at @slave_id if it can transmit, else
 * the next one that can, else the first one before it that can. */
struct slave *bond_get_slave_by_id(struct bond *bond, int slave_id)
{
	guint n = bond->slaves->len;

	for (guint i = (guint)slave_id; i < n; i++)
		if (bond_slave_can_tx(bond_slave(bond, i)))
			return bond_slave(bond, i);
	for (guint i = 0; i < (guint)slave_id && i < n; i++)
		if (bond_slave_can_tx(bond_slave(bond, i)))
			return bond_slave(bond, i);
	return NULL;
}

/* skb->protocol is IPv4 (0x8100 with a tag in the bytes) and the IP protocol is IGMP */
static bool is_igmp(const struct frame *f)
{
	struct wire_pkt p;

	wire_dissect(f->data, f->hdr_len, WIRE_DISSECT_SKB_PROTO, &p);
	return (p.flags & WIRE_PKT_IPV4) && p.ip_proto == WIRE_IPPROTO_IGMP;
}

/* bond_rr_gen_slave_id() */
static uint32_t rr_gen_slave_id(struct bond *bond)
{
	int pps = bond->params.packets_per_slave;

	switch (pps) {
	case 0:
		return rng_u32(&bond->rng);
	case 1:
		return ++bond->rr_tx_counter;
	default:
		return ++bond->rr_tx_counter / (uint32_t)pps;
	}
}

/* bond_xmit_roundrobin_slave_get() */
struct slave *bond_rr_slave_get(struct bond *bond, const struct frame *f)
{
	guint cnt = bond->slaves->len;

	if (is_igmp(f)) {
		if (bond->curr_active)
			return bond->curr_active;
		return bond_get_slave_by_id(bond, 0);
	}
	if (!cnt)
		return NULL;
	/* the kernel draws once per skb: a GSO super-packet's frames stay together */
	if (f->gso_id && f->gso_id == bond->rr_last_gso)
		return bond_get_slave_by_id(bond, bond->rr_last_id % (int)cnt);
	bond->rr_last_gso = f->gso_id;
	bond->rr_last_id = (int)(rr_gen_slave_id(bond) % cnt);
	return bond_get_slave_by_id(bond, bond->rr_last_id);
}

uint32_t bond_frame_hash(const struct bond *bond, const struct frame *f)
{
	/* a VLAN device's tag rides outside the bytes (skb->vlan_tci) */
	struct bond_hash_input in = { .data = f->data,
				      .len = f->hdr_len,
				      .vlan_present = f->vlan_present,
				      .vlan_tci = f->vlan_tci };

	return bond_xmit_hash((enum bond_xmit_policy)bond->params.xmit_policy, &in);
}

/*
 * bond_xmit_broadcast(): a copy to each slave up with link UP.  When no
 * slave's qdisc took its copy (every one full or without carrier: each
 * slave counted its own drop), the bond counts one tx_dropped for the
 * frame (xmit_suc false: NET_XMIT_DROP); with no slave to try at all,
 * bond_tx_drop() as in the other modes.
 */
static void xmit_broadcast(struct bond *bond, struct frame *f)
{
	struct slave *last = NULL;
	bool took = false;

	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);

		if (!(bond_slave_is_up(s) && s->link == BOND_LINK_UP))
			continue;
		if (last)
			took |= bond_slave_xmit(bond, last, frame_copy_ref(bond->dev.sim, f));
		last = s;
	}
	if (!last) {
		bond_tx_drop(bond, f);
		return;
	}
	took |= bond_slave_xmit(bond, last, f);
	if (!took)
		bond->dev.stats.tx_dropped++;
}

static void xmit_roundrobin(struct bond *bond, struct frame *f)
{
	xmit_to(bond, bond_rr_slave_get(bond, f), f);
}

/* bond_xmit_activebackup() */
static void xmit_activebackup(struct bond *bond, struct frame *f)
{
	xmit_to(bond, bond->curr_active, f);
}

/* bond_3ad_xor_xmit(): usable_slaves[hash % count] */
static void xmit_xor(struct bond *bond, struct frame *f)
{
	struct slave *s = NULL;

	if (bond->usable_count)
		s = bond_usable_by_hash(bond, bond_frame_hash(bond, f));
	xmit_to(bond, s, f);
}

/*
 * dev_queue_xmit() on the bond: without carrier its qdisc is noop_qdisc,
 * which drops (not tx_dropped).  Then bond_start_xmit(): a bond without
 * slaves drops (it has no carrier then, so this is for completeness);
 * the mode does the rest.
 */
static bool bond_start_xmit(struct netdev *dev, struct frame *f)
{
	struct bond *bond = (struct bond *)dev;

	if (!dev->carrier) {
		netdev_drop(dev, f, DROP_CARRIER_DOWN);
		return false;
	}
	if (!bond->slaves->len) {
		bond_tx_drop(bond, f);
		return false;
	}
	bond->ops->xmit(bond, f);
	return true;
}

const struct netdev_ops bond_netdev_ops = { .xmit = bond_start_xmit };

/*
 * Slave state at enslave and open.  Active-backup: every slave but the
 * active one is a backup.  The load-balancing modes: "this slave is always
 * active in trunk mode", and the first slave that is up becomes
 * curr_active_slave (silently: it only matters for IGMP in balance-rr).
 */
static void ab_slave_attach(struct bond *bond, struct slave *s)
{
	(void)bond;
	bond_set_slave_inactive_flags(s);
}

static void ab_open(struct bond *bond)
{
	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);

		if (s != bond->curr_active)
			bond_set_slave_inactive_flags(s);
		else
			bond_set_slave_active_flags(s);
	}
}

static void lb_slave_attach(struct bond *bond, struct slave *s)
{
	s->backup = false;
	if (!bond->curr_active && s->link == BOND_LINK_UP)
		bond->curr_active = s;
}

static void lb_open(struct bond *bond)
{
	for (guint i = 0; i < bond->slaves->len; i++)
		bond_set_slave_active_flags(bond_slave(bond, i));
}

/* balance-xor's part of bond_miimon_link_change() */
static void xor_link_change(struct bond *bond, struct slave *s)
{
	(void)s;
	bond_update_slave_arr(bond);
}

static const struct bond_mode_ops rr_ops = {
	.mode = BOND_MODE_ROUNDROBIN,
	.open = lb_open,
	.xmit = xmit_roundrobin,
	.slave_attach = lb_slave_attach,
};

static const struct bond_mode_ops ab_ops = {
	.mode = BOND_MODE_ACTIVEBACKUP,
	.flags = BOND_MODE_F_PRIMARY | BOND_MODE_F_ONE_ACTIVE,
	.open = ab_open,
	.xmit = xmit_activebackup,
	.slave_attach = ab_slave_attach,
	.active_change = bond_ab_active_change,
};

static const struct bond_mode_ops xor_ops = {
	.mode = BOND_MODE_XOR,
	.flags = BOND_MODE_F_XMIT_HASH,
	.open = lb_open,
	.xmit = xmit_xor,
	.slave_attach = lb_slave_attach,
	.link_change = xor_link_change,
};

static const struct bond_mode_ops broadcast_ops = {
	.mode = BOND_MODE_BROADCAST,
	.open = lb_open,
	.xmit = xmit_broadcast,
	.slave_attach = lb_slave_attach,
};

const struct bond_mode_ops *bond_mode_ops_get(int mode)
{
	static const struct bond_mode_ops *const ops[] = {
		[BOND_MODE_ROUNDROBIN] = &rr_ops,
		[BOND_MODE_ACTIVEBACKUP] = &ab_ops,
		[BOND_MODE_XOR] = &xor_ops,
		[BOND_MODE_BROADCAST] = &broadcast_ops,
		[BOND_MODE_8023AD] = &bond_3ad_ops,
		[BOND_MODE_TLB] = &bond_tlb_ops,
		[BOND_MODE_ALB] = &bond_alb_ops,
	};

	if (mode < 0 || (size_t)mode >= G_N_ELEMENTS(ops))
		return NULL;
	return ops[mode];
}
