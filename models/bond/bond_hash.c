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
 * Both dissectors are wire_dissect() (models/wire/dissect.c) with the options
 * that reproduce their quirks (dissect_opts() below): the frame is parsed in
 * one place, and this file only turns the dissected fields into the
 * kernel's flow keys and the hash.
 *
 * Byte order: the kernel XORs saddr, daddr and the ports word as raw 32-bit
 * loads of network-order bytes.  The reference is x86-64, so we byte-swap
 * the network-order values explicitly: a.b.c.d is d<<24 | c<<16 | b<<8 | a,
 * the ports word is dport_lo<<24 | dport_hi<<16 | sport_lo<<8 | sport_hi.  An
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

#include "wire/dissect.h"

/*
 * A raw 32-bit load of network-order bytes on the little-endian reference
 * machine: the byte-swapped value.  XOR commutes with the swap, so an IPv6
 * address's four words can be folded first.
 */
static uint32_t raw32(uint32_t v)
{
	return v >> 24 | (v >> 8 & 0xff00u) | (v << 8 & 0xff0000u) | v << 24;
}

static uint32_t raw16(uint16_t v)
{
	return (uint32_t)(v >> 8 | (v & 0xff) << 8);
}

/* ipv6_addr_hash() */
static uint32_t ipv6_word(const uint8_t *a)
{
	return raw32(wire_rd32(a) ^ wire_rd32(a + 4) ^ wire_rd32(a + 8) ^ wire_rd32(a + 12));
}

/* bond_eth_hash(): 0 for a frame shorter than an Ethernet header. */
static uint32_t eth_hash(const struct wire_pkt *pkt)
{
	if (!(pkt->flags & WIRE_PKT_ETH))
		return 0;
	return (uint32_t)(pkt->dst[5] ^ pkt->src[5] ^ pkt->eth_type);
}

/* bond_vlan_srcmac_hash(): only the out-of-band tag counts. */
static uint32_t vlan_srcmac_hash(const struct wire_pkt *pkt, const struct bond_hash_input *in)
{
	const uint8_t *s = pkt->src;
	uint32_t vendor, dev;

	if (!(pkt->flags & WIRE_PKT_ETH))
		return 0;
	vendor = (uint32_t)s[0] << 16 | (uint32_t)s[1] << 8 | s[2];
	dev = (uint32_t)s[3] << 16 | (uint32_t)s[4] << 8 | s[5];
	return (in->vlan_present ? in->vlan_tci : 0u) ^ vendor ^ dev;
}

/*
 * The dissector options that make wire_dissect() read the frame as the
 * kernel does for @policy: always skb->protocol and the network offset that
 * af_packet/tap set (see the DOC); bond_flow_dissect() for layer2+3 and
 * layer3+4, __skb_flow_dissect() for the encap policies.
 */
static unsigned dissect_opts(enum bond_xmit_policy policy, const struct bond_hash_input *in)
{
	unsigned vlan_dev = in->vlan_present ? WIRE_DISSECT_VLAN_DEV : 0;

	switch (policy) {
	case BOND_XMIT_POLICY_LAYER2:
	case BOND_XMIT_POLICY_VLAN_SRCMAC:
		return WIRE_DISSECT_SKB_PROTO | WIRE_DISSECT_L2_ONLY;
	case BOND_XMIT_POLICY_ENCAP23:
	case BOND_XMIT_POLICY_ENCAP34:
		return WIRE_DISSECT_SKB_PROTO | WIRE_DISSECT_ENCAP | vlan_dev |
		       (in->vlan_present ? WIRE_DISSECT_OOB_VLAN : 0);
	default:
		return WIRE_DISSECT_SKB_PROTO | WIRE_DISSECT_TRUST_IHL | WIRE_DISSECT_ICMP_QUOTE |
		       vlan_dev;
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
	unsigned opts = dissect_opts(policy, in);
	struct wire_pkt pkt;
	uint32_t hash, src = 0, dst = 0;
	uint16_t icmp_id = 0;
	bool ok;

	if (policy == BOND_XMIT_POLICY_ENCAP34 && in->l4_hash)
		return in->skb_hash;
	/* the frame of nearly every flow: what the lines below would make of it */
	if (policy == BOND_XMIT_POLICY_LAYER34 || policy == BOND_XMIT_POLICY_LAYER23) {
		struct wire_ipv4_l4 t;

		if (wire_ipv4_l4_common(in->data, in->len, &t)) {
			const uint8_t *d = in->data;

			hash = policy == BOND_XMIT_POLICY_LAYER34
				       ? raw16(t.sport) | raw16(t.dport) << 16
				       : (uint32_t)(d[WIRE_ETH_OFF_DST + 5] ^
						    d[WIRE_ETH_OFF_SRC + 5] ^ WIRE_ETH_P_IP);
			return bond_xmit_hash_ip_mix(hash, raw32(t.ip_src), raw32(t.ip_dst),
						     policy);
		}
	}

	ok = wire_dissect(in->data, in->len, opts, &pkt);
	if (policy == BOND_XMIT_POLICY_VLAN_SRCMAC)
		return vlan_srcmac_hash(&pkt, in);
	if (policy == BOND_XMIT_POLICY_LAYER2)
		return eth_hash(&pkt);
	/* bond_flow_ip() only knows IPv4 and IPv6, where skb->protocol says */
	if (!(opts & WIRE_DISSECT_ENCAP))
		ok = ok && (pkt.flags & (WIRE_PKT_IPV4 | WIRE_PKT_IPV6));
	if (!ok)
		return eth_hash(&pkt);

	/* skb_flow_get_icmp_tci(): 0 means "no id", so a real id of 0 is stored as 1 */
	if ((pkt.flags & WIRE_PKT_ICMP) && wire_icmp_has_id(pkt.icmp_type))
		icmp_id = pkt.icmp_id ? pkt.icmp_id : 1;

	if (policy == BOND_XMIT_POLICY_LAYER23 || policy == BOND_XMIT_POLICY_ENCAP23) {
		hash = eth_hash(&pkt);
	} else if (icmp_id) {
		/* memcpy of struct flow_dissector_key_icmp {type, code, id} */
		hash = (uint32_t)pkt.icmp_type | (uint32_t)pkt.icmp_code << 8 |
		       (uint32_t)icmp_id << 16;
	} else {
		/* a raw load of {be16 sport, be16 dport}; 0 without ports */
		hash = raw16(pkt.sport) | raw16(pkt.dport) << 16;
	}

	/* flow_get_u32_src/dst() give 0 when no address was dissected */
	if (pkt.flags & WIRE_PKT_IPV4) {
		src = raw32(pkt.ip_src);
		dst = raw32(pkt.ip_dst);
	} else if (pkt.flags & WIRE_PKT_IPV6) {
		src = ipv6_word(pkt.ip6_src);
		dst = ipv6_word(pkt.ip6_dst);
	}
	return bond_xmit_hash_ip_mix(hash, src, dst, policy);
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
