/*
 * report_loss.c - "where frames were lost": every drop, placed and explained.
 *
 * DOC: Two views of the same drops.  By place: every device (host NICs and
 * bonds, switch ports), every cable direction and every host stack, with
 * the frames it dropped for each reason (measured or not: ARP, floods).
 * By flow: the ledger's identity, sent = received + lost + in flight, and
 * for each lost packet the place and reason of the drop that killed its
 * last copy; extra copies that died after another got through are shown
 * apart, since they cost no packet.
 */
#include <stdio.h>
#include "report.h"
#include "link/link.h"
#include "link/vlan_dev.h"

/* One place's nonzero counts, in reason order. */
typedef void (*place_fn)(void *arg, const char *place, enum drop_reason why, uint64_t n);

static void dev_drops(const struct netdev *dev, place_fn fn, void *arg)
{
	for (int r = 0; r < DROP_REASON_COUNT; r++)
		if (dev->drops[r])
			fn(arg, dev->place, r, dev->drops[r]);
}

/* Every place of the world, in a fixed order: hosts, switches, links. */
static void each_place(const struct world *w, place_fn fn, void *arg)
{
	for (guint i = 0; i < w->hosts->len; i++) {
		const struct world_host *h = g_ptr_array_index(w->hosts, i);

		for (guint k = 0; k < h->nics->len; k++)
			dev_drops(&((const struct nic *)g_ptr_array_index(h->nics, k))->dev, fn, arg);
		for (guint k = 0; k < h->bonds->len; k++)
			dev_drops(&((const struct bond *)g_ptr_array_index(h->bonds, k))->dev, fn,
				  arg);
		for (guint k = 0; h->vlans && k < h->vlans->len; k++)
			dev_drops(&((const struct vlan_dev *)g_ptr_array_index(h->vlans, k))->dev,
				  fn, arg);
		if (h->host->ip_stats.no_route)
			fn(arg, h->name, DROP_NO_ROUTE, h->host->ip_stats.no_route);
	}
	for (guint i = 0; i < w->switches->len; i++) {
		const struct sw *sw = ((const struct world_switch *)g_ptr_array_index(w->switches,
										     i))->sw;

		for (guint k = 0; k < sw_port_count(sw); k++)
			dev_drops(&sw_port_nic(sw, k)->dev, fn, arg);
	}
	for (guint i = 0; i < w->links->len; i++) {
		const struct link *l = g_ptr_array_index(w->links, i);

		for (int d = 0; d < 2; d++) {
			const struct link_dir *dir = &l->dir[d];

			if (dir->down_drops)
				fn(arg, dir->place, DROP_LINK_DOWN, dir->down_drops);
			if (dir->lost)
				fn(arg, dir->place, DROP_LINK_LOSS, dir->lost);
			if (dir->blackholed)
				fn(arg, dir->place, DROP_BLACKHOLE, dir->blackholed);
		}
	}
}

/*
 * A fragment with a bad FCS (a frame cut short by a collision on a
 * half-duplex end) is no frame: its sender retries it or counts it
 * (late_collision, excessive_collisions), so the frames table leaves it
 * out and a line under it names where they arrived.
 */
static bool is_fragment(enum drop_reason why)
{
	return why == DROP_FCS_ERROR;
}

static void text_fragment(void *arg, const char *place, enum drop_reason why, uint64_t n)
{
	if (is_fragment(why))
		g_string_append_printf(arg, "  also received, no frame in them: %" G_GUINT64_FORMAT
				       " fragments with a bad FCS at %s (collisions; rx_crc_errors), "
				       "their frames counted at the sender\n", n, place);
}

static void text_place(void *arg, const char *place, enum drop_reason why, uint64_t n)
{
	if (is_fragment(why))
		return;
	g_string_append_printf(arg, "  %-44s %-18s %10" G_GUINT64_FORMAT "\n", place,
			       drop_reason_names[why], n);
}

static void count_place(void *arg, const char *place, enum drop_reason why, uint64_t n)
{
	if (is_fragment(why))
		return;
	(void)place;
	(void)why;
	*(uint64_t *)arg += n;
}

static void text_ledger(GString *out, const char *kind, const char *name, uint64_t sent,
			uint64_t received, uint64_t lost, uint64_t in_flight,
			const struct flow_ledger *l)
{
	GArray *a = ledger_places_sorted(l);

	g_string_append_printf(out, "  %s %s: sent %" G_GUINT64_FORMAT " = received %" G_GUINT64_FORMAT
				    " + lost %" G_GUINT64_FORMAT " + in flight %" G_GUINT64_FORMAT "\n",
			       kind, name, sent, received, lost, in_flight);
	for (guint i = 0; i < a->len; i++) {
		const struct ledger_place *p = &g_array_index(a, struct ledger_place, i);

		if (p->lost)
			g_string_append_printf(out, "    lost at %-36s %-18s %10" G_GUINT64_FORMAT
						    " packets\n",
					       p->place, ledger_reason_name(p->reason), p->lost);
	}
	for (guint i = 0; i < a->len; i++) {
		const struct ledger_place *p = &g_array_index(a, struct ledger_place, i);

		if (p->copies)
			g_string_append_printf(out, "    extra copies died at %-23s %-18s %10" G_GUINT64_FORMAT
						    " (no packet lost)\n",
					       p->place, ledger_reason_name(p->reason), p->copies);
	}
	g_array_unref(a);
}

/*
 * Two constant-rate flows without jitter that meet at a full queue
 * phase-lock: the one whose packets arrive just after a departure finds
 * room every time, the other almost never, and which is which follows their
 * start times (the phase effect of periodic traffic), not the network.  The
 * paths are not known here, so a flow that lost packets at a full queue and
 * another jitter-free flow to or from the same host are named as a likely
 * pair, once: a flow a note named is in no other.
 */
static void phase_note(const struct world *w, GString *out)
{
	g_autofree bool *named = g_new0(bool, w->flows->len);

	for (guint i = 0; i < w->flows->len; i++) {
		const struct flow *f = g_ptr_array_index(w->flows, i);
		const struct ledger_place *full = NULL;

		if (f->cfg.jitter || named[i])
			continue;
		for (guint k = 0; k < f->ledger.places->len && !full; k++) {
			const struct ledger_place *p = &g_array_index(f->ledger.places,
								      struct ledger_place, k);

			if (p->reason == DROP_QUEUE_FULL && p->lost)
				full = p;
		}
		for (guint k = 0; full && k < w->flows->len; k++) {
			const struct flow *g = g_ptr_array_index(w->flows, k);

			if (g == f || g->cfg.jitter || named[k] ||
			    (g->cfg.dst != f->cfg.dst && g->cfg.src != f->cfg.src))
				continue;
			named[i] = named[k] = true;
			g_string_append_printf(out, "  note: %s lost %" G_GUINT64_FORMAT " at a full "
					       "queue (%s) and %s %s the same host, both at a "
					       "constant rate without jitter: periodic senders "
					       "phase-lock, so how the loss splits between them "
					       "(%s %" G_GUINT64_FORMAT ", %s %" G_GUINT64_FORMAT
					       ") may follow their timing, not the network; give "
					       "them some jitter (jitter = 100us) to see the split "
					       "real traffic gets\n",
					       f->cfg.name, full->lost, full->place, g->cfg.name,
					       g->cfg.dst == f->cfg.dst ? "goes to" : "comes from",
					       f->cfg.name, flow_lost(f), g->cfg.name, flow_lost(g));
			break;
		}
	}
}

void report_loss_text(const struct world *w, GString *out)
{
	uint64_t total = 0;

	if (!w->flows->len && !w->pings->len && !w->tcp_flows->len)
		return;
	g_string_append(out, "\n== Where frames were lost\n");
	each_place(w, count_place, &total);
	if (total) {
		g_string_append_printf(out, "  %-44s %-18s %10s\n", "place", "reason", "frames");
		each_place(w, text_place, out);
	} else {
		g_string_append(out, "  no frame was dropped anywhere\n");
	}
	each_place(w, text_fragment, out);
	g_string_append_c(out, '\n');
	for (guint i = 0; i < w->flows->len; i++) {
		const struct flow *f = g_ptr_array_index(w->flows, i);

		text_ledger(out, "flow", f->cfg.name, f->sent, f->rx.received, flow_lost(f),
			    flow_in_flight(f), &f->ledger);
	}
	phase_note(w, out);
	for (guint i = 0; i < w->pings->len; i++) {
		const struct ping *p = g_ptr_array_index(w->pings, i);

		text_ledger(out, "ping", p->cfg.name, p->sent, p->rx.received, ping_lost(p),
			    ping_in_flight(p), &p->ledger);
	}
	for (guint i = 0; i < w->tcp_flows->len; i++) {
		const struct tcp_flow *t = g_ptr_array_index(w->tcp_flows, i);

		text_ledger(out, "tcp flow", t->cfg.name, t->transmissions, t->rx.received,
			    t->ledger.lost, ledger_in_flight(&t->ledger), &t->ledger);
	}
}

/* {place, reason, @what: n}: one entry of "drops" or "fragments" */
static void json_drop(struct json *j, const char *place, enum drop_reason why, const char *what,
		      uint64_t n)
{
	json_begin_object(j, NULL);
	json_string(j, "place", place);
	json_string(j, "reason", drop_reason_names[why]);
	json_int(j, what, (int64_t)n);
	json_end_object(j);
}

static void json_place(void *arg, const char *place, enum drop_reason why, uint64_t n)
{
	if (is_fragment(why))
		return;
	json_drop(arg, place, why, "frames", n);
}

static void json_fragment(void *arg, const char *place, enum drop_reason why, uint64_t n)
{
	if (is_fragment(why))
		json_drop(arg, place, why, "fragments", n);
}

void report_loss_json(const struct world *w, struct json *j)
{
	json_begin_array(j, "drops");
	each_place(w, json_place, j);
	json_end_array(j);
	json_begin_array(j, "fragments");
	each_place(w, json_fragment, j);
	json_end_array(j);
}

static void metric_place(void *arg, const char *place, enum drop_reason why, uint64_t n)
{
	metrics_add_int(arg, (int64_t)n, "drop.%s.%s", place, drop_reason_names[why]);
}

static void ledger_metrics(struct metrics *m, const char *kind, const char *name,
			   const struct flow_ledger *l)
{
	uint64_t by[DROP_REASON_COUNT + 1] = { 0 };

	for (guint i = 0; i < l->places->len; i++) {
		const struct ledger_place *p = &g_array_index(l->places, struct ledger_place, i);

		by[p->reason] += p->lost;
	}
	for (int r = 0; r <= DROP_REASON_COUNT; r++)
		if (by[r])
			metrics_add_int(m, (int64_t)by[r], "%s.%s.lost.%s", kind, name,
					ledger_reason_name(r));
}

void report_loss_metrics(const struct world *w, struct metrics *m)
{
	each_place(w, metric_place, m);
	for (guint i = 0; i < w->flows->len; i++) {
		const struct flow *f = g_ptr_array_index(w->flows, i);

		ledger_metrics(m, "flow", f->cfg.name, &f->ledger);
	}
	for (guint i = 0; i < w->pings->len; i++) {
		const struct ping *p = g_ptr_array_index(w->pings, i);

		ledger_metrics(m, "ping", p->cfg.name, &p->ledger);
	}
	for (guint i = 0; i < w->tcp_flows->len; i++) {
		const struct tcp_flow *t = g_ptr_array_index(w->tcp_flows, i);

		ledger_metrics(m, "flow", t->cfg.name, &t->ledger);
	}
}
