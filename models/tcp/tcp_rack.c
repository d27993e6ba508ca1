/*
 * tcp_rack.c - RACK-TLP loss detection (RFC 8985; Linux's tcp_recovery.c
 * and tcp_send_loss_probe / tcp_schedule_loss_probe of tcp_output.c).
 *
 * DOC: On when params.recovery has bit 0 (tcp_recovery = 1, Linux's
 * default) and the connection has SACK.  RACK: a segment is lost when a
 * segment sent after it has been delivered and more than RACK.rtt + reo_wnd
 * has passed since it was sent.  reo_wnd is 0 while no reordering has been
 * seen and either recovery is under way or tp->reordering segments are
 * SACKed (the dupthresh rule kept inside RACK); otherwise min_rtt / 4 times
 * reo_wnd_steps, at most srtt.  A DSACK raises the steps by one (at most
 * once per round trip, and only once reordering has been seen); after 16
 * recoveries whose losses were real they go back to 1 (a recovery undone
 * by DSACK gives one back, tcp_try_undo_dsack).
 * Segments not yet past their time arm the reorder timer for the rest.
 *
 * TLP: in Open (or CWR) with data out, a probe is armed 2 srtt (+ 2 ms, or
 * + 200 ms when a single segment is out, the peer's delayed ACK) after the
 * last send, but never later than the RTO.  It sends a new segment if the
 * window allows, else retransmits the last one; one probe at a time.  When
 * the probe retransmitted and its ACK shows a loss it repaired, cwnd is
 * reduced once (tcp_process_tlp_ack).
 *
 * The RTO, the probe and the reorder timeout share one timer, as Linux's
 * icsk_retransmit_timer with icsk_pending: arming one replaces the other.
 *
 * Deviations: TLP is on with RACK (Linux has its own switch,
 * tcp_early_retrans = 3); Linux adds a jiffy or two to the reorder timer
 * (timer granularity), here it fires at the exact time; the queue is
 * scanned in sequence order (Linux keeps a list sorted by send time) with
 * the same result, since a retransmission is always sent after every
 * original below snd_nxt.
 */
#include "tcp_priv.h"

#define TCP_TIMEOUT_MIN			(2 * SIM_MS)	/* 2 jiffies */

void tcp_rack_init(struct tcp_sock *s)
{
	s->rack = (struct tcp_rack){ .mstamp = -1, .reo_wnd_steps = 1 };
}

/* tcp_skb_sent_after(): later, or at the same time and further on. */
static bool sent_after(sim_time_t t1, uint32_t seq1, sim_time_t t2, uint32_t seq2)
{
	return t1 > t2 || (t1 == t2 && after(seq1, seq2));
}

void tcp_rack_advance(struct tcp_sock *s, uint8_t sacked, uint32_t end_seq, sim_time_t xmit)
{
	sim_time_t rtt = tcp_now(s) - xmit;

	/* a retransmitted segment acked faster than min_rtt: its original did it */
	if ((sacked & (TCPCB_SACKED_RETRANS | TCPCB_EVER_RETRANS)) && rtt < s->min_rtt)
		return;
	s->rack.advanced = true;
	s->rack.rtt = rtt;
	if (s->rack.mstamp < 0 || sent_after(xmit, end_seq, s->rack.mstamp, s->rack.end_seq)) {
		s->rack.mstamp = xmit;
		s->rack.end_seq = end_seq;
	}
}

static sim_time_t reo_wnd(const struct tcp_sock *s)
{
	sim_time_t min_rtt = s->min_rtt == SIM_TIME_NEVER ? 0 : s->min_rtt;

	if (!s->reord_seen) {
		/* no reordering seen: be aggressive in recovery, or at dupthresh */
		if (s->ca_state >= TCP_CA_RECOVERY || s->sacked_out >= s->reordering)
			return 0;
	}
	return MIN(min_rtt / 4 * s->rack.reo_wnd_steps, s->srtt);
}

/* tcp_mark_skb_lost(): a lost retransmission is lost again. */
static void mark_skb_lost(struct tcp_sock *s, guint i)
{
	struct tcp_skb *skb = tcp_rtx_at(s, i);

	if (skb->sacked & TCPCB_SACKED_RETRANS) {
		skb->sacked &= (uint8_t)~TCPCB_SACKED_RETRANS;
		s->retrans_out--;
	}
	if (!(skb->sacked & TCPCB_LOST)) {
		skb->sacked |= TCPCB_LOST;
		s->lost_out++;
	}
	if (s->retrans_hint > s->rtx_head + i)
		s->retrans_hint = s->rtx_head + i;
}

/* tcp_rack_detect_loss(): returns the longest wait of a segment not yet late. */
static sim_time_t detect_loss(struct tcp_sock *s)
{
	sim_time_t wnd = reo_wnd(s), wait = 0, now = tcp_now(s);

	if (s->rack.mstamp < 0)
		return 0;
	for (guint i = 0; i < tcp_rtx_len(s); i++) {
		const struct tcp_skb *skb = tcp_rtx_at(s, i);
		sim_time_t remaining;

		if (skb->sacked & TCPCB_SACKED_ACKED)
			continue;
		if ((skb->sacked & TCPCB_LOST) && !(skb->sacked & TCPCB_SACKED_RETRANS))
			continue;	/* lost, waiting for its retransmission */
		if (!sent_after(s->rack.mstamp, s->rack.end_seq, skb->xmit_time, skb->end_seq)) {
			if (!(skb->sacked & TCPCB_EVER_RETRANS))
				break;	/* so is everything sent after it */
			continue;
		}
		remaining = s->rack.rtt + wnd - (now - skb->xmit_time);
		if (remaining <= 0)
			mark_skb_lost(s, i);
		else if (remaining > wait)
			wait = remaining;
	}
	return wait;
}

static void arm(struct tcp_sock *s, enum tcp_xmit_timer what, sim_time_t delay)
{
	s->pending = what;
	sim_timer_arm(s->host->sim, &s->rto_timer, tcp_now(s) + delay);
}

bool tcp_rack_mark_lost(struct tcp_sock *s)
{
	sim_time_t wait;

	if (!s->rack.advanced)
		return false;
	s->rack.advanced = false;
	wait = detect_loss(s);
	if (!wait)
		return false;
	arm(s, TCP_TIMER_REO, wait);
	return true;
}

void tcp_rack_update_reo_wnd(struct tcp_sock *s, uint64_t prior_delivered)
{
	struct tcp_rack *r = &s->rack;

	/* one step per round trip: a DSACK within it of the last raise is ignored */
	if (prior_delivered < r->last_delivered)
		r->dsack_seen = false;
	if (r->dsack_seen) {
		if (r->reo_wnd_steps < 0xff)
			r->reo_wnd_steps++;
		r->dsack_seen = false;
		r->last_delivered = s->delivered;
		r->reo_wnd_persist = TCP_RACK_RECOVERY_THRESH;
	} else if (!r->reo_wnd_persist) {
		r->reo_wnd_steps = 1;
	}
}

/* The reorder timer fired (tcp_rack_reo_timeout). */
void tcp_rack_reo_timeout(struct tcp_sock *s)
{
	uint32_t prior_inflight = tcp_packets_in_flight(s);

	detect_loss(s);
	if (prior_inflight != tcp_packets_in_flight(s)) {
		if (s->ca_state < TCP_CA_RECOVERY) {
			tcp_enter_recovery(s);
			tcp_cwnd_reduction(s, 1);
		}
		tcp_write_xmit(s);
	}
	if (!sim_timer_pending(&s->rto_timer))
		tcp_rearm_rto(s);
}

/* How far the RTO of the head lies in the future (tcp_rto_delta_us). */
static sim_time_t rto_delta(const struct tcp_sock *s)
{
	if (!tcp_rtx_len(s))
		return s->rto;
	return tcp_rtx_at(s, 0)->xmit_time + s->rto - tcp_now(s);
}

static bool schedule_probe(struct tcp_sock *s, bool advancing_rto)
{
	sim_time_t timeout, delta;

	if (!tcp_is_rack(s) || !s->packets_out || s->tlp_high_seq ||
	    (s->ca_state != TCP_CA_OPEN && s->ca_state != TCP_CA_CWR))
		return false;
	if (s->srtt)
		timeout = 2 * s->srtt + (s->packets_out == 1 ? tcp_p(s)->rto_min : TCP_TIMEOUT_MIN);
	else
		timeout = tcp_p(s)->rto_init;
	delta = advancing_rto ? s->rto : rto_delta(s);
	if (delta > 0 && delta < timeout)
		timeout = delta;
	arm(s, TCP_TIMER_TLP, timeout);
	return true;
}

bool tcp_schedule_loss_probe(struct tcp_sock *s)
{
	return schedule_probe(s, false);
}

void tcp_rearm_rto(struct tcp_sock *s)
{
	sim_time_t rto = s->rto;

	if (!s->packets_out) {
		sim_timer_cancel(s->host->sim, &s->rto_timer);
		return;
	}
	/* after a probe or a reorder wait, the RTO still counts from the head */
	if (s->pending != TCP_TIMER_RTO)
		rto = MAX(rto_delta(s), 1);
	arm(s, TCP_TIMER_RTO, rto);
}

void tcp_set_xmit_timer(struct tcp_sock *s)
{
	if (!schedule_probe(s, true))
		tcp_rearm_rto(s);
}

void tcp_send_loss_probe(struct tcp_sock *s)
{
	uint32_t pcount = s->packets_out;
	struct tcp_skb *last;

	if (s->tlp_high_seq || !s->packets_out)
		goto rearm;
	s->tlp_retrans = false;
	if (tcp_send_new(s) && s->packets_out > pcount)
		goto sent;
	last = tcp_rtx_at(s, tcp_rtx_len(s) - 1);
	if (!s->retrans_stamp)
		s->retrans_stamp = tcp_tsval(s);
	last->sacked |= TCPCB_EVER_RETRANS;
	last->xmit_time = tcp_now(s);
	s->st.retrans_segs++;
	tcp_transmit_skb(s, last, true);
	s->tlp_retrans = true;
sent:
	s->tlp_high_seq = s->snd_nxt;
	s->st.tlp_probes++;
	s->pending = TCP_TIMER_RTO;
	sim_timer_cancel(s->host->sim, &s->rto_timer);
rearm:
	tcp_rearm_rto(s);
}

void tcp_process_tlp_ack(struct tcp_sock *s, uint32_t ack, bool dsack, bool dup)
{
	if (!s->tlp_high_seq || before(ack, s->tlp_high_seq))
		return;
	if (!s->tlp_retrans || dsack || dup) {
		/* new data probed, or both copies arrived: nothing was lost */
		s->tlp_high_seq = 0;
	} else if (after(ack, s->tlp_high_seq)) {
		/* the probe repaired a tail loss: reduce once (CWR entered and left) */
		s->ssthresh = tcp_cong_ssthresh(s);
		s->cwnd = MIN(s->cwnd, s->ssthresh);
		s->tlp_high_seq = 0;
	}
}
