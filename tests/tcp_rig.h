/*
 * tcp_rig.h - one TCP host on a tap, and a scripted peer.
 *
 * DOC: The host (10.0.0.1) sits on a fake netdev that keeps every frame it
 * transmits; the test plays the peer (10.0.0.2) by building segments by
 * hand (real IPv4 and TCP headers, checksums included) and feeding them
 * with netdev_rx().  That pins down exact segments, options and timings.
 * Sequence numbers in the helpers are relative: data byte 0 of our side is
 * iss + 1, of the peer's side PEER_ISS + 1.
 */
#ifndef BONDSIM_TEST_TCP_RIG_H
#define BONDSIM_TEST_TCP_RIG_H

#include <criterion/criterion.h>
#include "two_hosts.h"
#include "tcp/tcp_priv.h"

#define PEER_IP		IP4(10, 0, 0, 2)
#define HOST_IP		IP4(10, 0, 0, 1)
#define PEER_ISS	1000000u
#define PEER_PORT	5001
#define MSS		1448u
#define RIG_RTT		(10 * SIM_MS)	/* the handshake's round trip */

struct rig_tap {
	struct netdev dev;		/* first: xmit casts back */
	GPtrArray *sent;
};

struct rig {
	struct sim *sim;
	struct rig_tap tap;
	struct host *h;
	struct tcp_sock *s;
	uint32_t peer_tsval;
};

static bool rig_xmit(struct netdev *dev, struct frame *f)
{
	frame_tx_done(f);	/* the tap is the wire: the frame has left the host */
	g_ptr_array_add(((struct rig_tap *)dev)->sent, f);
	return true;
}

static const struct netdev_ops rig_ops = { .xmit = rig_xmit };

static inline void rig_init(struct rig *r, const struct tcp_params *p)
{
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };

	memset(r, 0, sizeof(*r));
	r->sim = sim_new(1);
	netdev_init(&r->tap.dev, r->sim, &rig_ops, "h1", "eth0", mac);
	netdev_set_carrier(&r->tap.dev, true);
	r->tap.sent = g_ptr_array_new();
	r->h = host_new(r->sim, "h1");
	host_add_if(r->h, &r->tap.dev, HOST_IP, 24);
	tcp_host_init(r->h, p);
	r->peer_tsval = 5000;
}

static inline void rig_drop_all(struct rig *r)
{
	while (r->tap.sent->len)
		frame_unref(g_ptr_array_steal_index(r->tap.sent, 0));
}

static inline void rig_fini(struct rig *r)
{
	rig_drop_all(r);
	g_ptr_array_free(r->tap.sent, TRUE);
	tcp_host_fini(r->h);
	host_free(r->h);
	cr_assert_eq(r->sim->pool.live, 0, "%" G_GUINT64_FORMAT " frames leaked",
		     r->sim->pool.live);
	sim_free(r->sim);
}

/* The peer answers the host's ARP request. */
static inline void rig_arp_reply(struct rig *r)
{
	static const uint8_t peer_mac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
	struct wire_arp a = { .op = WIRE_ARP_OP_REPLY, .sip = PEER_IP, .tip = HOST_IP };

	memcpy(a.sha, peer_mac, 6);
	memcpy(a.tha, r->tap.dev.mac, 6);
	netdev_rx(&r->tap.dev, wire_arp_frame_new(r->sim, r->tap.dev.mac, peer_mac, &a));
}

/* TCP frames the host sent, ARP left out. */
static inline guint rig_count(struct rig *r)
{
	guint n = 0;

	for (guint i = 0; i < r->tap.sent->len; i++) {
		const struct frame *f = g_ptr_array_index(r->tap.sent, i);

		n += wire_rd16(f->data + 12) == WIRE_ETH_P_IP;
	}
	return n;
}

/* The oldest TCP segment the host sent, parsed; its meta in *@meta if asked. */
static inline void rig_pop(struct rig *r, struct tcp_seg *seg)
{
	for (;;) {
		struct frame *f;
		const char *why = NULL;
		uint32_t l4_len;

		cr_assert(r->tap.sent->len > 0, "no segment was sent");
		f = g_ptr_array_steal_index(r->tap.sent, 0);
		if (wire_rd16(f->data + 12) != WIRE_ETH_P_IP) {
			frame_unref(f);
			continue;
		}
		l4_len = wire_rd16(f->data + 14 + 2) - WIRE_IPV4_HLEN;
		cr_assert(tcp_parse(f, 34, l4_len, seg, &why), "unparsable: %s", why);
		frame_unref(f);
		return;
	}
}

static inline uint8_t rig_opts(const struct tcp_seg *seg, uint8_t *o)
{
	uint8_t n = 0;

	if (seg->mss) {
		o[n++] = 2;
		o[n++] = 4;
		wire_wr16(o + n, seg->mss);
		n += 2;
	}
	if (seg->sack_ok) {
		o[n++] = 1;
		o[n++] = 1;
		o[n++] = 4;
		o[n++] = 2;
	}
	if (seg->wscale >= 0) {
		o[n++] = 1;
		o[n++] = 3;
		o[n++] = 3;
		o[n++] = (uint8_t)seg->wscale;
	}
	if (seg->has_ts) {
		o[n++] = 1;
		o[n++] = 1;
		o[n++] = 8;
		o[n++] = 10;
		wire_wr32(o + n, seg->tsval);
		wire_wr32(o + n + 4, seg->tsecr);
		n += 8;
	}
	if (seg->n_sack) {
		uint8_t *len;

		o[n++] = 1;
		o[n++] = 1;
		o[n++] = 5;
		len = &o[n++];
		*len = 2;
		/* As many blocks as the 40 bytes of options still hold. */
		for (uint8_t i = 0; i < seg->n_sack && i < G_N_ELEMENTS(seg->sack) &&
				    n + 8 <= 40; i++) {
			wire_wr32(o + n, seg->sack[i][0]);
			wire_wr32(o + n + 4, seg->sack[i][1]);
			n += 8;
			*len += 8;
		}
	}
	return n;
}

/* Hand @seg (absolute numbers) to the host as the peer sent it. */
static inline void rig_inject(struct rig *r, const struct tcp_seg *seg)
{
	static const uint8_t peer_mac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
	struct frame *f = frame_alloc(&r->sim->pool);
	uint8_t opt[40];
	uint8_t olen = rig_opts(seg, opt);
	uint16_t hlen = (uint16_t)(WIRE_TCP_HLEN + olen);
	uint8_t *p = frame_put(f, 34 + hlen);
	uint32_t l4_len = hlen + seg->payload;
	uint8_t *ip = p + 14, *t = p + 34;

	cr_assert(olen <= 40 && olen % 4 == 0);
	memset(p, 0, 34 + hlen);
	memcpy(p, r->tap.dev.mac, 6);
	memcpy(p + 6, peer_mac, 6);
	wire_wr16(p + 12, WIRE_ETH_P_IP);
	ip[0] = 0x45;
	wire_wr16(ip + 2, (uint16_t)(20 + l4_len));
	ip[8] = 64;
	ip[9] = WIRE_IPPROTO_TCP;
	wire_wr32(ip + 12, PEER_IP);
	wire_wr32(ip + 16, HOST_IP);
	wire_wr16(ip + 10, wire_csum_fold(wire_csum_add(0, ip, 20)));
	wire_wr16(t, seg->sport);
	wire_wr16(t + 2, seg->dport);
	wire_wr32(t + 4, seg->seq);
	wire_wr32(t + 8, seg->ack);
	t[12] = (uint8_t)(hlen / 4 << 4);
	t[13] = seg->flags;
	wire_wr16(t + 14, seg->window);
	memcpy(t + 20, opt, olen);
	wire_wr16(t + 16, wire_csum_fold(wire_csum_add(
		wire_csum_pseudo(PEER_IP, HOST_IP, WIRE_IPPROTO_TCP, l4_len), t, hlen)));
	f->len = 34 + l4_len;
	netdev_rx(&r->tap.dev, f);
}

/* A segment of the peer on an established connection: ACK, TS, window. */
static inline struct tcp_seg rig_seg(struct rig *r, uint32_t rel_seq, uint32_t rel_ack,
				     uint32_t payload)
{
	struct tcp_seg seg = {
		.sport = PEER_PORT,
		.dport = tcp_sock_sport(r->s),
		.seq = PEER_ISS + 1 + rel_seq,
		.ack = r->s->iss + 1 + rel_ack,
		.flags = TCP_ACK,
		.window = 65535,
		.payload = payload,
		.wscale = -1,
		.has_ts = true,
		.tsval = r->peer_tsval++,
	};

	return seg;
}

/* ACK @rel_ack with SACK blocks given in segments: {first, end} pairs. */
static inline void rig_sack(struct rig *r, uint32_t rel_ack, int n, const uint32_t blk[][2])
{
	struct tcp_seg seg = rig_seg(r, 0, rel_ack, 0);

	seg.n_sack = (uint8_t)n;
	for (int i = 0; i < n; i++) {
		seg.sack[i][0] = r->s->iss + 1 + blk[i][0] * MSS;
		seg.sack[i][1] = r->s->iss + 1 + blk[i][1] * MSS;
	}
	rig_inject(r, &seg);
}

/*
 * Active open to the peer: the SYN goes out (after ARP), the peer's
 * SYN-ACK (MSS 1460, wscale 7, SACK_PERM, TS) comes back RIG_RTT later.
 */
static inline struct tcp_sock *rig_connect(struct rig *r, const struct tcp_callbacks *cb,
					   void *owner)
{
	struct tcp_seg syn, synack = {
		.sport = PEER_PORT, .seq = PEER_ISS, .flags = TCP_SYN | TCP_ACK,
		.window = 65535, .mss = 1460, .wscale = 7, .sack_ok = true,
		.has_ts = true, .tsval = r->peer_tsval++,
	};

	r->s = tcp_connect(r->h, 0, PEER_IP, PEER_PORT, cb, owner);
	cr_assert(r->s);
	rig_arp_reply(r);
	rig_pop(r, &syn);
	synack.dport = syn.sport;
	synack.ack = syn.seq + 1;
	synack.tsecr = syn.tsval;
	sim_run(r->sim, r->sim->now + RIG_RTT);
	rig_inject(r, &synack);
	return r->s;
}

/* Send @n full segments and take them off the tap; returns the last. */
static inline void send_segs(struct rig *r, uint32_t n)
{
	struct tcp_seg seg;

	tcp_send(r->s, (uint64_t)n * MSS);
	for (uint32_t k = 0; k < n; k++) {
		rig_pop(r, &seg);
		cr_assert_eq(seg.payload, MSS);
		cr_assert_eq(seg.seq, r->s->iss + 1 + k * MSS);
	}
	cr_assert_eq(rig_count(r), 0);
}

/* Linux's tcp_recovery = 0: loss detection by dupthresh only, no TLP. */
static inline const struct tcp_params *no_rack(void)
{
	static struct tcp_params p;

	tcp_params_default(&p);
	p.recovery = 0;
	return &p;
}

static inline struct tcp_sock *connected(struct rig *r, const struct tcp_params *p)
{
	struct tcp_seg ack;

	rig_init(r, p);
	rig_connect(r, NULL, NULL);
	rig_pop(r, &ack);
	return r->s;
}

#endif
