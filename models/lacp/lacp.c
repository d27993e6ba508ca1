/*
 * lacp.c - the LACP system and its ports: set-up, the tick, frames in.
 *
 * DOC: What ties the machines together: the kernel's defaults for a new
 * port (ad_initialize_port, bond_3ad_bind_slave), the key computed from
 * speed and duplex, the 100 ms tick (104 ms on a Linux bond, where the
 * timer wheel rounds it; 100 on a switch) that polls each machine in the order
 * bond_3ad_state_machine_handler() does, and the receive path that parses a
 * slow-protocol frame, counts what is malformed and runs the Receive machine
 * at once (a bond asks only what Linux asks: subtype and length).  Linux
 * answers Marker Information PDUs and never sends its own; so does this.
 */
#include <glib.h>
#include <string.h>

#include "lacp.h"

void lacp_system_init(struct lacp_system *sys, struct frame_pool *pool, const struct lacp_ops *ops,
		      void *owner, const uint8_t system[WIRE_ETH_ALEN])
{
	memset(sys, 0, sizeof(*sys));
	sys->pool = pool;
	sys->ops = ops;
	sys->owner = owner;
	sys->system_priority = 0xffff;
	memcpy(sys->system, system, WIRE_ETH_ALEN);
	for (int i = 0; i < LACP_MAX_PORTS; i++)
		sys->aggs[i].id = (uint16_t)(i + 1);
}

void lacp_port_add(struct lacp_system *sys, struct lacp_port *p, uint16_t port_number,
		   const uint8_t mac[WIRE_ETH_ALEN], uint16_t key, bool fast)
{
	g_assert(sys->n_ports < LACP_MAX_PORTS);
	memset(p, 0, sizeof(*p));
	p->sys = sys;
	memcpy(p->mac, mac, WIRE_ETH_ALEN);
	p->actor_port_number = port_number;
	p->actor_port_priority = 0xff;
	p->actor_admin_port_key = key;
	p->actor_oper_port_key = key;
	p->actor_admin_port_state = LACP_STATE_ACTIVITY | LACP_STATE_AGGREGATION |
				    (fast ? LACP_STATE_TIMEOUT : 0);
	p->actor_oper_port_state = p->actor_admin_port_state;
	/* partner admin defaults: everything 0 but these (Linux's before
	 * 6.1.149, which switches keep; bonds now clear the state) */
	p->partner_admin.system_priority = 0xffff;
	p->partner_admin.key = 1;
	p->partner_admin.port = 1;
	p->partner_admin.port_priority = 0xff;
	p->partner_admin.state = LACP_STATE_ACTIVITY;
	p->partner_oper = p->partner_admin;
	p->begin = true;
	p->mux_fresh = true;
	p->lacp_enabled = true;
	p->tx_timer = LACP_TX_TICKS;
	p->churned = true;		/* churn detection starts in MONITOR */
	sys->ports[sys->n_ports++] = p;
}

void lacp_port_del(struct lacp_system *sys, struct lacp_port *p)
{
	int i = 0;

	if (p->agg && --p->agg->n_ports == 0) {
		uint16_t id = p->agg->id;

		/* ad_clear_agg(): free for the next port that selects */
		memset(p->agg, 0, sizeof(*p->agg));
		p->agg->id = id;
	}
	p->agg = NULL;
	p->attached = false;
	while (i < sys->n_ports && sys->ports[i] != p)
		i++;
	g_assert(i < sys->n_ports);
	memmove(&sys->ports[i], &sys->ports[i + 1],
		(size_t)(sys->n_ports - i - 1) * sizeof(sys->ports[0]));
	sys->ports[--sys->n_ports] = NULL;
	p->sys = NULL;
}

uint16_t lacp_port_key(uint16_t user_key, uint64_t speed_mbps, bool full_duplex)
{
	static const struct { uint64_t mbps; uint16_t code; } codes[] = {
		{ 10, 2 }, { 100, 3 }, { 1000, 4 }, { 2500, 5 }, { 5000, 6 }, { 10000, 7 },
		{ 14000, 8 }, { 20000, 9 }, { 25000, 10 }, { 40000, 11 }, { 50000, 12 },
		{ 56000, 13 }, { 100000, 14 }, { 200000, 15 }, { 400000, 16 }, { 800000, 17 },
	};
	uint16_t code = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(codes); i++)
		if (codes[i].mbps == speed_mbps)
			code = codes[i].code;
	return (uint16_t)(user_key << 6 | code << 1 | (full_duplex ? 1 : 0));
}

void lacp_trace(struct lacp_port *p, const char *machine, const char *from, const char *to)
{
	if (p->sys->ops->trace)
		p->sys->ops->trace(p->sys->owner, p, machine, from, to);
}

bool lacp_agg_is_active(const struct lacp_port *p)
{
	const struct lacp_system *sys = p->sys;

	return p->agg && (!sys->ops->agg_active || sys->ops->agg_active(sys->owner, p->agg));
}

/* __update_lacpdu_from_port(): our oper view of both ends. */
void lacp_pdu_from_port(const struct lacp_port *p, struct lacpdu *pdu)
{
	memset(pdu, 0, sizeof(*pdu));
	pdu->actor.system_priority = p->sys->system_priority;
	memcpy(pdu->actor.system, p->sys->system, WIRE_ETH_ALEN);
	pdu->actor.key = p->actor_oper_port_key;
	pdu->actor.port_priority = p->actor_port_priority;
	pdu->actor.port = p->actor_port_number;
	pdu->actor.state = p->actor_oper_port_state;
	pdu->partner = p->partner_oper;
}

void lacp_port_tick(struct lacp_port *p)
{
	lacp_rxm_run(p, NULL);
	lacp_ptm_run(p);
	lacp_sel_run(p);
	lacp_mux_run(p);
	lacp_txm_run(p);
	lacp_churn_run(p);
	p->begin = false;
}

void lacp_rx_pdu(struct lacp_port *p, const struct lacpdu *pdu)
{
	p->lacpdu_rx++;
	lacp_rxm_run(p, pdu);
}

static void marker_answer(struct lacp_port *p, const struct lacp_marker *m)
{
	struct lacp_marker r = *m;

	r.type = LACP_MARKER_RESPONSE;
	p->marker_response_tx++;
	p->sys->ops->send(p->sys->owner, p, lacp_marker_frame_new(p->sys->pool, p->mac, &r));
}

/*
 * Linux's bond_3ad_rx_indication(): a Marker is told apart by its TLV type
 * alone, and an Information PDU is answered with its own bytes.
 */
static enum lacp_pdu_error marker_rx_linux(struct lacp_port *p, const uint8_t *data, size_t len)
{
	const uint8_t *b = data + WIRE_ETH_HLEN;

	if (len < WIRE_ETH_HLEN + WIRE_SLOW_PDU_LEN)
		return LACP_PDU_SHORT;
	if (b[WIRE_MARKER_OFF_TLV] != LACP_MARKER_INFORMATION &&
	    b[WIRE_MARKER_OFF_TLV] != LACP_MARKER_RESPONSE)
		return LACP_PDU_MARKER_TLV;	/* marker_unknown_rx */
	p->marker_rx++;
	if (b[WIRE_MARKER_OFF_TLV] == LACP_MARKER_INFORMATION) {
		p->marker_response_tx++;
		p->sys->ops->send(p->sys->owner, p, lacp_marker_echo_new(p->sys->pool, p->mac, b));
	}
	return LACP_PDU_OK;
}

/* The standard's checks: version 1 and every TLV header as 6.4.2.3 and 6.5.3.3 lay them out. */
static enum lacp_pdu_error rx_frame_checked(struct lacp_port *p, const uint8_t *data, size_t len)
{
	enum lacp_pdu_error e;

	if (lacp_slow_subtype(data, len) == WIRE_SLOW_SUBTYPE_MARKER) {
		struct lacp_marker m;

		e = lacp_marker_parse(data, len, &m);
		if (e == LACP_PDU_OK) {
			p->marker_rx++;
			if (m.type == LACP_MARKER_INFORMATION)
				marker_answer(p, &m);
		}
	} else {
		struct lacpdu pdu;

		e = lacp_pdu_parse(data, len, &pdu);
		if (e == LACP_PDU_OK)
			lacp_rx_pdu(p, &pdu);
	}
	return e;
}

static enum lacp_pdu_error rx_frame_linux(struct lacp_port *p, const uint8_t *data, size_t len)
{
	struct lacpdu pdu;
	enum lacp_pdu_error e;

	if (lacp_slow_subtype(data, len) == WIRE_SLOW_SUBTYPE_MARKER)
		return marker_rx_linux(p, data, len);
	e = lacp_pdu_read_linux(data, len, &pdu);
	if (e == LACP_PDU_OK)
		lacp_rx_pdu(p, &pdu);
	return e;
}

enum lacp_pdu_error lacp_rx_frame(struct lacp_port *p, const uint8_t *data, size_t len)
{
	enum lacp_pdu_error e = p->sys->linux_rx ? rx_frame_linux(p, data, len) :
						   rx_frame_checked(p, data, len);

	if (e != LACP_PDU_OK)
		p->pdu_errors[e]++;
	return e;
}

static const char *const churn_names[] = {
	[LACP_CHURN_NONE] = "none",
	[LACP_CHURN_MONITOR] = "monitoring",
	[LACP_CHURN_CHURNED] = "churned",
};

const char *lacp_churn_name(enum lacp_churn_state s)
{
	return churn_names[s];
}
