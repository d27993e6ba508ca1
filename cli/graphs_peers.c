/*
 * graphs_peers.c - per peer and per slave, over time (peers.csv) and in
 * all (peer_slaves.csv, drawn as peers.png), for balance-tlb/alb bonds.
 *
 * DOC: At each sample the bonds' per-peer counters (bond_peers.h) are
 * read and what grew since the last sample is kept, one row per bond,
 * peer and slave that moved: a long table, since peers appear during the
 * run and a column per peer could not be fixed in advance.  Rows come
 * out sorted by time, bond, peer address and slave, whatever order the
 * counters were read in.
 */
#include <string.h>
#include <arpa/inet.h>
#include "graphs.h"

struct peer_row {
	guint row;			/* the sample */
	guint bond;			/* index into peer_graphs.bonds */
	uint32_t ip;
	int slave;			/* slave->id */
	struct bond_peer_count d;	/* growth in the row's interval */
};

struct peer_graphs {
	GPtrArray *bonds;		/* const struct bond *, with peers */
	GPtrArray *hosts;		/* its host's name, same index */
	GHashTable **last;		/* per bond: ip -> struct bond_peer_count[n] */
	GArray *rows;			/* struct peer_row */
};

struct peer_graphs *graphs_peers_new(const struct world *w)
{
	struct peer_graphs *p = g_new0(struct peer_graphs, 1);

	p->bonds = g_ptr_array_new();
	p->hosts = g_ptr_array_new();
	for (guint i = 0; i < w->hosts->len; i++) {
		const struct world_host *h = g_ptr_array_index(w->hosts, i);

		for (guint k = 0; k < h->bonds->len; k++) {
			const struct bond *b = g_ptr_array_index(h->bonds, k);

			if (!b->peers)
				continue;
			g_ptr_array_add(p->bonds, (gpointer)b);
			g_ptr_array_add(p->hosts, h->name);
		}
	}
	p->last = g_new0(GHashTable *, p->bonds->len + 1);
	for (guint i = 0; i < p->bonds->len; i++)
		p->last[i] = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	p->rows = g_array_new(FALSE, FALSE, sizeof(struct peer_row));
	return p;
}

void graphs_peers_free(struct peer_graphs *p)
{
	if (!p)
		return;
	for (guint i = 0; i < p->bonds->len; i++)
		g_hash_table_destroy(p->last[i]);
	g_free(p->last);
	g_ptr_array_free(p->bonds, TRUE);
	g_ptr_array_free(p->hosts, TRUE);
	g_array_free(p->rows, TRUE);
	g_free(p);
}

#define MAX_SLAVE_IDS 64	/* slave ids are enslave order: a bond has fewer */

static void sample_peer(struct peer_graphs *p, guint bond, guint row, const struct bond_peer *peer)
{
	struct bond_peer_count *last = g_hash_table_lookup(p->last[bond], GUINT_TO_POINTER(peer->ip));

	if (!last) {
		last = g_new0(struct bond_peer_count, MAX_SLAVE_IDS);
		g_hash_table_insert(p->last[bond], GUINT_TO_POINTER(peer->ip), last);
	}
	for (guint s = 0; s < peer->n_slaves && s < MAX_SLAVE_IDS; s++) {
		const struct bond_peer_count *now = &peer->by_slave[s];
		struct peer_row r = { row, bond, peer->ip, (int)s, {
			now->tx_frames - last[s].tx_frames, now->tx_bytes - last[s].tx_bytes,
			now->rx_frames - last[s].rx_frames, now->rx_bytes - last[s].rx_bytes } };

		if (r.d.tx_frames || r.d.rx_frames)
			g_array_append_val(p->rows, r);
		last[s] = *now;
	}
}

/* @reset: the run starts, counters count from here (no row). */
static void sample(const struct world *w, struct peer_graphs *p, guint row, bool reset)
{
	guint before = p->rows->len;

	for (guint b = 0; b < p->bonds->len; b++) {
		const struct bond *bond = g_ptr_array_index(p->bonds, b);
		GPtrArray *peers = report_alb_peers(w, g_ptr_array_index(p->hosts, b), bond);

		for (guint i = 0; i < peers->len; i++)
			sample_peer(p, b, row, g_ptr_array_index(peers, i));
		g_ptr_array_free(peers, TRUE);
	}
	if (reset)
		g_array_set_size(p->rows, before);
}

void graphs_peers_sample(const struct world *w, struct peer_graphs *p, guint row)
{
	sample(w, p, row, false);
}

void graphs_peers_start(const struct world *w, struct peer_graphs *p)
{
	sample(w, p, 0, true);
}

static const char *peer_label(const struct world *w, uint32_t ip, char *buf, size_t size)
{
	struct in_addr a = { htonl(ip) };
	char t[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &a, t, sizeof(t));
	for (guint i = 0; i < w->hosts->len; i++) {
		const struct world_host *h = g_ptr_array_index(w->hosts, i);

		if (host_has_ip(h->host, ip)) {
			g_snprintf(buf, size, "%s,%s", h->name, t);
			return buf;
		}
	}
	g_snprintf(buf, size, ",%s", t);
	return buf;
}

static const char *slave_name(const struct bond *b, int id)
{
	for (guint s = 0; s < b->slaves->len; s++)
		if (bond_slave(b, s)->id == id)
			return bond_slave(b, s)->dev->name;
	return "(released)";
}

bool graphs_peers_csv(const struct world *w, GString *out)
{
	const struct peer_graphs *p = w->graphs->peers;
	double per_s = (double)SIM_S / (double)w->sample;

	if (!p || !p->bonds->len)
		return false;
	g_string_append(out, "time_s,bond,peer,ip,slave,tx_frames,tx_bytes,rx_frames,rx_bytes,tx_mbps,rx_mbps\n");
	for (guint i = 0; i < p->rows->len; i++) {
		const struct peer_row *r = &g_array_index(p->rows, struct peer_row, i);
		const struct bond *b = g_ptr_array_index(p->bonds, r->bond);
		char t[32], label[96], tx[32], rx[32];

		g_string_append_printf(out,
				       "%s,%s.%s,%s,%s,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
				       ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%s,%s\n",
				       sim_time_format_sec(series_time(&w->series, r->row), t, sizeof(t)),
				       (const char *)g_ptr_array_index(p->hosts, r->bond), b->dev.name,
				       peer_label(w, r->ip, label, sizeof(label)),
				       slave_name(b, r->slave), r->d.tx_frames, r->d.tx_bytes,
				       r->d.rx_frames, r->d.rx_bytes,
				       g_ascii_formatd(tx, sizeof(tx), "%.6f", r->d.tx_bytes * 8e-6 * per_s),
				       g_ascii_formatd(rx, sizeof(rx), "%.6f", r->d.rx_bytes * 8e-6 * per_s));
	}
	return true;
}

/*
 * peer_slaves.csv, for the bar chart: per bond two blocks (received, then
 * sent), a line per peer and a column of MB per slave; blocks are
 * separated by two blank lines (gnuplot's "index").
 */
bool graphs_peer_slaves_csv(const struct world *w, GString *out)
{
	const struct peer_graphs *p = w->graphs->peers;

	if (!p || !p->bonds->len)
		return false;
	for (guint bi = 0; bi < p->bonds->len; bi++) {
		const struct bond *b = g_ptr_array_index(p->bonds, bi);
		GPtrArray *peers = report_alb_peers(w, g_ptr_array_index(p->hosts, bi), b);

		for (int dir = 0; dir < 2; dir++) {
			if (bi || dir)
				g_string_append(out, "\n\n");
			g_string_append_printf(out, "# %s.%s (%s), MB %s per slave\n# peer",
					       (const char *)g_ptr_array_index(p->hosts, bi), b->dev.name,
					       bond_mode_name(b->params.mode),
					       dir ? "sent to the peer" : "received from the peer");
			for (guint s = 0; s < b->slaves->len; s++)
				g_string_append_printf(out, ",%s", bond_slave(b, s)->dev->name);
			g_string_append_c(out, '\n');
			for (guint i = 0; i < peers->len; i++) {
				const struct bond_peer *peer = g_ptr_array_index(peers, i);
				char label[96], *comma;

				peer_label(w, peer->ip, label, sizeof(label));
				/* "c1,10.0.0.11" -> "c1" (the address when no host has it) */
				comma = strchr(label, ',');
				g_string_append(out, label[0] == ',' ? comma + 1 : (*comma = 0, label));
				for (guint s = 0; s < b->slaves->len; s++) {
					struct bond_peer_count c = bond_peer_on(peer, bond_slave(b, s)->id);
					char v[32];

					g_string_append_printf(out, ",%s", g_ascii_formatd(v, sizeof(v), "%.6f",
						(dir ? c.tx_bytes : c.rx_bytes) / 1e6));
				}
				g_string_append_c(out, '\n');
			}
		}
		g_ptr_array_free(peers, TRUE);
	}
	return true;
}
