/*
 * dissect.c - the one frame dissector (see dissect.h for the options).
 *
 * DOC: The walk has the shape of the kernel's __skb_flow_dissect(), because
 * the bonding hash must agree with it bit for bit and the simplest way to
 * agree with a state machine is to be one: a layer-3 step switches on the
 * current protocol (an ethertype), a layer-4 step on the IP protocol, and
 * each either ends the walk (good or bad), hands over to the other, or goes
 * round again with a new protocol and offset.  Without WIRE_DISSECT_ENCAP
 * only IPv4, IPv6 and ARP are layer-3 protocols and the layer-4 step only
 * reads the transport header, so the walk is Ethernet, one network header,
 * one transport header: what a host or a switch reads.  With ENCAP the
 * tunnel and shim protocols go round again, at most MAX_STEPS times.
 *
 * Kernel behaviour kept on purpose (the bond hash depends on each):
 * - the transport ports are rewritten after every layer-4 step unless a
 *   fragment was seen, so the innermost header's ports win and a tunnel
 *   step clears them;
 * - an IPv4 header needs 20 bytes and, unless TRUST_IHL, an IHL of 5 or
 *   more; any IPv4 fragment (MF or an offset) ends the walk good, before
 *   the transport header, first fragment included;
 * - the ICMP fields are never read from a quoted packet, and a truncated
 *   ICMP header leaves them unset; ICMP and ICMPv6 are recognised under
 *   either IP version, as the kernel does;
 * - "ports" are wherever proto_ports_offset() puts them: the SPI halves for
 *   ESP and AH.
 * The extra fields a host needs (ARP body, IPv4 validity, UDP length, ICMP
 * sequence) are read on the way and never change where the walk goes.
 *
 * Every frame is dissected at every hop (the bond's hash, the switch's, the
 * receiving host), and nearly all are untagged IPv4 UDP or TCP: those are
 * read in one go by dissect_common(), which writes exactly what the walk
 * would (WIRE_DISSECT_FULL_WALK forces the walk, so tests compare the two).
 */
#include <stdio.h>
#include "dissect.h"

#include <string.h>

#define MAX_STEPS 15			/* MAX_FLOW_DISSECT_HDRS */
#define PPPOE_SES_HLEN 8		/* struct pppoe_hdr + the PPP protocol */
#define BATADV_HLEN 24			/* batadv_unicast_packet + inner Ethernet header */
#define HSR_TAG_LEN 6
#define FCOE_HLEN 38
#define PTP_HLEN 34

enum step {
	STEP_L4,		/* the network header is read: on to the transport */
	STEP_PROTO_AGAIN,	/* a new ethertype at a new offset */
	STEP_IPPROTO_AGAIN,	/* a new IP protocol at a new offset */
	STEP_QUOTE,		/* an ICMP error: read the header it quotes */
	STEP_GOOD,
	STEP_BAD,
};

struct walk {
	const uint8_t *d;
	size_t len;
	unsigned opts;
	struct wire_pkt *pkt;
	uint16_t skb_proto;	/* the protocol layer 3 started from */
	uint16_t proto;		/* current ethertype */
	uint8_t ip_proto;	/* current IP protocol */
	size_t off;		/* where the current header starts */
	int steps;
	int vlan_steps;		/* tags read at layer 3, counted up to 2 */
	bool quoting;		/* inside an ICMP error's quoted packet */
};

/* Are @n bytes at @off inside the frame? */
static bool have(const struct walk *w, size_t off, size_t n)
{
	return off <= w->len && n <= w->len - off;
}

static uint16_t rd16_at(const struct walk *w, size_t off)
{
	return wire_rd16(w->d + off);
}

/* Ethernet and the tags in the bytes; false when there is no Ethernet header. */
static bool dissect_eth(struct walk *w)
{
	struct wire_pkt *pkt = w->pkt;
	size_t off = WIRE_ETH_HLEN;
	bool walked = true;
	uint16_t type;

	if (!have(w, 0, WIRE_ETH_HLEN))
		return false;
	pkt->flags |= WIRE_PKT_ETH;
	memcpy(pkt->dst, w->d + WIRE_ETH_OFF_DST, WIRE_ETH_ALEN);
	memcpy(pkt->src, w->d + WIRE_ETH_OFF_SRC, WIRE_ETH_ALEN);
	type = pkt->eth_type = rd16_at(w, WIRE_ETH_OFF_TYPE);
	while (wire_eth_type_is_vlan(type)) {
		if (pkt->n_vlan == WIRE_VLAN_MAX_DEPTH || !have(w, off, WIRE_VLAN_HLEN)) {
			walked = false;
			break;
		}
		if (pkt->n_vlan < 2) {
			pkt->vlan[pkt->n_vlan].tpid = type;
			pkt->vlan[pkt->n_vlan].tci = rd16_at(w, off);
		}
		pkt->n_vlan++;
		type = rd16_at(w, off + 2);
		off += WIRE_VLAN_HLEN;
	}
	if (pkt->n_vlan)
		pkt->flags |= WIRE_PKT_VLAN;
	pkt->ethertype = type;
	if (w->opts & WIRE_DISSECT_SKB_PROTO) {
		w->proto = pkt->eth_type;
		if ((w->opts & WIRE_DISSECT_VLAN_DEV) && wire_eth_type_is_vlan(w->proto) &&
		    have(w, WIRE_ETH_HLEN + 2, 2))
			w->proto = rd16_at(w, WIRE_ETH_HLEN + 2);
		/* vlan_get_protocol_and_depth() fails on type 0 as on a bad walk */
		w->off = walked && type != 0 && wire_eth_type_is_vlan(w->proto) ? off : WIRE_ETH_HLEN;
	} else {
		w->proto = type;
		w->off = off;
	}
	w->skb_proto = w->proto;
	pkt->l3_off = (uint32_t)w->off;
	return true;
}

static void dissect_arp(struct walk *w)
{
	struct wire_arp *arp = &w->pkt->arp;
	const uint8_t *a;

	if (!have(w, w->off, WIRE_ARP_LEN))
		return;
	a = w->d + w->off;
	if (wire_rd16(a + WIRE_ARP_OFF_HTYPE) != WIRE_ARPHRD_ETHER ||
	    wire_rd16(a + WIRE_ARP_OFF_PTYPE) != WIRE_ETH_P_IP ||
	    a[WIRE_ARP_OFF_HLEN] != WIRE_ETH_ALEN || a[WIRE_ARP_OFF_PLEN] != 4)
		return;
	w->pkt->flags |= WIRE_PKT_ARP;
	arp->op = wire_rd16(a + WIRE_ARP_OFF_OP);
	memcpy(arp->sha, a + WIRE_ARP_OFF_SHA, WIRE_ETH_ALEN);
	arp->sip = wire_rd32(a + WIRE_ARP_OFF_SPA);
	memcpy(arp->tha, a + WIRE_ARP_OFF_THA, WIRE_ETH_ALEN);
	arp->tip = wire_rd32(a + WIRE_ARP_OFF_TPA);
}

static enum step dissect_ipv4(struct walk *w)
{
	struct wire_pkt *pkt = w->pkt;
	const uint8_t *iph;
	uint16_t frag;

	if (!have(w, w->off, WIRE_IPV4_HLEN))
		return STEP_BAD;
	iph = w->d + w->off;
	/* the innermost header is the one that counts */
	pkt->flags &= ~(uint32_t)(WIRE_PKT_IPV4_VALID | WIRE_PKT_IPV6 | WIRE_PKT_FRAG);
	pkt->flags |= WIRE_PKT_IPV4;
	pkt->ip_src = wire_rd32(iph + WIRE_IPV4_OFF_SRC);
	pkt->ip_dst = wire_rd32(iph + WIRE_IPV4_OFF_DST);
	pkt->ip_proto = iph[WIRE_IPV4_OFF_PROTO];
	pkt->ip_hlen = (uint8_t)((iph[0] & 0x0f) * 4);
	pkt->ip_tot_len = wire_rd16(iph + WIRE_IPV4_OFF_TOT_LEN);
	frag = wire_rd16(iph + WIRE_IPV4_OFF_FRAG);
	pkt->ip_frag_flags = frag & (uint16_t)~WIRE_IP_OFFSET;
	pkt->ip_frag_off = (uint16_t)((frag & WIRE_IP_OFFSET) * 8);
	if (iph[0] >> 4 == 4 && pkt->ip_hlen >= WIRE_IPV4_HLEN && have(w, w->off, pkt->ip_hlen) &&
	    pkt->ip_tot_len >= pkt->ip_hlen)
		pkt->flags |= WIRE_PKT_IPV4_VALID;

	if (pkt->ip_hlen < WIRE_IPV4_HLEN && !(w->opts & WIRE_DISSECT_TRUST_IHL))
		return STEP_BAD;
	w->off += pkt->ip_hlen;
	w->ip_proto = pkt->ip_proto;
	/* ip_is_fragment(): MF or an offset; DF does not count */
	if (frag & (WIRE_IP_MF | WIRE_IP_OFFSET)) {
		pkt->flags |= WIRE_PKT_FRAG;
		return STEP_GOOD;
	}
	return STEP_L4;
}

static enum step dissect_ipv6(struct walk *w)
{
	struct wire_pkt *pkt = w->pkt;
	const uint8_t *ip6h;

	if (!have(w, w->off, WIRE_IPV6_HLEN))
		return STEP_BAD;
	ip6h = w->d + w->off;
	pkt->flags &= ~(uint32_t)(WIRE_PKT_IPV4 | WIRE_PKT_IPV4_VALID | WIRE_PKT_FRAG);
	pkt->flags |= WIRE_PKT_IPV6;
	memcpy(pkt->ip6_src, ip6h + WIRE_IPV6_OFF_SRC, 16);
	memcpy(pkt->ip6_dst, ip6h + WIRE_IPV6_OFF_DST, 16);
	w->ip_proto = pkt->ip_proto = ip6h[WIRE_IPV6_OFF_NEXTHDR];
	w->off += WIRE_IPV6_HLEN;	/* the flow label is not read */
	return STEP_L4;
}

/* A tag met at layer 3: in the bytes, or the one outside them (OOB_VLAN). */
static enum step dissect_vlan(struct walk *w)
{
	if (w->vlan_steps == 0 && (w->opts & WIRE_DISSECT_OOB_VLAN)) {
		w->proto = w->skb_proto;
	} else {
		if (!have(w, w->off, WIRE_VLAN_HLEN))
			return STEP_BAD;
		w->proto = rd16_at(w, w->off + 2);
		w->off += WIRE_VLAN_HLEN;
	}
	if (w->vlan_steps < 2)
		w->vlan_steps++;
	return STEP_PROTO_AGAIN;
}

/* ppp_proto_is_valid(): the low bit of the last octet set, of the first clear. */
static bool ppp_proto_is_valid(uint16_t ppp_proto)
{
	return (ppp_proto & 0x0101) == 0x0001;
}

static enum step dissect_pppoe(struct walk *w)
{
	const uint8_t *h;
	uint16_t ppp_proto;

	if (!have(w, w->off, PPPOE_SES_HLEN))
		return STEP_BAD;
	h = w->d + w->off;
	if (h[0] != 0x11 || h[1] != 0)		/* version 1, type 1, code 0 (session data) */
		return STEP_BAD;
	ppp_proto = wire_rd16(h + 6);
	if (ppp_proto & 0x0100) {	/* compressed to one octet */
		ppp_proto >>= 8;
		w->off += PPPOE_SES_HLEN - 1;
	} else {
		w->off += PPPOE_SES_HLEN;
	}
	switch (ppp_proto) {
	case 0x0021:		/* PPP_IP */
		w->proto = WIRE_ETH_P_IP;
		return STEP_PROTO_AGAIN;
	case 0x0057:		/* PPP_IPV6 */
		w->proto = WIRE_ETH_P_IPV6;
		return STEP_PROTO_AGAIN;
	case 0x0281:		/* PPP_MPLS_UC */
		w->proto = WIRE_ETH_P_MPLS_UC;
		return STEP_PROTO_AGAIN;
	case 0x0283:		/* PPP_MPLS_MC */
		w->proto = WIRE_ETH_P_MPLS_MC;
		return STEP_PROTO_AGAIN;
	}
	return ppp_proto_is_valid(ppp_proto) ? STEP_GOOD : STEP_BAD;
}

/* The protocols only ENCAP walks through (or stops at). */
static enum step dissect_l3_encap(struct walk *w)
{
	switch (w->proto) {
	case WIRE_ETH_P_8021AD:
	case WIRE_ETH_P_8021Q:
		return dissect_vlan(w);
	case WIRE_ETH_P_PPP_SES:
		return dissect_pppoe(w);
	case WIRE_ETH_P_MPLS_UC:
	case WIRE_ETH_P_MPLS_MC:
	case WIRE_ETH_P_RARP:
		/* the bonding keys read nothing here: good, no addresses */
		return STEP_GOOD;
	case WIRE_ETH_P_FCOE:
		return have(w, w->off, FCOE_HLEN) ? STEP_GOOD : STEP_BAD;
	case WIRE_ETH_P_BATMAN:
		if (!have(w, w->off, BATADV_HLEN) || w->d[w->off + 1] != 15 ||	/* version */
		    w->d[w->off] != 0x40)					/* unicast */
			return STEP_BAD;
		w->proto = rd16_at(w, w->off + BATADV_HLEN - 2);
		w->off += BATADV_HLEN;
		return STEP_PROTO_AGAIN;
	case WIRE_ETH_P_1588:
		return have(w, w->off, PTP_HLEN) ? STEP_GOOD : STEP_BAD;
	case WIRE_ETH_P_PRP:
	case WIRE_ETH_P_HSR:
		if (!have(w, w->off, HSR_TAG_LEN))
			return STEP_BAD;
		w->proto = rd16_at(w, w->off + 4);
		w->off += HSR_TAG_LEN;
		return STEP_PROTO_AGAIN;
	case WIRE_ETH_P_CFM:
		return have(w, w->off, 2) ? STEP_GOOD : STEP_BAD;
	}
	return STEP_BAD;
}

static enum step dissect_l3(struct walk *w)
{
	switch (w->proto) {
	case WIRE_ETH_P_IP:
		return dissect_ipv4(w);
	case WIRE_ETH_P_IPV6:
		return dissect_ipv6(w);
	case WIRE_ETH_P_ARP:
		/* good even when truncated: the bonding keys have no ARP key */
		dissect_arp(w);
		return STEP_GOOD;
	}
	if (w->opts & WIRE_DISSECT_ENCAP)
		return dissect_l3_encap(w);
	return STEP_BAD;
}

/* __skb_flow_dissect_gre(), flags 0: look inside GRE version 0 and PPTP. */
static enum step dissect_gre(struct walk *w)
{
	size_t offset = 4;
	uint16_t flags;
	int ver;

	if (!have(w, w->off, 4))
		return STEP_BAD;
	flags = rd16_at(w, w->off);
	if (flags & 0x4000)		/* GRE_ROUTING: not looked into */
		return STEP_GOOD;
	ver = flags & 0x0007;
	if (ver > 1)
		return STEP_GOOD;
	w->proto = rd16_at(w, w->off + 2);
	/* version 1 must be PPTP: PPP with a key */
	if (ver == 1 && !(w->proto == 0x880B && (flags & 0x2000)))
		return STEP_GOOD;

	if (flags & 0x8000)		/* GRE_CSUM: checksum and reserved1 */
		offset += 4;
	if (flags & 0x2000) {		/* GRE_KEY: read (for the keyid key), not hashed */
		if (!have(w, w->off + offset, 4))
			return STEP_BAD;
		offset += 4;
	}
	if (flags & 0x1000)		/* GRE_SEQ */
		offset += 4;

	if (ver == 0) {
		if (w->proto == WIRE_ETH_P_TEB) {
			if (!have(w, w->off + offset, WIRE_ETH_HLEN))
				return STEP_BAD;
			w->proto = rd16_at(w, w->off + offset + WIRE_ETH_OFF_TYPE);
			offset += WIRE_ETH_HLEN;
		}
	} else {
		const uint8_t *ppp;

		if (flags & 0x0080)	/* GRE_ACK */
			offset += 4;
		if (!have(w, w->off + offset, 4))	/* PPP_HDRLEN */
			return STEP_BAD;
		ppp = w->d + w->off + offset;
		switch (wire_rd16(ppp + 2)) {
		case 0x0021:	/* PPP_IP */
			w->proto = WIRE_ETH_P_IP;
			break;
		case 0x0057:	/* PPP_IPV6 */
			w->proto = WIRE_ETH_P_IPV6;
			break;
		default:	/* the proto stays GRE's PPP and fails next round */
			break;
		}
		offset += 4;
	}
	w->off += offset;
	return STEP_PROTO_AGAIN;
}

/* The layer-4 protocols only ENCAP walks through; STEP_L4: not one of them. */
static enum step dissect_l4_encap(struct walk *w)
{
	switch (w->ip_proto) {
	case WIRE_IPPROTO_GRE:
		return dissect_gre(w);
	case WIRE_IPPROTO_HOPOPTS:
	case WIRE_IPPROTO_ROUTING:
	case WIRE_IPPROTO_DSTOPTS:
		if (w->proto != WIRE_ETH_P_IPV6)
			return STEP_GOOD;
		if (!have(w, w->off, 2))
			return STEP_BAD;
		w->ip_proto = w->d[w->off];
		w->off += (size_t)(w->d[w->off + 1] + 1) << 3;
		return STEP_IPPROTO_AGAIN;
	case WIRE_IPPROTO_FRAGMENT:
		if (w->proto != WIRE_ETH_P_IPV6)
			return STEP_GOOD;
		if (!have(w, w->off, WIRE_IPV6_FRAG_HLEN))
			return STEP_BAD;
		/* every fragment, first or not, stops before the ports (flags 0) */
		w->pkt->flags |= WIRE_PKT_FRAG;
		w->ip_proto = w->pkt->ip_proto = w->d[w->off];
		w->off += WIRE_IPV6_FRAG_HLEN;
		w->pkt->l4_off = (uint32_t)w->off;
		return STEP_GOOD;
	case WIRE_IPPROTO_IPIP:
		w->proto = WIRE_ETH_P_IP;
		return STEP_PROTO_AGAIN;
	case WIRE_IPPROTO_IPV6:
		w->proto = WIRE_ETH_P_IPV6;
		return STEP_PROTO_AGAIN;
	case WIRE_IPPROTO_MPLS:
		w->proto = WIRE_ETH_P_MPLS_UC;
		return STEP_PROTO_AGAIN;
	}
	return STEP_L4;
}

/* proto_ports_offset(): where two port-like 16-bit words sit, or -1. */
static int ports_offset(uint8_t ip_proto)
{
	switch (ip_proto) {
	case WIRE_IPPROTO_TCP:
	case WIRE_IPPROTO_UDP:
	case WIRE_IPPROTO_DCCP:
	case WIRE_IPPROTO_ESP:		/* the SPI */
	case WIRE_IPPROTO_SCTP:
	case WIRE_IPPROTO_UDPLITE:
		return 0;
	case WIRE_IPPROTO_AH:		/* the SPI */
		return 4;
	default:
		return -1;
	}
}

/* __skb_flow_get_ports(): unknown protocols and truncated headers give none. */
static void dissect_ports(struct walk *w)
{
	struct wire_pkt *pkt = w->pkt;
	int poff = ports_offset(w->ip_proto);

	if (poff < 0 || !have(w, w->off + (size_t)poff, 4)) {
		pkt->flags &= ~(uint32_t)WIRE_PKT_PORTS;
		pkt->sport = pkt->dport = 0;
		return;
	}
	pkt->flags |= WIRE_PKT_PORTS;
	pkt->sport = rd16_at(w, w->off + (size_t)poff);
	pkt->dport = rd16_at(w, w->off + (size_t)poff + 2);
}

/* skb_flow_get_icmp_tci(), plus the sequence for the host. */
static void dissect_icmp(struct walk *w)
{
	struct wire_pkt *pkt = w->pkt;
	const uint8_t *ih;

	if (w->quoting || !have(w, w->off, WIRE_ICMP_HLEN))
		return;
	ih = w->d + w->off;
	pkt->flags |= WIRE_PKT_ICMP;
	pkt->icmp_type = ih[0];
	pkt->icmp_code = ih[1];
	pkt->icmp_id = wire_rd16(ih + WIRE_ICMP_OFF_ID);
	pkt->icmp_seq = wire_rd16(ih + WIRE_ICMP_OFF_SEQ);
}

static enum step dissect_l4(struct walk *w)
{
	struct wire_pkt *pkt = w->pkt;
	enum step ret = STEP_L4;

	pkt->ip_proto = w->ip_proto;
	pkt->l4_off = (uint32_t)w->off;
	if (w->opts & WIRE_DISSECT_ENCAP)
		ret = dissect_l4_encap(w);
	if (ret == STEP_L4) {
		ret = STEP_GOOD;
		switch (w->ip_proto) {
		case WIRE_IPPROTO_ICMP:
		case WIRE_IPPROTO_ICMPV6:
			dissect_icmp(w);
			break;
		case WIRE_IPPROTO_UDP:
			if (have(w, w->off, WIRE_UDP_HLEN)) {
				pkt->flags |= WIRE_PKT_UDP;
				pkt->udp_len = rd16_at(w, w->off + WIRE_UDP_OFF_LEN);
			}
			break;
		}
	}
	/* every step rewrites the ports, so the innermost header's win */
	if (!(pkt->flags & WIRE_PKT_FRAG))
		dissect_ports(w);

	if (ret == STEP_GOOD && (w->opts & WIRE_DISSECT_ICMP_QUOTE) && !w->quoting &&
	    (w->ip_proto == WIRE_IPPROTO_ICMP || w->ip_proto == WIRE_IPPROTO_ICMPV6) &&
	    (pkt->flags & WIRE_PKT_ICMP) && wire_icmp_is_error(w->ip_proto, pkt->icmp_type)) {
		/* the quoted packet is read as the same network protocol */
		w->quoting = true;
		w->off += WIRE_ICMP_HLEN;
		return STEP_QUOTE;
	}
	return ret;
}

/*
 * The frame nearly every hop carries: untagged Ethernet, IPv4 without
 * options and not a fragment, a whole UDP or TCP header's first 8 bytes.
 * For it the walk above takes the same path under every option but
 * L2_ONLY (no tag, an IHL of 5, neither ICMP nor a tunnel), so its result
 * is written here directly; anything else returns false and is walked.
 * @pkt is already zeroed.  The unit tests compare the two on many frames.
 */
static bool dissect_common(const uint8_t *d, size_t len, struct wire_pkt *pkt)
{
	const uint8_t *iph = d + WIRE_ETH_HLEN, *l4 = iph + WIRE_IPV4_HLEN;
	struct wire_ipv4_l4 t;

	if (!wire_ipv4_l4_common(d, len, &t))
		return false;

	pkt->flags = WIRE_PKT_ETH | WIRE_PKT_IPV4 | WIRE_PKT_PORTS;
	memcpy(pkt->dst, d + WIRE_ETH_OFF_DST, WIRE_ETH_ALEN);
	memcpy(pkt->src, d + WIRE_ETH_OFF_SRC, WIRE_ETH_ALEN);
	pkt->eth_type = pkt->ethertype = WIRE_ETH_P_IP;
	pkt->l3_off = WIRE_ETH_HLEN;
	pkt->ip_src = t.ip_src;
	pkt->ip_dst = t.ip_dst;
	pkt->ip_proto = iph[WIRE_IPV4_OFF_PROTO];
	pkt->ip_hlen = WIRE_IPV4_HLEN;
	pkt->ip_tot_len = wire_rd16(iph + WIRE_IPV4_OFF_TOT_LEN);
	/* not a fragment: only DF and the reserved bit can be set */
	pkt->ip_frag_flags = wire_rd16(iph + WIRE_IPV4_OFF_FRAG);
	if (pkt->ip_tot_len >= WIRE_IPV4_HLEN)
		pkt->flags |= WIRE_PKT_IPV4_VALID;
	pkt->l4_off = WIRE_ETH_HLEN + WIRE_IPV4_HLEN;
	pkt->sport = t.sport;
	pkt->dport = t.dport;
	if (pkt->ip_proto == WIRE_IPPROTO_UDP) {
		pkt->flags |= WIRE_PKT_UDP;
		pkt->udp_len = wire_rd16(l4 + WIRE_UDP_OFF_LEN);
	}
	return true;
}

/* The walk proper, for every frame dissect_common() does not take. */
static G_GNUC_NO_INLINE bool dissect_walk(const uint8_t *data, size_t len, unsigned opts,
					  struct wire_pkt *pkt)
{
	struct walk w = { .d = data, .len = len, .opts = opts, .pkt = pkt };
	enum step s;

	if (!dissect_eth(&w)) {
		pkt->flags |= WIRE_PKT_BAD;
		return false;
	}
	if (opts & WIRE_DISSECT_L2_ONLY)
		return true;

	s = dissect_l3(&w);
	for (;;) {
		switch (s) {
		case STEP_L4:
			s = dissect_l4(&w);
			break;
		case STEP_QUOTE:
			s = dissect_l3(&w);
			break;
		case STEP_PROTO_AGAIN:
			if (++w.steps > MAX_STEPS)
				return true;
			s = dissect_l3(&w);
			break;
		case STEP_IPPROTO_AGAIN:
			if (++w.steps > MAX_STEPS)
				return true;
			s = dissect_l4(&w);
			break;
		case STEP_GOOD:
			return true;
		case STEP_BAD:
		default:
			pkt->flags |= WIRE_PKT_BAD;
			return false;
		}
	}
}

bool wire_dissect(const uint8_t *data, size_t len, unsigned opts, struct wire_pkt *pkt)
{
	/*
	 * Everything starts zeroed, padding included (callers compare results
	 * with memcmp).  Copied from a zero struct rather than memset: GCC
	 * turns this size of memset into a slow "rep stos", a copy into plain
	 * vector moves.
	 */
	static const struct wire_pkt empty;

	*pkt = empty;
	if (!(opts & (WIRE_DISSECT_L2_ONLY | WIRE_DISSECT_FULL_WALK)) &&
	    dissect_common(data, len, pkt))
		return true;
	return dissect_walk(data, len, opts, pkt);
}

/* ---- building: the inverse of the walk above, for the frames models send ---- */

struct frame *wire_arp_frame_new(struct sim *sim, const uint8_t eth_dst[6], const uint8_t eth_src[6],
			    const struct wire_arp *a)
{
	struct frame *f = frame_alloc(&sim->pool);
	uint8_t *p = frame_put(f, WIRE_ETH_HLEN + WIRE_ARP_LEN);

	memcpy(p + WIRE_ETH_OFF_DST, eth_dst, WIRE_ETH_ALEN);
	memcpy(p + WIRE_ETH_OFF_SRC, eth_src, WIRE_ETH_ALEN);
	wire_wr16(p + WIRE_ETH_OFF_TYPE, WIRE_ETH_P_ARP);
	p += WIRE_ETH_HLEN;
	wire_wr16(p + WIRE_ARP_OFF_HTYPE, WIRE_ARPHRD_ETHER);
	wire_wr16(p + WIRE_ARP_OFF_PTYPE, WIRE_ETH_P_IP);
	p[WIRE_ARP_OFF_HLEN] = WIRE_ETH_ALEN;
	p[WIRE_ARP_OFF_PLEN] = 4;
	wire_wr16(p + WIRE_ARP_OFF_OP, a->op);
	memcpy(p + WIRE_ARP_OFF_SHA, a->sha, WIRE_ETH_ALEN);
	wire_wr32(p + WIRE_ARP_OFF_SPA, a->sip);
	memcpy(p + WIRE_ARP_OFF_THA, a->tha, WIRE_ETH_ALEN);
	wire_wr32(p + WIRE_ARP_OFF_TPA, a->tip);
	return f;
}

const char *wire_ipv4_format(uint32_t ip, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff,
		 ip & 0xff);
	return buf;
}

bool wire_ipv4_parse(const char *s, uint32_t *ip)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned n = 0;
		int digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			n = n * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (digits == 0 || digits > 3 || n > 255)
			return false;
		v = v << 8 | n;
		if (i < 3 && *s++ != '.')
			return false;
	}
	if (*s != '\0')
		return false;
	*ip = v;
	return true;
}
