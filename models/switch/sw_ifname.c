/*
 * sw_ifname.c - IOS interface names, short and long (see sw_ifname.h).
 */
#include <stdbool.h>
#include <string.h>

#include <glib.h>

#include "sw_ifname.h"

/* Spelt as IOS prints them; the order is sw_ifname.h's (config types, then Vlan). */
const struct sw_iftype sw_iftypes[SW_IFTYPE_COUNT] = {
	{ "FastEthernet", "Fa" },
	{ "GigabitEthernet", "Gi" },
	{ "TenGigabitEthernet", "Te" },
	{ "TwentyFiveGigE", "Twe" },
	{ "FortyGigabitEthernet", "Fo" },
	{ "HundredGigE", "Hu" },
	{ "Ethernet", "Eth" },
	{ "Port-channel", "Po" },
	{ "Vlan", "Vl" },
};

/* The type whose @from spelling @name starts with, right before its number; or NULL. */
static const struct sw_iftype *type_of(const char *name, bool long_form)
{
	for (guint t = 0; t < SW_IFTYPE_COUNT; t++) {
		const char *from = long_form ? sw_iftypes[t].name : sw_iftypes[t].abbrev;
		size_t n = strlen(from);

		if (strncmp(name, from, n) == 0 && g_ascii_isdigit(name[n]))
			return &sw_iftypes[t];
	}
	return NULL;
}

const char *sw_ifname_long(const char *name, char *buf, size_t len)
{
	const struct sw_iftype *t = type_of(name, false);

	if (!t)
		return name;
	g_snprintf(buf, len, "%s%s", t->name, name + strlen(t->abbrev));
	return buf;
}

const char *sw_ifname_short(const char *name, char *buf, size_t len)
{
	const struct sw_iftype *t = type_of(name, true);

	if (!t)
		return name;
	g_snprintf(buf, len, "%s%s", t->abbrev, name + strlen(t->name));
	return buf;
}
