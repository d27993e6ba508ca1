/*
 * scenario_ethtool.c - [faults] lines about a NIC's PHY: "ethtool DEV"
 * (what ethtool shows then, kept for the host's report), "ethtool -s DEV
 * ..." (its settings changed: the cable renegotiates, autoneg.h),
 * "ethtool -r DEV" (negotiation restarted), and the check that a speed set
 * during the run is one the PHY runs (for IOS's speed on a port too).
 */
#include <string.h>
#include "loader.h"

/* A command's output at this moment, kept for the host's report (takes @text). */
static void keep_show(struct world_host *h, sim_time_t at, char *command, char *text)
{
	struct host_show *sh = g_new0(struct host_show, 1);

	sh->at = at;
	sh->command = command;
	sh->text = text;
	if (!h->shows)
		h->shows = g_ptr_array_new();
	g_ptr_array_add(h->shows, sh);
}

/* "ethtool eth0" at that moment. */
static void run_ethtool_show(void *arg, struct fault *f)
{
	GString *text = g_string_new(NULL);

	nic_ethtool_text(f->nic, text);
	keep_show(arg, f->sim->now, g_strdup_printf("ethtool %s", f->nic->dev.name),
		  g_string_free(text, FALSE));
}

/*
 * A speed set during the run that the PHY cannot run at all: the driver
 * refuses it (ethtool's "Invalid argument", IOS's "% Invalid input"), so
 * the scenario does too.  Twisted pair (a cable of 1G or less) runs 10,
 * 100 and 1000 up to the cable's speed; a faster cable its one speed.
 */
gboolean scn_phy_runs(struct loader *L, int line, const char *target, const struct nic *nic,
			 uint64_t bps, GError **error)
{
	uint64_t cable = nic_link(nic)->cable_bps;
	char c[32], want[32];

	if (!bps || (cable <= 1000000000ULL ? bps <= cable && (bps == 10000000ULL ||
			bps == 100000000ULL || bps == 1000000000ULL) : bps == cable))
		return TRUE;
	sim_link_speed_format(cable, c, sizeof(c));
	sim_link_speed_format(bps, want, sizeof(want));
	return scn_fail(error, L, line,
			"%s cannot run at %s: its cable is %s (%s); the driver refuses the setting",
			target, want, c,
			cable > 1000000000ULL ? "a fibre or DAC link runs at its one speed" :
			cable >= 1000000000ULL ? "twisted pair: 10, 100 or 1000" :
			cable >= 100000000ULL ? "twisted pair: 10 or 100" : "twisted pair: 10");
}

/* One IOS speed or duplex line on a port: speed_mbps -1 is a duplex line. */
struct phy_line {
	sim_time_t at;
	int line;
	int64_t speed_mbps;
	enum autoneg_duplex dx;
};

/* Earlier in simulated time first; lines at one time in file order. */
static gint by_time(gconstpointer a, gconstpointer b)
{
	const struct phy_line *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at ? 1 : x->line - y->line;
}

/*
 * The port's lines are played in time order, whatever the file's order,
 * so that a speed 1000 written below a duplex half that runs after it is
 * caught too; the error names the line that makes the pair.
 */
gboolean scn_port_phy_allowed(struct loader *L, int line, const char *target, struct sw *sw,
			      const struct nic *port, sim_time_t at, int64_t speed_mbps,
			      enum autoneg_duplex dx, GError **error)
{
	g_autoptr(GArray) lines = g_array_new(FALSE, FALSE, sizeof(struct phy_line));
	struct phy_line me = { at, line, speed_mbps, dx };
	uint64_t bps;
	enum autoneg_duplex d;

	sw_port_speed_duplex(sw, port, &bps, &d);
	for (guint i = 0; i < L->w->faults->len; i++) {
		const struct fault *f = g_ptr_array_index(L->w->faults, i);
		struct phy_line pl = { f->at, f->line, f->port_speed_mbps, f->port_duplex };

		if (f->kind == FAULT_PORT_PHY && f->nic == port)
			g_array_append_val(lines, pl);
	}
	g_array_append_val(lines, me);
	g_array_sort(lines, by_time);
	for (guint i = 0; i < lines->len; i++) {
		const struct phy_line *pl = &g_array_index(lines, struct phy_line, i);

		if (pl->speed_mbps >= 0)
			bps = (uint64_t)pl->speed_mbps * 1000000;
		else
			d = pl->dx;
		if (bps == 1000000000ULL && d == AUTONEG_DUPLEX_HALF)
			return scn_fail(error, L, pl->line, "port %s: " AUTONEG_IOS_REFUSED_1000HALF,
					target);
	}
	return TRUE;
}

/*
 * ethtool -r: the PHY restarts negotiation with the settings it has (the
 * cable bounces as for a change); a NIC with autonegotiation off has none
 * to restart, and the driver says EINVAL (kept in the host's report, as
 * the command's output).
 */
static void run_ethtool_restart(void *arg, struct fault *f)
{
	if (!f->nic->an.forced || f->nic->an.speed_bps >= 1000000000ULL) {
		nic_renegotiate(f->nic, f->text);
		return;
	}
	keep_show(arg, f->sim->now, g_strdup_printf("ethtool -r %s", f->nic->dev.name),
		  g_strdup("Cannot restart autonegotiation: Invalid argument\n"));
}

/*
 * ethtool -s asking for 1000/half: the driver's -EINVAL comes back through
 * the kernel's netlink code, which names the failed step, and ethtool 6.1
 * prints both lines (kept in the host's report, as the command's output).
 */
static void run_ethtool_refused(void *arg, struct fault *f)
{
	g_autofree char *target = g_strdup_printf("%s.%s", f->nic->dev.owner_name,
						  f->nic->dev.name);
	g_auto(GStrv) w = g_strsplit(f->text, " ", -1);

	/* the host's own words: "ethtool -s eth0 ...", not the scenario's name */
	for (char **p = w; *p; p++)
		if (!strcmp(*p, target)) {
			g_free(*p);
			*p = g_strdup(f->nic->dev.name);
		}
	keep_show(arg, f->sim->now, g_strjoinv(" ", w),
		  g_strdup("netlink error: link settings update failed\n"
			   "netlink error: Invalid argument\n"));
}

/* "ethtool bond0" at that moment: f->count is the bond's index in the host's. */
static void run_ethtool_show_bond(void *arg, struct fault *f)
{
	struct world_host *h = arg;
	const struct bond *b = g_ptr_array_index(h->bonds, (guint)f->count);
	GString *text = g_string_new(NULL);

	bond_ethtool_text(b, text);
	keep_show(h, f->sim->now, g_strdup_printf("ethtool %s", b->dev.name),
		  g_string_free(text, FALSE));
}

/* "ethtool server.bond0": a show; -s there is refused (a bond has no PHY). */
static struct fault *load_ethtool_bond(struct loader *L, const struct ini_entry *e,
				       sim_time_t at, const char *text, const char *target,
				       bool change, struct world_host *h, struct bond *b,
				       GError **error)
{
	struct fault *f;

	if (change) {
		scn_fail(error, L, e->line,
			 "ethtool -s %s: a bond has no PHY to set (its speed is its slaves'): write 'ethtool -s %s.%s ...' for a slave",
			 target, h->name, b->slaves->len ? bond_slave(b, 0)->dev->name : "eth0");
		return NULL;
	}
	f = fault_new(L->w->sim, FAULT_CALL, at, text);
	f->call = run_ethtool_show_bond;
	f->call_arg = h;
	g_ptr_array_find(h->bonds, b, (guint *)&f->count);
	return f;
}

/*
 * "ethtool server.eth0" records what ethtool shows then; "ethtool -s
 * server.eth0 speed 100 duplex full autoneg off" changes the NIC's
 * settings as ethtool -s does, and its cable renegotiates.
 */
struct fault *scn_load_ethtool(struct loader *L, const struct ini_entry *e, sim_time_t at,
				  const char *text, GPtrArray *words, GError **error)
{
	const char *w2 = g_ptr_array_index(words, 2);
	bool change = !strcmp(w2, "-s") || !strcmp(w2, "--change");
	bool restart = !strcmp(w2, "-r") || !strcmp(w2, "--negotiate");
	const char *target = change || restart ? (words->len > 3 ? g_ptr_array_index(words, 3) : "")
					       : w2;
	struct nic *nic;
	struct world_host *h = NULL;
	struct fault *f;

	if (w2[0] == '-' && !change && !restart) {
		scn_fail(error, L, e->line,
			 "ethtool %s: bondsim takes 'ethtool DEV' (show), 'ethtool -s DEV ...' (change) and 'ethtool -r DEV' (restart autonegotiation)",
			 w2);
		return NULL;
	}
	if (restart && words->len > 4) {
		scn_fail(error, L, e->line, "ethtool -r takes a NIC and nothing after it: write 'ethtool -r %s'",
			 target);
		return NULL;
	}
	if (!*target) {
		scn_fail(error, L, e->line, "ethtool %s what? write 'ethtool %s server.eth0 speed 100 "
			 "duplex full autoneg off'", w2, w2);
		return NULL;
	}
	{
		const char *dot = strchr(target, '.');
		g_autofree char *hn = dot ? g_strndup(target, dot - target) : NULL;
		struct world_host *bh = hn ? world_find_host(L->w, hn) : NULL;
		struct bond *b = bh ? world_find_bond(bh, dot + 1) : NULL;

		if (b)
			return load_ethtool_bond(L, e, at, text, target, change || restart, bh, b,
						 error);
	}
	nic = scn_resolve_end(L, e->line, target, error);
	if (!nic)
		return NULL;
	for (guint i = 0; i < L->w->hosts->len && !h; i++) {
		struct world_host *x = g_ptr_array_index(L->w->hosts, i);

		if (g_ptr_array_find(x->nics, nic, NULL))
			h = x;
	}
	if (!h) {
		scn_fail(error, L, e->line,
			 "%s is a switch port: ethtool acts on a host's NIC; a port's speed and duplex are IOS's: write 'port %s speed 100' or 'port %s duplex full'",
			 target, target, target);
		return NULL;
	}
	if (!change && !restart && words->len > 3) {
		g_autofree char *rest = NULL;

		g_ptr_array_add(words, NULL);
		rest = g_strjoinv(" ", (char **)words->pdata + 3);
		g_ptr_array_set_size(words, words->len - 1);
		scn_fail(error, L, e->line,
			 "ethtool %s %s: to change the NIC's settings write 'ethtool -s %s %s' (ethtool DEV alone shows them)",
			 target, rest, target, rest);
		return NULL;
	}
	if (!change && !restart) {
		f = fault_new(L->w->sim, FAULT_CALL, at, text);
		f->call = run_ethtool_show;
		f->call_arg = h;
		f->nic = nic;
		return f;
	}
	if (!nic_link(nic)) {
		scn_fail(error, L, e->line,
			 "%s is not cabled: its settings change nothing during the run; set them with the host's ethtool key instead",
			 target);
		return NULL;
	}
	if (restart) {
		f = fault_new(L->w->sim, FAULT_COMMAND, at, text);
		f->call = run_ethtool_restart;
		f->call_arg = h;
		f->nic = nic;
		return f;
	}
	{
		struct autoneg_change ch;
		GError *inner = NULL;
		g_autofree char *rest = NULL;

		g_ptr_array_add(words, NULL);
		rest = g_strjoinv(" ", (char **)words->pdata + 4);
		g_ptr_array_set_size(words, words->len - 1);
		if (!autoneg_parse_change(rest, &ch, &inner)) {
			scn_fail(error, L, e->line, "ethtool -s %s: %s", target, inner->message);
			g_error_free(inner);
			return NULL;
		}
		if (!scn_phy_runs(L, e->line, target, nic, ch.speed_bps, error))
			return NULL;
		f = fault_new(L->w->sim, FAULT_ETHTOOL, at, text);
		f->an = ch;
		f->nic = nic;
		f->call = run_ethtool_refused;
		f->call_arg = h;
	}
	return f;
}
