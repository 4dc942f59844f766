// SPDX-License-Identifier: GPL-2.0
/*
 * The magic numbers, before any machine code: for every divisor tried,
 * what the emitted code will compute (div_magic_eval_*()) must be what C's
 * division computes, for the dividends where mistakes live (0, 1, d - 1,
 * d, d + 1, the largest, the smallest) and for random ones.
 */
#include <stdlib.h>

#include "test_opt.h"
#include "opt.h"

static u64 rnd_state;

static u64 rnd(void)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 2685821657736338717ULL;
}

/* Divisors where mistakes live, and random ones of every size. */
static u64 divisor(unsigned int k)
{
	static const u64 d[] = { 3, 5, 6, 7, 9, 10, 11, 12, 25, 100, 641, 1000, 6700417,
				 0x7fffffff, 0x80000001, 0xfffffffe, 0xffffffff,
				 0x100000001ULL, 0x7fffffffffffffffULL, 0x8000000000000001ULL,
				 0xfffffffffffffffeULL };

	if (k < ARRAY_SIZE(d))
		return d[k];
	return rnd() >> (rnd() % 64);
}

static void check_unsigned(u64 d, int bits)
{
	u64 max = bits == 32 ? U32_MAX : U64_MAX;
	u64 xs[] = { 0, 1, d - 1, d, d + 1, 2 * d - 1, 2 * d, max, max - 1, max / 2, max / 2 + 1 };
	struct div_magic m;

	if (d > max || d < 3 || !(d & (d - 1)))
		return;
	if (div_magic_unsigned(d, bits, &m)) {
		/* only 64-bit divisors above 2^63 have none: they are divided */
		ck_assert_msg(bits == 64 && d > (1ULL << 63), "no magic for %llu (%d bits)",
			      (unsigned long long)d, bits);
		return;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(xs) + 200; i++) {
		u64 x = (i < ARRAY_SIZE(xs) ? xs[i] : rnd()) & max;

		if (div_magic_eval_unsigned(x, bits, &m) != x / d)	/* (ck_assert per value: slow) */
			ck_abort_msg("%d-bit %llu / %llu: got %llu (m %#llx, s %u, add %d)", bits,
			      (unsigned long long)x, (unsigned long long)d,
			      (unsigned long long)div_magic_eval_unsigned(x, bits, &m),
			      (unsigned long long)m.mul, m.shift, m.add);
	}
}

static void check_signed(s64 d, int bits)
{
	s64 min = bits == 32 ? INT_MIN : S64_MIN, max = bits == 32 ? INT_MAX : S64_MAX;
	s64 xs[] = { 0, 1, -1, d - 1, d, d + 1, -d, 2 * d, min, min + 1, max, max - 1 };
	u64 ad = d < 0 ? -(u64)d : (u64)d;
	struct div_magic m;

	if (d < min || d > max || ad < 3 || !(ad & (ad - 1)) || ad > (u64)max)
		return;
	ck_assert_msg(!div_magic_signed(d, bits, &m), "no magic for %lld (%d bits)",
		      (long long)d, bits);
	for (unsigned int i = 0; i < ARRAY_SIZE(xs) + 200; i++) {
		s64 x = i < ARRAY_SIZE(xs) ? xs[i] : (s64)rnd();

		if (bits == 32)
			x = (s32)x;
		if (div_magic_eval_signed(x, d, bits, &m) != x / d)
			ck_abort_msg("%d-bit %lld / %lld: got %lld (m %#llx, s %u)", bits, (long long)x,
			      (long long)d, (long long)div_magic_eval_signed(x, d, bits, &m),
			      (unsigned long long)m.mul, m.shift);
	}
}

START_TEST(opt_magic_unsigned)
{
	rnd_state = 0x9e3779b97f4a7c15ULL;
	for (unsigned int k = 0; k < test_rounds(3000); k++) {
		u64 d = divisor(k);

		check_unsigned(d, 64);
		check_unsigned(d & U32_MAX, 32);
	}
}
END_TEST

START_TEST(opt_magic_signed)
{
	rnd_state = 0x7f4a7c159e3779b9ULL;
	for (unsigned int k = 0; k < test_rounds(3000); k++) {
		s64 d = (s64)divisor(k);

		check_signed(d, 64);
		check_signed(-d, 64);
		check_signed((s32)d, 32);
		check_signed(-(s64)(s32)d, 32);
	}
}
END_TEST

/* Powers of two and 0, 1, 2 take shifts, not magic: refused. */
START_TEST(opt_magic_refuses)
{
	struct div_magic m;

	ck_assert_int_eq(div_magic_unsigned(0, 32, &m), -EINVAL);
	ck_assert_int_eq(div_magic_unsigned(1, 64, &m), -EINVAL);
	ck_assert_int_eq(div_magic_unsigned(4096, 64, &m), -EINVAL);
	ck_assert_int_eq(div_magic_unsigned(0x100000000ULL, 32, &m), -EINVAL);
	ck_assert_int_eq(div_magic_unsigned(0x8000000000000001ULL, 64, &m), -EINVAL);
	ck_assert_int_eq(div_magic_signed(-1, 32, &m), -EINVAL);
	ck_assert_int_eq(div_magic_signed(INT_MIN, 32, &m), -EINVAL);
	ck_assert_int_eq(div_magic_signed(-4, 64, &m), -EINVAL);
	/* gcc's constant for x / 1000 (u32): 0x10624dd3, shift 38 = 32 + 6 */
	ck_assert_int_eq(div_magic_unsigned(1000, 32, &m), 0);
	ck_assert_uint_eq(m.mul, 0x10624dd3);
	ck_assert_uint_eq(m.shift, 6);
	ck_assert(!m.add);
	/* and for x / 7 (u32) it needs the 33rd bit: the add */
	ck_assert_int_eq(div_magic_unsigned(7, 32, &m), 0);
	ck_assert(m.add);
}
END_TEST

void opt_magic_tests(Suite *s)
{
	TCase *tc = tcase_create("opt_magic");

	ADD(tc, opt_magic_unsigned);
	ADD(tc, opt_magic_signed);
	ADD(tc, opt_magic_refuses);
	suite_add_tcase(s, tc);
}
