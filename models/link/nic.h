/*
 * nic.h - a physical Ethernet interface: tx queue, line-rate serialisation.
 *
 * DOC: A NIC queues up to txqueuelen frames (drops counted beyond that, as
 * the kernel's pfifo_fast would) in each of two bands: control frames in
 * band 0, sent before any data waiting in band 1, as pfifo_fast does.  It
 * transmits one at a time at the link's speed and hands each finished
 * frame to its link.  A frame occupies the wire for (max(len, 60) + 4 FCS
 * + 8 preamble + 12 inter-frame gap) bytes.
 * Carrier follows the cable (link.c) and the NIC's own health; with no
 * carrier, xmit drops and counts.
 */
#ifndef BONDSIM_NIC_H
#define BONDSIM_NIC_H

#include "autoneg.h"
#include "netdev.h"

struct link;
struct link_dir;

typedef void (*nic_frame_fn)(void *arg, const struct frame *f);

#define NIC_DEFAULT_TXQUEUELEN 1000

/*
 * 32 bytes in a 64-byte aligned ring, so none straddles two lines (at 40,
 * W4 at 1,024 hosts took 1.7 M more cache misses).  The frame's length is
 * its own: only frames still in flight, so still alive, are read for it.
 */
struct nic_ahead {
	uintptr_t f_band0;		/* the frame, | 1 when from the control band */
	sim_time_t start, done;
	sim_time_t prev_last;		/* the cable's last_at before it */
};

/*
 * Allocated 64-byte aligned, and dev is eight lines.  The next line is
 * everything a frame sent ahead from an idle or busy NIC reads or writes
 * past dev (the cable's direction, the ring of frames sent ahead, the
 * cached transmit time, whether the NIC holds anything back); the queues,
 * the frame on the wire and the timer come after.  The cable and this
 * NIC's end of it are tx_dir's (nic_link(), nic_link_end()).  With
 * thousands of NICs taking turns, each line a frame touches is a likely
 * cache miss.
 */
struct nic {
	struct netdev dev;		/* first: a struct nic * is a struct netdev * */
	/* The cable's direction away from this end (NULL: no cable). */
	struct link_dir *tx_dir;
	/* Frames sent ahead (nic.c): already in the cable's ring, which holds
	 * the references, each serialised from start to done with no event of
	 * its own; in wire order, the first the one on the wire (start <= now),
	 * the others still queued as far as txqueuelen is concerned (and,
	 * before them, those already out that nic.c has not forgotten yet). */
	struct nic_ahead *ah;
	sim_time_t ah_done;		/* the last one's done, when there are any */
	sim_time_t tt_ns;		/* nic_tx_time() of tt_len bytes at tt_bps */
	uint64_t tt_bps;
	uint32_t ah_head, ah_len, ah_cap;
	uint32_t txqueuelen;
	/* q_len + cq_len + (on_wire != NULL), kept by held_update(): what a
	 * frame from an idle NIC asks of them, in this line */
	uint32_t held;
	uint32_t tt_len;
	/* the next line */
	struct frame *on_wire;		/* being serialised, tx_done armed */
	uint32_t q_len, cq_len;
	uint32_t ah_band0;		/* how many sent ahead are band 0's */
	uint32_t q_head;
	struct frame **q;		/* ring of txqueuelen frames: band 1, data */
	/* Band 0 (control frames, nic.c): its own ring of txqueuelen,
	 * allocated on the first control frame, dequeued before q. */
	struct frame **cq;
	uint32_t cq_head;
	bool failed;			/* NIC hardware failure: no carrier whatever the cable */
	struct sim_timer tx_done;
	/* This end of a cable with a half-duplex end (hdx.h), NULL on a
	 * full-duplex cable: its frames take the CSMA/CD path (nic_hdx.c). */
	struct hdx_end *hdx;
	/* Speed and duplex as configured at this end (ethtool -s, IOS speed
	 * and duplex), and how the cable's came about (autoneg.h). */
	struct autoneg_cfg an;
	enum autoneg_how an_how;
	/* nic_set_unsent(): read only when a frame it took is lost, never per frame */
	nic_frame_fn unsent_fn;
	void *unsent_arg;
};
G_STATIC_ASSERT(offsetof(struct nic, tt_len) + 4 <= sizeof(struct netdev) + 64);
G_STATIC_ASSERT(sizeof(struct netdev) % 64 == 0);

struct nic *nic_new(struct sim *sim, const char *owner, const char *name, const uint8_t mac[6],
		    uint32_t txqueuelen);
void nic_free(struct nic *nic);
/* The NIC a device is, NULL if it is not one (a bond, a device a test made). */
struct nic *nic_of(struct netdev *dev);
/*
 * This end's settings (nic->an) changed during the run, @cause saying how
 * ("ethtool -s server.eth0 autoneg on"): both ends' settings are resolved
 * again (autoneg.h) and the cable renegotiates (link_renegotiate()).
 * Nothing happens on a cable with no NIC at the far end, or with none.
 */
void nic_renegotiate(struct nic *nic, const char *cause);
/*
 * What "ethtool DEV" prints for this NIC now (ethtool 6.1's layout, the
 * lines bondsim models): supported and advertised link modes, the link
 * partner's, speed, duplex, autonegotiation, link detected.
 */
void nic_ethtool_text(const struct nic *nic, GString *out);
/* The first lines of "ethtool DEV" for a device that reports no link modes
 * (a bond, a card bondsim has no output of): "Supported ports: [ @ports ]". */
void ethtool_no_link_modes(GString *out, const char *ports);
/* The cable the NIC is plugged into (NULL: none), and which end it is (0, 1). */
struct link *nic_link(const struct nic *nic);
int nic_link_end(const struct nic *nic);
/*
 * Whoever counts frames as the NIC takes them (netdev_xmit() said true) and
 * wants the count to be of frames that left: @fn hears of each taken frame
 * that never will (flushed by a carrier loss, the one on the wire then, a
 * half-duplex give-up), before it is dropped.  One listener (NULL: none);
 * @nic NULL (a device that is not a NIC) sets nothing.
 */
void nic_set_unsent(struct nic *nic, nic_frame_fn fn, void *arg);
/*
 * The frames the NIC took that are not out yet (queued, being sent, sent
 * ahead and not finished by now): taken, not counted in tx_packets once
 * the run is settled (WIRE_UNCOUNT).  For reports, at the end: it scans.
 */
void nic_foreach_held(const struct nic *nic, nic_frame_fn fn, void *arg);
/* NIC failure (true) or repair: carrier lost at this end only. */
void nic_set_failed(struct nic *nic, bool failed);
sim_time_t nic_tx_time(const struct nic *nic, const struct frame *f);
/* When the frame on the wire, every control frame the NIC holds and what
 * is already on its cable will have reached the far end: now when none.
 * Queued data is not waited for: closing the NIC drops it, as the
 * kernel's dev_close() resets the qdisc. */
sim_time_t nic_drained_at(struct nic *nic);
/* The CSMA/CD counters of a NIC on a cable with a half-duplex end (hdx.h),
 * NULL on a full-duplex cable: reports show them only then. */
const struct hdx_counters *nic_hdx_counters(const struct nic *nic);
/* "half duplex on a Half/Full cable", or for counters of earlier in the
 * run "full duplex now, its cable had a half-duplex end until 4.05s". */
void nic_hdx_describe(const struct nic *nic, GString *out);

#endif
