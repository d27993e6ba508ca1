/*
 * test_expect.c - the [expect] language: units, ranges, selectors, errors,
 * and what each selector reads on known metrics.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "world.h"
#include "runs.h"

static struct expectation *parse(const char *text)
{
	struct expectation *e = NULL;
	GError *err = NULL;

	cr_assert(expect_parse(text, "t.ini", 7, &e, &err), "'%s': %s", text,
		  err ? err->message : "");
	cr_assert_eq(e->line, 7);
	return e;
}

/* The error @text gets, which must be exactly @want. */
static void refused(const char *text, const char *want)
{
	struct expectation *e = NULL;
	GError *err = NULL;

	cr_assert_not(expect_parse(text, "t.ini", 12, &e, &err), "'%s' was taken", text);
	cr_assert_null(e);
	cr_assert_str_eq(err->message, want);
	g_error_free(err);
}

/* @text's value (and, for a range, its high end) in the metric's unit. */
static void value_is(const char *text, double want, double want_hi)
{
	struct expectation *e = parse(text);

	cr_assert_float_eq(e->value, want, fabs(want) * 1e-12 + 1e-12, "'%s': %.17g, want %.17g",
			   text, e->value, want);
	if (e->op == EXPECT_IN)
		cr_assert_float_eq(e->hi, want_hi, fabs(want_hi) * 1e-12 + 1e-12,
				   "'%s': high end %.17g, want %.17g", text, e->hi, want_hi);
	expect_free(e);
}

Test(expect_parse, plain_numbers_are_in_the_metrics_own_unit)
{
	value_is("flow.web.lost == 0", 0, 0);
	value_is("sw1.mac_moves > 10000", 10000, 0);
	value_is("flow.f.reorder_ratio > 0.45", 0.45, 0);
	value_is("failover.1.outage_ms <= 300", 300, 0);
	value_is("x.delta == -1", -1, 0);
}

Test(expect_parse, times_convert_to_the_metrics_unit)
{
	value_is("failover.1.outage_ms <= 300ms", 300, 0);
	value_is("failover.1.outage_ms <= 0.3s", 300, 0);
	value_is("failover.1.outage_ms <= 2s", 2000, 0);
	value_is("failover.1.outage_ms <= 150us", 0.15, 0);
	value_is("ping.p.rtt_max_us < 2ms", 2000, 0);
	value_is("time_ns == 1m", 60e9, 0);
	value_is("x.fault_time_us == 1h", 3600e6, 0);
	value_is("x.up_at_ms < 300 ms", 300, 0);	/* a blank before the unit */
}

Test(expect_parse, rates_convert_to_the_metrics_unit)
{
	value_is("flow.web.throughput_mbps >= 1.8Gbit/s", 1800, 0);
	value_is("flow.web.throughput_mbps >= 1.8Gbps", 1800, 0);
	value_is("flow.web.throughput_mbps >= 500kbit/s", 0.5, 0);
	value_is("flow.web.throughput_mbps >= 100Mbit/s", 100, 0);
	value_is("flow.web.goodput_bps >= 2Mbps", 2e6, 0);
	value_is("flow.web.goodput_bps >= 1bit/s", 1, 0);
	value_is("flow.web.goodput_kbps >= 1Tbit/s", 1e9, 0);
	value_is("flow.web.goodput_gbps >= 250Mbit/s", 0.25, 0);
}

Test(expect_parse, sizes_decimal_and_binary)
{
	value_is("server.eth0.tx_bytes > 1KB", 1000, 0);
	value_is("server.eth0.tx_bytes > 1kB", 1000, 0);
	value_is("server.eth0.tx_bytes > 1KiB", 1024, 0);
	value_is("server.eth0.tx_bytes > 2MiB", 2097152, 0);
	value_is("server.eth0.tx_bytes > 1.5GB", 1.5e9, 0);
	value_is("server.eth0.tx_bytes > 1GiB", 1073741824.0, 0);
	value_is("server.eth0.tx_bytes > 1TiB", 1099511627776.0, 0);
	value_is("server.eth0.tx_bytes > 512B", 512, 0);
}

Test(expect_parse, percentages_of_ratios_and_of_percentages)
{
	value_is("flow.f.reorder_ratio < 5%", 0.05, 0);
	value_is("lb.server.bond0.tx_max_share <= 60%", 0.6, 0);
	value_is("lb.server.bond0.rx_jain >= 99.5%", 0.995, 0);
	value_is("cpu.busy_pct < 5%", 5, 0);
	/* the ends of a ratio, and -1 for "nothing carried" */
	value_is("flow.f.reorder_ratio <= 100%", 1, 0);
	value_is("a.rx_jain == -1", -1, 0);
	value_is("sum(a.*.tx_max_share) > 1.5", 1.5, 0);
	value_is("a.outage_ms < 300 ms", 300, 0);
}

Test(expect_parse, ranges_include_both_ends)
{
	struct expectation *e = parse("failover.1.outage_ms in 100ms..0.3s");

	cr_assert_eq(e->op, EXPECT_IN);
	cr_assert_eq(e->sel, EXPECT_ONE);
	cr_assert_str_eq(e->text, "failover.1.outage_ms in 100ms..0.3s");
	cr_assert(expect_holds_for(e, 100));
	cr_assert(expect_holds_for(e, 300));
	cr_assert(expect_holds_for(e, 200.5));
	cr_assert_not(expect_holds_for(e, 99.999));
	cr_assert_not(expect_holds_for(e, 300.001));
	cr_assert_not(expect_holds_for(e, NAN));
	expect_free(e);
	value_is("flow.f.lost in 10..20", 10, 20);
	value_is("flow.f.lost in -5 .. 5", -5, 5);
	value_is("flow.f.throughput_mbps in 1Gbit/s..1.2Gbit/s", 1000, 1200);
	value_is("flow.f.lost in 3..3", 3, 3);
}

Test(expect_parse, selectors_keep_their_pattern_and_normalise_the_text)
{
	static const struct {
		const char *text, *shown;
		enum expect_sel sel;
	} cases[] = {
		{ "all(server.bond0.*.tx_frames) > 1000", "all(server.bond0.*.tx_frames) > 1000", EXPECT_ALL },
		{ "any( sw1.port.*.moves_in )>=1", "any(sw1.port.*.moves_in) >= 1", EXPECT_ANY },
		{ "sum(drop.**)==0", "sum(drop.**) == 0", EXPECT_SUM },
		{ "count(server.bond0.*.link_up) == 2", "count(server.bond0.*.link_up) == 2", EXPECT_COUNT },
		{ "min(flow.*.throughput_mbps) >= 1Gbit/s", "min(flow.*.throughput_mbps) >= 1Gbit/s", EXPECT_MIN },
		{ "max(failover.*.outage_ms) in 0..300ms", "max(failover.*.outage_ms) in 0..300ms", EXPECT_MAX },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct expectation *e = parse(cases[i].text);

		cr_assert_str_eq(e->text, cases[i].shown);
		cr_assert_eq(e->sel, cases[i].sel, "%s", cases[i].text);
		cr_assert_eq(strchr(e->metric, '('), NULL);
		expect_free(e);
	}
	value_is("min(flow.*.throughput_mbps) >= 1Gbit/s", 1000, 0);
	value_is("max(failover.*.outage_ms) in 0..300ms", 0, 300);
}

/* A cable's place has "->" in it (drop.<place>.<reason>): part of the name, not an operator. */
Test(expect_parse, a_cables_place_is_one_name)
{
	struct expectation *e = parse("drop.server.eth0->sw1.Gi0/1.link_loss>=2");

	cr_assert_str_eq(e->metric, "drop.server.eth0->sw1.Gi0/1.link_loss");
	cr_assert_eq(e->op, EXPECT_GE);
	cr_assert_str_eq(e->text, "drop.server.eth0->sw1.Gi0/1.link_loss >= 2");
	expect_free(e);
	e = parse("sum(drop.server.eth0->sw1.*.*) == 0");
	cr_assert_str_eq(e->metric, "drop.server.eth0->sw1.*.*");
	cr_assert_eq(e->op, EXPECT_EQ);
	expect_free(e);
	value_is("drop.a->b.queue_full > 7", 7, 0);
	value_is("x.y>-1", -1, 0);
}

Test(expect_parse, units_shown_with_the_actual_value)
{
	static const struct {
		const char *text;
		double v;
		const char *want;
	} cases[] = {
		{ "a.outage_ms < 1", 250, "250 ms" },
		{ "a.throughput_mbps > 1", 1834.5, "1834.5 Mbit/s" },
		{ "a.tx_bytes > 1", 123, "123 bytes" },
		{ "a.reorder_ratio < 1", 0.25, "0.25" },
		{ "a.busy_pct < 1", 12, "12%" },
		{ "a.lost < 1", 3, "3" },
		{ "count(a.*_ms) < 1", 4, "4" },
		{ "a.outage_ms < 1", NAN, "missing" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct expectation *e = parse(cases[i].text);
		GString *s = g_string_new(NULL);

		expect_format_actual(e, cases[i].v, s);
		cr_assert_str_eq(s->str, cases[i].want, "%s", cases[i].text);
		g_string_free(s, TRUE);
		expect_free(e);
	}
}

Test(expect_parse, every_error_says_file_line_and_the_valid_choices)
{
	refused("sw1.mac_moves = 0",
		"t.ini:12: 'sw1.mac_moves = 0': '=' is not a comparison; write 'sw1.mac_moves == 0' (operators: == != < <= > >=)");
	refused("sw1.mac_moves lots",
		"t.ini:12: an expectation looks like 'sw1.mac_moves > 100', 'flow.f.outage_ms in 100ms..300ms' or 'all(server.bond0.*.tx_frames) > 1000' (operators: == != < <= > >=, or 'in LOW..HIGH')");
	refused("sw1.mac_moves > lots",
		"t.ini:12: 'sw1.mac_moves > lots': 'lots' is not a number; expected METRIC OP NUMBER, e.g. 'flow.web.lost == 0'");
	refused("sw1.mac_moves >",
		"t.ini:12: 'sw1.mac_moves >': expected METRIC OP NUMBER, e.g. 'flow.web.lost == 0'");
	refused("flow.f.lost < 300ms",
		"t.ini:12: 'flow.f.lost' has no unit (its name ends in none of _ns _us _ms _s _bps _kbps _mbps _gbps _bytes _ratio _share _jain _pct): compare it with a plain number, not '300ms'");
	refused("count(a.*.outage_ms) < 3ms",
		"t.ini:12: 'count(...)' has no unit (its name ends in none of _ns _us _ms _s _bps _kbps _mbps _gbps _bytes _ratio _share _jain _pct): compare it with a plain number, not '3ms'");
	refused("a.outage_ms.runs > 3ms",
		"t.ini:12: 'a.outage_ms.runs' has no unit (its name ends in none of _ns _us _ms _s _bps _kbps _mbps _gbps _bytes _ratio _share _jain _pct): compare it with a plain number, not '3ms'");
	refused("flow.f.max_gap_ms < 1Gbit/s",
		"t.ini:12: 'flow.f.max_gap_ms' is a time (_ms): '1Gbit/s' is not; units: ns us ms s m h");
	refused("flow.f.throughput_mbps > 1GB",
		"t.ini:12: 'flow.f.throughput_mbps' is a rate (_mbps): '1GB' is not; units: bit/s kbit/s Mbit/s Gbit/s Tbit/s bps kbps Mbps Gbps Tbps");
	refused("a.tx_bytes > 1 MiBs",
		"t.ini:12: 'a.tx_bytes' is a size (_bytes): '1 MiBs' is not; units: B KB kB MB GB TB KiB MiB GiB TiB");
	refused("a.reorder_ratio > 1ms",
		"t.ini:12: 'a.reorder_ratio' is a ratio (_ratio): '1ms' is not; units: %");
	refused("flow.f.lost in 10..2",
		"t.ini:12: 'flow.f.lost in 10..2': the range 10..2 is empty: write the low end first");
	refused("flow.f.lost in 10-20",
		"t.ini:12: 'flow.f.lost in 10-20': a range is LOW..HIGH, both ends included, e.g. 'flow.f.outage_ms in 100ms..300ms'");
	refused("avg(a.eth0.*) > 3",
		"t.ini:12: 'avg(a.eth0.*) > 3': no selector 'avg'; selectors: all any sum count min max, e.g. 'all(server.bond0.*.tx_frames) > 1000'");
	refused("all(a.eth0.tx_bytes > 0",
		"t.ini:12: 'all(a.eth0.tx_bytes > 0': no ')' after 'all(': write all(PATTERN)");
	refused("all(a b) > 0",
		"t.ini:12: 'all(a b) > 0': all(...) takes one metric name with '*' globs, e.g. all(server.bond0.*.tx_frames)");
	refused("a.*.tx_bytes > 0",
		"t.ini:12: 'a.*.tx_bytes > 0': a '*' pattern needs a selector (all any sum count min max), e.g. 'all(a.*.tx_bytes)'");
	refused("flow.f.received > 10 20",
		"t.ini:12: 'flow.f.received > 10 20': '10 20' is not one number; expected METRIC OP NUMBER, e.g. 'flow.web.lost == 0'");
	refused("flow.f.outage_ms in 1..2 3",
		"t.ini:12: 'flow.f.outage_ms in 1..2 3': '2 3' is not one number; expected METRIC OP NUMBER, e.g. 'flow.web.lost == 0'");
	refused("flow.f.reorder_ratio < 500%",
		"t.ini:12: 'flow.f.reorder_ratio' is a ratio (_ratio), 0 to 1: '500%' is more than 1 (100%)");
	refused("a.rx_jain in 0.5..2",
		"t.ini:12: 'a.rx_jain' is a ratio (_jain), 0 to 1: '2' is more than 1 (100%)");
	refused("all(a.*.tx_max_share) <= 101%",
		"t.ini:12: 'a.*.tx_max_share' is a ratio (_share), 0 to 1: '101%' is more than 1 (100%)");
	refused("a.lost > inf",
		"t.ini:12: 'a.lost > inf': 'inf' is not a number; expected METRIC OP NUMBER, e.g. 'flow.web.lost == 0'");
}

Test(expect_glob, star_stays_between_dots_double_star_does_not)
{
	cr_assert(expect_glob("server.bond0.*.tx_frames", "server.bond0.eth0.tx_frames"));
	cr_assert_not(expect_glob("server.bond0.*.tx_frames",
				  "server.bond0.eth0.flow.f.tx_frames"));
	cr_assert(expect_glob("server.bond0.**.tx_frames", "server.bond0.eth0.flow.f.tx_frames"));
	cr_assert(expect_glob("drop.**", "drop.sw1.Gi0/2.queue_full"));
	cr_assert(expect_glob("*", "sw1"));
	cr_assert_not(expect_glob("*", "sw1.mac_moves"));
	cr_assert(expect_glob("sw*.mac_moves", "sw12.mac_moves"));
	cr_assert(expect_glob("sw1.*_ms", "sw1.storm_at_ms"));
	cr_assert_not(expect_glob("sw1.*_ms", "sw1.storm"));
	cr_assert(expect_glob("a.*.b", "a..b"));
	cr_assert_not(expect_glob("a.b", "a.bc"));
	cr_assert_not(expect_glob("a.b*", "a"));
	cr_assert(expect_glob("***", "a.b"));	/* '**' then '*' */
	cr_assert(expect_glob("", ""));
	cr_assert_not(expect_glob("", "a"));
}

/* Stars cost no backtracking: 30 of them against 4000 characters, at once. */
Test(expect_glob, many_stars_in_linear_rows, .timeout = 5)
{
	GString *p = g_string_new(NULL), *s = g_string_new(NULL);

	for (int i = 0; i < 15; i++)
		g_string_append(p, "**a*a");
	g_string_append(p, "b");
	for (int i = 0; i < 4000; i++)
		g_string_append_c(s, i % 50 ? 'a' : '.');
	cr_assert_not(expect_glob(p->str, s->str));
	g_string_append_c(s, 'b');
	cr_assert(expect_glob(p->str, s->str));
	g_string_free(p, TRUE);
	g_string_free(s, TRUE);
}

/* Metrics by hand: three slaves' counters and a ratio. */
static void three_slaves(struct metrics *m)
{
	metrics_init(m);
	metrics_add_int(m, 1200, "s.bond0.eth0.tx_frames");
	metrics_add_int(m, 800, "s.bond0.eth1.tx_frames");
	metrics_add_int(m, 1500, "s.bond0.eth2.tx_frames");
	metrics_add_int(m, 7, "s.bond0.eth0.flow.f.tx_frames");
	metrics_add_double(m, 0.25, "s.bond0.tx_max_share");
}

/* @text on three_slaves(): its verdict, actual value and culprit. */
static void reads(const char *text, bool pass, double actual, const char *culprit)
{
	struct metrics m;
	struct expectation *e = parse(text);
	char who[128];
	double v;

	three_slaves(&m);
	cr_assert_eq(expect_check(e, &m, NULL, &v, who, sizeof(who)), pass, "%s", text);
	if (isnan(actual))
		cr_assert(isnan(v), "%s: actual %g, want nothing", text, v);
	else
		cr_assert_float_eq(v, actual, 1e-9, "%s: actual %g, want %g", text, v, actual);
	cr_assert_str_eq(who, culprit, "%s", text);
	expect_free(e);
	metrics_fini(&m);
}

Test(expect_check, selectors_over_known_metrics)
{
	/* all: the first that fails, else the one nearest to failing */
	reads("all(s.bond0.*.tx_frames) > 1000", false, 800, "s.bond0.eth1.tx_frames");
	reads("all(s.bond0.*.tx_frames) > 500", true, 800, "s.bond0.eth1.tx_frames");
	reads("all(s.bond0.*.tx_frames) < 2000", true, 1500, "s.bond0.eth2.tx_frames");
	reads("all(s.bond0.*.tx_frames) in 700..1300", false, 1500, "s.bond0.eth2.tx_frames");
	reads("all(s.bond0.*.tx_frames) in 700..1600", true, 800, "s.bond0.eth1.tx_frames");
	/* any: the first that holds, else the one nearest to holding */
	reads("any(s.bond0.*.tx_frames) > 1400", true, 1500, "s.bond0.eth2.tx_frames");
	reads("any(s.bond0.*.tx_frames) > 2000", false, 1500, "s.bond0.eth2.tx_frames");
	reads("any(s.bond0.*.tx_frames) < 100", false, 800, "s.bond0.eth1.tx_frames");
	/* sum and count over the three slaves only ('*' stays between dots) */
	reads("sum(s.bond0.*.tx_frames) == 3500", true, 3500, "");
	reads("sum(s.bond0.**.tx_frames) == 3507", true, 3507, "");
	reads("count(s.bond0.*.tx_frames) == 3", true, 3, "");
	reads("count(s.bond0.**) == 5", true, 5, "");
	reads("count(nothing.*) == 0", true, 0, "");
	reads("min(s.bond0.*.tx_frames) >= 800", true, 800, "s.bond0.eth1.tx_frames");
	reads("max(s.bond0.*.tx_frames) < 1500", false, 1500, "s.bond0.eth2.tx_frames");
	/* nothing matched: all, min, max fail; there is nothing to read */
	reads("all(nothing.*) > 0", false, NAN, "");
	reads("max(nothing.*) > 0", false, NAN, "");
	/* a percentage on a ratio */
	reads("s.bond0.tx_max_share <= 25%", true, 0.25, "");
	reads("s.bond0.tx_max_share < 25%", false, 0.25, "");
	/* one metric that is not there */
	reads("s.bond0.eth9.tx_frames == 0", false, NAN, "");
}

Test(expect_check, statistics_over_runs_with_a_selector)
{
	struct metrics m;
	struct expectation *a = parse("all(s.bond0.*.tx_frames.p95) > 10");
	struct expectation *b = parse("s.bond0.eth0.tx_frames.max > 10");
	struct expectation *c = parse("all(s.bond9.*.tx_frames.p95) > 10");
	struct expectation *d = parse("all(s.bond0.*.tx_frames) > 10");

	three_slaves(&m);
	cr_assert_eq(expect_stat_of(a, &m, NULL), RUNS_STAT_P95);
	cr_assert_eq(expect_stat_of(b, &m, NULL), RUNS_STAT_MAX);
	cr_assert_eq(expect_stat_of(c, &m, NULL), -1);
	cr_assert_eq(expect_stat_of(d, &m, NULL), -1);
	metrics_fini(&m);
	expect_free(a);
	expect_free(b);
	expect_free(c);
	expect_free(d);
}

#define WORLD \
	"[sim]\nduration = 1s\n" \
	"[switch sw1]\nports = Gi0/1-3\n" \
	"[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n" \
	"options bond0 = mode=balance-rr miimon=100\nip bond0 = 10.0.0.1/24\n" \
	"[host client]\nip = 10.0.0.2/24\n" \
	"[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\nclient.eth0 = sw1.Gi0/3\n" \
	"[flow f]\nfrom = server\nto = client\nrate = 8224000\nsize = 1000\n" \
	"[expect]\n"

static void world_refused(const char *expect, const char *want)
{
	g_autofree char *text = g_strconcat(WORLD, expect, "\n", NULL);
	struct world_options opt = { 0 };
	GError *err = NULL;

	cr_assert_null(world_load_text(text, "w.ini", &opt, &err), "%s was taken", expect);
	cr_assert_str_eq(err->message, want);
	g_error_free(err);
}

Test(expect_world, a_selector_that_matches_nothing_names_the_nearest)
{
	world_refused("all(server.bond1.*.tx_frames) > 1000",
		      "w.ini:22: 'all(server.bond1.*.tx_frames)' matches no metric ('*' stands for one name between dots, '**' for any run); nearest: server.bond0.eth0.tx_frames, server.bond0.eth1.tx_frames, server.bond0.eth0.rx_frames (bondsim --list-metrics SCENARIO lists them)");
	world_refused("sum(server.bond0.*.tx_frames.p95) > 1000",
		      "w.ini:22: 'server.bond0.*.tx_frames.p95' is a statistic over runs: run the scenario with --runs N (or [sim] runs = N)");
	world_refused("server.bond0.eth0.tx_frame > 1",
		      "w.ini:22: no metric 'server.bond0.eth0.tx_frame' (did you mean 'server.bond0.eth0.tx_frames'?) (bondsim --list-metrics SCENARIO lists them)");
}

Test(expect_world, selectors_read_a_run)
{
	g_autofree char *text = g_strconcat(WORLD,
		"all(server.bond0.*.tx_frames) >= 500\n"
		"sum(server.bond0.*.tx_frames) == 1001\n"
		"count(server.bond0.*.tx_frames) == 2\n"
		"max(server.bond0.*.tx_frames) == 501\n"
		"sum(drop.**) == 0\n"
		"all(drop.sw1.*.*) == 0\n"
		"flow.f.throughput_mbps in 8Mbit/s..8.3Mbit/s\n"
		"any(server.bond0.*.tx_frames) > 501\n", NULL);
	struct world_options opt = { .seed_set = true, .seed = 1 };
	GError *err = NULL;
	struct world *w = world_load_text(text, "w.ini", &opt, &err);
	struct metrics m;
	static const struct {
		bool pass;
		double actual;
		const char *culprit;
	} want[] = {
		{ true, 500, "server.bond0.eth0.tx_frames" },
		{ true, 1001, NULL },
		{ true, 2, NULL },
		{ true, 501, "server.bond0.eth1.tx_frames" },
		{ true, 0, NULL },
		{ true, 0, "drop.sw1.Gi0/1.link_down" },
		{ true, 8, NULL },
		{ false, 501, "server.bond0.eth1.tx_frames" },
	};

	cr_assert_not_null(w, "%s", err ? err->message : "");
	world_run(w);
	metrics_init(&m);
	world_metrics(w, &m);
	cr_assert_eq(expect_evaluate(w, &m), 1);
	cr_assert_eq(w->expects->len, G_N_ELEMENTS(want));
	for (guint i = 0; i < w->expects->len; i++) {
		const struct expectation *e = g_ptr_array_index(w->expects, i);

		cr_expect_eq(e->pass, want[i].pass, "%s", e->text);
		cr_expect_float_eq(e->actual, want[i].actual, 1e-9, "%s: actual %.17g", e->text,
				   e->actual);
		if (want[i].culprit)
			cr_expect_str_eq(e->culprit ? e->culprit : "(none)", want[i].culprit, "%s: %s",
					 e->text, e->culprit);
		else
			cr_expect_null(e->culprit, "%s: %s", e->text, e->culprit);
	}
	metrics_fini(&m);
	world_free(w);
}
