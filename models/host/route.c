/*
 * route.c - the routing table and IPv4 forwarding.
 *
 * DOC: A host's routes are its connected subnets (one per interface) plus
 * the static routes of its configuration: "via a gateway" routes, the
 * default route among them (0.0.0.0/0).  Lookup is longest prefix first; a
 * connected subnet wins over a static route of the same length, as the
 * kernel's metric 0 connected routes do over a user's route without a
 * metric.  A gateway must be on a connected subnet (Linux refuses "Nexthop
 * has invalid gateway" otherwise); the loader checks that.
 *
 * Forwarding is net.ipv4.ip_forward: off by default, as in Linux.  With it
 * on, a packet for another address is sent on toward its next hop with the
 * TTL lowered by one and the header checksum rewritten; the frame keeps its
 * meta, so a flow measured end to end stays one flow through a router.
 * Deviations, none of which changes a delivered frame: no ICMP errors (time
 * exceeded, unreachable, redirect) are sent, the packet is counted and
 * dropped instead; no fragmentation (every link here has the same MTU).
 */
#include "host.h"

void host_add_route(struct host *h, uint32_t dst, int prefix_len, uint32_t gw)
{
	uint32_t mask = prefix_len ? ~(uint32_t)0 << (32 - prefix_len) : 0;
	struct host_route r = {
		.dst = dst & mask,
		.mask = mask,
		.prefix_len = prefix_len,
		.gw = gw,
	};

	if (!h->routes)
		h->routes = g_array_new(FALSE, FALSE, sizeof(struct host_route));
	g_array_append_val(h->routes, r);
}

/*
 * ip_route() for a host with one interface (most hosts), read in the
 * host's first cache lines rather than through h->ifs.
 */
static struct host_if *connected(const struct host *h, uint32_t dst)
{
	if (h->n_addr == 1 && (dst & h->if0.mask) == (h->if0.ip & h->if0.mask))
		return (struct host_if *)&h->if0;
	return ip_route(h, dst);
}

struct host_if *ip_route_nexthop(const struct host *h, uint32_t dst, uint32_t *nexthop)
{
	struct host_if *ifc = connected(h, dst);
	const struct host_route *best = NULL;

	*nexthop = dst;
	for (guint i = 0; h->routes && i < h->routes->len; i++) {
		const struct host_route *r = &g_array_index(h->routes, struct host_route, i);

		if ((dst & r->mask) != r->dst)
			continue;
		if (!best || r->prefix_len > best->prefix_len)
			best = r;
	}
	if (!best || (ifc && ifc->prefix_len >= best->prefix_len))
		return ifc;
	*nexthop = best->gw;
	return connected(h, best->gw);
}

bool ip_forward(struct host *h, struct host_if *in, struct frame *f,
		const struct ip_rx_info *info, enum pkt_type pkt_type)
{
	struct ip_stats *st = &h->ip_stats;
	struct host_if *out;
	uint32_t nexthop;
	uint8_t *iph;

	if (!h->ip_forward)
		return false;
	/* Link-layer or IP broadcasts and multicasts are never routed. */
	if (pkt_type != PACKET_HOST || info->dst == 0xffffffffu || (info->dst >> 28) == 0xe)
		return false;
	out = ip_route_nexthop(h, info->dst, &nexthop);
	if (!out) {
		st->no_route++;		/* the host's count, as for its own packets */
		drop_frame(h->sim, f, DROP_NO_ROUTE, h->name);
		return true;
	}
	f = frame_make_writable(f);
	iph = f->data + info->pkt->l3_off;
	if (iph[WIRE_IPV4_OFF_TTL] <= 1) {
		st->ttl_exceeded++;
		netdev_drop(in->dev, f, DROP_TTL_EXCEEDED);
		return true;
	}
	iph[WIRE_IPV4_OFF_TTL]--;
	wire_wr16(iph + WIRE_IPV4_OFF_CSUM, 0);
	wire_wr16(iph + WIRE_IPV4_OFF_CSUM,
		  wire_csum_fold(wire_csum_add(0, iph, info->pkt->ip_hlen)));
	st->forwarded++;
	arp_output(out, nexthop, f);
	return true;
}
