// SPDX-License-Identifier: GPL-2.0
/*
 * Grading tests for exercise 04/03: the atomics, run by the interpreter.
 * Each row is one program:
 *
 *   r0 = R0; r2 = R2; lock <op> *(size *)(r1 + 8), r2;
 *   *(u64 *)(r1 + 16) = r2; *(u64 *)(r1 + 24) = r0; exit
 *
 * with r1 pointing at four u64 cells: a canary, the target, and where the
 * program leaves r2 and r0 so the test can see what the operation did to
 * the registers as well as to memory.
 */
#include <stdlib.h>
#include <string.h>

#include "linux/bpf_interp.h"
#include "testutil.h"

static const struct row {
	const char *descr;
	u8 size;		/* BPF_W or BPF_DW */
	s32 op;			/* imm */
	u64 mem, r2, r0;	/* before */
	u64 mem_after, r2_after, r0_after;
} rows[] = {
	{ "DW add", BPF_DW, BPF_ADD, 10, 5, 0, 15, 5, 0 },
	{ "DW add|fetch: r2 gets the old value", BPF_DW, BPF_ADD | BPF_FETCH, 10, 5, 0, 15, 10, 0 },
	{ "W add|fetch: the low half only, old value zero-extended", BPF_W, BPF_ADD | BPF_FETCH,
	  0xaaaaaaaaffffffffULL, 0xffffffff00000002ULL, 0, 0xaaaaaaaa00000001ULL, 0xffffffffULL, 0 },
	{ "DW and", BPF_DW, BPF_AND, 0xf0f0, 0xff00, 0, 0xf000, 0xff00, 0 },
	{ "W or|fetch", BPF_W, BPF_OR | BPF_FETCH, 0x1234567800000f00ULL, 0xdead0000000000ffULL, 0,
	  0x1234567800000fffULL, 0xf00, 0 },
	{ "DW xor|fetch", BPF_DW, BPF_XOR | BPF_FETCH, 0xff00ff00ff00ff00ULL, 0x0ff00ff00ff00ff0ULL, 0,
	  0xf0f0f0f0f0f0f0f0ULL, 0xff00ff00ff00ff00ULL, 0 },
	{ "DW xchg", BPF_DW, BPF_XCHG, 7, 9, 0, 9, 7, 0 },
	{ "W xchg", BPF_W, BPF_XCHG, 0x1111111122222222ULL, 0xffffffff33333333ULL, 0,
	  0x1111111133333333ULL, 0x22222222, 0 },
	{ "DW cmpxchg, r0 matches: stored", BPF_DW, BPF_CMPXCHG, 5, 8, 5, 8, 8, 5 },
	{ "DW cmpxchg, r0 differs: r0 gets what is there", BPF_DW, BPF_CMPXCHG, 5, 8, 6, 5, 8, 5 },
	{ "W cmpxchg, low halves match", BPF_W, BPF_CMPXCHG, 0xdead000000000005ULL, 8, 0xffff000000000005ULL,
	  0xdead000000000008ULL, 8, 5 },
	{ "W cmpxchg, r0 differs", BPF_W, BPF_CMPXCHG, 0xdead000000000005ULL, 8, 6,
	  0xdead000000000005ULL, 8, 5 },
	{ "an operation that does not exist (sub): r0 = 0 and a warning", BPF_DW, BPF_SUB, 10, 5, 77,
	  10, 5, 77 },
};

#define CANARY	0x5a5a5a5a5a5a5a5aULL

START_TEST(atomic_row)
{
	const struct row *r = &rows[_i];
	const struct bpf_insn insns[] = {
		BPF_LD_IMM64(BPF_REG_0, r->r0),
		BPF_LD_IMM64(BPF_REG_2, r->r2),
		BPF_ATOMIC_OP(r->size, r->op, BPF_REG_1, BPF_REG_2, 8),
		BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_2, 16),
		BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_0, 24),
		BPF_EXIT_INSN(),
	};
	u64 cells[4] = { CANARY, r->mem, 0, 0 }, stack[8] = { 0 };
	u64 regs[MAX_BPF_EXT_REG] = { 0 }, ret;
	bool unknown = r->op == BPF_SUB;
	char *log;

	regs[BPF_REG_1] = (u64)(unsigned long)cells;
	regs[BPF_REG_FP] = (u64)(unsigned long)&stack[ARRAY_SIZE(stack)];
	log_capture_begin(&printk_log);
	ret = ___bpf_prog_run(regs, insns, stack);
	log = log_capture_end(&printk_log);

	ck_assert_msg(cells[0] == CANARY, "%s: the word before the target changed", r->descr);
	ck_assert_msg(cells[1] == r->mem_after, "%s: memory %#llx, expected %#llx", r->descr,
		      (unsigned long long)cells[1], (unsigned long long)r->mem_after);
	if (unknown) {
		ck_assert_msg(ret == 0, "%s: the program went on (r0 = %#llx)", r->descr,
			      (unsigned long long)ret);
		ck_assert_str_eq(log, "BPF interpreter: unknown opcode db (imm: 0x10)\n");
	} else {
		ck_assert_msg(cells[2] == r->r2_after, "%s: r2 %#llx, expected %#llx", r->descr,
			      (unsigned long long)cells[2], (unsigned long long)r->r2_after);
		ck_assert_msg(cells[3] == r->r0_after, "%s: r0 %#llx, expected %#llx", r->descr,
			      (unsigned long long)cells[3], (unsigned long long)r->r0_after);
		ck_assert_str_eq(log, "");
	}
	free(log);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("04/03 atomics");
	TCase *tc = tcase_create("bpf_interp_atomic");

	tcase_add_loop_test(tc, atomic_row, 0, ARRAY_SIZE(rows));
	suite_add_tcase(s, tc);
	return s;
}
