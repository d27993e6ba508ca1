/*
 * scenario_switch.c - [switch NAME]: ports, port-channels and their LACP.
 *
 * DOC: The section reads like a switch's configuration, in its order:
 * switch-wide settings (aging, mac_flap, lacp_system_priority, ...), then
 * the ports, then the port-channels, then what is set per member port.
 *
 *   lag Po1 = Gi0/1 Gi0/2 mode=active hash=src-dst-ip suspend_individual=off mlag=1
 *             max_bundle=2 min_links=2
 *   lacp_rate Gi0/1-2 = fast          ("lacp rate fast" on those interfaces)
 *   lacp_port_priority Gi0/2 = 100    ("lacp port-priority 100")
 *   vlan Gi0/3-4 = access 10           (scenario_switch_vlan.c, after the lag lines)
 *
 * A lag line's mode= ("channel-group N mode ...") applies to the members
 * written after it; members written before the first mode= take that
 * first one, so "lag Po1 = Gi0/1 Gi0/2 mode=on" reads as it always has,
 * and "lag Po1 = mode=active Gi0/1 mode=passive Gi0/2" gives each member
 * its own.  No mode at all is on.  A mode= with no member after it (but
 * the first) would apply to nothing and is refused, as is mixing on with
 * active or passive in one channel (IOS refuses that too).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "switch/sw_ios.h"

/* Expand one word of a port list: "Gi0/1-8" -> Gi0/1 ... Gi0/8, "Te1/1" -> Te1/1. */
static gboolean port_word(struct loader *L, int line, const char *word, GPtrArray *names,
			  GError **error)
{
	const char *dash = strrchr(word, '-'), *p;
	long lo, hi;

	/* a range: the digits before '-' and the number after it */
	if (!(dash && dash > word && g_ascii_isdigit(dash[-1]) && g_ascii_isdigit(dash[1]))) {
		g_ptr_array_add(names, g_strdup(word));
		return TRUE;
	}
	p = dash;
	while (p > word && g_ascii_isdigit(p[-1]))
		p--;
	lo = strtol(p, NULL, 10);
	hi = strtol(dash + 1, NULL, 10);
	if (hi < lo || hi - lo > 4096)
		return scn_fail(error, L, line,
				"bad port range '%s': write FIRST-LAST, LAST not below FIRST and at most 4096 ports, e.g. Gi0/1-24",
				word);
	for (long n = lo; n <= hi; n++)
		g_ptr_array_add(names, g_strdup_printf("%.*s%ld", (int)(p - word), word, n));
	return TRUE;
}

/* Every port named in @text (spaces or commas between words), ranges expanded. */
GPtrArray *scn_switch_port_list(struct loader *L, int line, const char *text, GError **error)
{
	char **words = g_strsplit_set(text, " \t,", -1);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	gboolean ok = TRUE;

	for (char **wp = words; *wp && ok; wp++)
		if (**wp)
			ok = port_word(L, line, *wp, names, error);
	g_strfreev(words);
	if (!ok) {
		g_ptr_array_unref(names);
		return NULL;
	}
	return names;
}

static gboolean add_ports(struct loader *L, struct world_switch *ws, const struct ini_entry *e,
			  GError **error)
{
	GPtrArray *names = scn_switch_port_list(L, e->line, e->value, error);
	gboolean ok = names != NULL;

	/* "ports =" is the same mistake as no ports line, not a switch without ports */
	if (ok && !names->len)
		ok = scn_fail(error, L, e->line, "switch %s has no ports: 'ports' lists none "
			      "(write ports = Gi0/1-8)", ws->name);
	for (guint i = 0; ok && i < names->len; i++) {
		const char *name = g_ptr_array_index(names, i);

		if (strlen(name) >= NETDEV_NAME_MAX)
			ok = scn_fail(error, L, e->line,
				      "port name %s is longer than %d characters: shorten it, e.g. Gi0/1 or Te1/0/1",
				      name, NETDEV_NAME_MAX - 1);
		else if (!sw_add_port(ws->sw, name))
			ok = scn_fail(error, L, e->line,
				      "port %s defined twice: name each port once in 'ports'", name);
	}
	if (names)
		g_ptr_array_unref(names);
	return ok;
}

/* "on" / "off" for a lag line's switches. */
static gboolean on_off(struct loader *L, int line, const char *key, const char *v, bool *out,
		       GError **error)
{
	if (strcmp(v, "on") == 0 || strcmp(v, "off") == 0) {
		*out = strcmp(v, "on") == 0;
		return TRUE;
	}
	return scn_fail(error, L, line, "%s=%s: write %s=on or %s=off", key, v, key, key);
}

/* A member and the mode it joins in, while a lag line is read. */
struct lag_line {
	struct loader *L;
	struct world_switch *ws;
	struct sw_lag *lag;
	int line;
	GPtrArray *waiting;		/* ports named before the first mode= */
	bool have_mode;
	enum sw_channel_mode mode;
	int modes, after_mode, members;
	char *last_mode;		/* the last mode= word */
	bool suspend_set, suspend;
	int max_bundle;			/* max_bundle=, 0 when not given */
	int min_links;			/* min_links=, 0 when not given */
	GHashTable *options;		/* hash=, mlag=, suspend_individual= so far */
};

static gboolean join(struct lag_line *ll, struct nic *port, enum sw_channel_mode mode,
		     GError **error)
{
	GError *inner = NULL;

	if (!sw_lag_add_port_mode(ll->lag, port, mode, &inner))
		return scn_fail_at(error, ll->L, ll->line, inner);
	return TRUE;
}

static gboolean lag_word(struct lag_line *ll, const char *w, GError **error)
{
	struct loader *L = ll->L;
	GError *inner = NULL;
	GPtrArray *names;
	gboolean ok;

	if (g_str_has_prefix(w, "mode=")) {
		if (!sw_channel_mode_parse(w + 5, &ll->mode, &inner))
			return scn_fail_at(error, L, ll->line, inner);
		if (!ll->have_mode)
			for (guint i = 0; i < ll->waiting->len; i++)
				if (!join(ll, g_ptr_array_index(ll->waiting, i), ll->mode, error))
					return FALSE;
		ll->have_mode = true;
		ll->modes++;
		ll->after_mode = 0;
		g_free(ll->last_mode);
		ll->last_mode = g_strdup(w);
		return TRUE;
	}
	/* mode= comes again on purpose: it applies to the members after it */
	if (strchr(w, '=') && !scn_option_once(L, ll->line, ll->options, w, error))
		return FALSE;
	if (g_str_has_prefix(w, "hash=")) {
		enum sw_lag_hash h;

		if (!sw_lag_hash_parse(w + 5, &h, &inner))
			return scn_fail_at(error, L, ll->line, inner);
		sw_lag_set_hash(ll->lag, h);
		return TRUE;
	}
	if (g_str_has_prefix(w, "mlag=")) {
		char *end;
		guint64 id = g_ascii_strtoull(w + 5, &end, 10);

		if (!g_ascii_isdigit(w[5]) || *end || id < 1 || id > 65535)
			return scn_fail(error, L, ll->line,
					"%s: an MLAG id is a whole number from 1 to 65535, the same on both switches of the domain",
					w);
		if (!sw_lag_set_mlag(ll->lag, (uint16_t)id, &inner))
			return scn_fail_at(error, L, ll->line, inner);
		return TRUE;
	}
	if (g_str_has_prefix(w, "max_bundle=") || g_str_has_prefix(w, "min_links=")) {
		bool max = g_str_has_prefix(w, "max_bundle=");
		uint64_t v;

		if (!scn_parse_uint_range(L, ll->line, max ? "max_bundle (lacp max-bundle)" :
					  "min_links (port-channel min-links)", strchr(w, '=') + 1, 1,
					  SW_LACP_MAX_BUNDLE, &v, error))
			return FALSE;
		*(max ? &ll->max_bundle : &ll->min_links) = (int)v;
		return TRUE;
	}
	if (g_str_has_prefix(w, "suspend_individual=")) {
		ll->suspend_set = true;
		return on_off(L, ll->line, "suspend_individual", w + 19, &ll->suspend, error);
	}
	names = g_ptr_array_new_with_free_func(g_free);
	ok = port_word(L, ll->line, w, names, error);
	for (guint i = 0; ok && i < names->len; i++) {
		const char *name = g_ptr_array_index(names, i);
		struct nic *port = sw_find_port(ll->ws->sw, name);

		if (!port) {
			ok = scn_fail_no_port(error, L, ll->line, ll->ws->sw, name);
			break;
		}
		ll->members++;
		ll->after_mode++;
		if (!ll->have_mode)
			g_ptr_array_add(ll->waiting, port);
		else
			ok = join(ll, port, ll->mode, error);
	}
	g_ptr_array_unref(names);
	return ok;
}

/* "lag Po1 = Gi0/1 Gi0/2 mode=active ..." */
static gboolean load_lag(struct loader *L, struct world_switch *ws, const struct ini_entry *e,
			 GError **error)
{
	const char *lagname = e->key + 4;
	struct lag_line ll = { .L = L, .ws = ws, .line = e->line };
	GError *inner = NULL;
	char **words;
	gboolean ok = TRUE;

	while (*lagname == ' ')
		lagname++;
	ll.lag = sw_add_lag(ws->sw, lagname, &inner);
	if (!ll.lag)
		return scn_fail_at(error, L, e->line, inner);
	ll.waiting = g_ptr_array_new();
	ll.options = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	words = g_strsplit_set(e->value, " \t,", -1);
	for (char **wp = words; *wp && ok; wp++)
		if (**wp)
			ok = lag_word(&ll, *wp, error);
	/* no mode at all: static, "channel-group N mode on" */
	for (guint i = 0; ok && !ll.have_mode && i < ll.waiting->len; i++)
		ok = join(&ll, g_ptr_array_index(ll.waiting, i), SW_CHANNEL_ON, error);
	g_ptr_array_unref(ll.waiting);
	g_hash_table_destroy(ll.options);
	g_strfreev(words);
	if (ok && ll.modes > 1 && !ll.after_mode)
		ok = scn_fail(error, L, e->line,
			      "%s comes after the last member of %s: a mode applies to the members written after it; move it before them",
			      ll.last_mode, lagname);
	g_free(ll.last_mode);
	if (!ok)
		return FALSE;
	/* a port-channel without members forwards nothing: a list lost in an edit */
	if (!ll.members)
		return scn_fail(error, L, e->line,
				"port-channel %s has no member ports: list them, e.g. 'lag %s = Gi0/1 Gi0/2'",
				lagname, lagname);
	if (ll.suspend_set && !sw_lag_is_lacp(ll.lag))
		return scn_fail(error, L, e->line,
				"suspend_individual applies to LACP port-channels and %s is static (mode on): give its members mode=active or mode=passive, or drop it",
				lagname);
	if (ll.suspend_set)
		sw_lag_set_suspend_individual(ll.lag, ll.suspend);
	if (ll.max_bundle && !sw_lag_is_lacp(ll.lag))
		return scn_fail(error, L, e->line,
				"max_bundle applies to LACP port-channels and %s is static (mode on): give its members mode=active or mode=passive, or drop it",
				lagname);
	if (ll.max_bundle)
		sw_lag_set_max_bundle(ll.lag, (unsigned)ll.max_bundle);
	if (ll.min_links && !sw_lag_is_lacp(ll.lag))
		return scn_fail(error, L, e->line,
				"min_links applies to LACP port-channels and %s is static (mode on): give its members mode=active or mode=passive, or drop it",
				lagname);
	if (ll.min_links > (int)sw_lag_max_bundle(ll.lag))
		return scn_fail(error, L, e->line,
				"min_links=%d is more than max_bundle=%u on %s: the channel could never come up",
				ll.min_links, sw_lag_max_bundle(ll.lag), lagname);
	if (ll.min_links)
		sw_lag_set_min_links(ll.lag, (unsigned)ll.min_links);
	return TRUE;
}

/* 1 to 65535, as IOS takes "lacp system-priority" and "lacp port-priority". */
gboolean scn_parse_lacp_prio(struct loader *L, int line, const char *what, const char *text,
				uint16_t *out, GError **error)
{
	char *end;
	guint64 v;

	errno = 0;
	v = g_ascii_strtoull(text, &end, 10);
	if (!g_ascii_isdigit(text[0]) || *end || errno || v < 1 || v > 65535)
		return scn_fail(error, L, line,
				"%s '%s': a priority is a whole number from 1 to 65535 (default 32768; lower wins)",
				what, text);
	*out = (uint16_t)v;
	return TRUE;
}

/*
 * "speed Gi0/1 = 100", "duplex Gi0/1 = full": IOS's speed and duplex, the
 * same words (autoneg.h says what the cable makes of them).  Takes @names.
 */
gboolean scn_parse_port_phy(struct loader *L, int line, const char *what, const char *value,
			    uint64_t *speed_bps, enum autoneg_duplex *duplex, GError **error)
{
	static const char *const speeds[] = { "10", "100", "1000", "10000", "auto", NULL };
	static const char *const duplexes[] = { "full", "half", "auto", NULL };
	bool speed = what[0] == 's';
	char mbps[32];
	const char *hint = speed ? autoneg_mbps_hint(value, mbps, sizeof(mbps)) : NULL;

	if (hint)
		return scn_fail(error, L, line,
				"speed '%s': a port's speed is in Mb/s, as IOS writes it: write %s; valid: 10, 100, 1000, 10000, auto",
				value, hint);
	if (!g_strv_contains(speed ? speeds : duplexes, value))
		return scn_fail_choice(error, L, line, what, value, speed ? speeds : duplexes);
	if (speed)
		*speed_bps = strcmp(value, "auto") ? g_ascii_strtoull(value, NULL, 10) * 1000000 : 0;
	else
		*duplex = !strcmp(value, "full") ? AUTONEG_DUPLEX_FULL :
			  !strcmp(value, "half") ? AUTONEG_DUPLEX_HALF : AUTONEG_DUPLEX_ANY;
	return TRUE;
}

static gboolean load_speed_duplex(struct loader *L, struct world_switch *ws,
				  const struct ini_entry *e, const char *what, GPtrArray *names,
				  GError **error)
{
	uint64_t new_bps = 0;
	enum autoneg_duplex new_dx = AUTONEG_DUPLEX_ANY;
	gboolean ok = scn_parse_port_phy(L, e->line, what, e->value, &new_bps, &new_dx, error);

	for (guint i = 0; ok && i < names->len; i++) {
		const char *name = g_ptr_array_index(names, i);
		struct nic *port = sw_find_port(ws->sw, name);
		uint64_t bps;
		enum autoneg_duplex dx;

		if (!port) {
			ok = scn_fail_no_port(error, L, e->line, ws->sw, name);
			break;
		}
		sw_port_speed_duplex(ws->sw, port, &bps, &dx);
		if (what[0] == 's')
			bps = new_bps;
		else
			dx = new_dx;
		if (bps == 1000000000ULL && dx == AUTONEG_DUPLEX_HALF) {
			ok = scn_fail(error, L, e->line, "%s %s: " AUTONEG_IOS_REFUSED_1000HALF,
				      ws->name, name);
			break;
		}
		sw_port_set_speed_duplex(ws->sw, port, bps, dx);
	}
	g_ptr_array_unref(names);
	return ok;
}

/*
 * "spanning_tree = on", "forward_delay = 15s": 802.1D's range of the
 * delay, which IOS's "spanning-tree vlan N forward-time" takes in seconds.
 */
static gboolean scn_parse_forward_delay(struct loader *L, int line, const char *text, sim_time_t *out,
				 GError **error)
{
	sim_time_t t;
	GError *inner = NULL;

	if (!sim_time_parse(text, &t, &inner))
		return scn_fail_at(error, L, line, inner);
	if (t < SW_FORWARD_DELAY_MIN || t > SW_FORWARD_DELAY_MAX)
		return scn_fail(error, L, line,
				"forward_delay %s: IEEE 802.1D allows 4s to 30s (IOS: spanning-tree vlan 1 forward-time 4-30); the default is 15s",
				text);
	*out = t;
	return TRUE;
}

/*
 * "portfast Gi0/1-2 = on": a port or port-channel that forwards as soon as
 * it comes up, as with "spanning-tree portfast".  Takes @names.
 */
static gboolean load_portfast(struct loader *L, struct world_switch *ws, const struct ini_entry *e,
			      GPtrArray *names, GError **error)
{
	static const char *const on_off[] = { "on", "off", NULL };
	gboolean ok = TRUE;

	if (!g_strv_contains(on_off, e->value))
		ok = scn_fail_choice(error, L, e->line, "portfast", e->value, on_off);
	for (guint i = 0; ok && i < names->len; i++) {
		const char *name = g_ptr_array_index(names, i);

		/* a port or a port-channel: sw_set_portfast() finds either */
		if (!sw_set_portfast(ws->sw, name, strcmp(e->value, "on") == 0, NULL))
			ok = scn_fail_no_port(error, L, e->line, ws->sw, name);
	}
	if (ok && !sw_stp_on(ws->sw))
		scn_warn(L, NULL, e->line,
			 "portfast: switch %s runs no spanning tree (spanning_tree = on to model it): every port forwards at once, and the key changes nothing",
			 ws->name);
	g_ptr_array_unref(names);
	return ok;
}

/* "lacp_rate Gi0/1-2 = fast", "lacp_port_priority Gi0/2 = 100": after the lag lines. */
static gboolean load_port_key(struct loader *L, struct world_switch *ws, const struct ini_entry *e,
			      GError **error)
{
	static const char *const rates[] = { "normal", "fast", NULL };
	static const char *const on_off[] = { "on", "off", NULL };
	bool rate = g_str_has_prefix(e->key, "lacp_rate ");
	bool orphan = g_str_has_prefix(e->key, "orphan_port_suspend ");
	bool phy = g_str_has_prefix(e->key, "speed ") || g_str_has_prefix(e->key, "duplex ");
	bool fast = g_str_has_prefix(e->key, "portfast ");
	const char *what = rate ? "lacp_rate" : orphan ? "orphan_port_suspend" :
			   phy ? (e->key[0] == 's' ? "speed" : "duplex") :
			   fast ? "portfast" : "lacp_port_priority";
	GPtrArray *names = scn_switch_port_list(L, e->line, e->key + strlen(what) + 1, error);
	GError *inner = NULL;
	uint16_t prio = 0;
	gboolean ok = names != NULL;

	if (ok && !names->len)
		ok = scn_fail(error, L, e->line, "%s names no port: write '%s Gi0/1-2 = %s'", what,
			      what, rate ? "fast" : orphan || fast ? "on" :
			      phy && what[0] == 'd' ? "full" : "100");
	if (ok && phy)
		return load_speed_duplex(L, ws, e, what, names, error);
	if (ok && g_str_has_prefix(e->key, "portfast "))
		return load_portfast(L, ws, e, names, error);
	if (ok && rate && !g_strv_contains(rates, e->value))
		ok = scn_fail_choice(error, L, e->line, "lacp_rate", e->value, rates);
	if (ok && orphan && !g_strv_contains(on_off, e->value))
		ok = scn_fail_choice(error, L, e->line, "orphan_port_suspend", e->value, on_off);
	if (ok && !rate && !orphan)
		ok = scn_parse_lacp_prio(L, e->line, what, e->value, &prio, error);
	for (guint i = 0; ok && i < names->len; i++) {
		const char *name = g_ptr_array_index(names, i);
		struct nic *port = sw_find_port(ws->sw, name);

		if (!port)
			ok = scn_fail_no_port(error, L, e->line, ws->sw, name);
		else if (orphan)
			sw_port_set_orphan_suspend(ws->sw, port, strcmp(e->value, "on") == 0);
		else if (rate ? !sw_port_set_lacp_rate(ws->sw, port, strcmp(e->value, "fast") == 0,
						       &inner)
			      : !sw_port_set_lacp_port_priority(ws->sw, port, prio, &inner))
			ok = scn_fail_at(error, L, e->line, inner);
	}
	if (names)
		g_ptr_array_unref(names);
	return ok;
}

static bool is_port_key(const char *key)
{
	return g_str_has_prefix(key, "lacp_rate ") || g_str_has_prefix(key, "lacp_port_priority ") ||
	       g_str_has_prefix(key, "orphan_port_suspend ") || g_str_has_prefix(key, "speed ") ||
	       g_str_has_prefix(key, "duplex ") || g_str_has_prefix(key, "portfast ");
}

static bool is_vlan_key(const char *key)
{
	return g_str_has_prefix(key, "vlan ");
}

const char *const scn_switch_keys[] = { "config", "ports", "aging", "mac_flap", "flap_moves",
	"flap_window", "flap_log_interval", "errdisable_recovery", "lag_hash",
	"txqueuelen", "storm", "lacp_system_priority", "lacp_system_mac", "lag <name>",
	"lacp_rate <ports>", "lacp_port_priority <ports>", "orphan_port_suspend <ports>",
	"speed <ports>", "duplex <ports>", "vlan <ports>", "spanning_tree", "forward_delay",
	"portfast <ports>", NULL };

/* The vlan lines, once the port-channels exist: a port named twice is refused. */
static gboolean load_vlans(struct loader *L, struct world_switch *ws, const struct ini_section *s,
			   GError **error)
{
	g_autoptr(GHashTable) said = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	for (guint i = 0; i < s->entries->len; i++) {
		const struct ini_entry *e = g_ptr_array_index(s->entries, i);

		if (is_vlan_key(e->key) && !scn_load_switch_vlan(L, ws, e, said, error))
			return FALSE;
	}
	return TRUE;
}

/* The switch-wide keys, into @cfg. */
static gboolean load_setting(struct loader *L, const struct ini_entry *e, struct sw_config *cfg,
			     GError **error)
{
	GError *inner = NULL;
	uint64_t v;

	if (strcmp(e->key, "aging") == 0)
		return scn_parse_time(L, e, e->value, &cfg->aging, error);
	if (strcmp(e->key, "mac_flap") == 0) {
		if (!sw_flap_action_parse(e->value, &cfg->mac_flap, &inner))
			return scn_fail_at(error, L, e->line, inner);
	} else if (strcmp(e->key, "flap_moves") == 0) {
		if (!scn_parse_uint_low(L, e->line, "flap_moves", e->value, 1, 1000000, &v, error))
			return FALSE;
		if (v < 1)
			return scn_fail(error, L, e->line,
					"flap_moves 0: a MAC flap takes at least 1 move; write 1 to 1000000");
		cfg->flap_moves = (uint32_t)v;
	} else if (strcmp(e->key, "flap_window") == 0) {
		return scn_parse_time(L, e, e->value, &cfg->flap_window, error);
	} else if (strcmp(e->key, "flap_log_interval") == 0) {
		return scn_parse_time(L, e, e->value, &cfg->flap_log_interval, error);
	} else if (strcmp(e->key, "errdisable_recovery") == 0) {
		return scn_parse_time(L, e, e->value, &cfg->errdisable_recovery, error);
	} else if (strcmp(e->key, "lag_hash") == 0) {
		if (!sw_lag_hash_parse(e->value, &cfg->lag_hash, &inner))
			return scn_fail_at(error, L, e->line, inner);
	} else if (strcmp(e->key, "txqueuelen") == 0) {
		if (!scn_parse_uint_low(L, e->line, "txqueuelen", e->value, 1, 1000000, &v, error))
			return FALSE;
		if (v < 1)
			return scn_fail(error, L, e->line, "txqueuelen must be at least 1 frame");
		cfg->txqueuelen = (uint32_t)v;
	} else if (strcmp(e->key, "storm") == 0) {
		if (!sw_storm_action_parse(e->value, &cfg->storm, &inner))
			return scn_fail_at(error, L, e->line, inner);
	} else if (strcmp(e->key, "lacp_system_priority") == 0) {
		return scn_parse_lacp_prio(L, e->line, "lacp_system_priority", e->value,
				       &cfg->lacp_system_priority, error);
	} else if (strcmp(e->key, "lacp_system_mac") == 0) {
		return scn_check_mac(L, e, cfg->lacp_system_mac, error);
	} else if (strcmp(e->key, "spanning_tree") == 0) {
		static const char *const on_off[] = { "on", "off", NULL };

		if (!g_strv_contains(on_off, e->value))
			return scn_fail_choice(error, L, e->line, "spanning_tree", e->value, on_off);
		cfg->stp = strcmp(e->value, "on") == 0;
	} else if (strcmp(e->key, "forward_delay") == 0) {
		return scn_parse_forward_delay(L, e->line, e->value, &cfg->forward_delay, error);
	} else if (strcmp(e->key, "ports") != 0 && strncmp(e->key, "lag ", 4) != 0 &&
		   !is_port_key(e->key) && !is_vlan_key(e->key) && strcmp(e->key, "config") != 0) {
		return scn_fail_choice(error, L, e->line, "key in [switch]", e->key, scn_switch_keys);
	}
	return TRUE;
}

/*
 * With "config = ...", the keys its commands cover are written there, in
 * IOS syntax (one way to say each thing); the ones IOS has no command for
 * (txqueuelen, storm, flap_moves, flap_window, flap_log_interval,
 * lacp_system_mac) stay keys.
 */
static gboolean check_config_keys(struct loader *L, const struct ini_section *s,
				  const struct ini_entry *config, GError **error)
{
	static const char *const covered[][2] = {
		{ "ports", "interface GigabitEthernet0/1 (each interface is a port, Gi0/1)" },
		{ "aging", "mac address-table aging-time 300" },
		{ "mac_flap", "errdisable detect cause mac-flap" },
		{ "errdisable_recovery", "errdisable recovery cause mac-flap / errdisable recovery interval 30" },
		{ "lag_hash", "port-channel load-balance src-dst-ip" },
		{ "lacp_system_priority", "lacp system-priority 100" },
		{ "lag", "channel-group 1 mode active under the member interfaces" },
		{ "lacp_rate", "lacp rate fast under the member interfaces" },
		{ "lacp_port_priority", "lacp port-priority 100 under the member interfaces" },
		{ "speed", "speed 100 under the interface" },
		{ "duplex", "duplex full under the interface" },
		{ "vlan", "switchport access vlan 10, or switchport mode trunk, under the interface" },
		{ "forward_delay", "spanning-tree vlan 1 forward-time 15" },
		{ "portfast", "spanning-tree portfast under the interface" },
	};

	for (guint i = 0; i < s->entries->len; i++) {
		const struct ini_entry *e = g_ptr_array_index(s->entries, i);

		for (guint k = 0; e->key && k < G_N_ELEMENTS(covered); k++) {
			size_t n = strlen(covered[k][0]);

			if (strncmp(e->key, covered[k][0], n) == 0 && (!e->key[n] || e->key[n] == ' ')) {
				g_autofree char *where = scn_line_text(L, config->line);

				return scn_fail(error, L, e->line,
						"%s: switch %s is configured by 'config' (%s); say it there in IOS syntax: %s",
						e->key, s->name, where, covered[k][1]);
			}
		}
	}
	return TRUE;
}

/*
 * A duplex on a port whose speed is auto: Catalyst IOS takes the line and
 * does not act on it ("Duplex will not be set until speed is set to
 * non-auto value"); the port keeps negotiating.  Said once per port list.
 */
static void warn_duplex_unset(struct loader *L, struct world_switch *ws, const char *file,
			      int line, const char *ports)
{
	g_autoptr(GPtrArray) names = scn_switch_port_list(L, line, ports, NULL);

	for (guint i = 0; names && i < names->len; i++) {
		struct nic *port = sw_find_port(ws->sw, g_ptr_array_index(names, i));
		uint64_t bps;
		enum autoneg_duplex dx;

		if (!port)
			continue;
		sw_port_speed_duplex(ws->sw, port, &bps, &dx);
		if (!bps && dx != AUTONEG_DUPLEX_ANY) {
			scn_warn(L, file, line,
				 "%s %s: duplex %s with speed auto: IOS does not set it (\"Duplex will not be set until speed is set to non-auto value\"); the port negotiates speed and duplex",
				 ws->name, port->dev.name, dx == AUTONEG_DUPLEX_FULL ? "full" : "half");
			return;
		}
	}
}

/* "config = @sw1.cfg" or inline: the switch in IOS syntax (models/switch/sw_ios.c). */
static struct sw_ios *load_config(struct loader *L, const struct ini_entry *e, GError **error)
{
	char *file = NULL;
	int first = 0;
	char *text = scn_entry_text(L, e, &file, &first, error);
	struct sw_ios *c;

	if (!text)
		return NULL;
	if (!text[strspn(text, " \t\r\n")]) {
		scn_fail(error, L, e->line,
			 "config is empty: indent the switch's IOS lines under 'config =', or write 'config = @FILE'");
		g_free(text);
		g_free(file);
		return NULL;
	}
	c = sw_ios_parse(text, file, first, error);
	g_free(text);
	g_free(file);
	return c;
}

static struct world_switch *add_switch(struct loader *L, const char *name,
				       const struct sw_config *cfg)
{
	struct world_switch *ws = g_new0(struct world_switch, 1);

	ws->name = g_strdup(name);
	ws->sw = sw_new(L->w->sim, name, cfg);
	g_ptr_array_add(L->w->switches, ws);
	g_hash_table_insert(L->w->switch_names, ws->name, ws);
	return ws;
}

/*
 * The keys left (txqueuelen, storm, flap_*, lacp_system_mac), then the
 * config on top.  Takes @ios: the switch keeps it (scn_check_mlag() reads
 * its lines), or it is freed here when no switch is made.
 */
static gboolean load_ios_switch(struct loader *L, struct ini_section *s, struct sw_config *cfg,
				struct sw_ios *ios, GError **error)
{
	struct world_switch *ws;

	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);
		gboolean ok = e->key != NULL;

		if (!ok)
			scn_fail(error, L, e->line,
				 "'%s' in [switch %s]: expected 'key = value'; IOS commands go in 'config ='",
				 e->value, s->name);
		else
			ok = load_setting(L, e, cfg, error);
		if (!ok) {
			sw_ios_free(ios);
			return FALSE;
		}
	}
	sw_ios_config(ios, cfg);
	ws = add_switch(L, s->name, cfg);
	ws->ios = ios;
	if (!sw_ios_apply(ios, ws->sw, error))
		return FALSE;
	for (guint k = 0; k < ios->notes->len; k++) {
		const struct sw_ios_note *note = g_ptr_array_index(ios->notes, k);

		scn_warn(L, ios->file, note->line, "%s: %s", ws->name, note->text);
	}
	for (guint k = 0, said = 0; k < ios->ifs->len; k++) {
		const struct sw_ios_if *i = g_ptr_array_index(ios->ifs, k);

		/* an interface range is one line: one warning */
		if (!i->is_po && i->duplex != AUTONEG_DUPLEX_ANY && !i->speed_bps &&
		    (guint)i->duplex_line != said) {
			warn_duplex_unset(L, ws, ios->file, i->duplex_line, i->name);
			said = (guint)i->duplex_line;
		}
	}
	return TRUE;
}

gboolean scn_load_switch(struct loader *L, struct ini_section *s, GError **error)
{
	struct ini_entry *config = ini_get(s, "config");
	struct sw_ios *ios = NULL;
	struct sw_config cfg;
	struct world_switch *ws;
	struct ini_entry *ports;

	if (!*s->name)
		return scn_fail(error, L, s->line, "a switch needs a name: [switch sw1]");
	if (!scn_node_name_ok(L, s->line, "switch", s->name, error))
		return FALSE;
	if (world_find_host(L->w, s->name))
		return scn_fail(error, L, s->line,
				"'%s' is already a host: give the switch a name of its own", s->name);
	if (world_find_switch(L->w, s->name))
		return scn_fail(error, L, s->line,
				"switch %s defined twice: give each [switch] a name of its own",
				s->name);
	sw_config_init(&cfg);
	if (config) {
		if (!check_config_keys(L, s, config, error))
			return FALSE;
		ios = load_config(L, config, error);
		if (!ios)
			return FALSE;
		return load_ios_switch(L, s, &cfg, ios, error);
	}
	/* First the switch-wide settings, then ports, then LAGs, then their members' LACP. */
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);

		if (!e->key)
			return scn_fail(error, L, e->line,
					"'%s' in [switch %s]: expected 'key = value', e.g. ports = Gi0/1-8",
					e->value, s->name);
		if (!load_setting(L, e, &cfg, error))
			return FALSE;
	}
	ws = add_switch(L, s->name, &cfg);

	ports = ini_get(s, "ports");
	if (!ports)
		return scn_fail(error, L, s->line, "switch %s has no ports (write ports = Gi0/1-8)",
			    s->name);
	if (!add_ports(L, ws, ports, error))
		return FALSE;
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);

		if (strncmp(e->key, "lag ", 4) == 0 && !load_lag(L, ws, e, error))
			return FALSE;
	}
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);

		if (is_port_key(e->key) && !load_port_key(L, ws, e, error))
			return FALSE;
	}
	if (!load_vlans(L, ws, s, error))
		return FALSE;
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);

		if (g_str_has_prefix(e->key, "duplex ") && strcmp(e->value, "auto"))
			warn_duplex_unset(L, ws, NULL, e->line, e->key + 7);
	}
	return TRUE;
}
