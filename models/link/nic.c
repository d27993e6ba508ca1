/*
 * nic.c - transmit queue and line-rate serialisation.
 *
 * DOC: One timer per NIC (tx_done) marks the end of the frame on the wire;
 * the queue is a fixed ring of txqueuelen pointers allocated once, so
 * transmitting allocates nothing.  tx_packets/tx_bytes count frames that
 * made it onto the wire, as a driver counts them; drops are split by cause.
 *
 * A frame that starts onto an idle wire with nothing behind it in the queue,
 * on a cable that neither captures, loses nor blackholes, and with no TCP
 * socket waiting for its tx completion, is "sent ahead": handed to the cable
 * at once for delivery at (end of serialisation + delay), with no tx_done
 * event.  One event per hop instead of two; nothing observable moves:
 *  - the NIC stays busy until ahead_done: a frame queued meanwhile arms
 *    tx_done for that moment and starts there, as before;
 *  - the counters count it from its first bit: the series sampler and the
 *    end of the run take the frames still being serialised off
 *    (link_settle(WIRE_UNCOUNT)), so what they see is what tx_done would
 *    have counted;
 *  - a carrier change or a fault on the cable first takes the frame back
 *    (WIRE_TAKE_BACK), and the two-event path finishes it.
 * Only the tie-break among events at the very same nanosecond can differ,
 * as the delivery is scheduled earlier than it was.
 */
#include "nic.h"
#include "link.h"
#include "wire/wire.h"

static void nic_xmit(struct netdev *dev, struct frame *f);
static void nic_wire_attach(struct netdev *dev, struct link *link, int end);
static void nic_wire_rx(struct netdev *dev, struct frame *f);
static void nic_wire_carrier(struct netdev *dev, bool carrier);
static void nic_wire_settle(struct netdev *dev, enum wire_settle how);
static const struct netdev_ops nic_ops = {
	.xmit = nic_xmit,
	.wire_attach = nic_wire_attach,
	.wire_rx = nic_wire_rx,
	.wire_carrier = nic_wire_carrier,
	.wire_settle = nic_wire_settle,
};

static void start_next(struct nic *nic);

/* Count @f sent (sign 1) or take it off again (-1), here, on the masters and on the cable. */
static void count_sent(struct nic *nic, uint32_t len, int sign)
{
	NETDEV_STAT_ADD(&nic->dev, tx_packets, (uint64_t)(int64_t)sign);
	NETDEV_STAT_ADD(&nic->dev, tx_bytes, (uint64_t)((int64_t)sign * len));
	link_count(nic->link, nic->link_end, len, sign);
}

/* The frame sent ahead, if its last bit is not out yet; else forget it. */
static struct frame *ahead_busy(struct nic *nic)
{
	if (nic->ahead && nic->dev.sim->now >= nic->ahead_done)
		nic->ahead = NULL;
	return nic->ahead;
}

static void nic_wire_settle(struct netdev *dev, enum wire_settle how)
{
	struct nic *nic = (struct nic *)dev;

	if (!ahead_busy(nic))
		return;
	switch (how) {
	case WIRE_UNCOUNT:
		count_sent(nic, nic->ahead_len, -1);
		break;
	case WIRE_RECOUNT:
		count_sent(nic, nic->ahead_len, 1);
		break;
	case WIRE_TAKE_BACK:
		/* back onto the NIC, its tx_done armed, the ring as before */
		count_sent(nic, nic->ahead_len, -1);
		link_take_back(nic->link, nic->link_end, nic->ahead, nic->ahead_prev_last);
		nic->on_wire = nic->ahead;
		nic->ahead = NULL;
		if (!sim_timer_pending(&nic->tx_done))
			sim_timer_arm(nic->dev.sim, &nic->tx_done, nic->ahead_done);
		break;
	}
}

static void tx_done(struct sim *sim, void *arg)
{
	struct nic *nic = arg;
	struct frame *f = nic->on_wire;

	(void)sim;
	if (!f) {
		/* the frame sent ahead is out: the next in the queue starts */
		start_next(nic);
		return;
	}
	nic->on_wire = NULL;
	NETDEV_STAT_ADD(&nic->dev, tx_packets, 1);
	NETDEV_STAT_ADD(&nic->dev, tx_bytes, f->len);
	frame_tx_done(f);
	if (nic->link)
		link_transmit(nic->link, nic->link_end, f);
	else
		netdev_drop(&nic->dev, f, DROP_LINK_DOWN);	/* no cable at all */
	start_next(nic);
}

sim_time_t nic_tx_time(const struct nic *nic, const struct frame *f)
{
	uint64_t bits = (uint64_t)(wire_eth_len(f->len) + WIRE_ETH_OVERHEAD) * 8;
	uint64_t bps = nic->dev.speed_bps ? nic->dev.speed_bps : 1000000000ULL;

	/* Round up: a frame is not off the wire before its last bit. */
	return (sim_time_t)((bits * (uint64_t)SIM_S + bps - 1) / bps);
}

static void start_next(struct nic *nic)
{
	struct frame *f;

	if (nic->on_wire || nic->q_len == 0)
		return;
	if (ahead_busy(nic)) {
		/* the wire is busy until then */
		if (!sim_timer_pending(&nic->tx_done))
			sim_timer_arm(nic->dev.sim, &nic->tx_done, nic->ahead_done);
		return;
	}
	f = nic->q[nic->q_head];
	nic->q_head = (nic->q_head + 1) % nic->txqueuelen;
	nic->q_len--;
	if (!nic->q_len && !f->tx_owner && nic->link &&
	    link_can_send_ahead(nic->link, nic->link_end)) {
		nic->ahead = f;
		nic->ahead_len = f->len;
		nic->ahead_done = nic->dev.sim->now + nic_tx_time(nic, f);
		nic->ahead_prev_last = link_send_ahead(nic->link, nic->link_end, f,
						       nic->ahead_done);
		count_sent(nic, f->len, 1);
		return;
	}
	nic->on_wire = f;
	sim_timer_arm_in(nic->dev.sim, &nic->tx_done, nic_tx_time(nic, f));
}

static void nic_xmit(struct netdev *dev, struct frame *f)
{
	struct nic *nic = (struct nic *)dev;

	if (!dev->carrier) {
		NETDEV_STAT_ADD(dev, tx_dropped, 1);
		netdev_drop(dev, f, DROP_CARRIER_DOWN);
		return;
	}
	if (nic->q_len == nic->txqueuelen) {
		NETDEV_STAT_ADD(dev, tx_dropped, 1);
		netdev_drop(dev, f, DROP_QUEUE_FULL);
		return;
	}
	nic->q[(nic->q_head + nic->q_len) % nic->txqueuelen] = f;
	nic->q_len++;
	start_next(nic);
}

struct nic *nic_new(struct sim *sim, const char *owner, const char *name, const uint8_t mac[6],
		    uint32_t txqueuelen)
{
	struct nic *nic = g_new0(struct nic, 1);

	netdev_init(&nic->dev, sim, &nic_ops, owner, name, mac);
	nic->txqueuelen = txqueuelen ? txqueuelen : NIC_DEFAULT_TXQUEUELEN;
	nic->q = g_new(struct frame *, nic->txqueuelen);
	sim_timer_init(&nic->tx_done, tx_done, nic);
	return nic;
}

/* Empty the queue: dropped for @why, or (DROP_REASON_COUNT) just freed at teardown. */
static void flush_queue(struct nic *nic, enum drop_reason why)
{
	while (nic->q_len) {
		struct frame *f = nic->q[nic->q_head];

		if (why == DROP_REASON_COUNT)
			frame_unref(f);
		else
			netdev_drop(&nic->dev, f, why);
		nic->q_head = (nic->q_head + 1) % nic->txqueuelen;
		nic->q_len--;
	}
}

void nic_free(struct nic *nic)
{
	if (!nic)
		return;
	sim_timer_cancel(nic->dev.sim, &nic->tx_done);
	if (nic->on_wire)
		frame_unref(nic->on_wire);
	flush_queue(nic, DROP_REASON_COUNT);
	g_free(nic->q);
	netdev_fini(&nic->dev);
	g_free(nic);
}

static void nic_wire_attach(struct netdev *dev, struct link *link, int end)
{
	struct nic *nic = (struct nic *)dev;

	g_assert(!link || !nic->link);
	if (!link)
		nic->ahead = NULL;	/* the cable freed it with its ring */
	nic->link = link;
	nic->link_end = end;
}

static void nic_wire_carrier(struct netdev *dev, bool link_carrier)
{
	struct nic *nic = (struct nic *)dev;
	bool carrier = link_carrier && !nic->failed;

	nic_wire_settle(dev, WIRE_TAKE_BACK);
	if (!carrier && nic->dev.carrier) {
		/* The driver stops the queue and frees what it held. */
		NETDEV_STAT_ADD(&nic->dev, tx_dropped, nic->q_len);
		flush_queue(nic, DROP_CARRIER_DOWN);
		if (nic->on_wire) {
			sim_timer_cancel(nic->dev.sim, &nic->tx_done);
			netdev_drop(&nic->dev, nic->on_wire, DROP_CARRIER_DOWN);
			nic->on_wire = NULL;
			NETDEV_STAT_ADD(&nic->dev, tx_dropped, 1);
		}
	}
	netdev_set_carrier(&nic->dev, carrier);
}

void nic_set_failed(struct nic *nic, bool failed)
{
	nic->failed = failed;
	/* A dead PHY takes the link down for the peer too. */
	if (nic->link)
		link_set_end_failed(nic->link, nic->link_end, failed);
	else
		nic_wire_carrier(&nic->dev, false);
}

static void nic_wire_rx(struct netdev *dev, struct frame *f)
{
	struct nic *nic = (struct nic *)dev;

	if (!nic->dev.carrier || nic->failed) {
		NETDEV_STAT_ADD(&nic->dev, rx_dropped, 1);
		netdev_drop(&nic->dev, f, DROP_CARRIER_DOWN);
		return;
	}
	netdev_rx(&nic->dev, f);
}
