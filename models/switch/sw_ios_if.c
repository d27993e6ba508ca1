/*
 * sw_ios_if.c - the interface-mode commands of an IOS switch config.
 *
 * DOC: Under "interface ..." (or "interface range ..."): channel-group,
 * lacp rate / port-priority / suspend-individual / max-bundle, port-channel
 * min-links, mlag (vpc), vpc peer-link, description,
 * shutdown, speed and duplex,
 * the switchport VLAN lines (sw_ios_vlan.c), and the commands taken
 * because they change nothing in bondsim (spanning-tree portfast); "exit" goes back
 * to global mode.  Each sets the interfaces being configured (struct
 * sw_ios_if); whether the switch takes it (a rate on a static member, an
 * on member in an LACP channel) is sw_ios_apply()'s to say.  sw_ios.c
 * reads the lines and the global commands.
 */
#include <string.h>

#include "sw_ios_priv.h"

/* channel-group N mode active|passive|on */
static gboolean cmd_channel_group(struct sw_ios_reader *r, char **w, int n, GError **error)
{
	static const char *const modes[] = { "active", "passive", "on", NULL };
	enum sw_channel_mode mode;
	const char *near;
	guint64 v;

	if (n != 4 || !sw_ios_is(w[2], "mode"))
		return sw_ios_fail(r, error,
				   "'channel-group' wants a number and a mode: write e.g. channel-group 1 mode active");
	if (!sw_ios_num_arg(r, w[1], 1, SW_IOS_MAX_GROUP, "channel-group", &v, error))
		return FALSE;
	if (sw_ios_is(w[3], "desirable") || sw_ios_is(w[3], "auto"))
		return sw_ios_fail(r, error,
				   "channel-group %s mode %s is PAgP, which bondsim does not model: use mode active or passive (LACP) or on (static)",
				   w[1], w[3]);
	if (sw_ios_is(w[3], "active"))
		mode = SW_CHANNEL_ACTIVE;
	else if (sw_ios_is(w[3], "passive"))
		mode = SW_CHANNEL_PASSIVE;
	else if (sw_ios_is(w[3], "on"))
		mode = SW_CHANNEL_ON;
	else {
		near = sim_nearest(w[3], modes);
		return sw_ios_fail(r, error,
				   "unknown channel-group mode '%s'%s%s%s; valid: active (LACP, starts negotiating), passive (LACP, answers only), on (static)",
				   w[3], near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
	}
	for (guint k = 0; k < r->cur->len; k++) {
		struct sw_ios_if *i = g_ptr_array_index(r->cur, k);

		if (i->is_po)
			return sw_ios_fail(r, error,
					   "channel-group goes under the member interfaces, not under %s",
					   r->cur_text);
		i->group = (uint16_t)v;
		i->mode = mode;
		i->group_line = r->line;
	}
	return TRUE;
}

/* The physical interfaces being configured take @what; a Port-channel refuses it. */
static gboolean members_only(struct sw_ios_reader *r, const char *what, GError **error)
{
	for (guint k = 0; k < r->cur->len; k++)
		if (((struct sw_ios_if *)g_ptr_array_index(r->cur, k))->is_po)
			return sw_ios_fail(r, error,
					   "%s goes under the member interfaces of a port-channel, not under %s",
					   what, r->cur_text);
	return TRUE;
}

static gboolean cmd_lacp_if(struct sw_ios_reader *r, char **w, int n, bool no, GError **error)
{
	guint64 v = 0;

	if (n >= 2 && sw_ios_is(w[1], "suspend-individual") && n == 2) {
		for (guint k = 0; k < r->cur->len; k++) {
			struct sw_ios_if *i = g_ptr_array_index(r->cur, k);

			if (!i->is_po)
				return sw_ios_fail(r, error,
						   "lacp suspend-individual goes under interface Port-channel N, not under %s",
						   r->cur_text);
			i->suspend_individual = !no;
			i->suspend_line = r->line;
		}
		return TRUE;
	}
	if (!no && n >= 2 && sw_ios_is(w[1], "max-bundle")) {
		if (!sw_ios_want_words(r, n, 3, "lacp max-bundle", "lacp max-bundle 4", error) ||
		    !sw_ios_num_arg(r, w[2], 1, 8, "lacp max-bundle", &v, error))
			return FALSE;
		for (guint k = 0; k < r->cur->len; k++) {
			struct sw_ios_if *i = g_ptr_array_index(r->cur, k);

			if (!i->is_po)
				return sw_ios_fail(r, error,
						   "lacp max-bundle goes under interface Port-channel N, not under %s",
						   r->cur_text);
			i->max_bundle = (int)v;
			i->max_bundle_line = r->line;
		}
		return TRUE;
	}
	if (no)
		return sw_ios_fail(r, error,
				   "'no lacp %s': to go back to the default write it (lacp rate normal, lacp port-priority 32768, lacp max-bundle 8)",
				   n >= 2 ? w[1] : "");
	if (n >= 2 && sw_ios_is(w[1], "rate")) {
		if (n != 3 || !(sw_ios_is(w[2], "fast") || sw_ios_is(w[2], "normal")))
			return sw_ios_fail(r, error, "lacp rate %s: write lacp rate fast or lacp rate normal",
					   n >= 3 ? w[2] : "");
	} else if (n >= 2 && sw_ios_is(w[1], "port-priority")) {
		if (!sw_ios_want_words(r, n, 3, "lacp port-priority", "lacp port-priority 100", error) ||
		    !sw_ios_num_arg(r, w[2], 1, 65535, "lacp port-priority", &v, error))
			return FALSE;
	} else {
		return sw_ios_fail(r, error,
				   "unknown command 'lacp %s' in %s: bondsim takes lacp rate fast|normal, lacp port-priority N, and under a Port-channel [no] lacp suspend-individual and lacp max-bundle N",
				   n >= 2 ? w[1] : "", r->cur_text);
	}
	if (!members_only(r, sw_ios_is(w[1], "rate") ? "lacp rate" : "lacp port-priority", error))
		return FALSE;
	for (guint k = 0; k < r->cur->len; k++) {
		struct sw_ios_if *i = g_ptr_array_index(r->cur, k);

		if (sw_ios_is(w[1], "rate")) {
			i->rate = sw_ios_is(w[2], "fast");
			i->rate_line = r->line;
		} else {
			i->port_priority = (uint16_t)v;
			i->priority_line = r->line;
		}
	}
	return TRUE;
}

/*
 * mlag N under a Port-channel: Arista's spelling of a channel both switches
 * of an MLAG domain present as one (Cisco Nexus: vpc N); the domain itself
 * is the scenario's [mlag NAME] or pasted (sw_ios_vpc.c), whose peer link
 * is the Port-channel with NX-OS's "vpc peer-link".
 */
static gboolean cmd_mlag(struct sw_ios_reader *r, char **w, int n, bool no, GError **error)
{
	guint64 v = 0;

	/* NX-OS's "vpc peer-link": this Port-channel joins the two switches */
	if (n >= 2 && sw_ios_is(w[0], "vpc") && sw_ios_is(w[1], "peer-link")) {
		if (n != 2)
			return sw_ios_fail(r, error, "'vpc peer-link' takes nothing after it");
		for (guint k = 0; k < r->cur->len; k++) {
			struct sw_ios_if *i = g_ptr_array_index(r->cur, k);

			if (!i->is_po || r->cur->len > 1)
				return sw_ios_fail(r, error, "vpc peer-link goes under one interface "
						   "Port-channel N, not under %s", r->cur_text);
			i->peer_link = !no;
			i->peer_link_line = r->line;
		}
		return TRUE;
	}
	/* NX-OS's "vpc orphan-port suspend" on a port in no vPC: down with them */
	if (n >= 2 && sw_ios_is(w[0], "vpc") && sw_ios_is(w[1], "orphan-port")) {
		if (n != 3 || !sw_ios_is(w[2], "suspend"))
			return sw_ios_fail(r, error, "write 'vpc orphan-port suspend'");
		for (guint k = 0; k < r->cur->len; k++) {
			struct sw_ios_if *i = g_ptr_array_index(r->cur, k);

			if (i->is_po)
				return sw_ios_fail(r, error, "vpc orphan-port suspend goes under a "
						   "physical interface, not under %s", r->cur_text);
			i->orphan_suspend = !no;
			i->orphan_line = r->line;
		}
		return TRUE;
	}
	if (!no && !sw_ios_want_words(r, n, 2, w[0], "mlag 1", error))
		return FALSE;
	if (no && n != 1 && n != 2)
		return sw_ios_fail(r, error, "'no %s' takes at most its number", w[0]);
	if (!no && !sw_ios_num_arg(r, w[1], 1, 65535, w[0], &v, error))
		return FALSE;
	for (guint k = 0; k < r->cur->len; k++) {
		struct sw_ios_if *i = g_ptr_array_index(r->cur, k);

		if (!i->is_po)
			return sw_ios_fail(r, error,
					   "%s goes under interface Port-channel N, not under %s",
					   w[0], r->cur_text);
		i->mlag = (uint16_t)v;
		i->mlag_line = r->line;
	}
	return TRUE;
}

/*
 * "speed auto 10 100": negotiate, advertising those speeds only (both
 * duplexes: IOS sets no duplex under speed auto).  All three is plain
 * auto; 0 into *adv then.
 */
static gboolean speed_auto_list(struct sw_ios_reader *r, char **w, int n, uint32_t *adv,
				GError **error)
{
	static const char *const listed[] = { "10", "100", "1000", NULL };

	*adv = 0;
	for (int k = 2; k < n; k++) {
		int s = 0;

		while (listed[s] && strcmp(listed[s], w[k]))
			s++;
		if (!listed[s])
			return sw_ios_fail(r, error, "speed auto %s: IOS advertises 10, 100 and 1000 "
					   "under speed auto; write e.g. speed auto 10 100", w[k]);
		*adv |= 3u << (2 * s);	/* AUTONEG_ADV_<speed>HALF | ..FULL */
	}
	if (*adv == AUTONEG_ADV_ALL)
		*adv = 0;
	return TRUE;
}

/*
 * speed 10|100|1000|10000|auto [10 100 1000] and duplex full|half|auto on a
 * physical port; "no" is auto.  What they make of the cable is autoneg.c's.
 */
static gboolean cmd_speed_duplex(struct sw_ios_reader *r, char **w, int n, bool no, GError **error)
{
	static const char *const speeds[] = { "10", "100", "1000", "10000", "auto", NULL };
	static const char *const duplexes[] = { "full", "half", "auto", NULL };
	bool speed = sw_ios_is(w[0], "speed");
	const char *const *valid = speed ? speeds : duplexes;
	const char *near;
	uint64_t bps = 0;
	enum autoneg_duplex dx = AUTONEG_DUPLEX_ANY;
	uint32_t adv = 0;
	g_autofree char *word = n >= 2 ? g_ascii_strdown(w[1], -1) : NULL;

	if (no && n != 1)
		return sw_ios_fail(r, error, "'no %s' takes nothing after it", w[0]);
	if (!no && speed && n > 2 && !strcmp(word, "auto")) {
		if (!speed_auto_list(r, w, n, &adv, error))
			return FALSE;
	} else if (!no && n != 2) {
		return sw_ios_fail(r, error, "'%s' wants one of %s", w[0],
				   speed ? "10, 100, 1000, 10000, auto [10 100 1000]" : "full, half, auto");
	}
	if (!no && speed && !strcmp(word, "nonegotiate"))
		return sw_ios_fail(r, error,
				   "speed nonegotiate (a fibre port facing a device that does not negotiate) is not modelled: bondsim's fibre cables run at their one speed; leave it out");
	if (!no && !g_strv_contains(valid, word)) {
		char mbps[32];

		near = speed ? autoneg_mbps_hint(w[1], mbps, sizeof(mbps)) : NULL;
		near = near ? near : sim_nearest(w[1], valid);
		return sw_ios_fail(r, error, "%s '%s'%s%s%s; valid: %s", w[0], w[1],
				   near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "",
				   speed ? "10, 100, 1000, 10000 (Mb/s) or auto" : "full, half or auto");
	}
	if (!no && speed && strcmp(word, "auto"))
		bps = g_ascii_strtoull(word, NULL, 10) * 1000000;
	if (!no && !speed && strcmp(word, "auto"))
		dx = !strcmp(word, "full") ? AUTONEG_DUPLEX_FULL : AUTONEG_DUPLEX_HALF;
	if (!members_only(r, w[0], error))
		return FALSE;
	for (guint k = 0; k < r->cur->len; k++) {
		struct sw_ios_if *i = g_ptr_array_index(r->cur, k);

		if (speed) {
			i->speed_bps = bps;
			i->speed_auto = adv;
			i->speed_line = r->line;
		} else {
			i->duplex = dx;
			i->duplex_line = r->line;
		}
		if (i->speed_bps == 1000000000ULL && i->duplex == AUTONEG_DUPLEX_HALF)
			return sw_ios_fail(r, error, "%s: " AUTONEG_IOS_REFUSED_1000HALF, i->name);
	}
	return TRUE;
}

/* "port-channel min-links N" under a Port-channel (2-8, as IOS; "no" for the default 1). */
static gboolean cmd_min_links(struct sw_ios_reader *r, char **w, int n, bool no, GError **error)
{
	guint64 v = 1;

	if (no && n != 2)
		return sw_ios_fail(r, error, "'no port-channel min-links' takes nothing after it");
	if (!no && (!sw_ios_want_words(r, n, 3, "port-channel min-links",
				       "port-channel min-links 2", error) ||
		    !sw_ios_num_arg(r, w[2], 2, 8, "port-channel min-links", &v, error)))
		return FALSE;
	for (guint k = 0; k < r->cur->len; k++) {
		struct sw_ios_if *i = g_ptr_array_index(r->cur, k);

		if (!i->is_po)
			return sw_ios_fail(r, error,
					   "port-channel min-links goes under interface Port-channel N, not under %s",
					   r->cur_text);
		i->min_links = (int)v;
		i->min_links_line = r->line;
	}
	return TRUE;
}

/* An interface-mode command; *known false when it is not one. */
gboolean sw_ios_iface(struct sw_ios_reader *r, char **w, int n, const char *rest, bool *known,
		      GError **error)
{
	gboolean ok;
	bool no = sw_ios_is(w[0], "no");
	char **v = no ? w + 1 : w;
	int m = no ? n - 1 : n;

	*known = true;
	if (m >= 1 && sw_ios_is(v[0], "shutdown") && m == 1) {
		for (guint k = 0; k < r->cur->len; k++) {
			struct sw_ios_if *i = g_ptr_array_index(r->cur, k);

			i->shutdown = !no;
			i->shutdown_line = r->line;
		}
		return TRUE;
	}
	if (m >= 1 && sw_ios_is(v[0], "description")) {
		const char *text = no ? NULL : rest + strlen(w[0]);

		if (!no && m == 1)
			return sw_ios_fail(r, error, "'description' without text: write description TEXT");
		if (no && m != 1)
			return sw_ios_fail(r, error, "'no description' takes nothing after it");
		if (text) {
			while (*text == ' ' || *text == '\t')
				text++;
			if (strlen(text) > SW_IOS_MAX_DESCRIPTION)
				return sw_ios_fail(r, error, "description longer than %d characters",
						   SW_IOS_MAX_DESCRIPTION);
		}
		for (guint k = 0; k < r->cur->len; k++) {
			struct sw_ios_if *i = g_ptr_array_index(r->cur, k);

			g_free(i->description);
			i->description = g_strdup(text);
		}
		return TRUE;
	}
	if (m >= 2 && sw_ios_is(v[0], "lacp") &&
	    (sw_ios_is(v[1], "rate") || sw_ios_is(v[1], "port-priority") || sw_ios_is(v[1], "suspend-individual") ||
	     sw_ios_is(v[1], "max-bundle")))
		return cmd_lacp_if(r, v, m, no, error);
	/* "vpc domain" and "mlag configuration" are global: they leave the interface */
	if (m >= 1 && (sw_ios_is(v[0], "mlag") || sw_ios_is(v[0], "vpc")) &&
	    !(m >= 2 && (sw_ios_is(v[1], "domain") || sw_ios_is(v[1], "configuration"))))
		return cmd_mlag(r, v, m, no, error);
	if (m >= 1 && (sw_ios_is(v[0], "speed") || sw_ios_is(v[0], "duplex")))
		return cmd_speed_duplex(r, v, m, no, error);
	if (m >= 2 && sw_ios_is(v[0], "port-channel") && sw_ios_is(v[1], "min-links"))
		return cmd_min_links(r, v, m, no, error);
	if (no) {
		*known = false;
		return FALSE;
	}
	ok = sw_ios_vlan_iface(r, w, n, known, error);
	if (*known) {
		bool peering;

		/* on the peer link a warning says it changes nothing: judged once the config is read */
		if (ok && !sw_ios_peering_trunk(r, w, n, &peering, error) && peering)
			return FALSE;
		return ok;
	}
	ok = sw_ios_peering_trunk(r, w, n, known, error);
	if (*known)
		return ok;
	*known = true;
	if (sw_ios_is(w[0], "channel-group"))
		return cmd_channel_group(r, w, n, error);
	if (sw_ios_is(w[0], "spanning-tree") && n >= 2 && sw_ios_is(w[1], "portfast") &&
	    portfast_words(w + 2, n - 2)) {
		/* taken whether the switch models spanning tree or not (spanning_tree) */
		for (guint k = 0; k < r->cur->len; k++)
			((struct sw_ios_if *)g_ptr_array_index(r->cur, k))->portfast =
				sw_ios_is(w[n - 1], "trunk") ? 2 : 1;
		return TRUE;
	}
	if (sw_ios_is(w[0], "exit") && n == 1) {
		sw_ios_leave(r);
		return TRUE;
	}
	*known = false;
	return FALSE;
}
