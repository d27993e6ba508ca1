/*
 * bond_monitor.c - the MII link monitor (miimon).
 *
 * DOC: bond_mii_monitor() runs every miimon ms from the moment the bond is
 * opened.  As in the kernel it works in two passes: inspect proposes a new
 * state for each slave from its carrier, commit applies the proposals, logs
 * them and fails over.  updelay and downdelay are counted in monitor ticks
 * (the option is rounded down to a multiple of miimon), so with miimon=100
 * and downdelay=200 a slave whose cable is pulled is seen down at the next
 * tick (0-100 ms later) and disabled exactly two ticks after that.  When no
 * slave is active, a recovering slave skips updelay (ignore_updelay).
 *
 *   UP --carrier lost--> FAIL --downdelay ticks--> DOWN
 *   DOWN --carrier back--> BACK --updelay ticks--> UP
 *   FAIL --carrier back--> UP ("up again"), BACK --carrier lost--> DOWN
 */
#include "bond.h"

static int ticks(const struct bond *bond, int ms)
{
	return bond->params.miimon ? ms / bond->params.miimon : 0;
}

static void propose(struct slave *s, enum bond_link_state st)
{
	s->new_link = st;
	s->proposed = true;
}

/* bond_miimon_inspect(): returns how many slaves need a commit. */
static int miimon_inspect(struct bond *bond)
{
	bool ignore_updelay = !bond->curr_active;
	int commit = 0, miimon = bond->params.miimon;

	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);
		bool carrier = s->nic->dev.carrier;

		s->proposed = false;
		switch (s->link) {
		case BOND_LINK_UP:
			if (carrier)
				break;
			s->link = BOND_LINK_FAIL;
			s->delay = ticks(bond, bond->params.downdelay);
			if (s->delay)
				bond_log(bond, s, "link status down for %sinterface, disabling it in %d ms",
					 bond->params.mode == BOND_MODE_ACTIVEBACKUP
						 ? (s->backup ? "backup " : "active ")
						 : "",
					 ticks(bond, bond->params.downdelay) * miimon);
			/* fall through */
		case BOND_LINK_FAIL:
			if (carrier) {
				s->link = BOND_LINK_UP;
				s->last_link_up = bond->dev.sim->now;
				bond_log(bond, s, "link status up again after %d ms",
					 (ticks(bond, bond->params.downdelay) - s->delay) * miimon);
				break;
			}
			if (s->delay <= 0) {
				propose(s, BOND_LINK_DOWN);
				commit++;
				break;
			}
			s->delay--;
			break;
		case BOND_LINK_DOWN:
			if (!carrier)
				break;
			s->link = BOND_LINK_BACK;
			s->delay = ticks(bond, bond->params.updelay);
			if (s->delay)
				bond_log(bond, s, "link status up, enabling it in %d ms",
					 ticks(bond, bond->params.updelay) * miimon);
			/* fall through */
		case BOND_LINK_BACK:
			if (!carrier) {
				s->link = BOND_LINK_DOWN;
				bond_log(bond, s, "link status down again after %d ms",
					 (ticks(bond, bond->params.updelay) - s->delay) * miimon);
				break;
			}
			if (ignore_updelay)
				s->delay = 0;
			if (s->delay <= 0) {
				propose(s, BOND_LINK_UP);
				commit++;
				ignore_updelay = false;
				break;
			}
			s->delay--;
			break;
		}
	}
	return commit;
}

static const char *speed_text(const struct slave *s, char *buf, size_t n)
{
	g_snprintf(buf, n, "%" G_GUINT64_FORMAT, (guint64)(s->nic->dev.speed_bps / 1000000));
	return buf;
}

/* bond_miimon_commit() */
static void miimon_commit(struct bond *bond)
{
	bool failover = false;
	char sp[24];

	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);

		if (!s->proposed)
			continue;
		s->proposed = false;
		switch (s->new_link) {
		case BOND_LINK_UP:
			s->link = BOND_LINK_UP;
			s->last_link_up = bond->dev.sim->now;
			if (bond->params.mode != BOND_MODE_ACTIVEBACKUP)
				s->backup = false;
			bond_log(bond, s, "link status definitely up, %s Mbps %s duplex",
				 speed_text(s, sp, sizeof(sp)),
				 s->nic->dev.full_duplex ? "full" : "half");
			if (bond->ev.link_change)
				bond->ev.link_change(bond->ev.arg, bond, s, BOND_LINK_UP);
			if (!bond->curr_active || s == bond->primary)
				failover = true;
			break;
		case BOND_LINK_DOWN:
			s->link_failure_count++;
			s->link = BOND_LINK_DOWN;
			if (bond->params.mode == BOND_MODE_ACTIVEBACKUP)
				s->backup = true;
			bond_log(bond, s, "link status definitely down, disabling slave");
			if (bond->ev.link_change)
				bond->ev.link_change(bond->ev.arg, bond, s, BOND_LINK_DOWN);
			if (s == bond->curr_active)
				failover = true;
			break;
		default:
			break;
		}
	}
	if (failover)
		bond_select_active_slave(bond);
	bond_update_slave_arr(bond);
	bond_set_carrier(bond);
}

void bond_mii_monitor(struct sim *sim, void *arg)
{
	struct bond *bond = arg;

	(void)sim;
	if (miimon_inspect(bond))
		miimon_commit(bond);
}

/* Peer notification after a failover: num_grat_arp announcements, one per
 * peer_notif_delay (which defaults to miimon). */
void bond_peer_notify(struct sim *sim, void *arg)
{
	struct bond *bond = arg;
	int spacing = bond->params.peer_notif_delay ? bond->params.peer_notif_delay
						     : bond->params.miimon;

	if (bond->notify_left <= 0 || !bond->curr_active)
		return;
	if (bond->ev.notify_peers)
		bond->ev.notify_peers(bond->ev.arg, bond, bond->curr_active);
	if (--bond->notify_left > 0 && spacing > 0)
		sim_timer_arm_in(sim, &bond->notify_timer, spacing * SIM_MS);
}

void bond_arp_monitor(struct sim *sim, void *arg)
{
	(void)sim;
	(void)arg;
}
