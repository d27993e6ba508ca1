/*
 * test_apps.c - CBR flows, ping and the receiver's measurements.
 *
 * DOC: Worlds of two hosts, one NIC each, one link.  Expected numbers are
 * computed from first principles (packet intervals, NIC serialisation via
 * nic_tx_time(), link delay) and compared exactly; the RFC 4737 arithmetic
 * is checked by feeding a receiver hand-made sequences.
 */
#include <criterion/criterion.h>
#include "two_hosts.h"
#include "apps/apps.h"
#include "link/nic.h"
#include "link/link.h"




static struct flow_config cbr(struct wire *w, uint64_t rate, uint32_t payload, sim_time_t stop)
{
	return (struct flow_config){
		.name = "f1",
		.id = 1,
		.src = w->h1,
		.dst = w->h2,
		.dst_ip = IP4(10, 0, 0, 2),
		.sport = 40000,
		.dport = 5001,
		.rate_bps = rate,
		.payload = payload,
		.start = 0,
		.stop = stop,
	};
}

static double metric(const struct metrics *m, const char *name)
{
	const struct metric *x = metrics_find(m, name);

	cr_assert_not_null(x, "metric %s missing", name);
	return x->value;
}

/* ================================================================ tests */

/*
 * The sender steps from one packet's time to the next without dividing:
 * each timer it arms must be what flow_send_time() computes from k alone,
 * for a rate that divides nothing evenly, with and without jitter.
 */
Test(apps, cbr_stepped_schedule_is_exact)
{
	for (int j = 0; j < 2; j++) {
		struct wire w;
		struct flow_config cfg;
		struct flow *fl;
		uint64_t checked = 0;

		wire_init(&w, 42, 1000000000, 20 * SIM_US);
		cfg = cbr(&w, 77777777, 333, 100 * SIM_MS);
		cfg.start = 3 * SIM_MS + 7;
		cfg.jitter = j ? 20 * SIM_US : 0;
		fl = flow_udp_new(w.sim, &cfg);
		cr_assert_not_null(fl);
		/* 2888 bits x 1 s / 77777777 bit/s = 37131 ns and 33362213 / 77777777 */
		cr_assert_eq(fl->step_q, 37131);
		cr_assert_eq(fl->step_r, 33362213);
		while (sim_timer_pending(&fl->tx_timer)) {
			cr_assert_eq(fl->tx_timer.at, flow_send_time(fl, fl->sent), "packet %" G_GUINT64_FORMAT,
				     fl->sent);
			checked++;
			sim_run(w.sim, fl->tx_timer.at);
		}
		/* every packet's time was checked: (100 ms - 3 ms) / 37.13 us */
		cr_assert_eq(checked, fl->sent);
		cr_assert_eq(fl->sent, 2613);
		flow_free(fl);
		wire_fini(&w);
	}
}

Test(apps, cbr_exact_packet_count)
{
	struct wire w;
	struct flow_config cfg;
	struct flow *fl;
	struct metrics m;
	sim_time_t d = 20 * SIM_US;

	wire_init(&w, 42, 100000000, d);
	cfg = cbr(&w, 10000000, 1000, SIM_S);
	fl = flow_udp_new(w.sim, &cfg);
	cr_assert_not_null(fl);
	/* (20 + 8 + 1000) x 8 = 8224 bits every 822.4 us: k x 822400 ns < 1 s for k = 0..1215. */
	cr_assert_eq(fl->packet_bits, 8224);
	cr_assert_eq(flow_send_time(fl, 5), 4112000);
	cr_assert_eq(flow_send_time(fl, 1215), 999216000);
	sim_run(w.sim, 2 * SIM_S);
	cr_assert_eq(fl->sent, 1216);
	cr_assert_eq(fl->tx_bytes, 1216000);
	cr_assert_eq(fl->rx.received, 1216);
	cr_assert_eq(fl->rx.bytes, 1216000);
	cr_assert_eq(flow_lost(fl), 0);
	cr_assert_eq(flow_in_flight(fl), 0);
	cr_assert_eq(fl->rx.duplicated, 0);
	cr_assert_eq(fl->rx.reordered, 0);
	cr_assert_eq(fl->rx.gaps->len, 0);
	/* Unqueued packets take serialisation + propagation; the first also waits for ARP. */
	cr_assert_eq(fl->rx.delay_min, wire_tx(&w, 1042) + d);
	cr_assert_eq(fl->rx.delay_max, 2 * (wire_tx(&w, 42) + d) + wire_tx(&w, 1042) + d);
	cr_assert_eq(w.h1->arp_stats.requests_sent, 1);
	cr_assert_eq(w.h1->arp_stats.unresolved_drops, 0);

	metrics_init(&m);
	flow_metrics(fl, &m);
	cr_assert_eq(metric(&m, "flow.f1.sent"), 1216);
	cr_assert_eq(metric(&m, "flow.f1.received"), 1216);
	cr_assert_eq(metric(&m, "flow.f1.lost"), 0);
	cr_assert_eq(metric(&m, "flow.f1.duplicated"), 0);
	cr_assert_eq(metric(&m, "flow.f1.reordered"), 0);
	cr_assert_eq(metric(&m, "flow.f1.reorder_ratio"), 0);
	cr_assert_eq(metric(&m, "flow.f1.max_reorder_extent"), 0);
	cr_assert_float_eq(metric(&m, "flow.f1.throughput_mbps"), 9.728, 1e-9);
	cr_assert_float_eq(metric(&m, "flow.f1.delay_min_us"),
			   (double)(wire_tx(&w, 1042) + d) / 1e3, 1e-9);
	cr_assert_gt(metric(&m, "flow.f1.delay_avg_us"), metric(&m, "flow.f1.delay_min_us"));
	cr_assert_not_null(metrics_find(&m, "flow.f1.delay_max_us"));
	metrics_fini(&m);
	flow_free(fl);
	wire_fini(&w);
}

Test(apps, ping_rtt_exact)
{
	struct wire w;
	struct ping *p;
	struct metrics m;
	sim_time_t d = 10 * SIM_US, one_way, arp;
	struct ping_config cfg = {
		.name = "p1",
		.id = 7,
		.dst_ip = IP4(10, 0, 0, 2),
		.count = 5,
		.size = PING_DEFAULT_SIZE,
		.start = 0,
	};

	wire_init(&w, 42, 1000000000, d);
	cfg.src = w.h1;
	p = ping_new(w.sim, &cfg);
	cr_assert_not_null(p);
	cr_assert_null(ping_new(w.sim, &cfg), "ICMP id already in use");
	sim_run(w.sim, 10 * SIM_S);

	/* 14 + 20 + 8 + 56 = 98 bytes each way; the first echo waits for ARP too. */
	one_way = wire_tx(&w, 98) + d;
	arp = wire_tx(&w, 42) + d;
	cr_assert_eq(one_way, 976 + 10000, "98 + 4 FCS + 20 preamble/IFG bytes at 1 Gbit/s");
	cr_assert_eq(p->sent, 5);
	cr_assert_eq(p->rx.received, 5);
	cr_assert_eq(ping_lost(p), 0);
	cr_assert_eq(p->rx.delay_min, 2 * one_way);
	cr_assert_eq(p->rx.delay_max, 2 * one_way + 2 * arp);
	cr_assert_eq(p->rx.delay_sum, 10 * one_way + 2 * arp);
	cr_assert_eq(w.h2->ip_stats.echo_requests_received, 5);
	cr_assert_eq(w.h2->ip_stats.echo_replies_sent, 5);
	/* h2 learnt h1 from its request (STALE); replying made it DELAY, then a probe at 5 s. */
	cr_assert_eq(w.h2->arp_stats.requests_sent, 1);
	cr_assert_eq(w.h1->arp_stats.replies_sent, 1);
	cr_assert_eq(arp_cache_find(w.h2, IP4(10, 0, 0, 1))->state, ARP_S_REACHABLE);

	metrics_init(&m);
	ping_metrics(p, &m);
	cr_assert_eq(metric(&m, "ping.p1.sent"), 5);
	cr_assert_eq(metric(&m, "ping.p1.received"), 5);
	cr_assert_eq(metric(&m, "ping.p1.lost"), 0);
	cr_assert_float_eq(metric(&m, "ping.p1.rtt_min_us"), 21.952, 1e-9);
	cr_assert_float_eq(metric(&m, "ping.p1.rtt_max_us"), (double)(2 * one_way + 2 * arp) / 1e3,
			   1e-9);
	cr_assert_float_eq(metric(&m, "ping.p1.rtt_avg_us"),
			   (double)(10 * one_way + 2 * arp) / 5 / 1e3, 1e-9);
	metrics_fini(&m);
	ping_free(p);
	wire_fini(&w);
}

Test(apps, ping_until_stop_and_unreachable)
{
	struct wire w;
	struct ping *p;
	struct ping_config cfg = {
		.name = "p2",
		.id = 9,
		.dst_ip = IP4(10, 0, 0, 99),	/* nobody */
		.interval = 200 * SIM_MS,
		.size = 0,
		.start = 100 * SIM_MS,
		.stop = 1100 * SIM_MS,
	};

	wire_init(&w, 42, 1000000000, 10 * SIM_US);
	cfg.src = w.h1;
	p = ping_new(w.sim, &cfg);
	sim_run(w.sim, 5 * SIM_S);
	/* 0.1, 0.3, 0.5, 0.7, 0.9 s: five requests, none answered. */
	cr_assert_eq(p->sent, 5);
	cr_assert_eq(p->rx.received, 0);
	cr_assert_eq(ping_lost(p), 5);
	cr_assert_eq(ping_in_flight(p), 0);
	/* Resolution: 3 requests (0.1, 1.1, 2.1 s); all five requests wait in
	 * the queue (101) and are dropped with the entry at 3.1 s. */
	cr_assert_eq(w.h1->arp_stats.requests_sent, 3);
	cr_assert_eq(w.h1->arp_stats.unresolved_drops, 0);
	cr_assert_eq(w.h1->arp_stats.failed_drops, 5);
	ping_free(p);
	wire_fini(&w);
}

/* An rx handler on a NIC: the icmp_seq of each echo request (@owner's
 * [0]) and reply ([1]) it receives, in order; the frame goes on up. */
static enum rx_verdict note_icmp_seq(void *owner, struct frame *f, struct rx_ctx *ctx)
{
	GArray **seqs = owner;
	struct wire_pkt pkt;

	(void)ctx;
	if (wire_dissect(f->data, f->hdr_len, 0, &pkt) && (pkt.flags & WIRE_PKT_ICMP) &&
	    (pkt.icmp_type == WIRE_ICMP_ECHO || pkt.icmp_type == WIRE_ICMP_ECHOREPLY))
		g_array_append_val(seqs[pkt.icmp_type == WIRE_ICMP_ECHOREPLY], pkt.icmp_seq);
	return RX_PASS;
}

/*
 * iputils numbers its echo requests from 1 (icmp_seq = ntransmitted + 1)
 * and the 16 bits wrap, 65535 to 0: 65538 requests a millisecond apart say
 * 1 .. 65535, 0, 1, 2 on the wire, each reply echoes its request's, and
 * the ping takes every reply as its own.
 */
Test(apps, ping_icmp_seq_from_1_and_wraps)
{
	struct wire w;
	struct ping *p;
	GArray *seqs[2] = { g_array_new(FALSE, FALSE, sizeof(uint16_t)),
			    g_array_new(FALSE, FALSE, sizeof(uint16_t)) };
	struct ping_config cfg = {
		.name = "p3",
		.id = 11,
		.dst_ip = IP4(10, 0, 0, 2),
		.interval = SIM_MS,
		.count = 65538,
		.size = PING_DEFAULT_SIZE,
	};

	wire_init(&w, 42, 1000000000, 10 * SIM_US);
	cr_assert(netdev_rx_handler_register(&w.n2->dev, note_icmp_seq, seqs, "test", NULL));
	cr_assert(netdev_rx_handler_register(&w.n1->dev, note_icmp_seq, seqs, "test", NULL));
	cfg.src = w.h1;
	cr_assert_eq(ping_icmp_seq(0), 1);
	p = ping_new(w.sim, &cfg);
	sim_run(w.sim, 2 * SIM_MS);
	cr_assert_eq(seqs[0]->len, 2);
	cr_assert_eq(g_array_index(seqs[0], uint16_t, 0), 1, "the first echo request says icmp_seq=1");
	cr_assert_eq(g_array_index(seqs[0], uint16_t, 1), 2);
	sim_run(w.sim, 70 * SIM_S);
	cr_assert_eq(p->sent, 65538);
	cr_assert_eq(seqs[0]->len, 65538);
	cr_assert_eq(seqs[1]->len, 65538);
	for (guint k = 0; k < seqs[0]->len; k++) {
		cr_assert_eq(g_array_index(seqs[0], uint16_t, k), (uint16_t)(k + 1), "request %u", k);
		cr_assert_eq(g_array_index(seqs[1], uint16_t, k), (uint16_t)(k + 1), "reply %u", k);
	}
	cr_assert_eq(g_array_index(seqs[0], uint16_t, 65534), 65535);
	cr_assert_eq(g_array_index(seqs[0], uint16_t, 65535), 0);
	cr_assert_eq(g_array_index(seqs[0], uint16_t, 65537), 2);
	cr_assert_eq(p->rx.received, 65538);
	cr_assert_eq(p->foreign, 0, "every reply matched its request");
	cr_assert_eq(ping_lost(p), 0);
	cr_assert_eq(p->rx.gaps->len, 0);
	netdev_rx_handler_unregister(&w.n1->dev, seqs);
	netdev_rx_handler_unregister(&w.n2->dev, seqs);
	ping_free(p);
	wire_fini(&w);
	g_array_free(seqs[0], TRUE);
	g_array_free(seqs[1], TRUE);
}

Test(apps, lossy_link_counts_loss)
{
	struct wire w;
	struct flow_config cfg;
	struct flow *fl;
	uint64_t missing = 0;

	wire_init(&w, 42, 100000000, 20 * SIM_US);
	/* Resolve first, so that only the flow's frames meet the loss. */
	udp_send(w.h1, 1, IP4(10, 0, 0, 2), 9, 1, NULL);
	sim_run(w.sim, 100 * SIM_MS);
	cr_assert_eq(arp_cache_find(w.h1, IP4(10, 0, 0, 2))->state, ARP_S_REACHABLE);
	link_set_loss(w.link, 0.05);
	cfg = cbr(&w, 10000000, 1000, 1100 * SIM_MS);
	cfg.start = 100 * SIM_MS;
	fl = flow_udp_new(w.sim, &cfg);
	sim_run(w.sim, 2 * SIM_S);

	cr_assert_eq(fl->sent, 1216);
	cr_assert_eq(fl->sent, fl->rx.received + flow_lost(fl));
	cr_assert_eq(flow_lost(fl), w.link->dir[0].lost,
		     "every data frame the link lost, and only those");
	cr_assert_gt(flow_lost(fl), 30);
	cr_assert_lt(flow_lost(fl), 100);
	cr_assert_eq(fl->rx.reordered, 0);
	cr_assert_eq(fl->rx.duplicated, 0);
	for (guint i = 0; i < fl->rx.gaps->len; i++)
		missing += g_array_index(fl->rx.gaps, struct flow_gap, i).missing;
	cr_assert_leq(missing, flow_lost(fl), "a loss at the very end leaves no gap");
	cr_assert_geq(missing + 3, flow_lost(fl));
	flow_free(fl);
	wire_fini(&w);
}

struct cable_puller {
	struct sim_timer t;
	struct link *link;
	bool up;
};

static void pull_cable(struct sim *sim, void *arg)
{
	struct cable_puller *c = arg;

	(void)sim;
	link_set_up(c->link, c->up);
}

Test(apps, outage_recorded_as_gap)
{
	struct wire w;
	struct flow_config cfg;
	struct flow *fl;
	struct cable_puller down = { .up = false }, up = { .up = true };
	const struct flow_gap *g;
	struct metrics m;

	wire_init(&w, 42, 100000000, 20 * SIM_US);
	down.link = up.link = w.link;
	sim_timer_init(&down.t, pull_cable, &down);
	sim_timer_init(&up.t, pull_cable, &up);
	sim_timer_arm(w.sim, &down.t, 300 * SIM_MS);
	sim_timer_arm(w.sim, &up.t, 500 * SIM_MS);
	cfg = cbr(&w, 10000000, 1000, SIM_S);
	fl = flow_udp_new(w.sim, &cfg);
	/* the moments asked about below, as the loader watches fault times */
	flow_rx_watch(&fl->rx, 400 * SIM_MS);
	flow_rx_watch(&fl->rx, 300 * SIM_MS);
	cr_assert_eq(fl->rx.watch_at, 300 * SIM_MS, "the earliest first");
	sim_run(w.sim, 350 * SIM_MS);
	cr_assert_eq(fl->rx.next_watch, 0, "no arrival since the pull: none passed yet");
	cr_assert_eq(fl->rx.watch_at, 300 * SIM_MS);
	sim_run(w.sim, 2 * SIM_S);
	cr_assert_eq(fl->rx.next_watch, 2);
	cr_assert_eq(fl->rx.watch_at, SIM_TIME_NEVER);

	cr_assert_eq(fl->sent, 1216);
	cr_assert_eq(fl->rx.gaps->len, 1);
	g = &g_array_index(fl->rx.gaps, struct flow_gap, 0);
	/* Packets 365 (300.176 ms) to 607 (499.1968 ms) were sent with no carrier. */
	cr_assert_eq(flow_send_time(fl, 364), 299353600);
	cr_assert_eq(flow_send_time(fl, 608), 500019200);
	cr_assert_eq(g->first_seq, 365);
	cr_assert_eq(g->missing, 608 - 365);
	cr_assert_eq(g->late, 0);
	cr_assert_eq(g->last_rx_before, flow_send_time(fl, 364) + wire_tx(&w, 1042) + 20 * SIM_US);
	cr_assert_eq(g->first_rx_after, flow_send_time(fl, 608) + wire_tx(&w, 1042) + 20 * SIM_US);
	cr_assert_eq(flow_lost(fl), 243);
	cr_assert_eq(w.n1->dev.drops[DROP_CARRIER_DOWN], 243);
	/* every lost packet charged to where it died, and why */
	cr_assert_eq(fl->ledger.places->len, 1);
	{
		const struct ledger_place *lp = &g_array_index(fl->ledger.places,
							       struct ledger_place, 0);

		cr_assert_str_eq(lp->place, "h1.eth0");
		cr_assert_eq(lp->reason, DROP_CARRIER_DOWN);
		cr_assert_eq(lp->lost, 243);
		cr_assert_eq(lp->copies, 0);
	}
	cr_assert_eq(fl->sent, fl->rx.received + flow_lost(fl) + flow_in_flight(fl));
	cr_assert_eq(flow_gap_after(fl, 300 * SIM_MS), g);
	cr_assert_null(flow_gap_after(fl, g->first_rx_after));
	cr_assert_eq(flow_first_rx_after(fl, 300 * SIM_MS), g->first_rx_after);
	cr_assert_eq(flow_last_rx_before(fl, 400 * SIM_MS), g->last_rx_before);
	cr_assert_eq(flow_first_rx_after(fl, 5 * SIM_S), SIM_TIME_NEVER);

	metrics_init(&m);
	flow_metrics(fl, &m);
	cr_assert_eq(metric(&m, "flow.f1.gaps"), 1);
	cr_assert_float_eq(metric(&m, "flow.f1.max_gap_ms"),
			   (double)(g->first_rx_after - g->last_rx_before) / 1e6, 1e-9);
	metrics_fini(&m);
	flow_free(fl);
	wire_fini(&w);
}

Test(apps, reordering_rfc4737_crafted)
{
	struct flow_rx rx;
	/* Arrival order; 6 comes twice. */
	const uint32_t seq[] = { 0, 1, 2, 5, 3, 4, 6, 6, 8, 7 };
	const struct flow_gap *g;

	flow_rx_init(&rx);
	flow_rx_watch(&rx, 7 * SIM_MS);	/* asked about below */
	for (guint i = 0; i < G_N_ELEMENTS(seq); i++)
		flow_rx_packet(&rx, seq[i], 0, (sim_time_t)(i + 1) * SIM_MS, 100);
	cr_assert_eq(rx.received, 9);
	cr_assert_eq(rx.duplicated, 1);
	cr_assert_eq(rx.bytes, 900);
	/* 3 and 4 arrive after 5, 7 after 8. */
	cr_assert_eq(rx.reordered, 3);
	/* 4 arrives at position 5; the first higher (5) at position 3: extent 2. */
	cr_assert_eq(rx.max_reorder_extent, 2);
	cr_assert_eq(rx.next_exp, 9);
	cr_assert_eq(rx.gaps->len, 2);
	g = &g_array_index(rx.gaps, struct flow_gap, 0);
	cr_assert_eq(g->first_seq, 3);
	cr_assert_eq(g->missing, 2);
	cr_assert_eq(g->late, 2);
	cr_assert_eq(g->last_rx_before, 3 * SIM_MS);
	cr_assert_eq(g->first_rx_after, 4 * SIM_MS);
	g = &g_array_index(rx.gaps, struct flow_gap, 1);
	cr_assert_eq(g->first_seq, 7);
	cr_assert_eq(g->missing, 1);
	cr_assert_eq(g->late, 1);
	cr_assert_eq(rx.delay_min, 1 * SIM_MS);
	cr_assert_eq(rx.delay_max, 10 * SIM_MS);
	cr_assert_eq(flow_rx_first_after(&rx, 7 * SIM_MS), 9 * SIM_MS,
		     "the duplicate at 8 ms is no arrival");
	cr_assert_eq(flow_rx_last_before(&rx, 7 * SIM_MS), 7 * SIM_MS);
	cr_assert_eq(flow_rx_last_before(&rx, 0), -1);
	flow_rx_fini(&rx);

	/* RFC 4737 section 4.2 style: 1 2 3 5 6 7 8 4 -> 4 has extent 4. */
	flow_rx_init(&rx);
	{
		const uint32_t s2[] = { 1, 2, 3, 5, 6, 7, 8, 4 };

		for (guint i = 0; i < G_N_ELEMENTS(s2); i++)
			flow_rx_packet(&rx, s2[i], 0, 1, 1);
	}
	cr_assert_eq(rx.reordered, 1);
	cr_assert_eq(rx.max_reorder_extent, 4);
	cr_assert_eq(rx.gaps->len, 2, "0 never came, then 4 was missing");
	cr_assert_eq(g_array_index(rx.gaps, struct flow_gap, 0).last_rx_before, -1);
	flow_rx_fini(&rx);

	/* A late packet far behind: extent counts from the earliest higher arrival. */
	flow_rx_init(&rx);
	for (uint32_t s = 1; s <= 100; s++)
		flow_rx_packet(&rx, s, 0, 1, 1);
	flow_rx_packet(&rx, 0, 0, 2, 1);
	cr_assert_eq(rx.reordered, 1);
	cr_assert_eq(rx.max_reorder_extent, 100);
	flow_rx_fini(&rx);
}

static const struct flow_rx_hole *hole(const struct flow_rx *rx, guint i)
{
	cr_assert_lt(i, rx->holes->len);
	return &g_array_index(rx->holes, struct flow_rx_hole, i);
}

/*
 * The duplicate test without a bit per packet: below NextExp a number was
 * seen unless it is in a hole, and late arrivals shrink and split holes.
 */
Test(apps, receiver_holes)
{
	struct flow_rx rx;
	const struct flow_gap *g;

	flow_rx_init(&rx);
	for (uint32_t s = 0; s <= 2; s++)
		flow_rx_packet(&rx, s, 0, 1, 10);
	cr_assert_eq(rx.gaps_end, 0, "no gap yet");
	flow_rx_packet(&rx, 9, 0, 2, 10);		/* position 3: 3..8 missing */
	cr_assert_eq(rx.gaps->len, 1);
	cr_assert_eq(rx.gaps_end, 9);
	g = &g_array_index(rx.gaps, struct flow_gap, 0);
	cr_assert_eq(g->first_seq, 3);
	cr_assert_eq(g->missing, 6);
	cr_assert_eq(g->revealed_pos, 3);
	cr_assert_eq(rx.holes->len, 0, "a gap missing whole needs no hole");
	cr_assert(flow_rx_seen(&rx, 0) && flow_rx_seen(&rx, 2) && flow_rx_seen(&rx, 9));
	cr_assert(!flow_rx_seen(&rx, 3) && !flow_rx_seen(&rx, 8) && !flow_rx_seen(&rx, 10));

	/* a duplicate of an in-order number below NextExp */
	flow_rx_packet(&rx, 1, 0, 3, 10);
	cr_assert_eq(rx.duplicated, 1);
	cr_assert_eq(rx.received, 4);

	/* 5 arrives late, inside the hole: it splits into 3..4 and 6..8 */
	flow_rx_packet(&rx, 5, 0, 4, 10);
	cr_assert_eq(rx.received, 5);
	cr_assert_eq(rx.reordered, 1);
	cr_assert_eq(rx.max_reorder_extent, 1, "position 4, 9 came at 3");
	cr_assert_eq(rx.holes->len, 2);
	cr_assert_eq(hole(&rx, 0)->first, 3);
	cr_assert_eq(hole(&rx, 0)->count, 2);
	cr_assert_eq(hole(&rx, 1)->first, 6);
	cr_assert_eq(hole(&rx, 1)->count, 3);
	cr_assert(flow_rx_seen(&rx, 5));
	cr_assert(!flow_rx_seen(&rx, 4) && !flow_rx_seen(&rx, 6));

	/* a duplicate of the late 5: counted, nothing else moves */
	flow_rx_packet(&rx, 5, 0, 5, 10);
	cr_assert_eq(rx.duplicated, 2);
	cr_assert_eq(rx.received, 5);
	cr_assert_eq(rx.reordered, 1);
	cr_assert_eq(rx.holes->len, 2);

	/* ends of a hole: 3 (front), 8 (back), then 4 empties the first hole */
	flow_rx_packet(&rx, 3, 0, 6, 10);
	flow_rx_packet(&rx, 8, 0, 6, 10);
	cr_assert_eq(hole(&rx, 0)->first, 4);
	cr_assert_eq(hole(&rx, 0)->count, 1);
	cr_assert_eq(hole(&rx, 1)->first, 6);
	cr_assert_eq(hole(&rx, 1)->count, 2);
	flow_rx_packet(&rx, 4, 0, 7, 10);
	cr_assert_eq(rx.holes->len, 1);
	cr_assert_eq(hole(&rx, 0)->first, 6);
	cr_assert_eq(rx.max_reorder_extent, 4, "4 at position 7, 9 at 3");

	/* a second gap behind the first; its late packet counts for it alone */
	flow_rx_packet(&rx, 12, 0, 8, 10);		/* position 8: 10, 11 missing */
	cr_assert_eq(rx.gaps_end, 12);
	flow_rx_packet(&rx, 11, 0, 9, 10);
	cr_assert_eq(rx.gaps_end, 12, "a late packet moves no gap");
	cr_assert_eq(rx.gaps->len, 2);
	cr_assert_eq(rx.holes->len, 2);
	cr_assert_eq(hole(&rx, 1)->first, 10);
	cr_assert_eq(hole(&rx, 1)->count, 1);
	cr_assert_eq(g_array_index(rx.gaps, struct flow_gap, 1).revealed_pos, 8);
	g = &g_array_index(rx.gaps, struct flow_gap, 0);
	cr_assert_eq(g->first_seq, 3);
	cr_assert_eq(g->missing, 6);
	cr_assert_eq(g->late, 4, "5, 3, 8, 4; not the duplicate 5");
	g = &g_array_index(rx.gaps, struct flow_gap, 1);
	cr_assert_eq(g->missing, 2);
	cr_assert_eq(g->late, 1);
	/* 6, 7 and 10 never come: still not seen, whatever else arrives */
	flow_rx_packet(&rx, 13, 0, 10, 10);
	cr_assert(!flow_rx_seen(&rx, 6) && !flow_rx_seen(&rx, 7) && !flow_rx_seen(&rx, 10));
	cr_assert(flow_rx_seen(&rx, 11) && flow_rx_seen(&rx, 12) && flow_rx_seen(&rx, 13));
	cr_assert_eq(rx.received, 11);
	cr_assert_eq(rx.duplicated, 2);
	cr_assert_eq(rx.bytes, 110);
	flow_rx_fini(&rx);
}

/* Memory: no record per packet; in-order traffic keeps none at all. */
Test(apps, receiver_memory_flat)
{
	struct flow_rx rx;

	flow_rx_init(&rx);
	for (uint32_t s = 0; s < 1000000; s++)
		flow_rx_packet(&rx, s, 0, (sim_time_t)s, 1472);
	cr_assert_eq(rx.received, 1000000);
	cr_assert_eq(rx.next_exp, 1000000);
	cr_assert_eq(rx.gaps->len, 0);
	cr_assert_eq(rx.holes->len, 0);
	cr_assert(flow_rx_seen(&rx, 0) && flow_rx_seen(&rx, 999999) && !flow_rx_seen(&rx, 1000000));
	flow_rx_packet(&rx, 123456, 0, 1000000, 1472);
	cr_assert_eq(rx.duplicated, 1);
	flow_rx_fini(&rx);

	/* every pair swapped (1 0 3 2 ...): a gap each, every hole filled again */
	flow_rx_init(&rx);
	for (uint32_t s = 0; s < 1000000; s += 2) {
		flow_rx_packet(&rx, s + 1, 0, 1, 1);
		flow_rx_packet(&rx, s, 0, 1, 1);
	}
	cr_assert_eq(rx.received, 1000000);
	cr_assert_eq(rx.reordered, 500000);
	cr_assert_eq(rx.max_reorder_extent, 1);
	cr_assert_eq(rx.gaps->len, 500000, "the report's gaps stay, one per swap");
	cr_assert_eq(rx.holes->len, 0);
	cr_assert_eq(g_array_index(rx.gaps, struct flow_gap, 499999).late, 1);
	flow_rx_fini(&rx);

	/* 1 lost in 1000: one gap each, no hole (none came back), nothing per packet */
	flow_rx_init(&rx);
	for (uint32_t s = 0; s < 1000000; s++)
		if (s % 1000 != 500)
			flow_rx_packet(&rx, s, 0, 1, 1);
	cr_assert_eq(rx.received, 999000);
	cr_assert_eq(rx.gaps->len, 1000);
	cr_assert_eq(rx.holes->len, 0);
	cr_assert(!flow_rx_seen(&rx, 999500) && flow_rx_seen(&rx, 999501));
	flow_rx_fini(&rx);
}

/* Against a bit per number: random loss, reordering within 40 and duplicates. */
Test(apps, receiver_seen_matches_a_bitmap)
{
	enum { N = 20000 };
	static uint32_t order[N + N / 4];
	static bool got[N];
	struct flow_rx rx;
	uint64_t x = 12345, uniq = 0, dups = 0;
	guint n = 0;

	for (uint32_t s = 0; s < N; s++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		if ((x >> 33) % 20 == 0)
			continue;			/* lost */
		order[n++] = s;
		if ((x >> 40) % 10 == 0)
			order[n++] = s;			/* duplicated */
	}
	for (guint i = 0; i + 1 < n; i++) {		/* swap within 40 places */
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		if ((x >> 33) % 3 == 0) {
			guint j = i + 1 + (guint)((x >> 40) % 40);
			uint32_t t;

			if (j >= n)
				j = n - 1;
			t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
	}
	flow_rx_init(&rx);
	for (guint i = 0; i < n; i++) {
		uint32_t s = order[i];

		cr_assert_eq(flow_rx_seen(&rx, s), got[s], "packet %u (#%u)", s, i);
		flow_rx_packet(&rx, s, 0, i, 1);
		dups += got[s];
		uniq += !got[s];
		got[s] = true;
		if (i % 97 == 0)
			for (uint32_t k = 0; k < N; k++)
				cr_assert_eq(flow_rx_seen(&rx, k), got[k], "number %u after #%u", k, i);
	}
	cr_assert_eq(rx.received, uniq);
	cr_assert_eq(rx.duplicated, dups);
	for (uint32_t k = 0; k < N; k++)
		cr_assert_eq(flow_rx_seen(&rx, k), got[k]);
	{
		uint64_t late = 0, missing = 0;

		for (guint i = 0; i < rx.gaps->len; i++) {
			late += g_array_index(rx.gaps, struct flow_gap, i).late;
			missing += g_array_index(rx.gaps, struct flow_gap, i).missing;
		}
		/* what the gaps miss and never got back is what never arrived below NextExp */
		cr_assert_eq(rx.reordered, late);
		cr_assert_eq(missing - late, (uint64_t)rx.next_exp - uniq);
	}
	cr_assert_lt(rx.holes->len, rx.gaps->len);
	flow_rx_fini(&rx);
}

Test(apps, in_flight_at_end)
{
	struct wire w;
	struct flow_config cfg;
	struct flow *fl;

	/* 10 ms of cable: packets sent in the last 10 ms of the run are on it. */
	wire_init(&w, 42, 100000000, 10 * SIM_MS);
	cfg = cbr(&w, 10000000, 1000, 0);
	fl = flow_udp_new(w.sim, &cfg);
	sim_run(w.sim, SIM_S);
	cr_assert_eq(fl->sent, 1216);
	/* sent in the last 10 ms (12 or 13 packets at 822.4 us) */
	cr_assert_geq(flow_in_flight(fl), 12);
	cr_assert_leq(flow_in_flight(fl), 13);
	/* Resolving took 2 x 10 ms: the 25 packets sent meanwhile fit in the
	 * ARP queue (101), so nothing is lost. */
	cr_assert_eq(w.h1->arp_stats.unresolved_drops, 0);
	cr_assert_eq(flow_lost(fl), 0);
	cr_assert_eq(flow_lost(fl), w.h1->arp_stats.unresolved_drops);
	cr_assert_eq(fl->sent, fl->rx.received + flow_lost(fl) + flow_in_flight(fl));
	flow_free(fl);
	wire_fini(&w);
}

Test(apps, report_json_and_summary)
{
	struct wire w;
	struct flow_config cfg;
	struct flow *fl, *again;
	GString *out = g_string_new(NULL);
	struct json j;

	wire_init(&w, 42, 100000000, 20 * SIM_US);
	cfg = cbr(&w, 10000000, 1000, SIM_S);
	fl = flow_udp_new(w.sim, &cfg);
	again = flow_udp_new(w.sim, &cfg);
	cr_assert_null(again, "dport already bound on the receiver");
	sim_run(w.sim, 2 * SIM_S);

	flow_summary(fl, out);
	cr_assert_str_eq(out->str, "flow f1: sent 1216 received 1216 lost 0 (0.00%) dup 0"
				   " reordered 0 (0.00%, extent 0) delay min/avg/max"
				   " 0.105/0.105/0.159 ms throughput 9.728 Mbit/s");
	g_string_truncate(out, 0);
	json_init(&j, out);
	flow_report_json(fl, &j, NULL);
	cr_assert_not_null(strstr(out->str, "\"name\": \"f1\""), "%s", out->str);
	cr_assert_not_null(strstr(out->str, "\"sent\": 1216"));
	cr_assert_not_null(strstr(out->str, "\"lost\": 0"));
	cr_assert_not_null(strstr(out->str, "\"dst_ip\": \"10.0.0.2\""));
	cr_assert_not_null(strstr(out->str, "\"gaps\": ["));
	g_string_free(out, TRUE);
	flow_free(fl);
	wire_fini(&w);
}

/*
 * 1,499 gaps: the report lists the 1,000 longest (ties: the earliest), in
 * sequence order; the same when all but the last few were retired on the
 * way (@kept: 0 keeps them all).
 */
static void gaps_listed(guint kept)
{
	struct flow_rx rx;
	GString *out = g_string_new(NULL);
	struct json j;
	sim_time_t t = 0;
	const char *p;
	int n = 0;
	uint32_t base = 0;

	flow_rx_init(&rx);
	if (kept)
		flow_rx_settle(&rx, &base, kept);
	for (uint32_t s = 0; s <= 3000; s += 2) {
		/* every odd number lost; the hole before 2001 lasts a second */
		t += s == 2000 ? SIM_S : SIM_MS;
		flow_rx_packet(&rx, s == 2000 ? 2001 : s, 0, t, 100);
		base = rx.next_exp;
		if (s == 2000)
			s++;
	}
	cr_assert_eq(flow_rx_gap_count(&rx), 1499);
	cr_assert_eq(rx.gaps->len, kept ? rx.gaps->len : 1499);
	cr_assert_lt(rx.gaps->len, kept ? 2 * kept : 1500);
	json_init(&j, out);
	json_begin_object(&j, NULL);
	flow_rx_gaps_json(&rx, &j, NULL);
	json_end_object(&j);
	for (p = out->str; (p = strstr(p, "\"first_seq\"")); p++)
		n++;
	cr_assert_eq(n, FLOW_GAPS_LISTED, "%d gaps listed", n);
	cr_assert_not_null(strstr(out->str, "\"gaps_not_listed\": 499"));
	cr_assert_not_null(strstr(out->str, "\"first_seq\": 1999,\n"), "the one-second hole");
	cr_assert_not_null(strstr(out->str, "\"duration_ns\": 1000000000"));
	cr_assert_not_null(strstr(out->str, "\"first_seq\": 1,\n"), "ties: the earliest");
	cr_assert_null(strstr(out->str, "\"first_seq\": 2002,"), "the first after it is left out");
	cr_assert_lt(strstr(out->str, "\"first_seq\": 1,"), strstr(out->str, "\"first_seq\": 3,"));
	cr_assert_eq(flow_rx_longest_gap(&rx), SIM_S);
	flow_rx_fini(&rx);
	g_string_free(out, TRUE);
}

Test(apps, gaps_listed_are_the_longest)
{
	gaps_listed(0);
}

Test(apps, gaps_listed_are_the_longest_of_retired_ones_too)
{
	gaps_listed(5);
}

struct retired {
	guint n;
	uint32_t first[8], holes[8], hole_first[8];
};

static void note_retired(void *arg, const struct flow_gap *g, const struct flow_rx_hole *holes,
			 guint n_holes)
{
	struct retired *r = arg;

	cr_assert_lt(r->n, 8);
	r->first[r->n] = g->first_seq;
	r->holes[r->n] = n_holes;
	r->hole_first[r->n] = n_holes ? holes[0].first : 0;
	r->n++;
}

/*
 * Past @kept gaps, the ones below the ledger's base retire in one batch,
 * with the holes still missing in them; the count, the longest and the
 * listed ones stay whole, and the gaps still kept work as before.
 */
Test(apps, receiver_retires_settled_gaps)
{
	struct flow_rx rx;
	struct retired r = { 0 };
	uint32_t base = 0;
	GString *s = g_string_new(NULL);
	struct json j;

	flow_rx_init(&rx);
	flow_rx_settle(&rx, &base, 3);
	flow_rx_on_retire(&rx, note_retired, &r);
	flow_rx_packet(&rx, 0, 0, 10, 1);
	flow_rx_packet(&rx, 5, 0, 20, 1);		/* gap 1..4, 10 ns */
	flow_rx_packet(&rx, 2, 0, 21, 1);		/* late: holes 1 and 3..4 */
	flow_rx_packet(&rx, 7, 0, 50, 1);		/* gap 6, 29 ns (since the late 2) */
	base = 7;					/* everything below 7 resolved */
	flow_rx_packet(&rx, 9, 0, 60, 1);		/* gap 8, 10 ns: the third */
	cr_assert_eq(r.n, 2, "both gaps below the base retire, not 8");
	cr_assert_eq(r.first[0], 1);
	cr_assert_eq(r.holes[0], 2, "1 and 3..4 still missing");
	cr_assert_eq(r.hole_first[0], 1);
	cr_assert_eq(r.first[1], 6);
	cr_assert_eq(r.holes[1], 0, "missing whole: late is 0");
	cr_assert_eq(rx.gaps->len, 1);
	cr_assert_eq(rx.holes->len, 0, "the retired gaps' holes go with them");
	cr_assert_eq(rx.retired_end, 7);
	cr_assert_eq(flow_rx_gap_count(&rx), 3);
	cr_assert_eq(flow_rx_longest_gap(&rx), 29);
	cr_assert_eq(rx.retire_at, 3, "the next batch when 3 are kept again");

	/* a gap revealed at this very instant stays: an event now may name it */
	base = 11;
	flow_rx_packet(&rx, 11, 0, 70, 1);		/* gap 10 */
	flow_rx_packet(&rx, 13, 0, 70, 1);		/* gap 12, at 70 too */
	cr_assert_eq(r.n, 3, "gap 8 retires; 10 not before an arrival after 70");
	cr_assert_eq(rx.gaps->len, 2);
	flow_rx_packet(&rx, 8, 0, 71, 1);		/* below the base: a duplicate now */
	cr_assert_eq(rx.duplicated, 1);
	flow_rx_packet(&rx, 12, 0, 71, 1);		/* late into a kept gap */
	cr_assert_eq(rx.reordered, 2);

	json_init(&j, s);
	json_begin_object(&j, NULL);
	flow_rx_gaps_json(&rx, &j, NULL);
	json_end_object(&j);
	cr_assert(strstr(s->str, "\"gaps_not_listed\": 0"), "%s", s->str);
	cr_assert(strstr(s->str, "\"first_seq\": 1,"), "retired gaps are listed: %s", s->str);
	cr_assert(strstr(s->str, "\"first_seq\": 12,"), "%s", s->str);
	g_string_free(s, TRUE);
	flow_rx_fini(&rx);
}
