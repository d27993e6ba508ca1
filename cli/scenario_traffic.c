/*
 * scenario_traffic.c - [flow]: what is sent (the faults are in scenario_faults.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "loader.h"
#include "lacp/lacp.h"

/* ---- [flow NAME] ---------------------------------------------------------- */

static gboolean resolve_dst(struct loader *L, int line, const char *to, struct host **dst,
			    uint32_t *ip, GError **error)
{
	struct world_host *h = world_find_host(L->w, to);
	struct in_addr a;

	if (h) {
		*dst = h->host;
		*ip = host_primary_ip(h->host);
		if (!*ip)
			return scn_fail(error, L, line,
					"host %s has no IP address to send to: give it one, e.g. 'ip = 10.0.0.2/24' in [host %s]",
					to, to);
		return TRUE;
	}
	if (inet_pton(AF_INET, to, &a) == 1) {
		*ip = ntohl(a.s_addr);
		*dst = NULL;
		for (guint i = 0; i < L->w->hosts->len && !*dst; i++) {
			struct world_host *x = g_ptr_array_index(L->w->hosts, i);

			if (host_has_ip(x->host, *ip))
				*dst = x->host;
		}
		return TRUE;
	}
	return scn_fail(error, L, line,
			"'%s' is neither a host nor an IPv4 address: write a host's name or an address such as 10.0.0.2",
			to);
}

static gboolean fail_no_host(struct loader *L, int line, const char *name, GError **error)
{
	GPtrArray *names = g_ptr_array_new();
	gboolean r;

	for (guint i = 0; i < L->w->hosts->len; i++)
		g_ptr_array_add(names, ((struct world_host *)g_ptr_array_index(L->w->hosts, i))->name);
	g_ptr_array_add(names, NULL);
	r = scn_fail_choice(error, L, line, "host", name, (const char *const *)names->pdata);
	g_ptr_array_free(names, TRUE);
	return r;
}

/*
 * A key of another flow type is a mix-up ("interval" on a udp flow would
 * silently be ignored): say which keys this type takes.
 */
static const struct flow_type {
	const char *type;
	const char *keys;		/* besides type, from, to, start, stop */
	const char *what;
} flow_types[] = {
	{ "udp", "rate, size, sport, dport, jitter", "a udp flow is paced by rate and size" },
	{ "ping", "interval, count, size", "a ping sends one request per interval" },
	{ "tcp", "bytes, direction, sport, dport", "a tcp flow is a bulk transfer" },
	{ "tcp_rr", "request, response, think, sport, dport",
	  "a tcp_rr flow is requests and responses" },
};

static gboolean check_flow_keys(struct loader *L, struct ini_section *s, const char *type,
				GError **error)
{
	static const char *const common[] = { "type", "from", "to", "start", "stop", NULL };
	const struct flow_type *t = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(flow_types); i++)
		if (strcmp(flow_types[i].type, type) == 0)
			t = &flow_types[i];
	g_assert(t);
	for (guint i = 0; i < s->entries->len; i++) {
		const struct ini_entry *e = g_ptr_array_index(s->entries, i);
		char **mine;
		gboolean ok;

		if (g_strv_contains(common, e->key))
			continue;
		mine = g_strsplit(t->keys, ", ", -1);
		ok = g_strv_contains((const char *const *)mine, e->key);
		g_strfreev(mine);
		if (ok)
			continue;
		for (size_t k = 0; k < G_N_ELEMENTS(flow_types); k++) {
			char **other = g_strsplit(flow_types[k].keys, ", ", -1);
			gboolean theirs = g_strv_contains((const char *const *)other, e->key);

			g_strfreev(other);
			if (theirs)
				return scn_fail(error, L, e->line,
						"%s applies to %s flows, not to %s: %s (%s keys: type, from, to, start, stop, %s)",
						e->key, flow_types[k].type, type, t->what, type,
						t->keys);
		}
	}
	return TRUE;
}

/* Nothing is scheduled after the end of the run, be it the scenario's or --duration's. */
static gboolean check_start(struct loader *L, struct ini_section *s, const struct ini_entry *e,
			    sim_time_t start, GError **error)
{
	char t[32], d[32];

	if (start < L->w->duration)
		return TRUE;
	sim_time_format(L->w->duration, d, sizeof(d));
	if (!L->opt->duration)
		return scn_fail(error, L, e->line,
				"flow %s starts at %s, when the run is over (duration %s): start it earlier or raise [sim] duration",
				s->name, e->value, d);
	sim_time_format(MAX(start, scn_last_scheduled(L)), t, sizeof(t));
	return scn_fail(error, L, e->line,
			"flow %s starts at %s, when the run is over (--duration %s): give a --duration above %s (the file's last fault or flow start), or none",
			s->name, e->value, d, t);
}

const char *const scn_flow_keys[] = { "type", "from", "to", "rate", "size", "start",
	"stop", "sport", "dport", "interval", "count", "jitter", "bytes", "direction",
	"request", "response", "think", NULL };

/*
 * A balance-alb bond carries frames before it opens (see "The phase
 * model"), but its receive table starts at the open (rlb_initialize()), as
 * on a real host, where nothing crosses a bond before ifup.  So a peer that
 * resolved the bond's address earlier learnt the bond's own MAC and stays
 * on that one slave: warned once per bond, at the first flow that starts
 * before the open on a host at either end.
 */
static void warn_alb_early_flow(struct loader *L, struct ini_section *s, int line,
				sim_time_t start, const struct world_host *src, const struct host *dst)
{
	for (guint i = 0; i < L->w->bond_ctx->len; i++) {
		struct world_bond *c = g_ptr_array_index(L->w->bond_ctx, i);
		const struct world_host *h = world_find_host(L->w, c->host);
		char at[32], st[32];

		if (c->bond->params.mode != BOND_MODE_ALB || c->warned_early_flow ||
		    c->open_at <= start || !h || (h != src && h->host != dst))
			continue;
		c->warned_early_flow = true;
		scn_warn(L, NULL, line, "flow %s starts at %s, before %s.%s (balance-alb) opens at "
			 "%s (%s): the ARP exchanged before the open escapes its receive load "
			 "balancing, so that peer keeps the bond's MAC (one slave) until it "
			 "resolves the address again; start the flow at %s or later, or pin "
			 "'open_at %s = 0s' in [host %s]", s->name,
			 sim_time_format(start, st, sizeof(st)), c->host, c->bond->dev.name,
			 sim_time_format(c->open_at, at, sizeof(at)),
			 c->open_pinned ? "pinned by open_at" : "drawn from the seed", at,
			 c->bond->dev.name, c->host);
	}
}

gboolean scn_load_flow(struct loader *L, struct ini_section *s, GError **error)
{
	static const char *const types[] = { "udp", "ping", "tcp", "tcp_rr", NULL };
	struct ini_entry *e, *from, *to;
	const char *type;
	struct world_host *src;
	struct host *dst = NULL;
	uint32_t dst_ip = 0;
	sim_time_t start = 0, stop = L->w->duration;
	uint64_t v;

	if (!*s->name)
		return scn_fail(error, L, s->line, "a flow needs a name: [flow web]");
	if (!scn_name_ok(L, s->line, "flow", s->name, error))
		return FALSE;
	for (guint i = 0; i < L->w->flows->len; i++)
		if (!strcmp(((struct flow *)g_ptr_array_index(L->w->flows, i))->cfg.name, s->name))
			return scn_fail(error, L, s->line,
					"flow %s defined twice: give each [flow] a name of its own", s->name);
	for (guint i = 0; i < L->w->pings->len; i++)
		if (!strcmp(((struct ping *)g_ptr_array_index(L->w->pings, i))->cfg.name, s->name))
			return scn_fail(error, L, s->line,
					"flow %s defined twice: give each [flow] a name of its own", s->name);
	for (guint i = 0; i < L->w->tcp_flows->len; i++)
		if (!strcmp(((struct tcp_flow *)g_ptr_array_index(L->w->tcp_flows, i))->cfg.name,
			    s->name))
			return scn_fail(error, L, s->line,
					"flow %s defined twice: give each [flow] a name of its own", s->name);
	for (guint i = 0; i < s->entries->len; i++) {
		e = g_ptr_array_index(s->entries, i);
		if (!e->key)
			return scn_fail(error, L, e->line,
					"'%s' in [flow %s]: expected 'key = value', e.g. rate = 10M",
					e->value, s->name);
		if (!g_strv_contains(scn_flow_keys, e->key))
			return scn_fail_choice(error, L, e->line, "key in [flow]", e->key,
					       scn_flow_keys);
	}
	e = ini_get(s, "type");
	type = e ? e->value : "udp";
	if (!g_strv_contains(types, type))
		return scn_fail_choice(error, L, e->line, "flow type", type, types);
	if (!check_flow_keys(L, s, type, error))
		return FALSE;
	from = ini_get(s, "from");
	to = ini_get(s, "to");
	if (!from || !to)
		return scn_fail(error, L, s->line, "flow %s needs 'from = HOST' and 'to = HOST'", s->name);
	src = world_find_host(L->w, from->value);
	if (!src)
		return fail_no_host(L, from->line, from->value, error);
	if (!resolve_dst(L, to->line, to->value, &dst, &dst_ip, error))
		return FALSE;
	if (host_has_ip(src->host, dst_ip))
		return scn_fail(error, L, to->line,
			    "flow %s goes from %s to itself: bondsim has no loopback device; send to another host",
			    s->name, src->name);
	if ((e = ini_get(s, "start")) &&
	    (!scn_parse_time(L, e, e->value, &start, error) || !check_start(L, s, e, start, error)))
		return FALSE;
	struct ini_entry *stop_e = ini_get(s, "stop");
	if (stop_e && !scn_parse_time(L, stop_e, stop_e->value, &stop, error))
		return FALSE;
	if (stop_e && stop <= start) {
		char t[32];

		return scn_fail(error, L, stop_e->line,
				"flow %s stops at %s, before it starts (%s): stop must come after start",
				s->name, stop_e->value, sim_time_format(start, t, sizeof(t)));
	}
	e = ini_get(s, "start");
	warn_alb_early_flow(L, s, e ? e->line : s->line, start, src, dst);
	if (g_str_has_prefix(type, "tcp")) {
		if (!dst)
			return scn_fail(error, L, to->line,
					"no host in the scenario has address %s: a tcp flow needs a server; write a host's name or one of its addresses",
					to->value);
		return scn_load_tcp_flow(L, s, src->host, dst, dst_ip, start, stop, error);
	}
	if (strcmp(type, "udp") == 0) {
		struct flow_config c = { 0 };

		if (!dst)
			return scn_fail(error, L, to->line,
					"no host in the scenario has address %s: a udp flow needs a receiver; write a host's name or one of its addresses",
					to->value);
		c.name = s->name;
		c.id = ++L->next_flow_id;
		c.src = src->host;
		c.dst = dst;
		c.dst_ip = dst_ip;
		c.sport = (uint16_t)(10000 + c.id);
		c.dport = (uint16_t)(5000 + c.id);
		c.rate_bps = 10000000;
		c.payload = 1472;
		c.start = start;
		c.stop = stop;
		if ((e = ini_get(s, "rate"))) {
			GError *inner = NULL;

			if (!sim_rate_parse(e->value, &c.rate_bps, &inner))
				return scn_fail_at(error, L, e->line, inner);
		}
		if ((e = ini_get(s, "size"))) {
			if (!scn_parse_uint(L, e->line, "size", e->value, 65507, &v, error))
				return FALSE;
			if (v > 1472)
				return scn_fail(error, L, e->line,
					    "size %s: UDP payload above 1472 bytes needs IP fragments, which bondsim does not model yet",
					    e->value);
			c.payload = (uint32_t)v;
		}
		/* port 0 is no port: Linux sends to it no datagram (EINVAL), nor from it */
		if ((e = ini_get(s, "sport"))) {
			if (!scn_parse_uint_range(L, e->line, "sport", e->value, 1, 65535, &v, error))
				return FALSE;
			c.sport = (uint16_t)v;
		}
		if ((e = ini_get(s, "dport"))) {
			if (!scn_parse_uint_range(L, e->line, "dport", e->value, 1, 65535, &v, error))
				return FALSE;
			c.dport = (uint16_t)v;
		}
		if ((e = ini_get(s, "jitter"))) {
			if (!scn_parse_time(L, e, e->value, &c.jitter, error))
				return FALSE;
			/* less than one packet interval, or packets would swap */
			if (!flow_config_jitter_ok(&c)) {
				char t[32];
				sim_time_t gap = (sim_time_t)(flow_packet_bits(c.payload) * SIM_S / c.rate_bps);

				return scn_fail(error, L, e->line,
						"jitter %s is not less than one packet interval of flow %s (%s at this rate and size): use a smaller jitter",
						e->value, s->name, sim_time_format(gap, t, sizeof(t)));
			}
		}
		/* more than one packet per ns, or more sequence numbers than a
		 * receiver counts, is no network: refuse it here */
		uint64_t pkts = flow_config_packets(&c, c.stop - c.start);
		if (flow_packet_bits(c.payload) * SIM_S < c.rate_bps)
			return scn_fail(error, L, s->line,
				    "flow %s: more than one packet per nanosecond; lower the rate",
				    s->name);
		if (pkts >= UINT32_MAX)
			return scn_fail(error, L, s->line,
				    "flow %s would send more than %u packets: shorten it or lower the rate",
				    s->name, UINT32_MAX - 1);
		struct flow *f = flow_udp_new(L->w->sim, &c);
		if (!f)
			return scn_fail(error, L, s->line,
					"flow %s: port %u already in use on the receiver: give the flow a dport of its own",
					s->name, c.dport);
		g_ptr_array_add(L->w->flows, f);
	} else {
		struct ping_config c = { 0 };

		c.name = s->name;
		c.id = ++L->next_flow_id;
		c.src = src->host;
		c.dst_ip = dst_ip;
		c.interval = SIM_S;
		c.size = 56;
		c.start = start;
		c.stop = stop;
		if ((e = ini_get(s, "interval")) && !scn_parse_time(L, e, e->value, &c.interval, error))
			return FALSE;
		if (c.interval <= 0)
			return scn_fail(error, L, e->line,
					"interval %s: a ping needs time between requests; write more than 0, e.g. interval = 100ms",
					e->value);
		if ((c.stop - c.start) / c.interval >= UINT32_MAX)
			return scn_fail(error, L, e ? e->line : s->line,
				    "ping %s would send more than %u requests: raise the interval",
				    s->name, UINT32_MAX - 1);
		if ((e = ini_get(s, "count"))) {
			if (!scn_parse_uint(L, e->line, "count", e->value, 100000000, &v, error))
				return FALSE;
			c.count = (uint32_t)v;
		}
		if ((e = ini_get(s, "size"))) {
			if (!scn_parse_uint(L, e->line, "size", e->value, 1472, &v, error))
				return FALSE;
			c.size = (uint32_t)v;
		}
		g_ptr_array_add(L->w->pings, ping_new(L->w->sim, &c));
	}
	return TRUE;
}
