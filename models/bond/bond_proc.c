/*
 * bond_proc.c - the text of /proc/net/bonding/<bond>.
 *
 * DOC: bond_proc_dump() prints what `cat /proc/net/bonding/bond0` prints on
 * Linux 6.x (drivers/net/bonding/bond_procfs.c as of 6.1-6.12: the version
 * with "Peer Notification Delay (ms)", "ARP Missed Max" and the NS IPv6
 * target line), byte for byte for modes 0-3, from the bond's live state.
 * The layout, in order:
 *
 *   Ethernet Channel Bonding Driver: v<release>
 *   <blank>                       (the kernel's bond_version ends in "\n"
 *                                  and is printed with "%s\n")
 *   Bonding Mode: <mode desc>[ (fail_over_mac <name>)]   (the latter only
 *                                  in active-backup with fail_over_mac != none)
 *   Transmit Hash Policy: <name> (<n>)   xor, 802.3ad, tlb/alb with
 *                                  tlb_dynamic_lb=0 (bond_mode_uses_xmit_hash)
 *   Primary Slave: <name> (primary_reselect <name>) | None
 *   Currently Active Slave: <name> | None
 *                                  both only in active-backup, tlb, alb
 *   MII Status: up | down          the bond's carrier
 *   MII Polling Interval (ms): <miimon>
 *   Up Delay (ms): <ticks * miimon>
 *   Down Delay (ms): <ticks * miimon>
 *   Peer Notification Delay (ms): <ticks * miimon>
 *   ARP Polling Interval (ms): <n>                  \
 *   ARP Missed Max: <n>                              | only when
 *   ARP IP target/s (n.n.n.n form): a.b.c.d, ...     | arp_interval > 0
 *   NS IPv6 target/s (xx::xx form): x::y, ...       /  (CONFIG_IPV6=y)
 *   [802.3ad info section]         mode 4 only: bond_3ad.c (proc_master)
 *
 * then for each slave in enslave order, each block preceded by a blank line:
 *
 *   Slave Interface: <name>
 *   MII Status: up | going down | down | going back   (bond_slave_link_status)
 *   Speed: <n> Mbps | Unknown
 *   Duplex: full | half | Unknown
 *   Link Failure Count: <n>
 *   Permanent HW addr: xx:xx:xx:xx:xx:xx
 *   Slave queue ID: 0
 *   [802.3ad per-slave lines]      mode 4 only: bond_3ad.c (proc_slave)
 *
 * There is no trailing blank line, and no per-slave "state" line: the
 * kernel shows active/backup state only in sysfs and netlink.
 *
 * Deviations, all deliberate:
 * - The first line carries bondsim's version where the kernel puts
 *   UTS_RELEASE, as one token shaped like a kernel release with a local
 *   version suffix ("v0.1.0-bondsim", like "v6.1.0-18-amd64"), so a parser
 *   that takes the word after "v" still gets one word.
 * - Speed and duplex come from the NIC at the moment of the dump: Unknown
 *   without carrier, as the kernel's slave->speed after bond_update_speed_duplex()
 *   has run on the NETDEV_CHANGE that a lost carrier sends.
 * - queue_id is not modelled: always 0, the kernel's default.
 */
#include <stdio.h>
#include <string.h>
#include "bond.h"

/* The kernel's bond_version, DRV_DESCRIPTION ": v" UTS_RELEASE "\n". */
#define BOND_PROC_VERSION "Ethernet Channel Bonding Driver: v" BONDSIM_VERSION "-bondsim\n"

const char *bond_slave_link_status(enum bond_link_state link)
{
	switch (link) {
	case BOND_LINK_UP:
		return "up";
	case BOND_LINK_FAIL:
		return "going down";
	case BOND_LINK_DOWN:
		return "down";
	case BOND_LINK_BACK:
		return "going back";
	}
	return "unknown";
}

/* A value's name from the option table (bond_opt_get_val()->string). */
static const char *opt_name(const char *opt, int value)
{
	const char *name = bond_opt_value_name(opt, value);

	return name ? name : "unknown";
}

/* %pI4 of an address in network byte order. */
static void append_ipv4(GString *out, const uint8_t a[4])
{
	g_string_append_printf(out, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

/*
 * %pI6c: RFC 5952 text as the kernel's vsprintf writes it.  The longest run
 * of two or more zero words (the first of equal runs) becomes "::"; words
 * are lower-case hex without leading zeros; v4-mapped (::ffff:a.b.c.d) and
 * ISATAP (x:x:x:x:0:5efe:a.b.c.d, u/l bit ignored) addresses end in dotted
 * quad and only their first six words are compressed.
 */
static void append_ipv6(GString *out, const uint8_t a[16])
{
	static const uint8_t v4mapped[12] = { [10] = 0xff, [11] = 0xff };
	bool use_ipv4 = memcmp(a, v4mapped, 12) == 0 ||
			((a[8] | 0x02) == 0x02 && a[9] == 0 && a[10] == 0x5e && a[11] == 0xfe);
	int nwords = use_ipv4 ? 6 : 8;
	int best_at = -1, best_len = 1;
	unsigned int w[8];
	bool colon = false;

	for (int i = 0; i < 8; i++)
		w[i] = (unsigned int)a[2 * i] << 8 | a[2 * i + 1];
	for (int i = 0; i < nwords; i++) {
		int n = 0;

		while (i + n < nwords && w[i + n] == 0)
			n++;
		if (n > best_len) {
			best_len = n;
			best_at = i;
		}
	}
	for (int i = 0; i < nwords; i++) {
		if (i == best_at) {
			g_string_append(out, i == 0 || colon ? "::" : ":");
			colon = false;
			i += best_len - 1;
			continue;
		}
		if (colon)
			g_string_append_c(out, ':');
		g_string_append_printf(out, "%x", w[i]);
		colon = true;
	}
	if (use_ipv4) {
		if (colon)
			g_string_append_c(out, ':');
		append_ipv4(out, a + 12);
	}
}

static void show_arp(const struct bond *bond, GString *out)
{
	const struct bond_params *p = &bond->params;

	g_string_append_printf(out, "ARP Polling Interval (ms): %d\n", p->arp_interval);
	g_string_append_printf(out, "ARP Missed Max: %u\n", (unsigned int)p->arp_missed_max);

	/* The kernel stops at the first empty slot; its table is kept packed. */
	g_string_append(out, "ARP IP target/s (n.n.n.n form):");
	for (int i = 0; i < p->arp_targets_count && i < BOND_MAX_ARP_TARGETS; i++) {
		uint8_t a[4];

		if (!p->arp_targets[i])
			break;
		memcpy(a, &p->arp_targets[i], 4);
		g_string_append(out, i ? ", " : " ");
		append_ipv4(out, a);
	}
	g_string_append_c(out, '\n');

	g_string_append(out, "NS IPv6 target/s (xx::xx form):");
	for (int i = 0; i < p->ns_targets_count && i < BOND_MAX_NS_TARGETS; i++) {
		static const uint8_t any[16];

		if (memcmp(p->ns_targets[i], any, 16) == 0)
			break;
		g_string_append(out, i ? ", " : " ");
		append_ipv6(out, p->ns_targets[i]);
	}
	g_string_append_c(out, '\n');
}

/* bond_info_show_master() */
static void show_master(const struct bond *bond, GString *out)
{
	const struct bond_params *p = &bond->params;
	int miimon = p->miimon;

	g_string_append_printf(out, "Bonding Mode: %s", bond_mode_desc(p->mode));
	if (bond_fail_over_mac(bond))
		g_string_append_printf(out, " (fail_over_mac %s)",
				       opt_name("fail_over_mac", p->fail_over_mac));
	g_string_append_c(out, '\n');

	if (bond_mode_uses_xmit_hash(bond))
		g_string_append_printf(out, "Transmit Hash Policy: %s (%d)\n",
				       opt_name("xmit_hash_policy", p->xmit_policy),
				       p->xmit_policy);

	if (bond_uses_primary(bond)) {
		g_string_append_printf(out, "Primary Slave: %s",
				       bond->primary ? bond->primary->dev->name : "None");
		if (bond->primary)
			g_string_append_printf(out, " (primary_reselect %s)",
					       opt_name("primary_reselect", p->primary_reselect));
		g_string_append_printf(out, "\nCurrently Active Slave: %s\n",
				       bond->curr_active ? bond->curr_active->dev->name
							 : "None");
	}

	g_string_append_printf(out, "MII Status: %s\n", bond->dev.carrier ? "up" : "down");
	g_string_append_printf(out, "MII Polling Interval (ms): %d\n", miimon);
	/* The kernel keeps the delays in monitor ticks and shows ticks * miimon. */
	g_string_append_printf(out, "Up Delay (ms): %d\n", p->updelay_ticks * miimon);
	g_string_append_printf(out, "Down Delay (ms): %d\n", p->downdelay_ticks * miimon);
	g_string_append_printf(out, "Peer Notification Delay (ms): %d\n",
			       p->peer_notif_ticks * miimon);

	if (p->arp_interval > 0)
		show_arp(bond, out);

	/* the mode's own lines (802.3ad info) */
	if (bond->ops->proc_master)
		bond->ops->proc_master(bond, out);
}

/* bond_info_show_slave() */
static void show_slave(const struct bond *bond, const struct slave *s, GString *out)
{
	const struct netdev *dev = s->dev;
	uint64_t mbps = dev->carrier ? dev->speed_bps / 1000000 : 0;
	char mac[18];

	g_string_append_printf(out, "\nSlave Interface: %s\n", dev->name);
	g_string_append_printf(out, "MII Status: %s\n", bond_slave_link_status(s->link));
	/* bond_update_speed_duplex(): speed 0 or unknown makes both unknown. */
	if (mbps) {
		g_string_append_printf(out, "Speed: %" G_GUINT64_FORMAT " Mbps\n", (guint64)mbps);
		g_string_append_printf(out, "Duplex: %s\n", dev->full_duplex ? "full" : "half");
	} else {
		g_string_append(out, "Speed: Unknown\nDuplex: Unknown\n");
	}
	g_string_append_printf(out, "Link Failure Count: %u\n",
			       (unsigned int)s->link_failure_count);
	g_string_append_printf(out, "Permanent HW addr: %s\n", mac_format(s->perm_hwaddr, mac));
	g_string_append(out, "Slave queue ID: 0\n");
	/* the mode's own lines (802.3ad: aggregator, churn, LACPDU details) */
	if (bond->ops->proc_slave)
		bond->ops->proc_slave(bond, s, out);
}

/* bond_info_seq_show(): the master, then one block per slave. */
void bond_proc_dump(const struct bond *bond, GString *out)
{
	g_string_append(out, BOND_PROC_VERSION "\n");
	show_master(bond, out);
	for (guint i = 0; i < bond->slaves->len; i++)
		show_slave(bond, bond_slave(bond, i), out);
}
