/*
 * bond_arp.c - the ARP link monitor (arp_interval, arp_ip_target).
 *
 * DOC: Follows Linux 6.x drivers/net/bonding/bond_main.c:
 * bond_arp_monitor() -> bond_loadbalance_arp_mon() for balance-rr, -xor
 * and broadcast, bond_activebackup_arp_mon() (bond_ab_arp_inspect(),
 * bond_ab_arp_commit(), bond_ab_arp_probe()) for active-backup; probes are
 * bond_arp_send_all()/bond_arp_send(); received frames go through
 * bond_rcv_validate()/bond_arp_rcv()/bond_validate_arp() (the recv_probe
 * bond_open() installs); windows are bond_time_in_interval(), in jiffies:
 *
 *   in_interval(last, k) = last - I <= now <= last + k*I + I/2
 *
 * where I is arp_interval in jiffies.  Monitors run from bond_open(), then
 * every I as the timer wheel rounds it (bond_work_at(): 104 ms for 100).
 *
 * Probes are real frames: an ARP request per target, broadcast, sent
 * straight on the slave (not through the bond's xmit), Ethernet source and
 * sender hardware address the SLAVE's MAC (arp_create() with
 * slave_dev->dev_addr: the bond's MAC unless fail_over_mac kept the slave's
 * own), sender IP the bond's address (0 when the bond has none: the
 * kernel's "no route" case, which also logs when arp_validate is set, with
 * pr_warn_once(): once per boot, so once per host, whichever bond and
 * target get there first; netdev_once() asks the host above the bond).
 * Only probes set last_tx.
 *
 * last_rx is set by every received frame when the slave does not validate,
 * by ARP (and IPv6) frames only under the filter values, and otherwise
 * only by ARP that bond_validate_arp() accepts (sender = a target, target
 * = our IP):
 * on the active slave, replies (and requests from a target); on a backup,
 * our own requests as seen coming back (sip and tip swapped), once the
 * active slave has received something since it became active; while
 * probing without an active slave, replies to the probing slave.
 * arp_validate: bit 0 validates active slaves, bit 1 backups, bit 2
 * (filter) counts ARP only; arp_all_targets=all uses the oldest reply over
 * all targets (active-backup only, as in the kernel).
 *
 * Load balancing: a slave that is not UP comes up when a probe went out
 * and something came in within one interval ("link status definitely up"
 * when the bond had no current slave, else "interface is now up"); an UP
 * slave goes down when either is older than arp_missed_max intervals
 * ("interface is now down").  Carrier does not matter except that probes
 * only leave on slaves with carrier: a link that keeps carrier and
 * delivers nothing (a silent failure) is caught this way.
 *
 * Active-backup: only the active slave is probed; it must have sent and
 * received within arp_missed_max intervals, a backup must have received
 * within arp_missed_max + 1, and a slave that came up less than two
 * intervals ago is left alone.  With no active slave the monitor probes
 * one slave at a time, round the list (current_arp_slave, state BACK),
 * and takes the first that answers.
 *
 * Both commit under RTNL, which the first pass, run by bond_open() while
 * "ip link set bond0 up" holds it, cannot take (bond_rtnl_trylock(), as
 * for the MII monitor).  Load balancing then commits nothing but has
 * already logged its "interface is now down/up" lines, counted the
 * failures and sent the probes; the next pass is an interval later.  So a
 * slave whose last probe looks older than arp_missed_max intervals when
 * the bond opens (arp_missed_max=1 and an open more than half an interval
 * after the enslave) is reported down and stays up.  Active-backup with
 * something to commit sends no probe and tries again a jiffy later (2 with
 * the timer wheel), as the MII monitor does.
 */
#include "bond.h"
#include "link/vlan_dev.h"
#include "wire/dissect.h"


/* bond_time_in_interval() */
static bool time_in_interval(const struct bond *bond, int64_t last_act, int mod)
{
	int64_t delta = bond_msecs_to_jiffies(bond, bond->params.arp_interval);
	int64_t now = bond_jiffies(bond);

	return now >= last_act - delta && now <= last_act + mod * delta + delta / 2;
}

/* slave_last_rx(): with arp_all_targets=all, the oldest reply of any target. */
static int64_t slave_last_rx(const struct bond *bond, const struct slave *s)
{
	int64_t ret = s->target_last_arp_rx[0];

	if (bond->params.arp_all_targets != 1)
		return s->last_rx;
	for (int i = 1; i < BOND_MAX_ARP_TARGETS && bond->params.arp_targets[i]; i++)
		if (s->target_last_arp_rx[i] < ret)
			ret = s->target_last_arp_rx[i];
	return ret;
}

/* bond_arp_send(): an ARP request straight out of the slave, tagged with
 * @vid (0: none) as the VLAN device the route went through would tag it. */
static void arp_send(struct bond *bond, struct slave *s, uint32_t dest_ip, uint32_t src_ip,
		     uint16_t vid)
{
	struct wire_arp a = { .op = WIRE_ARP_OP_REQUEST, .sip = src_ip, .tip = dest_ip };
	struct frame *f;

	memcpy(a.sha, s->dev->mac, 6);
	f = wire_arp_frame_new(bond->dev.sim, mac_broadcast, s->dev->mac, &a);
	if (vid) {
		f->vlan_present = 1;	/* __vlan_hwaccel_put_tag() */
		f->vlan_tci = vid;
	}
	s->last_tx = bond_jiffies(bond);	/* slave_update_last_tx() */
	s->arp_probes_sent++;
	netdev_xmit(s->dev, f);
}

/* The call site of bond_arp_send_all()'s pr_warn_once(): its address is the key. */
static const char no_route_warning;

/*
 * ip_route_output(target, RTO_ONLINK) as the host routes it: asked of the
 * bond's upper layer, or of a VLAN device's on the bond when the bond has
 * no address of its own (one host, one routing table); the bond itself
 * when nothing above knows routes.
 */
static struct netdev *route_dev(struct bond *bond, uint32_t target)
{
	const struct netdev_upper *up = bond->dev.upper.onlink_dev ? &bond->dev.upper : NULL;

	for (guint i = 0; !up && bond->dev.vlans && i < bond->dev.vlans->devs->len; i++) {
		const struct vlan_dev *v = g_ptr_array_index(bond->dev.vlans->devs, i);

		if (v->dev.upper.onlink_dev)
			up = &v->dev.upper;
	}
	return up ? up->onlink_dev(up->owner, target) : &bond->dev;
}

/* bond_arp_send_all() (bond_send_validate(): no IPv6 targets here) */
static void arp_send_all(struct bond *bond, struct slave *s)
{
	const uint32_t *targets = bond->params.arp_targets;

	for (int i = 0; i < BOND_MAX_ARP_TARGETS && targets[i]; i++) {
		uint32_t target = g_ntohl(targets[i]);
		struct netdev *via = route_dev(bond, target);
		struct vlan_dev *v = vlan_dev_of(via);
		/* bond_confirm_addr(): the address of the device the route leaves by */
		uint32_t src = via ? netdev_ipv4_addr(via) : 0;

		/* bond_verify_device_path(): the bond itself, or a VLAN device
		 * on it (its tag); anything else is "Not our device - skip" */
		if (via && via != &bond->dev && !(v && v->real == &bond->dev))
			continue;
		if (!src || !via) {
			/* ip_route_output() failed: send anyway, from 0.0.0.0;
			 * pr_warn_once(): once per host, whatever the bond */
			if (bond->params.arp_validate &&
			    netdev_once(&bond->dev, &no_route_warning, &bond->warned_no_route)) {
				char ip[16];

				if (bond->log)
					sim_log_printf(bond->log, bond->dev.sim->now,
						       "%s: no route to arp_ip_target %s and "
						       "arp_validate is set",
						       bond->dev.name, wire_ipv4_format(target, ip));
			}
			arp_send(bond, s, target, 0, 0);
			continue;
		}
		arp_send(bond, s, target, src, v ? v->vid : 0);
	}
}

/* bond_get_targets_ip() */
static int target_index(const struct bond *bond, uint32_t ip)
{
	const uint32_t *targets = bond->params.arp_targets;
	uint32_t be = g_htonl(ip);

	for (int i = 0; i < BOND_MAX_ARP_TARGETS; i++) {
		if (targets[i] == be)
			return i;
		if (!targets[i])
			break;
	}
	return -1;
}

/* bond_has_this_ip(): the bond's address, or one of a VLAN device on it. */
static bool has_this_ip(const struct bond *bond, uint32_t ip)
{
	if (!ip)
		return false;
	if (netdev_ipv4_addr(&bond->dev) == ip)
		return true;
	for (guint i = 0; bond->dev.vlans && i < bond->dev.vlans->devs->len; i++) {
		const struct vlan_dev *v = g_ptr_array_index(bond->dev.vlans->devs, i);

		if (netdev_ipv4_addr(&v->dev) == ip)
			return true;
	}
	return false;
}

/* bond_validate_arp() */
static void validate_arp(struct bond *bond, struct slave *s, uint32_t sip, uint32_t tip)
{
	int i;

	if (!sip || !has_this_ip(bond, tip))
		return;
	i = target_index(bond, sip);
	if (i < 0)
		return;
	s->last_rx = bond_jiffies(bond);
	s->target_last_arp_rx[i] = s->last_rx;
}

/* bond_arp_rcv(): @p is an untagged ARP frame. */
static void arp_rcv(struct bond *bond, struct slave *s, const struct wire_pkt *p,
		    const struct rx_ctx *ctx)
{
	struct slave *curr = bond->curr_active, *carp = bond->current_arp_slave;
	const struct wire_arp *a = &p->arp;

	if (!(p->flags & WIRE_PKT_ARP))
		return;
	/* unicast to another MAC than the slave's */
	if (ctx->pkt_type == PACKET_OTHERHOST)
		return;
	if (bond_is_active_slave(s))
		validate_arp(bond, s, a->sip, a->tip);
	else if (curr && slave_last_rx(bond, curr) > curr->last_link_up)
		validate_arp(bond, s, a->tip, a->sip);
	else if (carp && a->op == WIRE_ARP_OP_REPLY && time_in_interval(bond, carp->last_tx, 1))
		validate_arp(bond, s, a->sip, a->tip);
}

enum rx_verdict bond_rcv_validate(struct bond *bond, struct slave *s, struct frame *f,
				  const struct rx_ctx *ctx)
{
	int validate = bond->params.arp_validate & (1 << (s->backup ? 1 : 0));
	int only_arp = bond->params.arp_validate & BOND_OPT_ARP_FILTER;
	/* skb->protocol: __netif_receive_skb_core() takes one tag off
	 * (skb_vlan_untag(), or the NIC did) before any rx handler, so a
	 * singly tagged ARP is ARP here; under two tags it is not */
	bool untagged = ctx->l2_len <= WIRE_ETH_HLEN + WIRE_VLAN_HLEN;
	bool is_arp = ctx->ethertype == WIRE_ETH_P_ARP && untagged;
	bool is_ipv6 = ctx->ethertype == WIRE_ETH_P_IPV6 && untagged;
	struct wire_pkt p;

	if (!validate) {
		/* the filter values count ARP and, as 6.1 does (for NS/NA
		 * validation), any IPv6 frame */
		if (!only_arp || is_arp || is_ipv6)
			s->last_rx = bond_jiffies(bond);
		return RX_PASS;
	}
	if (is_arp) {
		wire_dissect(f->data, f->hdr_len, 0, &p);
		arp_rcv(bond, s, &p, ctx);
	}
	return RX_PASS;
}

/* bond_slave_state_change() */
static void slave_state_change(struct bond *bond)
{
	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);

		if (s->link == BOND_LINK_UP)
			s->backup = false;
		else if (s->link == BOND_LINK_DOWN)
			s->backup = true;
	}
}

/* bond_loadbalance_arp_mon() */
static void loadbalance_arp_mon(struct bond *bond)
{
	struct slave *oldcurrent = bond->curr_active;
	bool do_failover = false, changed = false;
	int missed = bond->params.arp_missed_max;

	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);

		s->link_new_state = BOND_LINK_NOCHANGE;
		if (s->link != BOND_LINK_UP) {
			if (time_in_interval(bond, s->last_tx, 1) &&
			    time_in_interval(bond, s->last_rx, 1)) {
				s->link_new_state = BOND_LINK_UP;
				changed = true;
				if (!oldcurrent) {
					bond_log(bond, s, "link status definitely up");
					do_failover = true;
				} else {
					bond_log(bond, s, "interface is now up");
				}
			}
		} else if (!time_in_interval(bond, s->last_tx, missed) ||
			   !time_in_interval(bond, s->last_rx, missed)) {
			s->link_new_state = BOND_LINK_DOWN;
			changed = true;
			if (s->link_failure_count < UINT32_MAX)
				s->link_failure_count++;
			bond_log(bond, s, "interface is now down");
			if (s == oldcurrent)
				do_failover = true;
		}
		/* probes leave on every slave with carrier, up or not */
		if (bond_slave_is_up(s))
			arp_send_all(bond, s);
	}
	if (!do_failover && !changed)
		return;
	/* no RTNL (the first pass, under "ip link set bond0 up"): nothing is
	 * committed, though the lines above were logged and the failures
	 * counted; the next pass comes an interval later, not a jiffy */
	if (!bond_rtnl_trylock(bond))
		return;
	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);

		if (s->link_new_state != BOND_LINK_NOCHANGE) {
			s->link = s->link_new_state;
			bond_link_committed(s, BOND_MON_ARP);
		}
	}
	if (changed) {
		slave_state_change(bond);
		/* the mode hears of each committed change (xor rebuilds usable_slaves) */
		for (guint i = 0; i < bond->slaves->len; i++) {
			struct slave *s = bond_slave(bond, i);

			if (s->link_new_state != BOND_LINK_NOCHANGE && bond->ops->link_change)
				bond->ops->link_change(bond, s);
		}
	}
	if (do_failover)
		bond_select_active_slave(bond);
}

/* bond_ab_arp_inspect() */
static int ab_arp_inspect(struct bond *bond)
{
	int missed = bond->params.arp_missed_max, commit = 0;

	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);
		int64_t last_rx = slave_last_rx(bond, s);

		s->link_new_state = BOND_LINK_NOCHANGE;
		if (s->link != BOND_LINK_UP) {
			if (time_in_interval(bond, last_rx, 1)) {
				s->link_new_state = BOND_LINK_UP;
				commit++;
			} else if (s->link == BOND_LINK_BACK) {
				s->link_new_state = BOND_LINK_FAIL;
				commit++;
			}
			continue;
		}
		/* give a slave that just came up two intervals */
		if (time_in_interval(bond, s->last_link_up, 2))
			continue;
		/* a backup must have heard something within missed_max + 1 */
		if (!bond_is_active_slave(s) && !bond->current_arp_slave &&
		    !time_in_interval(bond, last_rx, missed + 1)) {
			s->link_new_state = BOND_LINK_DOWN;
			commit++;
		}
		/* the active one must have sent and heard within missed_max */
		if (bond_is_active_slave(s) && (!time_in_interval(bond, s->last_tx, missed) ||
						!time_in_interval(bond, last_rx, missed))) {
			s->link_new_state = BOND_LINK_DOWN;
			commit++;
		}
	}
	return commit;
}

/* bond_ab_arp_commit() */
static void ab_arp_commit(struct bond *bond)
{
	bool do_failover = false;

	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);
		struct slave *curr = bond->curr_active;

		switch (s->link_new_state) {
		case BOND_LINK_UP:
			/* the kernel also lets through !curr && a recent probe: implied */
			if (curr == s)
				break;
			bond_set_slave_link_state(s, BOND_LINK_UP);
			if (bond->current_arp_slave) {
				bond_set_slave_inactive_flags(bond->current_arp_slave);
				bond->current_arp_slave = NULL;
			}
			bond_log(bond, s, "link status definitely up");
			bond_link_committed(s, BOND_MON_ARP);
			if (!curr || s == bond->primary || s->prio > curr->prio)
				do_failover = true;
			break;
		case BOND_LINK_DOWN:
			if (s->link_failure_count < UINT32_MAX)
				s->link_failure_count++;
			bond_set_slave_link_state(s, BOND_LINK_DOWN);
			bond_set_slave_inactive_flags(s);
			bond_log(bond, s, "link status definitely down, disabling slave");
			bond_link_committed(s, BOND_MON_ARP);
			if (s == curr) {
				bond->current_arp_slave = NULL;
				do_failover = true;
			}
			break;
		case BOND_LINK_FAIL:
			bond_set_slave_link_state(s, BOND_LINK_FAIL);
			bond_set_slave_inactive_flags(s);
			/* a probed slave that stayed silent: probe the next one */
			if (curr)
				bond->current_arp_slave = NULL;
			break;
		default:
			break;
		}
	}
	if (do_failover)
		bond_select_active_slave(bond);
	bond_set_carrier(bond);
}

/* bond_ab_arp_probe() */
static void ab_arp_probe(struct bond *bond)
{
	struct slave *carp = bond->current_arp_slave, *curr = bond->curr_active;
	struct slave *before = NULL, *new_slave = NULL;
	bool found = false;

	if (carp && curr)
		bond_log(bond, NULL, "PROBE: c_arp %s && cas %s BAD", carp->dev->name,
			 curr->dev->name);
	if (curr) {
		arp_send_all(bond, curr);
		return;
	}
	/* No active slave: probe the slave after the one probed last time. */
	if (!carp) {
		if (!bond->slaves->len)
			return;
		carp = bond_slave(bond, 0);
	}
	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);

		if (!found && !before && bond_slave_is_up(s))
			before = s;
		if (found && !new_slave && bond_slave_is_up(s))
			new_slave = s;
		/* carrier gone on a slave still marked up */
		if (!bond_slave_is_up(s) && s->link == BOND_LINK_UP) {
			bond_set_slave_link_state(s, BOND_LINK_DOWN);
			if (s->link_failure_count < UINT32_MAX)
				s->link_failure_count++;
			bond_set_slave_inactive_flags(s);
			bond_log(bond, s, "backup interface is now down");
			bond_link_committed(s, BOND_MON_ARP);
		}
		if (s == carp)
			found = true;
	}
	if (!new_slave && before)
		new_slave = before;
	if (!new_slave)
		return;
	bond_set_slave_link_state(new_slave, BOND_LINK_BACK);
	bond_set_slave_active_flags(new_slave);
	arp_send_all(bond, new_slave);
	new_slave->last_link_up = bond_jiffies(bond);
	bond->current_arp_slave = new_slave;
}

/* bond_activebackup_arp_mon() */
static void activebackup_arp_mon(struct bond *bond)
{
	bool notify = bond_should_notify_peers(bond);

	if (ab_arp_inspect(bond)) {
		if (!bond_rtnl_trylock(bond)) {
			/* "Race avoidance with bond_close flush of workqueue":
			 * no commit, no probe, no notification; again in a jiffy */
			bond_work_queue(bond, &bond->arp_timer, 1);
			return;
		}
		ab_arp_commit(bond);
	}
	ab_arp_probe(bond);
	/* the notification takes RTNL too: skipped, not counted, without it */
	if (notify && bond_rtnl_trylock(bond)) {
		bond->send_peer_notif--;
		bond_notify_peers(bond);
	}
}

void bond_arp_monitor(struct sim *sim, void *arg)
{
	struct bond *bond = arg;

	(void)sim;
	if (bond->params.arp_interval)
		bond_work_queue(bond, &bond->arp_timer,
				bond_msecs_to_jiffies(bond, bond->params.arp_interval));
	if (!bond->slaves->len)
		return;
	if (bond_one_active(bond))
		activebackup_arp_mon(bond);
	else
		loadbalance_arp_mon(bond);
}
