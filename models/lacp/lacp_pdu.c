/*
 * lacp_pdu.c - LACPDU and Marker PDU encoding and decoding.
 *
 * DOC: Byte for byte as 802.1AX-2014 6.4.2.3 and 6.5.3.3 lay them out and
 * as Linux's struct lacpdu / struct bond_marker send them: reserved bytes are
 * zero on transmit and ignored on receive (the standard says so, for
 * forward compatibility).  Bytes are only read after the length check, so a
 * short or hostile frame cannot be read past its end.
 */
#include <string.h>

#include "lacp_pdu.h"

static const char *const pdu_error_names[LACP_PDU_N_ERRORS] = {
	[LACP_PDU_OK] = "ok",
	[LACP_PDU_NOT_SLOW] = "not a slow protocol frame",
	[LACP_PDU_SHORT] = "too short",
	[LACP_PDU_SUBTYPE] = "wrong subtype",
	[LACP_PDU_VERSION] = "bad version",
	[LACP_PDU_ACTOR_TLV] = "bad actor TLV",
	[LACP_PDU_PARTNER_TLV] = "bad partner TLV",
	[LACP_PDU_COLLECTOR_TLV] = "bad collector TLV",
	[LACP_PDU_TERMINATOR_TLV] = "bad terminator TLV",
	[LACP_PDU_MARKER_TLV] = "bad marker TLV",
};

const char *lacp_pdu_error_name(enum lacp_pdu_error e)
{
	return (unsigned)e < LACP_PDU_N_ERRORS ? pdu_error_names[e] : "?";
}

static void info_write(uint8_t *t, uint8_t type, const struct lacp_info *i)
{
	t[0] = type;
	t[1] = WIRE_LACP_INFO_LEN;
	wire_wr16(t + WIRE_LACP_INFO_OFF_SYS_PRIO, i->system_priority);
	memcpy(t + WIRE_LACP_INFO_OFF_SYSTEM, i->system, WIRE_ETH_ALEN);
	wire_wr16(t + WIRE_LACP_INFO_OFF_KEY, i->key);
	wire_wr16(t + WIRE_LACP_INFO_OFF_PORT_PRIO, i->port_priority);
	wire_wr16(t + WIRE_LACP_INFO_OFF_PORT, i->port);
	t[WIRE_LACP_INFO_OFF_STATE] = i->state;
}

static void info_read(const uint8_t *t, struct lacp_info *i)
{
	i->system_priority = wire_rd16(t + WIRE_LACP_INFO_OFF_SYS_PRIO);
	memcpy(i->system, t + WIRE_LACP_INFO_OFF_SYSTEM, WIRE_ETH_ALEN);
	i->key = wire_rd16(t + WIRE_LACP_INFO_OFF_KEY);
	i->port_priority = wire_rd16(t + WIRE_LACP_INFO_OFF_PORT_PRIO);
	i->port = wire_rd16(t + WIRE_LACP_INFO_OFF_PORT);
	i->state = t[WIRE_LACP_INFO_OFF_STATE];
}

void lacp_pdu_write(uint8_t b[WIRE_SLOW_PDU_LEN], const struct lacpdu *pdu)
{
	memset(b, 0, WIRE_SLOW_PDU_LEN);
	b[WIRE_SLOW_OFF_SUBTYPE] = WIRE_SLOW_SUBTYPE_LACP;
	b[WIRE_SLOW_OFF_VERSION] = WIRE_SLOW_VERSION;
	info_write(b + WIRE_LACP_OFF_ACTOR_TLV, 1, &pdu->actor);
	info_write(b + WIRE_LACP_OFF_PARTNER_TLV, 2, &pdu->partner);
	b[WIRE_LACP_OFF_COLLECTOR_TLV] = 3;
	b[WIRE_LACP_OFF_COLLECTOR_TLV + 1] = WIRE_LACP_COLLECTOR_LEN;
	wire_wr16(b + WIRE_LACP_OFF_COLLECTOR_TLV + WIRE_LACP_COLLECTOR_OFF_DELAY,
		  pdu->collector_max_delay);
	/* terminator type 0 length 0 and the reserved tail: already zero */
}

void lacp_marker_write(uint8_t b[WIRE_SLOW_PDU_LEN], const struct lacp_marker *m)
{
	memset(b, 0, WIRE_SLOW_PDU_LEN);
	b[WIRE_SLOW_OFF_SUBTYPE] = WIRE_SLOW_SUBTYPE_MARKER;
	b[WIRE_SLOW_OFF_VERSION] = WIRE_SLOW_VERSION;
	b[WIRE_MARKER_OFF_TLV] = m->type;
	b[WIRE_MARKER_OFF_TLV + 1] = WIRE_MARKER_INFO_LEN;
	wire_wr16(b + WIRE_MARKER_OFF_PORT, m->requester_port);
	memcpy(b + WIRE_MARKER_OFF_SYSTEM, m->requester_system, WIRE_ETH_ALEN);
	wire_wr32(b + WIRE_MARKER_OFF_TID, m->transaction_id);
}

static uint8_t *slow_frame_new(struct frame_pool *pool, const uint8_t src[WIRE_ETH_ALEN],
			       struct frame **out)
{
	struct frame *f = frame_alloc(pool);
	uint8_t *p = frame_put(f, WIRE_ETH_HLEN + WIRE_SLOW_PDU_LEN);

	memcpy(p + WIRE_ETH_OFF_DST, wire_slow_proto_mac, WIRE_ETH_ALEN);
	memcpy(p + WIRE_ETH_OFF_SRC, src, WIRE_ETH_ALEN);
	wire_wr16(p + WIRE_ETH_OFF_TYPE, WIRE_ETH_P_SLOW);
	/* ad_lacpdu_send() sets skb->priority so: the NIC's queue lets it
	 * past data (pfifo_fast band 0, nic.c).  Switches send their Marker
	 * PDUs so too; a Linux bond's Marker Response does not go ahead
	 * (lacp_marker_echo_new()). */
	f->priority = FRAME_PRIO_CONTROL;
	*out = f;
	return p + WIRE_ETH_HLEN;
}

struct frame *lacp_pdu_frame_new(struct frame_pool *pool, const uint8_t src[WIRE_ETH_ALEN],
				 const struct lacpdu *pdu)
{
	struct frame *f;

	lacp_pdu_write(slow_frame_new(pool, src, &f), pdu);
	return f;
}

struct frame *lacp_marker_frame_new(struct frame_pool *pool, const uint8_t src[WIRE_ETH_ALEN],
				    const struct lacp_marker *m)
{
	struct frame *f;

	lacp_marker_write(slow_frame_new(pool, src, &f), m);
	return f;
}

struct frame *lacp_marker_echo_new(struct frame_pool *pool, const uint8_t src[WIRE_ETH_ALEN],
				   const uint8_t body[WIRE_SLOW_PDU_LEN])
{
	struct frame *f;
	uint8_t *b = slow_frame_new(pool, src, &f);

	memcpy(b, body, WIRE_SLOW_PDU_LEN);
	b[WIRE_MARKER_OFF_TLV] = LACP_MARKER_RESPONSE;
	/* ad_marker_send() leaves skb->priority 0: best effort, behind data */
	f->priority = 0;
	return f;
}

static bool is_slow(const uint8_t *d, size_t len)
{
	return len >= WIRE_ETH_HLEN + 1 &&
	       memcmp(d + WIRE_ETH_OFF_DST, wire_slow_proto_mac, WIRE_ETH_ALEN) == 0 &&
	       wire_rd16(d + WIRE_ETH_OFF_TYPE) == WIRE_ETH_P_SLOW;
}

uint8_t lacp_slow_subtype(const uint8_t *d, size_t len)
{
	return is_slow(d, len) ? d[WIRE_ETH_HLEN + WIRE_SLOW_OFF_SUBTYPE] : 0;
}

/* The checks both PDUs share: destination and type, length, subtype, version. */
static enum lacp_pdu_error slow_check(const uint8_t *d, size_t len, uint8_t subtype)
{
	if (!is_slow(d, len))
		return len < WIRE_ETH_HLEN + 1 ? LACP_PDU_SHORT : LACP_PDU_NOT_SLOW;
	if (d[WIRE_ETH_HLEN + WIRE_SLOW_OFF_SUBTYPE] != subtype)
		return LACP_PDU_SUBTYPE;
	if (len < WIRE_ETH_HLEN + WIRE_SLOW_PDU_LEN)
		return LACP_PDU_SHORT;
	if (d[WIRE_ETH_HLEN + WIRE_SLOW_OFF_VERSION] != WIRE_SLOW_VERSION)
		return LACP_PDU_VERSION;
	return LACP_PDU_OK;
}

static bool tlv_is(const uint8_t *t, uint8_t type, uint8_t len)
{
	return t[0] == type && t[1] == len;
}

enum lacp_pdu_error lacp_pdu_parse(const uint8_t *d, size_t len, struct lacpdu *out)
{
	enum lacp_pdu_error e = slow_check(d, len, WIRE_SLOW_SUBTYPE_LACP);
	const uint8_t *b = d + WIRE_ETH_HLEN;

	if (e != LACP_PDU_OK)
		return e;
	if (!tlv_is(b + WIRE_LACP_OFF_ACTOR_TLV, 1, WIRE_LACP_INFO_LEN))
		return LACP_PDU_ACTOR_TLV;
	if (!tlv_is(b + WIRE_LACP_OFF_PARTNER_TLV, 2, WIRE_LACP_INFO_LEN))
		return LACP_PDU_PARTNER_TLV;
	if (!tlv_is(b + WIRE_LACP_OFF_COLLECTOR_TLV, 3, WIRE_LACP_COLLECTOR_LEN))
		return LACP_PDU_COLLECTOR_TLV;
	if (!tlv_is(b + WIRE_LACP_OFF_TERM_TLV, 0, 0))
		return LACP_PDU_TERMINATOR_TLV;
	info_read(b + WIRE_LACP_OFF_ACTOR_TLV, &out->actor);
	info_read(b + WIRE_LACP_OFF_PARTNER_TLV, &out->partner);
	out->collector_max_delay =
		wire_rd16(b + WIRE_LACP_OFF_COLLECTOR_TLV + WIRE_LACP_COLLECTOR_OFF_DELAY);
	return LACP_PDU_OK;
}

/*
 * bond_3ad_rx_indication() checks the subtype and nothing else: the
 * version and the TLV headers are never read, the fields are taken at
 * their offsets.  A LACPDU of version 2 (802.1AX-2014's LACPv2), or with
 * a TLV header a partner got wrong, thus runs the Receive machine.
 */
enum lacp_pdu_error lacp_pdu_read_linux(const uint8_t *d, size_t len, struct lacpdu *out)
{
	const uint8_t *b = d + WIRE_ETH_HLEN;

	if (!is_slow(d, len))
		return len < WIRE_ETH_HLEN + 1 ? LACP_PDU_SHORT : LACP_PDU_NOT_SLOW;
	if (b[WIRE_SLOW_OFF_SUBTYPE] != WIRE_SLOW_SUBTYPE_LACP)
		return LACP_PDU_SUBTYPE;
	if (len < WIRE_ETH_HLEN + WIRE_SLOW_PDU_LEN)
		return LACP_PDU_SHORT;
	info_read(b + WIRE_LACP_OFF_ACTOR_TLV, &out->actor);
	info_read(b + WIRE_LACP_OFF_PARTNER_TLV, &out->partner);
	out->collector_max_delay =
		wire_rd16(b + WIRE_LACP_OFF_COLLECTOR_TLV + WIRE_LACP_COLLECTOR_OFF_DELAY);
	return LACP_PDU_OK;
}

enum lacp_pdu_error lacp_marker_parse(const uint8_t *d, size_t len, struct lacp_marker *out)
{
	enum lacp_pdu_error e = slow_check(d, len, WIRE_SLOW_SUBTYPE_MARKER);
	const uint8_t *b = d + WIRE_ETH_HLEN;

	if (e != LACP_PDU_OK)
		return e;
	if ((b[WIRE_MARKER_OFF_TLV] != LACP_MARKER_INFORMATION &&
	     b[WIRE_MARKER_OFF_TLV] != LACP_MARKER_RESPONSE) ||
	    b[WIRE_MARKER_OFF_TLV + 1] != WIRE_MARKER_INFO_LEN)
		return LACP_PDU_MARKER_TLV;
	if (!tlv_is(b + WIRE_MARKER_OFF_TERM_TLV, 0, 0))
		return LACP_PDU_TERMINATOR_TLV;
	out->type = b[WIRE_MARKER_OFF_TLV];
	out->requester_port = wire_rd16(b + WIRE_MARKER_OFF_PORT);
	memcpy(out->requester_system, b + WIRE_MARKER_OFF_SYSTEM, WIRE_ETH_ALEN);
	out->transaction_id = wire_rd32(b + WIRE_MARKER_OFF_TID);
	return LACP_PDU_OK;
}
