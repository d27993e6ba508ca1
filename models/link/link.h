/*
 * link.h - a full-duplex cable between two NICs.
 *
 * DOC: Each direction delivers frames to the far NIC a fixed propagation
 * delay after they leave the transmitter, in order.  A link can be
 * unplugged (carrier lost at both ends), lossy (independent loss per frame
 * from the link's own random stream) or silently broken in one direction
 * (carrier stays up, frames vanish: the failure MII monitoring cannot see).
 * The speed of the link is the speed both NICs run at.  The link reaches
 * its ends only through their netdev_ops (wire_attach, wire_rx,
 * wire_carrier): it does not know what a NIC is.
 */
#ifndef BONDSIM_LINK_H
#define BONDSIM_LINK_H

#include "hdx.h"
#include "netdev.h"
#include "rng.h"

struct pcap;

struct link_flight {
	struct frame *f;
	sim_time_t at;
};

/*
 * Laid out for the cache: a direction's first line is its delivery timer
 * and the oldest frame in flight, the one it is armed for (the event loop
 * prefetches the timers it is about to run, and so this line); the ring
 * holds the frames behind it.  A cable that carries one frame at a time,
 * the usual, never touches its ring's line.  The second line is all else
 * a frame sent ahead reads or counts: whether it may be sent ahead and the
 * delay are copies of the link's own (link_refresh()), so a frame's hop
 * never reads the link's header.  Links are allocated 64-byte aligned.
 */
struct link_dir {
	_Alignas(64) struct sim_timer deliver;
	struct frame *first;		/* the oldest in flight, when len (NULL: a fragment) */
	uint32_t head;			/* the ring's oldest, the one after first */
	uint32_t len;			/* in flight: first and len - 1 in the ring */
	struct link_flight *ring;
	uint32_t cap;			/* a power of two */
	bool blackhole;			/* silent failure in this direction: link_set_blackhole() */
	bool ahead_ok;			/* link_can_send_ahead(), kept by link_refresh() */
	uint8_t to;			/* index of the receiving end */
	sim_time_t last_at;		/* keeps delivery in order when delay changes */
	uint64_t frames, bytes;
	struct netdev *rx;		/* the receiving end: link->end[to] */
	/* rx->ops->wire_rx, in this line: a delivery reads none of the
	 * receiver's first line, only its second (netdev.h) */
	void (*rx_wire)(struct netdev *dev, struct frame *f);
	sim_time_t delay;		/* link->delay, kept by link_refresh() */
	struct link *link;
	uint64_t lost, blackholed, down_drops;
	char place[4 * NETDEV_NAME_MAX + 3];	/* "server.eth0->sw1.Gi0/1": where drops happen */
};
G_STATIC_ASSERT(offsetof(struct link_dir, len) + 4 <= 64);
G_STATIC_ASSERT(offsetof(struct link_dir, delay) + 8 <= 128);

/* pcap, loss, delay and the directions' blackhole are set through
 * link_set_*() (or followed by link_refresh()): the directions keep copies. */
struct link {
	struct sim *sim;
	struct netdev *end[2];		/* NICs, reached through their netdev_ops */
	struct pcap *pcap;		/* NULL unless captures were asked for */
	double loss;			/* probability per frame, both directions */
	sim_time_t delay;
	uint64_t speed_bps;
	bool end_failed[2];		/* the PHY at that end is dead (no light) */
	bool up;			/* cable plugged in */
	bool never;			/* the ends' settings never agree (autoneg.h): no carrier */
	bool relinking;			/* the ends' settings changed: no carrier until relink */
	struct link_dir dir[2];		/* dir[i]: from end[i] to end[1-i] */
	struct rng rng;
	struct hdx *hdx;		/* NULL: full duplex at both ends (hdx.h) */
	char name[160];			/* "server.eth0--sw1.Gi0/1": 2 x (31 + 1 + 31) + 2 */
	char *negotiation;		/* why it runs as it does (autoneg_explain()); NULL: nothing to say */
	char *negotiation_at_start;	/* once renegotiated: the first one's (NULL: nothing) */
	uint64_t cable_bps;		/* the best both ends' hardware runs (speed=): what they negotiate within */
	/* Renegotiations during the run (link_renegotiate()), oldest first;
	 * NULL when none.  The last one's result is pending until relink. */
	GArray *renegotiations;		/* of struct link_renegotiation */
	struct sim_timer relink;
	/* A half-duplex end's counters outlive its medium: a cable made full
	 * duplex mid-run keeps what its collisions were (nic_hdx_counters()). */
	bool hdx_ever;
	sim_time_t hdx_until;		/* when the last half-duplex end went (hdx NULL again) */
	struct hdx_counters hdx_kept[2];
};

/* One change of the ends' speed and duplex settings, and what came of it. */
struct link_renegotiation {
	sim_time_t at;			/* carrier lost */
	sim_time_t up_at;		/* the new settings in force (carrier back, if they link) */
	sim_time_t carrier_at;		/* the carrier back after it; -1: not (yet): the cable
					 * unplugged, a PHY failed, no link, superseded */
	bool link;			/* false: the new settings never agree */
	uint64_t speed_bps;
	bool half[2];
	char *cause;			/* what changed, as the scenario wrote it */
	char *why;			/* autoneg_explain() of the result; NULL: nothing to say */
};

/* In flight behind the others, for delivery at @at (inline: once per
 * frame and hop). */
void link_dir_grow(struct link_dir *d);
static inline void link_dir_push(struct sim *sim, struct link_dir *d, struct frame *f,
				 sim_time_t at)
{
	if (!d->len) {
		d->len = 1;
		d->first = f;
		sim_timer_arm(sim, &d->deliver, at);
		return;
	}
	if (G_UNLIKELY(d->len - 1 == d->cap))
		link_dir_grow(d);
	d->ring[(d->head + d->len - 1) & (d->cap - 1)] = (struct link_flight){ f, at };
	d->len++;
}

struct link *link_new(struct sim *sim, const char *name, struct netdev *a, struct netdev *b,
		      uint64_t speed_bps, sim_time_t delay);
/* The same, with the ends at @half[i] half duplex (link_set_duplex()) from
 * the start: the carrier comes up with the duplex the ends negotiated. */
struct link *link_new_duplex(struct sim *sim, const char *name, struct netdev *a,
			     struct netdev *b, uint64_t speed_bps, sim_time_t delay,
			     const bool half[2]);
/*
 * The same, as the ends' speed and duplex settings left it (autoneg.h):
 * @never, no link at all, the carrier never rises; @why the sentence
 * reports give for it (NULL or "": nothing to say; copied).
 */
struct link *link_new_negotiated(struct sim *sim, const char *name, struct netdev *a,
				 struct netdev *b, uint64_t speed_bps, sim_time_t delay,
				 const bool half[2], bool never, const char *why);
void link_free(struct link *link);
void link_set_up(struct link *link, bool up);
/* Copy into each direction what the one-event path reads (ahead_ok, delay):
 * after any change of pcap, loss, delay, blackhole or carrier. */
void link_refresh(struct link *link);
/* These change the cable and call link_refresh(); frames sent ahead are the
 * caller's to take back first (link_settle(WIRE_TAKE_BACK)). */
void link_set_loss(struct link *link, double loss);
void link_set_delay(struct link *link, sim_time_t delay);
void link_set_pcap(struct link *link, struct pcap *pcap);
/* @from_end's direction (0 or 1), or both when negative. */
void link_set_blackhole(struct link *link, int from_end, bool on);
/* Carrier as both ends see it: cable plugged, the ends agreed, neither NIC failed. */
static inline bool link_carrier(const struct link *link)
{
	return link->up && !link->never && !link->relinking && !link->end_failed[0] &&
	       !link->end_failed[1];
}
/*
 * An end's speed or duplex settings changed (a scripted ethtool -s, IOS
 * speed/duplex): the carrier goes now and comes back @after later with
 * what the settings resolve to, @r (no carrier if they never agree), @why
 * its sentence (autoneg_explain(), "" for nothing to say), @cause what
 * changed.  A second change before then starts the wait again.
 */
struct autoneg_result;
void link_renegotiate(struct link *link, const struct autoneg_result *r, const char *why,
		      const char *cause, sim_time_t after);
/* The PHY at @end died (true) or was repaired: a dead PHY takes the
 * carrier down at both ends, as the peer sees no light. */
void link_set_end_failed(struct link *link, int end, bool failed);
/*
 * Which ends are half duplex (hdx.h): any half end gives the cable a shared
 * medium (link->hdx), whose frames are never sent ahead and are delivered
 * through the CSMA/CD checks; both false makes it full duplex again.
 */
void link_set_duplex(struct link *link, const bool half[2]);
/* A half-duplex end cut its span [@s, @e) short (collision): a fragment
 * reaches the far end delay after @e, with no frame in it. */
void link_hdx_fragment(struct link *link, int from_end, sim_time_t s, sim_time_t e);
/* Called by a NIC when a frame has been serialised onto this link. */
void link_transmit(struct link *link, int from_end, struct frame *f);
/*
 * The one-event path (nic.c): a frame that starts onto an idle wire, where
 * nothing the cable does depends on the moment its last bit leaves (no
 * capture, no loss, no blackhole, carrier up), goes into the ring at once
 * for delivery at @done + delay.  link_send_ahead() gives the direction's
 * last_at before it, for link_take_back(), which undoes it (the frame must
 * still be the newest in flight); link_count() counts it (or, with @sign
 * -1, takes it off the direction's counters).
 */
static inline bool link_can_send_ahead(const struct link_dir *d)
{
	return d->ahead_ok;
}

static inline void link_send_ahead(struct sim *sim, struct link_dir *d, struct frame *f,
				   sim_time_t done, sim_time_t *prev_last_at)
{
	sim_time_t at = done + d->delay;

	*prev_last_at = d->last_at;
	if (at < d->last_at)
		at = d->last_at;	/* a shorter delay never overtakes */
	d->last_at = at;
	link_dir_push(sim, d, f, at);
}
void link_take_back(struct link_dir *d, struct frame *f, sim_time_t prev_last_at);

static inline void link_count(struct link_dir *d, uint32_t len, int sign)
{
	d->frames += (uint64_t)(int64_t)sign;
	d->bytes += (uint64_t)((int64_t)sign * len);
}
/* Both ends' frames sent ahead and still being serialised: @how (netdev.h).
 * WIRE_TAKE_BACK before a fault changes the cable's delay, loss or
 * blackhole; WIRE_UNCOUNT before counters are sampled or reported. */
void link_settle(struct link *link, enum wire_settle how);

#endif
