// SPDX-License-Identifier: MIT
/*
 * DOC: bond_opt_store.c - sysfs writes: bond_opt_store() and bond_params_apply()
 *
 * bond_opt_store() is one write to /sys/class/net/bondN/bonding/<opt> on a
 * bond that is down and has no slaves, as the kernel's __bond_opt_set()
 * (bond_options.c) does it: the mode dependency (unsuppmodes), the value
 * parse, then the option's setter with its side effects and log lines
 * (miimon disables ARP monitoring and rescales the delays, arp_interval
 * disables miimon, mode 4/5/6 forces miimon=100, the delays are refused
 * while miimon is 0, arp_ip_target and ns_ip6_target take "+addr"/"-addr").
 *
 * bond_params_apply() adds on top what RHEL initscripts do with BONDING_OPTS
 * (install_bonding_driver, ifup-eth): mode and miimon first, arp_ip_target
 * split into "+addr" writes for addresses not yet listed, primary last, and
 * writes refused for the mode or another option logged and skipped.
 */
#include "bond_options_priv.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* sysfs writes: __bond_opt_set().                                           */

static int ipv6_find(const struct bond_params *p, const uint8_t a[16])
{
	for (int i = 0; i < p->ns_targets_count; i++)
		if (!memcmp(p->ns_targets[i], a, 16))
			return i;
	return -1;
}

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
		bond_opt_logf(log, "Unable to set %s as MII monitoring is disabled", what[id]);
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_DEPEND,
			    "option %s: refused, MII monitoring is disabled (miimon=0); the "
			    "kernel logs 'Unable to set %s as MII monitoring is disabled'",
			    bond_opt_get(id)->name, what[id]);
		return FALSE;
	}
	if (v % p->miimon)
		bond_opt_logf(log, "%s (%d) is not a multiple of miimon (%d), value rounded to "
			      "%d ms", what[id], v, p->miimon, v / p->miimon * p->miimon);
	*ticks = v / p->miimon;
	rescale_delays(p);
	return TRUE;
}

static gboolean store_number(struct bond_params *p, const struct bond_opt_desc *d, int v,
			     GPtrArray *log, GError **error)
{
	switch (d->id) {
	case BOND_OPT_MODE:
		if (!bond_opt_mode_uses_arp(v)) {
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
		*bond_opt_int_field(p, d) = v;
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

	if (!bond_opt_ipv4_parse(value + (*value ? 1 : 0), &be)) {
		bond_opt_logf(log, "invalid ARP target %s specified", value);
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
			    "option %s: invalid value (%s); expected +a.b.c.d or -a.b.c.d",
			    d->name, value);
		return FALSE;
	}
	bond_opt_ipv4_format(be, buf);
	if (value[0] != '+' && value[0] != '-') {
		bond_opt_logf(log, "no command found in arp_ip_targets file - use +<addr> or "
			      "-<addr>");
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
			    "option %s: invalid value (%s); expected +a.b.c.d or -a.b.c.d",
			    d->name, value);
		return FALSE;
	}
	if (!bond_opt_ipv4_target_ok(be)) {
		bond_opt_logf(log, "invalid ARP target %s specified for %s", buf,
			      value[0] == '+' ? "addition" : "removal");
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_INVALID,
			    "option %s: invalid value (%s); 0.x.x.x and 255.255.255.255 are "
			    "not valid targets", d->name, value);
		return FALSE;
	}
	idx = bond_opt_ipv4_find(p, be);
	if (value[0] == '+') {
		if (idx >= 0) {
				 bond_opt_logf(log, "ARP target %s is already present", buf);
				 g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_DEPEND,
					     "option %s: %s is already a target", d->name, buf);
				 return FALSE;
		}
		if (p->arp_targets_count == BOND_MAX_ARP_TARGETS) {
			bond_opt_logf(log, "ARP target table is full!");
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_RANGE,
				    "option %s: more than %d targets", d->name,
				    BOND_MAX_ARP_TARGETS);
			return FALSE;
		}
		p->arp_targets[p->arp_targets_count++] = be;
		return TRUE;
	}
	if (idx < 0) {
		bond_opt_logf(log, "unable to remove nonexistent ARP target %s", buf);
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_DEPEND,
			    "option %s: %s is not a target", d->name, buf);
		return FALSE;
	}
	if (p->arp_targets_count == 1 && p->arp_interval)
		bond_opt_logf(log, "Removing last arp target with arp_interval on");
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

	if (!bond_opt_ipv6_parse_target(d, addr, a, error)) {
		bond_opt_logf(log, "invalid NS target %s specified for %s", addr,
			      op == '+' ? "addition" : "removal");
		return FALSE;
	}
	idx = ipv6_find(p, a);
	if (op == '+') {
		if (idx >= 0) {
			bond_opt_logf(log, "NS target %s is already present", addr);
			g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_DEPEND,
				    "option %s: %s is already a target", d->name, addr);
			return FALSE;
		}
		if (p->ns_targets_count == BOND_MAX_NS_TARGETS) {
			bond_opt_logf(log, "NS target table is full!");
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

/* The option @name, or NULL with @error set; @how: the flags a way of setting it needs. */
static const struct bond_opt_desc *settable(const char *name, unsigned how, GError **error)
{
	const struct bond_opt_desc *d = NULL;

	for (int i = 0; name && i < BOND_OPT_COUNT; i++)
		if (!strcmp(name, bond_opt_get(i)->name))
			d = bond_opt_get(i);
	if (!d) {
		bond_opt_set_unknown(error, name ? name : "");
		return NULL;
	}
	if (d->flags & how)
		return d;
	if (d->flags & BOND_OPT_F_NETLINK)
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_UNKNOWN,
			    "option %s: there is no sysfs file for it in Linux 6.1; it is set "
			    "through netlink (ip link set BOND type bond %s ..., NetworkManager)",
			    d->name, d->name);
	else
		g_set_error(error, BOND_OPT_ERROR, BOND_OPT_ERROR_UNKNOWN,
			    "option %s: there is no sysfs file for it; it is a module parameter "
			    "(options bonding %s=...)", d->name, d->name);
	return NULL;
}

/* One write of an option the caller's way allows: __bond_opt_set(). */
static gboolean store(struct bond_params *p, const struct bond_opt_desc *d, const char *value,
		      GPtrArray *log, GError **error)
{
	long long v;

	if (d->unsupp & BOND_MODE_BIT(p->mode)) {
		bond_opt_logf(log, "option %s: mode dependency failed, not supported in mode "
			      "%s(%d)", d->name, bond_mode_name(p->mode), p->mode);
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
		if (!bond_opt_table_parse(d, value, &v, error)) {
			bond_opt_logf(log, "option %s: invalid value (%s)", d->name, value);
			if (bond_opt_is_range(d))
				bond_opt_logf(log, "option %s: allowed values %lld - %lld", d->name,
					      bond_opt_range_min(d), bond_opt_range_max(d));
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
		if (!bond_opt_set_mac(p, d, value, error)) {
			bond_opt_logf(log, "Invalid ad_actor_system MAC address.");
			return FALSE;
		}
		break;
	}
	if (ok)
		bond_opt_mask_set(p->set_mask, d->id);
	return ok;
}

gboolean bond_opt_store(struct bond_params *p, const char *name, const char *value,
			GPtrArray *log, GError **error)
{
	const struct bond_opt_desc *d = settable(name, BOND_OPT_F_SYSFS, error);

	return d && store(p, d, value, log, error);
}

gboolean bond_opt_netlink_store(struct bond_params *p, const char *name, const char *value,
				GPtrArray *log, GError **error)
{
	const struct bond_opt_desc *d =
		settable(name, BOND_OPT_F_SYSFS | BOND_OPT_F_NETLINK, error);

	return d && store(p, d, value, log, error);
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
		bond_opt_ipv4_format(p->arp_targets[i], buf);
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
		bond_opt_logf(log, "%s", err->message);
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
