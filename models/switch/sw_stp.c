/*
 * sw_stp.c - a bridge port's spanning-tree states after link-up: why a port
 * that is not portfast forwards nothing for 30 s.
 *
 * DOC: With spanning_tree on, every bridge port (a port, or a port-channel
 * as a whole) that comes up goes through the states of IEEE 802.1D before
 * it forwards: listening for forward_delay (15 s by default: it neither
 * learns nor forwards), then learning for forward_delay (it learns source
 * MACs but forwards nothing), then forwarding.  A portfast port (IOS's
 * "spanning-tree portfast", an edge port in 802.1w) forwards at once.
 * Rapid spanning tree takes as long on a port with a host behind it: the
 * host answers no proposal, so the port leaves discarding and learning on
 * the same forward_delay timers.  A port-channel starts when it comes up
 * (its first member bundled), not when a member joins a channel that is up
 * already; a stand-alone LACP member ((I), suspend-individual off) starts
 * as a bridge port of its own.
 *
 * This is the part of spanning tree that surprises bonding: the bond sees
 * carrier, the MII monitor brings the slave up `updelay` later, and the
 * switch port still drops for up to 2 x forward_delay.  bonding.rst's
 * advice (an updelay at least the switch's forwarding delay) is there for
 * it.  A port that is not portfast going to forwarding is a topology
 * change: the FDB entries of the other such ports are flushed, as rapid
 * spanning tree does (topology_change()).  Not modelled: BPDUs, root
 * election and the blocking of redundant links (a loop of plain links
 * still storms), per-VLAN instances (one state per port for all VLANs).
 *
 * Frames: in on a listening port, dropped as stp_listening; on a learning
 * port learnt then dropped as stp_learning; a flood skips every port that
 * does not forward; a known unicast to one is dropped as stp_egress on the
 * port it came in on.  The checks cost a frame one test of
 * sw->stp_transient (ports in listening or learning now) while none is.
 */
#include "sw_ifname.h"
#include "sw_priv.h"

static const char *const state_names[] = {
	[SW_STP_DISABLED] = "down",
	[SW_STP_LISTENING] = "listening",
	[SW_STP_LEARNING] = "learning",
	[SW_STP_FORWARDING] = "forwarding",
};

static bool transient(enum sw_stp_state s)
{
	return s == SW_STP_LISTENING || s == SW_STP_LEARNING;
}

/* Into @s: the count of transient ports follows, the change is kept. */
static void enter(struct sw_stp_port *st, enum sw_stp_state s)
{
	struct sw *sw = st->sw;
	struct sw_stp_change c = { sw->sim->now, s };

	if (transient(st->state) && !transient(s))
		sw->stp_transient--;
	else if (!transient(st->state) && transient(s))
		sw->stp_transient++;
	st->state = s;
	st->changes++;
	if (st->history->len < SW_STP_HISTORY)
		g_array_append_val(st->history, c);
}

/*
 * A port that is not an edge port starts forwarding: a topology change.
 * Rapid spanning tree flushes what the other non-edge ports learnt (the
 * hosts behind them may now be reached another way); 802.1D ages them in
 * forward_delay instead, which comes to the same for a MAC that has not
 * been heard since its bond failed over.
 */
static void topology_change(struct sw *sw, struct sw_stp_port *st)
{
	sw->stp_changes++;
	sw->stp_changed_at = sw->sim->now;
	for (guint i = 0; i < sw->bports->len; i++) {
		struct sw_bport *bp = g_ptr_array_index(sw->bports, i);

		if (bp != st->bport && bp->stp && !bp->portfast)
			sw_fdb_flush_bport(sw, bp);
	}
}

static void stp_timer(struct sim *sim, void *arg)
{
	struct sw_stp_port *st = arg;

	(void)sim;
	if (st->state == SW_STP_LISTENING) {
		enter(st, SW_STP_LEARNING);
		sim_timer_arm_in(st->sw->sim, &st->timer, st->sw->cfg.forward_delay);
	} else if (st->state == SW_STP_LEARNING) {
		enter(st, SW_STP_FORWARDING);
		topology_change(st->sw, st);
	}
}

/* @bp's state, made on first use; NULL while spanning tree is off. */
static struct sw_stp_port *stp_of(struct sw *sw, struct sw_bport *bp)
{
	struct sw_stp_port *st = bp->stp;

	if (st || !sw->cfg.stp)
		return st;
	st = g_new0(struct sw_stp_port, 1);
	st->sw = sw;
	st->bport = bp;
	st->state = SW_STP_DISABLED;
	st->history = g_array_new(FALSE, FALSE, sizeof(struct sw_stp_change));
	sim_timer_init(&st->timer, stp_timer, st);
	bp->stp = st;
	return st;
}

void sw_stp_link(struct sw *sw, struct sw_bport *bp, bool up)
{
	struct sw_stp_port *st = stp_of(sw, bp);

	if (!st || up == (st->state != SW_STP_DISABLED))
		return;
	sim_timer_cancel(sw->sim, &st->timer);
	if (!up) {
		enter(st, SW_STP_DISABLED);
	} else if (bp->portfast) {
		enter(st, SW_STP_FORWARDING);
	} else {
		enter(st, SW_STP_LISTENING);
		sim_timer_arm_in(sw->sim, &st->timer, sw->cfg.forward_delay);
	}
}

bool sw_stp_on(const struct sw *sw)
{
	return sw->cfg.stp;
}

gboolean sw_set_portfast(struct sw *sw, const char *name, bool on, GError **error)
{
	for (guint i = 0; i < sw->bports->len; i++) {
		struct sw_bport *bp = g_ptr_array_index(sw->bports, i);

		if (strcmp(bp->name, name) != 0)
			continue;
		bp->portfast = on;
		return TRUE;
	}
	g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_NOT_FOUND,
		    "%s has no port or port-channel %s", sw->name, name);
	return FALSE;
}

bool sw_stp_forwarded_in(const struct sw *sw, sim_time_t from, sim_time_t to, const char **name,
			 sim_time_t *up_at, sim_time_t *fwd_at, guint *more)
{
	bool found = false;

	*more = 0;
	for (guint i = 0; sw->cfg.stp && i < sw->bports->len; i++) {
		const struct sw_bport *bp = g_ptr_array_index(sw->bports, i);
		const GArray *h = bp->stp ? bp->stp->history : NULL;

		for (guint k = 1; h && k < h->len; k++) {
			const struct sw_stp_change *c = &g_array_index(h, struct sw_stp_change, k);

			if (c->state != SW_STP_FORWARDING || c->at < from || c->at >= to ||
			    bp->portfast)
				continue;
			if (found && c->at >= *fwd_at) {
				++*more;
				continue;
			}
			if (found)
				++*more;
			found = true;
			*name = bp->name;
			*fwd_at = c->at;
			/* listening, learning, forwarding: two changes back */
			*up_at = k >= 2 ? g_array_index(h, struct sw_stp_change, k - 2).at : c->at;
		}
	}
	return found;
}

void sw_stp_free(struct sw *sw)
{
	for (guint i = 0; i < sw->bports->len; i++) {
		struct sw_bport *bp = g_ptr_array_index(sw->bports, i);

		if (!bp->stp)
			continue;
		sim_timer_cancel(sw->sim, &bp->stp->timer);
		g_array_unref(bp->stp->history);
		g_free(bp->stp);
		bp->stp = NULL;
	}
}

/* "listening 0.000 s, learning 15.000 s, forwarding 30.000 s; down 40.000 s; ..." */
static void history_text(const struct sw_stp_port *st, GString *out)
{
	for (guint k = 0; k < st->history->len; k++) {
		const struct sw_stp_change *c = &g_array_index(st->history, struct sw_stp_change, k);

		/* "; " between one time up and the next, ", " within one */
		bool apart = k > 0 && (c->state == SW_STP_DISABLED ||
				       c[-1].state == SW_STP_DISABLED);

		g_string_append_printf(out, "%s%s %.3f s", k == 0 ? "" : apart ? "; " : ", ",
				       state_names[c->state], (double)c->at / 1e9);
	}
	if (st->changes > st->history->len)
		g_string_append_printf(out, "; and %" G_GUINT64_FORMAT " changes more",
				       st->changes - st->history->len);
	if (!st->history->len)
		g_string_append(out, "never up");
}

void sw_stp_report_text(const struct sw *sw, GString *out)
{
	char fd[32];

	if (!sw->cfg.stp)
		return;
	g_string_append_printf(out, "\nSpanning tree: a port that is not portfast listens for %s, "
			       "then learns for %s, after it comes up (forward delay %s); "
			       "topology changes %" G_GUINT64_FORMAT,
			       sim_time_format(sw->cfg.forward_delay, fd, sizeof(fd)), fd, fd,
			       sw->stp_changes);
	if (sw->stp_changes)
		g_string_append_printf(out, ", the last at %.3f s", (double)sw->stp_changed_at / 1e9);
	g_string_append(out, ":\n");
	for (guint i = 0; i < sw->bports->len; i++) {
		const struct sw_bport *bp = g_ptr_array_index(sw->bports, i);
		const struct sw_stp_port *st = bp->stp;

		/* a channel's members are bridged as the channel */
		if (!st || (bp->port && bp->port->lag && !st->history->len))
			continue;
		g_string_append_printf(out, "  %-8s %s", bp->name,
				       bp->portfast ? "portfast: " : "");
		history_text(st, out);
		g_string_append_c(out, '\n');
	}
}

void sw_stp_json(const struct sw_bport *bp, struct json *j)
{
	const struct sw_stp_port *st = bp->stp;

	if (!st)
		return;
	json_begin_object(j, "stp");
	json_bool(j, "portfast", bp->portfast);
	json_string(j, "state", state_names[st->state]);
	json_int(j, "changes", (int64_t)st->changes);
	json_begin_array(j, "history");
	for (guint k = 0; k < st->history->len; k++) {
		const struct sw_stp_change *c = &g_array_index(st->history, struct sw_stp_change, k);

		json_begin_object(j, NULL);
		json_int(j, "time_ns", c->at);
		json_string(j, "state", state_names[c->state]);
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);
}

void sw_stp_metrics(const struct sw *sw, struct metrics *m)
{
	if (sw->cfg.stp)
		metrics_add_int(m, (int64_t)sw->stp_changes, "%s.stp.topology_changes", sw->name);
	for (guint i = 0; sw->cfg.stp && i < sw->bports->len; i++) {
		const struct sw_bport *bp = g_ptr_array_index(sw->bports, i);
		const struct sw_stp_port *st = bp->stp;
		sim_time_t fwd = -1;

		if (!st)
			continue;
		for (guint k = st->history->len; k-- > 0;) {
			const struct sw_stp_change *c =
				&g_array_index(st->history, struct sw_stp_change, k);

			if (c->state == SW_STP_FORWARDING) {
				fwd = c->at;
				break;
			}
		}
		metrics_add_int(m, st->state == SW_STP_FORWARDING, "%s.stp.%s.forwarding", sw->name,
				bp->name);
		metrics_add_double(m, fwd < 0 ? -1.0 : (double)fwd / 1e6,
				   "%s.stp.%s.forwarding_at_ms", sw->name, bp->name);
	}
}
