/*
 * test_set.c - --set PATH=VALUE: every kind of value lands where the file
 * would have put it, and every wrong path or value is refused in --set's words.
 */
#include <criterion/criterion.h>
#include <string.h>
#include "world.h"
#include "set.h"
#include "switch/sw_priv.h"

#define SET_WORLD \
	"[sim]\nduration = 1s\n" \
	"[switch sw1]\nports = Gi0/1-4\nlag Po1 = Gi0/1 Gi0/2 mode=on\n" \
	"[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n" \
	"options bond0 = mode=balance-rr miimon=100 updelay=200\nip bond0 = 10.0.0.1/24\n" \
	"[host client]\nip = 10.0.0.2/24\n" \
	"[links]\nserver.eth0 = sw1.Gi0/1 delay=5us\nserver.eth1 = sw1.Gi0/2\nclient.eth0 = sw1.Gi0/3\n" \
	"[flow f]\nfrom = server\nto = client\nrate = 10M\nsize = 1000\n"

static struct world *load_with(const char *text, const char *const *sets, GError **err)
{
	struct world_options opt = { .sets = (char **)sets };

	return world_load_text(text, "t.ini", &opt, err);
}

static struct world *load_ok(const char *const *sets)
{
	GError *err = NULL;
	struct world *w = load_with(SET_WORLD, sets, &err);

	cr_assert_not_null(w, "%s", err ? err->message : "");
	return w;
}

/* The error of loading SET_WORLD with the one --set @set. */
static char *refusal(const char *set)
{
	const char *sets[] = { set, NULL };
	GError *err = NULL;
	struct world *w = load_with(SET_WORLD, sets, &err);
	char *msg;

	cr_assert_null(w, "--set %s was taken", set);
	cr_assert_not_null(err);
	msg = g_strdup(err->message);
	g_error_free(err);
	return msg;
}

static struct bond *bond0(struct world *w)
{
	return world_find_bond(world_find_host(w, "server"), "bond0");
}

static struct link *link_at(struct world *w, const char *name)
{
	for (guint i = 0; i < w->links->len; i++) {
		struct link *l = g_ptr_array_index(w->links, i);

		if (strcmp(l->name, name) == 0)
			return l;
	}
	cr_assert_fail("no link %s", name);
	return NULL;
}

Test(set, number_bond_option_replaces_its_word_and_keeps_the_others)
{
	const char *sets[] = { "server.bond0.miimon=50", NULL };
	struct world *w = load_ok(sets);

	cr_assert_eq(bond0(w)->params.miimon, 50);
	cr_assert_eq(bond0(w)->params.updelay, 200);
	cr_assert_eq(bond0(w)->params.mode, 0);
	world_free(w);
}

Test(set, bond_option_not_in_the_line_is_added)
{
	const char *sets[] = { "server.bond0.downdelay=300", NULL };
	struct world *w = load_ok(sets);

	cr_assert_eq(bond0(w)->params.downdelay, 300);
	cr_assert_eq(bond0(w)->params.miimon, 100);
	world_free(w);
}

Test(set, enum_option_by_name_and_number_the_last_one_wins)
{
	const char *sets[] = { "server.bond0.mode=6", "server.bond0.mode=active-backup", NULL };
	struct world *w = load_ok(sets);

	cr_assert_eq(bond0(w)->params.mode, 1);
	world_free(w);
}

Test(set, bool_bond_option_and_switch_on_off)
{
	const char *sets[] = { "server.bond0.use_carrier=0", "sw1.Po1.suspend_individual=off",
			       "sw1.Po1.mode=active", "server.bond0.mode=802.3ad", NULL };
	struct world *w = load_ok(sets);
	struct sw_lag *lag = sw_find_lag(world_find_switch(w, "sw1")->sw, "Po1");

	cr_assert_eq(bond0(w)->params.use_carrier, 0);
	cr_assert_eq(bond0(w)->params.mode, 4);
	cr_assert_not_null(lag);
	cr_assert_eq(lag->suspend_individual, false);
	cr_assert_eq(lag->mode, SW_LAG_LACP);
	world_free(w);
}

Test(set, times_of_sim_and_of_a_cable)
{
	const char *sets[] = { "sim.duration=3s", "links.server.eth0.delay=2ms",
			       "links.sw1.Gi0/2.delay=1.5ms", NULL };
	struct world *w = load_ok(sets);

	cr_assert_eq(w->duration, 3 * SIM_S);
	cr_assert_eq(link_at(w, "server.eth0--sw1.Gi0/1")->delay, 2 * SIM_MS);
	cr_assert_eq(link_at(w, "server.eth1--sw1.Gi0/2")->delay, 1500 * SIM_US);
	world_free(w);
}

Test(set, rates_and_speeds)
{
	const char *sets[] = { "flow.f.rate=50M", "links.client.eth0.speed=10G", NULL };
	struct world *w = load_ok(sets);
	struct flow *f = g_ptr_array_index(w->flows, 0);

	cr_assert_eq(f->cfg.rate_bps, 50000000ULL);
	cr_assert_eq(link_at(w, "client.eth0--sw1.Gi0/3")->speed_bps, 10000000000ULL);
	world_free(w);
}

Test(set, plain_keys_of_host_and_switch_added_or_replaced)
{
	const char *sets[] = { "sw1.storm=log", "server.bond0.ip=10.0.0.9/24",
			       "server.eth1.txqueuelen=50", "sim.seed=77", NULL };
	struct world *w = load_ok(sets);
	struct world_host *h = world_find_host(w, "server");
	struct nic *eth1 = g_ptr_array_index(h->nics, 1);

	cr_assert_eq(world_find_switch(w, "sw1")->sw->cfg.storm, SW_STORM_LOG);
	cr_assert_eq(eth1->txqueuelen, 50);
	cr_assert_eq(w->seed, 77);
	cr_assert(host_has_ip(world_find_host(w, "server")->host, 0x0a000009));
	world_free(w);
}

Test(set, a_cable_moved_to_another_port)
{
	const char *sets[] = { "links.client.eth0=sw1.Gi0/4", NULL };
	struct world *w = load_ok(sets);

	link_at(w, "client.eth0--sw1.Gi0/4");
	world_free(w);
}

Test(set, a_bad_value_is_refused_in_the_loaders_words_after_the_set)
{
	char *m = refusal("server.bond0.miimon=x");

	cr_assert_str_eq(m, "--set server.bond0.miimon=x: option miimon: invalid value (x); the module parameter is an integer, names are not accepted here");
	g_free(m);
	m = refusal("sim.duration=2");
	cr_assert_str_eq(m, "--set sim.duration=2: invalid time '2' (no unit); write a number and a unit (ns, us, ms, s, m, h), e.g. 10us, 100ms, 2.5s, 1m");
	g_free(m);
	m = refusal("sw1.storm=loud");
	cr_assert_str_eq(m, "--set sw1.storm=loud: unknown storm action 'loud' (did you mean 'log'?); valid: stop, log");
	g_free(m);
	m = refusal("links.server.eth0.speed=1000000000");
	cr_assert(g_str_has_prefix(m, "--set links.server.eth0.speed=1000000000: "), "%s", m);
	g_free(m);
}

Test(set, unknown_paths_name_the_nearest)
{
	char *m = refusal("server.bond0.miimn=50");

	cr_assert(g_str_has_prefix(m, "--set server.bond0.miimn=50: no such path 'server.bond0.miimn' (did you mean 'server.bond0.miimon'?); a host's paths: server.nics, server.ip, "), "%s", m);
	cr_assert(strstr(m, "server.bond0.OPTION (a bonding option: bondsim options)"), "%s", m);
	/* a route or a file name does not take the bond's name */
	cr_assert(strstr(m, ", server.<net/len>.route, "), "%s", m);
	cr_assert(strstr(m, ", server.<NAME.yaml>.netplan, "), "%s", m);
	cr_assert_null(strstr(m, "server.bond0.route"), "%s", m);
	g_free(m);
	m = refusal("servr.bond0.miimon=50");
	cr_assert_str_eq(m, "--set servr.bond0.miimon=50: no host or switch 'servr' (did you mean 'server'?); a path starts with one of: sim, links, flow, mlag, sw1, server, client");
	g_free(m);
	m = refusal("sim.durration=5s");
	cr_assert_str_eq(m, "--set sim.durration=5s: no such path 'sim.durration' (did you mean 'sim.duration'?); valid: sim.duration, sim.seed, sim.sample, sim.runs");
	g_free(m);
	m = refusal("flow.f.rat=5M");
	cr_assert(g_str_has_prefix(m, "--set flow.f.rat=5M: no such path 'flow.f.rat' (did you mean 'flow.f.rate'?); valid: flow.f.type, "), "%s", m);
	g_free(m);
	m = refusal("links.server.eth0.dlay=1ms");
	cr_assert(g_str_has_prefix(m, "--set links.server.eth0.dlay=1ms: no such path 'links.server.eth0.dlay' (did you mean 'links.server.eth0.delay'?); the cables' paths: links.server.eth0, links.server.eth0.speed, "), "%s", m);
	g_free(m);
	m = refusal("sw1.Po1.mood=on");
	cr_assert(strstr(m, "(did you mean 'sw1.Po1.mode'?)"), "%s", m);
	g_free(m);
	m = refusal("server.bond9.miimon=50");
	cr_assert_str_eq(m, "--set server.bond9.miimon=50: options for 'bond9', but there is no bond bond9: declare it, e.g. 'bond bond9 = eth0 eth1'");
	g_free(m);
	m = refusal("duration=5s");
	cr_assert(g_str_has_prefix(m, "--set 'duration=5s': write PATH=VALUE"), "%s", m);
	g_free(m);
	m = refusal("server.modprobe.d=options bond0 miimon=1");
	cr_assert_str_eq(m, "--set server.modprobe.d=options bond0 miimon=1: a configuration file is set from a file: --set server.modprobe.d=@FILE (beside the scenario)");
	g_free(m);
}

/* A NIC the --set adds and no cable reaches: the --set is named, not the [host] line. */
Test(set, a_new_nic_without_a_cable_names_the_set)
{
	char *m = refusal("server.nics=eth0 eth1 eth2");

	cr_assert_str_eq(m, "--set server.nics=eth0 eth1 eth2: server.eth2 is not cabled: add 'server.eth2 = SWITCH.PORT' under [links]");
	g_free(m);
}

/* The same when the host had no nics line: the line the --set added is named. */
Test(set, a_nics_line_added_without_a_cable_names_the_set)
{
	const char *sets[] = { "a.nics=eth0 eth1", NULL };
	GError *err = NULL;
	struct world *w = load_with("[switch sw1]\nports = Gi0/1-2\n[host a]\n[links]\na.eth0 = sw1.Gi0/1\n",
				    sets, &err);

	cr_assert_null(w);
	cr_assert_str_eq(err->message, "--set a.nics=eth0 eth1: a.eth1 is not cabled: add 'a.eth1 = SWITCH.PORT' under [links]");
	g_error_free(err);
}

Test(set, two_sets_on_one_line_are_both_named_when_it_is_refused)
{
	const char *sets[] = { "server.bond0.miimon=50", "server.bond0.updelay=x", NULL };
	GError *err = NULL;
	struct world *w = load_with(SET_WORLD, sets, &err);

	cr_assert_null(w);
	cr_assert(g_str_has_prefix(err->message, "--set server.bond0.miimon=50 --set server.bond0.updelay=x: option updelay: "), "%s", err->message);
	g_error_free(err);
}

Test(set, bond_paths_lists_every_bond)
{
	GError *err = NULL;
	struct ini *ini = ini_parse(SET_WORLD "[host b]\nnics = eth0 eth1 eth2\nbond bond1 = eth0\nbond bond2 = eth1\n",
				    "t.ini", &err);
	char **p = set_bond_paths(ini);

	cr_assert_eq(g_strv_length(p), 3);
	cr_assert_str_eq(p[0], "server.bond0");
	cr_assert_str_eq(p[1], "b.bond1");
	cr_assert_str_eq(p[2], "b.bond2");
	g_strfreev(p);
	ini_free(ini);
}

Test(set, a_new_nic_and_its_cable)
{
	const char *sets[] = { "server.nics=eth0 eth1 eth2", "links.server.eth2=sw1.Gi0/4 speed=100",
			       NULL };
	struct world *w = load_ok(sets);

	cr_assert_eq(world_find_host(w, "server")->nics->len, 3);
	cr_assert_eq(link_at(w, "server.eth2--sw1.Gi0/4")->speed_bps, 100000000ULL);
	world_free(w);
}

Test(set, an_empty_lag_removes_the_port_channel)
{
	const char *sets[] = { "sw1.Po1.lag=", "server.bond0.mode=1", NULL };
	struct world *w = load_ok(sets);

	cr_assert_null(sw_find_lag(world_find_switch(w, "sw1")->sw, "Po1"));
	world_free(w);
}

Test(set, a_tcp_sysctl_of_a_host)
{
	const char *sets[] = { "server.tcp_reordering=30", "server.net.ipv4.tcp_sack=0", NULL };
	struct world *w = load_ok(sets);
	const struct world_host *h = g_ptr_array_index(w->hosts, 0);

	cr_assert_eq(tcp_host_params(h->host)->reordering, 30);
	cr_assert_eq(tcp_host_params(h->host)->sack, false);
	cr_assert_eq(tcp_host_params(h->host)->max_reordering, 300);
	world_free(w);
}

/* A --set that takes away what an expectation reads says how to run anyway. */
Test(set, an_expectation_the_set_leaves_without_its_metric_points_at_no_expect)
{
	const char *sets[] = { "server.bond0.mode=0", NULL };
	GError *err = NULL;
	struct world *w = load_with(SET_WORLD "[faults]\n0.5s link server.eth0 down\n"
				    "[expect]\nfailover.1.bond.server.bond0.active_change_ms < 100\n",
				    (const char *const *)sets, &err);
	struct world_options quiet = { .sets = (char **)sets, .no_expect = true };

	cr_assert_null(w);
	cr_assert(strstr(err->message, "t.ini:25: no metric 'failover.1.bond.server.bond0.active_change_ms'"),
		  "%s", err->message);
	cr_assert(g_str_has_suffix(err->message, "; with --set, --no-expect runs without the "
						 "scenario's [expect] lines"), "%s", err->message);
	g_error_free(err);
	w = world_load_text(SET_WORLD "[faults]\n0.5s link server.eth0 down\n"
			    "[expect]\nfailover.1.bond.server.bond0.active_change_ms < 100\n",
			    "t.ini", &quiet, &err);
	cr_assert_not_null(w, "%s", err ? err->message : "");
	world_free(w);
}

/* A cable a --set lays that clashes with one of the file: both are named. */
Test(set, a_cable_clash_names_the_set_that_laid_the_first)
{
	char *m = refusal("links.server.eth0=server.eth1");

	cr_assert_str_eq(m, "t.ini:15: server.eth1 is already cabled to server.eth0 by --set "
			    "links.server.eth0=server.eth1: a port takes one cable");
	g_free(m);
}
