/*
 * tcp.h - a TCP that behaves like Linux's where bonding makes a difference.
 *
 * DOC: One struct tcp_sock per connection end, on a struct host, speaking
 * real segments (RFC 9293 headers with MSS, window-scale, SACK-permitted,
 * timestamp and SACK options) through ip_output(), so captures decode in
 * Wireshark.  Payload is a length, as everywhere in bondsim.  The machine
 * follows Linux (net/ipv4/tcp_input.c, tcp_output.c, tcp_timer.c) at the
 * level that decides throughput over a bond:
 *   handshake     SYN, SYN-ACK, ACK; MSS from the route's MTU; wscale; SACK_PERM; TS
 *   receiver      out-of-order queue, SACK blocks (RFC 2018), DSACK (RFC 2883),
 *                 delayed ACKs (40 ms, every second full segment, quick ACKs
 *                 while out of order)
 *   sender        slow start, congestion avoidance (CUBIC default, NewReno),
 *                 the SACK scoreboard, fast retransmit when the lost
 *                 estimate reaches tcp_reordering segments (dupthresh), fast
 *                 recovery with PRR (RFC 6937), RTO per RFC 6298 with Linux's
 *                 200 ms floor and exponential backoff
 *   reordering    DSACK proves a retransmission spurious: undo cwnd, raise
 *                 tp->reordering (at most tcp_max_reordering), as Linux's
 *                 tcp_check_sack_reordering() and tcp_try_undo_dsack()
 * What differs from Linux is listed in README.md ("TCP", "The model").
 *
 * Files: tcp.c (sockets, demux), tcp_out.c (segments out),
 * tcp_in.c (segments in, ACK processing, the RTO), tcp_sack.c (scoreboard),
 * tcp_rack.c (RACK-TLP), tcp_cong.c (CUBIC, NewReno), tcp_rcv.c (receive
 * queue, ACKs), tcp_parse.c, tcp_metrics.c; tcp_priv.h inside the family.
 *
 * Ownership: sockets belong to their host; tcp_host_fini() frees them all.
 * Callbacks run inside segment processing: they may call tcp_send() and
 * tcp_close() on their own socket, never free it.
 */
#ifndef BONDSIM_TCP_H
#define BONDSIM_TCP_H

#include "host/host.h"

enum tcp_cc { TCP_CC_CUBIC, TCP_CC_RENO };

/* net.ipv4.tcp_* of one host, with Linux 6.1's defaults (tcp_params_default). */
struct tcp_params {
	uint32_t reordering;		/* tcp_reordering: 3 */
	uint32_t max_reordering;	/* tcp_max_reordering: 300 */
	bool sack;			/* tcp_sack: 1 */
	bool dsack;			/* tcp_dsack: 1 */
	bool timestamps;		/* tcp_timestamps: 1 */
	bool window_scaling;		/* tcp_window_scaling: 1 */
	uint32_t recovery;		/* tcp_recovery: 1 (RACK loss detection) */
	enum tcp_cc congestion_control;	/* tcp_congestion_control: cubic */
	uint32_t rmem_max;		/* tcp_rmem[2]: 6291456, the receive window's ceiling */
	uint32_t wmem_max;		/* tcp_wmem[2]: 4194304, unacked bytes at most */
	uint32_t init_cwnd;		/* TCP_INIT_CWND: 10 segments */
	sim_time_t rto_min;		/* TCP_RTO_MIN: 200 ms */
	sim_time_t rto_init;		/* TCP_TIMEOUT_INIT: 1 s */
	sim_time_t rto_max;		/* TCP_RTO_MAX: 120 s */
	sim_time_t delack_min;		/* TCP_DELACK_MIN: 40 ms */
	uint32_t syn_retries;		/* tcp_syn_retries: 6 */
	uint32_t retries2;		/* tcp_retries2: 15 */
	uint32_t comp_sack_nr;		/* tcp_comp_sack_nr: 44 ACKs folded at most, 0: off */
	sim_time_t comp_sack_delay;	/* tcp_comp_sack_delay_ns: 1 ms */
	sim_time_t comp_sack_slack;	/* tcp_comp_sack_slack_ns: 100 us */
};

void tcp_params_default(struct tcp_params *p);

/* Linux's tcp_info fields that a report shows, plus counters of our own. */
struct tcp_stats {
	uint64_t segs_out, segs_in;	/* every segment, pure ACKs included */
	uint64_t data_segs_out;		/* segments carrying data, retransmissions included */
	uint64_t bytes_sent;		/* payload bytes put on the wire, retransmissions included */
	uint64_t bytes_acked;		/* sender: cumulatively acknowledged payload */
	uint64_t bytes_received;	/* receiver: in-order payload delivered to the app */
	uint64_t retrans_segs;		/* retransmitted segments (all causes) */
	uint64_t fast_retrans;		/* retransmissions by fast retransmit / recovery */
	uint64_t rto_retrans;		/* retransmissions after a timeout */
	uint64_t tlp_probes;		/* tail loss probes sent */
	uint64_t timeouts;		/* RTO expirations */
	uint64_t recoveries;		/* entries into fast recovery */
	uint64_t spurious_retrans;	/* retransmissions the peer reported by DSACK */
	uint64_t dsacks_received;	/* ACKs carrying a DSACK block */
	uint64_t dsacks_sent;		/* receiver: DSACK blocks sent (data already had) */
	uint64_t acks_compressed;	/* receiver: ACKs SACK compression did not send
					 * (TcpExtTCPAckCompressed) */
	uint64_t dup_data_received;	/* receiver: segments with data it already had,
					 * D-SACK or not (spurious retransmissions) */
	uint64_t undos;			/* recoveries undone (cwnd restored) */
	uint64_t reorder_raises;	/* times tp->reordering was raised (no Linux counter;
					 * tcp_info_snap.reord_seen counts every detection) */
	uint64_t dup_acks_received;
	uint64_t ooo_segs_received;	/* receiver: segments that went to the out-of-order queue */
};

/* tcp_get_info(): a snapshot, as `ss -ti` would show it. */
struct tcp_info_snap {
	const char *state;		/* "SYN_SENT", "ESTABLISHED", "FIN_WAIT1", ... */
	const char *ca_state;		/* "Open", "Disorder", "CWR", "Recovery", "Loss" */
	uint32_t mss;			/* sender MSS in use */
	uint32_t cwnd;			/* segments */
	uint32_t ssthresh;		/* segments; UINT32_MAX: infinite (ss -i omits it) */
	uint32_t reordering;		/* tp->reordering: the threshold learned */
	uint32_t reord_seen;		/* tp->reord_seen (ss -ti "reord_seen"): every time
					 * reordering was detected, raising the degree or not */
	uint32_t packets_out, sacked_out, lost_out, retrans_out;
	uint32_t rcv_wnd;		/* bytes we advertise */
	uint32_t snd_wnd;		/* bytes the peer advertises */
	sim_time_t srtt, rttvar, rto, min_rtt;	/* ns; srtt 0 before a sample */
	uint64_t unacked_bytes;		/* snd_nxt - snd_una */
	uint64_t queued_bytes;		/* written by the app, not yet sent */
};

struct tcp_sock;

/* What an application hears; every field may be NULL. */
struct tcp_callbacks {
	/* three-way handshake done (both ends) */
	void (*connected)(void *owner, struct tcp_sock *s);
	/* @bytes more in-order bytes reached the application at sim time now */
	void (*data)(void *owner, struct tcp_sock *s, uint64_t bytes);
	/* snd_una advanced: @bytes more of what we wrote are acknowledged */
	void (*acked)(void *owner, struct tcp_sock *s, uint64_t bytes);
	/* the peer's FIN arrived, all its data delivered */
	void (*peer_closed)(void *owner, struct tcp_sock *s);
	/* gave up (SYN or data retries exhausted) or reset; no more callbacks */
	void (*aborted)(void *owner, struct tcp_sock *s, const char *why);
	/*
	 * A data segment is about to leave (first transmission or not): the app
	 * may stamp @meta (flow id, sequence number, send time) for its receiver.
	 */
	void (*stamp)(void *owner, struct tcp_sock *s, struct frame_meta *meta, bool retrans);
	/* A data segment arrived at this end (before reassembly): its @meta. */
	void (*segment)(void *owner, struct tcp_sock *s, const struct frame_meta *meta,
			uint32_t payload);
};

/* The host's TCP: call once per host that runs TCP, before the run (@p NULL: the defaults). */
void tcp_host_init(struct host *h, const struct tcp_params *p);
/* Frees every socket of the host; call before host_free(). */
void tcp_host_fini(struct host *h);
struct tcp_params *tcp_host_params(struct host *h);

/*
 * Listen on @port: each SYN creates a socket with @cb/@owner (the
 * connected callback tells the app about it).  false when @port is taken.
 */
bool tcp_listen(struct host *h, uint16_t port, const struct tcp_callbacks *cb, void *owner);
/*
 * Active open from @sport (0: an ephemeral port) to @dst:@dport now; NULL
 * when @sport is in use towards @dst:@dport (or listening) or no route
 * leads to @dst.  Data written and close() before the handshake ends wait
 * for it.
 */
struct tcp_sock *tcp_connect(struct host *h, uint16_t sport, uint32_t dst, uint16_t dport,
			     const struct tcp_callbacks *cb, void *owner);
/* The app writes @bytes more (UINT64_MAX: an endless bulk source). */
void tcp_send(struct tcp_sock *s, uint64_t bytes);
/* Send FIN after everything written. */
void tcp_close(struct tcp_sock *s);

void tcp_get_info(const struct tcp_sock *s, struct tcp_info_snap *out);
const struct tcp_stats *tcp_sock_stats(const struct tcp_sock *s);
uint16_t tcp_sock_sport(const struct tcp_sock *s);
uint16_t tcp_sock_dport(const struct tcp_sock *s);
uint32_t tcp_sock_peer(const struct tcp_sock *s);

/* The TCP header and options of a frame, for tests and the fuzzer. */
struct tcp_seg {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;			/* TCP_FIN ... TCP_ACK */
	uint16_t window;		/* as on the wire (not scaled) */
	uint32_t payload;		/* data bytes */
	uint16_t mss;			/* 0: no MSS option */
	int8_t wscale;			/* -1: no window-scale option */
	bool sack_ok;
	bool has_ts;
	uint32_t tsval, tsecr;
	uint8_t n_sack;
	uint32_t sack[4][2];		/* start, end */
};
#define TCP_FIN	0x01
#define TCP_SYN	0x02
#define TCP_RST	0x04
#define TCP_PSH	0x08
#define TCP_ACK	0x10

/*
 * Parse the TCP header at @off of @f's bytes (@l4_len: header + payload as
 * IPv4 says).  false, with @why set, on anything malformed: short header,
 * data offset out of range, an option running past the header.
 */
bool tcp_parse(const struct frame *f, uint16_t off, uint32_t l4_len, struct tcp_seg *out,
	       const char **why);

/* Publish "<prefix>.<counter>" for every tcp_stats counter and tcp_info field. */
void tcp_sock_metrics(const struct tcp_sock *s, struct metrics *m, const char *prefix);
/*
 * The host's counters, as netstat -s names them: "<host>.tcp.active_opens",
 * ".passive_opens", ".out_rsts" (to segments for no socket), ".in_errs"
 * (malformed or bad checksum), ".retrans_segs" (all its sockets).
 */
void tcp_host_metrics(const struct host *h, struct metrics *m);

#endif
