/*
 * scenario_links.c - [links]: the cables, "server.eth0 = sw1.Gi0/1 speed=10G
 * delay=1us loss=0.1% duplex=full/half", and how a cable's end is named (a
 * fault's target too).
 */
#include <string.h>
#include "loader.h"
#include "link/hdx.h"

const char *const scn_link_opts[] = { "speed", "delay", "loss", "duplex", NULL };
static const char *const duplex_forms[] = { "full", "half", "full/half", "half/full", NULL };

/* "server.eth0" or "sw1.Gi0/1" -> the NIC at that end of a cable. */
struct nic *scn_resolve_end(struct loader *L, int line, const char *end, GError **error)
{
	const char *dot = strchr(end, '.');
	char *owner;
	struct world_host *h;
	struct world_switch *ws;
	struct nic *n = NULL;

	if (!dot || dot == end || !dot[1]) {
		scn_fail(error, L, line, "'%s' is not an interface: write host.eth0 or switch.Gi0/1", end);
		return NULL;
	}
	owner = g_strndup(end, dot - end);
	h = world_find_host(L->w, owner);
	ws = world_find_switch(L->w, owner);
	if (h) {
		n = scn_host_nic(h, dot + 1);
		if (!n && world_find_bond(h, dot + 1))
			scn_fail(error, L, line, "%s is a bond: cable its slaves instead", end);
		else if (!n)
			scn_fail_nic(error, L, line, h, dot + 1);
	} else if (ws) {
		n = sw_find_port(ws->sw, dot + 1);
		if (!n)
			scn_fail_no_port(error, L, line, ws->sw, dot + 1);
	} else {
		GPtrArray *names = g_ptr_array_new();

		for (guint i = 0; i < L->w->hosts->len; i++)
			g_ptr_array_add(names, ((struct world_host *)g_ptr_array_index(L->w->hosts, i))->name);
		for (guint i = 0; i < L->w->switches->len; i++)
			g_ptr_array_add(names, ((struct world_switch *)g_ptr_array_index(L->w->switches, i))->name);
		g_ptr_array_add(names, NULL);
		scn_fail_choice(error, L, line, "host or switch", owner, (const char *const *)names->pdata);
		g_ptr_array_free(names, TRUE);
	}
	g_free(owner);
	return n;
}

/*
 * The ends' speed and duplex settings (ethtool in [host], speed and duplex
 * on a switch port) decide the cable's speed and duplex, or that it never
 * comes up (autoneg.h); @why gets the sentence saying so.  duplex= says
 * the outcome itself, so it goes with neither.
 */
static gboolean negotiate(struct loader *L, int line, struct nic *a, struct nic *b,
			  bool duplex_given, struct autoneg_result *r, char *why, size_t size,
			  GError **error)
{
	const struct autoneg_cfg cfg[2] = { a->an, b->an };
	g_autofree char *na = g_strdup_printf("%s.%s", a->dev.owner_name, a->dev.name);
	g_autofree char *nb = g_strdup_printf("%s.%s", b->dev.owner_name, b->dev.name);
	const char *const names[2] = { na, nb };

	if (duplex_given)
		return scn_fail(error, L, line,
				"duplex= with %s's speed or duplex configured: duplex= says what a cable's ends "
				"ended up with, the ends' settings say how they get there; keep one (leave "
				"duplex= out, and bondsim works the duplex out from both ends' settings)",
				autoneg_is_default(&a->an) ? nb : na);
	autoneg_resolve(cfg, r->speed_bps, r);
	autoneg_explain(cfg, r, names, why, size);
	a->an_how = r->how[0];
	b->an_how = r->how[1];
	return TRUE;
}

gboolean scn_load_links(struct loader *L, struct ini_section *s, GError **error)
{
	/* link -> the line that laid it: a clash names both lines, one may be a --set */
	g_autoptr(GHashTable) laid_at = g_hash_table_new(NULL, NULL);

	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);
		char **words;
		struct nic *a, *b = NULL;
		uint64_t speed = DEFAULT_LINK_SPEED;
		sim_time_t delay = DEFAULT_LINK_DELAY;
		double loss = 0;
		bool half[2] = { false, false };
		const char *duplex = "full";
		bool duplex_given = false;
		gboolean ok = TRUE;
		GError *inner = NULL;
		g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
								    g_free);

		if (!e->key)
			return scn_fail(error, L, e->line,
				    "a link looks like 'server.eth0 = sw1.Gi0/1 speed=1G delay=1us'");
		a = scn_resolve_end(L, e->line, e->key, error);
		if (!a)
			return FALSE;
		words = g_strsplit_set(e->value, " \t", -1);
		for (char **wp = words; *wp && ok; wp++) {
			char *word = *wp;

			if (!*word)
				continue;
			if (strchr(word, '=') && !scn_option_once(L, e->line, seen, word, error))
				ok = FALSE;
			else if (g_str_has_prefix(word, "speed=")) {
				if (!sim_link_speed_parse(word + 6, &speed, &inner))
					ok = scn_fail_at(error, L, e->line, inner);
			} else if (g_str_has_prefix(word, "delay=")) {
				if (!sim_time_parse(word + 6, &delay, &inner))
					ok = scn_fail_at(error, L, e->line, inner);
			} else if (g_str_has_prefix(word, "loss=")) {
				if (!sim_loss_parse(word + 5, &loss))
					ok = scn_fail(error, L, e->line,
						  "loss '%s': write a probability (0.01) or a percentage (1%%)",
						  word + 5);
			} else if (g_str_has_prefix(word, "duplex=")) {
				duplex_given = true;
				duplex = word + 7;
				if (!hdx_parse(duplex, half))
					ok = scn_fail_choice(error, L, e->line, "duplex", duplex,
							     duplex_forms);
			} else if (strchr(word, '=')) {
				char *k = g_strndup(word, strchr(word, '=') - word);

				ok = scn_fail_choice(error, L, e->line, "link option", k, scn_link_opts);
				g_free(k);
			} else if (!b) {
				b = scn_resolve_end(L, e->line, word, error);
				ok = b != NULL;
			} else {
				ok = scn_fail(error, L, e->line,
					      "unexpected '%s': a link is 'END = END [speed=1G] [delay=1us] [loss=0] [duplex=full]'",
					      word);
			}
		}
		if (ok && (half[0] || half[1]) && !hdx_speed_ok(speed)) {
			char sp[32];

			/* IEEE 802.3ae on: 10 Gb/s and faster are full duplex only */
			ok = scn_fail(error, L, e->line,
				      "duplex=%s at %s: half duplex exists at 10M, 100M and 1G only "
				      "(IEEE 802.3: 10G and faster are full duplex); write duplex=full "
				      "or a speed of 1G or less",
				      duplex, sim_link_speed_format(speed, sp, sizeof(sp)));
		}
		g_strfreev(words);
		if (!ok)
			return FALSE;
		if (!b)
			return scn_fail(error, L, e->line, "link from %s goes nowhere: write '%s = sw1.Gi0/1'",
				    e->key, e->key);
		if (a == b)
			return scn_fail(error, L, e->line,
					"%s = %s: a link needs two different ends", e->key, e->value);
		if (nic_link(a) || nic_link(b)) {
			const struct nic *n = nic_link(a) ? a : b;
			const struct netdev *peer = nic_link(n)->end[1 - nic_link_end(n)];
			int at = GPOINTER_TO_INT(g_hash_table_lookup(laid_at, nic_link(n)));
			g_autofree char *where = !at ? g_strdup("")
				: ini_origin(L->ini, at) ? g_strdup_printf(" by %s", ini_origin(L->ini, at))
				: g_strdup_printf(" at line %d", at);

			return scn_fail(error, L, e->line,
					"%s.%s is already cabled to %s.%s%s: a port takes one cable",
					n->dev.owner_name, n->dev.name, peer->owner_name, peer->name,
					where);
		}
		char name[160];
		g_snprintf(name, sizeof(name), "%s.%s--%s.%s", a->dev.owner_name, a->dev.name,
			   b->dev.owner_name, b->dev.name);
		struct autoneg_result r = { .link = true, .speed_bps = speed, .half = { half[0], half[1] } };
		char why[512] = "";

		if ((!autoneg_is_default(&a->an) || !autoneg_is_default(&b->an)) &&
		    !negotiate(L, e->line, a, b, duplex_given, &r, why, sizeof(why), error))
			return FALSE;
		struct link *link = link_new_negotiated(L->w->sim, name, &a->dev, &b->dev,
							r.link ? r.speed_bps : speed, delay, r.half,
							!r.link, why);
		link->cable_bps = speed;	/* what a later renegotiation works within */
		link_set_loss(link, loss);
		g_ptr_array_add(L->w->links, link);
		g_hash_table_insert(laid_at, link, GINT_TO_POINTER(e->line));
	}
	return TRUE;
}
