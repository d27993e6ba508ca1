/*
 * udp.c - UDP datagrams and bound ports.
 *
 * DOC: A port is bound by one receiver (a flow's sink, a test); datagrams to
 * an unbound port are counted and dropped.  Received datagrams are checked
 * as the kernel checks them (length field, and the checksum when it is not
 * 0) and the receiver's callback borrows the frame, reading its meta for
 * measurements.  Outgoing checksums are computed by ip_output() over the
 * pseudo-header, header and zero payload, so captures show them as correct.
 *
 * The first port bound lives in struct host itself (udp_first), next to
 * what every packet reads: most hosts bind one; the others are in an itab.
 *
 * Deviation: no ICMP port-unreachable is sent for an unbound port (Linux
 * sends one, rate-limited); nothing in bondsim listens for it.
 */
#include "host.h"

/* The socket bound to @port, or NULL: udp_first, then the table. */
static struct udp_sock *sock_lookup(const struct host *h, uint16_t port)
{
	if (h->udp_first.fn && h->udp_first_port == port)
		return (struct udp_sock *)&h->udp_first;
	return itab_lookup(&h->udp_socks, port);
}

bool udp_bind(struct host *h, uint16_t port, udp_rx_fn fn, void *owner)
{
	struct udp_sock *s;

	if (udp_port_bound(h, port))
		return false;
	if (!h->udp_first.fn) {
		h->udp_first_port = port;
		s = &h->udp_first;
	} else {
		s = g_new(struct udp_sock, 1);
		itab_insert(&h->udp_socks, port, s);
	}
	s->fn = fn;
	s->owner = owner;
	return true;
}

void udp_unbind(struct host *h, uint16_t port)
{
	if (h->udp_first.fn && h->udp_first_port == port)
		h->udp_first = (struct udp_sock){ NULL, NULL };
	else
		g_free(itab_remove(&h->udp_socks, port));
}

bool udp_port_bound(const struct host *h, uint16_t port)
{
	return sock_lookup(h, port) != NULL;
}

void udp_send(struct host *h, uint16_t sport, uint32_t dst, uint16_t dport, uint32_t payload,
	      const struct frame_meta *meta)
{
	struct frame *f;
	uint8_t *p;

	/* 65535 - 20 (IPv4) - 8 (UDP): the largest datagram without options. */
	g_assert(payload <= 65507);
	f = ip_frame_alloc(h);
	p = frame_put(f, WIRE_UDP_HLEN);
	wire_wr16(p, sport);
	wire_wr16(p + 2, dport);
	wire_wr16(p + WIRE_UDP_OFF_LEN, (uint16_t)(WIRE_UDP_HLEN + payload));
	wire_wr16(p + WIRE_UDP_OFF_CSUM, 0);	/* filled in by ip_output() */
	f->len = WIRE_ETH_HLEN + WIRE_IPV4_HLEN + WIRE_UDP_HLEN + payload;
	if (meta)
		f->meta = *meta;
	h->ip_stats.udp_tx++;
	ip_output(h, dst, WIRE_IPPROTO_UDP, f);
}

void udp_input(struct host *h, struct frame *f, const struct ip_rx_info *info)
{
	struct ip_stats *st = &h->ip_stats;
	const struct wire_pkt *pkt = info->pkt;
	const uint8_t *p = f->data + info->l4_off;
	struct udp_rx_info ui = { .ifc = info->ifc, .src = info->src, .dst = info->dst };
	struct udp_sock *s;
	uint32_t ulen;

	if (info->l4_len < WIRE_UDP_HLEN || !(pkt->flags & WIRE_PKT_UDP)) {
		st->bad_header++;
		netdev_drop(info->ifc->dev, f, DROP_IP_BAD_HEADER);
		return;
	}
	ulen = pkt->udp_len;
	if (ulen < WIRE_UDP_HLEN || ulen > info->l4_len) {
		st->bad_header++;
		netdev_drop(info->ifc->dev, f, DROP_IP_BAD_HEADER);
		return;
	}
	if (wire_rd16(p + WIRE_UDP_OFF_CSUM) != 0) {	/* 0: sent without a checksum */
		uint32_t have = f->hdr_len - info->l4_off;
		uint32_t sum = wire_csum_pseudo(info->src, info->dst, WIRE_IPPROTO_UDP, ulen);

		/* the header alone, usually: bondsim carries no payload bytes */
		if (wire_csum_fold(wire_csum_add_usual(sum, p, have < ulen ? have : ulen,
						       WIRE_UDP_HLEN)) != 0) {
			st->udp_bad_checksum++;
			netdev_drop(info->ifc->dev, f, DROP_UDP_CSUM);
			return;
		}
	}
	/* from the header, not the dissector's two 2-byte fields, which the
	 * compiler would copy as one 4-byte load stalled on their stores */
	ui.sport = wire_rd16(p);
	ui.dport = wire_rd16(p + 2);
	ui.payload = ulen - WIRE_UDP_HLEN;
	s = sock_lookup(h, ui.dport);
	if (!s) {
		st->udp_no_port++;
		netdev_drop(info->ifc->dev, f, DROP_NO_SOCKET);
		return;
	}
	st->udp_rx++;
	s->fn(s->owner, &ui, f);
	frame_consume(h->sim, f);
}
