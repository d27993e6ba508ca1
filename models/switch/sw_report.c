/*
 * sw_report.c - what a switch tells at the end of a run: metrics and text
 * (the JSON: sw_report_json.c).
 *
 * DOC: Three views of the same numbers (their names and keys are listed at
 * the top of switch.c).  The text mimics what an engineer would type on
 * the switch: the console log, interface counters, "show etherchannel" and
 * "show mac address-table".  Everything is printed in a fixed order (ports
 * and LAGs in creation order, MACs sorted) so reports diff cleanly; the
 * hash tables are only read through sw_fdb_sorted()/sw_moves_sorted().
 * A switch with an LACP port-channel ends its text with "show etherchannel
 * summary" and "show lacp neighbor" (sw_show.c), after any typed during
 * the run; one without prints exactly what it printed before LACP existed.
 */
#include <stdio.h>
#include "sw_priv.h"
#include "link/hdx.h"

#define LOG_TEXT_LINES 20

const char *sw_report_member_name(const GPtrArray *ports, guint k)
{
	return ((const struct sw_port *)g_ptr_array_index(ports, k))->nic->dev.name;
}

const char *sw_report_port_state(const struct sw_port *p)
{
	if (p->sw->reloading)
		return "reloading";
	if (p->shutdown)
		return "shutdown";
	if (p->errdisabled)
		return "err-disabled";
	if ((p->lag && p->lag->mlag_suspended) || p->orphan_suspended)
		return "suspend-by-vpc";	/* NX-OS's words for it */
	if (!p->nic->dev.carrier)
		return "down";
	/* IOS's show interfaces status: a channel member it will not bundle
	 * (another speed, no LACP partner with suspend-individual, another
	 * partner's aggregator) has its link and is "suspended", not up. */
	return p->suspended ? "suspended" : "up";
}

const enum drop_reason sw_port_drop_reasons[] = {
	DROP_PORT_DOWN, DROP_RUNT, DROP_RESERVED, DROP_NOT_COLLECTING, DROP_BAD_SRC,
	DROP_FILTERED, DROP_NO_MEMBER, DROP_EGRESS_DOWN, DROP_NO_EGRESS,
	DROP_QUEUE_FULL, DROP_CARRIER_DOWN, DROP_VLAN_NOT_ALLOWED,
	DROP_STP_LISTENING, DROP_STP_LEARNING, DROP_STP_EGRESS,
};
const int sw_port_drop_reasons_count = G_N_ELEMENTS(sw_port_drop_reasons);

/*
 * vlan_not_allowed only where VLANs are configured or it happened (a tagged
 * frame into a switch of plain ports): the reports of switches without
 * VLANs stay as they were before VLANs existed.
 */
bool sw_port_drop_reason_shown(const struct sw_port *p, enum drop_reason d)
{
	if (d == DROP_STP_LISTENING || d == DROP_STP_LEARNING || d == DROP_STP_EGRESS)
		return p->sw->cfg.stp;
	return d != DROP_VLAN_NOT_ALLOWED || p->nic->dev.drops[d] || sw_vlan_configured(p->sw);
}

/* Everything the port dropped: what came in on it, and what its queue could not send. */
uint64_t sw_report_port_drops(const struct sw_port *p)
{
	return netdev_drops_total(&p->nic->dev);
}

struct sw_totals sw_report_totals(const struct sw *sw)
{
	struct sw_totals t = { 0 };

	for (guint i = 0; i < sw->ports->len; i++) {
		const struct sw_port *p = g_ptr_array_index(sw->ports, i);
		struct sw_tx tx;

		sw_port_tx(p, &tx);
		t.rx += p->rx_frames;
		t.tx += tx.frames;
		t.drops += sw_report_port_drops(p);
		t.errdisabled += p->errdisabled;
	}
	return t;
}

static double ms_or_never(sim_time_t t)
{
	return t < 0 ? -1.0 : (double)t / 1e6;
}

/* Only LACP channels publish these: static ones keep the names they had. */
static void lacp_metrics(const struct sw *sw, const struct sw_lag *lag, struct metrics *m)
{
	const char *n = sw->name, *ln = lag->name;

	metrics_add_int(m, lag->n_bundled, "%s.lag.%s.bundled", n, ln);
	metrics_add_int(m, lag->up, "%s.lag.%s.up", n, ln);
	metrics_add_double(m, ms_or_never(lag->first_up), "%s.lag.%s.up_at_ms", n, ln);
	for (guint k = 0; k < lag->members->len; k++) {
		const struct sw_port *p = g_ptr_array_index(lag->members, k);
		const struct sw_lacp_member *lm = p->lacp;
		const char *pn = p->nic->dev.name;
		enum sw_member_state st = sw_port_member_state(p);

		metrics_add_int(m, st == SW_MEMBER_BUNDLED, "%s.lag.%s.%s.bundled", n, ln, pn);
		metrics_add_int(m, st == SW_MEMBER_SUSPENDED, "%s.lag.%s.%s.suspended", n, ln, pn);
		metrics_add_int(m, st == SW_MEMBER_STANDALONE, "%s.lag.%s.%s.standalone", n, ln,
				pn);
		metrics_add_int(m, st == SW_MEMBER_HOTSTANDBY, "%s.lag.%s.%s.hot_standby", n, ln,
				pn);
		metrics_add_int(m, (int64_t)lm->bundles, "%s.lag.%s.%s.bundles", n, ln, pn);
		metrics_add_double(m, ms_or_never(lm->first_bundled), "%s.lag.%s.%s.bundled_at_ms",
				   n, ln, pn);
		metrics_add_int(m, (int64_t)lm->port.lacpdu_rx, "%s.lag.%s.%s.lacpdu_rx", n, ln,
				pn);
		metrics_add_int(m, (int64_t)lm->lacpdu_tx, "%s.lag.%s.%s.lacpdu_tx", n, ln,
				pn);
	}
}

void sw_metrics(const struct sw *sw, struct metrics *m)
{
	const char *n = sw->name;
	struct sw_totals t = sw_report_totals(sw);
	GPtrArray *mv = sw_moves_sorted(sw);
	char mac[18];

	metrics_add_int(m, (int64_t)sw->mac_moves, "%s.mac_moves", n);
	metrics_add_int(m, (int64_t)sw->flap_log_lines, "%s.flap_log_lines", n);
	metrics_add_int(m, (int64_t)sw->flap_log_suppressed, "%s.flap_log_suppressed", n);
	metrics_add_int(m, sw_fdb_count(sw), "%s.fdb_entries", n);
	metrics_add_int(m, (int64_t)sw->flooded, "%s.flooded", n);
	metrics_add_int(m, sw->storm, "%s.storm", n);
	metrics_add_double(m, sw->storm ? (double)sw->storm_at / 1e6 : -1.0, "%s.storm_at_ms", n);
	metrics_add_int(m, (int64_t)t.errdisabled, "%s.errdisabled_ports", n);
	metrics_add_int(m, (int64_t)sw->errdisable_events, "%s.errdisable_events", n);
	metrics_add_int(m, (int64_t)t.rx, "%s.rx_frames", n);
	metrics_add_int(m, (int64_t)t.tx, "%s.tx_frames", n);
	metrics_add_int(m, (int64_t)t.drops, "%s.drops", n);
	for (guint i = 0; i < mv->len; i++) {
		const struct sw_mac_moves *r = g_ptr_array_index(mv, i);

		metrics_add_int(m, (int64_t)r->total, "%s.mac.%s.moves", n,
				mac_format(r->mac, mac));
	}
	g_ptr_array_unref(mv);
	for (guint i = 0; i < sw->ports->len; i++) {
		const struct sw_port *p = g_ptr_array_index(sw->ports, i);
		const char *pn = p->nic->dev.name;
		struct sw_tx tx;

		sw_port_tx(p, &tx);
		metrics_add_int(m, (int64_t)p->rx_frames, "%s.port.%s.rx_frames", n, pn);
		metrics_add_int(m, (int64_t)p->rx_bytes, "%s.port.%s.rx_bytes", n, pn);
		metrics_add_int(m, (int64_t)tx.frames, "%s.port.%s.tx_frames", n, pn);
		metrics_add_int(m, (int64_t)tx.bytes, "%s.port.%s.tx_bytes", n, pn);
		metrics_add_int(m, (int64_t)tx.flooded, "%s.port.%s.flooded", n, pn);
		metrics_add_int(m, (int64_t)p->own.moves_in, "%s.port.%s.moves_in", n, pn);
		metrics_add_int(m, (int64_t)p->own.moves_out, "%s.port.%s.moves_out", n, pn);
		metrics_add_int(m, (int64_t)sw_report_port_drops(p), "%s.port.%s.drops", n, pn);
		metrics_add_int(m, p->nic->dev.carrier, "%s.port.%s.up", n, pn);
		metrics_add_int(m, p->errdisabled, "%s.port.%s.errdisabled", n, pn);
		if (nic_hdx_counters(p->nic)) {
			g_autofree char *prefix = g_strdup_printf("%s.port.%s", n, pn);

			hdx_counters_metrics(nic_hdx_counters(p->nic), m, prefix);
		}
		for (int k = 0; k < sw_port_drop_reasons_count; k++) {
			enum drop_reason d = sw_port_drop_reasons[k];

			if (sw_port_drop_reason_shown(p, d))
				metrics_add_int(m, (int64_t)p->nic->dev.drops[d], "%s.port.%s.drop.%s",
						n, pn, drop_reason_names[d]);
		}
	}
	sw_stp_metrics(sw, m);
	if (sw->mlag) {
		int me = sw->mlag->sw[0] == sw ? 0 : 1;

		metrics_add_int(m, (int64_t)sw->mlag->synced[me], "%s.mlag.synced", n);
		metrics_add_int(m, (int64_t)sw->mlag->kept_off[me], "%s.mlag.kept_off", n);
		metrics_add_int(m, sw->mlag->held[me], "%s.mlag.suspended", n);
		metrics_add_int(m, (int64_t)sw->mlag->suspends[me], "%s.mlag.suspends", n);
		metrics_add_int(m, (int64_t)sw->mlag->holds[me], "%s.mlag.reload_holds", n);
		metrics_add_int(m, sw->mlag->oper == me, "%s.mlag.operational_primary", n);
		metrics_add_int(m, (int64_t)sw->mlag->recoveries[me], "%s.mlag.auto_recoveries", n);
		metrics_add_int(m, (int64_t)sw->mlag->dual_actives, "%s.mlag.dual_actives", n);
	}
	for (guint i = 0; i < sw->lags->len; i++) {
		const struct sw_lag *lag = g_ptr_array_index(sw->lags, i);
		const char *ln = lag->name;
		struct sw_tx tx;

		sw_lag_tx(lag, &tx);
		metrics_add_int(m, (int64_t)lag->rx_frames, "%s.lag.%s.rx_frames", n, ln);
		metrics_add_int(m, (int64_t)lag->rx_bytes, "%s.lag.%s.rx_bytes", n, ln);
		metrics_add_int(m, (int64_t)tx.frames, "%s.lag.%s.tx_frames", n, ln);
		metrics_add_int(m, (int64_t)tx.bytes, "%s.lag.%s.tx_bytes", n, ln);
		metrics_add_int(m, (int64_t)tx.flooded, "%s.lag.%s.flooded", n, ln);
		metrics_add_int(m, (int64_t)lag->bport.moves_in, "%s.lag.%s.moves_in", n, ln);
		metrics_add_int(m, (int64_t)lag->bport.moves_out, "%s.lag.%s.moves_out", n, ln);
		metrics_add_int(m, lag->members->len, "%s.lag.%s.members", n, ln);
		metrics_add_int(m, lag->map->len, "%s.lag.%s.distributing", n, ln);
		if (lag->lacp) {
			lacp_metrics(sw, lag, m);
			continue;
		}
		/* a static channel's members: bundled, or suspended at another speed */
		for (guint k = 0; k < lag->members->len; k++) {
			const struct sw_port *p = g_ptr_array_index(lag->members, k);
			enum sw_member_state st = sw_port_member_state(p);
			const char *pn = p->nic->dev.name;

			metrics_add_int(m, st == SW_MEMBER_BUNDLED, "%s.lag.%s.%s.bundled", n, ln,
					pn);
			metrics_add_int(m, st == SW_MEMBER_SUSPENDED, "%s.lag.%s.%s.suspended", n,
					ln, pn);
		}
	}
}

/* An aligned table: first @nleft columns left-aligned, the rest right-aligned. */
static void print_table(GString *out, const char *const *head, guint ncol, guint nleft,
			GPtrArray *rows)
{
	gsize w[16] = { 0 };

	g_assert(ncol <= G_N_ELEMENTS(w));
	for (guint c = 0; c < ncol; c++)
		w[c] = strlen(head[c]);
	for (guint r = 0; r < rows->len; r++) {
		char **row = g_ptr_array_index(rows, r);

		for (guint c = 0; c < ncol; c++)
			w[c] = MAX(w[c], strlen(row[c]));
	}
	for (guint r = 0; r <= rows->len; r++) {
		const char *const *row = r == 0 ? head : g_ptr_array_index(rows, r - 1);

		g_string_append(out, " ");
		for (guint c = 0; c < ncol; c++)
			g_string_append_printf(out, c < nleft ? " %-*s" : " %*s", (int)w[c],
					       row[c]);
		g_string_append_c(out, '\n');
	}
}

static char *u64s(uint64_t v)
{
	return g_strdup_printf("%" G_GUINT64_FORMAT, v);
}

/*
 * The frames each port still holds at the end, queued or being sent: not
 * in its TxFrames yet, so that what a port took adds up (TxFrames + held)
 * and each cable's TxFrames is the far end's RxFrames plus what the cable
 * lost or still carries.
 */
static void text_ports_held(const struct sw *sw, GString *out)
{
	const char *sep = "  queued at the end, not in TxFrames:";

	for (guint i = 0; i < sw->ports->len; i++) {
		const struct sw_port *p = g_ptr_array_index(sw->ports, i);
		uint64_t held = sw_port_held(p);

		if (!held)
			continue;
		g_string_append_printf(out, "%s %s %" G_GUINT64_FORMAT, sep, p->nic->dev.name, held);
		sep = ",";
	}
	if (*sep == ',')
		g_string_append_c(out, '\n');
}

static void text_ports(const struct sw *sw, GString *out)
{
	static const char *const head[] = { "Port", "LAG", "State", "RxFrames", "RxBytes",
					    "TxFrames", "TxBytes", "Flooded", "MovesIn", "Drops" };
	GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);

	for (guint i = 0; i < sw->ports->len; i++) {
		const struct sw_port *p = g_ptr_array_index(sw->ports, i);
		char **row = g_new0(char *, G_N_ELEMENTS(head) + 1);
		struct sw_tx tx;

		sw_port_tx(p, &tx);
		row[0] = g_strdup(p->nic->dev.name);
		row[1] = g_strdup(p->lag ? p->lag->name : "-");
		row[2] = g_strdup(sw_report_port_state(p));
		row[3] = u64s(p->rx_frames);
		row[4] = u64s(p->rx_bytes);
		row[5] = u64s(tx.frames);
		row[6] = u64s(tx.bytes);
		row[7] = u64s(tx.flooded);
		row[8] = u64s(p->own.moves_in);
		row[9] = u64s(sw_report_port_drops(p));
		g_ptr_array_add(rows, row);
	}
	g_string_append(out, "\nPorts:\n");
	print_table(out, head, G_N_ELEMENTS(head), 3, rows);
	g_ptr_array_unref(rows);
	for (guint i = 0; i < sw->ports->len; i++) {
		const struct sw_port *p = g_ptr_array_index(sw->ports, i);
		const char *sep = "";

		if (!sw_report_port_drops(p))
			continue;
		g_string_append_printf(out, "  drops on %s:", p->nic->dev.name);
		for (int d = 0; d < DROP_REASON_COUNT; d++) {
			if (!p->nic->dev.drops[d])
				continue;
			g_string_append_printf(out, "%s %s %" G_GUINT64_FORMAT, sep,
					       drop_reason_names[d], p->nic->dev.drops[d]);
			sep = ",";
		}
		g_string_append_c(out, '\n');
	}
	text_ports_held(sw, out);
	for (guint i = 0; i < sw->ports->len; i++) {
		const struct sw_port *p = g_ptr_array_index(sw->ports, i);

		if (!nic_hdx_counters(p->nic))
			continue;
		g_string_append_printf(out, "  %s, ", p->nic->dev.name);
		nic_hdx_describe(p->nic, out);
		g_string_append(out, ": ");
		hdx_counters_text(nic_hdx_counters(p->nic), out);
		g_string_append_c(out, '\n');
	}
}

static void text_lacp(const struct sw *sw, const struct sw_lag *lag, GString *out)
{
	const struct lacp_system *sys = &lag->lacp->sys;
	char mac[15], t[32];

	g_string_append_printf(out, "    LACP key %u  system %u,%s  suspend-individual %s  ",
			       lag->key, sys->system_priority, sw_mac_cisco(sys->system, mac),
			       lag->suspend_individual ? "on" : "off");
	if (lag->max_bundle != SW_LACP_MAX_BUNDLE)
		g_string_append_printf(out, "max-bundle %u  ", lag->max_bundle);
	if (lag->min_links != 1)
		g_string_append_printf(out, "min-links %u  ", lag->min_links);
	if (lag->mlag_id)
		g_string_append_printf(out, "MLAG %u (twin: %s %s)  ", lag->mlag_id,
				       lag->mlag_peer ? lag->mlag_peer->sw->name : "none",
				       lag->mlag_peer ? lag->mlag_peer->name : "-");
	if (lag->first_up < 0)
		g_string_append(out, "never up\n");
	else
		/* a moment of the run, in seconds as the logs write them */
		g_string_append_printf(out, "first up at %s s\n",
				       sim_time_format_sec(lag->first_up, t, sizeof(t)));
	for (guint k = 0; k < lag->members->len; k++) {
		const struct sw_port *p = g_ptr_array_index(lag->members, k);
		const struct sw_lacp_member *m = p->lacp;

		g_string_append_printf(out, "    %s  %s  rate %s  port %u priority %u  %s  "
				       "LACPDUs rx %" G_GUINT64_FORMAT " tx %" G_GUINT64_FORMAT,
				       p->nic->dev.name, sw_channel_mode_name(p->mode),
				       m->fast ? "fast" : "normal", m->port.actor_port_number,
				       m->port.actor_port_priority,
				       sw_member_state_name(sw_port_member_state(p)),
				       m->port.lacpdu_rx, m->lacpdu_tx);
		if (m->first_bundled >= 0)
			/* a moment of the run, in seconds as the logs write them */
			g_string_append_printf(out, "  first bundled at %s s",
					       sim_time_format_sec(m->first_bundled, t, sizeof(t)));
		g_string_append_c(out, '\n');
	}
}

/*
 * When the run ended: "14s" as the scenario wrote its duration, or, for a
 * run cut short (--max-events, --max-wall, a signal) at a moment of no
 * round value, "10.820163 s" as the logs write it, not "10820163.2us".
 */
static const char *end_of_run(sim_time_t now, char *buf, size_t size)
{
	char t[32];

	if (now % SIM_MS == 0)
		return sim_time_format(now, buf, size);
	g_snprintf(buf, size, "%s s", sim_time_format_sec(now, t, sizeof(t)));
	return buf;
}

static void text_shows(const struct sw *sw, GString *out)
{
	char t[32];

	for (guint i = 0; i < sw->shows->len; i++) {
		const struct sw_show *s = g_ptr_array_index(sw->shows, i);

		g_string_append_printf(out, "\n%s#%s    (at %s)\n", sw->name, s->command,
				       sim_time_format(s->at, t, sizeof(t)));
		g_string_append(out, s->text);
	}
	end_of_run(sw->sim->now, t, sizeof(t));
	if (sw_speed_duplex_matter(sw)) {
		g_string_append_printf(out, "\n%s#show interfaces status    (end of run, %s)\n",
				       sw->name, t);
		sw_show_interfaces_status(sw, out);
	}
	if (sw_vlan_configured(sw)) {
		g_string_append_printf(out, "\n%s#show vlan brief    (end of run, %s)\n\n",
				       sw->name, t);
		sw_show_vlan_brief(sw, out);
		g_string_append_printf(out, "\n%s#show interfaces trunk    (end of run, %s)\n",
				       sw->name, t);
		sw_show_interfaces_trunk(sw, out);
	}
	if (!sw_has_lacp(sw))
		return;
	g_string_append_printf(out, "\n%s#show etherchannel summary    (end of run, %s)\n",
			       sw->name, t);
	sw_show_etherchannel_summary(sw, out);
	g_string_append_printf(out, "\n%s#show lacp neighbor    (end of run, %s)\n", sw->name, t);
	sw_show_lacp_neighbor(sw, out);
	if (!sw->mlag)
		return;
	g_string_append_printf(out, "\n%s#show vpc brief    (end of run, %s)\n", sw->name, t);
	sw_show_vpc_brief(sw, out);
}

static void text_lags(const struct sw *sw, GString *out)
{
	if (sw->lags->len == 0)
		return;
	g_string_append(out, "\nPort-channels:\n");
	for (guint i = 0; i < sw->lags->len; i++) {
		const struct sw_lag *lag = g_ptr_array_index(sw->lags, i);
		struct sw_tx tx;

		sw_lag_tx(lag, &tx);
		g_string_append_printf(out, "  %s  mode %s  hash %s  %s  members", lag->name,
				       lag->lacp ? "LACP" : "on", sw_lag_hash_name(lag->hash),
				       lag->up ? "up" : "down");
		for (guint k = 0; k < lag->members->len; k++)
			g_string_append_printf(out, " %s", sw_report_member_name(lag->members, k));
		g_string_append(out, "  distributing");
		for (guint k = 0; k < lag->map->len; k++)
			g_string_append_printf(out, " %s", sw_report_member_name(lag->map, k));
		g_string_append_printf(out, "\n    rx %" G_GUINT64_FORMAT " frames %"
				       G_GUINT64_FORMAT " bytes  tx %" G_GUINT64_FORMAT
				       " frames %" G_GUINT64_FORMAT " bytes  flooded %"
				       G_GUINT64_FORMAT "  moves in %" G_GUINT64_FORMAT "\n",
				       lag->rx_frames, lag->rx_bytes, tx.frames, tx.bytes,
				       tx.flooded, lag->bport.moves_in);
		if (lag->lacp)
			text_lacp(sw, lag, out);
	}
}

static void text_moves(const struct sw *sw, GString *out)
{
	GPtrArray *mv = sw_moves_sorted(sw);
	char mac[18];

	if (mv->len)
		g_string_append(out, "\nMAC moves:\n");
	for (guint i = 0; i < mv->len; i++) {
		const struct sw_mac_moves *r = g_ptr_array_index(mv, i);

		g_string_append_printf(out, "  %s  moves %" G_GUINT64_FORMAT,
				       mac_format(r->mac, mac), r->total);
		for (guint k = 0; k < r->pairs->len; k++) {
			const struct sw_move_pair *mp = &SW_MOVE_PAIR(r, k);

			g_string_append_printf(out, "  %s->%s %" G_GUINT64_FORMAT, mp->from->name,
					       mp->to->name, mp->count);
		}
		g_string_append_c(out, '\n');
	}
	g_ptr_array_unref(mv);
}

static void text_log(const struct sw *sw, GString *out)
{
	GArray *lines = sw->log.lines;
	guint n = lines->len;

	if (n == 0)
		return;
	g_string_append_printf(out, "\nLog (%u line%s):\n", n, n == 1 ? "" : "s");
	for (guint i = 0; i < n && i < LOG_TEXT_LINES; i++) {
		g_string_append(out, "  ");
		sim_log_format_line(&g_array_index(lines, struct sim_log_line, i), out);
		g_string_append_c(out, '\n');
	}
	if (n > LOG_TEXT_LINES)
		g_string_append_printf(out, "  ... %u more\n", n - LOG_TEXT_LINES);
}

/* Laid out as IOS's "show mac address-table". */
static void text_fdb(const struct sw *sw, GString *out)
{
	GPtrArray *fdb = sw_fdb_sorted(sw);
	char mac[15];
	uint8_t addr[6];

	g_string_append(out, "\n          Mac Address Table\n"
			     "-------------------------------------------\n\n"
			     "Vlan    Mac Address       Type        Ports\n"
			     "----    -----------       --------    -----\n");
	for (guint i = 0; i < fdb->len; i++) {
		const struct sw_fdb_entry *e = g_ptr_array_index(fdb, i);

		sw_fdb_entry_mac(e, addr);
		g_string_append_printf(out, "%4u    %s    %-8s    %s\n", sw_fdb_entry_vlan(e),
				       sw_mac_cisco(addr, mac), "DYNAMIC", e->bport->name);
	}
	g_string_append_printf(out, "Total Mac Addresses for this criterion: %u\n", fdb->len);
	g_ptr_array_unref(fdb);
}

static const char *times(uint64_t n)
{
	return n == 1 ? "time" : "times";
}

/* The header lines of a switch in an MLAG domain: identity, role, what it went through. */
static void text_mlag(const struct sw *sw, GString *out)
{
	const struct sw_mlag *ml = sw->mlag;
	int me = ml->sw[0] == sw ? 0 : 1;
	const struct sw *peer = ml->sw[1 - me];
	char mac[15], at[32], delay[32], iv[32], to[32], ho[32];

	g_string_append_printf(out, "  MLAG %s with %s over %s, system %u,%s: MACs synced to "
			       "the peer %" G_GUINT64_FORMAT ", frames from the peer link "
			       "kept off MLAG channels %" G_GUINT64_FORMAT "\n",
			       ml->name, peer->name, ml->peer_link[me] ? ml->peer_link[me]->name : "-",
			       ml->system_priority, sw_mac_cisco(ml->system, mac),
			       ml->synced[me], ml->kept_off[me]);
	g_string_append_printf(out, "  MLAG role: %s (role priority %u, %s's %u%s)",
			       ml->elected == me ? "primary" : "secondary", ml->role_priority[me],
			       peer->name, ml->role_priority[1 - me],
			       ml->role_priority[0] != ml->role_priority[1] ? "" :
			       ml->elected == me ? ": a tie, and this switch's MAC is the lower" :
			       ": a tie, and the peer's MAC is the lower");
	if (ml->oper != ml->elected)
		g_string_append_printf(out, ", operational %s since %s s (%s)",
				       ml->oper == me ? "primary" : "secondary",
				       sim_time_format_sec(ml->oper_since, at, sizeof(at)),
				       ml->reload_recovered_at[ml->oper] == ml->oper_since ?
				       "alone after its reload-delay" : "the primary reloaded");
	g_string_append_printf(out, ", peer keepalive every %s (timeout %s, hold-timeout %s): ",
			       sim_time_format(ml->ka_interval, iv, sizeof(iv)),
			       sim_time_format(ml->ka_timeout, to, sizeof(to)),
			       sim_time_format(ml->hold_timeout, ho, sizeof(ho)));
	if (ml->keepalive[me])
		g_string_append(out, "up at the end\n");
	else if (ml->ka_heard[me] < 0)
		g_string_append(out, "never heard\n");
	else
		g_string_append_printf(out, "lost at the end, the last heard at %s s\n",
				       sim_time_format_sec(ml->ka_heard[me], at, sizeof(at)));
	if (ml->suspends[me])
		g_string_append_printf(out, "  MLAG: its MLAG channels suspended %" G_GUINT64_FORMAT
				       " %s as the secondary (peer link lost, the peer alive), the "
				       "last at %s s%s\n", ml->suspends[me], times(ml->suspends[me]),
				       sim_time_format_sec(ml->suspended_at[me], at, sizeof(at)),
				       ml->held[me] && ml->susp == me ? ", still suspended at the end" :
				       "");
	if (ml->holds[me])
		g_string_append_printf(out, "  MLAG: back from a reload, its MLAG channels held "
				       "down %" G_GUINT64_FORMAT " %s until the peer link had "
				       "been up %s (delay restore)%s\n", ml->holds[me],
				       times(ml->holds[me]),
				       sim_time_format(ml->delay_restore, delay, sizeof(delay)),
				       ml->held[me] && ml->susp != me ? ", still held at the end" : "");
	if (ml->recoveries[me] > ml->reload_recoveries[me])
		g_string_append_printf(out, "  MLAG auto-recovery: its channels brought up %"
				       G_GUINT64_FORMAT " %s, held down with no keepalive from %s\n",
				       ml->recoveries[me] - ml->reload_recoveries[me],
				       times(ml->recoveries[me] - ml->reload_recoveries[me]), peer->name);
	if (ml->reload_recoveries[me])
		g_string_append_printf(out, "  MLAG auto-recovery reload-delay: back from a reload, "
				       "no peer link and no keepalive from %s for %s, its channels "
				       "brought up %" G_GUINT64_FORMAT " %s, the last at %s s\n",
				       peer->name, sim_time_format(ml->reload_delay, delay,
								   sizeof(delay)),
				       ml->reload_recoveries[me], times(ml->reload_recoveries[me]),
				       sim_time_format_sec(ml->reload_recovered_at[me], at,
							   sizeof(at)));
	if (ml->dual_actives)
		g_string_append_printf(out, "  MLAG dual-active %" G_GUINT64_FORMAT " %s (peer link "
				       "down, no keepalive: both switches forward for the domain, "
				       "nothing synced), the last from %s s%s\n", ml->dual_actives,
				       times(ml->dual_actives),
				       sim_time_format_sec(ml->dual_active_at, at, sizeof(at)),
				       ml->dual_active ? ", still at the end" : "");
}

void sw_report_text(const struct sw *sw, GString *out)
{
	const struct sw_config *c = &sw->cfg;
	struct sw_totals t = sw_report_totals(sw);
	char a[32], w[32], li[32];

	g_string_append_printf(out, "Switch %s: %u port%s, %u port-channel%s, aging %s, "
			       "mac-flap %s",
			       sw->name, sw->ports->len, sw->ports->len == 1 ? "" : "s",
			       sw->lags->len, sw->lags->len == 1 ? "" : "s",
			       sim_time_format(c->aging, a, sizeof(a)),
			       sw_flap_action_name(c->mac_flap));
	if (c->mac_flap == SW_FLAP_ERRDISABLE)
		g_string_append_printf(out, " (%u moves in %s)", c->flap_moves,
				       sim_time_format(c->flap_window, w, sizeof(w)));
	g_string_append_printf(out, ", flap log interval %s\n",
			       sim_time_format(c->flap_log_interval, li, sizeof(li)));
	g_string_append_printf(out, "  MAC moves %" G_GUINT64_FORMAT ", MACFLAP lines %"
			       G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT " suppressed), flooded %"
			       G_GUINT64_FORMAT ", err-disabled ports %" G_GUINT64_FORMAT
			       ", FDB entries %u\n", sw->mac_moves, sw->flap_log_lines,
			       sw->flap_log_suppressed, sw->flooded, t.errdisabled,
			       sw_fdb_count(sw));
	if (sw->mlag)
		text_mlag(sw, out);
	text_moves(sw, out);
	text_log(sw, out);
	text_ports(sw, out);
	text_lags(sw, out);
	sw_stp_report_text(sw, out);
	text_fdb(sw, out);
	if (sw->running_config)
		g_string_append_printf(out, "\n%s#show running-config    (as configured, at 0s)\n%s",
				       sw->name, sw->running_config);
	text_shows(sw, out);
}
