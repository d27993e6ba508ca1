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
 *   bond.c          lifecycle, enslave, rx, carrier, active-slave choice
 *   bond_modes.c    xmit of balance-rr, active-backup, balance-xor, broadcast
 *   bond_monitor.c  MII monitor (miimon) and peer notification
 *   bond_arp.c      ARP monitor (arp_interval, arp_validate)
 *   bond_options.c  the options table (names, values, defaults, display), with
 *                   bond_opt_parse.c (reading values), bond_opt_store.c (sysfs
 *                   writes), bond_params_check.c (module-load checks)
 *   bond_config*.c  modprobe.d and ifcfg files, replayed as a boot would
 *   bond_hash.c     xmit_hash_policy, bit-exact with the kernel
 *   bond_proc.c     the /proc/net/bonding/bondN text
 *
 * Time inside the bond is counted in jiffies, as the kernel counts it: the
 * monitors are re-armed every msecs_to_jiffies(interval) and the ARP
 * monitor compares jiffies stamps.  bond->hz is the kernel's CONFIG_HZ
 * (1000 by default: RHEL, Ubuntu 24.04; Debian builds with 250).
 */
#ifndef BONDSIM_BOND_H
#define BONDSIM_BOND_H

#include "link/netdev.h"
#include "link/nic.h"
#include "rng.h"
#include "log.h"
#include "bond_options.h"

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

struct slave {
	struct bond *bond;
	struct nic *nic;
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
	/* what this slave carried through the bond, for reports */
	uint64_t tx_frames, tx_bytes, rx_frames, rx_bytes, rx_dropped_inactive;
	/* Frames of each measured flow sent on this slave, indexed by the
	 * frame's meta.flow: which link a flow took (reports only). */
	GArray *flow_frames;		/* uint64_t */
	uint64_t arp_probes_sent;
};

struct bond_events {		/* hooks for reports; may be NULL */
	/* A slave committed UP or DOWN; s->link_by says by which monitor. */
	void (*link_change)(void *arg, struct bond *b, struct slave *s, enum bond_link_state st);
	void (*active_change)(void *arg, struct bond *b, struct slave *old_active,
			      struct slave *new_active);
	/*
	 * NETDEV_NOTIFY_PEERS: the host sends its gratuitous ARP now, through
	 * the bond, so it leaves on @active.
	 */
	void (*notify_peers)(void *arg, struct bond *b, struct slave *active);
	void *arg;
};

struct bond {
	struct netdev dev;		/* first: a struct bond * is a struct netdev * */
	struct bond_params params;
	GPtrArray *slaves;		/* struct slave *, enslave order */
	struct slave *curr_active;
	struct slave *primary;
	struct slave *current_arp_slave;	/* ARP monitor probing with no active slave */
	bool force_primary;		/* primary just named: take it whatever reselect says */
	struct slave **usable;		/* the kernel's usable_slaves (balance-xor) */
	uint32_t usable_count;
	bool usable_built;		/* usable_slaves != NULL (modes that hash) */
	uint32_t rr_tx_counter;		/* the kernel's per-CPU counter: one CPU here */
	uint32_t send_peer_notif;	/* the kernel's countdown, in monitor ticks */
	bool mac_set;			/* MAC of its own: write dev.mac and set this
					 * before enslaving, else the first slave's */
	bool up;			/* netif_running() */
	sim_time_t opened_at;		/* bond_open(): RTNL is the opener's then */
	bool recv_probe;		/* bond_rcv_validate() installed (ARP monitor) */
	bool warned_no_route;		/* pr_warn_once of bond_arp_send_all() */
	int hz;				/* CONFIG_HZ: jiffies per second */
	struct sim_timer mii_timer;
	struct sim_timer arp_timer;
	struct rng rng;
	struct sim_log *log;		/* the host's kernel log */
	struct bond_events ev;
	uint32_t ip;			/* the bond's IPv4 address (host order): ARP probe source */
	/* what the bond could not send, and what it announced */
	uint64_t tx_no_slave;
	uint64_t peer_notifications;
};

struct bond *bond_new(struct sim *sim, const char *host, const char *name,
		      const struct bond_params *params, struct sim_log *log);
/* Frees the bond and gives its NICs back (rx handler, carrier watch). */
void bond_free(struct bond *bond);
/* Enslave a NIC (bond_enslave): takes over its rx handler and sets its MAC. */
gboolean bond_enslave(struct bond *bond, struct nic *nic, GError **error);
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
void bond_xmit(struct netdev *dev, struct frame *f);
struct slave *bond_rr_slave_get(struct bond *bond, const struct frame *f);
struct slave *bond_get_slave_by_id(struct bond *bond, int slave_id);
uint32_t bond_frame_hash(const struct bond *bond, const struct frame *f);

/* bond_proc.c: /proc/net/bonding/<bond> */
void bond_proc_dump(const struct bond *bond, GString *out);

static inline bool bond_mode_uses_primary(int mode)
{
	return mode == BOND_MODE_ACTIVEBACKUP || mode == BOND_MODE_TLB || mode == BOND_MODE_ALB;
}

static inline bool bond_uses_primary(const struct bond *bond)
{
	return bond_mode_uses_primary(bond->params.mode);
}

void bond_log(const struct bond *bond, const struct slave *s, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);

/*
 * Inside the bond (bond*.c only), named after the kernel functions.
 */
static inline bool bond_slave_is_up(const struct slave *s)	/* running + carrier */
{
	return s->nic->dev.carrier;
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
	return bond->params.mode == BOND_MODE_XOR || bond->params.mode == BOND_MODE_8023AD ||
	       bond->params.mode == BOND_MODE_TLB || bond->params.mode == BOND_MODE_ALB;
}
int64_t bond_jiffies(const struct bond *bond);
int64_t bond_msecs_to_jiffies(const struct bond *bond, int ms);
sim_time_t bond_jiffies_to_ns(const struct bond *bond, int64_t j);
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

/* bond_monitor.c */
void bond_mii_monitor(struct sim *sim, void *arg);
bool bond_should_notify_peers(const struct bond *bond);
void bond_notify_peers(struct bond *bond);

/* bond_arp.c */
void bond_arp_monitor(struct sim *sim, void *arg);
/* recv_probe: may refresh s->last_rx; never takes the frame. */
void bond_rcv_validate(struct bond *bond, struct slave *s, const struct frame *f);

#endif
