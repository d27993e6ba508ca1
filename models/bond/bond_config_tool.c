/*
 * bond_config_tool.c - bonds that a network tool creates: what networkd and ifupdown share.
 *
 * DOC: systemd-networkd and ifupdown (with ifenslave) do not leave the
 * bond to the module's parameters: they create it themselves and hand the
 * kernel one option at a time.  Their parsers (bond_config_networkd.c,
 * bond_config_ifupdown.c) translate their own names, units and defaults into
 * kernel option words (struct tool_opt, each with the line that gave it)
 * and record one struct tool_bond per bond; the boot below then creates
 * each bond with the module's parameters, applies the words through the
 * options table as sysfs writes (mode and miimon first, primary last, as
 * bond_params_apply() orders them), enslaves its slaves and sets its
 * address.  Errors and kernel messages point at the line of the word.
 * The key-file reader that networkd's files and NetworkManager's keyfiles
 * share (bond_conf_keyfile_read(): lines into struct keyfile_entry, each
 * format checking its own) lives here too.
 */
#include "bond_config_priv.h"

#include <string.h>

static void tool_opt_free(gpointer data)
{
	struct tool_opt *o = data;

	g_free(o->name);
	g_free(o->value);
	g_free(o);
}

static void tool_slave_free(gpointer data)
{
	struct tool_slave *sl = data;

	g_free(sl->dev);
	g_free(sl);
}

void bond_conf_tool_bond_free(gpointer data)
{
	struct tool_bond *b = data;

	g_ptr_array_unref(b->opts);
	g_ptr_array_unref(b->slaves);
	g_free(b->ipaddr);
	g_free(b);
}

struct tool_bond *bond_conf_tool_bond(struct bond_conf_state *st, const char *tool,
				      const char *name, const char *file, int line)
{
	struct tool_bond *b;

	for (guint i = 0; i < st->tools->len; i++) {
		b = st->tools->pdata[i];
		if (!strcmp(b->name, name))
			return b;
	}
	b = g_new0(struct tool_bond, 1);
	g_strlcpy(b->name, name, sizeof(b->name));
	b->tool = tool;
	b->file = file;
	b->line = line;
	b->opts = g_ptr_array_new_with_free_func(tool_opt_free);
	b->slaves = g_ptr_array_new_with_free_func(tool_slave_free);
	g_ptr_array_add(st->tools, b);
	return b;
}

void bond_conf_tool_opt(struct tool_bond *b, const char *name, const char *value,
			const char *file, int line)
{
	struct tool_opt *o = g_new0(struct tool_opt, 1);

	o->name = g_strdup(name);
	o->value = g_strdup(value);
	o->file = file;
	o->line = line;
	g_ptr_array_add(b->opts, o);
}

void bond_conf_tool_slave(struct tool_bond *b, const char *dev, const char *file, int line)
{
	struct tool_slave *sl = g_new0(struct tool_slave, 1);

	sl->dev = g_strdup(dev);
	sl->file = file;
	sl->line = line;
	g_ptr_array_add(b->slaves, sl);
}

/* Check one kernel option word now, so a bad value is reported where it was typed. */
gboolean bond_conf_tool_check(const char *name, const char *value, const char *file, int line,
			      GError **error)
{
	struct bond_params p;

	bond_params_init(&p);
	bond_params_finalize(&p, NULL, NULL);
	/* names, numbers and ranges only: what the mode allows is for the boot */
	if (!bond_opt_set(&p, name, value, error)) {
		g_prefix_error(error, "%s:%d: ", file, line);
		return FALSE;
	}
	return TRUE;
}

static int opt_rank(const struct tool_bond *b, const struct tool_opt *o)
{
	if (b->in_order)
		return 0;	/* the tool's own order, as it writes them */
	if (!strcmp(o->name, "mode"))
		return 0;
	if (!strcmp(o->name, "miimon"))
		return 1;
	if (!strcmp(o->name, "primary"))
		return 3;
	return 2;
}

static const struct tool_opt *tool_opt_find(const struct tool_bond *b, const char *name)
{
	for (guint i = 0; i < b->opts->len; i++) {
		const struct tool_opt *o = b->opts->pdata[i];

		if (!strcmp(o->name, name))
			return o;
	}
	return NULL;
}

static gboolean opt_is_off(const struct tool_opt *o)
{
	return !o || !strcmp(o->value, "0") || !strcmp(o->value, "none");
}

/*
 * What bond_changelink() refuses in one message before it sets anything:
 * a non-zero IFLA_BOND_MIIMON beside a non-zero ARP interval or ARP
 * validation (over sysfs, the later write would just switch the other off).
 */
static gboolean netlink_conflicts(const struct bond_conf *c, const struct tool_bond *b,
				  GError **error)
{
	static const struct {
		const char *opt, *kernel;
	} arp[] = {
		{ "arp_interval", "ARP monitoring cannot be used with MII monitoring" },
		{ "arp_validate", "ARP validating cannot be used with MII monitoring" },
	};
	const struct tool_opt *mii = tool_opt_find(b, "miimon");

	if (opt_is_off(mii))
		return TRUE;
	for (size_t i = 0; i < G_N_ELEMENTS(arp); i++) {
		const struct tool_opt *o = tool_opt_find(b, arp[i].opt);

		if (opt_is_off(o))
			continue;
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_DEPEND,
			    "%s:%d: %s: %s=%s with miimon=%s (line %d) in one netlink request: "
			    "the kernel refuses it ('%s', EINVAL), so %s's request to create the "
			    "bond fails and there is no %s; keep one monitor, MII or ARP",
			    o->file, o->line, c->name, o->name, o->value, mii->value, mii->line,
			    arp[i].kernel, b->tool, c->name);
		return FALSE;
	}
	return TRUE;
}

static gboolean apply_opts(struct bond_conf_set *s, struct bond_conf *c,
			   const struct tool_bond *b, GError **error)
{
	if (b->netlink && !netlink_conflicts(c, b, error))
		return FALSE;
	for (int rank = 0; rank <= 3; rank++) {
		for (guint i = 0; i < b->opts->len; i++) {
			const struct tool_opt *o = b->opts->pdata[i];
			g_autofree char *word = NULL;
			g_autoptr(GPtrArray) log = NULL;
			gboolean ok;

			if (opt_rank(b, o) != rank)
				continue;
			/*
			 * rtnetlink's bond_changelink() stops at the first option the
			 * mode refuses, and the new bond is deleted with it (primary,
			 * from PrimarySlave=, is a later request of its own)
			 */
			const struct bond_opt_desc *d = bond_opt_lookup(o->name);

			if (b->netlink && rank < 3 && d && (d->unsupp & BOND_MODE_BIT(c->params.mode))) {
				g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_MODE,
					    "%s:%d: %s: the kernel refuses %s in mode %s, so %s's "
					    "request to create the bond fails and there is no %s",
					    o->file, o->line, c->name, o->name,
					    bond_mode_name(c->params.mode), b->tool, c->name);
				return FALSE;
			}
			log = g_ptr_array_new_with_free_func(g_free);
			/* NetworkManager sets what has no sysfs file through netlink */
			if (d && (d->flags & BOND_OPT_F_NETLINK)) {
				ok = bond_opt_netlink_store(&c->params, o->name, o->value, log, error);
			} else {
				word = g_strdup_printf("%s=%s", o->name, o->value);
				ok = bond_params_apply(&c->params, word, log, error);
			}
			for (guint k = 0; k < log->len; k++)
				bond_conf_kernel(s, o->file, o->line, "%s: %s", c->name,
						 (const char *)log->pdata[k]);
			if (!ok) {
				g_prefix_error(error, "%s:%d: %s: ", o->file, o->line, c->name);
				return FALSE;
			}
		}
	}
	return TRUE;
}

static const struct bond_conf *slave_of(const struct bond_conf_set *s, const char *dev)
{
	for (guint i = 0; i < s->bonds->len; i++) {
		const struct bond_conf *b = s->bonds->pdata[i];

		for (guint k = 0; k < b->slaves->len; k++)
			if (!strcmp(b->slaves->pdata[k], dev))
				return b;
	}
	return NULL;
}

/*
 * Option @i of @b is given again further on in the same file: GKeyFile
 * (NetworkManager) keeps the last value of a key without a word, and two
 * stanzas of one ifupdown interface (inet, inet6) each run ifenslave's
 * hook, the later writing last; so the first is not handed to the kernel,
 * and a warning says so, once, at the first.  (A line given twice inside
 * one stanza, where the first counts, and networkd's keys are warned about
 * by their readers.)  The address lists are lists: each line adds to them;
 * writes from several files (PrimarySlave= in two .network files) are each
 * handed over.  A tool that writes in its own order (ifenslave's hooks, one
 * run per stanza brought up) hands over every write, and a later write of
 * the same value is no news.
 */
static bool given_again(struct bond_conf_set *s, const struct tool_bond *b, guint i)
{
	const struct tool_opt *o = b->opts->pdata[i];

	if (!strcmp(o->name, "arp_ip_target") || !strcmp(o->name, "ns_ip6_target"))
		return false;
	for (guint k = i + 1; k < b->opts->len; k++) {
		const struct tool_opt *later = b->opts->pdata[k];

		/* two lines of one file: the same key twice, not two files' writes */
		if (!strcmp(later->name, o->name) && !g_strcmp0(later->file, o->file) &&
		    later->line != o->line && !(b->in_order && !strcmp(later->value, o->value))) {
			bond_conf_warn(s, o->file, o->line, "%s: %s given again at %s:%d (%s=%s): "
				       "the last one is what the kernel gets", b->name, o->name,
				       later->file, later->line, o->name, later->value);
			return true;
		}
	}
	return false;
}

static gboolean bring_up(struct bond_conf_set *s, const struct tool_bond *b, GError **error)
{
	struct bond_conf *c = bond_conf_find(s, b->name);

	if (c && b->fresh_only) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: %s already exists (made at %s:%d); %s would leave it as it is: "
			    "configure each bond in one place", b->file, b->line, b->name,
			    c->file, c->line, b->tool);
		return FALSE;
	}
	if (!c && !bond_conf_modprobe_for_tool(s, b->file, b->line, error))
		return FALSE;
	c = bond_conf_find(s, b->name);
	if (!c) {
		/* rtnl_newlink / bonding_masters: a new bond takes the module's parameters */
		c = b->own_defaults ? bond_conf_new_plain(s, b->name, b->file, b->line)
				    : bond_conf_new_default(s, b->name, b->file, b->line);
	} else {
		g_free(c->file);
		c->file = g_strdup(b->file);
		c->line = b->line;
	}
	if (!apply_opts(s, c, b, error))
		return FALSE;
	/* what the tool handed the kernel, as one options line, for the host's log */
	g_autoptr(GString) line = g_string_new(NULL);

	for (int rank = 0; rank <= 3; rank++)
		for (guint i = 0; i < b->opts->len; i++) {
			const struct tool_opt *o = b->opts->pdata[i];

			if (opt_rank(b, o) == rank && (!given_again(s, b, i) || b->in_order))
				g_string_append_printf(line, " %s=%s", o->name, o->value);
		}
	bond_conf_warn(s, b->file, b->line, "%s: %s hands the kernel:%s", c->name, b->tool,
		       line->len ? line->str : " nothing (the module's parameters stay)");
	for (guint i = 0; i < b->slaves->len; i++) {
		const struct tool_slave *sl = b->slaves->pdata[i];
		const struct bond_conf *other;

		if (bond_conf_find(s, sl->dev)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
				    "%s:%d: %s is a bond; it cannot be a slave of %s",
				    sl->file, sl->line, sl->dev, c->name);
			return FALSE;
		}
		other = slave_of(s, sl->dev);
		if (other) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
				    "%s:%d: %s is already a slave of %s: a NIC is a slave of one "
				    "bond only", sl->file, sl->line, sl->dev, other->name);
			return FALSE;
		}
		g_ptr_array_add(c->slaves, g_strdup(sl->dev));
	}
	if (b->ipaddr) {
		g_free(c->ipaddr);
		c->ipaddr = g_strdup(b->ipaddr);
		c->prefix = b->prefix;
	}
	return TRUE;
}

gboolean bond_conf_boot_tools(struct bond_conf_set *s, GError **error)
{
	struct bond_conf_state *st = s->state;

	for (guint i = 0; i < st->tools->len; i++) {
		const struct tool_bond *b = st->tools->pdata[i];

		if (b->down) {
			bond_conf_warn(s, b->file, b->line, "%s: %s", b->name, b->down);
			continue;
		}
		if (!bring_up(s, b, error))
			return FALSE;
	}
	return TRUE;
}

enum keyfile_line bond_conf_keyfile_line(char *l, bool semicolon, char **section, char **key,
					 char **value, const char *file, int line,
					 const char *header, const char *pair,
					 const char *example, GError **error)
{
	char *eq;

	if (!*l || *l == '#' || (semicolon && *l == ';'))
		return KEYFILE_SKIP;
	if (*l == '[') {
		size_t n = strlen(l);

		if (n < 3 || l[n - 1] != ']') {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: '%s' is not a section header: write e.g. %s", file, line,
				    l, header);
			return KEYFILE_ERROR;
		}
		g_free(*section);
		*section = g_strndup(l + 1, n - 2);
		return KEYFILE_SECTION;
	}
	eq = strchr(l, '=');
	if (!eq || eq == l || !*section) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: '%s' is not %s: write e.g. %s", file, line, l,
			    *section ? pair : "inside a section", example);
		return KEYFILE_ERROR;
	}
	*eq = '\0';
	*key = g_strstrip(l);
	*value = g_strstrip(eq + 1);
	return KEYFILE_ENTRY;
}

struct keyfile_entry *bond_conf_keyfile_entry_new(const char *section, const char *key,
						  const char *value, int line)
{
	struct keyfile_entry *e = g_new0(struct keyfile_entry, 1);

	e->section = g_strdup(section);
	e->key = g_strdup(key);
	e->value = g_strdup(value);
	e->line = line;
	return e;
}

void bond_conf_keyfile_entry_free(gpointer data)
{
	struct keyfile_entry *e = data;

	g_free(e->section);
	g_free(e->key);
	g_free(e->value);
	g_free(e);
}

gboolean bond_conf_keyfile_read(const char *text, int first_line, const char *file,
				bool semicolon, const char *header, const char *pair,
				const char *example, GPtrArray *entries, keyfile_check_fn check,
				void *data, GError **error)
{
	g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
	g_autofree char *section = NULL;

	for (int i = 0; lines[i]; i++) {
		char *l = g_strstrip(lines[i]);
		int line = first_line + i;
		char *key, *value;

		switch (bond_conf_keyfile_line(l, semicolon, &section, &key, &value, file, line,
					       header, pair, example, error)) {
		case KEYFILE_ERROR:
			return FALSE;
		case KEYFILE_SKIP:
		case KEYFILE_SECTION:
			continue;
		case KEYFILE_ENTRY:
			break;
		}
		struct keyfile_entry *e = bond_conf_keyfile_entry_new(section, key, value, line);

		g_ptr_array_add(entries, e);
		if (!check(e, data, error))
			return FALSE;
	}
	return TRUE;
}

const char *bond_conf_origin(const struct bond_conf_set *s, const char *bond, const char *opt,
			     int *line, const char **tool)
{
	const struct bond_conf_state *st = s->state;

	for (guint i = 0; i < st->tools->len; i++) {
		const struct tool_bond *b = st->tools->pdata[i];
		const struct tool_opt *hit = NULL;

		if (strcmp(b->name, bond) || b->down)
			continue;
		if (tool)
			*tool = b->tool;
		for (guint k = 0; opt && k < b->opts->len; k++) {
			const struct tool_opt *o = b->opts->pdata[k];

			if (!strcmp(o->name, opt))
				hit = o;	/* the last write is the one that stays */
		}
		if (!hit)
			return NULL;
		*line = hit->line;
		return hit->file;
	}
	return NULL;
}
