/*
 * tcp_cong.c - congestion avoidance: slow start, NewReno (RFC 5681) and
 * CUBIC (RFC 9438; Linux's tcp_cubic.c).
 *
 * DOC: cwnd is in segments, as Linux keeps it.  Slow start adds one segment
 * per segment acknowledged up to ssthresh (tcp_slow_start), the rest of the
 * ACK going to congestion avoidance.  NewReno adds one segment per cwnd
 * acknowledged (tcp_cong_avoid_ai); on loss ssthresh = max(cwnd / 2, 2).
 *
 * CUBIC: W(t) = C (t - K)^3 + W_max with C = 0.4, beta = 0.7 (Linux's
 * 717/1024), fast convergence, and the Reno-friendly estimate
 * W_est += alpha * acked / cwnd, alpha = 3 (1 - beta) / (1 + beta).  The
 * target is W(t + min_rtt), and cwnd grows by (target - cwnd) / cwnd per
 * segment acknowledged, as bictcp_update() sets cnt.  Computed in double
 * where Linux uses fixed point and a cube-root table: the same curve, not
 * the same rounding.
 *
 * HyStart (CUBIC only, as in Linux) ends slow start from cwnd 16 on, when
 * either the ACKs of one round keep coming back-to-back (< 2 ms apart) for
 * longer than (delay_min + ack delay) / 2, the ack delay being what a 64 kB
 * GSO burst takes at the pacing rate (at most 1 ms), or when the least RTT
 * of a round's first 8 samples exceeds delay_min by clamp(delay_min / 8,
 * 4 ms, 16 ms).  Both need the RTT of the newest segment an ACK delivers.
 */
#include <math.h>
#include "tcp_priv.h"

#define CUBIC_C		0.4
#define CUBIC_BETA	(717.0 / 1024.0)
#define HYSTART_LOW_WINDOW	16
#define HYSTART_ACK_DELTA	(2 * SIM_MS)
#define HYSTART_MIN_SAMPLES	8
#define HYSTART_DELAY_MIN	(4 * SIM_MS)
#define HYSTART_DELAY_MAX	(16 * SIM_MS)
#define GSO_MAX_SIZE		65536

static void hystart_reset(struct tcp_sock *s)
{
	struct tcp_cubic *c = &s->cubic;

	c->round_start = c->last_ack = tcp_now(s);
	c->end_seq = s->snd_nxt;
	c->curr_rtt = SIM_TIME_NEVER;
	c->sample_cnt = 0;
}

/* bictcp_reset() + bictcp_hystart_reset(): at start and after an RTO. */
void tcp_cong_init(struct tcp_sock *s)
{
	s->cubic = (struct tcp_cubic){ .epoch_start = -1 };
	hystart_reset(s);
}

/* hystart_ack_delay(): a GSO burst at the pacing rate, at most 1 ms. */
static sim_time_t ack_delay(const struct tcp_sock *s)
{
	double ratio = s->cwnd < s->ssthresh / 2 ? 2.0 : 1.2;	/* tcp_pacing_*_ratio */
	double rate;

	if (!s->srtt)
		return 0;
	rate = ratio * s->mss * MAX(s->cwnd, s->packets_out) / ((double)s->srtt / SIM_S);
	return MIN(SIM_MS, (sim_time_t)(4.0 * GSO_MAX_SIZE / rate * SIM_S));
}

static void hystart_update(struct tcp_sock *s, sim_time_t delay)
{
	struct tcp_cubic *c = &s->cubic;
	sim_time_t now = tcp_now(s);

	if (after(s->snd_una, c->end_seq))
		hystart_reset(s);
	/* the ACK train: back-to-back ACKs for longer than half the path */
	if (now - c->last_ack <= HYSTART_ACK_DELTA) {
		c->last_ack = now;
		if (now - c->round_start > (c->delay_min + ack_delay(s)) / 2) {
			c->found = true;
			s->ssthresh = s->cwnd;
		}
	}
	/* the delay: this round's least RTT well above the path's */
	if (c->curr_rtt > delay)
		c->curr_rtt = delay;
	if (c->sample_cnt < HYSTART_MIN_SAMPLES) {
		c->sample_cnt++;
	} else if (c->curr_rtt > c->delay_min +
		   CLAMP(c->delay_min / 8, HYSTART_DELAY_MIN, HYSTART_DELAY_MAX)) {
		c->found = true;
		s->ssthresh = s->cwnd;
	}
}

void tcp_cong_pkts_acked(struct tcp_sock *s, sim_time_t rtt)
{
	struct tcp_cubic *c = &s->cubic;

	if (tcp_p(s)->congestion_control != TCP_CC_CUBIC)
		return;
	/* no delay samples in the first second after a reduction */
	if (c->epoch_start >= 0 && tcp_now(s) - c->epoch_start < SIM_S)
		return;
	if (rtt < 1)
		rtt = 1;
	if (!c->delay_min || c->delay_min > rtt)
		c->delay_min = rtt;
	if (!c->found && s->cwnd < s->ssthresh && s->cwnd >= HYSTART_LOW_WINDOW)
		hystart_update(s, rtt);
}

static void reno_ai(struct tcp_sock *s, uint32_t w, uint32_t acked)
{
	/* tcp_cong_avoid_ai(): one segment per w segments acknowledged */
	if (s->cwnd_cnt >= w) {
		s->cwnd_cnt = 0;
		s->cwnd++;
	}
	s->cwnd_cnt += acked;
	if (s->cwnd_cnt >= w) {
		s->cwnd += s->cwnd_cnt / w;
		s->cwnd_cnt %= w;
	}
}

static uint32_t cubic_cnt(struct tcp_sock *s, uint32_t acked)
{
	struct tcp_cubic *c = &s->cubic;
	sim_time_t now = tcp_now(s);
	double t, target, cnt, rtt = s->min_rtt == SIM_TIME_NEVER ? 0 : (double)s->min_rtt;

	if (c->epoch_start < 0) {
		c->epoch_start = now;
		if (s->cwnd < c->w_max) {
			c->k = cbrt((c->w_max - s->cwnd) / CUBIC_C);
			c->origin = c->w_max;
		} else {
			c->k = 0;
			c->origin = s->cwnd;
		}
		c->w_est = s->cwnd;
	}
	t = ((double)(now - c->epoch_start) + rtt) / (double)SIM_S;
	target = c->origin + CUBIC_C * (t - c->k) * (t - c->k) * (t - c->k);
	if (target > s->cwnd)
		cnt = s->cwnd / (target - s->cwnd);
	else
		cnt = 100.0 * s->cwnd;	/* almost flat */
	/* Reno-friendly region (RFC 9438 4.3) */
	c->w_est += 3.0 * (1 - CUBIC_BETA) / (1 + CUBIC_BETA) * acked / s->cwnd;
	if (c->w_est > s->cwnd) {
		double friendly = s->cwnd / (c->w_est - s->cwnd);

		if (friendly < cnt)
			cnt = friendly;
	}
	/* before any loss, grow by 5% per round trip at least (bictcp_update) */
	if (c->w_last_max == 0 && cnt > 20)
		cnt = 20;
	return cnt < 2 ? 2 : (uint32_t)cnt;	/* Linux: at most 1.5x per RTT */
}

void tcp_cong_avoid(struct tcp_sock *s, uint32_t acked)
{
	if (!s->cwnd_limited)
		return;		/* tcp_is_cwnd_limited(): an app-limited flow keeps its cwnd */
	if (s->cwnd < s->ssthresh) {
		uint32_t room = s->ssthresh - s->cwnd;
		uint32_t n = MIN(acked, room);

		s->cwnd += n;
		acked -= n;
		if (!acked)
			return;
	}
	if (tcp_p(s)->congestion_control == TCP_CC_RENO)
		reno_ai(s, s->cwnd, acked);
	else
		reno_ai(s, cubic_cnt(s, acked), acked);
}

uint32_t tcp_cong_ssthresh(struct tcp_sock *s)
{
	struct tcp_cubic *c = &s->cubic;

	if (tcp_p(s)->congestion_control == TCP_CC_RENO)
		return MAX(s->cwnd / 2, 2u);
	c->epoch_start = -1;
	/* fast convergence: below the last W_max, give bandwidth to a newer flow */
	if (s->cwnd < c->w_max)
		c->w_max = s->cwnd * (1 + CUBIC_BETA) / 2;
	else
		c->w_max = s->cwnd;
	c->w_last_max = c->w_max;
	return MAX((uint32_t)(s->cwnd * CUBIC_BETA), 2u);
}

/*
 * Nothing in flight for @idle: CUBIC's epoch moves by the pause (the curve
 * does not count time the flow did not send), and after more than an RTO
 * cwnd restarts (tcp_cwnd_restart, tcp_slow_start_after_idle = 1): halved
 * per RTO of silence, not below min(initial cwnd, cwnd).
 */
void tcp_cong_tx_start(struct tcp_sock *s, sim_time_t idle)
{
	uint32_t restart = MIN(tcp_p(s)->init_cwnd, s->cwnd), cwnd = s->cwnd;

	if (s->cubic.epoch_start >= 0 && idle > 0)
		s->cubic.epoch_start = MIN(s->cubic.epoch_start + idle, tcp_now(s));
	if (idle <= s->rto)
		return;
	/* tcp_current_ssthresh() */
	s->ssthresh = MAX(s->ssthresh, s->cwnd / 4 * 3);
	while ((idle -= s->rto) > 0 && cwnd > restart)
		cwnd >>= 1;
	s->cwnd = MAX(cwnd, restart);
}

/* An RTO: CUBIC starts over, HyStart too (bictcp_state on TCP_CA_Loss). */
void tcp_cong_on_loss(struct tcp_sock *s)
{
	tcp_cong_init(s);
	s->cwnd_cnt = 0;
}
