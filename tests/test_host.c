/*
 * test_host.c - the host stack: ARP states and frames, IPv4/ICMP/UDP headers.
 *
 * DOC: Two kinds of world.  A "tap" world puts the host on a fake netdev
 * that keeps every frame the host transmits, and feeds it hand-made frames:
 * that pins down exact bytes and exact ARP timer behaviour.  A "wire" world
 * is two hosts with one NIC each and one link, run with sim_run(), for the
 * end-to-end counts and timings.  Every test ends with the frame pool empty.
 */
#include <criterion/criterion.h>
#include "two_hosts.h"
#include "host/host.h"
#include "link/nic.h"
#include "link/link.h"


#define mac_a wire_mac_1
#define mac_b wire_mac_2
static const uint8_t mac_c[6] = { 0x02, 0, 0, 0, 0, 0x03 };
static const uint8_t mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t mac_zero[6];

/* ------------------------------------------------------------- tap world */

struct tap {
	struct netdev dev;		/* first: the netdev's xmit casts back */
	GPtrArray *sent;		/* struct frame *, oldest first */
};

static bool tap_xmit(struct netdev *dev, struct frame *f)
{
	g_ptr_array_add(((struct tap *)dev)->sent, f);
	return true;
}

static const struct netdev_ops tap_ops = { .xmit = tap_xmit };

struct tapworld {
	struct sim *sim;
	struct tap tap;
	struct host *h;
	struct host_if *ifc;
};

static void tap_init(struct tapworld *w)
{
	w->sim = sim_new(1);
	netdev_init(&w->tap.dev, w->sim, &tap_ops, "h1", "eth0", mac_a);
	netdev_set_carrier(&w->tap.dev, true);
	w->tap.sent = g_ptr_array_new();
	w->h = host_new(w->sim, "h1");
	w->ifc = host_add_if(w->h, &w->tap.dev, IP4(10, 0, 0, 1), 24);
}

static guint tap_count(struct tapworld *w)
{
	return w->tap.sent->len;
}

/* The oldest frame the host sent; the caller unrefs it. */
static struct frame *tap_pop(struct tapworld *w)
{
	cr_assert(w->tap.sent->len > 0, "no frame was sent");
	return g_ptr_array_steal_index(w->tap.sent, 0);
}

static void tap_drop_all(struct tapworld *w)
{
	while (w->tap.sent->len)
		frame_unref(tap_pop(w));
}

static void tap_fini(struct tapworld *w)
{
	tap_drop_all(w);
	g_ptr_array_free(w->tap.sent, TRUE);
	host_free(w->h);
	cr_assert_eq(w->sim->pool.live, 0, "%" G_GUINT64_FORMAT " frames leaked",
		     w->sim->pool.live);
	sim_free(w->sim);
}

/* Hand-made ARP from a peer, received on the tap. */
static void tap_rx_arp(struct tapworld *w, const uint8_t eth_dst[6], uint16_t op,
		       const uint8_t sha[6], uint32_t sip, const uint8_t tha[6], uint32_t tip)
{
	struct wire_arp a = { .op = op, .sip = sip, .tip = tip };

	memcpy(a.sha, sha, 6);
	memcpy(a.tha, tha, 6);
	netdev_rx(&w->tap.dev, wire_arp_frame_new(w->sim, eth_dst, sha, &a));
}

static void expect_arp(struct frame *f, const uint8_t eth_dst[6], uint16_t op,
		       const uint8_t sha[6], uint32_t sip, const uint8_t tha[6], uint32_t tip)
{
	struct wire_arp a;

	cr_assert_eq(f->len, 42);
	cr_assert(arp_parse(f, &a));
	cr_assert(mac_equal(f->data, eth_dst));
	cr_assert(mac_equal(f->data + 6, sha));
	cr_assert_eq(a.op, op);
	cr_assert(mac_equal(a.sha, sha));
	cr_assert_eq(a.sip, sip);
	cr_assert(mac_equal(a.tha, tha));
	cr_assert_eq(a.tip, tip);
	frame_unref(f);
}


struct sink {
	uint64_t n;
	sim_time_t first_at;
	uint32_t payload;
};

static void sink_rx(void *owner, const struct udp_rx_info *info, const struct frame *f)
{
	struct sink *s = owner;
	struct sim *sim = info->ifc->host->sim;

	(void)f;
	if (s->n++ == 0)
		s->first_at = sim->now;
	s->payload = info->payload;
}

static uint16_t csum_over(const uint8_t *p, size_t n)
{
	return wire_csum_fold(wire_csum_add(0, p, n));
}

/* ================================================================ tests */

Test(host, addresses)
{
	struct tapworld w;
	uint32_t ip;
	char buf[16];

	tap_init(&w);
	cr_assert_eq(host_primary_ip(w.h), IP4(10, 0, 0, 1));
	cr_assert_eq(host_find_if(w.h, "eth0"), w.ifc);
	cr_assert_null(host_find_if(w.h, "eth1"));
	cr_assert_eq(w.ifc->mask, 0xffffff00u);
	cr_assert_eq(w.tap.dev.upper.owner, w.ifc);
	cr_assert(wire_ipv4_parse("192.168.1.254", &ip));
	cr_assert_eq(ip, IP4(192, 168, 1, 254));
	cr_assert_str_eq(wire_ipv4_format(ip, buf), "192.168.1.254");
	cr_assert_not(wire_ipv4_parse("1.2.3", &ip));
	cr_assert_not(wire_ipv4_parse("1.2.3.256", &ip));
	cr_assert_not(wire_ipv4_parse("1.2.3.4x", &ip));
	cr_assert_eq(ip_route(w.h, IP4(10, 0, 0, 77)), w.ifc);
	cr_assert_null(ip_route(w.h, IP4(10, 0, 1, 77)));
	sim_log_printf(host_log(w.h), 0, "bond0: link status up");
	cr_assert_eq(host_log(w.h)->lines->len, 1);
	tap_fini(&w);
}

Test(host, arp_request_frame_and_resolution)
{
	struct tapworld w;
	struct frame *f;
	const struct arp_entry *e;
	const uint8_t *iph, *udp;
	uint32_t sum;

	tap_init(&w);
	udp_send(w.h, 4000, IP4(10, 0, 0, 2), 5000, 100, NULL);
	/* Only the request went out; the datagram waits for the address. */
	cr_assert_eq(tap_count(&w), 1);
	expect_arp(tap_pop(&w), mac_bcast, WIRE_ARP_OP_REQUEST, mac_a, IP4(10, 0, 0, 1), mac_zero,
		   IP4(10, 0, 0, 2));
	e = arp_cache_find(w.h, IP4(10, 0, 0, 2));
	cr_assert_not_null(e);
	cr_assert_eq(e->state, ARP_S_INCOMPLETE);

	tap_rx_arp(&w, mac_a, WIRE_ARP_OP_REPLY, mac_b, IP4(10, 0, 0, 2), mac_a, IP4(10, 0, 0, 1));
	cr_assert_eq(e->state, ARP_S_REACHABLE);
	cr_assert(mac_equal(e->mac, mac_b));
	cr_assert_eq(tap_count(&w), 1);

	/* The queued datagram, byte by byte. */
	f = tap_pop(&w);
	cr_assert_eq(f->len, 14 + 20 + 8 + 100);
	cr_assert_eq(f->hdr_len, 14 + 20 + 8);
	cr_assert(mac_equal(f->data, mac_b));
	cr_assert(mac_equal(f->data + 6, mac_a));
	cr_assert_eq(wire_rd16(f->data + 12), 0x0800);
	iph = f->data + 14;
	cr_assert_eq(iph[0], 0x45);
	cr_assert_eq(iph[1], 0);
	cr_assert_eq(wire_rd16(iph + 2), 128);
	cr_assert_eq(wire_rd16(iph + 4), 0, "first IP ID of the host");
	cr_assert_eq(wire_rd16(iph + 6), 0x4000, "DF, no fragment offset");
	cr_assert_eq(iph[8], 64);
	cr_assert_eq(iph[9], 17);
	cr_assert_eq(wire_rd32(iph + 12), IP4(10, 0, 0, 1));
	cr_assert_eq(wire_rd32(iph + 16), IP4(10, 0, 0, 2));
	cr_assert_eq(csum_over(iph, 20), 0, "IPv4 header checksum");
	udp = iph + 20;
	cr_assert_eq(wire_rd16(udp), 4000);
	cr_assert_eq(wire_rd16(udp + 2), 5000);
	cr_assert_eq(wire_rd16(udp + 4), 108);
	cr_assert_neq(wire_rd16(udp + 6), 0, "a UDP checksum is computed");
	sum = wire_csum_pseudo(IP4(10, 0, 0, 1), IP4(10, 0, 0, 2), 17, 108);
	cr_assert_eq(wire_csum_fold(wire_csum_add(sum, udp, 8)), 0,
		     "UDP checksum over pseudo-header, header and zero payload");
	frame_unref(f);

	/* Resolved: the next datagram goes at once, with the next IP ID. */
	udp_send(w.h, 4000, IP4(10, 0, 0, 2), 5000, 100, NULL);
	cr_assert_eq(tap_count(&w), 1);
	f = tap_pop(&w);
	cr_assert_eq(wire_rd16(f->data + 14 + 4), 1);
	frame_unref(f);
	cr_assert_eq(w.h->arp_stats.requests_sent, 1);
	cr_assert_eq(w.h->arp_stats.replies_received, 1);
	cr_assert_eq(w.h->ip_stats.tx_packets, 2);
	tap_fini(&w);
}

Test(host, arp_answers_requests_and_learns_sender)
{
	struct tapworld w;
	const struct arp_entry *e;

	tap_init(&w);
	/* A request for someone else from an unknown sender: no reply, nothing learnt. */
	tap_rx_arp(&w, mac_bcast, WIRE_ARP_OP_REQUEST, mac_c, IP4(10, 0, 0, 3), mac_zero,
		   IP4(10, 0, 0, 9));
	cr_assert_eq(tap_count(&w), 0);
	cr_assert_null(arp_cache_find(w.h, IP4(10, 0, 0, 3)));

	/* A request for us: a unicast reply, and the sender learnt as STALE. */
	tap_rx_arp(&w, mac_bcast, WIRE_ARP_OP_REQUEST, mac_b, IP4(10, 0, 0, 2), mac_zero,
		   IP4(10, 0, 0, 1));
	cr_assert_eq(tap_count(&w), 1);
	expect_arp(tap_pop(&w), mac_b, WIRE_ARP_OP_REPLY, mac_a, IP4(10, 0, 0, 1), mac_b,
		   IP4(10, 0, 0, 2));
	e = arp_cache_find(w.h, IP4(10, 0, 0, 2));
	cr_assert_not_null(e);
	cr_assert_eq(e->state, ARP_S_STALE);
	cr_assert(mac_equal(e->mac, mac_b));
	cr_assert_eq(w.h->arp_stats.requests_received, 2);
	cr_assert_eq(w.h->arp_stats.replies_sent, 1);

	/* Sending to a STALE entry: at once, to the cached MAC, and DELAY starts. */
	udp_send(w.h, 1, IP4(10, 0, 0, 2), 2, 10, NULL);
	cr_assert_eq(tap_count(&w), 1);
	cr_assert(mac_equal(((struct frame *)g_ptr_array_index(w.tap.sent, 0))->data, mac_b));
	cr_assert_eq(e->state, ARP_S_DELAY);
	cr_assert_eq(w.h->arp_stats.requests_sent, 0);
	tap_fini(&w);
}

Test(host, arp_unresolved_queue_limit_and_failure)
{
	struct tapworld w;
	const struct arp_entry *e;
	struct arp_stats *st;

	tap_init(&w);
	st = &w.h->arp_stats;
	for (int i = 0; i < 103; i++)
		udp_send(w.h, 1, IP4(10, 0, 0, 99), 2, 10, NULL);
	e = arp_cache_find(w.h, IP4(10, 0, 0, 99));
	cr_assert_eq(e->queue.length, 101, "unres_qlen");
	cr_assert_eq(st->unresolved_drops, 2, "the two oldest made room");
	cr_assert_eq(st->requests_sent, 1);

	sim_run(w.sim, 2 * SIM_S + 999999999);
	cr_assert_eq(st->requests_sent, 3, "requests at 0, 1 and 2 s");
	cr_assert_eq(e->state, ARP_S_INCOMPLETE);
	cr_assert_eq(st->failed, 0);

	sim_run(w.sim, 3 * SIM_S);
	cr_assert_eq(e->state, ARP_S_FAILED);
	cr_assert_eq(st->failed, 1);
	cr_assert_eq(st->failed_drops, 101);
	cr_assert_eq(e->queue.length, 0);
	cr_assert_eq(tap_count(&w), 3);
	for (int i = 0; i < 3; i++)
		expect_arp(tap_pop(&w), mac_bcast, WIRE_ARP_OP_REQUEST, mac_a, IP4(10, 0, 0, 1),
			   mac_zero, IP4(10, 0, 0, 99));

	/* FAILED is not final: the next packet starts a new resolution. */
	udp_send(w.h, 1, IP4(10, 0, 0, 99), 2, 10, NULL);
	cr_assert_eq(e->state, ARP_S_INCOMPLETE);
	cr_assert_eq(st->requests_sent, 4);
	tap_fini(&w);
}

Test(host, arp_aging_stale_delay_probe_failed)
{
	struct tapworld w;
	const struct arp_entry *e;
	struct arp_stats *st;
	struct frame *f;

	tap_init(&w);
	st = &w.h->arp_stats;
	udp_send(w.h, 1, IP4(10, 0, 0, 2), 2, 10, NULL);
	tap_rx_arp(&w, mac_a, WIRE_ARP_OP_REPLY, mac_b, IP4(10, 0, 0, 2), mac_a, IP4(10, 0, 0, 1));
	tap_drop_all(&w);
	e = arp_cache_find(w.h, IP4(10, 0, 0, 2));
	cr_assert_eq(e->state, ARP_S_REACHABLE);

	sim_run(w.sim, 30 * SIM_S - 1);
	cr_assert_eq(e->state, ARP_S_REACHABLE);
	sim_run(w.sim, 30 * SIM_S);
	cr_assert_eq(e->state, ARP_S_STALE, "not used in the last 5 s: STALE, not DELAY");

	sim_run(w.sim, 40 * SIM_S);
	udp_send(w.h, 1, IP4(10, 0, 0, 2), 2, 10, NULL);
	cr_assert_eq(tap_count(&w), 1, "a stale entry still sends");
	f = tap_pop(&w);
	cr_assert(mac_equal(f->data, mac_b));
	frame_unref(f);
	cr_assert_eq(e->state, ARP_S_DELAY);

	sim_run(w.sim, 45 * SIM_S - 1);
	cr_assert_eq(tap_count(&w), 0);
	sim_run(w.sim, 45 * SIM_S);
	cr_assert_eq(e->state, ARP_S_PROBE);
	cr_assert_eq(st->requests_sent, 2);
	/* Probes are unicast to the cached MAC; the target MAC stays zero. */
	expect_arp(tap_pop(&w), mac_b, WIRE_ARP_OP_REQUEST, mac_a, IP4(10, 0, 0, 1), mac_zero,
		   IP4(10, 0, 0, 2));

	sim_run(w.sim, 47 * SIM_S);
	cr_assert_eq(st->requests_sent, 4, "ucast_probes = 3: at 45, 46, 47 s");
	cr_assert_eq(e->state, ARP_S_PROBE);
	sim_run(w.sim, 48 * SIM_S);
	cr_assert_eq(e->state, ARP_S_FAILED);
	cr_assert_eq(st->failed, 1);
	cr_assert_eq(st->failed_drops, 0, "nothing was waiting");
	tap_fini(&w);
}

Test(host, arp_probe_answered_becomes_reachable)
{
	struct tapworld w;
	const struct arp_entry *e;

	tap_init(&w);
	udp_send(w.h, 1, IP4(10, 0, 0, 2), 2, 10, NULL);
	tap_rx_arp(&w, mac_a, WIRE_ARP_OP_REPLY, mac_b, IP4(10, 0, 0, 2), mac_a, IP4(10, 0, 0, 1));
	e = arp_cache_find(w.h, IP4(10, 0, 0, 2));
	/* Used at 29 s: at 30 s the entry goes to DELAY, at 35 s to PROBE. */
	sim_run(w.sim, 29 * SIM_S);
	udp_send(w.h, 1, IP4(10, 0, 0, 2), 2, 10, NULL);
	sim_run(w.sim, 30 * SIM_S);
	cr_assert_eq(e->state, ARP_S_DELAY);
	sim_run(w.sim, 35 * SIM_S);
	cr_assert_eq(e->state, ARP_S_PROBE);
	tap_rx_arp(&w, mac_a, WIRE_ARP_OP_REPLY, mac_b, IP4(10, 0, 0, 2), mac_a, IP4(10, 0, 0, 1));
	cr_assert_eq(e->state, ARP_S_REACHABLE);
	cr_assert_eq(e->confirmed, 35 * SIM_S);
	sim_run(w.sim, 40 * SIM_S);
	cr_assert_eq(w.h->arp_stats.requests_sent, 2);

	/* arp_confirm() during DELAY brings it back to REACHABLE without probing. */
	sim_run(w.sim, 64 * SIM_S);
	udp_send(w.h, 1, IP4(10, 0, 0, 2), 2, 10, NULL);
	sim_run(w.sim, 65 * SIM_S);
	cr_assert_eq(e->state, ARP_S_DELAY);
	arp_confirm(w.h, IP4(10, 0, 0, 2));
	sim_run(w.sim, 70 * SIM_S);
	cr_assert_eq(e->state, ARP_S_REACHABLE);
	cr_assert_eq(w.h->arp_stats.requests_sent, 2);
	tap_fini(&w);
}

Test(host, arp_gratuitous_send_and_receive)
{
	struct tapworld w;
	const struct arp_entry *e;
	struct arp_stats *st;

	tap_init(&w);
	st = &w.h->arp_stats;
	arp_send_gratuitous(w.ifc);
	expect_arp(tap_pop(&w), mac_bcast, WIRE_ARP_OP_REQUEST, mac_a, IP4(10, 0, 0, 1), mac_zero,
		   IP4(10, 0, 0, 1));
	cr_assert_eq(st->gratuitous_sent, 1);
	cr_assert_eq(st->requests_sent, 0);

	/* A GARP for an address we do not know creates nothing (arp_accept = 0). */
	tap_rx_arp(&w, mac_bcast, WIRE_ARP_OP_REQUEST, mac_c, IP4(10, 0, 0, 3), mac_zero,
		   IP4(10, 0, 0, 3));
	cr_assert_null(arp_cache_find(w.h, IP4(10, 0, 0, 3)));
	cr_assert_eq(st->gratuitous_received, 1);
	cr_assert_eq(st->requests_received, 0);

	/* A known peer moves to another MAC (bond failover): the GARP overrides at once. */
	udp_send(w.h, 1, IP4(10, 0, 0, 2), 2, 10, NULL);
	tap_rx_arp(&w, mac_a, WIRE_ARP_OP_REPLY, mac_b, IP4(10, 0, 0, 2), mac_a, IP4(10, 0, 0, 1));
	e = arp_cache_find(w.h, IP4(10, 0, 0, 2));
	cr_assert_eq(e->state, ARP_S_REACHABLE);
	tap_rx_arp(&w, mac_bcast, WIRE_ARP_OP_REQUEST, mac_c, IP4(10, 0, 0, 2), mac_zero,
		   IP4(10, 0, 0, 2));
	cr_assert(mac_equal(e->mac, mac_c));
	cr_assert_eq(e->state, ARP_S_STALE);
	cr_assert_eq(st->gratuitous_received, 2);
	cr_assert_eq(tap_count(&w), 2, "the request and the datagram; no reply to a GARP");

	/* Our own GARP coming back (a looping bond) teaches nothing. */
	tap_rx_arp(&w, mac_bcast, WIRE_ARP_OP_REQUEST, mac_c, IP4(10, 0, 0, 1), mac_zero,
		   IP4(10, 0, 0, 1));
	cr_assert_null(arp_cache_find(w.h, IP4(10, 0, 0, 1)));
	tap_fini(&w);
}

Test(host, arp_locktime_keeps_first_reply)
{
	struct tapworld w;
	const struct arp_entry *e;

	tap_init(&w);
	udp_send(w.h, 1, IP4(10, 0, 0, 2), 2, 10, NULL);
	tap_rx_arp(&w, mac_a, WIRE_ARP_OP_REPLY, mac_b, IP4(10, 0, 0, 2), mac_a, IP4(10, 0, 0, 1));
	e = arp_cache_find(w.h, IP4(10, 0, 0, 2));
	/* A second, different reply within locktime (1 s) is ignored. */
	sim_run(w.sim, 500 * SIM_MS);
	tap_rx_arp(&w, mac_a, WIRE_ARP_OP_REPLY, mac_c, IP4(10, 0, 0, 2), mac_a, IP4(10, 0, 0, 1));
	cr_assert(mac_equal(e->mac, mac_b));
	/* After it, a unicast reply replaces the address and confirms it. */
	sim_run(w.sim, 1500 * SIM_MS);
	tap_rx_arp(&w, mac_a, WIRE_ARP_OP_REPLY, mac_c, IP4(10, 0, 0, 2), mac_a, IP4(10, 0, 0, 1));
	cr_assert(mac_equal(e->mac, mac_c));
	cr_assert_eq(e->state, ARP_S_REACHABLE);
	/* A broadcast request from the peer with the same MAC does not demote it. */
	tap_rx_arp(&w, mac_bcast, WIRE_ARP_OP_REQUEST, mac_c, IP4(10, 0, 0, 2), mac_zero,
		   IP4(10, 0, 0, 7));
	cr_assert_eq(e->state, ARP_S_REACHABLE);
	tap_fini(&w);
}

Test(host, arp_cache_dump_sorted)
{
	struct tapworld w;
	GString *out = g_string_new(NULL);

	tap_init(&w);
	udp_send(w.h, 1, IP4(10, 0, 0, 20), 2, 10, NULL);
	udp_send(w.h, 1, IP4(10, 0, 0, 3), 2, 10, NULL);
	tap_rx_arp(&w, mac_a, WIRE_ARP_OP_REPLY, mac_c, IP4(10, 0, 0, 3), mac_a, IP4(10, 0, 0, 1));
	tap_rx_arp(&w, mac_bcast, WIRE_ARP_OP_REQUEST, mac_b, IP4(10, 0, 0, 2), mac_zero,
		   IP4(10, 0, 0, 1));
	arp_cache_dump(w.h, out);
	cr_assert_str_eq(out->str, "10.0.0.2 dev eth0 lladdr 02:00:00:00:00:02 STALE\n"
				   "10.0.0.3 dev eth0 lladdr 02:00:00:00:00:03 REACHABLE\n"
				   "10.0.0.20 dev eth0 INCOMPLETE\n");
	g_string_free(out, TRUE);
	tap_fini(&w);
}

Test(host, ip_drops_counted)
{
	struct tapworld w;
	struct frame *f;
	uint8_t other[6] = { 0x02, 0, 0, 0, 0, 0x42 };

	tap_init(&w);
	udp_send(w.h, 1, IP4(192, 168, 1, 1), 2, 10, NULL);
	cr_assert_eq(w.h->ip_stats.no_route, 1);
	cr_assert_eq(tap_count(&w), 0);

	/* A frame to another MAC never reaches ARP or IP (PACKET_OTHERHOST). */
	f = frame_alloc(&w.sim->pool);
	memcpy(frame_put(f, 14), other, 6);
	memcpy(f->data + 6, mac_b, 6);
	wire_wr16(f->data + 12, 0x0806);
	f->len = 60;
	netdev_rx(&w.tap.dev, f);
	cr_assert_eq(w.h->ip_stats.rx_other_host, 1);

	/* An unknown ethertype (LACPDU) is dropped and counted. */
	f = frame_alloc(&w.sim->pool);
	memcpy(frame_put(f, 14), mac_a, 6);
	memcpy(f->data + 6, mac_b, 6);
	wire_wr16(f->data + 12, 0x8809);
	f->len = 124;
	netdev_rx(&w.tap.dev, f);
	cr_assert_eq(w.h->ip_stats.rx_unknown_ethertype, 1);
	cr_assert_eq(w.tap.dev.stats.rx_dropped, 1);

	/* __netif_receive_skb_core(): no handler is rx_dropped whoever the
	 * frame is for, and under a VLAN tag (the inner type is what counts);
	 * a tagged IPv4 frame with no VLAN device for its VID has a handler,
	 * which drops it as PACKET_OTHERHOST, uncounted there (unknown_vlan). */
	{
		static const uint16_t types[][2] = {
			{ 0x88cc, 0 },		/* LLDP to another MAC */
			{ 0x8100, 0x88b5 },	/* tagged, VID 100, local experimental */
			{ 0x8100, 0x0800 },	/* tagged IPv4 */
		};

		for (guint k = 0; k < G_N_ELEMENTS(types); k++) {
			f = frame_alloc(&w.sim->pool);
			memcpy(frame_put(f, 64), k ? mac_a : other, 6);
			memcpy(f->data + 6, mac_b, 6);
			memset(f->data + 12, 0, 52);
			wire_wr16(f->data + 12, types[k][0]);
			if (types[k][1]) {
				wire_wr16(f->data + 14, 100);
				wire_wr16(f->data + 16, types[k][1]);
			}
			f->len = 64;
			netdev_rx(&w.tap.dev, f);
		}
	}
	cr_assert_eq(w.tap.dev.stats.rx_dropped, 3);
	cr_assert_eq(w.h->ip_stats.rx_unknown_ethertype, 3);
	cr_assert_eq(w.tap.dev.drops[DROP_UNKNOWN_VLAN], 1);

	/* eth_type_trans() matches the receiving NIC's own MAC, whatever the
	 * address the host uses: an ALB slave keeping its own MAC is PACKET_HOST. */
	netdev_store_mac(&w.tap.dev, other);
	tap_rx_arp(&w, other, WIRE_ARP_OP_REQUEST, mac_b, IP4(10, 0, 0, 2), mac_zero,
		   IP4(10, 0, 0, 1));
	cr_assert_eq(w.h->ip_stats.rx_other_host, 1);
	cr_assert_eq(w.h->arp_stats.requests_received, 1);
	cr_assert_eq(w.h->arp_stats.replies_sent, 1);
	tap_fini(&w);
}

Test(host, ip_rejects_bad_checksum_and_foreign_destination)
{
	struct wire w;
	struct sink s = { 0 };
	struct frame *f;

	/* Build real datagrams on h1 and deliver them to h2's stack by hand. */
	wire_init(&w, 1, 1000000000, 10 * SIM_US);
	cr_assert(udp_bind(w.h2, 9, sink_rx, &s));
	cr_assert_not(udp_bind(w.h2, 9, sink_rx, &s), "EADDRINUSE");
	udp_send(w.h1, 1, IP4(10, 0, 0, 2), 9, 10, NULL);
	sim_run(w.sim, SIM_MS);
	cr_assert_eq(s.n, 1);
	cr_assert_eq(s.payload, 10);

	f = ip_frame_alloc(w.h1);
	memcpy(f->data, mac_b, 6);
	memcpy(f->data + 6, mac_a, 6);
	f->len = 60;
	f->data[14] = 0x45;
	wire_wr16(f->data + 16, 46);
	f->data[22] = 64;
	f->data[23] = 17;
	wire_wr32(f->data + 26, IP4(10, 0, 0, 1));
	wire_wr32(f->data + 30, IP4(10, 0, 0, 2));
	wire_wr16(f->data + 24, 0x1234);	/* wrong header checksum */
	netdev_rx(&w.n2->dev, f);
	cr_assert_eq(w.h2->ip_stats.bad_header, 1);

	f = ip_frame_alloc(w.h1);
	memcpy(f->data, mac_b, 6);
	f->len = 60;
	f->data[14] = 0x45;
	wire_wr16(f->data + 16, 46);
	f->data[22] = 64;
	f->data[23] = 17;
	wire_wr32(f->data + 26, IP4(10, 0, 0, 1));
	wire_wr32(f->data + 30, IP4(10, 0, 0, 3));	/* not h2 */
	wire_wr16(f->data + 24, csum_over(f->data + 14, 20));
	netdev_rx(&w.n2->dev, f);
	cr_assert_eq(w.h2->ip_stats.not_for_us, 1);

	udp_send(w.h1, 1, IP4(10, 0, 0, 2), 10, 10, NULL);
	sim_run(w.sim, 2 * SIM_MS);
	cr_assert_eq(w.h2->ip_stats.udp_no_port, 1);
	cr_assert_eq(w.h2->ip_stats.udp_bad_checksum, 0);
	udp_unbind(w.h2, 9);
	wire_fini(&w);
}

Test(host, udp_ports_each_reach_their_own_receiver)
{
	static const uint16_t ports[] = { 9, 7, 65535, 1, 8, 5001, 0 };
	struct sink s[G_N_ELEMENTS(ports)] = { 0 };
	struct wire w;

	/* Bound out of order: each datagram still finds its port's receiver. */
	wire_init(&w, 1, 1000000000, 10 * SIM_US);
	for (guint i = 0; i < G_N_ELEMENTS(ports); i++)
		cr_assert(udp_bind(w.h2, ports[i], sink_rx, &s[i]), "port %u", ports[i]);
	for (guint i = 0; i < G_N_ELEMENTS(ports); i++)
		cr_assert_not(udp_bind(w.h2, ports[i], sink_rx, &s[0]), "port %u taken", ports[i]);
	cr_assert_not(udp_port_bound(w.h2, 2));
	cr_assert_not(udp_port_bound(w.h2, 65534));
	for (guint i = 0; i < G_N_ELEMENTS(ports); i++)
		udp_send(w.h1, 1, IP4(10, 0, 0, 2), ports[i], 100 + i, NULL);
	sim_run(w.sim, SIM_MS);
	for (guint i = 0; i < G_N_ELEMENTS(ports); i++) {
		cr_assert_eq(s[i].n, 1, "port %u", ports[i]);
		cr_assert_eq(s[i].payload, 100 + i, "port %u", ports[i]);
	}

	/* Unbinding one leaves the others; the port can be bound again. */
	udp_unbind(w.h2, 8);
	udp_unbind(w.h2, 8);
	cr_assert_not(udp_port_bound(w.h2, 8));
	cr_assert(udp_port_bound(w.h2, 7));
	cr_assert(udp_port_bound(w.h2, 9));
	udp_send(w.h1, 1, IP4(10, 0, 0, 2), 8, 10, NULL);
	udp_send(w.h1, 1, IP4(10, 0, 0, 2), 9, 10, NULL);
	sim_run(w.sim, 2 * SIM_MS);
	cr_assert_eq(w.h2->ip_stats.udp_no_port, 1);
	cr_assert_eq(s[4].n, 1, "port 8: nothing more");
	cr_assert_eq(s[0].n, 2);
	cr_assert(udp_bind(w.h2, 8, sink_rx, &s[4]));
	for (guint i = 0; i < G_N_ELEMENTS(ports); i++)
		udp_unbind(w.h2, ports[i]);
	cr_assert_eq(itab_len(&w.h2->udp_socks), 0);
	wire_fini(&w);
}

Test(host, udp_first_port_kept_inline_unbinds_and_rebinds)
{
	struct sink a = { 0 }, b = { 0 }, c = { 0 };
	struct wire w;

	wire_init(&w, 1, 1000000000, 10 * SIM_US);
	/* The first port bound is kept in the host, the next in the table. */
	cr_assert(udp_bind(w.h2, 9, sink_rx, &a));
	cr_assert(udp_bind(w.h2, 7, sink_rx, &b));
	cr_assert_eq(w.h2->udp_first_port, 9);
	cr_assert_eq(itab_len(&w.h2->udp_socks), 1);
	cr_assert_not(udp_bind(w.h2, 9, sink_rx, &c));
	/* Unbinding it frees the inline place for the next port bound. */
	udp_unbind(w.h2, 9);
	cr_assert_not(udp_port_bound(w.h2, 9));
	cr_assert(udp_port_bound(w.h2, 7));
	cr_assert(udp_bind(w.h2, 5, sink_rx, &c));
	cr_assert_eq(w.h2->udp_first_port, 5);
	cr_assert_eq(itab_len(&w.h2->udp_socks), 1);
	udp_send(w.h1, 1, IP4(10, 0, 0, 2), 9, 10, NULL);
	udp_send(w.h1, 1, IP4(10, 0, 0, 2), 7, 20, NULL);
	udp_send(w.h1, 1, IP4(10, 0, 0, 2), 5, 30, NULL);
	sim_run(w.sim, SIM_MS);
	cr_assert_eq(a.n, 0);
	cr_assert_eq(b.n, 1);
	cr_assert_eq(b.payload, 20);
	cr_assert_eq(c.n, 1);
	cr_assert_eq(c.payload, 30);
	cr_assert_eq(w.h2->ip_stats.udp_no_port, 1);
	/* The sender's last ARP entry is the one it sent through. */
	cr_assert_eq(w.h1->arp_last, arp_cache_find(w.h1, IP4(10, 0, 0, 2)));
	udp_unbind(w.h2, 5);
	udp_unbind(w.h2, 7);
	cr_assert_not(udp_port_bound(w.h2, 5));
	cr_assert_eq(itab_len(&w.h2->udp_socks), 0);
	wire_fini(&w);
}

Test(host, has_ip_with_more_interfaces_than_kept_inline)
{
	struct tapworld w;
	struct tap more[6];
	char name[8];

	tap_init(&w);
	for (int i = 0; i < 6; i++) {
		g_snprintf(name, sizeof(name), "eth%d", i + 1);
		netdev_init(&more[i].dev, w.sim, &tap_ops, "h1", name, mac_c);
		more[i].sent = NULL;
		cr_assert_not_null(host_add_if(w.h, &more[i].dev, IP4(10, 0, i + 1, 1), 24));
	}
	cr_assert_eq(w.h->ifs->len, 7);
	cr_assert(host_has_ip(w.h, IP4(10, 0, 0, 1)));
	for (int i = 0; i < 6; i++) {
		cr_assert(host_has_ip(w.h, IP4(10, 0, i + 1, 1)), "eth%d", i + 1);
		cr_assert_not(host_has_ip(w.h, IP4(10, 0, i + 1, 2)), "eth%d", i + 1);
	}
	cr_assert_not(host_has_ip(w.h, 0));
	tap_fini(&w);
	for (int i = 0; i < 6; i++)
		netdev_fini(&more[i].dev);
}

Test(host, icmp_echo_reply_frame)
{
	struct tapworld w;
	struct frame *f;
	struct frame_meta meta = { .flow = 7, .seq = 3, .sent_at = 1234 };
	const uint8_t *iph, *icmp;

	tap_init(&w);
	/* Learn the peer first so the reply goes straight out. */
	tap_rx_arp(&w, mac_bcast, WIRE_ARP_OP_REQUEST, mac_b, IP4(10, 0, 0, 2), mac_zero,
		   IP4(10, 0, 0, 1));
	tap_drop_all(&w);

	/* An echo request as a peer would send it (built by a host on a tap of its own). */
	f = ip_frame_alloc(w.h);
	memcpy(f->data, mac_a, 6);
	memcpy(f->data + 6, mac_b, 6);
	iph = f->data + 14;
	icmp = frame_put(f, 8);
	f->len = 14 + 20 + 8 + 56;
	f->meta = meta;
	f->data[14] = 0x45;
	wire_wr16(f->data + 16, 84);
	f->data[22] = 64;
	f->data[23] = 1;
	wire_wr32(f->data + 26, IP4(10, 0, 0, 2));
	wire_wr32(f->data + 30, IP4(10, 0, 0, 1));
	wire_wr16(f->data + 24, csum_over(iph, 20));
	f->data[34] = 8;
	f->data[35] = 0;
	wire_wr16(f->data + 36, 0);
	wire_wr16(f->data + 38, 0xbeef);
	wire_wr16(f->data + 40, 3);
	wire_wr16(f->data + 36, csum_over(icmp, 8));
	netdev_rx(&w.tap.dev, f);

	cr_assert_eq(w.h->ip_stats.echo_requests_received, 1);
	cr_assert_eq(tap_count(&w), 1);
	f = tap_pop(&w);
	iph = f->data + 14;
	icmp = iph + 20;
	cr_assert(mac_equal(f->data, mac_b));
	cr_assert_eq(f->len, 14 + 20 + 8 + 56);
	cr_assert_eq(wire_rd16(iph + 6), 0, "echo replies go without DF");
	cr_assert_eq(wire_rd32(iph + 12), IP4(10, 0, 0, 1));
	cr_assert_eq(wire_rd32(iph + 16), IP4(10, 0, 0, 2));
	cr_assert_eq(csum_over(iph, 20), 0);
	cr_assert_eq(icmp[0], 0);
	cr_assert_eq(wire_rd16(icmp + 4), 0xbeef);
	cr_assert_eq(wire_rd16(icmp + 6), 3);
	cr_assert_eq(csum_over(icmp, 8), 0, "ICMP checksum over header + zero payload");
	cr_assert_eq(f->meta.sent_at, 1234, "the echoed payload's timestamp");
	frame_unref(f);
	tap_fini(&w);
}

Test(host, wire_arp_then_data_exact)
{
	struct wire w;
	struct sink s = { 0 };
	sim_time_t d = 10 * SIM_US, arp, data;
	const struct arp_entry *e1, *e2;

	wire_init(&w, 1, 100000000, d);
	cr_assert(udp_bind(w.h2, 9, sink_rx, &s));
	udp_send(w.h1, 1, IP4(10, 0, 0, 2), 9, 1000, NULL);
	sim_run(w.sim, SIM_S);

	arp = wire_tx(&w, 42) + d;
	data = wire_tx(&w, 14 + 20 + 8 + 1000) + d;
	cr_assert_eq(s.n, 1);
	cr_assert_eq(s.first_at, 2 * arp + data, "request, reply, then the datagram");
	cr_assert_eq(w.h1->arp_stats.requests_sent, 1);
	cr_assert_eq(w.h1->arp_stats.replies_received, 1);
	cr_assert_eq(w.h1->arp_stats.requests_received, 0);
	cr_assert_eq(w.h1->arp_stats.replies_sent, 0);
	cr_assert_eq(w.h2->arp_stats.requests_received, 1);
	cr_assert_eq(w.h2->arp_stats.replies_sent, 1);
	cr_assert_eq(w.h2->arp_stats.requests_sent, 0);
	cr_assert_eq(w.h2->arp_stats.replies_received, 0);
	cr_assert_eq(w.h1->arp_stats.gratuitous_received + w.h2->arp_stats.gratuitous_received, 0);
	e1 = arp_cache_find(w.h1, IP4(10, 0, 0, 2));
	e2 = arp_cache_find(w.h2, IP4(10, 0, 0, 1));
	cr_assert_eq(e1->state, ARP_S_REACHABLE);
	cr_assert_eq(e1->confirmed, 2 * arp);
	cr_assert_eq(e2->state, ARP_S_STALE, "learnt from the request, never confirmed");
	cr_assert(mac_equal(e2->mac, mac_a));
	cr_assert_eq(w.n1->dev.stats.tx_packets, 2);
	cr_assert_eq(w.n2->dev.stats.tx_packets, 1);
	cr_assert_eq(w.h2->ip_stats.rx_packets, 1);
	udp_unbind(w.h2, 9);
	wire_fini(&w);
}

struct ticker {
	struct sim_timer t;
	struct host *h;
};

static void tick_send(struct sim *sim, void *arg)
{
	struct ticker *tk = arg;

	(void)sim;
	udp_send(tk->h, 1, IP4(10, 0, 0, 2), 9, 100, NULL);
}

Test(host, wire_arp_reprobe_under_traffic)
{
	struct wire w;
	struct sink s = { 0 };
	struct ticker tk = { .h = NULL };
	const struct arp_entry *e;
	sim_time_t confirmed;

	wire_init(&w, 1, 1000000000, 10 * SIM_US);
	tk.h = w.h1;
	cr_assert(udp_bind(w.h2, 9, sink_rx, &s));
	/* A datagram every 100 ms keeps the entry in use. */
	sim_timer_init(&tk.t, tick_send, &tk);
	sim_timer_arm_periodic(w.sim, &tk.t, 0, 100 * SIM_MS);
	sim_run(w.sim, SIM_MS);
	e = arp_cache_find(w.h1, IP4(10, 0, 0, 2));
	cr_assert_eq(e->state, ARP_S_REACHABLE);
	confirmed = e->confirmed;

	/* REACHABLE for 30 s, DELAY for 5 s (used recently), then one unicast probe. */
	sim_run(w.sim, confirmed + 30 * SIM_S);
	cr_assert_eq(e->state, ARP_S_DELAY);
	sim_run(w.sim, confirmed + 35 * SIM_S - 1);
	cr_assert_eq(w.h1->arp_stats.requests_sent, 1);
	sim_run(w.sim, confirmed + 36 * SIM_S);
	cr_assert_eq(w.h1->arp_stats.requests_sent, 2);
	cr_assert_eq(w.h1->arp_stats.replies_received, 2);
	cr_assert_eq(w.h2->arp_stats.requests_received, 2);
	cr_assert_eq(w.h2->arp_stats.replies_sent, 2);
	cr_assert_eq(e->state, ARP_S_REACHABLE);
	cr_assert_gt(e->confirmed, confirmed + 35 * SIM_S);
	cr_assert_eq(w.h1->arp_stats.unresolved_drops + w.h1->arp_stats.failed_drops, 0);
	cr_assert_eq(s.n, 361, "one datagram every 100 ms from 0 to 36 s, none lost");
	sim_timer_cancel(w.sim, &tk.t);
	udp_unbind(w.h2, 9);
	wire_fini(&w);
}

struct l4_catch {
	uint64_t n;
	struct ip_rx_info info;
	uint16_t csum_check;
};

static void catch_tcp(void *owner, struct frame *f, const struct ip_rx_info *info)
{
	struct l4_catch *c = owner;

	c->n++;
	c->info = *info;
	c->csum_check = wire_csum_fold(wire_csum_add(wire_csum_pseudo(info->src, info->dst,
								      info->proto, info->l4_len),
						     f->data + info->l4_off, 20));
	frame_unref(f);
}

Test(host, other_protocols_and_kept_frames)
{
	struct wire w;
	struct l4_catch c = { 0 };
	struct frame *f, *kept;
	uint8_t *th;

	wire_init(&w, 1, 1000000000, 10 * SIM_US);
	ip_set_proto_handler(w.h2, WIRE_IPPROTO_TCP, catch_tcp, &c);
	f = ip_frame_alloc(w.h1);
	th = frame_put(f, 20);
	memset(th, 0, 20);
	wire_wr16(th, 1234);
	wire_wr16(th + 2, 80);
	th[12] = 5 << 4;
	f->len = 14 + 20 + 20 + 500;
	/* A TCP keeps its segment for retransmission: ip_output must not write into it. */
	kept = frame_ref(f);
	ip_output(w.h1, IP4(10, 0, 0, 2), WIRE_IPPROTO_TCP, f);
	cr_assert_eq(wire_rd32(kept->data + 14 + 16), 0, "the kept copy is untouched");
	frame_unref(kept);
	sim_run(w.sim, SIM_MS);
	cr_assert_eq(c.n, 1);
	cr_assert_eq(c.info.proto, 6);
	cr_assert_eq(c.info.src, IP4(10, 0, 0, 1));
	cr_assert_eq(c.info.l4_off, 34);
	cr_assert_eq(c.info.l4_len, 520);
	cr_assert_eq(c.csum_check, 0, "TCP checksum filled in by ip_output");

	/* Without a handler: counted as an unknown protocol. */
	ip_set_proto_handler(w.h2, WIRE_IPPROTO_TCP, NULL, NULL);
	f = ip_frame_alloc(w.h1);
	memset(frame_put(f, 20), 0, 20);
	f->len = 74;
	ip_output(w.h1, IP4(10, 0, 0, 2), WIRE_IPPROTO_TCP, f);
	sim_run(w.sim, 2 * SIM_MS);
	cr_assert_eq(w.h2->ip_stats.unknown_proto, 1);
	wire_fini(&w);
}

/* Two protocols, each to its own handler; removing one leaves the other,
 * and its freed slot takes a third. */
Test(host, protocol_handlers_kept_apart)
{
	struct wire w;
	struct l4_catch tcp = { 0 }, gre = { 0 }, sctp = { 0 };
	const uint8_t protos[] = { WIRE_IPPROTO_TCP, 47, 132, 47, 6 };

	wire_init(&w, 1, 1000000000, 10 * SIM_US);
	ip_set_proto_handler(w.h2, WIRE_IPPROTO_TCP, catch_tcp, &tcp);
	ip_set_proto_handler(w.h2, 47, catch_tcp, &gre);
	for (size_t i = 0; i < G_N_ELEMENTS(protos); i++) {
		struct frame *f = ip_frame_alloc(w.h1);

		if (i == 2) {
			ip_set_proto_handler(w.h2, WIRE_IPPROTO_TCP, NULL, NULL);
			ip_set_proto_handler(w.h2, 132, catch_tcp, &sctp);
		}
		if (i == 4)
			ip_set_proto_handler(w.h2, 132, NULL, NULL);
		memset(frame_put(f, 20), 0, 20);
		f->len = 74;
		ip_output(w.h1, IP4(10, 0, 0, 2), protos[i], f);
		sim_run(w.sim, (sim_time_t)(i + 1) * SIM_MS);
	}
	cr_assert_eq(tcp.n, 1, "TCP before its handler went");
	cr_assert_eq(gre.n, 2, "GRE throughout");
	cr_assert_eq(sctp.n, 1, "SCTP in the slot TCP left");
	cr_assert_eq(w.h2->ip_stats.unknown_proto, 1, "TCP after its handler went");
	wire_fini(&w);
}

Test(host, metrics_published)
{
	struct wire w;
	struct metrics m;
	const struct metric *x;

	wire_init(&w, 1, 1000000000, 10 * SIM_US);
	udp_send(w.h1, 1, IP4(10, 0, 0, 2), 9, 10, NULL);
	sim_run(w.sim, SIM_S);
	metrics_init(&m);
	host_metrics(w.h1, &m);
	host_metrics(w.h2, &m);
	x = metrics_find(&m, "h1.arp.requests_sent");
	cr_assert_not_null(x);
	cr_assert_eq(x->value, 1);
	cr_assert(x->is_int);
	cr_assert_eq(metrics_find(&m, "h2.arp.replies_sent")->value, 1);
	cr_assert_eq(metrics_find(&m, "h2.arp.requests_received")->value, 1);
	cr_assert_eq(metrics_find(&m, "h1.arp.replies_received")->value, 1);
	cr_assert_eq(metrics_find(&m, "h1.arp.gratuitous_received")->value, 0);
	cr_assert_eq(metrics_find(&m, "h1.arp.unresolved_drops")->value, 0);
	cr_assert_eq(metrics_find(&m, "h2.ip.rx_packets")->value, 1);
	cr_assert_eq(metrics_find(&m, "h1.ip.no_route")->value, 0);
	cr_assert_eq(metrics_find(&m, "h2.udp.no_port")->value, 1);
	metrics_fini(&m);
	wire_fini(&w);
}
