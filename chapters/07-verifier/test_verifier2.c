// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 07 tests: the tnum operations, checked as properties: for random
 * tnums and random values they hold, the result holds what the CPU
 * computes.
 */
#include <stdlib.h>

#include "verifier.h"
#include "testutil.h"
#include "test_ctx.h"

static u64 rnd64(void)
{
	return ((u64)random() << 62) ^ ((u64)random() << 31) ^ (u64)random();
}

/* A random tnum and a random value it holds. */
static struct tnum random_tnum(u64 *val)
{
	u64 mask = rnd64() & rnd64(), v = rnd64() & ~mask;

	if (random() % 4 == 0)
		mask &= 0xff;
	*val = v | (rnd64() & mask);
	return (struct tnum){ .value = v, .mask = mask };
}

static bool holds(struct tnum t, u64 v)
{
	return (v & ~t.mask) == t.value;
}

START_TEST(tnum_ops_hold_their_results)
{
	srandom(0x7a11);
	for (unsigned int n = 0, rounds = test_rounds(200000); n < rounds; n++) {
		u64 a, b;
		struct tnum ta = random_tnum(&a), tb = random_tnum(&b);
		u8 sh = random() % 64;

		ck_assert(holds(tnum_add(ta, tb), a + b));
		ck_assert(holds(tnum_sub(ta, tb), a - b));
		ck_assert(holds(tnum_and(ta, tb), a & b));
		ck_assert(holds(tnum_or(ta, tb), a | b));
		ck_assert(holds(tnum_xor(ta, tb), a ^ b));
		ck_assert(holds(tnum_mul(ta, tb), a * b));
		ck_assert(holds(tnum_lshift(ta, sh), a << sh));
		ck_assert(holds(tnum_rshift(ta, sh), a >> sh));
		ck_assert(holds(tnum_arshift(ta, sh, 64), (u64)((s64)a >> sh)));
		ck_assert(holds(tnum_arshift(ta, sh % 32, 32), (u32)((s32)a >> (sh % 32))));
		ck_assert(holds(tnum_subreg(ta), (u32)a));
		ck_assert(holds(tnum_clear_subreg(ta), a & ~0xffffffffULL));
		ck_assert(holds(tnum_const_subreg(ta, (u32)b), (a & ~0xffffffffULL) | (u32)b));
		ck_assert(holds(tnum_cast(ta, 2), a & 0xffff));
		ck_assert(tnum_in(ta, tnum_const(a)));
	}
}
END_TEST

void add_bounds_tests(Suite *s);
void add_walk_tests(Suite *s);

Suite *stage_suite(void)
{
	Suite *s = suite_create("07-verifier");
	TCase *tc = tcase_create("tnum");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, tnum_ops_hold_their_results);
	suite_add_tcase(s, tc);
	add_bounds_tests(s);
	add_walk_tests(s);
	add_ctx_access_tests(s);
	add_pkt_helper_tests(s);
	add_ld_abs_tests(s);
	add_cg_skb_tests(s);
	add_sock_addr_tests(s);
	add_flow_dissector_tests(s);
	return s;
}
