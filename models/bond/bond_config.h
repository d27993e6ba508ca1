/*
 * bond_config.h - a host's bonding configuration from the files users have.
 *
 * DOC: Input is the text of /etc/modprobe.d/ files (alias / options / install
 * lines), of RHEL network-scripts ifcfg-* files (BONDING_OPTS, MASTER,
 * SLAVE, IPADDR ...), of systemd-networkd .netdev/.network files, of
 * NetworkManager keyfiles, of netplan YAML and of Debian's /etc/network/interfaces (with
 * ifenslave's bond-* options), usually embedded in a scenario file, hence the file
 * name and first line number of each text: every error and warning reads
 * "file:line: message" with the line inside the scenario file.
 *
 * Parsing only records and checks the text.  bond_conf_finalize() then plays
 * the boot: module loads as modprobe does them (options of the module and of
 * the alias, install lines with -o, max_bonds devices named bond0, bond1 ...
 * in order of creation), bond_check_params() on each load, bonds created
 * through bonding_masters with the module's parameters, BONDING_OPTS written
 * through sysfs in the order RHEL initscripts use, slaves enslaved in the
 * order the scripts find their files; then the bonds networkd, NetworkManager
 * and ifupdown create, each with the options that tool hands the kernel
 * (bond_config_tool.c).  Bonds therefore exist only after
 * bond_conf_finalize().
 */
#ifndef BONDSIM_BOND_CONFIG_H
#define BONDSIM_BOND_CONFIG_H

#include <glib.h>

#include "bond_options.h"
#include "link/autoneg.h"

struct bond_conf {
	char name[BOND_IFNAMSIZ];
	struct bond_params params;
	GPtrArray *slaves;	/* char *, in the order they are enslaved */
	char *ipaddr;		/* dotted quad, or NULL */
	int prefix;		/* 0 when ipaddr is NULL */
	char *file;		/* where the bond was defined ... */
	int line;		/* ... (ifcfg DEVICE line, or the modprobe.d line) */
	GHashTable *set_at;	/* option name -> "file:line" of the module parameter
				 * or BONDING_OPTS word that set it last, NULL until one */
};

struct bond_conf_state;	/* what the parsers recorded (bond_config_priv.h) */

/*
 * A NIC's speed, duplex and autonegotiation as a file sets them (ifcfg's
 * ETHTOOL_OPTS, a keyfile's [ethernet], ifupdown's link-speed ...), with
 * the meaning ethtool -s gives its words: the scenario's host applies it.
 */
struct bond_conf_link {
	char *nic;
	struct autoneg_cfg an;
	char *words;		/* as ethtool -s would take them: "speed 100 duplex full autoneg off" */
	char *what;		/* what set them, for messages: "ETHTOOL_OPTS" */
	const char *file;	/* where it was set (the set keeps the name) ... */
	int line;		/* ... the line of its first word */
};

/*
 * A VLAN device a file asks for (netplan's vlans:, an ifcfg file with
 * VLAN=yes, a networkd .netdev of Kind=vlan, an ifupdown stanza bond0.100
 * or with vlan-raw-device, a keyfile of type vlan): the scenario's host
 * creates it on @link after the bonds, and puts @ipaddr on it.
 */
struct bond_conf_vlan {
	char name[BOND_IFNAMSIZ];
	char *link;		/* the device it is on: a NIC or a bond of the host */
	unsigned id;		/* 1-4094, checked by the parser */
	char *ipaddr;		/* dotted quad, or NULL */
	int prefix;		/* 0 when ipaddr is NULL */
	char *file;		/* where it was defined ... */
	int line;		/* ... */
};

struct bond_conf_set {
	GPtrArray *bonds;	/* struct bond_conf *, in creation order */
	GPtrArray *vlans;	/* struct bond_conf_vlan *, in the order the files define them */
	GPtrArray *warnings;	/* char *, "file:line: text": how a file was read */
	GPtrArray *kernel;	/* char *, "file:line: text": what the kernel prints
				 * (a module load, a sysfs write), at the line
				 * that caused it */
	GPtrArray *repeated;	/* char *, "file:line: <module>: text": a parameter given
				 * again, which the kernel takes without a word */
	GPtrArray *links;	/* struct bond_conf_link *, one per NIC, in file order */
	struct bond_conf_state *state;
	/* The host's NICs (NULL-terminated), which name globs are matched
	 * against ([Match] Name=en* in a .network file); NULL: not known. */
	const char *const *nics;
};

#define BOND_CONF_ERROR bond_conf_error_quark()
GQuark bond_conf_error_quark(void);

enum bond_conf_error {
	BOND_CONF_ERROR_SYNTAX,		/* the text cannot be read */
	BOND_CONF_ERROR_NAME,		/* missing, bad or duplicate interface name */
	BOND_CONF_ERROR_SLAVE,		/* slave of a missing bond, enslaved twice ... */
	BOND_CONF_ERROR_ADDRESS,	/* IPADDR / NETMASK / PREFIX */
	BOND_CONF_ERROR_STATE,		/* finalize called twice */
};
/* Option errors keep the BOND_OPT_ERROR domain and code, with "file:line: " in front. */

struct bond_conf_set *bond_conf_set_new(void);
void bond_conf_set_free(struct bond_conf_set *s);
/* Where option @opt of @b was set by the module or BONDING_OPTS ("file:line"), or NULL. */
const char *bond_conf_set_at(const struct bond_conf *b, const char *opt);

gboolean bond_conf_parse_modprobe(struct bond_conf_set *s, const char *text, const char *file,
				  int first_line, GError **error);
/* ifname_or_NULL: the NAME of ifcfg-NAME, or NULL to go by DEVICE= */
gboolean bond_conf_parse_ifcfg(struct bond_conf_set *s, const char *ifname_or_NULL,
			       const char *text, const char *file, int first_line,
			       GError **error);
/* name: the file's name, NAME.netdev or NAME.network (systemd-networkd), or NAME.link (udev's) */
gboolean bond_conf_parse_networkd(struct bond_conf_set *s, const char *name, const char *text,
				  const char *file, int first_line, GError **error);
/* /etc/network/interfaces of Debian's ifupdown, with ifenslave's bond-* options */
gboolean bond_conf_parse_interfaces(struct bond_conf_set *s, const char *text, const char *file,
				    int first_line, GError **error);
/* name: the keyfile's name (bond0.nmconnection), for messages */
gboolean bond_conf_parse_nm(struct bond_conf_set *s, const char *name, const char *text,
			    const char *file, int first_line, GError **error);
/* name: the YAML file's name (01-netcfg.yaml): files merge in name order, as in /etc/netplan */
gboolean bond_conf_parse_netplan(struct bond_conf_set *s, const char *name, const char *text,
				 const char *file, int first_line, GError **error);
/*
 * Any of the above by name: @format is modprobe, ifcfg, networkd, nm, interfaces or
 * netplan; @name the file's name where the format needs one (ifcfg: the NAME of
 * ifcfg-NAME, or NULL).
 */
gboolean bond_conf_parse_format(struct bond_conf_set *s, const char *format, const char *name,
				const char *text, const char *file, int first_line,
				GError **error);
extern const char *const bond_conf_formats[];	/* NULL-terminated */
gboolean bond_conf_finalize(struct bond_conf_set *s, GError **error);
/*
 * udev's .link files ("networkd NAME.link") onto the host's @n NICs @nics
 * with their MAC addresses @macs: each NIC takes the first file in name
 * order whose [Match] holds, its speed, duplex and autonegotiation landing
 * in s->links as the other files' do.  Before bond_conf_finalize().
 */
gboolean bond_conf_link_files_apply(struct bond_conf_set *s, guint n, const char *const *nics,
				    const guint8 (*macs)[6], GError **error);
/*
 * After finalize: where a network tool (networkd, netplan's networkd,
 * NetworkManager, ifupdown) set option @opt of @bond: the file, and *line;
 * NULL when no tool did (the module's parameters or an ifcfg file).  *tool
 * (if not NULL) is set to the tool that made the bond, if one did.
 */
const char *bond_conf_origin(const struct bond_conf_set *s, const char *bond, const char *opt,
			     int *line, const char **tool);

struct bond_conf *bond_conf_find(const struct bond_conf_set *s, const char *name);
/* Record a VLAN device (copies every string); NULL when @name is one already. */
struct bond_conf_vlan *bond_conf_vlan_add(struct bond_conf_set *s, const char *name,
					  const char *link, unsigned id, const char *file, int line);
/* What the files set for NIC @nic's link, or NULL. */
const struct bond_conf_link *bond_conf_link_find(const struct bond_conf_set *s, const char *nic);

#endif /* BONDSIM_BOND_CONFIG_H */
