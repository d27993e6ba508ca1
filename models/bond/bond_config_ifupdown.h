/*
 * bond_config_ifupdown.h - an interfaces file as ifupdown read it, for ifenslave's hooks.
 *
 * DOC: bond_config_ifupdown.c reads /etc/network/interfaces into stanzas
 * (struct if_stanza, each with its option lines) and the lines that bring
 * interfaces up; bond_config_ifenslave.c then replays "ifup -a" with
 * ifenslave's hooks over them.  Private to those two files.
 */
#ifndef BONDSIM_BOND_CONFIG_IFUPDOWN_H
#define BONDSIM_BOND_CONFIG_IFUPDOWN_H

#include "bond_config_priv.h"

#include <string.h>

struct if_opt {
	char *key;
	char *value;
	int line;
};

struct if_stanza {
	char *dev;
	int line;
	gboolean inet;		/* family inet (the address is read from it) */
	gboolean master_twice;	/* bond-master given twice: ifenslave fails on it */
	GPtrArray *opts;	/* struct if_opt *, in file order */
};

/* An "allow-CLASS NAME" line: ifup --allow=CLASS brings NAME up. */
struct if_allow {
	char *cls;
	char *dev;
};

struct if_file {
	const char *file;
	GPtrArray *stanzas;	/* struct if_stanza *, in file order */
	GPtrArray *boot;	/* char *: auto, allow-auto and allow-hotplug names, in order */
	GPtrArray *allow;	/* struct if_allow *: every allow- line, hotplug too */
};

/* The first @key line of @st, or NULL. */
static inline const struct if_opt *if_get(const struct if_stanza *st, const char *key)
{
	for (guint i = 0; i < st->opts->len; i++) {
		const struct if_opt *o = st->opts->pdata[i];

		if (!strcmp(o->key, key))
			return o;
	}
	return NULL;
}

/* The next line of @o's option in stanza @st, or NULL. */
static inline const struct if_opt *if_next(const struct if_stanza *st, const struct if_opt *o)
{
	gboolean after = FALSE;

	for (guint i = 0; i < st->opts->len; i++) {
		const struct if_opt *x = st->opts->pdata[i];

		if (after && !strcmp(x->key, o->key))
			return x;
		after |= x == o;
	}
	return NULL;
}

/* The stanza's bond-master, unless given twice (ifenslave then fails on the slave). */
static inline const struct if_opt *if_master(const struct if_stanza *st)
{
	return st->master_twice ? NULL : if_get(st, "bond-master");
}

/*
 * The words of every @key line of @st, in order (char *): what the hook's
 * "for x in $IF_BOND_..." loops see, ifupdown having joined the lines
 * with a newline.
 */
GPtrArray *bond_conf_if_words(const struct if_stanza *st, const char *key);
/* The address of inet stanza @st (none: TRUE, *ip untouched), /N or netmask. */
gboolean bond_conf_if_address(struct bond_conf_set *s, const char *file,
			      const struct if_stanza *st, char **ip, int *prefix, GError **error);

/* A stanza the vlan package's hook makes a VLAN of (vlan-raw-device, DEV.VID, vlanVID). */
gboolean bond_conf_if_is_vlan(const struct if_stanza *st);
/* That VLAN, recorded in @s with the stanza's address; a VID or device not to be found: an error. */
gboolean bond_conf_if_vlan(struct bond_conf_set *s, const char *file, const struct if_stanza *st,
			   GError **error);

/*
 * bond_config_ifenslave.c: "ifup -a" with ifenslave 2.13's hooks: which
 * stanzas make bonds, which options reach them, in what order, which
 * slaves join; one struct tool_bond per bond created.
 */
gboolean bond_conf_ifenslave_boot(struct bond_conf_set *s, const struct if_file *f,
				  GError **error);
/* The bond-* options ifenslave's hooks read, for the refusal of an unknown one. */
char *bond_conf_ifenslave_keys(void);
/* Whether a hook reads bond-* option @key ('-' and '_' alike, as ifupdown's IF_ names). */
gboolean bond_conf_ifenslave_reads(const char *key);
/* Warnings for the bond-* options of @st that the hooks never apply. */
void bond_conf_ifenslave_unapplied(struct bond_conf_set *s, const char *file,
				   const struct if_stanza *st);

#endif /* BONDSIM_BOND_CONFIG_IFUPDOWN_H */
