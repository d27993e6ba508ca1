/*
 * test_switch.c - the switch model: learning, flooding, aging, MAC moves,
 * the MACFLAP log and its rate limit, err-disable, static LAGs, faults.
 *
 * Each test builds a star of plain NICs ("hosts") cabled to switch ports and
 * injects hand-made Ethernet frames from the hosts, so what the switch does
 * is visible as which host received what.  Every world is torn down with
 * the frame pool checked empty: a leaked or doubly-freed reference fails.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include "link/link.h"
#include "link/nic.h"
#include "switch/switch.h"
#include "switch/sw_priv.h"

#define MAXH 6
#define DELAY (1 * SIM_US)

struct host {
	struct world *w;
	int i;
	uint64_t rx;
	uint8_t last_dst[6], last_src[6];
};

struct world {
	struct sim *sim;
	struct sw *sw;
	int n;
	struct nic *host[MAXH];
	struct nic *port[MAXH];
	struct link *link[MAXH];
	struct host h[MAXH];
};

static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t MAC_A[6] = { 0x00, 0x16, 0x36, 0x1b, 0xbb, 0x74 };
static const uint8_t MAC_B[6] = { 0x00, 0x16, 0x36, 0x1b, 0xbb, 0x75 };
static const uint8_t MAC_C[6] = { 0x00, 0x16, 0x36, 0x1b, 0xbb, 0x76 };
static const uint8_t MAC_D[6] = { 0x00, 0x16, 0x36, 0x1b, 0xbb, 0x77 };

static void host_rx(void *owner, struct frame *f, const struct rx_ctx *ctx)
{
	struct host *h = owner;

	(void)ctx;
	h->rx++;
	memcpy(h->last_dst, f->data, 6);
	memcpy(h->last_src, f->data + 6, 6);
	frame_unref(f);
}

/* @n hosts h0.. on ports @prefix1.. ("Gi0/" gives Gi0/1..); @cfg NULL = defaults. */
static void world_init_ports(struct world *w, int n, const struct sw_config *cfg,
			     const char *prefix)
{
	memset(w, 0, sizeof(*w));
	w->sim = sim_new(1);
	w->sw = sw_new(w->sim, "sw1", cfg);
	w->n = n;
	for (int i = 0; i < n; i++) {
		char hn[16], pn[NETDEV_NAME_MAX], ln[64];
		uint8_t mac[6] = { 0x52, 0x54, 0, 0, 0, (uint8_t)(i + 1) };

		g_snprintf(hn, sizeof(hn), "h%d", i);
		g_snprintf(pn, sizeof(pn), "%s%d", prefix, i + 1);
		g_snprintf(ln, sizeof(ln), "%s.eth0--sw1.%s", hn, pn);
		w->host[i] = nic_new(w->sim, hn, "eth0", mac, 0);
		w->h[i] = (struct host){ .w = w, .i = i };
		cr_assert(netdev_upper_register(&w->host[i]->dev,
						&(struct netdev_upper){ .rx = host_rx, .owner = &w->h[i] },
						NULL));
		w->port[i] = sw_add_port(w->sw, pn);
		cr_assert_not_null(w->port[i]);
		w->link[i] = link_new(w->sim, ln, &w->host[i]->dev, &w->port[i]->dev, 1000000000ULL, DELAY);
	}
}

static void world_init(struct world *w, int n, const struct sw_config *cfg)
{
	world_init_ports(w, n, cfg, "Gi0/");
}

static void world_fini(struct world *w)
{
	for (int i = 0; i < w->n; i++)
		link_free(w->link[i]);
	for (int i = 0; i < w->n; i++)
		nic_free(w->host[i]);
	sw_free(w->sw);
	/* Every reference taken was given back: flooding, drops, queues. */
	cr_expect_eq(w->sim->pool.live, 0, "frames still live: %" G_GUINT64_FORMAT,
		     w->sim->pool.live);
	sim_free(w->sim);
}

static struct frame *eth_frame(struct world *w, const uint8_t dst[6], const uint8_t src[6])
{
	struct frame *f = frame_alloc(&w->sim->pool);
	uint8_t *p = frame_put(f, 14);

	memcpy(p, dst, 6);
	memcpy(p + 6, src, 6);
	p[12] = 0x88;		/* local experimental ethertype */
	p[13] = 0xb5;
	f->len = 64;
	return f;
}

static void send_from(struct world *w, int h, const uint8_t dst[6], const uint8_t src[6])
{
	netdev_xmit(&w->host[h]->dev, eth_frame(w, dst, src));
}

static void run_for(struct world *w, sim_time_t d)
{
	sim_run(w->sim, w->sim->now + d);
}

static int64_t metric(const struct sw *sw, const char *name)
{
	struct metrics m;
	const struct metric *x;
	int64_t v;

	metrics_init(&m);
	sw_metrics(sw, &m);
	x = metrics_find(&m, name);
	cr_assert_not_null(x, "no metric %s", name);
	v = (int64_t)x->value;
	metrics_fini(&m);
	return v;
}

/* Lines of the switch log containing @needle; the first one in *first. */
static guint log_count(const struct sw *sw, const char *needle, const struct sim_log_line **first)
{
	const GArray *lines = sw_log(sw)->lines;
	guint n = 0;

	if (first)
		*first = NULL;
	for (guint i = 0; i < lines->len; i++) {
		const struct sim_log_line *l = &g_array_index(lines, struct sim_log_line, i);

		if (!strstr(l->text, needle))
			continue;
		if (n++ == 0 && first)
			*first = l;
	}
	return n;
}

TestSuite(switch, .timeout = 20);

Test(switch, learn_then_forward_only_to_the_right_port)
{
	struct world w;

	world_init(&w, 3, NULL);
	send_from(&w, 0, MAC_B, MAC_A);		/* B unknown: flooded to h1 and h2 */
	run_for(&w, SIM_MS);
	cr_expect_eq(w.h[1].rx, 1);
	cr_expect_eq(w.h[2].rx, 1);
	cr_expect_eq(w.h[0].rx, 0, "a frame never goes back out of its ingress port");
	cr_expect_str_eq(sw_fdb_port(w.sw, MAC_A), "Gi0/1");

	send_from(&w, 1, MAC_A, MAC_B);		/* A known: h0 only */
	run_for(&w, SIM_MS);
	send_from(&w, 0, MAC_B, MAC_A);		/* B known now: h1 only */
	run_for(&w, SIM_MS);
	cr_expect_eq(w.h[0].rx, 1);
	cr_expect_eq(w.h[1].rx, 2);
	cr_expect_eq(w.h[2].rx, 1);
	cr_expect_str_eq(sw_fdb_port(w.sw, MAC_B), "Gi0/2");
	cr_expect_eq(sw_fdb_count(w.sw), 2);
	cr_expect_eq(metric(w.sw, "sw1.flooded"), 1);
	cr_expect_eq(metric(w.sw, "sw1.fdb_entries"), 2);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/1.rx_frames"), 2);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/1.tx_frames"), 1);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/3.flooded"), 1);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/1.rx_bytes"), 128);
	cr_expect_eq(metric(w.sw, "sw1.mac_moves"), 0);
	world_fini(&w);
}

Test(switch, flood_broadcast_and_multicast_to_all_other_ports)
{
	static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	struct world w;

	world_init(&w, 4, NULL);
	send_from(&w, 2, BCAST, MAC_C);
	send_from(&w, 2, mcast, MAC_C);
	run_for(&w, SIM_MS);
	for (int i = 0; i < 4; i++)
		cr_expect_eq(w.h[i].rx, i == 2 ? 0u : 2u, "h%d", i);
	cr_expect_eq(metric(w.sw, "sw1.flooded"), 2);
	cr_expect_eq(metric(w.sw, "sw1.tx_frames"), 6);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/4.flooded"), 2);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/3.tx_frames"), 0);
	world_fini(&w);
}

Test(switch, filters_frames_for_the_ingress_port_and_reserved_addresses)
{
	static const uint8_t lacp[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x02 };
	static const uint8_t stp[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 };
	struct world w;

	world_init(&w, 3, NULL);
	send_from(&w, 0, MAC_D, MAC_A);		/* learn A, flood */
	send_from(&w, 0, MAC_A, MAC_D);		/* A was learnt on Gi0/1 itself: filtered */
	send_from(&w, 1, lacp, MAC_B);
	send_from(&w, 1, stp, MAC_B);
	send_from(&w, 1, BCAST, BCAST);		/* multicast source: invalid */
	run_for(&w, SIM_MS);
	cr_expect_eq(w.h[1].rx, 1);
	cr_expect_eq(w.h[2].rx, 1);
	cr_expect_eq(w.h[0].rx, 0);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/1.drop.filtered"), 1);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/2.drop.reserved"), 2);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/2.drop.bad_src"), 1);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/2.drops"), 3);
	cr_expect_null(sw_fdb_port(w.sw, MAC_B), "nothing is learnt from a dropped frame");
	world_fini(&w);
}

Test(switch, aging_forgets_and_floods_again)
{
	struct sw_config cfg;
	struct world w;

	sw_config_init(&cfg);
	cfg.aging = 1 * SIM_S;
	world_init(&w, 3, &cfg);
	send_from(&w, 0, MAC_B, MAC_A);
	run_for(&w, SIM_MS);
	send_from(&w, 1, MAC_A, MAC_B);
	run_for(&w, 500 * SIM_MS);
	cr_expect_eq(w.h[2].rx, 1, "only the first frame was flooded");
	cr_expect_str_eq(sw_fdb_port(w.sw, MAC_A), "Gi0/1");

	run_for(&w, 600 * SIM_MS);		/* A last seen 1.1 s ago */
	cr_expect_null(sw_fdb_port(w.sw, MAC_A));
	cr_expect_eq(sw_fdb_count(w.sw), 0);
	send_from(&w, 1, MAC_A, MAC_B);
	run_for(&w, SIM_MS);
	cr_expect_eq(w.h[2].rx, 2, "A aged out: the frame to A floods again");
	cr_expect_eq(w.h[0].rx, 2);

	/* A comes back on another port: a fresh learn, not a move. */
	send_from(&w, 2, MAC_B, MAC_A);
	run_for(&w, SIM_MS);
	cr_expect_str_eq(sw_fdb_port(w.sw, MAC_A), "Gi0/3");
	cr_expect_eq(metric(w.sw, "sw1.mac_moves"), 0);
	world_fini(&w);
}

Test(switch, aging_zero_never_ages)
{
	struct sw_config cfg;
	struct world w;

	sw_config_init(&cfg);
	cfg.aging = 0;
	world_init(&w, 2, &cfg);
	send_from(&w, 0, MAC_B, MAC_A);
	run_for(&w, 3600 * SIM_S);
	cr_expect_str_eq(sw_fdb_port(w.sw, MAC_A), "Gi0/1");
	world_fini(&w);
}

/* A source MAC on two ports in turn: what balance-rr does to a plain switch. */
Test(switch, alternating_source_counts_moves_and_logs_like_ios)
{
	const int n = 10;
	const struct sim_log_line *first;
	struct world w;
	GString *txt = g_string_new(NULL);
	char t[32];

	world_init(&w, 3, NULL);
	for (int i = 0; i < n; i++) {
		send_from(&w, i % 2, BCAST, MAC_A);
		run_for(&w, SIM_MS);
	}
	cr_expect_eq(metric(w.sw, "sw1.mac_moves"), n - 1);
	cr_expect_eq(metric(w.sw, "sw1.mac.00:16:36:1b:bb:74.moves"), n - 1);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/2.moves_in"), 5);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/1.moves_in"), 4);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/1.moves_out"), 5);
	cr_expect_eq(metric(w.sw, "sw1.flap_log_lines"), 1, "all within one second");
	cr_expect_eq(metric(w.sw, "sw1.flap_log_suppressed"), n - 2);
	cr_expect_eq(log_count(w.sw, "MACFLAP", &first), 1);
	cr_assert_not_null(first);
	cr_expect_str_eq(first->text, "%SW_MATM-4-MACFLAP_NOTIF: Host 0016.361b.bb74 in vlan 1 "
				      "is flapping between port Gi0/1 and port Gi0/2");
	/* Second frame sent at 1 ms: 704 ns on the wire (88 bytes), 1 us on the cable. */
	cr_expect_str_eq(sim_time_format_sec(first->at, t, sizeof(t)), "0.001001");
	cr_expect_str_eq(sw_fdb_port(w.sw, MAC_A), "Gi0/2");

	sw_report_text(w.sw, txt);
	cr_expect(strstr(txt->str, "00:16:36:1b:bb:74  moves 9  Gi0/1->Gi0/2 5  Gi0/2->Gi0/1 4\n"),
		  "%s", txt->str);
	cr_expect(strstr(txt->str, "   1    0016.361b.bb74    DYNAMIC     Gi0/2\n"), "%s",
		  txt->str);
	cr_expect(strstr(txt->str, "Total Mac Addresses for this criterion: 1\n"), "%s", txt->str);
	g_string_free(txt, TRUE);
	world_fini(&w);
}

Test(switch, flap_log_is_rate_limited_per_mac)
{
	struct world w;

	/* 500 frames 10 ms apart over 5 s: moves at 10 ms, 20 ms, ... 4.99 s. */
	world_init(&w, 3, NULL);
	for (int i = 0; i < 500; i++) {
		send_from(&w, i % 2, BCAST, MAC_A);
		send_from(&w, (i + 1) % 2, BCAST, MAC_B);
		run_for(&w, 10 * SIM_MS);
	}
	cr_expect_eq(metric(w.sw, "sw1.mac_moves"), 2 * 499);
	/* Per MAC: lines at the moves of 0.01 s, 1.01 s, 2.01 s, 3.01 s, 4.01 s. */
	cr_expect_eq(metric(w.sw, "sw1.flap_log_lines"), 2 * 5);
	cr_expect_eq(metric(w.sw, "sw1.flap_log_suppressed"), 2 * 494);
	cr_expect_eq(log_count(w.sw, "Host 0016.361b.bb74", NULL), 5);
	cr_expect_eq(log_count(w.sw, "Host 0016.361b.bb75", NULL), 5);
	world_fini(&w);
}

Test(switch, flap_log_interval_zero_logs_every_move)
{
	struct sw_config cfg;
	struct world w;

	sw_config_init(&cfg);
	cfg.flap_log_interval = 0;
	world_init(&w, 2, &cfg);
	for (int i = 0; i < 7; i++) {
		send_from(&w, i % 2, BCAST, MAC_A);
		run_for(&w, SIM_MS);
	}
	cr_expect_eq(log_count(w.sw, "MACFLAP", NULL), 6);
	world_fini(&w);
}

Test(switch, errdisable_after_the_threshold)
{
	struct sw_config cfg;
	const struct sim_log_line *l;
	struct world w;

	sw_config_init(&cfg);
	cfg.mac_flap = SW_FLAP_ERRDISABLE;
	cfg.flap_moves = 5;
	cfg.flap_window = 10 * SIM_S;
	world_init(&w, 3, &cfg);
	/* Learn on Gi0/1, then moves 1..5 land on Gi0/2, Gi0/1, Gi0/2, Gi0/1, Gi0/2. */
	for (int i = 0; i < 6; i++) {
		cr_expect_eq(metric(w.sw, "sw1.errdisabled_ports"), 0);
		send_from(&w, i % 2, BCAST, MAC_A);
		run_for(&w, SIM_MS);
	}
	cr_expect_eq(metric(w.sw, "sw1.mac_moves"), 5);
	cr_expect(sw_port_is_errdisabled(w.sw, w.port[1]));
	cr_expect_not(sw_port_is_errdisabled(w.sw, w.port[0]));
	cr_expect_eq(metric(w.sw, "sw1.errdisabled_ports"), 1);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/2.errdisabled"), 1);
	cr_expect_not(w.host[1]->dev.carrier, "the host behind an err-disabled port loses link");
	cr_expect_not(w.port[1]->dev.carrier);
	cr_expect_eq(log_count(w.sw, "%PM-4-ERR_DISABLE", &l), 1);
	cr_expect_str_eq(l->text, "%PM-4-ERR_DISABLE: mac-flap error detected on Gi0/2, "
				  "putting Gi0/2 in err-disable state");
	cr_expect_eq(log_count(w.sw, "Interface GigabitEthernet0/2, changed state to down", NULL), 1);
	cr_expect_eq(w.h[2].rx, 5, "the frame that crossed the threshold is not forwarded");
	cr_expect_null(sw_fdb_port(w.sw, MAC_A), "flushed with the port");

	/* The flapping stops: A stays on Gi0/1. */
	for (int i = 0; i < 4; i++) {
		send_from(&w, i % 2, BCAST, MAC_A);
		run_for(&w, SIM_MS);
	}
	cr_expect_eq(metric(w.sw, "sw1.mac_moves"), 5);
	cr_expect_str_eq(sw_fdb_port(w.sw, MAC_A), "Gi0/1");

	/* shutdown / no shutdown clears err-disable, as on IOS. */
	sw_port_set_shutdown(w.sw, w.port[1], true);
	sw_port_set_shutdown(w.sw, w.port[1], false);
	cr_expect_not(sw_port_is_errdisabled(w.sw, w.port[1]));
	cr_expect(w.host[1]->dev.carrier);
	world_fini(&w);
}

Test(switch, errdisable_needs_the_moves_within_the_window)
{
	struct sw_config cfg;
	struct world w;

	sw_config_init(&cfg);
	cfg.mac_flap = SW_FLAP_ERRDISABLE;
	cfg.flap_moves = 3;
	cfg.flap_window = 1 * SIM_S;
	cfg.errdisable_recovery = 30 * SIM_S;
	world_init(&w, 2, &cfg);
	/* One move every 1.1 s: never 3 within a second. */
	for (int i = 0; i < 10; i++) {
		send_from(&w, i % 2, BCAST, MAC_A);
		run_for(&w, 1100 * SIM_MS);
	}
	cr_expect_eq(metric(w.sw, "sw1.mac_moves"), 9);
	cr_expect_eq(metric(w.sw, "sw1.errdisable_events"), 0);
	/* Now three quick ones: the third err-disables the port it moved to (Gi0/1). */
	for (int i = 0; i < 3; i++) {
		send_from(&w, i % 2, BCAST, MAC_A);
		run_for(&w, SIM_MS);
	}
	cr_expect_eq(metric(w.sw, "sw1.errdisable_events"), 1);
	cr_expect(sw_port_is_errdisabled(w.sw, w.port[0]));
	/* errdisable recovery 30 s brings it back. */
	run_for(&w, 31 * SIM_S);
	cr_expect_not(sw_port_is_errdisabled(w.sw, w.port[0]));
	cr_expect(w.host[0]->dev.carrier);
	cr_expect_eq(log_count(w.sw, "%PM-4-ERR_RECOVER: Attempting to recover from mac-flap "
				     "err-disable state on Gi0/1", NULL), 1);
	world_fini(&w);
}

Test(switch, shutdown_flushes_fdb_and_drops_carrier_at_both_ends)
{
	struct world w;

	world_init(&w, 3, NULL);
	send_from(&w, 0, MAC_B, MAC_A);
	run_for(&w, SIM_MS);
	cr_expect_str_eq(sw_fdb_port(w.sw, MAC_A), "Gi0/1");
	sw_port_set_shutdown(w.sw, w.port[0], true);
	cr_expect_null(sw_fdb_port(w.sw, MAC_A));
	cr_expect_not(w.port[0]->dev.carrier);
	cr_expect_not(w.host[0]->dev.carrier);
	cr_expect_eq(log_count(w.sw, "%LINK-5-CHANGED: Interface GigabitEthernet0/1, changed state to "
				     "administratively down", NULL), 1);
	cr_expect_eq(log_count(w.sw, "%LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down",
			       NULL), 0);
	send_from(&w, 1, MAC_A, MAC_B);
	run_for(&w, SIM_MS);
	cr_expect_eq(w.h[2].rx, 2, "A unknown again: flooded");
	cr_expect_eq(w.h[0].rx, 0);

	sw_port_set_shutdown(w.sw, w.port[0], false);
	cr_expect(w.host[0]->dev.carrier);
	cr_expect_eq(log_count(w.sw, "%LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to up",
			       NULL), 2, "once at cabling, once after no shutdown");
	/* The MAC reappears elsewhere after a flush: not a move. */
	send_from(&w, 2, MAC_B, MAC_A);
	run_for(&w, SIM_MS);
	cr_expect_eq(metric(w.sw, "sw1.mac_moves"), 0);
	world_fini(&w);
}

/* The Nth line of the switch log (from 0), which must exist. */
static const char *log_text(const struct sw *sw, guint n)
{
	const GArray *lines = sw_log(sw)->lines;

	cr_assert_lt(n, lines->len, "the log has %u lines", lines->len);
	return g_array_index(lines, struct sim_log_line, n).text;
}

/*
 * IOS spells the interface out in LINK lines and abbreviates it in the
 * others, however the scenario named the port: short, long, or not IOS-like
 * at all (then it is printed as named, in both).
 */
static void check_names(const char *prefix, const char *link1, const char *link2,
			const char *flap1, const char *flap2)
{
	struct world w;
	char want[160];

	world_init_ports(&w, 2, NULL, prefix);
	g_snprintf(want, sizeof(want), "%%LINK-3-UPDOWN: Interface %s, changed state to up", link1);
	cr_expect_str_eq(log_text(w.sw, 0), want);
	g_snprintf(want, sizeof(want), "%%LINK-3-UPDOWN: Interface %s, changed state to up", link2);
	cr_expect_str_eq(log_text(w.sw, 1), want);
	send_from(&w, 0, BCAST, MAC_A);
	run_for(&w, SIM_MS);
	send_from(&w, 1, BCAST, MAC_A);
	run_for(&w, SIM_MS);
	g_snprintf(want, sizeof(want),
		   "%%SW_MATM-4-MACFLAP_NOTIF: Host 0016.361b.bb74 in vlan 1 is flapping between "
		   "port %s and port %s", flap1, flap2);
	cr_expect_str_eq(log_text(w.sw, 2), want);
	sw_port_set_shutdown(w.sw, w.port[1], true);
	g_snprintf(want, sizeof(want),
		   "%%LINK-5-CHANGED: Interface %s, changed state to administratively down", link2);
	cr_expect_str_eq(log_text(w.sw, 3), want);
	world_fini(&w);
}

Test(switch, link_lines_spell_out_short_port_names)
{
	check_names("Gi0/", "GigabitEthernet0/1", "GigabitEthernet0/2", "Gi0/1", "Gi0/2");
}

Test(switch, flap_lines_abbreviate_long_port_names)
{
	check_names("TenGigabitEthernet1/0/", "TenGigabitEthernet1/0/1", "TenGigabitEthernet1/0/2",
		    "Te1/0/1", "Te1/0/2");
}

Test(switch, names_of_no_ios_type_print_as_named)
{
	check_names("swp", "swp1", "swp2", "swp1", "swp2");
}

/* An active-backup failover with carrier loss: the switch flushes, no flap. */
Test(switch, link_down_flushes_so_failover_is_no_move)
{
	struct world w;

	world_init(&w, 3, NULL);
	send_from(&w, 0, BCAST, MAC_A);
	run_for(&w, SIM_MS);
	link_set_up(w.link[0], false);
	cr_expect_null(sw_fdb_port(w.sw, MAC_A));
	send_from(&w, 1, BCAST, MAC_A);
	run_for(&w, SIM_MS);
	cr_expect_str_eq(sw_fdb_port(w.sw, MAC_A), "Gi0/2");
	cr_expect_eq(metric(w.sw, "sw1.mac_moves"), 0);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/1.up"), 0);
	cr_expect_eq(log_count(w.sw, "%LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down",
			       NULL), 1);
	world_fini(&w);
}

/* h0 and h1 are the two NICs of one server in Po1 (Gi0/1, Gi0/2); h2 is a client. */
static struct sw_lag *lag_world(struct world *w, const struct sw_config *cfg)
{
	GError *err = NULL;
	struct sw_lag *lag;

	world_init(w, 3, cfg);
	lag = sw_add_lag(w->sw, "Po1", &err);
	cr_assert_not_null(lag);
	cr_assert(sw_lag_add_port(lag, w->port[0], &err));
	cr_assert(sw_lag_add_port(lag, w->port[1], &err));
	return lag;
}

Test(switch, static_lag_no_moves_and_hash_spreads_egress)
{
	uint8_t srv[4][6];
	uint64_t want[2] = { 0, 0 };
	struct world w;

	lag_world(&w, NULL);	/* default hash src-dst-mac */
	/* A balance-rr bond: the same MAC leaves by both members in turn. */
	for (int i = 0; i < 10; i++) {
		send_from(&w, i % 2, BCAST, MAC_A);
		run_for(&w, SIM_MS);
	}
	cr_expect_eq(metric(w.sw, "sw1.mac_moves"), 0);
	cr_expect_str_eq(sw_fdb_port(w.sw, MAC_A), "Po1");
	cr_expect_eq(w.h[2].rx, 10);
	cr_expect_eq(w.h[0].rx + w.h[1].rx, 0, "never back into the LAG it came from");
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.rx_frames"), 10);

	/* Four MACs behind the LAG; the client talks to each: src ^ dst low byte, % 2. */
	for (int k = 0; k < 4; k++) {
		memcpy(srv[k], MAC_A, 6);
		srv[k][5] = (uint8_t)(0x10 + k);
		send_from(&w, 0, BCAST, srv[k]);
	}
	run_for(&w, SIM_MS);
	w.h[0].rx = w.h[1].rx = 0;
	for (int k = 0; k < 4; k++) {
		for (int r = 0; r < 3; r++)
			send_from(&w, 2, srv[k], MAC_C);
		want[(srv[k][5] ^ MAC_C[5]) % 2] += 3;
	}
	run_for(&w, SIM_MS);
	cr_expect_eq(want[0], 6);
	cr_expect_eq(want[1], 6);
	cr_expect_eq(w.h[0].rx, want[0]);
	cr_expect_eq(w.h[1].rx, want[1]);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/1.tx_frames"), 6);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/2.tx_frames"), 6);
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.tx_frames"), 12);
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.distributing"), 2);
	world_fini(&w);
}

Test(switch, flood_into_a_lag_leaves_by_one_member)
{
	struct world w;

	lag_world(&w, NULL);
	send_from(&w, 2, BCAST, MAC_C);
	send_from(&w, 2, MAC_D, MAC_C);
	run_for(&w, SIM_MS);
	cr_expect_eq(w.h[0].rx + w.h[1].rx, 2);
	/* src-dst-mac: ff ^ 76 = 0x89 -> member 1; 77 ^ 76 = 1 -> member 1. */
	cr_expect_eq(w.h[1].rx, 2);
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.flooded"), 2);
	world_fini(&w);
}

Test(switch, lag_member_down_moves_traffic_to_the_rest)
{
	struct world w;

	lag_world(&w, NULL);
	send_from(&w, 0, BCAST, MAC_A);
	run_for(&w, SIM_MS);
	link_set_up(w.link[1], false);
	cr_expect_str_eq(sw_fdb_port(w.sw, MAC_A), "Po1", "the channel is still up: MACs stay");
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.distributing"), 1);
	for (int i = 0; i < 4; i++) {
		uint8_t dst[6];

		memcpy(dst, MAC_A, 6);
		dst[5] = (uint8_t)i;
		send_from(&w, 2, dst, MAC_C);
	}
	run_for(&w, SIM_MS);
	cr_expect_eq(w.h[0].rx, 4);
	cr_expect_eq(w.h[1].rx, 0);

	link_set_up(w.link[0], false);
	cr_expect_null(sw_fdb_port(w.sw, MAC_A), "port-channel down: flushed");
	cr_expect_eq(log_count(w.sw, "%LINK-3-UPDOWN: Interface Port-channel1, changed state to down",
			       NULL), 1);
	send_from(&w, 2, MAC_A, MAC_C);
	run_for(&w, SIM_MS);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/3.drop.no_egress"), 1);
	link_set_up(w.link[1], true);
	cr_expect_eq(log_count(w.sw, "%LINK-3-UPDOWN: Interface Port-channel1, changed state to up",
			       NULL), 2);
	world_fini(&w);
}

/*
 * A static channel (mode on) is speed-checked as IOS does for every
 * channel: Gi0/2 on a 100 Mb/s cable is suspended, takes nothing in and
 * sends nothing; when Gi0/1 goes, the channel runs at 100 Mb/s on Gi0/2,
 * and keeps that speed when Gi0/1 comes back (now the suspended one).
 */
Test(switch, static_lag_member_at_another_speed_is_suspended)
{
	struct world w;

	lag_world(&w, NULL);
	link_set_up(w.link[1], false);	/* recabled at 100 Mb/s */
	link_free(w.link[1]);
	w.link[1] = link_new(w.sim, "slow", &w.host[1]->dev, &w.port[1]->dev, 100000000ULL, DELAY);
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.Gi0/1.bundled"), 1);
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.Gi0/2.suspended"), 1);
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.distributing"), 1);
	cr_expect_eq(log_count(w.sw, "%EC-5-CANNOT_BUNDLE2: Gi0/2 is not compatible with Gi0/1 "
			       "and will be suspended (speed of Gi0/2 is 100M, Gi0/1 is 1000M)",
			       NULL), 1);
	{
		GString *txt = g_string_new(NULL);

		sw_report_text(w.sw, txt);
		cr_expect(strstr(txt->str, "  Gi0/2 Po1 suspended "), "%s", txt->str);
		cr_expect(strstr(txt->str, "  Gi0/1 Po1 up        "), "%s", txt->str);
		g_string_free(txt, TRUE);
	}
	/* a balance-rr bond behind it: what goes into Gi0/2 dies there */
	for (int i = 0; i < 10; i++)
		send_from(&w, i % 2, BCAST, MAC_A);
	run_for(&w, SIM_MS);
	cr_expect_eq(w.h[2].rx, 5);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/2.drop.not_collecting"), 5);
	/* the gigabit member goes: the slow one carries the channel */
	link_set_up(w.link[0], false);
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.Gi0/2.bundled"), 1);
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.Gi0/2.suspended"), 0);
	link_set_up(w.link[0], true);
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.Gi0/1.suspended"), 1);
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.Gi0/2.bundled"), 1);
	cr_expect_eq(log_count(w.sw, "%EC-5-CANNOT_BUNDLE2: Gi0/1 is not compatible with Gi0/2 "
			       "and will be suspended (speed of Gi0/1 is 1000M, Gi0/2 is 100M)",
			       NULL), 1);
	world_fini(&w);
}

/*
 * ... and duplex-checked: Gi0/2 recabled at 1G, its end half duplex (a
 * member whose server came up half), is suspended with IOS's reason.
 */
Test(switch, static_lag_member_at_another_duplex_is_suspended)
{
	struct world w;
	const bool half[2] = { true, true };

	lag_world(&w, NULL);
	link_set_up(w.link[1], false);
	link_free(w.link[1]);
	w.link[1] = link_new_duplex(w.sim, "half", &w.host[1]->dev, &w.port[1]->dev, 1000000000ULL,
				    DELAY, half);
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.Gi0/1.bundled"), 1);
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.Gi0/2.suspended"), 1);
	cr_expect_eq(log_count(w.sw, "%EC-5-CANNOT_BUNDLE2: Gi0/2 is not compatible with Gi0/1 "
			       "and will be suspended (duplex of Gi0/2 is half, Gi0/1 is full)",
			       NULL), 1);
	/* the full-duplex member goes: the half one carries the channel alone */
	link_set_up(w.link[0], false);
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.Gi0/2.bundled"), 1);
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.Gi0/2.suspended"), 0);
	world_fini(&w);
}

Test(switch, lag_membership_errors)
{
	struct world w;
	struct sw *other;
	struct nic *foreign;
	GError *err = NULL;
	struct sw_lag *lag, *po2;

	lag = lag_world(&w, NULL);
	po2 = sw_add_lag(w.sw, "Po2", &err);
	cr_assert_not_null(po2);
	cr_expect_not(sw_lag_add_port(po2, w.port[0], &err));
	cr_expect_eq(err->code, BONDSIM_ERROR_DUP);
	cr_expect_str_eq(err->message, "sw1: Gi0/1 is already in Po1: a port belongs to one port-channel");
	g_clear_error(&err);
	cr_expect_null(sw_add_lag(w.sw, "Po1", &err));
	cr_expect_eq(err->code, BONDSIM_ERROR_DUP);
	g_clear_error(&err);
	cr_expect_null(sw_add_lag(w.sw, "Gi0/3", &err), "a LAG may not shadow a port");
	g_clear_error(&err);

	other = sw_new(w.sim, "sw2", NULL);
	foreign = sw_add_port(other, "Gi0/1");
	cr_expect_not(sw_lag_add_port(lag, foreign, &err));
	cr_expect_eq(err->code, BONDSIM_ERROR_NOT_FOUND);
	g_clear_error(&err);
	cr_expect_null(sw_add_port(w.sw, "Gi0/1"), "port names are unique");
	cr_expect_eq(sw_find_port(w.sw, "Gi0/3"), w.port[2]);
	cr_expect_eq(sw_find_lag(w.sw, "Po2"), po2);
	cr_expect_null(sw_find_port(w.sw, "Gi0/9"));
	sw_free(other);
	world_fini(&w);
}

static struct frame *ipv4_frame(struct world *w, const uint8_t src_mac[6], uint32_t sip,
				uint32_t dip, uint8_t proto, uint16_t sport, uint16_t dport)
{
	struct frame *f = eth_frame(w, MAC_B, src_mac);
	uint8_t *ip;

	f->data[12] = 0x08;
	f->data[13] = 0x00;
	ip = frame_put(f, 24);
	memset(ip, 0, 24);
	ip[0] = 0x45;
	ip[9] = proto;
	for (int i = 0; i < 4; i++) {
		ip[12 + i] = (uint8_t)(sip >> (24 - 8 * i));
		ip[16 + i] = (uint8_t)(dip >> (24 - 8 * i));
	}
	ip[20] = (uint8_t)(sport >> 8), ip[21] = (uint8_t)sport;
	ip[22] = (uint8_t)(dport >> 8), ip[23] = (uint8_t)dport;
	return f;
}

/*
 * The values themselves, for the frames that take the short way (plain
 * IPv4 UDP/TCP) and for those next to them that the dissector walks:
 * 1000 ^ 2000 = 0x438, folded (h ^= h >> 16; h ^= h >> 8; low byte) 0x3c;
 * 10.0.0.1 ^ 10.0.0.2 = 3.
 */
Test(switch, lag_hash_values_of_plain_and_unusual_frames)
{
	struct world w;
	struct frame *f;
	uint8_t *opt;

	world_init(&w, 1, NULL);
	f = ipv4_frame(&w, MAC_C, 0x0a000001, 0x0a000002, 6, 1000, 2000);
	memset(frame_put(f, 4), 0, 4);	/* 8 bytes of transport header, the short way's minimum */
	cr_expect_eq(sw_lag_hash_frame(SW_LAG_HASH_SRC_DST_PORT, f), 0x3c);
	cr_expect_eq(sw_lag_hash_frame(SW_LAG_HASH_SRC_DST_IP, f), 3);
	cr_expect_eq(sw_lag_hash_frame(SW_LAG_HASH_SRC_DST_MAC, f), MAC_B[5] ^ MAC_C[5]);
	f->data[14 + 6] = 0x40;		/* DF: still not a fragment */
	cr_expect_eq(sw_lag_hash_frame(SW_LAG_HASH_SRC_DST_PORT, f), 0x3c);
	f->data[14 + 6] = 0x20;		/* MF: a first fragment has no ports to hash */
	cr_expect_eq(sw_lag_hash_frame(SW_LAG_HASH_SRC_DST_PORT, f), 3);
	f->data[14 + 6] = 0x00;
	f->data[14 + 7] = 0x10;		/* a later fragment neither */
	cr_expect_eq(sw_lag_hash_frame(SW_LAG_HASH_SRC_DST_PORT, f), 3);
	frame_unref(f);

	/* 4 bytes of IP options move the ports: 2001 ^ 1000 = 0x439 -> 0x3d */
	f = ipv4_frame(&w, MAC_C, 0x0a000001, 0x0a000002, 17, 7, 7);
	f->data[14] = 0x46;
	opt = frame_put(f, 4);
	opt[0] = 0x03, opt[1] = 0xe8, opt[2] = 0x07, opt[3] = 0xd1;
	cr_expect_eq(sw_lag_hash_frame(SW_LAG_HASH_SRC_DST_PORT, f), 0x3d);
	/* no room for ports after a plain IPv4 header: the addresses */
	f->data[14] = 0x45;
	f->len = f->hdr_len = 14 + 20;
	cr_expect_eq(sw_lag_hash_frame(SW_LAG_HASH_SRC_DST_PORT, f), 3);
	frame_unref(f);
	world_fini(&w);
}

Test(switch, lag_hash_names_and_parse)
{
	static const char *const names[] = { "src-mac", "dst-mac", "src-dst-mac", "src-dst-ip",
					     "src-dst-port" };
	enum sw_lag_hash h;
	enum sw_flap_action a;
	GError *err = NULL;

	for (int i = 0; i < SW_LAG_HASH_COUNT; i++) {
		cr_expect_str_eq(sw_lag_hash_name((enum sw_lag_hash)i), names[i]);
		cr_expect(sw_lag_hash_parse(names[i], &h, NULL));
		cr_expect_eq(h, (enum sw_lag_hash)i);
	}
	cr_expect_not(sw_lag_hash_parse("src-dts-mac", &h, &err));
	cr_expect_eq(err->code, BONDSIM_ERROR_INVALID);
	cr_expect_str_eq(err->message,
			 "unknown LAG hash 'src-dts-mac' (did you mean 'src-dst-mac'?); valid: "
			 "src-mac, dst-mac, src-dst-mac, src-dst-ip, src-dst-port");
	g_clear_error(&err);
	cr_expect(sw_flap_action_parse("errdisable", &a, NULL));
	cr_expect_eq(a, SW_FLAP_ERRDISABLE);
	enum sw_storm_action st;

	cr_expect_not(sw_flap_action_parse("err-disable", &a, &err));
	cr_expect_str_eq(err->message, "unknown mac-flap action 'err-disable' "
				       "(did you mean 'errdisable'?); valid: log, errdisable");
	g_clear_error(&err);
	cr_expect(sw_storm_action_parse("log", &st, NULL));
	cr_expect_eq(st, SW_STORM_LOG);
	cr_expect_not(sw_storm_action_parse("halt", &st, &err));
	cr_expect_str_eq(err->message, "unknown storm action 'halt'; valid: stop, log");
	g_clear_error(&err);
}

Test(switch, lag_l3_l4_hashes_pick_members_by_address_and_port)
{
	struct world w;
	struct sw_lag *lag;

	lag = lag_world(&w, NULL);
	/* The server's MAC behind Po1. */
	send_from(&w, 0, BCAST, MAC_B);
	run_for(&w, SIM_MS);
	sw_lag_set_hash(lag, SW_LAG_HASH_SRC_DST_IP);
	/* 10.0.0.1 ^ 10.0.0.2 = 3 -> odd; 10.0.0.1 ^ 10.0.0.3 = 2 -> even. */
	netdev_xmit(&w.host[2]->dev, ipv4_frame(&w, MAC_C, 0x0a000001, 0x0a000002, 17, 1, 1));
	netdev_xmit(&w.host[2]->dev, ipv4_frame(&w, MAC_C, 0x0a000001, 0x0a000003, 17, 1, 1));
	run_for(&w, SIM_MS);
	cr_expect_eq(w.h[0].rx, 1);
	cr_expect_eq(w.h[1].rx, 1);

	sw_lag_set_hash(lag, SW_LAG_HASH_SRC_DST_PORT);
	/* Same addresses, ports 1000 ^ 2000 = 0x438 -> folded 0x3c: even; 1000 ^ 2001: odd. */
	for (int i = 0; i < 3; i++)
		netdev_xmit(&w.host[2]->dev,
			    ipv4_frame(&w, MAC_C, 0x0a000001, 0x0a000002, 6, 1000, 2000));
	netdev_xmit(&w.host[2]->dev, ipv4_frame(&w, MAC_C, 0x0a000001, 0x0a000002, 6, 1000, 2001));
	/* ICMP falls back to the addresses: odd. */
	netdev_xmit(&w.host[2]->dev, ipv4_frame(&w, MAC_C, 0x0a000001, 0x0a000002, 1, 0, 0));
	run_for(&w, SIM_MS);
	cr_expect_eq(w.h[0].rx, 1 + 3);
	cr_expect_eq(w.h[1].rx, 1 + 1 + 1);
	world_fini(&w);
}

Test(switch, reboot_drops_every_port_and_forgets)
{
	const struct sim_log_line *l;
	struct world w;
	char t[32];

	world_init(&w, 3, NULL);
	send_from(&w, 0, BCAST, MAC_A);
	run_for(&w, SIM_MS);
	sw_reboot(w.sw, 5 * SIM_S);
	for (int i = 0; i < 3; i++)
		cr_expect_not(w.host[i]->dev.carrier);
	cr_expect_eq(sw_fdb_count(w.sw), 0);
	run_for(&w, 4 * SIM_S);
	cr_expect_not(w.host[0]->dev.carrier);
	run_for(&w, 2 * SIM_S);
	for (int i = 0; i < 3; i++)
		cr_expect(w.host[i]->dev.carrier);
	cr_expect_eq(log_count(w.sw, "%SYS-5-RELOAD", NULL), 1);
	cr_expect_eq(log_count(w.sw, "%SYS-5-RESTART: System restarted --", &l), 1);
	cr_expect_str_eq(sim_time_format_sec(l->at, t, sizeof(t)), "5.001000");
	cr_expect_eq(log_count(w.sw, "changed state to down", NULL), 0,
		     "a reloading switch is mute");
	cr_expect_eq(log_count(w.sw, "changed state to up", NULL), 6);
	send_from(&w, 1, MAC_A, MAC_B);
	run_for(&w, SIM_MS);
	cr_expect_eq(w.h[2].rx, 2, "A forgotten: flooded");
	world_fini(&w);
}

Test(switch, frames_in_flight_at_teardown_are_released)
{
	struct world w;

	/* Lots of floods still queued in port NICs and on cables when the world is freed. */
	world_init(&w, 5, NULL);
	for (int i = 0; i < 200; i++)
		send_from(&w, i % 5, BCAST, MAC_A);
	run_for(&w, 20 * SIM_US);
	cr_expect_gt(w.sim->pool.live, 0);
	world_fini(&w);		/* asserts pool.live == 0 */
}

Test(switch, reports_are_consistent)
{
	struct world w;
	GString *js = g_string_new(NULL), *txt = g_string_new(NULL);
	struct json j;

	lag_world(&w, NULL);
	send_from(&w, 0, BCAST, MAC_A);
	send_from(&w, 2, BCAST, MAC_A);
	send_from(&w, 2, BCAST, MAC_C);
	run_for(&w, SIM_MS);
	json_init(&j, js);
	json_begin_object(&j, NULL);
	sw_report_json(w.sw, &j);
	json_end_object(&j);
	cr_expect(strstr(js->str, "\"mac_moves\": 1"), "%s", js->str);
	cr_expect(strstr(js->str, "\"from\": \"Po1\""), "%s", js->str);
	cr_expect(strstr(js->str, "\"to\": \"Gi0/3\""), "%s", js->str);
	cr_expect(strstr(js->str, "\"lag\": \"Po1\""), "%s", js->str);
	/* Gi0/3 is in no port-channel: the key is there, null */
	cr_assert(strstr(js->str, "\"name\": \"Gi0/3\""), "%s", js->str);
	cr_expect(strstr(js->str, "\"name\": \"Gi0/3\",\n      \"mac\": \"02:9d:49:58:00:03\",\n"
				  "      \"lag\": null,\n"), "%s", js->str);
	cr_expect(strstr(js->str, "\"mac\": \"00:16:36:1b:bb:74\""), "%s", js->str);
	cr_expect(strstr(js->str, "\"lag_hash\": \"src-dst-mac\""), "%s", js->str);
	cr_expect(strstr(js->str, "\"fdb_entries\": 2"), "%s", js->str);
	sw_report_text(w.sw, txt);
	cr_expect(strstr(txt->str, "00:16:36:1b:bb:74  moves 1  Po1->Gi0/3 1\n"), "%s", txt->str);
	cr_expect(strstr(txt->str, "Port-channels:\n  Po1  mode on  hash src-dst-mac  up  members "
				   "Gi0/1 Gi0/2  distributing Gi0/1 Gi0/2\n"), "%s", txt->str);
	cr_expect(strstr(txt->str, "MOVED") == NULL);
	cr_expect_eq(metric(w.sw, "sw1.lag.Po1.moves_out"), 1);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/3.moves_in"), 1);
	g_string_free(js, TRUE);
	g_string_free(txt, TRUE);
	world_fini(&w);
}

Test(switch, port_macs_are_deterministic)
{
	struct sim *sim = sim_new(1);
	struct sw *a = sw_new(sim, "core", NULL), *b = sw_new(sim, "core", NULL);
	struct nic *pa = sw_add_port(a, "Gi0/1"), *pb = sw_add_port(b, "Gi0/1");
	struct nic *pa2 = sw_add_port(a, "Gi0/2");

	cr_expect(mac_equal(pa->dev.mac, pb->dev.mac));
	cr_expect_not(mac_equal(pa->dev.mac, pa2->dev.mac));
	cr_expect_eq(pa->dev.mac[0], 0x02, "locally administered unicast");
	cr_expect_eq(pa2->dev.mac[5], 2);
	cr_expect_str_eq(pa->dev.owner_name, "core");
	sw_free(a);
	sw_free(b);
	sim_free(sim);
}

static void settle(struct world *w, enum wire_settle how)
{
	for (int i = 0; i < w->n; i++)
		link_settle(w->link[i], how);
}

/*
 * A port's TxFrames counts what left, as IOS's "packets output" and a
 * host NIC's tx_packets do, not what its queue took: h0 and h1 flood 40
 * frames each at line rate, all 80 for Gi0/3, which sends at half the
 * rate they come in.  After 20 us most are still queued there: not
 * counted out, nor as flooded, until they leave; what left is what h2
 * got but the one or two on the 1 us cable.
 */
Test(switch, tx_frames_and_flooded_count_what_left_not_what_was_queued)
{
	struct world w;
	struct sw_port *p3;
	int64_t tx, in;
	uint64_t held;

	world_init(&w, 3, NULL);
	p3 = sw_port_of(w.sw, w.port[2]);
	for (int i = 0; i < 40; i++) {
		send_from(&w, 0, MAC_D, MAC_A);
		send_from(&w, 1, MAC_D, MAC_B);
	}
	run_for(&w, 20 * SIM_US);
	settle(&w, WIRE_UNCOUNT);	/* as before a report */
	tx = metric(w.sw, "sw1.port.Gi0/3.tx_frames");
	in = metric(w.sw, "sw1.port.Gi0/1.rx_frames") + metric(w.sw, "sw1.port.Gi0/2.rx_frames");
	held = sw_port_held(p3);
	cr_assert_gt(held, 10);
	cr_assert_eq(tx + (int64_t)held, in, "every frame in went to Gi0/3: out or queued");
	cr_assert_eq(metric(w.sw, "sw1.port.Gi0/3.flooded"), tx);
	cr_assert_leq(tx, (int64_t)w.h[2].rx + 2);
	cr_assert_geq(tx, (int64_t)w.h[2].rx);
	settle(&w, WIRE_RECOUNT);
	run_for(&w, SIM_MS);
	settle(&w, WIRE_UNCOUNT);
	cr_assert_eq(metric(w.sw, "sw1.port.Gi0/3.tx_frames"), 80);
	cr_assert_eq(metric(w.sw, "sw1.port.Gi0/3.flooded"), 80);
	cr_assert_eq(metric(w.sw, "sw1.port.Gi0/1.flooded"), 40);
	cr_assert_eq(w.h[2].rx, 80);
	cr_assert_eq(sw_port_held(p3), 0);
	settle(&w, WIRE_RECOUNT);
	world_fini(&w);
}
