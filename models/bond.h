/*
 * bond.h - the Linux bonding driver: a netdev whose xmit picks slaves.
 *
 * DOC: struct bond mirrors the kernel's struct bonding closely enough that
 * its code can be read side by side with drivers/net/bonding: the slave list
 * in enslave order, curr_active_slave, the usable-slave array that modes 2
 * and 4 index by hash, the balance-rr counter, and the MII monitor's
 * per-slave link state machine (UP, FAIL, DOWN, BACK) with delays counted in
 * monitor ticks.  The files split by job as the kernel's do:
 *   bond.c          lifecycle, enslave, rx, carrier, active-slave choice
 *   bond_modes.c    xmit of balance-rr, active-backup, balance-xor, broadcast
 *   bond_monitor.c  MII monitor (miimon) and ARP monitor (arp_interval)
 *   bond_options.c  the options table (parse, validate, defaults, display)
 *   bond_hash.c     xmit_hash_policy, bit-exact with the kernel
 *   bond_proc.c     the /proc/net/bonding/bondN text
 */
#ifndef BONDSIM_BOND_H
#define BONDSIM_BOND_H

#include "netdev.h"
#include "nic.h"
#include "rng.h"
#include "log.h"
#include "bond_options.h"

enum bond_link_state {		/* the kernel's BOND_LINK_* */
	BOND_LINK_UP = 0,
	BOND_LINK_FAIL = 1,	/* carrier lost, waiting downdelay */
	BOND_LINK_DOWN = 2,
	BOND_LINK_BACK = 3,	/* carrier back, waiting updelay */
};

struct bond;

struct slave {
	struct bond *bond;
	struct nic *nic;
	int id;				/* enslave order, from 0 */
	enum bond_link_state link;
	enum bond_link_state new_link;	/* proposed by inspect, applied by commit */
	bool proposed;
	int delay;			/* remaining monitor ticks of up/downdelay */
	bool backup;			/* inactive (active-backup's standby) */
	uint32_t link_failure_count;
	sim_time_t last_link_up;
	uint8_t perm_hwaddr[6];
	/* ARP monitor bookkeeping (bond_monitor.c) */
	sim_time_t last_rx, last_tx;
	/* what this slave carried through the bond, for reports */
	uint64_t tx_frames, tx_bytes, rx_frames, rx_bytes, rx_dropped_inactive;
};

struct bond_events {		/* hooks for reports; may be NULL */
	void (*link_change)(void *arg, struct bond *b, struct slave *s, enum bond_link_state st);
	void (*active_change)(void *arg, struct bond *b, struct slave *old_active,
			      struct slave *new_active);
	/* peer notification after failover: the host sends num_grat_arp GARPs */
	void (*notify_peers)(void *arg, struct bond *b, struct slave *active);
	void *arg;
};

struct bond {
	struct netdev dev;		/* first: a struct bond * is a struct netdev * */
	struct bond_params params;
	GPtrArray *slaves;		/* struct slave *, enslave order */
	struct slave *curr_active;
	struct slave *primary;
	struct slave **usable;		/* the kernel's usable_slaves: rebuilt on change */
	uint32_t usable_count;
	uint32_t rr_tx_counter;		/* the kernel's per-CPU counter: one CPU here */
	bool mac_set;			/* bond MAC taken from the first slave */
	bool up;
	struct sim_timer mii_timer;
	struct sim_timer arp_timer;
	struct sim_timer notify_timer;	/* peer notifications after failover */
	int notify_left;
	struct rng rng;
	struct sim_log *log;		/* the host's kernel log */
	struct bond_events ev;
	uint32_t ip;			/* the bond's IPv4 address (host order): ARP probe source */
	/* what the bond could not send */
	uint64_t tx_no_slave;
};

struct bond *bond_new(struct sim *sim, const char *host, const char *name,
		      const struct bond_params *params, struct sim_log *log);
void bond_free(struct bond *bond);
/* Enslave a NIC (bond_enslave): takes over its rx handler and sets its MAC. */
gboolean bond_enslave(struct bond *bond, struct nic *nic, GError **error);
/* ifup: start the monitors.  Done once the world is built. */
void bond_open(struct bond *bond);

struct slave *bond_find_slave(const struct bond *bond, const char *name);
static inline struct slave *bond_slave(const struct bond *bond, guint i)
{
	return g_ptr_array_index(bond->slaves, i);
}
bool bond_slave_can_tx(const struct slave *s);
void bond_update_slave_arr(struct bond *bond);
void bond_set_carrier(struct bond *bond);
/* bond_select_active_slave(): active-backup's choice after a change. */
void bond_select_active_slave(struct bond *bond);
void bond_change_active_slave(struct bond *bond, struct slave *new_active);

/* bond_modes.c */
void bond_xmit(struct netdev *dev, struct frame *f);
struct slave *bond_rr_slave_get(struct bond *bond, const struct frame *f);
struct slave *bond_get_slave_by_id(struct bond *bond, int slave_id);
uint32_t bond_frame_hash(const struct bond *bond, const struct frame *f);

/* bond_monitor.c */
void bond_mii_monitor(struct sim *sim, void *arg);
void bond_arp_monitor(struct sim *sim, void *arg);
void bond_peer_notify(struct sim *sim, void *arg);

/* bond_proc.c: /proc/net/bonding/<bond> */
void bond_proc_dump(const struct bond *bond, GString *out);

static inline bool bond_uses_primary(const struct bond *bond)
{
	return bond->params.mode == BOND_MODE_ACTIVEBACKUP || bond->params.mode == BOND_MODE_TLB ||
	       bond->params.mode == BOND_MODE_ALB;
}

void bond_log(const struct bond *bond, const struct slave *s, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);

#endif
