/*
 * test_bond_alb.c - balance-tlb and balance-alb (bond_alb.c).
 *
 * DOC: On the bond rig (bond_rig.h: eth0..ethN-1 at 1 Gb/s, 1 us, to far
 * NICs p0..pN-1), opened at 0.  The ALB monitor and the MII monitor are
 * two works, each re-armed every 100 jiffies through the timer wheel's
 * rounding (bond_work_at(): up to the next 8-jiffy bucket strictly after
 * now + 100), so each ticks at 0, 104 ms, 208 ms, ... (tick k at k * 104
 * ms; at the same instant the ALB tick runs first, it was queued first).
 * The first rebalance (ordered by enslaving) runs at 0, the next at tick
 * 100, exactly 10.4 s.  Far-side frames are also recorded byte for byte here.
 * Frames are 1 Gb/s + 1 us away: a 60-byte frame sent at t arrives at
 * t + 672 ns + 1 us.
 */
#include "bond_rig.h"
#include "bond/bond_alb.h"
#include "link/vlan_dev.h"

TestSuite(bond_alb, .timeout = 30);

#define FAR_DELAY (672 + SIM_US)	/* a 60-byte frame: serialisation + cable */

/* A far-side frame, kept whole (its header bytes). */
struct seen {
	sim_time_t at;
	int port;
	uint16_t type;
	uint16_t hdr_len;
	uint32_t len;
	uint8_t data[FRAME_HDR_MAX];
};

static GArray *seen_frames;	/* struct seen, for the running test */

static void seen_rx(void *owner, struct frame *f, const struct rx_ctx *ctx)
{
	struct rig_port *p = owner;
	struct seen s = { .at = p->r->sim->now, .port = p->idx, .hdr_len = f->hdr_len,
			  .len = f->len };

	s.type = f->hdr_len >= 14 ? wire_rd16(f->data + 12) : 0;
	memcpy(s.data, f->data, f->hdr_len);
	g_array_append_val(seen_frames, s);
	rig_far_rx(owner, f, ctx);
}

/* Record everything the far NICs receive, then let the rig count it. */
static void record_far(struct rig *r)
{
	seen_frames = g_array_new(FALSE, FALSE, sizeof(struct seen));
	for (int i = 0; i < r->n; i++) {
		netdev_upper_unregister(&r->far[i]->dev, &r->port[i]);
		cr_assert(netdev_upper_register(&r->far[i]->dev, &(struct netdev_upper){
							.rx = seen_rx, .owner = &r->port[i] },
						NULL));
	}
}

static void seen_free(void)
{
	g_array_free(seen_frames, TRUE);
	seen_frames = NULL;
}

static int count_seen(int port, uint16_t type, sim_time_t from, sim_time_t to)
{
	int n = 0;

	for (guint i = 0; i < seen_frames->len; i++) {
		const struct seen *s = &g_array_index(seen_frames, struct seen, i);

		if ((port < 0 || s->port == port) && s->type == type && s->at >= from && s->at < to)
			n++;
	}
	return n;
}

/* The last far-side frame of @type, or NULL. */
static const struct seen *last_seen(uint16_t type)
{
	for (guint i = seen_frames->len; i-- > 0;)
		if (g_array_index(seen_frames, struct seen, i).type == type)
			return &g_array_index(seen_frames, struct seen, i);
	return NULL;
}

/* Destination @d: MAC 02:dd:00:00:00:d, IP 10.0.1.d. */
static void dest_mac(int d, uint8_t mac[6])
{
	const uint8_t m[6] = { 0x02, 0xdd, 0, 0, 0, (uint8_t)d };

	memcpy(mac, m, 6);
}

/* An IPv4/UDP-less frame from the bond to destination @d, @len bytes long. */
static struct frame *dest_frame(struct rig *r, int d, uint32_t len, uint32_t seq)
{
	struct frame *f = frame_alloc(&r->sim->pool);
	uint8_t *p = frame_put(f, WIRE_ETH_HLEN + WIRE_IPV4_HLEN);

	dest_mac(d, p);
	memcpy(p + 6, r->bond->dev.mac, 6);
	wire_wr16(p + 12, WIRE_ETH_P_IP);
	p += WIRE_ETH_HLEN;
	p[0] = 0x45;
	wire_wr16(p + 2, (uint16_t)(len - WIRE_ETH_HLEN));
	p[8] = 64;
	p[9] = 17;
	wire_wr32(p + 12, RIG_BOND_IP);
	wire_wr32(p + 16, 0x0a000100u | (uint32_t)d);
	f->len = len;
	f->meta.seq = seq;
	return f;
}

static void send_to(struct rig *r, int d, uint32_t len)
{
	netdev_xmit(&r->bond->dev, dest_frame(r, d, len, 0));
}

/* The port the last IPv4 frame to destination @d arrived on, -1 if none. */
static int port_of_dest(int d)
{
	for (guint i = seen_frames->len; i-- > 0;) {
		const struct seen *s = &g_array_index(seen_frames, struct seen, i);

		if (s->type == WIRE_ETH_P_IP && s->data[5] == d && s->data[1] == 0xdd)
			return s->port;
	}
	return -1;
}

static const struct alb_bond_info *info(const struct rig *r)
{
	const struct alb_bond_info *bi = bond_alb_info(r->bond);

	cr_assert(bi);
	return bi;
}

/* The tlb entry layer2 gives destination @d: (dst[5] ^ src[5] ^ 0x0800) & 0xff. */
static const struct tlb_client_info *entry_of(const struct rig *r, int d)
{
	return &info(r)->tx_hashtbl[((unsigned)d ^ r->bond->dev.mac[5]) & 0xff];
}

/* ---- balance-tlb --------------------------------------------------------------- */

Test(bond_alb, tlb_enslave_keeps_own_macs_first_slave_active_learns_twice)
{
	struct rig r;

	rig_init(&r, 2, "mode=balance-tlb miimon=100");
	record_far(&r);
	rig_enslave_all(&r);
	bond_open(r.bond);
	rig_run(&r, 50 * SIM_MS);
	/* bond_alb_init_slave(): each slave back to its own address */
	cr_expect(mac_equal(r.bond->dev.mac, r.nic[0]->dev.perm_mac));
	cr_expect(mac_equal(r.nic[0]->dev.mac, r.nic[0]->dev.perm_mac));
	cr_expect(mac_equal(r.nic[1]->dev.mac, r.nic[1]->dev.perm_mac));
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 0));
	/* active for transmit (never backup), inactive for receive unless curr_active */
	cr_expect(!bond_slave(r.bond, 0)->backup && !bond_slave(r.bond, 0)->inactive);
	cr_expect(!bond_slave(r.bond, 1)->backup && bond_slave(r.bond, 1)->inactive);
	rig_expect_log(&r, "(slave eth0): making interface the new active one", 0);
	cr_expect_eq(rig_log_count(&r, "Enslaving as an active interface with an up link"), 2);
	/* eth0 swapped with itself: its learning packet twice, nothing on eth1 */
	cr_expect_eq(count_seen(0, ALB_ETH_P_LOOPBACK, 0, SIM_S), 2);
	cr_expect_eq(count_seen(1, ALB_ETH_P_LOOPBACK, 0, SIM_S), 0);
	cr_expect(mac_equal(last_seen(ALB_ETH_P_LOOPBACK)->data, r.bond->dev.mac));
	cr_expect(mac_equal(last_seen(ALB_ETH_P_LOOPBACK)->data + 6, r.bond->dev.mac));
	cr_expect_eq(last_seen(ALB_ETH_P_LOOPBACK)->len, 60);
	/* back to back on the wire: at +672 ns + 1 us and 672 ns later */
	cr_expect_eq(count_seen(0, ALB_ETH_P_LOOPBACK, FAR_DELAY, FAR_DELAY + 1), 1);
	cr_expect_eq(last_seen(ALB_ETH_P_LOOPBACK)->at, FAR_DELAY + 672);
	seen_free();
	rig_free(&r);
}

Test(bond_alb, tlb_learning_packets_every_10_ticks_from_each_slave_with_its_own_mac)
{
	struct rig r;

	rig_build(&r, 2, "mode=balance-tlb miimon=100");
	record_far(&r);
	/* lp_counter reaches 10 at tick 9 (0.936 s), then every 10 ticks (1.976 s,
	 * 3.016 s; the next, at 4.056 s, is past the run); eth0's two of the
	 * first activation were still on the cable */
	rig_run(&r, 3050 * SIM_MS);
	cr_expect_eq(count_seen(0, ALB_ETH_P_LOOPBACK, 0, 5 * SIM_S), 2 + 3);
	cr_expect_eq(count_seen(1, ALB_ETH_P_LOOPBACK, 0, 5 * SIM_S), 3);
	cr_expect_eq(count_seen(1, ALB_ETH_P_LOOPBACK, 936 * SIM_MS + FAR_DELAY,
				936 * SIM_MS + FAR_DELAY + 1), 1);
	cr_expect(mac_equal(last_seen(ALB_ETH_P_LOOPBACK)->data + 6, r.nic[1]->dev.perm_mac));
	seen_free();
	rig_free(&r);
}

/*
 * alb_send_lp_vid() sets skb->priority = TC_PRIO_CONTROL: a learning packet
 * passes the data queued on its slave.  300 frames of 1500 bytes (12.192 us
 * each on the wire) queued on eth0 at 934 ms keep it busy until 937.658 ms;
 * the learning packet of tick 9 (936 ms) leaves right after the frame on the
 * wire then (the 165th, 935.999488 to 936.011680 ms) and arrives 672 ns +
 * 1 us later, with 135 data frames still behind it.
 */
Test(bond_alb, tlb_learning_packet_passes_the_data_queued_on_its_slave)
{
	struct rig r;

	rig_build(&r, 2, "mode=balance-tlb miimon=100");
	record_far(&r);
	rig_run(&r, 934 * SIM_MS);
	for (int i = 0; i < 300; i++)
		send_to(&r, 1, 1500);
	rig_run(&r, SIM_S);
	cr_expect_eq(count_seen(0, WIRE_ETH_P_IP, 0, SIM_S), 300);
	cr_expect_eq(count_seen(0, ALB_ETH_P_LOOPBACK, 935 * SIM_MS, SIM_S), 1);
	cr_expect_eq(count_seen(0, ALB_ETH_P_LOOPBACK, 936011680 + FAR_DELAY,
				936011680 + FAR_DELAY + 1), 1);
	cr_expect_eq(count_seen(0, WIRE_ETH_P_IP, 936011680 + FAR_DELAY + 1, SIM_S), 135);
	seen_free();
	rig_free(&r);
}

/*
 * BOND_ALB_LP_TICKS() is lp_interval * 10 in an int that wraps: 2147483647
 * gives -10, so every tick sends (ticks 0..9 in the first second, 10 per
 * slave, plus eth0's two of the first activation); 429496730 gives 4
 * (ticks 3 and 7); 214748364 gives 2147483640, never.
 */
static int lp_in_first_second(const char *opts, int port)
{
	struct rig r;
	int n;

	rig_build(&r, 2, opts);
	record_far(&r);
	rig_run(&r, SIM_S);
	n = count_seen(port, ALB_ETH_P_LOOPBACK, 0, SIM_S);
	seen_free();
	rig_free(&r);
	return n;
}

Test(bond_alb, lp_interval_ticks_wrap_in_an_int_as_the_kernel_s)
{
	cr_expect_eq(lp_in_first_second("mode=balance-tlb lp_interval=2147483647", 0), 2 + 10);
	cr_expect_eq(lp_in_first_second("mode=balance-tlb lp_interval=2147483647", 1), 10);
	cr_expect_eq(lp_in_first_second("mode=balance-tlb lp_interval=429496730", 1), 2);
	cr_expect_eq(lp_in_first_second("mode=balance-tlb lp_interval=214748364", 1), 0);
}

Test(bond_alb, tlb_every_new_destination_on_the_first_slave_until_the_tick_100_rebalance)
{
	struct rig r;

	rig_build(&r, 2, "mode=balance-tlb miimon=100");
	record_far(&r);
	rig_run(&r, SIM_S);
	for (int d = 0; d < 16; d++)
		send_to(&r, d, 1042);
	rig_run(&r, 5 * SIM_S);
	cr_expect_eq(count_seen(0, WIRE_ETH_P_IP, 0, 20 * SIM_S), 16);
	cr_expect_eq(count_seen(1, WIRE_ETH_P_IP, 0, 20 * SIM_S), 0);
	for (int d = 0; d < 16; d++) {
		cr_expect_eq(entry_of(&r, d)->tx_slave, bond_slave(r.bond, 0));
		cr_expect_eq(entry_of(&r, d)->tx_bytes, 1042);
		cr_expect_eq(entry_of(&r, d)->load_history, 0);
	}
	cr_expect_eq(bond_slave(r.bond, 0)->tlb_info.load, 0, "no history: no load");
	/* the rebalance at tick 100 (10.4 s): unassigned, load_history = 1 + bytes / 10 */
	rig_run(&r, 10400 * SIM_MS + 50 * SIM_MS);
	for (int d = 0; d < 16; d++) {
		cr_expect_null(entry_of(&r, d)->tx_slave);
		cr_expect_eq(entry_of(&r, d)->load_history, 1 + 1042 / 10);
		cr_expect_eq(entry_of(&r, d)->tx_bytes, 0);
	}
	/* placed again by load: equal histories alternate, the first of equals first */
	for (int d = 0; d < 16; d++)
		send_to(&r, d, 1042);
	rig_run(&r, 11 * SIM_S);
	for (int d = 0; d < 16; d++)
		cr_expect_eq(port_of_dest(d), d % 2, "destination %d on port %d", d, port_of_dest(d));
	cr_expect_eq(bond_slave(r.bond, 0)->tlb_info.load, 8 * 105);
	cr_expect_eq(bond_slave(r.bond, 1)->tlb_info.load, 8 * 105);
	seen_free();
	rig_free(&r);
}

Test(bond_alb, tlb_rebalance_exactly_every_100_monitor_ticks)
{
	struct rig r;

	rig_build(&r, 2, "mode=balance-tlb miimon=100");
	/* the first tick (t = 0) rebalances at once: enslaving ordered it; then
	 * every 100 ticks of 104 ms: 10.4 s, 20.8 s */
	rig_run(&r, 10400 * SIM_MS - 1);
	cr_expect_eq(info(&r)->stats.rebalances, 1);
	cr_expect_eq(info(&r)->stats.last_rebalance, 0);
	rig_run(&r, 10400 * SIM_MS);
	cr_expect_eq(info(&r)->stats.rebalances, 2);
	cr_expect_eq(info(&r)->stats.last_rebalance, 10400 * SIM_MS);
	rig_run(&r, 20800 * SIM_MS);
	cr_expect_eq(info(&r)->stats.rebalances, 3);
	cr_expect_eq(info(&r)->stats.last_rebalance, 20800 * SIM_MS);
	rig_free(&r);
}

/*
 * A heavy destination (1000 x 1000 bytes), a light one (10 x 1000 bytes) and
 * 5000 bytes of broadcast (unbalanced, on the active slave) before the
 * rebalance at tick 100 (10.4 s); after it the active slave starts with load
 * 5000 / 10 = 500, so the heavy destination (history 1 + 100000) goes to
 * eth1, the light one (1 + 1000) and a new one (0) to eth0.
 */
Test(bond_alb, tlb_rebalance_places_by_load_history_and_unbalanced_load)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct rig r;

	rig_build(&r, 2, "mode=balance-tlb miimon=100");
	record_far(&r);
	rig_run(&r, SIM_S);
	for (int batch = 0; batch < 10; batch++) {
		for (int i = 0; i < 100; i++)
			send_to(&r, 1, 1000);
		rig_run(&r, r.sim->now + 10 * SIM_MS);
	}
	for (int i = 0; i < 10; i++)
		send_to(&r, 2, 1000);
	for (int i = 0; i < 50; i++) {
		struct frame *f = rig_frame(&r, bcast, 17, 0);

		netdev_xmit(&r.bond->dev, f);
	}
	rig_run(&r, 10400 * SIM_MS + 50 * SIM_MS);
	cr_expect_eq(entry_of(&r, 1)->load_history, 100001);
	cr_expect_eq(entry_of(&r, 2)->load_history, 1001);
	cr_expect_eq(bond_slave(r.bond, 0)->tlb_info.load, 500);
	cr_expect_eq(bond_slave(r.bond, 1)->tlb_info.load, 0);
	send_to(&r, 1, 1000);
	send_to(&r, 2, 1000);
	send_to(&r, 3, 1000);
	rig_run(&r, 11 * SIM_S);
	cr_expect_eq(port_of_dest(1), 1);
	cr_expect_eq(port_of_dest(2), 0);
	cr_expect_eq(port_of_dest(3), 0);
	cr_expect_eq(bond_slave(r.bond, 0)->tlb_info.load, 500 + 1001);
	cr_expect_eq(bond_slave(r.bond, 1)->tlb_info.load, 100001);
	seen_free();
	rig_free(&r);
}

/* compute_gap() shifts the speed in 32 bits: 25000 << 20 wraps below 1000 << 20. */
static int first_port_with_speeds(uint64_t s0, uint64_t s1)
{
	struct rig r;
	int port;

	rig_init(&r, 2, "mode=balance-tlb miimon=100");
	record_far(&r);
	r.nic[0]->dev.speed_bps = s0;
	r.nic[1]->dev.speed_bps = s1;
	rig_enslave_all(&r);
	bond_open(r.bond);
	rig_run(&r, SIM_S);
	send_to(&r, 7, 1042);
	rig_run(&r, 2 * SIM_S);
	port = port_of_dest(7);
	seen_free();
	rig_free(&r);
	return port;
}

Test(bond_alb, tlb_gap_is_shifted_in_32_bits_as_the_kernel_does)
{
	cr_expect_eq(first_port_with_speeds(10000000000ULL, 1000000000ULL), 0, "10G: 1895825408");
	cr_expect_eq(first_port_with_speeds(25000000000ULL, 1000000000ULL), 1, "25G: 444596224");
	cr_expect_eq(first_port_with_speeds(1000000000ULL, 2500000000ULL), 1, "faster wins");
}

Test(bond_alb, tlb_dynamic_lb_0_hashes_over_usable_slaves_and_runs_no_monitor)
{
	struct rig r;
	GString *proc = g_string_new(NULL);

	rig_build(&r, 2, "mode=balance-tlb miimon=100 tlb_dynamic_lb=0");
	record_far(&r);
	rig_run(&r, SIM_S);
	/* layer2: dst[5] ^ src[5] ^ 0x0800; the bond's src[5] (0x10) is even */
	for (int d = 0; d < 10; d++)
		send_to(&r, d, 1042);
	rig_run(&r, 3 * SIM_S);
	for (int d = 0; d < 10; d++)
		cr_expect_eq(port_of_dest(d), d % 2, "destination %d", d);
	/* no monitor: no learning packets but the two of the first activation */
	cr_expect_eq(count_seen(0, ALB_ETH_P_LOOPBACK, 0, 10 * SIM_S), 2);
	cr_expect_eq(count_seen(1, ALB_ETH_P_LOOPBACK, 0, 10 * SIM_S), 0);
	cr_expect_eq(info(&r)->stats.rebalances, 0);
	cr_expect_eq(info(&r)->stats.learning_packets, 2);
	bond_proc_dump(r.bond, proc);
	cr_expect(strstr(proc->str, "Bonding Mode: transmit load balancing\n"
				    "Transmit Hash Policy: layer2 (0)\n"
				    "Primary Slave: None\n"
				    "Currently Active Slave: eth0\n"), "%s", proc->str);
	/* eth1 gone from usable_slaves: everything on eth0 */
	rig_cable(&r, 1, false);
	rig_run(&r, 3200 * SIM_MS);
	for (int d = 10; d < 20; d++)
		send_to(&r, d, 1042);
	rig_run(&r, 4 * SIM_S);
	for (int d = 10; d < 20; d++)
		cr_expect_eq(port_of_dest(d), 0, "destination %d", d);
	g_string_free(proc, TRUE);
	seen_free();
	rig_free(&r);
}

Test(bond_alb, tlb_failure_swaps_the_bond_mac_onto_the_survivor_and_teaches_the_switch)
{
	struct rig r;
	uint8_t bond_mac[6], perm1[6];

	rig_build(&r, 2, "mode=balance-tlb miimon=100");
	record_far(&r);
	memcpy(bond_mac, r.bond->dev.mac, 6);
	memcpy(perm1, r.nic[1]->dev.perm_mac, 6);
	rig_run(&r, 1050 * SIM_MS);
	rig_cable(&r, 0, false);
	rig_run(&r, 1200 * SIM_MS);
	/* seen at the next MII tick, tick 11 at 1.144 s */
	rig_expect_log(&r, "(slave eth1): making interface the new active one", 1144 * SIM_MS);
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 1));
	/* alb_swap_mac_addr(): the bond keeps its MAC, the survivor wears it */
	cr_expect(mac_equal(r.bond->dev.mac, bond_mac));
	cr_expect(mac_equal(r.nic[1]->dev.mac, bond_mac));
	cr_expect(mac_equal(r.nic[0]->dev.mac, perm1));
	cr_expect_eq(info(&r)->stats.mac_swaps, 1);
	cr_expect(!bond_slave(r.bond, 1)->inactive && bond_slave(r.bond, 0)->inactive);
	/* alb_fasten_mac_swap(): one learning packet from eth1 with the bond's MAC */
	cr_expect_eq(count_seen(1, ALB_ETH_P_LOOPBACK, 1144 * SIM_MS + FAR_DELAY,
				1144 * SIM_MS + FAR_DELAY + 1), 1);
	cr_expect(mac_equal(last_seen(ALB_ETH_P_LOOPBACK)->data + 6, bond_mac));
	/* the failover is told as a NETDEV_BONDING_FAILOVER (no GARP: peers need none) */
	cr_expect_eq(r.active_evs->len, 2);
	cr_expect_eq(r.garps->len, 0);
	/* frames to the bond's MAC now come in on eth1 and go up */
	{
		struct frame *f = rig_frame(&r, bond_mac, 17, 0);

		memcpy(f->data + 6, rig_responder_mac, 6);
		netdev_xmit(&r.far[1]->dev, f);
	}
	rig_run(&r, 1300 * SIM_MS);
	cr_expect_eq(r.bond_rx, 1);
	/* back: eth0 keeps the address it was given, eth1 stays active */
	rig_cable(&r, 0, true);
	rig_run(&r, 1500 * SIM_MS);
	cr_expect_eq(bond_slave(r.bond, 0)->link, BOND_LINK_UP);
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 1));
	cr_expect(mac_equal(r.nic[0]->dev.mac, perm1));
	seen_free();
	rig_free(&r);
}

/* bond_do_alb_xmit(): only frames off the active slave get the slave's own source. */
Test(bond_alb, tlb_source_mac_rewritten_byte_for_byte_on_a_copy)
{
	struct rig r;
	struct frame *f[2];
	uint8_t orig[2][34];

	rig_build(&r, 2, "mode=balance-tlb miimon=100");
	record_far(&r);
	rig_run(&r, SIM_S);
	send_to(&r, 4, 1042);	/* history for two destinations, so that they */
	send_to(&r, 5, 1042);	/* alternate after the rebalance at 10.4 s (tick 100) */
	rig_run(&r, 10400 * SIM_MS + 50 * SIM_MS);
	for (int i = 0; i < 2; i++) {
		f[i] = dest_frame(&r, 4 + i, 1042, (uint32_t)(100 + i));
		memcpy(orig[i], f[i]->data, 34);
		frame_ref(f[i]);	/* shared: the bond must write on a copy */
		netdev_xmit(&r.bond->dev, f[i]);
	}
	rig_run(&r, 11 * SIM_S);
	for (int i = 0; i < 2; i++) {
		const struct seen *s = NULL;

		for (guint k = 0; k < seen_frames->len; k++) {
			const struct seen *x = &g_array_index(seen_frames, struct seen, k);

			if (x->type == WIRE_ETH_P_IP && x->at > 10400 * SIM_MS && x->data[5] == 4 + i)
				s = x;
		}
		cr_assert(s);
		cr_expect_eq(s->port, i);
		cr_expect_eq(s->hdr_len, 34);
		cr_expect_eq(s->len, 1042);
		cr_expect(memcmp(f[i]->data, orig[i], 34) == 0, "the sender's frame is untouched");
		cr_expect(memcmp(s->data, orig[i], 6) == 0, "destination kept");
		cr_expect(mac_equal(s->data + 6, i ? r.nic[1]->dev.perm_mac : r.bond->dev.mac));
		cr_expect(memcmp(s->data + 12, orig[i] + 12, 34 - 12) == 0, "the rest untouched");
		frame_unref(f[i]);
	}
	cr_expect_eq(info(&r)->stats.tx_src_rewritten, 1, "only the frame on eth1");
	seen_free();
	rig_free(&r);
}

Test(bond_alb, tlb_inactive_slave_drops_what_it_receives)
{
	struct rig r;

	rig_build(&r, 2, "mode=balance-tlb miimon=100");
	rig_run(&r, SIM_S);
	for (int i = 0; i < 2; i++) {
		struct frame *f = rig_frame(&r, i ? r.nic[1]->dev.mac : r.bond->dev.mac, 17, 0);

		memcpy(f->data + 6, rig_responder_mac, 6);
		netdev_xmit(&r.far[i]->dev, f);
	}
	rig_run(&r, 2 * SIM_S);
	cr_expect_eq(r.bond_rx, 1, "only the active slave's frame goes up");
	cr_expect_eq(bond_slave_rx_dropped_inactive(bond_slave(r.bond, 1)), 1);
	rig_free(&r);
}

/* ---- balance-alb: receive balancing through ARP ------------------------------ */

#define CLIENT_IP(d) (0x0a000000u | (uint32_t)(d))	/* 10.0.0.d */

static void client_mac(uint32_t ip, uint8_t mac[6])
{
	const uint8_t m[6] = { 0x02, 0xcc, 0, (uint8_t)(ip >> 16), (uint8_t)(ip >> 8), (uint8_t)ip };

	memcpy(mac, m, 6);
}

/* The ARP the host above the bond would send: sender = the bond's MAC and address. */
static void bond_arp(struct rig *r, uint16_t op, uint32_t tip)
{
	struct wire_arp a = { .op = op, .sip = RIG_BOND_IP, .tip = tip };
	uint8_t dst[6];

	memcpy(a.sha, r->bond->dev.mac, 6);
	if (op == WIRE_ARP_OP_REPLY) {
		client_mac(tip, a.tha);
		memcpy(dst, a.tha, 6);
	} else {
		memcpy(dst, mac_broadcast, 6);	/* tha stays zero, as Linux sends it */
	}
	netdev_xmit(&r->bond->dev, wire_arp_frame_new(r->sim, dst, r->bond->dev.mac, &a));
}

/* Client @ip answers the bond (to the bond's MAC) through far port @port. */
static void client_reply(struct rig *r, int port, uint32_t ip)
{
	struct wire_arp a = { .op = WIRE_ARP_OP_REPLY, .sip = ip, .tip = RIG_BOND_IP };

	client_mac(ip, a.sha);
	memcpy(a.tha, r->bond->dev.mac, 6);
	netdev_xmit(&r->far[port]->dev, wire_arp_frame_new(r->sim, r->bond->dev.mac, a.sha, &a));
}

/* The 42 bytes of an ARP reply telling client @ip that the bond's address is at @mac. */
static void expected_reply(uint32_t ip, const uint8_t mac[6], uint8_t out[42])
{
	uint8_t cm[6];

	client_mac(ip, cm);
	memcpy(out, cm, 6);
	memcpy(out + 6, mac, 6);
	out[12] = 0x08, out[13] = 0x06;			/* ARP */
	out[14] = 0, out[15] = 1, out[16] = 8, out[17] = 0;	/* Ethernet, IPv4 */
	out[18] = 6, out[19] = 4, out[20] = 0, out[21] = 2;	/* lengths, reply */
	memcpy(out + 22, mac, 6);
	wire_wr32(out + 28, RIG_BOND_IP);
	memcpy(out + 32, cm, 6);
	wire_wr32(out + 38, ip);
}

/* ARP replies to client @ip seen on @port in [from, to). */
static int replies_to(uint32_t ip, int port, sim_time_t from, sim_time_t to)
{
	int n = 0;

	for (guint i = 0; i < seen_frames->len; i++) {
		const struct seen *s = &g_array_index(seen_frames, struct seen, i);

		if (s->type == WIRE_ETH_P_ARP && s->port == port && s->at >= from && s->at < to &&
		    wire_rd16(s->data + 20) == WIRE_ARP_OP_REPLY && wire_rd32(s->data + 38) == ip)
			n++;
	}
	return n;
}

/* Every ARP reply to @ip on @port in [from, to) is byte for byte @want. */
static void expect_replies_are(uint32_t ip, int port, sim_time_t from, sim_time_t to,
			       const uint8_t want[42])
{
	for (guint i = 0; i < seen_frames->len; i++) {
		const struct seen *s = &g_array_index(seen_frames, struct seen, i);

		if (s->type != WIRE_ETH_P_ARP || s->port != port || s->at < from || s->at >= to ||
		    wire_rd16(s->data + 20) != WIRE_ARP_OP_REPLY || wire_rd32(s->data + 38) != ip)
			continue;
		cr_expect_eq(s->hdr_len, 42);
		cr_expect(memcmp(s->data, want, 42) == 0, "ARP to %08x at %" G_GINT64_FORMAT
			  " differs", ip, (gint64)s->at);
	}
}

static struct slave *client_slave(const struct rig *r, uint32_t ip)
{
	const struct rlb_client_info *c = bond_rlb_client(r->bond, ip);

	return c ? c->slave : NULL;
}

/* Three clients told by the bond's replies at 1 s: .11 eth0, .12 eth1, .13 eth0. */
static void alb_three_clients(struct rig *r, const char *opts)
{
	rig_build(r, 2, opts);
	record_far(r);
	rig_run(r, SIM_S);
	for (int d = 11; d <= 13; d++)
		bond_arp(r, WIRE_ARP_OP_REPLY, CLIENT_IP(d));
	rig_run(r, 2 * SIM_S);
}

Test(bond_alb, alb_slaves_wear_own_macs_inactive_passes_unicast_only)
{
	struct rig r;

	rig_build(&r, 2, "mode=balance-alb miimon=100");
	cr_expect(mac_equal(r.nic[1]->dev.mac, r.nic[1]->dev.perm_mac));
	cr_expect(bond_slave(r.bond, 1)->inactive);
	rig_run(&r, SIM_S);
	/* to eth1's own MAC: up through the bond; a broadcast on eth1: dropped */
	for (int i = 0; i < 2; i++) {
		struct frame *f = rig_frame(&r, i ? mac_broadcast : r.nic[1]->dev.mac, 17, 0);

		memcpy(f->data + 6, rig_responder_mac, 6);
		netdev_xmit(&r.far[1]->dev, f);
	}
	rig_run(&r, 2 * SIM_S);
	cr_expect_eq(r.bond_rx, 1);
	cr_expect_eq(bond_slave_rx_dropped_inactive(bond_slave(r.bond, 1)), 1);
	rig_free(&r);
}

Test(bond_alb, alb_replies_assign_clients_round_robin_and_say_the_slave_mac)
{
	struct rig r;
	uint8_t want[42];

	alb_three_clients(&r, "mode=balance-alb miimon=100");
	cr_expect_eq(client_slave(&r, CLIENT_IP(11)), bond_slave(r.bond, 0));
	cr_expect_eq(client_slave(&r, CLIENT_IP(12)), bond_slave(r.bond, 1));
	cr_expect_eq(client_slave(&r, CLIENT_IP(13)), bond_slave(r.bond, 0));
	cr_expect_eq(info(&r)->stats.rlb_replies_rewritten, 3);
	/* the replies at 1 s, then the first update round at the next tick (tick 10,
	 * 1.04 s, no delay pending yet): 2 more replies each, all the same bytes */
	for (int d = 11; d <= 13; d++) {
		int port = d == 12;

		cr_expect_eq(replies_to(CLIENT_IP(d), port, SIM_S, 1040 * SIM_MS), 1, "client %d", d);
		cr_expect_eq(replies_to(CLIENT_IP(d), port, 1040 * SIM_MS, 1041 * SIM_MS), 2);
		cr_expect_eq(replies_to(CLIENT_IP(d), !port, 0, 2 * SIM_S), 0);
		expected_reply(CLIENT_IP(d), r.nic[port]->dev.mac, want);
		expect_replies_are(CLIENT_IP(d), port, 0, 2 * SIM_S, want);
	}
	cr_expect_eq(info(&r)->stats.rlb_update_rounds, 1);
	cr_expect_eq(info(&r)->stats.rlb_updates_sent, 6);
	cr_expect_eq(info(&r)->stats.rlb_last_update, 1040 * SIM_MS);
	cr_expect(!bond_rlb_client(r.bond, CLIENT_IP(12))->ntt);
	seen_free();
	rig_free(&r);
}

/*
 * The bond's own broadcast request carries the bond's MAC: it leaves on its
 * target's slave (eth1 for the 4th client) with eth1's Ethernet source but
 * the bond's MAC as ARP sender.  The clients off the active slave (.12) are
 * marked, and the corrective replies wait RLB_UPDATE_DELAY: the request went
 * at 3 s, between tick 28 (2.912 s) and tick 29 (3.016 s), so 20 ticks run
 * down from 3.016 s to 4.992 s (ticks 29..48) and the round is at tick 49,
 * 5.096 s: 2 replies to .12 and 2 to the new client .14 (whose reply gave
 * its MAC), from eth1.
 */
Test(bond_alb, alb_own_request_pulls_peers_back_corrected_20_ticks_later)
{
	struct rig r;
	uint8_t want[42];
	const struct seen *req;

	alb_three_clients(&r, "mode=balance-alb miimon=100");
	rig_run(&r, 3 * SIM_S);
	bond_arp(&r, WIRE_ARP_OP_REQUEST, CLIENT_IP(14));
	cr_expect_eq(client_slave(&r, CLIENT_IP(14)), bond_slave(r.bond, 1));
	cr_expect(!bond_rlb_client(r.bond, CLIENT_IP(14))->ntt, "no MAC yet");
	cr_expect(bond_rlb_client(r.bond, CLIENT_IP(12))->ntt);
	cr_expect(!bond_rlb_client(r.bond, CLIENT_IP(11))->ntt, "on the bond's MAC already");
	rig_run(&r, 3 * SIM_S + 10 * SIM_US);
	req = last_seen(WIRE_ETH_P_ARP);
	cr_assert(req);
	cr_expect_eq(req->port, 1);
	cr_expect(mac_equal(req->data, mac_broadcast));
	cr_expect(mac_equal(req->data + 6, r.nic[1]->dev.mac), "Ethernet source rewritten");
	cr_expect(mac_equal(req->data + 22, r.bond->dev.mac), "ARP sender: the bond's MAC");
	cr_expect_eq(wire_rd16(req->data + 20), WIRE_ARP_OP_REQUEST);
	client_reply(&r, 1, CLIENT_IP(14));
	rig_run(&r, 6 * SIM_S);
	cr_expect(mac_equal(bond_rlb_client(r.bond, CLIENT_IP(14))->mac_dst,
			    (uint8_t[6]){ 0x02, 0xcc, 0, 0, 0, 14 }));
	cr_expect_eq(replies_to(CLIENT_IP(12), 1, 3 * SIM_S, 5096 * SIM_MS), 0);
	cr_expect_eq(replies_to(CLIENT_IP(12), 1, 5096 * SIM_MS, 5097 * SIM_MS), 2);
	cr_expect_eq(replies_to(CLIENT_IP(14), 1, 5096 * SIM_MS, 5097 * SIM_MS), 2);
	cr_expect_eq(replies_to(CLIENT_IP(11), 0, 3 * SIM_S, 6 * SIM_S), 0);
	cr_expect_eq(replies_to(CLIENT_IP(13), 0, 3 * SIM_S, 6 * SIM_S), 0);
	expected_reply(CLIENT_IP(14), r.nic[1]->dev.mac, want);
	expect_replies_are(CLIENT_IP(14), 1, 0, 6 * SIM_S, want);
	cr_expect_eq(info(&r)->stats.rlb_last_update, 5096 * SIM_MS);
	cr_expect_eq(info(&r)->stats.rlb_requests, 1);
	seen_free();
	rig_free(&r);
}

/*
 * eth1 (not active) fails at 3.05 s, seen at the MII tick 30 (3.12 s), just
 * after the ALB tick of the same instant: its client .12 goes to eth0, the
 * active slave teaches the switch eth1's MAC (a learning packet from eth0),
 * and the retries keep .12 marked for 4 rounds.  The last round (tick 10,
 * 1.04 s) left a 20-tick delay that only counts down while a client is
 * marked, so the rounds are at ticks 51, 72, 93 and 114 (5.304, 7.488,
 * 9.672 and 11.856 s), 2 replies each.  eth1 back at 12 s, up at the MII
 * tick 116 (12.064 s): the next ALB tick (117, 12.168 s) reassigns every
 * client round robin, and those that moved (.13 and .11, to eth1) are told
 * 20 ticks later, at tick 137 (14.248 s).
 */
Test(bond_alb, alb_failure_and_recovery_move_clients_with_retries_and_rebalance)
{
	struct rig r;
	uint8_t want[42];
	static const sim_time_t rounds[] = { 5304 * SIM_MS, 7488 * SIM_MS, 9672 * SIM_MS,
					     11856 * SIM_MS };

	alb_three_clients(&r, "mode=balance-alb miimon=100");
	rig_run(&r, 3050 * SIM_MS);
	rig_cable(&r, 1, false);
	rig_run(&r, 3150 * SIM_MS);
	cr_expect_eq(client_slave(&r, CLIENT_IP(12)), bond_slave(r.bond, 0));
	cr_expect(info(&r)->primary_is_promisc);
	cr_expect_eq(count_seen(0, ALB_ETH_P_LOOPBACK, 3120 * SIM_MS, 3121 * SIM_MS), 1);
	cr_expect(mac_equal(last_seen(ALB_ETH_P_LOOPBACK)->data + 6, r.nic[1]->dev.perm_mac));
	rig_run(&r, 12 * SIM_S);
	cr_expect(info(&r)->primary_is_promisc);
	expected_reply(CLIENT_IP(12), r.bond->dev.mac, want);
	for (guint i = 0; i < G_N_ELEMENTS(rounds); i++)
		cr_expect_eq(replies_to(CLIENT_IP(12), 0, rounds[i], rounds[i] + 10 * SIM_US), 2,
			     "round %u", i);
	cr_expect_eq(replies_to(CLIENT_IP(12), 0, 3 * SIM_S, 12 * SIM_S), 8);
	expect_replies_are(CLIENT_IP(12), 0, 3 * SIM_S, 12 * SIM_S, want);
	cr_expect(!info(&r)->rx_ntt);
	rig_cable(&r, 1, true);
	rig_run(&r, 15 * SIM_S);
	cr_expect_eq(client_slave(&r, CLIENT_IP(13)), bond_slave(r.bond, 1));
	cr_expect_eq(client_slave(&r, CLIENT_IP(12)), bond_slave(r.bond, 0));
	cr_expect_eq(client_slave(&r, CLIENT_IP(11)), bond_slave(r.bond, 1));
	cr_expect_eq(replies_to(CLIENT_IP(13), 1, 14248 * SIM_MS, 14248 * SIM_MS + 10 * SIM_US), 2);
	cr_expect_eq(replies_to(CLIENT_IP(11), 1, 14248 * SIM_MS, 14248 * SIM_MS + 10 * SIM_US), 2);
	cr_expect_eq(replies_to(CLIENT_IP(11), 1, 12 * SIM_S, 14248 * SIM_MS), 0);
	cr_expect_eq(replies_to(CLIENT_IP(12), -1, 12 * SIM_S, 15 * SIM_S), 0);
	cr_expect_eq(info(&r)->stats.rlb_last_update, 14248 * SIM_MS);
	/* promiscuous for RLB_PROMISC_TIMEOUT: 100 ticks from tick 31 (3.224 s),
	 * off at tick 130 (13.52 s) */
	cr_expect(!info(&r)->primary_is_promisc);
	seen_free();
	rig_free(&r);
}

/*
 * The active slave eth0 fails (3.05 s, seen at the MII tick 30, 3.12 s): its
 * clients go to eth1, which then takes the bond's MAC (eth0 gets eth1's),
 * announces it and teaches the switch eth1's old MAC, now worn by the dead
 * eth0, on itself.  Every client is told the bond's MAC from eth1 after the
 * 20-tick delay, at tick 51 (5.304 s).
 */
Test(bond_alb, alb_active_failure_swaps_macs_and_tells_every_client)
{
	struct rig r;
	uint8_t want[42], bond_mac[6];

	alb_three_clients(&r, "mode=balance-alb miimon=100");
	memcpy(bond_mac, r.bond->dev.mac, 6);
	rig_run(&r, 3050 * SIM_MS);
	rig_cable(&r, 0, false);
	rig_run(&r, 3150 * SIM_MS);
	cr_expect_eq(r.bond->curr_active, bond_slave(r.bond, 1));
	cr_expect(mac_equal(r.nic[1]->dev.mac, bond_mac));
	cr_expect(mac_equal(r.nic[0]->dev.mac, r.nic[1]->dev.perm_mac));
	for (int d = 11; d <= 13; d++)
		cr_expect_eq(client_slave(&r, CLIENT_IP(d)), bond_slave(r.bond, 1), "client %d", d);
	/* at 3.12 s: eth1 announces the bond's MAC, then teaches its old one */
	cr_expect_eq(count_seen(1, ALB_ETH_P_LOOPBACK, 3120 * SIM_MS, 3121 * SIM_MS), 2);
	cr_expect(mac_equal(last_seen(ALB_ETH_P_LOOPBACK)->data + 6, r.nic[1]->dev.perm_mac));
	cr_expect(info(&r)->primary_is_promisc);
	rig_run(&r, 6 * SIM_S);
	expected_reply(CLIENT_IP(11), bond_mac, want);
	expect_replies_are(CLIENT_IP(11), 1, 3 * SIM_S, 6 * SIM_S, want);
	for (int d = 11; d <= 13; d++) {
		cr_expect_eq(replies_to(CLIENT_IP(d), 1, 3 * SIM_S, 5304 * SIM_MS), 0, "client %d", d);
		cr_expect_eq(replies_to(CLIENT_IP(d), 1, 5304 * SIM_MS, 5304 * SIM_MS + 10 * SIM_US),
			     2, "client %d", d);
	}
	seen_free();
	rig_free(&r);
}

/* ---- balance-alb with a VLAN device on the bond ---------------------------------- */

/* The 46 bytes of @want (an untagged 42-byte ARP reply) with an 802.1Q tag of @vid. */
static void tagged_reply(const uint8_t want[42], uint16_t vid, uint8_t out[46])
{
	memcpy(out, want, 12);
	wire_wr16(out + 12, WIRE_ETH_P_8021Q);
	wire_wr16(out + 14, vid);			/* PCP 0, DEI 0 */
	memcpy(out + 16, want + 12, 30);
}

/*
 * Tagged ARP replies to client @ip seen on @port in [from, to), each checked
 * byte for byte against @want46 (tag, Ethernet and ARP source, target).
 */
static int tagged_replies_are(uint32_t ip, int port, sim_time_t from, sim_time_t to,
			      const uint8_t want46[46])
{
	int n = 0;

	for (guint i = 0; i < seen_frames->len; i++) {
		const struct seen *s = &g_array_index(seen_frames, struct seen, i);

		cr_expect(s->type != WIRE_ETH_P_ARP || s->at < from || s->at >= to ||
			  wire_rd32(s->data + 38) != ip, "an untagged ARP to %08x", ip);
		if (s->type != WIRE_ETH_P_8021Q || s->port != port || s->at < from ||
		    s->at >= to || wire_rd16(s->data + 16) != WIRE_ETH_P_ARP ||
		    wire_rd16(s->data + 24) != WIRE_ARP_OP_REPLY || wire_rd32(s->data + 42) != ip)
			continue;
		cr_expect_eq(s->hdr_len, 46);
		cr_expect(memcmp(s->data, want46, 46) == 0, "ARP to %08x at %" G_GINT64_FORMAT
			  " differs", ip, (gint64)s->at);
		n++;
	}
	return n;
}

/* The host's ARP reply to client @tip, sent down through VLAN device @v. */
static void vlan_arp_reply(struct rig *r, struct vlan_dev *v, uint32_t tip)
{
	struct wire_arp a = { .op = WIRE_ARP_OP_REPLY, .sip = RIG_BOND_IP, .tip = tip };

	memcpy(a.sha, v->dev.mac, 6);
	client_mac(tip, a.tha);
	netdev_xmit(&v->dev, wire_arp_frame_new(r->sim, a.tha, v->dev.mac, &a));
}

/*
 * rlb with bond0.100 (Linux 6.1 rlb_choose_channel() keeps the client's
 * vlan_get_tag(), rlb_update_client() puts it back on each update): the two
 * clients answered through bond0.100 at 1 s (.11 on eth0, .12 on eth1)
 * keep VID 100.  eth1 fails at 3.05 s: .12 moves to eth0 and its 4 update
 * rounds (5.304 .. 11.856 s, as for an untagged client) are 8 replies from
 * eth0, each tagged 100 with eth0's MAC as Ethernet and ARP source and the
 * client as target.  eth1 back at 12 s: the rebalance at 12.168 s hands
 * .12 (the head of the used list) eth1 again and leaves .11 on eth0; .12
 * is told at 14.248 s, twice, tagged 100, with eth1's MAC.  No untagged
 * ARP reaches either client meanwhile.
 */
Test(bond_alb, alb_updates_to_a_client_behind_a_vlan_device_are_tagged)
{
	struct rig r;
	struct vlan_dev *v;
	GError *err = NULL;
	uint8_t want[42], want46[46];

	rig_build(&r, 2, "mode=balance-alb miimon=100");
	record_far(&r);
	v = vlan_dev_new(r.sim, "h", "bond0.100", &r.bond->dev, 100, &err);
	cr_assert_not_null(v, "%s", err ? err->message : "");
	rig_run(&r, SIM_S);
	vlan_arp_reply(&r, v, CLIENT_IP(11));
	vlan_arp_reply(&r, v, CLIENT_IP(12));
	cr_expect_eq(bond_rlb_client(r.bond, CLIENT_IP(11))->vlan_id, 100);
	cr_expect_eq(bond_rlb_client(r.bond, CLIENT_IP(12))->vlan_id, 100);
	cr_expect_eq(client_slave(&r, CLIENT_IP(12)), bond_slave(r.bond, 1));
	rig_run(&r, 3050 * SIM_MS);
	rig_cable(&r, 1, false);
	rig_run(&r, 12 * SIM_S);
	cr_expect_eq(client_slave(&r, CLIENT_IP(12)), bond_slave(r.bond, 0));
	expected_reply(CLIENT_IP(12), r.nic[0]->dev.mac, want);
	tagged_reply(want, 100, want46);
	cr_expect_eq(tagged_replies_are(CLIENT_IP(12), 0, 3 * SIM_S, 12 * SIM_S, want46), 8);
	rig_cable(&r, 1, true);
	rig_run(&r, 15 * SIM_S);
	cr_expect_eq(client_slave(&r, CLIENT_IP(12)), bond_slave(r.bond, 1));
	cr_expect_eq(client_slave(&r, CLIENT_IP(11)), bond_slave(r.bond, 0));
	expected_reply(CLIENT_IP(12), r.nic[1]->dev.mac, want);
	tagged_reply(want, 100, want46);
	cr_expect_eq(tagged_replies_are(CLIENT_IP(12), 1, 14248 * SIM_MS,
					14248 * SIM_MS + 10 * SIM_US, want46), 2);
	cr_expect_eq(tagged_replies_are(CLIENT_IP(12), 1, 12 * SIM_S, 15 * SIM_S, want46), 2);
	cr_expect_eq(tagged_replies_are(CLIENT_IP(11), 0, 12 * SIM_S, 15 * SIM_S, want46), 0);
	vlan_dev_free(v);
	seen_free();
	rig_free(&r);
}

/* Not a proper hash table: 10.0.1.13 hashes like 10.0.0.12 (0x06) and evicts it. */
Test(bond_alb, alb_colliding_client_evicts_the_old_one_to_the_active_slave)
{
	struct rig r;
	uint8_t want[42];
	const uint32_t newcomer = 0x0a00010du;

	alb_three_clients(&r, "mode=balance-alb miimon=100");
	rig_run(&r, 3 * SIM_S);
	bond_arp(&r, WIRE_ARP_OP_REPLY, newcomer);
	rig_run(&r, 3 * SIM_S + 50 * SIM_US);
	cr_expect_null(bond_rlb_client(r.bond, CLIENT_IP(12)));
	cr_expect_eq(client_slave(&r, newcomer), bond_slave(r.bond, 1), "next after .13's eth0");
	/* the evicted client is told the active slave's MAC at once */
	expected_reply(CLIENT_IP(12), r.bond->dev.mac, want);
	cr_expect_eq(replies_to(CLIENT_IP(12), 0, 3 * SIM_S, 4 * SIM_S), 2);
	expect_replies_are(CLIENT_IP(12), 0, 3 * SIM_S, 4 * SIM_S, want);
	seen_free();
	rig_free(&r);
}

/* rlb_purge_src_ip(): an ARP saying the bond's address is at another MAC. */
Test(bond_alb, alb_address_seen_at_another_mac_purges_its_clients)
{
	struct rig r;
	struct wire_arp a = { .op = WIRE_ARP_OP_REQUEST, .sip = RIG_BOND_IP, .tip = RIG_BOND_IP };

	alb_three_clients(&r, "mode=balance-alb miimon=100");
	memcpy(a.sha, rig_responder_mac, 6);
	netdev_xmit(&r.far[0]->dev, wire_arp_frame_new(r.sim, mac_broadcast, a.sha, &a));
	rig_run(&r, 3 * SIM_S);
	for (int d = 11; d <= 13; d++)
		cr_expect_null(bond_rlb_client(r.bond, CLIENT_IP(d)), "client %d", d);
	seen_free();
	rig_free(&r);
}

/* bond_xmit_alb_slave_get(): IPv4 by the XOR of the destination's bytes, not the policy. */
Test(bond_alb, alb_transmit_key_is_the_destination_address_xor)
{
	static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0, 0, 5 };
	struct rig r;
	struct frame *f;

	rig_build(&r, 2, "mode=balance-alb miimon=100 xmit_hash_policy=layer3+4");
	rig_run(&r, SIM_S);
	send_to(&r, 7, 1042);	/* 10.0.1.7: 0x0a ^ 0x00 ^ 0x01 ^ 0x07 = 0x0c */
	cr_expect_eq(info(&r)->tx_hashtbl[0x0c].tx_slave, bond_slave(r.bond, 0));
	cr_expect_eq(info(&r)->tx_hashtbl[0x0c].tx_bytes, 1042);
	/* IPv4 multicast is balanced (224.0.0.5: 0xe0 ^ 0x05 = 0xe5), broadcast is not */
	f = rig_frame(&r, mcast, 17, 0);
	wire_wr32(f->data + 14 + 16, 0xe0000005u);
	netdev_xmit(&r.bond->dev, f);
	cr_expect_eq(info(&r)->tx_hashtbl[0xe5].tx_bytes, 100);
	netdev_xmit(&r.bond->dev, rig_frame(&r, mac_broadcast, 17, 1));
	netdev_xmit(&r.bond->dev, rig_frame(&r, (uint8_t[6]){ 0x02, 0xaa, 0, 0, 0, 2 }, 2, 2));
	cr_expect_eq(info(&r)->stats.tx_balanced, 2);
	cr_expect_eq(info(&r)->stats.tx_unbalanced, 2, "broadcast and IGMP");
	rig_run(&r, 2 * SIM_S);
	rig_free(&r);
}

/* An ICMPv6 message of @type from fe80::1 (the bond's MAC) to fe80::@d (02:dd:00:00:00:@d). */
static struct frame *icmp6_frame(struct rig *r, int d, uint8_t type)
{
	struct frame *f = frame_alloc(&r->sim->pool);
	uint8_t *p = frame_put(f, WIRE_ETH_HLEN + WIRE_IPV6_HLEN + WIRE_ICMP_HLEN);

	memset(p, 0, WIRE_ETH_HLEN + WIRE_IPV6_HLEN + WIRE_ICMP_HLEN);
	dest_mac(d, p);
	memcpy(p + 6, r->bond->dev.mac, 6);
	wire_wr16(p + 12, WIRE_ETH_P_IPV6);
	p += WIRE_ETH_HLEN;
	p[0] = 0x60;
	wire_wr16(p + 4, 32);
	p[WIRE_IPV6_OFF_NEXTHDR] = WIRE_IPPROTO_ICMPV6;
	p[7] = 255;
	p[WIRE_IPV6_OFF_SRC] = 0xfe;
	p[WIRE_IPV6_OFF_SRC + 1] = 0x80;
	p[WIRE_IPV6_OFF_SRC + 15] = 1;
	p[WIRE_IPV6_OFF_DST] = 0xfe;
	p[WIRE_IPV6_OFF_DST + 1] = 0x80;
	p[WIRE_IPV6_OFF_DST + 15] = (uint8_t)d;
	p[WIRE_IPV6_HLEN] = type;
	f->len = WIRE_ETH_HLEN + WIRE_IPV6_HLEN + 32;
	return f;
}

/*
 * alb_determine_nd() (Linux 5.18+): a unicast neighbour solicitation (135)
 * or advertisement (136) goes unbalanced through the active slave in both
 * modes; an echo request (128) to the same neighbour is balanced.  The tlb
 * key (layer2) is 0x07 ^ mac[5] ^ 0xdd; the alb key 0xfe ^ 0x80 ^ 0x07 = 0x79.
 */
static void nd_unbalanced(const char *opts, bool alb)
{
	struct rig r;
	uint32_t key;

	rig_build(&r, 2, opts);
	rig_run(&r, SIM_S);
	key = alb ? 0x79 : (0x07u ^ r.bond->dev.mac[5] ^ 0xddu) & 0xff;
	netdev_xmit(&r.bond->dev, icmp6_frame(&r, 7, WIRE_ICMPV6_ND_NS));
	netdev_xmit(&r.bond->dev, icmp6_frame(&r, 7, WIRE_ICMPV6_ND_NA));
	cr_expect_eq(info(&r)->stats.tx_balanced, 0, "%s", opts);
	cr_expect_eq(info(&r)->stats.tx_unbalanced, 2, "%s", opts);
	cr_expect_eq(info(&r)->tx_hashtbl[key].tx_bytes, 0, "%s", opts);
	netdev_xmit(&r.bond->dev, icmp6_frame(&r, 7, 128));
	cr_expect_eq(info(&r)->stats.tx_balanced, 1, "%s", opts);
	cr_expect_eq(info(&r)->tx_hashtbl[key].tx_bytes, 86, "%s", opts);
	cr_expect_eq(info(&r)->unbalanced_load, 2 * 86, "%s", opts);
	rig_run(&r, 2 * SIM_S);
	rig_free(&r);
}

Test(bond_alb, ipv6_neighbour_discovery_is_never_balanced)
{
	nd_unbalanced("mode=balance-tlb miimon=100", false);
	nd_unbalanced("mode=balance-alb miimon=100", true);
}

/* bond_peers: the destination of what leaves, the source of what arrives, by slave. */
static struct frame *ipv4_frame(struct sim *sim, uint32_t src, uint32_t dst, uint32_t len)
{
	struct frame *f = frame_alloc(&sim->pool);
	uint8_t *p = frame_put(f, WIRE_ETH_HLEN + WIRE_IPV4_HLEN);

	memset(p, 0, WIRE_ETH_HLEN + WIRE_IPV4_HLEN);
	wire_wr16(p + WIRE_ETH_OFF_TYPE, WIRE_ETH_P_IP);
	wire_wr32(p + WIRE_ETH_HLEN + WIRE_IPV4_OFF_SRC, src);
	wire_wr32(p + WIRE_ETH_HLEN + WIRE_IPV4_OFF_DST, dst);
	f->len = len;
	return f;
}

Test(bond_alb, peers_counted_by_address_and_slave)
{
	struct sim *sim = sim_new(1);
	struct bond_peers *p = bond_peers_new();
	struct slave s0 = { .id = 0 }, s1 = { .id = 1 };
	const uint32_t me = 0x0a000001, a = 0x0a00000b, b = 0x0a00000c;
	struct frame *f;
	GPtrArray *sorted;
	struct bond_peer_count c;

	for (int i = 0; i < 3; i++) {
		f = ipv4_frame(sim, me, b, 1000);
		bond_peers_count(p, &s1, f, false);
		frame_unref(f);
	}
	f = ipv4_frame(sim, a, me, 500);
	bond_peers_count(p, &s0, f, true);
	frame_unref(f);
	f = ipv4_frame(sim, me, a, 200);
	bond_peers_count(p, &s0, f, false);
	frame_unref(f);
	sorted = bond_peers_sorted(p);
	cr_assert_eq(sorted->len, 2);
	cr_assert_eq(((struct bond_peer *)g_ptr_array_index(sorted, 0))->ip, a);
	c = bond_peer_on(g_ptr_array_index(sorted, 0), 0);
	cr_assert_eq(c.rx_frames, 1);
	cr_assert_eq(c.rx_bytes, 500);
	cr_assert_eq(c.tx_frames, 1);
	cr_assert_eq(c.tx_bytes, 200);
	c = bond_peer_on(g_ptr_array_index(sorted, 0), 1);
	cr_assert_eq(c.tx_frames + c.rx_frames, 0);
	c = bond_peer_on(g_ptr_array_index(sorted, 1), 1);
	cr_assert_eq(c.tx_frames, 3);
	cr_assert_eq(c.tx_bytes, 3000);
	cr_assert_eq(bond_peer_on(g_ptr_array_index(sorted, 1), 0).tx_frames, 0);
	g_ptr_array_free(sorted, TRUE);
	bond_peers_free(p);
	sim_free(sim);
}

/*
 * Releasing a slave (bond_alb_deinit_slave()): eth1 leaves at 3.05 s with
 * client .12 and tlb entries on it.  Nothing keeps pointing at it: its
 * entries are cleared, .12 moves to eth0 and is told there, with retries.
 * (It used to be left in the tables: a use after free at the next frame.)
 */
Test(bond_alb, alb_release_moves_the_slaves_clients_and_clears_its_entries)
{
	struct rig r;
	struct slave *gone;
	GError *err = NULL;

	alb_three_clients(&r, "mode=balance-alb miimon=100");
	for (int d = 1; d <= 8; d++)
		send_to(&r, d, 1000);
	rig_run(&r, 3050 * SIM_MS);
	gone = bond_slave(r.bond, 1);
	cr_assert_eq(client_slave(&r, CLIENT_IP(12)), gone);
	cr_assert(bond_release(r.bond, &r.nic[1]->dev, &err), "%s", err ? err->message : "");
	cr_assert_eq(r.bond->slaves->len, 1u);
	for (int k = 0; k < TLB_HASH_TABLE_SIZE; k++)
		cr_expect_neq(info(&r)->tx_hashtbl[k].tx_slave, gone, "tx entry %d", k);
	cr_expect_eq(info(&r)->rx_slave, bond_slave(r.bond, 0));
	for (int d = 11; d <= 13; d++)
		cr_expect_eq(client_slave(&r, CLIENT_IP(d)), bond_slave(r.bond, 0), "client %d", d);
	for (int d = 1; d <= 8; d++)
		send_to(&r, d, 1000);
	rig_run(&r, 8 * SIM_S);
	/* told on eth0 (port 0), in RLB_UPDATE_RETRY + 1 rounds */
	cr_expect_geq(replies_to(CLIENT_IP(12), 0, 3050 * SIM_MS, 8 * SIM_S), 2);
	cr_expect_eq(port_of_dest(5), 0);
	seen_free();
	rig_free(&r);
}
