/*
 * scenario_host.c - [host]: NICs, bonds, addresses (the cables: scenario_links.c).
 *
 * DOC: A host section mirrors what a sysadmin types ("bond bond0 = eth0
 * eth1", "options bond0 = mode=0 miimon=200", "ip bond0 = ...") or pastes
 * (modprobe.d, ifcfg files).  Bonds are created here but their slaves are
 * enslaved only after [links], as on a machine whose cables are in before
 * ifenslave runs.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "loader.h"
#include "bond/bond_config.h"
#include "lacp/lacp.h"

struct nic *scn_host_nic(const struct world_host *h, const char *name)
{
	for (guint i = 0; i < h->nics->len; i++) {
		struct nic *n = g_ptr_array_index(h->nics, i);

		if (strcmp(n->dev.name, name) == 0)
			return n;
	}
	return NULL;
}

static char *nic_list_text(const struct world_host *h)
{
	const char **names = scn_host_nic_names(h);
	char *s = g_strjoinv(", ", (char **)names);

	g_free(names);
	return s;
}

const char **scn_host_nic_names(const struct world_host *h)
{
	const char **v = g_new0(const char *, h->nics->len + 1);

	for (guint i = 0; i < h->nics->len; i++)
		v[i] = ((struct nic *)g_ptr_array_index(h->nics, i))->dev.name;
	return v;
}

gboolean scn_fail_nic(GError **error, struct loader *L, int line, const struct world_host *h,
		      const char *name)
{
	const char **names = scn_host_nic_names(h);
	char *what = g_strdup_printf("NIC of host %s", h->name);

	scn_fail_choice(error, L, line, what, name, names);
	g_free(what);
	g_free(names);
	return FALSE;
}

/* ---- [host NAME] ---------------------------------------------------------- */

const char *const scn_host_keys[] = { "nics", "bond <dev>", "options <dev>", "ip <dev>", "ip",
	"mac <nic>", "txqueuelen <nic>", "prio <nic>", "ethtool <nic>", "modprobe.d", "ifcfg-<dev>",
	"networkd <NAME.netdev|NAME.network>", "interfaces", "nm <NAME.nmconnection>",
	"netplan <NAME.yaml>",
	"open_at <bond>", "vlan <name>", "hz", "ip_forward", "gateway", "route <net/len>", "tcp_<sysctl>", NULL };

bool scn_key_is(const char *key, const char *verb, const char **arg)
{
	size_t n = strlen(verb);

	if (strncmp(key, verb, n) != 0 || (key[n] != ' ' && key[n] != '\t'))
		return false;
	*arg = key + n;
	while (**arg == ' ' || **arg == '\t')
		(*arg)++;
	return **arg != 0;
}

/* The "VERB DEV = ..." key of this section naming @dev, if any. */
const struct ini_entry *scn_host_key(const struct ini_section *s, const char *verb,
				     const char *dev)
{
	const char *arg;

	for (guint i = 0; i < s->entries->len; i++) {
		const struct ini_entry *e = g_ptr_array_index(s->entries, i);

		if (e->key && scn_key_is(e->key, verb, &arg) && strcmp(arg, dev) == 0)
			return e;
	}
	return NULL;
}

struct host_bond_def {
	char *name;
	int line;		/* where it was declared */
	struct bond_params params;
	bool has_params;
	int params_line;
	char *params_file;	/* NULL: the scenario; else the file the options came from */
	GPtrArray *slaves;	/* char * */
	int slaves_line;
	char *ipaddr;
	int prefix;
	bool later;		/* "bond bond0 =": its slaves come from [faults] enslave lines */
};

static void host_bond_def_free(gpointer p)
{
	struct host_bond_def *d = p;

	g_free(d->name);
	g_free(d->params_file);
	g_free(d->ipaddr);
	g_ptr_array_free(d->slaves, TRUE);
	g_free(d);
}

static struct host_bond_def *bond_def(GPtrArray *defs, const char *name, int line)
{
	struct host_bond_def *d;

	for (guint i = 0; i < defs->len; i++) {
		d = g_ptr_array_index(defs, i);
		if (strcmp(d->name, name) == 0)
			return d;
	}
	d = g_new0(struct host_bond_def, 1);
	d->name = g_strdup(name);
	d->line = line;
	d->slaves = g_ptr_array_new_with_free_func(g_free);
	bond_params_init(&d->params);
	g_ptr_array_add(defs, d);
	return d;
}

static struct world_bond *bond_ctx(struct world *w, const char *host, struct bond *b)
{
	for (guint i = 0; i < w->bond_ctx->len; i++) {
		struct world_bond *c = g_ptr_array_index(w->bond_ctx, i);

		if (c->bond == b)
			return c;
	}
	struct world_bond *c = g_new0(struct world_bond, 1);
	c->w = w;
	c->host = host;
	c->bond = b;
	c->open_at = world_bond_draw_open(c, w->seed);
	g_ptr_array_add(w->bond_ctx, c);
	return c;
}

/* "prio eth1 = 10": the slave's prio, kept for after the enslaving. */
static gboolean load_slave_prios(struct loader *L, struct ini_section *s, struct world_host *h,
				 GError **error)
{
	const char *arg;

	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);
		struct pending_slave *ps = NULL;
		struct nic *n;

		if (!scn_key_is(e->key, "prio", &arg))
			continue;
		n = scn_host_nic(h, arg);
		if (!n) {
			const char **names = scn_host_nic_names(h);

			scn_fail_choice(error, L, e->line, "NIC", arg, names);
			g_free(names);
			return FALSE;
		}
		for (guint p = 0; p < L->enslave->len && !ps; p++)
			if (g_array_index(L->enslave, struct pending_slave, p).nic == n)
				ps = &g_array_index(L->enslave, struct pending_slave, p);
		if (!ps)
			return scn_fail(error, L, e->line,
					"%s is not a bond slave: prio is a slave's setting (enslave it first, e.g. 'bond bond0 = eth0 %s')",
					arg, arg);
		if (!scn_parse_prio(L, e->line, e->value, &ps->prio, error))
			return FALSE;
		ps->prio_line = e->line;
	}
	return TRUE;
}

gboolean scn_load_host(struct loader *L, struct ini_section *s, int index, GError **error)
{
	struct world *w = L->w;
	struct world_host *h;
	GPtrArray *defs;
	struct bond_conf_set *confs = NULL;
	gboolean ok = FALSE;
	GError *inner = NULL;
	const char *arg;

	if (!*s->name)
		return scn_fail(error, L, s->line, "a host needs a name: [host server]");
	if (!scn_node_name_ok(L, s->line, "host", s->name, error))
		return FALSE;
	if (world_find_host(w, s->name) || world_find_switch(w, s->name))
		return scn_fail(error, L, s->line,
				"'%s' is defined twice: give each host and switch a name of its own",
				s->name);
	h = g_new0(struct world_host, 1);
	h->name = g_strdup(s->name);
	h->host = host_new(w->sim, s->name);
	h->nics = g_ptr_array_new();
	h->bonds = g_ptr_array_new();
	h->notes = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(w->hosts, h);
	g_hash_table_insert(w->host_names, h->name, h);
	defs = g_ptr_array_new_with_free_func(host_bond_def_free);

	/* Pass 1: NICs. */
	struct ini_entry *ne = ini_get(s, "nics");
	h->nics_line = ne ? ne->line : s->line;
	char **nic_names = g_strsplit_set(ne ? ne->value : "eth0", " \t,", -1);
	int nic_no = 0;
	for (char **np = nic_names; *np; np++) {
		uint8_t mac[6] = { 0x02, 0, 0, (uint8_t)++nic_no, (uint8_t)(index >> 8), (uint8_t)index };

		if (!**np)
			continue;
		if (!scn_ifname_ok(L, ne ? ne->line : s->line, *np, error)) {
			g_strfreev(nic_names);
			goto out;
		}
		if (scn_host_nic(h, *np)) {
			scn_fail(error, L, ne->line, "NIC %s listed twice in 'nics': list each NIC once",
				 *np);
			g_strfreev(nic_names);
			goto out;
		}
		g_ptr_array_add(h->nics, nic_new(w->sim, s->name, *np, mac, 0));
		((struct nic *)g_ptr_array_index(h->nics, h->nics->len - 1))->dev.kernel =
			&h->host->kernel;
	}
	g_strfreev(nic_names);

	/* Pass 2: per-NIC settings, configuration files, bond declarations. */
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);
		struct nic *n;

		if (!e->key) {
			scn_fail(error, L, e->line,
				 "'%s' in [host %s]: expected 'key = value', e.g. ip = 10.0.0.1/24",
				 e->value, s->name);
			goto out;
		}
		if (scn_key_is(e->key, "mac", &arg) || scn_key_is(e->key, "txqueuelen", &arg) ||
		    scn_key_is(e->key, "ethtool", &arg)) {
			n = scn_host_nic(h, arg);
			if (!n) {
				const char **names = scn_host_nic_names(h);

				scn_fail_choice(error, L, e->line, "NIC", arg, names);
				g_free(names);
				goto out;
			}
			if (e->key[0] == 'e') {
				/* "ethtool eth0 = speed 100 duplex full autoneg off" */
				GError *why = NULL;

				if (!autoneg_parse_ethtool(e->value, &n->an, &why)) {
					scn_fail_at(error, L, e->line, why);
					goto out;
				}
			} else if (e->key[0] == 'm') {
				if (!scn_check_mac(L, e, n->dev.mac, error))
					goto out;
				netdev_store_mac(&n->dev, n->dev.mac);
				memcpy(n->dev.perm_mac, n->dev.mac, 6);
				g_hash_table_insert(L->mac_lines, n, GINT_TO_POINTER(e->line));
			} else {
				uint64_t v;

				if (!scn_parse_uint_low(L, e->line, "txqueuelen", e->value, 1, 1000000, &v, error))
					goto out;
				if (v == 0) {
					scn_fail(error, L, e->line,
						 "txqueuelen 0: a NIC queues at least 1 frame; write 1 to 1000000 (default 1000)");
					goto out;
				}
				g_free(n->q);
				n->txqueuelen = (uint32_t)v;
				n->q = g_new(struct frame *, n->txqueuelen);
			}
		} else if (strcmp(e->key, "modprobe.d") == 0 || g_str_has_prefix(e->key, "ifcfg-") ||
			   strcmp(e->key, "interfaces") == 0 || scn_key_is(e->key, "networkd", &arg) ||
			   scn_key_is(e->key, "nm", &arg) || scn_key_is(e->key, "netplan", &arg)) {
			if (!scn_host_conf_parse(L, e, arg, &confs, error))
				goto out;
		} else if (strcmp(e->key, "hz") == 0) {
			/* Kconfig's choices for CONFIG_HZ */
			static const char *const hz[] = { "100", "250", "300", "1000", NULL };
			guint k = 0;

			while (hz[k] && strcmp(hz[k], e->value) != 0)
				k++;
			if (!hz[k]) {
				scn_fail(error, L, e->line,
					 "hz %s: the kernel's CONFIG_HZ is 100, 250, 300 or 1000 (Debian: 250; RHEL: 1000; default 1000)",
					 e->value);
				goto out;
			}
			h->host->kernel.hz = atoi(hz[k]);
		} else if (scn_key_is(e->key, "bond", &arg)) {
			if (!scn_ifname_ok(L, e->line, arg, error))
				goto out;
			struct host_bond_def *d = bond_def(defs, arg, e->line);
			char **sl = g_strsplit_set(e->value, " \t,", -1);

			if (d->slaves_line) {
				g_strfreev(sl);
				scn_fail(error, L, e->line,
					 "bond %s declared twice (first at line %d): list all its slaves in one 'bond %s = ...' line",
					 arg, d->slaves_line, arg);
				goto out;
			}
			d->slaves_line = e->line;
			for (char **sp = sl; *sp; sp++)
				if (**sp)
					g_ptr_array_add(d->slaves, g_strdup(*sp));
			g_strfreev(sl);
			/* "ip link add bond0 type bond", NICs enslaved later by [faults] */
			d->later = !d->slaves->len && scn_faults_enslave_into(L, s->name, arg);
			if (!d->slaves->len && !d->later) {
				char *nics = nic_list_text(h);

				scn_fail(error, L, e->line,
					 "bond %s has no slaves: list its NICs, e.g. 'bond %s = eth0 eth1' (NICs of %s: %s), or enslave them in [faults] ('1s enslave %s.%s eth0')",
					 arg, arg, s->name, nics, s->name, arg);
				g_free(nics);
				goto out;
			}
		} else if (!scn_key_is(e->key, "options", &arg) && !scn_key_is(e->key, "ip", &arg) &&
			   !scn_key_is(e->key, "prio", &arg) && !scn_key_is(e->key, "open_at", &arg) &&
			   !scn_key_is(e->key, "vlan", &arg) &&
			   !scn_key_is(e->key, "route", &arg) && strcmp(e->key, "ip_forward") != 0 &&
			   strcmp(e->key, "gateway") != 0 && !scn_is_tcp_key(e->key) &&
			   strcmp(e->key, "ip") != 0 && strcmp(e->key, "nics") != 0) {
			scn_fail_choice(error, L, e->line, "key in [host]", e->key, scn_host_keys);
			goto out;
		}
	}
	/* Bonds from modprobe.d / ifcfg files come first, in their own order. */
	if (confs) {
		if (!scn_host_conf_boot(L, s, h, confs, error))
			goto out;
		for (guint i = 0; i < confs->bonds->len; i++) {
			struct bond_conf *c = g_ptr_array_index(confs->bonds, i);
			struct host_bond_def *d = bond_def(defs, c->name, c->line);

			d->params = c->params;
			d->has_params = true;
			d->params_line = c->line;
			g_free(d->params_file);
			d->params_file = g_strdup(c->file);
			for (guint k = 0; k < c->slaves->len; k++)
				g_ptr_array_add(d->slaves, g_strdup(g_ptr_array_index(c->slaves, k)));
			if (c->ipaddr) {
				d->ipaddr = g_strdup(c->ipaddr);
				d->prefix = c->prefix;
			}
		}
	}
	/* "options bond0 = ..." applies on top, as a later modprobe line would. */
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);
		struct host_bond_def *d = NULL;

		if (!scn_key_is(e->key, "options", &arg))
			continue;
		for (guint k = 0; k < defs->len; k++)
			if (strcmp(((struct host_bond_def *)g_ptr_array_index(defs, k))->name, arg) == 0)
				d = g_ptr_array_index(defs, k);
		if (!d) {
			scn_fail(error, L, e->line,
				 "options for '%s', but there is no bond %s: declare it, e.g. 'bond %s = eth0 eth1'",
				 arg, arg, arg);
			goto out;
		}
		if (!bond_params_parse(&d->params, e->value, &inner)) {
			scn_fail_at(error, L, e->line, inner);
			goto out;
		}
		scn_host_note_repeated_options(L, h, e, arg);
		d->has_params = true;
		d->params_line = e->line;
		g_clear_pointer(&d->params_file, g_free);
	}
	/* Build the bonds. */
	for (guint i = 0; i < defs->len; i++) {
		struct host_bond_def *d = g_ptr_array_index(defs, i);
		GPtrArray *warn = g_ptr_array_new_with_free_func(g_free);
		struct bond *b;
		int line = d->params_line ? d->params_line : d->line;

		if (scn_host_nic(h, d->name)) {
			g_ptr_array_free(warn, TRUE);
			scn_fail(error, L, d->line, "%s is a NIC; a bond needs a name of its own", d->name);
			goto out;
		}
		if (!bond_params_finalize(&d->params, warn, &inner)) {
			g_ptr_array_free(warn, TRUE);
			scn_fail_at(error, L, line, inner);
			goto out;
		}
		if (d->params.mode == BOND_MODE_8023AD && d->slaves->len > LACP_MAX_PORTS) {
			g_ptr_array_free(warn, TRUE);
			scn_fail(error, L, d->slaves_line ? d->slaves_line : d->line,
				 "bond %s has %u slaves: bondsim's 802.3ad runs up to %d ports",
				 d->name, d->slaves->len, LACP_MAX_PORTS);
			goto out;
		}
		for (guint k = 0; k < warn->len; k++) {
			const char *m = g_ptr_array_index(warn, k);

			sim_log_printf(host_log(h->host), 0, "%s", m);
			/* "warning: bond0: miimon ...", not "warning: bond0: Warning: miimon ..." */
			if (scn_says_unmeant(m))
				scn_warn(L, d->params_file, line, "%s: %s", d->name,
					 g_str_has_prefix(m, "Warning: ") ? m + 9 : m);
		}
		g_ptr_array_free(warn, TRUE);
		b = bond_new(w->sim, s->name, d->name, &d->params, host_log(h->host));
		b->dev.kernel = &h->host->kernel;	/* the host's, with or without an address */
		if (h->host->kernel.hz)
			b->hz = h->host->kernel.hz;
		g_ptr_array_add(h->bonds, b);
		bond_ctx(w, h->name, b);
		if (bond_uses_primary(b) && b->params.primary[0]) {
			struct pending_primary pp = { h, b, NULL, line };

			pp.file = g_strdup(d->params_file ? d->params_file : L->ini->file);
			/* the array owns pp.file from here (freed with L->primaries) */
			g_array_append_val(L->primaries, pp);
		} /* cppcheck-suppress memleak */
		if (!d->slaves->len && !d->later) {
			/*
			 * A bond a module load made on its own (max_bonds=2, the
			 * bond0 every load creates) may stay empty, as it does on
			 * a real machine; one the scenario configures cannot.
			 */
			const struct ini_entry *use = scn_host_key(s, "ip", d->name);
			int at = use ? use->line : d->ipaddr ? d->line : 0;

			if (!at && (use = scn_host_key(s, "options", d->name)))
				at = use->line;
			if (at) {
				char *nics = nic_list_text(h);

				scn_fail(error, L, at,
					 "bond %s has no slaves, so it can never send: enslave NICs with 'bond %s = eth0 eth1' or MASTER=%s in their ifcfg files (NICs of %s: %s)",
					 d->name, d->name, d->name, s->name, nics);
				g_free(nics);
				goto out;
			}
			/* at the line that made it (a module load's max_bonds) */
			if (d->params_file)
				g_ptr_array_add(h->notes, g_strdup_printf("%s:%d: %s has no slaves, so "
									  "no carrier", d->params_file,
									  d->line, d->name));
			else
				g_ptr_array_add(h->notes, g_strdup_printf("%s has no slaves, so no "
									  "carrier", d->name));
		}
		for (guint k = 0; k < d->slaves->len; k++) {
			const char *sn = g_ptr_array_index(d->slaves, k);
			struct nic *n = scn_host_nic(h, sn);

			if (!n) {
				const char **names = scn_host_nic_names(h);

				scn_fail_choice(error, L, d->slaves_line ? d->slaves_line : d->line,
					    "slave NIC", sn, names);
				g_free(names);
				goto out;
			}
			for (guint p = 0; p < L->enslave->len; p++) {
				struct pending_slave *ps = &g_array_index(L->enslave, struct pending_slave, p);

				if (ps->nic == n) {
					scn_fail(error, L, d->slaves_line ? d->slaves_line : d->line,
						 "%s is already a slave of %s: a NIC is a slave of one bond only",
						 sn, ps->bond->dev.name);
					goto out;
				}
			}
			struct pending_slave ps = { .bond = b, .nic = n,
						    .line = d->slaves_line ? d->slaves_line : d->line };
			g_array_append_val(L->enslave, ps);
		}
	}
	/* "open_at bond0 = 37ms": when ifup opens it, instead of a draw. */
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);
		struct world_bond *c;
		struct bond *b;

		if (!scn_key_is(e->key, "open_at", &arg))
			continue;
		b = world_find_bond(h, arg);
		if (!b) {
			scn_fail(error, L, e->line, "open_at for '%s', but host %s has no bond %s",
				 arg, s->name, arg);
			goto out;
		}
		c = bond_ctx(w, h->name, b);
		if (!scn_parse_time(L, e, e->value, &c->open_at, error))
			goto out;
		if (c->open_at < 0) {
			scn_fail(error, L, e->line, "open_at must be 0 or more");
			goto out;
		}
		c->open_pinned = true;
	}
	if (!load_slave_prios(L, s, h, error))
		goto out;
	if (!scn_load_host_vlans(L, w, s, confs, h, error))
		goto out;
	/* Pass 3: addresses. */
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);
		struct netdev *dev = NULL;
		uint32_t ip;
		int prefix;
		char *what;
		gboolean checked;

		if (strcmp(e->key, "ip") == 0) {
			if (h->nics->len != 1 || defs->len) {
				scn_fail(error, L, e->line,
				     "host %s has several interfaces: say which, e.g. 'ip bond0 = %s'",
				     s->name, e->value);
				goto out;
			}
			dev = &((struct nic *)g_ptr_array_index(h->nics, 0))->dev;
		} else if (scn_key_is(e->key, "ip", &arg)) {
			struct nic *n = scn_host_nic(h, arg);

			dev = scn_host_dev(h, arg);
			if (!dev) {
				const char **names = scn_host_dev_names(h, true);

				scn_fail_choice(error, L, e->line, "interface of host", arg, names);
				g_free(names);
				goto out;
			}
			for (guint p = 0; n && p < L->enslave->len; p++) {
				struct pending_slave *ps = &g_array_index(L->enslave, struct pending_slave, p);

				/* slaves are enslaved later, once cabled: ask the plan */
				if (ps->nic == n) {
					scn_fail(error, L, e->line, "%s is a slave of %s: put the address on %s",
					     arg, ps->bond->dev.name, ps->bond->dev.name);
					goto out;
				}
			}
		} else {
			continue;
		}
		if (!scn_parse_ipv4_prefix(L, e->line, e->value, -1, &ip, &prefix, error))
			goto out;
		what = g_strdup_printf("%s = %s", e->key, e->value);
		checked = scn_check_host_address(L, e->line, what, ip, prefix, error);
		g_free(what);
		if (!checked || !scn_address_free(L, e->line, h, dev, ip, error))
			goto out;
		host_add_if(h->host, dev, ip, prefix);
	}
	/* Addresses that came from ifcfg files. */
	for (guint i = 0; i < defs->len; i++) {
		struct host_bond_def *d = g_ptr_array_index(defs, i);
		struct bond *b = world_find_bond(h, d->name);
		uint32_t ip;
		int prefix;

		if (!d->ipaddr || host_find_if(h->host, d->name))
			continue;
		/* IPADDR has no "/N": the prefix came from PREFIX, NETMASK or the
		 * class, as ifup computes it */
		if (!scn_parse_ipv4_prefix(L, d->line, d->ipaddr, d->prefix, &ip, &prefix, error))
			goto out;
		char *what = g_strdup_printf("IPADDR=%s (prefix %d)", d->ipaddr, prefix);
		gboolean checked = scn_check_host_address(L, d->line, what, ip, prefix, error);

		g_free(what);
		if (!checked || !scn_address_free(L, d->line, h, &b->dev, ip, error))
			goto out;
		host_add_if(h->host, &b->dev, ip, prefix);
	}
	if (!scn_conf_vlan_addresses(L, confs, h, error) || !scn_load_host_routes(L, s, h, error) ||
	    !scn_load_host_tcp(L, s, h, error))
		goto out;
	ok = TRUE;
out:
	if (confs)
		bond_conf_set_free(confs);
	g_ptr_array_free(defs, TRUE);
	return ok;
}

/*
 * primary=eth2 on a bond without an eth2: the kernel keeps the name, in
 * case eth2 is enslaved later, and prefers no slave meanwhile.  It says so
 * only at debug level, once the slaves are in (bond_option_primary_set(),
 * reached by the sysfs write ifup-eth does after enslaving); a module
 * parameter gets no word at all.  The log shows the kernel's line, stderr
 * the reason, since a typo here silently turns the preference off.
 */
void scn_check_primaries(struct loader *L)
{
	for (guint i = 0; i < L->primaries->len; i++) {
		const struct pending_primary *pp = &g_array_index(L->primaries, struct pending_primary, i);
		const struct bond *b = pp->bond;
		GString *names;

		if (b->primary)
			continue;
		names = g_string_new(NULL);
		for (guint k = 0; k < b->slaves->len; k++)
			g_string_append_printf(names, "%s%s", k ? ", " : "",
					       bond_slave(b, k)->dev->name);
		sim_log_printf(host_log(pp->h->host), 0,
			       "%s: Recording %s as primary, but it has not been enslaved yet",
			       b->dev.name, b->params.primary);
		scn_warn(L, pp->file, pp->line,
			 "%s: primary=%s is not a slave of %s (slaves: %s); the kernel keeps the name "
			 "for a later enslave and prefers no slave meanwhile", b->dev.name,
			 b->params.primary, b->dev.name, names->len ? names->str : "none");
		g_string_free(names, TRUE);
	}
}
