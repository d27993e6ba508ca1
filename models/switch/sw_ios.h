/*
 * sw_ios.h - a switch configured in IOS syntax: the parser, and "show running-config".
 *
 * DOC: An engineer pastes a Catalyst configuration into a scenario
 * ("config = @sw1.cfg" or inline) instead of translating it into the
 * scenario's own switch keys.  sw_ios_parse() reads the text into a
 * struct sw_ios (nothing is built yet: every refusal names file:line);
 * sw_ios_config() puts its switch-wide settings into a struct sw_config
 * before sw_new(); sw_ios_apply() then builds what it describes on the
 * switch: its ports (each "interface GigabitEthernet0/1" is port Gi0/1,
 * named as IOS abbreviates it), port-channels and their members, LACP
 * rates and priorities, MLAG ids, descriptions and shutdowns.  It keeps the
 * switch's "show running-config", written back from the switch's state
 * (not from the text), which sw_running_config() returns.  Only commands
 * bondsim models are taken; anything else is refused with its line, the
 * command and the supported set (sw_ios_commands).
 */
#ifndef BONDSIM_SW_IOS_H
#define BONDSIM_SW_IOS_H

#include "switch.h"

/* One interface of the config, physical or Port-channel, as its commands left it. */
struct sw_ios_if {
	char *name;			/* the port's name in bondsim: "Gi0/1", "Po1" */
	bool is_po;			/* "interface Port-channel N" */
	int line;			/* where it is first named */
	char *description;		/* NULL: none */
	bool shutdown;
	int shutdown_line;
	uint16_t group;			/* channel-group N; 0: none */
	enum sw_channel_mode mode;
	int group_line;
	int rate;			/* lacp rate: -1 not given, 0 normal, 1 fast */
	int rate_line;
	uint16_t port_priority;		/* lacp port-priority; 0: not given */
	int priority_line;
	int suspend_individual;		/* Port-channel: -1 not given, 0 "no lacp ...", 1 */
	int suspend_line;
	int max_bundle;			/* Port-channel: "lacp max-bundle N", 0 not given */
	int max_bundle_line;
	int min_links;			/* Port-channel: "port-channel min-links N", 0 not given */
	int min_links_line;
	uint16_t mlag;			/* Port-channel: mlag N (or vpc N); 0: none */
	int mlag_line;
	bool orphan_suspend;		/* physical: vpc orphan-port suspend */
	int orphan_line;
	uint64_t speed_bps;		/* physical: speed 10|100|1000|10000; 0: auto */
	uint32_t speed_auto;		/* physical: "speed auto 10 100": AUTONEG_ADV_ modes; 0 all */
	int speed_line;
	enum autoneg_duplex duplex;	/* physical: duplex half|full; ANY: auto */
	int duplex_line;
	/* spanning-tree portfast [edge]: 1, on an access port only (IOS ignores it
	 * on a trunk); ... trunk: 2, whatever the port is */
	int portfast;
	bool peer_link;			/* Port-channel: NX-OS's "vpc peer-link" */
	int peer_link_line;
	/* switchport VLAN lines (sw_ios_vlan.c); a member follows its Port-channel */
	enum sw_ios_vlan_mode { SW_IOS_VLAN_UNSET, SW_IOS_VLAN_ACCESS, SW_IOS_VLAN_TRUNK } vlan_mode;
	int vlan_line;			/* the first of them; 0: none */
	uint16_t access_vlan;		/* switchport access vlan N; 0: not given (1) */
	uint16_t native_vlan;		/* switchport trunk native vlan N; 0: not given (1) */
	bool allowed_given;		/* switchport trunk allowed vlan ...; else all */
	struct sw_vlan_set allowed;
};

/*
 * A pasted MLAG domain (sw_ios_vpc.c): NX-OS's "vpc domain N" block or
 * Arista's "mlag configuration".  The switch learns its domain only when
 * the scenario pairs it with the other switch of the same domain id
 * (cli/scenario_mlag.c); until then this is what was read.
 */
enum sw_ios_domain_kind { SW_IOS_DOMAIN_NONE, SW_IOS_DOMAIN_VPC, SW_IOS_DOMAIN_EOS };

struct sw_ios_domain {
	enum sw_ios_domain_kind kind;
	int line;			/* "vpc domain N" or "mlag configuration" */
	char *id;			/* "10" (NX-OS), the domain-id (EOS); NULL: none yet */
	int id_line;
	uint16_t vpc_id;		/* NX-OS: the domain number */
	/* NX-OS's peer-keepalive: addresses as written, timers 0 when not given */
	char *ka_dest, *ka_source, *ka_vrf;
	int ka_line;
	sim_time_t ka_interval, ka_timeout, hold_timeout;
	uint16_t role_priority;		/* 0: not given */
	int role_line;
	uint16_t system_priority;	/* 0: not given */
	int sysprio_line;
	bool have_mac;
	uint8_t mac[6];			/* system-mac */
	int mac_line;
	sim_time_t delay_restore;	/* 0: not given */
	int delay_line;
	sim_time_t delay_orphan;	/* delay restore orphan-port; -1: not given */
	int orphan_line;
	int auto_recovery;		/* -1 not given, 0 "no auto-recovery", 1 */
	int auto_recovery_line;
	int ar_reload_delay;		/* auto-recovery reload-delay S; 0: not given */
	int svi_delay;			/* delay restore interface-vlan S; 0: not given */
	bool peer_switch, peer_gateway, arp_sync;	/* taken, nothing modelled */
	/* EOS */
	char *local_interface;		/* "Vlan4094" */
	int local_line;
	char *peer_address;
	int peer_address_line;
	char *peer_link;		/* "Po10": the EOS peer-link; NX-OS: see sw_ios_if */
	int peer_link_line;
	char *reload_delay;		/* as written after "reload-delay", warned of */
};

/*
 * A line about the peer link's VLANs (sw_ios_peering.c), judged once the
 * peer link is known: a trunk line under interfaces, EOS's peering VLAN
 * ("vlan N" and the lines under it), its interface VlanN (and the lines
 * under it), "no spanning-tree vlan-id N".
 */
enum sw_ios_peering_kind {
	SW_IOS_PEERING_NONE, SW_IOS_PEERING_TRUNK, SW_IOS_PEERING_VLAN, SW_IOS_PEERING_SVI,
	SW_IOS_PEERING_STP,
};

struct sw_ios_peering {
	int line;
	enum sw_ios_peering_kind kind;
	char *text;			/* the line as written */
	char *where;			/* the mode it was typed in ("interface Port-Channel10"), or NULL */
	char **ifs;			/* a trunk line: the interfaces it was under */
	uint16_t vlan;			/* the others: the VLAN it names */
};

/* Something taken but not modelled: a warning the scenario loader prints. */
struct sw_ios_note {
	int line;
	char *text;
};

struct sw_ios {
	char *file;			/* for the errors sw_ios_apply() gives */
	int first_line;			/* the text's first line in @file */
	char *hostname;			/* NULL: none given */
	int hostname_line;
	bool have_aging;
	sim_time_t aging;		/* mac address-table aging-time (0: never) */
	bool flap_errdisable;		/* errdisable detect cause mac-flap */
	bool recovery_cause;		/* errdisable recovery cause mac-flap */
	sim_time_t recovery_interval;	/* errdisable recovery interval (default 300 s) */
	int interval_line;
	bool have_hash;
	enum sw_lag_hash hash;		/* port-channel load-balance */
	uint16_t system_priority;	/* lacp system-priority; 0: not given */
	bool portfast_default;		/* spanning-tree portfast [edge] default: access ports */
	sim_time_t forward_delay;	/* spanning-tree vlan N forward-time S; 0: not given */
	GPtrArray *ifs;			/* struct sw_ios_if *, in the order first named */
	bool feature_vpc;		/* NX-OS "feature vpc" */
	struct sw_ios_domain domain;	/* kind NONE: no pasted domain */
	GPtrArray *notes;		/* struct sw_ios_note *: warnings, in line order */
	GPtrArray *peering;		/* struct sw_ios_peering *, or NULL: none */
};

/* IOS's default "errdisable recovery interval": 300 s. */
#define SW_IOS_RECOVERY_DEFAULT (300 * SIM_S)

/*
 * NX-OS's vPC system MAC for domain @id (1-1000) when no system-mac is
 * given: 00:23:04:ee:be:00 plus the id in the last two bytes.
 */
void sw_ios_vpc_system_mac(uint16_t id, uint8_t mac[6]);
/* NX-OS's default vPC system priority (LACP), as "show vpc role" prints it. */
#define SW_IOS_VPC_SYSTEM_PRIORITY 32667
/* The highest vPC number NX-OS takes ("vpc N" under a port-channel). */
#define SW_IOS_VPC_MAX 4096

/* The commands taken, one per line, as the errors list them. */
extern const char *const sw_ios_commands[];

/*
 * Parse @text, whose first line is line @first_line of @file.  NULL and
 * "file:line: ..." in @error for anything bondsim does not model.
 */
struct sw_ios *sw_ios_parse(const char *text, const char *file, int first_line, GError **error);
void sw_ios_free(struct sw_ios *c);

/* The switch-wide settings into @cfg (left as they are where the config is silent). */
void sw_ios_config(const struct sw_ios *c, struct sw_config *cfg);
/*
 * Build @c on @sw: ports first (@sw must have none: the config names
 * them), then port-channels by number with their members in port order,
 * then the members' LACP settings, descriptions and shutdowns.  The
 * hostname must be the switch's name.  Errors are "file:line: ...".
 */
gboolean sw_ios_apply(const struct sw_ios *c, struct sw *sw, GError **error);

/* "show running-config" of @sw from its state now. */
void sw_show_running_config(const struct sw *sw, GString *out);
/* The running-config kept when sw_ios_apply() built the switch, or NULL. */
const char *sw_running_config(const struct sw *sw);

#endif
