/*
 * vlan_dev.h - 802.1Q VLAN devices on top of a NIC or a bond (bond0.100).
 *
 * DOC: The kernel's 8021q module, cut down to what a host needs.  A VLAN
 * device has one lower device (its "real device") and a VID; it takes
 * its lower's MAC and carrier and follows them.
 *
 * Transmit: the device puts its tag on the frame outside the bytes
 * (frame->vlan_present, vlan_tci), as the kernel hands a tag to a lower
 * device that inserts tags in hardware (bonds and the NICs modelled here
 * all do), and passes the frame to its lower device.  A bond therefore
 * hashes and inspects the untagged bytes, as Linux's does; the NIC writes
 * the tag into the bytes when it takes the frame (nic.c), so cables,
 * switches and captures see a real 802.1Q frame.
 *
 * Receive: netdev_rx_chain() asks vlan_dev_receive() on every round, before
 * the device's rx handler, as __netif_receive_skb_core() calls
 * vlan_do_receive(): a tagged frame whose VID has a VLAN device on the
 * device it is on now leaves the bytes untagged and goes round again on
 * the VLAN device.  So a frame arriving on a bond's slave reaches the bond
 * first (its rx handler), then bond0.100.  A tagged frame nobody takes is
 * dropped by the stack (unknown_vlan), as Linux marks it PACKET_OTHERHOST.
 *
 * The lower device's NETDEV_NOTIFY_PEERS (a bond's failover) is passed up,
 * as vlan_device_event() does, so every VLAN's address sends its
 * gratuitous ARP, tagged.
 */
#ifndef BONDSIM_VLAN_DEV_H
#define BONDSIM_VLAN_DEV_H

#include "netdev.h"

struct vlan_dev {
	struct netdev dev;		/* first: a struct vlan_dev * is a struct netdev * */
	struct netdev *real;		/* the lower device */
	uint16_t vid;
	bool mac_follows;		/* the MAC is the real device's: it follows its changes */
};

/* The VLAN devices of one lower device, by VID (struct netdev's vlans). */
struct netdev_vlans {
	GPtrArray *devs;		/* struct vlan_dev *, in creation order */
};

/*
 * A VLAN device @name with @vid on @real, owned by @owner (a host's name),
 * MAC and carrier as the real device's.  NULL and @error when the VID is
 * out of 1..4094 or taken on @real.
 */
struct vlan_dev *vlan_dev_new(struct sim *sim, const char *owner, const char *name,
			      struct netdev *real, uint16_t vid, GError **error);
void vlan_dev_free(struct vlan_dev *v);
/* The VLAN device a device is, NULL if it is not one. */
struct vlan_dev *vlan_dev_of(struct netdev *dev);
/* The VLAN device with @vid on @real, NULL when none. */
struct vlan_dev *vlan_dev_find(const struct netdev *real, uint16_t vid);

/*
 * netdev_rx_chain()'s vlan_do_receive(): the frame (perhaps a private
 * copy) when it went to a VLAN device of ctx->dev (ctx now on it, the
 * bytes untagged); NULL: leave it where it is.  The frame is returned,
 * not written through a pointer, so the chain keeps it in a register.
 */
struct frame *vlan_dev_receive(struct frame *f, struct rx_ctx *ctx);

/* Write the out-of-band tag into the bytes (the NIC's hardware insertion). */
struct frame *vlan_tag_insert(struct frame *f);

#endif
