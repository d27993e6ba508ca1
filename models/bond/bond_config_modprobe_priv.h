/*
 * bond_config_modprobe_priv.h - what the modprobe.d reader
 * (bond_config_modprobe.c) and the module loads at boot
 * (bond_config_modprobe_boot.c) share.
 */
#ifndef BONDSIM_BOND_CONFIG_MODPROBE_PRIV_H
#define BONDSIM_BOND_CONFIG_MODPROBE_PRIV_H

#include <glib.h>

struct conf_token {
	char *text;
	const char *file;	/* owned by the state's file list */
	int line;
};

enum mp_kind { MP_ALIAS, MP_OPTIONS, MP_INSTALL };

struct mp_dir {
	enum mp_kind kind;
	char *name;		/* alias pattern, options module, install module */
	char *target;		/* alias: module name */
	GPtrArray *args;	/* struct conf_token *: options words or install command */
	const char *file;
	int line;
};

/* A word as the kernel takes it: the double quotes gone (a fresh string). */
char *mp_unquote(const char *s);
/* An options line for the bonding module, or for an alias of it. */
gboolean mp_options_for_bonding(const struct bond_conf_state *st, const struct mp_dir *d);
/* Where the module's name stands in an install command's words, or -1. */
int mp_install_module_index(const struct mp_dir *d);
/* An install command that loads bonding (modprobe [--ignore-install] ... bonding). */
gboolean mp_install_loads_bonding(const struct mp_dir *d);

#endif
