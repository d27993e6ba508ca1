/*
 * lacp.h - the 802.1AX Link Aggregation Control Protocol, one per system.
 *
 * DOC: One LACP for every owner that aggregates links: a bond in mode
 * 802.3ad and a switch port-channel will both embed a struct lacp_system
 * and one struct lacp_port per member.  The machines are those of IEEE
 * 802.1AX-2014 clause 6.4 (Receive, Periodic Transmission, Selection Logic,
 * Mux with coupled control, Transmit) plus churn detection (6.4.17), timed
 * as Linux's bond_3ad.c runs them: every machine is polled once per 100 ms
 * tick in the kernel's order (rx, periodic, selection, mux, tx, churn), a
 * received LACPDU runs the Receive machine at once, and a machine takes at
 * most one transition per run, as each ad_*_machine() does.
 *
 * Variables carry the standard's names in lower case (Actor_Oper_Port_State
 * is actor_oper_port_state, Ready_N is ready_n); the comment beside each says
 * which machine sets it and which uses it.
 *
 * The library knows nothing of nics or switches: it talks to its owner
 * through struct lacp_ops.
 */
#ifndef BONDSIM_LACP_H
#define BONDSIM_LACP_H

#include <stdbool.h>
#include <stdint.h>

#include "frame.h"
#include "lacp_pdu.h"

/* Timers in ticks of the kernel's AD_TIMER_INTERVAL (100 ms). */
#define LACP_TICK_NS			100000000LL
#define LACP_TICKS_PER_SEC		10
#define LACP_FAST_PERIODIC_TICKS	(1 * LACP_TICKS_PER_SEC)
#define LACP_SLOW_PERIODIC_TICKS	(30 * LACP_TICKS_PER_SEC)
#define LACP_SHORT_TIMEOUT_TICKS	(3 * LACP_TICKS_PER_SEC)
#define LACP_LONG_TIMEOUT_TICKS		(90 * LACP_TICKS_PER_SEC)
#define LACP_AGGREGATE_WAIT_TICKS	(2 * LACP_TICKS_PER_SEC)
#define LACP_CHURN_TICKS		(60 * LACP_TICKS_PER_SEC)
#define LACP_MAX_TX_IN_SECOND		3
/* The tx machine may send once every 10 / 3 = 3 ticks. */
#define LACP_TX_TICKS			(LACP_TICKS_PER_SEC / LACP_MAX_TX_IN_SECOND)

#define LACP_MAX_PORTS			16

enum lacp_rxm_state {
	LACP_RXM_INITIALIZE,
	LACP_RXM_PORT_DISABLED,
	LACP_RXM_EXPIRED,
	LACP_RXM_LACP_DISABLED,
	LACP_RXM_DEFAULTED,
	LACP_RXM_CURRENT,
};

enum lacp_ptm_state {
	LACP_PTM_NO_PERIODIC,
	LACP_PTM_FAST_PERIODIC,
	LACP_PTM_SLOW_PERIODIC,
	LACP_PTM_PERIODIC_TX,
};

enum lacp_mux_state {
	LACP_MUX_DETACHED,
	LACP_MUX_WAITING,
	LACP_MUX_ATTACHED,
	LACP_MUX_COLLECTING_DISTRIBUTING,
};

enum lacp_churn_state {
	LACP_CHURN_NONE,		/* NO_ACTOR_CHURN / NO_PARTNER_CHURN */
	LACP_CHURN_MONITOR,		/* ACTOR_CHURN_MONITOR / PARTNER_CHURN_MONITOR */
	LACP_CHURN_CHURNED,		/* ACTOR_CHURN / PARTNER_CHURN */
};

enum lacp_selected {
	LACP_UNSELECTED,
	LACP_SELECTED,
	LACP_STANDBY,			/* set by an owner only (a switch past max-bundle) */
};

struct lacp_system;
struct lacp_port;
struct lacp_agg;

/*
 * What the owner does for the library; send, attach, detach and
 * collecting_distributing are required, the rest may be NULL.
 */
struct lacp_ops {
	/* Send @f (one reference, handed over) out of @p's link. */
	void (*send)(void *owner, struct lacp_port *p, struct frame *f);
	/* Attach_Mux_To_Aggregator / Detach_Mux_From_Aggregator */
	void (*attach)(void *owner, struct lacp_port *p, struct lacp_agg *agg);
	void (*detach)(void *owner, struct lacp_port *p, struct lacp_agg *agg);
	/*
	 * Enable_Collecting_Distributing (true) / Disable_Collecting_Distributing:
	 * the actions of the Mux states COLLECTING_DISTRIBUTING (true), ATTACHED
	 * and DETACHED (false), called on every entry to those states as the
	 * standard's state blocks and Linux's ad_mux_machine() run them, so a
	 * call may repeat what the owner already did: make it idempotent.
	 */
	void (*collecting_distributing)(void *owner, struct lacp_port *p, bool on);
	/* One line per transition: "<machine>: FROM -> TO".  NULL: not logged. */
	void (*trace)(void *owner, struct lacp_port *p, const char *machine, const char *from,
		      const char *to);
	/*
	 * Is @agg the one the owner uses (Linux's aggregator->is_active, chosen by
	 * ad_agg_selection_logic)?  Only then does the mux set Synchronization.
	 * NULL: every aggregator is.
	 */
	bool (*agg_active)(void *owner, const struct lacp_agg *agg);
	/*
	 * Selection Logic has just chosen p->agg for @p, or found none free
	 * (p->agg NULL).  Linux chooses the bond's active aggregator at this
	 * very moment (ad_agg_selection_logic() at the end of
	 * ad_port_selection_logic()), before the port's mux runs; afterwards
	 * the port's Synchronization is cleared if its aggregator is not the
	 * active one.
	 */
	void (*selected)(void *owner, struct lacp_port *p);
	/*
	 * True holds an ATTACHED port out of COLLECTING_DISTRIBUTING although
	 * it and its partner are in sync (Linux: while the bond's aggregator
	 * selection timer runs, __check_agg_selection_timer()).
	 */
	bool (*cd_hold)(void *owner, const struct lacp_port *p);
	/*
	 * A LACPDU whose actor system is our own MAC.  With this op the
	 * receive machine does what Linux's ad_rx_machine() does: it takes the
	 * transition to CURRENT (restarting churn detection from another
	 * state, current_while stopped) and then calls this instead of
	 * recording the PDU ("An illegal loopback occurred on slave").
	 * Without it the PDU is dropped before the machine and only counted.
	 */
	void (*loopback)(void *owner, struct lacp_port *p);
};

/* An Aggregator (802.1AX 6.3.6); Linux gives every port one, ids 1..n. */
struct lacp_agg {
	uint16_t id;
	bool individual;			/* Aggregator is for one port only */
	uint16_t actor_oper_key;
	uint16_t partner_system_priority;
	uint8_t partner_system[WIRE_ETH_ALEN];
	uint16_t partner_oper_key;
	int n_ports;				/* ports whose Selection chose this one */
};

struct lacp_port {
	struct lacp_system *sys;
	uint8_t mac[WIRE_ETH_ALEN];		/* LACPDU source: the port's permanent MAC */

	/* Actor parameters (6.4.7) */
	uint16_t actor_port_number;
	uint16_t actor_port_priority;
	uint16_t actor_admin_port_key;
	uint16_t actor_oper_port_key;
	uint8_t actor_admin_port_state;
	uint8_t actor_oper_port_state;		/* set by every machine, sent by tx */
	/* Partner parameters (6.4.7): admin defaults, and what the last LACPDU said */
	struct lacp_info partner_admin;
	struct lacp_info partner_oper;		/* set by rx, used by selection, mux, ptm */

	/* State machine variables (6.4.8) */
	bool begin;				/* set by init, reset after the first tick */
	bool port_enabled;			/* set by the owner: MAC operational */
	bool lacp_enabled;			/* set by the owner: full duplex point to point */
	bool ntt;				/* set by rx, ptm, mux; reset by tx */
	bool port_moved;			/* set by rx (partner seen on another port) */
	bool ready_n;				/* set by mux (wait_while expired); used by sel */
	bool ready;				/* set by sel (all ports of the agg ready_n); used by mux */
	bool matched;				/* rx: the partner's view of us is right */
	bool churned;				/* rx: restarts churn detection (Linux AD_PORT_CHURNED) */
	/* set by the owner: the port may join no aggregator (a switch's member
	 * suspended as incompatible with its channel); Selection Logic leaves
	 * it UNSELECTED, so its mux detaches and it never claims Synchronization */
	bool sel_hold;
	enum lacp_selected selected;		/* set by sel (STANDBY: by the owner), reset by rx; used by mux */
	struct lacp_agg *agg;			/* the aggregator sel chose, NULL if none */
	bool attached;				/* mux: attached to agg */
	bool mux_fresh;				/* mux has run no state yet (AD_MUX_DUMMY) */

	/* Machines and timers (tick counters, 0 = stopped) */
	enum lacp_rxm_state rxm;
	enum lacp_ptm_state ptm;
	enum lacp_mux_state mux;
	enum lacp_churn_state actor_churn, partner_churn;
	uint32_t current_while_timer;
	uint32_t periodic_timer;
	uint32_t wait_while_timer;
	uint32_t tx_timer;
	uint32_t actor_churn_timer, partner_churn_timer;

	/* Counters */
	uint64_t lacpdu_rx, lacpdu_tx, marker_rx, marker_response_tx;
	uint64_t pdu_errors[LACP_PDU_N_ERRORS];
	uint64_t loopback_rx;			/* our own LACPDUs heard back: ignored */
	uint64_t actor_churn_count, partner_churn_count;
};

struct lacp_system {
	struct frame_pool *pool;
	const struct lacp_ops *ops;
	void *owner;
	uint16_t system_priority;		/* Actor_System_Priority */
	uint8_t system[WIRE_ETH_ALEN];		/* Actor_System */
	/* Linux: Selection Logic moves an unselected port to its new
	 * aggregator at once, attached or not, and its mux stays where it is
	 * (ad_port_selection_logic()); the standard's way, kept when false,
	 * waits for the mux to detach first. */
	bool move_attached;
	/* Linux: PORT_DISABLED leaves the partner's Synchronization as it was
	 * (the mux stays put until the link's return resets the port); the
	 * standard's, kept when false, clears it. */
	bool linux_port_disabled;
	/* Linux: a LACPDU is read at its fixed offsets whatever its version
	 * and TLV headers say, and a Marker Information PDU is answered with
	 * its own bytes (bond_3ad_rx_indication() checks the subtype only);
	 * false: both are checked field by field (lacp_pdu_parse()). */
	bool linux_rx;
	/* The aggregators Selection Logic searches, in order (Linux: each
	 * slave's own, in the bond's slave order); n_agg_order 0: aggs[]. */
	struct lacp_agg *agg_order[LACP_MAX_PORTS];
	int n_agg_order;
	int n_ports;
	struct lacp_port *ports[LACP_MAX_PORTS];
	/* aggs[i].id = i + 1; an owner may renumber them (Linux counts from
	 * the first enslave) and keep aggs[i] as its i-th port's own */
	struct lacp_agg aggs[LACP_MAX_PORTS];
};

/* Kernel defaults (§3.4 of the reference): system priority 65535. */
void lacp_system_init(struct lacp_system *sys, struct frame_pool *pool, const struct lacp_ops *ops,
		      void *owner, const uint8_t system[WIRE_ETH_ALEN]);

/*
 * Add @p as port number @port_number (1..n, the kernel's slave id), actor key
 * @key (lacp_port_key()), actor admin state Activity | Aggregation, plus
 * Timeout when @fast; everything else at the kernel's defaults.  The port
 * starts with BEGIN set, disabled.
 */
void lacp_port_add(struct lacp_system *sys, struct lacp_port *p, uint16_t port_number,
		   const uint8_t mac[WIRE_ETH_ALEN], uint16_t key, bool fast);

/* The kernel's key: user key << 6 | speed code << 1 | full duplex; 0 speed bits when down. */
uint16_t lacp_port_key(uint16_t user_key, uint64_t speed_mbps, bool full_duplex);

/*
 * Take @p out of its system (bond_3ad_unbind_slave()): off its
 * aggregator (cleared when it was the last port) and out of the port list;
 * the other ports keep their order.  Nothing is sent or called back.
 */
void lacp_port_del(struct lacp_system *sys, struct lacp_port *p);

/* One 100 ms tick: rx, periodic, selection, mux, tx, churn (bond_3ad_state_machine_handler). */
void lacp_port_tick(struct lacp_port *p);
/* A slow-protocol frame for @p: LACPDUs run rx at once, Marker Information is
 * answered; checked as the standard lays the PDUs out, or as Linux (linux_rx). */
enum lacp_pdu_error lacp_rx_frame(struct lacp_port *p, const uint8_t *data, size_t len);
/* A parsed LACPDU (bond_3ad_rx_indication). */
void lacp_rx_pdu(struct lacp_port *p, const struct lacpdu *pdu);

const char *lacp_rxm_name(enum lacp_rxm_state s);
const char *lacp_ptm_name(enum lacp_ptm_state s);
const char *lacp_mux_name(enum lacp_mux_state s);
/* "none", "monitoring", "churned", as /proc/net/bonding prints them */
const char *lacp_churn_name(enum lacp_churn_state s);

/* The machines, one file each; tick runs them, tests may call them one by one. */
void lacp_rxm_run(struct lacp_port *p, const struct lacpdu *pdu);
void lacp_ptm_run(struct lacp_port *p);
void lacp_sel_run(struct lacp_port *p);
void lacp_mux_run(struct lacp_port *p);
void lacp_txm_run(struct lacp_port *p);
void lacp_churn_run(struct lacp_port *p);
/*
 * The standard's machines run to completion: every transition whose
 * condition holds is taken at once, not one per 100 ms tick as Linux polls
 * them.  Owners that model a switch call this after a tick and after a
 * received LACPDU, so a port that is ATTACHED with its partner in sync
 * collects in the same instant instead of up to a tick later.
 */
void lacp_mux_settle(struct lacp_port *p);

/* Shared by the machines (lacp.c). */
void lacp_trace(struct lacp_port *p, const char *machine, const char *from, const char *to);
bool lacp_agg_is_active(const struct lacp_port *p);
void lacp_pdu_from_port(const struct lacp_port *p, struct lacpdu *pdu);
/* Selection Logic's Ready: set on every port of @agg iff all have Ready_N (lacp_sel.c). */
void lacp_sel_update_ready(struct lacp_system *sys, const struct lacp_agg *agg);

#endif
