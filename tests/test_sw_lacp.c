/*
 * test_sw_lacp.c - LACP on switch port-channels, against a bond and a switch.
 *
 * DOC: Three small worlds, all on 1 Gb/s cables with 1 us of delay, all
 * started at 0 (the switches tick at 0, 100 ms, ...; the bond is opened
 * at 0 and ticks at 0, 104, 208 ms, ...: its works re-armed 100 jiffies
 * on go through the timer wheel's rounding to 8 ms):
 *   bond:   a host bond (mode=802.3ad lacp_rate=fast) with eth0, eth1 into
 *           sw1 Po1 = Gi0/1 Gi0/2, a plain host on Gi0/3;
 *   switch: sw1 Po1 = Gi0/1 Gi0/2 cabled to sw2 Po2 = Gi0/1 Gi0/2, one
 *           plain host on each switch's Gi0/3;
 *   mute:   sw1 Po1 = Gi0/1 Gi0/2 facing two plain NICs that never send
 *           a LACPDU, a plain host on Gi0/3.
 * Each test steps simulated time and checks what an engineer would: when
 * the members bundle (to the millisecond), what the console says, which
 * frames get through, and the show commands' text byte for byte.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "bond/bond.h"
#include "lacp/lacp.h"
#include "link/link.h"
#include "link/nic.h"
#include "switch/switch.h"

#define DELAY SIM_US
#define GBPS 1000000000ULL

struct sink {
	uint64_t rx;		/* frames handed up */
	uint64_t slow;		/* of which slow protocols (must stay 0 past a LACP port) */
};

static void sink_rx(void *owner, struct frame *f, const struct rx_ctx *ctx)
{
	struct sink *s = owner;

	s->rx++;
	if (ctx->ethertype == WIRE_ETH_P_SLOW)
		s->slow++;
	frame_unref(f);
}

struct rig {
	struct sim *sim;
	struct sim_log log;
	struct sw *sw[2];
	struct bond *bond;
	struct nic *nic[3];		/* bond slaves or mute NICs, then the plain host */
	struct nic *far;		/* the plain host behind sw2 (switch world) */
	struct link *link[4];
	int nlinks;
	struct sink up, host, far_host;
};

static struct nic *host_nic(struct rig *r, const char *host, uint8_t n, struct sink *s)
{
	const uint8_t mac[6] = { 0x02, 0, 0, 0, 0x10, n };
	struct nic *nic = nic_new(r->sim, host, "eth0", mac, 0);

	if (s)
		cr_assert(netdev_upper_register(&nic->dev,
						&(struct netdev_upper){ .rx = sink_rx, .owner = s },
						NULL));
	return nic;
}

static void cable(struct rig *r, struct nic *a, struct nic *b)
{
	char name[16];

	g_snprintf(name, sizeof(name), "l%d", r->nlinks);
	r->link[r->nlinks++] = link_new(r->sim, name, &a->dev, &b->dev, GBPS, DELAY);
}

/* sw1 (and sw2) with Gi0/1-3, Po on Gi0/1-2 in @mode. */
static struct sw *rig_switch(struct rig *r, int i, enum sw_channel_mode mode)
{
	char name[8], po[8];
	struct sw *sw;
	struct sw_lag *lag;
	GError *err = NULL;

	g_snprintf(name, sizeof(name), "sw%d", i + 1);
	g_snprintf(po, sizeof(po), "Po%d", i + 1);
	sw = r->sw[i] = sw_new(r->sim, name, NULL);
	for (int k = 1; k <= 3; k++) {
		char pn[8];

		g_snprintf(pn, sizeof(pn), "Gi0/%d", k);
		cr_assert_not_null(sw_add_port(sw, pn));
	}
	lag = sw_add_lag(sw, po, &err);
	cr_assert_not_null(lag);
	for (int k = 1; k <= 2; k++) {
		char pn[8];

		g_snprintf(pn, sizeof(pn), "Gi0/%d", k);
		cr_assert(sw_lag_add_port_mode(lag, sw_find_port(sw, pn), mode, &err), "%s",
			  err ? err->message : "");
	}
	return sw;
}

static struct nic *port(struct rig *r, int s, int k)
{
	char pn[8];

	g_snprintf(pn, sizeof(pn), "Gi0/%d", k);
	return sw_find_port(r->sw[s], pn);
}

static void rig_bond(struct rig *r, enum sw_channel_mode mode)
{
	struct bond_params p;
	GError *err = NULL;

	memset(r, 0, sizeof(*r));
	r->sim = sim_new(7);
	sim_log_init(&r->log, "server");
	rig_switch(r, 0, mode);
	bond_params_init(&p);
	cr_assert(bond_opt_set(&p, "mode", "802.3ad", &err));
	cr_assert(bond_opt_set(&p, "lacp_rate", "fast", &err));
	cr_assert(bond_opt_set(&p, "miimon", "100", &err));
	cr_assert(bond_params_finalize(&p, NULL, &err), "%s", err ? err->message : "");
	r->bond = bond_new(r->sim, "server", "bond0", &p, &r->log);
	cr_assert(netdev_upper_register(&r->bond->dev,
					&(struct netdev_upper){ .rx = sink_rx, .owner = &r->up },
					NULL));
	for (int i = 0; i < 2; i++) {
		const uint8_t mac[6] = { 0x02, 0, 0, 0, 1, (uint8_t)(i + 1) };

		r->nic[i] = nic_new(r->sim, "server", i ? "eth1" : "eth0", mac, 0);
		cable(r, r->nic[i], port(r, 0, i + 1));
	}
	r->nic[2] = host_nic(r, "client", 3, &r->host);
	cable(r, r->nic[2], port(r, 0, 3));
	for (int i = 0; i < 2; i++)
		cr_assert(bond_enslave(r->bond, &r->nic[i]->dev, &err));
	bond_open(r->bond);
}

static void rig_switches(struct rig *r, enum sw_channel_mode m1, enum sw_channel_mode m2)
{
	memset(r, 0, sizeof(*r));
	r->sim = sim_new(7);
	sim_log_init(&r->log, "none");
	rig_switch(r, 0, m1);
	rig_switch(r, 1, m2);
	cable(r, port(r, 0, 1), port(r, 1, 1));
	cable(r, port(r, 0, 2), port(r, 1, 2));
	r->nic[2] = host_nic(r, "a", 3, &r->host);
	cable(r, r->nic[2], port(r, 0, 3));
	r->far = host_nic(r, "b", 4, &r->far_host);
	cable(r, r->far, port(r, 1, 3));
}

/* Two NICs that never speak LACP (a bond in active-backup, say) on Gi0/1-2. */
static void rig_mute(struct rig *r, bool suspend)
{
	memset(r, 0, sizeof(*r));
	r->sim = sim_new(7);
	sim_log_init(&r->log, "none");
	rig_switch(r, 0, SW_CHANNEL_ACTIVE);
	sw_lag_set_suspend_individual(sw_find_lag(r->sw[0], "Po1"), suspend);
	for (int i = 0; i < 2; i++) {
		r->nic[i] = host_nic(r, i ? "m1" : "m0", (uint8_t)(i + 1), &r->up);
		cable(r, r->nic[i], port(r, 0, i + 1));
	}
	r->nic[2] = host_nic(r, "client", 3, &r->host);
	cable(r, r->nic[2], port(r, 0, 3));
}

static void rig_free(struct rig *r)
{
	for (int i = 0; i < r->nlinks; i++)
		link_free(r->link[i]);
	bond_free(r->bond);
	for (int i = 0; i < 3; i++)
		nic_free(r->nic[i]);
	nic_free(r->far);
	sw_free(r->sw[0]);
	sw_free(r->sw[1]);
	cr_assert_eq(r->sim->pool.live, 0, "frames still live: %" G_GUINT64_FORMAT,
		     r->sim->pool.live);
	sim_log_fini(&r->log);
	sim_free(r->sim);
}

static enum sw_member_state state(struct rig *r, int s, int k)
{
	return sw_member_state(r->sw[s], port(r, s, k));
}

static bool both_bundled(struct rig *r, int s)
{
	return state(r, s, 1) == SW_MEMBER_BUNDLED && state(r, s, 2) == SW_MEMBER_BUNDLED;
}

/* Step 1 ms at a time until both members of sw@s are bundled; the time, or -1. */
static sim_time_t run_until_bundled(struct rig *r, int s, sim_time_t limit)
{
	while (!both_bundled(r, s) && r->sim->now < limit)
		sim_run(r->sim, r->sim->now + SIM_MS);
	return both_bundled(r, s) ? r->sim->now : -1;
}

/* Step 1 ms at a time until sw@s's Gi0/@k is bundled; the time, or -1. */
static sim_time_t run_until_member(struct rig *r, int s, int k, sim_time_t limit)
{
	while (state(r, s, k) != SW_MEMBER_BUNDLED && r->sim->now < limit)
		sim_run(r->sim, r->sim->now + SIM_MS);
	return state(r, s, k) == SW_MEMBER_BUNDLED ? r->sim->now : -1;
}

static int64_t metric(const struct sw *sw, const char *name)
{
	struct metrics m;
	const struct metric *x;
	int64_t v;

	metrics_init(&m);
	sw_metrics(sw, &m);
	x = metrics_find(&m, name);
	cr_assert_not_null(x, "no metric %s", name);
	v = (int64_t)x->value;
	metrics_fini(&m);
	return v;
}

/* The switch's console lines, one per line, without their times. */
static char *console(const struct sw *sw)
{
	const GArray *lines = sw_log(sw)->lines;
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < lines->len; i++) {
		const struct sim_log_line *l = &g_array_index(lines, struct sim_log_line, i);

		g_string_append_printf(s, "%" G_GINT64_FORMAT " %s\n", (gint64)(l->at / SIM_MS),
				       l->text);
	}
	return g_string_free(s, FALSE);
}

/* A frame of @len bytes from @src to @dst (experimental ethertype). */
static void send_eth(struct rig *r, struct netdev *dev, const uint8_t dst[6])
{
	struct frame *f = frame_alloc(&r->sim->pool);
	uint8_t *p = frame_put(f, 14);

	memcpy(p, dst, 6);
	memcpy(p + 6, dev->mac, 6);
	p[12] = 0x88;
	p[13] = 0xb5;
	f->len = 64;
	netdev_xmit(dev, f);
}

static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

TestSuite(sw_lacp);

Test(sw_lacp, bond_into_active_port_channel_bundles_at_2_392_s)
{
	struct rig r;
	const struct lacp_port *lp;
	char *log;

	rig_bond(&r, SW_CHANNEL_ACTIVE);
	cr_assert_eq(state(&r, 0, 1), SW_MEMBER_WAITING);
	/*
	 * Both ends start DEFAULTED; the first LACPDUs reselect, then 2 s of
	 * aggregate wait.  The bond's ports are in sync by its tick 23
	 * (2.392 s), whose tx slot sends their first LACPDU saying so; the
	 * switch, whose machines run to completion, collects the moment that
	 * LACPDU arrives (1 us of cable later).
	 */
	cr_assert_eq(run_until_bundled(&r, 0, 10 * SIM_S), 2393 * SIM_MS);
	cr_assert_eq((int64_t)metric(r.sw[0], "sw1.lag.Po1.up_at_ms"), 2392);
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.bundled"), 2);
	cr_assert_eq((int64_t)metric(r.sw[0], "sw1.lag.Po1.Gi0/1.bundled_at_ms"), 2392);
	log = console(r.sw[0]);
	cr_assert_str_eq(log,
			 "0 %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to up\n"
			 "0 %LINK-3-UPDOWN: Interface GigabitEthernet0/2, changed state to up\n"
			 "0 %LINK-3-UPDOWN: Interface GigabitEthernet0/3, changed state to up\n"
			 "2392 %EC-5-BUNDLE: Interface Gi0/1 joined port-channel Po1\n"
			 "2392 %LINK-3-UPDOWN: Interface Port-channel1, changed state to up\n"
			 "2392 %LINEPROTO-5-UPDOWN: Line protocol on Interface Port-channel1, "
			 "changed state to up\n"
			 "2392 %EC-5-BUNDLE: Interface Gi0/2 joined port-channel Po1\n");
	g_free(log);
	sim_run(r.sim, 5 * SIM_S);
	for (int k = 1; k <= 2; k++) {
		lp = sw_port_lacp(r.sw[0], port(&r, 0, k));
		cr_assert_not_null(lp);
		/* Activity, Aggregation, Sync, Collecting, Distributing; slow (normal) rate */
		cr_assert_eq(lp->actor_oper_port_state, 0x3d);
		/* the bond: the same plus Timeout (lacp_rate=fast) */
		cr_assert_eq(lp->partner_oper.state, 0x3f);
		cr_assert_eq(lp->partner_oper.port, k);
		cr_assert_eq(lp->actor_port_number, k, "port number = the switch's port index");
		cr_assert_eq(lp->actor_port_priority, 32768);
		cr_assert_eq(lp->actor_oper_port_key, 1, "key = channel-group number");
		cr_assert_eq(lp->sys->system_priority, 32768);
		cr_assert_eq(lp->partner_oper.key, 9, "the bond's key: 1 Gb/s full duplex");
	}
	cr_assert_eq(r.bond->usable_count, 2, "the bond sees one aggregator with both");
	/* The bond asked for fast LACPDUs: the switch sends one a second per member. */
	cr_assert_geq(metric(r.sw[0], "sw1.lag.Po1.Gi0/1.lacpdu_tx"), 5);
	cr_assert_eq(r.up.slow, 0, "no LACPDU reached the server's stack");
	cr_assert_eq(r.host.slow, 0, "no LACPDU was flooded to the client");
	cr_assert_eq(r.host.rx, 0);
	rig_free(&r);
}

/*
 * The report gives a moment of the run in seconds as the logs write them:
 * the channel's first up as its members' first bundling, and the end of a
 * run cut short at no round time, not as microseconds ("2392002.184us").
 */
Test(sw_lacp, report_writes_moments_in_seconds)
{
	struct rig r;
	GString *txt = g_string_new(NULL);

	rig_bond(&r, SW_CHANNEL_ACTIVE);
	sim_run(r.sim, 5 * SIM_S + 123456789);
	sw_report_text(r.sw[0], txt);
	cr_expect(strstr(txt->str, "suspend-individual on  first up at 2.392002 s\n"), "%s",
		  txt->str);
	cr_expect(strstr(txt->str, "  first bundled at 2.392002 s\n"), "%s", txt->str);
	cr_expect(strstr(txt->str, "sw1#show etherchannel summary    (end of run, 5.123456 s)\n"),
		  "%s", txt->str);
	cr_expect(strstr(txt->str, "sw1#show lacp neighbor    (end of run, 5.123456 s)\n"), "%s",
		  txt->str);
	cr_expect(strstr(txt->str, "us\n") == NULL, "%s", txt->str);
	g_string_free(txt, TRUE);
	rig_free(&r);
}

Test(sw_lacp, traffic_crosses_and_a_pulled_member_leaves_at_once)
{
	struct rig r;
	const struct sim_log_line *l;
	guint n;

	rig_bond(&r, SW_CHANNEL_ACTIVE);
	sim_run(r.sim, 4 * SIM_S);
	cr_assert(both_bundled(&r, 0));
	/* the client floods; the channel is one bridge port: one copy, no learning loop */
	send_eth(&r, &r.nic[2]->dev, BCAST);
	sim_run(r.sim, 4 * SIM_S + SIM_MS);
	cr_assert_eq(r.up.rx, 1, "one copy through the channel");
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.flooded"), 1);
	send_eth(&r, &r.bond->dev, BCAST);
	sim_run(r.sim, 4 * SIM_S + 2 * SIM_MS);
	cr_assert_eq(r.host.rx, 1);
	cr_assert_str_eq(sw_fdb_port(r.sw[0], r.bond->dev.mac), "Po1");

	/* Pull eth1 at 4.5 s: Gi0/2 leaves in the carrier event, before any tick. */
	sim_run(r.sim, 4500 * SIM_MS);
	link_set_up(r.link[1], false);
	cr_assert_eq(state(&r, 0, 2), SW_MEMBER_DOWN);
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.bundled"), 1);
	n = sw_log(r.sw[0])->lines->len;
	l = &g_array_index(sw_log(r.sw[0])->lines, struct sim_log_line, n - 1);
	cr_assert_str_eq(l->text, "%EC-5-UNBUNDLE: Interface Gi0/2 left the port-channel Po1");
	cr_assert_eq(l->at, 4500 * SIM_MS);
	cr_assert_str_eq(sw_fdb_port(r.sw[0], r.bond->dev.mac), "Po1", "the channel stays up");
	/* Plugged back at 6 s: it rejoins once the bond's port has negotiated again. */
	sim_run(r.sim, 6 * SIM_S);
	link_set_up(r.link[1], true);
	while (state(&r, 0, 2) != SW_MEMBER_BUNDLED && r.sim->now < 12 * SIM_S)
		sim_run(r.sim, r.sim->now + SIM_MS);
	/* the bond's port starts over (its key changed with the link) at the MII
	 * commit of its tick 58 (6.032 s): WAITING from tick 59, ATTACHED at
	 * 79, in sync in the LACPDU of the tx slot of tick 80 (8.32 s) */
	cr_assert_eq(r.sim->now, 8321 * SIM_MS);
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.Gi0/2.bundles"), 2);
	cr_assert_eq((int64_t)metric(r.sw[0], "sw1.lag.Po1.Gi0/2.bundled_at_ms"), 2392,
		     "the first time");
	rig_free(&r);
}

Test(sw_lacp, switch_to_switch_active_passive_bundles)
{
	struct rig r;

	rig_switches(&r, SW_CHANNEL_ACTIVE, SW_CHANNEL_PASSIVE);
	cr_assert_eq(run_until_bundled(&r, 0, 10 * SIM_S), 2301 * SIM_MS);
	cr_assert(both_bundled(&r, 1));
	/* sw2 bundles first: sw1's LACPDU in sync reaches it as its own wait ends */
	cr_assert_eq(metric(r.sw[1], "sw2.lag.Po2.up_at_ms"), 2000);
	/* sw2 is passive: it only answers */
	cr_assert_eq(sw_port_lacp(r.sw[1], port(&r, 1, 1))->actor_oper_port_state, 0x3c);
	cr_assert_eq(sw_port_lacp(r.sw[0], port(&r, 0, 1))->partner_oper.key, 2);
	/* a host on each side: a broadcast crosses the bundle once */
	send_eth(&r, &r.nic[2]->dev, BCAST);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(r.far_host.rx, 1);
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.tx_frames"), 1);
	cr_assert_eq(r.far_host.slow + r.host.slow, 0);
	/* one member fails: the other carries on */
	link_set_up(r.link[0], false);
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.bundled"), 1);
	cr_assert_eq(metric(r.sw[1], "sw2.lag.Po2.bundled"), 1);
	send_eth(&r, &r.far->dev, BCAST);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(r.host.rx, 1);
	rig_free(&r);
}

Test(sw_lacp, passive_and_passive_never_bundle)
{
	struct rig r;

	rig_switches(&r, SW_CHANNEL_PASSIVE, SW_CHANNEL_PASSIVE);
	sim_run(r.sim, 60 * SIM_S);
	for (int s = 0; s < 2; s++) {
		for (int k = 1; k <= 2; k++) {
			cr_assert_eq(state(&r, s, k), SW_MEMBER_SUSPENDED);
			cr_assert_eq(sw_port_lacp(r.sw[s], port(&r, s, k))->lacpdu_rx, 0);
		}
	}
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.up_at_ms"), -1);
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.Gi0/1.lacpdu_tx"), 0, "passive sends nothing");
	send_eth(&r, &r.nic[2]->dev, BCAST);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(r.far_host.rx, 0, "nothing crosses");
	rig_free(&r);
}

Test(sw_lacp, suspend_individual_on_suspends_a_silent_partner)
{
	struct rig r;
	char *log;

	rig_mute(&r, true);
	/* tick 0: INITIALIZE and PORT_DISABLED; tick 1: EXPIRED; 30 ticks later DEFAULTED */
	sim_run(r.sim, 3000 * SIM_MS);
	cr_assert_eq(state(&r, 0, 1), SW_MEMBER_WAITING, "3 s of EXPIRED first");
	sim_run(r.sim, 3100 * SIM_MS);
	cr_assert_eq(state(&r, 0, 1), SW_MEMBER_SUSPENDED);
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.Gi0/2.suspended"), 1);
	log = console(r.sw[0]);
	cr_assert(strstr(log, "3100 %EC-5-L3DONTBNDL2: Gi0/1 suspended: LACP currently not "
			      "enabled on the remote port.\n"
			      "3100 %EC-5-L3DONTBNDL2: Gi0/2 suspended: LACP currently not "
			      "enabled on the remote port.\n"),
		  "%s", log);
	g_free(log);
	send_eth(&r, &r.nic[2]->dev, BCAST);
	send_eth(&r, &r.nic[0]->dev, BCAST);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(r.up.rx - r.up.slow, 0, "nothing to or from a suspended member");
	cr_assert_eq(r.host.rx, 0);
	rig_free(&r);
}

Test(sw_lacp, suspend_individual_off_forwards_stand_alone)
{
	struct rig r;
	uint64_t up;

	rig_mute(&r, false);
	sim_run(r.sim, 3200 * SIM_MS);
	cr_assert_eq(state(&r, 0, 1), SW_MEMBER_STANDALONE);
	cr_assert_eq(state(&r, 0, 2), SW_MEMBER_STANDALONE);
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.Gi0/1.standalone"), 1);
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.up"), 0);
	/* each is a plain switch port now: a flood reaches both, learning is per port */
	up = r.up.rx - r.up.slow;
	send_eth(&r, &r.nic[2]->dev, BCAST);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(r.up.rx - r.up.slow - up, 2);
	send_eth(&r, &r.nic[0]->dev, BCAST);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(r.host.rx, 1);
	cr_assert_str_eq(sw_fdb_port(r.sw[0], r.nic[0]->dev.mac), "Gi0/1");
	rig_free(&r);
}

Test(sw_lacp, members_facing_two_partners_bundle_with_one)
{
	struct rig r;
	struct sw *other;
	struct sw_lag *lag;
	struct nic *op;
	struct link *l;
	GError *err = NULL;
	char *log;

	/* sw1 Po1: Gi0/1 to sw2's Po2, Gi0/2 to a third switch's Po7 */
	rig_switches(&r, SW_CHANNEL_ACTIVE, SW_CHANNEL_ACTIVE);
	link_free(r.link[1]);
	other = sw_new(r.sim, "sw3", NULL);
	op = sw_add_port(other, "Gi0/1");
	lag = sw_add_lag(other, "Po7", &err);
	cr_assert(sw_lag_add_port_mode(lag, op, SW_CHANNEL_ACTIVE, &err));
	l = link_new(r.sim, "x", &port(&r, 0, 2)->dev, &op->dev, GBPS, DELAY);
	r.link[1] = l;
	sim_run(r.sim, 10 * SIM_S);
	cr_assert_eq(state(&r, 0, 1), SW_MEMBER_BUNDLED, "the earliest member's partner wins");
	cr_assert_eq(state(&r, 0, 2), SW_MEMBER_SUSPENDED);
	cr_assert_eq(sw_member_state(other, op), SW_MEMBER_WAITING,
		     "sw3 waits for a Synchronization sw1 never gives");
	log = console(r.sw[0]);
	cr_assert(strstr(log, "%EC-5-CANNOT_BUNDLE2: Gi0/2 is not compatible with Po1 and will "
			      "be suspended (its LACP partner is not the port-channel's)\n"),
		  "%s", log);
	g_free(log);
	/* the bundled member fails: the channel takes the other partner */
	link_set_up(r.link[0], false);
	sim_run(r.sim, 15 * SIM_S);
	cr_assert_eq(state(&r, 0, 2), SW_MEMBER_BUNDLED);
	cr_assert_eq(sw_member_state(other, op), SW_MEMBER_BUNDLED);
	link_free(r.link[1]);
	r.link[1] = NULL;
	sw_free(other);
	rig_free(&r);
}

Test(sw_lacp, a_static_channel_ignores_lacpdus)
{
	struct rig r;

	rig_bond(&r, SW_CHANNEL_ON);
	sim_run(r.sim, 5 * SIM_S);
	cr_assert_eq(state(&r, 0, 1), SW_MEMBER_BUNDLED, "mode on: carrier is enough");
	cr_assert_null(sw_port_lacp(r.sw[0], port(&r, 0, 1)));
	cr_assert_gt(metric(r.sw[0], "sw1.port.Gi0/1.drop.reserved"), 0,
		     "the bond's LACPDUs die at the bridge");
	cr_assert_eq(r.bond->usable_count, 1,
		     "no partner: the individual fallback forces one port on");
	rig_free(&r);
}

Test(sw_lacp, mixing_static_and_lacp_members_is_refused)
{
	struct sim *sim = sim_new(1);
	struct sw *sw = sw_new(sim, "sw1", NULL);
	struct sw_lag *lag;
	struct nic *a = sw_add_port(sw, "Gi0/1"), *b = sw_add_port(sw, "Gi0/2");
	GError *err = NULL;
	enum sw_channel_mode m;

	lag = sw_add_lag(sw, "Port-channel12", &err);
	cr_assert_eq(sw_lag_key(lag), 12);
	cr_assert(sw_lag_add_port_mode(lag, a, SW_CHANNEL_PASSIVE, &err));
	cr_assert_not(sw_lag_add_port(lag, b, &err));
	cr_assert_str_eq(err->message, "sw1: Port-channel12: Gi0/1 in mode passive and Gi0/2 in "
				       "mode on: a port-channel is static (on) or LACP (active, "
				       "passive), not both");
	g_clear_error(&err);
	cr_assert_not(sw_port_set_lacp_rate(sw, b, true, &err));
	g_clear_error(&err);
	cr_assert(sw_port_set_lacp_rate(sw, a, true, &err));
	cr_assert_eq(sw_port_lacp(sw, a)->actor_oper_port_state, LACP_STATE_AGGREGATION |
								  LACP_STATE_TIMEOUT);
	cr_assert(sw_channel_mode_parse("passive", &m, &err));
	cr_assert_eq(m, SW_CHANNEL_PASSIVE);
	cr_assert_not(sw_channel_mode_parse("desirable", &m, &err));
	g_clear_error(&err);
	cr_assert_eq(sw_lag_key(sw_add_lag(sw, "uplink", &err)), 2, "no number: its place");
	sw_free(sw);
	sim_free(sim);
}

/* A switch whose scenario spelt its names out still shows them as IOS does: short. */
Test(sw_lacp, summary_abbreviates_long_names)
{
	struct sim *sim = sim_new(1);
	struct sw *sw = sw_new(sim, "sw1", NULL);
	GString *s = g_string_new(NULL);
	GError *err = NULL;
	struct sw_lag *lag;
	const char *row;

	cr_assert_not_null(sw_add_port(sw, "GigabitEthernet0/1"));
	cr_assert_not_null(sw_add_port(sw, "GigabitEthernet0/2"));
	lag = sw_add_lag(sw, "Port-channel1", &err);
	cr_assert_not_null(lag, "%s", err ? err->message : "");
	for (int k = 1; k <= 2; k++) {
		char pn[24];

		g_snprintf(pn, sizeof(pn), "GigabitEthernet0/%d", k);
		cr_assert(sw_lag_add_port_mode(lag, sw_find_port(sw, pn), SW_CHANNEL_ACTIVE, &err),
			  "%s", err ? err->message : "");
	}
	sw_show_etherchannel_summary(sw, s);
	row = strstr(s->str, "-----\n");
	cr_assert_not_null(row, "%s", s->str);
	cr_expect_str_eq(row + 6, "1      Po1(SD)         LACP      Gi0/1(D)    Gi0/2(D)\n");
	g_string_free(s, TRUE);
	sw_free(sw);
	sim_free(sim);
}

Test(sw_lacp, show_commands_read_like_ios)
{
	struct rig r;
	GString *s = g_string_new(NULL);

	rig_bond(&r, SW_CHANNEL_ACTIVE);
	sim_run(r.sim, 5 * SIM_S);
	link_set_up(r.link[1], false);
	sw_show_etherchannel_summary(r.sw[0], s);
	cr_assert_str_eq(s->str,
		"Flags:  D - down        P - bundled in port-channel\n"
		"        I - stand-alone s - suspended\n"
		"        H - Hot-standby (LACP only)\n"
		"        R - Layer3      S - Layer2\n"
		"        U - in use      f - failed to allocate aggregator\n"
		"\n"
		"        M - not in use, minimum links not met\n"
		"        u - unsuitable for bundling\n"
		"        w - waiting to be aggregated\n"
		"        d - default port\n"
		"\n"
		"\n"
		"Number of channel-groups in use: 1\n"
		"Number of aggregators:           1\n"
		"\n"
		"Group  Port-channel  Protocol    Ports\n"
		"------+-------------+-----------+-----------------------------------------------\n"
		"1      Po1(SU)         LACP      Gi0/1(P)    Gi0/2(D)\n");
	g_string_truncate(s, 0);
	sim_run(r.sim, 7500 * SIM_MS);
	/* Age: since the bond's last LACPDU on each, both of its tick 23
	 * (2.392 s; the switch asks for slow ones, none since).  The switch's
	 * Sync (its LACPDU of 2.3 s) reaches eth0 before that tick, so eth0
	 * collects at the very tick whose tx slot tells the switch: no
	 * LACPDU left to send at tick 26. */
	sw_show_lacp_neighbor(r.sw[0], s);
	cr_assert_str_eq(s->str,
		"Flags:  S - Device is requesting Slow LACPDUs\n"
		"        F - Device is requesting Fast LACPDUs\n"
		"        A - Device is in Active mode       P - Device is in Passive mode\n"
		"\n"
		"Channel group 1 neighbors\n"
		"\n"
		"Partner's information:\n"
		"\n"
		"                  LACP port                        Admin  Oper   Port    Port\n"
		"Port      Flags   Priority  Dev ID          Age    key    Key    Number  State\n"
		"Gi0/1     FA      255       0200.0000.0101  5s     0x0    0x9    0x1     0x3F\n"
		"Gi0/2     FA      255       0200.0000.0101  5s     0x0    0x9    0x2     0x37\n");
	g_string_free(s, TRUE);
	rig_free(&r);
}

/* sw1-sw2 with Gi0/2 on a 100 Mb/s cable, Gi0/1 on a gigabit one. */
Test(sw_lacp, a_member_at_another_speed_is_suspended)
{
	struct rig r;
	char *log;

	rig_switches(&r, SW_CHANNEL_ACTIVE, SW_CHANNEL_ACTIVE);
	link_free(r.link[1]);
	r.link[1] = link_new(r.sim, "slow", &port(&r, 0, 2)->dev, &port(&r, 1, 2)->dev,
			     100000000ULL, DELAY);
	sim_run(r.sim, 10 * SIM_S);
	for (int s = 0; s < 2; s++) {
		const struct lacp_port *lp = sw_port_lacp(r.sw[s], port(&r, s, 2));

		cr_assert_eq(state(&r, s, 1), SW_MEMBER_BUNDLED);
		cr_assert_eq(state(&r, s, 2), SW_MEMBER_SUSPENDED, "IOS: one speed per channel");
		cr_assert_eq(lp->selected, LACP_UNSELECTED);
		cr_assert_eq(lp->mux, LACP_MUX_DETACHED);
		/* it still speaks LACP, never in sync: Activity | Aggregation */
		cr_assert_eq(lp->actor_oper_port_state, 0x05);
		cr_assert_eq(lp->partner_oper.state, 0x05);
		cr_assert_gt(lp->lacpdu_rx, 0);
	}
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.bundled"), 1);
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.up_at_ms"), 2000);
	log = console(r.sw[0]);
	cr_assert(strstr(log, "0 %EC-5-CANNOT_BUNDLE2: Gi0/2 is not compatible with Gi0/1 and will "
			      "be suspended (speed of Gi0/2 is 100M, Gi0/1 is 1000M)\n"),
		  "%s", log);
	g_free(log);
	/* the gigabit pair fails: the channel runs at 100 Mb/s on Gi0/2 */
	link_set_up(r.link[0], false);
	cr_assert_eq(state(&r, 0, 2), SW_MEMBER_WAITING, "released at once");
	/* selected at the tick of 10.1 s, 2 s of aggregate wait, in sync by the next LACPDU */
	cr_assert_eq(run_until_member(&r, 1, 2, 20 * SIM_S), 12201 * SIM_MS);
	/* back: the channel keeps the speed of its bundled member */
	link_set_up(r.link[0], true);
	sim_run(r.sim, 20 * SIM_S);
	cr_assert_eq(state(&r, 0, 1), SW_MEMBER_SUSPENDED);
	cr_assert_eq(state(&r, 0, 2), SW_MEMBER_BUNDLED);
	log = console(r.sw[0]);
	cr_assert(strstr(log, "%EC-5-CANNOT_BUNDLE2: Gi0/1 is not compatible with Gi0/2 and will "
			      "be suspended (speed of Gi0/1 is 1000M, Gi0/2 is 100M)\n"),
		  "%s", log);
	g_free(log);
	rig_free(&r);
}

/* lacp max-bundle 1 on the bond's channel: one member bundled, the other hot-standby. */
Test(sw_lacp, max_bundle_keeps_a_hot_standby_member)
{
	struct rig r;
	const struct lacp_port *lp;
	GString *s = g_string_new(NULL);
	char *log;

	rig_bond(&r, SW_CHANNEL_ACTIVE);
	sw_lag_set_max_bundle(sw_find_lag(r.sw[0], "Po1"), 1);
	sim_run(r.sim, 5 * SIM_S);
	/* the switch (32768) controls against the bond (65535): its lower port wins */
	cr_assert_eq(state(&r, 0, 1), SW_MEMBER_BUNDLED);
	cr_assert_eq(state(&r, 0, 2), SW_MEMBER_HOTSTANDBY);
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.Gi0/2.hot_standby"), 1);
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.bundled"), 1);
	lp = sw_port_lacp(r.sw[0], port(&r, 0, 2));
	cr_assert_eq(lp->selected, LACP_STANDBY);
	cr_assert_eq(lp->mux, LACP_MUX_WAITING, "802.1AX: a standby port waits, attached never");
	cr_assert_eq(lp->actor_oper_port_state, 0x05, "no Synchronization for the partner");
	cr_assert_eq(r.bond->usable_count, 1, "the bond distributes on eth0 only");
	sw_show_etherchannel_summary(r.sw[0], s);
	cr_assert(strstr(s->str, "1      Po1(SU)         LACP      Gi0/1(P)    Gi0/2(H)\n"), "%s",
		  s->str);
	g_string_free(s, TRUE);
	/* the bundled member fails: the hot-standby one takes over at once */
	link_set_up(r.link[0], false);
	cr_assert_eq(state(&r, 0, 2), SW_MEMBER_BUNDLED);
	sim_run(r.sim, 6 * SIM_S);
	cr_assert_eq(r.bond->usable_count, 1);
	/* back: Gi0/1 ranks first again and takes its place once its LACP is up */
	link_set_up(r.link[0], true);
	sim_run(r.sim, 10 * SIM_S);
	cr_assert_eq(state(&r, 0, 1), SW_MEMBER_BUNDLED);
	cr_assert_eq(state(&r, 0, 2), SW_MEMBER_HOTSTANDBY);
	log = console(r.sw[0]);
	cr_assert(strstr(log, "5000 %EC-5-UNBUNDLE: Interface Gi0/1 left the port-channel Po1\n"
			      "5000 %EC-5-BUNDLE: Interface Gi0/2 joined port-channel Po1\n"),
		  "%s", log);
	g_free(log);
	rig_free(&r);
}

/* port-channel min-links 2: one member short, the channel is down, its member still P. */
Test(sw_lacp, min_links_downs_the_channel_below_its_count)
{
	struct rig r;
	GString *s = g_string_new(NULL);
	char *log;

	rig_bond(&r, SW_CHANNEL_ACTIVE);
	sw_lag_set_min_links(sw_find_lag(r.sw[0], "Po1"), 2);
	cr_assert_eq(run_until_bundled(&r, 0, 10 * SIM_S), 2393 * SIM_MS);
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.up_at_ms"), 2392, "up with its second member");
	sim_run(r.sim, 5 * SIM_S);
	link_set_up(r.link[1], false);
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.up"), 0);
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.bundled"), 1);
	cr_assert_eq(state(&r, 0, 1), SW_MEMBER_BUNDLED, "LACP keeps it bundled");
	sw_show_etherchannel_summary(r.sw[0], s);
	cr_assert(strstr(s->str, "1      Po1(SM)         LACP      Gi0/1(P)    Gi0/2(D)\n"), "%s",
		  s->str);
	g_string_free(s, TRUE);
	log = console(r.sw[0]);
	cr_assert(strstr(log, "5000 %EC-5-UNBUNDLE: Interface Gi0/2 left the port-channel Po1\n"
			      "5000 %LINK-3-UPDOWN: Interface Port-channel1, changed state to down\n"),
		  "%s", log);
	g_free(log);
	sim_run(r.sim, 5 * SIM_S + SIM_MS);
	/* nothing crosses the channel either way */
	send_eth(&r, &r.nic[0]->dev, BCAST);
	send_eth(&r, &r.nic[2]->dev, BCAST);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(r.host.rx, 0);
	cr_assert_eq(metric(r.sw[0], "sw1.port.Gi0/1.drop.not_collecting"), 1);
	cr_assert_eq(metric(r.sw[0], "sw1.port.Gi0/1.tx_frames") -
		     (int64_t)sw_port_lacp(r.sw[0], port(&r, 0, 1))->lacpdu_tx, 0,
		     "the client's broadcast does not leave by Po1");
	/* the member back: up again once it bundles */
	link_set_up(r.link[1], true);
	sim_run(r.sim, 10 * SIM_S);
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.up"), 1);
	rig_free(&r);
}
