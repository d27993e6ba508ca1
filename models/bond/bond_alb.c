/*
 * bond_alb.c - balance-tlb (mode 5) and balance-alb (mode 6): transmit load
 * balancing, MAC swapping, learning packets and the ALB monitor.
 *
 * DOC: Follows drivers/net/bonding/bond_alb.c of Linux 6.1 and the calls
 * bond_main.c makes into it (bond_is_lb()).
 *
 * Addresses.  Each slave keeps its own MAC (bond_alb_init_slave() gives it
 * back its permanent address after bond_enslave() gave it the bond's); only
 * curr_active_slave wears the bond's MAC, so every peer's ARP cache, and so
 * all receive traffic, points at that one slave.  A frame leaving on any
 * other slave has its Ethernet source rewritten to that slave's MAC
 * (bond_do_alb_xmit()), so the switch learns each slave's MAC on its own
 * port and never sees the bond's MAC move.  A new active slave swaps MACs
 * with the old one (alb_swap_mac_addr()) and announces both with learning
 * packets (alb_fasten_mac_swap()): after a failure the survivor wears the
 * bond's MAC, the switch moves that MAC to the survivor's port on the
 * learning packet, and the peers, whose ARP caches still say the bond's
 * MAC, need no ARP at all.  The first activation swaps the first slave with
 * itself, which sends its learning packet twice.
 *
 * Transmit (bond_tlb_xmit()).  Unicast IPv4 and IPv6 only; everything else
 * (ARP, broadcast, multicast, IPv6 neighbour discovery) goes through
 * curr_active_slave.  With
 * tlb_dynamic_lb=1 (the default) the key is bond_xmit_hash() & 0xff under
 * xmit_hash_policy into a 256-entry table; an unassigned entry is given
 * to the slave with the largest gap between its speed and its load
 * (tlb_get_least_loaded_slave(): speed in Mbit/s << 20 minus load in
 * bytes/s << 3, both shifted as the kernel's u32 fields, so a 25G slave's
 * speed wraps to less than a 1G slave's; the first of equals wins) and adds
 * its load_history to that slave's load.  Every frame adds its length to
 * its entry's tx_bytes.  Every BOND_TLB_REBALANCE_INTERVAL (10 s) of
 * monitor ticks every entry is unassigned, its load_history becomes
 * 1 + tx_bytes / 10, slave loads restart from 0 (the active slave's from
 * the unbalanced bytes / 10): the next frame of each destination is placed
 * again.  Until the first rebalance every load_history is 0, so every new
 * destination goes to the first slave.  tlb_dynamic_lb=0: no table, the
 * slave is usable_slaves[bond_xmit_hash() % count], and the monitor is
 * never queued (no learning packets either).
 *
 * The monitor (bond_alb_monitor(), from bond_open() then every 100 ms as
 * the timer wheel rounds it: 104 ms, bond_work_at()): learning
 * packets from every slave every lp_interval seconds (60 bytes to and from
 * the slave's own MAC, type 0x9000, priority TC_PRIO_CONTROL: ahead of the
 * data queued on the slave), the 10 s rebalance.  Enslaving and a
 * slave coming up order a rebalance at the next tick; a slave going down
 * loses its entries at once (tlb_clear_slave()).
 *
 * balance-alb is all of the above plus receive balancing (bond_rlb.c): its
 * slaves' NICs really take their own MACs (dev_set_mac_address()), its IPv4
 * and IPv6 unicast is keyed by the XOR of the destination address bytes
 * instead of xmit_hash_policy (which applies only with tlb_dynamic_lb=0),
 * broadcast, 255.255.255.255 and IGMP go unbalanced to the active slave but
 * other multicast is balanced, ARP is left to rlb_arp_xmit(), the monitor
 * also drives the client updates, and an inactive slave passes unicast up.
 *
 * Learning packets go untagged and once in each VLAN of a VLAN device on
 * the bond.  Deviations: no macvlan devices above a bond (the strict_match
 * learning packets for their addresses); a NIC here has one address, so
 * the kernel's trick of keeping the bond's MAC in a tlb slave's hardware
 * filter while its dev_addr is its own is not modelled (it changes nothing
 * observable: frames to the bond's MAC on an inactive tlb slave are dropped
 * either way); bond_alb_set_mac_address() and release are not modelled.
 */
#include <string.h>

#include "bond.h"
#include "bond_alb.h"
#include "link/vlan_dev.h"
#include "wire/wire.h"

static struct alb_bond_info *alb_of(const struct bond *bond)
{
	return bond->mode_priv;
}

static struct alb_bond_info *alb_get(struct bond *bond)
{
	struct alb_bond_info *bi = bond->mode_priv;

	if (bi)
		return bi;
	bi = g_new0(struct alb_bond_info, 1);
	bi->bond = bond;
	bi->stats.last_rebalance = -1;
	bi->stats.rlb_last_update = -1;
	bi->stats.rlb_last_request = -1;
	bi->rx_hashtbl_used_head = RLB_NULL_INDEX;
	bond->mode_priv = bi;
	return bi;
}

const struct alb_bond_info *bond_alb_info(const struct bond *bond)
{
	return bond_is_lb(bond) ? alb_of(bond) : NULL;
}

/* slave->speed: Mbit/s, as bond_update_speed_duplex() keeps it. */
static uint32_t slave_speed(const struct slave *s)
{
	return (uint32_t)(s->dev->speed_bps / 1000000);
}

/* bond_slave_has_mac(): the slave wearing @mac, if any. */
static struct slave *slave_has_mac(const struct bond *bond, const uint8_t mac[6])
{
	for (guint i = 0; i < bond->slaves->len; i++)
		if (mac_equal(bond_slave(bond, i)->dev->mac, mac))
			return bond_slave(bond, i);
	return NULL;
}

/* ---- tlb: the transmit hash table ------------------------------------------ */

static void tlb_init_table_entry(struct tlb_client_info *e, bool save_load)
{
	if (save_load) {
		e->load_history = 1 + e->tx_bytes / BOND_TLB_REBALANCE_INTERVAL;
		e->tx_bytes = 0;
	}
	e->tx_slave = NULL;
	e->next = TLB_NULL_INDEX;
	e->prev = TLB_NULL_INDEX;
}

static void tlb_init_slave(struct slave *s)
{
	s->tlb_info.load = 0;
	s->tlb_info.head = TLB_NULL_INDEX;
}

/* __tlb_clear_slave(): unassign the slave's entries (none while the tables are down). */
static void tlb_clear_slave(struct alb_bond_info *bi, struct slave *s, bool save_load)
{
	if (bi->tables) {
		uint32_t index = s->tlb_info.head;

		while (index != TLB_NULL_INDEX) {
			uint32_t next = bi->tx_hashtbl[index].next;

			tlb_init_table_entry(&bi->tx_hashtbl[index], save_load);
			index = next;
		}
	}
	tlb_init_slave(s);
}

/* tlb_initialize(): a zeroed table at every open. */
static void tlb_initialize(struct alb_bond_info *bi)
{
	memset(bi->tx_hashtbl, 0, sizeof(bi->tx_hashtbl));
	for (int i = 0; i < TLB_HASH_TABLE_SIZE; i++)
		tlb_init_table_entry(&bi->tx_hashtbl[i], false);
	bi->tables = true;
}

/* compute_gap(): both terms shifted in 32 bits, as the kernel's u32 fields are. */
static int64_t compute_gap(const struct slave *s)
{
	return (int64_t)(uint32_t)(slave_speed(s) << 20) - (int64_t)(uint32_t)(s->tlb_info.load << 3);
}

/* tlb_get_least_loaded_slave(): the largest gap; the first of equals. */
static struct slave *tlb_get_least_loaded_slave(const struct bond *bond)
{
	struct slave *least = NULL;
	int64_t max_gap = INT64_MIN;

	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);
		int64_t gap;

		if (!bond_slave_can_tx(s))
			continue;
		gap = compute_gap(s);
		if (max_gap < gap) {
			least = s;
			max_gap = gap;
		}
	}
	return least;
}

/* tlb_choose_channel() */
static struct slave *tlb_choose_channel(struct bond *bond, uint32_t hash_index, uint32_t len)
{
	struct alb_bond_info *bi = alb_of(bond);
	struct tlb_client_info *e = &bi->tx_hashtbl[hash_index];
	struct slave *assigned = e->tx_slave;

	if (!assigned) {
		assigned = tlb_get_least_loaded_slave(bond);
		if (assigned) {
			uint32_t next = assigned->tlb_info.head;

			e->tx_slave = assigned;
			e->next = next;
			e->prev = TLB_NULL_INDEX;
			if (next != TLB_NULL_INDEX)
				bi->tx_hashtbl[next].prev = hash_index;
			assigned->tlb_info.head = hash_index;
			assigned->tlb_info.load += e->load_history;
		}
	}
	if (assigned)
		e->tx_bytes += len;
	return assigned;
}

/* ---- addresses and learning packets ---------------------------------------- */

/* alb_send_lp_vid(): 60 bytes from @mac to @mac, type ETH_P_LOOPBACK, tagged with @vid. */
static void send_lp_vid(struct bond *bond, struct slave *s, const uint8_t mac[6], uint16_t vid)
{
	struct frame *f = frame_alloc(&bond->dev.sim->pool);
	uint8_t *p = frame_put(f, WIRE_ETH_HLEN);

	memcpy(p + WIRE_ETH_OFF_DST, mac, WIRE_ETH_ALEN);
	memcpy(p + WIRE_ETH_OFF_SRC, mac, WIRE_ETH_ALEN);
	wire_wr16(p + WIRE_ETH_OFF_TYPE, ALB_ETH_P_LOOPBACK);
	f->len = WIRE_ETH_ZLEN;		/* struct learning_pkt: zero padding to ETH_ZLEN */
	/* skb->priority = TC_PRIO_CONTROL: the slave's qdisc sends it ahead of
	 * queued data, so the switch learns the MAC however busy the slave is */
	f->priority = FRAME_PRIO_CONTROL;
	if (vid) {
		f->vlan_present = 1;	/* __vlan_hwaccel_put_tag() */
		f->vlan_tci = vid;
	}
	alb_of(bond)->stats.learning_packets++;
	/* dev_queue_xmit() on the slave itself, not through the bond's xmit */
	netdev_xmit(s->dev, f);
}

/*
 * alb_send_learning_packets(): untagged, then once for each VLAN device on
 * the bond, with @mac (a VLAN device here always wears the bond's MAC,
 * NET_ADDR_STOLEN), so that a switch learns the MAC in every VLAN.
 */
void alb_send_learning_packets(struct bond *bond, struct slave *s, const uint8_t mac[6])
{
	send_lp_vid(bond, s, mac, 0);
	for (guint i = 0; bond->dev.vlans && i < bond->dev.vlans->devs->len; i++)
		send_lp_vid(bond, s, mac,
			    ((const struct vlan_dev *)g_ptr_array_index(bond->dev.vlans->devs, i))->vid);
}

/* alb_set_slave_mac_addr(): tlb only relabels dev_addr; alb sets the NIC's address. */
static void alb_set_slave_mac_addr(struct bond *bond, struct slave *s, const uint8_t mac[6])
{
	if (bond->ops->mode == BOND_MODE_TLB)
		netdev_store_mac(s->dev, mac);
	else
		netdev_set_mac(s->dev, mac);
}

/* alb_swap_mac_addr() */
static void alb_swap_mac_addr(struct bond *bond, struct slave *s1, struct slave *s2)
{
	uint8_t tmp[6];

	if (s1 != s2)
		alb_of(bond)->stats.mac_swaps++;
	memcpy(tmp, s1->dev->mac, 6);
	alb_set_slave_mac_addr(bond, s1, s2->dev->mac);
	alb_set_slave_mac_addr(bond, s2, tmp);
}

/* alb_fasten_mac_swap(): tell the switch where both addresses are now. */
static void alb_fasten_mac_swap(struct bond *bond, struct slave *s1, struct slave *s2)
{
	bool rlb = alb_of(bond)->rlb_enabled;
	struct slave *disabled = NULL;

	if (bond_slave_can_tx(s1)) {
		alb_send_learning_packets(bond, s1, s1->dev->mac);
		if (rlb)	/* its clients must learn its new MAC */
			rlb_req_update_slave_clients(bond, s1);
	} else {
		disabled = s1;
	}
	if (bond_slave_can_tx(s2)) {
		alb_send_learning_packets(bond, s2, s2->dev->mac);
		if (rlb)
			rlb_req_update_slave_clients(bond, s2);
	} else {
		disabled = s2;
	}
	/* a disabled slave was given an address in use: teach it on the active one */
	if (rlb && bond_slave_can_tx(s1) != bond_slave_can_tx(s2))
		rlb_teach_disabled_mac_on_primary(bond, disabled->dev->mac);
}

/*
 * alb_handle_addr_collision_on_attach(): a new slave whose address another
 * slave (or the bond) already wears gets the permanent address of a slave
 * whose own address nobody wears.  @s is not in the slave list yet.
 */
static void alb_handle_addr_collision_on_attach(struct bond *bond, struct slave *s)
{
	struct slave *has_bond_addr = bond->curr_active, *free_mac_slave = NULL;

	if (!bond->slaves->len)
		return;
	if (!mac_equal(s->perm_hwaddr, bond->dev.mac)) {
		if (!slave_has_mac(bond, s->dev->mac))
			return;
		alb_set_slave_mac_addr(bond, s, bond->dev.mac);
	}
	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *t = bond_slave(bond, i);

		if (!slave_has_mac(bond, t->perm_hwaddr)) {
			free_mac_slave = t;
			break;
		}
		if (!has_bond_addr && mac_equal(t->dev->mac, bond->dev.mac))
			has_bond_addr = t;
	}
	if (free_mac_slave) {
		alb_set_slave_mac_addr(bond, s, free_mac_slave->perm_hwaddr);
		bond_log(bond, s, "the slave hw address is in use by the bond; giving it the hw "
			 "address of %s", free_mac_slave->dev->name);
	} else if (has_bond_addr) {
		/* the kernel refuses the enslave (-EFAULT); bondsim keeps the slave */
		bond_log(bond, s, "the slave hw address is in use by the bond; couldn't find a "
			 "slave with a free hw address to give it (this should not have happened)");
	}
}

/* bond_alb_init_slave() */
static void alb_slave_attach(struct bond *bond, struct slave *s)
{
	struct alb_bond_info *bi = alb_get(bond);

	alb_set_slave_mac_addr(bond, s, s->perm_hwaddr);
	alb_handle_addr_collision_on_attach(bond, s);
	tlb_init_slave(s);
	/* order a rebalance ASAP */
	bi->tx_rebalance_counter = BOND_TLB_REBALANCE_TICKS;
	if (bi->rlb_enabled)
		bi->rlb_rebalance = true;
	/* bond_enslave(): active, but inactive for receive until made curr_active */
	bond_set_slave_active_flags(s);
	bond_set_slave_inactive_flags(s);
}

/* bond_alb_deinit_slave(), in bond_free() only: the entries go. */
static void alb_slave_detach(struct bond *bond, struct slave *s)
{
	struct alb_bond_info *bi = alb_of(bond);

	if (bi)
		tlb_clear_slave(bi, s, false);
}

/* A slave that failed or leaves: its tx entries go, its rlb clients move. */
static void alb_forget_slave(struct bond *bond, struct alb_bond_info *bi, struct slave *s)
{
	tlb_clear_slave(bi, s, false);
	alb_tell(bond, ALB_EV_TX_REBALANCE, s, 0);
	if (bi->rlb_enabled)
		rlb_clear_slave(bond, s);
}

/*
 * bond_alb_deinit_slave(), on release: @s is out of the slave list and no
 * longer curr_active.  If it leaves wearing another slave's address while
 * a remaining slave wears its own (a MAC swap at a failover), the two
 * addresses are swapped back and the switch told (alb_change_hw_addr_on_
 * detach()); its tx entries go, and its receive clients move to the
 * others, told with retries.
 */
static void alb_slave_deinit(struct bond *bond, struct slave *s)
{
	struct alb_bond_info *bi = alb_get(bond);

	if (bond->slaves->len && !mac_equal(s->perm_hwaddr, s->dev->mac) &&
	    !mac_equal(s->perm_hwaddr, bond->dev.mac)) {
		struct slave *found = slave_has_mac(bond, s->perm_hwaddr);

		if (found) {
			alb_swap_mac_addr(bond, s, found);
			alb_fasten_mac_swap(bond, s, found);
		}
	}
	bi->rx_slave = NULL;
	alb_forget_slave(bond, bi, s);
}

/* bond_alb_handle_link_change(): s->link is UP or DOWN. */
static void alb_link_change(struct bond *bond, struct slave *s)
{
	struct alb_bond_info *bi = alb_get(bond);

	if (s->link == BOND_LINK_DOWN) {
		alb_forget_slave(bond, bi, s);
	} else if (s->link == BOND_LINK_UP) {
		bi->tx_rebalance_counter = BOND_TLB_REBALANCE_TICKS;	/* rebalance ASAP */
		/* the switch must forward by then, or the updates are lost (updelay) */
		if (bi->rlb_enabled)
			bi->rlb_rebalance = true;
	}
	if (!bond->params.tlb_dynamic_lb)	/* bond_is_nondyn_tlb() */
		bond_update_slave_arr(bond);
}

/*
 * bond_alb_handle_active_change(), then the rest of bond_change_active_slave()
 * for tlb/alb: curr_active_slave is already @new_active here.
 */
static void alb_active_change(struct bond *bond, struct slave *old, struct slave *new_active)
{
	struct alb_bond_info *bi = alb_get(bond);
	struct slave *swap = old;

	if (old && bi->primary_is_promisc) {	/* dev_set_promiscuity(old, -1) */
		bi->primary_is_promisc = false;
		bi->rlb_promisc_timeout_counter = 0;
	}
	if (new_active && bond->slaves->len) {
		if (!swap)
			swap = slave_has_mac(bond, bond->dev.mac);
		/* keep the transmit path off both while their addresses change */
		if (swap)
			tlb_clear_slave(bi, swap, true);
		tlb_clear_slave(bi, new_active, true);
		if (swap) {
			alb_swap_mac_addr(bond, swap, new_active);
			alb_fasten_mac_swap(bond, swap, new_active);
		} else {
			alb_set_slave_mac_addr(bond, new_active, bond->dev.mac);
			alb_send_learning_packets(bond, new_active, bond->dev.mac);
		}
	}
	if (old)
		bond_set_slave_inactive_flags(old);
	if (new_active)
		bond_set_slave_active_flags(new_active);
	bond_failover_notify(bond, old, new_active);
}

/* bond_open(): flags as for active-backup, then bond_alb_initialize(). */
static void alb_open(struct bond *bond)
{
	struct alb_bond_info *bi = alb_get(bond);

	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);

		if (s != bond->curr_active)
			bond_set_slave_inactive_flags(s);
		else
			bond_set_slave_active_flags(s);
	}
	tlb_initialize(bi);
	if (bond->ops->mode == BOND_MODE_ALB)
		rlb_initialize(bi);
}

/* bond_close(): bond_alb_deinitialize(). */
static void alb_close(struct bond *bond)
{
	struct alb_bond_info *bi = alb_get(bond);

	bi->tables = false;
	if (bi->rlb_enabled)
		rlb_deinitialize(bi);
}

/* ---- transmit ----------------------------------------------------------------- */

/* bond_do_alb_xmit() */
static void alb_do_xmit(struct bond *bond, struct frame *f, struct slave *tx_slave)
{
	struct alb_bond_info *bi = alb_of(bond);

	if (!tx_slave) {
		/* unbalanced or unassigned: through the active slave */
		tx_slave = bond->curr_active;
		if (bond->params.tlb_dynamic_lb)
			bi->unbalanced_load += f->len;
		bi->stats.tx_unbalanced++;
	} else {
		bi->stats.tx_balanced++;
	}
	if (tx_slave && bond_slave_can_tx(tx_slave)) {
		if (tx_slave != bond->curr_active && f->hdr_len >= WIRE_ETH_OFF_SRC + WIRE_ETH_ALEN) {
			f = frame_make_writable(f);
			memcpy(f->data + WIRE_ETH_OFF_SRC, tx_slave->dev->mac, WIRE_ETH_ALEN);
			bi->stats.tx_src_rewritten++;
		}
		bond_slave_xmit(bond, tx_slave, f);
		return;
	}
	if (tx_slave && bond->params.tlb_dynamic_lb)
		tlb_clear_slave(bi, tx_slave, false);
	bond_tx_drop(bond, f);
}

/*
 * alb_determine_nd() (since Linux 5.18): an IPv6 frame too short to tell,
 * or a neighbour solicitation or advertisement (ICMPv6 right after the
 * IPv6 header), is not balanced: its link-layer address option says the
 * bond's MAC, which another slave's rewritten source MAC would contradict.
 */
static bool alb_determine_nd(const struct frame *f)
{
	const uint8_t *ip6 = f->data + WIRE_ETH_HLEN;
	uint8_t type;

	if (f->hdr_len < WIRE_ETH_HLEN + WIRE_IPV6_HLEN)
		return true;
	if (ip6[WIRE_IPV6_OFF_NEXTHDR] != WIRE_IPPROTO_ICMPV6)
		return false;
	if (f->hdr_len < WIRE_ETH_HLEN + WIRE_IPV6_HLEN + WIRE_ICMP_HLEN)
		return true;
	type = ip6[WIRE_IPV6_HLEN];
	return type == WIRE_ICMPV6_ND_NS || type == WIRE_ICMPV6_ND_NA;
}

/* bond_xmit_tlb_slave_get() */
static struct slave *tlb_slave_get(struct bond *bond, const struct frame *f)
{
	uint16_t proto;
	uint32_t hash;

	if (f->hdr_len < WIRE_ETH_HLEN || mac_is_multicast(f->data + WIRE_ETH_OFF_DST))
		return NULL;
	/* skb->protocol: a tag carried in the bytes is no IP */
	proto = wire_rd16(f->data + WIRE_ETH_OFF_TYPE);
	if (proto != WIRE_ETH_P_IP && proto != WIRE_ETH_P_IPV6)
		return NULL;
	if (proto == WIRE_ETH_P_IPV6 && alb_determine_nd(f))
		return NULL;
	hash = bond_frame_hash(bond, f);
	if (bond->params.tlb_dynamic_lb)
		return tlb_choose_channel(bond, hash & 0xff, f->len);
	return bond->usable_count ? bond_usable_by_hash(bond, hash) : NULL;
}

/* bond_tlb_xmit() */
static void tlb_xmit(struct bond *bond, struct frame *f)
{
	alb_do_xmit(bond, f, tlb_slave_get(bond, f));
}

/* bond_xmit_alb_slave_get() */
static struct slave *alb_slave_get(struct bond *bond, struct frame **fp)
{
	static const uint8_t v6_allnodes[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	static const uint8_t ip6_any[16];
	const struct frame *f = *fp;
	const uint8_t *dst = f->data + WIRE_ETH_OFF_DST, *l3 = f->data + WIRE_ETH_HLEN;
	const uint8_t *hash_start;
	int hash_size;

	if (f->hdr_len < WIRE_ETH_HLEN)
		return NULL;
	switch (wire_rd16(f->data + WIRE_ETH_OFF_TYPE)) {
	case WIRE_ETH_P_IP:
		if (mac_equal(dst, mac_broadcast) || f->hdr_len < WIRE_ETH_HLEN + WIRE_IPV4_HLEN)
			return NULL;
		if (wire_rd32(l3 + WIRE_IPV4_OFF_DST) == 0xffffffffu ||
		    l3[WIRE_IPV4_OFF_PROTO] == WIRE_IPPROTO_IGMP)
			return NULL;
		hash_start = l3 + WIRE_IPV4_OFF_DST;
		hash_size = 4;
		break;
	case WIRE_ETH_P_IPV6:
		/* all-nodes multicast is IPv6's broadcast; neighbour discovery and
		 * DAD probes (::) must not move */
		if (mac_equal(dst, mac_broadcast) || mac_equal(dst, v6_allnodes) ||
		    alb_determine_nd(f) || memcmp(l3 + WIRE_IPV6_OFF_SRC, ip6_any, 16) == 0)
			return NULL;
		hash_start = l3 + WIRE_IPV6_OFF_DST;
		hash_size = 16;
		break;
	case WIRE_ETH_P_ARP:
		return alb_of(bond)->rlb_enabled ? rlb_arp_xmit(bond, fp) : NULL;
	default:
		return NULL;
	}
	if (bond->params.tlb_dynamic_lb)
		return tlb_choose_channel(bond, alb_simple_hash(hash_start, hash_size), f->len);
	/* "exactly what tlb would do for hash selection" */
	return bond->usable_count ? bond_usable_by_hash(bond, bond_frame_hash(bond, f))
				  : NULL;
}

/* bond_alb_xmit() */
static void alb_xmit(struct bond *bond, struct frame *f)
{
	struct slave *tx_slave = alb_slave_get(bond, &f);

	alb_do_xmit(bond, f, tx_slave);
}

/* ---- the monitor -------------------------------------------------------------- */

void bond_alb_set_event_hook(struct bond *bond, alb_event_fn fn, void *arg)
{
	bond->alb_event = fn;
	bond->alb_event_arg = arg;
}

const char *alb_event_name(int what)
{
	static const char *const names[] = {
		[ALB_EV_TX_REBALANCE] = "tlb rebalance",
		[ALB_EV_RLB_MOVED] = "rlb clients moved",
		[ALB_EV_RLB_UPDATE] = "rlb ARP updates",
		[ALB_EV_RLB_SLAVE_MAC] = "rlb slave MAC changed",
	};
	return what >= 0 && what < (int)G_N_ELEMENTS(names) ? names[what] : "?";
}

/* The 10 s rebalance of bond_alb_monitor(). */
static void tlb_rebalance(struct bond *bond, struct alb_bond_info *bi)
{
	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);

		tlb_clear_slave(bi, s, true);
		if (s == bond->curr_active) {
			s->tlb_info.load = bi->unbalanced_load / BOND_TLB_REBALANCE_INTERVAL;
			bi->unbalanced_load = 0;
		}
	}
	bi->tx_rebalance_counter = 0;
	bi->stats.rebalances++;
	bi->stats.last_rebalance = bond->dev.sim->now;
	alb_tell(bond, ALB_EV_TX_REBALANCE, NULL, 0);
}

/* bond_alb_monitor()'s rlb part: promiscuity timeout, rebalance, client updates. */
static void rlb_monitor(struct bond *bond, struct alb_bond_info *bi)
{
	if (bi->primary_is_promisc && ++bi->rlb_promisc_timeout_counter >= RLB_PROMISC_TIMEOUT) {
		if (!bond_rtnl_trylock(bond))
			return;	/* re_arm: the rest waits for the next tick */
		bi->rlb_promisc_timeout_counter = 0;
		if (bond->curr_active)	/* dev_set_promiscuity(curr, -1) */
			bi->primary_is_promisc = false;
	}
	if (bi->rlb_rebalance) {
		bi->rlb_rebalance = false;
		rlb_rebalance(bond);
	}
	if (!bi->rx_ntt)
		return;
	if (bi->rlb_update_delay_counter) {
		bi->rlb_update_delay_counter--;
		return;
	}
	rlb_update_rx_clients(bond);
	if (bi->rlb_update_retry_counter)
		bi->rlb_update_retry_counter--;
	else
		bi->rx_ntt = false;
}

/*
 * BOND_ALB_LP_TICKS(): lp_interval * ALB_TIMER_TICKS_PER_SEC in the
 * kernel's int, which wraps (the kernel builds with -fno-strict-overflow):
 * from lp_interval=214748365 on, the product is negative or small and the
 * learning packets go every tick or every few ticks, not "never".  Here
 * the wrap is spelled out, as int overflow is undefined in plain C.
 */
static int alb_lp_ticks(const struct bond *bond)
{
	return (int)((uint32_t)bond->params.lp_interval * ALB_TIMER_TICKS_PER_SEC);
}

/* bond_alb_monitor() */
static void alb_monitor(struct bond *bond)
{
	struct alb_bond_info *bi = alb_get(bond);

	/* bond_open() queues it only with tlb_dynamic_lb or in balance-alb */
	if (!bond->params.tlb_dynamic_lb && !bi->rlb_enabled)
		return;
	if (!bond->slaves->len) {
		bi->tx_rebalance_counter = 0;
		bi->lp_counter = 0;
		return;
	}
	bi->tx_rebalance_counter++;
	bi->lp_counter++;
	if (bi->lp_counter >= alb_lp_ticks(bond)) {
		for (guint i = 0; i < bond->slaves->len; i++) {
			struct slave *s = bond_slave(bond, i);

			alb_send_learning_packets(bond, s, s->dev->mac);
		}
		bi->lp_counter = 0;
	}
	if (bi->tx_rebalance_counter >= BOND_TLB_REBALANCE_TICKS)
		tlb_rebalance(bond, bi);
	if (bi->rlb_enabled)
		rlb_monitor(bond, bi);
}

const struct bond_mode_ops bond_tlb_ops = {
	.mode = BOND_MODE_TLB,
	.flags = BOND_MODE_F_PRIMARY | BOND_MODE_F_XMIT_HASH | BOND_MODE_F_TLB,
	.open = alb_open,
	.close = alb_close,
	.xmit = tlb_xmit,
	.slave_attach = alb_slave_attach,
	.slave_detach = alb_slave_detach,
	.slave_deinit = alb_slave_deinit,
	.link_change = alb_link_change,
	.active_change = alb_active_change,
	.periodic = alb_monitor,
	.periodic_ms = 1000 / ALB_TIMER_TICKS_PER_SEC,
	.metrics = bond_alb_metrics,
};

const struct bond_mode_ops bond_alb_ops = {
	.mode = BOND_MODE_ALB,
	.flags = BOND_MODE_F_PRIMARY | BOND_MODE_F_XMIT_HASH | BOND_MODE_F_TLB |
		 BOND_MODE_F_ALB_RX,
	.open = alb_open,
	.close = alb_close,
	.xmit = alb_xmit,
	.recv_probe = rlb_arp_recv,
	.slave_attach = alb_slave_attach,
	.slave_detach = alb_slave_detach,
	.slave_deinit = alb_slave_deinit,
	.link_change = alb_link_change,
	.active_change = alb_active_change,
	.periodic = alb_monitor,
	.periodic_ms = 1000 / ALB_TIMER_TICKS_PER_SEC,
	.metrics = bond_alb_metrics,
};
