/*
 * itab.c - integer-keyed open-addressing hash table (see itab.h).
 *
 * DOC: Deletion is the backward shift of linear probing (Knuth's
 * Algorithm R): after emptying slot i, each later entry of the same run
 * moves into the hole when its home slot does not lie cyclically between
 * the hole and itself, and the hole moves on to where it was.  Every entry
 * then stays reachable from its home without crossing an empty slot.
 */
#include <glib.h>
#include "itab.h"

#define ITAB_MIN_CAP 8u

void itab_init(struct itab *t)
{
	*t = (struct itab){ 0 };
}

void itab_fini(struct itab *t)
{
	g_free(t->slot);
	itab_init(t);
}

/* Put @key in the first empty slot of its probe; the key must be absent. */
static void place(struct itab *t, uint64_t key, void *val)
{
	uint32_t i = itab_home(t, key);

	while (t->slot[i].val)
		i = (i + 1) & t->mask;
	t->slot[i] = (struct itab_slot){ key, val };
}

static void resize(struct itab *t, uint32_t cap)
{
	struct itab_slot *old = t->slot;
	uint32_t old_cap = old ? t->mask + 1 : 0;

	t->slot = g_new0(struct itab_slot, cap);
	t->mask = cap - 1;
	t->shift = 64 - (uint32_t)g_bit_storage(cap - 1);
	for (uint32_t i = 0; i < old_cap; i++)
		if (old[i].val)
			place(t, old[i].key, old[i].val);
	g_free(old);
}

void *itab_insert(struct itab *t, uint64_t key, void *val)
{
	uint32_t i;

	g_assert(val);
	if (!t->slot)
		resize(t, ITAB_MIN_CAP);
	for (i = itab_home(t, key); t->slot[i].val; i = (i + 1) & t->mask) {
		if (t->slot[i].key == key) {
			void *was = t->slot[i].val;

			t->slot[i].val = val;
			return was;
		}
	}
	/* A new key: keep the table at most half full. */
	if (2 * (t->len + 1) > t->mask + 1) {
		resize(t, 2 * (t->mask + 1));
		place(t, key, val);
	} else {
		t->slot[i] = (struct itab_slot){ key, val };
	}
	t->len++;
	return NULL;
}

/* Empty slot @i and close the hole (backward shift). */
static void delete_at(struct itab *t, uint32_t i)
{
	for (uint32_t j = (i + 1) & t->mask; t->slot[j].val; j = (j + 1) & t->mask) {
		if (itab_may_move_back(itab_home(t, t->slot[j].key), i, j, t->mask)) {
			t->slot[i] = t->slot[j];
			i = j;
		}
	}
	t->slot[i] = (struct itab_slot){ 0, NULL };
	t->len--;
}

void *itab_remove(struct itab *t, uint64_t key)
{
	if (!t->len)
		return NULL;
	for (uint32_t i = itab_home(t, key); t->slot[i].val; i = (i + 1) & t->mask) {
		if (t->slot[i].key == key) {
			void *was = t->slot[i].val;

			delete_at(t, i);
			return was;
		}
	}
	return NULL;
}

bool itab_next(const struct itab *t, uint32_t *pos, uint64_t *key, void **val)
{
	uint32_t cap = t->slot ? t->mask + 1 : 0;

	for (; *pos < cap; (*pos)++) {
		const struct itab_slot *s = &t->slot[*pos];

		if (s->val) {
			if (key)
				*key = s->key;
			*val = s->val;
			(*pos)++;
			return true;
		}
	}
	return false;
}

uint32_t itab_remove_if(struct itab *t, itab_pred_fn fn, void *arg)
{
	uint32_t start, removed = 0;

	if (!t->len)
		return 0;
	/*
	 * Walk from just after an empty slot: no probe run then wraps past the
	 * walk's start, and the backward shift only moves entries from later
	 * slots of the walk into the current one, which is looked at again.
	 * So no entry is skipped and none is seen twice.
	 */
	for (start = 0; t->slot[start].val; start++)
		;
	for (uint32_t k = 1; k <= t->mask; k++) {
		uint32_t i = (start + k) & t->mask;

		while (t->slot[i].val && fn(t->slot[i].key, t->slot[i].val, arg)) {
			delete_at(t, i);
			removed++;
		}
	}
	return removed;
}
