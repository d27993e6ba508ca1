/*
 * bond_config_netplan_priv.h - what the netplan files share (bond_config_netplan*.c only).
 *
 * DOC: netplan's model of a bond or ethernet definition, and its table of
 * bond parameters:
 *   bond_config_netplan.c         the YAML read (libyaml) into definitions, checked
 *   bond_config_netplan_render.c  the definitions rendered at finalize as the
 *                                 networkd files / NetworkManager keyfiles
 *                                 netplan generate writes
 */
#ifndef BONDSIM_BOND_CONFIG_NETPLAN_PRIV_H
#define BONDSIM_BOND_CONFIG_NETPLAN_PRIV_H

#include "bond_config_priv.h"

#include <stddef.h>

enum np_type { NP_ETHERNET, NP_BOND, NP_VLAN };

struct np_val {
	char *key;
	char *value;
	const char *file;	/* the YAML file it was read from (kept in the state) */
	int line;
};

struct np_def {
	char id[BOND_IFNAMSIZ];
	enum np_type type;
	const char *file;
	char *yaml;		/* the YAML file's name: definitions go in its order */
	int line;
	int dhcp4;		/* -1 unset */
	int nm;			/* its renderer: 1 NetworkManager, 0 networkd, -1 the global one */
	int dhcp4_line;
	const char *dhcp4_file;
	GPtrArray *addresses;	/* struct np_val * (value only) */
	GPtrArray *interfaces;	/* struct np_val * (value only) */
	GPtrArray *params;	/* struct np_val *, canonical key (a VLAN's: id, link) */
};

enum np_kind { NP_ENUM, NP_INTERVAL, NP_SPAN, NP_UINT, NP_BOOL, NP_TARGETS, NP_PRIMARY };

struct np_param {
	const char *key;	/* netplan's spelling */
	const char *alias;	/* the older one it also takes, or NULL */
	const char *nd_key;	/* what netplan writes in networkd's [Bond] */
	const char *nm_key;	/* and in NetworkManager's [bond] */
	enum np_kind kind;
	const char *const *values;
};

/* In the order netplan writes them (write_bond_parameters()). */
extern const struct np_param bond_conf_np_params[];
extern const size_t bond_conf_np_nparams;

/* netplan's booleans: 1 true, 0 false, -1 neither */
int bond_conf_np_bool(const char *v);

#endif
