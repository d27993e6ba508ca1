// SPDX-License-Identifier: MIT
/*
 * DOC: bond_params_check.c - module load: the kernel's bond_check_params()
 *
 * bond_params_finalize() replays bond_check_params() of Linux 6.1-6.12
 * (bond_main.c) on what bond_params_parse() left, step by step and in its
 * order, with its exact log texts (without the "bonding: " prefix): numbers
 * out of range are reset with a warning, string parameters are parsed only
 * where the mode makes them relevant (lacp_rate outside 802.3ad never is),
 * 802.3ad/tlb/alb force miimon to 100, the delays are rounded to multiples
 * of miimon and kept as ticks, ARP monitoring is dropped when miimon is set
 * or no target survives, and a few mistakes (a bad mode, hash policy, lacp
 * rate, ad_select, arp_validate, primary_reselect or fail_over_mac) make the
 * module load fail.
 *
 * The module line is consumed at the end, so finalizing again (after more
 * module words, or on params changed through sysfs) repeats no message about
 * a parameter and undoes nothing.
 */
#include "bond_options_priv.h"

#include <limits.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Module parameters: bond_check_params().                                   */

static gboolean mode_uses_primary(int mode)
{
	return mode == BOND_MODE_ACTIVEBACKUP || mode == BOND_MODE_TLB || mode == BOND_MODE_ALB;
}

/*
 * Given on a module line not yet finalized.  Only those get the kernel's
 * module-load treatment: a second finalize (on params a sysfs write or
 * bond_opt_set() has changed since) must neither repeat the messages nor
 * undo what those paths set.
 */
static gboolean given(const struct bond_params *p, enum bond_opt_id id)
{
	return bond_opt_mask_test(p->modline.given, id);
}

static gboolean bad(const struct bond_params *p, enum bond_opt_id id)
{
	return bond_opt_mask_test(p->modline.bad, id);
}

/* A load failure: the kernel's pr_err() line goes to the log, ours to the error. */
static gboolean load_fails(struct bond_params *p, GPtrArray *warnings, GError **error,
			   enum bond_opt_id id, const char *kernel_msg)
{
	const struct bond_opt_desc *d = bond_opt_get(id);
	g_autofree char *valid = bond_opt_valid_values_text(d);

	bond_opt_logf(warnings, "%s", kernel_msg);
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

		if (!bond_opt_ipv4_parse(parts[i], &be) || !bond_opt_ipv4_target_ok(be)) {
			bond_opt_logf(warnings, "Warning: bad arp_ip_target module parameter (%s), "
				      "ARP monitoring will not be performed", parts[i]);
			p->arp_interval = 0;
		} else if (bond_opt_ipv4_find(p, be) >= 0) {
			bond_opt_ipv4_format(be, buf);
			bond_opt_logf(warnings, "Warning: duplicate address %s in arp_ip_target, "
				      "skipping", buf);
		} else {
			p->arp_targets[p->arp_targets_count++] = be;
		}
	}
}

/* The module's "MII link monitoring set to ..." / "ARP monitoring set to ..." line. */
static void log_monitor(const struct bond_params *p, GPtrArray *warnings)
{
	GString *t;

	if (p->miimon) {
		bond_opt_logf(warnings, "MII link monitoring set to %d ms", p->miimon);
		return;
	}
	if (!p->arp_interval)
		return;
	t = g_string_new(NULL);
	for (int i = 0; i < p->arp_targets_count; i++) {
		char buf[16];

		bond_opt_ipv4_format(p->arp_targets[i], buf);
		g_string_append_printf(t, " %s", buf);
	}
	bond_opt_logf(warnings, "ARP monitoring set to %d ms, validate %s, with %d target(s):%s",
		      p->arp_interval, bond_opt_value_name("arp_validate", p->arp_validate),
		      p->arp_targets_count, t->str);
	g_string_free(t, TRUE);
}

gboolean bond_params_finalize(struct bond_params *p, GPtrArray *warnings, GError **error)
{
	char msg[160];

	p->failed_opt = -1;

	/* The kernel checks its module parameters once, at load.  A bond whose
	 * options all came later, through sysfs or netlink (ifcfg, networkd,
	 * NetworkManager), has nothing left to check: mode=802.3ad then
	 * miimon=0 keeps miimon 0, an arp_interval waits for its targets. */
	if (p->modline.finalized && !p->modline.given[0] && !p->modline.given[1] &&
	    !p->modline.ignored[0] && !p->modline.ignored[1])
		return TRUE;

	/* parse_args() runs before the module's init: its complaints come first. */
	for (int id = 0; id < BOND_OPT_COUNT; id++)
		if (bond_opt_mask_test(p->modline.ignored, id))
			bond_opt_logf(warnings, "bonding: unknown parameter '%s' ignored",
				      bond_opt_get(id)->name);

	if (given(p, BOND_OPT_MODE) && bad(p, BOND_OPT_MODE)) {
		g_snprintf(msg, sizeof(msg), "Error: Invalid bonding mode \"%s\"",
			   p->modline.text[BOND_OPT_MODE]);
		return load_fails(p, warnings, error, BOND_OPT_MODE, msg);
	}

	/* String parameters are parsed only where the mode uses them. */
	if (given(p, BOND_OPT_XMIT_HASH_POLICY)) {
		if (p->mode == BOND_MODE_ROUNDROBIN || p->mode == BOND_MODE_ACTIVEBACKUP ||
		    p->mode == BOND_MODE_BROADCAST) {
			bond_opt_logf(warnings, "xmit_hash_policy param is irrelevant in mode %s",
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
			bond_opt_logf(warnings, "lacp_rate param is irrelevant in mode %s",
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
			bond_opt_logf(warnings, "ad_select param only affects 802.3ad mode");
	}

	if (p->max_bonds < 0) {
		bond_opt_logf(warnings, "Warning: max_bonds (%d) not in range %d-%d, so it was "
			      "reset to BOND_DEFAULT_MAX_BONDS (%d)", p->max_bonds, 0, INT_MAX, 1);
		p->max_bonds = 1;
	}
	if (p->miimon < 0) {
		bond_opt_logf(warnings, "Warning: miimon module parameter (%d), not in range 0-%d, "
			      "so it was reset to 0", p->miimon, INT_MAX);
		p->miimon = 0;
	}
	if (p->updelay < 0) {
		bond_opt_logf(warnings, "Warning: updelay module parameter (%d), not in range "
			      "0-%d, so it was reset to 0", p->updelay, INT_MAX);
		p->updelay = 0;
	}
	if (p->downdelay < 0) {
		bond_opt_logf(warnings, "Warning: downdelay module parameter (%d), not in range "
			      "0-%d, so it was reset to 0", p->downdelay, INT_MAX);
		p->downdelay = 0;
	}
	if (p->use_carrier != 0 && p->use_carrier != 1) {
		bond_opt_logf(warnings, "Warning: use_carrier module parameter (%d), not of valid "
			      "value (0/1), so it was set to 1", p->use_carrier);
		p->use_carrier = 1;
	}
	if (p->num_peer_notif < 0 || p->num_peer_notif > 255) {
		bond_opt_logf(warnings, "Warning: num_grat_arp/num_unsol_na (%d) not in range "
			      "0-255 so it was reset to 1", p->num_peer_notif);
		p->num_peer_notif = 1;
	}

	/* 802.3ad, tlb and alb cannot work without miimon: the kernel forces it. */
	if (!bond_opt_mode_uses_arp(p->mode) && !p->miimon) {
		bond_opt_logf(warnings, "Warning: miimon must be specified, otherwise bonding will "
			      "not detect link failure, speed and duplex which are essential for "
			      "802.3ad operation");
		bond_opt_logf(warnings, "Forcing miimon to 100msec");
		p->miimon = BOND_DEFAULT_MIIMON;
	}

	if (p->tx_queues < 1 || p->tx_queues > 255) {
		bond_opt_logf(warnings, "Warning: tx_queues (%d) should be between 1 and 255, "
			      "resetting to %d", p->tx_queues, 16);
		p->tx_queues = 16;
	}
	if (p->all_slaves_active != 0 && p->all_slaves_active != 1) {
		bond_opt_logf(warnings, "Warning: all_slaves_active module parameter (%d), not of "
			      "valid value (0/1), so it was set to 0", p->all_slaves_active);
		p->all_slaves_active = 0;
	}
	if (p->resend_igmp < 0 || p->resend_igmp > 255) {
		bond_opt_logf(warnings, "Warning: resend_igmp (%d) should be between 0 and 255, "
			      "resetting to %d", p->resend_igmp, 1);
		p->resend_igmp = 1;
	}
	if (p->packets_per_slave < 0 || p->packets_per_slave > USHRT_MAX) {
		bond_opt_logf(warnings, "Warning: packets_per_slave (%d) should be between 0 and "
			      "%u resetting to 1", p->packets_per_slave, (unsigned int)USHRT_MAX);
		p->packets_per_slave = 1;
	}
	if (p->mode == BOND_MODE_ALB && !p->modline.finalized)
		bond_opt_logf(warnings, "In ALB mode you might experience client disconnections "
			      "upon reconnection of a link if the bonding module updelay parameter "
			      "(%d msec) is incompatible with the forwarding delay time of the "
			      "switch", p->updelay);

	if (!p->miimon) {
		if (p->updelay || p->downdelay)
			bond_opt_logf(warnings, "Warning: miimon module parameter not set and "
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
			bond_opt_logf(warnings, "Warning: miimon (%d) and arp_interval (%d) can't "
				      "be used simultaneously, disabling ARP monitoring",
				      p->miimon, p->arp_interval);
			p->arp_interval = 0;
		}
		if (p->updelay % p->miimon)
			bond_opt_logf(warnings, "Warning: updelay (%d) is not a multiple of miimon "
				      "(%d), updelay rounded to %d ms", p->updelay, p->miimon,
				      p->updelay / p->miimon * p->miimon);
		p->updelay_ticks = p->updelay / p->miimon;
		p->updelay = p->updelay_ticks * p->miimon;
		if (p->downdelay % p->miimon)
			bond_opt_logf(warnings, "Warning: downdelay (%d) is not a multiple of "
				      "miimon (%d), downdelay rounded to %d ms", p->downdelay,
				      p->miimon, p->downdelay / p->miimon * p->miimon);
		p->downdelay_ticks = p->downdelay / p->miimon;
		p->downdelay = p->downdelay_ticks * p->miimon;
	}

	if (p->arp_interval < 0) {
		bond_opt_logf(warnings, "Warning: arp_interval module parameter (%d), not in range "
			      "0-%d, so it was reset to 0", p->arp_interval, INT_MAX);
		p->arp_interval = 0;
	}

	if (bond_opt_mask_test(p->modline.given, BOND_OPT_ARP_IP_TARGET))
		arp_targets_from_modline(p, warnings);

	if (p->arp_interval && !p->arp_targets_count) {
		bond_opt_logf(warnings, "Warning: arp_interval module parameter (%d) specified "
			      "without providing an arp_ip_target parameter, arp_interval was "
			      "reset to 0", p->arp_interval);
		p->arp_interval = 0;
	}

	if (given(p, BOND_OPT_ARP_VALIDATE)) {
		if (!p->arp_interval) {
			bond_opt_logf(warnings, "arp_validate requires arp_interval");
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
		bond_opt_logf(warnings, "Error: invalid arp_all_targets_value \"%s\"",
			      p->modline.text[BOND_OPT_ARP_ALL_TARGETS]);
		p->arp_all_targets = 0;
	}

	/* what the module says of its monitor, once, at load */
	if (!p->modline.finalized)
		log_monitor(p, warnings);

	if (p->primary[0] && !mode_uses_primary(p->mode)) {
		bond_opt_logf(warnings, "Warning: %s primary device specified but has no effect in "
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
			bond_opt_logf(warnings, "Warning: fail_over_mac only affects active-backup "
				      "mode");
	}

	if (p->lp_interval == 0) {
		/* "ip_interval" is the kernel's spelling. */
		bond_opt_logf(warnings, "Warning: ip_interval must be between 1 and %d, so it was "
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
