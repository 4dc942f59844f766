// SPDX-License-Identifier: GPL-2.0
/* Grading tests for exercise 01/02: security_bpf(). */
#include <string.h>

#include "linux/bpf.h"
#include "testutil.h"

extern u64 bpf_lsm_denied_cmds;
extern bool bpf_lsm_deny_unverified;

static void policy(u64 cmds, bool unverified)
{
	bpf_lsm_denied_cmds = cmds;
	bpf_lsm_deny_unverified = unverified;
}

START_TEST(denied_command_is_eperm)
{
	union bpf_attr attr = { 0 };

	policy(1ULL << BPF_PROG_LOAD, false);
	ck_assert_int_eq(sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr)), -EPERM);
	policy(1ULL << BPF_MAP_CREATE | 1ULL << BPF_PROG_TEST_RUN, false);
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EPERM);
}
END_TEST

START_TEST(other_commands_pass)
{
	union bpf_attr attr = { 0 };

	policy(1ULL << BPF_MAP_CREATE, false);
	ck_assert_int_eq(sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr)), -EOPNOTSUPP);
	policy(0, false);
	ck_assert_int_eq(sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr)), -EOPNOTSUPP);
}
END_TEST

START_TEST(unverified_load_is_eperm)
{
	union bpf_attr attr = { 0 };

	policy(0, true);
	attr.prog_flags = BPF_F_UNVERIFIED;
	ck_assert_int_eq(sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr)), -EPERM);
}
END_TEST

START_TEST(verified_load_passes)
{
	union bpf_attr attr = { 0 };

	policy(0, true);
	attr.prog_flags = BPF_F_STRICT_ALIGNMENT;
	ck_assert_int_eq(sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr)), -EOPNOTSUPP);
	/* The flag matters only for loads. */
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EOPNOTSUPP);
}
END_TEST

START_TEST(door_checks_come_first)
{
	char *p = guarded_alloc(256, 0);

	/* The hook runs after the size, tail and copy checks. */
	policy(~0ULL, true);
	ck_assert_int_eq(sys_bpf(BPF_PROG_LOAD, BAD_UPTR, 120), -EFAULT);
	ck_assert_int_eq(sys_bpf(BPF_PROG_LOAD, (void *)p, PAGE_SIZE + 1), -E2BIG);
	p[200] = 1;
	ck_assert_int_eq(sys_bpf(BPF_PROG_LOAD, (void *)p, 256), -E2BIG);
	guarded_free(p, 256);
}
END_TEST

START_TEST(unknown_commands_stay_einval)
{
	union bpf_attr attr = { 0 };

	policy(~0ULL, false);
	ck_assert_int_eq(sys_bpf(-1, &attr, sizeof(attr)), -EINVAL);
	ck_assert_int_eq(sys_bpf(64, &attr, sizeof(attr)), -EINVAL);
	ck_assert_int_eq(sys_bpf(1000, &attr, sizeof(attr)), -EINVAL);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("exercise 01/02");
	TCase *tc = tcase_create("security_bpf");

	ADD(tc, denied_command_is_eperm);
	ADD(tc, other_commands_pass);
	ADD(tc, unverified_load_is_eperm);
	ADD(tc, verified_load_passes);
	ADD(tc, door_checks_come_first);
	ADD(tc, unknown_commands_stay_einval);
	suite_add_tcase(s, tc);
	return s;
}
