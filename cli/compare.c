/*
 * compare.c - "bondsim compare SCENARIO": the same world under each bonding
 * mode (see compare.h), one table, a verdict per mode and a bar chart.
 *
 * What the table says, per mode, averaged over the runs (seeds):
 *   aggregate   the sum of every UDP flow's throughput and every TCP
 *               flow's goodput (Mbit/s)
 *   best flow   the fastest single flow (Mbit/s): what one connection gets
 *   Jain        fairness of the slaves' bytes (tx + rx) in each bond,
 *               (sum x)^2 / (n sum x^2), 1 even, 1/n all on one slave;
 *               the mean over the bonds
 *   reordered   packets that arrived out of order, % of those received
 *   MAC moves   the switches' MAC moves (a MAC seen on one port, then another)
 *   outage      per run the worst failover.N.outage_ms of its faults, then
 *               median and p95 over the runs (nearest rank); a run in which
 *               a flow never recovered counts as an endless outage (what
 *               failover.N.outage_ms says of it is only the time to the
 *               next fault or the end of the run)
 * and the verdicts add how long the slowest flow waited for its first
 * packet (flow.N.first_rx_ms: ARP, LACP coming up), the mean over the runs.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include "compare.h"
#include "option_hint.h"
#include "sweep.h"
#include "set.h"
#include "loader.h"
#include "output.h"
#include "graphs.h"
#include "runs.h"
#include "compare_priv.h"
#include "datadir.h"


double compare_jain(const double *x, unsigned n)
{
	double s = 0, s2 = 0;

	for (unsigned i = 0; i < n; i++) {
		s += x[i];
		s2 += x[i] * x[i];
	}
	return s2 > 0 ? s * s / (n * s2) : -1;
}

/* ---- the runs ------------------------------------------------------------- */

void compare_mode_result_clear(struct mode_result *r)
{
	for (guint i = 0; r->never && i < r->never->len; i++)
		g_free(g_array_index(r->never, struct never_recovered, i).what);
	if (r->never)
		g_array_free(r->never, TRUE);
	g_strfreev(r->sets);
	if (r->needs)
		g_string_free(r->needs, TRUE);
	g_free(r->refused);
	g_free(r->split);
	g_free(r->untested);
}

/* The words of a [faults] line, empty ones (two spaces) left out. */
static char **fault_words(const char *line)
{
	char **t = g_strsplit_set(line, " \t", -1), **d = t;

	for (char **p = t; *p; p++)
		if (**p)
			*d++ = *p;
		else
			g_free(*p);
	*d = NULL;
	return t;
}

/*
 * A fault on slave @nic of bond @bond (host @host) that carried under 1 %
 * of the bond's bytes (@share, 0..1) in this run: the mode's hash or its
 * active slave kept the traffic elsewhere, so the fault cost nothing and
 * says nothing about the failover.  Said as the verdict's words, or NULL.
 */
static char *idle_fault(const struct ini *ini, const char *host, const char *nic, double share)
{
	char *full = g_strdup_printf("%s.%s", host, nic), *said = NULL;

	for (guint i = 0; i < ini->sections->len && !said && share < 0.01; i++) {
		const struct ini_section *f = g_ptr_array_index(ini->sections, i);

		for (guint k = 0; strcmp(f->kind, "faults") == 0 && k < f->entries->len && !said; k++) {
			const struct ini_entry *e = g_ptr_array_index(f->entries, k);
			char **t;

			if (e->key)
				continue;
			t = fault_words(e->value);
			if (g_strv_length(t) >= 3 &&
			    (!strcmp(t[1], "link") || !strcmp(t[1], "nic") || !strcmp(t[1], "blackhole")) &&
			    strcmp(t[2], full) == 0)
				said = g_strdup_printf("the fault on %s (%s %s) hit a slave that carried "
						       "%.1f%% of the bond's bytes: its failover was not "
						       "put to the test", full, t[0], t[1], 100.0 * share);
			g_strfreev(t);
		}
	}
	g_free(full);
	return said;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * The flows, pings and TCP streams of fault @n that got nothing after it
 * until the next fault or the end of the run, as "SCOPE NAME" into @seen
 * (once each): failover.N.SCOPE.NAME.first_rx_ms is -1 while its outage_ms
 * is not (-1 both: the flow had stopped).  Their outage_ms is a lower bound
 * and their lost -1, left out of failover.N.lost (failover_report.c).
 */
static void take_never(const struct run_line *line, int n, GPtrArray *seen)
{
	char *prefix = g_strdup_printf("failover.%d.", n);
	const char *suffix = ".first_rx_ms";

	for (guint i = 0; i < line->names->len; i++) {
		const char *name = g_quark_to_string(g_array_index(line->names, GQuark, i));
		size_t len = strlen(name), pl = strlen(prefix), sl = strlen(suffix);
		char *what, *outage, *dot;
		double v, o;

		if (len <= pl + sl || strncmp(name, prefix, pl) || strcmp(name + len - sl, suffix))
			continue;
		what = g_strndup(name + pl, len - pl - sl);	/* "flow.b" */
		dot = strchr(what, '.');
		if (!dot || !(g_str_has_prefix(what, "flow.") || g_str_has_prefix(what, "ping.") ||
			      g_str_has_prefix(what, "tcp."))) {
			g_free(what);
			continue;
		}
		outage = g_strdup_printf("%s%s.outage_ms", prefix, what);
		*dot = ' ';
		if (merge_run_value(line, name, &v) && v < 0 && merge_run_value(line, outage, &o) &&
		    o >= 0 && !g_ptr_array_find_with_equal_func(seen, what, g_str_equal, NULL))
			g_ptr_array_add(seen, what);
		else
			g_free(what);
		g_free(outage);
	}
	g_free(prefix);
}

void compare_take_run(const struct ini *ini, const struct run_line *line, struct mode_result *r,
		      GArray *outages)
{
	double agg = 0, best = 0, reord = 0, recv = 0, moves = 0, jain_sum = 0, v, worst = -1;
	double lacp = 0, lost = 0, best_tcp = 0, resent = 0, first = 0;
	int jain_n = 0;
	char *untested = NULL, *idle = NULL;
	char **bonds = set_bond_paths(ini);
	GPtrArray *never = g_ptr_array_new_with_free_func(g_free);
	char name[256];

	for (guint i = 0; i < ini->sections->len; i++) {
		const struct ini_section *s = g_ptr_array_index(ini->sections, i);

		if (strcmp(s->kind, "flow") == 0) {
			g_snprintf(name, sizeof(name), "flow.%s.first_rx_ms", s->name);
			if (merge_run_value(line, name, &v) && v > first)
				first = v;
			g_snprintf(name, sizeof(name), "flow.%s.throughput_mbps", s->name);
			if (merge_run_value(line, name, &v)) {
				agg += v;
				best = MAX(best, v);
			}
			/* a TCP flow: its goodput, and what reordering made it send twice */
			g_snprintf(name, sizeof(name), "flow.%s.goodput_mbps", s->name);
			if (merge_run_value(line, name, &v)) {
				agg += v;
				best = MAX(best, v);
				best_tcp = MAX(best_tcp, v);
				r->tcp = true;
			}
			g_snprintf(name, sizeof(name), "flow.%s.spurious_retrans", s->name);
			if (merge_run_value(line, name, &v))
				resent += v;
			g_snprintf(name, sizeof(name), "flow.%s.reordered", s->name);
			if (merge_run_value(line, name, &v))
				reord += v;
			g_snprintf(name, sizeof(name), "flow.%s.received", s->name);
			if (merge_run_value(line, name, &v))
				recv += v;
		} else if (strcmp(s->kind, "switch") == 0) {
			g_snprintf(name, sizeof(name), "%s.mac_moves", s->name);
			if (merge_run_value(line, name, &v))
				moves += v;
		}
	}
	for (char **b = bonds; *b; b++) {
		const char *dot = strchr(*b, '.');
		char *host = g_strndup(*b, dot - *b);
		char **slaves = compare_bond_slaves(ini, host, dot + 1);
		GArray *x = g_array_new(FALSE, FALSE, sizeof(double));
		double j;

		double total = 0;

		for (char **sl = slaves; *sl; sl++) {
			double tx = 0, rx = 0, sum;

			g_snprintf(name, sizeof(name), "%s.%s.tx_bytes", host, *sl);
			merge_run_value(line, name, &tx);
			g_snprintf(name, sizeof(name), "%s.%s.rx_bytes", host, *sl);
			merge_run_value(line, name, &rx);
			sum = tx + rx;
			total += sum;
			g_array_append_val(x, sum);
		}
		for (guint k = 0; total > 0 && !idle && k < x->len; k++)
			idle = idle_fault(ini, host, slaves[k], g_array_index(x, double, k) / total);
		/* 802.3ad: a fault before the bond carried anything tests its start */
		g_snprintf(name, sizeof(name), "%s.lacp.cd_ms", *b);
		if (!untested && merge_run_value(line, name, &v)) {
			double open = 0, at;

			g_snprintf(name, sizeof(name), "%s.open_at_ms", *b);
			merge_run_value(line, name, &open);
			for (int n = 1; !untested; n++) {
				g_snprintf(name, sizeof(name), "failover.%d.fault_time_us", n);
				if (!merge_run_value(line, name, &at))
					break;
				if (v >= 0 && at / 1000 < open + v)
					untested = g_strdup_printf(
						"the fault at %.0f ms came before LACP bundled %s (at %.0f "
						"ms): its outage is LACP's start, not a failover",
						at / 1000, *b, open + v);
			}
		}
		g_snprintf(name, sizeof(name), "%s.lacp.cd_ms", *b);
		if (merge_run_value(line, name, &v))
			lacp = lacp < 0 || v < 0 ? -1 : MAX(lacp, v);
		j = compare_jain((const double *)x->data, x->len);
		if (j >= 0) {
			jain_sum += j;
			jain_n++;
		}
		g_array_free(x, TRUE);
		g_strfreev(slaves);
		g_free(host);
	}
	g_strfreev(bonds);
	for (int n = 1;; n++) {
		g_snprintf(name, sizeof(name), "failover.%d.fault_time_us", n);
		if (!merge_run_value(line, name, &v))
			break;
		g_snprintf(name, sizeof(name), "failover.%d.outage_ms", n);
		if (merge_run_value(line, name, &v) && v >= 0)
			worst = MAX(worst, v);
		g_snprintf(name, sizeof(name), "failover.%d.lost", n);
		if (merge_run_value(line, name, &v) && v >= 0)
			lost += v;
		take_never(line, n, never);
	}
	if (never->len)
		worst = INFINITY;	/* its outage has no end: the p95 of such runs is "never" */
	if (worst >= 0)
		g_array_append_val(outages, worst);
	if (never->len)
		r->never_runs++;
	for (guint i = 0; i < never->len; i++) {
		const char *what = g_ptr_array_index(never, i);
		guint k = 0;

		if (!r->never)
			r->never = g_array_new(FALSE, FALSE, sizeof(struct never_recovered));
		while (k < r->never->len &&
		       strcmp(g_array_index(r->never, struct never_recovered, k).what, what))
			k++;
		if (k == r->never->len) {
			struct never_recovered nr = { g_strdup(what), 0 };

			g_array_append_val(r->never, nr);
		}
		g_array_index(r->never, struct never_recovered, k).runs++;
	}
	g_ptr_array_free(never, TRUE);
	/* a fault on an idle slave, and no flow lost a packet to any fault:
	 * the zero outage is where the traffic happened to be, not a failover */
	if (!untested && idle && worst == 0)
		untested = g_steal_pointer(&idle);
	g_free(idle);
	if (untested) {
		r->untested_runs++;
		if (!r->untested)
			r->untested = g_steal_pointer(&untested);
		g_free(untested);
	}
	r->aggregate += agg;
	r->best += best;
	r->jain += jain_n ? jain_sum / jain_n : NAN;
	r->reordered_pct += recv > 0 ? 100.0 * reord / recv : 0;
	r->mac_moves += moves;
	r->best_tcp += best_tcp;
	r->resent += resent;
	r->lost += lost;
	r->lacp_ms = r->lacp_ms < 0 || lacp < 0 ? -1 : r->lacp_ms + lacp;
	r->first_ms += first;
	if (merge_run_value(line, "sim.time_ns", &v))
		r->run_ms += v / 1e6;
	r->runs++;
}

void compare_mode_finish(struct mode_result *r, GArray *outages)
{
	if (r->runs) {
		r->aggregate /= r->runs;
		r->best /= r->runs;
		r->jain /= r->runs;
		r->reordered_pct /= r->runs;
		r->mac_moves /= r->runs;
		r->best_tcp /= r->runs;
		r->resent /= r->runs;
		r->lost /= r->runs;
		if (r->lacp_ms > 0)
			r->lacp_ms /= r->runs;
		r->first_ms /= r->runs;
		r->run_ms /= r->runs;
	}
	r->outage_median = r->outage_p95 = NAN;
	if (outages->len) {
		g_array_sort(outages, cmp_double);
		r->outage_median = runs_percentile((const double *)outages->data, outages->len, 50);
		r->outage_p95 = runs_percentile((const double *)outages->data, outages->len, 95);
	}
}

/* ---- the outputs ---------------------------------------------------------- */

/*
 * Before any run, as a single run's: no output on the scenario, on a file
 * it reads, or on a file in --out that no earlier run wrote.  The chart
 * and its data are drawn only when a mode runs.
 */
static gboolean check_outputs(struct output *o, bool out, const struct mode_result *res, int n,
			      GError **error)
{
	GPtrArray *rels = g_ptr_array_new();
	gboolean ok;

	if (out) {
		g_ptr_array_add(rels, (char *)"compare.txt");
		g_ptr_array_add(rels, (char *)"compare.csv");
	}
	for (int i = 0; out && i < n; i++)
		if (!res[i].refused) {
			g_ptr_array_add(rels, (char *)"compare_graph.dat");
			g_ptr_array_add(rels, (char *)"compare.png");
			break;
		}
	ok = output_check(o, rels, error);
	g_ptr_array_free(rels, TRUE);
	return ok;
}

/*
 * What the chart's failover panel shows (compare.gp's faults=): 0 no fault,
 * no panel; 1 bars; 2 only "never" labels, every mode that ran lost a flow
 * for good (gnuplot has no bar to scale its axis by).
 */
static int chart_faults(const struct mode_result *res, int n)
{
	bool any = false, finite = false;

	for (int i = 0; i < n; i++) {
		if (res[i].refused || !res[i].runs || isnan(res[i].outage_p95))
			continue;
		any = true;
		finite = finite || isfinite(res[i].outage_median) || isfinite(res[i].outage_p95);
	}
	return !any ? 0 : finite ? 1 : 2;
}

/* compare.png from the staged data; a gnuplot that fails leaves the CSV without it. */
static void draw_chart(struct output *o, const char *scenario, int faults)
{
	char *d = output_stage_path(o, "compare_graph.dat");
	char *png = output_stage_path(o, "compare.png");
	char *shown = output_final_path(o, "compare.png");
	char *qd = graphs_gp_quote(d), *qp = graphs_gp_quote(png), *qs = graphs_gp_quote(scenario);
	char *expr = g_strdup_printf("dat='%s'; out='%s'; head='%s'; faults=%d", qd, qp, qs,
				     faults);
	char *plots = data_dir_plots(NULL);

	if (graphs_gnuplot(plots, "compare.gp", expr, png, shown, "the CSV files are there", false))
		output_note(o, "compare.png");
	g_free(plots);
	g_free(expr);
	g_free(d);
	g_free(png);
	g_free(shown);
	g_free(qd);
	g_free(qp);
	g_free(qs);
}

/*
 * compare.txt, compare.csv and the chart under --out (@out), and the table
 * on stdout: one commit, all or none.
 */
static gboolean publish(struct output *o, bool out, const char *scenario, const GString *text,
			const GString *csv, const GString *dat, int faults, GError **error)
{
	if (out && (!output_add(o, "compare.txt", text->str, text->len, error) ||
		    !output_add(o, "compare.csv", csv->str, csv->len, error)))
		return FALSE;
	/* no mode ran: nothing to draw, and a graph with nothing to show is not drawn */
	if (out && dat->len) {
		if (!output_add(o, "compare_graph.dat", dat->str, dat->len, error))
			return FALSE;
		draw_chart(o, scenario, faults);
	}
	return output_add_named(o, "stdout", "-", text->str, text->len, error) &&
	       output_commit(o, error);
}

/* ---- the command ---------------------------------------------------------- */

static gboolean parse_modes(const char *text, int *modes, int *n)
{
	char **w = g_strsplit(text, ",", -1);
	bool seen[BOND_MODE_COUNT] = { false };

	*n = 0;
	for (char **p = w; *p; p++) {
		char *end;
		long m = strtol(*p, &end, 10);
		struct bond_params named;

		/* or the name, as options take it: balance-rr, 802.3ad */
		bond_params_init(&named);
		if (**p && *end && bond_opt_set(&named, "mode", *p, NULL)) {
			m = named.mode;
			end = *p + strlen(*p);
		}
		if (!**p || *end || m < 0 || m >= BOND_MODE_COUNT || seen[m]) {
			g_strfreev(w);
			return FALSE;
		}
		seen[m] = true;
		modes[(*n)++] = (int)m;
	}
	g_strfreev(w);
	return *n > 0;
}

int compare_main(int argc, char **argv)
{
	char *modes_text = NULL, *out_dir = NULL, *seed_text = NULL;
	char **fixed = NULL;
	gint runs = 5, jobs = 0;
	GOptionEntry entries[] = {
		{ "modes", 'm', 0, G_OPTION_ARG_STRING, &modes_text,
		  "The modes to compare, numbers or names (default 0,1,2,4,5,6)", "LIST" },
		{ "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Seeds per mode (default 5)", "N" },
		{ "seed", 's', 0, G_OPTION_ARG_STRING, &seed_text, "The first seed (default 1)", "N" },
		{ "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &fixed, "A value for every run (repeatable)", "PATH=VALUE" },
		{ "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Runs at once (default: the cores)", "N" },
		{ "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
		  "Write compare.txt, compare.csv and compare.png (the bar chart) here", "DIR" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx = g_option_context_new("SCENARIO.ini - the same world under each bonding mode");
	GError *error = NULL;
	struct ini *ini = NULL;
	struct mode_result res[BOND_MODE_COUNT] = { { 0 } };
	int modes[BOND_MODE_COUNT], nmodes = 0, rc = 2;
	uint64_t seed0 = 1;
	char *tmp = NULL, *self = NULL;
	GPtrArray *lines = NULL;
	GString *text = NULL, *csv = NULL, *dat = NULL;
	struct output *o = NULL;

	argv[0] = (char *)"bondsim compare";	/* usage reads "bondsim compare" */
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
		char *hint = option_hint(entries, error);

		fprintf(stderr, "bondsim compare: %s%s\nTry 'bondsim compare --help'.\n",
			error->message, hint);
		g_free(hint);
		goto out;
	}
	if (argc != 2) {
		fprintf(stderr, "bondsim compare: which scenario? e.g. bondsim compare scenarios/mode0_vs_mode6.ini\n");
		goto out;
	}
	if (!parse_modes(modes_text ? modes_text : "0,1,2,4,5,6", modes, &nmodes)) {
		fprintf(stderr, "bondsim compare: --modes '%s': write bonding modes 0 to 6, each once, by number or name, e.g. --modes 0,1,4 or --modes balance-rr,active-backup,802.3ad\n",
			modes_text);
		goto out;
	}
	if (runs < 1 || runs > RUNS_MAX) {
		fprintf(stderr, "bondsim compare: --runs must be from 1 to %d\n", RUNS_MAX);
		goto out;
	}
	if (seed_text && !world_seed_parse(seed_text, &seed0, &error)) {
		fprintf(stderr, "bondsim compare: --seed: %s\n", error->message);
		goto out;
	}
	if (jobs < 0 || jobs > 4096) {
		fprintf(stderr, "bondsim compare: --jobs %d: write 1 to 4096\n", jobs);
		goto out;
	}
	if (!jobs)
		jobs = (gint)g_get_num_processors();
	ini = ini_load(argv[1], &error);
	if (!ini || (fixed && !set_apply(ini, fixed, &error))) {
		fprintf(stderr, "%s\n", error->message);
		goto out;
	}
	{
		/*
		 * The world as written, with --set and its own mode: what fails here
		 * fails under every mode, so it is the user's error, said once, and
		 * not a row per mode of a table that recommends nothing.
		 */
		struct world_options wo = { .seed_set = true, .seed = seed0, .runs_set = true,
					    .no_expect = true, .sets = fixed };
		struct world *w = world_load(argv[1], &wo, &error);

		if (!w) {
			fprintf(stderr, "%s\n", error->message);
			goto out;
		}
		/* the files it reads are known now: no output may land on them */
		o = output_new(out_dir, &error);
		if (o) {
			output_input(o, "the scenario file", argv[1]);
			output_world_includes(o, w);
		}
		world_free(w);
		if (!o) {
			fprintf(stderr, "bondsim compare: %s\n", error->message);
			goto out;
		}
	}
	{
		char **bonds = set_bond_paths(ini);
		bool none = !bonds[0];

		g_strfreev(bonds);
		if (none) {
			fprintf(stderr, "bondsim compare: %s has no bond ('bond BOND = NIC NIC' in a [host]): nothing to compare\n",
				argv[1]);
			goto out;
		}
	}
	tmp = g_dir_make_tmp("bondsim-compare-XXXXXX", &error);
	if (!tmp) {
		fprintf(stderr, "bondsim compare: %s\n", error->message);
		goto out;
	}
	self = g_file_read_link("/proc/self/exe", NULL);
	lines = g_ptr_array_new_with_free_func(g_free);
	for (int i = 0; i < nmodes; i++) {
		struct mode_result *r = &res[i];
		GPtrArray *all = g_ptr_array_new();
		struct world_options wo = { .seed_set = true, .seed = seed0, .runs_set = true,
					    .no_expect = true };
		struct world *w;

		r->mode = modes[i];
		r->needs = g_string_new(NULL);
		r->sets = compare_mode_sets(ini, modes[i], r->needs, &r->no_switch);
		if (modes[i] == 0 || modes[i] == 2 || modes[i] == 3 || modes[i] == 4)
			r->split = compare_split_bond(ini);
		for (char **f = fixed; f && *f; f++)
			g_ptr_array_add(all, *f);
		for (char **s = r->sets; *s; s++)
			g_ptr_array_add(all, *s);
		g_ptr_array_add(all, NULL);
		wo.sets = (char **)all->pdata;
		w = world_load(argv[1], &wo, &error);
		if (!w) {
			r->refused = g_strdup(error->message);
			g_clear_error(&error);
		}
		world_free(w);
		for (unsigned k = 0; !r->refused && k < (unsigned)runs; k++) {
			GString *l = g_string_new(NULL);
			char *q = g_shell_quote(self ? self : argv[0]), *f;

			g_string_append_printf(l, "%s", q);
			g_free(q);
			q = g_shell_quote(argv[1]);
			g_string_append_printf(l, " %s", q);
			g_free(q);
			for (char **s = (char **)all->pdata; *s; s++) {
				q = g_shell_quote(*s);
				g_string_append_printf(l, " --set %s", q);
				g_free(q);
			}
			f = g_strdup_printf("%s/%d-%u.json", tmp, r->mode, k);
			q = g_shell_quote(f);
			g_string_append_printf(l, " --seed %" G_GUINT64_FORMAT " --runs 0 --quiet --no-expect --json-line %s >/dev/null 2>&1",
					       seed0 + k, q);
			g_free(q);
			g_free(f);
			g_ptr_array_add(lines, g_string_free(l, FALSE));
		}
		g_ptr_array_free(all, TRUE);
	}
	if (!check_outputs(o, out_dir != NULL, res, nmodes, &error)) {
		fprintf(stderr, "bondsim compare: %s\n", error->message);
		goto out;
	}
	if (!sweep_run_local(lines, jobs, &error)) {
		fprintf(stderr, "bondsim compare: %s\n", error->message);
		goto out;
	}
	for (int i = 0; i < nmodes; i++) {
		struct mode_result *r = &res[i];
		GArray *outages = g_array_new(FALSE, FALSE, sizeof(double));

		for (unsigned k = 0; !r->refused && k < (unsigned)runs; k++) {
			char *f = g_strdup_printf("%s/%d-%u.json", tmp, r->mode, k), *t = NULL;
			struct run_line *line = NULL;

			if (g_file_get_contents(f, &t, NULL, NULL))
				line = merge_parse_line(t);
			if (line) {
				compare_take_run(ini, line, r, outages);
				merge_run_line_free(line);
			} else if (!r->refused) {
				r->refused = g_strdup_printf("run with seed %" G_GUINT64_FORMAT " failed: bondsim %s --seed %" G_GUINT64_FORMAT " --runs 0 with the --set of this mode says why",
							     seed0 + k, argv[1], seed0 + k);
			}
			g_unlink(f);
			g_free(f);
			g_free(t);
		}
		compare_mode_finish(r, outages);
		g_array_free(outages, TRUE);
	}
	text = g_string_new(NULL);
	csv = g_string_new(NULL);
	dat = g_string_new(NULL);
	compare_table(argv[1], res, nmodes, (unsigned)runs, seed0, text, csv, dat);
	rc = 0;
	if (!publish(o, out_dir != NULL, argv[1], text, csv, dat, chart_faults(res, nmodes),
		     &error)) {
		fprintf(stderr, "bondsim compare: %s\n", error->message);
		rc = 2;
	}
out:
	for (int i = 0; i < nmodes; i++)
		compare_mode_result_clear(&res[i]);
	if (tmp)
		g_rmdir(tmp);
	if (error)
		g_error_free(error);
	if (lines)
		g_ptr_array_free(lines, TRUE);
	if (text)
		g_string_free(text, TRUE);
	if (csv)
		g_string_free(csv, TRUE);
	if (dat)
		g_string_free(dat, TRUE);
	output_free(o);
	ini_free(ini);
	g_option_context_free(ctx);
	g_free(modes_text);
	g_free(out_dir);
	g_free(seed_text);
	g_strfreev(fixed);
	g_free(tmp);
	g_free(self);
	return rc;
}
