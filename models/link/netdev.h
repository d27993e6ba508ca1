/*
 * netdev.h - what NICs, bonds and switch ports have in common.
 *
 * DOC: As in the kernel's net_device, a netdev has a MAC, a carrier, stats,
 * an xmit entry point and an rx handler that its upper layer installs: a
 * bond installs bond_rx on its slaves, a switch installs its port rx on its
 * ports, a host installs the IP stack on the device that carries an address.
 * Frames go down through netdev_xmit() and up through netdev_rx(); both hand
 * the frame's reference over.
 */
#ifndef BONDSIM_NETDEV_H
#define BONDSIM_NETDEV_H

#include "sim.h"

#define NETDEV_NAME_MAX 32

struct netdev;
typedef void (*netdev_rx_fn)(void *owner, struct netdev *dev, struct frame *f);
typedef void (*netdev_watch_fn)(void *owner, struct netdev *dev);

struct netdev_ops {
	void (*xmit)(struct netdev *dev, struct frame *f);
};

struct netdev_stats {
	uint64_t tx_packets, tx_bytes, tx_dropped;
	uint64_t rx_packets, rx_bytes, rx_dropped;
};

struct netdev {
	char name[NETDEV_NAME_MAX];
	char owner_name[NETDEV_NAME_MAX];	/* host or switch, for reports */
	struct sim *sim;
	const struct netdev_ops *ops;
	uint8_t mac[6];
	uint8_t perm_mac[6];		/* the address burnt in: LACPDUs, /proc dump */
	bool carrier;
	uint64_t speed_bps;		/* 0 = unknown */
	bool full_duplex;
	netdev_rx_fn rx_handler;
	void *rx_owner;
	netdev_watch_fn carrier_watch;	/* told after every carrier change */
	void *watch_owner;
	struct netdev *master;		/* the bond a NIC is enslaved to */
	struct netdev_stats stats;
};

void netdev_init(struct netdev *dev, struct sim *sim, const struct netdev_ops *ops,
		 const char *owner, const char *name, const uint8_t mac[6]);
static inline void netdev_xmit(struct netdev *dev, struct frame *f) { dev->ops->xmit(dev, f); }
/* Count, then pass to the rx handler (or drop when there is none). */
void netdev_rx(struct netdev *dev, struct frame *f);
void netdev_set_rx_handler(struct netdev *dev, netdev_rx_fn fn, void *owner);
void netdev_set_carrier(struct netdev *dev, bool carrier);
/* "00:16:36:1b:bb:74" into buf[18]. */
extern const uint8_t mac_broadcast[6];	/* ff:ff:ff:ff:ff:ff */
const char *mac_format(const uint8_t mac[6], char buf[18]);
bool mac_parse(const char *s, uint8_t mac[6]);
static inline bool mac_is_multicast(const uint8_t mac[6]) { return mac[0] & 1; }
static inline bool mac_equal(const uint8_t a[6], const uint8_t b[6])
{
	return memcmp(a, b, 6) == 0;
}

#endif
