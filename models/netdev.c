/*
 * netdev.c - the device interface shared by NICs, bonds and switch ports.
 */
#include <stdio.h>
#include "netdev.h"

void netdev_init(struct netdev *dev, struct sim *sim, const struct netdev_ops *ops,
		 const char *owner, const char *name, const uint8_t mac[6])
{
	memset(dev, 0, sizeof(*dev));
	dev->sim = sim;
	dev->ops = ops;
	g_strlcpy(dev->owner_name, owner ? owner : "", sizeof(dev->owner_name));
	g_strlcpy(dev->name, name, sizeof(dev->name));
	if (mac) {
		memcpy(dev->mac, mac, 6);
		memcpy(dev->perm_mac, mac, 6);
	}
	dev->full_duplex = true;
}

void netdev_rx(struct netdev *dev, struct frame *f)
{
	dev->stats.rx_packets++;
	dev->stats.rx_bytes += f->len;
	if (!dev->rx_handler) {
		dev->stats.rx_dropped++;
		frame_unref(f);
		return;
	}
	dev->rx_handler(dev->rx_owner, dev, f);
}

void netdev_set_rx_handler(struct netdev *dev, netdev_rx_fn fn, void *owner)
{
	dev->rx_handler = fn;
	dev->rx_owner = owner;
}

void netdev_set_carrier(struct netdev *dev, bool carrier)
{
	if (dev->carrier == carrier)
		return;
	dev->carrier = carrier;
	if (dev->carrier_watch)
		dev->carrier_watch(dev->watch_owner, dev);
}

const char *mac_format(const uint8_t mac[6], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
		 mac[4], mac[5]);
	return buf;
}

bool mac_parse(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char sep[5], tail;

	/* 00:16:36:1b:bb:74, 00-16-36-1b-bb-74 */
	if (sscanf(s, "%2x%c%2x%c%2x%c%2x%c%2x%c%2x%c", &v[0], &sep[0], &v[1], &sep[1], &v[2],
		   &sep[2], &v[3], &sep[3], &v[4], &sep[4], &v[5], &tail) == 11) {
		for (int i = 0; i < 5; i++)
			if (sep[i] != sep[0] || (sep[0] != ':' && sep[0] != '-'))
				return false;
	} else if (sscanf(s, "%4x.%4x.%4x%c", &v[0], &v[2], &v[4], &tail) == 3 && strlen(s) == 14) {
		/* Cisco 0016.361b.bb74 */
		v[1] = v[0] & 0xff, v[0] >>= 8;
		v[3] = v[2] & 0xff, v[2] >>= 8;
		v[5] = v[4] & 0xff, v[4] >>= 8;
	} else {
		return false;
	}
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return true;
}
