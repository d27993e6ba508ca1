/*
 * faults.h - scripted, timed fault actions.
 *
 * DOC: A fault is an action on a model at a simulated time: a cable pulled
 * or plugged, a NIC dying, a switch port shut, a link turning lossy or slow,
 * a silent failure (carrier stays up, frames vanish), a switch reload, or
 * an administrator's command that moves traffic (a forced active slave, a
 * slave's prio, a NIC enslaved into or released from a bond).
 * Faults are built by the loader and armed before the run; each remembers
 * when it fired so the failover report can measure from it.
 */
#ifndef BONDSIM_FAULTS_H
#define BONDSIM_FAULTS_H

#include "link/link.h"
#include "switch/switch.h"

enum fault_kind {
	FAULT_LINK_DOWN,	/* cable pulled: carrier lost at both ends */
	FAULT_LINK_UP,
	FAULT_NIC_FAIL,		/* one NIC dies: no carrier (the peer sees no light) */
	FAULT_NIC_REPAIR,
	FAULT_PORT_SHUTDOWN,	/* switch port "shutdown" */
	FAULT_PORT_NO_SHUTDOWN,
	FAULT_LOSS,		/* loss probability on a link */
	FAULT_DELAY,		/* propagation delay of a link */
	FAULT_BLACKHOLE,	/* silent failure: carrier up, frames vanish */
	FAULT_HEAL,		/* end of a silent failure */
	FAULT_FLAP,		/* down/up every period, count times */
	FAULT_SWITCH_REBOOT,
	FAULT_CALL,		/* a callback (scripted /proc dumps and the like) */
	FAULT_COMMAND,		/* an administrator's command, through a callback
				 * (active_slave, prio, enslave, release): a fault
				 * for the reports */
	FAULT_ETHTOOL,		/* ethtool -s on a host's NIC: the cable renegotiates */
	FAULT_PORT_PHY,		/* IOS speed or duplex on a switch port: the same */
};

struct fault {
	enum fault_kind kind;
	sim_time_t at;
	char *text;		/* as written in the scenario, for reports */
	int line;
	struct link *link;
	int from_end;		/* blackhole direction: end whose transmissions vanish; -1 both */
	struct nic *nic;
	struct sw *sw;
	double loss;
	struct autoneg_change an;	/* ethtool: the words said */
	int64_t port_speed_mbps;	/* port speed: Mb/s, 0 auto; -1: duplex instead */
	enum autoneg_duplex port_duplex;
	sim_time_t value;	/* delay, flap period, reboot downtime */
	int count;		/* flap: number of down/up cycles */
	int done;		/* flap cycles performed */
	bool fired;
	struct fault *pair;	/* enslave: the release before it, that may have closed the NIC */
	void (*call)(void *arg, struct fault *f);
	void *call_arg;
	struct sim *sim;
	struct sim_timer timer;
	struct sim_timer then;	/* a command's later step, armed by its call (release: the close) */
};

struct fault *fault_new(struct sim *sim, enum fault_kind kind, sim_time_t at, const char *text);
void fault_free(struct fault *f);
void fault_arm(struct fault *f);
const char *fault_kind_name(enum fault_kind k);

#endif
