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
	link_set_loss(w.link, 1e-12);	/* a draw per frame when it leaves: never lost with seed 1 */
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
	cr_expect_eq(w.a->dev.drops[DROP_QUEUE_FULL], 5);
	cr_expect_eq(w.a->dev.stats.tx_dropped, 0, "the qdisc's drops (qdisc_drop()), not the device's");
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
	cr_expect_eq(w.a->dev.stats.tx_dropped, 1,
		     "the driver's frame; qdisc_reset() frees the 7 queued uncounted");
	cr_expect_eq(w.a->dev.stats.tx_packets, 2);
	cr_expect_eq(w.link->dir[0].frames, 2);
	sim_run(w.sim, SIM_MS);
	cr_expect_eq(w.rx, 1);
	world_fini(&w);
}

/*
 * The NIC remembers the time of the last length at the last speed (nic.c
 * tx_time): other lengths and another speed must not reuse it.  1000 bytes
 * are 1024 on the wire, 8192 ns at 1 Gbit/s; at 10 Gbit/s a 64-byte frame
 * takes 70.4 ns, rounded up to 71.
 */
Test(nic_events, each_length_and_speed_takes_its_own_time)
{
	struct world w;
	sim_time_t t;

	world_init(&w, 0, 0);
	data_len(&w, 64, 1);
	data_len(&w, 1000, 2);
	data_len(&w, 1000, 3);
	data_len(&w, 64, 4);
	sim_run(w.sim, SIM_MS);
	cr_assert_eq(w.rx, 4);
	cr_expect_eq(w.rx_at[0], 704 + DELAY);
	cr_expect_eq(w.rx_at[1], 704 + 8192 + DELAY);
	cr_expect_eq(w.rx_at[2], 704 + 2 * 8192 + DELAY);
	cr_expect_eq(w.rx_at[3], 2 * 704 + 2 * 8192 + DELAY);
	w.a->dev.speed_bps = 10 * GBIT;
	t = w.sim->now;
	data_len(&w, 64, 5);
	data_len(&w, 64, 6);
	sim_run(w.sim, 2 * SIM_MS);
	cr_assert_eq(w.rx, 6);
	cr_expect_eq(w.rx_at[4], t + 71 + DELAY);
	cr_expect_eq(w.rx_at[5], t + 2 * 71 + DELAY);
	cr_expect_eq(nic_tx_time(w.a, &(struct frame){ .len = 64 }), 71);
	world_fini(&w);
}

/*
 * A queue of 3 (not a power of two) on the two-event path: bursts of 4
 * (one on the wire, 3 queued, the rest dropped) again and again, so the
 * ring's head goes round it several times; every frame kept arrives in
 * order, back to back within its burst.
 */
Test(nic_events, a_queue_of_three_goes_round_in_order)
{
	struct world w;

	world_init(&w, 3, 1e-12);
	for (uint32_t burst = 0; burst < 5; burst++) {
		sim_time_t t0 = w.sim->now;

		for (uint32_t i = 0; i < 5; i++)
			data_len(&w, 64, burst * 5 + i);
		sim_run(w.sim, t0 + 10 * SIM_US);
		cr_assert_eq(w.rx, 4 * (burst + 1));
		for (uint32_t i = 0; i < 4; i++) {
			cr_expect_eq(w.rx_seq[burst * 4 + i], burst * 5 + i);
			cr_expect_eq(w.rx_at[burst * 4 + i], t0 + (i + 1) * TX_NS + DELAY);
		}
	}
	cr_expect_eq(w.a->dev.drops[DROP_QUEUE_FULL], 5);
	cr_expect_eq(w.sim->events_run, 40, "two events per frame kept");
	world_fini(&w);
}
