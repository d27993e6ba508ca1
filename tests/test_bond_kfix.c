/*
 * test_bond_kfix.c - where bondsim used to differ from Linux 6.1 (issue 6),
 * to the tick: peer notification after a bond had no active slave, the
 * monitor's re-run two jiffies after bond_open(), the active_slave option,
 * per slave prio from a scenario, and unknown module parameters.
 *
 * The monitors run through the kernel's timer wheel: re-armed every 100
 * jiffies (miimon=100, HZ=1000) they are filed at 8-jiffy granularity and
 * rounded up, so the ticks of a bond opened at 0 fall at k * 104 ms.
 */
#include <glib/gstdio.h>
#include "bond_rig.h"
#include "report.h"
#include "world.h"

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
	/* the first tick after the pull at 1050 ms: 11 * 104 ms */
	rig_expect_log(&r, "bond0: (slave eth1): making interface the new active one", MS(1144));
	cr_assert_eq(r.garps->len, 1);
	cr_expect_eq(g_array_index(r.garps, struct rig_garp, 0).at, MS(1144) + garp_delay(&r));
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
	/* the tick after the pulls: 11 * 104 ms */
	rig_expect_log(&r, "bond0: now running without any active interface!", MS(1144));
	g_array_set_size(r.garps, 0);
	r.bond->peer_notifications = 0;

	rig_cable(&r, 1, true);
	/* the comeback tick, the first after 2050 ms (20 * 104 ms): the count
	 * is set, but the bond has no carrier yet */
	rig_run(&r, MS(2080));
	cr_expect_eq(rig_log_at(&r, "bond0: (slave eth1): making interface the new active one",
				MS(2000)), MS(2080));
	cr_expect_eq(rig_log_at(&r, "bond0: active interface up!", MS(2000)), MS(2080));
	cr_expect(r.bond->dev.carrier);
	cr_expect_eq(r.bond->send_peer_notif, 0, "the tick took it off");
	/* and at the ticks after (every 104 ms) */
	for (int t = 2184; t <= 3016; t += 104) {
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
	/* the RTNL retry: 1 jiffy of delay, rounded up by the timer wheel's
	 * level 0 to 2 jiffies */
	rig_run(&r, MS(1));
	cr_expect_eq(rig_log_count(&r, "definitely up"), 0, "no re-run at 1 jiffy");
	rig_run(&r, MS(2));
	cr_expect_eq(rig_log_count(&r, "definitely up"), 1, "re-run at 2 jiffies");
	rig_run(&r, MS(500));
	rig_expect_log(&r, "bond0: (slave eth0): link status definitely up, 1000 Mbps full duplex",
		       MS(2));
	rig_expect_log(&r, "bond0: (slave eth0): making interface the new active one", MS(2));
	rig_expect_log(&r, "bond0: active interface up!", MS(2));
	/* the next tick: 2 + 100 jiffies, up to the 8-jiffy boundary 104 */
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely up, 1000 Mbps full duplex",
		       MS(104));
	cr_expect_eq(rig_log_count(&r, "definitely up"), 2);
	rig_free(&r);
}

Test(bond_kfix, primary_takes_over_at_the_second_tick)
{
	struct rig r;

	rig_build(&r, 2, "mode=active-backup miimon=100 updelay=200 primary=eth1");
	rig_run(&r, MS(500));
	/* the re-run at 2 jiffies, then the tick at 2 + 100 rounded up to 104 */
	rig_expect_log(&r, "bond0: (slave eth0): making interface the new active one", MS(2));
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely up, 1000 Mbps full duplex",
		       MS(104));
	rig_expect_log(&r, "bond0: (slave eth1): making interface the new active one", MS(104));
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 1));
	cr_assert_eq(r.active_evs->len, 2);
	cr_expect_eq(g_array_index(r.active_evs, struct rig_active_ev, 0).at, MS(2));
	cr_expect_eq(g_array_index(r.active_evs, struct rig_active_ev, 1).at, MS(104));
	rig_free(&r);
}

Test(bond_kfix, the_re_run_is_two_jiffies_of_the_bonds_hz)
{
	struct rig r;

	/* HZ=250: a jiffy is 4 ms, msecs_to_jiffies(100) = 25 jiffies; both
	 * delays are below 63 jiffies (the timer wheel's level 0), which
	 * still adds one: the re-run 1 + 1 = 2 jiffies (8 ms) after the open,
	 * then every 25 + 1 = 26 jiffies (104 ms) */
	rig_init(&r, 2, "mode=active-backup miimon=100 updelay=200");
	r.bond->hz = 250;
	rig_enslave_all(&r);
	bond_open(r.bond);
	rig_run(&r, MS(7));
	cr_expect_eq(rig_log_count(&r, "definitely up"), 0);
	rig_run(&r, MS(500));
	rig_expect_log(&r, "bond0: (slave eth0): link status definitely up", MS(8));
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely up", MS(112));
	/* and the ticks stay there: 112 + k * 104 ms, the first after the
	 * pull at 500 ms is 528 */
	rig_cable(&r, 1, false);
	rig_run(&r, MS(1000));
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely down", MS(528));
	rig_free(&r);
}

Test(bond_kfix, nothing_to_commit_at_open_no_re_run)
{
	struct rig r;

	/* without updelay the slaves are up at enslave: the first pass has
	 * nothing to commit, needs no RTNL, and the ticks stay at k * 104 ms
	 * (100 jiffies up to the next 8-jiffy boundary) */
	rig_build(&r, 2, "mode=active-backup miimon=100");
	rig_run(&r, MS(50));
	rig_cable(&r, 1, false);
	rig_run(&r, MS(500));
	rig_expect_log(&r, "bond0: (slave eth1): link status definitely down", MS(104));
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
	/* committed down at the tick of 1144 ms (11 * 104) */
	rig_run(&r, MS(1150));
	cr_expect_not(bond_set_active_slave(r.bond, "eth2", &r.nic[2]->dev, &err));
	cr_expect_str_eq(last_line(&r, 1), "bond0: (slave eth2): Could not set as active slave; "
			 "either eth2 is down or the link is down");
	cr_expect_str_eq(last_line(&r, 0), "bond0: option active_slave: invalid value (eth2)");
	cr_expect_eq(err->code, BOND_OPT_ERROR_INVALID);
	g_clear_error(&err);
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 0));

	/* carrier back but not yet committed by the monitor: still refused;
	 * committed up at the next tick, 1248 ms (12 * 104) */
	rig_cable(&r, 2, true);
	cr_expect_not(bond_set_active_slave(r.bond, "eth2", &r.nic[2]->dev, NULL));
	rig_run(&r, MS(1248));
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
	cr_assert(bond_enslave(other, &other_slave->dev, NULL));

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

/* --- 3. prio and active_slave from a scenario --------------------------- */

/* Load @text as a scenario and run it (NULL and *err set if refused). */
static struct world *world_text(const char *text, GError **err)
{
	char *path = NULL;
	int fd = g_file_open_tmp("bondsim-kfix-XXXXXX.ini", &path, NULL);
	struct world_options opt = { 0 };
	struct world *w;

	cr_assert(fd >= 0);
	close(fd);
	cr_assert(g_file_set_contents(path, text, -1, NULL));
	w = world_load(path, &opt, err);
	g_unlink(path);
	g_free(path);
	if (w)
		world_run(w);
	return w;
}

static struct sim_log *server_log(struct world *w)
{
	return host_log(world_find_host(w, "server")->host);
}

/* "at_ms:slave" of every "making interface the new active one", in order. */
static char *active_changes(struct world *w)
{
	struct sim_log *log = server_log(w);
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < log->lines->len; i++) {
		const struct sim_log_line *l = &g_array_index(log->lines, struct sim_log_line, i);
		const char *p = strstr(l->text, "(slave ");

		if (!p || !strstr(l->text, "making interface the new active one"))
			continue;
		g_string_append_printf(s, "%s%" G_GINT64_FORMAT ":%.4s", s->len ? " " : "",
				       (gint64)(l->at / SIM_MS), p + 7);
	}
	return g_string_free(s, FALSE);
}

static int log_count(struct world *w, const char *text)
{
	struct sim_log *log = server_log(w);
	int n = 0;

	for (guint i = 0; i < log->lines->len; i++)
		if (strstr(g_array_index(log->lines, struct sim_log_line, i).text, text))
			n++;
	return n;
}

#define PRIO_WORLD(reselect, faults)                                                    \
	"[sim]\nduration = 8s\n"                                                        \
	"[switch sw1]\nports = Gi0/1-4\n"                                                \
	"[host server]\nnics = eth0 eth1 eth2\nbond bond0 = eth0 eth1 eth2\n"             \
	"options bond0 = mode=active-backup miimon=100 primary=eth1 primary_reselect="     \
	reselect "\n"                                                                    \
	"prio eth0 = 0\nprio eth1 = 10\nprio eth2 = 11\nip bond0 = 10.0.0.1/24\n"          \
	"open_at bond0 = 0s\n" /* MII ticks at k * 104 ms: a fault shows at the next */ \
	"[host client]\nip = 10.0.0.2/24\n"                                              \
	"[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\n"                     \
	"server.eth2 = sw1.Gi0/3\nclient.eth0 = sw1.Gi0/4\n"                              \
	"[faults]\n"                                                                     \
	"1.05s link server.eth1 down\n2.05s link server.eth2 down\n"                      \
	"3.05s link server.eth2 up\n4.05s link server.eth1 up\n" faults

/* bond_options.sh prio_test, miimon: the active slave after each step. */
Test(bond_kfix, selftest_prio_matrix_reselect_always)
{
	GError *err = NULL;
	struct world *w = world_text(PRIO_WORLD("always",
		"5s prio server.eth0 1000000\n5s prio server.eth1 0\n5s prio server.eth2 -50\n"
		"5.05s link server.eth1 down\n"), &err);
	g_autofree char *seq = NULL;

	cr_assert_not_null(w, "%s", err ? err->message : "");
	seq = active_changes(w);
	/* enslave: eth0, then the primary; eth1 down: the highest prio (eth2);
	 * eth2 down: eth0; eth2 back: eth2 (always); eth1 back: the primary;
	 * prio changed while a primary is set: only warned; eth1 down: eth0.
	 * Each at the first tick (k * 104 ms) after its fault at x.05 s: 11,
	 * 20, 30, 39 and 49 ticks */
	cr_expect_str_eq(seq, "0:eth0 0:eth1 1144:eth2 2080:eth0 3120:eth2 4056:eth1 5096:eth0");
	cr_expect_eq(log_count(w, "prio updated, but will not affect failover re-selection as "
			       "primary slave have been set"), 6);
	cr_expect_eq(world_find_bond(world_find_host(w, "server"), "bond0")->curr_active->prio,
		     1000000);
	world_free(w);
}

Test(bond_kfix, selftest_prio_matrix_reselect_better)
{
	GError *err = NULL;
	struct world *w = world_text(PRIO_WORLD("better", ""), &err);
	g_autofree char *seq = NULL;

	cr_assert_not_null(w, "%s", err ? err->message : "");
	seq = active_changes(w);
	/* same speed and duplex: neither eth2 nor the primary is better (the
	 * ticks after 1.05 and 2.05 s: 11 and 20 * 104 ms) */
	cr_expect_str_eq(seq, "0:eth0 0:eth1 1144:eth2 2080:eth0");
	world_free(w);
}

Test(bond_kfix, selftest_prio_matrix_reselect_failure)
{
	GError *err = NULL;
	struct world *w = world_text(PRIO_WORLD("failure", "5.05s link server.eth0 down\n"), &err);
	g_autofree char *seq = NULL;

	cr_assert_not_null(w, "%s", err ? err->message : "");
	seq = active_changes(w);
	/* eth0 stays until it fails itself; then the primary (the ticks after
	 * 1.05, 2.05 and 5.05 s: 11, 20 and 49 * 104 ms) */
	cr_expect_str_eq(seq, "0:eth0 0:eth1 1144:eth2 2080:eth0 5096:eth1");
	world_free(w);
}

Test(bond_kfix, scripted_active_slave_set_refused_and_cleared)
{
	GError *err = NULL;
	struct world *w = world_text(PRIO_WORLD("always",
		"5s prio server.eth0 1000000\n5.05s link server.eth1 down\n"
		"6s active_slave server.bond0 eth2\n6.5s active_slave server.bond0 eth1\n"
		"7s active_slave server.bond0 \"\"\n"), &err);
	g_autofree char *seq = NULL;
	struct sim_log *log;

	cr_assert_not_null(w, "%s", err ? err->message : "");
	seq = active_changes(w);
	/* the faults at the ticks after them (11, 20, 30, 39, 49 * 104 ms);
	 * 6 s: eth2 at once; 6.5 s: eth1 is down, refused; 7 s: cleared, and
	 * the choice again is the highest prio, eth0 */
	cr_expect_str_eq(seq, "0:eth0 0:eth1 1144:eth2 2080:eth0 3120:eth2 4056:eth1 5096:eth0 "
			 "6000:eth2 7000:eth0");
	log = server_log(w);
	for (guint i = 0; i < log->lines->len; i++) {
		const struct sim_log_line *l = &g_array_index(log->lines, struct sim_log_line, i);

		if (!strstr(l->text, "Could not set"))
			continue;
		cr_expect_eq(l->at, 6500 * SIM_MS);
		cr_expect_str_eq(l->text, "bond0: (slave eth1): Could not set as active slave; "
				 "either eth1 is down or the link is down");
		cr_assert_lt(i + 1, log->lines->len);
		cr_expect_str_eq(g_array_index(log->lines, struct sim_log_line, i + 1).text,
				 "bond0: option active_slave: invalid value (eth1)");
	}
	cr_expect_eq(log_count(w, "Could not set"), 1);
	world_free(w);
}

Test(bond_kfix, scenario_prio_without_primary_reselects_at_load)
{
	GError *err = NULL;
	struct world *w = world_text(
		"[sim]\nduration = 1s\n[switch sw1]\nports = Gi0/1-3\n"
		"[host server]\nnics = eth0 eth1 eth2\nbond bond0 = eth0 eth1 eth2\n"
		"options bond0 = mode=1 miimon=100\nprio eth2 = -1\nprio eth1 = 7\n"
		"[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\n"
		"server.eth2 = sw1.Gi0/3\n", &err);
	g_autofree char *seq = NULL;

	cr_assert_not_null(w, "%s", err ? err->message : "");
	seq = active_changes(w);
	/* set after the enslaving, in enslave order: eth1's 7 wins at once */
	cr_expect_str_eq(seq, "0:eth0 0:eth1");
	world_free(w);
}

/* The loader's refusals: file:line and what to write. */
static void expect_refused(const char *text, const char *want)
{
	GError *err = NULL;
	struct world *w = world_text(text, &err);

	cr_assert_null(w, "loaded");
	cr_expect(strstr(err->message, want), "error: %s\nwant: %s", err->message, want);
	g_error_free(err);
}

#define SMALL_WORLD(opts, extra, faults)                                                \
	"[sim]\nduration = 9s\n[switch sw1]\nports = Gi0/1-3\n"                          \
	"[host server]\nnics = eth0 eth1 eth2\nbond bond0 = eth0 eth1\n"                  \
	"options bond0 = " opts "\n" extra                                                \
	"[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\n"                     \
	"server.eth2 = sw1.Gi0/3\n[faults]\n" faults

Test(bond_kfix, scenario_refuses_bad_prio_and_active_slave_lines)
{
	expect_refused(SMALL_WORLD("mode=1 miimon=100", "prio eth2 = 5\n", ""),
		       ":9: eth2 is not a bond slave: prio is a slave's setting");
	expect_refused(SMALL_WORLD("mode=1 miimon=100", "prio eth1 = 1e3\n", ""),
		       ":9: prio: '1e3' is not a whole number from -2147483648 to 2147483647");
	expect_refused(SMALL_WORLD("mode=1 miimon=100", "prio eht1 = 5\n", ""),
		       ":9: unknown NIC 'eht1' (did you mean 'eth1'?)");
	expect_refused(SMALL_WORLD("mode=0 miimon=100", "prio eth1 = 5\n", ""),
		       ":9: option prio: mode dependency failed, not supported in mode "
		       "balance-rr(0)");
	expect_refused(SMALL_WORLD("mode=1 miimon=100", "", "1s active_slave server.bond1 eth1\n"),
		       ":14: 'server.bond1' is not a bond");
	expect_refused(SMALL_WORLD("mode=1 miimon=100", "", "1s active_slave server.bond0\n"),
		       ":14: active_slave needs a slave");
	expect_refused(SMALL_WORLD("mode=1 miimon=100", "", "1s active_slave server.bond0 eth7\n"),
		       ":14: unknown NIC of host server 'eth7'");
	expect_refused(SMALL_WORLD("mode=1 miimon=100", "", "1s prio server.eth2 3\n"),
		       ":14: 'server.eth2' is not a bond slave");
	expect_refused(SMALL_WORLD("mode=1 miimon=100", "", "1s prio server.eth1 x\n"),
		       ":14: prio: 'x' is not a whole number");
	expect_refused(SMALL_WORLD("mode=1 miimon=100", "", "1s prio server.eth1 3 4\n"),
		       ":14: unexpected '4' after '3'");
}

Test(bond_kfix, scripted_commands_refused_by_the_kernel_are_logged)
{
	GError *err = NULL;
	struct world *w = world_text(SMALL_WORLD("mode=balance-xor miimon=100", "",
		"1s active_slave server.bond0 eth1\n1s prio server.eth1 3\n"
		"2s active_slave server.bond0 eth2\n"), &err);
	struct sim_log *log;
	const char *want[] = {
		"bond0: option active_slave: mode dependency failed, not supported in mode "
		"balance-xor(2)",
		"bond0: option prio: mode dependency failed, not supported in mode balance-xor(2)",
		"bond0: option active_slave: mode dependency failed, not supported in mode "
		"balance-xor(2)",
	};
	guint k = 0;

	cr_assert_not_null(w, "%s", err ? err->message : "");
	log = server_log(w);
	for (guint i = 0; i < log->lines->len; i++) {
		const struct sim_log_line *l = &g_array_index(log->lines, struct sim_log_line, i);

		if (!strstr(l->text, "option "))
			continue;
		cr_assert_lt(k, G_N_ELEMENTS(want));
		cr_expect_str_eq(l->text, want[k]);
		cr_expect_eq(l->at, (k < 2 ? 1000 : 2000) * SIM_MS);
		k++;
	}
	cr_expect_eq(k, 3u);
	world_free(w);
}

Test(bond_kfix, proc_dump_shows_no_prio)
{
	struct rig r;
	GString *out = g_string_new(NULL);

	/* 6.1's bond_info_show_slave() has no prio line (a 2024 patch adding
	 * "Slave prio: N" was dropped: rtnetlink shows it); each slave block
	 * still ends at "Slave queue ID" */
	rig_build(&r, 2, "mode=active-backup miimon=100");
	cr_assert(bond_set_slave_prio(r.bond, bond_slave(r.bond, 1), 42, NULL));
	bond_proc_dump(r.bond, out);
	cr_expect_null(strstr(out->str, "prio"), "%s", out->str);
	cr_expect_null(strstr(out->str, "42"), "%s", out->str);
	cr_expect(g_str_has_suffix(out->str, "Permanent HW addr: 52:54:00:00:00:11\n"
				   "Slave queue ID: 0\n"), "%s", out->str);
	g_string_free(out, TRUE);
	rig_free(&r);
}

/* --- 4. unknown module parameters --------------------------------------- */

Test(bond_kfix, modprobe_unknown_parameter_is_logged_and_ignored)
{
	GError *err = NULL;
	struct world *w = world_text(
		"[sim]\nduration = 1s\n[switch sw1]\nports = Gi0/1-2\n"
		"[host server]\nnics = eth0 eth1\n"
		"modprobe.d =\n"
		"    alias bond0 bonding\n"
		"    options bonding mode=active-backup miimon=100 peer_notif_delay=200\n"
		"    options bonding num_grat_arps=3\n"
		"bond bond0 = eth0 eth1\n"
		"[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\n", &err);
	struct sim_log *log;
	struct bond *b;
	GPtrArray *notes;
	g_autofree char *guess = NULL;
	const char *want[] = {
		"bonding: unknown parameter 'peer_notif_delay' ignored",
		"bonding: unknown parameter 'num_grat_arps' ignored",
	};

	cr_assert_not_null(w, "%s", err ? err->message : "");
	/* the kernel's lines as it prints them; bondsim's guess among the host's notes */
	log = server_log(w);
	cr_assert_geq(log->lines->len, G_N_ELEMENTS(want));
	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		const struct sim_log_line *l = &g_array_index(log->lines, struct sim_log_line, i);

		cr_expect_eq(l->at, 0);
		cr_expect_str_eq(l->text, want[i]);
	}
	notes = world_find_host(w, "server")->notes;
	guess = g_strdup_printf("%s:10: 'num_grat_arps' is no bonding parameter: did you mean "
				"'num_grat_arp'?", w->file);
	cr_assert_eq(notes->len, 1u);
	cr_expect_str_eq(notes->pdata[0], guess);
	/* the report: bondsim's note in a block of its own, before the kernel's lines */
	{
		g_autoptr(GString) out = g_string_new(NULL);
		g_autofree char *blocks = g_strdup_printf(
			"  configuration notes (how bondsim read the files; not in the kernel log):\n"
			"    %s\n"
			"  kernel log:\n"
			"    [    0.000000] bonding: unknown parameter 'peer_notif_delay' ignored\n",
			guess);

		report_text_host(w, world_find_host(w, "server"), out);
		cr_expect_not_null(strstr(out->str, blocks), "%s", out->str);
	}
	/* loaded with the rest */
	b = world_find_bond(world_find_host(w, "server"), "bond0");
	cr_expect_eq(b->params.mode, BOND_MODE_ACTIVEBACKUP);
	cr_expect_eq(b->params.miimon, 100);
	cr_expect_eq(b->params.peer_notif_delay, 0);
	cr_expect_eq(b->params.num_peer_notif, 1);
	world_free(w);
}

Test(bond_kfix, scenario_options_key_still_refuses_a_typo)
{
	expect_refused(SMALL_WORLD("mode=1 miimom=100", "", ""),
		       ":8: unknown option 'miimom' (did you mean 'miimon'?); "
		       "'bondsim options' lists the valid ones");
}
