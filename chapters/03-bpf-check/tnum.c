// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/tnum.c: tnum_unknown, tnum_add(), tnum_strn(),
 * Linux v5.8; written afresh.
 *
 * A tnum is a number some of whose bits are unknown. This part of the
 * verifier needs only addition (a pointer plus a partly known offset) and
 * printing; the rest of tnum.c (and, or, shifts, intersect) comes with
 * range tracking.
 */
#include <stdio.h>

#include "linux/bpf_verifier.h"

const struct tnum tnum_unknown = { .value = 0, .mask = -1 };

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
