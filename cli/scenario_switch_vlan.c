/*
 * scenario_switch_vlan.c - [switch NAME]'s VLAN keys: which VLANs each port carries.
 *
 * DOC: One key per set of bridge ports, after the lag lines, as the
 * member keys are (lacp_rate ...):
 *
 *   vlan Gi0/1-4 = access 10                       switchport access vlan 10
 *   vlan Po1 Gi0/5 = trunk                         switchport mode trunk
 *   vlan Po1 = trunk allowed=10,20,30-40 native=99 ... trunk allowed vlan / native vlan
 *
 * allowed= takes a list, "all" (the default) or "none"; native= is 1
 * unless given.  A port-channel is named as a whole: its members follow
 * it, and naming one of them is refused.  A port named on two vlan lines
 * is refused too: each port's VLANs are said once.  Ports not named stay
 * access VLAN 1.  models/switch/sw_vlan.c has the forwarding rules.
 */
#include <string.h>

#include "loader.h"
#include "switch/sw_ifname.h"

static const char *const modes[] = { "access", "trunk", NULL };

struct vlan_value {
	bool trunk;
	uint16_t vid;			/* access VLAN, or native */
	struct sw_vlan_set allowed;
};

static gboolean vid_at(struct loader *L, int line, const char *text, uint16_t *vid,
		       GError **error)
{
	GError *inner = NULL;

	if (!sw_vid_parse(text, vid, &inner))
		return scn_fail_at(error, L, line, inner);
	return TRUE;
}

/* "trunk allowed=10,20 native=1" after "trunk". */
static gboolean trunk_words(struct loader *L, int line, char **w, struct vlan_value *v,
			    GError **error)
{
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	GError *inner = NULL;

	v->trunk = true;
	v->vid = 1;
	sw_vlan_set_all(&v->allowed);
	for (; *w; w++) {
		const char *eq = strchr(*w, '=');

		if (!eq || (!g_str_has_prefix(*w, "allowed=") && !g_str_has_prefix(*w, "native=")))
			return scn_fail(error, L, line,
					"unknown trunk option '%s'; valid: allowed=LIST (10,20,30-40, all or none), native=N (1 to 4094)",
					*w);
		if (!scn_option_once(L, line, seen, *w, error))
			return FALSE;
		if ((*w)[0] == 'n') {
			if (!vid_at(L, line, eq + 1, &v->vid, error))
				return FALSE;
		} else if (!sw_vlan_list_parse(eq + 1, &v->allowed, &inner)) {
			return scn_fail_at(error, L, line, inner);
		}
	}
	return TRUE;
}

static gboolean parse_value(struct loader *L, const struct ini_entry *e, struct vlan_value *v,
			    GError **error)
{
	g_auto(GStrv) w = g_strsplit_set(e->value, " \t", -1);
	g_autoptr(GPtrArray) words = g_ptr_array_new();

	for (char **wp = w; *wp; wp++)
		if (**wp)
			g_ptr_array_add(words, *wp);
	g_ptr_array_add(words, NULL);
	if (!words->pdata[0] || !g_strv_contains(modes, words->pdata[0]))
		return scn_fail_choice(error, L, e->line, "VLAN mode",
				       words->pdata[0] ? (char *)words->pdata[0] : "", modes);
	if (strcmp(words->pdata[0], "trunk") == 0)
		return trunk_words(L, e->line, (char **)words->pdata + 1, v, error);
	if (!words->pdata[1] || words->pdata[2])
		return scn_fail(error, L, e->line,
				"'%s': an access port is in one VLAN: write access N, N from 1 to 4094",
				e->value);
	v->trunk = false;
	return vid_at(L, e->line, words->pdata[1], &v->vid, error);
}

/* No such port: say so with the ports, or with the port-channels for a Po name. */
static gboolean no_such(struct loader *L, int line, struct sw *sw, const char *name,
			GError **error)
{
	char buf[SW_IFNAME_MAX];

	if (g_ascii_strncasecmp(sw_ifname_short(name, buf, sizeof(buf)), "Po", 2) != 0)
		return scn_fail_no_port(error, L, line, sw, name);
	return scn_fail(error, L, line,
			"switch %s has no port-channel '%s': define it with a lag line first (lag %s = Gi0/1 Gi0/2)",
			sw_name(sw), name, name);
}

gboolean scn_load_switch_vlan(struct loader *L, struct world_switch *ws,
			      const struct ini_entry *e, GHashTable *said, GError **error)
{
	g_autoptr(GPtrArray) names = scn_switch_port_list(L, e->line, e->key + strlen("vlan "), error);
	struct vlan_value v;
	GError *inner = NULL;

	if (!names)
		return FALSE;
	if (!names->len)
		return scn_fail(error, L, e->line,
				"vlan names no port: write 'vlan Gi0/1-4 = access 10' or 'vlan Po1 = trunk'");
	if (!parse_value(L, e, &v, error))
		return FALSE;
	for (guint i = 0; i < names->len; i++) {
		const char *name = g_ptr_array_index(names, i);
		gpointer before;
		gboolean ok;

		if (!sw_find_lag(ws->sw, name) && !sw_find_port(ws->sw, name))
			return no_such(L, e->line, ws->sw, name, error);
		before = g_hash_table_lookup(said, name);
		if (before) {
			g_autofree char *where = scn_line_text(L, GPOINTER_TO_INT(before));

			return scn_fail(error, L, e->line,
					"%s's VLANs are set already (%s): name each port on one vlan line",
					name, where);
		}
		g_hash_table_insert(said, g_strdup(name), GINT_TO_POINTER(e->line));
		ok = v.trunk ? sw_set_vlan_trunk(ws->sw, name, &v.allowed, v.vid, &inner)
			     : sw_set_vlan_access(ws->sw, name, v.vid, &inner);
		if (!ok)
			return scn_fail_at(error, L, e->line, inner);
	}
	return TRUE;
}
