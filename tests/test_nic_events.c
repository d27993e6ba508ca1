/*
 * test_nic_events.c - one event per frame per hop where nothing can happen
 * between the end of serialisation and the arrival (nic.c "sent ahead"),
 * two where something can, and the same arrivals, counters and drops
 * either way.
 *
 * The world: two plain NICs on one 1 Gbit/s cable with 1 us of delay.  A
 * 64-byte frame is 88 bytes on the wire (FCS, preamble, gap): 704 ns.  A
 * burst of N frames handed to an idle NIC at 0 arrives at k x 704 ns + 1 us
 * (k = 1..N).  sim->events_run counts the events the kernel ran, so these
 * tests fail if a change puts the tx_done event back on the path.
 */
#include <criterion/criterion.h>
#include "link/link.h"
#include "link/nic.h"

#define GBIT 1000000000ULL
#define TX_NS (704 * SIM_NS)
#define DELAY SIM_US
#define MAXRX 64

struct world {
	struct sim *sim;
	struct nic *a, *b;
	struct link *link;
	uint64_t rx;
	sim_time_t rx_at[MAXRX];
	uint32_t rx_seq[MAXRX];
};

static void sink(void *owner, struct frame *f, const struct rx_ctx *ctx)
{
	struct world *w = owner;

	(void)ctx;
	if (w->rx < MAXRX) {
		w->rx_at[w->rx] = w->sim->now;
		w->rx_seq[w->rx] = f->meta.seq;
	}
	w->rx++;
	frame_unref(f);
}

static const uint8_t MAC_A[6] = { 0x02, 0, 0, 0, 0, 0x0a };
static const uint8_t MAC_B[6] = { 0x02, 0, 0, 0, 0, 0x0b };

static void world_init(struct world *w, uint32_t txqueuelen)
{
	struct netdev_upper up = { .rx = sink, .owner = w };

	memset(w, 0, sizeof(*w));
	w->sim = sim_new(1);
	w->a = nic_new(w->sim, "a", "eth0", MAC_A, txqueuelen);
	w->b = nic_new(w->sim, "b", "eth0", MAC_B, 0);
	w->link = link_new(w->sim, "a.eth0--b.eth0", &w->a->dev, &w->b->dev, GBIT, DELAY);
	cr_assert(netdev_upper_register(&w->b->dev, &up, NULL));
	w->sim->events_run = 0;
}

static void world_fini(struct world *w)
{
	link_free(w->link);
	nic_free(w->a);
	nic_free(w->b);
	cr_expect_eq(w->sim->pool.live, 0, "frames still live: %" G_GUINT64_FORMAT,
		     w->sim->pool.live);
	sim_free(w->sim);
}

/* Hand @n 64-byte frames, numbered from @seq, to a's NIC now. */
static void burst(struct world *w, int n, uint32_t seq)
{
	for (int i = 0; i < n; i++) {
		struct frame *f = frame_alloc(&w->sim->pool);
		uint8_t *h = frame_put(f, 14);

		memcpy(h, MAC_B, 6);
		memcpy(h + 6, MAC_A, 6);
		h[12] = 0x88;
		h[13] = 0xb5;
		f->len = 64;
		f->meta.seq = seq + (uint32_t)i;
		netdev_xmit(&w->a->dev, f);
	}
}

TestSuite(nic_events, .timeout = 10);

Test(nic_events, a_burst_costs_one_event_per_frame)
{
	struct world w;

	world_init(&w, 0);
	burst(&w, 10, 1);
	sim_run(w.sim, SIM_MS);
	cr_expect_eq(w.sim->events_run, 10, "events: %" G_GUINT64_FORMAT, w.sim->events_run);
	cr_assert_eq(w.rx, 10);
	for (int k = 0; k < 10; k++) {
		cr_expect_eq(w.rx_seq[k], (uint32_t)k + 1);
		cr_expect_eq(w.rx_at[k], (k + 1) * TX_NS + DELAY);
	}
	cr_expect_eq(w.a->dev.stats.tx_packets, 10);
	cr_expect_eq(w.a->dev.stats.tx_bytes, 640);
	cr_expect_eq(w.link->dir[0].frames, 10);
	cr_expect_eq(w.b->dev.stats.rx_packets, 10);
	world_fini(&w);
}

Test(nic_events, a_cable_that_may_lose_keeps_two_events_per_frame)
{
	struct world w;

	world_init(&w, 0);
	w.link->loss = 1e-12;	/* a draw per frame when it leaves: never lost with seed 1 */
	burst(&w, 10, 1);
	sim_run(w.sim, SIM_MS);
	cr_expect_eq(w.sim->events_run, 20, "events: %" G_GUINT64_FORMAT, w.sim->events_run);
	cr_assert_eq(w.rx, 10);
	for (int k = 0; k < 10; k++)
		cr_expect_eq(w.rx_at[k], (k + 1) * TX_NS + DELAY);
	cr_expect_eq(w.a->dev.stats.tx_packets, 10);
	world_fini(&w);
}

Test(nic_events, counters_show_only_the_frames_that_are_out)
{
	struct world w;

	world_init(&w, 0);
	burst(&w, 10, 1);
	/* 3 frames out, the 4th on the wire, 6 waiting */
	sim_run(w.sim, 3 * TX_NS + 100);
	link_settle(w.link, WIRE_UNCOUNT);
	cr_expect_eq(w.a->dev.stats.tx_packets, 3);
	cr_expect_eq(w.a->dev.stats.tx_bytes, 192);
	cr_expect_eq(w.link->dir[0].frames, 3);
	link_settle(w.link, WIRE_RECOUNT);
	cr_expect_eq(w.a->dev.stats.tx_packets, 10);
	sim_run(w.sim, SIM_MS);
	cr_expect_eq(w.rx, 10);
	cr_expect_eq(w.sim->events_run, 10);
	world_fini(&w);
}

Test(nic_events, txqueuelen_counts_the_frames_sent_ahead_not_started)
{
	struct world w;

	/* 1 on the wire + 4 waiting: the other 5 of the burst find the queue full */
	world_init(&w, 4);
	burst(&w, 10, 1);
	cr_expect_eq(w.a->dev.stats.tx_dropped, 5);
	cr_expect_eq(w.a->dev.drops[DROP_QUEUE_FULL], 5);
	/* at 2.5 frames: 2 out, 1 on the wire, 2 waiting: room for 2 more */
	sim_run(w.sim, 2 * TX_NS + TX_NS / 2);
	burst(&w, 3, 11);
	cr_expect_eq(w.a->dev.drops[DROP_QUEUE_FULL], 6);
	sim_run(w.sim, SIM_MS);
	cr_assert_eq(w.rx, 7);
	cr_expect_eq(w.rx_seq[5], 11);
	cr_expect_eq(w.rx_at[5], 6 * TX_NS + DELAY);
	cr_expect_eq(w.rx_seq[6], 12);
	cr_expect_eq(w.sim->events_run, 7);
	world_fini(&w);
}

Test(nic_events, a_pull_mid_burst_drops_as_the_two_event_path_does)
{
	struct world w;

	world_init(&w, 0);
	burst(&w, 10, 1);
	/* at 2.5 frames: 1 arrived (704 + 1000 ns), 1 in flight on the cable,
	 * 1 on the wire, 7 queued */
	sim_run(w.sim, 2 * TX_NS + TX_NS / 2);
	link_set_up(w.link, false);
	cr_expect_eq(w.rx, 1);
	cr_expect_eq(w.link->dir[0].down_drops, 1, "the one on the cable");
	cr_expect_eq(w.a->dev.drops[DROP_CARRIER_DOWN], 8, "the one on the wire and 7 queued");
	cr_expect_eq(w.a->dev.stats.tx_dropped, 8);
	cr_expect_eq(w.a->dev.stats.tx_packets, 2);
	cr_expect_eq(w.link->dir[0].frames, 2);
	sim_run(w.sim, SIM_MS);
	cr_expect_eq(w.rx, 1);
	world_fini(&w);
}
