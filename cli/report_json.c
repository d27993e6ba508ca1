/*
 * report_json.c - the run's report as one JSON document (--json, report.json).
 *
 * DOC: The same numbers as the text report (report.c), in creation order:
 * the hosts with their devices, counters and logs, the switches, links,
 * flows, pings, TCP flows, failover rows, drops and expectations.
 */
#include <math.h>
#include <string.h>
#include "report.h"
#include "runs.h"
#include "switch/sw_ios.h"
#include "tcp/tcp.h"
#include "link/vlan_dev.h"
#include "capture.h"
#include "link/hdx.h"

static void json_log(struct json *j, const char *key, const struct sim_log *log)
{
	json_begin_array(j, key);
	for (guint i = 0; i < log->lines->len; i++) {
		const struct sim_log_line *l = &g_array_index(log->lines, struct sim_log_line, i);

		json_begin_object(j, NULL);
		json_int(j, "time_ns", l->at);
		json_string(j, "text", l->text);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_stats(struct json *j, const struct netdev *dev)
{
	char mac[18];

	json_string(j, "name", dev->name);
	json_string(j, "mac", mac_format(dev->mac, mac));
	json_bool(j, "carrier", dev->carrier);
	json_int(j, "tx_packets", (int64_t)dev->stats.tx_packets);
	json_int(j, "tx_bytes", (int64_t)dev->stats.tx_bytes);
	json_int(j, "tx_dropped", (int64_t)dev->stats.tx_dropped);
	json_int(j, "rx_packets", (int64_t)dev->stats.rx_packets);
	json_int(j, "rx_bytes", (int64_t)dev->stats.rx_bytes);
	json_int(j, "rx_dropped", (int64_t)dev->stats.rx_dropped);
}

/* A NIC's CSMA/CD counters, only on a cable with a half-duplex end. */
static void json_hdx(struct json *j, const struct nic *n)
{
	if (nic_hdx_counters(n))
		hdx_counters_json(nic_hdx_counters(n), j);
}

/* "ethtool DEV" typed during the run, then at the end where text_host() shows it. */
static void json_ethtool(struct json *j, const struct world_host *h)
{
	bool any = h->shows && h->shows->len;

	for (guint k = 0; k < h->nics->len; k++)
		any |= report_nic_phy_matters(g_ptr_array_index(h->nics, k));
	if (!any)
		return;
	json_begin_array(j, "shows");
	for (guint i = 0; h->shows && i < h->shows->len; i++) {
		const struct host_show *sh = g_ptr_array_index(h->shows, i);

		json_begin_object(j, NULL);
		json_int(j, "time_ns", sh->at);
		json_string(j, "command", sh->command);
		json_string(j, "text", sh->text);
		json_end_object(j);
	}
	for (guint k = 0; k < h->nics->len; k++) {
		const struct nic *n = g_ptr_array_index(h->nics, k);
		g_autofree char *command = g_strdup_printf("ethtool %s", n->dev.name);
		GString *text;

		if (!report_nic_phy_matters(n))
			continue;
		text = g_string_new(NULL);
		nic_ethtool_text(n, text);
		json_begin_object(j, NULL);
		json_int(j, "time_ns", n->dev.sim->now);
		json_string(j, "command", command);
		json_string(j, "text", text->str);
		json_end_object(j);
		g_string_free(text, TRUE);
	}
	json_end_array(j);
}

/* A change of a cable's ends' settings during the run, and what came of it. */
static void json_renegotiations(struct json *j, const struct link *l)
{
	if (!l->renegotiations)
		return;
	json_begin_array(j, "renegotiations");
	for (guint k = 0; k < l->renegotiations->len; k++) {
		const struct link_renegotiation *r =
			&g_array_index(l->renegotiations, struct link_renegotiation, k);

		const struct link_renegotiation *next = k + 1 < l->renegotiations->len ?
			&g_array_index(l->renegotiations, struct link_renegotiation, k + 1) : NULL;

		json_begin_object(j, NULL);
		json_int(j, "time_ns", r->at);
		json_string(j, "cause", r->cause);
		json_int(j, "relink_at_ns", r->up_at);
		/* a later change before the PHYs were done: this one never took */
		json_bool(j, "superseded", next && next->at <= r->up_at);
		if (r->carrier_at >= 0)
			json_int(j, "carrier_back_ns", r->carrier_at);
		else
			json_null(j, "carrier_back_ns");
		json_bool(j, "link", r->link);
		if (r->link) {
			json_int(j, "speed_mbps", (int64_t)(r->speed_bps / 1000000));
			json_string(j, "duplex", hdx_text(r->half));
		} else {
			json_null(j, "speed_mbps");
			json_null(j, "duplex");
		}
		if (r->why)
			json_string(j, "negotiation", r->why);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_host(struct json *j, const struct world *w, const struct world_host *h)
{
	json_begin_object(j, NULL);
	json_string(j, "name", h->name);
	json_begin_array(j, "nics");
	for (guint k = 0; k < h->nics->len; k++) {
		const struct nic *n = g_ptr_array_index(h->nics, k);

		json_begin_object(j, NULL);
		json_stats(j, &n->dev);
		json_int(j, "speed_bps", (int64_t)n->dev.speed_bps);
		json_int(j, "queue_drops", (int64_t)n->dev.drops[DROP_QUEUE_FULL]);
		json_hdx(j, n);
		json_end_object(j);
	}
	json_end_array(j);
	json_begin_array(j, "bonds");
	for (guint k = 0; k < h->bonds->len; k++) {
		const struct bond *b = g_ptr_array_index(h->bonds, k);

		json_begin_object(j, NULL);
		json_stats(j, &b->dev);
		json_string(j, "mode", bond_mode_name(b->params.mode));
		json_int(j, "miimon_ms", b->params.miimon);
		json_int(j, "open_at_ns", world_bond_ctx(w, b)->open_at);
		json_bool(j, "open_at_pinned", world_bond_ctx(w, b)->open_pinned);
		json_string(j, "active_slave", b->curr_active ? b->curr_active->dev->name : NULL);
		json_int(j, "tx_no_slave", (int64_t)b->tx_no_slave);
		json_begin_array(j, "slaves");
		for (guint i = 0; i < b->slaves->len; i++) {
			const struct slave *s = bond_slave(b, i);

			json_begin_object(j, NULL);
			json_string(j, "name", s->dev->name);
			json_string(j, "link", report_slave_link_name(s->link));
			json_bool(j, "active", !s->backup);
			json_int(j, "tx_frames", (int64_t)s->dev->stats.tx_packets);
			json_int(j, "tx_bytes", (int64_t)s->dev->stats.tx_bytes);
			json_int(j, "rx_frames", (int64_t)s->dev->stats.rx_packets);
			json_int(j, "rx_dropped_inactive", (int64_t)bond_slave_rx_dropped_inactive(s));
			json_int(j, "link_failures", s->link_failure_count);
			json_end_object(j);
		}
		json_end_array(j);
		report_lacp_json(w, b, j);
		GString *proc = g_string_new(NULL);
		bond_proc_dump(b, proc);
		json_string(j, "proc", proc->str);
		g_string_free(proc, TRUE);
		json_end_object(j);
	}
	json_end_array(j);
	if (h->vlans) {
		json_begin_array(j, "vlans");
		for (guint k = 0; k < h->vlans->len; k++) {
			const struct vlan_dev *v = g_ptr_array_index(h->vlans, k);

			json_begin_object(j, NULL);
			json_stats(j, &v->dev);
			json_string(j, "real_dev", v->real->name);
			json_int(j, "vid", v->vid);
			json_end_object(j);
		}
		json_end_array(j);
	}
	json_log(j, "log", &h->host->log);
	json_begin_array(j, "config_notes");
	for (guint k = 0; k < h->notes->len; k++)
		json_string(j, NULL, h->notes->pdata[k]);
	json_end_array(j);
	json_ethtool(j, h);
	json_end_object(j);
}

/* An expectation's verdict in a JSON object: the same fields for one run and for many. */
void report_expect_json(const struct expectation *e, struct json *j)
{
	json_string(j, "expect", e->text);
	json_int(j, "line", e->line);
	if (isinf(e->actual) && e->actual > 0)
		json_string(j, "actual", "never");	/* an outage with no end */
	else
		json_double(j, "actual", e->actual);
	if (e->culprit)
		json_string(j, "metric", e->culprit);
	json_bool(j, "pass", e->pass);
}

void report_json(struct world *w, const struct metrics *m, GString *out)
{
	struct json j;
	guint failed = 0;

	json_init(&j, out);
	json_begin_object(&j, NULL);
	json_string(&j, "bondsim", BONDSIM_VERSION);
	json_string(&j, "scenario", w->file);
	json_int(&j, "seed", (int64_t)w->seed);
	json_int(&j, "duration_ns", w->duration);
	/* a run that ended early: by what, and where the report stops */
	if (w->stop != WORLD_STOP_NONE) {
		json_begin_object(&j, "stopped");
		json_string(&j, "by", w->stop_why);
		json_int(&j, "time_ns", w->sim->now);
		json_end_object(&j);
	} else {
		json_string(&j, "stopped", NULL);
	}
	json_int(&j, "events", (int64_t)w->sim->events_run);
	json_begin_array(&j, "switches");
	for (guint i = 0; i < w->switches->len; i++) {
		json_begin_object(&j, NULL);
		sw_report_json(((struct world_switch *)g_ptr_array_index(w->switches, i))->sw, &j);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_begin_array(&j, "hosts");
	for (guint i = 0; i < w->hosts->len; i++)
		json_host(&j, w, g_ptr_array_index(w->hosts, i));
	json_end_array(&j);
	json_begin_array(&j, "links");
	for (guint i = 0; i < w->links->len; i++) {
		const struct link *l = g_ptr_array_index(w->links, i);

		json_begin_object(&j, NULL);
		json_string(&j, "name", l->name);
		if (l->never) {	/* no link: unknown, as ethtool says */
			json_null(&j, "speed_mbps");
			json_null(&j, "duplex");
		} else {
			json_int(&j, "speed_mbps", (int64_t)(l->speed_bps / 1000000));
			json_string(&j, "duplex", link_duplex_text(l));
		}
		json_int(&j, "delay_ns", l->delay);
		json_double(&j, "loss", l->loss);
		json_string(&j, "state", report_link_state_text(l));
		if (l->negotiation)
			json_string(&j, "negotiation", l->negotiation);
		if (l->negotiation_at_start)
			json_string(&j, "negotiation_at_start", l->negotiation_at_start);
		json_renegotiations(&j, l);
		json_end_object(&j);
	}
	json_end_array(&j);
	capture_report_json(w, &j);
	json_begin_array(&j, "flows");
	for (guint i = 0; i < w->flows->len; i++)
		flow_report_json(g_ptr_array_index(w->flows, i), &j, NULL);
	json_end_array(&j);
	json_begin_array(&j, "pings");
	for (guint i = 0; i < w->pings->len; i++)
		ping_report_json(g_ptr_array_index(w->pings, i), &j, NULL);
	json_end_array(&j);
	json_begin_array(&j, "tcp_flows");
	for (guint i = 0; i < w->tcp_flows->len; i++)
		tcp_flow_report_json(g_ptr_array_index(w->tcp_flows, i), &j, NULL);
	json_end_array(&j);
	report_loss_json(w, &j);
	json_begin_object(&j, "metrics");
	for (guint i = 0; i < m->items->len; i++) {
		const struct metric *x = &g_array_index(m->items, struct metric, i);

		if (x->is_int)
			json_int(&j, x->name, (int64_t)x->value);
		else
			json_double(&j, x->name, x->value);
	}
	json_end_object(&j);
	failover_report_json(w, &j);
	json_begin_array(&j, "proc_snapshots");
	for (guint i = 0; i < w->snapshots->len; i++) {
		const struct proc_snapshot *ps = g_ptr_array_index(w->snapshots, i);

		json_begin_object(&j, NULL);
		json_string(&j, "host", ps->host);
		json_string(&j, "bond", ps->bond);
		json_int(&j, "time_ns", ps->at);
		json_string(&j, "text", ps->text);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_begin_array(&j, "expectations");
	for (guint i = 0; i < w->expects->len; i++) {
		const struct expectation *e = g_ptr_array_index(w->expects, i);

		json_begin_object(&j, NULL);
		report_expect_json(e, &j);
		json_end_object(&j);
		failed += !e->pass;
	}
	json_end_array(&j);
	json_string(&j, "result", failed ? "fail" : "pass");
	json_end_object(&j);
}
