/*
 * wire.c - the Internet checksum and the few wire facts that are not numbers.
 *
 * DOC: The checksum is RFC 1071's one's-complement sum, computed the plain
 * way (16-bit words into a 32-bit accumulator, carries folded at the end):
 * headers are a few dozen bytes, and bondsim's payloads are zeros that add
 * nothing, so a frame never costs more than its header bytes.  Which ICMP
 * types carry an identifier and which quote the offending packet follow
 * RFC 792 and RFC 4443, the lists the Linux flow dissector uses.
 */
#include "wire.h"

const uint8_t wire_slow_proto_mac[WIRE_ETH_ALEN] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x02 };

uint32_t wire_csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += wire_rd16(p + i);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

uint16_t wire_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint32_t wire_csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto, uint32_t l4_len)
{
	uint8_t ph[12];

	wire_wr32(ph, src);
	wire_wr32(ph + 4, dst);
	ph[8] = 0;
	ph[9] = proto;
	wire_wr16(ph + 10, (uint16_t)l4_len);
	return wire_csum_add(0, ph, sizeof(ph));
}

bool wire_icmp_has_id(uint8_t type)
{
	switch (type) {
	case 0:		/* echo reply */
	case 8:		/* echo request */
	case 13:	/* timestamp */
	case 14:	/* timestamp reply */
	case 128:	/* ICMPv6 echo request */
	case 129:	/* ICMPv6 echo reply */
		return true;
	}
	return false;
}

bool wire_icmp_is_error(uint8_t ip_proto, uint8_t type)
{
	if (ip_proto == WIRE_IPPROTO_ICMPV6)
		/* destination unreachable, packet too big, time exceeded, parameter problem */
		return type >= 1 && type <= 4;
	switch (type) {
	case 3:		/* destination unreachable */
	case 4:		/* source quench */
	case 5:		/* redirect */
	case 11:	/* time exceeded */
	case 12:	/* parameter problem */
		return true;
	}
	return false;
}
