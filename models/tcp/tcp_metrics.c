/*
 * tcp_metrics.c - a socket's counters and tcp_info under "<prefix>.<name>".
 *
 * DOC: Counter names are the struct tcp_stats fields; the tcp_info fields
 * follow with "ss -ti"'s units converted to bondsim's: times in seconds
 * (doubles), windows in bytes, cwnd/ssthresh in segments (ssthresh -1 when
 * infinite, where ss prints nothing).
 */
#include "tcp_priv.h"

#define STAT(name) { #name, offsetof(struct tcp_stats, name) }

static const struct {
	const char *name;
	size_t off;
} stat_fields[] = {
	STAT(segs_out), STAT(segs_in), STAT(data_segs_out), STAT(bytes_sent),
	STAT(bytes_acked), STAT(bytes_received), STAT(retrans_segs), STAT(fast_retrans),
	STAT(rto_retrans), STAT(tlp_probes), STAT(timeouts), STAT(recoveries),
	STAT(spurious_retrans), STAT(dsacks_received), STAT(dsacks_sent), STAT(acks_compressed), STAT(dup_data_received), STAT(undos),
	STAT(reorder_raises), STAT(dup_acks_received), STAT(ooo_segs_received),
};

void tcp_host_metrics(const struct host *h, struct metrics *m)
{
	const struct tcp_host *th = h->tcp;
	uint64_t retrans = 0;

	if (!th)
		return;
	for (guint i = 0; i < th->all->len; i++)
		retrans += ((const struct tcp_sock *)g_ptr_array_index(th->all, i))->st.retrans_segs;
	metrics_add_int(m, (int64_t)th->active_opens, "%s.tcp.active_opens", h->name);
	metrics_add_int(m, (int64_t)th->passive_opens, "%s.tcp.passive_opens", h->name);
	metrics_add_int(m, (int64_t)th->no_socket_rsts, "%s.tcp.out_rsts", h->name);
	metrics_add_int(m, (int64_t)th->bad_segs, "%s.tcp.in_errs", h->name);
	metrics_add_int(m, (int64_t)retrans, "%s.tcp.retrans_segs", h->name);
}

void tcp_sock_metrics(const struct tcp_sock *s, struct metrics *m, const char *prefix)
{
	struct tcp_info_snap i;

	for (size_t k = 0; k < G_N_ELEMENTS(stat_fields); k++) {
		uint64_t v;

		memcpy(&v, (const char *)&s->st + stat_fields[k].off, sizeof(v));
		metrics_add_int(m, (int64_t)v, "%s.%s", prefix, stat_fields[k].name);
	}
	tcp_get_info(s, &i);
	metrics_add_int(m, i.mss, "%s.mss", prefix);
	metrics_add_int(m, i.cwnd, "%s.cwnd", prefix);
	metrics_add_int(m, i.ssthresh == UINT32_MAX ? -1 : (int64_t)i.ssthresh, "%s.ssthresh",
			prefix);
	metrics_add_int(m, i.reordering, "%s.reordering", prefix);
	metrics_add_int(m, i.reord_seen, "%s.reord_seen", prefix);
	metrics_add_int(m, i.packets_out, "%s.packets_out", prefix);
	metrics_add_int(m, i.sacked_out, "%s.sacked_out", prefix);
	metrics_add_int(m, i.lost_out, "%s.lost_out", prefix);
	metrics_add_int(m, i.retrans_out, "%s.retrans_out", prefix);
	metrics_add_int(m, i.rcv_wnd, "%s.rcv_wnd", prefix);
	metrics_add_int(m, i.snd_wnd, "%s.snd_wnd", prefix);
	metrics_add_double(m, (double)i.srtt / SIM_S, "%s.srtt", prefix);
	metrics_add_double(m, (double)i.rttvar / SIM_S, "%s.rttvar", prefix);
	metrics_add_double(m, (double)i.rto / SIM_S, "%s.rto", prefix);
	metrics_add_double(m, (double)i.min_rtt / SIM_S, "%s.min_rtt", prefix);
	metrics_add_int(m, (int64_t)i.unacked_bytes, "%s.unacked_bytes", prefix);
	metrics_add_int(m, i.queued_bytes > INT64_MAX ? -1 : (int64_t)i.queued_bytes,
			"%s.queued_bytes", prefix);
}
