// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 03/02: check_return_code() for XDP. Each row is a program,
 * loaded through sys_bpf(BPF_PROG_LOAD), and what the verifier must say.
 */
#include <stdio.h>
#include <string.h>

#include "linux/bpf.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "testutil.h"

#define MAX_INSNS 12
#define XDP	BPF_PROG_TYPE_XDP
#define SOCK	BPF_PROG_TYPE_SOCKET_FILTER

static const struct {
	const char *descr;
	enum bpf_prog_type type;
	struct bpf_insn insns[MAX_INSNS];
	u32 len;
	int result;
	const char *errstr;
} t[] = {
	{ "XDP_PASS", XDP, { BPF_MOV64_IMM(BPF_REG_0, 2), BPF_EXIT_INSN() }, 2, 0, NULL },
	{ "XDP_REDIRECT, the last action", XDP,
	  { BPF_MOV64_IMM(BPF_REG_0, 4), BPF_EXIT_INSN() }, 2, 0, NULL },
	{ "5 is no action", XDP, { BPF_MOV64_IMM(BPF_REG_0, 5), BPF_EXIT_INSN() }, 2,
	  -EINVAL, "At program exit the register R0 has smin=5 smax=5 should have been in [0, 4]" },
	{ "-1 is no action", XDP, { BPF_MOV64_IMM(BPF_REG_0, -1), BPF_EXIT_INSN() }, 2,
	  -EINVAL, "At program exit the register R0 has smin=-1 smax=-1 should have been in [0, 4]" },
	{ "a random number is not an action", XDP,
	  { BPF_CALL_HELPER(BPF_FUNC_ktime_get_ns), BPF_EXIT_INSN() }, 2,
	  -EINVAL, "At program exit the register R0 has unknown scalar value should have been in [0, 4]" },
	{ "a pointer is not an action", XDP,
	  { BPF_MOV64_REG(BPF_REG_0, BPF_REG_10), BPF_EXIT_INSN() }, 2,
	  -EINVAL, "At program exit the register R0 is not a known value (fp)" },
	{ "every path is checked: one returns 1, the other 9", XDP,
	  { BPF_CALL_HELPER(BPF_FUNC_get_prandom_u32),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 2),
	    BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN(),
	    BPF_MOV64_IMM(BPF_REG_0, 9), BPF_EXIT_INSN() }, 6,
	  -EINVAL, "has smin=9 smax=9" },
	{ "both paths return actions", XDP,
	  { BPF_CALL_HELPER(BPF_FUNC_get_prandom_u32),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 2),
	    BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN(),
	    BPF_MOV64_IMM(BPF_REG_0, 3), BPF_EXIT_INSN() }, 6, 0, NULL },
	{ "only the main program's exit counts, not a callee's", XDP,
	  { BPF_CALL_REL(2), BPF_MOV64_IMM(BPF_REG_0, 2), BPF_EXIT_INSN(),
	    BPF_MOV64_IMM(BPF_REG_0, 9), BPF_EXIT_INSN() }, 5, 0, NULL },
	{ "a socket filter may return 9", SOCK,
	  { BPF_MOV64_IMM(BPF_REG_0, 9), BPF_EXIT_INSN() }, 2, 0, NULL },
};

static char log_buf[16384];

START_TEST(check_return_code_row)
{
	union bpf_attr attr;
	int ret;

	set_current_caps(CAP_ALL);
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = t[_i].type;
	attr.insns = (u64)(uintptr_t)t[_i].insns;
	attr.insn_cnt = t[_i].len;
	attr.license = (u64)(uintptr_t)"GPL";
	attr.log_level = 1;
	attr.log_buf = (u64)(uintptr_t)log_buf;
	attr.log_size = sizeof(log_buf);
	log_buf[0] = 0;
	ret = (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	if (ret >= 0)
		close_fd(ret);
	if (t[_i].result == 0) {
		ck_assert_msg(ret >= 0, "\"%s\": expected accepted, got %d (%s); log:\n%s",
			      t[_i].descr, ret, errno_name(ret), log_buf);
	} else {
		ck_assert_msg(ret == t[_i].result, "\"%s\": expected %d (%s), got %d",
			      t[_i].descr, t[_i].result, errno_name(t[_i].result), ret);
		ck_assert_msg(strstr(log_buf, t[_i].errstr),
			      "\"%s\": the log lacks \"%s\"; log:\n%s",
			      t[_i].descr, t[_i].errstr, log_buf);
	}
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("exercise 03/02: check_return_code");
	TCase *tc = tcase_create("check_return_code");

	tcase_add_loop_test(tc, check_return_code_row, 0, (int)ARRAY_SIZE(t));
	suite_add_tcase(s, tc);
	return s;
}
