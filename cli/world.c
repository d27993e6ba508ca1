/*
 * world.c - running a loaded world, finding things in it, freeing it.
 *
 * DOC: The world owns every object and frees them in reverse order of
 * creation: faults and apps, links (and their captures), hosts with their
 * bonds and NICs, switches (which own their port NICs), the simulation last,
 * since the frame pool must outlive every frame holder.
 *
 * Each bond is opened (ifup: bond_open() queues its monitors with no delay)
 * at its own open_at.  On a real host ifup runs at some moment of the boot
 * that has nothing to do with when a cable is pulled later, so the phase of
 * the monitor ticks against a scripted fault is uniform over one monitor
 * interval: open_at is drawn uniformly over the whole jiffies of the first
 * interval, from the seed and the bond's own stream.  A scenario pins it
 * to replay a timeline measured on a real host.
 */
#include <stdio.h>
#include <string.h>
#include "world.h"
#include "gap_keep.h"
#include "graphs.h"
#include "pcap.h"
#include "switch/sw_ios.h"
#include "link/vlan_dev.h"

struct world_host *world_find_host(const struct world *w, const char *name)
{
	return g_hash_table_lookup(w->host_names, name);
}

struct world_switch *world_find_switch(const struct world *w, const char *name)
{
	return g_hash_table_lookup(w->switch_names, name);
}

struct bond *world_find_bond(const struct world_host *h, const char *name)
{
	for (guint i = 0; i < h->bonds->len; i++) {
		struct bond *b = g_ptr_array_index(h->bonds, i);

		if (strcmp(b->dev.name, name) == 0)
			return b;
	}
	return NULL;
}

const struct world_bond *world_bond_ctx(const struct world *w, const struct bond *b)
{
	for (guint i = 0; i < w->bond_ctx->len; i++) {
		const struct world_bond *c = g_ptr_array_index(w->bond_ctx, i);

		if (c->bond == b)
			return c;
	}
	g_assert_not_reached();
}

sim_time_t world_bond_draw_open(const struct world_bond *c, uint64_t seed)
{
	const struct bond *b = c->bond;
	int ms = b->params.miimon ? b->params.miimon : b->params.arp_interval;
	/* over one period as the ticks really come (104 jiffies for miimon=100):
	 * every phase of their grid equally likely */
	int64_t jiffies = ms > 0 ? bond_work_period(bond_msecs_to_jiffies(b, ms)) : 0;
	char stream[96];
	struct rng r;

	if (jiffies <= 0)
		return 0;
	/* a stream of its own: packets_per_slave=0 draws from bond:<host>.<bond> */
	g_snprintf(stream, sizeof(stream), "bond-open:%s.%s", c->host, b->dev.name);
	rng_init(&r, seed, stream);
	return bond_jiffies_to_ns(b, (int64_t)(rng_u64(&r) % (uint64_t)jiffies));
}

/* The lines a log already holds, as its echo prints them. */
static void echo_log_so_far(const struct sim_log *log)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < log->lines->len; i++) {
		g_string_truncate(s, 0);
		sim_log_format_line(&g_array_index(log->lines, struct sim_log_line, i), s);
		fprintf(stderr, "%s: %s\n", log->owner ? log->owner : "", s->str);
	}
	g_string_free(s, TRUE);
}

void world_echo_logs(struct world *w)
{
	/*
	 * What was logged while the world was built (module loads, cables in,
	 * slaves enslaved, all at time 0) first: cables before slaves, as on a
	 * machine booting with its cables in.  Then the rest as it happens.
	 */
	for (guint i = 0; i < w->switches->len; i++)
		echo_log_so_far(sw_log(((struct world_switch *)g_ptr_array_index(w->switches, i))->sw));
	for (guint i = 0; i < w->hosts->len; i++)
		echo_log_so_far(&((struct world_host *)g_ptr_array_index(w->hosts, i))->host->log);
	for (guint i = 0; i < w->hosts->len; i++)
		((struct world_host *)g_ptr_array_index(w->hosts, i))->host->log.echo = true;
	for (guint i = 0; i < w->switches->len; i++)
		sw_log_echo(((struct world_switch *)g_ptr_array_index(w->switches, i))->sw, true);
}

static void open_bond(struct sim *sim, void *arg)
{
	bond_open(((struct world_bond *)arg)->bond);
}

/* Frames NICs sent ahead (nic.c) whose last bit is not out yet: off the
 * counters while they are sampled, and for the report. */
static void world_settle(struct world *w, enum wire_settle how)
{
	for (guint i = 0; i < w->links->len; i++)
		link_settle(g_ptr_array_index(w->links, i), how);
}

static void uncount(void *w)
{
	world_settle(w, WIRE_UNCOUNT);
}

static void recount(void *w)
{
	world_settle(w, WIRE_RECOUNT);
}

void world_run(struct world *w)
{
	/* bond_ctx holds the bonds in host order, then enslave order */
	for (guint i = 0; i < w->bond_ctx->len; i++) {
		struct world_bond *c = g_ptr_array_index(w->bond_ctx, i);

		if (c->open_at <= 0) {
			bond_open(c->bond);
			continue;
		}
		sim_timer_init(&c->open_timer, open_bond, c);
		sim_timer_arm(w->sim, &c->open_timer, c->open_at);
	}
	for (guint i = 0; i < w->faults->len; i++) {
		struct fault *f = g_ptr_array_index(w->faults, i);

		fault_arm(f);
		/* the failover report asks each flow about the arrivals around it */
		for (guint k = 0; k < w->flows->len; k++)
			flow_rx_watch(&((struct flow *)g_ptr_array_index(w->flows, k))->rx, f->at);
		for (guint k = 0; k < w->pings->len; k++)
			flow_rx_watch(&((struct ping *)g_ptr_array_index(w->pings, k))->rx, f->at);
		for (guint k = 0; k < w->tcp_flows->len; k++) {
			struct tcp_flow *tf = g_ptr_array_index(w->tcp_flows, k);

			flow_rx_watch(&tf->rx, f->at);
			tcp_flow_watch(tf, f->at);
		}
	}
	gap_keep_start(w);
	uncount(w);	/* what the series start from, as with samples */
	graphs_start(w->graphs);
	series_set_around(&w->series, uncount, recount, w);
	series_start(&w->series);
	recount(w);
	sim_run(w->sim, w->duration);
	uncount(w);
	for (guint i = 0; i < w->tcp_flows->len; i++)
		tcp_flow_finish(g_ptr_array_index(w->tcp_flows, i));
}

void world_free(struct world *w)
{
	if (!w)
		return;
	for (guint i = 0; i < w->faults->len; i++)
		fault_free(g_ptr_array_index(w->faults, i));
	if (w->gap_keeps)
		g_ptr_array_free(w->gap_keeps, TRUE);
	for (guint i = 0; i < w->flows->len; i++)
		flow_free(g_ptr_array_index(w->flows, i));
	for (guint i = 0; i < w->pings->len; i++)
		ping_free(g_ptr_array_index(w->pings, i));
	for (guint i = 0; w->tcp_flows && i < w->tcp_flows->len; i++)
		tcp_flow_free(g_ptr_array_index(w->tcp_flows, i));
	for (guint i = 0; i < w->expects->len; i++)
		expect_free(g_ptr_array_index(w->expects, i));
	for (guint i = 0; i < w->snapshots->len; i++) {
		struct proc_snapshot *s = g_ptr_array_index(w->snapshots, i);

		g_free(s->host);
		g_free(s->bond);
		g_free(s->text);
		g_free(s);
	}
	graphs_free(w->graphs);
	if (w->sim)
		series_fini(&w->series);
	for (guint i = 0; i < w->links->len; i++) {
		struct link *l = g_ptr_array_index(w->links, i);

		if (l->pcap)
			pcap_discard(l->pcap);
		link_free(l);
	}
	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);

		if (h->host->tcp)
			tcp_host_fini(h->host);
		host_free(h->host);
		for (guint k = 0; h->vlans && k < h->vlans->len; k++)
			vlan_dev_free(g_ptr_array_index(h->vlans, k));
		if (h->vlans)
			g_ptr_array_free(h->vlans, TRUE);
		for (guint k = 0; k < h->bonds->len; k++)
			bond_free(g_ptr_array_index(h->bonds, k));
		for (guint k = 0; k < h->nics->len; k++)
			nic_free(g_ptr_array_index(h->nics, k));
		g_ptr_array_free(h->bonds, TRUE);
		g_ptr_array_free(h->nics, TRUE);
		for (guint k = 0; h->shows && k < h->shows->len; k++) {
			struct host_show *sh = g_ptr_array_index(h->shows, k);

			g_free(sh->command);
			g_free(sh->text);
			g_free(sh);
		}
		if (h->shows)
			g_ptr_array_free(h->shows, TRUE);
		g_ptr_array_free(h->notes, TRUE);
		g_free(h->name);
		g_free(h);
	}
	for (guint i = 0; i < w->switches->len; i++) {
		struct world_switch *s = g_ptr_array_index(w->switches, i);

		sw_free(s->sw);
		if (s->ios)
			sw_ios_free(s->ios);
		g_free(s->name);
		g_free(s);
	}
	g_ptr_array_free(w->hosts, TRUE);
	g_ptr_array_free(w->switches, TRUE);
	g_hash_table_destroy(w->host_names);
	g_hash_table_destroy(w->switch_names);
	g_ptr_array_free(w->links, TRUE);
	g_ptr_array_free(w->flows, TRUE);
	g_ptr_array_free(w->pings, TRUE);
	if (w->tcp_flows)
		g_ptr_array_free(w->tcp_flows, TRUE);
	g_ptr_array_free(w->faults, TRUE);
	g_ptr_array_free(w->expects, TRUE);
	g_ptr_array_free(w->snapshots, TRUE);
	g_ptr_array_free(w->sys_snapshots, TRUE);
	g_array_free(w->events, TRUE);
	/* a bond that would open after the end is still queued */
	for (guint i = 0; i < w->bond_ctx->len; i++) {
		sim_timer_cancel(w->sim, &((struct world_bond *)g_ptr_array_index(w->bond_ctx, i))->open_timer);
		report_lacp_free(g_ptr_array_index(w->bond_ctx, i));
	}
	g_ptr_array_free(w->bond_ctx, TRUE);
	g_hash_table_destroy(w->bond_macs);
	g_hash_table_destroy(w->learn_seen);
	g_ptr_array_free(w->warnings, TRUE);
	g_ptr_array_free(w->includes, TRUE);
	/* every holder of a frame is gone: one still out missed its frame_unref() */
	if (w->sim && w->sim->pool.live)
		g_critical("%s: %" G_GUINT64_FORMAT " frames never freed", w->file,
			   w->sim->pool.live);
	g_ptr_array_free(w->captured, TRUE);
	sim_free(w->sim);
	g_free(w->file);
	g_free(w);
}

bool world_storm(const struct world *w, sim_time_t *at, const char **sw, const char **text)
{
	for (guint i = 0; i < w->switches->len; i++) {
		const struct world_switch *ws = g_ptr_array_index(w->switches, i);

		if (sw_storm_seen(ws->sw, at, text)) {
			*sw = ws->name;
			return true;
		}
	}
	return false;
}

void world_stop(struct world *w, enum world_stop cause, const char *why)
{
	if (w->stop == WORLD_STOP_NONE) {
		w->stop = cause;
		w->stop_why = why;
	}
	sim_stop(w->sim);
}

void world_stop_text(const struct world *w, GString *out)
{
	sim_time_t at;
	const char *sw, *text;
	char t[32];

	if (w->stop != WORLD_STOP_NONE) {
		g_string_append_printf(out, "\n!! %s at t=%s s by %s: this report covers 0 to %s s\n",
				       w->stop == WORLD_STOP_SIGNAL ? "Interrupted" : "Stopped",
				       sim_time_format_sec(w->sim->now, t, sizeof(t)), w->stop_why,
				       t);
		return;
	}
	if (!world_storm(w, &at, &sw, &text))
		return;
	g_string_append_printf(out, "\n!! %s at %s s: %s: %s\n",
			       w->sim->now < w->duration ? "Run stopped" : "Storm",
			       sim_time_format_sec(at, t, sizeof(t)), sw, text);
	g_string_append(out, "!! (no spanning tree: a loop floods every broadcast forever; "
			     "[switch] storm = log keeps the run going)\n");
}
