/*
 * bond_config_networkd_priv.h - what the networkd reader
 * (bond_config_networkd.c: files, keys, their checks) and the networkd boot
 * (bond_config_networkd_boot.c: the bonds its files make) share.
 */
#ifndef BONDSIM_BOND_CONFIG_NETWORKD_PRIV_H
#define BONDSIM_BOND_CONFIG_NETWORKD_PRIV_H

#include <glib.h>

#define TOOL "systemd-networkd"

struct nd_file {
	char *name;		/* NAME.netdev or NAME.network */
	const char *file;
	int line;		/* first line */
	gboolean netdev;
	GPtrArray *entries;	/* struct keyfile_entry * */
};

enum nd_kind { ND_ENUM, ND_MSEC, ND_SEC, ND_UINT, ND_BOOL, ND_TARGETS, ND_MAC, ND_TEXT };

struct nd_key {
	const char *key;
	const char *kopt;	/* the kernel's option */
	enum nd_kind kind;
	const char *const *values;
};

/* The [Bond] keys networkd knows, NULL-terminated; what each hands the kernel. */
extern const struct nd_key nd_bond_keys[];
/* networkd's netdev_kind_table (src/network/netdev/netdev.c), NULL-terminated. */
extern const char *const nd_kinds[];

/* The sections of the other kinds' .netdev files, NULL-terminated. */
extern const char *const nd_kind_sections[];
/* [Network] keys that stack a device of another kind (VLAN=, Bridge= ...). */
extern const char *const nd_stacked_keys[];

/* "a, b, c": for the lists an error names. */
char *nd_joined(const char *const *v);
gboolean nd_in_list(const char *const *v, const char *s);
/* A systemd time span in microseconds (a bare number is seconds); FALSE if none. */
gboolean nd_timespan(const char *v, long long *usec);
/* systemd's parse_boolean(): 1, 0, or -1 when it is none. */
int nd_bool(const char *v);
/* The last assignment of @key in @section, as networkd's conf-parser leaves it. */
const struct keyfile_entry *nd_get(const struct nd_file *f, const char *section,
				   const char *key);

/* The Kind= networkd takes from .netdev @f (the first it knows), or NULL. */
const struct keyfile_entry *nd_kind(const struct nd_file *f);
/* The entries of list key @key that still count (an empty line drops those before it). */
GPtrArray *nd_list(const struct nd_file *f, const char *section, const char *key);

/* An interface and the .network file networkd configures it with. */
struct nd_link {
	char *dev;
	const struct nd_file *f;
	int line;
};

/*
 * bond_config_networkd_vlan.c: the VLANs of Kind=vlan .netdev files among
 * @files (sorted by name), made on the @links whose .network names them
 * with VLAN=, into s->vlans.
 */
struct bond_conf_set;
gboolean nd_vlans(struct bond_conf_set *s, GPtrArray *files, GPtrArray *links, GError **error);
/* The VLAN @dev recorded by nd_vlans(), or NULL. */
struct bond_conf_vlan *nd_vlan_of(struct bond_conf_set *s, const char *dev);

#endif
