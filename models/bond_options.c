// SPDX-License-Identifier: MIT
/*
 * DOC: bond_options.c - the bonding option table and its three front ends
 *
 * bond_opt_table[] is the model of the kernel's bond_opts[]: every option is
 * one descriptor and every numeric value is a row of a value table (names and
 * numbers both accepted, ranges given by MIN/MAX rows, "default" matching the
 * DEFAULT row).  Everything else reads that table: the parsers, the error
 * texts ("valid values: slow or 0, fast or 1"), the defaults, the names used
 * by the /proc dump and bond_opts_print_table().
 *
 * The kernel accepts options through three doors with different rules, and
 * users paste text meant for each of them, so each door is modelled:
 *
 *  - module parameters ("options bonding ..."): bond_params_parse() only does
 *    what the kernel's parse_args() does (ints must be ints, at most 16 ARP
 *    targets); bond_params_finalize() then replays bond_check_params() of
 *    Linux 6.1-6.12 step by step, in its order, with its exact log texts:
 *    ranges are reset with a warning, string values are parsed only when the
 *    mode makes them relevant, and a few mistakes make the module load fail.
 *  - sysfs writes (BONDING_OPTS of RHEL initscripts): bond_opt_store() is
 *    __bond_opt_set(): mode dependency, value parse, then the option's setter
 *    with its side effects (miimon disables ARP monitoring and rescales the
 *    delays, mode 4/5/6 forces miimon=100, ...).  bond_params_apply() adds
 *    the initscripts ordering on top.
 *  - bond_opt_set(): table check and assignment only.
 *
 * Delays are stored in ms as the kernel shows them (ticks * miimon) and also
 * as ticks, because the kernel keeps ticks: that is why a later miimon change
 * rescales them, and why updelay given while miimon is 0 survives raw.
 */
#include "bond_options.h"

#include <arpa/inet.h>
#include <ctype.h>
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

static const struct bond_opt_desc bond_opt_table[BOND_OPT_COUNT] = {
	[BOND_OPT_MODE] = {
		BOND_OPT_MODE, "mode", "bonding policy", NULL,
		ALL, 0, SYSFS | IFDOWN | NOSLAVES,
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
		ARP_MODES, 0, SYSFS,
		BOND_OPT_T_IPV6_LIST, BOND_OPT_MP_NONE, NULL, 0 },
	[BOND_OPT_ARP_VALIDATE] = {
		BOND_OPT_ARP_VALIDATE, "arp_validate",
		"which ARP traffic proves a slave alive", NULL,
		ARP_MODES, NON_ARP_MODES, SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_CHARP, arp_validate_tbl, FIELD(arp_validate) },
	[BOND_OPT_ARP_ALL_TARGETS] = {
		BOND_OPT_ARP_ALL_TARGETS, "arp_all_targets",
		"slave up when any / all ARP targets answer (validated slaves)", NULL,
		MB(ACTIVEBACKUP), 0, SYSFS,
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
		PRIMARY_MODES, 0, SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_CHARP, primary_reselect_tbl,
		FIELD(primary_reselect) },
	[BOND_OPT_FAIL_OVER_MAC] = {
		BOND_OPT_FAIL_OVER_MAC, "fail_over_mac",
		"MAC address handling of active-backup", NULL,
		MB(ACTIVEBACKUP), 0, SYSFS | NOSLAVES,
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
		MB(XOR) | MB(8023AD) | LB_MODES, 0, SYSFS,
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
		MB(8023AD), ALL_EX(MB(8023AD)), SYSFS | IFDOWN,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_CHARP, lacp_rate_tbl, FIELD(lacp_rate) },
	[BOND_OPT_LACP_ACTIVE] = {
		BOND_OPT_LACP_ACTIVE, "lacp_active",
		"send LACPDUs periodically (on) or only when spoken to (off)", NULL,
		MB(8023AD), ALL_EX(MB(8023AD)), SYSFS | IFDOWN,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_NONE, on_default_tbl, FIELD(lacp_active) },
	[BOND_OPT_AD_SELECT] = {
		BOND_OPT_AD_SELECT, "ad_select", "802.3ad aggregator selection logic", NULL,
		MB(8023AD), 0, SYSFS | IFDOWN,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_CHARP, ad_select_tbl, FIELD(ad_select) },
	[BOND_OPT_AD_ACTOR_SYS_PRIO] = {
		BOND_OPT_AD_ACTOR_SYS_PRIO, "ad_actor_sys_prio", "LACP system priority", NULL,
		MB(8023AD), ALL_EX(MB(8023AD)), SYSFS,
		BOND_OPT_T_NUMBER, BOND_OPT_MP_NONE, sys_prio_tbl, FIELD(ad_actor_sys_prio) },
	[BOND_OPT_AD_ACTOR_SYSTEM] = {
		BOND_OPT_AD_ACTOR_SYSTEM, "ad_actor_system",
		"LACP system MAC (00:00:00:00:00:00 = the bond's MAC)", NULL,
		MB(8023AD), ALL_EX(MB(8023AD)), SYSFS,
		BOND_OPT_T_MAC, BOND_OPT_MP_NONE, NULL, 0 },
	[BOND_OPT_AD_USER_PORT_KEY] = {
		BOND_OPT_AD_USER_PORT_KEY, "ad_user_port_key",
		"upper 10 bits of the LACP port key", NULL,
		MB(8023AD), ALL_EX(MB(8023AD)), SYSFS | IFDOWN,
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
/* Small helpers.                                                            */

static gboolean mode_uses_arp(int mode)
{
	return mode != BOND_MODE_8023AD && mode != BOND_MODE_TLB && mode != BOND_MODE_ALB;
}

static gboolean mode_uses_primary(int mode)
{
	return mode == BOND_MODE_ACTIVEBACKUP || mode == BOND_MODE_TLB || mode == BOND_MODE_ALB;
}

static void mask_set(uint32_t *mask, int bit)
{
	mask[bit / 32] |= 1u << (bit % 32);
}

static void mask_clear(uint32_t *mask, int bit)
{
	mask[bit / 32] &= ~(1u << (bit % 32));
}

static gboolean mask_test(const uint32_t *mask, int bit)
{
	return (mask[bit / 32] >> (bit % 32)) & 1u;
}

static int *int_field(struct bond_params *p, const struct bond_opt_desc *d)
{
	return (int *)(void *)((char *)p + d->field);
}

static void logf_append(GPtrArray *log, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void logf_append(GPtrArray *log, const char *fmt, ...)
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
static gboolean is_range(const struct bond_opt_desc *d)
{
	return row_flags(d, VMAX) != NULL;
}

static long long range_min(const struct bond_opt_desc *d)
{
	const struct bond_opt_value *v = row_flags(d, VMIN);

	return v ? v->value : 0;	/* the kernel: a missing minval means 0 */
}

static long long range_max(const struct bond_opt_desc *d)
{
	return row_flags(d, VMAX)->value;
}

/* "slow or 0, fast or 1" for a name list; "0 - 255" for a range. */
static char *valid_values_text(const struct bond_opt_desc *d)
{
	GString *s = g_string_new(NULL);

	if (is_range(d)) {
		g_string_printf(s, "allowed values %lld - %lld", range_min(d), range_max(d));
		return g_string_free(s, FALSE);
	}
	g_string_append(s, "valid values: ");
	for (const struct bond_opt_value *v = d->values; v && v->name; v++)
		g_string_append_printf(s, "%s%s or %lld", v == d->values ? "" : ", ", v->name,
				       v->value);
	return g_string_free(s, FALSE);
}

static void set_invalid(GError **error, const struct bond_opt_desc *d, const char *text)
{
	g_autofree char *valid = valid_values_text(d);

	g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
		    "option %s: invalid value (%s); %s", d->name, text, valid);
}

static void set_range(GError **error, const struct bond_opt_desc *d, const char *text)
{
	g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_RANGE,
		    "option %s: invalid value (%s), out of range; allowed values %lld - %lld",
		    d->name, text, range_min(d), range_max(d));
}

/* A minus sign followed by digits: reported as out of range, not as a bad name. */
static gboolean is_negative_number(const char *s)
{
	if (*s != '-' || !isdigit((unsigned char)s[1]))
		return FALSE;
	for (s++; *s; s++)
		if (!isdigit((unsigned char)*s))
			return FALSE;
	return TRUE;
}

/*
 * The kernel's bond_opt_parse() on a string: text made only of digits and
 * spaces is a number (sscanf "%llu"), matched against the rows and then the
 * MIN/MAX range; anything else is a name, compared on its first word (at most
 * 32 characters), where "default" also picks the DEFAULT row.
 */
static gboolean table_parse(const struct bond_opt_desc *d, const char *text, long long *out,
			    GError **error)
{
	const char *p;
	gboolean numeric = TRUE;

	for (p = text; *p; p++) {
		if (!isdigit((unsigned char)*p) && !isspace((unsigned char)*p)) {
			numeric = FALSE;
			break;
		}
	}
	if (numeric) {
		unsigned long long v = 0;
		gboolean digits = FALSE;

		for (p = text; isspace((unsigned char)*p); p++)
			;
		for (; isdigit((unsigned char)*p); p++) {
			unsigned int dig = (unsigned int)(*p - '0');

			digits = TRUE;
			if (v > (ULLONG_MAX - dig) / 10)
				v = ULLONG_MAX;	/* sscanf saturates; any row or range misses */
			else
				v = v * 10 + dig;
		}
		if (!digits) {
			set_invalid(error, d, text);
			return FALSE;
		}
		for (const struct bond_opt_value *r = d->values; r && r->name; r++) {
			if (r->value >= 0 && (unsigned long long)r->value == v) {
				*out = r->value;
				return TRUE;
			}
		}
		if (is_range(d)) {
			if (v >= (unsigned long long)range_min(d) &&
			    v <= (unsigned long long)range_max(d)) {
				*out = (long long)v;
				return TRUE;
			}
			set_range(error, d, text);
			return FALSE;
		}
		set_invalid(error, d, text);
		return FALSE;
	}

	char word[33];
	size_t n = 0;

	for (p = text; isspace((unsigned char)*p); p++)
		;
	while (*p && !isspace((unsigned char)*p) && n < sizeof(word) - 1)
		word[n++] = *p++;
	word[n] = '\0';
	for (const struct bond_opt_value *r = d->values; r && r->name; r++) {
		if ((!strcmp(word, "default") && (r->flags & VDEF)) || !strcmp(word, r->name)) {
			*out = r->value;
			return TRUE;
		}
	}
	if (is_range(d) && is_negative_number(word))
		set_range(error, d, text);
	else
		set_invalid(error, d, text);
	return FALSE;
}

/* The kernel's in4_pton(): exactly four decimal parts 0-255, nothing else. */
static gboolean ipv4_parse(const char *s, uint32_t *be)
{
	uint8_t b[4];
	int part = 0;

	for (;;) {
		unsigned int w = 0;
		int digits = 0;

		while (isdigit((unsigned char)*s)) {
			w = w * 10 + (unsigned int)(*s++ - '0');
			if (w > 255)
				return FALSE;
			digits++;
		}
		if (!digits)
			return FALSE;
		b[part++] = (uint8_t)w;
		if (part == 4)
			break;
		if (*s++ != '.')
			return FALSE;
	}
	if (*s)
		return FALSE;
	memcpy(be, b, 4);
	return TRUE;
}

static void ipv4_format(uint32_t be, char buf[16])
{
	uint8_t b[4];

	memcpy(b, &be, 4);
	g_snprintf(buf, 16, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
}

/* bond_is_ip_target_ok(): not 255.255.255.255 and not 0.x.x.x. */
static gboolean ipv4_target_ok(uint32_t be)
{
	uint8_t b[4];

	memcpy(b, &be, 4);
	return be != 0xffffffffu && b[0] != 0;
}

/* bond_is_ip6_target_ok(): not ::, not ::1, not multicast. */
static gboolean ipv6_target_ok(const uint8_t a[16])
{
	static const uint8_t any[16], loop[16] = { [15] = 1 };

	return memcmp(a, any, 16) && memcmp(a, loop, 16) && a[0] != 0xff;
}

static int ipv4_find(const struct bond_params *p, uint32_t be)
{
	for (int i = 0; i < p->arp_targets_count; i++)
		if (p->arp_targets[i] == be)
			return i;
	return -1;
}

static int ipv6_find(const struct bond_params *p, const uint8_t a[16])
{
	for (int i = 0; i < p->ns_targets_count; i++)
		if (!memcmp(p->ns_targets[i], a, 16))
			return i;
	return -1;
}

/* The kernel's mac_pton(): "xx:xx:xx:xx:xx:xx", trailing text ignored. */
static gboolean mac_parse(const char *s, uint8_t mac[6])
{
	if (strnlen(s, 17) < 17)
		return FALSE;
	for (int i = 0; i < 6; i++) {
		if (!isxdigit((unsigned char)s[i * 3]) || !isxdigit((unsigned char)s[i * 3 + 1]))
			return FALSE;
		if (i != 5 && s[i * 3 + 2] != ':')
			return FALSE;
		mac[i] = (uint8_t)(g_ascii_xdigit_value(s[i * 3]) * 16 +
				   g_ascii_xdigit_value(s[i * 3 + 1]));
	}
	return TRUE;
}

/* dev_valid_name(): what the kernel accepts as an interface name. */
gboolean bond_ifname_valid(const char *s)
{
	if (!*s || strlen(s) >= BOND_IFNAMSIZ || !strcmp(s, ".") || !strcmp(s, ".."))
		return FALSE;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || isspace((unsigned char)*s))
			return FALSE;
	return TRUE;
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

static unsigned int edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	g_autofree unsigned int *row = g_new(unsigned int, lb + 1);

	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned int)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned int diag = row[0];

		row[0] = (unsigned int)i;
		for (size_t j = 1; j <= lb; j++) {
			char ca = g_ascii_tolower(a[i - 1]), cb = g_ascii_tolower(b[j - 1]);
			unsigned int up = row[j];
			unsigned int best = diag + (ca == cb || (ca == '-' && cb == '_') ? 0u : 1u);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *bond_opt_nearest(const char *bad_name)
{
	const char *best = NULL;
	unsigned int best_d = UINT_MAX;

	if (!bad_name || !*bad_name)
		return NULL;
	for (int i = 0; i < BOND_OPT_COUNT; i++) {
		unsigned int dist = edit_distance(bad_name, bond_opt_table[i].name);

		if (dist < best_d) {
			best_d = dist;
			best = bond_opt_table[i].name;
		}
	}
	/* A quarter of the name may be wrong, at least two characters. */
	size_t len = MAX(strlen(bad_name), strlen(best));

	return best_d <= MAX(2u, (unsigned int)(len / 4)) ? best : NULL;
}

static void set_unknown(GError **error, const char *name)
{
	const char *near = bond_opt_nearest(name);

	if (near)
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_UNKNOWN,
			    "unknown option '%s' (did you mean '%s'?)", name, near);
	else
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_UNKNOWN,
			    "unknown option '%s'", name);
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
	if (!d || !d->values || is_range(d))
		return NULL;
	for (const struct bond_opt_value *v = d->values; v->name; v++)
		if (v->value == value)
			return v->name;
	return NULL;
}

/* ------------------------------------------------------------------------ */
/* Defaults and bond_opt_set().                                              */

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
	return (unsigned int)id < BOND_OPT_COUNT && mask_test(p->set_mask, id);
}

static gboolean set_ipv4_list(struct bond_params *p, const struct bond_opt_desc *d,
			      const char *value, GError **error)
{
	uint32_t t[BOND_MAX_ARP_TARGETS];
	int n = 0;
	g_auto(GStrv) parts = g_strsplit(*value ? value : "", ",", -1);

	/* An empty value clears the list. */
	for (int i = 0; parts[i]; i++) {
		uint32_t be;

		if (!*parts[i] && !parts[i + 1] && i > 0)
			break;	/* a trailing comma */
		if (!ipv4_parse(parts[i], &be) || !ipv4_target_ok(be)) {
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
				    "option %s: invalid value (%s); expected IPv4 addresses "
				    "a.b.c.d, not 0.x.x.x or 255.255.255.255", d->name, parts[i]);
			return FALSE;
		}
		for (int j = 0; j < n; j++) {
			if (t[j] == be) {
				g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
					    "option %s: invalid value (%s): duplicate address",
					    d->name, parts[i]);
				return FALSE;
			}
		}
		if (n == BOND_MAX_ARP_TARGETS) {
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_RANGE,
				    "option %s: more than %d addresses", d->name,
				    BOND_MAX_ARP_TARGETS);
			return FALSE;
		}
		t[n++] = be;
	}
	memset(p->arp_targets, 0, sizeof(p->arp_targets));
	memcpy(p->arp_targets, t, (size_t)n * sizeof(t[0]));
	p->arp_targets_count = n;
	return TRUE;
}

static gboolean ipv6_parse_target(const struct bond_opt_desc *d, const char *s, uint8_t a[16],
				  GError **error)
{
	if (inet_pton(AF_INET6, s, a) != 1 || !ipv6_target_ok(a)) {
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
			    "option %s: invalid value (%s); expected IPv6 unicast addresses, "
			    "not ::, ::1 or multicast", d->name, s);
		return FALSE;
	}
	return TRUE;
}

static gboolean set_ipv6_list(struct bond_params *p, const struct bond_opt_desc *d,
			      const char *value, GError **error)
{
	uint8_t t[BOND_MAX_NS_TARGETS][16];
	int n = 0;
	g_auto(GStrv) parts = g_strsplit(*value ? value : "", ",", -1);

	for (int i = 0; parts[i]; i++) {
		uint8_t a[16];

		if (!*parts[i] && !parts[i + 1] && i > 0)
			break;
		if (!ipv6_parse_target(d, parts[i], a, error))
			return FALSE;
		for (int j = 0; j < n; j++) {
			if (!memcmp(t[j], a, 16)) {
				g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
					    "option %s: invalid value (%s): duplicate address",
					    d->name, parts[i]);
				return FALSE;
			}
		}
		if (n == BOND_MAX_NS_TARGETS) {
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_RANGE,
				    "option %s: more than %d addresses", d->name,
				    BOND_MAX_NS_TARGETS);
			return FALSE;
		}
		memcpy(t[n++], a, 16);
	}
	memset(p->ns_targets, 0, sizeof(p->ns_targets));
	memcpy(p->ns_targets, t, (size_t)n * 16);
	p->ns_targets_count = n;
	return TRUE;
}

static gboolean set_mac(struct bond_params *p, const struct bond_opt_desc *d, const char *value,
			GError **error)
{
	uint8_t mac[6];

	if (!mac_parse(value, mac) || (mac[0] & 1)) {
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
			    "option %s: invalid value (%s); expected a unicast MAC address "
			    "xx:xx:xx:xx:xx:xx", d->name, value);
		return FALSE;
	}
	memcpy(p->ad_actor_system, mac, 6);
	return TRUE;
}

/* The three delays: ms as given, ticks as the kernel would keep them. */
static void sync_ticks(struct bond_params *p, enum bond_opt_id id)
{
	int m = p->miimon > 0 ? p->miimon : 0;

	if (id == BOND_OPT_UPDELAY)
		p->updelay_ticks = m ? p->updelay / m : p->updelay;
	else if (id == BOND_OPT_DOWNDELAY)
		p->downdelay_ticks = m ? p->downdelay / m : p->downdelay;
	else if (id == BOND_OPT_PEER_NOTIF_DELAY)
		p->peer_notif_ticks = m ? p->peer_notif_delay / m : p->peer_notif_delay;
}

gboolean bond_opt_set(struct bond_params *p, const char *name, const char *value,
		      GError **error)
{
	const struct bond_opt_desc *d = bond_opt_lookup(name);
	long long v;

	if (!d) {
		set_unknown(error, name ? name : "");
		return FALSE;
	}
	if (!value) {
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
			    "option %s: missing value", d->name);
		return FALSE;
	}
	switch (d->type) {
	case BOND_OPT_T_NUMBER:
		if (!table_parse(d, value, &v, error))
			return FALSE;
		*int_field(p, d) = (int)v;
		sync_ticks(p, d->id);
		break;
	case BOND_OPT_T_IPV4_LIST:
		if (!set_ipv4_list(p, d, value, error))
			return FALSE;
		break;
	case BOND_OPT_T_IPV6_LIST:
		if (!set_ipv6_list(p, d, value, error))
			return FALSE;
		break;
	case BOND_OPT_T_IFNAME:
		if (*value && !bond_ifname_valid(value)) {
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
				    "option %s: invalid value (%s); expected an interface name "
				    "of at most %d characters", d->name, value, BOND_IFNAMSIZ - 1);
			return FALSE;
		}
		g_strlcpy(p->primary, value, sizeof(p->primary));
		break;
	case BOND_OPT_T_MAC:
		if (!set_mac(p, d, value, error))
			return FALSE;
		break;
	}
	mask_set(p->set_mask, d->id);
	return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Module parameters: parse_args() part.                                     */

/*
 * kstrtoint()/kstrtouint() with base 0: optional sign, "0x" hex, leading 0
 * octal, an optional trailing newline, no spaces.
 */
static gboolean parse_kernel_int(const char *s, gboolean is_unsigned, long long *out)
{
	gboolean neg = FALSE;
	unsigned int base = 10;
	unsigned long long v = 0;
	const char *p = s;
	int digits = 0;

	if (*p == '-' && !is_unsigned) {
		neg = TRUE;
		p++;
	}
	if (*p == '+')
		p++;
	if (p[0] == '0' && g_ascii_tolower(p[1]) == 'x' && isxdigit((unsigned char)p[2])) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	}
	for (; *p; p++) {
		int dig = g_ascii_xdigit_value(*p);

		if (*p == '\n' && !p[1])
			break;
		if (dig < 0 || (unsigned int)dig >= base)
			return FALSE;
		if (v > (ULLONG_MAX - (unsigned int)dig) / base)
			return FALSE;
		v = v * base + (unsigned int)dig;
		digits++;
	}
	if (!digits)
		return FALSE;
	if (is_unsigned) {
		if (v > UINT_MAX)
			return FALSE;
		*out = (long long)v;
		return TRUE;
	}
	if (neg ? v > (unsigned long long)INT_MAX + 1 : v > INT_MAX)
		return FALSE;
	*out = neg ? -(long long)v : (long long)v;
	return TRUE;
}

static gboolean modparam_set(struct bond_params *p, const struct bond_opt_desc *d,
			     const char *value, GError **error)
{
	struct bond_params_modline *ml = &p->modline;
	long long v;

	if (!value) {
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
			    "option %s: missing value ('%s=VALUE'); the module would not load",
			    d->name, d->name);
		return FALSE;
	}
	switch (d->modparam) {
	case BOND_OPT_MP_INT:
	case BOND_OPT_MP_UINT:
		if (!parse_kernel_int(value, d->modparam == BOND_OPT_MP_UINT, &v)) {
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
				    "option %s: invalid value (%s); the module parameter is %s "
				    "integer, names are not accepted here", d->name, value,
				    d->modparam == BOND_OPT_MP_UINT ? "an unsigned" : "an");
			return FALSE;
		}
		/*
		 * Stored raw: bond_params_finalize() resets out-of-range values.  A
		 * uint parameter lands in the kernel's int variable unchanged.
		 */
		*int_field(p, d) = d->modparam == BOND_OPT_MP_UINT ? (int)(unsigned int)v : (int)v;
		break;
	case BOND_OPT_MP_CHARP:
		if (d->type == BOND_OPT_T_IFNAME) {
			/* strscpy_pad() into IFNAMSIZ: silently cut to 15 characters. */
			g_strlcpy(p->primary, value, sizeof(p->primary));
			break;
		}
		if (table_parse(d, value, &v, NULL)) {
			*int_field(p, d) = (int)v;
			mask_clear(ml->bad, d->id);
		} else {
			mask_set(ml->bad, d->id);
			g_strlcpy(ml->text[d->id], value, sizeof(ml->text[d->id]));
		}
		break;
	case BOND_OPT_MP_ARRAY: {
		int n = 1;

		for (const char *c = value; *c; c++)
			n += *c == ',';
		if (n > BOND_MAX_ARP_TARGETS) {
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_RANGE,
				    "option %s: %d addresses, at most %d (the kernel: "
				    "\"arp_ip_target: can only take %d arguments\"; the module "
				    "would not load)", d->name, n, BOND_MAX_ARP_TARGETS,
				    BOND_MAX_ARP_TARGETS);
			return FALSE;
		}
		if (strlen(value) >= sizeof(ml->arp_ip_target)) {
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
				    "option %s: value too long", d->name);
			return FALSE;
		}
		g_strlcpy(ml->arp_ip_target, value, sizeof(ml->arp_ip_target));
		break;
	}
	case BOND_OPT_MP_NONE:
		break;
	}
	mask_set(ml->given, d->id);
	mask_set(p->set_mask, d->id);
	return TRUE;
}

/*
 * One argument of a module command line, as the kernel's next_arg() splits
 * it: spaces separate, double quotes group, and quotes around the whole
 * argument or the value are removed.
 */
static const char *next_arg(const char *s, char **name, char **value)
{
	GString *a = g_string_new(NULL);
	gboolean quoted = FALSE;

	while (isspace((unsigned char)*s))
		s++;
	for (; *s && (quoted || !isspace((unsigned char)*s)); s++) {
		if (*s == '"')
			quoted = !quoted;
		g_string_append_c(a, *s);
	}
	char *arg = a->str;

	if (arg[0] == '"') {
		memmove(arg, arg + 1, strlen(arg));
		size_t len = strlen(arg);

		if (len && arg[len - 1] == '"')
			arg[len - 1] = '\0';
	}
	char *eq = strchr(arg, '=');

	if (eq) {
		*eq = '\0';
		char *v = eq + 1;
		size_t len = strlen(v);

		if (v[0] == '"' && len >= 2 && v[len - 1] == '"') {
			v[len - 1] = '\0';
			v++;
		}
		*value = g_strdup(v);
	} else {
		*value = NULL;
	}
	*name = g_string_free(a, FALSE);
	return s;
}

gboolean bond_params_parse(struct bond_params *p, const char *line, GError **error)
{
	const char *s = line ? line : "";

	for (;;) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			return TRUE;

		g_autofree char *name = NULL;
		g_autofree char *value = NULL;
		s = next_arg(s, &name, &value);

		const struct bond_opt_desc *d = bond_opt_lookup(name);

		if (!d) {
			/*
			 * The kernel would only log "unknown parameter ... ignored"
			 * and load; a typo that silently drops miimon is exactly what
			 * a user should hear about, so this one is an error.
			 */
			set_unknown(error, name);
			return FALSE;
		}
		if (d->modparam == BOND_OPT_MP_NONE) {
			/* A real option, but not a module parameter: ignored at load. */
			mask_set(p->modline.ignored, d->id);
			continue;
		}
		if (!modparam_set(p, d, value, error))
			return FALSE;
	}
}

/* ------------------------------------------------------------------------ */
/* Module parameters: bond_check_params().                                   */

/*
 * Given on a module line not yet finalized.  Only those get the kernel's
 * module-load treatment: a second finalize (on params a sysfs write or
 * bond_opt_set() has changed since) must neither repeat the messages nor
 * undo what those paths set.
 */
static gboolean given(const struct bond_params *p, enum bond_opt_id id)
{
	return mask_test(p->modline.given, id);
}

static gboolean bad(const struct bond_params *p, enum bond_opt_id id)
{
	return mask_test(p->modline.bad, id);
}

/* A load failure: the kernel's pr_err() line goes to the log, ours to the error. */
static gboolean load_fails(struct bond_params *p, GPtrArray *warnings, GError **error,
			   enum bond_opt_id id, const char *kernel_msg)
{
	const struct bond_opt_desc *d = bond_opt_get(id);
	g_autofree char *valid = valid_values_text(d);

	logf_append(warnings, "%s", kernel_msg);
	p->failed_opt = id;
	g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
		    "option %s: invalid value (%s); %s (the kernel logs '%s' and the bonding "
		    "module does not load)", d->name, p->modline.text[id], valid, kernel_msg);
	return FALSE;
}

static void arp_targets_from_modline(struct bond_params *p, GPtrArray *warnings)
{
	g_auto(GStrv) parts = g_strsplit(p->modline.arp_ip_target, ",", -1);

	memset(p->arp_targets, 0, sizeof(p->arp_targets));
	p->arp_targets_count = 0;
	for (int i = 0; parts[i] && p->arp_targets_count < BOND_MAX_ARP_TARGETS; i++) {
		uint32_t be;
		char buf[16];

		if (!ipv4_parse(parts[i], &be) || !ipv4_target_ok(be)) {
			logf_append(warnings, "Warning: bad arp_ip_target module parameter (%s), "
				    "ARP monitoring will not be performed", parts[i]);
			p->arp_interval = 0;
		} else if (ipv4_find(p, be) >= 0) {
			ipv4_format(be, buf);
			logf_append(warnings, "Warning: duplicate address %s in arp_ip_target, "
				    "skipping", buf);
		} else {
			p->arp_targets[p->arp_targets_count++] = be;
		}
	}
}

gboolean bond_params_finalize(struct bond_params *p, GPtrArray *warnings, GError **error)
{
	char msg[160];

	p->failed_opt = -1;

	/* parse_args() runs before the module's init: its complaints come first. */
	for (int id = 0; id < BOND_OPT_COUNT; id++)
		if (mask_test(p->modline.ignored, id))
			logf_append(warnings, "unknown parameter '%s' ignored",
				    bond_opt_table[id].name);

	if (given(p, BOND_OPT_MODE) && bad(p, BOND_OPT_MODE)) {
		g_snprintf(msg, sizeof(msg), "Error: Invalid bonding mode \"%s\"",
			   p->modline.text[BOND_OPT_MODE]);
		return load_fails(p, warnings, error, BOND_OPT_MODE, msg);
	}

	/* String parameters are parsed only where the mode uses them. */
	if (given(p, BOND_OPT_XMIT_HASH_POLICY)) {
		if (p->mode == BOND_MODE_ROUNDROBIN || p->mode == BOND_MODE_ACTIVEBACKUP ||
		    p->mode == BOND_MODE_BROADCAST) {
			logf_append(warnings, "xmit_hash_policy param is irrelevant in mode %s",
				    bond_mode_desc(p->mode));
			p->xmit_policy = 0;
		} else if (bad(p, BOND_OPT_XMIT_HASH_POLICY)) {
			g_snprintf(msg, sizeof(msg), "Error: Invalid xmit_hash_policy \"%s\"",
				   p->modline.text[BOND_OPT_XMIT_HASH_POLICY]);
			return load_fails(p, warnings, error, BOND_OPT_XMIT_HASH_POLICY, msg);
		}
	}

	if (given(p, BOND_OPT_LACP_RATE)) {
		if (p->mode != BOND_MODE_8023AD) {
			logf_append(warnings, "lacp_rate param is irrelevant in mode %s",
				    bond_mode_desc(p->mode));
			p->lacp_rate = 0;
		} else if (bad(p, BOND_OPT_LACP_RATE)) {
			g_snprintf(msg, sizeof(msg), "Error: Invalid lacp rate \"%s\"",
				   p->modline.text[BOND_OPT_LACP_RATE]);
			return load_fails(p, warnings, error, BOND_OPT_LACP_RATE, msg);
		}
	}

	if (given(p, BOND_OPT_AD_SELECT)) {
		if (bad(p, BOND_OPT_AD_SELECT)) {
			g_snprintf(msg, sizeof(msg), "Error: Invalid ad_select \"%s\"",
				   p->modline.text[BOND_OPT_AD_SELECT]);
			return load_fails(p, warnings, error, BOND_OPT_AD_SELECT, msg);
		}
		if (p->mode != BOND_MODE_8023AD)
			logf_append(warnings, "ad_select param only affects 802.3ad mode");
	}

	if (p->max_bonds < 0) {
		logf_append(warnings, "Warning: max_bonds (%d) not in range %d-%d, so it was "
			    "reset to BOND_DEFAULT_MAX_BONDS (%d)", p->max_bonds, 0, INT_MAX, 1);
		p->max_bonds = 1;
	}
	if (p->miimon < 0) {
		logf_append(warnings, "Warning: miimon module parameter (%d), not in range 0-%d, "
			    "so it was reset to 0", p->miimon, INT_MAX);
		p->miimon = 0;
	}
	if (p->updelay < 0) {
		logf_append(warnings, "Warning: updelay module parameter (%d), not in range 0-%d, "
			    "so it was reset to 0", p->updelay, INT_MAX);
		p->updelay = 0;
	}
	if (p->downdelay < 0) {
		logf_append(warnings, "Warning: downdelay module parameter (%d), not in range "
			    "0-%d, so it was reset to 0", p->downdelay, INT_MAX);
		p->downdelay = 0;
	}
	if (p->use_carrier != 0 && p->use_carrier != 1) {
		logf_append(warnings, "Warning: use_carrier module parameter (%d), not of valid "
			    "value (0/1), so it was set to 1", p->use_carrier);
		p->use_carrier = 1;
	}
	if (p->num_peer_notif < 0 || p->num_peer_notif > 255) {
		logf_append(warnings, "Warning: num_grat_arp/num_unsol_na (%d) not in range 0-255 "
			    "so it was reset to 1", p->num_peer_notif);
		p->num_peer_notif = 1;
	}

	/* 802.3ad, tlb and alb cannot work without miimon: the kernel forces it. */
	if (!mode_uses_arp(p->mode) && !p->miimon) {
		logf_append(warnings, "Warning: miimon must be specified, otherwise bonding will "
			    "not detect link failure, speed and duplex which are essential for "
			    "802.3ad operation");
		logf_append(warnings, "Forcing miimon to 100msec");
		p->miimon = BOND_DEFAULT_MIIMON;
	}

	if (p->tx_queues < 1 || p->tx_queues > 255) {
		logf_append(warnings, "Warning: tx_queues (%d) should be between 1 and 255, "
			    "resetting to %d", p->tx_queues, 16);
		p->tx_queues = 16;
	}
	if (p->all_slaves_active != 0 && p->all_slaves_active != 1) {
		logf_append(warnings, "Warning: all_slaves_active module parameter (%d), not of "
			    "valid value (0/1), so it was set to 0", p->all_slaves_active);
		p->all_slaves_active = 0;
	}
	if (p->resend_igmp < 0 || p->resend_igmp > 255) {
		logf_append(warnings, "Warning: resend_igmp (%d) should be between 0 and 255, "
			    "resetting to %d", p->resend_igmp, 1);
		p->resend_igmp = 1;
	}
	if (p->packets_per_slave < 0 || p->packets_per_slave > USHRT_MAX) {
		logf_append(warnings, "Warning: packets_per_slave (%d) should be between 0 and "
			    "%u resetting to 1", p->packets_per_slave, (unsigned int)USHRT_MAX);
		p->packets_per_slave = 1;
	}
	if (p->mode == BOND_MODE_ALB && !p->modline.finalized)
		logf_append(warnings, "In ALB mode you might experience client disconnections "
			    "upon reconnection of a link if the bonding module updelay parameter "
			    "(%d msec) is incompatible with the forwarding delay time of the "
			    "switch", p->updelay);

	if (!p->miimon) {
		if (p->updelay || p->downdelay)
			logf_append(warnings, "Warning: miimon module parameter not set and "
				    "updelay (%d) or downdelay (%d) module parameter is set; "
				    "updelay and downdelay have no effect unless miimon is set",
				    p->updelay, p->downdelay);
		/* Kept raw as "ticks": they come alive if miimon is set later. */
		if (p->updelay)
			p->updelay_ticks = p->updelay;
		if (p->downdelay)
			p->downdelay_ticks = p->downdelay;
		p->updelay = 0;
		p->downdelay = 0;
	} else {
		if (p->arp_interval) {
			logf_append(warnings, "Warning: miimon (%d) and arp_interval (%d) can't be "
				    "used simultaneously, disabling ARP monitoring",
				    p->miimon, p->arp_interval);
			p->arp_interval = 0;
		}
		if (p->updelay % p->miimon)
			logf_append(warnings, "Warning: updelay (%d) is not a multiple of miimon "
				    "(%d), updelay rounded to %d ms", p->updelay, p->miimon,
				    p->updelay / p->miimon * p->miimon);
		p->updelay_ticks = p->updelay / p->miimon;
		p->updelay = p->updelay_ticks * p->miimon;
		if (p->downdelay % p->miimon)
			logf_append(warnings, "Warning: downdelay (%d) is not a multiple of miimon "
				    "(%d), downdelay rounded to %d ms", p->downdelay, p->miimon,
				    p->downdelay / p->miimon * p->miimon);
		p->downdelay_ticks = p->downdelay / p->miimon;
		p->downdelay = p->downdelay_ticks * p->miimon;
	}

	if (p->arp_interval < 0) {
		logf_append(warnings, "Warning: arp_interval module parameter (%d), not in range "
			    "0-%d, so it was reset to 0", p->arp_interval, INT_MAX);
		p->arp_interval = 0;
	}

	if (mask_test(p->modline.given, BOND_OPT_ARP_IP_TARGET))
		arp_targets_from_modline(p, warnings);

	if (p->arp_interval && !p->arp_targets_count) {
		logf_append(warnings, "Warning: arp_interval module parameter (%d) specified "
			    "without providing an arp_ip_target parameter, arp_interval was reset "
			    "to 0", p->arp_interval);
		p->arp_interval = 0;
	}

	if (given(p, BOND_OPT_ARP_VALIDATE)) {
		if (!p->arp_interval) {
			logf_append(warnings, "arp_validate requires arp_interval");
			p->failed_opt = BOND_OPT_ARP_VALIDATE;
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_DEPEND,
				    "option arp_validate: requires arp_interval with at least one "
				    "arp_ip_target (in modes 0-3, without miimon); the kernel logs "
				    "'arp_validate requires arp_interval' and the bonding module "
				    "does not load");
			return FALSE;
		}
		if (bad(p, BOND_OPT_ARP_VALIDATE)) {
			g_snprintf(msg, sizeof(msg), "Error: invalid arp_validate \"%s\"",
				   p->modline.text[BOND_OPT_ARP_VALIDATE]);
			return load_fails(p, warnings, error, BOND_OPT_ARP_VALIDATE, msg);
		}
	}

	if (given(p, BOND_OPT_ARP_ALL_TARGETS) && bad(p, BOND_OPT_ARP_ALL_TARGETS)) {
		/* Logged as an error, yet the load goes on with "any". */
		logf_append(warnings, "Error: invalid arp_all_targets_value \"%s\"",
			    p->modline.text[BOND_OPT_ARP_ALL_TARGETS]);
		p->arp_all_targets = 0;
	}

	if (p->primary[0] && !mode_uses_primary(p->mode)) {
		logf_append(warnings, "Warning: %s primary device specified but has no effect in "
			    "%s mode", p->primary, bond_mode_desc(p->mode));
		memset(p->primary, 0, sizeof(p->primary));
	}

	/* primary_reselect is looked at only when a primary survived. */
	if (given(p, BOND_OPT_PRIMARY_RESELECT)) {
		if (!p->primary[0]) {
			p->primary_reselect = BOND_OPT_PRI_RESELECT_ALWAYS;
		} else if (bad(p, BOND_OPT_PRIMARY_RESELECT)) {
			g_snprintf(msg, sizeof(msg), "Error: Invalid primary_reselect \"%s\"",
				   p->modline.text[BOND_OPT_PRIMARY_RESELECT]);
			return load_fails(p, warnings, error, BOND_OPT_PRIMARY_RESELECT, msg);
		}
	}

	if (given(p, BOND_OPT_FAIL_OVER_MAC)) {
		if (bad(p, BOND_OPT_FAIL_OVER_MAC)) {
			g_snprintf(msg, sizeof(msg), "Error: invalid fail_over_mac \"%s\"",
				   p->modline.text[BOND_OPT_FAIL_OVER_MAC]);
			return load_fails(p, warnings, error, BOND_OPT_FAIL_OVER_MAC, msg);
		}
		if (p->mode != BOND_MODE_ACTIVEBACKUP)
			logf_append(warnings, "Warning: fail_over_mac only affects active-backup "
				    "mode");
	}

	if (p->lp_interval == 0) {
		/* "ip_interval" is the kernel's spelling. */
		logf_append(warnings, "Warning: ip_interval must be between 1 and %d, so it was "
			    "reset to %d", INT_MAX, 1);
		p->lp_interval = 1;
	}

	/* Not a module parameter: 0 at load, unless set by other means. */
	if (p->miimon)
		p->peer_notif_ticks = p->peer_notif_delay / p->miimon;
	else if (p->peer_notif_delay)
		p->peer_notif_ticks = p->peer_notif_delay;
	p->peer_notif_delay = p->peer_notif_ticks * p->miimon;

	/* The module line is consumed. */
	memset(p->modline.given, 0, sizeof(p->modline.given));
	memset(p->modline.bad, 0, sizeof(p->modline.bad));
	memset(p->modline.ignored, 0, sizeof(p->modline.ignored));
	p->modline.finalized = 1;
	return TRUE;
}

/* ------------------------------------------------------------------------ */
/* sysfs writes: __bond_opt_set().                                           */

static void rescale_delays(struct bond_params *p)
{
	p->updelay = p->updelay_ticks * p->miimon;
	p->downdelay = p->downdelay_ticks * p->miimon;
	p->peer_notif_delay = p->peer_notif_ticks * p->miimon;
}

static gboolean store_delay(struct bond_params *p, enum bond_opt_id id, int v, GPtrArray *log,
			    GError **error)
{
	static const char *const what[] = {
		[BOND_OPT_UPDELAY] = "up delay",
		[BOND_OPT_DOWNDELAY] = "down delay",
		[BOND_OPT_PEER_NOTIF_DELAY] = "peer notification delay",
	};
	int *ticks = id == BOND_OPT_UPDELAY ? &p->updelay_ticks :
		     id == BOND_OPT_DOWNDELAY ? &p->downdelay_ticks : &p->peer_notif_ticks;

	if (!p->miimon) {
		logf_append(log, "Unable to set %s as MII monitoring is disabled", what[id]);
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_DEPEND,
			    "option %s: refused, MII monitoring is disabled (miimon=0); the "
			    "kernel logs 'Unable to set %s as MII monitoring is disabled'",
			    bond_opt_table[id].name, what[id]);
		return FALSE;
	}
	if (v % p->miimon)
		logf_append(log, "%s (%d) is not a multiple of miimon (%d), value rounded to %d ms",
			    what[id], v, p->miimon, v / p->miimon * p->miimon);
	*ticks = v / p->miimon;
	rescale_delays(p);
	return TRUE;
}

static gboolean store_number(struct bond_params *p, const struct bond_opt_desc *d, int v,
			     GPtrArray *log, GError **error)
{
	switch (d->id) {
	case BOND_OPT_MODE:
		if (!mode_uses_arp(v)) {
			p->arp_interval = 0;
			if (!p->miimon) {
				p->miimon = BOND_DEFAULT_MIIMON;
				rescale_delays(p);
			}
		}
		if (v == BOND_MODE_ALB)
			p->tlb_dynamic_lb = 1;
		p->arp_validate = BOND_OPT_ARP_VALIDATE_NONE;	/* not kept across modes */
		p->mode = v;
		return TRUE;
	case BOND_OPT_MIIMON:
		p->miimon = v;
		rescale_delays(p);
		if (v && p->arp_interval) {
			p->arp_interval = 0;
			p->arp_validate = BOND_OPT_ARP_VALIDATE_NONE;
		}
		return TRUE;
	case BOND_OPT_UPDELAY:
	case BOND_OPT_DOWNDELAY:
	case BOND_OPT_PEER_NOTIF_DELAY:
		return store_delay(p, d->id, v, log, error);
	case BOND_OPT_ARP_INTERVAL:
		p->arp_interval = v;
		if (v && p->miimon) {
			p->miimon = 0;
			rescale_delays(p);
		}
		return TRUE;
	default:
		*int_field(p, d) = v;
		return TRUE;
	}
}

/* The sysfs arp_ip_target file takes "+a.b.c.d" or "-a.b.c.d". */
static gboolean store_arp_target(struct bond_params *p, const struct bond_opt_desc *d,
				 const char *value, GPtrArray *log, GError **error)
{
	uint32_t be;
	char buf[16];
	int idx;

	if (!ipv4_parse(value + (*value ? 1 : 0), &be)) {
		logf_append(log, "invalid ARP target %s specified", value);
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
			    "option %s: invalid value (%s); expected +a.b.c.d or -a.b.c.d",
			    d->name, value);
		return FALSE;
	}
	ipv4_format(be, buf);
	if (value[0] != '+' && value[0] != '-') {
		logf_append(log, "no command found in arp_ip_targets file - use +<addr> or "
			    "-<addr>");
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
			    "option %s: invalid value (%s); expected +a.b.c.d or -a.b.c.d",
			    d->name, value);
		return FALSE;
	}
	if (!ipv4_target_ok(be)) {
		logf_append(log, "invalid ARP target %s specified for %s", buf,
			    value[0] == '+' ? "addition" : "removal");
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
			    "option %s: invalid value (%s); 0.x.x.x and 255.255.255.255 are "
			    "not valid targets", d->name, value);
		return FALSE;
	}
	idx = ipv4_find(p, be);
	if (value[0] == '+') {
		if (idx >= 0) {
			logf_append(log, "ARP target %s is already present", buf);
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_DEPEND,
				    "option %s: %s is already a target", d->name, buf);
			return FALSE;
		}
		if (p->arp_targets_count == BOND_MAX_ARP_TARGETS) {
			logf_append(log, "ARP target table is full!");
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_RANGE,
				    "option %s: more than %d targets", d->name,
				    BOND_MAX_ARP_TARGETS);
			return FALSE;
		}
		p->arp_targets[p->arp_targets_count++] = be;
		return TRUE;
	}
	if (idx < 0) {
		logf_append(log, "unable to remove nonexistent ARP target %s", buf);
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_DEPEND,
			    "option %s: %s is not a target", d->name, buf);
		return FALSE;
	}
	if (p->arp_targets_count == 1 && p->arp_interval)
		logf_append(log, "Removing last arp target with arp_interval on");
	memmove(&p->arp_targets[idx], &p->arp_targets[idx + 1],
		(size_t)(p->arp_targets_count - idx - 1) * sizeof(p->arp_targets[0]));
	p->arp_targets[--p->arp_targets_count] = 0;
	return TRUE;
}

/* ns_ip6_target: "+addr", "-addr" or a plain address to add. */
static gboolean store_ns_target(struct bond_params *p, const struct bond_opt_desc *d,
				const char *value, GPtrArray *log, GError **error)
{
	char op = (value[0] == '+' || value[0] == '-') ? value[0] : '+';
	const char *addr = value + (value[0] == '+' || value[0] == '-');
	uint8_t a[16];
	int idx;

	if (!ipv6_parse_target(d, addr, a, error)) {
		logf_append(log, "invalid NS target %s specified for %s", addr,
			    op == '+' ? "addition" : "removal");
		return FALSE;
	}
	idx = ipv6_find(p, a);
	if (op == '+') {
		if (idx >= 0) {
			logf_append(log, "NS target %s is already present", addr);
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_DEPEND,
				    "option %s: %s is already a target", d->name, addr);
			return FALSE;
		}
		if (p->ns_targets_count == BOND_MAX_NS_TARGETS) {
			logf_append(log, "NS target table is full!");
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_RANGE,
				    "option %s: more than %d targets", d->name,
				    BOND_MAX_NS_TARGETS);
			return FALSE;
		}
		memcpy(p->ns_targets[p->ns_targets_count++], a, 16);
		return TRUE;
	}
	if (idx < 0) {
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_DEPEND,
			    "option %s: %s is not a target", d->name, addr);
		return FALSE;
	}
	memmove(p->ns_targets[idx], p->ns_targets[idx + 1],
		(size_t)(p->ns_targets_count - idx - 1) * 16);
	memset(p->ns_targets[--p->ns_targets_count], 0, 16);
	return TRUE;
}

gboolean bond_opt_store(struct bond_params *p, const char *name, const char *value,
			GPtrArray *log, GError **error)
{
	const struct bond_opt_desc *d = NULL;
	long long v;

	for (int i = 0; name && i < BOND_OPT_COUNT; i++)
		if (!strcmp(name, bond_opt_table[i].name))
			d = &bond_opt_table[i];
	if (!d) {
		set_unknown(error, name ? name : "");
		return FALSE;
	}
	if (!(d->flags & BOND_OPT_F_SYSFS)) {
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_UNKNOWN,
			    "option %s: there is no sysfs file for it; it is a module parameter "
			    "(options bonding %s=...)", d->name, d->name);
		return FALSE;
	}
	if (d->unsupp & BOND_MODE_BIT(p->mode)) {
		logf_append(log, "option %s: mode dependency failed, not supported in mode %s(%d)",
			    d->name, bond_mode_name(p->mode), p->mode);
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_MODE,
			    "option %s: mode dependency failed, not supported in mode %s(%d)",
			    d->name, bond_mode_name(p->mode), p->mode);
		return FALSE;
	}
	if (!value)
		value = "";

	gboolean ok = TRUE;

	switch (d->type) {
	case BOND_OPT_T_NUMBER:
		if (!table_parse(d, value, &v, error)) {
			logf_append(log, "option %s: invalid value (%s)", d->name, value);
			if (is_range(d))
				logf_append(log, "option %s: allowed values %lld - %lld", d->name,
					    range_min(d), range_max(d));
			return FALSE;
		}
		ok = store_number(p, d, (int)v, log, error);
		break;
	case BOND_OPT_T_IPV4_LIST:
		ok = store_arp_target(p, d, value, log, error);
		break;
	case BOND_OPT_T_IPV6_LIST:
		ok = store_ns_target(p, d, value, log, error);
		break;
	case BOND_OPT_T_IFNAME:
		/* Recorded even before the slave exists, cut to IFNAMSIZ. */
		memset(p->primary, 0, sizeof(p->primary));
		g_strlcpy(p->primary, value, sizeof(p->primary));
		break;
	case BOND_OPT_T_MAC:
		if (!set_mac(p, d, value, error)) {
			logf_append(log, "Invalid ad_actor_system MAC address.");
			return FALSE;
		}
		break;
	}
	if (ok)
		mask_set(p->set_mask, d->id);
	return ok;
}

/* grep -q PATTERN: initscripts test whether a target is already listed ('.' is any char). */
static gboolean grep_match(const char *text, const char *pattern)
{
	size_t plen = strlen(pattern);

	for (const char *t = text; *t; t++) {
		size_t i;

		for (i = 0; i < plen && t[i] && t[i] != '\n'; i++)
			if (pattern[i] != '.' && pattern[i] != t[i])
				break;
		if (i == plen)
			return TRUE;
	}
	return plen == 0;
}

static char *targets_text(const struct bond_params *p)
{
	GString *s = g_string_new(NULL);
	char buf[16];

	for (int i = 0; i < p->arp_targets_count; i++) {
		ipv4_format(p->arp_targets[i], buf);
		g_string_append_printf(s, "%s ", buf);
	}
	return g_string_free(s, FALSE);
}

/* A refused sysfs write is logged and skipped, as the scripts do; bad values stop us. */
static gboolean apply_one(struct bond_params *p, const char *key, const char *value,
			  GPtrArray *log, GError **error)
{
	GError *err = NULL;

	if (bond_opt_store(p, key, value, log, &err))
		return TRUE;
	if (err->code == BOND_OPT_ERROR_MODE || err->code == BOND_OPT_ERROR_DEPEND) {
		g_clear_error(&err);
		return TRUE;
	}
	/* max_bonds, tx_queues: the write fails for want of a file; the scripts go on. */
	if (err->code == BOND_OPT_ERROR_UNKNOWN && bond_opt_lookup(key) &&
	    !strcmp(bond_opt_lookup(key)->name, key)) {
		logf_append(log, "%s", err->message);
		g_clear_error(&err);
		return TRUE;
	}
	g_propagate_error(error, err);
	return FALSE;
}

static gboolean apply_arp_targets(struct bond_params *p, const char *value, GPtrArray *log,
				  GError **error)
{
	if (value[0] == '+') {
		g_autofree char *cur = targets_text(p);

		if (grep_match(cur, value + 1))
			return TRUE;
		return apply_one(p, "arp_ip_target", value, log, error);
	}
	g_auto(GStrv) ips = g_strsplit(value, ",", -1);

	for (int i = 0; ips[i]; i++) {
		g_autofree char *cur = targets_text(p);
		g_autofree char *cmd = NULL;

		if (!*ips[i] || grep_match(cur, ips[i]))
			continue;
		cmd = g_strconcat("+", ips[i], NULL);
		if (!apply_one(p, "arp_ip_target", cmd, log, error))
			return FALSE;
	}
	return TRUE;
}

/*
 * BONDING_OPTS as RHEL initscripts apply it (install_bonding_driver): word
 * split, key before the first '=', value after the last; mode and miimon
 * written first in their order, then the rest, arp_ip_target expanded to
 * "+addr" writes for addresses not yet listed, primary last (ifup-eth writes
 * it once the slaves are in).
 */
gboolean bond_params_apply(struct bond_params *p, const char *opts, GPtrArray *log,
			   GError **error)
{
	g_auto(GStrv) words = g_strsplit_set(opts ? opts : "", " \t\n", -1);
	int n = (int)g_strv_length(words);
	g_autofree char **keys = g_new0(char *, (size_t)n + 1);
	g_autofree char **vals = g_new0(char *, (size_t)n + 1);
	gboolean ok = TRUE;

	for (int i = 0; i < n; i++) {
		char *w = words[i];

		if (!*w)
			continue;
		char *first = strchr(w, '=');
		char *last = strrchr(w, '=');

		keys[i] = first ? g_strndup(w, (size_t)(first - w)) : g_strdup(w);
		vals[i] = g_strdup(last ? last + 1 : w);
	}
	for (int i = 0; ok && i < n; i++) {
		if (keys[i] && (!strcmp(keys[i], "mode") || !strcmp(keys[i], "miimon"))) {
			ok = apply_one(p, keys[i], vals[i], log, error);
			g_clear_pointer(&keys[i], g_free);
		}
	}
	for (int i = 0; ok && i < n; i++) {
		if (!keys[i] || !strcmp(keys[i], "primary"))
			continue;
		if (!strcmp(keys[i], "arp_ip_target"))
			ok = apply_arp_targets(p, vals[i], log, error);
		else
			ok = apply_one(p, keys[i], vals[i], log, error);
	}
	for (int i = 0; ok && i < n; i++)
		if (keys[i] && !strcmp(keys[i], "primary"))
			ok = apply_one(p, keys[i], vals[i], log, error);
	for (int i = 0; i < n; i++) {
		g_free(keys[i]);
		g_free(vals[i]);
	}
	return ok;
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
			ipv4_format(p->arp_targets[i], buf);
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

static char *modes_text(unsigned int mask)
{
	GString *s = g_string_new(NULL);

	if ((mask & BOND_MODES_ALL) == BOND_MODES_ALL)
		return g_string_free(g_string_append(s, "all"), FALSE);
	for (int m = 0; m < BOND_MODE_COUNT; m++)
		if (mask & BOND_MODE_BIT(m))
			g_string_append_printf(s, "%s%s(%d)", s->len ? " " : "", bond_mode_name(m),
					       m);
	return g_string_free(s, FALSE);
}

void bond_opts_print_table(FILE *out)
{
	struct bond_params def;

	bond_params_init(&def);
	fprintf(out, "Bonding options (Linux 6.1-6.12; names and numbers are both accepted)\n");
	for (int i = 0; i < BOND_OPT_COUNT; i++) {
		const struct bond_opt_desc *d = &bond_opt_table[i];
		g_autofree char *dflt = bond_opt_value_text(&def, d->id);
		g_autofree char *modes = modes_text(d->modes);
		g_autofree char *refused = d->unsupp ? modes_text(d->unsupp) : NULL;

		fprintf(out, "\n%s%s%s%s\n    %s\n", d->name, d->unit ? " (" : "",
			d->unit ? d->unit : "", d->unit ? ")" : "", d->desc);
		if (d->type == BOND_OPT_T_NUMBER) {
			g_autofree char *vals = valid_values_text(d);

			fprintf(out, "    %s\n", vals);
		} else if (d->type == BOND_OPT_T_IPV4_LIST) {
			fprintf(out, "    values: a.b.c.d[,a.b.c.d...] "
				"(sysfs: +a.b.c.d / -a.b.c.d)\n");
		} else if (d->type == BOND_OPT_T_IPV6_LIST) {
			fprintf(out, "    values: IPv6 addresses, comma separated\n");
		} else if (d->type == BOND_OPT_T_IFNAME) {
			fprintf(out, "    values: interface name, at most 15 characters\n");
		} else {
			fprintf(out, "    values: unicast MAC xx:xx:xx:xx:xx:xx\n");
		}
		fprintf(out, "    default: %s\n", *dflt ? dflt : "(none)");
		fprintf(out, "    effective in: %s\n", modes);
		if (refused)
			fprintf(out, "    refused at run time in: %s\n", refused);
		fprintf(out, "    set via: %s%s%s%s\n",
			d->modparam != BOND_OPT_MP_NONE ? "module parameter" : "",
			d->modparam != BOND_OPT_MP_NONE && (d->flags & SYSFS) ? ", " : "",
			(d->flags & SYSFS) ? "sysfs/BONDING_OPTS" : "",
			(d->flags & IFDOWN) ? " (bond down only)" :
			(d->flags & NOSLAVES) ? " (no slaves only)" : "");
	}
}
