/*
 * test_graphs.c - the CSV files behind the graphs, on the shipped scenarios.
 */
#include <criterion/criterion.h>
#include <glib/gstdio.h>
#include <math.h>
#include <unistd.h>
#include <string.h>
#include "graphs.h"
#include "ini_tmp.h"

static struct world *run_file(const char *path, uint64_t seed)
{
	struct world_options opt = { .seed_set = true, .seed = seed };
	GError *err = NULL;
	struct world *w = world_load(path, &opt, &err);

	cr_assert_not_null(w, "%s", err ? err->message : "");
	world_run(w);
	return w;
}

static struct world *run_text(const char *text)
{
	char *path = ini_tmp(text);
	struct world *w = run_file(path, 1);

	g_unlink(path);
	g_free(path);
	return w;
}

/* The text of one of graphs_csv_files[], or NULL when the run has none. */
static char *csv_of(const struct world *w, const char *name)
{
	for (const struct graphs_csv *c = graphs_csv_files; c->name; c++) {
		GString *s = g_string_new(NULL);

		if (strcmp(c->name, name) != 0) {
			g_string_free(s, TRUE);
			continue;
		}
		if (!c->write(w, s)) {
			g_string_free(s, TRUE);
			return NULL;
		}
		return g_string_free(s, FALSE);
	}
	cr_assert_fail("no CSV file %s", name);
	return NULL;
}

/* A CSV file as rows of fields; row 0 is the header. */
struct table {
	GPtrArray *rows;	/* char ** */
};

static struct table table_parse(const char *text)
{
	struct table t = { g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev) };
	char **lines = g_strsplit(text, "\n", -1);

	for (guint i = 0; lines[i]; i++)
		if (lines[i][0])
			g_ptr_array_add(t.rows, g_strsplit(lines[i], ",", -1));
	g_strfreev(lines);
	return t;
}

static guint table_col(const struct table *t, const char *name)
{
	char **head = g_ptr_array_index(t->rows, 0);

	for (guint c = 0; head[c]; c++)
		if (strcmp(head[c], name) == 0)
			return c;
	cr_assert_fail("no column %s", name);
	return 0;
}

/* The field in column @name of the row whose first field is @key. */
static const char *table_cell(const struct table *t, const char *key, const char *name)
{
	guint c = table_col(t, name);

	for (guint r = 1; r < t->rows->len; r++) {
		char **row = g_ptr_array_index(t->rows, r);

		if (strcmp(row[0], key) == 0)
			return row[c];
	}
	cr_assert_fail("no row %s", key);
	return NULL;
}

/* A rate with 6 decimals as an exact integer of millionths. */
static int64_t micro(const char *field)
{
	return llround(g_ascii_strtod(field, NULL) * 1e6);
}

static uint64_t column_sum(const struct table *t, const char *name)
{
	guint c = table_col(t, name);
	uint64_t sum = 0;

	for (guint r = 1; r < t->rows->len; r++)
		sum += g_ascii_strtoull(((char **)g_ptr_array_index(t->rows, r))[c], NULL, 10);
	return sum;
}

static double metric_of(const struct world *w, const char *name)
{
	struct metrics m;
	const struct metric *x;
	double v;

	metrics_init(&m);
	world_metrics(w, &m);
	x = metrics_find(&m, name);
	cr_assert_not_null(x, "no metric %s", name);
	v = x->value;
	metrics_fini(&m);
	return v;
}

/* balance-rr into one switch: the MAC moves on every frame, 1752 times in each 100 ms. */
Test(graphs, mode0_single_switch_moves_per_second_and_ports)
{
	struct world *w = run_file("scenarios/mode0_single_switch.ini", 1);
	char *moves = csv_of(w, "mac_moves.csv"), *ports = csv_of(w, "mac_ports.csv");
	struct table t = table_parse(moves), p = table_parse(ports);
	const char *col = "sw1.server.bond0.moves_per_s";
	double total = 0;

	cr_assert_str_eq(((char **)g_ptr_array_index(t.rows, 0))[1], col);
	cr_assert_eq(t.rows->len, 1 + 50);
	/* the second from 1 s to 2 s, interval by interval */
	cr_assert_str_eq(table_cell(&t, "1.100", col), "17510.000");
	cr_assert_str_eq(table_cell(&t, "1.500", col), "17520.000");
	cr_assert_str_eq(table_cell(&t, "2.000", col), "17520.000");
	cr_assert_str_eq(table_cell(&t, "0.100", col), "20.000");
	/* the rows add up to the switch's own count */
	for (guint r = 1; r < t.rows->len; r++)
		total += g_ascii_strtod(((char **)g_ptr_array_index(t.rows, r))[1], NULL) / 10;
	cr_assert_eq(llround(total), 85821);
	cr_assert_eq(metric_of(w, "sw1.mac_moves"), 85821);
	/* on both ports in every interval once traffic flows, Gi0/1 the first lane */
	cr_assert_str_eq(((char **)g_ptr_array_index(p.rows, 0))[6], "port");
	cr_assert_eq(p.rows->len, 1 + 2 * 50);
	for (guint r = 1; r < p.rows->len; r++) {
		char **row = g_ptr_array_index(p.rows, r);

		cr_assert_str_eq(row[5], "00:16:36:1b:bb:74");
		cr_assert_str_eq(row[7], strcmp(row[6], "Gi0/1") == 0 ? "0" : "1", "%s on %s",
				 row[1], row[6]);
	}
	g_ptr_array_free(t.rows, TRUE);
	g_ptr_array_free(p.rows, TRUE);
	g_free(moves);
	g_free(ports);
	world_free(w);
}

/* The bond's column is the sum of its slaves' on every row, both ways. */
static void check_bond_sums(const char *scenario, const char *bond, const char *const *slaves)
{
	struct world *w = run_file(scenario, 1);
	char *text = csv_of(w, "bonds.csv");
	struct table t = table_parse(text);
	const char *dir[] = { "tx", "rx" };

	for (guint d = 0; d < 2; d++) {
		char *bcol = g_strdup_printf("%s.%s_mbps", bond, dir[d]);
		guint bc = table_col(&t, bcol);
		int64_t busiest = 0;

		for (guint r = 1; r < t.rows->len; r++) {
			char **row = g_ptr_array_index(t.rows, r);
			int64_t sum = 0;

			for (guint s = 0; slaves[s]; s++) {
				char *scol = g_strdup_printf("%s.%s.%s_mbps", bond, slaves[s], dir[d]);

				sum += micro(row[table_col(&t, scol)]);
				g_free(scol);
			}
			cr_assert_eq(micro(row[bc]), sum, "%s %s at %s: %s, slaves %" G_GINT64_FORMAT,
				     scenario, bcol, row[0], row[bc], sum);
			busiest = MAX(busiest, sum);
		}
		/* and the rows carry traffic (over 10 Mbit/s): this checks something */
		if (d == 0)
			cr_assert_gt(busiest, 10000000, "%s: %" G_GINT64_FORMAT, scenario, busiest);
		g_free(bcol);
	}
	g_ptr_array_free(t.rows, TRUE);
	g_free(text);
	world_free(w);
}

Test(graphs, bond_column_is_the_sum_of_its_slaves)
{
	const char *const two[] = { "eth0", "eth1", NULL }, *const storage[] = { "eth2", "eth3", NULL };

	check_bond_sums("scenarios/mode0_single_switch.ini", "server.bond0", two);
	check_bond_sums("scenarios/mode0_reordering.ini", "server.bond0", two);
	check_bond_sums("scenarios/mode1_failover.ini", "server.bond0", two);
	check_bond_sums("scenarios/multi_bond.ini", "server.bond1", storage);
}

Test(graphs, bonds_csv_exact_rates)
{
	struct world *w = run_file("scenarios/mode0_single_switch.ini", 1);
	char *text = csv_of(w, "bonds.csv");
	struct table t = table_parse(text);

	/* 0.9 s to 1 s: 876 frames of 1442 bytes on eth0 (1,263,192 bytes in 100 ms),
	 * 875 on eth1 and one 98-byte echo reply (1,261,848 bytes) */
	cr_assert_str_eq(table_cell(&t, "1.000", "server.bond0.eth0.tx_mbps"), "101.055360");
	cr_assert_str_eq(table_cell(&t, "1.000", "server.bond0.eth1.tx_mbps"), "100.947840");
	cr_assert_str_eq(table_cell(&t, "1.000", "server.bond0.tx_mbps"), "202.003200");
	g_ptr_array_free(t.rows, TRUE);
	g_free(text);
	world_free(w);
}

/*
 * mode1_failover: eth0 pulled at 2.05 s, eth1 active at 2.288 s.  Until
 * then eth1 is the backup: the frames the switch floods to it are received
 * and dropped by the bond, so the received columns fall to 0 as the sent
 * ones do (they counted the backup's frames as carried before), and the
 * 100 ms ending at 2.3 s carry the last 12 ms of the 50 Mbit/s flow.
 */
Test(graphs, frames_an_inactive_slave_drops_are_not_received_by_the_bond)
{
	struct world *w = run_file("scenarios/mode1_failover.ini", 1);
	char *text = csv_of(w, "bonds.csv");
	struct table t = table_parse(text);

	cr_assert_gt(metric_of(w, "drop.server.eth1.inactive_slave"), 1000);
	cr_assert_str_eq(table_cell(&t, "2.200", "server.bond0.rx_mbps"), "0.000000");
	cr_assert_str_eq(table_cell(&t, "2.200", "server.bond0.eth1.rx_mbps"), "0.000000");
	cr_assert_str_eq(table_cell(&t, "2.300", "server.bond0.eth1.rx_mbps"), "6.093120");
	cr_assert_str_eq(table_cell(&t, "2.400", "server.bond0.eth1.rx_mbps"), "50.761280");
	g_ptr_array_free(t.rows, TRUE);
	g_free(text);
	world_free(w);
}

/* flows.csv: loss by send time adds up to the report's loss, reordering to its count. */
Test(graphs, flows_csv_adds_up_to_the_report)
{
	struct world *w = run_file("scenarios/mode0_reordering.ini", 1);
	char *text = csv_of(w, "flows.csv");
	struct table t = table_parse(text);

	cr_assert_eq(column_sum(&t, "too_fast.lost"), 21452);
	cr_assert_eq(metric_of(w, "flow.too_fast.lost"), 21452);
	cr_assert_eq(column_sum(&t, "fits.lost"), 0);
	cr_assert_eq(column_sum(&t, "fits.reordered"), metric_of(w, "flow.fits.reordered"));
	cr_assert_eq(column_sum(&t, "too_fast.reordered"), metric_of(w, "flow.too_fast.reordered"));
	cr_assert_eq(column_sum(&t, "fits.received"), metric_of(w, "flow.fits.received"));
	cr_assert_eq(column_sum(&t, "fits.sent"), metric_of(w, "flow.fits.sent"));
	/* 400 Mbit/s of 1428-byte IP packets: 3501 or 3502 each 100 ms; a quarter
	 * lost (half go to the 100 Mbit/s slave, which sends half of those) */
	cr_assert_str_eq(table_cell(&t, "3.000", "too_fast.sent"), "3502");
	cr_assert_str_eq(table_cell(&t, "3.000", "too_fast.lost"), "898");
	cr_assert_str_eq(table_cell(&t, "3.000", "fits.sent"), "0");
	/* every other packet overtaken: half of the 1313 received */
	cr_assert_str_eq(table_cell(&t, "1.000", "fits.received"), "1313");
	cr_assert_str_eq(table_cell(&t, "1.000", "fits.reordered"), "656");
	g_ptr_array_free(t.rows, TRUE);
	g_free(text);
	world_free(w);
}

/* Active-backup: the MAC leaves Gi0/1 with the carrier, is nowhere until the
 * bond fails over at 2.288 s, then is on Gi0/2; the faults are numbered. */
Test(graphs, mode1_failover_where_the_mac_was)
{
	struct world *w = run_file("scenarios/mode1_failover.ini", 1);
	char *faults = csv_of(w, "faults.csv"), *ports = csv_of(w, "mac_ports.csv");
	struct table p = table_parse(ports);
	GString *seen = g_string_new(NULL);

	cr_assert_str_eq(faults, "failover,time_s,fault\n"
			 "1,2.050000,link server.eth0 down\n"
			 "2,4.050000,link server.eth0 up\n");
	for (guint r = 1; r < p.rows->len; r++) {
		char **row = g_ptr_array_index(p.rows, r);

		if (strcmp(row[0], "1.900") >= 0 && strcmp(row[0], "2.400") <= 0)
			g_string_append_printf(seen, "%s-%s %s %s\n", row[0], row[1], row[6], row[7]);
	}
	cr_assert_str_eq(seen->str, "1.900-2.000 Gi0/1 0\n"
			 "2.000-2.100 Gi0/1 0\n"
			 "2.200-2.300 Gi0/2 1\n"
			 "2.300-2.400 Gi0/2 1\n"
			 "2.400-2.500 Gi0/2 1\n");
	g_string_free(seen, TRUE);
	g_ptr_array_free(p.rows, TRUE);
	g_free(faults);
	g_free(ports);
	world_free(w);
}

/* Nothing to show, no file: no fault in the world, no bond in the world. */
Test(graphs, files_a_run_has_nothing_for)
{
	struct world *w = run_file("scenarios/mode0_single_switch.ini", 1);
	char *text;

	cr_assert_null(csv_of(w, "faults.csv"));
	world_free(w);
	w = run_text("[sim]\nduration = 1s\n[switch sw1]\nports = Gi0/1-2\n"
		     "[host a]\nip = 10.0.0.1/24\n[host b]\nip = 10.0.0.2/24\n"
		     "[links]\na.eth0 = sw1.Gi0/1\nb.eth0 = sw1.Gi0/2\n"
		     "[flow p]\ntype = ping\nfrom = a\nto = b\n");
	text = csv_of(w, "flows.csv");
	cr_assert_not_null(text);
	g_free(text);
	cr_assert_null(csv_of(w, "bonds.csv"));
	cr_assert_null(csv_of(w, "mac_moves.csv"));
	world_free(w);
}

/*
 * A NIC enslaved during the run has its columns from the start: zero
 * until the enslave at 1 s (the ARP broadcast it heard alone in the first
 * 100 ms is not the bond's), then its share of balance-tlb's 900 Mbit/s;
 * and the bond's columns are the sum of its slaves' on every row.
 */
Test(graphs, a_slave_enslaved_later_has_its_columns)
{
	struct world *w = run_file("tests/worlds/tlb_enslave.ini", 1);
	char *bonds = csv_of(w, "bonds.csv");
	struct table t = table_parse(bonds);
	const char *dir[] = { "tx", "rx" };

	for (guint r = 1; r < t.rows->len; r++) {
		const char *key = ((char **)g_ptr_array_index(t.rows, r))[0];

		for (guint d = 0; d < 2; d++) {
			int64_t sum = 0;
			char col[64];

			for (int e = 0; e < 3; e++) {
				g_snprintf(col, sizeof(col), "server.bond0.eth%d.%s_mbps", e, dir[d]);
				sum += micro(table_cell(&t, key, col));
			}
			g_snprintf(col, sizeof(col), "server.bond0.%s_mbps", dir[d]);
			cr_assert_eq(micro(table_cell(&t, key, col)), sum, "%s at %s", col, key);
		}
	}
	cr_assert_eq(micro(table_cell(&t, "0.100", "server.bond0.eth2.rx_mbps")), 0);
	/* the broadcast ARP reaches both slaves; only the receiving one (eth0)
	 * passes it up, eth1 drops its copy, as tlb's other slaves do */
	cr_assert_eq(micro(table_cell(&t, "0.100", "server.bond0.eth0.rx_mbps")), 10080);
	cr_assert_eq(micro(table_cell(&t, "0.100", "server.bond0.eth1.rx_mbps")), 0);

	cr_assert_eq(micro(table_cell(&t, "1.000", "server.bond0.eth2.tx_mbps")), 0);
	cr_assert_eq(micro(table_cell(&t, "1.500", "server.bond0.eth2.tx_mbps")), 304097280);
	cr_assert_eq(micro(table_cell(&t, "1.500", "server.bond0.eth1.tx_mbps")), 304097280);
	cr_assert_eq(micro(table_cell(&t, "1.500", "server.bond0.tx_mbps")), 912291840);
	g_ptr_array_free(t.rows, TRUE);
	g_free(bonds);
	world_free(w);
}

/*
 * A fake gnuplot that starts every file it is told to draw and fails: the
 * PNGs the pattern names go, the CSV files beside them stay.
 */
Test(graphs, a_failed_gnuplot_leaves_no_partial_png)
{
	char *dir = g_dir_make_tmp("bondsim-gp-XXXXXX", NULL);
	char *bin = g_build_filename(dir, "bin", NULL);
	char *gp = g_build_filename(bin, "gnuplot", NULL);
	char *draws = g_build_filename(dir, "failover-%s.png", NULL);
	char *path = g_strdup_printf("%s:%s", bin, g_getenv("PATH"));
	static const struct {
		const char *name;
		bool kept;
	} files[] = {
		{ "failover-1.png", false }, { "failover-2.png", false },
		{ "failover.csv", true }, { "throughput.png", true },
	};

	cr_assert_eq(g_mkdir(bin, 0755), 0);
	/* what the template would draw is already there, half-written */
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		char *p = g_build_filename(dir, files[i].name, NULL);

		cr_assert(g_file_set_contents(p, "half", -1, NULL));
		g_free(p);
	}
	cr_assert(g_file_set_contents(gp, "#!/bin/sh\nexit 1\n", -1, NULL));
	cr_assert_eq(g_chmod(gp, 0755), 0);
	g_setenv("PATH", path, TRUE);
	cr_assert_not(graphs_gnuplot(dir, "failover.gp", "x=1", draws, "/out/failover-%s.png", NULL,
				     true));
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		char *p = g_build_filename(dir, files[i].name, NULL);

		cr_assert_eq(g_file_test(p, G_FILE_TEST_EXISTS), files[i].kept, "%s", files[i].name);
		g_unlink(p);
		g_free(p);
	}
	/* a single file: that one, not its neighbours */
	g_free(draws);
	draws = g_build_filename(dir, "runs.png", NULL);
	cr_assert(g_file_set_contents(draws, "half", -1, NULL));
	cr_assert_not(graphs_gnuplot(dir, "runs.gp", "x=1", draws, "/out/runs.png", NULL, true));
	cr_assert_not(g_file_test(draws, G_FILE_TEST_EXISTS));
	g_unlink(gp);
	g_rmdir(bin);
	cr_assert_eq(g_rmdir(dir), 0, "nothing else left in %s", dir);
	g_free(path);
	g_free(draws);
	g_free(gp);
	g_free(bin);
	g_free(dir);
}
