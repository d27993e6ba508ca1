/*
 * two_hosts.h - the smallest world: two hosts, one NIC each, one cable.
 *
 * Shared by the host and apps tests.  wire_fini() asserts that every frame
 * went back to the pool, so each test that uses it also checks ownership.
 */
#ifndef BONDSIM_TEST_TWO_HOSTS_H
#define BONDSIM_TEST_TWO_HOSTS_H

#include <criterion/criterion.h>
#include "host/host.h"
#include "link/link.h"
#include "link/nic.h"

#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static const uint8_t wire_mac_1[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t wire_mac_2[6] = { 0x02, 0, 0, 0, 0, 0x02 };

struct wire {
	struct sim *sim;
	struct nic *n1, *n2;
	struct link *link;
	struct host *h1, *h2;	/* 10.0.0.1/24 and 10.0.0.2/24 */
};

static inline void wire_init(struct wire *w, uint64_t seed, uint64_t speed, sim_time_t delay)
{
	w->sim = sim_new(seed);
	w->n1 = nic_new(w->sim, "h1", "eth0", wire_mac_1, 0);
	w->n2 = nic_new(w->sim, "h2", "eth0", wire_mac_2, 0);
	w->link = link_new(w->sim, "h1.eth0--h2.eth0", &w->n1->dev, &w->n2->dev, speed, delay);
	w->h1 = host_new(w->sim, "h1");
	w->h2 = host_new(w->sim, "h2");
	host_add_if(w->h1, &w->n1->dev, IP4(10, 0, 0, 1), 24);
	host_add_if(w->h2, &w->n2->dev, IP4(10, 0, 0, 2), 24);
}

static inline void wire_fini(struct wire *w)
{
	host_free(w->h2);
	host_free(w->h1);
	link_free(w->link);
	nic_free(w->n2);
	nic_free(w->n1);
	cr_assert_eq(w->sim->pool.live, 0, "%" G_GUINT64_FORMAT " frames leaked",
		     w->sim->pool.live);
	sim_free(w->sim);
}

/* Serialisation time of a frame of @len bytes on n1 (the NIC's own rule). */
static inline sim_time_t wire_tx(struct wire *w, uint32_t len)
{
	struct frame f = { .len = len };

	return nic_tx_time(w->n1, &f);
}

#endif
