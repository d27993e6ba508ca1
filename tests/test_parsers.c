/*
 * test_parsers.c - text users write outside option values: the INI dialect
 * of scenario files (continuations, duplicate keys) and MAC addresses.
 */
#include <criterion/criterion.h>
#include <string.h>
#include "ini.h"
#include "link/netdev.h"

static struct ini *parse(const char *text)
{
	GError *e = NULL;
	struct ini *ini = ini_parse(text, "t.ini", &e);

	cr_assert_not_null(ini, "%s", e ? e->message : "");
	return ini;
}

static struct ini_section *section(struct ini *ini, guint i)
{
	cr_assert_lt(i, ini->sections->len);
	return g_ptr_array_index(ini->sections, i);
}

/* An indented line after "key = value" is a key of its own: gluing it onto
 * the value turned "ports = Gi0/1-4" plus "aging = 10s" into one bad value. */
Test(parsers, ini_indented_entry_after_a_value_is_its_own_key)
{
	struct ini *ini = parse("[switch sw1]\nports = Gi0/1-4\n    aging = 10s\n"
				"\tvlan = 10 ; access\n");
	struct ini_section *s = section(ini, 0);
	struct ini_entry *e;

	cr_assert_eq(s->entries->len, 3);
	e = ini_get(s, "ports");
	cr_assert_str_eq(e->value, "Gi0/1-4");
	e = ini_get(s, "aging");
	cr_assert_not_null(e);
	cr_assert_str_eq(e->value, "10s");
	cr_assert_eq(e->line, 3);
	e = ini_get(s, "vlan");
	cr_assert_str_eq(e->value, "10");	/* an ordinary entry: comment stripped */
	ini_free(ini);
}

/* "key =" alone on its line opens an embedded file: indented lines follow,
 * comments inside it are kept for the embedded file's own parser, and the
 * first unindented line ends it. */
Test(parsers, ini_continuation_only_after_an_empty_value)
{
	struct ini *ini = parse("[host h]\nmodprobe.d =\n    alias bond0 bonding\n"
				"\n    # mode 1\n    options bonding mode=1\n"
				"ifcfg eth0 =\n\tDEVICE=eth0\n\tMASTER=bond0 ; x\n"
				"bond bond0 = eth0\n  note = kept apart\n");
	struct ini_section *s = section(ini, 0);
	struct ini_entry *e;

	cr_assert_eq(s->entries->len, 4);
	e = ini_get(s, "modprobe.d");
	cr_assert_str_eq(e->value, "alias bond0 bonding\n# mode 1\noptions bonding mode=1");
	cr_assert_eq(e->line, 2);
	e = ini_get(s, "ifcfg eth0");
	cr_assert_str_eq(e->value, "DEVICE=eth0\nMASTER=bond0 ; x");
	cr_assert_str_eq(ini_get(s, "bond bond0")->value, "eth0");
	cr_assert_str_eq(ini_get(s, "note")->value, "kept apart");
	ini_free(ini);
}

/* A bare line (no '=') has no value to continue: an indented line after it
 * is another bare line, as [faults] and [expect] write them. */
Test(parsers, ini_indented_line_after_a_bare_line)
{
	struct ini *ini = parse("[faults]\n1s cable sw1:1 down\n  2s cable sw1:1 up # back\n");
	struct ini_section *s = section(ini, 0);
	struct ini_entry *e = g_ptr_array_index(s->entries, 1);

	cr_assert_eq(s->entries->len, 2);
	cr_assert_null(e->key);
	cr_assert_str_eq(e->value, "2s cable sw1:1 up");
	ini_free(ini);
}

Test(parsers, ini_duplicate_keys_are_found)
{
	struct ini *ini = parse("[sim]\nduration = 5s\nseed = 1\nlog = x\n  seed = 2\n"
				"[faults]\n1s a\n1s a\n[host h]\nmodprobe.d =\n  x = 1\n  x = 1\n");
	const struct ini_entry *first = NULL, *second = NULL;

	cr_assert(ini_section_dup_key(section(ini, 0), &first, &second));
	cr_assert_str_eq(first->key, "seed");
	cr_assert_eq(first->line, 3);
	cr_assert_eq(second->line, 5);
	/* bare lines repeat legitimately; continuation text is one value */
	cr_assert_not(ini_section_dup_key(section(ini, 1), &first, &second));
	cr_assert_not(ini_section_dup_key(section(ini, 2), NULL, NULL));
	ini_free(ini);
}

/* The first repeat in file order is the one reported. */
Test(parsers, ini_duplicate_key_reports_the_earliest_repeat)
{
	struct ini *ini = parse("[s]\na = 1\nb = 1\nb = 2\na = 2\n");
	const struct ini_entry *first = NULL, *second = NULL;

	cr_assert(ini_section_dup_key(section(ini, 0), &first, &second));
	cr_assert_str_eq(first->key, "b");
	cr_assert_eq(first->line, 3);
	cr_assert_eq(second->line, 4);
	cr_assert(ini_section_dup_key(section(ini, 0), NULL, NULL));
	ini_free(ini);
}

static void mac_is(const char *text, const char *want)
{
	uint8_t mac[6];
	char buf[18];

	cr_assert(mac_parse(text, mac), "'%s' refused", text);
	cr_assert_str_eq(mac_format(mac, buf), want, "'%s'", text);
}

Test(parsers, mac_forms)
{
	mac_is("00:16:36:1b:bb:74", "00:16:36:1b:bb:74");
	mac_is("00-16-36-1B-BB-74", "00:16:36:1b:bb:74");
	mac_is("0016.361b.bb74", "00:16:36:1b:bb:74");
	mac_is("FFFF.FFFF.FFFE", "ff:ff:ff:ff:ff:fe");
	mac_is("02:00:00:00:00:01", "02:00:00:00:00:01");
}

Test(parsers, mac_refuses_everything_else)
{
	static const char *const bad[] = {
		"", "0:1:2:3:4:5", "00:16:36:1b:bb:7", "00:16:36:1b:bb:74:",
		"00:16:36:1b:bb:74x", "00:16:36:1b:bb:74 ", " 00:16:36:1b:bb:74",
		"00:16-36:1b:bb:74", "00.16.36.1b.bb.74", "00:16:36:1b:bb:7g",
		"0016.361b.bb7", "0016.361b.bb74.", "0016.361b.bb74x", "0016:361b:bb74",
		"016.361b.bb745", "0016.361b.+b74", "0016.361b. b74", "0x16.361b.bb74",
		"+0:16:36:1b:bb:74", "00:16:36:1b:bb:+4", "00:16:36:1b:bb: 4",
		"001636.1bbb74", "00163.61bbb.74",
	};
	uint8_t mac[6];

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
		cr_assert_not(mac_parse(bad[i], mac), "'%s' accepted", bad[i]);
}
