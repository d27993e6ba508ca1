/*
 * apps.h - traffic: constant-bit-rate UDP flows and ping, with measuring sinks.
 *
 * DOC: A flow sends numbered UDP datagrams at a fixed IP-level rate from one
 * host to a port on another; a ping sends numbered ICMP echo requests and
 * takes the replies.  Both feed a struct flow_rx on the receiving side,
 * which measures what the scenario's [expect] lines and the report need:
 * unique packets, duplicates, loss, reordering after RFC 4737 (a packet is
 * reordered when its sequence number is below the next expected one,
 * NextExp = highest seen + 1; its extent is how many packets that arrived
 * before it had higher numbers, counted from the earliest such arrival),
 * one-way delay (flows) or RTT (ping), and the gaps: every hole in the
 * sequence, with the arrival times on either side, which is what the
 * failover report reads.
 *
 * Sequence numbers and send times travel in the frame's meta, which models
 * never look at.  Memory: a receiver keeps its gaps (32 bytes each), the
 * numbers still missing in partly filled ones as ranges (struct
 * flow_rx_hole, 8 bytes each), and the arrivals around each watched moment:
 * nothing per packet, so a flow that loses nothing keeps no record at all
 * however long it runs.  Nor does a lossy one grow without end: past
 * FLOW_RX_GAPS_KEPT gaps, the ones no packet can come back to any more
 * (every number below them is resolved in the flow's ledger) are retired:
 * counted, offered to the list of the longest, and handed to the owner's
 * hook (the failover report and flows.csv keep what they need of them).
 */
#ifndef BONDSIM_APPS_H
#define BONDSIM_APPS_H

#include "host/host.h"
#include "ledger.h"
#include "json.h"
#include "metrics.h"

#define FLOW_GAPS_LISTED 1000	/* gaps a report lists per flow (the longest) */
#define FLOW_RX_GAPS_KEPT 1024	/* gaps kept in full before settled ones are retired */

struct flow_gap {
	sim_time_t last_rx_before;	/* arrival of the last packet before the hole, -1: none */
	sim_time_t first_rx_after;	/* arrival of the packet that revealed the hole */
	uint32_t first_seq;		/* first missing sequence number */
	uint32_t missing;		/* how many numbers were skipped */
	uint32_t late;			/* of those, how many arrived afterwards (reordered) */
	uint32_t revealed_pos;		/* arrival position of the packet after the hole:
					 * the earliest numbered above any in it */
};

/* The outage: from the last arrival before the hole to the one after; 0 if none came before. */
static inline sim_time_t flow_gap_duration(const struct flow_gap *g)
{
	return g->last_rx_before >= 0 ? g->first_rx_after - g->last_rx_before : 0;
}

/*
 * Numbers still missing in a gap that late packets have partly filled (a
 * gap none came back to is missing whole, a filled one nothing: neither
 * needs a record).  A late arrival shrinks, splits or removes its hole.
 */
struct flow_rx_hole {
	uint32_t first;			/* first missing number */
	uint32_t count;			/* how many from first on */
};

/*
 * A moment someone will ask about after the run (a scripted fault): the
 * arrivals just before and just after it are recorded as packets arrive,
 * so a receiver keeps O(watches) memory, not one entry per packet.
 */
struct flow_rx_watch {
	sim_time_t t;
	sim_time_t first_after;		/* first unique arrival strictly after t, or NEVER */
	sim_time_t last_before;		/* last unique arrival at or before t, -1: none */
	bool passed;			/* an arrival after t was seen */
};

/* The receiving side of a flow or ping. */
/* The first line is what an in-order arrival reads and writes. */
struct flow_rx {
	uint64_t received;		/* unique packets */
	uint64_t bytes;			/* payload bytes of unique packets */
	sim_time_t delay_min, delay_max, delay_sum;	/* ns: one-way delay or RTT */
	sim_time_t last_rx_at;		/* -1 before the first packet */
	sim_time_t watch_at;		/* the next watch's t; SIM_TIME_NEVER: none left */
	uint32_t next_exp;		/* RFC 4737 NextExp */
	uint32_t gaps_end;		/* every gap's missing numbers are below this */
	sim_time_t first_rx_at;		/* -1 before the first packet */
	uint64_t duplicated;		/* extra copies of packets already received */
	uint64_t reordered;		/* RFC 4737 reordered packets */
	uint64_t max_reorder_extent;	/* RFC 4737 section 4.2 */
	GArray *holes;			/* struct flow_rx_hole, in sequence order */
	GArray *gaps;			/* struct flow_gap, in sequence order */
	GArray *watches;		/* struct flow_rx_watch, sorted by t */
	guint next_watch;		/* the first one no arrival has passed yet */
	/* Retiring gaps (see flow_rx_settle()). */
	const uint32_t *settled;	/* every number below *settled is resolved; NULL: keep all */
	guint retire_at;		/* gaps->len that tries the next retirement */
	guint kept;			/* FLOW_RX_GAPS_KEPT, or lower (tests) */
	uint32_t retired_end;		/* every retired gap's numbers are below this */
	uint64_t gaps_retired;		/* gaps forgotten, counted */
	GArray *longest;		/* struct flow_gap: the FLOW_GAPS_LISTED longest
					 * retired ones (the longest of all among them),
					 * a heap with the shortest on top */
	void (*on_retire)(void *arg, const struct flow_gap *g, const struct flow_rx_hole *holes,
			  guint n_holes);
	void *on_retire_arg;
};

void flow_rx_init(struct flow_rx *rx);
void flow_rx_fini(struct flow_rx *rx);
/* One packet with sequence number @seq arrived at @now; @bytes of payload. */
void flow_rx_packet(struct flow_rx *rx, uint32_t seq, sim_time_t sent_at, sim_time_t now,
		    uint32_t bytes);
bool flow_rx_seen(const struct flow_rx *rx, uint32_t seq);
/* Before the run: record the arrivals around @t (see flow_rx_first_after). */
void flow_rx_watch(struct flow_rx *rx, sim_time_t t);
/* Arrival time of the first packet strictly after @t; SIM_TIME_NEVER if none.
 * @t must have been watched, or be before the first arrival. */
sim_time_t flow_rx_first_after(const struct flow_rx *rx, sim_time_t t);
/* Arrival time of the last packet at or before @t; -1 if none.
 * @t must have been watched, or be after the last arrival. */
sim_time_t flow_rx_last_before(const struct flow_rx *rx, sim_time_t t);
/* Of the gaps still kept, the first that ended after @t (the outage
 * containing or following @t), or NULL. */
const struct flow_gap *flow_rx_gap_after(const struct flow_rx *rx, sim_time_t t);
/*
 * Let the receiver retire gaps below *@settled (its ledger's base: no copy
 * of a number below it is alive, so no late packet can change those gaps)
 * once it keeps @kept of them (0: FLOW_RX_GAPS_KEPT).  Only gaps revealed
 * before the arrival that retires them go: a failover event recorded at
 * that same instant may still name one.
 */
void flow_rx_settle(struct flow_rx *rx, const uint32_t *settled, guint kept);
/*
 * @fn hears of each gap as it is retired, with the holes still missing in
 * it (n_holes 0: missing whole if g->late is 0, else none): what a report
 * needs of old gaps beyond the count, the longest and the listed ones.
 */
void flow_rx_on_retire(struct flow_rx *rx,
		       void (*fn)(void *arg, const struct flow_gap *g,
				  const struct flow_rx_hole *holes, guint n_holes),
		       void *arg);
/* Every gap ever opened, retired ones included. */
uint64_t flow_rx_gap_count(const struct flow_rx *rx);
/* The longest gap's duration (ns), retired ones included; 0: none. */
sim_time_t flow_rx_longest_gap(const struct flow_rx *rx);

/* What the sender reads per packet first. */
struct flow_config {
	uint32_t id;			/* frame meta flow id: unique, nonzero */
	uint32_t dst_ip;		/* host byte order */
	uint16_t sport, dport;
	uint32_t payload;		/* UDP payload bytes */
	struct host *src;
	uint64_t rate_bps;		/* IP-level bits per second */
	sim_time_t start, stop;		/* sends at start + k x interval < stop; stop 0: never */
	sim_time_t jitter;		/* each packet leaves up to this much after its
					 * nominal time; less than one interval */
	struct host *dst;
	const char *name;
};

/*
 * Laid out for the cache (flows are allocated 64-byte aligned): the
 * sender's per-packet state in the first two lines, then the configuration
 * it reads, the receiver's hot line on a line of its own.
 */
struct flow {
	struct sim *sim;
	uint64_t sent;			/* packets sent = next sequence number */
	struct sim_timer tx_timer;
	/* The schedule without jitter, stepped: packet @sent is due at start +
	 * due_q, with due_r / rate_bps of a nanosecond left over; each packet
	 * adds one interval, packet_bits x 1 s / rate_bps, as step_q and step_r. */
	uint64_t due_q, due_r;
	uint64_t step_q, step_r;
	uint64_t tx_bytes;		/* payload bytes sent: the sampler reads it */
	uint64_t jitter_key;		/* from the seed and the flow id */
	uint64_t packet_bits;		/* (20 + 8 + payload) * 8 */
	uint64_t foreign;		/* datagrams to dport that were not this flow's */
	struct flow_config cfg;		/* name is the flow's own copy */
	_Alignas(64) struct flow_rx rx;	/* rx.bytes: payload bytes received (unique) */
	struct flow_ledger ledger;	/* where each packet went: lost, in flight */
};

/* IP-level bits of one packet of @payload bytes: (20 + 8 + payload) x 8. */
uint64_t flow_packet_bits(uint32_t payload);
/* Whole packets a flow of @cfg sends in @span. */
uint64_t flow_config_packets(const struct flow_config *cfg, sim_time_t span);
/* Less jitter than one packet interval: packets keep their order. */
bool flow_config_jitter_ok(const struct flow_config *cfg);

/* NULL when cfg->dport is already bound on cfg->dst (check udp_port_bound() first). */
struct flow *flow_udp_new(struct sim *sim, const struct flow_config *cfg);
void flow_free(struct flow *fl);
/* When packet number @k is (or was) sent. */
sim_time_t flow_send_time(const struct flow *fl, uint64_t k);
/* Packets whose every copy was dropped (the ledger: each has a place and a reason). */
uint64_t flow_lost(const struct flow *fl);
/* Packets with a copy still in a queue or on a wire, not received: sent = received + lost + this. */
uint64_t flow_in_flight(const struct flow *fl);
/* Received payload bits per second over [start, min(stop, now)). */
double flow_throughput_bps(const struct flow *fl);
static inline const GArray *flow_gaps(const struct flow *fl) { return fl->rx.gaps; }
static inline sim_time_t flow_first_rx_after(const struct flow *fl, sim_time_t t)
{
	return flow_rx_first_after(&fl->rx, t);
}
static inline sim_time_t flow_last_rx_before(const struct flow *fl, sim_time_t t)
{
	return flow_rx_last_before(&fl->rx, t);
}
static inline const struct flow_gap *flow_gap_after(const struct flow *fl, sim_time_t t)
{
	return flow_rx_gap_after(&fl->rx, t);
}
/* "flow.<name>.sent", ".received", ".lost", ... (see the README's metric list). */
void flow_metrics(const struct flow *fl, struct metrics *m);
/* One JSON object; @key NULL inside an array. */
void flow_report_json(const struct flow *fl, struct json *j, const char *key);
/*
 * How a report names packet @k (a receiver's and a ledger's index, from 0):
 * what the user sees of it on the wire.  NULL: k itself, a flow's own
 * numbering (its datagrams carry no sequence number a capture shows).
 */
typedef uint64_t (*flow_seq_label_fn)(uint64_t k);
/* "gaps_not_listed" and "gaps": every gap, or the FLOW_GAPS_LISTED longest;
 * each gap's first_seq as @label names it. */
void flow_rx_gaps_json(const struct flow_rx *rx, struct json *j, flow_seq_label_fn label);
/* One line, no newline. */
void flow_summary(const struct flow *fl, GString *out);

#define PING_DEFAULT_INTERVAL	SIM_S
#define PING_DEFAULT_SIZE	56	/* ping -s default */

struct ping_config {
	const char *name;
	uint32_t id;			/* frame meta flow id; its low 16 bits are the ICMP id */
	struct host *src;
	uint32_t dst_ip;
	sim_time_t interval;		/* 0: PING_DEFAULT_INTERVAL */
	uint32_t count;			/* 0: until stop */
	uint32_t size;			/* ICMP payload bytes (ping -s) */
	sim_time_t start, stop;		/* stop 0: never */
};

struct ping {
	struct ping_config cfg;
	struct sim *sim;
	struct sim_timer tx_timer;
	uint64_t sent;			/* requests sent = the next one's k (see ping_icmp_seq) */
	struct flow_rx rx;		/* delay_* is the RTT */
	struct flow_ledger ledger;	/* requests and their replies, one packet each */
	uint64_t foreign;		/* replies to our ICMP id that were not ours */
};

/*
 * The icmp_seq of echo request @k: iputils' ntransmitted + 1, so the first
 * request says 1, then 2, 3 ..., and 16 bits wide, 65535 wrapping to 0.
 * k, from 0, is the request's meta.seq and its index in the ledger, the
 * receiver and the send times (ping_send_time()); the wire and the reports
 * (ping_seq_label()) say k + 1.
 */
static inline uint16_t ping_icmp_seq(uint64_t k)
{
	return (uint16_t)(k + 1);
}
/* ping_icmp_seq() as a flow_seq_label_fn: what a report says of request @k. */
uint64_t ping_seq_label(uint64_t k);

/* NULL when the ICMP id is already taken on cfg->src. */
struct ping *ping_new(struct sim *sim, const struct ping_config *cfg);
void ping_free(struct ping *p);
/* When echo request @k is (or was) sent. */
sim_time_t ping_send_time(const struct ping *p, uint64_t k);
uint64_t ping_lost(const struct ping *p);
uint64_t ping_in_flight(const struct ping *p);
/* "ping.<name>.sent", ".received", ".lost", ".rtt_min_us", ... */
void ping_metrics(const struct ping *p, struct metrics *m);
void ping_report_json(const struct ping *p, struct json *j, const char *key);
void ping_summary(const struct ping *p, GString *out);

#endif
