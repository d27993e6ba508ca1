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
#include "nic_rig.h"

TestSuite(nic_events, .timeout = 10);

Test(nic_events, a_burst_costs_one_event_per_frame)
{
	struct world w;

	world_init(&w, 0, 0);
	data(&w, 10, 1);
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

	world_init(&w, 0, 0);
	w.link->loss = 1e-12;	/* a draw per frame when it leaves: never lost with seed 1 */
	data(&w, 10, 1);
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

	world_init(&w, 0, 0);
	data(&w, 10, 1);
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
	world_init(&w, 4, 0);
	data(&w, 10, 1);
	cr_expect_eq(w.a->dev.stats.tx_dropped, 5);
	cr_expect_eq(w.a->dev.drops[DROP_QUEUE_FULL], 5);
	/* at 2.5 frames: 2 out, 1 on the wire, 2 waiting: room for 2 more */
	sim_run(w.sim, 2 * TX_NS + TX_NS / 2);
	data(&w, 3, 11);
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

	world_init(&w, 0, 0);
	data(&w, 10, 1);
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
