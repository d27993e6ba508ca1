/*
 * hdx.c - the shared medium of a cable with a half-duplex end.
 *
 * DOC: Each end's spans are kept while the other end may still be hearing
 * them or a frame that overlapped them may still be arriving (the cable's
 * delay plus the longest frame), then forgotten.  With two ends and the
 * other end's signal heard exactly delay later, "is the carrier up here at
 * t" is "was the other end sending at t - delay".
 */
#include "hdx.h"
#include "link.h"
#include "json.h"
#include "metrics.h"
#include "wire/wire.h"

/* ip -s -s link's names, in its order (TX errors: aborted ... window) */
#define HDX_COUNTERS(X) X(collisions) X(tx_aborted_errors) X(tx_window_errors) X(rx_crc_errors)

void hdx_counters_text(const struct hdx_counters *c, GString *out)
{
	const char *sep = "";

#define TEXT(name) g_string_append_printf(out, "%s" #name " %" G_GUINT64_FORMAT, sep, c->name); sep = ", ";
	HDX_COUNTERS(TEXT)
#undef TEXT
}

void hdx_counters_metrics(const struct hdx_counters *c, struct metrics *m, const char *prefix)
{
#define METRIC(name) metrics_add_int(m, (int64_t)c->name, "%s." #name, prefix);
	HDX_COUNTERS(METRIC)
#undef METRIC
}

void hdx_counters_json(const struct hdx_counters *c, struct json *j)
{
#define JSON(name) json_int(j, #name, (int64_t)c->name);
	HDX_COUNTERS(JSON)
#undef JSON
}

bool hdx_parse(const char *s, bool half[2])
{
	static const struct { const char *name; bool h0, h1; } forms[] = {
		{ "full", false, false },
		{ "half", true, true },
		{ "full/half", false, true },
		{ "half/full", true, false },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(forms); i++)
		if (!strcmp(s, forms[i].name)) {
			half[0] = forms[i].h0;
			half[1] = forms[i].h1;
			return true;
		}
	return false;
}

const char *hdx_text(const bool half[2])
{
	if (half[0] == half[1])
		return half[0] ? "Half" : "Full";
	return half[0] ? "Half/Full" : "Full/Half";
}

const char *link_duplex_text(const struct link *l)
{
	bool half[2];

	if (!l->hdx)
		return "Full";
	half[0] = l->hdx->end[0].half;
	half[1] = l->hdx->end[1].half;
	return hdx_text(half);
}

sim_time_t hdx_bits(const struct hdx *h, uint64_t n)
{
	uint64_t bps = h->link->speed_bps ? h->link->speed_bps : 1000000000ULL;

	return (sim_time_t)((n * (uint64_t)SIM_S + bps - 1) / bps);
}

struct hdx *hdx_new(struct link *link, const bool half[2])
{
	struct hdx *h = g_new0(struct hdx, 1);

	h->link = link;
	/* IEEE 802.3 4.4.2: slotTime 512 bit times, 4096 at 1000 Mb/s (the
	 * carrier extension's slot); jamSize 32 bits, interFrameGap 96 bits */
	h->slot = hdx_bits(h, link->speed_bps > 100000000ULL ? 4096 : 512);
	h->jam = hdx_bits(h, 32);
	h->ifg = hdx_bits(h, 96);
	/* a jumbo frame's signal, and the delay for it to be heard */
	h->keep = hdx_bits(h, (uint64_t)(65536 + WIRE_ETH_OVERHEAD) * 8);
	for (int i = 0; i < 2; i++) {
		h->end[i].half = half[i];
		h->end[i].wait = HDX_IDLE;
	}
	return h;
}

void hdx_free(struct hdx *h)
{
	if (!h)
		return;
	for (int i = 0; i < 2; i++) {
		g_free(h->end[i].sent.v);
		g_free(h->flight[i].v);
	}
	g_free(h);
}

void hdx_spans_push(struct hdx_spans *r, struct hdx_span s)
{
	if (r->len == r->cap) {
		uint32_t cap = r->cap ? r->cap * 2 : 8;
		struct hdx_span *v = g_new(struct hdx_span, cap);

		for (uint32_t i = 0; i < r->len; i++)
			v[i] = r->v[(r->head + i) & (r->cap - 1)];
		g_free(r->v);
		r->v = v;
		r->head = 0;
		r->cap = cap;
	}
	r->v[(r->head + r->len++) & (r->cap - 1)] = s;
}

struct hdx_span hdx_spans_pop(struct hdx_spans *r)
{
	struct hdx_span s = r->v[r->head];

	g_assert(r->len);
	r->head = (r->head + 1) & (r->cap - 1);
	r->len--;
	return s;
}

static struct hdx_span *span_at(struct hdx_spans *r, uint32_t i)
{
	return &r->v[(r->head + i) & (r->cap - 1)];
}

/* Forget @end's spans that nobody can hear or be overlapping any more. */
static void forget_old(struct hdx *h, int end)
{
	struct hdx_spans *r = &h->end[end].sent;
	sim_time_t horizon = h->link->sim->now - h->link->delay - h->keep;

	while (r->len > 1 && span_at(r, 0)->e < horizon)
		hdx_spans_pop(r);
}

sim_time_t hdx_idle_at(struct hdx *h, int end)
{
	sim_time_t now = h->link->sim->now, d = h->link->delay, at = now;
	struct hdx_spans *far = &h->end[1 - end].sent;
	const struct hdx_span *own = hdx_spans_last(&h->end[end].sent);

	if (own && own->e + h->ifg > at)
		at = own->e + h->ifg;
	/* the far end's signal, heard delay later: the last that has begun
	 * here and not ended more than a gap ago (spans never overlap) */
	forget_old(h, 1 - end);
	for (uint32_t i = far->len; i-- > 0;) {
		const struct hdx_span *s = span_at(far, i);

		if (s->s + d > now)
			continue;	/* not heard yet: deferral cannot know of it */
		if (s->e + d + h->ifg > at)
			at = s->e + d + h->ifg;
		break;
	}
	return at;
}

static void arm_collision(struct hdx *h, struct hdx_end *x, sim_time_t at)
{
	if (x->wait == HDX_COLLIDE && x->collide_at <= at)
		return;
	x->wait = HDX_COLLIDE;
	x->collide_at = at;
	sim_timer_arm(h->link->sim, &x->timer, at);
}

void hdx_start(struct hdx *h, int end, sim_time_t len)
{
	struct hdx_end *me = &h->end[end], *far = &h->end[1 - end];
	sim_time_t now = h->link->sim->now, d = h->link->delay;
	struct hdx_span mine = { now, now + len };

	forget_old(h, end);
	forget_old(h, 1 - end);
	hdx_spans_push(&me->sent, mine);
	me->sending = true;
	/* We hear the far end's spans that reach us before our last bit:
	 * the first of them is our collision. */
	if (me->half)
		for (uint32_t i = 0; i < far->sent.len; i++) {
			const struct hdx_span *s = span_at(&far->sent, i);

			if (s->e + d > now && s->s + d < mine.e) {
				arm_collision(h, me, MAX(now, s->s + d));
				break;
			}
		}
	/* The far end hears our first bit delay from now: a collision if it
	 * is still sending then (spans it starts later check against ours). */
	if (far->half && far->sending && hdx_spans_last(&far->sent)->e > now + d)
		arm_collision(h, far, now + d);
}

void hdx_stop(struct hdx *h, int end, sim_time_t e)
{
	struct hdx_end *me = &h->end[end];

	hdx_spans_last(&me->sent)->e = e;
	me->sending = false;
}

void hdx_nudge_far(struct hdx *h, int end)
{
	struct hdx_end *far = &h->end[1 - end];
	sim_time_t at;

	if (!far->half || far->wait != HDX_WAKE)
		return;
	at = MAX(far->backoff_until, hdx_idle_at(h, 1 - end));
	if (at < far->timer.at)
		sim_timer_arm(h->link->sim, &far->timer, at);
}

bool hdx_heard_while_sending(struct hdx *h, int end, struct hdx_span far)
{
	struct hdx_spans *r = &h->end[end].sent;
	sim_time_t d = h->link->delay;

	for (uint32_t i = r->len; i-- > 0;) {
		const struct hdx_span *s = span_at(r, i);

		if (s->s < far.e + d && s->e > far.s + d)
			return true;
		if (s->e <= far.s + d)
			break;		/* older spans end earlier still */
	}
	return false;
}

void hdx_reset(struct hdx *h)
{
	for (int i = 0; i < 2; i++) {
		h->end[i].sent.len = 0;
		h->end[i].sending = false;
		h->end[i].attempts = 0;
		h->flight[i].len = 0;
	}
}
