/*
 * sim.c - the simulation object, and the units users write: times, rates.
 *
 * DOC: Times are parsed exactly, with integer arithmetic on the decimal
 * digits ("2.5s" is 2500000000 ns, never 2499999999 from a double), and
 * printed in the shortest unit that represents them exactly, so a time
 * printed by bondsim can be pasted back into a scenario.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim.h"

G_DEFINE_QUARK(bondsim-error-quark, bondsim_error)

struct sim *sim_new(uint64_t seed)
{
	struct sim *sim = g_new0(struct sim, 1);

	sim->seed = seed;
	sim->end = SIM_TIME_NEVER;
	evq_init(&sim->q);
	frame_pool_init(&sim->pool);
	return sim;
}

void sim_free(struct sim *sim)
{
	if (!sim)
		return;
	evq_fini(&sim->q);
	frame_pool_fini(&sim->pool);
	g_free(sim);
}

struct unit {
	const char *name;
	int64_t scale;
};

/*
 * The largest time and rate a user may write.  115 days of simulated time
 * and 10 Tbit/s are far beyond any scenario, and a sum of several hundred
 * such times (now + delay + period ...) still fits in an int64_t, so the
 * models never need to check their additions.
 */
#define SIM_TIME_MAX		(10000000 * SIM_S)
#define SIM_TIME_MAX_TEXT	"10000000s"
#define SIM_RATE_MAX		10000000000000LL
#define SIM_RATE_MAX_TEXT	"10Tbit"

/* How one kind of value is written. */
struct scaled {
	const struct unit *units;
	bool exact_case;	/* units as listed, letter case included */
	int64_t default_scale;	/* without a unit; 0: a unit is required (a bare 0 is zero) */
	int64_t max;
	const char *too_large;	/* *why above max */
	const char *not_whole;	/* a fraction of the smallest unit is refused with this;
				 * NULL: rounded to the nearest */
};

/*
 * Parse "<digits>[.<digits>]<unit>" into value * scale exactly, as @k says.
 * The caps keep every parsed number far enough from INT64_MAX that sums of
 * them (now + delay, rate * factor) cannot overflow either.
 */
static gboolean parse_scaled(const char *text, const struct scaled *k, int64_t *out,
			     const char **why)
{
	const char *p = text;
	uint64_t whole = 0, frac = 0, frac_div = 1;
	bool digits = false;

	while (g_ascii_isspace(*p))
		p++;
	if (*p == '-' && (g_ascii_isdigit(p[1]) || p[1] == '.')) {
		*why = "negative values are not allowed";
		return FALSE;
	}
	if (*p == '+')
		p++;
	while (g_ascii_isdigit(*p)) {
		/* past max already (scale >= 1): stop growing, it is refused below */
		if (whole <= (uint64_t)k->max)
			whole = whole * 10 + (uint64_t)(*p - '0');
		p++;
		digits = true;
	}
	if (*p == '.') {
		p++;
		while (g_ascii_isdigit(*p)) {
			/*
			 * 18 digits: a nanosecond of an hour needs 13.  With a
			 * power-of-ten scale every rounding boundary has fewer
			 * digits, so dropping the rest is exact; for m and h it
			 * only matters within 1e-18 of a half nanosecond.
			 */
			if (frac_div < 1000000000000000000ULL) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				frac_div *= 10;
			}
			p++;
			digits = true;
		}
	}
	if (!digits) {
		*why = "not a number";
		return FALSE;
	}
	const char *u = p;
	while (*p && !g_ascii_isspace(*p))
		p++;
	const char *end = p;
	while (g_ascii_isspace(*p))
		p++;
	if (*p) {
		*why = "trailing characters";
		return FALSE;
	}
	/*
	 * "1e3ms" and "0x10s" would otherwise be an unknown unit "e3ms": say
	 * what they are, and that a huge one would be out of range anyway.
	 */
	if ((*u == 'e' || *u == 'E') && (g_ascii_isdigit(u[1]) ||
					 ((u[1] == '-' || u[1] == '+') && g_ascii_isdigit(u[2])))) {
		const char *un = u + 2;
		double d = g_ascii_strtod(text, NULL), scale = (double)MAX(k->default_scale, 1);

		while (g_ascii_isdigit(*un))
			un++;
		for (const struct unit *x = k->units; x->name; x++)
			if ((size_t)(end - un) == strlen(x->name) && !strncmp(un, x->name, end - un))
				scale = (double)x->scale;
		*why = d * scale > (double)k->max
			       ? k->too_large
			       : "not a plain decimal number: write the digits, no exponent";
		return FALSE;
	}
	for (const char *c = u; c < end; c++) {
		if (g_ascii_isdigit(*c)) {
			*why = "not a plain decimal number";
			return FALSE;
		}
	}
	int64_t scale = k->default_scale;
	/* No unit where one is required: only zero means the same in all of them. */
	if (end == u && !k->default_scale) {
		if (whole || frac) {
			*why = "no unit";
			return FALSE;
		}
		*out = 0;
		return TRUE;
	}
	if (end > u) {
		scale = 0;
		for (const struct unit *un = k->units; un->name; un++) {
			if ((size_t)(end - u) == strlen(un->name) &&
			    (k->exact_case ? strncmp(u, un->name, end - u)
						 : g_ascii_strncasecmp(u, un->name, end - u)) == 0) {
				scale = un->scale;
				break;
			}
		}
		if (!scale) {
			*why = "unknown unit";
			for (const struct unit *un = k->units; k->exact_case && un->name; un++)
				if ((size_t)(end - u) == strlen(un->name) &&
				    !g_ascii_strncasecmp(u, un->name, end - u))
					*why = "unknown unit: letter case matters";
			return FALSE;
		}
	}
	/*
	 * 128 bits hold every product here (whole <= 10 * max + 9 < 2^57,
	 * scale < 2^42, frac < 2^60): frac * scale needs up to 102 bits, and
	 * in 64 bits "1.999999999999h" wrapped around.
	 */
	unsigned __int128 v = (unsigned __int128)whole * (uint64_t)scale +
			      ((unsigned __int128)frac * (uint64_t)scale + frac_div / 2) / frac_div;

	if (v > (uint64_t)k->max) {
		*why = k->too_large;
		return FALSE;
	}
	if (k->not_whole && (unsigned __int128)frac * (uint64_t)scale % frac_div) {
		*why = k->not_whole;
		return FALSE;
	}
	*out = (int64_t)v;
	return TRUE;
}

/*
 * Letter case matters: M is mega in "rate = 100M" and "--pcap-max 500M",
 * so "duration = 1M" must not be a minute, nor "1MS" a millisecond.
 */
static const struct unit time_units[] = {
	{ "ns", SIM_NS }, { "us", SIM_US }, { "ms", SIM_MS }, { "s", SIM_S },
	{ "m", 60 * SIM_S }, { "h", 3600 * SIM_S },
	{ NULL, 0 },
};

static const struct scaled times = {
	time_units, true, 0, SIM_TIME_MAX, "more than " SIM_TIME_MAX_TEXT,
	/* the simulation's clock ticks in nanoseconds: rounding would change a time unseen */
	"times are whole nanoseconds",
};

gboolean sim_time_parse(const char *text, sim_time_t *out, GError **error)
{
	const char *why = NULL;

	/*
	 * A unit is required: "interval = 10" could be 10 s or 10 ms (bonding's
	 * own miimon=100 is ms), and guessing wrong by 1000 is silent.
	 */
	if (!text || !parse_scaled(text, &times, out, &why)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "invalid time '%s' (%s); write a number and a unit (ns, us, ms, s, m, h), "
			    "e.g. 10us, 100ms, 2.5s, 1m",
			    text ? text : "", why ? why : "empty");
		return FALSE;
	}
	return TRUE;
}

const char *sim_time_format(sim_time_t t, char *buf, size_t size)
{
	static const struct unit order[] = { { "s", SIM_S }, { "ms", SIM_MS }, { "us", SIM_US } };
	const char *sign = t < 0 ? "-" : "";
	uint64_t a = t < 0 ? (uint64_t)-t : (uint64_t)t;

	if (a == 0) {
		g_snprintf(buf, size, "0s");
		return buf;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
		uint64_t s = (uint64_t)order[i].scale, milli = s / 1000;

		if (a % s == 0) {
			g_snprintf(buf, size, "%s%" G_GUINT64_FORMAT "%s", sign, a / s,
				   order[i].name);
			return buf;
		}
		if (a >= s && a % milli == 0) {
			/* "2.5s": exact with at most three decimals */
			char frac[8];

			g_snprintf(frac, sizeof(frac), "%03" G_GUINT64_FORMAT, (a % s) / milli);
			for (int k = 2; k > 0 && frac[k] == '0'; k--)
				frac[k] = 0;
			g_snprintf(buf, size, "%s%" G_GUINT64_FORMAT ".%s%s", sign, a / s, frac,
				   order[i].name);
			return buf;
		}
	}
	g_snprintf(buf, size, "%s%" G_GUINT64_FORMAT "ns", sign, a);
	return buf;
}

const char *sim_time_format_sec(sim_time_t t, char *buf, size_t size)
{
	g_snprintf(buf, size, "%" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT, t / SIM_S,
		   (t % SIM_S) / SIM_US);
	return buf;
}

static const struct unit rate_units[] = {
	{ "", 1 }, { "bit", 1 }, { "bps", 1 },
	{ "k", 1000LL }, { "kbit", 1000LL }, { "kbps", 1000LL },
	{ "M", 1000000LL }, { "Mbit", 1000000LL }, { "Mbps", 1000000LL },
	{ "G", 1000000000LL }, { "Gbit", 1000000000LL }, { "Gbps", 1000000000LL },
	{ "T", 1000000000000LL }, { "Tbit", 1000000000000LL }, { "Tbps", 1000000000000LL },
	{ NULL, 0 },
};

gboolean sim_rate_parse(const char *text, uint64_t *bps, GError **error)
{
	const char *why = NULL;
	int64_t v;

	static const struct scaled rates = {
		rate_units + 1, false, 1, SIM_RATE_MAX, "more than " SIM_RATE_MAX_TEXT, NULL,
	};

	if (!text || !parse_scaled(text, &rates, &v, &why) || v <= 0) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "invalid rate '%s' (%s); write e.g. 100M, 1G, 2.5Gbit, 10Gbps",
			    text ? text : "", why ? why : "must be more than 0");
		return FALSE;
	}
	*bps = (uint64_t)v;
	return TRUE;
}

/*
 * Sizes in bytes, as engineers write them: K, M, G, T in 1024s (also KiB
 * ...), KB, MB, GB, TB in 1000s, any letter case.  Through parse_scaled()
 * as every other value, so "1.5" is no byte count (strtod made it 1),
 * nor is "1e3" or "0x10".  Up to 1000 TB, far beyond any capture or
 * transfer, keeps the parser's products in range.
 */
static const struct unit size_units[] = {
	{ "B", 1LL },
	{ "K", 1LL << 10 }, { "KiB", 1LL << 10 }, { "KB", 1000LL },
	{ "M", 1LL << 20 }, { "MiB", 1LL << 20 }, { "MB", 1000000LL },
	{ "G", 1LL << 30 }, { "GiB", 1LL << 30 }, { "GB", 1000000000LL },
	{ "T", 1LL << 40 }, { "TiB", 1LL << 40 }, { "TB", 1000000000000LL },
	{ NULL, 0 },
};

gboolean sim_size_parse(const char *text, uint64_t *bytes, GError **error)
{
	const char *why = NULL;
	int64_t v = 0;

	static const struct scaled sizes = {
		size_units, false, 1, 1000000000000000LL, "more than 1000TB",
		"sizes are whole bytes",
	};

	if (!text || !parse_scaled(text, &sizes, &v, &why) || v <= 0) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "invalid size '%s' (%s): write a whole number of bytes, or one with a unit: "
			    "500M, 2G, 1.5G (K, M, G, T count in 1024s; KB, MB, GB, TB in 1000s)",
			    text ? text : "", why ? why : "must be more than 0");
		return FALSE;
	}
	*bytes = (uint64_t)v;
	return TRUE;
}

/*
 * A loss probability, "0.05" or "5%": plain decimal digits (no sign,
 * exponent or hex, which strtod would take: "0x1p-1" was a loss of 0.5)
 * and at least one of them ("loss=" and "loss=%" were a loss of 0).
 */
bool sim_loss_parse(const char *text, double *p)
{
	const char *c = text;
	bool digits = false;
	double v;

	while (g_ascii_isdigit(*c))
		c++, digits = true;
	if (*c == '.')
		for (c++; g_ascii_isdigit(*c); c++)
			digits = true;
	if (!digits || (*c && strcmp(c, "%") != 0))
		return false;
	v = g_ascii_strtod(text, NULL) / (*c ? 100 : 1);
	if (!(v >= 0 && v <= 1))
		return false;
	*p = v;
	return true;
}

/*
 * Link speeds as ethtool counts them: a bare number is Mb/s ("ethtool -s
 * eth0 speed 10000" is 10 Gb/s), and units are Mb/s or Gb/s in the usual
 * spellings.  Bits per second and kb/s are no Ethernet speed, so a bare
 * 1000000000 meant as bit/s is refused rather than read as 1 Pb/s.
 */
static const struct unit speed_units[] = {
	{ "M", 1000000LL }, { "Mb", 1000000LL }, { "Mbit", 1000000LL }, { "Mb/s", 1000000LL },
	{ "Mbit/s", 1000000LL }, { "Mbps", 1000000LL },
	{ "G", 1000000000LL }, { "Gb", 1000000000LL }, { "Gbit", 1000000000LL },
	{ "Gb/s", 1000000000LL }, { "Gbit/s", 1000000000LL }, { "Gbps", 1000000000LL },
	{ NULL, 0 },
};

gboolean sim_link_speed_parse(const char *text, uint64_t *bps, GError **error)
{
	const char *why = NULL;
	int64_t v = 0;

	static const struct scaled speeds = {
		speed_units, false, 1000000LL, SIM_RATE_MAX, "more than 10000000 Mb/s", NULL,
	};

	if (text && parse_scaled(text, &speeds, &v, &why)) {
		if (v > 0 && v % 1000000LL == 0) {
			*bps = (uint64_t)v;
			return TRUE;
		}
		why = v <= 0 ? "must be more than 0" : "not a whole number of Mb/s";
	}
	g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
		    "invalid link speed '%s' (%s); write Mb/s as ethtool does (speed=10000 is "
		    "10 Gb/s) or a number with a unit: 100M, 100Mb/s, 100Mbit/s, 100Mbps, "
		    "10G, 10Gb/s, 10Gbit/s, 10Gbps",
		    text ? text : "", why ? why : "empty");
	return FALSE;
}

const char *sim_link_speed_format(uint64_t bps, char *buf, size_t size)
{
	if (bps % 1000000ULL == 0)
		g_snprintf(buf, size, "%" G_GUINT64_FORMAT "Mb/s", (guint64)(bps / 1000000ULL));
	else
		sim_rate_format(bps, buf, size);
	return buf;
}

const char *sim_rate_format(uint64_t bps, char *buf, size_t size)
{
	if (bps && bps % 1000000000ULL == 0)
		g_snprintf(buf, size, "%" G_GUINT64_FORMAT "Gbit", (guint64)(bps / 1000000000ULL));
	else if (bps && bps % 1000000ULL == 0)
		g_snprintf(buf, size, "%" G_GUINT64_FORMAT "Mbit", (guint64)(bps / 1000000ULL));
	else if (bps && bps % 1000ULL == 0)
		g_snprintf(buf, size, "%" G_GUINT64_FORMAT "kbit", (guint64)(bps / 1000ULL));
	else
		g_snprintf(buf, size, "%" G_GUINT64_FORMAT "bit", bps);
	return buf;
}

/* Case aside, and '-' for '_': "Xmit-Hash-Policy" is one edit from nothing. */
static bool same_letter(char x, char y)
{
	x = g_ascii_tolower(x);
	y = g_ascii_tolower(y);
	return x == y || (x == '-' && y == '_') || (x == '_' && y == '-');
}

guint sim_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	guint *row = g_new(guint, lb + 1);

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		guint diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			guint up = row[j];
			guint cost = !same_letter(a[i - 1], b[j - 1]);
			guint best = MIN(row[j] + 1, row[j - 1] + 1);

			row[j] = MIN(best, diag + cost);
			diag = up;
		}
	}
	guint d = row[lb];
	g_free(row);
	return d;
}

const char *sim_nearest(const char *word, const char *const *choices)
{
	const char *best = NULL;
	guint best_d = G_MAXUINT;

	for (const char *const *c = choices; c && *c; c++) {
		guint d = sim_edit_distance(word, *c);

		if (d < best_d) {
			best_d = d;
			best = *c;
		}
	}
	/* A suggestion more than half wrong helps nobody. */
	if (best && best_d > MAX(2u, (guint)strlen(word) / 2))
		return NULL;
	return best;
}

uint64_t sim_muldiv(uint64_t a, uint64_t b, uint64_t c)
{
	__extension__ unsigned __int128 p = (unsigned __int128)a * b, v;

	/* the usual product fits in 64 bits: one machine division, not a
	 * call to the 128-bit one (an application's every packet comes here) */
	if (!(uint64_t)(p >> 64))
		return (uint64_t)p / c;
	v = p / c;
	return v > UINT64_MAX ? UINT64_MAX : (uint64_t)v;
}
