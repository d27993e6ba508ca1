/*
 * tcp_priv.h - inside the TCP family: the socket, its scoreboard, its
 * receive queue, and the functions the tcp_*.c files share.
 *
 * DOC: Sequence numbers are 32-bit and compared modulo 2^32 (before(),
 * after()), as on the wire.  The retransmission queue holds one entry per
 * segment sent (never more than one MSS of payload, or a FIN): Linux's skb
 * with its TCP_SKB_CB()->sacked bits.  Payload is a length, so nothing is
 * kept to resend: a retransmission builds a fresh frame.
 */
#ifndef BONDSIM_TCP_PRIV_H
#define BONDSIM_TCP_PRIV_H

#include "itab.h"
#include "tcp.h"

/* The route's MTU: every interface of bondsim is Ethernet with MTU 1500. */
#define TCP_MTU			1500
#define TCP_MSS_DEFAULT		536	/* RFC 9293: no MSS option */
#define TCP_MIN_SND_MSS		48	/* net.ipv4.tcp_min_snd_mss */
#define TCP_TS_LEN		12	/* NOP, NOP, kind 8 len 10 */
#define TCP_MAX_OPT		40
#define TCP_MAX_QUICKACKS	16
#define TCP_FASTRETRANS_THRESH	3	/* the ACKs for one rcv_nxt never compressed */
#define TCP_SYNACK_RETRIES	5
#define TCP_MAX_WSCALE		14
#define TCP_INFINITE_SSTHRESH	0x7fffffffu
#define TCP_FIRST_EPHEMERAL	32768	/* ip_local_port_range 32768 60999 */
#define TCP_LAST_EPHEMERAL	60999
#define TCP_RACK_RECOVERY_THRESH	16	/* recoveries RACK keeps a widened window */

static inline bool before(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static inline bool after(uint32_t a, uint32_t b) { return before(b, a); }
static inline uint32_t seq_max(uint32_t a, uint32_t b) { return after(a, b) ? a : b; }
static inline uint32_t seq_min(uint32_t a, uint32_t b) { return before(a, b) ? a : b; }

enum tcp_state {
	TCP_S_CLOSED, TCP_S_LISTEN, TCP_S_SYN_SENT, TCP_S_SYN_RECV, TCP_S_ESTABLISHED,
	TCP_S_FIN_WAIT1, TCP_S_FIN_WAIT2, TCP_S_CLOSING, TCP_S_TIME_WAIT, TCP_S_CLOSE_WAIT,
	TCP_S_LAST_ACK,
};

/* Linux's tcp_ca_state (CWR is never entered: no ECN). */
enum tcp_ca_state { TCP_CA_OPEN, TCP_CA_DISORDER, TCP_CA_CWR, TCP_CA_RECOVERY, TCP_CA_LOSS };

/* TCP_SKB_CB()->sacked */
#define TCPCB_SACKED_ACKED	0x01	/* SACKed by the peer */
#define TCPCB_SACKED_RETRANS	0x02	/* retransmitted, the retransmission in flight */
#define TCPCB_LOST		0x04	/* thought lost */
#define TCPCB_EVER_RETRANS	0x08	/* retransmitted at least once */

struct tcp_skb {
	uint32_t seq, end_seq;		/* end_seq counts the FIN */
	uint32_t len;			/* payload bytes */
	uint8_t sacked;			/* TCPCB_* */
	bool fin;
	sim_time_t xmit_time;		/* last (re)transmission */
};

/* A contiguous range of out-of-order data held by the receiver. */
struct tcp_range {
	uint32_t start, end;
};

struct tcp_cubic {
	double w_max;			/* segments, before the last reduction */
	double w_last_max;		/* 0 until the first reduction */
	double k;			/* seconds to reach w_max again */
	double w_est;			/* the Reno-friendly estimate */
	sim_time_t epoch_start;		/* -1: no epoch */
	double origin;			/* cwnd the curve is centred on */
	/* HyStart (tcp_cubic.c: hystart_update) */
	bool found;			/* slow start ended by HyStart */
	uint32_t end_seq;		/* snd_nxt when the round began */
	sim_time_t round_start, last_ack;
	sim_time_t curr_rtt;		/* least RTT of this round's samples */
	sim_time_t delay_min;		/* least RTT seen, 0: none */
	uint8_t sample_cnt;
};

/* RACK (RFC 8985; Linux's tp->rack) */
struct tcp_rack {
	sim_time_t mstamp;		/* xmit time of the latest-sent segment delivered */
	uint32_t end_seq;		/* its end, the tie-break of equal times */
	sim_time_t rtt;			/* its RTT */
	uint8_t reo_wnd_steps;		/* the window in min_rtt / 4 steps */
	uint8_t reo_wnd_persist;	/* recoveries left before the steps go back to 1 */
	bool dsack_seen;		/* a DSACK since the steps were last raised */
	bool advanced;			/* mstamp moved on this ACK */
	uint64_t last_delivered;	/* tp->delivered when the steps were raised */
};

/* What the retransmission timer is armed for (icsk_pending). */
enum tcp_xmit_timer { TCP_TIMER_RTO, TCP_TIMER_TLP, TCP_TIMER_REO };

struct tcp_host {
	struct host *host;
	struct tcp_params p;
	struct itab socks;		/* tcp_key() -> struct tcp_sock * (lookup only) */
	GHashTable *listeners;		/* port -> struct tcp_listener * */
	GPtrArray *all;			/* every socket, in creation order: freed by fini */
	uint16_t next_port;		/* next ephemeral port to try */
	uint64_t no_socket_rsts;	/* RSTs sent for segments to no socket */
	uint64_t bad_segs;		/* malformed or bad checksum */
	uint32_t next_gso;		/* the last super-packet id given out */
	uint64_t active_opens, passive_opens;
};

struct tcp_listener {
	struct tcp_callbacks cb;
	void *owner;
};

struct tcp_sock {
	struct tcp_host *th;
	struct host *host;
	struct tcp_callbacks cb;
	void *owner;
	enum tcp_state state;
	enum tcp_ca_state ca_state;
	uint32_t laddr, raddr;
	uint16_t lport, rport;
	uint64_t key;

	/* negotiated options */
	bool sack_ok, ts_ok, wscale_ok;
	uint8_t snd_wscale, rcv_wscale;
	uint32_t mss_clamp;		/* the peer's MSS option */
	uint32_t mss;			/* payload of a full segment (mss_cache) */
	uint32_t ts_recent;		/* the peer's TSval to echo */
	uint32_t last_ack_sent;		/* RFC 7323: ts_recent is taken below it */

	/* sender */
	uint32_t iss, snd_una, snd_nxt;
	uint32_t snd_wnd;		/* bytes, scaled */
	uint64_t written;		/* bytes the app wrote (UINT64_MAX: endless) */
	uint64_t sent_new;		/* of those, sent once at least */
	uint32_t snd_sml;		/* end of the last small segment (Minshall's Nagle) */
	sim_time_t lsndtime;		/* when data last left, -1: never */
	bool fin_queued, fin_sent;
	GArray *rtx;			/* struct tcp_skb, from rtx_head on */
	guint rtx_head;
	guint retrans_hint;		/* absolute index: no lost segment to resend before it */
	uint32_t packets_out, sacked_out, lost_out, retrans_out;
	uint32_t fack;			/* highest SACKed end_seq (tcp_highest_sack_seq) */
	uint32_t reordering;		/* tp->reordering: dupthresh in segments */
	uint32_t dupacks;		/* consecutive duplicate ACKs */
	uint32_t cwnd, ssthresh, cwnd_cnt;
	bool cwnd_limited;
	uint32_t prior_cwnd, prior_ssthresh;
	bool undo_valid;		/* tp->undo_marker != 0 */
	uint32_t undo_marker;
	int32_t undo_retrans;		/* retransmissions not yet DSACKed */
	uint32_t undo_total;		/* retransmissions in the episode */
	uint32_t high_seq;
	uint32_t retrans_stamp;		/* TSval of the episode's first retransmission, 0: none */
	uint32_t prr_delivered, prr_out;
	struct tcp_cubic cubic;
	struct tcp_rack rack;
	uint64_t delivered;		/* segments delivered (SACKed or ACKed), each once */
	uint32_t reord_seen;		/* reorderings observed (tp->reord_seen) */
	uint32_t tlp_high_seq;		/* snd_nxt when a probe left, 0: none out */
	bool tlp_retrans;		/* that probe was a retransmission */
	enum tcp_xmit_timer pending;	/* what rto_timer is armed for */

	/* RTT and RTO (RFC 6298, Linux's floor) */
	sim_time_t srtt, rttvar, rto, min_rtt;
	uint32_t backoff;		/* icsk_backoff */
	uint32_t retransmits;		/* RTOs in a row without progress */
	sim_time_t syn_time;		/* when the SYN (SYN-ACK) left, -1 after a retransmit */
	struct sim_timer rto_timer;

	/* receiver */
	uint32_t irs, rcv_nxt, rcv_wup;	/* rcv_wup: rcv_nxt when the last ACK left */
	uint32_t rcv_wnd;		/* bytes we advertise (fixed: rmem_max) */
	uint32_t rcv_mss;		/* largest segment received */
	GArray *ooo;			/* struct tcp_range, sorted */
	uint32_t sack_recent[4];	/* a sequence inside each recent block, newest first */
	uint8_t n_sack_recent;
	bool dsack_pending;
	struct tcp_range dsack;
	bool fin_rcvd;			/* the peer's FIN seen (maybe out of order) */
	uint32_t fin_seq;
	uint32_t quick;			/* quick ACKs left (icsk_ack.quick) */
	bool ack_now;
	bool ofo_sched;			/* out-of-order data not yet ACKed */
	/* SACK compression (tcp_rcv.c) */
	uint32_t compressed_ack;	/* ACKs held back since the last one sent */
	uint32_t compressed_ack_rcv_nxt;
	uint32_t dup_ack_counter;	/* immediate ACKs sent for this rcv_nxt */
	struct sim_timer comp_sack_timer;
	bool data_seen;
	sim_time_t lrcvtime;		/* when data last arrived */
	struct sim_timer delack_timer;

	/* below us: TSO super-packets and TCP Small Queues (tcp_tsq.c) */
	uint32_t tx_owner;		/* frame.h tx owner id of this socket */
	uint64_t tsq_bytes;		/* bytes sent and not yet off the host's NIC */
	bool tsq_throttled;
	struct sim_timer tsq_timer;
	uint32_t gso_cur, gso_left;	/* the super-packet being cut, segments left in it */
	uint32_t tx_gso;		/* gso_id for the next segment transmitted, 0: none */

	struct tcp_stats st;
};

/* tcp.c */
struct tcp_sock *tcp_sock_new(struct tcp_host *th, uint32_t laddr, uint32_t raddr,
			      uint16_t lport, uint16_t rport, const struct tcp_callbacks *cb,
			      void *owner);
struct tcp_sock *tcp_lookup(struct tcp_host *th, uint32_t raddr, uint16_t rport, uint16_t lport);
const char *tcp_state_name(enum tcp_state s);
const char *tcp_ca_state_name(enum tcp_ca_state s);
void tcp_set_state(struct tcp_sock *s, enum tcp_state st);
void tcp_abort(struct tcp_sock *s, const char *why);
sim_time_t tcp_now(const struct tcp_sock *s);
uint32_t tcp_tsval(const struct tcp_sock *s);
static inline const struct tcp_params *tcp_p(const struct tcp_sock *s) { return &s->th->p; }

/* tcp_tsq.c */
uint64_t tcp_pacing_rate(const struct tcp_sock *s);
uint32_t tcp_tso_segs(const struct tcp_sock *s);
uint32_t tcp_gso_next(struct tcp_sock *s);
void tcp_tsq_init(struct tcp_sock *s);
void tcp_tsq_fini(struct tcp_sock *s);
bool tcp_tsq_limited(struct tcp_sock *s);
void tcp_tsq_sent(struct tcp_sock *s, struct frame *f);

/* tcp_out.c */
void tcp_send_syn(struct tcp_sock *s, bool synack);
void tcp_send_ack(struct tcp_sock *s);
void tcp_write_xmit(struct tcp_sock *s);
/* One new segment if the window and Nagle allow (the probe's first choice). */
bool tcp_send_new(struct tcp_sock *s);
void tcp_transmit_skb(struct tcp_sock *s, const struct tcp_skb *skb, bool retrans);
void tcp_send_rst_reply(struct tcp_host *th, uint32_t src, const struct tcp_seg *seg);
uint32_t tcp_packets_in_flight(const struct tcp_sock *s);
uint64_t tcp_queued(const struct tcp_sock *s);

/* tcp_timer.c */
void tcp_retransmit_timer(struct sim *sim, void *arg);
void tcp_enter_loss(struct tcp_sock *s);

/* tcp_in.c */
void tcp_rcv(void *owner, struct frame *f, const struct ip_rx_info *info);
void tcp_enter_recovery(struct tcp_sock *s);
void tcp_undo_init(struct tcp_sock *s);
void tcp_cwnd_reduction(struct tcp_sock *s, uint32_t newly_acked_sacked);

/* tcp_sack.c */
static inline guint tcp_rtx_len(const struct tcp_sock *s) { return s->rtx->len - s->rtx_head; }
static inline struct tcp_skb *tcp_rtx_at(const struct tcp_sock *s, guint i)
{
	return &g_array_index(s->rtx, struct tcp_skb, s->rtx_head + i);
}
void tcp_rtx_push(struct tcp_sock *s, const struct tcp_skb *skb);
void tcp_rtx_pop_head(struct tcp_sock *s);
struct tcp_sacktag {
	uint32_t newly_sacked;		/* segments */
	uint32_t reord;			/* lowest never-retransmitted segment SACKed below fack */
	bool has_reord;
	bool dsack;
	sim_time_t rtt_xmit;		/* xmit time of the oldest newly SACKed, -1: none */
	sim_time_t ca_xmit;		/* and of the newest, -1: none */
};
void tcp_sacktag(struct tcp_sock *s, const struct tcp_seg *seg, uint32_t prior_snd_una,
		 struct tcp_sacktag *tag);
void tcp_mark_head_lost(struct tcp_sock *s);
uint32_t tcp_highest_sack_seq(const struct tcp_sock *s);
void tcp_check_sack_reordering(struct tcp_sock *s, uint32_t low_seq);
bool tcp_counts_ok(const struct tcp_sock *s);
/* "seq-end_seq:flags ..." of the queue, for tests. */
void tcp_scoreboard_dump(const struct tcp_sock *s, GString *out);

/* tcp_rack.c */
static inline bool tcp_is_rack(const struct tcp_sock *s)
{
	return s->sack_ok && (s->th->p.recovery & 1);
}
void tcp_rack_init(struct tcp_sock *s);
void tcp_rack_advance(struct tcp_sock *s, uint8_t sacked, uint32_t end_seq, sim_time_t xmit);
bool tcp_rack_mark_lost(struct tcp_sock *s);
void tcp_rack_update_reo_wnd(struct tcp_sock *s, uint64_t prior_delivered);
void tcp_rack_reo_timeout(struct tcp_sock *s);
bool tcp_schedule_loss_probe(struct tcp_sock *s);
void tcp_send_loss_probe(struct tcp_sock *s);
void tcp_process_tlp_ack(struct tcp_sock *s, uint32_t ack, bool dsack, bool dup);
/* Arm rto_timer for the RTO (tcp_rearm_rto) or, if it may, a probe. */
void tcp_rearm_rto(struct tcp_sock *s);
void tcp_set_xmit_timer(struct tcp_sock *s);

/* tcp_cong.c */
void tcp_cong_avoid(struct tcp_sock *s, uint32_t acked);
uint32_t tcp_cong_ssthresh(struct tcp_sock *s);
void tcp_cong_on_loss(struct tcp_sock *s);
/* Sending again with nothing in flight after @idle (CA_EVENT_TX_START). */
void tcp_cong_tx_start(struct tcp_sock *s, sim_time_t idle);
void tcp_cong_init(struct tcp_sock *s);
/* An RTT sample of the newest segment this ACK delivered (pkts_acked). */
void tcp_cong_pkts_acked(struct tcp_sock *s, sim_time_t rtt);
/* An RTT sample of the newest segment this ACK delivered (pkts_acked). */
void tcp_cong_pkts_acked(struct tcp_sock *s, sim_time_t rtt);

/* tcp_rcv.c */
void tcp_data_queue(struct tcp_sock *s, const struct tcp_seg *seg, const struct frame *f);
void tcp_ack_snd_check(struct tcp_sock *s);
void tcp_delack_timer(struct sim *sim, void *arg);
void tcp_comp_sack_timer(struct sim *sim, void *arg);
/* An ACK left: what SACK compression held back is served. */
void tcp_comp_sack_sent(struct tcp_sock *s);
/* SACK blocks to send (DSACK first), at most @max; returns how many. */
uint8_t tcp_sack_blocks(struct tcp_sock *s, uint32_t blocks[][2], uint8_t max);
void tcp_rcv_fini(struct tcp_sock *s);
void tcp_rcv_init(struct tcp_sock *s);

#endif
