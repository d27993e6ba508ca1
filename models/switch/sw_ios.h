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
	GPtrArray *ifs;			/* struct sw_ios_if *, in the order first named */
};

/* IOS's default "errdisable recovery interval": 300 s. */
#define SW_IOS_RECOVERY_DEFAULT (300 * SIM_S)

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
