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
 * is the skew users of small LAGs do see.  An 802.1Q tag is skipped.
 */
#include "sw_priv.h"
#include "wire/wire.h"

static uint32_t be16_at(const struct frame *f, uint32_t off)
{
	return (uint32_t)frame_byte(f, off) << 8 | frame_byte(f, off + 1);
}

static uint32_t be32_at(const struct frame *f, uint32_t off)
{
	return be16_at(f, off) << 16 | be16_at(f, off + 2);
}

/* Offset of the IPv4 header, or 0 when the frame does not carry IPv4. */
static uint32_t ipv4_offset(const struct frame *f)
{
	uint32_t off = 12;

	if (be16_at(f, off) == WIRE_ETH_P_8021Q)
		off += 4;
	if (be16_at(f, off) != WIRE_ETH_P_IP || f->hdr_len < off + 2 + 20)
		return 0;
	return off + 2;
}

static uint32_t fold32(uint32_t h)
{
	h ^= h >> 16;
	h ^= h >> 8;
	return h & 0xff;
}

static uint32_t hash_mac(const struct frame *f)
{
	return frame_byte(f, 5) ^ frame_byte(f, 11);
}

static uint32_t hash_ip(const struct frame *f)
{
	uint32_t ip = ipv4_offset(f);

	if (!ip)
		return hash_mac(f);
	return fold32(be32_at(f, ip + 12) ^ be32_at(f, ip + 16));
}

static uint32_t hash_l4(const struct frame *f)
{
	uint32_t ip = ipv4_offset(f), ihl, proto;

	if (!ip)
		return hash_mac(f);
	ihl = (frame_byte(f, ip) & 0x0f) * 4u;
	proto = frame_byte(f, ip + 9);
	if ((proto != WIRE_IPPROTO_TCP && proto != WIRE_IPPROTO_UDP) || f->hdr_len < ip + ihl + 4)
		return hash_ip(f);
	return fold32(be16_at(f, ip + ihl) ^ be16_at(f, ip + ihl + 2));
}

uint32_t sw_lag_hash_frame(enum sw_lag_hash hash, const struct frame *f)
{
	switch (hash) {
	case SW_LAG_HASH_SRC_MAC:
		return frame_byte(f, 11);
	case SW_LAG_HASH_DST_MAC:
		return frame_byte(f, 5);
	case SW_LAG_HASH_SRC_DST_MAC:
		return hash_mac(f);
	case SW_LAG_HASH_SRC_DST_IP:
		return hash_ip(f);
	case SW_LAG_HASH_SRC_DST_PORT:
		return hash_l4(f);
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
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_DUP, "%s: %s is defined twice",
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
			    "%s: %s is already in %s", sw->name, port->dev.name, p->lag->name);
		return FALSE;
	}
	/* What the port learnt alone now belongs to the bundle; learn it again there. */
	sw_fdb_flush_bport(sw, &p->own);
	p->lag = lag;
	g_ptr_array_add(lag->members, p);
	sw_lag_port_changed(p);
	return TRUE;
}
