// SPDX-License-Identifier: MIT
/*
 * DOC: test_bond_options.c - the option table and its three front ends
 *
 * For every option: a name and a number that parse, a value that does not,
 * a number out of range, and the mode where the kernel refuses or ignores it.
 * Module-load adjustments are checked against the exact bond_check_params()
 * texts of Linux 6.x, since users compare them with their dmesg.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "bond/bond_options.h"

/* ---- helpers ----------------------------------------------------------- */

static struct bond_params fresh(void)
{
	struct bond_params p;

	bond_params_init(&p);
	return p;
}

/* bond_opt_set() must succeed; returns the int the option landed in. */
static int set_ok(struct bond_params *p, const char *name, const char *value)
{
	GError *err = NULL;
	gboolean ok = bond_opt_set(p, name, value, &err);

	cr_assert(ok, "%s=%s: %s", name, value, err ? err->message : "");
	g_clear_error(&err);
	const struct bond_opt_desc *d = bond_opt_lookup(name);

	return d->values ? *(int *)(void *)((char *)p + d->field) : 0;
}

/* bond_opt_set() must fail with code; the message is returned (g_free). */
static char *set_fails(struct bond_params *p, const char *name, const char *value, int code)
{
	GError *err = NULL;
	char *msg;

	cr_assert_not(bond_opt_set(p, name, value, &err), "%s=%s accepted", name, value);
	cr_assert_eq(err->code, code, "%s=%s: code %d, message: %s", name, value, err->code,
		     err->message);
	msg = g_strdup(err->message);
	g_error_free(err);
	return msg;
}

/* bond_opt_store() (a sysfs write) must fail with code. */
static char *store_fails(struct bond_params *p, const char *name, const char *value, int code,
			 GPtrArray *log)
{
	GError *err = NULL;
	char *msg;

	cr_assert_not(bond_opt_store(p, name, value, log, &err), "%s=%s stored", name, value);
	cr_assert_eq(err->code, code, "%s=%s: code %d: %s", name, value, err->code, err->message);
	msg = g_strdup(err->message);
	g_error_free(err);
	return msg;
}

static void store_ok(struct bond_params *p, const char *name, const char *value, GPtrArray *log)
{
	GError *err = NULL;
	gboolean ok = bond_opt_store(p, name, value, log, &err);

	cr_assert(ok, "%s=%s: %s", name, value, err ? err->message : "");
	g_clear_error(&err);
}

/* Module load of "line": parse + finalize must succeed; log collected. */
static struct bond_params load(const char *line, GPtrArray *log)
{
	struct bond_params p = fresh();
	GError *err = NULL;

	cr_assert(bond_params_parse(&p, line, &err), "parse '%s': %s", line,
		  err ? err->message : "");
	cr_assert(bond_params_finalize(&p, log, &err), "finalize '%s': %s", line,
		  err ? err->message : "");
	return p;
}

/* Module load that must fail in finalize with code. */
static char *load_fails(const char *line, int code, GPtrArray *log)
{
	struct bond_params p = fresh();
	GError *err = NULL;
	char *msg;

	cr_assert(bond_params_parse(&p, line, &err), "parse '%s': %s", line,
		  err ? err->message : "");
	cr_assert_not(bond_params_finalize(&p, log, &err), "'%s' loaded", line);
	cr_assert_eq(err->code, code, "'%s': code %d: %s", line, err->code, err->message);
	msg = g_strdup(err->message);
	g_error_free(err);
	return msg;
}

static char *parse_fails(const char *line, int code)
{
	struct bond_params p = fresh();
	GError *err = NULL;
	char *msg;

	cr_assert_not(bond_params_parse(&p, line, &err), "'%s' parsed", line);
	cr_assert_eq(err->code, code, "'%s': code %d: %s", line, err->code, err->message);
	msg = g_strdup(err->message);
	g_error_free(err);
	return msg;
}

static gboolean has_line(GPtrArray *log, const char *text)
{
	for (guint i = 0; i < log->len; i++)
		if (!strcmp(log->pdata[i], text))
			return TRUE;
	return FALSE;
}

static char *dump(GPtrArray *log)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < log->len; i++)
		g_string_append_printf(s, "  [%s]\n", (char *)log->pdata[i]);
	return g_string_free(s, FALSE);
}

#define assert_logged(log, text)                                                           \
	do {                                                                               \
		g_autofree char *all_ = dump(log);                                          \
		cr_assert(has_line(log, text), "missing log line [%s]; have:\n%s", text, all_); \
	} while (0)

#define assert_contains(msg, sub) \
	cr_assert(strstr(msg, sub), "[%s] does not contain [%s]", msg, sub)

static GPtrArray *newlog(void)
{
	return g_ptr_array_new_with_free_func(g_free);
}

/* ---- defaults, names, table -------------------------------------------- */

Test(bond_options, kernel_defaults)
{
	struct bond_params p = fresh();

	cr_assert_eq(p.mode, BOND_MODE_ROUNDROBIN);
	cr_assert_eq(p.miimon, 0);
	cr_assert_eq(p.use_carrier, 1);
	cr_assert_eq(p.arp_missed_max, 2);
	cr_assert_eq(p.num_peer_notif, 1);
	cr_assert_eq(p.packets_per_slave, 1);
	cr_assert_eq(p.resend_igmp, 1);
	cr_assert_eq(p.lacp_active, 1);
	cr_assert_eq(p.lacp_rate, 0);
	cr_assert_eq(p.ad_actor_sys_prio, 65535);
	cr_assert_eq(p.ad_user_port_key, 0);
	cr_assert_eq(p.tlb_dynamic_lb, 1);
	cr_assert_eq(p.lp_interval, 1);
	cr_assert_eq(p.tx_queues, 16);
	cr_assert_eq(p.max_bonds, 1);
	cr_assert_eq(p.arp_targets_count, 0);
	cr_assert_eq(p.set_mask[0], 0u);
	cr_assert_eq(p.set_mask[1], 0u);
}

Test(bond_options, names_and_display)
{
	cr_assert_str_eq(bond_mode_name(0), "balance-rr");
	cr_assert_str_eq(bond_mode_name(4), "802.3ad");
	cr_assert_str_eq(bond_mode_name(6), "balance-alb");
	cr_assert_str_eq(bond_mode_name(7), "unknown");
	cr_assert_str_eq(bond_mode_desc(1), "fault-tolerance (active-backup)");
	cr_assert_str_eq(bond_mode_desc(4), "IEEE 802.3ad Dynamic link aggregation");
	cr_assert_str_eq(bond_opt_value_name("xmit_hash_policy", 1), "layer3+4");
	cr_assert_str_eq(bond_opt_value_name("xmit_hash_policy", 5), "vlan+srcmac");
	cr_assert_str_eq(bond_opt_value_name("mode", 4), "802.3ad");
	cr_assert_str_eq(bond_opt_value_name("arp_validate", 6), "filter_backup");
	cr_assert_str_eq(bond_opt_value_name("lacp_rate", 1), "fast");
	cr_assert_str_eq(bond_opt_value_name("primary_reselect", 2), "failure");
	cr_assert_null(bond_opt_value_name("miimon", 100));
	cr_assert_null(bond_opt_value_name("xmit_hash_policy", 9));
	cr_assert_null(bond_opt_value_name("nosuch", 0));
}

Test(bond_options, table_is_complete_and_consistent)
{
	for (int i = 0; i < BOND_OPT_COUNT; i++) {
		const struct bond_opt_desc *d = bond_opt_get(i);

		cr_assert_not_null(d);
		cr_assert_eq((int)d->id, i);
		cr_assert_eq(bond_opt_lookup(d->name), d, "%s", d->name);
		cr_assert_neq(d->modes, 0u, "%s", d->name);
		cr_assert_eq(d->unsupp & d->modes, 0u, "%s refused where it works", d->name);
		if (d->type == BOND_OPT_T_NUMBER)
			cr_assert_not_null(d->values, "%s", d->name);
	}
	cr_assert_null(bond_opt_get(BOND_OPT_COUNT));
	cr_assert(bond_opt_applies(BOND_OPT_LACP_RATE, BOND_MODE_8023AD));
	cr_assert_not(bond_opt_applies(BOND_OPT_LACP_RATE, BOND_MODE_XOR));
	cr_assert(bond_opt_applies(BOND_OPT_XMIT_HASH_POLICY, BOND_MODE_ALB));
	cr_assert_not(bond_opt_applies(BOND_OPT_XMIT_HASH_POLICY, BOND_MODE_BROADCAST));
	cr_assert_eq(bond_opt_default(bond_opt_get(BOND_OPT_AD_ACTOR_SYS_PRIO))->value, 65535);
}

/*
 * The module parameters are bond_main.c's module_param() list (Linux 6.1),
 * no more and no less: a name outside it, tlb_dynamic_lb among them, gets
 * "unknown parameter ... ignored" from the kernel even where sysfs takes it.
 */
Test(bond_options, module_parameters_are_the_kernels)
{
	static const char *const kernel[] = { "max_bonds", "tx_queues", "num_grat_arp",
		"num_unsol_na", "miimon", "updelay", "downdelay", "use_carrier", "mode",
		"primary", "primary_reselect", "lacp_rate", "ad_select", "min_links",
		"xmit_hash_policy", "arp_interval", "arp_ip_target", "arp_validate",
		"arp_all_targets", "fail_over_mac", "all_slaves_active", "resend_igmp",
		"packets_per_slave", "lp_interval", NULL };
	int n = 0;

	for (int i = 0; i < BOND_OPT_COUNT; i++) {
		const struct bond_opt_desc *d = bond_opt_get((enum bond_opt_id)i);
		bool is_param = g_strv_contains(kernel, d->name);

		cr_assert_eq(d->modparam != BOND_OPT_MP_NONE, is_param, "%s", d->name);
		n += is_param;
	}
	cr_assert_eq(n, 24);
	cr_assert_eq(bond_opt_get(BOND_OPT_LP_INTERVAL)->modparam, BOND_OPT_MP_UINT);
	cr_assert_eq(bond_opt_get(BOND_OPT_ARP_IP_TARGET)->modparam, BOND_OPT_MP_ARRAY);
	cr_assert_eq(bond_opt_get(BOND_OPT_MODE)->modparam, BOND_OPT_MP_CHARP);
	cr_assert_eq(bond_opt_get(BOND_OPT_MIIMON)->modparam, BOND_OPT_MP_INT);

	/* modprobe.d: ignored with the kernel's words, the rest applied */
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) ignored = g_ptr_array_new_with_free_func(g_free);

	cr_assert(bond_params_parse_module(&p, "tlb_dynamic_lb=0", ignored, NULL));
	cr_assert(bond_params_parse_module(&p, "miimon=250", ignored, NULL));
	cr_assert_eq(ignored->len, 1u);
	cr_assert_str_eq(g_ptr_array_index(ignored, 0), "tlb_dynamic_lb");
	cr_assert_eq(p.tlb_dynamic_lb, 1);
	cr_assert_eq(p.miimon, 250);
}

Test(bond_options, print_table)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	bond_opts_print_table(f);
	fclose(f);
	assert_contains(buf, "\nxmit_hash_policy\n");
	assert_contains(buf, "layer2 or 0, layer3+4 or 1, layer2+3 or 2, encap2+3 or 3, "
			"encap3+4 or 4, vlan+srcmac or 5");
	assert_contains(buf, "\nmiimon (ms)\n");
	assert_contains(buf, "allowed values 0 - 2147483647");
	assert_contains(buf, "default: 65535");
	assert_contains(buf, "refused at run time in: 802.3ad(4) balance-tlb(5) balance-alb(6)");
	assert_contains(buf, "set via: module parameter, sysfs/BONDING_OPTS");
	free(buf);
}

Test(bond_options, unknown_option_suggests_nearest)
{
	struct bond_params p = fresh();
	g_autofree char *m1 = set_fails(&p, "miimom", "100", BOND_OPT_ERROR_UNKNOWN);
	g_autofree char *m2 = parse_fails("mode=1 miimom=100", BOND_OPT_ERROR_UNKNOWN);
	g_autofree char *m3 = set_fails(&p, "zzzzzz", "1", BOND_OPT_ERROR_UNKNOWN);

	cr_assert_str_eq(m1, "unknown option 'miimom' (did you mean 'miimon'?); "
			 "'bondsim options' lists the valid ones");
	cr_assert_str_eq(m2, "unknown option 'miimom' (did you mean 'miimon'?); "
			 "'bondsim options' lists the valid ones");
	cr_assert_str_eq(m3, "unknown option 'zzzzzz'; 'bondsim options' lists the valid ones");
	cr_assert_str_eq(bond_opt_nearest("xmit_hash_polcy"), "xmit_hash_policy");
	cr_assert_str_eq(bond_opt_nearest("lacp-rate"), "lacp_rate");
	cr_assert_str_eq(bond_opt_nearest("arp_target"), "arp_ip_target");
	cr_assert_null(bond_opt_nearest("speed"));
}

Test(bond_options, module_names_accept_dashes)
{
	g_autoptr(GPtrArray) log = newlog();
	struct bond_params p = load("mode=1 arp-interval=500 arp-ip-target=10.0.0.1", log);

	cr_assert_eq(p.arp_interval, 500);
	cr_assert_eq(p.arp_targets_count, 1);
}

/* ---- mode ---------------------------------------------------------------- */

Test(bond_options, mode)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "mode", "802.3ad"), 4);
	cr_assert_eq(set_ok(&p, "mode", "1"), 1);
	cr_assert_eq(set_ok(&p, "mode", "balance-alb"), 6);
	cr_assert_eq(set_ok(&p, "mode", "default"), 0);
	cr_assert(bond_params_is_set(&p, BOND_OPT_MODE));

	g_autofree char *m = set_fails(&p, "mode", "activebackup", BOND_OPT_ERROR_INVALID);

	cr_assert_str_eq(m, "option mode: invalid value (activebackup); valid values: "
			 "balance-rr or 0, active-backup or 1, balance-xor or 2, broadcast or 3, "
			 "802.3ad or 4, balance-tlb or 5, balance-alb or 6");
	g_autofree char *m7 = set_fails(&p, "mode", "7", BOND_OPT_ERROR_INVALID);

	assert_contains(m7, "invalid value (7)");

	/* Module load: mode=4 and mode=802.3ad are the same. */
	struct bond_params a = load("mode=4", log), b = load("mode=802.3ad", NULL);

	cr_assert_eq(a.mode, 4);
	cr_assert_eq(b.mode, 4);

	g_autoptr(GPtrArray) log2 = newlog();
	g_autofree char *lm = load_fails("mode=foo miimon=100", BOND_OPT_ERROR_INVALID, log2);

	assert_logged(log2, "Error: Invalid bonding mode \"foo\"");
	assert_contains(lm, "option mode: invalid value (foo); valid values: balance-rr or 0");
}

/* ---- miimon, delays ----------------------------------------------------- */

Test(bond_options, miimon)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "miimon", "100"), 100);
	cr_assert_eq(set_ok(&p, "miimon", "off"), 0);
	cr_assert_eq(set_ok(&p, "miimon", " 250"), 250);

	g_autofree char *r = set_fails(&p, "miimon", "-1", BOND_OPT_ERROR_RANGE);
	g_autofree char *i = set_fails(&p, "miimon", "fast", BOND_OPT_ERROR_INVALID);
	g_autofree char *big = set_fails(&p, "miimon", "2147483648", BOND_OPT_ERROR_RANGE);

	cr_assert_str_eq(r, "option miimon: invalid value (-1), out of range; "
			 "allowed values 0 - 2147483647");
	cr_assert_str_eq(i, "option miimon: invalid value (fast); allowed values 0 - 2147483647");
	assert_contains(big, "out of range");

	/* Module parameters are C ints: kstrtoint base 0. */
	cr_assert_eq(load("miimon=0x64", NULL).miimon, 100);
	cr_assert_eq(load("miimon=010", NULL).miimon, 8);
	g_autofree char *pf = parse_fails("miimon=fast", BOND_OPT_ERROR_INVALID);

	assert_contains(pf, "option miimon: invalid value (fast)");

	struct bond_params n = load("miimon=-5", log);

	cr_assert_eq(n.miimon, 0);
	assert_logged(log, "Warning: miimon module parameter (-5), not in range 0-2147483647, "
		      "so it was reset to 0");
}

Test(bond_options, miimon_not_forced_for_modes_0_to_3)
{
	for (int m = 0; m <= 3; m++) {
		g_autoptr(GPtrArray) log = newlog();
		g_autofree char *line = g_strdup_printf("mode=%d", m);
		struct bond_params p = load(line, log);

		/* Despite bonding.rst, the code forces 100 only for 802.3ad/tlb/alb. */
		cr_assert_eq(p.miimon, 0, "mode %d", m);
		cr_assert_eq(log->len, 0u, "mode %d logged something", m);
	}
}

Test(bond_options, miimon_forced_for_modes_4_5_6)
{
	for (int m = 4; m <= 6; m++) {
		g_autoptr(GPtrArray) log = newlog();
		g_autofree char *line = g_strdup_printf("mode=%d", m);
		struct bond_params p = load(line, log);

		cr_assert_eq(p.miimon, 100, "mode %d", m);
		assert_logged(log, "Warning: miimon must be specified, otherwise bonding will not "
			      "detect link failure, speed and duplex which are essential for "
			      "802.3ad operation");
		assert_logged(log, "Forcing miimon to 100msec");
	}
	g_autoptr(GPtrArray) log = newlog();
	struct bond_params p = load("mode=4 miimon=250", log);

	cr_assert_eq(p.miimon, 250);
	assert_logged(log, "MII link monitoring set to 250 ms");
	cr_assert_eq(log->len, 1u);
}

Test(bond_options, updelay)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "updelay", "200"), 200);
	cr_assert_eq(set_ok(&p, "updelay", "off"), 0);
	g_autofree char *r = set_fails(&p, "updelay", "-100", BOND_OPT_ERROR_RANGE);
	g_free(set_fails(&p, "updelay", "soon", BOND_OPT_ERROR_INVALID));

	assert_contains(r, "allowed values 0 - 2147483647");

	struct bond_params a = load("mode=1 miimon=100 updelay=250", log);

	cr_assert_eq(a.updelay, 200);
	cr_assert_eq(a.updelay_ticks, 2);
	assert_logged(log, "Warning: updelay (250) is not a multiple of miimon (100), updelay "
		      "rounded to 200 ms");

	g_autoptr(GPtrArray) log2 = newlog();
	struct bond_params b = load("mode=1 updelay=-3", log2);

	cr_assert_eq(b.updelay, 0);
	assert_logged(log2, "Warning: updelay module parameter (-3), not in range 0-2147483647, "
		      "so it was reset to 0");
}

Test(bond_options, downdelay)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "downdelay", "400"), 400);
	g_free(set_fails(&p, "downdelay", "-1", BOND_OPT_ERROR_RANGE));
	g_free(set_fails(&p, "downdelay", "x", BOND_OPT_ERROR_INVALID));

	struct bond_params a = load("mode=1 miimon=100 downdelay=150", log);

	cr_assert_eq(a.downdelay, 100);
	cr_assert_eq(a.downdelay_ticks, 1);
	assert_logged(log, "Warning: downdelay (150) is not a multiple of miimon (100), "
		      "downdelay rounded to 100 ms");

	g_autoptr(GPtrArray) log2 = newlog();
	struct bond_params b = load("downdelay=-7", log2);

	assert_logged(log2, "Warning: downdelay module parameter (-7), not in range "
		      "0-2147483647, so it was reset to 0");
	cr_assert_eq(b.downdelay, 0);
}

Test(bond_options, delays_without_miimon_are_ignored_but_kept)
{
	g_autoptr(GPtrArray) log = newlog();
	struct bond_params p = load("mode=1 updelay=200 downdelay=100", log);

	assert_logged(log, "Warning: miimon module parameter not set and updelay (200) or "
		      "downdelay (100) module parameter is set; updelay and downdelay have no "
		      "effect unless miimon is set");
	cr_assert_eq(p.updelay, 0);
	cr_assert_eq(p.downdelay, 0);

	/* The kernel kept 200 as a tick count: miimon=100 later makes it 20 s. */
	g_autoptr(GPtrArray) slog = newlog();

	store_ok(&p, "miimon", "100", slog);
	cr_assert_eq(p.updelay, 20000);
	cr_assert_eq(p.downdelay, 10000);
}

Test(bond_options, peer_notif_delay)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "peer_notif_delay", "300000"), 300000);
	cr_assert_eq(set_ok(&p, "peer_notif_delay", "off"), 0);
	g_autofree char *r = set_fails(&p, "peer_notif_delay", "300001", BOND_OPT_ERROR_RANGE);
	g_free(set_fails(&p, "peer_notif_delay", "later", BOND_OPT_ERROR_INVALID));

	cr_assert_str_eq(r, "option peer_notif_delay: invalid value (300001), out of range; "
			 "allowed values 0 - 300000");

	/* Not a module parameter. */
	struct bond_params m = load("mode=1 miimon=100 peer_notif_delay=500", log);

	assert_logged(log, "bonding: unknown parameter 'peer_notif_delay' ignored");
	cr_assert_eq(m.peer_notif_delay, 0);

	/* sysfs: a multiple of miimon, as the other delays. */
	g_autoptr(GPtrArray) slog = newlog();

	store_ok(&m, "peer_notif_delay", "250", slog);
	cr_assert_eq(m.peer_notif_delay, 200);
	assert_logged(slog, "peer notification delay (250) is not a multiple of miimon (100), "
		      "value rounded to 200 ms");
}

Test(bond_options, sysfs_delays_need_miimon)
{
	struct bond_params p = load("mode=1", NULL);
	g_autoptr(GPtrArray) log = newlog();
	g_free(store_fails(&p, "updelay", "200", BOND_OPT_ERROR_DEPEND, log));

	assert_logged(log, "Unable to set up delay as MII monitoring is disabled");
	g_free(store_fails(&p, "downdelay", "200", BOND_OPT_ERROR_DEPEND, log));

	assert_logged(log, "Unable to set down delay as MII monitoring is disabled");

	store_ok(&p, "miimon", "100", log);
	store_ok(&p, "updelay", "250", log);
	cr_assert_eq(p.updelay, 200);
	assert_logged(log, "up delay (250) is not a multiple of miimon (100), value rounded to "
		      "200 ms");
	/* Changing miimon rescales the kept tick count. */
	store_ok(&p, "miimon", "50", log);
	cr_assert_eq(p.updelay, 100);
}

Test(bond_options, use_carrier)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "use_carrier", "off"), 0);
	cr_assert_eq(set_ok(&p, "use_carrier", "1"), 1);
	g_autofree char *i = set_fails(&p, "use_carrier", "2", BOND_OPT_ERROR_INVALID);

	cr_assert_str_eq(i, "option use_carrier: invalid value (2); valid values: off or 0, "
			 "on or 1");

	struct bond_params m = load("use_carrier=2", log);

	cr_assert_eq(m.use_carrier, 1);
	assert_logged(log, "Warning: use_carrier module parameter (2), not of valid value (0/1), "
		      "so it was set to 1");
	g_autofree char *pf = parse_fails("use_carrier=on", BOND_OPT_ERROR_INVALID);

	assert_contains(pf, "names are not accepted here");
}

/* ---- ARP monitor -------------------------------------------------------- */

Test(bond_options, arp_interval)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "arp_interval", "1000"), 1000);
	g_free(set_fails(&p, "arp_interval", "-1", BOND_OPT_ERROR_RANGE));

	struct bond_params m = load("mode=1 arp_interval=1000 arp_ip_target=10.0.0.1", log);

	cr_assert_eq(m.arp_interval, 1000);
	cr_assert_eq(m.miimon, 0);
	assert_logged(log, "ARP monitoring set to 1000 ms, validate none, with 1 target(s): 10.0.0.1");
	cr_assert_eq(log->len, 1u);

	/* 802.3ad: miimon is forced, which then switches ARP monitoring off. */
	g_autoptr(GPtrArray) log4 = newlog();
	struct bond_params a = load("mode=4 arp_interval=1000 arp_ip_target=10.0.0.1", log4);

	cr_assert_eq(a.arp_interval, 0);
	cr_assert_eq(a.miimon, 100);
	assert_logged(log4, "Forcing miimon to 100msec");
	assert_logged(log4, "Warning: miimon (100) and arp_interval (1000) can't be used "
		      "simultaneously, disabling ARP monitoring");

	g_autoptr(GPtrArray) logn = newlog();
	struct bond_params n = load("arp_interval=-10", logn);

	cr_assert_eq(n.arp_interval, 0);
	assert_logged(logn, "Warning: arp_interval module parameter (-10), not in range "
		      "0-2147483647, so it was reset to 0");

	g_autoptr(GPtrArray) logt = newlog();
	struct bond_params t = load("mode=1 arp_interval=500", logt);

	cr_assert_eq(t.arp_interval, 0);
	assert_logged(logt, "Warning: arp_interval module parameter (500) specified without "
		      "providing an arp_ip_target parameter, arp_interval was reset to 0");

	/* sysfs: refused in 802.3ad/tlb/alb. */
	struct bond_params s4 = load("mode=4", NULL);
	g_autoptr(GPtrArray) slog = newlog();
	g_autofree char *sm = store_fails(&s4, "arp_interval", "100", BOND_OPT_ERROR_MODE, slog);

	cr_assert_str_eq(sm, "option arp_interval: mode dependency failed, not supported in "
			 "mode 802.3ad(4)");
	assert_logged(slog, "option arp_interval: mode dependency failed, not supported in "
		      "mode 802.3ad(4)");
}

Test(bond_options, miimon_and_arp_interval_exclude_each_other)
{
	g_autoptr(GPtrArray) log = newlog();
	struct bond_params p = load("mode=1 miimon=100 arp_interval=200 arp_ip_target=1.2.3.4",
				    log);

	cr_assert_eq(p.arp_interval, 0);
	assert_logged(log, "Warning: miimon (100) and arp_interval (200) can't be used "
		      "simultaneously, disabling ARP monitoring");

	/* sysfs: each setter switches the other monitor off. */
	store_ok(&p, "arp_interval", "300", log);
	cr_assert_eq(p.arp_interval, 300);
	cr_assert_eq(p.miimon, 0);
	store_ok(&p, "miimon", "100", log);
	cr_assert_eq(p.miimon, 100);
	cr_assert_eq(p.arp_interval, 0);
}

Test(bond_options, arp_ip_target)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	set_ok(&p, "arp_ip_target", "10.0.0.1,192.168.1.254");
	cr_assert_eq(p.arp_targets_count, 2);
	/* Network byte order: the first byte in memory is the first octet. */
	const uint8_t *b = (const uint8_t *)&p.arp_targets[1];

	cr_assert(b[0] == 192 && b[1] == 168 && b[2] == 1 && b[3] == 254);
	g_autofree char *txt = bond_opt_value_text(&p, BOND_OPT_ARP_IP_TARGET);

	cr_assert_str_eq(txt, "10.0.0.1,192.168.1.254");

	g_autofree char *i1 = set_fails(&p, "arp_ip_target", "10.0.0.256", BOND_OPT_ERROR_INVALID);
	g_free(set_fails(&p, "arp_ip_target", "0.1.2.3", BOND_OPT_ERROR_INVALID));
	g_free(set_fails(&p, "arp_ip_target", "255.255.255.255",
					BOND_OPT_ERROR_INVALID));
	g_free(set_fails(&p, "arp_ip_target", "10.0.0.1,10.0.0.1",
					BOND_OPT_ERROR_INVALID));

	assert_contains(i1, "option arp_ip_target: invalid value (10.0.0.256)");

	GString *many = g_string_new(NULL);

	for (int k = 1; k <= 17; k++)
		g_string_append_printf(many, "%s10.0.0.%d", k > 1 ? "," : "", k);
	g_free(set_fails(&p, "arp_ip_target", many->str, BOND_OPT_ERROR_RANGE));
	g_autofree char *line = g_strdup_printf("arp_ip_target=%s", many->str);
	g_autofree char *pr = parse_fails(line, BOND_OPT_ERROR_RANGE);

	assert_contains(pr, "can only take 16 arguments");
	g_string_free(many, TRUE);

	/* Module load: bad and duplicate entries are warnings. */
	struct bond_params m = load("mode=1 arp_interval=100 "
				    "arp_ip_target=10.0.0.1,10.0.0.1,10.0.0.2", log);

	cr_assert_eq(m.arp_targets_count, 2);
	cr_assert_eq(m.arp_interval, 100);
	assert_logged(log, "Warning: duplicate address 10.0.0.1 in arp_ip_target, skipping");

	g_autoptr(GPtrArray) log2 = newlog();
	struct bond_params x = load("mode=1 arp_interval=100 arp_ip_target=10.0.0.x,10.0.0.2",
				    log2);

	assert_logged(log2, "Warning: bad arp_ip_target module parameter (10.0.0.x), ARP "
		      "monitoring will not be performed");
	cr_assert_eq(x.arp_interval, 0);
	cr_assert_eq(x.arp_targets_count, 1);

	/* Quotes around the list, as modprobe.d lines often have. */
	struct bond_params q = load("mode=1 arp_interval=100 "
				    "arp_ip_target=\"10.0.0.1,10.0.0.2\"", NULL);

	cr_assert_eq(q.arp_targets_count, 2);
}

Test(bond_options, arp_ip_target_sysfs)
{
	struct bond_params p = load("mode=1", NULL);
	g_autoptr(GPtrArray) log = newlog();

	store_ok(&p, "arp_ip_target", "+10.0.0.1", log);
	store_ok(&p, "arp_ip_target", "+10.0.0.2", log);
	cr_assert_eq(p.arp_targets_count, 2);
	g_free(store_fails(&p, "arp_ip_target", "+10.0.0.1", BOND_OPT_ERROR_DEPEND,
					 log));

	assert_logged(log, "ARP target 10.0.0.1 is already present");
	store_ok(&p, "arp_ip_target", "-10.0.0.1", log);
	cr_assert_eq(p.arp_targets_count, 1);
	g_free(store_fails(&p, "arp_ip_target", "10.0.0.9", BOND_OPT_ERROR_INVALID,
					 log));

	assert_logged(log, "no command found in arp_ip_targets file - use +<addr> or -<addr>");
}

Test(bond_options, ns_ip6_target)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	set_ok(&p, "ns_ip6_target", "2001:db8::1,2001:db8::2");
	cr_assert_eq(p.ns_targets_count, 2);
	cr_assert_eq(p.ns_targets[0][0], 0x20);
	cr_assert_eq(p.ns_targets[0][15], 1);
	g_autofree char *txt = bond_opt_value_text(&p, BOND_OPT_NS_IP6_TARGET);

	cr_assert_str_eq(txt, "2001:db8::1,2001:db8::2");
	g_autofree char *m = set_fails(&p, "ns_ip6_target", "ff02::1", BOND_OPT_ERROR_INVALID);
	g_free(set_fails(&p, "ns_ip6_target", "::1", BOND_OPT_ERROR_INVALID));
	g_free(set_fails(&p, "ns_ip6_target", "10.0.0.1", BOND_OPT_ERROR_INVALID));

	assert_contains(m, "option ns_ip6_target: invalid value (ff02::1)");
	load("mode=1 ns_ip6_target=2001:db8::1", log);
	assert_logged(log, "bonding: unknown parameter 'ns_ip6_target' ignored");
}

/*
 * Linux 6.1 has no sysfs file for ns_ip6_target (6.1.176 checked: writing
 * it fails, ip link sets it): a sysfs write and BONDING_OPTS refuse it and
 * say how it is set, the sysfs dump has no such file, a netlink write
 * (NetworkManager, ip link) takes it.
 */
Test(bond_options, ns_ip6_target_is_netlink_only)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();
	g_autoptr(GError) err = NULL;

	set_ok(&p, "mode", "active-backup");
	cr_assert_not(bond_opt_store(&p, "ns_ip6_target", "+2001:db8::1", log, &err));
	cr_assert_str_eq(err->message, "option ns_ip6_target: there is no sysfs file for it in "
			 "Linux 6.1; it is set through netlink (ip link set BOND type bond "
			 "ns_ip6_target ..., NetworkManager)");
	cr_assert_null(bond_opt_sysfs_text(&p, BOND_OPT_NS_IP6_TARGET));
	cr_assert(bond_params_apply(&p, "arp_interval=100 ns_ip6_target=2001:db8::1", log, NULL),
		  "initscripts go on past a file that is not there");
	cr_assert_eq(p.ns_targets_count, 0);
	cr_assert_eq(p.arp_interval, 100);
	cr_assert(bond_opt_netlink_store(&p, "ns_ip6_target", "2001:db8::1", log, NULL));
	cr_assert_eq(p.ns_targets_count, 1);
	cr_assert_eq(p.ns_targets[0][15], 1);
}

Test(bond_options, arp_validate)
{
	static const char *const names[] = { "none", "active", "backup", "all", "filter",
					     "filter_active", "filter_backup" };
	struct bond_params p = fresh();

	for (int i = 0; i < 7; i++) {
		char num[4];

		g_snprintf(num, sizeof(num), "%d", i);
		cr_assert_eq(set_ok(&p, "arp_validate", names[i]), i);
		cr_assert_eq(set_ok(&p, "arp_validate", num), i);
	}
	g_autofree char *m = set_fails(&p, "arp_validate", "bogus", BOND_OPT_ERROR_INVALID);

	cr_assert_str_eq(m, "option arp_validate: invalid value (bogus); valid values: none or 0, "
			 "active or 1, backup or 2, all or 3, filter or 4, filter_active or 5, "
			 "filter_backup or 6");

	/* Module load: valid with ARP monitoring ... */
	struct bond_params ok = load("mode=1 arp_interval=100 arp_ip_target=10.0.0.1 "
				     "arp_validate=all", NULL);

	cr_assert_eq(ok.arp_validate, 3);

	/* ... the module refuses to load without it, even for "none". */
	g_autoptr(GPtrArray) log = newlog();
	g_autofree char *e = load_fails("mode=1 miimon=100 arp_validate=none",
					BOND_OPT_ERROR_DEPEND, log);

	assert_logged(log, "arp_validate requires arp_interval");
	assert_contains(e, "option arp_validate: requires arp_interval");

	g_autoptr(GPtrArray) log2 = newlog();
	g_free(load_fails("mode=1 arp_interval=100 arp_ip_target=10.0.0.1 "
					"arp_validate=bogus", BOND_OPT_ERROR_INVALID, log2));

	assert_logged(log2, "Error: invalid arp_validate \"bogus\"");

	/* sysfs: refused in tlb. */
	struct bond_params t = load("mode=5", NULL);
	g_autoptr(GPtrArray) slog = newlog();
	g_autofree char *sm = store_fails(&t, "arp_validate", "all", BOND_OPT_ERROR_MODE, slog);

	assert_contains(sm, "not supported in mode balance-tlb(5)");
}

Test(bond_options, arp_all_targets)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "arp_all_targets", "all"), 1);
	cr_assert_eq(set_ok(&p, "arp_all_targets", "0"), 0);
	g_autofree char *m = set_fails(&p, "arp_all_targets", "some", BOND_OPT_ERROR_INVALID);

	cr_assert_str_eq(m, "option arp_all_targets: invalid value (some); valid values: any or "
			 "0, all or 1");

	/* A bad value is logged as an error but the module still loads with "any". */
	struct bond_params b = load("mode=1 arp_all_targets=some", log);

	cr_assert_eq(b.arp_all_targets, 0);
	assert_logged(log, "Error: invalid arp_all_targets_value \"some\"");
	cr_assert_eq(load("mode=1 arp_all_targets=all", NULL).arp_all_targets, 1);
}

Test(bond_options, arp_missed_max)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "arp_missed_max", "5"), 5);
	cr_assert_eq(set_ok(&p, "arp_missed_max", "default"), 2);
	g_autofree char *r0 = set_fails(&p, "arp_missed_max", "0", BOND_OPT_ERROR_RANGE);
	g_free(set_fails(&p, "arp_missed_max", "256", BOND_OPT_ERROR_RANGE));
	g_free(set_fails(&p, "arp_missed_max", "many", BOND_OPT_ERROR_INVALID));

	assert_contains(r0, "allowed values 1 - 255");

	struct bond_params a = load("mode=6", NULL);
	g_autofree char *sm = store_fails(&a, "arp_missed_max", "3", BOND_OPT_ERROR_MODE, log);

	assert_contains(sm, "not supported in mode balance-alb(6)");
	load("arp_missed_max=3", log);
	assert_logged(log, "bonding: unknown parameter 'arp_missed_max' ignored");
}

/* ---- primary, failover ---------------------------------------------------- */

Test(bond_options, primary)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	set_ok(&p, "primary", "eth1");
	cr_assert_str_eq(p.primary, "eth1");
	g_autofree char *m = set_fails(&p, "primary", "averyveryverylongname",
				       BOND_OPT_ERROR_INVALID);

	assert_contains(m, "at most 15 characters");

	struct bond_params a = load("mode=1 miimon=100 primary=eth1", log);

	cr_assert_str_eq(a.primary, "eth1");
	assert_logged(log, "MII link monitoring set to 100 ms");
	cr_assert_eq(log->len, 1u);

	struct bond_params r = load("mode=0 primary=eth1", log);

	cr_assert_str_eq(r.primary, "");
	assert_logged(log, "Warning: eth1 primary device specified but has no effect in load "
		      "balancing (round-robin) mode");

	g_autofree char *sm = store_fails(&r, "primary", "eth1", BOND_OPT_ERROR_MODE, log);

	cr_assert_str_eq(sm, "option primary: mode dependency failed, not supported in mode "
			 "balance-rr(0)");
}

Test(bond_options, primary_reselect)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "primary_reselect", "better"), 1);
	cr_assert_eq(set_ok(&p, "primary_reselect", "2"), 2);
	g_autofree char *m = set_fails(&p, "primary_reselect", "never", BOND_OPT_ERROR_INVALID);

	cr_assert_str_eq(m, "option primary_reselect: invalid value (never); valid values: "
			 "always or 0, better or 1, failure or 2");

	cr_assert_eq(load("mode=1 primary=eth0 primary_reselect=failure", NULL).primary_reselect,
		     2);
	/* Without a primary the kernel never even parses it. */
	struct bond_params n = load("mode=1 primary_reselect=bogus", log);

	cr_assert_eq(n.primary_reselect, 0);
	cr_assert_eq(log->len, 0u);
	g_free(load_fails("mode=1 primary=eth0 primary_reselect=bogus",
					BOND_OPT_ERROR_INVALID, log));

	assert_logged(log, "Error: Invalid primary_reselect \"bogus\"");
}

Test(bond_options, fail_over_mac)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "fail_over_mac", "follow"), 2);
	cr_assert_eq(set_ok(&p, "fail_over_mac", "1"), 1);
	g_autofree char *m = set_fails(&p, "fail_over_mac", "yes", BOND_OPT_ERROR_INVALID);

	cr_assert_str_eq(m, "option fail_over_mac: invalid value (yes); valid values: none or 0, "
			 "active or 1, follow or 2");

	struct bond_params x = load("mode=2 fail_over_mac=active", log);

	cr_assert_eq(x.fail_over_mac, 1);	/* kept, only warned about */
	assert_logged(log, "Warning: fail_over_mac only affects active-backup mode");
	g_free(load_fails("mode=1 fail_over_mac=bogus", BOND_OPT_ERROR_INVALID, log));

	assert_logged(log, "Error: invalid fail_over_mac \"bogus\"");
}

Test(bond_options, num_grat_arp_and_num_unsol_na)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "num_grat_arp", "10"), 10);
	cr_assert_eq(set_ok(&p, "num_unsol_na", "20"), 20);
	cr_assert_eq(p.num_peer_notif, 20);	/* one counter behind both names */
	cr_assert_eq(set_ok(&p, "num_grat_arp", "default"), 1);
	g_autofree char *r = set_fails(&p, "num_unsol_na", "256", BOND_OPT_ERROR_RANGE);

	cr_assert_str_eq(r, "option num_unsol_na: invalid value (256), out of range; allowed "
			 "values 0 - 255");
	g_free(set_fails(&p, "num_grat_arp", "lots", BOND_OPT_ERROR_INVALID));

	struct bond_params m = load("mode=1 miimon=100 num_grat_arp=300", log);

	cr_assert_eq(m.num_peer_notif, 1);
	assert_logged(log, "Warning: num_grat_arp/num_unsol_na (300) not in range 0-255 so it was "
		      "reset to 1");
	cr_assert_eq(load("num_unsol_na=5", NULL).num_peer_notif, 5);
}

/* ---- balancing ------------------------------------------------------------ */

Test(bond_options, packets_per_slave)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "packets_per_slave", "0"), 0);
	cr_assert_eq(set_ok(&p, "packets_per_slave", "65535"), 65535);
	g_autofree char *r = set_fails(&p, "packets_per_slave", "65536", BOND_OPT_ERROR_RANGE);
	g_free(set_fails(&p, "packets_per_slave", "all", BOND_OPT_ERROR_INVALID));

	cr_assert_str_eq(r, "option packets_per_slave: invalid value (65536), out of range; "
			 "allowed values 0 - 65535");

	struct bond_params m = load("packets_per_slave=70000", log);

	cr_assert_eq(m.packets_per_slave, 1);
	assert_logged(log, "Warning: packets_per_slave (70000) should be between 0 and 65535 "
		      "resetting to 1");

	struct bond_params ab = load("mode=1", NULL);
	g_autofree char *sm = store_fails(&ab, "packets_per_slave", "3", BOND_OPT_ERROR_MODE,
					  log);

	cr_assert_str_eq(sm, "option packets_per_slave: mode dependency failed, not supported in "
			 "mode active-backup(1)");

	/* At module load the kernel checks only the range, never the mode. */
	g_autoptr(GPtrArray) log1 = newlog();
	struct bond_params m1 = load("mode=1 miimon=100 packets_per_slave=3", log1);

	cr_assert_eq(m1.packets_per_slave, 3);
	assert_logged(log1, "MII link monitoring set to 100 ms");
	cr_assert_eq(log1->len, 1u);
}

Test(bond_options, xmit_hash_policy)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "xmit_hash_policy", "layer3+4"), 1);
	cr_assert_eq(set_ok(&p, "xmit_hash_policy", "1"), 1);
	cr_assert_eq(set_ok(&p, "xmit_hash_policy", "layer2+3"), 2);
	cr_assert_eq(set_ok(&p, "xmit_hash_policy", "encap2+3"), 3);
	cr_assert_eq(set_ok(&p, "xmit_hash_policy", "encap3+4"), 4);
	cr_assert_eq(set_ok(&p, "xmit_hash_policy", "vlan+srcmac"), 5);
	cr_assert_eq(set_ok(&p, "xmit_hash_policy", "5"), 5);
	cr_assert_eq(set_ok(&p, "xmit_hash_policy", "layer2"), 0);
	g_free(set_fails(&p, "xmit_hash_policy", "6", BOND_OPT_ERROR_INVALID));
	g_autofree char *i = set_fails(&p, "xmit_hash_policy", "layer4", BOND_OPT_ERROR_INVALID);

	cr_assert_str_eq(i, "option xmit_hash_policy: invalid value (layer4); valid values: "
			 "layer2 or 0, layer3+4 or 1, layer2+3 or 2, encap2+3 or 3, encap3+4 or 4, "
			 "vlan+srcmac or 5");

	cr_assert_eq(load("mode=2 xmit_hash_policy=layer3+4", NULL).xmit_policy, 1);
	cr_assert_eq(load("mode=4 xmit_hash_policy=2", NULL).xmit_policy, 2);
	cr_assert_eq(load("mode=6 xmit_hash_policy=encap3+4", NULL).xmit_policy, 4);

	/* Irrelevant modes: not even parsed, so a bad value passes too. */
	struct bond_params ab = load("mode=1 xmit_hash_policy=layer3+4", log);

	cr_assert_eq(ab.xmit_policy, 0);
	assert_logged(log, "xmit_hash_policy param is irrelevant in mode fault-tolerance "
		      "(active-backup)");
	g_autoptr(GPtrArray) log2 = newlog();

	load("mode=3 xmit_hash_policy=bogus", log2);
	assert_logged(log2, "xmit_hash_policy param is irrelevant in mode fault-tolerance "
		      "(broadcast)");
	g_free(load_fails("mode=2 xmit_hash_policy=bogus", BOND_OPT_ERROR_INVALID,
					log2));

	assert_logged(log2, "Error: Invalid xmit_hash_policy \"bogus\"");
}

Test(bond_options, all_slaves_active)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "all_slaves_active", "on"), 1);
	cr_assert_eq(set_ok(&p, "all_slaves_active", "0"), 0);
	g_free(set_fails(&p, "all_slaves_active", "2", BOND_OPT_ERROR_INVALID));

	struct bond_params m = load("all_slaves_active=2", log);

	cr_assert_eq(m.all_slaves_active, 0);
	assert_logged(log, "Warning: all_slaves_active module parameter (2), not of valid value "
		      "(0/1), so it was set to 0");
	cr_assert_eq(load("all_slaves_active=1", NULL).all_slaves_active, 1);
}

Test(bond_options, resend_igmp)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "resend_igmp", "0"), 0);
	cr_assert_eq(set_ok(&p, "resend_igmp", "255"), 255);
	g_free(set_fails(&p, "resend_igmp", "256", BOND_OPT_ERROR_RANGE));
	g_free(set_fails(&p, "resend_igmp", "x", BOND_OPT_ERROR_INVALID));

	struct bond_params m = load("resend_igmp=256", log);

	cr_assert_eq(m.resend_igmp, 1);
	assert_logged(log, "Warning: resend_igmp (256) should be between 0 and 255, resetting "
		      "to 1");
}

/* ---- 802.3ad -------------------------------------------------------------- */

Test(bond_options, lacp_rate)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "lacp_rate", "fast"), 1);
	cr_assert_eq(set_ok(&p, "lacp_rate", "0"), 0);
	g_autofree char *i = set_fails(&p, "lacp_rate", "quick", BOND_OPT_ERROR_INVALID);
	g_free(set_fails(&p, "lacp_rate", "default", BOND_OPT_ERROR_INVALID));

	cr_assert_str_eq(i, "option lacp_rate: invalid value (quick); valid values: slow or 0, "
			 "fast or 1");

	cr_assert_eq(load("mode=4 lacp_rate=fast", NULL).lacp_rate, 1);
	cr_assert_eq(load("mode=802.3ad lacp_rate=1", NULL).lacp_rate, 1);
	struct bond_params rr = load("lacp_rate=fast", log);

	cr_assert_eq(rr.lacp_rate, 0);
	assert_logged(log, "lacp_rate param is irrelevant in mode load balancing (round-robin)");
	g_free(load_fails("mode=4 lacp_rate=bogus", BOND_OPT_ERROR_INVALID, log));

	assert_logged(log, "Error: Invalid lacp rate \"bogus\"");

	g_autofree char *sm = store_fails(&rr, "lacp_rate", "fast", BOND_OPT_ERROR_MODE, log);

	assert_contains(sm, "option lacp_rate: mode dependency failed, not supported in mode "
			"balance-rr(0)");
}

Test(bond_options, lacp_active)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "lacp_active", "off"), 0);
	cr_assert_eq(set_ok(&p, "lacp_active", "1"), 1);
	g_free(set_fails(&p, "lacp_active", "passive", BOND_OPT_ERROR_INVALID));

	struct bond_params m = load("mode=4 lacp_active=off", log);

	cr_assert_eq(m.lacp_active, 1);
	assert_logged(log, "bonding: unknown parameter 'lacp_active' ignored");
	struct bond_params ab = load("mode=1", NULL);
	g_free(store_fails(&ab, "lacp_active", "off", BOND_OPT_ERROR_MODE, log));

	store_ok(&m, "lacp_active", "off", log);
	cr_assert_eq(m.lacp_active, 0);
}

Test(bond_options, ad_select)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "ad_select", "bandwidth"), 1);
	cr_assert_eq(set_ok(&p, "ad_select", "2"), 2);
	g_autofree char *i = set_fails(&p, "ad_select", "3", BOND_OPT_ERROR_INVALID);

	cr_assert_str_eq(i, "option ad_select: invalid value (3); valid values: stable or 0, "
			 "bandwidth or 1, count or 2");

	/* Parsed in every mode, only warned about outside 802.3ad. */
	struct bond_params ab = load("mode=1 ad_select=count", log);

	cr_assert_eq(ab.ad_select, 2);
	assert_logged(log, "ad_select param only affects 802.3ad mode");
	g_free(load_fails("mode=1 ad_select=bogus", BOND_OPT_ERROR_INVALID, log));

	assert_logged(log, "Error: Invalid ad_select \"bogus\"");
}

Test(bond_options, ad_actor_sys_prio)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "ad_actor_sys_prio", "1"), 1);
	cr_assert_eq(set_ok(&p, "ad_actor_sys_prio", "default"), 65535);
	g_autofree char *r = set_fails(&p, "ad_actor_sys_prio", "0", BOND_OPT_ERROR_RANGE);
	g_free(set_fails(&p, "ad_actor_sys_prio", "65536", BOND_OPT_ERROR_RANGE));
	g_free(set_fails(&p, "ad_actor_sys_prio", "high", BOND_OPT_ERROR_INVALID));

	cr_assert_str_eq(r, "option ad_actor_sys_prio: invalid value (0), out of range; allowed "
			 "values 1 - 65535");

	struct bond_params m = load("mode=4 ad_actor_sys_prio=100", log);

	cr_assert_eq(m.ad_actor_sys_prio, 65535);
	assert_logged(log, "bonding: unknown parameter 'ad_actor_sys_prio' ignored");
	store_ok(&m, "ad_actor_sys_prio", "100", log);
	cr_assert_eq(m.ad_actor_sys_prio, 100);
	struct bond_params rr = load("", NULL);
	g_free(store_fails(&rr, "ad_actor_sys_prio", "100", BOND_OPT_ERROR_MODE,
					  log));
}

Test(bond_options, ad_actor_system)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	set_ok(&p, "ad_actor_system", "02:00:00:00:00:01");
	cr_assert_eq(p.ad_actor_system[0], 2);
	cr_assert_eq(p.ad_actor_system[5], 1);
	g_autofree char *txt = bond_opt_value_text(&p, BOND_OPT_AD_ACTOR_SYSTEM);

	cr_assert_str_eq(txt, "02:00:00:00:00:01");
	g_autofree char *mc = set_fails(&p, "ad_actor_system", "01:00:5e:00:00:01",
					BOND_OPT_ERROR_INVALID);
	g_free(set_fails(&p, "ad_actor_system", "02:00:00:00:00",
					BOND_OPT_ERROR_INVALID));

	assert_contains(mc, "expected a unicast MAC address");
	struct bond_params rr = load("", NULL);
	g_free(store_fails(&rr, "ad_actor_system", "02:00:00:00:00:01",
					  BOND_OPT_ERROR_MODE, log));
	struct bond_params ad = load("mode=4", NULL);
	g_free(store_fails(&ad, "ad_actor_system", "ff:ff:ff:ff:ff:ff",
					  BOND_OPT_ERROR_INVALID, log));

	assert_logged(log, "Invalid ad_actor_system MAC address.");
}

Test(bond_options, ad_user_port_key)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "ad_user_port_key", "1023"), 1023);
	cr_assert_eq(set_ok(&p, "ad_user_port_key", "0"), 0);
	g_autofree char *r = set_fails(&p, "ad_user_port_key", "1024", BOND_OPT_ERROR_RANGE);
	g_free(set_fails(&p, "ad_user_port_key", "key", BOND_OPT_ERROR_INVALID));

	cr_assert_str_eq(r, "option ad_user_port_key: invalid value (1024), out of range; "
			 "allowed values 0 - 1023");
	struct bond_params ab = load("mode=1", NULL);
	g_free(store_fails(&ab, "ad_user_port_key", "5", BOND_OPT_ERROR_MODE, log));
}

Test(bond_options, min_links)
{
	struct bond_params p = fresh();

	cr_assert_eq(set_ok(&p, "min_links", "2"), 2);
	g_free(set_fails(&p, "min_links", "-1", BOND_OPT_ERROR_RANGE));
	g_free(set_fails(&p, "min_links", "two", BOND_OPT_ERROR_INVALID));

	cr_assert_eq(load("mode=4 min_links=3", NULL).min_links, 3);
	/* Accepted in any mode: it only matters in 802.3ad. */
	cr_assert_eq(load("mode=1 min_links=2", NULL).min_links, 2);
}

/* ---- tlb/alb -------------------------------------------------------------- */

Test(bond_options, tlb_dynamic_lb)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "tlb_dynamic_lb", "0"), 0);
	cr_assert_eq(set_ok(&p, "tlb_dynamic_lb", "on"), 1);
	g_free(set_fails(&p, "tlb_dynamic_lb", "2", BOND_OPT_ERROR_INVALID));

	struct bond_params tlb = load("mode=5 tlb_dynamic_lb=0", log);

	cr_assert_eq(tlb.tlb_dynamic_lb, 1);
	assert_logged(log, "bonding: unknown parameter 'tlb_dynamic_lb' ignored");
	store_ok(&tlb, "tlb_dynamic_lb", "0", log);
	cr_assert_eq(tlb.tlb_dynamic_lb, 0);
	struct bond_params ad = load("mode=4", NULL);
	g_autofree char *sm = store_fails(&ad, "tlb_dynamic_lb", "0", BOND_OPT_ERROR_MODE, log);

	assert_contains(sm, "802.3ad(4)");
	/* Switching to alb turns it back on. */
	store_ok(&tlb, "mode", "balance-alb", log);
	cr_assert_eq(tlb.tlb_dynamic_lb, 1);
}

Test(bond_options, lp_interval)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "lp_interval", "5"), 5);
	cr_assert_eq(set_ok(&p, "lp_interval", "default"), 1);
	g_autofree char *r = set_fails(&p, "lp_interval", "0", BOND_OPT_ERROR_RANGE);

	cr_assert_str_eq(r, "option lp_interval: invalid value (0), out of range; allowed values "
			 "1 - 2147483647");
	struct bond_params m = load("mode=6 lp_interval=0", log);

	cr_assert_eq(m.lp_interval, 1);
	assert_logged(log, "Warning: ip_interval must be between 1 and 2147483647, so it was "
		      "reset to 1");
	cr_assert_eq(load("mode=5 lp_interval=3", NULL).lp_interval, 3);
	/* An unsigned module parameter: a minus sign stops the load. */
	g_free(parse_fails("lp_interval=-1", BOND_OPT_ERROR_INVALID));
}

Test(bond_options, alb_notice)
{
	g_autoptr(GPtrArray) log = newlog();

	load("mode=6 miimon=100 updelay=300", log);
	assert_logged(log, "In ALB mode you might experience client disconnections upon "
		      "reconnection of a link if the bonding module updelay parameter (300 msec) "
		      "is incompatible with the forwarding delay time of the switch");
}

/* ---- module-only -------------------------------------------------------- */

Test(bond_options, max_bonds)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "max_bonds", "2"), 2);
	cr_assert_eq(set_ok(&p, "max_bonds", "0"), 0);
	g_free(set_fails(&p, "max_bonds", "-1", BOND_OPT_ERROR_RANGE));

	cr_assert_eq(load("max_bonds=3", NULL).max_bonds, 3);
	struct bond_params m = load("max_bonds=-1", log);

	cr_assert_eq(m.max_bonds, 1);
	assert_logged(log, "Warning: max_bonds (-1) not in range 0-2147483647, so it was reset to "
		      "BOND_DEFAULT_MAX_BONDS (1)");
	g_autofree char *s = store_fails(&m, "max_bonds", "2", BOND_OPT_ERROR_UNKNOWN, log);

	assert_contains(s, "it is a module parameter");
}

Test(bond_options, tx_queues)
{
	struct bond_params p = fresh();
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(set_ok(&p, "tx_queues", "255"), 255);
	g_free(set_fails(&p, "tx_queues", "256", BOND_OPT_ERROR_RANGE));
	g_free(set_fails(&p, "tx_queues", "0", BOND_OPT_ERROR_RANGE));

	struct bond_params m = load("tx_queues=0", log);

	cr_assert_eq(m.tx_queues, 16);
	assert_logged(log, "Warning: tx_queues (0) should be between 1 and 255, resetting to 16");
	cr_assert_eq(load("tx_queues=8", NULL).tx_queues, 8);
}

/* ---- sysfs: mode changes, BONDING_OPTS ----------------------------------- */

Test(bond_options, sysfs_mode_change_side_effects)
{
	struct bond_params p = load("mode=1 arp_interval=100 arp_ip_target=10.0.0.1 "
				    "arp_validate=active", NULL);
	g_autoptr(GPtrArray) log = newlog();

	cr_assert_eq(p.arp_validate, 1);
	store_ok(&p, "mode", "802.3ad", log);
	cr_assert_eq(p.mode, 4);
	cr_assert_eq(p.arp_interval, 0);
	cr_assert_eq(p.miimon, 100);
	cr_assert_eq(p.arp_validate, 0);
	cr_assert_eq(log->len, 0u);
}

Test(bond_options, bonding_opts_ordering)
{
	struct bond_params p = load("", NULL);
	g_autoptr(GPtrArray) log = newlog();
	GError *err = NULL;

	/* updelay before miimon still works: the scripts write mode and miimon first. */
	cr_assert(bond_params_apply(&p, "updelay=200 mode=active-backup miimon=100 "
				    "primary=eth1", log, &err), "%s", err ? err->message : "");
	cr_assert_eq(p.mode, 1);
	cr_assert_eq(p.miimon, 100);
	cr_assert_eq(p.updelay, 200);
	cr_assert_str_eq(p.primary, "eth1");
	cr_assert_eq(log->len, 0u);
}

Test(bond_options, bonding_opts_refusals_are_logged)
{
	struct bond_params p = load("", NULL);
	g_autoptr(GPtrArray) log = newlog();
	GError *err = NULL;

	cr_assert(bond_params_apply(&p, "mode=1 miimon=100 lacp_rate=fast", log, &err));
	cr_assert_eq(p.lacp_rate, 0);
	assert_logged(log, "option lacp_rate: mode dependency failed, not supported in mode "
		      "active-backup(1)");

	cr_assert_not(bond_params_apply(&p, "mode=1 miimon=fast", log, &err));
	cr_assert_eq(err->code, BOND_OPT_ERROR_INVALID);
	g_clear_error(&err);
	cr_assert_not(bond_params_apply(&p, "miimom=100", log, &err));
	cr_assert_eq(err->code, BOND_OPT_ERROR_UNKNOWN);
	g_clear_error(&err);
	/* A module-only option has no sysfs file: logged, skipped. */
	cr_assert(bond_params_apply(&p, "max_bonds=2 miimon=200", log, &err));
	cr_assert_eq(p.miimon, 200);
	cr_assert_eq(p.max_bonds, 1);
	assert_logged(log, "option max_bonds: there is no sysfs file for it; it is a module "
		      "parameter (options bonding max_bonds=...)");
}

Test(bond_options, bonding_opts_arp_targets)
{
	struct bond_params p = load("", NULL);
	g_autoptr(GPtrArray) log = newlog();
	GError *err = NULL;

	cr_assert(bond_params_apply(&p, "mode=1 arp_interval=1000 "
				    "arp_ip_target=10.0.0.1,10.0.0.2,10.0.0.1", log, &err),
		  "%s", err ? err->message : "");
	cr_assert_eq(p.arp_targets_count, 2);
	cr_assert_eq(p.arp_interval, 1000);
	/* initscripts grep the list: "10.0.0.1" is found inside "10.0.0.10". */
	struct bond_params q = load("", NULL);

	cr_assert(bond_params_apply(&q, "arp_ip_target=10.0.0.10,10.0.0.1", log, &err));
	cr_assert_eq(q.arp_targets_count, 1);
}

Test(bond_options, finalize_again_is_quiet_and_keeps_sysfs_settings)
{
	g_autoptr(GPtrArray) log = newlog();
	GError *err = NULL;
	struct bond_params p = load("mode=1 xmit_hash_policy=layer3+4 lacp_active=off "
				    "updelay=300", log);
	guint n = log->len;

	cr_assert_eq(n, 3u);
	cr_assert_eq(p.xmit_policy, 0);
	cr_assert_eq(p.updelay_ticks, 300);	/* no miimon: kept raw */
	cr_assert(bond_params_apply(&p, "mode=1 miimon=100 arp_validate=active "
				    "primary=eth0 primary_reselect=failure fail_over_mac=active "
				    "xmit_hash_policy=layer3+4", log, &err), "%s",
		  err ? err->message : "");
	cr_assert_eq(log->len, n);
	cr_assert_eq(p.updelay, 30000);
	cr_assert(bond_params_finalize(&p, log, &err), "%s", err ? err->message : "");
	cr_assert_eq(log->len, n, "finalize repeated or added messages");
	cr_assert_eq(p.arp_validate, 1);	/* sysfs allows it without arp_interval */
	cr_assert_eq(p.primary_reselect, 2);
	cr_assert_eq(p.fail_over_mac, 1);
	cr_assert_eq(p.xmit_policy, 1);
	cr_assert_eq(p.updelay, 30000);
	cr_assert_eq(p.updelay_ticks, 300);

	/* More module words later are treated on their own. */
	cr_assert(bond_params_parse(&p, "lacp_rate=fast", &err));
	cr_assert(bond_params_finalize(&p, log, &err));
	assert_logged(log, "lacp_rate param is irrelevant in mode fault-tolerance "
		      "(active-backup)");
	cr_assert_eq(log->len, n + 1);
}

