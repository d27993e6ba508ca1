/*
 * tcp_timer.c - the retransmission timer: the SYN's retries, the RTO and the
 * Loss state it enters (tcp_timer.c: tcp_retransmit_timer; tcp_input.c:
 * tcp_enter_loss), and the TLP and RACK reorder timeouts it dispatches to
 * tcp_rack.c (one timer, as Linux's icsk_retransmit_timer, with
 * s->pending saying which it is).
 *
 * DOC: The RTO (RFC 6298 as Linux does it: srtt + max(4 rttvar, 200 ms),
 * doubled at each expiry up to rto_max) enters Loss: every segment not
 * SACKed is marked lost, cwnd = 1, and they are resent in order as cwnd
 * grows.  retries2 expiries without progress abort the connection; a SYN
 * (SYN-ACK) is resent syn_retries (5) times from rto_init, doubling.
 */
#include "tcp_priv.h"

void tcp_enter_loss(struct tcp_sock *s)
{
	const struct tcp_params *p = tcp_p(s);

	if (s->ca_state <= TCP_CA_DISORDER || !after(s->high_seq, s->snd_una)) {
		tcp_undo_init(s);
		s->ssthresh = tcp_cong_ssthresh(s);
	}
	/* so many SACKs and still a timeout: the reordering was overestimated */
	if (s->ca_state <= TCP_CA_DISORDER && s->sack_ok && s->sacked_out >= p->reordering)
		s->reordering = MIN(s->reordering, p->reordering);
	if (!s->sack_ok)
		s->sacked_out = 0;
	s->lost_out = 0;
	s->retrans_out = 0;
	for (guint i = 0; i < tcp_rtx_len(s); i++) {
		struct tcp_skb *skb = tcp_rtx_at(s, i);

		skb->sacked &= (uint8_t)~TCPCB_SACKED_RETRANS;
		if (!(skb->sacked & TCPCB_SACKED_ACKED)) {
			skb->sacked |= TCPCB_LOST;
			s->lost_out++;
		}
	}
	s->retrans_hint = s->rtx_head;
	s->cwnd = 1;
	tcp_cong_on_loss(s);
	s->high_seq = s->snd_nxt;
	s->ca_state = TCP_CA_LOSS;
	s->tlp_high_seq = 0;
}

static void syn_timeout(struct tcp_sock *s)
{
	const struct tcp_params *p = tcp_p(s);
	bool synack = s->state == TCP_S_SYN_RECV;

	/* tcp_synack_retries is 5 in Linux; the listener's side has no knob here */
	if (s->backoff >= (synack ? TCP_SYNACK_RETRIES : p->syn_retries)) {
		if (synack) {
			tcp_set_state(s, TCP_S_CLOSED);
			return;
		}
		tcp_abort(s, "SYN retries exhausted");
		return;
	}
	s->backoff++;
	s->rto = MIN(p->rto_init << s->backoff, p->rto_max);
	s->syn_time = -1;	/* Karn: no RTT from a retransmitted SYN */
	s->st.timeouts++;
	s->st.retrans_segs++;
	tcp_send_syn(s, synack);
}

void tcp_retransmit_timer(struct sim *sim, void *arg)
{
	struct tcp_sock *s = arg;
	const struct tcp_params *p = tcp_p(s);

	if (s->state == TCP_S_SYN_SENT || s->state == TCP_S_SYN_RECV) {
		syn_timeout(s);
		return;
	}
	if (!s->packets_out || s->state == TCP_S_CLOSED)
		return;
	if (s->pending == TCP_TIMER_TLP) {
		tcp_send_loss_probe(s);
		return;
	}
	if (s->pending == TCP_TIMER_REO) {
		tcp_rack_reo_timeout(s);
		return;
	}
	if (s->retransmits >= p->retries2) {
		tcp_abort(s, "retransmission timeout");
		return;
	}
	s->st.timeouts++;
	s->retransmits++;
	tcp_enter_loss(s);
	tcp_write_xmit(s);
	s->backoff++;
	s->rto = MIN(s->rto * 2, p->rto_max);
	s->pending = TCP_TIMER_RTO;
	sim_timer_arm(sim, &s->rto_timer, sim->now + s->rto);
}
