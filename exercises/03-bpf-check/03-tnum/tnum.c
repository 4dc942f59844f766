// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 03/03: tnums, the verifier's numbers with unknown bits.
 * Mirrors kernel/bpf/tnum.c: tnum_range(), tnum_intersect(), tnum_add(),
 * tnum_strn(), Linux v5.8.
 *
 * A tnum (value; mask) stands for every x with x & ~mask == value: a bit set
 * in mask is unknown, the others are value's. value & mask is always 0.
 */
#include <stdio.h>

#include "linux/bpf_verifier.h"

/* Every bit unknown: always right, never useful. */
const struct tnum tnum_unknown = { .value = 0, .mask = -1 };

/* The smallest tnum holding every value of [min, max]. */
struct tnum tnum_range(u64 min, u64 max)
{
	/* TODO */
	(void)min; (void)max;
	return tnum_unknown;
}

/* What both a and b say: a bit is known if either knows it. */
struct tnum tnum_intersect(struct tnum a, struct tnum b)
{
	/* TODO */
	(void)a; (void)b;
	return tnum_unknown;
}

/* Every sum of a member of a and a member of b, as few other values as can be. */
struct tnum tnum_add(struct tnum a, struct tnum b)
{
	/* TODO */
	(void)a; (void)b;
	return tnum_unknown;
}

/* "(0x5; 0x0)", as snprintf() counts: the length it needed. */
int tnum_strn(char *str, size_t size, struct tnum a)
{
	/* TODO */
	(void)a;
	return snprintf(str, size, "%s", "");
}
