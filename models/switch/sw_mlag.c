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
 *    sees two ports with one number.  A pasted NX-OS domain speaks as a
 *    Nexus pair does instead (sw_mlag_set_nxos_lacp()): key 0x8000 + the
 *    vPC number, 0x4000 on the second switch's port numbers.  A bond cabled once to each switch
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
 * The rest, from the roles on, is sw_mlag_peer.c's job:
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
 *    it at once; with its peer still away too.  With auto-recovery, if it
 *    has neither seen the peer link up nor heard a keepalive for
 *    reload_delay (NX-OS's "auto-recovery reload-delay", 240 s), it takes
 *    the role and brings them up alone.
 *  - the primary reloading with the peer link up: the secondary takes
 *    the role and suspends nothing, as NX-OS does (the reload takes the
 *    keepalive with the peer link, so the secondary hears no live primary).
 *
 * Deviations: the keepalives run on grids a fixed half interval apart (a
 * [faults] cut is both ways or one, each switch judging by what it hears) (the first switch's from 0); the secondary suspends at the instant the
 * peer link goes when the keepalive is still heard, and a primary's reload
 * with the peer link up hands its role over at once (NX-OS: when the
 * keepalive times out; nothing is suspended either way); after a
 * dual-active the former secondary suspends; the start of the run is no
 * boot (no reload-delay then); the two switches share LACP identity but
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
	m->second_port = 0x8000;
	sw_mlag_peer_init(m);
	return m;
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

void sw_mlag_set_nxos_lacp(struct sw_mlag *m)
{
	m->key_base = SW_MLAG_NXOS_KEY_BASE;
	m->second_port = SW_MLAG_NXOS_SECOND_PORT;
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
	/* every VLAN crosses to the peer, the untagged ones as before */
	sw_vlan_peer_link(sw, m->peer_link[mlag_index(sw)]);
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

	lag->key = (uint16_t)(m->key_base + lag->mlag_id);
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
		lp->actor_port_number = (uint16_t)(p->number | (i ? m->second_port : 0));
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
	m->elected = m->oper = sw_mlag_elect(m);
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

bool sw_mlag_peer_link_up(const struct sw *sw)
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
	if (to->reloading || !sw_mlag_peer_link_up(sw))
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
void sw_mlag_bulk_sync(struct sw *sw)
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

