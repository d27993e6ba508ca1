/*
 * bond_rlb.c - balance-alb (mode 6): receive load balancing for IPv4 through ARP.
 *
 * DOC: The rlb_ half of Linux 6.1's drivers/net/bonding/bond_alb.c.  A
 * balance-alb bond cannot choose the slave a frame arrives on; it chooses
 * which slave's MAC each peer (client) has in its ARP cache for the bond's
 * address.  The client table has 256 entries keyed by the XOR of the
 * client's four address bytes (_simple_hash()); a colliding client evicts
 * the previous one, which is first told to use the active slave.
 *
 * - The host's ARP reply to a client (rlb_arp_xmit(), rlb_choose_channel()):
 *   a known client keeps its slave; a new one gets the next slave after the
 *   last one handed out, preferring the fastest (rlb_next_rx_slave()).  The
 *   reply's sender MAC becomes that slave's MAC and it leaves on that slave
 *   (whose Ethernet source bond_do_alb_xmit() rewrites too).  A reply to a
 *   new client also marks it "need to transmit", so the next monitor tick
 *   with no delay pending tells it again (2 replies).
 * - The host's ARP request: it leaves on the target's slave but still says
 *   the bond's MAC as sender, and it is broadcast: every peer that hears it
 *   and has an entry for the bond's address moves that entry to the bond's
 *   MAC, i.e. to the active slave.  So the request creates a placeholder
 *   entry for its target, marks every client of that address on another
 *   slave, and sets rlb_update_delay_counter to 2 s of ticks: the corrective
 *   replies go out after the request has done its harm, and after the
 *   peers' locktime (1 s) would have ignored them.
 * - Received ARP (rlb_arp_recv(), on every slave, before anything else):
 *   entries for the same bond address with another bond MAC are purged
 *   (rlb_purge_src_ip()); a client's reply fills in its real MAC and marks
 *   it (rlb_update_entry_from_arp()).
 * - Updates (rlb_update_rx_clients(), from bond_alb_monitor() when rx_ntt
 *   is set and the delay has run out): RLB_ARP_BURST_SIZE (2) unicast ARP
 *   replies per marked client from its slave (arp_create(): sender = the
 *   bond's address and the slave's MAC, target = the client), then the
 *   delay is 2 s again.  A slave that failed or left (rlb_clear_slave())
 *   hands its clients round-robin to the others and sets
 *   rlb_update_retry_counter to 3: the marks survive 3 more rounds, so each
 *   moved client gets 4 rounds of 2 replies, 2.1 s apart; if the failed
 *   slave was not the active one, the active slave goes promiscuous for 10 s
 *   and sends a learning packet with the failed slave's MAC
 *   (rlb_teach_disabled_mac_on_primary()).  A slave coming up or enslaved
 *   reassigns every client round-robin at the next tick (rlb_rebalance())
 *   and updates those that moved: if the switch port is not forwarding yet
 *   (spanning tree) when that happens, the updates are lost, which is why
 *   bonding.rst asks for an updelay at least as long as the switch's
 *   forwarding delay.
 *
 * A client in a VLAN above the bond (its ARP came down through bond0.100)
 * keeps the VLAN id, and its updates go out tagged with it.
 *
 * Deviations: promiscuity is a flag only: a
 * NIC here receives every frame its cable brings, and a frame to another
 * MAC is dropped by IP as PACKET_OTHERHOST, as in the kernel.
 */
#include <string.h>

#include "bond.h"
#include "bond_alb.h"
#include "wire/wire.h"
#include "wire/dissect.h"

static struct alb_bond_info *alb_of(const struct bond *bond)
{
	return bond->mode_priv;
}

static const uint8_t mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* is_valid_ether_addr(): unicast and not zero. */
static bool mac_valid(const uint8_t m[6])
{
	static const uint8_t zero[6];

	return !mac_is_multicast(m) && !mac_equal(m, zero);
}

static bool mac_zero(const uint8_t m[6])
{
	static const uint8_t zero[6];

	return mac_equal(m, zero);
}

static uint32_t ip_hash(uint32_t ip)
{
	const uint8_t b[4] = { (uint8_t)(ip >> 24), (uint8_t)(ip >> 16), (uint8_t)(ip >> 8),
			       (uint8_t)ip };

	return alb_simple_hash(b, 4);
}

/* The fields of struct arp_pkt that rlb reads, at @p (the ARP header). */
struct rlb_arp {
	uint16_t op;
	const uint8_t *mac_src, *mac_dst;
	uint32_t ip_src, ip_dst;
	uint16_t vlan_id;		/* vlan_get_tag(): a VLAN device's, 0: untagged */
};

static void arp_view(const uint8_t *p, struct rlb_arp *a)
{
	a->op = wire_rd16(p + WIRE_ARP_OFF_OP);
	a->mac_src = p + WIRE_ARP_OFF_SHA;
	a->mac_dst = p + WIRE_ARP_OFF_THA;
	a->ip_src = wire_rd32(p + WIRE_ARP_OFF_SPA);
	a->ip_dst = wire_rd32(p + WIRE_ARP_OFF_TPA);
}

static struct slave *slave_has_mac(const struct bond *bond, const uint8_t mac[6])
{
	for (guint i = 0; i < bond->slaves->len; i++)
		if (mac_equal(bond_slave(bond, i)->dev->mac, mac))
			return bond_slave(bond, i);
	return NULL;
}

const struct rlb_client_info *bond_rlb_client(const struct bond *bond, uint32_t ip)
{
	const struct alb_bond_info *bi = bond_alb_info(bond);
	const struct rlb_client_info *c;

	if (!bi || !bi->rlb_enabled)
		return NULL;
	c = &bi->rx_hashtbl[ip_hash(ip)];
	return c->assigned && c->ip_dst == ip ? c : NULL;
}

/* ---- the table ------------------------------------------------------------------ */

static void init_entry_dst(struct rlb_client_info *e)
{
	e->used_next = RLB_NULL_INDEX;
	e->used_prev = RLB_NULL_INDEX;
	e->assigned = false;
	e->slave = NULL;
	e->vlan_id = 0;
}

static void init_entry_src(struct rlb_client_info *e)
{
	e->src_first = RLB_NULL_INDEX;
	e->src_prev = RLB_NULL_INDEX;
	e->src_next = RLB_NULL_INDEX;
}

/* rlb_initialize(), at every open: the receive probe is the mode's recv_probe. */
void rlb_initialize(struct alb_bond_info *bi)
{
	memset(bi->rx_hashtbl, 0, sizeof(bi->rx_hashtbl));
	for (int i = 0; i < RLB_HASH_TABLE_SIZE; i++) {
		init_entry_dst(&bi->rx_hashtbl[i]);
		init_entry_src(&bi->rx_hashtbl[i]);
	}
	bi->rx_hashtbl_used_head = RLB_NULL_INDEX;
	bi->rlb_enabled = true;
}

/* rlb_deinitialize(): an empty table; rlb_enabled stays, as in the kernel. */
void rlb_deinitialize(struct alb_bond_info *bi)
{
	bi->rx_hashtbl_used_head = RLB_NULL_INDEX;
}

static void delete_entry_dst(struct alb_bond_info *bi, uint32_t index)
{
	uint32_t next = bi->rx_hashtbl[index].used_next;
	uint32_t prev = bi->rx_hashtbl[index].used_prev;

	if (index == bi->rx_hashtbl_used_head)
		bi->rx_hashtbl_used_head = next;
	if (prev != RLB_NULL_INDEX)
		bi->rx_hashtbl[prev].used_next = next;
	if (next != RLB_NULL_INDEX)
		bi->rx_hashtbl[next].used_prev = prev;
}

/* rlb_src_unlink() */
static void src_unlink(struct alb_bond_info *bi, uint32_t index)
{
	uint32_t next = bi->rx_hashtbl[index].src_next;
	uint32_t prev = bi->rx_hashtbl[index].src_prev;

	bi->rx_hashtbl[index].src_next = RLB_NULL_INDEX;
	bi->rx_hashtbl[index].src_prev = RLB_NULL_INDEX;
	if (next != RLB_NULL_INDEX)
		bi->rx_hashtbl[next].src_prev = prev;
	if (prev == RLB_NULL_INDEX)
		return;
	/* is prev the head of this list? */
	if (bi->rx_hashtbl[prev].src_first == index)
		bi->rx_hashtbl[prev].src_first = next;
	else
		bi->rx_hashtbl[prev].src_next = next;
}

/* rlb_src_link(): entry @dst_hash joins the list of entries whose ip_src hashes to @src_hash. */
static void src_link(struct alb_bond_info *bi, uint32_t src_hash, uint32_t dst_hash)
{
	uint32_t next = bi->rx_hashtbl[src_hash].src_first;

	bi->rx_hashtbl[dst_hash].src_prev = src_hash;
	bi->rx_hashtbl[dst_hash].src_next = next;
	if (next != RLB_NULL_INDEX)
		bi->rx_hashtbl[next].src_prev = dst_hash;
	bi->rx_hashtbl[src_hash].src_first = dst_hash;
}

static void delete_entry(struct alb_bond_info *bi, uint32_t index)
{
	delete_entry_dst(bi, index);
	init_entry_dst(&bi->rx_hashtbl[index]);
	src_unlink(bi, index);
}

/* rlb_purge_src_ip(): @a's sender address is now at another MAC. */
static void purge_src_ip(struct alb_bond_info *bi, const struct rlb_arp *a)
{
	uint32_t index = bi->rx_hashtbl[ip_hash(a->ip_src)].src_first;

	while (index != RLB_NULL_INDEX) {
		struct rlb_client_info *e = &bi->rx_hashtbl[index];
		uint32_t next = e->src_next;

		if (e->ip_src == a->ip_src && !mac_equal(a->mac_src, e->mac_src))
			delete_entry(bi, index);
		index = next;
	}
}

/* __rlb_next_rx_slave(): round robin after rx_slave, the fastest first. */
static struct slave *next_rx_slave(struct bond *bond)
{
	struct alb_bond_info *bi = alb_of(bond);
	struct slave *before = NULL, *rx_slave = NULL;
	bool found = false;

	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);

		if (!bond_slave_can_tx(s))
			continue;
		if (!found) {
			if (!before || before->dev->speed_bps / 1000000 < s->dev->speed_bps / 1000000)
				before = s;
		} else if (!rx_slave || rx_slave->dev->speed_bps / 1000000 <
					       s->dev->speed_bps / 1000000) {
			rx_slave = s;
		}
		if (s == bi->rx_slave)
			found = true;
	}
	/* nothing after the last one, or something faster before it */
	if (!rx_slave || (before && rx_slave->dev->speed_bps / 1000000 <
					    before->dev->speed_bps / 1000000))
		rx_slave = before;
	if (rx_slave)
		bi->rx_slave = rx_slave;
	return rx_slave;
}

/* ---- updates to the clients ------------------------------------------------------ */

/* rlb_update_client(): RLB_ARP_BURST_SIZE replies telling the client its slave's MAC. */
static void update_client(struct bond *bond, const struct rlb_client_info *c)
{
	struct alb_bond_info *bi = alb_of(bond);

	if (!c->slave || !mac_valid(c->mac_dst))
		return;
	for (int i = 0; i < RLB_ARP_BURST_SIZE; i++) {
		/* arp_create(ARPOP_REPLY, ETH_P_ARP, ip_dst, slave, ip_src, mac_dst,
		 *            slave MAC, mac_dst), then arp_xmit() on the slave */
		struct wire_arp a = { .op = WIRE_ARP_OP_REPLY, .sip = c->ip_src, .tip = c->ip_dst };
		struct frame *f;

		memcpy(a.sha, c->slave->dev->mac, 6);
		memcpy(a.tha, c->mac_dst, 6);
		bi->stats.rlb_updates_sent++;
		f = wire_arp_frame_new(bond->dev.sim, c->mac_dst, c->slave->dev->mac, &a);
		if (c->vlan_id) {
			/* the client is in a VLAN above the bond: __vlan_hwaccel_put_tag() */
			f->vlan_present = 1;
			f->vlan_tci = c->vlan_id;
		}
		netdev_xmit(c->slave->dev, f);
	}
}

/* rlb_update_rx_clients(): tell every marked client; no round again for 2 s. */
void rlb_update_rx_clients(struct bond *bond)
{
	struct alb_bond_info *bi = alb_of(bond);
	uint64_t before = bi->stats.rlb_updates_sent;

	for (uint32_t i = bi->rx_hashtbl_used_head; i != RLB_NULL_INDEX;
	     i = bi->rx_hashtbl[i].used_next) {
		struct rlb_client_info *c = &bi->rx_hashtbl[i];

		if (!c->ntt)
			continue;
		update_client(bond, c);
		if (!bi->rlb_update_retry_counter)
			c->ntt = false;
	}
	bi->rlb_update_delay_counter = RLB_UPDATE_DELAY;
	bi->stats.rlb_update_rounds++;
	bi->stats.rlb_last_update = bond->dev.sim->now;
	if (bi->stats.rlb_updates_sent > before)
		alb_tell(bond, ALB_EV_RLB_UPDATE, NULL,
			 (uint32_t)(bi->stats.rlb_updates_sent - before));
}

/* rlb_req_update_slave_clients(): the slave has a new MAC: update its clients. */
void rlb_req_update_slave_clients(struct bond *bond, struct slave *s)
{
	struct alb_bond_info *bi = alb_of(bond);
	uint32_t marked = 0;

	for (uint32_t i = bi->rx_hashtbl_used_head; i != RLB_NULL_INDEX;
	     i = bi->rx_hashtbl[i].used_next) {
		struct rlb_client_info *c = &bi->rx_hashtbl[i];

		if (c->slave == s && mac_valid(c->mac_dst)) {
			c->ntt = true;
			marked++;
		}
	}
	if (marked) {
		bi->rx_ntt = true;
		bi->rlb_update_retry_counter = RLB_UPDATE_RETRY;	/* fasten the change */
		alb_tell(bond, ALB_EV_RLB_SLAVE_MAC, s, marked);
	}
}

/* rlb_req_update_subnet_clients(): every client of @src_ip not on the bond's MAC. */
static void req_update_subnet_clients(struct bond *bond, uint32_t src_ip)
{
	struct alb_bond_info *bi = alb_of(bond);

	for (uint32_t i = bi->rx_hashtbl_used_head; i != RLB_NULL_INDEX;
	     i = bi->rx_hashtbl[i].used_next) {
		struct rlb_client_info *c = &bi->rx_hashtbl[i];

		if (!c->slave) {
			bond_log(bond, NULL, "found a client with no channel in the client's hash "
				 "table");
			continue;
		}
		if (c->ip_src == src_ip && !mac_equal(c->slave->dev->mac, bond->dev.mac) &&
		    mac_valid(c->mac_dst)) {
			c->ntt = true;
			bi->rx_ntt = true;
		}
	}
}

/* rlb_teach_disabled_mac_on_primary(): frames to @mac come to the active slave. */
void rlb_teach_disabled_mac_on_primary(struct bond *bond, const uint8_t mac[6])
{
	struct alb_bond_info *bi = alb_of(bond);
	uint8_t m[6];

	if (!bond->curr_active)
		return;
	bi->primary_is_promisc = true;	/* dev_set_promiscuity(curr_active, 1) */
	bi->rlb_promisc_timeout_counter = 0;
	memcpy(m, mac, 6);	/* @mac may be the address about to be sent */
	alb_send_learning_packets(bond, bond->curr_active, m);
}

/* rlb_clear_slave(): @s failed or leaves; its clients go round-robin to the others. */
void rlb_clear_slave(struct bond *bond, struct slave *s)
{
	struct alb_bond_info *bi = alb_of(bond);
	uint32_t moved = 0;

	for (uint32_t i = bi->rx_hashtbl_used_head, next; i != RLB_NULL_INDEX; i = next) {
		struct rlb_client_info *c = &bi->rx_hashtbl[i];
		struct slave *assigned;

		next = c->used_next;
		if (c->slave != s)
			continue;
		assigned = next_rx_slave(bond);
		if (!assigned) {	/* no slave left */
			c->slave = NULL;
			continue;
		}
		c->slave = assigned;
		moved++;
		if (mac_valid(c->mac_dst)) {
			c->ntt = true;
			bi->rx_ntt = true;
			/* retry, so that no client stays on a dead MAC */
			bi->rlb_update_retry_counter = RLB_UPDATE_RETRY;
		}
	}
	if (moved)
		alb_tell(bond, ALB_EV_RLB_MOVED, s, moved);
	if (s != bond->curr_active)
		rlb_teach_disabled_mac_on_primary(bond, s->dev->mac);
}

/* rlb_rebalance(): every client round-robin again, those that moved marked. */
void rlb_rebalance(struct bond *bond)
{
	struct alb_bond_info *bi = alb_of(bond);
	bool ntt = false;
	uint32_t moved = 0;

	for (uint32_t i = bi->rx_hashtbl_used_head; i != RLB_NULL_INDEX;
	     i = bi->rx_hashtbl[i].used_next) {
		struct rlb_client_info *c = &bi->rx_hashtbl[i];
		struct slave *assigned = next_rx_slave(bond);

		if (assigned && c->slave != assigned) {
			c->slave = assigned;
			moved++;
			if (!mac_zero(c->mac_dst)) {
				c->ntt = true;
				ntt = true;
			}
		}
	}
	if (ntt)
		bi->rx_ntt = true;
	if (moved)
		alb_tell(bond, ALB_EV_RLB_MOVED, NULL, moved);
}

/* ---- the host's ARP out ---------------------------------------------------------- */

/* rlb_choose_channel() */
static struct slave *choose_channel(struct bond *bond, const struct rlb_arp *a)
{
	struct alb_bond_info *bi = alb_of(bond);
	uint32_t hash_index = ip_hash(a->ip_dst);
	struct rlb_client_info *c = &bi->rx_hashtbl[hash_index];
	struct slave *assigned;

	if (c->assigned) {
		if (c->ip_src == a->ip_src && c->ip_dst == a->ip_dst) {
			/* already this client's: a request's target MAC is no news */
			if (!mac_equal(a->mac_dst, mac_bcast))
				memcpy(c->mac_dst, a->mac_dst, 6);
			memcpy(c->mac_src, a->mac_src, 6);
			if (c->slave)
				return c->slave;
		} else if (bond->curr_active && c->slave != bond->curr_active) {
			/* another client's: move it to the active slave first */
			c->slave = bond->curr_active;
			update_client(bond, c);
		}
	}
	assigned = next_rx_slave(bond);
	if (!assigned)
		return NULL;
	if (!(c->assigned && c->ip_src == a->ip_src)) {
		/* ip_src changes: move the entry to its new source list */
		src_unlink(bi, hash_index);
		src_link(bi, ip_hash(a->ip_src), hash_index);
	}
	c->ip_src = a->ip_src;
	c->ip_dst = a->ip_dst;
	/* a request's target MAC: filled in when the client answers */
	memcpy(c->mac_dst, a->mac_dst, 6);
	memcpy(c->mac_src, a->mac_src, 6);
	c->slave = assigned;
	c->ntt = mac_valid(c->mac_dst);
	if (c->ntt)
		bi->rx_ntt = true;
	c->vlan_id = a->vlan_id;
	if (!c->assigned) {
		uint32_t prev_head = bi->rx_hashtbl_used_head;

		bi->rx_hashtbl_used_head = hash_index;
		c->used_next = prev_head;
		if (prev_head != RLB_NULL_INDEX)
			bi->rx_hashtbl[prev_head].used_prev = hash_index;
		c->assigned = true;
	}
	return assigned;
}

/*
 * rlb_arp_xmit(): ARP the host sends from the bond (its sender MAC worn by a
 * slave: not bridged ones).  A reply leaves on the client's slave with that
 * slave's MAC as sender; a request on its target's slave with the bond's.
 */
struct slave *rlb_arp_xmit(struct bond *bond, struct frame **fp)
{
	struct alb_bond_info *bi = alb_of(bond);
	struct slave *tx_slave = NULL;
	struct rlb_arp a;

	if ((*fp)->hdr_len < WIRE_ETH_HLEN + WIRE_ARP_LEN)
		return NULL;
	arp_view((*fp)->data + WIRE_ETH_HLEN, &a);
	a.vlan_id = (*fp)->vlan_present ? (*fp)->vlan_tci & WIRE_VLAN_VID_MASK : 0;
	if (!slave_has_mac(bond, a.mac_src))
		return NULL;
	if (a.op == WIRE_ARP_OP_REPLY) {
		tx_slave = choose_channel(bond, &a);
		if (tx_slave) {
			*fp = frame_make_writable(*fp);
			memcpy((*fp)->data + WIRE_ETH_HLEN + WIRE_ARP_OFF_SHA, tx_slave->dev->mac, 6);
			bi->stats.rlb_replies_rewritten++;
		}
	} else if (a.op == WIRE_ARP_OP_REQUEST) {
		/* a placeholder entry; the client's reply will give its MAC */
		tx_slave = choose_channel(bond, &a);
		/* the updates must come after the request's influence */
		bi->rlb_update_delay_counter = RLB_UPDATE_DELAY;
		/* broadcast, with the bond's MAC: it pulls every client back */
		req_update_subnet_clients(bond, a.ip_src);
		bi->stats.rlb_requests++;
		bi->stats.rlb_last_request = bond->dev.sim->now;
	}
	return tx_slave;
}

/* ---- ARP in ---------------------------------------------------------------------- */

/* rlb_update_entry_from_arp(): a client's reply tells its real MAC. */
static void update_entry_from_arp(struct alb_bond_info *bi, const struct rlb_arp *a)
{
	struct rlb_client_info *c = &bi->rx_hashtbl[ip_hash(a->ip_src)];

	if (c->assigned && c->ip_src == a->ip_dst && c->ip_dst == a->ip_src &&
	    !mac_equal(c->mac_dst, a->mac_src)) {
		memcpy(c->mac_dst, a->mac_src, 6);
		c->ntt = true;
		bi->rx_ntt = true;
	}
}

enum rx_verdict rlb_arp_recv(struct bond *bond, struct slave *s, struct frame *f,
			     const struct rx_ctx *ctx)
{
	struct alb_bond_info *bi = alb_of(bond);
	struct rlb_arp a;

	(void)s;
	if (ctx->ethertype != WIRE_ETH_P_ARP || f->hdr_len < ctx->l2_len + WIRE_ARP_LEN)
		return RX_PASS;
	arp_view(f->data + ctx->l2_len, &a);
	/* the address may have moved to another host: forget what we told for it */
	purge_src_ip(bi, &a);
	if (a.op == WIRE_ARP_OP_REPLY)
		update_entry_from_arp(bi, &a);
	return RX_PASS;
}
