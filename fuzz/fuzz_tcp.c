/*
 * fuzz_tcp.c - arbitrary TCP segments into a host with a listener and a
 * connecting socket, and the same bytes through tcp_parse().
 *
 * DOC: byte 0: the host's sysctls (bit 0 SACK off, bit 1 timestamps off,
 * bit 2 window scaling off, bit 3 NewReno, bit 4 DSACK off).  Then up to
 * 64 chunks [ctl][payload/64][hlen][hlen bytes of TCP header]:
 *   ctl bit 0   to the client socket (10.0.0.2:5001 -> our port 40000),
 *               else to the listener on port 80 (ports as in the bytes
 *               otherwise, the destination port forced to 80);
 *   ctl bit 1   sequence number taken relative to the socket's rcv_nxt,
 *   ctl bit 2   acknowledgment relative to its snd_una,
 *   ctl bits 3-7 simulated milliseconds x 8 before the segment arrives.
 * The checksum is made right, so segments get past it.  The host answers
 * through a NIC whose wire drops everything; its ARP entry for the peer
 * is made first, so segments really leave.  The apps write and close as a
 * real one would (a sender writes 200 kB when connected).  Promises: the
 * scoreboard counters agree with the queue after every segment
 * (tcp_counts_ok), and every frame is back in the pool at the end.
 */
#include <string.h>
#include "fuzz.h"
#include "host/host.h"
#include "tcp/tcp_priv.h"

#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))
#define PEER	IP4(10, 0, 0, 2)
#define SELF	IP4(10, 0, 0, 1)
#define MAX_SEGS 64

struct fz_tap {
	struct netdev dev;
};

static bool fz_xmit(struct netdev *dev, struct frame *f)
{
	frame_unref(f);
	return true;
}

static const struct netdev_ops fz_ops = { .xmit = fz_xmit };
static const uint8_t fz_mac[6] = { 0x02, 0, 0, 0, 0, 1 };
static const uint8_t fz_peer_mac[6] = { 0x02, 0, 0, 0, 0, 2 };

static void fz_connected(void *owner, struct tcp_sock *s)
{
	tcp_send(s, 200000);
}

static void fz_peer_closed(void *owner, struct tcp_sock *s)
{
	tcp_close(s);
}

static const struct tcp_callbacks fz_cb = {
	.connected = fz_connected, .peer_closed = fz_peer_closed,
};

static void fz_check(struct tcp_host *th)
{
	for (guint i = 0; i < th->all->len; i++) {
		const struct tcp_sock *s = g_ptr_array_index(th->all, i);

		if (!tcp_counts_ok(s))
			fuzz_fail("tcp", "scoreboard: packets_out %u sacked %u lost %u retrans %u",
				  s->packets_out, s->sacked_out, s->lost_out, s->retrans_out);
	}
}

static void fz_deliver(struct sim *sim, struct netdev *dev, const uint8_t *hdr, uint8_t hlen,
		       uint32_t payload)
{
	struct frame *f = frame_alloc(&sim->pool);
	uint8_t *p = frame_put(f, (uint16_t)(34 + hlen));
	uint8_t *ip = p + 14, *t = p + 34;
	uint32_t l4_len = hlen + payload;

	memset(p, 0, 34);
	memcpy(p, fz_mac, 6);
	memcpy(p + 6, fz_peer_mac, 6);
	wire_wr16(p + 12, WIRE_ETH_P_IP);
	ip[0] = 0x45;
	wire_wr16(ip + 2, (uint16_t)(20 + l4_len));
	ip[8] = 64;
	ip[9] = WIRE_IPPROTO_TCP;
	wire_wr32(ip + 12, PEER);
	wire_wr32(ip + 16, SELF);
	wire_wr16(ip + 10, wire_csum_fold(wire_csum_add(0, ip, 20)));
	memcpy(t, hdr, hlen);
	if (hlen >= 18) {
		wire_wr16(t + 16, 0);
		wire_wr16(t + 16, wire_csum_fold(wire_csum_add(
			wire_csum_pseudo(PEER, SELF, WIRE_IPPROTO_TCP, l4_len), t, hlen)));
	}
	f->len = 34 + l4_len;
	netdev_rx(dev, f);
}

/* The header as the chunk says, with the ports and numbers it asks for. */
static void fz_shape(struct tcp_host *th, uint8_t ctl, uint8_t *h, uint8_t hlen)
{
	struct tcp_sock *s;

	if (hlen < 12)
		return;
	if (ctl & 1) {
		wire_wr16(h, 5001);
		wire_wr16(h + 2, 40000);
	} else {
		wire_wr16(h + 2, 80);
	}
	s = tcp_lookup(th, PEER, wire_rd16(h), wire_rd16(h + 2));
	if (!s)
		return;
	if (ctl & 2)
		wire_wr32(h + 4, s->rcv_nxt + (wire_rd32(h + 4) & 0x3ffff) - 0x10000);
	if (ctl & 4)
		wire_wr32(h + 8, s->snd_una + (wire_rd32(h + 8) & 0x3ffff) - 0x8000);
}

static void fz_parse_raw(struct sim *sim, const uint8_t *data, size_t size)
{
	struct frame *f = frame_alloc(&sim->pool);
	size_t n = MIN(size, (size_t)FRAME_HDR_MAX);
	struct tcp_seg seg;

	memcpy(frame_put(f, (uint16_t)n), data, n);
	if (tcp_parse(f, 0, (uint32_t)size, &seg, NULL) && seg.n_sack > 4)
		fuzz_fail("tcp", "%u SACK blocks", seg.n_sack);
	frame_unref(f);
}

void fuzz_tcp(const uint8_t *data, size_t size)
{
	struct sim *sim;
	struct fz_tap tap;
	struct host *h;
	struct tcp_params p;
	struct wire_arp a = { .op = WIRE_ARP_OP_REPLY, .sip = PEER, .tip = SELF };
	size_t off = 1;

	if (size < 1)
		return;
	sim = sim_new(1);
	fz_parse_raw(sim, data + 1, size - 1);
	netdev_init(&tap.dev, sim, &fz_ops, "h1", "eth0", fz_mac);
	tap.dev.carrier = true;
	h = host_new(sim, "h1");
	host_add_if(h, &tap.dev, SELF, 24);
	tcp_params_default(&p);
	p.sack = !(data[0] & 1);
	p.timestamps = !(data[0] & 2);
	p.window_scaling = !(data[0] & 4);
	p.congestion_control = data[0] & 8 ? TCP_CC_RENO : TCP_CC_CUBIC;
	p.dsack = !(data[0] & 16);
	tcp_host_init(h, &p);
	tcp_listen(h, 80, &fz_cb, NULL);
	tcp_connect(h, 40000, PEER, 5001, &fz_cb, NULL);
	memcpy(a.sha, fz_peer_mac, 6);
	memcpy(a.tha, fz_mac, 6);
	netdev_rx(&tap.dev, wire_arp_frame_new(sim, fz_mac, fz_peer_mac, &a));
	for (int n = 0; n < MAX_SEGS && off + 3 <= size; n++) {
		uint8_t ctl = data[off], hdr[60];
		uint32_t payload = (uint32_t)data[off + 1] * 64;
		uint8_t hlen = (uint8_t)MIN((size_t)MIN(data[off + 2], 60), size - off - 3);

		memcpy(hdr, data + off + 3, hlen);
		off += 3 + hlen;
		sim_run(sim, sim->now + (sim_time_t)(ctl >> 3) * 8 * SIM_MS);
		fz_shape(h->tcp, ctl, hdr, hlen);
		fz_deliver(sim, &tap.dev, hdr, hlen, payload);
		fz_check(h->tcp);
	}
	sim_run(sim, sim->now + 3 * SIM_S);
	fz_check(h->tcp);
	tcp_host_fini(h);
	host_free(h);
	netdev_fini(&tap.dev);
	if (sim->pool.live)
		fuzz_fail("tcp", "%" G_GUINT64_FORMAT " frames not back in the pool", sim->pool.live);
	sim_free(sim);
}
