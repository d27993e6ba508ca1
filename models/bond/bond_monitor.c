/*
 * bond_monitor.c - the MII link monitor (miimon) and peer notification.
 *
 * DOC: Follows bond_mii_monitor(), bond_miimon_inspect(),
 * bond_miimon_commit() and bond_should_notify_peers() of Linux 6.x
 * drivers/net/bonding/bond_main.c.
 *
 * bond_mii_monitor() runs every miimon ms from the moment the bond is
 * opened (bond_open() queues it with no delay).  Inspect reads each slave's
 * carrier and proposes a new state; the proposals are committed together
 * (bond_commit_link_state()) and then acted on: logged, counted, failed
 * over.  updelay and downdelay are counted in monitor ticks (the options
 * keep them as ticks), so with miimon=100 downdelay=200 a cable pulled
 * between two ticks is seen at the next one ("link status down for active
 * interface, disabling it in 200 ms") and disabled exactly two ticks later
 * ("link status definitely down, disabling slave").
 *
 *   UP   --no carrier-->  FAIL  --downdelay ticks-->  DOWN
 *   DOWN --carrier------> BACK  --updelay ticks---->  UP
 *   FAIL --carrier--> UP ("up again after N ms", then "definitely up")
 *   BACK --no carrier--> DOWN ("down again after N ms", "definitely down")
 *
 * updelay is skipped (ignore_updelay) when nothing can carry traffic: in
 * active-backup when there is no active slave, in balance-xor when the
 * usable-slave array is empty.  balance-rr and broadcast build no such
 * array, so for them updelay is always waited, as in the kernel; nor does
 * 802.3ad while it has no active aggregator (none chosen yet at the first
 * pass, or every port disabled), so a slave back from all of them down
 * waits its updelay there.  The N of
 * "up again"/"down again" is ticks times miimon, not the time elapsed.
 *
 * A pass with something to commit needs RTNL; when rtnl_trylock() fails
 * it gives up and queues itself again a jiffy ahead, which the timer
 * wheel makes 2 jiffies (bond_work_at()), then every miimon from there.
 * That happens to the first pass, which runs while "ip link set bond0 up"
 * still holds RTNL.  With updelay=200 and two slaves enslaved before the
 * bond came up, that pass skips eth0's updelay (no active slave) and
 * counts one tick of eth1's; the re-run at +2 jiffies commits eth0 (up,
 * active) and counts eth1's second tick, so eth1 is definitely up, and a
 * primary eth1 takes over, at the next tick (104 ms with HZ=1000: 2 + 100
 * rounded up to the wheel's 8-jiffy bucket).
 *
 * FAIL and BACK proposals are committed silently, as since commit
 * 3348be7978f4 (March 2026, taken into the stable series, 6.1 included);
 * kernels from 5.5 until then also log "invalid new link 1 on slave" right
 * after "link status down for ..." (3 after "link status up, enabling").
 *
 * Peer notification, as Linux 6.1 since the stable backport of commit
 * 10843e1492e4 ("net: bonding: fix possible peer notify event loss or dup
 * issue", 6.1 review series of 27 October 2025): a new active slave sets
 * send_peer_notif = num_grat_arp * max(1, peer_notif_delay in ticks) and,
 * if the bond has carrier, announces at once and takes one off.  A monitor
 * tick that has something to commit or a count left takes RTNL, commits,
 * then takes one off the count and announces if, at the start of the tick,
 * the count was a multiple of max(1, peer_notif_delay) and the bond had
 * carrier.  The failover tick itself therefore takes one more off the count
 * it has just set:
 *  - failover from an active slave, num_grat_arp=1: one GARP, at that tick;
 *  - num_grat_arp=3, peer_notif_delay=200, miimon=100: at the failover tick,
 *    one tick and three ticks later (+104 and +312 ms: the ticks are 104 ms
 *    apart); peer_notif_delay=0: at the tick and the next one only;
 *  - a bond coming back from "now running without any active interface!"
 *    has no carrier when the new slave becomes active (carrier comes on
 *    after bond_change_active_slave()): nothing at that moment, and the same
 *    tick takes one off, so num_grat_arp=1 sends no GARP at all and
 *    num_grat_arp=3 with peer_notif_delay=200 sends two, two and four
 *    ticks later (+208 and +416 ms).
 * The bond_options.sh count (num_grat_arp N, peer_notif_delay 1000) is
 * still N.
 */
#include "bond.h"

/* bond_should_notify_peers() (no linkwatch delay: slave events are urgent). */
bool bond_should_notify_peers(const struct bond *bond)
{
	uint32_t every = (uint32_t)MAX(1, bond->params.peer_notif_ticks);

	return bond->curr_active && bond->send_peer_notif &&
	       bond->send_peer_notif % every == 0 && bond->dev.carrier;
}

/* call_netdevice_notifiers(NETDEV_NOTIFY_PEERS, bond->dev) */
void bond_notify_peers(struct bond *bond)
{
	bond->peer_notifications++;
	netdev_notify(&bond->dev, NETDEV_NOTIFY_PEERS, bond->curr_active);
}

static void propose(struct slave *s, int st)
{
	s->link_new_state = st;
}

/* bond_miimon_inspect(): returns how many slaves need a commit. */
static int miimon_inspect(struct bond *bond)
{
	const struct bond_params *p = &bond->params;
	bool ignore_updelay = false;
	int commit = 0;

	if (bond_one_active(bond))
		ignore_updelay = !bond->curr_active;
	else if (bond->usable_built && bond->usable_count == 0)
		ignore_updelay = true;

	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);
		bool link_state = bond_slave_is_up(s);	/* use_carrier */

		propose(s, BOND_LINK_NOCHANGE);
		switch (s->link) {
		case BOND_LINK_UP:
			if (link_state)
				continue;
			propose(s, BOND_LINK_FAIL);
			commit++;
			s->delay = p->downdelay_ticks;
			if (s->delay)
				bond_log(bond, s,
					 "link status down for %sinterface, disabling it in %d ms",
					 !bond_one_active(bond) ? ""
					 : bond_is_active_slave(s) ? "active " : "backup ",
					 p->downdelay_ticks * p->miimon);
			/* fall through */
		case BOND_LINK_FAIL:
			if (link_state) {
				/* recovered before downdelay expired */
				propose(s, BOND_LINK_UP);
				s->last_link_up = bond_jiffies(bond);
				bond_log(bond, s, "link status up again after %d ms",
					 (p->downdelay_ticks - s->delay) * p->miimon);
				commit++;
				continue;
			}
			if (s->delay <= 0) {
				propose(s, BOND_LINK_DOWN);
				commit++;
				continue;
			}
			s->delay--;
			break;
		case BOND_LINK_DOWN:
			if (!link_state)
				continue;
			propose(s, BOND_LINK_BACK);
			commit++;
			s->delay = p->updelay_ticks;
			if (s->delay)
				bond_log(bond, s, "link status up, enabling it in %d ms",
					 ignore_updelay ? 0 : p->updelay_ticks * p->miimon);
			/* fall through */
		case BOND_LINK_BACK:
			if (!link_state) {
				propose(s, BOND_LINK_DOWN);
				bond_log(bond, s, "link status down again after %d ms",
					 (p->updelay_ticks - s->delay) * p->miimon);
				commit++;
				continue;
			}
			if (ignore_updelay)
				s->delay = 0;
			if (s->delay <= 0) {
				propose(s, BOND_LINK_UP);
				commit++;
				ignore_updelay = false;
				continue;
			}
			s->delay--;
			break;
		}
	}
	return commit;
}

/* bond_miimon_link_change(): what the mode does on a committed change. */
static void miimon_link_change(struct bond *bond, struct slave *s)
{
	if (bond->ops->link_change)
		bond->ops->link_change(bond, s);
}

/* bond_miimon_commit() */
static void miimon_commit(struct bond *bond)
{
	bool do_failover = false;

	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);
		struct slave *active = bond->curr_active;

		switch (s->link_new_state) {
		case BOND_LINK_UP:
			bond_set_slave_link_state(s, BOND_LINK_UP);
			s->last_link_up = bond_jiffies(bond);
			if (!bond_one_active(bond))
				s->backup = false;	/* bond_set_active_slave() */
			bond_log(bond, s, "link status definitely up, %u Mbps %s duplex",
				 (unsigned int)(s->dev->speed_bps / 1000000),
				 s->dev->full_duplex ? "full" : "half");
			bond_link_committed(s, BOND_MON_MII);
			miimon_link_change(bond, s);
			if (!active || s == bond->primary || s->prio > active->prio)
				do_failover = true;
			break;
		case BOND_LINK_DOWN:
			if (s->link_failure_count < UINT32_MAX)
				s->link_failure_count++;
			bond_set_slave_link_state(s, BOND_LINK_DOWN);
			if (bond_one_active(bond))
				bond_set_slave_inactive_flags(s);
			bond_log(bond, s, "link status definitely down, disabling slave");
			bond_link_committed(s, BOND_MON_MII);
			miimon_link_change(bond, s);
			if (s == bond->curr_active)
				do_failover = true;
			break;
		default:
			/* NOCHANGE, or FAIL/BACK: already committed, nothing to do */
			break;
		}
	}
	if (do_failover)
		bond_select_active_slave(bond);
	bond_set_carrier(bond);
}

void bond_mii_monitor(struct sim *sim, void *arg)
{
	struct bond *bond = arg;
	bool notify, commit;

	(void)sim;
	/* re_arm: comes first here, the RTNL retry below overrides it */
	if (bond->params.miimon)
		bond_work_queue(bond, &bond->mii_timer,
				bond_msecs_to_jiffies(bond, bond->params.miimon));
	if (!bond->slaves->len)
		return;
	notify = bond_should_notify_peers(bond);
	commit = miimon_inspect(bond) > 0;
	if (!commit && !bond->send_peer_notif)
		return;
	if (!bond_rtnl_trylock(bond)) {
		/* "Race avoidance with bond_close": the whole pass again in a jiffy */
		bond_work_queue(bond, &bond->mii_timer, 1);
		return;
	}
	if (commit) {
		/* bond_commit_link_state() for every slave, then act */
		for (guint i = 0; i < bond->slaves->len; i++) {
			struct slave *s = bond_slave(bond, i);

			if (s->link_new_state != BOND_LINK_NOCHANGE)
				s->link = s->link_new_state;
		}
		miimon_commit(bond);
	}
	/* the count as the commit may have just set it */
	if (bond->send_peer_notif) {
		bond->send_peer_notif--;
		if (notify)
			bond_notify_peers(bond);
	}
}
