/*
 * test_rx_chain.c - the receive chain, device ownership and notifier chains.
 *
 * Worlds here are built in C with the models' constructors only (no
 * scenario loader): what the loader used to wire by hand must now happen
 * by itself.
 */
#include <criterion/criterion.h>
#include "bond/bond.h"
#include "host/host.h"
#include "lacp/lacp.h"
#include "link/link.h"
#include "link/nic.h"
#include "switch/switch.h"

#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static const uint8_t mac_peer[6] = { 0x02, 0, 0, 0, 0, 0x99 };
static const uint8_t mac_slow[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x02 };

/* A bond of two NICs on host "h" with 10.0.0.1/24, opened; no cables. */
struct bondhost {
	struct sim *sim;
	struct host *h;
	struct bond *b;
	struct nic *nic[2];
};

static void bondhost_init(struct bondhost *w, const char *opts_mode)
{
	struct bond_params p;
	GError *err = NULL;

	memset(w, 0, sizeof(*w));
	w->sim = sim_new(1);
	w->h = host_new(w->sim, "h");
	bond_params_init(&p);
	cr_assert(bond_opt_set(&p, "mode", opts_mode, &err));
	cr_assert(bond_params_finalize(&p, NULL, &err));
	w->b = bond_new(w->sim, "h", "bond0", &p, host_log(w->h));
	for (int i = 0; i < 2; i++) {
		const uint8_t mac[6] = { 0x02, 0, 0, 0, 1, (uint8_t)(i + 1) };
		char name[8];

		g_snprintf(name, sizeof(name), "eth%d", i);
		w->nic[i] = nic_new(w->sim, "h", name, mac, 0);
		/* carrier as if cabled: no monitor runs in these tests */
		netdev_set_carrier(&w->nic[i]->dev, true);
		cr_assert(bond_enslave(w->b, &w->nic[i]->dev, &err), "%s", err ? err->message : "");
	}
	cr_assert_not_null(host_add_if(w->h, &w->b->dev, IP4(10, 0, 0, 1), 24));
	bond_open(w->b);
}

static void bondhost_fini(struct bondhost *w)
{
	host_free(w->h);
	bond_free(w->b);
	for (int i = 0; i < 2; i++)
		nic_free(w->nic[i]);
	cr_assert_eq(w->sim->pool.live, 0, "%" G_GUINT64_FORMAT " frames leaked",
		     w->sim->pool.live);
	sim_free(w->sim);
}

/* An ARP request from the peer for 10.0.0.1, broadcast. */
static struct frame *arp_request(struct sim *sim)
{
	struct wire_arp a = { .op = WIRE_ARP_OP_REQUEST, .sip = IP4(10, 0, 0, 2),
			      .tip = IP4(10, 0, 0, 1) };

	memcpy(a.sha, mac_peer, 6);
	return wire_arp_frame_new(sim, mac_broadcast, mac_peer, &a);
}

/* A slow-protocols frame (what a LACPDU looks like to the chain). */
static struct frame *slow_frame(struct sim *sim)
{
	struct frame *f = frame_alloc(&sim->pool);
	uint8_t *p = frame_put(f, 15);

	memcpy(p, mac_slow, 6);
	memcpy(p + 6, mac_peer, 6);
	p[12] = 0x88;
	p[13] = 0x09;
	p[14] = 1;	/* subtype LACP */
	f->len = 124;
	return f;
}

/* Criterion runs each test in its own process: a counter per test is enough. */
static int probe_taken;

static enum rx_verdict consume_all(struct bond *bond, struct slave *s, struct frame *f,
				   const struct rx_ctx *ctx)
{
	(void)bond;
	(void)s;
	(void)ctx;
	probe_taken++;
	frame_unref(f);
	return RX_CONSUMED;
}

Test(rx_chain, a_frame_the_slave_hook_consumes_never_reaches_the_host)
{
	struct bondhost w;

	bondhost_init(&w, "balance-rr");
	/* Without a probe, the host answers the request. */
	netdev_rx(&w.nic[0]->dev, arp_request(w.sim));
	cr_assert_eq(w.h->arp_stats.requests_received, 1);
	cr_assert_eq(w.b->dev.stats.rx_packets, 1);
	/* A recv_probe that takes everything: nothing above the slave sees it. */
	w.b->recv_probe = consume_all;
	netdev_rx(&w.nic[0]->dev, arp_request(w.sim));
	netdev_rx(&w.nic[1]->dev, arp_request(w.sim));
	cr_assert_eq(probe_taken, 2, "the probe took both frames");
	cr_assert_eq(w.h->arp_stats.requests_received, 1, "the host saw neither");
	cr_assert_eq(w.nic[0]->dev.stats.rx_packets, 2, "the NIC counts what it received");
	cr_assert_eq(w.b->dev.stats.rx_packets, 3, "and the bond folds its slaves' counters");
	w.b->recv_probe = NULL;
	sim_run(w.sim, SIM_MS);
	bondhost_fini(&w);
}

Test(rx_chain, inactive_slave_is_exact_match_only)
{
	struct bondhost w;
	struct slave *backup;

	bondhost_init(&w, "active-backup");
	cr_assert_eq(w.b->curr_active, bond_slave(w.b, 0));
	backup = bond_slave(w.b, 1);
	cr_assert(backup->inactive);
	netdev_rx(backup->dev, arp_request(w.sim));
	cr_assert_eq(bond_slave_rx_dropped_inactive(backup), 1);
	cr_assert_eq(backup->dev->stats.rx_nohandler, 1, "RX_EXACT with no handler");
	cr_assert_eq(w.h->arp_stats.requests_received, 0);
	/* The active slave hands it up. */
	netdev_rx(w.b->curr_active->dev, arp_request(w.sim));
	cr_assert_eq(w.h->arp_stats.requests_received, 1);
	sim_run(w.sim, SIM_MS);
	bondhost_fini(&w);
}

/* bond_handle_frame(): on an active slave a link-local frame goes up to
 * the bond like any other; the host has no handler for 0x8809, so the bond
 * counts it in rx_dropped (__netif_receive_skb_core()). */
Test(rx_chain, link_local_groups_on_an_active_slave_go_up_to_the_bond)
{
	struct bondhost w;

	bondhost_init(&w, "balance-rr");
	netdev_rx(&w.nic[0]->dev, slow_frame(w.sim));
	cr_assert_eq(w.h->ip_stats.rx_unknown_ethertype, 1, "the bond's stack had it");
	cr_assert_eq(w.b->dev.drops[DROP_UNKNOWN_ETHERTYPE], 1);
	cr_assert_eq(w.b->dev.stats.rx_dropped, 1);
	cr_assert_eq(w.nic[0]->dev.stats.rx_dropped, 0, "not the slave's drop");
	cr_assert_eq(w.nic[0]->dev.drops[DROP_NO_HANDLER], 0);
	cr_assert_eq(w.nic[0]->dev.stats.rx_nohandler, 0);
	bondhost_fini(&w);
}

/* ... but on an inactive slave it stays on the slave (RX_PASS, not
 * RX_EXACT): the slave has no stack above it, so its rx_dropped. */
Test(rx_chain, link_local_groups_on_an_inactive_slave_stay_on_the_slave)
{
	struct bondhost w;
	struct slave *backup;

	bondhost_init(&w, "active-backup");
	backup = bond_slave(w.b, 1);
	cr_assert(backup->inactive);
	netdev_rx(backup->dev, slow_frame(w.sim));
	cr_assert_eq(backup->dev->stats.rx_dropped, 1);
	cr_assert_eq(backup->dev->drops[DROP_NO_HANDLER], 1);
	cr_assert_eq(backup->dev->stats.rx_nohandler, 0, "not an exact-match drop");
	cr_assert_eq(bond_slave_rx_dropped_inactive(backup), 0);
	cr_assert_eq(w.b->dev.drops[DROP_UNKNOWN_ETHERTYPE], 0, "the bond never had it");
	cr_assert_eq(w.h->ip_stats.rx_unknown_ethertype, 0);
	/* the bond's line folds the slave's drop, nothing of its own */
	cr_assert_eq(w.b->dev.stats.rx_dropped, 1);
	bondhost_fini(&w);
}

/* A slow-protocols frame to @dst with subtype @subtype, @len (>= 15) bytes
 * in all, every one of them in data[] (zeros after the subtype). */
static struct frame *slow_frame_to(struct sim *sim, const uint8_t dst[6], uint8_t subtype,
				   uint32_t len)
{
	struct frame *f = frame_alloc(&sim->pool);
	uint8_t *p = frame_put(f, len);

	memset(p, 0, len);
	memcpy(p, dst, 6);
	memcpy(p + 6, mac_peer, 6);
	p[12] = 0x88;
	p[13] = 0x09;
	p[14] = subtype;
	return f;
}

/*
 * bond_3ad_lacpdu_recv(): the 802.3ad bond consumes only 0x8809 to
 * 01:80:c2:00:00:02 with a whole LACPDU (110 bytes after the 14 of the
 * Ethernet header) of subtype LACP or Marker; the rest goes on through
 * bond_handle_frame(): on the inactive slave it stays there (link-local),
 * on an active one it reaches the bond's stack, which has no handler.
 */
Test(rx_chain, the_8023ad_bond_consumes_only_whole_lacpdus_and_markers)
{
	static const uint8_t lldp_mac[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e };
	struct bondhost w;
	struct slave *s;
	const struct lacp_port *lp;

	bondhost_init(&w, "802.3ad");
	s = bond_slave(w.b, 0);
	lp = bond_3ad_port(w.b, s);
	cr_assert_not_null(lp);
	cr_assert(s->inactive, "no partner yet: not distributing");

	netdev_rx(s->dev, slow_frame_to(w.sim, mac_slow, 1, 124));
	netdev_rx(s->dev, slow_frame_to(w.sim, mac_slow, 2, 124));
	cr_assert_eq(s->dev->stats.rx_dropped, 0, "both taken by the bond");

	netdev_rx(s->dev, slow_frame_to(w.sim, mac_slow, 1, 123));	/* 109 after the header */
	cr_assert_eq(lp->pdu_errors[LACP_PDU_SHORT], 1, "lacpdu_illegal_rx");
	netdev_rx(s->dev, slow_frame_to(w.sim, mac_slow, 3, 124));	/* OAM */
	cr_assert_eq(lp->pdu_errors[LACP_PDU_SUBTYPE], 1, "lacpdu_unknown_rx");
	netdev_rx(s->dev, slow_frame_to(w.sim, lldp_mac, 1, 124));
	cr_assert_eq(s->dev->stats.rx_dropped, 3, "the three passed on, kept by the inactive slave");
	cr_assert_eq(s->dev->drops[DROP_NO_HANDLER], 3);
	cr_assert_eq(w.h->ip_stats.rx_unknown_ethertype, 0);

	/* distributing: what the bond does not take goes up to its stack */
	bond_set_slave_active_flags(s);
	netdev_rx(s->dev, slow_frame_to(w.sim, mac_slow, 1, 100));
	cr_assert_eq(lp->pdu_errors[LACP_PDU_SHORT], 2);
	cr_assert_eq(w.h->ip_stats.rx_unknown_ethertype, 1);
	cr_assert_eq(w.b->dev.drops[DROP_UNKNOWN_ETHERTYPE], 1);
	cr_assert_eq(w.b->dev.stats.rx_dropped, 4, "the slave's three and its own one");
	netdev_rx(s->dev, slow_frame_to(w.sim, mac_slow, 1, 124));
	cr_assert_eq(w.b->dev.stats.rx_dropped, 4, "a whole LACPDU is still the bond's");
	bondhost_fini(&w);
}

/*
 * A VLAN-tagged LACPDU: Linux untags before the rx handler, so the bond
 * takes it and reads it from after the tag.
 */
Test(rx_chain, the_8023ad_bond_reads_a_tagged_lacpdu_after_its_tag)
{
	static const uint8_t peer_sys[6] = { 0x02, 0xaa, 0, 0, 0, 0x07 };
	struct lacpdu pdu = {
		.actor = { .system_priority = 65535, .key = 9, .port_priority = 255, .port = 3,
			   .state = LACP_STATE_ACTIVITY | LACP_STATE_AGGREGATION },
	};
	struct bondhost w;
	struct slave *s;
	const struct lacp_port *lp;
	struct frame *f;
	uint8_t *p;

	bondhost_init(&w, "802.3ad");
	s = bond_slave(w.b, 0);
	lp = bond_3ad_port(w.b, s);
	sim_run(w.sim, SIM_S);	/* the port enabled: its Receive machine takes PDUs */
	memcpy(pdu.actor.system, peer_sys, 6);
	f = frame_alloc(&w.sim->pool);
	p = frame_put(f, 18 + WIRE_SLOW_PDU_LEN);
	memcpy(p, mac_slow, 6);
	memcpy(p + 6, mac_peer, 6);
	wire_wr16(p + 12, WIRE_ETH_P_8021Q);
	wire_wr16(p + 14, 10);
	wire_wr16(p + 16, WIRE_ETH_P_SLOW);
	lacp_pdu_write(p + 18, &pdu);
	netdev_rx(s->dev, f);
	cr_assert_eq(lp->lacpdu_rx, 1);
	for (int e = 1; e < LACP_PDU_N_ERRORS; e++)
		cr_assert_eq(lp->pdu_errors[e], 0, "error %d", e);
	cr_assert_arr_eq(lp->partner_oper.system, peer_sys, 6);
	cr_assert_eq(lp->partner_oper.key, 9);
	cr_assert_eq(lp->partner_oper.port, 3);
	bondhost_fini(&w);
}

Test(rx_chain, a_device_refuses_a_second_owner)
{
	struct sim *sim = sim_new(1);
	struct bond_params p;
	struct bond *b1, *b2;
	struct sw *sw = sw_new(sim, "sw1", NULL);
	struct nic *port = sw_add_port(sw, "Gi0/1");
	const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 1 };
	struct nic *n = nic_new(sim, "h", "eth0", mac, 0);
	struct host *h1 = host_new(sim, "h1"), *h2 = host_new(sim, "h2");
	GError *err = NULL;

	bond_params_init(&p);
	cr_assert(bond_params_finalize(&p, NULL, NULL));
	b1 = bond_new(sim, "h", "bond0", &p, NULL);
	b2 = bond_new(sim, "h", "bond1", &p, NULL);
	cr_assert(bond_enslave(b1, &n->dev, NULL));
	cr_assert_not(bond_enslave(b2, &n->dev, &err));
	cr_assert_str_eq(err->message, "eth0 is already a slave of bond0");
	g_clear_error(&err);
	/* A switch port belongs to its switch: a bond cannot take it over. */
	cr_assert_not(bond_enslave(b2, &port->dev, &err));
	cr_assert_str_eq(err->message, "Gi0/1 already has a master; bond1 cannot take it");
	g_clear_error(&err);
	cr_assert_eq(b2->slaves->len, 0, "nothing half-enslaved");
	/* One upper layer per device. */
	cr_assert_not_null(host_add_if(h1, &b1->dev, IP4(10, 0, 0, 1), 24));
	cr_assert_null(host_add_if(h2, &b1->dev, IP4(10, 0, 0, 2), 24));
	cr_assert_eq(h2->ifs->len, 0);
	cr_assert(!netdev_upper_register(&b1->dev, &(struct netdev_upper){ .owner = h2 }, &err));
	cr_assert_str_eq(err->message, "bond0 already has an upper layer");
	g_clear_error(&err);
	host_free(h1);
	host_free(h2);
	bond_free(b1);
	bond_free(b2);
	nic_free(n);
	sw_free(sw);
	sim_free(sim);
}

Test(rx_chain, context_is_filled_once_at_the_nic)
{
	struct sim *sim = sim_new(1);
	const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 1 };
	const uint8_t other[6] = { 0x02, 0, 0, 0, 0, 2 };
	struct nic *n = nic_new(sim, "h", "eth0", mac, 0);
	struct frame *f = frame_alloc(&sim->pool);
	uint8_t *p = frame_put(f, 18 + 20);
	struct rx_ctx ctx;

	memcpy(p, mac, 6);
	memcpy(p + 6, other, 6);
	p[12] = 0x81;	/* 802.1Q, PCP 5, VID 100, then IPv4 */
	p[13] = 0x00;
	p[14] = 0xa0;
	p[15] = 100;
	p[16] = 0x08;
	p[17] = 0x00;
	netdev_rx_ctx_fill(&n->dev, f, &ctx);
	cr_assert_eq(ctx.pkt_type, PACKET_HOST);
	cr_assert(ctx.vlan_tagged);
	cr_assert_eq(ctx.vlan_id, 100);
	cr_assert_eq(ctx.ethertype, 0x0800);
	cr_assert_eq(ctx.l2_len, 18);
	cr_assert_eq(ctx.orig_dev, &n->dev);
	memcpy(p, other, 6);
	netdev_rx_ctx_fill(&n->dev, f, &ctx);
	cr_assert_eq(ctx.pkt_type, PACKET_OTHERHOST);
	memcpy(p, mac_broadcast, 6);
	netdev_rx_ctx_fill(&n->dev, f, &ctx);
	cr_assert_eq(ctx.pkt_type, PACKET_BROADCAST);
	memcpy(p, mac_slow, 6);
	netdev_rx_ctx_fill(&n->dev, f, &ctx);
	cr_assert_eq(ctx.pkt_type, PACKET_MULTICAST);
	/* Truncated: no ethertype, and nothing read past the bytes there are. */
	f->hdr_len = 10;
	netdev_rx_ctx_fill(&n->dev, f, &ctx);
	cr_assert_eq(ctx.ethertype, 0);
	cr_assert_eq(ctx.l2_len, 10);
	frame_unref(f);
	nic_free(n);
	sim_free(sim);
}

/* ---- switch port hook --------------------------------------------------------- */

struct hook_count {
	int seen, taken;
};

static enum rx_verdict take_slow(void *arg, struct nic *port, struct frame *f,
				 const struct rx_ctx *ctx)
{
	struct hook_count *c = arg;

	(void)port;
	c->seen++;
	if (ctx->ethertype != 0x8809)
		return RX_PASS;
	c->taken++;
	frame_unref(f);
	return RX_CONSUMED;
}

Test(rx_chain, switch_port_hook_sees_frames_before_the_bridge)
{
	struct sim *sim = sim_new(1);
	struct sw *sw = sw_new(sim, "sw1", NULL);
	struct nic *p1 = sw_add_port(sw, "Gi0/1"), *p2 = sw_add_port(sw, "Gi0/2");
	struct nic *h1 = nic_new(sim, "h1", "eth0", mac_peer, 0);
	const uint8_t mac2[6] = { 0x02, 0, 0, 0, 0, 0x42 };
	struct nic *h2 = nic_new(sim, "h2", "eth0", mac2, 0);
	struct link *l1 = link_new(sim, "l1", &h1->dev, &p1->dev, 1000000000ULL, SIM_US);
	struct link *l2 = link_new(sim, "l2", &h2->dev, &p2->dev, 1000000000ULL, SIM_US);
	struct hook_count c = { 0 };

	sw_port_set_rx_hook(sw, p1, take_slow, &c);
	netdev_xmit(&h1->dev, slow_frame(sim));
	sim_run(sim, SIM_MS);
	cr_assert_eq(c.taken, 1);
	cr_assert_eq(sw_fdb_count(sw), 0, "the bridge never learnt the sender");
	cr_assert_eq(h2->dev.stats.rx_packets, 0, "nor flooded it");
	/* Anything else passes on to the bridge and is flooded. */
	netdev_xmit(&h1->dev, arp_request(sim));
	sim_run(sim, 2 * SIM_MS);
	cr_assert_eq(c.seen, 2);
	cr_assert_eq(sw_fdb_count(sw), 1);
	cr_assert_eq(h2->dev.stats.rx_packets, 1);
	link_free(l1);
	link_free(l2);
	sw_free(sw);
	nic_free(h1);
	nic_free(h2);
	cr_assert_eq(sim->pool.live, 0);
	sim_free(sim);
}

/* ---- notifiers ---------------------------------------------------------------- */

/*
 * server: bond0 (active-backup, miimon=100) over eth0 -> sw1 Gi0/1 and
 * eth1 -> Gi0/2; client on Gi0/3.  No loader: the host must send its
 * gratuitous ARP itself when the bond asks it to notify peers.
 */
Test(notifier, a_world_built_in_c_sends_the_gratuitous_arp_after_failover)
{
	struct sim *sim = sim_new(1);
	struct sw *sw = sw_new(sim, "sw1", NULL);
	struct host *server = host_new(sim, "server"), *client = host_new(sim, "client");
	struct nic *eth[2], *ceth, *port[3];
	struct link *link[3];
	struct bond_params p;
	struct bond *b;
	GError *err = NULL;

	bond_params_init(&p);
	cr_assert(bond_opt_set(&p, "mode", "active-backup", &err));
	cr_assert(bond_opt_set(&p, "miimon", "100", &err));
	cr_assert(bond_params_finalize(&p, NULL, &err));
	b = bond_new(sim, "server", "bond0", &p, host_log(server));
	for (int i = 0; i < 3; i++) {
		char pn[8];

		g_snprintf(pn, sizeof(pn), "Gi0/%d", i + 1);
		port[i] = sw_add_port(sw, pn);
	}
	for (int i = 0; i < 2; i++) {
		const uint8_t mac[6] = { 0x02, 0, 0, 0, 1, (uint8_t)(i + 1) };
		char name[8];

		g_snprintf(name, sizeof(name), "eth%d", i);
		eth[i] = nic_new(sim, "server", name, mac, 0);
		link[i] = link_new(sim, name, &eth[i]->dev, &port[i]->dev, 1000000000ULL, SIM_US);
		cr_assert(bond_enslave(b, &eth[i]->dev, &err));
	}
	ceth = nic_new(sim, "client", "eth0", mac_peer, 0);
	link[2] = link_new(sim, "c", &ceth->dev, &port[2]->dev, 1000000000ULL, SIM_US);
	cr_assert_not_null(host_add_if(server, &b->dev, IP4(10, 0, 0, 1), 24));
	cr_assert_not_null(host_add_if(client, &ceth->dev, IP4(10, 0, 0, 2), 24));
	bond_open(b);

	sim_run(sim, 1 * SIM_S);
	cr_assert_eq(b->curr_active, bond_slave(b, 0));
	cr_assert_eq(server->arp_stats.gratuitous_sent, 0);
	link_set_up(link[0], false);	/* pull eth0's cable at 1 s */
	sim_run(sim, 2 * SIM_S);
	cr_assert_eq(b->curr_active, bond_slave(b, 1));
	cr_assert_eq(b->peer_notifications, 1);
	cr_assert_eq(server->arp_stats.gratuitous_sent, 1, "num_grat_arp=1: one GARP");
	cr_assert_eq(client->arp_stats.gratuitous_received, 1, "and the client heard it");
	cr_assert_str_eq(sw_fdb_port(sw, eth[0]->dev.mac), "Gi0/2",
			 "the switch learnt the bond's MAC on the new active slave");
	for (int i = 0; i < 3; i++)
		link_free(link[i]);
	host_free(server);
	host_free(client);
	bond_free(b);
	for (int i = 0; i < 2; i++)
		nic_free(eth[i]);
	nic_free(ceth);
	sw_free(sw);
	cr_assert_eq(sim->pool.live, 0);
	sim_free(sim);
}

struct seen_events {
	enum netdev_event ev[16];
	int n;
};

static void record_event(void *owner, struct netdev *dev, enum netdev_event ev, const void *info)
{
	struct seen_events *s = owner;

	(void)dev;
	(void)info;
	if (s->n < 16)
		s->ev[s->n++] = ev;
}

Test(notifier, subscribers_run_in_order_and_unsubscribe)
{
	struct sim *sim = sim_new(1);
	const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 1 };
	const uint8_t mac2[6] = { 0x02, 0, 0, 0, 0, 2 };
	struct nic *n = nic_new(sim, "h", "eth0", mac, 0);
	struct seen_events a = { 0 }, b = { 0 };

	netdev_notifier_register(&n->dev, record_event, &a);
	netdev_notifier_register(&n->dev, record_event, &b);
	netdev_set_carrier(&n->dev, true);
	netdev_set_carrier(&n->dev, true);	/* no change, no event */
	netdev_set_mac(&n->dev, mac2);
	netdev_notifier_unregister(&n->dev, &a);
	netdev_set_carrier(&n->dev, false);
	cr_assert_eq(a.n, 2);
	cr_assert_eq(a.ev[0], NETDEV_CHANGE);
	cr_assert_eq(a.ev[1], NETDEV_CHANGEADDR);
	cr_assert_eq(b.n, 3);
	cr_assert_eq(b.ev[2], NETDEV_CHANGE);
	cr_assert_str_eq(netdev_event_names[NETDEV_NOTIFY_PEERS], "NETDEV_NOTIFY_PEERS");
	nic_free(n);
	sim_free(sim);
}

/*
 * A host is one kernel: net_ratelimit() is one state for all its devices
 * (10 messages in 5 s, shared), and a device with no host keeps its own.
 */
Test(kernel_state, net_ratelimit_is_the_hosts_and_shared_by_its_devices)
{
	struct sim *sim = sim_new(1);
	struct host *h = host_new(sim, "h");
	struct nic *a = nic_new(sim, "h", "eth0", mac_peer, 100);
	struct nic *b = nic_new(sim, "h", "eth1", mac_peer, 100);
	struct nic *alone = nic_new(sim, "x", "eth0", mac_peer, 100);
	struct net_ratelimit own = { 0 }, alone_own = { 0 };
	int allowed = 0, suppressed = -1;

	host_add_if(h, &a->dev, IP4(10, 0, 0, 1), 24);
	host_add_if(h, &b->dev, IP4(10, 0, 1, 1), 24);
	/* seven messages about each device in one second: ten pass */
	for (int i = 0; i < 7; i++) {
		allowed += netdev_net_ratelimit(&a->dev, &own, SIM_MS * (1 + i), &suppressed);
		allowed += netdev_net_ratelimit(&b->dev, &own, SIM_MS * (1 + i), &suppressed);
	}
	cr_assert_eq(allowed, 10);
	cr_assert_eq(suppressed, 0);
	cr_assert_eq(own.begin, 0, "the host's state is used, not the caller's");
	/* 5 s after the window opened: the four held back are reported once */
	cr_assert(netdev_net_ratelimit(&b->dev, &own, SIM_MS + 5 * SIM_S, &suppressed));
	cr_assert_eq(suppressed, 4);
	cr_assert(netdev_net_ratelimit(&a->dev, &own, SIM_MS + 5 * SIM_S, &suppressed));
	cr_assert_eq(suppressed, 0);
	/* no host above: the caller's own state, ten of its own */
	allowed = 0;
	for (int i = 0; i < 12; i++)
		allowed += netdev_net_ratelimit(&alone->dev, &alone_own, SIM_MS, &suppressed);
	cr_assert_eq(allowed, 10);
	cr_assert_eq(alone_own.missed, 2);
	nic_free(alone);
	host_free(h);
	nic_free(a);
	nic_free(b);
	sim_free(sim);
}
