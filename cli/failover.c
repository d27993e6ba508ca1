/*
 * failover.c - how long a fault really took: the failover timing report.
 *
 * DOC: During the run the bonds and switches tell us (through their hooks)
 * when a slave was committed down or up and by which monitor, when the
 * active slave changed, and when a switch learnt a bond's MAC on a port.
 * The flows keep every gap in their sequence numbers.  After the run, for
 * each scripted fault we line these up against the fault's time:
 *
 *   fault -> bond noticed (MII/ARP) -> bond changed slaves -> switch
 *   learnt the MAC on the new port -> first frame of each flow delivered
 *
 * The outage of a flow is the time between the last packet before its gap
 * and the first one after; lost frames are the sequence numbers in the gap
 * that never arrived.  An event belongs to the latest fault before it.
 */
#include <math.h>
#include <stdio.h>
#include "world.h"

static void record(struct world *w, const struct world_event *ev)
{
	g_array_append_val(w->events, *ev);
}

static void on_link_change(void *arg, struct bond *b, struct slave *s, enum bond_link_state st)
{
	struct world_bond *c = arg;
	struct world_event ev = { 0 };

	ev.at = b->dev.sim->now;
	ev.kind = st == BOND_LINK_UP ? WEV_SLAVE_UP : WEV_SLAVE_DOWN;
	ev.host = c->host;
	ev.bond = b->dev.name;
	ev.slave = s->nic->dev.name;
	ev.why = b->params.miimon ? "MII" : "ARP";
	record(c->w, &ev);
}

static void on_active_change(void *arg, struct bond *b, struct slave *old, struct slave *new_)
{
	struct world_bond *c = arg;
	struct world_event ev = { 0 };

	ev.at = b->dev.sim->now;
	ev.kind = WEV_ACTIVE_CHANGE;
	ev.host = c->host;
	ev.bond = b->dev.name;
	g_strlcpy(ev.from, old ? old->nic->dev.name : "none", sizeof(ev.from));
	g_strlcpy(ev.to, new_ ? new_->nic->dev.name : "none", sizeof(ev.to));
	record(c->w, &ev);
}

static gint64 mac_key(const uint8_t mac[6])
{
	gint64 k = 0;

	for (int i = 0; i < 6; i++)
		k = k << 8 | mac[i];
	return k;
}

static sim_time_t latest_fault(const struct world *w, sim_time_t now)
{
	sim_time_t t = -1;

	for (guint i = 0; i < w->faults->len; i++) {
		const struct fault *f = g_ptr_array_index(w->faults, i);

		if (f->kind != FAULT_CALL && f->at <= now && f->at > t)
			t = f->at;
	}
	return t;
}

/* Only the first learn event of each (switch, MAC) after each fault is
 * kept: a mode-0 bond on one switch makes one per frame. */
static void on_learn(void *arg, const struct sw *sw, const uint8_t mac[6], const char *from,
		     const char *to)
{
	struct world *w = arg;
	gint64 k = mac_key(mac);
	sim_time_t now = w->sim->now, fault = latest_fault(w, now);
	char key[96], m[18];
	sim_time_t *seen;
	struct world_event ev = { 0 };

	if (fault < 0 || !g_hash_table_contains(w->bond_macs, &k))
		return;
	g_snprintf(key, sizeof(key), "%s/%s", sw_name(sw), mac_format(mac, m));
	seen = g_hash_table_lookup(w->learn_seen, key);
	if (seen && *seen >= fault)
		return;
	if (!seen) {
		seen = g_new(sim_time_t, 1);
		g_hash_table_insert(w->learn_seen, g_strdup(key), seen);
	}
	*seen = now;
	ev.at = now;
	ev.kind = WEV_FDB_LEARN;
	ev.sw = sw_name(sw);
	memcpy(ev.mac, mac, 6);
	g_strlcpy(ev.from, from ? from : "", sizeof(ev.from));
	g_strlcpy(ev.to, to, sizeof(ev.to));
	record(w, &ev);
}

void failover_install_hooks(struct world *w)
{
	for (guint i = 0; i < w->bond_ctx->len; i++) {
		struct world_bond *c = g_ptr_array_index(w->bond_ctx, i);
		struct bond *b = c->bond;
		gint64 *k = g_new(gint64, 1);

		b->ev.link_change = on_link_change;
		b->ev.active_change = on_active_change;
		*k = mac_key(b->dev.mac);
		g_hash_table_add(w->bond_macs, k);
		for (guint s = 0; s < b->slaves->len; s++) {
			k = g_new(gint64, 1);
			*k = mac_key(bond_slave(b, s)->perm_hwaddr);
			g_hash_table_add(w->bond_macs, k);
		}
	}
	for (guint i = 0; i < w->switches->len; i++)
		sw_set_learn_hook(((struct world_switch *)g_ptr_array_index(w->switches, i))->sw,
				  on_learn, w);
}

/* ---- after the run ----------------------------------------------------------- */

struct fault_window {
	const struct fault *f;
	sim_time_t end;		/* the next fault, or the end of the run */
};

static gint by_time(gconstpointer a, gconstpointer b)
{
	const struct fault *fa = *(const struct fault *const *)a;
	const struct fault *fb = *(const struct fault *const *)b;

	if (fa->at != fb->at)
		return fa->at < fb->at ? -1 : 1;
	return fa->line - fb->line;
}

static GArray *windows(const struct world *w)
{
	GPtrArray *sorted = g_ptr_array_new();
	GArray *out = g_array_new(FALSE, FALSE, sizeof(struct fault_window));

	for (guint i = 0; i < w->faults->len; i++) {
		const struct fault *f = g_ptr_array_index(w->faults, i);

		if (f->kind != FAULT_CALL && f->fired)
			g_ptr_array_add(sorted, (gpointer)f);
	}
	g_ptr_array_sort(sorted, by_time);
	for (guint i = 0; i < sorted->len; i++) {
		struct fault_window fw = { g_ptr_array_index(sorted, i), w->duration };

		for (guint k = i + 1; k < sorted->len; k++) {
			const struct fault *n = g_ptr_array_index(sorted, k);

			if (n->at > fw.f->at) {
				fw.end = n->at;
				break;
			}
		}
		g_array_append_val(out, fw);
	}
	g_ptr_array_free(sorted, TRUE);
	return out;
}

/* One row of the report: what happened to what, when, how long after the fault. */
struct row {
	const char *scope;	/* "bond", "switch", "flow", "ping" */
	char name[96];
	const char *event;
	sim_time_t at;		/* -1: did not happen */
	char detail[160];
	int64_t lost;		/* flows: frames lost in the outage; -1 n/a */
	sim_time_t outage;	/* flows: -1 n/a */
};

typedef void (*row_fn)(void *arg, const struct fault_window *fw, const struct row *r);

static void flow_rows(const struct fault_window *fw, const char *scope, const char *name,
		      const struct flow_rx *rx, row_fn fn, void *arg)
{
	struct row r = { .scope = scope, .event = "first delivery", .lost = 0, .outage = 0 };
	const struct flow_gap *g = flow_rx_gap_after(rx, fw->f->at);
	sim_time_t first = flow_rx_first_after(rx, fw->f->at);

	g_strlcpy(r.name, name, sizeof(r.name));
	r.at = first == SIM_TIME_NEVER ? -1 : first;
	if (g && g->last_rx_before < fw->end && g->first_rx_after >= fw->f->at &&
	    (g->last_rx_before < 0 || g->last_rx_before <= fw->f->at + (fw->end - fw->f->at))) {
		r.outage = g->first_rx_after - (g->last_rx_before >= 0 ? g->last_rx_before : fw->f->at);
		r.lost = (int64_t)g->missing - g->late;
		r.at = g->first_rx_after;
		g_snprintf(r.detail, sizeof(r.detail), "gap of %u packets from seq %u", g->missing,
			   g->first_seq);
	} else if (first == SIM_TIME_NEVER) {
		sim_time_t last = flow_rx_last_before(rx, fw->end);

		r.outage = last >= 0 && last >= fw->f->at ? -1 : fw->end - fw->f->at;
		r.lost = -1;
		g_strlcpy(r.detail, "nothing delivered after the fault", sizeof(r.detail));
	} else {
		g_strlcpy(r.detail, "no gap", sizeof(r.detail));
	}
	fn(arg, fw, &r);
}

static void walk(const struct world *w, row_fn fn, void *arg)
{
	GArray *win = windows(w);

	for (guint i = 0; i < win->len; i++) {
		const struct fault_window *fw = &g_array_index(win, struct fault_window, i);

		/* bonds: the first down/up and the first active change in the window */
		for (guint b = 0; b < w->bond_ctx->len; b++) {
			const struct world_bond *c = g_ptr_array_index(w->bond_ctx, b);
			bool seen_link = false, seen_active = false;

			for (guint e = 0; e < w->events->len; e++) {
				const struct world_event *ev =
					&g_array_index(w->events, struct world_event, e);
				struct row r = { .scope = "bond", .lost = -1, .outage = -1 };

				if (ev->at < fw->f->at || ev->at >= fw->end || ev->bond != c->bond->dev.name)
					continue;
				g_snprintf(r.name, sizeof(r.name), "%s.%s", c->host, ev->bond);
				r.at = ev->at;
				if ((ev->kind == WEV_SLAVE_DOWN || ev->kind == WEV_SLAVE_UP) && !seen_link) {
					seen_link = true;
					r.event = ev->kind == WEV_SLAVE_DOWN ? "slave down" : "slave up";
					g_snprintf(r.detail, sizeof(r.detail), "%s, noticed by the %s monitor",
						   ev->slave, ev->why);
					fn(arg, fw, &r);
				} else if (ev->kind == WEV_ACTIVE_CHANGE && !seen_active) {
					seen_active = true;
					r.event = "active slave changed";
					g_snprintf(r.detail, sizeof(r.detail), "%s -> %s", ev->from, ev->to);
					fn(arg, fw, &r);
				}
			}
		}
		/* switches: where they learnt the bond's MACs after the fault */
		for (guint e = 0; e < w->events->len; e++) {
			const struct world_event *ev = &g_array_index(w->events, struct world_event, e);
			struct row r = { .scope = "switch", .event = "FDB learnt", .lost = -1, .outage = -1 };
			char m[18];

			if (ev->kind != WEV_FDB_LEARN || ev->at < fw->f->at || ev->at >= fw->end)
				continue;
			g_snprintf(r.name, sizeof(r.name), "%s", ev->sw);
			r.at = ev->at;
			if (ev->from[0])
				g_snprintf(r.detail, sizeof(r.detail), "%s moved %s -> %s",
					   mac_format(ev->mac, m), ev->from, ev->to);
			else
				g_snprintf(r.detail, sizeof(r.detail), "%s learnt on %s",
					   mac_format(ev->mac, m), ev->to);
			fn(arg, fw, &r);
		}
		for (guint k = 0; k < w->flows->len; k++) {
			const struct flow *fl = g_ptr_array_index(w->flows, k);

			if (fl->cfg.start <= fw->f->at && fl->cfg.stop > fw->f->at)
				flow_rows(fw, "flow", fl->cfg.name, &fl->rx, fn, arg);
		}
		for (guint k = 0; k < w->pings->len; k++) {
			const struct ping *p = g_ptr_array_index(w->pings, k);

			if (p->cfg.start <= fw->f->at && (!p->cfg.stop || p->cfg.stop > fw->f->at))
				flow_rows(fw, "ping", p->cfg.name, &p->rx, fn, arg);
		}
	}
	g_array_free(win, TRUE);
}

static void fmt_delta(GString *out, sim_time_t d)
{
	if (d < 0)
		g_string_append(out, "-");
	else
		g_string_append_printf(out, "+%.3f ms", (double)d / SIM_MS);
}

struct text_ctx {
	GString *out;
	const struct fault *last;
};

static void text_row(void *arg, const struct fault_window *fw, const struct row *r)
{
	struct text_ctx *t = arg;
	char at[32];

	if (t->last != fw->f) {
		t->last = fw->f;
		g_string_append_printf(t->out, "\n  fault at %s: %s\n",
				       sim_time_format_sec(fw->f->at, at, sizeof(at)), fw->f->text);
		g_string_append_printf(t->out, "    %-6s %-20s %-22s %12s %12s %10s %7s  %s\n", "what",
				       "name", "event", "time_s", "after_fault", "outage_ms", "lost",
				       "detail");
	}
	g_string_append_printf(t->out, "    %-6s %-20s %-22s ", r->scope, r->name, r->event);
	if (r->at >= 0) {
		g_string_append_printf(t->out, "%12s ", sim_time_format_sec(r->at, at, sizeof(at)));
		GString *d = g_string_new(NULL);
		fmt_delta(d, r->at - fw->f->at);
		g_string_append_printf(t->out, "%12s ", d->str);
		g_string_free(d, TRUE);
	} else {
		g_string_append_printf(t->out, "%12s %12s ", "never", "-");
	}
	if (r->outage >= 0)
		g_string_append_printf(t->out, "%10.3f ", (double)r->outage / SIM_MS);
	else
		g_string_append_printf(t->out, "%10s ", "-");
	if (r->lost >= 0)
		g_string_append_printf(t->out, "%7" G_GINT64_FORMAT, r->lost);
	else
		g_string_append_printf(t->out, "%7s", "-");
	g_string_append_printf(t->out, "  %s\n", r->detail);
}

void failover_report_text(const struct world *w, GString *out)
{
	struct text_ctx t = { out, NULL };

	if (!w->faults->len)
		return;
	g_string_append(out, "\n== Failover timing\n");
	walk(w, text_row, &t);
}

static void json_row(void *arg, const struct fault_window *fw, const struct row *r)
{
	struct json *j = arg;

	json_begin_object(j, NULL);
	json_int(j, "fault_line", fw->f->line);
	json_int(j, "fault_time_ns", fw->f->at);
	json_string(j, "fault", fw->f->text);
	json_string(j, "scope", r->scope);
	json_string(j, "name", r->name);
	json_string(j, "event", r->event);
	if (r->at >= 0) {
		json_int(j, "time_ns", r->at);
		json_int(j, "after_fault_ns", r->at - fw->f->at);
	} else {
		json_string(j, "time_ns", NULL);
		json_string(j, "after_fault_ns", NULL);
	}
	if (r->outage >= 0)
		json_int(j, "outage_ns", r->outage);
	if (r->lost >= 0)
		json_int(j, "lost", r->lost);
	json_string(j, "detail", r->detail);
	json_end_object(j);
}

void failover_report_json(const struct world *w, struct json *j)
{
	json_begin_array(j, "failover");
	walk(w, json_row, j);
	json_end_array(j);
}

static void csv_row(void *arg, const struct fault_window *fw, const struct row *r)
{
	GString *out = arg;
	char a[32], b[32];

	g_string_append_printf(out, "%s,\"%s\",%s,%s,%s,%s,", sim_time_format_sec(fw->f->at, a, sizeof(a)),
			       fw->f->text, r->scope, r->name, r->event,
			       r->at >= 0 ? sim_time_format_sec(r->at, b, sizeof(b)) : "");
	if (r->at >= 0)
		g_string_append_printf(out, "%.3f", (double)(r->at - fw->f->at) / SIM_MS);
	g_string_append_c(out, ',');
	if (r->outage >= 0)
		g_string_append_printf(out, "%.3f", (double)r->outage / SIM_MS);
	g_string_append_c(out, ',');
	if (r->lost >= 0)
		g_string_append_printf(out, "%" G_GINT64_FORMAT, r->lost);
	g_string_append_printf(out, ",\"%s\"\n", r->detail);
}

void failover_write_csv(const struct world *w, GString *out)
{
	g_string_append(out, "fault_time_s,fault,scope,name,event,time_s,after_fault_ms,outage_ms,lost,detail\n");
	walk(w, csv_row, out);
}
