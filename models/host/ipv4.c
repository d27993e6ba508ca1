/*
 * ipv4.c - IPv4 on-link delivery and ICMP echo.
 *
 * DOC: A destination in an interface's subnet (the longest prefix wins) is
 * sent there through ARP; one behind a static route goes to its gateway
 * (route.c, which also forwards when the host is a router); anything else
 * is counted as "no route" and dropped.
 * The limited broadcast and an interface's subnet broadcast go to
 * ff:ff:ff:ff:ff:ff without ARP.
 *
 * Headers are real and Wireshark-clean: version 4, IHL 5, TOS 0, TTL 64, a
 * correct header checksum, and the UDP/TCP checksum over the pseudo-header,
 * the transport header and the (zero) payload.  Choices, as Linux does by
 * default (ip_no_pmtu_disc = 0): DF is set on everything the host sends
 * except ICMP echo replies, which the kernel's ICMP socket sends with
 * IP_PMTUDISC_DONT.  The identification is one counter per host, incremented
 * for every packet (Linux uses 0 or per-socket counters for DF datagrams and
 * a hashed per-destination counter otherwise; nothing here depends on it,
 * and a plain counter reads better in a capture).
 *
 * Received packets are checked (version, IHL, lengths, header checksum) and
 * delivered when the destination is one of the host's addresses on any
 * interface (Linux's weak host model) or a broadcast of the receiving
 * interface.  Fragments are not reassembled: the host never sends any.
 *
 * ICMP: echo requests are answered from the address they were sent to, the
 * reply echoing the request's bytes and length.  Because real ping keeps its
 * send timestamp in the payload, which bondsim does not carry, the reply
 * copies the request's frame meta instead: that is what lets a ping measure
 * RTT without keeping per-sequence state.  Echo requests to a broadcast
 * address are ignored (icmp_echo_ignore_broadcasts = 1).
 */
#include "host.h"


struct echo_sock {
	icmp_echo_fn fn;
	void *owner;
};

/* The real header bytes of the transport part; the rest of it is zeros. */
static size_t l4_real(const struct frame *f, uint32_t l4_off, uint32_t l4_len)
{
	size_t have = f->hdr_len > l4_off ? f->hdr_len - l4_off : 0;

	return have < l4_len ? have : l4_len;
}

struct host_if *ip_route(const struct host *h, uint32_t dst)
{
	struct host_if *best = NULL;

	for (guint i = 0; i < h->ifs->len; i++) {
		struct host_if *ifc = g_ptr_array_index(h->ifs, i);

		if ((dst & ifc->mask) != (ifc->ip & ifc->mask))
			continue;
		if (!best || ifc->prefix_len > best->prefix_len)
			best = ifc;
	}
	if (!best && dst == 0xffffffffu && h->ifs->len)
		best = g_ptr_array_index(h->ifs, 0);
	return best;
}

static bool is_broadcast(const struct host_if *ifc, uint32_t dst)
{
	if (dst == 0xffffffffu)
		return true;
	/* /31 and /32 have no broadcast address (RFC 3021). */
	return ifc->prefix_len < 31 && (dst & ifc->mask) == (ifc->ip & ifc->mask) &&
	       (dst | ifc->mask) == 0xffffffffu;
}

struct frame *ip_frame_alloc(struct host *h)
{
	struct frame *f = frame_alloc(&h->sim->pool);
	uint8_t *p = frame_put(f, WIRE_ETH_HLEN + WIRE_IPV4_HLEN);

	/* MACs are written when the next hop is known (host_if_xmit). */
	memset(p, 0, WIRE_ETH_HLEN + WIRE_IPV4_HLEN);
	wire_wr16(p + WIRE_ETH_OFF_TYPE, WIRE_ETH_P_IP);
	return f;
}

/* The UDP (offset 6) or TCP (offset 16) checksum, as offload would fill it. */
static void l4_checksum(struct frame *f, uint32_t src, uint32_t dst, uint8_t proto,
			uint32_t l4_len)
{
	const uint32_t off = WIRE_ETH_HLEN + WIRE_IPV4_HLEN;
	size_t at = proto == WIRE_IPPROTO_UDP ? WIRE_UDP_OFF_CSUM : WIRE_TCP_OFF_CSUM;
	uint8_t *l4 = f->data + off;
	size_t n = l4_real(f, off, l4_len);
	uint32_t sum;
	uint16_t c;

	if (n < at + 2)
		return;		/* no transport header to fill in */
	wire_wr16(l4 + at, 0);
	sum = wire_csum_pseudo(src, dst, proto, l4_len);
	/*
	 * Word by word: the sender has just written these bytes in 2- and
	 * 4-byte stores, and the 8-byte loads of wire_csum_add() would wait
	 * for them to reach the cache (a store-forwarding stall: half of
	 * output()'s time in W3).
	 */
	sum = wire_csum_add_words(sum, l4, n);
	c = wire_csum_fold(sum);
	/* RFC 768: a computed 0 is sent as all ones; 0 means "no checksum". */
	if (c == 0 && proto == WIRE_IPPROTO_UDP)
		c = 0xffff;
	wire_wr16(l4 + at, c);
}

/*
 * The checksum of the header output() writes (version 4, IHL 5, TOS 0, TTL
 * HOST_IP_TTL), summed from its fields instead of read back from the bytes:
 * the same words, so the same sum.
 */
static uint16_t ipv4_hdr_csum(uint32_t total, uint16_t id, uint16_t frag, uint8_t proto,
			      uint32_t src, uint32_t dst)
{
	uint32_t sum = 0x4500 + total + id + frag + (HOST_IP_TTL << 8 | proto) + (src >> 16) +
		       (src & 0xffff) + (dst >> 16) + (dst & 0xffff);

	return wire_csum_fold(sum);
}

/* @src 0: the outgoing interface's address.  @frag: DF or 0. */
static void output(struct host *h, uint32_t src, uint32_t dst, uint8_t proto, struct frame *f,
		   uint16_t frag)
{
	uint32_t nexthop;
	struct host_if *ifc = ip_route_nexthop(h, dst, &nexthop);
	uint8_t *iph;
	uint32_t total;
	uint16_t id;

	g_assert(f->hdr_len >= WIRE_ETH_HLEN + WIRE_IPV4_HLEN);
	if (!ifc) {
		h->ip_stats.no_route++;
		drop_frame(h->sim, f, DROP_NO_ROUTE, h->name);
		return;
	}
	if (!src)
		src = ifc->ip;
	/* A sender that keeps the frame (TCP, for retransmission) keeps it unwritten. */
	f = frame_make_writable(f);
	iph = f->data + WIRE_ETH_HLEN;
	total = f->len - WIRE_ETH_HLEN;
	g_assert(total <= 0xffff);
	id = h->ip_id++;
	iph[0] = 0x45;
	iph[1] = 0;
	wire_wr16(iph + WIRE_IPV4_OFF_TOT_LEN, (uint16_t)total);
	wire_wr16(iph + WIRE_IPV4_OFF_ID, id);
	wire_wr16(iph + WIRE_IPV4_OFF_FRAG, frag);
	iph[WIRE_IPV4_OFF_TTL] = HOST_IP_TTL;
	iph[WIRE_IPV4_OFF_PROTO] = proto;
	wire_wr32(iph + WIRE_IPV4_OFF_SRC, src);
	wire_wr32(iph + WIRE_IPV4_OFF_DST, dst);
	wire_wr16(iph + WIRE_IPV4_OFF_CSUM, ipv4_hdr_csum(total, id, frag, proto, src, dst));
	if (proto == WIRE_IPPROTO_UDP || proto == WIRE_IPPROTO_TCP)
		l4_checksum(f, src, dst, proto, total - WIRE_IPV4_HLEN);
	h->ip_stats.tx_packets++;
	if (is_broadcast(ifc, dst))
		host_if_xmit(ifc, mac_broadcast, f);
	else
		arp_output(ifc, nexthop, f);
}

void ip_output(struct host *h, uint32_t dst, uint8_t proto, struct frame *f)
{
	output(h, 0, dst, proto, f, WIRE_IP_DF);
}

/* @proto's slot, else NULL. */
static struct host_proto *proto_slot(struct host *h, uint8_t proto)
{
	for (size_t i = 0; i < G_N_ELEMENTS(h->protos); i++)
		if (h->protos[i].fn && h->protos[i].proto == proto)
			return &h->protos[i];
	return NULL;
}

void ip_set_proto_handler(struct host *h, uint8_t proto, ip_proto_fn fn, void *owner)
{
	struct host_proto *slot = proto_slot(h, proto);

	g_assert(proto != WIRE_IPPROTO_ICMP && proto != WIRE_IPPROTO_UDP);
	for (size_t i = 0; !slot && fn && i < G_N_ELEMENTS(h->protos); i++)
		if (!h->protos[i].fn)
			slot = &h->protos[i];
	g_assert(slot || !fn);	/* more protocols than slots: give host->protos[] more */
	if (slot)
		*slot = (struct host_proto){ fn, owner, proto };
}

static void icmp_fill_checksum(struct frame *f, uint32_t l4_len)
{
	const uint32_t off = WIRE_ETH_HLEN + WIRE_IPV4_HLEN;
	uint8_t *icmp = f->data + off;

	wire_wr16(icmp + WIRE_ICMP_OFF_CSUM, 0);
	wire_wr16(icmp + WIRE_ICMP_OFF_CSUM,
		  wire_csum_fold(wire_csum_add(0, icmp, l4_real(f, off, l4_len))));
}

void icmp_send_echo(struct host *h, uint32_t dst, uint16_t id, uint16_t seq, uint32_t payload,
		    const struct frame_meta *meta)
{
	struct frame *f = ip_frame_alloc(h);
	uint8_t *p = frame_put(f, WIRE_ICMP_HLEN);

	p[0] = WIRE_ICMP_ECHO;
	p[1] = 0;
	wire_wr16(p + WIRE_ICMP_OFF_ID, id);
	wire_wr16(p + WIRE_ICMP_OFF_SEQ, seq);
	f->len = WIRE_ETH_HLEN + WIRE_IPV4_HLEN + WIRE_ICMP_HLEN + payload;
	icmp_fill_checksum(f, WIRE_ICMP_HLEN + payload);
	if (meta)
		f->meta = *meta;
	h->ip_stats.echo_requests_sent++;
	output(h, 0, dst, WIRE_IPPROTO_ICMP, f, WIRE_IP_DF);
}

bool icmp_bind_echo(struct host *h, uint16_t id, icmp_echo_fn fn, void *owner)
{
	struct echo_sock *s;

	if (g_hash_table_contains(h->echo_socks, GUINT_TO_POINTER(id)))
		return false;
	s = g_new(struct echo_sock, 1);
	s->fn = fn;
	s->owner = owner;
	g_hash_table_insert(h->echo_socks, GUINT_TO_POINTER(id), s);
	return true;
}

void icmp_unbind_echo(struct host *h, uint16_t id)
{
	g_hash_table_remove(h->echo_socks, GUINT_TO_POINTER(id));
}

static void echo_reply(struct host *h, const struct frame *req, const struct ip_rx_info *info)
{
	struct frame *f = ip_frame_alloc(h);
	size_t n = l4_real(req, info->l4_off, info->l4_len);
	uint8_t *p = frame_put(f, (uint16_t)n);

	/* icmp_echo(): the reply is the request with type 0. */
	memcpy(p, req->data + info->l4_off, n);
	p[0] = WIRE_ICMP_ECHOREPLY;
	p[1] = 0;
	f->len = WIRE_ETH_HLEN + WIRE_IPV4_HLEN + info->l4_len;
	icmp_fill_checksum(f, info->l4_len);
	f->meta = req->meta;
	/* The reply carries the ping's packet on: one more copy of it, born
	 * before the request is consumed. */
	sim_frame_event(h->sim, f, SIM_FRAME_COPIED, 0, NULL);
	h->ip_stats.echo_replies_sent++;
	output(h, info->dst, info->src, WIRE_IPPROTO_ICMP, f, 0);
}

static void icmp_input(struct host *h, struct frame *f, const struct ip_rx_info *info)
{
	struct ip_stats *st = &h->ip_stats;
	const struct wire_pkt *pkt = info->pkt;

	if (info->l4_len < WIRE_ICMP_HLEN || !(pkt->flags & WIRE_PKT_ICMP) ||
	    wire_csum_fold(wire_csum_add(0, f->data + info->l4_off,
					 l4_real(f, info->l4_off, info->l4_len))) != 0) {
		st->bad_header++;
		netdev_drop(info->ifc->dev, f, DROP_IP_BAD_HEADER);
		return;
	}
	if (pkt->icmp_type == WIRE_ICMP_ECHO && pkt->icmp_code == 0) {
		st->echo_requests_received++;
		if (!is_broadcast(info->ifc, info->dst))
			echo_reply(h, f, info);
	} else if (pkt->icmp_type == WIRE_ICMP_ECHOREPLY && pkt->icmp_code == 0) {
		struct icmp_echo_info ei = {
			.src = info->src,
			.id = pkt->icmp_id,
			.seq = pkt->icmp_seq,
			.payload = info->l4_len - WIRE_ICMP_HLEN,
		};
		struct echo_sock *s = g_hash_table_lookup(h->echo_socks, GUINT_TO_POINTER(ei.id));

		st->echo_replies_received++;
		if (s)
			s->fn(s->owner, &ei, f);
		else
			st->echo_unmatched++;
	}
	frame_consume(h->sim, f);
}

void ip_input(struct host_if *ifc, struct frame *f, const struct rx_ctx *ctx)
{
	struct host *h = ifc->host;
	struct ip_stats *st = &h->ip_stats;
	struct wire_pkt pkt;
	struct ip_rx_info info = { .ifc = ifc, .pkt = &pkt };
	const struct host_proto *ph;

	/* the dissector reads the frame from its first byte; ctx says L2 cast */
	wire_dissect(f->data, f->hdr_len, 0, &pkt);
	if (!(pkt.flags & WIRE_PKT_IPV4_VALID) || pkt.l3_off + pkt.ip_tot_len > f->len)
		goto bad;
	if (wire_csum_fold(wire_csum_add_usual(0, f->data + pkt.l3_off, pkt.ip_hlen,
					       WIRE_IPV4_HLEN)) != 0)
		goto bad;
	if (pkt.flags & WIRE_PKT_FRAG)
		goto bad;	/* never sent here, not reassembled */
	/*
	 * The addresses from the header itself, as the dissector read them:
	 * it stored them as two 4-byte fields, and copying those two as one
	 * 8-byte load (what the compiler makes of it) stalls on the stores.
	 */
	info.src = wire_rd32(f->data + pkt.l3_off + WIRE_IPV4_OFF_SRC);
	info.dst = wire_rd32(f->data + pkt.l3_off + WIRE_IPV4_OFF_DST);
	info.proto = pkt.ip_proto;
	info.l4_off = (uint16_t)pkt.l4_off;
	info.l4_len = (uint32_t)pkt.ip_tot_len - pkt.ip_hlen;
	if (!host_has_ip(h, info.dst) && !is_broadcast(ifc, info.dst)) {
		if (ip_forward(h, ifc, f, &info, ctx->pkt_type))
			return;
		st->not_for_us++;
		netdev_drop(ifc->dev, f, DROP_NOT_FOR_US);
		return;
	}
	st->rx_packets++;
	switch (info.proto) {
	case WIRE_IPPROTO_ICMP:
		icmp_input(h, f, &info);
		return;
	case WIRE_IPPROTO_UDP:
		udp_input(h, f, &info);
		return;
	}
	ph = proto_slot(h, info.proto);
	if (ph) {
		ph->fn(ph->owner, f, &info);
		return;
	}
	st->unknown_proto++;
	netdev_drop(ifc->dev, f, DROP_IP_UNKNOWN_PROTO);
	return;
bad:
	st->bad_header++;
	netdev_drop(ifc->dev, f, DROP_IP_BAD_HEADER);
}
