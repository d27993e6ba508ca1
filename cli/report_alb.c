/*
 * report_alb.c - balance-tlb and balance-alb: how evenly the slaves were
 * loaded, and which slave each peer used.
 *
 * DOC: These modes balance peers, not frames, so the report answers two
 * questions per bond.  How uneven was it?  Each slave's share of the bytes
 * each way, the busiest slave against the least busy (max/min) and Jain's
 * fairness index ((sum x)^2 / (n sum x^2): 1 even, 1/n all on one slave).
 * Why?  Per peer, the bytes each way on each slave, and the slave the
 * receive table gave it (balance-alb): a peer is the unit, so a big peer
 * makes its slave big.  A peer that is not in the receive table talks
 * through one that is (its router), which the table says too.
 *
 * Peers are named after the host that has the address, else the address.
 */
#include <math.h>
#include <string.h>
#include <arpa/inet.h>
#include "report.h"
#include "bond/bond_alb.h"

static const char *peer_host(const struct world *w, uint32_t ip)
{
	for (guint i = 0; i < w->hosts->len; i++) {
		const struct world_host *h = g_ptr_array_index(w->hosts, i);

		if (host_has_ip(h->host, ip))
			return h->name;
	}
	return NULL;
}

GPtrArray *report_alb_peers(const struct world *w, const char *host, const struct bond *b)
{
	GPtrArray *all = bond_peers_sorted(b->peers);
	const struct world_host *self = world_find_host(w, host);

	/* the bond's own broadcasts come back through the switch: not a peer */
	for (guint i = all->len; self && i-- > 0;)
		if (host_has_ip(self->host, ((const struct bond_peer *)g_ptr_array_index(all, i))->ip))
			g_ptr_array_remove_index(all, i);
	return all;
}

static const char *ip_text(uint32_t ip, char *buf)
{
	struct in_addr a = { htonl(ip) };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* A metric-safe name: the host's, else the address with '_' for '.'. */
static void peer_key(const struct world *w, uint32_t ip, char *buf, size_t size)
{
	const char *h = peer_host(w, ip);
	char a[INET_ADDRSTRLEN];

	if (h) {
		g_strlcpy(buf, h, size);
		return;
	}
	g_strlcpy(buf, ip_text(ip, a), size);
	for (char *p = buf; *p; p++)
		if (*p == '.')
			*p = '_';
}

/* The slaves' bytes one way: busiest, least busy, Jain's index. */
struct skew {
	double total, max, min, jain;
};

static struct skew slave_skew(const struct bond *b, bool rx)
{
	struct skew k = { 0, 0, INFINITY, -1 };
	double sq = 0;

	for (guint i = 0; i < b->slaves->len; i++) {
		const struct netdev_stats *st = &bond_slave(b, i)->dev->stats;
		double x = (double)(rx ? st->rx_bytes : st->tx_bytes);

		k.total += x;
		sq += x * x;
		k.max = MAX(k.max, x);
		k.min = MIN(k.min, x);
	}
	if (sq > 0)
		k.jain = k.total * k.total / ((double)b->slaves->len * sq);
	return k;
}

static void text_skew(GString *out, const char *dir, const struct skew *k,
		      const struct bond *b)
{
	g_string_append_printf(out, "    %-11s", dir);
	if (k->total <= 0) {
		g_string_append(out, "nothing carried\n");
		return;
	}
	if (k->min > 0)
		g_string_append_printf(out, "busiest/least busy slave %.2f, ", k->max / k->min);
	else
		g_string_append(out, "a slave carried nothing, ");
	g_string_append_printf(out, "Jain %.3f (1 even, %.3f all on one slave)\n", k->jain,
			       1.0 / b->slaves->len);
}

/* How many receive-table clients @s answers for. */
static int rlb_clients_on(const struct alb_bond_info *bi, const struct slave *s)
{
	int n = 0;

	for (uint32_t k = bi->rx_hashtbl_used_head; k != RLB_NULL_INDEX;
	     k = bi->rx_hashtbl[k].used_next)
		n += bi->rx_hashtbl[k].assigned && bi->rx_hashtbl[k].slave == s;
	return n;
}

static void text_slaves(const struct bond *b, GString *out)
{
	struct skew tx = slave_skew(b, false), rx = slave_skew(b, true);
	const struct alb_bond_info *bi = bond_alb_info(b);
	const struct alb_bond_info *rlb = bi && bi->rlb_enabled ? bi : NULL;

	g_string_append_printf(out, "    %-8s %11s %8s %11s %8s %12s\n", "slave", "tx MB",
			       "tx share", "rx MB", "rx share", "rlb clients");
	for (guint i = 0; i < b->slaves->len; i++) {
		const struct slave *s = bond_slave(b, i);
		const struct netdev_stats *st = &s->dev->stats;
		int clients = rlb ? rlb_clients_on(rlb, s) : 0;

		g_string_append_printf(out, "    %-8s %11.3f %7.1f%% %11.3f %7.1f%% ", s->dev->name,
				       st->tx_bytes / 1e6,
				       tx.total > 0 ? 100.0 * st->tx_bytes / tx.total : 0.0,
				       st->rx_bytes / 1e6,
				       rx.total > 0 ? 100.0 * st->rx_bytes / rx.total : 0.0);
		if (rlb)
			g_string_append_printf(out, "%12d\n", clients);
		else
			g_string_append_printf(out, "%12s\n", "-");
	}
	text_skew(out, "transmit:", &tx, b);
	text_skew(out, "receive:", &rx, b);
}

/* The receive table's slave for @ip, or for the gateway @h reaches it through. */
static void text_rx_slave(const struct world *w, const struct world_host *h,
			  const struct bond *b, uint32_t ip, GString *out)
{
	const struct rlb_client_info *ci = bond_rlb_client(b, ip);
	uint32_t nh = ip;
	char a[INET_ADDRSTRLEN];

	if (ci && ci->slave) {
		g_string_append_printf(out, "  %s", ci->slave->dev->name);
		return;
	}
	if (ci) {
		/* rlb_clear_slave() found no slave that could take it */
		g_string_append(out, "  - (in the table, no slave can take it)");
		return;
	}
	if (ip_route_nexthop(h->host, ip, &nh) && nh != ip) {
		const char *gw = peer_host(w, nh);

		ci = bond_rlb_client(b, nh);
		g_string_append_printf(out, "  %s (as its router %s%s%s)",
				       ci && ci->slave ? ci->slave->dev->name : "-",
				       gw ? gw : "", gw ? " " : "", ip_text(nh, a));
		return;
	}
	g_string_append(out, "  - (never in the table)");
}

static void text_peers(const struct world *w, const struct world_host *h,
		       const struct bond *b, GString *out)
{
	GPtrArray *peers = report_alb_peers(w, h->name, b);
	const struct alb_bond_info *bi = bond_alb_info(b);

	if (!peers->len) {
		g_string_append(out, "  No IPv4 peer exchanged frames with the bond.\n");
		g_ptr_array_free(peers, TRUE);
		return;
	}
	g_string_append(out, "  Per peer, MB received (rx) and sent (tx) on each slave:\n");
	g_string_append_printf(out, "    %-28s", "peer");
	for (int dir = 0; dir < 2; dir++)
		for (guint s = 0; s < b->slaves->len; s++) {
			char col[40];

			g_snprintf(col, sizeof(col), "%s %s", dir ? "tx" : "rx",
				   bond_slave(b, s)->dev->name);
			g_string_append_printf(out, " %10s", col);
		}
	if (bi && bi->rlb_enabled)
		g_string_append_printf(out, "  %s", "rx slave given (rlb)");
	g_string_append_c(out, '\n');
	for (guint i = 0; i < peers->len; i++) {
		const struct bond_peer *p = g_ptr_array_index(peers, i);
		const char *name = peer_host(w, p->ip);
		char a[INET_ADDRSTRLEN], label[64];

		g_snprintf(label, sizeof(label), "%s%s%s", name ? name : "", name ? " " : "",
			   ip_text(p->ip, a));
		g_string_append_printf(out, "    %-28s", label);
		for (int dir = 0; dir < 2; dir++)
			for (guint s = 0; s < b->slaves->len; s++) {
				struct bond_peer_count c = bond_peer_on(p, bond_slave(b, s)->id);

				g_string_append_printf(out, " %10.3f",
						       (dir ? c.tx_bytes : c.rx_bytes) / 1e6);
			}
		if (bi && bi->rlb_enabled)
			text_rx_slave(w, h, b, p->ip, out);
		g_string_append_c(out, '\n');
	}
	g_ptr_array_free(peers, TRUE);
}

void report_alb_text(const struct world *w, GString *out)
{
	for (guint i = 0; i < w->hosts->len; i++) {
		const struct world_host *h = g_ptr_array_index(w->hosts, i);

		for (guint k = 0; k < h->bonds->len; k++) {
			const struct bond *b = g_ptr_array_index(h->bonds, k);

			if (!b->peers)
				continue;
			g_string_append_printf(out, "\n== Load balancing: %s.%s (%s)\n", h->name,
					       b->dev.name, bond_mode_name(b->params.mode));
			g_string_append(out, "  What each slave carried, the whole run:\n");
			text_slaves(b, out);
			text_peers(w, h, b, out);
		}
	}
}

static void skew_metrics(struct metrics *m, const char *host, const struct bond *b, bool rx)
{
	struct skew k = slave_skew(b, rx);
	const char *d = rx ? "rx" : "tx";

	/* -1: a slave carried nothing (max/min has no value), or nothing at all */
	metrics_add_double(m, k.min > 0 ? k.max / k.min : -1, "%s.%s.alb.%s_max_min", host,
			   b->dev.name, d);
	metrics_add_double(m, k.total > 0 ? k.max / k.total : -1, "%s.%s.alb.%s_max_share", host,
			   b->dev.name, d);
}

/* Every other host's addresses, then any other peer seen: names known before the run. */
static GArray *metric_peers(const struct world *w, const struct bond *b, const char *host)
{
	GArray *ips = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	GPtrArray *seen = bond_peers_sorted(b->peers);

	for (guint i = 0; i < w->hosts->len; i++) {
		const struct world_host *h = g_ptr_array_index(w->hosts, i);

		if (strcmp(h->name, host) == 0)
			continue;
		for (guint k = 0; k < h->host->ifs->len; k++)
			g_array_append_val(ips, ((const struct host_if *)g_ptr_array_index(h->host->ifs,
											  k))->ip);
	}
	for (guint i = 0; i < seen->len; i++) {
		const struct bond_peer *p = g_ptr_array_index(seen, i);

		if (!peer_host(w, p->ip))
			g_array_append_val(ips, p->ip);
	}
	g_ptr_array_free(seen, TRUE);
	return ips;
}

void report_alb_metrics(const struct world *w, const char *host, const struct bond *b,
			struct metrics *m)
{
	GArray *ips;

	if (!b->peers)
		return;
	skew_metrics(m, host, b, false);
	skew_metrics(m, host, b, true);
	ips = metric_peers(w, b, host);
	for (guint i = 0; i < ips->len; i++) {
		uint32_t ip = g_array_index(ips, uint32_t, i);
		const struct bond_peer *p = g_hash_table_lookup(b->peers->by_ip, GUINT_TO_POINTER(ip));
		char key[64];

		peer_key(w, ip, key, sizeof(key));
		for (guint s = 0; s < b->slaves->len; s++) {
			const struct slave *sl = bond_slave(b, s);
			struct bond_peer_count c = { 0 };
			const char *bn = b->dev.name, *sn = sl->dev->name;

			if (p)
				c = bond_peer_on(p, sl->id);
			metrics_add_int(m, (int64_t)c.rx_frames, "%s.%s.peer.%s.%s.rx_frames", host,
					bn, key, sn);
			metrics_add_int(m, (int64_t)c.rx_bytes, "%s.%s.peer.%s.%s.rx_bytes", host, bn,
					key, sn);
			metrics_add_int(m, (int64_t)c.tx_frames, "%s.%s.peer.%s.%s.tx_frames", host,
					bn, key, sn);
			metrics_add_int(m, (int64_t)c.tx_bytes, "%s.%s.peer.%s.%s.tx_bytes", host, bn,
					key, sn);
		}
	}
	g_array_free(ips, TRUE);
}
