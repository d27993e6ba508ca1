/*
 * sw_mlag_peer.c - MLAG roles, the peer link lost, the peer keepalive, reloads.
 *
 * DOC: what the two switches of a domain (sw_mlag.c) do when they lose
 * each other: the roles, the secondary's suspension, the keepalive as a
 * timed exchange with NX-OS's timers (interval, timeout, hold-timeout;
 * the comment above ka_grid_floor() says what NX-OS documents and
 * where), auto-recovery, dual-active, delay restore (also for orphan
 * ports) and a reload's hold.  sw_mlag.c's DOC has the behaviour and the
 * deviations.
 */
#include <string.h>

#include "sw_priv.h"

static void restore(struct sim *sim, void *arg);
static void ka_lost_0(struct sim *sim, void *arg);
static void ka_lost_1(struct sim *sim, void *arg);
static void ka_hello_0(struct sim *sim, void *arg);
static void ka_hello_1(struct sim *sim, void *arg);
static void hold_end(struct sim *sim, void *arg);
static void orphan_restore(struct sim *sim, void *arg);
static void reload_wait_0(struct sim *sim, void *arg);
static void reload_wait_1(struct sim *sim, void *arg);

void sw_mlag_peer_init(struct sw_mlag *m)
{
	m->keepalive[0] = m->keepalive[1] = true;
	m->ka_path[0] = m->ka_path[1] = m->ka_flowing[0] = m->ka_flowing[1] = true;
	m->ka_interval = SW_MLAG_DEFAULT_KEEPALIVE_INTERVAL;
	m->ka_timeout = SW_MLAG_DEFAULT_KEEPALIVE_TIMEOUT;
	m->hold_timeout = SW_MLAG_DEFAULT_HOLD_TIMEOUT;
	m->pl_down_at = -1;
	m->auto_recovery = true;
	m->delay_restore = SW_MLAG_DEFAULT_DELAY_RESTORE;
	m->role_priority[0] = m->role_priority[1] = SW_MLAG_DEFAULT_ROLE_PRIORITY;
	m->susp = -1;
	m->suspended_at[0] = m->suspended_at[1] = m->dual_active_at = -1;
	m->reload_delay = SW_MLAG_DEFAULT_RELOAD_DELAY;
	m->reload_recovered_at[0] = m->reload_recovered_at[1] = -1;
	sim_timer_init(&m->reload_wait[0], reload_wait_0, m);
	sim_timer_init(&m->reload_wait[1], reload_wait_1, m);
	sim_timer_init(&m->restore, restore, m);
	sim_timer_init(&m->ka_lost[0], ka_lost_0, m);
	sim_timer_init(&m->ka_lost[1], ka_lost_1, m);
	sim_timer_init(&m->ka_hello[0], ka_hello_0, m);
	sim_timer_init(&m->ka_hello[1], ka_hello_1, m);
	sim_timer_init(&m->hold_end, hold_end, m);
	sim_timer_init(&m->orphan_restore, orphan_restore, m);
}

void sw_mlag_set_keepalive(struct sw_mlag *m, bool keepalive, sim_time_t delay_restore)
{
	/* before the run: configured, the keepalive has been heard all along */
	m->keepalive[0] = m->keepalive[1] = keepalive;
	m->ka_path[0] = m->ka_path[1] = m->ka_flowing[0] = m->ka_flowing[1] = keepalive;
	m->ka_heard[0] = m->ka_heard[1] = keepalive ? 0 : -1;	/* -1: never heard */
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

void sw_mlag_set_reload_delay(struct sw_mlag *m, sim_time_t delay)
{
	g_assert(delay > 0);
	m->reload_delay = delay;
}


/* NX-OS's election: the lower role priority, then the lower system MAC. */
int sw_mlag_elect(const struct sw_mlag *m)
{
	if (m->role_priority[0] != m->role_priority[1])
		return m->role_priority[0] < m->role_priority[1] ? 0 : 1;
	return memcmp(m->sw[0]->base_mac, m->sw[1]->base_mac, 6) <= 0 ? 0 : 1;
}

static const char *const event_names[] = {
	[SW_MLAG_SUSPENDED] = "suspended", [SW_MLAG_HELD] = "held",
	[SW_MLAG_RESTORED] = "restored", [SW_MLAG_AUTO_RECOVERY] = "auto-recovery",
	[SW_MLAG_DUAL_ACTIVE] = "dual-active", [SW_MLAG_ROLE] = "role",
	[SW_MLAG_RELOAD_RECOVERY] = "reload-delay",
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
	if (!on)	/* up by any road: the reload-delay has nothing left to do */
		sim_timer_cancel(sw->sim, &m->reload_wait[i]);
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

		if (!m->held[i] || m->sw[i]->reloading || m->keepalive[i])
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
 *    case, a switch booting alone: reload_alone();
 *  - "delay restore" (default 30 s, 1 to 3600 s) holds the vPCs after the
 *    peer link is back; "delay restore orphan-port" (0 to 300 s, 0 when
 *    not configured) does the same for orphan ports.
 *
 * Modelled: each switch's keepalives go out on a grid of its own (the
 * first switch's from 0: 0, interval, 2 * interval, ...; the second's half
 * an interval later, ka_phase()) while the path is up and neither switch
 * reloads; one sent at the very instant the path goes is still heard.
 * The path is two directions, cut together or one alone (ka_path[i]: to
 * switch i), and each switch judges its peer by what reaches it.
 * Each switch detects the loss at the last one it heard plus the
 * timeout, computed from that time and not by a periodic check, so no
 * timer's phase decides a result by accident; the return at the other's
 * first one after the path is back.  The secondary decides at the instant
 * the peer link goes, on the keepalive's status as it hears it then (alive: it suspends at once, as NX-OS logs show;
 * lost: dual-active), and for hold_timeout after that acts on no change.
 */
/*
 * Each switch sends on its own grid: the first switch of the domain at 0,
 * interval, 2 * interval ...; the second half an interval later (a fixed
 * phase, so every run is the same, and the two never send at the same
 * instant, as two switches booted apart would not).  Switch @s's last
 * keepalive sent at or before @t (before its first: one interval earlier,
 * negative, which the "heard all along" of time 0 covers), and its first
 * at or after @t.
 */
static sim_time_t ka_phase(const struct sw_mlag *m, int s)
{
	return s ? m->ka_interval / 2 : 0;
}

static sim_time_t ka_grid_floor(const struct sw_mlag *m, int s, sim_time_t t)
{
	sim_time_t d = t - ka_phase(m, s);

	return d < 0 ? ka_phase(m, s) - m->ka_interval
		     : ka_phase(m, s) + d / m->ka_interval * m->ka_interval;
}

static sim_time_t ka_grid_ceil(const struct sw_mlag *m, int s, sim_time_t t)
{
	sim_time_t d = t - ka_phase(m, s);

	return d <= 0 ? ka_phase(m, s)
		      : ka_phase(m, s) + (d + m->ka_interval - 1) / m->ka_interval * m->ka_interval;
}

sim_time_t sw_mlag_ka_last_sent(const struct sw_mlag *m, int i)
{
	return ka_grid_floor(m, i, m->sw[i]->sim->now);
}

/* Switch @i's keepalive status changed: its own log says so. */
static void ka_log(const struct sw_mlag *m, int i, bool up)
{
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
	/* a held switch that no longer hears its peer (its own view: the grids differ) */
	if (m->auto_recovery)
		recover_now(m);
	if (!m->keepalive[1 - m->oper])
		return;
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

/* The timeout ran out since the last keepalive switch @i heard. */
static void ka_lost(struct sw_mlag *m, int i)
{
	m->keepalive[i] = false;
	ka_log(m, i, false);
	decide(m);
}

/* Switch @i hears a keepalive: the first since they flow again. */
static void ka_hello(struct sw_mlag *m, int i)
{
	struct sim *sim = m->sw[i]->sim;

	m->ka_heard[i] = sim->now;
	sim_timer_cancel(sim, &m->ka_lost[i]);
	/* the peer heard: back from a reload, it waits for it, however long */
	sim_timer_cancel(sim, &m->reload_wait[i]);
	if (m->keepalive[i])
		return;		/* a gap shorter than the timeout: nobody noticed */
	m->keepalive[i] = true;
	ka_log(m, i, true);
	decide(m);
}

static void ka_lost_0(struct sim *sim, void *arg)
{
	(void)sim;
	ka_lost(arg, 0);
}

static void ka_lost_1(struct sim *sim, void *arg)
{
	(void)sim;
	ka_lost(arg, 1);
}

static void ka_hello_0(struct sim *sim, void *arg)
{
	(void)sim;
	ka_hello(arg, 0);
}

static void ka_hello_1(struct sim *sim, void *arg)
{
	(void)sim;
	ka_hello(arg, 1);
}

sim_time_t sw_mlag_ka_last_heard(const struct sw_mlag *m, int i)
{
	if (m->finished && m->ka_flowing[i] && !sim_timer_pending(&m->ka_hello[i]))
		return MAX(m->ka_heard[i], ka_grid_floor(m, 1 - i, m->sw[i]->sim->now));
	return m->ka_heard[i];
}

/*
 * Do keepalives flow to each switch (the path to it up, neither switch
 * reloading)?  On a change, time it.  Each direction on its own: NX-OS
 * reports send and receive apart, and each switch judges its peer by
 * what it receives.
 */
static void ka_update(struct sw_mlag *m)
{
	struct sim *sim = m->sw[0]->sim;

	if (!m->finished)
		return;
	for (int i = 0; i < 2; i++) {
		bool flowing = m->ka_path[i] && !m->sw[0]->reloading && !m->sw[1]->reloading;

		if (flowing == m->ka_flowing[i])
			continue;
		m->ka_flowing[i] = flowing;
		if (flowing) {
			/* it hears the other's next one, on the other's grid */
			sim_timer_arm(sim, &m->ka_hello[i], ka_grid_ceil(m, 1 - i, sim->now));
			continue;
		}
		/* heard since they last began to flow: every one the peer sent up to now */
		if (!sim_timer_pending(&m->ka_hello[i]))
			m->ka_heard[i] = MAX(m->ka_heard[i], ka_grid_floor(m, 1 - i, sim->now));
		sim_timer_cancel(sim, &m->ka_hello[i]);
		if (m->keepalive[i])
			sim_timer_arm(sim, &m->ka_lost[i],
				      MAX(sim->now, m->ka_heard[i] + m->ka_timeout));
	}
}

static void role_to(struct sw_mlag *m, int i)
{
	m->oper = i;
	m->oper_since = m->sw[i]->sim->now;
	event(m, i, SW_MLAG_ROLE);
}

/*
 * "auto-recovery reload-delay" ran out: switch @i, back from a reload,
 * has neither seen its end of the peer link up nor heard a keepalive
 * since (either stops the timer).  NX-OS's guides (Nexus 7000 "Restore on
 * Reload" and "Autorecovery", Nexus 5000 Interfaces Operations Guide
 * 5.0(3)N2(1), "vPC Peer Switch Failure") say the switch then takes the
 * primary role whatever its role priority and brings its vPCs up, the
 * consistency check bypassed: both switches reloaded and one came back,
 * it would otherwise keep its vPCs suspended for ever.  With the peer in
 * fact alive (peer link and keepalive path both cut), both now forward:
 * dual-active, and the operational primary stays the other, as in
 * recover_now().
 */
static void reload_alone(struct sw_mlag *m, int i)
{
	struct sim *sim = m->sw[i]->sim;
	bool peer_gone = m->sw[1 - i]->reloading;

	if (!m->held[i] || m->sw[i]->reloading)
		return;
	m->recoveries[i]++;
	m->reload_recoveries[i]++;
	m->reload_recovered_at[i] = sim->now;
	if (peer_gone && m->oper != i) {
		/* the role, as the reload-delay's own (no SW_MLAG_ROLE: no primary reloaded) */
		m->oper = i;
		m->oper_since = sim->now;
	}
	hold(m, i, false);
	orphans(m, i, false);
	event(m, i, SW_MLAG_RELOAD_RECOVERY);
	if (!peer_gone)
		go_dual_active(m);
}

static void reload_wait_0(struct sim *sim, void *arg)
{
	(void)sim;
	reload_alone(arg, 0);
}

static void reload_wait_1(struct sim *sim, void *arg)
{
	(void)sim;
	reload_alone(arg, 1);
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
			sim_timer_cancel(sim, &m->reload_wait[i]);
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
	up = sw_mlag_peer_link_up(m->sw[1 - m->oper]);
	for (int i = 0; i < 2; i++) {
		bool mine = !m->sw[i]->reloading && sw_mlag_peer_link_up(m->sw[i]);

		if (mine && !m->pl_up[i] && !m->sw[1 - i]->reloading)
			sw_mlag_bulk_sync(m->sw[i]);
		m->pl_up[i] = mine;
	}
	for (int i = 0; i < 2; i++) {
		/*
		 * Back, even with the peer still away (both reloaded, one back):
		 * NX-OS keeps the vPCs down until it meets the peer, and with
		 * auto-recovery for reload-delay at most (reload_alone()).
		 */
		if (!m->rejoining[i] || m->sw[i]->reloading)
			continue;
		m->rejoining[i] = false;
		m->holds[i]++;
		hold(m, i, true);
		event(m, i, SW_MLAG_HELD);
		if (m->auto_recovery)
			sim_timer_arm_in(sim, &m->reload_wait[i], m->reload_delay);
	}
	for (int i = 0; i < 2; i++)
		if (m->pl_up[i])	/* its end of the peer link up: the peer is there */
			sim_timer_cancel(sim, &m->reload_wait[i]);
	if (!any_reloading) {
		if (!up) {
			sim_timer_cancel(sim, &m->restore);	/* down again while waiting */
			sim_timer_cancel(sim, &m->orphan_restore);
			if (m->peer_link_was_up)
				m->pl_down_at = sim->now;	/* hold_timeout from here */
			if (m->peer_link_was_up && m->susp < 0 && !m->dual_active) {
				/* the keepalive's status now: heard within the timeout or not */
				if (m->keepalive[1 - m->oper])	/* the secondary's own view */
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
	m->ka_path[0] = m->ka_path[1] = up;
	ka_update(m);
}

void sw_mlag_keepalive_from(struct sw_mlag *m, const struct sw *from, bool up)
{
	g_assert(from->mlag == m);
	m->ka_path[m->sw[0] == from ? 1 : 0] = up;
	ka_update(m);
}

void sw_mlag_detach(struct sw *sw)
{
	struct sw_mlag *m = sw->mlag;

	/* one switch gone: the domain checks nothing more */
	sim_timer_cancel(sw->sim, &m->restore);
	for (int i = 0; i < 2; i++) {
		sim_timer_cancel(sw->sim, &m->ka_lost[i]);
		sim_timer_cancel(sw->sim, &m->ka_hello[i]);
	}
	sim_timer_cancel(sw->sim, &m->hold_end);
	sim_timer_cancel(sw->sim, &m->orphan_restore);
	for (int i = 0; i < 2; i++)
		sim_timer_cancel(sw->sim, &m->reload_wait[i]);
	m->finished = false;
}
