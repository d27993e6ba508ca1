/*
 * nic.c - transmit queue and line-rate serialisation.
 *
 * DOC: One timer per NIC (tx_done) marks the end of the frame on the wire;
 * the queue is a fixed ring of txqueuelen pointers allocated once, so
 * transmitting allocates nothing.  tx_packets/tx_bytes count frames that
 * made it onto the wire, as a driver counts them; drops are split by cause.
 *
 * Frames that no one waits on (no TCP socket wants their tx completion) on
 * a cable that neither captures, loses nor blackholes are "sent ahead": the
 * NIC works out when each will start and end on the wire (back to back
 * behind what is already there, at line rate, as tx_done would) and hands
 * it to the cable at once, for delivery at its end + delay.  Serialisation
 * and propagation are then one event per hop, the delivery, and a busy
 * NIC needs no tx_done per frame.  Nothing observable moves:
 *  - txqueuelen counts the frames sent ahead that have not started yet, as
 *    it counted them in the queue;
 *  - the counters count a frame from its first bit: the series sampler and
 *    the end of the run take the frames not yet out off
 *    (link_settle(WIRE_UNCOUNT)), so what they see is what tx_done would
 *    have counted;
 *  - a carrier change or a fault on the cable first takes them back
 *    (WIRE_TAKE_BACK): the one on the wire gets its tx_done, the rest go
 *    back to the queue, and the two-event path carries on;
 *  - a frame that must see its tx completion (TCP small queues) waits for
 *    the ones ahead of it with one tx_done at their end.
 * Only the tie-break among events at the very same nanosecond can differ,
 * as deliveries are scheduled earlier than they were.
 *
 * Two bands, as pfifo_fast has (its third, bulk, is never used: nothing
 * here sets those priorities): a frame whose priority is TC_PRIO_CONTROL
 * or TC_PRIO_INTERACTIVE (the LACPDUs and markers of bonds and switches,
 * balance-tlb/alb's learning packets) goes to band 0, everything else to band 1, and band 0 is always
 * dequeued first.  Each band holds txqueuelen frames, as each of
 * pfifo_fast's bands does, so a data queue that is full drops data, not
 * LACPDUs.  A control frame passes everything still waiting, including
 * frames sent ahead that have not started: those are taken back first
 * (WIRE_TAKE_BACK, as for a carrier change), so it overtakes exactly what
 * the two-event path would still hold in the queue.  The frame on the
 * wire it cannot pass.  With no control frame ever queued behind data,
 * nothing differs from a single queue.
 *
 * The queue is the device's qdisc: what it drops (full, or the noop_qdisc
 * of a device without carrier, or the reset that carrier loss does) is a
 * drop with its reason in the report, never tx_dropped, which in Linux
 * counts only the driver's and the core's own drops.
 */
#include "nic.h"
#include "nic_priv.h"
#include "link.h"
#include "vlan_dev.h"
#include "wire/wire.h"

static bool nic_xmit(struct netdev *dev, struct frame *f);
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
	.wire_duplex = nic_hdx_attach,
};

static void start_next(struct nic *nic);
static inline sim_time_t tx_time(struct nic *nic, uint32_t len);

/*
 * Rings of txqueuelen slots, which need not be a power of two (a scenario
 * may set any txqueuelen and allocate q itself): the index wraps by a
 * comparison, not a division per frame.
 */
static inline uint32_t ring_next(uint32_t i, uint32_t n)
{
	return i + 1 == n ? 0 : i + 1;
}

static inline uint32_t ring_prev(uint32_t i, uint32_t n)
{
	return (i ? i : n) - 1;
}

/* Slot @i (<= n) after @head (< n). */
static inline uint32_t ring_at(uint32_t head, uint32_t i, uint32_t n)
{
	return head + i >= n ? head + i - n : head + i;
}

/* Count a frame sent (sign 1) or take it off again (-1), here, on the masters and on the cable. */
static inline void count_sent(struct nic *nic, uint32_t len, int sign)
{
	/* NETDEV_STAT_ADD twice, in one walk up the masters */
	for (struct netdev *d = &nic->dev; d; d = d->master) {
		d->stats.tx_packets += (uint64_t)(int64_t)sign;
		d->stats.tx_bytes += (uint64_t)((int64_t)sign * len);
	}
	link_count(nic->tx_dir, len, sign);
}

/* pfifo_fast's prio2band, folded onto two bands: 0 or 1. */
static bool band0(const struct frame *f)
{
	return f->priority == FRAME_PRIO_CONTROL || f->priority == FRAME_PRIO_INTERACTIVE;
}

static inline struct frame *ah_frame(const struct nic_ahead *e)
{
	return (struct frame *)(e->f_band0 & ~(uintptr_t)1);
}

static inline bool ah_band0(const struct nic_ahead *e)
{
	return e->f_band0 & 1;
}

/* ah_cap is a power of two (ahead_push grows it so): a mask, no division */
static struct nic_ahead *ah_at(const struct nic *nic, uint32_t i)
{
	return &nic->ah[(nic->ah_head + i) & (nic->ah_cap - 1)];
}

/*
 * Forget the frames sent ahead that are out; how many of the rest, of
 * band 0 (@b0) or band 1, have not started.  Forgetting is lazy: the ring
 * may hold frames that are out until this is called, so whatever reads it
 * but ahead_end() and the bound in nic_xmit() calls this first.
 */
static uint32_t ahead_waiting(struct nic *nic, bool b0)
{
	sim_time_t now = nic->dev.sim->now;
	const struct nic_ahead *h;
	uint32_t started, started0;

	if (!nic->ah_len)
		return 0;
	/* back to back, the last out means all out (an idle NIC, mostly) */
	if (nic->ah_done <= now) {
		nic->ah_len = 0;
		nic->ah_band0 = 0;
		return 0;
	}
	while (nic->ah[nic->ah_head].done <= now) {
		nic->ah_band0 -= ah_band0(&nic->ah[nic->ah_head]);
		nic->ah_head = (nic->ah_head + 1) & (nic->ah_cap - 1);
		nic->ah_len--;
	}
	h = &nic->ah[nic->ah_head];
	started = h->start <= now;
	started0 = started && ah_band0(h);
	if (b0)
		return nic->ah_band0 - started0;
	return nic->ah_len - nic->ah_band0 - (started - started0);
}

/* When the next frame can start: after the last one sent ahead, or now. */
static sim_time_t ahead_end(const struct nic *nic)
{
	sim_time_t now = nic->dev.sim->now;

	return nic->ah_len && nic->ah_done > now ? nic->ah_done : now;
}

static G_GNUC_NO_INLINE void ahead_grow(struct nic *nic)
{
	uint32_t cap = nic->ah_cap ? nic->ah_cap * 2 : 8;
	struct nic_ahead *r = g_aligned_alloc(cap, sizeof(*r), 64);

	for (uint32_t i = 0; i < nic->ah_len; i++)
		r[i] = *ah_at(nic, i);
	g_aligned_free(nic->ah);
	nic->ah = r;
	nic->ah_head = 0;
	nic->ah_cap = cap;
}

static void ahead_push(struct nic *nic, struct frame *f, sim_time_t start, bool b0)
{
	struct nic_ahead *e;

	if (G_UNLIKELY(nic->ah_len == nic->ah_cap)) {
		ahead_waiting(nic, false);	/* room, from those out? */
		if (nic->ah_len == nic->ah_cap)
			ahead_grow(nic);
	}
	e = ah_at(nic, nic->ah_len++);
	G_STATIC_ASSERT(_Alignof(struct frame) > 1);
	e->f_band0 = (uintptr_t)f | b0;
	if (b0)
		nic->ah_band0++;	/* data, the usual, leaves its line alone */
	e->start = start;
	e->done = start + tx_time(nic, f->len);
	nic->ah_done = e->done;
	count_sent(nic, f->len, 1);
	/* last: its timer, if it arms one, is the only call left */
	link_send_ahead(nic->dev.sim, nic->tx_dir, f, e->done, &e->prev_last);
}

/* Back onto the two-event path: the frame on the wire gets its tx_done,
 * the others return to the head of the queue, the cable's ring as before. */
static void ahead_take_back(struct nic *nic)
{
	if (!nic->ah_len)
		return;
	while (nic->ah_len > 1) {
		struct nic_ahead *e = ah_at(nic, nic->ah_len - 1);
		struct frame *f = ah_frame(e);

		link_take_back(nic->tx_dir, f, e->prev_last);
		count_sent(nic, f->len, -1);
		if (ah_band0(e)) {
			nic->cq_head = ring_prev(nic->cq_head, nic->txqueuelen);
			nic->cq[nic->cq_head] = f;
			nic->cq_len++;
		} else {
			nic->q_head = ring_prev(nic->q_head, nic->txqueuelen);
			nic->q[nic->q_head] = f;
			nic->q_len++;
		}
		held_update(nic);
		nic->ah_len--;
	}
	{
		struct nic_ahead *e = ah_at(nic, 0);
		struct frame *f = ah_frame(e);

		link_take_back(nic->tx_dir, f, e->prev_last);
		count_sent(nic, f->len, -1);
		nic->on_wire = f;
		held_update(nic);
		nic->ah_len = 0;
		nic->ah_band0 = 0;
		sim_timer_arm(nic->dev.sim, &nic->tx_done, e->done);
	}
}

static void nic_wire_settle(struct netdev *dev, enum wire_settle how)
{
	struct nic *nic = (struct nic *)dev;

	ahead_waiting(nic, false);
	if (how == WIRE_TAKE_BACK) {
		ahead_take_back(nic);
		return;
	}
	for (uint32_t i = 0; i < nic->ah_len; i++)
		count_sent(nic, ah_frame(ah_at(nic, i))->len, how == WIRE_UNCOUNT ? -1 : 1);
}

static void tx_done(struct sim *sim, void *arg)
{
	struct nic *nic = arg;
	struct frame *f = nic->on_wire;

	(void)sim;
	if (!f) {
		/* the frames sent ahead are out: the one that waited starts */
		start_next(nic);
		return;
	}
	nic->on_wire = NULL;
	held_update(nic);
	if (G_UNLIKELY(nic->hdx))
		nic_hdx_done(nic);
	NETDEV_STAT_ADD(&nic->dev, tx_packets, 1);
	NETDEV_STAT_ADD(&nic->dev, tx_bytes, f->len);
	frame_tx_done(f);
	if (nic->tx_dir)
		link_transmit(nic->tx_dir->link, nic_link_end(nic), f);
	else
		netdev_drop(&nic->dev, f, DROP_LINK_DOWN);	/* no cable at all */
	start_next(nic);
}

static sim_time_t wire_time(uint32_t len, uint64_t speed_bps)
{
	uint64_t bits = (uint64_t)(wire_eth_len(len) + WIRE_ETH_OVERHEAD) * 8;
	uint64_t bps = speed_bps ? speed_bps : 1000000000ULL;

	/* Round up: a frame is not off the wire before its last bit. */
	return (sim_time_t)((bits * (uint64_t)SIM_S + bps - 1) / bps);
}

sim_time_t nic_tx_time(const struct nic *nic, const struct frame *f)
{
	return wire_time(f->len, nic->dev.speed_bps);
}

sim_time_t nic_drained_at(struct nic *nic)
{
	sim_time_t now = nic->dev.sim->now, end = now, at;

	if (!nic->tx_dir)
		return now;
	ahead_waiting(nic, false);	/* forget those out */
	/* the frame on the wire, and control frames, which pass queued data */
	for (uint32_t i = 0; i < nic->ah_len; i++) {
		const struct nic_ahead *e = ah_at(nic, i);

		if (e->start <= now || ah_band0(e))
			end = MAX(end, e->done);
	}
	if (nic->on_wire)
		end = MAX(end, nic->tx_done.at);	/* the two-event path's */
	for (uint32_t i = 0; i < nic->cq_len; i++)
		end += nic_tx_time(nic, nic->cq[ring_at(nic->cq_head, i, nic->txqueuelen)]);
	at = end > now ? end + nic->tx_dir->delay : now;
	/* and what is wholly out, still on the cable: in by now + delay */
	if (nic->tx_dir->len)
		at = MAX(at, MIN(nic->tx_dir->last_at, now + nic->tx_dir->delay));
	return at;
}

/* nic_tx_time(), remembered for the last length and speed: a NIC mostly
 * sends frames of one size, and a division per frame is slow. */
static G_GNUC_NO_INLINE void tx_time_miss(struct nic *nic, uint32_t len)
{
	nic->tt_len = len;
	nic->tt_bps = nic->dev.speed_bps;
	nic->tt_ns = wire_time(len, nic->dev.speed_bps);
}

static inline sim_time_t tx_time(struct nic *nic, uint32_t len)
{
	if (G_UNLIKELY(len != nic->tt_len || nic->dev.speed_bps != nic->tt_bps))
		tx_time_miss(nic, len);
	return nic->tt_ns;
}

void nic_start_next(struct nic *nic)
{
	start_next(nic);
}

static void start_next(struct nic *nic)
{
	sim_time_t now = nic->dev.sim->now;

	if (nic->on_wire)
		return;		/* its tx_done calls again */
	while (nic->cq_len || nic->q_len) {
		bool b0 = nic->cq_len;
		struct frame *f = b0 ? nic->cq[nic->cq_head] : nic->q[nic->q_head];
		sim_time_t start = ahead_end(nic);
		bool ahead = !f->tx_owner && nic->tx_dir && link_can_send_ahead(nic->tx_dir);

		if (!ahead && start > now) {
			/* the wire is busy until then */
			if (!sim_timer_pending(&nic->tx_done))
				sim_timer_arm(nic->dev.sim, &nic->tx_done, start);
			return;
		}
		if (b0) {
			nic->cq_head = ring_next(nic->cq_head, nic->txqueuelen);
			nic->cq_len--;
		} else {
			nic->q_head = ring_next(nic->q_head, nic->txqueuelen);
			nic->q_len--;
		}
		held_update(nic);
		if (ahead) {
			ahead_push(nic, f, start, b0);
			continue;
		}
		nic->on_wire = f;
		held_update(nic);
		if (G_UNLIKELY(nic->hdx)) {
			nic_hdx_send(nic);	/* carrier sense first, CSMA/CD */
			return;
		}
		sim_timer_arm_in(nic->dev.sim, &nic->tx_done, tx_time(nic, f->len));
		return;
	}
}

/* A control frame: behind the other control frames only. */
static bool xmit_band0(struct nic *nic, struct frame *f)
{
	if (nic->cq_len + ahead_waiting(nic, true) == nic->txqueuelen) {
		/* qdisc_drop(), as in nic_xmit(): not tx_dropped */
		netdev_drop(&nic->dev, f, DROP_QUEUE_FULL);
		return false;
	}
	if (!nic->cq)
		nic->cq = g_new(struct frame *, nic->txqueuelen);
	/* data sent ahead that has not started is still queued: pass it */
	if (ahead_waiting(nic, false))
		ahead_take_back(nic);
	nic->cq[ring_at(nic->cq_head, nic->cq_len, nic->txqueuelen)] = f;
	nic->cq_len++;
	held_update(nic);
	start_next(nic);
	return true;
}

static bool nic_xmit(struct netdev *dev, struct frame *f)
{
	struct nic *nic = (struct nic *)dev;

	/* Without carrier the device's qdisc is noop_qdisc (dev_deactivate()
	 * on the carrier loss; linkwatch does it at once for a bond's slave):
	 * noop_enqueue() frees the frame and counts it nowhere that ip -s link
	 * reads, so no tx_dropped. */
	if (!dev->carrier) {
		netdev_drop(dev, f, DROP_CARRIER_DOWN);
		return false;
	}
	/* a VLAN device's tag, put into the bytes as the hardware does */
	if (G_UNLIKELY(f->vlan_present))
		f = vlan_tag_insert(f);
	if (band0(f))
		return xmit_band0(nic, f);
	/* the frames sent ahead and waiting are fewer than those in the
	 * ring: only a ring that could fill the queue needs counting (held
	 * is at least q_len: the next line only for a queue that might) */
	if (nic->held + nic->ah_len >= nic->txqueuelen &&
	    nic->q_len + nic->ah_len >= nic->txqueuelen &&
	    nic->q_len + ahead_waiting(nic, false) == nic->txqueuelen) {
		/* pfifo_fast_enqueue()'s qdisc_drop(): the qdisc's drop count
		 * (tc -s qdisc), not the device's tx_dropped */
		netdev_drop(dev, f, DROP_QUEUE_FULL);
		return false;
	}
	/* Nothing queued and nothing on the wire: what start_next() would
	 * do with the frame alone in the queue, without the queue. */
	if (!nic->held && !f->tx_owner && nic->tx_dir && link_can_send_ahead(nic->tx_dir)) {
		ahead_push(nic, f, ahead_end(nic), false);
		return true;
	}
	nic->q[ring_at(nic->q_head, nic->q_len, nic->txqueuelen)] = f;
	nic->q_len++;
	held_update(nic);
	start_next(nic);
	return true;
}

void nic_set_unsent(struct nic *nic, nic_frame_fn fn, void *arg)
{
	if (!nic)
		return;
	nic->unsent_fn = fn;
	nic->unsent_arg = arg;
}

/* In the order they will leave, though no caller needs it. */
void nic_foreach_held(const struct nic *nic, nic_frame_fn fn, void *arg)
{
	sim_time_t now = nic->dev.sim->now;

	/* those sent ahead and out are forgotten lazily: skip them */
	for (uint32_t i = 0; i < nic->ah_len; i++)
		if (ah_at(nic, i)->done > now)
			fn(arg, ah_frame(ah_at(nic, i)));
	if (nic->on_wire)
		fn(arg, nic->on_wire);
	for (uint32_t i = 0; i < nic->cq_len; i++)
		fn(arg, nic->cq[ring_at(nic->cq_head, i, nic->txqueuelen)]);
	for (uint32_t i = 0; i < nic->q_len; i++)
		fn(arg, nic->q[ring_at(nic->q_head, i, nic->txqueuelen)]);
}

struct link *nic_link(const struct nic *nic)
{
	return nic->tx_dir ? nic->tx_dir->link : NULL;
}

/* tx_dir is dir[end], which goes to the other end */
int nic_link_end(const struct nic *nic)
{
	return 1 - nic->tx_dir->to;
}

struct nic *nic_of(struct netdev *dev)
{
	return dev && dev->ops == &nic_ops ? (struct nic *)dev : NULL;
}

struct nic *nic_new(struct sim *sim, const char *owner, const char *name, const uint8_t mac[6],
		    uint32_t txqueuelen)
{
	struct nic *nic = g_aligned_alloc0(1, sizeof(*nic), 64);

	netdev_init(&nic->dev, sim, &nic_ops, owner, name, mac);
	nic->txqueuelen = txqueuelen ? txqueuelen : NIC_DEFAULT_TXQUEUELEN;
	nic->q = g_new(struct frame *, nic->txqueuelen);
	nic->tt_ns = wire_time(nic->tt_len, nic->tt_bps);	/* the cache holds the truth */
	sim_timer_init(&nic->tx_done, tx_done, nic);
	return nic;
}

/* Empty the queue: dropped for @why, or (DROP_REASON_COUNT) just freed at teardown. */
static void flush_queue(struct nic *nic, enum drop_reason why)
{
	while (nic->cq_len) {
		struct frame *f = nic->cq[nic->cq_head];

		if (why == DROP_REASON_COUNT) {
			frame_unref(f);
		} else {
			nic_unsent(nic, f);
			netdev_drop(&nic->dev, f, why);
		}
		nic->cq_head = ring_next(nic->cq_head, nic->txqueuelen);
		nic->cq_len--;
		held_update(nic);
	}
	while (nic->q_len) {
		struct frame *f = nic->q[nic->q_head];

		if (why == DROP_REASON_COUNT) {
			frame_unref(f);
		} else {
			nic_unsent(nic, f);
			netdev_drop(&nic->dev, f, why);
		}
		nic->q_head = ring_next(nic->q_head, nic->txqueuelen);
		nic->q_len--;
		held_update(nic);
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
	g_free(nic->cq);
	g_aligned_free(nic->ah);
	netdev_fini(&nic->dev);
	g_aligned_free(nic);
}

static void nic_wire_attach(struct netdev *dev, struct link *link, int end)
{
	struct nic *nic = (struct nic *)dev;

	g_assert(!link || !nic->tx_dir);
	if (!link) {
		nic->ah_len = 0;	/* the cable freed them with its ring */
		nic->ah_band0 = 0;
	}
	nic->tx_dir = link ? &link->dir[end] : NULL;
	/* A PHY failed before its cable went in (a port shut in the switch's
	 * config) keeps the far end without carrier too. */
	if (link && nic->failed)
		link_set_end_failed(link, end, true);
}

static void nic_wire_carrier(struct netdev *dev, bool link_carrier)
{
	struct nic *nic = (struct nic *)dev;
	bool carrier = link_carrier && !nic->failed;

	nic_wire_settle(dev, WIRE_TAKE_BACK);
	if (!carrier && nic->hdx)
		nic_hdx_carrier_lost(nic);
	if (!carrier && nic->dev.carrier) {
		/* dev_deactivate(): qdisc_reset() frees what the qdisc held,
		 * counted in no tx_dropped; the frame the driver was sending is
		 * the driver's own drop. */
		flush_queue(nic, DROP_CARRIER_DOWN);
		if (nic->on_wire) {
			sim_timer_cancel(nic->dev.sim, &nic->tx_done);
			nic_unsent(nic, nic->on_wire);
			netdev_drop(&nic->dev, nic->on_wire, DROP_CARRIER_DOWN);
			nic->on_wire = NULL;
			held_update(nic);
			NETDEV_STAT_ADD(&nic->dev, tx_dropped, 1);
		}
	}
	netdev_set_carrier(&nic->dev, carrier);
}

void nic_set_failed(struct nic *nic, bool failed)
{
	nic->failed = failed;
	/* A dead PHY takes the link down for the peer too. */
	if (nic->tx_dir)
		link_set_end_failed(nic->tx_dir->link, nic_link_end(nic), failed);
	else
		nic_wire_carrier(&nic->dev, false);
}

static void nic_wire_rx(struct netdev *dev, struct frame *f)
{
	struct nic *nic = (struct nic *)dev;

	/* A failed NIC has no carrier (nic_wire_carrier()): one test says both. */
	if (!nic->dev.rx_carrier) {
		NETDEV_STAT_ADD(&nic->dev, rx_dropped, 1);
		netdev_drop(&nic->dev, f, DROP_CARRIER_DOWN);
		return;
	}
	f->priority = 0;	/* skb->priority is the sending host's: a received skb starts at 0 */
	netdev_rx(&nic->dev, f);
}
