// SPDX-License-Identifier: MIT
/*
 * DOC: bond_options.c - the bonding option table, its lookup and its text
 *
 * bond_opt_table[] is the model of the kernel's bond_opts[]: every option is
 * one descriptor and every numeric value is a row of a value table (names and
 * numbers both accepted, ranges given by MIN/MAX rows, "default" matching the
 * DEFAULT row).  Everything else reads that table: the parsers, the error
 * texts ("valid values: slow or 0, fast or 1"), the defaults, the names used
 * by the /proc dump and bond_opts_print_table().
 *
 * This file holds the table and what only reads it: lookup by name ('-' as
 * '_', as the kernel's parameq()) with a "did you mean", the mode names and
 * the kernel's bond_mode_name() texts, the defaults bond_check_params()
 * yields with no parameter, one option's value as text (the `bondsim
 * options` listing is bond_opt_print.c); also the helpers the other option
 * files share (range rows, "valid values" text, log lines:
 * bond_options_priv.h).
 *
 * The kernel accepts options through three doors with different rules, and
 * users paste text meant for each of them, so each door is modelled, in its
 * own file:
 *
 *  - module parameters ("options bonding ..."): bond_params_parse()
 *    (bond_opt_parse.c) only does what the kernel's parse_args() does (ints
 *    must be ints, at most 16 ARP targets); bond_params_finalize()
 *    (bond_params_check.c) then replays bond_check_params() of Linux
 *    6.1-6.12 step by step, in its order, with its exact log texts: ranges
 *    are reset with a warning, string values are parsed only when the mode
 *    makes them relevant, and a few mistakes make the module load fail.
 *  - sysfs writes (BONDING_OPTS of RHEL initscripts): bond_opt_store()
 *    (bond_opt_store.c) is __bond_opt_set(): mode dependency, value parse,
 *    then the option's setter with its side effects (miimon disables ARP
 *    monitoring and rescales the delays, mode 4/5/6 forces miimon=100, ...).
 *    bond_params_apply() adds the initscripts ordering on top.
 *  - bond_opt_set() (bond_opt_parse.c): table check and assignment only.
 *
 * Delays are stored in ms as the kernel shows them (ticks * miimon) and also
 * as ticks, because the kernel keeps ticks: that is why a later miimon change
 * rescales them, and why updelay given while miimon is 0 survives raw.
 */
#include "bond_options_priv.h"
#include "sim.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

G_DEFINE_QUARK(bond-opt-error-quark, bond_opt_error)

/* ------------------------------------------------------------------------ */
/* Value tables: rows and numbers as in the kernel's bond_options.c (6.x).  */

#define ROW_END { NULL, 0, 0 }
#define VDEF BOND_OPT_VAL_DEFAULT
#define VMIN BOND_OPT_VAL_MIN
#define VMAX BOND_OPT_VAL_MAX

static const struct bond_opt_value mode_tbl[] = {
	{ "balance-rr", BOND_MODE_ROUNDROBIN, VDEF },
	{ "active-backup", BOND_MODE_ACTIVEBACKUP, 0 },
	{ "balance-xor", BOND_MODE_XOR, 0 },
	{ "broadcast", BOND_MODE_BROADCAST, 0 },
	{ "802.3ad", BOND_MODE_8023AD, 0 },
	{ "balance-tlb", BOND_MODE_TLB, 0 },
	{ "balance-alb", BOND_MODE_ALB, 0 },
	ROW_END
};

static const struct bond_opt_value intmax_tbl[] = {
	{ "off", 0, VDEF },
	{ "maxval", INT_MAX, VMAX },
	ROW_END
};

/* 6.x narrowed peer_notif_delay from INT_MAX to 300000 ms. */
static const struct bond_opt_value peer_notif_delay_tbl[] = {
	{ "off", 0, 0 },
	{ "maxval", 300000, VMAX },
	ROW_END
};

static const struct bond_opt_value on_default_tbl[] = {
	{ "off", 0, 0 },
	{ "on", 1, VDEF },
	ROW_END
};

static const struct bond_opt_value off_default_tbl[] = {
	{ "off", 0, VDEF },
	{ "on", 1, 0 },
	ROW_END
};

static const struct bond_opt_value xmit_tbl[] = {
	{ "layer2", 0, VDEF },
	{ "layer3+4", 1, 0 },
	{ "layer2+3", 2, 0 },
	{ "encap2+3", 3, 0 },
	{ "encap3+4", 4, 0 },
	{ "vlan+srcmac", 5, 0 },
	ROW_END
};

static const struct bond_opt_value arp_validate_tbl[] = {
	{ "none", BOND_OPT_ARP_VALIDATE_NONE, VDEF },
	{ "active", BOND_OPT_ARP_VALIDATE_ACTIVE, 0 },
	{ "backup", BOND_OPT_ARP_VALIDATE_BACKUP, 0 },
	{ "all", BOND_OPT_ARP_VALIDATE_ALL, 0 },
	{ "filter", BOND_OPT_ARP_FILTER, 0 },
	{ "filter_active", BOND_OPT_ARP_FILTER_ACTIVE, 0 },
	{ "filter_backup", BOND_OPT_ARP_FILTER_BACKUP, 0 },
	ROW_END
};

static const struct bond_opt_value arp_all_targets_tbl[] = {
	{ "any", 0, VDEF },
	{ "all", 1, 0 },
	ROW_END
};

static const struct bond_opt_value missed_max_tbl[] = {
	{ "minval", 1, VMIN },
	{ "maxval", 255, VMAX },
	{ "default", 2, VDEF },
	ROW_END
};

static const struct bond_opt_value primary_reselect_tbl[] = {
	{ "always", BOND_OPT_PRI_RESELECT_ALWAYS, VDEF },
	{ "better", BOND_OPT_PRI_RESELECT_BETTER, 0 },
	{ "failure", BOND_OPT_PRI_RESELECT_FAILURE, 0 },
	ROW_END
};

static const struct bond_opt_value fail_over_mac_tbl[] = {
	{ "none", BOND_OPT_FOM_NONE, VDEF },
	{ "active", BOND_OPT_FOM_ACTIVE, 0 },
	{ "follow", BOND_OPT_FOM_FOLLOW, 0 },
	ROW_END
};

/* num_grat_arp / num_unsol_na and resend_igmp share this shape. */
static const struct bond_opt_value count255_tbl[] = {
	{ "off", 0, 0 },
	{ "maxval", 255, VMAX },
	{ "default", 1, VDEF },
	ROW_END
};

static const struct bond_opt_value pps_tbl[] = {
	{ "default", 1, VDEF },
	{ "maxval", USHRT_MAX, VMAX },
	ROW_END
};

/* The kernel's lacp_rate table has no DEFAULT row; slow comes from module init. */
static const struct bond_opt_value lacp_rate_tbl[] = {
	{ "slow", 0, 0 },
	{ "fast", 1, 0 },
	ROW_END
};

static const struct bond_opt_value ad_select_tbl[] = {
	{ "stable", BOND_OPT_AD_STABLE, VDEF },
	{ "bandwidth", BOND_OPT_AD_BANDWIDTH, 0 },
	{ "count", BOND_OPT_AD_COUNT, 0 },
	ROW_END
};

static const struct bond_opt_value sys_prio_tbl[] = {
	{ "minval", 1, VMIN },
	{ "maxval", 65535, VMAX | VDEF },
	ROW_END
};

static const struct bond_opt_value port_key_tbl[] = {
	{ "minval", 0, VMIN | VDEF },
	{ "maxval", 1023, VMAX },
	ROW_END
};

static const struct bond_opt_value lp_interval_tbl[] = {
	{ "minval", 1, VMIN | VDEF },
	{ "maxval", INT_MAX, VMAX },
	ROW_END
};

/*
 * max_bonds and tx_queues are module parameters only; the kernel checks them
 * by hand in bond_check_params().  These rows state the same ranges so the
 * table can document and check them like the rest.
 */
static const struct bond_opt_value max_bonds_tbl[] = {
	{ "minval", 0, VMIN },
	{ "maxval", INT_MAX, VMAX },
	{ "default", 1, VDEF },
	ROW_END
};

static const struct bond_opt_value tx_queues_tbl[] = {
	{ "minval", 1, VMIN },
	{ "maxval", 255, VMAX },
	{ "default", 16, VDEF },
	ROW_END
};

/* ------------------------------------------------------------------------ */
/* The option table.                                                         */

#define FIELD(f)	offsetof(struct bond_params, f)
#define MB(m)		BOND_MODE_BIT(BOND_MODE_##m)
#define ALL		BOND_MODES_ALL
#define ALL_EX(x)	(BOND_MODES_ALL & ~(x))
#define ARP_MODES	(MB(ROUNDROBIN) | MB(ACTIVEBACKUP) | MB(XOR) | MB(BROADCAST))
#define NON_ARP_MODES	(MB(8023AD) | MB(TLB) | MB(ALB))
#define PRIMARY_MODES	(MB(ACTIVEBACKUP) | MB(TLB) | MB(ALB))
#define LB_MODES	(MB(TLB) | MB(ALB))
#define SYSFS		BOND_OPT_F_SYSFS
#define IFDOWN		BOND_OPT_F_IFDOWN
#define NOSLAVES	BOND_OPT_F_NOSLAVES
#define SHOWNAME	BOND_OPT_F_SHOW_NAME
#define SHOW3AD		BOND_OPT_F_SHOW_3AD
#define NETLINK		BOND_OPT_F_NETLINK

static const struct bond_opt_desc bond_opt_table[BOND_OPT_COUNT] = {
	[BOND_OPT_MODE] = {
		BOND_OPT_MODE, "mode", "bonding policy", NULL,
		ALL, 0, SYSFS | IFDOWN | NOSLAVES | SHOWNAME,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_CHARP, mode_tbl, FIELD(mode) },
	[BOND_OPT_MIIMON] = {
		BOND_OPT_MIIMON, "miimon", "MII link monitoring interval (0 disables)", "ms",
		ALL, 0, SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_INT, intmax_tbl, FIELD(miimon) },
	[BOND_OPT_UPDELAY] = {
		BOND_OPT_UPDELAY, "updelay",
		"wait before using a slave whose link came back (rounded down to a multiple "
		"of miimon)", "ms",
		ALL, 0, SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_INT, intmax_tbl, FIELD(updelay) },
	[BOND_OPT_DOWNDELAY] = {
		BOND_OPT_DOWNDELAY, "downdelay",
		"wait before disabling a slave whose link went down (rounded down to a "
		"multiple of miimon)", "ms",
		ALL, 0, SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_INT, intmax_tbl, FIELD(downdelay) },
	[BOND_OPT_PEER_NOTIF_DELAY] = {
		BOND_OPT_PEER_NOTIF_DELAY, "peer_notif_delay",
		"spacing of peer notifications after a failover (0 = one miimon)", "ms",
		MB(ACTIVEBACKUP), 0, SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_NONE, peer_notif_delay_tbl,
		FIELD(peer_notif_delay) },
	[BOND_OPT_USE_CARRIER] = {
		BOND_OPT_USE_CARRIER, "use_carrier",
		"link state from netif_carrier_ok() (1) or MII/ethtool ioctls (0)", NULL,
		ALL, 0, SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_INT, on_default_tbl, FIELD(use_carrier) },
	[BOND_OPT_ARP_INTERVAL] = {
		BOND_OPT_ARP_INTERVAL, "arp_interval", "ARP link monitoring interval (0 disables)",
		"ms",
		ARP_MODES, NON_ARP_MODES, SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_INT, intmax_tbl, FIELD(arp_interval) },
	[BOND_OPT_ARP_IP_TARGET] = {
		BOND_OPT_ARP_IP_TARGET, "arp_ip_target",
		"IPv4 targets of the ARP monitor, up to 16, comma separated", NULL,
		ARP_MODES, 0, SYSFS,
		BOND_OPT_T_IPV4_LIST, BOND_OPT_MP_ARRAY, NULL, 0 },
	[BOND_OPT_NS_IP6_TARGET] = {
		BOND_OPT_NS_IP6_TARGET, "ns_ip6_target",
		"IPv6 targets of the NS monitor, up to 16, comma separated", NULL,
		ARP_MODES, 0, NETLINK,
		BOND_OPT_T_IPV6_LIST, BOND_OPT_MP_NONE, NULL, 0 },
	[BOND_OPT_ARP_VALIDATE] = {
		BOND_OPT_ARP_VALIDATE, "arp_validate",
		"which ARP traffic proves a slave alive", NULL,
		ARP_MODES, NON_ARP_MODES, SYSFS | SHOWNAME,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_CHARP, arp_validate_tbl, FIELD(arp_validate) },
	[BOND_OPT_ARP_ALL_TARGETS] = {
		BOND_OPT_ARP_ALL_TARGETS, "arp_all_targets",
		"slave up when any / all ARP targets answer (validated slaves)", NULL,
		MB(ACTIVEBACKUP), 0, SYSFS | SHOWNAME,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_CHARP, arp_all_targets_tbl,
		FIELD(arp_all_targets) },
	[BOND_OPT_ARP_MISSED_MAX] = {
		BOND_OPT_ARP_MISSED_MAX, "arp_missed_max",
		"ARP monitor intervals missed before a slave is marked down", NULL,
		ARP_MODES, NON_ARP_MODES, SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_NONE, missed_max_tbl, FIELD(arp_missed_max) },
	[BOND_OPT_PRIMARY] = {
		BOND_OPT_PRIMARY, "primary", "preferred slave (interface name)", NULL,
		PRIMARY_MODES, ALL_EX(PRIMARY_MODES), SYSFS,
		BOND_OPT_T_IFNAME, BOND_OPT_MP_CHARP, NULL, 0 },
	[BOND_OPT_PRIMARY_RESELECT] = {
		BOND_OPT_PRIMARY_RESELECT, "primary_reselect",
		"when a recovered primary takes over again", NULL,
		PRIMARY_MODES, 0, SYSFS | SHOWNAME,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_CHARP, primary_reselect_tbl,
		FIELD(primary_reselect) },
	[BOND_OPT_FAIL_OVER_MAC] = {
		BOND_OPT_FAIL_OVER_MAC, "fail_over_mac",
		"MAC address handling of active-backup", NULL,
		MB(ACTIVEBACKUP), 0, SYSFS | NOSLAVES | SHOWNAME,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_CHARP, fail_over_mac_tbl, FIELD(fail_over_mac) },
	[BOND_OPT_NUM_GRAT_ARP] = {
		BOND_OPT_NUM_GRAT_ARP, "num_grat_arp",
		"peer notifications after a failover (same counter as num_unsol_na)", NULL,
		MB(ACTIVEBACKUP), 0, SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_INT, count255_tbl, FIELD(num_peer_notif) },
	[BOND_OPT_NUM_UNSOL_NA] = {
		BOND_OPT_NUM_UNSOL_NA, "num_unsol_na",
		"peer notifications after a failover (same counter as num_grat_arp)", NULL,
		MB(ACTIVEBACKUP), 0, SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_INT, count255_tbl, FIELD(num_peer_notif) },
	[BOND_OPT_PACKETS_PER_SLAVE] = {
		BOND_OPT_PACKETS_PER_SLAVE, "packets_per_slave",
		"packets sent on a slave before moving on (0 = random slave)", NULL,
		MB(ROUNDROBIN), ALL_EX(MB(ROUNDROBIN)), SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_INT, pps_tbl, FIELD(packets_per_slave) },
	[BOND_OPT_XMIT_HASH_POLICY] = {
		BOND_OPT_XMIT_HASH_POLICY, "xmit_hash_policy",
		"transmit hash of balance-xor, 802.3ad and tlb/alb", NULL,
		MB(XOR) | MB(8023AD) | LB_MODES, 0, SYSFS | SHOWNAME,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_CHARP, xmit_tbl, FIELD(xmit_policy) },
	[BOND_OPT_ALL_SLAVES_ACTIVE] = {
		BOND_OPT_ALL_SLAVES_ACTIVE, "all_slaves_active",
		"deliver (1) or drop (0) frames received on inactive slaves", NULL,
		ALL, 0, SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_INT, off_default_tbl, FIELD(all_slaves_active) },
	[BOND_OPT_RESEND_IGMP] = {
		BOND_OPT_RESEND_IGMP, "resend_igmp",
		"IGMP membership reports sent after a failover", NULL,
		MB(ROUNDROBIN) | PRIMARY_MODES, 0, SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_INT, count255_tbl, FIELD(resend_igmp) },
	[BOND_OPT_LACP_RATE] = {
		BOND_OPT_LACP_RATE, "lacp_rate",
		"LACPDU rate asked of the partner (slow 30 s, fast 1 s)", NULL,
		MB(8023AD), ALL_EX(MB(8023AD)), SYSFS | IFDOWN | SHOWNAME,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_CHARP, lacp_rate_tbl, FIELD(lacp_rate) },
	[BOND_OPT_LACP_ACTIVE] = {
		BOND_OPT_LACP_ACTIVE, "lacp_active",
		"send LACPDUs periodically (on) or only when spoken to (off)", NULL,
		MB(8023AD), ALL_EX(MB(8023AD)), SYSFS | IFDOWN | SHOWNAME,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_NONE, on_default_tbl, FIELD(lacp_active) },
	[BOND_OPT_AD_SELECT] = {
		BOND_OPT_AD_SELECT, "ad_select", "802.3ad aggregator selection logic", NULL,
		MB(8023AD), 0, SYSFS | IFDOWN | SHOWNAME,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_CHARP, ad_select_tbl, FIELD(ad_select) },
	[BOND_OPT_AD_ACTOR_SYS_PRIO] = {
		BOND_OPT_AD_ACTOR_SYS_PRIO, "ad_actor_sys_prio", "LACP system priority", NULL,
		MB(8023AD), ALL_EX(MB(8023AD)), SYSFS | SHOW3AD,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_NONE, sys_prio_tbl, FIELD(ad_actor_sys_prio) },
	[BOND_OPT_AD_ACTOR_SYSTEM] = {
		BOND_OPT_AD_ACTOR_SYSTEM, "ad_actor_system",
		"LACP system MAC (00:00:00:00:00:00 = the bond's MAC)", NULL,
		MB(8023AD), ALL_EX(MB(8023AD)), SYSFS | SHOW3AD,
		BOND_OPT_T_MAC, BOND_OPT_MP_NONE, NULL, 0 },
	[BOND_OPT_AD_USER_PORT_KEY] = {
		BOND_OPT_AD_USER_PORT_KEY, "ad_user_port_key",
		"upper 10 bits of the LACP port key", NULL,
		MB(8023AD), ALL_EX(MB(8023AD)), SYSFS | IFDOWN | SHOW3AD,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_NONE, port_key_tbl, FIELD(ad_user_port_key) },
	[BOND_OPT_MIN_LINKS] = {
		BOND_OPT_MIN_LINKS, "min_links",
		"ports the active aggregator needs before the bond has carrier", NULL,
		MB(8023AD), 0, SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_INT, intmax_tbl, FIELD(min_links) },
	[BOND_OPT_TLB_DYNAMIC_LB] = {
		BOND_OPT_TLB_DYNAMIC_LB, "tlb_dynamic_lb",
		"rebalance flows by load (1) or by hash only (0)", NULL,
		LB_MODES, ALL_EX(LB_MODES), SYSFS | IFDOWN,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_NONE, on_default_tbl, FIELD(tlb_dynamic_lb) },
	[BOND_OPT_LP_INTERVAL] = {
		BOND_OPT_LP_INTERVAL, "lp_interval",
		"interval of the learning packets sent to the switch", "s",
		LB_MODES, 0, SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_UINT, lp_interval_tbl, FIELD(lp_interval) },
	[BOND_OPT_MAX_BONDS] = {
		BOND_OPT_MAX_BONDS, "max_bonds",
		"bond devices created when the module loads", NULL,
		ALL, 0, 0,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_INT, max_bonds_tbl, FIELD(max_bonds) },
	[BOND_OPT_TX_QUEUES] = {
		BOND_OPT_TX_QUEUES, "tx_queues", "transmit queues of each bond device", NULL,
		ALL, 0, 0,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_INT, tx_queues_tbl, FIELD(tx_queues) },
};

/* ------------------------------------------------------------------------ */
/* Helpers shared by the option files (bond_options_priv.h).                 */

void bond_opt_logf(GPtrArray *log, const char *fmt, ...)
{
	va_list ap;

	if (!log)
		return;
	va_start(ap, fmt);
	g_ptr_array_add(log, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

static const struct bond_opt_value *row_flags(const struct bond_opt_desc *d, unsigned int f)
{
	for (const struct bond_opt_value *v = d->values; v && v->name; v++)
		if (v->flags & f)
			return v;
	return NULL;
}

/* An option is a range when its table has a MAX row; otherwise it is a list of names. */
gboolean bond_opt_is_range(const struct bond_opt_desc *d)
{
	return row_flags(d, VMAX) != NULL;
}

long long bond_opt_range_min(const struct bond_opt_desc *d)
{
	const struct bond_opt_value *v = row_flags(d, VMIN);

	return v ? v->value : 0;	/* the kernel: a missing minval means 0 */
}

long long bond_opt_range_max(const struct bond_opt_desc *d)
{
	return row_flags(d, VMAX)->value;
}

/* "slow or 0, fast or 1" for a name list; "0 - 255" for a range. */
char *bond_opt_valid_values_text(const struct bond_opt_desc *d)
{
	GString *s = g_string_new(NULL);

	if (bond_opt_is_range(d)) {
		g_string_printf(s, "allowed values %lld - %lld", bond_opt_range_min(d),
				bond_opt_range_max(d));
		return g_string_free(s, FALSE);
	}
	g_string_append(s, "valid values: ");
	for (const struct bond_opt_value *v = d->values; v && v->name; v++)
		g_string_append_printf(s, "%s%s or %lld", v == d->values ? "" : ", ", v->name,
				       v->value);
	return g_string_free(s, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Table access and names.                                                   */

const struct bond_opt_desc *bond_opt_get(enum bond_opt_id id)
{
	if ((unsigned int)id >= BOND_OPT_COUNT)
		return NULL;
	return &bond_opt_table[id];
}

/* Module parameter names treat '-' and '_' alike (kernel parameq()). */
static gboolean name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char ca = *a == '-' ? '_' : *a, cb = *b == '-' ? '_' : *b;

		if (ca != cb)
			return FALSE;
	}
	return *a == *b;
}

const struct bond_opt_desc *bond_opt_lookup(const char *name)
{
	if (!name)
		return NULL;
	for (int i = 0; i < BOND_OPT_COUNT; i++)
		if (name_eq(name, bond_opt_table[i].name))
			return &bond_opt_table[i];
	return NULL;
}

const char *bond_opt_nearest(const char *bad_name)
{
	const char *best = NULL;
	unsigned int best_d = UINT_MAX;

	if (!bad_name || !*bad_name)
		return NULL;
	for (int i = 0; i < BOND_OPT_COUNT; i++) {
		unsigned int dist = sim_edit_distance(bad_name, bond_opt_table[i].name);

		if (dist < best_d) {
			best_d = dist;
			best = bond_opt_table[i].name;
		}
	}
	/* A quarter of the name may be wrong, at least two characters. */
	size_t len = MAX(strlen(bad_name), strlen(best));

	return best_d <= MAX(2u, (unsigned int)(len / 4)) ? best : NULL;
}

void bond_opt_set_unknown(GError **error, const char *name)
{
	const char *near = bond_opt_nearest(name);

	/* a real option, of later kernels than the one modelled */
	if (strcmp(name, "coupled_control") == 0)
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_UNKNOWN,
			    "unknown option 'coupled_control': Linux 6.9 added it, through netlink "
			    "only (ip link set bond0 type bond coupled_control off); bondsim models "
			    "6.1's driver, which has no such option");
	else if (near)
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_UNKNOWN,
			    "unknown option '%s' (did you mean '%s'?); 'bondsim options' lists the "
			    "valid ones", name, near);
	else
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_UNKNOWN,
			    "unknown option '%s'; 'bondsim options' lists the valid ones", name);
}

gboolean bond_opt_applies(enum bond_opt_id id, int mode)
{
	const struct bond_opt_desc *d = bond_opt_get(id);

	if (!d || mode < 0 || mode >= BOND_MODE_COUNT)
		return FALSE;
	return (d->modes & BOND_MODE_BIT(mode)) != 0;
}

const struct bond_opt_value *bond_opt_default(const struct bond_opt_desc *d)
{
	return d ? row_flags(d, VDEF) : NULL;
}

const char *bond_mode_name(int mode)
{
	if (mode < 0 || mode >= BOND_MODE_COUNT)
		return "unknown";
	return mode_tbl[mode].name;
}

/* The kernel's bond_mode_name(): used in its log lines and in /proc. */
const char *bond_mode_desc(int mode)
{
	static const char *const desc[BOND_MODE_COUNT] = {
		[BOND_MODE_ROUNDROBIN] = "load balancing (round-robin)",
		[BOND_MODE_ACTIVEBACKUP] = "fault-tolerance (active-backup)",
		[BOND_MODE_XOR] = "load balancing (xor)",
		[BOND_MODE_BROADCAST] = "fault-tolerance (broadcast)",
		[BOND_MODE_8023AD] = "IEEE 802.3ad Dynamic link aggregation",
		[BOND_MODE_TLB] = "transmit load balancing",
		[BOND_MODE_ALB] = "adaptive load balancing",
	};

	if (mode < 0 || mode >= BOND_MODE_COUNT)
		return "unknown";
	return desc[mode];
}

const char *bond_opt_value_name(const char *opt_name, int value)
{
	const struct bond_opt_desc *d = bond_opt_lookup(opt_name);

	/* Ranges print as numbers; only name lists have names to show. */
	if (!d || !d->values || bond_opt_is_range(d))
		return NULL;
	for (const struct bond_opt_value *v = d->values; v->name; v++)
		if (v->value == value)
			return v->name;
	return NULL;
}

/* ------------------------------------------------------------------------ */
/* Defaults.                                                                 */

void bond_params_init(struct bond_params *p)
{
	/* What bond_check_params() produces when no parameter is given. */
	memset(p, 0, sizeof(*p));
	p->mode = BOND_MODE_ROUNDROBIN;
	p->use_carrier = 1;
	p->arp_missed_max = 2;
	p->num_peer_notif = 1;
	p->packets_per_slave = 1;
	p->resend_igmp = 1;
	p->lacp_active = 1;
	p->ad_actor_sys_prio = 65535;
	p->tlb_dynamic_lb = 1;
	p->lp_interval = 1;
	p->tx_queues = 16;
	p->max_bonds = 1;
	p->failed_opt = -1;
}

gboolean bond_params_is_set(const struct bond_params *p, enum bond_opt_id id)
{
	return (unsigned int)id < BOND_OPT_COUNT && bond_opt_mask_test(p->set_mask, id);
}

/* ------------------------------------------------------------------------ */
/* Text.                                                                     */

char *bond_opt_value_text(const struct bond_params *p, enum bond_opt_id id)
{
	const struct bond_opt_desc *d = bond_opt_get(id);
	GString *s;
	char buf[INET6_ADDRSTRLEN];

	if (!d)
		return NULL;
	switch (d->type) {
	case BOND_OPT_T_NUMBER: {
		int v = *(const int *)(const void *)((const char *)p + d->field);
		const char *name = bond_opt_value_name(d->name, v);

		return name ? g_strdup(name) : g_strdup_printf("%d", v);
	}
	case BOND_OPT_T_IPV4_LIST:
		s = g_string_new(NULL);
		for (int i = 0; i < p->arp_targets_count; i++) {
			bond_opt_ipv4_format(p->arp_targets[i], buf);
			g_string_append_printf(s, "%s%s", i ? "," : "", buf);
		}
		return g_string_free(s, FALSE);
	case BOND_OPT_T_IPV6_LIST:
		s = g_string_new(NULL);
		for (int i = 0; i < p->ns_targets_count; i++) {
			inet_ntop(AF_INET6, p->ns_targets[i], buf, sizeof(buf));
			g_string_append_printf(s, "%s%s", i ? "," : "", buf);
		}
		return g_string_free(s, FALSE);
	case BOND_OPT_T_IFNAME:
		return g_strdup(p->primary);
	case BOND_OPT_T_MAC: {
		const uint8_t *m = p->ad_actor_system;

		return g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3],
				       m[4], m[5]);
	}
	}
	return NULL;
}

char *bond_opt_sysfs_text(const struct bond_params *p, enum bond_opt_id id)
{
	const struct bond_opt_desc *d = bond_opt_get(id);
	char buf[INET6_ADDRSTRLEN];
	GString *s;

	if (!d || !(d->flags & SYSFS))
		return NULL;
	if ((d->flags & SHOW3AD) && p->mode != BOND_MODE_8023AD)
		return g_strdup("");
	switch (d->type) {
	case BOND_OPT_T_NUMBER: {
		int v = *(const int *)(const void *)((const char *)p + d->field);
		const char *name = bond_opt_value_name(d->name, v);

		if (d->flags & SHOWNAME)
			return g_strdup_printf("%s %d\n", name ? name : "", v);
		return g_strdup_printf("%d\n", v);
	}
	case BOND_OPT_T_IPV4_LIST:
	case BOND_OPT_T_IPV6_LIST:
		/* "%pI4 " / "%pI6c " per target, the last space eaten by a newline */
		s = g_string_new(NULL);
		for (int i = 0; d->type == BOND_OPT_T_IPV4_LIST && i < p->arp_targets_count; i++) {
			bond_opt_ipv4_format(p->arp_targets[i], buf);
			g_string_append_printf(s, "%s ", buf);
		}
		for (int i = 0; d->type == BOND_OPT_T_IPV6_LIST && i < p->ns_targets_count; i++) {
			inet_ntop(AF_INET6, p->ns_targets[i], buf, sizeof(buf));
			g_string_append_printf(s, "%s ", buf);
		}
		if (s->len)
			s->str[s->len - 1] = '\n';
		return g_string_free(s, FALSE);
	case BOND_OPT_T_IFNAME:
		return *p->primary ? g_strdup_printf("%s\n", p->primary) : g_strdup("");
	case BOND_OPT_T_MAC: {
		g_autofree char *mac = bond_opt_value_text(p, id);

		return g_strdup_printf("%s\n", mac);
	}
	}
	return NULL;
}
