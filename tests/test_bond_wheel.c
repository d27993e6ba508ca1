/*
 * test_bond_wheel.c - a bond's works on the kernel's timer wheel, and the
 * phase each seed opens a bond at.
 */
#include <criterion/criterion.h>
#include <glib/gstdio.h>

#include "bond/bond.h"
#include "world.h"
#include "ini_tmp.h"

/* Steady-state period of a work re-queued D jiffies ahead: the level's grid. */
Test(bond_wheel, periods_are_the_wheels_buckets)
{
	cr_assert_eq(bond_work_period(100), 104);	/* miimon=100, HZ=1000: level 1 */
	cr_assert_eq(bond_work_period(25), 26);		/* the same at HZ=250: level 0 adds one */
	cr_assert_eq(bond_work_period(50), 51);
	cr_assert_eq(bond_work_period(62), 63);		/* the last of level 0 */
	cr_assert_eq(bond_work_period(63), 64);		/* the first of level 1: (7 + 1) x 8 */
	cr_assert_eq(bond_work_period(200), 208);
	cr_assert_eq(bond_work_period(1000), 1024);	/* level 2: 64-jiffy buckets */
	cr_assert_eq(bond_work_period(0), 0);
}

/*
 * open_at is drawn over one period of the ticks (104 jiffies), so each of
 * the 13 places the ticks can take on the 8 ms grid is as likely as any
 * other: over 1,300 seeds, every phase comes 80 to 120 times (100 each on
 * average).  Drawn over 100 jiffies, phase 0 would come half as often.
 */
Test(bond_wheel, every_phase_of_the_grid_equally_likely)
{
	const char *text = "[sim]\nduration = 1s\n[switch sw1]\nports = Gi0/1-2\n"
			   "[host a]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
			   "options bond0 = mode=1 miimon=100\nip bond0 = 10.0.0.1/24\n"
			   "[links]\na.eth0 = sw1.Gi0/1\na.eth1 = sw1.Gi0/2\n";
	char *path = ini_tmp(text);
	struct world_options opt = { 0 };
	GError *err = NULL;
	struct world *w;
	const struct world_bond *c;
	int count[13] = { 0 };
	int64_t lo = G_MAXINT64, hi = 0;

	w = world_load(path, &opt, &err);
	cr_assert_not_null(w, "%s", err ? err->message : "");
	g_unlink(path);
	g_free(path);
	c = g_ptr_array_index(w->bond_ctx, 0);
	for (uint64_t seed = 1; seed <= 1300; seed++) {
		int64_t open = world_bond_draw_open(c, seed) / SIM_MS;
		int64_t second = (((open + 100) >> 3) + 1) << 3;

		lo = MIN(lo, open);
		hi = MAX(hi, open);
		count[(second % 104) / 8]++;
	}
	cr_assert_eq(lo, 0);
	cr_assert_eq(hi, 103);
	for (int i = 0; i < 13; i++)
		cr_assert(count[i] >= 80 && count[i] <= 120, "phase %d ms: %d of 1300", i * 8,
			  count[i]);
	world_free(w);
}
