/*
 * test_route.c - static routes and IPv4 forwarding (models/host/route.c).
 *
 * The world: h1 (10.0.0.1/24) -- r (eth0 10.0.0.254/24, eth1 10.1.0.254/24)
 * -- h3 (10.1.0.3/24), each a NIC and a 1 Gb/s cable.
 */
#include <criterion/criterion.h>
#include <string.h>
#include "host/host.h"
#include "link/link.h"
#include "link/nic.h"

#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

struct routed {
	struct sim *sim;
	struct nic *n1, *r0, *r1, *n3;
	struct link *l1, *l3;
	struct host *h1, *r, *h3;
	uint64_t got;
	uint8_t ttl;		/* of the last datagram h3 took */
	bool csum_ok;
};

static const uint8_t m1[6] = { 2, 0, 0, 0, 0, 1 }, mr0[6] = { 2, 0, 0, 0, 1, 0 },
		     mr1[6] = { 2, 0, 0, 0, 1, 1 }, m3[6] = { 2, 0, 0, 0, 0, 3 };

static void routed_init(struct routed *w)
{
	memset(w, 0, sizeof(*w));
	w->sim = sim_new(1);
	w->n1 = nic_new(w->sim, "h1", "eth0", m1, 0);
	w->r0 = nic_new(w->sim, "r", "eth0", mr0, 0);
	w->r1 = nic_new(w->sim, "r", "eth1", mr1, 0);
	w->n3 = nic_new(w->sim, "h3", "eth0", m3, 0);
	w->l1 = link_new(w->sim, "h1--r", &w->n1->dev, &w->r0->dev, 1000000000, SIM_US);
	w->l3 = link_new(w->sim, "r--h3", &w->r1->dev, &w->n3->dev, 1000000000, SIM_US);
	w->h1 = host_new(w->sim, "h1");
	w->r = host_new(w->sim, "r");
	w->h3 = host_new(w->sim, "h3");
	host_add_if(w->h1, &w->n1->dev, IP4(10, 0, 0, 1), 24);
	host_add_if(w->r, &w->r0->dev, IP4(10, 0, 0, 254), 24);
	host_add_if(w->r, &w->r1->dev, IP4(10, 1, 0, 254), 24);
	host_add_if(w->h3, &w->n3->dev, IP4(10, 1, 0, 3), 24);
	host_add_route(w->h1, 0, 0, IP4(10, 0, 0, 254));
	host_add_route(w->h3, 0, 0, IP4(10, 1, 0, 254));
}

static void routed_fini(struct routed *w)
{
	host_free(w->h3);
	host_free(w->r);
	host_free(w->h1);
	link_free(w->l1);
	link_free(w->l3);
	nic_free(w->n1);
	nic_free(w->r0);
	nic_free(w->r1);
	nic_free(w->n3);
	cr_assert_eq(w->sim->pool.live, 0, "%" G_GUINT64_FORMAT " frames leaked",
		     w->sim->pool.live);
	sim_free(w->sim);
}

static void h3_rx(void *owner, const struct udp_rx_info *info, const struct frame *f)
{
	struct routed *w = owner;
	const uint8_t *iph = f->data + WIRE_ETH_HLEN;

	(void)info;
	w->got++;
	w->ttl = iph[WIRE_IPV4_OFF_TTL];
	w->csum_ok = wire_csum_fold(wire_csum_add(0, iph, WIRE_IPV4_HLEN)) == 0;
}

Test(route, longest_prefix_and_connected_first)
{
	struct routed w;
	uint32_t nh;

	routed_init(&w);
	host_add_route(w.h1, IP4(10, 2, 0, 0), 16, IP4(10, 0, 0, 200));
	host_add_route(w.h1, IP4(10, 2, 7, 0), 24, IP4(10, 0, 0, 201));
	/* a static route as long as the connected subnet loses to it */
	host_add_route(w.h1, IP4(10, 0, 0, 0), 24, IP4(10, 0, 0, 202));
	cr_assert_eq(ip_route_nexthop(w.h1, IP4(10, 0, 0, 9), &nh), host_find_if(w.h1, "eth0"));
	cr_assert_eq(nh, IP4(10, 0, 0, 9));
	cr_assert_not_null(ip_route_nexthop(w.h1, IP4(10, 2, 1, 1), &nh));
	cr_assert_eq(nh, IP4(10, 0, 0, 200));
	cr_assert_not_null(ip_route_nexthop(w.h1, IP4(10, 2, 7, 1), &nh));
	cr_assert_eq(nh, IP4(10, 0, 0, 201));
	cr_assert_not_null(ip_route_nexthop(w.h1, IP4(8, 8, 8, 8), &nh));
	cr_assert_eq(nh, IP4(10, 0, 0, 254));
	/* no default route: off-link is unreachable */
	cr_assert_null(ip_route_nexthop(w.r, IP4(8, 8, 8, 8), &nh));
	routed_fini(&w);
}

Test(route, forwards_with_ttl_lowered_and_checksum_rewritten)
{
	struct routed w;

	routed_init(&w);
	w.r->ip_forward = true;
	cr_assert(udp_bind(w.h3, 5001, h3_rx, &w));
	udp_send(w.h1, 10001, IP4(10, 1, 0, 3), 5001, 100, NULL);
	udp_send(w.h1, 10001, IP4(10, 1, 0, 3), 5001, 100, NULL);
	sim_run(w.sim, SIM_S);
	cr_assert_eq(w.got, 2);
	cr_assert_eq(w.ttl, HOST_IP_TTL - 1);
	cr_assert(w.csum_ok);
	cr_assert_eq(w.r->ip_stats.forwarded, 2);
	/* h1 resolved its gateway, r resolved h3: one request each */
	cr_assert_eq(w.h1->arp_stats.requests_sent, 1);
	cr_assert_eq(w.r->arp_stats.requests_sent, 1);
	cr_assert_not_null(arp_cache_find(w.h1, IP4(10, 0, 0, 254)));
	cr_assert_null(arp_cache_find(w.h1, IP4(10, 1, 0, 3)));
	routed_fini(&w);
}

Test(route, no_forwarding_by_default)
{
	struct routed w;

	routed_init(&w);
	cr_assert(udp_bind(w.h3, 5001, h3_rx, &w));
	udp_send(w.h1, 10001, IP4(10, 1, 0, 3), 5001, 100, NULL);
	sim_run(w.sim, SIM_S);
	cr_assert_eq(w.got, 0);
	cr_assert_eq(w.r->ip_stats.not_for_us, 1);
	cr_assert_eq(w.r->ip_stats.forwarded, 0);
	routed_fini(&w);
}

Test(route, ttl_one_is_not_forwarded)
{
	struct routed w;
	struct frame *f;
	uint8_t *p, *iph;

	routed_init(&w);
	w.r->ip_forward = true;
	cr_assert(udp_bind(w.h3, 5001, h3_rx, &w));
	f = frame_alloc(&w.sim->pool);
	p = frame_put(f, WIRE_ETH_HLEN + WIRE_IPV4_HLEN + WIRE_UDP_HLEN);
	memset(p, 0, WIRE_ETH_HLEN + WIRE_IPV4_HLEN + WIRE_UDP_HLEN);
	memcpy(p, mr0, 6);
	memcpy(p + 6, m1, 6);
	wire_wr16(p + WIRE_ETH_OFF_TYPE, WIRE_ETH_P_IP);
	iph = p + WIRE_ETH_HLEN;
	iph[0] = 0x45;
	wire_wr16(iph + WIRE_IPV4_OFF_TOT_LEN, WIRE_IPV4_HLEN + WIRE_UDP_HLEN);
	iph[WIRE_IPV4_OFF_TTL] = 1;
	iph[WIRE_IPV4_OFF_PROTO] = WIRE_IPPROTO_UDP;
	wire_wr32(iph + WIRE_IPV4_OFF_SRC, IP4(10, 0, 0, 1));
	wire_wr32(iph + WIRE_IPV4_OFF_DST, IP4(10, 1, 0, 3));
	wire_wr16(iph + WIRE_IPV4_OFF_CSUM, wire_csum_fold(wire_csum_add(0, iph, WIRE_IPV4_HLEN)));
	f->len = WIRE_ETH_HLEN + WIRE_IPV4_HLEN + WIRE_UDP_HLEN;
	netdev_rx(&w.r0->dev, f);
	sim_run(w.sim, SIM_S);
	cr_assert_eq(w.r->ip_stats.ttl_exceeded, 1);
	cr_assert_eq(w.r->ip_stats.forwarded, 0);
	cr_assert_eq(w.got, 0);
	cr_assert_eq(w.r0->dev.drops[DROP_TTL_EXCEEDED], 1);
	routed_fini(&w);
}
