/*
 * bond.h - the Linux bonding driver: a netdev whose xmit picks slaves.
 *
 * DOC: struct bond mirrors the kernel's struct bonding closely enough that
 * its code can be read side by side with drivers/net/bonding (Linux 6.x):
 * the slave list in enslave order, curr_active_slave, primary_slave,
 * current_arp_slave, the usable-slave array that balance-xor indexes by
 * hash, the balance-rr counter, send_peer_notif, and per slave the link
 * state (UP, FAIL, DOWN, BACK), the proposed state a monitor commits, the
 * backup/inactive flags and the ARP monitor's jiffies stamps.  The files
 * split by job as the kernel's do:
 *   bond.c          lifecycle, enslave, rx (bond_handle_frame), carrier,
 *                   active-slave choice
 *   bond_modes.c    modes 0-3 as struct bond_mode_ops tables: the core calls
 *                   through bond->ops and never tests the mode number
 *   bond_3ad.c      mode 802.3ad on the LACP machines of lacp/
 *   bond_alb.c      balance-tlb and balance-alb: transmit balancing, MAC
 *                   swapping, learning packets, the ALB monitor
 *   bond_rlb.c      balance-alb's receive balancing through ARP
 *   bond_monitor.c  MII monitor (miimon) and peer notification
 *   bond_arp.c      ARP monitor (arp_interval, arp_validate)
 *   bond_options.c  the options table (names, values, defaults, display), with
 *                   bond_opt_parse.c (reading values), bond_opt_store.c (sysfs
 *                   writes), bond_params_check.c (module-load checks)
 *   bond_config*.c  modprobe.d and ifcfg files, replayed as a boot would
 *   bond_hash.c     xmit_hash_policy, bit-exact with the kernel (frames read
 *                   by wire/dissect.c with the kernel's quirks as options)
 *   bond_proc.c     the /proc/net/bonding/bondN text
 *
 * Time inside the bond is counted in jiffies, as the kernel counts it: the
 * monitors are re-armed every msecs_to_jiffies(interval) and the ARP
 * monitor compares jiffies stamps.  bond->hz is the kernel's CONFIG_HZ
 * (a host's hz key; 1000 by default, as RHEL builds it; Debian builds with 250).
 */
#ifndef BONDSIM_BOND_H
#define BONDSIM_BOND_H

#include "link/netdev.h"
#include "rng.h"
#include "modulo.h"
#include "log.h"
#include "bond_options.h"
#include "bond_peers.h"

enum bond_link_state {		/* the kernel's BOND_LINK_* */
	BOND_LINK_UP = 0,
	BOND_LINK_FAIL = 1,	/* carrier lost, waiting downdelay */
	BOND_LINK_DOWN = 2,
	BOND_LINK_BACK = 3,	/* carrier back, waiting updelay (ARP: being probed) */
};
/* slave->link_new_state when a monitor proposes nothing (not a link state). */
#define BOND_LINK_NOCHANGE (-1)

/* Which monitor committed a slave's last link change. */
enum bond_monitor {
	BOND_MON_NONE,		/* enslaved in this state, nothing committed yet */
	BOND_MON_MII,
	BOND_MON_ARP,
};

#define BOND_DEFAULT_HZ 1000

struct bond;

/* The kernel's struct tlb_slave_info (bond_alb.h): this slave's list of
 * transmit hash table entries and the load they carried (balance-tlb/alb). */
struct tlb_slave_info {
	uint32_t head;			/* first entry of the list, TLB_NULL_INDEX if none */
	uint32_t load;			/* bytes per second, summed from load_history */
};

struct slave {
	struct bond *bond;
	struct netdev *dev;		/* a NIC today; any netdev can be a slave */
	/* Frames of each measured flow the slave took, less those its NIC
	 * lost unsent, indexed by the frame's meta.flow: which link a flow
	 * took (reports only, through bond_slave_flow_frames()).  Here,
	 * in the line every frame sent reads anyway, and a plain array: one
	 * load to the counter, not two through an array header. */
	uint64_t *flow_frames;
	uint32_t flow_frames_len;
	int id;				/* enslave order, from 0 */
	enum bond_link_state link;
	int link_new_state;		/* proposed by inspect, applied by commit */
	enum bond_monitor link_by;	/* who committed the last change of link */
	int delay;			/* remaining monitor ticks of up/downdelay */
	bool backup;			/* not used for tx (active-backup's standby) */
	bool inactive;			/* rx only for exact matches: dropped here */
	int prio;			/* "ip link set ethX type bond_slave prio N" */
	uint32_t link_failure_count;
	uint8_t perm_hwaddr[6];
	/* jiffies, as the kernel keeps them */
	int64_t last_link_up;
	int64_t last_rx, last_tx;	/* ARP monitor: last validated rx, last probe */
	int64_t target_last_arp_rx[BOND_MAX_ARP_TARGETS];
	uint64_t arp_probes_sent;
	struct tlb_slave_info tlb_info;	/* balance-tlb/alb (bond_alb.c) */
};

/*
 * What the bond tells the subscribers of its netdev notifier chain:
 *   NETDEV_CHANGELOWERSTATE  info = the slave whose link a monitor committed
 *                            UP or DOWN (s->link_by says which monitor);
 *   NETDEV_BONDING_FAILOVER  info = struct bond_failover_info, on every
 *                            change of curr_active_slave (the kernel sends
 *                            it for active-backup only; reports want all);
 *   NETDEV_NOTIFY_PEERS      info = the active slave: the host on the bond
 *                            sends its gratuitous ARP now, so it leaves there;
 *   NETDEV_CHANGE            the bond's carrier changed.
 */
struct bond_failover_info {
	struct slave *old_active, *new_active;
};

/*
 * What a mode does, the way the driver chooses its xmit and recv_probe per
 * mode at open: one table per mode, filled by the mode's own file
 * (bond_modes.c for 0-3; 802.3ad, tlb and alb each a file of their own).
 * The bond core calls through it and never tests the mode number.
 */
struct metrics;

enum bond_mode_flags {
	BOND_MODE_F_PRIMARY = 1 << 0,	/* bond_uses_primary(): primary, prio, curr_active choice */
	BOND_MODE_F_ONE_ACTIVE = 1 << 1,	/* one slave carries everything, the rest are backups */
	BOND_MODE_F_XMIT_HASH = 1 << 2,	/* bond_mode_can_use_xmit_hash(): keeps usable_slaves */
	BOND_MODE_F_TLB = 1 << 3,	/* bond_is_lb(): balance-tlb, balance-alb */
	BOND_MODE_F_ALB_RX = 1 << 4,	/* balance-alb: an inactive slave still passes
					 * unicast up (bond_should_deliver_exact_match) */
};

struct bond_mode_ops {
	int mode;			/* BOND_MODE_* */
	unsigned int flags;		/* enum bond_mode_flags */
	/* bond_open()/bond_close(): the mode's part (slave flags, its own timers) */
	void (*open)(struct bond *bond);
	void (*close)(struct bond *bond);
	/* Takes the frame: hand it to a slave (bond_dev_queue_xmit) or drop it. */
	void (*xmit)(struct bond *bond, struct frame *f);
	/* Sees every frame a slave receives before anything else (LACPDUs,
	 * ALB's ARP learning); NULL: the ARP monitor's validation, if any.
	 * RX_CONSUMED: it took the frame, nothing else sees it. */
	enum rx_verdict (*recv_probe)(struct bond *bond, struct slave *s, struct frame *f,
				      const struct rx_ctx *ctx);
	/* bond_enslave()/bond_free(): the mode's state for a new or leaving slave */
	void (*slave_attach)(struct bond *bond, struct slave *s);
	void (*slave_detach)(struct bond *bond, struct slave *s);
	/* __bond_release_one(): the mode lets a slave go, while it is still
	 * in bond->slaves (802.3ad: bond_3ad_unbind_slave()) */
	void (*slave_release)(struct bond *bond, struct slave *s);
	/* __bond_release_one() once the slave is out of bond->slaves and
	 * curr_active, before a new active slave is chosen (tlb/alb:
	 * bond_alb_deinit_slave()) */
	void (*slave_deinit)(struct bond *bond, struct slave *s);
	/* A slave's NETDEV_CHANGE (carrier, speed), before the usable-slave
	 * array is rebuilt (bond_slave_netdev_event()). */
	void (*slave_change)(struct bond *bond, struct slave *s);
	/* The bond's carrier (802.3ad: bond_3ad_set_carrier()); NULL: while a
	 * slave's link is UP.  Returns the kernel's return value: "report". */
	bool (*set_carrier)(struct bond *bond);
	/* A monitor committed a slave's link (bond_miimon_link_change()). */
	void (*link_change)(struct bond *bond, struct slave *s);
	/* curr_active_slave changed (in bond_change_active_slave()). */
	void (*active_change)(struct bond *bond, struct slave *old_active,
			      struct slave *new_active);
	/* Periodic work of the mode (802.3ad's 100 ms tick, ALB's monitor):
	 * queued periodic_ms ahead while the bond is up (bond_work_at(): the
	 * timer wheel makes 100 ms every 104). */
	void (*periodic)(struct bond *bond);
	int periodic_ms;
	/* The mode's own counters for the report: "<prefix>.<name>" (NULL: none). */
	void (*metrics)(const struct bond *bond, struct metrics *m, const char *prefix);
	/* The mode's lines in /proc/net/bonding/bondN: after the master's
	 * common lines, at the end of each slave's block. */
	void (*proc_master)(const struct bond *bond, GString *out);
	void (*proc_slave)(const struct bond *bond, const struct slave *s, GString *out);
	/* bond_update_slave_arr()'s test of the mode (802.3ad: in the active
	 * aggregator); NULL: every slave that can transmit. */
	bool (*slave_usable)(const struct bond *bond, const struct slave *s);
	/* bond_update_slave_arr(): false when the mode has no array at all
	 * (802.3ad without an active aggregator: usable_slaves = NULL, which
	 * bond_miimon_inspect() does not take for "nothing usable"); NULL:
	 * always one. */
	bool (*slave_arr_ok)(const struct bond *bond);
};

/* The ops of @mode, NULL for a mode bondsim does not run yet. */
const struct bond_mode_ops *bond_mode_ops_get(int mode);
extern const struct bond_mode_ops bond_3ad_ops;	/* bond_3ad.c */
extern const struct bond_mode_ops bond_tlb_ops;	/* bond_alb.c */
extern const struct bond_mode_ops bond_alb_ops;	/* bond_alb.c, bond_rlb.c */
struct lacp_port;
/* 802.3ad: the LACP port of @s (reports, tests); NULL in other modes. */
const struct lacp_port *bond_3ad_port(const struct bond *bond, const struct slave *s);
/*
 * 802.3ad: does @s carry the bond's traffic as far as LACP is concerned?
 * The kernel's tx_enabled (bond_is_active_slave()) that its lower-state
 * notification reports: set when the mux enters COLLECTING_DISTRIBUTING in
 * the active aggregator, or when a partnerless active aggregator's ports
 * are forced on (the individual fallback).  False in other modes.
 */
bool bond_3ad_slave_distributing(const struct bond *bond, const struct slave *s);
/*
 * 802.3ad: @fn hears every change of bond_3ad_slave_distributing(), as it
 * happens, with why: on: "collecting_distributing" (the mux, both ends in
 * sync), "no partner" (forced on in a partnerless active aggregator),
 * "aggregator active" (a collecting port whose aggregator became active
 * again); off: "carrier" (link down), "lacp timeout" (partner expired or
 * defaulted), "partner out of sync", "unselected" (partner changed),
 * "aggregator inactive" (another aggregator became active), "link up"
 * (backup until LACP says), "released", "detached".  NULL clears it; no-op
 * in other modes.  The bond's NETDEV_CHANGELOWERSTATE (monitor commits)
 * is unchanged.
 */
void bond_3ad_set_port_hook(struct bond *bond,
			    void (*fn)(void *arg, struct bond *bond, struct slave *s, bool on,
				       const char *why),
			    void *arg);

struct bond {
	struct netdev dev;		/* first: a struct bond * is a struct netdev * */
	/* What every frame sent or received reads: the line after dev's
	 * eight (bonds are allocated 64-byte aligned). */
	const struct bond_mode_ops *ops;
	struct slave **usable;		/* the kernel's usable_slaves (balance-xor) */
	uint32_t usable_count;
	struct sim_mod usable_mod;	/* usable_count, for hash % count without a division */
	struct bond_peers *peers;	/* per peer and slave counts (tlb/alb), or NULL */
	void *mode_priv;		/* the mode's own state (802.3ad's LACP), g_free()d */
	/* bond->recv_probe: set at open from the mode's ops or the ARP monitor */
	enum rx_verdict (*recv_probe)(struct bond *bond, struct slave *s, struct frame *f,
				      const struct rx_ctx *ctx);
	struct bond_params params;
	GPtrArray *slaves;		/* struct slave *, enslave order */
	struct slave *curr_active;
	struct slave *primary;
	struct slave *current_arp_slave;	/* ARP monitor probing with no active slave */
	bool force_primary;		/* primary just named: take it whatever reselect says */
	bool usable_built;		/* usable_slaves != NULL (modes that hash) */
	uint32_t rr_tx_counter;		/* the kernel's per-CPU counter: one CPU here */
	uint32_t rr_last_gso;		/* the GSO skb balance-rr placed last (frame.h), 0: none */
	int rr_last_id;			/* and the slave id it drew for it */
	uint32_t send_peer_notif;	/* the kernel's countdown, in monitor ticks */
	bool mac_set;			/* MAC of its own: write dev.mac and set this
					 * before enslaving, else the first slave's */
	bool up;			/* netif_running() */
	sim_time_t opened_at;		/* bond_open(): RTNL is the opener's then */
	bool warned_no_route;		/* pr_warn_once of bond_arp_send_all(), with no
					 * host above (netdev_once()): a host has its own */
	int hz;				/* CONFIG_HZ: jiffies per second */
	struct sim_timer mii_timer;
	struct sim_timer arp_timer;
	struct sim_timer mode_timer;	/* ops->periodic */
	struct rng rng;
	struct sim_log *log;		/* the host's kernel log */
	/* balance-tlb/alb tell what they did (bond_alb_set_event_hook()) */
	void (*alb_event)(void *arg, struct bond *bond, int what, const struct slave *s,
			  uint32_t n);
	void *alb_event_arg;
	/* what the bond could not send, and what it announced */
	uint64_t tx_no_slave;
	uint64_t peer_notifications;
};

struct bond *bond_new(struct sim *sim, const char *host, const char *name,
		      const struct bond_params *params, struct sim_log *log);
/* Frees the bond and gives its NICs back (rx handler, carrier watch). */
void bond_free(struct bond *bond);
/* Enslave a NIC (bond_enslave): takes over its rx handler and sets its MAC. */
gboolean bond_enslave(struct bond *bond, struct netdev *dev, GError **error);
/*
 * "ip link set DEV nomaster" (__bond_release_one): the slave leaves, its
 * MAC and rx handler go back; the kernel then closes DEV (dev_close()),
 * which is the caller's to model.  Errors: @dev is not our slave.
 */
gboolean bond_release(struct bond *bond, struct netdev *dev, GError **error);
/* ifup (bond_open): start the monitors, first run now.  ifdown: stop them. */
void bond_open(struct bond *bond);
void bond_close(struct bond *bond);
/*
 * Run-time option writes that act on the slaves, as the kernel's setters:
 * per-slave prio (bond_option_prio_set: reselects unless a primary is set)
 * and primary (bond_option_primary_set: "" clears it).  Both are refused
 * outside active-backup, balance-tlb and balance-alb, as the kernel does,
 * with its log line.
 */
gboolean bond_set_slave_prio(struct bond *bond, struct slave *s, int prio, GError **error);
gboolean bond_set_primary(struct bond *bond, const char *name, GError **error);
/*
 * A write of @ifname to the bond's sysfs active_slave file
 * (bond_option_active_slave_set()); @dev is the host's device of that name,
 * NULL if it has none.  "" clears the active slave and chooses again;
 * a slave is made active at once if it is up and the bond has an active
 * slave already.  Refusals (mode, no such device, not a slave, not ours,
 * slave down) log the kernel's lines and come back as the error.
 */
gboolean bond_set_active_slave(struct bond *bond, const char *ifname, struct netdev *dev,
			       GError **error);

struct slave *bond_find_slave(const struct bond *bond, const char *name);
static inline struct slave *bond_slave(const struct bond *bond, guint i)
{
	return g_ptr_array_index(bond->slaves, i);
}
const char *bond_monitor_name(enum bond_monitor m);

/* bond_modes.c */
extern const struct netdev_ops bond_netdev_ops;
/* bond_dev_queue_xmit(): @f leaves on @s, counted for the bond and the slave. */
bool bond_slave_xmit(struct bond *bond, struct slave *s, struct frame *f);
/* bond_tx_drop(): no slave could take @f. */
void bond_tx_drop(struct bond *bond, struct frame *f);
struct slave *bond_rr_slave_get(struct bond *bond, const struct frame *f);
struct slave *bond_get_slave_by_id(struct bond *bond, int slave_id);
uint32_t bond_frame_hash(const struct bond *bond, const struct frame *f);
/* Frames of measured flow @flow that left on this slave (0 for one it never
 * carried), counted where its tx_frames counts them (bond.c). */
uint64_t bond_slave_flow_frames(const struct slave *s, uint32_t flow);
/* usable_slaves[hash % usable_count], as bond_3ad_xor_xmit() and tlb pick
 * (usable_count must not be 0) */
static inline struct slave *bond_usable_by_hash(const struct bond *bond, uint32_t hash)
{
	return bond->usable[sim_mod(&bond->usable_mod, hash)];
}

/* bond_proc.c: /proc/net/bonding/<bond> */
void bond_proc_dump(const struct bond *bond, GString *out);
/* bond_slave_link_status(): "up", "going down", "down", "going back" */
const char *bond_slave_link_status(enum bond_link_state link);

/*
 * bond_sysfs.c: /sys/class/net/BOND/bonding/<attr> (names "bonding/mode"
 * ...) and /sys/class/net/SLAVE/bonding_slave/<attr>, as Linux 6.1 shows
 * them to root, into @files (netdev.h); the bond's ethtool speed and
 * duplex (bond_ethtool_get_link_ksettings()).
 */
void bond_sysfs_show(const struct bond *bond, GPtrArray *files);
void bond_sysfs_slave_show(const struct bond *bond, const struct slave *s, GPtrArray *files);
void bond_ethtool(const struct bond *bond, int *speed_mbps, const char **duplex);
/* What "ethtool BOND" prints (ethtool 6.1's layout). */
void bond_ethtool_text(const struct bond *bond, GString *out);
/*
 * The error counters of its slaves (collisions, CRC errors, ... of those on
 * a half-duplex cable) summed into @sum, as bond_get_stats() folds every
 * slave's rtnl_link_stats64 into the bond's.  False (and @sum zero) when no
 * slave counts any.
 */
bool bond_error_counters(const struct bond *bond, struct hdx_counters *sum);

static inline bool bond_uses_primary(const struct bond *bond)
{
	return bond->ops->flags & BOND_MODE_F_PRIMARY;
}

/* Only one slave transmits and receives; the others are backups (active-backup). */
static inline bool bond_one_active(const struct bond *bond)
{
	return bond->ops->flags & BOND_MODE_F_ONE_ACTIVE;
}

void bond_log(const struct bond *bond, const struct slave *s, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);

/*
 * Inside the bond (bond*.c only), named after the kernel functions.
 */
/* Frames dropped on an inactive slave: the slave device's own count (RX_EXACT). */
static inline uint64_t bond_slave_rx_dropped_inactive(const struct slave *s)
{
	return s->dev->drops[DROP_INACTIVE_SLAVE];
}
static inline bool bond_slave_is_up(const struct slave *s)	/* running + carrier */
{
	return s->dev->carrier;
}
static inline bool bond_is_active_slave(const struct slave *s)
{
	return !s->backup;
}
static inline bool bond_slave_can_tx(const struct slave *s)
{
	return bond_slave_is_up(s) && s->link == BOND_LINK_UP && bond_is_active_slave(s);
}
static inline bool bond_mode_can_use_xmit_hash(const struct bond *bond)
{
	return bond->ops->flags & BOND_MODE_F_XMIT_HASH;
}
/* bond_mode_uses_xmit_hash(): what /proc shows a Transmit Hash Policy for. */
/* bond_is_lb(): balance-tlb or balance-alb. */
static inline bool bond_is_lb(const struct bond *bond)
{
	return bond->ops->flags & BOND_MODE_F_TLB;
}
static inline bool bond_mode_uses_xmit_hash(const struct bond *bond)
{
	if (bond->ops->flags & BOND_MODE_F_TLB)
		return bond->params.tlb_dynamic_lb == 0;	/* bond_is_nondyn_tlb() */
	return bond_mode_can_use_xmit_hash(bond);
}
/* fail_over_mac applies to active-backup only. */
static inline int bond_fail_over_mac(const struct bond *bond)
{
	return bond_one_active(bond) ? bond->params.fail_over_mac : 0;
}
int64_t bond_jiffies(const struct bond *bond);
int64_t bond_msecs_to_jiffies(const struct bond *bond, int ms);
sim_time_t bond_jiffies_to_ns(const struct bond *bond, int64_t j);
/* queue_delayed_work(): when a work queued now with @delay jiffies runs
 * (the timer wheel's rounding included), and the arming of @t for it. */
sim_time_t bond_work_at(const struct bond *bond, int64_t delay);
void bond_work_queue(struct bond *bond, struct sim_timer *t, int64_t delay);
/* Jiffies between two runs of a work re-queued @delay ahead each time. */
int64_t bond_work_period(int64_t delay);
/* rtnl_trylock() from a monitor: false while the bond is being opened. */
bool bond_rtnl_trylock(const struct bond *bond);
void bond_set_slave_inactive_flags(struct slave *s);
void bond_set_slave_active_flags(struct slave *s);
/* bond_set_slave_link_state(): propose and commit at once. */
void bond_set_slave_link_state(struct slave *s, enum bond_link_state st);
/* A monitor committed s->link: remember who, tell the report hook (UP/DOWN). */
void bond_link_committed(struct slave *s, enum bond_monitor by);
void bond_update_slave_arr(struct bond *bond);
/* Returns true when the bond's carrier changed. */
bool bond_set_carrier(struct bond *bond);
void bond_select_active_slave(struct bond *bond);
void bond_change_active_slave(struct bond *bond, struct slave *new_active);
/* NETDEV_BONDING_FAILOVER with {old, new} to the bond's notifier chain. */
void bond_failover_notify(struct bond *bond, struct slave *old, struct slave *new_active);
/* Active-backup's part of a change of active slave: flags, fail_over_mac, peers. */
void bond_ab_active_change(struct bond *bond, struct slave *old, struct slave *new_active);

/* bond_monitor.c */
void bond_mii_monitor(struct sim *sim, void *arg);
bool bond_should_notify_peers(const struct bond *bond);
void bond_notify_peers(struct bond *bond);

/* bond_arp.c */
void bond_arp_monitor(struct sim *sim, void *arg);
/* The ARP monitor's recv_probe: may refresh s->last_rx; never takes the frame. */
enum rx_verdict bond_rcv_validate(struct bond *bond, struct slave *s, struct frame *f,
				  const struct rx_ctx *ctx);

#endif
