/*
 * scenario_tcp.c - a host's TCP sysctls in [host NAME].
 *
 *   tcp_reordering = 30             net.ipv4.tcp_reordering (also written
 *   net.ipv4.tcp_reordering = 30    with its sysctl prefix)
 *
 * One table names every sysctl bondsim models, its range and its kernel
 * default, so parsing, the error's list of valid keys and the README agree.
 */
#include <string.h>
#include "loader.h"
#include "tcp/tcp.h"

enum sysctl_kind { SYSCTL_UINT, SYSCTL_BOOL, SYSCTL_MS, SYSCTL_NS, SYSCTL_CC };

static const struct tcp_sysctl {
	const char *name;
	enum sysctl_kind kind;
	uint64_t min, max;
	size_t off;
} sysctls[] = {
	{ "tcp_reordering", SYSCTL_UINT, 1, 300, offsetof(struct tcp_params, reordering) },
	{ "tcp_max_reordering", SYSCTL_UINT, 1, 1024, offsetof(struct tcp_params, max_reordering) },
	{ "tcp_sack", SYSCTL_BOOL, 0, 1, offsetof(struct tcp_params, sack) },
	{ "tcp_dsack", SYSCTL_BOOL, 0, 1, offsetof(struct tcp_params, dsack) },
	{ "tcp_timestamps", SYSCTL_BOOL, 0, 1, offsetof(struct tcp_params, timestamps) },
	{ "tcp_window_scaling", SYSCTL_BOOL, 0, 1, offsetof(struct tcp_params, window_scaling) },
	{ "tcp_recovery", SYSCTL_UINT, 0, 7, offsetof(struct tcp_params, recovery) },
	{ "tcp_congestion_control", SYSCTL_CC, 0, 0, offsetof(struct tcp_params, congestion_control) },
	{ "tcp_rmem_max", SYSCTL_UINT, 4096, 1u << 30, offsetof(struct tcp_params, rmem_max) },
	{ "tcp_wmem_max", SYSCTL_UINT, 4096, 1u << 30, offsetof(struct tcp_params, wmem_max) },
	{ "tcp_init_cwnd", SYSCTL_UINT, 1, 1000, offsetof(struct tcp_params, init_cwnd) },
	{ "tcp_rto_min", SYSCTL_MS, 1, 120000, offsetof(struct tcp_params, rto_min) },
	{ "tcp_syn_retries", SYSCTL_UINT, 1, 127, offsetof(struct tcp_params, syn_retries) },
	{ "tcp_retries2", SYSCTL_UINT, 1, 255, offsetof(struct tcp_params, retries2) },
	{ "tcp_comp_sack_nr", SYSCTL_UINT, 0, 255, offsetof(struct tcp_params, comp_sack_nr) },
	{ "tcp_comp_sack_delay_ns", SYSCTL_NS, 0, 1000000000, offsetof(struct tcp_params, comp_sack_delay) },
	{ "tcp_comp_sack_slack_ns", SYSCTL_NS, 0, 1000000000, offsetof(struct tcp_params, comp_sack_slack) },
};

static const char *const cc_names[] = { "cubic", "reno", NULL };

static const struct tcp_sysctl *find(const char *key)
{
	if (g_str_has_prefix(key, "net.ipv4."))
		key += strlen("net.ipv4.");
	for (size_t i = 0; i < G_N_ELEMENTS(sysctls); i++)
		if (strcmp(sysctls[i].name, key) == 0)
			return &sysctls[i];
	return NULL;
}

bool scn_tcp_sysctl_known(const char *key)
{
	return find(key) != NULL;
}

bool scn_is_tcp_key(const char *key)
{
	return find(key) != NULL ||
	       (g_str_has_prefix(key, "tcp_") || g_str_has_prefix(key, "net.ipv4.tcp_"));
}

const char *const *scn_tcp_key_names(void)
{
	static const char *names[G_N_ELEMENTS(sysctls) + 1];

	for (size_t i = 0; i < G_N_ELEMENTS(sysctls); i++)
		names[i] = sysctls[i].name;
	return names;
}

static gboolean set_one(struct loader *L, const struct ini_entry *e, const struct tcp_sysctl *c,
			struct tcp_params *p, GError **error)
{
	uint8_t *field = (uint8_t *)p + c->off;
	uint64_t v;

	switch (c->kind) {
	case SYSCTL_CC:
		for (int i = 0; cc_names[i]; i++)
			if (strcmp(e->value, cc_names[i]) == 0) {
				*(enum tcp_cc *)field = i == 0 ? TCP_CC_CUBIC : TCP_CC_RENO;
				return TRUE;
			}
		return scn_fail_choice(error, L, e->line, "tcp_congestion_control", e->value, cc_names);
	case SYSCTL_BOOL:
		if (!scn_parse_uint(L, e->line, c->name, e->value, 1, &v, error))
			return FALSE;
		*(bool *)field = v == 1;
		return TRUE;
	case SYSCTL_MS:
		if (!scn_parse_uint_low(L, e->line, c->name, e->value, c->min, c->max, &v, error))
			return FALSE;
		if (v < c->min)
			return scn_fail(error, L, e->line,
					"%s = %s: write a number of ms from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT,
					c->name, e->value, c->min, c->max);
		*(sim_time_t *)field = (sim_time_t)v * SIM_MS;
		return TRUE;
	case SYSCTL_NS:
		if (!scn_parse_uint_low(L, e->line, c->name, e->value, c->min, c->max, &v, error))
			return FALSE;
		*(sim_time_t *)field = (sim_time_t)v;	/* sim_time_t counts ns */
		return TRUE;
	case SYSCTL_UINT:
		if (!scn_parse_uint_low(L, e->line, c->name, e->value, c->min, c->max, &v, error))
			return FALSE;
		if (v < c->min)
			return scn_fail(error, L, e->line,
					"%s = %s: write a whole number from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT,
					c->name, e->value, c->min, c->max);
		*(uint32_t *)field = (uint32_t)v;
		return TRUE;
	}
	return FALSE;
}

gboolean scn_load_host_tcp(struct loader *L, const struct ini_section *s, struct world_host *h,
			   GError **error)
{
	struct tcp_params p;

	tcp_params_default(&p);
	for (guint i = 0; i < s->entries->len; i++) {
		const struct ini_entry *e = g_ptr_array_index(s->entries, i);
		const struct tcp_sysctl *c;

		if (!e->key || !scn_is_tcp_key(e->key))
			continue;
		c = find(e->key);
		if (!c)
			return scn_fail_choice(error, L, e->line, "TCP sysctl", e->key,
					       scn_tcp_key_names());
		if (!set_one(L, e, c, &p, error))
			return FALSE;
	}
	if (p.reordering > p.max_reordering)
		return scn_fail(error, L, s->line,
				"[host %s]: tcp_reordering %u is above tcp_max_reordering %u: a connection starts at tcp_reordering and learns up to tcp_max_reordering; raise tcp_max_reordering or lower tcp_reordering",
				s->name, p.reordering, p.max_reordering);
	tcp_host_init(h->host, &p);
	return TRUE;
}

/* ---- [flow NAME] type = tcp | tcp_rr --------------------------------------- */

static gboolean parse_bytes(struct loader *L, const struct ini_entry *e, uint64_t *out,
			    GError **error)
{
	GError *inner = NULL;

	if (sim_size_parse(e->value, out, &inner))
		return TRUE;
	scn_fail(error, L, e->line, "%s: %s", e->key, inner->message);
	g_error_free(inner);
	return FALSE;
}

gboolean scn_load_tcp_flow(struct loader *L, struct ini_section *s, struct host *client,
			   struct host *server, uint32_t server_ip, sim_time_t start,
			   sim_time_t stop, GError **error)
{
	static const char *const directions[] = { "upload", "download", NULL };
	struct tcp_flow_config c = { 0 };
	const struct ini_entry *e = ini_get(s, "type");
	uint64_t v;
	struct tcp_flow *tf;

	c.name = s->name;
	c.id = ++L->next_flow_id;
	c.client = client;
	c.server = server;
	c.server_ip = server_ip;
	c.sport = (uint16_t)(30000 + c.id);
	c.dport = (uint16_t)(5201 + c.id - 1);
	c.kind = strcmp(e->value, "tcp_rr") == 0 ? TCP_FLOW_RR : TCP_FLOW_BULK;
	c.start = start;
	c.stop = stop;
	c.request = 100;
	c.response = 10000;
	if ((e = ini_get(s, "bytes")) && !parse_bytes(L, e, &c.bytes, error))
		return FALSE;
	if ((e = ini_get(s, "direction"))) {
		if (!g_strv_contains(directions, e->value))
			return scn_fail_choice(error, L, e->line, "direction", e->value, directions);
		c.download = strcmp(e->value, "download") == 0;
	}
	if ((e = ini_get(s, "request"))) {
		if (!parse_bytes(L, e, &v, error))
			return FALSE;
		if (v > UINT32_MAX)
			return scn_fail(error, L, e->line, "request %s: at most 4G", e->value);
		c.request = (uint32_t)v;
	}
	if ((e = ini_get(s, "response"))) {
		if (!parse_bytes(L, e, &v, error))
			return FALSE;
		if (v > UINT32_MAX)
			return scn_fail(error, L, e->line, "response %s: at most 4G", e->value);
		c.response = (uint32_t)v;
	}
	if ((e = ini_get(s, "think")) && !scn_parse_time(L, e, e->value, &c.think, error))
		return FALSE;
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
	tf = tcp_flow_new(L->w->sim, &c);
	if (!tf)
		return scn_fail(error, L, s->line,
				"flow %s: TCP port %u already listening on %s: give the flow a dport of its own",
				s->name, c.dport, server->name);
	g_ptr_array_add(L->w->tcp_flows, tf);
	return TRUE;
}
