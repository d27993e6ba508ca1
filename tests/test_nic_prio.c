/*
 * test_nic_prio.c - the NIC's two pfifo_fast bands: a LACPDU (priority
 * TC_PRIO_CONTROL) passes the data still queued, has its own txqueuelen,
 * and leaves at the same moment whether the data was sent ahead or not.
 *
 * The world: two plain NICs on one 1 Gbit/s cable with 1 us of delay.  A
 * 64-byte data frame is 88 bytes on the wire: 704 ns; a LACPDU (124
 * bytes) is 148: 1184 ns.  Data frames carry seq 1.., LACPDUs 100...
 */
#include "nic_rig.h"
#include "lacp/lacp_pdu.h"

#define TX_LACP (1184 * SIM_NS)

/* @n LACPDUs as the LACP machines build them, numbered from @seq. */
static void lacpdus(struct world *w, int n, uint32_t seq)
{
	struct lacpdu pdu;

	memset(&pdu, 0, sizeof(pdu));
	for (int i = 0; i < n; i++) {
		struct frame *f = lacp_pdu_frame_new(&w->sim->pool, MAC_A, &pdu);

		f->meta.seq = seq + (uint32_t)i;
		netdev_xmit(&w->a->dev, f);
	}
}

TestSuite(nic_prio, .timeout = 10);

Test(nic_prio, lacpdus_and_markers_are_tc_prio_control_data_is_0)
{
	struct sim *sim = sim_new(1);
	struct lacpdu pdu;
	struct lacp_marker m;
	struct frame *f, *g;

	memset(&pdu, 0, sizeof(pdu));
	memset(&m, 0, sizeof(m));
	f = lacp_pdu_frame_new(&sim->pool, MAC_A, &pdu);
	cr_expect_eq(f->priority, 7);
	g = frame_ref(f);
	g = frame_make_writable(g);	/* a private copy keeps it */
	cr_expect_neq(g, f);
	cr_expect_eq(g->priority, 7);
	frame_unref(g);
	frame_unref(f);
	f = lacp_marker_frame_new(&sim->pool, MAC_A, &m);
	cr_expect_eq(f->priority, 7);
	frame_unref(f);
	f = frame_alloc(&sim->pool);
	cr_expect_eq(f->priority, 0);
	frame_unref(f);
	sim_free(sim);
}

/*
 * txqueuelen 4: 10 data frames at 0, d1 on the wire, d2-d5 waiting, 5
 * dropped.  A LACPDU at 352 ns (half-way through d1) finds the data band
 * full but its own empty: it leaves right after d1, at 704 ns, before
 * d2-d5, whether they had been sent ahead (taken back) or not.
 */
static void lacpdu_passes_full_queue(double loss)
{
	struct world w;

	world_init(&w, 4, loss);
	data(&w, 10, 1);
	cr_expect_eq(w.a->dev.drops[DROP_QUEUE_FULL], 5);
	sim_run(w.sim, TX_NS / 2);
	lacpdus(&w, 1, 100);
	cr_expect_eq(w.a->dev.drops[DROP_QUEUE_FULL], 5, "the LACPDU is not dropped");
	sim_run(w.sim, SIM_MS);
	cr_assert_eq(w.rx, 6);
	cr_expect_eq(w.rx_seq[0], 1);
	cr_expect_eq(w.rx_at[0], TX_NS + DELAY);
	cr_expect_eq(w.rx_seq[1], 100, "the LACPDU leaves next");
	cr_expect_eq(w.rx_prio[1], 0, "priority does not cross the wire");
	cr_expect_eq(w.rx_at[1], TX_NS + TX_LACP + DELAY);	/* 2888 ns */
	for (int k = 2; k <= 5; k++) {
		cr_expect_eq(w.rx_seq[k], (uint32_t)k);
		cr_expect_eq(w.rx_at[k], TX_NS + TX_LACP + (k - 1) * TX_NS + DELAY);
	}
	cr_expect_eq(w.a->dev.stats.tx_packets, 6);
	cr_expect_eq(w.a->dev.stats.tx_dropped, 0, "qdisc drops are not tx_dropped");
	world_fini(&w);
}

Test(nic_prio, a_lacpdu_passes_a_full_queue_of_data_sent_ahead)
{
	lacpdu_passes_full_queue(0);
}

Test(nic_prio, a_lacpdu_passes_a_full_queue_on_the_two_event_path)
{
	lacpdu_passes_full_queue(1e-12);	/* never draws a loss with seed 1 */
}

/*
 * txqueuelen 4, 10 data then 6 LACPDUs at 0: band 0 holds 4 LACPDUs of its
 * own, the 5th and 6th are dropped; the data band is still full (one
 * more data frame is dropped too).  Out: d1 (on the wire already), the 4
 * LACPDUs, d2-d5.
 */
Test(nic_prio, the_control_band_has_its_own_txqueuelen)
{
	struct world w;

	world_init(&w, 4, 0);
	data(&w, 10, 1);
	lacpdus(&w, 6, 100);
	cr_expect_eq(w.a->dev.drops[DROP_QUEUE_FULL], 7);
	data(&w, 1, 11);
	cr_expect_eq(w.a->dev.drops[DROP_QUEUE_FULL], 8);
	cr_expect_eq(w.a->dev.stats.tx_dropped, 0, "qdisc drops are not tx_dropped");
	sim_run(w.sim, SIM_MS);
	cr_assert_eq(w.rx, 9);
	cr_expect_eq(w.rx_seq[0], 1);
	for (int i = 1; i <= 4; i++) {
		cr_expect_eq(w.rx_seq[i], 100 + (uint32_t)i - 1);
		cr_expect_eq(w.rx_at[i], TX_NS + i * TX_LACP + DELAY);
	}
	for (int k = 2; k <= 5; k++) {
		cr_expect_eq(w.rx_seq[k + 3], (uint32_t)k);
		cr_expect_eq(w.rx_at[k + 3], TX_NS + 4 * TX_LACP + (k - 1) * TX_NS + DELAY);
	}
	world_fini(&w);
}

/* A LACPDU on an idle NIC, data behind it: one event a frame, as before. */
Test(nic_prio, a_lacpdu_on_an_idle_nic_keeps_the_fast_path)
{
	struct world w;

	world_init(&w, 0, 0);
	lacpdus(&w, 1, 100);
	data(&w, 3, 1);
	sim_run(w.sim, SIM_MS);
	cr_expect_eq(w.sim->events_run, 4, "events: %" G_GUINT64_FORMAT, w.sim->events_run);
	cr_assert_eq(w.rx, 4);
	cr_expect_eq(w.rx_seq[0], 100);
	cr_expect_eq(w.rx_at[0], TX_LACP + DELAY);
	for (int k = 1; k <= 3; k++) {
		cr_expect_eq(w.rx_seq[k], (uint32_t)k);
		cr_expect_eq(w.rx_at[k], TX_LACP + k * TX_NS + DELAY);
	}
	world_fini(&w);
}

static void owner_told(void *arg, const struct frame *f)
{
	(void)f;
	(*(int *)arg)++;
}

/*
 * A data frame whose sender waits for its tx completion (TCP Small
 * Queues) stays on the two-event path, queued behind d1 with a timer at
 * d1's end: a LACPDU arriving after it still leaves first.
 */
Test(nic_prio, a_lacpdu_passes_a_frame_waiting_for_its_tx_completion)
{
	struct world w;
	struct frame *f;
	int told = 0;

	world_init(&w, 0, 0);
	data(&w, 1, 1);
	f = frame_alloc(&w.sim->pool);
	frame_put(f, 14);
	memcpy(f->data, MAC_B, 6);
	memcpy(f->data + 6, MAC_A, 6);
	f->len = 64;
	f->meta.seq = 2;
	f->tx_owner = frame_tx_owner_add(&w.sim->pool, owner_told, &told);
	netdev_xmit(&w.a->dev, f);
	lacpdus(&w, 1, 100);
	sim_run(w.sim, SIM_MS);
	cr_assert_eq(w.rx, 3);
	cr_expect_eq(w.rx_seq[0], 1);
	cr_expect_eq(w.rx_seq[1], 100);
	cr_expect_eq(w.rx_at[1], TX_NS + TX_LACP + DELAY);
	cr_expect_eq(w.rx_seq[2], 2);
	cr_expect_eq(w.rx_at[2], TX_NS + TX_LACP + TX_NS + DELAY);
	cr_expect_eq(told, 1);
	world_fini(&w);
}
