/*
 * test_tcp_flow.c - the TCP traffic app on the two-host wire: exact counts.
 */
#include "two_hosts.h"
#include "apps/tcp_flow.h"

struct rig {
	struct wire w;
	struct tcp_flow *tf;
};

static void rig_init(struct rig *r, const struct tcp_flow_config *c0, uint64_t speed,
		     sim_time_t delay)
{
	struct tcp_params p;
	struct tcp_flow_config c = *c0;

	wire_init(&r->w, 1, speed, delay);
	tcp_params_default(&p);
	tcp_host_init(r->w.h1, &p);
	tcp_host_init(r->w.h2, &p);
	c.name = c.name ? c.name : "t";
	c.id = 1;
	c.client = r->w.h1;
	c.server = r->w.h2;
	c.server_ip = IP4(10, 0, 0, 2);
	c.sport = 40000;
	c.dport = 5201;
	r->tf = tcp_flow_new(r->w.sim, &c);
	cr_assert_not_null(r->tf);
}

static void rig_fini(struct rig *r)
{
	tcp_flow_free(r->tf);
	tcp_host_fini(r->w.h1);
	tcp_host_fini(r->w.h2);
	wire_fini(&r->w);
}

Test(tcp_flow, bulk_of_n_bytes_is_delivered_exactly)
{
	struct tcp_flow_config c = { .kind = TCP_FLOW_BULK, .bytes = 1000000 };
	struct rig r;

	rig_init(&r, &c, 1000000000, 10 * SIM_US);
	sim_run(r.w.sim, 2 * SIM_S);
	cr_assert_eq(r.tf->delivered, 1000000);
	cr_assert_geq(r.tf->done_at, 0);
	cr_assert_eq(tcp_sock_stats(tcp_flow_sender(r.tf))->retrans_segs, 0);
	/* 1000000 bytes in 1448-byte segments: 691 data segments, each received */
	cr_assert_eq(r.tf->transmissions, 691);
	cr_assert_eq(r.tf->rx.received, 691);
	cr_assert_eq(r.tf->ledger.lost, 0);
	cr_assert_eq(r.tf->rx.reordered, 0);
	/* goodput below the 1 Gbit/s line rate, above half of it */
	cr_assert_lt(tcp_flow_goodput_bps(r.tf), 1e9);
	cr_assert_gt(tcp_flow_goodput_bps(r.tf), 3e8);
	rig_fini(&r);
}

Test(tcp_flow, bulk_until_stop_fills_the_link)
{
	struct tcp_flow_config c = { .kind = TCP_FLOW_BULK, .stop = SIM_S };
	struct rig r;
	double g;

	rig_init(&r, &c, 1000000000, 10 * SIM_US);
	sim_run(r.w.sim, 1200 * SIM_MS);
	g = tcp_flow_goodput_bps(r.tf);
	/* 1448 of every 1538 bytes on the wire are payload: at most 941.5 Mbit/s */
	cr_assert_lt(g, 941.6e6, "goodput %.0f", g);
	cr_assert_gt(g, 850e6, "goodput %.0f", g);
	rig_fini(&r);
}

Test(tcp_flow, request_response_latency)
{
	struct tcp_flow_config c = { .kind = TCP_FLOW_RR, .request = 100, .response = 1448,
				     .stop = 100 * SIM_MS };
	struct rig r;

	rig_init(&r, &c, 1000000000, 50 * SIM_US);
	sim_run(r.w.sim, 200 * SIM_MS);
	cr_assert_gt(r.tf->requests, 100);
	/* one round trip and two small frames: a little over 100 us */
	cr_assert_geq(tcp_flow_latency(r.tf, 0.5), 100 * SIM_US);
	cr_assert_lt(tcp_flow_latency(r.tf, 0.5), 200 * SIM_US);
	rig_fini(&r);
}

Test(tcp_flow, latency_quantiles_by_nearest_rank)
{
	struct tcp_flow tf = { 0 };
	sim_time_t v[] = { 5, 1, 4, 2, 3 };

	tf.latencies = g_array_new(FALSE, FALSE, sizeof(struct tcp_latency));
	cr_assert_eq(tcp_flow_latency(&tf, 0.5), -1, "no request completed");
	for (guint i = 0; i < G_N_ELEMENTS(v); i++)
		tcp_flow_latency_add(&tf, v[i]);
	cr_assert_eq(tcp_flow_latency(&tf, 0.5), 3);
	cr_assert_eq(tcp_flow_latency(&tf, 0.99), 5);
	cr_assert_eq(tcp_flow_latency(&tf, 0.2), 1);
	cr_assert_eq(tcp_flow_latency(&tf, 1.0), 5);
	cr_assert_eq(tcp_flow_latency(&tf, 0.0), 1);
	g_array_free(tf.latencies, TRUE);

	/* 1e6 requests of 3 values: 3 records; ranks 1..600000 are 10, then 20, 30 */
	tf.latencies = g_array_new(FALSE, FALSE, sizeof(struct tcp_latency));
	for (guint i = 0; i < 1000000; i++)
		tcp_flow_latency_add(&tf, i % 10 < 6 ? 10 : i % 10 < 9 ? 20 : 30);
	cr_assert_eq(tf.latencies->len, 3);
	cr_assert_eq(g_array_index(tf.latencies, struct tcp_latency, 0).n, 600000);
	cr_assert_eq(g_array_index(tf.latencies, struct tcp_latency, 2).n, 100000);
	cr_assert_eq(tcp_flow_latency(&tf, 0.6), 10);
	cr_assert_eq(tcp_flow_latency(&tf, 0.600001), 20);
	cr_assert_eq(tcp_flow_latency(&tf, 0.9), 20);
	cr_assert_eq(tcp_flow_latency(&tf, 0.99), 30);
	cr_assert_eq(tcp_flow_latency(&tf, 1.0), 30);
	g_array_free(tf.latencies, TRUE);
}

Test(tcp_flow, download_sends_from_the_server)
{
	struct tcp_flow_config c = { .kind = TCP_FLOW_BULK, .bytes = 100000, .download = true };
	struct rig r;

	rig_init(&r, &c, 1000000000, 10 * SIM_US);
	sim_run(r.w.sim, SIM_S);
	cr_assert_eq(r.tf->delivered, 100000);
	/* the server (h2) sent the data, the client (h1) received it */
	cr_assert_eq(tcp_sock_stats(tcp_flow_sender(r.tf))->bytes_acked, 100000);
	cr_assert_eq(tcp_sock_stats(tcp_flow_receiver(r.tf))->bytes_received, 100000);
	cr_assert_eq(tcp_sock_dport(tcp_flow_receiver(r.tf)), 5201);
	/* 100000 bytes: 69 full segments of 1448 and one of 88 */
	cr_assert_eq(r.tf->transmissions, 70);
	rig_fini(&r);
}

Test(tcp_flow, stall_around_a_watched_moment)
{
	struct tcp_flow_config c = { .kind = TCP_FLOW_BULK, .stop = 800 * SIM_MS };
	const struct tcp_flow_watch *wa;
	struct rig r;

	rig_init(&r, &c, 1000000000, 10 * SIM_US);
	tcp_flow_watch(r.tf, 300 * SIM_MS);
	sim_run(r.w.sim, 300 * SIM_MS);
	link_set_up(r.w.link, false);
	sim_run(r.w.sim, 350 * SIM_MS);
	link_set_up(r.w.link, true);
	sim_run(r.w.sim, SIM_S);
	wa = tcp_flow_watch_at(r.tf, 300 * SIM_MS);
	cr_assert_not_null(wa);
	/* 50 ms without a cable; the RTO (>= 200 ms) decides when data moves again */
	cr_assert_leq(wa->stall_from, 300 * SIM_MS);
	cr_assert_gt(wa->stall_to - wa->stall_from, 200 * SIM_MS);
	cr_assert_lt(wa->stall_to - wa->stall_from, 700 * SIM_MS);
	cr_assert_geq(tcp_sock_stats(tcp_flow_sender(r.tf))->timeouts, 1);
	rig_fini(&r);
}
