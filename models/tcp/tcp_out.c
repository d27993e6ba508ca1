/*
 * tcp_out.c - segments out: SYN, ACK, data, retransmissions, RST
 * (tcp_output.c: tcp_transmit_skb, tcp_write_xmit, tcp_xmit_retransmit_queue).
 *
 * DOC: Options are laid out as Linux's tcp_options_write() lays them out:
 * MSS; SACK-permitted + timestamps (or NOP NOP + timestamps); NOP + window
 * scale; NOP NOP + SACK-permitted when there are no timestamps; NOP NOP +
 * SACK blocks (3 fit beside timestamps, 4 without).  The MSS option says
 * MTU - 40 = 1460; a full segment then carries 1448 bytes with timestamps.
 *
 * What may leave is decided as Linux decides it: lost segments first
 * (tcp_xmit_retransmit_queue), then new data while the packets in flight
 * (packets_out - sacked_out - lost_out + retrans_out) stay below cwnd and
 * the segment fits in min(snd_wnd, tcp_wmem[2]) from snd_una.  A segment
 * smaller than the MSS waits while an earlier small segment is unacked
 * (Nagle with Minshall's rule, tcp_minshall_check), unless close() pushes.
 *
 * Deviations: the FIN goes alone after the last data (Linux piggy-backs it
 * on the last segment when it can); there is no persist timer (a window
 * closed to zero waits for the peer's next ACK, which the receiver here
 * never causes: its window is fixed); segments are never split or merged
 * after they were sent (no TSO, no tcp_fragment).
 */
#include "tcp_priv.h"

uint32_t tcp_packets_in_flight(const struct tcp_sock *s)
{
	return s->packets_out - (s->sacked_out + s->lost_out) + s->retrans_out;
}

uint64_t tcp_queued(const struct tcp_sock *s)
{
	return s->written - s->sent_new;
}

static uint16_t window_field(const struct tcp_sock *s, bool syn)
{
	uint32_t w;

	if (syn) {
		/* RFC 7323: never scaled in a SYN; Linux rounds it to whole MSS (64240) */
		w = MIN(s->rcv_wnd, 65535u);
		return (uint16_t)(w / (TCP_MTU - 40) * (TCP_MTU - 40));
	}
	w = s->rcv_wnd >> s->rcv_wscale;
	return (uint16_t)MIN(w, 65535u);
}

static uint8_t syn_options(const struct tcp_sock *s, uint8_t *o)
{
	uint8_t n = 0;

	o[n++] = 2;
	o[n++] = 4;
	wire_wr16(o + n, TCP_MTU - 40);
	n += 2;
	if (s->ts_ok) {
		if (s->sack_ok) {
			o[n++] = 4;
			o[n++] = 2;
		} else {
			o[n++] = 1;
			o[n++] = 1;
		}
		o[n++] = 8;
		o[n++] = 10;
		wire_wr32(o + n, tcp_tsval(s));
		wire_wr32(o + n + 4, s->state == TCP_S_SYN_RECV ? s->ts_recent : 0);
		n += 8;
	}
	if (s->wscale_ok) {
		o[n++] = 1;
		o[n++] = 3;
		o[n++] = 3;
		o[n++] = s->rcv_wscale;
	}
	if (s->sack_ok && !s->ts_ok) {
		o[n++] = 1;
		o[n++] = 1;
		o[n++] = 4;
		o[n++] = 2;
	}
	return n;
}

static uint8_t est_options(struct tcp_sock *s, uint8_t *o, bool ack)
{
	uint32_t blocks[4][2];
	uint8_t n = 0, nb;

	if (s->ts_ok) {
		o[n++] = 1;
		o[n++] = 1;
		o[n++] = 8;
		o[n++] = 10;
		wire_wr32(o + n, tcp_tsval(s));
		wire_wr32(o + n + 4, s->ts_recent);
		n += 8;
	}
	if (!ack || !s->sack_ok)
		return n;
	nb = tcp_sack_blocks(s, blocks, s->ts_ok ? 3 : 4);
	if (!nb)
		return n;
	o[n++] = 1;
	o[n++] = 1;
	o[n++] = 5;
	o[n++] = (uint8_t)(2 + 8 * nb);
	for (uint8_t i = 0; i < nb; i++) {
		wire_wr32(o + n, blocks[i][0]);
		wire_wr32(o + n + 4, blocks[i][1]);
		n += 8;
	}
	return n;
}

/* An ACK leaves (alone or on data): the delayed ACK is served. */
static void ack_sent(struct tcp_sock *s)
{
	uint32_t pkts = s->rcv_mss ? (s->rcv_nxt - s->rcv_wup + s->rcv_mss - 1) / s->rcv_mss : 0;

	s->quick = pkts >= s->quick ? 0 : s->quick - pkts;
	s->rcv_wup = s->rcv_nxt;
	s->last_ack_sent = s->rcv_nxt;
	s->ack_now = false;
	s->ofo_sched = false;
	sim_timer_cancel(s->host->sim, &s->delack_timer);
	tcp_comp_sack_sent(s);
}

/* Build one segment and hand it to IP (tcp_transmit_skb). */
static void transmit(struct tcp_sock *s, uint32_t seq, uint8_t flags, uint32_t payload,
		     bool retrans)
{
	struct frame *f = ip_frame_alloc(s->host);
	uint8_t opt[TCP_MAX_OPT];
	bool syn = flags & TCP_SYN;
	uint8_t olen = syn ? syn_options(s, opt) : est_options(s, opt, flags & TCP_ACK);
	uint16_t hlen = (uint16_t)(WIRE_TCP_HLEN + olen);
	uint8_t *p;

	g_assert(olen <= TCP_MAX_OPT && olen % 4 == 0);
	p = frame_put(f, hlen);
	wire_wr16(p, s->lport);
	wire_wr16(p + 2, s->rport);
	wire_wr32(p + 4, seq);
	wire_wr32(p + 8, flags & TCP_ACK ? s->rcv_nxt : 0);
	p[12] = (uint8_t)(hlen / 4 << 4);
	p[13] = flags;
	wire_wr16(p + 14, window_field(s, syn));
	wire_wr16(p + 16, 0);	/* ip_output() fills it */
	wire_wr16(p + 18, 0);
	memcpy(p + WIRE_TCP_HLEN, opt, olen);
	f->len = WIRE_ETH_HLEN + WIRE_IPV4_HLEN + hlen + payload;
	if (payload && s->cb.stamp)
		s->cb.stamp(s->owner, s, &f->meta, retrans);
	s->st.segs_out++;
	if (payload) {
		s->st.data_segs_out++;
		s->st.bytes_sent += payload;
	}
	if (flags & TCP_ACK)
		ack_sent(s);
	if (payload)
		tcp_tsq_sent(s, f);
	ip_output(s->host, s->raddr, WIRE_IPPROTO_TCP, f);
}

void tcp_send_syn(struct tcp_sock *s, bool synack)
{
	if (s->syn_time == -1 && !s->backoff)
		s->syn_time = tcp_now(s);
	if (!synack) {
		const struct tcp_params *p = tcp_p(s);

		/* what we ask for; the SYN-ACK settles it */
		s->sack_ok = p->sack;
		s->ts_ok = p->timestamps;
		s->wscale_ok = p->window_scaling;
	}
	transmit(s, s->iss, synack ? TCP_SYN | TCP_ACK : TCP_SYN, 0, s->backoff > 0);
	if (!sim_timer_pending(&s->rto_timer))
		sim_timer_arm(s->host->sim, &s->rto_timer, tcp_now(s) + s->rto);
}

void tcp_send_ack(struct tcp_sock *s)
{
	if (s->state == TCP_S_CLOSED || s->state == TCP_S_SYN_SENT)
		return;
	transmit(s, s->snd_nxt, TCP_ACK, 0, false);
}

static void count_out(struct tcp_sock *s)
{
	if (s->ca_state == TCP_CA_RECOVERY)
		s->prr_out++;
}

static void retransmit_skb(struct tcp_sock *s, struct tcp_skb *skb)
{
	if (!s->retrans_stamp)
		s->retrans_stamp = tcp_tsval(s);
	skb->sacked |= TCPCB_SACKED_RETRANS | TCPCB_EVER_RETRANS;
	skb->xmit_time = tcp_now(s);
	s->retrans_out++;
	s->st.retrans_segs++;
	if (s->ca_state == TCP_CA_LOSS)
		s->st.rto_retrans++;
	else
		s->st.fast_retrans++;
	if (s->undo_valid) {
		s->undo_retrans++;
		s->undo_total++;
	}
	count_out(s);
	tcp_transmit_skb(s, skb, true);
}

void tcp_transmit_skb(struct tcp_sock *s, const struct tcp_skb *skb, bool retrans)
{
	transmit(s, skb->seq, TCP_ACK | (skb->fin ? TCP_FIN : 0), skb->len, retrans);
}

/* The first lost segment not yet retransmitted, from the hint on. */
static struct tcp_skb *next_lost(struct tcp_sock *s)
{
	guint i = MAX(s->retrans_hint, s->rtx_head);

	if (!s->lost_out)
		return NULL;
	for (; i < s->rtx->len; i++) {
		struct tcp_skb *skb = &g_array_index(s->rtx, struct tcp_skb, i);

		if ((skb->sacked & (TCPCB_LOST | TCPCB_SACKED_ACKED | TCPCB_SACKED_RETRANS)) ==
		    TCPCB_LOST) {
			s->retrans_hint = i + 1;
			return skb;
		}
	}
	s->retrans_hint = i;
	return NULL;
}

static bool can_send_new(const struct tcp_sock *s)
{
	return s->state == TCP_S_ESTABLISHED || s->state == TCP_S_CLOSE_WAIT;
}

static void queue_new(struct tcp_sock *s, uint32_t len, bool fin)
{
	struct tcp_skb skb = {
		.seq = s->snd_nxt,
		.end_seq = s->snd_nxt + len + fin,
		.len = len,
		.fin = fin,
		.xmit_time = tcp_now(s),
	};

	/* tcp_event_data_sent(): the first data after a pause */
	if (!s->packets_out && s->lsndtime >= 0)
		tcp_cong_tx_start(s, tcp_now(s) - s->lsndtime);
	s->lsndtime = tcp_now(s);
	tcp_rtx_push(s, &skb);
	s->snd_nxt = skb.end_seq;
	s->sent_new += len;
	s->packets_out++;
	count_out(s);
	/* tcp_event_new_data_sent(): a probe armed goes back to the RTO */
	if (!sim_timer_pending(&s->rto_timer) || s->pending == TCP_TIMER_TLP)
		tcp_rearm_rto(s);
}

static bool send_fin(struct tcp_sock *s)
{
	if (!s->fin_queued || s->fin_sent || tcp_queued(s))
		return false;
	s->fin_sent = true;
	tcp_set_state(s, s->state == TCP_S_ESTABLISHED ? TCP_S_FIN_WAIT1 : TCP_S_LAST_ACK);
	queue_new(s, 0, true);
	transmit(s, s->snd_nxt - 1, TCP_FIN | TCP_ACK, 0, false);
	return true;
}

/* One new data segment if the windows and Nagle allow it (tcp_write_xmit). */
bool tcp_send_new(struct tcp_sock *s)
{
	uint64_t q = tcp_queued(s);
	int64_t avail = (int64_t)MIN(s->snd_wnd, tcp_p(s)->wmem_max) -
			(int64_t)(s->snd_nxt - s->snd_una);
	uint32_t len;
	uint32_t seq = s->snd_nxt;

	if (!can_send_new(s))
		return false;
	if (!q)
		return send_fin(s);
	len = (uint32_t)MIN(q, (uint64_t)s->mss);
	if (avail < (int64_t)len) {
		/* only a segment that fits, unless nothing is out (tcp_snd_wnd_test) */
		if (s->packets_out || avail <= 0)
			return false;
		len = (uint32_t)avail;
	}
	if (len < s->mss && s->packets_out && after(s->snd_sml, s->snd_una) && !s->fin_queued)
		return false;
	if (len < s->mss)
		s->snd_sml = seq + len;
	queue_new(s, len, false);
	s->tx_gso = tcp_gso_next(s);
	transmit(s, seq, TCP_ACK | (len == q ? TCP_PSH : 0), len, false);
	return true;
}

void tcp_write_xmit(struct tcp_sock *s)
{
	uint64_t sent = s->st.segs_out;

	if (s->state < TCP_S_ESTABLISHED || s->state == TCP_S_TIME_WAIT)
		return;
	s->cwnd_limited = false;
	for (;;) {
		struct tcp_skb *lost;

		if (tcp_packets_in_flight(s) >= s->cwnd) {
			s->cwnd_limited = true;
			break;
		}
		lost = next_lost(s);
		if (lost) {
			s->gso_left = 0;	/* a retransmission is an skb of its own */
			retransmit_skb(s, lost);
			continue;
		}
		if (tcp_tsq_limited(s) || !tcp_send_new(s))
			break;
	}
	s->gso_left = 0;	/* the super-packet ends where the writing stops */
	if (s->st.segs_out != sent)
		tcp_schedule_loss_probe(s);
}

void tcp_send_rst_reply(struct tcp_host *th, uint32_t src, const struct tcp_seg *seg)
{
	struct frame *f;
	uint8_t *p;

	if (seg->flags & TCP_RST)
		return;
	f = ip_frame_alloc(th->host);
	p = frame_put(f, WIRE_TCP_HLEN);
	memset(p, 0, WIRE_TCP_HLEN);
	wire_wr16(p, seg->dport);
	wire_wr16(p + 2, seg->sport);
	p[12] = WIRE_TCP_HLEN / 4 << 4;
	/* RFC 9293 3.10.7.1: take the ACK's number, or acknowledge what came */
	if (seg->flags & TCP_ACK) {
		wire_wr32(p + 4, seg->ack);
		p[13] = TCP_RST;
	} else {
		wire_wr32(p + 8, seg->seq + seg->payload + !!(seg->flags & TCP_SYN) +
				 !!(seg->flags & TCP_FIN));
		p[13] = TCP_RST | TCP_ACK;
	}
	th->no_socket_rsts++;
	ip_output(th->host, src, WIRE_IPPROTO_TCP, f);
}
