// SPDX-License-Identifier: GPL-2.0
/*
 * get_random_u32(): the kernel's CRNG by default, a seeded splitmix64 on
 * request (see linux/random.h). Splitmix64 is tiny, has no bad seeds, and its
 * sequence is fixed by the seed alone, which is all reproducible output needs.
 */
#include <sys/random.h>

#include "linux/random.h"

static u64 seed_state;
static bool seeded;

void set_random_seed(u64 seed)
{
	seed_state = seed;
	seeded = seed != 0;
}

static u64 splitmix64(void)
{
	u64 z = (seed_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

u32 get_random_u32(void)
{
	u32 v;

	if (seeded)
		return (u32)(splitmix64() >> 32);
	if (getrandom(&v, sizeof(v), 0) != sizeof(v))
		return (u32)splitmix64();	/* no entropy source: still a number */
	return v;
}
