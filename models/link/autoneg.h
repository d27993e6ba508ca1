/*
 * autoneg.h - what two ends of a twisted-pair cable agree on: speed, duplex, or no link.
 *
 * DOC: Each end of a cable is configured as engineers configure it:
 * autonegotiating (the default, optionally advertising one speed or one
 * duplex only: ethtool's "speed 100 duplex full" with autoneg on, IOS's
 * "speed 1000"), or forced (ethtool's "autoneg off", IOS's "speed 100"
 * with or without "duplex full"), which sends no link code words at all.
 * autoneg_resolve() says what the two PHYs end up with, by the rules of
 * IEEE 802.3 clause 28 (and 40 for 1000BASE-T):
 *  - both negotiate: the best mode both advertise, by the priority
 *    resolution of Annex 28B.3 (faster first, full duplex before half);
 *    none in common: no link;
 *  - one negotiates, the other is forced: parallel detection (28.2.3.1)
 *    recognises 10BASE-T and 100BASE-TX signalling, so the negotiating end
 *    takes the forced end's speed, and half duplex, as it cannot learn the
 *    duplex: a forced full-duplex port facing a negotiating NIC is the
 *    classic duplex mismatch;
 *  - both forced: the same speed links, each end with its own duplex;
 *    different speeds never link.
 * 1000BASE-T cannot run without autonegotiation (clause 40 uses it for
 * master/slave timing), so a "forced" 1000 is negotiation advertising
 * 1000 only, as IOS's "speed 1000" does.  Faster cables (fibre, DAC) run
 * at their one speed, full duplex, and negotiate nothing here.
 */
#ifndef BONDSIM_AUTONEG_H
#define BONDSIM_AUTONEG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "sim.h"

enum autoneg_duplex {
	AUTONEG_DUPLEX_ANY,		/* auto: whatever is negotiated (forced: half) */
	AUTONEG_DUPLEX_HALF,
	AUTONEG_DUPLEX_FULL,
};

/*
 * The modes a negotiating end may be limited to, as ethtool's advertise
 * mask numbers them (ADVERTISED_10baseT_Half 0x001 ... 1000baseT_Full 0x020).
 */
#define AUTONEG_ADV_10HALF 0x01u
#define AUTONEG_ADV_10FULL 0x02u
#define AUTONEG_ADV_100HALF 0x04u
#define AUTONEG_ADV_100FULL 0x08u
#define AUTONEG_ADV_1000HALF 0x10u
#define AUTONEG_ADV_1000FULL 0x20u
#define AUTONEG_ADV_ALL 0x3fu

/* One end's settings; all zero is the default: autonegotiate everything. */
struct autoneg_cfg {
	bool forced;			/* autonegotiation off: speed_bps is set */
	uint64_t speed_bps;		/* 0: auto; negotiating: the only speed advertised */
	enum autoneg_duplex duplex;
	/*
	 * Non-zero: negotiating, advertising these AUTONEG_ADV_ modes only,
	 * a set one speed and one duplex cannot say (IOS's "speed auto 10
	 * 100", a .link file's Advertise=); speed_bps is 0, duplex ANY.
	 */
	uint32_t advertise;
};

/* How an end came by its speed and duplex (IOS's "a-full" is NEGOTIATED). */
enum autoneg_how {
	AUTONEG_NEGOTIATED,		/* both ends negotiated */
	AUTONEG_FORCED,			/* configured: no negotiation */
	AUTONEG_PARALLEL,		/* negotiating, the far end silent: parallel detection */
	AUTONEG_FIXED,			/* a cable faster than 1G: its one speed */
};

struct autoneg_result {
	bool link;			/* false: the PHYs never agree, no carrier */
	uint64_t speed_bps;
	bool half[2];
	enum autoneg_how how[2];
};

/* The cable's top speed (its speed=) caps what either end can do. */
void autoneg_resolve(const struct autoneg_cfg cfg[2], uint64_t cable_bps,
		     struct autoneg_result *r);
/* The same settings: nothing for the PHY to do (ethtool -s and IOS change nothing then). */
static inline bool autoneg_cfg_equal(const struct autoneg_cfg *a, const struct autoneg_cfg *b)
{
	return a->forced == b->forced && a->speed_bps == b->speed_bps && a->duplex == b->duplex &&
	       a->advertise == b->advertise;
}
/* All zero: nothing configured at this end. */
static inline bool autoneg_is_default(const struct autoneg_cfg *c)
{
	return !c->forced && !c->speed_bps && c->duplex == AUTONEG_DUPLEX_ANY && !c->advertise;
}
/*
 * Why the cable came up as it did, one sentence naming each end by
 * @name[i] (e.g. "sw1 Gi0/1"), into @buf; "" when both ends negotiated
 * freely and got the cable's speed, full duplex (nothing to explain).
 */
const char *autoneg_explain(const struct autoneg_cfg cfg[2], const struct autoneg_result *r,
			    const char *const name[2], char *buf, size_t size);
/*
 * ethtool -s's words for one NIC: "speed 100 duplex full autoneg off".
 * With autoneg on (or not said), speed and duplex limit what is
 * advertised, as ethtool does; autoneg off needs both.
 */
gboolean autoneg_parse_ethtool(const char *text, struct autoneg_cfg *c, GError **error);
/*
 * What an Intel NIC's driver (e1000e, igb) keeps of negotiating settings:
 * 1000baseT/Half masked off what is advertised, and an advertisement left
 * empty made everything the PHY runs (the drivers' autoneg_mask, 0x2f).
 */
struct autoneg_cfg autoneg_nic_keeps(struct autoneg_cfg c);
/*
 * Forced 1000/half: e1000e's e1000_set_spd_dplx() and igb_set_spd_dplx() answer
 * "Unsupported Speed/Duplex configuration", -EINVAL; the settings stay.
 */
bool autoneg_nic_refuses(const struct autoneg_cfg *c);
/* The load-time error for it; %s: the words that asked for it. */
#define AUTONEG_REFUSED_1000HALF \
	"ethtool %s: the NIC's driver (e1000e, igb) refuses 1000 Mb/s half duplex " \
	"(EINVAL, 'Unsupported Speed/Duplex configuration'): write duplex full, or speed 10 " \
	"or 100 for half duplex"
/* IOS's speed 1000 with duplex half: a Catalyst port refuses it. */
#define AUTONEG_IOS_REFUSED_1000HALF \
	"duplex half with speed 1000: a Catalyst port runs 1000 Mb/s at full duplex only; " \
	"write duplex full or auto, or speed 10 or 100 for half duplex"
/*
 * The same words as a change to settings a NIC already has (a scripted
 * "ethtool -s" during the run): what is said replaces, the rest stays, as
 * ethtool -s leaves what it is not told.  "autoneg on" without a speed or
 * duplex advertises everything again; "autoneg off" needs both;
 * "advertise 0x008" names the modes advertised (ethtool's mask).
 */
struct autoneg_change {
	int autoneg;			/* -1: not said, 0: off, 1: on */
	uint64_t speed_bps;		/* 0: not said */
	enum autoneg_duplex duplex;	/* ANY: not said */
	uint32_t advertise;		/* advertise 0xN: AUTONEG_ADV_ bits; 0: not said */
};
gboolean autoneg_parse_change(const char *text, struct autoneg_change *ch, GError **error);
struct autoneg_cfg autoneg_change_apply(const struct autoneg_cfg *cur,
					const struct autoneg_change *ch);
/*
 * How long a cable whose ends' settings changed has no carrier: the PHY
 * restarts, silent for clause 28's break_link_timer so that the far end
 * sees the link go, then the two come up as autoneg_resolve() says
 * (1000BASE-T trains a while longer, clause 40's maxwait_timer).
 */
sim_time_t autoneg_relink_time(const struct autoneg_result *r);
/*
 * IOS's "speed" and "duplex" of a switch port (0 and ANY: auto).  A fixed
 * 10 or 100 turns negotiation off; "speed 1000" negotiates 1000 only; a
 * duplex with speed auto is not set ("Duplex will not be set until speed
 * is set to non-auto value"): the port negotiates everything.
 */
struct autoneg_cfg autoneg_ios(uint64_t speed_bps, enum autoneg_duplex duplex);
/*
 * "1G" or "100M", a speed written with a unit where IOS and ethtool count
 * Mb/s: the number they want ("1000") into @buf; NULL for anything else.
 */
const char *autoneg_mbps_hint(const char *word, char *buf, size_t size);
/*
 * "100M/full", "auto", "auto, 100M/full", "100M/auto" (forced, duplex left
 * half); an advertise mask: "auto, 10M, 100M/full" (a speed bare: both duplexes).
 */
const char *autoneg_cfg_text(const struct autoneg_cfg *c, char *buf, size_t size);

#endif
