/*
 * bond.c - bond device lifecycle, enslaving and release, receive, carrier.
 *
 * DOC: Follows drivers/net/bonding/bond_main.c and include/net/bonding.h
 * of Linux 6.x, function by function:
 * - bond_enslave(): the bond takes the first slave's MAC when it has none
 *   of its own; with fail_over_mac=none (or any mode but active-backup)
 *   every slave is given the bond's MAC.  The initial link state depends on
 *   the monitor: miimon gives UP, or BACK with updelay ticks to wait, or
 *   DOWN from the carrier; the ARP monitor gives UP or DOWN from the
 *   carrier; no monitor gives UP whatever the carrier.  A slave named by
 *   "primary" becomes primary_slave with force_primary set.  Active-backup
 *   slaves start inactive and the active one is chosen at once; the other
 *   modes mark every slave active and make the first one that is UP
 *   curr_active_slave (silently).  Then "Enslaving as ..." is logged.
 * - bond_open()/bond_close(): the monitors are queued with no delay, so
 *   their first run is at the moment the bond comes up, while the opener
 *   still holds RTNL (bond_rtnl_trylock()).
 * - bond_handle_frame(): the rx handler on each slave.  bond->recv_probe
 *   (the mode's, or the ARP monitor's validation) sees every frame first
 *   and may consume it; a frame on an inactive slave goes only to
 *   exact-match handlers, i.e. never to the bond's IP stack
 *   (bond_should_deliver_exact_match(), RX_EXACT), but link-local groups
 *   there stay on the slave (RX_PASS); the rest, link-local frames on an
 *   active slave too, goes round again on the bond (RX_ANOTHER).  inactive
 *   is set with backup unless all_slaves_active.
 * - bond_set_carrier(): carrier while one slave's link is UP.
 * - the active slave's choice and the run-time writes that move it
 *   (active_slave, prio, primary) are in bond_active.c.
 * - bond_update_slave_arr(): the usable-slave array of balance-xor, rebuilt
 *   on enslave, open, link commits and on every carrier change of a slave
 *   (the NETDEV_CHANGE notifier), which is why xor stops using a slave the
 *   moment its carrier drops, before downdelay runs out.
 * - bond_release(): __bond_release_one() for "ip link set DEV nomaster":
 *   the mode lets go first (802.3ad: a last LACPDU, aggregators fixed up),
 *   "Releasing backup interface" (the slave is made inactive first, so
 *   "backup" is what the kernel prints), the permanent-address warning when
 *   the bond keeps wearing the leaving slave's MAC, a new active slave if
 *   it was the active one, a random MAC for a bond left empty.
 * - balance-tlb/alb (bond_is_lb()), as bond_main.c calls into bond_alb.c:
 *   their slaves never become backups (inactive only); their monitor is
 *   queued before the MII monitor at open; a slave made active while still
 *   in updelay is reported to the mode as up; balance-alb's inactive slaves
 *   still pass unicast up (bond_should_deliver_exact_match()).
 * Not modelled: IPv6 targets, resend_igmp; a balance-tlb/alb slave released
 *   leaves its MAC bookkeeping to the next rebalance.
 */
#include <stdarg.h>
#include <stdio.h>
#include "bond.h"
#include "link/nic.h"
#include "wire/wire.h"

void bond_log(const struct bond *bond, const struct slave *s, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!bond->log)
		return;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	/* The kernel's netdev_info() / slave_info() prefixes. */
	if (s)
		sim_log_printf(bond->log, bond->dev.sim->now, "%s: (slave %s): %s", bond->dev.name,
			       s->dev->name, msg);
	else
		sim_log_printf(bond->log, bond->dev.sim->now, "%s: %s", bond->dev.name, msg);
	g_free(msg);
}

const char *bond_monitor_name(enum bond_monitor m)
{
	static const char *const names[] = {
		[BOND_MON_NONE] = "none",
		[BOND_MON_MII] = "MII",
		[BOND_MON_ARP] = "ARP",
	};

	return names[m];
}

/* Exact for every CONFIG_HZ, 300 included (a jiffy of 3333333.3 ns). */
int64_t bond_jiffies(const struct bond *bond)
{
	if (SIM_S % bond->hz == 0)
		return bond->dev.sim->now / (SIM_S / bond->hz);
	return (int64_t)sim_muldiv((uint64_t)bond->dev.sim->now, (uint64_t)bond->hz, SIM_S);
}

/* msecs_to_jiffies(): rounded up. */
int64_t bond_msecs_to_jiffies(const struct bond *bond, int ms)
{
	return ((int64_t)ms * bond->hz + 999) / 1000;
}

/* The first nanosecond of jiffy @j. */
sim_time_t bond_jiffies_to_ns(const struct bond *bond, int64_t j)
{
	sim_time_t t;

	if (SIM_S % bond->hz == 0)
		return j * (SIM_S / bond->hz);
	t = j * SIM_S;	/* at most 3e18: 3e9 jiffies of HZ=300 in the longest run */
	return t / bond->hz + (t % bond->hz > 0);	/* rounded up, either sign */
}

/*
 * When queue_delayed_work(wq, work, @delay) runs the work: the kernel's
 * timer wheel files a timer in the level its delay falls in (1 jiffy
 * granularity below 63 jiffies, 8 below 504, 64 below 4032, ...: LVL_START
 * and calc_index() in kernel/time/timer.c) and rounds its expiry up to the
 * next bucket of that level, so that it never fires early.  A monitor
 * re-armed every 100 jiffies thus runs every 104 (HZ=1000; 26 jiffies of
 * 4 ms at HZ=250: level 0 rounds up too).  No delay: at once.  The level
 * is chosen from the delay against the current jiffy; the kernel's base
 * clock may be a jiffy ahead in a timer callback, which moves the level
 * only for a delay of exactly 63 or 504 jiffies.
 */
static unsigned wheel_shift(int64_t delay)
{
	unsigned shift = 0;

	while (shift < 24 && delay >= (int64_t)63 << shift)
		shift += 3;
	return shift;
}

sim_time_t bond_work_at(const struct bond *bond, int64_t delay)
{
	int64_t expires = bond_jiffies(bond) + delay;
	unsigned shift = wheel_shift(delay);

	if (delay <= 0)
		return bond->dev.sim->now;
	return bond_jiffies_to_ns(bond, ((expires >> shift) + 1) << shift);
}

/*
 * A work that queues itself @delay jiffies ahead runs on its level's grid
 * after its first re-arm, so every ((delay >> shift) + 1) << shift jiffies:
 * 104 for 100, 51 for 50, 1024 for 1000.
 */
int64_t bond_work_period(int64_t delay)
{
	unsigned shift = wheel_shift(delay);

	return delay <= 0 ? 0 : ((delay >> shift) + 1) << shift;
}

/* queue_delayed_work(): @t fires when the work would run. */
void bond_work_queue(struct bond *bond, struct sim_timer *t, int64_t delay)
{
	sim_timer_arm(bond->dev.sim, t, bond_work_at(bond, delay));
}

/*
 * "ip link set bond0 up" holds RTNL through dev_open() and the NETDEV_UP
 * notifiers, and the monitor work that bond_open() queues with no delay
 * runs meanwhile on another CPU: its rtnl_trylock() fails.  Nothing else
 * in the simulation holds RTNL across a monitor run.
 */
bool bond_rtnl_trylock(const struct bond *bond)
{
	return !bond->up || bond->dev.sim->now != bond->opened_at;
}

static enum rx_verdict bond_handle_frame(void *owner, struct frame *f, struct rx_ctx *ctx);
static void mode_periodic(struct sim *sim, void *arg);
static void slave_event(void *owner, struct netdev *dev, enum netdev_event ev, const void *info);

/* A locally administered unicast MAC from the 64 random bits @v. */
static void random_mac(struct netdev *dev, uint64_t v)
{
	uint8_t mac[6];

	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)(v >> (8 * i));
	mac[0] = (uint8_t)((mac[0] & 0xfe) | 0x02);
	netdev_store_mac(dev, mac);
}

static void slave_free(gpointer p)
{
	struct slave *s = p;

	g_free(s->flow_frames);
	g_free(s);
}

struct bond *bond_new(struct sim *sim, const char *host, const char *name,
		      const struct bond_params *params, struct sim_log *log)
{
	struct bond *bond = g_aligned_alloc0(1, sizeof(*bond), 64);
	char stream[96];

	netdev_init(&bond->dev, sim, &bond_netdev_ops, host, name, NULL);
	bond->ops = bond_mode_ops_get(params->mode);
	/* the modes that balance by peer are measured by peer */
	if (bond->ops && (bond->ops->flags & BOND_MODE_F_TLB))
		bond->peers = bond_peers_new();
	g_assert(bond->ops);	/* every mode 0-6 has its ops */
	bond->params = *params;
	bond->slaves = g_ptr_array_new_with_free_func(slave_free);
	bond->log = log;
	bond->hz = BOND_DEFAULT_HZ;
	sim_timer_init(&bond->mii_timer, bond_mii_monitor, bond);
	sim_timer_init(&bond->arp_timer, bond_arp_monitor, bond);
	sim_timer_init(&bond->mode_timer, mode_periodic, bond);
	g_snprintf(stream, sizeof(stream), "bond:%s.%s", host, name);
	rng_init(&bond->rng, sim->seed, stream);
	/* bond_create(): eth_hw_addr_random(), a locally administered unicast
	 * MAC that the first slave then replaces.  Its own stream, so that it
	 * does not shift the draws of packets_per_slave=0. */
	{
		struct rng r;
		uint64_t v;

		g_snprintf(stream, sizeof(stream), "bond-mac:%s.%s", host, name);
		rng_init(&r, sim->seed, stream);
		v = rng_u64(&r);
		random_mac(&bond->dev, v);
		memcpy(bond->dev.perm_mac, bond->dev.mac, 6);
	}
	return bond;
}

void bond_free(struct bond *bond)
{
	if (!bond)
		return;
	sim_timer_cancel(bond->dev.sim, &bond->mii_timer);
	sim_timer_cancel(bond->dev.sim, &bond->arp_timer);
	sim_timer_cancel(bond->dev.sim, &bond->mode_timer);
	/* Give the NICs back as __bond_release_one() would. */
	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);
		struct netdev *d = s->dev;

		if (bond->ops->slave_detach)
			bond->ops->slave_detach(bond, s);
		netdev_rx_handler_unregister(d, s);
		netdev_notifier_unregister(d, s);
		nic_set_unsent(nic_of(d), NULL, NULL);
		netdev_set_master(d, NULL);
		if (bond_fail_over_mac(bond) != BOND_OPT_FOM_ACTIVE)
			netdev_store_mac(d, s->perm_hwaddr);
	}
	g_free(bond->usable);
	g_free(bond->mode_priv);
	bond_peers_free(bond->peers);
	g_ptr_array_free(bond->slaves, TRUE);
	netdev_fini(&bond->dev);
	g_aligned_free(bond);
}

struct slave *bond_find_slave(const struct bond *bond, const char *name)
{
	for (guint i = 0; i < bond->slaves->len; i++)
		if (strcmp(bond_slave(bond, i)->dev->name, name) == 0)
			return bond_slave(bond, i);
	return NULL;
}

/* bond_set_slave_inactive_flags(): tlb and alb slaves keep their active state. */
void bond_set_slave_inactive_flags(struct slave *s)
{
	if (!bond_is_lb(s->bond))
		s->backup = true;
	if (!s->bond->params.all_slaves_active)
		s->inactive = true;
}

/* bond_set_slave_active_flags() */
void bond_set_slave_active_flags(struct slave *s)
{
	s->backup = false;
	s->inactive = false;
}

void bond_set_slave_link_state(struct slave *s, enum bond_link_state st)
{
	s->link_new_state = st;
	s->link = st;
}

void bond_link_committed(struct slave *s, enum bond_monitor by)
{
	struct bond *bond = s->bond;

	s->link_by = by;
	if (s->link == BOND_LINK_UP || s->link == BOND_LINK_DOWN)
		netdev_notify(&bond->dev, NETDEV_CHANGELOWERSTATE, s);
}

/* bond_update_slave_arr(): usable = slaves that can transmit, enslave order. */
void bond_update_slave_arr(struct bond *bond)
{
	bond->usable_count = 0;
	if (bond->ops->slave_arr_ok && !bond->ops->slave_arr_ok(bond)) {
		/* "bond_3ad_get_active_agg_info failed": bond_reset_slave_arr() */
		sim_mod_set(&bond->usable_mod, 0);
		bond->usable_built = false;
		return;
	}
	for (guint i = 0; i < bond->slaves->len; i++) {
		struct slave *s = bond_slave(bond, i);

		if (bond_slave_can_tx(s) && (!bond->ops->slave_usable || bond->ops->slave_usable(bond, s)))
			bond->usable[bond->usable_count++] = s;
	}
	sim_mod_set(&bond->usable_mod, bond->usable_count);
	bond->usable_built = true;
}

bool bond_set_carrier(struct bond *bond)
{
	bool any = false, was = bond->dev.carrier;

	if (bond->slaves->len && bond->ops->set_carrier)
		return bond->ops->set_carrier(bond);

	for (guint i = 0; i < bond->slaves->len; i++)
		if (bond_slave(bond, i)->link == BOND_LINK_UP)
			any = true;
	netdev_set_carrier(&bond->dev, any);
	return any != was;
}

/* The notifier the bond hears from its slaves (bond_slave_netdev_event()). */
static void slave_event(void *owner, struct netdev *dev, enum netdev_event ev, const void *info)
{
	struct slave *s = owner;

	(void)dev;
	(void)info;
	if (ev != NETDEV_CHANGE)
		return;
	if (s->bond->ops->slave_change)
		s->bond->ops->slave_change(s->bond, s);
	if (bond_mode_can_use_xmit_hash(s->bond))
		bond_update_slave_arr(s->bond);
}

/*
 * The per-flow counts are of frames that left on the slave, as its
 * tx_packets: bond_slave_xmit() counts what the slave took, this takes
 * back what its NIC then lost unsent, and bond_slave_flow_frames() leaves
 * out what it still holds.  Only a frame that was counted is taken back.
 */
static void slave_unsent(void *arg, const struct frame *f)
{
	struct slave *s = arg;
	uint32_t flow = f->meta.flow;

	if (flow && flow < s->flow_frames_len && s->flow_frames[flow])
		s->flow_frames[flow]--;
}

struct flow_held {
	uint32_t flow;
	uint64_t n;
};

static void count_flow_held(void *arg, const struct frame *f)
{
	struct flow_held *h = arg;

	h->n += f->meta.flow == h->flow;
}

uint64_t bond_slave_flow_frames(const struct slave *s, uint32_t flow)
{
	struct flow_held h = { .flow = flow };
	const struct nic *n = nic_of(s->dev);

	if (!flow || flow >= s->flow_frames_len)
		return 0;
	if (n)
		nic_foreach_held(n, count_flow_held, &h);
	return s->flow_frames[flow] > h.n ? s->flow_frames[flow] - h.n : 0;
}

gboolean bond_enslave(struct bond *bond, struct netdev *dev, GError **error)
{
	const struct bond_params *p = &bond->params;
	int64_t now = bond_jiffies(bond);
	struct slave *s;

	if (dev->master) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_DUP,
			    "%s is already a slave of %s", dev->name, dev->master->name);
		return FALSE;
	}
	/* netdev_rx_handler_register() comes first in the kernel too: -EBUSY
	 * before anything of the bond or the slave has changed. */
	s = g_new0(struct slave, 1);
	if (!netdev_rx_handler_register(dev, bond_handle_frame, s, bond->dev.name, error)) {
		g_free(s);
		return FALSE;
	}
	/* bond_set_dev_addr(): a bond without an address of its own takes this one. */
	if (!bond->mac_set) {
		memcpy(bond->dev.perm_mac, dev->mac, 6);
		netdev_set_mac(&bond->dev, dev->mac);	/* a VLAN device above follows */
		bond->mac_set = true;
	}
	s->bond = bond;
	s->dev = dev;
	nic_set_unsent(nic_of(dev), slave_unsent, s);
	s->id = bond->slaves->len;
	s->link_new_state = BOND_LINK_NOCHANGE;
	memcpy(s->perm_hwaddr, dev->mac, 6);
	if (!bond_fail_over_mac(bond))
		netdev_store_mac(dev, bond->dev.mac);

	/* As if the last probe and the last reply were one interval and a jiffy ago. */
	s->last_rx = now - (bond_msecs_to_jiffies(bond, p->arp_interval) + 1);
	for (int i = 0; i < BOND_MAX_ARP_TARGETS; i++)
		s->target_last_arp_rx[i] = s->last_rx;
	s->last_tx = s->last_rx;

	if (p->miimon) {
		if (dev->carrier) {
			if (p->updelay_ticks) {
				bond_set_slave_link_state(s, BOND_LINK_BACK);
				s->delay = p->updelay_ticks;
			} else {
				bond_set_slave_link_state(s, BOND_LINK_UP);
			}
		} else {
			bond_set_slave_link_state(s, BOND_LINK_DOWN);
		}
	} else if (p->arp_interval) {
		bond_set_slave_link_state(s, dev->carrier ? BOND_LINK_UP : BOND_LINK_DOWN);
	} else {
		bond_set_slave_link_state(s, BOND_LINK_UP);
	}
	if (s->link != BOND_LINK_DOWN)
		s->last_link_up = now;

	if (bond_uses_primary(bond) && p->primary[0] && strcmp(p->primary, dev->name) == 0) {
		bond->primary = s;
		bond->force_primary = true;
	}
	bond->ops->slave_attach(bond, s);

	netdev_set_master(dev, &bond->dev);
	netdev_notifier_register(dev, slave_event, s);

	g_ptr_array_add(bond->slaves, s);
	bond->usable = g_renew(struct slave *, bond->usable, bond->slaves->len);
	bond_set_carrier(bond);
	if (bond_uses_primary(bond))
		bond_select_active_slave(bond);
	if (bond_mode_can_use_xmit_hash(bond))
		bond_update_slave_arr(bond);
	bond_log(bond, s, "Enslaving as %s interface with %s link",
		 bond_is_active_slave(s) ? "an active" : "a backup",
		 s->link != BOND_LINK_DOWN ? "an up" : "a down");
	netdev_notify(dev, NETDEV_CHANGEUPPER, &bond->dev);
	return TRUE;
}

gboolean bond_release(struct bond *bond, struct netdev *dev, GError **error)
{
	struct slave *s = dev->master == &bond->dev ? bond_find_slave(bond, dev->name) : NULL;
	struct slave *oldcurrent = bond->curr_active;
	char mac[18];

	if (!s) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID, "%s is not a slave of %s",
			    dev->name, bond->dev.name);
		return FALSE;
	}
	if (bond->ops->slave_release)
		bond->ops->slave_release(bond, s);
	bond_set_slave_inactive_flags(s);
	netdev_rx_handler_unregister(dev, s);
	netdev_notifier_unregister(dev, s);
	nic_set_unsent(nic_of(dev), NULL, NULL);
	netdev_set_master(dev, NULL);
	netdev_notify(dev, NETDEV_CHANGEUPPER, &bond->dev);
	g_ptr_array_steal_index(bond->slaves, (guint)s->id);
	for (guint i = 0; i < bond->slaves->len; i++)
		bond_slave(bond, i)->id = (int)i;
	if (bond->current_arp_slave == s)
		bond->current_arp_slave = NULL;
	if (bond_mode_can_use_xmit_hash(bond))
		bond_update_slave_arr(bond);
	bond_log(bond, s, "Releasing %s interface",
		 bond_is_active_slave(s) ? "active" : "backup");
	if (mac_equal(bond->dev.mac, s->perm_hwaddr) && bond->slaves->len &&
	    bond_fail_over_mac(bond) == BOND_OPT_FOM_NONE)
		bond_log(bond, s, "the permanent HWaddr of slave - %s - is still in use by bond - set the HWaddr of slave to a different address to avoid conflicts",
			 mac_format(s->perm_hwaddr, mac));
	if (bond->primary == s)
		bond->primary = NULL;
	if (oldcurrent == s)
		bond_change_active_slave(bond, NULL);
	if (bond->ops->slave_deinit)
		bond->ops->slave_deinit(bond, s);
	if (oldcurrent == s)
		bond_select_active_slave(bond);
	bond_set_carrier(bond);
	if (!bond->slaves->len) {
		/* eth_hw_addr_random(): the next first slave gives its MAC again;
		 * a stream of its own, drawn from the moment */
		char stream[128];
		struct rng r;
		uint64_t v;

		g_snprintf(stream, sizeof(stream), "bond-mac:%s.%s@%" G_GINT64_FORMAT,
			   bond->dev.owner_name, bond->dev.name, (gint64)bond->dev.sim->now);
		rng_init(&r, bond->dev.sim->seed, stream);
		v = rng_u64(&r);
		random_mac(&bond->dev, v);
		bond->mac_set = false;
	}
	/* the slave's own MAC back, unless fail_over_mac=active left it so */
	if (bond_fail_over_mac(bond) != BOND_OPT_FOM_ACTIVE)
		netdev_set_mac(dev, s->perm_hwaddr);
	slave_free(s);
	return TRUE;
}

static void arm_mode_timer(struct bond *bond)
{
	bond_work_queue(bond, &bond->mode_timer, 0);
}

void bond_open(struct bond *bond)
{
	struct sim *sim = bond->dev.sim;

	if (bond->up)
		return;
	bond->up = true;
	bond->opened_at = sim->now;
	if (bond->ops->open)
		bond->ops->open(bond);
	/* queue_delayed_work(..., 0): the first run is now, then every interval.
	 * tlb/alb queue their monitor before the MII monitor, 802.3ad after. */
	if (bond->ops->periodic && bond_is_lb(bond))
		arm_mode_timer(bond);
	if (bond->params.miimon)
		bond_work_queue(bond, &bond->mii_timer, 0);
	if (bond->params.arp_interval) {
		bond_work_queue(bond, &bond->arp_timer, 0);
		bond->recv_probe = bond_rcv_validate;
	}
	if (bond->ops->recv_probe)
		bond->recv_probe = bond->ops->recv_probe;
	if (bond->ops->periodic && !bond_is_lb(bond))
		arm_mode_timer(bond);
	if (bond_mode_can_use_xmit_hash(bond))
		bond_update_slave_arr(bond);
}

void bond_close(struct bond *bond)
{
	if (!bond->up)
		return;
	sim_timer_cancel(bond->dev.sim, &bond->mii_timer);
	sim_timer_cancel(bond->dev.sim, &bond->arp_timer);
	sim_timer_cancel(bond->dev.sim, &bond->mode_timer);
	if (bond->ops->close)
		bond->ops->close(bond);
	bond->send_peer_notif = 0;
	bond->recv_probe = NULL;
	bond->up = false;
}

/*
 * Is @mac the bond's or one of its slaves' (balance-tlb/alb and
 * fail_over_mac give slaves addresses of their own)?  A unicast frame for
 * none of them reached this host only because a switch flooded it here.
 */
static bool bond_has_mac(const struct bond *bond, const uint8_t *mac)
{
	if (mac_equal(mac, bond->dev.mac))
		return true;
	for (guint i = 0; i < bond->slaves->len; i++) {
		const struct netdev *d = bond_slave(bond, i)->dev;

		if (mac_equal(mac, d->mac) || mac_equal(mac, d->perm_mac))
			return true;
	}
	return false;
}

/*
 * bond_handle_frame(): the rx handler the bond installs on each slave.  The
 * recv_probe (the ARP monitor's validation, 802.3ad's LACPDUs, ALB's ARP)
 * sees every frame first.  A frame on an inactive slave
 * (bond_should_deliver_exact_match()) goes only to handlers bound to the
 * slave itself (RX_EXACT: never the bond's IP stack), except link-local
 * groups (01:80:c2:00:00:0X), which stay on the slave (RX_PASS: its own
 * stack, so LLDP can watch a backup link).  Everything else, link-local
 * frames on an active slave included, moves up to the bond.
 */
static enum rx_verdict bond_handle_frame(void *owner, struct frame *f, struct rx_ctx *ctx)
{
	struct slave *s = owner;
	struct bond *bond = s->bond;

	if (bond->recv_probe && bond->recv_probe(bond, s, f, ctx) == RX_CONSUMED)
		return RX_CONSUMED;
	if (s->inactive && !((bond->ops->flags & BOND_MODE_F_ALB_RX) &&
			     ctx->pkt_type != PACKET_BROADCAST && ctx->pkt_type != PACKET_MULTICAST)) {
		if (ctx->pkt_type == PACKET_MULTICAST && wire_mac_is_link_local(f->data))
			return RX_PASS;
		/* The kernel counts it as the slave's rx_nohandler (netdev_rx_chain). */
		ctx->exact_why = DROP_INACTIVE_SLAVE;
		ctx->astray = ctx->pkt_type == PACKET_OTHERHOST && f->hdr_len >= 6 &&
			      !bond_has_mac(bond, f->data);
		return RX_EXACT;
	}
	if (bond->peers)
		bond_peers_count(bond->peers, s, f, true);
	ctx->dev = &bond->dev;
	return RX_ANOTHER;
}

static void mode_periodic(struct sim *sim, void *arg)
{
	struct bond *bond = arg;

	(void)sim;
	/* re-armed first: the work may not return (a release) */
	bond_work_queue(bond, &bond->mode_timer,
			bond_msecs_to_jiffies(bond, bond->ops->periodic_ms));
	bond->ops->periodic(bond);
}
