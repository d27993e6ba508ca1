/*
 * bond_config_modprobe_boot.c - "modprobe NAME" at boot: the module loads
 * and the bonds they make.
 *
 * DOC: At boot, bond_conf_modprobe() does what kmod does: NAME's install line if
 * there is one, else the alias is resolved and, unless that module instance
 * ("-o NAME") is already loaded, loaded with the options lines of the module
 * and of the alias in file order.  A load runs bond_params_finalize() and
 * creates max_bonds devices, each taking the first free name bond0, bond1 ...
 * Without ifcfg bond masters, bond_conf_boot_modprobe() modprobes every alias
 * or install line of the bonding module, in the network service's order.
 */
#include "bond_config_priv.h"
#include "bond_config_modprobe_priv.h"

#include <string.h>

/* Bonds a single module load may create; max_bonds beyond this is refused. */
#define MAX_BONDS_MODELLED 1024

/* ------------------------------------------------------------------------ */
/* Boot: module loads.                                                       */

/*
 * The first free "bondN" from *@from on (dev_alloc_name()); *@from moves
 * past it, so a load of max_bonds devices scans the names once, not once
 * per device (1024 bonds would otherwise cost a billion comparisons).
 */
static void free_bond_name(const struct bond_conf_set *s, int *from, char name[BOND_IFNAMSIZ])
{
	for (int n = *from;; n++) {
		g_snprintf(name, BOND_IFNAMSIZ, "bond%d", n);
		if (!bond_conf_find(s, name)) {
			*from = n + 1;
			return;
		}
	}
}

/* The word that set option id, for pointing an error at it. */
static const struct conf_token *token_for(GPtrArray *toks, int id)
{
	const struct conf_token *hit = NULL;

	for (guint i = 0; id >= 0 && i < toks->len; i++) {
		const struct conf_token *t = toks->pdata[i];
		g_autofree char *name = mp_unquote(t->text);
		char *eq = strchr(name, '=');
		const struct bond_opt_desc *d;

		if (eq)
			*eq = '\0';
		d = bond_opt_lookup(name);
		if (d && (int)d->id == id)
			hit = t;
	}
	return hit;
}

/*
 * unknown_module_param_cb()'s line, at the word; for a name that is no
 * bonding option at all, bondsim's guess at what was meant.
 */
static void warn_unknown(struct bond_conf_set *s, const char *inst, const char *name,
			 const struct conf_token *t)
{
	const char *near = bond_opt_lookup(name) ? NULL : bond_opt_nearest(name);

	bond_conf_kernel(s, t->file, t->line, "%s: unknown parameter '%s' ignored", inst, name);
	if (near)
		bond_conf_warn(s, t->file, t->line, "'%s' is no bonding parameter: did you mean "
			       "'%s'?", name, near);
}

static gboolean load_instance(struct bond_conf_set *s, const char *inst, GPtrArray *toks,
			      const char *why_file, int why_line, const char *requested,
			      GError **error)
{
	struct bond_conf_state *st = s->state;
	struct bond_params p;
	g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func(g_free);
	GError *err = NULL;
	const char *wfile = why_file;
	int wline = why_line;

	bond_params_init(&p);
	for (guint i = 0; i < toks->len; i++) {
		const struct conf_token *t = toks->pdata[i];
		g_autoptr(GPtrArray) ignored = g_ptr_array_new_with_free_func(g_free);

		if (!bond_params_parse_module(&p, t->text, ignored, error)) {
			g_prefix_error(error, "%s:%d: ", t->file, t->line);
			return FALSE;
		}
		for (guint k = 0; k < ignored->len; k++)
			warn_unknown(s, inst, ignored->pdata[k], t);
	}
	if (st->systemd_conf) {
		const struct conf_token *t = token_for(toks, BOND_OPT_MAX_BONDS);

		if (t && p.max_bonds)
			bond_conf_warn(s, t->file, t->line, "%s: max_bonds=%d is overridden by "
				       "systemd's /usr/lib/modprobe.d/systemd.conf (options bonding "
				       "max_bonds=0), read after a bonding.conf: the module makes no "
				       "bond, the tool makes its own", inst, p.max_bonds);
	}
	/* The options of every line this load gathered, in order: the last one wins. */
	struct bond_param_repeats rep;
	g_autoptr(GPtrArray) msgs = g_ptr_array_new_with_free_func(g_free);

	bond_param_repeats_init(&rep);
	for (guint i = 0; i < toks->len; i++) {
		const struct conf_token *t = toks->pdata[i];

		g_ptr_array_set_size(msgs, 0);
		bond_param_repeats_add(&rep, t->text, t->file, t->line, msgs);
		for (guint k = 0; k < msgs->len; k++)
			g_ptr_array_add(s->repeated, g_strdup_printf("%s:%d: %s: %s", t->file, t->line,
								     inst, (char *)msgs->pdata[k]));
	}
	bond_param_repeats_fini(&rep);
	if (toks->len) {
		wfile = ((const struct conf_token *)toks->pdata[0])->file;
		wline = ((const struct conf_token *)toks->pdata[0])->line;
	}
	gboolean ok = bond_params_finalize(&p, log, &err);

	for (guint i = 0; i < log->len; i++)
		/* bond_main.c has no pr_fmt: bond_check_params() prints no module name */
		bond_conf_kernel(s, wfile, wline, "%s", (const char *)log->pdata[i]);
	if (!ok) {
		const struct conf_token *t = token_for(toks, p.failed_opt);

		g_propagate_prefixed_error(error, err, "%s:%d: ", t ? t->file : wfile,
					   t ? t->line : wline);
		return FALSE;
	}
	/* the parameter stays the user's: it is no option of the bonds a tool makes */
	int made = st->systemd_conf ? 0 : p.max_bonds;

	if (made > MAX_BONDS_MODELLED) {
		const struct conf_token *t = token_for(toks, BOND_OPT_MAX_BONDS);

		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_RANGE,
			    "%s:%d: option max_bonds: %d bonds; bondsim models at most %d",
			    t ? t->file : wfile, t ? t->line : wline, p.max_bonds,
			    MAX_BONDS_MODELLED);
		return FALSE;
	}
	g_hash_table_add(st->loaded, g_strdup(inst));
	if (!st->have_defaults || !strcmp(inst, "bonding")) {
		st->defaults = p;
		st->have_defaults = TRUE;
		if (!made) {
			if (!st->default_toks)
				st->default_toks = g_ptr_array_new();
			g_ptr_array_set_size(st->default_toks, 0);
			for (guint i = 0; i < toks->len; i++)
				g_ptr_array_add(st->default_toks, toks->pdata[i]);
		}
	}
	/*
	 * A load asked for by name (alias, install) defines its bonds there; a
	 * plain "modprobe bonding" from the scripts is better shown at the
	 * options that shaped it.
	 */
	const char *dfile = why_file;
	int dline = why_line;

	if ((!requested || !strcmp(requested, "bonding")) && toks->len) {
		dfile = wfile;
		dline = wline;
	}
	for (int i = 0, from = 0; i < made; i++) {
		char name[BOND_IFNAMSIZ];
		struct bond_conf *b;

		free_bond_name(s, &from, name);
		b = bond_conf_new(s, name, &p, dfile, dline);
		bond_conf_note_module_opts(b, toks);
		if (st->defaults_from == NULL || !strcmp(inst, "bonding"))
			st->defaults_from = b;
	}
	if (requested && strcmp(requested, "bonding") && strcmp(requested, inst) == 0 &&
	    !bond_conf_find(s, requested))
		bond_conf_warn(s, why_file, why_line, "loading the bonding module as '%s' "
			       "did not create a device named %s: new bonds take the first "
			       "free name bond0, bond1 ...", inst, requested);
	return TRUE;
}

/* Options lines of the module and of the alias, in file order; "-o NAME" renames. */
static void collect_options(const struct bond_conf_state *st, const char *alias,
			    GPtrArray *out, const char **inst)
{
	for (guint i = 0; i < st->mp->len; i++) {
		const struct mp_dir *d = st->mp->pdata[i];

		if (d->kind != MP_OPTIONS ||
		    (strcmp(d->name, "bonding") && (!alias || strcmp(d->name, alias))))
			continue;
		for (guint k = 0; k < d->args->len; k++) {
			const struct conf_token *t = d->args->pdata[k];

			if ((!strcmp(t->text, "-o") || !strcmp(t->text, "--name")) &&
			    k + 1 < d->args->len) {
				*inst = ((const struct conf_token *)d->args->pdata[++k])->text;
				continue;
			}
			g_ptr_array_add(out, (gpointer)t);
		}
	}
}

static gboolean alias_has_options(const struct bond_conf_state *st, const char *alias,
				  int *line, const char **file)
{
	for (guint i = 0; i < st->mp->len; i++) {
		const struct mp_dir *d = st->mp->pdata[i];

		if (d->kind == MP_OPTIONS && !strcmp(d->name, alias)) {
			*line = d->line;
			*file = d->file;
			return TRUE;
		}
	}
	return FALSE;
}

static gboolean run_install(struct bond_conf_set *s, const struct mp_dir *rule, GError **error)
{
	struct bond_conf_state *st = s->state;
	int m = mp_install_module_index(rule);
	const char *inst = NULL;
	g_autoptr(GPtrArray) toks = g_ptr_array_new();

	if (m < 0) {
		bond_conf_warn(s, rule->file, rule->line, "install %s runs a command other "
			       "than modprobe; not modelled, nothing is loaded", rule->name);
		return TRUE;
	}
	if (strcmp(((const struct conf_token *)rule->args->pdata[m])->text, "bonding")) {
		bond_conf_warn(s, rule->file, rule->line, "install %s loads module '%s', "
			       "not bonding; ignored", rule->name,
			       ((const struct conf_token *)rule->args->pdata[m])->text);
		return TRUE;
	}
	/* kmod adds the module's own options lines before the command's words. */
	collect_options(st, NULL, toks, &inst);
	inst = NULL;
	for (guint i = 1; i < rule->args->len; i++) {
		const struct conf_token *t = rule->args->pdata[i];

		if (strpbrk(t->text, ";&|")) {
			bond_conf_warn(s, t->file, t->line, "only the first command of an "
				       "install line is modelled; '%s' and what follows "
				       "are ignored", t->text);
			break;
		}
		if (!strcmp(t->text, "-o") || !strcmp(t->text, "--name")) {
			if (i + 1 < rule->args->len)
				inst = ((const struct conf_token *)rule->args->pdata[++i])->text;
			continue;
		}
		if (g_str_has_prefix(t->text, "--name=")) {
			inst = t->text + 7;
			continue;
		}
		if ((int)i <= m || t->text[0] == '-')
			continue;
		g_ptr_array_add(toks, (gpointer)t);
	}
	if (!inst)
		inst = "bonding";
	if (g_hash_table_contains(st->loaded, inst))
		return TRUE;
	return load_instance(s, inst, toks, rule->file, rule->line, rule->name, error);
}

void bond_conf_note_module_opts(struct bond_conf *b, GPtrArray *toks)
{
	for (guint k = 0; k < toks->len; k++) {
		const struct conf_token *t = toks->pdata[k];
		g_autofree char *w = mp_unquote(t->text);
		char *eq = strchr(w, '=');

		if (eq)
			*eq = '\0';
		bond_conf_note_set_at(b, w, t->file, t->line);
	}
}

/* "modprobe NAME" as kmod does it, for NAME = bonding or an alias of it. */
gboolean bond_conf_modprobe(struct bond_conf_set *s, const char *name, const char *file,
			    int line, GError **error)
{
	struct bond_conf_state *st = s->state;
	const struct mp_dir *rule = bond_conf_install_for(st, name);
	const char *module, *inst = "bonding";
	g_autoptr(GPtrArray) toks = g_ptr_array_new();
	int oline;
	const char *ofile;

	if (rule)
		return run_install(s, rule, error);
	module = strcmp(name, "bonding") ? bond_conf_alias_target(st, name) : "bonding";
	if (!module || strcmp(module, "bonding"))
		return TRUE;
	collect_options(st, strcmp(name, "bonding") ? name : NULL, toks, &inst);
	if (g_hash_table_contains(st->loaded, inst)) {
		if (strcmp(name, "bonding") && alias_has_options(st, name, &oline, &ofile))
			bond_conf_warn(s, ofile, oline, "options %s are not used: the "
				       "bonding module is already loaded, so 'modprobe %s' "
				       "does nothing (use max_bonds, an install line with "
				       "-o, or BONDING_OPTS)", name, name);
		return TRUE;
	}
	return load_instance(s, inst, toks, file, line, name, error);
}

static gint netscripts_cmp_str(gconstpointer a, gconstpointer b)
{
	return bond_conf_netscripts_cmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * No ifcfg bond master: modprobe every alias or install name of bonding, in
 * name order, or bonding itself if only options lines mention it.
 */
gboolean bond_conf_boot_modprobe(struct bond_conf_set *s, GError **error)
{
	struct bond_conf_state *st = s->state;
	g_autoptr(GPtrArray) names = g_ptr_array_new();
	gboolean any_options = FALSE;

	for (guint i = 0; i < st->mp->len; i++) {
		const struct mp_dir *d = st->mp->pdata[i];
		gboolean bonding = FALSE;

		if (d->kind == MP_ALIAS)
			bonding = !strcmp(d->target, "bonding") && !strpbrk(d->name, "*?[");
		else if (d->kind == MP_INSTALL)
			bonding = mp_install_loads_bonding(d) && strcmp(d->name, "bonding");
		else if (mp_options_for_bonding(st, d))
			any_options = TRUE;
		if (!bonding)
			continue;
		gboolean seen = FALSE;

		for (guint k = 0; k < names->len; k++)
			seen |= !strcmp(names->pdata[k], d->name);
		if (!seen)
			g_ptr_array_add(names, d->name);
	}
	g_ptr_array_sort(names, netscripts_cmp_str);
	if (!names->len && any_options) {
		for (guint i = 0; i < st->mp->len; i++) {
			const struct mp_dir *d = st->mp->pdata[i];

			if (d->kind == MP_OPTIONS)
				return bond_conf_modprobe(s, "bonding", d->file, d->line, error);
		}
	}
	for (guint i = 0; i < names->len; i++) {
		const char *name = names->pdata[i];
		const struct mp_dir *d = bond_conf_install_for(st, name);
		const char *file = NULL;
		int line = 0;

		for (guint k = 0; !d && k < st->mp->len; k++) {
			const struct mp_dir *a = st->mp->pdata[k];

			if (a->kind == MP_ALIAS && !strcmp(a->name, name))
				d = a;
		}
		file = d->file;
		line = d->line;
		if (!bond_conf_modprobe(s, name, file, line, error))
			return FALSE;
		if (!bond_conf_find(s, name) && g_str_has_prefix(name, "bond"))
			bond_conf_warn(s, file, line, "%s does not exist after 'modprobe %s'",
				       name, name);
	}
	return TRUE;
}

/*
 * What networkd, NetworkManager and ifenslave's hook do before they make a
 * bond: rtnetlink's request_module() (or the hook's "modprobe bonding")
 * loads the module with modprobe.d's options, then systemd's own
 * /usr/lib/modprobe.d/systemd.conf, "options bonding max_bonds=0", which
 * sorts after a bonding.conf.  The load makes no bond; the tool's bonds
 * take the module's parameters for every option the tool does not set.
 */
gboolean bond_conf_modprobe_for_tool(struct bond_conf_set *s, const char *file, int line,
				     GError **error)
{
	struct bond_conf_state *st = s->state;
	gboolean ok;

	if (g_hash_table_contains(st->loaded, "bonding"))
		return TRUE;
	st->systemd_conf = TRUE;
	ok = bond_conf_modprobe(s, "bonding", file, line, error);
	st->systemd_conf = FALSE;
	return ok;
}
