/*
 * sw_ios_vlan.c - a pasted config's VLANs: switchport lines and "vlan N".
 *
 * DOC: Under an interface (physical or Port-channel, or a range):
 *
 *   switchport                                 taken (every port is layer 2)
 *   switchport mode access | trunk             the port's VLAN mode
 *   switchport access vlan N                   its access VLAN (default 1)
 *   switchport trunk native vlan N             its native VLAN (default 1)
 *   switchport trunk allowed vlan LIST | all | none | add LIST |
 *                                 remove LIST | except LIST
 *   switchport trunk encapsulation dot1q       taken: 802.1Q is all there is
 *   switchport nonegotiate                     taken: no DTP, the mode is as written
 *
 * With no "switchport mode" a port is an access port (a Catalyst's default
 * "dynamic auto" ends as one against a host), whatever trunk lines it
 * has.  A member of a channel follows its Port-channel, as IOS copies the
 * channel's lines onto its members: a member's lines must be the
 * channel's (show running-config repeats them there), and a channel whose
 * interface has none takes its members'.  Global "vlan N" (and " name
 * TEXT" under it) names a VLAN for "show vlan brief", "vlan 10,20,30-40"
 * each VLAN of the list (sw_ios_peering.c reads both); an Arista MLAG
 * peering VLAN is left to sw_ios_peering.c as before.
 */
#include <string.h>

#include "sw_ifname.h"
#include "sw_ios_priv.h"
#include "sw_priv.h"
#include "wire/wire.h"

static gboolean vid_arg(struct sw_ios_reader *r, const char *w, uint16_t *vid, GError **error)
{
	GError *inner = NULL;

	if (sw_vid_parse(w, vid, &inner))
		return TRUE;
	sw_ios_fail(r, error, "'%s': %s", r->text, inner->message);
	g_error_free(inner);
	return FALSE;
}

static gboolean list_arg(struct sw_ios_reader *r, const char *w, struct sw_vlan_set *s,
			 GError **error)
{
	GError *inner = NULL;

	if (sw_vlan_list_parse(w, s, &inner))
		return TRUE;
	sw_ios_fail(r, error, "'%s': %s", r->text, inner->message);
	g_error_free(inner);
	return FALSE;
}

/* "switchport trunk allowed vlan ..." (@w[4] on) onto each interface's list. */
static gboolean allowed_line(struct sw_ios_reader *r, char **w, int n, GError **error)
{
	static const char *const how[] = { "add", "remove", "except", NULL };
	struct sw_vlan_set s;
	int op = -1;

	for (int k = 0; how[k] && n == 6; k++)
		if (sw_ios_is(w[4], how[k]))
			op = k;
	if (n != 5 && op < 0)
		return sw_ios_fail(r, error,
				   "'%s': write switchport trunk allowed vlan LIST (10,20,30-40), all, none, add LIST, remove LIST or except LIST",
				   r->text);
	if (!list_arg(r, w[n - 1], &s, error))
		return FALSE;
	for (guint k = 0; k < r->cur->len; k++) {
		struct sw_ios_if *i = g_ptr_array_index(r->cur, k);

		if (!i->allowed_given && op >= 0 && op != 2)
			sw_vlan_set_all(&i->allowed);	/* add/remove start from the default, all */
		for (guint b = 0; b < SW_VLAN_SET_WORDS; b++) {
			if (op < 0)
				i->allowed.bits[b] = s.bits[b];
			else if (op == 0)
				i->allowed.bits[b] |= s.bits[b];
			else if (op == 1)
				i->allowed.bits[b] &= ~s.bits[b];
			else
				i->allowed.bits[b] = ~s.bits[b];
		}
		sw_vlan_set_remove_range(&i->allowed, 0, 0);
		sw_vlan_set_remove_range(&i->allowed, WIRE_VLAN_VID_MAX + 1, 4095);
		i->allowed_given = true;
	}
	return TRUE;
}

gboolean sw_ios_vlan_iface(struct sw_ios_reader *r, char **w, int n, bool *known,
			   GError **error)
{
	enum sw_ios_vlan_mode mode = SW_IOS_VLAN_UNSET;
	uint16_t access = 0, native = 0;

	*known = sw_ios_is(w[0], "switchport") &&
		 !(n >= 3 && sw_ios_is(w[1], "trunk") && sw_ios_is(w[2], "group"));
	if (!*known || n == 1 || (n == 2 && sw_ios_is(w[1], "nonegotiate")))
		return *known;
	if (n >= 5 && sw_ios_is(w[1], "trunk") && sw_ios_is(w[2], "allowed") &&
	    sw_ios_is(w[3], "vlan"))
		return allowed_line(r, w, n, error);
	if (n == 3 && sw_ios_is(w[1], "mode") &&
	    (sw_ios_is(w[2], "access") || sw_ios_is(w[2], "trunk"))) {
		mode = sw_ios_is(w[2], "trunk") ? SW_IOS_VLAN_TRUNK : SW_IOS_VLAN_ACCESS;
	} else if (n == 4 && sw_ios_is(w[1], "access") && sw_ios_is(w[2], "vlan")) {
		if (!vid_arg(r, w[3], &access, error))
			return FALSE;
	} else if (n == 5 && sw_ios_is(w[1], "trunk") && sw_ios_is(w[2], "native") &&
		   sw_ios_is(w[3], "vlan")) {
		if (!vid_arg(r, w[4], &native, error))
			return FALSE;
	} else if (n == 4 && sw_ios_is(w[1], "trunk") && sw_ios_is(w[2], "encapsulation") &&
		   sw_ios_is(w[3], "dot1q")) {
		return TRUE;
	} else {
		return sw_ios_fail(r, error,
				   "'%s': bondsim takes switchport; switchport mode access|trunk; switchport access vlan N; switchport trunk native vlan N; switchport trunk allowed vlan LIST|all|none|add LIST|remove LIST|except LIST; switchport trunk encapsulation dot1q; switchport nonegotiate (no DTP, voice or private VLANs)",
				   r->text);
	}
	for (guint k = 0; k < r->cur->len; k++) {
		struct sw_ios_if *i = g_ptr_array_index(r->cur, k);

		if (!i->vlan_line)
			i->vlan_line = r->line;
		if (mode != SW_IOS_VLAN_UNSET)
			i->vlan_mode = mode;
		if (access)
			i->access_vlan = access;
		if (native)
			i->native_vlan = native;
	}
	return TRUE;
}

/* What the lines of @i make of its port: false when it has none. */
static bool effective(const struct sw_ios_if *i, struct sw_vlan_port *v)
{
	memset(v, 0, sizeof(*v));
	if (!i->vlan_line && !i->allowed_given)
		return false;
	v->trunk = i->vlan_mode == SW_IOS_VLAN_TRUNK;
	v->pvid = v->trunk ? (i->native_vlan ? i->native_vlan : SW_VLAN_DEFAULT)
			   : (i->access_vlan ? i->access_vlan : SW_VLAN_DEFAULT);
	if (v->trunk && i->allowed_given)
		v->allowed = i->allowed;
	else if (v->trunk)
		sw_vlan_set_all(&v->allowed);
	return true;
}

bool sw_ios_vlan_if_default_trunk(const struct sw_ios_if *i)
{
	struct sw_vlan_port v;
	struct sw_vlan_set all;

	sw_vlan_set_all(&all);
	return !effective(i, &v) ||
	       (v.trunk && v.pvid == SW_VLAN_DEFAULT && !memcmp(&v.allowed, &all, sizeof(all)));
}

static gboolean set_on(struct sw *sw, const char *name, const struct sw_vlan_port *v,
		       GError **error)
{
	return v->trunk ? sw_set_vlan_trunk(sw, name, &v->allowed, v->pvid, error)
			: sw_set_vlan_access(sw, name, v->pvid, error);
}

static gboolean apply_ports(const struct sw_ios *c, struct sw *sw, GError **error)
{
	g_autoptr(GHashTable) po = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	char longname[SW_IFNAME_MAX], polong[SW_IFNAME_MAX];

	for (guint k = 0; k < c->ifs->len; k++) {
		const struct sw_ios_if *i = g_ptr_array_index(c->ifs, k);
		struct sw_vlan_port v;

		if (i->is_po && effective(i, &v))
			g_hash_table_insert(po, i->name, g_memdup2(&v, sizeof(v)));
	}
	for (guint k = 0; k < c->ifs->len; k++) {
		const struct sw_ios_if *i = g_ptr_array_index(c->ifs, k);
		struct sw_port *p = i->is_po ? NULL : sw_port_of(sw, sw_find_port(sw, i->name));
		struct sw_vlan_port v, *chan;

		if (!effective(i, &v) || i->is_po || !p->lag) {
			if ((i->is_po && g_hash_table_contains(po, i->name)) || (!i->is_po && effective(i, &v)))
				if (!set_on(sw, i->name, i->is_po ? g_hash_table_lookup(po, i->name) : &v,
					    error))
					return FALSE;
			continue;
		}
		chan = g_hash_table_lookup(po, p->lag->name);
		if (!chan) {
			/* the channel takes its first member's lines; the others must agree */
			chan = g_memdup2(&v, sizeof(v));
			g_hash_table_insert(po, p->lag->name, chan);
			if (!set_on(sw, p->lag->name, chan, error))
				return FALSE;
		}
		if (memcmp(chan, &v, sizeof(v)) != 0) {
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
				    "%s:%d: %s's switchport lines differ from its channel %s's: a member follows its channel; give them under interface %s only",
				    c->file, i->vlan_line,
				    sw_ifname_long(i->name, longname, sizeof(longname)),
				    sw_ifname_long(p->lag->name, polong, sizeof(polong)), polong);
			return FALSE;
		}
	}
	return TRUE;
}

gboolean sw_ios_vlan_apply(const struct sw_ios *c, struct sw *sw, GError **error)
{
	const struct sw_ios_domain *d = &c->domain;
	guint64 own = 0;

	if (!apply_ports(c, sw, error))
		return FALSE;
	/* an EOS peering VLAN is not built (sw_ios_peering.c): not listed either */
	if (d->kind == SW_IOS_DOMAIN_EOS && d->local_interface &&
	    g_ascii_strncasecmp(d->local_interface, "Vlan", 4) == 0)
		sw_ios_number(d->local_interface + 4, 1, WIRE_VLAN_VID_MAX, &own);
	for (guint k = 0; c->peering && k < c->peering->len; k++) {
		const struct sw_ios_peering *l = g_ptr_array_index(c->peering, k);
		const char *name = l->text;

		if (l->kind != SW_IOS_PEERING_VLAN || l->vlan == own)
			continue;
		if (g_ascii_strncasecmp(name, "vlan", 4) == 0) {
			if (!sw->vlan_names || !sw->vlan_names[l->vlan])
				sw_vlan_define(sw, l->vlan, NULL);
			continue;
		}
		if (g_ascii_strncasecmp(name, "name", 4) != 0)
			continue;
		name += 4;
		while (*name == ' ' || *name == '\t')
			name++;
		sw_vlan_define(sw, l->vlan, name);
	}
	return TRUE;
}

/*
 * A bridge port's lines as IOS's show running-config writes them; none for
 * the peer link (@peer_link, or NULL) as a trunk of all with native 1,
 * which it is anyway.
 */
void sw_ios_vlan_running(const struct sw *sw, const char *name, const char *peer_link,
			 GString *out)
{
	const struct sw_bport *bp = NULL;
	const struct sw_vlan_port *c;
	struct sw_vlan_set all;

	for (guint i = 0; i < sw->bports->len && !bp; i++) {
		const struct sw_bport *b = g_ptr_array_index(sw->bports, i);

		if (strcmp(b->name, name) == 0)
			bp = b;
	}
	c = bp ? sw_bport_vlan(bp) : NULL;
	sw_vlan_set_all(&all);
	if (!c || c->implicit || (!c->trunk && c->pvid == SW_VLAN_DEFAULT))
		return;
	if (!c->trunk) {
		g_string_append_printf(out, " switchport access vlan %u\n", c->pvid);
		g_string_append(out, " switchport mode access\n");
		return;
	}
	if (c->pvid == SW_VLAN_DEFAULT && !memcmp(&c->allowed, &all, sizeof(all)) && peer_link &&
	    (strcmp(peer_link, name) == 0 ||
	     (bp->port && bp->port->lag && strcmp(peer_link, bp->port->lag->name) == 0)))
		return;
	if (c->pvid != SW_VLAN_DEFAULT)
		g_string_append_printf(out, " switchport trunk native vlan %u\n", c->pvid);
	if (memcmp(&c->allowed, &all, sizeof(all)) != 0) {
		g_autofree char *text = sw_vlan_set_text(&c->allowed);

		g_string_append_printf(out, " switchport trunk allowed vlan %s\n", text);
	}
	g_string_append(out, " switchport mode trunk\n");
}

void sw_ios_vlan_running_global(const struct sw *sw, GString *out)
{
	for (guint v = 1; sw->vlan_names && v <= WIRE_VLAN_VID_MAX; v++) {
		char dflt[16];

		if (!sw->vlan_names[v])
			continue;
		g_snprintf(dflt, sizeof(dflt), v == 1 ? "default" : "VLAN%04u", v);
		g_string_append_printf(out, "vlan %u\n", v);
		if (strcmp(sw->vlan_names[v], dflt) != 0)
			g_string_append_printf(out, " name %s\n", sw->vlan_names[v]);
		g_string_append(out, "!\n");
	}
}
