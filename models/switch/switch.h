/*
 * switch.h - an Ethernet switch: learning bridge, MAC-move detection, static LAGs.
 *
 * DOC: A switch owns its ports (struct nic, created by sw_add_port(); the
 * loader cables them with link_new()).  Frames that arrive on a port are
 * learnt in the FDB by source MAC and forwarded by destination MAC, or
 * flooded to every other bridge port when the destination is unknown,
 * broadcast or multicast.  A MAC learnt on one bridge port and then seen on
 * another is a *move*: counted, logged the way Cisco IOS logs it
 * (%SW_MATM-4-MACFLAP_NOTIF, rate limited) and, if configured, punished by
 * err-disabling the port it moved to.  Ports bundled with sw_add_lag() and
 * sw_lag_add_port() ("channel-group N mode on") form one bridge port, so a
 * bond's MAC on several members is not a move; members added in mode active
 * or passive (sw_lag_add_port_mode()) negotiate with LACP (sw_lacp.c) and
 * carry frames only once bundled.  See switch.c for the model and its
 * deviations from real switches, and for the JSON report's keys.
 */
#ifndef BONDSIM_SWITCH_H
#define BONDSIM_SWITCH_H

#include "sim.h"
#include "log.h"
#include "metrics.h"
#include "json.h"
#include "link/nic.h"

struct sw;
struct sw_lag;
struct lacp_port;

enum sw_flap_action {
	SW_FLAP_LOG,		/* count and log moves only (what a Catalyst does by default) */
	SW_FLAP_ERRDISABLE,	/* also err-disable the port a MAC keeps moving to */
};

/* How a LAG picks the member for a frame: hash % number of distributing members. */
enum sw_lag_hash {
	SW_LAG_HASH_SRC_MAC,	/* "src-mac" */
	SW_LAG_HASH_DST_MAC,	/* "dst-mac" */
	SW_LAG_HASH_SRC_DST_MAC,	/* "src-dst-mac" */
	SW_LAG_HASH_SRC_DST_IP,	/* "src-dst-ip": IPv4 addresses, else src-dst-mac */
	SW_LAG_HASH_SRC_DST_PORT,	/* "src-dst-port": TCP/UDP ports, else src-dst-ip */
	SW_LAG_HASH_COUNT
};

#define SW_DEFAULT_AGING		(300 * SIM_S)	/* mac address-table aging-time 300 */
#define SW_DEFAULT_FLAP_LOG_INTERVAL	SIM_S
#define SW_DEFAULT_FLAP_MOVES		10
#define SW_DEFAULT_FLAP_WINDOW		(10 * SIM_S)

/*
 * A forwarding loop (no spanning tree here): the same flooded frame comes
 * back to the switch again and again, a broadcast storm that would run at
 * line rate until the end of the run.
 */
enum sw_storm_action {
	SW_STORM_STOP,		/* log it, and stop the run there */
	SW_STORM_LOG,		/* log it once, keep running */
};
#define SW_STORM_REVISITS 3	/* one frame flooded this many times by one switch: a loop */

struct sw_config {
	sim_time_t aging;		/* FDB entry lifetime since last seen; 0 = never age */
	enum sw_flap_action mac_flap;
	/* Err-disable when one MAC has moved flap_moves times within flap_window. */
	uint32_t flap_moves;
	sim_time_t flap_window;
	/* At most one MACFLAP line per MAC per interval; 0 = a line for every move. */
	sim_time_t flap_log_interval;
	/* errdisable recovery interval; 0 = stay err-disabled (the IOS default). */
	sim_time_t errdisable_recovery;
	enum sw_lag_hash lag_hash;	/* default for new LAGs */
	uint32_t txqueuelen;		/* per-port egress buffer, in frames */
	enum sw_storm_action storm;	/* a forwarding loop: stop the run (default) or log it */
	/* "lacp system-priority" (default 32768) and the LACP system MAC (zero: the base MAC). */
	uint16_t lacp_system_priority;
	uint8_t lacp_system_mac[6];
	/*
	 * Spanning tree's listening and learning after a port comes up
	 * (sw_stp.c), forward_delay each; off: every port forwards at once.
	 */
	bool stp;
	sim_time_t forward_delay;
};

#define SW_DEFAULT_FORWARD_DELAY (15 * SIM_S)	/* IEEE 802.1D, and IOS */
#define SW_FORWARD_DELAY_MIN (4 * SIM_S)	/* 802.1D's range, IOS's forward-time */
#define SW_FORWARD_DELAY_MAX (30 * SIM_S)

#define SW_DEFAULT_LACP_SYSTEM_PRIORITY	32768
#define SW_DEFAULT_LACP_PORT_PRIORITY	32768

/*
 * A switch port's egress buffer: what a 1 Gb/s access switch gives one port
 * of its shared packet memory, about 190 KB of full-size frames (1.5 ms of
 * line rate).  Hosts queue 1000 frames (Linux's txqueuelen); switches far
 * fewer, which is where a congested uplink drops.
 */
#define SW_DEFAULT_TXQUEUELEN 128

/* Defaults: aging 300 s, log only, 10 moves in 10 s, 1 s log interval, src-dst-mac. */
void sw_config_init(struct sw_config *cfg);

const char *sw_lag_hash_name(enum sw_lag_hash h);
gboolean sw_lag_hash_parse(const char *text, enum sw_lag_hash *out, GError **error);
const char *sw_flap_action_name(enum sw_flap_action a);	/* "log", "errdisable" */
gboolean sw_flap_action_parse(const char *text, enum sw_flap_action *out, GError **error);

/*
 * @cfg is copied; NULL means defaults.  Free the links cabled to the ports
 * first, then sw_free() (it frees the port NICs), then sim_free().
 */
struct sw *sw_new(struct sim *sim, const char *name, const struct sw_config *cfg);
void sw_free(struct sw *sw);
const char *sw_name(const struct sw *sw);
const struct sim_log *sw_log(const struct sw *sw);
/* Also print console lines on stderr as they are logged (--verbose). */
void sw_log_echo(struct sw *sw, bool on);

/*
 * A new port ("Gi0/1") with a MAC derived from the switch name and the port
 * number.  NULL if the name is taken.  The switch owns the NIC (sw_free frees
 * it); its rx handler and carrier watch belong to the switch.
 */
struct nic *sw_add_port(struct sw *sw, const char *port_name);
struct nic *sw_find_port(struct sw *sw, const char *port_name);
/* The ports in creation order, for reports. */
guint sw_port_count(const struct sw *sw);
struct nic *sw_port_nic(const struct sw *sw, guint i);

/* A static port-channel ("Po1"), hashing with the switch's configured lag_hash. */
struct sw_lag *sw_add_lag(struct sw *sw, const char *name, GError **error);
struct sw_lag *sw_find_lag(struct sw *sw, const char *name);

/*
 * Spanning tree (sw_stp.c): is it modelled here (sw_config's stp), and
 * make port or port-channel @name portfast (forwarding as it comes up).
 */
bool sw_stp_on(const struct sw *sw);
/*
 * The first port or port-channel, not portfast, that went forwarding in
 * [@from, @to): its name, when it came up (listening) and when it
 * forwarded; *more: how many others did in the window.  FALSE: none.
 */
bool sw_stp_forwarded_in(const struct sw *sw, sim_time_t from, sim_time_t to, const char **name,
			 sim_time_t *up_at, sim_time_t *fwd_at, guint *more);
gboolean sw_set_portfast(struct sw *sw, const char *name, bool on, GError **error);
/* A port joins at most one LAG; its FDB entries are flushed when it joins. */
gboolean sw_lag_add_port(struct sw_lag *lag, struct nic *port, GError **error);
void sw_lag_set_hash(struct sw_lag *lag, enum sw_lag_hash hash);
const char *sw_lag_name(const struct sw_lag *lag);

/* "channel-group N mode on|active|passive": static, or LACP that starts or only answers. */
enum sw_channel_mode {
	SW_CHANNEL_ON,
	SW_CHANNEL_ACTIVE,
	SW_CHANNEL_PASSIVE,
	SW_CHANNEL_MODE_COUNT
};
const char *sw_channel_mode_name(enum sw_channel_mode m);	/* "on", "active", "passive" */
gboolean sw_channel_mode_parse(const char *text, enum sw_channel_mode *out, GError **error);
/*
 * sw_lag_add_port() with a mode.  One port-channel is either static or LACP:
 * an "on" member in an LACP channel (or the reverse) is refused, as IOS
 * refuses it; an LACP channel takes at most LACP_MAX_PORTS (16) members.
 */
gboolean sw_lag_add_port_mode(struct sw_lag *lag, struct nic *port, enum sw_channel_mode mode,
			      GError **error);
bool sw_lag_is_lacp(const struct sw_lag *lag);
/*
 * The channel's LACP key, which is also its group number in "show
 * etherchannel": the number its name ends in (Po12 -> 12), else its place
 * among the switch's port-channels (1, 2, ...).
 */
uint16_t sw_lag_key(const struct sw_lag *lag);
/*
 * "lacp suspend-individual" (default on): a member whose partner sends no
 * LACPDUs is suspended (s); off: it forwards alone as a plain switch port,
 * stand-alone (I).
 */
void sw_lag_set_suspend_individual(struct sw_lag *lag, bool on);
/*
 * "lacp max-bundle N" (1-8, default 8, as Catalyst IOS): at most N members
 * bundled; the other members the partner would take wait in hot-standby
 * (H), chosen by the port priorities and numbers of the controlling end
 * (the lower LACP system id).
 */
#define SW_LACP_MAX_BUNDLE 8
void sw_lag_set_max_bundle(struct sw_lag *lag, unsigned n);
unsigned sw_lag_max_bundle(const struct sw_lag *lag);
/*
 * "port-channel min-links N" (1-8, default 1): the LACP channel is up only
 * while N members are bundled; below that it carries nothing (SM), its
 * members bundled all the same.
 */
void sw_lag_set_min_links(struct sw_lag *lag, unsigned n);
unsigned sw_lag_min_links(const struct sw_lag *lag);
/* Interface "lacp rate fast|normal" (default normal) and "lacp port-priority" (default 32768):
 * only on a member of an LACP port-channel. */
gboolean sw_port_set_lacp_rate(struct sw *sw, struct nic *port, bool fast, GError **error);
gboolean sw_port_set_lacp_port_priority(struct sw *sw, struct nic *port, uint16_t prio,
					GError **error);

/*
 * MLAG: two switches as one LACP partner.  A port-channel marked with an
 * MLAG id (sw_lag_set_mlag(), "mlag=1" on its lag line) on both switches of
 * a domain presents the domain's LACP system (priority and MAC) and the
 * id as its key, the second switch's port numbers offset by 0x8000 so
 * they stay unique across the pair; a bond with one cable to each switch
 * then forms one aggregator.  The peer link (a port or port-channel on
 * each switch) carries what one switch must hand the other; MACs learnt
 * on an MLAG channel are installed on the peer's channel of the same id;
 * a frame in from the peer link never leaves by an MLAG channel whose
 * twin on the peer has a bundled member (the peer delivered it), and a
 * frame for an MLAG channel with no bundled member here crosses the peer
 * link.  See sw_mlag.c.
 */
struct sw_mlag;
/* @id 1-65535, once per switch.  Binding happens in sw_mlag_finish(). */
gboolean sw_lag_set_mlag(struct sw_lag *lag, uint16_t id, GError **error);
/* A domain of @a and @b (each in at most one); the switches hold it and free it. */
struct sw_mlag *sw_mlag_new(const char *name, struct sw *a, struct sw *b, GError **error);
/* The peer link on @sw: the name of a port in no port-channel, or of a port-channel. */
gboolean sw_mlag_set_peer_link(struct sw_mlag *m, struct sw *sw, const char *name,
			       GError **error);
/* The domain's LACP system (default: priority 32768, a MAC made from the domain's name). */
void sw_mlag_set_system(struct sw_mlag *m, uint16_t priority, const uint8_t mac[6]);
/*
 * NX-OS's LACP identity for a vPC: the key is 0x8000 plus the vPC number
 * (1-4096), the second switch's port numbers get 0x4000 (the default: key
 * = the MLAG id, 0x8000 on the second switch's ports).  Before sw_mlag_finish().
 */
#define SW_MLAG_NXOS_KEY_BASE 0x8000
#define SW_MLAG_NXOS_SECOND_PORT 0x4000
void sw_mlag_set_nxos_lacp(struct sw_mlag *m);
/*
 * The peer link lost while both switches run: with @keepalive (the
 * default) the operational secondary suspends its MLAG channels (their
 * ports down) until the peer link has been back @delay_restore (default
 * SW_MLAG_DEFAULT_DELAY_RESTORE, NX-OS's 30 s); without, both go on
 * (dual-active).  A switch back from a reload holds its own MLAG channels
 * down the same way.  @keepalive is the state at the start;
 * sw_mlag_keepalive() changes it during the run.
 */
#define SW_MLAG_DEFAULT_DELAY_RESTORE (30 * SIM_S)
void sw_mlag_set_keepalive(struct sw_mlag *m, bool keepalive, sim_time_t delay_restore);
/*
 * Roles: the lower role priority is the primary (NX-OS's "role priority",
 * default 32667), the lower switch MAC on a tie; the other primary's
 * reload makes the secondary the operational primary, and it stays so.
 * With @auto_recovery (the default), a switch holding its channels down
 * brings them up once the keepalive has timed out (sw_mlag_set_timers()).
 */
#define SW_MLAG_DEFAULT_ROLE_PRIORITY 32667
void sw_mlag_set_roles(struct sw_mlag *m, uint16_t prio_a, uint16_t prio_b, bool auto_recovery);
/*
 * NX-OS's "auto-recovery reload-delay" (240 to 3600 s, default 240 s):
 * with auto-recovery on, a switch back from a reload that has neither
 * seen its end of the peer link up nor heard a keepalive for @delay takes
 * the operational primary's role and brings its MLAG channels up.  Call
 * before the run starts.
 */
#define SW_MLAG_DEFAULT_RELOAD_DELAY (240 * SIM_S)
#define SW_MLAG_MIN_RELOAD_DELAY (240 * SIM_S)
#define SW_MLAG_MAX_RELOAD_DELAY (3600 * SIM_S)
void sw_mlag_set_reload_delay(struct sw_mlag *m, sim_time_t delay);
/*
 * NX-OS's peer-keepalive timers and "delay restore orphan-port": a
 * keepalive every @interval (400 ms to 10 s, default 1 s), declared lost
 * @timeout after the last one heard (3 to 20 s, default 5 s); for
 * @hold_timeout after the peer link goes down (3 to 10 s, default 3 s)
 * the secondary acts on no keepalive change; orphan ports come back
 * @delay_restore_orphan after the peer link (0 to 300 s, default 0).
 * Call before the run starts.
 */
#define SW_MLAG_DEFAULT_KEEPALIVE_INTERVAL SIM_S
#define SW_MLAG_MIN_KEEPALIVE_INTERVAL (400 * SIM_MS)
#define SW_MLAG_MAX_KEEPALIVE_INTERVAL (10 * SIM_S)
#define SW_MLAG_DEFAULT_KEEPALIVE_TIMEOUT (5 * SIM_S)
#define SW_MLAG_MIN_KEEPALIVE_TIMEOUT (3 * SIM_S)
#define SW_MLAG_MAX_KEEPALIVE_TIMEOUT (20 * SIM_S)
#define SW_MLAG_DEFAULT_HOLD_TIMEOUT (3 * SIM_S)
#define SW_MLAG_MIN_HOLD_TIMEOUT (3 * SIM_S)
#define SW_MLAG_MAX_HOLD_TIMEOUT (10 * SIM_S)
#define SW_MLAG_MAX_DELAY_RESTORE_ORPHAN (300 * SIM_S)
void sw_mlag_set_timers(struct sw_mlag *m, sim_time_t interval, sim_time_t timeout,
			sim_time_t hold_timeout, sim_time_t delay_restore_orphan);
/*
 * NX-OS's "vpc orphan-port suspend" on @port: a port in no MLAG channel
 * (a host cabled to this switch alone, or an active-backup bond's slave)
 * goes down with the switch's MLAG channels when it suspends them for a
 * lost peer link, and comes back with the peer link.  Checked by
 * sw_mlag_finish() (not on an MLAG channel's member nor the peer link).
 */
void sw_port_set_orphan_suspend(struct sw *sw, struct nic *port, bool on);
/*
 * IOS's "speed" (0: auto) and "duplex" (ANY: auto) of @port: the port's
 * NIC negotiates or not as autoneg_ios() says, resolved with the far
 * end's when the cable is laid (autoneg.h).
 */
void sw_port_set_speed_duplex(struct sw *sw, struct nic *port, uint64_t speed_bps,
			      enum autoneg_duplex duplex);
void sw_port_speed_duplex(const struct sw *sw, const struct nic *port, uint64_t *speed_bps,
			  enum autoneg_duplex *duplex);
/*
 * The same typed during the run: @speed_mbps (0: auto) when not negative,
 * else @duplex; the cable renegotiates (nic_renegotiate(), @cause).
 */
void sw_port_change_speed_duplex(struct sw *sw, struct nic *port, int64_t speed_mbps,
				 enum autoneg_duplex duplex, const char *cause);
/*
 * The peer keepalive's path lost (@up false) or back, now: "TIME keepalive
 * DOMAIN down".  The switches notice the loss when the timeout runs out
 * after the last keepalive heard, and the return at the next one sent.
 */
void sw_mlag_keepalive(struct sw_mlag *m, bool up);
/*
 * One direction only: @from's keepalives lost on their way to its peer (or
 * back), "TIME keepalive DOMAIN down from SWITCH"; the peer's still reach
 * @from.  The peer judges @from by what it hears, @from the peer the same.
 */
void sw_mlag_keepalive_from(struct sw_mlag *m, const struct sw *from, bool up);
/* What an MLAG switch did, for the failover report (sw_mlag_set_event_hook()). */
enum sw_mlag_event {
	SW_MLAG_SUSPENDED,	/* its channels down: the peer link lost, the peer alive */
	SW_MLAG_HELD,		/* its channels held down: back from a reload */
	SW_MLAG_RESTORED,	/* its channels up again: delay restore over */
	SW_MLAG_AUTO_RECOVERY,	/* its channels up: the keepalive timed out */
	SW_MLAG_DUAL_ACTIVE,	/* forwarding with no peer link and no keepalive */
	SW_MLAG_ROLE,		/* it became the operational primary: the primary reloaded */
	SW_MLAG_RELOAD_RECOVERY, /* its channels up: back from a reload, no peer for reload-delay */
};
typedef void (*sw_mlag_event_fn)(void *arg, const struct sw *sw, enum sw_mlag_event what);
void sw_mlag_set_event_hook(struct sw_mlag *m, sw_mlag_event_fn fn, void *arg);
/* "suspended", "held", "restored", "auto-recovery", "dual-active", "role", "reload-delay" */
const char *sw_mlag_event_name(enum sw_mlag_event what);
/*
 * Once both peer links are set: every MLAG channel of the two switches
 * takes the domain's identity, and finds its twin.  Refused: an MLAG
 * channel that is static, a peer link that is an MLAG channel.
 */
gboolean sw_mlag_finish(struct sw_mlag *m, GError **error);
/* The MLAG id of a port-channel, 0 when none; the switch's domain, or NULL. */
uint16_t sw_lag_mlag_id(const struct sw_lag *lag);
const struct sw_mlag *sw_mlag_of(const struct sw *sw);
struct sw_mlag *sw_mlag_domain(struct sw *sw);
const char *sw_mlag_name(const struct sw_mlag *m);

/* What "show etherchannel summary" flags a member with. */
enum sw_member_state {
	SW_MEMBER_DOWN,			/* D: no carrier, shut down or err-disabled */
	SW_MEMBER_BUNDLED,		/* P: collecting and distributing in the channel */
	SW_MEMBER_WAITING,		/* w: LACP still negotiating */
	SW_MEMBER_SUSPENDED,		/* s: no LACP partner (suspend-individual), or another */
	SW_MEMBER_STANDALONE,		/* I: no LACP partner, forwarding as a lone port */
	SW_MEMBER_HOTSTANDBY,		/* H: past max-bundle, waiting to replace a member */
};
const char *sw_member_state_name(enum sw_member_state s);	/* "bundled", "down", ... */
/* @port's state in its port-channel; @port must be a member. */
enum sw_member_state sw_member_state(const struct sw *sw, const struct nic *port);
/* The LACP state of a member of an LACP channel, else NULL. */
const struct lacp_port *sw_port_lacp(const struct sw *sw, const struct nic *port);

/* "show etherchannel summary" and "show lacp neighbor", as IOS lays them out. */
void sw_show_etherchannel_summary(const struct sw *sw, GString *out);
void sw_show_lacp_neighbor(const struct sw *sw, GString *out);
/* NX-OS's "show vpc brief" (an MLAG switch; else a line saying it is in no domain). */
void sw_show_vpc_brief(const struct sw *sw, GString *out);
/* NX-OS's "show vpc peer-keepalive": status, last sent and heard, the timers. */
void sw_show_vpc_peer_keepalive(const struct sw *sw, GString *out);
/* "show interfaces status" (sw_show_if.c). */
void sw_show_interfaces_status(const struct sw *sw, GString *out);
/* A port's speed or duplex configured, or a cable that did not simply negotiate. */
bool sw_speed_duplex_matter(const struct sw *sw);
/* Does the switch have an LACP port-channel? */
bool sw_has_lacp(const struct sw *sw);
/*
 * Type "show etherchannel summary" (@what "etherchannel"), "show lacp
 * neighbor" ("lacp"), "show vpc brief" ("vpc"), "show vpc peer-keepalive"
 * ("keepalive"), "show interfaces status" ("interfaces"), "show vlan brief"
 * ("vlan") or "show interfaces trunk" ("trunk") now: the output is kept,
 * with the time, for the end of the switch's report.
 */
void sw_show_record(struct sw *sw, const char *what);

/* Faults.  shutdown: "shutdown" / "no shutdown": carrier lost at both ends. */
void sw_port_set_shutdown(struct sw *sw, struct nic *port, bool shutdown);
bool sw_port_is_errdisabled(const struct sw *sw, const struct nic *port);
/* "interface Port-channel N" / "shutdown": every member down, as if shut itself. */
void sw_lag_set_shutdown(struct sw_lag *lag, bool shutdown);
/* Reload: every port down, FDB lost, back after @downtime (err-disable cleared). */
void sw_reboot(struct sw *sw, sim_time_t downtime);

/* The bridge port ("Gi0/1" or "Po1") @mac is learnt on in vlan 1, or NULL (unknown/aged). */
const char *sw_fdb_port(const struct sw *sw, const uint8_t mac[6]);
/* Entries that have not aged out. */
guint sw_fdb_count(const struct sw *sw);

/*
 * Told whenever a MAC is learnt on a bridge port: a new entry (@from NULL,
 * e.g. after a flush when the port lost carrier) or a move.  The failover
 * report uses it to say when the switch started sending to the new port.
 * Called per learning event, never per forwarded frame.
 */
typedef void (*sw_learn_fn)(void *arg, const struct sw *sw, const uint8_t mac[6],
			    const char *from, const char *to);
void sw_set_learn_hook(struct sw *sw, sw_learn_fn fn, void *arg);
/* The first forwarding loop the switch saw: false when none. */
bool sw_storm_seen(const struct sw *sw, sim_time_t *at, const char **text);
const char *sw_storm_action_name(enum sw_storm_action a);	/* "stop", "log" */
gboolean sw_storm_action_parse(const char *text, enum sw_storm_action *out, GError **error);
/*
 * A hook that sees every frame a port receives before the bridge does
 * (where a port-channel's LACP takes LACPDUs and Marker PDUs).  It returns
 * RX_CONSUMED when it took the frame, RX_PASS to let the bridge have it.
 */
typedef enum rx_verdict (*sw_port_rx_hook_fn)(void *arg, struct nic *port, struct frame *f,
					      const struct rx_ctx *ctx);
void sw_port_set_rx_hook(struct sw *sw, struct nic *port, sw_port_rx_hook_fn fn, void *arg);

/*
 * 802.1Q VLANs per bridge port (sw_vlan.c): a plain port or a port-channel
 * as a whole (its members follow it).  Every port starts as access VLAN 1.
 */
#define SW_VLAN_SET_WORDS 64		/* 4096 bits: VIDs 0-4095, only 1-4094 ever set */
struct sw_vlan_set {
	uint64_t bits[SW_VLAN_SET_WORDS];
};

static inline bool sw_vlan_set_has(const struct sw_vlan_set *s, uint16_t vid)
{
	return vid < 64 * SW_VLAN_SET_WORDS && (s->bits[vid >> 6] >> (vid & 63) & 1);
}

void sw_vlan_set_add_range(struct sw_vlan_set *s, uint16_t lo, uint16_t hi);
void sw_vlan_set_remove_range(struct sw_vlan_set *s, uint16_t lo, uint16_t hi);
/* 1-4094: what a trunk allows by default ("all"). */
void sw_vlan_set_all(struct sw_vlan_set *s);
/*
 * A VID, 1-4094, or a list of them: "10", "10,20,30-40", "all", "none".
 * Errors name the text and the valid forms, with no "file:line: ".
 */
gboolean sw_vid_parse(const char *text, uint16_t *vid, GError **error);
gboolean sw_vlan_list_parse(const char *text, struct sw_vlan_set *out, GError **error);
/* The same without "all" and "none": IOS's global "vlan 10,20,30-40". */
gboolean sw_vlan_ids_parse(const char *text, struct sw_vlan_set *out, GError **error);
/* "10,20,30-40", "1-4094" or "none": the set as IOS lists it. */
char *sw_vlan_set_text(const struct sw_vlan_set *s);
/*
 * Port or port-channel @name becomes an access port of @vid, or a trunk
 * carrying @allowed with native VLAN @native.  Refused for a name that is
 * no port and no port-channel, or a port-channel's member (set its
 * channel instead).  Its FDB entries are flushed.
 */
gboolean sw_set_vlan_access(struct sw *sw, const char *name, uint16_t vid, GError **error);
gboolean sw_set_vlan_trunk(struct sw *sw, const char *name, const struct sw_vlan_set *allowed,
			   uint16_t native, GError **error);
/* What @name is set to: false for no such bridge port.  @allowed may be NULL. */
bool sw_vlan_of(const struct sw *sw, const char *name, bool *trunk, uint16_t *pvid,
		struct sw_vlan_set *allowed);
/* IOS's "vlan N" (with " name TEXT", else NULL: VLAN0010): shown by show vlan brief. */
void sw_vlan_define(struct sw *sw, uint16_t vid, const char *name);
/* sw_show_vlan.c: "show vlan brief", "show interfaces trunk" */
void sw_show_vlan_brief(const struct sw *sw, GString *out);
void sw_show_interfaces_trunk(const struct sw *sw, GString *out);
/* The bridge port @mac is learnt on in VLAN @vlan, or NULL. */
const char *sw_fdb_port_vlan(const struct sw *sw, uint16_t vlan, const uint8_t mac[6]);

/* Reporting (see switch.c for the metric names and JSON keys). */
void sw_metrics(const struct sw *sw, struct metrics *m);
void sw_report_text(const struct sw *sw, GString *out);
/* Writes the members of one switch object into the object the caller has opened. */
void sw_report_json(const struct sw *sw, struct json *j);

#endif
