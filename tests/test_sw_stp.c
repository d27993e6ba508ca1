/*
 * test_sw_stp.c - spanning tree's listening and learning after link-up
 * (sw_stp.c): which frames die, which are learnt, when a port forwards.
 *
 * A star of plain NICs on switch ports, as in test_switch.c; here the
 * ports' portfast setting is made before the cables are, as the scenario
 * loader does, so each port's first link-up already knows it.
 */
#include <criterion/criterion.h>
#include "link/link.h"
#include "link/nic.h"
#include "switch/switch.h"
#include "switch/sw_priv.h"
#include "switch/sw_ios.h"

#define N 4

struct rig {
	struct sim *sim;
	struct sw *sw;
	struct nic *host[N], *port[N];
	struct link *link[N];
	uint64_t rx[N];
};

static void host_rx(void *owner, struct frame *f, const struct rx_ctx *ctx)
{
	uint64_t *rx = owner;

	(void)ctx;
	(*rx)++;
	frame_unref(f);
}

static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static const uint8_t *mac_of(int i)
{
	static uint8_t m[N][6];

	m[i][0] = 0x52;
	m[i][1] = 0x54;
	m[i][5] = (uint8_t)(i + 1);
	return m[i];
}

/*
 * The switch, its ports and the hosts, no cable yet: @portfast, bit i makes
 * Gi0/(i+1) portfast; @stp off: the default switch.
 */
static void rig_parts(struct rig *r, bool stp, unsigned portfast)
{
	struct sw_config cfg;

	memset(r, 0, sizeof(*r));
	sw_config_init(&cfg);
	cfg.stp = stp;
	r->sim = sim_new(1);
	r->sw = sw_new(r->sim, "sw1", &cfg);
	for (int i = 0; i < N; i++) {
		char pn[NETDEV_NAME_MAX], hn[8];

		g_snprintf(pn, sizeof(pn), "Gi0/%d", i + 1);
		g_snprintf(hn, sizeof(hn), "h%d", i);
		r->port[i] = sw_add_port(r->sw, pn);
		cr_assert(sw_set_portfast(r->sw, pn, portfast >> i & 1, NULL));
		r->host[i] = nic_new(r->sim, hn, "eth0", mac_of(i), 0);
		cr_assert(netdev_upper_register(&r->host[i]->dev,
						&(struct netdev_upper){ .rx = host_rx, .owner = &r->rx[i] },
						NULL));
	}
}

/* Host i's cable, which comes up now. */
static void rig_cable(struct rig *r, int i)
{
	r->link[i] = link_new(r->sim, "l", &r->host[i]->dev, &r->port[i]->dev, 1000000000ULL, SIM_US);
}

static void rig_init(struct rig *r, bool stp, unsigned portfast)
{
	rig_parts(r, stp, portfast);
	for (int i = 0; i < N; i++)
		rig_cable(r, i);
}

static void rig_fini(struct rig *r)
{
	for (int i = 0; i < N; i++)
		link_free(r->link[i]);
	for (int i = 0; i < N; i++)
		nic_free(r->host[i]);
	sw_free(r->sw);
	cr_expect_eq(r->sim->pool.live, 0);
	sim_free(r->sim);
}

static void send(struct rig *r, int from, const uint8_t dst[6])
{
	struct frame *f = frame_alloc(&r->sim->pool);
	uint8_t *p = frame_put(f, 14);

	memcpy(p, dst, 6);
	memcpy(p + 6, mac_of(from), 6);
	p[12] = 0x88;
	p[13] = 0xb5;
	f->len = 64;
	netdev_xmit(&r->host[from]->dev, f);
}

static void run_to(struct rig *r, sim_time_t t)
{
	sim_run(r->sim, t);
}

static uint64_t drops(const struct rig *r, int port, enum drop_reason d)
{
	return r->port[port]->dev.drops[d];
}

static enum sw_stp_state state(const struct rig *r, int port)
{
	struct sw_port *p = sw_port_of(r->sw, r->port[port]);

	return p->own.stp->state;
}

/* Listening for 15 s (nothing learnt), learning for 15 s (learnt, not
 * forwarded), then forwarding: 802.1D's default forward delay. */
Test(sw_stp, listening_learning_forwarding)
{
	struct rig r;

	rig_init(&r, true, 0);
	run_to(&r, 1 * SIM_S);
	cr_assert_eq(state(&r, 0), SW_STP_LISTENING);
	cr_assert_eq(r.sw->stp_transient, N);
	send(&r, 0, mac_of(1));
	run_to(&r, 2 * SIM_S);
	cr_assert_eq(drops(&r, 0, DROP_STP_LISTENING), 1);
	cr_assert_null(sw_fdb_port(r.sw, mac_of(0)), "a listening port learns nothing");
	cr_assert_eq(r.rx[1], 0);

	run_to(&r, 15 * SIM_S - 1);
	cr_assert_eq(state(&r, 0), SW_STP_LISTENING);
	run_to(&r, 15 * SIM_S);
	cr_assert_eq(state(&r, 0), SW_STP_LEARNING);
	send(&r, 0, mac_of(1));
	run_to(&r, 16 * SIM_S);
	cr_assert_eq(drops(&r, 0, DROP_STP_LEARNING), 1);
	cr_assert_str_eq(sw_fdb_port(r.sw, mac_of(0)), "Gi0/1", "a learning port learns");
	cr_assert_eq(r.rx[1], 0);

	run_to(&r, 30 * SIM_S - 1);
	cr_assert_eq(state(&r, 0), SW_STP_LEARNING);
	run_to(&r, 30 * SIM_S);
	cr_assert_eq(state(&r, 0), SW_STP_FORWARDING);
	cr_assert_eq(r.sw->stp_transient, 0);
	send(&r, 0, mac_of(1));
	run_to(&r, 31 * SIM_S);
	cr_assert_eq(r.rx[1], 1, "forwarding: the frame floods to h1");
	cr_assert_eq(r.rx[2], 1);
	rig_fini(&r);
}

/* A flood skips the ports that do not forward; a known unicast to one dies
 * at the port it came in on, as stp_egress. */
Test(sw_stp, portfast_and_egress)
{
	struct rig r;

	rig_init(&r, true, 0x6);	/* Gi0/2 and Gi0/3 portfast */
	run_to(&r, 1 * SIM_S);
	cr_assert_eq(state(&r, 1), SW_STP_FORWARDING);
	send(&r, 1, BCAST);
	run_to(&r, 2 * SIM_S);
	cr_assert_eq(r.rx[2], 1, "portfast to portfast");
	cr_assert_eq(r.rx[0], 0, "nothing out of a listening port");
	cr_assert_eq(r.rx[3], 0);

	run_to(&r, 16 * SIM_S);
	send(&r, 0, mac_of(1));		/* learnt on Gi0/1, then dropped */
	run_to(&r, 17 * SIM_S);
	send(&r, 1, mac_of(0));		/* to a MAC behind a learning port */
	run_to(&r, 18 * SIM_S);
	cr_assert_eq(drops(&r, 1, DROP_STP_EGRESS), 1);
	cr_assert_eq(r.rx[0], 0);
	run_to(&r, 30 * SIM_S);
	send(&r, 1, mac_of(0));
	run_to(&r, 31 * SIM_S);
	cr_assert_eq(r.rx[0], 1);
	rig_fini(&r);
}

/*
 * A port that comes back starts over; its return to forwarding is a
 * topology change that flushes what the other non-portfast ports learnt,
 * not what a portfast port did.
 */
Test(sw_stp, link_down_up_and_topology_change)
{
	struct rig r;
	guint more = 9;
	const char *name = NULL;
	sim_time_t up = 0, fwd = 0;

	rig_init(&r, true, 0x8);	/* Gi0/4 portfast */
	run_to(&r, 31 * SIM_S);
	send(&r, 1, mac_of(2));
	send(&r, 3, mac_of(2));
	run_to(&r, 32 * SIM_S);
	cr_assert_str_eq(sw_fdb_port(r.sw, mac_of(1)), "Gi0/2");
	link_set_up(r.link[0], false);
	run_to(&r, 35 * SIM_S);
	cr_assert_eq(state(&r, 0), SW_STP_DISABLED);
	link_set_up(r.link[0], true);
	run_to(&r, 36 * SIM_S);
	cr_assert_eq(state(&r, 0), SW_STP_LISTENING);
	cr_assert_str_eq(sw_fdb_port(r.sw, mac_of(1)), "Gi0/2");
	run_to(&r, 65 * SIM_S + 1);
	cr_assert_eq(state(&r, 0), SW_STP_FORWARDING);
	cr_assert_null(sw_fdb_port(r.sw, mac_of(1)), "flushed by the topology change");
	cr_assert_str_eq(sw_fdb_port(r.sw, mac_of(3)), "Gi0/4", "a portfast port keeps its MACs");
	cr_assert_eq(r.sw->stp_changes, 4, "three ports at 30 s, Gi0/1 again at 65 s");
	cr_assert(sw_stp_forwarded_in(r.sw, 35 * SIM_S, 70 * SIM_S, &name, &up, &fwd, &more));
	cr_assert_str_eq(name, "Gi0/1");
	cr_assert_eq(up, 35 * SIM_S);
	cr_assert_eq(fwd, 65 * SIM_S);
	cr_assert_eq(more, 0);
	rig_fini(&r);
}

/* Spanning tree off (the default): no state at all, frames forwarded at once. */
Test(sw_stp, off_by_default)
{
	struct rig r;

	rig_init(&r, false, 0);
	send(&r, 0, BCAST);
	run_to(&r, 1 * SIM_S);
	cr_assert_eq(r.rx[1], 1);
	cr_assert_null(sw_port_of(r.sw, r.port[0])->own.stp);
	cr_assert_eq(r.sw->stp_transient, 0);
	rig_fini(&r);
}

/* A port-channel starts listening when it comes up, not when a member joins it later. */
Test(sw_stp, port_channel_as_a_whole)
{
	struct rig r;
	GError *err = NULL;
	struct sw_lag *lag;

	rig_parts(&r, true, 0);
	lag = sw_add_lag(r.sw, "Po1", &err);
	cr_assert(sw_lag_add_port(lag, r.port[0], &err));
	cr_assert(sw_lag_add_port(lag, r.port[1], &err));
	rig_cable(&r, 0);
	for (int i = 2; i < N; i++)
		rig_cable(&r, i);
	run_to(&r, 20 * SIM_S);
	cr_assert_eq(lag->bport.stp->state, SW_STP_LEARNING);
	rig_cable(&r, 1);
	run_to(&r, 30 * SIM_S);
	cr_assert_eq(lag->bport.stp->state, SW_STP_FORWARDING, "the second member changed nothing");
	cr_assert_eq(lag->bport.stp->changes, 3);
	rig_fini(&r);
}

/*
 * A pasted IOS config: "spanning-tree portfast" counts on an access port
 * only (IOS takes it on a trunk and leaves it without effect), "portfast
 * trunk" anywhere, "portfast default" on every access port; forward-time
 * sets the delay.
 */
Test(sw_stp, ios_portfast_and_forward_time)
{
	GError *err = NULL;
	struct sw_ios *c = sw_ios_parse("spanning-tree vlan 1 forward-time 10\n"
					"interface GigabitEthernet0/1\n switchport mode trunk\n"
					" spanning-tree portfast\n"
					"interface GigabitEthernet0/2\n switchport mode trunk\n"
					" spanning-tree portfast edge trunk\n"
					"interface GigabitEthernet0/3\n spanning-tree portfast\n"
					"interface GigabitEthernet0/4\nend\n", "sw1.cfg", 1, &err);
	struct sim *sim = sim_new(1);
	struct sw_config cfg;
	struct sw *sw;

	cr_assert_not_null(c, "%s", err ? err->message : "");
	sw_config_init(&cfg);
	sw_ios_config(c, &cfg);
	cfg.stp = true;
	cr_assert_eq(cfg.forward_delay, 10 * SIM_S);
	sw = sw_new(sim, "sw1", &cfg);
	cr_assert(sw_ios_apply(c, sw, &err), "%s", err ? err->message : "");
	cr_expect_not(sw_port_of(sw, sw_find_port(sw, "Gi0/1"))->own.portfast, "plain portfast on a trunk");
	cr_expect(sw_port_of(sw, sw_find_port(sw, "Gi0/2"))->own.portfast);
	cr_expect(sw_port_of(sw, sw_find_port(sw, "Gi0/3"))->own.portfast);
	cr_expect_not(sw_port_of(sw, sw_find_port(sw, "Gi0/4"))->own.portfast);
	/* written back so that it reads back the same: a trunk's is "portfast trunk" */
	cr_expect_not_null(strstr(sw_running_config(sw),
				  "interface GigabitEthernet0/2\n switchport mode trunk\n"
				  " spanning-tree portfast trunk\n"), "%s", sw_running_config(sw));
	cr_expect_not_null(strstr(sw_running_config(sw), "interface GigabitEthernet0/3\n"
				  " spanning-tree portfast\n"), "%s", sw_running_config(sw));
	sw_free(sw);
	sw_ios_free(c);
	sim_free(sim);
}
