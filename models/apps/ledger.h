/*
 * ledger.h - where every packet of a measured flow went.
 *
 * DOC: A flow's ledger follows each packet it sends until the packet is
 * resolved: delivered (a copy reached the receiver) or lost (every copy
 * was dropped first).  It counts the packet's live copies: one when sent,
 * one more for each copy a switch floods or a broadcast bond makes, one
 * fewer for each copy dropped (with the drop reason and place the models
 * name, see link/drop.h) or consumed by an endpoint.  So at any moment
 *
 *     sent = received + lost + in flight
 *
 * holds exactly, per flow, and each lost packet is charged to the place
 * and reason of the drop that killed it: the last copy's, unless that copy
 * was only a flood's (a host or port it was not for) and an earlier copy
 * died on the packet's way; then the earlier one.  Copies that die after
 * another copy got through (a flood's copy dropped by a host it was not
 * for) are counted too, apart: they cost bandwidth, not packets.
 *
 * Memory: a 16-bit copy count and the drop a loss would be charged to (16
 * bytes) per packet between the oldest unresolved one and the newest sent,
 * so it stays as small as the network's queues (every queue is bounded)
 * and does not grow with the run's length.  The counts are an array of
 * their own: a packet that is sent and received, the common case, touches
 * nothing else.
 *
 * The ledgers of one simulation hear the frame monitor (sim.h) through one
 * index, created by the first ledger and freed with the last.
 */
#ifndef BONDSIM_LEDGER_H
#define BONDSIM_LEDGER_H

#include "link/drop.h"

/* Not a drop: a copy consumed by an endpoint that was not the flow's receiver. */
#define LEDGER_CONSUMED_ELSEWHERE DROP_REASON_COUNT

struct ledger_place {
	const char *place;		/* the model's own string: stable for the run */
	int reason;			/* enum drop_reason, or LEDGER_CONSUMED_ELSEWHERE */
	uint64_t lost;			/* packets whose last copy died here */
	uint64_t copies;		/* extra copies that died here (no packet lost) */
};

struct ledger_index;

/*
 * A packet's most telling drop so far: one on its way beats a flooded
 * copy's.  Its slot is not cleared when a new packet takes it: it is the
 * packet's only if seq says so.
 */
struct ledger_why {
	const char *place;		/* NULL: never set */
	int reason;
	uint32_t seq;			/* whose drop it is */
};

struct flow_ledger {
	struct sim *sim;
	uint32_t id;			/* the frames' meta.flow */
	/* Did the receiver get packet @seq? (its flow_rx) */
	bool (*seen)(const void *arg, uint32_t seq);
	const void *seen_arg;
	uint32_t base;			/* oldest unresolved sequence number */
	uint32_t sent;			/* next sequence number */
	uint16_t *live;			/* ring: copies alive of base..sent-1 */
	struct ledger_why *why;		/* ring, same slots: the drop a loss would be charged to */
	uint32_t cap, head;		/* cap: a power of two; base is in slot head */
	uint64_t lost;
	uint64_t copies_dropped;
	GArray *places;			/* struct ledger_place, in order of first drop */
	struct ledger_index *index;
	/* The receiving host's name, or NULL: a packet whose copies all died
	 * by chance (flooded to MACs that were not theirs) is charged where it
	 * died at its own destination, not at a bystander's. */
	const char *dest_host;
};

void ledger_init(struct flow_ledger *l, struct sim *sim, uint32_t id,
		 bool (*seen)(const void *arg, uint32_t seq), const void *seen_arg);
void ledger_fini(struct flow_ledger *l);
/* Packet @seq (the next one) is about to leave: call before handing it down. */
void ledger_sent(struct flow_ledger *l, uint32_t seq);
/* Packet @seq has a copy still travelling and was not received: in flight. */
bool ledger_seq_in_flight(const struct flow_ledger *l, uint32_t seq);
/* Packets sent and not yet resolved, not received: in flight right now. */
uint64_t ledger_in_flight(const struct flow_ledger *l);
/* The places sorted by place name, then reason (a copy; g_array_unref it). */
GArray *ledger_places_sorted(const struct flow_ledger *l);
const char *ledger_reason_name(int reason);
struct json;
/* "lost_at": [{"place", "reason", "packets", "extra_copies"}], sorted as above. */
void ledger_report_json(const struct flow_ledger *l, struct json *j);

#endif
