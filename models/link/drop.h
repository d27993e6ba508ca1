/*
 * drop.h - why a frame was dropped, and where: one list for every model.
 *
 * DOC: In the spirit of the kernel's enum skb_drop_reason, every place
 * that discards a frame names its reason.  The place counts it (a device's
 * drops[], a link direction's counters) and the simulation's frame monitor
 * hears of it, so a measured flow knows where each of its lost packets
 * died.  A frame that reaches its endpoint is consumed, not dropped
 * (consume_skb vs kfree_skb).
 */
#ifndef BONDSIM_DROP_H
#define BONDSIM_DROP_H

#include "sim.h"

enum drop_reason {
	/* the cable */
	DROP_LINK_DOWN,		/* cable unplugged or a PHY dead: sent into it or in flight */
	DROP_LINK_LOSS,		/* the cable's random loss */
	DROP_BLACKHOLE,		/* silent failure: carrier up, frames vanish */
	/* any device */
	DROP_QUEUE_FULL,	/* transmit queue (txqueuelen) full */
	DROP_CARRIER_DOWN,	/* sent on, queued on or arriving at a device without carrier */
	DROP_NO_HANDLER,	/* nothing above the device takes it */
	/* the bond */
	DROP_NO_SLAVE,		/* no slave could transmit it */
	DROP_INACTIVE_SLAVE,	/* received on an inactive (backup) slave */
	/* the switch, counted on the port the frame came in on */
	DROP_PORT_DOWN,		/* arrived on a shut, err-disabled or reloading port */
	DROP_RUNT,		/* shorter than an Ethernet header */
	DROP_RESERVED,		/* 01:80:c2:00:00:0x: link-local, never forwarded */
	DROP_NOT_COLLECTING,	/* LAG member that is not collecting */
	DROP_BAD_SRC,		/* multicast source address */
	DROP_FILTERED,		/* destination learnt on the bridge port it came in on */
	DROP_NO_MEMBER,		/* egress LAG without a distributing member */
	DROP_EGRESS_DOWN,	/* egress port without carrier */
	DROP_NO_EGRESS,		/* flood with nowhere to go */
	/* the host stack */
	DROP_OTHERHOST,		/* unicast to another MAC (a flooded copy) */
	DROP_UNKNOWN_ETHERTYPE,	/* no protocol handler (VLAN tagged, LACPDU on a host) */
	DROP_ARP_QUEUE_FULL,	/* neighbour unresolved: the pending queue (unres_qlen) overflowed */
	DROP_ARP_FAILED,	/* neighbour resolution failed */
	DROP_ARP_BAD,		/* malformed ARP */
	DROP_NO_ROUTE,		/* no connected subnet or route for the destination */
	DROP_TTL_EXCEEDED,	/* a router would lower the TTL to 0 */
	DROP_NOT_FOR_US,	/* IPv4 destination is not one of our addresses */
	DROP_IP_BAD_HEADER,	/* version, length or header checksum wrong */
	DROP_IP_UNKNOWN_PROTO,	/* no handler for the IP protocol */
	DROP_NO_SOCKET,		/* no UDP socket on the port (the kernel sends port unreachable) */
	DROP_UDP_CSUM,		/* UDP checksum wrong */
	/* a half-duplex end of a cable (hdx.h), after the others so that
	 * their numbers do not move */
	DROP_EXCESSIVE_COLLISIONS,	/* 16 collisions: given up (tx_aborted_errors) */
	DROP_LATE_COLLISION,	/* collision past the slot time: aborted, not retried */
	DROP_RX_WHILE_SENDING,	/* arrived while this half-duplex end was sending */
	DROP_FCS_ERROR,		/* a fragment of a frame cut short: counted, no frame in it */
	/* 802.1Q, after the others so that their numbers do not move */
	DROP_VLAN_NOT_ALLOWED,	/* switch: the port in (or, a known unicast, the port out)
				 * does not carry the frame's VLAN */
	DROP_UNKNOWN_VLAN,	/* host: tagged for a VLAN it has no VLAN device for */
	/* spanning tree (a switch port that is not portfast), after the others */
	DROP_STP_LISTENING,	/* arrived on a port still listening: not learnt */
	DROP_STP_LEARNING,	/* arrived on a port still learning: learnt, not forwarded */
	DROP_STP_EGRESS,	/* its exit port is listening or learning */
	DROP_REASON_COUNT
};

extern const char *const drop_reason_names[DROP_REASON_COUNT];

/*
 * Or'ed into a reason for the frame monitor only (counters and the drop's
 * reason stay as they are): the copy died at a device it was not addressed
 * to, a unicast frame for another MAC that a switch flooded there, so it
 * was not on the packet's way, whatever the reason it died for (an
 * inactive slave of another host drops it as inactive_slave).
 */
#define DROP_ASTRAY 0x100

/* Tell the frame monitor, then free the reference (no counting here). */
static inline void drop_frame(struct sim *sim, struct frame *f, enum drop_reason why,
			      const char *place)
{
	sim_frame_event(sim, f, SIM_FRAME_DROPPED, (int)why, place);
	frame_unref(f);
}

/* A copy reached its endpoint and is done with (consume_skb). */
static inline void frame_consume(struct sim *sim, struct frame *f)
{
	sim_frame_event(sim, f, SIM_FRAME_CONSUMED, 0, NULL);
	frame_unref(f);
}

/* One more copy of @f now travels on its own (a flood, a broadcast bond). */
static inline struct frame *frame_copy_ref(struct sim *sim, struct frame *f)
{
	sim_frame_event(sim, f, SIM_FRAME_COPIED, 0, NULL);
	return frame_ref(f);
}

#endif
