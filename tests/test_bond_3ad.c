/*
 * test_bond_3ad.c - mode 802.3ad as Linux 6.1 runs it, in simulated time.
 *
 * DOC: Bond A (a0..an-1) cabled port by port to bond B (b0..bn-1), or to
 * plain NICs that speak no LACP ("mute": a switch without LACP), on cables
 * of chosen speeds with 1 us of delay.  Every time is exact: the state
 * machine handler runs at bond_open() and is re-armed 100 jiffies later,
 * which the timer wheel rounds up to the next 8 ms boundary: a bond opened
 * at 0 ticks at 0, 104, 208, ... ms (tick n at n x 104 ms), so a port state
 * can be pinned to the tick.  Covered: the aggregator selection timer
 * (enslave then up: 2.496 s; up then enslave: 80 ticks, 8.32 s), ad_select
 * stable | bandwidth |
 * count each choosing, the individual fallback and its warning, min_links
 * and the bond's carrier, the kernel's log lines, release, the port hook,
 * and a negotiated bond's /proc text line by line.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "bond/bond.h"
#include "lacp/lacp.h"
#include "link/link.h"
#include "link/nic.h"

#define W_MAX 3

struct w_stack {
	uint64_t rx;		/* frames handed up (the bond's stack, or a mute NIC's) */
	uint64_t slow;		/* of which 0x8809: a bond's must stay 0 */
	uint8_t last_slow[WIRE_ETH_HLEN + WIRE_SLOW_PDU_LEN];	/* the last one's bytes */
};

struct w_hook_ev {
	sim_time_t at;
	int bond, slave;
	bool on;
	char why[32];
};

struct w {
	struct sim *sim;
	int n;
	struct sim_log log[2];
	struct bond *bond[2];		/* bond[1] NULL: B's NICs speak no LACP */
	struct nic *nic[2][W_MAX];
	struct link *link[W_MAX];
	struct w_stack up[2];
	struct w_stack mute[W_MAX];	/* a mute far side, per NIC */
	GArray *hook;			/* struct w_hook_ev */
};

static void up_rx(void *owner, struct frame *f, const struct rx_ctx *ctx)
{
	struct w_stack *st = owner;

	st->rx++;
	if (ctx->ethertype == WIRE_ETH_P_SLOW) {
		st->slow++;
		memcpy(st->last_slow, f->data, MIN((size_t)f->hdr_len, sizeof(st->last_slow)));
	}
	frame_unref(f);
}

static struct w *w_of_hook;

static void on_port(void *arg, struct bond *bond, struct slave *s, bool on, const char *why)
{
	struct w *w = arg;
	struct w_hook_ev e = { w->sim->now, bond == w->bond[1], s->id, on, { 0 } };

	g_strlcpy(e.why, why, sizeof(e.why));
	g_array_append_val(w->hook, e);
}

static struct bond *w_bond(struct w *w, int b, const char *opts)
{
	g_auto(GStrv) kv = g_strsplit(opts, " ", -1);
	struct bond_params p;
	GError *err = NULL;
	struct bond *bond;

	bond_params_init(&p);
	for (int i = 0; kv[i]; i++) {
		char *eq = strchr(kv[i], '=');

		if (!kv[i][0])
			continue;
		cr_assert(eq);
		*eq = '\0';
		cr_assert(bond_opt_set(&p, kv[i], eq + 1, &err), "%s", err ? err->message : "");
	}
	cr_assert(bond_params_finalize(&p, NULL, &err), "%s", err ? err->message : "");
	bond = bond_new(w->sim, b ? "B" : "A", "bond0", &p, &w->log[b]);
	cr_assert(netdev_upper_register(&bond->dev,
					&(struct netdev_upper){ .rx = up_rx, .owner = &w->up[b] },
					NULL));
	bond_3ad_set_port_hook(bond, on_port, w);
	return bond;
}

/*
 * n ports; @opts_b NULL makes B's NICs mute; @mbps per cable (NULL: 1G).
 * Nothing enslaved or opened yet.
 */
static void w_init(struct w *w, int n, const char *opts_a, const char *opts_b, const int *mbps)
{
	memset(w, 0, sizeof(*w));
	w->sim = sim_new(7);
	w->n = n;
	w->hook = g_array_new(FALSE, FALSE, sizeof(struct w_hook_ev));
	sim_log_init(&w->log[0], "A");
	sim_log_init(&w->log[1], "B");
	w->bond[0] = w_bond(w, 0, opts_a);
	if (opts_b)
		w->bond[1] = w_bond(w, 1, opts_b);
	for (int i = 0; i < n; i++) {
		for (int b = 0; b < 2; b++) {
			const uint8_t mac[6] = { 0x02, 0, 0, 0, (uint8_t)b, (uint8_t)(i + 1) };
			char name[8];

			g_snprintf(name, sizeof(name), "eth%d", i);
			w->nic[b][i] = nic_new(w->sim, b ? "B" : "A", name, mac, 0);
		}
		if (!opts_b)
			cr_assert(netdev_upper_register(&w->nic[1][i]->dev,
							&(struct netdev_upper){ .rx = up_rx,
										.owner = &w->mute[i] },
							NULL));
		w->link[i] = link_new(w->sim, "l", &w->nic[0][i]->dev, &w->nic[1][i]->dev,
				      (uint64_t)(mbps ? mbps[i] : 1000) * 1000000ULL, SIM_US);
	}
	w_of_hook = w;
}

static void w_enslave(struct w *w, int b)
{
	GError *err = NULL;

	for (int i = 0; i < w->n; i++)
		cr_assert(bond_enslave(w->bond[b], &w->nic[b][i]->dev, &err), "%s",
			  err ? err->message : "");
}

/* Both bonds (or A alone) enslaved, then opened, at the current time. */
static void w_build(struct w *w, int n, const char *opts_a, const char *opts_b, const int *mbps)
{
	w_init(w, n, opts_a, opts_b, mbps);
	for (int b = 0; b < 2; b++)
		if (w->bond[b]) {
			w_enslave(w, b);
			bond_open(w->bond[b]);
		}
}

static void w_free(struct w *w)
{
	for (int i = 0; i < w->n; i++)
		link_free(w->link[i]);
	for (int b = 0; b < 2; b++) {
		bond_free(w->bond[b]);
		for (int i = 0; i < w->n; i++)
			nic_free(w->nic[b][i]);
		sim_log_fini(&w->log[b]);
	}
	cr_assert_eq(w->sim->pool.live, 0);
	g_array_free(w->hook, TRUE);
	sim_free(w->sim);
}

static const struct lacp_port *w_port(struct w *w, int b, int i)
{
	return bond_3ad_port(w->bond[b], bond_slave(w->bond[b], (guint)i));
}

static bool w_all_cd(struct w *w)
{
	for (int b = 0; b < 2; b++)
		for (int i = 0; w->bond[b] && i < w->n; i++)
			if (w_port(w, b, i)->mux != LACP_MUX_COLLECTING_DISTRIBUTING)
				return false;
	return true;
}

/* Every port's partner view says collecting+distributing (port state 63). */
static bool w_all_see_63(struct w *w)
{
	for (int b = 0; b < 2; b++)
		for (int i = 0; i < w->n; i++)
			if (w_port(w, b, i)->partner_oper.state != 0x3f ||
			    w_port(w, b, i)->actor_oper_port_state != 0x3f)
				return false;
	return true;
}

/* Step 1 ms at a time from now until @cond holds; the time it first did. */
static sim_time_t w_until(struct w *w, bool (*cond)(struct w *), sim_time_t limit)
{
	sim_time_t t = w->sim->now;

	while (!cond(w) && t < limit) {
		t += SIM_MS;
		sim_run(w->sim, t);
	}
	cr_assert(cond(w), "not by %" G_GINT64_FORMAT " ns", (gint64)limit);
	return t;
}

/* Time of the first line of B's or A's log at or after @from with @text, -1 if none. */
static sim_time_t w_log_at(const struct w *w, int b, const char *text, sim_time_t from)
{
	for (guint i = 0; i < w->log[b].lines->len; i++) {
		const struct sim_log_line *l = &g_array_index(w->log[b].lines, struct sim_log_line, i);

		if (l->at >= from && strstr(l->text, text))
			return l->at;
	}
	return -1;
}

static int w_log_count(const struct w *w, int b, const char *text)
{
	int n = 0;

	for (guint i = 0; i < w->log[b].lines->len; i++)
		if (strstr(g_array_index(w->log[b].lines, struct sim_log_line, i).text, text))
			n++;
	return n;
}

/* A UDP datagram from A's bond, flow 1, source port @sport. */
static struct frame *w_udp(struct w *w, uint16_t sport)
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

static void w_send(struct w *w, int count)
{
	for (int i = 0; i < count; i++)
		netdev_xmit(&w->bond[0]->dev, w_udp(w, (uint16_t)(20000 + i)));
}

/* Frames of flow 1 that left on A's slave @i. */
static uint64_t w_flow_tx(struct w *w, int i)
{
	const struct slave *s = bond_slave(w->bond[0], (guint)i);

	return bond_slave_flow_frames(s, 1);
}

#define FAST "mode=802.3ad lacp_rate=fast miimon=100 xmit_hash_policy=layer3+4"
#define SLOW "mode=802.3ad lacp_rate=slow miimon=100 xmit_hash_policy=layer3+4"

/* ------------------------------------------------------------ negotiation */

/*
 * Enslaved, then opened at 0: the selection timer runs out at the first
 * tick, both ports wait aggregate_wait (20 ticks) from tick 1, the second
 * port is ATTACHED at tick 21 (2.184 s) and the first at 22 (2.288 s;
 * Ready waits for both), the tx slot of tick 23 (2.392 s) carries their
 * Sync across, and both bonds go COLLECTING_DISTRIBUTING at tick 24:
 * 2.496 s, at either rate.  Each hears of the other's state at the next tx
 * slot (tick 26): both /proc files show actor and partner port state 63 at
 * 2.704 s.
 */
static void enslave_then_up(const char *opts, uint8_t steady)
{
	struct w w;

	w_build(&w, 2, opts, opts, NULL);
	cr_assert_eq(w_until(&w, w_all_cd, 10 * SIM_S), 2496 * SIM_MS);
	if (steady == 0x3f) {
		/* B's LACPDU of 2.704 s arrives 1 us of cable and 1184 ns of wire later */
		sim_run(w.sim, 2704 * SIM_MS);
		cr_assert_not(w_all_see_63(&w));
		sim_run(w.sim, 2704 * SIM_MS + 2184);
		cr_assert(w_all_see_63(&w));
	}
	sim_run(w.sim, 4 * SIM_S);
	for (int b = 0; b < 2; b++) {
		for (int i = 0; i < 2; i++) {
			const struct lacp_port *p = w_port(&w, b, i);

			cr_assert_eq(p->actor_oper_port_state, steady);
			cr_assert_eq(p->partner_oper.state, steady);
			cr_assert_eq(p->agg, w_port(&w, b, 0)->agg, "one aggregator per bond");
			cr_assert(bond_3ad_slave_distributing(w.bond[b], bond_slave(w.bond[b], (guint)i)));
		}
		cr_assert_eq(w.bond[b]->usable_count, 2);
		cr_assert(w.bond[b]->dev.carrier);
	}
	w_free(&w);
}

Test(bond_3ad, enslave_then_up_fast)
{
	enslave_then_up(FAST, 0x3f);
}

Test(bond_3ad, enslave_then_up_slow)
{
	enslave_then_up(SLOW, 0x3d);
}

/*
 * lacp_active=off as Linux 6.1.149 and later run it (6.1.176 checked under
 * qemu): the port is not Active (ad_initialize_port()), and its periodic
 * machine runs because the partner is (ad_periodic_machine()), one LACPDU
 * a second as B, fast, asks.  The real kernel's steady states, slow
 * passive against fast active: 60 and 63; here fast against fast: 62.
 */
Test(bond_3ad, lacp_active_off_is_passive_and_answers)
{
	struct w w;

	w_build(&w, 2, FAST " lacp_active=off", FAST, NULL);
	sim_run(w.sim, 400 * SIM_MS);
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(w_port(&w, 0, i)->actor_oper_port_state & LACP_STATE_ACTIVITY, 0);
		cr_assert_eq(w_port(&w, 1, i)->partner_oper.state & LACP_STATE_ACTIVITY, 0,
			     "B heard A's first LACPDU");
	}
	w_until(&w, w_all_cd, 10 * SIM_S);
	sim_run(w.sim, 4 * SIM_S);
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(w_port(&w, 0, i)->actor_oper_port_state, 0x3e);
		cr_assert_eq(w_port(&w, 1, i)->partner_oper.state, 0x3e);
		cr_assert_eq(w_port(&w, 1, i)->actor_oper_port_state, 0x3f);
		cr_assert_eq(w_port(&w, 0, i)->ptm, LACP_PTM_FAST_PERIODIC);
	}
	w_free(&w);
}

/*
 * Opened at 0 with no slave, both enslaved at 1.05 s: the first enslave
 * starts the selection timer at 80 ticks; the ports are ATTACHED by tick
 * 33 (3.432 s) but held there until the timer runs out at the 80th tick
 * after the enslave (tick 11 at 1.144 s + 79 x 104 ms = tick 90, 9.36 s),
 * when all four go COLLECTING_DISTRIBUTING together: 8.31 s after the
 * enslave.
 */
Test(bond_3ad, up_then_enslave_waits_the_selection_timer)
{
	struct w w;

	w_init(&w, 2, FAST, FAST, NULL);
	bond_open(w.bond[0]);
	bond_open(w.bond[1]);
	sim_run(w.sim, 1050 * SIM_MS);
	w_enslave(&w, 0);
	w_enslave(&w, 1);
	sim_run(w.sim, 3500 * SIM_MS);
	for (int b = 0; b < 2; b++)
		for (int i = 0; i < 2; i++)
			cr_assert_eq(w_port(&w, b, i)->mux, LACP_MUX_ATTACHED);
	cr_assert_eq(w_until(&w, w_all_cd, 20 * SIM_S), 9360 * SIM_MS);
	w_free(&w);
}

/* bond_open() restarts the timer at one tick: down and up again reselects at once. */
Test(bond_3ad, reopen_restarts_timer_at_one_tick)
{
	struct w w;

	w_build(&w, 2, FAST, FAST, NULL);
	sim_run(w.sim, 5 * SIM_S);
	cr_assert(w_all_cd(&w));
	bond_close(w.bond[0]);
	sim_run(w.sim, 5050 * SIM_MS);
	bond_open(w.bond[0]);
	/* the first tick (at 5.05 s) runs the timer out: nothing held back */
	sim_run(w.sim, 5051 * SIM_MS);
	cr_assert(w_all_cd(&w));
	w_free(&w);
}

/* ------------------------------------------------------------ ad_select */

/*
 * Three ports each side: two at 100 Mb/s and one at 1 Gb/s, so two
 * aggregators (the key holds the speed).  @order says which cable is the
 * fast one.  Returns which of A's slaves are in the active aggregator, as
 * a bit mask, once everything has settled.
 */
static unsigned int chosen(const char *ad_select, const int *mbps)
{
	char opts[160];
	unsigned int mask = 0;
	struct w w;

	/* both ends with the same policy: with different ones each may make
	 * another aggregator active, and neither ever gets its partner's
	 * Synchronization */
	g_snprintf(opts, sizeof(opts), FAST " ad_select=%s", ad_select);
	w_build(&w, 3, opts, opts, mbps);
	sim_run(w.sim, 6 * SIM_S);
	for (int i = 0; i < 3; i++) {
		const struct slave *s = bond_slave(w.bond[0], (guint)i);

		if (bond_3ad_slave_distributing(w.bond[0], s)) {
			mask |= 1u << i;
			cr_assert_eq(w_port(&w, 0, i)->mux, LACP_MUX_COLLECTING_DISTRIBUTING);
		}
	}
	cr_assert_neq(w_port(&w, 0, 0)->agg, w_port(&w, 0, 2)->agg, "two aggregators");
	cr_assert_eq(w.bond[0]->usable_count, (uint32_t)__builtin_popcount(mask));
	w_free(&w);
	return mask;
}

/*
 * 1G, 100M, 100M: the first port to hear its partner makes the first
 * partnered aggregator active; stable keeps it, bandwidth finds it best
 * too (1000 > 2 x 100), count prefers the two slow ports.
 */
Test(bond_3ad, ad_select_fast_port_first)
{
	const int mbps[] = { 1000, 100, 100 };

	cr_assert_eq(chosen("stable", mbps), 0x1);
	cr_assert_eq(chosen("bandwidth", mbps), 0x1);
	cr_assert_eq(chosen("count", mbps), 0x6);
}

/*
 * 100M, 100M, 1G: the slow pair is partnered first; stable keeps it,
 * bandwidth moves to the fast port, count keeps the pair.
 */
Test(bond_3ad, ad_select_slow_ports_first)
{
	const int mbps[] = { 100, 100, 1000 };

	cr_assert_eq(chosen("stable", mbps), 0x3);
	cr_assert_eq(chosen("bandwidth", mbps), 0x4);
	cr_assert_eq(chosen("count", mbps), 0x3);
}

static bool fast_port_only(struct w *w)
{
	for (int b = 0; b < 2; b++)
		for (int i = 0; i < 3; i++)
			if (bond_3ad_slave_distributing(w->bond[b], bond_slave(w->bond[b], (guint)i)) !=
			    (i == 2))
				return false;
	return true;
}

/*
 * ad_select is read at each choice: both bonds taken down at 6.05 s,
 * changed to bandwidth and brought up again (the option is IFDOWN)
 * reselect at their first tick.  The fast ports were ATTACHED without
 * Synchronization (their aggregators were not active); now active, they
 * claim it at that tick, and tell each other in the next LACPDU: the
 * periodic and tx timers count ticks and carry on across the reopen, 59
 * ticks (0 ... 6.032 s) ran before it, the reopened bond ticks at 6.05 s,
 * then 6.152 s + k x 104 ms, so the periodic machine's NTT comes at tick
 * 60 (6.152 s) and leaves at the tx slot of tick 62 (6.36 s).  They
 * distribute from the tick after, 6.464 s, while the slow pair is
 * disabled at once.
 */
Test(bond_3ad, ad_select_change_takes_effect_at_reopen)
{
	const int mbps[] = { 100, 100, 1000 };
	struct w w;
	sim_time_t t;

	w_build(&w, 3, FAST, FAST, mbps);
	sim_run(w.sim, 6050 * SIM_MS);
	cr_assert(bond_3ad_slave_distributing(w.bond[0], bond_slave(w.bond[0], 0)));
	cr_assert_not(bond_3ad_slave_distributing(w.bond[0], bond_slave(w.bond[0], 2)));
	for (int b = 0; b < 2; b++) {
		bond_close(w.bond[b]);
		w.bond[b]->params.ad_select = BOND_OPT_AD_BANDWIDTH;
		bond_open(w.bond[b]);
	}
	sim_run(w.sim, 6050 * SIM_MS);
	cr_assert_not(bond_3ad_slave_distributing(w.bond[0], bond_slave(w.bond[0], 0)));
	cr_assert_not(bond_3ad_slave_distributing(w.bond[0], bond_slave(w.bond[0], 1)));
	t = w_until(&w, fast_port_only, 10 * SIM_S);
	cr_assert_eq(t, 6464 * SIM_MS, "fast port only at %" G_GINT64_FORMAT, (gint64)t);
	w_free(&w);
}

/* ------------------------------------------------------------ no LACP partner */

/*
 * Into NICs that speak no LACP: EXPIRED at tick 1, DEFAULTED 30 ticks
 * later (tick 31, 3.224 s), each port in an aggregator of its own (1 and 2, no partner), the first
 * active and its port forced on: eth0 carries everything, eth1 is a
 * backup, and its frames from the far side are dropped.  The ports are
 * full duplex, so their aggregators are not individual: no warning.
 */
Test(bond_3ad, no_partner_one_port_carries_everything)
{
	struct w w;

	w_build(&w, 2, FAST, NULL, NULL);
	sim_run(w.sim, 3300 * SIM_MS);
	for (int i = 0; i < 2; i++) {
		const struct lacp_port *p = w_port(&w, 0, i);

		cr_assert_eq(p->rxm, LACP_RXM_DEFAULTED);
		cr_assert_eq(p->agg->id, i + 1);
		cr_assert_not(p->agg->individual);
		cr_assert_eq(p->mux, LACP_MUX_ATTACHED);
		cr_assert_eq(p->actor_oper_port_state & LACP_STATE_DEFAULTED, LACP_STATE_DEFAULTED);
	}
	cr_assert_eq(w_port(&w, 0, 0)->actor_oper_port_state, 0x4f, "sync: its aggregator is active");
	cr_assert_eq(w_port(&w, 0, 1)->actor_oper_port_state, 0x47);
	cr_assert(bond_3ad_slave_distributing(w.bond[0], bond_slave(w.bond[0], 0)));
	cr_assert_not(bond_3ad_slave_distributing(w.bond[0], bond_slave(w.bond[0], 1)));
	cr_assert(w.bond[0]->dev.carrier);
	w_send(&w, 64);
	sim_run(w.sim, 3400 * SIM_MS);
	cr_assert_eq(w_flow_tx(&w, 0), 64);
	cr_assert_eq(w_flow_tx(&w, 1), 0);
	cr_assert_eq(w_log_count(&w, 0, "No 802.3ad response"), 0);
	/* the first port was forced on at the first tick and never off since */
	cr_assert_eq(w.hook->len, 1);
	cr_assert_eq(g_array_index(w.hook, struct w_hook_ev, 0).at, 0);
	cr_assert_str_eq(g_array_index(w.hook, struct w_hook_ev, 0).why, "no partner");
	w_free(&w);
}

/*
 * The warning comes from an individual aggregator: a port enslaved with
 * its cable out has key 0 (no duplex) when it first selects.  When the
 * cable goes in (0.95 s), the MII commit makes it a candidate while that
 * aggregator is still individual: "No 802.3ad response ..." at the commit
 * (the MII tick of 1.04 s), the next tick reselects it full duplex, and
 * the warning does not come back.
 */
Test(bond_3ad, individual_aggregator_warns)
{
	struct w w;

	w_init(&w, 1, FAST, NULL, NULL);
	link_set_up(w.link[0], false);
	w_enslave(&w, 0);
	bond_open(w.bond[0]);
	sim_run(w.sim, 950 * SIM_MS);
	cr_assert(w_port(&w, 0, 0)->agg->individual);
	cr_assert_eq(w_port(&w, 0, 0)->actor_oper_port_key, 0);
	link_set_up(w.link[0], true);
	sim_run(w.sim, 5 * SIM_S);
	cr_assert_eq(w_log_at(&w, 0, "bond0: Warning: No 802.3ad response from the link partner for any adapters in the bond", 0),
		     1040 * SIM_MS);
	cr_assert_eq(w_log_count(&w, 0, "No 802.3ad response"), 1);
	cr_assert_eq(w_log_at(&w, 0, "bond0: (slave eth0): link status definitely up, 1000 Mbps full duplex", 0),
		     1040 * SIM_MS);
	cr_assert_not(w_port(&w, 0, 0)->agg->individual);
	cr_assert_eq(w_port(&w, 0, 0)->actor_oper_port_key, 9);
	cr_assert(bond_3ad_slave_distributing(w.bond[0], bond_slave(w.bond[0], 0)));
	w_free(&w);
}

/* ------------------------------------------------------------ min_links, carrier */

static bool carrier_a(struct w *w)
{
	return w->bond[0]->dev.carrier;
}

/*
 * min_links=2: pulling a1-b1 at 5.05 s loses A's port at the MII tick
 * (tick 49, 5.096 s) and with it the bond's carrier; frames sent
 * meanwhile are dropped at the bond as carrier_down.  Plugged back at
 * 7.05 s, the MII tick at 7.072 s (tick 68) enables the port and the
 * carrier with it, the LACP tick restarts the port (BEGIN) alone in an
 * aggregator of its own (carrier off again), and the carrier comes back
 * when the first LACPDU of its partner puts it back in the active
 * aggregator.
 */
Test(bond_3ad, min_links_carrier)
{
	struct w w;
	sim_time_t t;

	w_build(&w, 2, FAST " min_links=2", FAST " min_links=2", NULL);
	sim_run(w.sim, 5050 * SIM_MS);
	cr_assert(w.bond[0]->dev.carrier);
	link_set_up(w.link[1], false);
	cr_assert(w.bond[0]->dev.carrier, "carrier stays until the MII monitor commits");
	cr_assert_eq(w_log_at(&w, 0, "bond0: (slave eth1): speed changed to 0 on port 2", 0),
		     5050 * SIM_MS);
	sim_run(w.sim, 5100 * SIM_MS);
	cr_assert_eq(w_log_at(&w, 0, "bond0: (slave eth1): link status definitely down, disabling slave", 0),
		     5096 * SIM_MS);
	cr_assert_not(w.bond[0]->dev.carrier);
	w_send(&w, 10);
	cr_assert_eq(w.bond[0]->dev.drops[DROP_CARRIER_DOWN], 10);
	cr_assert_eq(w.bond[0]->tx_no_slave, 0);
	/* the pulled port keeps its aggregator and, as Linux, its mux state */
	cr_assert_eq(w_port(&w, 0, 1)->agg, w_port(&w, 0, 0)->agg);
	cr_assert_not(w_port(&w, 0, 1)->port_enabled);
	sim_run(w.sim, 7050 * SIM_MS);
	link_set_up(w.link[1], true);
	sim_run(w.sim, 7100 * SIM_MS);
	/* the MII commit turned the carrier on ("active interface up!", the
	 * kernel's bond_select_active_slave() line for a first curr_active),
	 * the LACP tick of the same moment turned it off again */
	cr_assert_eq(w_log_at(&w, 0, "bond0: (slave eth1): link status definitely up, 1000 Mbps full duplex", 0),
		     7072 * SIM_MS);
	cr_assert_eq(w_log_at(&w, 0, "bond0: active interface up!", 0), 7072 * SIM_MS);
	cr_assert_not(w.bond[0]->dev.carrier);
	cr_assert_neq(w_port(&w, 0, 1)->agg, w_port(&w, 0, 0)->agg, "BEGIN: a new aggregator");
	/* Both ends sent a LACPDU at that same tick; each reached the other
	 * still in PORT_DISABLED and only moved it to EXPIRED (Linux runs the
	 * machine, it does not record the PDU).  The next ones wait for the
	 * periodic machine (10 ticks) and the tx slot: tick 80, 8.32 s; the
	 * port rejoins the active aggregator at the next tick, 8.424 s, and
	 * the carrier is back. */
	t = w_until(&w, carrier_a, 10 * SIM_S);
	cr_assert_eq(t, 8424 * SIM_MS, "carrier back at %" G_GINT64_FORMAT, (gint64)t);
	cr_assert_eq(w_port(&w, 0, 1)->agg, w_port(&w, 0, 0)->agg);
	w_send(&w, 10);
	cr_assert_eq(w.bond[0]->dev.drops[DROP_CARRIER_DOWN], 10);
	sim_run(w.sim, t + SIM_MS);	/* per-flow counts are of frames that left */
	cr_assert_eq(w_flow_tx(&w, 0) + w_flow_tx(&w, 1), 10, "sent on the port that still distributes");
	/* WAITING from tick 69 (7.176 s), ATTACHED at tick 89 (9.256 s), both
	 * ends in sync at tick 90 (9.36 s) */
	t = w_until(&w, w_all_cd, 20 * SIM_S);
	cr_assert_eq(t, 9360 * SIM_MS, "all collecting at %" G_GINT64_FORMAT, (gint64)t);
	w_free(&w);
}

/* ------------------------------------------------------------ traffic, pull */

/*
 * Negotiated at 2.496 s, 64 flows spread over both slaves.  Pulling a1-b1
 * at 5.001 s logs "speed changed to 0" at once (no speed without carrier)
 * and takes the slave out of the usable array; the MII tick (tick 49,
 * 5.096 s) disables it.  As in
 * Linux the pulled port keeps its aggregator and its mux state (the
 * receive machine keeps the partner's Synchronization in PORT_DISABLED),
 * but the slave no longer carries anything.  No LACPDU reaches a stack.
 */
Test(bond_3ad, traffic_hashes_and_pull)
{
	struct w w;
	uint64_t tx0, tx1;

	w_build(&w, 2, FAST, FAST, NULL);
	sim_run(w.sim, 5 * SIM_S);
	w_send(&w, 64);
	sim_run(w.sim, 5 * SIM_S + SIM_MS);
	tx0 = w_flow_tx(&w, 0);
	tx1 = w_flow_tx(&w, 1);
	cr_assert_eq(tx0 + tx1, 64);
	cr_assert_gt(tx0, 16, "eth0 took %" G_GUINT64_FORMAT, tx0);
	cr_assert_gt(tx1, 16, "eth1 took %" G_GUINT64_FORMAT, tx1);
	cr_assert_eq(w.up[1].rx, 64, "B's stack got the 64 datagrams and nothing else");

	link_set_up(w.link[1], false);
	cr_assert_eq(w.bond[0]->usable_count, 1, "out of the array at the carrier loss");
	sim_run(w.sim, 6 * SIM_S);
	cr_assert_eq(w_log_at(&w, 0, "bond0: (slave eth1): link status definitely down, disabling slave", 0),
		     5096 * SIM_MS);
	cr_assert_eq(w_port(&w, 0, 1)->mux, LACP_MUX_COLLECTING_DISTRIBUTING);
	cr_assert_eq(w_port(&w, 0, 1)->rxm, LACP_RXM_PORT_DISABLED);
	cr_assert_not(bond_3ad_slave_distributing(w.bond[0], bond_slave(w.bond[0], 1)));
	cr_assert(bond_3ad_slave_distributing(w.bond[0], bond_slave(w.bond[0], 0)));
	cr_assert_eq(w.bond[0]->usable[0], bond_slave(w.bond[0], 0));
	w_send(&w, 64);
	sim_run(w.sim, 6 * SIM_S + SIM_MS);
	cr_assert_eq(w_flow_tx(&w, 0), tx0 + 64);
	cr_assert_eq(w_flow_tx(&w, 1), tx1);
	cr_assert_gt(w_port(&w, 1, 0)->lacpdu_rx, 5);
	cr_assert_eq(w.up[0].slow, 0);
	cr_assert_eq(w.up[1].slow, 0);
	w_free(&w);
}

/* ------------------------------------------------------------ the port hook */

/*
 * What the hook hears on each bond, opened together at 0: at the first
 * tick its first port is forced on ("no partner": the partnerless
 * aggregator 1 is active), it stays on while it waits in the partnered
 * aggregator, goes off entering ATTACHED (tick 22, 2.288 s, the partner
 * not in sync yet), and both ports go on at tick 24, 2.496 s.  Between
 * 2.288 and 2.496 s nothing can leave the bond: no usable slave.
 */
Test(bond_3ad, port_hook_follows_tx_enabled)
{
	static const struct { sim_time_t at; int slave; bool on; const char *why; } want[] = {
		{ 0, 0, true, "no partner" },
		{ 2288 * SIM_MS, 0, false, "partner out of sync" },
		{ 2496 * SIM_MS, 0, true, "collecting_distributing" },
		{ 2496 * SIM_MS, 1, true, "collecting_distributing" },
	};
	struct w w;
	guint k[2] = { 0, 0 };

	w_build(&w, 2, FAST, FAST, NULL);
	sim_run(w.sim, 2300 * SIM_MS);
	w_send(&w, 8);
	cr_assert_eq(w.bond[0]->tx_no_slave, 8);
	sim_run(w.sim, 4 * SIM_S);
	cr_assert_eq(w.hook->len, 8);
	for (guint i = 0; i < w.hook->len; i++) {
		const struct w_hook_ev *e = &g_array_index(w.hook, struct w_hook_ev, i);
		guint j = k[e->bond]++;

		cr_assert_eq(e->at, want[j].at, "event %u of bond %d at %" G_GINT64_FORMAT, j, e->bond,
			     (gint64)e->at);
		cr_assert_eq(e->slave, want[j].slave);
		cr_assert_eq(e->on, want[j].on);
		cr_assert_str_eq(e->why, want[j].why);
	}
	/* a pull at 4 s: off at the MII commit (tick 39, 4.056 s), as the
	 * kernel's inactive flags */
	link_set_up(w.link[0], false);
	sim_run(w.sim, 4200 * SIM_MS);
	cr_assert_eq(w.hook->len, 10);
	cr_assert_str_eq(g_array_index(w.hook, struct w_hook_ev, 8).why, "carrier");
	cr_assert_eq(g_array_index(w.hook, struct w_hook_ev, 8).at, 4056 * SIM_MS);
	cr_assert_not(g_array_index(w.hook, struct w_hook_ev, 8).on);
	w_free(&w);
}

/* ------------------------------------------------------------ loopback, speeds */

/*
 * A bond whose two slaves are cabled to each other: each port hears its
 * own system's LACPDUs.  Linux logs the illegal loopback (two lines, from
 * one slave_err() with a newline in it) for every such LACPDU that finds
 * the receive machine EXPIRED, DEFAULTED or CURRENT, which then stays in
 * CURRENT with current_while stopped.
 */
Test(bond_3ad, illegal_loopback)
{
	struct sim *sim = sim_new(7);
	struct sim_log log;
	struct bond_params p;
	struct nic *n[2];
	struct link *l;
	struct bond *b;
	GError *err = NULL;

	sim_log_init(&log, "A");
	bond_params_init(&p);
	cr_assert(bond_opt_set(&p, "mode", "802.3ad", &err));
	cr_assert(bond_opt_set(&p, "lacp_rate", "fast", &err));
	cr_assert(bond_opt_set(&p, "miimon", "100", &err));
	cr_assert(bond_params_finalize(&p, NULL, &err));
	b = bond_new(sim, "A", "bond0", &p, &log);
	for (int i = 0; i < 2; i++) {
		const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, (uint8_t)(i + 1) };

		n[i] = nic_new(sim, "A", i ? "eth1" : "eth0", mac, 0);
	}
	l = link_new(sim, "l", &n[0]->dev, &n[1]->dev, 1000000000ULL, SIM_US);
	cr_assert(bond_enslave(b, &n[0]->dev, &err));
	cr_assert(bond_enslave(b, &n[1]->dev, &err));
	bond_open(b);
	sim_run(sim, 1 * SIM_S);
	/* first LACPDUs at tick 2 (0.208 s), each port already EXPIRED */
	for (int i = 0; i < 2; i++) {
		const struct lacp_port *lp = bond_3ad_port(b, bond_slave(b, (guint)i));

		cr_assert_eq(lp->rxm, LACP_RXM_CURRENT);
		cr_assert_eq(lp->current_while_timer, 0);
		cr_assert_geq(lp->loopback_rx, 1);
	}
	cr_assert_str_eq(g_array_index(log.lines, struct sim_log_line, 2).text,
			 "bond0: (slave eth1): An illegal loopback occurred on slave");
	cr_assert_eq(g_array_index(log.lines, struct sim_log_line, 2).at, 208 * SIM_MS + 2184);
	cr_assert_str_eq(g_array_index(log.lines, struct sim_log_line, 3).text,
			 "Check the configuration to verify that all adapters are connected to 802.3ad compliant switch ports");
	link_free(l);
	bond_free(b);
	nic_free(n[0]);
	nic_free(n[1]);
	sim_log_fini(&log);
	cr_assert_eq(sim->pool.live, 0);
	sim_free(sim);
}

/*
 * bond_3ad_rx_indication() looks at the subtype and nothing else of a slow
 * protocol PDU: a LACPDU of version 2 (802.1AX-2014's LACPv2, a Port
 * Algorithm TLV where version 1 has its terminator) runs the Receive
 * machine like any, and a Marker Information PDU is answered with its own
 * 110 bytes, whatever its TLV length and reserved bytes (ad_marker_info_received()
 * copies it whole and turns the TLV type to Response).
 */
Test(bond_3ad, lacpdu_and_marker_read_as_linux_reads_them)
{
	static const uint8_t far[6] = { 0x02, 0, 0, 0, 9, 9 };
	const size_t body = WIRE_ETH_HLEN;
	struct lacpdu pdu = { 0 };
	struct lacp_marker m = { LACP_MARKER_INFORMATION, 7, { 0x02, 0, 0, 0, 9, 9 }, 0x01020304 };
	const struct lacp_port *lp;
	struct frame *f;
	struct w w;

	w_build(&w, 1, "mode=802.3ad lacp_rate=fast miimon=100", NULL, NULL);
	sim_run(w.sim, 150 * SIM_MS);	/* ticks at 0 and 104 ms: EXPIRED */
	lp = w_port(&w, 0, 0);
	cr_assert_eq(lp->rxm, LACP_RXM_EXPIRED);
	pdu.actor = (struct lacp_info){ 0x8000, { 0 }, 0x21, 0x8000, 7, 0x3d };
	memcpy(pdu.actor.system, far, 6);
	f = lacp_pdu_frame_new(&w.sim->pool, w.nic[1][0]->dev.mac, &pdu);
	f->data[body + WIRE_SLOW_OFF_VERSION] = 2;
	f->data[body + WIRE_LACP_OFF_TERM_TLV] = 4;
	f->data[body + WIRE_LACP_OFF_TERM_TLV + 1] = 6;
	cr_assert(netdev_xmit(&w.nic[1][0]->dev, f));
	sim_run(w.sim, 152 * SIM_MS);
	cr_assert_eq(lp->lacpdu_rx, 1);
	cr_assert_eq(lp->pdu_errors[LACP_PDU_VERSION], 0);
	cr_assert_eq(lp->pdu_errors[LACP_PDU_TERMINATOR_TLV], 0);
	cr_assert_eq(lp->rxm, LACP_RXM_CURRENT);
	cr_assert_eq(memcmp(lp->partner_oper.system, far, 6), 0);
	cr_assert_eq(lp->partner_oper.key, 0x21);
	cr_assert_eq(lp->partner_oper.port, 7);
	/* its partner TLV does not name us: Synchronization not recorded */
	cr_assert_eq(lp->partner_oper.state, 0x35);
	cr_assert_eq(lp->current_while_timer, LACP_SHORT_TIMEOUT_TICKS);

	/* a Marker with the TLV length bond_3ad.h's comment gives (0x16), a stray reserved byte */
	f = lacp_marker_frame_new(&w.sim->pool, w.nic[1][0]->dev.mac, &m);
	f->data[body + WIRE_MARKER_OFF_TLV + 1] = 0x16;
	f->data[body + WIRE_SLOW_PDU_LEN - 1] = 0x5a;
	cr_assert(netdev_xmit(&w.nic[1][0]->dev, f));
	sim_run(w.sim, 160 * SIM_MS);
	cr_assert_eq(lp->marker_rx, 1);
	cr_assert_eq(lp->marker_response_tx, 1);
	cr_assert_eq(w.mute[0].slow, 1);	/* no LACPDU before tick 2's tx slot, 208 ms */
	cr_assert_eq(memcmp(w.mute[0].last_slow + 6, w.nic[0][0]->dev.perm_mac, 6), 0);
	cr_assert_eq(w.mute[0].last_slow[body + WIRE_SLOW_OFF_SUBTYPE], WIRE_SLOW_SUBTYPE_MARKER);
	cr_assert_eq(w.mute[0].last_slow[body + WIRE_MARKER_OFF_TLV], LACP_MARKER_RESPONSE);
	cr_assert_eq(w.mute[0].last_slow[body + WIRE_MARKER_OFF_TLV + 1], 0x16);
	cr_assert_eq(wire_rd32(w.mute[0].last_slow + body + WIRE_MARKER_OFF_TID), 0x01020304u);
	cr_assert_eq(w.mute[0].last_slow[body + WIRE_SLOW_PDU_LEN - 1], 0x5a);
	w_free(&w);
}

/*
 * A speed the kernel has no code for: the key's speed bits stay 0, the
 * port counts no bandwidth, pr_err_once() says so once.
 */
Test(bond_3ad, unknown_speed_once)
{
	const int mbps[] = { 3000, 3000 };
	struct w w;

	w_build(&w, 2, FAST, FAST, mbps);
	sim_run(w.sim, 3 * SIM_S);
	cr_assert_eq(w_log_count(&w, 0, "bond0: (slave eth0): unknown ethtool speed (3000) for port 1 (set it to 0)"), 1);
	cr_assert_eq(w_log_count(&w, 0, "unknown ethtool speed"), 1);
	cr_assert_eq(w_port(&w, 0, 0)->actor_oper_port_key, 1, "full duplex, speed 0");
	w_free(&w);
}

/* ------------------------------------------------------------ release */

/*
 * eth1 released from A at 5.05 s: a last LACPDU without Aggregation,
 * Synchronization, Collecting and Distributing tells B at once; the kernel's
 * lines; A keeps one port; re-enslaved at 6.05 s eth1 is port 2 again (the
 * last slave's number + 1) and joins the active aggregator 1.
 */
Test(bond_3ad, release_and_enslave_again)
{
	struct w w;
	GError *err = NULL;

	w_build(&w, 2, FAST, FAST, NULL);
	sim_run(w.sim, 5050 * SIM_MS);
	cr_assert(bond_release(w.bond[0], &w.nic[0][1]->dev, &err));
	cr_assert_eq(w.bond[0]->slaves->len, 1);
	cr_assert_eq(w_log_at(&w, 0, "bond0: (slave eth1): Releasing backup interface", 0), 5050 * SIM_MS);
	cr_assert_eq(w.bond[0]->usable_count, 1);
	cr_assert_null(w.nic[0][1]->dev.master);
	cr_assert_eq(memcmp(w.nic[0][1]->dev.mac, w.nic[0][1]->dev.perm_mac, 6), 0);
	sim_run(w.sim, 5051 * SIM_MS);
	cr_assert_eq(w_port(&w, 1, 1)->partner_oper.state & (LACP_STATE_AGGREGATION |
							     LACP_STATE_SYNCHRONIZATION), 0);
	sim_run(w.sim, 5200 * SIM_MS);
	cr_assert_neq(w_port(&w, 1, 1)->mux, LACP_MUX_COLLECTING_DISTRIBUTING);
	cr_assert_not(bond_3ad_slave_distributing(w.bond[1], bond_slave(w.bond[1], 1)));
	cr_assert(bond_3ad_slave_distributing(w.bond[0], bond_slave(w.bond[0], 0)));
	/* releasing a NIC that is no slave of ours fails and changes nothing */
	cr_assert_not(bond_release(w.bond[0], &w.nic[0][1]->dev, NULL));
	sim_run(w.sim, 6050 * SIM_MS);
	cr_assert(bond_enslave(w.bond[0], &w.nic[0][1]->dev, &err));
	cr_assert_eq(w_port(&w, 0, 1)->actor_port_number, 2);
	/* BEGIN at tick 59 (6.136 s), WAITING from tick 60 (6.24 s), ATTACHED
	 * at tick 80 (8.32 s), A collecting at tick 81, its LACPDU at tick 82,
	 * B in sync at tick 83 (8.632 s) */
	cr_assert_eq(w_until(&w, w_all_cd, 20 * SIM_S), 8632 * SIM_MS);
	cr_assert_eq(w_port(&w, 0, 1)->agg->id, 1, "back in the active aggregator");
	w_free(&w);
}

/* ------------------------------------------------------------ /proc */

static const char proc_master[] =
	"Ethernet Channel Bonding Driver: v" BONDSIM_VERSION "-bondsim\n"
	"\n"
	"Bonding Mode: IEEE 802.3ad Dynamic link aggregation\n"
	"Transmit Hash Policy: layer3+4 (1)\n"
	"MII Status: up\n"
	"MII Polling Interval (ms): 100\n"
	"Up Delay (ms): 0\n"
	"Down Delay (ms): 0\n"
	"Peer Notification Delay (ms): 0\n"
	"\n"
	"802.3ad info\n"
	"LACP active: on\n"
	"LACP rate: fast\n"
	"Min links: 0\n"
	"Aggregator selection policy (ad_select): stable\n"
	"System priority: 65535\n"
	"System MAC address: 02:00:00:00:00:01\n"
	"Active Aggregator Info:\n"
	"\tAggregator ID: 1\n"
	"\tNumber of ports: %d\n"
	"\tActor Key: 9\n"
	"\tPartner Key: 9\n"
	"\tPartner Mac Address: 02:00:00:00:01:01\n";

static const char proc_slave[] =
	"\n"
	"Slave Interface: eth%d\n"
	"MII Status: %s\n"
	"Speed: %s\n"
	"Duplex: %s\n"
	"Link Failure Count: %d\n"
	"Permanent HW addr: 02:00:00:00:00:0%d\n"
	"Slave queue ID: 0\n"
	"Aggregator ID: 1\n"
	"Actor Churn State: monitoring\n"
	"Partner Churn State: monitoring\n"
	"Actor Churned Count: 0\n"
	"Partner Churned Count: 0\n"
	"details actor lacp pdu:\n"
	"    system priority: 65535\n"
	"    system mac address: 02:00:00:00:00:01\n"
	"    port key: %d\n"
	"    port priority: 255\n"
	"    port number: %d\n"
	"    port state: 63\n"
	"details partner lacp pdu:\n"
	"    system priority: 65535\n"
	"    system mac address: 02:00:00:00:01:01\n"
	"    oper key: 9\n"
	"    port priority: 255\n"
	"    port number: %d\n"
	"    port state: 63\n";

/* Compare line by line, naming the first line that differs. */
static void expect_lines(const char *got, const char *want)
{
	g_auto(GStrv) g = g_strsplit(got, "\n", -1);
	g_auto(GStrv) x = g_strsplit(want, "\n", -1);
	guint n = 0;

	while (g[n] && x[n]) {
		cr_assert_str_eq(g[n], x[n], "line %u", n + 1);
		n++;
	}
	cr_assert(!g[n] && !x[n], "%s has %u lines, want %u", got, g_strv_length(g),
		  g_strv_length(x));
}

/*
 * A's /proc/net/bonding/bond0 negotiated (5 s), then with a1-b1 pulled
 * (6 s): "Number of ports" counts the enabled ports only (1), the down
 * slave keeps its aggregator (ID 1), its key is reset to 0 while its mux
 * and its partner view stay where they were (port state 63), as Linux's.
 */
Test(bond_3ad, proc_negotiated_line_by_line)
{
	struct w w;
	GString *out = g_string_new(NULL);
	GString *want = g_string_new(NULL);

	w_build(&w, 2, FAST, FAST, NULL);
	sim_run(w.sim, 5 * SIM_S);
	bond_proc_dump(w.bond[0], out);
	g_string_printf(want, proc_master, 2);
	g_string_append_printf(want, proc_slave, 0, "up", "1000 Mbps", "full", 0, 1, 9, 1, 1);
	g_string_append_printf(want, proc_slave, 1, "up", "1000 Mbps", "full", 0, 2, 9, 2, 2);
	expect_lines(out->str, want->str);

	link_set_up(w.link[1], false);
	sim_run(w.sim, 6 * SIM_S);
	g_string_truncate(out, 0);
	bond_proc_dump(w.bond[0], out);
	g_string_printf(want, proc_master, 1);
	g_string_append_printf(want, proc_slave, 0, "up", "1000 Mbps", "full", 0, 1, 9, 1, 1);
	g_string_append_printf(want, proc_slave, 1, "down", "Unknown", "Unknown", 1, 2, 0, 2, 2);
	expect_lines(out->str, want->str);
	g_string_free(out, TRUE);
	g_string_free(want, TRUE);
	w_free(&w);
}

/* Before the bond ever ran its machines: no aggregator, "N/A" alone. */
Test(bond_3ad, proc_before_open)
{
	struct w w;
	GString *out = g_string_new(NULL);

	w_init(&w, 1, FAST, FAST, NULL);
	w_enslave(&w, 0);
	bond_proc_dump(w.bond[0], out);
	cr_assert(strstr(out->str, "MII Status: down\n"), "%s", out->str);
	cr_assert(strstr(out->str, "bond bond0 has no active aggregator\n"), "%s", out->str);
	cr_assert(g_str_has_suffix(out->str, "Slave queue ID: 0\nAggregator ID: N/A\n"), "%s",
		  out->str);
	g_string_free(out, TRUE);
	w_free(&w);
}

/* ------------------------------------------------------------ half duplex */

/*
 * Port 1's cable comes up half duplex at both ends (a port hard-set to
 * half, a NIC falling back to it).  802.3ad is for full-duplex links: the
 * duplex bit of the key is 0 (1G, AD_LINK_SPEED_1000MBPS 4: 4 << 1 | 0 = 8; the full-duplex
 * port's 9), LACP_Enabled is false (ad_update_actor_keys() /
 * __get_duplex()), the port goes to an individual aggregator of its own
 * (2), never distributes and exchanges no LACPDU, while port 0 aggregates
 * as ever.  /proc says "Duplex: half" and "Aggregator ID: 2".
 */
Test(bond_3ad, a_half_duplex_slave_stays_individual)
{
	static const bool half[2] = { true, true };
	g_autoptr(GString) out = g_string_new(NULL);
	struct w w;

	w_init(&w, 2, FAST, FAST, NULL);
	link_free(w.link[1]);
	w.link[1] = link_new_duplex(w.sim, "l", &w.nic[0][1]->dev, &w.nic[1][1]->dev,
				    1000000000ULL, SIM_US, half);
	for (int b = 0; b < 2; b++) {
		w_enslave(&w, b);
		bond_open(w.bond[b]);
	}
	sim_run(w.sim, 4 * SIM_S);
	for (int b = 0; b < 2; b++) {
		const struct lacp_port *p0 = w_port(&w, b, 0), *p1 = w_port(&w, b, 1);

		cr_assert_eq(p0->actor_oper_port_key, 9);
		cr_assert_eq(p1->actor_oper_port_key, 8, "key %u", p1->actor_oper_port_key);
		cr_assert_not(p1->lacp_enabled);
		cr_assert_eq(p0->agg->id, 1);
		cr_assert_eq(p1->agg->id, 2);
		cr_assert(p1->agg->individual);
		cr_assert_eq(p0->actor_oper_port_state, 0x3f);
		cr_assert(bond_3ad_slave_distributing(w.bond[b], bond_slave(w.bond[b], 0)));
		cr_assert_not(bond_3ad_slave_distributing(w.bond[b], bond_slave(w.bond[b], 1)));
		cr_assert_eq(p1->lacpdu_tx, 0);
		cr_assert_eq(p1->lacpdu_rx, 0);
		cr_assert_gt(p0->lacpdu_rx, 5);
		cr_assert_eq(w.bond[b]->usable_count, 1);
	}
	bond_proc_dump(w.bond[0], out);
	cr_assert(strstr(out->str, "Slave Interface: eth1\nMII Status: up\nSpeed: 1000 Mbps\n"
			 "Duplex: half\n"), "%s", out->str);
	cr_assert(strstr(out->str, "Slave Interface: eth0\nMII Status: up\nSpeed: 1000 Mbps\n"
			 "Duplex: full\n"), "%s", out->str);
	cr_assert(strstr(out->str, "Slave queue ID: 0\nAggregator ID: 2\n"), "%s", out->str);
	cr_assert(strstr(out->str, "\tAggregator ID: 1\n\tNumber of ports: 1\n"), "%s", out->str);
	w_free(&w);
}
