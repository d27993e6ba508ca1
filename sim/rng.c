/*
 * rng.c - xoshiro256** streams seeded through splitmix64.
 *
 * DOC: The stream name is folded into the seed with FNV-1a so that
 * "link:server.eth0--sw1.Gi0/1" and "bond:server.bond0" draw independent,
 * reproducible sequences from one scenario seed.
 */
#include "rng.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void rng_init(struct rng *r, uint64_t seed, const char *stream_name)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (const char *c = stream_name ? stream_name : ""; *c; c++)
		h = (h ^ (uint8_t)*c) * 0x100000001b3ULL;
	uint64_t x = seed ^ h;
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t rng_u64(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double rng_double(struct rng *r)
{
	return (double)(rng_u64(r) >> 11) * 0x1.0p-53;
}
