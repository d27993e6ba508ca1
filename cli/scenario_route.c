/*
 * scenario_route.c - a host's routes and forwarding in [host NAME]:
 *
 *   ip_forward = 1                   net.ipv4.ip_forward: the host is a router
 *   gateway = 10.0.0.254             the default route
 *   route 10.2.0.0/16 = 10.0.0.253   a static route via a gateway
 *
 * Read after the addresses, because a gateway must be on a connected
 * subnet: Linux refuses it otherwise ("Nexthop has invalid gateway").
 */
#include <string.h>
#include <arpa/inet.h>
#include "loader.h"

static gboolean parse_gateway(struct loader *L, const struct ini_entry *e,
			      const struct world_host *h, uint32_t *gw, GError **error)
{
	struct in_addr a;
	char buf[INET_ADDRSTRLEN];
	uint32_t nh;

	if (inet_pton(AF_INET, e->value, &a) != 1)
		return scn_fail(error, L, e->line,
				"'%s = %s': the gateway is one IPv4 address, e.g. 10.0.0.254",
				e->key, e->value);
	*gw = ntohl(a.s_addr);
	if (host_has_ip(h->host, *gw))
		return scn_fail(error, L, e->line,
				"'%s = %s': that is %s's own address; the gateway is the next router",
				e->key, e->value, h->name);
	if (!ip_route(h->host, *gw) || ip_route_nexthop(h->host, *gw, &nh) == NULL) {
		GString *subnets = g_string_new(NULL);

		for (guint i = 0; i < h->host->ifs->len; i++) {
			const struct host_if *ifc = g_ptr_array_index(h->host->ifs, i);
			struct in_addr net = { htonl(ifc->ip & ifc->mask) };

			inet_ntop(AF_INET, &net, buf, sizeof(buf));
			g_string_append_printf(subnets, "%s%s/%d (%s)", i ? ", " : "", buf,
					       ifc->prefix_len, ifc->dev->name);
		}
		scn_fail(error, L, e->line,
			 "'%s = %s': the gateway is on none of %s's subnets (%s): a gateway must be reachable without a route",
			 e->key, e->value, h->name, subnets->len ? subnets->str : "none");
		g_string_free(subnets, TRUE);
		return FALSE;
	}
	return TRUE;
}

gboolean scn_load_host_routes(struct loader *L, const struct ini_section *s,
			      struct world_host *h, GError **error)
{
	const char *arg;
	bool have_default = false;

	for (guint i = 0; i < s->entries->len; i++) {
		const struct ini_entry *e = g_ptr_array_index(s->entries, i);
		uint32_t dst, gw;
		int prefix;

		if (strcmp(e->key, "ip_forward") == 0) {
			uint64_t v;

			if (!scn_parse_uint(L, e->line, "ip_forward", e->value, 1, &v, error))
				return FALSE;
			h->host->ip_forward = v == 1;
		} else if (strcmp(e->key, "gateway") == 0) {
			if (have_default)
				return scn_fail(error, L, e->line,
						"a second default route: give one 'gateway' per host");
			if (!parse_gateway(L, e, h, &gw, error))
				return FALSE;
			host_add_route(h->host, 0, 0, gw);
			have_default = true;
		} else if (scn_key_is(e->key, "route", &arg)) {
			if (!scn_parse_ipv4_prefix(L, e->line, arg, -1, &dst, &prefix, error))
				return FALSE;
			if (prefix && (dst & ~(~(uint32_t)0 << (32 - prefix)))) {
				struct in_addr net = { htonl(dst & (~(uint32_t)0 << (32 - prefix))) };
				char buf[INET_ADDRSTRLEN];

				inet_ntop(AF_INET, &net, buf, sizeof(buf));
				return scn_fail(error, L, e->line,
						"'route %s': host bits set for /%d; the network is %s/%d",
						arg, prefix, buf, prefix);
			}
			if (prefix == 0 && dst)
				return scn_fail(error, L, e->line,
						"'route %s': /0 is the default route: write 'gateway = %s'",
						arg, e->value);
			if (!parse_gateway(L, e, h, &gw, error))
				return FALSE;
			if (prefix == 0 && have_default)
				return scn_fail(error, L, e->line,
						"a second default route: give one 'gateway' per host");
			have_default |= prefix == 0;
			host_add_route(h->host, dst, prefix, gw);
		}
	}
	return TRUE;
}
