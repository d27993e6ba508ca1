/*
 * sw_lag.c - port-channels: member ports as one bridge port, the egress hash.
 *
 * DOC: A static LAG ("interface Gi0/3 / channel-group 1 mode on") bundles
 * ports without any protocol: every member with carrier collects and
 * distributes, unless it runs at another speed than the channel (IOS
 * suspends it, static or not: %EC-5-CANNOT_BUNDLE2).  Learning and flooding see the LAG as one bridge port, so
 * a bond's MAC arriving on several members is not a move, and a flood
 * leaves by one member only.  The member for a frame is
 * map[hash(frame) % map->len], where map holds the distributing members in
 * the order they joined and is rebuilt whenever one changes (Linux's
 * usable_slaves, OpenBSD aggr_map()).  An LACP LAG (sw_lacp.c) differs in
 * who sets collecting/distributing, its mux machine instead of the carrier,
 * and in what "up" means: a static channel is up while a member has
 * carrier, an LACP one while a member is bundled.  Only LACP channels log
 * their members joining and leaving (%EC-5-BUNDLE, %EC-5-UNBUNDLE) and
 * their line protocol; static ones print what they always printed.  An
 * LACP channel with "port-channel min-links N" is up only while N members
 * are bundled: below that its map is empty (nothing leaves by it, what
 * comes in by a member is dropped as not_collecting), the members stay
 * bundled (P), and "show etherchannel summary" flags it (SM).
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
#include <stdlib.h>

#include "sw_ifname.h"
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
	struct wire_ipv4_l4 t;
	bool l2 = hash == SW_LAG_HASH_SRC_MAC || hash == SW_LAG_HASH_DST_MAC ||
		  hash == SW_LAG_HASH_SRC_DST_MAC;

	/* the frame of nearly every flow, without a whole dissection */
	if (!l2 && wire_ipv4_l4_common(f->data, f->hdr_len, &t))
		return fold32(hash == SW_LAG_HASH_SRC_DST_PORT ? (uint32_t)(t.sport ^ t.dport)
							       : t.ip_src ^ t.ip_dst);
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
	return g_ptr_array_index(lag->map, sim_mod(&lag->map_mod, sw_lag_hash_frame(lag->hash, f)));
}

/* Po12 -> 12; a name with no number (or 0, or above 65535) -> its place @nth. */
static uint16_t lag_key_from_name(const char *name, guint nth)
{
	const char *d = name + strlen(name);
	unsigned long v;

	while (d > name && g_ascii_isdigit(d[-1]))
		d--;
	v = *d ? strtoul(d, NULL, 10) : 0;
	if (v < 1 || v > 65535 || strlen(d) > 5)
		v = nth;
	return (uint16_t)v;
}

uint16_t sw_lag_key(const struct sw_lag *lag)
{
	return lag->key;
}

bool sw_lag_is_lacp(const struct sw_lag *lag)
{
	return lag->mode == SW_LAG_LACP;
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
	lag->group = lag_key_from_name(name, sw->lags->len + 1);
	lag->key = lag->group;
	lag->first_up = -1;
	lag->suspend_individual = true;
	lag->max_bundle = SW_LACP_MAX_BUNDLE;
	lag->min_links = 1;
	lag->members = g_ptr_array_new();
	lag->map = g_ptr_array_new();
	g_ptr_array_add(sw->lags, lag);
	g_ptr_array_add(sw->bports, &lag->bport);
	return lag;
}

void sw_lag_free(struct sw_lag *lag)
{
	sw_lacp_lag_free(lag);
	g_free(lag->description);
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

/* An LACP member carries frames when its mux distributes in the channel's aggregator. */
static bool lacp_member_in(const struct sw_port *p)
{
	return p->distributing && sw_port_forwarding(p) && sw_lacp_in_active_agg(p);
}

/* EC lines name both in short: "Interface Gi0/1 joined port-channel Po1". */
static void log_member(struct sw_lag *lag, const struct sw_port *p)
{
	struct sw *sw = lag->sw;
	char port[SW_IFNAME_MAX], po[SW_IFNAME_MAX];

	sim_log_printf(&sw->log, sw->sim->now,
		       p->bundled ? "%%EC-5-BUNDLE: Interface %s joined port-channel %s"
				  : "%%EC-5-UNBUNDLE: Interface %s left the port-channel %s",
		       sw_ifname_short(p->nic->dev.name, port, sizeof(port)),
		       sw_ifname_short(lag->name, po, sizeof(po)));
}

/* Rebuild the distribution map and the port-channel's own up/down state. */
void sw_lag_map(struct sw_lag *lag)
{
	struct sw *sw = lag->sw;
	bool lacp = lag->mode == SW_LAG_LACP;
	bool up = false;
	char longname[SW_IFNAME_MAX];

	g_ptr_array_set_size(lag->map, 0);
	for (guint i = 0; i < lag->members->len; i++) {
		struct sw_port *p = g_ptr_array_index(lag->members, i);
		bool in = lacp ? lacp_member_in(p) : p->distributing;

		if (in)
			g_ptr_array_add(lag->map, p);
		up |= lacp ? in : p->nic->dev.carrier;
		if (in == p->bundled)
			continue;
		p->bundled = in;
		if (!lacp)
			continue;
		if (in) {
			p->lacp->bundles++;
			if (p->lacp->first_bundled < 0)
				p->lacp->first_bundled = sw->sim->now;
		}
		if (!sw->reloading)
			log_member(lag, p);
	}
	/* port-channel min-links: fewer bundled members leave the channel down,
	 * carrying nothing, though each member stays bundled (P) in LACP */
	lag->n_bundled = lag->map->len;
	if (lacp && lag->n_bundled < lag->min_links) {
		g_ptr_array_set_size(lag->map, 0);
		up = false;
	}
	sim_mod_set(&lag->map_mod, lag->map->len);
	sw_mlag_check(sw);	/* the peer link may be this channel */
	if (up == lag->up)
		return;
	lag->up = up;
	sw_stp_link(sw, &lag->bport, up);
	if (up && lag->first_up < 0)
		lag->first_up = sw->sim->now;
	if (!sw->reloading) {
		/* LINK and LINEPROTO lines spell it out: "Interface Port-channel1" */
		const char *name = sw_ifname_long(lag->name, longname, sizeof(longname));

		sim_log_printf(&sw->log, sw->sim->now,
			       "%%LINK-3-UPDOWN: Interface %s, changed state to %s", name,
			       up ? "up" : "down");
		if (lacp)
			sim_log_printf(&sw->log, sw->sim->now,
				       "%%LINEPROTO-5-UPDOWN: Line protocol on Interface %s, "
				       "changed state to %s",
				       name, up ? "up" : "down");
	}
	/* MACs stay on a port-channel while any member is up, as on a real switch. */
	if (!up)
		sw_fdb_flush_bport(sw, &lag->bport);
}

/*
 * The member whose speed a channel has, static or LACP: its earliest
 * bundled member, else its earliest member up.  IOS takes a port-channel's
 * attributes from its members and suspends a member that differs, whatever
 * the protocol, "on" included (every EtherChannel member must have the
 * same speed and duplex); the channel keeps the speed it has while a
 * member is bundled.
 */
const struct sw_port *sw_lag_speed_reference(const struct sw_lag *lag)
{
	for (guint i = 0; i < lag->members->len; i++) {
		const struct sw_port *p = g_ptr_array_index(lag->members, i);

		if (p->bundled && sw_port_forwarding(p))
			return p;
	}
	for (guint i = 0; i < lag->members->len; i++) {
		const struct sw_port *p = g_ptr_array_index(lag->members, i);

		if (sw_port_forwarding(p))
			return p;
	}
	return NULL;
}

/*
 * %EC-5-CANNOT_BUNDLE2 for a speed or a duplex, both ports in short as IOS
 * writes them: "(speed of Gi0/2 is 100M, Gi0/1 is 1000M)".
 */
static void log_incompatible(struct sw_lag *lag, const struct sw_port *p, const struct sw_port *ref,
			     const char *what, const char *mine_val, const char *ref_val)
{
	struct sw *sw = lag->sw;
	char me[SW_IFNAME_MAX], other[SW_IFNAME_MAX];
	const char *mine = sw_ifname_short(p->nic->dev.name, me, sizeof(me));
	const char *theirs = sw_ifname_short(ref->nic->dev.name, other, sizeof(other));

	if (sw->reloading)
		return;
	sim_log_printf(&sw->log, sw->sim->now,
		       "%%EC-5-CANNOT_BUNDLE2: %s is not compatible with %s and will be suspended "
		       "(%s of %s is %s, %s is %s)",
		       mine, theirs, what, mine, mine_val, theirs, ref_val);
}

void sw_lag_log_speed_suspended(struct sw_lag *lag, const struct sw_port *p,
				const struct sw_port *ref, uint64_t mine_bps, uint64_t ref_bps)
{
	char a[32], b[32];

	g_snprintf(a, sizeof(a), "%" G_GUINT64_FORMAT "M", mine_bps / 1000000);
	g_snprintf(b, sizeof(b), "%" G_GUINT64_FORMAT "M", ref_bps / 1000000);
	log_incompatible(lag, p, ref, "speed", a, b);
}

/*
 * Static LAG: a member with carrier at the channel's speed and duplex is
 * in the bundle; IOS suspends one that differs in either (a member forced
 * to 100/full whose server negotiated 1G, or came up half duplex).
 */
static void static_members_refresh(struct sw_lag *lag)
{
	const struct sw_port *ref = sw_lag_speed_reference(lag);

	for (guint i = 0; i < lag->members->len; i++) {
		struct sw_port *p = g_ptr_array_index(lag->members, i);
		bool up = p->nic->dev.carrier;
		bool other = up && ref && p != ref;
		bool speed = other && p->nic->dev.speed_bps != ref->nic->dev.speed_bps;
		bool duplex = other && p->nic->dev.full_duplex != ref->nic->dev.full_duplex;
		bool suspended = speed || duplex;

		p->collecting = p->distributing = up && !suspended;
		if (speed && !p->suspended)
			sw_lag_log_speed_suspended(lag, p, ref, p->nic->dev.speed_bps,
						   ref->nic->dev.speed_bps);
		else if (suspended && !p->suspended)
			log_incompatible(lag, p, ref, "duplex", p->nic->dev.full_duplex ? "full" : "half",
					 ref->nic->dev.full_duplex ? "full" : "half");
		p->suspended = suspended;
	}
}

void sw_lag_port_changed(struct sw_port *p)
{
	if (p->lag->mode == SW_LAG_LACP) {
		/* LACP: carrier only enables the port; the mux decides the rest */
		sw_lacp_port_changed(p);
	} else {
		static_members_refresh(p->lag);
	}
	sw_lag_map(p->lag);
}

static const char *const channel_mode_names[] = {
	[SW_CHANNEL_ON] = "on",
	[SW_CHANNEL_ACTIVE] = "active",
	[SW_CHANNEL_PASSIVE] = "passive",
	NULL
};

const char *sw_channel_mode_name(enum sw_channel_mode m)
{
	g_assert((unsigned)m < SW_CHANNEL_MODE_COUNT);
	return channel_mode_names[m];
}

gboolean sw_channel_mode_parse(const char *text, enum sw_channel_mode *out, GError **error)
{
	const char *near;

	for (int i = 0; i < SW_CHANNEL_MODE_COUNT; i++) {
		if (g_strcmp0(text, channel_mode_names[i]) == 0) {
			*out = (enum sw_channel_mode)i;
			return TRUE;
		}
	}
	near = sim_nearest(text, channel_mode_names);
	g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
		    "unknown port-channel mode '%s'%s%s%s; valid: on (static), active (LACP, "
		    "starts negotiating), passive (LACP, answers only)",
		    text, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
	return FALSE;
}

gboolean sw_lag_add_port(struct sw_lag *lag, struct nic *port, GError **error)
{
	return sw_lag_add_port_mode(lag, port, SW_CHANNEL_ON, error);
}

gboolean sw_lag_add_port_mode(struct sw_lag *lag, struct nic *port, enum sw_channel_mode mode,
			      GError **error)
{
	struct sw *sw = lag->sw;
	struct sw_port *p = sw_port_of(sw, port);
	bool lacp = mode != SW_CHANNEL_ON;

	g_assert((unsigned)mode < SW_CHANNEL_MODE_COUNT);
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
	if (lag->members->len && lacp != (lag->mode == SW_LAG_LACP)) {
		const struct sw_port *first = g_ptr_array_index(lag->members, 0);

		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "%s: %s: %s in mode %s and %s in mode %s: a port-channel is static "
			    "(on) or LACP (active, passive), not both",
			    sw->name, lag->name, first->nic->dev.name,
			    sw_channel_mode_name(first->mode), port->dev.name,
			    sw_channel_mode_name(mode));
		return FALSE;
	}
	if (lacp && lag->members->len >= LACP_MAX_PORTS) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_RANGE,
			    "%s: %s has %d LACP members already, the most one aggregation "
			    "takes here: %s cannot join",
			    sw->name, lag->name, LACP_MAX_PORTS, port->dev.name);
		return FALSE;
	}
	/* What the port learnt alone now belongs to the bundle; learn it again there. */
	sw_fdb_flush_bport(sw, &p->own);
	p->lag = lag;
	sw_port_sync_out(p);
	p->mode = mode;
	g_ptr_array_add(lag->members, p);
	if (lacp) {
		lag->mode = SW_LAG_LACP;
		sw_lacp_add_member(lag, p);
	}
	sw_lag_port_changed(p);
	return TRUE;
}
