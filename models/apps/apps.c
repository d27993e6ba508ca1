/*
 * apps.c - CBR UDP flows and ping: their senders and their reports.
 *
 * DOC: The time of packet k is a function of k itself (start + k x
 * packet_bits / rate, in exact integer nanoseconds, floored), so a
 * 10 Mbit/s flow does not drift by the rounding of its 822.4 us interval.
 * The sender arms a one-shot timer for the next packet, stepping to its
 * time by the interval's quotient and remainder instead of dividing per
 * packet: the same times, as flow_send_time() computes them.  Packet k
 * carries meta.seq = k and meta.sent_at = the time it was handed to UDP
 * (ICMP for ping).  A ping's echo request k says icmp_seq k + 1 on the
 * wire, as iputils numbers them (ping_icmp_seq()); its reports name it so.
 *
 * Loss is decided at the end: sent - unique received - in flight, where "in
 * flight" means not received and sent less than the largest delay seen ago
 * (a heuristic: those may still arrive; usually 0 because flows stop before
 * the run ends).  Gaps that the flow never recovered from (loss at the very
 * end) have no packet after them and are not in the gap list.
 */
#include "apps.h"

/* The ledger's question to a receiver. */
static bool rx_seen(const void *arg, uint32_t seq)
{
	return flow_rx_seen(arg, seq);
}

static double delay_avg(const struct flow_rx *rx)
{
	return rx->received ? (double)rx->delay_sum / (double)rx->received : 0.0;
}

static double ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : 0.0;
}

/* A statistic of the packets received: null when none was, not a 0 that
 * reads as a measurement (no delay, no reordering). */
static void json_sampled(struct json *j, const char *key, const struct flow_rx *rx, double v)
{
	if (rx->received)
		json_double(j, key, v);
	else
		json_null(j, key);
}

/* ------------------------------------------------------------------ flows */

/* A packet's jitter is a pure function of (seed, flow, k): send times stay
 * exact and computable after the run, with no state to replay. */
static sim_time_t jitter_of(const struct flow *fl, uint64_t k)
{
	uint64_t z = fl->jitter_key + (k + 1) * 0x9e3779b97f4a7c15ULL;

	if (!fl->cfg.jitter)
		return 0;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (sim_time_t)(z % (uint64_t)(fl->cfg.jitter + 1));
}

uint64_t flow_packet_bits(uint32_t payload)
{
	return (uint64_t)(WIRE_IPV4_HLEN + WIRE_UDP_HLEN + payload) * 8;
}

uint64_t flow_config_packets(const struct flow_config *cfg, sim_time_t span)
{
	if (span <= 0)
		return 0;
	return sim_muldiv((uint64_t)span, cfg->rate_bps, flow_packet_bits(cfg->payload) * SIM_S);
}

bool flow_config_jitter_ok(const struct flow_config *cfg)
{
	/* jitter x rate < packet bits x 1 s: less than one packet interval */
	return cfg->jitter >= 0 &&
	       sim_muldiv((uint64_t)cfg->jitter, cfg->rate_bps, 1) <
		       flow_packet_bits(cfg->payload) * SIM_S;
}

sim_time_t flow_send_time(const struct flow *fl, uint64_t k)
{
	/* k x bits x 1e9 overflows 64 bits after a few hours of 1500-byte packets. */
	return fl->cfg.start + (sim_time_t)sim_muldiv(k * fl->packet_bits, SIM_S, fl->cfg.rate_bps) +
	       jitter_of(fl, k);
}

/* Packet number fl->sent is next: step the schedule to it (see struct flow). */
static void due_step(struct flow *fl)
{
	fl->due_q += fl->step_q;
	fl->due_r += fl->step_r;
	if (fl->due_r >= fl->cfg.rate_bps) {
		fl->due_r -= fl->cfg.rate_bps;
		fl->due_q++;
	}
}

static void flow_tx(struct sim *sim, void *arg)
{
	struct flow *fl = arg;
	struct frame_meta meta = {
		.flow = fl->cfg.id,
		.seq = (uint32_t)fl->sent,
		.sent_at = sim->now,
	};
	sim_time_t next;

	g_assert(fl->sent < UINT32_MAX);
	ledger_sent(&fl->ledger, meta.seq);
	udp_send(fl->cfg.src, fl->cfg.sport, fl->cfg.dst_ip, fl->cfg.dport, fl->cfg.payload, &meta);
	fl->sent++;
	fl->tx_bytes += fl->cfg.payload;
	due_step(fl);
	next = fl->cfg.start + (sim_time_t)fl->due_q + jitter_of(fl, fl->sent);
	if (next < fl->cfg.stop)
		sim_timer_arm(sim, &fl->tx_timer, next);
}

static void flow_udp_rx(void *owner, const struct udp_rx_info *info, const struct frame *f)
{
	struct flow *fl = owner;

	/* Someone else's datagram on our port: not part of the measurement. */
	if (f->meta.flow != fl->cfg.id) {
		fl->foreign++;
		return;
	}
	flow_rx_packet(&fl->rx, f->meta.seq, f->meta.sent_at, fl->sim->now, info->payload);
}

struct flow *flow_udp_new(struct sim *sim, const struct flow_config *cfg)
{
	struct flow *fl;

	g_assert(cfg->name && cfg->id != 0 && cfg->src && cfg->dst && cfg->rate_bps > 0);
	if (udp_port_bound(cfg->dst, cfg->dport))
		return NULL;
	fl = g_aligned_alloc0(1, sizeof(*fl), 64);
	fl->cfg = *cfg;
	fl->cfg.name = g_strdup(cfg->name);
	if (fl->cfg.stop == 0)
		fl->cfg.stop = SIM_TIME_NEVER;
	if (fl->cfg.start < sim->now)
		fl->cfg.start = sim->now;
	fl->sim = sim;
	fl->packet_bits = flow_packet_bits(cfg->payload);
	fl->step_q = fl->packet_bits * SIM_S / cfg->rate_bps;
	fl->step_r = fl->packet_bits * SIM_S % cfg->rate_bps;
	fl->jitter_key = sim->seed ^ ((uint64_t)cfg->id << 32);
	/* packets must keep their order: less jitter than one interval */
	g_assert(flow_config_jitter_ok(cfg));
	flow_rx_init(&fl->rx);
	ledger_init(&fl->ledger, sim, cfg->id, rx_seen, &fl->rx);
	fl->ledger.dest_host = cfg->dst->name;
	flow_rx_settle(&fl->rx, &fl->ledger.base, 0);
	udp_bind(cfg->dst, cfg->dport, flow_udp_rx, fl);
	sim_timer_init(&fl->tx_timer, flow_tx, fl);
	if (flow_send_time(fl, 0) < fl->cfg.stop)
		sim_timer_arm(sim, &fl->tx_timer, flow_send_time(fl, 0));
	return fl;
}

void flow_free(struct flow *fl)
{
	if (!fl)
		return;
	sim_timer_cancel(fl->sim, &fl->tx_timer);
	udp_unbind(fl->cfg.dst, fl->cfg.dport);
	ledger_fini(&fl->ledger);
	flow_rx_fini(&fl->rx);
	g_free((char *)fl->cfg.name);
	g_aligned_free(fl);
}

uint64_t flow_in_flight(const struct flow *fl)
{
	return ledger_in_flight(&fl->ledger);
}

uint64_t flow_lost(const struct flow *fl)
{
	return fl->ledger.lost;
}

double flow_throughput_bps(const struct flow *fl)
{
	sim_time_t end = fl->sim->now < fl->cfg.stop ? fl->sim->now : fl->cfg.stop;
	sim_time_t active = end - fl->cfg.start;

	if (active <= 0)
		return 0.0;
	return (double)fl->rx.bytes * 8.0 * (double)SIM_S / (double)active;
}

void flow_metrics(const struct flow *fl, struct metrics *m)
{
	const struct flow_rx *rx = &fl->rx;
	const char *n = fl->cfg.name;

	metrics_add_int(m, (int64_t)fl->sent, "flow.%s.sent", n);
	metrics_add_int(m, (int64_t)rx->received, "flow.%s.received", n);
	metrics_add_int(m, (int64_t)flow_lost(fl), "flow.%s.lost", n);
	metrics_add_int(m, (int64_t)flow_in_flight(fl), "flow.%s.in_flight", n);
	metrics_add_int(m, (int64_t)rx->duplicated, "flow.%s.duplicated", n);
	metrics_add_int(m, (int64_t)rx->reordered, "flow.%s.reordered", n);
	metrics_add_double(m, ratio(rx->reordered, rx->received), "flow.%s.reorder_ratio", n);
	metrics_add_int(m, (int64_t)rx->max_reorder_extent, "flow.%s.max_reorder_extent", n);
	metrics_add_double(m, (double)rx->delay_min / 1e3, "flow.%s.delay_min_us", n);
	metrics_add_double(m, delay_avg(rx) / 1e3, "flow.%s.delay_avg_us", n);
	metrics_add_double(m, (double)rx->delay_max / 1e3, "flow.%s.delay_max_us", n);
	metrics_add_double(m, flow_throughput_bps(fl) / 1e6, "flow.%s.throughput_mbps", n);
	metrics_add_int(m, (int64_t)fl->tx_bytes, "flow.%s.tx_bytes", n);
	metrics_add_int(m, (int64_t)rx->bytes, "flow.%s.rx_bytes", n);
	metrics_add_int(m, (int64_t)flow_rx_gap_count(rx), "flow.%s.gaps", n);
	metrics_add_double(m, (double)flow_rx_longest_gap(rx) / 1e6, "flow.%s.max_gap_ms", n);
	/* how long the flow waited for its first delivery (ARP, LACP), -1: never */
	metrics_add_double(m, rx->first_rx_at >= 0 ? (double)(rx->first_rx_at - fl->cfg.start) / 1e6
						  : -1, "flow.%s.first_rx_ms", n);
}

void flow_report_json(const struct flow *fl, struct json *j, const char *key)
{
	const struct flow_rx *rx = &fl->rx;
	char ip[16];

	json_begin_object(j, key);
	json_string(j, "name", fl->cfg.name);
	json_int(j, "id", fl->cfg.id);
	json_string(j, "src", fl->cfg.src->name);
	json_string(j, "dst", fl->cfg.dst->name);
	json_string(j, "dst_ip", wire_ipv4_format(fl->cfg.dst_ip, ip));
	json_int(j, "sport", fl->cfg.sport);
	json_int(j, "dport", fl->cfg.dport);
	json_int(j, "rate_bps", (int64_t)fl->cfg.rate_bps);
	json_int(j, "payload", fl->cfg.payload);
	json_int(j, "sent", (int64_t)fl->sent);
	json_int(j, "received", (int64_t)rx->received);
	json_int(j, "lost", (int64_t)flow_lost(fl));
	json_int(j, "in_flight", (int64_t)flow_in_flight(fl));
	ledger_report_json(&fl->ledger, j);
	json_int(j, "duplicated", (int64_t)rx->duplicated);
	json_int(j, "reordered", (int64_t)rx->reordered);
	json_sampled(j, "reorder_ratio", rx, ratio(rx->reordered, rx->received));
	json_int(j, "max_reorder_extent", (int64_t)rx->max_reorder_extent);
	json_sampled(j, "delay_min_us", rx, (double)rx->delay_min / 1e3);
	json_sampled(j, "delay_avg_us", rx, delay_avg(rx) / 1e3);
	json_sampled(j, "delay_max_us", rx, (double)rx->delay_max / 1e3);
	json_double(j, "throughput_mbps", flow_throughput_bps(fl) / 1e6);
	json_int(j, "tx_bytes", (int64_t)fl->tx_bytes);
	json_int(j, "rx_bytes", (int64_t)rx->bytes);
	flow_rx_gaps_json(rx, j, NULL);
	json_end_object(j);
}

void flow_summary(const struct flow *fl, GString *out)
{
	const struct flow_rx *rx = &fl->rx;
	uint64_t lost = flow_lost(fl);

	g_string_append_printf(out,
			       "flow %s: sent %" G_GUINT64_FORMAT " received %" G_GUINT64_FORMAT
			       " lost %" G_GUINT64_FORMAT " (%.2f%%) dup %" G_GUINT64_FORMAT
			       " reordered %" G_GUINT64_FORMAT " (%.2f%%, extent %" G_GUINT64_FORMAT
			       ") delay min/avg/max %.3f/%.3f/%.3f ms throughput %.3f Mbit/s",
			       fl->cfg.name, fl->sent, rx->received, lost,
			       100.0 * ratio(lost, fl->sent), rx->duplicated, rx->reordered,
			       100.0 * ratio(rx->reordered, rx->received), rx->max_reorder_extent,
			       (double)rx->delay_min / 1e6, delay_avg(rx) / 1e6,
			       (double)rx->delay_max / 1e6, flow_throughput_bps(fl) / 1e6);
}

/* ------------------------------------------------------------------- ping */

uint64_t ping_seq_label(uint64_t k)
{
	return ping_icmp_seq(k);
}

sim_time_t ping_send_time(const struct ping *p, uint64_t k)
{
	return p->cfg.start + (sim_time_t)k * p->cfg.interval;
}

static bool ping_more(const struct ping *p)
{
	return (p->cfg.count == 0 || p->sent < p->cfg.count) &&
	       ping_send_time(p, p->sent) < p->cfg.stop;
}

static void ping_tx(struct sim *sim, void *arg)
{
	struct ping *p = arg;
	struct frame_meta meta = {
		.flow = p->cfg.id,
		.seq = (uint32_t)p->sent,
		.sent_at = sim->now,
	};

	g_assert(p->sent < UINT32_MAX);
	ledger_sent(&p->ledger, meta.seq);
	icmp_send_echo(p->cfg.src, p->cfg.dst_ip, (uint16_t)p->cfg.id, ping_icmp_seq(p->sent),
		       p->cfg.size, &meta);
	p->sent++;
	if (ping_more(p))
		sim_timer_arm(sim, &p->tx_timer, ping_send_time(p, p->sent));
}

static void ping_rx(void *owner, const struct icmp_echo_info *info, const struct frame *f)
{
	struct ping *p = owner;

	/* The 16-bit wire sequence must agree with the meta the reply echoed. */
	if (f->meta.flow != p->cfg.id || info->seq != ping_icmp_seq(f->meta.seq) ||
	    info->src != p->cfg.dst_ip) {
		p->foreign++;
		return;
	}
	flow_rx_packet(&p->rx, f->meta.seq, f->meta.sent_at, p->sim->now, info->payload);
}

struct ping *ping_new(struct sim *sim, const struct ping_config *cfg)
{
	struct ping *p;

	g_assert(cfg->name && cfg->id != 0 && cfg->src);
	p = g_new0(struct ping, 1);
	p->cfg = *cfg;
	if (!icmp_bind_echo(cfg->src, (uint16_t)cfg->id, ping_rx, p)) {
		g_free(p);
		return NULL;
	}
	p->cfg.name = g_strdup(cfg->name);
	if (p->cfg.interval <= 0)
		p->cfg.interval = PING_DEFAULT_INTERVAL;
	if (p->cfg.stop == 0)
		p->cfg.stop = SIM_TIME_NEVER;
	if (p->cfg.start < sim->now)
		p->cfg.start = sim->now;
	p->sim = sim;
	flow_rx_init(&p->rx);
	ledger_init(&p->ledger, sim, cfg->id, rx_seen, &p->rx);
	flow_rx_settle(&p->rx, &p->ledger.base, 0);
	sim_timer_init(&p->tx_timer, ping_tx, p);
	if (ping_more(p))
		sim_timer_arm(sim, &p->tx_timer, p->cfg.start);
	return p;
}

void ping_free(struct ping *p)
{
	if (!p)
		return;
	sim_timer_cancel(p->sim, &p->tx_timer);
	icmp_unbind_echo(p->cfg.src, (uint16_t)p->cfg.id);
	ledger_fini(&p->ledger);
	flow_rx_fini(&p->rx);
	g_free((char *)p->cfg.name);
	g_free(p);
}

uint64_t ping_in_flight(const struct ping *p)
{
	return ledger_in_flight(&p->ledger);
}

uint64_t ping_lost(const struct ping *p)
{
	return p->ledger.lost;
}

void ping_metrics(const struct ping *p, struct metrics *m)
{
	const struct flow_rx *rx = &p->rx;
	const char *n = p->cfg.name;

	metrics_add_int(m, (int64_t)p->sent, "ping.%s.sent", n);
	metrics_add_int(m, (int64_t)rx->received, "ping.%s.received", n);
	metrics_add_int(m, (int64_t)ping_lost(p), "ping.%s.lost", n);
	metrics_add_int(m, (int64_t)ping_in_flight(p), "ping.%s.in_flight", n);
	metrics_add_int(m, (int64_t)rx->duplicated, "ping.%s.duplicated", n);
	metrics_add_int(m, (int64_t)rx->reordered, "ping.%s.reordered", n);
	metrics_add_int(m, (int64_t)rx->max_reorder_extent, "ping.%s.max_reorder_extent", n);
	metrics_add_double(m, (double)rx->delay_min / 1e3, "ping.%s.rtt_min_us", n);
	metrics_add_double(m, delay_avg(rx) / 1e3, "ping.%s.rtt_avg_us", n);
	metrics_add_double(m, (double)rx->delay_max / 1e3, "ping.%s.rtt_max_us", n);
	metrics_add_int(m, (int64_t)flow_rx_gap_count(rx), "ping.%s.gaps", n);
	metrics_add_double(m, (double)flow_rx_longest_gap(rx) / 1e6, "ping.%s.max_gap_ms", n);
}

void ping_report_json(const struct ping *p, struct json *j, const char *key)
{
	const struct flow_rx *rx = &p->rx;
	char ip[16];

	json_begin_object(j, key);
	json_string(j, "name", p->cfg.name);
	json_int(j, "id", p->cfg.id);
	json_string(j, "src", p->cfg.src->name);
	json_string(j, "dst_ip", wire_ipv4_format(p->cfg.dst_ip, ip));
	json_int(j, "interval_ns", p->cfg.interval);
	json_int(j, "size", p->cfg.size);
	json_int(j, "sent", (int64_t)p->sent);
	json_int(j, "received", (int64_t)rx->received);
	json_int(j, "lost", (int64_t)ping_lost(p));
	json_int(j, "in_flight", (int64_t)ping_in_flight(p));
	ledger_report_json(&p->ledger, j);
	json_int(j, "duplicated", (int64_t)rx->duplicated);
	json_int(j, "reordered", (int64_t)rx->reordered);
	json_int(j, "max_reorder_extent", (int64_t)rx->max_reorder_extent);
	json_sampled(j, "rtt_min_us", rx, (double)rx->delay_min / 1e3);
	json_sampled(j, "rtt_avg_us", rx, delay_avg(rx) / 1e3);
	json_sampled(j, "rtt_max_us", rx, (double)rx->delay_max / 1e3);
	flow_rx_gaps_json(rx, j, ping_seq_label);
	json_end_object(j);
}

void ping_summary(const struct ping *p, GString *out)
{
	const struct flow_rx *rx = &p->rx;
	uint64_t lost = ping_lost(p);

	/* iputils' statistics line, plus what ping cannot see (reordering). */
	g_string_append_printf(out,
			       "ping %s: %" G_GUINT64_FORMAT " transmitted, %" G_GUINT64_FORMAT
			       " received, %" G_GUINT64_FORMAT " duplicates, %.2f%% packet loss,"
			       " %" G_GUINT64_FORMAT " reordered,"
			       " rtt min/avg/max %.3f/%.3f/%.3f ms",
			       p->cfg.name, p->sent, rx->received, rx->duplicated,
			       100.0 * ratio(lost, p->sent), rx->reordered,
			       (double)rx->delay_min / 1e6, delay_avg(rx) / 1e6,
			       (double)rx->delay_max / 1e6);
}
