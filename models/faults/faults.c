/*
 * faults.c - carrying out scripted faults.
 *
 * DOC: Each fault is one timer, armed before the run, that calls into the
 * model it acts on at exactly its time:
 *   link down/up        the cable's plug (link_set_up): carrier at both ends
 *   nic fail/repair     the NIC's PHY (nic_set_failed): the peer loses light
 *   port [no-]shutdown  the switch port's admin state (its PHY follows)
 *   loss, delay         the cable's loss probability / propagation delay,
 *                       for frames that leave after the fault
 *   blackhole, heal     frames leaving end from_end (or both) vanish after
 *                       they left the transmitter; carrier stays up
 *   flap                link down at at + k * period, up half a period
 *                       later, k = 0 .. count - 1 (flap_step)
 *   switch reboot       sw_reboot: every port down, FDB flushed, back after
 *                       value
 *   ethtool, port phy   a NIC's ethtool -s or a switch port's speed or
 *                       duplex: the cable renegotiates (nic_renegotiate)
 *   call                a callback: the loader's /proc dumps
 *   command             a callback that acts on a model as an administrator
 *                       would (the loader's active_slave and prio writes,
 *                       enslave and release; f->pair links an enslave to
 *                       the release before it, whose done says it closed
 *                       the NIC)
 */
#include "faults.h"

static const char *const kind_names[] = {
	[FAULT_LINK_DOWN] = "link down",	[FAULT_LINK_UP] = "link up",
	[FAULT_NIC_FAIL] = "nic fail",		[FAULT_NIC_REPAIR] = "nic repair",
	[FAULT_PORT_SHUTDOWN] = "port shutdown", [FAULT_PORT_NO_SHUTDOWN] = "port no-shutdown",
	[FAULT_LOSS] = "loss",			[FAULT_DELAY] = "delay",
	[FAULT_BLACKHOLE] = "blackhole",	[FAULT_HEAL] = "heal",
	[FAULT_FLAP] = "flap",			[FAULT_SWITCH_REBOOT] = "switch reboot",
	[FAULT_CALL] = "call",			[FAULT_COMMAND] = "command",
	[FAULT_ETHTOOL] = "ethtool",		[FAULT_PORT_PHY] = "port speed/duplex",
};

const char *fault_kind_name(enum fault_kind k)
{
	return kind_names[k];
}

static void set_blackhole(struct fault *f, bool on)
{
	link_settle(f->link, WIRE_TAKE_BACK);
	link_set_blackhole(f->link, f->from_end, on);
}

/*
 * Flap: the cable goes out at at + k * period and back in half a period
 * later, for k = 0 .. count - 1.  Which half we are in comes from the flap's
 * own clock, never from the cable's state: a cable pulled or plugged by
 * another fault meanwhile neither skips nor shifts a step.
 */
static void flap_step(struct sim *sim, struct fault *f)
{
	sim_time_t half = f->value / 2;

	if (f->done >= f->count)
		return;
	if ((sim->now - f->at) % f->value == 0) {
		link_set_up(f->link, false);
		sim_timer_arm_in(sim, &f->timer, half);
	} else {
		link_set_up(f->link, true);
		if (++f->done < f->count)
			sim_timer_arm_in(sim, &f->timer, f->value - half);
	}
}

static void fire(struct sim *sim, void *arg)
{
	struct fault *f = arg;

	f->fired = true;
	switch (f->kind) {
	case FAULT_LINK_DOWN:
		link_set_up(f->link, false);
		break;
	case FAULT_LINK_UP:
		link_set_up(f->link, true);
		break;
	case FAULT_NIC_FAIL:
		nic_set_failed(f->nic, true);
		break;
	case FAULT_NIC_REPAIR:
		nic_set_failed(f->nic, false);
		break;
	case FAULT_PORT_SHUTDOWN:
		sw_port_set_shutdown(f->sw, f->nic, true);
		break;
	case FAULT_PORT_NO_SHUTDOWN:
		sw_port_set_shutdown(f->sw, f->nic, false);
		break;
	case FAULT_LOSS:
		link_settle(f->link, WIRE_TAKE_BACK);
		link_set_loss(f->link, f->loss);
		break;
	case FAULT_DELAY:
		link_settle(f->link, WIRE_TAKE_BACK);
		link_set_delay(f->link, f->value);
		break;
	case FAULT_BLACKHOLE:
		set_blackhole(f, true);
		break;
	case FAULT_HEAL:
		set_blackhole(f, false);
		break;
	case FAULT_FLAP:
		flap_step(sim, f);
		break;
	case FAULT_SWITCH_REBOOT:
		sw_reboot(f->sw, f->value);
		break;
	case FAULT_ETHTOOL: {
		struct autoneg_cfg c = autoneg_change_apply(&f->nic->an, &f->an);

		/* the driver refuses it and the PHY is left as it was; f->call
		 * keeps ethtool's answer */
		if (autoneg_nic_refuses(&c)) {
			if (f->call)
				f->call(f->call_arg, f);
			break;
		}
		/* the kernel calls the driver only when a setting changed */
		if (!autoneg_cfg_equal(&c, &f->nic->an)) {
			f->nic->an = c;
			nic_renegotiate(f->nic, f->text);
		}
		break;
	}
	case FAULT_PORT_PHY:
		sw_port_change_speed_duplex(f->sw, f->nic, f->port_speed_mbps, f->port_duplex, f->text);
		break;
	case FAULT_CALL:
	case FAULT_COMMAND:
		f->call(f->call_arg, f);
		break;
	}
}

struct fault *fault_new(struct sim *sim, enum fault_kind kind, sim_time_t at, const char *text)
{
	struct fault *f = g_new0(struct fault, 1);

	f->sim = sim;
	f->kind = kind;
	f->at = at;
	f->text = g_strdup(text);
	f->from_end = -1;
	sim_timer_init(&f->timer, fire, f);
	return f;
}

void fault_arm(struct fault *f)
{
	/* Half a period must be at least 1 ns, or down and up would coincide. */
	g_assert(f->kind != FAULT_FLAP || f->value >= 2 * SIM_NS);
	f->done = 0;
	sim_timer_arm(f->sim, &f->timer, f->at);
}

void fault_free(struct fault *f)
{
	if (!f)
		return;
	sim_timer_cancel(f->sim, &f->timer);
	sim_timer_cancel(f->sim, &f->then);
	g_free(f->text);
	g_free(f);
}
