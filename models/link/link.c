/*
 * link.c - full-duplex cables with delay, loss and silent failures.
 *
 * DOC: Each direction keeps its frames in flight in departure order, the
 * oldest next to the one delivery timer armed for it and the rest in a
 * ring.  That is one pending event per busy direction instead of one per
 * frame, no allocation per frame once the ring has grown to the link's
 * bandwidth-delay product, and for a cable with one frame in flight at a
 * time no line of the ring touched at all.
 * Loss is drawn when the frame leaves (from the link's own stream, so the
 * pattern does not depend on other traffic in the world); a cable pulled
 * while frames are in flight loses them.
 *
 * A NIC that starts a frame onto an idle wire may hand it over at once
 * (link_send_ahead(), see nic.c): then serialisation and propagation are
 * one event, the delivery.  Whatever could make the moment its last bit
 * leaves matter (a fault on the cable, the carrier) first takes it back
 * (link_settle(WIRE_TAKE_BACK)), so the NIC finishes it on the two-event
 * path.
 */
#include "link.h"
#include "autoneg.h"
#include "hdx.h"
#include "pcap.h"
#include "wire/wire.h"

static void deliver(struct sim *sim, void *arg);
static void deliver_hdx(struct sim *sim, void *arg);
static void update_carrier(struct link *link);
static void relink(struct sim *sim, void *arg);

static void dir_init(struct link *link, int from)
{
	struct link_dir *d = &link->dir[from];

	memset(d, 0, sizeof(*d));
	d->link = link;
	d->to = (uint8_t)(1 - from);
	d->rx = link->end[1 - from];
	d->rx_wire = d->rx->ops->wire_rx;
	d->cap = 4;	/* one cache line; grows with the bandwidth-delay product */
	d->ring = g_new(struct link_flight, d->cap);
	sim_timer_init(&d->deliver, deliver, d);
}

/*
 * The oldest frame in flight out, the next (if any) in first; @next_at is
 * when that one is due.
 */
static struct frame *dir_pop(struct link_dir *d, sim_time_t *next_at)
{
	struct frame *f = d->first;

	*next_at = 0;
	if (--d->len) {
		const struct link_flight *n = &d->ring[d->head];

		d->first = n->f;
		*next_at = n->at;
		d->head = (d->head + 1) & (d->cap - 1);
	}
	return f;
}

static void dir_flush(struct link_dir *d, bool count)
{
	while (d->len) {
		sim_time_t at;
		struct frame *f = dir_pop(d, &at);

		if (!f)
			continue;	/* a half-duplex end's fragment: no frame in it */
		if (count) {
			d->down_drops++;
			drop_frame(d->link->sim, f, DROP_LINK_DOWN, d->place);
		} else {
			frame_unref(f);
		}
	}
	/* nothing is in flight any more: nothing for a new frame to wait behind */
	d->last_at = 0;
	sim_timer_cancel(d->link->sim, &d->deliver);
}

void link_dir_grow(struct link_dir *d)
{
	struct link_flight *r = g_new(struct link_flight, d->cap * 2);

	for (uint32_t i = 0; i + 1 < d->len; i++)
		r[i] = d->ring[(d->head + i) & (d->cap - 1)];
	g_free(d->ring);
	d->ring = r;
	d->head = 0;
	d->cap *= 2;
}

static void deliver(struct sim *sim, void *arg)
{
	struct link_dir *d = arg;
	sim_time_t next_at;
	struct frame *f = dir_pop(d, &next_at);

	if (d->len) {
		sim_timer_arm(sim, &d->deliver, next_at);
		/*
		 * The next frame arrives a frame time from now at the
		 * earliest, and may have waited a millisecond in a queue since
		 * it was written: fetch it now so it is in the cache by then.
		 */
		frame_prefetch(d->first);
	}
	d->rx_wire(d->rx, f);
}

struct link *link_new(struct sim *sim, const char *name, struct netdev *a, struct netdev *b,
		      uint64_t speed_bps, sim_time_t delay)
{
	static const bool full[2] = { false, false };

	return link_new_duplex(sim, name, a, b, speed_bps, delay, full);
}

struct link *link_new_duplex(struct sim *sim, const char *name, struct netdev *a,
			     struct netdev *b, uint64_t speed_bps, sim_time_t delay,
			     const bool half[2])
{
	return link_new_negotiated(sim, name, a, b, speed_bps, delay, half, false, NULL);
}

struct link *link_new_negotiated(struct sim *sim, const char *name, struct netdev *a,
				 struct netdev *b, uint64_t speed_bps, sim_time_t delay,
				 const bool half[2], bool never, const char *why)
{
	struct link *link = g_aligned_alloc0(1, sizeof(*link), 64);
	char stream[192];

	g_strlcpy(link->name, name, sizeof(link->name));
	link->sim = sim;
	link->end[0] = a;
	link->end[1] = b;
	link->speed_bps = speed_bps;
	link->delay = delay;
	link->up = true;
	link->never = never;
	link->negotiation = why && *why ? g_strdup(why) : NULL;
	link->cable_bps = speed_bps;
	sim_timer_init(&link->relink, relink, link);
	dir_init(link, 0);
	dir_init(link, 1);
	g_snprintf(stream, sizeof(stream), "link:%s", name);
	rng_init(&link->rng, sim->seed, stream);
	for (int i = 0; i < 2; i++) {
		link->end[i]->ops->wire_attach(link->end[i], link, i);
		g_snprintf(link->dir[i].place, sizeof(link->dir[i].place), "%s->%s",
			   link->end[i]->place, link->end[1 - i]->place);
		link->end[i]->speed_bps = speed_bps;
		link->end[i]->full_duplex = true;
	}
	/* before the carrier: the ends come up with the duplex they negotiated */
	if (half[0] || half[1])
		link_set_duplex(link, half);
	update_carrier(link);
	return link;
}

void link_free(struct link *link)
{
	if (!link)
		return;
	if (link->hdx) {
		for (int i = 0; i < 2; i++) {
			sim_timer_cancel(link->sim, &link->hdx->end[i].timer);
			if (link->end[i]->ops->wire_duplex)
				link->end[i]->ops->wire_duplex(link->end[i], NULL);
		}
		hdx_free(link->hdx);
	}
	g_free(link->negotiation);
	g_free(link->negotiation_at_start);
	sim_timer_cancel(link->sim, &link->relink);
	if (link->renegotiations) {
		for (guint i = 0; i < link->renegotiations->len; i++) {
			struct link_renegotiation *r =
				&g_array_index(link->renegotiations, struct link_renegotiation, i);

			g_free(r->cause);
			g_free(r->why);
		}
		g_array_free(link->renegotiations, TRUE);
	}
	for (int i = 0; i < 2; i++) {
		dir_flush(&link->dir[i], false);
		g_free(link->dir[i].ring);
		link->end[i]->ops->wire_attach(link->end[i], NULL, i);
	}
	g_aligned_free(link);
}

void link_settle(struct link *link, enum wire_settle how)
{
	for (int i = 0; i < 2; i++)
		if (link->end[i]->ops->wire_settle)
			link->end[i]->ops->wire_settle(link->end[i], how);
}

void link_refresh(struct link *link)
{
	for (int i = 0; i < 2; i++) {
		struct link_dir *d = &link->dir[i];

		d->ahead_ok = !link->pcap && !(link->loss > 0) && !d->blackhole &&
			      link_carrier(link) && !link->hdx;
		d->delay = link->delay;
	}
}

void link_set_loss(struct link *link, double loss)
{
	link->loss = loss;
	link_refresh(link);
}

void link_set_delay(struct link *link, sim_time_t delay)
{
	link->delay = delay;
	link_refresh(link);
}

void link_set_pcap(struct link *link, struct pcap *pcap)
{
	link->pcap = pcap;
	link_refresh(link);
}

void link_set_blackhole(struct link *link, int from_end, bool on)
{
	for (int i = 0; i < 2; i++)
		if (from_end < 0 || from_end == i)
			link->dir[i].blackhole = on;
	link_refresh(link);
}

static void update_carrier(struct link *link)
{
	bool carrier = link_carrier(link);

	link_refresh(link);
	link_settle(link, WIRE_TAKE_BACK);
	if (!carrier) {
		dir_flush(&link->dir[0], true);
		dir_flush(&link->dir[1], true);
		if (link->hdx)
			hdx_reset(link->hdx);
	}
	/* A failed PHY has no carrier whatever the cable: the NIC knows it. */
	for (int i = 0; i < 2; i++)
		link->end[i]->ops->wire_carrier(link->end[i], carrier);
	/* the first carrier after a renegotiation, for the reports */
	if (carrier && link->renegotiations) {
		struct link_renegotiation *n = &g_array_index(
			link->renegotiations, struct link_renegotiation, link->renegotiations->len - 1);

		if (n->carrier_at < 0)
			n->carrier_at = link->sim->now;
	}
}

void link_set_up(struct link *link, bool up)
{
	link->up = up;
	update_carrier(link);
}

void link_renegotiate(struct link *link, const struct autoneg_result *r, const char *why,
		      const char *cause, sim_time_t after)
{
	struct link_renegotiation n = {
		.at = link->sim->now, .up_at = link->sim->now + after, .carrier_at = -1,
		.link = r->link,
		.speed_bps = r->speed_bps, .half = { r->half[0], r->half[1] },
		.cause = g_strdup(cause), .why = why && *why ? g_strdup(why) : NULL,
	};

	if (!link->renegotiations) {
		link->renegotiations = g_array_new(FALSE, FALSE, sizeof(struct link_renegotiation));
		link->negotiation_at_start = g_strdup(link->negotiation);
	}
	g_array_append_val(link->renegotiations, n);
	link->relinking = true;
	update_carrier(link);
	sim_timer_arm(link->sim, &link->relink, n.up_at);
}

/* The settings' result in force: speed and duplex set with no carrier
 * (nothing in flight), then the carrier back if they link. */
static void relink(struct sim *sim, void *arg)
{
	struct link *link = arg;
	const struct link_renegotiation *n = &g_array_index(
		link->renegotiations, struct link_renegotiation, link->renegotiations->len - 1);

	link->never = !n->link;
	if (n->link) {
		link->speed_bps = n->speed_bps;
		for (int i = 0; i < 2; i++)
			link->end[i]->speed_bps = n->speed_bps;
		link_set_duplex(link, n->half);
		/* the half-duplex medium ended with the carrier, at the change */
		if (!link->hdx && link->hdx_ever && link->hdx_until == sim->now)
			link->hdx_until = n->at;
	}
	g_free(link->negotiation);
	link->negotiation = g_strdup(n->why);
	link->relinking = false;
	update_carrier(link);
}

void link_set_end_failed(struct link *link, int end, bool failed)
{
	link->end_failed[end] = failed;
	update_carrier(link);
}

void link_transmit(struct link *link, int from_end, struct frame *f)
{
	struct link_dir *d = &link->dir[from_end];
	struct sim *sim = link->sim;
	sim_time_t at;

	if (!link_carrier(link)) {
		d->down_drops++;
		drop_frame(sim, f, DROP_LINK_DOWN, d->place);
		return;
	}
	/* The capture sees what left the transmitter, as a tap on the cable
	 * would (a half-duplex cable's: what arrived whole, deliver_hdx()). */
	if (link->pcap && !link->hdx)
		pcap_write(link->pcap, sim->now, f, wire_eth_padded_len(f->len));
	d->frames++;
	d->bytes += f->len;
	if (d->blackhole) {
		d->blackholed++;
		drop_frame(sim, f, DROP_BLACKHOLE, d->place);
		return;
	}
	if (rng_bernoulli(&link->rng, link->loss)) {
		d->lost++;
		drop_frame(sim, f, DROP_LINK_LOSS, d->place);
		return;
	}
	at = sim->now + link->delay;
	if (at < d->last_at)
		at = d->last_at;	/* a shorter delay never overtakes */
	d->last_at = at;
	if (link->hdx)
		hdx_spans_push(&link->hdx->flight[from_end],
			       *hdx_spans_last(&link->hdx->end[from_end].sent));
	link_dir_push(sim, d, f, at);
}

void link_hdx_fragment(struct link *link, int from_end, sim_time_t s, sim_time_t e)
{
	struct link_dir *d = &link->dir[from_end];
	sim_time_t at = e + link->delay;

	if (at < d->last_at)
		at = d->last_at;
	d->last_at = at;
	hdx_spans_push(&link->hdx->flight[from_end], (struct hdx_span){ s, e });
	link_dir_push(link->sim, d, NULL, at);
}

/*
 * A half-duplex cable's delivery: the frame (or fragment) whose signal has
 * now wholly arrived.  A half-duplex receiver that sent while it arrived
 * took it for a collision (its MAC counted that); anything else gets a
 * fragment as a frame whose FCS is wrong (rx_crc_errors), counted and not
 * a frame of anyone's flow.
 */
static void deliver_hdx(struct sim *sim, void *arg)
{
	struct link_dir *d = arg;
	struct link *link = d->link;
	struct hdx *h = link->hdx;
	sim_time_t next_at;
	struct frame *f = dir_pop(d, &next_at);
	struct hdx_span span = hdx_spans_pop(&h->flight[1 - d->to]);
	bool garbled = h->end[d->to].half && hdx_heard_while_sending(h, d->to, span);

	if (d->len)
		sim_timer_arm(sim, &d->deliver, next_at);
	if (!f) {
		if (!garbled) {
			h->end[d->to].c.rx_crc_errors++;
			d->rx->drops[DROP_FCS_ERROR]++;
		}
		return;
	}
	if (garbled) {
		netdev_drop(d->rx, f, DROP_RX_WHILE_SENDING);
		return;
	}
	if (link->pcap)
		pcap_write(link->pcap, span.e + h->ifg, f, wire_eth_padded_len(f->len));
	d->rx->ops->wire_rx(d->rx, f);
}

void link_set_duplex(struct link *link, const bool half[2])
{
	bool any = half[0] || half[1];

	link_settle(link, WIRE_TAKE_BACK);
	if (link->hdx) {
		for (int i = 0; i < 2; i++) {
			sim_timer_cancel(link->sim, &link->hdx->end[i].timer);
			link->hdx_kept[i] = link->hdx->end[i].c;
		}
		link->hdx_ever = true;
		link->hdx_until = link->sim->now;
		hdx_free(link->hdx);
		link->hdx = NULL;
	}
	if (any) {
		link->hdx = hdx_new(link, half);
		for (int i = 0; i < 2; i++)
			link->hdx->end[i].c = link->hdx_kept[i];
	}
	for (int i = 0; i < 2; i++) {
		struct netdev *end = link->end[i];

		g_assert(!link->dir[i].len);	/* set before any frame flies */
		sim_timer_init(&link->dir[i].deliver, any ? deliver_hdx : deliver, &link->dir[i]);
		end->full_duplex = !half[i];
		if (end->ops->wire_duplex)
			end->ops->wire_duplex(end, any ? &link->hdx->end[i] : NULL);
	}
	link_refresh(link);
}

void link_take_back(struct link_dir *d, struct frame *f, sim_time_t prev_last_at)
{
	g_assert(d->len);
	g_assert((d->len == 1 ? d->first : d->ring[(d->head + d->len - 2) & (d->cap - 1)].f) == f);
	d->len--;
	d->last_at = prev_last_at;
	if (!d->len)
		sim_timer_cancel(d->link->sim, &d->deliver);
}
