/* SPDX-License-Identifier: MIT */
/*
 * bond_options_priv.h - what the option files share; not part of the API
 *
 * The option code is split by job around the one table:
 *
 *   bond_options.c       the table, lookup, names, defaults, text
 *   bond_opt_parse.c     value parsers, bond_opt_set(), module lines
 *   bond_params_check.c  module load: bond_check_params()
 *   bond_opt_store.c     sysfs writes: __bond_opt_set(), BONDING_OPTS
 *
 * These are the helpers more than one of them needs.
 */
#ifndef BONDSIM_BOND_OPTIONS_PRIV_H
#define BONDSIM_BOND_OPTIONS_PRIV_H

#include "bond_options.h"

#include <stdint.h>

/* The ARP monitor exists in every mode but 802.3ad, tlb and alb. */
static inline gboolean bond_opt_mode_uses_arp(int mode)
{
	return mode != BOND_MODE_8023AD && mode != BOND_MODE_TLB && mode != BOND_MODE_ALB;
}

/* set_mask and the modline masks: one bit per option id. */
static inline void bond_opt_mask_set(uint32_t *mask, int bit)
{
	mask[bit / 32] |= 1u << (bit % 32);
}

static inline void bond_opt_mask_clear(uint32_t *mask, int bit)
{
	mask[bit / 32] &= ~(1u << (bit % 32));
}

static inline gboolean bond_opt_mask_test(const uint32_t *mask, int bit)
{
	return (mask[bit / 32] >> (bit % 32)) & 1u;
}

/* The int of struct bond_params that holds a numeric option. */
static inline int *bond_opt_int_field(struct bond_params *p, const struct bond_opt_desc *d)
{
	return (int *)(void *)((char *)p + d->field);
}

/* bond_options.c */
void bond_opt_logf(GPtrArray *log, const char *fmt, ...) G_GNUC_PRINTF(2, 3); /* log: NULL ok */
gboolean bond_opt_is_range(const struct bond_opt_desc *d);	/* has a MAX row */
long long bond_opt_range_min(const struct bond_opt_desc *d);
long long bond_opt_range_max(const struct bond_opt_desc *d);
char *bond_opt_valid_values_text(const struct bond_opt_desc *d);	/* g_free() */
void bond_opt_set_unknown(GError **error, const char *name);	/* with "did you mean" */

/* bond_opt_parse.c */
gboolean bond_opt_table_parse(const struct bond_opt_desc *d, const char *text, long long *out,
			      GError **error);
gboolean bond_opt_ipv4_parse(const char *s, uint32_t *be);
void bond_opt_ipv4_format(uint32_t be, char buf[16]);
gboolean bond_opt_ipv4_target_ok(uint32_t be);
int bond_opt_ipv4_find(const struct bond_params *p, uint32_t be);	/* index or -1 */
gboolean bond_opt_ipv6_parse_target(const struct bond_opt_desc *d, const char *s, uint8_t a[16],
				    GError **error);
gboolean bond_opt_set_mac(struct bond_params *p, const struct bond_opt_desc *d,
			  const char *value, GError **error);

#endif /* BONDSIM_BOND_OPTIONS_PRIV_H */
