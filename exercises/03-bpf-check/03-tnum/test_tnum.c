// SPDX-License-Identifier: GPL-2.0
/*
 * Grading tests for exercise 03/03: tnum_range(), tnum_intersect(),
 * tnum_add(), tnum_strn(). Two kinds: exact results the kernel's functions
 * give, and soundness over many random members (a tnum that leaves out a
 * value the program can hold would let the verifier accept a wrong program).
 * tnum_unknown passes every soundness test and no exact one.
 */
#include <string.h>

#include "linux/bpf_verifier.h"
#include "testutil.h"

static bool contains(struct tnum t, u64 x)
{
	return (x & ~t.mask) == t.value;
}

static void expect(struct tnum got, u64 value, u64 mask, const char *what)
{
	ck_assert_msg(got.value == value && got.mask == mask,
		      "%s: (%#llx; %#llx), expected (%#llx; %#llx)", what,
		      (unsigned long long)got.value, (unsigned long long)got.mask,
		      (unsigned long long)value, (unsigned long long)mask);
}

/* xorshift64: the tests' own numbers, the same every run */
static u64 rnd(void)
{
	static u64 s = 0x9e3779b97f4a7c15ULL;

	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return s;
}

/* A random tnum, sometimes narrow, and a random member of it. */
static struct tnum rnd_tnum(void)
{
	u64 mask = rnd() & (rnd() & 1 ? rnd() : 0xff);

	return TNUM(rnd() & ~mask, mask);
}

static u64 member(struct tnum t)
{
	return t.value | (rnd() & t.mask);
}

START_TEST(range_exact)
{
	expect(tnum_range(0, 4), 0, 7, "tnum_range(0, 4)");
	expect(tnum_range(16, 31), 16, 15, "tnum_range(16, 31)");
	expect(tnum_range(5, 5), 5, 0, "tnum_range(5, 5): a constant");
	expect(tnum_range(0, U64_MAX), 0, U64_MAX, "tnum_range(0, U64_MAX)");
	expect(tnum_range(1ULL << 63, U64_MAX), 1ULL << 63, (1ULL << 63) - 1,
	       "tnum_range(1 << 63, U64_MAX)");
}
END_TEST

START_TEST(range_sound)
{
	for (int i = 0; i < 20000; i++) {
		u64 a = rnd() >> (rnd() % 64), b = rnd() >> (rnd() % 64);
		u64 lo = a < b ? a : b, hi = a < b ? b : a;
		u64 x = lo + (hi - lo ? rnd() % (hi - lo + 1 ? hi - lo + 1 : 1) : 0);
		struct tnum t = tnum_range(lo, hi);

		ck_assert_msg(contains(t, lo) && contains(t, hi) && contains(t, x),
			      "tnum_range(%#llx, %#llx) = (%#llx; %#llx) leaves out %#llx",
			      (unsigned long long)lo, (unsigned long long)hi,
			      (unsigned long long)t.value, (unsigned long long)t.mask,
			      (unsigned long long)x);
	}
}
END_TEST

START_TEST(add_exact)
{
	expect(tnum_add(tnum_const(3), tnum_const(4)), 7, 0, "3 + 4");
	expect(tnum_add(TNUM(0, 1), TNUM(0, 1)), 0, 3, "{0,1} + {0,1}");
	expect(tnum_add(TNUM(8, 3), tnum_const(1)), 8, 7, "{8..11} + 1: a carry may reach bit 2");
}
END_TEST

START_TEST(add_of_a_pointer_offset)
{
	/* the verifier's case: a known base plus an offset it knows is 8-aligned */
	expect(tnum_add(tnum_const(0x1000), TNUM(0, 0x38)), 0x1000, 0x38,
	       "0x1000 + (0; 0x38): no carry can happen");
	expect(tnum_add(tnum_const(0x1008), TNUM(0, 0x38)), 0x1000, 0x78,
	       "0x1008 + (0; 0x38): a carry may reach bit 6");
	expect(tnum_add(tnum_const(U64_MAX), tnum_const(1)), 0, 0, "U64_MAX + 1 wraps to 0");
}
END_TEST

START_TEST(add_sound)
{
	for (int i = 0; i < 20000; i++) {
		struct tnum a = rnd_tnum(), b = rnd_tnum(), s = tnum_add(a, b);
		u64 x = member(a), y = member(b);

		ck_assert_msg(contains(s, x + y), "(%#llx; %#llx) + (%#llx; %#llx) = (%#llx; %#llx) leaves out %#llx + %#llx",
			      (unsigned long long)a.value, (unsigned long long)a.mask,
			      (unsigned long long)b.value, (unsigned long long)b.mask,
			      (unsigned long long)s.value, (unsigned long long)s.mask,
			      (unsigned long long)x, (unsigned long long)y);
	}
}
END_TEST

START_TEST(intersect_exact)
{
	expect(tnum_intersect(TNUM(0, 0xff), TNUM(0x10, 0x0f)), 0x10, 0x0f, "(0; 0xff) and (0x10; 0xf)");
	expect(tnum_intersect(tnum_unknown, tnum_const(42)), 42, 0, "unknown and 42");
}
END_TEST

START_TEST(intersect_sound)
{
	for (int i = 0; i < 20000; i++) {
		struct tnum a = rnd_tnum(), b, t;
		u64 x = member(a);

		/* b: another tnum that also holds x */
		b = TNUM(0, rnd() & (rnd() | 0xf0f0));
		b.value = x & ~b.mask;
		t = tnum_intersect(a, b);
		ck_assert_msg(contains(t, x), "the intersection (%#llx; %#llx) leaves out %#llx",
			      (unsigned long long)t.value, (unsigned long long)t.mask,
			      (unsigned long long)x);
	}
}
END_TEST

START_TEST(strn_format)
{
	char buf[64], small[8];

	ck_assert_int_eq(tnum_strn(buf, sizeof(buf), TNUM(0x10, 0x0f)), 11);
	ck_assert_str_eq(buf, "(0x10; 0xf)");
	tnum_strn(buf, sizeof(buf), tnum_unknown);
	ck_assert_str_eq(buf, "(0x0; 0xffffffffffffffff)");
	/* too small: cut, terminated, and the length it needed */
	ck_assert_int_eq(tnum_strn(small, sizeof(small), tnum_const(5)), 10);
	ck_assert_str_eq(small, "(0x5; 0");
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("03/03 tnum");
	TCase *tc = tcase_create("tnum");

	ADD(tc, range_exact);
	ADD(tc, range_sound);
	ADD(tc, add_exact);
	ADD(tc, add_of_a_pointer_offset);
	ADD(tc, add_sound);
	ADD(tc, intersect_exact);
	ADD(tc, intersect_sound);
	ADD(tc, strn_format);
	suite_add_tcase(s, tc);
	return s;
}
