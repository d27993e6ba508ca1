/*
 * failover_hooks.c - during the run: what the bonds and switches tell the
 * failover report.
 *
 * DOC: Hooks on each bond's notifier chain (a slave's link committed down
 * or up, and by which monitor; the active slave changed) and on each
 * switch's learning (a bond's MAC learnt on a port, the first time after
 * each fault only) and MLAG state changes, kept as world events for failover.c to line up against
 * the faults after the run.
 */
#include <stdio.h>
#include <string.h>
#include "world.h"
#include "graphs.h"
#include "bond/bond_alb.h"

static void record(struct world *w, const struct world_event *ev)
{
	g_array_append_val(w->events, *ev);
}

static void on_link_change(struct world_bond *c, struct bond *b, const struct slave *s)
{
	struct world_event ev = { 0 };

	ev.at = b->dev.sim->now;
	ev.kind = s->link == BOND_LINK_UP ? WEV_SLAVE_UP : WEV_SLAVE_DOWN;
	ev.host = c->host;
	ev.bond = b->dev.name;
	ev.slave = s->dev->name;
	ev.why = bond_monitor_name(s->link_by);
	record(c->w, &ev);
}

static void on_active_change(struct world_bond *c, struct bond *b, const struct slave *old,
			     const struct slave *new_)
{
	struct world_event ev = { 0 };

	ev.at = b->dev.sim->now;
	ev.kind = WEV_ACTIVE_CHANGE;
	ev.host = c->host;
	ev.bond = b->dev.name;
	g_strlcpy(ev.from, old ? old->dev->name : "none", sizeof(ev.from));
	g_strlcpy(ev.to, new_ ? new_->dev->name : "none", sizeof(ev.to));
	record(c->w, &ev);
}

static gint64 mac_key(const uint8_t mac[6])
{
	gint64 k = 0;

	for (int i = 0; i < 6; i++)
		k = k << 8 | mac[i];
	return k;
}

static sim_time_t latest_fault(const struct world *w, sim_time_t now)
{
	sim_time_t t = -1;

	for (guint i = 0; i < w->faults->len; i++) {
		const struct fault *f = g_ptr_array_index(w->faults, i);

		if (f->kind != FAULT_CALL && f->at <= now && f->at > t)
			t = f->at;
	}
	return t;
}

/* Only the first learn event of each (switch, MAC) after each fault is
 * kept: a mode-0 bond on one switch makes one per frame, so this path stays
 * cheap: no formatting, one 64-bit key (switch index, MAC). */
static void on_learn(void *arg, const struct sw *sw, const uint8_t mac[6], const char *from,
		     const char *to)
{
	struct world *w = arg;
	gint64 k = mac_key(mac), key;
	sim_time_t now = w->sim->now, fault = latest_fault(w, now);
	sim_time_t *seen;
	guint idx = 0;
	struct world_event ev = { 0 };

	graphs_note_learn(w->graphs, sw, mac, from, to);
	if (fault < 0 || !g_hash_table_contains(w->bond_macs, &k))
		return;
	while (idx < w->switches->len &&
	       ((struct world_switch *)g_ptr_array_index(w->switches, idx))->sw != sw)
		idx++;
	key = (gint64)idx << 48 | k;
	seen = g_hash_table_lookup(w->learn_seen, &key);
	if (seen && *seen >= fault)
		return;
	if (!seen) {
		gint64 *kp = g_new(gint64, 1);

		*kp = key;
		seen = g_new(sim_time_t, 1);
		g_hash_table_insert(w->learn_seen, kp, seen);
	}
	*seen = now;
	ev.at = now;
	ev.kind = WEV_FDB_LEARN;
	ev.sw = sw_name(sw);
	memcpy(ev.mac, mac, 6);
	g_strlcpy(ev.from, from ? from : "", sizeof(ev.from));
	g_strlcpy(ev.to, to, sizeof(ev.to));
	record(w, &ev);
}

/* balance-tlb/alb: a table changed (they are what moves a peer's traffic). */
static void on_alb_event(void *arg, struct bond *b, int what, const struct slave *s, uint32_t n)
{
	struct world_bond *c = arg;
	struct world_event ev = { 0 };

	ev.at = b->dev.sim->now;
	ev.kind = WEV_ALB;
	ev.host = c->host;
	ev.bond = b->dev.name;
	ev.slave = s ? s->dev->name : NULL;
	ev.why = alb_event_name(what);
	ev.alb = what;
	ev.n = n;
	record(c->w, &ev);
}

/* An MLAG switch suspended, restored, held or took over its channels. */
static void on_mlag_event(void *arg, const struct sw *sw, enum sw_mlag_event what)
{
	struct world *w = arg;
	struct world_event ev = { 0 };

	ev.at = w->sim->now;
	ev.kind = WEV_MLAG;
	ev.sw = sw_name(sw);
	ev.why = sw_mlag_event_name(what);
	ev.alb = (int)what;
	record(w, &ev);
}

/* The bond's notifier chain: slave link commits and active-slave changes. */
static void on_bond_event(void *arg, struct netdev *dev, enum netdev_event nev, const void *info)
{
	struct world_bond *c = arg;
	const struct bond_failover_info *fo = info;

	(void)dev;
	if (nev == NETDEV_CHANGELOWERSTATE)
		on_link_change(c, c->bond, info);
	else if (nev == NETDEV_BONDING_FAILOVER)
		on_active_change(c, c->bond, fo->old_active, fo->new_active);
}

void failover_install_hooks(struct world *w)
{
	for (guint i = 0; i < w->bond_ctx->len; i++) {
		struct world_bond *c = g_ptr_array_index(w->bond_ctx, i);
		struct bond *b = c->bond;
		gint64 *k = g_new(gint64, 1);

		netdev_notifier_register(&b->dev, on_bond_event, c);
		if (b->ops->flags & BOND_MODE_F_TLB)
			bond_alb_set_event_hook(b, on_alb_event, c);
		*k = mac_key(b->dev.mac);
		g_hash_table_add(w->bond_macs, k);
		for (guint s = 0; s < b->slaves->len; s++) {
			k = g_new(gint64, 1);
			*k = mac_key(bond_slave(b, s)->perm_hwaddr);
			g_hash_table_add(w->bond_macs, k);
		}
	}
	/* a NIC enslaved during the run is a slave too: its address is the bond's */
	for (guint i = 0; i < w->faults->len; i++) {
		const struct fault *f = g_ptr_array_index(w->faults, i);
		gint64 *k;

		if (!scn_fault_enslaves(f))
			continue;
		k = g_new(gint64, 1);
		*k = mac_key(f->nic->dev.perm_mac);
		g_hash_table_add(w->bond_macs, k);
	}
	for (guint i = 0; i < w->switches->len; i++) {
		struct sw *sw = ((struct world_switch *)g_ptr_array_index(w->switches, i))->sw;

		sw_set_learn_hook(sw, on_learn, w);
		/* each domain twice (once per switch): the same hook both times */
		if (sw_mlag_domain(sw))
			sw_mlag_set_event_hook(sw_mlag_domain(sw), on_mlag_event, w);
	}
	report_lacp_install(w);
}
