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
 * the same rounding.  HyStart is not modelled: slow start ends at the first
 * loss (or at ssthresh), so the first loss of a transfer comes one slow
 * start round later than with Linux's HyStart, which exits on delay growth.
 */
#include <math.h>
#include "tcp_priv.h"

#define CUBIC_C		0.4
#define CUBIC_BETA	(717.0 / 1024.0)

void tcp_cong_init(struct tcp_sock *s)
{
	s->cubic = (struct tcp_cubic){ .epoch_start = -1 };
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

/* An RTO: CUBIC starts a new epoch (bictcp_state on TCP_CA_Loss). */
void tcp_cong_on_loss(struct tcp_sock *s)
{
	s->cubic.epoch_start = -1;
	s->cwnd_cnt = 0;
}
