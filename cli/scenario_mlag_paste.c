/*
 * scenario_mlag_paste.c - MLAG domains pasted in the switches' configs: pair them.
 *
 * DOC: A switch whose "config =" has NX-OS's "vpc domain N" or Arista's
 * "mlag configuration" (models/switch/sw_ios_vpc.c) is in the domain
 * with the one other switch whose config has the same domain: the same
 * vPC domain number, or the same EOS domain-id (an NX-OS domain never
 * pairs with an EOS one).  No [mlag] section is needed, and none may name
 * such a switch as well: the domain is said once.  Refused, each at the
 * config's line: a domain id in one config only (the other pasted
 * domains are listed, for the typo), in three or more, a [mlag] section
 * naming a switch with a pasted domain, a [mlag] domain of the same name,
 * keepalive addresses that cannot be right (NX-OS: each destination is
 * the other's source when both give one; neither NX-OS destinations nor
 * EOS peer-addresses are equal), and a setting bondsim keeps once per
 * domain that the two configs give differently (NX-OS refuses a
 * system-mac or system-priority mismatch too, as a type-1 inconsistency).
 *
 * What each gets: NX-OS: the vPC system MAC 00:23:04:ee:be:<id> unless
 * system-mac, system priority 32667 (NX-OS's "vPC system-priority")
 * unless system-priority, the LACP key 0x8000 + the vPC number and 0x4000
 * on the second switch's port numbers, as a Nexus pair's LACPDUs carry
 * them, the keepalive on (a path of its own).  EOS: the
 * MAC made from the domain-id as [mlag] makes it from its name, priority
 * 32768, and the keepalive off: EOS's peer-address is reached over the
 * peer link itself (local-interface Vlan4094), so a lost peer link is a
 * lost peer, and both switches go on as primary, as EOS does without
 * dual-primary detection.
 */
#include <stdarg.h>
#include <string.h>

#include "loader.h"
#include "switch/sw_ios.h"

static gboolean fail_in(GError **error, const struct world_switch *ws, int line, const char *fmt,
			...) G_GNUC_PRINTF(4, 5);

/* "FILE:LINE: message" at a line of @ws's config. */
static gboolean fail_in(GError **error, const struct world_switch *ws, int line, const char *fmt,
			...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID, "%s:%d: %s", ws->ios->file,
		    line ? line : ws->ios->domain.line, msg);
	g_free(msg);
	return FALSE;
}

static const struct sw_ios_domain *dom(const struct world_switch *ws)
{
	return &ws->ios->domain;
}

/* "vpc domain 10" or "mlag domain-id pair1", as the errors name a domain. */
static char *domain_words(const struct world_switch *ws)
{
	const struct sw_ios_domain *d = dom(ws);

	return d->kind == SW_IOS_DOMAIN_VPC ? g_strdup_printf("vpc domain %s", d->id)
	       : g_strdup_printf("mlag domain-id %s", d->id);
}

static bool same_domain(const struct world_switch *a, const struct world_switch *b)
{
	return dom(a)->kind == dom(b)->kind && strcmp(dom(a)->id, dom(b)->id) == 0;
}

/* One setting the domain has once: the two configs' values as text, and where b says it. */
struct setting {
	const char *what;
	char *a, *b;
	int line_a, line_b;
};

static char *time_text(sim_time_t t)
{
	char buf[32];

	return g_strdup(sim_time_format(t, buf, sizeof(buf)));
}

/* The values bondsim runs the domain with, from one config (defaults filled in). */
struct values {
	uint16_t prio, role;
	uint8_t mac[6];
	bool have_mac, auto_recovery, keepalive;
	sim_time_t delay, orphan, interval, timeout, hold, reload;
};

static void values_of(const struct sw_ios_domain *d, struct values *v)
{
	bool vpc = d->kind == SW_IOS_DOMAIN_VPC;

	memset(v, 0, sizeof(*v));	/* EOS: no MAC; all zero compares equal */
	v->prio = d->system_priority ? d->system_priority
		  : vpc ? SW_IOS_VPC_SYSTEM_PRIORITY : SW_DEFAULT_LACP_SYSTEM_PRIORITY;
	v->role = d->role_priority ? d->role_priority : SW_MLAG_DEFAULT_ROLE_PRIORITY;
	v->have_mac = vpc;
	if (d->have_mac)
		memcpy(v->mac, d->mac, 6);
	else if (vpc)
		sw_ios_vpc_system_mac(d->vpc_id, v->mac);
	v->auto_recovery = d->auto_recovery != 0;
	v->keepalive = vpc;
	v->delay = d->delay_restore ? d->delay_restore : SW_MLAG_DEFAULT_DELAY_RESTORE;
	v->orphan = d->delay_orphan >= 0 ? d->delay_orphan : 0;
	v->interval = d->ka_interval ? d->ka_interval : SW_MLAG_DEFAULT_KEEPALIVE_INTERVAL;
	v->timeout = d->ka_timeout ? d->ka_timeout : SW_MLAG_DEFAULT_KEEPALIVE_TIMEOUT;
	v->hold = d->hold_timeout ? d->hold_timeout : SW_MLAG_DEFAULT_HOLD_TIMEOUT;
	v->reload = d->ar_reload_delay ? d->ar_reload_delay * SIM_S : SW_MLAG_DEFAULT_RELOAD_DELAY;
}

/* The settings bondsim keeps once per domain: both configs must give the same. */
static gboolean agree(const struct world_switch *a, const struct world_switch *b,
		      const struct values *va, const struct values *vb, GError **error)
{
	const struct sw_ios_domain *da = dom(a), *db = dom(b);
	char ma[18], mb[18];
	struct setting s[] = {
		{ "system-priority", g_strdup_printf("%u", va->prio), g_strdup_printf("%u", vb->prio),
		  da->sysprio_line, db->sysprio_line },
		{ "system-mac", g_strdup(mac_format(va->mac, ma)), g_strdup(mac_format(vb->mac, mb)),
		  da->mac_line, db->mac_line },
		{ "delay restore", time_text(va->delay), time_text(vb->delay), da->delay_line,
		  db->delay_line },
		{ "delay restore orphan-port", time_text(va->orphan), time_text(vb->orphan),
		  da->orphan_line, db->orphan_line },
		{ "auto-recovery", g_strdup(va->auto_recovery ? "on" : "off"),
		  g_strdup(vb->auto_recovery ? "on" : "off"), da->auto_recovery_line,
		  db->auto_recovery_line },
		{ "auto-recovery reload-delay", time_text(va->reload), time_text(vb->reload),
		  da->auto_recovery_line, db->auto_recovery_line },
		{ "peer-keepalive interval", time_text(va->interval), time_text(vb->interval),
		  da->ka_line, db->ka_line },
		{ "peer-keepalive timeout", time_text(va->timeout), time_text(vb->timeout),
		  da->ka_line, db->ka_line },
		{ "peer-keepalive hold-timeout", time_text(va->hold), time_text(vb->hold),
		  da->ka_line, db->ka_line },
	};
	gboolean ok = TRUE;

	for (guint k = 0; k < G_N_ELEMENTS(s); k++) {
		/* at the line that says it: b's, else a's (b left it at the default) */
		const struct world_switch *at = s[k].line_b || !s[k].line_a ? b : a;

		if (ok && strcmp(s[k].a, s[k].b) != 0)
			ok = fail_in(error, at, at == b ? s[k].line_b : s[k].line_a,
				     "%s %s on %s, %s on %s: %s", s[k].what, s[k].b, b->name, s[k].a,
				     a->name, k < 2 ? "NX-OS keeps the vPCs down on this mismatch (a type-1 inconsistency); give both the same"
				     : "bondsim runs one value per domain; give both configs the same");
		g_free(s[k].a);
		g_free(s[k].b);
	}
	return ok;
}

/* Keepalive addresses that cannot be right: each names the other's. */
static gboolean addresses(const struct world_switch *a, const struct world_switch *b,
			  GError **error)
{
	const struct sw_ios_domain *da = dom(a), *db = dom(b);

	if (da->kind == SW_IOS_DOMAIN_EOS) {
		if (strcmp(da->peer_address, db->peer_address) == 0)
			return fail_in(error, b, db->peer_address_line,
				       "peer-address %s on both %s and %s: each names the other's address on the local-interface",
				       db->peer_address, a->name, b->name);
		return TRUE;
	}
	if (strcmp(da->ka_dest, db->ka_dest) == 0)
		return fail_in(error, b, db->ka_line,
			       "peer-keepalive destination %s on both %s and %s: each names the other's address",
			       db->ka_dest, a->name, b->name);
	for (int k = 0; k < 2; k++) {
		const struct world_switch *x = k ? b : a, *y = k ? a : b;

		if (dom(x)->ka_source && dom(y)->ka_source &&
		    strcmp(dom(x)->ka_dest, dom(y)->ka_source) != 0)
			return fail_in(error, x, dom(x)->ka_line,
				       "peer-keepalive destination %s on %s, but %s's source is %s: the destination is the peer's source",
				       dom(x)->ka_dest, x->name, y->name, dom(y)->ka_source);
	}
	return TRUE;
}

/* The domain of @a and @b, as [mlag] would make it. */
static gboolean make_domain(struct world_switch *a, struct world_switch *b, GError **error)
{
	struct values va, vb;
	struct sw_mlag *m;
	GError *inner = NULL;
	gboolean ok;

	values_of(dom(a), &va);
	values_of(dom(b), &vb);
	if (!addresses(a, b, error) || !agree(a, b, &va, &vb, error))
		return FALSE;
	m = sw_mlag_new(dom(a)->id, a->sw, b->sw, &inner);
	if (!m)
		return fail_in(error, b, 0, "%s", inner->message);
	sw_mlag_set_system(m, va.prio, va.have_mac ? va.mac : NULL);
	if (dom(a)->kind == SW_IOS_DOMAIN_VPC)
		sw_mlag_set_nxos_lacp(m);
	sw_mlag_set_keepalive(m, va.keepalive, va.delay);
	sw_mlag_set_roles(m, va.role, vb.role, va.auto_recovery);
	sw_mlag_set_timers(m, va.interval, va.timeout, va.hold, va.orphan);
	sw_mlag_set_reload_delay(m, va.reload);
	ok = sw_mlag_set_peer_link(m, a->sw, dom(a)->peer_link, &inner) ?
	     sw_mlag_set_peer_link(m, b->sw, dom(b)->peer_link, &inner) ? TRUE
	     : fail_in(error, b, dom(b)->peer_link_line, "%s", inner->message)
	     : fail_in(error, a, dom(a)->peer_link_line, "%s", inner->message);
	if (ok && !sw_mlag_finish(m, &inner))
		ok = fail_in(error, a, 0, "%s", inner->message);
	g_clear_error(&inner);
	return ok;
}

/* The switches with a pasted domain, in file order. */
static GPtrArray *pasted(struct loader *L)
{
	GPtrArray *out = g_ptr_array_new();

	for (guint i = 0; i < L->w->switches->len; i++) {
		struct world_switch *ws = g_ptr_array_index(L->w->switches, i);

		if (ws->ios && ws->ios->domain.kind != SW_IOS_DOMAIN_NONE)
			g_ptr_array_add(out, ws);
	}
	return out;
}

/* A [mlag] section naming @ws, or one called like its pasted domain. */
static gboolean no_section(struct loader *L, const struct world_switch *ws, GError **error)
{
	g_autofree char *words = domain_words(ws);
	const struct sw_mlag *m = sw_mlag_of(ws->sw);

	if (m)
		return fail_in(error, ws, 0,
			       "%s in %s's config, and [mlag %s] names %s too: a switch is in one domain, said once; drop the [mlag %s] section or the pasted domain",
			       words, ws->name, sw_mlag_name(m), ws->name, sw_mlag_name(m));
	for (guint i = 0; i < L->w->switches->len; i++) {
		const struct world_switch *o = g_ptr_array_index(L->w->switches, i);

		m = sw_mlag_of(o->sw);
		if (m && strcmp(sw_mlag_name(m), dom(ws)->id) == 0)
			return fail_in(error, ws, dom(ws)->id_line,
				       "%s in %s's config, and a [mlag %s] section of the same name: the names of domains are their own; rename the section",
				       words, ws->name, dom(ws)->id);
	}
	return TRUE;
}

/* @ws's domain is in no other config: say which domains the others have. */
static gboolean alone(GPtrArray *all, const struct world_switch *ws, GError **error)
{
	g_autofree char *words = domain_words(ws);
	GString *others = g_string_new(NULL);
	gboolean r;

	for (guint k = 0; k < all->len; k++) {
		const struct world_switch *o = g_ptr_array_index(all, k);
		g_autofree char *ow = NULL;

		if (o == ws)
			continue;
		ow = domain_words(o);
		g_string_append_printf(others, "%s%s has %s", others->len ? ", " : "", o->name, ow);
	}
	r = fail_in(error, ws, dom(ws)->id_line,
		    "%s is in %s's config only: a domain is two switches, and its peer's config needs %s too%s%s%s",
		    words, ws->name, words, others->len ? " (" : "", others->str,
		    others->len ? ")" : "");
	g_string_free(others, TRUE);
	return r;
}

gboolean scn_pair_pasted_mlag(struct loader *L, GError **error)
{
	GPtrArray *all = pasted(L);
	gboolean ok = TRUE;

	for (guint i = 0; ok && i < all->len; i++)
		ok = no_section(L, g_ptr_array_index(all, i), error);
	for (guint i = 0; ok && i < all->len; i++) {
		struct world_switch *a = g_ptr_array_index(all, i), *b = NULL;

		if (sw_mlag_of(a->sw))
			continue;	/* paired with an earlier one */
		for (guint j = i + 1; ok && j < all->len; j++) {
			struct world_switch *o = g_ptr_array_index(all, j);
			g_autofree char *words = NULL;

			if (!same_domain(a, o))
				continue;
			if (!b) {
				b = o;
				continue;
			}
			words = domain_words(o);
			ok = fail_in(error, o, dom(o)->id_line,
				     "%s in the configs of %s, %s and %s: a domain is two switches; give %s another domain",
				     words, a->name, b->name, o->name, o->name);
		}
		if (ok && !b)
			ok = alone(all, a, error);
		if (ok)
			ok = make_domain(a, b, error);
	}
	g_ptr_array_free(all, TRUE);
	return ok;
}
