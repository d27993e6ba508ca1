/*
 * test_tcp_bond.c - TCP across two balance-rr bonds whose cables differ in
 * delay: the reordering bonding is known for, and what TCP learns from it.
 *
 * DOC: Two hosts, each with a bond of two NICs; eth0 is cabled to the
 * peer's eth0 with 100 us of delay, eth1 to eth1 with 160 us.  balance-rr
 * alternates TSO super-packets of 45 segments, so the receiver gets two
 * runs interleaved, one 60 us behind: far deeper than tcp_reordering's 3.
 * A bulk transfer must still complete exactly, and the sender learns the
 * reordering without retransmitting (see below).  Last, the same
 * world in active-backup loses its active cable in the middle of a
 * transfer: TCP's stall is the RTO, and every byte still arrives.
 */
#include <criterion/criterion.h>
#include "bond/bond.h"
#include "bond/bond_options.h"
#include "link/link.h"
#include "link/nic.h"
#include "tcp/tcp_priv.h"

#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

TestSuite(tcp_bond, .timeout = 60);

struct side {
	struct nic *nic[2];
	struct bond *bond;
	struct host *h;
	struct sim_log log;
};

struct rr_world {
	struct sim *sim;
	const char *mode;
	struct side a, b;
	struct link *link[2];
};

static void side_init(struct rr_world *w, struct side *s, const char *name, uint8_t id)
{
	struct bond_params p;
	GError *err = NULL;

	sim_log_init(&s->log, name);
	bond_params_init(&p);
	cr_assert(bond_opt_set(&p, "mode", w->mode, &err));
	cr_assert(bond_opt_set(&p, "miimon", "100", &err));
	cr_assert(bond_params_finalize(&p, NULL, &err), "%s", err ? err->message : "");
	s->bond = bond_new(w->sim, name, "bond0", &p, &s->log);
	for (int i = 0; i < 2; i++) {
		const uint8_t mac[6] = { 0x02, 0, 0, 0, id, (uint8_t)i };

		s->nic[i] = nic_new(w->sim, name, i ? "eth1" : "eth0", mac, 0);
	}
}

static void side_up(struct side *s, struct sim *sim, const char *name, uint32_t ip)
{
	GError *err = NULL;

	for (int i = 0; i < 2; i++)
		cr_assert(bond_enslave(s->bond, &s->nic[i]->dev, &err));
	bond_open(s->bond);
	s->h = host_new(sim, name);
	cr_assert(host_add_if(s->h, &s->bond->dev, ip, 24));
}

/*
 * wmem_max 256 kB: what Linux's TCP small queues achieve, no self-inflicted
 * drops in the NICs' queues, which bondsim's TCP does not model.
 */
static void rr_init(struct rr_world *w, struct tcp_params *p)
{
	p->wmem_max = 262144;
	w->sim = sim_new(5);
	if (!w->mode)
		w->mode = "balance-rr";
	side_init(w, &w->a, "a", 1);
	side_init(w, &w->b, "b", 2);
	w->link[0] = link_new(w->sim, "l0", &w->a.nic[0]->dev, &w->b.nic[0]->dev,
			      1000000000ull, 100 * SIM_US);
	w->link[1] = link_new(w->sim, "l1", &w->a.nic[1]->dev, &w->b.nic[1]->dev,
			      1000000000ull, 160 * SIM_US);
	side_up(&w->a, w->sim, "a", IP4(10, 0, 0, 1));
	side_up(&w->b, w->sim, "b", IP4(10, 0, 0, 2));
	tcp_host_init(w->a.h, p);
	tcp_host_init(w->b.h, p);
}

static void rr_fini(struct rr_world *w)
{
	struct side *sides[2] = { &w->a, &w->b };

	for (int k = 0; k < 2; k++) {
		tcp_host_fini(sides[k]->h);
		host_free(sides[k]->h);
	}
	for (int i = 0; i < 2; i++)
		link_free(w->link[i]);
	for (int k = 0; k < 2; k++) {
		bond_free(sides[k]->bond);
		nic_free(sides[k]->nic[0]);
		nic_free(sides[k]->nic[1]);
		sim_log_fini(&sides[k]->log);
	}
	cr_assert_eq(w->sim->pool.live, 0, "%" G_GUINT64_FORMAT " frames leaked",
		     w->sim->pool.live);
	sim_free(w->sim);
}

struct sink {
	uint64_t received;
	struct tcp_sock *s;
	sim_time_t last, gap;		/* the last delivery, the longest pause */
};

static void sink_connected(void *owner, struct tcp_sock *s)
{
	((struct sink *)owner)->s = s;
}

static void sink_data(void *owner, struct tcp_sock *s, uint64_t bytes)
{
	struct sink *k = owner;
	sim_time_t now = s->host->sim->now;

	k->received += bytes;
	if (k->last && now - k->last > k->gap)
		k->gap = now - k->last;
	k->last = now;
}

static const struct tcp_callbacks sink_cb = { .connected = sink_connected, .data = sink_data };

/* 20 MB from a to b; the sender's socket for the caller to look at. */
static struct sink last_sink;

static const struct tcp_stats *transfer(struct rr_world *w, struct tcp_sock **out)
{
	struct sink sink = { 0 };
	struct tcp_sock *s;

	cr_assert(tcp_listen(w->b.h, 5001, &sink_cb, &sink));
	s = tcp_connect(w->a.h, 0, IP4(10, 0, 0, 2), 5001, NULL, NULL);
	cr_assert(s);
	tcp_send(s, 20000000);
	sim_run(w->sim, 5 * SIM_S);
	cr_expect_eq(sink.received, 20000000, "received %" G_GUINT64_FORMAT, sink.received);
	cr_expect(tcp_counts_ok(s));
	*out = s;
	last_sink = sink;
	return tcp_sock_stats(s);
}

Test(tcp_bond, balance_rr_reordering_learnt_by_dupthresh)
{
	struct rr_world w = { 0 };
	struct tcp_params p;
	struct tcp_sock *s;
	const struct tcp_stats *st;

	tcp_params_default(&p);
	p.recovery = 0;
	rr_init(&w, &p);
	st = transfer(&w, &s);
	/*
	 * TSO super-packets go whole down one slave: runs of 45 segments per
	 * link, interleaved.  The degree is learnt from the cumulative ACKs of
	 * the late segments (tcp_clean_rtx_queue -> tcp_check_sack_reordering)
	 * before the SACKed ones above them make any look lost: nothing is
	 * retransmitted at all.
	 */
	cr_expect_gt(st->reorder_raises, 0);
	cr_expect_geq(s->reordering, 46, "tp->reordering %u: at least a super-packet",
		      s->reordering);
	cr_expect_eq(st->retrans_segs, 0);
	cr_expect_eq(st->spurious_retrans, 0);
	cr_expect_eq(st->timeouts, 0);
	cr_expect_eq(netdev_drops_total(&w.a.nic[0]->dev) + netdev_drops_total(&w.a.nic[1]->dev), 0);
	rr_fini(&w);
}

/*
 * RACK with the receiver's SACK compression (Linux's default): past the
 * first 3 ACKs for a hole, SACKs wait 5% of the RTT plus the timer's
 * 100 us of slack, and RACK, whose window is min_rtt / 4 here (65 us),
 * takes a few segments for lost before the DSACKs widen it.  Without
 * compression (tcp_comp_sack_nr = 0) every SACK is immediate and the
 * reordering is learnt before RACK's window is ever passed.
 */
Test(tcp_bond, balance_rr_reordering_absorbed_by_rack)
{
	struct rr_world w = { 0 };
	struct tcp_sock *s;
	const struct tcp_stats *st;
	struct tcp_params p;

	tcp_params_default(&p);
	rr_init(&w, &p);
	st = transfer(&w, &s);
	cr_expect_gt(s->reord_seen, 1000);
	cr_expect_eq(st->retrans_segs, 66);
	cr_expect_eq(st->spurious_retrans, 66, "every one of them spurious");
	cr_expect_eq(st->timeouts, 0);
	cr_assert(last_sink.s);
	cr_expect_geq(tcp_sock_stats(last_sink.s)->acks_compressed, 1);
	rr_fini(&w);
}

Test(tcp_bond, balance_rr_reordering_absorbed_by_rack_without_sack_compression)
{
	struct rr_world w = { 0 };
	struct tcp_sock *s;
	const struct tcp_stats *st;
	struct tcp_params p;

	tcp_params_default(&p);
	p.comp_sack_nr = 0;
	rr_init(&w, &p);
	st = transfer(&w, &s);
	cr_expect_gt(s->reord_seen, 1000);
	cr_expect_eq(st->retrans_segs, 0);
	cr_expect_eq(st->timeouts, 0);
	cr_expect_eq(tcp_sock_stats(last_sink.s)->acks_compressed, 0);
	rr_fini(&w);
}

Test(tcp_bond, active_backup_failover_mid_transfer)
{
	struct rr_world w = { .mode = "active-backup" };
	struct tcp_params p;
	struct sink sink = { 0 };
	struct tcp_sock *s;
	const struct tcp_stats *st;

	tcp_params_default(&p);
	rr_init(&w, &p);
	cr_assert(tcp_listen(w.b.h, 5001, &sink_cb, &sink));
	s = tcp_connect(w.a.h, 0, IP4(10, 0, 0, 2), 5001, NULL, NULL);
	tcp_send(s, 100000000);
	sim_run(w.sim, 500 * SIM_MS);
	cr_assert_lt(sink.received, 100000000, "the cut must come mid-transfer");
	link_set_up(w.link[0], false);	/* the active cable */
	sim_run(w.sim, 5 * SIM_S);
	st = tcp_sock_stats(s);
	cr_expect_eq(sink.received, 100000000);
	cr_expect(tcp_counts_ok(s));
	cr_expect_gt(st->retrans_segs, 0);
	/*
	 * miimon finds the cable dead within 100 ms and eth1 takes over, but
	 * what died in the cable (and the tail probe sent into it) waits for
	 * the RTO: one timeout, a stall of about 200 ms + srtt
	 */
	cr_expect_eq(st->timeouts, 1);
	cr_expect(sink.gap > 200 * SIM_MS && sink.gap < 300 * SIM_MS, "stall of %ld ms",
		  (long)(sink.gap / SIM_MS));
	rr_fini(&w);
}
