/*
 * bond_rig.h - a tiny world for the bond tests (test_bond_modes.c,
 * test_bond_monitor.c): one bond whose slaves eth0..ethN-1 are cabled, at
 * 1 Gb/s with 1 us of delay, to far-side NICs p0..pN-1.
 *
 * The far side records every frame (which port, when, its meta.seq) and
 * can play a little switch: flood broadcasts to the other far ports (hub)
 * and answer ARP requests for one address out of the port they came in on
 * (responder), which is all the ARP monitor needs.  Gratuitous ARPs (sip ==
 * tip) are recorded with their time and port.  The bond logs into r->log.
 */
#ifndef BONDSIM_TEST_BOND_RIG_H
#define BONDSIM_TEST_BOND_RIG_H

#include <criterion/criterion.h>
#include <string.h>
#include "bond/bond.h"
#include "link/link.h"
#include "link/nic.h"
#include "host/host.h"

#define RIG_MAX 4
#define RIG_BOND_IP 0x0a000001u		/* 10.0.0.1 */
#define RIG_TARGET_IP 0x0a0000feu	/* 10.0.0.254 */

struct rig;

struct rig_port {
	struct rig *r;
	int idx;
};

struct rig_rx {			/* one frame seen on the far side */
	sim_time_t at;
	int port;
	uint32_t seq;
	uint16_t ethertype;
};

struct rig_garp {
	sim_time_t at;
	int port;
	uint8_t src[6];
	uint32_t ip;
};

struct rig_link_ev {		/* what the bond's link_change hook said */
	sim_time_t at;
	int slave;
	enum bond_link_state st;
	enum bond_monitor by;
};

struct rig_active_ev {
	sim_time_t at;
	int from, to;		/* slave ids, -1 for none */
};

struct rig {
	struct sim *sim;
	int n;
	struct nic *nic[RIG_MAX], *far[RIG_MAX];
	struct link *link[RIG_MAX];
	struct rig_port port[RIG_MAX];
	struct bond *bond;
	struct sim_log log;
	bool hub;			/* flood broadcasts between far ports */
	uint32_t responder_ip;		/* answer ARP requests for it (0: nobody) */
	uint64_t far_rx[RIG_MAX];	/* every frame received per far port */
	uint64_t arp_requests[RIG_MAX];	/* ARP requests (not GARP) per far port */
	struct wire_arp last_req[RIG_MAX];	/* the last of them, decoded */
	uint8_t last_req_eth[RIG_MAX][12];	/* and its Ethernet dst, src */
	GArray *rx;			/* struct rig_rx: IPv4 frames (the test traffic) */
	GArray *garps;			/* struct rig_garp */
	GArray *link_evs;		/* struct rig_link_ev */
	GArray *active_evs;		/* struct rig_active_ev */
	uint64_t bond_rx;		/* frames the bond handed up */
	uint32_t bond_ip;		/* the bond's address as its upper layer says */
};

static const uint8_t rig_responder_mac[6] = { 0x02, 0xee, 0, 0, 0, 0xfe };

static inline void rig_far_rx(void *owner, struct frame *f, const struct rx_ctx *ctx)
{
	struct rig_port *p = owner;
	struct rig *r = p->r;
	uint16_t et = wire_rd16(f->data + 12);
	struct wire_arp a;

	(void)ctx;
	r->far_rx[p->idx]++;
	if (et == WIRE_ETH_P_IP) {
		struct rig_rx x = { r->sim->now, p->idx, f->meta.seq, et };

		g_array_append_val(r->rx, x);
	}
	if (arp_parse(f, &a) && a.op == WIRE_ARP_OP_REQUEST) {
		if (a.sip == a.tip) {
			struct rig_garp g = { .at = r->sim->now, .port = p->idx, .ip = a.sip };

			memcpy(g.src, f->data + 6, 6);
			g_array_append_val(r->garps, g);
		} else {
			r->arp_requests[p->idx]++;
			r->last_req[p->idx] = a;
			memcpy(r->last_req_eth[p->idx], f->data, 12);
		}
		if (r->responder_ip && a.tip == r->responder_ip) {
			struct wire_arp rep = { .op = WIRE_ARP_OP_REPLY, .sip = r->responder_ip,
						.tip = a.sip };

			memcpy(rep.sha, rig_responder_mac, 6);
			memcpy(rep.tha, a.sha, 6);
			netdev_xmit(&r->far[p->idx]->dev,
				    wire_arp_frame_new(r->sim, a.sha, rig_responder_mac, &rep));
		}
	}
	if (r->hub && mac_is_multicast(f->data))
		for (int i = 0; i < r->n; i++)
			if (i != p->idx)
				netdev_xmit(&r->far[i]->dev, frame_ref(f));
	frame_unref(f);
}

static inline void rig_bond_rx(void *owner, struct frame *f, const struct rx_ctx *ctx)
{
	struct rig *r = owner;

	(void)ctx;
	r->bond_rx++;
	frame_unref(f);
}

static inline uint32_t rig_bond_ip(void *owner)
{
	return ((struct rig *)owner)->bond_ip;
}

/* The bond's notifier chain: what the rig records, and the GARP the host
 * would send (arp_send_gratuitous()) on NETDEV_NOTIFY_PEERS. */
static inline void rig_on_event(void *arg, struct netdev *dev, enum netdev_event ev,
				const void *info)
{
	struct rig *r = arg;
	struct bond *b = r->bond;

	(void)dev;
	if (ev == NETDEV_CHANGELOWERSTATE) {
		const struct slave *s = info;
		struct rig_link_ev e = { b->dev.sim->now, s->id, s->link, s->link_by };

		g_array_append_val(r->link_evs, e);
	} else if (ev == NETDEV_BONDING_FAILOVER) {
		const struct bond_failover_info *fo = info;
		struct rig_active_ev e = { b->dev.sim->now, fo->old_active ? fo->old_active->id : -1,
					   fo->new_active ? fo->new_active->id : -1 };

		g_array_append_val(r->active_evs, e);
	} else if (ev == NETDEV_NOTIFY_PEERS) {
		struct wire_arp a = { .op = WIRE_ARP_OP_REQUEST, .sip = r->bond_ip,
				      .tip = r->bond_ip };

		memcpy(a.sha, b->dev.mac, 6);
		netdev_xmit(&b->dev, wire_arp_frame_new(b->dev.sim, mac_broadcast, b->dev.mac, &a));
	}
}

/* "mode=1 miimon=100 downdelay=200" into finalized params. */
static inline void rig_params(struct bond_params *p, const char *opts)
{
	g_auto(GStrv) kv = g_strsplit(opts, " ", -1);
	GError *err = NULL;

	bond_params_init(p);
	for (int i = 0; kv[i]; i++) {
		char *eq = strchr(kv[i], '=');

		if (!kv[i][0])
			continue;
		cr_assert(eq, "bad option %s", kv[i]);
		*eq = '\0';
		cr_assert(bond_opt_set(p, kv[i], eq + 1, &err), "%s", err ? err->message : "");
	}
	cr_assert(bond_params_finalize(p, NULL, &err), "%s", err ? err->message : "");
}

/* Build without enslaving: tests may unplug cables or change hz first. */
static inline void rig_init(struct rig *r, int n, const char *opts)
{
	struct bond_params p;

	memset(r, 0, sizeof(*r));
	cr_assert(n <= RIG_MAX);
	r->n = n;
	r->sim = sim_new(7);
	sim_log_init(&r->log, "server");
	r->rx = g_array_new(FALSE, FALSE, sizeof(struct rig_rx));
	r->garps = g_array_new(FALSE, FALSE, sizeof(struct rig_garp));
	r->link_evs = g_array_new(FALSE, FALSE, sizeof(struct rig_link_ev));
	r->active_evs = g_array_new(FALSE, FALSE, sizeof(struct rig_active_ev));
	rig_params(&p, opts);
	r->bond = bond_new(r->sim, "server", "bond0", &p, &r->log);
	r->bond_ip = RIG_BOND_IP;
	cr_assert(netdev_upper_register(&r->bond->dev, &(struct netdev_upper){
						.rx = rig_bond_rx, .ipv4_addr = rig_bond_ip, .owner = r },
					NULL));
	netdev_notifier_register(&r->bond->dev, rig_on_event, r);
	for (int i = 0; i < n; i++) {
		const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, (uint8_t)(0x10 + i) };
		const uint8_t fmac[6] = { 0x02, 0xff, 0x00, 0x00, 0x00, (uint8_t)(0x20 + i) };
		char name[8];

		g_snprintf(name, sizeof(name), "eth%d", i);
		r->nic[i] = nic_new(r->sim, "server", name, mac, 0);
		g_snprintf(name, sizeof(name), "p%d", i);
		r->far[i] = nic_new(r->sim, "peer", name, fmac, 0);
		g_snprintf(name, sizeof(name), "l%d", i);
		r->link[i] = link_new(r->sim, name, &r->nic[i]->dev, &r->far[i]->dev, 1000000000ULL, SIM_US);
		r->port[i] = (struct rig_port){ r, i };
		cr_assert(netdev_upper_register(&r->far[i]->dev, &(struct netdev_upper){
							.rx = rig_far_rx, .owner = &r->port[i] },
						NULL));
	}
}

static inline void rig_enslave_all(struct rig *r)
{
	GError *err = NULL;

	for (int i = 0; i < r->n; i++)
		cr_assert(bond_enslave(r->bond, &r->nic[i]->dev, &err), "%s", err ? err->message : "");
}

/* Enslave eth0..ethN-1 in order and open the bond at time 0. */
static inline void rig_build(struct rig *r, int n, const char *opts)
{
	rig_init(r, n, opts);
	rig_enslave_all(r);
	bond_open(r->bond);
}

static inline void rig_free(struct rig *r)
{
	for (int i = 0; i < r->n; i++)
		link_free(r->link[i]);
	bond_free(r->bond);
	for (int i = 0; i < r->n; i++) {
		nic_free(r->nic[i]);
		nic_free(r->far[i]);
	}
	cr_assert_eq(r->sim->pool.live, 0, "%" G_GUINT64_FORMAT " frames leaked",
		     r->sim->pool.live);
	g_array_free(r->rx, TRUE);
	g_array_free(r->garps, TRUE);
	g_array_free(r->link_evs, TRUE);
	g_array_free(r->active_evs, TRUE);
	sim_log_fini(&r->log);
	sim_free(r->sim);
}

static inline void rig_run(struct rig *r, sim_time_t until)
{
	sim_run(r->sim, until);
}

/* Cable i pulled or plugged at the current time. */
static inline void rig_cable(struct rig *r, int i, bool up)
{
	link_set_up(r->link[i], up);
}

/* A frame with Ethernet + IPv4 headers, IP protocol @proto, meta.seq @seq. */
static inline struct frame *rig_frame(struct rig *r, const uint8_t dst[6], uint8_t proto,
				      uint32_t seq)
{
	struct frame *f = frame_alloc(&r->sim->pool);
	uint8_t *p = frame_put(f, WIRE_ETH_HLEN + WIRE_IPV4_HLEN);

	memcpy(p, dst, 6);
	memcpy(p + 6, r->bond->dev.mac, 6);
	wire_wr16(p + 12, WIRE_ETH_P_IP);
	p += WIRE_ETH_HLEN;
	p[0] = 0x45;
	wire_wr16(p + 2, WIRE_IPV4_HLEN);
	p[8] = 64;
	p[9] = proto;
	wire_wr32(p + 12, RIG_BOND_IP);
	wire_wr32(p + 16, 0x0a000002u);
	f->len = 100;
	f->meta.seq = seq;
	return f;
}

static inline void rig_send(struct rig *r, int count, uint8_t proto)
{
	static const uint8_t dst[6] = { 0x02, 0xaa, 0, 0, 0, 0x02 };

	for (int i = 0; i < count; i++)
		netdev_xmit(&r->bond->dev, rig_frame(r, dst, proto, (uint32_t)i));
}

/* Time of the first log line at or after @from containing @text, or -1. */
static inline sim_time_t rig_log_at(const struct rig *r, const char *text, sim_time_t from)
{
	for (guint i = 0; i < r->log.lines->len; i++) {
		const struct sim_log_line *l = &g_array_index(r->log.lines, struct sim_log_line, i);

		if (l->at >= from && strstr(l->text, text))
			return l->at;
	}
	return -1;
}

static inline int rig_log_count(const struct rig *r, const char *text)
{
	int n = 0;

	for (guint i = 0; i < r->log.lines->len; i++)
		if (strstr(g_array_index(r->log.lines, struct sim_log_line, i).text, text))
			n++;
	return n;
}

/* The whole log, for assertion messages (g_free it). */
static inline char *rig_log_text(const struct rig *r)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < r->log.lines->len; i++) {
		sim_log_format_line(&g_array_index(r->log.lines, struct sim_log_line, i), s);
		g_string_append_c(s, '\n');
	}
	return g_string_free(s, FALSE);
}

/* Assert that a log line with @text appears first at exactly @at. */
#define rig_expect_log(r, text, at)                                                       \
	do {                                                                              \
		sim_time_t got_ = rig_log_at((r), (text), 0);                             \
		char *all_ = rig_log_text(r);                                             \
		cr_expect_eq(got_, (at), "\"%s\" at %" G_GINT64_FORMAT " ns, want %"      \
			     G_GINT64_FORMAT "\n%s", (text), (gint64)got_, (gint64)(at), all_); \
		g_free(all_);                                                             \
	} while (0)

#endif
