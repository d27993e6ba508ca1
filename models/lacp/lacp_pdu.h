/*
 * lacp_pdu.h - LACPDUs and Marker PDUs, to and from the bytes on the wire.
 *
 * DOC: The slow-protocol PDUs of IEEE 802.1AX-2014 (6.4.2.3 and 6.5.3.3) as
 * plain structs in host order.  Parsing never trusts the frame: every length,
 * version and TLV header is checked and a bad PDU comes back as a reason the
 * caller counts.  Linux checks less (lacp_pdu_read_linux()), never the
 * length less: no read goes past the frame.
 */
#ifndef BONDSIM_LACP_PDU_H
#define BONDSIM_LACP_PDU_H

#include <stddef.h>
#include <stdint.h>

#include "frame.h"
#include "wire/wire.h"

/* Actor_Oper_Port_State / Partner_Oper_Port_State bits (802.1AX 6.4.2.3) */
#define LACP_STATE_ACTIVITY		0x01
#define LACP_STATE_TIMEOUT		0x02	/* short timeout, fast rate */
#define LACP_STATE_AGGREGATION		0x04
#define LACP_STATE_SYNCHRONIZATION	0x08
#define LACP_STATE_COLLECTING		0x10
#define LACP_STATE_DISTRIBUTING		0x20
#define LACP_STATE_DEFAULTED		0x40
#define LACP_STATE_EXPIRED		0x80

/* One side's parameters, as the actor and partner TLVs carry them. */
struct lacp_info {
	uint16_t system_priority;
	uint8_t system[WIRE_ETH_ALEN];
	uint16_t key;
	uint16_t port_priority;
	uint16_t port;
	uint8_t state;
};

struct lacpdu {
	struct lacp_info actor;
	struct lacp_info partner;
	uint16_t collector_max_delay;	/* tens of microseconds; Linux sends 0 */
};

#define LACP_MARKER_INFORMATION	1
#define LACP_MARKER_RESPONSE	2

struct lacp_marker {
	uint8_t type;			/* LACP_MARKER_INFORMATION or _RESPONSE */
	uint16_t requester_port;
	uint8_t requester_system[WIRE_ETH_ALEN];
	uint32_t transaction_id;
};

/* Why a slow-protocol frame was refused; the owner keeps one counter each. */
enum lacp_pdu_error {
	LACP_PDU_OK,
	LACP_PDU_NOT_SLOW,		/* not to 01:80:c2:00:00:02 with type 0x8809 */
	LACP_PDU_SHORT,			/* fewer than 14 + 110 bytes */
	LACP_PDU_SUBTYPE,		/* not the subtype asked for */
	LACP_PDU_VERSION,		/* version other than 1 */
	LACP_PDU_ACTOR_TLV,		/* actor TLV not type 1 length 20 */
	LACP_PDU_PARTNER_TLV,		/* partner TLV not type 2 length 20 */
	LACP_PDU_COLLECTOR_TLV,		/* collector TLV not type 3 length 16 */
	LACP_PDU_TERMINATOR_TLV,	/* terminator not type 0 length 0 */
	LACP_PDU_MARKER_TLV,		/* marker TLV not type 1/2 length 16 */
	LACP_PDU_N_ERRORS
};

const char *lacp_pdu_error_name(enum lacp_pdu_error e);

/* The 110-byte body (subtype to the last reserved byte). */
void lacp_pdu_write(uint8_t body[WIRE_SLOW_PDU_LEN], const struct lacpdu *pdu);
void lacp_marker_write(uint8_t body[WIRE_SLOW_PDU_LEN], const struct lacp_marker *m);

/* Whole frames: Ethernet header to 01:80:c2:00:00:02 from @src, 124 bytes. */
struct frame *lacp_pdu_frame_new(struct frame_pool *pool, const uint8_t src[WIRE_ETH_ALEN],
				 const struct lacpdu *pdu);
struct frame *lacp_marker_frame_new(struct frame_pool *pool, const uint8_t src[WIRE_ETH_ALEN],
				    const struct lacp_marker *m);
/* Linux's Marker Response (ad_marker_info_received()): the 110 bytes of the
 * Information PDU @body as they came, with the TLV type turned to Response,
 * at priority 0 (ad_marker_send() sets none, unlike ad_lacpdu_send()). */
struct frame *lacp_marker_echo_new(struct frame_pool *pool, const uint8_t src[WIRE_ETH_ALEN],
				   const uint8_t body[WIRE_SLOW_PDU_LEN]);

/*
 * The slow-protocol subtype of the Ethernet frame @data (@len bytes), or 0
 * when it is no slow-protocol frame or too short to say.
 */
uint8_t lacp_slow_subtype(const uint8_t *data, size_t len);
/* Parse a whole Ethernet frame; *@out is written only on LACP_PDU_OK. */
enum lacp_pdu_error lacp_pdu_parse(const uint8_t *data, size_t len, struct lacpdu *out);
enum lacp_pdu_error lacp_marker_parse(const uint8_t *data, size_t len, struct lacp_marker *out);
/*
 * As Linux reads a LACPDU (bond_3ad_rx_indication()): slow protocol, subtype
 * 1 and 110 bytes are all it asks; version and TLV headers are not looked at.
 */
enum lacp_pdu_error lacp_pdu_read_linux(const uint8_t *data, size_t len, struct lacpdu *out);

#endif
