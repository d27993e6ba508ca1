// SPDX-License-Identifier: MIT
/*
 * DOC: bond_config.c - modprobe.d and ifcfg files, and the boot that reads them
 *
 * The parsers keep what the files say, with the file and line of every word,
 * and check what can be checked on the spot (option names and integer
 * syntax), so a typo is reported where it was typed.
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
 *    is modprobed in the same name order, as a user loading them would.
 *
 * Kernel log lines become warnings "file:line: <module>: <text>" and sysfs
 * refusals "file:line: bondN: <text>", at the line that caused them.
 */
#include "bond_config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK(bond-conf-error-quark, bond_conf_error)

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

struct ifcfg_var {
	char *value;
	int line;
};

struct ifcfg {
	char *ifname;		/* the device (DEVICE=, else the file's name) */
	char *fname;		/* "ifcfg-NAME", for the glob order */
	const char *file;
	int line;		/* DEVICE= line, or the first line */
	GHashTable *vars;	/* char * -> struct ifcfg_var * */
};

struct bond_conf_state {
	GPtrArray *files;	/* char *: file names the tokens point to */
	GPtrArray *mp;		/* struct mp_dir *, in file order */
	GPtrArray *ifcfgs;	/* struct ifcfg * */
	GHashTable *loaded;	/* module instances loaded so far */
	struct bond_params defaults;	/* bonding_defaults of the "bonding" instance */
	gboolean have_defaults;
	gboolean finalized;
};

/* ------------------------------------------------------------------------ */
/* Memory.                                                                   */

static void token_free(gpointer data)
{
	struct conf_token *t = data;

	g_free(t->text);
	g_free(t);
}

static void mp_dir_free(gpointer data)
{
	struct mp_dir *d = data;

	g_free(d->name);
	g_free(d->target);
	if (d->args)
		g_ptr_array_unref(d->args);
	g_free(d);
}

static void ifcfg_var_free(gpointer data)
{
	struct ifcfg_var *v = data;

	g_free(v->value);
	g_free(v);
}

static void ifcfg_free(gpointer data)
{
	struct ifcfg *c = data;

	g_free(c->ifname);
	g_free(c->fname);
	g_hash_table_unref(c->vars);
	g_free(c);
}

static void bond_conf_free_one(gpointer data)
{
	struct bond_conf *b = data;

	g_ptr_array_unref(b->slaves);
	g_free(b->ipaddr);
	g_free(b->file);
	g_free(b);
}

struct bond_conf_set *bond_conf_set_new(void)
{
	struct bond_conf_set *s = g_new0(struct bond_conf_set, 1);
	struct bond_conf_state *st = g_new0(struct bond_conf_state, 1);

	s->bonds = g_ptr_array_new_with_free_func(bond_conf_free_one);
	s->warnings = g_ptr_array_new_with_free_func(g_free);
	st->files = g_ptr_array_new_with_free_func(g_free);
	st->mp = g_ptr_array_new_with_free_func(mp_dir_free);
	st->ifcfgs = g_ptr_array_new_with_free_func(ifcfg_free);
	st->loaded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	s->state = st;
	return s;
}

void bond_conf_set_free(struct bond_conf_set *s)
{
	if (!s)
		return;
	g_ptr_array_unref(s->bonds);
	g_ptr_array_unref(s->warnings);
	if (s->state) {
		g_ptr_array_unref(s->state->files);
		g_ptr_array_unref(s->state->mp);
		g_ptr_array_unref(s->state->ifcfgs);
		g_hash_table_unref(s->state->loaded);
		g_free(s->state);
	}
	g_free(s);
}

/* ------------------------------------------------------------------------ */
/* Helpers.                                                                  */

static void warn(struct bond_conf_set *s, const char *file, int line, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);

static void warn(struct bond_conf_set *s, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	g_autofree char *msg = NULL;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(s->warnings, g_strdup_printf("%s:%d: %s", file, line, msg));
}

static const char *keep_file(struct bond_conf_state *st, const char *file)
{
	for (guint i = 0; i < st->files->len; i++)
		if (!strcmp(st->files->pdata[i], file))
			return st->files->pdata[i];
	g_ptr_array_add(st->files, g_strdup(file));
	return st->files->pdata[st->files->len - 1];
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

/*
 * The network service's order: the name split before its first digit,
 * letters compared as text, the rest as a number (sort -k 1,1 -k 2n).
 */
static int netscripts_cmp(const char *a, const char *b)
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

static gint netscripts_cmp_str(gconstpointer a, gconstpointer b)
{
	return netscripts_cmp(*(const char *const *)a, *(const char *const *)b);
}

static gint ifcfg_cmp_netscripts(gconstpointer a, gconstpointer b)
{
	const struct ifcfg *x = *(const struct ifcfg *const *)a;
	const struct ifcfg *y = *(const struct ifcfg *const *)b;

	return netscripts_cmp(x->ifname, y->ifname);
}

/* The shell's glob order of ifcfg-* file names. */
static gint ifcfg_cmp_glob(gconstpointer a, gconstpointer b)
{
	const struct ifcfg *x = *(const struct ifcfg *const *)a;
	const struct ifcfg *y = *(const struct ifcfg *const *)b;

	return strcmp(x->fname, y->fname);
}

static unsigned int small_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	g_autofree unsigned int *row = g_new(unsigned int, lb + 1);

	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned int)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned int diag = row[0];

		row[0] = (unsigned int)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned int up = row[j];
			unsigned int best = diag + (a[i - 1] == b[j - 1] ? 0u : 1u);

			best = MIN(best, up + 1);
			best = MIN(best, row[j - 1] + 1);
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
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

/* One directive; FALSE (with @error set) only for a line that cannot mean anything. */
static gboolean mp_directive(struct bond_conf_set *s, GPtrArray *words, GError **error)
{
	struct conf_token *cmd = words->pdata[0];
	struct mp_dir *d;

	if (!strcmp(cmd->text, "alias")) {
		if (words->len < 3) {
			warn(s, cmd->file, cmd->line,
			     "'alias' needs a name and a module; line ignored");
			return TRUE;
		}
		d = mp_dir_new(MP_ALIAS, ((struct conf_token *)words->pdata[1])->text, cmd);
		d->target = g_strdup(((struct conf_token *)words->pdata[2])->text);
		if (words->len > 3)
			warn(s, cmd->file, cmd->line, "text after 'alias %s %s' is ignored",
			     d->name, d->target);
	} else if (!strcmp(cmd->text, "options")) {
		if (words->len < 2) {
			warn(s, cmd->file, cmd->line,
			     "'options' needs a module name; line ignored");
			return TRUE;
		}
		d = mp_dir_new(MP_OPTIONS, ((struct conf_token *)words->pdata[1])->text, cmd);
		guint end = words->len;

		for (guint i = 2; i < words->len; i++) {
			struct conf_token *t = words->pdata[i];

			if (t->text[0] == '#') {
				/* modprobe has no inline comments: the words reach the module. */
				warn(s, t->file, t->line, "'%s' and what follows is not a comment "
				     "for modprobe: it is passed to the module, which ignores "
				     "unknown parameters; bondsim ignores it", t->text);
				end = i;
				break;
			}
		}
		take_args(d, words, 2, FALSE);
		g_ptr_array_set_size(d->args, end - 2);
	} else if (!strcmp(cmd->text, "install")) {
		if (words->len < 3) {
			warn(s, cmd->file, cmd->line, "'install' needs a module and a command; "
			     "line ignored");
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
				    "%s:%d: install %s: empty command", cmd->file, cmd->line,
				    d->name);
			mp_dir_free(d);
			return FALSE;
		}
	} else if (!strcmp(cmd->text, "blacklist") || !strcmp(cmd->text, "remove") ||
		   !strcmp(cmd->text, "softdep") || !strcmp(cmd->text, "include") ||
		   !strcmp(cmd->text, "config")) {
		warn(s, cmd->file, cmd->line, "'%s' lines are not modelled; ignored", cmd->text);
		return TRUE;
	} else {
		warn(s, cmd->file, cmd->line, "unknown modprobe.d command '%s'; line ignored",
		     cmd->text);
		return TRUE;
	}
	g_ptr_array_add(s->state->mp, d);
	return TRUE;
}

static const char *alias_target(const struct bond_conf_state *st, const char *name)
{
	for (guint i = 0; i < st->mp->len; i++) {
		const struct mp_dir *d = st->mp->pdata[i];

		if (d->kind == MP_ALIAS && !fnmatch(d->name, name, 0))
			return d->target;
	}
	return NULL;
}

static const struct mp_dir *install_for(const struct bond_conf_state *st, const char *name)
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
	t = alias_target(st, d->name);
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
		if (!bond_params_parse(&scratch, t->text, error)) {
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
	const char *f = keep_file(st, file ? file : "<modprobe.d>");
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
/* ifcfg                                                                     */

/* Is a shell quote still open at the end of s (a value spread over lines)? */
static gboolean quote_open(const char *s)
{
	const char *start = s;
	char q = 0;

	for (; *s; s++) {
		if (q == '\'') {
			if (*s == '\'')
				q = 0;
		} else if (q == '"') {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == '"')
				q = 0;
		} else if (*s == '\\' && s[1]) {
			s++;
		} else if (*s == '\'' || *s == '"') {
			q = *s;
		} else if (*s == '#' && (s == start || isspace((unsigned char)s[-1]))) {
			break;	/* a comment: quotes in it do not count */
		}
	}
	return q != 0;
}

/* One shell word: quotes removed, backslash escapes resolved. */
static gboolean shell_word(const char **ps, GString *out)
{
	const char *s = *ps;

	while (*s && !isspace((unsigned char)*s)) {
		if (*s == '\'') {
			for (s++; *s && *s != '\''; s++)
				g_string_append_c(out, *s);
			if (!*s)
				return FALSE;
			s++;
		} else if (*s == '"') {
			for (s++; *s && *s != '"'; s++) {
				if (*s == '\\' && s[1] && strchr("\"\\$`", s[1]))
					s++;
				g_string_append_c(out, *s);
			}
			if (!*s)
				return FALSE;
			s++;
		} else if (*s == '\\' && s[1]) {
			g_string_append_c(out, s[1]);
			s += 2;
		} else {
			g_string_append_c(out, *s++);
		}
	}
	*ps = s;
	return TRUE;
}

static gboolean ifcfg_line(struct bond_conf_set *s, struct ifcfg *c, const char *l, int line,
			   GError **error)
{
	const char *p = l, *name;
	size_t nlen;

	while (isspace((unsigned char)*p))
		p++;
	if (!*p || *p == '#')
		return TRUE;
	if (g_str_has_prefix(p, "export") && isspace((unsigned char)p[6]))
		for (p += 6; isspace((unsigned char)*p); p++)
			;
	name = p;
	if (!isalpha((unsigned char)*p) && *p != '_') {
		warn(s, c->file, line, "not a variable assignment; ignored");
		return TRUE;
	}
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	nlen = (size_t)(p - name);
	if (*p != '=') {
		warn(s, c->file, line, "not a variable assignment; ignored");
		return TRUE;
	}
	p++;

	g_autoptr(GString) val = g_string_new(NULL);

	if (!shell_word(&p, val)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SYNTAX,
			    "%s:%d: unterminated quote in %.*s=", c->file, line, (int)nlen, name);
		return FALSE;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p && *p != '#')
		warn(s, c->file, line, "'%s' after the value is not part of it; ignored", p);

	struct ifcfg_var *v = g_new0(struct ifcfg_var, 1);

	v->value = g_strdup(val->str);
	v->line = line;
	g_hash_table_replace(c->vars, g_strndup(name, nlen), v);
	return TRUE;
}

static const char *var(const struct ifcfg *c, const char *key, int *line)
{
	const struct ifcfg_var *v = g_hash_table_lookup(c->vars, key);

	if (line)
		*line = v ? v->line : c->line;
	return v ? v->value : NULL;
}

gboolean bond_conf_parse_ifcfg(struct bond_conf_set *s, const char *ifname_or_NULL,
			       const char *text, const char *file, int first_line,
			       GError **error)
{
	struct bond_conf_state *st = s->state;
	g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
	struct ifcfg *c = g_new0(struct ifcfg, 1);
	const char *dev;
	int i = 0;

	c->file = keep_file(st, file ? file : "<ifcfg>");
	c->line = first_line;
	c->vars = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, ifcfg_var_free);

	while (lines[i]) {
		int start = i;
		g_autoptr(GString) buf = g_string_new(g_strchomp(lines[i++]));

		for (;;) {
			if (buf->len && buf->str[buf->len - 1] == '\\' && lines[i]) {
				g_string_truncate(buf, buf->len - 1);
				g_string_append(buf, g_strchomp(lines[i++]));
			} else if (quote_open(buf->str) && lines[i]) {
				g_string_append_c(buf, '\n');
				g_string_append(buf, g_strchomp(lines[i++]));
			} else {
				break;
			}
		}
		if (!ifcfg_line(s, c, buf->str, first_line + start, error)) {
			ifcfg_free(c);
			return FALSE;
		}
	}

	int dline;

	dev = var(c, "DEVICE", &dline);
	if (!dev && !ifname_or_NULL) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: no DEVICE= in this ifcfg file and no interface name given",
			    c->file, first_line);
		ifcfg_free(c);
		return FALSE;
	}
	if (dev && ifname_or_NULL && strcmp(dev, ifname_or_NULL))
		warn(s, c->file, dline, "DEVICE=%s differs from the file name ifcfg-%s; "
		     "initscripts use DEVICE", dev, ifname_or_NULL);
	c->ifname = g_strdup(dev ? dev : ifname_or_NULL);
	c->fname = g_strdup_printf("ifcfg-%s", ifname_or_NULL ? ifname_or_NULL : c->ifname);
	c->line = dev ? dline : first_line;
	if (!bond_ifname_valid(c->ifname)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
			    "%s:%d: '%s' is not a valid interface name (at most %d characters, "
			    "no '/', ':' or spaces)", c->file, c->line, c->ifname,
			    BOND_IFNAMSIZ - 1);
		ifcfg_free(c);
		return FALSE;
	}
	for (guint k = 0; k < st->ifcfgs->len; k++) {
		const struct ifcfg *o = st->ifcfgs->pdata[k];

		if (!strcmp(o->ifname, c->ifname)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_NAME,
				    "%s:%d: %s is already configured at %s:%d", c->file, c->line,
				    c->ifname, o->file, o->line);
			ifcfg_free(c);
			return FALSE;
		}
	}
	g_ptr_array_add(st->ifcfgs, c);
	return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Boot: module loads.                                                       */

static struct bond_conf *conf_bond_new(struct bond_conf_set *s, const char *name,
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

/* The kernel names new bonds "bond%d": the first number not in use. */
static void free_bond_name(const struct bond_conf_set *s, char name[BOND_IFNAMSIZ])
{
	for (int n = 0;; n++) {
		g_snprintf(name, BOND_IFNAMSIZ, "bond%d", n);
		if (!bond_conf_find(s, name))
			return;
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

		if (!bond_params_parse(&p, t->text, error)) {
			g_prefix_error(error, "%s:%d: ", t->file, t->line);
			return FALSE;
		}
	}
	if (toks->len) {
		wfile = ((const struct conf_token *)toks->pdata[0])->file;
		wline = ((const struct conf_token *)toks->pdata[0])->line;
	}
	gboolean ok = bond_params_finalize(&p, log, &err);

	for (guint i = 0; i < log->len; i++)
		warn(s, wfile, wline, "%s: %s", inst, (const char *)log->pdata[i]);
	if (!ok) {
		const struct conf_token *t = token_for(toks, p.failed_opt);

		g_propagate_prefixed_error(error, err, "%s:%d: ", t ? t->file : wfile,
					   t ? t->line : wline);
		return FALSE;
	}
	if (p.max_bonds > MAX_BONDS_MODELLED) {
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
	for (int i = 0; i < p.max_bonds; i++) {
		char name[BOND_IFNAMSIZ];

		free_bond_name(s, name);
		conf_bond_new(s, name, &p, dfile, dline);
	}
	if (requested && strcmp(requested, "bonding") && strcmp(requested, inst) == 0 &&
	    !bond_conf_find(s, requested))
		warn(s, why_file, why_line, "loading the bonding module as '%s' did not create "
		     "a device named %s: new bonds take the first free name bond0, bond1 ...",
		     inst, requested);
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
		warn(s, rule->file, rule->line, "install %s runs a command other than modprobe; "
		     "not modelled, nothing is loaded", rule->name);
		return TRUE;
	}
	if (strcmp(((const struct conf_token *)rule->args->pdata[m])->text, "bonding")) {
		warn(s, rule->file, rule->line, "install %s loads module '%s', not bonding; "
		     "ignored", rule->name,
		     ((const struct conf_token *)rule->args->pdata[m])->text);
		return TRUE;
	}
	/* kmod adds the module's own options lines before the command's words. */
	collect_options(st, NULL, toks, &inst);
	inst = NULL;
	for (guint i = 1; i < rule->args->len; i++) {
		const struct conf_token *t = rule->args->pdata[i];

		if (strpbrk(t->text, ";&|")) {
			warn(s, t->file, t->line, "only the first command of an install line is "
			     "modelled; '%s' and what follows are ignored", t->text);
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

/* "modprobe NAME" as kmod does it, for NAME = bonding or an alias of it. */
static gboolean run_modprobe(struct bond_conf_set *s, const char *name, const char *file,
			     int line, GError **error)
{
	struct bond_conf_state *st = s->state;
	const struct mp_dir *rule = install_for(st, name);
	const char *module, *inst = "bonding";
	g_autoptr(GPtrArray) toks = g_ptr_array_new();
	int oline;
	const char *ofile;

	if (rule)
		return run_install(s, rule, error);
	module = strcmp(name, "bonding") ? alias_target(st, name) : "bonding";
	if (!module || strcmp(module, "bonding"))
		return TRUE;
	collect_options(st, strcmp(name, "bonding") ? name : NULL, toks, &inst);
	if (g_hash_table_contains(st->loaded, inst)) {
		if (strcmp(name, "bonding") && alias_has_options(st, name, &oline, &ofile))
			warn(s, ofile, oline, "options %s are not used: the bonding module is "
			     "already loaded, so 'modprobe %s' does nothing (use max_bonds, an "
			     "install line with -o, or BONDING_OPTS)", name, name);
		return TRUE;
	}
	return load_instance(s, inst, toks, file, line, name, error);
}

/* ------------------------------------------------------------------------ */
/* Boot: interfaces.                                                         */

static gboolean is_yes(const char *v)
{
	return v && !strcmp(v, "yes");
}

static gboolean onboot_off(const struct ifcfg *c)
{
	const char *v = var(c, "ONBOOT", NULL);

	return v && !g_ascii_strcasecmp(v, "no");
}

static gboolean is_master(const struct bond_conf_state *st, const struct ifcfg *c)
{
	const char *opts = var(c, "BONDING_OPTS", NULL);
	const char *type = var(c, "TYPE", NULL);

	if ((opts && *opts) || (type && !g_ascii_strcasecmp(type, "bond")) ||
	    is_yes(var(c, "BONDING_MASTER", NULL)))
		return TRUE;
	for (guint i = 0; i < st->ifcfgs->len; i++) {
		const char *m = var(st->ifcfgs->pdata[i], "MASTER", NULL);

		if (m && !strcmp(m, c->ifname))
			return TRUE;
	}
	return FALSE;
}

static gboolean parse_prefix(const struct ifcfg *c, int *prefix, GError **error)
{
	int line;
	const char *pf = var(c, "PREFIX", &line);
	const char *nm;

	if (!pf)
		pf = var(c, "PREFIX0", &line);
	if (pf) {
		char *end;
		long v = strtol(pf, &end, 10);

		if (!*pf || *end || v < 0 || v > 32) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS,
				    "%s:%d: PREFIX=%s is not a prefix length 0-32", c->file, line,
				    pf);
			return FALSE;
		}
		*prefix = (int)v;
		return TRUE;
	}
	nm = var(c, "NETMASK", &line);
	if (!nm)
		nm = var(c, "NETMASK0", &line);
	if (nm) {
		struct in_addr a;
		uint32_t m;
		int n = 0;

		if (inet_pton(AF_INET, nm, &a) != 1) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS,
				    "%s:%d: NETMASK=%s is not an IPv4 netmask", c->file, line, nm);
			return FALSE;
		}
		m = ntohl(a.s_addr);
		while (n < 32 && (m & (0x80000000u >> n)))
			n++;
		if (n < 32 && (m << n)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS,
				    "%s:%d: NETMASK=%s is not contiguous", c->file, line, nm);
			return FALSE;
		}
		*prefix = n;
		return TRUE;
	}
	return TRUE;
}

static gboolean set_address(struct bond_conf *b, const struct ifcfg *c, GError **error)
{
	int line;
	const char *proto = var(c, "BOOTPROTO", NULL);
	const char *ip = var(c, "IPADDR", &line);
	struct in_addr a;

	if (!ip)
		ip = var(c, "IPADDR0", &line);
	if (!ip || !*ip || (proto && (!g_ascii_strcasecmp(proto, "dhcp") ||
				      !g_ascii_strcasecmp(proto, "bootp"))))
		return TRUE;
	if (inet_pton(AF_INET, ip, &a) != 1) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS,
			    "%s:%d: IPADDR=%s is not an IPv4 address", c->file, line, ip);
		return FALSE;
	}
	/* No PREFIX or NETMASK: ipcalc's classful default. */
	uint8_t first = (uint8_t)(ntohl(a.s_addr) >> 24);
	int prefix = first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 32;

	if (!parse_prefix(c, &prefix, error))
		return FALSE;
	g_free(b->ipaddr);
	b->ipaddr = g_strdup(ip);
	b->prefix = prefix;
	return TRUE;
}

/* ifup of a bond master: make sure it exists, then install_bonding_driver. */
static gboolean bring_up(struct bond_conf_set *s, const struct ifcfg *c, GError **error)
{
	struct bond_conf_state *st = s->state;
	int oline;
	const char *opts = var(c, "BONDING_OPTS", &oline);
	struct bond_conf *b;

	if (!bond_conf_find(s, c->ifname) && !(opts && *opts) &&
	    (alias_target(st, c->ifname) || install_for(st, c->ifname)) &&
	    !run_modprobe(s, c->ifname, c->file, c->line, error))
		return FALSE;
	if (!bond_conf_find(s, c->ifname)) {
		/* modprobe bonding, then "+NAME" > /sys/class/net/bonding_masters. */
		if (!run_modprobe(s, "bonding", c->file, c->line, error))
			return FALSE;
		if (!bond_conf_find(s, c->ifname)) {
			struct bond_params p;

			if (st->have_defaults) {
				p = st->defaults;
			} else {
				bond_params_init(&p);
				bond_params_finalize(&p, NULL, NULL);
			}
			conf_bond_new(s, c->ifname, &p, c->file, c->line);
		}
	}
	b = bond_conf_find(s, c->ifname);
	g_free(b->file);
	b->file = g_strdup(c->file);
	b->line = c->line;

	if (opts && *opts) {
		g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func(g_free);
		gboolean ok = bond_params_apply(&b->params, opts, log, error);

		for (guint i = 0; i < log->len; i++)
			warn(s, c->file, oline, "%s: %s", b->name, (const char *)log->pdata[i]);
		if (!ok) {
			g_prefix_error(error, "%s:%d: %s: ", c->file, oline, b->name);
			return FALSE;
		}
	}
	return set_address(b, c, error);
}

static gboolean enslaved_anywhere(const struct bond_conf_set *s, const char *dev,
				  const struct bond_conf **where)
{
	for (guint i = 0; i < s->bonds->len; i++) {
		const struct bond_conf *b = s->bonds->pdata[i];

		for (guint k = 0; k < b->slaves->len; k++) {
			if (!strcmp(b->slaves->pdata[k], dev)) {
				*where = b;
				return TRUE;
			}
		}
	}
	return FALSE;
}

static gboolean enslave(struct bond_conf_set *s, struct bond_conf *b, const struct ifcfg *c,
			GError **error)
{
	int line;
	const char *slave = var(c, "SLAVE", &line);
	const struct bond_conf *other;

	if (!is_yes(slave)) {
		if (!slave)
			var(c, "MASTER", &line);
		warn(s, c->file, line, "MASTER=%s without SLAVE=yes%s: initscripts do not "
		     "enslave %s", b->name, slave ? " (it must be lowercase 'yes')" : "",
		     c->ifname);
		return TRUE;
	}
	if (bond_conf_find(s, c->ifname)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
			    "%s:%d: %s is a bond; it cannot be a slave of %s", c->file, c->line,
			    c->ifname, b->name);
		return FALSE;
	}
	if (enslaved_anywhere(s, c->ifname, &other)) {
		g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
			    "%s:%d: %s is already a slave of %s", c->file, c->line, c->ifname,
			    other->name);
		return FALSE;
	}
	g_ptr_array_add(b->slaves, g_strdup(c->ifname));
	return TRUE;
}

static const struct ifcfg *ifcfg_of(const struct bond_conf_state *st, const char *dev)
{
	for (guint i = 0; i < st->ifcfgs->len; i++) {
		const struct ifcfg *c = st->ifcfgs->pdata[i];

		if (!strcmp(c->ifname, dev))
			return c;
	}
	return NULL;
}

/* A slave whose master was not brought up by its own ifcfg. */
static gboolean enslave_orphan(struct bond_conf_set *s, const struct ifcfg *c, GError **error)
{
	struct bond_conf_state *st = s->state;
	int line;
	const char *master = var(c, "MASTER", &line);
	const struct ifcfg *mc = ifcfg_of(st, master);
	struct bond_conf *b = bond_conf_find(s, master);

	if (mc && onboot_off(mc)) {
		warn(s, c->file, line, "%s is not enslaved: its master %s has ONBOOT=no",
		     c->ifname, master);
		return TRUE;
	}
	if (onboot_off(c)) {
		warn(s, c->file, c->line, "%s has ONBOOT=no and %s has no ifcfg file to bring it "
		     "up; not enslaved", c->ifname, master);
		return TRUE;
	}
	if (!b) {
		const char *near = NULL;

		for (guint i = 0; i < s->bonds->len; i++) {
			const struct bond_conf *o = s->bonds->pdata[i];

			if (small_distance(master, o->name) <= 2)
				near = o->name;
		}
		/* bond7 may be meant; bnd0 next to bond0 is a typo. */
		gboolean bondn = g_str_has_prefix(master, "bond") && master[4] &&
				 strspn(master + 4, "0123456789") == strlen(master + 4);

		if ((near && !bondn) || !bond_ifname_valid(master)) {
			g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
				    "%s:%d: MASTER=%s: no such bond%s%s%s", c->file, line, master,
				    near ? " (did you mean '" : "", near ? near : "",
				    near ? "'?)" : "");
			return FALSE;
		}
		/* ifup-eth of the slave runs install_bonding_driver MASTER. */
		if (!run_modprobe(s, "bonding", c->file, line, error))
			return FALSE;
		b = bond_conf_find(s, master);
		if (!b) {
			b = conf_bond_new(s, master, &st->defaults, c->file, line);
			warn(s, c->file, line, "%s has no ifcfg file: initscripts create it with "
			     "the module's parameters when enslaving %s, and give it no "
			     "address", master, c->ifname);
		}
	}
	return enslave(s, b, c, error);
}

static gboolean boot_modprobe_only(struct bond_conf_set *s, GError **error)
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
				return run_modprobe(s, "bonding", d->file, d->line, error);
		}
	}
	for (guint i = 0; i < names->len; i++) {
		const char *name = names->pdata[i];
		const struct mp_dir *d = install_for(st, name);
		const char *file = NULL;
		int line = 0;

		for (guint k = 0; !d && k < st->mp->len; k++) {
			const struct mp_dir *a = st->mp->pdata[k];

			if (a->kind == MP_ALIAS && !strcmp(a->name, name))
				d = a;
		}
		file = d->file;
		line = d->line;
		if (!run_modprobe(s, name, file, line, error))
			return FALSE;
		if (!bond_conf_find(s, name) && g_str_has_prefix(name, "bond"))
			warn(s, file, line, "%s does not exist after 'modprobe %s'", name, name);
	}
	return TRUE;
}

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

	for (guint i = 0; i < st->ifcfgs->len; i++) {
		struct ifcfg *c = st->ifcfgs->pdata[i];
		gboolean has_master = var(c, "MASTER", NULL) != NULL;

		if (is_master(st, c)) {
			if (has_master) {
				g_set_error(error, BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE,
					    "%s:%d: %s is configured both as a bond and as a slave "
					    "of %s", c->file, c->line, c->ifname,
					    var(c, "MASTER", NULL));
				return FALSE;
			}
			g_ptr_array_add(masters, c);
		} else if (has_master) {
			g_ptr_array_add(slaves, c);
		}
	}

	if (!masters->len) {
		if (!boot_modprobe_only(s, error))
			return FALSE;
	}
	g_ptr_array_sort(masters, ifcfg_cmp_netscripts);
	g_ptr_array_sort(slaves, ifcfg_cmp_glob);
	for (guint i = 0; i < masters->len; i++) {
		const struct ifcfg *m = masters->pdata[i];

		if (onboot_off(m)) {
			warn(s, m->file, m->line, "%s has ONBOOT=no: not brought up at boot",
			     m->ifname);
			continue;
		}
		if (!bring_up(s, m, error))
			return FALSE;
		/* ifup-eth of the master brings up every ifcfg naming it MASTER. */
		struct bond_conf *b = bond_conf_find(s, m->ifname);

		for (guint k = 0; k < slaves->len; k++) {
			const struct ifcfg *c = slaves->pdata[k];

			if (!strcmp(var(c, "MASTER", NULL), m->ifname) && !enslave(s, b, c, error))
				return FALSE;
		}
	}
	/* The rest come up in the network service's order, on their own. */
	g_ptr_array_sort(slaves, ifcfg_cmp_netscripts);
	for (guint k = 0; k < slaves->len; k++) {
		const struct ifcfg *c = slaves->pdata[k];
		const struct ifcfg *mc = ifcfg_of(st, var(c, "MASTER", NULL));

		if (mc && g_ptr_array_find(masters, mc, NULL) && !onboot_off(mc))
			continue;
		if (!enslave_orphan(s, c, error))
			return FALSE;
	}

	for (guint i = 0; i < s->bonds->len; i++) {
		const struct bond_conf *b = s->bonds->pdata[i];
		gboolean found = FALSE;

		if (!b->slaves->len)
			warn(s, b->file, b->line, "%s has no slaves", b->name);
		if (!b->params.primary[0])
			continue;
		for (guint k = 0; k < b->slaves->len; k++)
			found |= !strcmp(b->slaves->pdata[k], b->params.primary);
		if (!found && b->slaves->len)
			warn(s, b->file, b->line, "%s: primary %s is not one of its slaves; the "
			     "kernel keeps the name and waits for it", b->name, b->params.primary);
	}
	return TRUE;
}
