// SPDX-License-Identifier: GPL-2.0
/* Grading tests for exercise 01/01: bpf_check_uarg_tail_zero(). */
#include <string.h>

#include "linux/bpf.h"
#include "testutil.h"

START_TEST(silly_large_is_e2big)
{
	char buf[8] = { 0 };

	ck_assert_int_eq(bpf_check_uarg_tail_zero(buf, 120, PAGE_SIZE + 1), -E2BIG);
	ck_assert_int_eq(bpf_check_uarg_tail_zero(BAD_UPTR, 120, 1 << 20), -E2BIG);
}
END_TEST

START_TEST(short_or_exact_is_ok_without_reading)
{
	ck_assert_int_eq(bpf_check_uarg_tail_zero(BAD_UPTR, 120, 64), 0);
	ck_assert_int_eq(bpf_check_uarg_tail_zero(BAD_UPTR, 120, 120), 0);
}
END_TEST

START_TEST(zero_tail_is_ok)
{
	char *p = guarded_alloc(PAGE_SIZE, 0);

	ck_assert_int_eq(bpf_check_uarg_tail_zero(p, 120, 121), 0);
	ck_assert_int_eq(bpf_check_uarg_tail_zero(p, 120, PAGE_SIZE), 0);
	guarded_free(p, PAGE_SIZE);
}
END_TEST

START_TEST(nonzero_tail_is_e2big)
{
	char *p = guarded_alloc(200, 0);

	p[199] = 1;
	ck_assert_int_eq(bpf_check_uarg_tail_zero(p, 120, 200), -E2BIG);
	p[199] = 0;
	p[120] = 1;
	ck_assert_int_eq(bpf_check_uarg_tail_zero(p, 120, 200), -E2BIG);
	guarded_free(p, 200);
}
END_TEST

START_TEST(unreadable_tail_is_efault)
{
	char *p = guarded_alloc(150, 0);

	/* 150 bytes readable, 151 claimed: the last byte faults. */
	ck_assert_int_eq(bpf_check_uarg_tail_zero(p, 120, 151), -EFAULT);
	guarded_free(p, 150);
}
END_TEST

START_TEST(sys_bpf_refuses_unknown_nonzero_field)
{
	char *p = guarded_alloc(256, 0);

	p[130] = 0x40;
	ck_assert_int_eq(sys_bpf(BPF_PROG_LOAD, (void *)p, 256), -E2BIG);
	guarded_free(p, 256);
}
END_TEST

START_TEST(sys_bpf_accepts_newer_zeroed_attr)
{
	char *p = guarded_alloc(256, 0);

	/* Passes the door; chapter 01 has no PROG_LOAD handler behind it. */
	ck_assert_int_eq(sys_bpf(BPF_PROG_LOAD, (void *)p, 256), -EOPNOTSUPP);
	guarded_free(p, 256);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("exercise 01/01");
	TCase *tc = tcase_create("bpf_check_uarg_tail_zero");

	ADD(tc, silly_large_is_e2big);
	ADD(tc, short_or_exact_is_ok_without_reading);
	ADD(tc, zero_tail_is_ok);
	ADD(tc, nonzero_tail_is_e2big);
	ADD(tc, unreadable_tail_is_efault);
	ADD(tc, sys_bpf_refuses_unknown_nonzero_field);
	ADD(tc, sys_bpf_accepts_newer_zeroed_attr);
	suite_add_tcase(s, tc);
	return s;
}
