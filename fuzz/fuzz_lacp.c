/*
 * fuzz_lacp.c - LACPDUs and Marker PDUs, parsed alone and fed to running LACP ports.
 *
 * DOC: The slow-protocol parsers see what any cable brings, so besides "no
 * crash" each target checks what the parser promises:
 *
 *   lacpdu  the input is a run of chunks [control][length][body]: each body
 *           goes behind a slow-protocol Ethernet header (the fuzzer owns
 *           every byte from the subtype on) and, by the control byte, to
 *           port 1 or 2 of a two-port system after 0..31 ticks of 100 ms.
 *           A PDU that parses must write back and parse to the same fields
 *           (reserved bytes are the only ones allowed to differ); the
 *           machines must stay in their states, an attached port in one of
 *           the system's aggregators, the aggregators' port counts equal to
 *           the ports that chose them; every frame sent is a LACPDU that
 *           parses, or a Marker Response.  Bit 1 of the first byte reads
 *           the PDUs as a Linux bond does (linux_rx: no version or TLV
 *           checks, a Marker answered with its own bytes, whose Response
 *           then need not parse: only its TLV type is checked).
 *   marker  one Marker PDU body behind the same header: a Marker
 *           Information that parses is answered by exactly one Response
 *           carrying its requester port, system and transaction id.
 */
#include <string.h>
#include <glib.h>

#include "fuzz.h"
#include "lacp/lacp.h"

#define LACP_FUZZ_PORTS 2
#define LACP_FUZZ_CHUNKS 64

struct lacp_rig {
	struct frame_pool pool;
	struct lacp_system sys;
	struct lacp_port ports[LACP_FUZZ_PORTS];
	int sent, responses;
	struct lacp_marker last_response;
	const char *target;
};

static void rig_send(void *owner, struct lacp_port *p, struct frame *f)
{
	struct lacp_rig *r = owner;
	struct lacpdu pdu;
	struct lacp_marker m;

	(void)p;
	r->sent++;
	if (lacp_slow_subtype(f->data, f->hdr_len) == WIRE_SLOW_SUBTYPE_MARKER && r->sys.linux_rx) {
		if (f->hdr_len < WIRE_ETH_HLEN + WIRE_SLOW_PDU_LEN ||
		    f->data[WIRE_ETH_HLEN + WIRE_MARKER_OFF_TLV] != LACP_MARKER_RESPONSE)
			fuzz_fail(r->target, "a Marker PDU we echoed is not a Response");
		r->responses++;
	} else if (lacp_slow_subtype(f->data, f->hdr_len) == WIRE_SLOW_SUBTYPE_MARKER) {
		if (lacp_marker_parse(f->data, f->hdr_len, &m) != LACP_PDU_OK ||
		    m.type != LACP_MARKER_RESPONSE)
			fuzz_fail(r->target, "a Marker PDU we sent does not parse as a Response");
		r->responses++;
		r->last_response = m;
	} else if (lacp_pdu_parse(f->data, f->hdr_len, &pdu) != LACP_PDU_OK) {
		fuzz_fail(r->target, "a LACPDU we sent does not parse");
	}
	frame_unref(f);
}

static void rig_attach(void *owner, struct lacp_port *p, struct lacp_agg *agg)
{
	(void)owner;
	(void)p;
	(void)agg;
}

static void rig_cd(void *owner, struct lacp_port *p, bool on)
{
	(void)owner;
	(void)p;
	(void)on;
}

static const struct lacp_ops rig_ops = {
	.send = rig_send,
	.attach = rig_attach,
	.detach = rig_attach,
	.collecting_distributing = rig_cd,
};

static void rig_init(struct lacp_rig *r, const char *target, bool fast)
{
	static const uint8_t sysmac[6] = { 0x02, 0, 0, 0, 0, 0x02 };	/* the seeds' partner */

	memset(r, 0, sizeof(*r));
	r->target = target;
	frame_pool_init(&r->pool);
	lacp_system_init(&r->sys, &r->pool, &rig_ops, r, sysmac);
	for (int i = 0; i < LACP_FUZZ_PORTS; i++) {
		uint8_t mac[6] = { 0x02, 0, 0, 0, 0, (uint8_t)(0x11 + i) };

		lacp_port_add(&r->sys, &r->ports[i], (uint16_t)(i + 1), mac,
			      lacp_port_key(0, 10000, true), fast);
		r->ports[i].port_enabled = true;
	}
}

static void rig_free(struct lacp_rig *r)
{
	if (r->pool.live)
		fuzz_fail(r->target, "%u frames still live after the run", (unsigned)r->pool.live);
	frame_pool_fini(&r->pool);
}

/* A slow-protocol frame around @body: Ethernet header, then at most a PDU's worth. */
static size_t slow_frame(uint8_t out[WIRE_ETH_HLEN + WIRE_SLOW_PDU_LEN], const uint8_t *body,
			 size_t n)
{
	static const uint8_t src[6] = { 0x02, 0, 0, 0, 0, 0x20 };

	n = MIN(n, (size_t)WIRE_SLOW_PDU_LEN);
	memcpy(out + WIRE_ETH_OFF_DST, wire_slow_proto_mac, WIRE_ETH_ALEN);
	memcpy(out + WIRE_ETH_OFF_SRC, src, WIRE_ETH_ALEN);
	wire_wr16(out + WIRE_ETH_OFF_TYPE, WIRE_ETH_P_SLOW);
	memcpy(out + WIRE_ETH_HLEN, body, n);
	return WIRE_ETH_HLEN + n;
}

static void check_roundtrip(const char *target, const uint8_t *frame, size_t len)
{
	struct lacpdu a, b;
	uint8_t again[WIRE_ETH_HLEN + WIRE_SLOW_PDU_LEN];

	if (lacp_pdu_parse(frame, len, &a) != LACP_PDU_OK)
		return;
	memcpy(again, frame, WIRE_ETH_HLEN);
	lacp_pdu_write(again + WIRE_ETH_HLEN, &a);
	if (lacp_pdu_parse(again, sizeof(again), &b) != LACP_PDU_OK)
		fuzz_fail(target, "a LACPDU written from a parsed one does not parse");
	if (memcmp(&a.actor, &b.actor, sizeof(a.actor)) != 0 ||
	    memcmp(&a.partner, &b.partner, sizeof(a.partner)) != 0 ||
	    a.collector_max_delay != b.collector_max_delay)
		fuzz_fail(target, "a LACPDU does not survive parse, write, parse");
}

static void check_machines(const struct lacp_rig *r)
{
	int chose[LACP_MAX_PORTS] = { 0 };

	for (int i = 0; i < LACP_FUZZ_PORTS; i++) {
		const struct lacp_port *p = &r->ports[i];

		if (p->rxm > LACP_RXM_CURRENT || p->ptm > LACP_PTM_PERIODIC_TX ||
		    p->mux > LACP_MUX_COLLECTING_DISTRIBUTING)
			fuzz_fail(r->target, "port %d: a machine left its states", i + 1);
		if (p->agg) {
			ptrdiff_t k = p->agg - r->sys.aggs;

			if (k < 0 || k >= LACP_MAX_PORTS)
				fuzz_fail(r->target, "port %d: an aggregator not the system's", i + 1);
			chose[k]++;
		}
		if (p->mux == LACP_MUX_COLLECTING_DISTRIBUTING && !p->agg)
			fuzz_fail(r->target, "port %d distributes without an aggregator", i + 1);
	}
	for (int k = 0; k < LACP_MAX_PORTS; k++)
		if (r->sys.aggs[k].n_ports != chose[k])
			fuzz_fail(r->target, "aggregator %d counts %d ports, %d chose it", k + 1,
				  r->sys.aggs[k].n_ports, chose[k]);
}

void fuzz_lacpdu(const uint8_t *data, size_t size)
{
	struct lacp_rig r;
	size_t at = 1;

	if (size < 1)
		return;
	rig_init(&r, "lacpdu", data[0] & 1);
	r.sys.linux_rx = data[0] & 2;
	for (int c = 0; c < LACP_FUZZ_CHUNKS && at + 2 <= size; c++) {
		uint8_t frame[WIRE_ETH_HLEN + WIRE_SLOW_PDU_LEN];
		struct lacp_port *p = &r.ports[data[at] & 1];
		int ticks = (data[at] >> 1) & 31;
		size_t n = MIN((size_t)data[at + 1], size - at - 2);
		size_t len = slow_frame(frame, data + at + 2, n);

		at += 2 + n;
		for (int t = 0; t < ticks; t++) {
			for (int i = 0; i < LACP_FUZZ_PORTS; i++)
				lacp_port_tick(&r.ports[i]);
			check_machines(&r);
		}
		check_roundtrip("lacpdu", frame, len);
		lacp_rx_frame(p, frame, len);
		check_machines(&r);
	}
	rig_free(&r);
}

void fuzz_marker(const uint8_t *data, size_t size)
{
	uint8_t frame[WIRE_ETH_HLEN + WIRE_SLOW_PDU_LEN];
	size_t len = slow_frame(frame, data, size);
	struct lacp_marker m;
	struct lacp_rig r;
	enum lacp_pdu_error e;

	rig_init(&r, "marker", true);
	e = lacp_marker_parse(frame, len, &m);
	if (lacp_rx_frame(&r.ports[0], frame, len) != e && lacp_slow_subtype(frame, len) == 2)
		fuzz_fail("marker", "lacp_rx_frame and lacp_marker_parse disagree");
	if (e == LACP_PDU_OK && m.type == LACP_MARKER_INFORMATION) {
		if (r.responses != 1 || r.sent != 1)
			fuzz_fail("marker", "a Marker Information got %d responses", r.responses);
		if (r.last_response.requester_port != m.requester_port ||
		    memcmp(r.last_response.requester_system, m.requester_system, 6) != 0 ||
		    r.last_response.transaction_id != m.transaction_id)
			fuzz_fail("marker", "the Marker Response does not echo the request");
	} else if (r.sent != 0 && lacp_slow_subtype(frame, len) == 2) {
		fuzz_fail("marker", "a Marker PDU that is no Information was answered");
	}
	rig_free(&r);
}
