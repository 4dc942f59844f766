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

/*
 * The kernel's get_random_u32() takes its numbers from a per-CPU batch that
 * it refills from the CRNG (batched_entropy_u32): blinding draws one per
 * rewritten instruction, and a system call each would dominate. So does
 * ours, 64 numbers per getrandom().
 */
u32 get_random_u32(void)
{
	static u32 batch[64];
	static unsigned int left;

	if (seeded)
		return (u32)(splitmix64() >> 32);
	if (!left) {
		if (getrandom(batch, sizeof(batch), 0) != sizeof(batch))
			return (u32)splitmix64();	/* no entropy source: still a number */
		left = ARRAY_SIZE(batch);
	}
	return batch[--left];
}
