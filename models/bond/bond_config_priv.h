/*
 * bond_config_priv.h - what the bond_config*.c files share.
 *
 * DOC: struct bond_conf_state is what the parsers recorded: the modprobe.d
 * lines (struct mp_dir, private to bond_config_modprobe.c) and the ifcfg
 * files (struct ifcfg, bond_config_ifcfg_priv.h), plus what the boot
 * has done so far (module instances loaded, the "bonding" instance's
 * parameters).  Each file exports to the others only the steps the boot
 * needs from it; see bond_config.c for the order they run in.
 */
#ifndef BONDSIM_BOND_CONFIG_PRIV_H
#define BONDSIM_BOND_CONFIG_PRIV_H

#include <stdbool.h>
#include "bond_config.h"

struct mp_dir;		/* one alias, options or install line (bond_config_modprobe.c) */

struct bond_conf_state {
	GPtrArray *files;	/* char *: file names the tokens point to */
	GPtrArray *mp;		/* struct mp_dir *, in file order */
	GPtrArray *ifcfgs;	/* struct ifcfg * */
	GPtrArray *tools;	/* struct tool_bond *: networkd, ifupdown, in boot order */
	GPtrArray *networkd;	/* struct nd_file *: networkd files (bond_config_networkd.c) */
	GPtrArray *link_files;	/* struct nd_file *: udev's .link files (bond_config_link.c) */
	GPtrArray *nm;		/* struct nm_file *: NetworkManager keyfiles (bond_config_nm.c) */
	GPtrArray *netplan;	/* struct np_def *: netplan definitions (bond_config_netplan.c) */
	int netplan_nm;		/* network: renderer: of the last file in name order naming
				 * one (netplan's global backend): 1 NetworkManager,
				 * 0 networkd, -1 none */
	char *netplan_nm_file;	/* that file's name */
	GHashTable *loaded;	/* module instances loaded so far */
	struct bond_params defaults;	/* bonding_defaults of the "bonding" instance */
	struct bond_conf *defaults_from;	/* a bond that load made, for where each
						 * of its parameters was set; NULL when none */
	GPtrArray *default_toks;	/* const struct conf_token *: the options of a load
					 * that made no bond, for where each was set */
	gboolean have_defaults;
	gboolean systemd_conf;	/* the load a tool asks for: systemd's max_bonds=0 last */
	gboolean finalized;
};

/* bond_config.c: the set and its bonds */
void bond_conf_warn(struct bond_conf_set *s, const char *file, int line, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);
void bond_conf_kernel(struct bond_conf_set *s, const char *file, int line, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);
const char *bond_conf_keep_file(struct bond_conf_state *st, const char *file);
int bond_conf_netscripts_cmp(const char *a, const char *b);
struct bond_conf *bond_conf_new(struct bond_conf_set *s, const char *name,
				const struct bond_params *p, const char *file, int line);
/* @opt (any spelling bond_opt_lookup() knows) of @b was set at @file:@line. */
void bond_conf_note_set_at(struct bond_conf *b, const char *opt, const char *file, int line);
/*
 * NIC @nic's speed, duplex and autoneg from @words as ethtool -s takes them
 * (autoneg_parse_ethtool()), set by @what ("ETHTOOL_OPTS") at @file:@line;
 * a bad value, or a NIC another file set already, is a file:line error.
 */
gboolean bond_conf_link_add(struct bond_conf_set *s, const char *nic, const char *words,
			    const char *what, const char *file, int line, GError **error);
/* The same with the settings made already; @words only describes them. */
gboolean bond_conf_link_add_cfg(struct bond_conf_set *s, const char *nic,
				const struct autoneg_cfg *an, const char *words, const char *what,
				const char *file, int line, GError **error);
/* A bond made with the module's parameters (rtnl_newlink, bonding_masters). */
struct bond_conf *bond_conf_new_default(struct bond_conf_set *s, const char *name,
					const char *file, int line);
/* A bond with the kernel's own defaults, whatever the module was loaded with. */
struct bond_conf *bond_conf_new_plain(struct bond_conf_set *s, const char *name,
				      const char *file, int line);

/* bond_config_modprobe.c: modprobe.d lines and module loads */
void bond_conf_mp_dir_free(gpointer data);
const char *bond_conf_alias_target(const struct bond_conf_state *st, const char *name);
const struct mp_dir *bond_conf_install_for(const struct bond_conf_state *st, const char *name);
gboolean bond_conf_modprobe(struct bond_conf_set *s, const char *name, const char *file,
			    int line, GError **error);
gboolean bond_conf_boot_modprobe(struct bond_conf_set *s, GError **error);
/* The module loaded as networkd, NetworkManager and ifenslave load it, if it is not yet. */
gboolean bond_conf_modprobe_for_tool(struct bond_conf_set *s, const char *file, int line,
				     GError **error);
/* Where each module option of @toks was set, noted on @b (the last word of a name wins). */
void bond_conf_note_module_opts(struct bond_conf *b, GPtrArray *toks);

/* bond_config_ifcfg.c: ifcfg files; bond_config_ifcfg_boot.c: their ifup */
void bond_conf_ifcfg_free(gpointer data);
gboolean bond_conf_ifcfg_roles(struct bond_conf_set *s, GPtrArray *masters, GPtrArray *slaves,
			       GError **error);
gboolean bond_conf_boot_ifcfg(struct bond_conf_set *s, GPtrArray *masters, GPtrArray *slaves,
			      GError **error);

/* bond_config_tool.c: bonds a network tool creates and configures option by option */
struct tool_opt {
	char *name;		/* the kernel's option name */
	char *value;		/* as the tool hands it to the kernel */
	const char *file;
	int line;
};

struct tool_slave {
	char *dev;
	const char *file;
	int line;
};

struct tool_bond {
	char name[BOND_IFNAMSIZ];
	const char *tool;	/* "systemd-networkd", "ifupdown" */
	const char *file;
	int line;
	GPtrArray *opts;	/* struct tool_opt *, in file order */
	GPtrArray *slaves;	/* struct tool_slave *, in the order they are enslaved */
	char *ipaddr;
	int prefix;
	const char *down;	/* not brought up at boot: why (a warning) */
	gboolean fresh_only;	/* refuse a bond that already exists */
	gboolean netlink;	/* options go in one RTM_NEWLINK: a refused one fails it all */
	gboolean own_defaults;	/* NetworkManager: every option it knows is sent, its default
				 * where the file is silent: no module parameter shows */
	gboolean in_order;	/* written in the order given (ifenslave's hook), not ranked */
};

/*
 * One line of a systemd or NetworkManager key file (already stripped): a
 * blank line or a comment ('#', and ';' when @semicolon) is SKIP; "[Name]"
 * makes *section Name (SECTION); "Key=Value" inside a section is cut in
 * place into *key and *value (ENTRY).  Anything else is a file:line error
 * saying what to write: @header ("[Bond]"), @pair ("Key=Value"), @example
 * ("[Bond] then Mode=802.3ad").
 */
enum keyfile_line { KEYFILE_ERROR, KEYFILE_SKIP, KEYFILE_SECTION, KEYFILE_ENTRY };
enum keyfile_line bond_conf_keyfile_line(char *l, bool semicolon, char **section, char **key,
					 char **value, const char *file, int line,
					 const char *header, const char *pair,
					 const char *example, GError **error);

/*
 * One Key=Value of a key file, with its [Section] and line.  @file is NULL
 * for a line of the key file itself; a file written by another tool
 * (netplan) from several sources names the one this line came from.
 */
struct keyfile_entry {
	char *section;
	char *key;
	char *value;
	int line;
	const char *file;
};
/* "file, line" of entry @e of key file @f (an nd_file or nm_file), for "%s:%d". */
#define KF_AT(f, e) ((e)->file ? (e)->file : (f)->file), (e)->line
struct keyfile_entry *bond_conf_keyfile_entry_new(const char *section, const char *key,
						  const char *value, int line);
void bond_conf_keyfile_entry_free(gpointer data);
/*
 * Every line of @text (its first line @first_line of @file) through
 * bond_conf_keyfile_line(): each entry is added to @entries, then given to
 * @check, so the first bad line in file order is the one reported.
 */
typedef gboolean (*keyfile_check_fn)(const struct keyfile_entry *e, void *data, GError **error);
gboolean bond_conf_keyfile_read(const char *text, int first_line, const char *file,
				bool semicolon, const char *header, const char *pair,
				const char *example, GPtrArray *entries, keyfile_check_fn check,
				void *data, GError **error);
void bond_conf_tool_bond_free(gpointer data);
struct tool_bond *bond_conf_tool_bond(struct bond_conf_state *st, const char *tool,
				      const char *name, const char *file, int line);
void bond_conf_tool_opt(struct tool_bond *b, const char *name, const char *value,
			const char *file, int line);
void bond_conf_tool_slave(struct tool_bond *b, const char *dev, const char *file, int line);
gboolean bond_conf_tool_check(const char *name, const char *value, const char *file, int line,
			      GError **error);
gboolean bond_conf_boot_tools(struct bond_conf_set *s, GError **error);

/* bond_config_networkd.c: .netdev and .network files, read at finalize */
void bond_conf_networkd_free(gpointer data);
gboolean bond_conf_networkd_bonds(struct bond_conf_set *s, GError **error);
/* A systemd time span ("100ms", "1s 500ms", a bare number being seconds) in µs. */
gboolean bond_conf_timespan(const char *text, long long *usec);
/* A networkd file written by another tool (netplan), its lines pointing into @file. */
struct nd_file *bond_conf_networkd_add(struct bond_conf_state *st, const char *name,
				       const char *file, int line);
/* The networkd file named @name (10-netplan-bond0.network), or NULL. */
struct nd_file *bond_conf_networkd_find(struct bond_conf_state *st, const char *name);
/* One Key=Value of it, checked as if typed there. */
gboolean bond_conf_networkd_set(struct nd_file *f, const char *section, const char *key,
				const char *value, const char *file, int line, GError **error);

/* bond_config_link.c: udev's .link files, as "networkd NAME.link" */
gboolean bond_conf_parse_link(struct bond_conf_set *s, const char *name, const char *text,
			      const char *file, int first_line, GError **error);

/* bond_config_netplan.c: netplan YAML; bond_config_netplan_render.c: rendered as
 * networkd files or NetworkManager keyfiles at finalize */
struct np_def;
void bond_conf_np_def_free(gpointer data);
gboolean bond_conf_netplan_render(struct bond_conf_set *s, GError **error);

/* bond_config_nm.c: NetworkManager keyfiles, read at finalize */
void bond_conf_nm_free(gpointer data);
gboolean bond_conf_nm_bonds(struct bond_conf_set *s, GError **error);
/* A keyfile written by another tool (netplan), its lines pointing into @file. */
struct nm_file *bond_conf_nm_add(struct bond_conf_state *st, const char *name, const char *file,
				 int line);
/* One key=value of it, checked as if typed there. */
gboolean bond_conf_nm_set(struct bond_conf_set *s, struct nm_file *f, const char *section,
			  const char *key, const char *value, const char *file, int line,
			  GError **error);

/* bond_config_vlan.c: what the formats' VLAN devices share */
#define BOND_CONF_VLAN_IDS "a whole number from 1 to 4094"
/* @text a VLAN id, 1-4094 (digits only). */
gboolean bond_conf_vlan_id(const char *text, unsigned *id);
/* "DEV.VID" (bond0.100, eth0.0100): *link (g_free it) and *id; FALSE for another name. */
gboolean bond_conf_vlan_split(const char *name, char **link, unsigned *id);
/* "vlanVID" (vlan100, vlan0100): *id; FALSE for another name. */
gboolean bond_conf_vlan_number(const char *name, unsigned *id);
/*
 * VLAN @name on @link with VID @id and the address @ipaddr/@prefix (NULL:
 * none), defined at @file:@line: a name that is no interface name, is its
 * own device or was defined already is a file:line error.
 */
struct bond_conf_vlan *bond_conf_vlan_record(struct bond_conf_set *s, const char *name,
					     const char *link, unsigned id, const char *ipaddr,
					     int prefix, const char *file, int line,
					     GError **error);

/* After the boot: a VLAN on a bond's slave is a file:line error. */
gboolean bond_conf_vlans_check(const struct bond_conf_set *s, GError **error);

/* A dotted quad with an optional /N (none: the given default), checked. */
gboolean bond_conf_parse_addr(const char *text, int no_prefix, char **ip, int *prefix);

#endif /* BONDSIM_BOND_CONFIG_PRIV_H */
