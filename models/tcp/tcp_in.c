/*
 * tcp_in.c - segments in: the handshake, ACK processing, the recovery state
 * machine (tcp_input.c: tcp_rcv_state_process, tcp_ack,
 * tcp_clean_rtx_queue, tcp_fastretrans_alert, tcp_cwnd_reduction); the
 * RTO that ends in Loss is in tcp_timer.c.
 *
 * DOC: An ACK is taken in Linux's order: SACK blocks first (tcp_sack.c),
 * then the cumulative ACK cleans the queue and gives the RTT sample (Karn:
 * none from an ACK that covers a retransmitted segment, but then the
 * timestamp echo's, as tcp_ack_update_rtt), then the loss state machine
 * (Open, Disorder, Recovery, Loss) and then cwnd: PRR (RFC 6937, with
 * slow-start reduction bound) while in Recovery, slow start / congestion
 * avoidance otherwise (tcp_cong.c).  Recovery starts when a segment is
 * marked lost (tcp_sack.c: tp->reordering SACKed segments above a hole, or
 * tp->reordering duplicate ACKs without SACK) and ends when high_seq (snd_nxt
 * at its start) is acknowledged, leaving cwnd = ssthresh (without SACK,
 * only once an ACK goes above it: RFC 6582's hold).  When every
 * retransmission of the episode has been DSACKed, cwnd and ssthresh go back
 * to what they were (tcp_try_undo_dsack).  The RTO (RFC 6298 as Linux does
 * it: srtt + max(4 rttvar, 200 ms)) enters Loss: every segment not SACKed
 * is marked lost, cwnd = 1, and they are resent in order as cwnd grows.
 *
 * Loss detection: with params.recovery bit 0 (Linux's default) and SACK,
 * RACK-TLP decides (tcp_rack.c), as tcp_identify_packet_loss() does; with
 * recovery = 0, or without SACK, the count rule (tcp_sack.c: dupthresh =
 * tp->reordering SACKed segments above a hole, or duplicate ACKs).
 *
 * Undo, as Linux: when DSACKs cover all of an episode's retransmissions
 * (tcp_try_undo_dsack), or when an ACK echoes a TSval older than the first
 * retransmission, proving the original arrived (tcp_packet_delayed: at
 * recovery's end, on a partial ACK with reordering learnt, and in Loss for a
 * spurious RTO).  TSvals tick in ms, as Linux's, so on a LAN it is mostly
 * the DSACK that undoes.
 *
 * Not modelled: F-RTO (a spurious RTO is found by timestamps or DSACKs
 * only, after the go-back-N retransmissions); ECN and the CWR state; Linux's lost-retransmit accounting beyond RACK's (no
 * TcpExtTCPLostRetransmit counter); a SYN retransmitted without timestamps
 * leaves rto_init (not TCP_TIMEOUT_FALLBACK's 3 s), no RTT sample taken.
 */
#include "tcp_priv.h"

static void rtt_sample(struct tcp_sock *s, sim_time_t m)
{
	const struct tcp_params *p = tcp_p(s);

	if (m < 1)
		m = 1;
	if (!s->srtt) {
		s->srtt = m;
		s->rttvar = m / 2;
	} else {
		sim_time_t err = s->srtt > m ? s->srtt - m : m - s->srtt;

		s->rttvar = (3 * s->rttvar + err) / 4;
		s->srtt = (7 * s->srtt + m) / 8;
	}
	if (m < s->min_rtt)
		s->min_rtt = m;
	s->rto = s->srtt + MAX(4 * s->rttvar, p->rto_min);
	if (s->rto > p->rto_max)
		s->rto = p->rto_max;
	s->backoff = 0;
}

/*
 * tcp_rtt_tsopt_us(): the RTT a timestamp echo gives, in the TSval clock's
 * milliseconds, never 0; -1 when the segment echoes nothing.
 */
static sim_time_t rtt_from_tsecr(const struct tcp_sock *s, const struct tcp_seg *seg)
{
	uint32_t delta;

	if (!s->ts_ok || !seg->has_ts || !seg->tsecr)
		return -1;
	delta = tcp_tsval(s) - seg->tsecr;
	if (delta >= INT32_MAX / 1000)	/* an echo from the future */
		return -1;
	return (sim_time_t)MAX(delta, 1u) * SIM_MS;
}

/* tcp_mtu_to_mss(): the peer's MSS, never below tcp_min_snd_mss, less options */
static void set_mss(struct tcp_sock *s)
{
	uint32_t mss = MAX(MIN(s->mss_clamp, (uint32_t)(TCP_MTU - 40)), TCP_MIN_SND_MSS);

	s->mss = mss - (s->ts_ok ? TCP_TS_LEN : 0);
}

/* Options of the peer's SYN or SYN-ACK, against what we asked for. */
static void syn_options(struct tcp_sock *s, const struct tcp_seg *seg)
{
	const struct tcp_params *p = tcp_p(s);

	s->sack_ok = p->sack && seg->sack_ok;
	s->ts_ok = p->timestamps && seg->has_ts;
	s->wscale_ok = p->window_scaling && seg->wscale >= 0;
	s->snd_wscale = s->wscale_ok ? (uint8_t)seg->wscale : 0;
	if (!s->wscale_ok) {
		s->rcv_wscale = 0;
		s->rcv_wnd = MIN(p->rmem_max, 65535u);
	}
	s->mss_clamp = seg->mss ? seg->mss : TCP_MSS_DEFAULT;
	set_mss(s);
	s->ts_recent = seg->tsval;
	s->irs = seg->seq;
	s->rcv_nxt = s->rcv_wup = s->last_ack_sent = seg->seq + 1;
	s->snd_wnd = seg->window;	/* never scaled in a SYN */
}

/* The SYN (SYN-ACK) is acknowledged: the connection is up. */
static void established(struct tcp_sock *s, const struct tcp_seg *seg)
{
	sim_time_t ts_rtt = rtt_from_tsecr(s, seg);

	sim_timer_cancel(s->host->sim, &s->rto_timer);
	if (s->syn_time >= 0 && !s->backoff)
		rtt_sample(s, tcp_now(s) - s->syn_time);
	else if (ts_rtt >= 0)
		rtt_sample(s, ts_rtt);	/* a retransmitted SYN (SYN-ACK): its echo */
	else if (!s->srtt)
		s->rto = tcp_p(s)->rto_init;
	s->backoff = 0;
	s->snd_una = s->snd_nxt = s->iss + 1;
	s->fack = s->snd_una;
	tcp_set_state(s, TCP_S_ESTABLISHED);
}

static void rcv_synsent(struct tcp_sock *s, const struct tcp_seg *seg)
{
	if ((seg->flags & TCP_ACK) && seg->ack != s->iss + 1) {
		tcp_send_rst_reply(s->th, s->raddr, seg);
		return;
	}
	if (seg->flags & TCP_RST) {
		if (seg->flags & TCP_ACK)
			tcp_abort(s, "connection refused");
		return;
	}
	/* a SYN alone would be a simultaneous open: not modelled, ignored */
	if (!(seg->flags & TCP_SYN) || !(seg->flags & TCP_ACK))
		return;
	syn_options(s, seg);
	established(s, seg);
	tcp_send_ack(s);
	if (s->cb.connected)
		s->cb.connected(s->owner, s);
	tcp_write_xmit(s);
}

static void passive_open(struct tcp_host *th, const struct tcp_listener *l,
			 const struct ip_rx_info *info, const struct tcp_seg *seg)
{
	struct tcp_sock *s = tcp_sock_new(th, info->dst, info->src, seg->dport, seg->sport,
					  &l->cb, l->owner);

	th->passive_opens++;
	s->st.segs_in++;
	syn_options(s, seg);
	tcp_set_state(s, TCP_S_SYN_RECV);
	tcp_send_syn(s, true);
}

/* --------------------------------------------------------- ACK processing */

struct ack_state {
	uint32_t prior_snd_una;
	uint32_t acked_segs;
	uint64_t acked_bytes;
	sim_time_t rtt_xmit;		/* oldest never-retransmitted segment acked, -1 */
	sim_time_t ca_xmit;		/* newest of them (last_ackt), -1 */
	bool retrans_acked;		/* FLAG_RETRANS_DATA_ACKED: no sample from
					 * the cumulative ACK at all (Karn) */
	uint32_t reord;
	bool has_reord;
	bool dup;
	bool delayed;			/* tcp_packet_delayed(): it echoes a TSval older
					 * than the first retransmission */
	uint32_t delivered;		/* segments newly SACKed or ACKed, each once */
	struct tcp_sacktag tag;
};

/* tcp_clean_rtx_queue(): drop what @ack covers, count it. */
static void clean_rtx_queue(struct tcp_sock *s, uint32_t ack, struct ack_state *a)
{
	while (tcp_rtx_len(s)) {
		struct tcp_skb *skb = tcp_rtx_at(s, 0);

		if (after(skb->end_seq, ack))
			break;
		if (skb->sacked & TCPCB_SACKED_ACKED)
			s->sacked_out--;
		if (skb->sacked & TCPCB_LOST)
			s->lost_out--;
		if (skb->sacked & TCPCB_SACKED_RETRANS)
			s->retrans_out--;
		if (!(skb->sacked & TCPCB_SACKED_ACKED))
			tcp_rack_advance(s, skb->sacked, skb->end_seq, skb->xmit_time);
		if (skb->sacked & (TCPCB_EVER_RETRANS | TCPCB_SACKED_RETRANS))
			a->retrans_acked = true;
		else if (!(skb->sacked & TCPCB_SACKED_ACKED)) {
			if (a->rtt_xmit < 0)
				a->rtt_xmit = skb->xmit_time;
			a->ca_xmit = MAX(a->ca_xmit, skb->xmit_time);
			if (!a->has_reord) {
				a->reord = skb->seq;
				a->has_reord = true;
			}
		}
		s->packets_out--;
		a->acked_segs++;
		a->acked_bytes += skb->len;
		tcp_rtx_pop_head(s);
	}
	if (a->retrans_acked)
		a->rtt_xmit = a->ca_xmit = -1;
	s->snd_una = ack;
}

/*
 * tcp_ack_update_rtt(): the ACK's own timing first (the cumulative part, else
 * the newly SACKed), and only when Karn forbids both, the timestamp echo of
 * an ACK that acknowledges new data.  With timestamps on (Linux's default)
 * an RTO's retransmissions thus still give samples, and the first one ends
 * the backoff; without them the backoff lasts until a segment sent once is
 * acknowledged.  The congestion control gets the newest segment delivered
 * (ca_rtt_us), or the echo's RTT.
 */
static void ack_update_rtt(struct tcp_sock *s, const struct tcp_seg *seg,
			   const struct ack_state *a)
{
	sim_time_t now = tcp_now(s), rtt = -1, ca = -1;

	if (a->rtt_xmit >= 0)
		rtt = now - a->rtt_xmit;
	else if (a->tag.rtt_xmit >= 0)
		rtt = now - a->tag.rtt_xmit;
	if (MAX(a->ca_xmit, a->tag.ca_xmit) >= 0)
		ca = now - MAX(a->ca_xmit, a->tag.ca_xmit);
	if (rtt < 0 && a->acked_segs)
		rtt = ca = rtt_from_tsecr(s, seg);
	if (rtt >= 0)
		rtt_sample(s, rtt);
	if (ca >= 0)
		tcp_cong_pkts_acked(s, ca);
}

/*
 * tcp_limit_reno_sacked(): duplicate ACKs never count more than the holes
 * allow; true when there were more.
 */
static bool limit_reno_sacked(struct tcp_sock *s)
{
	uint32_t holes = MIN(MAX(s->lost_out, 1u), s->packets_out);

	if (s->sacked_out + holes > s->packets_out) {
		s->sacked_out = s->packets_out - holes;
		return true;
	}
	return false;
}

/*
 * tcp_check_reno_reordering(): more duplicate ACKs than segments out past
 * the hole can only be reordering; the degree becomes what was out then
 * (Linux sets it, even lower than before).
 */
static void check_reno_reordering(struct tcp_sock *s, uint32_t addend)
{
	uint32_t deg;

	if (!limit_reno_sacked(s))
		return;
	deg = MIN(s->packets_out + addend, tcp_p(s)->max_reordering);
	if (deg > s->reordering)
		s->st.reorder_raises++;
	s->reordering = deg;
	s->reord_seen++;
}

/* the undo's baseline at the start of a recovery or a Loss episode */
void tcp_undo_init(struct tcp_sock *s)
{
	s->undo_valid = true;
	s->undo_marker = s->snd_una;
	s->undo_retrans = 0;
	s->undo_total = 0;
	s->prior_cwnd = s->cwnd;
	/* tcp_current_ssthresh() */
	s->prior_ssthresh = MAX(s->ssthresh, s->cwnd / 4 * 3);
}

void tcp_enter_recovery(struct tcp_sock *s)
{
	tcp_undo_init(s);
	s->tlp_high_seq = 0;
	s->ssthresh = tcp_cong_ssthresh(s);
	s->high_seq = s->snd_nxt;
	s->prr_delivered = 0;
	s->prr_out = 0;
	s->ca_state = TCP_CA_RECOVERY;
	s->st.recoveries++;
	if (!s->sack_ok) {
		tcp_mark_head_lost(s);
		limit_reno_sacked(s);
	}
}

static enum tcp_ca_state open_or_disorder(const struct tcp_sock *s)
{
	return s->sacked_out || s->lost_out || s->retrans_out ? TCP_CA_DISORDER : TCP_CA_OPEN;
}

/* tcp_undo_cwnd_reduction(): back to the cwnd and ssthresh of before. */
static void undo_cwnd_reduction(struct tcp_sock *s, bool unmark_loss)
{
	if (unmark_loss) {
		for (guint i = 0; i < tcp_rtx_len(s); i++)
			tcp_rtx_at(s, i)->sacked &= (uint8_t)~TCPCB_LOST;
		s->lost_out = 0;
	}
	s->cwnd = MAX(s->cwnd, s->prior_cwnd);
	if (s->prior_ssthresh > s->ssthresh)
		s->ssthresh = s->prior_ssthresh;
	s->undo_valid = false;
	s->st.undos++;
}

/* Nothing retransmitted is out or queued: the episode's stamp can go. */
static void clear_retrans_stamp(struct tcp_sock *s)
{
	if (!s->retrans_out && !(tcp_rtx_len(s) && (tcp_rtx_at(s, 0)->sacked & TCPCB_EVER_RETRANS)))
		s->retrans_stamp = 0;
}

/* tcp_try_undo_dsack(): every retransmission of the episode was DSACKed. */
static void try_undo_dsack(struct tcp_sock *s)
{
	if (!s->undo_valid || !s->undo_total || s->undo_retrans > 0)
		return;
	/* a spurious recovery: RACK keeps its wider window one recovery longer */
	s->rack.reo_wnd_persist = MIN(s->rack.reo_wnd_persist + 1, TCP_RACK_RECOVERY_THRESH);
	undo_cwnd_reduction(s, false);
	if (s->ca_state == TCP_CA_RECOVERY || s->ca_state == TCP_CA_LOSS) {
		s->ca_state = open_or_disorder(s);
		s->high_seq = s->snd_nxt;
	}
}

/* tcp_may_undo(): all DSACKed, or the timestamps say the original made it. */
static bool may_undo(const struct tcp_sock *s, const struct ack_state *a)
{
	return s->undo_valid && ((s->undo_total && s->undo_retrans <= 0) || a->delayed);
}

/*
 * Without SACK, a recovery whose high_seq is acknowledged exactly is held
 * until something above it is (RFC 6582's guard in tcp_try_undo_recovery()):
 * the duplicate ACKs still on their way for segments of before the
 * recovery must not start another one.  They are not counted meanwhile.
 */
static bool reno_recovery_held(const struct tcp_sock *s)
{
	return !s->sack_ok && s->ca_state == TCP_CA_RECOVERY && s->snd_una == s->high_seq;
}

/*
 * high_seq is acknowledged: tcp_try_undo_recovery(), then, unless the
 * recovery is held, back to Open with tcp_end_cwnd_reduction()'s cwnd =
 * ssthresh when nothing was undone.  false while held.
 */
static bool try_end_recovery(struct tcp_sock *s, const struct ack_state *a)
{
	if (!s->sack_ok)
		s->sacked_out = 0;	/* tcp_reset_reno_sack() */
	if (may_undo(s, a))
		undo_cwnd_reduction(s, false);
	else if (s->rack.reo_wnd_persist)
		s->rack.reo_wnd_persist--;
	if (reno_recovery_held(s)) {
		clear_retrans_stamp(s);
		return false;
	}
	if (s->undo_valid && s->ssthresh < TCP_INFINITE_SSTHRESH)
		s->cwnd = s->ssthresh;
	s->ca_state = open_or_disorder(s);
	clear_retrans_stamp(s);
	return true;
}

/*
 * tcp_try_undo_partial(): a partial ACK echoing a TSval from before the
 * retransmissions: the hole was filled by the late original.  Reordering;
 * undo when no retransmission is out.  true: stop here for this ACK.
 */
static bool try_undo_partial(struct tcp_sock *s, const struct ack_state *a)
{
	if (!s->undo_valid || !a->delayed)
		return false;
	tcp_check_sack_reordering(s, a->prior_snd_una);
	if (s->retrans_out)
		return true;
	clear_retrans_stamp(s);
	undo_cwnd_reduction(s, true);
	s->ca_state = open_or_disorder(s);
	return false;
}

/*
 * tcp_fastretrans_alert(): losses identified (RACK, or the dupthresh count
 * without it), then the state machine.  true when RACK armed its timer.
 */
static bool fastretrans_alert(struct tcp_sock *s, const struct ack_state *a)
{
	bool advanced = after(s->snd_una, a->prior_snd_una);
	bool reo_armed = false;

	if (tcp_is_rack(s))
		reo_armed = tcp_rack_mark_lost(s);
	else if (s->sack_ok)
		tcp_mark_head_lost(s);
	switch (s->ca_state) {
	case TCP_CA_RECOVERY:
		if (!before(s->snd_una, s->high_seq)) {
			if (!try_end_recovery(s, a))
				return reo_armed;
		} else if (advanced && try_undo_partial(s, a)) {
			return reo_armed;
		} else if (!s->sack_ok && advanced) {
			tcp_mark_head_lost(s);	/* NewReno partial ACK */
			limit_reno_sacked(s);
		}
		break;
	case TCP_CA_LOSS:
		/* tcp_try_undo_loss(): the RTO was spurious */
		if (advanced && may_undo(s, a)) {
			undo_cwnd_reduction(s, true);
			s->ca_state = open_or_disorder(s);
		} else if (!before(s->snd_una, s->high_seq)) {
			if (s->rack.reo_wnd_persist)
				s->rack.reo_wnd_persist--;
			s->ca_state = open_or_disorder(s);
		}
		if (s->ca_state != TCP_CA_LOSS)
			clear_retrans_stamp(s);
		break;
	default:
		break;
	}
	if (s->ca_state == TCP_CA_OPEN || s->ca_state == TCP_CA_DISORDER) {
		if (!s->sack_ok && s->sacked_out >= s->reordering)
			tcp_enter_recovery(s);
		else if (s->lost_out)
			tcp_enter_recovery(s);
		else
			s->ca_state = open_or_disorder(s);
	}
	if (a->tag.dsack)
		try_undo_dsack(s);
	return reo_armed;
}

/* PRR (RFC 6937) with slow-start reduction bound, as tcp_cwnd_reduction(). */
void tcp_cwnd_reduction(struct tcp_sock *s, uint32_t newly_acked_sacked)
{
	int64_t in_flight = tcp_packets_in_flight(s);
	int64_t delta = (int64_t)s->ssthresh - in_flight;
	int64_t sndcnt;

	if (!newly_acked_sacked || !s->prior_cwnd)
		return;
	s->prr_delivered += newly_acked_sacked;
	if (delta < 0) {
		uint64_t dividend = (uint64_t)s->ssthresh * s->prr_delivered + s->prior_cwnd - 1;

		sndcnt = (int64_t)(dividend / s->prior_cwnd) - s->prr_out;
	} else {
		sndcnt = MAX((int64_t)s->prr_delivered - s->prr_out, (int64_t)newly_acked_sacked);
		sndcnt = MIN(delta, sndcnt + 1);
	}
	/* force the fast retransmit on entering recovery */
	sndcnt = MAX(sndcnt, s->prr_out ? 0 : 1);
	s->cwnd = (uint32_t)MAX(in_flight + sndcnt, 1);
}

static void cong_control(struct tcp_sock *s, const struct ack_state *a)
{
	bool high_reordering = s->reordering > tcp_p(s)->reordering;

	if (s->ca_state == TCP_CA_RECOVERY) {
		tcp_cwnd_reduction(s, a->delivered);
		return;
	}
	/* tcp_may_raise_cwnd(): with reordering learnt, any delivery counts */
	if (high_reordering ? a->delivered : a->acked_segs)
		tcp_cong_avoid(s, a->delivered);
}

/*
 * Without SACK, sacked_out counts duplicate ACKs (tcp_add_reno_sack,
 * tcp_remove_reno_sacks), and too many of them are reordering.
 */
static void reno_count(struct tcp_sock *s, const struct ack_state *a)
{
	if (a->dup) {
		if (reno_recovery_held(s))
			return;
		s->sacked_out++;
		check_reno_reordering(s, 0);
	} else if (a->acked_segs) {
		uint32_t n = a->acked_segs - 1;

		s->sacked_out = n >= s->sacked_out ? 0 : s->sacked_out - n;
		check_reno_reordering(s, a->acked_segs);
	} else {
		limit_reno_sacked(s);
	}
}

static void fin_acked(struct tcp_sock *s)
{
	if (!s->fin_sent || s->snd_una != s->snd_nxt)
		return;
	switch (s->state) {
	case TCP_S_FIN_WAIT1:
		tcp_set_state(s, TCP_S_FIN_WAIT2);
		break;
	case TCP_S_CLOSING:
		tcp_set_state(s, TCP_S_TIME_WAIT);
		break;
	case TCP_S_LAST_ACK:
		tcp_set_state(s, TCP_S_CLOSED);
		break;
	default:
		break;
	}
}

/* Forward progress proves the next hop reachable (sk_dst_confirm). */
static void confirm_neighbour(struct tcp_sock *s)
{
	uint32_t nexthop;

	if (ip_route_nexthop(s->host, s->raddr, &nexthop))
		arp_confirm(s->host, nexthop);
}

/* tcp_ack(): false when the segment must be dropped. */
static bool tcp_ack(struct tcp_sock *s, const struct tcp_seg *seg)
{
	struct ack_state a = { .prior_snd_una = s->snd_una, .rtt_xmit = -1, .ca_xmit = -1 };
	uint32_t prior_fack = tcp_highest_sack_seq(s);
	uint32_t prior_packets = s->packets_out, prior_sacked = s->sacked_out;
	uint64_t prior_delivered = s->delivered;
	uint32_t prior_wnd;
	bool reo_armed = false;

	if (after(seg->ack, s->snd_nxt)) {
		tcp_send_ack(s);	/* acknowledges what we never sent */
		return false;
	}
	if (before(seg->ack, s->snd_una)) {
		/* old, but its DSACK still tells (tcp_ack: "old ack") */
		tcp_sacktag(s, seg, s->snd_una, &a.tag);
		if (a.tag.dsack)
			try_undo_dsack(s);
		return true;
	}
	prior_wnd = s->snd_wnd;
	a.delayed = s->ts_ok && seg->has_ts && seg->tsecr && s->retrans_stamp &&
		    before(seg->tsecr, s->retrans_stamp);
	s->snd_wnd = (uint32_t)seg->window << s->snd_wscale;
	tcp_sacktag(s, seg, a.prior_snd_una, &a.tag);
	if (a.tag.has_reord)
		tcp_check_sack_reordering(s, a.tag.reord);
	clean_rtx_queue(s, seg->ack, &a);
	/* not FLAG_NOT_DUP: no progress, no data, no window update */
	a.dup = !a.acked_segs && s->packets_out && !seg->payload && !(seg->flags & TCP_FIN) &&
		s->snd_wnd == prior_wnd;
	if (a.dup)
		s->st.dup_acks_received++;
	/* a hole filled by a segment never retransmitted: it was late */
	if (a.has_reord && s->sack_ok && before(a.reord, prior_fack))
		tcp_check_sack_reordering(s, a.reord);
	if (!s->sack_ok)
		reno_count(s, &a);
	/* Linux's newly_acked_sacked: a SACKed segment is not counted again when ACKed */
	a.delivered = (uint32_t)MAX((int64_t)prior_packets - s->packets_out +
				    (int64_t)s->sacked_out - prior_sacked, 0);
	s->delivered += a.delivered;
	if (tcp_is_rack(s))
		tcp_rack_update_reo_wnd(s, prior_delivered);
	ack_update_rtt(s, seg, &a);
	if (a.acked_segs)
		s->retransmits = 0;
	tcp_process_tlp_ack(s, seg->ack, a.tag.dsack, a.dup);
	if (a.acked_segs || a.dup || a.tag.newly_sacked || a.tag.dsack)
		reo_armed = fastretrans_alert(s, &a);
	cong_control(s, &a);
	if (a.acked_segs) {
		if (!reo_armed)
			tcp_set_xmit_timer(s);
		confirm_neighbour(s);
		fin_acked(s);
		s->st.bytes_acked += a.acked_bytes;
		if (a.acked_bytes && s->cb.acked)
			s->cb.acked(s->owner, s, a.acked_bytes);
	}
	return true;
}

/* ------------------------------------------------------------ by state */

static void update_ts_recent(struct tcp_sock *s, const struct tcp_seg *seg)
{
	/* RFC 7323 4.3: the TSval of a segment at or below the last ACK sent */
	if (s->ts_ok && seg->has_ts && !after(seg->seq, s->last_ack_sent) &&
	    (int32_t)(seg->tsval - s->ts_recent) >= 0)
		s->ts_recent = seg->tsval;
}

static bool rst_acceptable(const struct tcp_sock *s, const struct tcp_seg *seg)
{
	return !before(seg->seq, s->rcv_nxt) && before(seg->seq, s->rcv_nxt + s->rcv_wnd);
}

static void rcv_established(struct tcp_sock *s, const struct tcp_seg *seg,
			    const struct frame *f)
{
	if (seg->flags & TCP_RST) {
		if (rst_acceptable(s, seg))
			tcp_abort(s, "connection reset");
		return;
	}
	if (seg->flags & TCP_SYN) {
		tcp_send_ack(s);	/* our ACK of the handshake was lost, or a challenge */
		return;
	}
	if (!(seg->flags & TCP_ACK))
		return;
	update_ts_recent(s, seg);
	if (!tcp_ack(s, seg))
		return;
	if (s->state == TCP_S_CLOSED)
		return;
	if (seg->payload || (seg->flags & TCP_FIN))
		tcp_data_queue(s, seg, f);
	tcp_write_xmit(s);
	if (seg->payload || (seg->flags & TCP_FIN))
		tcp_ack_snd_check(s);
}

static void rcv_synrecv(struct tcp_sock *s, const struct tcp_seg *seg, const struct frame *f)
{
	if (seg->flags & TCP_RST) {
		/* the request goes away; the app never heard of it */
		sim_timer_cancel(s->host->sim, &s->rto_timer);
		tcp_set_state(s, TCP_S_CLOSED);
		return;
	}
	if (seg->flags & TCP_SYN) {
		if (!(seg->flags & TCP_ACK) && seg->seq == s->irs)
			tcp_send_syn(s, true);	/* our SYN-ACK was lost */
		return;
	}
	if (!(seg->flags & TCP_ACK))
		return;
	if (seg->ack != s->iss + 1) {
		tcp_send_rst_reply(s->th, s->raddr, seg);
		return;
	}
	established(s, seg);
	s->snd_wnd = (uint32_t)seg->window << s->snd_wscale;
	if (s->cb.connected)
		s->cb.connected(s->owner, s);
	rcv_established(s, seg, f);
}

static void rcv_state(struct tcp_sock *s, const struct tcp_seg *seg, const struct frame *f)
{
	s->st.segs_in++;
	switch (s->state) {
	case TCP_S_SYN_SENT:
		rcv_synsent(s, seg);
		break;
	case TCP_S_SYN_RECV:
		rcv_synrecv(s, seg, f);
		break;
	case TCP_S_CLOSED:
	case TCP_S_LISTEN:
		break;
	default:
		rcv_established(s, seg, f);
		break;
	}
}

static bool csum_ok(const struct frame *f, const struct ip_rx_info *info)
{
	uint32_t have = f->hdr_len - info->l4_off;
	uint32_t sum = wire_csum_pseudo(info->src, info->dst, WIRE_IPPROTO_TCP, info->l4_len);

	return wire_csum_fold(wire_csum_add(sum, f->data + info->l4_off,
					    MIN(have, info->l4_len))) == 0;
}

void tcp_rcv(void *owner, struct frame *f, const struct ip_rx_info *info)
{
	struct tcp_host *th = owner;
	struct tcp_seg seg;
	struct tcp_sock *s;
	const struct tcp_listener *l;

	if (!tcp_parse(f, info->l4_off, info->l4_len, &seg, NULL) || !csum_ok(f, info)) {
		th->bad_segs++;
		netdev_drop(info->ifc->dev, f, DROP_IP_BAD_HEADER);
		return;
	}
	s = tcp_lookup(th, info->src, seg.sport, seg.dport);
	if (s && s->state == TCP_S_CLOSED) {
		/* a closed socket stays for its counters, not for the demux */
		itab_remove(&th->socks, s->key);
		s = NULL;
	}
	if (s) {
		rcv_state(s, &seg, f);
	} else if ((seg.flags & (TCP_SYN | TCP_ACK | TCP_RST)) == TCP_SYN &&
		   (l = g_hash_table_lookup(th->listeners, GUINT_TO_POINTER(seg.dport)))) {
		passive_open(th, l, info, &seg);
	} else {
		tcp_send_rst_reply(th, info->src, &seg);
	}
	frame_consume(th->host->sim, f);
}
