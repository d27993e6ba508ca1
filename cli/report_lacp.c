/*
 * report_lacp.c - 802.3ad as the engineer asks about it: did it negotiate,
 * how fast, and when and why did a port leave the aggregator.
 *
 * DOC: Every 802.3ad bond tells us, through its port hook, each time one of
 * its slaves' ports starts or stops collecting and distributing, and why
 * (carrier, LACP timeout, partner out of sync, unselected).  We keep them
 * per port with the moment the port could have started: the latest of the
 * bond's open, the slave's link committed up by the bond (LACP learns of a
 * link only then, bond_3ad_handle_link_change()) and, for a return, the
 * moment it left.  From them come the negotiation times of the "802.3ad /
 * LACP" section, its metrics, the JSON "lacp" object of the bond, and the
 * world events from which the failover report says when each port left.
 *
 * The state bits and LACPDU counters are read from the ports at the end of
 * the run, as /proc/net/bonding would show them then.
 */
#include <string.h>
#include "world.h"
#include "lacp/lacp.h"

static const char *const state_bits[8] = {
	"Activity", "Timeout", "Aggregation", "Sync", "Collecting", "Distributing", "Defaulted",
	"Expired",
};

const char *report_lacp_state(uint8_t state, char *buf, size_t size)
{
	GString *s = g_string_new(NULL);

	g_string_printf(s, "0x%02x (", state);
	for (int i = 0; i < 8; i++)
		if (state & 1 << i)
			g_string_append_printf(s, "%s%s", s->str[s->len - 1] == '(' ? "" : ",",
					       state_bits[i]);
	if (!state)
		g_string_append(s, "none");
	g_string_append_c(s, ')');
	g_strlcpy(buf, s->str, size);
	g_string_free(s, TRUE);
	return buf;
}

static const char *why_text(const char *why, bool short_timeout, char *buf, size_t size)
{
	if (strcmp(why, "lacp timeout") == 0)
		/* no comma: failover.csv carries it */
		g_snprintf(buf, size, "%s LACP timeout: %d s without a LACPDU",
			   short_timeout ? "short" : "long", short_timeout ? 3 : 90);
	else if (strcmp(why, "no partner") == 0)
		g_strlcpy(buf, "no LACP partner: the individual fallback", size);
	else if (strcmp(why, "negotiating") == 0)
		g_strlcpy(buf, "attached to an aggregator with a LACP partner", size);
	else if (strcmp(why, "collecting_distributing") == 0)
		/* the mux state, as the LACP section and /proc write it */
		g_strlcpy(buf, "collecting+distributing", size);
	else
		g_strlcpy(buf, why, size);
	return buf;
}

const char *report_lacp_why(const struct world_event *ev, char *buf, size_t size)
{
	return why_text(ev->why, ev->short_timeout, buf, size);
}

static int count_distributing(const struct bond *b)
{
	int n = 0;

	for (guint i = 0; i < b->slaves->len; i++)
		n += bond_3ad_slave_distributing(b, bond_slave(b, i));
	return n;
}

/* A join that LACP negotiated (both ends in sync), not the fallback's forcing. */
static bool lacp_join(const struct world_lacp_change *ch)
{
	return ch->on && strcmp(ch->why, "no partner") != 0;
}

static struct world_lacp_port *port_get(struct world_lacp *l, const struct slave *s);

/* Slaves distributing through LACP: @s (joining now) and those whose last change was a join. */
static int count_negotiated(const struct bond *b, struct world_lacp *l, const struct slave *s)
{
	int n = 0;

	for (guint i = 0; i < b->slaves->len; i++) {
		const struct slave *o = bond_slave(b, i);
		const struct world_lacp_port *lp;

		if (o == s) {
			n++;
			continue;
		}
		if (!bond_3ad_slave_distributing(b, o))
			continue;
		lp = port_get(l, o);
		n += lp->changes->len &&
		     lacp_join(&g_array_index(lp->changes, struct world_lacp_change,
					      lp->changes->len - 1));
	}
	return n;
}

/*
 * The record of @s, made the first time its NIC is seen: kept by the NIC,
 * not by the slave's place in the bond, which a release shifts (and a NIC
 * enslaved again continues its own record).  Records never move.
 */
static struct world_lacp_port *port_get(struct world_lacp *l, const struct slave *s)
{
	struct world_lacp_port *lp;

	for (guint k = 0; k < l->ports->len; k++) {
		lp = g_ptr_array_index(l->ports, k);
		if (lp->dev == s->dev)
			return lp;
	}
	lp = g_new0(struct world_lacp_port, 1);
	lp->dev = s->dev;
	lp->up_since = -1;
	lp->left_at = -1;
	lp->changes = g_array_new(FALSE, FALSE, sizeof(struct world_lacp_change));
	g_ptr_array_add(l->ports, lp);
	return lp;
}

/* The bond's port hook: one change, kept on the port and as a world event. */
static void on_port(void *arg, struct bond *b, struct slave *s, bool on, const char *why)
{
	struct world_bond *c = arg;
	struct world_lacp *l = c->lacp;
	struct world_lacp_port *lp = port_get(l, s);
	const struct lacp_port *p = bond_3ad_port(b, s);
	sim_time_t now = b->dev.sim->now;
	struct world_lacp_change ch = { .at = now, .on = on, .why = g_intern_string(why),
					.since = -1, .since_what = NULL };
	struct world_event ev = { 0 };

	ch.short_timeout = p->actor_oper_port_state & LACP_STATE_TIMEOUT;
	ch.distributing = count_distributing(b);
	/*
	 * The bond tells every change of the slave's tx flag, and a slave may be
	 * made a backup twice over (carrier lost, then its link committed up
	 * again while LACP has not let it in): a port that is out stays out,
	 * one that is in stays in, unless the fallback's forcing turns into a
	 * negotiated join.
	 */
	if (lp->changes->len) {
		const struct world_lacp_change *last =
			&g_array_index(lp->changes, struct world_lacp_change, lp->changes->len - 1);

		if (last->on == on && (!on || lacp_join(last) || !lacp_join(&ch)))
			return;
	}
	/*
	 * A port forced on while no partner answered (the individual fallback)
	 * stops when a partner is heard and LACP starts over: that is no
	 * departure from an aggregator but the start of its negotiation.
	 */
	if (!on && lp->changes->len && strcmp(why, "carrier") != 0 && strcmp(why, "released") != 0) {
		const struct world_lacp_change *prev =
			&g_array_index(lp->changes, struct world_lacp_change, lp->changes->len - 1);

		if (prev->on && strcmp(prev->why, "no partner") == 0)
			ch.why = g_intern_static_string("negotiating");
	}
	if (on) {
		ch.since = b->opened_at;
		ch.since_what = "the bond opened";
		if (lp->up_since > ch.since) {
			ch.since = lp->up_since;
			ch.since_what = "its link came up";
		}
		if (lp->left_at > ch.since) {
			ch.since = lp->left_at;
			ch.since_what = "it left";
		}
		if (lacp_join(&ch) && l->first_cd_at < 0)
			l->first_cd_at = now;
		if (lacp_join(&ch) && l->all_cd_at < 0 &&
		    (guint)count_negotiated(b, l, s) == b->slaves->len)
			l->all_cd_at = now;
	} else if (ch.why != g_intern_static_string("negotiating")) {
		lp->left_at = now;
	}
	g_array_append_val(lp->changes, ch);

	ev.at = now;
	ev.kind = on ? WEV_LACP_JOINED : WEV_LACP_LEFT;
	ev.host = c->host;
	ev.bond = b->dev.name;
	ev.slave = s->dev->name;
	ev.why = ch.why;
	ev.short_timeout = ch.short_timeout;
	ev.distributing = ch.distributing;
	ev.min_links = b->params.min_links;
	ev.since = ch.since;
	ev.since_what = ch.since_what;
	g_array_append_val(c->w->events, ev);
}

/* The bond's notifier chain: when each slave's link was committed up. */
static void on_bond_event(void *arg, struct netdev *dev, enum netdev_event nev, const void *info)
{
	struct world_bond *c = arg;
	const struct slave *s = info;

	if (nev != NETDEV_CHANGELOWERSTATE)
		return;
	port_get(c->lacp, s)->up_since = s->link == BOND_LINK_UP ? dev->sim->now : -1;
}

void report_lacp_install(struct world *w)
{
	for (guint i = 0; i < w->bond_ctx->len; i++) {
		struct world_bond *c = g_ptr_array_index(w->bond_ctx, i);
		struct bond *b = c->bond;
		struct world_lacp *l;

		if (b->ops != &bond_3ad_ops)
			continue;
		l = g_new0(struct world_lacp, 1);
		l->first_cd_at = l->all_cd_at = -1;
		l->ports = g_ptr_array_new();
		for (guint k = 0; k < b->slaves->len; k++) {
			const struct slave *s = bond_slave(b, k);
			struct world_lacp_port *lp = port_get(l, s);

			/* enslaved with its link up: up since now, the world's start */
			if (s->link == BOND_LINK_UP)
				lp->up_since = w->sim->now;
		}
		c->lacp = l;
		/* a notifier of its own: failover.c's is registered with c as owner */
		netdev_notifier_register(&b->dev, on_bond_event, c);
		bond_3ad_set_port_hook(b, on_port, c);
	}
}

void report_lacp_free(struct world_bond *c)
{
	if (!c->lacp)
		return;
	for (guint k = 0; k < c->lacp->ports->len; k++) {
		struct world_lacp_port *lp = g_ptr_array_index(c->lacp->ports, k);

		g_array_free(lp->changes, TRUE);
		g_free(lp);
	}
	g_ptr_array_free(c->lacp->ports, TRUE);
	g_free(c->lacp);
	c->lacp = NULL;
}

/* ---- after the run ----------------------------------------------------------- */

/*
 * The [expect] lines are checked against the metric names before the hooks
 * are installed: an 802.3ad bond without its record yet reads as one whose
 * ports never changed.
 */
const struct world_lacp_port *report_lacp_port(const struct world_lacp *l, const struct slave *s)
{
	static const struct world_lacp_port none = { NULL, -1, -1, NULL };

	for (guint k = 0; l && k < l->ports->len; k++) {
		const struct world_lacp_port *lp = g_ptr_array_index(l->ports, k);

		if (lp->dev == s->dev)
			return lp;
	}
	return &none;
}

static guint n_changes(const struct world_lacp_port *lp)
{
	return lp->changes ? lp->changes->len : 0;
}

/* The port's first return to collecting+distributing and its latest, NULL if none. */
static const struct world_lacp_change *nth_join(const struct world_lacp_port *lp, bool last)
{
	const struct world_lacp_change *found = NULL;

	for (guint i = 0; i < n_changes(lp); i++) {
		const struct world_lacp_change *ch =
			&g_array_index(lp->changes, struct world_lacp_change, i);

		if (!lacp_join(ch))
			continue;
		found = ch;
		if (!last)
			break;
	}
	return found;
}

static guint joins(const struct world_lacp_port *lp)
{
	guint n = 0;

	for (guint i = 0; i < n_changes(lp); i++)
		n += lacp_join(&g_array_index(lp->changes, struct world_lacp_change, i));
	return n;
}

/* Times the port left, for one reason or (@why NULL) all; "other": none of the three. */
static guint left_for(const struct world_lacp_port *lp, const char *why)
{
	static const char *const named[] = { "carrier", "lacp timeout", "partner out of sync" };
	guint n = 0;

	for (guint i = 0; i < n_changes(lp); i++) {
		const struct world_lacp_change *ch =
			&g_array_index(lp->changes, struct world_lacp_change, i);
		bool match = !why || strcmp(ch->why, why) == 0;

		if (why && strcmp(why, "other") == 0) {
			match = true;
			for (guint k = 0; k < G_N_ELEMENTS(named); k++)
				match &= strcmp(ch->why, named[k]) != 0;
		}
		n += !ch->on && match && strcmp(ch->why, "negotiating") != 0;
	}
	return n;
}

static uint16_t port_agg_id(const struct lacp_port *p)
{
	return p->agg ? p->agg->id : 0;
}

static void fmt_s(GString *out, sim_time_t d)
{
	g_string_append_printf(out, "%.3f s", (double)d / SIM_S);
}

/* At most this many changes per port in the text; all of them in the JSON. */
#define TEXT_CHANGES 12

static void text_port(const struct bond *b, const struct world_lacp *l, guint k, GString *out)
{
	const struct slave *s = bond_slave(b, k);
	const struct lacp_port *p = bond_3ad_port(b, s);
	const struct world_lacp_port *lp = report_lacp_port(l, s);
	guint left = left_for(lp, NULL);
	char st[96], t[32], why[64];
	const struct world_lacp_change *last =
		n_changes(lp) ? &g_array_index(lp->changes, struct world_lacp_change,
					       n_changes(lp) - 1) : NULL;
	/* distributing with no partner is the individual fallback, not a bundle */
	const char *state = !bond_3ad_slave_distributing(b, s) ? "not distributing" :
			    last && last->on && !lacp_join(last) ?
				    "forced on (no LACP partner: individual fallback)" :
				    "collecting+distributing";

	g_string_append_printf(out, "    %s: aggregator %u, %s, LACPDUs rx %" G_GUINT64_FORMAT
			       " tx %" G_GUINT64_FORMAT ", left the aggregator %u time%s\n",
			       s->dev->name, port_agg_id(p), state,
			       (guint64)p->lacpdu_rx, (guint64)p->lacpdu_tx, left,
			       left == 1 ? "" : "s");
	g_string_append_printf(out, "      actor   %s\n",
			       report_lacp_state(p->actor_oper_port_state, st, sizeof(st)));
	g_string_append_printf(out, "      partner %s\n",
			       report_lacp_state(p->partner_oper.state, st, sizeof(st)));
	for (guint i = 0; i < n_changes(lp) && i < TEXT_CHANGES; i++) {
		const struct world_lacp_change *ch =
			&g_array_index(lp->changes, struct world_lacp_change, i);

		g_string_append_printf(out, "      %12s s  ",
				       sim_time_format_sec(ch->at, t, sizeof(t)));
		if (ch->on && !lacp_join(ch)) {
			g_string_append(out, "forced on: no LACP partner (individual fallback), ");
			fmt_s(out, ch->at - ch->since);
			g_string_append_printf(out, " after %s\n", ch->since_what);
		} else if (ch->on) {
			g_string_append(out, "collecting+distributing, ");
			fmt_s(out, ch->at - ch->since);
			g_string_append_printf(out, " after %s\n", ch->since_what);
		} else if (strcmp(ch->why, "negotiating") == 0) {
			g_string_append(out, "no longer forced on: attached to an aggregator "
					     "with a LACP partner, not yet collecting+distributing\n");
		} else {
			why_text(ch->why, ch->short_timeout, why, sizeof(why));
			g_string_append_printf(out, "left the aggregator (%s): %d of %u ports "
					       "still distributing\n", why, ch->distributing,
					       b->slaves->len);
		}
	}
	if (n_changes(lp) > TEXT_CHANGES)
		g_string_append_printf(out, "      ... %u more changes (report.json)\n",
				       n_changes(lp) - TEXT_CHANGES);
	if (!n_changes(lp))
		g_string_append(out, "      never collecting+distributing\n");
}

void report_lacp_text(const struct world *w, GString *out)
{
	bool header = false;

	for (guint i = 0; i < w->bond_ctx->len; i++) {
		const struct world_bond *c = g_ptr_array_index(w->bond_ctx, i);
		const struct bond *b = c->bond;
		const struct world_lacp *l = c->lacp;
		char at[32];

		if (!l)
			continue;
		if (!header)
			g_string_append(out, "\n== 802.3ad / LACP\n");
		header = true;
		g_string_append_printf(out, "  %s.%s: lacp_rate %s, opened at %s; ", c->host,
				       b->dev.name, b->params.lacp_rate ? "fast" : "slow",
				       sim_time_format(b->opened_at, at, sizeof(at)));
		if (l->first_cd_at < 0) {
			g_string_append(out, "no port ever collecting+distributing with an LACP partner\n");
		} else {
			g_string_append(out, "first port collecting+distributing ");
			fmt_s(out, l->first_cd_at - b->opened_at);
			g_string_append(out, " after, ");
			if (l->all_cd_at < 0) {
				g_string_append_printf(out, "never all %u at once\n",
						       b->slaves->len);
			} else {
				g_string_append_printf(out, "all %u ports ", b->slaves->len);
				fmt_s(out, l->all_cd_at - b->opened_at);
				g_string_append(out, " after\n");
			}
		}
		for (guint k = 0; k < b->slaves->len; k++)
			text_port(b, l, k, out);
	}
}

static void json_time_or_null(struct json *j, const char *key, sim_time_t t)
{
	if (t >= 0)
		json_int(j, key, t);
	else
		json_string(j, key, NULL);
}

void report_lacp_json(const struct world *w, const struct bond *b, struct json *j)
{
	const struct world_lacp *l = world_bond_ctx(w, b)->lacp;
	char st[96];

	if (!l)
		return;
	json_begin_object(j, "lacp");
	json_string(j, "lacp_rate", b->params.lacp_rate ? "fast" : "slow");
	json_time_or_null(j, "cd_ns", l->first_cd_at < 0 ? -1 : l->first_cd_at - b->opened_at);
	json_time_or_null(j, "all_cd_ns", l->all_cd_at < 0 ? -1 : l->all_cd_at - b->opened_at);
	json_int(j, "distributing", count_distributing(b));
	json_begin_array(j, "ports");
	for (guint k = 0; k < b->slaves->len; k++) {
		const struct slave *s = bond_slave(b, k);
		const struct lacp_port *p = bond_3ad_port(b, s);
		const struct world_lacp_port *lp = report_lacp_port(l, s);
		const struct world_lacp_change *first = nth_join(lp, false);

		json_begin_object(j, NULL);
		json_string(j, "slave", s->dev->name);
		json_int(j, "aggregator", port_agg_id(p));
		json_bool(j, "distributing", bond_3ad_slave_distributing(b, s));
		json_int(j, "actor_state", p->actor_oper_port_state);
		json_string(j, "actor_state_text",
			    report_lacp_state(p->actor_oper_port_state, st, sizeof(st)));
		json_int(j, "partner_state", p->partner_oper.state);
		json_string(j, "partner_state_text",
			    report_lacp_state(p->partner_oper.state, st, sizeof(st)));
		json_int(j, "lacpdu_rx", (int64_t)p->lacpdu_rx);
		json_int(j, "lacpdu_tx", (int64_t)p->lacpdu_tx);
		json_time_or_null(j, "cd_ns", first ? first->at - first->since : -1);
		json_int(j, "left", left_for(lp, NULL));
		json_begin_array(j, "changes");
		for (guint i = 0; i < n_changes(lp); i++) {
			const struct world_lacp_change *ch =
				&g_array_index(lp->changes, struct world_lacp_change, i);

			json_begin_object(j, NULL);
			json_int(j, "time_ns", ch->at);
			json_string(j, "event", ch->on ? "joined" : "left");
			json_string(j, "why", ch->why);
			json_bool(j, "short_timeout", ch->short_timeout);
			json_time_or_null(j, "negotiation_ns", ch->on ? ch->at - ch->since : -1);
			json_string(j, "since", ch->since_what);
			json_int(j, "distributing", ch->distributing);
			json_end_object(j);
		}
		json_end_array(j);
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);
}

static double ms_or_never(sim_time_t d)
{
	return d >= 0 ? (double)d / SIM_MS : -1;
}

void report_lacp_metrics(const struct world *w, const struct bond *b, struct metrics *m)
{
	const struct world_bond *c = world_bond_ctx(w, b);
	const struct world_lacp *l = c->lacp;
	const char *h = c->host, *bn = b->dev.name;
	sim_time_t first = l && l->first_cd_at >= 0 ? l->first_cd_at - b->opened_at : -1;
	sim_time_t all = l && l->all_cd_at >= 0 ? l->all_cd_at - b->opened_at : -1;

	if (b->ops != &bond_3ad_ops)
		return;
	metrics_add_double(m, ms_or_never(first), "%s.%s.lacp.cd_ms", h, bn);
	metrics_add_double(m, ms_or_never(all), "%s.%s.lacp.all_cd_ms", h, bn);
	metrics_add_int(m, count_distributing(b), "%s.%s.lacp.distributing", h, bn);
	for (guint k = 0; k < b->slaves->len; k++) {
		const struct slave *s = bond_slave(b, k);
		const struct lacp_port *p = bond_3ad_port(b, s);
		const struct world_lacp_port *lp = report_lacp_port(l, s);
		const struct world_lacp_change *j1 = nth_join(lp, false), *jn = nth_join(lp, true);
		const char *sn = s->dev->name;

		metrics_add_double(m, ms_or_never(j1 ? j1->at - j1->since : -1),
				   "%s.%s.%s.lacp.cd_ms", h, bn, sn);
		metrics_add_double(m, ms_or_never(joins(lp) > 1 ? jn->at - jn->since : -1),
				   "%s.%s.%s.lacp.rejoin_ms", h, bn, sn);
		metrics_add_int(m, bond_3ad_slave_distributing(b, s), "%s.%s.%s.lacp.distributing",
				h, bn, sn);
		metrics_add_int(m, port_agg_id(p), "%s.%s.%s.lacp.aggregator", h, bn, sn);
		metrics_add_int(m, p->actor_oper_port_state, "%s.%s.%s.lacp.actor_state", h, bn,
				sn);
		metrics_add_int(m, p->partner_oper.state, "%s.%s.%s.lacp.partner_state", h, bn, sn);
		metrics_add_int(m, (int64_t)p->lacpdu_rx, "%s.%s.%s.lacp.pdu_rx", h, bn, sn);
		metrics_add_int(m, (int64_t)p->lacpdu_tx, "%s.%s.%s.lacp.pdu_tx", h, bn, sn);
		metrics_add_int(m, joins(lp), "%s.%s.%s.lacp.joined", h, bn, sn);
		metrics_add_int(m, left_for(lp, NULL), "%s.%s.%s.lacp.left", h, bn, sn);
		metrics_add_int(m, left_for(lp, "carrier"), "%s.%s.%s.lacp.left_carrier", h, bn,
				sn);
		metrics_add_int(m, left_for(lp, "lacp timeout"), "%s.%s.%s.lacp.left_timeout", h,
				bn, sn);
		metrics_add_int(m, left_for(lp, "partner out of sync"),
				"%s.%s.%s.lacp.left_out_of_sync", h, bn, sn);
		metrics_add_int(m, left_for(lp, "other"), "%s.%s.%s.lacp.left_other", h, bn, sn);
	}
}
