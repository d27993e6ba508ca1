/*
 * rng.h - seeded random streams, one per component.
 *
 * DOC: Each component (a link's loss, a bond's balance-rr with
 * packets_per_slave=0, a flow's jitter) owns a stream derived from the
 * scenario seed and the component's name, so adding a host does not change
 * the numbers another host draws.  The generator is xoshiro256** seeded by
 * splitmix64 (public-domain algorithms by Blackman and Vigna); it is fast,
 * has no global state and gives the same sequence on every platform.
 */
#ifndef BONDSIM_RNG_H
#define BONDSIM_RNG_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
};

void rng_init(struct rng *r, uint64_t seed, const char *stream_name);
uint64_t rng_u64(struct rng *r);
static inline uint32_t rng_u32(struct rng *r) { return (uint32_t)(rng_u64(r) >> 32); }
/* Uniform in [0, 1). */
double rng_double(struct rng *r);
/* true with probability p. */
static inline int rng_bernoulli(struct rng *r, double p) { return p > 0 && rng_double(r) < p; }

#endif
