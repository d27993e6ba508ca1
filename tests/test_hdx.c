/*
 * test_hdx.c - half-duplex cables: CSMA/CD and the duplex mismatch.
 *
 * The world: NICs a (end 0) and b (end 1) on one 100 Mbit/s cable with
 * 1 us of delay (100 bit times), each end half or full duplex.  At 100M a
 * bit is 10 ns: the slot is 512 bits (5.12 us), the jam 32 (320 ns), the
 * gap 96 (960 ns).  A 64-byte frame is 76 bytes of signal (FCS, preamble):
 * 6.08 us, its tx_done a gap later (7.04 us); a 1500-byte frame 120.96 us.
 */
#include <string.h>
#include <criterion/criterion.h>
#include "bond/bond.h"
#include "link/hdx.h"
#include "link/link.h"
#include "link/nic.h"

#define MBIT100 100000000ULL
#define DELAY SIM_US

struct hw {
	struct sim *sim;
	struct nic *nic[2];
	struct link *link;
	uint64_t rx[2];			/* frames each end's stack took */
	struct sim_timer stream;	/* b's periodic 64-byte frames */
};

static void sink(void *owner, struct frame *f, const struct rx_ctx *ctx)
{
	(void)ctx;
	(*(uint64_t *)owner)++;
	frame_unref(f);
}

static const uint8_t MAC[2][6] = { { 0x02, 0, 0, 0, 0, 0x0a }, { 0x02, 0, 0, 0, 0, 0x0b } };

static void hw_init(struct hw *w, bool half_a, bool half_b)
{
	const bool half[2] = { half_a, half_b };

	memset(w, 0, sizeof(*w));
	w->sim = sim_new(1);
	for (int i = 0; i < 2; i++)
		w->nic[i] = nic_new(w->sim, i ? "b" : "a", "eth0", MAC[i], 0);
	w->link = link_new_duplex(w->sim, "a.eth0--b.eth0", &w->nic[0]->dev, &w->nic[1]->dev,
				  MBIT100, DELAY, half);
	for (int i = 0; i < 2; i++)
		cr_assert(netdev_upper_register(&w->nic[i]->dev,
						&(struct netdev_upper){ .rx = sink, .owner = &w->rx[i] },
						NULL));
}

static void hw_fini(struct hw *w)
{
	sim_timer_cancel(w->sim, &w->stream);
	link_free(w->link);
	nic_free(w->nic[0]);
	nic_free(w->nic[1]);
	cr_expect_eq(w->sim->pool.live, 0, "frames still live: %" G_GUINT64_FORMAT,
		     w->sim->pool.live);
	sim_free(w->sim);
}

/* One frame of @len bytes from end @from to the other, handed to its NIC now. */
static void send(struct hw *w, int from, uint32_t len)
{
	struct frame *f = frame_alloc(&w->sim->pool);
	uint8_t *h = frame_put(f, 14);

	memcpy(h, MAC[1 - from], 6);
	memcpy(h + 6, MAC[from], 6);
	h[12] = 0x88;
	h[13] = 0xb5;
	f->len = len;
	netdev_xmit(&w->nic[from]->dev, f);
}

static void send_at(struct hw *w, sim_time_t at, int from, uint32_t len)
{
	sim_run(w->sim, at);
	send(w, from, len);
}

static const struct hdx_counters *ctr(struct hw *w, int end)
{
	return nic_hdx_counters(w->nic[end]);
}

TestSuite(hdx, .timeout = 10);

Test(hdx, a_full_duplex_cable_has_no_medium)
{
	struct hw w;

	hw_init(&w, false, false);
	cr_assert_null(w.link->hdx);
	cr_assert_null(ctr(&w, 0));
	cr_assert(w.nic[0]->dev.full_duplex && w.nic[1]->dev.full_duplex);
	cr_assert(w.link->dir[0].ahead_ok, "a full-duplex cable keeps sending ahead");
	hw_fini(&w);
}

/*
 * Both half duplex, a starts at 0 and b 500 ns later (b cannot hear a's
 * first bit before 1 us): b hears a at 1 us, a hears b at 1.5 us.  Each
 * jams 320 ns and backs off; neither fragment is counted as a CRC error
 * (each arrives while its receiver sends), and both frames get through
 * after the backoff.
 */
Test(hdx, two_ends_starting_within_the_delay_collide_and_back_off)
{
	struct hw w;

	hw_init(&w, true, true);
	cr_assert_not(w.nic[0]->dev.full_duplex);
	cr_assert_not(w.link->dir[0].ahead_ok, "no sending ahead on a shared medium");
	send(&w, 0, 64);
	send_at(&w, 500, 1, 64);
	sim_run(w.sim, 1400);
	cr_assert_eq(ctr(&w, 1)->collisions, 1, "b hears a at 1 us");
	cr_assert_eq(ctr(&w, 0)->collisions, 0, "a hears b only at 1.5 us");
	sim_run(w.sim, 2 * SIM_US);
	cr_assert_eq(ctr(&w, 0)->collisions, 1);
	/* the spans as sent: a from 0 to 1.5 us + jam, b from 500 ns to 1 us + jam */
	cr_assert_eq(hdx_spans_last(&w.link->hdx->end[0].sent)->e, 1500 + 320);
	cr_assert_eq(hdx_spans_last(&w.link->hdx->end[1].sent)->e, 1000 + 320);
	cr_assert_eq(w.nic[0]->hdx->attempts, 1);
	cr_assert_eq(w.nic[1]->hdx->attempts, 1);
	sim_run(w.sim, 100 * SIM_MS);
	cr_assert_eq(w.rx[0], 1);
	cr_assert_eq(w.rx[1], 1);
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(ctr(&w, i)->rx_crc_errors, 0);
		cr_assert_eq(ctr(&w, i)->tx_window_errors, 0);
		cr_assert_eq(ctr(&w, i)->tx_aborted_errors, 0);
		cr_assert_eq(w.nic[i]->dev.stats.tx_packets, 1);
		cr_assert_eq(netdev_drops_total(&w.nic[i]->dev), 0);
	}
	hw_fini(&w);
}

static void stream_tick(struct sim *sim, void *arg)
{
	(void)sim;
	send(arg, 1, 64);
}

/*
 * a (half) sends a 1500-byte frame into b's (full) stream of 64-byte
 * frames, one every 10 us: a gap of 3.92 us between them, so a frame of
 * 121 us never fits.  a starts a gap after each frame's end, b's next one
 * reaches it 2.96 us later, within the slot: a normal collision each time,
 * whatever the backoff draws.  The 16th gives the frame up.
 */
Test(hdx, sixteen_collisions_drop_the_frame_as_excessive)
{
	struct hw w;

	hw_init(&w, true, false);
	sim_timer_init(&w.stream, stream_tick, &w);
	sim_timer_arm_periodic(w.sim, &w.stream, 0, 10 * SIM_US);
	send_at(&w, 5 * SIM_US, 0, 1500);
	sim_run(w.sim, 500 * SIM_MS);
	sim_timer_cancel(w.sim, &w.stream);
	sim_run(w.sim, 501 * SIM_MS);
	cr_assert_eq(ctr(&w, 0)->collisions, 16);
	cr_assert_eq(ctr(&w, 0)->tx_aborted_errors, 1);
	cr_assert_eq(ctr(&w, 0)->tx_window_errors, 0);
	cr_assert_eq(w.nic[0]->dev.drops[DROP_EXCESSIVE_COLLISIONS], 1);
	cr_assert_eq(w.nic[0]->dev.stats.tx_packets, 0);
	cr_assert_eq(w.rx[1], 0, "b never got a's frame");
	/* each attempt's fragment is a runt with a bad FCS at b */
	cr_assert_eq(ctr(&w, 1)->rx_crc_errors, 16);
	cr_assert_eq(w.nic[1]->dev.drops[DROP_FCS_ERROR], 16);
	cr_assert_eq(ctr(&w, 1)->collisions, 0, "a full-duplex end never collides");
	/* b's frames that reached a while it sent are lost there, the others arrive */
	cr_assert_eq(w.nic[0]->dev.drops[DROP_RX_WHILE_SENDING], 16);
	cr_assert_eq(w.rx[0] + 16, w.nic[1]->dev.stats.tx_packets);
	hw_fini(&w);
}

/*
 * The mismatch: a half, b full.  a sends 1500 bytes at 0; b, not
 * listening, sends 64 bytes at 10 us, which reach a at 11 us: 11 us into
 * a's frame, past the 5.12 us slot, a late collision.  a jams and gives
 * the frame up (tx_window_errors); its 11.32 us fragment reaches b at
 * 12.32 us, an FCS error there.  b's frame arrived while a sent: lost at a.
 */
Test(hdx, a_late_collision_aborts_the_frame_and_the_full_end_counts_an_fcs_error)
{
	struct hw w;

	hw_init(&w, true, false);
	send(&w, 0, 1500);
	send_at(&w, 10 * SIM_US, 1, 64);
	sim_run(w.sim, 11 * SIM_US - 1);
	cr_assert_eq(ctr(&w, 0)->collisions, 0);
	sim_run(w.sim, 11 * SIM_US);
	cr_assert_eq(ctr(&w, 0)->collisions, 1);
	cr_assert_eq(ctr(&w, 0)->tx_window_errors, 1);
	cr_assert_eq(w.nic[0]->dev.drops[DROP_LATE_COLLISION], 1);
	cr_assert_eq(ctr(&w, 1)->rx_crc_errors, 0, "the fragment is still on its way");
	sim_run(w.sim, 12319);
	cr_assert_eq(ctr(&w, 1)->rx_crc_errors, 0);
	sim_run(w.sim, 12320);
	cr_assert_eq(ctr(&w, 1)->rx_crc_errors, 1);
	cr_assert_eq(w.nic[1]->dev.drops[DROP_FCS_ERROR], 1);
	sim_run(w.sim, SIM_MS);
	cr_assert_eq(ctr(&w, 0)->tx_aborted_errors, 0);
	cr_assert_eq(w.nic[0]->dev.stats.tx_packets, 0, "aborted, not retried");
	cr_assert_eq(w.rx[1], 0);
	cr_assert_eq(w.rx[0], 0);
	cr_assert_eq(w.nic[0]->dev.drops[DROP_RX_WHILE_SENDING], 1);
	hw_fini(&w);
}

/*
 * The mismatch again, inside the slot: b's 64 bytes sent at 2 us reach a
 * at 3 us, a normal collision.  a backs off and sends its frame whole
 * later (b gets it); b's frame, arriving while a sent, is lost at a and
 * counted there; b got a runt of a's first attempt (3.32 us: an FCS error).
 */
Test(hdx, the_full_ends_frame_arriving_while_the_half_end_sends_is_lost_and_counted)
{
	struct hw w;

	hw_init(&w, true, false);
	send(&w, 0, 1500);
	send_at(&w, 2 * SIM_US, 1, 64);
	sim_run(w.sim, 10 * SIM_MS);
	cr_assert_eq(ctr(&w, 0)->collisions, 1);
	cr_assert_eq(ctr(&w, 0)->tx_window_errors, 0);
	cr_assert_eq(w.nic[0]->dev.drops[DROP_RX_WHILE_SENDING], 1);
	cr_assert_eq(w.rx[0], 0, "b's frame died at a");
	cr_assert_eq(w.nic[1]->dev.stats.tx_packets, 1, "b sent it, as far as b knows");
	cr_assert_eq(w.rx[1], 1, "a's frame, retried, arrives");
	cr_assert_eq(w.nic[0]->dev.stats.tx_packets, 1);
	cr_assert_eq(ctr(&w, 1)->rx_crc_errors, 1);
	hw_fini(&w);
}

/*
 * A bond's /sys statistics and /proc/net/dev line carry its slaves' error
 * counters summed, as bond_get_stats() folds each slave's
 * rtnl_link_stats64: eth0 on a half-duplex cable with 3 collisions (1
 * late), eth1 with 2 (1 given up) and 4 CRC errors.
 */
Test(hdx, a_bonds_statistics_sum_its_slaves_error_counters)
{
	struct sim *sim = sim_new(1);
	struct sim_log log;
	struct bond_params p;
	struct bond *b;
	struct nic *eth[2];
	const struct hdx_counters c[2] = { { 3, 0, 1, 0 }, { 2, 1, 0, 4 } };
	struct hdx_counters sum;
	GPtrArray *files = sysfs_files_new();
	GString *line = g_string_new(NULL);
	GError *err = NULL;
	const char *colls = NULL, *crc = NULL, *tx_errors = NULL;

	sim_log_init(&log, "h");
	bond_params_init(&p);
	cr_assert(bond_opt_set(&p, "mode", "active-backup", &err));
	cr_assert(bond_params_finalize(&p, NULL, &err));
	b = bond_new(sim, "h", "bond0", &p, &log);
	for (int i = 0; i < 2; i++) {
		eth[i] = nic_new(sim, "h", i ? "eth1" : "eth0", MAC[i], 0);
		cr_assert(bond_enslave(b, &eth[i]->dev, &err));
	}
	cr_assert_not(bond_error_counters(b, &sum), "no slave on a half-duplex cable");
	for (int i = 0; i < 2; i++)
		eth[i]->dev.hdx_stats = &c[i];
	cr_assert(bond_error_counters(b, &sum));
	cr_assert_eq(sum.collisions, 5);
	cr_assert_eq(sum.tx_aborted_errors, 1);
	cr_assert_eq(sum.tx_window_errors, 1);
	cr_assert_eq(sum.rx_crc_errors, 4);
	netdev_sysfs_show(&b->dev, true, 100, "half", &sum, files);
	for (guint i = 0; i < files->len; i++) {
		const struct sysfs_file *f = g_ptr_array_index(files, i);

		if (!strcmp(f->name, "statistics/collisions"))
			colls = f->text;
		else if (!strcmp(f->name, "statistics/rx_crc_errors"))
			crc = f->text;
		else if (!strcmp(f->name, "statistics/tx_errors"))
			tx_errors = f->text;
	}
	cr_assert_str_eq(colls, "5\n");
	cr_assert_str_eq(crc, "4\n");
	cr_assert_str_eq(tx_errors, "2\n");
	netdev_proc_net_dev_line(&b->dev, &sum, line);
	cr_assert(strstr(line->str, " 5 "), "colls in /proc/net/dev: %s", line->str);
	for (int i = 0; i < 2; i++)
		eth[i]->dev.hdx_stats = NULL;
	g_string_free(line, TRUE);
	g_ptr_array_unref(files);
	bond_free(b);
	for (int i = 0; i < 2; i++)
		nic_free(eth[i]);
	sim_log_fini(&log);
	sim_free(sim);
}
