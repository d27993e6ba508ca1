/*
 * test_lacp.c - the LACP library (models/lacp/) on its own, with no simulator links.
 *
 * PDUs are checked against bytes written out by hand from 802.1AX 6.4.2.3;
 * each machine is stepped tick by tick against the standard's diagrams and
 * the kernel's timers; two systems are wired back to back through a fake
 * owner that hands each side's LACPDUs to the other after every tick (a
 * wire shorter than a tick), so negotiation and time-out can be measured to
 * the tick.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lacp/lacp.h"

#define SYS_A 0x00, 0x16, 0x36, 0x1b, 0xbb, 0x74
#define SYS_B 0x00, 0x1b, 0x21, 0x00, 0x00, 0x01

static const uint8_t sys_a[6] = { SYS_A };
static const uint8_t sys_b[6] = { SYS_B };

/* ------------------------------------------------------------------ PDUs */

static const struct lacpdu golden_pdu = {
	.actor = { 0xffff, { SYS_A }, 15, 255, 1, 0x3d },
	.partner = { 0x8000, { SYS_B }, 0x0021, 0x8000, 0x0107, 0x3f },
	.collector_max_delay = 0,
};

static const uint8_t golden_frame[124] = {
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x02,		/* slow protocols multicast */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,		/* source: the port's MAC */
	0x88, 0x09,					/* slow protocols */
	0x01, 0x01,					/* subtype LACP, version 1 */
	0x01, 0x14,					/* actor TLV, 20 */
	0xff, 0xff, SYS_A, 0x00, 0x0f,			/* sys prio 65535, system, key 15 */
	0x00, 0xff, 0x00, 0x01, 0x3d, 0, 0, 0,		/* port prio 255, port 1, state, rsvd */
	0x02, 0x14,					/* partner TLV, 20 */
	0x80, 0x00, SYS_B, 0x00, 0x21,
	0x80, 0x00, 0x01, 0x07, 0x3f, 0, 0, 0,
	0x03, 0x10, 0x00, 0x00,				/* collector TLV, 16, max delay 0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,		/* 12 reserved */
	0x00, 0x00,					/* terminator; 50 reserved (zero) follow */
};

static const uint8_t port_mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };

Test(lacp_pdu, golden_bytes_and_round_trip)
{
	struct frame_pool pool;
	struct frame *f;
	struct lacpdu back;

	frame_pool_init(&pool);
	f = lacp_pdu_frame_new(&pool, port_mac, &golden_pdu);
	cr_assert_eq(f->len, 124);
	cr_assert_eq(f->hdr_len, 124);
	for (int i = 0; i < 124; i++)
		cr_assert_eq(f->data[i], golden_frame[i], "byte %d: %#x, want %#x", i, f->data[i],
			     golden_frame[i]);
	cr_assert_eq(lacp_slow_subtype(f->data, f->len), 1);
	cr_assert_eq(lacp_pdu_parse(f->data, f->len, &back), LACP_PDU_OK);
	cr_assert_eq(memcmp(&back.actor.system, sys_a, 6), 0);
	cr_assert_eq(back.actor.system_priority, 0xffff);
	cr_assert_eq(back.actor.key, 15);
	cr_assert_eq(back.actor.port_priority, 255);
	cr_assert_eq(back.actor.port, 1);
	cr_assert_eq(back.actor.state, 0x3d);
	cr_assert_eq(back.partner.system_priority, 0x8000);
	cr_assert_eq(memcmp(&back.partner.system, sys_b, 6), 0);
	cr_assert_eq(back.partner.key, 0x21);
	cr_assert_eq(back.partner.port, 0x107);
	cr_assert_eq(back.partner.state, 0x3f);
	frame_unref(f);
	frame_pool_fini(&pool);
}

static enum lacp_pdu_error parse_mangled(int off, uint8_t val, size_t len)
{
	uint8_t b[130];
	struct lacpdu out;

	memset(b, 0, sizeof(b));
	memcpy(b, golden_frame, sizeof(golden_frame));
	if (off >= 0)
		b[off] = val;
	return lacp_pdu_parse(b, len, &out);
}

Test(lacp_pdu, malformed_refused_with_reason)
{
	cr_assert_eq(parse_mangled(-1, 0, 124), LACP_PDU_OK);
	cr_assert_eq(parse_mangled(-1, 0, 130), LACP_PDU_OK, "padding is allowed");
	cr_assert_eq(parse_mangled(-1, 0, 123), LACP_PDU_SHORT);
	cr_assert_eq(parse_mangled(-1, 0, 15), LACP_PDU_SHORT);
	cr_assert_eq(parse_mangled(-1, 0, 14), LACP_PDU_SHORT);
	cr_assert_eq(parse_mangled(-1, 0, 0), LACP_PDU_SHORT);
	cr_assert_eq(parse_mangled(5, 0x03, 124), LACP_PDU_NOT_SLOW);	/* 01:80:c2:00:00:03 */
	cr_assert_eq(parse_mangled(13, 0x08, 124), LACP_PDU_NOT_SLOW);	/* type 0x8808 */
	cr_assert_eq(parse_mangled(14, 2, 124), LACP_PDU_SUBTYPE);	/* a Marker */
	cr_assert_eq(parse_mangled(14, 10, 124), LACP_PDU_SUBTYPE);	/* OSSP */
	cr_assert_eq(parse_mangled(15, 0, 124), LACP_PDU_VERSION);
	cr_assert_eq(parse_mangled(15, 2, 124), LACP_PDU_VERSION);
	cr_assert_eq(parse_mangled(16, 2, 124), LACP_PDU_ACTOR_TLV);
	cr_assert_eq(parse_mangled(17, 19, 124), LACP_PDU_ACTOR_TLV);
	cr_assert_eq(parse_mangled(36, 1, 124), LACP_PDU_PARTNER_TLV);
	cr_assert_eq(parse_mangled(37, 0, 124), LACP_PDU_PARTNER_TLV);
	cr_assert_eq(parse_mangled(56, 0, 124), LACP_PDU_COLLECTOR_TLV);
	cr_assert_eq(parse_mangled(57, 20, 124), LACP_PDU_COLLECTOR_TLV);
	cr_assert_eq(parse_mangled(72, 1, 124), LACP_PDU_TERMINATOR_TLV);
	cr_assert_eq(parse_mangled(73, 2, 124), LACP_PDU_TERMINATOR_TLV);
	cr_assert_eq(parse_mangled(100, 0xff, 124), LACP_PDU_OK, "reserved bytes are ignored");
	cr_assert_str_eq(lacp_pdu_error_name(LACP_PDU_VERSION), "bad version");
}

Test(lacp_pdu, marker_round_trip_and_malformed)
{
	static const uint8_t golden[34] = {
		0x01, 0x80, 0xc2, 0x00, 0x00, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x88, 0x09,
		0x02, 0x01,			/* subtype Marker, version 1 */
		0x01, 0x10,			/* information, 16 */
		0x00, 0x02, SYS_B,		/* requester port 2, system */
		0xde, 0xad, 0xbe, 0xef,		/* transaction id */
		0x00, 0x00, 0x00, 0x00,		/* pad, terminator */
	};
	struct lacp_marker m = { LACP_MARKER_INFORMATION, 2, { SYS_B }, 0xdeadbeef }, back;
	struct frame_pool pool;
	struct frame *f;

	frame_pool_init(&pool);
	f = lacp_marker_frame_new(&pool, port_mac, &m);
	cr_assert_eq(f->len, 124);
	cr_assert_eq(memcmp(f->data, golden, sizeof(golden)), 0);
	for (int i = (int)sizeof(golden); i < 124; i++)
		cr_assert_eq(f->data[i], 0);
	cr_assert_eq(lacp_marker_parse(f->data, f->len, &back), LACP_PDU_OK);
	cr_assert_eq(back.type, LACP_MARKER_INFORMATION);
	cr_assert_eq(back.requester_port, 2);
	cr_assert_eq(back.transaction_id, 0xdeadbeef);
	cr_assert_eq(memcmp(back.requester_system, sys_b, 6), 0);
	cr_assert_eq(lacp_marker_parse(f->data, 123, &back), LACP_PDU_SHORT);
	f->data[16] = 3;
	cr_assert_eq(lacp_marker_parse(f->data, f->len, &back), LACP_PDU_MARKER_TLV);
	f->data[16] = 2;
	f->data[17] = 0x16;	/* the kernel header's typo, not the standard */
	cr_assert_eq(lacp_marker_parse(f->data, f->len, &back), LACP_PDU_MARKER_TLV);
	f->data[17] = 0x10;
	f->data[32] = 1;
	cr_assert_eq(lacp_marker_parse(f->data, f->len, &back), LACP_PDU_TERMINATOR_TLV);
	f->data[32] = 0;
	cr_assert_eq(lacp_pdu_parse(f->data, f->len, &(struct lacpdu){ 0 }), LACP_PDU_SUBTYPE);
	frame_unref(f);
	frame_pool_fini(&pool);
}

/*
 * A Linux bond answers a Marker Information with the PDU's own 110 bytes,
 * TLV type 2 (ad_marker_info_received()), and sends it at priority 0:
 * ad_marker_send() sets no skb->priority, where ad_lacpdu_send() sets
 * TC_PRIO_CONTROL.
 */
Test(lacp_pdu, linux_marker_response_echoes_at_priority_0)
{
	struct lacp_marker m = { LACP_MARKER_INFORMATION, 2, { SYS_B }, 0xdeadbeef };
	struct frame_pool pool;
	struct frame *info, *resp, *pdu;

	frame_pool_init(&pool);
	info = lacp_marker_frame_new(&pool, port_mac, &m);
	info->data[WIRE_ETH_HLEN + WIRE_MARKER_OFF_TLV + 1] = 0x16;
	info->data[123] = 0x5a;
	resp = lacp_marker_echo_new(&pool, port_mac, info->data + WIRE_ETH_HLEN);
	pdu = lacp_pdu_frame_new(&pool, port_mac, &golden_pdu);
	cr_assert_eq(resp->len, 124);
	cr_assert_eq(resp->data[16], LACP_MARKER_RESPONSE);
	resp->data[16] = LACP_MARKER_INFORMATION;
	cr_assert_eq(memcmp(resp->data, info->data, 124), 0);
	cr_assert_eq(resp->priority, 0);
	cr_assert_eq(info->priority, FRAME_PRIO_CONTROL);
	cr_assert_eq(pdu->priority, FRAME_PRIO_CONTROL);
	frame_unref(info);
	frame_unref(resp);
	frame_unref(pdu);
	frame_pool_fini(&pool);
}

Test(lacp_pdu, kernel_keys)
{
	cr_assert_eq(lacp_port_key(0, 10000, true), 15);
	cr_assert_eq(lacp_port_key(0, 1000, true), 9);
	cr_assert_eq(lacp_port_key(0, 25000, true), 21);
	cr_assert_eq(lacp_port_key(0, 40000, true), 23);
	cr_assert_eq(lacp_port_key(0, 0, false), 0);
	cr_assert_eq(lacp_port_key(2, 10000, true), 2 << 6 | 15);
}

/* ------------------------------------------------------- the fake owner */

/* One end: a LACP system of up to 2 ports, and what it sent since the last delivery. */
struct end {
	struct lacp_system sys;
	struct lacp_port port[2];
	GPtrArray *sent[2];		/* frames out of port[i], not yet delivered */
	int attach[2], detach[2], cd_on[2], cd_off[2];
	int traces;
	bool inactive;			/* agg_active answers false */
	bool silent;			/* frames out of this end are lost */
};

static struct frame_pool pool;
static int now_tick;		/* ticks since the test started */

static int port_index(const struct lacp_port *p)
{
	return p->actor_port_number - 1;
}

static void fake_send(void *owner, struct lacp_port *p, struct frame *f)
{
	struct end *e = owner;

	g_ptr_array_add(e->sent[port_index(p)], f);
}

static void fake_attach(void *owner, struct lacp_port *p, struct lacp_agg *agg)
{
	((struct end *)owner)->attach[port_index(p)]++;
}

static void fake_detach(void *owner, struct lacp_port *p, struct lacp_agg *agg)
{
	((struct end *)owner)->detach[port_index(p)]++;
}

static void fake_cd(void *owner, struct lacp_port *p, bool on)
{
	struct end *e = owner;

	if (on)
		e->cd_on[port_index(p)]++;
	else
		e->cd_off[port_index(p)]++;
}

static void fake_trace(void *owner, struct lacp_port *p, const char *machine, const char *from,
		       const char *to)
{
	((struct end *)owner)->traces++;
	/* LACP_TRACE=1 build/tests/run --filter 'lacp*' shows every transition */
	if (getenv("LACP_TRACE"))
		printf("%d %02x port %d %s: %s -> %s\n", now_tick, p->sys->system[5],
		       p->actor_port_number, machine, from, to);
}

static bool fake_active(void *owner, const struct lacp_agg *agg)
{
	return !((struct end *)owner)->inactive;
}

static const struct lacp_ops fake_ops = {
	.send = fake_send,
	.attach = fake_attach,
	.detach = fake_detach,
	.collecting_distributing = fake_cd,
	.trace = fake_trace,
	.agg_active = fake_active,
};

static void end_init(struct end *e, const uint8_t sys[6], int n_ports, bool fast)
{
	memset(e, 0, sizeof(*e));
	lacp_system_init(&e->sys, &pool, &fake_ops, e, sys);
	for (int i = 0; i < n_ports; i++) {
		uint8_t mac[6] = { 0x02, sys[5], 0, 0, 0, (uint8_t)(i + 1) };

		lacp_port_add(&e->sys, &e->port[i], (uint16_t)(i + 1), mac,
			      lacp_port_key(0, 10000, true), fast);
		e->port[i].port_enabled = true;
		e->sent[i] = g_ptr_array_new();
	}
}

static void end_drop_sent(struct end *e)
{
	for (int i = 0; i < e->sys.n_ports; i++) {
		for (guint k = 0; k < e->sent[i]->len; k++)
			frame_unref(e->sent[i]->pdata[k]);
		g_ptr_array_set_size(e->sent[i], 0);
	}
}

static void end_fini(struct end *e)
{
	end_drop_sent(e);
	for (int i = 0; i < e->sys.n_ports; i++)
		g_ptr_array_free(e->sent[i], TRUE);
}

/* Hand @from's frames out of port i to @to's port i, then forget them. */
static void deliver(struct end *from, struct end *to)
{
	for (int i = 0; i < from->sys.n_ports; i++)
		for (guint k = 0; k < from->sent[i]->len; k++) {
			struct frame *f = from->sent[i]->pdata[k];

			if (!from->silent)
				cr_assert_eq(lacp_rx_frame(&to->port[i], f->data, f->len),
					     LACP_PDU_OK);
		}
	end_drop_sent(from);
}

/* One 100 ms tick of both ends (A first), then the wire. */
static void tick_both(struct end *a, struct end *b)
{
	now_tick++;
	for (int i = 0; i < a->sys.n_ports; i++)
		lacp_port_tick(&a->port[i]);
	for (int i = 0; i < b->sys.n_ports; i++)
		lacp_port_tick(&b->port[i]);
	deliver(a, b);
	deliver(b, a);
}

static void setup(void)
{
	now_tick = 0;
	frame_pool_init(&pool);
}

static void teardown(void)
{
	frame_pool_fini(&pool);
}

static bool up(const struct lacp_port *p)
{
	return p->mux == LACP_MUX_COLLECTING_DISTRIBUTING;
}

/* Ticks from both ends starting together until both ports of both are up. */
static int negotiate(struct end *a, struct end *b)
{
	for (int t = 1; t <= 1000; t++) {
		bool all = true;

		tick_both(a, b);
		for (int i = 0; i < a->sys.n_ports; i++)
			all = all && up(&a->port[i]) && up(&b->port[i]);
		if (all)
			return t;
	}
	return -1;
}

/* Tick both ends until port 0 of @e is in rx state @st; returns the tick. */
static int until_rxm(struct end *a, struct end *b, struct end *e, enum lacp_rxm_state st)
{
	for (int n = 0; n < 2000 && e->port[0].rxm != st; n++)
		tick_both(a, b);
	cr_assert_eq(e->port[0].rxm, st);
	return now_tick;
}

/* ------------------------------------------------- back to back */

/*
 * Both ends start together: DETACHED -> WAITING at tick 2, the first
 * LACPDUs at tick 3 (the tx slot) move both partners off their defaults,
 * wait_while (20 ticks) ends at tick 22 -> ATTACHED with NTT, the next tx
 * slot is tick 24, so both see the other in sync and reach
 * COLLECTING_DISTRIBUTING at tick 25: 2.5 s, at either rate (the periodic
 * machine plays no part).  Then one direction goes silent: the receiver
 * expires exactly one timeout (3 s fast, 90 s slow) after the last LACPDU
 * it heard, and defaults 3 s later.
 */
static void pair_run(bool fast, int period, int timeout)
{
	struct end a, b;
	int last_rx = 0, t;
	uint8_t st = fast ? 0x3f : 0x3d;

	end_init(&a, sys_a, 1, fast);
	end_init(&b, sys_b, 1, fast);
	cr_assert_eq(negotiate(&a, &b), 25);
	cr_assert_eq(a.port[0].mux, LACP_MUX_COLLECTING_DISTRIBUTING);
	tick_both(&a, &b);
	tick_both(&a, &b);
	cr_assert_eq(a.port[0].actor_oper_port_state, st);
	cr_assert_eq(b.port[0].actor_oper_port_state, st);
	cr_assert_eq(a.port[0].partner_oper.state, st);
	cr_assert_eq(b.port[0].partner_oper.state, st);
	cr_assert_eq(a.port[0].partner_oper.key, 15);
	cr_assert_eq(memcmp(a.port[0].partner_oper.system, sys_b, 6), 0);
	cr_assert_eq(a.attach[0], 1);
	cr_assert_eq(a.cd_on[0], 1);
	cr_assert_eq(a.detach[0], 0);
	cr_assert_eq(a.port[0].rxm, LACP_RXM_CURRENT);
	cr_assert_eq(a.port[0].ptm, fast ? LACP_PTM_FAST_PERIODIC : LACP_PTM_SLOW_PERIODIC);
	cr_assert_eq(a.port[0].agg->id, 1);
	/* steady: one LACPDU per period each way, nothing else moves */
	uint64_t rx0 = a.port[0].lacpdu_rx, tx0 = b.port[0].lacpdu_tx;
	for (int i = 0; i < 10 * period; i++) {
		uint64_t rx = a.port[0].lacpdu_rx;

		tick_both(&a, &b);
		if (a.port[0].lacpdu_rx != rx)
			last_rx = now_tick;
		cr_assert(up(&a.port[0]) && up(&b.port[0]));
	}
	cr_assert_eq(a.port[0].lacpdu_rx - rx0, 10);
	cr_assert_eq(b.port[0].lacpdu_tx - tx0, 10);
	b.silent = true;
	t = until_rxm(&a, &b, &a, LACP_RXM_EXPIRED);
	cr_assert_eq(t - last_rx, timeout);
	cr_assert_eq(a.port[0].actor_oper_port_state & LACP_STATE_EXPIRED, LACP_STATE_EXPIRED);
	tick_both(&a, &b);
	cr_assert_eq(a.port[0].mux, LACP_MUX_ATTACHED, "partner sync lost: back to ATTACHED");
	/* Disable_Collecting_Distributing on every entry: DETACHED at BEGIN,
	 * ATTACHED after the wait, ATTACHED again now */
	cr_assert_eq(a.cd_off[0], 3);
	cr_assert_eq(until_rxm(&a, &b, &a, LACP_RXM_DEFAULTED) - t, LACP_SHORT_TIMEOUT_TICKS);
	cr_assert_eq(a.port[0].actor_oper_port_state & LACP_STATE_DEFAULTED, LACP_STATE_DEFAULTED);
	cr_assert_eq(a.port[0].partner_oper.state, LACP_STATE_ACTIVITY, "admin defaults");
	end_fini(&a);
	end_fini(&b);
}

Test(lacp_pair, fast_rate, .init = setup, .fini = teardown)
{
	pair_run(true, LACP_FAST_PERIODIC_TICKS, LACP_SHORT_TIMEOUT_TICKS);
}

Test(lacp_pair, slow_rate, .init = setup, .fini = teardown)
{
	pair_run(false, LACP_SLOW_PERIODIC_TICKS, LACP_LONG_TIMEOUT_TICKS);
}

/*
 * Two ports each side, the second link up 1 s later: both land in
 * aggregator 1.  The first port does not wait for the second (it chose a
 * defaulted aggregator of its own while down), but when both wait together
 * Ready holds the first until the second's wait_while ends too.
 */
Test(lacp_pair, two_ports_one_aggregator, .init = setup, .fini = teardown)
{
	struct end a, b;

	end_init(&a, sys_a, 2, true);
	end_init(&b, sys_b, 2, true);
	a.port[1].port_enabled = false;
	b.port[1].port_enabled = false;
	for (int i = 0; i < 10; i++)
		tick_both(&a, &b);
	a.port[1].port_enabled = true;
	b.port[1].port_enabled = true;
	while (!up(&a.port[0]))
		tick_both(&a, &b);
	cr_assert_eq(now_tick, 25);
	while (!up(&a.port[1]) || !up(&b.port[1]))
		tick_both(&a, &b);
	cr_assert_eq(now_tick, 25, "port 2 waited while down, as Linux's mux does");
	cr_assert_eq(a.port[0].agg, a.port[1].agg);
	cr_assert_eq(a.port[0].agg->id, 1);
	cr_assert_eq(a.port[0].agg->n_ports, 2);
	cr_assert_eq(b.port[1].agg->id, 1);
	end_fini(&a);
	end_fini(&b);
}

Test(lacp_pair, ready_waits_for_every_port, .init = setup, .fini = teardown)
{
	struct end a, b;

	end_init(&a, sys_a, 2, true);
	end_init(&b, sys_b, 2, true);
	for (int i = 0; i < 3; i++)
		tick_both(&a, &b);
	/* tick 3: both ports of A heard B, both wait in aggregator 1 */
	a.port[1].wait_while_timer += 10;	/* the second port's wait ends 1 s later */
	while (a.port[1].mux != LACP_MUX_ATTACHED) {
		tick_both(&a, &b);
		cr_assert_eq(a.port[0].mux, LACP_MUX_WAITING, "port 1 left WAITING at tick %d",
			     now_tick);
	}
	/* port 2's wait ends at tick 32 after port 1 ran: port 1 sees Ready at 33, as in Linux */
	cr_assert_eq(now_tick, 32);
	tick_both(&a, &b);
	cr_assert_eq(a.port[0].mux, LACP_MUX_ATTACHED);
	cr_assert_eq(a.port[0].agg, a.port[1].agg);
	end_fini(&a);
	end_fini(&b);
}

/* An aggregator the owner does not use: attached, never in sync, never up. */
Test(lacp_pair, inactive_aggregator_stays_attached, .init = setup, .fini = teardown)
{
	struct end a, b;

	end_init(&a, sys_a, 1, true);
	end_init(&b, sys_b, 1, true);
	a.inactive = true;
	for (int i = 0; i < 100; i++)
		tick_both(&a, &b);
	cr_assert_eq(a.port[0].mux, LACP_MUX_ATTACHED);
	cr_assert_eq(b.port[0].mux, LACP_MUX_ATTACHED);
	cr_assert_eq(a.port[0].actor_oper_port_state & LACP_STATE_SYNCHRONIZATION, 0);
	cr_assert_eq(a.cd_on[0], 0);
	/* 60 s after the last churned event, B's partner never synced: churn counted */
	for (int i = 0; i < 600; i++)
		tick_both(&a, &b);
	cr_assert_eq(b.port[0].partner_churn, LACP_CHURN_CHURNED);
	cr_assert_eq(b.port[0].partner_churn_count, 1);
	cr_assert_eq(b.port[0].actor_churn, LACP_CHURN_NONE);
	cr_assert_eq(a.port[0].actor_churn, LACP_CHURN_CHURNED);
	cr_assert_str_eq(lacp_churn_name(b.port[0].partner_churn), "churned");
	end_fini(&a);
	end_fini(&b);
}

/* ------------------------------------------------- machines one by one */

Test(lacp_machines, tx_at_most_3_per_second, .init = setup, .fini = teardown)
{
	struct end a;
	int sent_at[8], n = 0;

	end_init(&a, sys_a, 1, true);
	for (int t = 1; t <= 20; t++) {
		a.port[0].ntt = true;	/* something to say every tick */
		lacp_txm_run(&a.port[0]);
		if (a.sent[0]->len) {
			sent_at[n++] = t;
			end_drop_sent(&a);
		}
	}
	cr_assert_eq(n, 6);
	for (int i = 0; i < n; i++)
		cr_assert_eq(sent_at[i], 3 * (i + 1));
	end_fini(&a);
}

Test(lacp_machines, receive_disabled_and_lacp_disabled, .init = setup, .fini = teardown)
{
	struct end a;

	end_init(&a, sys_a, 1, true);
	a.port[0].port_enabled = false;
	/* INITIALIZE goes on to PORT_DISABLED in the same run, as Linux's */
	lacp_port_tick(&a.port[0]);
	cr_assert_eq(a.port[0].rxm, LACP_RXM_PORT_DISABLED);
	lacp_port_tick(&a.port[0]);
	cr_assert_eq(a.port[0].rxm, LACP_RXM_PORT_DISABLED);
	cr_assert_eq(a.port[0].ptm, LACP_PTM_NO_PERIODIC);
	a.port[0].port_enabled = true;
	a.port[0].lacp_enabled = false;		/* half duplex */
	lacp_port_tick(&a.port[0]);
	cr_assert_eq(a.port[0].rxm, LACP_RXM_LACP_DISABLED);
	cr_assert_eq(a.port[0].partner_oper.state & LACP_STATE_AGGREGATION, 0);
	cr_assert_eq(a.port[0].actor_oper_port_state & LACP_STATE_DEFAULTED, LACP_STATE_DEFAULTED);
	cr_assert_str_eq(lacp_rxm_name(a.port[0].rxm), "LACP_DISABLED");
	end_fini(&a);
}

Test(lacp_machines, rx_frame_counts_errors_loopback_and_answers_markers,
     .init = setup, .fini = teardown)
{
	struct end a;
	uint8_t bad[124];
	struct lacpdu own;
	struct frame *f;
	struct lacp_marker m = { LACP_MARKER_INFORMATION, 7, { SYS_B }, 42 }, r;

	end_init(&a, sys_a, 1, true);
	lacp_port_tick(&a.port[0]);
	lacp_port_tick(&a.port[0]);
	lacp_port_tick(&a.port[0]);
	cr_assert_eq(a.port[0].rxm, LACP_RXM_EXPIRED);
	end_drop_sent(&a);
	memcpy(bad, golden_frame, sizeof(bad));
	bad[15] = 0;
	cr_assert_eq(lacp_rx_frame(&a.port[0], bad, sizeof(bad)), LACP_PDU_VERSION);
	cr_assert_eq(lacp_rx_frame(&a.port[0], bad, 20), LACP_PDU_SHORT);
	cr_assert_eq(a.port[0].pdu_errors[LACP_PDU_VERSION], 1);
	cr_assert_eq(a.port[0].pdu_errors[LACP_PDU_SHORT], 1);
	cr_assert_eq(a.port[0].lacpdu_rx, 0);
	/* our own LACPDU looped back: ignored, the partner stays defaulted */
	lacp_pdu_from_port(&a.port[0], &own);
	f = lacp_pdu_frame_new(&pool, port_mac, &own);
	cr_assert_eq(lacp_rx_frame(&a.port[0], f->data, f->len), LACP_PDU_OK);
	frame_unref(f);
	cr_assert_eq(a.port[0].loopback_rx, 1);
	cr_assert_eq(a.port[0].rxm, LACP_RXM_EXPIRED);
	/* a Marker Information gets a Marker Response with the same fields */
	f = lacp_marker_frame_new(&pool, port_mac, &m);
	cr_assert_eq(lacp_rx_frame(&a.port[0], f->data, f->len), LACP_PDU_OK);
	frame_unref(f);
	cr_assert_eq(a.sent[0]->len, 1);
	f = a.sent[0]->pdata[0];
	cr_assert_eq(lacp_marker_parse(f->data, f->len, &r), LACP_PDU_OK);
	cr_assert_eq(r.type, LACP_MARKER_RESPONSE);
	cr_assert_eq(r.requester_port, 7);
	cr_assert_eq(r.transaction_id, 42);
	cr_assert_eq(memcmp(f->data + 6, a.port[0].mac, 6), 0);
	end_fini(&a);
}

/* ------------------------------------------------- the owner's hooks (Linux's bond) */

static int selected_calls;
static bool hold_cd;
static int loops;

static void hook_selected(void *owner, struct lacp_port *p)
{
	(void)owner;
	(void)p;
	selected_calls++;
}

static bool hook_hold(void *owner, const struct lacp_port *p)
{
	(void)owner;
	(void)p;
	return hold_cd;
}

static void hook_loopback(void *owner, struct lacp_port *p)
{
	(void)owner;
	(void)p;
	loops++;
}

static const struct lacp_ops hook_ops = {
	.send = fake_send,
	.attach = fake_attach,
	.detach = fake_detach,
	.collecting_distributing = fake_cd,
	.trace = fake_trace,
	.agg_active = fake_active,
	.selected = hook_selected,
	.cd_hold = hook_hold,
	.loopback = hook_loopback,
};

/*
 * cd_hold keeps both ends ATTACHED and in sync; released, both go
 * COLLECTING_DISTRIBUTING at the next tick.  selected is called for every
 * port that joins an aggregator, before its mux runs.
 */
Test(lacp_hooks, cd_hold_and_selected, .init = setup, .fini = teardown)
{
	struct end a, b;

	end_init(&a, sys_a, 1, true);
	end_init(&b, sys_b, 1, true);
	a.sys.ops = &hook_ops;
	selected_calls = 0;
	hold_cd = true;
	for (int i = 0; i < 40; i++)
		tick_both(&a, &b);
	cr_assert_eq(a.port[0].mux, LACP_MUX_ATTACHED);
	cr_assert_eq(a.port[0].actor_oper_port_state & LACP_STATE_SYNCHRONIZATION,
		     LACP_STATE_SYNCHRONIZATION);
	cr_assert_eq(a.port[0].partner_oper.state & LACP_STATE_SYNCHRONIZATION,
		     LACP_STATE_SYNCHRONIZATION);
	/* tick 1 (defaulted partner), then after B's first LACPDU (tick 3) */
	cr_assert_eq(selected_calls, 2);
	hold_cd = false;
	tick_both(&a, &b);
	cr_assert_eq(a.port[0].mux, LACP_MUX_COLLECTING_DISTRIBUTING);
	end_fini(&a);
	end_fini(&b);
}

/*
 * With the loopback hook, our own LACPDU in EXPIRED takes the receive
 * machine to CURRENT with current_while stopped, records nothing, and
 * calls the hook; it stays there, tick after tick.
 */
Test(lacp_hooks, loopback_as_linux, .init = setup, .fini = teardown)
{
	struct end a;
	struct lacpdu own;
	struct frame *f;

	end_init(&a, sys_a, 1, true);
	a.sys.ops = &hook_ops;
	loops = 0;
	lacp_port_tick(&a.port[0]);
	lacp_port_tick(&a.port[0]);
	cr_assert_eq(a.port[0].rxm, LACP_RXM_EXPIRED);
	lacp_pdu_from_port(&a.port[0], &own);
	own.actor.system_priority = 7;		/* Linux compares the MAC only */
	f = lacp_pdu_frame_new(&pool, port_mac, &own);
	cr_assert_eq(lacp_rx_frame(&a.port[0], f->data, f->len), LACP_PDU_OK);
	frame_unref(f);
	cr_assert_eq(loops, 1);
	cr_assert_eq(a.port[0].loopback_rx, 1);
	cr_assert_eq(a.port[0].rxm, LACP_RXM_CURRENT);
	cr_assert_eq(a.port[0].current_while_timer, 0);
	cr_assert_eq(a.port[0].actor_oper_port_state & LACP_STATE_DEFAULTED, LACP_STATE_DEFAULTED,
		     "nothing recorded: still on the admin defaults");
	for (int i = 0; i < 100; i++)
		lacp_port_tick(&a.port[0]);
	cr_assert_eq(a.port[0].rxm, LACP_RXM_CURRENT, "never times out");
	end_fini(&a);
}

/*
 * A passive port whose partner is taken as passive too (Linux's
 * lacp_active off, partner admin state 0): no LACPDU but those NTT asks
 * for, until an active partner is heard; from then on one a second, since
 * that partner asks for the short timeout.
 */
Test(lacp_machines, passive_speaks_once_an_active_partner_is_heard, .init = setup,
     .fini = teardown)
{
	struct end a, b;
	uint64_t tx;

	end_init(&a, sys_a, 1, true);
	end_init(&b, sys_b, 1, true);
	a.port[0].actor_admin_port_state &= (uint8_t)~LACP_STATE_ACTIVITY;
	a.port[0].actor_oper_port_state = a.port[0].actor_admin_port_state;
	a.port[0].partner_admin.state = 0;
	a.port[0].partner_oper = a.port[0].partner_admin;
	for (int i = 0; i < 10; i++)
		lacp_port_tick(&a.port[0]);
	tx = a.port[0].lacpdu_tx;
	cr_assert_eq(tx, 1, "the mux's NTT at BEGIN");
	for (int i = 0; i < 100; i++)
		lacp_port_tick(&a.port[0]);
	cr_assert_eq(a.port[0].lacpdu_tx, tx + 1, "and the one of ATTACHED (tick 22), no other");
	cr_assert_eq(a.port[0].ptm, LACP_PTM_NO_PERIODIC);
	cr_assert_eq(a.port[0].partner_oper.state, 0, "DEFAULTED: the admin state, 0");
	end_drop_sent(&a);
	for (int i = 0; i < 60; i++)
		tick_both(&b, &a);
	cr_assert_eq(a.port[0].actor_oper_port_state, 0x3e, "in sync, never Active");
	cr_assert_eq(b.port[0].partner_oper.state, 0x3e);
	cr_assert_eq(a.port[0].ptm, LACP_PTM_FAST_PERIODIC);
	tx = a.port[0].lacpdu_tx;
	for (int i = 0; i < 100; i++)
		tick_both(&b, &a);
	cr_assert_eq(a.port[0].lacpdu_tx, tx + 10, "one LACPDU a second");
	end_fini(&a);
	end_fini(&b);
}

/*
 * A current_while left over from CURRENT still counts in PORT_DISABLED:
 * the tick where it reaches 0 keeps the machine there once more.
 */
Test(lacp_machines, stale_current_while_in_port_disabled, .init = setup, .fini = teardown)
{
	struct end a;

	end_init(&a, sys_a, 1, true);
	lacp_port_tick(&a.port[0]);
	a.port[0].current_while_timer = 1;
	lacp_port_tick(&a.port[0]);
	cr_assert_eq(a.port[0].rxm, LACP_RXM_PORT_DISABLED);
	lacp_port_tick(&a.port[0]);
	cr_assert_eq(a.port[0].rxm, LACP_RXM_EXPIRED);
	end_fini(&a);
}

/*
 * move_attached: a partner that changes identity while we are
 * COLLECTING_DISTRIBUTING moves the port to an aggregator at once (its own
 * again: it left it first); our mux does not move at all, since the new
 * partner says it has us in sync; the partner's, which does not find
 * itself in our LACPDUs, goes back to ATTACHED until our next one, and
 * neither end waits the 2 s again.  lacp_port_del takes a port out, its
 * aggregator cleared.
 */
Test(lacp_hooks, move_attached_and_del, .init = setup, .fini = teardown)
{
	struct end a, b;
	const uint8_t sys_c[6] = { 0x00, 0x1b, 0x21, 0x00, 0x00, 0x02 };

	end_init(&a, sys_a, 1, true);
	end_init(&b, sys_b, 1, true);
	a.sys.move_attached = true;
	cr_assert_eq(negotiate(&a, &b), 25);
	memcpy(b.sys.system, sys_c, 6);		/* B is now another system */
	while (a.port[0].partner_oper.system[5] != 0x02)
		tick_both(&a, &b);
	tick_both(&a, &b);
	cr_assert_eq(a.attach[0], 2, "attached to the new aggregator");
	cr_assert_eq(a.detach[0], 1, "detached from the old one");
	cr_assert_eq(a.port[0].mux, LACP_MUX_COLLECTING_DISTRIBUTING);
	cr_assert_eq(b.port[0].mux, LACP_MUX_ATTACHED);
	cr_assert_eq(a.port[0].agg->id, 1);
	/* B finds itself again in A's next periodic LACPDU (NTT at tick 31, tx slot 33) */
	while (b.port[0].mux != LACP_MUX_COLLECTING_DISTRIBUTING) {
		tick_both(&a, &b);
		cr_assert_neq(b.port[0].mux, LACP_MUX_WAITING);
	}
	cr_assert_eq(now_tick, 34);
	lacp_port_del(&a.sys, &a.port[0]);
	cr_assert_eq(a.sys.n_ports, 0);
	cr_assert_eq(a.sys.aggs[0].n_ports, 0);
	cr_assert_null(a.port[0].agg);
	end_fini(&a);
	end_fini(&b);
}
