/*
 * sw_report_json.c - a switch's part of the JSON report (sw_report.c has
 * the metrics and the text; the keys are listed at the top of switch.c).
 */
#include "sw_priv.h"
#include "link/hdx.h"

static void json_time(struct json *j, const char *key, sim_time_t t)
{
	char buf[32];

	json_string(j, key, sim_time_format(t, buf, sizeof(buf)));
}

static void json_config(const struct sw *sw, struct json *j)
{
	const struct sw_config *c = &sw->cfg;

	json_begin_object(j, "config");
	json_time(j, "aging", c->aging);
	json_string(j, "mac_flap", sw_flap_action_name(c->mac_flap));
	json_int(j, "flap_moves", c->flap_moves);
	json_time(j, "flap_window", c->flap_window);
	json_time(j, "flap_log_interval", c->flap_log_interval);
	json_time(j, "errdisable_recovery", c->errdisable_recovery);
	json_string(j, "lag_hash", sw_lag_hash_name(c->lag_hash));
	if (c->stp) {
		json_bool(j, "spanning_tree", true);
		json_time(j, "forward_delay", c->forward_delay);
	}
	if (sw_has_lacp(sw)) {
		char mac[18];
		static const uint8_t zero[6];

		json_int(j, "lacp_system_priority", c->lacp_system_priority);
		json_string(j, "lacp_system_mac",
			    mac_format(memcmp(c->lacp_system_mac, zero, 6) ? c->lacp_system_mac
									   : sw->base_mac,
				       mac));
	}
	json_end_object(j);
}

static void json_moves(const struct sw *sw, struct json *j)
{
	GPtrArray *mv = sw_moves_sorted(sw);
	char mac[18];

	json_begin_array(j, "macs");
	for (guint i = 0; i < mv->len; i++) {
		const struct sw_mac_moves *r = g_ptr_array_index(mv, i);

		json_begin_object(j, NULL);
		json_string(j, "mac", mac_format(r->mac, mac));
		json_int(j, "vlan", r->vlan);
		json_int(j, "moves", (int64_t)r->total);
		json_int(j, "log_lines", (int64_t)r->log_lines);
		json_begin_array(j, "pairs");
		for (guint k = 0; k < r->pairs->len; k++) {
			const struct sw_move_pair *mp = &SW_MOVE_PAIR(r, k);

			json_begin_object(j, NULL);
			json_string(j, "from", mp->from->name);
			json_string(j, "to", mp->to->name);
			json_int(j, "moves", (int64_t)mp->count);
			json_end_object(j);
		}
		json_end_array(j);
		json_end_object(j);
	}
	json_end_array(j);
	g_ptr_array_unref(mv);
}

static void json_log(const struct sw *sw, struct json *j)
{
	char t[32];

	json_begin_array(j, "log");
	for (guint i = 0; i < sw->log.lines->len; i++) {
		const struct sim_log_line *l = &SW_LOG_LINE(sw, i);

		json_begin_object(j, NULL);
		json_int(j, "time_ns", l->at);
		json_string(j, "time", sim_time_format_sec(l->at, t, sizeof(t)));
		json_string(j, "text", l->text);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_ports(const struct sw *sw, struct json *j)
{
	char mac[18];

	json_begin_array(j, "ports");
	for (guint i = 0; i < sw->ports->len; i++) {
		const struct sw_port *p = g_ptr_array_index(sw->ports, i);
		struct sw_tx tx;

		json_begin_object(j, NULL);
		json_string(j, "name", p->nic->dev.name);
		json_string(j, "mac", mac_format(p->nic->dev.mac, mac));
		if (p->lag)	/* every port has the key: a consumer need not test for it */
			json_string(j, "lag", p->lag->name);
		else
			json_null(j, "lag");
		json_string(j, "state", sw_report_port_state(p));
		json_int(j, "rx_frames", (int64_t)p->rx_frames);
		json_int(j, "rx_bytes", (int64_t)p->rx_bytes);
		sw_port_tx(p, &tx);
		json_int(j, "tx_frames", (int64_t)tx.frames);
		json_int(j, "tx_bytes", (int64_t)tx.bytes);
		json_int(j, "flooded", (int64_t)tx.flooded);
		json_int(j, "moves_in", (int64_t)p->own.moves_in);
		json_int(j, "moves_out", (int64_t)p->own.moves_out);
		json_int(j, "drops", (int64_t)sw_report_port_drops(p));
		if (nic_hdx_counters(p->nic))
			hdx_counters_json(nic_hdx_counters(p->nic), j);
		if (sw_vlan_configured(sw))
			sw_vlan_json(&p->own, j);
		sw_stp_json(&p->own, j);
		json_begin_object(j, "drop_reasons");
		for (int k = 0; k < sw_port_drop_reasons_count; k++) {
			enum drop_reason d = sw_port_drop_reasons[k];

			if (sw_port_drop_reason_shown(p, d))
				json_int(j, drop_reason_names[d], (int64_t)p->nic->dev.drops[d]);
		}
		json_end_object(j);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_port_names(struct json *j, const char *key, const GPtrArray *ports)
{
	json_begin_array(j, key);
	for (guint k = 0; k < ports->len; k++)
		json_string(j, NULL, sw_report_member_name(ports, k));
	json_end_array(j);
}

static void json_lacp_info(struct json *j, const char *key, const struct lacp_info *i)
{
	char mac[18];

	json_begin_object(j, key);
	json_int(j, "system_priority", i->system_priority);
	json_string(j, "system", mac_format(i->system, mac));
	json_int(j, "key", i->key);
	json_int(j, "port_priority", i->port_priority);
	json_int(j, "port", i->port);
	json_int(j, "state", i->state);
	json_end_object(j);
}

static void json_lacp(const struct sw_lag *lag, struct json *j)
{
	const struct lacp_system *sys = &lag->lacp->sys;
	char mac[18];

	json_int(j, "key", lag->key);
	if (lag->mlag_id)
		json_int(j, "mlag_id", lag->mlag_id);
	json_int(j, "system_priority", sys->system_priority);
	json_string(j, "system", mac_format(sys->system, mac));
	json_bool(j, "suspend_individual", lag->suspend_individual);
	if (lag->max_bundle != SW_LACP_MAX_BUNDLE)
		json_int(j, "max_bundle", lag->max_bundle);
	if (lag->min_links != 1)
		json_int(j, "min_links", lag->min_links);
	json_int(j, "up_at_ns", lag->first_up);
	json_begin_array(j, "lacp_members");
	for (guint k = 0; k < lag->members->len; k++) {
		const struct sw_port *p = g_ptr_array_index(lag->members, k);
		const struct sw_lacp_member *m = p->lacp;
		struct lacp_info actor;

		actor.system_priority = sys->system_priority;
		memcpy(actor.system, sys->system, 6);
		actor.key = m->port.actor_oper_port_key;
		actor.port_priority = m->port.actor_port_priority;
		actor.port = m->port.actor_port_number;
		actor.state = m->port.actor_oper_port_state;
		json_begin_object(j, NULL);
		json_string(j, "port", p->nic->dev.name);
		json_string(j, "mode", sw_channel_mode_name(p->mode));
		json_string(j, "rate", m->fast ? "fast" : "normal");
		json_string(j, "state", sw_member_state_name(sw_port_member_state(p)));
		json_int(j, "bundled_at_ns", m->first_bundled);
		json_int(j, "bundles", (int64_t)m->bundles);
		json_int(j, "lacpdu_rx", (int64_t)m->port.lacpdu_rx);
		json_int(j, "lacpdu_tx", (int64_t)m->lacpdu_tx);
		json_string(j, "rx_machine", lacp_rxm_name(m->port.rxm));
		json_string(j, "mux_machine", lacp_mux_name(m->port.mux));
		json_lacp_info(j, "actor", &actor);
		json_lacp_info(j, "partner", &m->port.partner_oper);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_lags(const struct sw *sw, struct json *j)
{
	json_begin_array(j, "lags");
	for (guint i = 0; i < sw->lags->len; i++) {
		const struct sw_lag *lag = g_ptr_array_index(sw->lags, i);
		struct sw_tx tx;

		json_begin_object(j, NULL);
		json_string(j, "name", lag->name);
		json_string(j, "mode", lag->lacp ? "lacp" : "on");
		json_string(j, "hash", sw_lag_hash_name(lag->hash));
		json_string(j, "state", lag->up ? "up" : "down");
		json_port_names(j, "members", lag->members);
		json_port_names(j, "distributing", lag->map);
		json_int(j, "rx_frames", (int64_t)lag->rx_frames);
		json_int(j, "rx_bytes", (int64_t)lag->rx_bytes);
		sw_lag_tx(lag, &tx);
		json_int(j, "tx_frames", (int64_t)tx.frames);
		json_int(j, "tx_bytes", (int64_t)tx.bytes);
		json_int(j, "flooded", (int64_t)tx.flooded);
		json_int(j, "moves_in", (int64_t)lag->bport.moves_in);
		json_int(j, "moves_out", (int64_t)lag->bport.moves_out);
		if (sw_vlan_configured(sw))
			sw_vlan_json(&lag->bport, j);
		sw_stp_json(&lag->bport, j);
		if (lag->lacp)
			json_lacp(lag, j);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_fdb(const struct sw *sw, struct json *j)
{
	GPtrArray *fdb = sw_fdb_sorted(sw);
	char mac[18];
	uint8_t addr[6];

	json_begin_array(j, "fdb");
	for (guint i = 0; i < fdb->len; i++) {
		const struct sw_fdb_entry *e = g_ptr_array_index(fdb, i);

		sw_fdb_entry_mac(e, addr);
		json_begin_object(j, NULL);
		json_int(j, "vlan", sw_fdb_entry_vlan(e));
		json_string(j, "mac", mac_format(addr, mac));
		json_string(j, "type", "dynamic");
		json_string(j, "port", e->bport->name);
		json_int(j, "age_ns", sw->sim->now - e->last_seen);
		json_end_object(j);
	}
	json_end_array(j);
	g_ptr_array_unref(fdb);
}

static void json_show(struct json *j, sim_time_t at, const char *command, const char *text)
{
	json_begin_object(j, NULL);
	json_int(j, "time_ns", at);
	json_string(j, "command", command);
	json_string(j, "text", text);
	json_end_object(j);
}

/* Typed during the run, then at the end for a switch with LACP (and MLAG);
 * nothing otherwise. */
static void json_shows(const struct sw *sw, struct json *j)
{
	static const struct {
		const char *command;
		void (*show)(const struct sw *sw, GString *out);
	} at_end[] = {
		{ "show interfaces status", sw_show_interfaces_status },	/* speed/duplex set */
		{ "show etherchannel summary", sw_show_etherchannel_summary },	/* LACP */
		{ "show lacp neighbor", sw_show_lacp_neighbor },
		{ "show vpc brief", sw_show_vpc_brief },	/* MLAG switches only */
	};
	bool phy = sw_speed_duplex_matter(sw);

	if (!sw->shows->len && !sw_has_lacp(sw) && !phy)
		return;
	json_begin_array(j, "shows");
	for (guint i = 0; i < sw->shows->len; i++) {
		const struct sw_show *sh = g_ptr_array_index(sw->shows, i);

		json_show(j, sh->at, sh->command, sh->text);
	}
	for (guint k = 0; k < G_N_ELEMENTS(at_end); k++) {
		GString *s;

		if (at_end[k].show == sw_show_interfaces_status ? !phy :
		    !sw_has_lacp(sw) || (at_end[k].show == sw_show_vpc_brief && !sw->mlag))
			continue;
		s = g_string_new(NULL);
		at_end[k].show(sw, s);
		json_show(j, sw->sim->now, at_end[k].command, s->str);
		g_string_free(s, TRUE);
	}
	json_end_array(j);
}

void sw_report_json(const struct sw *sw, struct json *j)
{
	struct sw_totals t = sw_report_totals(sw);

	json_string(j, "name", sw->name);
	json_config(sw, j);
	json_int(j, "mac_moves", (int64_t)sw->mac_moves);
	json_int(j, "flap_log_lines", (int64_t)sw->flap_log_lines);
	json_int(j, "flap_log_suppressed", (int64_t)sw->flap_log_suppressed);
	json_int(j, "fdb_entries", sw_fdb_count(sw));
	json_int(j, "flooded", (int64_t)sw->flooded);
	json_int(j, "errdisabled_ports", (int64_t)t.errdisabled);
	json_int(j, "errdisable_events", (int64_t)sw->errdisable_events);
	json_int(j, "rx_frames", (int64_t)t.rx);
	json_int(j, "tx_frames", (int64_t)t.tx);
	json_int(j, "drops", (int64_t)t.drops);
	if (sw->mlag) {
		const struct sw_mlag *ml = sw->mlag;
		int me = ml->sw[0] == sw ? 0 : 1;
		char mac[18];

		json_begin_object(j, "mlag");
		json_string(j, "name", ml->name);
		json_string(j, "peer", ml->sw[1 - me]->name);
		json_string(j, "peer_link", ml->peer_link[me] ? ml->peer_link[me]->name : "");
		json_int(j, "system_priority", ml->system_priority);
		json_string(j, "system", mac_format(ml->system, mac));
		json_int(j, "synced", (int64_t)ml->synced[me]);
		json_int(j, "kept_off", (int64_t)ml->kept_off[me]);
		json_string(j, "role", ml->elected == me ? "primary" : "secondary");
		json_string(j, "operational_role", ml->oper == me ? "primary" : "secondary");
		json_int(j, "role_priority", ml->role_priority[me]);
		json_bool(j, "keepalive", ml->keepalive[me]);
		json_int(j, "keepalive_interval_ns", ml->ka_interval);
		json_int(j, "keepalive_timeout_ns", ml->ka_timeout);
		json_int(j, "hold_timeout_ns", ml->hold_timeout);
		json_int(j, "delay_restore_orphan_ns", ml->delay_restore_orphan);
		json_int(j, "keepalive_last_heard_ns", sw_mlag_ka_last_heard(ml, me));	/* -1: never */
		json_bool(j, "suspended", ml->held[me]);
		json_int(j, "suspends", (int64_t)ml->suspends[me]);
		json_int(j, "reload_holds", (int64_t)ml->holds[me]);
		json_int(j, "auto_recoveries", (int64_t)ml->recoveries[me]);
		json_bool(j, "dual_active", ml->dual_active);
		json_int(j, "dual_actives", (int64_t)ml->dual_actives);
		json_end_object(j);
	}
	json_moves(sw, j);
	json_log(sw, j);
	json_ports(sw, j);
	json_lags(sw, j);
	json_fdb(sw, j);
	json_shows(sw, j);
	if (sw->running_config)
		json_string(j, "running_config", sw->running_config);
}
