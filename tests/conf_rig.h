/*
 * conf_rig.h - parsing configuration files into a bond_conf_set, for the
 * tests of the formats (test_bond_config.c, _more.c, _netplan.c, _tools.c,
 * _ifenslave.c, _module.c, _link.c): parse or expect a refusal with its
 * exact text, boot, look a bond up, check the warnings.  Texts start at line 10 of FILE_NAME, as
 * if inside a scenario file.  A suite takes .init = conf_setup, .fini =
 * conf_teardown.
 */
#ifndef BONDSIM_TEST_CONF_RIG_H
#define BONDSIM_TEST_CONF_RIG_H

#include <criterion/criterion.h>
#include <string.h>

#include "bond/bond_config.h"

#define FILE_NAME "host.bsim"

static struct bond_conf_set *set;

static inline void conf_setup(void)
{
	set = bond_conf_set_new();
}

static inline void conf_teardown(void)
{
	bond_conf_set_free(set);
}

static inline void networkd(const char *name, const char *text)
{
	GError *err = NULL;

	cr_assert(bond_conf_parse_networkd(set, name, text, FILE_NAME, 10, &err), "%s",
		  err ? err->message : "");
}

static inline void interfaces(const char *text)
{
	GError *err = NULL;

	cr_assert(bond_conf_parse_interfaces(set, text, FILE_NAME, 10, &err), "%s",
		  err ? err->message : "");
}

static inline void nm(const char *name, const char *text)
{
	GError *err = NULL;

	cr_assert(bond_conf_parse_nm(set, name, text, FILE_NAME, 10, &err), "%s",
		  err ? err->message : "");
}

static inline void nm_fails_with(const char *name, const char *text, const char *msg)
{
	GError *err = NULL;

	cr_assert_not(bond_conf_parse_nm(set, name, text, FILE_NAME, 10, &err), "parsed");
	cr_assert_str_eq(err->message, msg);
	g_error_free(err);
}

static inline void boot(void)
{
	GError *err = NULL;

	cr_assert(bond_conf_finalize(set, &err), "%s", err ? err->message : "");
}

static inline void boot_fails_with(const char *msg)
{
	GError *err = NULL;

	cr_assert_not(bond_conf_finalize(set, &err), "boot succeeded");
	cr_assert_str_eq(err->message, msg);
	g_error_free(err);
}

static inline void networkd_fails_with(const char *name, const char *text, const char *msg)
{
	GError *err = NULL;

	cr_assert_not(bond_conf_parse_networkd(set, name, text, FILE_NAME, 10, &err), "parsed");
	cr_assert_str_eq(err->message, msg);
	g_error_free(err);
}

static inline void interfaces_fails_with(const char *text, const char *msg)
{
	GError *err = NULL;

	cr_assert_not(bond_conf_parse_interfaces(set, text, FILE_NAME, 10, &err), "parsed");
	cr_assert_str_eq(err->message, msg);
	g_error_free(err);
}

static inline struct bond_conf *bond(const char *name)
{
	struct bond_conf *b = bond_conf_find(set, name);

	cr_assert_not_null(b, "no %s", name);
	return b;
}

/* A warning on how a file was read, or a line the kernel printed: either list. */
static inline gboolean warned(const char *text)
{
	for (guint i = 0; i < set->warnings->len; i++)
		if (!strcmp(set->warnings->pdata[i], text))
			return TRUE;
	for (guint i = 0; i < set->kernel->len; i++)
		if (!strcmp(set->kernel->pdata[i], text))
			return TRUE;
	return FALSE;
}

static inline char *all_warnings(void)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < set->warnings->len; i++)
		g_string_append_printf(s, "  [%s]\n", (char *)set->warnings->pdata[i]);
	for (guint i = 0; i < set->kernel->len; i++)
		g_string_append_printf(s, "  kernel [%s]\n", (char *)set->kernel->pdata[i]);
	return g_string_free(s, FALSE);
}

#define assert_warned(text)                                                          \
	do {                                                                         \
		g_autofree char *w_ = all_warnings();                                \
		cr_assert(warned(text), "missing warning [%s]; have:\n%s", text, w_); \
	} while (0)

#define assert_slaves(b, ...)                                                          \
	do {                                                                           \
		const char *want_[] = { __VA_ARGS__ };                                 \
		cr_assert_eq((b)->slaves->len, G_N_ELEMENTS(want_), "%u slaves",        \
			     (b)->slaves->len);                                        \
		for (guint k_ = 0; k_ < G_N_ELEMENTS(want_); k_++)                     \
			cr_assert_str_eq((b)->slaves->pdata[k_], want_[k_]);           \
	} while (0)

#endif
