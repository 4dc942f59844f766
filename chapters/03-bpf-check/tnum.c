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

/*
 * The smallest tnum holding every value of [min, max]: the bits above the
 * highest one in which min and max differ are common to the whole range,
 * and every bit from that one down may take either value. With no bit
 * differing, the range is the constant min.
 */
struct tnum tnum_range(u64 min, u64 max)
{
	u64 differ = min ^ max, low;
	int top = differ ? 64 - __builtin_clzll(differ) : 0;	/* fls64() */

	/* they differ in bit 63: nothing known (and 1 << 64 is undefined) */
	if (top == 64)
		return tnum_unknown;
	low = (1ULL << top) - 1;
	return TNUM(min & ~low, low);
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
