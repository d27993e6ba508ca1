/*
 * options_cmd.c - "bondsim options --explain": what the kernel gets from a host's files.
 *
 * DOC: An engineer holding a host's netplan YAML, networkd or ifcfg files
 * wants to know which bonds the boot makes and with which options before
 * simulating anything, and where each value came from.  This reads the
 * files as a scenario's [host] section does (bond_config*.c), plays the
 * boot (bond_conf_finalize()) and prints per bond one "options bonding"
 * line of the values that differ from the module's defaults, its slaves
 * and address, then each value with the file:line that set it; then per
 * VLAN device its id, device and file:line, and its address; then, under
 * "messages:", the kernel's lines and bondsim's notes.  Input is a scenario (every [host]
 * section's configuration-file keys) or, with --format, bare files.
 * The text depends on the files only, so scripts can diff two outputs
 * (tests/netplan.sh compares netplan YAML with netplan's own networkd files).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bond/bond_config.h"
#include "ini.h"
#include "option_hint.h"
#include "options_cmd.h"
#include "sim.h"
#include "world.h"

static void explain_bond(FILE *out, const struct bond_conf_set *s, const struct bond_conf *b)
{
	struct bond_params def;
	const char *tool = NULL;
	int line = 0;
	g_autoptr(GString) opts = g_string_new(NULL);
	g_autoptr(GString) from = g_string_new(NULL);

	bond_params_init(&def);
	bond_params_finalize(&def, NULL, NULL);
	bond_conf_origin(s, b->name, NULL, &line, &tool);
	fprintf(out, "%s: made by %s at %s:%d\n", b->name, tool ? tool : "the bonding module",
		b->file, b->line);
	for (int i = 0; i < BOND_OPT_COUNT; i++) {
		const struct bond_opt_desc *d = bond_opt_get((enum bond_opt_id)i);
		g_autofree char *v = bond_opt_value_text(&b->params, (enum bond_opt_id)i);
		g_autofree char *dv = bond_opt_value_text(&def, (enum bond_opt_id)i);
		const char *file;

		if (!v || !dv || !strcmp(v, dv))
			continue;
		g_string_append_printf(opts, " %s=%s", d->name, v);
		file = bond_conf_origin(s, b->name, d->name, &line, NULL);
		/* the kernel keeps num_grat_arp and num_unsol_na as one value */
		if (!file && !strcmp(d->name, "num_unsol_na"))
			file = bond_conf_origin(s, b->name, "num_grat_arp", &line, NULL);
		g_autofree char *word = g_strdup_printf("%s=%s", d->name, v);
		/* not from a tool: a module parameter or BONDING_OPTS word, else the bond's line */
		const char *at = file ? NULL : bond_conf_set_at(b, d->name);

		if (!at && !file && !strcmp(d->name, "num_unsol_na"))
			at = bond_conf_set_at(b, "num_grat_arp");
		if (at)
			g_string_append_printf(from, "  %-28s %s\n", word, at);
		else
			g_string_append_printf(from, "  %-28s %s:%d\n", word, file ? file : b->file,
					       file ? line : b->line);
	}
	fprintf(out, "  options bonding%s\n", opts->len ? opts->str : " (the defaults)");
	fprintf(out, "  slaves=");
	for (guint i = 0; i < b->slaves->len; i++)
		fprintf(out, "%s%s", i ? " " : "", (const char *)b->slaves->pdata[i]);
	fprintf(out, "%s\n", b->slaves->len ? "" : "(none)");
	if (b->ipaddr)
		fprintf(out, "  address=%s/%d\n", b->ipaddr, b->prefix);
	else
		fprintf(out, "  address=(none)\n");
	fputs(from->str, out);
}

/*
 * A VLAN device the files define, laid out as a bond is: what it is and
 * where, then its address.  Its id and device come from that line (an
 * ifupdown or ifcfg name, a netplan key, a .netdev's [VLAN]).
 */
static void explain_vlan(FILE *out, const struct bond_conf_vlan *v)
{
	fprintf(out, "%s: VLAN %u on %s at %s:%d\n", v->name, v->id, v->link, v->file, v->line);
	if (v->ipaddr)
		fprintf(out, "  address=%s/%d\n", v->ipaddr, v->prefix);
	else
		fprintf(out, "  address=(none)\n");
}

static int explain_set(FILE *out, struct bond_conf_set *s, const char *what)
{
	GError *error = NULL;
	guint nv;

	if (!bond_conf_finalize(s, &error)) {
		fprintf(stderr, "bondsim options: %s\n", error->message);
		g_error_free(error);
		return 2;
	}
	nv = s->vlans->len;
	fprintf(out, "== %s: %u bond%s", what, s->bonds->len, s->bonds->len == 1 ? "" : "s");
	/* no VLANs, no word of them: the output of such files stays as it was */
	if (nv)
		fprintf(out, ", %u VLAN%s", nv, nv == 1 ? "" : "s");
	fputc('\n', out);
	for (guint i = 0; i < s->bonds->len; i++)
		explain_bond(out, s, s->bonds->pdata[i]);
	for (guint i = 0; i < nv; i++)
		explain_vlan(out, s->vlans->pdata[i]);
	/* the kernel's lines, then bondsim's notes on how the files were read:
	 * the host's, not the last bond's */
	if (s->kernel->len || s->repeated->len || s->warnings->len)
		fputs("messages:\n", out);
	for (guint i = 0; i < s->kernel->len; i++)
		fprintf(out, "  kernel: %s\n", (const char *)s->kernel->pdata[i]);
	for (guint i = 0; i < s->repeated->len; i++)
		fprintf(out, "  note: %s\n", (const char *)s->repeated->pdata[i]);
	for (guint i = 0; i < s->warnings->len; i++)
		fprintf(out, "  note: %s\n", (const char *)s->warnings->pdata[i]);
	return 0;
}

/* A [host] key naming a configuration file: its format and file name. */
static const char *key_format(const char *key, const char **name)
{
	static const char *const with_name[] = { "networkd", "nm", "netplan", NULL };

	*name = NULL;
	if (!strcmp(key, "modprobe.d"))
		return "modprobe";
	if (!strcmp(key, "interfaces"))
		return "interfaces";
	if (g_str_has_prefix(key, "ifcfg-")) {
		*name = key + 6;
		return "ifcfg";
	}
	for (int i = 0; with_name[i]; i++) {
		size_t n = strlen(with_name[i]);

		if (!strncmp(key, with_name[i], n) && (key[n] == ' ' || key[n] == '\t')) {
			*name = key + n;
			while (**name == ' ' || **name == '\t')
				(*name)++;
			return with_name[i];
		}
	}
	return NULL;
}

static int explain_scenario(FILE *out, const char *path)
{
	GError *error = NULL;
	struct ini *ini = ini_load(path, &error);
	g_autofree char *dir = g_path_get_dirname(path);
	int rc = 0, hosts = 0;

	if (!ini) {
		fprintf(stderr, "bondsim options: %s\n", error->message);
		g_error_free(error);
		return 2;
	}
	for (guint i = 0; i < ini->sections->len && !rc; i++) {
		const struct ini_section *sec = ini->sections->pdata[i];
		struct bond_conf_set *s = NULL;

		if (strcmp(sec->kind, "host"))
			continue;
		for (guint k = 0; k < sec->entries->len && !rc; k++) {
			const struct ini_entry *e = sec->entries->pdata[k];
			const char *name, *format = e->key ? key_format(e->key, &name) : NULL;
			g_autofree char *text = NULL, *file = NULL;
			int first;

			if (!format)
				continue;
			if (!s)
				s = bond_conf_set_new();
			if (e->value[0] == '@') {
				file = g_path_is_absolute(e->value + 1) ? g_strdup(e->value + 1) :
					g_build_filename(dir, e->value + 1, NULL);
				first = 1;
				if (!sim_read_file(file, SIM_INPUT_MAX, &text, NULL, &error)) {
					fprintf(stderr, "bondsim options: %s:%d: %s: %s\n", path,
						e->line, e->value, error->message);
					g_clear_error(&error);
					rc = 2;
					break;
				}
			} else {
				file = g_strdup(path);
				text = g_strdup(e->text ? e->text : e->value);
				first = e->text || !*e->value ? e->line + 1 : e->line;
			}
			if (!bond_conf_parse_format(s, format, name, text, file, first, &error)) {
				fprintf(stderr, "bondsim options: %s\n", error->message);
				g_clear_error(&error);
				rc = 2;
			}
		}
		if (s && !rc) {
			g_autofree char *what = g_strdup_printf("host %s", sec->name);
			const char *list = "eth0";
			g_auto(GStrv) nics = NULL;
			guint kept = 0;

			/* the NICs networkd's Name= globs match, as the run's (default eth0) */
			for (guint k = 0; k < sec->entries->len; k++) {
				const struct ini_entry *ne = sec->entries->pdata[k];

				if (ne->key && !strcmp(ne->key, "nics"))
					list = ne->value;
			}
			nics = g_strsplit_set(list, " \t,", -1);

			for (guint k = 0; nics[k]; k++)
				if (*nics[k])
					nics[kept++] = nics[k];
				else
					g_free(nics[k]);
			nics[kept] = NULL;
			s->nics = (const char *const *)nics;
			rc = explain_set(out, s, what);
			s->nics = NULL;
			hosts++;
		}
		bond_conf_set_free(s);
	}
	/*
	 * Only a scenario that loads is explained: one that does not boots no
	 * bond, and "no [host] has bonding configuration files" about a [hots]
	 * is a wrong answer.  After the files, whose errors say more here.
	 */
	if (!rc) {
		struct world_options wo = { 0 };
		struct world *w = world_load(path, &wo, &error);

		if (!w) {
			fprintf(stderr, "bondsim options: %s\n", error->message);
			g_error_free(error);
			rc = 2;
		}
		world_free(w);
	}
	if (!rc && !hosts)
		fprintf(out, "== %s: no [host] has bonding configuration files (modprobe.d, "
			"ifcfg-*, networkd, nm, interfaces, netplan)\n", path);
	ini_free(ini);
	return rc;
}

static int explain_files(FILE *out, const char *format, char **paths, int n)
{
	struct bond_conf_set *s = bond_conf_set_new();
	GError *error = NULL;
	int rc = 0;

	for (int i = 0; i < n && !rc; i++) {
		g_autofree char *text = NULL;
		g_autofree char *base = g_path_get_basename(paths[i]);
		const char *name = base;

		if (!strcmp(format, "ifcfg"))
			name = g_str_has_prefix(base, "ifcfg-") ? base + 6 : NULL;
		if (!sim_read_file(paths[i], SIM_INPUT_MAX, &text, NULL, &error) ||
		    !bond_conf_parse_format(s, format, name, text, paths[i], 1, &error)) {
			fprintf(stderr, "bondsim options: %s\n", error->message);
			g_clear_error(&error);
			rc = 2;
		}
	}
	if (!rc)
		rc = explain_set(out, s, format);
	bond_conf_set_free(s);
	return rc;
}

void options_explain_usage(FILE *out)
{
	g_autofree char *list = g_strjoinv(", ", (char **)bond_conf_formats);

	fprintf(out, "Usage: bondsim options [NAME]\n"
		"       bondsim options --explain SCENARIO.ini\n"
		"       bondsim options --explain --format FORMAT FILE...\n\n"
		"Without --explain: every bonding option bondsim knows, or the one NAME.\n\n"
		"  --explain         the bonds a host's configuration files make: per bond the\n"
		"                    options line (values other than the defaults), slaves,\n"
		"                    address, and the file:line each value came from; then\n"
		"                    the VLAN devices they define (VID, device, address, file:line)\n"
		"  --format FORMAT   read bare files instead of a scenario's [host] sections:\n"
		"                    %s\n"
		"  -h, --help        show this help\n", list);
}

/*
 * A flag "bondsim options" does not take (it reads its few by hand, not
 * through GOption): refused as the other commands refuse theirs, with the
 * nearest.  --format is taken after --explain only.
 */
static int bad_flag(const char *flag)
{
	static const GOptionEntry flags[] = {
		{ "explain", 0, 0, G_OPTION_ARG_NONE, NULL, "", NULL },
		{ "format", 0, 0, G_OPTION_ARG_STRING, NULL, "", "FORMAT" },
		{ "help", 'h', 0, G_OPTION_ARG_NONE, NULL, "", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GError *e = g_error_new(G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION, "Unknown option %s",
				flag);
	char *hint = option_hint(flags, e);

	fprintf(stderr, "bondsim options: %s%s\nTry 'bondsim options --help'.\n", e->message, hint);
	g_free(hint);
	g_error_free(e);
	return 2;
}

int options_flags(int argc, char **argv, int from)
{
	for (int k = from; k < argc; k++) {
		if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) {
			options_explain_usage(stdout);
			return 0;
		}
		/* a file whose name starts with '-' is written ./-name */
		if (argv[k][0] == '-')
			return bad_flag(argv[k]);
	}
	return -1;
}

int options_explain_main(int argc, char **argv)
{
	int rc;

	g_autofree char *list = g_strjoinv("|", (char **)bond_conf_formats);
	const char *format = NULL;
	int i = 1;

	/* argv[0] is "options", argv[1] "--explain" */
	for (i = 2; i < argc && !strcmp(argv[i], "--format"); i += 2) {
		if (i + 1 >= argc || !g_strv_contains(bond_conf_formats, argv[i + 1])) {
			fprintf(stderr, "bondsim options: --format %s: write one of %s\n",
				i + 1 < argc ? argv[i + 1] : "(nothing)", list);
			return 2;
		}
		format = argv[i + 1];
	}
	rc = options_flags(argc, argv, i);
	if (rc >= 0)
		return rc;
	if (i >= argc) {
		fprintf(stderr, "usage: bondsim options --explain SCENARIO.ini\n"
			"       bondsim options --explain --format %s FILE...\n", list);
		return 2;
	}
	if (!format && argc - i > 1) {
		fprintf(stderr, "bondsim options --explain: one scenario at a time (bare files "
			"need --format %s)\n", list);
		return 2;
	}
	/* all or nothing: the text goes out only once every file was read */
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out) {
		fprintf(stderr, "bondsim options: out of memory\n");
		return 2;
	}
	rc = format ? explain_files(out, format, argv + i, argc - i) :
		      explain_scenario(out, argv[i]);
	fclose(out);
	if (!rc && (fwrite(text, 1, len, stdout) != len || fflush(stdout))) {
		fprintf(stderr, "bondsim options: cannot write the explanation\n");
		rc = 2;
	}
	free(text);
	return rc;
}
