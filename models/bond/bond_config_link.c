/*
 * bond_config_link.c - systemd .link files: which NIC each one is for, and its speed and duplex.
 *
 * DOC: A .link file is udev's (the net_setup_link builtin,
 * src/udev/net/link-config.c), given like networkd's files as
 * "networkd NAME.link = ...".  Its [Match] says which interfaces it is
 * for; bondsim evaluates OriginalName= (names with shell globs, fnmatch()
 * as udev does), MACAddress= and PermanentMACAddress= (a NIC's address:
 * bondsim changes none before udev would run), all of them having to hold.
 * Path=, Driver=, Type=, Property= and the conditions (Host=,
 * Virtualization= ...) ask about hardware and a system bondsim does not
 * model: refused, so a file never applies by accident.  A [Match] with
 * nothing in it makes udev ignore the file (link_load_one(): "No valid
 * settings found in the [Match] section"): a warning here too.
 *
 * udev sorts the files by name and applies the first one whose [Match]
 * holds, and no other.  systemd ships 99-default.link (OriginalName=*,
 * NamePolicy= and MACAddressPolicy= only): every file named after it never
 * applies, unless the user's own 99-default.link replaces it.
 *
 * [Link] AutoNegotiation=, BitsPerSecond=, Duplex= and Advertise= go to the
 * kernel as ethtool_set_glinksettings() (src/shared/ethtool-util.c) sends
 * them:
 *  - Advertise= (link mode names) turns negotiation on and advertises those
 *    modes only; speed and duplex are then ignored;
 *  - AutoNegotiation=yes negotiates what the driver advertises (all of it,
 *    here); BitsPerSecond= and Duplex= are ignored ("autonegotiation is
 *    enabled, ignoring speed, duplex, or port settings"), not used to
 *    narrow the advertisement as ethtool(8)'s own -s does;
 *  - BitsPerSecond= or Duplex= without AutoNegotiation=yes turns it off
 *    and forces them; one left out keeps what the driver reports, which
 *    bondsim cannot know, so it wants both (as for ethtool's autoneg off).
 * The other [Link] keys (Name=, MTUBytes=, WakeOnLan= ...) are taken and
 * warned about as not modelled; a key systemd does not have is refused.
 *
 * The files are read with the networkd ones; which NIC each applies to is
 * known only once the host's NICs are: bond_conf_link_files_apply().
 */
#include "bond_config_priv.h"
#include "bond_config_networkd_priv.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <string.h>

#include "sim.h"

/* What bondsim can evaluate of a [Match]. */
static const char *const lk_match_keys[] = { "OriginalName", "MACAddress", "PermanentMACAddress",
	NULL };
/* systemd's other [Match] keys: about hardware or the system, which bondsim does not model. */
static const char *const lk_match_other[] = { "Path", "Driver", "Type", "Kind", "Property",
	"Host", "Virtualization", "KernelCommandLine", "KernelVersion", "Credential",
	"Architecture", "Firmware", NULL };
/* The [Link] keys bondsim applies. */
static const char *const lk_link_keys[] = { "AutoNegotiation", "BitsPerSecond", "Duplex",
	"Advertise", "Description", NULL };
/* systemd.link(5)'s other [Link] keys (systemd 252): taken, not modelled, said. */
static const char *const lk_link_other[] = { "MACAddressPolicy", "MACAddress", "NamePolicy",
	"Name", "AlternativeNamesPolicy", "AlternativeName", "Alias", "TransmitQueues",
	"ReceiveQueues", "TransmitQueueLength", "MTUBytes", "WakeOnLan", "WakeOnLanPassword",
	"Port", "ReceiveChecksumOffload", "TransmitChecksumOffload",
	"GenericSegmentationOffload", "TCPSegmentationOffload", "TCP6SegmentationOffload",
	"UDPSegmentationOffload", "GenericReceiveOffload", "GenericReceiveOffloadHardware",
	"LargeReceiveOffload", "ReceiveVLANCTAGHardwareAcceleration",
	"TransmitVLANCTAGHardwareAcceleration", "ReceiveVLANCTAGFilter",
	"TransmitVLANSTAGHardwareAcceleration", "NTupleFilter", "ReceivePacketSteeringCPUMask",
	"RxChannels", "TxChannels", "OtherChannels", "CombinedChannels", "RxBufferSize",
	"RxMiniBufferSize", "RxJumboBufferSize", "TxBufferSize", "RxFlowControl",
	"TxFlowControl", "AutoNegotiationFlowControl", "GenericSegmentOffloadMaxBytes",
	"GenericSegmentOffloadMaxSegments", "RxCoalesceSec", "RxCoalesceIrqSec",
	"RxCoalesceLowSec", "RxCoalesceHighSec", "TxCoalesceSec", "TxCoalesceIrqSec",
	"TxCoalesceLowSec", "TxCoalesceHighSec", "RxMaxCoalescedFrames",
	"RxMaxCoalescedIrqFrames", "RxMaxCoalescedLowFrames", "RxMaxCoalescedHighFrames",
	"TxMaxCoalescedFrames", "TxMaxCoalescedIrqFrames", "TxMaxCoalescedLowFrames",
	"TxMaxCoalescedHighFrames", "CoalescePacketRateLow", "CoalescePacketRateHigh",
	"CoalescePacketRateSampleIntervalSec", "StatisticsBlockCoalesceSec",
	"UseAdaptiveRxCoalesce", "UseAdaptiveTxCoalesce", "SR-IOVVirtualFunctions", NULL };
/* Advertise='s link modes bondsim negotiates, in AUTONEG_ADV_ bit order. */
static const char *const lk_modes[] = { "10baset-half", "10baset-full", "100baset-half",
	"100baset-full", "1000baset-half", "1000baset-full", NULL };
/* The speeds ethtool takes, in Mb/s, and as a .link writes them. */
static const unsigned lk_mbps[] = { 10, 100, 1000, 2500, 5000, 10000, 25000, 40000, 50000,
	100000 };
static const char *const lk_speed_names[] = { "10M", "100M", "1G", "2.5G", "5G", "10G", "25G",
	"40G", "50G", "100G", NULL };

static gboolean lk_fail(GError **error, const struct nd_file *f, const struct keyfile_entry *e,
			const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static gboolean lk_fail(GError **error, const struct nd_file *f, const struct keyfile_entry *e,
			const char *fmt, ...)
{
	va_list ap;
	g_autofree char *msg = NULL;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX, "%s:%d: %s: [%s] %s=%s: %s",
		    KF_AT(f, e), f->name, e->section, e->key, e->value, msg);
	return FALSE;
}

/* "aa:bb:cc:dd:ee:ff" (or with '-'), as udev's hwaddr parser takes the usual forms. */
static gboolean lk_mac(const char *s, guint8 mac[6])
{
	unsigned v[6];
	char sep[5], end;

	if (strlen(s) != 17 ||
	    sscanf(s, "%2x%c%2x%c%2x%c%2x%c%2x%c%2x%c", &v[0], &sep[0], &v[1], &sep[1], &v[2],
		   &sep[2], &v[3], &sep[3], &v[4], &sep[4], &v[5], &end) != 11)
		return FALSE;
	for (int i = 0; i < 5; i++)
		if (sep[i] != sep[0] || (sep[0] != ':' && sep[0] != '-'))
			return FALSE;
	for (int i = 0; i < 6; i++)
		mac[i] = (guint8)v[i];
	return TRUE;
}

/*
 * BitsPerSecond=: systemd's parse_size() in base 1000 (K, M, G, T; "1.5G"),
 * bits per second, which ethtool gets in Mb/s rounded up.  0 if no speed
 * ethtool takes.
 */
static unsigned lk_speed_mbps(const char *v)
{
	static const struct { char c; double mul; } suf[] = { { 'K', 1e3 }, { 'M', 1e6 },
		{ 'G', 1e9 }, { 'T', 1e12 } };
	char *end;
	double bits = g_ascii_strtod(v, &end);

	if (end == v || !g_ascii_isdigit(*v) || bits < 0)
		return 0;
	if (*end) {
		size_t i = 0;

		while (i < G_N_ELEMENTS(suf) && suf[i].c != *end)
			i++;
		if (i == G_N_ELEMENTS(suf) || end[1])
			return 0;
		bits *= suf[i].mul;
	}
	double mbps = bits / 1e6;

	/* checked before the cast: a huge or infinite value has no unsigned */
	if (!(mbps <= 1e6))
		return 0;
	unsigned up = (unsigned)mbps + ((double)(unsigned)mbps < mbps);

	for (size_t i = 0; i < G_N_ELEMENTS(lk_mbps); i++)
		if (lk_mbps[i] == up)
			return up;
	return 0;
}

/* One entry where it was typed: a key systemd has, a value it takes. */
static gboolean lk_check(const struct keyfile_entry *e, void *data, GError **error)
{
	const struct nd_file *f = data;
	const gboolean match = !strcmp(e->section, "Match");

	if (!match && strcmp(e->section, "Link")) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: %s: section [%s] is not supported in a .link file: write "
			    "[Match] or [Link]", KF_AT(f, e), f->name, e->section);
		return FALSE;
	}
	if (match && nd_in_list(lk_match_other, e->key))
		return lk_fail(error, f, e, "bondsim cannot evaluate it (it models no drivers, "
			       "buses or systems to match): match the NIC with OriginalName= or "
			       "MACAddress=");
	if ((match && !nd_in_list(lk_match_keys, e->key)) ||
	    (!match && !nd_in_list(lk_link_keys, e->key) && !nd_in_list(lk_link_other, e->key))) {
		const char *const *keys = match ? lk_match_keys : lk_link_keys;
		g_autofree char *list = nd_joined(keys);
		const char *near = sim_nearest(e->key, keys);

		if (!near && !match)
			near = sim_nearest(e->key, lk_link_other);
		if (!match && !g_ascii_strcasecmp(e->key, "Speed"))
			near = "BitsPerSecond";	/* ethtool's word; the .link's is longer */
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: %s: [%s] %s= is no key of a .link file%s%s%s: write one of %s%s",
			    KF_AT(f, e), f->name, e->section, e->key, near ? " (did you mean " : "",
			    near ? near : "", near ? "=?)" : "", list,
			    match ? " (what bondsim can match a NIC by)" : " (applied), or another "
			    "key of systemd.link(5) (taken with a warning: not modelled)");
		return FALSE;
	}
	if (!*e->value)
		return TRUE;	/* an empty assignment resets the key */
	if (!strcmp(e->key, "OriginalName") && e->value[0] == '!')
		return lk_fail(error, f, e, "an inverted list is not taken: list the names it is "
			       "for (globs such as eth* are)");
	if (match && strcmp(e->key, "OriginalName")) {
		g_auto(GStrv) w = g_strsplit_set(e->value, " \t", -1);
		guint8 mac[6];

		for (char **p = w; *p; p++)
			if (**p && !lk_mac(*p, mac))
				return lk_fail(error, f, e, "'%s' is not a MAC address: write e.g. "
					       "02:00:00:01:00:01", *p);
	}
	if (!strcmp(e->key, "AutoNegotiation") && nd_bool(e->value) < 0)
		return lk_fail(error, f, e, "not a boolean: write yes or no");
	if (!strcmp(e->key, "Duplex") && strcmp(e->value, "half") && strcmp(e->value, "full"))
		return lk_fail(error, f, e, "write half or full");
	if (!strcmp(e->key, "BitsPerSecond") && !lk_speed_mbps(e->value)) {
		g_autofree char *list = nd_joined(lk_speed_names);
		const char *near = NULL;

		for (size_t i = 0; !near && i < G_N_ELEMENTS(lk_mbps); i++)
			if (g_ascii_strtoull(e->value, NULL, 10) == lk_mbps[i] &&
			    strspn(e->value, "0123456789") == strlen(e->value))
				near = lk_speed_names[i];
		return lk_fail(error, f, e, "bits per second with K, M or G (base 1000), a speed "
			       "ethtool takes%s%s%s: one of %s", near ? " (did you mean " : "",
			       near ? near : "", near ? "?)" : "", list);
	}
	if (!strcmp(e->key, "Advertise")) {
		g_auto(GStrv) w = g_strsplit_set(e->value, " \t", -1);
		g_autofree char *list = nd_joined(lk_modes);

		for (char **p = w; *p; p++)
			if (**p && !nd_in_list(lk_modes, *p))
				return lk_fail(error, f, e, "'%s': bondsim negotiates 10, 100 and 1000 "
					       "Mb/s over twisted pair (a faster cable runs at its "
					       "one speed): write among %s", *p, list);
	}
	return TRUE;
}

gboolean bond_conf_parse_link(struct bond_conf_set *s, const char *name, const char *text,
			      const char *file, int first_line, GError **error)
{
	struct bond_conf_state *st = s->state;
	struct nd_file *f = g_new0(struct nd_file, 1);

	f->name = g_strdup(name);
	f->file = bond_conf_keep_file(st, file);
	f->line = first_line;
	f->entries = g_ptr_array_new_with_free_func(bond_conf_keyfile_entry_free);
	if (!bond_conf_keyfile_read(text, first_line, f->file, true, "[Link]", "Key=Value",
				    "[Link] then BitsPerSecond=100M", f->entries, lk_check, f,
				    error)) {
		bond_conf_networkd_free(f);
		return FALSE;
	}
	g_ptr_array_add(st->link_files, f);
	return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Which NIC each file is for, and what it sets there.                       */

/*
 * The words of a list key (OriginalName=, MACAddress=, Advertise=), as
 * systemd's parsers leave them: each line adds its words, an empty one
 * empties the list.
 */
static GPtrArray *lk_list(const struct nd_file *f, const char *section, const char *key)
{
	GPtrArray *v = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; i < f->entries->len; i++) {
		const struct keyfile_entry *e = f->entries->pdata[i];
		g_auto(GStrv) w = NULL;

		if (strcmp(e->section, section) || strcmp(e->key, key))
			continue;
		if (!*e->value)
			g_ptr_array_set_size(v, 0);
		w = g_strsplit_set(e->value, " \t", -1);
		for (char **p = w; *p; p++)
			if (**p)
				g_ptr_array_add(v, g_strdup(*p));
	}
	return v;
}

static gboolean lk_mac_in(GPtrArray *macs, const guint8 mac[6])
{
	for (guint i = 0; i < macs->len; i++) {
		guint8 m[6];

		if (lk_mac(macs->pdata[i], m) && !memcmp(m, mac, 6))
			return TRUE;
	}
	return FALSE;
}

/* Does @f's [Match] hold for a NIC (an empty list holds for all)? */
static gboolean lk_matches(const struct nd_file *f, const char *nic, const guint8 mac[6])
{
	g_autoptr(GPtrArray) names = lk_list(f, "Match", "OriginalName");
	g_autoptr(GPtrArray) macs = lk_list(f, "Match", "MACAddress");
	g_autoptr(GPtrArray) perm = lk_list(f, "Match", "PermanentMACAddress");
	gboolean name_ok = !names->len;

	for (guint i = 0; i < names->len && !name_ok; i++)
		name_ok = fnmatch(names->pdata[i], nic, 0) == 0;
	return name_ok && (!macs->len || lk_mac_in(macs, mac)) &&
	       (!perm->len || lk_mac_in(perm, mac));
}

static gboolean lk_match_empty(const struct nd_file *f)
{
	for (const char *const *k = lk_match_keys; *k; k++) {
		g_autoptr(GPtrArray) v = lk_list(f, "Match", *k);

		if (v->len)
			return FALSE;
	}
	return TRUE;
}

/* The speed, duplex and autonegotiation @f sets, as ethtool_set_glinksettings() sends them. */
static gboolean lk_settings(struct bond_conf_set *s, const struct nd_file *f, const char *nic,
			    GError **error)
{
	const struct keyfile_entry *an = nd_get(f, "Link", "AutoNegotiation");
	const struct keyfile_entry *sp = nd_get(f, "Link", "BitsPerSecond");
	const struct keyfile_entry *dx = nd_get(f, "Link", "Duplex");
	const struct keyfile_entry *adv_e = nd_get(f, "Link", "Advertise");
	g_autoptr(GPtrArray) modes = lk_list(f, "Link", "Advertise");
	int autoneg = an && *an->value ? nd_bool(an->value) : -1;
	unsigned mbps = sp && *sp->value ? lk_speed_mbps(sp->value) : 0;
	struct autoneg_cfg cfg = { 0 };
	const struct keyfile_entry *at;
	g_autofree char *words = NULL;

	if (dx && !*dx->value)
		dx = NULL;
	for (guint i = 0; i < modes->len; i++)
		for (int b = 0; lk_modes[b]; b++)
			if (!strcmp(modes->pdata[i], lk_modes[b]))
				cfg.advertise |= 1u << b;
	if (cfg.advertise || autoneg == 1) {
		/* negotiation on: the speed and duplex are the kernel's to report */
		const struct keyfile_entry *ignored[] = { mbps ? sp : NULL, dx };

		for (size_t i = 0; i < G_N_ELEMENTS(ignored); i++)
			if (ignored[i])
				bond_conf_warn(s, KF_AT(f, ignored[i]), "%s: [Link] %s=%s is ignored: "
					       "with %s udev negotiates and does not narrow what it "
					       "advertises by speed or duplex (ethtool -s would)",
					       f->name, ignored[i]->key, ignored[i]->value,
					       cfg.advertise ? "Advertise=" : "AutoNegotiation=yes");
		if (cfg.advertise && autoneg == 0)
			bond_conf_warn(s, KF_AT(f, an), "%s: [Link] AutoNegotiation=%s is overridden: "
				       "Advertise= turns autonegotiation on", f->name, an->value);
		at = cfg.advertise ? adv_e : an;
		words = cfg.advertise ? g_strdup_printf("autoneg on advertise 0x%03x", cfg.advertise)
				      : g_strdup("autoneg on");
		if (cfg.advertise == AUTONEG_ADV_ALL)
			cfg.advertise = 0;	/* everything a 10/100/1000 PHY runs */
		cfg = autoneg_nic_keeps(cfg);
	} else if (autoneg == 0 || mbps || dx) {
		at = sp && mbps ? sp : dx ? dx : an;
		if (!mbps || !dx) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: %s: %s: udev turns autonegotiation off%s and sets %s only; "
				    "the %s stays what the driver reports, which bondsim cannot know: "
				    "write BitsPerSecond= and Duplex= both (or AutoNegotiation=yes)",
				    KF_AT(f, at), nic, f->name,
				    autoneg == 0 ? "" : " (BitsPerSecond= or Duplex= without "
				    "AutoNegotiation=yes)", mbps ? "the speed" : dx ? "the duplex" :
				    "nothing", !mbps && !dx ? "speed and duplex" : mbps ? "duplex" :
				    "speed");
			return FALSE;
		}
		cfg.forced = true;
		cfg.speed_bps = (uint64_t)mbps * 1000000;
		cfg.duplex = !strcmp(dx->value, "full") ? AUTONEG_DUPLEX_FULL : AUTONEG_DUPLEX_HALF;
		words = g_strdup_printf("speed %u duplex %s autoneg off", mbps, dx->value);
		if (autoneg_nic_refuses(&cfg)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: %s: %s: [Link] BitsPerSecond=%s Duplex=%s: udev sends "
				    AUTONEG_REFUSED_1000HALF, KF_AT(f, dx), nic, f->name, sp->value,
				    dx->value, words);
			return FALSE;
		}
	} else {
		return TRUE;	/* the driver's settings stay */
	}
	g_autofree char *what = g_strdup_printf("%s [Link]", f->name);

	return bond_conf_link_add_cfg(s, nic, &cfg, words, what, KF_AT(f, at), error);
}

/* The [Link] keys bondsim does not model, said once per file that applies. */
static void lk_warn_other(struct bond_conf_set *s, const struct nd_file *f)
{
	for (guint i = 0; i < f->entries->len; i++) {
		const struct keyfile_entry *e = f->entries->pdata[i];

		if (!strcmp(e->section, "Link") && nd_in_list(lk_link_other, e->key))
			bond_conf_warn(s, KF_AT(f, e), "%s: [Link] %s=%s: bondsim does not model it; "
				       "ignored", f->name, e->key, e->value);
	}
}

static int lk_by_name(gconstpointer a, gconstpointer b)
{
	const struct nd_file *x = *(const struct nd_file *const *)a;
	const struct nd_file *y = *(const struct nd_file *const *)b;

	return strcmp(x->name, y->name);
}

gboolean bond_conf_link_files_apply(struct bond_conf_set *s, guint n, const char *const *nics,
				    const guint8 (*macs)[6], GError **error)
{
	GPtrArray *files = s->state->link_files;
	g_autofree gboolean *used = NULL;
	gboolean own_default = FALSE;

	g_ptr_array_sort(files, lk_by_name);
	used = g_new0(gboolean, files->len);
	for (guint k = 0; k < files->len; k++)
		own_default |= !strcmp(((struct nd_file *)files->pdata[k])->name, "99-default.link");
	for (guint i = 0; i < n; i++) {
		for (guint k = 0; k < files->len; k++) {
			const struct nd_file *f = files->pdata[k];

			if (lk_match_empty(f) || !lk_matches(f, nics[i], macs[i]))
				continue;
			/* systemd's own 99-default.link matches every NIC first */
			if (!own_default && strcmp(f->name, "99-default.link") > 0)
				break;
			used[k] = TRUE;
			if (!lk_settings(s, f, nics[i], error))
				return FALSE;
			break;
		}
	}
	g_autoptr(GString) all = g_string_new(NULL);

	for (guint i = 0; i < n; i++)
		g_string_append_printf(all, "%s%s", i ? ", " : "", nics[i]);
	for (guint k = 0; k < files->len; k++) {
		const struct nd_file *f = files->pdata[k];

		if (lk_match_empty(f))
			bond_conf_warn(s, f->file, f->line, "%s: [Match] says nothing, so udev ignores "
				       "the file (to match every NIC: OriginalName=*)", f->name);
		else if (!own_default && strcmp(f->name, "99-default.link") > 0)
			bond_conf_warn(s, f->file, f->line, "%s: never used: systemd's own "
				       "99-default.link (OriginalName=*) sorts before it and matches "
				       "every NIC first; give it a name that sorts before, e.g. 10-%s",
				       f->name, f->name + strspn(f->name, "0123456789-"));
		else if (!used[k])
			bond_conf_warn(s, f->file, f->line, "%s: [Match] holds for none of the host's "
				       "NICs (%s) that no file before it took", f->name, all->str);
		else
			lk_warn_other(s, f);
	}
	return TRUE;
}
