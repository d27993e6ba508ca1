/*
 * sw_show.c - "show etherchannel summary" and "show lacp neighbor".
 *
 * DOC: The two commands an engineer types to see whether a port-channel
 * bundled, laid out as Catalyst IOS prints them: the flags legend, then
 * one line per channel (group, Po with its flags, protocol, members with
 * theirs), and per LACP channel the partner of each member (its flags,
 * port priority, system MAC as Dev ID, seconds since its last LACPDU, its
 * keys, port number and state).  IOS cannot know the partner's admin key
 * from the wire either and prints 0x0; so does this.  Deviations: the
 * member flags are those bondsim models (P, I, s, w, H, D; never M, u, d,
 * f), Layer 2 only (S), long member lists wrap after four ports.  Output
 * typed during a run ([faults] "show sw1 etherchannel") is kept with its
 * time and printed at the end of the switch's report.
 */
#include <stdio.h>
#include <string.h>

#include "sw_ifname.h"
#include "sw_priv.h"

static char member_flag(const struct sw_port *p)
{
	switch (sw_port_member_state(p)) {
	case SW_MEMBER_DOWN:
		return 'D';
	case SW_MEMBER_BUNDLED:
		return 'P';
	case SW_MEMBER_WAITING:
		return 'w';
	case SW_MEMBER_SUSPENDED:
		return 's';
	case SW_MEMBER_STANDALONE:
		return 'I';
	case SW_MEMBER_HOTSTANDBY:
		return 'H';
	}
	g_assert_not_reached();
}

/* Trailing blanks off, as a terminal shows it. */
static void end_line(GString *out)
{
	while (out->len && out->str[out->len - 1] == ' ')
		g_string_truncate(out, out->len - 1);
	g_string_append_c(out, '\n');
}

void sw_show_etherchannel_summary(const struct sw *sw, GString *out)
{
	g_string_append(out,
			"Flags:  D - down        P - bundled in port-channel\n"
			"        I - stand-alone s - suspended\n"
			"        H - Hot-standby (LACP only)\n"
			"        R - Layer3      S - Layer2\n"
			"        U - in use      f - failed to allocate aggregator\n"
			"\n"
			"        M - not in use, minimum links not met\n"
			"        u - unsuitable for bundling\n"
			"        w - waiting to be aggregated\n"
			"        d - default port\n"
			"\n"
			"\n");
	g_string_append_printf(out, "Number of channel-groups in use: %u\n", sw->lags->len);
	g_string_append_printf(out, "Number of aggregators:           %u\n", sw->lags->len);
	g_string_append(out, "\n"
			     "Group  Port-channel  Protocol    Ports\n"
			     "------+-------------+-----------+"
			     "-----------------------------------------------\n");
	for (guint i = 0; i < sw->lags->len; i++) {
		const struct sw_lag *lag = g_ptr_array_index(sw->lags, i);
		char po[NETDEV_NAME_MAX + 8], name[SW_IFNAME_MAX];

		/* short names, as IOS prints them here: "Po1(SU) LACP Gi0/1(P)" */
		g_snprintf(po, sizeof(po), "%s(S%c)", sw_ifname_short(lag->name, name, sizeof(name)),
			   lag->up ? 'U' : lag->n_bundled ? 'M' : 'D');
		g_string_append_printf(out, "%-7u%-16s%-10s", lag->group, po,
				       lag->lacp ? "LACP" : "-");
		for (guint k = 0; k < lag->members->len; k++) {
			const struct sw_port *p = g_ptr_array_index(lag->members, k);
			char m[NETDEV_NAME_MAX + 4];

			if (k && k % 4 == 0) {
				end_line(out);
				g_string_append_printf(out, "%33s", "");
			}
			g_snprintf(m, sizeof(m), "%s(%c)",
				   sw_ifname_short(p->nic->dev.name, name, sizeof(name)),
				   member_flag(p));
			g_string_append_printf(out, "%-12s", m);
		}
		end_line(out);
	}
}

static void neighbor_line(const struct sw *sw, const struct sw_port *p, GString *out)
{
	const struct sw_lacp_member *m = p->lacp;
	const struct lacp_info *pi = &m->port.partner_oper;
	char flags[3], dev[15], age[24], key[8], port[8], state[8], name[SW_IFNAME_MAX];

	flags[0] = pi->state & LACP_STATE_TIMEOUT ? 'F' : 'S';
	flags[1] = pi->state & LACP_STATE_ACTIVITY ? 'A' : 'P';
	flags[2] = '\0';
	if (m->last_rx < 0)
		g_strlcpy(age, "-", sizeof(age));
	else
		g_snprintf(age, sizeof(age), "%" G_GINT64_FORMAT "s",
			   (gint64)((sw->sim->now - m->last_rx) / SIM_S));
	g_snprintf(key, sizeof(key), "0x%X", pi->key);
	g_snprintf(port, sizeof(port), "0x%X", pi->port);
	g_snprintf(state, sizeof(state), "0x%X", pi->state);
	g_string_append_printf(out, "%-10s%-8s%-10u%-16s%-7s%-7s%-7s%-8s%s\n",
			       sw_ifname_short(p->nic->dev.name, name, sizeof(name)),
			       flags, pi->port_priority, sw_mac_cisco(pi->system, dev), age, "0x0",
			       key, port, state);
}

void sw_show_lacp_neighbor(const struct sw *sw, GString *out)
{
	g_string_append(out,
			"Flags:  S - Device is requesting Slow LACPDUs\n"
			"        F - Device is requesting Fast LACPDUs\n"
			"        A - Device is in Active mode       P - Device is in Passive mode\n");
	for (guint i = 0; i < sw->lags->len; i++) {
		const struct sw_lag *lag = g_ptr_array_index(sw->lags, i);

		if (!lag->lacp)
			continue;
		g_string_append_printf(out, "\nChannel group %u neighbors\n\n", lag->group);
		g_string_append(out,
				"Partner's information:\n"
				"\n"
				"                  LACP port                        Admin  Oper   Port    Port\n"
				"Port      Flags   Priority  Dev ID          Age    key    Key    Number  State\n");
		for (guint k = 0; k < lag->members->len; k++)
			neighbor_line(sw, g_ptr_array_index(lag->members, k), out);
	}
}

static const char *role_text(const struct sw_mlag *m, int me)
{
	static const char *const roles[2][2] = {
		{ "secondary", "secondary, operational primary" },
		{ "primary, operational secondary", "primary" },
	};

	if (m->dual_active)
		return m->elected == me ? "primary" : "secondary, operational primary";
	return roles[m->elected == me][m->oper == me];
}

/*
 * NX-OS prints its reload-delay here ("Enabled, timer is off.(timeout =
 * 240s)"): the timer runs while a switch back from a reload waits for its
 * peer.  The running form is Delay-restore's ("Timer is on.(timeout =
 * 30s, 26s left)"), lower case after the comma as NX-OS has "timer is off".
 */
static void append_auto_recovery(const struct sw *sw, const struct sw_mlag *m, int me,
				 GString *out)
{
	char t[32], left[32];

	g_string_append(out, "Auto-recovery status              : ");
	if (!m->auto_recovery) {
		g_string_append(out, "Disabled\n");
		return;
	}
	sim_time_format(m->reload_delay, t, sizeof(t));
	if (!sim_timer_pending(&m->reload_wait[me])) {
		g_string_append_printf(out, "Enabled, timer is off.(timeout = %s)\n", t);
		return;
	}
	sim_time_format(m->reload_wait[me].at - sw->sim->now, left, sizeof(left));
	g_string_append_printf(out, "Enabled, timer is on.(timeout = %s, %s left)\n", t, left);
}

/*
 * NX-OS's "show vpc brief", cut to what bondsim models: the domain's
 * name stands for its number, one VLAN, no consistency checks (always
 * success) and no peer gateway.
 */
void sw_show_vpc_brief(const struct sw *sw, GString *out)
{
	const struct sw_mlag *m = sw->mlag;
	int me;
	guint n = 0;
	char t[32];
	bool pl_up;
	const struct sw_bport *pl;

	if (!m) {
		g_string_append(out, "% vPC is not enabled: the switch is in no [mlag] domain\n");
		return;
	}
	me = m->sw[0] == sw ? 0 : 1;
	pl = m->peer_link[me];
	pl_up = m->finished && !sw->reloading && m->pl_up[me];
	for (guint k = 0; k < sw->lags->len; k++)
		n += ((const struct sw_lag *)g_ptr_array_index(sw->lags, k))->mlag_id != 0;
	g_string_append(out, "Legend:\n"
			"                (*) - local vPC is down, forwarding via vPC peer-link\n\n");
	g_string_append_printf(out, "vPC domain id                     : %s\n", m->name);
	g_string_append_printf(out, "Peer status                       : %s\n",
			       pl_up ? "peer adjacency formed ok" : "peer link is down");
	g_string_append_printf(out, "vPC keep-alive status             : %s\n",
			       m->keepalive[me] ? "peer is alive" :
			       "peer is not reachable through peer-keepalive");
	g_string_append(out, "Configuration consistency status  : success\n");
	g_string_append_printf(out, "vPC role                          : %s\n", role_text(m, me));
	g_string_append_printf(out, "Number of vPCs configured         : %u\n", n);
	append_auto_recovery(sw, m, me, out);
	sim_time_format(m->delay_restore, t, sizeof(t));
	if (sim_timer_pending(&m->restore)) {
		char left[32];

		sim_time_format(m->restore.at - sw->sim->now, left, sizeof(left));
		g_string_append_printf(out, "Delay-restore status              : Timer is on.(timeout "
				       "= %s, %s left)\n", t, left);
	} else {
		g_string_append_printf(out, "Delay-restore status              : Timer is off.(timeout "
				       "= %s)\n", t);
	}
	g_string_append(out, "\nvPC Peer-link status\n"
			"---------------------------------------------------------------------\n"
			"id    Port   Status Active vlans\n"
			"--    ----   ------ --------------------------------------------------\n");
	g_string_append_printf(out, "1     %-6s %-6s %s\n", pl ? pl->name : "-", pl_up ? "up" : "down",
			       pl_up ? "1" : "-");
	g_string_append(out, "\nvPC status\n"
			"----------------------------------------------------------------------------\n"
			"Id    Port          Status Consistency Reason                Active vlans\n"
			"--    ------------  ------ ----------- ------                ------------\n");
	for (guint k = 0; k < sw->lags->len; k++) {
		const struct sw_lag *lag = g_ptr_array_index(sw->lags, k);
		bool up = lag->map->len > 0;
		bool via_peer = !up && lag->mlag_peer && lag->mlag_peer->map->len > 0 && pl_up;
		char port[16];

		if (!lag->mlag_id)
			continue;
		g_snprintf(port, sizeof(port), "%s%s", lag->name, via_peer ? "(*)" : "");
		g_string_append_printf(out, "%-5u %-13s %-6s %-11s %-21s %s\n", lag->mlag_id, port,
				       up ? "up" : "down", "success",
				       !lag->mlag_suspended ? "success" :
				       pl_up ? "delay restore" : "peer-link is down",
				       up ? "1" : "-");
	}
}

/* "(4) seconds, (500) msec": NX-OS's way with an age */
static void append_age(GString *out, sim_time_t age)
{
	g_string_append_printf(out, "(%" G_GINT64_FORMAT ") seconds, (%" G_GINT64_FORMAT ") msec\n",
			       (gint64)(age / SIM_S), (gint64)(age % SIM_S / SIM_MS));
}

/*
 * NX-OS's "show vpc peer-keepalive", cut to what bondsim models: the
 * status, when the last keepalive went out and came in, and the timers
 * (sw_mlag.c); no addresses, VRF, UDP port or ToS.
 */
void sw_show_vpc_peer_keepalive(const struct sw *sw, GString *out)
{
	const struct sw_mlag *m = sw->mlag;
	sim_time_t heard, now = sw->sim->now;
	int me;

	if (!m) {
		g_string_append(out, "% vPC is not enabled: the switch is in no [mlag] domain\n");
		return;
	}
	me = m->sw[0] == sw ? 0 : 1;
	heard = sw_mlag_ka_last_heard(m, me);
	g_string_append_printf(out, "vPC keep-alive status           : %s\n",
			       m->keepalive[me] ? "peer is alive" :
			       "peer is not reachable through peer-keepalive");
	g_string_append_printf(out, "--Send status                   : %s\n",
			       sw->reloading ? "Failed" : "Success");
	g_string_append(out, "--Last send to peer             : ");
	append_age(out, now - sw_mlag_ka_last_sent(m, me));
	g_string_append_printf(out, "--Receive status                : %s\n",
			       m->keepalive[me] ? "Success" : "Failed");
	g_string_append(out, "--Last update from peer         : ");
	if (heard < 0)
		g_string_append(out, "never\n");
	else
		append_age(out, now - heard);
	g_string_append_printf(out, "\nvPC Keep-alive parameters\n"
			       "--Keepalive interval            : %" G_GINT64_FORMAT " msec\n",
			       (gint64)(m->ka_interval / SIM_MS));
	g_string_append_printf(out, "--Keepalive timeout             : %" G_GINT64_FORMAT " seconds\n",
			       (gint64)(m->ka_timeout / SIM_S));
	g_string_append_printf(out, "--Keepalive hold timeout        : %" G_GINT64_FORMAT " seconds\n",
			       (gint64)(m->hold_timeout / SIM_S));
}

void sw_show_record(struct sw *sw, const char *what)
{
	struct sw_show *s = g_new0(struct sw_show, 1);
	GString *text = g_string_new(NULL);

	s->at = sw->sim->now;
	if (strcmp(what, "lacp") == 0) {
		s->command = g_strdup("show lacp neighbor");
		sw_show_lacp_neighbor(sw, text);
	} else if (strcmp(what, "vpc") == 0) {
		s->command = g_strdup("show vpc brief");
		sw_show_vpc_brief(sw, text);
	} else if (strcmp(what, "keepalive") == 0) {
		s->command = g_strdup("show vpc peer-keepalive");
		sw_show_vpc_peer_keepalive(sw, text);
	} else if (strcmp(what, "interfaces") == 0) {
		s->command = g_strdup("show interfaces status");
		sw_show_interfaces_status(sw, text);
	} else if (strcmp(what, "vlan") == 0) {
		s->command = g_strdup("show vlan brief");
		g_string_append_c(text, '\n');
		sw_show_vlan_brief(sw, text);
	} else if (strcmp(what, "trunk") == 0) {
		s->command = g_strdup("show interfaces trunk");
		sw_show_interfaces_trunk(sw, text);
	} else {
		g_assert(strcmp(what, "etherchannel") == 0);
		s->command = g_strdup("show etherchannel summary");
		sw_show_etherchannel_summary(sw, text);
	}
	s->text = g_string_free(text, FALSE);
	g_ptr_array_add(sw->shows, s);
}

void sw_show_free(struct sw *sw)
{
	for (guint i = 0; i < sw->shows->len; i++) {
		struct sw_show *s = g_ptr_array_index(sw->shows, i);

		g_free(s->command);
		g_free(s->text);
		g_free(s);
	}
	g_ptr_array_unref(sw->shows);
}
