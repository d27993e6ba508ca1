/*
 * wire.c - the few wire facts that are not numbers (the checksum is in wire.h).
 *
 * DOC: The checksum itself (RFC 1071) is inline in wire.h: headers are a few
 * dozen bytes, and bondsim's payloads are zeros that add nothing, so a
 * frame never costs more than its header bytes.  Which ICMP types carry an
 * identifier and which quote the offending packet follow RFC 792 and RFC
 * 4443, the lists the Linux flow dissector uses.
 */
#include "wire.h"

const uint8_t wire_slow_proto_mac[WIRE_ETH_ALEN] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x02 };

uint32_t wire_csum_add_long(uint32_t sum, const uint8_t *p, size_t n)
{
	/* an even chunk length keeps every word whole */
	for (; n > WIRE_CSUM_CHUNK; p += WIRE_CSUM_CHUNK, n -= WIRE_CSUM_CHUNK)
		sum = wire_csum_add(sum, p, WIRE_CSUM_CHUNK);
	return wire_csum_add(sum, p, n);
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
