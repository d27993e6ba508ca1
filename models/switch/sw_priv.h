/*
 * sw_priv.h - the switch's inside, shared by switch.c, sw_fdb.c, sw_lag.c, sw_report.c.
 *
 * DOC: A *bridge port* (struct sw_bport) is what learning and flooding see:
 * either one physical port or one LAG.  Every physical port has its own
 * bridge port, unused while the port is a LAG member (it then belongs to
 * the LAG's).  Counters live where they are counted: per physical port in
 * struct sw_port, per bridge port the moves, per LAG its traffic.
 */
#ifndef BONDSIM_SW_PRIV_H
#define BONDSIM_SW_PRIV_H

#include "itab.h"
#include "modulo.h"
#include "switch.h"
#include "lacp/lacp.h"

#define SW_VLAN_DEFAULT 1

/*
 * bridge() and its helpers return this when they are done with the frame
 * (passed on, or dropped at its egress port as egress_filtered() does),
 * else a drop reason for the port it came in on.
 */
#define SW_FORWARDED DROP_REASON_COUNT

/*
 * The drop reasons a switch port shows (models/link/drop.h): the bridge's,
 * counted on the port a frame came in on, then the port's own transmit
 * queue and carrier.  vlan_not_allowed is both: ingress filtering on the
 * port in, egress filtering on the port out (switch.c).
 */
extern const enum drop_reason sw_port_drop_reasons[];
extern const int sw_port_drop_reasons_count;

struct sw_port;
struct sw_lag;

struct sw_bport {
	struct sw_port *port;		/* a lone port, or NULL */
	struct sw_lag *lag;		/* a LAG, or NULL */
	const char *name;		/* the port's or the LAG's */
	uint64_t moves_in;		/* MACs that moved onto this bridge port */
	uint64_t moves_out;		/* MACs that moved away from it */
	struct sw_vlan_port *vlan;	/* NULL: access VLAN 1 (sw_vlan.c) */
	struct sw_stp_port *stp;	/* NULL: spanning tree off (sw_stp.c) */
	bool portfast;			/* "spanning-tree portfast": forwards as it comes up */
};

/*
 * A bridge port's 802.1Q setting (sw_vlan.c).  A LAG member reads its
 * channel's, so a stand-alone member keeps the channel's VLANs.
 */
struct sw_vlan_port {
	bool trunk;
	bool implicit;			/* the MLAG peer link's own trunk: nothing to report */
	uint16_t pvid;			/* the access VLAN, or the trunk's native VLAN */
	struct sw_vlan_set allowed;	/* trunk: the VLANs it carries */
};

/*
 * What every frame in reads comes first, in the struct's first cache line
 * (it is allocated 64-byte aligned), and what every frame out reads in the
 * second: with a thousand ports taking turns they do not stay in cache
 * between two frames of one port, and a flood sends a copy out of each.
 * So a frame out reads its own copies of the NIC, the LAG and the state it
 * forwards by (struct sw_port_out), not the first line's.
 */
struct sw_port_out {
	struct nic *nic;
	struct sw_lag *lag;
	bool individual;
	bool admin_down;
};

struct sw_port {
	struct sw *sw;
	struct nic *nic;
	struct sw_lag *lag;		/* NULL unless a member */
	sw_port_rx_hook_fn rx_hook;	/* sees every frame before the bridge (LACP) */
	void *rx_hook_arg;
	/*
	 * LAG member state as 802.1AX names it.  Static LAG: both follow the
	 * member's carrier.  LACP LAG: the mux machine sets them
	 * (Enable/Disable_Collecting_Distributing).
	 */
	bool collecting;
	bool distributing;
	bool individual;		/* stand-alone (I): bridged alone, as if in no LAG */
	/*
	 * shutdown, errdisabled or the switch reloading, as port_apply() last
	 * saw them: what sw_port_forwarding() reads per frame instead of them.
	 */
	bool admin_down;
	bool shutdown;			/* "shutdown" configured */
	bool errdisabled;
	bool phy_down;			/* what the port last told its NIC (nic_set_failed) */
	bool bundled;			/* in the LAG's map: what EC-5-BUNDLE said last */
	uint64_t rx_frames, rx_bytes;
	/* line 1: a frame out; out is what sw_port_sync_out() last copied */
	struct sw_port_out out;
	/* Copies of a flood its queue took (sw_port_tx(): those that left).
	 * Its frames and bytes out are its NIC's tx counters. */
	uint64_t flood_taken;
	struct sw_bport own;		/* this port as a bridge port, unless in a LAG */
	uint32_t number;		/* 1, 2, ... in creation order */
	enum sw_channel_mode mode;	/* how it joined its LAG */
	struct sw_lacp_member *lacp;	/* NULL unless in an LACP LAG (sw_lacp.c) */
	bool suspended;			/* (s) */
	bool orphan_suspend;		/* NX-OS's "vpc orphan-port suspend" (sw_mlag.c) */
	bool orphan_suspended;		/* ...and down for it now */
	char *description;		/* IOS "description", or NULL (sw_ios.c) */
	struct sim_timer recover;	/* errdisable recovery */
	uint64_t speed_cfg;		/* IOS "speed" (0: auto); the NIC's an follows */
	enum autoneg_duplex duplex_cfg;	/* IOS "duplex" (ANY: auto) */
};
G_STATIC_ASSERT(offsetof(struct sw_port, rx_bytes) + 8 <= 64);
G_STATIC_ASSERT(offsetof(struct sw_port, out) == 64);
G_STATIC_ASSERT(offsetof(struct sw_port, own.lag) + 8 <= 128);

/* After any change of the port's nic, lag, individual or admin_down. */
static inline void sw_port_sync_out(struct sw_port *p)
{
	p->out = (struct sw_port_out){ p->nic, p->lag, p->individual, p->admin_down };
}

enum sw_lag_mode {
	SW_LAG_STATIC,			/* channel-group N mode on */
	SW_LAG_LACP,			/* channel-group N mode active|passive */
};

/* Why a suspended member is suspended: for its one console line. */
enum sw_suspend_why {
	SW_SUSPEND_NONE,
	SW_SUSPEND_NO_LACP,		/* no LACPDU from the far end (suspend-individual) */
	SW_SUSPEND_OTHER_PARTNER,	/* its partner is not the channel's */
	SW_SUSPEND_SPEED,		/* its speed is not the channel's */
};

/* One member of an LACP LAG: its 802.1AX port and what the show commands need. */
struct sw_lacp_member {
	struct lacp_port port;
	struct sw_port *owner;
	bool fast;			/* "lacp rate fast": asks the partner for fast LACPDUs */
	sim_time_t last_rx;		/* last LACPDU in; -1: none yet */
	sim_time_t first_bundled;	/* -1: never */
	uint64_t bundles;		/* times it joined the bundle */
	uint64_t lacpdu_tx;		/* LACPDUs that left (none while the port is down) */
	enum sw_suspend_why why;
	/* SW_SUSPEND_SPEED: the member whose speed the channel has, and the two speeds */
	const struct sw_port *speed_ref;
	uint64_t speed_mine_bps, speed_ref_bps;
};

/* The LACP side of an LACP LAG: one 802.1AX system whose aggregators are the channel's. */
struct sw_lag_lacp {
	struct lacp_system sys;
	const struct lacp_agg *active;	/* the one aggregator the channel forwards on */
	/* while max-bundle swaps members: one map rebuild at the end, not one per step */
	bool map_deferred, map_dirty;
};

/* What a frame through the channel reads (bridge port, hash, map, MLAG twin, counters) first. */
struct sw_lag {
	struct sw *sw;
	struct sw_bport bport;
	enum sw_lag_hash hash;
	enum sw_lag_mode mode;
	/*
	 * The distributing members in member order, rebuilt by sw_lag_map()
	 * whenever one changes (Linux's usable_slaves, OpenBSD's aggr_map()),
	 * so egress is one index: map[hash % len].
	 */
	GPtrArray *map;
	struct sw_lag *mlag_peer;	/* the same MLAG id on the peer switch, or NULL */
	struct sim_mod map_mod;		/* map->len, for hash % len without a division */
	bool up;			/* static: a member has carrier; LACP: one is bundled */
	bool shutdown;			/* "interface Port-channel N" / "shutdown": members down */
	bool mlag_suspended;		/* its MLAG switch holds its legs down (sw_mlag_check()) */
	bool suspend_individual;	/* LACP: "lacp suspend-individual" (default on) */
	unsigned max_bundle;		/* LACP: "lacp max-bundle" (default 8) */
	unsigned min_links;		/* LACP: "port-channel min-links" (default 1) */
	unsigned n_bundled;		/* members bundled (P), min-links met or not */
	uint16_t group;			/* channel-group number (show etherchannel) */
	uint16_t key;			/* LACP key: the group, or the MLAG id */
	uint16_t mlag_id;		/* "mlag=N": 0 when not an MLAG channel */
	uint64_t rx_frames, rx_bytes;
	/* taken by its members' queues while bundled (sw_lag_tx(): what left) */
	uint64_t tx_taken, tx_taken_bytes, flood_taken;
	GPtrArray *members;		/* struct sw_port *, in the order they joined */
	struct sw_lag_lacp *lacp;	/* NULL for a static LAG */
	char name[NETDEV_NAME_MAX];
	char *description;		/* IOS "description", or NULL (sw_ios.c) */
	sim_time_t first_up;		/* when it first came up; -1: never */
};

/* A bridge port's spanning-tree state after link-up (sw_stp.c). */
enum sw_stp_state {
	SW_STP_DISABLED,		/* no link */
	SW_STP_LISTENING,
	SW_STP_LEARNING,
	SW_STP_FORWARDING,
};

struct sw_stp_change {
	sim_time_t at;
	enum sw_stp_state state;
};

/* The first changes are kept for the report; the rest only counted. */
#define SW_STP_HISTORY 64

struct sw_stp_port {
	struct sw *sw;
	struct sw_bport *bport;
	enum sw_stp_state state;
	struct sim_timer timer;		/* listening -> learning -> forwarding */
	uint64_t changes;
	GArray *history;		/* struct sw_stp_change, the first SW_STP_HISTORY */
};

/* A "show" typed during the run, kept for the report. */
struct sw_show {
	sim_time_t at;
	char *command;			/* "show etherchannel summary" */
	char *text;
};

/*
 * One FDB entry, and one slot of the FDB's table (sw_fdb.c): the entry is
 * stored in the slot itself, so it moves when the table changes; hold no
 * pointer to one across a learn, an install, a lookup or a flush.
 */
struct sw_fdb_entry {
	uint64_t key;			/* vlan << 48 | MAC read big-endian */
	struct sw_bport *bport;		/* NULL: the slot is empty */
	sim_time_t last_seen;
	/*
	 * To 32 bytes: no slot then straddles two cache lines.  Measured on
	 * W4 (36 FDBs of ~1000 MACs) against 24-byte slots: 1.4% fewer LL
	 * read misses in all, though the tables are a third larger.
	 */
	uint64_t unused;
};

G_STATIC_ASSERT(sizeof(struct sw_fdb_entry) == 32);

/* An open-addressing table of entries, laid out as an itab (sim/itab.h). */
struct sw_fdb {
	struct sw_fdb_entry *slot;	/* NULL while nothing was ever learnt */
	uint32_t mask;			/* capacity - 1 (capacity a power of two) */
	uint32_t len;			/* slots in use */
	uint32_t shift;			/* 64 - log2(capacity) */
};

static inline uint16_t sw_fdb_entry_vlan(const struct sw_fdb_entry *e)
{
	return (uint16_t)(e->key >> 48);
}

/* The entry's MAC, out of its key. */
static inline void sw_fdb_entry_mac(const struct sw_fdb_entry *e, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)(e->key >> (40 - 8 * i));
}

struct sw_move_pair {
	const struct sw_bport *from, *to;
	uint64_t count;
};

/* The move history of one MAC: kept when its FDB entry ages out or is flushed. */
struct sw_mac_moves {
	gint64 key;
	uint8_t mac[6];
	uint16_t vlan;
	uint64_t total;
	GArray *pairs;			/* struct sw_move_pair, first occurrence first */
	bool logged;
	sim_time_t next_log;		/* no MACFLAP line for this MAC before then */
	uint64_t log_lines, suppressed;
	sim_time_t *recent;		/* ring of the last cfg.flap_moves move times */
	uint32_t recent_head, recent_len;
};

/* What every frame reads (learning, lookup, MLAG) first: allocated 64-byte aligned. */
struct sw {
	struct sim *sim;
	struct sw_fdb fdb;		/* (vlan, MAC) -> bridge port (sw_fdb.c) */
	sim_time_t next_sweep;
	sw_learn_fn learn_hook;
	void *learn_arg;
	struct sw_mlag *mlag;		/* the MLAG domain it is in, or NULL */
	struct sw_config cfg;
	char name[NETDEV_NAME_MAX];
	struct sim_log log;
	uint8_t base_mac[6];
	/*
	 * Some bridge port is neither access 1 nor a trunk of all with native
	 * 1: untagged frames then need the VLAN rules too (sw_vlan.c).  While
	 * false only tagged frames take that path, and every other frame is
	 * bridged as before VLANs existed.
	 */
	bool vlan_aware;
	/*
	 * Bridge ports listening or learning now (sw_stp.c): while 0, the
	 * frame path asks nothing about spanning tree.
	 */
	uint32_t stp_transient;
	uint64_t stp_changes;		/* topology changes (sw_stp.c) */
	sim_time_t stp_changed_at;
	GArray *flood_tagged;		/* scratch: bool per flood_to entry, VLAN floods */
	char **vlan_names;		/* by VID: IOS's "vlan N" and its name; NULL: none */
	GPtrArray *ports;		/* struct sw_port *, creation order */
	GPtrArray *lags;		/* struct sw_lag *, creation order */
	GPtrArray *bports;		/* every bridge port, creation order: flood order */
	GPtrArray *flood_to;		/* scratch: the ports a flood goes out of */
	struct itab moves;		/* rec->key -> struct sw_mac_moves (lookup only) */
	bool reloading;
	struct sim_timer reload_done;
	uint64_t mac_moves, flap_log_lines, flap_log_suppressed;
	uint64_t flooded;		/* frames flooded (each once, whatever the copies) */
	uint64_t learnt, aged, errdisable_events;
	/*
	 * The frames flooded lately, to see one come back (a forwarding loop).
	 * Every flood scans all the ids, so they are an array of their own: 8
	 * cache lines, not the 24 of whole records (every host's ARP request
	 * floods every switch, N^2 scans in a big world).
	 */
	uint64_t flood_seen_id[64];
	struct sw_flood_seen {
		uint32_t times;
		const char *first_port;
	} flood_seen[64];
	guint flood_seen_next;
	bool storm;
	sim_time_t storm_at;
	char storm_text[192];
	struct sim_timer lacp_tick;	/* every 100 ms once a LAG speaks LACP */
	GPtrArray *shows;		/* struct sw_show *, in time order */
	char *running_config;		/* kept by sw_ios_apply(), else NULL */
};

/* switch.c */
void sw_errdisable(struct sw *sw, struct sw_bport *bp, const char *cause);
bool sw_port_forwarding(const struct sw_port *p);
struct sw_port *sw_port_of(const struct sw *sw, const struct nic *nic);

/* sw_fdb.c */
void sw_fdb_init(struct sw *sw);
void sw_fdb_fini(struct sw *sw);
/* The bridge port @mac was learnt on, or NULL (an aged entry is removed). */
struct sw_bport *sw_fdb_lookup(struct sw *sw, uint16_t vlan, const uint8_t mac[6]);
void sw_fdb_learn(struct sw *sw, uint16_t vlan, const uint8_t mac[6], struct sw_bport *bp);
void sw_fdb_flush_bport(struct sw *sw, const struct sw_bport *bp);
void sw_fdb_flush_all(struct sw *sw);
bool sw_fdb_entry_live(const struct sw *sw, const struct sw_fdb_entry *e);
/*
 * Live entries / move records sorted by (vlan, MAC); free with
 * g_ptr_array_unref, before the FDB changes (the entries are its slots).
 */
GPtrArray *sw_fdb_sorted(const struct sw *sw);
GPtrArray *sw_moves_sorted(const struct sw *sw);
/* "0016.361b.bb74" into buf[15], as IOS prints a MAC. */
const char *sw_mac_cisco(const uint8_t mac[6], char buf[15]);

/* sw_lag.c */
void sw_lag_free(struct sw_lag *lag);
void sw_lag_port_changed(struct sw_port *p);
struct sw_port *sw_lag_select(const struct sw_lag *lag, const struct frame *f);
uint32_t sw_lag_hash_frame(enum sw_lag_hash hash, const struct frame *f);
/* Rebuild the distribution map, log members joining and leaving, the channel up/down. */
void sw_lag_map(struct sw_lag *lag);
/* sw_admin.c's timers: a port's err-disable recovery, the end of a reload. */
void sw_port_recover(struct sim *sim, void *arg);
void sw_reload_done(struct sim *sim, void *arg);
/* The member whose speed the channel has (sw_lag.c), and the line that suspends another. */
const struct sw_port *sw_lag_speed_reference(const struct sw_lag *lag);
void sw_lag_log_speed_suspended(struct sw_lag *lag, const struct sw_port *p,
				const struct sw_port *ref, uint64_t mine_bps, uint64_t ref_bps);
/* The bridge port a member's frames belong to: the LAG's, or its own when stand-alone. */
struct sw_bport *sw_port_bport(struct sw_port *p);

/* sw_lacp.c */
void sw_lacp_lag_init(struct sw_lag *lag);
void sw_lacp_lag_free(struct sw_lag *lag);
void sw_lacp_add_member(struct sw_lag *lag, struct sw_port *p);
void sw_lacp_port_changed(struct sw_port *p);
void sw_lacp_reload_done(struct sw *sw);
void sw_lacp_tick(struct sim *sim, void *arg);
bool sw_lacp_in_active_agg(const struct sw_port *p);
enum sw_member_state sw_port_member_state(const struct sw_port *p);

/* sw_mlag.c: one domain, two switches, each holding a reference */
struct sw_mlag {
	int refs;
	char name[NETDEV_NAME_MAX];
	struct sw *sw[2];
	struct sw_bport *peer_link[2];
	uint16_t system_priority;
	uint8_t system[6];
	/*
	 * The LACP key of an MLAG channel is key_base + its MLAG id, and the
	 * second switch's port numbers have second_port added: 0 and 0x8000
	 * for bondsim's own domains, 0x8000 and 0x4000 as NX-OS sends them.
	 */
	uint16_t key_base;
	uint16_t second_port;
	bool finished;
	uint64_t synced[2];		/* MACs each switch installed on its peer */
	uint64_t kept_off[2];		/* frames from the peer link kept off an MLAG channel */
	/*
	 * Roles (sw_mlag_check()): elected once by role priority, then the
	 * lower switch MAC; operational roles change only when the primary
	 * reloads (non-preemptive, as NX-OS's "primary, operational secondary").
	 */
	uint16_t role_priority[2];
	int elected;			/* the elected primary: 0 or 1 */
	int oper;			/* the operational primary */
	sim_time_t oper_since;		/* when it took the role; 0: elected */
	/*
	 * The peer keepalive, a timed exchange (sw_mlag.c): each switch sends
	 * one every ka_interval on a grid of its own (the first switch's from
	 * time 0, the second's half an interval later); the path (ka_path, a
	 * [faults] line, cut both ways or one) and a reloading peer stop them.
	 * keepalive[i] is what NX-OS's "vPC keep-alive status" says on switch
	 * i: false once ka_timeout has run out since the last one it heard
	 * (ka_heard[i]), true again at the first one it hears after.
	 */
	bool keepalive[2];		/* each one heard its peer within ka_timeout */
	bool ka_path[2];		/* the path delivers to switch i (configured, no fault) */
	bool ka_flowing[2];		/* at the last look: to i, path up, neither reloading */
	sim_time_t ka_heard[2];		/* the last keepalive each heard; -1: never */
	sim_time_t ka_interval, ka_timeout, hold_timeout;
	sim_time_t pl_down_at;		/* the peer link's last loss: hold_timeout from it; -1 never */
	struct sim_timer ka_lost[2];	/* ka_heard + ka_timeout: the keepalive declared lost */
	struct sim_timer ka_hello[2];	/* the first keepalive each hears once they flow again */
	struct sim_timer hold_end;	/* pl_down_at + hold_timeout: act on the keepalive now */
	bool auto_recovery;		/* a suspended secondary takes over when it is lost */
	sim_time_t delay_restore;	/* the secondary's wait once the peer link is back */
	sim_time_t delay_restore_orphan; /* orphan ports' wait once the peer link is back */
	struct sim_timer orphan_restore; /* delay_restore_orphan: orphan ports up again */
	bool peer_link_was_up;		/* as the secondary saw it at the last check */
	bool was_reloading[2];		/* each switch at the last check */
	bool pl_up[2];			/* each one's end of the peer link, at the last check */
	bool held[2];			/* each switch's MLAG channels held down */
	bool rejoining[2];		/* reloaded: holds its channels when back */
	/*
	 * "auto-recovery reload-delay": armed when a switch is back from a
	 * reload, stopped by its end of the peer link up or a keepalive heard
	 * (the peer is there: it waits for it as long as it takes).
	 */
	sim_time_t reload_delay;
	struct sim_timer reload_wait[2];
	uint64_t reload_recoveries[2];	/* times each came up alone at its end */
	sim_time_t reload_recovered_at[2]; /* the last of them; -1: never */
	bool checking;			/* in sw_mlag_check(): holding calls it again */
	bool dual_active;		/* both forward with no peer link and no keepalive */
	int susp;			/* the switch suspended for a lost peer link, or -1 */
	uint64_t suspends[2];		/* times each suspended its channels, peer link lost */
	uint64_t holds[2];		/* times each held them back from a reload */
	uint64_t recoveries[2];		/* times each brought them up, keepalive lost (auto-recovery) */
	uint64_t dual_actives;		/* times the domain went dual-active */
	sim_time_t suspended_at[2];	/* each one's last suspension; -1: never */
	sim_time_t dual_active_at;	/* the last dual-active start; -1: never */
	sw_mlag_event_fn event_fn;	/* the failover report's hook, or NULL */
	void *event_arg;
	struct sim_timer restore;	/* delay_restore: lets every held channel up */
};
void sw_mlag_unref(struct sw_mlag *m);
/* sw_mlag_peer.c: a new domain's defaults and timers; the elected primary (0 or 1) */
void sw_mlag_peer_init(struct sw_mlag *m);
int sw_mlag_elect(const struct sw_mlag *m);
/* The peer link can carry the sync: a member distributing, or the lone port up. */
bool sw_mlag_peer_link_up(const struct sw *sw);
/* The peer link (back) up at @sw's end: @sw hands the peer every MAC it learnt. */
void sw_mlag_bulk_sync(struct sw *sw);
/* The last keepalive heard (one every ka_interval while they flow); -1: never. */
sim_time_t sw_mlag_ka_last_heard(const struct sw_mlag *m, int i);
/* The last keepalive switch @i sent, on its own grid (at or before now). */
sim_time_t sw_mlag_ka_last_sent(const struct sw_mlag *m, int i);
/* Is @bp the MLAG peer link of @sw? */
bool sw_mlag_is_peer_link(const struct sw *sw, const struct sw_bport *bp);
struct sw_bport *sw_mlag_peer_link(const struct sw *sw);
/*
 * A frame in from the peer link stays off MLAG channel @lag while the
 * peer's channel of the same id has a bundled member: the peer delivered
 * it there.  Counted.
 */
bool sw_mlag_keep_off(struct sw *sw, const struct sw_bport *from, const struct sw_lag *lag);
/* @mac was learnt on MLAG channel @lag: the peer installs it on its own. */
/* A MAC learnt on MLAG channel @lag onto its twin; on an orphan port (@lag
 * NULL: no MLAG channel, not the peer link) onto the peer's peer link. */
void sw_mlag_sync(struct sw *sw, uint16_t vlan, const uint8_t mac[6], const struct sw_lag *lag);
/* After any change of a port, a channel's map or a reload: the peer link's
 * state as the secondary sees it, and what the secondary does about it. */
void sw_mlag_check(struct sw *sw);
/* sw_free(): the domain loses a switch and stops checking. */
void sw_mlag_detach(struct sw *sw);
/* switch.c: make @lag's members' PHYs agree with its state (mlag_suspended). */
void sw_lag_apply_members(struct sw_lag *lag);
/* switch.c: make @p's PHY agree with its state (orphan_suspended). */
void sw_port_apply(struct sw_port *p);

/*
 * sw_fdb.c, for the MLAG sync: point @mac at @bp, a sync and not a move.
 * True when its live entry was on @bp already (then only its age is reset).
 */
bool sw_fdb_install(struct sw *sw, uint16_t vlan, const uint8_t mac[6], struct sw_bport *bp);

/* sw_show.c */
void sw_show_free(struct sw *sw);

/* sw_stp.c */
/* @bp (a port alone, a port-channel, a stand-alone member) came up or went down. */
void sw_stp_link(struct sw *sw, struct sw_bport *bp, bool up);
static inline bool sw_stp_forwarding(const struct sw_bport *bp)
{
	return !bp->stp || bp->stp->state == SW_STP_FORWARDING;
}
void sw_stp_free(struct sw *sw);
void sw_stp_report_text(const struct sw *sw, GString *out);
void sw_stp_json(const struct sw_bport *bp, struct json *j);
void sw_stp_metrics(const struct sw *sw, struct metrics *m);

/* sw_vlan.c */
static inline const struct sw_vlan_port *sw_bport_vlan(const struct sw_bport *bp)
{
	return bp->port && bp->port->lag ? bp->port->lag->bport.vlan : bp->vlan;
}

static inline bool sw_vlan_carries(const struct sw_bport *bp, uint16_t vid)
{
	const struct sw_vlan_port *c = sw_bport_vlan(bp);

	if (!c)
		return vid == SW_VLAN_DEFAULT;
	return c->trunk ? sw_vlan_set_has(&c->allowed, vid) : vid == c->pvid;
}

/* Does a frame of VLAN @vid leave @bp tagged? */
static inline bool sw_vlan_tags(const struct sw_bport *bp, uint16_t vid)
{
	const struct sw_vlan_port *c = sw_bport_vlan(bp);

	return c && c->trunk && vid != c->pvid;
}

/*
 * The frame's VLAN as @bp takes it in, into *vid and *tagged (it arrived
 * with an 802.1Q tag of that VID); a priority tag (VID 0) is taken off,
 * which may replace *fp.  SW_FORWARDED, or DROP_VLAN_NOT_ALLOWED.
 */
enum drop_reason sw_vlan_ingress(const struct sw_bport *bp, struct frame **fp, uint16_t *vid,
				 bool *tagged);
/* @f (ours to change) tagged with @vid, or untagged, as @tag says. */
struct frame *sw_vlan_egress_form(struct frame *f, bool tagged_now, bool tag, uint16_t vid);
void sw_vlan_free(struct sw *sw);
void sw_vlan_peer_link(struct sw *sw, struct sw_bport *bp);
/* Some port configured otherwise than access 1 (the report's VLAN sections). */
bool sw_vlan_configured(const struct sw *sw);
/* sw_show_vlan.c: a bridge port's "vlan" object in JSON; the names' memory */
void sw_vlan_json(const struct sw_bport *bp, struct json *j);
void sw_vlan_names_free(struct sw *sw);

/* sw_report.c, shared with sw_report_json.c */
struct sw_totals {
	uint64_t rx, tx, drops, errdisabled;
};
struct sw_totals sw_report_totals(const struct sw *sw);
/*
 * What a port or a port-channel sent: frames and bytes whose last bit left
 * (IOS "packets output"), and of them the copies of a flood; not what a
 * queue refused (an output drop), lost unsent or still holds at the end.
 * A port's are its NIC's counters, its own LACPDUs too; a port-channel's
 * the frames bridged over it (as its rx), less those a member bundled now
 * lost or holds.
 */
struct sw_tx {
	uint64_t frames, bytes, flooded;
};
void sw_port_tx(const struct sw_port *p, struct sw_tx *t);
void sw_lag_tx(const struct sw_lag *lag, struct sw_tx *t);
/* Frames the port's NIC still holds (queued or on the wire): not yet sent. */
uint64_t sw_port_held(const struct sw_port *p);
/* The port NIC's nic_set_unsent() listener (@arg: the port). */
void sw_port_unsent(void *arg, const struct frame *f);
const char *sw_report_port_state(const struct sw_port *p);
uint64_t sw_report_port_drops(const struct sw_port *p);
bool sw_port_drop_reason_shown(const struct sw_port *p, enum drop_reason d);
const char *sw_report_member_name(const GPtrArray *ports, guint k);
#define SW_MOVE_PAIR(r, k) g_array_index((r)->pairs, struct sw_move_pair, (k))
#define SW_LOG_LINE(sw, i) g_array_index((sw)->log.lines, struct sim_log_line, (i))

#endif
