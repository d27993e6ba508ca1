/*
 * test_bond_kfix.c - where bondsim used to differ from Linux 6.1 (issue 6),
 * to the tick: peer notification after a bond had no active slave, the
 * monitor's re-run a jiffy after bond_open(), the active_slave option, per
 * slave prio from a scenario, and unknown module parameters.
 */
#include "bond_rig.h"

TestSuite(bond_kfix, .timeout = 10);

#define MS(x) ((sim_time_t)(x) * SIM_MS)

/* A GARP reaches the far port 1 us of cable plus its serialisation later. */
static sim_time_t garp_delay(const struct rig *r)
{
	struct frame f = { .len = 42 };

	return SIM_US + nic_tx_time(r->nic[0], &f);
}

/* --- 1. peer notification -------------------------------------------- */

Test(bond_kfix, failover_from_an_active_slave_sends_one_garp_at_the_tick)
{
	struct rig r;

	rig_build(&r, 2, "mode=active-backup miimon=100");
	rig_run(&r, MS(1050));
	rig_cable(&r, 0, false);
	rig_run(&r, MS(3000));
	rig_expect_log(&r, "bond0: (slave eth1): making interface the new active one", MS(1100));
	cr_assert_eq(r.garps->len, 1);
	cr_expect_eq(g_array_index(r.garps, struct rig_garp, 0).at, MS(1100) + garp_delay(&r));
	cr_expect_eq(g_array_index(r.garps, struct rig_garp, 0).port, 1);
	cr_expect_eq(r.bond->peer_notifications, 1);
	cr_expect_eq(r.bond->send_peer_notif, 0);
	rig_free(&r);
}

Test(bond_kfix, back_from_no_active_slave_sends_no_garp)
{
	struct rig r;

	rig_build(&r, 2, "mode=active-backup miimon=100");
	rig_run(&r, MS(1050));
	rig_cable(&r, 0, false);
	rig_cable(&r, 1, false);
	rig_run(&r, MS(2050));
	rig_expect_log(&r, "bond0: now running without any active interface!", MS(1100));
	g_array_set_size(r.garps, 0);
	r.bond->peer_notifications = 0;

	rig_cable(&r, 1, true);
	/* the comeback tick: the count is set, but the bond has no carrier yet */
	rig_run(&r, MS(2100));
	cr_expect_eq(rig_log_at(&r, "bond0: (slave eth1): making interface the new active one",
				MS(2000)), MS(2100));
	cr_expect_eq(rig_log_at(&r, "bond0: active interface up!", MS(2000)), MS(2100));
	cr_expect(r.bond->dev.carrier);
	cr_expect_eq(r.bond->send_peer_notif, 0, "the tick took it off");
	/* and at the ticks after */
	for (int t = 2200; t <= 3000; t += 100) {
		rig_run(&r, MS(t) + garp_delay(&r));
		cr_expect_eq(r.garps->len, 0, "a GARP by %d ms", t);
	}
	cr_expect_eq(r.bond->peer_notifications, 0);
	rig_free(&r);
}
