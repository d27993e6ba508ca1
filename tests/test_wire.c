/*
 * test_wire.c - the wire module: the frame dissector, checksums, Ethernet lengths.
 *
 * The frames are written out byte by byte (with what each group means), and
 * every expected field is read off those bytes by hand, so nothing here is
 * produced by the code under test.  Truncation is checked at every length:
 * each layer's flag appears exactly when its last byte does, and bytes past
 * the given length never change the result (the dissector never reads them).
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

#include "wire/dissect.h"

#define MAC_D 0x02, 0x00, 0x00, 0x00, 0x0a, 0x01
#define MAC_S 0x02, 0x00, 0x00, 0x00, 0x01, 0x00
#define IP_1 0x0a, 0x00, 0x00, 0x01	/* 10.0.0.1 */
#define IP_2 0x0a, 0x00, 0x00, 0x02	/* 10.0.0.2 */
#define IP_9 0x0a, 0x00, 0x00, 0x09	/* 10.0.0.9 */
#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

/* IPv4 header, IHL 5, id 0x1234, TTL 64, checksum left 0 (not checked) */
#define IPV4(tot_len, frag, proto, src, dst) \
	0x45, 0x00, (tot_len) >> 8, (tot_len) & 0xff, 0x12, 0x34, (frag) >> 8, (frag) & 0xff, \
	0x40, (proto), 0x00, 0x00, src, dst
/* UDP 1234 -> 5678, length 8 */
#define UDP_1234_5678 0x04, 0xd2, 0x16, 0x2e, 0x00, 0x08, 0x00, 0x00

static const uint8_t udp_plain[] = {
	MAC_D, MAC_S, 0x08, 0x00,
	IPV4(28, 0x4000, 17, IP_1, IP_2),	/* DF */
	UDP_1234_5678,
};

static const uint8_t udp_tagged[] = {
	MAC_D, MAC_S, 0x81, 0x00, 0x60, 0x64, 0x08, 0x00,	/* prio 3, VLAN 100 */
	IPV4(28, 0x4000, 17, IP_1, IP_2),
	UDP_1234_5678,
};

static const uint8_t udp_qinq[] = {
	MAC_D, MAC_S, 0x88, 0xa8, 0x00, 0xc8,		/* S-tag VLAN 200 */
	0x81, 0x00, 0x00, 0x64, 0x08, 0x00,		/* C-tag VLAN 100 */
	IPV4(28, 0, 17, IP_1, IP_2),
	UDP_1234_5678,
};

static const uint8_t tcp_plain[] = {
	MAC_D, MAC_S, 0x08, 0x00,
	IPV4(40, 0x4000, 6, IP_2, IP_1),
	0x01, 0xbb, 0xc7, 0x38,				/* 443 -> 51000 */
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,	/* seq 1, ack 0 */
	0x50, 0x02, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,	/* 5 words, SYN, window */
};

static const uint8_t icmp_echo[] = {
	MAC_D, MAC_S, 0x08, 0x00,
	IPV4(28, 0, 1, IP_1, IP_2),
	0x08, 0x00, 0x00, 0x00, 0xbe, 0xef, 0x00, 0x03,	/* echo, id 0xbeef, seq 3 */
};

static const uint8_t arp_request[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, MAC_S, 0x08, 0x06,
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,	/* Ethernet/IPv4, request */
	MAC_S, IP_1,					/* sender */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, IP_2,	/* target */
};

/* The first fragment of a datagram still carries the UDP header. */
static const uint8_t frag_first[] = {
	MAC_D, MAC_S, 0x08, 0x00,
	IPV4(28, 0x2000, 17, IP_1, IP_2),		/* MF, offset 0 */
	UDP_1234_5678,
};

static const uint8_t frag_later[] = {
	MAC_D, MAC_S, 0x08, 0x00,
	IPV4(28, 0x00b9, 17, IP_1, IP_2),		/* offset 185 * 8 = 1480 */
	0x04, 0xd2, 0x16, 0x2e, 0x00, 0x08, 0x00, 0x00,	/* payload that looks like ports */
};

/* Destination unreachable (port) from 10.0.0.9, quoting 10.0.0.1 -> 10.0.0.2 UDP. */
static const uint8_t icmp_unreach[] = {
	MAC_D, MAC_S, 0x08, 0x00,
	IPV4(56, 0, 1, IP_9, IP_1),
	0x03, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	IPV4(28, 0, 17, IP_1, IP_2),
	UDP_1234_5678,
};

/* GRE (version 0, no options) carrying IPv4/UDP, from 10.0.0.9 to 10.0.0.1. */
static const uint8_t gre_udp[] = {
	MAC_D, MAC_S, 0x08, 0x00,
	IPV4(52, 0, 47, IP_9, IP_1),
	0x00, 0x00, 0x08, 0x00,
	IPV4(28, 0, 17, IP_1, IP_2),
	UDP_1234_5678,
};

static struct wire_pkt dissect(const uint8_t *frame, size_t len, unsigned opts)
{
	struct wire_pkt p;

	wire_dissect(frame, len, opts, &p);
	return p;
}

static void expect_macs(const struct wire_pkt *p)
{
	static const uint8_t d[] = { MAC_D }, s[] = { MAC_S };

	cr_expect(p->flags & WIRE_PKT_ETH);
	cr_expect_eq(memcmp(p->dst, d, 6), 0);
	cr_expect_eq(memcmp(p->src, s, 6), 0);
}

/* 10.0.0.1:1234 -> 10.0.0.2:5678 over UDP, the IP header at @l3 */
static void expect_udp_flow(const struct wire_pkt *p, uint32_t l3)
{
	cr_expect_eq(p->ethertype, WIRE_ETH_P_IP);
	cr_expect_eq(p->l3_off, l3);
	cr_expect(p->flags & WIRE_PKT_IPV4);
	cr_expect(p->flags & WIRE_PKT_IPV4_VALID);
	cr_expect_eq(p->ip_src, IP4(10, 0, 0, 1));
	cr_expect_eq(p->ip_dst, IP4(10, 0, 0, 2));
	cr_expect_eq(p->ip_proto, 17);
	cr_expect_eq(p->ip_hlen, 20);
	cr_expect_eq(p->ip_tot_len, 28);
	cr_expect_eq(p->l4_off, l3 + 20);
	cr_expect(p->flags & WIRE_PKT_PORTS);
	cr_expect(p->flags & WIRE_PKT_UDP);
	cr_expect_eq(p->sport, 1234);
	cr_expect_eq(p->dport, 5678);
	cr_expect_eq(p->udp_len, 8);
	cr_expect_not(p->flags & (WIRE_PKT_FRAG | WIRE_PKT_BAD | WIRE_PKT_ICMP | WIRE_PKT_ARP));
}

Test(wire, udp_untagged)
{
	struct wire_pkt p = dissect(udp_plain, sizeof(udp_plain), 0);

	expect_macs(&p);
	cr_expect_eq(p.eth_type, WIRE_ETH_P_IP);
	cr_expect_eq(p.n_vlan, 0);
	cr_expect_not(p.flags & WIRE_PKT_VLAN);
	cr_expect_eq(p.ip_frag_flags, WIRE_IP_DF);
	cr_expect_eq(p.ip_frag_off, 0);
	expect_udp_flow(&p, 14);
}

Test(wire, udp_tagged)
{
	struct wire_pkt p = dissect(udp_tagged, sizeof(udp_tagged), 0);

	expect_macs(&p);
	cr_expect_eq(p.eth_type, WIRE_ETH_P_8021Q);
	cr_expect(p.flags & WIRE_PKT_VLAN);
	cr_expect_eq(p.n_vlan, 1);
	cr_expect_eq(p.vlan[0].tpid, WIRE_ETH_P_8021Q);
	cr_expect_eq(p.vlan[0].tci, 0x6064);
	cr_expect_eq(p.vlan[0].tci & WIRE_VLAN_VID_MASK, 100);
	cr_expect_eq(p.vlan[0].tci >> WIRE_VLAN_PRIO_SHIFT, 3);
	expect_udp_flow(&p, 18);
}

Test(wire, udp_double_tagged)
{
	struct wire_pkt p = dissect(udp_qinq, sizeof(udp_qinq), 0);

	expect_macs(&p);
	cr_expect_eq(p.eth_type, WIRE_ETH_P_8021AD);
	cr_expect_eq(p.n_vlan, 2);
	cr_expect_eq(p.vlan[0].tpid, WIRE_ETH_P_8021AD);
	cr_expect_eq(p.vlan[0].tci, 200);
	cr_expect_eq(p.vlan[1].tpid, WIRE_ETH_P_8021Q);
	cr_expect_eq(p.vlan[1].tci, 100);
	cr_expect_eq(p.ip_frag_flags, 0);
	expect_udp_flow(&p, 22);
}

Test(wire, tcp)
{
	struct wire_pkt p = dissect(tcp_plain, sizeof(tcp_plain), 0);

	expect_macs(&p);
	cr_expect_eq(p.ip_src, IP4(10, 0, 0, 2));
	cr_expect_eq(p.ip_dst, IP4(10, 0, 0, 1));
	cr_expect_eq(p.ip_proto, WIRE_IPPROTO_TCP);
	cr_expect_eq(p.ip_tot_len, 40);
	cr_expect_eq(p.l4_off, 34);
	cr_expect(p.flags & WIRE_PKT_PORTS);
	cr_expect_eq(p.sport, 443);
	cr_expect_eq(p.dport, 51000);
	cr_expect_not(p.flags & (WIRE_PKT_UDP | WIRE_PKT_ICMP | WIRE_PKT_BAD));
}

Test(wire, icmp_echo)
{
	struct wire_pkt p = dissect(icmp_echo, sizeof(icmp_echo), 0);

	cr_expect_eq(p.ip_proto, WIRE_IPPROTO_ICMP);
	cr_expect(p.flags & WIRE_PKT_ICMP);
	cr_expect_eq(p.icmp_type, WIRE_ICMP_ECHO);
	cr_expect_eq(p.icmp_code, 0);
	cr_expect_eq(p.icmp_id, 0xbeef);
	cr_expect_eq(p.icmp_seq, 3);
	cr_expect_not(p.flags & WIRE_PKT_PORTS, "ICMP has no ports");
	cr_expect(wire_icmp_has_id(WIRE_ICMP_ECHO));
	cr_expect_not(wire_icmp_has_id(3));
}

Test(wire, arp)
{
	static const uint8_t s[] = { MAC_S }, zero[6] = { 0 };
	struct wire_pkt p = dissect(arp_request, sizeof(arp_request), 0);

	cr_expect_eq(p.eth_type, WIRE_ETH_P_ARP);
	cr_expect_eq(p.l3_off, 14);
	cr_expect(p.flags & WIRE_PKT_ARP);
	cr_expect_eq(p.arp.op, WIRE_ARP_OP_REQUEST);
	cr_expect_eq(memcmp(p.arp.sha, s, 6), 0);
	cr_expect_eq(p.arp.sip, IP4(10, 0, 0, 1));
	cr_expect_eq(memcmp(p.arp.tha, zero, 6), 0);
	cr_expect_eq(p.arp.tip, IP4(10, 0, 0, 2));
	cr_expect_not(p.flags & (WIRE_PKT_IPV4 | WIRE_PKT_BAD));
}

Test(wire, arp_other_formats_are_not_arp)
{
	uint8_t f[sizeof(arp_request)];
	struct wire_pkt p;

	memcpy(f, arp_request, sizeof(f));
	f[14 + 5] = 16;		/* protocol address length of IPv6 */
	p = dissect(f, sizeof(f), 0);
	cr_expect_not(p.flags & WIRE_PKT_ARP);
	cr_expect_not(p.flags & WIRE_PKT_BAD, "well-formed, just not Ethernet/IPv4 ARP");
}

Test(wire, fragments_stop_before_the_ports)
{
	struct wire_pkt p = dissect(frag_first, sizeof(frag_first), 0);

	cr_expect(p.flags & WIRE_PKT_IPV4);
	cr_expect(p.flags & WIRE_PKT_FRAG);
	cr_expect_eq(p.ip_frag_flags, WIRE_IP_MF);
	cr_expect_eq(p.ip_frag_off, 0);
	cr_expect_eq(p.ip_src, IP4(10, 0, 0, 1));
	cr_expect_eq(p.ip_proto, 17);
	cr_expect_not(p.flags & (WIRE_PKT_PORTS | WIRE_PKT_UDP | WIRE_PKT_BAD),
		      "even the first fragment: its datagram's later ones have no ports");

	p = dissect(frag_later, sizeof(frag_later), 0);
	cr_expect(p.flags & WIRE_PKT_FRAG);
	cr_expect_eq(p.ip_frag_flags, 0);
	cr_expect_eq(p.ip_frag_off, 1480);
	cr_expect_not(p.flags & (WIRE_PKT_PORTS | WIRE_PKT_UDP));
	cr_expect_eq(p.sport, 0);
}

Test(wire, ipv4_validity)
{
	uint8_t f[sizeof(udp_plain)];
	struct wire_pkt p;

	memcpy(f, udp_plain, sizeof(f));
	f[14] = 0x65;		/* version 6 in an IPv4 ethertype */
	p = dissect(f, sizeof(f), 0);
	cr_expect(p.flags & WIRE_PKT_IPV4);
	cr_expect_not(p.flags & WIRE_PKT_IPV4_VALID);

	f[14] = 0x46;		/* IHL 6: the options run past the bytes */
	p = dissect(f, 34, 0);
	cr_expect_not(p.flags & WIRE_PKT_IPV4_VALID);

	f[14] = 0x44;		/* IHL 4: no transport without TRUST_IHL */
	p = dissect(f, sizeof(f), 0);
	cr_expect(p.flags & WIRE_PKT_BAD);
	cr_expect_not(p.flags & (WIRE_PKT_IPV4_VALID | WIRE_PKT_PORTS));
	p = dissect(f, sizeof(f), WIRE_DISSECT_TRUST_IHL);
	cr_expect_not(p.flags & WIRE_PKT_BAD);
	cr_expect_eq(p.l4_off, 14 + 16);
	cr_expect_eq(p.sport, 0x0a00, "ports read where the IHL says: the destination address");

	memcpy(f, udp_plain, sizeof(f));
	f[17] = 19;		/* total length shorter than the header */
	p = dissect(f, sizeof(f), 0);
	cr_expect_not(p.flags & WIRE_PKT_IPV4_VALID);
}

Test(wire, skb_proto_keeps_the_outer_ethertype)
{
	/* af_packet: skb->protocol 0x8100, network header past the tag */
	struct wire_pkt p = dissect(udp_tagged, sizeof(udp_tagged), WIRE_DISSECT_SKB_PROTO);

	cr_expect_eq(p.l3_off, 18);
	cr_expect(p.flags & WIRE_PKT_BAD, "0x8100 is no layer-3 protocol");
	cr_expect_not(p.flags & WIRE_PKT_IPV4);

	/* the flow dissector reads the IP header as a tag: type = total length 28 */
	p = dissect(udp_tagged, sizeof(udp_tagged), WIRE_DISSECT_SKB_PROTO | WIRE_DISSECT_ENCAP);
	cr_expect(p.flags & WIRE_PKT_BAD);
	cr_expect_not(p.flags & WIRE_PKT_IPV4);

	p = dissect(udp_plain, sizeof(udp_plain), WIRE_DISSECT_SKB_PROTO);
	expect_udp_flow(&p, 14);
}

Test(wire, icmp_quote_reads_the_offending_packet)
{
	struct wire_pkt p = dissect(icmp_unreach, sizeof(icmp_unreach), 0);

	cr_expect_eq(p.ip_src, IP4(10, 0, 0, 9));
	cr_expect_eq(p.icmp_type, 3);
	cr_expect_not(p.flags & WIRE_PKT_PORTS);

	p = dissect(icmp_unreach, sizeof(icmp_unreach), WIRE_DISSECT_ICMP_QUOTE);
	cr_expect_not(p.flags & WIRE_PKT_BAD);
	cr_expect_eq(p.ip_src, IP4(10, 0, 0, 1));
	cr_expect_eq(p.ip_dst, IP4(10, 0, 0, 2));
	cr_expect_eq(p.sport, 1234);
	cr_expect_eq(p.dport, 5678);
	cr_expect_eq(p.icmp_type, 3, "the ICMP fields stay the error's");
	cr_expect_eq(p.icmp_code, 3);

	/* a quoted header cut short makes the whole frame bad */
	p = dissect(icmp_unreach, 14 + 20 + 8 + 19, WIRE_DISSECT_ICMP_QUOTE);
	cr_expect(p.flags & WIRE_PKT_BAD);
	p = dissect(icmp_unreach, 14 + 20 + 8 + 19, 0);
	cr_expect_not(p.flags & WIRE_PKT_BAD);
}

Test(wire, encap_looks_inside_gre)
{
	struct wire_pkt p = dissect(gre_udp, sizeof(gre_udp), 0);

	cr_expect_eq(p.ip_src, IP4(10, 0, 0, 9));
	cr_expect_eq(p.ip_proto, WIRE_IPPROTO_GRE);
	cr_expect_not(p.flags & WIRE_PKT_PORTS);

	p = dissect(gre_udp, sizeof(gre_udp), WIRE_DISSECT_ENCAP);
	cr_expect_not(p.flags & WIRE_PKT_BAD);
	cr_expect_eq(p.ip_src, IP4(10, 0, 0, 1), "the innermost header wins");
	cr_expect_eq(p.ip_dst, IP4(10, 0, 0, 2));
	cr_expect_eq(p.ip_proto, 17);
	cr_expect_eq(p.l4_off, 14 + 20 + 4 + 20);
	cr_expect_eq(p.sport, 1234);
	cr_expect_eq(p.dport, 5678);
}

Test(wire, l2_only)
{
	struct wire_pkt p = dissect(udp_tagged, sizeof(udp_tagged), WIRE_DISSECT_L2_ONLY);

	expect_macs(&p);
	cr_expect_eq(p.n_vlan, 1);
	cr_expect_eq(p.ethertype, WIRE_ETH_P_IP);
	cr_expect_eq(p.flags, WIRE_PKT_ETH | WIRE_PKT_VLAN);
}

static uint32_t xorshift32(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

Test(wire, common_frame_read_in_one_go_as_walked)
{
	/* the common frames and their near misses: what the shortcut decides on */
	static const uint8_t *const frames[] = { udp_plain, tcp_plain, udp_tagged, icmp_echo,
						 frag_first, icmp_unreach, gre_udp };
	static const size_t lens[] = { sizeof(udp_plain), sizeof(tcp_plain), sizeof(udp_tagged),
				       sizeof(icmp_echo), sizeof(frag_first), sizeof(icmp_unreach),
				       sizeof(gre_udp) };
	/* the bytes it reads: type, version/IHL, lengths, flags, protocol */
	static const uint8_t spots[] = { 12, 13, 14, 16, 17, 20, 21, 23, 34, 35, 36, 37, 38, 39 };
	static const uint8_t values[] = { 0x00, 0x01, 0x06, 0x08, 0x11, 0x14, 0x20, 0x40,
					  0x44, 0x45, 0x46, 0x55, 0x81, 0x86, 0xdd, 0xff };
	uint32_t seed = 42;
	unsigned common = 0;

	for (int round = 0; round < 20000; round++) {
		size_t k = xorshift32(&seed) % G_N_ELEMENTS(frames);
		uint8_t buf[128];
		size_t len = lens[k];
		unsigned opts = (round & 0x3f) | (round & 0x40 ? WIRE_DISSECT_VLAN_DEV : 0);
		struct wire_pkt a, b;
		bool ga, gb;

		memcpy(buf, frames[k], lens[k]);
		for (int m = (int)(xorshift32(&seed) % 3); m > 0; m--)
			buf[spots[xorshift32(&seed) % sizeof(spots)]] =
				values[xorshift32(&seed) % sizeof(values)];
		if (xorshift32(&seed) % 4 == 0)
			len = xorshift32(&seed) % (len + 1);
		ga = wire_dissect(buf, len, opts, &a);
		gb = wire_dissect(buf, len, opts | WIRE_DISSECT_FULL_WALK, &b);
		cr_assert_eq(ga, gb, "round %d", round);
		cr_assert_eq(memcmp(&a, &b, sizeof(a)), 0, "round %d: frame %zu, %zu bytes, opts %#x",
			     round, k, len, opts);
		common += len >= 42 && buf[12] == 0x08 && buf[13] == 0 && buf[14] == 0x45;
	}
	cr_expect_gt(common, 5000, "the shortcut was tried often enough");
}

/* The length from which each flag is set: it is clear below, set from there on. */
struct flag_from {
	uint32_t flag;
	size_t len;
};

/*
 * What a prefix reports, it reports as the whole frame does.  (A quote or a
 * tunnel reports the outer header until the inner one fits: not checked.)
 */
static void expect_as_whole(const struct wire_pkt *p, const struct wire_pkt *full)
{
	if (p->flags & WIRE_PKT_ETH) {
		cr_expect_eq(memcmp(p->dst, full->dst, 6), 0);
		cr_expect_eq(p->eth_type, full->eth_type);
	}
	if (p->flags & WIRE_PKT_IPV4) {
		cr_expect_eq(p->ip_src, full->ip_src);
		cr_expect_eq(p->ip_dst, full->ip_dst);
		cr_expect_eq(p->ip_proto, full->ip_proto);
	}
	if (p->flags & WIRE_PKT_PORTS) {
		cr_expect_eq(p->sport, full->sport);
		cr_expect_eq(p->dport, full->dport);
	}
	if (p->flags & WIRE_PKT_ARP)
		cr_expect_eq(p->arp.tip, full->arp.tip);
}

/*
 * Dissect every prefix of @frame: from an exact-size copy (ASan catches a
 * read past it) and from buffers whose bytes past the prefix are 0x00 and
 * 0xff (the results must not differ, so nothing past the length is read).
 */
static void check_truncation(const uint8_t *frame, size_t n, unsigned opts,
			     const struct flag_from *want, size_t nwant)
{
	struct wire_pkt full = dissect(frame, n, opts);
	uint8_t lo[256], hi[256];

	cr_assert_leq(n, sizeof(lo));
	for (size_t len = 0; len <= n; len++) {
		uint8_t *exact = g_memdup2(frame, len ? len : 1);
		struct wire_pkt p = dissect(exact, len, opts), q;

		memset(lo, 0x00, sizeof(lo));
		memset(hi, 0xff, sizeof(hi));
		memcpy(lo, frame, len);
		memcpy(hi, frame, len);
		q = dissect(lo, len, opts);
		cr_expect_eq(memcmp(&p, &q, sizeof(p)), 0, "bytes past %zu were read", len);
		q = dissect(hi, len, opts);
		cr_expect_eq(memcmp(&p, &q, sizeof(p)), 0, "bytes past %zu were read", len);
		for (size_t i = 0; i < nwant; i++)
			cr_expect_eq(!!(p.flags & want[i].flag), len >= want[i].len,
				     "flag %#x at length %zu (set from %zu)", want[i].flag, len,
				     want[i].len);
		if (!(opts & (WIRE_DISSECT_ICMP_QUOTE | WIRE_DISSECT_ENCAP)))
			expect_as_whole(&p, &full);
		g_free(exact);
	}
}

Test(wire, truncated_udp_at_every_length)
{
	/* BAD: cut inside the IPv4 header (or the Ethernet one) */
	const struct flag_from want[] = {
		{ WIRE_PKT_ETH, 14 }, { WIRE_PKT_IPV4, 34 }, { WIRE_PKT_IPV4_VALID, 34 },
		{ WIRE_PKT_PORTS, 38 }, { WIRE_PKT_UDP, 42 },
	};

	check_truncation(udp_plain, sizeof(udp_plain), 0, want, G_N_ELEMENTS(want));
	for (size_t len = 0; len <= sizeof(udp_plain); len++)
		cr_expect_eq(!wire_dissect(udp_plain, len, 0, &(struct wire_pkt){ 0 }), len < 34);
}

Test(wire, truncated_double_tagged_at_every_length)
{
	const struct flag_from want[] = {
		{ WIRE_PKT_ETH, 14 }, { WIRE_PKT_VLAN, 18 }, { WIRE_PKT_IPV4, 42 },
		{ WIRE_PKT_PORTS, 46 }, { WIRE_PKT_UDP, 50 },
	};
	struct wire_pkt p;

	/* the first two entries are all that L2_ONLY reads */
	check_truncation(udp_qinq, sizeof(udp_qinq), WIRE_DISSECT_L2_ONLY, want, 2);
	check_truncation(udp_qinq, sizeof(udp_qinq), 0, want, G_N_ELEMENTS(want));
	/* a tag cut short: the walk stops at it */
	p = dissect(udp_qinq, 20, 0);
	cr_expect_eq(p.n_vlan, 1);
	cr_expect_eq(p.ethertype, WIRE_ETH_P_8021Q);
	cr_expect(p.flags & WIRE_PKT_BAD);
}

Test(wire, truncated_tcp_icmp_arp_at_every_length)
{
	const struct flag_from tcp[] = {
		{ WIRE_PKT_IPV4, 34 }, { WIRE_PKT_PORTS, 38 }, { WIRE_PKT_UDP, 100 },
	};
	const struct flag_from icmp[] = {
		{ WIRE_PKT_IPV4, 34 }, { WIRE_PKT_ICMP, 42 }, { WIRE_PKT_PORTS, 100 },
	};
	const struct flag_from arp[] = {
		{ WIRE_PKT_ETH, 14 }, { WIRE_PKT_ARP, 42 }, { WIRE_PKT_IPV4, 100 },
	};
	const struct flag_from frag[] = {
		{ WIRE_PKT_IPV4, 34 }, { WIRE_PKT_FRAG, 34 }, { WIRE_PKT_PORTS, 100 },
	};

	check_truncation(tcp_plain, sizeof(tcp_plain), 0, tcp, G_N_ELEMENTS(tcp));
	check_truncation(icmp_echo, sizeof(icmp_echo), 0, icmp, G_N_ELEMENTS(icmp));
	check_truncation(arp_request, sizeof(arp_request), 0, arp, G_N_ELEMENTS(arp));
	check_truncation(frag_later, sizeof(frag_later), 0, frag, G_N_ELEMENTS(frag));
	check_truncation(icmp_unreach, sizeof(icmp_unreach),
			 WIRE_DISSECT_ICMP_QUOTE | WIRE_DISSECT_TRUST_IHL, icmp, 2);
	check_truncation(gre_udp, sizeof(gre_udp), WIRE_DISSECT_ENCAP, tcp, 1);
}

Test(wire, checksum_rfc1071_example)
{
	/* RFC 1071 section 3: the sum of these words is 0x2ddf0, folded 0xddf2 */
	static const uint8_t words[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	/* an IPv4 header whose checksum field holds 0xb861 */
	static const uint8_t iph[] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
	};
	uint8_t copy[sizeof(iph)];

	cr_expect_eq(wire_csum_add(0, words, sizeof(words)), 0x2ddf0);
	cr_expect_eq(wire_csum_fold(wire_csum_add(0, words, sizeof(words))), (uint16_t)~0xddf2);
	/* an odd byte is the high half of a last word */
	cr_expect_eq(wire_csum_add(0, words, 3), 0x0001 + 0xf200);
	cr_expect_eq(wire_csum_fold(wire_csum_add(0, iph, sizeof(iph))), 0, "an intact header");
	memcpy(copy, iph, sizeof(copy));
	copy[10] = copy[11] = 0;
	cr_expect_eq(wire_csum_fold(wire_csum_add(0, copy, sizeof(copy))), 0xb861);
	/* pseudo-header: 192.168.0.1 -> 192.168.0.199, UDP, 95 bytes */
	cr_expect_eq(wire_csum_pseudo(0xc0a80001, 0xc0a800c7, 17, 95),
		     0xc0a8 + 0x0001 + 0xc0a8 + 0x00c7 + 17 + 95);
}

/* RFC 1071 the plain way: word by word into a 32-bit sum, as wire.h promises. */
static uint32_t csum_add_plain(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

static uint16_t csum_fold_plain(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

Test(wire, checksum_equals_the_plain_sum)
{
	uint32_t seed = 0x1071;
	uint8_t buf[300];

	/* every length (odd ones too) and alignment, sums that wrap 32 bits */
	for (int round = 0; round < 4000; round++) {
		size_t n = xorshift32(&seed) % 257, at = xorshift32(&seed) % 8;
		uint32_t start = xorshift32(&seed);
		uint32_t s1, s2, s3, l4_len;
		uint8_t proto;

		if (round % 4 == 0)
			start = 0;
		else if (round % 4 == 1)
			start = 0xffffffffu - (start & 0xffff);
		for (size_t i = 0; i < n; i++)
			buf[at + i] = (uint8_t)(round % 3 == 0 ? 0xff : xorshift32(&seed));
		cr_assert_eq(wire_csum_add(start, buf + at, n), csum_add_plain(start, buf + at, n),
			     "length %zu at %zu from %#x", n, at, start);
		cr_assert_eq(wire_csum_add_words(start, buf + at, n),
			     csum_add_plain(start, buf + at, n));
		cr_assert_eq(wire_csum_add_usual(start, buf + at, n, 8),
			     csum_add_plain(start, buf + at, n));
		cr_assert_eq(wire_csum_add_usual(start, buf + at, n, n),
			     csum_add_plain(start, buf + at, n));

		s1 = xorshift32(&seed);
		s2 = xorshift32(&seed);
		proto = (uint8_t)xorshift32(&seed);
		l4_len = xorshift32(&seed) % 0x20000;
		{
			uint8_t ph[12] = {
				s1 >> 24, s1 >> 16, s1 >> 8, s1, s2 >> 24, s2 >> 16, s2 >> 8, s2,
				0, proto, l4_len >> 8, l4_len,
			};

			cr_assert_eq(wire_csum_pseudo(s1, s2, proto, l4_len),
				     csum_add_plain(0, ph, sizeof(ph)));
		}
		s3 = xorshift32(&seed);
		cr_assert_eq(wire_csum_fold(s3), csum_fold_plain(s3), "fold %#x", s3);
	}
	/* past the chunk where the eight-byte lanes would carry into each other */
	{
		size_t n = 3 * WIRE_CSUM_CHUNK + 13;
		uint8_t *big = g_malloc(n);

		memset(big, 0xff, n);
		cr_assert_eq(wire_csum_add(7, big, n), csum_add_plain(7, big, n));
		for (size_t i = 0; i < n; i++)
			big[i] = (uint8_t)xorshift32(&seed);
		cr_assert_eq(wire_csum_add(7, big + 1, n - 1), csum_add_plain(7, big + 1, n - 1));
		g_free(big);
	}
	for (uint32_t s = 0; s < 0x30000; s += 0xfff)
		cr_assert_eq(wire_csum_fold(s), csum_fold_plain(s));
	cr_assert_eq(wire_csum_fold(0xffffffffu), csum_fold_plain(0xffffffffu));
	cr_assert_eq(wire_csum_fold(0xfffeffffu), csum_fold_plain(0xfffeffffu));
	cr_assert_eq(wire_csum_fold(0x0001fffeu), 0, "0xfffe + 1: all ones, complemented");
}

Test(wire, ethernet_lengths)
{
	uint8_t buf[8];

	/* a 42-byte ARP frame is padded to 60, plus the FCS: 64 on the wire */
	cr_expect_eq(sizeof(arp_request), 42);
	cr_expect_eq(wire_eth_padded_len(sizeof(arp_request)), 60);
	cr_expect_eq(wire_eth_len(sizeof(arp_request)), 64);
	cr_expect_eq(wire_eth_len(sizeof(arp_request)) + WIRE_ETH_OVERHEAD, 84,
		     "8 preamble + 12 inter-frame gap");
	cr_expect_eq(wire_eth_len(1514), 1518);
	cr_expect_eq(wire_eth_padded_len(1514), 1514);

	wire_wr32(buf, 0x01020304);
	wire_wr16(buf + 4, 0xa0b0);
	cr_expect_eq(buf[0], 1);
	cr_expect_eq(buf[3], 4);
	cr_expect_eq(buf[4], 0xa0);
	cr_expect_eq(wire_rd32(buf), 0x01020304);
	cr_expect_eq(wire_rd16(buf + 4), 0xa0b0);
	cr_expect_eq(wire_slow_proto_mac[0], 0x01);
	cr_expect_eq(wire_slow_proto_mac[5], 0x02);
}
