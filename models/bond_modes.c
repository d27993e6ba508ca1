/*
 * bond_modes.c - choosing the transmit slave: modes 0 to 3.
 *
 * DOC: One switch on the mode, as in the kernel's __bond_start_xmit().
 * - balance-rr: bond_rr_gen_slave_id() counts packets (the first gets id 1,
 *   as this_cpu_inc_return() does), divides by packets_per_slave (0 means a
 *   random id per packet) and takes id % slave_cnt over ALL slaves, up or
 *   down; bond_get_slave_by_id() then walks on to the next slave that can
 *   transmit.  So with one of three links down, its turn goes to its
 *   successor, which carries two thirds.  IGMP is never striped.
 * - active-backup: everything on curr_active_slave.
 * - balance-xor: usable_slaves[xmit_hash % usable_count] (bond_hash.c).
 * - broadcast: a reference of the same frame to every slave that is up.
 * No slave: the frame is dropped and counted, as bond_tx_drop() does.
 */
#include "bond.h"
#include "bond_hash.h"

#define ETH_P_IP 0x0800
#define IPPROTO_IGMP 2

static void slave_xmit(struct bond *bond, struct slave *s, struct frame *f)
{
	/* The kernel's bond stats are the sum of its slaves' (bond_get_stats). */
	bond->dev.stats.tx_packets++;
	bond->dev.stats.tx_bytes += f->len;
	s->tx_frames++;
	s->tx_bytes += f->len;
	s->last_tx = bond->dev.sim->now;
	netdev_xmit(&s->nic->dev, f);
}

static void tx_drop(struct bond *bond, struct frame *f)
{
	bond->tx_no_slave++;
	bond->dev.stats.tx_dropped++;
	frame_unref(f);
}

/* bond_get_slave_by_id(): the slave at @slave_id, else the next one that
 * can transmit, else the first one before it that can. */
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

static bool is_igmp(const struct frame *f)
{
	return f->hdr_len >= 34 && f->data[12] == (ETH_P_IP >> 8) &&
	       f->data[13] == (ETH_P_IP & 0xff) && f->data[23] == IPPROTO_IGMP;
}

struct slave *bond_rr_slave_get(struct bond *bond, const struct frame *f)
{
	uint32_t id;
	int pps = bond->params.packets_per_slave;
	guint cnt = bond->slaves->len;

	if (is_igmp(f)) {
		if (bond->curr_active)
			return bond->curr_active;
		return bond_get_slave_by_id(bond, 0);
	}
	if (!cnt)
		return NULL;
	if (pps == 0)
		id = rng_u32(&bond->rng);
	else if (pps == 1)
		id = ++bond->rr_tx_counter;
	else
		id = ++bond->rr_tx_counter / (uint32_t)pps;	/* reciprocal_divide is exact */
	return bond_get_slave_by_id(bond, (int)(id % cnt));
}

uint32_t bond_frame_hash(const struct bond *bond, const struct frame *f)
{
	struct bond_hash_input in = { .data = f->data, .len = f->hdr_len };

	return bond_xmit_hash((enum bond_xmit_policy)bond->params.xmit_policy, &in);
}

static void xmit_broadcast(struct bond *bond, struct frame *f)
{
	struct slave *last = NULL;

	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);

		if (!(s->nic->dev.carrier && s->link == BOND_LINK_UP))
			continue;
		if (last)
			slave_xmit(bond, last, frame_ref(f));
		last = s;
	}
	if (last)
		slave_xmit(bond, last, f);
	else
		tx_drop(bond, f);
}

void bond_xmit(struct netdev *dev, struct frame *f)
{
	struct bond *bond = (struct bond *)dev;
	struct slave *s = NULL;

	switch (bond->params.mode) {
	case BOND_MODE_ROUNDROBIN:
		s = bond_rr_slave_get(bond, f);
		break;
	case BOND_MODE_ACTIVEBACKUP:
		s = bond->curr_active;
		break;
	case BOND_MODE_XOR:
		if (bond->usable_count)
			s = bond->usable[bond_frame_hash(bond, f) % bond->usable_count];
		break;
	case BOND_MODE_BROADCAST:
		xmit_broadcast(bond, f);
		return;
	default:
		g_assert_not_reached();	/* the loader refuses modes 4-6 for now */
	}
	if (s)
		slave_xmit(bond, s, f);
	else
		tx_drop(bond, f);
}
