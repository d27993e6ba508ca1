/*
 * nic_rig.h - two plain NICs, a and b, on one 1 Gbit/s cable with 1 us of
 * delay, b's arrivals recorded (time, seq, priority): the world of
 * test_nic_events.c and test_nic_prio.c.  A 64-byte frame is 88 bytes on
 * the wire (FCS, preamble, gap): 704 ns.
 */
#ifndef BONDSIM_TESTS_NIC_RIG_H
#define BONDSIM_TESTS_NIC_RIG_H

#include <string.h>
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
	uint8_t rx_prio[MAXRX];
};

static void sink(void *owner, struct frame *f, const struct rx_ctx *ctx)
{
	struct world *w = owner;

	(void)ctx;
	if (w->rx < MAXRX) {
		w->rx_at[w->rx] = w->sim->now;
		w->rx_seq[w->rx] = f->meta.seq;
		w->rx_prio[w->rx] = f->priority;
	}
	w->rx++;
	frame_unref(f);
}

static const uint8_t MAC_A[6] = { 0x02, 0, 0, 0, 0, 0x0a };
static const uint8_t MAC_B[6] = { 0x02, 0, 0, 0, 0, 0x0b };

/* @loss nonzero (but never drawing a loss) keeps the two-event path. */
static void world_init(struct world *w, uint32_t txqueuelen, double loss)
{
	struct netdev_upper up = { .rx = sink, .owner = w };

	memset(w, 0, sizeof(*w));
	w->sim = sim_new(1);
	w->a = nic_new(w->sim, "a", "eth0", MAC_A, txqueuelen);
	w->b = nic_new(w->sim, "b", "eth0", MAC_B, 0);
	w->link = link_new(w->sim, "a.eth0--b.eth0", &w->a->dev, &w->b->dev, GBIT, DELAY);
	link_set_loss(w->link, loss);
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

/* One data frame of @len bytes, numbered @seq, to a's NIC now. */
static inline void data_len(struct world *w, uint32_t len, uint32_t seq)
{
	struct frame *f = frame_alloc(&w->sim->pool);
	uint8_t *h = frame_put(f, 14);

	memcpy(h, MAC_B, 6);
	memcpy(h + 6, MAC_A, 6);
	h[12] = 0x88;
	h[13] = 0xb5;
	f->len = len;
	f->meta.seq = seq;
	netdev_xmit(&w->a->dev, f);
}

/* Hand @n 64-byte data frames, numbered from @seq, to a's NIC now. */
static inline void data(struct world *w, int n, uint32_t seq)
{
	for (int i = 0; i < n; i++)
		data_len(w, 64, seq + (uint32_t)i);
}

#endif
