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

/*
 * A copy flooded to another host's backup slave dies there as
 * inactive_slave, a reason that can be on a packet's way; the bond marks
 * it astray (for neither its MAC nor its slaves'), so the copy that died
 * at the destination's own backup slave keeps the blame, whichever died
 * last.  The astray copy is counted under its plain reason.
 */
Test(ledger, a_copy_astray_at_another_hosts_backup_does_not_take_the_blame)
{
	struct sim *sim = sim_new(1);
	struct flow_ledger l;
	static const char way[] = "failure.eth0", other[] = "always.eth1";

	two_copies_die(&l, sim, way, DROP_INACTIVE_SLAVE, other,
		       DROP_INACTIVE_SLAVE | DROP_ASTRAY);
	cr_assert_eq(l.lost, 1);
	cr_assert_eq(at(&l, way, DROP_INACTIVE_SLAVE)->lost, 1);
	cr_assert_eq(at(&l, other, DROP_INACTIVE_SLAVE)->lost, 0);
	cr_assert_eq(at(&l, other, DROP_INACTIVE_SLAVE)->copies, 1);
	ledger_fini(&l);
	two_copies_die(&l, sim, other, DROP_INACTIVE_SLAVE | DROP_ASTRAY, way,
		       DROP_INACTIVE_SLAVE);
	cr_assert_eq(at(&l, way, DROP_INACTIVE_SLAVE)->lost, 1);
	cr_assert_eq(at(&l, other, DROP_INACTIVE_SLAVE)->copies, 1);
	ledger_fini(&l);
	sim_free(sim);
}

/*
 * balance-alb after a failover (mode6_failover.ini): a client's frames to
 * the server's lost slave MAC are flooded; the server's copy dies at its
 * bond (otherhost: the MAC of a slave that is down), a bystander's at its
 * NIC (otherhost).  Both are accidents of flooding; the packet died at
 * its own destination, whichever copy died last.
 */
Test(ledger, of_two_flooded_copies_the_one_at_the_destination_takes_the_blame)
{
	struct sim *sim = sim_new(1);
	struct flow_ledger l;
	static const char dest[] = "srv0.bond0", other[] = "b2.eth0";
	struct frame f = { .meta = { .flow = 7, .seq = 0 } };

	for (int order = 0; order < 2; order++) {
		ledger_init(&l, sim, 7, never, NULL);
		l.dest_host = "srv0";
		ledger_sent(&l, 0);
		sim_frame_event(sim, &f, SIM_FRAME_COPIED, 0, NULL);
		sim_frame_event(sim, &f, SIM_FRAME_DROPPED, DROP_OTHERHOST, order ? other : dest);
		sim_frame_event(sim, &f, SIM_FRAME_DROPPED, DROP_OTHERHOST, order ? dest : other);
		cr_assert_eq(l.lost, 1);
		cr_assert_eq(at(&l, dest, DROP_OTHERHOST)->lost, 1, "order %d", order);
		cr_assert_eq(at(&l, dest, DROP_OTHERHOST)->copies, 0);
		cr_assert_eq(at(&l, other, DROP_OTHERHOST)->lost, 0);
		cr_assert_eq(at(&l, other, DROP_OTHERHOST)->copies, 1);
		ledger_fini(&l);
	}
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

static bool in_array(const void *arg, uint32_t seq)
{
	return ((const bool *)arg)[seq];
}

/*
 * The ring of slots grows (64 packets in flight, then more) from wherever its
 * head has got to: each packet keeps its copies and the drop a loss would be
 * charged to.
 */
Test(ledger, ring_grows_keeping_copies_and_drops)
{
	struct sim *sim = sim_new(1);
	struct flow_ledger l;
	static bool got[200];
	static const char way[] = "sw1.Gi0/2", h3[] = "h3.eth0";
	struct frame f = { .meta = { .flow = 7 } };

	ledger_init(&l, sim, 7, in_array, got);
	for (uint32_t s = 0; s < 40; s++)
		ledger_sent(&l, s);
	for (uint32_t s = 0; s < 30; s++) {
		f.meta.seq = s;
		got[s] = true;
		sim_frame_event(sim, &f, SIM_FRAME_CONSUMED, 0, NULL);
	}
	cr_assert_eq(l.base, 30);
	cr_assert_eq(l.head, 30);
	/* packet 31: flooded, one copy dies on its way */
	f.meta.seq = 31;
	sim_frame_event(sim, &f, SIM_FRAME_COPIED, 0, NULL);
	sim_frame_event(sim, &f, SIM_FRAME_DROPPED, DROP_EGRESS_DOWN, way);
	cr_assert_eq(l.copies_dropped, 1);
	for (uint32_t s = 40; s < 150; s++)
		ledger_sent(&l, s);
	cr_assert_eq(l.cap, 128);
	cr_assert_eq(l.head, 0);
	cr_assert_eq(ledger_in_flight(&l), 120);
	/* its other copy reaches a host it was not for: lost where the first died */
	sim_frame_event(sim, &f, SIM_FRAME_DROPPED, DROP_OTHERHOST, h3);
	cr_assert_eq(l.lost, 1);
	cr_assert_eq(at(&l, way, DROP_EGRESS_DOWN)->lost, 1);
	cr_assert_eq(at(&l, h3, DROP_OTHERHOST)->copies, 1);
	cr_assert(!ledger_seq_in_flight(&l, 31));
	cr_assert(ledger_seq_in_flight(&l, 32));
	/* 30 arrives: the window starts after it and the resolved 31 */
	f.meta.seq = 30;
	got[30] = true;
	sim_frame_event(sim, &f, SIM_FRAME_CONSUMED, 0, NULL);
	cr_assert_eq(l.base, 32);
	cr_assert_eq(ledger_in_flight(&l), 118);
	cr_assert_eq(l.sent, l.base + ledger_in_flight(&l));
	ledger_fini(&l);
	sim_free(sim);
}

/*
 * A slot is not cleared when a later packet takes it over (a packet that is
 * sent and received touches only its copy count): the drop remembered there
 * for packet 0 must not be charged for packet 64, which reuses the slot.
 */
Test(ledger, a_reused_slot_forgets_the_drop_of_its_last_packet)
{
	struct sim *sim = sim_new(1);
	struct flow_ledger l;
	static bool got[100];
	static const char way[] = "sw1.Gi0/2", h3[] = "h3.eth0";
	struct frame f = { .meta = { .flow = 7 } };

	ledger_init(&l, sim, 7, in_array, got);
	for (uint32_t s = 0; s < 64; s++) {
		ledger_sent(&l, s);
		f.meta.seq = s;
		if (s == 0) {		/* flooded; the copy on its way dies */
			sim_frame_event(sim, &f, SIM_FRAME_COPIED, 0, NULL);
			sim_frame_event(sim, &f, SIM_FRAME_DROPPED, DROP_EGRESS_DOWN, way);
		}
		got[s] = true;
		sim_frame_event(sim, &f, SIM_FRAME_CONSUMED, 0, NULL);
	}
	cr_assert_eq(l.base, 64);
	cr_assert_eq(l.cap, 64);
	cr_assert_eq(l.lost, 0);
	cr_assert_eq(at(&l, way, DROP_EGRESS_DOWN)->copies, 1);
	/* packet 64, in packet 0's slot: both its copies die at a host it was not for */
	ledger_sent(&l, 64);
	f.meta.seq = 64;
	sim_frame_event(sim, &f, SIM_FRAME_COPIED, 0, NULL);
	sim_frame_event(sim, &f, SIM_FRAME_DROPPED, DROP_OTHERHOST, h3);
	sim_frame_event(sim, &f, SIM_FRAME_DROPPED, DROP_OTHERHOST, h3);
	cr_assert_eq(l.lost, 1);
	cr_assert_eq(at(&l, h3, DROP_OTHERHOST)->lost, 1, "not packet 0's drop");
	cr_assert_eq(at(&l, way, DROP_EGRESS_DOWN)->lost, 0);
	cr_assert_eq(l.base, 65);
	ledger_fini(&l);
	sim_free(sim);
}
