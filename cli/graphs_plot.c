/*
 * graphs_plot.c - running gnuplot on the templates in plots/.
 *
 * DOC: The templates hold everything about how a graph looks, so that a
 * user can restyle them; bondsim only tells each one, through "gnuplot -e",
 * which files to read and write and which columns are worth drawing.  A
 * graph with nothing to show (no flow lost a packet, no bond MAC changed
 * port, no fault fired) is not drawn.  One gnuplot process per graph kind,
 * whatever the size of the world: a template that draws several panels or
 * files loops itself.
 */
#include <stdio.h>
#include <glib/gstdio.h>
#include <string.h>
#include "graphs.h"

struct gp_run {
	const char *dir;
	const char *shown_dir;		/* dir once committed: what messages name */
	const char *plots_dir;
	bool quiet;
	char *faults;		/* quoted path of faults.csv, or "" */
	char tmax[G_ASCII_DTOSTR_BUF_SIZE];
	char interval[G_ASCII_DTOSTR_BUF_SIZE];
};

/* A path inside a gnuplot '...' string: a quote is written twice. */
char *graphs_gp_quote(const char *path)
{
	GString *s = g_string_new(NULL);

	for (const char *c = path; *c; c++) {
		if (*c == '\'')
			g_string_append_c(s, '\'');
		g_string_append_c(s, *c);
	}
	return g_string_free(s, FALSE);
}

static char *gp_path(const struct gp_run *r, const char *file)
{
	char *path = g_build_filename(r->dir, file, NULL);
	char *q = graphs_gp_quote(path);

	g_free(path);
	return q;
}

/*
 * A gnuplot that failed (a full disk, a bad template, a signal) may have
 * left half a PNG: never let it be moved into place.  @draws may be a
 * pattern ("failover-%s.png"): every file it can name goes.
 */
static void remove_partial(const char *draws)
{
	g_autofree char *dir = g_path_get_dirname(draws);
	g_autofree char *base = g_path_get_basename(draws);
	char *pct = strstr(base, "%s");
	const char *suffix = pct ? pct + 2 : "";
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	if (pct)
		*pct = '\0';
	while (d && (name = g_dir_read_name(d))) {
		if (pct ? g_str_has_prefix(name, base) && g_str_has_suffix(name, suffix)
			: strcmp(name, base) == 0) {
			char *p = g_build_filename(dir, name, NULL);

			g_unlink(p);
			g_free(p);
		}
	}
	if (d)
		g_dir_close(d);
}

/* gnuplot -e @expr plots_dir/@script_name; its stderr is shown when it fails. */
gboolean graphs_gnuplot(const char *plots_dir, const char *script_name, const char *expr,
			const char *draws, const char *shown, const char *then, bool quiet)
{
	char *script = g_build_filename(plots_dir, script_name, NULL);
	const char *argv[] = { "gnuplot", "-e", expr, script, NULL };
	char *err = NULL;
	int status = -1;
	gboolean ok;

	ok = g_spawn_sync(NULL, (char **)argv, NULL,
			  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
			  &status, NULL) &&
	     g_spawn_check_wait_status(status, NULL);
	if (!ok)
		remove_partial(draws);
	if (!ok && !quiet) {
		char *gp = g_find_program_in_path("gnuplot");

		/* a pattern ("failover-%s.png") is shown as the files it names */
		char **parts = g_strsplit(shown, "%s", -1);
		char *files = g_strjoinv("*", parts);

		if (err)
			g_strchomp(err);
		fprintf(stderr, "bondsim: gnuplot could not draw %s with %s%s%s%s%s%s\n",
			files, script, gp ? "" : " (apt-get install gnuplot-nox)",
			then ? "; " : "", then ? then : "", err && *err ? "\n" : "", err ? err : "");
		g_free(files);
		g_strfreev(parts);
		g_free(gp);
	}
	g_free(err);
	g_free(script);
	return ok;
}

/*
 * gnuplot -e "csv='...'; out='...'; faults='...'; tmax=...; interval=...; <vars>"
 * plots/<script>: times in seconds.
 */
static void run_gnuplot(const struct gp_run *r, const char *script_name, const char *csv,
			const char *out, const char *vars)
{
	char *qcsv = gp_path(r, csv), *qout = gp_path(r, out);
	char *draws = g_build_filename(r->dir, out, NULL);
	char *shown = g_build_filename(r->shown_dir, out, NULL);
	char *expr = g_strdup_printf("csv='%s'; out='%s'; faults='%s'; tmax=%s; interval=%s; %s",
				     qcsv, qout, r->faults, r->tmax, r->interval, vars);

	graphs_gnuplot(r->plots_dir, script_name, expr, draws, shown, "the CSV files are there",
		       r->quiet);
	g_free(draws);
	g_free(shown);
	g_free(expr);
	g_free(qcsv);
	g_free(qout);
}

static void list_add(GString *list, guint v)
{
	g_string_append_printf(list, "%s%u", list->len ? " " : "", v);
}

/* throughput.png: the rate each flow was sent and received at (pings are no throughput). */
static void draw_throughput(const struct world *w, const struct gp_run *r)
{
	GString *idx = g_string_new(NULL), *vars;

	for (guint i = 0; i < w->flows->len; i++)
		list_add(idx, i);
	if (idx->len) {
		vars = g_string_new(NULL);
		g_string_printf(vars, "flows='%s'", idx->str);
		run_gnuplot(r, "throughput.gp", "flows.csv", "throughput.png", vars->str);
		g_string_free(vars, TRUE);
	}
	g_string_free(idx, TRUE);
}

/* Jain's fairness index of the slaves' bytes one way; -1: nothing carried. */
static double slave_jain(const struct bond *b, bool rx)
{
	double sum = 0, sq = 0;

	for (guint i = 0; i < b->slaves->len; i++) {
		const struct netdev_stats *st = &bond_slave(b, i)->dev->stats;
		double x = (double)(rx ? st->rx_bytes : st->tx_bytes);

		sum += x;
		sq += x * x;
	}
	return sq > 0 ? sum * sum / ((double)b->slaves->len * sq) : -1;
}

/* bonds.png: a row of panels per bond; its columns start at @first. */
static void draw_bonds(const struct world *w, const struct gp_run *r)
{
	GString *first = g_string_new(NULL), *slaves = g_string_new(NULL);
	GString *modes = g_string_new(NULL), *names = g_string_new(NULL);
	GString *jtx = g_string_new(NULL), *jrx = g_string_new(NULL);
	guint col = 2;

	for (guint i = 0; i < w->hosts->len; i++) {
		const struct world_host *h = g_ptr_array_index(w->hosts, i);

		for (guint k = 0; k < h->bonds->len; k++) {
			const struct bond *b = g_ptr_array_index(h->bonds, k);

			list_add(first, col);
			list_add(slaves, b->slaves->len);
			g_string_append_printf(names, "%s%s.%s", names->len ? " " : "", h->name,
					       b->dev.name);
			g_string_append_printf(modes, "%s%s", modes->len ? " " : "",
					       bond_mode_name(b->params.mode));
			for (int rx = 0; rx < 2; rx++) {
				GString *j = rx ? jrx : jtx;
				char v[32];

				if (j->len)
					g_string_append_c(j, ' ');
				/* the skew figure where balance is the mode's promise */
				if (b->peers)
					g_string_append(j, g_ascii_formatd(v, sizeof(v), "%.3f",
									   slave_jain(b, rx)));
				else
					g_string_append_c(j, '-');
			}
			col += 2 * (b->slaves->len + 1);
		}
	}
	if (first->len) {
		char *vars = g_strdup_printf("names='%s'; first='%s'; slaves='%s'; modes='%s'; jtx='%s'; jrx='%s'",
					     names->str, first->str, slaves->str, modes->str, jtx->str,
					     jrx->str);

		run_gnuplot(r, "bonds.gp", "bonds.csv", "bonds.png", vars);
		g_free(vars);
	}
	g_string_free(first, TRUE);
	g_string_free(slaves, TRUE);
	g_string_free(modes, TRUE);
	g_string_free(names, TRUE);
	g_string_free(jtx, TRUE);
	g_string_free(jrx, TRUE);
}

/* peers.png: a row of panels per balance-tlb/alb bond, a bar per peer. */
static void draw_peers(const struct world *w, const struct gp_run *r)
{
	GString *vars = g_string_new(NULL), *names = g_string_new(NULL);
	GString *modes = g_string_new(NULL), *peers = g_string_new(NULL);
	guint n = 0;

	for (guint i = 0; i < w->hosts->len; i++) {
		const struct world_host *h = g_ptr_array_index(w->hosts, i);

		for (guint k = 0; k < h->bonds->len; k++) {
			const struct bond *b = g_ptr_array_index(h->bonds, k);
			GPtrArray *p;

			if (!b->peers)
				continue;
			p = report_alb_peers(w, h->name, b);
			n++;
			g_string_append_printf(names, "%s%s.%s", names->len ? " " : "", h->name,
					       b->dev.name);
			g_string_append_printf(modes, "%s%s", modes->len ? " " : "",
					       bond_mode_name(b->params.mode));
			list_add(peers, p->len);
			g_string_append_printf(vars, "; sn%u='", n);
			for (guint s = 0; s < b->slaves->len; s++)
				g_string_append_printf(vars, "%s%s", s ? " " : "",
						       bond_slave(b, s)->dev->name);
			g_string_append_c(vars, '\'');
			g_ptr_array_free(p, TRUE);
		}
	}
	if (n) {
		char *all = g_strdup_printf("names='%s'; modes='%s'; peers='%s'%s", names->str,
					    modes->str, peers->str, vars->str);

		run_gnuplot(r, "peers.gp", "peer_slaves.csv", "peers.png", all);
		g_free(all);
	}
	g_string_free(vars, TRUE);
	g_string_free(names, TRUE);
	g_string_free(modes, TRUE);
	g_string_free(peers, TRUE);
}

static uint64_t sender_lost(const struct world *w, guint i)
{
	if (i < w->flows->len)
		return flow_lost(g_ptr_array_index(w->flows, i));
	return ping_lost(g_ptr_array_index(w->pings, i - w->flows->len));
}

static uint64_t sender_reordered(const struct world *w, guint i)
{
	if (i < w->flows->len)
		return ((struct flow *)g_ptr_array_index(w->flows, i))->rx.reordered;
	return ((struct ping *)g_ptr_array_index(w->pings, i - w->flows->len))->rx.reordered;
}

/* loss.png and reordering.png: the flows and pings that had any, with their totals. */
static void draw_flow_quality(const struct world *w, const struct gp_run *r)
{
	GString *lost = g_string_new(NULL), *reord = g_string_new(NULL);
	GString *lost_n = g_string_new(NULL), *reord_n = g_string_new(NULL);
	guint n = w->flows->len + w->pings->len;

	for (guint i = 0; i < n; i++) {
		uint64_t l = sender_lost(w, i), o = sender_reordered(w, i);

		if (l) {
			list_add(lost, i);
			g_string_append_printf(lost_n, "%s%" G_GUINT64_FORMAT, lost_n->len ? " " : "", l);
		}
		if (o) {
			list_add(reord, i);
			g_string_append_printf(reord_n, "%s%" G_GUINT64_FORMAT, reord_n->len ? " " : "", o);
		}
	}
	if (lost->len) {
		char *vars = g_strdup_printf("flows='%s'; totals='%s'", lost->str, lost_n->str);

		run_gnuplot(r, "loss.gp", "flows.csv", "loss.png", vars);
		g_free(vars);
	}
	if (reord->len) {
		char *vars = g_strdup_printf("flows='%s'; totals='%s'", reord->str, reord_n->str);

		run_gnuplot(r, "reordering.gp", "flows.csv", "reordering.png", vars);
		g_free(vars);
	}
	g_string_free(lost, TRUE);
	g_string_free(reord, TRUE);
	g_string_free(lost_n, TRUE);
	g_string_free(reord_n, TRUE);
}

/* mac_moves.png: the (switch, bond) pairs whose MAC moved or changed port. */
static void draw_mac_moves(const struct world *w, const struct gp_run *r)
{
	const struct graphs *g = w->graphs;
	GString *cols = g_string_new(NULL), *still = g_string_new(NULL);
	const char **first = g_new0(const char *, g->n_macs + 1);
	bool *changed = g_new0(bool, g->n_macs + 1), any_changed = false;

	/* learnt on more than one port over the run, moves or not (a flush) */
	for (guint k = 0; k < g->on->len; k++) {
		const struct graph_on *on = &g_array_index(g->on, struct graph_on, k);

		if (!first[on->mac])
			first[on->mac] = on->port;
		changed[on->mac] |= strcmp(first[on->mac], on->port) != 0;
		any_changed |= changed[on->mac];
	}
	/* moves in the rows (not after the last one): then mac_ports.csv has rows too */
	for (guint i = 0; i < g->n_macs; i++) {
		const struct graph_mac *m = &g->macs[i];
		uint64_t moves = 0;

		for (guint row = 0; row < series_rows(&g->moves); row++)
			moves += series_increase(&g->moves, row, i);
		if (moves)
			list_add(cols, i + 2);
		else if (changed[i])
			/* on another port after a flush, never moved: the top panel says so
			 * rather than leave the bond out of its key */
			g_string_append_printf(still, "%s%s:%s.%s", still->len ? " " : "",
					       m->ws->name, m->host, m->bond->dev.name);
	}
	if (cols->len || any_changed) {
		char *ports = gp_path(r, "mac_ports.csv");
		char *vars = g_strdup_printf("ports='%s'; cols='%s'; still='%s'", ports, cols->str,
					     still->str);

		run_gnuplot(r, "mac_moves.gp", "mac_moves.csv", "mac_moves.png", vars);
		g_free(vars);
		g_free(ports);
	}
	g_free(first);
	g_free(changed);
	g_string_free(cols, TRUE);
	g_string_free(still, TRUE);
}

/* failover-<n>.png: one timeline per fault that fired, as faults.csv numbers them. */
static void draw_failover(const struct gp_run *r, const GString *faults_csv)
{
	GString *times = g_string_new(NULL), *nums = g_string_new(NULL);
	char **lines = g_strsplit(faults_csv->str, "\n", -1);

	/* "failover,time_s,fault": skip the header */
	for (guint i = 1; lines[i] && lines[i][0]; i++) {
		char **f = g_strsplit(lines[i], ",", 3);

		g_string_append_printf(nums, "%s%s", nums->len ? " " : "", f[0]);
		g_string_append_printf(times, "%s%s", times->len ? " " : "", f[1]);
		g_strfreev(f);
	}
	if (nums->len) {
		char *vars = g_strdup_printf("nums='%s'; times='%s'", nums->str, times->str);

		run_gnuplot(r, "failover.gp", "failover.csv", "failover-%s.png", vars);
		g_free(vars);
	}
	g_strfreev(lines);
	g_string_free(times, TRUE);
	g_string_free(nums, TRUE);
}

/* tcp.png: goodput and cwnd of every TCP flow. */
static void draw_tcp(const struct world *w, const struct gp_run *r)
{
	GString *idx = g_string_new(NULL);

	for (guint i = 0; i < w->tcp_flows->len; i++)
		list_add(idx, i);
	if (idx->len) {
		char *vars = g_strdup_printf("flows='%s'", idx->str);

		run_gnuplot(r, "tcp.gp", "tcp.csv", "tcp.png", vars);
		g_free(vars);
	}
	g_string_free(idx, TRUE);
}

void graphs_draw(const struct world *w, const char *dir, const char *shown_dir,
		 const char *plots_dir, bool quiet)
{
	struct gp_run r = { dir, shown_dir, plots_dir, quiet, NULL, "", "" };
	GString *faults = g_string_new(NULL);
	bool any_fault;

	/* shorter than one sample: no row, nothing over time to draw */
	if (!series_rows(&w->series)) {
		g_string_free(faults, TRUE);
		return;
	}
	any_fault = graphs_faults_csv(w, faults);
	r.faults = any_fault ? gp_path(&r, "faults.csv") : g_strdup("");
	g_ascii_formatd(r.tmax, sizeof(r.tmax), "%.9g", (double)w->sim->now / SIM_S);
	g_ascii_formatd(r.interval, sizeof(r.interval), "%.9g", (double)w->sample / SIM_S);
	draw_throughput(w, &r);
	draw_bonds(w, &r);
	draw_peers(w, &r);
	draw_flow_quality(w, &r);
	draw_tcp(w, &r);
	draw_mac_moves(w, &r);
	if (any_fault)
		draw_failover(&r, faults);
	g_free(r.faults);
	g_string_free(faults, TRUE);
}
