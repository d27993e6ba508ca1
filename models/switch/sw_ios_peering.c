/*
 * sw_ios_peering.c - the VLAN lines a real MLAG config has around its peer link.
 *
 * DOC: An NX-OS or EOS config as people keep it makes its peer link a
 * trunk ("switchport mode trunk", "switchport trunk allowed vlan ...",
 * EOS's "switchport trunk group mlagpeer"; NX-OS's "spanning-tree port
 * type network" beside them), and EOS builds the peering
 * VLAN: "vlan 4094" with "trunk group mlagpeer" (and "name"), "interface
 * Vlan4094" with "ip address" (and "no autostate", "mtu", "description"),
 * and "no spanning-tree
 * vlan-id 4094" (older EOS: "vlan").  A peer link is a trunk of every
 * VLAN with native VLAN 1 unless its lines say otherwise, and bondsim
 * reaches the EOS peer-address over the peer link without building the
 * peering VLAN, so most of these change nothing: each such line is taken
 * with one warning naming its line, so a config pastes without trimming.
 * Where they stand is known only once the whole config is read (EOS says
 * which link is the peer link at the end, in "mlag configuration"), so
 * they are kept as they come and judged then (sw_ios_peering_check()):
 * trunk lines on the peer link or a member of its channel (a switchport
 * line that does change the peer link's VLANs, an allowed list, is
 * taken as on any port, with no warning), VLAN lines naming the EOS
 * local-interface's VLAN.  Elsewhere the switchport lines are any port's
 * (sw_ios_vlan.c) and "vlan N" with its name any VLAN's; trunk groups and
 * spanning-tree lines are refused there, as before.
 */
#include <string.h>

#include "sw_ifname.h"
#include "sw_ios_priv.h"
#include "wire/wire.h"

void sw_ios_peering_free(GPtrArray *peering)
{
	if (peering)
		g_ptr_array_unref(peering);
}

static void peering_free(gpointer p)
{
	struct sw_ios_peering *l = p;

	g_free(l->text);
	g_free(l->where);
	g_strfreev(l->ifs);
	g_free(l);
}

static struct sw_ios_peering *add(struct sw_ios_reader *r, enum sw_ios_peering_kind kind,
				  uint16_t vlan)
{
	struct sw_ios_peering *l = g_new0(struct sw_ios_peering, 1);

	if (!r->c->peering)
		r->c->peering = g_ptr_array_new_with_free_func(peering_free);
	l->line = r->line;
	l->kind = kind;
	l->text = g_strdup(r->text);
	l->vlan = vlan;
	g_ptr_array_add(r->c->peering, l);
	return l;
}

gboolean sw_ios_peering_trunk(struct sw_ios_reader *r, char **w, int n, bool *known,
			      GError **error)
{
	struct sw_ios_peering *l;

	bool sp = sw_ios_is(w[0], "switchport");

	*known = (sp && n == 3 && sw_ios_is(w[1], "mode") && sw_ios_is(w[2], "trunk")) ||
		 (sp && n >= 5 && sw_ios_is(w[1], "trunk") && sw_ios_is(w[2], "allowed") &&
		  sw_ios_is(w[3], "vlan")) ||
		 (sp && n == 4 && sw_ios_is(w[1], "trunk") && sw_ios_is(w[2], "group")) ||
		 (n == 4 && sw_ios_is(w[0], "spanning-tree") && sw_ios_is(w[1], "port") &&
		  sw_ios_is(w[2], "type") && sw_ios_is(w[3], "network"));
	if (!*known)
		return FALSE;
	l = add(r, SW_IOS_PEERING_TRUNK, 0);
	l->where = g_strdup(r->cur_text);
	l->ifs = g_new0(char *, r->cur->len + 1);
	for (guint k = 0; k < r->cur->len; k++)
		l->ifs[k] = g_strdup(((const struct sw_ios_if *)g_ptr_array_index(r->cur, k))->name);
	return TRUE;
}

/* "Vlan4094", "vlan4094": the number; 0 when @s is no VLAN interface. */
static uint16_t svi_number(const char *s)
{
	guint64 v;

	if (g_ascii_strncasecmp(s, "Vlan", 4) != 0)
		return 0;
	s += 4;
	while (*s == ' ')
		s++;
	return sw_ios_number(s, 1, 4094, &v) ? (uint16_t)v : 0;
}

gboolean sw_ios_peering_svi(struct sw_ios_reader *r, const char *rest, bool *known,
			    GError **error)
{
	uint16_t vlan = svi_number(rest);

	*known = vlan != 0;
	if (!*known)
		return FALSE;
	add(r, SW_IOS_PEERING_SVI, vlan);
	sw_ios_leave(r);
	r->sub = SW_IOS_PEERING_SVI;
	r->sub_vlan = vlan;
	return TRUE;
}

/*
 * Global "vlan N", or "vlan LIST" (10,20,30-40) as IOS takes it: each VLAN
 * of the list is created.  One entry per VLAN, so what reads them later
 * (judge_vlan(), sw_ios_vlan_apply()) sees single VLANs only.  IOS takes
 * no "name" under a line of several: sub_vlan 0 tells sw_ios_peering_cmd().
 */
static gboolean global_vlan(struct sw_ios_reader *r, char **w, int n, GError **error)
{
	struct sw_vlan_set s;
	GError *inner = NULL;
	const struct sw_ios_peering *l = NULL;
	unsigned count = 0;

	if (n != 2)
		return sw_ios_fail(r, error,
				   "'%s': write vlan N or vlan LIST (VLAN IDs and FIRST-LAST ranges with commas, no spaces, e.g. vlan 10,20,30-40), each from 1 to 4094",
				   r->text);
	if (!sw_vlan_ids_parse(w[1], &s, &inner)) {
		sw_ios_fail(r, error, "'%s': %s", r->text, inner->message);
		g_error_free(inner);
		return FALSE;
	}
	for (uint32_t v = 1; v <= WIRE_VLAN_VID_MAX; v++) {
		if (!sw_vlan_set_has(&s, (uint16_t)v))
			continue;
		l = add(r, SW_IOS_PEERING_VLAN, (uint16_t)v);
		count++;
	}
	r->sub = SW_IOS_PEERING_VLAN;
	r->sub_vlan = count == 1 ? l->vlan : 0;
	r->sub_line = count == 1 ? NULL : l->text;
	return TRUE;
}

gboolean sw_ios_peering_global(struct sw_ios_reader *r, char **w, int n, bool *known,
			       GError **error)
{
	guint64 v;

	*known = true;
	if (sw_ios_is(w[0], "vlan") && n >= 2)
		return global_vlan(r, w, n, error);
	if (n == 4 && sw_ios_is(w[0], "no") && sw_ios_is(w[1], "spanning-tree") &&
	    (sw_ios_is(w[2], "vlan-id") || sw_ios_is(w[2], "vlan"))) {
		if (!sw_ios_number(w[3], 1, 4094, &v))
			return sw_ios_fail(r, error,
					   "'%s': bondsim takes one VLAN here, the MLAG peering VLAN of EOS's local-interface (e.g. no spanning-tree vlan-id 4094)",
					   r->text);
		add(r, SW_IOS_PEERING_STP, (uint16_t)v);
		return TRUE;
	}
	*known = false;
	return FALSE;
}

gboolean sw_ios_peering_cmd(struct sw_ios_reader *r, char **w, int n, bool *known,
			    GError **error)
{
	*known = true;
	if (n == 1 && sw_ios_is(w[0], "exit")) {
		r->sub = SW_IOS_PEERING_NONE;
		return TRUE;
	}
	if (r->sub == SW_IOS_PEERING_VLAN && !r->sub_vlan && n >= 2 && sw_ios_is(w[0], "name"))
		return sw_ios_fail(r, error,
				   "'%s' under '%s': IOS names one VLAN at a time, not a list; write vlan N, then name TEXT under it",
				   r->text, r->sub_line);
	if (r->sub == SW_IOS_PEERING_VLAN &&
	    ((n == 3 && sw_ios_is(w[0], "trunk") && sw_ios_is(w[1], "group")) ||
	     (n >= 2 && sw_ios_is(w[0], "name")))) {
		add(r, SW_IOS_PEERING_VLAN, r->sub_vlan)->where =
			r->sub_vlan ? g_strdup_printf("vlan %u", r->sub_vlan) : g_strdup(r->sub_line);
		return TRUE;
	}
	if (r->sub == SW_IOS_PEERING_SVI &&
	    ((n == 3 && sw_ios_is(w[0], "ip") && sw_ios_is(w[1], "address")) ||
	     (n == 2 && sw_ios_is(w[0], "no") && sw_ios_is(w[1], "autostate")) ||
	     (n == 2 && sw_ios_is(w[0], "mtu")) || (n >= 2 && sw_ios_is(w[0], "description")))) {
		add(r, SW_IOS_PEERING_SVI, r->sub_vlan)->where =
			g_strdup_printf("interface Vlan%u", r->sub_vlan);
		return TRUE;
	}
	*known = false;
	return FALSE;
}

const char *sw_ios_peering_commands(const struct sw_ios_reader *r)
{
	if (r->sub == SW_IOS_PEERING_VLAN && !r->sub_vlan)
		return "trunk group NAME; exit (name NAME only under a vlan line of one VLAN)";
	return r->sub == SW_IOS_PEERING_VLAN ? "name NAME; trunk group NAME; exit"
	       : "ip address A.B.C.D/M; no autostate; mtu N; description TEXT; exit";
}

/* @name is the peer link @pl ("Po10") or a member of its channel. */
static bool on_peer_link(struct sw_ios_reader *r, const char *name, const char *pl)
{
	const struct sw_ios_if *i = g_hash_table_lookup(r->by_name, name);
	guint64 group;

	if (strcmp(name, pl) == 0)
		return true;
	return i && !i->is_po && strncmp(pl, "Po", 2) == 0 &&
	       sw_ios_number(pl + 2, 1, SW_IOS_MAX_GROUP, &group) && i->group == group;
}

/* "switchport mode trunk", "switchport trunk allowed vlan ...": real VLAN lines now. */
static bool vlan_line(const char *text)
{
	return g_ascii_strncasecmp(text, "switchport mode", 15) == 0 ||
	       g_ascii_strncasecmp(text, "switchport trunk allowed", 24) == 0;
}

/* @name's lines leave it a trunk of every VLAN with native 1, what a peer link is anyway. */
static bool default_trunk(struct sw_ios_reader *r, const char *name)
{
	const struct sw_ios_if *i = g_hash_table_lookup(r->by_name, name);

	return !i || sw_ios_vlan_if_default_trunk(i);
}

/*
 * A line the peer link has (trunk, spanning-tree).  On it: a warning when
 * it changes nothing; a VLAN line that does change the peer link's VLANs
 * is taken as any port's.  Elsewhere a VLAN line is any port's, and the
 * others (trunk group, spanning-tree port type) are refused as before.
 */
static gboolean judge_trunk(struct sw_ios_reader *r, const struct sw_ios_peering *l,
			    GError **error)
{
	const char *pl = r->c->domain.kind != SW_IOS_DOMAIN_NONE ? r->c->domain.peer_link : NULL;
	char longname[SW_IFNAME_MAX];
	bool stp = g_ascii_strncasecmp(l->text, "spanning-tree", 13) == 0;
	bool vlan = vlan_line(l->text);
	bool itself = true, changes = false, on_pl = false;

	if (pl)
		sw_ifname_long(pl, longname, sizeof(longname));
	for (char **p = l->ifs; *p; p++) {
		if (pl && on_peer_link(r, *p, pl)) {
			itself = itself && strcmp(*p, pl) == 0;
			changes = changes || !default_trunk(r, *p) || !default_trunk(r, pl);
			on_pl = true;
			continue;
		}
		if (vlan)
			continue;
		if (!pl && !stp)
			return sw_ios_fail(r, error,
					   "'%s': bondsim has no trunk groups; it takes the line on the peer link of an mlag configuration only (warned of)",
					   l->text);
		if (!pl)
			return sw_ios_fail(r, error,
					   "'%s': bondsim runs no spanning tree; it takes the line on the peer link of a vpc domain or mlag configuration only (warned of)",
					   l->text);
		return sw_ios_fail(r, error,
				   "'%s' under %s: bondsim runs no spanning tree and has no trunk groups; the line is taken on the peer link %s and its members only (warned of)",
				   l->text, l->where, longname);
	}
	if (!on_pl || (vlan && changes))
		return TRUE;
	sw_ios_note(r, "'%s' under %s, %s%s: %s; the line changes nothing", l->text, l->where,
		    itself ? "the peer link" : "in the peer link ", itself ? "" : longname,
		    stp ? "bondsim runs no spanning tree"
		    : "bondsim's peer link is a trunk of every VLAN, native vlan 1, as it is");
	return TRUE;
}

/* A line of EOS's peering VLAN: the local-interface's VLAN, a warning; else refused. */
static gboolean judge_vlan(struct sw_ios_reader *r, const struct sw_ios_peering *l,
			   GError **error)
{
	const struct sw_ios_domain *d = &r->c->domain;
	uint16_t own = d->kind == SW_IOS_DOMAIN_EOS ? svi_number(d->local_interface) : 0;
	static const char *const why[] = {
		[SW_IOS_PEERING_VLAN] = "the MLAG peering VLAN is not built (bondsim reaches the peer-address over the peer link as it is)",
		[SW_IOS_PEERING_SVI] = "the MLAG peering interface is not built (bondsim reaches the peer-address over the peer link as it is)",
		[SW_IOS_PEERING_STP] = "bondsim runs no spanning tree",
	};

	/* a line under a "vlan LIST" of several (vlan 0) is never the peering VLAN's */
	bool peering = l->vlan && l->vlan == own;

	/* any other VLAN and its name are the switch's own (sw_ios_vlan.c) */
	if (!peering && l->kind == SW_IOS_PEERING_VLAN &&
	    (g_ascii_strncasecmp(l->text, "vlan", 4) == 0 ||
	     g_ascii_strncasecmp(l->text, "name", 4) == 0))
		return TRUE;
	if (!peering)
		return sw_ios_fail(r, error,
				   "'%s': %s; the one it takes (warned of) is the MLAG peering %s of an Arista mlag configuration's local-interface%s%s",
				   l->text, l->kind == SW_IOS_PEERING_SVI ?
				   "bondsim's switches have no VLAN interfaces" :
				   l->kind == SW_IOS_PEERING_STP ? "bondsim runs no spanning tree" :
				   "bondsim has no trunk groups",
				   l->kind == SW_IOS_PEERING_SVI ? "interface" : "VLAN",
				   own ? ", here " : "", own ? d->local_interface : "");
	sw_ios_note(r, "'%s'%s%s: %s; the line changes nothing", l->text,
		    l->where ? " under " : "", l->where ? l->where : "", why[l->kind]);
	return TRUE;
}

gboolean sw_ios_peering_check(struct sw_ios_reader *r, GError **error)
{
	for (guint k = 0; r->c->peering && k < r->c->peering->len; k++) {
		const struct sw_ios_peering *l = g_ptr_array_index(r->c->peering, k);
		gboolean ok;

		r->line = l->line;
		ok = l->kind == SW_IOS_PEERING_TRUNK ? judge_trunk(r, l, error)
						      : judge_vlan(r, l, error);
		if (!ok)
			return FALSE;
	}
	return TRUE;
}
