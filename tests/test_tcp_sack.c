/*
 * test_tcp_sack.c - the TCP sender: the RTO and its backoff, the SACK
 * scoreboard, dupthresh fast retransmit (and NewReno without SACK), DSACK
 * and undo, reordering learnt, RACK-TLP.
 *
 * DOC: One host against the scripted peer of tcp_rig.h: segments go out,
 * the test answers with hand-made ACKs and SACK blocks at chosen times and
 * checks what is resent, when, and the counters.  Tests of the count rule
 * run with recovery = 0 (no_rack()), as Linux with tcp_recovery = 0.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include "tcp_rig.h"

TestSuite(tcp_sack, .timeout = 30);

Test(tcp_sack, rto_doubles_from_the_floor)
{
	struct rig r;
	struct tcp_seg seg;
	sim_time_t t0, at[3];

	connected(&r, no_rack());
	t0 = r.sim->now;
	send_segs(&r, 1);
	for (int k = 0; k < 3; k++) {
		while (!rig_count(&r))
			sim_run(r.sim, r.sim->now + SIM_MS / 10);
		at[k] = r.sim->now;
		rig_pop(&r, &seg);
		cr_expect_eq(seg.seq, r.s->iss + 1);
		cr_expect_eq(seg.payload, MSS);
	}
	/* srtt 10 ms, rttvar 5 ms: RTO = srtt + max(4 rttvar, 200 ms) = 210 ms */
	/* (polled every 0.1 ms) */
	cr_expect(at[0] - t0 >= 210 * SIM_MS && at[0] - t0 < 210 * SIM_MS + SIM_MS / 10, "%ld",
		  (long)(at[0] - t0));
	cr_expect(at[1] - at[0] > 420 * SIM_MS - SIM_MS / 10 && at[1] - at[0] < 420 * SIM_MS + SIM_MS / 10);
	cr_expect(at[2] - at[1] > 840 * SIM_MS - SIM_MS / 10 && at[2] - at[1] < 840 * SIM_MS + SIM_MS / 10);
	cr_expect_eq(tcp_sock_stats(r.s)->timeouts, 3);
	cr_expect_eq(tcp_sock_stats(r.s)->rto_retrans, 3);
	cr_expect_eq(r.s->ca_state, TCP_CA_LOSS);
	cr_expect_eq(r.s->cwnd, 1);
	rig_fini(&r);
}

Test(tcp_sack, rto_go_back_n_after_timeout)
{
	struct rig r;
	struct tcp_seg seg;

	connected(&r, no_rack());
	send_segs(&r, 4);
	sim_run(r.sim, r.sim->now + 250 * SIM_MS);
	rig_pop(&r, &seg);
	cr_expect_eq(seg.seq, r.s->iss + 1);
	cr_expect_eq(rig_count(&r), 0, "cwnd 1 after the RTO");
	/* the head is acknowledged: cwnd 2, the next two go */
	struct tcp_seg a = rig_seg(&r, 0, MSS, 0);
	rig_inject(&r, &a);
	cr_expect_eq(rig_count(&r), 2);
	rig_pop(&r, &seg);
	cr_expect_eq(seg.seq, r.s->iss + 1 + MSS);
	rig_pop(&r, &seg);
	cr_expect_eq(seg.seq, r.s->iss + 1 + 2 * MSS);
	cr_expect_eq(tcp_sock_stats(r.s)->rto_retrans, 3);
	rig_fini(&r);
}

Test(tcp_sack, three_sacked_segments_one_fast_retransmit)
{
	struct rig r;
	struct tcp_seg seg;

	connected(&r, no_rack());
	send_segs(&r, 10);
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 2 } });
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 3 } });
	cr_expect_eq(rig_count(&r), 0, "two SACKed above the hole: not yet lost");
	cr_expect_eq(r.s->ca_state, TCP_CA_DISORDER);
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 4 } });
	cr_assert_eq(rig_count(&r), 1);
	rig_pop(&r, &seg);
	cr_expect_eq(seg.seq, r.s->iss + 1);
	cr_expect_eq(seg.payload, MSS);
	cr_expect_eq(tcp_sock_stats(r.s)->fast_retrans, 1);
	cr_expect_eq(tcp_sock_stats(r.s)->recoveries, 1);
	cr_expect_eq(r.s->ca_state, TCP_CA_RECOVERY);
	cr_expect_eq(r.s->ssthresh, 7, "CUBIC: 10 * 0.7");
	/* a fourth SACK: PRR sends new data, no second retransmission */
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 5 } });
	while (rig_count(&r)) {
		rig_pop(&r, &seg);
		cr_expect_geq(seg.seq, r.s->iss + 1 + 10 * MSS);
	}
	cr_expect_eq(tcp_sock_stats(r.s)->retrans_segs, 1);
	rig_fini(&r);
}

Test(tcp_sack, three_dupacks_without_sack_one_fast_retransmit)
{
	struct rig r;
	struct tcp_seg seg;
	struct tcp_params p;

	tcp_params_default(&p);
	p.sack = false;
	p.congestion_control = TCP_CC_RENO;
	connected(&r, &p);	/* RACK needs SACK: dupthresh here */
	cr_expect_not(r.s->sack_ok);
	/* the peer's first ACK scales its window: a window update, never a dupack */
	seg = rig_seg(&r, 0, 0, 0);
	rig_inject(&r, &seg);
	send_segs(&r, 10);
	/* segments 0 and 2 lost: 8 duplicate ACKs come back */
	for (int k = 0; k < 2; k++) {
		seg = rig_seg(&r, 0, 0, 0);
		rig_inject(&r, &seg);
	}
	cr_expect_eq(rig_count(&r), 0);
	seg = rig_seg(&r, 0, 0, 0);
	rig_inject(&r, &seg);
	cr_assert_eq(rig_count(&r), 1);
	rig_pop(&r, &seg);
	cr_expect_eq(seg.seq, r.s->iss + 1);
	cr_expect_eq(tcp_sock_stats(r.s)->fast_retrans, 1);
	cr_expect_eq(tcp_sock_stats(r.s)->dup_acks_received, 3);
	cr_expect_eq(r.s->ssthresh, 5, "Reno halves");
	for (int k = 0; k < 5; k++) {
		seg = rig_seg(&r, 0, 0, 0);
		rig_inject(&r, &seg);
	}
	while (rig_count(&r)) {
		rig_pop(&r, &seg);
		cr_expect_geq(seg.seq, r.s->iss + 1 + 10 * MSS, "only new data under PRR");
	}
	/* partial ACK (NewReno): the next hole goes at once */
	seg = rig_seg(&r, 0, 2 * MSS, 0);
	rig_inject(&r, &seg);
	cr_assert_geq(rig_count(&r), 1);
	rig_pop(&r, &seg);
	cr_expect_eq(seg.seq, r.s->iss + 1 + 2 * MSS);
	cr_expect_eq(tcp_sock_stats(r.s)->fast_retrans, 2);
	rig_fini(&r);
}

/*
 * Without SACK, Linux still learns reordering: a partial ACK in Recovery
 * that echoes a TSval older than the fast retransmit (tcp_try_undo_partial)
 * measures the degree from snd_una as it was to snd_una now (its
 * tcp_highest_sack_seq() is the head of the queue), and more duplicate
 * ACKs than segments out past the hole (tcp_check_reno_reordering) set it
 * to what was out.
 */
static struct tcp_sock *nosack_connected(struct rig *r)
{
	static struct tcp_params p;
	struct tcp_seg seg;

	tcp_params_default(&p);
	p.sack = false;
	connected(r, &p);
	cr_assert_not(r->s->sack_ok);
	seg = rig_seg(r, 0, 0, 0);	/* the window update: never a dupack */
	rig_inject(r, &seg);
	return r->s;
}

/*
 * RFC 6582's hold (tcp_try_undo_recovery): without SACK, an ACK of exactly
 * high_seq leaves the sender in Recovery, and duplicate ACKs for what it
 * sent since start no new fast retransmit until an ACK goes above it.
 */
Test(tcp_sack, nosack_recovery_held_until_an_ack_above_high_seq)
{
	struct rig r;
	struct tcp_seg seg;

	nosack_connected(&r);
	send_segs(&r, 10);
	for (int k = 0; k < 3; k++) {
		seg = rig_seg(&r, 0, 0, 0);
		rig_inject(&r, &seg);
	}
	cr_assert_eq(rig_count(&r), 1);
	rig_pop(&r, &seg);
	cr_assert_eq(seg.seq, r.s->iss + 1);
	cr_assert_eq(r.s->high_seq, r.s->iss + 1 + 10 * MSS);
	tcp_send(r.s, 6 * MSS);
	rig_drop_all(&r);
	seg = rig_seg(&r, 0, 10 * MSS, 0);
	rig_inject(&r, &seg);
	cr_expect_eq(r.s->ca_state, TCP_CA_RECOVERY, "held at high_seq");
	cr_expect_eq(r.s->sacked_out, 0);
	while (rig_count(&r)) {
		rig_pop(&r, &seg);
		cr_expect_geq(seg.seq, r.s->iss + 1 + 10 * MSS, "only new data");
	}
	cr_assert_gt(r.s->packets_out, 0);
	for (int k = 0; k < 4; k++) {
		seg = rig_seg(&r, 0, 10 * MSS, 0);
		rig_inject(&r, &seg);
	}
	cr_expect_eq(tcp_sock_stats(r.s)->fast_retrans, 1, "no second fast retransmit");
	cr_expect_eq(r.s->sacked_out, 0, "duplicates not counted while held");
	cr_expect_eq(r.s->ca_state, TCP_CA_RECOVERY);
	seg = rig_seg(&r, 0, 11 * MSS, 0);
	rig_inject(&r, &seg);
	cr_expect_eq(r.s->ca_state, TCP_CA_OPEN);
	cr_expect_eq(r.s->cwnd, r.s->ssthresh, "tcp_end_cwnd_reduction");
	rig_fini(&r);
}

Test(tcp_sack, nosack_partial_ack_with_old_tsval_learns_reordering)
{
	struct rig r;
	struct tcp_seg seg;
	uint32_t tsval0;

	nosack_connected(&r);
	tcp_send(r.s, 10 * MSS);
	rig_pop(&r, &seg);
	tsval0 = seg.tsval;
	rig_drop_all(&r);
	sim_run(r.sim, r.sim->now + RIG_RTT);
	/* segments 1 to 5 arrived before segment 0: 5 duplicate ACKs */
	for (int k = 0; k < 5; k++) {
		seg = rig_seg(&r, 0, 0, 0);
		rig_inject(&r, &seg);
	}
	rig_pop(&r, &seg);
	cr_assert_eq(seg.seq, r.s->iss + 1, "the fast retransmit");
	cr_assert_eq(r.s->ca_state, TCP_CA_RECOVERY);
	cr_expect_eq(r.s->reordering, 3);
	/* the late original arrives, segment 4 is still on its way: 4 segments
	 * ACKed (two dupacks left), the TSval of segment 0 echoed */
	sim_run(r.sim, r.sim->now + SIM_MS);
	seg = rig_seg(&r, 0, 4 * MSS, 0);
	seg.tsecr = tsval0;
	rig_inject(&r, &seg);
	cr_expect_eq(r.s->sacked_out, 2);
	cr_expect_eq(r.s->reordering, 4, "the span the partial ACK covered, got %u",
		     r.s->reordering);
	cr_expect_eq(r.s->reord_seen, 1);
	cr_expect_eq(tcp_sock_stats(r.s)->reorder_raises, 1);
	rig_fini(&r);
}

Test(tcp_sack, nosack_more_dupacks_than_out_is_reordering)
{
	struct rig r;
	struct tcp_seg seg;

	nosack_connected(&r);
	send_segs(&r, 4);
	sim_run(r.sim, r.sim->now + RIG_RTT);
	for (int k = 0; k < 3; k++) {
		seg = rig_seg(&r, 0, 0, 0);
		rig_inject(&r, &seg);
	}
	cr_assert_eq(r.s->ca_state, TCP_CA_RECOVERY);
	cr_expect_eq(r.s->reordering, 3);
	cr_expect_eq(r.s->reord_seen, 0);
	/* a fourth dupack: 4 out, 1 hole, so at most 3 can be above it */
	seg = rig_seg(&r, 0, 0, 0);
	rig_inject(&r, &seg);
	cr_expect_eq(r.s->sacked_out, 3);
	cr_expect_eq(r.s->reordering, 4, "packets_out, got %u", r.s->reordering);
	cr_expect_eq(r.s->reord_seen, 1);
	rig_fini(&r);
}

Test(tcp_sack, reordering_within_dupthresh_costs_nothing)
{
	struct rig r;

	connected(&r, no_rack());
	send_segs(&r, 10);
	/* segment 0 is late by two: SACKs for 1 and 1-2, then it arrives */
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 2 } });
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 3 } });
	struct tcp_seg a = rig_seg(&r, 0, 3 * MSS, 0);
	rig_inject(&r, &a);
	cr_expect_eq(tcp_sock_stats(r.s)->retrans_segs, 0);
	cr_expect_eq(tcp_sock_stats(r.s)->recoveries, 0);
	cr_expect_eq(r.s->ca_state, TCP_CA_OPEN);
	cr_expect_eq(r.s->reordering, 3, "a distance of 2 raises nothing");
	cr_expect_eq(r.s->sacked_out, 0);
	cr_expect_eq(r.s->packets_out, 7 + rig_count(&r));
	/* seen all the same: ss -ti's reord_seen counts it, raised or not */
	struct tcp_info_snap info;
	struct metrics m;

	tcp_get_info(r.s, &info);
	cr_expect_eq(info.reord_seen, 1);
	metrics_init(&m);
	tcp_sock_metrics(r.s, &m, "c");
	cr_assert_not_null(metrics_find(&m, "c.reord_seen"));
	cr_expect_eq(metrics_find(&m, "c.reord_seen")->value, 1);
	cr_expect_eq(metrics_find(&m, "c.reorder_raises")->value, 0);
	metrics_fini(&m);
	rig_fini(&r);
}

Test(tcp_sack, sack_reordering_raises_dupthresh)
{
	struct rig r;

	connected(&r, no_rack());
	send_segs(&r, 10);
	/* segment 2 late: 3..7 SACKed, then 2 (never retransmitted) is SACKed too */
	r.s->reordering = 10;	/* keep it from being marked lost meanwhile */
	rig_sack(&r, 2 * MSS, 1, (const uint32_t[][2]){ { 3, 8 } });
	r.s->reordering = 3;
	rig_sack(&r, 2 * MSS, 2, (const uint32_t[][2]){ { 2, 3 }, { 3, 8 } });
	cr_expect_eq(r.s->reordering, 5, "distance from segment 2 to the highest SACKed (7)");
	cr_expect_eq(tcp_sock_stats(r.s)->reorder_raises, 1);
	cr_expect_eq(tcp_sock_stats(r.s)->retrans_segs, 0);
	rig_fini(&r);
}

Test(tcp_sack, sack_scoreboard_after_script)
{
	struct rig r;
	GString *sb = g_string_new(NULL);
	uint32_t m = MSS;
	char want[512];

	connected(&r, no_rack());
	send_segs(&r, 8);
	/* segments 0 and 1 acked, 3 and 5-6 SACKed: 3 SACKed above 2, two above 4 */
	rig_sack(&r, 2 * MSS, 2, (const uint32_t[][2]){ { 5, 7 }, { 3, 4 } });
	tcp_scoreboard_dump(r.s, sb);
	/* 2 is lost and resent at once (recovery), 4 has only 2 SACKed above it */
	snprintf(want, sizeof(want),
		 "%u-%u:L:R:E %u-%u:S %u-%u %u-%u:S %u-%u:S %u-%u",
		 2 * m, 3 * m, 3 * m, 4 * m, 4 * m, 5 * m, 5 * m, 6 * m, 6 * m, 7 * m, 7 * m, 8 * m);
	cr_expect_str_eq(sb->str, want);
	cr_expect_eq(r.s->packets_out, 6 + (r.s->snd_nxt - r.s->iss - 1 - 8 * m) / m);
	cr_expect_eq(r.s->sacked_out, 3);
	cr_expect_eq(r.s->lost_out, 1);
	cr_expect_eq(r.s->retrans_out, 1);
	cr_expect_eq(r.s->fack, r.s->iss + 1 + 6 * m);
	g_string_free(sb, TRUE);
	rig_fini(&r);
}

Test(tcp_sack, dsack_spurious_retransmission_undoes)
{
	struct rig r;
	struct tcp_seg seg;
	const struct tcp_stats *st;

	connected(&r, no_rack());
	send_segs(&r, 10);
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 2 } });
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 3 } });
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 4 } });
	rig_pop(&r, &seg);
	cr_assert_eq(seg.seq, r.s->iss + 1, "the fast retransmit");
	cr_expect_lt(r.s->cwnd, 10);
	rig_drop_all(&r);
	/* the original was only late: it fills the hole ... */
	seg = rig_seg(&r, 0, 4 * MSS, 0);
	rig_inject(&r, &seg);
	/* ... and the retransmission arrives as a duplicate: DSACK */
	seg = rig_seg(&r, 0, 4 * MSS, 0);
	seg.n_sack = 1;
	seg.sack[0][0] = r.s->iss + 1;
	seg.sack[0][1] = r.s->iss + 1 + MSS;
	rig_inject(&r, &seg);
	st = tcp_sock_stats(r.s);
	cr_expect_eq(st->dsacks_received, 1);
	cr_expect_eq(st->spurious_retrans, 1);
	cr_expect_eq(st->undos, 1);
	cr_expect_geq(r.s->cwnd, 10, "cwnd restored, got %u", r.s->cwnd);
	cr_expect_eq(r.s->ssthresh, TCP_INFINITE_SSTHRESH, "ssthresh restored");
	cr_expect_eq(r.s->reordering, 4, "late by 4 segments");
	cr_expect_eq(st->reorder_raises, 1);
	cr_expect_neq(r.s->ca_state, TCP_CA_RECOVERY);
	rig_fini(&r);
}

/* ------------------------------------------------------------ RACK-TLP */

Test(tcp_sack, rack_reordering_within_window_costs_nothing)
{
	struct rig r;
	sim_time_t t0;

	connected(&r, NULL);
	t0 = r.sim->now;
	send_segs(&r, 10);
	/* one RTT later segment 1 is SACKed, 0 is late: reo_wnd = min_rtt / 4 */
	sim_run(r.sim, t0 + RIG_RTT);
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 2 } });
	cr_expect_eq(r.s->pending, TCP_TIMER_REO);
	cr_expect_eq(r.s->rto_timer.at, t0 + RIG_RTT + RIG_RTT / 4);
	sim_run(r.sim, t0 + RIG_RTT + 2 * SIM_MS);
	struct tcp_seg a = rig_seg(&r, 0, 2 * MSS, 0);
	rig_inject(&r, &a);
	sim_run(r.sim, t0 + 2 * RIG_RTT);
	cr_expect_eq(tcp_sock_stats(r.s)->retrans_segs, 0);
	cr_expect_eq(r.s->reord_seen, 1);
	cr_expect_eq(r.s->ca_state, TCP_CA_OPEN);
	rig_fini(&r);
}

Test(tcp_sack, rack_marks_lost_when_the_window_passes)
{
	struct rig r;
	struct tcp_seg seg;
	sim_time_t t0;

	connected(&r, NULL);
	t0 = r.sim->now;
	send_segs(&r, 10);
	sim_run(r.sim, t0 + RIG_RTT);
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 2 } });
	sim_run(r.sim, t0 + RIG_RTT + RIG_RTT / 4 - 1);
	cr_expect_eq(rig_count(&r), 0);
	sim_run(r.sim, t0 + RIG_RTT + RIG_RTT / 4);
	cr_assert_eq(rig_count(&r), 1, "segment 0 resent when RACK's window ends");
	rig_pop(&r, &seg);
	cr_expect_eq(seg.seq, r.s->iss + 1);
	cr_expect_eq(r.s->ca_state, TCP_CA_RECOVERY);
	cr_expect_eq(tcp_sock_stats(r.s)->fast_retrans, 1);
	rig_fini(&r);
}

Test(tcp_sack, rack_dupthresh_without_reordering_seen)
{
	struct rig r;
	struct tcp_seg seg;

	connected(&r, NULL);
	send_segs(&r, 10);
	sim_run(r.sim, r.sim->now + RIG_RTT);
	/* three SACKed, no reordering seen yet: reo_wnd 0, lost at once */
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 4 } });
	cr_assert_eq(rig_count(&r), 1);
	rig_pop(&r, &seg);
	cr_expect_eq(seg.seq, r.s->iss + 1);
	cr_expect_eq(tcp_sock_stats(r.s)->fast_retrans, 1);
	rig_fini(&r);
}

Test(tcp_sack, rack_dsack_widens_the_window)
{
	struct rig r;
	struct tcp_seg seg;

	connected(&r, NULL);
	send_segs(&r, 10);
	sim_run(r.sim, r.sim->now + RIG_RTT);
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 4 } });
	rig_pop(&r, &seg);
	cr_assert_eq(seg.seq, r.s->iss + 1);
	rig_drop_all(&r);
	seg = rig_seg(&r, 0, 4 * MSS, 0);
	rig_inject(&r, &seg);
	seg = rig_seg(&r, 0, 4 * MSS, 0);
	seg.n_sack = 1;
	seg.sack[0][0] = r.s->iss + 1;
	seg.sack[0][1] = r.s->iss + 1 + MSS;
	rig_inject(&r, &seg);
	cr_expect_eq(tcp_sock_stats(r.s)->spurious_retrans, 1);
	cr_expect_eq(tcp_sock_stats(r.s)->undos, 1);
	cr_expect_eq(r.s->rack.reo_wnd_steps, 2);
	cr_expect_eq(r.s->rack.reo_wnd_persist, 16);
	rig_fini(&r);
}

/*
 * Linux spends RACK's persistence only on recoveries whose losses were
 * real (tcp_try_undo_recovery found nothing to undo), and a recovery
 * undone by DSACK gives one back (tcp_try_undo_dsack); entering recovery
 * costs nothing.
 */
Test(tcp_sack, rack_window_persists_through_spurious_recoveries)
{
	struct rig r;
	struct tcp_seg seg;

	connected(&r, NULL);
	send_segs(&r, 10);
	sim_run(r.sim, r.sim->now + RIG_RTT);
	r.s->reord_seen = 1;	/* reordering seen before */
	r.s->rack.reo_wnd_persist = 10;
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 4 } });
	sim_run(r.sim, r.sim->now + 10 * SIM_MS);	/* past RACK's window */
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 5 } });
	cr_assert_eq(r.s->ca_state, TCP_CA_RECOVERY);
	rig_pop(&r, &seg);
	cr_assert_eq(seg.seq, r.s->iss + 1, "the fast retransmit");
	cr_expect_eq(r.s->rack.reo_wnd_persist, 10, "entering recovery spends nothing");
	rig_drop_all(&r);
	/* the original was late: it fills the hole, the retransmission is DSACKed */
	seg = rig_seg(&r, 0, 5 * MSS, 0);
	rig_inject(&r, &seg);
	seg = rig_seg(&r, 0, 5 * MSS, 0);
	seg.n_sack = 1;
	seg.sack[0][0] = r.s->iss + 1;
	seg.sack[0][1] = r.s->iss + 1 + MSS;
	rig_inject(&r, &seg);
	cr_expect_eq(tcp_sock_stats(r.s)->undos, 1);
	/* the DSACK raised the steps: 16 recoveries again */
	cr_expect_eq(r.s->rack.reo_wnd_steps, 2);
	cr_expect_eq(r.s->rack.reo_wnd_persist, 16, "got %u", r.s->rack.reo_wnd_persist);
	rig_fini(&r);
}

Test(tcp_sack, rack_window_spent_by_a_real_loss)
{
	struct rig r;
	struct tcp_seg seg;

	connected(&r, NULL);
	send_segs(&r, 10);
	sim_run(r.sim, r.sim->now + RIG_RTT);
	r.s->reord_seen = 1;
	r.s->rack.reo_wnd_steps = 3;
	r.s->rack.reo_wnd_persist = 10;
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 4 } });
	sim_run(r.sim, r.sim->now + 10 * SIM_MS);
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 5 } });
	cr_assert_eq(r.s->ca_state, TCP_CA_RECOVERY);
	rig_pop(&r, &seg);
	cr_assert_eq(seg.seq, r.s->iss + 1);
	rig_drop_all(&r);
	/* the retransmission repairs it, everything is ACKed: a real loss */
	sim_run(r.sim, r.sim->now + RIG_RTT);
	seg = rig_seg(&r, 0, 10 * MSS, 0);
	rig_inject(&r, &seg);
	cr_expect_eq(tcp_sock_stats(r.s)->undos, 0);
	cr_expect_neq(r.s->ca_state, TCP_CA_RECOVERY);
	cr_expect_eq(r.s->rack.reo_wnd_persist, 9);
	cr_expect_eq(r.s->rack.reo_wnd_steps, 3);
	rig_fini(&r);
}

Test(tcp_sack, tlp_probes_the_tail_after_two_srtt)
{
	struct rig r;
	struct tcp_seg seg;
	sim_time_t t0;

	connected(&r, NULL);
	t0 = r.sim->now;
	send_segs(&r, 10);
	cr_expect_eq(r.s->pending, TCP_TIMER_TLP);
	sim_run(r.sim, t0 + 2 * RIG_RTT + 2 * SIM_MS - 1);
	cr_expect_eq(rig_count(&r), 0);
	sim_run(r.sim, t0 + 2 * RIG_RTT + 2 * SIM_MS);
	cr_assert_eq(rig_count(&r), 1, "the probe: 2 srtt + 2 ms");
	rig_pop(&r, &seg);
	cr_expect_eq(seg.seq, r.s->iss + 1 + 9 * MSS, "nothing new to send: the last segment");
	cr_expect_eq(tcp_sock_stats(r.s)->tlp_probes, 1);
	cr_expect_eq(r.s->tlp_high_seq, r.s->snd_nxt);
	cr_expect_eq(r.s->pending, TCP_TIMER_RTO);
	cr_expect_eq(r.s->rto_timer.at, r.sim->now + r.s->rto);
	/* the ACK of everything: the probe or the original? wait for a DSACK */
	seg = rig_seg(&r, 0, 10 * MSS, 0);
	rig_inject(&r, &seg);
	cr_expect_eq(r.s->tlp_high_seq, r.s->snd_nxt);
	/* the DSACK: both arrived, nothing was lost, cwnd untouched */
	seg = rig_seg(&r, 0, 10 * MSS, 0);
	seg.n_sack = 1;
	seg.sack[0][0] = r.s->iss + 1 + 9 * MSS;
	seg.sack[0][1] = r.s->iss + 1 + 10 * MSS;
	rig_inject(&r, &seg);
	cr_expect_eq(r.s->tlp_high_seq, 0);
	cr_expect_eq(r.s->ssthresh, TCP_INFINITE_SSTHRESH);
	rig_fini(&r);
}

Test(tcp_sack, tlp_sends_new_data_when_it_can)
{
	struct rig r;
	struct tcp_seg seg;
	sim_time_t t0;

	connected(&r, NULL);
	t0 = r.sim->now;
	send_segs(&r, 10);
	tcp_send(r.s, 5 * MSS);	/* more than cwnd lets out */
	cr_expect_eq(rig_count(&r), 0);
	sim_run(r.sim, t0 + 2 * RIG_RTT + 2 * SIM_MS);
	cr_assert_eq(rig_count(&r), 1);
	rig_pop(&r, &seg);
	cr_expect_eq(seg.seq, r.s->iss + 1 + 10 * MSS);
	cr_expect_eq(tcp_sock_stats(r.s)->tlp_probes, 1);
	cr_expect_eq(tcp_sock_stats(r.s)->retrans_segs, 0);
	rig_fini(&r);
}

/* ------------------------------------------------------------ timestamps */

Test(tcp_sack, spurious_rto_undone_by_timestamps)
{
	struct rig r;
	struct tcp_seg seg;
	uint32_t tsval0;
	sim_time_t t0;

	connected(&r, no_rack());
	t0 = r.sim->now;
	tcp_send(r.s, 2 * MSS);
	rig_pop(&r, &seg);
	tsval0 = seg.tsval;
	rig_pop(&r, &seg);
	sim_run(r.sim, t0 + 211 * SIM_MS);
	cr_assert_eq(rig_count(&r), 1, "the RTO's retransmission");
	rig_pop(&r, &seg);
	cr_expect_gt(seg.tsval, tsval0);
	cr_expect_eq(r.s->ca_state, TCP_CA_LOSS);
	/* the ACK of the originals, late: it echoes their TSval */
	seg = rig_seg(&r, 0, 2 * MSS, 0);
	seg.tsecr = tsval0;
	rig_inject(&r, &seg);
	cr_expect_eq(tcp_sock_stats(r.s)->undos, 1);
	cr_expect_eq(r.s->ca_state, TCP_CA_OPEN);
	cr_expect_geq(r.s->cwnd, 10, "cwnd of before the RTO (and this ACK's growth), got %u", r.s->cwnd);
	cr_expect_eq(r.s->ssthresh, TCP_INFINITE_SSTHRESH);
	cr_expect_eq(r.s->lost_out, 0);
	cr_expect_eq(tcp_sock_stats(r.s)->rto_retrans, 1, "segment 1 never resent");
	rig_fini(&r);
}

Test(tcp_sack, spurious_fast_retransmit_undone_by_timestamps)
{
	struct rig r;
	struct tcp_seg seg;
	uint32_t tsval0;

	connected(&r, no_rack());
	tcp_send(r.s, 10 * MSS);
	rig_pop(&r, &seg);
	tsval0 = seg.tsval;
	rig_drop_all(&r);
	sim_run(r.sim, r.sim->now + RIG_RTT);
	rig_sack(&r, 0, 1, (const uint32_t[][2]){ { 1, 4 } });
	rig_pop(&r, &seg);
	cr_assert_eq(seg.seq, r.s->iss + 1, "the fast retransmit");
	cr_expect_eq(r.s->ca_state, TCP_CA_RECOVERY);
	/* the original fills the hole; everything is ACKed, echoing its TSval */
	sim_run(r.sim, r.sim->now + 2 * SIM_MS);
	seg = rig_seg(&r, 0, 10 * MSS, 0);
	seg.tsecr = tsval0;
	rig_inject(&r, &seg);
	cr_expect_eq(tcp_sock_stats(r.s)->undos, 1);
	cr_expect_eq(r.s->ca_state, TCP_CA_OPEN);
	cr_expect_geq(r.s->cwnd, 10);
	cr_expect_eq(r.s->ssthresh, TCP_INFINITE_SSTHRESH);
	rig_fini(&r);
}

/* ------------------------------------------------------------ idle */

Test(tcp_sack, cwnd_restarts_after_idle)
{
	struct rig r;
	struct tcp_seg seg;

	connected(&r, NULL);
	send_segs(&r, 10);
	sim_run(r.sim, r.sim->now + RIG_RTT);
	seg = rig_seg(&r, 0, 10 * MSS, 0);
	rig_inject(&r, &seg);
	cr_assert_eq(r.s->cwnd, 20, "slow start: %u", r.s->cwnd);
	/* a second of silence, almost 5 RTOs: 20 -> 10, not below the initial 10 */
	sim_run(r.sim, r.sim->now + SIM_S);
	tcp_send(r.s, 40 * MSS);
	cr_expect_eq(r.s->cwnd, 10);
	cr_expect_eq(rig_count(&r), 10);
	rig_fini(&r);
}

Test(tcp_sack, cwnd_kept_after_a_short_pause)
{
	struct rig r;
	struct tcp_seg seg;

	connected(&r, NULL);
	send_segs(&r, 10);
	sim_run(r.sim, r.sim->now + RIG_RTT);
	seg = rig_seg(&r, 0, 10 * MSS, 0);
	rig_inject(&r, &seg);
	sim_run(r.sim, r.sim->now + 100 * SIM_MS);	/* less than the RTO */
	tcp_send(r.s, 40 * MSS);
	cr_expect_eq(r.s->cwnd, 20);
	cr_expect_eq(rig_count(&r), 20);
	rig_fini(&r);
}

/* ------------------------------------------------------------ stamps */

struct stamps {
	int first, retrans;
};

static void on_stamp(void *owner, struct tcp_sock *s, struct frame_meta *meta, bool retrans)
{
	struct stamps *st = owner;

	if (retrans)
		st->retrans++;
	else
		st->first++;
	meta->flow = 3;
	meta->seq = (uint32_t)(st->first + st->retrans);
}

Test(tcp_sack, stamp_sees_each_data_segment_and_its_retransmissions)
{
	struct rig r;
	struct stamps st = { 0 };
	const struct tcp_callbacks cb = { .stamp = on_stamp };
	struct tcp_seg ack;

	rig_init(&r, no_rack());
	rig_connect(&r, &cb, &st);
	rig_pop(&r, &ack);
	cr_expect_eq(st.first + st.retrans, 0, "no stamp on the handshake");
	send_segs(&r, 3);
	cr_expect_eq(st.first, 3);
	sim_run(r.sim, r.sim->now + 300 * SIM_MS);
	cr_expect_eq(st.retrans, 1, "the RTO's retransmission is stamped as one");
	cr_expect_eq(st.first, 3);
	rig_fini(&r);
}

/*
 * tcp_ack_update_rtt(): Karn forbids a sample from an ACK that covers a
 * retransmission, but the timestamp echo still gives one, and it ends the
 * RTO's backoff; without an echo the backoff stays.
 */
static sim_time_t rto_then_ack(struct rig *r, bool echo, uint32_t acked_segs)
{
	struct tcp_seg seg, ack;
	sim_time_t t0;

	connected(r, no_rack());
	cr_assert_eq(r->s->srtt, RIG_RTT);
	t0 = r->sim->now;
	send_segs(r, acked_segs);
	sim_run(r->sim, t0 + 211 * SIM_MS);
	cr_assert_eq(rig_count(r), 1, "the RTO's retransmission");
	rig_pop(r, &seg);
	cr_assert_eq(r->s->backoff, 1);
	sim_run(r->sim, r->sim->now + 5 * SIM_MS);
	ack = rig_seg(r, 0, acked_segs * MSS, 0);
	if (echo)
		ack.tsecr = seg.tsval;
	rig_inject(r, &ack);
	return r->sim->now - t0;
}

Test(tcp_sack, rto_retransmission_acked_with_echo_gives_a_sample)
{
	struct rig r;

	rto_then_ack(&r, true, 1);
	cr_expect_eq(r.s->backoff, 0);
	/* the echo's 5 ms (TSval ticks: 4 to 6 ms): srtt = (7 * 10 + m) / 8 */
	cr_expect(r.s->srtt >= 9250 * SIM_US && r.s->srtt <= 9500 * SIM_US, "srtt %ld",
		  (long)r.s->srtt);
	cr_expect_eq(r.s->rto, r.s->srtt + MAX(4 * r.s->rttvar, 200 * SIM_MS));
	rig_fini(&r);
}

Test(tcp_sack, rto_retransmission_acked_without_echo_keeps_the_backoff)
{
	struct rig r;

	rto_then_ack(&r, false, 1);
	cr_expect_eq(r.s->backoff, 1);
	cr_expect_eq(r.s->srtt, RIG_RTT);
	rig_fini(&r);
}

Test(tcp_sack, karn_no_sample_from_an_ack_covering_a_retransmission)
{
	struct rig r;

	/* segment 2 went once, 216 ms ago, but is acked with the resent 1 */
	cr_expect_gt(rto_then_ack(&r, false, 2), 215 * SIM_MS);
	cr_expect_eq(r.s->srtt, RIG_RTT, "no 216 ms sample from segment 2");
	cr_expect_eq(r.s->backoff, 1);
	rig_fini(&r);
}

/* ------------------------------------------- the receiver: SACK compression */

/* The peer's data segment @k (MSS each) arrives. */
static void peer_data(struct rig *r, uint32_t k)
{
	struct tcp_seg seg = rig_seg(r, k * MSS, 0, MSS);

	rig_inject(r, &seg);
}

/*
 * __tcp_ack_snd_check(): past quick-ACK mode, the first 3 ACKs for a hole
 * leave at once, the next segments above it are folded into one ACK sent
 * 5% of the RTT (10 ms here: 500 us) plus the timer's 100 us of slack
 * later, and the segment that fills the hole is ACKed at once.
 */
static void sack_compression_rig(struct rig *r, const struct tcp_params *p)
{
	connected(r, p);
	for (uint32_t k = 0; k < 40; k++)	/* past quick-ACK mode */
		peer_data(r, k);
	sim_run(r->sim, r->sim->now + 50 * SIM_MS);
	rig_drop_all(r);
	cr_assert_eq(r->s->quick, 0);
	/* segment 40 lost: 41 to 50 arrive */
	for (uint32_t k = 41; k <= 50; k++)
		peer_data(r, k);
}

Test(tcp_sack, receiver_compresses_sacks_after_three)
{
	struct rig r;
	struct tcp_seg seg;
	sim_time_t t0;

	sack_compression_rig(&r, NULL);
	t0 = r.sim->now;
	cr_expect_eq(rig_count(&r), 3, "3 immediate ACKs, then none");
	rig_drop_all(&r);
	sim_run(r.sim, t0 + 599 * SIM_US);
	cr_expect_eq(rig_count(&r), 0);
	sim_run(r.sim, t0 + 600 * SIM_US);
	cr_assert_eq(rig_count(&r), 1, "the folded ACK");
	rig_pop(&r, &seg);
	cr_expect_eq(seg.ack, PEER_ISS + 1 + 40 * MSS);
	cr_assert_eq(seg.n_sack, 1);
	cr_expect_eq(seg.sack[0][0], PEER_ISS + 1 + 41 * MSS);
	cr_expect_eq(seg.sack[0][1], PEER_ISS + 1 + 51 * MSS);
	/* 7 segments held back, one ACK sent for them */
	cr_expect_eq(tcp_sock_stats(r.s)->acks_compressed, 6);
	peer_data(&r, 40);
	cr_assert_eq(rig_count(&r), 1, "the hole filled: at once");
	rig_pop(&r, &seg);
	cr_expect_eq(seg.ack, PEER_ISS + 1 + 51 * MSS);
	rig_fini(&r);
}

Test(tcp_sack, receiver_without_sack_compression_acks_every_segment)
{
	struct rig r;
	struct tcp_params p;

	tcp_params_default(&p);
	p.comp_sack_nr = 0;
	sack_compression_rig(&r, &p);
	cr_expect_eq(rig_count(&r), 10);
	cr_expect_eq(tcp_sock_stats(r.s)->acks_compressed, 0);
	rig_fini(&r);
}
