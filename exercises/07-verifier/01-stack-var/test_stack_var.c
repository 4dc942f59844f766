// SPDX-License-Identifier: GPL-2.0
/*
 * Grading tests for exercise 07/01: check_stack_access_var_off(). Each row
 * is a whole program loaded through sys_bpf() by a privileged loader (an
 * unprivileged one where it says so); a program that loads is run under the
 * interpreter and the JIT. What each row checks is in its name.
 */
#include <string.h>

#include "linux/bpf_interp.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "verifier.h"
#include "testutil.h"

#define R0 BPF_REG_0
#define R2 BPF_REG_2
#define R3 BPF_REG_3
#define FP BPF_REG_10
#define CALL(id) BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define RANDOM_0_OR_8 CALL(BPF_FUNC_get_prandom_u32), BPF_ALU64_IMM(BPF_AND, R0, 8)
#define MAX_INSNS 40

static const struct row {
	const char *name;
	bool unpriv;
	struct bpf_insn insns[MAX_INSNS];
	int err;		/* 0: loads */
	const char *msg;	/* in the log */
	u64 r0;
	u32 depth;		/* the program's stack depth, if it loads */
} rows[] = {
	{ "store and load at fp-16 + {0, 8}", false, {
		BPF_ST_MEM(BPF_DW, FP, -16, 0), BPF_ST_MEM(BPF_DW, FP, -8, 0),
		RANDOM_0_OR_8,
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -16),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_ST_MEM(BPF_DW, R2, 0, 7),
		BPF_LDX_MEM(BPF_DW, R0, R2, 0),
		BPF_EXIT_INSN() }, .r0 = 7, .depth = 16 },
	{ "a byte store into a 64-byte buffer, then a fixed load", false, {
		BPF_ST_MEM(BPF_DW, FP, -64, 0), BPF_ST_MEM(BPF_DW, FP, -56, 0),
		BPF_ST_MEM(BPF_DW, FP, -48, 0), BPF_ST_MEM(BPF_DW, FP, -40, 0),
		BPF_ST_MEM(BPF_DW, FP, -32, 0), BPF_ST_MEM(BPF_DW, FP, -24, 0),
		BPF_ST_MEM(BPF_DW, FP, -16, 0), BPF_ST_MEM(BPF_DW, FP, -8, 0),
		CALL(BPF_FUNC_get_prandom_u32), BPF_ALU64_IMM(BPF_AND, R0, 63),
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -64),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_ST_MEM(BPF_B, R2, 0, 1),
		/* The byte landed in one of the eight words: OR them all. */
		BPF_LDX_MEM(BPF_DW, R0, FP, -64),
		BPF_LDX_MEM(BPF_DW, R3, FP, -56), BPF_ALU64_REG(BPF_OR, R0, R3),
		BPF_LDX_MEM(BPF_DW, R3, FP, -48), BPF_ALU64_REG(BPF_OR, R0, R3),
		BPF_LDX_MEM(BPF_DW, R3, FP, -40), BPF_ALU64_REG(BPF_OR, R0, R3),
		BPF_LDX_MEM(BPF_DW, R3, FP, -32), BPF_ALU64_REG(BPF_OR, R0, R3),
		BPF_LDX_MEM(BPF_DW, R3, FP, -24), BPF_ALU64_REG(BPF_OR, R0, R3),
		BPF_LDX_MEM(BPF_DW, R3, FP, -16), BPF_ALU64_REG(BPF_OR, R0, R3),
		BPF_LDX_MEM(BPF_DW, R3, FP, -8), BPF_ALU64_REG(BPF_OR, R0, R3),
		/* Exactly one byte is 1: the OR is a power of 256, never 0. */
		BPF_JMP_IMM(BPF_JEQ, R0, 0, 1), BPF_MOV64_IMM(R0, 1),
		BPF_EXIT_INSN() }, .r0 = 1, .depth = 64 },
	{ "the frame is as deep as the deepest byte", false, {
		CALL(BPF_FUNC_get_prandom_u32), BPF_ALU64_IMM(BPF_AND, R0, 0xf8),
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -256),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_ST_MEM(BPF_DW, R2, 0, 7),
		BPF_MOV64_IMM(R0, 1),
		BPF_EXIT_INSN() }, .r0 = 1, .depth = 256 },
	{ "a load that may read an uninitialized byte", false, {
		BPF_ST_MEM(BPF_DW, FP, -16, 0),
		RANDOM_0_OR_8,
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -16),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_LDX_MEM(BPF_DW, R0, R2, 0),
		BPF_EXIT_INSN() }, .err = -EACCES,
	  .msg = "invalid read from stack R2 var_off (0x0; 0x8)+8 size 8" },
	{ "a store that may reach past fp", false, {
		RANDOM_0_OR_8,
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -8),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_ST_MEM(BPF_DW, R2, 0, 7),
		BPF_MOV64_IMM(R0, 0),
		BPF_EXIT_INSN() }, .err = -EACCES,
	  .msg = "invalid variable-offset write to stack R2 var_off=(0x0; 0x8) size=8" },
	{ "a load that may reach below fp-512", false, {
		RANDOM_0_OR_8,
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -520),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_LDX_MEM(BPF_DW, R0, R2, 0),
		BPF_EXIT_INSN() }, .err = -EACCES,
	  .msg = "invalid variable-offset read from stack R2 var_off=(0x0; 0x8) size=8" },
	{ "an offset of any u32", false, {
		CALL(BPF_FUNC_get_prandom_u32), BPF_ALU32_IMM(BPF_AND, R0, -8),
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -8),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_ST_MEM(BPF_DW, R2, 0, 7),
		BPF_MOV64_IMM(R0, 0),
		BPF_EXIT_INSN() }, .err = -EACCES,
	  .msg = "invalid unbounded variable-offset write to stack R2" },
	{ "a spilled pointer does not survive a store that may hit it", false, {
		BPF_STX_MEM(BPF_DW, FP, FP, -8), BPF_ST_MEM(BPF_DW, FP, -16, 0),
		RANDOM_0_OR_8,
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -16),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_ST_MEM(BPF_B, R2, 0, 1),
		BPF_LDX_MEM(BPF_DW, R3, FP, -8),
		BPF_LDX_MEM(BPF_DW, R0, R3, -8),
		BPF_EXIT_INSN() }, .err = -EACCES,
	  .msg = "R3 invalid mem access 'inv'" },
	{ "zero over zeros stays a known zero: the dead path is not walked", false, {
		BPF_MOV64_IMM(R3, 0),
		BPF_STX_MEM(BPF_DW, FP, R3, -16), BPF_STX_MEM(BPF_DW, FP, R3, -8),
		RANDOM_0_OR_8,
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -16),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_MOV64_IMM(R3, 0),		/* the call took the first one */
		BPF_STX_MEM(BPF_DW, R2, R3, 0),
		BPF_LDX_MEM(BPF_DW, R0, FP, -8),
		BPF_JMP_IMM(BPF_JEQ, R0, 0, 1),
		BPF_LDX_MEM(BPF_DW, R0, R0, 0),	/* a scalar dereferenced */
		BPF_EXIT_INSN() }, .r0 = 0, .depth = 16 },
	{ "an atomic add through a variable offset", false, {
		BPF_ST_MEM(BPF_DW, FP, -16, 0), BPF_ST_MEM(BPF_DW, FP, -8, 0),
		RANDOM_0_OR_8,
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -16),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_MOV64_IMM(R3, 1),
		BPF_ATOMIC_OP(BPF_DW, BPF_ADD, R2, R3, 0),
		BPF_MOV64_IMM(R0, 0),
		BPF_EXIT_INSN() }, .err = -EACCES,
	  .msg = "variable offset stack pointer cannot be passed into helper function; var_off=(0x0; 0x8) off=-16 size=8" },
	{ "unprivileged: no variable stack pointer at all", true, {
		BPF_ST_MEM(BPF_DW, FP, -16, 0), BPF_ST_MEM(BPF_DW, FP, -8, 0),
		RANDOM_0_OR_8,
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -16),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_ST_MEM(BPF_DW, R2, 0, 7),
		BPF_LDX_MEM(BPF_DW, R0, R2, 0),
		BPF_EXIT_INSN() }, .err = -EACCES,
	  .msg = "R2 variable stack access prohibited for !root" },
};

static u32 prog_len(const struct bpf_insn *insns)
{
	u32 n = MAX_INSNS;

	while (n && !insns[n - 1].code)
		n--;
	return n;
}

START_TEST(var_off_program)
{
	const struct row *r = &rows[_i];
	static char log[1 << 16];
	union bpf_attr attr;
	static u8 pkt[64];

	for (int jit = 0; jit <= 1; jit++) {
		struct bpf_prog *fp;
		int fd;

		memset(&attr, 0, sizeof(attr));
		attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
		attr.insn_cnt = prog_len(r->insns);
		attr.insns = (u64)(unsigned long)r->insns;
		attr.license = (u64)(unsigned long)"GPL";
		attr.log_buf = (u64)(unsigned long)log;
		attr.log_size = sizeof(log);
		attr.log_level = 1;
		log[0] = 0;
		set_current_caps(r->unpriv ? 0 : CAP_ALL);
		bpf_jit_enable = jit;
		fd = (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
		set_current_caps(CAP_ALL);
		if (r->err) {
			ck_assert_msg(fd == r->err, "%s: want %d, got %d\n%s", r->name, r->err, fd, log);
			ck_assert_msg(strstr(log, r->msg), "%s: want \"%s\" in the log:\n%s",
				      r->name, r->msg, log);
			return;
		}
		ck_assert_msg(fd >= 0, "%s: refused (%d):\n%s", r->name, fd, log);
		memset(&attr, 0, sizeof(attr));
		attr.test.prog_fd = fd;
		attr.test.data_in = (u64)(unsigned long)pkt;
		attr.test.data_size_in = sizeof(pkt);
		ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
		ck_assert_msg(bpf_test_run_last_r0() == r->r0, "%s (%s): r0 %#llx, want %#llx",
			      r->name, jit ? "JIT" : "interpreter",
			      (unsigned long long)bpf_test_run_last_r0(),
			      (unsigned long long)r->r0);
		fp = bpf_prog_get(fd);
		ck_assert_uint_eq(fp->aux->stack_depth, r->depth);
		bpf_prog_put(fp);
		close_fd(fd);
	}
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("exercise 07/01");
	TCase *tc = tcase_create("check_stack_access_var_off");

	tcase_add_loop_test(tc, var_off_program, 0, ARRAY_SIZE(rows));
	suite_add_tcase(s, tc);
	return s;
}
