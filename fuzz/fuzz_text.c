/*
 * fuzz_text.c - targets for what users write: scenarios, bonding options,
 * modprobe.d, ifcfg, systemd-networkd, NetworkManager, netplan and /etc/network/interfaces files, the
 * `bondsim hash` command line.
 *
 * DOC: Each input is a text as a user could write it (a NUL ends it early,
 * as it would end a C string read from a file).  Beyond "no crash, no
 * sanitizer report, no leak", the targets check the promise every parser
 * makes: a refusal always comes with an error, and a scenario's error
 * names the file and line.  A scenario that loads is run for
 * FUZZ_SCENARIO_RUN of simulated time (whatever its duration): the bonds'
 * first monitor passes, the first frames of every flow and the faults of
 * those 10 ms (seeds fast-*.ini put all of them there), and short enough to
 * keep hundreds of inputs a second.
 */
#include <stdio.h>
#include <string.h>
#include "fuzz.h"
#include "world.h"
#include "hash_cmd.h"
#include "bond/bond_config.h"
#include "sysfs_out.h"

#define FUZZ_SCENARIO_NAME "fuzz.ini"
#define FUZZ_SCENARIO_RUN (10 * SIM_MS)
#define FUZZ_CONF_NAME "fuzz.conf"

/* Every option's text, as /proc and the reports print them. */
static void params_texts(const struct bond_params *p)
{
	for (int id = 0; id < BOND_OPT_COUNT; id++)
		g_free(bond_opt_value_text(p, id));
}

static void error_named(const char *target, const GError *err, const char *file)
{
	if (!err)
		fuzz_fail(target, "refused without an error");
	if (!g_str_has_prefix(err->message, file))
		fuzz_fail(target, "error without %s:line: %s", file, err->message);
}

void fuzz_scenario(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size);
	struct world_options opt = { .seed_set = true, .seed = 1 };
	GError *err = NULL;
	struct world *w = world_load_text(text, FUZZ_SCENARIO_NAME, &opt, &err);
	struct metrics m;

	g_free(text);
	if (!w) {
		error_named("scenario", err, FUZZ_SCENARIO_NAME ":");
		g_error_free(err);
		return;
	}
	if (err)
		fuzz_fail("scenario", "loaded with an error set: %s", err->message);
	w->duration = MIN(w->duration, FUZZ_SCENARIO_RUN);
	world_run(w);
	metrics_init(&m);
	world_metrics(w, &m);
	expect_evaluate(w, &m);
	metrics_fini(&m);
	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);

		for (guint k = 0; k < h->bonds->len; k++) {
			GString *s = g_string_new(NULL);

			bond_proc_dump(g_ptr_array_index(h->bonds, k), s);
			g_string_free(s, TRUE);
		}
	}
	/* the /sys and /proc trees --out would write */
	GPtrArray *tree = sysfs_tree_new();

	sysfs_tree_world(w, "sysfs", "proc", tree);
	g_ptr_array_free(tree, TRUE);
	world_free(w);
}

/*
 * The same words the three ways the kernel takes them: a module load (then
 * sysfs writes of the same words on the loaded bond, as a boot does), the
 * module loader's line, and one "name=value" at a time through the table
 * and through sysfs.
 */
void fuzz_bond_options(const uint8_t *data, size_t size)
{
	char *line = g_strndup((const char *)data, size);
	GPtrArray *log = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *ignored = g_ptr_array_new_with_free_func(g_free);
	struct bond_param_repeats rep;
	struct bond_params p, q;
	GError *err = NULL;
	char **words;

	bond_params_init(&p);
	if (bond_params_parse(&p, line, &err) && bond_params_finalize(&p, log, &err)) {
		params_texts(&p);
		if (!bond_params_apply(&p, line, log, &err))
			error_named("bond_options", err, "");
		params_texts(&p);
	} else {
		error_named("bond_options", err, "");
	}
	g_clear_error(&err);

	bond_params_init(&p);
	if (bond_params_parse_module(&p, line, ignored, &err) &&
	    bond_params_finalize(&p, log, &err))
		params_texts(&p);
	else
		error_named("bond_options", err, "");
	g_clear_error(&err);

	bond_params_init(&p);
	bond_params_init(&q);
	words = g_strsplit_set(line, " \t\n", -1);
	for (char **w = words; *w; w++) {
		char *eq = strchr(*w, '=');

		if (!eq)
			continue;
		*eq = '\0';
		if (!bond_opt_set(&p, *w, eq + 1, &err))
			error_named("bond_options", err, "");
		g_clear_error(&err);
		if (!bond_opt_store(&q, *w, eq + 1, log, &err))
			error_named("bond_options", err, "");
		g_clear_error(&err);
	}
	g_strfreev(words);
	params_texts(&p);
	params_texts(&q);

	bond_param_repeats_init(&rep);
	bond_param_repeats_add(&rep, line, FUZZ_CONF_NAME, 1, log);
	bond_param_repeats_fini(&rep);

	g_ptr_array_free(ignored, TRUE);
	g_ptr_array_free(log, TRUE);
	g_free(line);
}

/* After a boot, read every bond as the loader would. */
static void conf_boot(const char *target, struct bond_conf_set *set)
{
	/* the NICs udev's .link files are matched against, as a host's */
	static const char *const nics[] = { "eth0", "eth1", "eth2", "eth3", NULL };
	static const guint8 macs[4][6] = { { 2, 0, 0, 0, 0, 1 }, { 2, 0, 0, 0, 0, 2 },
					   { 2, 0, 0, 0, 0, 3 }, { 2, 0, 0, 0, 0, 4 } };
	GError *err = NULL;

	if (!bond_conf_link_files_apply(set, 4, nics, macs, &err) ||
	    !bond_conf_finalize(set, &err)) {
		error_named(target, err, "");
		g_error_free(err);
		return;
	}
	for (guint i = 0; i < set->bonds->len; i++) {
		struct bond_conf *b = g_ptr_array_index(set->bonds, i);

		params_texts(&b->params);
		if (bond_conf_find(set, b->name) != b)
			fuzz_fail(target, "bond %s is not found by its name", b->name);
	}
}

void fuzz_modprobe(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size);
	struct bond_conf_set *set = bond_conf_set_new();
	GError *err = NULL;

	if (bond_conf_parse_modprobe(set, text, FUZZ_CONF_NAME, 1, &err)) {
		conf_boot("modprobe", set);
	} else {
		error_named("modprobe", err, FUZZ_CONF_NAME ":");
		g_error_free(err);
	}
	bond_conf_set_free(set);
	g_free(text);
}

static gboolean conf_parse_one(struct bond_conf_set *set, const char *key, const char *body,
			       int first, GError **error)
{
	if (!key)
		return bond_conf_parse_ifcfg(set, NULL, body, FUZZ_CONF_NAME, first, error);
	if (strcmp(key, "modprobe.d") == 0)
		return bond_conf_parse_modprobe(set, body, FUZZ_CONF_NAME, first, error);
	if (g_str_has_prefix(key, "ifcfg-"))
		return bond_conf_parse_ifcfg(set, key + 6, body, FUZZ_CONF_NAME, first, error);
	return TRUE;		/* no file the loader knows: skipped */
}

/*
 * A host's files in one input, as a scenario holds them: a line "### KEY"
 * starts a file, KEY being "modprobe.d" or "ifcfg-NAME"; text before the
 * first such line is an ifcfg file found by its DEVICE=.
 */
void fuzz_ifcfg(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size);
	char **lines = g_strsplit(text, "\n", -1);
	GString *body = g_string_new(NULL);
	struct bond_conf_set *set = bond_conf_set_new();
	const char *key = NULL;
	GError *err = NULL;
	gboolean ok = TRUE;
	int first = 1;

	for (guint i = 0; ok; i++) {
		if (lines[i] && !g_str_has_prefix(lines[i], "### ")) {
			g_string_append(body, lines[i]);
			g_string_append_c(body, '\n');
			continue;
		}
		if (key || body->len)
			ok = conf_parse_one(set, key, body->str, first, &err);
		if (!lines[i])
			break;
		key = lines[i] + 4;
		first = (int)i + 2;
		g_string_truncate(body, 0);
	}
	if (ok) {
		conf_boot("ifcfg", set);
	} else {
		error_named("ifcfg", err, FUZZ_CONF_NAME ":");
		g_error_free(err);
	}
	bond_conf_set_free(set);
	g_string_free(body, TRUE);
	g_strfreev(lines);
	g_free(text);
}

/* The parser of one tool's named files, as bond_conf_parse_networkd() is. */
typedef gboolean (*named_parse_fn)(struct bond_conf_set *s, const char *name, const char *text,
				   const char *file, int first_line, GError **error);

/*
 * Several named files in one input: a line "### NAME" starts each (text
 * before the first is a file named @first_name), each read by @parse, then
 * the boot; @target names the fuzz target in an error that is not file:line.
 */
static void named_files(const uint8_t *data, size_t size, const char *target,
			const char *first_name, named_parse_fn parse)
{
	char *text = g_strndup((const char *)data, size);
	char **lines = g_strsplit(text, "\n", -1);
	GString *body = g_string_new(NULL);
	struct bond_conf_set *set = bond_conf_set_new();
	const char *name = first_name;
	GError *err = NULL;
	gboolean ok = TRUE;
	int first = 1;

	for (guint i = 0; ok; i++) {
		if (lines[i] && !g_str_has_prefix(lines[i], "### ")) {
			g_string_append(body, lines[i]);
			g_string_append_c(body, '\n');
			continue;
		}
		if (i > 0)
			ok = parse(set, name, body->str, FUZZ_CONF_NAME, first, &err);
		if (!lines[i])
			break;
		name = lines[i] + 4;
		first = (int)i + 2;
		g_string_truncate(body, 0);
	}
	if (ok) {
		conf_boot(target, set);
	} else {
		error_named(target, err, FUZZ_CONF_NAME ":");
		g_error_free(err);
	}
	bond_conf_set_free(set);
	g_string_free(body, TRUE);
	g_strfreev(lines);
	g_free(text);
}

/*
 * A host's systemd-networkd files in one input: a line "### NAME.netdev" or
 * "### NAME.network" starts each (text before the first is a file named
 * "fuzz.netdev"), then the boot.
 */
void fuzz_networkd(const uint8_t *data, size_t size)
{
	named_files(data, size, "networkd", "fuzz.netdev", bond_conf_parse_networkd);
}

/* NetworkManager keyfiles of one host: "### NAME" starts each, then the boot. */
void fuzz_nm(const uint8_t *data, size_t size)
{
	named_files(data, size, "nm", "fuzz.nmconnection", bond_conf_parse_nm);
}

/* An /etc/network/interfaces file, then the boot. */
void fuzz_interfaces(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size);
	struct bond_conf_set *set = bond_conf_set_new();
	GError *err = NULL;

	if (bond_conf_parse_interfaces(set, text, FUZZ_CONF_NAME, 1, &err)) {
		conf_boot("interfaces", set);
	} else {
		error_named("interfaces", err, FUZZ_CONF_NAME ":");
		g_error_free(err);
	}
	bond_conf_set_free(set);
	g_free(text);
}

/*
 * A host's netplan YAML files: a line "### NAME.yaml" starts each (text
 * before the first is "fuzz.yaml"), then the boot (netplan's networkd files,
 * then networkd's bonds).
 */
void fuzz_netplan(const uint8_t *data, size_t size)
{
	named_files(data, size, "netplan", "fuzz.yaml", bond_conf_parse_netplan);
}

/*
 * `bondsim hash` with one argument a line.  --frames reads a file or
 * standard input, which an input must not make a fuzzer do: it is left out.
 */
void fuzz_hash_cmd(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size);
	char **lines = g_strsplit(text, "\n", 64);
	GPtrArray *argv = g_ptr_array_new();
	int rc;

	g_ptr_array_add(argv, (char *)"hash");
	for (char **l = lines; *l; l++)
		if (!strstr(*l, "frames"))
			g_ptr_array_add(argv, *l);
	g_ptr_array_add(argv, NULL);
	rc = hash_cmd_main((int)argv->len - 1, (char **)argv->pdata);
	if (rc != 0 && rc != 2)
		fuzz_fail("hash_cmd", "exit status %d", rc);
	g_ptr_array_free(argv, TRUE);
	g_strfreev(lines);
	g_free(text);
}
