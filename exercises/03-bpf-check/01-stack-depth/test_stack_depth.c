// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 03/01: check_max_stack_depth(). Programs with bpf-to-bpf calls,
 * loaded through sys_bpf(BPF_PROG_LOAD) as a privileged loader; each row
 * gives every function's deepest stack store and the expected result.
 */
#include <stdio.h>
#include <string.h>

#include "linux/bpf.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "testutil.h"

#define MAX_INSNS 24
#define ST(off)		BPF_ST_MEM(BPF_B, BPF_REG_10, off, 0)
#define CALL(rel)	BPF_CALL_REL(rel)
#define RET0		BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN()

static const struct {
	const char *descr;
	struct bpf_insn insns[MAX_INSNS];
	u32 len;
	int result;		/* 0: accepted */
	const char *errstr;
} t[] = {
	{ "no calls: one frame of 8 bytes",
	  { ST(-8), RET0 }, 3, 0, NULL },
	{ "main 480 + f 8 (32): exactly 512",
	  { ST(-480), CALL(1), BPF_EXIT_INSN(), ST(-8), RET0 }, 6, 0, NULL },
	{ "main 488 (rounds to 512) + f 8 (32)",
	  { ST(-488), CALL(1), BPF_EXIT_INSN(), ST(-8), RET0 }, 6,
	  -EACCES, "combined stack size of 2 calls is 544. Too large" },
	{ "main 488 + f using no stack: an empty frame still costs 32",
	  { ST(-488), CALL(1), BPF_EXIT_INSN(), RET0 }, 5,
	  -EACCES, "combined stack size of 2 calls is 544. Too large" },
	{ "main 256 + f 256",
	  { ST(-256), CALL(1), BPF_EXIT_INSN(), ST(-256), RET0 }, 6, 0, NULL },
	{ "main 264 (288) + f 256",
	  { ST(-264), CALL(1), BPF_EXIT_INSN(), ST(-256), RET0 }, 6,
	  -EACCES, "combined stack size of 2 calls is 544. Too large" },
	{ "a chain of three: 160 + 160 + 160",
	  { ST(-160), CALL(1), BPF_EXIT_INSN(),
	    ST(-160), CALL(1), BPF_EXIT_INSN(),
	    ST(-160), RET0 }, 9, 0, NULL },
	{ "a chain of three: 160 + 160 + 200 (224)",
	  { ST(-160), CALL(1), BPF_EXIT_INSN(),
	    ST(-160), CALL(1), BPF_EXIT_INSN(),
	    ST(-200), RET0 }, 9,
	  -EACCES, "combined stack size of 3 calls is 544. Too large" },
	{ "siblings do not add up: main 256 calls f 256, then g 256",
	  { ST(-256), CALL(2), CALL(4), BPF_EXIT_INSN(),
	    ST(-256), RET0, ST(-256), RET0 }, 10, 0, NULL },
	{ "the second sibling is too deep: main 256, f 8, then g 264",
	  { ST(-256), CALL(2), CALL(4), BPF_EXIT_INSN(),
	    ST(-8), RET0, ST(-264), RET0 }, 10,
	  -EACCES, "combined stack size of 2 calls is 544. Too large" },
	{ "a deep chain inside the second sibling: 128 + (f 8) | (g 128 + h 288)",
	  { ST(-128), CALL(2), CALL(4), BPF_EXIT_INSN(),
	    ST(-8), RET0,
	    ST(-128), CALL(1), BPF_EXIT_INSN(),
	    ST(-264), RET0 }, 13,
	  -EACCES, "combined stack size of 3 calls is 544. Too large" },
	{ "the same function called from two places: 64 + f 64 + g 64, and g",
	  { ST(-64), CALL(2), CALL(4), BPF_EXIT_INSN(),
	    ST(-64), CALL(1), BPF_EXIT_INSN(),
	    ST(-64), RET0 }, 10, 0, NULL },
};

static char log_buf[65536];

START_TEST(check_max_stack_depth_row)
{
	union bpf_attr attr;
	int ret;

	set_current_caps(CAP_ALL);
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
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
		ck_assert_msg(ret >= 0, "\"%s\": expected accepted, got %d (%s)",
			      t[_i].descr, ret, errno_name(ret));
	} else {
		ck_assert_msg(ret == t[_i].result, "\"%s\": expected %d (%s), got %d",
			      t[_i].descr, t[_i].result, errno_name(t[_i].result), ret);
		ck_assert_msg(strstr(log_buf, t[_i].errstr),
			      "\"%s\": the log lacks \"%s\"", t[_i].descr, t[_i].errstr);
	}
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("exercise 03/01: check_max_stack_depth");
	TCase *tc = tcase_create("check_max_stack_depth");

	tcase_add_loop_test(tc, check_max_stack_depth_row, 0, (int)ARRAY_SIZE(t));
	suite_add_tcase(s, tc);
	return s;
}
