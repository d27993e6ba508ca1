/*
 * hdx.h - a cable with a half-duplex end: the shared medium of CSMA/CD.
 *
 * DOC: A link whose ends are not both full duplex keeps, for each end, the
 * recent spans of signal it put on the wire (a frame from its preamble to
 * its FCS, or a frame cut short and its jam).  The other end hears each span
 * the cable's delay later.  From these the medium answers what an end's MAC
 * asks (IEEE 802.3 clause 4): is the carrier up here now (deferral), when
 * does a span being sent meet the other end's signal (collision), and did
 * an end send while a frame was arriving (that frame is garbage to a
 * half-duplex receiver).  A full-duplex end of a mismatched cable sends
 * whenever it likes and never listens: its spans are kept all the same,
 * for the half-duplex end to hear.  The MAC that acts on the answers is
 * the NIC's (nic_hdx.c).
 */
#ifndef BONDSIM_HDX_H
#define BONDSIM_HDX_H

#include "sim.h"

struct link;
struct frame;

/* What a half-duplex end's one timer is waiting for (nic_hdx.c). */
enum hdx_wait {
	HDX_IDLE,
	HDX_WAKE,		/* deferral or backoff over: try to send */
	HDX_COLLIDE,		/* the other end's signal reaches us while we send */
};

struct hdx_span {
	sim_time_t s, e;	/* first bit out, last bit out (jam included) */
};

/* A ring of spans, oldest first. */
struct hdx_spans {
	struct hdx_span *v;
	uint32_t head, len, cap;
};

/* ip -s -s link's names (struct rtnl_link_stats64), for one end. */
struct hdx_counters {
	uint64_t collisions;		/* every collision the end detected */
	uint64_t tx_aborted_errors;	/* frames given up after 16 collisions */
	uint64_t tx_window_errors;	/* late collisions: frame aborted, not retried */
	uint64_t rx_crc_errors;		/* fragments received (FCS wrong) */
};

struct hdx_end {
	bool half;
	bool sending;			/* the newest span is still going out */
	uint32_t attempts;		/* collisions met by the frame on the wire */
	sim_time_t collide_at;		/* HDX_COLLIDE's time while sending */
	sim_time_t backoff_until;	/* the last backoff's end */
	enum hdx_wait wait;
	struct sim_timer timer;		/* the MAC's (nic_hdx.c) */
	struct hdx_spans sent;		/* this end's recent spans */
	struct hdx_counters c;
};

struct hdx {
	struct link *link;
	sim_time_t slot;		/* 512 bit times (4096 at 1G) */
	sim_time_t jam;			/* 32 bit times */
	sim_time_t ifg;			/* 96 bit times */
	sim_time_t keep;		/* how long a span is remembered past its end */
	struct hdx_end end[2];
	/* dir[i]'s ring entries, in order: the span each came from (a NULL
	 * frame in the ring is a fragment) */
	struct hdx_spans flight[2];
};

/* "full", "half", "full/half", "half/full" -> which ends are half duplex. */
bool hdx_parse(const char *s, bool half[2]);
/* "Full", "Half", "Full/Half", "Half/Full". */
const char *hdx_text(const bool half[2]);
/* The cable's duplex as the Links table shows it: "Full" with no hdx. */
const char *link_duplex_text(const struct link *l);
/* Half duplex exists at 10M, 100M and 1G only (IEEE 802.3). */
static inline bool hdx_speed_ok(uint64_t speed_bps)
{
	return speed_bps <= 1000000000ULL;
}

/* "collisions 3, tx_aborted_errors 0, tx_window_errors 1, rx_crc_errors 0"
 * onto @out; and each as "<prefix>.<name>" into @m, and each into the JSON
 * object open in @j (reports, for a NIC whose nic_hdx_counters() is set). */
struct metrics;
struct json;
void hdx_counters_text(const struct hdx_counters *c, GString *out);
void hdx_counters_metrics(const struct hdx_counters *c, struct metrics *m, const char *prefix);
void hdx_counters_json(const struct hdx_counters *c, struct json *j);

struct hdx *hdx_new(struct link *link, const bool half[2]);
void hdx_free(struct hdx *h);
/* @n bit times at the link's speed, rounded up. */
sim_time_t hdx_bits(const struct hdx *h, uint64_t n);

void hdx_spans_push(struct hdx_spans *r, struct hdx_span s);
struct hdx_span hdx_spans_pop(struct hdx_spans *r);
static inline struct hdx_span *hdx_spans_last(struct hdx_spans *r)
{
	return r->len ? &r->v[(r->head + r->len - 1) & (r->cap - 1)] : NULL;
}

/* When @end may start sending at the earliest, at or after now: its own
 * last span and the other end's signal, each plus the inter-frame gap. */
sim_time_t hdx_idle_at(struct hdx *h, int end);
/* @end starts a span of @len now: remember it, and when it meets the
 * other end's signal arm the collision of each half-duplex end that hears
 * it while sending. */
void hdx_start(struct hdx *h, int end, sim_time_t len);
/* @end's span ends now (its last bit, or the end of its jam). */
void hdx_stop(struct hdx *h, int end, sim_time_t e);
/* @end cut its span short (hdx_stop() on a collision): a far end that
 * defers to it hears the carrier drop sooner, so it may go sooner. */
void hdx_nudge_far(struct hdx *h, int end);
/* Did @end send while a span of the other end, [s, e) as sent, arrived? */
bool hdx_heard_while_sending(struct hdx *h, int end, struct hdx_span far);
/* Carrier went: forget what was in flight and being sent. */
void hdx_reset(struct hdx *h);

#endif
