/*
 * test_sw_vlan.c - 802.1Q VLANs on the switch: access and trunk ports,
 * ingress filtering, per-VLAN learning and flooding, egress tagging.
 *
 * A star of plain NICs ("hosts") on switch ports, as in test_switch.c: each
 * host keeps what it received (count, the last frame's first bytes and
 * length, and its frames per VID), so each assertion reads as "who got
 * what, tagged how".  Every world ends with the frame pool empty.
 */
#include <criterion/criterion.h>
#include "link/link.h"
#include "link/nic.h"
#include "switch/switch.h"
#include "switch/sw_ios.h"
#include "switch/sw_priv.h"
#include "wire/wire.h"

#define MAXH 6
#define DELAY (1 * SIM_US)

struct host {
	uint64_t rx, untagged;
	uint64_t by_vid[4096];
	uint8_t last[32];
	uint32_t last_len;
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

static void host_rx(void *owner, struct frame *f, const struct rx_ctx *ctx)
{
	struct host *h = owner;

	(void)ctx;
	h->rx++;
	memcpy(h->last, f->data, MIN(sizeof(h->last), f->hdr_len));
	h->last_len = f->len;
	if (wire_has_8021q_tag(f->data, f->hdr_len))
		h->by_vid[wire_rd16(f->data + WIRE_VLAN_OFF_TCI) & WIRE_VLAN_VID_MASK]++;
	else
		h->untagged++;
	frame_unref(f);
}

static void world_init(struct world *w, int n)
{
	memset(w, 0, sizeof(*w));
	w->sim = sim_new(1);
	w->sw = sw_new(w->sim, "sw1", NULL);
	w->n = n;
	for (int i = 0; i < n; i++) {
		char hn[16], pn[NETDEV_NAME_MAX], ln[64];
		uint8_t mac[6] = { 0x52, 0x54, 0, 0, 0, (uint8_t)(i + 1) };

		g_snprintf(hn, sizeof(hn), "h%d", i);
		g_snprintf(pn, sizeof(pn), "Gi0/%d", i + 1);
		g_snprintf(ln, sizeof(ln), "%s.eth0--sw1.%s", hn, pn);
		w->host[i] = nic_new(w->sim, hn, "eth0", mac, 0);
		cr_assert(netdev_upper_register(&w->host[i]->dev,
						&(struct netdev_upper){ .rx = host_rx, .owner = &w->h[i] },
						NULL));
		w->port[i] = sw_add_port(w->sw, pn);
		w->link[i] = link_new(w->sim, ln, &w->host[i]->dev, &w->port[i]->dev,
				      1000000000ULL, DELAY);
	}
}

static void world_fini(struct world *w)
{
	for (int i = 0; i < w->n; i++)
		link_free(w->link[i]);
	for (int i = 0; i < w->n; i++)
		nic_free(w->host[i]);
	sw_free(w->sw);
	cr_expect_eq(w->sim->pool.live, 0, "frames still live: %" G_GUINT64_FORMAT,
		     w->sim->pool.live);
	sim_free(w->sim);
}

/* A 64-byte frame of a local experimental ethertype; @vid >= 0: tagged with it. */
static void send_from(struct world *w, int h, const uint8_t dst[6], const uint8_t src[6],
		      int vid)
{
	struct frame *f = frame_alloc(&w->sim->pool);
	uint8_t *p = frame_put(f, 14);

	memcpy(p, dst, 6);
	memcpy(p + 6, src, 6);
	p[12] = 0x88;
	p[13] = 0xb5;
	f->len = 64;
	if (vid >= 0) {
		frame_put(f, WIRE_VLAN_HLEN);
		wire_vlan_push(f->data, WIRE_ETH_HLEN, (uint16_t)(5 << WIRE_VLAN_PRIO_SHIFT | vid));
		f->len += WIRE_VLAN_HLEN;
	}
	netdev_xmit(&w->host[h]->dev, f);
}

static void run(struct world *w)
{
	sim_run(w->sim, w->sim->now + SIM_MS);
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

static void set_access(struct world *w, const char *port, uint16_t vid)
{
	GError *err = NULL;

	cr_assert(sw_set_vlan_access(w->sw, port, vid, &err), "%s", err ? err->message : "");
}

static void trunk(struct world *w, const char *port, const char *allowed, uint16_t native)
{
	struct sw_vlan_set set;
	GError *err = NULL;

	cr_assert(sw_vlan_list_parse(allowed, &set, &err), "%s", err ? err->message : "");
	cr_assert(sw_set_vlan_trunk(w->sw, port, &set, native, &err), "%s",
		  err ? err->message : "");
}

TestSuite(sw_vlan, .timeout = 20);

Test(sw_vlan, untagged_hosts_in_two_access_vlans_do_not_reach_each_other)
{
	struct world w;

	world_init(&w, 4);
	set_access(&w, "Gi0/1", 10);
	set_access(&w, "Gi0/2", 10);
	set_access(&w, "Gi0/3", 20);
	set_access(&w, "Gi0/4", 20);
	send_from(&w, 0, BCAST, MAC_A, -1);
	send_from(&w, 0, MAC_B, MAC_A, -1);	/* unknown unicast: flooded in VLAN 10 only */
	run(&w);
	cr_expect_eq(w.h[1].rx, 2);
	cr_expect_eq(w.h[1].untagged, 2, "an access port sends untagged");
	cr_expect_eq(w.h[2].rx + w.h[3].rx, 0, "VLAN 20 never sees VLAN 10");
	cr_expect_str_eq(sw_fdb_port_vlan(w.sw, 10, MAC_A), "Gi0/1");
	cr_expect_null(sw_fdb_port_vlan(w.sw, 1, MAC_A));
	cr_expect_null(sw_fdb_port_vlan(w.sw, 20, MAC_A));
	/* B answers from VLAN 20: A is unknown there, and B's flood stays in 20 */
	send_from(&w, 2, MAC_A, MAC_B, -1);
	run(&w);
	cr_expect_eq(w.h[0].rx, 0);
	cr_expect_eq(w.h[3].rx, 1);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/1.tx_frames"), 0);
	world_fini(&w);
}

Test(sw_vlan, trunk_floods_a_vlan_only_to_its_ports_and_tags_it)
{
	struct world w;

	world_init(&w, 5);
	trunk(&w, "Gi0/1", "all", 1);
	set_access(&w, "Gi0/2", 20);
	set_access(&w, "Gi0/3", 20);
	set_access(&w, "Gi0/4", 30);
	trunk(&w, "Gi0/5", "10,30", 1);		/* does not carry 20 */
	send_from(&w, 0, BCAST, MAC_A, 20);
	run(&w);
	cr_expect_eq(w.h[1].rx, 1);
	cr_expect_eq(w.h[2].rx, 1);
	cr_expect_eq(w.h[3].rx + w.h[4].rx, 0);
	cr_expect_eq(w.h[1].untagged, 1, "the tag comes off on an access port");
	cr_expect_eq(w.h[1].last_len, 64);
	cr_expect_eq(wire_rd16(w.h[1].last + WIRE_ETH_OFF_TYPE), 0x88b5);
	/* from an access port into the trunk: tagged 0x8100, PCP 0, DEI 0, VID 20 */
	send_from(&w, 1, MAC_A, MAC_B, -1);
	run(&w);
	cr_expect_eq(w.h[0].rx, 1);
	cr_expect_eq(w.h[0].by_vid[20], 1);
	cr_expect_eq(w.h[0].last[12], 0x81);
	cr_expect_eq(w.h[0].last[13], 0x00);
	cr_expect_eq(w.h[0].last[14], 0x00);
	cr_expect_eq(w.h[0].last[15], 20);
	cr_expect_eq(wire_rd16(w.h[0].last + 16), 0x88b5, "the ethertype follows the tag");
	cr_expect_eq(w.h[0].last_len, 68);
	cr_expect(memcmp(w.h[0].last + 6, MAC_B, 6) == 0);
	world_fini(&w);
}

Test(sw_vlan, mixed_flood_gives_each_port_its_own_form)
{
	struct world w;

	world_init(&w, 5);
	set_access(&w, "Gi0/1", 10);
	set_access(&w, "Gi0/2", 10);
	trunk(&w, "Gi0/3", "10", 1);
	trunk(&w, "Gi0/4", "all", 1);
	trunk(&w, "Gi0/5", "all", 10);		/* native 10: untagged there */
	send_from(&w, 0, BCAST, MAC_A, -1);
	run(&w);
	cr_expect_eq(w.h[1].untagged, 1);
	cr_expect_eq(w.h[2].by_vid[10], 1);
	cr_expect_eq(w.h[3].by_vid[10], 1);
	cr_expect_eq(w.h[4].untagged, 1);
	cr_expect_eq(w.h[4].rx, 1);
	/* and tagged in: the tag, PCP 5 as sent, stays on the trunks */
	send_from(&w, 2, BCAST, MAC_B, 10);
	run(&w);
	cr_expect_eq(w.h[0].untagged, 1);
	cr_expect_eq(w.h[1].untagged, 2);
	cr_expect_eq(w.h[3].by_vid[10], 2);
	cr_expect_eq(w.h[3].last[14] >> 5, 5, "an ingress tag is kept as it came");
	cr_expect_eq(w.h[4].untagged, 2);
	cr_expect_eq(metric(w.sw, "sw1.flooded"), 2);
	world_fini(&w);
}

Test(sw_vlan, tagged_frames_on_access_and_trunk_ports_are_filtered)
{
	struct world w;

	world_init(&w, 4);
	set_access(&w, "Gi0/1", 10);
	set_access(&w, "Gi0/2", 10);
	trunk(&w, "Gi0/3", "10,20", 1);
	send_from(&w, 0, BCAST, MAC_A, 20);	/* another VLAN on an access port */
	send_from(&w, 0, BCAST, MAC_A, 4095);
	send_from(&w, 2, BCAST, MAC_B, 30);	/* not allowed on the trunk */
	run(&w);
	cr_expect_eq(w.h[1].rx + w.h[2].rx + w.h[3].rx + w.h[0].rx, 0);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/1.drop.vlan_not_allowed"), 2);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/3.drop.vlan_not_allowed"), 1);
	cr_expect_null(sw_fdb_port_vlan(w.sw, 20, MAC_A), "nothing learnt from a dropped frame");
	/* the access VLAN tagged: taken, and untagged on the other access port */
	send_from(&w, 0, BCAST, MAC_A, 10);
	/* priority-tagged (VID 0): the access VLAN */
	send_from(&w, 1, BCAST, MAC_B, 0);
	run(&w);
	cr_expect_eq(w.h[1].untagged, 1);
	cr_expect_eq(w.h[0].untagged, 1);
	cr_expect_eq(w.h[0].last_len, 64, "the priority tag is gone");
	cr_expect_eq(w.h[2].by_vid[10], 2);
	cr_expect_eq(w.h[3].rx, 0, "Gi0/4 is access 1");
	world_fini(&w);
}

Test(sw_vlan, native_vlan_is_untagged_both_ways)
{
	struct world w;

	world_init(&w, 3);
	trunk(&w, "Gi0/1", "all", 99);
	set_access(&w, "Gi0/2", 99);
	set_access(&w, "Gi0/3", 1);
	send_from(&w, 0, BCAST, MAC_A, -1);	/* untagged on the trunk: VLAN 99 */
	run(&w);
	cr_expect_eq(w.h[1].rx, 1);
	cr_expect_eq(w.h[2].rx, 0);
	cr_expect_str_eq(sw_fdb_port_vlan(w.sw, 99, MAC_A), "Gi0/1");
	send_from(&w, 1, MAC_A, MAC_B, -1);	/* back: untagged on the trunk */
	run(&w);
	cr_expect_eq(w.h[0].untagged, 1);
	cr_expect_eq(w.h[0].last_len, 64);
	/* the native VID tagged is taken in it too, and leaves the trunk untagged */
	send_from(&w, 0, MAC_B, MAC_A, 99);
	run(&w);
	cr_expect_eq(w.h[1].rx, 2);
	cr_expect_eq(w.h[1].untagged, 2);
	world_fini(&w);
}

Test(sw_vlan, a_mac_in_two_vlans_is_two_entries_never_a_move)
{
	struct world w;

	world_init(&w, 3);
	set_access(&w, "Gi0/1", 10);
	set_access(&w, "Gi0/2", 20);
	for (int i = 0; i < 20; i++) {
		send_from(&w, i % 2, BCAST, MAC_A, -1);
		run(&w);
	}
	cr_expect_str_eq(sw_fdb_port_vlan(w.sw, 10, MAC_A), "Gi0/1");
	cr_expect_str_eq(sw_fdb_port_vlan(w.sw, 20, MAC_A), "Gi0/2");
	cr_expect_eq(sw_fdb_count(w.sw), 2);
	cr_expect_eq(metric(w.sw, "sw1.mac_moves"), 0);
	world_fini(&w);
}

Test(sw_vlan, a_flap_in_a_vlan_is_logged_with_that_vlan)
{
	struct world w;
	const GArray *lines;
	bool seen = false;

	world_init(&w, 3);
	trunk(&w, "Gi0/1", "all", 1);
	trunk(&w, "Gi0/2", "all", 1);
	for (int i = 0; i < 4; i++) {
		send_from(&w, i % 2, BCAST, MAC_A, 42);
		run(&w);
	}
	cr_expect_eq(metric(w.sw, "sw1.mac_moves"), 3);
	lines = sw_log(w.sw)->lines;
	for (guint i = 0; i < lines->len; i++)
		seen |= strstr(g_array_index(lines, struct sim_log_line, i).text,
			       "in vlan 42 is flapping") != NULL;
	cr_expect(seen);
	world_fini(&w);
}

Test(sw_vlan, port_channel_trunk_members_follow_the_channel)
{
	struct world w;
	struct sw_lag *lag;
	GError *err = NULL;

	world_init(&w, 4);
	lag = sw_add_lag(w.sw, "Po1", &err);
	cr_assert(sw_lag_add_port(lag, w.port[0], &err));
	cr_assert(sw_lag_add_port(lag, w.port[1], &err));
	cr_expect_not(sw_set_vlan_access(w.sw, "Gi0/1", 10, &err));
	cr_expect_str_eq(err->message, "Gi0/1 is a member of Po1, whose VLANs it follows: set them on Po1");
	g_clear_error(&err);
	cr_expect_not(sw_set_vlan_access(w.sw, "Gi0/9", 10, &err));
	g_clear_error(&err);
	trunk(&w, "Po1", "10,20", 1);
	set_access(&w, "Gi0/3", 10);
	set_access(&w, "Gi0/4", 30);
	send_from(&w, 2, BCAST, MAC_B, -1);
	run(&w);
	cr_expect_eq(w.h[0].by_vid[10] + w.h[1].by_vid[10], 1, "one copy, by one member, tagged");
	cr_expect_eq(w.h[3].rx, 0);
	send_from(&w, 0, MAC_B, MAC_A, 10);	/* in by either member: the channel's VLANs */
	send_from(&w, 1, BCAST, MAC_A, 30);	/* 30 not allowed on Po1 */
	run(&w);
	cr_expect_eq(w.h[2].untagged, 1);
	cr_expect_eq(w.h[3].rx, 0);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/2.drop.vlan_not_allowed"), 1);
	cr_expect_str_eq(sw_fdb_port_vlan(w.sw, 10, MAC_A), "Po1");
	world_fini(&w);
}

Test(sw_vlan, default_ports_bridge_vlan_1_tagged_or_not)
{
	struct world w;

	world_init(&w, 3);
	cr_expect_not(w.sw->vlan_aware);
	send_from(&w, 0, BCAST, MAC_A, -1);
	send_from(&w, 0, BCAST, MAC_A, 1);	/* VLAN 1 tagged: in, and out untagged */
	send_from(&w, 0, BCAST, MAC_A, 7);	/* another VLAN on access 1: dropped */
	run(&w);
	cr_expect_eq(w.h[1].rx, 2);
	cr_expect_eq(w.h[1].untagged, 2);
	cr_expect_eq(metric(w.sw, "sw1.port.Gi0/1.drop.vlan_not_allowed"), 1);
	trunk(&w, "Gi0/3", "all", 1);
	cr_expect_not(w.sw->vlan_aware, "a trunk of all with native 1 needs no VLAN path");
	trunk(&w, "Gi0/3", "1-100", 1);
	cr_expect(w.sw->vlan_aware);
	world_fini(&w);
}

Test(sw_vlan, vlan_lists_parse_and_print)
{
	struct sw_vlan_set s;
	GError *err = NULL;
	uint16_t vid;
	char *t;

	cr_assert(sw_vlan_list_parse("10,20,30-40", &s, &err));
	cr_expect(sw_vlan_set_has(&s, 10) && sw_vlan_set_has(&s, 35) && !sw_vlan_set_has(&s, 11));
	t = sw_vlan_set_text(&s);
	cr_expect_str_eq(t, "10,20,30-40");
	g_free(t);
	cr_assert(sw_vlan_list_parse("all", &s, &err));
	t = sw_vlan_set_text(&s);
	cr_expect_str_eq(t, "1-4094");
	g_free(t);
	cr_assert(sw_vlan_list_parse("none", &s, &err));
	t = sw_vlan_set_text(&s);
	cr_expect_str_eq(t, "none");
	g_free(t);
	cr_expect_not(sw_vlan_list_parse("10,,20", &s, &err));
	g_clear_error(&err);
	cr_expect_not(sw_vlan_list_parse("40-30", &s, &err));
	cr_expect_str_eq(err->message,
			 "bad VLAN range '40-30': write FIRST-LAST with LAST not below FIRST, e.g. 30-40");
	g_clear_error(&err);
	cr_expect_not(sw_vid_parse("0", &vid, &err));
	g_clear_error(&err);
	cr_expect_not(sw_vid_parse("4095", &vid, &err));
	cr_expect_str_eq(err->message,
			 "VLAN 4095 is reserved by 802.1Q (for implementations): write a VLAN ID from 1 to 4094");
	g_clear_error(&err);
	cr_expect_not(sw_vid_parse("5000", &vid, &err));
	g_clear_error(&err);
	cr_expect_not(sw_vid_parse("ten", &vid, &err));
	g_clear_error(&err);
	cr_expect(sw_vid_parse("4094", &vid, &err));
	cr_expect_eq(vid, 4094);
}

Test(sw_vlan, show_vlan_brief_and_interfaces_trunk)
{
	struct world w;
	struct sw_lag *lag;
	GError *err = NULL;
	GString *out = g_string_new(NULL);

	world_init(&w, 6);
	lag = sw_add_lag(w.sw, "Po1", &err);
	cr_assert(sw_lag_add_port(lag, w.port[4], &err));
	cr_assert(sw_lag_add_port(lag, w.port[5], &err));
	set_access(&w, "Gi0/1", 10);
	set_access(&w, "Gi0/2", 10);
	trunk(&w, "Po1", "10,20,30-40", 99);
	sw_vlan_define(w.sw, 20, "servers");
	sw_show_vlan_brief(w.sw, out);
	cr_expect_str_eq(out->str,
			 "VLAN Name                             Status    Ports\n"
			 "---- -------------------------------- --------- -------------------------------\n"
			 "1    default                          active    Gi0/3, Gi0/4\n"
			 "10   VLAN0010                         active    Gi0/1, Gi0/2\n"
			 "20   servers                          active\n"
			 "30   VLAN0030                         active\n"
			 "31   VLAN0031                         active\n"
			 "32   VLAN0032                         active\n"
			 "33   VLAN0033                         active\n"
			 "34   VLAN0034                         active\n"
			 "35   VLAN0035                         active\n"
			 "36   VLAN0036                         active\n"
			 "37   VLAN0037                         active\n"
			 "38   VLAN0038                         active\n"
			 "39   VLAN0039                         active\n"
			 "40   VLAN0040                         active\n"
			 "99   VLAN0099                         active\n");
	g_string_truncate(out, 0);
	sw_show_interfaces_trunk(w.sw, out);
	cr_expect_str_eq(out->str,
			 "\nPort        Mode             Encapsulation  Status        Native vlan\n"
			 "Po1         on               802.1q         trunking      99\n"
			 "\nPort        Vlans allowed on trunk\n"
			 "Po1         10,20,30-40\n"
			 "\nPort        Vlans allowed and active in management domain\n"
			 "Po1         10,20,30-40\n");
	g_string_free(out, TRUE);
	world_fini(&w);
}

/* A pasted config's VLANs: built on the switch, written back, read back the same. */
Test(sw_vlan, ios_switchport_lines_build_and_round_trip)
{
	static const char *const text =
		"hostname sw1\n"
		"vlan 20\n"
		" name servers\n"
		"interface Port-channel1\n"
		" switchport trunk encapsulation dot1q\n"
		" switchport mode trunk\n"
		" switchport trunk allowed vlan 10,20\n"
		" switchport trunk allowed vlan add 30-32\n"
		" switchport trunk allowed vlan remove 31\n"
		" switchport trunk native vlan 99\n"
		"interface range GigabitEthernet0/1 - 2\n"
		" channel-group 1 mode on\n"
		"interface GigabitEthernet0/3\n"
		" switchport mode access\n"
		" switchport access vlan 20\n"
		"interface GigabitEthernet0/4\n"
		" switchport trunk allowed vlan except 1-9\n"
		" switchport mode trunk\n"
		" switchport nonegotiate\n";
	struct sim *sim = sim_new(1);
	struct sw *sw = sw_new(sim, "sw1", NULL), *again;
	struct sw_ios *c = sw_ios_parse(text, "sw1.cfg", 1, NULL), *c2;
	struct sw_vlan_set allowed;
	GError *err = NULL;
	uint16_t pvid;
	bool trunk;
	char *list;

	cr_assert_not_null(c);
	cr_assert(sw_ios_apply(c, sw, &err), "%s", err ? err->message : "");
	cr_assert(sw_vlan_of(sw, "Po1", &trunk, &pvid, &allowed));
	list = sw_vlan_set_text(&allowed);
	cr_expect(trunk);
	cr_expect_eq(pvid, 99);
	cr_expect_str_eq(list, "10,20,30,32");
	g_free(list);
	cr_assert(sw_vlan_of(sw, "Gi0/3", &trunk, &pvid, NULL));
	cr_expect(!trunk && pvid == 20);
	cr_assert(sw_vlan_of(sw, "Gi0/4", &trunk, &pvid, &allowed));
	list = sw_vlan_set_text(&allowed);
	cr_expect_str_eq(list, "10-4094");
	g_free(list);
	cr_expect(strstr(sw_running_config(sw),
			 "interface Port-channel1\n switchport trunk native vlan 99\n"
			 " switchport trunk allowed vlan 10,20,30,32\n switchport mode trunk\n!\n"));
	cr_expect(strstr(sw_running_config(sw), "vlan 20\n name servers\n!\n"));
	cr_expect(strstr(sw_running_config(sw),
			 "interface GigabitEthernet0/3\n switchport access vlan 20\n"
			 " switchport mode access\n!\n"));
	/* read back: the same switch, the same running-config */
	c2 = sw_ios_parse(sw_running_config(sw), "rc", 1, &err);
	cr_assert_not_null(c2, "%s", err ? err->message : "");
	again = sw_new(sim, "sw1", NULL);
	cr_assert(sw_ios_apply(c2, again, &err), "%s", err ? err->message : "");
	cr_expect_str_eq(sw_running_config(again), sw_running_config(sw));
	sw_free(again);
	sw_ios_free(c2);
	sw_free(sw);
	sw_ios_free(c);
	sim_free(sim);
}

/*
 * IOS's global "vlan LIST": each VLAN of "10,20,30-32" is created (show vlan
 * brief lists them with their default names), a "vlan N" after it still
 * names one, and a running-config written from it reads back the same.
 */
Test(sw_vlan, ios_vlan_list_creates_each_vlan)
{
	static const char *const text =
		"hostname sw1\n"
		"vlan 10,20,30-32\n"
		"exit\n"
		"vlan 20\n"
		" name servers\n"
		"interface GigabitEthernet0/1\n"
		" switchport access vlan 10\n";
	struct sim *sim = sim_new(1);
	struct sw *sw = sw_new(sim, "sw1", NULL), *again;
	struct sw_ios *c = sw_ios_parse(text, "sw1.cfg", 1, NULL), *c2;
	GString *out = g_string_new(NULL);
	GError *err = NULL;

	cr_assert_not_null(c);
	cr_assert(sw_ios_apply(c, sw, &err), "%s", err ? err->message : "");
	sw_show_vlan_brief(sw, out);
	cr_expect_str_eq(out->str,
			 "VLAN Name                             Status    Ports\n"
			 "---- -------------------------------- --------- -------------------------------\n"
			 "1    default                          active\n"
			 "10   VLAN0010                         active    Gi0/1\n"
			 "20   servers                          active\n"
			 "30   VLAN0030                         active\n"
			 "31   VLAN0031                         active\n"
			 "32   VLAN0032                         active\n");
	c2 = sw_ios_parse(sw_running_config(sw), "rc", 1, &err);
	cr_assert_not_null(c2, "%s", err ? err->message : "");
	again = sw_new(sim, "sw1", NULL);
	cr_assert(sw_ios_apply(c2, again, &err), "%s", err ? err->message : "");
	cr_expect_str_eq(sw_running_config(again), sw_running_config(sw));
	g_string_free(out, TRUE);
	sw_free(again);
	sw_ios_free(c2);
	sw_free(sw);
	sw_ios_free(c);
	sim_free(sim);
}

/* "vlan LIST" refused as IOS would: a bad item, a bad list, a name for several VLANs. */
Test(sw_vlan, ios_vlan_list_errors_name_the_line)
{
	static const struct {
		const char *text, *error;
	} cases[] = {
		{ "vlan 10,4095\n",
		  "sw1.cfg:1: 'vlan 10,4095': VLAN 4095 is reserved by 802.1Q (for implementations): write a VLAN ID from 1 to 4094" },
		{ "vlan 10,,20\n",
		  "sw1.cfg:1: 'vlan 10,,20': bad VLAN list '10,,20': write VLAN IDs and ranges with commas, e.g. 10,20,30-40, each from 1 to 4094" },
		{ "vlan 10,20\n name web\n",
		  "sw1.cfg:2: 'name web' under 'vlan 10,20': IOS names one VLAN at a time, not a list; write vlan N, then name TEXT under it" },
		{ "vlan 10,20\n trunk group mlagpeer\n",
		  "sw1.cfg:2: 'trunk group mlagpeer': bondsim has no trunk groups; the one it takes (warned of) is the MLAG peering VLAN of an Arista mlag configuration's local-interface" },
		{ "vlan 10-12\n mtu 9000\n",
		  "sw1.cfg:2: unknown command 'mtu 9000' under vlan 10-12; bondsim takes there: trunk group NAME; exit (name NAME only under a vlan line of one VLAN)" },
	};

	for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
		GError *err = NULL;
		struct sw_ios *c = sw_ios_parse(cases[k].text, "sw1.cfg", 1, &err);

		cr_expect_null(c);
		cr_assert_not_null(err, "%s", cases[k].text);
		cr_expect_str_eq(err->message, cases[k].error);
		g_error_free(err);
	}
}
