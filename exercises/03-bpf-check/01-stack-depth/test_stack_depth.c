// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 03/01: check_max_stack_depth(). Programs with bpf-to-bpf calls;
 * each row gives every function's deepest stack store and the expected
 * result. The rows go straight to check_max_stack_depth(), on a verifier
 * environment set up as bpf_check() leaves it after the walk: the
 * subprograms found (check_subprogs()) and each one's stack depth (what
 * update_stack_depth() records for the deepest store). Through a whole
 * load, the walk would refuse most of them first: it already refuses the
 * path it is on when its frames add up to too much (chapter 03, mem.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/bpf.h"
#include "linux/bpf_verifier.h"
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

/* The deepest store of each function, as the walk would record it. */
static void record_stack_depths(struct bpf_verifier_env *env)
{
	const struct bpf_insn *insn = env->prog->insnsi;
	u32 k = 0;

	for (u32 i = 0; i < env->prog->len; i++) {
		while (k + 1 < env->subprog_cnt && env->subprog_info[k + 1].start <= i)
			k++;
		if (BPF_CLASS(insn[i].code) == BPF_ST && insn[i].dst_reg == BPF_REG_10 &&
		    -insn[i].off > env->subprog_info[k].stack_depth)
			env->subprog_info[k].stack_depth = -insn[i].off;
	}
}

START_TEST(check_max_stack_depth_row)
{
	struct bpf_verifier_env *env = calloc(1, sizeof(*env));
	struct bpf_prog *prog = bpf_prog_alloc(bpf_prog_size(t[_i].len), 0);
	int ret;

	ck_assert(env && prog);
	memcpy(prog->insnsi, t[_i].insns, t[_i].len * sizeof(struct bpf_insn));
	prog->len = t[_i].len;
	env->prog = prog;
	env->bpf_capable = env->allow_ptr_leaks = true;	/* a privileged loader */
	env->log.level = BPF_LOG_LEVEL1;
	env->log.ubuf = log_buf;
	env->log.len_total = sizeof(log_buf);
	log_buf[0] = 0;
	ck_assert_int_eq(check_subprogs(env), 0);
	record_stack_depths(env);

	ret = check_max_stack_depth(env);
	if (t[_i].result == 0) {
		ck_assert_msg(ret == 0, "\"%s\": expected accepted, got %d (%s)\nlog: %s",
			      t[_i].descr, ret, errno_name(ret), log_buf);
	} else {
		ck_assert_msg(ret == t[_i].result, "\"%s\": expected %d (%s), got %d",
			      t[_i].descr, t[_i].result, errno_name(t[_i].result), ret);
		ck_assert_msg(strstr(log_buf, t[_i].errstr),
			      "\"%s\": the log lacks \"%s\"; log: %s", t[_i].descr,
			      t[_i].errstr, log_buf);
	}
	bpf_prog_free(prog);
	free(env);
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
