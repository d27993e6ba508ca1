/*
 * bond_peers.c - per peer and per slave counts (see bond_peers.h).
 */
#include <string.h>
#include "bond.h"
#include "bond_peers.h"
#include "wire/wire.h"

struct bond_peers *bond_peers_new(void)
{
	struct bond_peers *p = g_new0(struct bond_peers, 1);

	p->by_ip = g_hash_table_new(g_direct_hash, g_direct_equal);
	return p;
}

static void peer_free(gpointer key, gpointer value, gpointer unused)
{
	struct bond_peer *peer = value;

	(void)key;
	(void)unused;
	g_free(peer->by_slave);
	g_free(peer);
}

void bond_peers_free(struct bond_peers *p)
{
	if (!p)
		return;
	g_hash_table_foreach(p->by_ip, peer_free, NULL);
	g_hash_table_destroy(p->by_ip);
	g_free(p);
}

/* The peer of an untagged IPv4 or ARP frame: 0 when it has none. */
static uint32_t frame_peer(const struct frame *f, bool rx)
{
	const uint8_t *d = f->data;
	uint16_t type;

	if (f->hdr_len < WIRE_ETH_HLEN)
		return 0;
	type = wire_rd16(d + WIRE_ETH_OFF_TYPE);
	if (type == WIRE_ETH_P_IP && f->hdr_len >= WIRE_ETH_HLEN + WIRE_IPV4_HLEN)
		return wire_rd32(d + WIRE_ETH_HLEN + (rx ? WIRE_IPV4_OFF_SRC : WIRE_IPV4_OFF_DST));
	if (type == WIRE_ETH_P_ARP && f->hdr_len >= WIRE_ETH_HLEN + WIRE_ARP_LEN)
		return wire_rd32(d + WIRE_ETH_HLEN + (rx ? WIRE_ARP_OFF_SPA : WIRE_ARP_OFF_TPA));
	return 0;
}

void bond_peers_count(struct bond_peers *p, const struct slave *s, const struct frame *f,
		      bool rx)
{
	uint32_t ip = frame_peer(f, rx);
	struct bond_peer **last = rx ? &p->last_rx : &p->last_tx;
	struct bond_peer *peer = *last;
	struct bond_peer_count *c;

	if (!ip)
		return;
	if (!peer || peer->ip != ip) {
		peer = g_hash_table_lookup(p->by_ip, GUINT_TO_POINTER(ip));
		if (!peer) {
			peer = g_new0(struct bond_peer, 1);
			peer->ip = ip;
			g_hash_table_insert(p->by_ip, GUINT_TO_POINTER(ip), peer);
		}
		*last = peer;
	}
	if ((guint)s->id >= peer->n_slaves) {
		guint n = (guint)s->id + 1;

		peer->by_slave = g_renew(struct bond_peer_count, peer->by_slave, n);
		memset(peer->by_slave + peer->n_slaves, 0,
		       (n - peer->n_slaves) * sizeof(*peer->by_slave));
		peer->n_slaves = n;
	}
	c = &peer->by_slave[s->id];
	if (rx) {
		c->rx_frames++;
		c->rx_bytes += f->len;
	} else {
		c->tx_frames++;
		c->tx_bytes += f->len;
	}
}

static gint by_ip(gconstpointer a, gconstpointer b)
{
	const struct bond_peer *x = *(struct bond_peer *const *)a;
	const struct bond_peer *y = *(struct bond_peer *const *)b;

	return x->ip < y->ip ? -1 : x->ip > y->ip;
}

GPtrArray *bond_peers_sorted(const struct bond_peers *p)
{
	GPtrArray *a = g_ptr_array_new();
	GHashTableIter it;
	gpointer v;

	if (!p)
		return a;
	g_hash_table_iter_init(&it, p->by_ip);
	while (g_hash_table_iter_next(&it, NULL, &v))
		g_ptr_array_add(a, v);
	g_ptr_array_sort(a, by_ip);
	return a;
}

struct bond_peer_count bond_peer_on(const struct bond_peer *peer, int slave_id)
{
	struct bond_peer_count zero = { 0 };

	if (slave_id < 0 || (guint)slave_id >= peer->n_slaves)
		return zero;
	return peer->by_slave[slave_id];
}
