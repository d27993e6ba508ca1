/*
 * world.c - running a loaded world, finding things in it, freeing it.
 *
 * DOC: The world owns every object and frees them in reverse order of
 * creation: faults and apps, links (and their captures), hosts with their
 * bonds and NICs, switches (which own their port NICs), the simulation last,
 * since the frame pool must outlive every frame holder.
 */
#include <string.h>
#include "world.h"
#include "pcap.h"

struct world_host *world_find_host(const struct world *w, const char *name)
{
	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);

		if (strcmp(h->name, name) == 0)
			return h;
	}
	return NULL;
}

struct world_switch *world_find_switch(const struct world *w, const char *name)
{
	for (guint i = 0; i < w->switches->len; i++) {
		struct world_switch *s = g_ptr_array_index(w->switches, i);

		if (strcmp(s->name, name) == 0)
			return s;
	}
	return NULL;
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

void world_run(struct world *w)
{
	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);

		for (guint k = 0; k < h->bonds->len; k++)
			bond_open(g_ptr_array_index(h->bonds, k));
	}
	for (guint i = 0; i < w->faults->len; i++) {
		struct fault *f = g_ptr_array_index(w->faults, i);

		fault_arm(f);
		/* the failover report asks each flow about the arrivals around it */
		for (guint k = 0; k < w->flows->len; k++)
			flow_rx_watch(&((struct flow *)g_ptr_array_index(w->flows, k))->rx, f->at);
		for (guint k = 0; k < w->pings->len; k++)
			flow_rx_watch(&((struct ping *)g_ptr_array_index(w->pings, k))->rx, f->at);
	}
	series_start(&w->series);
	sim_run(w->sim, w->duration);
}

void world_free(struct world *w)
{
	if (!w)
		return;
	for (guint i = 0; i < w->faults->len; i++)
		fault_free(g_ptr_array_index(w->faults, i));
	for (guint i = 0; i < w->flows->len; i++)
		flow_free(g_ptr_array_index(w->flows, i));
	for (guint i = 0; i < w->pings->len; i++)
		ping_free(g_ptr_array_index(w->pings, i));
	for (guint i = 0; i < w->expects->len; i++)
		expect_free(g_ptr_array_index(w->expects, i));
	for (guint i = 0; i < w->snapshots->len; i++) {
		struct proc_snapshot *s = g_ptr_array_index(w->snapshots, i);

		g_free(s->host);
		g_free(s->bond);
		g_free(s->text);
		g_free(s);
	}
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

		host_free(h->host);
		for (guint k = 0; k < h->bonds->len; k++)
			bond_free(g_ptr_array_index(h->bonds, k));
		for (guint k = 0; k < h->nics->len; k++)
			nic_free(g_ptr_array_index(h->nics, k));
		g_ptr_array_free(h->bonds, TRUE);
		g_ptr_array_free(h->nics, TRUE);
		g_free(h->name);
		g_free(h);
	}
	for (guint i = 0; i < w->switches->len; i++) {
		struct world_switch *s = g_ptr_array_index(w->switches, i);

		sw_free(s->sw);
		g_free(s->name);
		g_free(s);
	}
	g_ptr_array_free(w->hosts, TRUE);
	g_ptr_array_free(w->switches, TRUE);
	g_ptr_array_free(w->links, TRUE);
	g_ptr_array_free(w->flows, TRUE);
	g_ptr_array_free(w->pings, TRUE);
	g_ptr_array_free(w->faults, TRUE);
	g_ptr_array_free(w->expects, TRUE);
	g_ptr_array_free(w->snapshots, TRUE);
	g_array_free(w->events, TRUE);
	g_ptr_array_free(w->bond_ctx, TRUE);
	g_hash_table_destroy(w->bond_macs);
	g_hash_table_destroy(w->learn_seen);
	g_ptr_array_free(w->warnings, TRUE);
	/* every holder of a frame is gone: one still out missed its frame_unref() */
	if (w->sim && w->sim->pool.live)
		g_critical("%s: %" G_GUINT64_FORMAT " frames never freed", w->file,
			   w->sim->pool.live);
	sim_free(w->sim);
	g_free(w->file);
	g_free(w);
}
