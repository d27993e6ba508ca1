/*
 * test_bond_3ad.c - mode 802.3ad: two bonds cabled back to back.
 *
 * DOC: Bond A (a0, a1) and bond B (b0, b1), a0-b0 and a1-b1 on 1 Gb/s
 * cables with 1 us of delay, both mode=802.3ad lacp_rate=fast miimon=100,
 * opened at 0.  LACP must bring all four ports to collecting+distributing
 * at one exact simulated time, traffic must hash over both slaves, a pulled
 * cable must take its port out of the aggregator, and no LACPDU may reach
 * the stack above either bond.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "bond/bond.h"
#include "lacp/lacp.h"
#include "link/link.h"
#include "link/nic.h"

struct b2b {
	struct sim *sim;
	struct sim_log log;
	struct bond *bond[2];
	struct nic *nic[2][2];
	struct link *link[2];
	struct b2b_stack {
		uint64_t rx;		/* frames the bond handed to its stack */
		uint64_t slow;		/* of which 0x8809: must stay 0 */
	} up[2];
};

static void b2b_up_rx(void *owner, struct frame *f, const struct rx_ctx *ctx)
{
	struct b2b_stack *st = owner;

	st->rx++;
	if (ctx->ethertype == WIRE_ETH_P_SLOW)
		st->slow++;
	frame_unref(f);
}

static void b2b_build(struct b2b *w)
{
	struct bond_params p;
	GError *err = NULL;

	memset(w, 0, sizeof(*w));
	w->sim = sim_new(7);
	sim_log_init(&w->log, "h");
	bond_params_init(&p);
	cr_assert(bond_opt_set(&p, "mode", "802.3ad", &err));
	cr_assert(bond_opt_set(&p, "lacp_rate", "fast", &err));
	cr_assert(bond_opt_set(&p, "miimon", "100", &err));
	cr_assert(bond_opt_set(&p, "xmit_hash_policy", "layer3+4", &err));
	cr_assert(bond_params_finalize(&p, NULL, &err), "%s", err ? err->message : "");
	for (int b = 0; b < 2; b++) {
		const char *host = b ? "B" : "A";

		w->bond[b] = bond_new(w->sim, host, "bond0", &p, &w->log);
		cr_assert(netdev_upper_register(&w->bond[b]->dev,
						&(struct netdev_upper){ .rx = b2b_up_rx,
									.owner = &w->up[b] },
						NULL));
		for (int i = 0; i < 2; i++) {
			const uint8_t mac[6] = { 0x02, 0, 0, 0, (uint8_t)b, (uint8_t)(i + 1) };
			char name[8];

			g_snprintf(name, sizeof(name), "eth%d", i);
			w->nic[b][i] = nic_new(w->sim, host, name, mac, 0);
		}
	}
	for (int i = 0; i < 2; i++) {
		char name[8];

		g_snprintf(name, sizeof(name), "l%d", i);
		w->link[i] = link_new(w->sim, name, &w->nic[0][i]->dev, &w->nic[1][i]->dev,
				      1000000000ULL, SIM_US);
	}
	for (int b = 0; b < 2; b++) {
		for (int i = 0; i < 2; i++)
			cr_assert(bond_enslave(w->bond[b], &w->nic[b][i]->dev, &err));
		bond_open(w->bond[b]);
	}
}

static void b2b_free(struct b2b *w)
{
	for (int i = 0; i < 2; i++)
		link_free(w->link[i]);
	for (int b = 0; b < 2; b++) {
		bond_free(w->bond[b]);
		for (int i = 0; i < 2; i++)
			nic_free(w->nic[b][i]);
	}
	cr_assert_eq(w->sim->pool.live, 0);
	sim_log_fini(&w->log);
	sim_free(w->sim);
}

static const struct lacp_port *b2b_port(struct b2b *w, int b, int i)
{
	return bond_3ad_port(w->bond[b], bond_slave(w->bond[b], (guint)i));
}

static bool b2b_all_cd(struct b2b *w)
{
	for (int b = 0; b < 2; b++)
		for (int i = 0; i < 2; i++)
			if (b2b_port(w, b, i)->mux != LACP_MUX_COLLECTING_DISTRIBUTING)
				return false;
	return true;
}

/* A UDP datagram from A's bond with source port @sport. */
/* Frames of flow 1 (the test traffic) that left on A's slave @i. */
static uint64_t b2b_flow_tx(struct b2b *w, int i)
{
	const struct slave *s = bond_slave(w->bond[0], (guint)i);

	return s->flow_frames && s->flow_frames->len > 1 ? g_array_index(s->flow_frames, uint64_t, 1)
							  : 0;
}

static struct frame *b2b_udp(struct b2b *w, uint16_t sport)
{
	static const uint8_t dst[6] = { 0x02, 0, 0, 0, 1, 1 };
	struct frame *f = frame_alloc(&w->sim->pool);
	uint8_t *p = frame_put(f, WIRE_ETH_HLEN + WIRE_IPV4_HLEN + 8);

	memcpy(p, dst, 6);
	memcpy(p + 6, w->bond[0]->dev.mac, 6);
	wire_wr16(p + 12, WIRE_ETH_P_IP);
	p += WIRE_ETH_HLEN;
	p[0] = 0x45;
	wire_wr16(p + 2, WIRE_IPV4_HLEN + 8);
	p[8] = 64;
	p[9] = WIRE_IPPROTO_UDP;
	wire_wr32(p + 12, 0x0a000001u);
	wire_wr32(p + 16, 0x0a000002u);
	wire_wr16(p + 20, sport);
	wire_wr16(p + 22, 5001);
	f->len = 100;
	f->meta.flow = 1;
	return f;
}

Test(bond_3ad, back_to_back_aggregates)
{
	struct b2b w;
	sim_time_t t = 0;

	b2b_build(&w);
	while (!b2b_all_cd(&w) && t < 10 * SIM_S) {
		t += SIM_MS;
		sim_run(w.sim, t);
	}
	/* the last of the four gets there at 2.4 s: DEFAULTED until the first
	 * LACPDUs, then the 2 s aggregate wait, then partner Sync */
	cr_assert_eq(t, 2400 * SIM_MS, "all collecting+distributing at %" G_GINT64_FORMAT " ns",
		     (gint64)t);
	cr_assert(b2b_all_cd(&w));
	sim_run(w.sim, 3 * SIM_S);	/* the partners hear of it */
	for (int b = 0; b < 2; b++) {
		for (int i = 0; i < 2; i++) {
			const struct lacp_port *p = b2b_port(&w, b, i);

			cr_assert_eq(p->actor_oper_port_state, 0x3f);
			cr_assert_eq(p->partner_oper.state, 0x3f);
			cr_assert_eq(p->agg, b2b_port(&w, b, 0)->agg, "one aggregator per bond");
		}
		cr_assert_eq(w.bond[b]->usable_count, 2);
	}
	b2b_free(&w);
}

Test(bond_3ad, traffic_hashes_and_pull)
{
	struct b2b w;
	uint64_t tx0, tx1;

	b2b_build(&w);
	sim_run(w.sim, 5 * SIM_S);
	cr_assert(b2b_all_cd(&w));
	for (uint16_t sp = 20000; sp < 20064; sp++)
		netdev_xmit(&w.bond[0]->dev, b2b_udp(&w, sp));
	sim_run(w.sim, 5 * SIM_S + SIM_MS);
	tx0 = b2b_flow_tx(&w, 0);
	tx1 = b2b_flow_tx(&w, 1);
	cr_assert_eq(tx0 + tx1, 64);
	cr_assert_gt(tx0, 16, "eth0 took %" G_GUINT64_FORMAT, tx0);
	cr_assert_gt(tx1, 16, "eth1 took %" G_GUINT64_FORMAT, tx1);
	cr_assert_eq(w.up[1].rx, 64, "B's stack got the 64 datagrams and nothing else");

	/* Pull a1-b1: its port stops distributing, the bond hashes over one. */
	link_set_up(w.link[1], false);
	sim_run(w.sim, 6 * SIM_S);
	cr_assert_neq(b2b_port(&w, 0, 1)->mux, LACP_MUX_COLLECTING_DISTRIBUTING);
	cr_assert_eq(b2b_port(&w, 0, 0)->mux, LACP_MUX_COLLECTING_DISTRIBUTING);
	cr_assert_eq(w.bond[0]->usable_count, 1);
	cr_assert_eq(w.bond[0]->usable[0], bond_slave(w.bond[0], 0));
	for (uint16_t sp = 20000; sp < 20064; sp++)
		netdev_xmit(&w.bond[0]->dev, b2b_udp(&w, sp));
	sim_run(w.sim, 6 * SIM_S + SIM_MS);
	cr_assert_eq(b2b_flow_tx(&w, 0), tx0 + 64);
	cr_assert_eq(b2b_flow_tx(&w, 1), tx1);

	/* Every LACPDU stopped at the bonds. */
	cr_assert_gt(b2b_port(&w, 1, 0)->lacpdu_rx, 5);
	cr_assert_eq(w.up[0].slow, 0);
	cr_assert_eq(w.up[1].slow, 0);
	b2b_free(&w);
}
