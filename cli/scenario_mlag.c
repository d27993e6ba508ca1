/*
 * scenario_mlag.c - [mlag NAME]: two switches as one LACP partner.
 *
 * DOC: [mlag NAME] makes two switches one MLAG domain (sw_mlag.c):
 *
 *   switches = sw1 sw2
 *   peer_link = Po10                  (or sw1.Po10 sw2.Po20)
 *   system_priority = 32768           (optional, the domain's LACP system)
 *   system_mac = 02:00:00:00:aa:01    (optional)
 *   peer_keepalive = on               (off: a lost peer link is dual-active;
 *                                      "TIME keepalive NAME down|up [from SW]")
 *   delay_restore = 30s               (the secondary's wait, peer link back, 1s-3600s)
 *   role_priority = 100 200           (per switch; lower is primary, default
 *                                      32667 each: the lower switch MAC wins)
 *   auto_recovery = on                (a held switch brings its channels up
 *                                      once the keepalive has timed out)
 *   keepalive_interval = 1s           (NX-OS's peer-keepalive interval, 400ms-10s)
 *   keepalive_timeout = 5s            (lost this long after the last heard, 3s-20s)
 *   hold_timeout = 3s                 (after a peer-link loss, no action on the
 *                                      keepalive for this long, 3s-10s)
 *   delay_restore_orphan = 0s         (orphan ports' wait once the peer link is
 *                                      back: "delay restore orphan-port", 0-300s)
 *   auto_recovery_reload_delay = 240s (a switch back from a reload that sees no
 *                                      peer this long comes up alone: "auto-recovery
 *                                      reload-delay", 240s-3600s; refused with
 *                                      auto_recovery = off, whose delay it is)
 *
 * and the port-channels marked mlag=N on its switches present one LACP
 * partner.  A port-channel marked mlag= (or a port with orphan_port_suspend)
 * on a switch in no domain is refused.  A domain pasted in the switches'
 * configs ("vpc domain N", "mlag configuration") needs no section:
 * scenario_mlag_paste.c pairs those, after the sections.
 */
#include <errno.h>
#include <string.h>

#include "loader.h"
#include "switch/sw_ios.h"

static struct world_switch *mlag_switch(struct loader *L, int line, const char *name,
					 GError **error)
{
	struct world_switch *ws = world_find_switch(L->w, name);
	GPtrArray *names;

	if (ws)
		return ws;
	names = g_ptr_array_new();
	for (guint i = 0; i < L->w->switches->len; i++)
		g_ptr_array_add(names, ((struct world_switch *)g_ptr_array_index(L->w->switches, i))->name);
	g_ptr_array_add(names, NULL);
	scn_fail_choice(error, L, line, "switch in [mlag]", name, (const char *const *)names->pdata);
	g_ptr_array_free(names, TRUE);
	return NULL;
}

/* "peer_link = Po10" (both switches) or "peer_link = sw1.Po10 sw2.Po20" */
static gboolean mlag_peer_link(struct loader *L, const struct ini_entry *e, struct sw_mlag *m,
			       struct world_switch *ws[2], GError **error)
{
	char **words = g_strsplit_set(e->value, " \t,", -1);
	GPtrArray *names = g_ptr_array_new();
	GError *inner = NULL;
	gboolean ok = TRUE;

	for (char **wp = words; *wp; wp++)
		if (**wp)
			g_ptr_array_add(names, *wp);
	if (names->len == 1 && !strchr(g_ptr_array_index(names, 0), '.')) {
		for (int i = 0; ok && i < 2; i++)
			if (!sw_mlag_set_peer_link(m, ws[i]->sw, g_ptr_array_index(names, 0), &inner))
				ok = scn_fail_at(error, L, e->line, inner);
	} else if (names->len == 2) {
		for (int i = 0; ok && i < 2; i++) {
			const char *w = g_ptr_array_index(names, i);
			const char *dot = strchr(w, '.');
			int k = -1;

			for (int j = 0; dot && j < 2; j++)
				if (strlen(ws[j]->name) == (size_t)(dot - w) &&
				    strncmp(ws[j]->name, w, dot - w) == 0)
					k = j;
			if (k < 0)
				ok = scn_fail(error, L, e->line,
					      "peer_link %s: write SWITCH.PORT with a switch of this domain (%s, %s), e.g. peer_link = %s.Po10 %s.Po10",
					      w, ws[0]->name, ws[1]->name, ws[0]->name, ws[1]->name);
			else if (!sw_mlag_set_peer_link(m, ws[k]->sw, dot + 1, &inner))
				ok = scn_fail_at(error, L, e->line, inner);
		}
	} else {
		ok = scn_fail(error, L, e->line,
			      "peer_link = %s: name the port or port-channel joining the two switches: 'peer_link = Po10', or one per switch: 'peer_link = %s.Po10 %s.Po20'",
			      e->value, ws[0]->name, ws[1]->name);
	}
	g_ptr_array_free(names, TRUE);
	g_strfreev(words);
	return ok;
}

const char *const scn_mlag_keys[] = { "switches", "peer_link", "system_priority",
	"system_mac", "peer_keepalive", "delay_restore", "role_priority", "auto_recovery",
	"keepalive_interval", "keepalive_timeout", "hold_timeout", "delay_restore_orphan",
	"auto_recovery_reload_delay", NULL };

/* NX-OS's vPC timers (sw_mlag.c has where each is documented): key, range, default. */
static const struct mlag_timer {
	const char *key, *what;
	sim_time_t min, max, def;
} mlag_timers[] = {
	{ "keepalive_interval", "NX-OS's peer-keepalive interval", SW_MLAG_MIN_KEEPALIVE_INTERVAL,
	  SW_MLAG_MAX_KEEPALIVE_INTERVAL, SW_MLAG_DEFAULT_KEEPALIVE_INTERVAL },
	{ "keepalive_timeout", "NX-OS's peer-keepalive timeout", SW_MLAG_MIN_KEEPALIVE_TIMEOUT,
	  SW_MLAG_MAX_KEEPALIVE_TIMEOUT, SW_MLAG_DEFAULT_KEEPALIVE_TIMEOUT },
	{ "hold_timeout", "NX-OS's peer-keepalive hold-timeout", SW_MLAG_MIN_HOLD_TIMEOUT,
	  SW_MLAG_MAX_HOLD_TIMEOUT, SW_MLAG_DEFAULT_HOLD_TIMEOUT },
	{ "delay_restore_orphan", "NX-OS's delay restore orphan-port", 0,
	  SW_MLAG_MAX_DELAY_RESTORE_ORPHAN, 0 },
	/* NX-OS's "delay restore" 1-3600 s */
	{ "delay_restore", "NX-OS's delay restore", SIM_S, 3600 * SIM_S,
	  SW_MLAG_DEFAULT_DELAY_RESTORE },
	{ "auto_recovery_reload_delay", "NX-OS's auto-recovery reload-delay",
	  SW_MLAG_MIN_RELOAD_DELAY, SW_MLAG_MAX_RELOAD_DELAY, SW_MLAG_DEFAULT_RELOAD_DELAY },
};

/* One of mlag_timers[] into @out[k], refused outside its range. */
static gboolean mlag_timer(struct loader *L, const struct ini_entry *e, sim_time_t out[6],
			   GError **error)
{
	for (guint k = 0; k < G_N_ELEMENTS(mlag_timers); k++) {
		const struct mlag_timer *t = &mlag_timers[k];
		char lo[32], hi[32], def[32];
		sim_time_t v;

		if (strcmp(e->key, t->key) != 0)
			continue;
		if (!scn_parse_time(L, e, e->value, &v, error))
			return FALSE;
		if (v < t->min || v > t->max)
			return scn_fail(error, L, e->line,
					"%s = %s: from %s to %s (%s; default %s)", t->key, e->value,
					sim_time_format(t->min, lo, sizeof(lo)),
					sim_time_format(t->max, hi, sizeof(hi)), t->what,
					sim_time_format(t->def, def, sizeof(def)));
		out[k] = v;
	}
	return TRUE;
}

/* "role_priority = 100 200": one per switch, in the order of 'switches'. */
static gboolean mlag_role_priority(struct loader *L, const struct ini_entry *e, uint16_t prio[2],
				   GError **error)
{
	g_auto(GStrv) w = g_strsplit_set(e->value, " \t,", -1);
	guint n = 0;

	for (char **p = w; *p; p++) {
		char *end;
		guint64 v;

		if (!**p)
			continue;
		errno = 0;
		v = g_ascii_strtoull(*p, &end, 10);
		if (n == 2 || !g_ascii_isdigit(**p) || *end || errno || v < 1 || v > 65535)
			return scn_fail(error, L, e->line,
					"role_priority = %s: two whole numbers from 1 to 65535, one per "
					"switch in the order of 'switches' (default 32667 each; the lower "
					"is the primary, the lower switch MAC on a tie), e.g. "
					"'role_priority = 100 200'", e->value);
		prio[n++] = (uint16_t)v;
	}
	if (n != 2)
		return scn_fail(error, L, e->line,
				"role_priority = %s: two numbers, one per switch in the order of "
				"'switches', e.g. 'role_priority = 100 200'", e->value);
	return TRUE;
}

gboolean scn_load_mlag(struct loader *L, struct ini_section *s, GError **error)
{
	struct ini_entry *sws = ini_get(s, "switches"), *pl = ini_get(s, "peer_link");
	struct world_switch *ws[2];
	struct sw_mlag *m;
	GError *inner = NULL;
	uint16_t prio = SW_DEFAULT_LACP_SYSTEM_PRIORITY;
	uint8_t mac[6];
	bool have_mac = false, keepalive = true, auto_recovery = true;
	uint16_t role_prio[2] = { SW_MLAG_DEFAULT_ROLE_PRIORITY, SW_MLAG_DEFAULT_ROLE_PRIORITY };
	sim_time_t timers[6] = { SW_MLAG_DEFAULT_KEEPALIVE_INTERVAL,
		SW_MLAG_DEFAULT_KEEPALIVE_TIMEOUT, SW_MLAG_DEFAULT_HOLD_TIMEOUT, 0,
		SW_MLAG_DEFAULT_DELAY_RESTORE, SW_MLAG_DEFAULT_RELOAD_DELAY };
	const struct ini_entry *reload_delay = ini_get(s, "auto_recovery_reload_delay");
	char **names;
	guint n = 0;

	if (!*s->name)
		return scn_fail(error, L, s->line, "an MLAG domain needs a name: [mlag pair1]");
	if (!scn_name_ok(L, s->line, "MLAG domain", s->name, error))
		return FALSE;
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);

		if (!e->key)
			return scn_fail(error, L, e->line,
					"'%s' in [mlag %s]: expected 'key = value', e.g. switches = sw1 sw2",
					e->value, s->name);
		if (!g_strv_contains(scn_mlag_keys, e->key))
			return scn_fail_choice(error, L, e->line, "key in [mlag]", e->key,
					       scn_mlag_keys);
		if (strcmp(e->key, "system_priority") == 0 &&
		    !scn_parse_lacp_prio(L, e->line, "system_priority", e->value, &prio, error))
			return FALSE;
		if (strcmp(e->key, "system_mac") == 0) {
			if (!scn_check_mac(L, e, mac, error))
				return FALSE;
			have_mac = true;
		}
		if (strcmp(e->key, "peer_keepalive") == 0 || strcmp(e->key, "auto_recovery") == 0) {
			static const char *const on_off_words[] = { "on", "off", NULL };

			if (!g_strv_contains(on_off_words, e->value))
				return scn_fail_choice(error, L, e->line, e->key, e->value,
						       on_off_words);
			*(e->key[0] == 'p' ? &keepalive : &auto_recovery) =
				strcmp(e->value, "on") == 0;
		}
		if (strcmp(e->key, "role_priority") == 0 &&
		    !mlag_role_priority(L, e, role_prio, error))
			return FALSE;
		if (!mlag_timer(L, e, timers, error))
			return FALSE;
	}
	/* NX-OS has one command for both: a reload-delay is auto-recovery's */
	if (reload_delay && !auto_recovery)
		return scn_fail(error, L, reload_delay->line,
				"auto_recovery_reload_delay = %s with auto_recovery = off: the delay is "
				"auto-recovery's (NX-OS's 'auto-recovery reload-delay S'); drop it, or "
				"set auto_recovery = on", reload_delay->value);
	if (!sws || !pl)
		return scn_fail(error, L, s->line,
				"[mlag %s] needs 'switches = SW1 SW2' and 'peer_link = PORT' (the port or port-channel that joins them)",
				s->name);
	names = g_strsplit_set(sws->value, " \t,", -1);
	for (char **wp = names; *wp; wp++) {
		if (!**wp)
			continue;
		if (n == 2) {
			g_strfreev(names);
			return scn_fail(error, L, sws->line,
					"switches = %s: an MLAG domain is two switches", sws->value);
		}
		ws[n] = mlag_switch(L, sws->line, *wp, error);
		if (!ws[n++]) {
			g_strfreev(names);
			return FALSE;
		}
	}
	g_strfreev(names);
	if (n != 2)
		return scn_fail(error, L, sws->line,
				"switches = %s: an MLAG domain is two switches", sws->value);
	m = sw_mlag_new(s->name, ws[0]->sw, ws[1]->sw, &inner);
	if (!m)
		return scn_fail_at(error, L, sws->line, inner);
	sw_mlag_set_system(m, prio, have_mac ? mac : NULL);
	sw_mlag_set_keepalive(m, keepalive, timers[4]);
	sw_mlag_set_roles(m, role_prio[0], role_prio[1], auto_recovery);
	sw_mlag_set_timers(m, timers[0], timers[1], timers[2], timers[3]);
	sw_mlag_set_reload_delay(m, timers[5]);
	if (!mlag_peer_link(L, pl, m, ws, error))
		return FALSE;
	if (!sw_mlag_finish(m, &inner))
		return scn_fail_at(error, L, s->line, inner);
	return TRUE;
}

/* After every [mlag]: a port-channel marked mlag= on a switch in no domain. */
gboolean scn_check_mlag(struct loader *L, GError **error)
{
	for (guint i = 0; i < L->ini->sections->len; i++) {
		struct ini_section *s = g_ptr_array_index(L->ini->sections, i);
		struct world_switch *ws;

		if (strcmp(s->kind, "switch") != 0)
			continue;
		ws = world_find_switch(L->w, s->name);
		for (guint k = 0; ws && ws->ios && !sw_mlag_of(ws->sw) && k < ws->ios->ifs->len; k++) {
			const struct sw_ios_if *po = g_ptr_array_index(ws->ios->ifs, k);

			if (!po->is_po && po->orphan_suspend) {
				g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
					    "%s:%d: vpc orphan-port suspend: %s is in no MLAG domain: "
					    "add [mlag NAME] with 'switches = %s OTHER' and 'peer_link = "
					    "PORT' (or paste the domain: vpc domain N, mlag configuration), "
					    "or drop the line",
					    ws->ios->file, po->orphan_line, s->name, s->name);
				return FALSE;
			}
			if (po->is_po && po->mlag) {
				g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
					    "%s:%d: Port-channel%s has mlag %u but %s is in no MLAG domain: add [mlag NAME] with 'switches = %s OTHER' and 'peer_link = PORT' (or paste the domain: vpc domain N, mlag configuration), or drop mlag",
					    ws->ios->file, po->mlag_line, po->name + 2, po->mlag,
					    s->name, s->name);
				return FALSE;
			}
		}
		for (guint k = 0; ws && !sw_mlag_of(ws->sw) && k < s->entries->len; k++) {
			struct ini_entry *e = g_ptr_array_index(s->entries, k);
			const char *lagname = e->key + 4;
			struct sw_lag *lag;

			if (g_str_has_prefix(e->key, "orphan_port_suspend ") &&
			    strcmp(e->value, "on") == 0)
				return scn_fail(error, L, e->line,
						"orphan_port_suspend: %s is in no MLAG domain, and the "
						"ports suspend with its MLAG channels: add [mlag NAME], or "
						"drop the line", s->name);
			if (strncmp(e->key, "lag ", 4) != 0)
				continue;
			while (*lagname == ' ')
				lagname++;
			lag = sw_find_lag(ws->sw, lagname);
			if (lag && sw_lag_mlag_id(lag))
				return scn_fail(error, L, e->line,
						"%s has mlag=%u but %s is in no MLAG domain: add [mlag NAME] with 'switches = %s OTHER' and 'peer_link = PORT', or drop mlag=",
						lagname, sw_lag_mlag_id(lag), s->name, s->name);
		}
	}
	return TRUE;
}
