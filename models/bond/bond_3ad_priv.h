/*
 * bond_3ad_priv.h - what the 802.3ad files share (bond_3ad*.c only).
 *
 * DOC: The kernel's per-bond struct ad_bond_info and per-slave struct
 * ad_slave_info (SLAVE_AD_INFO()), over the LACP machines of lacp/:
 *   bond_3ad.c       the glue: enslave/release, link changes, the 100 ms
 *                    state machine handler, LACPDUs in, xmit, the hook
 *   bond_3ad_sel.c   keys, the active aggregator (ad_agg_selection_logic)
 *                    and the bond's carrier (bond_3ad_set_carrier)
 *   bond_3ad_proc.c  the 802.3ad lines of /proc/net/bonding
 */
#ifndef BONDSIM_BOND_3AD_PRIV_H
#define BONDSIM_BOND_3AD_PRIV_H

#include "bond.h"
#include "lacp/lacp.h"

/* AD_AGGREGATOR_SELECTION_TIMER: 8 s of 100 ms ticks (80 ticks: 8.32 s, as
 * the kernel's ticks come 104 ms apart). */
#define AD_AGG_SELECTION_TICKS	(8 * LACP_TICKS_PER_SEC)

/* SLAVE_AD_INFO(slave): a slave's port, and through sys.aggs[] the
 * aggregator of its own at the same index. */
struct ad_port {
	struct slave *slave;		/* NULL: the slot is free */
	struct lacp_port lp;
	bool ever_up;			/* the kernel's slave->last_link_up != 0 */
	uint64_t joined;		/* when it joined lp.agg: its place in lag_ports */
};

struct bond_3ad {
	struct bond *bond;
	bool initialized;		/* bond_3ad_initialize() ran (a first enslave) */
	struct lacp_system sys;
	struct ad_port port[LACP_MAX_PORTS];
	bool agg_active[LACP_MAX_PORTS];	/* is_active of sys.aggs[i] */
	uint32_t agg_select_timer;	/* ticks, 0: run out */
	uint16_t aggregator_identifier;	/* the last aggregator id given */
	uint64_t joins;			/* counts ports joining aggregators */
	/* net_ratelimit() of a bond with no host above it (unit tests): with
	 * one, the host's, which all its bonds share (netdev_net_ratelimit()) */
	struct net_ratelimit net_rl;
	bool warned_speed;		/* pr_err_once() of __get_link_speed() */
	void (*hook)(void *arg, struct bond *bond, struct slave *s, bool on, const char *why);
	void *hook_arg;
};

static inline struct bond_3ad *ad_of(const struct bond *bond)
{
	return bond->ops == &bond_3ad_ops ? bond->mode_priv : NULL;
}

static inline int ad_index(const struct bond_3ad *ad, const struct ad_port *ap)
{
	return (int)(ap - ad->port);
}

static inline struct ad_port *ad_port_of_lp(struct bond_3ad *ad, const struct lacp_port *lp)
{
	return (struct ad_port *)((const char *)lp - offsetof(struct ad_port, lp));
}

static inline int ad_agg_index(const struct bond_3ad *ad, const struct lacp_agg *agg)
{
	return (int)(agg - ad->sys.aggs);
}

/* The port of @s, NULL if it has none. */
struct ad_port *ad_port_of(struct bond_3ad *ad, const struct slave *s);
/* __get_active_agg(): the first active aggregator in slave order, or NULL. */
struct lacp_agg *ad_active_agg(const struct bond_3ad *ad);
/* __agg_active_ports(): its ports whose link is enabled (is_enabled). */
int ad_agg_active_ports(const struct bond_3ad *ad, const struct lacp_agg *agg);
bool ad_agg_has_partner(const struct lacp_agg *agg);

/* bond_3ad_sel.c */
/* ad_update_actor_keys(): from the slave's link, speed and duplex. */
void ad_update_actor_keys(struct bond_3ad *ad, struct ad_port *ap, bool reset);
/* ad_agg_selection_logic() */
void ad_agg_selection_logic(struct bond_3ad *ad);
/* bond_3ad_set_carrier(): true as the kernel's returns 1 (there is a slave). */
bool ad_set_carrier(struct bond *bond);
/* __enable_port() / __disable_port(), telling the hook why. */
void ad_enable_port(struct bond_3ad *ad, struct ad_port *ap, const char *why);
void ad_disable_port(struct bond_3ad *ad, struct ad_port *ap, const char *why);
/* net_warn_ratelimited() into the host's log. */
void ad_warn_ratelimited(struct bond_3ad *ad, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* bond_3ad_proc.c */
void ad_proc_master(const struct bond *bond, GString *out);
void ad_proc_slave(const struct bond *bond, const struct slave *s, GString *out);

#endif
