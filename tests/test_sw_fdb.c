/*
 * test_sw_fdb.c - the switch's FDB table (models/switch/sw_fdb.c) driven
 * directly: a random run of learning, lookups, time passing (lazy aging and
 * the sweep) and flushes against a GHashTable reference, and the MLAG
 * install that says whether it only refreshed an entry.
 *
 * The table's slots are its entries and move on every growth and backward
 * shift, so the random run grows the table through several sizes and
 * empties it again many times; after each step the counters, the count of
 * live entries and the sorted listing must be what the reference says.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include "switch/sw_priv.h"

#define NPORTS 4
#define NMACS 600
#define AGING 4000

struct ref_entry {
	const struct sw_bport *bp;
	sim_time_t last_seen;
};

/* What the FDB should hold and count, kept the plain way. */
struct ref {
	GHashTable *t;			/* gint64 key -> struct ref_entry */
	sim_time_t next_sweep;
	uint64_t learnt, aged, moves;
};

struct rig {
	struct sim *sim;
	struct sw *sw;
	struct sw_bport *bp[NPORTS];
};

static void rig_init(struct rig *r, sim_time_t aging)
{
	struct sw_config cfg;

	sw_config_init(&cfg);
	cfg.aging = aging;
	cfg.mac_flap = SW_FLAP_LOG;	/* moves are only counted: no flush behind our back */
	r->sim = sim_new(1);
	r->sw = sw_new(r->sim, "sw1", &cfg);
	for (int i = 0; i < NPORTS; i++) {
		char name[16];

		g_snprintf(name, sizeof(name), "Gi0/%d", i + 1);
		r->bp[i] = sw_port_bport(sw_port_of(r->sw, sw_add_port(r->sw, name)));
	}
}

static void rig_fini(struct rig *r)
{
	sw_free(r->sw);
	sim_free(r->sim);
}

static gint64 key_of(uint16_t vlan, const uint8_t mac[6])
{
	gint64 k = vlan;

	for (int i = 0; i < 6; i++)
		k = k << 8 | mac[i];
	return k;
}

static bool ref_live(const struct ref_entry *e, sim_time_t now)
{
	return now - e->last_seen < AGING;
}

static gboolean ref_aged(gpointer key, gpointer value, gpointer user)
{
	(void)key;
	return !ref_live(value, *(const sim_time_t *)user);
}

/* The live entry of @key, removing and counting it when it has aged. */
static struct ref_entry *ref_find(struct ref *ref, gint64 key, sim_time_t now)
{
	struct ref_entry *e = g_hash_table_lookup(ref->t, &key);

	if (e && !ref_live(e, now)) {
		g_hash_table_remove(ref->t, &key);
		ref->aged++;
		return NULL;
	}
	return e;
}

static void ref_learn(struct ref *ref, gint64 key, const struct sw_bport *bp, sim_time_t now)
{
	struct ref_entry *e;

	if (now >= ref->next_sweep) {
		ref->aged += g_hash_table_foreach_remove(ref->t, ref_aged, &now);
		ref->next_sweep = now + AGING;
	}
	e = ref_find(ref, key, now);
	if (!e) {
		gint64 *k = g_new(gint64, 1);

		*k = key;
		e = g_new(struct ref_entry, 1);
		g_hash_table_insert(ref->t, k, e);
		ref->learnt++;
	} else if (e->bp != bp) {
		ref->moves++;
	}
	e->bp = bp;
	e->last_seen = now;
}

static gboolean ref_on_bport(gpointer key, gpointer value, gpointer user)
{
	(void)key;
	return ((struct ref_entry *)value)->bp == user;
}

static gint by_gint64(gconstpointer a, gconstpointer b)
{
	gint64 ka = *(const gint64 *)a, kb = *(const gint64 *)b;

	return ka < kb ? -1 : ka > kb;
}

/* Counters, count and the sorted listing: all as the reference has them. */
static void check(const struct rig *r, const struct ref *ref, int step)
{
	GPtrArray *fdb = sw_fdb_sorted(r->sw);
	GArray *keys = g_array_new(FALSE, FALSE, sizeof(gint64));
	GHashTableIter it;
	gpointer k, v;

	g_hash_table_iter_init(&it, ref->t);
	while (g_hash_table_iter_next(&it, &k, &v))
		if (ref_live(v, r->sim->now))
			g_array_append_val(keys, *(gint64 *)k);
	g_array_sort(keys, by_gint64);
	cr_assert_eq(r->sw->learnt, ref->learnt, "step %d", step);
	cr_assert_eq(r->sw->aged, ref->aged, "step %d", step);
	cr_assert_eq(r->sw->mac_moves, ref->moves, "step %d", step);
	cr_assert_eq(sw_fdb_count(r->sw), keys->len, "step %d", step);
	cr_assert_eq(fdb->len, keys->len, "step %d", step);
	for (guint i = 0; i < fdb->len; i++) {
		const struct sw_fdb_entry *e = g_ptr_array_index(fdb, i);
		gint64 key = g_array_index(keys, gint64, i);
		const struct ref_entry *re = g_hash_table_lookup(ref->t, &key);
		uint8_t mac[6];

		sw_fdb_entry_mac(e, mac);
		cr_assert_eq(key_of(sw_fdb_entry_vlan(e), mac), key, "step %d entry %u", step, i);
		cr_assert_eq(e->bport, re->bp, "step %d entry %u", step, i);
		cr_assert_eq(e->last_seen, re->last_seen, "step %d entry %u", step, i);
	}
	g_array_unref(keys);
	g_ptr_array_unref(fdb);
}

Test(sw_fdb, random_run_matches_a_reference)
{
	struct ref ref = { g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free),
			   AGING, 0, 0, 0 };
	GRand *rand = g_rand_new_with_seed(13);
	static uint8_t macs[NMACS][6];
	struct rig r;

	rig_init(&r, AGING);
	for (int i = 0; i < NMACS; i++) {
		for (int b = 0; b < 6; b++)
			macs[i][b] = (uint8_t)g_rand_int_range(rand, 0, 256);
		macs[i][0] &= 0xfe;	/* unicast */
		macs[i][5] = (uint8_t)i;	/* distinct */
		macs[i][4] = (uint8_t)(i >> 8);
	}
	for (int step = 0; step < 60000; step++) {
		int op = g_rand_int_range(rand, 0, 10000);
		/* a few MACs at a time, so the table fills, ages and shrinks in turns */
		int m = g_rand_int_range(rand, 0, 1 + NMACS * (step % 20000) / 20000);
		uint16_t vlan = (uint16_t)g_rand_int_range(rand, 1, 3);
		gint64 key = key_of(vlan, macs[m]);
		struct sw_bport *bp = r.bp[g_rand_int_range(rand, 0, NPORTS)];

		r.sim->now += g_rand_int_range(rand, 0, 9);
		if (op < 6000) {
			sw_fdb_learn(r.sw, vlan, macs[m], bp);
			ref_learn(&ref, key, bp, r.sim->now);
		} else if (op < 9994) {
			const struct ref_entry *re = ref_find(&ref, key, r.sim->now);

			cr_assert_eq(sw_fdb_lookup(r.sw, vlan, macs[m]), re ? re->bp : NULL,
				     "step %d", step);
		} else if (op < 9999) {
			sw_fdb_flush_bport(r.sw, bp);
			g_hash_table_foreach_remove(ref.t, ref_on_bport, bp);
		} else {
			sw_fdb_flush_all(r.sw);
			g_hash_table_remove_all(ref.t);
		}
		if (step % 97 == 0)
			check(&r, &ref, step);
	}
	check(&r, &ref, -1);
	cr_expect_gt(ref.aged, 1000, "the run ages entries out: %" G_GUINT64_FORMAT, ref.aged);
	cr_expect_gt(ref.learnt, 4 * NMACS, "and learns them again: %" G_GUINT64_FORMAT, ref.learnt);
	cr_expect_gt(ref.moves, 1000, "and moves them: %" G_GUINT64_FORMAT, ref.moves);
	rig_fini(&r);
	g_rand_free(rand);
	g_hash_table_unref(ref.t);
}

static int hook_calls;
static char hook_last[64];

static void count_hook(void *arg, const struct sw *sw, const uint8_t mac[6], const char *from,
		       const char *to)
{
	(void)arg;
	(void)sw;
	(void)mac;
	hook_calls++;
	g_snprintf(hook_last, sizeof(hook_last), "%s->%s", from ? from : "-", to);
}

Test(sw_fdb, install_says_when_it_only_refreshed)
{
	static const uint8_t mac[6] = { 0x00, 0x16, 0x36, 0x1b, 0xbb, 0x74 };
	struct rig r;

	rig_init(&r, AGING);
	sw_set_learn_hook(r.sw, count_hook, NULL);
	cr_expect_not(sw_fdb_install(r.sw, 1, mac, r.bp[0]), "new: a sync");
	cr_expect_eq(hook_calls, 1);
	cr_expect_str_eq(hook_last, "-->Gi0/1");
	r.sim->now += AGING - 1;
	cr_expect(sw_fdb_install(r.sw, 1, mac, r.bp[0]), "already there: refreshed");
	cr_expect_eq(hook_calls, 1, "a refresh is not told");
	r.sim->now += AGING - 1;
	cr_expect_eq(sw_fdb_lookup(r.sw, 1, mac), r.bp[0], "the refresh reset its age");
	cr_expect_not(sw_fdb_install(r.sw, 1, mac, r.bp[1]), "elsewhere: a sync");
	cr_expect_eq(hook_calls, 2);
	cr_expect_str_eq(hook_last, "Gi0/1->Gi0/2");
	cr_expect_eq(r.sw->mac_moves, 0, "a sync is never a move");
	r.sim->now += AGING;
	cr_expect_not(sw_fdb_install(r.sw, 1, mac, r.bp[1]), "aged out: learnt afresh");
	cr_expect_eq(r.sw->aged, 1);
	cr_expect_eq(r.sw->learnt, 2);
	cr_expect_str_eq(hook_last, "-->Gi0/2");
	rig_fini(&r);
}
