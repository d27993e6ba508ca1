/*
 * world.h - everything one scenario builds, and who owns it.
 *
 * DOC: The loader (scenario.c) turns an INI file into a world through the
 * models' public constructors; the report (report.c) reads it after the
 * run.  The world owns every object and frees them in reverse order of
 * creation: faults and apps, links, bonds, NICs, hosts, switches, and the
 * simulation last (the frame pool must outlive every frame holder).
 */
#ifndef BONDSIM_WORLD_H
#define BONDSIM_WORLD_H

#include "sim.h"
#include "ini.h"
#include "metrics.h"
#include "series.h"
#include "pcap.h"
#include "link/nic.h"
#include "link/link.h"
#include "bond/bond.h"
#include "switch/switch.h"
#include "host/host.h"
#include "apps/apps.h"
#include "apps/tcp_flow.h"
#include "faults/faults.h"

/* A command's output recorded at a moment of the run ("TIME ethtool HOST.NIC"). */
struct host_show {
	sim_time_t at;
	char *command;		/* "ethtool eth0" */
	char *text;
};

struct world_host {
	char *name;
	int nics_line;		/* of its nics line, else of its [host] section */
	struct host *host;
	GPtrArray *nics;	/* struct nic *, declaration order */
	GPtrArray *bonds;	/* struct bond * */
	GPtrArray *vlans;	/* struct vlan_dev *, NULL: none */
	GPtrArray *shows;	/* struct host_show *, in the order taken; NULL: none */
	/*
	 * char *: how bondsim read the host's configuration files ("file:12:
	 * eth0: 'mtu' is not modelled; ignored"), kept apart from the kernel's
	 * log, which holds only what the kernel would print.
	 */
	GPtrArray *notes;
};

struct world_switch {
	char *name;
	struct sw *sw;
	struct sw_ios *ios;	/* its IOS config (config =), NULL when given as keys */
};

enum expect_op { EXPECT_EQ, EXPECT_NE, EXPECT_LT, EXPECT_LE, EXPECT_GT, EXPECT_GE,
		 EXPECT_IN /* value <= x <= hi */ };

/* What an expectation reads: one metric, or a selector over a glob pattern. */
enum expect_sel { EXPECT_ONE, EXPECT_ALL, EXPECT_ANY, EXPECT_SUM, EXPECT_COUNT, EXPECT_MIN,
		  EXPECT_MAX };

struct expectation {
	char *text;		/* normalised: "all(sw1.port.*.tx_frames) > 1000" */
	char *metric;		/* the metric, or the selector's pattern */
	enum expect_sel sel;
	enum expect_op op;
	double value;		/* in the metric's own unit; EXPECT_IN: the low end */
	double hi;		/* EXPECT_IN: the high end */
	const char *unit;	/* the metric's unit, "ms", "Mbit/s", "bytes"; "" for a count */
	int line;
	double actual;		/* after the run */
	char *culprit;		/* all/any/min/max: the metric the verdict hangs on, or NULL */
	bool pass;
};

struct proc_snapshot {		/* a scripted /proc/net/bonding dump */
	sim_time_t at;
	char *host, *bond;
	char *text;
};

/* Something a failover report measures from: recorded during the run. */
enum world_event_kind {
	WEV_SLAVE_DOWN,		/* a bond committed a slave down (MII or ARP monitor) */
	WEV_SLAVE_UP,
	WEV_ACTIVE_CHANGE,	/* curr_active_slave changed */
	WEV_FDB_LEARN,		/* a switch learnt a bond's MAC on a (new) port */
	WEV_LACP_LEFT,		/* an 802.3ad port stopped collecting+distributing */
	WEV_LACP_JOINED,	/* an 802.3ad port started collecting+distributing */
	WEV_ALB,		/* balance-tlb/alb changed its tables (why: alb_event_name) */
	WEV_MLAG,		/* an MLAG switch changed (why: sw_mlag_event_name) */
};

struct world_event {
	sim_time_t at;
	enum world_event_kind kind;
	const char *host, *bond, *slave;	/* owned by the models, which outlive events */
	const char *sw;
	char from[NETDEV_NAME_MAX], to[NETDEV_NAME_MAX];	/* ports, or old/new active slave */
	uint8_t mac[6];
	const char *why;		/* "MII", "ARP"; LACP: "carrier", "lacp timeout", ... */
	bool short_timeout;		/* LACP: the port's own Timeout bit (3 s, else 90 s) */
	int distributing;		/* LACP: ports collecting+distributing after it */
	int min_links;			/* LACP: the bond's min_links then (fewer: no carrier) */
	sim_time_t since;		/* LACP joined: waiting since (world_lacp_change) */
	const char *since_what;
	int alb;			/* WEV_ALB: enum alb_event; WEV_MLAG: enum sw_mlag_event */
	uint32_t n;			/* WEV_ALB: clients moved, ARP replies sent */
};

/* report_lacp.c: one start or stop of an 802.3ad port's collecting+distributing. */
struct world_lacp_change {
	sim_time_t at;
	bool on;
	const char *why;		/* interned: "carrier", "lacp timeout", "selected", ... */
	bool short_timeout;		/* the port's own Timeout bit then */
	sim_time_t since;		/* on: when it could start (link up, open, left), for the
					 * negotiation time; off: -1 */
	const char *since_what;		/* "the bond opened", "its link came up", ... */
	int distributing;		/* the bond's ports collecting+distributing after it */
};

/* What one 802.3ad port did during the run. */
struct world_lacp_port {
	const struct netdev *dev;	/* the slave's NIC: a release renumbers slaves */
	sim_time_t up_since;		/* link committed (or enslaved) up; -1: down */
	sim_time_t left_at;		/* it last stopped collecting+distributing; -1 never */
	GArray *changes;		/* struct world_lacp_change, in time order */
};

/* An 802.3ad bond's negotiation, recorded by the bond's port hook. */
struct world_lacp {
	sim_time_t first_cd_at;		/* first port collecting+distributing; -1 never */
	sim_time_t all_cd_at;		/* first time all its ports were at once; -1 never */
	GPtrArray *ports;		/* struct world_lacp_port *, one per NIC ever enslaved */
};

/*
 * A bond as the world sees it: the failover report's notifier records
 * into w, and ifup opens the bond (bond_open(): its monitors start) at
 * open_at.  open_at is drawn from the seed unless the scenario pins it
 * ("open_at bond0 = 37ms" in [host]); see world_bond_draw_open().
 */
struct world_bond {
	struct world *w;
	const char *host;
	struct bond *bond;
	sim_time_t open_at;
	bool open_pinned;
	bool warned_early_flow;	/* balance-alb: a flow before open_at said once */
	struct sim_timer open_timer;
	struct world_lacp *lacp;	/* mode 802.3ad only, else NULL (report_lacp.c) */
};

struct graphs;

/* What ended a run before its duration, if anything did. */
enum world_stop {
	WORLD_STOP_NONE,
	WORLD_STOP_SIGNAL,		/* SIGINT, SIGTERM */
	WORLD_STOP_MAX_EVENTS,		/* --max-events */
	WORLD_STOP_MAX_WALL,		/* --max-wall */
};

/* A file the scenario read with "KEY = @FILE": no output may land on it. */
struct world_include {
	char *path;		/* as opened: the scenario's folder joined */
	char *from;		/* what read it: "FILE:LINE (KEY = @NAME)" or "--set PATH=@NAME" */
};

struct world {
	char *file;
	struct sim *sim;
	uint64_t seed;
	unsigned runs;		/* a batch of runs ([sim] runs, --runs): 0 for one run */
	sim_time_t duration;
	sim_time_t sample;
	enum world_stop stop;		/* set by world_stop() */
	const char *stop_why;		/* "SIGINT", "--max-events", ... */
	GPtrArray *hosts;	/* struct world_host * */
	GPtrArray *switches;	/* struct world_switch * */
	/* name -> struct world_host * / struct world_switch *: a scenario of
	 * thousands of hosts names them in every cable and flow */
	GHashTable *host_names;
	GHashTable *switch_names;
	GPtrArray *links;	/* struct link * */
	GPtrArray *flows;	/* struct flow * */
	GPtrArray *pings;	/* struct ping * */
	GPtrArray *tcp_flows;	/* struct tcp_flow * */
	GPtrArray *faults;	/* struct fault * */
	GPtrArray *expects;	/* struct expectation * */
	GPtrArray *snapshots;	/* struct proc_snapshot * */
	GPtrArray *sys_snapshots;	/* "TIME snapshot": GPtrArray of struct sysfs_entry * */
	GHashTable *nics;	/* "server.eth0", "sw1.Gi0/1" -> struct nic * */
	struct series series;
	struct graphs *graphs;	/* graphs.h: the series behind the graphs */
	bool pcap;		/* captures asked for: one per link in captured */
	GPtrArray *captured;	/* struct link *, the links captured */
	uint32_t pcap_snaplen;	/* PCAP_SNAPLEN_HEADERS or bytes */
	struct pcap_budget pcap_budget;	/* all captures together */
	GArray *events;		/* struct world_event, in time order */
	GPtrArray *bond_ctx;	/* struct world_bond * */
	GHashTable *bond_macs;	/* MACs of every bond and slave: the ones whose moves matter */
	GHashTable *learn_seen;	/* (switch, MAC) -> time of the last recorded learn event */
	GPtrArray *warnings;	/* char *, "file:line: warning: text": for stderr */
	GPtrArray *includes;	/* struct world_include *, in the order they were read */
	GPtrArray *gap_keeps;	/* struct gap_keep *: w->flows', then w->pings' (gap_keep.h) */
	guint gaps_kept;	/* gaps a receiver keeps before retiring; 0: FLOW_RX_GAPS_KEPT
				 * (tests lower it to make gaps retire) */
};

/* failover.c: the failover timing report */
void failover_install_hooks(struct world *w);
void failover_report_text(const struct world *w, GString *out);
void failover_report_json(const struct world *w, struct json *j);
void failover_write_csv(const struct world *w, GString *out);
/* "failover.<n>.<scope>.<name>.<event>_ms" for [expect]: n counts faults in time order;
 * "failover.<n>.outage_ms" (the longest of its flows and pings) and ".lost" (their sum). */
void failover_metrics(const struct world *w, struct metrics *m);
/* Fault <n> of the metrics (from 1): its text ("; " between faults at one
 * time) and time; NULL past the last. */
char *failover_fault_text(const struct world *w, int n, sim_time_t *at);

/* scenario_faults.c: the bond an "enslave" fault puts its NIC (f->nic) into, else NULL. */
struct bond *scn_fault_enslaves(const struct fault *f);

/* report_alb.c: balance-tlb/alb, the slaves' skew and who used which slave */
void report_alb_text(const struct world *w, GString *out);
/* The bond's peers by address, without the host's own (its echoed broadcasts). */
GPtrArray *report_alb_peers(const struct world *w, const char *host, const struct bond *b);
void report_alb_metrics(const struct world *w, const char *host, const struct bond *b,
			struct metrics *m);

/* report_lacp.c: the 802.3ad negotiation and what each port did */
void report_lacp_install(struct world *w);	/* by failover_install_hooks() */
void report_lacp_free(struct world_bond *c);
/* @s's record in @l; one that never changed if there is none (yet) */
const struct world_lacp_port *report_lacp_port(const struct world_lacp *l, const struct slave *s);
/* "0x3f (Activity,Timeout,Aggregation,Sync,Collecting,Distributing)" */
const char *report_lacp_state(uint8_t state, char *buf, size_t size);
/* "LACP timeout (short, 3 s)", "carrier", ...: why an event's port left or joined */
const char *report_lacp_why(const struct world_event *ev, char *buf, size_t size);
void report_lacp_text(const struct world *w, GString *out);
/* The "lacp" object of an 802.3ad bond in the JSON report (nothing for other modes). */
void report_lacp_json(const struct world *w, const struct bond *b, struct json *j);
/* "<host>.<bond>.lacp.*" and "<host>.<bond>.<slave>.lacp.*" (README) */
void report_lacp_metrics(const struct world *w, const struct bond *b, struct metrics *m);

/* "--seed N": a whole number from 0 to 2^63-1, as [sim] seed takes it. */
gboolean world_seed_parse(const char *text, uint64_t *seed, GError **error);

struct world_options {
	bool seed_set;
	uint64_t seed;
	bool runs_set;		/* --runs N overrides [sim] runs (0: one plain run) */
	unsigned runs;
	sim_time_t duration;	/* 0: the scenario's */
	bool pcap;
	const char *pcap_dir;	/* where captures go (the --out directory) */
	char **pcap_links;	/* NULL: every link; else lists of names, comma-separated */
	uint32_t pcap_snaplen;	/* PCAP_SNAPLEN_HEADERS or bytes */
	uint64_t pcap_max;	/* bytes, all captures together; 0: no cap */
	char **sets;		/* --set PATH=VALUE, NULL-terminated (set.h); NULL: none */
	bool no_expect;		/* leave [expect] out (bondsim compare changes what it may name) */
};

/* Build the world; every user error comes back as "file:line: message". */
struct world *world_load(const char *path, const struct world_options *opt, GError **error);
/* The same from a text in memory (tests, fuzzing): @name stands for the file in
 * messages; "@file" references are refused, as there is no folder to read. */
struct world *world_load_text(const char *text, const char *name, const struct world_options *opt,
			      GError **error);
void world_free(struct world *w);
/* End the run now (between two events) for @cause; @why names it in the report. */
void world_stop(struct world *w, enum world_stop cause, const char *why);
/* A switch saw a forwarding loop: when, where; false when none did. */
bool world_storm(const struct world *w, sim_time_t *at, const char **sw, const char **text);
/* "\n!! Run stopped at ...": what ended the run early (a loop, a signal, a limit). */
void world_stop_text(const struct world *w, GString *out);
/* Run to the end. */
void world_run(struct world *w);
/* Every host's kernel log and every switch's console on stderr as they happen (--verbose). */
void world_echo_logs(struct world *w);
/*
 * When ifup opens @c's bond, drawn from @seed and the bond's own stream
 * "bond-open:<host>.<bond>": a whole number of jiffies, uniform over one
 * monitor interval (miimon, else arp_interval); 0 for a bond with no
 * monitor.  The README ("When the monitors tick") explains the model.
 */
sim_time_t world_bond_draw_open(const struct world_bond *c, uint64_t seed);
/* Every metric of the world, in a stable order. */
void world_metrics(const struct world *w, struct metrics *m);
struct world_host *world_find_host(const struct world *w, const char *name);
struct world_switch *world_find_switch(const struct world *w, const char *name);
struct bond *world_find_bond(const struct world_host *h, const char *name);
struct vlan_dev *world_find_vlan(const struct world_host *h, const char *name);
/* The world's record of bond @b (every bond of the world has one). */
const struct world_bond *world_bond_ctx(const struct world *w, const struct bond *b);

/* expect.c */
gboolean expect_parse(const char *text, const char *file, int line, struct expectation **out,
		      GError **error);
void expect_free(struct expectation *e);
/* Leaves out the expectations on statistics over runs ("X.p95 <= ..."). */
void expect_drop_statistics(struct world *w);
/* Checks every expectation names a metric the world publishes. */
gboolean expect_validate(struct world *w, GError **error);
/* Returns the number of failed expectations. */
int expect_evaluate(struct world *w, const struct metrics *m);
const char *expect_op_text(enum expect_op op);
bool expect_holds(enum expect_op op, double actual, double value);
/* An [expect] line on <switch>.storm (or a statistic of it): the scenario is about
 * a loop, so a forwarding loop that stops the run does not fail it. */
bool expect_names_storm(const struct world *w);
/* @actual against @e's comparison or range. */
bool expect_holds_for(const struct expectation *e, double actual);
/*
 * @e on the metrics @m (and, when @w is given, the world's drop counters
 * that read 0 until something drops): *actual, true if it holds, and in
 * @culprit (size @n) the metric the verdict hangs on for all/any/min/max.
 */
bool expect_check(const struct expectation *e, const struct metrics *m, const struct world *w,
		  double *actual, char *culprit, size_t n);
/* @e reads a statistic over runs (X.p95, all(P.p95)) of metrics in @m: the statistic, else -1. */
int expect_stat_of(const struct expectation *e, const struct metrics *m, const struct world *w);
/* The names @e's pattern matches in @m (and @w's drop counters when @w is given). */
GPtrArray *expect_matches(const char *pattern, const struct metrics *m, const struct world *w);
/* Glob: '*' stands for any run of characters but '.', '**' for any run at all. */
bool expect_glob(const char *pattern, const char *name);
/* "all", "any", ...; "" for EXPECT_ONE */
const char *expect_sel_text(enum expect_sel sel);
/* @v in @e's metric's unit: "250", "0.45", "missing" (NaN), then " ms" if it has a unit. */
void expect_format_actual(const struct expectation *e, double v, GString *out);
/* A name a switch of the world publishes only once it happens (MAC moves): reads 0 until then. */
bool expect_metric_is_dynamic(const struct world *w, const char *name);
/* Every drop counter of the world, published only once something is dropped but
 * valid from the start: "drop.<place>.<reason>", "flow.<name>.lost.<reason>",
 * "ping.<name>.lost.<reason>" (appended to @out, g_free each). */
void expect_dynamic_names(const struct world *w, GPtrArray *out);

#endif
