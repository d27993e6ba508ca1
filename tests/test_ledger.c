/*
 * test_ledger.c - where a lost packet is charged when its copies die in
 * different places: on its way, not at a host a flooded copy reached.
 */
#include <criterion/criterion.h>
#include "apps/ledger.h"
#include "sim.h"

static bool never(const void *arg, uint32_t seq)
{
	return false;
}

static const struct ledger_place *at(const struct flow_ledger *l, const char *place, int reason)
{
	for (guint i = 0; i < l->places->len; i++) {
		const struct ledger_place *p = &g_array_index(l->places, struct ledger_place, i);

		if (p->reason == reason && strcmp(p->place, place) == 0)
			return p;
	}
	return NULL;
}

/* Packet 0 is flooded (one extra copy); the copies die in the order given. */
static void two_copies_die(struct flow_ledger *l, struct sim *sim, const char *p1, int r1,
			   const char *p2, int r2)
{
	struct frame f = { .meta = { .flow = 7, .seq = 0 } };

	ledger_init(l, sim, 7, never, NULL);
	ledger_sent(l, 0);
	sim_frame_event(sim, &f, SIM_FRAME_COPIED, 0, NULL);
	sim_frame_event(sim, &f, SIM_FRAME_DROPPED, r1, p1);
	sim_frame_event(sim, &f, SIM_FRAME_DROPPED, r2, p2);
}

Test(ledger, a_flooded_copy_dying_last_does_not_take_the_blame)
{
	struct sim *sim = sim_new(1);
	struct flow_ledger l;
	static const char way[] = "sw1.Gi0/2", h3[] = "h3.eth0";

	two_copies_die(&l, sim, way, DROP_EGRESS_DOWN, h3, DROP_OTHERHOST);
	cr_assert_eq(l.lost, 1);
	cr_assert_eq(l.copies_dropped, 1);
	cr_assert_eq(at(&l, way, DROP_EGRESS_DOWN)->lost, 1);
	cr_assert_eq(at(&l, way, DROP_EGRESS_DOWN)->copies, 0);
	cr_assert_eq(at(&l, h3, DROP_OTHERHOST)->lost, 0);
	cr_assert_eq(at(&l, h3, DROP_OTHERHOST)->copies, 1);
	ledger_fini(&l);
	sim_free(sim);
}

Test(ledger, the_last_copy_on_its_way_is_charged_as_before)
{
	struct sim *sim = sim_new(1);
	struct flow_ledger l;
	static const char way[] = "sw1.Gi0/2", h3[] = "h3.eth0";

	two_copies_die(&l, sim, h3, DROP_OTHERHOST, way, DROP_EGRESS_DOWN);
	cr_assert_eq(l.lost, 1);
	cr_assert_eq(at(&l, way, DROP_EGRESS_DOWN)->lost, 1);
	cr_assert_eq(at(&l, h3, DROP_OTHERHOST)->copies, 1);
	ledger_fini(&l);
	sim_free(sim);
}

Test(ledger, two_drops_on_the_way_the_last_one_counts)
{
	struct sim *sim = sim_new(1);
	struct flow_ledger l;
	static const char a[] = "sw1.Gi0/2", b[] = "sw1.Gi0/3";

	two_copies_die(&l, sim, a, DROP_EGRESS_DOWN, b, DROP_QUEUE_FULL);
	cr_assert_eq(at(&l, b, DROP_QUEUE_FULL)->lost, 1);
	cr_assert_eq(at(&l, a, DROP_EGRESS_DOWN)->copies, 1);
	ledger_fini(&l);
	sim_free(sim);
}
