/*
 * bond_config_ifcfg_priv.h - an ifcfg file as bond_config_ifcfg.c read it,
 * for bond_config_ifcfg_boot.c to bring up.
 */
#ifndef BONDSIM_BOND_CONFIG_IFCFG_PRIV_H
#define BONDSIM_BOND_CONFIG_IFCFG_PRIV_H

#include "bond_config_priv.h"

struct ifcfg_var {
	char *value;
	int line;
};

struct ifcfg {
	char *ifname;		/* the device (DEVICE=, else the file's name) */
	char *fname;		/* "ifcfg-NAME", for the glob order */
	const char *file;
	int line;		/* DEVICE= line, or the first line */
	GHashTable *vars;	/* char * -> struct ifcfg_var * */
};

/* The value of @key (NULL: not set), its line into *@line (the file's when not set). */
static inline const char *ifcfg_get(const struct ifcfg *c, const char *key, int *line)
{
	const struct ifcfg_var *v = g_hash_table_lookup(c->vars, key);

	if (line)
		*line = v ? v->line : c->line;
	return v ? v->value : NULL;
}

#endif
