/*
 * wire.h - the wire format: header constants, big-endian fields, checksums.
 *
 * DOC: Every number a model needs to build or read a frame lives here, once:
 * Ethernet (sizes, padding, what a frame costs on the line), 802.1Q/802.1ad
 * tags, ARP, IPv4, IPv6, ICMP, UDP, TCP and the slow protocols (LACP,
 * Marker), plus the ethertypes and IP protocols that the bonding hash's flow
 * dissector knows.  Names carry a WIRE_ prefix because bondsim never
 * includes the system's network headers, whose ETH_P_* and IPPROTO_* would
 * clash.  Addresses and ports are host-order integers in the API; only the
 * readers and writers below know the byte order.
 *
 * Reading a frame's headers is dissect.h's job: one dissector for the host
 * stack, the switch and the bond.
 */
#ifndef BONDSIM_WIRE_H
#define BONDSIM_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Ethernet (IEEE 802.3) */
#define WIRE_ETH_ALEN		6
#define WIRE_ETH_HLEN		14	/* destination, source, type */
#define WIRE_ETH_OFF_DST	0
#define WIRE_ETH_OFF_SRC	6
#define WIRE_ETH_OFF_TYPE	12
#define WIRE_ETH_ZLEN		60	/* minimum frame without FCS: shorter ones padded */
#define WIRE_ETH_FCS_LEN	4
#define WIRE_ETH_PREAMBLE_LEN	8	/* preamble and start-of-frame delimiter */
#define WIRE_ETH_IFG_LEN	12	/* minimum inter-frame gap */
/* What the line carries besides the frame itself. */
#define WIRE_ETH_OVERHEAD	(WIRE_ETH_PREAMBLE_LEN + WIRE_ETH_IFG_LEN)
/* pcap's LINKTYPE_ETHERNET: frames from the destination MAC on, no FCS. */
#define WIRE_ETH_PCAP_LINKTYPE	1

/* Ethertypes */
#define WIRE_ETH_P_IP		0x0800
#define WIRE_ETH_P_ARP		0x0806
#define WIRE_ETH_P_BATMAN	0x4305
#define WIRE_ETH_P_TEB		0x6558	/* transparent Ethernet bridging (GRE) */
#define WIRE_ETH_P_RARP		0x8035
#define WIRE_ETH_P_8021Q	0x8100
#define WIRE_ETH_P_IPV6		0x86DD
#define WIRE_ETH_P_SLOW		0x8809	/* slow protocols: LACP, Marker */
#define WIRE_ETH_P_MPLS_UC	0x8847
#define WIRE_ETH_P_MPLS_MC	0x8848
#define WIRE_ETH_P_PPP_SES	0x8864	/* PPPoE session */
#define WIRE_ETH_P_8021AD	0x88A8	/* service tag (QinQ outer) */
#define WIRE_ETH_P_1588		0x88F7	/* PTP */
#define WIRE_ETH_P_PRP		0x88FB
#define WIRE_ETH_P_CFM		0x8902
#define WIRE_ETH_P_FCOE		0x8906
#define WIRE_ETH_P_HSR		0x892F

/* 802.1Q / 802.1ad tag: TPID (the ethertype above), then TCI and the inner type */
#define WIRE_VLAN_HLEN		4
#define WIRE_VLAN_VID_MASK	0x0FFF
#define WIRE_VLAN_PRIO_SHIFT	13
#define WIRE_VLAN_MAX_DEPTH	7	/* tags walked, as the kernel's __vlan_get_protocol */
#define WIRE_VLAN_OFF_TCI	(WIRE_ETH_OFF_TYPE + 2)	/* an outer tag's TCI, from the frame's start */
#define WIRE_VLAN_VID_MAX	4094	/* 0: priority-tagged, 4095: reserved (802.1Q Table 9-2) */

/* Slow protocols (802.3 Annex 57A): LACPDUs and Markers */
#define WIRE_SLOW_SUBTYPE_LACP		1
#define WIRE_SLOW_SUBTYPE_MARKER	2
extern const uint8_t wire_slow_proto_mac[WIRE_ETH_ALEN];	/* 01:80:c2:00:00:02 */
/*
 * 802.1AX-2014 6.4.2.3 (LACPDU) and 6.5.3.3 (Marker PDU), offsets from the
 * subtype byte.  Both bodies are 110 bytes; the Ethernet header makes 124.
 */
#define WIRE_SLOW_PDU_LEN		110
#define WIRE_SLOW_OFF_SUBTYPE		0
#define WIRE_SLOW_OFF_VERSION		1
#define WIRE_SLOW_VERSION		1
#define WIRE_LACP_OFF_ACTOR_TLV		2	/* type 1, length 20 */
#define WIRE_LACP_OFF_PARTNER_TLV	22	/* type 2, length 20 */
#define WIRE_LACP_OFF_COLLECTOR_TLV	42	/* type 3, length 16 */
#define WIRE_LACP_OFF_TERM_TLV		58	/* type 0, length 0, then 50 reserved */
#define WIRE_LACP_INFO_LEN		20
#define WIRE_LACP_COLLECTOR_LEN		16
/* within an actor or partner TLV, from its type byte */
#define WIRE_LACP_INFO_OFF_SYS_PRIO	2
#define WIRE_LACP_INFO_OFF_SYSTEM	4
#define WIRE_LACP_INFO_OFF_KEY		10
#define WIRE_LACP_INFO_OFF_PORT_PRIO	12
#define WIRE_LACP_INFO_OFF_PORT		14
#define WIRE_LACP_INFO_OFF_STATE	16
#define WIRE_LACP_COLLECTOR_OFF_DELAY	2
#define WIRE_MARKER_OFF_TLV		2	/* type 1 information / 2 response, length 16 */
#define WIRE_MARKER_INFO_LEN		16
#define WIRE_MARKER_OFF_PORT		4
#define WIRE_MARKER_OFF_SYSTEM		6
#define WIRE_MARKER_OFF_TID		12
#define WIRE_MARKER_OFF_TERM_TLV	18	/* after 2 pad bytes */
/*
 * 802.1D Table 7-10, the kernel's is_link_local_ether_addr(): 01-80-C2-00-00-00
 * to -0F (BPDUs, pause, LACP) are never relayed by a bridge and never moved
 * up by a bond.
 */
static inline bool wire_mac_is_link_local(const uint8_t d[WIRE_ETH_ALEN])
{
	return d[0] == 0x01 && d[1] == 0x80 && d[2] == 0xc2 && d[3] == 0 && d[4] == 0 &&
	       (d[5] & 0xf0) == 0;
}

/*
 * An 802.1Q tag in a frame's header bytes (@hdr: hdr_len bytes in a buffer
 * with room for 4 more).  Push puts TPID 0x8100 and @tci after the source
 * MAC; pop takes the outer tag out.  The caller owns the bytes and adds or
 * takes WIRE_VLAN_HLEN from the frame's lengths.
 */
static inline bool wire_has_8021q_tag(const uint8_t *hdr, size_t hdr_len)
{
	return hdr_len >= WIRE_ETH_HLEN + WIRE_VLAN_HLEN &&
	       hdr[WIRE_ETH_OFF_TYPE] == (WIRE_ETH_P_8021Q >> 8) &&
	       hdr[WIRE_ETH_OFF_TYPE + 1] == (WIRE_ETH_P_8021Q & 0xff);
}

static inline void wire_vlan_push(uint8_t *hdr, size_t hdr_len, uint16_t tci)
{
	memmove(hdr + WIRE_ETH_OFF_TYPE + WIRE_VLAN_HLEN, hdr + WIRE_ETH_OFF_TYPE,
		hdr_len - WIRE_ETH_OFF_TYPE);
	hdr[WIRE_ETH_OFF_TYPE] = WIRE_ETH_P_8021Q >> 8;
	hdr[WIRE_ETH_OFF_TYPE + 1] = WIRE_ETH_P_8021Q & 0xff;
	hdr[WIRE_VLAN_OFF_TCI] = (uint8_t)(tci >> 8);
	hdr[WIRE_VLAN_OFF_TCI + 1] = (uint8_t)tci;
}

static inline void wire_vlan_pop(uint8_t *hdr, size_t hdr_len)
{
	memmove(hdr + WIRE_ETH_OFF_TYPE, hdr + WIRE_ETH_OFF_TYPE + WIRE_VLAN_HLEN,
		hdr_len - WIRE_ETH_OFF_TYPE - WIRE_VLAN_HLEN);
}

/* ARP for IPv4 over Ethernet (RFC 826) */
#define WIRE_ARP_LEN		28
#define WIRE_ARPHRD_ETHER	1
#define WIRE_ARP_OP_REQUEST	1
#define WIRE_ARP_OP_REPLY	2
#define WIRE_ARP_OFF_HTYPE	0
#define WIRE_ARP_OFF_PTYPE	2
#define WIRE_ARP_OFF_HLEN	4
#define WIRE_ARP_OFF_PLEN	5
#define WIRE_ARP_OFF_OP		6
#define WIRE_ARP_OFF_SHA	8
#define WIRE_ARP_OFF_SPA	14
#define WIRE_ARP_OFF_THA	18
#define WIRE_ARP_OFF_TPA	24

/* IPv4 (RFC 791) */
#define WIRE_IPV4_HLEN		20	/* without options */
#define WIRE_IPV4_OFF_TOT_LEN	2
#define WIRE_IPV4_OFF_ID	4
#define WIRE_IPV4_OFF_FRAG	6	/* flags and fragment offset */
#define WIRE_IPV4_OFF_TTL	8
#define WIRE_IPV4_OFF_PROTO	9
#define WIRE_IPV4_OFF_CSUM	10
#define WIRE_IPV4_OFF_SRC	12
#define WIRE_IPV4_OFF_DST	16
#define WIRE_IP_DF		0x4000
#define WIRE_IP_MF		0x2000
#define WIRE_IP_OFFSET		0x1FFF	/* in 8-byte units */

/* IPv6 (RFC 8200) */
#define WIRE_IPV6_HLEN		40
#define WIRE_IPV6_OFF_NEXTHDR	6
#define WIRE_IPV6_OFF_SRC	8
#define WIRE_IPV6_OFF_DST	24
#define WIRE_IPV6_FRAG_HLEN	8

/* IP protocol numbers */
#define WIRE_IPPROTO_HOPOPTS	0
#define WIRE_IPPROTO_ICMP	1
#define WIRE_IPPROTO_IGMP	2
#define WIRE_IPPROTO_IPIP	4
#define WIRE_IPPROTO_TCP	6
#define WIRE_IPPROTO_UDP	17
#define WIRE_IPPROTO_DCCP	33
#define WIRE_IPPROTO_IPV6	41
#define WIRE_IPPROTO_ROUTING	43
#define WIRE_IPPROTO_FRAGMENT	44
#define WIRE_IPPROTO_GRE	47
#define WIRE_IPPROTO_ESP	50
#define WIRE_IPPROTO_AH		51
#define WIRE_IPPROTO_ICMPV6	58
#define WIRE_IPPROTO_DSTOPTS	60
#define WIRE_IPPROTO_SCTP	132
#define WIRE_IPPROTO_UDPLITE	136
#define WIRE_IPPROTO_MPLS	137

/* ICMP (RFC 792) and ICMPv6 (RFC 4443): type, code, checksum, then id and sequence */
#define WIRE_ICMP_HLEN		8
#define WIRE_ICMP_OFF_CSUM	2
#define WIRE_ICMP_OFF_ID	4
#define WIRE_ICMP_OFF_SEQ	6
#define WIRE_ICMP_ECHOREPLY	0
#define WIRE_ICMP_ECHO		8
#define WIRE_ICMPV6_ND_NS	135	/* neighbour solicitation (RFC 4861) */
#define WIRE_ICMPV6_ND_NA	136	/* neighbour advertisement */

/* UDP (RFC 768) and TCP (RFC 9293) */
#define WIRE_UDP_HLEN		8
#define WIRE_UDP_OFF_LEN	4
#define WIRE_UDP_OFF_CSUM	6
#define WIRE_TCP_HLEN		20	/* without options */
#define WIRE_TCP_OFF_CSUM	16

/* Big-endian (network order) fields. */
/* A tag protocol identifier: an 802.1Q or 802.1ad tag follows, not a payload. */
static inline bool wire_eth_type_is_vlan(uint16_t type)
{
	return type == WIRE_ETH_P_8021Q || type == WIRE_ETH_P_8021AD;
}

static inline uint16_t wire_rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t wire_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t wire_rd64(const uint8_t *p)
{
	return (uint64_t)wire_rd32(p) << 32 | wire_rd32(p + 4);
}

/*
 * The writers store the swapped value in one go: GCC merges the byte
 * stores of a lone field well, but not those of a whole header written
 * field by field, which it assembles byte by byte in registers instead.
 */
static inline void wire_wr16(uint8_t *p, uint16_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap16(v);
#endif
	memcpy(p, &v, sizeof(v));
}

static inline void wire_wr32(uint8_t *p, uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	memcpy(p, &v, sizeof(v));
}

/*
 * Ethernet lengths of a frame of @len bytes (destination MAC to payload):
 * as a NIC sends it, padded to 60 bytes (what a capture records), and on
 * the wire with its FCS (what the line carries, before WIRE_ETH_OVERHEAD).
 */
static inline uint32_t wire_eth_padded_len(uint32_t len)
{
	return len < WIRE_ETH_ZLEN ? WIRE_ETH_ZLEN : len;
}

static inline uint32_t wire_eth_len(uint32_t len)
{
	return wire_eth_padded_len(len) + WIRE_ETH_FCS_LEN;
}

/*
 * The Internet checksum (RFC 1071): add 16-bit words into a 32-bit sum
 * (an odd last byte is the high half of a word), fold the carries and
 * complement.  A received header is intact when the fold of its sum,
 * checksum field included, is 0.  Payload bytes bondsim does not carry are
 * zeros and add nothing.
 *
 * Every frame is summed several times on its way (IPv4 header and transport
 * checksum when sent, both again when received), so these are inline and
 * take the bytes eight at a time.  The sum is still exactly the plain one,
 * word by word modulo 2^32, not merely equal after folding: callers and
 * tests may carry an unfolded sum from one call into the next.
 *
 * Eight bytes at a time: a big-endian 64-bit load is four words, which
 * two masks turn into two 32-bit lanes of two words each.  A step adds at
 * most 2 * 0xffff to a lane, so for up to WIRE_CSUM_CHUNK bytes no lane
 * carries into the other; wire_csum_add_long() cuts longer runs into chunks.
 */
#define WIRE_CSUM_CHUNK		(8 * 32767)

uint32_t wire_csum_add_long(uint32_t sum, const uint8_t *p, size_t n);

static inline uint32_t wire_csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	const uint64_t lo_words = 0x0000ffff0000ffffull;
	uint64_t lanes = 0, total = sum;

	if (n > WIRE_CSUM_CHUNK)
		return wire_csum_add_long(sum, p, n);
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w = wire_rd64(p);

		lanes += (w & lo_words) + (w >> 16 & lo_words);
	}
	total += (lanes >> 32) + (lanes & 0xffffffff);
	if (n >= 4) {
		total += wire_rd16(p) + wire_rd16(p + 2);
		p += 4;
		n -= 4;
	}
	if (n >= 2) {
		total += wire_rd16(p);
		p += 2;
		n -= 2;
	}
	if (n)
		total += (uint32_t)p[0] << 8;
	return (uint32_t)total;
}

/*
 * wire_csum_add() of bytes just written by narrower stores, 16 bits a
 * step: a wide load that spans several pending stores cannot be forwarded
 * from them and waits until they reach the cache.
 */
static inline uint32_t wire_csum_add_words(uint32_t sum, const uint8_t *p, size_t n)
{
	for (; n >= 2; p += 2, n -= 2)
		sum += wire_rd16(p);
	if (n)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

/*
 * wire_csum_add() of a header that is nearly always @usual bytes long (a
 * constant): that length gets a copy of its own, which the compiler
 * unrolls, and any other takes the loop.
 */
static inline uint32_t wire_csum_add_usual(uint32_t sum, const uint8_t *p, size_t n,
					   size_t usual)
{
	if (n == usual)
		return wire_csum_add(sum, p, usual);
	return wire_csum_add(sum, p, n);
}

static inline uint16_t wire_csum_fold(uint32_t sum)
{
	/* twice is enough: the first leaves at most 0x1fffe, the second 0xffff */
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/*
 * The IPv4 pseudo-header of UDP and TCP: addresses in host order, @l4_len =
 * header + payload.  Its words are src and dst in halves, zero and the
 * protocol, and the length: summed directly rather than written out first.
 */
static inline uint32_t wire_csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto,
					uint32_t l4_len)
{
	return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + proto +
	       (l4_len & 0xffff);
}

/* ICMP and ICMPv6 types whose header carries an identifier (echo, timestamp). */
bool wire_icmp_has_id(uint8_t type);
/* Error messages that quote the packet that caused them, after their 8-byte header. */
bool wire_icmp_is_error(uint8_t ip_proto, uint8_t type);

#endif /* BONDSIM_WIRE_H */
