/*
 * arp.c - the neighbour cache and ARP (RFC 826) for a host.
 *
 * DOC: The cache follows the kernel's neighbour state machine
 * (net/core/neighbour.c, net/ipv4/arp.c) with the default sysctls in
 * struct arp_params, because failover timing depends on it: a peer keeps
 * sending to a stale MAC until its entry is re-probed.
 *
 *   (none/FAILED) --send--> INCOMPLETE: broadcast request now and every
 *       retrans_time, packets queued (unres_qlen, the oldest dropped when
 *       full); after mcast_probes unanswered requests -> FAILED, queue dropped.
 *   unicast reply to us -> REACHABLE for base_reachable_time after the last
 *       confirmation; then DELAY if the entry was used in the last
 *       delay_first_probe_time, else STALE.
 *   STALE --send--> DELAY: the packet goes out with the cached MAC; after
 *       delay_first_probe_time without a confirmation -> PROBE: unicast
 *       requests to the cached MAC every retrans_time; ucast_probes without
 *       a reply -> FAILED.
 *
 * Received ARP (arp_process): a request for one of our addresses (any
 * interface's, arp_ignore=0) is answered and creates or updates the
 * sender's entry as STALE (neigh_event_ns).  Any other ARP only updates an
 * existing entry for its sender (arp_accept=0): a unicast reply makes it
 * REACHABLE, anything else STALE.  A different MAC replaces the cached one
 * only if the entry was last changed more than locktime ago or the packet
 * is gratuitous (sender IP = target IP), which is how a bond's failover
 * GARP moves its peers.  An address that does not change never demotes a
 * valid entry to STALE.
 *
 * Deviations from Linux: reachable_time is exactly base_reachable_time (the
 * kernel draws it from [0.5, 1.5] x base); entries are keyed by address per
 * host, not per device; there is no garbage collection; a failed resolution
 * sends no ICMP host-unreachable back to the local sender.
 */
#include "host.h"

static const char *const state_names[] = {
	[ARP_S_INCOMPLETE] = "INCOMPLETE",
	[ARP_S_REACHABLE] = "REACHABLE",
	[ARP_S_STALE] = "STALE",
	[ARP_S_DELAY] = "DELAY",
	[ARP_S_PROBE] = "PROBE",
	[ARP_S_FAILED] = "FAILED",
};

static const uint8_t mac_zero[6];

const char *arp_state_name(enum arp_state s)
{
	g_assert((unsigned)s < G_N_ELEMENTS(state_names));
	return state_names[s];
}

static bool state_valid(enum arp_state s)
{
	/* NUD_VALID: there is an address to send to. */
	return s == ARP_S_REACHABLE || s == ARP_S_STALE || s == ARP_S_DELAY || s == ARP_S_PROBE;
}

bool arp_parse(const struct frame *f, struct wire_arp *out)
{
	struct wire_pkt p;

	/* an untagged frame: the host has no VLAN devices */
	wire_dissect(f->data, f->hdr_len, 0, &p);
	if (!(p.flags & WIRE_PKT_ARP) || p.n_vlan)
		return false;
	*out = p.arp;
	return true;
}

static void send_arp(struct host_if *ifc, const uint8_t eth_dst[6], uint16_t op, uint32_t sip,
		     const uint8_t tha[6], uint32_t tip)
{
	struct wire_arp a = { .op = op, .sip = sip, .tip = tip };
	struct frame *f;

	memcpy(a.sha, ifc->dev->mac, 6);
	memcpy(a.tha, tha, 6);
	f = wire_arp_frame_new(ifc->host->sim, eth_dst, ifc->dev->mac, &a);
	netdev_xmit(ifc->dev, f);
}

void arp_send_gratuitous(struct host_if *ifc)
{
	/* What NETDEV_NOTIFY_PEERS makes inetdev_event send: sip = tip, tha = 0. */
	send_arp(ifc, mac_broadcast, WIRE_ARP_OP_REQUEST, ifc->ip, mac_zero, ifc->ip);
	ifc->host->arp_stats.gratuitous_sent++;
}

/* arp_solicit(): broadcast while resolving, unicast to the cached MAC while probing. */
static void solicit(struct arp_entry *e)
{
	const uint8_t *dst = e->state == ARP_S_PROBE ? e->mac : mac_broadcast;

	/* The kernel leaves the target hardware address zero, even when unicast. */
	send_arp(e->ifc, dst, WIRE_ARP_OP_REQUEST, e->ifc->ip, mac_zero, e->ip);
	e->probes++;
	e->host->arp_stats.requests_sent++;
}

static void drop_queue(struct arp_entry *e, uint64_t *counter)
{
	struct frame *f;

	while ((f = g_queue_pop_head(&e->queue))) {
		if (counter) {
			(*counter)++;
			netdev_drop(e->ifc->dev, f, DROP_ARP_FAILED);
		} else {
			frame_unref(f);	/* teardown */
		}
	}
}

static void set_state(struct arp_entry *e, enum arp_state s)
{
	e->state = s;
	e->updated = e->host->sim->now;
}

/* neigh_invalidate(): give up, drop what waited. */
static void entry_fail(struct arp_entry *e)
{
	struct arp_stats *st = &e->host->arp_stats;

	set_state(e, ARP_S_FAILED);
	st->failed++;
	drop_queue(e, &st->failed_drops);
}

/* neigh_timer_handler() */
static void entry_timer(struct sim *sim, void *arg)
{
	struct arp_entry *e = arg;
	const struct arp_params *p = &e->host->arp;
	sim_time_t now = sim->now;
	uint32_t max;

	switch (e->state) {
	case ARP_S_REACHABLE:
		if (now < e->confirmed + p->base_reachable_time) {
			/* Confirmed again meanwhile (arp_confirm, a new reply). */
			sim_timer_arm(sim, &e->timer, e->confirmed + p->base_reachable_time);
		} else if (now <= e->used + p->delay_first_probe_time) {
			set_state(e, ARP_S_DELAY);
			sim_timer_arm_in(sim, &e->timer, p->delay_first_probe_time);
		} else {
			set_state(e, ARP_S_STALE);
		}
		return;
	case ARP_S_DELAY:
		if (now <= e->confirmed + p->delay_first_probe_time) {
			set_state(e, ARP_S_REACHABLE);
			sim_timer_arm(sim, &e->timer, e->confirmed + p->base_reachable_time);
			return;
		}
		set_state(e, ARP_S_PROBE);
		e->probes = 0;
		solicit(e);
		sim_timer_arm_in(sim, &e->timer, p->retrans_time);
		return;
	case ARP_S_INCOMPLETE:
	case ARP_S_PROBE:
		max = e->state == ARP_S_INCOMPLETE ? p->mcast_probes : p->ucast_probes;
		if (e->probes >= max) {
			entry_fail(e);
			return;
		}
		solicit(e);
		sim_timer_arm_in(sim, &e->timer, p->retrans_time);
		return;
	case ARP_S_STALE:
	case ARP_S_FAILED:
		break;
	}
	g_assert_not_reached();
}

static struct arp_entry *entry_lookup(const struct host *h, uint32_t ip)
{
	return itab_lookup(&h->arp_cache, ip);
}

static struct arp_entry *entry_create(struct host_if *ifc, uint32_t ip)
{
	/* Aligned: every packet sent reads and writes its first line (see host.h). */
	struct arp_entry *e = g_aligned_alloc0(1, sizeof(*e), 64);

	e->host = ifc->host;
	e->ifc = ifc;
	e->ip = ip;
	e->state = ARP_S_FAILED;	/* NUD_NONE: no address yet */
	g_queue_init(&e->queue);
	sim_timer_init(&e->timer, entry_timer, e);
	itab_insert(&ifc->host->arp_cache, ip, e);
	return e;
}

static void enqueue(struct arp_entry *e, struct frame *f)
{
	struct arp_stats *st = &e->host->arp_stats;

	if (e->host->arp.unres_qlen == 0) {
		st->unresolved_drops++;
		netdev_drop(e->ifc->dev, f, DROP_ARP_QUEUE_FULL);
		return;
	}
	/* __neigh_event_send() makes room by dropping the oldest. */
	while (g_queue_get_length(&e->queue) >= e->host->arp.unres_qlen) {
		netdev_drop(e->ifc->dev, g_queue_pop_head(&e->queue), DROP_ARP_QUEUE_FULL);
		st->unresolved_drops++;
	}
	g_queue_push_tail(&e->queue, f);
}

/* neigh_event_send() + neigh_resolve_output() */
void arp_output(struct host_if *ifc, uint32_t nexthop, struct frame *f)
{
	struct host *h = ifc->host;
	struct arp_entry *e = h->arp_last;

	/* Entries live as long as the host, so the last one stays valid. */
	if (!e || e->ip != nexthop) {
		e = entry_lookup(h, nexthop);
		if (!e)
			e = entry_create(ifc, nexthop);
		h->arp_last = e;
	}
	e->used = h->sim->now;
	switch (e->state) {
	case ARP_S_FAILED:
		set_state(e, ARP_S_INCOMPLETE);
		e->probes = 0;
		enqueue(e, f);
		solicit(e);
		sim_timer_arm_in(h->sim, &e->timer, h->arp.retrans_time);
		return;
	case ARP_S_INCOMPLETE:
		enqueue(e, f);
		return;
	case ARP_S_STALE:
		/* Use the old address, but start checking it. */
		set_state(e, ARP_S_DELAY);
		sim_timer_arm_in(h->sim, &e->timer, h->arp.delay_first_probe_time);
		break;
	case ARP_S_REACHABLE:
	case ARP_S_DELAY:
	case ARP_S_PROBE:
		break;
	}
	host_if_xmit(e->ifc, e->mac, f);
}

/* neigh_update() for @new = REACHABLE or STALE. */
static void entry_update(struct arp_entry *e, const uint8_t mac[6], enum arp_state new,
			 bool override)
{
	struct sim *sim = e->host->sim;
	const struct arp_params *p = &e->host->arp;
	enum arp_state old = e->state;
	bool changed;

	if (state_valid(old)) {
		changed = !mac_equal(mac, e->mac);
		if (changed && !override)
			return;
		if (!changed && new == ARP_S_STALE)
			new = old;
		if (changed)	/* what balance-alb's ARP steering does to its peers */
			e->host->arp_stats.lladdr_changes++;
	} else {
		changed = true;
	}
	if (new == ARP_S_REACHABLE)
		e->confirmed = sim->now;
	if (changed) {
		memcpy(e->mac, mac, 6);
		e->updated = sim->now;
		/* A new, unconfirmed address must not inherit the old one's confirmation. */
		if (new != ARP_S_REACHABLE)
			e->confirmed = sim->now - 2 * p->base_reachable_time;
	}
	if (new == old)
		return;
	set_state(e, new);
	if (new == ARP_S_REACHABLE)
		sim_timer_arm_in(sim, &e->timer, p->base_reachable_time);
	else
		sim_timer_cancel(sim, &e->timer);
	if (!state_valid(old)) {
		/* Resolved: send what waited, through the normal path (STALE -> DELAY). */
		GQueue q = e->queue;
		struct frame *f;

		g_queue_init(&e->queue);
		while ((f = g_queue_pop_head(&q)))
			arp_output(e->ifc, e->ip, f);
	}
}

void arp_input(struct host_if *ifc, struct frame *f, const struct rx_ctx *ctx)
{
	struct host *h = ifc->host;
	struct arp_stats *st = &h->arp_stats;
	struct wire_arp a;
	struct arp_entry *e;
	bool garp, to_us;

	if (!arp_parse(f, &a) || (a.op != WIRE_ARP_OP_REQUEST && a.op != WIRE_ARP_OP_REPLY)) {
		st->bad++;
		netdev_drop(ifc->dev, f, DROP_ARP_BAD);
		return;
	}
	/* arp_is_garp(): a gratuitous reply must also carry tha = sha. */
	garp = a.sip == a.tip && a.sip != 0 &&
	       (a.op == WIRE_ARP_OP_REQUEST || mac_equal(a.tha, a.sha));
	if (garp)
		st->gratuitous_received++;
	else if (a.op == WIRE_ARP_OP_REQUEST)
		st->requests_received++;
	else
		st->replies_received++;
	to_us = ctx->pkt_type == PACKET_HOST;

	if (host_has_ip(h, a.sip) || mac_is_multicast(a.sha)) {
		/* Our own address as sender (a looped GARP, a conflict): a martian. */
		frame_consume(h->sim, f);
		return;
	}
	if (a.sip == 0) {
		/* RFC 2131/5227 duplicate address probe: answer, learn nothing. */
		if (a.op == WIRE_ARP_OP_REQUEST && host_has_ip(h, a.tip)) {
			send_arp(ifc, a.sha, WIRE_ARP_OP_REPLY, a.tip, a.sha, a.sip);
			st->replies_sent++;
		}
		frame_consume(h->sim, f);
		return;
	}
	if (a.op == WIRE_ARP_OP_REQUEST && host_has_ip(h, a.tip)) {
		/* neigh_event_ns(): the asker will talk to us, learn it now. */
		e = entry_lookup(h, a.sip);
		if (!e)
			e = entry_create(ifc, a.sip);
		frame_consume(h->sim, f);
		entry_update(e, a.sha, ARP_S_STALE, true);
		send_arp(ifc, a.sha, WIRE_ARP_OP_REPLY, a.tip, a.sha, a.sip);
		st->replies_sent++;
		return;
	}
	e = entry_lookup(h, a.sip);
	if (e) {
		/* Several replies back to back: keep the first (locktime). */
		bool override = h->sim->now > e->updated + h->arp.locktime || garp;
		/* Broadcast replies and requests do not prove reachability. */
		enum arp_state s = a.op == WIRE_ARP_OP_REPLY && to_us ? ARP_S_REACHABLE
								      : ARP_S_STALE;

		entry_update(e, a.sha, s, override);
	}
	frame_consume(h->sim, f);
}

void arp_confirm(struct host *h, uint32_t ip)
{
	struct arp_entry *e = entry_lookup(h, ip);

	/* neigh_confirm(): noted now, acted on by the REACHABLE/DELAY timer. */
	if (e && state_valid(e->state))
		e->confirmed = h->sim->now;
}

const struct arp_entry *arp_cache_find(const struct host *h, uint32_t ip)
{
	return entry_lookup(h, ip);
}

static gint cmp_entry(gconstpointer a, gconstpointer b)
{
	const struct arp_entry *x = *(const struct arp_entry *const *)a;
	const struct arp_entry *y = *(const struct arp_entry *const *)b;

	return x->ip < y->ip ? -1 : x->ip > y->ip;
}

void arp_cache_dump(const struct host *h, GString *out)
{
	GPtrArray *v = g_ptr_array_new();
	uint32_t pos = 0;
	void *value;

	/* Hash order is not deterministic output: sort by address. */
	while (itab_next(&h->arp_cache, &pos, NULL, &value))
		g_ptr_array_add(v, value);
	g_ptr_array_sort(v, cmp_entry);
	for (guint i = 0; i < v->len; i++) {
		const struct arp_entry *e = g_ptr_array_index(v, i);
		char ip[16], mac[18];

		g_string_append_printf(out, "%s dev %s ", wire_ipv4_format(e->ip, ip),
				       e->ifc->dev->name);
		if (state_valid(e->state))
			g_string_append_printf(out, "lladdr %s ", mac_format(e->mac, mac));
		g_string_append_printf(out, "%s\n", state_names[e->state]);
	}
	g_ptr_array_free(v, TRUE);
}

static void entry_free(struct arp_entry *e)
{
	sim_timer_cancel(e->host->sim, &e->timer);
	drop_queue(e, NULL);
	g_aligned_free(e);
}

void arp_cache_init(struct host *h)
{
	itab_init(&h->arp_cache);
}

void arp_cache_fini(struct host *h)
{
	uint32_t pos = 0;
	void *e;

	h->arp_last = NULL;
	while (itab_next(&h->arp_cache, &pos, NULL, &e))
		entry_free(e);
	itab_fini(&h->arp_cache);
}
