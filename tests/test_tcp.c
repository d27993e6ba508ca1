/*
 * test_tcp.c - the TCP machine: handshake, ACKs and timers, bulk transfer,
 * the parser.
 *
 * DOC: Most tests script the peer by hand (tcp_rig.h) and check the exact
 * segments and times the host produces; the bulk tests run two hosts on a
 * cable (two_hosts.h).  The sender's recovery is in test_tcp_sack.c.
 * Every test ends with the frame pool empty.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include "tcp_rig.h"

TestSuite(tcp, .timeout = 30);

/* ------------------------------------------------------------ handshake */

Test(tcp, syn_options_and_mss)
{
	struct rig r;
	struct tcp_seg syn, ack;
	struct tcp_info_snap i;

	rig_init(&r, NULL);
	r.s = tcp_connect(r.h, 0, PEER_IP, PEER_PORT, NULL, NULL);
	rig_arp_reply(&r);
	rig_pop(&r, &syn);
	cr_expect_eq(syn.flags, TCP_SYN);
	cr_expect_eq(syn.sport, TCP_FIRST_EPHEMERAL);
	cr_expect_eq(syn.mss, 1460);
	cr_expect_eq(syn.wscale, 7, "rmem_max 6291456 needs wscale 7, got %d", syn.wscale);
	cr_expect(syn.sack_ok);
	cr_expect(syn.has_ts);
	cr_expect_eq(syn.tsecr, 0);
	cr_expect_eq(syn.window, 64240);
	cr_expect_eq(syn.payload, 0);

	struct tcp_seg synack = {
		.sport = PEER_PORT, .dport = syn.sport, .seq = PEER_ISS, .ack = syn.seq + 1,
		.flags = TCP_SYN | TCP_ACK, .window = 65535, .mss = 1460, .wscale = 7,
		.sack_ok = true, .has_ts = true, .tsval = 777, .tsecr = syn.tsval,
	};
	rig_inject(&r, &synack);
	rig_pop(&r, &ack);
	cr_expect_eq(ack.flags, TCP_ACK);
	cr_expect_eq(ack.seq, syn.seq + 1);
	cr_expect_eq(ack.ack, PEER_ISS + 1);
	cr_expect_eq(ack.tsecr, 777);
	cr_expect_eq(ack.window, 6291456 >> 7);
	tcp_get_info(r.s, &i);
	cr_expect_str_eq(i.state, "ESTABLISHED");
	cr_expect_eq(i.mss, 1448, "1460 - 12 of timestamps, got %u", i.mss);
	cr_expect_eq(i.cwnd, 10);
	cr_expect_eq(i.snd_wnd, 65535);
	rig_fini(&r);
}

Test(tcp, passive_open_without_timestamps)
{
	struct rig r;
	struct tcp_seg synack, syn = {
		.sport = PEER_PORT, .dport = 80, .seq = PEER_ISS, .flags = TCP_SYN,
		.window = 65535, .mss = 1400, .wscale = -1, .sack_ok = true,
	};
	struct tcp_sock *srv;
	struct tcp_info_snap i;

	rig_init(&r, NULL);
	cr_assert(tcp_listen(r.h, 80, NULL, NULL));
	cr_expect_not(tcp_listen(r.h, 80, NULL, NULL));
	rig_inject(&r, &syn);
	rig_arp_reply(&r);
	rig_pop(&r, &synack);
	cr_expect_eq(synack.flags, TCP_SYN | TCP_ACK);
	cr_expect_eq(synack.ack, PEER_ISS + 1);
	cr_expect_eq(synack.mss, 1460);
	cr_expect_eq(synack.wscale, -1, "no wscale answered to a SYN without one");
	cr_expect(synack.sack_ok);
	cr_expect_not(synack.has_ts);
	srv = tcp_lookup(r.h->tcp, PEER_IP, PEER_PORT, 80);
	cr_assert(srv);
	tcp_get_info(srv, &i);
	cr_expect_str_eq(i.state, "SYN_RECV");
	cr_expect_eq(i.mss, 1400);
	cr_expect_eq(i.rcv_wnd, 65535);
	rig_fini(&r);
}

Test(tcp, tiny_mss_option_clamped_to_tcp_min_snd_mss)
{
	struct rig r;
	struct tcp_seg synack, syn = {
		.sport = PEER_PORT, .dport = 80, .seq = PEER_ISS, .flags = TCP_SYN,
		.window = 65535, .mss = 5, .wscale = -1, .has_ts = true, .tsval = 1,
	};
	struct tcp_info_snap i;

	rig_init(&r, NULL);
	cr_assert(tcp_listen(r.h, 80, NULL, NULL));
	rig_inject(&r, &syn);
	rig_arp_reply(&r);
	rig_pop(&r, &synack);
	tcp_get_info(tcp_lookup(r.h->tcp, PEER_IP, PEER_PORT, 80), &i);
	cr_expect_eq(i.mss, 48 - 12, "tcp_min_snd_mss less the timestamps, got %u", i.mss);
	rig_fini(&r);
}

Test(tcp, syn_retransmits_with_backoff)
{
	struct rig r;
	struct tcp_seg syn;
	sim_time_t at[3];

	rig_init(&r, NULL);
	r.s = tcp_connect(r.h, 0, PEER_IP, PEER_PORT, NULL, NULL);
	rig_arp_reply(&r);
	rig_pop(&r, &syn);
	for (int k = 0; k < 3; k++) {
		while (!rig_count(&r))
			sim_run(r.sim, r.sim->now + SIM_MS);
		at[k] = r.sim->now;
		rig_pop(&r, &syn);
		cr_expect_eq(syn.flags, TCP_SYN);
	}
	cr_expect_eq(at[0], 1 * SIM_S);
	cr_expect_eq(at[1], 3 * SIM_S);
	cr_expect_eq(at[2], 7 * SIM_S);
	rig_fini(&r);
}

struct aborts {
	int n;
	sim_time_t at;
	const char *why;
};

static void on_abort(void *owner, struct tcp_sock *s, const char *why)
{
	struct aborts *a = owner;

	a->n++;
	a->at = s->host->sim->now;
	a->why = why;
}

Test(tcp, syn_retries_exhausted_after_127s)
{
	struct rig r;
	struct aborts a = { 0 };
	const struct tcp_callbacks cb = { .aborted = on_abort };

	rig_init(&r, NULL);
	r.s = tcp_connect(r.h, 0, PEER_IP, PEER_PORT, &cb, &a);
	rig_arp_reply(&r);
	sim_run(r.sim, 126 * SIM_S);
	cr_expect_eq(a.n, 0);
	sim_run(r.sim, 200 * SIM_S);
	cr_assert_eq(a.n, 1);
	cr_expect_eq(a.at, 127 * SIM_S, "1 + 2 + ... + 64 s");
	cr_expect_str_eq(a.why, "SYN retries exhausted");
	/* (the peer never answers ARP again: some of them die in the neighbour cache) */
	cr_expect_eq(tcp_sock_stats(r.s)->segs_out, 7, "the SYN and tcp_syn_retries = 6 more");
	cr_expect_eq(tcp_sock_stats(r.s)->retrans_segs, 6);
	rig_fini(&r);
}

Test(tcp, rst_refuses_the_connection)
{
	struct rig r;
	struct aborts a = { 0 };
	const struct tcp_callbacks cb = { .aborted = on_abort };
	struct tcp_seg syn, rst = { .sport = PEER_PORT, .flags = TCP_RST | TCP_ACK, .wscale = -1 };
	struct tcp_info_snap i;

	rig_init(&r, NULL);
	r.s = tcp_connect(r.h, 0, PEER_IP, PEER_PORT, &cb, &a);
	rig_arp_reply(&r);
	rig_pop(&r, &syn);
	rst.dport = syn.sport;
	rst.ack = syn.seq + 1;
	rig_inject(&r, &rst);
	cr_expect_eq(a.n, 1);
	cr_expect_str_eq(a.why, "connection refused");
	tcp_get_info(r.s, &i);
	cr_expect_str_eq(i.state, "CLOSED");
	sim_run(r.sim, 10 * SIM_S);
	cr_expect_eq(rig_count(&r), 0, "no SYN retransmitted after the RST");
	rig_fini(&r);
}

Test(tcp, rst_to_no_socket)
{
	struct rig r;
	struct tcp_seg rst, seg = {
		.sport = PEER_PORT, .dport = 9, .seq = 42, .flags = TCP_SYN, .wscale = -1,
	};

	rig_init(&r, NULL);
	rig_inject(&r, &seg);
	rig_arp_reply(&r);
	rig_pop(&r, &rst);
	cr_expect_eq(rst.flags, TCP_RST | TCP_ACK);
	cr_expect_eq(rst.ack, 43);
	cr_expect_eq(rst.sport, 9);
	cr_expect_eq(rst.dport, PEER_PORT);
	rig_fini(&r);
}

/* ------------------------------------------------------------ close */

Test(tcp, simultaneous_close_goes_through_closing)
{
	struct rig r;
	struct tcp_seg seg;
	struct tcp_info_snap i;

	connected(&r, NULL);
	tcp_send(r.s, 1000);
	tcp_close(r.s);
	rig_pop(&r, &seg);
	cr_expect_eq(seg.payload, 1000);
	rig_pop(&r, &seg);
	cr_expect_eq(seg.flags, TCP_FIN | TCP_ACK);
	cr_expect_eq(seg.seq, r.s->iss + 1 + 1000);
	tcp_get_info(r.s, &i);
	cr_expect_str_eq(i.state, "FIN_WAIT1");
	/* the peer's FIN crosses ours: it acknowledges the data, not our FIN */
	seg = rig_seg(&r, 0, 1000, 0);
	seg.flags |= TCP_FIN;
	rig_inject(&r, &seg);
	tcp_get_info(r.s, &i);
	cr_expect_str_eq(i.state, "CLOSING");
	rig_pop(&r, &seg);
	cr_expect_eq(seg.ack, PEER_ISS + 2, "its FIN acknowledged at once");
	seg = rig_seg(&r, 1, 1001, 0);
	rig_inject(&r, &seg);
	tcp_get_info(r.s, &i);
	cr_expect_str_eq(i.state, "TIME_WAIT");
	/* a retransmitted FIN in TIME_WAIT is answered */
	seg = rig_seg(&r, 0, 1001, 0);
	seg.flags |= TCP_FIN;
	rig_inject(&r, &seg);
	cr_assert_eq(rig_count(&r), 1);
	rig_pop(&r, &seg);
	cr_expect_eq(seg.ack, PEER_ISS + 2);
	rig_fini(&r);
}

/* ------------------------------------------------------------ receiver */

Test(tcp, delayed_ack_40ms)
{
	struct rig r;
	struct tcp_seg seg;
	uint32_t off = 0;
	sim_time_t t;

	connected(&r, NULL);
	/* quick ACK mode: the first 16 segments are each ACKed at once */
	for (int k = 0; k < 16; k++, off += MSS) {
		seg = rig_seg(&r, off, 0, MSS);
		rig_inject(&r, &seg);
		cr_assert_eq(rig_count(&r), 1, "segment %d", k);
		rig_pop(&r, &seg);
		cr_expect_eq(seg.ack, PEER_ISS + 1 + off + MSS);
	}
	seg = rig_seg(&r, off, 0, MSS);
	off += MSS;
	rig_inject(&r, &seg);
	t = r.sim->now;
	cr_expect_eq(rig_count(&r), 0, "one segment: delayed");
	sim_run(r.sim, t + 39 * SIM_MS);
	cr_expect_eq(rig_count(&r), 0);
	sim_run(r.sim, t + 40 * SIM_MS);
	cr_assert_eq(rig_count(&r), 1, "the delayed ACK at 40 ms");
	rig_pop(&r, &seg);
	cr_expect_eq(seg.ack, PEER_ISS + 1 + off);
	/* two full segments: ACKed on the second */
	seg = rig_seg(&r, off, 0, MSS);
	off += MSS;
	rig_inject(&r, &seg);
	cr_expect_eq(rig_count(&r), 0);
	seg = rig_seg(&r, off, 0, MSS);
	off += MSS;
	rig_inject(&r, &seg);
	cr_assert_eq(rig_count(&r), 1);
	rig_pop(&r, &seg);
	cr_expect_eq(seg.ack, PEER_ISS + 1 + off);
	cr_expect_eq(tcp_sock_stats(r.s)->bytes_received, off);
	/* silence longer than the RTO: quick ACKs again */
	sim_run(r.sim, r.sim->now + r.s->rto + SIM_MS);
	seg = rig_seg(&r, off, 0, MSS);
	off += MSS;
	rig_inject(&r, &seg);
	cr_expect_eq(rig_count(&r), 1, "ACKed at once after the pause");
	rig_fini(&r);
}

Test(tcp, receiver_sack_blocks_and_dsack)
{
	struct rig r;
	struct tcp_seg seg;

	connected(&r, NULL);
	/* segments 1 and 3 arrive, 0 and 2 missing */
	seg = rig_seg(&r, 1 * MSS, 0, MSS);
	rig_inject(&r, &seg);
	rig_pop(&r, &seg);
	cr_expect_eq(seg.ack, PEER_ISS + 1);
	cr_assert_eq(seg.n_sack, 1);
	cr_expect_eq(seg.sack[0][0], PEER_ISS + 1 + MSS);
	seg = rig_seg(&r, 3 * MSS, 0, MSS);
	rig_inject(&r, &seg);
	rig_pop(&r, &seg);
	cr_assert_eq(seg.n_sack, 2);
	cr_expect_eq(seg.sack[0][0], PEER_ISS + 1 + 3 * MSS, "most recent first");
	cr_expect_eq(seg.sack[1][0], PEER_ISS + 1 + 1 * MSS);
	/* segment 3 again: DSACK first, then the blocks */
	seg = rig_seg(&r, 3 * MSS, 0, MSS);
	rig_inject(&r, &seg);
	rig_pop(&r, &seg);
	cr_assert_eq(seg.n_sack, 3);
	cr_expect_eq(seg.sack[0][0], PEER_ISS + 1 + 3 * MSS);
	cr_expect_eq(seg.sack[0][1], PEER_ISS + 1 + 4 * MSS);
	cr_expect_eq(tcp_sock_stats(r.s)->dsacks_sent, 1);
	/* segment 0 fills the first hole: ACK at once, one block left */
	seg = rig_seg(&r, 0, 0, MSS);
	rig_inject(&r, &seg);
	rig_pop(&r, &seg);
	cr_expect_eq(seg.ack, PEER_ISS + 1 + 2 * MSS);
	cr_assert_eq(seg.n_sack, 1);
	cr_expect_eq(seg.sack[0][0], PEER_ISS + 1 + 3 * MSS);
	cr_expect_eq(tcp_sock_stats(r.s)->ooo_segs_received, 3);
	rig_fini(&r);
}

/* ------------------------------------------------------------ two hosts */

struct app {
	uint64_t received, acked;
	bool connected, peer_closed;
	struct tcp_sock *s;
	uint32_t stamped, segments;
};

static void app_connected(void *owner, struct tcp_sock *s)
{
	struct app *a = owner;

	a->connected = true;
	a->s = s;
}

static void app_data(void *owner, struct tcp_sock *s, uint64_t bytes)
{
	((struct app *)owner)->received += bytes;
}

static void app_acked(void *owner, struct tcp_sock *s, uint64_t bytes)
{
	((struct app *)owner)->acked += bytes;
}

static void app_peer_closed(void *owner, struct tcp_sock *s)
{
	((struct app *)owner)->peer_closed = true;
	tcp_close(s);
}

static void app_stamp(void *owner, struct tcp_sock *s, struct frame_meta *meta, bool retrans)
{
	struct app *a = owner;

	meta->flow = 7;
	meta->seq = ++a->stamped;
}

static void app_segment(void *owner, struct tcp_sock *s, const struct frame_meta *meta,
			uint32_t payload)
{
	struct app *a = owner;

	cr_expect_eq(meta->flow, 7);
	a->segments++;
}

static const struct tcp_callbacks app_cb = {
	.connected = app_connected, .data = app_data, .acked = app_acked,
	.peer_closed = app_peer_closed, .stamp = app_stamp, .segment = app_segment,
};

static void bulk(enum tcp_cc cc)
{
	struct wire w;
	struct app cli = { 0 }, srv = { 0 };
	struct tcp_params p;
	struct tcp_info_snap i;

	wire_init(&w, 1, 1000000000ull, 50 * SIM_US);
	tcp_params_default(&p);
	p.congestion_control = cc;
	tcp_host_init(w.h1, &p);
	tcp_host_init(w.h2, &p);
	cr_assert(tcp_listen(w.h2, 5001, &app_cb, &srv));
	cli.s = tcp_connect(w.h1, 0, IP4(10, 0, 0, 2), 5001, &app_cb, &cli);
	tcp_send(cli.s, 1000000);
	tcp_close(cli.s);
	sim_run(w.sim, 2 * SIM_S);
	cr_expect(cli.connected && srv.connected);
	cr_expect_eq(srv.received, 1000000);
	cr_expect_eq(cli.acked, 1000000);
	cr_expect_eq(tcp_sock_stats(srv.s)->bytes_received, 1000000);
	cr_expect_eq(tcp_sock_stats(cli.s)->bytes_sent, 1000000);
	cr_expect_eq(tcp_sock_stats(cli.s)->retrans_segs, 0);
	cr_expect_eq(tcp_sock_stats(srv.s)->retrans_segs, 0);
	cr_expect_eq(tcp_sock_stats(cli.s)->data_segs_out, (1000000 + 1447) / 1448);
	cr_expect_eq(srv.segments, (1000000 + 1447) / 1448);
	cr_expect_eq(cli.stamped, srv.segments);
	cr_expect(srv.peer_closed);
	cr_expect(cli.peer_closed);
	tcp_get_info(cli.s, &i);
	cr_expect_str_eq(i.state, "TIME_WAIT");
	cr_expect_gt(i.cwnd, 10);
	cr_expect_gt(i.srtt, 100 * SIM_US);
	tcp_get_info(srv.s, &i);
	cr_expect_str_eq(i.state, "CLOSED");
	tcp_host_fini(w.h1);
	tcp_host_fini(w.h2);
	wire_fini(&w);
}

Test(tcp, bulk_1mb_cubic_clean_link)
{
	bulk(TCP_CC_CUBIC);
}

Test(tcp, bulk_1mb_reno_clean_link)
{
	bulk(TCP_CC_RENO);
}

Test(tcp, metrics_published)
{
	struct rig r;
	struct metrics m;

	connected(&r, NULL);
	send_segs(&r, 2);
	metrics_init(&m);
	tcp_sock_metrics(r.s, &m, "c");
	cr_expect_eq(metrics_find(&m, "c.data_segs_out")->value, 2);
	cr_expect_eq(metrics_find(&m, "c.cwnd")->value, 10);
	cr_expect_eq(metrics_find(&m, "c.ssthresh")->value, -1);
	cr_expect_eq(metrics_find(&m, "c.packets_out")->value, 2);
	cr_expect_not_null(metrics_find(&m, "c.reorder_raises"));
	tcp_host_metrics(r.h, &m);
	cr_expect_eq(metrics_find(&m, "h1.tcp.active_opens")->value, 1);
	cr_expect_eq(metrics_find(&m, "h1.tcp.passive_opens")->value, 0);
	cr_expect_eq(metrics_find(&m, "h1.tcp.out_rsts")->value, 0);
	metrics_fini(&m);
	rig_fini(&r);
}

/* ------------------------------------------------------------ parser */

static struct frame *raw(struct sim *sim, const uint8_t *hdr, uint16_t n)
{
	struct frame *f = frame_alloc(&sim->pool);

	memcpy(frame_put(f, n), hdr, n);
	return f;
}

Test(tcp, parse_rejects_malformed)
{
	struct sim *sim = sim_new(1);
	uint8_t h[60] = { 0 };
	struct tcp_seg seg;
	const char *why = NULL;
	struct frame *f;

	f = raw(sim, h, 10);
	cr_expect_not(tcp_parse(f, 0, 10, &seg, &why), "short");
	cr_expect_str_eq(why, "short header");
	frame_unref(f);

	h[12] = 4 << 4;		/* data offset 16 bytes */
	f = raw(sim, h, 20);
	cr_expect_not(tcp_parse(f, 0, 20, &seg, &why));
	cr_expect_str_eq(why, "data offset out of range");
	frame_unref(f);

	h[12] = 15 << 4;	/* 60 bytes of header in 40 */
	f = raw(sim, h, 40);
	cr_expect_not(tcp_parse(f, 0, 40, &seg, &why));
	cr_expect_str_eq(why, "data offset out of range");
	frame_unref(f);

	h[12] = 6 << 4;		/* 4 option bytes: an MSS claiming 10 */
	h[20] = 2;
	h[21] = 10;
	f = raw(sim, h, 24);
	cr_expect_not(tcp_parse(f, 0, 24, &seg, &why));
	cr_expect_str_eq(why, "option runs past the header");
	frame_unref(f);

	h[21] = 1;		/* length below 2 */
	f = raw(sim, h, 24);
	cr_expect_not(tcp_parse(f, 0, 24, &seg, &why));
	frame_unref(f);

	h[20] = 1;		/* NOP NOP NOP, then a kind without its length */
	h[21] = 1;
	h[22] = 1;
	h[23] = 8;
	f = raw(sim, h, 24);
	cr_expect_not(tcp_parse(f, 0, 24, &seg, &why));
	frame_unref(f);

	/* well formed: MSS 1460, wscale 20 (taken as 14), 100 bytes of payload */
	h[12] = 7 << 4;
	memcpy(h + 20, (const uint8_t[]){ 2, 4, 0x05, 0xb4, 1, 3, 3, 20 }, 8);
	h[13] = TCP_SYN;
	f = raw(sim, h, 28);
	cr_expect(tcp_parse(f, 0, 128, &seg, &why));
	cr_expect_eq(seg.mss, 1460);
	cr_expect_eq(seg.wscale, 14);
	cr_expect_eq(seg.payload, 100);
	cr_expect_eq(seg.flags, TCP_SYN);
	frame_unref(f);
	sim_free(sim);
}

/* ------------------------------------------------------------ lossy link */

static void lossy(enum tcp_cc cc, bool sack, double loss, uint64_t bytes)
{
	struct wire w;
	struct app cli = { 0 }, srv = { 0 };
	struct tcp_params p;
	const struct tcp_stats *st;

	wire_init(&w, 3, 1000000000ull, 100 * SIM_US);
	link_set_loss(w.link, loss);
	tcp_params_default(&p);
	p.congestion_control = cc;
	p.sack = sack;
	tcp_host_init(w.h1, &p);
	tcp_host_init(w.h2, &p);
	cr_assert(tcp_listen(w.h2, 5001, &app_cb, &srv));
	cli.s = tcp_connect(w.h1, 0, IP4(10, 0, 0, 2), 5001, &app_cb, &cli);
	tcp_send(cli.s, bytes);
	tcp_close(cli.s);
	sim_run(w.sim, 60 * SIM_S);
	st = tcp_sock_stats(cli.s);
	cr_expect_eq(srv.received, bytes, "received %" G_GUINT64_FORMAT, srv.received);
	cr_expect_eq(cli.acked, bytes);
	cr_expect_gt(st->retrans_segs, 0);
	cr_expect_gt(st->fast_retrans, 0);
	cr_expect(srv.peer_closed);
	cr_expect_eq(tcp_sock_stats(srv.s)->bytes_received, bytes);
	cr_expect(tcp_counts_ok(cli.s));
	tcp_host_fini(w.h1);
	tcp_host_fini(w.h2);
	wire_fini(&w);
}

Test(tcp, lossy_link_sack_cubic_delivers_all)
{
	lossy(TCP_CC_CUBIC, true, 0.01, 20000000);
}

Test(tcp, same_seed_same_run)
{
	struct tcp_stats st[2];

	for (int k = 0; k < 2; k++) {
		struct wire w;
		struct app cli = { 0 }, srv = { 0 };

		wire_init(&w, 9, 1000000000ull, 100 * SIM_US);
		link_set_loss(w.link, 0.02);
		tcp_host_init(w.h1, NULL);
		tcp_host_init(w.h2, NULL);
		cr_assert(tcp_listen(w.h2, 5001, &app_cb, &srv));
		cli.s = tcp_connect(w.h1, 0, IP4(10, 0, 0, 2), 5001, &app_cb, &cli);
		tcp_send(cli.s, 3000000);
		sim_run(w.sim, 10 * SIM_S);
		st[k] = *tcp_sock_stats(cli.s);
		tcp_host_fini(w.h1);
		tcp_host_fini(w.h2);
		wire_fini(&w);
	}
	cr_expect_gt(st[0].retrans_segs, 0);
	cr_expect(memcmp(&st[0], &st[1], sizeof(st[0])) == 0, "two runs differ");
}

Test(tcp, lossy_link_newreno_without_sack_delivers_all)
{
	lossy(TCP_CC_RENO, false, 0.01, 5000000);
}

Test(tcp, forward_progress_keeps_the_neighbour_reachable)
{
	struct wire w;
	struct app cli = { 0 }, srv = { 0 };
	const struct arp_entry *e;

	wire_init(&w, 1, 10000000ull, 100 * SIM_US);
	tcp_host_init(w.h1, NULL);
	tcp_host_init(w.h2, NULL);
	cr_assert(tcp_listen(w.h2, 5001, &app_cb, &srv));
	cli.s = tcp_connect(w.h1, 0, IP4(10, 0, 0, 2), 5001, &app_cb, &cli);
	tcp_send(cli.s, UINT64_MAX);
	sim_run(w.sim, 40 * SIM_S);
	e = arp_cache_find(w.h1, IP4(10, 0, 0, 2));
	cr_assert(e);
	cr_expect_eq(e->state, ARP_S_REACHABLE, "%s", arp_state_name(e->state));
	cr_expect_eq(w.h1->arp_stats.requests_sent, 1, "no probe: TCP confirmed it");
	cr_expect_gt(srv.received, 45000000);
	tcp_host_fini(w.h1);
	tcp_host_fini(w.h2);
	wire_fini(&w);
}

/* ------------------------------------------------------------ congestion control */

/* A loss at cwnd 100, then @rounds round trips of @rtt, every segment ACKed. */
static uint32_t grow_after_loss(enum tcp_cc cc, sim_time_t rtt, int rounds, uint32_t *ssthresh)
{
	struct rig r;
	struct tcp_params p;
	uint32_t cwnd;

	tcp_params_default(&p);
	p.congestion_control = cc;
	connected(&r, &p);
	r.s->min_rtt = rtt;
	r.s->cwnd = 100;
	r.s->ssthresh = tcp_cong_ssthresh(r.s);
	r.s->cwnd = r.s->ssthresh;
	*ssthresh = r.s->ssthresh;
	for (int k = 0; k < rounds; k++) {
		uint32_t w = r.s->cwnd;

		sim_run(r.sim, r.sim->now + rtt);
		for (uint32_t acked = 0; acked < w; acked += 2) {
			r.s->cwnd_limited = true;
			tcp_cong_avoid(r.s, 2);
		}
	}
	cwnd = r.s->cwnd;
	rig_fini(&r);
	return cwnd;
}

Test(tcp, cubic_reduces_by_beta_and_returns_to_wmax)
{
	uint32_t ssthresh, cwnd;

	/* 100 ms RTT: K = cbrt(100 * 0.3 / 0.4) = 4.2 s, the cubic curve leads */
	cwnd = grow_after_loss(TCP_CC_CUBIC, 100 * SIM_MS, 42, &ssthresh);
	cr_expect_eq(ssthresh, 70);
	cr_expect(cwnd >= 96 && cwnd <= 104, "cwnd %u at K", cwnd);
	/* concave: fast at first, W_max - (W_max - 70) / 8 at K/2, 88 after 1 s */
	cwnd = grow_after_loss(TCP_CC_CUBIC, 100 * SIM_MS, 21, &ssthresh);
	cr_expect(cwnd >= 94 && cwnd <= 98, "cwnd %u at K/2", cwnd);
	cwnd = grow_after_loss(TCP_CC_CUBIC, 100 * SIM_MS, 10, &ssthresh);
	cr_expect(cwnd >= 85 && cwnd <= 91, "cwnd %u after 1 s", cwnd);
}

Test(tcp, cubic_reno_friendly_at_short_rtt)
{
	uint32_t ssthresh, cwnd;

	/* 10 ms RTT: 100 round trips, W_est = 70 + 100 x 0.53 leads the curve */
	cwnd = grow_after_loss(TCP_CC_CUBIC, 10 * SIM_MS, 100, &ssthresh);
	cr_expect(cwnd >= 118 && cwnd <= 126, "cwnd %u", cwnd);
}

Test(tcp, newreno_halves_and_adds_one_per_rtt)
{
	uint32_t ssthresh, cwnd;

	cwnd = grow_after_loss(TCP_CC_RENO, 10 * SIM_MS, 100, &ssthresh);
	cr_expect_eq(ssthresh, 50);
	cr_expect(cwnd >= 148 && cwnd <= 150, "cwnd %u", cwnd);
}

Test(tcp, hystart_leaves_slow_start_before_the_nic_queue_overflows)
{
	struct wire w;
	struct app cli = { 0 }, srv = { 0 };

	wire_init(&w, 1, 1000000000ull, 50 * SIM_US);
	tcp_host_init(w.h1, NULL);
	tcp_host_init(w.h2, NULL);
	cr_assert(tcp_listen(w.h2, 5001, &app_cb, &srv));
	cli.s = tcp_connect(w.h1, 0, IP4(10, 0, 0, 2), 5001, &app_cb, &cli);
	tcp_send(cli.s, 10000000);
	sim_run(w.sim, 2 * SIM_S);
	cr_expect_eq(srv.received, 10000000);
	cr_expect(cli.s->cubic.found, "HyStart ended slow start");
	cr_expect(cli.s->ssthresh >= 16 && cli.s->ssthresh < 200, "ssthresh %u", cli.s->ssthresh);
	cr_expect_eq(tcp_sock_stats(cli.s)->retrans_segs, 0);
	cr_expect_eq(netdev_drops_total(&w.n1->dev), 0);
	tcp_host_fini(w.h1);
	tcp_host_fini(w.h2);
	wire_fini(&w);
}
