/*
 * nic_hdx.c - the MAC of a NIC on a cable with a half-duplex end (CSMA/CD).
 *
 * DOC: IEEE 802.3 clause 4, as far as two stations on one cable need it.
 * A half-duplex end defers while the far end's signal arrives and for the
 * 96-bit inter-frame gap after it (or after its own last bit), then sends.
 * If the far end's signal reaches it while it sends, it stops, sends a
 * 32-bit jam and:
 *  - within the slot time (512 bit times from its first bit, 4096 at 1G)
 *    backs off r slot times, r uniform in [0, 2^min(n,10) - 1] after the
 *    n-th collision (from the cable's own random stream), and tries again;
 *    the 16th collision gives the frame up (tx_aborted_errors,
 *    excessive_collisions);
 *  - past the slot time it is a late collision: the frame is given up,
 *    not retried (tx_window_errors, late_collision).
 * Its cut-short span reaches the far end as a fragment (hdx.c, link.c).
 * A full-duplex end of a mismatched cable sends as it would on any cable:
 * no deferral, no collision, its spans recorded for the far end to hear.
 * Frames never go "ahead" on such a cable (nic.c): each has its tx_done.
 */
#include "nic_priv.h"
#include "link.h"
#include "hdx.h"

#define HDX_ATTEMPT_LIMIT 16	/* attemptLimit */
#define HDX_BACKOFF_LIMIT 10	/* backOffLimit */

static struct hdx *medium(struct nic *nic)
{
	return nic_link(nic)->hdx;
}

static void arm(struct nic *nic, enum hdx_wait what, sim_time_t at)
{
	nic->hdx->wait = what;
	sim_timer_arm(nic->dev.sim, &nic->hdx->timer, at);
}

void nic_hdx_send(struct nic *nic)
{
	struct hdx_end *me = nic->hdx;
	struct hdx *h = medium(nic);
	int end = nic_link_end(nic);
	sim_time_t tx = nic_tx_time(nic, nic->on_wire);

	if (me->half) {
		sim_time_t at = hdx_idle_at(h, end);

		if (at > nic->dev.sim->now) {
			arm(nic, HDX_WAKE, at);		/* deferring */
			return;
		}
	}
	/* the signal is the frame; its tx_done comes a gap later (nic.c) */
	hdx_start(h, end, tx - h->ifg);
	sim_timer_arm_in(nic->dev.sim, &nic->tx_done, tx);
}

void nic_hdx_done(struct nic *nic)
{
	nic->hdx->sending = false;
	nic->hdx->attempts = 0;
}

/* The frame on the wire is given up for @why: the next may go after the jam. */
static void give_up(struct nic *nic, enum drop_reason why)
{
	struct frame *f = nic->on_wire;

	nic->on_wire = NULL;
	held_update(nic);
	nic->hdx->attempts = 0;
	nic_unsent(nic, f);
	netdev_drop(&nic->dev, f, why);
	nic_start_next(nic);
}

/* The far end's signal reached us while we sent: jam, then back off or give up. */
static void collide(struct nic *nic)
{
	struct hdx_end *me = nic->hdx;
	struct hdx *h = medium(nic);
	struct link *link = nic_link(nic);
	int end = nic_link_end(nic);
	sim_time_t now = nic->dev.sim->now, jam_end = now + h->jam;
	sim_time_t first = hdx_spans_last(&me->sent)->s;

	sim_timer_cancel(nic->dev.sim, &nic->tx_done);
	hdx_stop(h, end, jam_end);
	hdx_nudge_far(h, end);
	link_hdx_fragment(link, end, first, jam_end);
	me->c.collisions++;
	me->attempts++;
	if (now - first >= h->slot) {
		me->c.tx_window_errors++;
		give_up(nic, DROP_LATE_COLLISION);
	} else if (me->attempts >= HDX_ATTEMPT_LIMIT) {
		me->c.tx_aborted_errors++;
		give_up(nic, DROP_EXCESSIVE_COLLISIONS);
	} else {
		uint32_t k = MIN(me->attempts, HDX_BACKOFF_LIMIT);
		uint64_t r = rng_u64(&link->rng) & ((1ULL << k) - 1);

		me->backoff_until = jam_end + (sim_time_t)r * h->slot;
		arm(nic, HDX_WAKE, me->backoff_until);
	}
}

static void hdx_timer(struct sim *sim, void *arg)
{
	struct nic *nic = arg;
	enum hdx_wait what = nic->hdx->wait;

	(void)sim;
	nic->hdx->wait = HDX_IDLE;
	if (what == HDX_COLLIDE)
		collide(nic);
	else if (nic->on_wire)
		nic_hdx_send(nic);	/* backoff or deferral over */
	else
		nic_start_next(nic);
}

void nic_hdx_carrier_lost(struct nic *nic)
{
	sim_timer_cancel(nic->dev.sim, &nic->hdx->timer);
	nic->hdx->wait = HDX_IDLE;
	nic->hdx->attempts = 0;
	nic->hdx->sending = false;
}

void nic_hdx_attach(struct netdev *dev, struct hdx_end *hdx)
{
	struct nic *nic = (struct nic *)dev;

	nic->hdx = hdx;
	dev->hdx_stats = nic_hdx_counters(nic);
	if (hdx)
		sim_timer_init(&hdx->timer, hdx_timer, nic);
}

const struct hdx_counters *nic_hdx_counters(const struct nic *nic)
{
	const struct link *l = nic_link(nic);

	if (nic->hdx)
		return &nic->hdx->c;
	/* full duplex now, half earlier in the run: what happened then */
	return l && l->hdx_ever ? &l->hdx_kept[nic_link_end(nic)] : NULL;
}

void nic_hdx_describe(const struct nic *nic, GString *out)
{
	const struct link *l = nic_link(nic);
	char t[32];

	if (l->hdx)
		g_string_append_printf(out, "%s duplex on a %s cable", nic->dev.full_duplex ? "full" : "half",
				       link_duplex_text(l));
	else	/* counters of before: say so, or "full duplex on a Full cable" reads as a contradiction */
		g_string_append_printf(out, "full duplex now, its cable had a half-duplex end until %s",
				       sim_time_format(l->hdx_until, t, sizeof(t)));
}
