/*
 * bond_config.c - the configuration set, its bonds, and the boot that makes them.
 *
 * DOC: The parsers keep what the files say, with the file and line of every
 * word, and check what can be checked on the spot (option names and integer
 * syntax), so a typo is reported where it was typed.  The files split by job:
 *   bond_config.c           the set, its bonds, warnings, bond_conf_finalize()
 *   bond_config_modprobe.c  modprobe.d lines
 *   bond_config_modprobe_boot.c  "modprobe NAME" at boot: module loads
 *   bond_config_modprobe_priv.h  what the two modprobe files share
 *   bond_config_ifcfg.c     ifcfg files, and the ifup of masters and slaves
 *   bond_config_networkd.c  systemd-networkd .netdev and .network files
 *   bond_config_networkd_boot.c  the bonds those files make
 *   bond_config_networkd_priv.h  what the two networkd files share
 *   bond_config_link.c      udev's .link files: which NIC, its speed and duplex
 *   bond_config_nm.c        NetworkManager keyfiles
 *   bond_config_netplan.c   netplan YAML, read into netplan's definitions and checked
 *   bond_config_netplan_render.c  those definitions, turned into networkd files
 *                           or NetworkManager keyfiles as netplan does
 *   bond_config_netplan_priv.h  what the two netplan files share
 *   bond_config_ifupdown.c  /etc/network/interfaces with ifenslave's bond-* options
 *   bond_config_tool.c      the bonds those three tools create, option by option
 *   bond_config_priv.h      what they share
 *
 * bond_conf_finalize() then replays a RHEL-style boot, because which bonds
 * exist and with which options depends on the order things happen in, not
 * only on the text:
 *
 *  - "modprobe NAME" runs NAME's install line if there is one; otherwise it
 *    resolves the alias and, unless the module is already loaded, loads it
 *    with the options lines of the module and of the alias, in file order.
 *    A loaded module ignores later modprobes, which is why a second
 *    "options bond1 ..." without -o or install never takes effect.
 *  - A module load runs bond_params_finalize() (bond_check_params()) and
 *    creates max_bonds devices, each taking the first free name bond0,
 *    bond1 ... so "-o bond1" creates bond1 only if bond0 already exists.
 *  - With ifcfg files, network-scripts bring interfaces up sorted by name
 *    (letters, then number: bond0 < bond1 < eth0 < eth10).  A bond master
 *    is created if missing (alias, or modprobe bonding plus bonding_masters
 *    with the module's parameters), gets BONDING_OPTS through sysfs
 *    (bond_params_apply()), then enslaves the ifcfg files naming it as
 *    MASTER, in the shell's glob order (eth10 before eth2).
 *  - Without ifcfg files, every alias or install line of the bonding module
 *    is modprobed in the same name order, as a user loading them would
 *    (unless a tool below creates the bonds: then the module makes none).
 *  - Last, the bonds of ifupdown, networkd (.netdev in file name order) and
 *    NetworkManager.  The first loads the module if nothing has, with
 *    modprobe.d's options and then systemd's max_bonds=0 (no bond of its
 *    own).  Each is created with the module's parameters (NetworkManager's
 *    with the kernel's: it sends every option it knows), given the options
 *    the tool hands the kernel (mode and miimon first, primary last), then
 *    its slaves and its address.
 *
 * Kernel log lines are kept as "file:line: <module>: <text>" and sysfs
 * refusals as "file:line: bondN: <text>", at the line that caused them, in
 * their own list: the host's kernel log gets them, its configuration notes
 * get the warnings.
 */
#include "bond_config_priv.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK(bond-conf-error-quark, bond_conf_error)

/* ------------------------------------------------------------------------ */
/* The set and its bonds.                                                    */

static void bond_conf_free_one(gpointer data)
{
	struct bond_conf *b = data;

	g_ptr_array_unref(b->slaves);
	g_free(b->ipaddr);
	g_free(b->file);
	if (b->set_at)
		g_hash_table_unref(b->set_at);
	g_free(b);
}

void bond_conf_note_set_at(struct bond_conf *b, const char *opt, const char *file, int line)
{
	const struct bond_opt_desc *d = bond_opt_lookup(opt);

	if (!d)
		return;
	if (!b->set_at)
		b->set_at = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	/* the table's names live as long as the program: no copy of the key */
	g_hash_table_insert(b->set_at, (gpointer)d->name, g_strdup_printf("%s:%d", file, line));
}

const char *bond_conf_set_at(const struct bond_conf *b, const char *opt)
{
	return b->set_at ? g_hash_table_lookup(b->set_at, opt) : NULL;
}

struct bond_conf *bond_conf_new_plain(struct bond_conf_set *s, const char *name,
				      const char *file, int line)
{
	struct bond_params p;

	bond_params_init(&p);
	bond_params_finalize(&p, NULL, NULL);
	return bond_conf_new(s, name, &p, file, line);
}

struct bond_conf *bond_conf_new_default(struct bond_conf_set *s, const char *name,
					const char *file, int line)
{
	const struct bond_conf_state *st = s->state;
	const struct bond_conf *from = st->defaults_from;
	struct bond_params p;
	struct bond_conf *b;

	if (st->have_defaults) {
		p = st->defaults;
	} else {
		bond_params_init(&p);
		bond_params_finalize(&p, NULL, NULL);
	}
	b = bond_conf_new(s, name, &p, file, line);
	if (!from && st->default_toks)
		bond_conf_note_module_opts(b, st->default_toks);
	if (from && from->set_at) {
		GHashTableIter it;
		gpointer k, v;

		b->set_at = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
		g_hash_table_iter_init(&it, from->set_at);
		while (g_hash_table_iter_next(&it, &k, &v))
			g_hash_table_insert(b->set_at, k, g_strdup(v));
	}
	return b;
}

struct bond_conf *bond_conf_new(struct bond_conf_set *s, const char *name,
				const struct bond_params *p, const char *file, int line)
{
	struct bond_conf *b = g_new0(struct bond_conf, 1);

	g_strlcpy(b->name, name, sizeof(b->name));
	b->params = *p;
	b->slaves = g_ptr_array_new_with_free_func(g_free);
	b->file = g_strdup(file);
	b->line = line;
	g_ptr_array_add(s->bonds, b);
	return b;
}

static void bond_conf_link_free(gpointer data)
{
	struct bond_conf_link *l = data;

	g_free(l->nic);
	g_free(l->words);
	g_free(l->what);
	g_free(l);
}

static void conf_vlan_free(gpointer p)
{
	struct bond_conf_vlan *v = p;

	g_free(v->link);
	g_free(v->ipaddr);
	g_free(v->file);
	g_free(v);
}

struct bond_conf_vlan *bond_conf_vlan_add(struct bond_conf_set *s, const char *name,
					  const char *link, unsigned id, const char *file, int line)
{
	struct bond_conf_vlan *v;

	for (guint i = 0; i < s->vlans->len; i++)
		if (strcmp(((struct bond_conf_vlan *)g_ptr_array_index(s->vlans, i))->name, name) == 0)
			return NULL;
	v = g_new0(struct bond_conf_vlan, 1);
	g_strlcpy(v->name, name, sizeof(v->name));
	v->link = g_strdup(link);
	v->id = id;
	v->file = g_strdup(file);
	v->line = line;
	g_ptr_array_add(s->vlans, v);
	return v;
}

struct bond_conf_set *bond_conf_set_new(void)
{
	struct bond_conf_set *s = g_new0(struct bond_conf_set, 1);
	struct bond_conf_state *st = g_new0(struct bond_conf_state, 1);

	s->bonds = g_ptr_array_new_with_free_func(bond_conf_free_one);
	s->vlans = g_ptr_array_new_with_free_func(conf_vlan_free);
	s->warnings = g_ptr_array_new_with_free_func(g_free);
	s->kernel = g_ptr_array_new_with_free_func(g_free);
	s->repeated = g_ptr_array_new_with_free_func(g_free);
	s->links = g_ptr_array_new_with_free_func(bond_conf_link_free);
	st->files = g_ptr_array_new_with_free_func(g_free);
	st->mp = g_ptr_array_new_with_free_func(bond_conf_mp_dir_free);
	st->ifcfgs = g_ptr_array_new_with_free_func(bond_conf_ifcfg_free);
	st->tools = g_ptr_array_new_with_free_func(bond_conf_tool_bond_free);
	st->networkd = g_ptr_array_new_with_free_func(bond_conf_networkd_free);
	st->link_files = g_ptr_array_new_with_free_func(bond_conf_networkd_free);
	st->nm = g_ptr_array_new_with_free_func(bond_conf_nm_free);
	st->netplan = g_ptr_array_new_with_free_func(bond_conf_np_def_free);
	st->netplan_nm = -1;
	st->loaded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	s->state = st;
	return s;
}

void bond_conf_set_free(struct bond_conf_set *s)
{
	if (!s)
		return;
	g_ptr_array_unref(s->bonds);
	g_ptr_array_unref(s->vlans);
	g_ptr_array_unref(s->warnings);
	g_ptr_array_unref(s->kernel);
	g_ptr_array_unref(s->repeated);
	g_ptr_array_unref(s->links);
	if (s->state) {
		g_ptr_array_unref(s->state->files);
		g_ptr_array_unref(s->state->mp);
		g_ptr_array_unref(s->state->ifcfgs);
		g_ptr_array_unref(s->state->tools);
		g_ptr_array_unref(s->state->networkd);
		g_ptr_array_unref(s->state->link_files);
		g_ptr_array_unref(s->state->nm);
		g_ptr_array_unref(s->state->netplan);
		g_free(s->state->netplan_nm_file);
		g_hash_table_unref(s->state->loaded);
		if (s->state->default_toks)
			g_ptr_array_unref(s->state->default_toks);
		g_free(s->state);
	}
	g_free(s);
}

/* ------------------------------------------------------------------------ */
/* Helpers.                                                                  */

static void add_located(GPtrArray *to, const char *file, int line, const char *fmt, va_list ap)
	G_GNUC_PRINTF(4, 0);

static void add_located(GPtrArray *to, const char *file, int line, const char *fmt, va_list ap)
{
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);

	g_ptr_array_add(to, g_strdup_printf("%s:%d: %s", file, line, msg));
}

void bond_conf_warn(struct bond_conf_set *s, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_located(s->warnings, file, line, fmt, ap);
	va_end(ap);
}

void bond_conf_kernel(struct bond_conf_set *s, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_located(s->kernel, file, line, fmt, ap);
	va_end(ap);
}

const char *bond_conf_keep_file(struct bond_conf_state *st, const char *file)
{
	for (guint i = 0; i < st->files->len; i++)
		if (!strcmp(st->files->pdata[i], file))
			return st->files->pdata[i];
	g_ptr_array_add(st->files, g_strdup(file));
	return st->files->pdata[st->files->len - 1];
}

gboolean bond_conf_parse_addr(const char *text, int no_prefix, char **ip, int *prefix)
{
	g_auto(GStrv) parts = g_strsplit(text, "/", 2);
	struct in_addr a;
	char *end;
	long n = no_prefix;

	if (!parts[0] || inet_pton(AF_INET, parts[0], &a) != 1)
		return FALSE;
	if (parts[1]) {
		n = strtol(parts[1], &end, 10);
		if (!*parts[1] || *end || n < 0 || n > 32)
			return FALSE;
	}
	*ip = g_strdup(parts[0]);
	*prefix = (int)n;
	return TRUE;
}

struct bond_conf *bond_conf_find(const struct bond_conf_set *s, const char *name)
{
	for (guint i = 0; i < s->bonds->len; i++) {
		struct bond_conf *b = s->bonds->pdata[i];

		if (!strcmp(b->name, name))
			return b;
	}
	return NULL;
}

const struct bond_conf_link *bond_conf_link_find(const struct bond_conf_set *s, const char *nic)
{
	for (guint i = 0; i < s->links->len; i++) {
		const struct bond_conf_link *l = s->links->pdata[i];

		if (!strcmp(l->nic, nic))
			return l;
	}
	return NULL;
}

gboolean bond_conf_link_add(struct bond_conf_set *s, const char *nic, const char *words,
			    const char *what, const char *file, int line, GError **error)
{
	struct autoneg_cfg an = { 0 };
	GError *why = NULL;

	/* a NIC set twice is said before a bad value (bond_conf_link_add_cfg()) */
	if (!bond_conf_link_find(s, nic) && !autoneg_parse_ethtool(words, &an, &why)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX, "%s:%d: %s: %s: %s",
			    file, line, nic, what, why->message);
		g_error_free(why);
		return FALSE;
	}
	return bond_conf_link_add_cfg(s, nic, &an, words, what, file, line, error);
}

gboolean bond_conf_link_add_cfg(struct bond_conf_set *s, const char *nic,
				const struct autoneg_cfg *an, const char *words, const char *what,
				const char *file, int line, GError **error)
{
	const struct bond_conf_link *o = bond_conf_link_find(s, nic);

	if (o) {
		/* two tools (or two files) setting one PHY: which wins is boot order */
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: %s: %s sets %s's speed and duplex again (first at %s:%d: %s): "
			    "set them in one place", file, line, nic, what, nic, o->file, o->line,
			    o->words);
		return FALSE;
	}
	struct bond_conf_link *l = g_new0(struct bond_conf_link, 1);

	l->nic = g_strdup(nic);
	l->an = *an;
	l->words = g_strdup(words);
	l->what = g_strdup(what);
	l->file = bond_conf_keep_file(s->state, file);
	l->line = line;
	g_ptr_array_add(s->links, l);
	return TRUE;
}

/*
 * The network service's order: the name split before its first digit,
 * letters compared as text, the rest as a number (sort -k 1,1 -k 2n).
 */
int bond_conf_netscripts_cmp(const char *a, const char *b)
{
	size_t la = strcspn(a, "0123456789"), lb = strcspn(b, "0123456789");
	int c = strncmp(a, b, MIN(la, lb));

	if (c)
		return c;
	if (la != lb)
		return la < lb ? -1 : 1;
	double na = strtod(a + la, NULL), nb = strtod(b + lb, NULL);

	if (na != nb)
		return na < nb ? -1 : 1;
	return strcmp(a, b);
}

const char *const bond_conf_formats[] = { "modprobe", "ifcfg", "networkd", "nm", "interfaces",
	"netplan", NULL };

gboolean bond_conf_parse_format(struct bond_conf_set *s, const char *format, const char *name,
				const char *text, const char *file, int first_line,
				GError **error)
{
	if (!strcmp(format, "modprobe"))
		return bond_conf_parse_modprobe(s, text, file, first_line, error);
	if (!strcmp(format, "ifcfg"))
		return bond_conf_parse_ifcfg(s, name, text, file, first_line, error);
	if (!strcmp(format, "networkd"))
		return bond_conf_parse_networkd(s, name, text, file, first_line, error);
	if (!strcmp(format, "nm"))
		return bond_conf_parse_nm(s, name, text, file, first_line, error);
	if (!strcmp(format, "interfaces"))
		return bond_conf_parse_interfaces(s, text, file, first_line, error);
	if (!strcmp(format, "netplan"))
		return bond_conf_parse_netplan(s, name, text, file, first_line, error);
	g_autofree char *list = g_strjoinv(", ", (char **)bond_conf_formats);

	g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
		    "unknown format '%s': write one of %s", format, list);
	return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Boot.                                                                     */

gboolean bond_conf_finalize(struct bond_conf_set *s, GError **error)
{
	struct bond_conf_state *st = s->state;
	g_autoptr(GPtrArray) masters = g_ptr_array_new();
	g_autoptr(GPtrArray) slaves = g_ptr_array_new();

	if (st->finalized) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_STATE,
			    "bond_conf_finalize() was already called");
		return FALSE;
	}
	st->finalized = TRUE;

	if (!bond_conf_ifcfg_roles(s, masters, slaves, error))
		return FALSE;
	if (!masters->len && !st->tools->len && !st->networkd->len &&
	    !st->nm->len && !st->netplan->len) {
		if (!bond_conf_boot_modprobe(s, error))
			return FALSE;
	}
	if (!bond_conf_boot_ifcfg(s, masters, slaves, error))
		return FALSE;
	/* then the bonds networkd and ifupdown create, after the module's own;
	 * netplan's run before, as files for networkd */
	if (!bond_conf_netplan_render(s, error) || !bond_conf_networkd_bonds(s, error) || !bond_conf_nm_bonds(s, error) ||
	    !bond_conf_boot_tools(s, error))
		return FALSE;

	for (guint i = 0; i < s->bonds->len; i++) {
		const struct bond_conf *b = s->bonds->pdata[i];
		gboolean found = FALSE;

		if (!b->slaves->len)
			bond_conf_warn(s, b->file, b->line, "%s has no slaves", b->name);
		if (!b->params.primary[0])
			continue;
		for (guint k = 0; k < b->slaves->len; k++)
			found |= !strcmp(b->slaves->pdata[k], b->params.primary);
		if (!found && b->slaves->len)
			bond_conf_warn(s, b->file, b->line, "%s: primary %s is not one of its "
				       "slaves; the kernel keeps the name and waits for it",
				       b->name, b->params.primary);
	}
	return bond_conf_vlans_check(s, error);
}
