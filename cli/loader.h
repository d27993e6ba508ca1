/*
 * loader.h - what the scenario loader's files share (not a public API).
 *
 * DOC: The loader is split by section: scenario.c reads the file, [sim]
 * and the whole order; scenario_switch.c [switch]; scenario_host.c [host]
 * and [links]; scenario_traffic.c [flow] and [faults]; expect.c [expect];
 * scenario_check.c what parses but no scenario may say.  They share
 * the loader state and the error helpers below, which all produce
 * "file:line: message".
 */
#ifndef BONDSIM_LOADER_H
#define BONDSIM_LOADER_H

#include "world.h"

#define DEFAULT_LINK_DELAY SIM_US		/* a couple hundred metres of cable */
#define DEFAULT_LINK_SPEED 1000000000ULL

/* A bond with primary=: checked once its slaves are in. */
struct pending_primary {
	struct world_host *h;
	struct bond *bond;
	char *file;		/* where the option was given */
	int line;
};

struct loader {
	struct world *w;
	struct ini *ini;
	const struct world_options *opt;
	char *dir;		/* the scenario's folder, for @file references */
	uint32_t next_flow_id;
	GArray *enslave;	/* struct pending_slave: done once the cables are in */
	sim_time_t file_duration;	/* [sim] duration, before --duration */
	GArray *primaries;	/* struct pending_primary */
	GHashTable *mac_lines;	/* struct nic * -> its "mac" line: checked for sharing at the end */
};

/* Slaves are enslaved after [links], as on a real machine where the cables
 * are in before ifenslave runs: a slave with carrier starts "up". */
struct pending_slave {
	struct bond *bond;
	struct nic *nic;
	int line;
	int prio;		/* "prio eth1 = 10", set once every slave is in */
	int prio_line;		/* 0: no prio key */
};

gboolean scn_fail(GError **error, struct loader *L, int line, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);
/* "file:line: warning: message" on stderr once the file is accepted (file
 * NULL: the scenario); the run goes on. */
void scn_warn(struct loader *L, const char *file, int line, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);
/* A MAC that a "mac" line gives to a NIC another device has too (scenario_check.c). */
void scn_warn_shared_macs(struct loader *L);
/* Wrap an error from a parser that does not know where it is. */
/* Where another entry of the scenario is, for a message: "line 7", or "--set sw1.config=@x.cfg". */
char *scn_line_text(const struct loader *L, int line);
gboolean scn_fail_at(GError **error, struct loader *L, int line, GError *inner);
/* "unknown WHAT 'got' (did you mean 'x'?); valid: a, b, c" */
gboolean scn_fail_choice(GError **error, struct loader *L, int line, const char *what,
			 const char *got, const char *const *choices);
gboolean scn_name_ok(struct loader *L, int line, const char *what, const char *name,
		     GError **error);
/* scn_name_ok(), and not a word metrics and --set paths start with (sim, flow ...). */
gboolean scn_node_name_ok(struct loader *L, int line, const char *what, const char *name,
			  GError **error);
/* "speed=100 ... speed=1000" on one line: the second is refused (@seen: key -> word). */
gboolean scn_option_once(struct loader *L, int line, GHashTable *seen, const char *word,
			 GError **error);
gboolean scn_ifname_ok(struct loader *L, int line, const char *name, GError **error);
/* scenario_vlan.c: the VLAN devices of a [host]: the configuration
 * files' (@confs, may be NULL), then its "vlan NAME = DEV VID" keys */
struct bond_conf_set;
gboolean scn_load_host_vlans(struct loader *L, struct world *w, const struct ini_section *s,
			     const struct bond_conf_set *confs, struct world_host *h,
			     GError **error);
/* The addresses the configuration files put on their VLAN devices. */
gboolean scn_conf_vlan_addresses(struct loader *L, const struct bond_conf_set *confs,
				 struct world_host *h, GError **error);
/* The host's NIC, bond or VLAN device called @name, NULL when none. */
struct netdev *scn_host_dev(const struct world_host *h, const char *name);
/* NULL-terminated names of its NICs, bonds and (@vlans) VLAN devices; g_free() the array. */
const char **scn_host_dev_names(const struct world_host *h, bool vlans);
/* The file's last fault time or flow start, 0 when none. */
sim_time_t scn_last_scheduled(const struct loader *L);
gboolean scn_parse_time(struct loader *L, const struct ini_entry *e, const char *text,
			sim_time_t *out, GError **error);
gboolean scn_parse_uint(struct loader *L, int line, const char *what, const char *text,
			uint64_t max, uint64_t *out, GError **error);
gboolean scn_parse_uint_range(struct loader *L, int line, const char *what, const char *text,
			      uint64_t min, uint64_t max, uint64_t *out, GError **error);
/* scn_parse_uint_range(), but a value below @min is returned for the caller to explain. */
gboolean scn_parse_uint_low(struct loader *L, int line, const char *what, const char *text,
			    uint64_t min, uint64_t max, uint64_t *out, GError **error);
/* A bond slave's prio: a signed 32-bit number, as iproute2 takes it. */
gboolean scn_parse_prio(struct loader *L, int line, const char *text, int *out, GError **error);
/* "192.168.0.100/24"; without "/N" the prefix is @default_prefix, or an
 * error when it is -1. */
gboolean scn_parse_ipv4_prefix(struct loader *L, int line, const char *text, int default_prefix,
			       uint32_t *ip, int *prefix, GError **error);
/* "@file" -> that file's text; else the value (file and first line for errors). */
char *scn_entry_text(struct loader *L, const struct ini_entry *e, char **file, int *first_line,
		     GError **error);

/* "VERB ARG" key (e.g. "ip bond0"): true and @arg set when @key is one. */
bool scn_key_is(const char *key, const char *verb, const char **arg);

/*
 * The keys each section takes, as its "unknown key" errors list them
 * ("ip <dev>": the key "ip bond0"); --set (set.c) builds its paths from them.
 */
extern const char *const scn_sim_keys[];
extern const char *const scn_host_keys[];
extern const char *const scn_switch_keys[];
extern const char *const scn_mlag_keys[];
extern const char *const scn_flow_keys[];
extern const char *const scn_link_opts[];	/* [links]: speed= delay= loss= */

/* scenario.c */
gboolean scn_load_sim(struct loader *L, struct ini_section *s, GError **error);
gboolean scn_load_switch(struct loader *L, struct ini_section *s, GError **error);
/* "Gi0/1-4 Po1" -> each name, ranges expanded; NULL and @error for a bad range. */
GPtrArray *scn_switch_port_list(struct loader *L, int line, const char *text, GError **error);
/* scenario_switch_vlan.c: one "vlan PORTS = ..." line; @said: port -> line of its vlan line. */
gboolean scn_load_switch_vlan(struct loader *L, struct world_switch *ws,
			      const struct ini_entry *e, GHashTable *said, GError **error);
/* "system_priority = 100", a port-channel's or domain's LACP priority: 1-65535. */
gboolean scn_parse_lacp_prio(struct loader *L, int line, const char *what, const char *text,
			     uint16_t *out, GError **error);
/* [mlag NAME], after every [switch]; then the check for mlag= outside a domain. */
gboolean scn_load_mlag(struct loader *L, struct ini_section *s, GError **error);
/* IOS's "speed 100|auto" (@what "speed", into @speed_bps, 0 auto) or
 * "duplex full|half|auto" (into @duplex), for the key and for [faults]. */
gboolean scn_parse_port_phy(struct loader *L, int line, const char *what, const char *value,
			    uint64_t *speed_bps, enum autoneg_duplex *duplex, GError **error);
gboolean scn_check_mlag(struct loader *L, GError **error);
/* scenario_mlag_paste.c: the switches whose configs have the same pasted domain, paired. */
gboolean scn_pair_pasted_mlag(struct loader *L, GError **error);

/* scenario_host.c */
gboolean scn_load_host(struct loader *L, struct ini_section *s, int index, GError **error);
gboolean scn_load_links(struct loader *L, struct ini_section *s, GError **error);
struct nic *scn_host_nic(const struct world_host *h, const char *name);
const char **scn_host_nic_names(const struct world_host *h);
/* "unknown NIC of host server 'eth9' (did you mean ...)": FALSE */
gboolean scn_fail_nic(GError **error, struct loader *L, int line, const struct world_host *h,
		      const char *name);
/* "server.eth0" or "sw1.Gi0/1" -> the NIC at that end of a cable. */
struct nic *scn_resolve_end(struct loader *L, int line, const char *end, GError **error);
/* After enslaving: primary= naming no slave is logged as the kernel does, and warned about. */
void scn_check_primaries(struct loader *L);
/* The "VERB DEV = ..." key of this section naming @dev, if any. */
const struct ini_entry *scn_host_key(const struct ini_section *s, const char *verb,
				     const char *dev);

/* scenario_host_conf.c: a host's configuration files, and what bondsim says of them */
struct bond_conf_set;
gboolean scn_host_conf_parse(struct loader *L, const struct ini_entry *e, const char *arg,
			     struct bond_conf_set **confs, GError **error);
gboolean scn_host_conf_boot(struct loader *L, const struct ini_section *s, struct world_host *h,
			    struct bond_conf_set *confs, GError **error);
/* A line saying a value the user wrote is refused, reset or without effect. */
bool scn_says_unmeant(const char *msg);
void scn_host_note_repeated_options(struct loader *L, struct world_host *h,
				    const struct ini_entry *e, const char *bond);

/* scenario_route.c: ip_forward, gateway, route NET/LEN, after the addresses. */
gboolean scn_load_host_routes(struct loader *L, const struct ini_section *s,
			      struct world_host *h, GError **error);

/* scenario_tcp.c: the TCP sysctls of a [host] (every host gets its TCP here) and tcp flows. */
bool scn_is_tcp_key(const char *key);
/* One of the TCP sysctls bondsim models (with or without "net.ipv4."). */
bool scn_tcp_sysctl_known(const char *key);
const char *const *scn_tcp_key_names(void);
gboolean scn_load_host_tcp(struct loader *L, const struct ini_section *s, struct world_host *h,
			   GError **error);
gboolean scn_load_tcp_flow(struct loader *L, struct ini_section *s, struct host *client,
			   struct host *server, uint32_t server_ip, sim_time_t start,
			   sim_time_t stop, GError **error);

/* scenario_traffic.c */
gboolean scn_load_flow(struct loader *L, struct ini_section *s, GError **error);
gboolean scn_load_fault_line(struct loader *L, const struct ini_entry *e, GError **error);
/* scenario_keepalive.c: "TIME keepalive DOMAIN down|up [from SWITCH]", @words as split. */
struct fault *scn_load_keepalive(struct loader *L, const struct ini_entry *e, sim_time_t at,
				 const char *text, GPtrArray *words, GError **error);
/* scenario_ethtool.c: "TIME ethtool [-s|-r] HOST.NIC|HOST.BOND ...", @words
 * the line's words from TIME on; and whether @nic's PHY runs @bps at all
 * (0: auto, always), a file:line error if not. */
struct fault *scn_load_ethtool(struct loader *L, const struct ini_entry *e, sim_time_t at,
			       const char *text, GPtrArray *words, GError **error);
gboolean scn_phy_runs(struct loader *L, int line, const char *target, const struct nic *nic,
		      uint64_t bps, GError **error);
/*
 * IOS's speed or duplex typed on @port at @at (speed_mbps -1: the duplex
 * @dx), on top of its configuration and the [faults] lines before: speed
 * 1000 with duplex half is refused, as a Catalyst refuses it.
 */
gboolean scn_port_phy_allowed(struct loader *L, int line, const char *target, struct sw *sw,
			      const struct nic *port, sim_time_t at, int64_t speed_mbps,
			      enum autoneg_duplex dx, GError **error);
/* A [faults] line "TIME enslave HOST.BOND NIC" for @host.@bond exists. */
gboolean scn_faults_enslave_into(const struct loader *L, const char *host, const char *bond);

/* scenario_check.c */
/* Refuse an address no host can have (0/8, loopback, multicast, reserved,
 * the subnet's network or broadcast address); @what is how it was written. */
gboolean scn_check_host_address(struct loader *L, int line, const char *what, uint32_t ip,
				int prefix, GError **error);
/* The address is on no interface yet, and @dev has none. */
gboolean scn_address_free(struct loader *L, int line, const struct world_host *h,
			  const struct netdev *dev, uint32_t ip, GError **error);
/* "mac eth0 = ...": parsed into @mac, unicast and not all zeros. */
gboolean scn_check_mac(struct loader *L, const struct ini_entry *e, uint8_t mac[6],
		       GError **error);
/* "switch sw1 has no port 'Gi0/9' (did you mean ...?); its ports: Gi0/1-8" */
gboolean scn_fail_no_port(GError **error, struct loader *L, int line, const struct sw *sw,
			  const char *port);

#endif
