/*
 * vlan_dev.c - 802.1Q VLAN devices (vlan_dev.h has the design).
 */
#include "vlan_dev.h"
#include "wire/wire.h"

static bool vlan_xmit(struct netdev *dev, struct frame *f);

static const struct netdev_ops vlan_ops = {
	.xmit = vlan_xmit,
};

struct vlan_dev *vlan_dev_of(struct netdev *dev)
{
	return dev && dev->ops == &vlan_ops ? (struct vlan_dev *)dev : NULL;
}

struct vlan_dev *vlan_dev_find(const struct netdev *real, uint16_t vid)
{
	if (!real->vlans)
		return NULL;
	for (guint i = 0; i < real->vlans->devs->len; i++) {
		struct vlan_dev *v = g_ptr_array_index(real->vlans->devs, i);

		if (v->vid == vid)
			return v;
	}
	return NULL;
}

/*
 * vlan_dev_hard_start_xmit(): the tag goes outside the bytes (the real
 * device inserts it), priority 0 as with no egress-qos-map, and the frame
 * is the real device's.  The VLAN device's counters are its own, as
 * /proc/net/vlan/<dev> keeps them; they are not added to the real device's.
 */
static bool vlan_xmit(struct netdev *dev, struct frame *f)
{
	struct vlan_dev *v = (struct vlan_dev *)dev;
	uint32_t len = f->len;

	f = frame_make_writable(f);
	f->vlan_present = true;
	f->vlan_tci = v->vid;
	if (!netdev_xmit(v->real, f))
		return false;
	dev->stats.tx_packets++;
	dev->stats.tx_bytes += len;
	return true;
}

struct frame *vlan_tag_insert(struct frame *f)
{
	f = frame_make_writable(f);
	g_assert(f->hdr_len >= WIRE_ETH_OFF_TYPE);
	/* a forwarded frame may fill data[]: its last header bytes become
	 * payload (counted in len, not kept), as a capture's snaplen would */
	if (f->hdr_len + WIRE_VLAN_HLEN > FRAME_HDR_MAX)
		f->hdr_len = FRAME_HDR_MAX - WIRE_VLAN_HLEN;
	wire_vlan_push(f->data, f->hdr_len, f->vlan_tci);
	f->hdr_len += WIRE_VLAN_HLEN;
	f->len += WIRE_VLAN_HLEN;
	f->hw_tag_len = WIRE_VLAN_HLEN;
	f->vlan_present = false;
	f->vlan_tci = 0;
	return f;
}

/* The outer tag out of the bytes, as a NIC's receive VLAN stripping. */
static struct frame *tag_strip(struct frame *f)
{
	f = frame_make_writable(f);
	wire_vlan_pop(f->data, f->hdr_len);
	f->hdr_len -= WIRE_VLAN_HLEN;
	f->len -= WIRE_VLAN_HLEN;
	return f;
}

struct frame *vlan_dev_receive(struct frame *f, struct rx_ctx *ctx)
{
	struct vlan_dev *v = vlan_dev_find(ctx->dev, ctx->vlan_id);

	/* only an outer 802.1Q tag read from the bytes: a QinQ service tag is
	 * not this device's */
	if (!v || !wire_has_8021q_tag(f->data, f->hdr_len))
		return NULL;
	f = tag_strip(f);
	ctx->dev = &v->dev;
	ctx->l2_len -= WIRE_VLAN_HLEN;
	/* a second tag (QinQ, not modelled above a VLAN device) stays a tag:
	 * the stack drops it as unknown_vlan instead of misreading it */
	ctx->vlan_tagged = wire_has_8021q_tag(f->data, f->hdr_len);
	ctx->vlan_id = ctx->vlan_tagged ? wire_rd16(f->data + WIRE_VLAN_OFF_TCI) & WIRE_VLAN_VID_MASK
					: 0;
	/* vlan_do_receive(): a frame for the VLAN device's own MAC is ours */
	if (ctx->pkt_type == PACKET_OTHERHOST && mac_equal(f->data + WIRE_ETH_OFF_DST, v->dev.mac))
		ctx->pkt_type = PACKET_HOST;
	v->dev.stats.rx_packets++;
	v->dev.stats.rx_bytes += f->len;
	return f;
}

/*
 * The real device's events, as vlan_device_event() takes them: carrier
 * (netif_stacked_transfer_operstate), its MAC when ours was its, and the
 * requests to notify peers (a bond's failover), passed up.
 */
static void real_event(void *owner, struct netdev *dev, enum netdev_event ev, const void *info)
{
	struct vlan_dev *v = owner;

	(void)info;
	switch (ev) {
	case NETDEV_CHANGE:
		netdev_set_carrier(&v->dev, dev->carrier);
		break;
	case NETDEV_CHANGEADDR:
		if (v->mac_follows)
			netdev_set_mac(&v->dev, dev->mac);
		break;
	case NETDEV_NOTIFY_PEERS:
		netdev_notify(&v->dev, NETDEV_NOTIFY_PEERS, NULL);
		break;
	default:
		break;
	}
}

struct vlan_dev *vlan_dev_new(struct sim *sim, const char *owner, const char *name,
			      struct netdev *real, uint16_t vid, GError **error)
{
	struct vlan_dev *v;

	if (vid < 1 || vid > WIRE_VLAN_VID_MAX) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_RANGE,
			    "VLAN id %u is out of range: 1 to 4094", vid);
		return NULL;
	}
	if (vlan_dev_find(real, vid)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_DUP,
			    "%s already has VLAN %u (%s)", real->name, vid,
			    vlan_dev_find(real, vid)->dev.name);
		return NULL;
	}
	v = g_aligned_alloc0(1, sizeof(*v), 64);
	netdev_init(&v->dev, sim, &vlan_ops, owner, name, real->mac);
	v->dev.kernel = real->kernel;
	v->real = real;
	v->vid = vid;
	v->mac_follows = true;
	v->dev.speed_bps = real->speed_bps;
	netdev_set_carrier(&v->dev, real->carrier);	/* no subscriber yet: no event */
	if (!real->vlans) {
		real->vlans = g_new0(struct netdev_vlans, 1);
		real->vlans->devs = g_ptr_array_new();
	}
	g_ptr_array_add(real->vlans->devs, v);
	netdev_notifier_register(real, real_event, v);
	return v;
}

void vlan_dev_free(struct vlan_dev *v)
{
	struct netdev *real;

	if (!v)
		return;
	real = v->real;
	netdev_notifier_unregister(real, v);
	g_ptr_array_remove(real->vlans->devs, v);
	if (!real->vlans->devs->len) {
		g_ptr_array_free(real->vlans->devs, TRUE);
		g_free(real->vlans);
		real->vlans = NULL;
	}
	netdev_fini(&v->dev);
	g_aligned_free(v);
}
