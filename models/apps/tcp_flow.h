/*
 * tcp_flow.h - TCP traffic: a bulk transfer or request/response, measured.
 *
 * DOC: A TCP flow is one connection from a client host to a server host
 * (tcp/tcp.h).  Bulk: the data goes one way (client to server, or server
 * to client with download), N bytes or until the flow stops; the app keeps
 * the socket's send buffer full, as iperf3 does.  Request/response: the
 * client writes a request, the server answers with a response once the
 * whole request is in, the client sends the next one when the whole
 * response is in (after an optional think time), and each request's
 * latency is kept: the web-like workload.
 *
 * What is measured: goodput (bytes delivered in order to the receiving
 * application), the socket's counters (retransmissions, fast retransmits,
 * timeouts, DSACKs, spurious retransmissions, the reordering degree Linux
 * learned), and, on the receiving side, the network's own reordering of the
 * data segments: each transmission (first or retransmitted) carries a
 * number of its own in the frame meta, so RFC 4737 and RFC 5236 measure
 * what the bond and the links did, not what TCP re-sent.  The same numbers
 * feed the flow's ledger: every data segment sent is received, lost (with
 * the place and reason) or in flight.
 *
 * Stalls: before the run, tcp_flow_watch(t) asks for the longest time the
 * receiving application waited for its next in-order byte around t; after
 * a cable pull that is the outage as the application saw it, the
 * retransmission timer's backoff included.
 */
#ifndef BONDSIM_TCP_FLOW_H
#define BONDSIM_TCP_FLOW_H

#include "tcp/tcp.h"
#include "apps.h"
#include "reorder.h"

/* RFC 5236's displacement threshold for TCP flows: a GSO burst is 45 segments. */
#define TCP_FLOW_REORDER_DT 64

enum tcp_flow_kind { TCP_FLOW_BULK, TCP_FLOW_RR };

struct tcp_flow_config {
	const char *name;
	uint32_t id;			/* frame meta flow id: unique, nonzero */
	struct host *client, *server;
	uint32_t server_ip;
	uint16_t sport, dport;
	enum tcp_flow_kind kind;
	bool download;			/* bulk: the server sends, the client receives */
	uint64_t bytes;			/* bulk: bytes to transfer, 0: until stop */
	uint32_t request, response;	/* request/response: bytes each way */
	sim_time_t think;		/* request/response: pause before the next request */
	sim_time_t start, stop;		/* stop 0: never; the app writes nothing after stop */
};

/*
 * The stall of a watch: the longest time without an in-order delivery
 * among the gaps that end after t and no later than the next watch (a
 * gap that began before t, as the one a cable pull opens, included).
 */
struct tcp_flow_watch {
	sim_time_t t;
	sim_time_t last_before;		/* last in-order delivery at or before t, -1: none */
	sim_time_t first_after;		/* first one after t, SIM_TIME_NEVER: none */
	sim_time_t stall_from;		/* the stall: last delivery before it, -1: none yet */
	sim_time_t stall_to;		/* the delivery that ended it */
};

struct tcp_flow {
	struct tcp_flow_config cfg;	/* name is the flow's own copy */
	struct sim *sim;
	struct sim_timer start_timer, stop_timer, think_timer;
	struct tcp_sock *client, *server;	/* server: NULL until the SYN arrives */
	bool stopped;			/* past stop: the app writes no more */
	bool aborted;
	char *abort_why;
	sim_time_t aborted_at;		/* when, if aborted */
	sim_time_t connected_at;	/* -1 before the handshake completes */
	sim_time_t done_at;		/* bulk of N bytes: the last byte delivered; -1 */
	uint64_t written;		/* bytes the sending app wrote */
	uint64_t delivered;		/* bytes delivered in order to the receiving app */
	uint64_t delivered_by_stop;	/* of those, by the flow's stop (goodput counts these) */
	sim_time_t last_delivery;	/* -1 before the first */
	/* the data segments, numbered per transmission */
	uint32_t transmissions;		/* data segments sent (the ledger's sequence numbers) */
	uint64_t retransmissions_stamped;
	struct flow_rx rx;
	struct reorder_density rd;	/* RFC 5236 over the same numbers */
	bool finished;			/* tcp_flow_finish() ran: rd flushed */
	struct flow_ledger ledger;
	GArray *watches;		/* struct tcp_flow_watch, sorted by t */
	guint next_watch;
	/* request/response */
	uint64_t req_rx_at_server;	/* request bytes the server holds, not yet answered */
	uint64_t resp_rx_at_client;	/* response bytes of the current request received */
	sim_time_t req_sent_at;
	uint64_t requests;		/* completed */
	GArray *latencies;		/* struct tcp_latency, by t: each value seen once */
};

/* Completed requests that took t (a distinct value: runs repeat their latencies). */
struct tcp_latency {
	sim_time_t t;
	uint64_t n;
};

struct tcp_flow *tcp_flow_new(struct sim *sim, const struct tcp_flow_config *cfg);
void tcp_flow_free(struct tcp_flow *tf);
/* After the run: settle what is measured at the end (RFC 5236's look-ahead). */
void tcp_flow_finish(struct tcp_flow *tf);
/* Before the run: keep the deliveries around @t (a scripted fault). */
void tcp_flow_watch(struct tcp_flow *tf, sim_time_t t);
const struct tcp_flow_watch *tcp_flow_watch_at(const struct tcp_flow *tf, sim_time_t t);
/* The sending and the receiving socket of the data (bulk), NULL before they exist. */
struct tcp_sock *tcp_flow_sender(const struct tcp_flow *tf);
struct tcp_sock *tcp_flow_receiver(const struct tcp_flow *tf);
/* In-order bits per second over [start, the end of the transfer or of the run). */
double tcp_flow_goodput_bps(const struct tcp_flow *tf);
/* The time from start to the last byte of a bulk transfer of N bytes; -1: not done. */
sim_time_t tcp_flow_completion(const struct tcp_flow *tf);
/* Latency quantile @q (0..1) of the completed requests; -1: none. */
sim_time_t tcp_flow_latency(const struct tcp_flow *tf, double q);
/* One more completed request that took @t. */
void tcp_flow_latency_add(struct tcp_flow *tf, sim_time_t t);
/* "flow.<name>.goodput_mbps", ".retrans_segs", ... (see the README's metric list). */
void tcp_flow_metrics(const struct tcp_flow *tf, struct metrics *m);
void tcp_flow_report_json(const struct tcp_flow *tf, struct json *j, const char *key);
/* A few lines, each ending in a newline. */
void tcp_flow_summary(const struct tcp_flow *tf, GString *out);

#endif
