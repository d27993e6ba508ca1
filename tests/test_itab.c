/*
 * test_itab.c - the integer-keyed hash table (sim/itab.c): lookups,
 * replacement, removal by backward shift, growth, filtering, and a random
 * run against GHashTable as the reference.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include "itab.h"
#include "rng.h"

/* Values are never NULL: use the address of one of these per key. */
static int vals[4096];

static uint32_t capacity(const struct itab *t)
{
	return t->slot ? t->mask + 1 : 0;
}

/* The first @n keys from @from on whose home slot is @home (capacity fixed). */
static void keys_at_home(const struct itab *t, uint32_t home, uint64_t from, uint64_t *out,
			 int n)
{
	for (uint64_t k = from; n > 0; k++)
		if (itab_home(t, k) == home) {
			*out++ = k;
			n--;
		}
}

Test(itab, empty_table_holds_no_memory_and_finds_nothing)
{
	struct itab t;
	uint32_t pos = 0;
	void *v;

	itab_init(&t);
	cr_expect_null(t.slot);
	cr_expect_eq(itab_len(&t), 0);
	cr_expect_null(itab_lookup(&t, 0));
	cr_expect_null(itab_lookup(&t, 42));
	cr_expect_null(itab_remove(&t, 42));
	cr_expect_not(itab_next(&t, &pos, NULL, &v));
	cr_expect_eq(itab_remove_if(&t, NULL, NULL), 0);
	itab_fini(&t);
	cr_expect_null(t.slot);
}

Test(itab, insert_lookup_replace_remove)
{
	struct itab t;

	itab_init(&t);
	cr_expect_null(itab_insert(&t, 0, &vals[0]), "key 0 is a key like any other");
	cr_expect_null(itab_insert(&t, UINT64_MAX, &vals[1]));
	cr_expect_null(itab_insert(&t, 0x0001001122334455ull, &vals[2]));
	cr_expect_eq(itab_len(&t), 3);
	cr_expect_eq(capacity(&t), 8, "the first allocation is 8 slots");
	cr_expect_eq(itab_lookup(&t, 0), &vals[0]);
	cr_expect_eq(itab_lookup(&t, UINT64_MAX), &vals[1]);
	cr_expect_eq(itab_lookup(&t, 0x0001001122334455ull), &vals[2]);
	cr_expect_null(itab_lookup(&t, 0x0002001122334455ull), "another VLAN, same MAC");

	cr_expect_eq(itab_insert(&t, UINT64_MAX, &vals[3]), &vals[1], "replaced: the old value");
	cr_expect_eq(itab_len(&t), 3);
	cr_expect_eq(itab_lookup(&t, UINT64_MAX), &vals[3]);

	cr_expect_eq(itab_remove(&t, 0), &vals[0]);
	cr_expect_null(itab_remove(&t, 0), "removed twice: nothing the second time");
	cr_expect_null(itab_lookup(&t, 0));
	cr_expect_eq(itab_len(&t), 2);
	cr_expect_eq(itab_lookup(&t, UINT64_MAX), &vals[3]);
	cr_expect_eq(itab_lookup(&t, 0x0001001122334455ull), &vals[2]);
	itab_fini(&t);
}

Test(itab, grows_past_half_full)
{
	struct itab t;

	itab_init(&t);
	for (int i = 0; i < 4; i++)
		itab_insert(&t, (uint64_t)i * 1000, &vals[i]);
	cr_expect_eq(capacity(&t), 8, "4 of 8 slots: half full is allowed");
	itab_insert(&t, 4000, &vals[4]);
	cr_expect_eq(capacity(&t), 16);
	cr_expect_eq(t.shift, 60);
	for (int i = 0; i < 1000; i++)
		itab_insert(&t, (uint64_t)i * 1000, &vals[i]);
	cr_expect_eq(itab_len(&t), 1000);
	cr_expect_eq(capacity(&t), 2048, "1000 keys: the first power of two >= 2000");
	for (int i = 0; i < 1000; i++)
		cr_expect_eq(itab_lookup(&t, (uint64_t)i * 1000), &vals[i], "key %d", i * 1000);
	cr_expect_null(itab_lookup(&t, 999));
	itab_fini(&t);
}

Test(itab, removal_shifts_the_probe_run_back)
{
	struct itab t;
	uint64_t k[3], other[1];

	itab_init(&t);
	itab_insert(&t, 1, &vals[99]);	/* allocates: 8 slots, shift 61 */
	itab_remove(&t, 1);
	/* Three keys with home slot 6: they sit in 6, 7 and (wrapping) 0. */
	keys_at_home(&t, 6, 0, k, 3);
	keys_at_home(&t, 0, 0, other, 1);
	for (int i = 0; i < 3; i++)
		itab_insert(&t, k[i], &vals[i]);
	cr_expect_eq(t.slot[6].key, k[0]);
	cr_expect_eq(t.slot[7].key, k[1]);
	cr_expect_eq(t.slot[0].key, k[2]);
	/* A key whose home 0 is taken goes to 1. */
	itab_insert(&t, other[0], &vals[3]);
	cr_expect_eq(t.slot[1].key, other[0]);

	/* Removing the first moves each back by one, across the wrap. */
	cr_expect_eq(itab_remove(&t, k[0]), &vals[0]);
	cr_expect_eq(t.slot[6].key, k[1]);
	cr_expect_eq(t.slot[7].key, k[2]);
	cr_expect_eq(t.slot[0].key, other[0], "back home");
	cr_expect_null(t.slot[1].val, "no tombstone: the slot is empty");
	cr_expect_eq(itab_lookup(&t, k[1]), &vals[1]);
	cr_expect_eq(itab_lookup(&t, k[2]), &vals[2]);
	cr_expect_eq(itab_lookup(&t, other[0]), &vals[3]);

	/* Removing one at its home leaves an entry at home alone. */
	cr_expect_eq(itab_remove(&t, other[0]), &vals[3]);
	cr_expect_eq(t.slot[7].key, k[2]);
	cr_expect_null(t.slot[0].val);
	cr_expect_eq(itab_len(&t), 2);
	itab_fini(&t);
}

Test(itab, next_visits_each_entry_once)
{
	struct itab t;
	int seen[300] = { 0 };
	uint32_t pos = 0, n = 0;
	uint64_t key;
	void *v;

	itab_init(&t);
	for (int i = 0; i < 300; i++)
		itab_insert(&t, 0x0001020304050000ull + (uint64_t)i, &vals[i]);
	while (itab_next(&t, &pos, &key, &v)) {
		int i = (int)(key - 0x0001020304050000ull);

		cr_assert(i >= 0 && i < 300);
		cr_expect_eq(v, &vals[i]);
		seen[i]++;
		n++;
	}
	cr_expect_eq(n, 300);
	for (int i = 0; i < 300; i++)
		cr_expect_eq(seen[i], 1, "key %d", i);
	itab_fini(&t);
}

struct visits {
	int count[1000];
	uint64_t divisor;
};

static bool multiple_of(uint64_t key, void *val, void *arg)
{
	struct visits *vs = arg;

	cr_assert_eq(val, &vals[key]);
	vs->count[key]++;
	return key % vs->divisor == 0;
}

Test(itab, remove_if_sees_each_entry_once_and_keeps_the_rest)
{
	struct itab t;
	struct visits vs = { .divisor = 3 };

	itab_init(&t);
	for (uint64_t k = 0; k < 1000; k++)
		itab_insert(&t, k, &vals[k]);
	cr_expect_eq(itab_remove_if(&t, multiple_of, &vs), 334);
	cr_expect_eq(itab_len(&t), 666);
	for (uint64_t k = 0; k < 1000; k++) {
		cr_expect_eq(vs.count[k], 1, "key %lu visited once", (unsigned long)k);
		if (k % 3 == 0)
			cr_expect_null(itab_lookup(&t, k), "key %lu", (unsigned long)k);
		else
			cr_expect_eq(itab_lookup(&t, k), &vals[k], "key %lu", (unsigned long)k);
	}
	itab_fini(&t);
}

Test(itab, remove_if_in_a_run_that_wraps)
{
	struct itab t;
	struct visits vs = { .divisor = 1 };	/* removes all */
	uint64_t k[3];

	itab_init(&t);
	itab_insert(&t, 1, &vals[1]);
	itab_remove(&t, 1);
	keys_at_home(&t, 7, 0, k, 3);		/* slots 7, 0, 1 */
	cr_assert(k[2] < 1000);
	for (int i = 0; i < 3; i++)
		itab_insert(&t, k[i], &vals[k[i]]);
	cr_expect_eq(itab_remove_if(&t, multiple_of, &vs), 3);
	cr_expect_eq(itab_len(&t), 0);
	for (int i = 0; i < 3; i++)
		cr_expect_eq(vs.count[k[i]], 1);
	itab_fini(&t);
}

/* Random inserts and removals of keys that crowd a few home slots. */
Test(itab, matches_ghashtable_under_random_churn)
{
	GHashTable *ref = g_hash_table_new(g_int64_hash, g_int64_equal);
	uint64_t keys[4096];
	struct itab t;
	struct rng r;

	rng_init(&r, 7, "itab");
	itab_init(&t);
	for (int i = 0; i < 4096; i++)	/* MAC-like: one OUI, few low bits */
		keys[i] = 0x0001525400000000ull | (uint64_t)(i * 256);
	for (int step = 0; step < 100000; step++) {
		int i = (int)(rng_u32(&r) % (step < 50000 ? 4096u : 64u));
		uint64_t k = keys[i];
		bool had = g_hash_table_contains(ref, &keys[i]);

		if (rng_u32(&r) % 3) {
			cr_assert_eq(itab_insert(&t, k, &vals[i]), had ? &vals[i] : NULL);
			g_hash_table_add(ref, &keys[i]);
		} else {
			cr_assert_eq(itab_remove(&t, k), had ? &vals[i] : NULL);
			g_hash_table_remove(ref, &keys[i]);
		}
		cr_assert_eq(itab_len(&t), g_hash_table_size(ref), "step %d", step);
	}
	for (int i = 0; i < 4096; i++)
		cr_assert_eq(itab_lookup(&t, keys[i]),
			     g_hash_table_contains(ref, &keys[i]) ? &vals[i] : NULL, "key %d", i);
	g_hash_table_destroy(ref);
	itab_fini(&t);
}
