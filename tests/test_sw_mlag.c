/*
 * test_sw_mlag.c - MLAG: a bond with one cable to each of two switches.
 *
 * DOC: sw1 and sw2 each have Gi0/1 (an LACP Po1, mode active), Gi0/2 (a
 * client) and Gi0/3 (the peer link, a plain cable between them).  A bond
 * (mode=802.3ad lacp_rate=fast) has eth0 on sw1.Gi0/1 and eth1 on
 * sw2.Gi0/1.  With the two switches in one MLAG domain and both Po1 marked
 * mlag=1, the bond must see one partner and form one aggregator; without,
 * two.  Then the data plane: one copy of every frame, MACs synced, no
 * move, and a frame for the bond at the switch whose leg is down crosses
 * the peer link.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "bond/bond.h"
#include "lacp/lacp.h"
#include "link/link.h"
#include "link/nic.h"
#include "switch/switch.h"

#define GBPS 1000000000ULL

struct sink {
	uint64_t rx, slow;
	uint64_t tagged;		/* 802.1Q-tagged frames among rx */
	uint16_t last_vid;
};

static void sink_rx(void *owner, struct frame *f, const struct rx_ctx *ctx)
{
	struct sink *s = owner;

	s->rx++;
	if (ctx->ethertype == WIRE_ETH_P_SLOW)
		s->slow++;
	if (ctx->vlan_tagged) {
		s->tagged++;
		s->last_vid = ctx->vlan_id;
	}
	frame_unref(f);
}

struct pair {
	struct sim *sim;
	struct sim_log log;
	struct sw *sw[2];
	struct bond *bond;
	struct nic *slave[2], *client[2];
	struct link *link[5];
	struct sink up, cl[2];
};

static struct nic *sw_port(struct pair *r, int s, int k)
{
	char pn[8];

	g_snprintf(pn, sizeof(pn), "Gi0/%d", k);
	return sw_find_port(r->sw[s], pn);
}

/* sw1's role priority @prio1, sw2's @prio2 (the lower is the primary). */
static void pair_build_roles(struct pair *r, bool mlag, uint16_t prio1, uint16_t prio2)
{
	struct bond_params p;
	GError *err = NULL;

	memset(r, 0, sizeof(*r));
	r->sim = sim_new(3);
	sim_log_init(&r->log, "srv");
	for (int s = 0; s < 2; s++) {
		struct sw_lag *lag;

		r->sw[s] = sw_new(r->sim, s ? "sw2" : "sw1", NULL);
		for (int k = 1; k <= 3; k++) {
			char pn[8];

			g_snprintf(pn, sizeof(pn), "Gi0/%d", k);
			cr_assert_not_null(sw_add_port(r->sw[s], pn));
		}
		lag = sw_add_lag(r->sw[s], "Po1", &err);
		cr_assert(sw_lag_add_port_mode(lag, sw_port(r, s, 1), SW_CHANNEL_ACTIVE, &err));
		if (mlag)
			cr_assert(sw_lag_set_mlag(lag, 1, &err));
	}
	if (mlag) {
		struct sw_mlag *m = sw_mlag_new("pair", r->sw[0], r->sw[1], &err);

		cr_assert_not_null(m);
		sw_mlag_set_roles(m, prio1, prio2, true);
		for (int s = 0; s < 2; s++)
			cr_assert(sw_mlag_set_peer_link(m, r->sw[s], "Gi0/3", &err));
		cr_assert(sw_mlag_finish(m, &err), "%s", err ? err->message : "");
	}
	bond_params_init(&p);
	cr_assert(bond_opt_set(&p, "mode", "802.3ad", &err));
	cr_assert(bond_opt_set(&p, "lacp_rate", "fast", &err));
	cr_assert(bond_opt_set(&p, "miimon", "100", &err));
	cr_assert(bond_params_finalize(&p, NULL, &err));
	r->bond = bond_new(r->sim, "srv", "bond0", &p, &r->log);
	cr_assert(netdev_upper_register(&r->bond->dev,
					&(struct netdev_upper){ .rx = sink_rx, .owner = &r->up },
					NULL));
	for (int s = 0; s < 2; s++) {
		const uint8_t smac[6] = { 0x02, 0, 0, 0, 1, (uint8_t)(s + 1) };
		const uint8_t cmac[6] = { 0x02, 0, 0, 0, 2, (uint8_t)(s + 1) };

		r->slave[s] = nic_new(r->sim, "srv", s ? "eth1" : "eth0", smac, 0);
		r->client[s] = nic_new(r->sim, s ? "c2" : "c1", "eth0", cmac, 0);
		cr_assert(netdev_upper_register(&r->client[s]->dev,
						&(struct netdev_upper){ .rx = sink_rx,
									.owner = &r->cl[s] },
						NULL));
		r->link[s] = link_new(r->sim, "leg", &r->slave[s]->dev, &sw_port(r, s, 1)->dev,
				      GBPS, SIM_US);
		r->link[2 + s] = link_new(r->sim, "cl", &r->client[s]->dev,
					  &sw_port(r, s, 2)->dev, GBPS, SIM_US);
	}
	r->link[4] = link_new(r->sim, "peer", &sw_port(r, 0, 3)->dev, &sw_port(r, 1, 3)->dev,
			      GBPS, SIM_US);
	for (int s = 0; s < 2; s++)
		cr_assert(bond_enslave(r->bond, &r->slave[s]->dev, &err));
	bond_open(r->bond);
}

/* sw1 the primary, as a network engineer would set it */
static void pair_build(struct pair *r, bool mlag)
{
	pair_build_roles(r, mlag, 100, 200);
}

static void pair_free(struct pair *r)
{
	for (int i = 0; i < 5; i++)
		link_free(r->link[i]);
	bond_free(r->bond);
	for (int s = 0; s < 2; s++) {
		nic_free(r->slave[s]);
		nic_free(r->client[s]);
	}
	sw_free(r->sw[0]);
	sw_free(r->sw[1]);
	cr_assert_eq(r->sim->pool.live, 0);
	sim_log_fini(&r->log);
	sim_free(r->sim);
}

static const struct lacp_port *bond_port(struct pair *r, int s)
{
	return bond_3ad_port(r->bond, bond_slave(r->bond, (guint)s));
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

static void send_eth(struct pair *r, struct netdev *dev, const uint8_t dst[6])
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

static uint64_t data_rx(const struct sink *s)
{
	return s->rx - s->slow;
}

TestSuite(sw_mlag);

Test(sw_mlag, one_partner_one_aggregator)
{
	struct pair r;

	pair_build(&r, true);
	sim_run(r.sim, 5 * SIM_S);
	for (int s = 0; s < 2; s++) {
		cr_assert_eq(sw_member_state(r.sw[s], sw_port(&r, s, 1)), SW_MEMBER_BUNDLED);
		cr_assert_eq(bond_port(&r, s)->mux, LACP_MUX_COLLECTING_DISTRIBUTING);
	}
	/* the bond's LACPDUs of its tick 23 (ticks every 104 ms), the first in sync */
	cr_assert_eq((int64_t)metric(r.sw[0], "sw1.lag.Po1.up_at_ms"), 2392);
	cr_assert_eq((int64_t)metric(r.sw[1], "sw2.lag.Po1.up_at_ms"), 2392);
	cr_assert_eq(bond_port(&r, 0)->agg, bond_port(&r, 1)->agg, "one aggregator");
	cr_assert_eq(bond_port(&r, 0)->agg->n_ports, 2);
	cr_assert_eq(r.bond->usable_count, 2);
	/* the partner both slaves see: the domain, key 1, port numbers unique */
	cr_assert_eq(memcmp(bond_port(&r, 0)->partner_oper.system,
			    bond_port(&r, 1)->partner_oper.system, 6), 0);
	cr_assert_eq(bond_port(&r, 0)->partner_oper.system[1], 0x4d);
	cr_assert_eq(bond_port(&r, 0)->partner_oper.key, 1);
	cr_assert_eq(bond_port(&r, 1)->partner_oper.key, 1);
	cr_assert_eq(bond_port(&r, 0)->partner_oper.port, 1);
	cr_assert_eq(bond_port(&r, 1)->partner_oper.port, 0x8001);
	pair_free(&r);
}

Test(sw_mlag, without_mlag_two_partners_two_aggregators)
{
	struct pair r;

	pair_build(&r, false);
	sim_run(r.sim, 5 * SIM_S);
	cr_assert_neq(bond_port(&r, 0)->agg, bond_port(&r, 1)->agg);
	cr_assert_eq(r.bond->usable_count, 1, "ad_select uses one aggregator");
	cr_assert_eq(sw_member_state(r.sw[0], sw_port(&r, 0, 1)), SW_MEMBER_BUNDLED);
	cr_assert_eq(sw_member_state(r.sw[1], sw_port(&r, 1, 1)), SW_MEMBER_WAITING,
		     "the bond never claims Synchronization on its other aggregator");
	pair_free(&r);
}

Test(sw_mlag, one_copy_of_every_flood_and_macs_synced)
{
	struct pair r;

	pair_build(&r, true);
	sim_run(r.sim, 5 * SIM_S);
	/* the bond floods: each client once, and nothing comes back to the bond */
	send_eth(&r, &r.bond->dev, BCAST);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(data_rx(&r.cl[0]), 1);
	cr_assert_eq(data_rx(&r.cl[1]), 1);
	cr_assert_eq(data_rx(&r.up), 0, "not back to the bond through the other switch");
	/* the bond's MAC is on Po1 on both switches, learnt on one, synced to the other */
	cr_assert_str_eq(sw_fdb_port(r.sw[0], r.bond->dev.mac), "Po1");
	cr_assert_str_eq(sw_fdb_port(r.sw[1], r.bond->dev.mac), "Po1");
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.synced") + metric(r.sw[1], "sw2.mlag.synced"), 1);
	/* a client floods: the bond gets one copy, by its own switch's leg */
	send_eth(&r, &r.client[1]->dev, BCAST);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(data_rx(&r.up), 1);
	cr_assert_eq(data_rx(&r.cl[0]), 2);
	/* one flood each way over the peer link, each kept off the far Po1 */
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.kept_off") + metric(r.sw[1], "sw2.mlag.kept_off"),
		     2);
	cr_assert_eq(metric(r.sw[0], "sw1.mac_moves"), 0);
	cr_assert_eq(metric(r.sw[1], "sw2.mac_moves"), 0);
	pair_free(&r);
}

/*
 * VLANs across the pair: the clients in access VLAN 20 on each switch, the
 * bond's MLAG channel a trunk.  The peer link carries VLAN 20 (a trunk of
 * all, unconfigured), the bond hears the clients tagged 20, once, and the
 * bond's untagged frames (native VLAN 1) never reach VLAN 20.
 */
Test(sw_mlag, vlans_cross_the_peer_link_and_an_mlag_trunk)
{
	struct sw_vlan_set all;
	GError *err = NULL;
	struct pair r;

	pair_build(&r, true);
	sw_vlan_set_all(&all);
	for (int s = 0; s < 2; s++) {
		cr_assert(sw_set_vlan_access(r.sw[s], "Gi0/2", 20, &err));
		cr_assert(sw_set_vlan_trunk(r.sw[s], "Po1", &all, 1, &err));
	}
	sim_run(r.sim, 5 * SIM_S);
	send_eth(&r, &r.bond->dev, BCAST);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(data_rx(&r.cl[0]) + data_rx(&r.cl[1]), 0, "VLAN 1 never reaches VLAN 20");
	send_eth(&r, &r.client[0]->dev, BCAST);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(data_rx(&r.cl[1]), 1, "over the peer link in VLAN 20");
	cr_assert_eq(r.cl[1].tagged, 0, "untagged on its access port");
	cr_assert_eq(data_rx(&r.up), 1, "the bond once, by sw1's leg");
	cr_assert_eq(r.up.tagged, 1);
	cr_assert_eq(r.up.last_vid, 20);
	cr_assert_str_eq(sw_fdb_port_vlan(r.sw[1], 20, r.client[0]->dev.mac), "Gi0/3");
	cr_assert_null(sw_fdb_port_vlan(r.sw[1], 1, r.client[0]->dev.mac));
	pair_free(&r);
}

/* A 64-byte frame from @src, tagged 802.1Q with @vid, sent by @dev as it is. */
static void send_tagged(struct pair *r, struct netdev *dev, const uint8_t src[6],
			const uint8_t dst[6], uint16_t vid)
{
	struct frame *f = frame_alloc(&r->sim->pool);
	uint8_t *p = frame_put(f, 14);

	memcpy(p, dst, 6);
	memcpy(p + 6, src, 6);
	p[12] = 0x88;
	p[13] = 0xb5;
	frame_put(f, WIRE_VLAN_HLEN);
	wire_vlan_push(f->data, WIRE_ETH_HLEN, vid);
	f->len = 64 + WIRE_VLAN_HLEN;
	netdev_xmit(dev, f);
}

/*
 * 802.1Q egress filtering across an MLAG sync: sw1's Po1 carries VLANs 10
 * and 20, its twin on sw2 only 10.  The bond's MAC, learnt in VLAN 20 on
 * sw1's Po1, is synced onto sw2's Po1, which does not carry VLAN 20.  A
 * known unicast in VLAN 20 from c2 must not leave sw2 by that Po1: it is
 * dropped as vlan_not_allowed on the member it would have left by
 * (Gi0/1), not on c2's port, and the bond never sees it.
 */
Test(sw_mlag, a_synced_mac_on_a_twin_without_the_vlan_is_filtered_at_egress)
{
	struct sw_vlan_set a10_20, a10;
	GError *err = NULL;
	struct pair r;
	uint64_t up;

	pair_build(&r, true);
	cr_assert(sw_vlan_list_parse("10,20", &a10_20, &err));
	cr_assert(sw_vlan_list_parse("10", &a10, &err));
	cr_assert(sw_set_vlan_trunk(r.sw[0], "Po1", &a10_20, 1, &err));
	cr_assert(sw_set_vlan_trunk(r.sw[1], "Po1", &a10, 1, &err));
	for (int s = 0; s < 2; s++)
		cr_assert(sw_set_vlan_access(r.sw[s], "Gi0/2", 20, &err));
	sim_run(r.sim, 5 * SIM_S);
	/* by eth0 only: sw1 learns the bond's MAC in VLAN 20 on Po1 and syncs it */
	send_tagged(&r, &r.slave[0]->dev, r.bond->dev.mac, BCAST, 20);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_str_eq(sw_fdb_port_vlan(r.sw[1], 20, r.bond->dev.mac), "Po1");
	up = data_rx(&r.up);
	send_eth(&r, &r.client[1]->dev, r.bond->dev.mac);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(data_rx(&r.up), up, "VLAN 20 left by a Po1 that does not carry it");
	cr_assert_eq(metric(r.sw[1], "sw2.port.Gi0/1.drop.vlan_not_allowed"), 1);
	cr_assert_eq(metric(r.sw[1], "sw2.port.Gi0/2.drop.vlan_not_allowed"), 0);
	/* VLAN 10, which both twins carry, still reaches the bond from sw2 */
	cr_assert(sw_set_vlan_access(r.sw[1], "Gi0/2", 10, &err));
	send_tagged(&r, &r.slave[0]->dev, r.bond->dev.mac, BCAST, 10);
	sim_run(r.sim, r.sim->now + SIM_MS);
	up = data_rx(&r.up);
	send_eth(&r, &r.client[1]->dev, r.bond->dev.mac);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(data_rx(&r.up), up + 1);
	cr_assert_eq(metric(r.sw[1], "sw2.port.Gi0/1.drop.vlan_not_allowed"), 1);
	pair_free(&r);
}

Test(sw_mlag, a_frame_for_a_downed_leg_crosses_the_peer_link)
{
	struct pair r;
	int64_t flooded, peer_tx;

	pair_build(&r, true);
	sim_run(r.sim, 5 * SIM_S);
	send_eth(&r, &r.bond->dev, BCAST);
	send_eth(&r, &r.client[0]->dev, BCAST);
	sim_run(r.sim, r.sim->now + SIM_MS);
	link_set_up(r.link[0], false);		/* the bond's leg to sw1 */
	cr_assert_eq(metric(r.sw[0], "sw1.lag.Po1.bundled"), 0);
	cr_assert_null(sw_fdb_port(r.sw[0], r.bond->dev.mac), "flushed with the channel");
	/* the bond speaks again, by eth1 now: sw2 learns, sw1 gets the MAC on its Po1 */
	sim_run(r.sim, r.sim->now + 200 * SIM_MS);
	send_eth(&r, &r.bond->dev, BCAST);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_str_eq(sw_fdb_port(r.sw[0], r.bond->dev.mac), "Po1");
	r.up.rx = r.up.slow = 0;
	flooded = metric(r.sw[0], "sw1.flooded");
	peer_tx = metric(r.sw[0], "sw1.port.Gi0/3.tx_frames");
	/* c1 on sw1 to the bond: sw1's Po1 has no member, the peer link takes it to sw2's */
	send_eth(&r, &r.client[0]->dev, r.bond->dev.mac);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(data_rx(&r.up), 1);
	cr_assert_eq(metric(r.sw[0], "sw1.port.Gi0/3.tx_frames"), peer_tx + 1);
	cr_assert_eq(metric(r.sw[0], "sw1.flooded"), flooded, "forwarded, not flooded");
	/* and a flood from c1 reaches the bond once, through sw2's Po1 */
	send_eth(&r, &r.client[0]->dev, BCAST);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(data_rx(&r.up), 2);
	cr_assert_eq(data_rx(&r.cl[1]), 4, "the bond's two floods and c1's two");
	pair_free(&r);
}

/*
 * The sync travels over the peer link: with it down, or with the peer
 * reloading, a MAC learnt on an MLAG channel is not installed on the peer
 * (before, a reloading sw2 "learnt" the bond's MAC while every port of it
 * was down); once the link is back, the next frame syncs it.
 */
Test(sw_mlag, no_sync_over_a_peer_link_that_is_down_nor_into_a_reloading_peer)
{
	struct pair r;

	pair_build(&r, true);
	sim_run(r.sim, 5 * SIM_S);
	/* the peer reloads: its FDB is empty and stays so while it is down */
	sw_reboot(r.sw[1], 2 * SIM_S);
	cr_assert_null(sw_fdb_port(r.sw[1], r.bond->dev.mac));
	send_eth(&r, &r.slave[0]->dev, BCAST);	/* by the leg to sw1 */
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_str_eq(sw_fdb_port(r.sw[0], r.bond->dev.mac), "Po1");
	cr_assert_null(sw_fdb_port(r.sw[1], r.bond->dev.mac), "a reloading switch learns nothing");
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.synced"), 0);
	sim_run(r.sim, r.sim->now + 3 * SIM_S);	/* sw2 is back, its Po1 held down (delay restore) */
	/* the peer link up again, sw1 handed sw2 its table (bulk_sync()) */
	cr_assert_str_eq(sw_fdb_port(r.sw[1], r.bond->dev.mac), "Po1");
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.synced"), 1);
	/* the peer link cut: c1, heard by sw1 now for the first time, does not cross */
	link_set_up(r.link[4], false);
	send_eth(&r, &r.client[0]->dev, BCAST);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_str_eq(sw_fdb_port(r.sw[0], r.client[0]->dev.mac), "Gi0/2");
	cr_assert_null(sw_fdb_port(r.sw[1], r.client[0]->dev.mac), "nothing crosses a cut peer link");
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.synced"), 1);
	pair_free(&r);
}

/*
 * c1 is cabled to sw1 alone (an orphan port).  Its MAC, learnt on sw1's
 * Gi0/2, is synced onto sw2's peer link, as Arista MLAG and Cisco vPC sync
 * every MAC: c2's frame for c1 crosses the peer link and nowhere else,
 * instead of being flooded by sw2 as unknown unicast (to the bond too).
 */
Test(sw_mlag, a_mac_on_an_orphan_port_is_synced_onto_the_peer_link)
{
	struct pair r;
	int64_t flooded, synced;
	uint64_t up;

	pair_build(&r, true);
	sim_run(r.sim, 5 * SIM_S);
	synced = metric(r.sw[0], "sw1.mlag.synced");
	send_eth(&r, &r.client[0]->dev, BCAST);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_str_eq(sw_fdb_port(r.sw[0], r.client[0]->dev.mac), "Gi0/2");
	cr_assert_str_eq(sw_fdb_port(r.sw[1], r.client[0]->dev.mac), "Gi0/3");
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.synced"), synced + 1);
	flooded = metric(r.sw[1], "sw2.flooded");
	up = data_rx(&r.up);
	send_eth(&r, &r.client[1]->dev, r.client[0]->dev.mac);
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(data_rx(&r.cl[0]), 1, "c1 got c2's frame");
	cr_assert_eq(metric(r.sw[1], "sw2.flooded"), flooded, "sw2 knew where c1 is");
	cr_assert_eq(data_rx(&r.up), up, "no copy reached the bond");
	/* c2, an orphan of sw2, synced the other way; a frame in from the
	 * peer link syncs nothing back */
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.synced"), 1);
	cr_assert_str_eq(sw_fdb_port(r.sw[0], r.client[1]->dev.mac), "Gi0/3");
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.synced"), synced + 1);
	pair_free(&r);
}

/* The time of the first line of @sw's log that holds @needle; -1 when none. */
static sim_time_t log_at(const struct sw *sw, const char *needle)
{
	const GArray *lines = sw_log(sw)->lines;

	for (guint i = 0; i < lines->len; i++) {
		const struct sim_log_line *l = &g_array_index(lines, struct sim_log_line, i);

		if (strstr(l->text, needle))
			return l->at;
	}
	return -1;
}

/* Every MLAG event of the domain, with its time (the failover report's hook). */
struct mlag_events {
	struct pair *r;
	int n;
	struct {
		sim_time_t at;
		int sw;
		enum sw_mlag_event what;
	} ev[32];
};

static void on_mlag_event(void *arg, const struct sw *sw, enum sw_mlag_event what)
{
	struct mlag_events *l = arg;

	cr_assert_lt(l->n, 32);
	l->ev[l->n].at = l->r->sim->now;
	l->ev[l->n].sw = sw == l->r->sw[1];
	l->ev[l->n++].what = what;
}

static void record_events(struct pair *r, struct mlag_events *l)
{
	memset(l, 0, sizeof(*l));
	l->r = r;
	sw_mlag_set_event_hook(sw_mlag_domain(r->sw[0]), on_mlag_event, l);
}

/* When switch @sw (0: sw1, 1: sw2) first had event @what; -1: never. */
static sim_time_t event_at(const struct mlag_events *l, int sw, enum sw_mlag_event what)
{
	for (int i = 0; i < l->n; i++)
		if (l->ev[i].sw == sw && l->ev[i].what == what)
			return l->ev[i].at;
	return -1;
}

/*
 * The peer link cut at 5 s while both switches run, the keepalive still
 * up: sw2, the secondary, suspends its Po1 at once (its port down, so the
 * bond's eth1 loses carrier and only eth0, to sw1, carries); sw1 keeps its
 * own.  Plugged back at 10 s, sw2 waits the 30 s of delay restore: Po1's
 * port is still down at 39.9 s and up at 40 s, and LACP bundles it again.
 */
Test(sw_mlag, a_lost_peer_link_suspends_the_secondarys_mlag_channels)
{
	struct pair r;

	pair_build(&r, true);
	sim_run(r.sim, 5 * SIM_S);
	cr_assert_eq(r.bond->usable_count, 2);
	link_set_up(r.link[4], false);
	cr_assert_eq(log_at(r.sw[1], "%VPC-2-VPC_SUSP_ALL_VPC: Peer-link going down, suspending "
			    "all vPCs on secondary"), 5 * SIM_S);
	cr_assert_eq(log_at(r.sw[0], "%VPC-2"), -1, "the primary suspends nothing");
	cr_assert_not(r.slave[1]->dev.carrier, "sw2's Po1 port is down: the bond's eth1 too");
	cr_assert(r.slave[0]->dev.carrier);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspended"), 1);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspends"), 1);
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.suspends"), 0);
	sim_run(r.sim, 10 * SIM_S);
	cr_assert_eq(r.bond->usable_count, 1, "the MII monitor took eth1 out");
	send_eth(&r, &r.client[1]->dev, r.bond->dev.mac);	/* c2's frame: via sw2, to nowhere */
	send_eth(&r, &r.client[0]->dev, r.bond->dev.mac);	/* c1's: sw1's leg */
	sim_run(r.sim, r.sim->now + SIM_MS);
	cr_assert_eq(data_rx(&r.up), 1);
	link_set_up(r.link[4], true);
	sim_run(r.sim, r.sim->now + 30 * SIM_S - SIM_MS);
	cr_assert_not(r.slave[1]->dev.carrier, "delay restore: 30 s after the peer link is back");
	sim_run(r.sim, r.sim->now + 2 * SIM_MS);
	cr_assert(r.slave[1]->dev.carrier);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspended"), 0);
	sim_run(r.sim, r.sim->now + 5 * SIM_S);
	cr_assert_eq(metric(r.sw[1], "sw2.lag.Po1.Gi0/1.bundled"), 1);
	cr_assert_eq(bond_port(&r, 0)->agg, bond_port(&r, 1)->agg, "one aggregator again");
	cr_assert_eq(r.bond->usable_count, 2);
	pair_free(&r);
}

/* No keepalive: a cut peer link and a dead peer look alike; both go on. */
Test(sw_mlag, without_a_keepalive_both_switches_go_on)
{
	struct pair r;

	pair_build(&r, true);
	sw_mlag_set_keepalive((struct sw_mlag *)sw_mlag_of(r.sw[0]), false, 30 * SIM_S);
	sim_run(r.sim, 5 * SIM_S);
	link_set_up(r.link[4], false);
	sim_run(r.sim, 6 * SIM_S);
	cr_assert_eq(log_at(r.sw[1], "%VPC-2"), -1);
	cr_assert(r.slave[1]->dev.carrier);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspends"), 0);
	cr_assert_eq(metric(r.sw[1], "sw2.lag.Po1.Gi0/1.bundled"), 1);
	pair_free(&r);
}

/*
 * The primary reloads at 6 s while the secondary's channels are suspended
 * (peer link cut at 5 s): the keepalive goes with it, the last one heard
 * the one sent at 6 s, and at 11 s (the 5 s timeout) sw2 logs the loss and
 * brings Po1 up (auto-recovery) as the operational primary.
 */
Test(sw_mlag, a_reload_of_the_primary_ends_the_suspension_when_the_keepalive_times_out)
{
	struct pair r;
	struct mlag_events l;

	pair_build(&r, true);
	record_events(&r, &l);
	sim_run(r.sim, 5 * SIM_S);
	link_set_up(r.link[4], false);
	cr_assert_not(r.slave[1]->dev.carrier);
	sim_run(r.sim, 6 * SIM_S);
	sw_reboot(r.sw[0], 60 * SIM_S);
	cr_assert_not(r.slave[0]->dev.carrier, "sw1 is down");
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.operational_primary"), 1);
	sim_run(r.sim, 11 * SIM_S - 1);
	cr_assert_not(r.slave[1]->dev.carrier, "still suspended 1 ns before the timeout");
	sim_run(r.sim, 11 * SIM_S + SIM_MS);
	cr_assert(r.slave[1]->dev.carrier);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_AUTO_RECOVERY), 11 * SIM_S);
	cr_assert_eq(log_at(r.sw[1], "%VPC-2-PEER_KEEP_ALIVE_RECV_FAIL"), 11 * SIM_S);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspended"), 0);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.auto_recoveries"), 1);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.dual_actives"), 0, "sw1 is dead: no split");
	sim_run(r.sim, 14 * SIM_S);
	cr_assert_eq(metric(r.sw[1], "sw2.lag.Po1.Gi0/1.bundled"), 1);
	pair_free(&r);
}

/* auto_recovery off: a dead primary leaves the secondary's channels suspended. */
Test(sw_mlag, without_auto_recovery_a_dead_primary_leaves_the_suspension)
{
	struct pair r;

	pair_build(&r, true);
	sw_mlag_set_roles((struct sw_mlag *)sw_mlag_of(r.sw[0]), 100, 200, false);
	sim_run(r.sim, 5 * SIM_S);
	link_set_up(r.link[4], false);
	sim_run(r.sim, 6 * SIM_S);
	sw_reboot(r.sw[0], 60 * SIM_S);
	sim_run(r.sim, 20 * SIM_S);
	cr_assert_not(r.slave[1]->dev.carrier);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspended"), 1);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.auto_recoveries"), 0);
	pair_free(&r);
}

/* Equal role priorities: the lower switch MAC is the primary.  sw2's
 * (02:9c:49:57:..) is below sw1's (02:9d:49:58:..), so sw1 suspends. */
Test(sw_mlag, a_tie_of_role_priorities_goes_to_the_lower_switch_mac)
{
	struct pair r;

	pair_build_roles(&r, true, 32667, 32667);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.operational_primary"), 1);
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.operational_primary"), 0);
	sim_run(r.sim, 5 * SIM_S);
	link_set_up(r.link[4], false);
	cr_assert_eq(log_at(r.sw[0], "%VPC-2-VPC_SUSP_ALL_VPC"), 5 * SIM_S);
	cr_assert_eq(log_at(r.sw[1], "%VPC-2"), -1);
	cr_assert_not(r.slave[0]->dev.carrier, "sw1's Po1 port is down: the bond's eth0 too");
	cr_assert(r.slave[1]->dev.carrier);
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.suspends"), 1);
	pair_free(&r);
}

/*
 * The keepalive alone lost: logged on both, nothing else (it is checked
 * only when the peer link goes down).  Each switch sends on its own grid:
 * sw1 at 0, 1, 2 ... s, sw2 half an interval later, at 0.5, 1.5 ... s.  The
 * path cut at 5 s (both ways): sw2 last heard sw1's keepalive of 5 s and
 * logs the loss at 10 s; sw1 last heard sw2's of 4.5 s, and logs it at
 * 9.5 s.  Back at 20.3 s: sw1 hears sw2's of 20.5 s, sw2 sw1's of 21 s.
 */
Test(sw_mlag, a_lost_keepalive_alone_changes_nothing)
{
	struct pair r;
	struct sw_mlag *m;

	pair_build(&r, true);
	m = (struct sw_mlag *)sw_mlag_of(r.sw[0]);
	sim_run(r.sim, 5 * SIM_S);
	sw_mlag_keepalive(m, false);
	sim_run(r.sim, 20 * SIM_S);
	/* noticed when the 5 s timeout runs out, not when the path goes */
	cr_assert_eq(log_at(r.sw[0], "%VPC-2-PEER_KEEP_ALIVE_RECV_FAIL: In domain pair, VPC peer "
			    "keep-alive receive has failed"), 9 * SIM_S + 500 * SIM_MS);
	cr_assert_eq(log_at(r.sw[1], "%VPC-2-PEER_KEEP_ALIVE_RECV_FAIL"), 10 * SIM_S);
	cr_assert(r.slave[0]->dev.carrier && r.slave[1]->dev.carrier);
	cr_assert_eq(r.bond->usable_count, 2);
	/* back at 20.3 s: each hears the other's next keepalive */
	sim_run(r.sim, 20 * SIM_S + 300 * SIM_MS);
	sw_mlag_keepalive(m, true);
	sim_run(r.sim, 22 * SIM_S);
	cr_assert_eq(log_at(r.sw[0], "%VPC-2-PEER_KEEP_ALIVE_RECV_SUCCESS"), 20 * SIM_S + 500 * SIM_MS);
	cr_assert_eq(log_at(r.sw[1], "%VPC-2-PEER_KEEP_ALIVE_RECV_SUCCESS: In domain pair, vPC "
			    "peer keep-alive receive is successful"), 21 * SIM_S);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspends") + metric(r.sw[1], "sw2.mlag.dual_actives"),
		     0);
	pair_free(&r);
}

/*
 * Keepalive lost at 5 s (timed out at 10 s), then the peer link at 11 s:
 * each takes the other for dead, both keep their legs (dual-active).  The
 * keepalive path back at 15 s (hold_timeout over since 14 s): they hear
 * each other over a dead peer link, and the secondary suspends as on a
 * peer-link loss.
 */
Test(sw_mlag, keepalive_then_peer_link_lost_is_dual_active_until_the_keepalive_returns)
{
	struct pair r;
	struct sw_mlag *m;
	struct mlag_events l;

	pair_build(&r, true);
	record_events(&r, &l);
	m = (struct sw_mlag *)sw_mlag_of(r.sw[0]);
	sim_run(r.sim, 5 * SIM_S);
	sw_mlag_keepalive(m, false);
	sim_run(r.sim, 11 * SIM_S);
	link_set_up(r.link[4], false);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_DUAL_ACTIVE), 11 * SIM_S);
	sim_run(r.sim, 15 * SIM_S);
	cr_assert(r.slave[0]->dev.carrier && r.slave[1]->dev.carrier);
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.dual_actives"), 1);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.dual_actives"), 1);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspends"), 0);
	cr_assert_eq(r.bond->usable_count, 2, "the bond still sees one partner on two legs");
	sw_mlag_keepalive(m, true);
	sim_run(r.sim, 15 * SIM_S);
	cr_assert_eq(log_at(r.sw[1], "%VPC-2-VPC_SUSP_ALL_VPC"), 15 * SIM_S);
	cr_assert_not(r.slave[1]->dev.carrier);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspends"), 1);
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.suspends"), 0);
	pair_free(&r);
}

/*
 * The peer link cut at 5 s (sw2 suspends), the keepalive lost at 8 s: sw2
 * cannot tell a dead primary from a lost path, and when the keepalive
 * times out (the one sent at 8 s the last heard, 5 s later: 13 s) brings
 * Po1 up: dual-active with sw1 alive.
 */
Test(sw_mlag, peer_link_then_keepalive_lost_recovers_into_dual_active)
{
	struct pair r;
	struct sw_mlag *m;
	struct mlag_events l;

	pair_build(&r, true);
	record_events(&r, &l);
	m = (struct sw_mlag *)sw_mlag_of(r.sw[0]);
	sim_run(r.sim, 5 * SIM_S);
	link_set_up(r.link[4], false);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_SUSPENDED), 5 * SIM_S);
	sim_run(r.sim, 8 * SIM_S);
	cr_assert_not(r.slave[1]->dev.carrier);
	sw_mlag_keepalive(m, false);
	sim_run(r.sim, 13 * SIM_S - 1);
	cr_assert_not(r.slave[1]->dev.carrier);
	sim_run(r.sim, 13 * SIM_S + SIM_MS);
	cr_assert(r.slave[1]->dev.carrier);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_AUTO_RECOVERY), 13 * SIM_S);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_DUAL_ACTIVE), 13 * SIM_S);
	cr_assert_eq(event_at(&l, 0, SW_MLAG_DUAL_ACTIVE), 13 * SIM_S);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.auto_recoveries"), 1);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.dual_actives"), 1);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspended"), 0);
	pair_free(&r);
}

/*
 * The keepalive cut between two keepalives, at 8.5 s: the last heard is
 * the one sent at 8 s, so the loss, and the auto-recovery, come at 13 s,
 * 4.5 s after the cut: the time follows from the last keepalive heard,
 * not from when some periodic check happens to run.
 */
Test(sw_mlag, a_keepalive_cut_between_two_times_out_from_the_last_one_heard)
{
	struct pair r;
	struct mlag_events l;

	pair_build(&r, true);
	record_events(&r, &l);
	sim_run(r.sim, 5 * SIM_S);
	link_set_up(r.link[4], false);
	sim_run(r.sim, 8 * SIM_S + 500 * SIM_MS);
	sw_mlag_keepalive(sw_mlag_domain(r.sw[0]), false);
	sim_run(r.sim, 20 * SIM_S);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_AUTO_RECOVERY), 13 * SIM_S);
	cr_assert_eq(log_at(r.sw[1], "%VPC-2-PEER_KEEP_ALIVE_RECV_FAIL"), 13 * SIM_S);
	pair_free(&r);
}

/*
 * keepalive_interval 2 s, keepalive_timeout 3 s: keepalives at 0, 2, 4 ...
 * s.  Peer link cut at 5 s, keepalive path at 9 s: the last heard was sent
 * at 8 s, so auto-recovery at 11 s.
 */
Test(sw_mlag, the_keepalive_interval_and_timeout_set_the_recovery_time)
{
	struct pair r;
	struct mlag_events l;

	pair_build(&r, true);
	sw_mlag_set_timers(sw_mlag_domain(r.sw[0]), 2 * SIM_S, 3 * SIM_S, 3 * SIM_S, 0);
	record_events(&r, &l);
	sim_run(r.sim, 5 * SIM_S);
	link_set_up(r.link[4], false);
	sim_run(r.sim, 9 * SIM_S);
	sw_mlag_keepalive(sw_mlag_domain(r.sw[0]), false);
	sim_run(r.sim, 20 * SIM_S);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_SUSPENDED), 5 * SIM_S);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_AUTO_RECOVERY), 11 * SIM_S);
	pair_free(&r);
}

/*
 * The keepalive path cut at 2 s (timed out at 7 s) and the peer link at
 * 5 s: at 5 s sw2 still hears sw1 (the last keepalive is 3 s old), so it
 * suspends.  The loss at 7 s falls in the hold-timeout (3 s from 5 s):
 * sw2 acts on it when that ends, at 8 s, and recovers into dual-active.
 */
Test(sw_mlag, a_keepalive_lost_during_the_hold_timeout_is_acted_on_at_its_end)
{
	struct pair r;
	struct mlag_events l;

	pair_build(&r, true);
	record_events(&r, &l);
	sim_run(r.sim, 2 * SIM_S);
	sw_mlag_keepalive(sw_mlag_domain(r.sw[0]), false);
	sim_run(r.sim, 5 * SIM_S);
	link_set_up(r.link[4], false);
	sim_run(r.sim, 20 * SIM_S);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_SUSPENDED), 5 * SIM_S);
	cr_assert_eq(log_at(r.sw[1], "%VPC-2-PEER_KEEP_ALIVE_RECV_FAIL"), 7 * SIM_S);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_AUTO_RECOVERY), 8 * SIM_S);
	cr_assert_eq(event_at(&l, 0, SW_MLAG_DUAL_ACTIVE), 8 * SIM_S);
	pair_free(&r);
}

/*
 * Dual-active from 7 s (keepalive lost at 1 s, timed out at 6 s; peer link
 * cut at 7 s).  The path back at 8 s, sw2 hears sw1 at once, but the
 * hold-timeout runs until 10 s: sw2 suspends then, not at 8 s.
 */
Test(sw_mlag, a_keepalive_back_during_the_hold_timeout_ends_the_split_at_its_end)
{
	struct pair r;
	struct mlag_events l;
	struct sw_mlag *m;

	pair_build(&r, true);
	record_events(&r, &l);
	m = sw_mlag_domain(r.sw[0]);
	sim_run(r.sim, 1 * SIM_S);
	sw_mlag_keepalive(m, false);
	sim_run(r.sim, 7 * SIM_S);
	link_set_up(r.link[4], false);
	sim_run(r.sim, 8 * SIM_S);
	sw_mlag_keepalive(m, true);
	sim_run(r.sim, 20 * SIM_S);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_DUAL_ACTIVE), 7 * SIM_S);
	cr_assert_eq(log_at(r.sw[1], "%VPC-2-PEER_KEEP_ALIVE_RECV_SUCCESS"), 8 * SIM_S);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_SUSPENDED), 10 * SIM_S);
	cr_assert_eq(log_at(r.sw[1], "%VPC-2-VPC_SUSP_ALL_VPC"), 10 * SIM_S);
	pair_free(&r);
}

/*
 * Roles do not pre-empt: sw1 (the elected primary) reloads at 5 s for
 * 2 s, sw2 becomes the operational primary and stays so.  Once sw1 is
 * back and its legs restored, a peer-link cut suspends sw1's, not sw2's.
 */
Test(sw_mlag, after_the_primarys_reload_the_old_primary_is_the_one_suspended)
{
	struct pair r;

	pair_build(&r, true);
	sw_mlag_set_keepalive((struct sw_mlag *)sw_mlag_of(r.sw[0]), true, 2 * SIM_S);
	sim_run(r.sim, 5 * SIM_S);
	sw_reboot(r.sw[0], 2 * SIM_S);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.operational_primary"), 1);
	sim_run(r.sim, 20 * SIM_S);
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.operational_primary"), 0, "no pre-emption");
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.suspended"), 0);
	cr_assert_eq(r.bond->usable_count, 2);
	link_set_up(r.link[4], false);
	cr_assert_eq(log_at(r.sw[0], "%VPC-2-VPC_SUSP_ALL_VPC"), 20 * SIM_S);
	cr_assert_not(r.slave[0]->dev.carrier);
	cr_assert(r.slave[1]->dev.carrier);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspends"), 0);
	pair_free(&r);
}

/*
 * sw2 reloads at 5 s for 2 s.  Back, it holds its Po1 down until the peer
 * link (a lone port, up as soon as sw2 is) has been up for delay restore
 * (10 s here): the bond's eth1 gets carrier at 17 s, not 7 s, and LACP
 * bundles it after that.  sw1 never holds anything.
 */
Test(sw_mlag, a_switch_back_from_a_reload_holds_its_legs_for_delay_restore)
{
	struct pair r;

	pair_build(&r, true);
	sw_mlag_set_keepalive((struct sw_mlag *)sw_mlag_of(r.sw[0]), true, 10 * SIM_S);
	sim_run(r.sim, 5 * SIM_S);
	sw_reboot(r.sw[1], 2 * SIM_S);
	sim_run(r.sim, 7 * SIM_S + SIM_MS);
	cr_assert(sw_port(&r, 1, 3)->dev.carrier, "sw2 is back: its peer link is up");
	cr_assert_not(r.slave[1]->dev.carrier, "its MLAG leg is held down");
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspended"), 1);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.reload_holds"), 1);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspends"), 0, "no peer-link suspension");
	sim_run(r.sim, 17 * SIM_S - SIM_MS);
	cr_assert_not(r.slave[1]->dev.carrier);
	sim_run(r.sim, 17 * SIM_S + SIM_MS);
	cr_assert(r.slave[1]->dev.carrier);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspended"), 0);
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.reload_holds"), 0);
	sim_run(r.sim, 22 * SIM_S);
	cr_assert_eq(r.bond->usable_count, 2);
	pair_free(&r);
}

/*
 * The primary (sw1) reloads at 5 s with the peer link up: the peer link
 * and the keepalive go together, so sw2 is never a secondary cut off from
 * a live primary.  It takes the role at once and keeps its Po1 up the
 * whole time (NX-OS: "vPC Peer Switch Failure"; legs flapping here is
 * Cisco's defect CSCun82155): no %VPC-2-VPC_SUSP_ALL_VPC, no suspension,
 * no auto-recovery, and the bond's eth1 never loses carrier.
 */
Test(sw_mlag, a_reload_of_the_primary_with_the_peer_link_up_suspends_nothing)
{
	struct pair r;
	struct mlag_events l;

	pair_build(&r, true);
	record_events(&r, &l);
	sim_run(r.sim, 5 * SIM_S);
	sw_reboot(r.sw[0], 60 * SIM_S);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_ROLE), 5 * SIM_S);
	for (int t = 5; t <= 20; t++) {
		sim_run(r.sim, t * SIM_S);
		cr_assert(r.slave[1]->dev.carrier, "sw2's leg up at %d s", t);
	}
	cr_assert_eq(log_at(r.sw[1], "%VPC-2-VPC_SUSP_ALL_VPC"), -1);
	cr_assert_eq(log_at(r.sw[1], "%VPC-2-PEER_KEEP_ALIVE_RECV_FAIL"), 10 * SIM_S);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_SUSPENDED), -1);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_AUTO_RECOVERY), -1);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.operational_primary"), 1);
	cr_assert_eq(metric(r.sw[1], "sw2.lag.Po1.Gi0/1.bundled"), 1);
	pair_free(&r);
}

/*
 * Both reload and one comes back alone: sw2 (the secondary) reloads at
 * 5 s for 10 s, sw1 (the primary) at 6 s for 300 s.  Back at 15 s with no
 * peer, sw2 holds its Po1 down (before, it forwarded at once, with no
 * peer to agree with); auto-recovery's reload-delay (240 s) runs out at
 * 255 s: sw2 takes the primary role and brings Po1 up, no dual-active
 * (sw1 is dead).  sw1 back at 306 s holds its own until the peer link
 * has been up delay restore (10 s here), and sw2 stays the primary.
 */
Test(sw_mlag, a_switch_back_alone_comes_up_after_reload_delay_as_the_primary)
{
	struct pair r;
	struct mlag_events l;

	pair_build(&r, true);
	sw_mlag_set_keepalive(sw_mlag_domain(r.sw[0]), true, 10 * SIM_S);
	record_events(&r, &l);
	sim_run(r.sim, 5 * SIM_S);
	sw_reboot(r.sw[1], 10 * SIM_S);
	sim_run(r.sim, 6 * SIM_S);
	sw_reboot(r.sw[0], 300 * SIM_S);
	sim_run(r.sim, 15 * SIM_S + SIM_MS);
	cr_assert_not(r.slave[1]->dev.carrier, "back alone: its MLAG leg held down");
	cr_assert_eq(event_at(&l, 1, SW_MLAG_HELD), 15 * SIM_S);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspended"), 1);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.operational_primary"), 0);
	sim_run(r.sim, 255 * SIM_S - SIM_MS);
	cr_assert_not(r.slave[1]->dev.carrier, "1 ms before the reload-delay");
	sim_run(r.sim, 255 * SIM_S + SIM_MS);
	cr_assert(r.slave[1]->dev.carrier);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_RELOAD_RECOVERY), 255 * SIM_S);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.operational_primary"), 1);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.auto_recoveries"), 1);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.dual_actives"), 0, "sw1 is dead: no split");
	sim_run(r.sim, 258 * SIM_S);
	cr_assert_eq(metric(r.sw[1], "sw2.lag.Po1.Gi0/1.bundled"), 1);
	cr_assert_eq(r.bond->usable_count, 1);
	sim_run(r.sim, 306 * SIM_S + SIM_MS);
	cr_assert_eq(event_at(&l, 0, SW_MLAG_HELD), 306 * SIM_S);
	cr_assert_not(r.slave[0]->dev.carrier, "sw1 back: held for delay restore");
	sim_run(r.sim, 316 * SIM_S + SIM_MS);
	cr_assert(r.slave[0]->dev.carrier);
	cr_assert_eq(event_at(&l, 0, SW_MLAG_RELOAD_RECOVERY), -1, "sw1 met its peer");
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.operational_primary"), 1, "no pre-emption");
	pair_free(&r);
}

/*
 * sw2 reloads at 5 s for 10 s; meanwhile (8 s) the peer link and the
 * keepalive path are cut.  Back at 15 s it sees neither: reload-delay
 * (300 s here) runs out at 315 s and it brings Po1 up, while sw1 is alive
 * and forwarding too: dual-active, sw1 still the operational primary.
 */
Test(sw_mlag, reload_delay_with_a_live_peer_behind_a_cut_is_dual_active)
{
	struct pair r;
	struct mlag_events l;

	pair_build(&r, true);
	sw_mlag_set_reload_delay(sw_mlag_domain(r.sw[0]), 300 * SIM_S);
	record_events(&r, &l);
	sim_run(r.sim, 5 * SIM_S);
	sw_reboot(r.sw[1], 10 * SIM_S);
	sim_run(r.sim, 8 * SIM_S);
	link_set_up(r.link[4], false);
	sw_mlag_keepalive(sw_mlag_domain(r.sw[0]), false);
	sim_run(r.sim, 315 * SIM_S - SIM_MS);
	cr_assert_not(r.slave[1]->dev.carrier);
	sim_run(r.sim, 315 * SIM_S + SIM_MS);
	cr_assert(r.slave[1]->dev.carrier);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_RELOAD_RECOVERY), 315 * SIM_S);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_DUAL_ACTIVE), 315 * SIM_S);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.dual_actives"), 1);
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.operational_primary"), 1);
	pair_free(&r);
}

/*
 * The same, the keepalive path left up: sw2 hears sw1 at 15 s (the
 * keepalive sent then), which stops the reload-delay: it waits for the
 * peer link as long as it takes.  So does it with auto_recovery off and
 * both paths cut.
 */
Test(sw_mlag, a_keepalive_heard_or_no_auto_recovery_stops_the_reload_delay)
{
	for (int k = 0; k < 2; k++) {
		struct pair r;
		struct mlag_events l;

		pair_build(&r, true);
		if (k)
			sw_mlag_set_roles(sw_mlag_domain(r.sw[0]), 100, 200, false);
		record_events(&r, &l);
		sim_run(r.sim, 5 * SIM_S);
		sw_reboot(r.sw[1], 10 * SIM_S);
		sim_run(r.sim, 8 * SIM_S);
		link_set_up(r.link[4], false);
		if (k)
			sw_mlag_keepalive(sw_mlag_domain(r.sw[0]), false);
		sim_run(r.sim, 300 * SIM_S);
		cr_assert_not(r.slave[1]->dev.carrier, "case %d: still held", k);
		cr_assert_eq(event_at(&l, 1, SW_MLAG_RELOAD_RECOVERY), -1);
		cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspended"), 1);
		pair_free(&r);
	}
}

/*
 * c1 speaks once at 5 s (sw1 learns it, sw2 installs it on its peer link),
 * then only listens.  The peer link cut at 6 s flushes it from sw2; back
 * at 7 s, sw1 hands sw2 its whole table, and sw2 knows c1 again without
 * c1 saying a word: no flooding to c2 for a quiet host.
 */
Test(sw_mlag, the_peer_link_back_resyncs_every_mac)
{
	struct pair r;

	pair_build(&r, true);
	sim_run(r.sim, 5 * SIM_S);
	send_eth(&r, &r.client[0]->dev, BCAST);
	sim_run(r.sim, 5 * SIM_S + SIM_MS);
	cr_assert_str_eq(sw_fdb_port(r.sw[1], r.client[0]->dev.mac), "Gi0/3");
	link_set_up(r.link[4], false);
	sim_run(r.sim, 6 * SIM_S);
	cr_assert_null(sw_fdb_port(r.sw[1], r.client[0]->dev.mac), "flushed with the peer link");
	link_set_up(r.link[4], true);
	cr_assert_str_eq(sw_fdb_port(r.sw[1], r.client[0]->dev.mac), "Gi0/3");
	cr_assert_str_eq(sw_fdb_port(r.sw[0], r.client[1]->dev.mac) ?: "", "",
			 "c2 never spoke: nothing to hand over");
	pair_free(&r);
}

/*
 * c2's port on sw2 has "vpc orphan-port suspend": the peer link cut at
 * 5 s, sw2 takes it down with its Po1 (c2 loses carrier); back at 8 s,
 * the port comes up at once, Po1 only after delay restore (30 s).
 */
Test(sw_mlag, an_orphan_port_with_suspend_goes_down_and_up_with_the_peer_link)
{
	struct pair r;

	pair_build(&r, true);
	sw_port_set_orphan_suspend(r.sw[1], sw_port(&r, 1, 2), true);
	sim_run(r.sim, 5 * SIM_S);
	cr_assert(r.client[1]->dev.carrier);
	link_set_up(r.link[4], false);
	cr_assert_not(r.client[1]->dev.carrier, "suspended with sw2's MLAG channels");
	cr_assert(r.client[0]->dev.carrier, "sw1's orphan is not touched");
	cr_assert_eq(metric(r.sw[1], "sw2.port.Gi0/2.up"), 0);
	sim_run(r.sim, 8 * SIM_S);
	link_set_up(r.link[4], true);
	cr_assert(r.client[1]->dev.carrier, "up with the peer link");
	cr_assert_not(r.slave[1]->dev.carrier, "Po1 waits for delay restore");
	pair_free(&r);
}

/*
 * delay_restore_orphan 7 s (NX-OS's "delay restore orphan-port"): the
 * orphan port suspended with the peer link at 5 s comes back 7 s after
 * the peer link does (8 s): down at 15 s less 1 ns, up at 15 s.
 */
Test(sw_mlag, an_orphan_port_comes_back_delay_restore_orphan_after_the_peer_link)
{
	struct pair r;

	pair_build(&r, true);
	sw_port_set_orphan_suspend(r.sw[1], sw_port(&r, 1, 2), true);
	sw_mlag_set_timers(sw_mlag_domain(r.sw[0]), SIM_S, 5 * SIM_S, 3 * SIM_S, 7 * SIM_S);
	sim_run(r.sim, 5 * SIM_S);
	link_set_up(r.link[4], false);
	cr_assert_not(r.client[1]->dev.carrier);
	sim_run(r.sim, 8 * SIM_S);
	link_set_up(r.link[4], true);
	sim_run(r.sim, 15 * SIM_S - 1);
	cr_assert_not(r.client[1]->dev.carrier, "delay restore orphan-port: 7 s");
	sim_run(r.sim, 15 * SIM_S);
	cr_assert(r.client[1]->dev.carrier);
	cr_assert_not(r.slave[1]->dev.carrier, "Po1 waits for delay restore (30 s)");
	pair_free(&r);
}

/* Without it (the default), an orphan port stays up through the suspension. */
Test(sw_mlag, an_orphan_port_without_suspend_stays_up)
{
	struct pair r;

	pair_build(&r, true);
	sim_run(r.sim, 5 * SIM_S);
	link_set_up(r.link[4], false);
	cr_assert_not(r.slave[1]->dev.carrier);
	cr_assert(r.client[1]->dev.carrier);
	pair_free(&r);
}

static bool shows(const struct sw *sw, const char *needle)
{
	GString *s = g_string_new(NULL);
	bool found;

	sw_show_vpc_brief(sw, s);
	found = strstr(s->str, needle) != NULL;
	if (!found)
		cr_log_error("no '%s' in:\n%s", needle, s->str);
	g_string_free(s, TRUE);
	return found;
}

/* "show vpc brief" on sw2 through a peer-link cut and its delay restore. */
Test(sw_mlag, show_vpc_brief_follows_the_suspension)
{
	struct pair r;

	pair_build(&r, true);
	sim_run(r.sim, 5 * SIM_S);
	cr_assert(shows(r.sw[1], "Peer status                       : peer adjacency formed ok\n"));
	cr_assert(shows(r.sw[1], "vPC role                          : secondary\n"));
	cr_assert(shows(r.sw[0], "vPC role                          : primary\n"));
	cr_assert(shows(r.sw[1], "1     Po1           up     success     success               1\n"));
	link_set_up(r.link[4], false);
	cr_assert(shows(r.sw[1], "Peer status                       : peer link is down\n"));
	cr_assert(shows(r.sw[1], "vPC keep-alive status             : peer is alive\n"));
	cr_assert(shows(r.sw[1], "1     Po1           down   success     peer-link is down     -\n"));
	sim_run(r.sim, 8 * SIM_S);
	link_set_up(r.link[4], true);
	sim_run(r.sim, 18 * SIM_S);
	cr_assert(shows(r.sw[1], "Delay-restore status              : Timer is on.(timeout = 30s, "
			"20s left)\n"));
	cr_assert(shows(r.sw[1], "1     Po1(*)        down   success     delay restore         -\n"));
	pair_free(&r);
}

/* "vPC keep-alive status" follows the timeout: the path cut at 5 s, the
 * peer is still "alive" at 10 s less 1 ns and "not reachable" at 10 s. */
Test(sw_mlag, show_vpc_brief_keepalive_status_follows_the_timeout)
{
	struct pair r;

	pair_build(&r, true);
	sim_run(r.sim, 5 * SIM_S);
	sw_mlag_keepalive(sw_mlag_domain(r.sw[0]), false);
	sim_run(r.sim, 10 * SIM_S - 1);
	cr_assert(shows(r.sw[1], "vPC keep-alive status             : peer is alive\n"));
	sim_run(r.sim, 10 * SIM_S);
	cr_assert(shows(r.sw[1], "vPC keep-alive status             : peer is not reachable "
			"through peer-keepalive\n"));
	pair_free(&r);
}

static bool shows_keepalive(const struct sw *sw, const char *needle)
{
	GString *s = g_string_new(NULL);
	bool found;

	sw_show_vpc_peer_keepalive(sw, s);
	found = strstr(s->str, needle) != NULL;
	if (!found)
		cr_log_error("no '%s' in:\n%s", needle, s->str);
	g_string_free(s, TRUE);
	return found;
}

/*
 * "show vpc peer-keepalive": the path cut at 5.5 s, the last keepalive
 * heard is the one sent at 5 s; at 9.5 s it is 4.5 s old and the peer
 * still alive, at 10 s the timeout has run out.
 */
Test(sw_mlag, show_vpc_peer_keepalive_gives_the_age_of_the_last_keepalive)
{
	struct pair r;

	pair_build(&r, true);
	cr_assert(shows_keepalive(r.sw[1], "--Keepalive interval            : 1000 msec\n"
				  "--Keepalive timeout             : 5 seconds\n"
				  "--Keepalive hold timeout        : 3 seconds\n"));
	sim_run(r.sim, 5 * SIM_S + 500 * SIM_MS);
	cr_assert(shows_keepalive(r.sw[1], "--Last update from peer         : (0) seconds, (500) msec\n"));
	sw_mlag_keepalive(sw_mlag_domain(r.sw[0]), false);
	sim_run(r.sim, 9 * SIM_S + 500 * SIM_MS);
	cr_assert(shows_keepalive(r.sw[1], "vPC keep-alive status           : peer is alive\n"));
	cr_assert(shows_keepalive(r.sw[1], "--Last update from peer         : (4) seconds, (500) msec\n"));
	sim_run(r.sim, 10 * SIM_S);
	cr_assert(shows_keepalive(r.sw[1], "vPC keep-alive status           : peer is not reachable "
				  "through peer-keepalive\n"));
	cr_assert(shows_keepalive(r.sw[1], "--Receive status                : Failed\n"));
	cr_assert(shows_keepalive(r.sw[1], "--Last update from peer         : (5) seconds, (0) msec\n"));
	pair_free(&r);
}

/*
 * "Auto-recovery status": the reload-delay's timer.  Off at the start
 * (timeout 240 s); sw2 back alone at 15 s (sw1 reloading to 306 s) runs
 * it, 200 s left at 55 s, and it is off again once it has run out at
 * 255 s; with no auto-recovery the line says Disabled.
 */
Test(sw_mlag, show_vpc_brief_gives_the_auto_recovery_timer)
{
	struct pair r;

	pair_build(&r, true);
	cr_assert(shows(r.sw[1], "Auto-recovery status              : Enabled, timer is off."
			"(timeout = 240s)\n"));
	sim_run(r.sim, 5 * SIM_S);
	sw_reboot(r.sw[1], 10 * SIM_S);
	sim_run(r.sim, 6 * SIM_S);
	sw_reboot(r.sw[0], 300 * SIM_S);
	sim_run(r.sim, 55 * SIM_S);
	cr_assert(shows(r.sw[1], "Auto-recovery status              : Enabled, timer is on."
			"(timeout = 240s, 200s left)\n"));
	sim_run(r.sim, 255 * SIM_S + 500 * SIM_MS);
	cr_assert(shows(r.sw[1], "Auto-recovery status              : Enabled, timer is off."
			"(timeout = 240s)\n"));
	pair_free(&r);
	pair_build(&r, true);
	sw_mlag_set_roles(sw_mlag_domain(r.sw[0]), 100, 200, false);
	cr_assert(shows(r.sw[0], "Auto-recovery status              : Disabled\n"));
	pair_free(&r);
}

/*
 * One direction lost: sw1's keepalives stop reaching sw2 at 5.2 s (sw2
 * last heard the one of 5 s: lost at 10 s), sw2's still reach sw1.  Each
 * judges by what it hears: sw2 takes the primary for dead, sw1 logs
 * nothing.  The peer link cut at 12 s, sw2 keeps Po1 up (dual-active, as
 * when both directions are lost); sw1's keepalives back at 14.2 s, sw2
 * hears the one of 15 s, the hold-timeout (12 s + 3 s) is over, and it
 * suspends then.
 */
Test(sw_mlag, keepalive_lost_from_the_primary_only_is_dual_active_on_a_peer_link_loss)
{
	struct pair r;
	struct sw_mlag *m;
	struct mlag_events l;

	pair_build(&r, true);
	record_events(&r, &l);
	m = sw_mlag_domain(r.sw[0]);
	sim_run(r.sim, 5 * SIM_S + 200 * SIM_MS);
	sw_mlag_keepalive_from(m, r.sw[0], false);
	sim_run(r.sim, 10 * SIM_S - 1);
	cr_assert(shows(r.sw[1], "vPC keep-alive status             : peer is alive\n"));
	sim_run(r.sim, 10 * SIM_S);
	cr_assert(shows(r.sw[1], "vPC keep-alive status             : peer is not reachable "
			"through peer-keepalive\n"));
	cr_assert(shows(r.sw[0], "vPC keep-alive status             : peer is alive\n"),
		  "sw1 still hears sw2");
	cr_assert_eq(log_at(r.sw[1], "%VPC-2-PEER_KEEP_ALIVE_RECV_FAIL"), 10 * SIM_S);
	cr_assert_eq(log_at(r.sw[0], "%VPC-2-PEER_KEEP_ALIVE_RECV_FAIL"), -1);
	sim_run(r.sim, 12 * SIM_S);
	link_set_up(r.link[4], false);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_DUAL_ACTIVE), 12 * SIM_S);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_SUSPENDED), -1);
	cr_assert(r.slave[1]->dev.carrier);
	sim_run(r.sim, 14 * SIM_S + 200 * SIM_MS);
	sw_mlag_keepalive_from(m, r.sw[0], true);
	sim_run(r.sim, 15 * SIM_S - 1);
	cr_assert(r.slave[1]->dev.carrier);
	sim_run(r.sim, 15 * SIM_S);
	cr_assert_eq(log_at(r.sw[1], "%VPC-2-PEER_KEEP_ALIVE_RECV_SUCCESS"), 15 * SIM_S);
	cr_assert_eq(log_at(r.sw[1], "%VPC-2-VPC_SUSP_ALL_VPC"), 15 * SIM_S);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_SUSPENDED), 15 * SIM_S);
	cr_assert_not(r.slave[1]->dev.carrier);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.dual_actives"), 1);
	pair_free(&r);
}

/*
 * The other direction: sw2's keepalives stop reaching sw1 at 5.2 s (sw1
 * last heard the one of 4.5 s: lost at 9.5 s).  sw2 still hears the
 * primary, so the peer link cut at 12 s suspends its Po1 at once, as with
 * the keepalive whole; the primary's view changes nothing.  show vpc
 * peer-keepalive says it per switch.
 */
Test(sw_mlag, keepalive_lost_to_the_primary_only_still_suspends_the_secondary)
{
	struct pair r;
	struct sw_mlag *m;
	struct mlag_events l;

	pair_build(&r, true);
	record_events(&r, &l);
	m = sw_mlag_domain(r.sw[0]);
	sim_run(r.sim, 5 * SIM_S + 200 * SIM_MS);
	sw_mlag_keepalive_from(m, r.sw[1], false);
	sim_run(r.sim, 11 * SIM_S);
	cr_assert_eq(log_at(r.sw[0], "%VPC-2-PEER_KEEP_ALIVE_RECV_FAIL"), 9 * SIM_S + 500 * SIM_MS);
	cr_assert_eq(log_at(r.sw[1], "%VPC-2-PEER_KEEP_ALIVE_RECV_FAIL"), -1);
	cr_assert(shows_keepalive(r.sw[0], "--Receive status                : Failed\n"));
	cr_assert(shows_keepalive(r.sw[0], "--Last update from peer         : (6) seconds, (500) msec\n"));
	cr_assert(shows_keepalive(r.sw[1], "--Receive status                : Success\n"));
	cr_assert(shows_keepalive(r.sw[1], "--Last update from peer         : (0) seconds, (0) msec\n"));
	cr_assert(shows(r.sw[0], "vPC keep-alive status             : peer is not reachable "
			"through peer-keepalive\n"));
	cr_assert(shows(r.sw[1], "vPC keep-alive status             : peer is alive\n"));
	sim_run(r.sim, 12 * SIM_S);
	link_set_up(r.link[4], false);
	cr_assert_eq(event_at(&l, 1, SW_MLAG_SUSPENDED), 12 * SIM_S);
	cr_assert_not(r.slave[1]->dev.carrier);
	cr_assert(r.slave[0]->dev.carrier);
	sim_run(r.sim, 20 * SIM_S);
	cr_assert_eq(metric(r.sw[0], "sw1.mlag.dual_actives"), 0);
	cr_assert_eq(metric(r.sw[1], "sw2.mlag.suspends"), 1);
	pair_free(&r);
}
