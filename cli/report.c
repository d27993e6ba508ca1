/*
 * report.c - the run's report in every form.
 *
 * DOC: All numbers come from the world's models and from the metrics list,
 * printed with fixed formats and in creation order (sorted where the model
 * keeps a hash table), so the same scenario and seed give the same bytes.
 * No wall-clock time appears anywhere in a report.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include "report.h"
#include "runs.h"
#include "sysfs_out.h"
#include "switch/sw_ios.h"
#include "graphs.h"
#include "pcap.h"
#include "tcp/tcp.h"
#include "capture.h"
#include "link/hdx.h"
#include "link/vlan_dev.h"

/* The counters every netdev has, NIC or bond: "<host>.<dev>.tx_packets"... */
static void netdev_stats_metrics(struct metrics *m, const char *host, const struct netdev *dev)
{
	const struct netdev_stats *st = &dev->stats;

	metrics_add_int(m, (int64_t)st->tx_packets, "%s.%s.tx_packets", host, dev->name);
	metrics_add_int(m, (int64_t)st->tx_bytes, "%s.%s.tx_bytes", host, dev->name);
	metrics_add_int(m, (int64_t)st->rx_packets, "%s.%s.rx_packets", host, dev->name);
	metrics_add_int(m, (int64_t)st->rx_bytes, "%s.%s.rx_bytes", host, dev->name);
	metrics_add_int(m, (int64_t)st->tx_dropped, "%s.%s.tx_dropped", host, dev->name);
	metrics_add_int(m, (int64_t)st->rx_dropped, "%s.%s.rx_dropped", host, dev->name);
}

static void nic_metrics(struct metrics *m, const char *host, const struct nic *n)
{
	netdev_stats_metrics(m, host, &n->dev);
	metrics_add_int(m, n->dev.carrier, "%s.%s.carrier", host, n->dev.name);
	/* what ethtool says of it at the end, -1 for "Unknown!" */
	{
		bool known = n->dev.carrier && n->dev.speed_bps;

		metrics_add_int(m, known ? (int64_t)(n->dev.speed_bps / 1000000) : -1,
				"%s.%s.speed_mbps", host, n->dev.name);
		metrics_add_int(m, known ? n->dev.full_duplex : -1, "%s.%s.full_duplex", host,
				n->dev.name);
	}
	if (nic_hdx_counters(n)) {
		g_autofree char *prefix = g_strdup_printf("%s.%s", host, n->dev.name);

		hdx_counters_metrics(nic_hdx_counters(n), m, prefix);
	}
}

static void bond_metrics(struct metrics *m, const struct world *w, const char *host,
			 const struct bond *b)
{
	const char *bn = b->dev.name;

	netdev_stats_metrics(m, host, &b->dev);
	metrics_add_int(m, (int64_t)b->tx_no_slave, "%s.%s.tx_no_slave", host, bn);
	metrics_add_int(m, b->dev.carrier, "%s.%s.carrier", host, bn);
	metrics_add_int(m, b->curr_active ? b->curr_active->id : -1, "%s.%s.active_slave", host, bn);
	metrics_add_int(m, (int64_t)b->peer_notifications, "%s.%s.peer_notifications", host, bn);
	metrics_add_double(m, (double)world_bond_ctx(w, b)->open_at / SIM_MS, "%s.%s.open_at_ms",
			   host, bn);
	for (guint i = 0; i < b->slaves->len; i++) {
		const struct slave *s = bond_slave(b, i);
		const char *sn = s->dev->name;

		metrics_add_int(m, (int64_t)s->dev->stats.tx_packets, "%s.%s.%s.tx_frames", host, bn,
				sn);
		metrics_add_int(m, (int64_t)s->dev->stats.tx_bytes, "%s.%s.%s.tx_bytes", host, bn, sn);
		metrics_add_int(m, (int64_t)s->dev->stats.rx_packets, "%s.%s.%s.rx_frames", host, bn,
				sn);
		metrics_add_int(m, (int64_t)bond_slave_rx_dropped_inactive(s), "%s.%s.%s.rx_dropped_inactive",
				host, bn, sn);
		metrics_add_int(m, s->link_failure_count, "%s.%s.%s.link_failures", host, bn, sn);
		metrics_add_int(m, s->link == BOND_LINK_UP, "%s.%s.%s.link_up", host, bn, sn);
		/* which slave each flow sent from this host took */
		for (guint k = 0; k < w->flows->len; k++) {
			const struct flow *fl = g_ptr_array_index(w->flows, k);

			if (strcmp(fl->cfg.src->name, host) == 0)
				metrics_add_int(m, (int64_t)bond_slave_flow_frames(s, fl->cfg.id),
						"%s.%s.%s.flow.%s.tx_frames", host, bn, sn, fl->cfg.name);
		}
	}
	report_lacp_metrics(w, b, m);
	if (b->ops->metrics)	/* the mode's own: balance-tlb/alb */
		b->ops->metrics(b, m, host);
	report_alb_metrics(w, host, b, m);
}

void world_metrics(const struct world *w, struct metrics *m)
{
	metrics_add_int(m, w->sim->now, "sim.time_ns");
	metrics_add_int(m, (int64_t)w->sim->events_run, "sim.events");
	for (guint i = 0; i < w->switches->len; i++)
		sw_metrics(((struct world_switch *)g_ptr_array_index(w->switches, i))->sw, m);
	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);

		for (guint k = 0; k < h->nics->len; k++)
			nic_metrics(m, h->name, g_ptr_array_index(h->nics, k));
		for (guint k = 0; k < h->bonds->len; k++)
			bond_metrics(m, w, h->name, g_ptr_array_index(h->bonds, k));
		for (guint k = 0; h->vlans && k < h->vlans->len; k++) {
			const struct vlan_dev *v = g_ptr_array_index(h->vlans, k);

			/* "server.bond0.100.rx_packets": the VLAN device's own */
			netdev_stats_metrics(m, h->name, &v->dev);
			metrics_add_int(m, v->dev.carrier, "%s.%s.carrier", h->name, v->dev.name);
		}
		host_metrics(h->host, m);
		tcp_host_metrics(h->host, m);	/* hosts with a TCP socket only */
	}
	for (guint i = 0; i < w->flows->len; i++)
		flow_metrics(g_ptr_array_index(w->flows, i), m);
	for (guint i = 0; i < w->pings->len; i++)
		ping_metrics(g_ptr_array_index(w->pings, i), m);
	for (guint i = 0; i < w->tcp_flows->len; i++)
		tcp_flow_metrics(g_ptr_array_index(w->tcp_flows, i), m);
	report_loss_metrics(w, m);
	failover_metrics(w, m);
}

const char *report_link_state_text(const struct link *l)
{
	if (l->relinking)
		return "renegotiating";
	if (l->never)
		return "no link";
	if (!link_carrier(l))
		return "down";
	return l->dir[0].blackhole || l->dir[1].blackhole ? "up (blackhole)" : "up";
}

/* The loss probability as a user writes it: "0", "1%", "0.5%". */
static const char *link_loss_text(const struct link *l, char *buf, size_t size)
{
	char num[G_ASCII_DTOSTR_BUF_SIZE];

	if (l->loss <= 0) {
		g_strlcpy(buf, "0", size);
	} else {
		g_ascii_formatd(num, sizeof(num), "%g", l->loss * 100);
		g_snprintf(buf, size, "%s%%", num);
	}
	return buf;
}

/*
 * "at 3s, port sw1.Gi0/1 speed auto: no carrier for 2.25s, then
 * 1000Mb/s Full (...)": a change of an end's settings and what came of it.
 */
static void text_renegotiation(const struct link *l, const struct link_renegotiation *r,
			       const struct link_renegotiation *next, GString *out)
{
	char at[32], t[32], speed[32];

	g_string_append_printf(out, "  %s: at %s, %s: ", l->name,
			       sim_time_format(r->at, at, sizeof(at)), r->cause);
	if (next && next->at <= r->up_at) {
		/* what it would have come to never took: no sentence for it */
		g_string_append_printf(out, "superseded by the next change (%s) before the PHYs were done\n",
				       sim_time_format(next->at, t, sizeof(t)));
		return;
	}
	if (r->up_at > l->sim->now)
		g_string_append_printf(out, "renegotiating at the end of the run (until %s)",
				       sim_time_format(r->up_at, t, sizeof(t)));
	else if (!r->link) {
		/* the sentence says "no link: ..." itself */
		g_string_append_printf(out, "renegotiated, %s\n", r->why ? r->why : "no link");
		return;
	} else if (r->carrier_at < 0)
		g_string_append_printf(out, "renegotiated by %s to %s %s, but the carrier never came back (the cable or a PHY is down)",
				       sim_time_format(r->up_at, t, sizeof(t)),
				       sim_link_speed_format(r->speed_bps, speed, sizeof(speed)),
				       hdx_text(r->half));
	else
		g_string_append_printf(out, "no carrier for %s, then %s %s",
				       sim_time_format(r->carrier_at - r->at, t, sizeof(t)),
				       sim_link_speed_format(r->speed_bps, speed, sizeof(speed)),
				       hdx_text(r->half));
	if (r->why)
		g_string_append_printf(out, " (%s)", r->why);
	g_string_append_c(out, '\n');
}

/* Every cable with its speed and duplex as ethtool prints them. */
static void text_links(const struct world *w, GString *out)
{
	int width = 4, duplex_w = 6;

	if (!w->links->len)
		return;
	for (guint i = 0; i < w->links->len; i++)
		width = MAX(width, (int)strlen(((const struct link *)g_ptr_array_index(w->links, i))->name));
	g_string_append(out, "\n== Links\n");
	for (guint i = 0; i < w->links->len; i++)
		duplex_w = MAX(duplex_w,
			       (int)strlen(link_duplex_text(g_ptr_array_index(w->links, i))));
	g_string_append_printf(out, "  %-*s %10s %-*s %8s %6s  %s\n", width, "link", "speed",
			       duplex_w, "duplex", "delay", "loss", "state");
	for (guint i = 0; i < w->links->len; i++) {
		const struct link *l = g_ptr_array_index(w->links, i);
		char speed[32], delay[32], loss[32];

		/* no link: ethtool's speed and duplex are unknown */
		g_string_append_printf(out, "  %-*s %10s %-*s %8s %6s  %s\n", width, l->name,
				       l->never ? "-" :
				       sim_link_speed_format(l->speed_bps, speed, sizeof(speed)),
				       duplex_w, l->never ? "-" : link_duplex_text(l),
				       sim_time_format(l->delay, delay, sizeof(delay)),
				       link_loss_text(l, loss, sizeof(loss)), report_link_state_text(l));
	}
	/* what the ends' speed and duplex settings made of a cable, when not the obvious */
	for (guint i = 0; i < w->links->len; i++) {
		const struct link *l = g_ptr_array_index(w->links, i);

		/* a cable renegotiated: how it began; the lines below say the rest */
		if (l->renegotiations && l->negotiation_at_start)
			g_string_append_printf(out, "  %s: at the start: %s\n", l->name,
					       l->negotiation_at_start);
		else if (!l->renegotiations && l->negotiation)
			g_string_append_printf(out, "  %s: %s\n", l->name, l->negotiation);
	}
	for (guint i = 0; i < w->links->len; i++) {
		const struct link *l = g_ptr_array_index(w->links, i);

		const GArray *rs = l->renegotiations;

		for (guint k = 0; rs && k < rs->len; k++)
			text_renegotiation(l, &g_array_index(rs, struct link_renegotiation, k),
					   k + 1 < rs->len ?
					   &g_array_index(rs, struct link_renegotiation, k + 1) : NULL,
					   out);
	}
}

static double metric(const struct metrics *m, const char *fmt, const char *name)
{
	char *key = g_strdup_printf(fmt, name);
	const struct metric *x = metrics_find(m, key);

	g_free(key);
	return x ? x->value : NAN;
}

/* "%*.Nf" of a statistic of the packets received, "-" when none was (a
 * mean of nothing is not a 0 delay): @received is the row's count. */
static void sampled(GString *out, int width, int prec, double received, double v)
{
	if (received > 0)
		g_string_append_printf(out, " %*.*f", width, prec, v);
	else
		g_string_append_printf(out, " %*s", width, "-");
}

static void text_flows(const struct world *w, const struct metrics *m, GString *out)
{
	if (!w->flows->len && !w->pings->len)
		return;
	g_string_append(out, "\n== Flows\n");
	g_string_append_printf(out, "  %-16s %9s %9s %7s %9s %5s %9s %7s %9s %10s\n", "flow",
			       "sent", "received", "lost", "in_flight", "dup", "reordered", "reord%",
			       "Mbit/s", "delay_us");
	for (guint i = 0; i < w->flows->len; i++) {
		const char *n = ((struct flow *)g_ptr_array_index(w->flows, i))->cfg.name;
		double rx = metric(m, "flow.%s.received", n);

		g_string_append_printf(out, "  %-16s %9.0f %9.0f %7.0f %9.0f %5.0f %9.0f",
				       n, metric(m, "flow.%s.sent", n), rx,
				       metric(m, "flow.%s.lost", n), metric(m, "flow.%s.in_flight", n),
				       metric(m, "flow.%s.duplicated", n),
				       metric(m, "flow.%s.reordered", n));
		sampled(out, 7, 2, rx, 100 * metric(m, "flow.%s.reorder_ratio", n));
		g_string_append_printf(out, " %9.2f", metric(m, "flow.%s.throughput_mbps", n));
		sampled(out, 10, 1, rx, metric(m, "flow.%s.delay_avg_us", n));
		g_string_append_c(out, '\n');
	}
	for (guint i = 0; i < w->pings->len; i++) {
		const char *n = ((struct ping *)g_ptr_array_index(w->pings, i))->cfg.name;
		double rx = metric(m, "ping.%s.received", n);

		g_string_append_printf(out, "  %-16s %9.0f %9.0f %7.0f %9.0f %5s %9s %7s %9s",
				       n, metric(m, "ping.%s.sent", n), rx,
				       metric(m, "ping.%s.lost", n), metric(m, "ping.%s.in_flight", n),
				       "-", "-", "-", "-");
		sampled(out, 10, 1, rx, metric(m, "ping.%s.rtt_avg_us", n));
		g_string_append(out, "  (ping rtt)\n");
	}
}

/* TCP flows: goodput, and what the sender's socket went through (ss -ti, nstat names). */
static void text_tcp(const struct world *w, GString *out)
{
	if (!w->tcp_flows->len)
		return;
	g_string_append(out, "\n== TCP\n");
	for (guint i = 0; i < w->tcp_flows->len; i++) {
		g_string_append(out, "  ");
		tcp_flow_summary(g_ptr_array_index(w->tcp_flows, i), out);
	}
}

/* An expectation's value: an integer as one, NaN as "missing". */
void report_expect_actual(const struct expectation *e, GString *out)
{
	g_string_append(out, "actual ");
	/* in the unit the expectation was written in words of: "3s" reads against "2440 ms" */
	expect_format_actual(e, e->actual, out);
	if (e->culprit)
		g_string_append_printf(out, ", %s", e->culprit);
	/* a time metric's -1 is its sentinel, not a time: say what it means */
	if (e->actual == -1 && e->metric && g_str_has_suffix(e->metric, "_ms"))
		g_string_append(out, ": it did not happen");
	report_expect_never(e, e->actual, out);
}

void report_expect_never(const struct expectation *e, double actual, GString *out)
{
	size_t len;
	int stat;

	/* why an outage has no value to compare (runs_never.c) */
	if (!isinf(actual) || actual < 0 || !e->metric)
		return;
	stat = runs_stat_of(e->metric, &len);
	if (stat >= 0)
		g_string_append_printf(out, ": the %s falls on a run in which a flow never "
				       "recovered after the fault", runs_stat_names[stat]);
	else
		g_string_append(out, ": a flow never recovered after the fault, its outage has "
				     "no end");
}

static void text_expectations(const struct world *w, GString *out)
{
	guint failed = 0;

	if (!w->expects->len)
		return;
	g_string_append(out, "\n== Expectations\n");
	for (guint i = 0; i < w->expects->len; i++) {
		const struct expectation *e = g_ptr_array_index(w->expects, i);

		g_string_append_printf(out, "  %s  %s  (", e->pass ? "PASS" : "FAIL", e->text);
		report_expect_actual(e, out);
		g_string_append(out, ")\n");
		failed += !e->pass;
	}
	g_string_append_printf(out, "%u passed, %u failed\n", w->expects->len - failed, failed);
}

void report_text(struct world *w, const struct metrics *m, GString *out)
{
	char t[32], ran[48];

	/* a run cut short says how far it got, not what it was meant to cover */
	if (w->stop_why)
		g_snprintf(ran, sizeof(ran), "%ss of ", sim_time_format_sec(w->sim->now, t, sizeof(t)));
	else
		ran[0] = 0;
	g_string_append_printf(out, "bondsim %s: %s, seed %" G_GUINT64_FORMAT ", %s%s simulated, %" G_GUINT64_FORMAT " events\n",
			       BONDSIM_VERSION, w->file, (guint64)w->seed, ran,
			       sim_time_format(w->duration, t, sizeof(t)), (guint64)w->sim->events_run);
	world_stop_text(w, out);
	for (guint i = 0; i < w->switches->len; i++) {
		struct world_switch *s = g_ptr_array_index(w->switches, i);

		g_string_append_printf(out, "\n== Switch %s\n", s->name);
		sw_report_text(s->sw, out);
	}
	for (guint i = 0; i < w->hosts->len; i++)
		report_text_host(w, g_ptr_array_index(w->hosts, i), out);
	report_lacp_text(w, out);
	report_alb_text(w, out);
	text_links(w, out);
	capture_report_text(w, out);
	text_flows(w, m, out);
	text_tcp(w, out);
	report_loss_text(w, out);
	failover_report_text(w, out);
	for (guint i = 0; i < w->snapshots->len; i++) {
		const struct proc_snapshot *s = g_ptr_array_index(w->snapshots, i);

		g_string_append_printf(out, "\n== /proc/net/bonding/%s on %s at %s\n", s->bond, s->host,
				       sim_time_format(s->at, t, sizeof(t)));
		g_string_append(out, s->text ? s->text : "(not reached)\n");
	}
	text_expectations(w, out);
}

/* ---- files under --out ----------------------------------------------------- */

gboolean report_write_out(struct world *w, const struct metrics *m, struct output *o,
			  const GString *text, const char *plots_dir, bool quiet, GError **error)
{
	GString *s = g_string_new(NULL);
	gboolean ok = FALSE;
	char *stage, *shown;
	if (!output_add(o, "report.txt", text->str, text->len, error))
		goto out;
	report_json(w, m, s);
	if (!output_add(o, "report.json", s->str, s->len, error))
		goto out;
	g_string_truncate(s, 0);
	series_write_csv(&w->series, s);
	if (!output_add(o, "throughput.csv", s->str, s->len, error))
		goto out;
	if (w->faults->len) {
		g_string_truncate(s, 0);
		failover_write_csv(w, s);
		if (!output_add(o, "failover.csv", s->str, s->len, error))
			goto out;
	}
	for (const struct graphs_csv *c = graphs_csv_files; c->name; c++) {
		g_string_truncate(s, 0);
		if (c->write(w, s) && !output_add(o, c->name, s->str, s->len, error))
			goto out;
	}
	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);
		const struct sim_log *log = &h->host->log;
		char rel[256];

		g_string_truncate(s, 0);
		for (guint k = 0; k < log->lines->len; k++) {
			sim_log_format_line(&g_array_index(log->lines, struct sim_log_line, k), s);
			g_string_append_c(s, '\n');
		}
		g_snprintf(rel, sizeof(rel), "logs/%s.log", h->name);
		if (!output_add(o, rel, s->str, s->len, error))
			goto out;
		for (guint k = 0; k < h->bonds->len; k++) {
			struct bond *b = g_ptr_array_index(h->bonds, k);

			g_string_truncate(s, 0);
			bond_proc_dump(b, s);
			g_snprintf(rel, sizeof(rel), "proc/%s/%s", h->name, b->dev.name);
			if (!output_add(o, rel, s->str, s->len, error))
				goto out;
		}
	}
	/* what monitoring reads: /sys/class/net and /proc/net per host */
	if (!sysfs_write_out(w, o, error))
		goto out;
	for (guint i = 0; i < w->switches->len; i++) {
		struct world_switch *sw = g_ptr_array_index(w->switches, i);
		const struct sim_log *log = sw_log(sw->sw);
		char rel[256];

		g_string_truncate(s, 0);
		for (guint k = 0; k < log->lines->len; k++) {
			sim_log_format_line(&g_array_index(log->lines, struct sim_log_line, k), s);
			g_string_append_c(s, '\n');
		}
		g_snprintf(rel, sizeof(rel), "logs/%s.log", sw->name);
		if (!output_add(o, rel, s->str, s->len, error))
			goto out;
		/* a switch configured in IOS syntax: its show running-config */
		if (sw_running_config(sw->sw)) {
			const char *rc = sw_running_config(sw->sw);

			g_snprintf(rel, sizeof(rel), "%s.running-config", sw->name);
			if (!output_add(o, rel, rc, strlen(rc), error))
				goto out;
		}
	}
	/*
	 * Every capture closed and checked, under its own name in the staging
	 * folder it was written into: in place once the rest is.
	 */
	for (guint i = 0; i < w->links->len; i++) {
		struct link *l = g_ptr_array_index(w->links, i);

		if (l->pcap) {
			char *base = g_path_get_basename(pcap_path(l->pcap));
			char *rel = g_build_filename("pcap", base, NULL);
			gboolean c = pcap_commit(l->pcap, error);

			link_set_pcap(l, NULL);
			output_note(o, rel);
			g_free(rel);
			g_free(base);
			if (!c) {
				output_unstage_error(o, *error);
				goto out;
			}
		}
	}
	/* The graphs drawn into the staging folder: staged like every other file. */
	stage = output_stage_path(o, "");
	shown = output_final_path(o, "");
	graphs_draw(w, stage, shown, plots_dir, quiet);
	g_free(stage);
	g_free(shown);
	ok = TRUE;
out:
	g_string_free(s, TRUE);
	return ok;
}

void report_out_names(const struct world *w, GPtrArray *rels)
{
	g_ptr_array_add(rels, g_strdup("report.txt"));
	g_ptr_array_add(rels, g_strdup("report.json"));
	g_ptr_array_add(rels, g_strdup("throughput.csv"));
	if (w->faults->len)
		g_ptr_array_add(rels, g_strdup("failover.csv"));
	for (guint i = 0; i < w->hosts->len; i++) {
		const struct world_host *h = g_ptr_array_index(w->hosts, i);

		g_ptr_array_add(rels, g_strdup_printf("logs/%s.log", h->name));
		for (guint k = 0; k < h->bonds->len; k++) {
			const struct bond *b = g_ptr_array_index(h->bonds, k);

			g_ptr_array_add(rels, g_strdup_printf("proc/%s/%s", h->name, b->dev.name));
		}
	}
	for (guint i = 0; i < w->switches->len; i++) {
		const struct world_switch *sw = g_ptr_array_index(w->switches, i);

		g_ptr_array_add(rels, g_strdup_printf("logs/%s.log", sw->name));
		if (sw_running_config(sw->sw))
			g_ptr_array_add(rels, g_strdup_printf("%s.running-config", sw->name));
	}
	for (guint i = 0; i < w->links->len; i++) {
		const struct link *l = g_ptr_array_index(w->links, i);

		if (l->pcap) {
			char *base = g_path_get_basename(pcap_path(l->pcap));

			g_ptr_array_add(rels, g_build_filename("pcap", base, NULL));
			g_free(base);
		}
	}
}
