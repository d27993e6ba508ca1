/*
 * sw_ios_apply.c - build a parsed IOS config on a switch, and write its running-config.
 *
 * DOC: What each command does to the model (sw_ios.c reads them):
 *
 *   hostname X                           must be the switch's [switch X] name
 *   interface GigabitEthernet0/1         port Gi0/1 (Fa, Te, Twe, Fo, Hu, Eth likewise)
 *   channel-group N mode active|passive|on   member of PoN (sw_lag_add_port_mode)
 *   lacp rate fast|normal, lacp port-priority P   the member's LACP (sw_lacp.c)
 *   interface Port-channel N             PoN: shutdown, description,
 *                                        [no] lacp suspend-individual,
 *                                        lacp max-bundle N, port-channel min-links N,
 *                                        mlag M (or vpc M): sw_lag_set_mlag;
 *                                        the domain is the scenario's [mlag]
 *                                        or pasted (sw_ios_vpc.c), vpc peer-link
 *                                        its peer link; both paired by the loader
 *   shutdown                             sw_port_set_shutdown / sw_lag_set_shutdown
 *   lacp system-priority P               sw_config.lacp_system_priority
 *   port-channel load-balance H          sw_config.lag_hash (every channel)
 *   mac address-table aging-time S       sw_config.aging (0: never)
 *   errdisable detect cause mac-flap     sw_config.mac_flap = errdisable
 *   errdisable recovery cause mac-flap   sw_config.errdisable_recovery = the interval
 *   errdisable recovery interval S       (default 300 s, as IOS)
 *
 * the switchport VLAN lines and "vlan N" (sw_ios_vlan.c), and, taken
 * because they change nothing here: "mac address-table notification
 * mac-move" (moves are always logged), "spanning-tree portfast [edge]"
 * (there is no spanning tree: every port forwards the moment it has
 * carrier, as a portfast port does).
 *
 * Ports are made in the order the config first names them; port-channels
 * by number; members join in port order.  "show running-config" is
 * written from the switch itself, the way IOS normalises it: hostname,
 * the global settings that differ from bondsim's defaults (the load-balance
 * line always, since bondsim's default, src-dst-mac, is not a Catalyst's),
 * the VLANs "vlan N" named, then every Port-channel, then every port, each "interface" block closed
 * by "!", "end" last; ranges come out expanded, no-op commands and
 * defaults left out.  Read back, it builds the same switch and prints
 * itself again byte for byte.
 */
#include <stdarg.h>
#include <string.h>

#include "sw_ifname.h"
#include "sw_ios_priv.h"
#include "sw_priv.h"

static gboolean fail_at(GError **error, const struct sw_ios *c, int line, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);
static void running_config(const struct sw *sw, const struct sw_ios *c, GString *out);

static gboolean fail_at(GError **error, const struct sw_ios *c, int line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID, "%s:%d: %s", c->file, line, msg);
	g_free(msg);
	return FALSE;
}

void sw_ios_config(const struct sw_ios *c, struct sw_config *cfg)
{
	if (c->have_aging)
		cfg->aging = c->aging;
	if (c->flap_errdisable)
		cfg->mac_flap = SW_FLAP_ERRDISABLE;
	if (c->recovery_cause)
		cfg->errdisable_recovery = c->recovery_interval;
	if (c->have_hash)
		cfg->lag_hash = c->hash;
	if (c->system_priority)
		cfg->lacp_system_priority = c->system_priority;
	if (c->forward_delay)
		cfg->forward_delay = c->forward_delay;
}

static int cmp_u16(gconstpointer a, gconstpointer b)
{
	return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

/* The port-channels: one per channel-group number, members in port order. */
static gboolean make_lags(const struct sw_ios *c, struct sw *sw, GError **error)
{
	GArray *groups = g_array_new(FALSE, FALSE, sizeof(uint16_t));
	gboolean ok = TRUE;

	for (guint k = 0; k < c->ifs->len; k++) {
		const struct sw_ios_if *i = g_ptr_array_index(c->ifs, k);
		bool seen = false;

		for (guint g = 0; g < groups->len; g++)
			seen |= g_array_index(groups, uint16_t, g) == i->group;
		if (i->group && !seen)
			g_array_append_val(groups, i->group);
	}
	g_array_sort(groups, cmp_u16);
	for (guint g = 0; ok && g < groups->len; g++) {
		uint16_t n = g_array_index(groups, uint16_t, g);
		char name[16];
		struct sw_lag *lag;
		GError *inner = NULL;

		g_snprintf(name, sizeof(name), "Po%u", n);
		lag = sw_add_lag(sw, name, &inner);
		for (guint k = 0; ok && k < c->ifs->len; k++) {
			const struct sw_ios_if *i = g_ptr_array_index(c->ifs, k);

			if (i->group != n)
				continue;
			if (!lag || !sw_lag_add_port_mode(lag, sw_find_port(sw, i->name), i->mode,
							  &inner))
				ok = fail_at(error, c, i->group_line, "%s", inner->message);
		}
		g_clear_error(&inner);
	}
	g_array_unref(groups);
	return ok;
}

/* Interface Port-channel N: it must have members; then its own commands. */
static gboolean po_settings(const struct sw_ios *c, struct sw *sw, const struct sw_ios_if *i,
			    GError **error)
{
	struct sw_lag *lag = sw_find_lag(sw, i->name);

	if (!lag)
		return fail_at(error, c, i->line,
			       "interface Port-channel%s has no member: give its ports 'channel-group %s mode active' (or passive, or on)",
			       i->name + 2, i->name + 2);
	if (i->suspend_individual >= 0 && !sw_lag_is_lacp(lag))
		return fail_at(error, c, i->suspend_line,
			       "lacp suspend-individual applies to LACP port-channels and Port-channel%s is static (mode on)",
			       i->name + 2);
	if (i->suspend_individual >= 0)
		sw_lag_set_suspend_individual(lag, i->suspend_individual);
	if (i->max_bundle && !sw_lag_is_lacp(lag))
		return fail_at(error, c, i->max_bundle_line,
			       "lacp max-bundle applies to LACP port-channels and Port-channel%s is static (mode on)",
			       i->name + 2);
	if (i->max_bundle)
		sw_lag_set_max_bundle(lag, (unsigned)i->max_bundle);
	if (i->min_links > 1 && !sw_lag_is_lacp(lag))
		return fail_at(error, c, i->min_links_line,
			       "port-channel min-links applies to LACP port-channels and Port-channel%s is static (mode on)",
			       i->name + 2);
	if (i->min_links > (int)sw_lag_max_bundle(lag))
		return fail_at(error, c, i->min_links_line,
			       "port-channel min-links %d is more than lacp max-bundle %u: the channel could never come up",
			       i->min_links, sw_lag_max_bundle(lag));
	if (i->min_links)
		sw_lag_set_min_links(lag, (unsigned)i->min_links);
	if (i->mlag) {
		GError *inner = NULL;

		if (!sw_lag_is_lacp(lag))
			return fail_at(error, c, i->mlag_line,
				       "mlag %u: an MLAG channel speaks LACP and Port-channel%s is static (mode on)",
				       i->mlag, i->name + 2);
		if (!sw_lag_set_mlag(lag, i->mlag, &inner)) {
			fail_at(error, c, i->mlag_line, "%s", inner->message);
			g_error_free(inner);
			return FALSE;
		}
	}
	lag->description = g_strdup(i->description);
	if (i->shutdown)
		sw_lag_set_shutdown(lag, true);
	return TRUE;
}

/* A member's LACP settings: only in an LACP port-channel. */
static gboolean port_lacp(const struct sw_ios *c, struct sw *sw, const struct sw_ios_if *i,
			  struct nic *nic, GError **error)
{
	struct sw_port *p = sw_port_of(sw, nic);
	const char *what = i->rate >= 0 ? "lacp rate" : "lacp port-priority";
	int line = i->rate >= 0 ? i->rate_line : i->priority_line;
	char longname[SW_IFNAME_MAX];

	if (i->rate < 0 && !i->port_priority)
		return TRUE;
	if (!p->lacp) {
		fail_at(error, c, line,
			"%s on %s, which is in no LACP port-channel: %s applies to a port with channel-group N mode active or passive%s",
			what, sw_ifname_long(i->name, longname, sizeof(longname)), what,
			p->lag ? " (its channel-group is mode on, static)" : "");
		return FALSE;
	}
	if (i->rate >= 0)
		sw_port_set_lacp_rate(sw, nic, i->rate == 1, NULL);
	if (i->port_priority)
		sw_port_set_lacp_port_priority(sw, nic, i->port_priority, NULL);
	return TRUE;
}

/*
 * "spanning-tree portfast" on an access port, "spanning-tree portfast
 * trunk" on any, "spanning-tree portfast default" for every access port:
 * IOS takes plain portfast on a trunk and leaves it without effect.
 * A member is bridged as its channel: the channel's line counts.
 */
static void apply_portfast(const struct sw_ios *c, struct sw *sw)
{
	for (guint k = 0; k < c->ifs->len; k++) {
		const struct sw_ios_if *i = g_ptr_array_index(c->ifs, k);
		bool access = i->vlan_mode != SW_IOS_VLAN_TRUNK;

		if (i->portfast == 2 || ((i->portfast || c->portfast_default) && access))
			sw_set_portfast(sw, i->name, true, NULL);
	}
}

/* A pasted domain's peer link: a port in no channel, or a Port-channel in no MLAG channel. */
static gboolean peer_link_ok(const struct sw_ios *c, struct sw *sw, GError **error)
{
	const struct sw_ios_domain *d = &c->domain;
	struct sw_lag *lag;
	struct nic *nic;
	char longname[SW_IFNAME_MAX];

	if (d->kind == SW_IOS_DOMAIN_NONE)
		return TRUE;
	lag = sw_find_lag(sw, d->peer_link);
	nic = lag ? NULL : sw_find_port(sw, d->peer_link);
	sw_ifname_long(d->peer_link, longname, sizeof(longname));
	if (nic && sw_port_of(sw, nic)->lag)
		return fail_at(error, c, d->peer_link_line,
			       "peer-link %s is a member of Port-channel%u: name the Port-channel as the peer link",
			       longname, sw_port_of(sw, nic)->lag->group);
	if (lag && sw_lag_mlag_id(lag))
		return fail_at(error, c, d->peer_link_line,
			       "the peer link %s has %s %u too: the peer link joins the two switches and is no MLAG channel itself",
			       longname, d->kind == SW_IOS_DOMAIN_VPC ? "vpc" : "mlag",
			       sw_lag_mlag_id(lag));
	return TRUE;
}

gboolean sw_ios_apply(const struct sw_ios *c, struct sw *sw, GError **error)
{
	guint ports = 0;
	GString *rc;

	if (c->hostname && strcmp(c->hostname, sw->name) != 0)
		return fail_at(error, c, c->hostname_line,
			       "hostname %s, but the config is the switch [switch %s]: the section names the switch; write hostname %s, or name the section [switch %s]",
			       c->hostname, sw->name, sw->name, c->hostname);
	if (sw->ports->len)
		return fail_at(error, c, c->first_line,
			       "switch %s has ports already: a switch configured in IOS syntax takes its ports from its interfaces",
			       sw->name);
	for (guint k = 0; k < c->ifs->len; k++)
		ports += !((const struct sw_ios_if *)g_ptr_array_index(c->ifs, k))->is_po;
	if (!ports)
		return fail_at(error, c, c->hostname_line ? c->hostname_line : c->first_line,
			       "the config of switch %s names no port: each 'interface GigabitEthernet0/1' (or range) is a port, Gi0/1; list them all, configured or not",
			       sw->name);
	for (guint k = 0; k < c->ifs->len; k++) {
		const struct sw_ios_if *i = g_ptr_array_index(c->ifs, k);

		if (!i->is_po && !sw_add_port(sw, i->name))
			return fail_at(error, c, i->line, "port %s: cannot be made", i->name);
	}
	if (!make_lags(c, sw, error))
		return FALSE;
	for (guint k = 0; k < c->ifs->len; k++) {
		const struct sw_ios_if *i = g_ptr_array_index(c->ifs, k);
		struct nic *nic;

		if (i->is_po) {
			if (!po_settings(c, sw, i, error))
				return FALSE;
			continue;
		}
		nic = sw_find_port(sw, i->name);
		if (!port_lacp(c, sw, i, nic, error))
			return FALSE;
		sw_port_of(sw, nic)->description = g_strdup(i->description);
		sw_port_set_orphan_suspend(sw, nic, i->orphan_suspend);
		sw_port_set_speed_duplex(sw, nic, i->speed_bps, i->duplex);
		nic->an.advertise = i->speed_auto;	/* speed auto 10 100: those only */
		if (i->shutdown)
			sw_port_set_shutdown(sw, nic, true);
	}
	if (!peer_link_ok(c, sw, error) || !sw_ios_vlan_apply(c, sw, error))
		return FALSE;
	apply_portfast(c, sw);
	rc = g_string_new(NULL);
	running_config(sw, c, rc);
	g_free(sw->running_config);
	sw->running_config = g_string_free(rc, FALSE);
	return TRUE;
}

const char *sw_running_config(const struct sw *sw)
{
	return sw->running_config;
}

/* The peer link's name: the pasted domain's, else the switch's MLAG domain's, or NULL. */
static const char *running_peer_link(const struct sw *sw, const struct sw_ios *c)
{
	const struct sw_bport *pl = sw_mlag_peer_link(sw);

	if (c && c->domain.kind != SW_IOS_DOMAIN_NONE)
		return c->domain.peer_link;
	return pl ? pl->name : NULL;
}

static void if_header(GString *out, const char *name)
{
	char longname[SW_IFNAME_MAX];

	g_string_append_printf(out, "interface %s\n", sw_ifname_long(name, longname, sizeof(longname)));
}

/* On a trunk IOS takes plain portfast and ignores it: a trunk's is "portfast trunk". */
static void running_portfast(const struct sw_bport *bp, GString *out)
{
	const struct sw_vlan_port *v = sw_bport_vlan(bp);

	g_string_append(out, v && v->trunk ? " spanning-tree portfast trunk\n" :
					      " spanning-tree portfast\n");
}

static void running_lag(const struct sw_lag *lag, const struct sw_ios *c, GString *out)
{
	const char *peer_link = c && c->domain.kind == SW_IOS_DOMAIN_VPC ? c->domain.peer_link : NULL;
	bool vpc = peer_link != NULL;

	if_header(out, lag->name);
	if (lag->description)
		g_string_append_printf(out, " description %s\n", lag->description);
	if (lag->lacp && !lag->suspend_individual)
		g_string_append(out, " no lacp suspend-individual\n");
	if (lag->lacp && sw_lag_max_bundle(lag) != SW_LACP_MAX_BUNDLE)
		g_string_append_printf(out, " lacp max-bundle %u\n", sw_lag_max_bundle(lag));
	if (lag->lacp && sw_lag_min_links(lag) != 1)
		g_string_append_printf(out, " port-channel min-links %u\n", sw_lag_min_links(lag));
	/* NX-OS's spelling in an NX-OS config, Arista's elsewhere */
	if (sw_lag_mlag_id(lag))
		g_string_append_printf(out, " %s %u\n", vpc ? "vpc" : "mlag", sw_lag_mlag_id(lag));
	if (peer_link && strcmp(peer_link, lag->name) == 0)
		g_string_append(out, " vpc peer-link\n");
	sw_ios_vlan_running(lag->sw, lag->name, running_peer_link(lag->sw, c), out);
	if (lag->bport.portfast)
		running_portfast(&lag->bport, out);
	if (lag->shutdown)
		g_string_append(out, " shutdown\n");
	g_string_append(out, "!\n");
}

static void running_port(const struct sw_port *p, const struct sw_ios *c, GString *out)
{
	if_header(out, p->nic->dev.name);
	if (p->description)
		g_string_append_printf(out, " description %s\n", p->description);
	sw_ios_vlan_running(p->sw, p->nic->dev.name, running_peer_link(p->sw, c), out);
	if (p->shutdown)
		g_string_append(out, " shutdown\n");
	if (p->speed_cfg)
		g_string_append_printf(out, " speed %" G_GUINT64_FORMAT "\n", p->speed_cfg / 1000000);
	if (p->nic->an.advertise) {
		static const char *const mbps[] = { "10", "100", "1000" };

		g_string_append(out, " speed auto");
		for (int s = 0; s < 3; s++)
			if (p->nic->an.advertise >> (2 * s) & 3)
				g_string_append_printf(out, " %s", mbps[s]);
		g_string_append_c(out, '\n');
	}
	if (p->duplex_cfg != AUTONEG_DUPLEX_ANY)
		g_string_append_printf(out, " duplex %s\n",
				       p->duplex_cfg == AUTONEG_DUPLEX_FULL ? "full" : "half");
	if (p->lacp && p->lacp->port.actor_port_priority != SW_DEFAULT_LACP_PORT_PRIORITY)
		g_string_append_printf(out, " lacp port-priority %u\n",
				       p->lacp->port.actor_port_priority);
	if (p->lacp && p->lacp->fast)
		g_string_append(out, " lacp rate fast\n");
	if (p->lag)
		g_string_append_printf(out, " channel-group %u mode %s\n", p->lag->group,
				       sw_channel_mode_name(p->mode));
	if (p->orphan_suspend)
		g_string_append(out, " vpc orphan-port suspend\n");
	if (p->own.portfast && !p->lag)
		running_portfast(&p->own, out);
	g_string_append(out, "!\n");
}

void sw_show_running_config(const struct sw *sw, GString *out)
{
	running_config(sw, NULL, out);
}

/*
 * With @c, the pasted domain too: "feature vpc" after the hostname, the
 * NX-OS "vpc domain" block before the interfaces (where NX-OS prints it),
 * EOS's "mlag configuration" after them (where EOS does).  The domain is
 * written from what was read: the switch joins it only when paired.
 */
static void running_config(const struct sw *sw, const struct sw_ios *c, GString *out)
{
	const struct sw_config *cfg = &sw->cfg;

	g_string_append_printf(out, "!\nhostname %s\n!\n", sw->name);
	if (c)
		sw_ios_domain_running(c, true, out);
	if (cfg->lacp_system_priority != SW_DEFAULT_LACP_SYSTEM_PRIORITY)
		g_string_append_printf(out, "lacp system-priority %u\n", cfg->lacp_system_priority);
	if (cfg->mac_flap == SW_FLAP_ERRDISABLE)
		g_string_append(out, "errdisable detect cause mac-flap\n");
	if (cfg->errdisable_recovery > 0) {
		g_string_append(out, "errdisable recovery cause mac-flap\n");
		if (cfg->errdisable_recovery != SW_IOS_RECOVERY_DEFAULT)
			g_string_append_printf(out, "errdisable recovery interval %" G_GINT64_FORMAT
					       "\n", (gint64)(cfg->errdisable_recovery / SIM_S));
	}
	g_string_append_printf(out, "port-channel load-balance %s\n",
			       sw_lag_hash_name(cfg->lag_hash));
	if (cfg->aging != SW_DEFAULT_AGING)
		g_string_append_printf(out, "mac address-table aging-time %" G_GINT64_FORMAT "\n",
				       (gint64)(cfg->aging / SIM_S));
	if (cfg->forward_delay != SW_DEFAULT_FORWARD_DELAY)
		g_string_append_printf(out, "spanning-tree vlan 1-4094 forward-time %" G_GINT64_FORMAT
				       "\n", (gint64)(cfg->forward_delay / SIM_S));
	g_string_append(out, "!\n");
	sw_ios_vlan_running_global(sw, out);
	if (c && c->domain.kind == SW_IOS_DOMAIN_VPC)
		sw_ios_domain_running(c, false, out);
	for (guint i = 0; i < sw->lags->len; i++)
		running_lag(g_ptr_array_index(sw->lags, i), c, out);
	for (guint i = 0; i < sw->ports->len; i++)
		running_port(g_ptr_array_index(sw->ports, i), c, out);
	if (c && c->domain.kind == SW_IOS_DOMAIN_EOS)
		sw_ios_domain_running(c, false, out);
	g_string_append(out, "end\n");
}
