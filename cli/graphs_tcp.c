/*
 * graphs_tcp.c - TCP flows over time: tcp.csv, drawn as tcp.png.
 *
 * DOC: At each sample, per TCP flow: the bytes delivered in order to the
 * receiving application in the interval (goodput), the sender's
 * retransmissions in the interval, and the sender's cwnd, ssthresh and
 * smoothed RTT at the sample's instant (ss -ti's values: gauges, not
 * counters, so a cut in cwnd between two samples that has recovered by
 * the second does not show; the retransmission column says it happened).
 */
#include "graphs.h"

struct tcp_sample {
	uint64_t delivered;		/* bytes delivered in the interval */
	uint64_t retrans;		/* segments retransmitted in the interval */
	uint32_t cwnd, ssthresh;	/* segments; ssthresh UINT32_MAX: infinite */
	sim_time_t srtt;
};

struct tcp_graphs {
	const struct world *w;
	guint n;			/* flows */
	uint64_t *last_delivered, *last_retrans;
	GArray *samples;		/* struct tcp_sample, row-major, n per row */
	GArray *times;			/* sim_time_t: end of each row */
};

struct tcp_graphs *graphs_tcp_new(const struct world *w)
{
	struct tcp_graphs *t = g_new0(struct tcp_graphs, 1);

	t->w = w;
	t->n = w->tcp_flows->len;
	t->last_delivered = g_new0(uint64_t, t->n + 1);
	t->last_retrans = g_new0(uint64_t, t->n + 1);
	t->samples = g_array_new(FALSE, FALSE, sizeof(struct tcp_sample));
	t->times = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
	return t;
}

void graphs_tcp_free(struct tcp_graphs *t)
{
	if (!t)
		return;
	g_free(t->last_delivered);
	g_free(t->last_retrans);
	g_array_free(t->samples, TRUE);
	g_array_free(t->times, TRUE);
	g_free(t);
}

static uint64_t retrans_of(const struct tcp_flow *tf)
{
	struct tcp_sock *s = tcp_flow_sender(tf);

	return s ? tcp_sock_stats(s)->retrans_segs : 0;
}

void graphs_tcp_start(struct tcp_graphs *t)
{
	for (guint i = 0; i < t->n; i++) {
		const struct tcp_flow *tf = g_ptr_array_index(t->w->tcp_flows, i);

		t->last_delivered[i] = tf->delivered;
		t->last_retrans[i] = retrans_of(tf);
	}
}

void graphs_tcp_sample(struct tcp_graphs *t)
{
	sim_time_t now = t->w->sim->now;

	if (!t->n)
		return;
	g_array_append_val(t->times, now);
	for (guint i = 0; i < t->n; i++) {
		const struct tcp_flow *tf = g_ptr_array_index(t->w->tcp_flows, i);
		struct tcp_sock *s = tcp_flow_sender(tf);
		struct tcp_sample x = { 0 };
		struct tcp_info_snap info;

		x.delivered = tf->delivered - t->last_delivered[i];
		x.retrans = retrans_of(tf) - t->last_retrans[i];
		t->last_delivered[i] = tf->delivered;
		t->last_retrans[i] = retrans_of(tf);
		x.ssthresh = UINT32_MAX;
		if (s) {
			tcp_get_info(s, &info);
			x.cwnd = info.cwnd;
			x.ssthresh = info.ssthresh;
			x.srtt = info.srtt;
		}
		g_array_append_val(t->samples, x);
	}
}

/*
 * tcp.csv: time_s, then 5 columns per TCP flow in the report's order:
 * NAME.goodput_mbps, NAME.retrans, NAME.cwnd, NAME.ssthresh (empty while
 * infinite), NAME.srtt_ms.
 */
bool graphs_tcp_csv(const struct world *w, GString *out)
{
	const struct tcp_graphs *t = w->graphs ? w->graphs->tcp : NULL;
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	if (!t || !t->n || !t->times->len)
		return false;
	g_string_append(out, "time_s");
	for (guint i = 0; i < t->n; i++) {
		const char *n = ((const struct tcp_flow *)g_ptr_array_index(w->tcp_flows, i))->cfg.name;

		g_string_append_printf(out, ",%s.goodput_mbps,%s.retrans,%s.cwnd,%s.ssthresh,%s.srtt_ms",
				       n, n, n, n, n);
	}
	g_string_append_c(out, '\n');
	for (guint r = 0; r < t->times->len; r++) {
		double secs = (double)w->sample / SIM_S;

		g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.3f",
						     (double)g_array_index(t->times, sim_time_t, r) / SIM_S));
		for (guint i = 0; i < t->n; i++) {
			const struct tcp_sample *x = &g_array_index(t->samples, struct tcp_sample,
								    r * t->n + i);

			g_string_append_c(out, ',');
			g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.3f",
							     (double)x->delivered * 8e-6 / secs));
			g_string_append_printf(out, ",%" G_GUINT64_FORMAT ",%u,", x->retrans, x->cwnd);
			if (x->ssthresh != UINT32_MAX)
				g_string_append_printf(out, "%u", x->ssthresh);
			g_string_append_c(out, ',');
			g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.3f",
							     (double)x->srtt / 1e6));
		}
		g_string_append_c(out, '\n');
	}
	return true;
}
