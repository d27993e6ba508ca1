/*
 * netdev.c - the device interface shared by NICs, bonds and switch ports.
 */
#include <stdio.h>
#include <string.h>
#include "netdev.h"

const uint8_t mac_broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

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
