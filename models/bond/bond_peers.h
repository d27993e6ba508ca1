/*
 * bond_peers.h - who the bond talks to, and over which slave: per peer
 * (IPv4 address) and per slave, the frames and bytes each way.
 *
 * DOC: balance-tlb and balance-alb balance peers, not packets: the
 * transmit table is keyed by the destination, the receive table by the
 * peer's IP.  To see the skew the way an engineer reasons about it ("c1
 * and c3 share eth0, c2 has eth1 to itself"), a bond of those modes counts
 * every IPv4 or ARP frame it sends or takes in by peer and slave: the
 * destination address of what it sends, the source address of what it
 * receives.  Other frames (LACPDUs, ALB's learning packets) have no peer
 * and are not counted here; the slave's own counters have them.
 *
 * Measurement only: nothing in the bond reads it.  Cost: one hash lookup
 * per frame, skipped when the frame has the same peer as the last one.
 */
#ifndef BONDSIM_BOND_PEERS_H
#define BONDSIM_BOND_PEERS_H

#include <stdint.h>
#include <glib.h>

struct frame;
struct slave;

struct bond_peer_count {
	uint64_t tx_frames, tx_bytes, rx_frames, rx_bytes;
};

struct bond_peer {
	uint32_t ip;			/* host byte order */
	guint n_slaves;			/* entries in by_slave */
	struct bond_peer_count *by_slave;	/* indexed by slave->id */
};

struct bond_peers {
	GHashTable *by_ip;		/* ip -> struct bond_peer * */
	struct bond_peer *last_tx, *last_rx;
};

struct bond_peers *bond_peers_new(void);
void bond_peers_free(struct bond_peers *p);
/* @f (its IPv4 or ARP header) left (@rx false) or arrived on (@rx true) @s. */
void bond_peers_count(struct bond_peers *p, const struct slave *s, const struct frame *f,
		      bool rx);
/* Every peer, sorted by address; free the array (not the peers). */
GPtrArray *bond_peers_sorted(const struct bond_peers *p);
/* The counts of @peer on the slave with id @slave_id (zeros when none). */
struct bond_peer_count bond_peer_on(const struct bond_peer *peer, int slave_id);

#endif
