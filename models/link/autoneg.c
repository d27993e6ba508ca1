/*
 * autoneg.c - IEEE 802.3 clause 28 autonegotiation and parallel detection, as a table.
 *
 * Nothing here runs in simulated time: two PHYs settle in a few hundred
 * milliseconds of link pulses before either has a carrier, and bondsim's
 * cables come up with what they settled on (a later unplug and replug
 * settles on the same, as nothing configured changes mid-run).
 */
#include <string.h>

#include <glib.h>

#include "autoneg.h"
#include "sim.h"

#define M10 ((uint64_t)10000000)
#define M100 ((uint64_t)100000000)
#define G1 ((uint64_t)1000000000)

/* A mode the PHYs may run: a speed and a duplex. */
struct an_mode {
	uint64_t speed;
	bool full;
};

/* What an end can run over this cable: 10M, 100M, 1G up to the cable's speed. */
static bool can_run(uint64_t speed, uint64_t cable)
{
	return speed == cable || ((speed == M10 || speed == M100 || speed == G1) && speed <= cable);
}

/* A forced 1000 is negotiation advertising 1000 only (clause 40 needs it). */
static struct autoneg_cfg effective(const struct autoneg_cfg *c)
{
	struct autoneg_cfg e = *c;

	if (e.forced && e.speed_bps >= G1)
		e.forced = false;
	return e;
}

/* The AUTONEG_ADV_ bit of a mode; 0 for speeds the mask has none for. */
static uint32_t adv_bit(struct an_mode m)
{
	int i = m.speed == M10 ? 0 : m.speed == M100 ? 1 : m.speed == G1 ? 2 : -1;

	return i < 0 ? 0 : 1u << (2 * i + m.full);
}

/*
 * The twisted-pair ends bondsim has, Intel's e1000e and igb NICs and
 * Catalyst ports, run no 1000BASE-T half duplex: the driver never sets
 * its bit in the PHY's 1000BASE-T control register, nor does IOS.
 */
static bool advertises(const struct autoneg_cfg *c, struct an_mode m, uint64_t cable)
{
	if (m.speed == G1 && !m.full)
		return false;
	if (c->advertise)
		return can_run(m.speed, cable) && (c->advertise & adv_bit(m));
	if (!can_run(m.speed, cable) || (c->speed_bps && c->speed_bps != m.speed))
		return false;
	return m.full ? c->duplex != AUTONEG_DUPLEX_HALF : c->duplex != AUTONEG_DUPLEX_FULL;
}

/* Annex 28B.3's priority, cut to the modes bondsim runs: faster first, full before half. */
static bool best_common(const struct autoneg_cfg *a, const struct autoneg_cfg *b, uint64_t cable,
			struct an_mode *out)
{
	const uint64_t speeds[] = { cable, G1, M100, M10 };

	for (size_t i = 0; i < G_N_ELEMENTS(speeds); i++)
		for (int full = 1; full >= 0; full--) {
			struct an_mode m = { speeds[i], full };

			if (advertises(a, m, cable) && advertises(b, m, cable)) {
				*out = m;
				return true;
			}
		}
	return false;
}

void autoneg_resolve(const struct autoneg_cfg cfg[2], uint64_t cable_bps, struct autoneg_result *r)
{
	struct autoneg_cfg c[2] = { effective(&cfg[0]), effective(&cfg[1]) };
	struct an_mode m;

	*r = (struct autoneg_result){ .link = true, .speed_bps = cable_bps };
	if (cable_bps > G1) {
		/* optics and DACs: one speed, full duplex (IEEE 802.3ae on) */
		for (int i = 0; i < 2; i++) {
			r->how[i] = AUTONEG_FIXED;
			if (c[i].speed_bps && c[i].speed_bps != cable_bps)
				r->link = false;
		}
		return;
	}
	if (!c[0].forced && !c[1].forced) {
		r->how[0] = r->how[1] = AUTONEG_NEGOTIATED;
		r->link = best_common(&c[0], &c[1], cable_bps, &m);
		r->speed_bps = r->link ? m.speed : 0;
		r->half[0] = r->half[1] = r->link && !m.full;
		return;
	}
	if (c[0].forced && c[1].forced) {
		r->how[0] = r->how[1] = AUTONEG_FORCED;
		r->link = c[0].speed_bps == c[1].speed_bps && can_run(c[0].speed_bps, cable_bps);
		r->speed_bps = r->link ? c[0].speed_bps : 0;
		for (int i = 0; i < 2; i++)
			r->half[i] = r->link && c[i].duplex != AUTONEG_DUPLEX_FULL;
		return;
	}
	/* one forced end f, one negotiating end n: parallel detection at n */
	int f = c[0].forced ? 0 : 1, n = 1 - f;

	r->how[f] = AUTONEG_FORCED;
	r->how[n] = AUTONEG_PARALLEL;
	/* what the PHY can run, not what it was told to advertise */
	r->link = can_run(c[f].speed_bps, cable_bps);
	r->speed_bps = r->link ? c[f].speed_bps : 0;
	r->half[f] = r->link && c[f].duplex != AUTONEG_DUPLEX_FULL;
	r->half[n] = r->link;
}

/* "10M", "100M", "1G", "2.5G": as engineers write speeds in one breath with a duplex. */
static const char *speed_text(uint64_t bps, char *buf, size_t size)
{
	if (bps >= G1 && bps % (G1 / 10) == 0)
		g_snprintf(buf, size, bps % G1 ? "%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT "G" :
			   "%" G_GUINT64_FORMAT "G", bps / G1, bps % G1 / (G1 / 10));
	else
		g_snprintf(buf, size, "%" G_GUINT64_FORMAT "M", bps / 1000000);
	return buf;
}

const char *autoneg_cfg_text(const struct autoneg_cfg *c, char *buf, size_t size)
{
	static const char *const dx[] = { "auto", "half", "full" };
	static const uint64_t sps[] = { M10, M100, G1 };
	char sp[32];

	if (c->advertise) {
		GString *s = g_string_new("auto");

		for (int i = 0; i < 3; i++) {
			uint32_t both = c->advertise >> (2 * i) & 3;

			if (both)
				g_string_append_printf(s, ", %s%s", speed_text(sps[i], sp, sizeof(sp)),
						       both == 3 ? "" : both == 2 ? "/full" : "/half");
		}
		g_strlcpy(buf, s->str, size);
		g_string_free(s, TRUE);
	} else if (!c->forced && !c->speed_bps)
		g_snprintf(buf, size, "%s%s", c->duplex ? "auto, " : "auto",
			   c->duplex ? dx[c->duplex] : "");
	else if (!c->forced)
		g_snprintf(buf, size, "auto, %s%s%s", speed_text(c->speed_bps, sp, sizeof(sp)),
			   c->duplex ? "/" : "", c->duplex ? dx[c->duplex] : "");
	else
		g_snprintf(buf, size, "%s/%s", speed_text(c->speed_bps, sp, sizeof(sp)), dx[c->duplex]);
	return buf;
}

/* "forced to 100M/full" or "forced to 100M, no duplex set (half)". */
static void forced_text(GString *s, const char *name, const struct autoneg_cfg *c)
{
	char sp[32];

	g_string_append_printf(s, "%s is forced to %s", name, speed_text(c->speed_bps, sp, sizeof(sp)));
	if (c->duplex == AUTONEG_DUPLEX_ANY)
		g_string_append(s, " with no duplex set (half: nothing is negotiated)");
	else
		g_string_append(s, c->duplex == AUTONEG_DUPLEX_FULL ? "/full" : "/half");
}

/* What a negotiating end advertises, when it is not everything. */
static void limits_text(GString *s, const char *name, const struct autoneg_cfg *c)
{
	char buf[64];

	if (autoneg_is_default(c))
		return;
	g_string_append_printf(s, "%s%s advertises %s only", s->len ? "; " : "", name,
			       autoneg_cfg_text(c, buf, sizeof(buf)) + 6);
}

const char *autoneg_explain(const struct autoneg_cfg cfg[2], const struct autoneg_result *r,
			    const char *const name[2], char *buf, size_t size)
{
	struct autoneg_cfg c[2] = { effective(&cfg[0]), effective(&cfg[1]) };
	g_autoptr(GString) s = g_string_new(NULL);
	char sp[32];
	bool mismatch = r->link && r->half[0] != r->half[1];

	if (r->how[0] == AUTONEG_FIXED) {
		int odd = cfg[0].speed_bps && cfg[0].speed_bps != r->speed_bps ? 0 : 1;
		char set[32];

		if (!r->link)
			g_string_printf(s, "no link: a %s cable runs at its one speed, and %s is set to %s",
					speed_text(r->speed_bps, sp, sizeof(sp)), name[odd],
					speed_text(cfg[odd].speed_bps, set, sizeof(set)));
	} else if (r->how[0] == AUTONEG_NEGOTIATED) {
		limits_text(s, name[0], &c[0]);
		limits_text(s, name[1], &c[1]);
		for (int i = 0; i < 2; i++)
			if (cfg[i].forced)	/* a forced 1000 */
				g_string_append_printf(s, "%s%s negotiates all the same: 1000BASE-T cannot run without autonegotiation",
						       s->len ? "; " : "", name[i]);
		if (!r->link)
			g_string_prepend(s, "no link: no mode both ends advertise: ");
		else if (s->len)
			g_string_append_printf(s, ": both negotiate %s/%s",
					       speed_text(r->speed_bps, sp, sizeof(sp)),
					       r->half[0] ? "half" : "full");
	} else if (r->how[0] == AUTONEG_FORCED && r->how[1] == AUTONEG_FORCED) {
		forced_text(s, name[0], &c[0]);
		g_string_append(s, ", ");
		forced_text(s, name[1], &c[1]);
		g_string_append(s, r->link ? ": neither negotiates" :
				": ends forced to different speeds never link");
		if (!r->link)
			g_string_prepend(s, "no link: ");
	} else {
		int f = r->how[0] == AUTONEG_FORCED ? 0 : 1, n = 1 - f;

		forced_text(s, name[f], &c[f]);
		g_string_append(s, " and sends no autonegotiation");
		if (r->link)
			g_string_append_printf(s, "; %s negotiates, hears none, detects %s (parallel detection) and takes half duplex, as it cannot learn the far end's",
					       name[n], speed_text(r->speed_bps, sp, sizeof(sp)));
		else {
			g_string_append_printf(s, "; %s cannot run %s", name[n],
					       speed_text(c[f].speed_bps, sp, sizeof(sp)));
			g_string_prepend(s, "no link: ");
		}
	}
	if (mismatch)
		g_string_append(s, ": duplex mismatch");
	g_strlcpy(buf, s->str, size);
	return buf;
}

struct autoneg_cfg autoneg_ios(uint64_t speed_bps, enum autoneg_duplex duplex)
{
	if (!speed_bps)
		return (struct autoneg_cfg){ 0 };
	return (struct autoneg_cfg){ .forced = speed_bps < G1, .speed_bps = speed_bps, .duplex = duplex };
}

static const char *const ethtool_speeds[] = { "10", "100", "1000", "2500", "5000", "10000",
	"25000", "40000", "50000", "100000", NULL };

/*
 * ethtool's "advertise N": a hexadecimal mask of ADVERTISED_ bits, of which
 * bondsim's twisted pair has the six of 10/100/1000 half and full; the
 * others (10G, pause ...) are for PHYs bondsim does not have.
 */
static gboolean parse_advertise(const char *val, uint32_t *mask, GError **error)
{
	char *end;
	guint64 v = g_ascii_strtoull(val, &end, 16);

	if (!g_str_has_prefix(val, "0x") || end == val + 2 || *end) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "ethtool advertise '%s': a hexadecimal mask as ethtool takes it, e.g. 0x008 "
			    "(100baseT/Full), 0x020 (1000baseT/Full), 0x02f (all but 1000baseT/Half)",
			    val);
		return FALSE;
	}
	if (!(v & AUTONEG_ADV_ALL)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "ethtool advertise %s: none of 10/100/1000baseT half or full (0x001 to 0x020): "
			    "the PHY would advertise nothing it can run", val);
		return FALSE;
	}
	*mask = (uint32_t)(v & AUTONEG_ADV_ALL);
	return TRUE;
}

/* Was word @k a key earlier in the key-value words @v, before @i? */
static bool seen_before(GPtrArray *v, guint i, const char *k)
{
	for (guint j = 0; j < i; j += 2)
		if (!strcmp(g_ptr_array_index(v, j), k))
			return true;
	return false;
}

gboolean autoneg_parse_change(const char *text, struct autoneg_change *ch, GError **error)
{
	static const char *const words[] = { "speed", "duplex", "autoneg", "advertise", NULL };
	g_auto(GStrv) w = g_strsplit_set(text, " \t", -1);
	GPtrArray *v = g_ptr_array_new();
	gboolean ok = TRUE;

	*ch = (struct autoneg_change){ .autoneg = -1 };
	for (char **p = w; *p; p++)
		if (**p)
			g_ptr_array_add(v, *p);
	for (guint i = 0; ok && i < v->len; i += 2) {
		const char *k = g_ptr_array_index(v, i);
		const char *val = i + 1 < v->len ? g_ptr_array_index(v, i + 1) : NULL;

		if (!g_strv_contains(words, k)) {
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
				    "ethtool '%s': bondsim takes speed N, duplex half|full, autoneg on|off and advertise 0xN (as ethtool -s DEV takes them)",
				    k);
			ok = FALSE;
		} else if (seen_before(v, i, k)) {
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
				    "ethtool %s given twice: say each setting once", k);
			ok = FALSE;
		} else if (!val) {
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
				    "ethtool %s wants a value: write e.g. speed 100 duplex full autoneg off", k);
			ok = FALSE;
		} else if (!strcmp(k, "speed")) {
			if (!g_strv_contains(ethtool_speeds, val)) {
				g_autofree char *all = g_strjoinv(", ", (char **)ethtool_speeds);
				char mbps[32];
				const char *hint = autoneg_mbps_hint(val, mbps, sizeof(mbps));

				g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
					    "ethtool speed '%s'%s%s%s: Mb/s as ethtool takes it, one of %s", val,
					    hint ? " (write " : "", hint ? hint : "", hint ? ")" : "", all);
				ok = FALSE;
			} else {
				ch->speed_bps = g_ascii_strtoull(val, NULL, 10) * 1000000;
			}
		} else if (!strcmp(k, "duplex")) {
			if (strcmp(val, "half") && strcmp(val, "full")) {
				g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
					    "ethtool duplex '%s': write half or full", val);
				ok = FALSE;
			} else {
				ch->duplex = !strcmp(val, "full") ? AUTONEG_DUPLEX_FULL : AUTONEG_DUPLEX_HALF;
			}
		} else if (!strcmp(k, "advertise")) {
			ok = parse_advertise(val, &ch->advertise, error);
		} else if (strcmp(val, "on") && strcmp(val, "off")) {
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
				    "ethtool autoneg '%s': write on or off", val);
			ok = FALSE;
		} else {
			ch->autoneg = !strcmp(val, "on");
		}
	}
	g_ptr_array_free(v, TRUE);
	if (ok && ch->advertise && (ch->speed_bps || ch->duplex != AUTONEG_DUPLEX_ANY)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "ethtool advertise with a speed or duplex: give the modes one way, advertise 0x008 or speed 100 duplex full");
		ok = FALSE;
	}
	if (ok && ch->advertise && ch->autoneg == 0) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "ethtool advertise with autoneg off: a forced NIC advertises nothing; write autoneg on or leave advertise out");
		ok = FALSE;
	}
	if (ok && !ch->speed_bps && ch->duplex == AUTONEG_DUPLEX_ANY && ch->autoneg < 0 &&
	    !ch->advertise) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "ethtool says nothing: write e.g. speed 100 duplex full autoneg off");
		ok = FALSE;
	}
	if (ok && ch->autoneg == 0 && (!ch->speed_bps || ch->duplex == AUTONEG_DUPLEX_ANY)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "ethtool autoneg off needs a speed and a duplex to force: write e.g. speed 100 duplex full autoneg off");
		ok = FALSE;
	}
	return ok;
}

struct autoneg_cfg autoneg_change_apply(const struct autoneg_cfg *cur,
					const struct autoneg_change *ch)
{
	struct autoneg_cfg c = *cur;

	/* autoneg on alone: the advertisement a forced NIC kept, everything */
	if (ch->autoneg == 1)
		c = (struct autoneg_cfg){ 0 };
	else if (ch->autoneg == 0)
		c.forced = true;
	/* a speed or duplex said is what is advertised now, a list given before no more */
	if (ch->autoneg == 0 || ch->speed_bps || ch->duplex != AUTONEG_DUPLEX_ANY)
		c.advertise = 0;
	if (!c.forced && (ch->speed_bps || ch->duplex != AUTONEG_DUPLEX_ANY)) {
		/* negotiating: the advertisement is made from this command's
		 * speed and duplex alone (the kernel's ethnl_auto_linkmodes()),
		 * not narrowed further from the one before */
		c.speed_bps = ch->speed_bps;
		c.duplex = ch->duplex;
	} else {
		/* forced: what is not said keeps the value the NIC runs at */
		if (ch->speed_bps)
			c.speed_bps = ch->speed_bps;
		if (ch->duplex != AUTONEG_DUPLEX_ANY)
			c.duplex = ch->duplex;
	}
	/* the modes said are the advertisement, whatever speed limited it before */
	if (ch->advertise) {
		c.advertise = ch->advertise;
		c.speed_bps = 0;
		c.duplex = AUTONEG_DUPLEX_ANY;
	}
	return autoneg_nic_keeps(c);
}

struct autoneg_cfg autoneg_nic_keeps(struct autoneg_cfg c)
{
	if (c.forced)
		return c;
	/* the driver masks the request with its PHY's autoneg_mask (0x2f) */
	c.advertise &= ~AUTONEG_ADV_1000HALF;
	/* ethtool -s speed 1000 duplex half: the kernel advertises the
	 * supported modes of that speed and duplex, none, and the driver
	 * advertises all it has for an empty request */
	if (c.speed_bps == G1 && c.duplex == AUTONEG_DUPLEX_HALF)
		c = (struct autoneg_cfg){ 0 };
	return c;
}

bool autoneg_nic_refuses(const struct autoneg_cfg *c)
{
	return c->forced && c->speed_bps == G1 && c->duplex == AUTONEG_DUPLEX_HALF;
}

gboolean autoneg_parse_ethtool(const char *text, struct autoneg_cfg *c, GError **error)
{
	static const struct autoneg_cfg none;
	struct autoneg_change ch;
	struct autoneg_cfg got;

	*c = none;
	if (!autoneg_parse_change(text, &ch, error))
		return FALSE;
	got = autoneg_change_apply(&none, &ch);
	if (autoneg_nic_refuses(&got)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID, AUTONEG_REFUSED_1000HALF,
			    text);
		return FALSE;
	}
	*c = got;
	return TRUE;
}

/*
 * IEEE 802.3 28.3.2 gives break_link_timer 1200 to 1500 ms: the upper
 * bound, by which any partner has seen the link go; the exchange of link
 * code words after it (FLP bursts 16 ms apart) is folded into it.
 * 40.4.5.2's maxwait_timer (750 ms) bounds 1000BASE-T's training.  A
 * change between two forced ends resets the PHYs alike (no negotiation,
 * but the driver's reset takes as long).
 */
sim_time_t autoneg_relink_time(const struct autoneg_result *r)
{
	sim_time_t t = 1500 * SIM_MS;

	if (r->link && r->speed_bps == G1)
		t += 750 * SIM_MS;
	return t;
}

const char *autoneg_mbps_hint(const char *word, char *buf, size_t size)
{
	uint64_t bps;

	if (!word || !g_ascii_isdigit(word[0]) || g_ascii_isdigit(word[strlen(word) - 1]) ||
	    !sim_link_speed_parse(word, &bps, NULL) || bps % 1000000)
		return NULL;
	g_snprintf(buf, size, "%" G_GUINT64_FORMAT, bps / 1000000);
	return buf;
}
