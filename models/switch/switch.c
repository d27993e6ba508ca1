/*
 * switch.c - the switch: ports and the forwarding path.
 *
 * DOC: The model is an 802.1Q bridge (every port access VLAN 1 unless
 * configured: sw_vlan.c has the VLAN rules), store-and-forward with no
 * forwarding delay: a frame received on a port is learnt (sw_fdb.c) in its
 * VLAN, then handed straight to the transmit queue of the egress port's
 * NIC, whose line rate and queue then apply.
 *
 *   port rx -> LACP member: LACPDUs and Markers to its LACP (sw_lacp.c)
 *           -> drop if the port is down / runt / 01:80:c2:00:00:0x
 *           -> LAG member: must be collecting; the bridge port is the LAG
 *              (a stand-alone LACP member is its own bridge port)
 *           -> VLAN: the port's access / native VLAN or the tag's, dropped
 *              when the port does not carry it (only tagged frames look,
 *              while no port is set otherwise than access 1)
 *           -> learn source MAC in the VLAN (+ move detection, maybe err-disable)
 *           -> unicast known: the entry's bridge port (never the ingress one;
 *              MLAG: never an MLAG channel the peer served, and the peer link
 *              for an MLAG channel with no member here)
 *              unknown unicast, broadcast, multicast: flood to every other
 *              bridge port of the VLAN, one frame_ref() per extra copy (and
 *              one private copy when some ports want it tagged, others not)
 *           -> a LAG egresses on one distributing member: hash % count
 *
 * What real switches do and this one does too: lazy FDB aging (an entry
 * older than aging-time is gone at the next lookup, so the next frame to it
 * floods), FDB flush on link down (why active-backup does not flap), a LAG
 * is one bridge port, IOS's console messages with their real wording:
 *   %SW_MATM-4-MACFLAP_NOTIF: Host 0016.361b.bb74 in vlan 1 is flapping between
 *       port Gi0/1 and port Gi0/2           (old port first, then the new one)
 *   %PM-4-ERR_DISABLE: mac-flap error detected on Gi0/2, putting Gi0/2 in
 *       err-disable state                    (on Po1: "...on Po1, putting Gi0/3 ...")
 *   %PM-4-ERR_RECOVER: Attempting to recover from mac-flap err-disable state on Gi0/2
 *   %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down|up
 *   %LINK-5-CHANGED: Interface GigabitEthernet0/1, changed state to administratively down
 *   %SYS-5-RELOAD: Reload requested by console. Reload Reason: Reload Command.
 *   %SYS-5-RESTART: System restarted --
 *   %EC-5-BUNDLE, %EC-5-UNBUNDLE, %EC-5-L3DONTBNDL2, %EC-5-CANNOT_BUNDLE2,
 *   %LINEPROTO-5-UPDOWN          LACP port-channels only, see sw_lacp.c
 *
 * Deviations: no spanning tree but the states a port goes through after
 * link-up, with spanning_tree on (sw_stp.c): a loop storms forever,
 * no switch-originated frames (CDP, LLDP, STP BPDUs), frames to
 * 01:80:c2:00:00:0x are consumed.
 * Interfaces are named as IOS names them in each message (sw_ifname.h):
 * LINK and LINEPROTO lines spell them out ("GigabitEthernet0/1"), the
 * others abbreviate ("Gi0/1"), whichever way the scenario named the port.
 * Catalyst IOS has no "mac-flap" err-disable cause: it only logs flaps (the
 * default here too); err-disable on flapping models what NX-OS loop
 * detection, SONiC's MAC Move Guard or an EEM script do, in IOS's words.
 * MACFLAP lines are limited per MAC (flap_log_interval), where IOS also
 * limits its whole notification rate.  Byte counters count the frame
 * without FCS, like the hosts' counters.
 *
 * Metrics (sw_metrics, "<sw>" = the switch's name):
 *   <sw>.mac_moves  .flap_log_lines  .flap_log_suppressed  .fdb_entries  .flooded
 *   <sw>.errdisabled_ports (now)  .errdisable_events  .rx_frames  .tx_frames  .drops
 *   <sw>.mac.<aa:bb:cc:dd:ee:ff>.moves            one per MAC that ever moved
 *   <sw>.port.<Gi0/1>.rx_frames .rx_bytes .tx_frames .tx_bytes .flooded .moves_in
 *       .moves_out .drops .up (carrier 0/1) .errdisabled (0/1) .drop.<reason>
 *   <sw>.lag.<Po1>.rx_frames .rx_bytes .tx_frames .tx_bytes .flooded .moves_in
 *       .moves_out .members .distributing
 *   (tx: what left on the wire, as IOS's "packets output"; sw_tx.c)
 *   <sw>.mlag.synced .kept_off                  MLAG switches only (sw_mlag.c)
 *   <sw>.lag.<Po1>.bundled .up .up_at_ms       LACP port-channels only, and per member
 *   <sw>.lag.<Po1>.<Gi0/1>.bundled .suspended .standalone .bundles .bundled_at_ms
 *       .lacpdu_rx .lacpdu_tx                   (times in ms, -1: never)
 *   Drop reasons: port_down runt reserved not_collecting bad_src filtered no_member
 *   egress_down no_egress vlan_not_allowed (the last only on a switch with
 *   VLANs configured, or once it happened); stp_listening stp_learning
 *   stp_egress on a switch with spanning_tree on (sw_stp.c), which also
 *   adds <sw>.stp.topology_changes, <sw>.stp.<port>.forwarding (0/1) and
 *   .forwarding_at_ms (the last time it began to forward; -1 never).  moves_in/out of a LAG member
 *   port stay 0: the LAG is the bridge port.
 *
 * JSON (sw_report_json writes these members into an object the caller opened):
 *   "name": "sw1",
 *   "config": {"aging": "300s", "mac_flap": "log"|"errdisable", "flap_moves": 10,
 *              "flap_window": "10s", "flap_log_interval": "1s",
 *              "errdisable_recovery": "0s", "lag_hash": "src-dst-mac"},
 *   "mac_moves", "flap_log_lines", "flap_log_suppressed", "fdb_entries", "flooded",
 *   "errdisabled_ports", "errdisable_events", "rx_frames", "tx_frames", "drops": ints,
 *   "macs": [{"mac": "00:16:36:1b:bb:74", "vlan": 1, "moves": 1998, "log_lines": 2,
 *             "pairs": [{"from": "Gi0/1", "to": "Gi0/2", "moves": 999}, ...]}, ...]
 *           sorted by MAC, pairs in order of first occurrence,
 *   "log": [{"time_ns": 1200000, "time": "0.001200", "text": "%SW_MATM-4-..."}, ...]
 *           every console line in order,
 *   "ports": [{"name": "Gi0/1", "mac": "02:..", "lag": "Po1" (null outside a port-channel),
 *              "state": "up"|"down"|"shutdown"|"err-disabled"|"reloading",
 *              "rx_frames", "rx_bytes", "tx_frames", "tx_bytes", "flooded",
 *              "moves_in", "moves_out", "drops": ints,
 *              "drop_reasons": {"port_down": 0, ... every reason}}, ...] creation order,
 *            a switch with VLANs configured adds to each port and LAG "vlan":
 *            {"mode": "access", "access": 10} or {"mode": "trunk", "native": 1,
 *            "allowed": "10,20,30-40"} (a member: its channel's),
 *            a switch with spanning_tree on adds to each port and LAG "stp":
 *            {"portfast": false, "state": "forwarding", "changes": 3,
 *            "history": [{"time_ns": 0, "state": "listening"}, ...]} (the first 64),
 *            and "config" gets "spanning_tree": true and "forward_delay",
 *   "lags": [{"name": "Po1", "mode": "on"|"lacp", "hash": "src-dst-mac", "state": "up"|"down",
 *             "members": ["Gi0/3", ...], "distributing": ["Gi0/3", ...],
 *             "rx_frames", "rx_bytes", "tx_frames", "tx_bytes", "flooded",
 *             "moves_in", "moves_out": ints,
 *             LACP only: "key", "system_priority", "system", "suspend_individual",
 *             "up_at_ns", "lacp_members": [{"port", "mode", "rate", "state",
 *             "bundled_at_ns", "bundles", "lacpdu_rx", "lacpdu_tx", "rx_machine",
 *             "mux_machine", "actor": {...}, "partner": {"system_priority", "system",
 *             "key", "port_priority", "port", "state"}}, ...]}, ...],
 *   "fdb": [{"vlan": 1, "mac": "00:16:36:1b:bb:74", "type": "dynamic",
 *            "port": "Gi0/2", "age_ns": 1000}, ...] live entries sorted by MAC,
 *   "shows": [{"time_ns", "command": "show lacp neighbor", "text"}, ...] the show
 *            commands typed during the run, then (LACP switches) both at the end;
 *            only when there is one.  "config" adds "lacp_system_priority" and
 *            "lacp_system_mac" on a switch with an LACP port-channel.  An MLAG
 *            switch has "mlag": {"name", "peer", "peer_link", "system_priority",
 *            "system", "synced", "kept_off"}, its MLAG channels "mlag_id".
 */
#include "sw_ifname.h"
#include "sw_priv.h"
#include "wire/wire.h"


static const char *const lag_hash_names[] = {
	[SW_LAG_HASH_SRC_MAC] = "src-mac",
	[SW_LAG_HASH_DST_MAC] = "dst-mac",
	[SW_LAG_HASH_SRC_DST_MAC] = "src-dst-mac",
	[SW_LAG_HASH_SRC_DST_IP] = "src-dst-ip",
	[SW_LAG_HASH_SRC_DST_PORT] = "src-dst-port",
	NULL
};

static const char *const flap_action_names[] = {
	[SW_FLAP_LOG] = "log",
	[SW_FLAP_ERRDISABLE] = "errdisable",
	NULL
};

void sw_config_init(struct sw_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->aging = SW_DEFAULT_AGING;
	cfg->mac_flap = SW_FLAP_LOG;
	cfg->flap_moves = SW_DEFAULT_FLAP_MOVES;
	cfg->flap_window = SW_DEFAULT_FLAP_WINDOW;
	cfg->flap_log_interval = SW_DEFAULT_FLAP_LOG_INTERVAL;
	cfg->errdisable_recovery = 0;
	cfg->lag_hash = SW_LAG_HASH_SRC_DST_MAC;
	cfg->txqueuelen = SW_DEFAULT_TXQUEUELEN;
	cfg->lacp_system_priority = SW_DEFAULT_LACP_SYSTEM_PRIORITY;
	cfg->forward_delay = SW_DEFAULT_FORWARD_DELAY;
}

static gboolean parse_name(const char *what, const char *const *names, int n, const char *text,
			   int *out, GError **error)
{
	const char *near;
	GString *all;

	for (int i = 0; i < n; i++) {
		if (g_strcmp0(text, names[i]) == 0) {
			*out = i;
			return TRUE;
		}
	}
	all = g_string_new(NULL);
	for (int i = 0; i < n; i++)
		g_string_append_printf(all, "%s%s", i ? ", " : "", names[i]);
	near = sim_nearest(text, names);
	if (near)
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "unknown %s '%s' (did you mean '%s'?); valid: %s", what, text, near, all->str);
	else
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID, "unknown %s '%s'; valid: %s",
			    what, text, all->str);
	g_string_free(all, TRUE);
	return FALSE;
}

const char *sw_lag_hash_name(enum sw_lag_hash h)
{
	g_assert((unsigned)h < SW_LAG_HASH_COUNT);
	return lag_hash_names[h];
}

gboolean sw_lag_hash_parse(const char *text, enum sw_lag_hash *out, GError **error)
{
	int v = 0;

	if (!parse_name("LAG hash", lag_hash_names, SW_LAG_HASH_COUNT, text, &v, error))
		return FALSE;
	*out = (enum sw_lag_hash)v;
	return TRUE;
}

const char *sw_flap_action_name(enum sw_flap_action a)
{
	g_assert((unsigned)a <= SW_FLAP_ERRDISABLE);
	return flap_action_names[a];
}

gboolean sw_flap_action_parse(const char *text, enum sw_flap_action *out, GError **error)
{
	int v = 0;

	if (!parse_name("mac-flap action", flap_action_names, SW_FLAP_ERRDISABLE + 1, text, &v,
			error))
		return FALSE;
	*out = (enum sw_flap_action)v;
	return TRUE;
}

static const char *const storm_action_names[] = {
	[SW_STORM_STOP] = "stop",
	[SW_STORM_LOG] = "log",
	NULL
};

const char *sw_storm_action_name(enum sw_storm_action a)
{
	g_assert((unsigned)a <= SW_STORM_LOG);
	return storm_action_names[a];
}

gboolean sw_storm_action_parse(const char *text, enum sw_storm_action *out, GError **error)
{
	int v = 0;

	if (!parse_name("storm action", storm_action_names, SW_STORM_LOG + 1, text, &v, error))
		return FALSE;
	*out = (enum sw_storm_action)v;
	return TRUE;
}

bool sw_storm_seen(const struct sw *sw, sim_time_t *at, const char **text)
{
	if (!sw->storm)
		return false;
	*at = sw->storm_at;
	*text = sw->storm_text;
	return true;
}

/*
 * A flooded frame that this switch floods again for the SW_STORM_REVISITS-th
 * time went round a loop: with no spanning tree it will go on at line rate.
 * A frame sent twice to one switch on purpose (a broadcast bond into a pair
 * of switches) comes back at most twice, so it is never taken for a loop.
 * The ring remembers the last 64 flooded frames: a loop brings a frame back
 * within a few floods.
 */
static void watch_for_loop(struct sw *sw, const struct sw_port *in, const struct frame *f)
{
	struct sw_flood_seen *seen = NULL;
	char src[15], dst[15];

	for (guint i = 0; i < G_N_ELEMENTS(sw->flood_seen_id); i++)
		if (sw->flood_seen_id[i] == f->id)
			seen = &sw->flood_seen[i];
	if (!seen) {
		sw->flood_seen_id[sw->flood_seen_next] = f->id;
		seen = &sw->flood_seen[sw->flood_seen_next];
		sw->flood_seen_next = (sw->flood_seen_next + 1) % G_N_ELEMENTS(sw->flood_seen);
		*seen = (struct sw_flood_seen){ 0, in->nic->dev.name };
	}
	if (++seen->times < SW_STORM_REVISITS || sw->storm)
		return;
	sw->storm = true;
	sw->storm_at = sw->sim->now;
	g_snprintf(sw->storm_text, sizeof(sw->storm_text),
		   "forwarding loop: frame %s -> %s flooded %u times, first in on %s, now in on %s",
		   sw_mac_cisco(f->data + 6, src), sw_mac_cisco(f->data, dst), seen->times,
		   seen->first_port, in->nic->dev.name);
	sim_log_printf(&sw->log, sw->sim->now, "%%SW_LOOP-2-STORM: %s%s", sw->storm_text,
		       sw->cfg.storm == SW_STORM_STOP ? "; run stopped" : "");
	if (sw->cfg.storm == SW_STORM_STOP)
		sim_stop(sw->sim);
}

/* FNV-1a: a fixed function, so a switch's MACs depend on its name only. */
static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}


struct sw *sw_new(struct sim *sim, const char *name, const struct sw_config *cfg)
{
	struct sw *sw = g_aligned_alloc0(1, sizeof(*sw), 64);
	uint32_t h = name_hash(name);

	sw->sim = sim;
	g_strlcpy(sw->name, name, sizeof(sw->name));
	if (cfg)
		sw->cfg = *cfg;
	else
		sw_config_init(&sw->cfg);
	g_assert(sw->cfg.aging >= 0 && sw->cfg.flap_window >= 0);
	g_assert(sw->cfg.flap_log_interval >= 0 && sw->cfg.errdisable_recovery >= 0);
	g_assert(sw->cfg.flap_moves >= 1 && (unsigned)sw->cfg.lag_hash < SW_LAG_HASH_COUNT);
	sim_log_init(&sw->log, sw->name);
	/* Locally administered, like a virtual switch; ports count up from the base. */
	sw->base_mac[0] = 0x02;
	sw->base_mac[1] = (uint8_t)(h >> 24);
	sw->base_mac[2] = (uint8_t)(h >> 16);
	sw->base_mac[3] = (uint8_t)(h >> 8);
	sw->ports = g_ptr_array_new();
	sw->lags = g_ptr_array_new();
	sw->bports = g_ptr_array_new();
	sw->flood_to = g_ptr_array_new();
	sw->flood_tagged = g_array_new(FALSE, FALSE, sizeof(bool));
	sim_timer_init(&sw->reload_done, sw_reload_done, sw);
	sim_timer_init(&sw->lacp_tick, sw_lacp_tick, sw);
	sw->shows = g_ptr_array_new();
	sw_fdb_init(sw);
	return sw;
}

void sw_free(struct sw *sw)
{
	if (!sw)
		return;
	sim_timer_cancel(sw->sim, &sw->reload_done);
	sim_timer_cancel(sw->sim, &sw->lacp_tick);
	sw_show_free(sw);
	if (sw->mlag)
		sw_mlag_detach(sw);
	sw_mlag_unref(sw->mlag);
	sw_vlan_free(sw);
	sw_vlan_names_free(sw);
	sw_stp_free(sw);
	for (guint i = 0; i < sw->lags->len; i++)
		sw_lag_free(g_ptr_array_index(sw->lags, i));
	for (guint i = 0; i < sw->ports->len; i++) {
		struct sw_port *p = g_ptr_array_index(sw->ports, i);

		sim_timer_cancel(sw->sim, &p->recover);
		g_free(p->description);
		/* Whoever frees the link first must not find our handlers on a freed port. */
		netdev_notifier_unregister(&p->nic->dev, p);
		netdev_rx_handler_unregister(&p->nic->dev, p);
		nic_free(p->nic);
		g_aligned_free(p);
	}
	sw_fdb_fini(sw);
	g_ptr_array_unref(sw->ports);
	g_ptr_array_unref(sw->lags);
	g_ptr_array_unref(sw->bports);
	g_ptr_array_unref(sw->flood_to);
	g_array_unref(sw->flood_tagged);
	sim_log_fini(&sw->log);
	g_free(sw->running_config);
	g_aligned_free(sw);
}

const char *sw_name(const struct sw *sw)
{
	return sw->name;
}

const struct sim_log *sw_log(const struct sw *sw)
{
	return &sw->log;
}

void sw_log_echo(struct sw *sw, bool on)
{
	sw->log.echo = on;
}

/*
 * Asked for every frame in and out.  admin_down folds in what port_apply()
 * watches; the LAG's shutdown is read here, as a port may join a LAG that
 * is shut down already (sw_lag.c) without port_apply().
 */
bool sw_port_forwarding(const struct sw_port *p)
{
	/* the carrier's copy in the line a frame received reads (netdev.h) */
	return p->nic->dev.rx_carrier && !p->admin_down && !(p->lag && p->lag->shutdown);
}

/* The same, from the copies a frame out reads (line 1 of the port). */
static bool out_forwarding(const struct sw_port *p)
{
	const struct sw_port_out *o = &p->out;

	return o->nic->dev.carrier && !o->admin_down && !(o->lag && o->lag->shutdown);
}

struct sw_bport *sw_port_bport(struct sw_port *p)
{
	return p->lag && !p->individual ? &p->lag->bport : &p->own;
}

static void drop(struct sw_port *in, struct frame *f, enum drop_reason why)
{
	netdev_drop(&in->nic->dev, f, why);
}

/*
 * Queue one copy on @p, whose reference it is now.  Its frames and bytes
 * out are the NIC's, counted as they leave (sw_tx.c): a copy its full
 * queue refuses is an output drop (the NIC counts it, by reason), not a
 * frame out, as IOS keeps "output drops" out of "packets output".  What
 * the NIC cannot tell, a flood's copy or a port-channel's frame, is
 * counted here once the queue took it, and sw_tx.c takes back what never
 * left; flood() marked its copies (frame->flooded), a frame forwarded is
 * unmarked here, the rare frame a flood brought.
 */
static void port_tx(struct sw_port *p, struct frame *f, bool flood)
{
	struct sw_lag *lag = p->out.lag;
	uint32_t len;

	if (G_UNLIKELY(f->flooded != flood))
		f = frame_set_flooded(f, flood);
	len = f->len;
	if (!netdev_xmit(&p->out.nic->dev, f))
		return;
	p->flood_taken += flood;
	if (lag && !p->out.individual) {
		lag->tx_taken++;
		lag->tx_taken_bytes += len;
		lag->flood_taken += flood;
	}
}

/* The physical port a frame leaves @bp by, or NULL (with the reason in *why). */
static inline __attribute__((always_inline)) struct sw_port *
egress_port(struct sw_bport *bp, const struct frame *f, enum drop_reason *why)
{
	struct sw_port *p = bp->port;

	if (bp->lag) {
		p = sw_lag_select(bp->lag, f);
		if (!p) {
			*why = DROP_NO_MEMBER;
			return NULL;
		}
	}
	if (!out_forwarding(p)) {
		*why = DROP_EGRESS_DOWN;
		return NULL;
	}
	return p;
}

/*
 * What a flood carries: the frame's VLAN and whether it is tagged now.
 * With VLANs (vlan), only the bridge ports carrying @vid get a copy, each
 * tagged or not as its port wants.
 */
struct flood_vlan {
	bool vlan;
	bool tagged;
	uint16_t vid;
};

/*
 * Send @f out of the ports in sw->flood_to, some of them (flood_tagged)
 * wanting it tagged: the frame as it is serves the ports that want it so,
 * one private copy in the other form the rest.  Every extra reference is
 * taken first: a copy may be freed inside an xmit.
 */
static void flood_out(struct sw *sw, struct frame *f, const struct flood_vlan *fv)
{
	GPtrArray *to = sw->flood_to;
	struct frame *other = NULL;
	guint same = to->len, n_other;

	if (fv->vlan) {
		same = 0;
		for (guint i = 0; i < to->len; i++)
			same += g_array_index(sw->flood_tagged, bool, i) == fv->tagged;
	}
	n_other = to->len - same;
	if (!same) {
		f = sw_vlan_egress_form(f, fv->tagged, !fv->tagged, fv->vid);
	} else if (n_other) {
		frame_copy_ref(sw->sim, f);
		other = frame_copy_private(f);
		other->id = f->id;	/* one frame in two forms, for the loop watch */
		other = sw_vlan_egress_form(other, fv->tagged, !fv->tagged, fv->vid);
		for (guint i = 1; i < n_other; i++)
			frame_copy_ref(sw->sim, other);
	}
	for (guint i = 1; i < (same ? same : n_other); i++)
		frame_copy_ref(sw->sim, f);
	for (guint i = 0; i < to->len; i++) {
		bool mine = !fv->vlan || g_array_index(sw->flood_tagged, bool, i) == fv->tagged;

		port_tx(g_ptr_array_index(to, i), mine || !other ? f : other, true);
	}
}

static enum drop_reason flood(struct sw *sw, const struct sw_bport *from, struct frame *f,
			      const struct flood_vlan *fv)
{
	GPtrArray *to = sw->flood_to;
	enum drop_reason why;
	bool kept_off = false, stp = sw->stp_transient != 0;

	g_ptr_array_set_size(to, 0);
	g_array_set_size(sw->flood_tagged, 0);
	for (guint i = 0; i < sw->bports->len; i++) {
		struct sw_bport *bp = g_ptr_array_index(sw->bports, i);
		struct sw_port *p;

		/* Never back where it came from; a member floods only as its LAG (unless alone). */
		if (bp == from || (bp->port && bp->port->out.lag && !bp->port->out.individual))
			continue;
		if (fv->vlan && !sw_vlan_carries(bp, fv->vid))
			continue;
		if (G_UNLIKELY(stp) && !sw_stp_forwarding(bp))
			continue;
		/* MLAG: what the peer floods to us it has flooded to its twin channel */
		if (bp->lag && sw_mlag_keep_off(sw, from, bp->lag)) {
			kept_off = true;
			continue;
		}
		p = egress_port(bp, f, &why);
		if (!p)
			continue;
		g_ptr_array_add(to, p);
		if (fv->vlan) {
			bool tag = sw_vlan_tags(bp, fv->vid);

			g_array_append_val(sw->flood_tagged, tag);
		}
	}
	/* only an MLAG channel the peer served: filtered, as a frame for its own port */
	if (to->len == 0)
		return kept_off ? DROP_FILTERED : DROP_NO_EGRESS;
	sw->flooded++;
	flood_out(sw, frame_set_flooded(f, true), fv);	/* before its copies share it */
	return SW_FORWARDED;
}

/*
 * 802.1Q egress filtering: a known unicast whose FDB entry names a bridge
 * port outside the frame's VLAN never leaves by it.  Learning cannot put
 * such an entry there (it needs that VLAN in on the port), an MLAG sync
 * can: the peer's twin channel may carry other VLANs than ours.  Counted
 * where the frame would have left (@out, the member a channel's hash
 * chose), not where it came in, so the loss report says which port lacks
 * the VLAN.  The frame is done with: SW_FORWARDED, nothing for port_rx().
 */
static enum drop_reason egress_filtered(struct sw_port *out, struct frame *f)
{
	netdev_drop(&out->nic->dev, f, DROP_VLAN_NOT_ALLOWED);
	return SW_FORWARDED;
}

/* Everything after the rx counters: learn, then forward or flood. */
static enum drop_reason bridge(struct sw_port *in, struct frame **fp)
{
	struct sw *sw = in->sw;
	struct sw_bport *from, *to;
	struct sw_port *out;
	struct frame *f = *fp;
	enum drop_reason why = SW_FORWARDED;	/* egress_port() sets it; gcc cannot tell */
	struct flood_vlan fv = { .vid = SW_VLAN_DEFAULT };
	uint8_t dst[6], src[6];
	bool learn_only = false;

	if (!sw_port_forwarding(in))
		return DROP_PORT_DOWN;
	if (f->hdr_len < WIRE_ETH_HLEN)
		return DROP_RUNT;
	memcpy(dst, f->data, 6);
	memcpy(src, f->data + 6, 6);
	if (wire_mac_is_link_local(dst))
		return DROP_RESERVED;	/* LACP members took their 0x8809 in their rx hook */
	if (in->lag && !in->individual) {
		/* a channel down for min-links collects nothing */
		if (!in->collecting || !in->lag->up)
			return DROP_NOT_COLLECTING;
		in->lag->rx_frames++;
		in->lag->rx_bytes += f->len;
	}
	if (mac_is_multicast(src))
		return DROP_BAD_SRC;
	from = sw_port_bport(in);
	if (sw->vlan_aware || wire_has_8021q_tag(f->data, f->hdr_len)) {
		fv.vlan = true;
		why = sw_vlan_ingress(from, fp, &fv.vid, &fv.tagged);
		f = *fp;
		if (why != SW_FORWARDED)
			return why;
	}
	/* spanning tree: a listening port learns nothing, a learning one only learns */
	if (G_UNLIKELY(sw->stp_transient) && !sw_stp_forwarding(from)) {
		if (from->stp->state == SW_STP_LISTENING)
			return DROP_STP_LISTENING;
		learn_only = true;
	}
	sw_fdb_learn(sw, fv.vid, src, from);
	if (G_UNLIKELY(learn_only))
		return DROP_STP_LEARNING;
	/* Learning may have err-disabled this very port. */
	if (!sw_port_forwarding(in))
		return DROP_PORT_DOWN;
	to = mac_is_multicast(dst) ? NULL : sw_fdb_lookup(sw, fv.vid, dst);
	if (!to) {
		watch_for_loop(sw, in, f);
		return flood(sw, from, f, &fv);
	}
	if (to == from)
		return DROP_FILTERED;
	if (G_UNLIKELY(sw->stp_transient) && !sw_stp_forwarding(to))
		return DROP_STP_EGRESS;
	if (to->lag && to->lag->mlag_peer) {
		/* MLAG: the peer sent it to the host itself; or our channel is down */
		if (sw_mlag_keep_off(sw, from, to->lag))
			return DROP_FILTERED;
		if (!to->lag->map->len && !sw_mlag_is_peer_link(sw, from))
			to = sw_mlag_peer_link(sw);
	}
	out = egress_port(to, f, &why);
	if (!out)
		return why;
	if (fv.vlan) {
		if (!sw_vlan_carries(to, fv.vid))
			return egress_filtered(out, f);
		f = sw_vlan_egress_form(f, fv.tagged, sw_vlan_tags(to, fv.vid), fv.vid);
	}
	port_tx(out, f, false);
	return SW_FORWARDED;
}

/*
 * The port's rx handler: the pre-bridge hook first (where LACPDUs and
 * Marker PDUs are taken, as aggr_input() takes slow protocols before the
 * bridge), then the bridge.
 */
static enum rx_verdict port_rx(void *owner, struct frame *f, struct rx_ctx *ctx)
{
	struct sw_port *in = owner;
	enum drop_reason why;

	in->rx_frames++;
	in->rx_bytes += f->len;
	if (in->rx_hook && in->rx_hook(in->rx_hook_arg, in->nic, f, ctx) == RX_CONSUMED)
		return RX_CONSUMED;
	why = bridge(in, &f);
	if (why != SW_FORWARDED)
		drop(in, f, why);
	return RX_CONSUMED;
}

void sw_port_set_rx_hook(struct sw *sw, struct nic *port, sw_port_rx_hook_fn fn, void *arg)
{
	struct sw_port *p = sw_port_of(sw, port);

	g_assert(p);
	p->rx_hook = fn;
	p->rx_hook_arg = arg;
}

static void port_event(void *owner, struct netdev *dev, enum netdev_event ev, const void *info)
{
	struct sw_port *p = owner;
	struct sw *sw = p->sw;
	char name[SW_IFNAME_MAX];

	(void)info;
	if (ev != NETDEV_CHANGE)
		return;

	/* Shutdown says "administratively down"; a reloading switch says nothing. */
	if (!p->shutdown && !sw->reloading)
		sim_log_printf(&sw->log, sw->sim->now,
			       "%%LINK-3-UPDOWN: Interface %s, changed state to %s",
			       sw_ifname_long(dev->name, name, sizeof(name)),
			       dev->carrier ? "up" : "down");
	if (p->lag) {
		sw_lag_port_changed(p);
	} else {
		if (!dev->carrier)
			sw_fdb_flush_bport(sw, &p->own);
		sw_stp_link(sw, &p->own, dev->carrier);
	}
	sw_mlag_check(sw);
}

/* Configuration and faults only, never per frame: a scan is fine. */
struct sw_port *sw_port_of(const struct sw *sw, const struct nic *nic)
{
	for (guint i = 0; nic && i < sw->ports->len; i++) {
		struct sw_port *p = g_ptr_array_index(sw->ports, i);

		if (p->nic == nic)
			return p;
	}
	return NULL;
}

struct nic *sw_add_port(struct sw *sw, const char *port_name)
{
	struct sw_port *p;
	uint8_t mac[6];

	if (sw_find_port(sw, port_name) || sw_find_lag(sw, port_name))
		return NULL;
	/* Aligned, so the fields every frame reads fill whole cache lines. */
	p = g_aligned_alloc0(1, sizeof(*p), 64);
	p->sw = sw;
	p->admin_down = sw->reloading;
	p->number = sw->ports->len + 1;
	memcpy(mac, sw->base_mac, 6);
	mac[4] = (uint8_t)(p->number >> 8);
	mac[5] = (uint8_t)p->number;
	p->nic = nic_new(sw->sim, sw->name, port_name, mac, sw->cfg.txqueuelen);
	p->own.name = p->nic->dev.name;
	p->own.port = p;
	sw_port_sync_out(p);
	sim_timer_init(&p->recover, sw_port_recover, p);
	/* A fresh NIC: nothing else can own it yet. */
	if (!netdev_rx_handler_register(&p->nic->dev, port_rx, p, sw->name, NULL))
		g_assert_not_reached();
	netdev_notifier_register(&p->nic->dev, port_event, p);
	nic_set_unsent(p->nic, sw_port_unsent, p);
	g_ptr_array_add(sw->ports, p);
	g_ptr_array_add(sw->bports, &p->own);
	return p->nic;
}

guint sw_port_count(const struct sw *sw)
{
	return sw->ports->len;
}

struct nic *sw_port_nic(const struct sw *sw, guint i)
{
	return ((struct sw_port *)g_ptr_array_index(sw->ports, i))->nic;
}

struct nic *sw_find_port(struct sw *sw, const char *port_name)
{
	for (guint i = 0; i < sw->ports->len; i++) {
		struct sw_port *p = g_ptr_array_index(sw->ports, i);

		if (strcmp(p->nic->dev.name, port_name) == 0)
			return p->nic;
	}
	return NULL;
}
