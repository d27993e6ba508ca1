/*
 * faults.c - carrying out scripted faults.
 */
#include "faults.h"

static const char *const kind_names[] = {
	[FAULT_LINK_DOWN] = "link down",	[FAULT_LINK_UP] = "link up",
	[FAULT_NIC_FAIL] = "nic fail",		[FAULT_NIC_REPAIR] = "nic repair",
	[FAULT_PORT_SHUTDOWN] = "port shutdown", [FAULT_PORT_NO_SHUTDOWN] = "port no-shutdown",
	[FAULT_LOSS] = "loss",			[FAULT_DELAY] = "delay",
	[FAULT_BLACKHOLE] = "blackhole",	[FAULT_HEAL] = "heal",
	[FAULT_FLAP] = "flap",			[FAULT_SWITCH_REBOOT] = "switch reboot",
	[FAULT_CALL] = "call",
};

const char *fault_kind_name(enum fault_kind k)
{
	return kind_names[k];
}

static void set_blackhole(struct fault *f, bool on)
{
	for (int i = 0; i < 2; i++)
		if (f->from_end < 0 || f->from_end == i)
			f->link->dir[i].blackhole = on;
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
		f->link->loss = f->loss;
		break;
	case FAULT_DELAY:
		f->link->delay = f->value;
		break;
	case FAULT_BLACKHOLE:
		set_blackhole(f, true);
		break;
	case FAULT_HEAL:
		set_blackhole(f, false);
		break;
	case FAULT_FLAP:
		/* down at at, up at at + period/2, next cycle at at + period */
		if (f->link->up) {
			link_set_up(f->link, false);
			sim_timer_arm_in(sim, &f->timer, f->value / 2);
		} else {
			link_set_up(f->link, true);
			if (++f->done < f->count)
				sim_timer_arm_in(sim, &f->timer, f->value - f->value / 2);
		}
		break;
	case FAULT_SWITCH_REBOOT:
		sw_reboot(f->sw, f->value);
		break;
	case FAULT_CALL:
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
	sim_timer_arm(f->sim, &f->timer, f->at);
}

void fault_free(struct fault *f)
{
	if (!f)
		return;
	sim_timer_cancel(f->sim, &f->timer);
	g_free(f->text);
	g_free(f);
}
