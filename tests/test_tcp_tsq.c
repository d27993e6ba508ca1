/*
 * test_tcp_tsq.c - what a sender keeps below itself: TCP Small Queues and
 * TSO super-packets, on the two-host wire.
 */
#include "two_hosts.h"
#include "apps/tcp_flow.h"
#include "tcp/tcp_priv.h"

struct watch {
	struct wire *w;
	uint32_t max_q;
	struct sim_timer t;
};

static void sample_queue(struct sim *sim, void *arg)
{
	struct watch *wa = arg;

	wa->max_q = MAX(wa->max_q, wa->w->n1->q_len);
	sim_timer_arm_in(sim, &wa->t, 10 * SIM_US);
}

Test(tcp_tsq, bulk_sender_keeps_its_nic_queue_short_and_loses_nothing)
{
	struct wire w;
	struct tcp_params p;
	struct tcp_flow_config c = { .name = "t", .id = 1, .kind = TCP_FLOW_BULK,
				     .server_ip = IP4(10, 0, 0, 2), .sport = 40000, .dport = 5201,
				     .stop = SIM_S };
	struct tcp_flow *tf;
	struct watch wa = { .w = &w };

	wire_init(&w, 1, 1000000000, 10 * SIM_US);
	tcp_params_default(&p);
	tcp_host_init(w.h1, &p);
	tcp_host_init(w.h2, &p);
	c.client = w.h1;
	c.server = w.h2;
	tf = tcp_flow_new(w.sim, &c);
	sim_timer_init(&wa.t, sample_queue, &wa);
	sim_timer_arm_in(w.sim, &wa.t, 0);
	sim_run(w.sim, SIM_S);
	sim_timer_cancel(w.sim, &wa.t);
	/*
	 * txqueuelen is 1000: without TSQ a bulk sender fills and overflows
	 * it.  TSQ allows 1 MB (tcp_limit_output_bytes, reached in slow start
	 * when the pacing rate is high): at most 693 frames of 1514 bytes.
	 */
	cr_assert_leq(wa.max_q, 693, "NIC queue reached %u frames", wa.max_q);
	cr_assert_gt(wa.max_q, 45);
	cr_assert_eq(w.n1->dev.stats.tx_dropped, 0);
	cr_assert_eq(tcp_sock_stats(tcp_flow_sender(tf))->retrans_segs, 0);
	/* on a LAN (min_rtt below 512 us) every super-packet is 64 KB: 45 segments */
	cr_assert_eq(tcp_tso_segs(tcp_flow_sender(tf)), 45);
	cr_assert_gt(tcp_flow_goodput_bps(tf), 900e6);
	tcp_flow_free(tf);
	tcp_host_fini(w.h1);
	tcp_host_fini(w.h2);
	wire_fini(&w);
}

static void note(void *arg, const struct frame *f)
{
	*(uint64_t *)arg += f->len;
}

Test(tcp_tsq, tx_owner_told_once_on_the_wire_or_at_free)
{
	struct sim *sim = sim_new(1);
	uint64_t told = 0;
	uint32_t id = frame_tx_owner_add(&sim->pool, note, &told);
	struct frame *a = frame_alloc(&sim->pool), *b = frame_alloc(&sim->pool);

	a->len = 100;
	b->len = 60;
	a->tx_owner = b->tx_owner = id;
	frame_tx_done(a);		/* left the NIC */
	frame_tx_done(a);		/* not twice */
	cr_assert_eq(told, 100);
	frame_unref(a);
	cr_assert_eq(told, 100);
	frame_unref(b);			/* dropped on the way: told when freed */
	cr_assert_eq(told, 160);
	frame_tx_owner_remove(&sim->pool, id);
	a = frame_alloc(&sim->pool);
	a->tx_owner = id;
	frame_unref(a);			/* the owner is gone: nobody told */
	cr_assert_eq(told, 160);
	sim_free(sim);
}
