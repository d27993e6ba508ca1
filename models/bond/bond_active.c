/*
 * bond_active.c - which slave is active: the choice, the change, and the
 * administrator's writes that move it.
 *
 * DOC: bond_main.c's bond_choose_primary_or_current(),
 * bond_find_best_slave(), bond_select_active_slave(),
 * bond_change_active_slave() and bond_do_fail_over_mac(): the primary if up
 * (as primary_reselect allows), else the UP slave with the highest prio
 * (the first of equals), else the current one, else a slave still in
 * updelay; a new active slave starts the peer notification countdown
 * (bond_monitor.c).  And bond_options.c's run-time writes:
 * active_slave, prio and primary, refused with the kernel's lines (a slave
 * that is down, or any slave while the bond has no active one, cannot be
 * made active; "" forgets the active slave without making it a backup,
 * then chooses again).
 */
#include <stdarg.h>
#include <stdio.h>
#include "bond.h"
#include "wire/wire.h"

/* bond_choose_primary_or_current() */
static struct slave *choose_primary_or_current(struct bond *bond)
{
	struct slave *prim = bond->primary, *curr = bond->curr_active, *hprio = NULL;

	if (!prim || prim->link != BOND_LINK_UP) {
		for (guint i = 0; i < bond->slaves->len; i++) {
			struct slave *s = bond_slave(bond, i);

			if (s->link != BOND_LINK_UP)
				continue;
			if (!hprio)
				hprio = s;
			if (s->prio > hprio->prio)
				hprio = s;
		}
		if (hprio && hprio != curr) {
			prim = hprio;
			goto link_reselect;
		}
		if (!curr || curr->link != BOND_LINK_UP)
			return NULL;
		return curr;
	}
	if (bond->force_primary) {
		bond->force_primary = false;
		return prim;
	}
link_reselect:
	if (!curr || curr->link != BOND_LINK_UP)
		return prim;
	switch (bond->params.primary_reselect) {
	case BOND_OPT_PRI_RESELECT_ALWAYS:
		return prim;
	case BOND_OPT_PRI_RESELECT_BETTER:
		if (prim->dev->speed_bps < curr->dev->speed_bps)
			return curr;
		if (prim->dev->speed_bps == curr->dev->speed_bps &&
		    prim->dev->full_duplex <= curr->dev->full_duplex)
			return curr;
		return prim;
	default:	/* failure */
		return curr;
	}
}

/* bond_find_best_slave() */
static struct slave *find_best_slave(struct bond *bond)
{
	struct slave *best = NULL, *s = choose_primary_or_current(bond);
	int mintime = bond->params.updelay_ticks;

	if (s)
		return s;
	for (guint i = 0; i < bond->slaves->len; i++) {
		s = bond_slave(bond, i);
		if (s->link == BOND_LINK_UP)
			return s;
		/* still counting updelay: the one closest to the end */
		if (s->link == BOND_LINK_BACK && bond_slave_is_up(s) && s->delay < mintime) {
			mintime = s->delay;
			best = s;
		}
	}
	return best;
}

/* bond_get_old_active(): the other slave wearing the bond's MAC. */
static struct slave *get_old_active(struct bond *bond, struct slave *new_active)
{
	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);

		if (s != new_active && mac_equal(bond->dev.mac, s->dev->mac))
			return s;
	}
	return NULL;
}

/* bond_do_fail_over_mac() */
static void do_fail_over_mac(struct bond *bond, struct slave *new_active, struct slave *old)
{
	uint8_t tmp[6];

	switch (bond->params.fail_over_mac) {
	case BOND_OPT_FOM_ACTIVE:
		/* the bond wears the new active slave's own MAC (and its VLAN
		 * devices with it, vlan_sync_address) */
		netdev_set_mac(&bond->dev, new_active->dev->mac);
		break;
	case BOND_OPT_FOM_FOLLOW:
		/* the new active slave gets the bond's MAC; the old one, its MAC */
		if (!old)
			old = get_old_active(bond, new_active);
		if (!old) {
			netdev_store_mac(new_active->dev, bond->dev.mac);
			break;
		}
		memcpy(tmp, new_active->dev->mac, 6);
		netdev_store_mac(new_active->dev, old->dev->mac);
		netdev_store_mac(old->dev, tmp);
		break;
	default:
		break;
	}
}

void bond_change_active_slave(struct bond *bond, struct slave *new_active)
{
	struct slave *old = bond->curr_active;
	const struct bond_params *p = &bond->params;

	if (old == new_active)
		return;
	if (new_active) {
		new_active->last_link_up = bond_jiffies(bond);
		if (new_active->link == BOND_LINK_BACK) {
			/* the kernel prints the time already waited, not what is left */
			if (bond_uses_primary(bond))
				bond_log(bond, new_active,
					 "making interface the new active one %d ms earlier",
					 (p->updelay_ticks - new_active->delay) * p->miimon);
			new_active->delay = 0;
			bond_set_slave_link_state(new_active, BOND_LINK_UP);
			bond_link_committed(new_active, BOND_MON_MII);
			/* bond_alb_handle_link_change(UP); the kernel tells 802.3ad too */
			if (bond_is_lb(bond) && bond->ops->link_change)
				bond->ops->link_change(bond, new_active);
		} else if (bond_uses_primary(bond)) {
			bond_log(bond, new_active, "making interface the new active one");
		}
	}
	bond->curr_active = new_active;
	if (bond->ops->active_change)
		bond->ops->active_change(bond, old, new_active);
	else
		bond_failover_notify(bond, old, new_active);
}

/*
 * NETDEV_BONDING_FAILOVER to the bond's subscribers.  The kernel sends it
 * from active-backup's failover only; bondsim tells every change of
 * curr_active_slave, so that reports see all of them.
 */
void bond_failover_notify(struct bond *bond, struct slave *old, struct slave *new_active)
{
	struct bond_failover_info info = { old, new_active };

	netdev_notify(&bond->dev, NETDEV_BONDING_FAILOVER, &info);
}

/* Active-backup's part of bond_change_active_slave(). */
void bond_ab_active_change(struct bond *bond, struct slave *old, struct slave *new_active)
{
	const struct bond_params *p = &bond->params;
	bool notify = false;

	if (old)
		bond_set_slave_inactive_flags(old);
	if (new_active) {
		bond_set_slave_active_flags(new_active);
		if (p->fail_over_mac)
			do_fail_over_mac(bond, new_active, old);
		if (bond->up) {
			uint32_t every = (uint32_t)MAX(1, p->peer_notif_ticks);

			bond->send_peer_notif = (uint32_t)p->num_peer_notif * every;
			notify = bond_should_notify_peers(bond);
		}
	}
	/* NETDEV_BONDING_FAILOVER, then the first NETDEV_NOTIFY_PEERS */
	bond_failover_notify(bond, old, new_active);
	if (notify) {
		bond->send_peer_notif--;
		bond_notify_peers(bond);
	}
}

void bond_select_active_slave(struct bond *bond)
{
	struct slave *best = find_best_slave(bond);

	if (best == bond->curr_active)
		return;
	bond_change_active_slave(bond, best);
	if (!bond_set_carrier(bond))
		return;
	if (bond->dev.carrier)
		bond_log(bond, NULL, "active interface up!");
	else
		bond_log(bond, NULL, "now running without any active interface!");
}

/* bond_opt_dep_print(): logged, and the caller's error. */
static void set_mode_error(const struct bond *bond, const char *opt, GError **error)
{
	bond_log(bond, NULL, "option %s: mode dependency failed, not supported in mode %s(%d)",
		 opt, bond_mode_name(bond->params.mode), bond->params.mode);
	g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_MODE,
		    "option %s: mode dependency failed, not supported in mode %s(%d)", opt,
		    bond_mode_name(bond->params.mode), bond->params.mode);
}

/* A refusal of bond_option_active_slave_set(): its line, then -EINVAL's. */
static gboolean active_slave_invalid(const struct bond *bond, const char *ifname,
				     const char *why, GError **error)
{
	bond_log(bond, NULL, "(slave %s): %s", ifname, why);
	bond_log(bond, NULL, "option active_slave: invalid value (%s)", ifname);
	g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
		    "option active_slave: invalid value (%s): %s", ifname, why);
	return FALSE;
}

gboolean bond_set_active_slave(struct bond *bond, const char *ifname, struct netdev *dev,
			       GError **error)
{
	struct slave *new_active;
	char why[128];

	if (!bond_uses_primary(bond)) {
		set_mode_error(bond, "active_slave", error);
		return FALSE;
	}
	if (ifname[0] && !dev) {
		bond_log(bond, NULL, "option active_slave: interface %s does not exist!", ifname);
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
			    "option active_slave: interface %s does not exist!", ifname);
		return FALSE;
	}
	if (dev && !dev->master)
		return active_slave_invalid(bond, dev->name, "Device is not bonding slave", error);
	if (dev && dev->master != &bond->dev)
		return active_slave_invalid(bond, dev->name, "Device is not our slave", error);
	if (!dev) {
		/* "" clears: the old one keeps its flags, a new choice is made */
		bond->curr_active = NULL;
		bond_select_active_slave(bond);
		return TRUE;
	}
	new_active = bond_find_slave(bond, dev->name);
	if (new_active == bond->curr_active)
		return TRUE;
	if (bond->curr_active && new_active->link == BOND_LINK_UP &&
	    bond_slave_is_up(new_active)) {
		bond_change_active_slave(bond, new_active);
		return TRUE;
	}
	g_snprintf(why, sizeof(why),
		   "Could not set as active slave; either %s is down or the link is down",
		   dev->name);
	return active_slave_invalid(bond, dev->name, why, error);
}

gboolean bond_set_slave_prio(struct bond *bond, struct slave *s, int prio, GError **error)
{
	if (!bond_uses_primary(bond)) {
		set_mode_error(bond, "prio", error);
		return FALSE;
	}
	s->prio = prio;
	if (bond->primary)
		bond_log(bond, s, "prio updated, but will not affect failover re-selection as "
				  "primary slave have been set");
	else
		bond_select_active_slave(bond);
	return TRUE;
}

gboolean bond_set_primary(struct bond *bond, const char *name, GError **error)
{
	struct slave *s;

	if (!bond_uses_primary(bond)) {
		set_mode_error(bond, "primary", error);
		return FALSE;
	}
	if (!name[0]) {
		bond->primary = NULL;
		memset(bond->params.primary, 0, sizeof(bond->params.primary));
		bond_select_active_slave(bond);
		return TRUE;
	}
	s = bond_find_slave(bond, name);
	if (s) {
		bond->primary = s;
		g_strlcpy(bond->params.primary, name, sizeof(bond->params.primary));
		bond->force_primary = true;
		bond_select_active_slave(bond);
		return TRUE;
	}
	/* "Recording %s as primary, but it has not been enslaved yet" */
	if (bond->primary) {
		bond->primary = NULL;
		bond_select_active_slave(bond);
	}
	g_strlcpy(bond->params.primary, name, sizeof(bond->params.primary));
	return TRUE;
}

