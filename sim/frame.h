/*
 * frame.h - reference-counted, pooled frames.
 *
 * DOC: A frame holds the real bytes of its headers (whatever the models put
 * there: Ethernet, 802.1Q, ARP, IPv4, UDP, LACPDU...) in data[0..hdr_len)
 * and only the *length* of its payload: len is the whole frame, and the
 * bytes in [hdr_len, len) are zeros by definition.  What the link layer adds
 * on the wire (padding, trailer, gaps) is the models' business
 * (models/wire/wire.h).  Hashes, switches and dissectors only ever need the
 * headers, and a 1500-byte payload copied a million times is what makes
 * simulators slow.
 *
 * Ownership (mbuf/skb rules): frame_alloc() returns one reference.  Passing a
 * frame to any *_xmit / *_rx function hands that reference over.  Whoever
 * keeps a frame (a queue, a second destination when flooding) takes its own
 * reference with frame_ref().  Bytes are shared and so read-only while
 * ref > 1; a writer calls frame_make_writable() first.
 *
 * meta is for measurement only (which flow, which sequence number, when it
 * was sent): no model may decide anything from it.
 *
 * Frames come from a per-simulation pool that grows in chunks and never
 * shrinks during a run: after warm-up the packet path does not call malloc.
 */
#ifndef BONDSIM_FRAME_H
#define BONDSIM_FRAME_H

#include <stdint.h>
#include <glib.h>
#include <string.h>

typedef int64_t sim_time_t;

#define FRAME_HDR_MAX	192	/* Ethernet+2 tags+IPv6+GRE+IPv4+TCP fits; a LACPDU is 124 */
#define FRAME_PRIO_INTERACTIVE	6	/* Linux's TC_PRIO_INTERACTIVE */
#define FRAME_PRIO_CONTROL	7	/* Linux's TC_PRIO_CONTROL */

struct frame_meta {
	uint32_t flow;		/* 0: not part of a measured flow */
	uint32_t seq;		/* per-flow sequence number */
	sim_time_t sent_at;	/* when the application sent it */
};

struct frame_pool;

/*
 * 256 bytes, 64-byte aligned: the fields in the first line, the headers
 * from the second, so a frame on its way touches two lines, the same two
 * (frame_prefetch()), whatever its place in the pool.
 */
struct frame {
	struct frame_pool *pool;
	struct frame *next_free;
	uint64_t id;		/* unique in the run: this allocation, shared by its references */
	struct frame_meta meta;
	uint32_t ref;
	uint32_t len;		/* whole frame length, >= hdr_len */
	/*
	 * Frames a sender cut from one GSO/TSO super-packet share a nonzero
	 * id: the stack above the NIC (a bond) sees them as one skb and sends
	 * them the same way, as Linux segments only in the slave's NIC.
	 */
	uint32_t gso_id;
	/*
	 * Who wants to know when the frame has left the host (0: nobody): a
	 * registered tx owner (frame_tx_owner_add), told once, when the NIC
	 * puts the frame's last bit on the wire or, failing that, when the
	 * frame is freed (dropped on the way).  Linux's skb destructor, which
	 * TCP Small Queues uses (tcp_wfree).
	 */
	uint32_t tx_owner;
	uint16_t hdr_len;	/* real bytes in data[] */
	/*
	 * skb->priority as the sender set it: 0 for ordinary traffic,
	 * FRAME_PRIO_CONTROL for the control plane's own frames (LACPDUs and
	 * markers, as bond_3ad.c and switches send them; balance-tlb/alb's
	 * learning packets).  The NIC's queue
	 * picks its pfifo_fast band from it (nic.c).
	 */
	uint8_t priority;
	/*
	 * skb->vlan_tci: a VLAN device's tag riding outside the bytes, as
	 * the kernel hands it to a device that inserts tags in hardware (a
	 * bond and its NICs do), until the NIC puts it on the wire.
	 */
	uint8_t vlan_present;		/* 0 or 1 */
	uint16_t vlan_tci;
	/* Bytes in len that the sender's stack never counted: the tag a NIC
	 * inserted (skb->len leaves it out, and so must TCP's small-queue
	 * refund when the frame has left). */
	uint8_t hw_tag_len;
	/*
	 * A switch queued this reference as a copy of a flood (switch.c):
	 * what its port counts as flooded once it has left.  Written only
	 * through frame_set_flooded(), so a holder of another reference never
	 * sees it change.
	 */
	uint8_t flooded;
	_Alignas(64) uint8_t data[FRAME_HDR_MAX];
};

/* the fields stay in the first line, the headers start the second */
G_STATIC_ASSERT(offsetof(struct frame, data) == 64);

typedef void (*frame_tx_done_fn)(void *arg, const struct frame *f);
struct frame_tx_owner {
	frame_tx_done_fn fn;
	void *arg;
};

struct frame_pool {
	struct frame *free;
	void **chunks;
	uint32_t nchunks;
	uint64_t live;		/* allocated and not yet freed: 0 after a clean run */
	uint64_t total;		/* frames ever created (pool size) */
	uint64_t next_id;	/* frame_alloc() numbers frames from 1 */
	GArray *tx_owners;	/* struct frame_tx_owner, by id - 1; fn NULL: removed */
};

void frame_pool_init(struct frame_pool *p);
void frame_pool_fini(struct frame_pool *p);

/* A frame with hdr_len = len = 0, zeroed meta, ref = 1. */
struct frame *frame_alloc(struct frame_pool *p);
static inline struct frame *frame_ref(struct frame *f) { f->ref++; return f; }
void frame_unref(struct frame *f);
/* Register a tx owner; its id goes into frame->tx_owner.  Removing it (the
 * owner is freed) leaves frames still in flight harmless. */
uint32_t frame_tx_owner_add(struct frame_pool *p, frame_tx_done_fn fn, void *arg);
void frame_tx_owner_remove(struct frame_pool *p, uint32_t id);
/* The frame has left the host: tell its owner, once. */
void frame_tx_done(struct frame *f);
/* @f itself when it is the only reference, else a private copy (and @f's
 * ref dropped): the test inline, as most frames have one reference. */
struct frame *frame_copy_private(struct frame *f);
static inline struct frame *frame_make_writable(struct frame *f)
{
	return f->ref == 1 ? f : frame_copy_private(f);
}

/* Mark @f a flood copy or not: a shared frame is copied first, if the mark changes. */
static inline struct frame *frame_set_flooded(struct frame *f, uint8_t flooded)
{
	if (f->flooded == flooded)
		return f;	/* a flood's copy flooded again: no copy */
	f = frame_make_writable(f);
	f->flooded = flooded;
	return f;
}

/*
 * Ask the cache for what a receiver reads first: the frame's own fields and
 * its first header bytes (Ethernet, IPv4, UDP: the first two lines).
 */
static inline void frame_prefetch(const struct frame *f)
{
	__builtin_prefetch(f);
	__builtin_prefetch((const char *)f + 64);
}

/* Append @n header bytes; returns where to write them. */
static inline uint8_t *frame_put(struct frame *f, uint16_t n)
{
	uint8_t *p = f->data + f->hdr_len;
	f->hdr_len += n;
	if (f->len < f->hdr_len)
		f->len = f->hdr_len;
	return p;
}

#endif
