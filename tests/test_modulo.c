#include <criterion/criterion.h>
#include "modulo.h"
#include "rng.h"

static void check(uint32_t a, uint32_t d)
{
	struct sim_mod mod;

	sim_mod_set(&mod, d);
	cr_assert_eq(sim_mod(&mod, a), a % d, "%u %% %u: %u", a, d, sim_mod(&mod, a));
}

Test(modulo, edges)
{
	const uint32_t v[] = { 0, 1, 2, 3, 5, 7, 8, 255, 256, 1000, 65535, 65536,
			       0x7fffffff, 0x80000000u, 0xfffffffeu, 0xffffffffu };

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		for (size_t j = 0; j < sizeof(v) / sizeof(v[0]); j++)
			if (v[j])
				check(v[i], v[j]);
}

Test(modulo, small_divisors_every_hash_byte_pattern)
{
	/* members of a bond or a port-channel: 1 to 16, against hashes of every shape */
	for (uint32_t d = 1; d <= 16; d++)
		for (uint32_t a = 0; a < 70000; a++) {
			check(a, d);
			check(a * 2654435761u, d);
			check(~a, d);
		}
}

Test(modulo, random)
{
	struct rng r;

	rng_init(&r, 42, "modulo");
	for (int i = 0; i < 1000000; i++) {
		uint32_t d = (uint32_t)rng_u64(&r);

		check((uint32_t)rng_u64(&r), d ? d : 1);
		check((uint32_t)rng_u64(&r), (d >> (i % 32)) | 1);
	}
}

Test(modulo, unset_divisor_is_zero)
{
	struct sim_mod mod;

	sim_mod_set(&mod, 0);
	cr_expect_eq(mod.d, 0);
	cr_expect_eq(mod.m, 0);
}
