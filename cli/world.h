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
#include "link/nic.h"
#include "link/link.h"
#include "bond/bond.h"
#include "switch/switch.h"
#include "host/host.h"
#include "apps/apps.h"
#include "faults/faults.h"

struct world_host {
	char *name;
	int line;		/* of its [host] section */
	struct host *host;
	GPtrArray *nics;	/* struct nic *, declaration order */
	GPtrArray *bonds;	/* struct bond * */
};

struct world_switch {
	char *name;
	struct sw *sw;
};

enum expect_op { EXPECT_EQ, EXPECT_NE, EXPECT_LT, EXPECT_LE, EXPECT_GT, EXPECT_GE };

struct expectation {
	char *text;		/* as written */
	char *metric;
	enum expect_op op;
	double value;
	int line;
	double actual;		/* after the run */
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
};

struct world_event {
	sim_time_t at;
	enum world_event_kind kind;
	const char *host, *bond, *slave;	/* owned by the models, which outlive events */
	const char *sw;
	char from[NETDEV_NAME_MAX], to[NETDEV_NAME_MAX];	/* ports, or old/new active slave */
	uint8_t mac[6];
	const char *why;		/* "MII", "ARP" */
};

/* What the failover report's bond notifier needs: the world to record into. */
struct world_bond {
	struct world *w;
	const char *host;
	struct bond *bond;
};

struct world {
	char *file;
	struct sim *sim;
	uint64_t seed;
	sim_time_t duration;
	sim_time_t sample;
	GPtrArray *hosts;	/* struct world_host * */
	GPtrArray *switches;	/* struct world_switch * */
	GPtrArray *links;	/* struct link * */
	GPtrArray *flows;	/* struct flow * */
	GPtrArray *pings;	/* struct ping * */
	GPtrArray *faults;	/* struct fault * */
	GPtrArray *expects;	/* struct expectation * */
	GPtrArray *snapshots;	/* struct proc_snapshot * */
	GHashTable *nics;	/* "server.eth0", "sw1.Gi0/1" -> struct nic * */
	struct series series;
	bool pcap;		/* one capture per link */
	GArray *events;		/* struct world_event, in time order */
	GPtrArray *bond_ctx;	/* struct world_bond * */
	GHashTable *bond_macs;	/* MACs of every bond and slave: the ones whose moves matter */
	GHashTable *learn_seen;	/* (switch, MAC) -> time of the last recorded learn event */
	GPtrArray *warnings;	/* char *, "file:line: warning: text": for stderr */
};

/* failover.c: the failover timing report */
void failover_install_hooks(struct world *w);
void failover_report_text(const struct world *w, GString *out);
void failover_report_json(const struct world *w, struct json *j);
void failover_write_csv(const struct world *w, GString *out);
/* "failover.<n>.<scope>.<name>.<event>_ms" for [expect]: n counts faults in time order. */
void failover_metrics(const struct world *w, struct metrics *m);

struct world_options {
	bool seed_set;
	uint64_t seed;
	sim_time_t duration;	/* 0: the scenario's */
	bool pcap;
	const char *pcap_dir;	/* where captures go (the --out directory) */
};

/* Build the world; every user error comes back as "file:line: message". */
struct world *world_load(const char *path, const struct world_options *opt, GError **error);
/* The same from a text in memory (tests, fuzzing): @name stands for the file in
 * messages; "@file" references are refused, as there is no folder to read. */
struct world *world_load_text(const char *text, const char *name, const struct world_options *opt,
			      GError **error);
void world_free(struct world *w);
/* Run to the end. */
void world_run(struct world *w);
/* Every metric of the world, in a stable order. */
void world_metrics(const struct world *w, struct metrics *m);
struct world_host *world_find_host(const struct world *w, const char *name);
struct world_switch *world_find_switch(const struct world *w, const char *name);
struct bond *world_find_bond(const struct world_host *h, const char *name);

/* expect.c */
gboolean expect_parse(const char *text, const char *file, int line, struct expectation **out,
		      GError **error);
void expect_free(struct expectation *e);
/* Checks every expectation names a metric the world publishes. */
gboolean expect_validate(struct world *w, GError **error);
/* Returns the number of failed expectations. */
int expect_evaluate(struct world *w, const struct metrics *m);
const char *expect_op_text(enum expect_op op);

#endif
