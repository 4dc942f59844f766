// SPDX-License-Identifier: GPL-2.0
/*
 * Division by a constant as a multiplication: the magic numbers.
 *
 * Ours; the method compilers use (T. Granlund and P. L. Montgomery,
 * "Division by Invariant Integers using Multiplication", PLDI 1994; H. S.
 * Warren, "Hacker's Delight", chapter 10), written afresh. A `div` takes
 * 20 to 90 cycles; a multiplication and a shift, 4.
 *
 * Unsigned, n-bit x, divisor d (not a power of two): pick the smallest s
 * for which m = ceil(2^(n+s) / d) satisfies m * d - 2^(n+s) <= 2^s. Then
 *
 *	x / d = floor(x * m / 2^(n+s))	for every 0 <= x < 2^n
 *
 * because x * m / 2^(n+s) = x/d + x * e / (d * 2^(n+s)) with e = m*d -
 * 2^(n+s) <= 2^s, so the error is below 1/d and cannot reach the next
 * integer. m has n + 1 bits at most: when it needs them all (`add`), the
 * code adds x back in after multiplying by the low n bits.
 *
 * Signed: Hacker's Delight's magic() (figure 10-1), which finds m and s
 * for q = mulhs(m, x) (+ x or - x when m's sign is not d's) >> s, plus one
 * when that is negative (division truncates toward zero).
 *
 * The eval functions compute in C exactly what opt_div.c makes the CPU
 * compute: the tests check them against `/` over edge cases and random
 * values before any machine code is involved.
 */
#include "opt.h"

typedef unsigned __int128 u128;

/* Is d a power of two? (d = 0 is not.) */
static bool is_pow2(u64 d)
{
	return d && !(d & (d - 1));
}

/*
 * m and s for unsigned division by d, 2 < d < 2^63 and not a power of two
 * (those take a shift), in `bits` = 32 or 64. Returns 0, or -EINVAL for a
 * divisor it does not handle.
 */
int div_magic_unsigned(u64 d, int bits, struct div_magic *m)
{
	if (d < 3 || is_pow2(d) || d > (1ULL << 63) || (bits == 32 && d > U32_MAX))
		return -EINVAL;
	/*
	 * TODO: find the smallest shift s for which m = ceil(2^(bits+s) / d)
	 * satisfies m * d - 2^(bits+s) <= 2^s, and fill *m: its low `bits`
	 * bits in m->mul, s in m->shift, and in m->add whether m needed the
	 * extra bit. Until then: no magic, and the JIT divides.
	 */
	(void)m;
	return -EINVAL;
}

/* What the emitted code computes: x / d by the multiplier. */
u64 div_magic_eval_unsigned(u64 x, int bits, const struct div_magic *m)
{
	u64 t;

	if (bits == 32) {
		x = (u32)x;
		/* in 64-bit registers: x * m fits, and so does t + x */
		if (!m->add)
			return (x * m->mul) >> (32 + m->shift);
		t = (x * m->mul) >> 32;
		return (t + x) >> m->shift;
	}
	t = ((u128)x * m->mul) >> 64;		/* mul: rdx */
	if (!m->add)
		return t >> m->shift;
	/* (t + x) >> s without the 65th bit: ((x - t) / 2 + t) >> (s - 1) */
	return (((x - t) >> 1) + t) >> (m->shift - 1);
}

/*
 * m and s for signed division by d, 2 <= |d| < 2^(bits-1) and |d| not a
 * power of two, in `bits` = 32 or 64. Hacker's Delight, figure 10-1, with
 * the bit width a parameter: the algorithm never overflows bits-bit
 * unsigned arithmetic, so 64-bit variables run the 32-bit case unchanged.
 */
int div_magic_signed(s64 d, int bits, struct div_magic *m)
{
	u64 two = 1ULL << (bits - 1);		/* 2^(bits-1) */
	u64 ad = d < 0 ? -(u64)d : (u64)d;
	u64 t, anc, q1, r1, q2, r2, delta;
	int p;

	if (ad < 3 || is_pow2(ad) || ad >= two)
		return -EINVAL;
	t = two + (d < 0);
	anc = t - 1 - t % ad;			/* |nc| */
	p = bits - 1;
	q1 = two / anc;
	r1 = two - q1 * anc;
	q2 = two / ad;
	r2 = two - q2 * ad;
	do {
		p++;
		q1 *= 2;
		r1 *= 2;
		if (r1 >= anc) {
			q1++;
			r1 -= anc;
		}
		q2 *= 2;
		r2 *= 2;
		if (r2 >= ad) {
			q2++;
			r2 -= ad;
		}
		delta = ad - r2;
	} while (q1 < delta || (q1 == delta && r1 == 0));
	m->mul = q2 + 1;
	if (d < 0)
		m->mul = -m->mul;
	if (bits == 32)
		m->mul = (u64)(s64)(s32)m->mul;	/* as a signed 32-bit number */
	m->shift = p - bits;
	m->add = false;
	return 0;
}

/* What the emitted code computes: x / d (truncated) by the multiplier. */
s64 div_magic_eval_signed(s64 x, s64 d, int bits, const struct div_magic *m)
{
	s64 mul = (s64)m->mul, q;

	if (bits == 32) {
		x = (s32)x;
		q = (x * mul) >> 32;			/* mulhs, in a 64-bit register */
	} else {
		q = ((__int128)x * mul) >> 64;	/* imul: rdx */
	}
	if (d > 0 && mul < 0)
		q += x;
	if (d < 0 && mul > 0)
		q -= x;
	q >>= m->shift;
	q += (u64)q >> 63;			/* toward zero */
	return q;
}
