/*
 * sw_ifname.h - IOS interface names, short ("Gi0/1") and long ("GigabitEthernet0/1").
 *
 * DOC: IOS has two spellings of every interface and picks one per message:
 * %LINK-3-UPDOWN, %LINK-5-CHANGED and %LINEPROTO-5-UPDOWN print the long
 * one ("Interface GigabitEthernet0/1, changed state to down"), while
 * %EC-5-BUNDLE, %EC-5-CANNOT_BUNDLE2, %SW_MATM-4-MACFLAP_NOTIF, %PM-4-*
 * and "show etherchannel summary" print the short one ("Gi0/1", "Po1").
 * A scenario may name a port either way; these map it to the one a
 * message wants.  A name of no IOS type ("p1", "swp1", "eth0") is left as
 * it is: matching is case-sensitive, so Linux's "eth0" is not "Ethernet0".
 * sw_ios.c reads "interface TYPE N" against the same table.
 */
#ifndef BONDSIM_SW_IFNAME_H
#define BONDSIM_SW_IFNAME_H

#include <stddef.h>

#include "link/netdev.h"

/* Room for any name as either spelling: the longest type adds 17 characters. */
#define SW_IFNAME_MAX (NETDEV_NAME_MAX + 24)

/* One interface type: its long name and the abbreviation IOS prints. */
struct sw_iftype {
	const char *name;		/* "GigabitEthernet" */
	const char *abbrev;		/* "Gi" */
};

/*
 * The types, the ones a config can name first (sw_ios.c takes the first
 * SW_IFTYPE_CONFIG; Port-channel is the last of those, SW_IFTYPE_PO), then
 * those only ever printed (Vlan).
 */
extern const struct sw_iftype sw_iftypes[];
#define SW_IFTYPE_CONFIG 8
#define SW_IFTYPE_PO (SW_IFTYPE_CONFIG - 1)
#define SW_IFTYPE_ETH (SW_IFTYPE_PO - 1)	/* NX-OS's Ethernet1/1, Arista's Ethernet1 */
#define SW_IFTYPE_COUNT 9

/*
 * @name in IOS's long spelling ("Gi0/1" -> "GigabitEthernet0/1", "Po1" ->
 * "Port-channel1"), written to @buf; a name already long, or of no IOS
 * type, is returned as it is (then @buf is untouched).  @buf is not @name.
 */
const char *sw_ifname_long(const char *name, char *buf, size_t len);
/* @name in IOS's short spelling ("GigabitEthernet0/1" -> "Gi0/1"), likewise. */
const char *sw_ifname_short(const char *name, char *buf, size_t len);

#endif
