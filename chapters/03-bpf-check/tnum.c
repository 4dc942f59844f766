// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/tnum.c: tnum_unknown, tnum_range(), tnum_add(),
 * tnum_intersect(), tnum_strn(), Linux v5.8; written afresh.
 *
 * A tnum is a number some of whose bits are unknown. This part of the
 * verifier needs addition (a pointer plus a partly known offset), the
 * conversion from a range (what a comparison teaches), intersection and
 * printing; the rest of tnum.c (and, or, shifts) comes with range tracking
 * through arithmetic.
 */
#include <stdio.h>

#include "linux/bpf_verifier.h"

const struct tnum tnum_unknown = { .value = 0, .mask = -1 };

/* The smallest tnum holding every value of [min, max]. */
struct tnum tnum_range(u64 min, u64 max)
{
	u64 chi = min ^ max, delta;
	u8 bits = chi ? 64 - __builtin_clzll(chi) : 0;	/* fls64() */

	/* special case, needed because 1ULL << 64 is undefined */
	if (bits > 63)
		return tnum_unknown;
	/* e.g. if chi = 4, bits = 3, delta = (1<<3) - 1 = 7.
	 * if chi = 0, bits = 0, delta = (1<<0) - 1 = 0, so we return
	 *  constant min (since min == max).
	 */
	delta = (1ULL << bits) - 1;
	return TNUM(min & ~delta, delta);
}

/* What both a and b say: a bit is known if either knows it. */
struct tnum tnum_intersect(struct tnum a, struct tnum b)
{
	u64 v, mu;

	v = a.value | b.value;
	mu = a.mask & b.mask;
	return TNUM(v & ~mu, mu);
}

struct tnum tnum_add(struct tnum a, struct tnum b)
{
	u64 sm, sv, sigma, chi, mu;

	sm = a.mask + b.mask;		/* the largest the unknown parts add to */
	sv = a.value + b.value;		/* the known parts' sum */
	sigma = sm + sv;
	chi = sigma ^ sv;		/* bits a carry from unknown bits can flip */
	mu = chi | a.mask | b.mask;
	return TNUM(sv & ~mu, mu);
}

int tnum_strn(char *str, size_t size, struct tnum a)
{
	/* The kernel's "%#llx" prints 0 as "0x0"; the C library's as "0". */
	return snprintf(str, size, "(0x%llx; 0x%llx)",
			(unsigned long long)a.value, (unsigned long long)a.mask);
}
