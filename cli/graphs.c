/*
 * graphs.c - what the graphs are drawn from: sampling during the run, CSV after.
 *
 * DOC: Three series follow the throughput sampler (world.series) through
 * its hook, so their rows fall on the same instants and cost no event:
 *
 * - bonds: the bytes each bond and each of its slaves sent and received.
 *   A bond's counters are its slaves' folded (netdev_stats: every count on
 *   a slave is a count on its master), so in bonds.csv the bond's column
 *   is the sum of its slaves' on every row.
 * - flows: per flow and ping, the packets received and reordered, and the
 *   payload bytes received, by arrival time.  What was sent and what was
 *   lost is worked out after the run by send time: a packet is lost when
 *   it never arrived and no copy of it is in flight at the end (the flow's
 *   ledger), so the lost column adds up to flow.<name>.lost.
 * - moves: how often each bond's MAC moved between the bridge ports of
 *   each switch, counted by the switches' learn hook (which failover.c
 *   installs and passes on here, one mechanism for both).
 *
 * Where a MAC was: a port is recorded for a row when the MAC was learnt
 * on it during the row's interval, or was on it when the interval began
 * (the FDB is read at each sample, so a flush or an age-out shows).
 */
#include <string.h>
#include "graphs.h"
#include "gap_keep.h"

/* ---- during the run --------------------------------------------------------- */

static void note_port(GPtrArray *a, const char *port)
{
	for (guint i = 0; i < a->len; i++)
		if (strcmp(g_ptr_array_index(a, i), port) == 0)
			return;
	g_ptr_array_add(a, (gpointer)port);
}

static void gates_fold(struct graphs *g);

static void graphs_sample(void *arg)
{
	struct graphs *g = arg;
	guint row = series_rows(&g->w->series) - 1;

	gates_fold(g);
	series_sample(&g->bonds);
	series_sample(&g->flows);
	series_sample(&g->moves);
	graphs_peers_sample(g->w, g->peers, row);
	graphs_tcp_sample(g->tcp);
	for (guint i = 0; i < g->n_macs; i++) {
		struct graph_mac *m = &g->macs[i];
		const char *now = sw_fdb_port(m->ws->sw, m->mac);

		for (guint k = 0; k < m->on->len; k++) {
			struct graph_on on = { row, i, g_ptr_array_index(m->on, k) };

			g_array_append_val(g->on, on);
		}
		g_ptr_array_set_size(m->on, 0);
		if (now)
			note_port(m->on, now);
	}
}

void graphs_note_learn(struct graphs *g, const struct sw *sw, const uint8_t mac[6],
		       const char *from, const char *to)
{
	guint n = g->w->switches->len;

	/* macs[] is bond-major: the bond's row of switches starts at bond * n */
	for (guint i = 0; i < g->n_macs; i += n) {
		if (!mac_equal(g->macs[i].mac, mac))
			continue;
		for (guint k = i; k < i + n; k++) {
			struct graph_mac *m = &g->macs[k];

			if (m->ws->sw != sw)
				continue;
			m->moves += from != NULL;
			note_port(m->on, to);
			return;
		}
	}
}

static void add_flow_cols(struct graphs *g, const char *name, struct flow_rx *rx)
{
	char col[160];

	g_snprintf(col, sizeof(col), "%s.received", name);
	series_add(&g->flows, col, &rx->received, 1.0);
	g_snprintf(col, sizeof(col), "%s.reordered", name);
	series_add(&g->flows, col, &rx->reordered, 1.0);
	g_snprintf(col, sizeof(col), "%s.rx_bytes", name);
	series_add(&g->flows, col, &rx->bytes, 1.0);
}

/*
 * A slave's bytes while it is the bond's slave: sent through it, and
 * received on it and taken by the bond (not what an inactive slave received
 * and dropped: the received panel would show traffic flowing through a
 * failover that lost it).  A NIC enslaved during the run had its own
 * traffic before (a broadcast it heard), and one released may go on alone:
 * neither is the bond's, and the bond's columns must stay the sum of its
 * slaves'.  The device tells when its master changes (NETDEV_CHANGEUPPER),
 * so the counts switch at that very moment.
 */
struct slave_gate {
	const struct netdev *dev;
	const struct netdev *bond;
	bool counting;			/* dev is bond's slave */
	uint64_t tx, rx;		/* bytes as the bond's slave: the columns read these */
	uint64_t *bond_rx;		/* the bond's received column */
	uint64_t tx_seen, rx_seen;	/* the device's counters when last folded */
};

static uint64_t rx_taken(const struct netdev *dev)
{
	return dev->stats.rx_bytes - dev->rx_refused_bytes;
}

static void gate_fold(struct slave_gate *s)
{
	if (s->counting) {
		uint64_t rx = rx_taken(s->dev) - s->rx_seen;

		s->tx += s->dev->stats.tx_bytes - s->tx_seen;
		s->rx += rx;
		*s->bond_rx += rx;
	}
	s->tx_seen = s->dev->stats.tx_bytes;
	s->rx_seen = rx_taken(s->dev);
}

static void gate_event(void *owner, struct netdev *dev, enum netdev_event ev, const void *info)
{
	struct slave_gate *s = owner;

	(void)info;
	if (ev != NETDEV_CHANGEUPPER)
		return;
	gate_fold(s);		/* up to now, as it was */
	s->counting = dev->master == s->bond;
}

static void gates_fold(struct graphs *g)
{
	for (guint i = 0; i < g->gates->len; i++)
		gate_fold(g_ptr_array_index(g->gates, i));
}

static struct slave_gate *gate_new(struct graphs *g, struct netdev *dev, struct bond *b,
				   uint64_t *bond_rx)
{
	struct slave_gate *s = g_new0(struct slave_gate, 1);

	s->dev = dev;
	s->bond = &b->dev;
	s->bond_rx = bond_rx;
	s->counting = dev->master == &b->dev;
	gate_fold(s);
	netdev_notifier_register(dev, gate_event, s);
	g_ptr_array_add(g->gates, s);
	return s;
}

/*
 * The slaves of @b to draw: its slaves now, then the NICs an "enslave"
 * line puts into it during the run, once each.
 */
static GPtrArray *slave_devs(const struct world *w, struct bond *b)
{
	GPtrArray *devs = g_ptr_array_new();

	for (guint s = 0; s < b->slaves->len; s++)
		g_ptr_array_add(devs, bond_slave(b, s)->dev);
	for (guint i = 0; i < w->faults->len; i++) {
		const struct fault *f = g_ptr_array_index(w->faults, i);

		if (scn_fault_enslaves(f) == b && !g_ptr_array_find(devs, &f->nic->dev, NULL))
			g_ptr_array_add(devs, &f->nic->dev);
	}
	return devs;
}

static void add_bond_cols(struct graphs *g, const char *host, struct bond *b)
{
	GPtrArray *devs = slave_devs(g->w, b);
	struct slave_gate **gate = g_new(struct slave_gate *, devs->len + 1);
	uint64_t *bond_rx = g_new0(uint64_t, 1);
	char col[160];

	g_ptr_array_add(g->bond_rx, bond_rx);
	for (guint i = 0; i < devs->len; i++)
		gate[i] = gate_new(g, g_ptr_array_index(devs, i), b, bond_rx);
	g_snprintf(col, sizeof(col), "%s.%s.tx_mbps", host, b->dev.name);
	series_add(&g->bonds, col, &b->dev.stats.tx_bytes, 8e-6);
	for (guint i = 0; i < devs->len; i++) {
		g_snprintf(col, sizeof(col), "%s.%s.%s.tx_mbps", host, b->dev.name, gate[i]->dev->name);
		series_add(&g->bonds, col, &gate[i]->tx, 8e-6);
	}
	g_snprintf(col, sizeof(col), "%s.%s.rx_mbps", host, b->dev.name);
	series_add(&g->bonds, col, bond_rx, 8e-6);
	for (guint i = 0; i < devs->len; i++) {
		g_snprintf(col, sizeof(col), "%s.%s.%s.rx_mbps", host, b->dev.name, gate[i]->dev->name);
		series_add(&g->bonds, col, &gate[i]->rx, 8e-6);
	}
	g_free(gate);
	g_ptr_array_free(devs, TRUE);
}

struct graphs *graphs_new(struct world *w)
{
	struct graphs *g = g_new0(struct graphs, 1);
	guint n_bonds = 0, k = 0;

	g->w = w;
	series_init(&g->bonds, w->sim, w->sample);
	series_init(&g->flows, w->sim, w->sample);
	series_init(&g->moves, w->sim, w->sample);
	/* rates that add up: 1 byte in 100 ms is 0.00008 Mbit/s */
	g->bonds.decimals = 6;
	g->on = g_array_new(FALSE, FALSE, sizeof(struct graph_on));
	g->gates = g_ptr_array_new_with_free_func(g_free);
	g->bond_rx = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);

		for (guint b = 0; b < h->bonds->len; b++)
			add_bond_cols(g, h->name, g_ptr_array_index(h->bonds, b));
		n_bonds += h->bonds->len;
	}
	for (guint i = 0; i < w->flows->len; i++) {
		struct flow *fl = g_ptr_array_index(w->flows, i);

		add_flow_cols(g, fl->cfg.name, &fl->rx);
	}
	for (guint i = 0; i < w->pings->len; i++) {
		struct ping *p = g_ptr_array_index(w->pings, i);

		add_flow_cols(g, p->cfg.name, &p->rx);
	}
	/* every (bond, switch) pair; the counters must not move once added */
	g->n_macs = n_bonds * w->switches->len;
	g->macs = g_new0(struct graph_mac, g->n_macs ? g->n_macs : 1);
	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);

		for (guint b = 0; b < h->bonds->len; b++) {
			struct bond *bond = g_ptr_array_index(h->bonds, b);

			for (guint s = 0; s < w->switches->len; s++, k++) {
				struct graph_mac *m = &g->macs[k];
				char col[200];

				m->ws = g_ptr_array_index(w->switches, s);
				m->host = h->name;
				m->bond = bond;
				memcpy(m->mac, bond->dev.mac, 6);
				m->on = g_ptr_array_new();
				g_snprintf(col, sizeof(col), "%s.%s.%s.moves_per_s", m->ws->name, h->name,
					   bond->dev.name);
				series_add(&g->moves, col, &m->moves, 1.0);
			}
		}
	}
	g->peers = graphs_peers_new(w);
	g->tcp = graphs_tcp_new(w);
	series_set_hook(&w->series, graphs_sample, g);
	return g;
}

void graphs_start(struct graphs *g)
{
	gates_fold(g);
	series_reset(&g->bonds);
	series_reset(&g->flows);
	series_reset(&g->moves);
	graphs_peers_start(g->w, g->peers);
	graphs_tcp_start(g->tcp);
	for (guint i = 0; i < g->n_macs; i++) {
		struct graph_mac *m = &g->macs[i];
		const char *now = sw_fdb_port(m->ws->sw, m->mac);

		g_ptr_array_set_size(m->on, 0);
		if (now)
			note_port(m->on, now);
	}
}

void graphs_free(struct graphs *g)
{
	if (!g)
		return;
	for (guint i = 0; i < g->n_macs; i++)
		g_ptr_array_free(g->macs[i].on, TRUE);
	g_free(g->macs);
	g_array_free(g->on, TRUE);
	g_ptr_array_free(g->gates, TRUE);
	g_ptr_array_free(g->bond_rx, TRUE);
	graphs_peers_free(g->peers);
	graphs_tcp_free(g->tcp);
	series_fini(&g->bonds);
	series_fini(&g->flows);
	series_fini(&g->moves);
	g_free(g);
}

/* ---- after the run: CSV ------------------------------------------------------ */

static const char *fmt_time(sim_time_t t, char *buf, size_t size)
{
	return g_ascii_formatd(buf, size, "%.3f", (double)t / SIM_S);
}

static gint fault_by_time(gconstpointer a, gconstpointer b)
{
	const struct fault *fa = *(const struct fault *const *)a;
	const struct fault *fb = *(const struct fault *const *)b;

	if (fa->at != fb->at)
		return fa->at < fb->at ? -1 : 1;
	return fa->line - fb->line;
}

/* faults.csv: the faults that fired, one row per failover.<n> of the
 * report (faults at the same time are one), for the lines on every graph. */
bool graphs_faults_csv(const struct world *w, GString *out)
{
	GPtrArray *sorted = g_ptr_array_new();
	bool any = false;
	int n = 0;

	for (guint i = 0; i < w->faults->len; i++) {
		struct fault *f = g_ptr_array_index(w->faults, i);

		if (f->kind != FAULT_CALL)
			g_ptr_array_add(sorted, f);
		any |= f->kind != FAULT_CALL && f->fired;
	}
	g_ptr_array_sort(sorted, fault_by_time);
	if (any)
		g_string_append(out, "failover,time_s,fault\n");
	for (guint i = 0; any && i < sorted->len; i++) {
		const struct fault *f = g_ptr_array_index(sorted, i);
		bool fired = f->fired;
		GString *text = g_string_new(f->text);
		char t[32];
		guint k = i;

		n++;
		while (k + 1 < sorted->len &&
		       ((struct fault *)g_ptr_array_index(sorted, k + 1))->at == f->at) {
			const struct fault *next = g_ptr_array_index(sorted, ++k);

			g_string_append_printf(text, "; %s", next->text);
			fired |= next->fired;
		}
		i = k;
		/* no commas inside a field: gnuplot reads this file */
		g_strdelimit(text->str, ",", ';');
		if (fired)
			g_string_append_printf(out, "%d,%s,%s\n", n,
					       sim_time_format_sec(f->at, t, sizeof(t)), text->str);
		g_string_free(text, TRUE);
	}
	g_ptr_array_free(sorted, TRUE);
	return any;
}

static bool write_bonds(const struct world *w, GString *out)
{
	if (!w->graphs->bonds.cols->len)
		return false;
	series_write_csv(&w->graphs->bonds, out);
	return true;
}

/* What a flow or a ping sent, seen from after the run. */
struct sender {
	const char *name;
	const struct flow *fl;	/* or */
	const struct ping *p;
	const struct flow_rx *rx;
	const struct flow_ledger *ledger;
	uint64_t sent;
	uint32_t payload;
	const struct gap_keep *keep;	/* what its retired gaps left */
};

static sim_time_t sender_time(const struct sender *s, uint64_t k)
{
	if (s->fl)
		return flow_send_time(s->fl, k);
	return ping_send_time(s->p, k);
}

/*
 * Per row, the packets sent in its interval [end - interval, end) and, of
 * those, the ones that never arrived and have no copy in flight at the end.
 * The receiver has forgotten the gaps it retired: their lost packets were
 * counted by row as they retired (gap_keep.c).
 */
static void sender_rows(const struct sender *s, sim_time_t interval, guint rows, uint64_t *sent,
			uint64_t *lost)
{
	for (uint64_t k = 0; k < s->sent; k++) {
		sim_time_t t = sender_time(s, k);
		uint64_t r = (uint64_t)(t / interval);

		if (r >= rows)
			break;
		sent[r]++;
		if (k >= s->rx->retired_end && !flow_rx_seen(s->rx, (uint32_t)k) &&
		    !ledger_seq_in_flight(s->ledger, (uint32_t)k))
			lost[r]++;
	}
	for (guint r = 0; r < rows; r++)
		lost[r] += gap_keep_lost_in_row(s->keep, r);
}

static GArray *senders(const struct world *w)
{
	GArray *a = g_array_new(FALSE, TRUE, sizeof(struct sender));

	for (guint i = 0; i < w->flows->len; i++) {
		const struct flow *fl = g_ptr_array_index(w->flows, i);
		struct sender s = { fl->cfg.name, fl, NULL, &fl->rx, &fl->ledger, fl->sent,
				    fl->cfg.payload, gap_keep_of(w, i) };

		g_array_append_val(a, s);
	}
	for (guint i = 0; i < w->pings->len; i++) {
		const struct ping *p = g_ptr_array_index(w->pings, i);
		struct sender s = { p->cfg.name, NULL, p, &p->rx, &p->ledger, p->sent, p->cfg.size,
				    gap_keep_of(w, w->flows->len + i) };

		g_array_append_val(a, s);
	}
	return a;
}

static void append_rate(GString *out, uint64_t bytes, sim_time_t interval)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	double per_s = (double)SIM_S / (double)interval;

	g_string_append_c(out, ',');
	g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.3f",
					     (double)bytes * per_s * 8e-6));
}

/*
 * flows.csv: per flow and ping, per interval: packets sent, received, lost
 * (of those sent), reordered (of those received), and the Mbit/s sent and
 * received (payload, as throughput.csv counts it).
 */
static bool write_flows(const struct world *w, GString *out)
{
	const struct series *fs = &w->graphs->flows;
	GArray *snd = senders(w);
	guint rows = series_rows(fs);
	uint64_t *sent, *lost;
	char t[32];

	if (!snd->len) {
		g_array_free(snd, TRUE);
		return false;
	}
	sent = g_new0(uint64_t, (gsize)snd->len * rows + 1);
	lost = g_new0(uint64_t, (gsize)snd->len * rows + 1);
	g_string_append(out, "time_s");
	for (guint i = 0; i < snd->len; i++) {
		const struct sender *s = &g_array_index(snd, struct sender, i);

		sender_rows(s, fs->interval, rows, sent + (gsize)i * rows,
			    lost + (gsize)i * rows);
		g_string_append_printf(out, ",%s.sent,%s.received,%s.lost,%s.reordered,%s.tx_mbps,%s.rx_mbps",
				       s->name, s->name, s->name, s->name, s->name, s->name);
	}
	g_string_append_c(out, '\n');
	for (guint r = 0; r < rows; r++) {
		g_string_append(out, fmt_time(series_time(fs, r), t, sizeof(t)));
		for (guint i = 0; i < snd->len; i++) {
			const struct sender *s = &g_array_index(snd, struct sender, i);
			uint64_t n = sent[(gsize)i * rows + r];

			g_string_append_printf(out, ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
					       ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT, n,
					       series_increase(fs, r, 3 * i),
					       lost[(gsize)i * rows + r],
					       series_increase(fs, r, 3 * i + 1));
			append_rate(out, n * s->payload, fs->interval);
			append_rate(out, series_increase(fs, r, 3 * i + 2), fs->interval);
		}
		g_string_append_c(out, '\n');
	}
	g_free(sent);
	g_free(lost);
	g_array_free(snd, TRUE);
	return true;
}

static bool write_moves(const struct world *w, GString *out)
{
	if (!w->graphs->n_macs)
		return false;
	series_write_csv(&w->graphs->moves, out);
	return true;
}

/* "Gi0/2" before "Gi0/10": digit runs compare as numbers (no locale). */
static gint by_port_name(gconstpointer pa, gconstpointer pb)
{
	const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;

	while (*a && *b) {
		if (g_ascii_isdigit(*a) && g_ascii_isdigit(*b)) {
			guint64 x = g_ascii_strtoull(a, (char **)&a, 10);
			guint64 y = g_ascii_strtoull(b, (char **)&b, 10);

			if (x != y)
				return x < y ? -1 : 1;
			continue;
		}
		if (*a != *b)
			return (guchar)*a - (guchar)*b;
		a++;
		b++;
	}
	return (guchar)*a - (guchar)*b;
}

/* The ports each MAC was on, in port order, and each MAC's first lane. */
static GPtrArray **mac_ports(const struct graphs *g, guint *lane0)
{
	GPtrArray **ports = g_new0(GPtrArray *, g->n_macs ? g->n_macs : 1);
	guint lane = 0;

	for (guint i = 0; i < g->n_macs; i++)
		ports[i] = g_ptr_array_new();
	for (guint i = 0; i < g->on->len; i++) {
		const struct graph_on *on = &g_array_index(g->on, struct graph_on, i);

		note_port(ports[on->mac], on->port);
	}
	/* lanes in the switch's own port order: Gi0/2 before Gi0/10 */
	for (guint i = 0; i < g->n_macs; i++)
		g_ptr_array_sort(ports[i], by_port_name);
	/* a MAC that stayed on one port all along has nothing to show over time */
	for (guint i = 0; i < g->n_macs; i++) {
		lane0[i] = lane;
		if (ports[i]->len > 1)
			lane += ports[i]->len;
	}
	return ports;
}

static guint port_index(const GPtrArray *a, const char *port)
{
	for (guint i = 0; i < a->len; i++)
		if (strcmp(g_ptr_array_index(a, i), port) == 0)
			return i;
	g_assert_not_reached();
}

/*
 * mac_ports.csv: one row per interval and port a bond's MAC was on during
 * it, for the MACs that were on more than one port of a switch in the run.
 * lane numbers the (MAC, switch, port) triples from 0, grouped by MAC.
 */
static bool write_ports(const struct world *w, GString *out)
{
	const struct graphs *g = w->graphs;
	guint *lane0 = g_new0(guint, g->n_macs ? g->n_macs : 1);
	GPtrArray **ports;
	char a[32], b[32], mac[18];

	if (!g->n_macs) {
		g_free(lane0);
		return false;
	}
	ports = mac_ports(g, lane0);
	g_string_append(out, "from_s,to_s,switch,host,bond,mac,port,lane\n");
	for (guint i = 0; i < g->on->len; i++) {
		const struct graph_on *on = &g_array_index(g->on, struct graph_on, i);
		const struct graph_mac *m = &g->macs[on->mac];
		sim_time_t end = series_time(&g->moves, on->row);

		if (ports[on->mac]->len < 2)
			continue;
		g_string_append_printf(out, "%s,%s,%s,%s,%s,%s,%s,%u\n",
				       fmt_time(end - g->moves.interval, a, sizeof(a)),
				       fmt_time(end, b, sizeof(b)), m->ws->name, m->host,
				       m->bond->dev.name, mac_format(m->mac, mac), on->port,
				       lane0[on->mac] + port_index(ports[on->mac], on->port));
	}
	for (guint i = 0; i < g->n_macs; i++)
		g_ptr_array_free(ports[i], TRUE);
	g_free(ports);
	g_free(lane0);
	return true;
}

const struct graphs_csv graphs_csv_files[] = {
	{ "faults.csv", graphs_faults_csv },
	{ "bonds.csv", write_bonds },
	{ "flows.csv", write_flows },
	{ "mac_moves.csv", write_moves },
	{ "mac_ports.csv", write_ports },
	{ "peers.csv", graphs_peers_csv },
	{ "peer_slaves.csv", graphs_peer_slaves_csv },
	{ "tcp.csv", graphs_tcp_csv },
	{ NULL, NULL },
};
