/*
 * test_bond_modes.c - which slave a frame leaves on in modes 0-3, the
 * active-backup choice (primary, primary_reselect, prio), fail_over_mac,
 * inactive slaves dropping what they receive, and the enslave log.
 */
#include "bond_rig.h"

TestSuite(bond_modes, .timeout = 10);

static int port_of_seq(const struct rig *r, uint32_t seq)
{
	for (guint i = 0; i < r->rx->len; i++)
		if (g_array_index(r->rx, struct rig_rx, i).seq == seq)
			return g_array_index(r->rx, struct rig_rx, i).port;
	return -1;
}

Test(bond_modes, rr_300_frames_split_evenly_first_on_slave_1)
{
	struct rig r;

	rig_build(&r, 3, "mode=balance-rr miimon=100");
	rig_run(&r, 500 * SIM_MS);
	rig_send(&r, 300, 17);
	rig_run(&r, 600 * SIM_MS);
	cr_expect_eq(r.far_rx[0], 100);
	cr_expect_eq(r.far_rx[1], 100);
	cr_expect_eq(r.far_rx[2], 100);
	/* this_cpu_inc_return() gives 1 first: slave index 1 */
	cr_expect_eq(port_of_seq(&r, 0), 1);
	cr_expect_eq(port_of_seq(&r, 1), 2);
	cr_expect_eq(port_of_seq(&r, 2), 0);
	cr_expect_eq(port_of_seq(&r, 3), 1);
	rig_free(&r);
}

/* A GSO super-packet is one skb to the bond: one draw, one slave for all of it. */
Test(bond_modes, rr_gso_super_packet_takes_one_slave)
{
	static const uint8_t dst[6] = { 0x02, 0xaa, 0, 0, 0, 0x02 };
	struct rig r;

	rig_build(&r, 2, "mode=balance-rr miimon=100");
	rig_run(&r, 500 * SIM_MS);
	for (uint32_t i = 0; i < 90; i++) {
		struct frame *f = rig_frame(&r, dst, 6, i);

		f->gso_id = 7 + i / 45;		/* two super-packets of 45 */
		netdev_xmit(&r.bond->dev, f);
	}
	for (uint32_t i = 90; i < 92; i++)	/* then two plain frames */
		netdev_xmit(&r.bond->dev, rig_frame(&r, dst, 6, i));
	rig_run(&r, 600 * SIM_MS);
	/* first draw: id 1, slave 1; the second super-packet: slave 0 */
	cr_expect_eq(port_of_seq(&r, 0), 1);
	cr_expect_eq(port_of_seq(&r, 44), 1);
	cr_expect_eq(port_of_seq(&r, 45), 0);
	cr_expect_eq(port_of_seq(&r, 89), 0);
	cr_expect_eq(port_of_seq(&r, 90), 1);
	cr_expect_eq(port_of_seq(&r, 91), 0);
	cr_expect_eq(r.far_rx[0], 46);
	cr_expect_eq(r.far_rx[1], 46);
	rig_free(&r);
}

Test(bond_modes, rr_packets_per_slave_3_runs_of_2_then_3)
{
	static const int want[] = { 0, 0, 1, 1, 1, 2, 2, 2, 0, 0, 0, 1, 1, 1 };
	struct rig r;

	rig_build(&r, 3, "mode=balance-rr miimon=100 packets_per_slave=3");
	rig_send(&r, 300, 17);
	rig_run(&r, 100 * SIM_MS);
	for (guint i = 0; i < G_N_ELEMENTS(want); i++)
		cr_expect_eq(port_of_seq(&r, i), want[i], "frame %u on %d, want %d", i,
			     port_of_seq(&r, i), want[i]);
	/* ids 1..300 divided by 3: 0 twice, 1..99 three times, 100 once */
	cr_expect_eq(r.far_rx[0], 101);
	cr_expect_eq(r.far_rx[1], 100);
	cr_expect_eq(r.far_rx[2], 99);
	rig_free(&r);
}

Test(bond_modes, rr_packets_per_slave_0_is_random_but_seeded)
{
	uint64_t first[3];

	for (int run = 0; run < 2; run++) {
		struct rig r;

		rig_build(&r, 3, "mode=balance-rr miimon=100 packets_per_slave=0");
		rig_send(&r, 300, 17);
		rig_run(&r, 100 * SIM_MS);
		cr_expect_eq(r.far_rx[0] + r.far_rx[1] + r.far_rx[2], 300);
		for (int i = 0; i < 3; i++) {
			cr_expect_gt(r.far_rx[i], 60, "slave %d got %" G_GUINT64_FORMAT, i,
				     r.far_rx[i]);
			if (run == 0)
				first[i] = r.far_rx[i];
			else
				cr_expect_eq(r.far_rx[i], first[i], "same seed, same split");
		}
		rig_free(&r);
	}
}

Test(bond_modes, rr_one_link_down_successor_carries_two_thirds)
{
	struct rig r;

	rig_build(&r, 3, "mode=balance-rr miimon=100");
	rig_run(&r, 500 * SIM_MS);
	/* bond_slave_can_tx() reads the carrier: no need to wait for miimon */
	rig_cable(&r, 1, false);
	rig_send(&r, 300, 17);
	rig_run(&r, 550 * SIM_MS);
	cr_expect_eq(r.far_rx[0], 100);
	cr_expect_eq(r.far_rx[1], 0);
	cr_expect_eq(r.far_rx[2], 200);
	cr_expect_eq(r.bond->tx_no_slave, 0);

	/* the same once the monitor has disabled it */
	rig_run(&r, 1 * SIM_S);
	cr_expect_eq(bond_slave(r.bond, 1)->link, BOND_LINK_DOWN);
	rig_send(&r, 300, 17);
	rig_run(&r, 1100 * SIM_MS);
	cr_expect_eq(r.far_rx[0], 200);
	cr_expect_eq(r.far_rx[2], 400);
	rig_free(&r);
}

Test(bond_modes, rr_igmp_goes_to_curr_active_and_is_not_counted)
{
	struct rig r;

	rig_build(&r, 3, "mode=balance-rr miimon=100");
	/* trunk modes make the first slave that is up curr_active_slave */
	cr_assert_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	rig_send(&r, 10, 2);
	rig_run(&r, 100 * SIM_MS);
	cr_expect_eq(r.far_rx[0], 10);
	/* IGMP took no id: the next striped frame is still the first */
	rig_send(&r, 1, 17);
	rig_run(&r, 200 * SIM_MS);
	cr_expect_eq(r.far_rx[1], 1);

	/* curr_active fails over to the first slave still up */
	rig_cable(&r, 0, false);
	rig_run(&r, 500 * SIM_MS);
	cr_assert_eq(r.bond->curr_active, bond_slave(r.bond, 1));
	rig_send(&r, 5, 2);
	rig_run(&r, 600 * SIM_MS);
	cr_expect_eq(r.far_rx[1], 6);
	rig_free(&r);
}

Test(bond_modes, broadcast_one_copy_per_slave_that_is_up)
{
	struct rig r;

	rig_build(&r, 3, "mode=broadcast miimon=100");
	rig_send(&r, 10, 17);
	rig_run(&r, 100 * SIM_MS);
	for (int i = 0; i < 3; i++)
		cr_expect_eq(r.far_rx[i], 10);
	cr_expect_eq(r.bond->dev.stats.tx_packets, 30);

	/* no carrier: skipped at once, before miimon says anything */
	rig_cable(&r, 2, false);
	rig_send(&r, 10, 17);
	rig_run(&r, 150 * SIM_MS);
	cr_expect_eq(r.far_rx[0], 20);
	cr_expect_eq(r.far_rx[1], 20);
	cr_expect_eq(r.far_rx[2], 10);

	rig_cable(&r, 0, false);
	rig_cable(&r, 1, false);
	rig_send(&r, 4, 17);
	rig_run(&r, 200 * SIM_MS);
	cr_expect_eq(r.bond->tx_no_slave, 4, "no slave to try: bond_tx_drop()");
	cr_expect_eq(r.bond->dev.stats.tx_dropped, 4);
	rig_free(&r);
}

/* layer2: dst[5] ^ src[5] ^ ethertype, index into the usable slaves */
static int l2_slave(uint8_t dst5, uint8_t src5, int usable)
{
	return (int)((uint32_t)(dst5 ^ src5 ^ 0x0800) % (uint32_t)usable);
}

Test(bond_modes, xor_layer2_by_mac_and_usable_array_follows_carrier)
{
	const int map_down1[2] = { 0, 2 };	/* usable slaves with eth1 gone */
	struct rig r;
	uint8_t src5;

	rig_build(&r, 3, "mode=balance-xor miimon=100 downdelay=300 xmit_hash_policy=layer2");
	src5 = r.bond->dev.mac[5];
	cr_assert_eq(r.bond->usable_count, 3);
	for (uint32_t d = 0; d < 30; d++) {
		const uint8_t dst[6] = { 0x02, 0xaa, 0, 0, 0, (uint8_t)d };

		netdev_xmit(&r.bond->dev, rig_frame(&r, dst, 17, d));
	}
	rig_run(&r, 100 * SIM_MS);
	for (uint32_t d = 0; d < 30; d++)
		cr_expect_eq(port_of_seq(&r, d), l2_slave((uint8_t)d, src5, 3), "dst %u", d);

	/* NETDEV_CHANGE rebuilds the array when the carrier drops, well
	 * before downdelay lets miimon disable the slave */
	rig_cable(&r, 1, false);
	cr_expect_eq(r.bond->usable_count, 2);
	cr_expect_eq(bond_slave(r.bond, 1)->link, BOND_LINK_UP);
	g_array_set_size(r.rx, 0);
	for (uint32_t d = 0; d < 30; d++) {
		const uint8_t dst[6] = { 0x02, 0xaa, 0, 0, 0, (uint8_t)d };

		netdev_xmit(&r.bond->dev, rig_frame(&r, dst, 17, d));
	}
	rig_run(&r, 150 * SIM_MS);
	for (uint32_t d = 0; d < 30; d++)
		cr_expect_eq(port_of_seq(&r, d), map_down1[l2_slave((uint8_t)d, src5, 2)],
			     "dst %u", d);

	/* downdelay 300 ms: the ticks fall at k * 104 ms, so the pull at 0.1 s
	 * is seen by the tick at 0.104 s: FAIL from 0.104 s, DOWN three ticks
	 * later at 0.416 s */
	rig_run(&r, 400 * SIM_MS);
	cr_expect_eq(bond_slave(r.bond, 1)->link, BOND_LINK_FAIL);
	rig_run(&r, 450 * SIM_MS);
	cr_expect_eq(bond_slave(r.bond, 1)->link, BOND_LINK_DOWN);
	/* carrier back: not usable before miimon commits it UP at the next
	 * tick, 0.52 s */
	rig_cable(&r, 1, true);
	cr_expect_eq(r.bond->usable_count, 2);
	rig_run(&r, 520 * SIM_MS);
	cr_expect_eq(r.bond->usable_count, 3);
	rig_free(&r);
}

Test(bond_modes, active_backup_sends_on_active_and_inactive_slaves_drop)
{
	static const uint8_t dst[6] = { 0x02, 0xaa, 0, 0, 0, 0x02 };
	struct rig r;

	rig_build(&r, 2, "mode=active-backup miimon=100");
	rig_send(&r, 10, 17);
	rig_run(&r, 100 * SIM_MS);
	cr_expect_eq(r.far_rx[0], 10);
	cr_expect_eq(r.far_rx[1], 0);

	/* frames arriving on the backup never reach the bond's stack */
	for (int i = 0; i < 5; i++)
		netdev_xmit(&r.far[1]->dev, rig_frame(&r, dst, 17, 0));
	for (int i = 0; i < 3; i++)
		netdev_xmit(&r.far[0]->dev, rig_frame(&r, dst, 17, 0));
	rig_run(&r, 200 * SIM_MS);
	cr_expect_eq(bond_slave_rx_dropped_inactive(bond_slave(r.bond, 1)), 5);
	cr_expect_eq(r.bond_rx, 3);
	rig_free(&r);

	rig_build(&r, 2, "mode=active-backup miimon=100 all_slaves_active=1");
	for (int i = 0; i < 5; i++)
		netdev_xmit(&r.far[1]->dev, rig_frame(&r, dst, 17, 0));
	rig_run(&r, 100 * SIM_MS);
	cr_expect_eq(bond_slave_rx_dropped_inactive(bond_slave(r.bond, 1)), 0);
	cr_expect_eq(r.bond_rx, 5);
	/* still a backup for tx */
	cr_expect(bond_slave(r.bond, 1)->backup);
	rig_free(&r);
}

Test(bond_modes, enslave_log_lines)
{
	struct rig r;

	rig_init(&r, 3, "mode=active-backup miimon=100");
	rig_cable(&r, 2, false);
	rig_enslave_all(&r);
	cr_expect_eq(rig_log_at(&r, "bond0: (slave eth0): making interface the new active one",
				0), 0);
	cr_expect_str_eq(g_array_index(r.log.lines, struct sim_log_line, 0).text,
			 "bond0: (slave eth0): making interface the new active one");
	cr_expect_str_eq(g_array_index(r.log.lines, struct sim_log_line, 1).text,
			 "bond0: (slave eth0): Enslaving as an active interface with an up link");
	cr_expect_str_eq(g_array_index(r.log.lines, struct sim_log_line, 2).text,
			 "bond0: (slave eth1): Enslaving as a backup interface with an up link");
	cr_expect_str_eq(g_array_index(r.log.lines, struct sim_log_line, 3).text,
			 "bond0: (slave eth2): Enslaving as a backup interface with a down link");
	cr_expect_eq(r.log.lines->len, 4);
	rig_free(&r);

	rig_init(&r, 2, "mode=balance-rr miimon=100 updelay=200");
	rig_enslave_all(&r);
	/* BACK counts as "an up link"; trunk slaves are always active */
	cr_expect_str_eq(g_array_index(r.log.lines, struct sim_log_line, 0).text,
			 "bond0: (slave eth0): Enslaving as an active interface with an up link");
	cr_expect_eq(bond_slave(r.bond, 0)->link, BOND_LINK_BACK);
	cr_expect_null(r.bond->curr_active);
	rig_free(&r);
}

/*
 * The prio test of tools/testing/selftests/drivers/net/bonding/
 * bond_options.sh: primary eth1, prio eth0=0 eth1=10 eth2=11, then links
 * taken down and up in turn; the expected active slave depends on
 * primary_reselect.
 */
static void prio_matrix(int reselect)
{
	char opts[96];
	struct rig r;
	struct slave *eth0, *eth1, *eth2;
	sim_time_t t = 0;

#define STEP() (t += 500 * SIM_MS, rig_run(&r, t))
	g_snprintf(opts, sizeof(opts), "mode=active-backup miimon=100 primary=eth1 "
		   "primary_reselect=%d", reselect);
	rig_build(&r, 3, opts);
	eth0 = bond_slave(r.bond, 0);
	eth1 = bond_slave(r.bond, 1);
	eth2 = bond_slave(r.bond, 2);
	cr_assert(bond_set_slave_prio(r.bond, eth0, 0, NULL));
	cr_assert(bond_set_slave_prio(r.bond, eth1, 10, NULL));
	cr_assert(bond_set_slave_prio(r.bond, eth2, 11, NULL));
	cr_expect_eq(rig_log_count(&r, "prio updated, but will not affect failover "
				       "re-selection as primary slave have been set"), 3);
	STEP();
	cr_assert_eq(r.bond->curr_active, eth1, "setup: the primary");

	rig_cable(&r, 1, false);
	STEP();
	cr_assert_eq(r.bond->curr_active, eth2, "fail over: the higher prio");

	rig_cable(&r, 2, false);
	STEP();
	cr_assert_eq(r.bond->curr_active, eth0, "only one slave up");

	rig_cable(&r, 2, true);
	STEP();
	cr_assert_eq(r.bond->curr_active, reselect == 0 ? eth2 : eth0, "higher prio up");

	struct slave *pre = r.bond->curr_active;

	rig_cable(&r, 1, true);
	STEP();
	cr_assert_eq(r.bond->curr_active, reselect == 0 ? eth1 : pre, "primary up");
	if (reselect == 2) {
		rig_cable(&r, pre->id, false);
		STEP();
		cr_assert_eq(r.bond->curr_active, eth1, "pre-active down: the primary");
	}
	if (reselect == 0) {
		cr_assert(bond_set_slave_prio(r.bond, eth0, 1000000, NULL));
		cr_assert(bond_set_slave_prio(r.bond, eth1, 0, NULL));
		cr_assert(bond_set_slave_prio(r.bond, eth2, -50, NULL));
		cr_assert_eq(r.bond->curr_active, eth1);
		rig_cable(&r, 1, false);
		STEP();
		cr_assert_eq(r.bond->curr_active, eth0, "changed prio");
	}
#undef STEP
	rig_free(&r);
}

Test(bond_modes, prio_primary_reselect_always)
{
	prio_matrix(0);
}

Test(bond_modes, prio_primary_reselect_better)
{
	prio_matrix(1);
}

Test(bond_modes, prio_primary_reselect_failure)
{
	prio_matrix(2);
}

Test(bond_modes, primary_reselect_better_takes_a_faster_primary)
{
	struct rig r;

	rig_build(&r, 2, "mode=active-backup miimon=100 primary=eth1 primary_reselect=better");
	cr_assert_eq(r.bond->curr_active, bond_slave(r.bond, 1));
	rig_cable(&r, 1, false);
	rig_run(&r, 500 * SIM_MS);
	cr_assert_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	/* back at the same speed: not better, eth0 stays */
	rig_cable(&r, 1, true);
	rig_run(&r, 1 * SIM_S);
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	/* back at 10 Gb/s: better */
	rig_cable(&r, 1, false);
	rig_run(&r, 1500 * SIM_MS);
	r.nic[1]->dev.speed_bps = 10000000000ULL;
	rig_cable(&r, 1, true);
	rig_run(&r, 2 * SIM_S);
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 1));
	rig_free(&r);
}

Test(bond_modes, primary_down_at_enslave_keeps_force_primary)
{
	struct rig r;

	/* force_primary is only spent when the primary is up at a reselection,
	 * so a primary enslaved without carrier takes over when it comes up,
	 * even with primary_reselect=failure */
	rig_init(&r, 2, "mode=active-backup miimon=100 primary=eth1 primary_reselect=failure");
	rig_cable(&r, 1, false);
	rig_enslave_all(&r);
	bond_open(r.bond);
	cr_assert_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	cr_expect(r.bond->force_primary);
	rig_run(&r, 1 * SIM_S);
	rig_cable(&r, 1, true);
	rig_run(&r, 1100 * SIM_MS);
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 1));
	cr_expect_not(r.bond->force_primary);
	rig_free(&r);
}

Test(bond_modes, prio_without_primary_reselects_at_once)
{
	struct rig r;

	rig_build(&r, 3, "mode=active-backup miimon=100");
	cr_assert_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	cr_assert(bond_set_slave_prio(r.bond, bond_slave(r.bond, 2), 5, NULL));
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 2));
	/* the kernel refuses prio outside active-backup/tlb/alb */
	rig_free(&r);

	GError *err = NULL;

	rig_build(&r, 2, "mode=balance-rr miimon=100");
	cr_expect_not(bond_set_slave_prio(r.bond, bond_slave(r.bond, 1), 5, &err));
	cr_expect_str_eq(err ? err->message : "",
			 "option prio: mode dependency failed, not supported in mode "
			 "balance-rr(0)");
	g_clear_error(&err);
	rig_free(&r);
}

Test(bond_modes, fail_over_mac_none_active_follow)
{
	uint8_t m0[6], m1[6];
	struct rig r;

	/* none: every slave wears the bond's MAC (the first slave's) */
	rig_build(&r, 2, "mode=active-backup miimon=100");
	memcpy(m0, r.nic[0]->dev.perm_mac, 6);
	cr_expect(mac_equal(r.bond->dev.mac, m0));
	cr_expect(mac_equal(r.nic[1]->dev.mac, m0));
	rig_cable(&r, 0, false);
	rig_run(&r, 200 * SIM_MS);
	cr_assert_eq(r.bond->curr_active, bond_slave(r.bond, 1));
	cr_expect(mac_equal(r.bond->dev.mac, m0));
	cr_expect(mac_equal(r.nic[1]->dev.mac, m0));
	rig_free(&r);

	/* active: slaves keep their MACs, the bond takes the active one's */
	rig_build(&r, 2, "mode=active-backup miimon=100 fail_over_mac=active");
	memcpy(m0, r.nic[0]->dev.perm_mac, 6);
	memcpy(m1, r.nic[1]->dev.perm_mac, 6);
	cr_expect(mac_equal(r.bond->dev.mac, m0));
	cr_expect(mac_equal(r.nic[1]->dev.mac, m1));
	rig_cable(&r, 0, false);
	rig_run(&r, 200 * SIM_MS);
	cr_expect(mac_equal(r.bond->dev.mac, m1));
	cr_expect(mac_equal(r.nic[0]->dev.mac, m0));
	cr_expect(mac_equal(r.nic[1]->dev.mac, m1));
	rig_free(&r);

	/* follow: the new active slave takes the bond's MAC, the old one its */
	rig_build(&r, 2, "mode=active-backup miimon=100 fail_over_mac=follow");
	memcpy(m0, r.nic[0]->dev.perm_mac, 6);
	memcpy(m1, r.nic[1]->dev.perm_mac, 6);
	cr_expect(mac_equal(r.nic[0]->dev.mac, m0));
	cr_expect(mac_equal(r.nic[1]->dev.mac, m1));
	rig_cable(&r, 0, false);
	rig_run(&r, 200 * SIM_MS);
	cr_expect(mac_equal(r.bond->dev.mac, m0));
	cr_expect(mac_equal(r.nic[1]->dev.mac, m0));
	cr_expect(mac_equal(r.nic[0]->dev.mac, m1));
	/* and back */
	rig_cable(&r, 0, true);
	rig_run(&r, 400 * SIM_MS);
	rig_cable(&r, 1, false);
	rig_run(&r, 600 * SIM_MS);
	cr_assert_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	cr_expect(mac_equal(r.nic[0]->dev.mac, m0));
	cr_expect(mac_equal(r.nic[1]->dev.mac, m1));
	rig_free(&r);
}

Test(bond_modes, set_primary_at_run_time_forces_it)
{
	struct rig r;
	GError *err = NULL;

	rig_build(&r, 3, "mode=active-backup miimon=100 primary_reselect=failure");
	cr_assert_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	/* force_primary: taken at once whatever primary_reselect says */
	cr_assert(bond_set_primary(r.bond, "eth2", &err));
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 2));
	cr_expect_eq(r.bond->primary, bond_slave(r.bond, 2));
	cr_assert(bond_set_primary(r.bond, "", &err));
	cr_expect_null(r.bond->primary);
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 2));
	rig_free(&r);
}

/* A bond without slaves has no carrier: its noop_qdisc drops, before
 * bond_start_xmit() and its bond_tx_drop(). */
Test(bond_modes, no_slaves_drops_at_the_qdisc)
{
	struct rig r;

	rig_init(&r, 1, "mode=balance-xor miimon=100");
	bond_open(r.bond);
	rig_send(&r, 3, 17);
	cr_expect_not(r.bond->dev.carrier);
	cr_expect_eq(r.bond->dev.drops[DROP_CARRIER_DOWN], 3);
	cr_expect_eq(r.bond->tx_no_slave, 0);
	cr_expect_eq(r.bond->dev.stats.tx_dropped, 0);
	rig_free(&r);
}

Test(bond_modes, a_new_bond_has_a_random_local_mac_until_its_first_slave)
{
	struct sim *sim = sim_new(3);
	struct bond_params p;
	const uint8_t mac[6] = { 0x00, 0x16, 0x36, 0x1b, 0xbb, 0x74 };
	struct nic *n = nic_new(sim, "h", "eth0", mac, 0);
	struct bond *b, *again;

	bond_params_init(&p);
	cr_assert(bond_params_finalize(&p, NULL, NULL));
	b = bond_new(sim, "h", "bond0", &p, NULL);
	again = bond_new(sim, "h", "bond0", &p, NULL);
	cr_assert_eq(b->dev.mac[0] & 1, 0, "unicast");
	cr_assert_eq(b->dev.mac[0] & 2, 2, "locally administered");
	cr_assert_eq(memcmp(b->dev.mac, again->dev.mac, 6), 0, "same seed, same MAC");
	cr_assert(bond_enslave(b, &n->dev, NULL));
	cr_assert_eq(memcmp(b->dev.mac, mac, 6), 0, "the first slave gives its MAC");
	bond_free(again);
	bond_free(b);
	nic_free(n);
	sim_free(sim);
}

/*
 * A bond without carrier drops at its own qdisc (noop_qdisc, swapped in
 * by dev_deactivate() as the carrier goes), whatever the mode: a
 * carrier_down drop on the bond that neither its tx_dropped nor
 * bond_tx_drop()'s tx_no_slave counts.
 */
Test(bond_modes, no_carrier_drops_at_the_bond_qdisc_in_every_mode)
{
	static const char *const modes[] = { "balance-rr", "active-backup", "balance-xor",
					      "broadcast", "802.3ad", "balance-tlb",
					      "balance-alb" };

	for (guint m = 0; m < G_N_ELEMENTS(modes); m++) {
		char opts[64];
		struct rig r;

		g_snprintf(opts, sizeof(opts), "mode=%s miimon=100", modes[m]);
		rig_build(&r, 2, opts);
		rig_run(&r, 50 * SIM_MS);
		rig_cable(&r, 0, false);
		rig_cable(&r, 1, false);
		rig_run(&r, 350 * SIM_MS);
		cr_assert_not(r.bond->dev.carrier, "%s", modes[m]);
		rig_send(&r, 5, 17);
		cr_expect_eq(r.bond->dev.drops[DROP_CARRIER_DOWN], 5, "%s", modes[m]);
		cr_expect_eq(r.bond->dev.drops[DROP_NO_SLAVE], 0, "%s", modes[m]);
		cr_expect_eq(r.bond->tx_no_slave, 0, "%s", modes[m]);
		cr_expect_eq(r.bond->dev.stats.tx_dropped, 0, "%s", modes[m]);
		rig_free(&r);
	}
}

/*
 * Carrier on, the slave's gone: the MII monitor has not yet seen the pull.
 * active-backup still sends on the slave, whose noop_qdisc drops (no
 * tx_dropped); balance-xor's usable array followed the carrier at once, so
 * it has no slave: bond_tx_drop(), tx_dropped and tx_no_slave.
 */
Test(bond_modes, a_slave_without_carrier_drops_at_its_qdisc_the_bond_without_a_slave_counts)
{
	struct rig r;

	rig_build(&r, 2, "mode=active-backup miimon=100");
	rig_run(&r, 50 * SIM_MS);
	rig_cable(&r, 0, false);
	rig_cable(&r, 1, false);
	cr_assert(r.bond->dev.carrier);
	rig_send(&r, 5, 17);
	cr_expect_eq(r.nic[0]->dev.drops[DROP_CARRIER_DOWN], 5);
	cr_expect_eq(r.nic[0]->dev.stats.tx_dropped, 0);
	cr_expect_eq(r.bond->dev.stats.tx_dropped, 0);
	cr_expect_eq(r.bond->tx_no_slave, 0);
	rig_free(&r);

	rig_build(&r, 2, "mode=balance-xor miimon=100");
	rig_run(&r, 50 * SIM_MS);
	rig_cable(&r, 0, false);
	rig_cable(&r, 1, false);
	cr_assert(r.bond->dev.carrier);
	cr_assert_eq(r.bond->usable_count, 0);
	rig_send(&r, 5, 17);
	cr_expect_eq(r.bond->dev.drops[DROP_NO_SLAVE], 5);
	cr_expect_eq(r.bond->tx_no_slave, 5);
	cr_expect_eq(r.bond->dev.stats.tx_dropped, 5);
	rig_free(&r);
}

/*
 * bond_xmit_broadcast(): txqueuelen 2, a burst of 10: each slave takes 3
 * (1 on the wire, 2 waiting) and its qdisc drops the other 7 copies (not
 * tx_dropped); for each of those 7 frames no slave took a copy, so the
 * bond counts one tx_dropped per frame (NET_XMIT_DROP), not one per copy.
 */
Test(bond_modes, broadcast_counts_one_tx_dropped_when_no_slave_took_a_copy)
{
	struct rig r;

	rig_init(&r, 2, "mode=broadcast miimon=100");
	for (int i = 0; i < 2; i++)
		r.nic[i]->txqueuelen = 2;	/* before any frame: the ring only shrinks */
	rig_enslave_all(&r);
	bond_open(r.bond);
	rig_run(&r, 50 * SIM_MS);
	rig_send(&r, 10, 17);
	for (int i = 0; i < 2; i++) {
		cr_expect_eq(r.nic[i]->dev.drops[DROP_QUEUE_FULL], 7);
		cr_expect_eq(r.nic[i]->dev.stats.tx_dropped, 0);
	}
	cr_expect_eq(r.bond->dev.stats.tx_dropped, 7);
	cr_expect_eq(r.bond->tx_no_slave, 0);
	cr_expect_eq(r.bond->dev.drops[DROP_NO_SLAVE], 0);
	rig_run(&r, 100 * SIM_MS);
	for (int i = 0; i < 2; i++)
		cr_expect_eq(r.far_rx[i], 3);
	rig_free(&r);
}
