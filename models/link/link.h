/*
 * link.h - a full-duplex cable between two NICs.
 *
 * DOC: Each direction delivers frames to the far NIC a fixed propagation
 * delay after they leave the transmitter, in order.  A link can be
 * unplugged (carrier lost at both ends), lossy (independent loss per frame
 * from the link's own random stream) or silently broken in one direction
 * (carrier stays up, frames vanish: the failure MII monitoring cannot see).
 * The speed of the link is the speed both NICs run at.
 */
#ifndef BONDSIM_LINK_H
#define BONDSIM_LINK_H

#include "nic.h"
#include "rng.h"

struct pcap;

struct link_flight {
	struct frame *f;
	sim_time_t at;
};

struct link_dir {
	struct link *link;
	int to;				/* index of the receiving end */
	struct link_flight *ring;
	uint32_t head, len, cap;
	sim_time_t last_at;		/* keeps delivery in order when delay changes */
	struct sim_timer deliver;
	bool blackhole;			/* silent failure in this direction */
	uint64_t frames, bytes, lost, blackholed, down_drops;
};

struct link {
	char name[160];			/* "server.eth0--sw1.Gi0/1": 2 x (31 + 1 + 31) + 2 */
	struct sim *sim;
	struct nic *end[2];
	uint64_t speed_bps;
	sim_time_t delay;
	double loss;			/* probability per frame, both directions */
	bool up;			/* cable plugged in */
	struct link_dir dir[2];		/* dir[i]: from end[i] to end[1-i] */
	struct rng rng;
	struct pcap *pcap;		/* NULL unless captures were asked for */
};

struct link *link_new(struct sim *sim, const char *name, struct nic *a, struct nic *b,
		      uint64_t speed_bps, sim_time_t delay);
void link_free(struct link *link);
void link_set_up(struct link *link, bool up);
/* Carrier as both ends see it: cable plugged and neither NIC failed. */
bool link_carrier(const struct link *link);
/* Recompute carrier at both ends (after a NIC failed or was repaired). */
void link_update_carrier(struct link *link);
/* Called by a NIC when a frame has been serialised onto this link. */
void link_transmit(struct link *link, int from_end, struct frame *f);

#endif
