/*
 * test_faults.c - every scripted fault does what the README says, at the
 * exact simulated time it is scripted for.
 *
 * Worlds are built in C: two plain NICs on one cable, or plain NICs cabled
 * to switch ports.  A probe on each NIC records every carrier change (the
 * netdev notifier, next to the switch's own on a switch
 * port) and every frame received, so the tests assert the times of carrier
 * changes, which frames arrived, when and in what order.  Faults go through
 * fault_new() + fault_arm() as the loader builds them.  Every world is torn
 * down with the frame pool checked empty.
 *
 * A 64-byte frame is 88 bytes on a 1 Gbit/s wire (FCS, preamble, gap):
 * 704 ns.  It reaches the far end 704 ns + the cable's delay after it is
 * handed to an idle NIC.
 */
#include <criterion/criterion.h>
#include "faults/faults.h"
#include "link/link.h"
#include "link/nic.h"
#include "switch/switch.h"

#define GBIT 1000000000ULL
#define FRAME_LEN 64
#define TX_NS (704 * SIM_NS)
#define MAXCH 32		/* carrier changes a probe keeps */
#define MAXRX 64		/* arrivals a probe keeps */

struct probe {
	struct nic *nic;
	int changes;
	sim_time_t ch_at[MAXCH];
	bool ch_up[MAXCH];
	uint64_t rx;
	uint32_t rx_seq[MAXRX];
	sim_time_t rx_at[MAXRX];
};

static void probe_watch(void *owner, struct netdev *dev, enum netdev_event ev, const void *info)
{
	struct probe *p = owner;

	(void)info;
	if (ev != NETDEV_CHANGE)
		return;
	cr_assert_lt(p->changes, MAXCH);
	p->ch_at[p->changes] = dev->sim->now;
	p->ch_up[p->changes] = dev->carrier;
	p->changes++;
}

static void probe_rx(void *owner, struct frame *f, const struct rx_ctx *ctx)
{
	struct probe *p = owner;
	struct netdev *dev = ctx->dev;

	if (p->rx < MAXRX) {
		p->rx_seq[p->rx] = f->meta.seq;
		p->rx_at[p->rx] = dev->sim->now;
	}
	p->rx++;
	frame_unref(f);
}

/* Watch @nic's carrier (a switch port's own notifier is called too). */
static void probe_attach(struct probe *p, struct nic *nic, bool receive)
{
	struct netdev_upper up = { .rx = probe_rx, .owner = p };

	memset(p, 0, sizeof(*p));
	p->nic = nic;
	netdev_notifier_register(&nic->dev, probe_watch, p);
	if (receive)
		cr_assert(netdev_upper_register(&nic->dev, &up, NULL));
}

/* The probe saw exactly these changes: down at downs[i], up at ups[i], alternately. */
static void expect_flaps(const struct probe *p, const sim_time_t *downs, const sim_time_t *ups,
			 int n)
{
	cr_expect_eq(p->changes, 2 * n, "%s: %d carrier changes, want %d", p->nic->dev.name,
		     p->changes, 2 * n);
	for (int i = 0; i < n && 2 * i + 1 < p->changes; i++) {
		cr_expect_not(p->ch_up[2 * i]);
		cr_expect_eq(p->ch_at[2 * i], downs[i], "%s: down %d at %" G_GINT64_FORMAT,
			     p->nic->dev.name, i, p->ch_at[2 * i]);
		cr_expect(p->ch_up[2 * i + 1]);
		cr_expect_eq(p->ch_at[2 * i + 1], ups[i], "%s: up %d at %" G_GINT64_FORMAT,
			     p->nic->dev.name, i, p->ch_at[2 * i + 1]);
	}
}

static struct frame *test_frame(struct sim *sim, const uint8_t dst[6], const uint8_t src[6],
				uint32_t seq)
{
	struct frame *f = frame_alloc(&sim->pool);
	uint8_t *h = frame_put(f, 14);

	memcpy(h, dst, 6);
	memcpy(h + 6, src, 6);
	h[12] = 0x88;		/* local experimental ethertype */
	h[13] = 0xb5;
	f->len = FRAME_LEN;
	f->meta.seq = seq;
	return f;
}

static const uint8_t MAC_A[6] = { 0x02, 0, 0, 0, 0, 0x0a };
static const uint8_t MAC_B[6] = { 0x02, 0, 0, 0, 0, 0x0b };
static const uint8_t MAC_C[6] = { 0x02, 0, 0, 0, 0, 0x0c };

/* ---- two NICs on one cable ---------------------------------------------- */

struct pair {
	struct sim *sim;
	struct nic *nic[2];
	struct link *link;
	struct probe p[2];
	struct fault *f[8];
	int nf;
};

static void pair_init(struct pair *w, uint64_t seed, sim_time_t delay)
{
	memset(w, 0, sizeof(*w));
	w->sim = sim_new(seed);
	w->nic[0] = nic_new(w->sim, "a", "eth0", MAC_A, 0);
	w->nic[1] = nic_new(w->sim, "b", "eth0", MAC_B, 0);
	w->link = link_new(w->sim, "a.eth0--b.eth0", &w->nic[0]->dev, &w->nic[1]->dev, GBIT, delay);
	probe_attach(&w->p[0], w->nic[0], true);
	probe_attach(&w->p[1], w->nic[1], true);
}

/* A fault on the pair's cable (or on NIC @end for nic fail/repair), armed. */
static struct fault *pair_fault(struct pair *w, enum fault_kind kind, sim_time_t at, int end)
{
	struct fault *f = fault_new(w->sim, kind, at, fault_kind_name(kind));

	cr_assert_lt(w->nf, 8);
	f->link = w->link;
	f->nic = w->nic[end];
	w->f[w->nf++] = f;
	return f;
}

static void pair_fini(struct pair *w)
{
	for (int i = 0; i < w->nf; i++)
		fault_free(w->f[i]);
	link_free(w->link);
	nic_free(w->nic[0]);
	nic_free(w->nic[1]);
	cr_expect_eq(w->sim->pool.live, 0, "frames still live: %" G_GUINT64_FORMAT,
		     w->sim->pool.live);
	sim_free(w->sim);
}

/* Hand a frame to NIC @from now; @seq identifies it at the other end. */
static void pair_send(struct pair *w, int from, uint32_t seq)
{
	netdev_xmit(&w->nic[from]->dev,
		    test_frame(w->sim, from ? MAC_A : MAC_B, from ? MAC_B : MAC_A, seq));
}

static bool carrier(const struct pair *w, int end)
{
	return w->nic[end]->dev.carrier;
}

TestSuite(faults, .timeout = 20);

Test(faults, every_kind_has_a_name)
{
	cr_expect_str_eq(fault_kind_name(FAULT_LINK_DOWN), "link down");
	cr_expect_str_eq(fault_kind_name(FAULT_LINK_UP), "link up");
	cr_expect_str_eq(fault_kind_name(FAULT_NIC_FAIL), "nic fail");
	cr_expect_str_eq(fault_kind_name(FAULT_NIC_REPAIR), "nic repair");
	cr_expect_str_eq(fault_kind_name(FAULT_PORT_SHUTDOWN), "port shutdown");
	cr_expect_str_eq(fault_kind_name(FAULT_PORT_NO_SHUTDOWN), "port no-shutdown");
	cr_expect_str_eq(fault_kind_name(FAULT_LOSS), "loss");
	cr_expect_str_eq(fault_kind_name(FAULT_DELAY), "delay");
	cr_expect_str_eq(fault_kind_name(FAULT_BLACKHOLE), "blackhole");
	cr_expect_str_eq(fault_kind_name(FAULT_HEAL), "heal");
	cr_expect_str_eq(fault_kind_name(FAULT_FLAP), "flap");
	cr_expect_str_eq(fault_kind_name(FAULT_SWITCH_REBOOT), "switch reboot");
	cr_expect_str_eq(fault_kind_name(FAULT_CALL), "call");
}

Test(faults, link_down_up_changes_carrier_at_both_ends_at_the_exact_time)
{
	struct pair w;
	struct fault *down, *up;
	const sim_time_t downs[] = { SIM_S }, ups[] = { 2 * SIM_S };

	pair_init(&w, 1, SIM_US);
	down = pair_fault(&w, FAULT_LINK_DOWN, SIM_S, 0);
	up = pair_fault(&w, FAULT_LINK_UP, 2 * SIM_S, 0);
	fault_arm(down);
	fault_arm(up);
	cr_expect_eq(nic_tx_time(w.nic[0], &(struct frame){ .len = FRAME_LEN }), TX_NS);

	sim_run(w.sim, SIM_S - 1);
	cr_expect(carrier(&w, 0) && carrier(&w, 1));
	cr_expect_not(down->fired);
	/* On the wire at the pull: handed over 500 ns before it, 704 ns to serialise. */
	sim_run(w.sim, SIM_S - 500);
	pair_send(&w, 0, 1);
	sim_run(w.sim, SIM_S);
	cr_expect(down->fired);
	cr_expect_not(w.link->up);
	cr_expect_not(carrier(&w, 0), "cable pulled: no carrier at this end");
	cr_expect_not(carrier(&w, 1), "cable pulled: no carrier at the far end either");
	cr_expect_not(w.nic[0]->failed || w.nic[1]->failed, "the NICs are fine");
	cr_expect_eq(w.nic[0]->dev.drops[DROP_CARRIER_DOWN], 1, "the frame on the wire is lost");
	cr_expect_eq(w.link->dir[0].down_drops, 0);

	/* Sent with no carrier: dropped by the NIC's noop_qdisc, never
	 * reaches the cable, and is no tx_dropped. */
	sim_run(w.sim, 3 * SIM_S / 2);
	pair_send(&w, 1, 2);
	cr_expect_eq(w.nic[1]->dev.drops[DROP_CARRIER_DOWN], 1);
	cr_expect_eq(w.nic[1]->dev.stats.tx_dropped, 0);

	sim_run(w.sim, 2 * SIM_S - 1);
	cr_expect_not(carrier(&w, 0) || carrier(&w, 1));
	sim_run(w.sim, 2 * SIM_S);
	cr_expect(up->fired);
	cr_expect(carrier(&w, 0) && carrier(&w, 1));
	expect_flaps(&w.p[0], downs, ups, 1);
	expect_flaps(&w.p[1], downs, ups, 1);

	/* Frames flow again, both ways. */
	pair_send(&w, 0, 3);
	pair_send(&w, 1, 4);
	sim_run(w.sim, 3 * SIM_S);
	cr_expect_eq(w.p[1].rx, 1);
	cr_expect_eq(w.p[1].rx_seq[0], 3);
	cr_expect_eq(w.p[1].rx_at[0], 2 * SIM_S + TX_NS + SIM_US);
	cr_expect_eq(w.p[0].rx, 1);
	cr_expect_eq(w.p[0].rx_seq[0], 4);
	pair_fini(&w);
}

Test(faults, frames_on_the_cable_when_it_is_pulled_are_lost)
{
	struct pair w;

	/* 1 ms of cable: a frame sent at 0.5 s is still in flight at 0.5005 s. */
	pair_init(&w, 1, SIM_MS);
	fault_arm(pair_fault(&w, FAULT_LINK_DOWN, SIM_S / 2 + SIM_MS / 2, 0));
	fault_arm(pair_fault(&w, FAULT_LINK_UP, SIM_S, 0));
	sim_run(w.sim, SIM_S / 2);
	pair_send(&w, 0, 1);
	pair_send(&w, 1, 2);
	sim_run(w.sim, 2 * SIM_S);
	cr_expect_eq(w.link->dir[0].frames, 1);
	cr_expect_eq(w.link->dir[0].down_drops, 1);
	cr_expect_eq(w.link->dir[1].down_drops, 1);
	cr_expect_eq(w.p[0].rx + w.p[1].rx, 0);
	pair_fini(&w);
}

Test(faults, nic_fail_takes_carrier_at_both_ends_until_repair)
{
	struct pair w;
	struct fault *fail, *repair;
	const sim_time_t downs[] = { SIM_S, 3 * SIM_S }, ups[] = { 2 * SIM_S, 6 * SIM_S };

	pair_init(&w, 1, SIM_US);
	fail = pair_fault(&w, FAULT_NIC_FAIL, SIM_S, 0);
	repair = pair_fault(&w, FAULT_NIC_REPAIR, 2 * SIM_S, 0);
	fault_arm(fail);
	fault_arm(repair);
	/* Repair while the cable is out: carrier waits for the cable. */
	fault_arm(pair_fault(&w, FAULT_LINK_DOWN, 3 * SIM_S, 0));
	fault_arm(pair_fault(&w, FAULT_NIC_FAIL, 4 * SIM_S, 0));
	fault_arm(pair_fault(&w, FAULT_NIC_REPAIR, 5 * SIM_S, 0));
	fault_arm(pair_fault(&w, FAULT_LINK_UP, 6 * SIM_S, 0));

	sim_run(w.sim, SIM_S - 1);
	cr_expect(carrier(&w, 0) && carrier(&w, 1));
	sim_run(w.sim, SIM_S);
	cr_expect(w.nic[0]->failed);
	cr_expect_not(w.nic[1]->failed);
	cr_expect(w.link->up, "the cable is still plugged");
	cr_expect_not(carrier(&w, 0), "dead NIC");
	cr_expect_not(carrier(&w, 1), "the peer sees no light");
	/* The survivor cannot send either. */
	pair_send(&w, 1, 1);
	cr_expect_eq(w.nic[1]->dev.drops[DROP_CARRIER_DOWN], 1);

	sim_run(w.sim, 2 * SIM_S - 1);
	cr_expect_not(carrier(&w, 0) || carrier(&w, 1));
	sim_run(w.sim, 2 * SIM_S);
	cr_expect(repair->fired);
	cr_expect_not(w.nic[0]->failed);
	cr_expect(carrier(&w, 0) && carrier(&w, 1));

	sim_run(w.sim, 5 * SIM_S);
	cr_expect_not(w.nic[0]->failed);
	cr_expect_not(carrier(&w, 0) || carrier(&w, 1), "repaired, but the cable is out");
	sim_run(w.sim, 6 * SIM_S);
	cr_expect(carrier(&w, 0) && carrier(&w, 1));
	expect_flaps(&w.p[0], downs, ups, 2);
	expect_flaps(&w.p[1], downs, ups, 2);
	pair_fini(&w);
}

/* 1000 frames a->b, one every 10 us from 1 ms; loss @p from 0 (a fault at 0). */
static void lossy_run(struct pair *w, uint64_t seed, double p)
{
	struct fault *loss;

	pair_init(w, seed, SIM_US);
	loss = pair_fault(w, FAULT_LOSS, 0, 0);
	loss->loss = p;
	fault_arm(loss);
	for (uint32_t i = 0; i < 1000; i++) {
		sim_run(w->sim, SIM_MS + i * 10 * SIM_US);
		pair_send(w, 0, i + 1);
	}
	sim_run(w->sim, SIM_S);
}

Test(faults, loss_drops_the_same_frames_for_the_same_seed)
{
	struct pair w, again, other;
	struct rng r;
	int k = 0;

	lossy_run(&w, 1, 0.5);
	cr_expect_eq(w.link->loss, 0.5);
	cr_expect_eq(w.link->dir[0].frames, 1000);
	cr_expect_eq(w.link->dir[0].lost, 492, "seed 1: %" G_GUINT64_FORMAT " lost",
		     w.link->dir[0].lost);
	cr_expect_eq(w.p[1].rx, 1000 - w.link->dir[0].lost);
	cr_expect_eq(w.p[1].rx, 508);
	cr_expect_eq(w.link->dir[1].lost, 0, "nothing sent the other way");
	cr_expect_eq(w.nic[0]->dev.stats.tx_packets, 1000, "loss is on the cable, not the NIC");
	cr_expect_eq(w.nic[1]->dev.stats.rx_packets, 508);
	/* Frame 1 lost, then 2..9 made it: the pattern is the seed's. */
	cr_expect_eq(w.p[1].rx_seq[0], 2);
	cr_expect_eq(w.p[1].rx_seq[7], 9);
	/* One draw per frame from the stream "link:<name>", in departure order. */
	rng_init(&r, 1, "link:a.eth0--b.eth0");
	for (uint32_t seq = 1; seq <= 1000 && k < MAXRX; seq++)
		if (!rng_bernoulli(&r, 0.5))
			cr_expect_eq(w.p[1].rx_seq[k++], seq);
	cr_expect_eq(k, MAXRX);
	for (uint64_t i = 1; i < MAXRX; i++)
		cr_expect_lt(w.p[1].rx_seq[i - 1], w.p[1].rx_seq[i]);
	cr_expect(carrier(&w, 0) && carrier(&w, 1), "a lossy cable keeps its carrier");

	lossy_run(&again, 1, 0.5);
	cr_expect_eq(again.link->dir[0].lost, w.link->dir[0].lost);
	cr_expect_arr_eq(again.p[1].rx_seq, w.p[1].rx_seq, sizeof(w.p[1].rx_seq));
	lossy_run(&other, 2, 0.5);
	cr_expect_eq(other.link->dir[0].lost, 529, "seed 2: %" G_GUINT64_FORMAT " lost",
		     other.link->dir[0].lost);
	pair_fini(&w);
	pair_fini(&again);
	pair_fini(&other);
}

Test(faults, loss_all_none_and_back_to_none)
{
	struct pair w;
	struct fault *none;

	lossy_run(&w, 1, 1.0);
	cr_expect_eq(w.link->dir[0].lost, 1000);
	cr_expect_eq(w.p[1].rx, 0);
	pair_fini(&w);

	lossy_run(&w, 1, 0.0);
	cr_expect_eq(w.link->dir[0].lost, 0);
	cr_expect_eq(w.p[1].rx, 1000);
	pair_fini(&w);

	/* 100% from 0, 0% from 1 s: the frames after that all arrive, both ways. */
	lossy_run(&w, 1, 1.0);
	none = pair_fault(&w, FAULT_LOSS, SIM_S + SIM_MS, 0);
	none->loss = 0;
	fault_arm(none);
	sim_run(w.sim, SIM_S + SIM_MS);
	cr_expect_eq(w.link->loss, 0);
	for (uint32_t i = 0; i < 10; i++) {
		pair_send(&w, 0, 2000 + i);
		pair_send(&w, 1, 3000 + i);
	}
	sim_run(w.sim, 2 * SIM_S);
	cr_expect_eq(w.link->dir[0].lost, 1000);
	cr_expect_eq(w.p[1].rx, 10);
	cr_expect_eq(w.p[0].rx, 10);
	pair_fini(&w);
}

Test(faults, loss_applies_to_both_directions)
{
	struct pair w;
	struct fault *loss;

	pair_init(&w, 1, SIM_US);
	loss = pair_fault(&w, FAULT_LOSS, SIM_MS, 0);
	loss->loss = 1.0;
	fault_arm(loss);
	sim_run(w.sim, SIM_MS);
	pair_send(&w, 0, 1);
	pair_send(&w, 1, 2);
	sim_run(w.sim, SIM_S);
	cr_expect_eq(w.link->dir[0].lost, 1);
	cr_expect_eq(w.link->dir[1].lost, 1);
	cr_expect_eq(w.p[0].rx + w.p[1].rx, 0);
	pair_fini(&w);
}

Test(faults, delay_applies_to_later_frames_and_never_reorders)
{
	struct pair w;
	struct fault *shorter, *longer;

	/* 10 ms of cable; 1 us from 1 ms; 5 ms from 30 ms. */
	pair_init(&w, 1, 10 * SIM_MS);
	shorter = pair_fault(&w, FAULT_DELAY, SIM_MS, 0);
	shorter->value = SIM_US;
	longer = pair_fault(&w, FAULT_DELAY, 30 * SIM_MS, 0);
	longer->value = 5 * SIM_MS;
	fault_arm(shorter);
	fault_arm(longer);

	pair_send(&w, 0, 1);			/* 0: 10 ms of flight */
	sim_run(w.sim, 2 * SIM_MS);
	cr_expect_eq(w.link->delay, SIM_US);
	pair_send(&w, 0, 2);			/* would land at 2.001704 ms: waits for 1 */
	pair_send(&w, 1, 3);			/* the other way: nothing in flight there */
	sim_run(w.sim, 20 * SIM_MS);
	pair_send(&w, 0, 4);			/* the new delay, nothing ahead */
	sim_run(w.sim, 30 * SIM_MS - SIM_US);
	pair_send(&w, 0, 5);			/* just before the increase: 1 us */
	sim_run(w.sim, 30 * SIM_MS);
	cr_expect_eq(w.link->delay, 5 * SIM_MS);
	pair_send(&w, 0, 6);			/* after: 5 ms */
	sim_run(w.sim, SIM_S);

	cr_expect_eq(w.p[1].rx, 5);
	cr_expect_eq(w.p[1].rx_seq[0], 1);
	cr_expect_eq(w.p[1].rx_at[0], TX_NS + 10 * SIM_MS);
	cr_expect_eq(w.p[1].rx_seq[1], 2, "sent before the delay dropped, not overtaken");
	cr_expect_eq(w.p[1].rx_at[1], TX_NS + 10 * SIM_MS);
	cr_expect_eq(w.p[1].rx_seq[2], 4);
	cr_expect_eq(w.p[1].rx_at[2], 20 * SIM_MS + TX_NS + SIM_US);
	cr_expect_eq(w.p[1].rx_seq[3], 5);
	cr_expect_eq(w.p[1].rx_at[3], 30 * SIM_MS - SIM_US + TX_NS + SIM_US);
	cr_expect_eq(w.p[1].rx_seq[4], 6);
	cr_expect_eq(w.p[1].rx_at[4], 30 * SIM_MS + TX_NS + 5 * SIM_MS);
	cr_expect_eq(w.p[0].rx, 1);
	cr_expect_eq(w.p[0].rx_at[0], 2 * SIM_MS + TX_NS + SIM_US);
	cr_expect_eq(w.p[0].changes + w.p[1].changes, 0, "no carrier change");
	pair_fini(&w);
}

Test(faults, delay_decrease_keeps_a_burst_in_order)
{
	struct pair w;
	struct fault *shorter;

	/* 20 frames back to back on a 1 ms cable, delay cut to 1 us mid-burst. */
	pair_init(&w, 1, SIM_MS);
	shorter = pair_fault(&w, FAULT_DELAY, 10 * TX_NS + TX_NS / 2, 0);
	shorter->value = SIM_US;
	fault_arm(shorter);
	for (uint32_t i = 0; i < 20; i++)
		pair_send(&w, 0, i + 1);
	sim_run(w.sim, SIM_S);
	cr_expect_eq(w.p[1].rx, 20);
	for (uint32_t i = 0; i < 20; i++)
		cr_expect_eq(w.p[1].rx_seq[i], i + 1, "arrival %u is frame %u", i,
			     w.p[1].rx_seq[i]);
	/* The first 10 left before the change; the rest queue up behind the 10th. */
	cr_expect_eq(w.p[1].rx_at[9], 10 * TX_NS + SIM_MS);
	for (uint32_t i = 10; i < 20; i++)
		cr_expect_eq(w.p[1].rx_at[i], 10 * TX_NS + SIM_MS);
	pair_fini(&w);
}

Test(faults, blackhole_tx_drops_one_direction_with_carrier_up_and_heal_restores)
{
	struct pair w;
	struct fault *bh, *heal;

	pair_init(&w, 1, SIM_US);
	bh = pair_fault(&w, FAULT_BLACKHOLE, SIM_MS, 0);
	bh->from_end = 0;			/* "blackhole a.eth0 tx" */
	heal = pair_fault(&w, FAULT_HEAL, 2 * SIM_MS, 0);
	fault_arm(bh);
	fault_arm(heal);

	sim_run(w.sim, SIM_MS + SIM_US);
	cr_expect(w.link->dir[0].blackhole);
	cr_expect_not(w.link->dir[1].blackhole);
	pair_send(&w, 0, 1);
	pair_send(&w, 1, 2);
	sim_run(w.sim, 2 * SIM_MS - 1);
	cr_expect(carrier(&w, 0) && carrier(&w, 1), "silent: carrier stays up");
	cr_expect_eq(w.link->dir[0].blackholed, 1);
	cr_expect_eq(w.link->dir[0].frames, 1, "it did leave the transmitter");
	cr_expect_eq(w.nic[0]->dev.stats.tx_packets, 1);
	cr_expect_eq(w.p[1].rx, 0);
	cr_expect_eq(w.p[0].rx, 1, "the other direction works");
	cr_expect_eq(w.link->dir[1].blackholed, 0);

	sim_run(w.sim, 2 * SIM_MS);
	cr_expect_not(w.link->dir[0].blackhole || w.link->dir[1].blackhole);
	pair_send(&w, 0, 3);
	sim_run(w.sim, 3 * SIM_MS);
	cr_expect_eq(w.p[1].rx, 1);
	cr_expect_eq(w.p[1].rx_seq[0], 3);
	cr_expect_eq(w.p[0].changes + w.p[1].changes, 0, "no carrier change at all");
	pair_fini(&w);
}

Test(faults, blackhole_rx_and_both)
{
	struct pair w;
	struct fault *rx, *both, *heal;

	pair_init(&w, 1, SIM_US);
	rx = pair_fault(&w, FAULT_BLACKHOLE, SIM_MS, 0);
	rx->from_end = 1;			/* "blackhole a.eth0 rx": what a receives */
	both = pair_fault(&w, FAULT_BLACKHOLE, 2 * SIM_MS, 0);
	heal = pair_fault(&w, FAULT_HEAL, 3 * SIM_MS, 0);
	fault_arm(rx);
	fault_arm(both);
	fault_arm(heal);
	cr_expect_eq(both->from_end, -1, "both ways unless told");
	cr_expect_eq(heal->from_end, -1);

	sim_run(w.sim, SIM_MS);
	pair_send(&w, 0, 1);
	pair_send(&w, 1, 2);
	sim_run(w.sim, 2 * SIM_MS);
	cr_expect_eq(w.p[1].rx, 1);
	cr_expect_eq(w.p[0].rx, 0);
	cr_expect_eq(w.link->dir[1].blackholed, 1);
	pair_send(&w, 0, 3);
	pair_send(&w, 1, 4);
	sim_run(w.sim, 3 * SIM_MS - 1);
	cr_expect_eq(w.link->dir[0].blackholed, 1);
	cr_expect_eq(w.link->dir[1].blackholed, 2);
	cr_expect_eq(w.p[0].rx + w.p[1].rx, 1);
	sim_run(w.sim, 3 * SIM_MS);
	pair_send(&w, 0, 5);
	pair_send(&w, 1, 6);
	sim_run(w.sim, 4 * SIM_MS);
	cr_expect_eq(w.p[1].rx, 2);
	cr_expect_eq(w.p[0].rx, 1);
	cr_expect_eq(w.p[0].rx_seq[0], 6);
	cr_expect_eq(w.p[0].changes + w.p[1].changes, 0);
	pair_fini(&w);
}

Test(faults, flap_every_1s_count_3_from_1s)
{
	struct pair w;
	struct fault *flap;
	const sim_time_t downs[] = { SIM_S, 2 * SIM_S, 3 * SIM_S };
	const sim_time_t ups[] = { 3 * SIM_S / 2, 5 * SIM_S / 2, 7 * SIM_S / 2 };

	pair_init(&w, 1, SIM_US);
	flap = pair_fault(&w, FAULT_FLAP, SIM_S, 0);
	flap->value = SIM_S;
	flap->count = 3;
	fault_arm(flap);
	sim_run(w.sim, SIM_S - 1);
	cr_expect(carrier(&w, 0) && carrier(&w, 1));
	sim_run(w.sim, SIM_S);
	cr_expect(flap->fired);
	cr_expect_not(carrier(&w, 0) || carrier(&w, 1));
	sim_run(w.sim, 3 * SIM_S / 2 - 1);
	cr_expect_not(carrier(&w, 0) || carrier(&w, 1));
	sim_run(w.sim, 3 * SIM_S / 2);
	cr_expect(carrier(&w, 0) && carrier(&w, 1));
	sim_run(w.sim, 60 * SIM_S);
	cr_expect_eq(flap->done, 3);
	cr_expect(w.link->up);
	cr_expect(carrier(&w, 0) && carrier(&w, 1));
	expect_flaps(&w.p[0], downs, ups, 3);
	expect_flaps(&w.p[1], downs, ups, 3);
	cr_expect_not(sim_timer_pending(&flap->timer), "nothing left to do");
	pair_fini(&w);
}

Test(faults, flap_keeps_its_own_rhythm_whatever_the_cable_was)
{
	struct pair w;
	struct fault *flap;
	/* pulled at 0.5 s; the flap's downs find it out, its ups plug it in */
	const sim_time_t downs[] = { SIM_S / 2, 2 * SIM_S };
	const sim_time_t ups[] = { 3 * SIM_S / 2, 5 * SIM_S / 2 };

	pair_init(&w, 1, SIM_US);
	fault_arm(pair_fault(&w, FAULT_LINK_DOWN, SIM_S / 2, 0));
	flap = pair_fault(&w, FAULT_FLAP, SIM_S, 0);
	flap->value = SIM_S;
	flap->count = 2;
	fault_arm(flap);
	sim_run(w.sim, 10 * SIM_S);
	expect_flaps(&w.p[0], downs, ups, 2);
	expect_flaps(&w.p[1], downs, ups, 2);
	cr_expect_eq(flap->done, 2);
	pair_fini(&w);
}

Test(faults, flap_is_not_shifted_by_a_cable_plugged_in_meanwhile)
{
	struct pair w;
	struct fault *flap;
	/* Someone plugs the cable back at 1.2 s, during the first down half. */
	const sim_time_t downs[] = { SIM_S, 2 * SIM_S };
	const sim_time_t ups[] = { SIM_S + SIM_S / 5, 5 * SIM_S / 2 };

	pair_init(&w, 1, SIM_US);
	flap = pair_fault(&w, FAULT_FLAP, SIM_S, 0);
	flap->value = SIM_S;
	flap->count = 2;
	fault_arm(flap);
	fault_arm(pair_fault(&w, FAULT_LINK_UP, SIM_S + SIM_S / 5, 0));
	sim_run(w.sim, 10 * SIM_S);
	expect_flaps(&w.p[0], downs, ups, 2);
	cr_expect_eq(flap->done, 2);
	cr_expect(w.link->up);
	pair_fini(&w);
}

Test(faults, flap_odd_period_and_count_zero)
{
	struct pair w;
	struct fault *flap, *none;
	/* 3 ns: down at 10, up at 11 (half, rounded down), next down at 13 */
	const sim_time_t downs[] = { 10, 13 }, ups[] = { 11, 14 };

	pair_init(&w, 1, SIM_US);
	flap = pair_fault(&w, FAULT_FLAP, 10, 0);
	flap->value = 3;
	flap->count = 2;
	fault_arm(flap);
	none = pair_fault(&w, FAULT_FLAP, SIM_MS, 0);
	none->value = SIM_MS;
	none->count = 0;
	fault_arm(none);
	sim_run(w.sim, SIM_S);
	expect_flaps(&w.p[0], downs, ups, 2);
	cr_expect(none->fired);
	cr_expect_eq(none->done, 0, "count 0: no cycle at all");
	pair_fini(&w);
}

Test(faults, a_freed_fault_never_fires)
{
	struct pair w;
	struct fault *down;

	pair_init(&w, 1, SIM_US);
	down = fault_new(w.sim, FAULT_LINK_DOWN, SIM_S, "link a.eth0 down");
	down->link = w.link;
	fault_arm(down);
	cr_expect_str_eq(down->text, "link a.eth0 down");
	fault_free(down);
	fault_free(NULL);
	sim_run(w.sim, 2 * SIM_S);
	cr_expect(carrier(&w, 0) && carrier(&w, 1));
	cr_expect_eq(w.p[0].changes, 0);
	pair_fini(&w);
}

static void note_time(void *arg, struct fault *f)
{
	*(sim_time_t *)arg = f->sim->now;
}

Test(faults, call_runs_its_callback_at_its_time)
{
	struct pair w;
	struct fault *call;
	sim_time_t seen = -1;

	/* The loader's "dump" lines are calls. */
	pair_init(&w, 1, SIM_US);
	call = pair_fault(&w, FAULT_CALL, 1500 * SIM_MS, 0);
	call->call = note_time;
	call->call_arg = &seen;
	fault_arm(call);
	sim_run(w.sim, 1500 * SIM_MS - 1);
	cr_expect_eq(seen, -1);
	sim_run(w.sim, 2 * SIM_S);
	cr_expect_eq(seen, 1500 * SIM_MS);
	cr_expect(call->fired);
	cr_expect(carrier(&w, 0) && carrier(&w, 1));
	pair_fini(&w);
}

/* ---- hosts on a switch -------------------------------------------------- */

#define NPORT 3

struct star {
	struct sim *sim;
	struct sw *sw;
	struct nic *host[NPORT];
	struct nic *port[NPORT];
	struct link *link[NPORT];
	struct probe hp[NPORT], pp[NPORT];
	struct fault *f[8];
	int nf;
};

static const uint8_t *const STAR_MAC[NPORT] = { MAC_A, MAC_B, MAC_C };

static void star_init(struct star *w)
{
	memset(w, 0, sizeof(*w));
	w->sim = sim_new(1);
	w->sw = sw_new(w->sim, "sw1", NULL);
	for (int i = 0; i < NPORT; i++) {
		char hn[8], pn[8], ln[32];

		g_snprintf(hn, sizeof(hn), "h%d", i);
		g_snprintf(pn, sizeof(pn), "Gi0/%d", i + 1);
		g_snprintf(ln, sizeof(ln), "%s.eth0--sw1.%s", hn, pn);
		w->host[i] = nic_new(w->sim, hn, "eth0", STAR_MAC[i], 0);
		w->port[i] = sw_add_port(w->sw, pn);
		cr_assert_not_null(w->port[i]);
		w->link[i] = link_new(w->sim, ln, &w->host[i]->dev, &w->port[i]->dev, GBIT, SIM_US);
		probe_attach(&w->hp[i], w->host[i], true);
		probe_attach(&w->pp[i], w->port[i], false);
	}
}

static struct fault *star_fault(struct star *w, enum fault_kind kind, sim_time_t at, int port)
{
	struct fault *f = fault_new(w->sim, kind, at, fault_kind_name(kind));

	cr_assert_lt(w->nf, 8);
	f->sw = w->sw;
	if (port >= 0) {
		f->nic = w->port[port];
		f->link = w->link[port];
	}
	w->f[w->nf++] = f;
	fault_arm(f);
	return f;
}

static void star_fini(struct star *w)
{
	for (int i = 0; i < w->nf; i++)
		fault_free(w->f[i]);
	for (int i = 0; i < NPORT; i++)
		link_free(w->link[i]);
	for (int i = 0; i < NPORT; i++)
		nic_free(w->host[i]);
	sw_free(w->sw);
	cr_expect_eq(w->sim->pool.live, 0, "frames still live: %" G_GUINT64_FORMAT,
		     w->sim->pool.live);
	sim_free(w->sim);
}

/* Every host sends one broadcast: the switch learns all of them. */
static void star_hello(struct star *w)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	for (int i = 0; i < NPORT; i++)
		netdev_xmit(&w->host[i]->dev, test_frame(w->sim, bcast, STAR_MAC[i], 0));
}

/* Lines of the switch's log containing @needle; the time of the last one in *at. */
static guint log_count(const struct sw *sw, const char *needle, sim_time_t *at)
{
	const GArray *lines = sw_log(sw)->lines;
	guint n = 0;

	for (guint i = 0; i < lines->len; i++) {
		const struct sim_log_line *l = &g_array_index(lines, struct sim_log_line, i);

		if (strstr(l->text, needle)) {
			n++;
			if (at)
				*at = l->at;
		}
	}
	return n;
}

Test(faults, port_shutdown_and_no_shutdown)
{
	struct star w;
	struct fault *shut, *noshut;
	const sim_time_t downs[] = { SIM_S }, ups[] = { 2 * SIM_S };
	sim_time_t at = -1;

	star_init(&w);
	shut = star_fault(&w, FAULT_PORT_SHUTDOWN, SIM_S, 0);
	noshut = star_fault(&w, FAULT_PORT_NO_SHUTDOWN, 2 * SIM_S, 0);
	star_hello(&w);
	sim_run(w.sim, SIM_S - 1);
	cr_expect_eq(sw_fdb_count(w.sw), 3);
	cr_expect_str_eq(sw_fdb_port(w.sw, MAC_A), "Gi0/1");

	sim_run(w.sim, SIM_S);
	cr_expect(shut->fired);
	cr_expect_not(w.host[0]->dev.carrier, "the host sees no light");
	cr_expect_not(w.port[0]->dev.carrier);
	cr_expect(w.link[0]->up, "the cable is still in");
	cr_expect_not(w.host[0]->failed, "the host's NIC is fine");
	cr_expect(w.host[1]->dev.carrier && w.port[1]->dev.carrier, "the others are untouched");
	cr_expect_eq(sw_fdb_count(w.sw), 2, "the port's MACs are flushed");
	cr_expect_null(sw_fdb_port(w.sw, MAC_A));
	cr_expect_eq(log_count(w.sw, "%LINK-5-CHANGED: Interface GigabitEthernet0/1, changed state to "
			       "administratively down", &at), 1);
	cr_expect_eq(at, SIM_S);
	cr_expect_eq(log_count(w.sw, "Interface GigabitEthernet0/1, changed state to down", NULL), 0);

	/* Traffic to A floods, and finds no carrier on Gi0/1. */
	netdev_xmit(&w.host[1]->dev, test_frame(w.sim, MAC_A, MAC_B, 7));
	sim_run(w.sim, 2 * SIM_S - 1);
	cr_expect_eq(w.hp[0].rx, 2, "the two other hellos, nothing since");
	cr_expect_eq(w.hp[2].rx, 3, "two hellos and the flooded frame");
	cr_expect_not(w.host[0]->dev.carrier);

	sim_run(w.sim, 2 * SIM_S);
	cr_expect(noshut->fired);
	cr_expect(w.host[0]->dev.carrier && w.port[0]->dev.carrier);
	cr_expect_eq(log_count(w.sw, "%LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to up",
			       &at), 2, "cabled at 0, back at 2 s");
	cr_expect_eq(at, 2 * SIM_S);
	expect_flaps(&w.hp[0], downs, ups, 1);
	expect_flaps(&w.pp[0], downs, ups, 1);
	cr_expect_eq(w.hp[1].changes + w.hp[2].changes, 0);
	netdev_xmit(&w.host[1]->dev, test_frame(w.sim, MAC_A, MAC_B, 8));
	sim_run(w.sim, 3 * SIM_S);
	cr_expect_eq(w.hp[0].rx, 3);
	cr_expect_eq(w.hp[0].rx_seq[2], 8);
	star_fini(&w);
}

Test(faults, switch_reboot_all_ports_down_for_t_fdb_lost)
{
	struct star w;
	struct fault *reboot;
	const sim_time_t downs[] = { SIM_S }, ups[] = { 31 * SIM_S };
	sim_time_t at = -1;

	star_init(&w);
	/* Gi0/3 is shut before the reload: "shutdown" is in the saved config. */
	star_fault(&w, FAULT_PORT_SHUTDOWN, SIM_S / 2, 2);
	reboot = star_fault(&w, FAULT_SWITCH_REBOOT, SIM_S, -1);
	reboot->value = 30 * SIM_S;
	star_hello(&w);
	sim_run(w.sim, SIM_S - 1);
	cr_expect_eq(sw_fdb_count(w.sw), 2, "Gi0/3 shut: its MAC flushed");

	sim_run(w.sim, SIM_S);
	cr_expect(reboot->fired);
	for (int i = 0; i < NPORT; i++) {
		cr_expect_not(w.host[i]->dev.carrier, "h%d", i);
		cr_expect_not(w.port[i]->dev.carrier, "Gi0/%d", i + 1);
	}
	cr_expect_eq(sw_fdb_count(w.sw), 0);
	cr_expect_eq(log_count(w.sw, "%SYS-5-RELOAD", &at), 1);
	cr_expect_eq(at, SIM_S);
	/* A host sending during the reload gets nowhere. */
	netdev_xmit(&w.host[0]->dev, test_frame(w.sim, MAC_B, MAC_A, 1));
	cr_expect_eq(w.host[0]->dev.drops[DROP_CARRIER_DOWN], 1);

	sim_run(w.sim, 31 * SIM_S - 1);
	for (int i = 0; i < NPORT; i++)
		cr_expect_not(w.host[i]->dev.carrier, "h%d still down at 31 s - 1 ns", i);
	sim_run(w.sim, 31 * SIM_S);
	cr_expect_eq(log_count(w.sw, "%SYS-5-RESTART: System restarted --", &at), 1);
	cr_expect_eq(at, 31 * SIM_S);
	cr_expect(w.host[0]->dev.carrier && w.host[1]->dev.carrier);
	cr_expect_not(w.host[2]->dev.carrier, "still shut after the reload");
	cr_expect_eq(sw_fdb_count(w.sw), 0, "nothing learnt yet");
	expect_flaps(&w.hp[0], downs, ups, 1);
	expect_flaps(&w.hp[1], downs, ups, 1);
	expect_flaps(&w.pp[0], downs, ups, 1);
	cr_expect_eq(w.hp[2].changes, 1, "h2: down at 0.5 s, never up");
	cr_expect_eq(w.hp[2].ch_at[0], SIM_S / 2);

	/* A learnt anew; B's address is unknown again, so the frame floods. */
	netdev_xmit(&w.host[0]->dev, test_frame(w.sim, MAC_B, MAC_A, 2));
	sim_run(w.sim, 32 * SIM_S);
	cr_expect_eq(sw_fdb_count(w.sw), 1);
	cr_expect_str_eq(sw_fdb_port(w.sw, MAC_A), "Gi0/1");
	cr_expect_eq(w.hp[1].rx, 3, "two hellos before the reload, the flooded frame");
	cr_expect_eq(w.hp[1].rx_seq[2], 2);
	star_fini(&w);
}

Test(faults, link_down_by_its_switch_end)
{
	struct star w;
	const sim_time_t downs[] = { SIM_S }, ups[] = { 2 * SIM_S };

	/* "link sw1.Gi0/2 down" acts on the cable plugged in there. */
	star_init(&w);
	star_fault(&w, FAULT_LINK_DOWN, SIM_S, 1);
	star_fault(&w, FAULT_LINK_UP, 2 * SIM_S, 1);
	sim_run(w.sim, 3 * SIM_S);
	expect_flaps(&w.hp[1], downs, ups, 1);
	expect_flaps(&w.pp[1], downs, ups, 1);
	cr_expect_eq(log_count(w.sw, "%LINK-3-UPDOWN: Interface GigabitEthernet0/2, changed state to down",
			       NULL), 1);
	cr_expect_eq(w.hp[0].changes + w.hp[2].changes, 0);
	star_fini(&w);
}

/*
 * Disabled: fails until link.c forgets, when a pull flushes a direction,
 * the arrival time of the frames it flushed (dir_flush() leaves last_at,
 * and link_transmit() still holds new frames back behind it).  Today the
 * frame below lands at 10.000704 ms, 6 ms late, behind a frame that was
 * lost at 2 ms.
 */
Test(faults, delay_decrease_then_pull_holds_nothing_back)
{
	struct pair w;
	struct fault *shorter;

	/* 10 ms of cable, 1 us from 1 ms; frame 1 (due at 10 ms) is lost in the pull at 2 ms. */
	pair_init(&w, 1, 10 * SIM_MS);
	shorter = pair_fault(&w, FAULT_DELAY, SIM_MS, 0);
	shorter->value = SIM_US;
	fault_arm(shorter);
	fault_arm(pair_fault(&w, FAULT_LINK_DOWN, 2 * SIM_MS, 0));
	fault_arm(pair_fault(&w, FAULT_LINK_UP, 3 * SIM_MS, 0));
	pair_send(&w, 0, 1);
	sim_run(w.sim, 4 * SIM_MS);
	pair_send(&w, 0, 2);
	sim_run(w.sim, SIM_S);
	cr_expect_eq(w.link->dir[0].down_drops, 1);
	cr_expect_eq(w.p[1].rx, 1);
	cr_expect_eq(w.p[1].rx_seq[0], 2);
	cr_expect_eq(w.p[1].rx_at[0], 4 * SIM_MS + TX_NS + SIM_US, "arrived at %" G_GINT64_FORMAT,
		     w.p[1].rx_at[0]);
	pair_fini(&w);
}
