/*
 * test_report_lacp.c - 802.3ad in the report: negotiation times, why and when
 * a port left the aggregator, exact to the tick.
 *
 * The worlds pin both bonds' opens, a at 0 s and b at 50 ms, whatever the
 * seed.  A bond's work re-armed 100 jiffies on lands on the next 8 ms
 * boundary after (the timer wheel's rounding), then every 104 ms: a's LACP
 * tick n falls at n x 104 ms, b's at 50 ms, then 152 ms + (n - 1) x 104 ms,
 * 48 ms after a's.
 */
#include <criterion/criterion.h>
#include <glib/gstdio.h>
#include <math.h>
#include "world.h"
#include "report.h"
#include "runs.h"
#include "watch.h"
#include "ini_tmp.h"

static struct world *run_text(const char *text, struct metrics *m)
{
	char *path = ini_tmp(text);
	struct world_options opt = { .seed_set = true, .seed = 1 };
	GError *err = NULL;
	struct world *w;

	w = world_load(path, &opt, &err);
	cr_assert_not_null(w, "%s", err ? err->message : "");
	g_unlink(path);
	g_free(path);
	world_run(w);
	metrics_init(m);
	world_metrics(w, m);
	return w;
}

static double val(const struct metrics *m, const char *name)
{
	const struct metric *x = metrics_find(m, name);

	cr_assert_not_null(x, "no metric %s", name);
	return x->value;
}

static void has_text(struct world *w, const struct metrics *m, const char *want)
{
	GString *out = g_string_new(NULL);

	report_text(w, m, out);
	cr_assert(strstr(out->str, want), "want \"%s\" in:\n%s", want, out->str);
	g_string_free(out, TRUE);
}

static void lacks_text(struct world *w, const struct metrics *m, const char *unwanted)
{
	GString *out = g_string_new(NULL);

	report_text(w, m, out);
	cr_assert_null(strstr(out->str, unwanted), "\"%s\" not wanted in:\n%s", unwanted, out->str);
	g_string_free(out, TRUE);
}

/* Two 802.3ad bonds back to back, lacp_rate RATE, then FLOWS and [faults]. */
#define PAIR_WITH(duration, rate, flows, faults) \
	"[sim]\nduration = " duration "\n" \
	"[host a]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\nopen_at bond0 = 0s\n" \
	"options bond0 = mode=802.3ad lacp_rate=" rate " miimon=100 xmit_hash_policy=layer3+4\n" \
	"ip bond0 = 10.0.0.1/24\n" \
	"[host b]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\nopen_at bond0 = 50ms\n" \
	"options bond0 = mode=802.3ad lacp_rate=" rate " miimon=100 xmit_hash_policy=layer3+4\n" \
	"ip bond0 = 10.0.0.2/24\n" \
	"[links]\na.eth0 = b.eth0\na.eth1 = b.eth1\n" flows "[faults]\n" faults
/* ... with one flow a -> b from 4 s, 12.2 packets a second, that layer3+4 hashes onto eth1 */
#define PAIR(duration, rate, faults) \
	PAIR_WITH(duration, rate, \
		  "[flow f1]\nfrom = a\nto = b\nstart = 4s\nrate = 100k\nsize = 1000\n" \
		  "sport = 20001\ndport = 5001\n", faults)

Test(report_lacp, state_in_hex_and_bits)
{
	char b[96];

	cr_assert_str_eq(report_lacp_state(0x3f, b, sizeof(b)),
			 "0x3f (Activity,Timeout,Aggregation,Sync,Collecting,Distributing)");
	cr_assert_str_eq(report_lacp_state(0x3d, b, sizeof(b)),
			 "0x3d (Activity,Aggregation,Sync,Collecting,Distributing)");
	cr_assert_str_eq(report_lacp_state(0xc7, b, sizeof(b)),
			 "0xc7 (Activity,Timeout,Aggregation,Defaulted,Expired)");
	cr_assert_str_eq(report_lacp_state(0, b, sizeof(b)), "0x00 (none)");
}

/*
 * The negotiation, tick by tick (the LACPDUs as tshark shows them in the
 * capture of this world):
 *   0.208  a's first LACPDU (tx machine: once every 3 ticks), DEFAULTED;
 *   0.208  b hears it: CURRENT; 0.256 b's tick selects, mux WAITING (20 ticks);
 *   0.256  b's first LACPDU; a hears it: CURRENT; 0.312 a WAITING;
 *   2.336  b's wait ends: ATTACHED, Sync, but a is not in sync yet;
 *   2.392  a's wait ends: ATTACHED, its LACPDU says Sync (0x0f);
 *   2.440  b's tick: partner in sync -> COLLECTING_DISTRIBUTING (0x3f),
 *          2.390 s after b opened; its LACPDU tells a;
 *   2.496  a's tick: COLLECTING_DISTRIBUTING, 2.496 s after a opened.
 * Both ports of a bond move together (one aggregator, Ready for both).
 */
Test(report_lacp, negotiation_ms_back_to_back)
{
	struct metrics m;
	struct world *w = run_text(PAIR_WITH("3s", "fast", "", ""), &m);

	cr_assert_eq(val(&m, "a.bond0.lacp.cd_ms"), 2496);
	cr_assert_eq(val(&m, "a.bond0.lacp.all_cd_ms"), 2496);
	cr_assert_eq(val(&m, "b.bond0.lacp.cd_ms"), 2390);
	cr_assert_eq(val(&m, "b.bond0.lacp.all_cd_ms"), 2390);
	cr_assert_eq(val(&m, "a.bond0.eth0.lacp.cd_ms"), 2496);
	cr_assert_eq(val(&m, "a.bond0.eth1.lacp.cd_ms"), 2496);
	cr_assert_eq(val(&m, "b.bond0.eth1.lacp.cd_ms"), 2390);
	cr_assert_eq(val(&m, "a.bond0.eth1.lacp.rejoin_ms"), -1);
	cr_assert_eq(val(&m, "a.bond0.lacp.distributing"), 2);
	cr_assert_eq(val(&m, "a.bond0.eth0.lacp.aggregator"), 1);
	cr_assert_eq(val(&m, "a.bond0.eth1.lacp.aggregator"), 1);
	cr_assert_eq(val(&m, "a.bond0.eth0.lacp.actor_state"), 0x3f);
	cr_assert_eq(val(&m, "a.bond0.eth0.lacp.partner_state"), 0x3f);
	/* 3 s of LACP on a port: 5 LACPDUs from a, 4 from b (at most one per 3 ticks) */
	cr_assert_eq(val(&m, "a.bond0.eth0.lacp.pdu_tx"), 5);
	cr_assert_eq(val(&m, "a.bond0.eth0.lacp.pdu_rx"), 4);
	cr_assert_eq(val(&m, "b.bond0.eth0.lacp.pdu_tx"), 4);
	cr_assert_eq(val(&m, "b.bond0.eth0.lacp.pdu_rx"), 5);
	cr_assert_eq(val(&m, "a.bond0.eth0.lacp.joined"), 1);
	cr_assert_eq(val(&m, "a.bond0.eth0.lacp.left"), 0);
	has_text(w, &m, "  a.bond0: lacp_rate fast, opened at 0s; first port collecting+distributing "
			"2.496 s after, all 2 ports 2.496 s after\n"
			"    eth0: aggregator 1, collecting+distributing, LACPDUs rx 4 tx 5, "
			"left the aggregator 0 times\n"
			"      actor   0x3f (Activity,Timeout,Aggregation,Sync,Collecting,Distributing)\n");
	has_text(w, &m, "      2.440000 s  collecting+distributing, 2.390 s after the bond opened\n");
	metrics_fini(&m);
	world_free(w);
}

/* 802.3ad has no active slave (sysfs active_slave is empty, /proc names
 * none): the bond's summary line names none either. */
Test(report_lacp, summary_line_names_no_active_slave)
{
	struct metrics m;
	struct world *w = run_text(PAIR_WITH("3s", "fast", "", ""), &m);

	has_text(w, &m, "  bond0: mode 802.3ad, miimon 100 ms, 2 slaves, opened at 0s (pinned by "
			"open_at)\n");
	lacks_text(w, &m, "slaves, active");
	metrics_fini(&m);
	world_free(w);
}

/* The shipped scenario with its seed: a opens at 94 ms, b at 68 ms. */
Test(report_lacp, negotiation_ms_of_the_back_to_back_scenario)
{
	struct world_options opt = { .seed_set = true, .seed = 1 };
	GError *err = NULL;
	struct world *w = world_load("scenarios/mode4_lacp_back_to_back.ini", &opt, &err);
	struct metrics m;

	cr_assert_not_null(w, "%s", err ? err->message : "");
	world_run(w);
	metrics_init(&m);
	world_metrics(w, &m);
	cr_assert_eq(val(&m, "a.bond0.open_at_ms"), 94);
	cr_assert_eq(val(&m, "b.bond0.open_at_ms"), 68);
	/* a ticks at 94 ms, then 200 ms + k x 104 ms; b at 68 ms, then 176 ms + k x 104 ms */
	cr_assert_eq(val(&m, "a.bond0.lacp.cd_ms"), 2394);	/* a's tick 23, 2.488 s */
	cr_assert_eq(val(&m, "b.bond0.lacp.cd_ms"), 2500);	/* b's tick 24, 2.568 s */
	/* the pull at 5 s: the port leaves on the tick of the MII commit */
	cr_assert_eq(val(&m, "a.bond0.eth1.lacp.left_carrier"), 1);
	cr_assert_eq(val(&m, "b.bond0.eth1.lacp.left_carrier"), 1);
	cr_assert_eq(val(&m, "failover.1.lacp.a.bond0.eth1.cd_change_ms"), 88);	/* 5.088 s */
	cr_assert_eq(val(&m, "failover.1.lacp.b.bond0.eth1.cd_change_ms"), 64);	/* 5.064 s */
	cr_assert_eq(val(&m, "failover.1.lacp.a.bond0.eth0.cd_change_ms"), -1);
	cr_assert_eq(val(&m, "a.bond0.eth1.lacp.distributing"), 0);
	cr_assert_eq(val(&m, "a.bond0.lacp.distributing"), 1);
	metrics_fini(&m);
	world_free(w);
}

/*
 * A one-way silent failure, fast rate.  a's LACPDUs on eth1 leave at its
 * ticks 80, 92, 101 ...: 8.32, 9.568, 10.504 s; the black hole opens at
 * 10 s, so the last one b hears is 9.568's.  It restarts b's
 * current_while: 30 ticks of b's clock, the first at 9.616, the 30th at
 * 12.632: b's port EXPIRED, partner out of sync, it leaves the aggregator
 * 3.064 s after that LACPDU and 2.632 s after the fault: "3 s" (30 ticks,
 * 3.12 s) less what had already run of it at the fault.  a still hears
 * b, and b's port still claims Sync while EXPIRED; only 30 ticks later
 * (15.752, DEFAULTED, unselected) does b's LACPDU drop Sync, and a leaves
 * on its tick of 15.912, 5.912 s after the fault.  f1 (hashed onto eth1)
 * loses everything it sends from 10 s until then.
 */
Test(report_lacp, blackhole_fast_one_way_exact_detection)
{
	struct metrics m;
	struct world *w = run_text(PAIR("17s", "fast", "10s blackhole a.eth1 tx\n"), &m);

	cr_assert_eq(val(&m, "failover.1.lacp.b.bond0.eth1.cd_change_ms"), 2632);
	cr_assert_eq(val(&m, "failover.1.lacp.a.bond0.eth1.cd_change_ms"), 5912);
	cr_assert_eq(val(&m, "failover.1.lacp.a.bond0.eth0.cd_change_ms"), -1);
	cr_assert_eq(val(&m, "b.bond0.eth1.lacp.left_timeout"), 1);
	cr_assert_eq(val(&m, "b.bond0.eth1.lacp.left_out_of_sync"), 0);
	cr_assert_eq(val(&m, "a.bond0.eth1.lacp.left_out_of_sync"), 1);
	cr_assert_eq(val(&m, "a.bond0.eth1.lacp.left_timeout"), 0);
	cr_assert_eq(val(&m, "a.bond0.eth1.lacp.left"), 1);
	/* the bond never saw a carrier change */
	cr_assert_eq(val(&m, "failover.1.bond.a.bond0.slave_change_ms"), -1);
	/* 12.2 packets a second: seq 73 (9.92 s) was the last through; seqs 74
	 * to 145 (15.84 s), the last sent before 15.912 s, lost: 72 */
	cr_assert_eq(val(&m, "failover.1.flow.f1.lost"), 72);
	cr_assert_eq(val(&m, "flow.f1.lost"), 72);
	has_text(w, &m, "      b.bond0 eth1 left the aggregator 2.632 s after the fault (short LACP "
			"timeout: 3 s without a LACPDU): its traffic moved to the 1 port still in it\n"
			"      a.bond0 eth1 left the aggregator 5.912 s after the fault (partner out of "
			"sync): its traffic moved to the 1 port still in it\n"
			"      meanwhile: flow f1 lost 72 packets in a 6.004 s outage\n");
	has_text(w, &m, "     12.632000 s  left the aggregator (short LACP timeout: 3 s without a "
			"LACPDU): 1 of 2 ports still distributing\n");
	/* failover.csv, which gnuplot reads too: the reason is no extra field */
	GString *csv = g_string_new(NULL);
	char **lines;

	failover_write_csv(w, csv);
	cr_assert(strstr(csv->str, ",lacp,b.bond0.eth1,left aggregator,12.632000,2632.000,,,"
				   "short LACP timeout: 3 s without a LACPDU; 1 of 2 ports distributing,"),
		  "%s", csv->str);
	lines = g_strsplit(csv->str, "\n", -1);
	for (int i = 0; lines[i] && lines[i][0]; i++) {
		int fields = 1;

		for (const char *c = lines[i]; *c; c++)
			fields += *c == ',';
		cr_assert_eq(fields, 11, "%s", lines[i]);
	}
	g_strfreev(lines);
	g_string_free(csv, TRUE);
	metrics_fini(&m);
	world_free(w);
}

/*
 * Both ways: each side times out on its own clock, 30 ticks after the last
 * LACPDU it heard: b on its 30th tick from 9.616 s (12.632), a on its 30th
 * from 9.672 s (12.688).
 */
/*
 * min_links=2: a port leaving takes the bond's carrier with it, and the
 * plain words say so instead of moving its traffic to the port left; a
 * flow that gets nothing through after the fault is named, and a fault
 * with no flow running says that rather than an empty "meanwhile:".
 */
#define MIN_LINKS_PAIR(flow_start, faults) \
	"[sim]\nduration = 4s\n" \
	"[host a]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\nopen_at bond0 = 0s\n" \
	"options bond0 = mode=802.3ad lacp_rate=fast miimon=100 min_links=2\n" \
	"ip bond0 = 10.0.0.1/24\n" \
	"[host b]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\nopen_at bond0 = 50ms\n" \
	"options bond0 = mode=802.3ad lacp_rate=fast miimon=100 min_links=2\n" \
	"ip bond0 = 10.0.0.2/24\n" \
	"[links]\na.eth0 = b.eth0\na.eth1 = b.eth1\n" \
	"[flow f1]\nfrom = a\nto = b\nstart = " flow_start "\nrate = 100k\nsize = 1000\n" \
	"[faults]\n" faults

Test(report_lacp, below_min_links_the_bond_sends_nothing)
{
	struct metrics m;
	struct world *w = run_text(MIN_LINKS_PAIR("2.6s", "3s link a.eth0 down\n"), &m);

	cr_assert_eq(val(&m, "a.bond0.carrier"), 0);
	has_text(w, &m, "      a.bond0 eth0 left the aggregator 0.016 s after the fault (carrier): "
			"1 port still in it, fewer than min_links 2: the bond lost carrier and "
			"sends nothing\n");
	/*
	 * One packet, on the wire before the bond noticed, arrived at 3.011 s;
	 * then nothing: not "no gap", but a flow that never recovered.
	 */
	cr_assert_eq(val(&m, "flow.f1.lost"), 12);
	cr_assert_eq(val(&m, "failover.1.flow.f1.first_rx_ms"), -1);
	has_text(w, &m, "delivery stopped at 3.011209 s and never resumed: nothing from seq 6 on\n");
	has_text(w, &m, "      meanwhile: flow f1 never recovered (0.989 s without a delivery)\n");
	/* its row: the time left in the window is a lower bound of the outage */
	has_text(w, &m, "first delivery                never            -  >=988.790       -  "
			"delivery stopped at 3.011209 s");
	metrics_fini(&m);
	world_free(w);
	w = run_text(MIN_LINKS_PAIR("3.5s", "3s link a.eth0 down\n"), &m);
	has_text(w, &m, "      meanwhile: no flow was running\n");
	metrics_fini(&m);
	world_free(w);
	w = run_text(MIN_LINKS_PAIR("2.6s", "3s link a.eth0 down\n3s link a.eth1 down\n"), &m);
	has_text(w, &m, "      meanwhile: flow f1 never recovered (1.000 s without a delivery)\n");
	metrics_fini(&m);
	world_free(w);
}

Test(report_lacp, blackhole_fast_both_ways_both_time_out)
{
	struct metrics m;
	struct world *w = run_text(PAIR("17s", "fast", "10s blackhole a.eth1\n"), &m);

	cr_assert_eq(val(&m, "failover.1.lacp.b.bond0.eth1.cd_change_ms"), 2632);
	/* b's last LACPDU through left at 9.616 (its tick 92): a's ticks 9.672 ... 12.688 */
	cr_assert_eq(val(&m, "failover.1.lacp.a.bond0.eth1.cd_change_ms"), 2688);
	cr_assert_eq(val(&m, "a.bond0.eth1.lacp.left_timeout"), 1);
	cr_assert_eq(val(&m, "b.bond0.eth1.lacp.left_timeout"), 1);
	/* seqs 74 (10.00 s) to 106 (12.64 s), the last sent before 12.688 s */
	cr_assert_eq(val(&m, "failover.1.flow.f1.lost"), 33);
	metrics_fini(&m);
	world_free(w);
}

/*
 * Slow rate: LACPDUs every 300 ticks (31.2 s), long timeout 900 ticks
 * (93.6 s; "90 s" in the kernel's terms).  a's slow LACPDU of its tick 302
 * leaves at 31.408 s, just before the fault at 32 s: the worst case.  b
 * restarts its current_while then and gives up 900 of its ticks later
 * (124.952 s), 92.952 s after the fault; 30 ticks later b is DEFAULTED,
 * its LACPDU drops Sync, and a follows at 128.232 s, 96.232 s after it.
 */
Test(report_lacp, blackhole_slow_takes_ninety_kernel_seconds)
{
	struct metrics m;
	struct world *w = run_text(PAIR("130s", "slow", "32s blackhole a.eth1 tx\n"), &m);

	cr_assert_eq(val(&m, "failover.1.lacp.b.bond0.eth1.cd_change_ms"), 92952);
	cr_assert_eq(val(&m, "failover.1.lacp.a.bond0.eth1.cd_change_ms"), 96232);
	cr_assert_eq(val(&m, "b.bond0.eth1.lacp.left_timeout"), 1);
	cr_assert_eq(val(&m, "a.bond0.eth0.lacp.actor_state"), 0x3d);
	/* seqs 341 (32.02 s) to 1510, 96.3 s of the flow */
	cr_assert_eq(val(&m, "failover.1.flow.f1.lost"), 1170);
	has_text(w, &m, "(long LACP timeout: 90 s without a LACPDU)");
	metrics_fini(&m);
	world_free(w);
}

/*
 * A cable pulled and put back: the port leaves on the tick of the MII
 * commit (a at 5.096, its tick 49; b at 5.040, its tick 48) and
 * negotiates again from the moment the bond commits the link up (a at
 * 6.032, tick 58; b at 6.080, tick 58): 23 ticks (2.392 s) for a, 22
 * (2.288 s) for b, one tick less than at the start: the link up now comes
 * on a tick one later in the 3-tick tx slot cycle (58, not 60), so a's
 * ATTACHED (tick 79) is one tick from a tx slot (80), not two (81 -> 83);
 * b follows on its tick after a's LACPDU (80), a on its next (81, 8.424).
 */
Test(report_lacp, pull_and_rejoin_from_the_link_up)
{
	struct metrics m;
	struct world *w = run_text(PAIR("10s", "fast", "5s link a.eth1 down\n6s link a.eth1 up\n"),
				   &m);

	cr_assert_eq(val(&m, "failover.1.lacp.a.bond0.eth1.cd_change_ms"), 96);
	cr_assert_eq(val(&m, "failover.1.lacp.b.bond0.eth1.cd_change_ms"), 40);
	cr_assert_eq(val(&m, "failover.2.lacp.a.bond0.eth1.cd_change_ms"), 2424);
	cr_assert_eq(val(&m, "failover.2.lacp.b.bond0.eth1.cd_change_ms"), 2368);
	cr_assert_eq(val(&m, "a.bond0.eth1.lacp.rejoin_ms"), 2392);
	cr_assert_eq(val(&m, "b.bond0.eth1.lacp.rejoin_ms"), 2288);
	cr_assert_eq(val(&m, "a.bond0.eth1.lacp.cd_ms"), 2496);	/* the first one still */
	cr_assert_eq(val(&m, "a.bond0.eth1.lacp.joined"), 2);
	cr_assert_eq(val(&m, "a.bond0.eth1.lacp.left_carrier"), 1);
	cr_assert_eq(val(&m, "a.bond0.lacp.distributing"), 2);
	has_text(w, &m, "      b.bond0 eth1 joined the aggregator 2.368 s after the fault, 2.288 s "
			"after its link came up: 2 ports distributing\n");
	has_text(w, &m, "      8.424000 s  collecting+distributing, 2.392 s after its link came up\n");
	/* the failover row says the mux state as the LACP section does, not its C name */
	has_text(w, &m, "  collecting+distributing; 2 of 2 ports distributing\n");
	metrics_fini(&m);
	world_free(w);
}

/*
 * A release renumbers the bond's slaves (eth1 becomes the first), and eth0
 * enslaved again comes last: each port's record stays with its NIC.  eth0
 * left at the release and negotiated again after the enslave; eth1 never
 * left.
 */
Test(report_lacp, records_follow_the_nic_across_release)
{
	struct metrics m;
	struct world *w = run_text(PAIR("9s", "fast", "4s release a.bond0 eth0\n"
						      "5s enslave a.bond0 eth0\n"), &m);

	cr_assert_eq(val(&m, "a.bond0.eth1.lacp.left"), 0);
	cr_assert_eq(val(&m, "a.bond0.eth1.lacp.joined"), 1);
	cr_assert_eq(val(&m, "a.bond0.eth0.lacp.left_other"), 1, "released");
	cr_assert_eq(val(&m, "a.bond0.eth0.lacp.joined"), 2);
	has_text(w, &m, "      4.000000 s  left the aggregator (released): 1 of 2 ports still distributing\n");
	metrics_fini(&m);
	world_free(w);
}

/*
 * bond_3ad_unbind_slave()'s last LACPDU (Aggregation and Sync off) is on
 * the wire before the release closes the NIC: it reaches b, and nothing
 * dies on the cable.  The close follows once the NIC has drained, so b's
 * MII tick at 4.000 still sees carrier and the next one (4.104) takes eth0
 * down.
 */
Test(report_lacp, release_sends_its_lacpdu_before_the_close)
{
	struct metrics m;
	struct world *w = run_text(PAIR("5s", "fast", "4s release a.bond0 eth0\n"), &m);

	cr_assert_eq(val(&m, "a.eth0.tx_packets"), val(&m, "b.eth0.rx_packets"));
	cr_assert_eq(val(&m, "a.eth0.tx_dropped"), 0);
	cr_assert_null(metrics_find(&m, "drop.a.eth0.carrier_down"), "nothing lost on the cable");
	cr_assert_eq(val(&m, "b.bond0.eth0.lacp.partner_state"), 0x03, "the release's LACPDU, last heard");
	cr_assert_eq(val(&m, "failover.1.bond.b.bond0.slave_change_ms"), 104);
	metrics_fini(&m);
	world_free(w);
}

/* Other modes publish no LACP metric, print no LACP section, add no failover row. */
Test(report_lacp, nothing_for_other_modes)
{
	struct metrics m;
	struct world *w = run_text(
		"[sim]\nduration = 1s\n"
		"[host a]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
		"options bond0 = mode=balance-xor miimon=100\nip bond0 = 10.0.0.1/24\n"
		"[host b]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\noptions bond0 = mode=balance-xor\n"
		"ip bond0 = 10.0.0.2/24\n"
		"[links]\na.eth0 = b.eth0\na.eth1 = b.eth1\n"
		"[faults]\n0.5s link a.eth0 down\n", &m);
	GString *out = g_string_new(NULL);

	for (guint i = 0; i < m.items->len; i++)
		cr_assert_null(strstr(g_array_index(m.items, struct metric, i).name, "lacp"));
	report_text(w, &m, out);
	cr_assert_null(strstr(out->str, "802.3ad"));
	cr_assert_null(strstr(out->str, "lacp"));
	g_string_free(out, TRUE);
	metrics_fini(&m);
	world_free(w);
}

/*
 * A batch: a run that never negotiated (2 s is too short for the 2 s
 * aggregate wait plus the exchange) has no value for the LACP times, not -1.
 */
Test(report_lacp, negotiation_over_runs_and_never_is_no_value)
{
	static const char *const text =
		"[sim]\nduration = 2s\nruns = 2\n"
		"[host a]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
		"options bond0 = mode=802.3ad lacp_rate=fast miimon=100\nip bond0 = 10.0.0.1/24\n"
		"[host b]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
		"options bond0 = mode=802.3ad lacp_rate=fast miimon=100\nip bond0 = 10.0.0.2/24\n"
		"[links]\na.eth0 = b.eth0\na.eth1 = b.eth1\n";
	struct world_options opt = { 0 };
	GError *err = NULL;
	char *path = ini_tmp(text);
	struct world *w;
	struct runs r;
	const struct runs_metric *cd;

	w = world_load(path, &opt, &err);
	cr_assert_not_null(w, "%s", err ? err->message : "");
	cr_assert(runs_execute(&r, w, path, &opt, &(struct run_limits){ 0 }, false, &err), "%s",
		  err ? err->message : "");
	g_unlink(path);
	g_free(path);
	cd = runs_find(&r, "a.bond0.lacp.cd_ms");
	cr_assert_not_null(cd);
	cr_assert(isnan(cd->values[0]) && isnan(cd->values[1]));
	cr_assert_eq(cd->stat[RUNS_STAT_COUNT], 0);
	cr_assert_eq(runs_find(&r, "a.bond0.eth0.lacp.cd_ms")->stat[RUNS_STAT_COUNT], 0);
	/* counts stay values: LACPDUs went out in both runs */
	cr_assert_eq(runs_find(&r, "a.bond0.eth0.lacp.pdu_tx")->stat[RUNS_STAT_COUNT], 2);
	cr_assert_gt(runs_find(&r, "a.bond0.eth0.lacp.pdu_tx")->stat[RUNS_STAT_MIN], 0);
	runs_fini(&r);
}

/*
 * An 802.3ad bond on plain switch ports hears no LACPDU: its first port is
 * forced on as the individual fallback.  The port line says so, and the
 * bond's line says no port ever bundled with a partner (the two read as a
 * contradiction when both said "collecting+distributing").
 */
Test(report_lacp, a_port_forced_on_without_a_partner_says_so)
{
	struct metrics m;
	struct world *w = run_text("[sim]\nduration = 2s\n[switch sw1]\nports = Gi0/1-2\n"
				   "[host a]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
				   "open_at bond0 = 0s\n"
				   "options bond0 = mode=802.3ad lacp_rate=fast miimon=100\n"
				   "ip bond0 = 10.0.0.1/24\n"
				   "[links]\na.eth0 = sw1.Gi0/1\na.eth1 = sw1.Gi0/2\n", &m);

	cr_assert_eq(val(&m, "a.bond0.lacp.distributing"), 1);
	cr_assert_eq(val(&m, "a.bond0.lacp.cd_ms"), -1);
	has_text(w, &m, "  a.bond0: lacp_rate fast, opened at 0s; no port ever collecting+distributing "
			"with an LACP partner\n"
			"    eth0: aggregator 1, forced on (no LACP partner: individual fallback), "
			"LACPDUs rx 0 tx ");
	has_text(w, &m, "    eth1: aggregator 2, not distributing, LACPDUs rx 0 tx ");
	metrics_fini(&m);
	world_free(w);
}

/*
 * A port that rejoins its channel with the switch distributing on it
 * before the bond collects: no gap at the plug, 173 packets of each flow
 * towards the server lost at 10.3 s.  The plain-words summary says so
 * instead of "none of the flows lost anything" (the rows' detail always did).
 */
Test(report_lacp, a_loss_later_in_the_window_is_in_the_summary)
{
	struct metrics m;
	struct world *w = run_text(
		"[sim]\nduration = 12s\n"
		"[switch sw1]\nports = Gi0/1-3\nlag_hash = src-dst-port\n"
		"lag Po1 = Gi0/1 Gi0/2 mode=active\n"
		"[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
		"options bond0 = mode=802.3ad lacp_rate=fast miimon=100 xmit_hash_policy=layer3+4\n"
		"ip bond0 = 10.0.100.10/24\n"
		"[host web]\nip = 10.0.100.20/24\n"
		"[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\nweb.eth0 = sw1.Gi0/3\n"
		"[flow web_in1]\nfrom = web\nto = server\nstart = 3s\nrate = 20M\n"
		"sport = 20001\ndport = 5001\n"
		"[flow web_in2]\nfrom = web\nto = server\nstart = 3s\nrate = 20M\n"
		"sport = 20002\ndport = 5002\n"
		"[faults]\n6s link server.eth1 down\n8s link server.eth1 up\n",
		&m);

	cr_assert_eq(val(&m, "failover.2.flow.web_in1.lost"), 0);
	cr_assert_eq(val(&m, "flow.web_in1.lost"), 173);
	has_text(w, &m, "      meanwhile: flow web_in1 lost 173 packets later in the window, none at "
			"the fault; flow web_in2 lost 173 packets later in the window, none at the "
			"fault\n");
	metrics_fini(&m);
	world_free(w);
}
