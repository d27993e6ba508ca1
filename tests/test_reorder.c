/*
 * test_reorder.c - the reordering metrics against the RFCs' own examples.
 *
 * DOC: RFC 5236 (Reorder Density, Reorder Buffer-occupancy Density): every
 * example of sections 3, 4 and 8 is replayed and every number its tables
 * give is asserted: receive index and displacement of each packet, the
 * running and final frequencies FD and FB, buffer occupancy after each
 * arrival, and the normalised RD and RBD.  The RFC numbers packets from 1,
 * the module from 0: arrivals are fed as s - 1 and indexes read back + 1.
 * A few more tests pin down what the RFC states in words (loss and
 * duplicates are not reordering, a rogue number is discarded) and what this
 * implementation adds (the threshold's edge, the RBD repair, a long stream).
 *
 * RFC 4737 (struct flow_rx of apps.h): the four arrival orders of section 7,
 * with the NextExp column of each table, the reordered packets and their
 * extents (flow_rx keeps the largest extent, so each reordered packet's
 * extent is seen as the maximum growing to it when it is a new maximum).
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include "apps/apps.h"
#include "apps/reorder.h"

#define NONE	(-99)	/* a table's "-": the packet is a duplicate */

struct trace {
	int n;
	uint32_t seq[64];
	uint64_t ri[64];
	int d[64];
};

static void on_index(void *arg, uint32_t seq, uint64_t ri, int d)
{
	struct trace *t = arg;

	cr_assert_lt(t->n, 64);
	t->seq[t->n] = seq;
	t->ri[t->n] = ri;
	t->d[t->n] = d;
	t->n++;
}

/* Feed the RFC's 1-based arrivals @s[0..n-1] and flush; trace every index. */
static void run(struct reorder_density *r, uint32_t dt, struct trace *t, const uint32_t *s, int n)
{
	memset(t, 0, sizeof(*t));
	reorder_density_init(r, dt);
	r->on_index = on_index;
	r->on_index_arg = t;
	for (int i = 0; i < n; i++)
		reorder_density_packet(r, s[i] - 1);
	reorder_density_flush(r);
}

/*
 * The table's RI and D rows, one column per arrival (NONE for a duplicate):
 * the counted packets, in arrival order, must be exactly those columns.
 */
static void check_ri_d(const struct trace *t, const uint32_t *s, const int *ri, const int *d, int n)
{
	int k = 0;

	for (int i = 0; i < n; i++) {
		if (ri[i] == NONE)
			continue;
		cr_assert_lt(k, t->n, "arrival %d (packet %u) got no index", i + 1, s[i]);
		cr_assert_eq(t->seq[k] + 1, s[i], "column %d: packet %u, expected %u",
			     i + 1, t->seq[k] + 1, s[i]);
		cr_assert_eq(t->ri[k] + 1, (uint64_t)ri[i], "packet %u: RI %" PRIu64 ", expected %d",
			     s[i], t->ri[k] + 1, ri[i]);
		cr_assert_eq(t->d[k], d[i], "packet %u: D %d, expected %d", s[i], t->d[k], d[i]);
		k++;
	}
	cr_assert_eq(t->n, k, "%d packets counted, expected %d", t->n, k);
}

/* The table's running FD[D] row: after each counted packet, the count of its D so far. */
static void check_running_fd(const struct trace *t, const int *fd, const int *ri, int n)
{
	int k = 0;

	for (int i = 0; i < n; i++) {
		int c = 0;

		if (ri[i] == NONE)
			continue;
		for (int m = 0; m <= k; m++)
			c += t->d[m] == t->d[k];
		cr_assert_eq(c, fd[i], "column %d: FD[%d] = %d, expected %d", i + 1, t->d[k], c, fd[i]);
		k++;
	}
}

/* Every FD[d], -dt..dt, against @fd (indexed d + dt), and RD = FD / N'. */
static void check_fd(const struct reorder_density *r, const uint64_t *fd)
{
	int dt = (int)r->dt;
	uint64_t n = 0;

	for (int d = -dt; d <= dt; d++)
		n += fd[d + dt];
	cr_assert_eq(r->rd_n, n);
	for (int d = -dt; d <= dt; d++) {
		cr_assert_eq(r->rd_freq[d + dt], fd[d + dt], "FD[%d] = %" PRIu64 ", expected %" PRIu64,
			     d, r->rd_freq[d + dt], fd[d + dt]);
		cr_assert_float_eq(reorder_density_rd(r, d), (double)fd[d + dt] / (double)n, 1e-12);
	}
}

/* Every FB[k], 0..dt, against @fb, and RBD = FB / N'. */
static void check_fb(const struct reorder_density *r, const uint64_t *fb)
{
	uint64_t n = 0;

	for (uint32_t k = 0; k <= r->dt; k++)
		n += fb[k];
	cr_assert_eq(r->rbd_n, n);
	for (uint32_t k = 0; k <= r->dt; k++) {
		cr_assert_eq(r->rbd_freq[k], fb[k], "FB[%u] = %" PRIu64 ", expected %" PRIu64,
			     k, r->rbd_freq[k], fb[k]);
		cr_assert_float_eq(reorder_density_rbd(r, k), (double)fb[k] / (double)n, 1e-12);
	}
}

/*
 * RBD step by step (RBD needs no look-ahead): before arrival i, E must be
 * @e[i] (unless NONE); after it, the occupancy @b[i] and FB[b[i]] = @fb[i],
 * or for a NONE column (duplicate) nothing counted.
 */
static void rbd_steps(uint32_t bt, const uint32_t *s, const int *e, const int *b, const int *fb,
		      int n, struct reorder_density *r)
{
	reorder_density_init(r, bt);
	for (int i = 0; i < n; i++) {
		uint64_t before = r->rbd_n;

		if (e && e[i] != NONE)
			cr_assert_eq(r->expected + 1, (uint64_t)e[i], "before %u: E %" PRIu64
				     ", expected %d", s[i], r->expected + 1, e[i]);
		reorder_density_packet(r, s[i] - 1);
		if (b[i] == NONE) {
			cr_assert_eq(r->rbd_n, before, "duplicate %u counted", s[i]);
			continue;
		}
		cr_assert_eq(r->rbd_n, before + 1);
		cr_assert_eq(r->held_len, (uint32_t)b[i], "after %u: B %u, expected %d",
			     s[i], r->held_len, b[i]);
		cr_assert_eq(r->rbd_freq[b[i]], (uint64_t)fb[i], "after %u: FB[%d] %" PRIu64
			     ", expected %d", s[i], b[i], r->rbd_freq[b[i]], fb[i]);
	}
}

/* ======================================================= RFC 5236 section 3 */

/* 3.1 Example 1: 2 1 4 5 3 -> RI 1..5; no loss, no duplicate. */
Test(reorder, rfc5236_example1_receive_index)
{
	static const uint32_t s[] = { 2, 1, 4, 5, 3 };
	static const int ri[] = { 1, 2, 3, 4, 5 };
	static const int d[] = { -1, 1, -1, -1, 2 };	/* D = RI - s (3.3) */
	static const uint64_t fd[] = { 0, 3, 0, 1, 1 };	/* D = -2..2 */
	struct reorder_density r;
	struct trace t;

	run(&r, 2, &t, s, 5);
	check_ri_d(&t, s, ri, d, 5);
	check_fd(&r, fd);
	cr_assert_eq(r.lost, 0);
	cr_assert_eq(r.duplicates, 0);
	cr_assert_eq(r.discarded, 0);
	cr_assert_eq(r.packets, 5);
	reorder_density_fini(&r);
}

/* 3.1 Example 2: 1 4 3 5 3 -> RI 1 3 4 5 -: 2 is lost (skipped), 3 duplicated. */
Test(reorder, rfc5236_example2_loss_and_duplicate)
{
	static const uint32_t s[] = { 1, 4, 3, 5, 3 };
	static const int ri[] = { 1, 3, 4, 5, NONE };
	static const int d[] = { 0, -1, 1, 0, NONE };
	static const uint64_t fd[] = { 1, 2, 1 };	/* D = -1..1 */
	struct reorder_density r;
	struct trace t;

	run(&r, 1, &t, s, 5);
	check_ri_d(&t, s, ri, d, 5);
	check_fd(&r, fd);
	cr_assert_eq(r.lost, 1, "packet 2");
	cr_assert_eq(r.duplicates, 1, "the second 3");
	reorder_density_fini(&r);
}

/* 3.3 Example 3: displacements 0 -1 1 0 - -2 0 2; the same for every DT >= 2. */
Test(reorder, rfc5236_example3_displacement)
{
	static const uint32_t s[] = { 1, 4, 3, 5, 3, 8, 7, 6 };
	static const int ri[] = { 1, 3, 4, 5, NONE, 6, 7, 8 };
	static const int d[] = { 0, -1, 1, 0, NONE, -2, 0, 2 };

	for (uint32_t dt = 2; dt <= 6; dt++) {
		struct reorder_density r;
		struct trace t;
		uint64_t fd[13] = { 0 };

		fd[dt - 2] = 1;
		fd[dt - 1] = 1;
		fd[dt] = 3;
		fd[dt + 1] = 1;
		fd[dt + 2] = 1;
		run(&r, dt, &t, s, 8);
		check_ri_d(&t, s, ri, d, 8);
		check_fd(&r, fd);
		cr_assert_eq(r.lost, 1, "packet 2");
		cr_assert_eq(r.duplicates, 1);
		reorder_density_fini(&r);
	}
}

/* ======================================================= RFC 5236 section 4 */

/* Example 4: R = {(4,1), (5,-1)}: packet 4 one late, 5 one early. */
Test(reorder, rfc5236_example4_reorder_set)
{
	static const uint32_t s[] = { 1, 2, 3, 5, 4, 6 };
	static const int ri[] = { 1, 2, 3, 4, 5, 6 };
	static const int d[] = { 0, 0, 0, -1, 1, 0 };
	static const uint64_t fd[] = { 0, 1, 4, 1, 0 };	/* D = -2..2 */
	struct reorder_density r;
	struct trace t;

	run(&r, 2, &t, s, 6);
	check_ri_d(&t, s, ri, d, 6);
	check_fd(&r, fd);
	cr_assert_float_eq(reorder_density_rd(&r, 0), 4.0 / 6.0, 1e-12, "RD[0] = 1 - 2/6");
	reorder_density_fini(&r);
}

/* Example 5: 4 lost and 2 duplicated: R = {(3,2), (5,-2)}. */
Test(reorder, rfc5236_example5_reorder_set_loss)
{
	static const uint32_t s[] = { 1, 2, 5, 3, 6, 2 };
	static const int ri[] = { 1, 2, 3, 5, 6, NONE };
	static const int d[] = { 0, 0, -2, 2, 0, NONE };
	static const uint64_t fd[] = { 1, 0, 3, 0, 1 };	/* D = -2..2 */
	struct reorder_density r;
	struct trace t;

	run(&r, 2, &t, s, 6);
	check_ri_d(&t, s, ri, d, 6);
	check_fd(&r, fd);
	cr_assert_eq(r.lost, 1, "packet 4");
	cr_assert_eq(r.duplicates, 1, "the second 2");
	reorder_density_fini(&r);
}

/* 3.8: (1, 2, 4, 5, 3): occupancy 1 when 4 arrives, 2 with 5, 0 with 3. */
Test(reorder, rfc5236_buffer_occupancy_3_8)
{
	static const uint32_t s[] = { 1, 2, 4, 5, 3 };
	static const int b[] = { 0, 0, 1, 2, 0 };
	static const int fb[] = { 1, 2, 1, 1, 3 };
	static const uint64_t fbt[] = { 3, 1, 1, 0 };
	struct reorder_density r;

	rbd_steps(3, s, NULL, b, fb, 5, &r);
	check_fb(&r, fbt);
	reorder_density_fini(&r);
}

/* ======================================================= RFC 5236 section 8 */

/* 8.a, Tables 1 and 2: (1, 4, 2, 5, 3, 6, 7, 8), DT = 4. */
Test(reorder, rfc5236_8a_no_loss_rd)
{
	static const uint32_t s[] = { 1, 4, 2, 5, 3, 6, 7, 8 };
	static const int ri[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const int d[] = { 0, -2, 1, -1, 2, 0, 0, 0 };
	static const int fd_run[] = { 1, 1, 1, 1, 1, 2, 3, 4 };
	/* Table 2: D -2 -1 0 1 2 -> FD 1 1 4 1 1, RD .125 .125 .5 .125 .125 */
	static const uint64_t fd[] = { 0, 0, 1, 1, 4, 1, 1, 0, 0 };	/* D = -4..4 */
	static const double rd[] = { 0.125, 0.125, 0.5, 0.125, 0.125 };
	struct reorder_density r;
	struct trace t;

	run(&r, 4, &t, s, 8);
	check_ri_d(&t, s, ri, d, 8);
	check_running_fd(&t, fd_run, ri, 8);
	check_fd(&r, fd);
	for (int k = -2; k <= 2; k++)
		cr_assert_float_eq(reorder_density_rd(&r, k), rd[k + 2], 1e-12);
	cr_assert_eq(reorder_density_rd(&r, 5), 0.0, "outside -DT..DT");
	cr_assert_eq(r.lost + r.duplicates + r.discarded, 0);
	reorder_density_fini(&r);
}

/* 8.a, Tables 3 and 4: the same sequence, BT = 4. */
Test(reorder, rfc5236_8a_no_loss_rbd)
{
	static const uint32_t s[] = { 1, 4, 2, 5, 3, 6, 7, 8 };
	static const int e[] = { 1, 2, 2, 3, 3, 6, 7, 8 };
	static const int b[] = { 0, 1, 1, 2, 0, 0, 0, 0 };
	static const int fb[] = { 1, 1, 2, 1, 2, 3, 4, 5 };
	/* Table 4: B 0 1 2 -> FB 5 2 1, RBD .625 .25 .125 */
	static const uint64_t fbt[] = { 5, 2, 1, 0, 0 };
	struct reorder_density r;
	struct reorder_summary sum;

	rbd_steps(4, s, e, b, fb, 8, &r);
	check_fb(&r, fbt);
	cr_assert_float_eq(reorder_density_rbd(&r, 0), 0.625, 1e-12);
	cr_assert_float_eq(reorder_density_rbd(&r, 1), 0.25, 1e-12);
	cr_assert_float_eq(reorder_density_rbd(&r, 2), 0.125, 1e-12);
	cr_assert_eq(reorder_density_rbd(&r, 5), 0.0, "outside 0..BT");
	/* Section 9: mean occupancy = sum i RBD[i] = 0.25 + 0.25. */
	reorder_density_flush(&r);
	reorder_density_summary(&r, &sum);
	cr_assert_float_eq(sum.mean_occupancy, 0.5, 1e-12);
	cr_assert_eq(sum.max_occupancy, 2);
	reorder_density_fini(&r);
}

/* 8.b, Tables 5 and 6: (1, 2, 4, 5, 6, 7), DT = BT = 3; 3 is lost. */
Test(reorder, rfc5236_8b_loss)
{
	static const uint32_t s[] = { 1, 2, 4, 5, 6, 7 };
	static const int ri[] = { 1, 2, 4, 5, 6, 7 };
	static const int d[] = { 0, 0, 0, 0, 0, 0 };
	static const int fd_run[] = { 1, 2, 3, 4, 5, 6 };
	static const uint64_t fd[] = { 0, 0, 0, 6, 0, 0, 0 };	/* D = -3..3: RD[0] = 1 */
	/* Table 6.  Its E row gives E before each arrival, but 7 for the last
	 * column: E once 3 has been given up, before 4..7 are released. */
	static const int e[] = { 1, 2, 3, 3, 3, NONE };
	static const int b[] = { 0, 0, 1, 2, 3, 0 };
	static const int fb[] = { 1, 2, 1, 1, 1, 3 };
	static const uint64_t fbt[] = { 3, 1, 1, 1 };	/* RBD .5 .167 .167 .167 */
	struct reorder_density r;
	struct trace t;

	run(&r, 3, &t, s, 6);
	check_ri_d(&t, s, ri, d, 6);
	check_running_fd(&t, fd_run, ri, 6);
	check_fd(&r, fd);
	cr_assert_float_eq(reorder_density_rd(&r, 0), 1.0, 1e-12);
	cr_assert_eq(r.lost, 1, "packet 3");
	reorder_density_fini(&r);

	rbd_steps(3, s, e, b, fb, 6, &r);
	check_fb(&r, fbt);
	cr_assert_float_eq(reorder_density_rbd(&r, 0), 0.5, 1e-12);
	for (uint32_t k = 1; k <= 3; k++)
		cr_assert_float_eq(reorder_density_rbd(&r, k), 1.0 / 6.0, 1e-12);
	cr_assert_eq(r.rbd_lost, 1, "3, given up when 7 found the buffer full");
	cr_assert_eq(r.expected + 1, 8);
	reorder_density_fini(&r);
}

/* 8.c, Tables 7 and 8: (1, 3, 2, 3, 4, 5), DT = 2: the second 3 is ignored. */
Test(reorder, rfc5236_8c_duplicate)
{
	static const uint32_t s[] = { 1, 3, 2, 3, 4, 5 };
	static const int ri[] = { 1, 2, 3, NONE, 4, 5 };
	static const int d[] = { 0, -1, 1, NONE, 0, 0 };
	static const int fd_run[] = { 1, 1, 1, NONE, 2, 3 };
	static const uint64_t fd[] = { 0, 1, 3, 1, 0 };	/* RD .2 .6 .2 at -1 0 1 */
	static const int e[] = { 1, 2, 2, NONE, 4, 5 };
	static const int b[] = { 0, 1, 0, NONE, 0, 0 };
	static const int fb[] = { 1, 1, 2, NONE, 3, 4 };
	static const uint64_t fbt[] = { 4, 1, 0 };	/* RBD .8 .2 */
	struct reorder_density r;
	struct trace t;

	run(&r, 2, &t, s, 6);
	check_ri_d(&t, s, ri, d, 6);
	check_running_fd(&t, fd_run, ri, 6);
	check_fd(&r, fd);
	cr_assert_float_eq(reorder_density_rd(&r, -1), 0.2, 1e-12);
	cr_assert_float_eq(reorder_density_rd(&r, 0), 0.6, 1e-12);
	cr_assert_float_eq(reorder_density_rd(&r, 1), 0.2, 1e-12);
	cr_assert_eq(r.duplicates, 1);
	cr_assert_eq(r.lost, 0);
	reorder_density_fini(&r);

	rbd_steps(2, s, e, b, fb, 6, &r);
	check_fb(&r, fbt);
	cr_assert_float_eq(reorder_density_rbd(&r, 0), 0.8, 1e-12);
	cr_assert_float_eq(reorder_density_rbd(&r, 1), 0.2, 1e-12);
	reorder_density_fini(&r);
}

/* ====================================== RFC 5236 in words (sections 2 and 6) */

/* 2.b: (1, 3, 4, 5, 6) has no reordering, 2 being lost; (1, 2, 3, 2, 4, 5) none either. */
Test(reorder, rfc5236_loss_and_duplicates_are_not_reordering)
{
	static const uint32_t lossy[] = { 1, 3, 4, 5, 6 };
	static const uint32_t dup[] = { 1, 2, 3, 2, 4, 5 };
	struct reorder_density r;
	struct trace t;

	run(&r, 3, &t, lossy, 5);
	cr_assert_eq(r.rd_n, 5);
	cr_assert_float_eq(reorder_density_rd(&r, 0), 1.0, 1e-12);
	cr_assert_eq(r.lost, 1);
	reorder_density_fini(&r);

	run(&r, 3, &t, dup, 6);
	cr_assert_eq(r.rd_n, 5);
	cr_assert_float_eq(reorder_density_rd(&r, 0), 1.0, 1e-12);
	cr_assert_float_eq(reorder_density_rbd(&r, 0), 1.0, 1e-12, "RBD is orthogonal to duplication");
	cr_assert_eq(r.duplicates, 1);
	cr_assert_eq(r.lost, 0);
	reorder_density_fini(&r);
}

/*
 * 2.d and 6: (1, 5430, 2, 3, 4, 5, ...): RD discards the rogue 5430 (its
 * displacement is beyond DT) and sees the rest in order.  RBD has no such
 * guard: 5430 stays in its buffer, occupancy 1 from then on (the RFC
 * suggests a time limit on buffered packets for that; bondsim keeps RBD as defined).
 */
Test(reorder, rfc5236_rogue_packet)
{
	struct reorder_density r;

	reorder_density_init(&r, 3);
	reorder_density_packet(&r, 0);
	reorder_density_packet(&r, 5429);
	for (uint32_t s = 1; s < 100; s++)
		reorder_density_packet(&r, s);
	reorder_density_flush(&r);
	cr_assert_eq(r.discarded, 1);
	cr_assert_eq(r.rd_n, 100);
	cr_assert_float_eq(reorder_density_rd(&r, 0), 1.0, 1e-12);
	cr_assert_eq(r.lost, 0);
	cr_assert_eq(r.rbd_freq[0], 1);
	cr_assert_eq(r.rbd_freq[1], 100);
	reorder_density_fini(&r);
}

/* ======================================================= beyond the RFC's text */

/* A displacement of exactly DT counts; one more is discarded. */
Test(reorder, threshold_edge)
{
	static const uint32_t s[] = { 1, 4, 2, 3 };
	static const uint64_t fd2[] = { 1, 0, 1, 2, 0 };	/* D = -2..2: 4 is -2 */
	static const uint64_t fd1[] = { 0, 3, 0 };		/* D = -1..1 */
	struct reorder_density r;
	struct trace t;

	run(&r, 2, &t, s, 4);
	check_fd(&r, fd2);
	cr_assert_eq(r.discarded, 0);
	reorder_density_fini(&r);

	run(&r, 1, &t, s, 4);
	check_fd(&r, fd1);
	cr_assert_eq(r.discarded, 1, "4 would be 2 early");
	reorder_density_fini(&r);
}

/*
 * The RBD repair (reorder.c's DOC): BT = 2, (1, 3, 5, 7, 4, 6, 8).  When 7
 * finds {3, 5} held, 2 is given up and 3 released; 7 is then stored (the
 * RFC's pseudo-code would drop it) and released in turn after 6.
 */
Test(reorder, rbd_full_buffer_keeps_the_arrival)
{
	static const uint32_t s[] = { 1, 3, 5, 7, 4, 6, 8 };
	static const int b[] = { 0, 1, 2, 2, 1, 0, 0 };
	static const int fb[] = { 1, 1, 1, 2, 2, 2, 3 };
	static const uint64_t fbt[] = { 3, 2, 2 };
	struct reorder_density r;

	rbd_steps(2, s, NULL, b, fb, 7, &r);
	check_fb(&r, fbt);
	cr_assert_eq(r.rbd_lost, 1);
	cr_assert_eq(r.expected + 1, 9);
	reorder_density_fini(&r);
}

/* Before anything is counted the densities are 0; flushing nothing is fine. */
Test(reorder, empty)
{
	struct reorder_density r;
	struct reorder_summary sum;

	reorder_density_init(&r, 4);
	reorder_density_flush(&r);
	cr_assert_eq(reorder_density_rd(&r, 0), 0.0);
	cr_assert_eq(reorder_density_rbd(&r, 0), 0.0);
	reorder_density_summary(&r, &sum);
	cr_assert_eq(sum.counted, 0);
	cr_assert_eq(sum.in_order, 0.0);
	reorder_density_fini(&r);
}

/* A million packets swapped in pairs, a few lost and duplicated: O(DT) state. */
Test(reorder, long_stream_pairs_swapped)
{
	struct reorder_density r;
	struct reorder_summary sum;
	const uint32_t n = 1000000;

	reorder_density_init(&r, 8);
	for (uint32_t s = 0; s < n; s += 2) {
		reorder_density_packet(&r, s + 1);
		reorder_density_packet(&r, s);
		if (s % 1000 == 0)
			reorder_density_packet(&r, s);	/* a duplicate */
	}
	reorder_density_flush(&r);
	cr_assert_eq(r.packets, n + n / 1000);
	cr_assert_eq(r.duplicates, n / 1000);
	cr_assert_eq(r.rd_n, n);
	cr_assert_eq(r.rd_freq[8 - 1], n / 2);
	cr_assert_eq(r.rd_freq[8 + 1], n / 2);
	cr_assert_eq(r.rbd_freq[0], n / 2);
	cr_assert_eq(r.rbd_freq[1], n / 2);
	cr_assert_leq(r.early_len, r.dt);
	cr_assert_leq(r.held_len, r.dt);
	reorder_density_summary(&r, &sum);
	cr_assert_float_eq(sum.in_order, 0.0, 1e-12);
	cr_assert_float_eq(sum.early, 0.5, 1e-12);
	cr_assert_float_eq(sum.late, 0.5, 1e-12);
	cr_assert_float_eq(sum.mean_abs_displacement, 1.0, 1e-12);
	cr_assert_eq(sum.max_early, 1);
	cr_assert_eq(sum.max_late, 1);
	cr_assert_float_eq(sum.mean_occupancy, 0.5, 1e-12);
	reorder_density_fini(&r);
}

/*
 * The bound that spares in-order arrivals a search: the highest number that
 * entered the window, kept across a rogue number and the window's wrap; a
 * duplicate below it is still found by the search (in the window, or among
 * the early arrivals).
 */
Test(reorder, sight_bound)
{
	struct reorder_density r;

	reorder_density_init(&r, 3);
	for (uint32_t s = 0; s < 10; s++)
		reorder_density_packet(&r, s);
	cr_assert_eq(r.sight_max, 9);
	cr_assert_eq(r.win_len, 3);
	reorder_density_packet(&r, 8);		/* in the window, wrapped round */
	cr_assert_eq(r.duplicates, 1);
	reorder_density_packet(&r, 1000);	/* a rogue number */
	cr_assert_eq(r.sight_max, 1000);
	reorder_density_packet(&r, 11);		/* before 10: it takes index 10 */
	reorder_density_packet(&r, 10);
	reorder_density_packet(&r, 12);
	reorder_density_packet(&r, 13);
	cr_assert_eq(r.early_len, 1);
	cr_assert_eq(r.early[0], 11);
	reorder_density_packet(&r, 11);		/* a duplicate, among the early */
	cr_assert_eq(r.duplicates, 2);
	reorder_density_flush(&r);
	cr_assert_eq(r.discarded, 1, "1000 is beyond dt");
	cr_assert_eq(r.rd_n, 14);
	cr_assert_eq(r.rd_freq[3 - 1], 1, "11 one early");
	cr_assert_eq(r.rd_freq[3 + 1], 1, "10 one late");
	reorder_density_fini(&r);
}

/* The report's object for 8.a. */
Test(reorder, report_json)
{
	static const uint32_t s[] = { 1, 4, 2, 5, 3, 6, 7, 8 };
	struct reorder_density r;
	struct trace t;
	struct json j;
	GString *out = g_string_new(NULL);

	run(&r, 4, &t, s, 8);
	json_init(&j, out);
	reorder_density_report_json(&r, &j, NULL);
	cr_assert_not_null(strstr(out->str, "\"dt\": 4"), "%s", out->str);
	cr_assert_not_null(strstr(out->str, "\"counted\": 8"));
	cr_assert_not_null(strstr(out->str, "\"in_order\": 0.5"));
	cr_assert_not_null(strstr(out->str, "\"early\": 0.25"));
	cr_assert_not_null(strstr(out->str, "\"late\": 0.25"));
	cr_assert_not_null(strstr(out->str, "\"mean_abs_displacement\": 0.75"));
	cr_assert_not_null(strstr(out->str, "\"max_early\": 2"));
	cr_assert_not_null(strstr(out->str, "\"max_late\": 2"));
	cr_assert_not_null(strstr(out->str, "\"mean_occupancy\": 0.5"));
	cr_assert_not_null(strstr(out->str, "\"-2\": 0.125"));
	cr_assert_not_null(strstr(out->str, "\"0\": 0.625"));
	cr_assert_null(strstr(out->str, "\"-3\""), "zero entries are left out");
	g_string_free(out, TRUE);
	reorder_density_fini(&r);
}

/*
 * An oracle for the arrival-driven RD: section 7.1's evaluation in its own
 * shape, pulling arrivals from the whole array (fill a window of dt + 1,
 * then take an index for its head, skipping lost indexes, one pull per
 * head), with plain GArrays.  Random lossy, duplicated, shuffled streams with
 * the odd rogue number must give the same FD, losses and duplicates.
 */
struct pull {
	const uint32_t *a;
	int n, next;
	uint64_t ri, dups;
	GArray *win, *early;
};

static bool garray_has(const GArray *g, uint64_t v)
{
	for (guint i = 0; i < g->len; i++)
		if (g_array_index(g, uint64_t, i) == v)
			return true;
	return false;
}

static bool pull_next(struct pull *p, uint64_t *out)
{
	while (p->next < p->n) {
		uint64_t s = p->a[p->next++];

		if (s >= p->ri && !garray_has(p->win, s) && !garray_has(p->early, s)) {
			*out = s;
			return true;
		}
		p->dups++;
	}
	return false;
}

static void rd_oracle(const uint32_t *a, int n, uint32_t dt, uint64_t *fd, uint64_t *lost,
		      uint64_t *dups)
{
	struct pull p = { .a = a, .n = n };
	int64_t idt = dt;
	uint64_t s;

	p.win = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	p.early = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	*lost = 0;
	while (p.win->len < dt + 1 && pull_next(&p, &s))
		g_array_append_val(p.win, s);
	while (p.win->len > 0) {
		if (garray_has(p.win, p.ri) || garray_has(p.early, p.ri)) {
			int64_t d;

			s = g_array_index(p.win, uint64_t, 0);
			g_array_remove_index(p.win, 0);
			d = (int64_t)p.ri - (int64_t)s;
			if (d >= -idt && d <= idt) {
				fd[d + idt]++;
				for (guint i = 0; i < p.early->len; i++)
					if (g_array_index(p.early, uint64_t, i) == p.ri)
						g_array_remove_index(p.early, i--);
				if (d < 0)
					g_array_append_val(p.early, s);
				p.ri++;
			}
			if (pull_next(&p, &s))
				g_array_append_val(p.win, s);
		} else {
			uint64_t m = UINT64_MAX;

			for (guint i = 0; i < p.win->len; i++)
				m = MIN(m, g_array_index(p.win, uint64_t, i));
			for (guint i = 0; i < p.early->len; i++)
				m = MIN(m, g_array_index(p.early, uint64_t, i));
			if (m > p.ri) {
				*lost += m - p.ri;
				p.ri = m;
			} else {
				++*lost;
				p.ri++;
			}
		}
	}
	*dups = p.dups;
	g_array_free(p.win, TRUE);
	g_array_free(p.early, TRUE);
}

Test(reorder, rd_matches_pull_oracle)
{
	GRand *rng = g_rand_new_with_seed(5236);
	uint32_t a[200];

	for (int round = 0; round < 2000; round++) {
		uint32_t dt = (uint32_t)g_rand_int_range(rng, 0, 9);
		int n = 0, len = g_rand_int_range(rng, 0, 120);
		uint64_t fd[17] = { 0 }, lost, dups;
		struct reorder_density r;

		for (int s = 0; s < len && n < 190; s++) {
			if (g_rand_double(rng) < 0.1)
				continue;			/* lost */
			a[n++] = (uint32_t)s;
			if (g_rand_double(rng) < 0.1) {		/* a duplicate */
				uint32_t dup = a[g_rand_int_range(rng, 0, n)];

				a[n++] = dup;
			}
		}
		for (int i = 0; i < n; i++) {
			if (g_rand_double(rng) < 0.3) {
				int j = MIN(n - 1, i + g_rand_int_range(rng, 0, 10));
				uint32_t t = a[i];

				a[i] = a[j];
				a[j] = t;
			}
		}
		if (n > 0 && g_rand_double(rng) < 0.05)
			a[g_rand_int_range(rng, 0, n)] = (uint32_t)g_rand_int_range(rng, 0, 100000);

		rd_oracle(a, n, dt, fd, &lost, &dups);
		reorder_density_init(&r, dt);
		for (int i = 0; i < n; i++)
			reorder_density_packet(&r, a[i]);
		reorder_density_flush(&r);
		for (uint32_t k = 0; k <= 2 * dt; k++)
			cr_assert_eq(r.rd_freq[k], fd[k], "round %d, dt %u: FD[%d]", round, dt,
				     (int)k - (int)dt);
		cr_assert_eq(r.lost, lost, "round %d", round);
		cr_assert_eq(r.duplicates, dups, "round %d", round);
		cr_assert_eq(r.rd_n + r.discarded + r.duplicates, (uint64_t)n);
		reorder_density_fini(&r);
	}
	g_rand_free(rng);
}

/* ======================================================= RFC 4737 section 7 */

/*
 * Feed the RFC's 1-based arrivals as s - 1 (flows number from 0), checking
 * the table's NextExp column (before each arrival, 1-based) and, after each
 * arrival, the reordered count and the largest extent so far.
 */
static void rfc4737_run(struct flow_rx *rx, const uint32_t *s, const int *next_exp,
			const sim_time_t *src_ms, const sim_time_t *dst_ms,
			const int *reordered, const int *max_extent, int n)
{
	flow_rx_init(rx);
	for (int i = 0; i < n; i++) {
		if (next_exp)
			cr_assert_eq(rx->next_exp + 1, (uint32_t)next_exp[i],
				     "before %u: NextExp %u, expected %d", s[i], rx->next_exp + 1,
				     next_exp[i]);
		flow_rx_packet(rx, s[i] - 1, src_ms ? src_ms[i] * SIM_MS : 0,
			       dst_ms ? dst_ms[i] * SIM_MS : 1, 100);
		cr_assert_eq(rx->reordered, (uint64_t)reordered[i], "after %u: %" PRIu64
			     " reordered, expected %d", s[i], rx->reordered, reordered[i]);
		cr_assert_eq(rx->max_reorder_extent, (uint64_t)max_extent[i],
			     "after %u: max extent %" PRIu64 ", expected %d", s[i],
			     rx->max_reorder_extent, max_extent[i]);
	}
}

/* 7.1, Table 1: packet 4 arrives after 8; e = 4. */
Test(reorder, rfc4737_7_1_single_packet)
{
	static const uint32_t s[] = { 1, 2, 3, 5, 6, 7, 8, 4, 9, 10 };
	static const int nx[] = { 1, 2, 3, 4, 6, 7, 8, 9, 9, 10 };
	static const sim_time_t src[] = { 0, 20, 40, 80, 100, 120, 140, 60, 160, 180 };
	static const sim_time_t dst[] = { 68, 88, 108, 148, 168, 188, 208, 210, 228, 248 };
	static const int re[] = { 0, 0, 0, 0, 0, 0, 0, 1, 1, 1 };
	static const int ext[] = { 0, 0, 0, 0, 0, 0, 0, 4, 4, 4 };
	struct flow_rx rx;

	rfc4737_run(&rx, s, nx, src, dst, re, ext, 10);
	cr_assert_eq(rx.received, 10);
	cr_assert_eq(rx.delay_min, 68 * SIM_MS);
	cr_assert_eq(rx.delay_max, 150 * SIM_MS, "packet 4's delay");
	cr_assert_eq(rx.next_exp + 1, 11);
	flow_rx_fini(&rx);
}

/* 7.2, Table 2: 5 and 6 arrive after 7; e = 1 and 2. */
Test(reorder, rfc4737_7_2_two_packets)
{
	static const uint32_t s[] = { 1, 2, 3, 4, 7, 5, 6, 8, 9, 10 };
	static const int nx[] = { 1, 2, 3, 4, 5, 8, 8, 8, 9, 10 };
	static const sim_time_t src[] = { 0, 20, 40, 60, 120, 80, 100, 140, 160, 180 };
	static const sim_time_t dst[] = { 68, 88, 108, 128, 188, 189, 190, 208, 228, 248 };
	static const int re[] = { 0, 0, 0, 0, 0, 1, 2, 2, 2, 2 };
	static const int ext[] = { 0, 0, 0, 0, 0, 1, 2, 2, 2, 2 };
	struct flow_rx rx;

	rfc4737_run(&rx, s, nx, src, dst, re, ext, 10);
	cr_assert_eq(rx.delay_max, 109 * SIM_MS);
	flow_rx_fini(&rx);
}

/* 7.3, Table 3: 4, 5, 6 after 10; extents 4, 5, 6 (histogram bins 4..6 = 1). */
Test(reorder, rfc4737_7_3_three_packets)
{
	static const uint32_t s[] = { 1, 2, 3, 7, 8, 9, 10, 4, 5, 6, 11 };
	static const int nx[] = { 1, 2, 3, 4, 8, 9, 10, 11, 11, 11, 11 };
	static const sim_time_t src[] = { 0, 20, 40, 120, 140, 160, 180, 60, 80, 100, 200 };
	static const sim_time_t dst[] = { 68, 88, 108, 188, 208, 228, 248, 250, 252, 256, 268 };
	static const int re[] = { 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 3 };
	static const int ext[] = { 0, 0, 0, 0, 0, 0, 0, 4, 5, 6, 6 };
	struct flow_rx rx;

	rfc4737_run(&rx, s, nx, src, dst, re, ext, 11);
	cr_assert_eq(rx.delay_max, 190 * SIM_MS);
	flow_rx_fini(&rx);
}

/*
 * 7.4, Table 4: two reordering discontinuities; 4 has e = 2, 5 has e = 3,
 * 11 has e = 2 (not a new maximum, so seen only as the count).  flow_rx's
 * gaps are the two holes, each filled by late packets.
 */
Test(reorder, rfc4737_7_4_multiple_discontinuities)
{
	static const uint32_t s[] = { 1, 2, 3, 6, 7, 4, 5, 8, 9, 10, 12, 13, 11, 14, 15, 16 };
	static const int re[] = { 0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3 };
	static const int ext[] = { 0, 0, 0, 0, 0, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 };
	struct flow_rx rx;
	const struct flow_gap *g;

	rfc4737_run(&rx, s, NULL, NULL, NULL, re, ext, 16);
	cr_assert_eq(rx.gaps->len, 2);
	g = &g_array_index(rx.gaps, struct flow_gap, 0);
	cr_assert_eq(g->first_seq + 1, 4);
	cr_assert_eq(g->missing, 2);
	cr_assert_eq(g->late, 2);
	g = &g_array_index(rx.gaps, struct flow_gap, 1);
	cr_assert_eq(g->first_seq + 1, 11);
	cr_assert_eq(g->missing, 1);
	cr_assert_eq(g->late, 1);
	flow_rx_fini(&rx);

	/* Packet 11's own extent: 13 and 12 precede it back to 12 (j' = 11, i = 13). */
	{
		static const uint32_t tail[] = { 10, 12, 13, 11 };
		static const int re2[] = { 0, 0, 0, 1 };
		static const int ext2[] = { 0, 0, 0, 2 };

		rfc4737_run(&rx, tail, NULL, NULL, NULL, re2, ext2, 4);
		flow_rx_fini(&rx);
	}
}
