/*
 * sw_ios_global.c - the global commands of a pasted IOS config that set
 * something (port-channel load-balance, mac address-table, errdisable,
 * spanning tree's portfast default and forward-time), and the global lines
 * of a real running-config that set what bondsim does not model, taken
 * with a note.  sw_ios.c's global() dispatches to them.
 */
#include <stdio.h>
#include <string.h>
#include "sw_ios_priv.h"

/* "port-channel load-balance METHOD": the hashes the switch model computes. */
gboolean sw_ios_cmd_load_balance(struct sw_ios_reader *r, const char *method, GError **error)
{
	static const char *const ios_only[] = { "src-ip", "dst-ip", "src-port", "dst-port",
		"src-dst-mixed-ip-port", "dst-mixed-ip-port", "src-mixed-ip-port", NULL };
	GError *inner = NULL;

	if (g_strv_contains(ios_only, method))
		return sw_ios_fail(r, error,
				   "port-channel load-balance %s is not modelled: bondsim's port-channels hash src-mac, dst-mac, src-dst-mac, src-dst-ip or src-dst-port",
				   method);
	if (!sw_lag_hash_parse(method, &r->c->hash, &inner)) {
		sw_ios_fail(r, error, "port-channel load-balance: %s", inner->message);
		g_error_free(inner);
		return FALSE;
	}
	r->c->have_hash = true;
	return TRUE;
}

/* errdisable detect|recovery ... */
gboolean sw_ios_cmd_errdisable(struct sw_ios_reader *r, char **w, int n, GError **error)
{
	guint64 v;

	if (n >= 3 && (sw_ios_is(w[1], "detect") || sw_ios_is(w[1], "recovery")) && sw_ios_is(w[2], "cause")) {
		if (!sw_ios_want_words(r, n, 4, "errdisable recovery cause", "errdisable recovery cause mac-flap",
				       error))
			return FALSE;
		if (!sw_ios_is(w[3], "mac-flap"))
			return sw_ios_fail(r, error,
					   "errdisable %s cause %s: bondsim err-disables a port for one cause only, mac-flap (a MAC moving too often); write errdisable %s cause mac-flap",
					   w[1], w[3], w[1]);
		if (sw_ios_is(w[1], "detect"))
			r->c->flap_errdisable = true;
		else
			r->c->recovery_cause = true;
		return TRUE;
	}
	if (n >= 3 && sw_ios_is(w[1], "recovery") && sw_ios_is(w[2], "interval")) {
		if (!sw_ios_want_words(r, n, 4, "errdisable recovery interval",
				       "errdisable recovery interval 30", error) ||
		    !sw_ios_num_arg(r, w[3], 30, 86400, "errdisable recovery interval", &v, error))
			return FALSE;
		r->c->recovery_interval = (sim_time_t)v * SIM_S;
		r->c->interval_line = r->line;
		return TRUE;
	}
	return sw_ios_fail(r, error,
			   "unknown command '%s': bondsim takes errdisable detect cause mac-flap, errdisable recovery cause mac-flap, errdisable recovery interval 30-86400",
			   r->text);
}

/* mac address-table aging-time N | notification mac-move */
gboolean sw_ios_cmd_mac(struct sw_ios_reader *r, char **w, int n, GError **error)
{
	guint64 v;

	if (n >= 3 && sw_ios_is(w[1], "address-table") && sw_ios_is(w[2], "aging-time")) {
		if (!sw_ios_want_words(r, n, 4, "mac address-table aging-time",
				       "mac address-table aging-time 300", error))
			return FALSE;
		if (!sw_ios_number(w[3], 0, 1000000, &v) || (v > 0 && v < 10))
			return sw_ios_fail(r, error,
					   "mac address-table aging-time '%s': write 0 (never age) or 10 to 1000000 seconds",
					   w[3]);
		r->c->have_aging = true;
		r->c->aging = (sim_time_t)v * SIM_S;
		return TRUE;
	}
	if (n >= 3 && sw_ios_is(w[1], "address-table") && sw_ios_is(w[2], "notification")) {
		if (n == 4 && sw_ios_is(w[3], "mac-move"))
			return TRUE;	/* bondsim always logs MAC moves (MACFLAP_NOTIF) */
		return sw_ios_fail(r, error,
				   "'%s': bondsim takes mac address-table notification mac-move (it always logs moves)",
				   r->text);
	}
	return sw_ios_fail(r, error,
			   "unknown command '%s': bondsim takes mac address-table aging-time N and mac address-table notification mac-move",
			   r->text);
}

#define STP_WHY "spanning tree's topology (only a port's listening and learning after link-up, with spanning_tree = on)"

/*
 * Global lines of a real running-config that set what bondsim does not
 * model: taken, so that a config pastes as it is, each with a note at its
 * line.  The first one or two words; "*" stands for any word.
 */
static const struct {
	const char *w0, *w1, *why;
} ignored_globals[] = {
	{ "version", NULL, "the software version" },
	{ "service", NULL, "management services" },
	{ "boot-start-marker", NULL, "boot markers" },
	{ "boot-end-marker", NULL, "boot markers" },
	{ "vtp", NULL, "VTP (each switch's VLANs are its own config's)" },
	{ "ntp", NULL, "management settings" },
	{ "logging", NULL, "management settings (the switch's log is always kept)" },
	{ "clock", NULL, "management settings" },
	{ "ip", "domain-name", "management settings" },
	{ "ip", "domain", "management settings" },
	{ "ip", "name-server", "management settings" },
	{ "spanning-tree", "mode", STP_WHY },
	{ "spanning-tree", "extend", STP_WHY },
	{ "spanning-tree", "portfast", STP_WHY },
	{ "spanning-tree", "vlan", STP_WHY },
	{ "spanning-tree", "loopguard", STP_WHY },
};

/*
 * Global spanning-tree lines bondsim acts on: "spanning-tree portfast
 * [edge] default" (every access port portfast) and "spanning-tree vlan
 * LIST forward-time S" (the forward delay; one for all VLANs here).  TRUE
 * with *known set when it was one of them.
 */
gboolean sw_ios_global_stp(struct sw_ios_reader *r, char **w, int n, bool *known, GError **error)
{
	guint64 v;

	*known = false;
	if (n < 2 || !sw_ios_is(w[0], "spanning-tree"))
		return TRUE;
	if (sw_ios_is(w[1], "portfast") && n >= 3 && sw_ios_is(w[n - 1], "default") &&
	    (n == 3 || (n == 4 && sw_ios_is(w[2], "edge")))) {
		*known = true;
		r->c->portfast_default = true;
		return TRUE;
	}
	if (sw_ios_is(w[1], "vlan") && n == 5 && sw_ios_is(w[3], "forward-time")) {
		*known = true;
		if (!sw_ios_num_arg(r, w[4], 4, 30, "spanning-tree vlan N forward-time", &v, error))
			return FALSE;
		r->c->forward_delay = (sim_time_t)v * SIM_S;
		return TRUE;
	}
	return TRUE;
}

/* "no service pad" and the like: the negated form of an ignored line. */
bool sw_ios_ignored_global(char **w, int n, const char **why)
{
	int o = n > 1 && sw_ios_is(w[0], "no") ? 1 : 0;

	for (size_t i = 0; i < G_N_ELEMENTS(ignored_globals); i++)
		if (sw_ios_is(w[o], ignored_globals[i].w0) &&
		    (!ignored_globals[i].w1 || (n > o + 1 && sw_ios_is(w[o + 1], ignored_globals[i].w1)))) {
			*why = ignored_globals[i].why;
			return true;
		}
	return false;
}

