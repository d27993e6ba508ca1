/*
 * bond_alb.h - the state of balance-tlb and balance-alb, for bond_alb*.c and the tests.
 *
 * DOC: The kernel's include/net/bond_alb.h: the constants, the transmit
 * hash table (struct tlb_client_info), balance-alb's receive client table
 * (struct rlb_client_info) and struct alb_bond_info, which the bond keeps
 * as its mode_priv.  bond_alb.c does transmit, addresses and the monitor;
 * bond_rlb.c the receive balancing through ARP, with the rlb_ functions
 * declared at the end for bond_alb.c.  The per-slave half, struct tlb_slave_info,
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
#define RLB_HASH_TABLE_SIZE		256	/* keyed by the XOR of the client's address bytes */
#define RLB_NULL_INDEX			0xffffffffu
#define RLB_UPDATE_DELAY		(2 * ALB_TIMER_TICKS_PER_SEC)	/* ticks after a request */
#define RLB_ARP_BURST_SIZE		2	/* ARP replies per client update */
#define RLB_UPDATE_RETRY		3	/* extra update rounds after a slave left */
#define RLB_PROMISC_TIMEOUT		(10 * ALB_TIMER_TICKS_PER_SEC)
/* ETH_P_LOOPBACK: the type of the learning packets. */
#define ALB_ETH_P_LOOPBACK		0x9000

/* One entry of the transmit hash table: the destinations whose key is its index. */
struct tlb_client_info {
	struct slave *tx_slave;		/* NULL: unassigned, the next frame places it */
	uint32_t tx_bytes;		/* sent through it since the last rebalance */
	uint32_t load_history;		/* bytes per second in the last interval, + 1 */
	uint32_t next, prev;		/* the list of entries of tx_slave */
};

/*
 * One client of balance-alb's receive table: a peer that talks to one of the
 * bond's addresses, and the slave whose MAC it was told.  Not a proper hash
 * table: a client whose hash collides evicts the previous one.
 */
struct rlb_client_info {
	uint32_t ip_src;		/* the bond's address (host order) */
	uint32_t ip_dst;		/* the client's */
	uint8_t mac_src[6];		/* the bond's MAC as its ARP said */
	uint8_t mac_dst[6];		/* the client's; broadcast or zero until it answers */
	uint32_t used_next, used_prev;	/* the list of used entries */
	uint32_t src_next, src_prev;	/* entries with the same hash of ip_src */
	uint32_t src_first;		/* first entry whose ip_src hashes to this index */
	bool assigned;
	bool ntt;			/* need to tell the client its slave's MAC */
	struct slave *slave;
	uint16_t vlan_id;
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
	/* balance-alb */
	uint64_t rlb_replies_rewritten;	/* the host's ARP replies given a slave's MAC */
	uint64_t rlb_requests;		/* the host's ARP requests (they pull peers back) */
	uint64_t rlb_update_rounds;	/* rlb_update_rx_clients() runs */
	uint64_t rlb_updates_sent;	/* ARP replies those rounds built */
	sim_time_t rlb_last_update;	/* the last round, -1 never */
	sim_time_t rlb_last_request;	/* the host's last ARP request, -1 never */
};

struct alb_bond_info {
	struct bond *bond;
	/* tlb: the tables exist between bond_open() and bond_close() */
	bool tables;
	struct tlb_client_info tx_hashtbl[TLB_HASH_TABLE_SIZE];
	uint32_t unbalanced_load;	/* bytes sent with no entry since the last rebalance */
	int tx_rebalance_counter;	/* monitor ticks */
	int lp_counter;			/* monitor ticks since the last learning packets */
	/* rlb: balance-alb (rlb_enabled from its first open on) */
	bool rlb_enabled;
	struct rlb_client_info rx_hashtbl[RLB_HASH_TABLE_SIZE];
	uint32_t rx_hashtbl_used_head;
	bool rx_ntt;			/* some client needs an update */
	struct slave *rx_slave;		/* the last slave handed out */
	bool primary_is_promisc;
	uint32_t rlb_promisc_timeout_counter;
	uint32_t rlb_update_delay_counter;	/* ticks before the next update round */
	uint32_t rlb_update_retry_counter;	/* rounds that keep ntt set */
	bool rlb_rebalance;		/* reassign every client at the next tick */
	struct alb_stats stats;
};

/*
 * What balance-tlb/alb did, for reports (the kernel logs none of it):
 *   ALB_EV_TX_REBALANCE  the transmit table was cleared: the 10 s
 *                        rebalance (@s NULL), or slave @s's entries
 *                        after it failed or left;
 *   ALB_EV_RLB_MOVED     @n clients were given another slave: those of
 *                        @s (it failed or left), or all (@s NULL: a
 *                        rebalance after a slave came up or joined);
 *   ALB_EV_RLB_UPDATE    an update round sent @n ARP replies;
 *   ALB_EV_RLB_SLAVE_MAC @n clients of @s were marked to be told its MAC
 *                        again: a MAC swap (failover, release) gave @s
 *                        another address (rlb_req_update_slave_clients()).
 */
enum alb_event {
	ALB_EV_TX_REBALANCE,
	ALB_EV_RLB_MOVED,
	ALB_EV_RLB_UPDATE,
	ALB_EV_RLB_SLAVE_MAC,
};
typedef void (*alb_event_fn)(void *arg, struct bond *bond, int what, const struct slave *s,
			     uint32_t n);
/* @fn hears every alb_event of @bond; NULL clears it. */
void bond_alb_set_event_hook(struct bond *bond, alb_event_fn fn, void *arg);
const char *alb_event_name(int what);

static inline void alb_tell(struct bond *bond, int what, const struct slave *s, uint32_t n)
{
	if (bond->alb_event)
		bond->alb_event(bond->alb_event_arg, bond, what, s, n);
}

/* The ALB state of @bond, NULL in other modes or before its first slave. */
const struct alb_bond_info *bond_alb_info(const struct bond *bond);
/* The tlb/alb metrics of @bond on @host (bond_alb_metrics.c): the modes' ops->metrics. */
struct metrics;
void bond_alb_metrics(const struct bond *bond, struct metrics *m, const char *host);
/* balance-alb's entry for client @ip (NULL unless assigned to that client). */
const struct rlb_client_info *bond_rlb_client(const struct bond *bond, uint32_t ip);

/* _simple_hash(): the XOR of @n bytes. */
static inline uint8_t alb_simple_hash(const uint8_t *p, int n)
{
	uint8_t h = 0;

	for (int i = 0; i < n; i++)
		h ^= p[i];
	return h;
}

/*
 * Inside balance-tlb/alb only (bond_alb.c, bond_rlb.c).
 */
void alb_send_learning_packets(struct bond *bond, struct slave *s, const uint8_t mac[6]);
void rlb_initialize(struct alb_bond_info *bi);
void rlb_deinitialize(struct alb_bond_info *bi);
void rlb_clear_slave(struct bond *bond, struct slave *s);
void rlb_rebalance(struct bond *bond);
void rlb_update_rx_clients(struct bond *bond);
void rlb_req_update_slave_clients(struct bond *bond, struct slave *s);
void rlb_teach_disabled_mac_on_primary(struct bond *bond, const uint8_t mac[6]);
/* rlb_arp_xmit(): the slave for an ARP the host sends (may rewrite *f), or NULL. */
struct slave *rlb_arp_xmit(struct bond *bond, struct frame **f);
/* rlb_arp_recv(), the mode's recv_probe: learns from ARP, never takes the frame. */
enum rx_verdict rlb_arp_recv(struct bond *bond, struct slave *s, struct frame *f,
			     const struct rx_ctx *ctx);

#endif
