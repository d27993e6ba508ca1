/*
 * test_bond_monitor.c - the MII and ARP monitors to the tick: log lines and
 * their times, updelay/downdelay in ticks, ignore_updelay, failover, peer
 * notification spacing, ARP probes and silent failures.
 *
 * The monitors are re-armed through the kernel timer wheel's rounding
 * (bond_work_at()): 100 jiffies (HZ=1000) fall in level 1 and expire on the
 * next 8-jiffy boundary strictly after now + 100, so a bond opened at 0 ticks
 * at 0, 104, 208, ... ms (every 104 ms); a 1-jiffy delay (level 0) expires
 * a jiffy late, after 2.  Tick counts (downdelay, updelay, missed_max,
 * peer_notif_delay) are unchanged, and so are the ms the log lines print
 * (ticks times miimon); only the times change.
 */
#include "bond_rig.h"

TestSuite(bond_monitor, .timeout = 10);

#define MS(x) ((sim_time_t)(x) * SIM_MS)

static const struct rig_link_ev *link_ev(const struct rig *r, guint i)
{
	cr_assert_lt(i, r->link_evs->len, "only %u link events", r->link_evs->len);
	return &g_array_index(r->link_evs, struct rig_link_ev, i);
}

Test(bond_monitor, mii_downdelay_two_ticks_then_failover)
{
	struct rig r;

	rig_build(&r, 2, "mode=active-backup miimon=100 downdelay=200");
	g_array_set_size(r.active_evs, 0);	/* eth0 chosen at enslave */
	rig_run(&r, MS(1050));
	rig_cable(&r, 0, false);
	rig_run(&r, MS(1200));
	/* during downdelay: "going down", still the active slave */
	cr_expect_eq(bond_slave(r.bond, 0)->link, BOND_LINK_FAIL);
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	rig_send(&r, 5, 17);	/* active-backup keeps sending there: lost */
	cr_expect_eq(r.nic[0]->dev.drops[DROP_CARRIER_DOWN], 5);
	rig_run(&r, MS(2000));

	/* pulled at 1.05 s: seen at the next tick, 1144 (11 * 104); down two
	 * ticks later, 1248 and 1352 ("200 ms" is 2 ticks times miimon) */
	rig_expect_log(&r, "bond0: (slave eth0): link status down for active interface, "
			   "disabling it in 200 ms", MS(1144));
	rig_expect_log(&r, "bond0: (slave eth0): link status definitely down, disabling slave",
		       MS(1352));
	rig_expect_log(&r, "bond0: (slave eth1): making interface the new active one", MS(1352));
	cr_expect_eq(rig_log_count(&r, "invalid new link"), 0);
	cr_expect_eq(rig_log_count(&r, "now running without"), 0);
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 1));
	cr_expect_eq(bond_slave(r.bond, 0)->link_failure_count, 1);
	cr_assert_eq(r.active_evs->len, 1);
	cr_expect_eq(g_array_index(r.active_evs, struct rig_active_ev, 0).at, MS(1352));
	cr_expect_eq(link_ev(&r, 0)->at, MS(1352));
	cr_expect_eq(link_ev(&r, 0)->st, BOND_LINK_DOWN);
	cr_expect_eq(link_ev(&r, 0)->by, BOND_MON_MII);
	rig_free(&r);
}

Test(bond_monitor, mii_without_downdelay_next_tick)
{
	struct rig r;

	rig_build(&r, 2, "mode=active-backup miimon=100");
	rig_run(&r, MS(1050));
	rig_cable(&r, 0, false);
	rig_run(&r, MS(1500));
	/* the tick after 1.05 s: 1144 (11 * 104) */
	rig_expect_log(&r, "link status definitely down, disabling slave", MS(1144));
	cr_expect_eq(rig_log_count(&r, "link status down for"), 0);
	rig_expect_log(&r, "bond0: (slave eth1): making interface the new active one", MS(1144));
	rig_free(&r);
}

Test(bond_monitor, mii_up_again_within_downdelay)
{
	struct rig r;

	rig_build(&r, 2, "mode=active-backup miimon=100 downdelay=300");
	g_array_set_size(r.active_evs, 0);	/* eth0 chosen at enslave */
	rig_run(&r, MS(1050));
	rig_cable(&r, 0, false);
	rig_run(&r, MS(1150));
	rig_cable(&r, 0, true);
	rig_run(&r, MS(2000));
	rig_expect_log(&r, "bond0: (slave eth0): link status down for active interface, "
			   "disabling it in 300 ms", MS(1144));
	/* ticks waited times miimon: one tick, "100 ms", though 104 ms passed
	 * (FAIL at 1144, back at the next tick, 1248) */
	rig_expect_log(&r, "bond0: (slave eth0): link status up again after 100 ms", MS(1248));
	rig_expect_log(&r, "bond0: (slave eth0): link status definitely up, 1000 Mbps full duplex",
		       MS(1248));
	cr_expect_eq(rig_log_count(&r, "definitely down"), 0);
	cr_expect_eq(bond_slave(r.bond, 0)->link_failure_count, 0);
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	cr_expect_eq(r.active_evs->len, 0);
	rig_free(&r);
}

Test(bond_monitor, mii_backup_down_says_backup)
{
	struct rig r;

	rig_build(&r, 2, "mode=active-backup miimon=100 downdelay=100");
	rig_run(&r, MS(1050));
	rig_cable(&r, 1, false);
	rig_run(&r, MS(1500));
	rig_expect_log(&r, "bond0: (slave eth1): link status down for backup interface, "
			   "disabling it in 100 ms", MS(1144));
	/* one tick of downdelay: the next tick, 1248 */
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely down, disabling slave",
		       MS(1248));
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	rig_free(&r);

	/* other modes name no role */
	rig_build(&r, 2, "mode=balance-xor miimon=100 downdelay=100");
	rig_run(&r, MS(1050));
	rig_cable(&r, 1, false);
	rig_run(&r, MS(1500));
	rig_expect_log(&r, "bond0: (slave eth1): link status down for interface, "
			   "disabling it in 100 ms", MS(1144));
	rig_free(&r);
}

Test(bond_monitor, mii_updelay_two_ticks_with_an_active_slave)
{
	struct rig r;

	rig_build(&r, 2, "mode=active-backup miimon=100 updelay=200");
	/* at open nothing is active: eth0 skips updelay, eth1 then waits it;
	 * the first pass cannot commit (the opener holds RTNL) and is queued
	 * again with a 1-jiffy delay, which the timer wheel (level 0) runs at
	 * jiffy 2; the next tick is the one queued at open, 0 + 100 rounded up
	 * to the 8-jiffy boundary 104 (2 + 100 rounds to 104 as well), then
	 * every 104 ms */
	rig_run(&r, MS(500));
	rig_expect_log(&r, "bond0: (slave eth0): link status definitely up, 1000 Mbps full duplex",
		       MS(2));
	rig_expect_log(&r, "bond0: (slave eth0): making interface the new active one", MS(2));
	rig_expect_log(&r, "bond0: active interface up!", MS(2));
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely up, 1000 Mbps full duplex",
		       MS(104));

	rig_run(&r, MS(1050));
	rig_cable(&r, 1, false);
	rig_run(&r, MS(2050));
	rig_cable(&r, 1, true);
	rig_run(&r, MS(3000));
	/* the ticks after 1.05 s and 2.05 s: 1144 and 2080; two ticks of
	 * updelay after 2080: 2288 */
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely down", MS(1144));
	rig_expect_log(&r, "bond0: (slave eth1): link status up, enabling it in 200 ms", MS(2080));
	cr_expect_eq(rig_log_at(&r, "bond0: (slave eth1): link status definitely up", MS(1000)),
		     MS(2288));
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	rig_free(&r);
}

Test(bond_monitor, mii_updelay_ignored_without_active_slave)
{
	struct rig r;

	/* updelay at open: a re-run at 2 ms, the ticks at k * 104 ms (see
	 * above): the ones after 1.05 s and 2.05 s are 1144 and 2080 */
	rig_build(&r, 2, "mode=active-backup miimon=100 updelay=500");
	rig_run(&r, MS(1050));
	rig_cable(&r, 0, false);
	rig_cable(&r, 1, false);
	rig_run(&r, MS(2050));
	rig_expect_log(&r, "bond0: now running without any active interface!", MS(1144));
	cr_expect_not(r.bond->dev.carrier);
	cr_expect_null(r.bond->curr_active);
	rig_cable(&r, 1, true);
	rig_run(&r, MS(3000));
	rig_expect_log(&r, "bond0: (slave eth1): link status up, enabling it in 0 ms", MS(2080));
	cr_expect_eq(rig_log_at(&r, "bond0: (slave eth1): link status definitely up", MS(1000)),
		     MS(2080));
	cr_expect_eq(rig_log_at(&r, "making interface the new active one", MS(1000)), MS(2080));
	cr_expect_eq(rig_log_at(&r, "bond0: active interface up!", MS(1000)), MS(2080));
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 1));
	rig_free(&r);
}

Test(bond_monitor, mii_updelay_ignored_in_xor_but_not_in_rr)
{
	struct rig r;

	/* balance-xor: the usable array is empty, updelay is skipped (already
	 * at open, whose first pass must then run again, at 2 ms: a 1-jiffy
	 * delay rounded up); plugged at 2.05 s, up at the next tick, 2080 */
	rig_build(&r, 2, "mode=balance-xor miimon=100 updelay=500");
	rig_run(&r, MS(1050));
	rig_cable(&r, 0, false);
	rig_cable(&r, 1, false);
	rig_run(&r, MS(2050));
	cr_expect_eq(r.bond->usable_count, 0);
	rig_cable(&r, 0, true);
	rig_run(&r, MS(3000));
	cr_expect_eq(rig_log_at(&r, "bond0: (slave eth0): link status definitely up", MS(1000)),
		     MS(2080));
	cr_expect_eq(r.bond->usable_count, 1);
	rig_free(&r);

	/* balance-rr builds no usable array: updelay is always waited, and
	 * the first pass only counts it down (nothing to commit: no re-run).
	 * Seen at 2080, up five ticks later: 2080 + 5 * 104 = 2600 (the same
	 * time as 2100 + 5 * 100 with 100 ms ticks) */
	rig_build(&r, 2, "mode=balance-rr miimon=100 updelay=500");
	rig_run(&r, MS(1050));
	rig_cable(&r, 0, false);
	rig_cable(&r, 1, false);
	rig_run(&r, MS(2050));
	rig_cable(&r, 0, true);
	rig_run(&r, MS(3000));
	rig_expect_log(&r, "bond0: (slave eth0): link status up, enabling it in 500 ms", MS(2080));
	cr_expect_eq(rig_log_at(&r, "bond0: (slave eth0): link status definitely up", MS(1000)),
		     MS(2600));
	rig_free(&r);
}

Test(bond_monitor, mii_first_run_at_open)
{
	struct rig r;

	rig_init(&r, 2, "mode=active-backup miimon=100");
	rig_cable(&r, 0, false);
	rig_enslave_all(&r);
	cr_assert_eq(r.bond->curr_active, bond_slave(r.bond, 1));
	rig_run(&r, MS(500));
	rig_cable(&r, 0, true);
	/* not open: nothing watches */
	rig_run(&r, MS(520));
	cr_expect_eq(bond_slave(r.bond, 0)->link, BOND_LINK_DOWN);
	/* bond_open() queues the monitor with no delay; its pass finds eth0
	 * back but cannot take RTNL from the opener: queued again with a
	 * 1-jiffy delay, expiring at 521, which the timer wheel's level 0
	 * rounds up to 522 */
	bond_open(r.bond);
	rig_run(&r, MS(520));
	cr_expect_eq(bond_slave(r.bond, 0)->link, BOND_LINK_DOWN);
	rig_run(&r, MS(521));
	cr_expect_eq(bond_slave(r.bond, 0)->link, BOND_LINK_DOWN);
	rig_run(&r, MS(522));
	cr_expect_eq(bond_slave(r.bond, 0)->link, BOND_LINK_UP);
	rig_expect_log(&r, "bond0: (slave eth0): link status definitely up", MS(522));
	/* then the 8-jiffy boundary after 522 + 100 (624), and every 104 ms
	 * from there: 728, 832 */
	rig_run(&r, MS(750));
	rig_cable(&r, 1, false);
	rig_run(&r, MS(1000));
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely down", MS(832));
	rig_free(&r);
}

Test(bond_monitor, mii_ticks_are_jiffies)
{
	struct rig r;

	/* HZ=250: msecs_to_jiffies(10) = 3 jiffies, level 0 of the timer wheel
	 * expires it a jiffy late: a tick every 4 jiffies, 16 ms.  Pulled at
	 * 100 ms: seen at 112, down two ticks later at 144 */
	rig_init(&r, 2, "mode=active-backup miimon=10 downdelay=20");
	r.bond->hz = 250;
	rig_enslave_all(&r);
	bond_open(r.bond);
	rig_run(&r, MS(100));
	rig_cable(&r, 0, false);
	rig_run(&r, MS(300));
	rig_expect_log(&r, "link status down for active interface, disabling it in 20 ms",
		       MS(112));
	rig_expect_log(&r, "link status definitely down", MS(144));
	rig_free(&r);
}

Test(bond_monitor, mii_zero_means_no_failover)
{
	struct rig r;

	rig_build(&r, 2, "mode=active-backup miimon=0");
	rig_run(&r, MS(1000));
	rig_cable(&r, 0, false);
	rig_run(&r, MS(5000));
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	cr_expect_eq(bond_slave(r.bond, 0)->link, BOND_LINK_UP);
	rig_send(&r, 3, 17);
	cr_expect_eq(r.nic[0]->dev.drops[DROP_CARRIER_DOWN], 3);
	rig_free(&r);
}

static void expect_garps(const struct rig *r, const sim_time_t *at, guint n, int port)
{
	char *all = rig_log_text(r);

	cr_expect_eq(r->garps->len, n, "%u GARPs, want %u\n%s", r->garps->len, n, all);
	for (guint i = 0; i < n && i < r->garps->len; i++) {
		const struct rig_garp *g = &g_array_index(r->garps, struct rig_garp, i);

		cr_expect_eq(g->at, at[i], "GARP %u at %" G_GINT64_FORMAT, i, (gint64)g->at);
		cr_expect_eq(g->port, port, "GARP %u on port %d", i, g->port);
		cr_expect_eq(g->ip, RIG_BOND_IP);
		cr_expect(mac_equal(g->src, r->bond->dev.mac));
	}
	g_free(all);
}

/* The GARP reaches the far port 1 us of cable plus its serialisation later. */
static sim_time_t garp_delay(const struct rig *r)
{
	struct frame f = { .len = 42 };

	return SIM_US + nic_tx_time(r->nic[0], &f);
}

Test(bond_monitor, peer_notify_three_garps_at_0_104_312ms)
{
	struct rig r;
	sim_time_t d, want[3];

	/* 6 at the failover: one GARP there (5), the tick's own decrement (4);
	 * then a GARP at each tick that starts on an even count: 4 and 2, one
	 * and three ticks after the failover tick (1144): 1248 and 1456 */
	rig_build(&r, 2, "mode=active-backup miimon=100 num_grat_arp=3 peer_notif_delay=200");
	rig_run(&r, MS(1050));
	rig_cable(&r, 0, false);
	rig_run(&r, MS(4000));
	d = garp_delay(&r);
	want[0] = MS(1144) + d;
	want[1] = MS(1248) + d;
	want[2] = MS(1456) + d;
	expect_garps(&r, want, 3, 1);
	cr_expect_eq(r.bond->peer_notifications, 3);
	cr_expect_eq(r.bond->send_peer_notif, 0);
	rig_free(&r);
}

Test(bond_monitor, peer_notify_delay_0_loses_one_to_the_failover_tick)
{
	struct rig r;
	sim_time_t d, want[2];

	/* 3: GARP at the failover (2), the tick's decrement (1), GARP (0) at
	 * the next tick: 1144 and 1248 */
	rig_build(&r, 2, "mode=active-backup miimon=100 num_grat_arp=3");
	rig_run(&r, MS(1050));
	rig_cable(&r, 0, false);
	rig_run(&r, MS(4000));
	d = garp_delay(&r);
	want[0] = MS(1144) + d;
	want[1] = MS(1248) + d;
	expect_garps(&r, want, 2, 1);
	rig_free(&r);
}

Test(bond_monitor, peer_notify_selftest_ten_every_ten_ticks)
{
	struct rig r;
	sim_time_t d, want[10];

	/* bond_options.sh num_grat_arp: miimon 100, peer_notify_delay 1000:
	 * still ten, the first at the failover tick (1144), the second nine
	 * ticks after it (2080), then every ten ticks of 104 ms: 1040 * (i + 1) */
	rig_build(&r, 2, "mode=active-backup miimon=100 num_grat_arp=10 peer_notif_delay=1000");
	rig_run(&r, MS(1050));
	rig_cable(&r, 0, false);
	rig_run(&r, MS(15000));
	d = garp_delay(&r);
	want[0] = MS(1144) + d;
	for (int i = 1; i < 10; i++)
		want[i] = MS(1040 + 1040 * i) + d;
	expect_garps(&r, want, 10, 1);
	rig_free(&r);
}

Test(bond_monitor, peer_notify_after_no_active_skips_the_first)
{
	struct rig r;
	sim_time_t d, want[2];

	rig_build(&r, 2, "mode=active-backup miimon=100 num_grat_arp=3 peer_notif_delay=200");
	rig_run(&r, MS(1050));
	rig_cable(&r, 0, false);
	rig_cable(&r, 1, false);
	rig_run(&r, MS(2050));
	cr_expect_eq(r.garps->len, 0);	/* nothing to announce on */
	rig_cable(&r, 1, true);
	rig_run(&r, MS(4000));
	/* active at 2080 while the bond had no carrier: 6, the tick takes it
	 * to 5; odd at 2184, GARPs at 2288 (4) and 2496 (2) */
	d = garp_delay(&r);
	want[0] = MS(2288) + d;
	want[1] = MS(2496) + d;
	expect_garps(&r, want, 2, 1);
	cr_expect_eq(r.bond->send_peer_notif, 0);
	rig_free(&r);
}

/* --- ARP monitor ------------------------------------------------------ */

static void arp_rig(struct rig *r, int n, const char *opts)
{
	rig_init(r, n, opts);
	r->hub = true;
	r->responder_ip = RIG_TARGET_IP;
	rig_enslave_all(r);
	bond_open(r->bond);
}

/* blackhole(i, toward_host): silent failure of cable i in one direction */
static void blackhole(struct rig *r, int i, bool toward_host, bool on)
{
	/* end[0] is the bond's NIC: dir[1] carries frames toward it */
	link_set_blackhole(r->link[i], toward_host ? 1 : 0, on);
}

Test(bond_monitor, arp_probe_frame)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t zero[6];
	struct rig r;

	arp_rig(&r, 2, "mode=balance-rr arp_interval=100 arp_ip_target=10.0.0.254");
	rig_run(&r, MS(50));
	/* one request per slave at the first run (t = 0) */
	for (int i = 0; i < 2; i++) {
		const struct wire_arp *a = &r.last_req[i];

		cr_expect_eq(r.arp_requests[i], 1);
		cr_expect_eq(bond_slave(r.bond, i)->arp_probes_sent, 1);
		cr_expect(mac_equal(r.last_req_eth[i], bcast));
		/* arp_create() with slave_dev->dev_addr: here the bond's MAC */
		cr_expect(mac_equal(r.last_req_eth[i] + 6, r.nic[i]->dev.mac));
		cr_expect(mac_equal(r.nic[i]->dev.mac, r.bond->dev.mac));
		cr_expect_eq(a->op, WIRE_ARP_OP_REQUEST);
		cr_expect(mac_equal(a->sha, r.nic[i]->dev.mac));
		cr_expect(mac_equal(a->tha, zero));
		cr_expect_eq(a->sip, RIG_BOND_IP);
		cr_expect_eq(a->tip, RIG_TARGET_IP);
		/* probe at jiffy 0, reply within the same jiffy */
		cr_expect_eq(bond_slave(r.bond, i)->last_tx, 0);
		cr_expect_eq(bond_slave(r.bond, i)->last_rx, 0);
	}
	rig_free(&r);

	/* fail_over_mac=active keeps each slave's MAC: the backup is not probed,
	 * the active one probes with its own */
	arp_rig(&r, 2, "mode=active-backup arp_interval=100 arp_ip_target=10.0.0.254 "
		"fail_over_mac=active");
	rig_run(&r, MS(250));
	cr_expect_eq(r.arp_requests[0], 3);
	cr_expect_eq(r.arp_requests[1], 0);
	cr_expect(mac_equal(r.last_req_eth[0] + 6, r.nic[0]->dev.perm_mac));
	rig_free(&r);

	/* a bond without an address probes from 0.0.0.0 and says so once */
	rig_init(&r, 1, "mode=active-backup arp_interval=100 arp_ip_target=10.0.0.254 "
		 "arp_validate=active");
	r.bond_ip = 0;
	rig_enslave_all(&r);
	bond_open(r.bond);
	rig_run(&r, MS(250));
	cr_expect_eq(r.last_req[0].sip, 0);
	cr_expect_eq(rig_log_count(&r, "bond0: no route to arp_ip_target 10.0.0.254 and "
				       "arp_validate is set"), 1);
	rig_free(&r);
}

Test(bond_monitor, arp_lb_silent_rx_failure_down_after_missed_max_and_back)
{
	struct rig r;

	arp_rig(&r, 2, "mode=balance-rr arp_interval=100 arp_ip_target=10.0.0.254");
	rig_run(&r, MS(1050));
	cr_assert_eq(bond_slave(r.bond, 0)->link, BOND_LINK_UP);
	/* carrier stays up, nothing reaches eth0 any more */
	blackhole(&r, 0, true, true);
	rig_run(&r, MS(2050));
	cr_expect(r.nic[0]->dev.carrier);
	/* last reply at 1.040 s (that tick's probe): in interval up to
	 * 1.040 + 2 * 0.1 + 0.05 = 1.290, so still up at 1.248 and down at the
	 * next tick, 1.352 */
	rig_expect_log(&r, "bond0: (slave eth0): interface is now down", MS(1352));
	cr_expect_eq(bond_slave(r.bond, 0)->link, BOND_LINK_DOWN);
	cr_expect_eq(bond_slave(r.bond, 0)->link_failure_count, 1);
	cr_expect_eq(link_ev(&r, 0)->st, BOND_LINK_DOWN);
	cr_expect_eq(link_ev(&r, 0)->by, BOND_MON_ARP);
	cr_expect_eq(link_ev(&r, 0)->at, MS(1352));
	/* rr stops using it: all ten IPv4 frames reach the far end of eth1 */
	{
		guint before = r.rx->len;

		rig_send(&r, 10, 17);
		rig_run(&r, MS(2060));
		cr_expect_eq(r.rx->len - before, 10);
		for (guint i = before; i < r.rx->len; i++)
			cr_expect_eq(g_array_index(r.rx, struct rig_rx, i).port, 1);
	}

	blackhole(&r, 0, true, false);
	rig_run(&r, MS(3000));
	/* probe at 2.080 s answered at once: up at the 2.184 s run (both
	 * 104 ms old, within 100 + 50) */
	rig_expect_log(&r, "bond0: (slave eth0): interface is now up", MS(2184));
	cr_expect_eq(bond_slave(r.bond, 0)->link, BOND_LINK_UP);
	cr_expect_eq(link_ev(&r, 1)->st, BOND_LINK_UP);
	cr_expect_eq(link_ev(&r, 1)->at, MS(2184));
	rig_free(&r);
}

Test(bond_monitor, arp_lb_tx_blackhole_needs_validation)
{
	struct rig r;

	/* arp_validate=none: eth0 still hears the flood of eth1's probes */
	arp_rig(&r, 2, "mode=balance-rr arp_interval=100 arp_ip_target=10.0.0.254");
	rig_run(&r, MS(1050));
	blackhole(&r, 0, false, true);
	rig_run(&r, MS(3000));
	cr_expect_eq(bond_slave(r.bond, 0)->link, BOND_LINK_UP);
	cr_expect_eq(rig_log_count(&r, "interface is now down"), 0);
	rig_free(&r);

	/* arp_validate=all: only replies from the target count; the last at
	 * 1.040 s, in interval up to 1.290: down at the 1.352 s tick */
	arp_rig(&r, 2, "mode=balance-rr arp_interval=100 arp_ip_target=10.0.0.254 "
		"arp_validate=all");
	rig_run(&r, MS(1050));
	blackhole(&r, 0, false, true);
	rig_run(&r, MS(3000));
	rig_expect_log(&r, "bond0: (slave eth0): interface is now down", MS(1352));
	cr_expect_eq(bond_slave(r.bond, 1)->link, BOND_LINK_UP);
	rig_free(&r);
}

Test(bond_monitor, arp_lb_cable_pull_stops_probes)
{
	struct rig r;

	arp_rig(&r, 2, "mode=balance-xor arp_interval=100 arp_ip_target=10.0.0.254");
	rig_run(&r, MS(1050));
	rig_cable(&r, 0, false);
	rig_run(&r, MS(2000));
	/* no probe since 1.040 s: in interval up to 1.290, down at 1.352 */
	rig_expect_log(&r, "bond0: (slave eth0): interface is now down", MS(1352));
	cr_expect_eq(r.bond->usable_count, 1);
	rig_free(&r);
}

Test(bond_monitor, arp_ab_silent_failure_fails_over)
{
	struct rig r;
	sim_time_t d;

	arp_rig(&r, 2, "mode=active-backup arp_interval=100 arp_ip_target=10.0.0.254");
	rig_run(&r, MS(1050));
	cr_assert_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	/* only the active slave is probed */
	cr_expect_eq(bond_slave(r.bond, 1)->arp_probes_sent, 0);
	cr_expect_eq(bond_slave(r.bond, 1)->link, BOND_LINK_UP);
	blackhole(&r, 0, true, true);
	rig_run(&r, MS(2050));
	/* last reply at 1.040 s, in interval up to 1.290: down at 1.352 */
	rig_expect_log(&r, "bond0: (slave eth0): link status definitely down, disabling slave",
		       MS(1352));
	rig_expect_log(&r, "bond0: (slave eth1): making interface the new active one", MS(1352));
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 1));
	cr_expect_eq(link_ev(&r, 0)->by, BOND_MON_ARP);
	/* num_grat_arp=1 (default): one GARP, on the new active slave, at once */
	d = garp_delay(&r);
	cr_assert_eq(r.garps->len, 1);
	cr_expect_eq(g_array_index(r.garps, struct rig_garp, 0).at, MS(1352) + d);
	cr_expect_eq(g_array_index(r.garps, struct rig_garp, 0).port, 1);

	/* healed: eth0 hears eth1's probes (flooded) and comes back as backup:
	 * the 2.080 s probe, seen at the 2.184 s tick */
	blackhole(&r, 0, true, false);
	rig_run(&r, MS(3000));
	cr_expect_eq(rig_log_at(&r, "bond0: (slave eth0): link status definitely up", MS(2000)),
		     MS(2184));
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 1));
	rig_free(&r);
}

static void arp_validate_stable(int val)
{
	char opts[128];
	struct rig r;

	/* bond_options.sh arp_validate: all slaves up after 5 s, for 0..6 */
	g_snprintf(opts, sizeof(opts), "mode=active-backup arp_interval=100 "
		   "arp_ip_target=10.0.0.254 arp_validate=%d", val);
	arp_rig(&r, 3, opts);
	rig_run(&r, 5 * SIM_S);
	for (int i = 0; i < 3; i++) {
		cr_expect_eq(bond_slave(r.bond, i)->link, BOND_LINK_UP, "validate %d eth%d", val,
			     i);
		cr_expect_eq(bond_slave(r.bond, i)->link_failure_count, 0);
	}
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	rig_free(&r);
}

Test(bond_monitor, arp_validate_0_to_6_all_slaves_stay_up)
{
	for (int v = 0; v <= 6; v++)
		arp_validate_stable(v);
}

Test(bond_monitor, arp_backup_without_traffic_goes_down)
{
	struct rig r;

	/* no hub: the backup hears nothing; missed_max + 1 intervals after
	 * its initial stamp (enslave - 101 ms): in interval up to
	 * -101 + 3 * 100 + 50 = 249 ms, and left alone as just up until
	 * 2 * 100 + 50 = 250; ticks 0, 104, 208: down at the 312 ms one */
	rig_init(&r, 2, "mode=active-backup arp_interval=100 arp_ip_target=10.0.0.254");
	r.responder_ip = RIG_TARGET_IP;
	rig_enslave_all(&r);
	bond_open(r.bond);
	rig_run(&r, MS(1000));
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely down, disabling slave",
		       MS(312));
	cr_expect_eq(bond_slave(r.bond, 0)->link, BOND_LINK_UP);
	rig_free(&r);
}

Test(bond_monitor, arp_all_targets_all_needs_every_target)
{
	struct rig r;

	/* 10.0.0.253 never answers */
	arp_rig(&r, 2, "mode=active-backup arp_interval=100 "
		"arp_ip_target=10.0.0.254,10.0.0.253 arp_validate=all");
	rig_run(&r, MS(2000));
	cr_expect_eq(rig_log_count(&r, "definitely down"), 0);
	rig_free(&r);

	/* the oldest reply is 10.0.0.253's initial stamp (-101 ms); the
	 * active slave is left alone two intervals after coming up (to 250 ms):
	 * down at the first tick after, 312 */
	arp_rig(&r, 2, "mode=active-backup arp_interval=100 "
		"arp_ip_target=10.0.0.254,10.0.0.253 arp_validate=all arp_all_targets=all");
	rig_run(&r, MS(2000));
	rig_expect_log(&r, "bond0: (slave eth0): link status definitely down, disabling slave",
		       MS(312));
	rig_free(&r);
}

Test(bond_monitor, arp_ab_probes_round_robin_without_active)
{
	static const int carp[] = { 1, 2, 0, 1, 2, 0, 1 };	/* at 312, 416, ... ms */
	struct rig r;

	/* nobody answers: every slave goes down at the first tick past 250 ms,
	 * 312 (as in arp_backup_without_traffic_goes_down), then the monitor
	 * probes one slave per tick (every 104 ms), round the list, starting
	 * after the first slave (state BACK, then FAIL when it stays silent) */
	rig_init(&r, 3, "mode=active-backup arp_interval=100 arp_ip_target=10.0.0.254");
	rig_enslave_all(&r);
	bond_open(r.bond);
	rig_run(&r, MS(312));
	rig_expect_log(&r, "bond0: (slave eth0): link status definitely down, disabling slave",
		       MS(312));
	rig_expect_log(&r, "bond0: (slave eth2): link status definitely down, disabling slave",
		       MS(312));
	rig_expect_log(&r, "bond0: now running without any active interface!", MS(312));
	cr_expect_null(r.bond->curr_active);
	for (guint i = 0; i < G_N_ELEMENTS(carp); i++) {
		rig_run(&r, MS(312 + 104 * i));
		cr_assert_not_null(r.bond->current_arp_slave);
		cr_expect_eq(r.bond->current_arp_slave->id, carp[i], "at %u ms", 312 + 104 * i);
		cr_expect_eq(r.bond->current_arp_slave->link, BOND_LINK_BACK);
	}
	/* eth1 was probed at 936 ms and the request is still on the wire when
	 * the target appears: eth1 answers, and is up at the next tick, 1040 */
	r.responder_ip = RIG_TARGET_IP;
	rig_run(&r, MS(1040));
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely up", MS(1040));
	rig_expect_log(&r, "bond0: (slave eth1): making interface the new active one", MS(1040));
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 1));
	cr_expect_null(r.bond->current_arp_slave);
	cr_expect(r.bond->dev.carrier);
	rig_free(&r);
}

Test(bond_monitor, arp_lb_first_pass_without_rtnl_logs_but_commits_nothing)
{
	struct rig r;

	/* arp_missed_max=1: the initial stamps (enslave - 101 ms) are in
	 * interval up to -101 + 100 + 50 = 49 ms.  Opened at 80 ms, the first
	 * pass finds both slaves silent for too long, logs them down and
	 * counts the failures, but cannot take RTNL from the opener
	 * (bond_loadbalance_arp_mon(): "if (!rtnl_trylock()) goto re_arm"):
	 * nothing is committed.  Its probes are answered at once, so the next
	 * pass (184 ms) finds both slaves well */
	rig_init(&r, 2, "mode=balance-rr arp_interval=100 arp_ip_target=10.0.0.254 "
		 "arp_missed_max=1");
	r.hub = true;
	r.responder_ip = RIG_TARGET_IP;
	rig_enslave_all(&r);
	rig_run(&r, MS(80));
	bond_open(r.bond);
	rig_run(&r, MS(1000));
	rig_expect_log(&r, "bond0: (slave eth0): interface is now down", MS(80));
	rig_expect_log(&r, "bond0: (slave eth1): interface is now down", MS(80));
	cr_expect_eq(rig_log_count(&r, "interface is now down"), 2);
	cr_expect_eq(rig_log_count(&r, "now running without"), 0);
	cr_expect_eq(rig_log_count(&r, "definitely up"), 0);
	cr_expect_eq(rig_log_count(&r, "interface is now up"), 0);
	for (int i = 0; i < 2; i++) {
		cr_expect_eq(bond_slave(r.bond, i)->link, BOND_LINK_UP);
		cr_expect_eq(bond_slave(r.bond, i)->link_failure_count, 1);
		cr_expect_eq(r.arp_requests[i], 9, "eth%d: at 80, 184, ..., 912 ms: %d", i,
			     (int)r.arp_requests[i]);
	}
	cr_expect_eq(r.link_evs->len, 0);
	cr_expect(r.bond->dev.carrier);
	rig_free(&r);
}

Test(bond_monitor, arp_ab_first_pass_without_rtnl_retries_two_jiffies_later)
{
	struct rig r;

	/* opened 1 s after the enslave, past the 250 ms left to a slave just
	 * up: the first pass has both slaves to take down, cannot take RTNL
	 * from the opener and queues itself a jiffy ahead, sending no probe
	 * (bond_activebackup_arp_mon(): "delta_in_ticks = 1; goto re_arm");
	 * the wheel makes that 2 jiffies: down at 1002 ms, when the first
	 * probe leaves; up at the next tick, 1002 + 100 rounded up to 1104 */
	rig_init(&r, 2, "mode=active-backup arp_interval=100 arp_ip_target=10.0.0.254");
	r.hub = true;
	r.responder_ip = RIG_TARGET_IP;
	rig_enslave_all(&r);
	rig_run(&r, MS(1000));
	bond_open(r.bond);
	rig_run(&r, MS(1001));
	cr_expect_eq(r.arp_requests[0] + r.arp_requests[1], 0);
	cr_expect_eq(bond_slave(r.bond, 0)->link, BOND_LINK_UP);
	rig_run(&r, MS(1200));
	rig_expect_log(&r, "bond0: (slave eth0): link status definitely down, disabling slave",
		       MS(1002));
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely down, disabling slave",
		       MS(1002));
	rig_expect_log(&r, "bond0: now running without any active interface!", MS(1002));
	/* the probe at 1002 went to the slave after the first (eth1); eth0
	 * heard it flooded (no validation) and is up, and active, at 1104 */
	cr_expect_eq(r.arp_requests[1], 1);
	cr_expect_eq(r.arp_requests[0], 1);
	rig_expect_log(&r, "bond0: (slave eth0): link status definitely up", MS(1104));
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	rig_free(&r);
}

Test(bond_monitor, arp_validate_filter_counts_ipv6_too)
{
	struct rx_ctx ctx = { .ethertype = WIRE_ETH_P_IPV6, .pkt_type = PACKET_HOST };
	struct rig r;

	/* bond_rcv_validate(): a slave that does not validate, under the
	 * filter values, counts "(slave_do_arp_validate_only(bond) && is_arp)
	 * || (slave_do_arp_validate_only(bond) && is_ipv6)"; IPv4 does not
	 * count.  (The frame itself is only read for ARP that validates.) */
	arp_rig(&r, 2, "mode=active-backup arp_interval=100 arp_ip_target=10.0.0.254 "
		"arp_validate=filter");
	rig_run(&r, MS(500));
	bond_slave(r.bond, 1)->last_rx = 7;
	bond_rcv_validate(r.bond, bond_slave(r.bond, 1), NULL, &ctx);
	cr_expect_eq(bond_slave(r.bond, 1)->last_rx, 500);
	bond_slave(r.bond, 1)->last_rx = 7;
	ctx.ethertype = WIRE_ETH_P_IP;
	bond_rcv_validate(r.bond, bond_slave(r.bond, 1), NULL, &ctx);
	cr_expect_eq(bond_slave(r.bond, 1)->last_rx, 7);
	rig_free(&r);
}

Test(bond_monitor, mii_down_again_during_updelay_and_taken_early)
{
	struct rig r;

	/* bond_miimon_inspect() prints what was waited, in ticks times
	 * miimon: "down again after (updelay - delay) * miimon"; and
	 * bond_change_active_slave() takes a slave still in updelay when
	 * nothing else is up, "(updelay - delay) * miimon ms earlier" */
	rig_build(&r, 2, "mode=active-backup miimon=100 updelay=300 primary=eth0");
	rig_run(&r, MS(1050));
	rig_cable(&r, 0, false);
	rig_run(&r, MS(1500));
	rig_cable(&r, 0, true);
	rig_run(&r, MS(1700));
	rig_cable(&r, 0, false);
	rig_run(&r, MS(2000));
	rig_cable(&r, 0, true);
	rig_run(&r, MS(2050));
	rig_cable(&r, 1, false);
	rig_run(&r, MS(2500));
	/* ticks every 104 ms: 1144, ..., 1560, 1664, 1768, ..., 2080 */
	rig_expect_log(&r, "bond0: (slave eth0): link status definitely down", MS(1144));
	rig_expect_log(&r, "bond0: (slave eth0): link status up, enabling it in 300 ms", MS(1560));
	/* counted down at 1560 and 1664: two ticks waited */
	rig_expect_log(&r, "bond0: (slave eth0): link status down again after 200 ms", MS(1768));
	cr_expect_eq(rig_log_at(&r, "bond0: (slave eth0): link status definitely down", MS(1200)),
		     MS(1768));
	cr_expect_eq(bond_slave(r.bond, 0)->link_failure_count, 2);
	/* 2080: eth0 back (one tick of three counted), eth1 gone: eth0 taken */
	cr_expect_eq(rig_log_at(&r, "bond0: (slave eth0): link status up, enabling it in 300 ms",
				MS(1600)), MS(2080));
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely down", MS(2080));
	rig_expect_log(&r, "bond0: (slave eth0): making interface the new active one 100 ms earlier",
		       MS(2080));
	cr_expect_eq(rig_log_count(&r, "active interface up!"), 1);	/* the one at open */
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	cr_expect_eq(bond_slave(r.bond, 0)->link, BOND_LINK_UP);
	cr_expect_eq(rig_log_count(&r, "(slave eth0): link status definitely up"), 1);
	rig_free(&r);
}

Test(bond_monitor, mii_updelay_in_802_3ad_waited_without_an_active_aggregator)
{
	struct rig r;

	/* bond_miimon_inspect() skips updelay outside active-backup only when
	 * "usable_slaves && usable_slaves->count == 0"; 802.3ad's
	 * bond_update_slave_arr() leaves no array at all (NULL) while
	 * bond_3ad_get_active_agg_info() fails.  At open no aggregator has
	 * been chosen yet (the 802.3ad work runs after the MII monitor's first
	 * pass): both slaves count updelay from 0, until the partnerless
	 * aggregator chosen at 0 makes the array empty: eth0 is up at the next
	 * tick (104), eth1 after its three ticks (312) */
	rig_build(&r, 2, "mode=802.3ad miimon=100 updelay=300");
	rig_run(&r, MS(1050));
	rig_expect_log(&r, "bond0: (slave eth0): link status definitely up, 1000 Mbps full duplex",
		       MS(104));
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely up, 1000 Mbps full duplex",
		       MS(312));
	/* every port disabled: bond_3ad_handle_link_change() finds no
	 * aggregator to make active, the array is gone, and a slave coming
	 * back waits its updelay: 2080, then three ticks */
	rig_cable(&r, 0, false);
	rig_cable(&r, 1, false);
	rig_run(&r, MS(2050));
	rig_expect_log(&r, "bond0: now running without any active interface!", MS(1144));
	cr_expect_not(r.bond->usable_built);
	rig_cable(&r, 0, true);
	rig_run(&r, MS(3000));
	rig_expect_log(&r, "bond0: (slave eth0): link status up, enabling it in 300 ms", MS(2080));
	cr_expect_eq(rig_log_at(&r, "bond0: (slave eth0): link status definitely up", MS(2000)),
		     MS(2392));
	rig_free(&r);
}
