// SPDX-License-Identifier: MIT
/*
 * DOC: test_bond_config.c - modprobe.d and ifcfg files, and the boot they make
 *
 * The configurations are the ones users copy from HOWTOs (alias + options,
 * max_bonds=2, options bond0, install ... -o bond1, ifcfg-bondN with
 * BONDING_OPTS and ifcfg-ethN slaves).  Every error and warning must point at
 * the scenario file line that caused it, so the texts start at line 10 here.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "conf_rig.h"

TestSuite(bond_config, .init = conf_setup, .fini = conf_teardown);

static void modprobe(const char *text)
{
	GError *err = NULL;

	cr_assert(bond_conf_parse_modprobe(set, text, FILE_NAME, 10, &err), "%s",
		  err ? err->message : "");
}

static void ifcfg(const char *name, const char *text, int line)
{
	GError *err = NULL;

	cr_assert(bond_conf_parse_ifcfg(set, name, text, FILE_NAME, line, &err), "%s",
		  err ? err->message : "");
}

static char *boot_fails(GQuark domain, int code)
{
	GError *err = NULL;
	char *msg;

	cr_assert_not(bond_conf_finalize(set, &err), "boot succeeded");
	cr_assert(err->domain == domain && err->code == code, "error %d: %s", err->code,
		  err->message);
	msg = g_strdup(err->message);
	g_error_free(err);
	return msg;
}

/* ---- modprobe.d ---------------------------------------------------------- */

Test(bond_config, alias_and_options_bonding)
{
	modprobe("# bonding for the backup LAN\n"
		 "alias bond0 bonding\n"
		 "\n"
		 "options bonding mode=1 miimon=200\n");
	boot();
	cr_assert_eq(set->bonds->len, 1u);
	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, BOND_MODE_ACTIVEBACKUP);
	cr_assert_eq(b->params.miimon, 200);
	cr_assert_str_eq(b->file, FILE_NAME);
	cr_assert_eq(b->line, 11);	/* the alias line made it */
	cr_assert_null(b->ipaddr);
	assert_warned("host.bsim:11: bond0 has no slaves");
}

Test(bond_config, max_bonds_two_share_options)
{
	modprobe("alias bond0 bonding\n"
		 "alias bond1 bonding\n"
		 "options bonding max_bonds=2 miimon=200 mode=1\n");
	boot();
	cr_assert_eq(set->bonds->len, 2u);
	cr_assert_str_eq(((struct bond_conf *)set->bonds->pdata[0])->name, "bond0");
	cr_assert_str_eq(((struct bond_conf *)set->bonds->pdata[1])->name, "bond1");
	cr_assert_eq(bond("bond0")->params.mode, 1);
	cr_assert_eq(bond("bond1")->params.mode, 1);
	cr_assert_eq(bond("bond1")->params.miimon, 200);
}

Test(bond_config, options_for_the_alias)
{
	modprobe("alias bond0 bonding\n"
		 "options bond0 miimon=100 mode=1\n");
	boot();
	cr_assert_eq(bond("bond0")->params.mode, 1);
	cr_assert_eq(bond("bond0")->params.miimon, 100);
}

/* options --explain names the line of each value, not the bond's. */
Test(bond_config, each_parameter_knows_its_line)
{
	modprobe("alias bond0 bonding\n"
		 "\n"
		 "options bond0 miimon=100 mode=1\n"
		 "install bond1 /sbin/modprobe bonding -o bond1 miimon=200\n");
	boot();
	cr_assert_str_eq(bond_conf_set_at(bond("bond0"), "miimon"), "host.bsim:12");
	cr_assert_str_eq(bond_conf_set_at(bond("bond0"), "mode"), "host.bsim:12");
	cr_assert_null(bond_conf_set_at(bond("bond0"), "updelay"));
	cr_assert_str_eq(bond_conf_set_at(bond("bond1"), "miimon"), "host.bsim:13");
	cr_assert_eq(bond("bond0")->line, 10);
}

/*
 * parse_args() sets parameters in the order the module gets them: a second
 * miimon= wins, silently in the kernel, said aloud here at the line that won.
 */
Test(bond_config, parameter_given_twice_last_wins_and_is_said)
{
	modprobe("alias bond0 bonding\n"
		 "options bonding miimon=100 mode=1 miimon=250\n"
		 "options bond0 \"miimon=50\" updelay=100\n");
	boot();
	cr_assert_eq(bond("bond0")->params.miimon, 50);
	cr_assert_str_eq(bond_conf_set_at(bond("bond0"), "miimon"), "host.bsim:12");
	cr_assert_eq(bond("bond0")->params.mode, BOND_MODE_ACTIVEBACKUP);
	cr_assert_eq(set->repeated->len, 2u);
	cr_assert_str_eq(set->repeated->pdata[0],
			 "host.bsim:11: bonding: miimon given twice: miimon=100, then miimon=250; "
			 "the kernel's parameter parser applies them in order, so miimon=250 wins");
	cr_assert_str_eq(set->repeated->pdata[1],
			 "host.bsim:12: bonding: miimon given 3 times: miimon=250 (line 11), then "
			 "miimon=50; the kernel's parameter parser applies them in order, so "
			 "miimon=50 wins");
}

Test(bond_config, parameters_given_once_say_nothing)
{
	modprobe("alias bond0 bonding\n"
		 "options bonding miimon=100 mode=1\n"
		 "options bond0 updelay=200 arp_ip_target=10.0.0.1,10.0.0.2\n");
	boot();
	cr_assert_eq(set->repeated->len, 0u);
}

Test(bond_config, install_second_instance)
{
	modprobe("alias bond0 bonding\n"
		 "options bond0 miimon=100 mode=1\n"
		 "install bond1 /sbin/modprobe bonding -o bond1 miimon=200 mode=0\n");
	boot();
	cr_assert_eq(set->bonds->len, 2u);
	cr_assert_eq(bond("bond0")->params.mode, 1);
	cr_assert_eq(bond("bond0")->params.miimon, 100);
	cr_assert_eq(bond("bond1")->params.mode, 0);
	cr_assert_eq(bond("bond1")->params.miimon, 200);
	cr_assert_eq(bond("bond1")->line, 12);
}

Test(bond_config, install_gets_options_bonding_first)
{
	/* kmod puts "options bonding" before the command's own words. */
	modprobe("alias bond0 bonding\n"
		 "options bonding mode=1 miimon=100\n"
		 "install bond1 /sbin/modprobe --ignore-install bonding -o bond1 mode=0\n");
	boot();
	cr_assert_eq(bond("bond0")->params.mode, 1);
	cr_assert_eq(bond("bond1")->params.mode, 0);
	cr_assert_eq(bond("bond1")->params.miimon, 100);
}

Test(bond_config, bonding_rst_dash_o_in_options)
{
	modprobe("alias bond0 bonding\n"
		 "options bond0 -o bond0 mode=balance-rr miimon=100\n"
		 "\n"
		 "alias bond1 bonding\n"
		 "options bond1 -o bond1 mode=balance-alb miimon=50\n");
	boot();
	cr_assert_eq(bond("bond0")->params.mode, 0);
	cr_assert_eq(bond("bond0")->params.miimon, 100);
	cr_assert_eq(bond("bond1")->params.mode, 6);
	cr_assert_eq(bond("bond1")->params.miimon, 50);
}

Test(bond_config, second_options_without_o_is_lost)
{
	/* The classic: the module is loaded once, bond1's options never apply. */
	modprobe("alias bond0 bonding\n"
		 "options bond0 mode=1 miimon=100\n"
		 "alias bond1 bonding\n"
		 "options bond1 mode=0 miimon=100\n");
	boot();
	cr_assert_eq(set->bonds->len, 1u);
	cr_assert_eq(bond("bond0")->params.mode, 1);
	cr_assert_null(bond_conf_find(set, "bond1"));
	assert_warned("host.bsim:13: options bond1 are not used: the bonding module is already "
		      "loaded, so 'modprobe bond1' does nothing (use max_bonds, an install line "
		      "with -o, or BONDING_OPTS)");
	assert_warned("host.bsim:12: bond1 does not exist after 'modprobe bond1'");
}

Test(bond_config, install_o_alone_creates_bond0)
{
	modprobe("install bond1 /sbin/modprobe bonding -o bond1 mode=1 miimon=100\n");
	boot();
	cr_assert_eq(set->bonds->len, 1u);
	cr_assert_eq(bond("bond0")->params.mode, 1);
	assert_warned("host.bsim:10: loading the bonding module as 'bond1' did not create a "
		      "device named bond1: new bonds take the first free name bond0, bond1 ...");
}

Test(bond_config, continuation_and_comments)
{
	modprobe("   # indented comment\n"
		 "alias bond0 bonding\n"
		 "options bonding mode=802.3ad \\\n"
		 "    lacp_rate=fast \\\n"
		 "    xmit_hash_policy=layer3+4\n"
		 "options bonding miimon=100 # trailing words\n");
	boot();
	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, 4);
	cr_assert_eq(b->params.lacp_rate, 1);
	cr_assert_eq(b->params.xmit_policy, 1);
	cr_assert_eq(b->params.miimon, 100);
	assert_warned("host.bsim:15: '#' and what follows is not a comment for modprobe: the "
		      "words are passed to the module");
	/* and the module ignores them as it ignores any unknown parameter */
	assert_warned("host.bsim:15: bonding: unknown parameter '#' ignored");
	assert_warned("host.bsim:15: bonding: unknown parameter 'trailing' ignored");
	assert_warned("host.bsim:15: bonding: unknown parameter 'words' ignored");
}

Test(bond_config, options_bonding_without_alias)
{
	modprobe("options bonding mode=4 lacp_rate=fast max_bonds=1\n");
	boot();
	cr_assert_eq(set->bonds->len, 1u);
	cr_assert_eq(bond("bond0")->params.mode, 4);
	cr_assert_eq(bond("bond0")->params.miimon, 100);
}

Test(bond_config, module_warnings_carry_lines)
{
	modprobe("alias bond0 bonding\n"
		 "options bonding mode=4 updelay=250\n");
	boot();
	assert_warned("host.bsim:11: Warning: miimon must be specified, otherwise "
		      "bonding will not detect link failure, speed and duplex which are essential "
		      "for 802.3ad operation");
	assert_warned("host.bsim:11: Forcing miimon to 100msec");
	assert_warned("host.bsim:11: Warning: updelay (250) is not a multiple of miimon "
		      "(100), updelay rounded to 200 ms");
	cr_assert_eq(bond("bond0")->params.updelay, 200);
}

Test(bond_config, unknown_parameter_is_logged_at_its_word_and_ignored)
{
	/* parse_args() -> unknown_module_param_cb(): the module loads anyway */
	modprobe("alias bond0 bonding\n"
		 "\n"
		 "options bonding mode=1 \\\n"
		 "   miimom=100 peer_notif_delay=200\n");
	boot();
	assert_warned("host.bsim:13: bonding: unknown parameter 'miimom' ignored");
	assert_warned("host.bsim:13: 'miimom' is no bonding parameter: did you mean 'miimon'?");
	/* an option that only sysfs and netlink take: the same line, no guess */
	assert_warned("host.bsim:13: bonding: unknown parameter 'peer_notif_delay' ignored");
	/*
	 * The kernel's lines in the kernel's list, the parameters' first, in
	 * the line's order, then bond_check_params(); the guess is bondsim's.
	 */
	cr_assert_geq(set->kernel->len, 2u);
	cr_assert_str_eq(set->kernel->pdata[0],
			 "host.bsim:13: bonding: unknown parameter 'miimom' ignored");
	cr_assert_str_eq(set->kernel->pdata[1],
			 "host.bsim:13: bonding: unknown parameter 'peer_notif_delay' ignored");
	cr_assert_eq(set->warnings->len, 2u);	/* and "bond0 has no slaves" */
	cr_assert_str_eq(set->warnings->pdata[0],
			 "host.bsim:13: 'miimom' is no bonding parameter: did you mean 'miimon'?");
	cr_assert_eq(bond("bond0")->params.mode, 1);
	cr_assert_eq(bond("bond0")->params.miimon, 0);
	cr_assert_eq(bond("bond0")->params.peer_notif_delay, 0);
}

Test(bond_config, parse_error_bad_integer)
{
	GError *err = NULL;

	cr_assert_not(bond_conf_parse_modprobe(set, "options bonding miimon=100ms\n",
					       FILE_NAME, 10, &err));
	cr_assert_eq(err->code, BOND_OPT_ERROR_INVALID);
	cr_assert(g_str_has_prefix(err->message, "host.bsim:10: option miimon: invalid value "
				   "(100ms)"), "%s", err->message);
	g_error_free(err);
}

Test(bond_config, load_failure_points_at_the_word)
{
	modprobe("alias bond0 bonding\n"
		 "options bonding mode=active-backup miimon=100 \\\n"
		 "    arp_validate=all\n");
	g_autofree char *m = boot_fails(BOND_OPT_ERROR, BOND_OPT_ERROR_DEPEND);

	cr_assert(g_str_has_prefix(m, "host.bsim:12: option arp_validate: requires "
				   "arp_interval"), "%s", m);
	assert_warned("host.bsim:11: arp_validate requires arp_interval");
}

Test(bond_config, invalid_mode_fails_the_load)
{
	modprobe("alias bond0 bonding\n"
		 "options bonding miimon=100\n"
		 "options bonding mode=activebackup\n");
	g_autofree char *m = boot_fails(BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID);

	cr_assert(g_str_has_prefix(m, "host.bsim:12: option mode: invalid value (activebackup); "
				   "valid values: balance-rr or 0, active-backup or 1"), "%s", m);
}

Test(bond_config, unknown_commands_warn)
{
	modprobe("blacklist bonding\n"
		 "frobnicate bond0\n"
		 "alias bond0 bonding\n");
	boot();
	assert_warned("host.bsim:10: 'blacklist' lines are not modelled; ignored");
	assert_warned("host.bsim:11: unknown modprobe.d command 'frobnicate'; line ignored");
	cr_assert_not_null(bond_conf_find(set, "bond0"));
}

/* A typo of a command loads no bond: the guess is said. */
Test(bond_config, a_mistyped_command_gets_a_guess)
{
	modprobe("alais bond0 bonding\n");
	boot();
	assert_warned("host.bsim:10: unknown modprobe.d command 'alais' (did you mean 'alias'?); "
		      "line ignored");
}

/* The wrong file given as modprobe.d: refused at its first line that no
 * modprobe.d file has, with what the file looks like. */
static void assert_not_modprobe(const char *text, const char *want)
{
	GError *err = NULL;

	cr_assert_not(bond_conf_parse_modprobe(set, text, FILE_NAME, 10, &err));
	cr_assert(err->domain == BOND_CONF_ERROR && err->code == BOND_CONF_ERROR_SYNTAX);
	cr_assert_str_eq(err->message, want);
	g_error_free(err);
}

Test(bond_config, an_ifcfg_file_is_no_modprobe_file)
{
	assert_not_modprobe("# bond0\nDEVICE=bond0\nBONDING_OPTS=\"mode=1 miimon=100\"\n",
			    "host.bsim:11: 'DEVICE=bond0' is a variable assignment, as in an ifcfg "
			    "file: this is no modprobe.d file (give ifcfg files as 'ifcfg-NAME = ...'; "
			    "modprobe.d lines start with alias, options, install, blacklist, remove, "
			    "softdep)");
}

Test(bond_config, a_scenario_is_no_modprobe_file)
{
	assert_not_modprobe("alias bond0 bonding\n[sim]\nduration = 5s\n",
			    "host.bsim:11: '[sim]' is an INI section header: this is no modprobe.d "
			    "file (its lines start with alias, options, install, blacklist, remove, "
			    "softdep)");
	cr_assert_eq(set->bonds->len, 0u);
}

Test(bond_config, an_ini_key_is_no_modprobe_line)
{
	assert_not_modprobe("duration = 5s\n",
			    "host.bsim:10: 'duration = ...' is an INI key: this is no modprobe.d file (its "
			    "lines start with alias, options, install, blacklist, remove, softdep)");
}

Test(bond_config, bare_bonding_options_belong_on_an_options_line)
{
	assert_not_modprobe("alias bond0 bonding\nmode=1 miimon=100\n",
			    "host.bsim:11: 'mode=1' is a bonding option, not a modprobe.d line: put it "
			    "on an options line, e.g. 'options bonding mode=1'");
}

/* ---- ifcfg ---------------------------------------------------------------- */

static void rhel_pair(void)
{
	ifcfg("bond0",
	      "DEVICE=bond0\n"
	      "BOOTPROTO=none\n"
	      "ONBOOT=yes\n"
	      "IPADDR=192.168.1.11\n"
	      "NETMASK=255.255.255.0\n"
	      "BONDING_OPTS=\"mode=1 miimon=100\"\n", 20);
	ifcfg("eth0", "DEVICE=eth0\nBOOTPROTO=none\nMASTER=bond0\nSLAVE=yes\n", 30);
	ifcfg("eth1", "DEVICE='eth1'\nMASTER=\"bond0\"\nSLAVE=yes\nONBOOT=yes\n", 40);
}

Test(bond_config, ifcfg_bond_with_two_slaves)
{
	rhel_pair();
	boot();
	cr_assert_eq(set->bonds->len, 1u);
	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, 1);
	cr_assert_eq(b->params.miimon, 100);
	cr_assert_str_eq(b->ipaddr, "192.168.1.11");
	cr_assert_eq(b->prefix, 24);
	cr_assert_eq(b->line, 20);
	assert_slaves(b, "eth0", "eth1");
	cr_assert_eq(set->warnings->len, 0u);
}

Test(bond_config, ifcfg_bonding_opts_line_sets_each_value)
{
	rhel_pair();
	boot();
	cr_assert_str_eq(bond_conf_set_at(bond("bond0"), "mode"), "host.bsim:25");
	cr_assert_str_eq(bond_conf_set_at(bond("bond0"), "miimon"), "host.bsim:25");
	cr_assert_null(bond_conf_set_at(bond("bond0"), "arp_interval"));
}

Test(bond_config, ifcfg_slaves_in_glob_order)
{
	ifcfg("bond0", "DEVICE=bond0\nBONDING_OPTS='mode=balance-rr miimon=100'\nPREFIX=16\n"
	      "IPADDR=10.1.0.5\n", 20);
	ifcfg("eth2", "DEVICE=eth2\nMASTER=bond0\nSLAVE=yes\n", 30);
	ifcfg("eth10", "DEVICE=eth10\nMASTER=bond0\nSLAVE=yes\n", 40);
	ifcfg("eth1", "DEVICE=eth1\nMASTER=bond0\nSLAVE=yes\n", 50);
	boot();
	struct bond_conf *b = bond("bond0");

	/* ifcfg-eth1 < ifcfg-eth10 < ifcfg-eth2, as the shell globs them. */
	assert_slaves(b, "eth1", "eth10", "eth2");
	cr_assert_eq(b->prefix, 16);
}

Test(bond_config, ifcfg_bonding_opts_through_sysfs)
{
	ifcfg("bond0", "DEVICE=bond0\n"
	      "BONDING_OPTS=\"mode=802.3ad lacp_rate=fast xmit_hash_policy=layer3+4 "
	      "ad_actor_sys_prio=100 updelay=250 miimon=100\"\n", 20);
	ifcfg("eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n", 30);
	boot();
	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, 4);
	cr_assert_eq(b->params.lacp_rate, 1);
	cr_assert_eq(b->params.xmit_policy, 1);
	/* Not a module parameter, but a sysfs file: it works here. */
	cr_assert_eq(b->params.ad_actor_sys_prio, 100);
	cr_assert_eq(b->params.updelay, 200);
	/* the kernel's line (sysfs prints it), not a note of bondsim's */
	cr_assert_eq(set->kernel->len, 1u, "%s", all_warnings());
	cr_assert_str_eq(set->kernel->pdata[0], "host.bsim:21: bond0: up delay (250) is not a "
			 "multiple of miimon (100), value rounded to 200 ms");
	for (guint i = 0; i < set->warnings->len; i++)
		cr_assert_null(strstr(set->warnings->pdata[i], "not a multiple"));
}

Test(bond_config, ifcfg_mode_dependency_is_a_warning)
{
	ifcfg("bond0", "DEVICE=bond0\nBONDING_OPTS=\"mode=1 miimon=100 lacp_rate=fast\"\n", 20);
	ifcfg("eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n", 30);
	boot();
	cr_assert_eq(bond("bond0")->params.mode, 1);
	cr_assert_eq(bond("bond0")->params.lacp_rate, 0);
	assert_warned("host.bsim:21: bond0: option lacp_rate: mode dependency failed, not "
		      "supported in mode active-backup(1)");
}

Test(bond_config, ifcfg_bad_value_is_an_error)
{
	ifcfg("bond0", "DEVICE=bond0\nONBOOT=yes\nBONDING_OPTS=\"mode=4 lacp_rate=quick\"\n",
	      20);
	g_autofree char *m = boot_fails(BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID);

	cr_assert_str_eq(m, "host.bsim:22: bond0: option lacp_rate: invalid value (quick); "
			 "valid values: slow or 0, fast or 1");
}

Test(bond_config, ifcfg_inherits_module_parameters)
{
	/* modprobe bonding creates bond0; bond1 comes from bonding_masters. */
	modprobe("options bonding miimon=200 lacp_rate=fast\n");
	ifcfg("bond1", "DEVICE=bond1\nBONDING_OPTS=\"mode=4\"\n", 20);
	ifcfg("eth0", "DEVICE=eth0\nMASTER=bond1\nSLAVE=yes\n", 30);
	boot();
	cr_assert_eq(set->bonds->len, 2u);
	cr_assert_eq(bond("bond0")->params.mode, 0);
	cr_assert_eq(bond("bond1")->params.mode, 4);
	cr_assert_eq(bond("bond1")->params.miimon, 200);
	/* Module load saw mode 0, so lacp_rate was irrelevant and dropped there. */
	cr_assert_eq(bond("bond1")->params.lacp_rate, 0);
	assert_warned("host.bsim:10: lacp_rate param is irrelevant in mode load "
		      "balancing (round-robin)");
	assert_warned("host.bsim:10: bond0 has no slaves");
	assert_slaves(bond("bond1"), "eth0");
}

Test(bond_config, ifcfg_max_bonds_zero)
{
	modprobe("options bonding max_bonds=0\n");
	ifcfg("bond1", "DEVICE=bond1\nBONDING_OPTS=\"mode=1 miimon=100\"\n", 20);
	boot();
	cr_assert_eq(set->bonds->len, 1u);
	cr_assert_str_eq(((struct bond_conf *)set->bonds->pdata[0])->name, "bond1");
}

Test(bond_config, ifcfg_with_alias_and_no_bonding_opts)
{
	modprobe("alias bond0 bonding\noptions bond0 mode=1 miimon=100\n");
	ifcfg("bond0", "DEVICE=bond0\nIPADDR=10.0.0.5\nPREFIX=24\n", 20);
	ifcfg("eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n", 30);
	boot();
	cr_assert_eq(bond("bond0")->params.mode, 1);
	cr_assert_str_eq(bond("bond0")->ipaddr, "10.0.0.5");
	cr_assert_eq(bond("bond0")->line, 20);
}

Test(bond_config, ifcfg_bonds_come_up_in_name_order)
{
	ifcfg("bond10", "DEVICE=bond10\nBONDING_OPTS=\"mode=1 miimon=100\"\n", 20);
	ifcfg("bond2", "DEVICE=bond2\nBONDING_OPTS=\"mode=2 miimon=100\"\n", 30);
	boot();
	/* modprobe bonding made bond0 first; then bond2 before bond10. */
	cr_assert_eq(set->bonds->len, 3u);
	cr_assert_str_eq(((struct bond_conf *)set->bonds->pdata[0])->name, "bond0");
	cr_assert_str_eq(((struct bond_conf *)set->bonds->pdata[1])->name, "bond2");
	cr_assert_str_eq(((struct bond_conf *)set->bonds->pdata[2])->name, "bond10");
}

Test(bond_config, ifcfg_quoting_and_multiline)
{
	ifcfg(NULL, "# generated\n"
	      "DEVICE=\"bond0\"   # the bond\n"
	      "BONDING_OPTS=\"mode=active-backup\n"
	      "  miimon=100 primary=eth1\"\n"
	      "IPADDR=10.0.0.1 \\\n"
	      "\n"
	      "export TYPE=Bond\n", 20);
	ifcfg(NULL, "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n", 30);
	ifcfg(NULL, "DEVICE=eth1\nMASTER=bond0\nSLAVE=yes\n", 40);
	boot();
	struct bond_conf *b = bond("bond0");

	cr_assert_eq(b->params.mode, 1);
	cr_assert_eq(b->params.miimon, 100);
	cr_assert_str_eq(b->params.primary, "eth1");
	cr_assert_str_eq(b->ipaddr, "10.0.0.1");
	cr_assert_eq(b->prefix, 8);	/* no NETMASK/PREFIX: classful, as ipcalc */
}

Test(bond_config, ifcfg_dhcp_has_no_address)
{
	ifcfg("bond0", "DEVICE=bond0\nBOOTPROTO=dhcp\nBONDING_OPTS=\"mode=1 miimon=100\"\n", 20);
	boot();
	cr_assert_null(bond("bond0")->ipaddr);
	cr_assert_eq(bond("bond0")->prefix, 0);
}

Test(bond_config, ifcfg_missing_master_suggests)
{
	rhel_pair();
	ifcfg("eth2", "DEVICE=eth2\nMASTER=bnd0\nSLAVE=yes\n", 50);
	g_autofree char *m = boot_fails(BOND_CONF_ERROR, BOND_CONF_ERROR_SLAVE);

	cr_assert_str_eq(m, "host.bsim:51: MASTER=bnd0: no such bond (did you mean 'bond0'?); "
			 "MASTER= names a bond with an ifcfg file or made by modprobe.d");
}

Test(bond_config, ifcfg_slave_without_slave_yes)
{
	rhel_pair();
	ifcfg("eth2", "DEVICE=eth2\nMASTER=bond0\nSLAVE=YES\n", 50);
	boot();
	assert_slaves(bond("bond0"), "eth0", "eth1");
	assert_warned("host.bsim:52: MASTER=bond0 without SLAVE=yes (it must be lowercase 'yes'): "
		      "initscripts do not enslave eth2");
}

/*
 * A bridge, a plain NIC's address: initscripts make them, bondsim says it
 * does not; a VLAN with VLAN=yes is made (test_bond_config_vlan.c), one
 * named so without it is not, by ifup-eth either.
 */
Test(bond_config, ifcfg_vlan_bridge_and_plain_nic_are_said)
{
	rhel_pair();
	ifcfg("bond0.100", "DEVICE=bond0.100\nVLAN=yes\nONBOOT=yes\nIPADDR=10.0.100.1\n"
	      "PREFIX=24\n", 50);
	ifcfg("vlan200", "DEVICE=vlan200\nPHYSDEV=bond0\n", 60);
	ifcfg("br0", "DEVICE=br0\nTYPE=Bridge\nIPADDR=10.0.5.1\n", 70);
	ifcfg("eth2", "DEVICE=eth2\nIPADDR=192.168.7.2\nPREFIX=24\n", 80);
	ifcfg("eth3", "DEVICE=eth3\nBRIDGE=br0\n", 90);
	ifcfg("lo", "DEVICE=lo\nIPADDR=127.0.0.1\nNETMASK=255.0.0.0\nONBOOT=yes\n", 100);
	boot();
	cr_assert_eq(set->bonds->len, 1u);
	assert_slaves(bond("bond0"), "eth0", "eth1");
	cr_assert_eq(set->vlans->len, 1u);
	assert_warned("host.bsim:60: vlan200 is named as a VLAN but has no VLAN=yes: ifup-eth "
		      "makes no VLAN without it; it is not made");
	assert_warned("host.bsim:71: br0 is a bridge (TYPE=Bridge): bondsim does not model "
		      "bridges; it is not made, and IPADDR=10.0.5.1 is not given");
	assert_warned("host.bsim:81: eth2 is neither a bond nor a bond's slave (no "
		      "BONDING_OPTS=, TYPE=Bond or MASTER=): bondsim reads ifcfg files for bonds "
		      "only; IPADDR=192.168.7.2 is not given (write 'ip eth2 = 192.168.7.2/N' in "
		      "the host)");
	assert_warned("host.bsim:91: eth3 joins bridge br0 (BRIDGE=br0): bondsim does not "
		      "model bridges; ignored");
	cr_assert_eq(set->warnings->len, 4u, "%s", all_warnings());	/* none for ifcfg-lo */
}

/* ifup-eth puts a bond with BRIDGE= into the bridge and exits before its IPADDR. */
Test(bond_config, ifcfg_bond_in_a_bridge_gets_no_address)
{
	ifcfg("bond0", "DEVICE=bond0\nBONDING_OPTS=\"mode=4 miimon=100\"\nBRIDGE=br0\n"
	      "IPADDR=10.0.0.1\nPREFIX=24\n", 20);
	ifcfg("eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n", 30);
	boot();
	cr_assert_eq(bond("bond0")->params.mode, 4);
	assert_slaves(bond("bond0"), "eth0");
	cr_assert_null(bond("bond0")->ipaddr);
	assert_warned("host.bsim:22: bond0 joins bridge br0 (BRIDGE=br0): bondsim does not model "
		      "bridges; bond0 is modelled on its own, and without IPADDR=10.0.0.1, as "
		      "ifup-eth flushes a bridge port's addresses and sets none");
}

/* A misspelt variable is ignored by initscripts without a word: here, with one. */
Test(bond_config, ifcfg_misspelt_variables_are_said)
{
	ifcfg("bond0", "DEVICE=bond0\nTYPE=Bond\nBONDING_OPT=\"mode=4 miimon=100\"\n"
	      "IPADDR1=10.0.0.2\nPREFIX1=24\nHWADDR=00:11:22:33:44:55\nDNS2=1.1.1.1\n", 20);
	ifcfg("eth0", "DEVICE=eth0\nMASTR=bond0\nSlave=yes\n", 30);
	boot();
	cr_assert_eq(bond("bond0")->params.mode, 0);	/* the module's default */
	cr_assert_eq(bond("bond0")->slaves->len, 0u);
	assert_warned("host.bsim:22: BONDING_OPT= is no variable initscripts read (did you mean "
		      "BONDING_OPTS=?); ignored");
	assert_warned("host.bsim:31: MASTR= is no variable initscripts read (did you mean "
		      "MASTER=?); ignored");
	assert_warned("host.bsim:32: Slave= is no variable initscripts read (did you mean "
		      "SLAVE=? shell variables are case-sensitive); ignored");
	cr_assert_eq(set->warnings->len, 4u, "%s", all_warnings());	/* and "no slaves" */
}

Test(bond_config, ifcfg_duplicate_device)
{
	GError *err = NULL;

	ifcfg("eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n", 30);
	cr_assert_not(bond_conf_parse_ifcfg(set, "eth0-copy", "ONBOOT=yes\nDEVICE=eth0\n",
					    FILE_NAME, 60, &err));
	cr_assert_eq(err->code, BOND_CONF_ERROR_NAME);
	cr_assert_str_eq(err->message, "host.bsim:61: eth0 is already configured at "
			 "host.bsim:30: one ifcfg file per interface");
	g_error_free(err);
}

Test(bond_config, ifcfg_syntax_errors)
{
	GError *err = NULL;

	cr_assert_not(bond_conf_parse_ifcfg(set, "bond0", "DEVICE=bond0\nBONDING_OPTS=\"mode=1\n",
					    FILE_NAME, 20, &err));
	cr_assert_eq(err->code, BOND_CONF_ERROR_SYNTAX);
	cr_assert_str_eq(err->message, "host.bsim:21: unterminated quote in BONDING_OPTS=: "
			 "close it on the same line, e.g. BONDING_OPTS=\"mode=1 miimon=100\"");
	g_clear_error(&err);

	cr_assert_not(bond_conf_parse_ifcfg(set, NULL, "ONBOOT=yes\n", FILE_NAME, 20, &err));
	cr_assert_eq(err->code, BOND_CONF_ERROR_NAME);
	cr_assert_str_eq(err->message, "host.bsim:20: no DEVICE= in this ifcfg file and no "
			 "interface name given: add DEVICE=bond0, or name the file ifcfg-bond0");
	g_clear_error(&err);

	cr_assert_not(bond_conf_parse_ifcfg(set, NULL, "DEVICE=averyveryverylongname\n",
					    FILE_NAME, 20, &err));
	cr_assert_eq(err->code, BOND_CONF_ERROR_NAME);
	g_clear_error(&err);

	ifcfg("bond0", "DEVICE=bond0\nthis is not shell\nBONDING_OPTS=\"mode=1\"\n", 20);
	assert_warned("host.bsim:21: not a variable assignment; ignored");
}

Test(bond_config, ifcfg_bad_netmask)
{
	ifcfg("bond0", "DEVICE=bond0\nBONDING_OPTS=\"mode=1\"\nIPADDR=10.0.0.1\n"
	      "NETMASK=255.0.255.0\n", 20);
	g_autofree char *m = boot_fails(BOND_CONF_ERROR, BOND_CONF_ERROR_ADDRESS);

	cr_assert_str_eq(m, "host.bsim:23: NETMASK=255.0.255.0 is not contiguous: its one bits "
			 "come first, e.g. 255.255.255.0 (or PREFIX=24)");
}

Test(bond_config, ifcfg_onboot_no)
{
	ifcfg("bond0", "DEVICE=bond0\nONBOOT=no\nBONDING_OPTS=\"mode=1 miimon=100\"\n", 20);
	ifcfg("eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n", 30);
	boot();
	cr_assert_eq(set->bonds->len, 0u);
	assert_warned("host.bsim:20: bond0 has ONBOOT=no: not brought up at boot");
	assert_warned("host.bsim:31: eth0 is not enslaved: its master bond0 has ONBOOT=no");
}

Test(bond_config, primary_not_a_slave_warns)
{
	ifcfg("bond0", "DEVICE=bond0\nBONDING_OPTS=\"mode=1 miimon=100 primary=eth9\"\n", 20);
	ifcfg("eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n", 30);
	boot();
	cr_assert_str_eq(bond("bond0")->params.primary, "eth9");
	assert_warned("host.bsim:20: bond0: primary eth9 is not one of its slaves; the kernel "
		      "keeps the name and waits for it");
}

Test(bond_config, slave_of_module_bond_without_ifcfg)
{
	modprobe("alias bond0 bonding\noptions bonding max_bonds=2 mode=1 miimon=100\n");
	ifcfg("eth0", "DEVICE=eth0\nMASTER=bond1\nSLAVE=yes\n", 30);
	ifcfg("eth1", "DEVICE=eth1\nMASTER=bond1\nSLAVE=yes\n", 40);
	boot();
	assert_slaves(bond("bond1"), "eth0", "eth1");
	cr_assert_eq(bond("bond1")->params.mode, 1);
}

Test(bond_config, finalize_twice)
{
	modprobe("alias bond0 bonding\n");
	boot();
	g_free(boot_fails(BOND_CONF_ERROR, BOND_CONF_ERROR_STATE));
}

Test(bond_config, slave_of_unconfigured_bond_creates_it)
{
	/* ifup eth0 runs install_bonding_driver bond7: created with module defaults. */
	modprobe("options bonding mode=1 miimon=100 max_bonds=0\n");
	ifcfg("eth0", "DEVICE=eth0\nMASTER=bond7\nSLAVE=yes\n", 30);
	boot();
	cr_assert_eq(set->bonds->len, 1u);
	assert_slaves(bond("bond7"), "eth0");
	cr_assert_eq(bond("bond7")->params.mode, 1);
	assert_warned("host.bsim:31: bond7 has no ifcfg file: initscripts create it with the "
		      "module's parameters when enslaving eth0, and give it no address");
}

Test(bond_config, install_with_more_commands)
{
	modprobe("install bond0 /sbin/modprobe --ignore-install bonding mode=1 miimon=100; "
		 "/sbin/ifup bond0\n");
	boot();
	cr_assert_eq(bond("bond0")->params.mode, 1);
	cr_assert_eq(bond("bond0")->params.miimon, 100);
	assert_warned("host.bsim:10: only the first command of an install line is modelled; "
		      "';' and what follows are ignored");
}


/* The quotes go with the shell, leaving no command at all: refused at the
 * line, where it used to crash looking for the word "modprobe". */
Test(bond_config, install_with_empty_command)
{
	static const char *const texts[] = {
		"alias bond0 bonding\ninstall bond0 \"\"\n",
		"alias bond0 bonding\ninstall bond0 ''\n",
		"alias bond0 bonding\ninstall bond0 \"\" \"\"\n",
		"alias bond0 bonding\ninstall bond0 ; /sbin/modprobe bonding\n",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
		struct bond_conf_set *s = bond_conf_set_new();
		GError *err = NULL;

		cr_assert_not(bond_conf_parse_modprobe(s, texts[i], FILE_NAME, 10, &err),
			      "accepted: %s", texts[i]);
		cr_assert(err->domain == BOND_CONF_ERROR && err->code == BOND_CONF_ERROR_SYNTAX);
		cr_assert_str_eq(err->message, "host.bsim:11: install bond0: empty command; an "
				 "install line runs a command, e.g. 'install bond0 /sbin/modprobe "
				 "bonding -o bond0 miimon=100'");
		g_error_free(err);
		bond_conf_set_free(s);
	}
}

/* MTU= is one of initscripts' own variables, not modelled: said at its line, not a typo. */
Test(bond_config, ifcfg_mtu_is_said_not_modelled)
{
	ifcfg("bond0", "DEVICE=bond0\nMTU=9000\nBONDING_OPTS=\"mode=1 miimon=100\"\n", 20);
	ifcfg("eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n", 30);
	boot();
	assert_warned("host.bsim:21: bond0: MTU=9000 is not modelled; ignored");
	cr_assert_eq(bond("bond0")->params.mode, 1);
}
