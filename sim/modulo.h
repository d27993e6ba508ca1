/*
 * modulo.h - a % d without a division, for a divisor that rarely changes.
 *
 * DOC: Choosing an egress by hash is "hash % members" per frame, as the
 * kernel and switches do it, and a 32-bit division costs some 25 cycles in
 * the middle of the packet path.  For a divisor d fixed between changes of
 * membership, Lemire, Kaser and Kurz ("Faster Remainder by Direct
 * Computation", 2019) give the remainder exactly from two multiplications:
 * with m = ceil(2^64 / d), the low 64 bits of m * a are the fractional part
 * of a / d scaled by 2^64, and multiplying those by d keeps the remainder
 * in the high 64 bits.  Exact for every 32-bit a and d >= 1 (d = 1 makes m
 * wrap to 0, and the remainder 0 is right).
 */
#ifndef BONDSIM_MODULO_H
#define BONDSIM_MODULO_H

#include <stdint.h>

struct sim_mod {
	uint64_t m;
	uint32_t d;		/* 0: not set, no remainder to take */
};

static inline void sim_mod_set(struct sim_mod *mod, uint32_t d)
{
	mod->d = d;
	mod->m = d ? UINT64_MAX / d + 1 : 0;
}

/* @a % the divisor last set (which must not be 0). */
static inline uint32_t sim_mod(const struct sim_mod *mod, uint32_t a)
{
	uint64_t frac = mod->m * a;

	return (uint32_t)(((unsigned __int128)frac * mod->d) >> 64);
}

#endif
