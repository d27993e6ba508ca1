/*
 * bond_alb.h - the state of balance-tlb and balance-alb, for bond_alb*.c and the tests.
 *
 * DOC: The kernel's include/net/bond_alb.h: the constants, the transmit
 * hash table (struct tlb_client_info) and struct alb_bond_info, which the
 * bond keeps as its mode_priv.  The per-slave half, struct tlb_slave_info,
 * lives in struct slave (bond.h) as in the kernel.  Counters the kernel
 * does not keep are gathered in struct alb_stats, for reports only.
 */
#ifndef BONDSIM_BOND_ALB_H
#define BONDSIM_BOND_ALB_H

#include "bond.h"

#define ALB_TIMER_TICKS_PER_SEC		10	/* the monitor runs every 100 ms */
#define BOND_TLB_REBALANCE_INTERVAL	10	/* seconds between two rebalances */
#define BOND_TLB_REBALANCE_TICKS	(BOND_TLB_REBALANCE_INTERVAL * ALB_TIMER_TICKS_PER_SEC)
#define TLB_HASH_TABLE_SIZE		256	/* the key is one byte */
#define TLB_NULL_INDEX			0xffffffffu
/* ETH_P_LOOPBACK: the type of the learning packets. */
#define ALB_ETH_P_LOOPBACK		0x9000

/* One entry of the transmit hash table: the destinations whose key is its index. */
struct tlb_client_info {
	struct slave *tx_slave;		/* NULL: unassigned, the next frame places it */
	uint32_t tx_bytes;		/* sent through it since the last rebalance */
	uint32_t load_history;		/* bytes per second in the last interval, + 1 */
	uint32_t next, prev;		/* the list of entries of tx_slave */
};

/* Not in the kernel: what happened, for reports and tests. */
struct alb_stats {
	uint64_t rebalances;		/* 10 s rebalances (tx_rebalance_counter ran out) */
	uint64_t learning_packets;	/* built and handed to a slave */
	uint64_t mac_swaps;		/* alb_swap_mac_addr() between two different slaves */
	uint64_t tx_balanced;		/* frames placed by the hash table or the hash */
	uint64_t tx_unbalanced;		/* frames sent through curr_active_slave as such */
	uint64_t tx_src_rewritten;	/* frames whose source MAC became the slave's */
	sim_time_t last_rebalance;	/* when, -1 never */
};

struct alb_bond_info {
	struct bond *bond;
	/* tlb: the tables exist between bond_open() and bond_close() */
	bool tables;
	struct tlb_client_info tx_hashtbl[TLB_HASH_TABLE_SIZE];
	uint32_t unbalanced_load;	/* bytes sent with no entry since the last rebalance */
	int tx_rebalance_counter;	/* monitor ticks */
	int lp_counter;			/* monitor ticks since the last learning packets */
	bool rlb_enabled;		/* balance-alb, from its first open on */
	struct alb_stats stats;
};

/* The ALB state of @bond, NULL in other modes or before its first slave. */
const struct alb_bond_info *bond_alb_info(const struct bond *bond);

/* _simple_hash(): the XOR of @n bytes. */
static inline uint8_t alb_simple_hash(const uint8_t *p, int n)
{
	uint8_t h = 0;

	for (int i = 0; i < n; i++)
		h ^= p[i];
	return h;
}

#endif
