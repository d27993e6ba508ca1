/* SPDX-License-Identifier: MIT */
/*
 * bond_options.h - the bonding option table and struct bond_params
 *
 * One static table (bond_options.c) describes every option of the Linux
 * bonding driver: name, value rows (name <-> number, with DEFAULT/MIN/MAX
 * rows for numeric ranges, as the kernel's bond_opt_value), the modes where
 * it has an effect, the modes where the kernel refuses it at run time, and
 * how it may be given (module parameter, sysfs).  Parsing, validation,
 * defaults, the /proc-style names and the --list-options text all come from
 * that table.
 *
 * Three ways of setting options, because the kernel has three:
 *
 *   bond_params_parse() + bond_params_finalize()
 *	an "options bonding ..." line: module parameters, resolved once at
 *	module load by the kernel's bond_check_params() with its warnings,
 *	resets and (sometimes) load failures.
 *   bond_opt_store() / bond_params_apply()
 *	writes to /sys/class/net/bondN/bonding/<opt> on an existing bond that
 *	is down and has no slaves (what RHEL initscripts do with
 *	BONDING_OPTS): the kernel's __bond_opt_set(), with mode dependency
 *	checks and the side effects of each setter.
 *   bond_opt_set()
 *	a plain table-checked assignment (names or numbers, ranges), no mode
 *	logic: for programmatic use and the CLI.
 *
 * Reference: Linux 6.1 (bond_check_params() in bond_main.c,
 * bond_opts[] in bond_options.c, Documentation/networking/bonding.rst).
 */
#ifndef BONDSIM_BOND_OPTIONS_H
#define BONDSIM_BOND_OPTIONS_H

#include <stdint.h>
#include <stdio.h>
#include <glib.h>

enum bond_mode {
	BOND_MODE_ROUNDROBIN = 0,
	BOND_MODE_ACTIVEBACKUP = 1,
	BOND_MODE_XOR = 2,
	BOND_MODE_BROADCAST = 3,
	BOND_MODE_8023AD = 4,
	BOND_MODE_TLB = 5,
	BOND_MODE_ALB = 6,
};

#define BOND_MODE_COUNT		7
#define BOND_MODE_BIT(m)	(1u << (m))
#define BOND_MODES_ALL		0x7fu

#define BOND_MAX_ARP_TARGETS	16
#define BOND_MAX_NS_TARGETS	16
#define BOND_IFNAMSIZ		16	/* IFNAMSIZ: names are at most 15 characters */
#define BOND_DEFAULT_MIIMON	100	/* what the kernel forces for 802.3ad/tlb/alb */

/* Option identifiers; also the bit numbers of bond_params.set_mask. */
enum bond_opt_id {
	BOND_OPT_MODE,
	BOND_OPT_MIIMON,
	BOND_OPT_UPDELAY,
	BOND_OPT_DOWNDELAY,
	BOND_OPT_PEER_NOTIF_DELAY,
	BOND_OPT_USE_CARRIER,
	BOND_OPT_ARP_INTERVAL,
	BOND_OPT_ARP_IP_TARGET,
	BOND_OPT_NS_IP6_TARGET,
	BOND_OPT_ARP_VALIDATE,
	BOND_OPT_ARP_ALL_TARGETS,
	BOND_OPT_ARP_MISSED_MAX,
	BOND_OPT_PRIMARY,
	BOND_OPT_PRIMARY_RESELECT,
	BOND_OPT_FAIL_OVER_MAC,
	BOND_OPT_NUM_GRAT_ARP,
	BOND_OPT_NUM_UNSOL_NA,
	BOND_OPT_PACKETS_PER_SLAVE,
	BOND_OPT_XMIT_HASH_POLICY,
	BOND_OPT_ALL_SLAVES_ACTIVE,
	BOND_OPT_RESEND_IGMP,
	BOND_OPT_LACP_RATE,
	BOND_OPT_LACP_ACTIVE,
	BOND_OPT_AD_SELECT,
	BOND_OPT_AD_ACTOR_SYS_PRIO,
	BOND_OPT_AD_ACTOR_SYSTEM,
	BOND_OPT_AD_USER_PORT_KEY,
	BOND_OPT_MIN_LINKS,
	BOND_OPT_TLB_DYNAMIC_LB,
	BOND_OPT_LP_INTERVAL,
	BOND_OPT_MAX_BONDS,
	BOND_OPT_TX_QUEUES,
	BOND_OPT_COUNT
};

/* Values of the enumerated options (numbers as the kernel's). */
enum bond_opt_arp_validate {
	BOND_OPT_ARP_VALIDATE_NONE = 0,
	BOND_OPT_ARP_VALIDATE_ACTIVE = 1,
	BOND_OPT_ARP_VALIDATE_BACKUP = 2,
	BOND_OPT_ARP_VALIDATE_ALL = 3,
	BOND_OPT_ARP_FILTER = 4,
	BOND_OPT_ARP_FILTER_ACTIVE = 5,
	BOND_OPT_ARP_FILTER_BACKUP = 6,
};

enum bond_opt_primary_reselect {
	BOND_OPT_PRI_RESELECT_ALWAYS = 0,
	BOND_OPT_PRI_RESELECT_BETTER = 1,
	BOND_OPT_PRI_RESELECT_FAILURE = 2,
};

enum bond_opt_fail_over_mac {
	BOND_OPT_FOM_NONE = 0,
	BOND_OPT_FOM_ACTIVE = 1,
	BOND_OPT_FOM_FOLLOW = 2,
};

enum bond_opt_ad_select {
	BOND_OPT_AD_STABLE = 0,
	BOND_OPT_AD_BANDWIDTH = 1,
	BOND_OPT_AD_COUNT = 2,
};

/* Longest value text kept for messages about a bad module parameter. */
#define BOND_OPT_RAW_LEN	48
#define BOND_OPT_RAW_LIST_LEN	512

/*
 * What an "options bonding" line left for module load: the kernel parses
 * most string parameters only inside bond_check_params(), and only when they
 * matter (lacp_rate outside 802.3ad is never parsed), so a bad value is kept
 * as text until bond_params_finalize() decides whether it is an error.
 */
struct bond_params_modline {
	uint32_t given[2];	/* given on the module line (bit = option id) */
	uint32_t bad[2];	/* string value that matched no table row */
	uint32_t ignored[2];	/* a bonding option but not a module parameter */
	char text[BOND_OPT_COUNT][BOND_OPT_RAW_LEN];	/* the bad values */
	char arp_ip_target[BOND_OPT_RAW_LIST_LEN];	/* the list as given */
	int finalized;		/* bond_params_finalize() has run once */
};

struct bond_params {
	int mode;
	int miimon;			/* ms */
	int updelay;			/* ms, as the kernel shows it: ticks * miimon */
	int downdelay;			/* ms */
	int peer_notif_delay;		/* ms; 0 means "one miimon" */
	int use_carrier;
	int arp_interval;		/* ms */
	uint32_t arp_targets[BOND_MAX_ARP_TARGETS];	/* network byte order */
	int arp_targets_count;
	uint8_t ns_targets[BOND_MAX_NS_TARGETS][16];	/* IPv6, network order */
	int ns_targets_count;
	int arp_validate;
	int arp_all_targets;
	int arp_missed_max;
	char primary[BOND_IFNAMSIZ];
	int primary_reselect;
	int fail_over_mac;
	int num_peer_notif;		/* num_grat_arp and num_unsol_na */
	int packets_per_slave;
	int xmit_policy;
	int all_slaves_active;
	int resend_igmp;
	int lacp_rate;			/* 0 slow, 1 fast (the kernel's lacp_fast) */
	int lacp_active;
	int ad_select;
	int ad_actor_sys_prio;
	uint8_t ad_actor_system[6];
	int ad_user_port_key;
	int min_links;
	int tlb_dynamic_lb;
	int lp_interval;		/* seconds */
	int tx_queues;
	int max_bonds;
	uint32_t set_mask[2];	/* options given explicitly (bit = option id) */

	/*
	 * The kernel keeps the three delays as multiples of miimon, so a later
	 * change of miimon rescales them (and a delay given while miimon was
	 * 0 is kept raw).  Valid after bond_params_finalize(); maintained by
	 * bond_opt_store().
	 */
	int updelay_ticks;
	int downdelay_ticks;
	int peer_notif_ticks;

	int failed_opt;		/* option behind the last finalize error, or -1 */
	struct bond_params_modline modline;
};

/* Error domain of every function here. */
#define BOND_OPT_ERROR bond_opt_error_quark()
GQuark bond_opt_error_quark(void);

enum bond_opt_error {
	BOND_OPT_ERROR_UNKNOWN,	/* no such option */
	BOND_OPT_ERROR_INVALID,	/* value matches no name / not a number / bad address */
	BOND_OPT_ERROR_RANGE,	/* number outside the option's range */
	BOND_OPT_ERROR_MODE,	/* not supported in the bond's mode */
	BOND_OPT_ERROR_DEPEND,	/* refused because of another option (delay without miimon,
				 * arp_validate without arp_interval, duplicate target) */
};

/* A row of an option's value table, as the kernel's struct bond_opt_value. */
#define BOND_OPT_VAL_DEFAULT	0x1u
#define BOND_OPT_VAL_MIN	0x2u
#define BOND_OPT_VAL_MAX	0x4u

struct bond_opt_value {
	const char *name;
	long long value;
	unsigned int flags;
};

/* How a value is written. */
enum bond_opt_type {
	BOND_OPT_T_NUMBER,	/* number or name from the value table */
	BOND_OPT_T_IPV4_LIST,	/* arp_ip_target */
	BOND_OPT_T_IPV6_LIST,	/* ns_ip6_target */
	BOND_OPT_T_IFNAME,	/* primary */
	BOND_OPT_T_MAC,		/* ad_actor_system */
};

/* How the option is declared as a module parameter (module_param() type). */
enum bond_opt_modparam {
	BOND_OPT_MP_NONE,	/* not a module parameter: "unknown parameter ... ignored" */
	BOND_OPT_MP_INT,
	BOND_OPT_MP_UINT,
	BOND_OPT_MP_CHARP,	/* string resolved through the value table */
	BOND_OPT_MP_ARRAY,	/* comma separated strings (arp_ip_target) */
};

#define BOND_OPT_F_SYSFS	0x1u	/* exists under /sys/class/net/bondN/bonding */
#define BOND_OPT_F_IFDOWN	0x2u	/* kernel: only while the bond is down */
#define BOND_OPT_F_NOSLAVES	0x4u	/* kernel: only while the bond has no slaves */
/* How the kernel's show function prints it (bond_sysfs.c): by default "%d\n"; */
#define BOND_OPT_F_SHOW_NAME	0x8u	/* "<name> <number>\n", e.g. "802.3ad 4" */
#define BOND_OPT_F_SHOW_3AD	0x10u	/* only in 802.3ad, an empty file elsewhere */
/* Set through netlink only (ip link, NetworkManager): Linux 6.1 has no
 * sysfs file and no module parameter for it. */
#define BOND_OPT_F_NETLINK	0x20u

struct bond_opt_desc {
	enum bond_opt_id id;
	const char *name;
	const char *desc;
	const char *unit;		/* "ms", "s" or NULL */
	unsigned int modes;		/* modes where it has an effect (BOND_MODE_BIT) */
	unsigned int unsupp;		/* modes where sysfs refuses it (kernel unsuppmodes) */
	unsigned int flags;		/* BOND_OPT_F_* */
	enum bond_opt_type type;
	enum bond_opt_modparam modparam;
	const struct bond_opt_value *values;	/* NULL for non-numeric options */
	size_t field;			/* offset of the int in struct bond_params */
};

/* The table. */
const struct bond_opt_desc *bond_opt_get(enum bond_opt_id id);	/* NULL past the end */
const struct bond_opt_desc *bond_opt_lookup(const char *name);	/* '-' counts as '_' */
const char *bond_opt_nearest(const char *bad_name);	/* "did you mean", or NULL */
gboolean bond_opt_applies(enum bond_opt_id id, int mode);	/* has an effect in mode */
const struct bond_opt_value *bond_opt_default(const struct bond_opt_desc *d); /* DEFAULT row */

/* Names. */
const char *bond_mode_name(int mode);	/* "balance-rr", or "unknown" */
const char *bond_mode_desc(int mode);	/* the kernel's "load balancing (round-robin)" */
/* ("xmit_hash_policy", 1) -> "layer3+4"; NULL for numeric options and unknown values */
const char *bond_opt_value_name(const char *opt_name, int value);

/* What bond_check_params() yields with no module parameter (miimon 0, mode 0 ...). */
void bond_params_init(struct bond_params *p);
gboolean bond_params_is_set(const struct bond_params *p, enum bond_opt_id id);

/*
 * Plain assignment through the table: a name or a number, range checked,
 * lists for arp_ip_target / ns_ip6_target ("a,b"), "" clears them.  No mode
 * check and no side effect on other options.  Errors: UNKNOWN, INVALID, RANGE.
 */
gboolean bond_opt_set(struct bond_params *p, const char *name, const char *value,
		      GError **error);

/*
 * Module parameters, e.g. "mode=4 miimon=100 arp_ip_target=10.0.0.1,10.0.0.2":
 * bond_params_parse() does what parse_args() would (ints must parse, at most
 * 16 targets, quotes as the kernel's next_arg()), refusing names that are no
 * bonding option at all (UNKNOWN with a suggestion: a scenario's own
 * "options bond0 = ..." key is checked so; files go through
 * bond_params_parse_module(), as the kernel).  Bonding options that are not module
 * parameters (lacp_active, ad_actor_sys_prio ...) are noted and reported by
 * finalize with the kernel's "unknown parameter 'X' ignored".
 * bond_params_finalize() then replays bond_check_params(): warnings (kernel
 * log texts, without the "bonding: " prefix) are appended to warnings (may be
 * NULL); a load failure returns FALSE, logs the kernel's error line and sets
 * failed_opt.  Only what was parsed since the last finalize is treated, so
 * finalizing again (after more module words, or on params changed through
 * sysfs) repeats no message and undoes nothing.
 */
gboolean bond_params_parse(struct bond_params *p, const char *line, GError **error);
/*
 * The same line as the module loader takes it (modprobe.d, install lines):
 * names that are no bonding module parameter, unknown or sysfs-only, are
 * ignored and appended to @ignored (may be NULL), in order, for the caller
 * to log as "<module>: unknown parameter 'NAME' ignored"; finalize does not
 * report them again.
 */
gboolean bond_params_parse_module(struct bond_params *p, const char *line, GPtrArray *ignored,
				  GError **error);
gboolean bond_params_finalize(struct bond_params *p, GPtrArray *warnings, GError **error);

/*
 * Module parameters given more than once ("miimon=100 miimon=200"): the
 * kernel sets them in order, so the last one wins, silently.  Feed the
 * module's words in the order the kernel gets them (a whole line or one
 * word at a time, with where it came from); each parameter met again adds
 * to msgs (char *, caller frees) "miimon given twice: miimon=100 (line 3),
 * then miimon=200; ... so miimon=200 wins" for the caller to put at
 * file:line.  A value with a space in it (the whole line quoted, as copied
 * from BONDING_OPTS="...") adds a note too: the setter reads its first word
 * and the rest, options included, is lost without a word.
 */
struct bond_param_repeats {
	GHashTable *seen;	/* option name -> where and how it was last given */
};

void bond_param_repeats_init(struct bond_param_repeats *r);
void bond_param_repeats_fini(struct bond_param_repeats *r);
void bond_param_repeats_add(struct bond_param_repeats *r, const char *text, const char *file,
			    int line, GPtrArray *msgs);

/*
 * One write to /sys/class/net/bondN/bonding/<name> on a bond that is down and
 * has no slaves (__bond_opt_set()): MODE when the mode forbids it, INVALID or
 * RANGE for bad values, DEPEND when another option forbids it (delays without
 * miimon, duplicate ARP target); the kernel's log lines go to log (may be
 * NULL).  arp_ip_target takes "+a.b.c.d" / "-a.b.c.d".
 */
gboolean bond_opt_store(struct bond_params *p, const char *name, const char *value,
			GPtrArray *log, GError **error);
/* The same write through rtnetlink (ip link, NetworkManager, networkd):
 * also the options Linux 6.1 has no sysfs file for (BOND_OPT_F_NETLINK). */
gboolean bond_opt_netlink_store(struct bond_params *p, const char *name, const char *value,
				GPtrArray *log, GError **error);
/*
 * BONDING_OPTS as RHEL initscripts apply it: bond_opt_store() per word, mode
 * and miimon first, arp_ip_target lists split, primary last.  MODE and DEPEND
 * refusals and module-only options (no sysfs file) are only logged, as the
 * scripts go on; unknown names and bad values stop it.
 */
gboolean bond_params_apply(struct bond_params *p, const char *opts, GPtrArray *log,
			   GError **error);

/* Text. */
char *bond_opt_value_text(const struct bond_params *p, enum bond_opt_id id); /* g_free() */
/*
 * The content of /sys/class/net/BOND/bonding/<name> for an option with a
 * sysfs file, as Linux 6.1 shows it (g_free()): "802.3ad 4\n", "100\n",
 * "10.0.0.1 10.0.0.2\n", "" (no ARP target; ad_* outside 802.3ad).  NULL
 * for an option without a file.  primary is the parameter here; the bond
 * shows it only while that slave is enslaved (bond_sysfs.c).
 */
char *bond_opt_sysfs_text(const struct bond_params *p, enum bond_opt_id id);
void bond_opts_print_table(FILE *out);	/* every option, for `bondsim options` and docs */
/* One option, as in the table ("bondsim options miimon"); FALSE if unknown. */
gboolean bond_opts_print_option(FILE *out, const char *name);
/* dev_valid_name(): what the kernel accepts as an interface name. */
gboolean bond_ifname_valid(const char *name);

#endif /* BONDSIM_BOND_OPTIONS_H */
