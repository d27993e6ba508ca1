/*
 * bond_hash.c - the bonding xmit hash (xmit_hash_policy), bit-exact with Linux 6.x.
 *
 * DOC: What the kernel does (drivers/net/bonding/bond_main.c, 6.x):
 *
 * bond_xmit_hash() first returns skb->hash untouched when the policy is
 * encap3+4 and the stack already has an L4 flow hash (connected sockets:
 * random-seeded, so the same 5-tuple from a fresh socket may move).  Then
 * __bond_xmit_hash() runs on the frame with l2_proto = skb->protocol and the
 * network header at skb_network_offset():
 *
 *   vlan+srcmac  vlan_tci ^ srcmac[0..2] ^ srcmac[3..5] (24-bit numbers); the
 *                TCI is the out-of-band one (0 if none), priority bits included.
 *   layer2       bond_eth_hash = dmac[5] ^ smac[5] ^ ntohs(ethertype).
 *   others       dissect; if that fails (not IP, truncated) -> layer2 rule.
 *                layer2+3/encap2+3 start from bond_eth_hash, layer3+4/encap3+4
 *                from the ICMP word (when the ICMP id is set) or the ports word,
 *                then bond_ip_hash: h ^= daddr ^ saddr; h ^= h >> 16;
 *                h ^= h >> 8; and h >>= 1 only for layer3+4 and encap3+4
 *                (upstream 49aefd131739 removed it from the other policies).
 *
 * Non-encap policies use bond_flow_dissect()/bond_flow_ip(): IPv4 or IPv6
 * only (skb->protocol, so a frame whose 802.1Q tag is in its bytes has
 * protocol 0x8100 and falls back to layer2); no IPv6 extension headers; an
 * IPv4 fragment (MF or offset set) keeps its addresses but not its protocol,
 * so it hashes without ports; the L4 protocol itself is never hashed (TCP and
 * UDP with equal ports collide).  ICMP/ICMPv6: echo-like types fill the ICMP
 * key {type, code, id} with id = ntohs(id), and an id of 0 is stored as 1
 * because 0 means "no id" (so ping id 0 hashes like id 1); the ICMP word is
 * used instead of the ports whenever that id is non-zero, which puts type and
 * code in the hash too.  ICMP errors re-run bond_flow_ip() on the quoted
 * header 8 bytes further, so they hash on the quoted packet's addresses and
 * ports (if that header is truncated the whole frame falls back to layer2).
 *
 * Encap policies use the full __skb_flow_dissect() with the bonding keys
 * (control, basic, v4/v6 addrs, tipc, ports, icmp, vlan, flow label, GRE
 * key), flags 0: VLAN tags, PPPoE, MPLS, GRE (incl. TEB and PPTP), IP-in-IP,
 * 6in4/4in6, IPv6 extension headers; the innermost addresses and ports win.
 * All fragments stop before the ports.  ARP, MPLS and friends dissect "good"
 * with no addresses, so encap3+4 hashes them to 0 (slave 0) and encap2+3 to
 * the folded layer2 hash.  ICMP errors are not looked into here.
 *
 * Frames with a tag in their bytes are what AF_PACKET/tap send (received
 * frames are untagged into skb->vlan_tci by the rx path).  Since 2022
 * (dfed913e8b55, backported to stable) packet_snd() moves the network header
 * past the tags, so the dissector starts at the IP header while proto is still
 * 0x8100 and reads the IP header as a VLAN header: the "inner ethertype" is
 * the IP total length (IPv6: low flow-label bits), almost never a known
 * ethertype, so the encap policies also fall back to layer2.  We model
 * exactly that: skb->protocol = the outer ethertype, network offset past all
 * in-byte tags (vlan_get_protocol_and_depth, at most 7 tags).
 *
 * Byte order: the kernel XORs saddr, daddr and the ports word as raw 32-bit
 * loads of network-order bytes.  The reference is x86-64, so we load them
 * little-endian explicitly: a.b.c.d is d<<24 | c<<16 | b<<8 | a, and the
 * ports word is dport_lo<<24 | dport_hi<<16 | sport_lo<<8 | sport_hi.  An
 * IPv6 address contributes the XOR of its four such words (ipv6_addr_hash).
 * The ICMP word is a load of {u8 type, u8 code, u16 host-order id}, i.e.
 * id<<16 | code<<8 | type.  Only the layer2 part is numeric (ntohs).  Being
 * explicit makes the result the same on any host.
 *
 * The model treats data[0..len) as the whole skb: the kernel pulls or copies
 * non-linear data when it needs it, so the linear/paged split never changes
 * the result; bytes beyond len are "not in the packet".
 *
 * Not modelled: TIPC (its key is random for keepalives), DSA tags, BPF flow
 * dissectors; such frames take the layer2 fallback.  The rarer ethertypes
 * (PPPoE, FCoE, PTP, HSR/PRP, CFM, batman-adv) follow the 6.6 flow dissector;
 * earlier 6.x releases differ in some of these corners.
 */
#include "bond_hash.h"

#include <string.h>

enum {
	ETH_HLEN = 14,
	VLAN_HLEN = 4,
	VLAN_MAX_DEPTH = 8,		/* __vlan_get_protocol: 7 tags parse */
	MAX_FLOW_DISSECT_HDRS = 15,
	ICMP_HLEN = 8,			/* struct icmphdr == struct icmp6hdr */
};

enum {
	ETH_P_IP = 0x0800,
	ETH_P_ARP = 0x0806,
	ETH_P_BATMAN = 0x4305,
	ETH_P_TEB = 0x6558,
	ETH_P_RARP = 0x8035,
	ETH_P_8021Q = 0x8100,
	ETH_P_IPV6 = 0x86DD,
	ETH_P_MPLS_UC = 0x8847,
	ETH_P_MPLS_MC = 0x8848,
	ETH_P_PPP_SES = 0x8864,
	ETH_P_8021AD = 0x88A8,
	ETH_P_1588 = 0x88F7,
	ETH_P_PRP = 0x88FB,
	ETH_P_CFM = 0x8902,
	ETH_P_FCOE = 0x8906,
	ETH_P_HSR = 0x892F,
};

enum {
	IPPROTO_HOPOPTS = 0,
	IPPROTO_ICMP = 1,
	IPPROTO_IPIP = 4,
	IPPROTO_TCP = 6,
	IPPROTO_UDP = 17,
	IPPROTO_DCCP = 33,
	IPPROTO_IPV6 = 41,
	IPPROTO_ROUTING = 43,
	IPPROTO_FRAGMENT = 44,
	IPPROTO_GRE = 47,
	IPPROTO_ESP = 50,
	IPPROTO_AH = 51,
	IPPROTO_ICMPV6 = 58,
	IPPROTO_DSTOPTS = 60,
	IPPROTO_SCTP = 132,
	IPPROTO_UDPLITE = 136,
	IPPROTO_MPLS = 137,
};

enum addr_type { ADDR_NONE, ADDR_V4, ADDR_V6 };

/* The part of the kernel's struct flow_keys the bond hash reads. */
struct flow {
	enum addr_type addr_type;
	uint32_t src, dst;	/* flow_get_u32_src/dst(): already folded for IPv6 */
	uint32_t ports;		/* raw load of {be16 sport, be16 dport} */
	uint8_t icmp_type, icmp_code;
	uint16_t icmp_id;	/* host order; 0 = the type has no id */
};

/* The frame as __bond_xmit_hash sees it. */
struct pkt {
	const uint8_t *d;
	int len;
	uint16_t l2_proto;	/* skb->protocol */
	int nhoff;		/* skb_network_offset() */
	bool vlan_present;
};

enum fd_ret { FD_CONTINUE, FD_PROTO_AGAIN, FD_IPPROTO_AGAIN, FD_OUT_GOOD, FD_OUT_BAD };

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* A raw u32 load on the little-endian reference machine. */
static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* __skb_header_pointer()/bond_pull_data(): are n bytes at off inside the skb? */
static bool have(const struct pkt *p, int off, int n)
{
	return off >= 0 && n >= 0 && off <= p->len && n <= p->len - off;
}

static uint32_t ipv6_word(const uint8_t *a)
{
	return le32(a) ^ le32(a + 4) ^ le32(a + 8) ^ le32(a + 12);
}

static void copy_v4addrs(struct flow *fk, const uint8_t *iph)
{
	fk->addr_type = ADDR_V4;
	fk->src = le32(iph + 12);
	fk->dst = le32(iph + 16);
}

static void copy_v6addrs(struct flow *fk, const uint8_t *ip6h)
{
	fk->addr_type = ADDR_V6;
	fk->src = ipv6_word(ip6h + 8);
	fk->dst = ipv6_word(ip6h + 24);
}

/* ip_is_fragment(): MF set or a non-zero offset; DF does not count. */
static bool ipv4_is_fragment(const uint8_t *iph)
{
	return (be16(iph + 6) & 0x3FFF) != 0;
}

/* proto_ports_offset(): where the two port-like be16s sit in the L4 header. */
static int ports_offset(int proto)
{
	switch (proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_DCCP:
	case IPPROTO_ESP:	/* the SPI */
	case IPPROTO_SCTP:
	case IPPROTO_UDPLITE:
		return 0;
	case IPPROTO_AH:	/* the SPI */
		return 4;
	default:
		return -1;
	}
}

/* __skb_flow_get_ports(): ICMP and unknown protocols give 0, as does truncation. */
static uint32_t get_ports(const struct pkt *p, int thoff, uint8_t ip_proto)
{
	int poff = ports_offset(ip_proto);

	if (poff < 0 || !have(p, thoff + poff, 4))
		return 0;
	return le32(p->d + thoff + poff);
}

static bool icmp_has_id(uint8_t type)
{
	switch (type) {
	case 0:		/* ICMP_ECHOREPLY */
	case 8:		/* ICMP_ECHO */
	case 13:	/* ICMP_TIMESTAMP */
	case 14:	/* ICMP_TIMESTAMPREPLY */
	case 128:	/* ICMPV6_ECHO_REQUEST */
	case 129:	/* ICMPV6_ECHO_REPLY */
		return true;
	}
	return false;
}

static bool icmp_is_err(uint8_t type)
{
	switch (type) {
	case 3:		/* ICMP_DEST_UNREACH */
	case 4:		/* ICMP_SOURCE_QUENCH */
	case 5:		/* ICMP_REDIRECT */
	case 11:	/* ICMP_TIME_EXCEEDED */
	case 12:	/* ICMP_PARAMETERPROB */
		return true;
	}
	return false;
}

static bool icmpv6_is_err(uint8_t type)
{
	/* DEST_UNREACH, PKT_TOOBIG, TIME_EXCEED, PARAMPROB; not "type < 128" */
	return type >= 1 && type <= 4;
}

/* skb_flow_get_icmp_tci(): a truncated header leaves the key as it was. */
static void get_icmp_tci(const struct pkt *p, int thoff, struct flow *fk)
{
	const uint8_t *ih;

	if (!have(p, thoff, ICMP_HLEN))
		return;
	ih = p->d + thoff;
	fk->icmp_type = ih[0];
	fk->icmp_code = ih[1];
	/* 0 means "no id", so a real id of 0 is stored as 1 */
	if (icmp_has_id(ih[0]))
		fk->icmp_id = be16(ih + 4) ? be16(ih + 4) : 1;
	else
		fk->icmp_id = 0;
}

/* bond_flow_ip(): one IPv4/IPv6 header at *nhoff, chosen by l2_proto. */
static bool flow_ip(const struct pkt *p, struct flow *fk, int *nhoff, int *ip_proto, bool l34)
{
	const uint8_t *iph;

	if (p->l2_proto == ETH_P_IP) {
		if (!have(p, *nhoff, 20))
			return false;
		iph = p->d + *nhoff;
		copy_v4addrs(fk, iph);
		/* the kernel trusts ihl here, even below 5 */
		*nhoff += (iph[0] & 0x0F) << 2;
		if (!ipv4_is_fragment(iph))
			*ip_proto = iph[9];
	} else if (p->l2_proto == ETH_P_IPV6) {
		if (!have(p, *nhoff, 40))
			return false;
		iph = p->d + *nhoff;
		copy_v6addrs(fk, iph);
		*nhoff += 40;
		*ip_proto = iph[6];	/* no extension-header walk */
	} else {
		return false;
	}

	if (l34 && *ip_proto >= 0)
		fk->ports = get_ports(p, *nhoff, (uint8_t)*ip_proto);
	return true;
}

/* bond_flow_dissect() for layer2+3 and layer3+4. */
static bool flow_dissect_simple(const struct pkt *p, struct flow *fk, bool l34)
{
	int nhoff = p->nhoff;
	int ip_proto = -1;

	/* the kernel zeroes only these; flow_ip() always sets the addresses */
	fk->ports = 0;
	fk->icmp_type = 0;
	fk->icmp_code = 0;
	fk->icmp_id = 0;
	if (!flow_ip(p, fk, &nhoff, &ip_proto, l34))
		return false;

	/* ICMP errors carry the start of the offending packet: hash on it */
	if (ip_proto == IPPROTO_ICMP || ip_proto == IPPROTO_ICMPV6) {
		get_icmp_tci(p, nhoff, fk);
		if (ip_proto == IPPROTO_ICMP) {
			if (!icmp_is_err(fk->icmp_type))
				return true;
		} else if (!icmpv6_is_err(fk->icmp_type)) {
			return true;
		}
		nhoff += ICMP_HLEN;
		return flow_ip(p, fk, &nhoff, &ip_proto, l34);
	}
	return true;
}

/* __skb_flow_dissect_gre(), flags 0: look inside GRE v0 and PPTP. */
static enum fd_ret dissect_gre(const struct pkt *p, uint16_t *proto, int *nhoff)
{
	const uint8_t *h;
	uint16_t flags;
	int offset = 4;
	int ver;

	if (!have(p, *nhoff, 4))
		return FD_OUT_BAD;
	h = p->d + *nhoff;
	flags = be16(h);
	if (flags & 0x4000)		/* GRE_ROUTING: not looked into */
		return FD_OUT_GOOD;
	ver = flags & 0x0007;
	if (ver > 1)
		return FD_OUT_GOOD;
	*proto = be16(h + 2);
	/* version 1 must be PPTP: PPP with a key */
	if (ver == 1 && !(*proto == 0x880B && (flags & 0x2000)))
		return FD_OUT_GOOD;

	if (flags & 0x8000)		/* GRE_CSUM: csum + reserved1 */
		offset += 4;
	if (flags & 0x2000) {		/* GRE_KEY: read (for the keyid key), not hashed */
		if (!have(p, *nhoff + offset, 4))
			return FD_OUT_BAD;
		offset += 4;
	}
	if (flags & 0x1000)		/* GRE_SEQ */
		offset += 4;

	if (ver == 0) {
		if (*proto == ETH_P_TEB) {
			if (!have(p, *nhoff + offset, ETH_HLEN))
				return FD_OUT_BAD;
			*proto = be16(p->d + *nhoff + offset + 12);
			offset += ETH_HLEN;
		}
	} else {
		const uint8_t *ppp;

		if (flags & 0x0080)	/* GRE_ACK */
			offset += 4;
		if (!have(p, *nhoff + offset, 4))	/* PPP_HDRLEN */
			return FD_OUT_BAD;
		ppp = p->d + *nhoff + offset;
		switch ((ppp[2] << 8) + ppp[3]) {
		case 0x0021:	/* PPP_IP */
			*proto = ETH_P_IP;
			break;
		case 0x0057:	/* PPP_IPV6 */
			*proto = ETH_P_IPV6;
			break;
		default:	/* proto stays GRE_PROTO_PPP and fails next round */
			break;
		}
		offset += 4;
	}
	*nhoff += offset;
	return FD_PROTO_AGAIN;
}

/* ppp_proto_is_valid(): the low bit of the last octet set, of the first clear. */
static bool ppp_proto_is_valid(uint16_t ppp_proto)
{
	return (ppp_proto & 0x0101) == 0x0001;
}

/* __skb_flow_dissect() with flow_keys_bonding and flags 0 (encap policies). */
static bool flow_dissect_full(const struct pkt *p, struct flow *fk)
{
	uint16_t proto = p->l2_proto;
	int nhoff = p->nhoff;
	int num_hdrs = 0;
	int vlan_keys = 0;	/* dissector_vlan: none, VLAN, CVLAN */
	uint8_t ip_proto = 0;
	bool is_fragment = false;
	enum fd_ret ret;

	memset(fk, 0, sizeof(*fk));

proto_again:
	ret = FD_CONTINUE;
	switch (proto) {
	case ETH_P_IP: {
		const uint8_t *iph;

		if (!have(p, nhoff, 20) || (p->d[nhoff] & 0x0F) < 5) {
			ret = FD_OUT_BAD;
			break;
		}
		iph = p->d + nhoff;
		nhoff += (iph[0] & 0x0F) * 4;
		ip_proto = iph[9];
		copy_v4addrs(fk, iph);
		if (ipv4_is_fragment(iph)) {
			/* without FLOW_DISSECTOR_F_PARSE_1ST_FRAG even the
			 * first fragment stops here, before the ports */
			is_fragment = true;
			ret = FD_OUT_GOOD;
		}
		break;
	}
	case ETH_P_IPV6:
		if (!have(p, nhoff, 40)) {
			ret = FD_OUT_BAD;
			break;
		}
		ip_proto = p->d[nhoff + 6];
		copy_v6addrs(fk, p->d + nhoff);
		nhoff += 40;	/* the flow label goes to a key the hash ignores */
		break;
	case ETH_P_8021AD:
	case ETH_P_8021Q:
		if (vlan_keys == 0 && p->vlan_present) {
			/* the first tag is the out-of-band one: nothing consumed */
			proto = p->l2_proto;
		} else {
			if (!have(p, nhoff, VLAN_HLEN)) {
				ret = FD_OUT_BAD;
				break;
			}
			proto = be16(p->d + nhoff + 2);
			nhoff += VLAN_HLEN;
		}
		if (vlan_keys < 2)
			vlan_keys++;
		ret = FD_PROTO_AGAIN;
		break;
	case ETH_P_PPP_SES: {
		const uint8_t *h;
		uint16_t ppp_proto;

		/* struct pppoe_hdr (6 bytes) followed by the PPP protocol */
		if (!have(p, nhoff, 8)) {
			ret = FD_OUT_BAD;
			break;
		}
		h = p->d + nhoff;
		if (h[0] != 0x11 || h[1] != 0) {	/* ver 1, type 1, code 0 */
			ret = FD_OUT_BAD;
			break;
		}
		ppp_proto = be16(h + 6);
		if (ppp_proto & 0x0100) {	/* compressed to one octet */
			ppp_proto >>= 8;
			nhoff += 7;
		} else {
			nhoff += 8;
		}
		if (ppp_proto == 0x0021) {
			proto = ETH_P_IP;
			ret = FD_PROTO_AGAIN;
		} else if (ppp_proto == 0x0057) {
			proto = ETH_P_IPV6;
			ret = FD_PROTO_AGAIN;
		} else if (ppp_proto == 0x0281) {
			proto = ETH_P_MPLS_UC;
			ret = FD_PROTO_AGAIN;
		} else if (ppp_proto == 0x0283) {
			proto = ETH_P_MPLS_MC;
			ret = FD_PROTO_AGAIN;
		} else if (ppp_proto_is_valid(ppp_proto)) {
			ret = FD_OUT_GOOD;
		} else {
			ret = FD_OUT_BAD;
		}
		break;
	}
	case ETH_P_MPLS_UC:
	case ETH_P_MPLS_MC:
		/* the bonding keys have no MPLS key: good, nothing read */
		ret = FD_OUT_GOOD;
		break;
	case ETH_P_FCOE:
		ret = p->len - nhoff < 38 ? FD_OUT_BAD : FD_OUT_GOOD;	/* FCOE_HEADER_LEN */
		break;
	case ETH_P_ARP:
	case ETH_P_RARP:
		/* no ARP key in the bonding dissector: good, no addresses */
		ret = FD_OUT_GOOD;
		break;
	case ETH_P_BATMAN:
		/* batadv_unicast_packet (10 bytes) + inner Ethernet header */
		if (!have(p, nhoff, 24) || p->d[nhoff + 1] != 15 || p->d[nhoff] != 0x40) {
			ret = FD_OUT_BAD;
			break;
		}
		proto = be16(p->d + nhoff + 22);
		nhoff += 24;
		ret = FD_PROTO_AGAIN;
		break;
	case ETH_P_1588:
		ret = have(p, nhoff, 34) ? FD_OUT_GOOD : FD_OUT_BAD;	/* struct ptp_header */
		break;
	case ETH_P_PRP:
	case ETH_P_HSR:
		if (!have(p, nhoff, 6)) {		/* struct hsr_tag */
			ret = FD_OUT_BAD;
			break;
		}
		proto = be16(p->d + nhoff + 4);
		nhoff += 6;
		ret = FD_PROTO_AGAIN;
		break;
	case ETH_P_CFM:
		ret = have(p, nhoff, 2) ? FD_OUT_GOOD : FD_OUT_BAD;
		break;
	default:
		ret = FD_OUT_BAD;
		break;
	}

	switch (ret) {
	case FD_OUT_GOOD:
		return true;
	case FD_PROTO_AGAIN:
		if (++num_hdrs <= MAX_FLOW_DISSECT_HDRS)
			goto proto_again;
		return true;
	case FD_CONTINUE:
	case FD_IPPROTO_AGAIN:
		break;
	case FD_OUT_BAD:
	default:
		return false;
	}

ip_proto_again:
	ret = FD_CONTINUE;
	switch (ip_proto) {
	case IPPROTO_GRE:
		ret = dissect_gre(p, &proto, &nhoff);
		break;
	case IPPROTO_HOPOPTS:
	case IPPROTO_ROUTING:
	case IPPROTO_DSTOPTS:
		if (proto != ETH_P_IPV6)
			break;
		if (!have(p, nhoff, 2)) {
			ret = FD_OUT_BAD;
			break;
		}
		ip_proto = p->d[nhoff];
		nhoff += (p->d[nhoff + 1] + 1) << 3;
		ret = FD_IPPROTO_AGAIN;
		break;
	case IPPROTO_FRAGMENT:
		if (proto != ETH_P_IPV6)
			break;
		if (!have(p, nhoff, 8)) {
			ret = FD_OUT_BAD;
			break;
		}
		/* every fragment, first or not, stops without ports (flags 0) */
		is_fragment = true;
		ip_proto = p->d[nhoff];
		nhoff += 8;
		ret = FD_OUT_GOOD;
		break;
	case IPPROTO_IPIP:
		proto = ETH_P_IP;
		ret = FD_PROTO_AGAIN;
		break;
	case IPPROTO_IPV6:
		proto = ETH_P_IPV6;
		ret = FD_PROTO_AGAIN;
		break;
	case IPPROTO_MPLS:
		proto = ETH_P_MPLS_UC;
		ret = FD_PROTO_AGAIN;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		get_icmp_tci(p, nhoff, fk);
		break;
	default:
		/* TCP flags, L2TP, ESP/AH SPI: keys the bonding dissector lacks */
		break;
	}

	/* every step rewrites the ports: the innermost header's win */
	if (!is_fragment)
		fk->ports = get_ports(p, nhoff, ip_proto);

	switch (ret) {
	case FD_PROTO_AGAIN:
		if (++num_hdrs <= MAX_FLOW_DISSECT_HDRS)
			goto proto_again;
		return true;
	case FD_IPPROTO_AGAIN:
		if (++num_hdrs <= MAX_FLOW_DISSECT_HDRS)
			goto ip_proto_again;
		return true;
	case FD_OUT_GOOD:
	case FD_CONTINUE:
		return true;
	case FD_OUT_BAD:
	default:
		return false;
	}
}

/* bond_eth_hash(): 0 for a frame shorter than an Ethernet header. */
static uint32_t eth_hash(const struct pkt *p)
{
	if (!have(p, 0, ETH_HLEN))
		return 0;
	return (uint32_t)(p->d[5] ^ p->d[11] ^ be16(p->d + 12));
}

/* bond_vlan_srcmac_hash(): only the out-of-band tag counts. */
static uint32_t vlan_srcmac_hash(const struct pkt *p, uint16_t vlan_tci)
{
	const uint8_t *s = p->d + 6;
	uint32_t vendor, dev;

	if (!have(p, 0, ETH_HLEN))
		return 0;
	vendor = (uint32_t)s[0] << 16 | (uint32_t)s[1] << 8 | s[2];
	dev = (uint32_t)s[3] << 16 | (uint32_t)s[4] << 8 | s[5];
	return (p->vlan_present ? vlan_tci : 0u) ^ vendor ^ dev;
}

/*
 * skb->protocol and skb_network_offset() of a frame handed to the bond, as
 * af_packet/tap set them (see the DOC): the outer ethertype, and the network
 * header after the in-byte tags unless they cannot be walked.
 */
static void pkt_init(struct pkt *p, const struct bond_hash_input *in)
{
	p->d = in->data;
	p->len = in->len > 0x7FFFFFFF ? 0x7FFFFFFF : (int)in->len;
	p->vlan_present = in->vlan_present;
	p->nhoff = ETH_HLEN;
	p->l2_proto = have(p, 0, ETH_HLEN) ? be16(p->d + 12) : 0;

	if (p->l2_proto == ETH_P_8021Q || p->l2_proto == ETH_P_8021AD) {
		uint16_t type = p->l2_proto;
		int depth = ETH_HLEN;
		int parse_depth = VLAN_MAX_DEPTH;

		do {
			if (!have(p, depth, VLAN_HLEN) || --parse_depth == 0)
				return;
			type = be16(p->d + depth + 2);
			depth += VLAN_HLEN;
		} while (type == ETH_P_8021Q || type == ETH_P_8021AD);
		if (type != 0)	/* vlan_get_protocol_and_depth() fails on 0 */
			p->nhoff = depth;
	}
}

uint32_t bond_xmit_hash_ip_mix(uint32_t hash, uint32_t src_word, uint32_t dst_word,
			       enum bond_xmit_policy policy)
{
	hash ^= dst_word ^ src_word;
	hash ^= hash >> 16;
	hash ^= hash >> 8;
	/* "discard lowest hash bit to deal with the common even ports pattern" */
	if (policy == BOND_XMIT_POLICY_LAYER34 || policy == BOND_XMIT_POLICY_ENCAP34)
		return hash >> 1;
	return hash;
}

uint32_t bond_xmit_hash(enum bond_xmit_policy policy, const struct bond_hash_input *in)
{
	struct pkt p;
	struct flow fk;
	uint32_t hash;
	bool ok;

	if (policy == BOND_XMIT_POLICY_ENCAP34 && in->l4_hash)
		return in->skb_hash;

	pkt_init(&p, in);
	if (policy == BOND_XMIT_POLICY_VLAN_SRCMAC)
		return vlan_srcmac_hash(&p, in->vlan_tci);
	if (policy == BOND_XMIT_POLICY_LAYER2)
		return eth_hash(&p);

	memset(&fk, 0, sizeof(fk));
	if (policy == BOND_XMIT_POLICY_ENCAP23 || policy == BOND_XMIT_POLICY_ENCAP34)
		ok = flow_dissect_full(&p, &fk);
	else
		ok = flow_dissect_simple(&p, &fk, policy == BOND_XMIT_POLICY_LAYER34);
	if (!ok)
		return eth_hash(&p);

	if (policy == BOND_XMIT_POLICY_LAYER23 || policy == BOND_XMIT_POLICY_ENCAP23) {
		hash = eth_hash(&p);
	} else if (fk.icmp_id) {
		/* memcpy of struct flow_dissector_key_icmp {type, code, id} */
		hash = (uint32_t)fk.icmp_type | (uint32_t)fk.icmp_code << 8 |
		       (uint32_t)fk.icmp_id << 16;
	} else {
		hash = fk.ports;
	}

	/* flow_get_u32_src/dst() give 0 when no address was dissected */
	if (fk.addr_type == ADDR_NONE)
		return bond_xmit_hash_ip_mix(hash, 0, 0, policy);
	return bond_xmit_hash_ip_mix(hash, fk.src, fk.dst, policy);
}

static const char *const policy_names[BOND_XMIT_POLICY_COUNT] = {
	[BOND_XMIT_POLICY_LAYER2] = "layer2",
	[BOND_XMIT_POLICY_LAYER34] = "layer3+4",
	[BOND_XMIT_POLICY_LAYER23] = "layer2+3",
	[BOND_XMIT_POLICY_ENCAP23] = "encap2+3",
	[BOND_XMIT_POLICY_ENCAP34] = "encap3+4",
	[BOND_XMIT_POLICY_VLAN_SRCMAC] = "vlan+srcmac",
};

const char *bond_xmit_policy_name(enum bond_xmit_policy policy)
{
	if ((unsigned int)policy >= BOND_XMIT_POLICY_COUNT)
		return "unknown";
	return policy_names[policy];
}

bool bond_xmit_policy_parse(const char *s, enum bond_xmit_policy *out)
{
	if (s == NULL)
		return false;
	for (int i = 0; i < BOND_XMIT_POLICY_COUNT; i++) {
		if (strcmp(s, policy_names[i]) == 0) {
			*out = (enum bond_xmit_policy)i;
			return true;
		}
	}
	/* a single digit, as sysfs accepts the numeric form */
	if (s[0] >= '0' && s[0] < '0' + BOND_XMIT_POLICY_COUNT && s[1] == '\0') {
		*out = (enum bond_xmit_policy)(s[0] - '0');
		return true;
	}
	return false;
}
