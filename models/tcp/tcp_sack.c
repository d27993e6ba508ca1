/*
 * tcp_sack.c - the sender's scoreboard: SACK tagging, DSACK, lost marking,
 * reordering detection (tcp_input.c: tcp_sacktag_write_queue,
 * tcp_sacktag_one, tcp_check_dsack, tcp_mark_head_lost,
 * tcp_check_sack_reordering).
 *
 * DOC: The retransmission queue is an array of segments in sequence order
 * (acknowledged ones are dropped from its head), so a SACK block is found by
 * binary search.  Only segments a block covers whole are tagged: receivers
 * SACK what they got, and segments are never split here.
 *
 * Lost marking is Linux's count rule without RACK: a hole is lost when at
 * least tp->reordering SACKed segments lie above it (RFC 6675 IsLost with
 * DupThresh = tp->reordering).  Reordering is learnt as Linux learns it: a
 * segment never retransmitted that is SACKed (or cumulatively ACKed) below
 * the highest SACKed segment arrived late, and tp->reordering becomes the
 * distance in segments when that exceeds it (at most tcp_max_reordering).
 * A DSACK of a retransmission is counted as spurious, decrements
 * undo_retrans (tcp_check_dsack's counting) and is taken as reordering
 * evidence too: Linux gets that last step from timestamps (tcp_try_undo_partial
 * -> tcp_check_sack_reordering(prior_snd_una)); here the DSACK gives it.
 */
#include "tcp_priv.h"

void tcp_rtx_push(struct tcp_sock *s, const struct tcp_skb *skb)
{
	g_array_append_val(s->rtx, *skb);
}

void tcp_rtx_pop_head(struct tcp_sock *s)
{
	s->rtx_head++;
	/* compact now and then: popping stays O(1) amortised */
	if (s->rtx_head >= 1024 && s->rtx_head * 2 >= s->rtx->len) {
		g_array_remove_range(s->rtx, 0, s->rtx_head);
		s->retrans_hint = s->retrans_hint > s->rtx_head ? s->retrans_hint - s->rtx_head : 0;
		s->rtx_head = 0;
	}
}

/*
 * Linux's tcp_highest_sack_seq(): the start of the highest SACKed segment.
 * Without SACK nothing is ever SACKed and Linux keeps tp->highest_sack on
 * the head of the queue (tcp_event_new_data_sent, tcp_highest_sack_replace):
 * snd_una, so a partial ACK that proves reordering measures its degree as
 * the span it acknowledged.
 */
uint32_t tcp_highest_sack_seq(const struct tcp_sock *s)
{
	if (!s->sack_ok)
		return s->snd_una;
	return s->sacked_out ? s->fack : s->snd_una;
}

/* Index (from the head) of the first segment ending after @seq. */
static guint find_seq(const struct tcp_sock *s, uint32_t seq)
{
	guint lo = 0, hi = tcp_rtx_len(s);

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;

		if (after(tcp_rtx_at(s, mid)->end_seq, seq))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

void tcp_check_sack_reordering(struct tcp_sock *s, uint32_t low_seq)
{
	uint32_t fack = tcp_highest_sack_seq(s);
	uint32_t metric, deg;

	if (!before(low_seq, fack) || !s->mss)
		return;
	s->reord_seen++;
	metric = fack - low_seq;
	if (metric <= s->reordering * s->mss)
		return;
	deg = MIN((metric + s->mss - 1) / s->mss, tcp_p(s)->max_reordering);
	if (deg > s->reordering) {
		s->reordering = deg;
		s->st.reorder_raises++;
	}
}

static void sacktag_one(struct tcp_sock *s, struct tcp_skb *skb, struct tcp_sacktag *tag)
{
	if (skb->sacked & TCPCB_SACKED_ACKED)
		return;
	if (!(skb->sacked & TCPCB_EVER_RETRANS)) {
		if (before(skb->seq, tcp_highest_sack_seq(s)) &&
		    (!tag->has_reord || before(skb->seq, tag->reord))) {
			tag->reord = skb->seq;
			tag->has_reord = true;
		}
		if (tag->rtt_xmit < 0 || skb->xmit_time < tag->rtt_xmit)
			tag->rtt_xmit = skb->xmit_time;
		tag->ca_xmit = MAX(tag->ca_xmit, skb->xmit_time);
	}
	if (skb->sacked & TCPCB_LOST) {
		skb->sacked &= (uint8_t)~TCPCB_LOST;
		s->lost_out--;
	}
	if (skb->sacked & TCPCB_SACKED_RETRANS) {
		skb->sacked &= (uint8_t)~TCPCB_SACKED_RETRANS;
		s->retrans_out--;
	}
	tcp_rack_advance(s, skb->sacked, skb->end_seq, skb->xmit_time);
	skb->sacked |= TCPCB_SACKED_ACKED;
	if (!s->sacked_out || after(skb->seq, s->fack))
		s->fack = skb->seq;
	s->sacked_out++;
	tag->newly_sacked++;
}

static void sacktag_block(struct tcp_sock *s, uint32_t start, uint32_t end,
			  struct tcp_sacktag *tag)
{
	if (!after(end, start) || after(end, s->snd_nxt) || !after(end, s->snd_una))
		return;		/* invalid or old: ignored, as tcp_is_sackblock_valid() */
	start = seq_max(start, s->snd_una);
	for (guint i = find_seq(s, start); i < tcp_rtx_len(s); i++) {
		struct tcp_skb *skb = tcp_rtx_at(s, i);

		if (after(skb->end_seq, end))
			break;
		if (!before(skb->seq, start))
			sacktag_one(s, skb, tag);
	}
}

static void undo_retrans_dec(struct tcp_sock *s, uint32_t n)
{
	s->undo_retrans = s->undo_retrans > (int32_t)n ? s->undo_retrans - (int32_t)n : 0;
}

/* A DSACK block: data the peer got twice (RFC 2883, tcp_check_dsack). */
static void process_dsack(struct tcp_sock *s, uint32_t start, uint32_t end,
			  uint32_t prior_snd_una)
{
	uint32_t segs = MAX(1u, (end - start + s->mss - 1) / s->mss);
	uint32_t spurious = 0;

	s->st.dsacks_received++;
	if (!after(end, start))
		return;
	if (!after(end, prior_snd_una)) {
		/* forgotten data: only the episode's bounds tell (Linux's "dumb counting") */
		if (s->undo_valid && s->undo_retrans > 0 && after(end, s->undo_marker)) {
			spurious = MIN(segs, (uint32_t)s->undo_retrans);
			undo_retrans_dec(s, segs);
		}
	} else {
		for (guint i = find_seq(s, start); i < tcp_rtx_len(s); i++) {
			const struct tcp_skb *skb = tcp_rtx_at(s, i);

			if (!before(skb->seq, end))
				break;
			if (!(skb->sacked & TCPCB_EVER_RETRANS))
				continue;
			spurious++;
			if (s->undo_valid && s->undo_retrans > 0 && after(skb->end_seq, s->undo_marker))
				undo_retrans_dec(s, 1);
		}
	}
	if (spurious) {
		s->st.spurious_retrans += spurious;
		tcp_check_sack_reordering(s, start);
	}
	/*
	 * tcp_dsack_seen(): RACK widens its window for DSACKs only once
	 * reordering has been seen (here the DSACK itself may have shown it),
	 * and never for the one that says a loss probe and its original both
	 * arrived (timer-driven, not RACK's doing).
	 */
	if (s->reord_seen &&
	    !(s->tlp_high_seq && end == s->tlp_high_seq && end - start <= s->mss))
		s->rack.dsack_seen = true;
}

static bool is_dsack(const struct tcp_seg *seg)
{
	if (before(seg->sack[0][0], seg->ack))
		return true;
	return seg->n_sack > 1 && !before(seg->sack[0][0], seg->sack[1][0]) &&
	       !after(seg->sack[0][1], seg->sack[1][1]);
}

void tcp_sacktag(struct tcp_sock *s, const struct tcp_seg *seg, uint32_t prior_snd_una,
		 struct tcp_sacktag *tag)
{
	uint32_t blocks[4][2];
	uint8_t n = 0, first = 0;

	*tag = (struct tcp_sacktag){ .rtt_xmit = -1, .ca_xmit = -1 };
	if (!s->sack_ok || !seg->n_sack)
		return;
	if (is_dsack(seg)) {
		tag->dsack = true;
		first = 1;
		process_dsack(s, seg->sack[0][0], seg->sack[0][1], prior_snd_una);
	}
	/* ascending order, as Linux sorts them: reordering is judged bottom up */
	for (uint8_t i = first; i < seg->n_sack; i++) {
		uint8_t j = n++;

		while (j > 0 && after(blocks[j - 1][0], seg->sack[i][0])) {
			blocks[j][0] = blocks[j - 1][0];
			blocks[j][1] = blocks[j - 1][1];
			j--;
		}
		blocks[j][0] = seg->sack[i][0];
		blocks[j][1] = seg->sack[i][1];
	}
	for (uint8_t i = 0; i < n; i++)
		sacktag_block(s, blocks[i][0], blocks[i][1], tag);
}

static void mark_lost(struct tcp_sock *s, guint i)
{
	struct tcp_skb *skb = tcp_rtx_at(s, i);

	if (skb->sacked & (TCPCB_LOST | TCPCB_SACKED_ACKED))
		return;
	skb->sacked |= TCPCB_LOST;
	s->lost_out++;
	if (s->retrans_hint > s->rtx_head + i)
		s->retrans_hint = s->rtx_head + i;
}

/*
 * tcp_update_scoreboard(): with SACK, every hole with at least
 * tp->reordering SACKed segments above it; without, the head (NewReno).
 */
void tcp_mark_head_lost(struct tcp_sock *s)
{
	uint32_t cnt = 0, upto;

	if (!tcp_rtx_len(s))
		return;
	if (!s->sack_ok) {
		if (s->sacked_out >= s->reordering || s->ca_state == TCP_CA_RECOVERY)
			mark_lost(s, 0);
		return;
	}
	if (s->sacked_out < s->reordering)
		return;
	upto = s->sacked_out - s->reordering;
	for (guint i = 0; i < tcp_rtx_len(s); i++) {
		if (tcp_rtx_at(s, i)->sacked & TCPCB_SACKED_ACKED) {
			if (++cnt > upto)
				break;
			continue;
		}
		mark_lost(s, i);
	}
}

void tcp_scoreboard_dump(const struct tcp_sock *s, GString *out)
{
	uint32_t base = s->iss + 1;

	for (guint i = 0; i < tcp_rtx_len(s); i++) {
		const struct tcp_skb *skb = tcp_rtx_at(s, i);

		g_string_append_printf(out, "%s%u-%u%s%s%s%s", i ? " " : "", skb->seq - base,
				       skb->end_seq - base,
				       skb->sacked & TCPCB_SACKED_ACKED ? ":S" : "",
				       skb->sacked & TCPCB_LOST ? ":L" : "",
				       skb->sacked & TCPCB_SACKED_RETRANS ? ":R" : "",
				       skb->sacked & TCPCB_EVER_RETRANS ? ":E" : "");
	}
}

/* The counters against the queue (tcp_verify_left_out, in full): tests only. */
bool tcp_counts_ok(const struct tcp_sock *s)
{
	uint32_t sacked = 0, lost = 0, retrans = 0;

	for (guint i = 0; i < tcp_rtx_len(s); i++) {
		uint8_t f = tcp_rtx_at(s, i)->sacked;

		sacked += !!(f & TCPCB_SACKED_ACKED);
		lost += !!(f & TCPCB_LOST);
		retrans += !!(f & TCPCB_SACKED_RETRANS);
	}
	if (!s->sack_ok)
		sacked = s->sacked_out;
	return tcp_rtx_len(s) == s->packets_out && sacked == s->sacked_out &&
	       lost == s->lost_out && retrans == s->retrans_out &&
	       s->sacked_out + s->lost_out <= s->packets_out;
}
