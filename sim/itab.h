/*
 * itab.h - a small hash table from 64-bit integer keys to pointers.
 *
 * DOC: The lookups made for every frame (a switch's FDB by VLAN and MAC, a
 * host's ARP cache by address, its UDP sockets by port) have integer keys
 * and a handful of entries.  GLib's GHashTable pays for its generality
 * there: a key pointer, calls through hash and equal functions, three
 * arrays to touch.  An itab keeps key and value side by side in one array
 * of 16-byte slots, so a lookup is a multiply, a shift and usually one
 * cache line, with no call.
 *
 * Open addressing with linear probing.  The home slot is Fibonacci hashing
 * (multiply by 2^64 / phi, keep the top log2(capacity) bits), which spreads
 * keys that differ in a few low bits: the MACs of one vendor, the addresses
 * of one subnet, consecutive ports.  The table is never more than half
 * full, so a probe meets an empty slot soon; it doubles when it would be.
 * An empty table holds no memory, and its first allocation is 8 slots
 * (128 bytes): a host with two neighbours stays small.  Removal shifts the
 * rest of the probe run back into the hole (no tombstones), so lookups do
 * not slow down after churn and the table never needs rebuilding.
 *
 * A NULL value marks an empty slot: values stored must not be NULL.  Any
 * key is valid, 0 included.  The order of itab_next() is the slot order:
 * it depends only on the keys and the history of insertions and removals,
 * never on addresses, but it is no order anyone wants to read: sort what
 * you print.
 */
#ifndef BONDSIM_ITAB_H
#define BONDSIM_ITAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct itab_slot {
	uint64_t key;
	void *val;			/* NULL: the slot is empty */
};

struct itab {
	struct itab_slot *slot;		/* NULL while nothing was ever inserted */
	uint32_t mask;			/* capacity - 1 (capacity a power of two) */
	uint32_t len;			/* slots in use */
	uint32_t shift;			/* 64 - log2(capacity) */
};

/* An empty table; all zero is one too. */
void itab_init(struct itab *t);
/* Free the slots (not the values: free them first, with itab_next()). */
void itab_fini(struct itab *t);

/* Fibonacci hashing: @key's home among 2^(64 - @shift) slots (also the FDB's). */
static inline uint32_t itab_home_shift(uint64_t key, uint32_t shift)
{
	return (uint32_t)((key * UINT64_C(0x9e3779b97f4a7c15)) >> shift);
}

/* The slot where @key's probe starts. */
static inline uint32_t itab_home(const struct itab *t, uint64_t key)
{
	return itab_home_shift(key, t->shift);
}

/*
 * Backward-shift deletion, for this table and for others that keep its
 * algorithms on bigger slots (the switch's FDB): with slot @i emptied, the
 * entry in slot @j (probing on from i) whose home slot is @home may move
 * back into i, unless its home lies in (i, j].
 */
static inline bool itab_may_move_back(uint32_t home, uint32_t i, uint32_t j, uint32_t mask)
{
	return ((j - home) & mask) >= ((j - i) & mask);
}

/* The value stored under @key, or NULL. */
static inline void *itab_lookup(const struct itab *t, uint64_t key)
{
	if (!t->len)
		return NULL;
	/* Ends: at most half the slots are in use, so an empty one comes. */
	for (uint32_t i = itab_home(t, key);; i = (i + 1) & t->mask) {
		const struct itab_slot *s = &t->slot[i];

		if (!s->val)
			return NULL;
		if (s->key == key)
			return s->val;
	}
}

static inline uint32_t itab_len(const struct itab *t)
{
	return t->len;
}

/* Store @val (not NULL) under @key; returns the value it replaced, or NULL. */
void *itab_insert(struct itab *t, uint64_t key, void *val);
/* Remove @key; returns its value, or NULL when it was not there. */
void *itab_remove(struct itab *t, uint64_t key);

/*
 * Walk the entries: start with *@pos = 0, and each call that returns true
 * sets *@key (may be NULL) and *@val and advances *@pos.  The table must not
 * change during the walk; to remove entries, use itab_remove_if().
 */
bool itab_next(const struct itab *t, uint32_t *pos, uint64_t *key, void **val);

/*
 * Remove every entry for which @fn returns true, visiting each entry once;
 * @fn may free the value it returns true for (the table no longer looks at
 * it), but must not change the table.  Returns how many were removed.
 */
typedef bool (*itab_pred_fn)(uint64_t key, void *val, void *arg);
uint32_t itab_remove_if(struct itab *t, itab_pred_fn fn, void *arg);

#endif
