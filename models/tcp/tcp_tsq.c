/*
 * tcp_tsq.c - what a Linux sender keeps below itself: TSO autosizing and
 * TCP Small Queues (tcp_output.c: tcp_tso_autosize, tcp_small_queue_check,
 * tcp_wfree; tcp_input.c: tcp_update_pacing_rate).
 *
 * DOC: Linux hands its NIC (or bond) super-packets of up to 64 KB (GSO/TSO)
 * and cuts them into segments only at the bottom.  A bond sees one skb:
 * balance-rr gives all of its segments the same slave, which is why a
 * single TCP stream over balance-rr arrives in runs of up to 45 segments
 * per link, interleaved, and not one segment per link in turn.  How big
 * a super-packet is follows tcp_tso_autosize(): about 1 ms of the pacing
 * rate, plus gso_max_size >> (min_rtt / 512 us), so on a LAN (min_rtt
 * below 512 us) every one is the full 64 KB: 45 segments of 1448 bytes.
 * Here the segments of one super-packet carry one frame gso_id (frame.h).
 *
 * TCP Small Queues keeps a socket from filling the queues below it: no
 * more than max(2 super-packets, 1 ms of pacing rate), at most
 * tcp_limit_output_bytes (1 MB), may wait in the host (qdisc and NIC).
 * The NIC tells us when a frame leaves (the frame's tx owner, Linux's skb
 * destructor); then the socket sends again.  Without it a bulk sender
 * would overflow its own NIC queue (txqueuelen 1000) and lose frames that
 * Linux never loses.
 */
#include "tcp_priv.h"

#define TCP_GSO_MAX_SIZE	65536		/* GSO_LEGACY_MAX_SIZE */
#define TCP_LIMIT_OUTPUT_BYTES	1048576		/* tcp_limit_output_bytes */
#define TCP_MIN_TSO_SEGS	2
#define TCP_PACING_SS_RATIO	200		/* tcp_pacing_ss_ratio, percent */
#define TCP_PACING_CA_RATIO	120		/* tcp_pacing_ca_ratio */

/* sk_pacing_rate in bytes per second; 0: unlimited (no RTT sample yet). */
uint64_t tcp_pacing_rate(const struct tcp_sock *s)
{
	uint64_t rate;

	if (!s->srtt)
		return 0;
	rate = (uint64_t)s->mss * MAX(s->cwnd, s->packets_out) * (uint64_t)SIM_S / 100;
	rate *= s->cwnd < s->ssthresh / 2 ? TCP_PACING_SS_RATIO : TCP_PACING_CA_RATIO;
	return rate / (uint64_t)s->srtt;
}

/* tcp_tso_autosize(): segments per super-packet. */
uint32_t tcp_tso_segs(const struct tcp_sock *s)
{
	uint64_t rate = tcp_pacing_rate(s);
	uint64_t bytes = rate ? rate >> 10 : TCP_GSO_MAX_SIZE;	/* sk_pacing_shift 10 */
	sim_time_t r = s->min_rtt == SIM_TIME_NEVER ? 0 : s->min_rtt / (512 * SIM_US);

	if (r < 32)
		bytes += (uint64_t)TCP_GSO_MAX_SIZE >> r;
	bytes = MIN(bytes, (uint64_t)TCP_GSO_MAX_SIZE);
	return (uint32_t)MAX(bytes / (s->mss ? s->mss : 1), (uint64_t)TCP_MIN_TSO_SEGS);
}

/* The gso_id of the next new segment: a new super-packet every tso_segs. */
uint32_t tcp_gso_next(struct tcp_sock *s)
{
	if (!s->gso_left) {
		if (++s->th->next_gso == 0)
			s->th->next_gso = 1;
		s->gso_cur = s->th->next_gso;
		s->gso_left = tcp_tso_segs(s);
	}
	s->gso_left--;
	return s->gso_cur;
}

static uint64_t tsq_limit(const struct tcp_sock *s)
{
	uint64_t limit = MAX(2ull * tcp_tso_segs(s) * s->mss, tcp_pacing_rate(s) >> 10);

	return MIN(limit, (uint64_t)TCP_LIMIT_OUTPUT_BYTES);
}

static void tsq_resume(struct sim *sim, void *arg)
{
	tcp_write_xmit(arg);
}

/* tcp_wfree(): a frame of ours left the host. */
static void tsq_done(void *arg, const struct frame *f)
{
	struct tcp_sock *s = arg;

	/* what tcp_tsq_sent() charged: not the tag a NIC put in since */
	s->tsq_bytes -= MIN(s->tsq_bytes, (uint64_t)(f->len - f->hw_tag_len));
	if (s->tsq_throttled && s->tsq_bytes < tsq_limit(s)) {
		s->tsq_throttled = false;
		/* not from inside the NIC: the way Linux's TSQ tasklet does it */
		if (!sim_timer_pending(&s->tsq_timer))
			sim_timer_arm_in(s->host->sim, &s->tsq_timer, 0);
	}
}

void tcp_tsq_init(struct tcp_sock *s)
{
	s->tx_owner = frame_tx_owner_add(&s->host->sim->pool, tsq_done, s);
	sim_timer_init(&s->tsq_timer, tsq_resume, s);
}

void tcp_tsq_fini(struct tcp_sock *s)
{
	frame_tx_owner_remove(&s->host->sim->pool, s->tx_owner);
	sim_timer_cancel(s->host->sim, &s->tsq_timer);
}

/* tcp_small_queue_check(): true (and throttled) when enough waits below us. */
bool tcp_tsq_limited(struct tcp_sock *s)
{
	if (s->tsq_bytes < tsq_limit(s))
		return false;
	s->tsq_throttled = true;
	return true;
}

void tcp_tsq_sent(struct tcp_sock *s, struct frame *f)
{
	f->tx_owner = s->tx_owner;
	f->gso_id = s->tx_gso;
	s->tx_gso = 0;
	s->tsq_bytes += f->len;
}
