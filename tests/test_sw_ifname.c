/*
 * test_sw_ifname.c - IOS interface names, short and long (models/switch/sw_ifname.c).
 *
 * DOC: Every type both ways, with numbers of one to three parts; names
 * already in the wanted spelling come back as they are (the same pointer,
 * @buf untouched); names of no IOS type ("p1", "swp1", Linux's "eth0",
 * a bare "Gi", a lower-case "gi0/1") are never rewritten.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "switch/sw_ifname.h"

/* Both spellings of one interface, as IOS writes them. */
static const struct {
	const char *s;
	const char *l;
} pairs[] = {
	{ "Fa0/1", "FastEthernet0/1" },
	{ "Gi1/0/24", "GigabitEthernet1/0/24" },
	{ "Te1/1/1", "TenGigabitEthernet1/1/1" },
	{ "Twe1/0/1", "TwentyFiveGigE1/0/1" },
	{ "Fo1/1/2", "FortyGigabitEthernet1/1/2" },
	{ "Hu1/0/49", "HundredGigE1/0/49" },
	{ "Eth1/49", "Ethernet1/49" },
	{ "Po1", "Port-channel1" },
	{ "Po4096", "Port-channel4096" },
	{ "Vl10", "Vlan10" },
};

Test(sw_ifname, short_to_long_and_back)
{
	char buf[SW_IFNAME_MAX];

	for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
		cr_expect_str_eq(sw_ifname_long(pairs[i].s, buf, sizeof(buf)), pairs[i].l, "%s",
				 pairs[i].s);
		cr_expect_str_eq(sw_ifname_short(pairs[i].l, buf, sizeof(buf)), pairs[i].s, "%s",
				 pairs[i].l);
	}
}

/* A name already in the spelling asked for is the caller's own string back. */
Test(sw_ifname, already_in_that_spelling)
{
	char buf[SW_IFNAME_MAX] = "untouched";

	for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
		cr_expect_eq(sw_ifname_long(pairs[i].l, buf, sizeof(buf)), pairs[i].l, "%s",
			     pairs[i].l);
		cr_expect_eq(sw_ifname_short(pairs[i].s, buf, sizeof(buf)), pairs[i].s, "%s",
			     pairs[i].s);
	}
	cr_expect_str_eq(buf, "untouched");
}

Test(sw_ifname, not_ios_names_stay)
{
	static const char *const names[] = {
		"p1", "swp1", "eth0", "ens3f0", "port1", "gi0/1", "GI0/1", "Gi", "Po",
		"Port-channel", "Gix/1", "Pox", "Ethernet", "bond0", "",
	};
	char buf[SW_IFNAME_MAX];

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		cr_expect_eq(sw_ifname_long(names[i], buf, sizeof(buf)), names[i], "'%s'", names[i]);
		cr_expect_eq(sw_ifname_short(names[i], buf, sizeof(buf)), names[i], "'%s'",
			     names[i]);
	}
}

/* The longest type on the longest port name still fits SW_IFNAME_MAX. */
Test(sw_ifname, longest_fits)
{
	char name[NETDEV_NAME_MAX], buf[SW_IFNAME_MAX], back[SW_IFNAME_MAX];
	const char *l;

	memset(name, '9', sizeof(name) - 1);
	name[0] = 'F';
	name[1] = 'o';
	name[sizeof(name) - 1] = '\0';
	l = sw_ifname_long(name, buf, sizeof(buf));
	cr_assert_eq(strlen(l), strlen("FortyGigabitEthernet") + strlen(name) - 2);
	cr_expect_str_eq(sw_ifname_short(l, back, sizeof(back)), name);
}

/* sw_ios.c reads configs against the first SW_IFTYPE_CONFIG types, Port-channel last. */
Test(sw_ifname, config_types_end_with_port_channel)
{
	cr_expect_str_eq(sw_iftypes[SW_IFTYPE_PO].name, "Port-channel");
	cr_expect_str_eq(sw_iftypes[SW_IFTYPE_CONFIG].name, "Vlan");
	cr_expect_eq(SW_IFTYPE_CONFIG + 1, SW_IFTYPE_COUNT);
}
