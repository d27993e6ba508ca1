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

/* --- 2. the first monitor pass at bond_open() ------------------------- */

Test(bond_kfix, second_slave_definitely_up_one_tick_after_the_first)
{
	struct rig r;

	/* enslaved while down, each BACK with updelay=200 to count */
	rig_build(&r, 2, "mode=active-backup miimon=100 updelay=200");
	rig_run(&r, MS(1));
	cr_expect_eq(rig_log_count(&r, "definitely up"), 1, "re-run at 1 jiffy");
	rig_run(&r, MS(500));
	rig_expect_log(&r, "bond0: (slave eth0): link status definitely up, 1000 Mbps full duplex",
		       MS(1));
	rig_expect_log(&r, "bond0: (slave eth0): making interface the new active one", MS(1));
	rig_expect_log(&r, "bond0: active interface up!", MS(1));
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely up, 1000 Mbps full duplex",
		       MS(101));
	cr_expect_eq(rig_log_count(&r, "definitely up"), 2);
	rig_free(&r);
}

Test(bond_kfix, primary_takes_over_at_the_second_tick)
{
	struct rig r;

	rig_build(&r, 2, "mode=active-backup miimon=100 updelay=200 primary=eth1");
	rig_run(&r, MS(500));
	rig_expect_log(&r, "bond0: (slave eth0): making interface the new active one", MS(1));
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely up, 1000 Mbps full duplex",
		       MS(101));
	rig_expect_log(&r, "bond0: (slave eth1): making interface the new active one", MS(101));
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 1));
	cr_assert_eq(r.active_evs->len, 2);
	cr_expect_eq(g_array_index(r.active_evs, struct rig_active_ev, 0).at, MS(1));
	cr_expect_eq(g_array_index(r.active_evs, struct rig_active_ev, 1).at, MS(101));
	rig_free(&r);
}

Test(bond_kfix, the_re_run_is_one_jiffy_of_the_bonds_hz)
{
	struct rig r;

	/* HZ=250: a jiffy is 4 ms, msecs_to_jiffies(100) = 25 jiffies */
	rig_init(&r, 2, "mode=active-backup miimon=100 updelay=200");
	r.bond->hz = 250;
	rig_enslave_all(&r);
	bond_open(r.bond);
	rig_run(&r, MS(3));
	cr_expect_eq(rig_log_count(&r, "definitely up"), 0);
	rig_run(&r, MS(500));
	rig_expect_log(&r, "bond0: (slave eth0): link status definitely up", MS(4));
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely up", MS(104));
	/* and the ticks stay there */
	rig_cable(&r, 1, false);
	rig_run(&r, MS(1000));
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely down", MS(504));
	rig_free(&r);
}

Test(bond_kfix, nothing_to_commit_at_open_no_re_run)
{
	struct rig r;

	/* without updelay the slaves are up at enslave: the first pass has
	 * nothing to commit, needs no RTNL, and the ticks stay at k * 100 ms */
	rig_build(&r, 2, "mode=active-backup miimon=100");
	rig_run(&r, MS(50));
	rig_cable(&r, 1, false);
	rig_run(&r, MS(500));
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely down", MS(100));
	rig_free(&r);
}

/* --- 3. active_slave --------------------------------------------------- */

/* The last log line, for exact comparisons. */
static const char *last_line(const struct rig *r, guint back)
{
	cr_assert_gt(r->log.lines->len, back);
	return g_array_index(r->log.lines, struct sim_log_line, r->log.lines->len - 1 - back).text;
}

Test(bond_kfix, active_slave_set_moves_at_once_and_announces)
{
	struct rig r;
	GError *err = NULL;

	rig_build(&r, 3, "mode=active-backup miimon=100");
	rig_run(&r, MS(1050));
	cr_assert_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	cr_assert(bond_set_active_slave(r.bond, "eth2", &r.nic[2]->dev, &err), "%s",
		  err ? err->message : "");
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 2));
	cr_expect_str_eq(last_line(&r, 0), "bond0: (slave eth2): making interface the new active one");
	cr_expect(bond_slave(r.bond, 0)->backup);
	cr_expect_not(bond_slave(r.bond, 2)->backup);
	rig_run(&r, MS(2000));
	/* the bond had carrier: the GARP at once, on eth2; the next tick takes
	 * the count to 0 (num_grat_arp=1) */
	cr_assert_eq(r.garps->len, 1);
	cr_expect_eq(g_array_index(r.garps, struct rig_garp, 0).at, MS(1050) + garp_delay(&r));
	cr_expect_eq(g_array_index(r.garps, struct rig_garp, 0).port, 2);
	cr_expect_eq(r.bond->send_peer_notif, 0);
	/* the same slave again: nothing, silently */
	guint n = r.log.lines->len;

	cr_expect(bond_set_active_slave(r.bond, "eth2", &r.nic[2]->dev, NULL));
	cr_expect_eq(r.log.lines->len, n);
	rig_free(&r);
}

Test(bond_kfix, active_slave_refused_when_down)
{
	struct rig r;
	GError *err = NULL;

	rig_build(&r, 3, "mode=active-backup miimon=100");
	rig_run(&r, MS(1050));
	rig_cable(&r, 2, false);
	rig_run(&r, MS(1150));
	cr_expect_not(bond_set_active_slave(r.bond, "eth2", &r.nic[2]->dev, &err));
	cr_expect_str_eq(last_line(&r, 1), "bond0: (slave eth2): Could not set as active slave; "
			 "either eth2 is down or the link is down");
	cr_expect_str_eq(last_line(&r, 0), "bond0: option active_slave: invalid value (eth2)");
	cr_expect_eq(err->code, BOND_OPT_ERROR_INVALID);
	g_clear_error(&err);
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 0));

	/* carrier back but not yet committed by the monitor: still refused */
	rig_cable(&r, 2, true);
	cr_expect_not(bond_set_active_slave(r.bond, "eth2", &r.nic[2]->dev, NULL));
	rig_run(&r, MS(1200));
	cr_expect(bond_set_active_slave(r.bond, "eth2", &r.nic[2]->dev, NULL));
	rig_free(&r);
}

Test(bond_kfix, active_slave_refused_without_an_active_slave)
{
	struct rig r;

	/* the kernel only moves an existing active slave: with none (every
	 * slave still counting updelay) even an up slave is refused */
	rig_init(&r, 2, "mode=active-backup miimon=100 updelay=5000");
	rig_enslave_all(&r);
	cr_assert_null(r.bond->curr_active);
	bond_set_slave_link_state(bond_slave(r.bond, 1), BOND_LINK_UP);
	cr_expect_not(bond_set_active_slave(r.bond, "eth1", &r.nic[1]->dev, NULL));
	cr_expect_str_eq(last_line(&r, 1), "bond0: (slave eth1): Could not set as active slave; "
			 "either eth1 is down or the link is down");
	cr_expect_null(r.bond->curr_active);
	rig_free(&r);
}

Test(bond_kfix, active_slave_refused_names)
{
	struct rig r;
	struct nic *lone, *other_slave;
	struct bond *other;
	struct bond_params p;
	GError *err = NULL;
	const uint8_t m1[6] = { 0x52, 0x54, 0, 0, 0, 0x31 }, m2[6] = { 0x52, 0x54, 0, 0, 0, 0x32 };

	rig_build(&r, 2, "mode=active-backup miimon=100");
	lone = nic_new(r.sim, "server", "eth5", m1, 0);
	other_slave = nic_new(r.sim, "server", "eth6", m2, 0);
	rig_params(&p, "mode=active-backup miimon=100");
	other = bond_new(r.sim, "server", "bond1", &p, &r.log);
	cr_assert(bond_enslave(other, other_slave, NULL));

	cr_expect_not(bond_set_active_slave(r.bond, "eth9", NULL, &err));
	cr_expect_str_eq(last_line(&r, 0), "bond0: option active_slave: interface eth9 does not "
			 "exist!");
	cr_expect_str_eq(err->message, "option active_slave: interface eth9 does not exist!");
	g_clear_error(&err);

	cr_expect_not(bond_set_active_slave(r.bond, "eth5", &lone->dev, NULL));
	cr_expect_str_eq(last_line(&r, 1), "bond0: (slave eth5): Device is not bonding slave");
	cr_expect_str_eq(last_line(&r, 0), "bond0: option active_slave: invalid value (eth5)");

	cr_expect_not(bond_set_active_slave(r.bond, "eth6", &other_slave->dev, NULL));
	cr_expect_str_eq(last_line(&r, 1), "bond0: (slave eth6): Device is not our slave");
	cr_expect_str_eq(last_line(&r, 0), "bond0: option active_slave: invalid value (eth6)");
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 0));

	bond_free(other);
	nic_free(lone);
	nic_free(other_slave);
	rig_free(&r);
}

Test(bond_kfix, active_slave_refused_outside_active_backup)
{
	struct rig r;
	GError *err = NULL;

	rig_build(&r, 2, "mode=balance-xor miimon=100");
	cr_expect_not(bond_set_active_slave(r.bond, "eth1", &r.nic[1]->dev, &err));
	cr_expect_str_eq(last_line(&r, 0), "bond0: option active_slave: mode dependency failed, "
			 "not supported in mode balance-xor(2)");
	cr_expect_eq(err->code, BOND_OPT_ERROR_MODE);
	g_clear_error(&err);
	rig_free(&r);
}

Test(bond_kfix, active_slave_cleared_chooses_again)
{
	struct rig r;

	rig_build(&r, 3, "mode=active-backup miimon=100");
	rig_run(&r, MS(1050));
	cr_assert(bond_set_active_slave(r.bond, "eth1", &r.nic[1]->dev, NULL));
	rig_run(&r, MS(1150));
	g_array_set_size(r.garps, 0);
	/* "" (echo > active_slave): no current slave, then bond_select_active_slave() */
	cr_assert(bond_set_active_slave(r.bond, "", NULL, NULL));
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	cr_expect_str_eq(last_line(&r, 0), "bond0: (slave eth0): making interface the new active one");
	/* the kernel forgot eth1 before choosing: nobody made it inactive */
	cr_expect_not(bond_slave(r.bond, 1)->backup);
	cr_expect_not(bond_slave(r.bond, 1)->inactive);
	rig_run(&r, MS(1200));
	cr_expect_eq(r.garps->len, 1);
	rig_free(&r);
}

Test(bond_kfix, prio_refused_outside_active_backup_is_logged)
{
	struct rig r;

	rig_build(&r, 2, "mode=broadcast miimon=100");
	cr_expect_not(bond_set_slave_prio(r.bond, bond_slave(r.bond, 1), 10, NULL));
	cr_expect_str_eq(last_line(&r, 0), "bond0: option prio: mode dependency failed, not "
			 "supported in mode broadcast(3)");
	cr_expect_eq(bond_slave(r.bond, 1)->prio, 0);
	rig_free(&r);
}
