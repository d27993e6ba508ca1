/*
 * netdev.c - the device interface shared by NICs, bonds and switch ports:
 * the receive chain, masters and upper layers, notifier chains.
 */
#include <stdio.h>
#include <string.h>
#include "netdev.h"
#include "vlan_dev.h"
#include "wire/dissect.h"

const uint8_t mac_broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

const char *const drop_reason_names[DROP_REASON_COUNT] = {
	[DROP_LINK_DOWN] = "link_down",
	[DROP_LINK_LOSS] = "link_loss",
	[DROP_BLACKHOLE] = "blackhole",
	[DROP_QUEUE_FULL] = "queue_full",
	[DROP_CARRIER_DOWN] = "carrier_down",
	[DROP_NO_HANDLER] = "no_handler",
	[DROP_NO_SLAVE] = "no_slave",
	[DROP_INACTIVE_SLAVE] = "inactive_slave",
	[DROP_PORT_DOWN] = "port_down",
	[DROP_RUNT] = "runt",
	[DROP_RESERVED] = "reserved",
	[DROP_NOT_COLLECTING] = "not_collecting",
	[DROP_BAD_SRC] = "bad_src",
	[DROP_FILTERED] = "filtered",
	[DROP_NO_MEMBER] = "no_member",
	[DROP_EGRESS_DOWN] = "egress_down",
	[DROP_NO_EGRESS] = "no_egress",
	[DROP_OTHERHOST] = "otherhost",
	[DROP_UNKNOWN_ETHERTYPE] = "unknown_ethertype",
	[DROP_ARP_QUEUE_FULL] = "arp_queue_full",
	[DROP_ARP_FAILED] = "arp_failed",
	[DROP_ARP_BAD] = "arp_bad",
	[DROP_NO_ROUTE] = "no_route",
	[DROP_NOT_FOR_US] = "not_for_us",
	[DROP_IP_BAD_HEADER] = "ip_bad_header",
	[DROP_IP_UNKNOWN_PROTO] = "ip_unknown_proto",
	[DROP_NO_SOCKET] = "no_socket",
	[DROP_UDP_CSUM] = "udp_csum",
	[DROP_TTL_EXCEEDED] = "ttl_exceeded",
	[DROP_EXCESSIVE_COLLISIONS] = "excessive_collisions",
	[DROP_LATE_COLLISION] = "late_collision",
	[DROP_RX_WHILE_SENDING] = "rx_while_sending",
	[DROP_FCS_ERROR] = "fcs_error",
	[DROP_VLAN_NOT_ALLOWED] = "vlan_not_allowed",
	[DROP_UNKNOWN_VLAN] = "unknown_vlan",
	[DROP_STP_LISTENING] = "stp_listening",
	[DROP_STP_LEARNING] = "stp_learning",
	[DROP_STP_EGRESS] = "stp_egress",
};

uint64_t netdev_drops_total(const struct netdev *dev)
{
	uint64_t n = 0;

	for (int i = 0; i < DROP_REASON_COUNT; i++)
		n += dev->drops[i];
	return n;
}

const char *const netdev_event_names[NETDEV_EVENT_COUNT] = {
	[NETDEV_CHANGE] = "NETDEV_CHANGE",
	[NETDEV_CHANGEADDR] = "NETDEV_CHANGEADDR",
	[NETDEV_NOTIFY_PEERS] = "NETDEV_NOTIFY_PEERS",
	[NETDEV_BONDING_FAILOVER] = "NETDEV_BONDING_FAILOVER",
	[NETDEV_CHANGELOWERSTATE] = "NETDEV_CHANGELOWERSTATE",
	[NETDEV_CHANGEUPPER] = "NETDEV_CHANGEUPPER",
};

void netdev_init(struct netdev *dev, struct sim *sim, const struct netdev_ops *ops,
		 const char *owner, const char *name, const uint8_t mac[6])
{
	memset(dev, 0, sizeof(*dev));
	dev->sim = sim;
	dev->ops = ops;
	g_strlcpy(dev->owner_name, owner ? owner : "", sizeof(dev->owner_name));
	g_strlcpy(dev->name, name, sizeof(dev->name));
	g_snprintf(dev->place, sizeof(dev->place), "%s%s%s", dev->owner_name,
		   *dev->owner_name ? "." : "", dev->name);
	if (mac) {
		netdev_store_mac(dev, mac);
		memcpy(dev->perm_mac, mac, 6);
	}
	dev->full_duplex = true;
}

void netdev_fini(struct netdev *dev)
{
	if (dev->notifiers)
		g_array_free(dev->notifiers, TRUE);
	dev->notifiers = NULL;
}

/* ---- receive ------------------------------------------------------------------ */

/*
 * eth_type_trans() and the VLAN untagging a device would do.  Every frame
 * comes through here at every hop, so an untagged one is read in place
 * (destination, type); a tagged one goes through the dissector.
 */
void netdev_rx_ctx_fill(struct netdev *dev, const struct frame *f, struct rx_ctx *ctx)
{
	struct wire_pkt p;
	uint16_t type;

	memset(ctx, 0, sizeof(*ctx));
	ctx->orig_dev = dev;
	ctx->dev = dev;
	ctx->exact_why = DROP_NO_HANDLER;
	if (f->hdr_len >= WIRE_ETH_HLEN) {
		type = wire_rd16(f->data + WIRE_ETH_OFF_TYPE);
		if (!wire_eth_type_is_vlan(type)) {
			const uint8_t *dst = f->data + WIRE_ETH_OFF_DST;

			if (mac_is_multicast(dst))
				ctx->pkt_type = mac_equal(dst, mac_broadcast) ? PACKET_BROADCAST
									       : PACKET_MULTICAST;
			else
				ctx->pkt_type = mac_equal(dst, dev->rx_mac) ? PACKET_HOST
									: PACKET_OTHERHOST;
			ctx->l2_len = WIRE_ETH_HLEN;
			ctx->ethertype = type;
			return;
		}
	}
	wire_dissect(f->data, f->hdr_len, WIRE_DISSECT_L2_ONLY, &p);
	if (!(p.flags & WIRE_PKT_ETH)) {
		ctx->l2_len = (uint16_t)f->hdr_len;
		ctx->pkt_type = PACKET_OTHERHOST;
		return;
	}
	if (mac_is_multicast(p.dst))
		ctx->pkt_type = mac_equal(p.dst, mac_broadcast) ? PACKET_BROADCAST
								 : PACKET_MULTICAST;
	else
		ctx->pkt_type = mac_equal(p.dst, dev->rx_mac) ? PACKET_HOST : PACKET_OTHERHOST;
	ctx->l2_len = (uint16_t)p.l3_off;
	ctx->ethertype = p.ethertype;
	if (p.n_vlan) {
		ctx->vlan_tagged = true;
		ctx->vlan_id = p.vlan[0].tci & WIRE_VLAN_VID_MASK;
	}
}

void netdev_rx_chain(struct frame *f, struct rx_ctx *ctx)
{
	/* A master can hand the frame up at most once per level of nesting. */
	for (int depth = 0; depth < 8; depth++) {
		struct netdev *dev = ctx->dev;
		enum rx_verdict v = RX_PASS;

		/* vlan_do_receive(), before the rx handler: a VLAN device of
		 * this one takes its tag's frames, and they go round again */
		if (G_UNLIKELY(ctx->vlan_tagged) && dev->vlans) {
			struct frame *untagged = vlan_dev_receive(f, ctx);

			if (untagged) {
				f = untagged;
				continue;
			}
		}
		if (dev->rx_first.handler && !dev->rx_to_upper)
			v = dev->rx_first.handler(dev->rx_first_owner, f, ctx);
		switch (v) {
		case RX_CONSUMED:
			return;
		case RX_ANOTHER:
			g_assert(ctx->dev != dev);
			continue;
		case RX_EXACT:
			/* Nothing here binds to one device only. */
			NETDEV_STAT_ADD(dev, rx_nohandler, 1);
			dev->rx_refused_bytes += f->len;
			/* counted as any drop; the packet's ledger hears whether it
			 * was off its way */
			dev->drops[ctx->exact_why]++;
			drop_frame(dev->sim, f, ctx->exact_why | (ctx->astray ? DROP_ASTRAY : 0),
				   dev->place);
			return;
		case RX_PASS:
			break;
		}
		/* no handler and an upper layer: the checks below would pass */
		if (dev->rx_to_upper) {
			dev->rx_first.upper(dev->rx_first_owner, f, ctx);
			return;
		}
		/* a VID no VLAN device took, on a device no stack listens on */
		if (G_UNLIKELY(ctx->vlan_tagged) && ctx->vlan_id && !dev->upper.rx) {
			dev->drops[DROP_UNKNOWN_VLAN]++;
			drop_frame(dev->sim, f,
				   DROP_UNKNOWN_VLAN |
					   (ctx->pkt_type == PACKET_OTHERHOST ? DROP_ASTRAY : 0),
				   dev->place);
			return;
		}
		if (!dev->upper.rx) {
			NETDEV_STAT_ADD(dev, rx_dropped, 1);
			netdev_drop(dev, f, DROP_NO_HANDLER);
			return;
		}
		dev->upper.rx(dev->upper.owner, f, ctx);
		return;
	}
	g_assert_not_reached();
}

void netdev_rx(struct netdev *dev, struct frame *f)
{
	struct rx_ctx ctx;

	/* NETDEV_STAT_ADD twice, through the receive line's copies */
	for (struct netdev *d = dev; d; d = d->rx_master) {
		d->stats.rx_packets++;
		d->stats.rx_bytes += f->len;
	}
	netdev_rx_ctx_fill(dev, f, &ctx);
	netdev_rx_chain(f, &ctx);
}

static bool has_rx_handler(const struct netdev *dev)
{
	return dev->rx_first.handler && !dev->rx_to_upper;
}

/* No rx handler: the upper layer's rx (or nothing) comes first. */
static void rx_first_upper(struct netdev *dev)
{
	dev->rx_first.upper = dev->upper.rx;
	dev->rx_first_owner = dev->upper.rx ? dev->upper.owner : NULL;
	dev->rx_to_upper = dev->upper.rx != NULL;
}

gboolean netdev_rx_handler_register(struct netdev *dev, netdev_rx_handler_fn fn, void *owner,
				    const char *owner_name, GError **error)
{
	if (has_rx_handler(dev)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_DUP,
			    "%s already has a master; %s cannot take it", dev->name,
			    owner_name ? owner_name : "another");
		return FALSE;
	}
	dev->rx_first.handler = fn;
	dev->rx_first_owner = owner;
	dev->rx_to_upper = false;
	return TRUE;
}

void netdev_rx_handler_unregister(struct netdev *dev, void *owner)
{
	if (!has_rx_handler(dev) || dev->rx_first_owner != owner)
		return;
	rx_first_upper(dev);
}

gboolean netdev_upper_register(struct netdev *dev, const struct netdev_upper *upper,
			       GError **error)
{
	if (dev->upper.rx) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_DUP,
			    "%s already has an upper layer", dev->name);
		return FALSE;
	}
	dev->upper = *upper;
	if (!has_rx_handler(dev))
		rx_first_upper(dev);
	return TRUE;
}

void netdev_upper_unregister(struct netdev *dev, void *owner)
{
	if (dev->upper.owner != owner)
		return;
	memset(&dev->upper, 0, sizeof(dev->upper));
	if (!has_rx_handler(dev))
		rx_first_upper(dev);
}

uint32_t netdev_ipv4_addr(const struct netdev *dev)
{
	return dev->upper.ipv4_addr ? dev->upper.ipv4_addr(dev->upper.owner) : 0;
}

bool netdev_once(struct netdev *dev, const void *site, bool *own)
{
	struct netdev_kernel *k = dev->kernel;
	bool first;

	if (k) {
		if (!k->once)
			k->once = g_hash_table_new(g_direct_hash, g_direct_equal);
		return g_hash_table_add(k->once, (gpointer)site);
	}
	first = !*own;
	*own = true;
	return first;
}

bool netdev_net_ratelimit(struct netdev *dev, struct net_ratelimit *own, sim_time_t now,
			  int *suppressed)
{
	struct netdev_kernel *k = dev->kernel;
	struct net_ratelimit *rl = k ? &k->net_rl : own;

	*suppressed = 0;
	if (!rl->begin || now - rl->begin >= 5 * SIM_S) {
		*suppressed = rl->missed;
		rl->begin = now ? now : 1;
		rl->printed = 0;
		rl->missed = 0;
	}
	if (rl->printed >= 10) {
		rl->missed++;
		return false;
	}
	rl->printed++;
	return true;
}

void netdev_kernel_fini(struct netdev_kernel *k)
{
	if (k->once)
		g_hash_table_destroy(k->once);
	k->once = NULL;
}

/* ---- state and notifiers ------------------------------------------------------ */

void netdev_set_carrier(struct netdev *dev, bool carrier)
{
	if (dev->carrier == carrier)
		return;
	dev->carrier = carrier;
	dev->rx_carrier = carrier;
	netdev_notify(dev, NETDEV_CHANGE, NULL);
}

void netdev_set_mac(struct netdev *dev, const uint8_t mac[6])
{
	if (mac_equal(dev->mac, mac))
		return;
	netdev_store_mac(dev, mac);
	netdev_notify(dev, NETDEV_CHANGEADDR, NULL);
}

void netdev_notifier_register(struct netdev *dev, netdev_notifier_fn fn, void *owner)
{
	struct netdev_notifier n = { fn, owner };

	if (!dev->notifiers)
		dev->notifiers = g_array_new(FALSE, FALSE, sizeof(struct netdev_notifier));
	g_array_append_val(dev->notifiers, n);
}

void netdev_notifier_unregister(struct netdev *dev, void *owner)
{
	if (!dev->notifiers)
		return;
	for (guint i = dev->notifiers->len; i-- > 0;)
		if (g_array_index(dev->notifiers, struct netdev_notifier, i).owner == owner)
			g_array_remove_index(dev->notifiers, i);
}

void netdev_notify(struct netdev *dev, enum netdev_event ev, const void *info)
{
	if (!dev->notifiers)
		return;
	/* By index: a subscriber may unsubscribe itself while being called. */
	for (guint i = 0; i < dev->notifiers->len; i++) {
		struct netdev_notifier n = g_array_index(dev->notifiers, struct netdev_notifier, i);

		n.fn(n.owner, dev, ev, info);
	}
}

/* ---- MAC addresses ------------------------------------------------------------ */

const char *mac_format(const uint8_t mac[6], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
		 mac[4], mac[5]);
	return buf;
}

/*
 * Exactly "00:16:36:1b:bb:74", "00-16-36-1b-bb-74" or Cisco's
 * "0016.361b.bb74", told apart by length.  Digits are read by hand against a
 * pattern: sscanf's %x takes signs, "0x" and blanks, and reads short groups
 * such as "0:1:2:3:4:5", none of which anyone means as a MAC.
 */
bool mac_parse(const char *s, uint8_t mac[6])
{
	size_t len = strlen(s);
	const char *pat;	/* 'x': a hex digit; anything else: itself */
	uint8_t v[6] = { 0 };
	int nibble = 0;

	if (len == 17 && s[2] == ':')
		pat = "xx:xx:xx:xx:xx:xx";
	else if (len == 17 && s[2] == '-')
		pat = "xx-xx-xx-xx-xx-xx";
	else if (len == 14)
		pat = "xxxx.xxxx.xxxx";
	else
		return false;
	for (size_t i = 0; i < len; i++) {
		int x = g_ascii_xdigit_value(s[i]);

		if (pat[i] != 'x') {
			if (s[i] != pat[i])
				return false;
			continue;
		}
		if (x < 0)
			return false;
		v[nibble / 2] = (uint8_t)(v[nibble / 2] << 4 | x);
		nibble++;
	}
	memcpy(mac, v, 6);
	return true;
}
