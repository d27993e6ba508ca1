/*
 * sw_mlag.c - MLAG: two switches that one LACP partner sees as one.
 *
 * DOC: What Cisco calls vPC and Arista MLAG, reduced to what a bond sees
 * and what keeps frames from looping or doubling:
 *
 *  - identity: every port-channel with an MLAG id, on either switch,
 *    speaks LACP as the domain's system (priority 32768 and a locally
 *    administered MAC made from the domain's name, unless configured) with
 *    the id as its key.  Port numbers stay the switch's port index on the
 *    first switch and get 0x8000 added on the second, so the partner never
 *    sees two ports with one number.  A bond cabled once to each switch
 *    hears one partner on both slaves: one aggregator.
 *  - MAC sync: a MAC learnt on an MLAG channel is installed at once on the
 *    peer's channel of the same id (a sync, never counted as a move), and
 *    a MAC already on an MLAG channel is not moved to the peer link when
 *    the peer floods one of its frames across.  A MAC learnt on a port in
 *    no MLAG channel (an orphan port: a host cabled to this switch alone)
 *    is installed on the peer's peer link, as Arista MLAG and Cisco vPC
 *    sync every MAC: the peer sends frames for it across instead of
 *    flooding them as unknown unicast.  The sync needs the peer link up
 *    and the peer running: nothing reaches a reloading peer.
 *  - loop prevention: a frame in from the peer link is never sent out of
 *    an MLAG channel whose twin on the peer has a bundled member (the peer
 *    sent it there itself); when the twin has none, the local one is the
 *    only way to the host, and the frame goes.
 *  - a frame for a MAC on an MLAG channel that has no bundled member here
 *    crosses the peer link (unless it came from there).
 *
 *  - roles: the lower role priority is the primary, the lower switch
 *    MAC on a tie (NX-OS's election); they do not pre-empt: the primary
 *    reloading, the secondary becomes the operational primary and stays.
 *  - the peer link lost while both switches run: the peer keepalive (a
 *    path of its own, the management network) still hears the other
 *    switch, so this is no dead peer, and two switches forwarding for one
 *    LACP system without a sync would be a split brain.  The operational
 *    secondary suspends every MLAG channel of its own, as NX-OS does
 *    (%VPC-2-VPC_SUSP_ALL_VPC; "suspend-by-vpc"): their ports go down, and
 *    the hosts carry on over the primary's legs once their link monitors
 *    see it.  The peer link back, each switch hands the other its table,
 *    the secondary waits delay_restore (NX-OS's "delay restore", 30 s)
 *    and brings them up; its orphan ports with "vpc orphan-port suspend"
 *    come back delay_restore_orphan after the peer link (0 by default).
 *  - the keepalive is a timed exchange (below: NX-OS's timers and where
 *    they are documented): one every interval (1 s), lost timeout (5 s)
 *    after the last one heard, a [faults] line cutting its path
 *    (sw_mlag_keepalive()) or a reload silencing one end.  It matters
 *    only when the peer link goes: the secondary decides on its status
 *    then (heard within the timeout: it suspends; lost: each takes the
 *    other for dead and both forward, dual-active), and for hold_timeout
 *    (3 s) after acts on no change of it.  The keepalive lost after the
 *    peer link (or with a reloading primary), the suspended secondary
 *    brings its channels up when it times out (auto-recovery); heard
 *    again in a dual-active, the secondary suspends.
 *  - a switch back from a reload holds its MLAG channels down until the
 *    peer link is up and delay_restore has passed, as NX-OS's delay
 *    restore is for: its tables are empty and would drop what a bond sent
 *    it at once.
 *
 * Deviations: both switches' keepalives share one grid from time 0 and
 * one path (a cut is both ways); the secondary suspends at the instant the
 * peer link goes when the keepalive is still heard, and a primary's reload
 * with the peer link up hands its role over at once (no suspension
 * first); after a dual-active the former secondary suspends; no
 * "auto-recovery reload-delay"; the two switches share LACP identity but
 * not LACP state (each runs the machines of its own members, as both do
 * for their own ports), and MACs are synced as they are learnt (and in
 * bulk when the peer link comes up), with no control-plane delay.
 */
#include <string.h>

#include "sw_priv.h"

static int mlag_index(const struct sw *sw)
{
	return sw->mlag->sw[0] == sw ? 0 : 1;
}

static void restore(struct sim *sim, void *arg);
static void ka_lost(struct sim *sim, void *arg);
static void ka_hello(struct sim *sim, void *arg);
static void hold_end(struct sim *sim, void *arg);
static void orphan_restore(struct sim *sim, void *arg);
static int elect(const struct sw_mlag *m);

struct sw_mlag *sw_mlag_new(const char *name, struct sw *a, struct sw *b, GError **error)
{
	struct sw_mlag *m;
	uint32_t h = 2166136261u;

	if (a == b) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "MLAG %s: %s twice: a domain is two switches", name, a->name);
		return NULL;
	}
	for (int i = 0; i < 2; i++) {
		struct sw *sw = i ? b : a;

		if (sw->mlag) {
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_DUP,
				    "MLAG %s: %s is in MLAG %s already: a switch is in one domain",
				    name, sw->name, sw->mlag->name);
			return NULL;
		}
	}
	m = g_new0(struct sw_mlag, 1);
	g_strlcpy(m->name, name, sizeof(m->name));
	m->sw[0] = a;
	m->sw[1] = b;
	m->refs = 2;
	a->mlag = b->mlag = m;
	/* FNV-1a of the name, as a switch's base MAC is made from its own */
	for (const char *c = name; *c; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	m->system[0] = 0x02;
	m->system[1] = 0x4d;		/* 'M' */
	m->system[2] = (uint8_t)(h >> 24);
	m->system[3] = (uint8_t)(h >> 16);
	m->system[4] = (uint8_t)(h >> 8) | 1;	/* a switch's base MAC ends in 00:00 */
	m->system[5] = (uint8_t)h;
	m->system_priority = SW_DEFAULT_LACP_SYSTEM_PRIORITY;
	m->keepalive = m->ka_path = m->ka_flowing = true;
	m->ka_interval = SW_MLAG_DEFAULT_KEEPALIVE_INTERVAL;
	m->ka_timeout = SW_MLAG_DEFAULT_KEEPALIVE_TIMEOUT;
	m->hold_timeout = SW_MLAG_DEFAULT_HOLD_TIMEOUT;
	m->pl_down_at = -1;
	m->auto_recovery = true;
	m->delay_restore = SW_MLAG_DEFAULT_DELAY_RESTORE;
	m->role_priority[0] = m->role_priority[1] = SW_MLAG_DEFAULT_ROLE_PRIORITY;
	m->susp = -1;
	m->suspended_at[0] = m->suspended_at[1] = m->dual_active_at = -1;
	sim_timer_init(&m->restore, restore, m);
	sim_timer_init(&m->ka_lost, ka_lost, m);
	sim_timer_init(&m->ka_hello, ka_hello, m);
	sim_timer_init(&m->hold_end, hold_end, m);
	sim_timer_init(&m->orphan_restore, orphan_restore, m);
	return m;
}

void sw_mlag_set_keepalive(struct sw_mlag *m, bool keepalive, sim_time_t delay_restore)
{
	/* before the run: configured, the keepalive has been heard all along */
	m->keepalive = m->ka_path = m->ka_flowing = keepalive;
	m->ka_heard = keepalive ? 0 : -1;	/* -1: never heard */
	m->delay_restore = delay_restore;
}

void sw_mlag_set_timers(struct sw_mlag *m, sim_time_t interval, sim_time_t timeout,
			sim_time_t hold_timeout, sim_time_t delay_restore_orphan)
{
	g_assert(interval > 0 && timeout > 0 && hold_timeout >= 0 && delay_restore_orphan >= 0);
	m->ka_interval = interval;
	m->ka_timeout = timeout;
	m->hold_timeout = hold_timeout;
	m->delay_restore_orphan = delay_restore_orphan;
}

void sw_mlag_set_roles(struct sw_mlag *m, uint16_t prio_a, uint16_t prio_b, bool auto_recovery)
{
	m->role_priority[0] = prio_a;
	m->role_priority[1] = prio_b;
	m->auto_recovery = auto_recovery;
}

void sw_mlag_unref(struct sw_mlag *m)
{
	if (m && --m->refs == 0)
		g_free(m);
}

void sw_mlag_set_system(struct sw_mlag *m, uint16_t priority, const uint8_t mac[6])
{
	m->system_priority = priority;
	if (mac)
		memcpy(m->system, mac, 6);
}

gboolean sw_mlag_set_peer_link(struct sw_mlag *m, struct sw *sw, const char *name,
			       GError **error)
{
	struct sw_lag *lag = sw_find_lag(sw, name);
	struct nic *nic = lag ? NULL : sw_find_port(sw, name);
	struct sw_port *p = sw_port_of(sw, nic);

	g_assert(sw->mlag == m);
	if (!lag && !p) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_NOT_FOUND,
			    "MLAG %s: %s has no port or port-channel '%s' for the peer link",
			    m->name, sw->name, name);
		return FALSE;
	}
	if (p && p->lag) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "MLAG %s: %s.%s is a member of %s: name the port-channel as the peer "
			    "link",
			    m->name, sw->name, name, p->lag->name);
		return FALSE;
	}
	m->peer_link[mlag_index(sw)] = lag ? &lag->bport : &p->own;
	return TRUE;
}

gboolean sw_lag_set_mlag(struct sw_lag *lag, uint16_t id, GError **error)
{
	struct sw *sw = lag->sw;

	if (id < 1) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_RANGE,
			    "%s: %s: mlag=0: an MLAG id is a whole number from 1 to 65535",
			    sw->name, lag->name);
		return FALSE;
	}
	for (guint i = 0; i < sw->lags->len; i++) {
		const struct sw_lag *o = g_ptr_array_index(sw->lags, i);

		if (o != lag && o->mlag_id == id) {
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_DUP,
				    "%s: %s and %s both have mlag=%u: one port-channel per MLAG "
				    "id on a switch",
				    sw->name, o->name, lag->name, id);
			return FALSE;
		}
	}
	lag->mlag_id = id;
	return TRUE;
}

/* The domain's identity on @lag, the twin found on the other switch. */
static void bind_lag(struct sw_mlag *m, int i, struct sw_lag *lag)
{
	struct sw *peer = m->sw[1 - i];

	lag->key = lag->mlag_id;
	for (guint k = 0; k < peer->lags->len; k++) {
		struct sw_lag *o = g_ptr_array_index(peer->lags, k);

		if (o->mlag_id == lag->mlag_id)
			lag->mlag_peer = o;
	}
	lag->lacp->sys.system_priority = m->system_priority;
	memcpy(lag->lacp->sys.system, m->system, 6);
	for (guint k = 0; k < lag->members->len; k++) {
		struct sw_port *p = g_ptr_array_index(lag->members, k);
		struct lacp_port *lp = &p->lacp->port;

		lp->actor_admin_port_key = lp->actor_oper_port_key = lag->key;
		lp->actor_port_number = (uint16_t)(p->number | (i ? 0x8000 : 0));
	}
}

gboolean sw_mlag_finish(struct sw_mlag *m, GError **error)
{
	for (int i = 0; i < 2; i++) {
		struct sw *sw = m->sw[i];
		const struct sw_bport *pl = m->peer_link[i];

		if (!pl) {
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
				    "MLAG %s: %s has no peer link", m->name, sw->name);
			return FALSE;
		}
		if (pl->lag && pl->lag->mlag_id) {
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
				    "MLAG %s: the peer link %s of %s has mlag=%u: the peer link "
				    "joins the two switches and is no MLAG port-channel itself",
				    m->name, pl->name, sw->name, pl->lag->mlag_id);
			return FALSE;
		}
		for (guint k = 0; k < sw->ports->len; k++) {
			const struct sw_port *p = g_ptr_array_index(sw->ports, k);

			if (!p->orphan_suspend)
				continue;
			if ((p->lag && p->lag->mlag_id) || pl->port == p ||
			    (p->lag && &p->lag->bport == pl)) {
				g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
					    "MLAG %s: %s.%s has orphan_port_suspend but is %s: it is "
					    "for ports in no MLAG channel (an MLAG channel is suspended "
					    "as a whole; the peer link never is)",
					    m->name, sw->name, p->nic->dev.name,
					    p->lag && p->lag->mlag_id ? "in an MLAG channel" :
					    "the peer link");
				return FALSE;
			}
		}
		for (guint k = 0; k < sw->lags->len; k++) {
			const struct sw_lag *lag = g_ptr_array_index(sw->lags, k);

			if (lag->mlag_id && !lag->lacp) {
				g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
					    "MLAG %s: %s's %s has mlag=%u but is static (mode on): "
					    "an MLAG port-channel speaks LACP (mode active or "
					    "passive)",
					    m->name, sw->name, lag->name, lag->mlag_id);
				return FALSE;
			}
		}
	}
	for (int i = 0; i < 2; i++)
		for (guint k = 0; k < m->sw[i]->lags->len; k++) {
			struct sw_lag *lag = g_ptr_array_index(m->sw[i]->lags, k);

			if (lag->mlag_id)
				bind_lag(m, i, lag);
		}
	m->elected = m->oper = elect(m);
	m->finished = true;
	return TRUE;
}

bool sw_mlag_is_peer_link(const struct sw *sw, const struct sw_bport *bp)
{
	return sw->mlag && sw->mlag->finished && sw->mlag->peer_link[mlag_index(sw)] == bp;
}

struct sw_bport *sw_mlag_peer_link(const struct sw *sw)
{
	return sw->mlag && sw->mlag->finished ? sw->mlag->peer_link[mlag_index(sw)] : NULL;
}

bool sw_mlag_keep_off(struct sw *sw, const struct sw_bport *from, const struct sw_lag *lag)
{
	if (!lag->mlag_peer || !lag->mlag_peer->map->len || !sw_mlag_is_peer_link(sw, from))
		return false;
	sw->mlag->kept_off[mlag_index(sw)]++;
	return true;
}

/* The peer link can carry the sync: a member distributing, or the lone port up. */
static bool peer_link_up(const struct sw *sw)
{
	const struct sw_bport *pl = sw->mlag->peer_link[mlag_index(sw)];

	return pl->lag ? pl->lag->map->len > 0 : sw_port_forwarding(pl->port);
}

void sw_mlag_sync(struct sw *sw, uint16_t vlan, const uint8_t mac[6], const struct sw_lag *lag)
{
	int peer = 1 - mlag_index(sw);
	struct sw *to = lag ? lag->mlag_peer->sw : sw->mlag->sw[peer];
	struct sw_bport *bp = lag ? &lag->mlag_peer->bport : sw->mlag->peer_link[peer];

	/*
	 * The sync travels over the peer link: a peer that is reloading, or
	 * one cut off, learns nothing meanwhile.  Every learn syncs again,
	 * so the next frame from the host brings it back once the link is.
	 */
	if (to->reloading || !peer_link_up(sw))
		return;
	/* One lookup: already there only refreshes its age, and is no sync. */
	if (!sw_fdb_install(to, vlan, mac, bp))
		sw->mlag->synced[mlag_index(sw)]++;
}

/*
 * The peer link (back) up at @sw's end: it hands the peer every MAC it has
 * learnt itself, as vPC and MLAG resync their tables when the peers meet.
 * Without it a host that only receives (learnt once, never heard again)
 * would stay unknown to the peer and be flooded for as long as it stays
 * quiet.  In key order: the same syncs in the same order on every run.
 */
static void bulk_sync(struct sw *sw)
{
	GPtrArray *all = sw_fdb_sorted(sw);

	for (guint k = 0; k < all->len; k++) {
		const struct sw_fdb_entry *e = g_ptr_array_index(all, k);
		struct sw_bport *bp = e->bport;
		uint8_t mac[6];

		if (sw_mlag_is_peer_link(sw, bp) || (bp->lag && bp->lag->mlag_id && !bp->lag->mlag_peer))
			continue;
		for (int b = 0; b < 6; b++)
			mac[b] = (uint8_t)(e->key >> (40 - 8 * b));
		sw_mlag_sync(sw, (uint16_t)(e->key >> 48), mac, bp->lag && bp->lag->mlag_peer ?
			     bp->lag : NULL);
	}
	g_ptr_array_free(all, TRUE);
}

uint16_t sw_lag_mlag_id(const struct sw_lag *lag)
{
	return lag->mlag_id;
}

const struct sw_mlag *sw_mlag_of(const struct sw *sw)
{
	return sw->mlag;
}

struct sw_mlag *sw_mlag_domain(struct sw *sw)
{
	return sw->mlag;
}

const char *sw_mlag_name(const struct sw_mlag *m)
{
	return m->name;
}

/* ---- roles, the peer link lost, the keepalive, reloads ----------------------- */

/* NX-OS's election: the lower role priority, then the lower system MAC. */
static int elect(const struct sw_mlag *m)
{
	if (m->role_priority[0] != m->role_priority[1])
		return m->role_priority[0] < m->role_priority[1] ? 0 : 1;
	return memcmp(m->sw[0]->base_mac, m->sw[1]->base_mac, 6) <= 0 ? 0 : 1;
}

static const char *const event_names[] = {
	[SW_MLAG_SUSPENDED] = "suspended", [SW_MLAG_HELD] = "held",
	[SW_MLAG_RESTORED] = "restored", [SW_MLAG_AUTO_RECOVERY] = "auto-recovery",
	[SW_MLAG_DUAL_ACTIVE] = "dual-active", [SW_MLAG_ROLE] = "role",
};

const char *sw_mlag_event_name(enum sw_mlag_event what)
{
	return event_names[what];
}

void sw_mlag_set_event_hook(struct sw_mlag *m, sw_mlag_event_fn fn, void *arg)
{
	m->event_fn = fn;
	m->event_arg = arg;
}

static void event(const struct sw_mlag *m, int i, enum sw_mlag_event what)
{
	if (m->event_fn)
		m->event_fn(m->event_arg, m->sw[i], what);
}

/* "vpc orphan-port suspend": those ports of @i down (or up) with its suspension. */
static void orphans(struct sw_mlag *m, int i, bool on)
{
	struct sw *sw = m->sw[i];

	for (guint k = 0; k < sw->ports->len; k++) {
		struct sw_port *p = g_ptr_array_index(sw->ports, k);

		if (!p->orphan_suspend || p->orphan_suspended == on)
			continue;
		p->orphan_suspended = on;
		sw_port_apply(p);
	}
}

static void hold(struct sw_mlag *m, int i, bool on)
{
	struct sw *sw = m->sw[i];

	m->held[i] = on;
	if (!on && m->susp == i)
		m->susp = -1;
	for (guint k = 0; k < sw->lags->len; k++) {
		struct sw_lag *lag = g_ptr_array_index(sw->lags, k);

		if (!lag->mlag_id)
			continue;
		lag->mlag_suspended = on;
		sw_lag_apply_members(lag);
	}
}

/* The operational secondary cut off from a live primary (the keepalive hears it). */
static void suspend_secondary(struct sw_mlag *m)
{
	int i = 1 - m->oper;
	struct sw *sec = m->sw[i];

	m->suspends[i]++;
	m->suspended_at[i] = sec->sim->now;
	m->susp = i;
	sim_log_printf(&sec->log, sec->sim->now,
		       "%%VPC-2-VPC_SUSP_ALL_VPC: Peer-link going down, suspending all vPCs on "
		       "secondary");
	hold(m, i, true);
	orphans(m, i, true);
	event(m, i, SW_MLAG_SUSPENDED);
}

static void go_dual_active(struct sw_mlag *m)
{
	if (m->dual_active)
		return;
	m->dual_active = true;
	m->dual_actives++;
	m->dual_active_at = m->sw[0]->sim->now;
	for (int i = 0; i < 2; i++)
		event(m, i, SW_MLAG_DUAL_ACTIVE);
}

static void restore(struct sim *sim, void *arg)
{
	struct sw_mlag *m = arg;

	(void)sim;
	for (int i = 0; i < 2; i++)
		if (m->held[i]) {
			hold(m, i, false);
			event(m, i, SW_MLAG_RESTORED);
		}
}

/* delay_restore_orphan after the peer link came back: orphan ports up. */
static void orphan_restore(struct sim *sim, void *arg)
{
	struct sw_mlag *m = arg;

	(void)sim;
	for (int i = 0; i < 2; i++)
		orphans(m, i, false);
}

/*
 * Auto-recovery: a switch holding its channels down (suspended for a lost
 * peer link, or back from a reload) whose keepalive has timed out takes
 * the primary's role and brings them up, its orphan ports with them.
 * With the peer dead that saves its hosts; with the peer alive and only
 * the keepalive path broken, both now forward for the domain with no sync.
 */
static void recover_now(struct sw_mlag *m)
{
	for (int i = 0; i < 2; i++) {
		bool peer_gone = m->sw[1 - i]->reloading;

		if (!m->held[i] || m->sw[i]->reloading)
			continue;
		m->recoveries[i]++;
		hold(m, i, false);
		orphans(m, i, false);
		event(m, i, SW_MLAG_AUTO_RECOVERY);
		if (!peer_gone)
			go_dual_active(m);	/* both primary; oper stays the other */
	}
}

/*
 * ---- the peer keepalive, timed ---------------------------------------------
 *
 * What NX-OS documents (Cisco Nexus 5000 Series NX-OS Layer 2 Switching
 * Configuration Guide and Cisco Nexus 3548 Interfaces Configuration Guide,
 * "Configuring Virtual Port Channels", section "Peer-Keepalive Link and
 * Messages"; the peer-keepalive command of the Cisco Nexus 9000 Series
 * NX-OS Interfaces Configuration Guide; the "vPC Keep-alive parameters" of
 * show vpc peer-keepalive; "Design and Configuration Guide: Best Practices
 * for Virtual Port Channels (vPC) on Cisco Nexus 7000 Series Switches";
 * Cisco Nexus 5000 Series NX-OS Interfaces Operations Guide, Release
 * 5.0(3)N2(1), "Virtual Port Channel Operations", vPC failure recovery;
 * the nxos vPC data model of Nexus-as-Code for the delay ranges):
 *
 *  - each peer sends a keepalive every interval (default 1000 ms, 400 ms
 *    to 10 s) over its own path (mgmt0 or an SVI, never the peer link);
 *    the peer is "not reachable through peer-keepalive" once none has
 *    come for the timeout (default 5 s, 3 to 20 s);
 *  - the keepalive is looked at only when the peer link goes down; lost
 *    alone it changes no forwarding;
 *  - hold-timeout (default 3 s, 3 to 10 s) starts when the peer link goes
 *    down: meanwhile the secondary takes no action on keepalives heard or
 *    missed, so that a primary failing a moment after its peer link (a
 *    supervisor, a reload) is not mistaken either way; after it, a
 *    keepalive heard means the primary lives (the secondary keeps its
 *    vPCs suspended, %VPC-2-VPC_SUSP_ALL_VPC), none means it is dead;
 *  - auto-recovery after the peer link and then the keepalive: the
 *    suspended secondary takes the primary role and brings its vPCs up
 *    once the keepalive is lost (the Nexus 7000 guides word it as three
 *    consecutive keepalives missed; NX-OS declares the keepalive lost when
 *    the timeout runs out, and that is when this model acts).  The
 *    "auto-recovery reload-delay" (240 s, 240 to 3600 s) is for the other
 *    case, a switch booting alone, and is not modelled;
 *  - "delay restore" (default 30 s, 1 to 3600 s) holds the vPCs after the
 *    peer link is back; "delay restore orphan-port" (0 to 300 s, 0 when
 *    not configured) does the same for orphan ports.
 *
 * Modelled: keepalives go out on a grid from time 0 (0, interval,
 * 2 * interval, ...) while the path is up and neither switch reloads; one
 * sent at the very instant the path goes is still heard.  The loss is
 * detected at the last one heard plus the timeout, computed from that
 * time and not by a periodic check, so no timer's phase decides a result
 * by accident; the return at the first one sent after the path is back.
 * The secondary decides at the instant the peer link goes, on the
 * keepalive's status then (alive: it suspends at once, as NX-OS logs show;
 * lost: dual-active), and for hold_timeout after that acts on no change.
 */
static sim_time_t ka_grid_floor(const struct sw_mlag *m, sim_time_t t)
{
	return t / m->ka_interval * m->ka_interval;
}

static sim_time_t ka_grid_ceil(const struct sw_mlag *m, sim_time_t t)
{
	return (t + m->ka_interval - 1) / m->ka_interval * m->ka_interval;
}

static void ka_log(const struct sw_mlag *m, bool up)
{
	for (int i = 0; i < 2; i++)
		if (!m->sw[i]->reloading)
			sim_log_printf(&m->sw[i]->log, m->sw[i]->sim->now,
				       up ? "%%VPC-2-PEER_KEEP_ALIVE_RECV_SUCCESS: In domain %s, "
					    "vPC peer keep-alive receive is successful"
					  : "%%VPC-2-PEER_KEEP_ALIVE_RECV_FAIL: In domain %s, VPC "
					    "peer keep-alive receive has failed",
				       m->name);
}

/*
 * The keepalive's status changed (or hold_timeout ran out) while the peer
 * link is down: lost, a held switch brings its channels up (auto-recovery);
 * heard in a dual-active, the operational secondary suspends.  Not within
 * hold_timeout of the peer link's loss: then at its end.
 */
static void decide(struct sw_mlag *m)
{
	struct sim *sim = m->sw[0]->sim;

	if (!m->finished || m->peer_link_was_up)
		return;		/* with the peer link up, the keepalive changes nothing */
	if (m->pl_down_at >= 0 && sim->now < m->pl_down_at + m->hold_timeout) {
		if (!sim_timer_pending(&m->hold_end))
			sim_timer_arm(sim, &m->hold_end, m->pl_down_at + m->hold_timeout);
		return;
	}
	if (!m->keepalive) {
		if (m->auto_recovery)
			recover_now(m);
		return;
	}
	if (m->dual_active && !m->sw[0]->reloading && !m->sw[1]->reloading) {
		/* each hears the other again over a dead peer link: the split ends as
		 * on a peer-link loss, the operational secondary suspending */
		m->dual_active = false;
		suspend_secondary(m);
	}
}

static void hold_end(struct sim *sim, void *arg)
{
	(void)sim;
	decide(arg);
}

/* The timeout ran out since the last keepalive heard. */
static void ka_lost(struct sim *sim, void *arg)
{
	struct sw_mlag *m = arg;

	(void)sim;
	m->keepalive = false;
	ka_log(m, false);
	decide(m);
}

/* A keepalive heard: the first since they flow again. */
static void ka_hello(struct sim *sim, void *arg)
{
	struct sw_mlag *m = arg;

	m->ka_heard = sim->now;
	sim_timer_cancel(sim, &m->ka_lost);
	if (m->keepalive)
		return;		/* a gap shorter than the timeout: nobody noticed */
	m->keepalive = true;
	ka_log(m, true);
	decide(m);
}

sim_time_t sw_mlag_ka_last_heard(const struct sw_mlag *m)
{
	if (m->finished && m->ka_flowing && !sim_timer_pending(&m->ka_hello))
		return MAX(m->ka_heard, ka_grid_floor(m, m->sw[0]->sim->now));
	return m->ka_heard;
}

/* Do keepalives flow (the path up, neither switch reloading)?  On a change, time it. */
static void ka_update(struct sw_mlag *m)
{
	struct sim *sim = m->sw[0]->sim;
	bool flowing = m->ka_path && !m->sw[0]->reloading && !m->sw[1]->reloading;

	if (!m->finished || flowing == m->ka_flowing)
		return;
	m->ka_flowing = flowing;
	if (flowing) {
		m->ka_flowing_since = sim->now;
		sim_timer_arm(sim, &m->ka_hello, ka_grid_ceil(m, sim->now));
		return;
	}
	/* heard since they last began to flow: every one up to now */
	if (!sim_timer_pending(&m->ka_hello))
		m->ka_heard = MAX(m->ka_heard, ka_grid_floor(m, sim->now));
	sim_timer_cancel(sim, &m->ka_hello);
	if (m->keepalive)
		sim_timer_arm(sim, &m->ka_lost, MAX(sim->now, m->ka_heard + m->ka_timeout));
}

static void role_to(struct sw_mlag *m, int i)
{
	m->oper = i;
	m->oper_since = m->sw[i]->sim->now;
	event(m, i, SW_MLAG_ROLE);
}

/* What each switch saw at the last check, and what it does about the change. */
void sw_mlag_check(struct sw *sw)
{
	struct sw_mlag *m = sw->mlag;
	struct sim *sim;
	bool up, any_reloading;

	if (!m || !m->finished || m->checking)
		return;
	sim = sw->sim;
	m->checking = true;
	any_reloading = m->sw[0]->reloading || m->sw[1]->reloading;
	for (int i = 0; i < 2; i++) {
		bool r = m->sw[i]->reloading;

		if (r && !m->was_reloading[i]) {
			/* gone: its tables are lost, it holds its channels when back */
			sim_timer_cancel(sim, &m->restore);
			m->rejoining[i] = true;
			if (m->held[i]) {
				hold(m, i, false);
				orphans(m, i, false);
			}
			m->dual_active = false;
			/* the operational primary gone, the other takes the role and keeps it */
			if (m->oper == i && !m->sw[1 - i]->reloading)
				role_to(m, 1 - i);
		}
		m->was_reloading[i] = r;
	}
	/* a reload stops the keepalives (the other notices at the timeout), its end restarts them */
	ka_update(m);
	up = peer_link_up(m->sw[1 - m->oper]);
	for (int i = 0; i < 2; i++) {
		bool mine = !m->sw[i]->reloading && peer_link_up(m->sw[i]);

		if (mine && !m->pl_up[i] && !m->sw[1 - i]->reloading)
			bulk_sync(m->sw[i]);
		m->pl_up[i] = mine;
	}
	if (!any_reloading) {
		for (int i = 0; i < 2; i++) {
			if (!m->rejoining[i])
				continue;
			m->rejoining[i] = false;
			m->holds[i]++;
			hold(m, i, true);
			event(m, i, SW_MLAG_HELD);
		}
		if (!up) {
			sim_timer_cancel(sim, &m->restore);	/* down again while waiting */
			sim_timer_cancel(sim, &m->orphan_restore);
			if (m->peer_link_was_up)
				m->pl_down_at = sim->now;	/* hold_timeout from here */
			if (m->peer_link_was_up && m->susp < 0 && !m->dual_active) {
				/* the keepalive's status now: heard within the timeout or not */
				if (m->keepalive)
					suspend_secondary(m);
				else
					go_dual_active(m);	/* each takes the other for dead */
			}
		} else {
			m->dual_active = false;
			sim_timer_cancel(sim, &m->hold_end);
			/* orphan ports come back with the peer link (delay restore
			 * orphan-port after it), not after delay restore */
			if (!m->delay_restore_orphan) {
				for (int i = 0; i < 2; i++)
					orphans(m, i, false);
			} else if (!m->peer_link_was_up) {
				sim_timer_arm_in(sim, &m->orphan_restore, m->delay_restore_orphan);
			}
			if ((m->held[0] || m->held[1]) && !sim_timer_pending(&m->restore))
				sim_timer_arm_in(sim, &m->restore, m->delay_restore);
		}
	}
	m->peer_link_was_up = up;
	m->checking = false;
}

void sw_mlag_keepalive(struct sw_mlag *m, bool up)
{
	if (m->ka_path == up)
		return;
	m->ka_path = up;
	ka_update(m);
}

void sw_mlag_detach(struct sw *sw)
{
	struct sw_mlag *m = sw->mlag;

	/* one switch gone: the domain checks nothing more */
	sim_timer_cancel(sw->sim, &m->restore);
	sim_timer_cancel(sw->sim, &m->ka_lost);
	sim_timer_cancel(sw->sim, &m->ka_hello);
	sim_timer_cancel(sw->sim, &m->hold_end);
	sim_timer_cancel(sw->sim, &m->orphan_restore);
	m->finished = false;
}
