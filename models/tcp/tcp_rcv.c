/*
 * tcp_rcv.c - the receiver: in-order delivery, the out-of-order queue, SACK
 * and DSACK blocks, delayed ACKs (tcp_input.c: tcp_data_queue,
 * tcp_data_queue_ofo, tcp_sack_new_ofo_skb, tcp_dsack_set,
 * __tcp_ack_snd_check; tcp_output.c: tcp_send_delayed_ack).
 *
 * DOC: Payload is a length, so the out-of-order queue is a sorted list of
 * byte ranges.  SACK blocks (RFC 2018) report the range holding the most
 * recently received segment first, then the others by recency; a DSACK
 * (RFC 2883) for data received twice goes first, in the next ACK only.
 *
 * ACK policy, as __tcp_ack_snd_check(): at once while in quick-ACK mode
 * (the first 16 ACKs of a connection's data, and again after a duplicate
 * segment or a silence longer than the RTO), when a segment fills a hole,
 * for a duplicate, and when more than one full segment is unacknowledged
 * (every second full segment); a segment out of order, at once or folded
 * by SACK compression (below); otherwise after the delayed ACK timer.
 * Linux's timer (icsk_ack.ato) starts at 40 ms and adapts to the arrival
 * pattern up to 200 ms; here it is always delack_min.
 *
 * SACK compression (__tcp_ack_snd_check(), Linux 4.18 on): a segment that
 * lands out of order, with SACK on, is ACKed at once only for the first 3
 * such ACKs per rcv_nxt (the sender's dupthresh); the next ones are folded
 * into one, sent when tcp_comp_sack_nr (44) are held back, when another
 * ACK leaves anyway, when a fifth SACK block would push out one the
 * sender has not seen (tcp_sack_new_ofo_skb()), or when the timer fires:
 * 5% of the RTT, at most tcp_comp_sack_delay_ns (1 ms), armed with
 * tcp_comp_sack_slack_ns (100 us) of slack.  The hrtimer fires somewhere in
 * that slack; here always at its end, as on an otherwise idle CPU.  The
 * RTT is the receiver's srtt (its handshake sample on a bulk receiver:
 * Linux takes the smaller of it and rcv_rtt_est, whose timestamp samples
 * are 1 ms at least).
 *
 * The window advertised is fixed at rmem_max (scaled; 65535 at most
 * without window scaling): the application reads everything at once, and
 * receive autotuning, which grows Linux's window from 128 KB towards
 * tcp_rmem[2] over the first round trips, is not modelled.
 */
#include "tcp_priv.h"

void tcp_rcv_init(struct tcp_sock *s)
{
	s->ooo = g_array_new(FALSE, FALSE, sizeof(struct tcp_range));
}

void tcp_rcv_fini(struct tcp_sock *s)
{
	g_array_free(s->ooo, TRUE);
}

static struct tcp_range *ooo_at(const struct tcp_sock *s, guint i)
{
	return &g_array_index(s->ooo, struct tcp_range, i);
}

/* The range holding @seq, or -1. */
static int ooo_find(const struct tcp_sock *s, uint32_t seq)
{
	for (guint i = 0; i < s->ooo->len; i++) {
		const struct tcp_range *r = ooo_at(s, i);

		if (!before(seq, r->start) && before(seq, r->end))
			return (int)i;
	}
	return -1;
}

static void dsack_set(struct tcp_sock *s, uint32_t start, uint32_t end)
{
	/* counted whether or not D-SACK can say so: a spurious retransmission */
	if (after(end, start))
		s->st.dup_data_received++;
	if (!s->sack_ok || !tcp_p(s)->dsack || !after(end, start))
		return;
	s->dsack_pending = true;
	s->dsack.start = start;
	s->dsack.end = end;
}

/* Bytes of [start, end) already held out of order: the first such piece. */
static void ooo_dup_part(struct tcp_sock *s, uint32_t start, uint32_t end)
{
	for (guint i = 0; i < s->ooo->len; i++) {
		const struct tcp_range *r = ooo_at(s, i);
		uint32_t a = seq_max(start, r->start), b = seq_min(end, r->end);

		if (after(b, a)) {
			dsack_set(s, a, b);
			return;
		}
	}
}

/* Insert [start, end), merging neighbours and overlaps. */
static void ooo_insert(struct tcp_sock *s, uint32_t start, uint32_t end)
{
	guint i = 0;

	while (i < s->ooo->len && before(ooo_at(s, i)->end, start))
		i++;
	/* i: the first range ending at or after start */
	while (i < s->ooo->len && !after(ooo_at(s, i)->start, end)) {
		struct tcp_range *r = ooo_at(s, i);

		start = seq_min(start, r->start);
		end = seq_max(end, r->end);
		g_array_remove_index(s->ooo, i);
	}
	g_array_insert_val(s->ooo, i, ((struct tcp_range){ start, end }));
}

/* tcp_sack_new_ofo_skb(): the block of @seq moves to the front. */
static void sack_recent_add(struct tcp_sock *s, uint32_t seq)
{
	int r = ooo_find(s, seq);
	uint32_t keep[4];
	uint8_t n = 0;

	keep[n++] = seq;
	for (uint8_t i = 0; i < s->n_sack_recent && n < 4; i++) {
		uint32_t x = s->sack_recent[i];
		int rx = ooo_find(s, x);

		if (rx >= 0 && rx != r)
			keep[n++] = x;
	}
	memcpy(s->sack_recent, keep, sizeof(keep[0]) * n);
	s->n_sack_recent = n;
}

uint8_t tcp_sack_blocks(struct tcp_sock *s, uint32_t blocks[][2], uint8_t max)
{
	uint8_t n = 0;
	int used[4];
	uint8_t nused = 0;

	if (s->dsack_pending) {
		blocks[n][0] = s->dsack.start;
		blocks[n][1] = s->dsack.end;
		n++;
		s->dsack_pending = false;
		s->st.dsacks_sent++;
	}
	for (uint8_t i = 0; i < s->n_sack_recent && n < max; i++) {
		int r = ooo_find(s, s->sack_recent[i]);
		bool dup = false;

		for (uint8_t j = 0; j < nused; j++)
			dup |= used[j] == r;
		if (r < 0 || dup)
			continue;
		used[nused++] = r;
		blocks[n][0] = ooo_at(s, (guint)r)->start;
		blocks[n][1] = ooo_at(s, (guint)r)->end;
		n++;
	}
	return n;
}

static void peer_fin(struct tcp_sock *s)
{
	s->rcv_nxt++;
	s->ack_now = true;
	switch (s->state) {
	case TCP_S_ESTABLISHED:
		tcp_set_state(s, TCP_S_CLOSE_WAIT);
		break;
	case TCP_S_FIN_WAIT1:
		/* our FIN not yet acknowledged (fin_acked() runs before) */
		tcp_set_state(s, TCP_S_CLOSING);
		break;
	case TCP_S_FIN_WAIT2:
		tcp_set_state(s, TCP_S_TIME_WAIT);
		break;
	default:
		return;
	}
	if (s->cb.peer_closed)
		s->cb.peer_closed(s->owner, s);
}

/* rcv_nxt moved: take what the out-of-order queue now continues. */
static void ofo_queue(struct tcp_sock *s)
{
	bool had = s->ooo->len > 0;

	while (s->ooo->len && !after(ooo_at(s, 0)->start, s->rcv_nxt)) {
		s->rcv_nxt = seq_max(s->rcv_nxt, ooo_at(s, 0)->end);
		g_array_remove_index(s->ooo, 0);
	}
	if (had && !s->ooo->len) {
		s->ack_now = true;	/* the last hole is filled */
		s->n_sack_recent = 0;
	}
}

static void data_in_order(struct tcp_sock *s, uint32_t seq, uint32_t end)
{
	uint32_t old = s->rcv_nxt;

	if (before(seq, s->rcv_nxt))
		dsack_set(s, seq, s->rcv_nxt);	/* partly a duplicate */
	else if (s->ooo->len)
		s->ack_now = true;		/* fills (part of) a hole */
	ooo_dup_part(s, s->rcv_nxt, end);
	s->rcv_nxt = end;
	ofo_queue(s);
	s->st.bytes_received += s->rcv_nxt - old;
	if (s->cb.data)
		s->cb.data(s->owner, s, s->rcv_nxt - old);
}

/* [seq, end) touches no block the last ACKs reported: it needs a new one */
static bool sack_new_block(const struct tcp_sock *s, uint32_t seq, uint32_t end)
{
	for (uint8_t i = 0; i < s->n_sack_recent; i++) {
		int r = ooo_find(s, s->sack_recent[i]);

		if (r >= 0 && !before(end, ooo_at(s, (guint)r)->start) &&
		    !after(seq, ooo_at(s, (guint)r)->end))
			return false;
	}
	return true;
}

static void data_ofo(struct tcp_sock *s, uint32_t seq, uint32_t end)
{
	s->st.ooo_segs_received++;
	/* tcp_sack_new_ofo_skb(): a fifth block would drop the oldest unseen */
	if (s->compressed_ack > TCP_FASTRETRANS_THRESH && s->n_sack_recent == 4 &&
	    sack_new_block(s, seq, end)) {
		s->compressed_ack--;	/* the one sent is not compressed */
		tcp_send_ack(s);
	}
	ooo_dup_part(s, seq, end);
	ooo_insert(s, seq, end);
	sack_recent_add(s, seq);
	s->ofo_sched = true;
}

static bool data_accepted(const struct tcp_sock *s)
{
	return s->state == TCP_S_ESTABLISHED || s->state == TCP_S_FIN_WAIT1 ||
	       s->state == TCP_S_FIN_WAIT2;
}

void tcp_data_queue(struct tcp_sock *s, const struct tcp_seg *seg, const struct frame *f)
{
	uint32_t seq = seg->seq, end = seg->seq + seg->payload;

	if (seg->payload) {
		if (s->cb.segment)
			s->cb.segment(s->owner, s, &f->meta, seg->payload);
		if (seg->payload > s->rcv_mss)
			s->rcv_mss = MIN(seg->payload, s->mss);
		/* tcp_event_data_recv(): quick ACKs for the first data, and after a
		 * silence longer than the RTO (the sender restarts its window) */
		if (!s->data_seen || tcp_now(s) - s->lrcvtime > s->rto) {
			s->data_seen = true;
			s->quick = TCP_MAX_QUICKACKS;
		}
		s->lrcvtime = tcp_now(s);
	}
	if (seg->payload && !after(end, s->rcv_nxt)) {
		/* all of it had already: DSACK, quick ACKs (tcp_data_queue "out_of_window") */
		dsack_set(s, seq, end);
		s->quick = TCP_MAX_QUICKACKS;
		s->ack_now = true;
	} else if (seg->payload && !before(seq, s->rcv_nxt + s->rcv_wnd)) {
		s->ack_now = true;	/* beyond the window: dropped */
		return;
	} else if (seg->payload && data_accepted(s)) {
		if (after(seq, s->rcv_nxt))
			data_ofo(s, seq, end);
		else
			data_in_order(s, seq, end);
	}
	if ((seg->flags & TCP_FIN) && data_accepted(s)) {
		s->fin_rcvd = true;
		s->fin_seq = end;
	}
	if (s->fin_rcvd && s->rcv_nxt == s->fin_seq && data_accepted(s))
		peer_fin(s);
	else if (seg->flags & TCP_FIN)
		s->ack_now = true;	/* a FIN again, or out of order */
}

/* __tcp_ack_snd_check() with out-of-order data queued: at once, or folded */
static void ack_snd_check_ofo(struct tcp_sock *s)
{
	const struct tcp_params *p = tcp_p(s);
	sim_time_t delay;

	if (!s->sack_ok || s->compressed_ack >= p->comp_sack_nr) {
		tcp_send_ack(s);
		return;
	}
	if (s->compressed_ack_rcv_nxt != s->rcv_nxt) {
		s->compressed_ack_rcv_nxt = s->rcv_nxt;
		s->dup_ack_counter = 0;
	}
	if (s->dup_ack_counter < TCP_FASTRETRANS_THRESH) {
		s->dup_ack_counter++;
		tcp_send_ack(s);
		return;
	}
	s->compressed_ack++;
	if (sim_timer_pending(&s->comp_sack_timer))
		return;
	delay = MIN(p->comp_sack_delay, s->srtt / 20);
	sim_timer_arm(s->host->sim, &s->comp_sack_timer,
		      s->host->sim->now + delay + p->comp_sack_slack);
}

void tcp_ack_snd_check(struct tcp_sock *s)
{
	struct sim *sim = s->host->sim;
	bool pending = s->ack_now || s->ofo_sched || s->dsack_pending || s->rcv_nxt != s->rcv_wup;

	if (!pending)
		return;
	if (s->ack_now || s->quick || s->rcv_nxt - s->rcv_wup > s->rcv_mss) {
		tcp_send_ack(s);
		return;
	}
	if (s->ooo->len) {
		ack_snd_check_ofo(s);
		return;
	}
	if (!sim_timer_pending(&s->delack_timer))
		sim_timer_arm(sim, &s->delack_timer, sim->now + tcp_p(s)->delack_min);
}

/* tcp_compressed_ack_kick(): the ACK held back leaves (and is not counted) */
void tcp_comp_sack_timer(struct sim *sim, void *arg)
{
	struct tcp_sock *s = arg;

	(void)sim;
	if (!s->compressed_ack)
		return;
	s->compressed_ack--;
	tcp_send_ack(s);
}

/* tcp_event_ack_sent(): any ACK carries what compression held back */
void tcp_comp_sack_sent(struct tcp_sock *s)
{
	if (!s->compressed_ack)
		return;
	s->st.acks_compressed += s->compressed_ack;
	s->compressed_ack = 0;
	sim_timer_cancel(s->host->sim, &s->comp_sack_timer);
}

void tcp_delack_timer(struct sim *sim, void *arg)
{
	struct tcp_sock *s = arg;

	if (s->rcv_nxt != s->rcv_wup || s->ack_now)
		tcp_send_ack(s);
}
