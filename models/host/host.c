/*
 * host.c - a host's interfaces, Ethernet demultiplexing and metrics.
 *
 * DOC: This is the kernel's netif_receive_skb -> eth_type_trans -> ptype
 * dispatch, cut down to what a host with IPv4 needs.  A frame that reaches
 * the host's rx handler is first classified the way eth_type_trans does it
 * (unicast to our MAC, broadcast/multicast, or PACKET_OTHERHOST, which IPv4
 * and ARP drop), then handed to ARP or IPv4 by ethertype.  A tagged frame
 * arrives here untagged through its VLAN device (vlan_dev.h).  An
 * ethertype nobody handles (an LACPDU, an LLDP frame), tagged or not, to
 * us or not, is also the device's rx_dropped, as
 * __netif_receive_skb_core() counts it.
 *
 * Deviations: one IPv4 address per interface; a destination that is one of
 * our own addresses is not looped back (there is no "lo").
 */
#include <stdio.h>
#include "host.h"

bool host_register_ptype(struct host *h, uint16_t ethertype, host_ptype_fn fn)
{
	for (guint i = 0; i < h->n_ptypes; i++)
		if (h->ptypes[i].ethertype == ethertype)
			return false;
	if (h->n_ptypes == G_N_ELEMENTS(h->ptypes))
		return false;
	h->ptypes[h->n_ptypes++] = (struct host_ptype){ ethertype, fn };
	return true;
}

/* The upper layer of an interface's device: the ptype dispatch. */
static void host_rx(void *owner, struct frame *f, const struct rx_ctx *ctx)
{
	struct host_if *ifc = owner;
	struct host *h = ifc->host;

	bool ip_or_arp = ctx->ethertype == WIRE_ETH_P_IP || ctx->ethertype == WIRE_ETH_P_ARP;

	/* IPv4 or ARP under a VID that no VLAN device took: Linux makes it
	 * PACKET_OTHERHOST, which both drop (rx_otherhost_dropped, not
	 * rx_dropped).  A copy flooded to us for another MAC was astray. */
	if (G_UNLIKELY(ctx->vlan_tagged) && ctx->vlan_id && ip_or_arp) {
		ifc->dev->drops[DROP_UNKNOWN_VLAN]++;
		drop_frame(h->sim, f,
			   DROP_UNKNOWN_VLAN | (ctx->pkt_type == PACKET_OTHERHOST ? DROP_ASTRAY : 0),
			   ifc->dev->place);
		return;
	}
	/* No type (a runt), or a priority-tagged (VID 0) IPv4 or ARP frame,
	 * which Linux would read and nothing here sends. */
	if (ctx->ethertype == 0 || (ctx->vlan_tagged && ip_or_arp)) {
		h->ip_stats.rx_unknown_ethertype++;
		netdev_drop(ifc->dev, f, DROP_UNKNOWN_ETHERTYPE);
		return;
	}
	/* eth_type_trans: PACKET_OTHERHOST never reaches ip_rcv or arp_rcv;
	 * an ethertype nobody handles is rx_dropped below whoever it is for. */
	if (ctx->pkt_type == PACKET_OTHERHOST && ip_or_arp) {
		h->ip_stats.rx_other_host++;
		netdev_drop(ifc->dev, f, DROP_OTHERHOST);
		return;
	}
	/* IPv4's and ARP's handlers are registered at birth and can be neither
	 * taken nor replaced: no need to look them up (a look reads another
	 * line, and every host hears every other one's ARP). */
	if (ctx->ethertype == WIRE_ETH_P_IP) {
		ip_input(ifc, f, ctx);
		return;
	}
	if (ctx->ethertype == WIRE_ETH_P_ARP) {
		arp_input(ifc, f, ctx);
		return;
	}
	for (guint i = 0; i < h->n_ptypes; i++) {
		if (h->ptypes[i].ethertype == ctx->ethertype) {
			h->ptypes[i].fn(ifc, f, ctx);
			return;
		}
	}
	/* __netif_receive_skb_core(): no protocol handler took it, so the
	 * device the frame is on now (the bond, for a slave's frame that went
	 * round again) counts it in rx_dropped */
	h->ip_stats.rx_unknown_ethertype++;
	NETDEV_STAT_ADD(ifc->dev, rx_dropped, 1);
	netdev_drop(ifc->dev, f, DROP_UNKNOWN_ETHERTYPE);
}

static uint32_t host_if_ipv4(void *owner)
{
	return ((const struct host_if *)owner)->ip;
}

/* The connected route to @ip (ip_route()), from an interface with an address. */
static struct netdev *host_if_onlink_dev(void *owner, uint32_t ip)
{
	const struct host_if *ifc = ip_route(((const struct host_if *)owner)->host, ip);

	return ifc && ifc->ip ? ifc->dev : NULL;
}

/* Notifiers from the interface's device: NETDEV_NOTIFY_PEERS sends the
 * gratuitous ARP (the kernel's inetdev_event -> arp_send for each address). */
static void host_if_event(void *owner, struct netdev *dev, enum netdev_event ev,
			  const void *info)
{
	(void)dev;
	(void)info;
	if (ev == NETDEV_NOTIFY_PEERS)
		arp_send_gratuitous(owner);
}

void host_if_xmit(struct host_if *ifc, const uint8_t dst[6], struct frame *f)
{
	/*
	 * The source MAC is read now, not when the packet was built: a bond
	 * with fail_over_mac=active changes its MAC under queued packets.
	 */
	memcpy(f->data, dst, 6);
	memcpy(f->data + 6, ifc->dev->mac, 6);
	netdev_xmit(ifc->dev, f);
}

struct host *host_new(struct sim *sim, const char *name)
{
	/* Aligned, so the fields every packet reads fill whole cache lines. */
	struct host *h = g_aligned_alloc0(1, sizeof(*h), 64);

	h->name = g_strdup(name);
	h->sim = sim;
	h->ifs = g_ptr_array_new();
	sim_log_init(&h->log, h->name);
	h->arp = (struct arp_params){
		.base_reachable_time = 30 * SIM_S,
		.retrans_time = 1 * SIM_S,
		.delay_first_probe_time = 5 * SIM_S,
		.locktime = 1 * SIM_S,
		/* Linux >= 3.3 bounds the queue by unres_qlen_bytes (212992): about
		 * 101 full-size packets, the value /proc shows for unres_qlen */
		.unres_qlen = 101,
		.mcast_probes = 3,
		.ucast_probes = 3,
	};
	arp_cache_init(h);
	/* the ptype handlers a host registers at birth (dev_add_pack() of IPv4 and ARP) */
	host_register_ptype(h, WIRE_ETH_P_ARP, arp_input);
	host_register_ptype(h, WIRE_ETH_P_IP, ip_input);
	itab_init(&h->udp_socks);
	h->echo_socks = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	return h;
}

/* Free an itab's values, g_free()d memory each, and the table. */
static void free_all(struct itab *t)
{
	uint32_t pos = 0;
	void *v;

	while (itab_next(t, &pos, NULL, &v))
		g_free(v);
	itab_fini(t);
}

void host_free(struct host *h)
{
	if (!h)
		return;
	for (guint i = 0; i < h->ifs->len; i++) {
		struct host_if *ifc = g_ptr_array_index(h->ifs, i);

		netdev_upper_unregister(ifc->dev, ifc);
		netdev_notifier_unregister(ifc->dev, ifc);
		if (ifc != &h->if0)
			g_free(ifc);
	}
	arp_cache_fini(h);
	free_all(&h->udp_socks);
	g_hash_table_destroy(h->echo_socks);
	netdev_kernel_fini(&h->kernel);
	g_ptr_array_free(h->ifs, TRUE);
	if (h->routes)
		g_array_free(h->routes, TRUE);
	sim_log_fini(&h->log);
	g_free(h->name);
	g_aligned_free(h);
}

struct host_if *host_add_if(struct host *h, struct netdev *dev, uint32_t ip, int prefix_len)
{
	/* The first one lives in the host, next to what the packet path reads. */
	struct host_if *ifc = h->ifs->len ? g_new0(struct host_if, 1) : &h->if0;
	struct netdev_upper up = { .rx = host_rx, .owner = ifc, .ipv4_addr = host_if_ipv4,
				   .onlink_dev = host_if_onlink_dev };

	g_assert(prefix_len >= 0 && prefix_len <= 32);
	if (!netdev_upper_register(dev, &up, NULL)) {
		if (ifc != &h->if0)
			g_free(ifc);
		return NULL;
	}
	ifc->host = h;
	ifc->dev = dev;
	if (!dev->kernel)
		dev->kernel = &h->kernel;	/* an address makes it the host's at least */
	ifc->ip = ip;
	ifc->prefix_len = prefix_len;
	ifc->mask = prefix_len ? ~(uint32_t)0 << (32 - prefix_len) : 0;
	g_ptr_array_add(h->ifs, ifc);
	if (h->n_addr < G_N_ELEMENTS(h->addr))
		h->addr[h->n_addr++] = ip;
	netdev_notifier_register(dev, host_if_event, ifc);
	return ifc;
}

struct host_if *host_find_if(struct host *h, const char *dev_name)
{
	for (guint i = 0; i < h->ifs->len; i++) {
		struct host_if *ifc = g_ptr_array_index(h->ifs, i);

		if (strcmp(ifc->dev->name, dev_name) == 0)
			return ifc;
	}
	return NULL;
}

uint32_t host_primary_ip(const struct host *h)
{
	if (h->ifs->len == 0)
		return 0;
	return ((const struct host_if *)g_ptr_array_index(h->ifs, 0))->ip;
}

bool host_has_ip(const struct host *h, uint32_t ip)
{
	/* Every received packet asks: most hosts have all their addresses in addr[]. */
	for (guint i = 0; i < h->n_addr; i++)
		if (h->addr[i] == ip)
			return true;
	if (h->n_addr < G_N_ELEMENTS(h->addr))
		return false;
	for (guint i = h->n_addr; i < h->ifs->len; i++)
		if (((const struct host_if *)g_ptr_array_index(h->ifs, i))->ip == ip)
			return true;
	return false;
}

struct sim_log *host_log(struct host *h)
{
	return &h->log;
}

void host_metrics(const struct host *h, struct metrics *m)
{
	const struct arp_stats *a = &h->arp_stats;
	const struct ip_stats *s = &h->ip_stats;
	const char *n = h->name;

	metrics_add_int(m, (int64_t)a->requests_sent, "%s.arp.requests_sent", n);
	metrics_add_int(m, (int64_t)a->replies_sent, "%s.arp.replies_sent", n);
	metrics_add_int(m, (int64_t)a->gratuitous_sent, "%s.arp.gratuitous_sent", n);
	metrics_add_int(m, (int64_t)a->requests_received, "%s.arp.requests_received", n);
	metrics_add_int(m, (int64_t)a->replies_received, "%s.arp.replies_received", n);
	metrics_add_int(m, (int64_t)a->gratuitous_received, "%s.arp.gratuitous_received", n);
	metrics_add_int(m, (int64_t)a->bad, "%s.arp.bad", n);
	metrics_add_int(m, (int64_t)a->unresolved_drops, "%s.arp.unresolved_drops", n);
	metrics_add_int(m, (int64_t)a->failed, "%s.arp.failed", n);
	metrics_add_int(m, (int64_t)a->failed_drops, "%s.arp.failed_drops", n);
	metrics_add_int(m, (int64_t)a->lladdr_changes, "%s.arp.lladdr_changes", n);
	metrics_add_int(m, (int64_t)itab_len(&h->arp_cache), "%s.arp.entries", n);
	metrics_add_int(m, (int64_t)s->rx_other_host, "%s.eth.rx_other_host", n);
	metrics_add_int(m, (int64_t)s->rx_unknown_ethertype, "%s.eth.rx_unknown_ethertype", n);
	metrics_add_int(m, (int64_t)s->tx_packets, "%s.ip.tx_packets", n);
	metrics_add_int(m, (int64_t)s->rx_packets, "%s.ip.rx_packets", n);
	metrics_add_int(m, (int64_t)s->no_route, "%s.ip.no_route", n);
	metrics_add_int(m, (int64_t)s->not_for_us, "%s.ip.not_for_us", n);
	if (h->ip_forward) {
		metrics_add_int(m, (int64_t)s->forwarded, "%s.ip.forwarded", n);
		metrics_add_int(m, (int64_t)s->ttl_exceeded, "%s.ip.ttl_exceeded", n);
	}
	metrics_add_int(m, (int64_t)s->bad_header, "%s.ip.bad_header", n);
	metrics_add_int(m, (int64_t)s->unknown_proto, "%s.ip.unknown_proto", n);
	metrics_add_int(m, (int64_t)s->echo_requests_sent, "%s.icmp.echo_requests_sent", n);
	metrics_add_int(m, (int64_t)s->echo_requests_received, "%s.icmp.echo_requests_received",
			n);
	metrics_add_int(m, (int64_t)s->echo_replies_sent, "%s.icmp.echo_replies_sent", n);
	metrics_add_int(m, (int64_t)s->echo_replies_received, "%s.icmp.echo_replies_received", n);
	metrics_add_int(m, (int64_t)s->echo_unmatched, "%s.icmp.echo_unmatched", n);
	metrics_add_int(m, (int64_t)s->udp_tx, "%s.udp.tx_datagrams", n);
	metrics_add_int(m, (int64_t)s->udp_rx, "%s.udp.rx_datagrams", n);
	metrics_add_int(m, (int64_t)s->udp_no_port, "%s.udp.no_port", n);
	metrics_add_int(m, (int64_t)s->udp_bad_checksum, "%s.udp.bad_checksum", n);
}
