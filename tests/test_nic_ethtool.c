/*
 * test_nic_ethtool.c - "ethtool DEV" as ethtool 6.1 prints it for the cards
 * bondsim's NICs stand for (e1000e on twisted pair, ixgbe with a 10G DAC), and
 * the refusals of 1000 Mb/s half duplex by the driver and by IOS.
 */
#include <criterion/criterion.h>
#include "world.h"

/* A server and a client on sw1, the cables' speed and the faults given. */
#define WORLD(speed, host_key, faults) \
	"[sim]\nduration = 3s\n" \
	"[switch sw1]\nports = Gi0/1-2\n" \
	"[host server]\nip = 10.0.0.1/24\n" host_key \
	"[host client]\nip = 10.0.0.2/24\n" \
	"[links]\nserver.eth0 = sw1.Gi0/1 speed=" speed "\nclient.eth0 = sw1.Gi0/2 speed=" speed "\n" \
	"[faults]\n" faults

static struct world *run(const char *text)
{
	struct world_options opt = { .seed_set = true, .seed = 1 };
	GError *err = NULL;
	struct world *w = world_load_text(text, "mem.ini", &opt, &err);

	cr_assert_not_null(w, "%s", err ? err->message : "");
	world_run(w);
	return w;
}

static void load_fails(const char *text, const char *msg)
{
	struct world_options opt = { .seed_set = true, .seed = 1 };
	GError *err = NULL;
	struct world *w = world_load_text(text, "mem.ini", &opt, &err);

	cr_assert_null(w, "loaded");
	cr_assert_str_eq(err->message, msg);
	g_error_free(err);
}

static const struct host_show *show(const struct world *w, const char *host, guint i)
{
	const struct world_host *h = world_find_host((struct world *)w, host);

	cr_assert(h->shows && i < h->shows->len, "no show %u", i);
	return g_ptr_array_index(h->shows, i);
}

static const char e1000e_1g[] =
	"Settings for eth0:\n"
	"\tSupported ports: [ TP ]\n"
	"\tSupported link modes:   10baseT/Half 10baseT/Full\n"
	"\t                        100baseT/Half 100baseT/Full\n"
	"\t                        1000baseT/Full\n"
	"\tSupported pause frame use: No\n"
	"\tSupports auto-negotiation: Yes\n"
	"\tSupported FEC modes: Not reported\n"
	"\tAdvertised link modes:  10baseT/Half 10baseT/Full\n"
	"\t                        100baseT/Half 100baseT/Full\n"
	"\t                        1000baseT/Full\n"
	"\tAdvertised pause frame use: No\n"
	"\tAdvertised auto-negotiation: Yes\n"
	"\tAdvertised FEC modes: Not reported\n"
	"\tSpeed: 1000Mb/s\n"
	"\tDuplex: Full\n"
	"\tAuto-negotiation: on\n"
	"\tPort: Twisted Pair\n"
	"\tPHYAD: 1\n"
	"\tTransceiver: internal\n"
	"\tMDI-X: off (auto)\n"
	"\tSupports Wake-on: pumbg\n"
	"\tWake-on: g\n"
	"        Current message level: 0x00000007 (7)\n"
	"                               drv probe link\n"
	"\tLink detected: yes\n";

Test(nic_ethtool, a_1g_nic_is_an_e1000e_without_1000baset_half)
{
	struct world *w = run(WORLD("1G", "", "1s ethtool server.eth0\n"));

	cr_assert_str_eq(show(w, "server", 0)->command, "ethtool eth0");
	cr_assert_eq(show(w, "server", 0)->at, SIM_S);
	cr_assert_str_eq(show(w, "server", 0)->text, e1000e_1g);
	world_free(w);
}

/* Forced: nothing advertised, autonegotiation off. */
Test(nic_ethtool, a_forced_e1000e_advertises_no_modes)
{
	struct world *w = run(WORLD("1G", "ethtool eth0 = speed 100 duplex full autoneg off\n",
				    "1s ethtool server.eth0\n"));
	const char *t = show(w, "server", 0)->text;

	cr_assert(strstr(t, "\tAdvertised link modes:  Not reported\n"
			    "\tAdvertised pause frame use: No\n"
			    "\tAdvertised auto-negotiation: No\n"), "%s", t);
	cr_assert(strstr(t, "\tSpeed: 100Mb/s\n\tDuplex: Full\n\tAuto-negotiation: off\n"
			    "\tPort: Twisted Pair\n\tPHYAD: 1\n"), "%s", t);
	world_free(w);
}

Test(nic_ethtool, a_10g_nic_is_an_ixgbe_port_with_a_dac)
{
	struct world *w = run(WORLD("10G", "", "1s ethtool server.eth0\n"));

	cr_assert_str_eq(show(w, "server", 0)->text,
			 "Settings for eth0:\n"
			 "\tSupported ports: [ FIBRE ]\n"
			 "\tSupported link modes:   10000baseT/Full\n"
			 "\tSupported pause frame use: Symmetric\n"
			 "\tSupports auto-negotiation: No\n"
			 "\tSupported FEC modes: Not reported\n"
			 "\tAdvertised link modes:  10000baseT/Full\n"
			 "\tAdvertised pause frame use: Symmetric\n"
			 "\tAdvertised auto-negotiation: No\n"
			 "\tAdvertised FEC modes: Not reported\n"
			 "\tSpeed: 10000Mb/s\n"
			 "\tDuplex: Full\n"
			 "\tAuto-negotiation: off\n"
			 "\tPort: Direct Attach Copper\n"
			 "\tPHYAD: 0\n"
			 "\tTransceiver: internal\n"
			 "\tSupports Wake-on: d\n"
			 "\tWake-on: d\n"
			 "        Current message level: 0x00000007 (7)\n"
			 "                               drv probe link\n"
			 "\tLink detected: yes\n");
	world_free(w);
}

/* No carrier: ethtool's unknowns, the rest as the card has it. */
Test(nic_ethtool, a_nic_without_carrier_says_unknown)
{
	struct world *w = run(WORLD("1G", "", "1s link server.eth0 down\n2s ethtool server.eth0\n"));
	const char *t = show(w, "server", 0)->text;

	cr_assert(strstr(t, "\tSpeed: Unknown!\n\tDuplex: Unknown! (255)\n\tAuto-negotiation: on\n"),
		  "%s", t);
	/* e1000e reports the MDI-X state only with carrier */
	cr_assert(strstr(t, "\tTransceiver: internal\n\tMDI-X: Unknown (auto)\n"), "%s", t);
	cr_assert(g_str_has_suffix(t, "                               drv probe link\n"
				      "\tLink detected: no\n"), "%s", t);
	world_free(w);
}

/*
 * ethtool -s to 1000/half during the run: e1000_set_spd_dplx() says EINVAL,
 * ethtool prints the netlink errors, the cable is left alone.
 */
Test(nic_ethtool, a_forced_1000_half_during_the_run_is_refused_by_the_driver)
{
	struct world *w = run(WORLD("1G", "",
				    "1s ethtool -s server.eth0 speed 1000 duplex half autoneg off\n"
				    "2s ethtool server.eth0\n"));
	const struct nic *eth0 = g_ptr_array_index(world_find_host(w, "server")->nics, 0);

	cr_assert_str_eq(show(w, "server", 0)->command,
			 "ethtool -s eth0 speed 1000 duplex half autoneg off");
	cr_assert_eq(show(w, "server", 0)->at, SIM_S);
	cr_assert_str_eq(show(w, "server", 0)->text, "netlink error: link settings update failed\n"
						      "netlink error: Invalid argument\n");
	cr_assert_str_eq(show(w, "server", 1)->text, e1000e_1g);
	cr_assert(autoneg_is_default(&eth0->an));
	cr_assert_null(((struct link *)g_ptr_array_index(w->links, 0))->renegotiations);
	world_free(w);
}

/* With autonegotiation on, 1000/half advertises nothing the NIC has: e1000e advertises all. */
Test(nic_ethtool, speed_1000_duplex_half_negotiating_advertises_everything)
{
	struct world *w = run(WORLD("1G", "ethtool eth0 = speed 1000 duplex half\n",
				    "1s ethtool server.eth0\n"
				    "2s ethtool -s server.eth0 advertise 0x010\n"
				    "2s ethtool server.eth0\n"));

	cr_assert_str_eq(show(w, "server", 0)->text, e1000e_1g);
	cr_assert_str_eq(show(w, "server", 1)->text, e1000e_1g);
	world_free(w);
}

Test(nic_ethtool, a_forced_1000_half_in_the_host_key_is_refused)
{
	load_fails(WORLD("1G", "ethtool eth0 = speed 1000 duplex half autoneg off\n", ""),
		   "mem.ini:7: ethtool speed 1000 duplex half autoneg off: the NIC's driver (e1000e, "
		   "igb) refuses 1000 Mb/s half duplex (EINVAL, 'Unsupported Speed/Duplex "
		   "configuration'): write duplex full, or speed 10 or 100 for half duplex");
}

Test(nic_ethtool, ios_refuses_duplex_half_at_speed_1000)
{
	load_fails("[switch sw1]\nports = Gi0/1\nspeed Gi0/1 = 1000\nduplex Gi0/1 = half\n",
		   "mem.ini:4: sw1 Gi0/1: duplex half with speed 1000: a Catalyst port runs 1000 "
		   "Mb/s at full duplex only; write duplex full or auto, or speed 10 or 100 for half "
		   "duplex");
	load_fails("[switch sw1]\nconfig =\n    interface GigabitEthernet0/1\n     speed 1000\n"
		   "     duplex half\n",
		   "mem.ini:5: Gi0/1: duplex half with speed 1000: a Catalyst port runs 1000 Mb/s at "
		   "full duplex only; write duplex full or auto, or speed 10 or 100 for half duplex");
	load_fails(WORLD("1G", "", "1s port sw1.Gi0/1 speed 1000\n2s port sw1.Gi0/1 duplex half\n"),
		   "mem.ini:14: port sw1.Gi0/1: duplex half with speed 1000: a Catalyst port runs "
		   "1000 Mb/s at full duplex only; write duplex full or auto, or speed 10 or 100 for "
		   "half duplex");
	/* written out of time order: played in time order, the duplex line makes the pair */
	load_fails(WORLD("1G", "", "2s port sw1.Gi0/1 duplex half\n1s port sw1.Gi0/1 speed 1000\n"),
		   "mem.ini:13: port sw1.Gi0/1: duplex half with speed 1000: a Catalyst port runs "
		   "1000 Mb/s at full duplex only; write duplex full or auto, or speed 10 or 100 for "
		   "half duplex");
}
