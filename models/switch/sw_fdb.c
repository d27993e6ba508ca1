/*
 * sw_fdb.c - the filtering database: learning, lazy aging, MAC-move detection.
 *
 * DOC: The FDB maps (vlan, MAC) to a bridge port.  As in ns-3's bridge and
 * in most switch ASICs' software view, entries have no timer each: an entry
 * whose last_seen is older than aging-time is treated as absent by every
 * lookup and removed there, and a sweep every aging-time during learning
 * keeps the table from growing with MACs nobody looks up.  aging-time 0
 * means never age, as "mac address-table aging-time 0" does on IOS.
 *
 * A *move* is a source MAC whose live entry points at another bridge port
 * than the one the frame came in on: the entry is re-pointed (the newest
 * port wins, as on real switches) and the move is counted per MAC, per
 * (MAC, from, to) pair and per bridge port.  A MAC whose entry aged out or
 * was flushed (link down) is learnt afresh, not moved: that is why an
 * active-backup failover with carrier loss does not flap, and a mode-0
 * bond on two plain ports flaps on almost every frame.
 *
 * The table is keyed by vlan << 48 | MAC and laid out as an itab
 * (sim/itab.h: Fibonacci home slot, linear probing, at most half full,
 * backward-shift removal), but its slots are the entries themselves,
 * {key, bridge port, last_seen} padded to 32 bytes so that none straddles
 * two cache lines, with no bridge port marking an empty slot.  Learning
 * the source and looking up the destination, twice per frame on a table
 * of a thousand MACs or more, then cost one cache miss each, not one on
 * an itab slot and another on an entry allocated elsewhere.  The price:
 * an entry moves when the table grows or a removal shifts it back, so
 * nothing keeps a pointer to one across a change.  The move history is an
 * itab of its own; reports read both in key order only, through
 * sw_fdb_sorted() and sw_moves_sorted().
 *
 * In an MLAG domain (sw_mlag.c) a MAC learnt on an MLAG channel is also
 * installed on the peer's twin channel, a sync that is never a move, and
 * a frame from the peer link does not move a MAC off an MLAG channel.
 *
 * The history of each moving MAC (struct sw_mac_moves) outlives its FDB
 * entry, for the report.  It also holds the MACFLAP log rate limit (first
 * move logged, then at most one line per flap_log_interval; the rest are
 * counted as suppressed) and, with mac_flap = errdisable, a ring of the
 * times of its last flap_moves moves: when the ring is full and spans at
 * most flap_window, the port the MAC moved to is err-disabled and the ring
 * starts over.
 */
#include <stdio.h>
#include "sw_ifname.h"
#include "sw_priv.h"

/*
 * vlan << 48 | the MAC read big-endian, so sorting by key sorts by (VLAN,
 * MAC).  Two loads and byte swaps rather than six shifted bytes: it runs
 * twice per frame.  Bytes 0-3, then 4-5: the split a 6-byte memcpy() stores
 * the caller's copy of the MAC with, so the loads are forwarded from those
 * stores instead of stalling on them.
 */
static gint64 fdb_key(uint16_t vlan, const uint8_t mac[6])
{
	uint32_t hi;
	uint16_t lo;

	memcpy(&hi, mac, 4);
	memcpy(&lo, mac + 4, 2);
	return (gint64)((uint64_t)vlan << 48 | (uint64_t)GUINT32_FROM_BE(hi) << 16 |
			GUINT16_FROM_BE(lo));
}

/*
 * The table itself: itab's algorithms (sim/itab.c, whose DOC explains the
 * backward shift) on slots that hold the entry.
 */
#define FDB_MIN_CAP 8u

static inline uint32_t fdb_home(const struct sw_fdb *t, uint64_t key)
{
	return itab_home_shift(key, t->shift);
}

/* The slot holding @key, live or not, or NULL. */
static inline struct sw_fdb_entry *fdb_slot(const struct sw_fdb *t, uint64_t key)
{
	if (!t->len)
		return NULL;
	/* Ends: at most half the slots are in use, so an empty one comes. */
	for (uint32_t i = fdb_home(t, key);; i = (i + 1) & t->mask) {
		struct sw_fdb_entry *s = &t->slot[i];

		if (!s->bport)
			return NULL;
		if (s->key == key)
			return s;
	}
}

/* Copy @e into the first empty slot of its probe; its key must be absent. */
static void fdb_place(struct sw_fdb *t, const struct sw_fdb_entry *e)
{
	uint32_t i = fdb_home(t, e->key);

	while (t->slot[i].bport)
		i = (i + 1) & t->mask;
	t->slot[i] = *e;
}

/* 64-byte aligned, so that no 32-byte slot straddles two cache lines. */
static void fdb_resize(struct sw_fdb *t, uint32_t cap)
{
	struct sw_fdb_entry *old = t->slot;
	uint32_t old_cap = old ? t->mask + 1 : 0;

	t->slot = g_aligned_alloc0(cap, sizeof(*t->slot), 64);
	t->mask = cap - 1;
	t->shift = 64 - (uint32_t)g_bit_storage(cap - 1);
	for (uint32_t i = 0; i < old_cap; i++)
		if (old[i].bport)
			fdb_place(t, &old[i]);
	g_aligned_free(old);
}

/* Add an entry for @key, which is absent; the table grows first when half full. */
static void fdb_add(struct sw_fdb *t, uint64_t key, struct sw_bport *bp, sim_time_t now)
{
	struct sw_fdb_entry e = { .key = key, .bport = bp, .last_seen = now };

	if (!t->slot)
		fdb_resize(t, FDB_MIN_CAP);
	if (2 * (t->len + 1) > t->mask + 1)
		fdb_resize(t, 2 * (t->mask + 1));
	fdb_place(t, &e);
	t->len++;
}

/* Empty slot @i and close the hole (backward shift, as itab's delete_at()). */
static void fdb_delete_at(struct sw_fdb *t, uint32_t i)
{
	for (uint32_t j = (i + 1) & t->mask; t->slot[j].bport; j = (j + 1) & t->mask) {
		if (itab_may_move_back(fdb_home(t, t->slot[j].key), i, j, t->mask)) {
			t->slot[i] = t->slot[j];
			i = j;
		}
	}
	t->slot[i] = (struct sw_fdb_entry){ 0 };
	t->len--;
}

/*
 * Remove every entry @fn returns true for, each visited once, as
 * itab_remove_if() does (its comment says why the walk starts where it does).
 */
static void fdb_remove_if(struct sw *sw, bool (*fn)(struct sw *sw, const struct sw_fdb_entry *e,
						     const void *arg),
			  const void *arg)
{
	struct sw_fdb *t = &sw->fdb;
	uint32_t start;

	if (!t->len)
		return;
	for (start = 0; t->slot[start].bport; start++)
		;
	for (uint32_t k = 1; k <= t->mask; k++) {
		uint32_t i = (start + k) & t->mask;

		while (t->slot[i].bport && fn(sw, &t->slot[i], arg))
			fdb_delete_at(t, i);
	}
}

static void moves_free(struct sw_mac_moves *r)
{
	g_array_unref(r->pairs);
	g_free(r->recent);
	g_free(r);
}

void sw_fdb_init(struct sw *sw)
{
	sw->fdb = (struct sw_fdb){ 0 };
	itab_init(&sw->moves);
	sw->next_sweep = sw->sim->now + sw->cfg.aging;
}

void sw_fdb_fini(struct sw *sw)
{
	uint32_t pos = 0;
	void *r;

	g_aligned_free(sw->fdb.slot);
	sw->fdb = (struct sw_fdb){ 0 };
	while (itab_next(&sw->moves, &pos, NULL, &r))
		moves_free(r);
	itab_fini(&sw->moves);
}

/*
 * Live at @now: seen less than aging-time ago, or aging off.  The per-frame
 * paths read the clock once and pass it: their stores to last_seen would
 * otherwise make the compiler load sw->sim->now again after each.
 */
static inline bool live_at(const struct sw *sw, const struct sw_fdb_entry *e, sim_time_t now)
{
	return sw->cfg.aging == 0 || now - e->last_seen < sw->cfg.aging;
}

bool sw_fdb_entry_live(const struct sw *sw, const struct sw_fdb_entry *e)
{
	return live_at(sw, e, sw->sim->now);
}

static bool aged_out(struct sw *sw, const struct sw_fdb_entry *e, const void *arg)
{
	(void)arg;
	if (sw_fdb_entry_live(sw, e))
		return false;
	sw->aged++;
	return true;
}

/* An entry found aged: removed and counted, as if it had not been there. */
static G_GNUC_NO_INLINE void fdb_expire(struct sw *sw, struct sw_fdb_entry *e)
{
	sw->aged++;
	fdb_delete_at(&sw->fdb, (uint32_t)(e - sw->fdb.slot));
}

/* The live entry of @key, or NULL.  Inline: two of these per frame. */
static inline struct sw_fdb_entry *fdb_find(struct sw *sw, gint64 key, sim_time_t now)
{
	struct sw_fdb_entry *e = fdb_slot(&sw->fdb, (uint64_t)key);

	if (e && G_UNLIKELY(!live_at(sw, e, now))) {
		fdb_expire(sw, e);
		return NULL;
	}
	return e;
}

struct sw_bport *sw_fdb_lookup(struct sw *sw, uint16_t vlan, const uint8_t mac[6])
{
	const struct sw_fdb_entry *e = fdb_find(sw, fdb_key(vlan, mac), sw->sim->now);

	return e ? e->bport : NULL;
}

const char *sw_mac_cisco(const uint8_t mac[6], char buf[15])
{
	snprintf(buf, 15, "%02x%02x.%02x%02x.%02x%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		 mac[5]);
	return buf;
}

static struct sw_mac_moves *moves_get(struct sw *sw, gint64 key, uint16_t vlan,
				      const uint8_t mac[6])
{
	struct sw_mac_moves *r = itab_lookup(&sw->moves, (uint64_t)key);

	if (r)
		return r;
	r = g_new0(struct sw_mac_moves, 1);
	r->key = key;
	r->vlan = vlan;
	memcpy(r->mac, mac, 6);
	r->pairs = g_array_new(FALSE, FALSE, sizeof(struct sw_move_pair));
	itab_insert(&sw->moves, (uint64_t)key, r);
	return r;
}

static void count_pair(struct sw_mac_moves *r, const struct sw_bport *from,
		       const struct sw_bport *to)
{
	struct sw_move_pair np = { from, to, 1 };

	for (guint i = 0; i < r->pairs->len; i++) {
		struct sw_move_pair *mp = &g_array_index(r->pairs, struct sw_move_pair, i);

		if (mp->from == from && mp->to == to) {
			mp->count++;
			return;
		}
	}
	g_array_append_val(r->pairs, np);
}

/* True when this move makes flap_moves moves within flap_window. */
static bool flap_threshold(struct sw *sw, struct sw_mac_moves *r)
{
	uint32_t n = sw->cfg.flap_moves;
	sim_time_t now = sw->sim->now;

	if (!r->recent)
		r->recent = g_new(sim_time_t, n);
	r->recent[r->recent_head] = now;
	r->recent_head = (r->recent_head + 1) % n;
	if (r->recent_len < n)
		r->recent_len++;
	/* Full ring: the slot after the newest holds the oldest of the last n. */
	if (r->recent_len < n || now - r->recent[r->recent_head] > sw->cfg.flap_window)
		return false;
	r->recent_len = 0;
	r->recent_head = 0;
	return true;
}

static void moved(struct sw *sw, gint64 key, uint16_t vlan, const uint8_t mac[6],
		  struct sw_bport *from, struct sw_bport *to)
{
	struct sw_mac_moves *r = moves_get(sw, key, vlan, mac);
	sim_time_t now = sw->sim->now;
	char cisco[15], old[SW_IFNAME_MAX], new[SW_IFNAME_MAX];

	r->total++;
	count_pair(r, from, to);
	from->moves_out++;
	to->moves_in++;
	sw->mac_moves++;
	if (sw->learn_hook)
		sw->learn_hook(sw->learn_arg, sw, mac, from->name, to->name);
	if (!r->logged || now >= r->next_log) {
		sim_log_printf(&sw->log, now,
			       "%%SW_MATM-4-MACFLAP_NOTIF: Host %s in vlan %u is flapping between "
			       "port %s and port %s",
			       sw_mac_cisco(mac, cisco), vlan,
			       sw_ifname_short(from->name, old, sizeof(old)),
			       sw_ifname_short(to->name, new, sizeof(new)));
		r->logged = true;
		r->next_log = now + sw->cfg.flap_log_interval;
		r->log_lines++;
		sw->flap_log_lines++;
	} else {
		r->suppressed++;
		sw->flap_log_suppressed++;
	}
	if (sw->cfg.mac_flap == SW_FLAP_ERRDISABLE && flap_threshold(sw, r))
		sw_errdisable(sw, to, "mac-flap");
}

static void sweep(struct sw *sw, sim_time_t now)
{
	if (sw->cfg.aging > 0 && now >= sw->next_sweep) {
		fdb_remove_if(sw, aged_out, NULL);
		sw->next_sweep = now + sw->cfg.aging;
	}
}

static void fdb_new(struct sw *sw, gint64 key, const uint8_t mac[6], struct sw_bport *bp,
		    sim_time_t now)
{
	fdb_add(&sw->fdb, (uint64_t)key, bp, now);
	sw->learnt++;
	if (sw->learn_hook)
		sw->learn_hook(sw->learn_arg, sw, mac, NULL, bp->name);
}

/*
 * What learning and an MLAG install both do first: the sweep when due, then
 * a new entry on @bp (NULL back) or the live one, seen now.
 */
static inline struct sw_fdb_entry *fdb_refresh(struct sw *sw, gint64 key, const uint8_t mac[6],
					       struct sw_bport *bp)
{
	sim_time_t now = sw->sim->now;
	struct sw_fdb_entry *e;

	sweep(sw, now);
	e = fdb_find(sw, key, now);
	if (!e) {
		fdb_new(sw, key, mac, bp, now);
		return NULL;
	}
	e->last_seen = now;
	return e;
}

void sw_fdb_learn(struct sw *sw, uint16_t vlan, const uint8_t mac[6], struct sw_bport *bp)
{
	gint64 key = fdb_key(vlan, mac);
	struct sw_fdb_entry *e = fdb_refresh(sw, key, mac, bp);
	const struct sw_lag *via;
	struct sw_bport *old;

	if (e) {
		/* the peer flooded a frame of a host it reaches through an MLAG channel */
		if (e->bport != bp && e->bport->lag && e->bport->lag->mlag_peer &&
		    sw_mlag_is_peer_link(sw, bp))
			return;
		if (e->bport != bp) {
			old = e->bport;
			e->bport = bp;
			/*
			 * Last but the sync: an err-disable flushes entries, this
			 * one included, and moves others: e is not used after.
			 */
			moved(sw, key, vlan, mac, old, bp);
		}
	}
	/* one call: inlined here, with the twin's lookup (two per frame) */
	via = bp->lag && bp->lag->mlag_peer ? bp->lag : NULL;
	if (via || (G_UNLIKELY(sw->mlag) && sw_mlag_peer_link(sw) && !sw_mlag_is_peer_link(sw, bp)))
		sw_mlag_sync(sw, vlan, mac, via);
}

bool sw_fdb_install(struct sw *sw, uint16_t vlan, const uint8_t mac[6], struct sw_bport *bp)
{
	struct sw_fdb_entry *e = fdb_refresh(sw, fdb_key(vlan, mac), mac, bp);
	const char *old;

	if (!e)
		return false;
	if (e->bport == bp)
		return true;
	old = e->bport->name;
	e->bport = bp;
	if (sw->learn_hook)
		sw->learn_hook(sw->learn_arg, sw, mac, old, bp->name);
	return false;
}

static bool on_bport(struct sw *sw, const struct sw_fdb_entry *e, const void *bp)
{
	(void)sw;
	return e->bport == bp;
}

void sw_fdb_flush_bport(struct sw *sw, const struct sw_bport *bp)
{
	fdb_remove_if(sw, on_bport, bp);
}

static bool any_entry(struct sw *sw, const struct sw_fdb_entry *e, const void *arg)
{
	(void)sw;
	(void)e;
	(void)arg;
	return true;
}

void sw_fdb_flush_all(struct sw *sw)
{
	fdb_remove_if(sw, any_entry, NULL);
}

static gint by_key(gconstpointer a, gconstpointer b)
{
	/* Every record starts with its key, below 2^60: signed or not, the same order. */
	gint64 ka = **(const gint64 *const *)a, kb = **(const gint64 *const *)b;

	return ka < kb ? -1 : ka > kb;
}

GPtrArray *sw_fdb_sorted(const struct sw *sw)
{
	GPtrArray *a = g_ptr_array_new();
	uint32_t cap = sw->fdb.slot ? sw->fdb.mask + 1 : 0;

	for (uint32_t i = 0; i < cap; i++) {
		struct sw_fdb_entry *e = &sw->fdb.slot[i];

		if (e->bport && sw_fdb_entry_live(sw, e))
			g_ptr_array_add(a, e);
	}
	g_ptr_array_sort(a, by_key);
	return a;
}

void sw_set_learn_hook(struct sw *sw, sw_learn_fn fn, void *arg)
{
	sw->learn_hook = fn;
	sw->learn_arg = arg;
}

GPtrArray *sw_moves_sorted(const struct sw *sw)
{
	GPtrArray *a = g_ptr_array_new();
	uint32_t pos = 0;
	void *v;

	while (itab_next(&sw->moves, &pos, NULL, &v))
		g_ptr_array_add(a, v);
	g_ptr_array_sort(a, by_key);
	return a;
}

const char *sw_fdb_port(const struct sw *sw, const uint8_t mac[6])
{
	return sw_fdb_port_vlan(sw, SW_VLAN_DEFAULT, mac);
}

const char *sw_fdb_port_vlan(const struct sw *sw, uint16_t vlan, const uint8_t mac[6])
{
	gint64 key = fdb_key(vlan, mac);
	const struct sw_fdb_entry *e = fdb_slot(&sw->fdb, (uint64_t)key);

	return e && sw_fdb_entry_live(sw, e) ? e->bport->name : NULL;
}

guint sw_fdb_count(const struct sw *sw)
{
	uint32_t cap = sw->fdb.slot ? sw->fdb.mask + 1 : 0;
	guint n = 0;

	for (uint32_t i = 0; i < cap; i++)
		n += sw->fdb.slot[i].bport && sw_fdb_entry_live(sw, &sw->fdb.slot[i]);
	return n;
}
