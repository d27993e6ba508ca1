/*
 * bond_config_modprobe.c - modprobe.d files, and "modprobe NAME" at boot.
 *
 * DOC: alias, options and install lines are kept in file order (struct
 * mp_dir), each word with its file and line.  Words split at blanks, double
 * quotes grouping and kept, as modprobe reads them; a backslash at the end
 * of a line continues it.  Options words go to the module as written (the
 * kernel strips the quotes).  An install command is shell: its quotes go,
 * ";", "&" and "|" become words of their own, and only the first command
 * is modelled.  The bonding parameters of an options line (of the module or
 * of an alias of it) and of an install command that loads bonding are
 * checked as soon as the file is parsed, so the error points at the word.
 * A word that is no parameter of the module (a typo, a sysfs-only option,
 * what follows a '#', which modprobe does not take for a comment) is no
 * error: at load it gets the kernel's "bonding: unknown parameter 'X'
 * ignored", at its own line, and the module loads without it.
 *
 * At boot, bond_conf_modprobe() does what kmod does: NAME's install line if
 * there is one, else the alias is resolved and, unless that module instance
 * ("-o NAME") is already loaded, loaded with the options lines of the module
 * and of the alias in file order.  A load runs bond_params_finalize() and
 * creates max_bonds devices, each taking the first free name bond0, bond1 ...
 * Without ifcfg bond masters, bond_conf_boot_modprobe() modprobes every alias
 * or install line of the bonding module, in the network service's order.
 */
#include "bond_config_priv.h"

#include <ctype.h>
#include <fnmatch.h>
#include <string.h>

/* Bonds a single module load may create; max_bonds beyond this is refused. */
#define MAX_BONDS_MODELLED 1024

struct conf_token {
	char *text;
	const char *file;	/* owned by the state's file list */
	int line;
};

enum mp_kind { MP_ALIAS, MP_OPTIONS, MP_INSTALL };

struct mp_dir {
	enum mp_kind kind;
	char *name;		/* alias pattern, options module, install module */
	char *target;		/* alias: module name */
	GPtrArray *args;	/* struct conf_token *: options words or install command */
	const char *file;
	int line;
};

/* ------------------------------------------------------------------------ */
/* Memory.                                                                   */

static void token_free(gpointer data)
{
	struct conf_token *t = data;

	g_free(t->text);
	g_free(t);
}

void bond_conf_mp_dir_free(gpointer data)
{
	struct mp_dir *d = data;

	g_free(d->name);
	g_free(d->target);
	if (d->args)
		g_ptr_array_unref(d->args);
	g_free(d);
}

/* ------------------------------------------------------------------------ */
/* modprobe.d                                                                */

/* Words of one physical line; double quotes group and are kept. */
static void split_words(const char *s, const char *file, int line, GPtrArray *out)
{
	while (*s) {
		GString *w;
		gboolean quoted = FALSE;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		w = g_string_new(NULL);
		for (; *s && (quoted || !isspace((unsigned char)*s)); s++) {
			if (*s == '"')
				quoted = !quoted;
			g_string_append_c(w, *s);
		}
		struct conf_token *t = g_new0(struct conf_token, 1);

		t->text = g_string_free(w, FALSE);
		t->file = file;
		t->line = line;
		g_ptr_array_add(out, t);
	}
}

static char *unquote(const char *s)
{
	GString *o = g_string_new(NULL);

	for (; *s; s++)
		if (*s != '"' && *s != '\'')
			g_string_append_c(o, *s);
	return g_string_free(o, FALSE);
}

static struct mp_dir *mp_dir_new(enum mp_kind kind, const char *name, const struct conf_token *at)
{
	struct mp_dir *d = g_new0(struct mp_dir, 1);

	d->kind = kind;
	d->name = g_strdup(name);
	d->args = g_ptr_array_new_with_free_func(token_free);
	d->file = at->file;
	d->line = at->line;
	return d;
}

static void add_arg(struct mp_dir *d, const struct conf_token *at, char *text)
{
	struct conf_token *c = g_new0(struct conf_token, 1);

	c->text = text;
	c->file = at->file;
	c->line = at->line;
	g_ptr_array_add(d->args, c);
}

/*
 * Options words are kept as written (the kernel strips the quotes); an
 * install command is shell, so quotes go and ";", "&", "|" become words of
 * their own: only the first command is modelled.
 */
static void take_args(struct mp_dir *d, GPtrArray *words, guint from, gboolean shell)
{
	for (guint i = from; i < words->len; i++) {
		const struct conf_token *t = words->pdata[i];
		g_autofree char *w = shell ? unquote(t->text) : g_strdup(t->text);
		const char *p = w;

		if (!shell) {
			add_arg(d, t, g_strdup(w));
			continue;
		}
		while (*p) {
			size_t n = strcspn(p, ";&|");

			if (n)
				add_arg(d, t, g_strndup(p, n));
			p += n;
			n = strspn(p, ";&|");
			if (n)
				add_arg(d, t, g_strndup(p, n));
			p += n;
		}
	}
}

#define MP_COMMANDS "alias, options, install, blacklist, remove, softdep"

/*
 * kmod skips a line it cannot read with a note, but a line that is an
 * assignment or a section header means the wrong file was given as
 * modprobe.d (an ifcfg file, a scenario, bare options): nothing of it
 * would reach the module, so say which file it looks like.
 */
static gboolean not_modprobe(GPtrArray *words, GError **error)
{
	const struct conf_token *w0 = words->pdata[0];
	const struct conf_token *w1 = words->len > 1 ? words->pdata[1] : NULL;
	const char *eq = strchr(w0->text, '=');
	g_autofree char *key = eq ? g_strndup(w0->text, eq - w0->text) : NULL;

	if (w0->text[0] == '[')
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: '%s' is an INI section header: this is no modprobe.d file (its "
			    "lines start with " MP_COMMANDS ")", w0->file, w0->line, w0->text);
	else if (w1 && w1->text[0] == '=')
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: '%s %s%s' is an INI key: this is no modprobe.d file (its lines "
			    "start with " MP_COMMANDS ")", w0->file, w0->line, w0->text, w1->text,
			    words->len > 2 ? " ..." : "");
	else if (key && bond_opt_lookup(key))
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: '%s' is a bonding option, not a modprobe.d line: put it on an "
			    "options line, e.g. 'options bonding %s'", w0->file, w0->line, w0->text,
			    w0->text);
	else if (key && *key)
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: '%s' is a variable assignment, as in an ifcfg file: this is no "
			    "modprobe.d file (give ifcfg files as 'ifcfg-NAME = ...'; modprobe.d "
			    "lines start with " MP_COMMANDS ")", w0->file, w0->line, w0->text);
	else
		return FALSE;
	return TRUE;
}

/* One directive; FALSE (with @error set) only for a line that cannot mean anything. */
static gboolean mp_directive(struct bond_conf_set *s, GPtrArray *words, GError **error)
{
	struct conf_token *cmd = words->pdata[0];
	struct mp_dir *d;

	if (!strcmp(cmd->text, "alias")) {
		if (words->len < 3) {
			bond_conf_warn(s, cmd->file, cmd->line,
				       "'alias' needs a name and a module; line ignored");
			return TRUE;
		}
		d = mp_dir_new(MP_ALIAS, ((struct conf_token *)words->pdata[1])->text, cmd);
		d->target = g_strdup(((struct conf_token *)words->pdata[2])->text);
		if (words->len > 3)
			bond_conf_warn(s, cmd->file, cmd->line,
				       "text after 'alias %s %s' is ignored", d->name, d->target);
	} else if (!strcmp(cmd->text, "options")) {
		if (words->len < 2) {
			bond_conf_warn(s, cmd->file, cmd->line,
				       "'options' needs a module name; line ignored");
			return TRUE;
		}
		d = mp_dir_new(MP_OPTIONS, ((struct conf_token *)words->pdata[1])->text, cmd);
		for (guint i = 2; i < words->len; i++) {
			struct conf_token *t = words->pdata[i];

			if (t->text[0] == '#') {
				/* modprobe has no inline comments: the words reach the module. */
				bond_conf_warn(s, t->file, t->line, "'%s' and what follows is "
					       "not a comment for modprobe: the words are "
					       "passed to the module", t->text);
				break;
			}
		}
		take_args(d, words, 2, FALSE);
	} else if (!strcmp(cmd->text, "install")) {
		if (words->len < 3) {
			bond_conf_warn(s, cmd->file, cmd->line,
				       "'install' needs a module and a command; line ignored");
			return TRUE;
		}
		d = mp_dir_new(MP_INSTALL, ((struct conf_token *)words->pdata[1])->text, cmd);
		take_args(d, words, 2, TRUE);
		/*
		 * "" or '' unquote to nothing, and "; cmd" starts with an empty
		 * command: modprobe would run a shell that does nothing (or
		 * fails), never a module load, so say so rather than guess.
		 */
		if (!d->args->len ||
		    strspn(((struct conf_token *)d->args->pdata[0])->text, ";&|") != 0) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
				    "%s:%d: install %s: empty command; an install line runs a command, "
				    "e.g. 'install %s /sbin/modprobe bonding -o %s miimon=100'",
				    cmd->file, cmd->line, d->name, d->name, d->name);
			bond_conf_mp_dir_free(d);
			return FALSE;
		}
	} else if (!strcmp(cmd->text, "blacklist") || !strcmp(cmd->text, "remove") ||
		   !strcmp(cmd->text, "softdep") || !strcmp(cmd->text, "include") ||
		   !strcmp(cmd->text, "config")) {
		bond_conf_warn(s, cmd->file, cmd->line, "'%s' lines are not modelled; ignored",
			       cmd->text);
		return TRUE;
	} else if (not_modprobe(words, error)) {
		return FALSE;
	} else {
		bond_conf_warn(s, cmd->file, cmd->line,
			       "unknown modprobe.d command '%s'; line ignored", cmd->text);
		return TRUE;
	}
	g_ptr_array_add(s->state->mp, d);
	return TRUE;
}

const char *bond_conf_alias_target(const struct bond_conf_state *st, const char *name)
{
	for (guint i = 0; i < st->mp->len; i++) {
		const struct mp_dir *d = st->mp->pdata[i];

		if (d->kind == MP_ALIAS && !fnmatch(d->name, name, 0))
			return d->target;
	}
	return NULL;
}

const struct mp_dir *bond_conf_install_for(const struct bond_conf_state *st, const char *name)
{
	for (guint i = 0; i < st->mp->len; i++) {
		const struct mp_dir *d = st->mp->pdata[i];

		if (d->kind == MP_INSTALL && !strcmp(d->name, name))
			return d;
	}
	return NULL;
}

/* Does this options line belong to the bonding module (directly or by alias)? */
static gboolean options_for_bonding(const struct bond_conf_state *st, const struct mp_dir *d)
{
	const char *t;

	if (!strcmp(d->name, "bonding"))
		return TRUE;
	t = bond_conf_alias_target(st, d->name);
	return t && !strcmp(t, "bonding");
}

/* The module-parameter words of an options line or install command, checked. */
static gboolean check_words(GPtrArray *args, guint from, GError **error)
{
	for (guint i = from; i < args->len; i++) {
		struct conf_token *t = args->pdata[i];
		struct bond_params scratch;

		if (!strcmp(t->text, "-o") || !strcmp(t->text, "--name")) {
			i++;
			continue;
		}
		if (strpbrk(t->text, ";&|"))
			break;	/* the next shell command */
		if (t->text[0] == '-')
			continue;
		bond_params_init(&scratch);
		if (!bond_params_parse_module(&scratch, t->text, NULL, error)) {
			g_prefix_error(error, "%s:%d: ", t->file, t->line);
			return FALSE;
		}
	}
	return TRUE;
}

/* Where, in an install command, the module name is (after modprobe and its flags). */
static int install_module_index(const struct mp_dir *d)
{
	const struct conf_token *w0;
	const char *base;

	/* no command at all: the parser refuses it, but never read pdata[0] */
	if (!d->args->len)
		return -1;
	w0 = d->args->pdata[0];
	base = strrchr(w0->text, '/');
	if (strcmp(base ? base + 1 : w0->text, "modprobe"))
		return -1;
	for (guint i = 1; i < d->args->len; i++) {
		const char *w = ((const struct conf_token *)d->args->pdata[i])->text;

		if (!strcmp(w, "-o") || !strcmp(w, "--name")) {
			i++;
			continue;
		}
		if (w[0] != '-')
			return (int)i;
	}
	return -1;
}

static gboolean install_loads_bonding(const struct mp_dir *d)
{
	int m = install_module_index(d);

	return m > 0 && !strcmp(((const struct conf_token *)d->args->pdata[m])->text, "bonding");
}

gboolean bond_conf_parse_modprobe(struct bond_conf_set *s, const char *text, const char *file,
				  int first_line, GError **error)
{
	struct bond_conf_state *st = s->state;
	const char *f = bond_conf_keep_file(st, file ? file : "<modprobe.d>");
	g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
	g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func(token_free);
	guint first_dir = st->mp->len;
	gboolean continued = FALSE;

	for (int i = 0; lines[i]; i++) {
		char *l = lines[i];
		size_t len = strlen(l);
		gboolean more;

		if (len && l[len - 1] == '\r')
			l[--len] = '\0';
		more = len && l[len - 1] == '\\';
		if (more)
			l[--len] = '\0';
		if (!continued)
			g_ptr_array_set_size(words, 0);
		split_words(l, f, first_line + i, words);
		continued = more;
		if (more && lines[i + 1])
			continue;
		if (!words->len)
			continue;
		if (((struct conf_token *)words->pdata[0])->text[0] == '#')
			continue;
		if (!mp_directive(s, words, error))
			return FALSE;
	}

	/* Check the bonding parameters now, so the error points at the word. */
	for (guint i = first_dir; i < st->mp->len; i++) {
		const struct mp_dir *d = st->mp->pdata[i];

		if (d->kind == MP_OPTIONS && options_for_bonding(st, d) && !check_words(d->args, 0,
											 error))
			return FALSE;
		if (d->kind == MP_INSTALL && install_loads_bonding(d) &&
		    !check_words(d->args, (guint)install_module_index(d) + 1, error))
			return FALSE;
	}
	return TRUE;
}

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
		g_autofree char *name = unquote(t->text);
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

	bond_conf_warn(s, t->file, t->line, "%s: unknown parameter '%s' ignored", inst, name);
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
		bond_conf_warn(s, wfile, wline, "%s: %s", inst, (const char *)log->pdata[i]);
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
	int m = install_module_index(rule);
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
		g_autofree char *w = unquote(t->text);
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
			bonding = install_loads_bonding(d) && strcmp(d->name, "bonding");
		else if (options_for_bonding(st, d))
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
