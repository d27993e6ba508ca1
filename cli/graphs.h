/*
 * graphs.h - the time series behind the graphs, their CSV files, and gnuplot.
 *
 * DOC: Each graph answers one question and is drawn by one template in
 * plots/ from CSV files a run writes under --out:
 *
 *   throughput.png  what rate did each flow get?          flows.csv
 *   bonds.png       how does each bond spread its traffic
 *                   over its slaves (the bond = the sum)?  bonds.csv
 *   loss.png        when were a flow's packets lost?       flows.csv
 *   reordering.png  when did they arrive out of order?     flows.csv
 *   mac_moves.png   is a bond's MAC flapping between
 *                   switch ports, and where is it?         mac_moves.csv, mac_ports.csv
 *   failover-N.png  what happened after fault N, and how
 *                   long was each flow without service?    failover.csv
 *   tcp.png         what did each TCP flow get, and what
 *                   did its cwnd do (faults marked)?        tcp.csv
 *   peers.png       balance-tlb/alb: which slave did each
 *                   peer use, each way?                    peer_slaves.csv
 *                   (and over time, for spreadsheets:      peers.csv)
 *
 * faults.csv gives the fault lines that every graph with a time axis draws.
 * Every series is sampled on the throughput sampler's own instants (its
 * hook), so graphs cost no simulation events.
 */
#ifndef BONDSIM_GRAPHS_H
#define BONDSIM_GRAPHS_H

#include "world.h"

/* One bond's MAC as one switch sees it. */
struct graph_mac {
	const struct world_switch *ws;
	const char *host;
	const struct bond *bond;
	uint8_t mac[6];
	uint64_t moves;		/* the moves series reads it */
	GPtrArray *on;		/* bridge ports it was on in the current interval */
};

/* "The MAC was on this port at some moment of this row's interval." */
struct graph_on {
	guint row;
	guint mac;		/* index into graphs->macs */
	const char *port;	/* the switch's own name string */
};

struct peer_graphs;
struct tcp_graphs;

struct graphs {
	struct world *w;
	struct peer_graphs *peers;	/* graphs_peers.c: tlb/alb bonds' peers */
	struct tcp_graphs *tcp;		/* graphs_tcp.c: TCP flows' goodput and cwnd */
	struct series bonds;	/* bytes of each bond and of each of its slaves, tx then rx */
	struct series flows;	/* per flow and ping: received, reordered, received bytes */
	struct series moves;	/* moves of each graph_mac */
	struct graph_mac *macs;
	guint n_macs;
	GArray *on;		/* struct graph_on, in row order */
	GPtrArray *gates;	/* struct slave_gate *: what bonds.csv reads of each slave */
	GPtrArray *bond_rx;	/* uint64_t *: a bond's received column, its slaves' sum */
};

/* After the world is built (its series too): the columns and the hooks. */
struct graphs *graphs_new(struct world *w);
void graphs_free(struct graphs *g);
/* When the run starts: counters count from here. */
void graphs_start(struct graphs *g);
/* The switches' learn hook, which failover.c owns, passes each learning event on. */
void graphs_note_learn(struct graphs *g, const struct sw *sw, const uint8_t mac[6],
		       const char *from, const char *to);

/* One CSV file of a run: false when the run has nothing for it. */
struct graphs_csv {
	const char *name;
	bool (*write)(const struct world *w, GString *out);
};
/* The CSV files, in the order they are written; ends with { NULL, NULL }. */
extern const struct graphs_csv graphs_csv_files[];
/* faults.csv, which the drawing reads too: "failover,time_s,fault". */
bool graphs_faults_csv(const struct world *w, GString *out);

/* graphs_peers.c */
struct peer_graphs *graphs_peers_new(const struct world *w);
void graphs_peers_free(struct peer_graphs *p);
void graphs_peers_start(const struct world *w, struct peer_graphs *p);
void graphs_peers_sample(const struct world *w, struct peer_graphs *p, guint row);
/* graphs_tcp.c */
struct tcp_graphs *graphs_tcp_new(const struct world *w);
void graphs_tcp_free(struct tcp_graphs *t);
void graphs_tcp_start(struct tcp_graphs *t);
void graphs_tcp_sample(struct tcp_graphs *t);
bool graphs_tcp_csv(const struct world *w, GString *out);
bool graphs_peers_csv(const struct world *w, GString *out);
bool graphs_peer_slaves_csv(const struct world *w, GString *out);

/* graphs_plot.c: every graph that has something to show, from the CSV files
 * already in @dir, one gnuplot process per graph kind; @shown_dir is where
 * they will be once committed, what a failure names. */
void graphs_draw(const struct world *w, const char *dir, const char *shown_dir,
		 const char *plots_dir, bool quiet);
/* @text inside a gnuplot '...' string (a quote written twice). */
char *graphs_gp_quote(const char *text);
/*
 * gnuplot -e @expr plots_dir/@script_name, which draws @draws: a file in a
 * staging or temporary folder, never the user's (a pattern such as
 * "failover-%s.png" for a template that draws several).  If gnuplot fails,
 * what it drew there is removed, for half a PNG must never be moved into
 * place, and the failure is said on stderr unless @quiet, naming @shown, the
 * path the user will look for, and @then, what the user has instead ("the
 * CSV files are there"), when not NULL.  A failure is no error for a run.
 */
gboolean graphs_gnuplot(const char *plots_dir, const char *script_name, const char *expr,
			const char *draws, const char *shown, const char *then, bool quiet);

#endif
