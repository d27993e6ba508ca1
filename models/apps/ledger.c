/*
 * ledger.c - per-packet accounting of measured flows (see ledger.h).
 */
#include <string.h>
#include "ledger.h"
#include "json.h"

/* The ledgers of one simulation, by flow id; installed as its frame monitor. */
struct ledger_index {
	struct sim *sim;
	struct flow_ledger **by_id;	/* index = meta.flow; NULL: no ledger */
	uint32_t len;			/* of by_id */
	guint users;
};

/* The ring slot of @seq, in base..sent-1. */
static uint32_t slot(const struct flow_ledger *l, uint32_t seq)
{
	return (l->head + (seq - l->base)) & (l->cap - 1);
}

/* A copy that died only because it was flooded where the packet was not going. */
static bool incidental(int reason)
{
	return (reason & DROP_ASTRAY) || reason == DROP_OTHERHOST || reason == DROP_NOT_FOR_US || reason == DROP_FILTERED ||
	       reason == DROP_NO_EGRESS ||
	       reason == LEDGER_CONSUMED_ELSEWHERE;
}

static struct ledger_place *place_of(struct flow_ledger *l, const char *place, int reason)
{
	struct ledger_place np = { place, reason & ~DROP_ASTRAY, 0, 0 };

	for (guint i = 0; i < l->places->len; i++) {
		struct ledger_place *p = &g_array_index(l->places, struct ledger_place, i);

		if (p->reason == np.reason && p->place == place)
			return p;
	}
	g_array_append_val(l->places, np);
	return &g_array_index(l->places, struct ledger_place, l->places->len - 1);
}

/* Forget resolved packets at the front of the window. */
static void advance(struct flow_ledger *l)
{
	while (l->base != l->sent && l->live[l->head] == 0) {
		l->head = (l->head + 1) & (l->cap - 1);
		l->base++;
	}
}

/* Is @place ("host.dev") on the packet's destination host? */
static bool at_dest(const struct flow_ledger *l, const char *place)
{
	size_t n = l->dest_host ? strlen(l->dest_host) : 0;

	return n && strncmp(place, l->dest_host, n) == 0 && place[n] == '.';
}

/*
 * Of two drops of one packet's copies, does @a say better than @b where
 * the packet died?  A drop that is no accident of flooding, then one at
 * the packet's own destination.
 */
static bool tells_more(const struct flow_ledger *l, const char *a, int ra, const char *b, int rb)
{
	if (incidental(ra) != incidental(rb))
		return !incidental(ra);
	return incidental(ra) && at_dest(l, a) && !at_dest(l, b);
}

/*
 * A copy of @seq, in slot @i, died at @place for @reason.  @last: it was
 * the packet's last copy and the receiver never got the packet, which is
 * then lost, charged to this drop (or to an earlier one that tells more,
 * when this copy was only a flood's).
 */
static void charge(struct flow_ledger *l, uint32_t seq, uint32_t i, const char *place,
		   int reason, bool last)
{
	struct ledger_place *p = place_of(l, place, reason);
	struct ledger_why *w = &l->why[i];
	bool earlier = w->place && w->seq == seq;	/* an earlier copy of it died */

	if (last && earlier && tells_more(l, w->place, w->reason, place, reason)) {
		/* this copy was a flood's: the packet died where an earlier copy did */
		p->copies++;
		p = place_of(l, w->place, w->reason);
		p->copies--;
		p->lost++;
		l->lost++;
	} else if (last) {
		l->lost++;
		p->lost++;
	} else {
		l->copies_dropped++;
		p->copies++;
		if (!earlier || tells_more(l, place, reason, w->place, w->reason))
			*w = (struct ledger_why){ place, reason, seq };
	}
}

/* A copy of @seq, in slot @i, was dropped at @place for @reason. */
static void copy_dropped(struct flow_ledger *l, uint32_t seq, uint32_t i, const char *place,
			 int reason)
{
	g_assert(l->live[i] > 0);
	l->live[i]--;
	charge(l, seq, i, place, reason, l->live[i] == 0 && !l->seen(l->seen_arg, seq));
	if (seq == l->base)
		advance(l);
}

/*
 * A copy of @seq, in slot @i, was consumed by an endpoint: the receiver,
 * most of the time, so the packet is resolved.  A last copy consumed
 * without the receiver having the packet went to the wrong endpoint.
 */
static void copy_consumed(struct flow_ledger *l, uint32_t seq, uint32_t i)
{
	g_assert(l->live[i] > 0);
	if (--l->live[i] > 0)
		return;
	if (!l->seen(l->seen_arg, seq))
		charge(l, seq, i, "", LEDGER_CONSUMED_ELSEWHERE, true);
	if (seq == l->base)
		advance(l);
}

static void monitor(void *arg, const struct frame *f, enum sim_frame_event ev, int reason,
		    const char *place)
{
	struct ledger_index *ix = arg;
	struct flow_ledger *l;
	uint32_t seq = f->meta.seq, i;

	if (f->meta.flow >= ix->len)
		return;
	l = ix->by_id[f->meta.flow];
	if (!l || seq - l->base >= l->sent - l->base)
		return;
	i = slot(l, seq);
	switch (ev) {
	case SIM_FRAME_COPIED:
		g_assert(l->live[i] < UINT16_MAX);
		l->live[i]++;
		break;
	case SIM_FRAME_DROPPED:
		copy_dropped(l, seq, i, place ? place : "", reason);
		break;
	case SIM_FRAME_CONSUMED:
		copy_consumed(l, seq, i);
		break;
	}
}

void ledger_init(struct flow_ledger *l, struct sim *sim, uint32_t id,
		 bool (*seen)(const void *arg, uint32_t seq), const void *seen_arg)
{
	struct ledger_index *ix;

	memset(l, 0, sizeof(*l));
	l->sim = sim;
	l->id = id;
	l->seen = seen;
	l->seen_arg = seen_arg;
	l->cap = 64;
	l->live = g_new0(uint16_t, l->cap);
	l->why = g_new0(struct ledger_why, l->cap);
	l->places = g_array_new(FALSE, FALSE, sizeof(struct ledger_place));
	if (sim->frame_monitor == monitor) {
		ix = sim->frame_monitor_arg;
	} else {
		g_assert(!sim->frame_monitor);	/* one accountant per simulation */
		ix = g_new0(struct ledger_index, 1);
		ix->sim = sim;
		sim->frame_monitor = monitor;
		sim->frame_monitor_arg = ix;
	}
	if (id >= ix->len) {
		ix->by_id = g_renew(struct flow_ledger *, ix->by_id, id + 1);
		memset(ix->by_id + ix->len, 0, (id + 1 - ix->len) * sizeof(*ix->by_id));
		ix->len = id + 1;
	}
	g_assert(!ix->by_id[id]);
	ix->by_id[id] = l;
	ix->users++;
	l->index = ix;
}

void ledger_fini(struct flow_ledger *l)
{
	struct ledger_index *ix = l->index;

	if (!ix)
		return;
	ix->by_id[l->id] = NULL;
	if (--ix->users == 0) {
		ix->sim->frame_monitor = NULL;
		ix->sim->frame_monitor_arg = NULL;
		g_free(ix->by_id);
		g_free(ix);
	}
	g_free(l->live);
	g_free(l->why);
	g_array_free(l->places, TRUE);
	l->index = NULL;
}

/* Every slot of the ring is in use: double it, unrolled from the head. */
static G_GNUC_NO_INLINE void grow(struct flow_ledger *l)
{
	uint16_t *live = g_new0(uint16_t, l->cap * 2);
	struct ledger_why *why = g_new0(struct ledger_why, l->cap * 2);

	for (uint32_t i = 0; i < l->cap; i++) {
		live[i] = l->live[(l->head + i) & (l->cap - 1)];
		why[i] = l->why[(l->head + i) & (l->cap - 1)];
	}
	g_free(l->live);
	g_free(l->why);
	l->live = live;
	l->why = why;
	l->head = 0;
	l->cap *= 2;
}

void ledger_sent(struct flow_ledger *l, uint32_t seq)
{
	g_assert(seq == l->sent);
	l->live[slot(l, seq)] = 1;	/* its why is not its own: see struct ledger_why */
	l->sent++;
	/* the ring always has a slot free for the next one */
	if (l->sent - l->base == l->cap)
		grow(l);
}

bool ledger_seq_in_flight(const struct flow_ledger *l, uint32_t seq)
{
	return seq - l->base < l->sent - l->base && l->live[slot(l, seq)] > 0 &&
	       !l->seen(l->seen_arg, seq);
}

uint64_t ledger_in_flight(const struct flow_ledger *l)
{
	uint64_t n = 0;

	for (uint32_t seq = l->base; seq != l->sent; seq++)
		if (l->live[slot(l, seq)] > 0 && !l->seen(l->seen_arg, seq))
			n++;
	return n;
}

static int place_cmp(gconstpointer a, gconstpointer b)
{
	const struct ledger_place *x = a, *y = b;
	int c = strcmp(x->place, y->place);

	return c ? c : x->reason - y->reason;
}

GArray *ledger_places_sorted(const struct flow_ledger *l)
{
	GArray *a = g_array_sized_new(FALSE, FALSE, sizeof(struct ledger_place), l->places->len);

	g_array_append_vals(a, l->places->data, l->places->len);
	g_array_sort(a, place_cmp);
	return a;
}

const char *ledger_reason_name(int reason)
{
	if (reason == LEDGER_CONSUMED_ELSEWHERE)
		return "consumed_elsewhere";
	return drop_reason_names[reason];
}

void ledger_report_json(const struct flow_ledger *l, struct json *j)
{
	GArray *a = ledger_places_sorted(l);

	json_begin_array(j, "lost_at");
	for (guint i = 0; i < a->len; i++) {
		const struct ledger_place *p = &g_array_index(a, struct ledger_place, i);

		json_begin_object(j, NULL);
		json_string(j, "place", p->place);
		json_string(j, "reason", ledger_reason_name(p->reason));
		json_int(j, "packets", (int64_t)p->lost);
		json_int(j, "extra_copies", (int64_t)p->copies);
		json_end_object(j);
	}
	json_end_array(j);
	g_array_unref(a);
}
