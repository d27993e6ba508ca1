/*
 * bond.c - bond device lifecycle, enslaving, receive, carrier, active slave.
 *
 * DOC: Follows drivers/net/bonding/bond_main.c (Linux 6.x):
 * - bond_enslave(): the bond takes the first slave's MAC when it has none,
 *   and (fail_over_mac=none) writes its MAC into every slave, which is why a
 *   mode-0 bond shows one MAC on several switch ports.  The slave's initial
 *   link state depends on the monitor: with miimon, UP (or BACK for updelay)
 *   if it has carrier; with no monitor at all, UP whatever its carrier.
 * - rx (bond_handle_frame): frames on an inactive slave reach only exact
 *   matches, so for the IP stack they are dropped unless all_slaves_active.
 * - carrier: the bond has carrier while one slave's link is UP (non-802.3ad).
 * - bond_select_active_slave()/bond_find_best_slave(): the primary if it is
 *   up and primary_reselect allows, else the current one if still up, else
 *   the first slave found up (in enslave order, starting after the current).
 */
#include <stdarg.h>
#include <stdio.h>
#include "bond.h"

void bond_log(const struct bond *bond, const struct slave *s, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!bond->log)
		return;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	/* The kernel's slave_info()/netdev_info() prefixes. */
	if (s)
		sim_log_printf(bond->log, bond->dev.sim->now, "%s: (slave %s): %s", bond->dev.name,
			       s->nic->dev.name, msg);
	else
		sim_log_printf(bond->log, bond->dev.sim->now, "%s: %s", bond->dev.name, msg);
	g_free(msg);
}

static void bond_rx(void *owner, struct netdev *dev, struct frame *f);

struct bond *bond_new(struct sim *sim, const char *host, const char *name,
		      const struct bond_params *params, struct sim_log *log)
{
	static const struct netdev_ops bond_ops = { .xmit = bond_xmit };
	struct bond *bond = g_new0(struct bond, 1);
	char stream[96];

	netdev_init(&bond->dev, sim, &bond_ops, host, name, NULL);
	bond->params = *params;
	bond->slaves = g_ptr_array_new_with_free_func(g_free);
	bond->log = log;
	sim_timer_init(&bond->mii_timer, bond_mii_monitor, bond);
	sim_timer_init(&bond->arp_timer, bond_arp_monitor, bond);
	sim_timer_init(&bond->notify_timer, bond_peer_notify, bond);
	g_snprintf(stream, sizeof(stream), "bond:%s.%s", host, name);
	rng_init(&bond->rng, sim->seed, stream);
	return bond;
}

void bond_free(struct bond *bond)
{
	if (!bond)
		return;
	sim_timer_cancel(bond->dev.sim, &bond->mii_timer);
	sim_timer_cancel(bond->dev.sim, &bond->arp_timer);
	sim_timer_cancel(bond->dev.sim, &bond->notify_timer);
	g_free(bond->usable);
	g_ptr_array_free(bond->slaves, TRUE);
	g_free(bond);
}

struct slave *bond_find_slave(const struct bond *bond, const char *name)
{
	for (guint i = 0; i < bond->slaves->len; i++)
		if (strcmp(bond_slave(bond, i)->nic->dev.name, name) == 0)
			return bond_slave(bond, i);
	return NULL;
}

bool bond_slave_can_tx(const struct slave *s)
{
	return s->nic->dev.carrier && s->link == BOND_LINK_UP && !s->backup;
}

void bond_update_slave_arr(struct bond *bond)
{
	bond->usable_count = 0;
	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);

		if (bond_slave_can_tx(s))
			bond->usable[bond->usable_count++] = s;
	}
}

void bond_set_carrier(struct bond *bond)
{
	bool any = false;

	for (guint i = 0; i < bond->slaves->len; i++)
		if (bond_slave(bond, i)->link == BOND_LINK_UP)
			any = true;
	netdev_set_carrier(&bond->dev, any);
}

gboolean bond_enslave(struct bond *bond, struct nic *nic, GError **error)
{
	struct slave *s;

	if (nic->dev.master) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_DUP,
			    "%s is already a slave of %s", nic->dev.name, nic->dev.master->name);
		return FALSE;
	}
	s = g_new0(struct slave, 1);
	s->bond = bond;
	s->nic = nic;
	s->id = bond->slaves->len;
	memcpy(s->perm_hwaddr, nic->dev.perm_mac, 6);
	/* The first slave gives the bond its MAC (bond_set_dev_addr). */
	if (!bond->mac_set) {
		memcpy(bond->dev.mac, nic->dev.mac, 6);
		memcpy(bond->dev.perm_mac, nic->dev.mac, 6);
		bond->mac_set = true;
	}
	if (bond->params.fail_over_mac == 0 || bond->params.mode != BOND_MODE_ACTIVEBACKUP)
		memcpy(nic->dev.mac, bond->dev.mac, 6);
	nic->dev.master = &bond->dev;
	netdev_set_rx_handler(&nic->dev, bond_rx, s);

	if (bond->params.miimon) {
		if (nic->dev.carrier) {
			if (bond->params.updelay) {
				s->link = BOND_LINK_BACK;
				s->delay = bond->params.updelay / bond->params.miimon;
			} else {
				s->link = BOND_LINK_UP;
			}
		} else {
			s->link = BOND_LINK_DOWN;
		}
	} else if (bond->params.arp_interval) {
		s->link = nic->dev.carrier ? BOND_LINK_UP : BOND_LINK_DOWN;
	} else {
		s->link = BOND_LINK_UP;
	}
	if (s->link != BOND_LINK_DOWN)
		s->last_link_up = bond->dev.sim->now;

	if (bond_uses_primary(bond) && bond->params.primary[0] &&
	    strcmp(bond->params.primary, nic->dev.name) == 0)
		bond->primary = s;
	/* active-backup starts every slave as a backup and then chooses;
	 * "in trunking mode there is little meaning to curr_active_slave"
	 * but the kernel still sets it to the first slave that is up. */
	s->backup = bond->params.mode == BOND_MODE_ACTIVEBACKUP;
	if (!bond_uses_primary(bond) && !bond->curr_active && s->link == BOND_LINK_UP)
		bond->curr_active = s;

	g_ptr_array_add(bond->slaves, s);
	bond->usable = g_renew(struct slave *, bond->usable, bond->slaves->len);
	if (bond_uses_primary(bond))
		bond_select_active_slave(bond);
	bond_update_slave_arr(bond);
	bond_set_carrier(bond);
	bond_log(bond, s, "Enslaving as %s interface with %s link",
		 s->backup ? "a backup" : "an active",
		 s->link != BOND_LINK_DOWN ? "an up" : "a down");
	return TRUE;
}

void bond_open(struct bond *bond)
{
	struct sim *sim = bond->dev.sim;

	bond->up = true;
	/* bond_open() queues the monitors with no delay: the first run is now. */
	if (bond->params.miimon)
		sim_timer_arm_periodic(sim, &bond->mii_timer, 0, bond->params.miimon * SIM_MS);
	else if (bond->params.arp_interval)
		sim_timer_arm_periodic(sim, &bond->arp_timer, 0,
				       bond->params.arp_interval * SIM_MS);
}

/* bond_find_best_slave() */
static struct slave *find_best_slave(struct bond *bond)
{
	struct slave *curr = bond->curr_active, *prim = bond->primary, *best = NULL;
	int mintime = bond->params.updelay / (bond->params.miimon ? bond->params.miimon : 1);

	if (prim && prim->link == BOND_LINK_UP && prim->nic->dev.carrier) {
		/* bond_should_change_active(): primary_reselect */
		if (!curr || curr->link != BOND_LINK_UP)
			return prim;
		if (bond->params.primary_reselect == 0)	/* always */
			return prim;
		if (bond->params.primary_reselect == 1 &&	/* better */
		    (prim->nic->dev.speed_bps > curr->nic->dev.speed_bps ||
		     (prim->nic->dev.speed_bps == curr->nic->dev.speed_bps &&
		      prim->nic->dev.full_duplex > curr->nic->dev.full_duplex)))
			return prim;
		return curr;
	}
	if (curr && curr->link == BOND_LINK_UP && curr->nic->dev.carrier)
		return curr;
	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);

		if (!s->nic->dev.carrier)
			continue;
		if (s->link == BOND_LINK_UP)
			return s;
		/* a slave still in updelay may be used when nothing else is up */
		if (s->link == BOND_LINK_BACK && s->delay < mintime + 1 && !best) {
			mintime = s->delay;
			best = s;
		}
	}
	return best;
}

void bond_change_active_slave(struct bond *bond, struct slave *new_active)
{
	struct slave *old = bond->curr_active;

	if (old == new_active)
		return;
	if (new_active) {
		new_active->last_link_up = bond->dev.sim->now;
		if (new_active->link == BOND_LINK_BACK) {
			if (bond_uses_primary(bond))
				bond_log(bond, new_active,
					 "making interface the new active one %d ms earlier",
					 (bond->params.updelay / MAX(bond->params.miimon, 1) -
					  new_active->delay) * bond->params.miimon);
			new_active->delay = 0;
			new_active->link = BOND_LINK_UP;
		} else if (bond_uses_primary(bond)) {
			bond_log(bond, new_active, "making interface the new active one");
		}
	}
	bond->curr_active = new_active;
	if (bond->params.mode == BOND_MODE_ACTIVEBACKUP) {
		if (old)
			old->backup = true;
		if (new_active) {
			new_active->backup = false;
			/* fail_over_mac=active: the bond takes the new slave's MAC. */
			if (bond->params.fail_over_mac == 1)
				memcpy(bond->dev.mac, new_active->nic->dev.mac, 6);
			/* Peers must learn where the MAC is now: num_grat_arp GARPs. */
			if (old && bond->params.num_peer_notif > 0 && bond->up) {
				bond->notify_left = bond->params.num_peer_notif;
				if (!sim_timer_pending(&bond->notify_timer))
					sim_timer_arm_in(bond->dev.sim, &bond->notify_timer, 0);
			}
		}
	}
	if (bond->ev.active_change)
		bond->ev.active_change(bond->ev.arg, bond, old, new_active);
}

void bond_select_active_slave(struct bond *bond)
{
	struct slave *best = find_best_slave(bond);

	if (best != bond->curr_active) {
		bond_change_active_slave(bond, best);
		if (!best && bond->slaves->len)
			bond_log(bond, NULL, "now running without any active interface!");
	}
	bond_update_slave_arr(bond);
	bond_set_carrier(bond);
}

/* bond_handle_frame(): the rx handler the bond installs on each slave. */
static void bond_rx(void *owner, struct netdev *dev, struct frame *f)
{
	struct slave *s = owner;
	struct bond *bond = s->bond;

	s->last_rx = bond->dev.sim->now;
	if (s->backup && !bond->params.all_slaves_active) {
		/* bond_should_deliver_exact_match(): not for the IP stack */
		s->rx_dropped_inactive++;
		bond->dev.stats.rx_dropped++;
		frame_unref(f);
		return;
	}
	s->rx_frames++;
	s->rx_bytes += f->len;
	netdev_rx(&bond->dev, f);
}
