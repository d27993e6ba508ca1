/*
 * sw_lag.c - port-channels: member ports as one bridge port, the egress hash.
 *
 * DOC: A static LAG ("interface Gi0/3 / channel-group 1 mode on") bundles
 * ports without any protocol: every member with carrier collects and
 * distributes.  Learning and flooding see the LAG as one bridge port, so
 * a bond's MAC arriving on several members is not a move, and a flood
 * leaves by one member only.  The member for a frame is
 * map[hash(frame) % map->len], where map holds the distributing members in
 * the order they joined and is rebuilt whenever one changes (Linux's
 * usable_slaves, OpenBSD aggr_map()).  An LACP LAG will only differ in who
 * sets collecting/distributing: its mux machine instead of the carrier.
 *
 * The hashes are the ones Catalyst switches document for
 * "port-channel load-balance": the low-order bits of the MAC(s) or IPv4
 * addresses, XORed when both are used; src-dst-port XORs the TCP/UDP
 * ports.  Frames without the fields fall back: src-dst-port to src-dst-ip
 * (not TCP/UDP), src-dst-ip to src-dst-mac (not IPv4).  Deviations: real
 * ASICs fold more bits (and some add a seed); with the low byte only, two
 * MACs that differ only in their upper bytes always share a member, which
 * is the skew users of small LAGs do see.  Frames are read by
 * wire_dissect(): tags (802.1Q or 802.1ad) are skipped, an IPv4 header with
 * an IHL below 5 or a fragment has no ports for src-dst-port, and a frame
 * shorter than an Ethernet header hashes as MACs of zeros.
 */
#include "sw_priv.h"
#include "wire/dissect.h"

static uint32_t fold32(uint32_t h)
{
	h ^= h >> 16;
	h ^= h >> 8;
	return h & 0xff;
}

static uint32_t hash_mac(const struct wire_pkt *p)
{
	return p->dst[5] ^ p->src[5];
}

static uint32_t hash_ip(const struct wire_pkt *p)
{
	if (!(p->flags & WIRE_PKT_IPV4))
		return hash_mac(p);
	return fold32(p->ip_src ^ p->ip_dst);
}

static uint32_t hash_l4(const struct wire_pkt *p)
{
	if (!(p->flags & WIRE_PKT_IPV4))
		return hash_mac(p);
	if ((p->ip_proto != WIRE_IPPROTO_TCP && p->ip_proto != WIRE_IPPROTO_UDP) ||
	    !(p->flags & WIRE_PKT_PORTS))
		return hash_ip(p);
	return fold32((uint32_t)(p->sport ^ p->dport));
}

uint32_t sw_lag_hash_frame(enum sw_lag_hash hash, const struct frame *f)
{
	struct wire_pkt p;
	bool l2 = hash == SW_LAG_HASH_SRC_MAC || hash == SW_LAG_HASH_DST_MAC ||
		  hash == SW_LAG_HASH_SRC_DST_MAC;

	wire_dissect(f->data, f->hdr_len, l2 ? WIRE_DISSECT_L2_ONLY : 0, &p);
	switch (hash) {
	case SW_LAG_HASH_SRC_MAC:
		return p.src[5];
	case SW_LAG_HASH_DST_MAC:
		return p.dst[5];
	case SW_LAG_HASH_SRC_DST_MAC:
		return hash_mac(&p);
	case SW_LAG_HASH_SRC_DST_IP:
		return hash_ip(&p);
	case SW_LAG_HASH_SRC_DST_PORT:
		return hash_l4(&p);
	case SW_LAG_HASH_COUNT:
		break;
	}
	g_assert_not_reached();
}

struct sw_port *sw_lag_select(const struct sw_lag *lag, const struct frame *f)
{
	if (lag->map->len == 0)
		return NULL;
	return g_ptr_array_index(lag->map, sw_lag_hash_frame(lag->hash, f) % lag->map->len);
}

struct sw_lag *sw_add_lag(struct sw *sw, const char *name, GError **error)
{
	struct sw_lag *lag;

	if (sw_find_lag(sw, name) || sw_find_port(sw, name)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_DUP,
			    "%s: %s is defined twice: a port-channel needs a name no port or port-channel has",
			    sw->name, name);
		return NULL;
	}
	lag = g_new0(struct sw_lag, 1);
	lag->sw = sw;
	g_strlcpy(lag->name, name, sizeof(lag->name));
	lag->bport.name = lag->name;
	lag->bport.lag = lag;
	lag->mode = SW_LAG_STATIC;
	lag->hash = sw->cfg.lag_hash;
	lag->members = g_ptr_array_new();
	lag->map = g_ptr_array_new();
	g_ptr_array_add(sw->lags, lag);
	g_ptr_array_add(sw->bports, &lag->bport);
	return lag;
}

void sw_lag_free(struct sw_lag *lag)
{
	g_ptr_array_unref(lag->members);
	g_ptr_array_unref(lag->map);
	g_free(lag);
}

struct sw_lag *sw_find_lag(struct sw *sw, const char *name)
{
	for (guint i = 0; i < sw->lags->len; i++) {
		struct sw_lag *lag = g_ptr_array_index(sw->lags, i);

		if (strcmp(lag->name, name) == 0)
			return lag;
	}
	return NULL;
}

const char *sw_lag_name(const struct sw_lag *lag)
{
	return lag->name;
}

void sw_lag_set_hash(struct sw_lag *lag, enum sw_lag_hash hash)
{
	g_assert((unsigned)hash < SW_LAG_HASH_COUNT);
	lag->hash = hash;
}

/* Rebuild the distribution map and the port-channel's own up/down state. */
static void lag_map(struct sw_lag *lag)
{
	struct sw *sw = lag->sw;
	bool up = false;

	g_ptr_array_set_size(lag->map, 0);
	for (guint i = 0; i < lag->members->len; i++) {
		struct sw_port *p = g_ptr_array_index(lag->members, i);

		if (p->distributing)
			g_ptr_array_add(lag->map, p);
		up |= p->nic->dev.carrier;
	}
	if (up == lag->up)
		return;
	lag->up = up;
	if (!sw->reloading)
		sim_log_printf(&sw->log, sw->sim->now,
			       "%%LINK-3-UPDOWN: Interface %s, changed state to %s", lag->name,
			       up ? "up" : "down");
	/* MACs stay on a port-channel while any member is up, as on a real switch. */
	if (!up)
		sw_fdb_flush_bport(sw, &lag->bport);
}

void sw_lag_port_changed(struct sw_port *p)
{
	/* Static LAG: a member with carrier is in the bundle. */
	p->collecting = p->distributing = p->nic->dev.carrier;
	lag_map(p->lag);
}

gboolean sw_lag_add_port(struct sw_lag *lag, struct nic *port, GError **error)
{
	struct sw *sw = lag->sw;
	struct sw_port *p = sw_port_of(sw, port);

	if (!p) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_NOT_FOUND,
			    "%s: %s: %s is not a port of this switch", sw->name, lag->name,
			    port ? port->dev.name : "(null)");
		return FALSE;
	}
	if (p->lag) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_DUP,
			    "%s: %s is already in %s: a port belongs to one port-channel", sw->name,
			    port->dev.name, p->lag->name);
		return FALSE;
	}
	/* What the port learnt alone now belongs to the bundle; learn it again there. */
	sw_fdb_flush_bport(sw, &p->own);
	p->lag = lag;
	g_ptr_array_add(lag->members, p);
	sw_lag_port_changed(p);
	return TRUE;
}
