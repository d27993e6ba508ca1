/*
 * tcp_flow.c - TCP traffic: bulk and request/response, with its measurements.
 */
#include <math.h>
#include "tcp_flow.h"

/* What an iperf3-like sender keeps written ahead of what is acknowledged. */
#define TCP_FLOW_WRITE_AHEAD	((uint64_t)4 << 20)

static bool is_data_sender(const struct tcp_flow *tf, const struct tcp_sock *s)
{
	if (tf->cfg.kind == TCP_FLOW_RR)
		return s == tf->server && s;	/* responses are the measured direction */
	return tf->cfg.download ? s == tf->server : s == tf->client;
}

struct tcp_sock *tcp_flow_sender(const struct tcp_flow *tf)
{
	if (tf->cfg.kind == TCP_FLOW_RR)
		return tf->server;
	return tf->cfg.download ? tf->server : tf->client;
}

struct tcp_sock *tcp_flow_receiver(const struct tcp_flow *tf)
{
	if (tf->cfg.kind == TCP_FLOW_RR)
		return tf->client;
	return tf->cfg.download ? tf->client : tf->server;
}

/* ---- the sending application ---------------------------------------------- */

/* Keep the send buffer topped up; a transfer of N bytes writes them all at once. */
static void bulk_write(struct tcp_flow *tf, struct tcp_sock *s)
{
	uint64_t acked = tcp_sock_stats(s)->bytes_acked;

	if (tf->stopped)
		return;
	if (tf->cfg.bytes) {
		if (tf->written == 0) {
			tf->written = tf->cfg.bytes;
			tcp_send(s, tf->cfg.bytes);
			tcp_close(s);
		}
		return;
	}
	if (tf->written < acked + TCP_FLOW_WRITE_AHEAD) {
		uint64_t more = acked + TCP_FLOW_WRITE_AHEAD - tf->written;

		tf->written += more;
		tcp_send(s, more);
	}
}

static void rr_request(struct tcp_flow *tf)
{
	if (tf->stopped || !tf->client)
		return;
	tf->req_sent_at = tf->sim->now;
	tf->resp_rx_at_client = 0;
	tf->written += tf->cfg.request;
	tcp_send(tf->client, tf->cfg.request);
}

static void think_done(struct sim *sim, void *arg)
{
	rr_request(arg);
}

/* ---- socket callbacks ------------------------------------------------------- */

static void on_connected(void *owner, struct tcp_sock *s)
{
	struct tcp_flow *tf = owner;

	if (s != tf->client)
		tf->server = s;
	else
		tf->connected_at = tf->sim->now;
	if (tf->cfg.kind == TCP_FLOW_RR) {
		if (s == tf->client)
			rr_request(tf);
		return;
	}
	if (is_data_sender(tf, s))
		bulk_write(tf, s);
}

static void watch_delivery(struct tcp_flow *tf, sim_time_t now)
{
	sim_time_t prev = tf->last_delivery;

	while (tf->next_watch < tf->watches->len) {
		struct tcp_flow_watch *w = &g_array_index(tf->watches, struct tcp_flow_watch,
							  tf->next_watch);

		if (now <= w->t) {
			w->last_before = now;
			break;
		}
		w->first_after = now;
		tf->next_watch++;
		/* the next watch, if later, has this delivery as its last before */
		if (tf->next_watch < tf->watches->len) {
			struct tcp_flow_watch *n = w + 1;

			n->last_before = w->last_before;
		}
	}
	/* the gap this delivery ends belongs to the latest watch before it */
	if (tf->next_watch > 0 && prev >= 0) {
		struct tcp_flow_watch *w = &g_array_index(tf->watches, struct tcp_flow_watch,
							  tf->next_watch - 1);

		if (now > w->t && (w->stall_from < 0 || now - prev > w->stall_to - w->stall_from)) {
			w->stall_from = prev;
			w->stall_to = now;
		}
	}
}

static void on_data(void *owner, struct tcp_sock *s, uint64_t bytes)
{
	struct tcp_flow *tf = owner;
	sim_time_t now = tf->sim->now;

	if (tf->cfg.kind == TCP_FLOW_RR) {
		if (s == tf->client) {
			tf->delivered += bytes;
			watch_delivery(tf, now);
			tf->last_delivery = now;
			tf->resp_rx_at_client += bytes;
			if (tf->resp_rx_at_client >= tf->cfg.response) {
				sim_time_t lat = now - tf->req_sent_at;

				tcp_flow_latency_add(tf, lat);
				tf->requests++;
				tf->resp_rx_at_client = 0;
				if (tf->cfg.think > 0)
					sim_timer_arm_in(tf->sim, &tf->think_timer, tf->cfg.think);
				else
					rr_request(tf);
			}
		} else {
			tf->req_rx_at_server += bytes;
			while (tf->req_rx_at_server >= tf->cfg.request) {
				tf->req_rx_at_server -= tf->cfg.request;
				tcp_send(s, tf->cfg.response);
			}
		}
		return;
	}
	if (s != tcp_flow_receiver(tf))
		return;
	tf->delivered += bytes;
	watch_delivery(tf, now);
	tf->last_delivery = now;
	if (tf->cfg.bytes && tf->delivered >= tf->cfg.bytes && tf->done_at < 0)
		tf->done_at = now;
}

static void on_acked(void *owner, struct tcp_sock *s, uint64_t bytes)
{
	struct tcp_flow *tf = owner;

	if (tf->cfg.kind == TCP_FLOW_BULK && is_data_sender(tf, s))
		bulk_write(tf, s);
}

static void on_peer_closed(void *owner, struct tcp_sock *s)
{
	struct tcp_flow *tf = owner;

	/* the sender of N bytes closed: close our half too */
	if (tf->cfg.kind == TCP_FLOW_BULK && s == tcp_flow_receiver(tf))
		tcp_close(s);
}

static void on_aborted(void *owner, struct tcp_sock *s, const char *why)
{
	struct tcp_flow *tf = owner;

	if (!tf->aborted) {
		tf->aborted = true;
		tf->abort_why = g_strdup(why);
		tf->aborted_at = tf->sim->now;
	}
}

static void on_stamp(void *owner, struct tcp_sock *s, struct frame_meta *meta, bool retrans)
{
	struct tcp_flow *tf = owner;

	if (!is_data_sender(tf, s) || tf->transmissions == UINT32_MAX)
		return;
	meta->flow = tf->cfg.id;
	meta->seq = tf->transmissions++;
	meta->sent_at = tf->sim->now;
	tf->retransmissions_stamped += retrans;
	ledger_sent(&tf->ledger, meta->seq);
}

static void on_segment(void *owner, struct tcp_sock *s, const struct frame_meta *meta,
		       uint32_t payload)
{
	struct tcp_flow *tf = owner;

	if (meta->flow != tf->cfg.id)
		return;
	flow_rx_packet(&tf->rx, meta->seq, meta->sent_at, tf->sim->now, payload);
	reorder_density_packet(&tf->rd, meta->seq);
}

static const struct tcp_callbacks flow_callbacks = {
	.connected = on_connected,
	.data = on_data,
	.acked = on_acked,
	.peer_closed = on_peer_closed,
	.aborted = on_aborted,
	.stamp = on_stamp,
	.segment = on_segment,
};

/* ---- life ------------------------------------------------------------------- */

static void flow_start(struct sim *sim, void *arg)
{
	struct tcp_flow *tf = arg;

	tf->client = tcp_connect(tf->cfg.client, tf->cfg.sport, tf->cfg.server_ip, tf->cfg.dport,
				 &flow_callbacks, tf);
}

static void flow_stop(struct sim *sim, void *arg)
{
	struct tcp_flow *tf = arg;

	tf->stopped = true;
	tf->delivered_by_stop = tf->delivered;
	sim_timer_cancel(sim, &tf->think_timer);
}

static bool rx_seen(const void *arg, uint32_t seq)
{
	return flow_rx_seen(arg, seq);
}

struct tcp_flow *tcp_flow_new(struct sim *sim, const struct tcp_flow_config *cfg)
{
	struct tcp_flow *tf;

	g_assert(cfg->name && cfg->id != 0 && cfg->client && cfg->server);
	g_assert(cfg->kind == TCP_FLOW_BULK || (cfg->request > 0 && cfg->response > 0));
	g_assert(cfg->client->tcp && cfg->server->tcp);
	tf = g_new0(struct tcp_flow, 1);
	tf->cfg = *cfg;
	tf->cfg.name = g_strdup(cfg->name);
	if (tf->cfg.stop == 0)
		tf->cfg.stop = SIM_TIME_NEVER;
	if (tf->cfg.start < sim->now)
		tf->cfg.start = sim->now;
	tf->sim = sim;
	tf->connected_at = tf->done_at = tf->last_delivery = -1;
	if (!tcp_listen(cfg->server, cfg->dport, &flow_callbacks, tf)) {
		g_free((char *)tf->cfg.name);
		g_free(tf);
		return NULL;
	}
	flow_rx_init(&tf->rx);
	reorder_density_init(&tf->rd, TCP_FLOW_REORDER_DT);
	ledger_init(&tf->ledger, sim, cfg->id, rx_seen, &tf->rx);
	flow_rx_settle(&tf->rx, &tf->ledger.base, 0);
	tf->watches = g_array_new(FALSE, FALSE, sizeof(struct tcp_flow_watch));
	tf->latencies = g_array_new(FALSE, FALSE, sizeof(struct tcp_latency));
	sim_timer_init(&tf->start_timer, flow_start, tf);
	sim_timer_init(&tf->stop_timer, flow_stop, tf);
	sim_timer_init(&tf->think_timer, think_done, tf);
	sim_timer_arm(sim, &tf->start_timer, tf->cfg.start);
	if (tf->cfg.stop != SIM_TIME_NEVER)
		sim_timer_arm(sim, &tf->stop_timer, tf->cfg.stop);
	return tf;
}

void tcp_flow_free(struct tcp_flow *tf)
{
	if (!tf)
		return;
	sim_timer_cancel(tf->sim, &tf->start_timer);
	sim_timer_cancel(tf->sim, &tf->stop_timer);
	sim_timer_cancel(tf->sim, &tf->think_timer);
	ledger_fini(&tf->ledger);
	flow_rx_fini(&tf->rx);
	reorder_density_fini(&tf->rd);
	g_array_free(tf->watches, TRUE);
	g_array_free(tf->latencies, TRUE);
	g_free(tf->abort_why);
	g_free((char *)tf->cfg.name);
	g_free(tf);
}

void tcp_flow_finish(struct tcp_flow *tf)
{
	if (!tf->finished)
		reorder_density_flush(&tf->rd);
	tf->finished = true;
}

static gint watch_cmp(gconstpointer a, gconstpointer b)
{
	sim_time_t x = ((const struct tcp_flow_watch *)a)->t, y = ((const struct tcp_flow_watch *)b)->t;

	return (x > y) - (x < y);
}

void tcp_flow_watch(struct tcp_flow *tf, sim_time_t t)
{
	struct tcp_flow_watch w = { .t = t, .last_before = -1, .first_after = SIM_TIME_NEVER,
				    .stall_from = -1, .stall_to = -1 };

	if (tcp_flow_watch_at(tf, t))
		return;
	g_assert(tf->next_watch == 0 && tf->last_delivery < 0);
	g_array_append_val(tf->watches, w);
	g_array_sort(tf->watches, watch_cmp);
}

const struct tcp_flow_watch *tcp_flow_watch_at(const struct tcp_flow *tf, sim_time_t t)
{
	for (guint i = 0; i < tf->watches->len; i++)
		if (g_array_index(tf->watches, struct tcp_flow_watch, i).t == t)
			return &g_array_index(tf->watches, struct tcp_flow_watch, i);
	return NULL;
}

/* ---- results ---------------------------------------------------------------- */

double tcp_flow_goodput_bps(const struct tcp_flow *tf)
{
	sim_time_t end = tf->sim->now < tf->cfg.stop ? tf->sim->now : tf->cfg.stop;
	uint64_t bytes = tf->stopped ? tf->delivered_by_stop : tf->delivered;
	sim_time_t active;

	/* what arrives after stop was written before it: not this flow's rate */
	if (tf->done_at >= 0 && tf->done_at <= end) {
		end = tf->done_at;
		bytes = tf->delivered;
	}
	active = end - tf->cfg.start;
	if (active <= 0)
		return 0.0;
	return (double)bytes * 8.0 * (double)SIM_S / (double)active;
}

sim_time_t tcp_flow_completion(const struct tcp_flow *tf)
{
	return tf->done_at < 0 ? -1 : tf->done_at - tf->cfg.start;
}

/*
 * The latencies are kept as distinct values with their counts, sorted: a
 * simulated network repeats itself to the nanosecond (the same response
 * over the same idle path takes the same time), so this stays small where
 * a value per request would grow with the run, and the percentiles are as
 * exact as from the full list.
 */
void tcp_flow_latency_add(struct tcp_flow *tf, sim_time_t t)
{
	guint lo = 0, hi = tf->latencies->len;
	struct tcp_latency one = { t, 1 };

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;

		if (g_array_index(tf->latencies, struct tcp_latency, mid).t < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < tf->latencies->len && g_array_index(tf->latencies, struct tcp_latency, lo).t == t)
		g_array_index(tf->latencies, struct tcp_latency, lo).n++;
	else
		g_array_insert_val(tf->latencies, lo, one);
}

sim_time_t tcp_flow_latency(const struct tcp_flow *tf, double q)
{
	uint64_t total = 0, k, below = 0;
	guint i;

	for (i = 0; i < tf->latencies->len; i++)
		total += g_array_index(tf->latencies, struct tcp_latency, i).n;
	if (!total)
		return -1;
	/* nearest rank: the smallest value with at least q of them at or below it */
	k = (uint64_t)ceil(q * (double)total);
	k = k ? k - 1 : 0;
	if (k >= total)
		k = total - 1;
	for (i = 0; i + 1 < tf->latencies->len; i++) {
		below += g_array_index(tf->latencies, struct tcp_latency, i).n;
		if (k < below)
			break;
	}
	return g_array_index(tf->latencies, struct tcp_latency, i).t;
}

static double ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : 0.0;
}

static double ms(sim_time_t t)
{
	return t < 0 ? -1.0 : (double)t / 1e6;
}

void tcp_flow_metrics(const struct tcp_flow *tf, struct metrics *m)
{
	static const struct tcp_stats none;
	struct tcp_sock *snd = tcp_flow_sender(tf), *rcv = tcp_flow_receiver(tf);
	const struct tcp_stats *st = snd ? tcp_sock_stats(snd) : &none;
	const struct tcp_stats *rst = rcv ? tcp_sock_stats(rcv) : &none;
	struct tcp_info_snap info = { 0 };
	struct reorder_summary rs;
	const char *n = tf->cfg.name;

	if (snd)
		tcp_get_info(snd, &info);
	metrics_add_double(m, tcp_flow_goodput_bps(tf) / 1e6, "flow.%s.goodput_mbps", n);
	metrics_add_int(m, (int64_t)tf->delivered, "flow.%s.rx_bytes", n);
	metrics_add_int(m, (int64_t)st->bytes_sent, "flow.%s.tx_bytes", n);
	metrics_add_double(m, ms(tcp_flow_completion(tf)), "flow.%s.completion_ms", n);
	metrics_add_int(m, tf->aborted, "flow.%s.aborted", n);
	/* data segments on the wire, by transmission: sent = received + lost + in flight */
	metrics_add_int(m, tf->transmissions, "flow.%s.sent", n);
	metrics_add_int(m, (int64_t)tf->rx.received, "flow.%s.received", n);
	metrics_add_int(m, (int64_t)tf->ledger.lost, "flow.%s.lost", n);
	metrics_add_int(m, (int64_t)ledger_in_flight(&tf->ledger), "flow.%s.in_flight", n);
	metrics_add_int(m, (int64_t)tf->rx.reordered, "flow.%s.reordered", n);
	metrics_add_double(m, ratio(tf->rx.reordered, tf->rx.received), "flow.%s.reorder_ratio", n);
	metrics_add_int(m, (int64_t)tf->rx.max_reorder_extent, "flow.%s.max_reorder_extent", n);
	/* RFC 5236: the share that arrived in place, and how far the others were */
	reorder_density_summary(&tf->rd, &rs);
	metrics_add_double(m, rs.in_order, "flow.%s.rd_in_place", n);
	metrics_add_double(m, rs.mean_abs_displacement, "flow.%s.rd_mean_displacement", n);
	metrics_add_int(m, rs.max_late, "flow.%s.rd_max_late", n);
	metrics_add_double(m, rs.mean_occupancy, "flow.%s.rbd_mean_occupancy", n);
	metrics_add_int(m, rs.max_occupancy, "flow.%s.rbd_max_occupancy", n);
	/* the sender's socket, with the names of nstat / ss -ti */
	metrics_add_int(m, (int64_t)st->retrans_segs, "flow.%s.retrans_segs", n);
	metrics_add_int(m, (int64_t)st->fast_retrans, "flow.%s.fast_retrans", n);
	metrics_add_int(m, (int64_t)st->timeouts, "flow.%s.timeouts", n);
	metrics_add_int(m, (int64_t)st->tlp_probes, "flow.%s.loss_probes", n);
	metrics_add_int(m, (int64_t)st->recoveries, "flow.%s.recoveries", n);
	/* spurious: segments the receiver got twice (it said so by D-SACK);
	 * of those, the sender's own reckoning recognised spurious_detected */
	metrics_add_int(m, (int64_t)rst->dup_data_received, "flow.%s.spurious_retrans", n);
	metrics_add_int(m, (int64_t)st->spurious_retrans, "flow.%s.spurious_detected", n);
	metrics_add_int(m, (int64_t)st->dsacks_received, "flow.%s.dsacks", n);
	metrics_add_int(m, (int64_t)st->undos, "flow.%s.undos", n);
	/* ss -ti "reord_seen": every reordering detected; and how many raised the degree */
	metrics_add_int(m, info.reord_seen, "flow.%s.reorder_seen", n);
	metrics_add_int(m, (int64_t)st->reorder_raises, "flow.%s.reorder_raises", n);
	metrics_add_int(m, info.reordering, "flow.%s.reordering", n);
	metrics_add_int(m, info.cwnd, "flow.%s.cwnd", n);
	metrics_add_double(m, (double)info.srtt / 1e3, "flow.%s.srtt_us", n);
	metrics_add_int(m, (int64_t)rst->ooo_segs_received, "flow.%s.ooo_segs", n);
	/* the receiver's TcpExtTCPAckCompressed: ACKs SACK compression saved */
	metrics_add_int(m, (int64_t)rst->acks_compressed, "flow.%s.acks_compressed", n);
	if (tf->cfg.kind == TCP_FLOW_RR) {
		metrics_add_int(m, (int64_t)tf->requests, "flow.%s.requests", n);
		metrics_add_double(m, ms(tcp_flow_latency(tf, 0.5)), "flow.%s.latency_p50_ms", n);
		metrics_add_double(m, ms(tcp_flow_latency(tf, 0.99)), "flow.%s.latency_p99_ms", n);
		metrics_add_double(m, ms(tcp_flow_latency(tf, 1.0)), "flow.%s.latency_max_ms", n);
	}
}

/* An RTT estimate in us, null before the socket had a sample. */
static void rtt_json(struct json *j, const char *key, const struct tcp_info_snap *info,
		     sim_time_t v)
{
	if (info->srtt)
		json_double(j, key, (double)v / 1e3);
	else
		json_null(j, key);
}

static void stats_json(struct json *j, const char *key, struct tcp_sock *s)
{
	const struct tcp_stats *st;
	struct tcp_info_snap info;

	if (!s) {
		json_null(j, key);
		return;
	}
	st = tcp_sock_stats(s);
	tcp_get_info(s, &info);
	json_begin_object(j, key);
	json_string(j, "state", info.state);
	json_string(j, "ca_state", info.ca_state);
	json_int(j, "mss", info.mss);
	json_int(j, "cwnd", info.cwnd);
	if (info.ssthresh == UINT32_MAX)
		json_null(j, "ssthresh");
	else
		json_int(j, "ssthresh", info.ssthresh);
	json_int(j, "reordering", info.reordering);
	/* srtt is 0 until the first RTT sample: no estimate, not a 0 rtt */
	rtt_json(j, "srtt_us", &info, info.srtt);
	rtt_json(j, "rttvar_us", &info, info.rttvar);
	json_double(j, "rto_ms", (double)info.rto / 1e6);
	rtt_json(j, "min_rtt_us", &info, info.min_rtt);
	json_int(j, "segs_out", (int64_t)st->segs_out);
	json_int(j, "segs_in", (int64_t)st->segs_in);
	json_int(j, "data_segs_out", (int64_t)st->data_segs_out);
	json_int(j, "bytes_sent", (int64_t)st->bytes_sent);
	json_int(j, "bytes_acked", (int64_t)st->bytes_acked);
	json_int(j, "bytes_received", (int64_t)st->bytes_received);
	json_int(j, "retrans_segs", (int64_t)st->retrans_segs);
	json_int(j, "fast_retrans", (int64_t)st->fast_retrans);
	json_int(j, "rto_retrans", (int64_t)st->rto_retrans);
	json_int(j, "loss_probes", (int64_t)st->tlp_probes);
	json_int(j, "timeouts", (int64_t)st->timeouts);
	json_int(j, "recoveries", (int64_t)st->recoveries);
	json_int(j, "spurious_retrans", (int64_t)st->spurious_retrans);
	json_int(j, "dsacks_received", (int64_t)st->dsacks_received);
	json_int(j, "dsacks_sent", (int64_t)st->dsacks_sent);
	json_int(j, "dup_data_received", (int64_t)st->dup_data_received);
	json_int(j, "undos", (int64_t)st->undos);
	json_int(j, "reorder_seen", info.reord_seen);
	json_int(j, "reorder_raises", (int64_t)st->reorder_raises);
	json_int(j, "dup_acks_received", (int64_t)st->dup_acks_received);
	json_int(j, "ooo_segs_received", (int64_t)st->ooo_segs_received);
	json_int(j, "acks_compressed", (int64_t)st->acks_compressed);
	json_end_object(j);
}

void tcp_flow_report_json(const struct tcp_flow *tf, struct json *j, const char *key)
{
	char ip[16];

	json_begin_object(j, key);
	json_string(j, "name", tf->cfg.name);
	json_string(j, "type", "tcp");
	json_string(j, "workload", tf->cfg.kind == TCP_FLOW_RR ? "request_response" : "bulk");
	json_int(j, "id", tf->cfg.id);
	json_string(j, "client", tf->cfg.client->name);
	json_string(j, "server", tf->cfg.server->name);
	json_string(j, "server_ip", wire_ipv4_format(tf->cfg.server_ip, ip));
	json_int(j, "sport", tf->cfg.sport);
	json_int(j, "dport", tf->cfg.dport);
	json_bool(j, "download", tf->cfg.download);
	json_double(j, "goodput_mbps", tcp_flow_goodput_bps(tf) / 1e6);
	json_int(j, "delivered_bytes", (int64_t)tf->delivered);
	json_double(j, "completion_ms", ms(tcp_flow_completion(tf)));
	if (tf->aborted) {
		json_string(j, "aborted", tf->abort_why);
		json_int(j, "aborted_at_ns", tf->aborted_at);
	}
	json_int(j, "sent", tf->transmissions);
	json_int(j, "received", (int64_t)tf->rx.received);
	json_int(j, "lost", (int64_t)tf->ledger.lost);
	json_int(j, "in_flight", (int64_t)ledger_in_flight(&tf->ledger));
	ledger_report_json(&tf->ledger, j);
	json_int(j, "reordered", (int64_t)tf->rx.reordered);
	/* nothing received: no reordering measured, not none */
	if (tf->rx.received)
		json_double(j, "reorder_ratio", ratio(tf->rx.reordered, tf->rx.received));
	else
		json_null(j, "reorder_ratio");
	json_int(j, "max_reorder_extent", (int64_t)tf->rx.max_reorder_extent);
	reorder_density_report_json(&tf->rd, j, "reorder_density");
	if (tf->cfg.kind == TCP_FLOW_RR) {
		json_int(j, "requests", (int64_t)tf->requests);
		json_double(j, "latency_p50_ms", ms(tcp_flow_latency(tf, 0.5)));
		json_double(j, "latency_p99_ms", ms(tcp_flow_latency(tf, 0.99)));
		json_double(j, "latency_max_ms", ms(tcp_flow_latency(tf, 1.0)));
	}
	stats_json(j, "sender", tcp_flow_sender(tf));
	stats_json(j, "receiver", tcp_flow_receiver(tf));
	json_end_object(j);
}

void tcp_flow_summary(const struct tcp_flow *tf, GString *out)
{
	static const struct tcp_stats none;
	struct tcp_sock *snd = tcp_flow_sender(tf), *rcv = tcp_flow_receiver(tf);
	const struct tcp_stats *st = snd ? tcp_sock_stats(snd) : &none;
	const struct tcp_stats *rst = rcv ? tcp_sock_stats(rcv) : &none;
	struct tcp_info_snap info = { .state = "CLOSED", .ca_state = "-" };

	if (snd)
		tcp_get_info(snd, &info);
	g_string_append_printf(out, "flow %s (tcp %s, %s -> %s): goodput %.3f Mbit/s, %" G_GUINT64_FORMAT
			       " bytes delivered",
			       tf->cfg.name, tf->cfg.kind == TCP_FLOW_RR ? "request/response" : "bulk",
			       tf->cfg.kind == TCP_FLOW_RR || !tf->cfg.download ? tf->cfg.client->name :
			       tf->cfg.server->name,
			       tf->cfg.kind == TCP_FLOW_RR || !tf->cfg.download ? tf->cfg.server->name :
			       tf->cfg.client->name,
			       tcp_flow_goodput_bps(tf) / 1e6, tf->delivered);
	if (tcp_flow_completion(tf) >= 0)
		g_string_append_printf(out, " in %.3f ms", ms(tcp_flow_completion(tf)));
	if (tf->aborted)
		g_string_append_printf(out, ", ABORTED at %.3f s (%s)", tf->aborted_at / 1e9,
				       tf->abort_why);
	g_string_append(out, "\n");
	g_string_append_printf(out, "    sender: retrans %" G_GUINT64_FORMAT " (fast %" G_GUINT64_FORMAT
			       ", after timeout %" G_GUINT64_FORMAT "), timeouts %" G_GUINT64_FORMAT
			       ", spurious %" G_GUINT64_FORMAT " (the receiver had them; DSACKs %"
			       G_GUINT64_FORMAT ", undos %" G_GUINT64_FORMAT "), reordering %u (seen %u times, raised %"
			       G_GUINT64_FORMAT "), cwnd %u, rtt ",
			       st->retrans_segs, st->fast_retrans, st->rto_retrans, st->timeouts,
			       rst->dup_data_received, st->dsacks_received, st->undos, info.reordering,
			       info.reord_seen, st->reorder_raises, info.cwnd);
	/* no RTT sample yet (nothing acked): no estimate, not 0 ms */
	if (info.srtt)
		g_string_append_printf(out, "%.3f ms\n", (double)info.srtt / 1e6);
	else
		g_string_append(out, "-\n");
	g_string_append_printf(out, "    data segments: sent %u = received %" G_GUINT64_FORMAT
			       " + lost %" G_GUINT64_FORMAT " + in flight %" G_GUINT64_FORMAT
			       "; reordered by the network %" G_GUINT64_FORMAT " (",
			       tf->transmissions, tf->rx.received, tf->ledger.lost,
			       ledger_in_flight(&tf->ledger), tf->rx.reordered);
	/* a share of nothing received is no share */
	if (tf->rx.received)
		g_string_append_printf(out, "%.2f%%", 100.0 * ratio(tf->rx.reordered, tf->rx.received));
	else
		g_string_append(out, "-");
	g_string_append_printf(out, ", extent %" G_GUINT64_FORMAT ")\n", tf->rx.max_reorder_extent);
	if (tf->cfg.kind == TCP_FLOW_RR)
		g_string_append_printf(out, "    requests %" G_GUINT64_FORMAT
				       ", latency p50 %.3f ms, p99 %.3f ms, max %.3f ms\n",
				       tf->requests, ms(tcp_flow_latency(tf, 0.5)),
				       ms(tcp_flow_latency(tf, 0.99)), ms(tcp_flow_latency(tf, 1.0)));
}
