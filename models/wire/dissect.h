/*
 * dissect.h - the one frame dissector: what a frame's header bytes say.
 *
 * DOC: wire_dissect() walks a frame once, from the destination MAC on, and
 * fills a struct wire_pkt: Ethernet and its tags, then ARP, IPv4 or IPv6,
 * then the transport header.  The flags say which layers were found and
 * whether they hold together; a field is only meaningful when its flag is
 * set.  Nothing is read beyond @len: a truncated frame simply stops
 * earlier.  The host stack, the switch's LAG hash and the bond's xmit hash
 * all read frames through it.
 *
 * Without options it reads a frame as a host or a switch does: tags are
 * skipped (up to WIRE_VLAN_MAX_DEPTH, the first two recorded); an IPv4
 * header needs an IHL of 5 or more to go further; a fragment stops before
 * the transport header.  The WIRE_DISSECT_* options reproduce, quirk for
 * quirk, the two Linux flow dissectors the bonding xmit hash runs (see
 * bond_hash.c): bond_flow_dissect() for layer2+3 and layer3+4 is
 * SKB_PROTO | TRUST_IHL | ICMP_QUOTE, __skb_flow_dissect() with the bonding
 * keys for the encap policies is SKB_PROTO | ENCAP (| OOB_VLAN); a frame
 * sent through a VLAN device above the bond adds VLAN_DEV to either.
 */
#ifndef BONDSIM_DISSECT_H
#define BONDSIM_DISSECT_H

#include "sim.h"
#include "wire.h"

enum wire_dissect_opts {
	/*
	 * Start layer 3 the way af_packet leaves an skb: from the outer
	 * ethertype (skb->protocol, 0x8100 for a tagged frame) at the offset
	 * past the tags in the bytes, or at 14 when they cannot be walked or
	 * end in type 0.  A tagged frame is then not IP, or (ENCAP) its IP
	 * header is read as one more tag.
	 */
	WIRE_DISSECT_SKB_PROTO = 1 << 0,
	/*
	 * A tag rides outside the bytes (skb_vlan_tag_present): with ENCAP,
	 * the first tag step at layer 3 consumes nothing and starts over from
	 * the outer ethertype.
	 */
	WIRE_DISSECT_OOB_VLAN = 1 << 1,
	/*
	 * With SKB_PROTO: the frame was sent through a VLAN device above the
	 * bond (af_packet on bond0.100).  The bond offers VLAN transmit
	 * offload, so the VLAN device parses with vlan_parse_protocol():
	 * skb->protocol is the type inside the first tag in the bytes (the
	 * outer type when there is none), and the network header stays at 14
	 * unless that type is a tag again.  A single tag in the bytes thus
	 * leaves layer 3 reading the tag as an IP header.
	 */
	WIRE_DISSECT_VLAN_DEV = 1 << 7,
	/* bond_flow_ip(): the IHL is trusted, even below 5, to find layer 4. */
	WIRE_DISSECT_TRUST_IHL = 1 << 2,
	/*
	 * bond_flow_dissect(): an ICMP error takes its addresses and ports from
	 * the IP header it quotes, read as the outer protocol; the ICMP fields
	 * stay the error's.  A truncated quoted header makes the frame bad.
	 */
	WIRE_DISSECT_ICMP_QUOTE = 1 << 3,
	/*
	 * __skb_flow_dissect() with flags 0: also through tags at layer 3,
	 * PPPoE, MPLS (stops there), GRE (and PPTP, TEB), IP-in-IP, 6in4,
	 * IPv6 extension and fragment headers, batman-adv, HSR/PRP; FCoE, PTP,
	 * CFM, ARP and RARP end the walk "good".  The innermost IP header and
	 * transport header win; at most 15 steps.
	 */
	WIRE_DISSECT_ENCAP = 1 << 4,
	/* Stop after Ethernet and its tags (the MAC-based hashes need no more). */
	WIRE_DISSECT_L2_ONLY = 1 << 5,
	/*
	 * Walk even the common frame (untagged IPv4/UDP or TCP) step by step
	 * instead of reading it in one go: the same result, for the tests
	 * that check exactly that.
	 */
	WIRE_DISSECT_FULL_WALK = 1 << 6,
};

enum wire_pkt_flags {
	WIRE_PKT_ETH = 1 << 0,		/* dst, src, eth_type */
	WIRE_PKT_VLAN = 1 << 1,		/* n_vlan > 0 */
	WIRE_PKT_ARP = 1 << 2,		/* a whole Ethernet/IPv4 ARP body: arp */
	WIRE_PKT_IPV4 = 1 << 3,		/* 20 bytes of IPv4 header: ip_* */
	/* version 4, IHL >= 5, options inside the bytes, total length >= header */
	WIRE_PKT_IPV4_VALID = 1 << 4,
	WIRE_PKT_IPV6 = 1 << 5,		/* 40 bytes of IPv6 header: ip6_*, ip_proto */
	WIRE_PKT_FRAG = 1 << 6,		/* an IP fragment (first or not): no layer 4 */
	WIRE_PKT_PORTS = 1 << 7,	/* sport, dport */
	WIRE_PKT_UDP = 1 << 8,		/* a whole UDP header: udp_len */
	WIRE_PKT_ICMP = 1 << 9,		/* a whole ICMP or ICMPv6 header: icmp_* */
	/*
	 * The walk stopped at a header it could not read: truncated,
	 * malformed, or an ethertype it does not know (the kernel's
	 * FLOW_DISSECT_RET_OUT_BAD).
	 */
	WIRE_PKT_BAD = 1 << 10,
};

struct wire_vlan {
	uint16_t tpid;			/* 0x8100 or 0x88a8 */
	uint16_t tci;			/* priority, DEI, VLAN id */
};

struct wire_arp {
	uint16_t op;
	uint8_t sha[WIRE_ETH_ALEN], tha[WIRE_ETH_ALEN];
	uint32_t sip, tip;		/* host order */
};

struct wire_pkt {
	uint32_t flags;			/* enum wire_pkt_flags */
	/* layer 2 */
	uint8_t dst[WIRE_ETH_ALEN], src[WIRE_ETH_ALEN];
	uint16_t eth_type;		/* the type after the source MAC: a TPID if tagged */
	uint8_t n_vlan;			/* tags walked in the bytes */
	struct wire_vlan vlan[2];	/* the outer two of them */
	uint16_t ethertype;		/* the protocol after the tags */
	uint32_t l3_off;		/* where it starts */
	struct wire_arp arp;
	/* layer 3: the innermost IP header (only one without ENCAP) */
	uint32_t ip_src, ip_dst;	/* IPv4, host order */
	uint8_t ip6_src[16], ip6_dst[16];
	uint8_t ip_proto;		/* protocol / next header of the transport */
	uint8_t ip_hlen;		/* IPv4 IHL in bytes */
	uint16_t ip_tot_len;		/* IPv4 total length */
	uint16_t ip_frag_flags;		/* IPv4 WIRE_IP_DF, WIRE_IP_MF, reserved bit */
	uint16_t ip_frag_off;		/* IPv4 fragment offset in bytes */
	uint32_t l4_off;		/* where the transport header starts */
	/* layer 4 */
	uint16_t sport, dport;		/* TCP, UDP, UDP-Lite, DCCP, SCTP; ESP/AH SPI */
	uint16_t udp_len;
	uint8_t icmp_type, icmp_code;
	uint16_t icmp_id, icmp_seq;	/* the words after the checksum */
};

/*
 * The frame nearly every workload is made of: untagged Ethernet, IPv4 with
 * a 20-byte header, not a fragment, UDP or TCP with its ports in the
 * bytes.  For such a frame wire_dissect() reads everything in one go,
 * whatever its options, and the hashes that need only the addresses and
 * ports (the bond's layer3+4 and layer2+3, a switch's src-dst-ip and
 * src-dst-port) read them here without building a struct wire_pkt: the
 * same test, the same values (host order), so the two cannot disagree.
 */
struct wire_ipv4_l4 {
	uint32_t ip_src, ip_dst;	/* host order */
	uint16_t sport, dport;
};

static inline bool wire_ipv4_l4_common(const uint8_t *d, size_t len, struct wire_ipv4_l4 *t)
{
	const uint8_t *iph = d + WIRE_ETH_HLEN, *l4 = iph + WIRE_IPV4_HLEN;

	if (len < WIRE_ETH_HLEN + WIRE_IPV4_HLEN + WIRE_UDP_HLEN ||
	    wire_rd16(d + WIRE_ETH_OFF_TYPE) != WIRE_ETH_P_IP || iph[0] != 0x45 ||
	    (wire_rd16(iph + WIRE_IPV4_OFF_FRAG) & (WIRE_IP_MF | WIRE_IP_OFFSET)) ||
	    (iph[WIRE_IPV4_OFF_PROTO] != WIRE_IPPROTO_UDP &&
	     iph[WIRE_IPV4_OFF_PROTO] != WIRE_IPPROTO_TCP))
		return false;
	t->ip_src = wire_rd32(iph + WIRE_IPV4_OFF_SRC);
	t->ip_dst = wire_rd32(iph + WIRE_IPV4_OFF_DST);
	t->sport = wire_rd16(l4);
	t->dport = wire_rd16(l4 + 2);
	return true;
}

/*
 * Dissect @len bytes at @data with @opts (enum wire_dissect_opts) into
 * @pkt; returns false when WIRE_PKT_BAD is set.
 */
bool wire_dissect(const uint8_t *data, size_t len, unsigned opts, struct wire_pkt *pkt);

/* A complete Ethernet + ARP frame (42 bytes) from its fields. */
struct frame *wire_arp_frame_new(struct sim *sim, const uint8_t eth_dst[WIRE_ETH_ALEN],
				 const uint8_t eth_src[WIRE_ETH_ALEN], const struct wire_arp *a);
/* "10.0.0.1" into buf[16] (host order); parse accepts dotted quads only. */
const char *wire_ipv4_format(uint32_t ip, char buf[16]);
bool wire_ipv4_parse(const char *s, uint32_t *ip);

#endif /* BONDSIM_DISSECT_H */
