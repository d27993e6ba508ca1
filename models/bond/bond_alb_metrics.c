/*
 * bond_alb_metrics.c - what balance-tlb and balance-alb report: the tlb
 * table's entries and loads per slave, rebalances, learning packets, MAC
 * swaps, how evenly the slaves carried (Jain's index) and, in alb, the rlb
 * clients per slave and the client updates (the metrics of [expect]).
 */
#include "bond.h"
#include "bond_alb.h"
#include "metrics.h"

static double ms_or_none(sim_time_t t)
{
	return t < 0 ? -1 : (double)t / SIM_MS;
}

/*
 * Jain's fairness index of the slaves' byte counts, (sum x)^2 / (n sum x^2):
 * 1 when every slave carried the same, 1/n when one carried everything;
 * -1 when nothing was carried.
 */
static double jain_index(const struct bond *bond, bool rx)
{
	double sum = 0, sq = 0;
	guint n = bond->slaves->len;

	for (guint i = 0; i < n; i++) {
		const struct netdev_stats *st = &bond_slave(bond, i)->dev->stats;
		double x = (double)(rx ? st->rx_bytes : st->tx_bytes);

		sum += x;
		sq += x * x;
	}
	return sq > 0 ? sum * sum / ((double)n * sq) : -1;
}

static void rlb_metrics(const struct bond *bond, struct metrics *m, const char *host)
{
	const struct alb_bond_info *bi = bond_alb_info(bond);
	const char *bn = bond->dev.name;
	int clients = 0;

	for (guint i = 0; i < bond->slaves->len; i++) {
		const struct slave *s = bond_slave(bond, i);
		int n = 0;

		for (uint32_t k = bi ? bi->rx_hashtbl_used_head : RLB_NULL_INDEX;
		     k != RLB_NULL_INDEX; k = bi->rx_hashtbl[k].used_next)
			n += bi->rx_hashtbl[k].slave == s;
		metrics_add_int(m, n, "%s.%s.%s.rlb_clients", host, bn, s->dev->name);
	}
	/* every entry, those with no slave too (rlb_clear_slave() found none up) */
	for (uint32_t k = bi ? bi->rx_hashtbl_used_head : RLB_NULL_INDEX; k != RLB_NULL_INDEX;
	     k = bi->rx_hashtbl[k].used_next)
		clients++;
	metrics_add_int(m, clients, "%s.%s.rlb.clients", host, bn);
	if (!bi)
		return;
	metrics_add_int(m, (int64_t)bi->stats.rlb_replies_rewritten, "%s.%s.rlb.replies_rewritten",
			host, bn);
	metrics_add_int(m, (int64_t)bi->stats.rlb_requests, "%s.%s.rlb.requests", host, bn);
	metrics_add_double(m, ms_or_none(bi->stats.rlb_last_request), "%s.%s.rlb.last_request_ms",
			   host, bn);
	metrics_add_int(m, (int64_t)bi->stats.rlb_update_rounds, "%s.%s.rlb.update_rounds", host,
			bn);
	metrics_add_int(m, (int64_t)bi->stats.rlb_updates_sent, "%s.%s.rlb.updates_sent", host, bn);
	metrics_add_double(m, ms_or_none(bi->stats.rlb_last_update), "%s.%s.rlb.last_update_ms",
			   host, bn);
}

void bond_alb_metrics(const struct bond *bond, struct metrics *m, const char *host)
{
	const struct alb_bond_info *bi = bond_alb_info(bond);
	const char *bn = bond->dev.name;
	struct alb_stats none = { .last_rebalance = -1, .rlb_last_update = -1,
				  .rlb_last_request = -1 };
	const struct alb_stats *st = bi ? &bi->stats : &none;

	metrics_add_int(m, (int64_t)st->rebalances, "%s.%s.tlb.rebalances", host, bn);
	metrics_add_double(m, ms_or_none(st->last_rebalance), "%s.%s.tlb.last_rebalance_ms", host,
			   bn);
	metrics_add_int(m, (int64_t)st->tx_balanced, "%s.%s.tlb.tx_balanced", host, bn);
	metrics_add_int(m, (int64_t)st->tx_unbalanced, "%s.%s.tlb.tx_unbalanced", host, bn);
	metrics_add_int(m, (int64_t)st->tx_src_rewritten, "%s.%s.tlb.tx_src_rewritten", host, bn);
	metrics_add_int(m, (int64_t)st->learning_packets, "%s.%s.alb.learning_packets", host, bn);
	metrics_add_int(m, (int64_t)st->mac_swaps, "%s.%s.alb.mac_swaps", host, bn);
	for (guint i = 0; i < bond->slaves->len; i++) {
		const struct slave *s = bond_slave(bond, i);
		int entries = 0;

		for (int k = 0; bi && bi->tables && k < TLB_HASH_TABLE_SIZE; k++)
			entries += bi->tx_hashtbl[k].tx_slave == s;
		metrics_add_int(m, entries, "%s.%s.%s.tlb_entries", host, bn, s->dev->name);
		metrics_add_int(m, s->tlb_info.load, "%s.%s.%s.tlb_load", host, bn, s->dev->name);
	}
	metrics_add_double(m, jain_index(bond, false), "%s.%s.alb.tx_jain", host, bn);
	metrics_add_double(m, jain_index(bond, true), "%s.%s.alb.rx_jain", host, bn);
	if (bond->ops->mode == BOND_MODE_ALB)
		rlb_metrics(bond, m, host);
}
