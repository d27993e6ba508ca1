/*
 * bond_hash.h - the bonding xmit hash (xmit_hash_policy), bit-exact with Linux 6.x.
 *
 * DOC: bond_xmit_hash() returns the same u32 as the kernel's bond_xmit_hash()
 * on x86-64 for the same frame, so balance-xor, 802.3ad and balance-tlb
 * (tlb_dynamic_lb=0) pick usable_slaves[hash % count] exactly as Linux does.
 * See bond_hash.c for what the kernel does and why the byte order matters.
 */
#ifndef BONDSIM_BOND_HASH_H
#define BONDSIM_BOND_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum bond_xmit_policy {		/* numbers as in the kernel's xmit_hash_policy values */
	BOND_XMIT_POLICY_LAYER2 = 0,
	BOND_XMIT_POLICY_LAYER34 = 1,
	BOND_XMIT_POLICY_LAYER23 = 2,
	BOND_XMIT_POLICY_ENCAP23 = 3,
	BOND_XMIT_POLICY_ENCAP34 = 4,
	BOND_XMIT_POLICY_VLAN_SRCMAC = 5,
};

#define BOND_XMIT_POLICY_COUNT 6

struct bond_hash_input {
	const uint8_t *data;	/* Ethernet frame from the destination MAC on (may carry
				 * 802.1Q/802.1ad tags in the bytes) */
	size_t len;		/* bytes available in data (headers; payload may be absent) */
	bool vlan_present;	/* a tag carried outside the bytes (skb_vlan_tag_present),
				 * e.g. a VLAN device on top of the bond */
	uint16_t vlan_tci;	/* the whole TCI: priority bits included, as the kernel */
	bool l4_hash;		/* skb->l4_hash: the stack already has a flow hash */
	uint32_t skb_hash;	/* skb->hash, used only when l4_hash under encap3+4 */
};

/* The kernel's bond_xmit_hash(): the slave is usable_slaves[hash % count]. */
uint32_t bond_xmit_hash(enum bond_xmit_policy policy, const struct bond_hash_input *in);

/*
 * The kernel's bond_ip_hash(): mix the address words into @hash and fold;
 * @src_word/@dst_word are what flow_get_u32_src/dst() return (an IPv4 address
 * loaded little-endian, or the XOR of an IPv6 address's four such words).
 * Exposed so that tests and tools can check the arithmetic on its own.
 */
uint32_t bond_xmit_hash_ip_mix(uint32_t hash, uint32_t src_word, uint32_t dst_word,
			       enum bond_xmit_policy policy);

/* "layer2", "layer3+4", ... as the kernel prints them; "unknown" if out of range. */
const char *bond_xmit_policy_name(enum bond_xmit_policy policy);

/* Accepts the kernel's names and the numbers 0-5; false (out untouched) otherwise. */
bool bond_xmit_policy_parse(const char *s, enum bond_xmit_policy *out);

#endif /* BONDSIM_BOND_HASH_H */
