/*
 * bond_config_modprobe.c - modprobe.d files: alias, options and install lines.
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
 * The module loads at boot are bond_config_modprobe_boot.c's.
 */
#include "bond_config_priv.h"
#include "bond_config_modprobe_priv.h"

#include <ctype.h>
#include <fnmatch.h>
#include <string.h>

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

char *mp_unquote(const char *s)
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
		g_autofree char *w = shell ? mp_unquote(t->text) : g_strdup(t->text);
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
		/* modprobe.d(5)'s commands: "alais bond0 bonding" would load no bond */
		static const char *const cmds[] = { "alias", "options", "install", "remove",
			"blacklist", "softdep", "include", "config", NULL };
		const char *near = sim_nearest(cmd->text, cmds);

		if (near)
			bond_conf_warn(s, cmd->file, cmd->line, "unknown modprobe.d command '%s' "
				       "(did you mean '%s'?); line ignored", cmd->text, near);
		else
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
gboolean mp_options_for_bonding(const struct bond_conf_state *st, const struct mp_dir *d)
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
int mp_install_module_index(const struct mp_dir *d)
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

gboolean mp_install_loads_bonding(const struct mp_dir *d)
{
	int m = mp_install_module_index(d);

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

		if (d->kind == MP_OPTIONS && mp_options_for_bonding(st, d) && !check_words(d->args, 0,
											 error))
			return FALSE;
		if (d->kind == MP_INSTALL && mp_install_loads_bonding(d) &&
		    !check_words(d->args, (guint)mp_install_module_index(d) + 1, error))
			return FALSE;
	}
	return TRUE;
}

