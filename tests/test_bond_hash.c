/*
 * test_bond_hash.c - golden vectors for the bonding xmit hash.
 *
 * Every expected number was worked out by hand from the kernel formulas
 * (bond_eth_hash, bond_ip_hash, the flow keys) and is written next to the
 * assertion; nothing here is produced by the code under test.
 *
 * Conventions used in the arithmetic:
 *   smac 02:00:00:00:01:00, dmac 02:00:00:00:0a:01: dmac[5]^smac[5] = 0x01
 *   le(a.b.c.d) = d<<24 | c<<16 | b<<8 | a  (raw load on x86-64)
 *   le(10.0.0.1) = 0x0100000a, le(10.0.0.2) = 0x0200000a, XOR = 0x03000000
 *   ports(s, d) = d_lo<<24 | d_hi<<16 | s_lo<<8 | s_hi
 *   fold(h) = h ^= h>>16; h ^= h>>8   (then >>1 for layer3+4/encap3+4)
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "bond/bond_hash.h"

/* ---- a tiny frame builder (test-local; checksums do not enter the hash) ---- */

struct fb {
	uint8_t b[512];
	size_t len;
};

static const uint8_t SMAC[6] = { 0x02, 0x00, 0x00, 0x00, 0x01, 0x00 };
static const uint8_t DMAC[6] = { 0x02, 0x00, 0x00, 0x00, 0x0a, 0x01 };

static void put(struct fb *f, const void *p, size_t n)
{
	memcpy(f->b + f->len, p, n);
	f->len += n;
}

static void put8(struct fb *f, unsigned v)
{
	f->b[f->len++] = (uint8_t)v;
}

static void put16(struct fb *f, unsigned v)
{
	put8(f, v >> 8);
	put8(f, v);
}

static void put32(struct fb *f, uint32_t v)
{
	put16(f, v >> 16);
	put16(f, v & 0xffff);
}

static void put_zero(struct fb *f, size_t n)
{
	memset(f->b + f->len, 0, n);
	f->len += n;
}

static void eth(struct fb *f, const uint8_t *dmac, const uint8_t *smac, unsigned type)
{
	f->len = 0;
	put(f, dmac, 6);
	put(f, smac, 6);
	put16(f, type);
}

static void tag(struct fb *f, unsigned tci, unsigned inner_type)
{
	put16(f, tci);
	put16(f, inner_type);
}

/* IPv4 header, ihl 5 unless options are given (their length in words) */
static void ipv4(struct fb *f, const char *src, const char *dst, unsigned proto,
		 unsigned frag_off, unsigned opt_words)
{
	unsigned a[4], b[4];

	cr_assert_eq(sscanf(src, "%u.%u.%u.%u", &a[0], &a[1], &a[2], &a[3]), 4);
	cr_assert_eq(sscanf(dst, "%u.%u.%u.%u", &b[0], &b[1], &b[2], &b[3]), 4);
	put8(f, 0x40 | (5 + opt_words));
	put8(f, 0);
	put16(f, 100);		/* total length: not hashed */
	put16(f, 0x1234);	/* id: not hashed */
	put16(f, frag_off);
	put8(f, 64);
	put8(f, proto);
	put16(f, 0);
	for (int i = 0; i < 4; i++)
		put8(f, a[i]);
	for (int i = 0; i < 4; i++)
		put8(f, b[i]);
	put_zero(f, opt_words * 4);
}

static void ipv6(struct fb *f, const uint8_t *src, const uint8_t *dst, unsigned nexthdr)
{
	put32(f, 0x60000000);
	put16(f, 100);
	put8(f, nexthdr);
	put8(f, 64);
	put(f, src, 16);
	put(f, dst, 16);
}

static void udp(struct fb *f, unsigned sport, unsigned dport)
{
	put16(f, sport);
	put16(f, dport);
	put16(f, 8);
	put16(f, 0);
}

static void tcp(struct fb *f, unsigned sport, unsigned dport)
{
	put16(f, sport);
	put16(f, dport);
	put32(f, 1);
	put32(f, 0);
	put16(f, 0x5002);	/* doff 5, SYN */
	put16(f, 65535);
	put32(f, 0);
}

static void icmp(struct fb *f, unsigned type, unsigned code, unsigned id)
{
	put8(f, type);
	put8(f, code);
	put16(f, 0);
	put16(f, id);
	put16(f, 1);		/* sequence: not hashed */
}

/* 2001:db8::1, 2001:db8:1::53, 2001:db8::fe */
static const uint8_t V6_A[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x01 };
static const uint8_t V6_B[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, [15] = 0x53 };
static const uint8_t V6_R[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0xfe };

static uint32_t h(enum bond_xmit_policy pol, const struct fb *f)
{
	struct bond_hash_input in = { .data = f->b, .len = f->len };

	return bond_xmit_hash(pol, &in);
}

static uint32_t h_vlan(enum bond_xmit_policy pol, const struct fb *f, uint16_t tci)
{
	struct bond_hash_input in = {
		.data = f->b, .len = f->len, .vlan_present = true, .vlan_tci = tci,
	};

	return bond_xmit_hash(pol, &in);
}

/* UDP 10.0.0.1:sport -> 10.0.0.2:dport (TCP if is_tcp); frag = the frag_off field */
static void v4_l4(struct fb *f, bool is_tcp, unsigned sport, unsigned dport, unsigned frag)
{
	eth(f, DMAC, SMAC, 0x0800);
	ipv4(f, "10.0.0.1", "10.0.0.2", is_tcp ? 6 : 17, frag, 0);
	if (is_tcp)
		tcp(f, sport, dport);
	else
		udp(f, sport, dport);
}

/* UDP 10.0.0.1:1000 -> 10.0.0.2:2000 behind one 802.1Q tag in the bytes */
static void v4_tagged(struct fb *f, unsigned tci)
{
	eth(f, DMAC, SMAC, 0x8100);
	tag(f, tci, 0x0800);
	ipv4(f, "10.0.0.1", "10.0.0.2", 17, 0, 0);
	udp(f, 1000, 2000);
}

/* ... behind an 802.1ad tag (VLAN 100) and an 802.1Q tag (VLAN 10) */
static void v4_qinq(struct fb *f)
{
	eth(f, DMAC, SMAC, 0x88a8);
	tag(f, 100, 0x8100);
	tag(f, 10, 0x0800);
	ipv4(f, "10.0.0.1", "10.0.0.2", 17, 0, 0);
	udp(f, 1000, 2000);
}

/* ---- policy names ---- */

Test(bond_hash, policy_names_and_numbers)
{
	static const char *const names[] = {
		"layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac",
	};
	enum bond_xmit_policy p;

	for (int i = 0; i < 6; i++) {
		char num[2] = { (char)('0' + i), '\0' };

		cr_assert_str_eq(bond_xmit_policy_name((enum bond_xmit_policy)i), names[i]);
		p = BOND_XMIT_POLICY_LAYER2;
		cr_assert(bond_xmit_policy_parse(names[i], &p));
		cr_assert_eq(p, (enum bond_xmit_policy)i);
		p = BOND_XMIT_POLICY_LAYER2;
		cr_assert(bond_xmit_policy_parse(num, &p));
		cr_assert_eq(p, (enum bond_xmit_policy)i);
	}
	p = BOND_XMIT_POLICY_ENCAP23;
	cr_assert_not(bond_xmit_policy_parse("layer3", &p));
	cr_assert_not(bond_xmit_policy_parse("6", &p));
	cr_assert_not(bond_xmit_policy_parse("", &p));
	cr_assert_not(bond_xmit_policy_parse("10", &p));
	cr_assert_not(bond_xmit_policy_parse(NULL, &p));
	cr_assert_eq(p, BOND_XMIT_POLICY_ENCAP23, "a failed parse leaves *out alone");
	cr_assert_str_eq(bond_xmit_policy_name((enum bond_xmit_policy)6), "unknown");
	/* the enum carries the kernel's numbers */
	cr_assert_eq(BOND_XMIT_POLICY_LAYER34, 1);
	cr_assert_eq(BOND_XMIT_POLICY_LAYER23, 2);
	cr_assert_eq(BOND_XMIT_POLICY_VLAN_SRCMAC, 5);
}

/* ---- layer2 ---- */

Test(bond_hash, layer2_includes_the_ethertype)
{
	struct fb f;

	/* 0x01 ^ 0x0800 = 0x0801 = 2049: slaves 2 -> 1, 3 -> 0, 4 -> 1 */
	v4_l4(&f, false, 1000, 2000, 0);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER2, &f), 2049u);

	/* 0x01 ^ 0x86dd = 0x86dc = 34524: slaves 2 -> 0, 4 -> 0 */
	eth(&f, DMAC, SMAC, 0x86dd);
	ipv6(&f, V6_A, V6_B, 17);
	udp(&f, 1000, 2000);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER2, &f), 34524u);

	/* 0x01 ^ 0x0806 = 0x0807 = 2055: slaves 2 -> 1, 4 -> 3 */
	eth(&f, DMAC, SMAC, 0x0806);
	put_zero(&f, 28);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER2, &f), 2055u);

	/* same MACs, three ethertypes, three slaves of four (§9) */
	cr_assert_eq(2049u % 4, 1u);
	cr_assert_eq(34524u % 4, 0u);
	cr_assert_eq(2055u % 4, 3u);
	/* and on two slaves IPv4 and IPv6 part */
	cr_assert_neq(2049u % 2, 34524u % 2);
}

Test(bond_hash, layer2_ignores_everything_above)
{
	struct fb a, b;

	/* different IPs, ports and protocol: still 0x0801 */
	v4_l4(&a, false, 1, 2, 0);
	eth(&b, DMAC, SMAC, 0x0800);
	ipv4(&b, "192.0.2.7", "198.51.100.9", 6, 0, 0);
	tcp(&b, 443, 55555);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER2, &a), 2049u);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER2, &b), 2049u);
}

Test(bond_hash, short_frames_hash_to_zero)
{
	struct fb f;

	/* bond_eth_hash/bond_vlan_srcmac_hash return 0 without a full header */
	v4_l4(&f, false, 1000, 2000, 0);
	f.len = 13;
	for (int p = 0; p < 5; p++)
		cr_assert_eq(h((enum bond_xmit_policy)p, &f), 0u, "policy %d", p);
	cr_assert_eq(h(BOND_XMIT_POLICY_VLAN_SRCMAC, &f), 0u);
}

/* ---- layer2+3 ---- */

Test(bond_hash, layer2_3_ipv4)
{
	struct fb f;

	/*
	 * h = 0x0801 ^ 0x03000000 = 0x03000801
	 * h ^= h>>16 (0x0300)      = 0x03000b01
	 * h ^= h>>8 (0x0003000b)   = 0x03030b0a = 50531082, no >>1
	 */
	v4_l4(&f, false, 1000, 2000, 0);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER23, &f), 50531082u);
	/* ports, protocol and fragmentation do not matter */
	v4_l4(&f, true, 7, 9, 0x2000);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER23, &f), 50531082u);
	/* ICMP echo under layer2+3: the ICMP key is dissected but not used */
	eth(&f, DMAC, SMAC, 0x0800);
	ipv4(&f, "10.0.0.1", "10.0.0.2", 1, 0, 0);
	icmp(&f, 8, 0, 0x1234);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER23, &f), 50531082u);
}

Test(bond_hash, layer2_3_ipv6)
{
	struct fb f;

	/*
	 * ipv6_addr_hash(2001:db8::1)   = 0xb80d0120 ^ 0 ^ 0 ^ 0x01000000 = 0xb90d0120
	 * ipv6_addr_hash(2001:db8:1::53) = 0xb80d0120 ^ 0x00000100 ^ 0 ^ 0x53000000
	 *                                = 0xeb0d0020
	 * h = 0x86dc ^ 0xb90d0120 ^ 0xeb0d0020 = 0x86dc ^ 0x52000100 = 0x520087dc
	 * h ^= h>>16 (0x5200) = 0x5200d5dc; h ^= h>>8 (0x005200d5) = 0x5252d509
	 *   = 1381160201
	 */
	eth(&f, DMAC, SMAC, 0x86dd);
	ipv6(&f, V6_A, V6_B, 17);
	udp(&f, 1000, 2000);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER23, &f), 1381160201u);
}

Test(bond_hash, layer2_3_arp_falls_back_to_layer2)
{
	struct fb f;

	/* bond_flow_ip() only knows IPv4/IPv6: ARP -> bond_eth_hash = 0x0807 */
	eth(&f, DMAC, SMAC, 0x0806);
	put_zero(&f, 28);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER23, &f), 2055u);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 2055u);
}

/* ---- the 49aefd131739 commit-message example (reference §8 item 6) ---- */

Test(bond_hash, commit_49aefd131739_example)
{
	/*
	 * As in the commit message (an older kernel: raw __be16 proto = 0x8):
	 *   eth 0xa0^0xe3^0x8 = 0x4b; h = 0x4b ^ 0x1e7aa8c0 ^ 0x017aa8c0 = 0x1f00004b
	 *   h ^= h>>16 -> 0x1f001f4b; h ^= h>>8 -> 0x1f1f1f54 = 522133332
	 *   eth 0xa1^0xe3^0x8 = 0x4a -> 0x1f1f1f55 = 522133333
	 * They land on different slaves of two; with the old >>1 both are
	 * 0x0f8f8faa = 261066666.
	 */
	uint32_t a = bond_xmit_hash_ip_mix(0x4b, 0x1e7aa8c0, 0x017aa8c0,
					   BOND_XMIT_POLICY_LAYER23);
	uint32_t b = bond_xmit_hash_ip_mix(0x4a, 0x1e7aa8c0, 0x017aa8c0,
					   BOND_XMIT_POLICY_LAYER23);

	cr_assert_eq(a, 522133332u);
	cr_assert_eq(b, 522133333u);
	cr_assert_neq(a % 2, b % 2);
	cr_assert_eq(bond_xmit_hash_ip_mix(0x4b, 0x1e7aa8c0, 0x017aa8c0,
					   BOND_XMIT_POLICY_LAYER34), 261066666u);
	cr_assert_eq(bond_xmit_hash_ip_mix(0x4a, 0x1e7aa8c0, 0x017aa8c0,
					   BOND_XMIT_POLICY_ENCAP34), 261066666u);
	cr_assert_eq(bond_xmit_hash_ip_mix(0x4a, 0x1e7aa8c0, 0x017aa8c0,
					   BOND_XMIT_POLICY_ENCAP23), 522133333u);
}

Test(bond_hash, commit_49aefd131739_frames_on_6x)
{
	static const uint8_t d0[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0xa0 };
	static const uint8_t d1[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0xa1 };
	static const uint8_t s[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0xe3 };
	struct fb f;

	/*
	 * The same frames on 6.x, where the proto term is ntohs() = 0x0800:
	 * 192.168.122.30 -> 0x1e7aa8c0, 192.168.122.1 -> 0x017aa8c0
	 * eth 0xa0^0xe3^0x0800 = 0x0843; h = 0x0843 ^ 0x1f000000 = 0x1f000843
	 * h ^= 0x1f00 -> 0x1f001743; h ^= 0x001f0017 -> 0x1f1f1754 = 522131284
	 * eth 0x0842 -> 0x1f1f1755 = 522131285: again split over two slaves.
	 */
	eth(&f, d0, s, 0x0800);
	ipv4(&f, "192.168.122.30", "192.168.122.1", 1, 0, 0);
	icmp(&f, 8, 0, 77);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER23, &f), 522131284u);
	eth(&f, d1, s, 0x0800);
	ipv4(&f, "192.168.122.30", "192.168.122.1", 1, 0, 0);
	icmp(&f, 8, 0, 77);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER23, &f), 522131285u);
}

/* ---- layer3+4 ---- */

Test(bond_hash, layer3_4_udp_and_tcp_share_a_hash)
{
	struct fb f;

	/*
	 * ports(1000, 2000): 1000 = 03 e8, 2000 = 07 d0 -> 0xd007e803
	 * h = 0xd007e803 ^ 0x03000000 = 0xd307e803
	 * h ^= 0xd307 -> 0xd3073b04; h ^= 0x00d3073b -> 0xd3d43c3f
	 * >>1 -> 0x69ea1e1f = 1776950815
	 */
	v4_l4(&f, false, 1000, 2000, 0);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 1776950815u);
	v4_l4(&f, true, 1000, 2000, 0);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 1776950815u);
	/* DF alone is not a fragment */
	v4_l4(&f, false, 1000, 2000, 0x4000);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 1776950815u);
	/* the CLI example: 3 slaves -> 1776950815 % 3 = 1 */
	cr_assert_eq(1776950815u % 3, 1u);
}

Test(bond_hash, layer3_4_drops_only_the_lowest_bit)
{
	struct fb f;
	uint32_t a, b;

	/*
	 * sport 1024 = 04 00, 1025 = 04 01, dport 80 = 00 50:
	 *   ports = 0x50000004 / 0x50000104
	 * 1024: h = 0x53000004; ^0x5300 -> 0x53005304; ^0x00530053 -> 0x53535357
	 *       >>1 -> 0x29a9a9ab = 698984875
	 * 1025: h = 0x53000104; ^0x5300 -> 0x53005204; ^0x00530052 -> 0x53535256
	 *       >>1 -> 0x29a9a92b = 698984747
	 * They differ only in bit 7 (128): same slave of 2 or 4, split on 3
	 * (698984875 % 3 = 1, 698984747 % 3 = 2).
	 */
	v4_l4(&f, false, 1024, 80, 0);
	a = h(BOND_XMIT_POLICY_LAYER34, &f);
	v4_l4(&f, false, 1025, 80, 0);
	b = h(BOND_XMIT_POLICY_LAYER34, &f);
	cr_assert_eq(a, 698984875u);
	cr_assert_eq(b, 698984747u);
	cr_assert_eq(a % 2, b % 2);
	cr_assert_eq(a % 4, b % 4);
	cr_assert_eq(a % 3, 1u);
	cr_assert_eq(b % 3, 2u);
}

Test(bond_hash, layer3_4_fragments_hash_without_ports)
{
	struct fb f;

	/*
	 * ports word 0: h = 0x03000000; ^0x0300 -> 0x03000300;
	 * ^0x00030003 -> 0x03030303; >>1 -> 0x01818181 = 25264513
	 */
	v4_l4(&f, false, 1000, 2000, 0x2000);	/* first fragment: MF, offset 0 */
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 25264513u);
	v4_l4(&f, true, 1000, 2000, 0x0010);	/* last fragment: offset only */
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 25264513u);
	/* encap3+4: every fragment stops before the ports too */
	v4_l4(&f, false, 1000, 2000, 0x2000);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 25264513u);
}

Test(bond_hash, layer3_4_icmp_echo_id_zero_is_id_one)
{
	struct fb f;
	uint32_t id0, id1;

	/*
	 * ICMP key {type 8, code 0, id}: id 0 is stored as 1, word 0x00010008
	 * h = 0x00010008 ^ 0x03000000 = 0x03010008; ^0x0301 -> 0x03010309;
	 * ^0x00030103 -> 0x0302020a; >>1 -> 0x01810105 = 25231621
	 */
	eth(&f, DMAC, SMAC, 0x0800);
	ipv4(&f, "10.0.0.1", "10.0.0.2", 1, 0, 0);
	icmp(&f, 8, 0, 0);
	id0 = h(BOND_XMIT_POLICY_LAYER34, &f);
	eth(&f, DMAC, SMAC, 0x0800);
	ipv4(&f, "10.0.0.1", "10.0.0.2", 1, 0, 0);
	icmp(&f, 8, 0, 1);
	id1 = h(BOND_XMIT_POLICY_LAYER34, &f);
	cr_assert_eq(id0, 25231621u);
	cr_assert_eq(id1, 25231621u);

	/* id 0x1234 (ntohs): word 0x12340008 -> h = 0x11340008; ^0x1134 ->
	 * 0x1134113c; ^0x00113411 -> 0x1125252d; >>1 -> 0x08929296 = 143823510 */
	eth(&f, DMAC, SMAC, 0x0800);
	ipv4(&f, "10.0.0.1", "10.0.0.2", 1, 0, 0);
	icmp(&f, 8, 0, 0x1234);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 143823510u);

	/* type is in the word: echo reply id 1 = 0x00010000 -> 0x01810101 = 25231617 */
	eth(&f, DMAC, SMAC, 0x0800);
	ipv4(&f, "10.0.0.1", "10.0.0.2", 1, 0, 0);
	icmp(&f, 0, 0, 1);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 25231617u);

	/* timestamp (13) has an id too: 0 -> 1, word 0x0001000d -> 0x01810107 */
	eth(&f, DMAC, SMAC, 0x0800);
	ipv4(&f, "10.0.0.1", "10.0.0.2", 1, 0, 0);
	icmp(&f, 13, 0, 0);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 25231623u);

	/* router advertisement (9) has none: ports word 0 -> 0x01818181 */
	eth(&f, DMAC, SMAC, 0x0800);
	ipv4(&f, "10.0.0.1", "10.0.0.2", 1, 0, 0);
	icmp(&f, 9, 0, 0x5555);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 25264513u);

	/* encap3+4 fills the same ICMP key through the full dissector */
	eth(&f, DMAC, SMAC, 0x0800);
	ipv4(&f, "10.0.0.1", "10.0.0.2", 1, 0, 0);
	icmp(&f, 8, 0, 0);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 25231621u);
}

/* ICMP error from router 10.0.0.254 to 10.0.0.1 quoting UDP 10.0.0.1:1000 -> 10.0.0.2:2000 */
static void icmp_error_v4(struct fb *f)
{
	eth(f, DMAC, SMAC, 0x0800);
	ipv4(f, "10.0.0.254", "10.0.0.1", 1, 0, 0);
	icmp(f, 3, 3, 0);
	ipv4(f, "10.0.0.1", "10.0.0.2", 17, 0, 0);
	udp(f, 1000, 2000);
}

Test(bond_hash, icmp_error_hashes_as_the_quoted_packet)
{
	struct fb f;

	/* layer3+4: quoted addrs and ports, error id 0 -> ports word:
	 * same as UDP 1000->2000 = 1776950815 */
	icmp_error_v4(&f);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 1776950815u);
	/* layer2+3: 0x0801 with the quoted addresses = 50531082 */
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER23, &f), 50531082u);
	/*
	 * encap3+4 does not look inside: outer 10.0.0.254 ^ 10.0.0.1 =
	 * 0xfe00000a ^ 0x0100000a = 0xff000000, ports 0;
	 * ^0xff00 -> 0xff00ff00; ^0x00ff00ff -> 0xffffffff; >>1 -> 0x7fffffff
	 */
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 0x7fffffffu);

	/* a quoted header cut short makes the whole frame fall back to layer2 */
	f.len = 14 + 20 + 8 + 19;
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 2049u);
	/* quoted header present, quoted ports not: ports 0 with the quoted
	 * addresses = 0x01818181 */
	f.len = 14 + 20 + 8 + 20 + 2;
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 25264513u);
}

Test(bond_hash, layer3_4_ipv6)
{
	struct fb f;

	/*
	 * src^dst words = 0xb90d0120 ^ 0xeb0d0020 = 0x52000100
	 * UDP 1000->2000: h = 0xd007e803 ^ 0x52000100 = 0x8207e903
	 * ^0x8207 -> 0x82076b04; ^0x0082076b -> 0x82856c6f; >>1 -> 0x4142b637
	 *   = 1094891063
	 */
	eth(&f, DMAC, SMAC, 0x86dd);
	ipv6(&f, V6_A, V6_B, 17);
	udp(&f, 1000, 2000);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 1094891063u);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 1094891063u);

	/*
	 * ICMPv6 echo request id 7: word 0x00070080
	 * h = 0x00070080 ^ 0x52000100 = 0x52070180; ^0x5207 -> 0x52075387;
	 * ^0x00520753 -> 0x525554d4; >>1 -> 0x292aaa6a = 690661994
	 */
	eth(&f, DMAC, SMAC, 0x86dd);
	ipv6(&f, V6_A, V6_B, 58);
	icmp(&f, 128, 0, 7);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 690661994u);

	/*
	 * Fragment header (44): layer3+4 takes nexthdr 44 as the protocol,
	 * which has no ports; encap3+4 stops at any fragment.
	 * h = 0x52000100; ^0x5200 -> 0x52005300; ^0x00520053 -> 0x52525353;
	 * >>1 -> 0x292929a9 = 690563497
	 */
	eth(&f, DMAC, SMAC, 0x86dd);
	ipv6(&f, V6_A, V6_B, 44);
	put8(&f, 17);
	put8(&f, 0);
	put16(&f, 0x0001);	/* offset 0, M set: the first fragment */
	put32(&f, 0xabcd);
	udp(&f, 1000, 2000);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 690563497u);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 690563497u);

	/* hop-by-hop options: layer3+4 does not walk them (ports 0), the
	 * full dissector does and finds UDP 1000->2000 */
	eth(&f, DMAC, SMAC, 0x86dd);
	ipv6(&f, V6_A, V6_B, 0);
	put8(&f, 17);
	put8(&f, 0);
	put_zero(&f, 6);
	udp(&f, 1000, 2000);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 690563497u);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 1094891063u);
}

Test(bond_hash, icmpv6_error_hashes_as_the_quoted_packet)
{
	struct fb f;

	/* dest unreachable from 2001:db8::fe quoting UDP 2001:db8::1 -> 2001:db8:1::53 */
	eth(&f, DMAC, SMAC, 0x86dd);
	ipv6(&f, V6_R, V6_A, 58);
	icmp(&f, 1, 4, 0);
	ipv6(&f, V6_A, V6_B, 17);
	udp(&f, 1000, 2000);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 1094891063u);
	/*
	 * encap3+4: outer words 0xfe0d0120 ... ipv6_addr_hash(2001:db8::fe) =
	 * 0xb80d0120 ^ 0xfe000000 = 0x460d0120; ^ 0xb90d0120 = 0xff000000
	 * -> fold 0xffffffff -> >>1 0x7fffffff
	 */
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 0x7fffffffu);
	/* echo reply (129) is not an error: id 0 -> 1, word 0x00010081 */
	eth(&f, DMAC, SMAC, 0x86dd);
	ipv6(&f, V6_A, V6_B, 58);
	icmp(&f, 129, 0, 0);
	/* h = 0x00010081 ^ 0x52000100 = 0x52010181; ^0x5201 -> 0x52015380;
	 * ^0x00520153 -> 0x525352d3; >>1 -> 0x2929a969 = 690596201 */
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 690596201u);

	/* icmpv6_is_err() is types 1-4 only: type 100 (private experimentation)
	 * is not looked into even though it is below 128.  No id, ports 0:
	 * outer 2001:db8::fe -> 2001:db8::1 = 0x7fffffff as above */
	eth(&f, DMAC, SMAC, 0x86dd);
	ipv6(&f, V6_R, V6_A, 58);
	icmp(&f, 100, 0, 0);
	ipv6(&f, V6_A, V6_B, 17);
	udp(&f, 1000, 2000);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 0x7fffffffu);
}

Test(bond_hash, layer3_4_ipv4_options_move_the_ports)
{
	struct fb f;

	/* ihl 6: the ports are read after 24 bytes, same word 0xd007e803 */
	eth(&f, DMAC, SMAC, 0x0800);
	ipv4(&f, "10.0.0.1", "10.0.0.2", 17, 0, 1);
	udp(&f, 1000, 2000);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 1776950815u);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 1776950815u);
}

Test(bond_hash, truncated_headers)
{
	struct fb f;

	/* IPv4 header cut: bond_flow_ip() fails -> layer2 0x0801 */
	v4_l4(&f, false, 1000, 2000, 0);
	f.len = 14 + 19;
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 2049u);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER23, &f), 2049u);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 2049u);
	/* full IPv4 header, no ports: addresses with ports 0 = 0x01818181 */
	f.len = 14 + 20 + 3;
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 25264513u);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 25264513u);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER23, &f), 50531082u);
}

/* ---- VLAN tags ---- */

Test(bond_hash, tag_in_bytes_takes_the_layer2_rule)
{
	struct fb f;

	/*
	 * skb->protocol is 0x8100: layer2+3/3+4 do not dissect, and the
	 * encap dissector starts past the tag (af_packet moved the network
	 * header) and reads the IP header as a VLAN header: the "inner
	 * ethertype" is the total length 100, unknown -> layer2 fallback.
	 * 0x01 ^ 0x8100 = 0x8101 = 33025 under every hashing policy.
	 */
	v4_tagged(&f, 10);
	for (int p = 0; p < 5; p++)
		cr_assert_eq(h((enum bond_xmit_policy)p, &f), 33025u, "policy %d", p);
	/* vlan+srcmac never looks at the bytes' tag: vlan 0 ^ 0x020000 ^ 0x000100 */
	cr_assert_eq(h(BOND_XMIT_POLICY_VLAN_SRCMAC, &f), 131328u);

	/* 802.1ad outer + 802.1Q inner: 0x01 ^ 0x88a8 = 0x88a9 = 34985 */
	v4_qinq(&f);
	for (int p = 0; p < 5; p++)
		cr_assert_eq(h((enum bond_xmit_policy)p, &f), 34985u, "policy %d", p);
}

Test(bond_hash, tag_outside_the_bytes)
{
	struct fb f;

	/* a VLAN device above the bond: bytes untagged, TCI out of band.
	 * Only vlan+srcmac sees it: 10 ^ 0x020000 ^ 0x000100 = 0x02010a = 131338 */
	v4_l4(&f, false, 1000, 2000, 0);
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_VLAN_SRCMAC, &f, 10), 131338u);
	/* the whole TCI counts: prio 5 -> 0xa00a ^ 0x020100 = 0x02a10a = 172298 */
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_VLAN_SRCMAC, &f, 5 << 13 | 10), 172298u);
	cr_assert_eq(h(BOND_XMIT_POLICY_VLAN_SRCMAC, &f), 131328u);
	/* the other policies hash the untagged bytes as before */
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_LAYER2, &f, 10), 2049u);
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_LAYER23, &f, 10), 50531082u);
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_LAYER34, &f, 10), 1776950815u);
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_ENCAP23, &f, 10), 50531082u);
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_ENCAP34, &f, 10), 1776950815u);
}

Test(bond_hash, tag_in_bytes_through_a_vlan_device)
{
	struct fb f;

	/*
	 * A raw socket on bond0.100 sends a frame with its own tag in the
	 * bytes (Linux 6.1 under make check-kernel did exactly this): the
	 * VLAN device's vlan_parse_protocol() makes skb->protocol 0x0800, the
	 * type inside that tag, and leaves the network header at 14, so the
	 * IPv4 header is read from the tag: bytes 00 0a 08 00 45 00 00 64 12
	 * 34 00 00 40 11 00 00 0a 00 00 01 from offset 14.  IHL 0 (byte 14),
	 * frag_off 0x0064 (bytes 20-21: a fragment, so no ports), "source"
	 * bytes 26-29 40 11 00 00 (le 0x00001140), "destination" 0a 00 00 01
	 * (le 0x0100000a): XOR 0x0100114a.
	 *   layer3+4: fold(0x0100114a) = 0x0101105a, >>1 = 0x0080882d = 8423469
	 *   layer2+3: 0x8101 ^ 0x0100114a = 0x0100904b, fold = 0x010191da = 16880090
	 *   encap: __skb_flow_dissect() refuses IHL < 5: layer2 rule, 0x8101 = 33025
	 */
	v4_tagged(&f, 10);
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_LAYER34, &f, 100), 8423469u);
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_LAYER23, &f, 100), 16880090u);
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_ENCAP23, &f, 100), 33025u);
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_ENCAP34, &f, 100), 33025u);
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_LAYER2, &f, 100), 33025u);
	/* vlan 100 ^ 0x020000 ^ 0x000100 = 0x020164 */
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_VLAN_SRCMAC, &f, 100), 131428u);

	/* VID 0x5e3: byte 14 is 0x05, an IHL of 5, and the encap dissector
	 * takes the same addresses (a fragment ends its walk "good") */
	v4_tagged(&f, 0x5e3);
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_ENCAP23, &f, 100), 16880090u);
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_ENCAP34, &f, 100), 8423469u);
	/* without the VLAN device: skb->protocol 0x8100, the layer2 rule */
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 33025u);

	/* two tags in the bytes: the protocol inside the first is a tag again,
	 * so the network header moves past both, as without the device */
	v4_qinq(&f);
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_LAYER34, &f, 7), 34985u);
}

/* ---- encap policies ---- */

Test(bond_hash, encap3_4_arp_goes_to_slave_0)
{
	struct fb f;

	/* ARP dissects "good" with no addresses or ports: fold(0) = 0 */
	eth(&f, DMAC, SMAC, 0x0806);
	put16(&f, 1);
	put16(&f, 0x0800);
	put8(&f, 6);
	put8(&f, 4);
	put16(&f, 1);
	put(&f, SMAC, 6);
	put32(&f, 0x0a000001);
	put_zero(&f, 6);
	put32(&f, 0x0a000002);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 0u);
	/* encap2+3 folds the layer2 hash: 0x0807 ^ 0x08 = 0x080f = 2063 */
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP23, &f), 2063u);
	/* MPLS likewise: encap3+4 0; encap2+3 0x8846 ^ 0x88 = 0x88ce = 35022 */
	eth(&f, DMAC, SMAC, 0x8847);
	put32(&f, 0x00010140);
	ipv4(&f, "10.0.0.1", "10.0.0.2", 17, 0, 0);
	udp(&f, 1000, 2000);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 0u);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP23, &f), 35022u);
	/* an unknown ethertype fails the dissector: layer2 0x01 ^ 0x88b5 */
	eth(&f, DMAC, SMAC, 0x88b5);
	put_zero(&f, 46);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 0x88b4u);
}

Test(bond_hash, encap3_4_uses_the_socket_hash)
{
	struct fb f;
	struct bond_hash_input in;

	v4_l4(&f, true, 1000, 2000, 0);
	in = (struct bond_hash_input){
		.data = f.b, .len = f.len, .l4_hash = true, .skb_hash = 0xdeadbeef,
	};
	cr_assert_eq(bond_xmit_hash(BOND_XMIT_POLICY_ENCAP34, &in), 0xdeadbeefu);
	/* no other policy looks at skb->hash */
	cr_assert_eq(bond_xmit_hash(BOND_XMIT_POLICY_LAYER34, &in), 1776950815u);
	cr_assert_eq(bond_xmit_hash(BOND_XMIT_POLICY_ENCAP23, &in), 50531082u);
	in.l4_hash = false;
	cr_assert_eq(bond_xmit_hash(BOND_XMIT_POLICY_ENCAP34, &in), 1776950815u);
}

/* outer 192.168.1.1 -> 172.16.0.9 (le 0x0101a8c0 ^ 0x090010ac = 0x0801b86c) */
static void outer_v4(struct fb *f, unsigned proto)
{
	eth(f, DMAC, SMAC, 0x0800);
	ipv4(f, "192.168.1.1", "172.16.0.9", proto, 0, 0);
}

Test(bond_hash, gre_only_encap_looks_inside)
{
	struct fb f;

	outer_v4(&f, 47);
	put16(&f, 0x0000);
	put16(&f, 0x0800);
	ipv4(&f, "10.0.0.1", "10.0.0.2", 17, 0, 0);
	udp(&f, 1000, 2000);
	/*
	 * layer3+4: outer addresses, protocol 47 has no ports:
	 *   h = 0x0801b86c; ^0x0801 -> 0x0801b06d; ^0x000801b0 -> 0x0809b1dd;
	 *   >>1 -> 0x0404d8ee = 67426542
	 * layer2+3: 0x0801 ^ 0x0801b86c = 0x0801b06d; ^0x0801 -> 0x0801b86c;
	 *   ^0x000801b8 -> 0x0809b9d4 = 134855124
	 */
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 67426542u);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER23, &f), 134855124u);
	/* encap: the inner packet, as if sent bare */
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 1776950815u);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP23, &f), 50531082u);

	/* GRE with checksum, key and sequence: 12 more bytes to skip */
	outer_v4(&f, 47);
	put16(&f, 0xb000);
	put16(&f, 0x0800);
	put32(&f, 0);
	put32(&f, 42);
	put32(&f, 7);
	ipv4(&f, "10.0.0.1", "10.0.0.2", 17, 0, 0);
	udp(&f, 1000, 2000);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 1776950815u);

	/* transparent Ethernet bridging: an inner Ethernet header */
	outer_v4(&f, 47);
	put16(&f, 0x2000);
	put16(&f, 0x6558);
	put32(&f, 5);
	put(&f, DMAC, 6);
	put(&f, SMAC, 6);
	put16(&f, 0x0800);
	ipv4(&f, "10.0.0.1", "10.0.0.2", 6, 0, 0);
	tcp(&f, 1000, 2000);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 1776950815u);

	/* source routing set: the dissector stops at the outer header */
	outer_v4(&f, 47);
	put16(&f, 0x4000);
	put16(&f, 0x0800);
	ipv4(&f, "10.0.0.1", "10.0.0.2", 17, 0, 0);
	udp(&f, 1000, 2000);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 67426542u);
}

Test(bond_hash, ip_in_ip)
{
	struct fb f;

	outer_v4(&f, 4);
	ipv4(&f, "10.0.0.1", "10.0.0.2", 17, 0, 0);
	udp(&f, 1000, 2000);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 67426542u);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 1776950815u);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP23, &f), 50531082u);

	/* 6in4: the inner IPv6 flow (1094891063, from layer3_4_ipv6) */
	outer_v4(&f, 41);
	ipv6(&f, V6_A, V6_B, 17);
	udp(&f, 1000, 2000);
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 67426542u);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 1094891063u);
}

Test(bond_hash, pppoe_only_encap_looks_inside)
{
	struct fb f;

	eth(&f, DMAC, SMAC, 0x8864);
	put8(&f, 0x11);
	put8(&f, 0);
	put16(&f, 0x0001);
	put16(&f, 48);
	put16(&f, 0x0021);
	ipv4(&f, "10.0.0.1", "10.0.0.2", 17, 0, 0);
	udp(&f, 1000, 2000);
	/* layer3+4: not IP -> layer2 0x01 ^ 0x8864 = 0x8865 = 34917 */
	cr_assert_eq(h(BOND_XMIT_POLICY_LAYER34, &f), 34917u);
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP34, &f), 1776950815u);
	/* encap2+3: 0x8865 ^ 0x03000000 = 0x03008865; ^0x0300 -> 0x03008b65;
	 * ^0x0003008b -> 0x03038bee = 50564078 */
	cr_assert_eq(h(BOND_XMIT_POLICY_ENCAP23, &f), 50564078u);
}

/* ---- vlan+srcmac ---- */

Test(bond_hash, vlan_srcmac_ignores_destination_and_layer3)
{
	static const uint8_t s[6] = { 0x00, 0x1b, 0x21, 0xaa, 0xbb, 0xcc };
	struct fb f;

	/* 0x001b21 ^ 0xaabbcc = 0xaaa0ed = 11182317; ^ vid 7 -> 0xaaa0ea = 11182314 */
	eth(&f, DMAC, s, 0x86dd);
	ipv6(&f, V6_A, V6_B, 17);
	udp(&f, 1, 2);
	cr_assert_eq(h(BOND_XMIT_POLICY_VLAN_SRCMAC, &f), 11182317u);
	cr_assert_eq(h_vlan(BOND_XMIT_POLICY_VLAN_SRCMAC, &f, 7), 11182314u);
	eth(&f, SMAC, s, 0x0806);
	cr_assert_eq(h(BOND_XMIT_POLICY_VLAN_SRCMAC, &f), 11182317u);
}
