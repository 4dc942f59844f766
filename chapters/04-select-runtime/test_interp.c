// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 04 tests, part 1: every opcode of the interpreter, in a table as
 * lib/test_bpf.c has them: a description, the instructions, the expected
 * R0 (all 64 bits). Each program runs twice: on ___bpf_prog_run() directly
 * (regs and stack set up here), and through sys_bpf(): BPF_PROG_LOAD with
 * BPF_F_UNVERIFIED, then BPF_PROG_TEST_RUN, reading the full R0 back.
 *   CK_RUN_CASE=___bpf_prog_run make test
 */
#include <stdlib.h>
#include <string.h>

#include "linux/bpf_interp.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "testutil.h"
#include "test_interp.h"

#define MAX_INSNS	24

/* Table entries leave `flags` (and the unused tail of insns[]) to zero. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* What a table entry needs beyond ISA semantics. */
#define F_DIRECT_ONLY	1	/* uses this file's test helpers: not via sys_bpf() */
#define F_UNREACHABLE	2	/* has dead code: the verifier refuses it ("unreachable
				 * insn"), a structural-only load keeps it (chapter 03),
				 * as lib/test_bpf.c runs such programs */

struct interp_test {
	const char *descr;
	struct bpf_insn insns[MAX_INSNS];
	u64 expected;
	unsigned int flags;
};

/* Shorthands for the table. */
#define R0 BPF_REG_0
#define R1 BPF_REG_1
#define R2 BPF_REG_2
#define R3 BPF_REG_3
#define R4 BPF_REG_4
#define R5 BPF_REG_5
#define R6 BPF_REG_6
#define R10 BPF_REG_10
#define EXIT BPF_EXIT_INSN()

/* r0 = a; r1 = b; r0 op= r1 (64- or 32-bit) */
#define ALU_X(descr, cls, op, a, b, res)					\
	{ descr, { BPF_LD_IMM64(R0, a), BPF_LD_IMM64(R1, b),			\
		   BPF_RAW_INSN(cls | op | BPF_X, R0, R1, 0, 0), EXIT }, res }
#define ALU_K(descr, cls, op, a, imm, res)					\
	{ descr, { BPF_LD_IMM64(R0, a),						\
		   BPF_RAW_INSN(cls | op | BPF_K, R0, 0, 0, imm), EXIT }, res }
/* signed div/mod: offset 1 */
#define SALU_X(descr, cls, op, a, b, res)					\
	{ descr, { BPF_LD_IMM64(R0, a), BPF_LD_IMM64(R1, b),			\
		   BPF_RAW_INSN(cls | op | BPF_X, R0, R1, 1, 0), EXIT }, res }
#define SALU_K(descr, cls, op, a, imm, res)					\
	{ descr, { BPF_LD_IMM64(R0, a),						\
		   BPF_RAW_INSN(cls | op | BPF_K, R0, 0, 1, imm), EXIT }, res }
/* r1 = a; r2 = b; r0 = 1; if r1 op r2 (or imm) goto +1; r0 = 2 */
#define JMP_X(descr, cls, op, a, b, taken)					\
	{ descr, { BPF_LD_IMM64(R1, a), BPF_LD_IMM64(R2, b), BPF_MOV64_IMM(R0, 1), \
		   BPF_RAW_INSN(cls | op | BPF_X, R1, R2, 1, 0),		\
		   BPF_MOV64_IMM(R0, 2), EXIT }, (taken) ? 1 : 2 }
#define JMP_K(descr, cls, op, a, imm, taken)					\
	{ descr, { BPF_LD_IMM64(R1, a), BPF_MOV64_IMM(R0, 1),			\
		   BPF_RAW_INSN(cls | op | BPF_K, R1, 0, 1, imm),		\
		   BPF_MOV64_IMM(R0, 2), EXIT }, (taken) ? 1 : 2 }
/* Each jump four ways: 64/32-bit, register/immediate; b fits an imm. */
#define JMP_4(name, op, a, b, t64, t32)						\
	JMP_X("JMP_" name "_X", BPF_JMP, op, a, b, t64),			\
	JMP_K("JMP_" name "_K", BPF_JMP, op, a, b, t64),			\
	JMP_X("JMP32_" name "_X", BPF_JMP32, op, a, b, t32),			\
	JMP_K("JMP32_" name "_K", BPF_JMP32, op, a, b, t32)
/* mem(DW at r10-8) = m; r2 = s; r0 = r0init; atomic; r0 = LAST */
#define ATOMIC(descr, size, op, m, s, r0init, last, res)			\
	{ descr, { BPF_LD_IMM64(R1, m), BPF_STX_MEM(BPF_DW, R10, R1, -8),	\
		   BPF_LD_IMM64(R2, s), BPF_LD_IMM64(R0, r0init),		\
		   BPF_ATOMIC_OP(size, op, R10, R2, -8), last, EXIT }, res }
#define MEM	BPF_LDX_MEM(BPF_DW, R0, R10, -8)
#define FETCHED	BPF_MOV64_REG(R0, R2)
#define OLD	BPF_MOV64_REG(R0, R0)
#define AM	0xAAAAAAAA0000000CULL	/* memory: W ops see 0xC, DW all */
#define AS	0xFFFFFFFF00000006ULL	/* source: W ops see 6 */
#define DM	0x100000000000000CULL
#define DS	0x0000000100000006ULL

static const struct interp_test tests[] = {
	/* ---- ALU: add, sub, mul ---- */
	ALU_X("ALU64_ADD_X: 1 + 2", BPF_ALU64, BPF_ADD, 1, 2, 3),
	ALU_X("ALU64_ADD_X: -1 + 1 wraps to 0", BPF_ALU64, BPF_ADD, -1ULL, 1, 0),
	ALU_X("ALU64_ADD_X: S64_MAX + 1 = S64_MIN", BPF_ALU64, BPF_ADD, 0x7fffffffffffffffULL, 1, 0x8000000000000000ULL),
	ALU_K("ALU64_ADD_K: imm -1 is sign-extended", BPF_ALU64, BPF_ADD, 0, -1, 0xffffffffffffffffULL),
	ALU_K("ALU64_ADD_K: 0x100000000 + 1", BPF_ALU64, BPF_ADD, 0x100000000ULL, 1, 0x100000001ULL),
	ALU_X("ALU_ADD_X: 32-bit wrap, upper half cleared", BPF_ALU, BPF_ADD, 0x1ffffffffULL, 2, 1),
	ALU_K("ALU_ADD_K: upper half cleared", BPF_ALU, BPF_ADD, 0xdeadbeef00000001ULL, 1, 2),
	ALU_K("ALU_ADD_K: imm -1 is 0xffffffff", BPF_ALU, BPF_ADD, 0, -1, 0xffffffffULL),
	ALU_X("ALU64_SUB_X: 3 - 5", BPF_ALU64, BPF_SUB, 3, 5, 0xfffffffffffffffeULL),
	ALU_X("ALU64_SUB_X: S64_MIN - 1 = S64_MAX", BPF_ALU64, BPF_SUB, 0x8000000000000000ULL, 1, 0x7fffffffffffffffULL),
	ALU_K("ALU64_SUB_K: 0 - (-1)", BPF_ALU64, BPF_SUB, 0, -1, 1),
	ALU_X("ALU_SUB_X: 3 - 5 in 32 bits", BPF_ALU, BPF_SUB, 3, 5, 0xfffffffeULL),
	ALU_K("ALU_SUB_K: 0x100000000 - 1 sees only the low half", BPF_ALU, BPF_SUB, 0x100000000ULL, 1, 0xffffffffULL),
	ALU_X("ALU64_MUL_X: 2^32 * 2^32 wraps to 0", BPF_ALU64, BPF_MUL, 0x100000000ULL, 0x100000000ULL, 0),
	ALU_X("ALU64_MUL_X: -3 * 7", BPF_ALU64, BPF_MUL, -3ULL, 7, -21ULL),
	ALU_X("ALU64_MUL_X: S64_MIN * -1 = S64_MIN", BPF_ALU64, BPF_MUL, 0x8000000000000000ULL, -1ULL, 0x8000000000000000ULL),
	ALU_K("ALU64_MUL_K: 0x40000000 * 4", BPF_ALU64, BPF_MUL, 0x40000000, 4, 0x100000000ULL),
	ALU_K("ALU64_MUL_K: 3 * -1", BPF_ALU64, BPF_MUL, 3, -1, -3ULL),
	ALU_X("ALU_MUL_X: 0x40000000 * 4 in 32 bits", BPF_ALU, BPF_MUL, 0x40000000, 4, 0),
	ALU_X("ALU_MUL_X: S32_MIN * -1 = 0x80000000", BPF_ALU, BPF_MUL, 0x80000000ULL, -1ULL, 0x80000000ULL),
	ALU_K("ALU_MUL_K: 0xffffffff * -1", BPF_ALU, BPF_MUL, 0xffffffffULL, -1, 1),
	ALU_K("ALU_MUL_K: upper bits ignored", BPF_ALU, BPF_MUL, 0x700000003ULL, 5, 15),

	/* ---- ALU: div, mod (unsigned: off 0, signed: off 1) ---- */
	ALU_X("ALU64_DIV_X: 100 / 7", BPF_ALU64, BPF_DIV, 100, 7, 14),
	ALU_X("ALU64_DIV_X: by zero gives 0", BPF_ALU64, BPF_DIV, 100, 0, 0),
	ALU_X("ALU64_DIV_X: unsigned, -1 / 2", BPF_ALU64, BPF_DIV, -1ULL, 2, 0x7fffffffffffffffULL),
	ALU_K("ALU64_DIV_K: imm -1 is 2^64-1 unsigned", BPF_ALU64, BPF_DIV, 100, -1, 0),
	ALU_K("ALU64_DIV_K: by zero gives 0", BPF_ALU64, BPF_DIV, 100, 0, 0),
	ALU_X("ALU_DIV_X: 0xffffffff / 2", BPF_ALU, BPF_DIV, 0xffffffffULL, 0x100000002ULL, 0x7fffffff),
	ALU_X("ALU_DIV_X: divisor's low half 0 is zero", BPF_ALU, BPF_DIV, 0xffffffff00000007ULL, 0x100000000ULL, 0),
	ALU_K("ALU_DIV_K: 0x100000007 / 2 sees 7", BPF_ALU, BPF_DIV, 0x100000007ULL, 2, 3),
	ALU_K("ALU_DIV_K: imm -1 is 0xffffffff", BPF_ALU, BPF_DIV, 0xfffffffeULL, -1, 0),
	SALU_X("ALU64_SDIV_X: -7 / 2 = -3", BPF_ALU64, BPF_DIV, -7ULL, 2, -3ULL),
	SALU_X("ALU64_SDIV_X: S64_MIN / -1 = S64_MIN", BPF_ALU64, BPF_DIV, 0x8000000000000000ULL, -1ULL, 0x8000000000000000ULL),
	SALU_X("ALU64_SDIV_X: by zero gives 0", BPF_ALU64, BPF_DIV, -7ULL, 0, 0),
	SALU_K("ALU64_SDIV_K: -7 / -2 = 3", BPF_ALU64, BPF_DIV, -7ULL, -2, 3),
	SALU_K("ALU64_SDIV_K: S64_MIN / -1", BPF_ALU64, BPF_DIV, 0x8000000000000000ULL, -1, 0x8000000000000000ULL),
	SALU_X("ALU_SDIV_X: -7 / 2 = -3, zero-extended", BPF_ALU, BPF_DIV, 0xfffffff9ULL, 2, 0xfffffffdULL),
	SALU_X("ALU_SDIV_X: S32_MIN / -1 = S32_MIN", BPF_ALU, BPF_DIV, 0x80000000ULL, 0xffffffffULL, 0x80000000ULL),
	SALU_K("ALU_SDIV_K: by zero gives 0", BPF_ALU, BPF_DIV, 0xfffffff9ULL, 0, 0),
	SALU_K("ALU_SDIV_K: low half only", BPF_ALU, BPF_DIV, 0x12345678fffffff9ULL, 2, 0xfffffffdULL),
	ALU_X("ALU64_MOD_X: 100 % 7", BPF_ALU64, BPF_MOD, 100, 7, 2),
	ALU_X("ALU64_MOD_X: by zero leaves dst", BPF_ALU64, BPF_MOD, 0xdeadbeefcafeULL, 0, 0xdeadbeefcafeULL),
	ALU_K("ALU64_MOD_K: 10 % 3", BPF_ALU64, BPF_MOD, 10, 3, 1),
	ALU_K("ALU64_MOD_K: by zero leaves dst", BPF_ALU64, BPF_MOD, -5ULL, 0, -5ULL),
	ALU_X("ALU_MOD_X: by zero keeps the low half, zero-extended", BPF_ALU, BPF_MOD, 0xffffffff00000007ULL, 0, 7),
	ALU_K("ALU_MOD_K: 0xffffffff % 10", BPF_ALU, BPF_MOD, 0xffffffffULL, 10, 5),
	SALU_X("ALU64_SMOD_X: -7 % 2 = -1", BPF_ALU64, BPF_MOD, -7ULL, 2, -1ULL),
	SALU_X("ALU64_SMOD_X: S64_MIN % -1 = 0", BPF_ALU64, BPF_MOD, 0x8000000000000000ULL, -1ULL, 0),
	SALU_X("ALU64_SMOD_X: by zero leaves dst", BPF_ALU64, BPF_MOD, -7ULL, 0, -7ULL),
	SALU_K("ALU64_SMOD_K: 7 % -2 = 1", BPF_ALU64, BPF_MOD, 7, -2, 1),
	SALU_X("ALU_SMOD_X: -7 % 2 = -1, zero-extended", BPF_ALU, BPF_MOD, 0xfffffff9ULL, 2, 0xffffffffULL),
	SALU_X("ALU_SMOD_X: S32_MIN % -1 = 0", BPF_ALU, BPF_MOD, 0x80000000ULL, 0xffffffffULL, 0),
	SALU_K("ALU_SMOD_K: by zero keeps the low half", BPF_ALU, BPF_MOD, 0x12345678fffffff9ULL, 0, 0xfffffff9ULL),

	/* ---- ALU: and, or, xor ---- */
	ALU_X("ALU64_AND_X", BPF_ALU64, BPF_AND, 0xff00ff00ff00ff00ULL, 0x0ff00ff00ff00ff0ULL, 0x0f000f000f000f00ULL),
	ALU_K("ALU64_AND_K: imm -256 sign-extends", BPF_ALU64, BPF_AND, 0x123456789abcdef0ULL, -256, 0x123456789abcde00ULL),
	ALU_X("ALU_AND_X", BPF_ALU, BPF_AND, -1ULL, 0xf0f0, 0xf0f0),
	ALU_K("ALU_AND_K", BPF_ALU, BPF_AND, 0x123456789abcdef0ULL, 0xffff, 0xdef0),
	ALU_X("ALU64_OR_X", BPF_ALU64, BPF_OR, 0xf0, 0xf00000000ULL, 0xf000000f0ULL),
	ALU_K("ALU64_OR_K: imm -2 sign-extends", BPF_ALU64, BPF_OR, 0, -2, 0xfffffffffffffffeULL),
	ALU_X("ALU_OR_X", BPF_ALU, BPF_OR, 0x1200, 0x34, 0x1234),
	ALU_K("ALU_OR_K: upper half cleared", BPF_ALU, BPF_OR, 0x100000000ULL, 1, 1),
	ALU_X("ALU64_XOR_X", BPF_ALU64, BPF_XOR, 0xffff, 0x0ff0, 0xf00f),
	ALU_K("ALU64_XOR_K: imm -1", BPF_ALU64, BPF_XOR, 0, -1, 0xffffffffffffffffULL),
	ALU_X("ALU_XOR_X", BPF_ALU, BPF_XOR, 0xaaaaaaaa55555555ULL, 0xffffffffULL, 0xaaaaaaaaULL),
	ALU_K("ALU_XOR_K: imm -1", BPF_ALU, BPF_XOR, 0, -1, 0xffffffffULL),

	/* ---- shifts: counts 0/31/32/63/64 through registers ---- */
	ALU_X("ALU64_LSH_X: by 0", BPF_ALU64, BPF_LSH, 0x1234, 0, 0x1234),
	ALU_X("ALU64_LSH_X: by 31", BPF_ALU64, BPF_LSH, 1, 31, 0x80000000ULL),
	ALU_X("ALU64_LSH_X: by 32", BPF_ALU64, BPF_LSH, 1, 32, 0x100000000ULL),
	ALU_X("ALU64_LSH_X: by 63", BPF_ALU64, BPF_LSH, 1, 63, 0x8000000000000000ULL),
	ALU_X("ALU64_LSH_X: by 64 is masked to 0", BPF_ALU64, BPF_LSH, 1, 64, 1),
	ALU_K("ALU64_LSH_K: by 4", BPF_ALU64, BPF_LSH, 0x1234, 4, 0x12340),
	ALU_K("ALU64_LSH_K: by 63", BPF_ALU64, BPF_LSH, 3, 63, 0x8000000000000000ULL),
	ALU_X("ALU_LSH_X: by 0 clears the upper half", BPF_ALU, BPF_LSH, 0x100000001ULL, 0, 1),
	ALU_X("ALU_LSH_X: by 31", BPF_ALU, BPF_LSH, 1, 31, 0x80000000ULL),
	ALU_X("ALU_LSH_X: by 32 is masked to 0", BPF_ALU, BPF_LSH, 0x100000001ULL, 32, 1),
	ALU_X("ALU_LSH_X: by 63 is masked to 31", BPF_ALU, BPF_LSH, 3, 63, 0x80000000ULL),
	ALU_K("ALU_LSH_K: by 28", BPF_ALU, BPF_LSH, 0x11, 28, 0x10000000ULL),
	ALU_X("ALU64_RSH_X: by 0", BPF_ALU64, BPF_RSH, -1ULL, 0, -1ULL),
	ALU_X("ALU64_RSH_X: by 32", BPF_ALU64, BPF_RSH, 0x123456789abcdef0ULL, 32, 0x12345678ULL),
	ALU_X("ALU64_RSH_X: by 63", BPF_ALU64, BPF_RSH, -1ULL, 63, 1),
	ALU_X("ALU64_RSH_X: by 64 is masked to 0", BPF_ALU64, BPF_RSH, -1ULL, 64, -1ULL),
	ALU_K("ALU64_RSH_K: by 60, logical", BPF_ALU64, BPF_RSH, -1ULL, 60, 0xf),
	ALU_X("ALU_RSH_X: by 31", BPF_ALU, BPF_RSH, 0x80000000ULL, 31, 1),
	ALU_X("ALU_RSH_X: by 32 is masked to 0", BPF_ALU, BPF_RSH, 0xffffffff80000000ULL, 32, 0x80000000ULL),
	ALU_K("ALU_RSH_K: by 4, low half only", BPF_ALU, BPF_RSH, 0xffffffff000000f0ULL, 4, 0xf),
	ALU_X("ALU64_ARSH_X: by 0", BPF_ALU64, BPF_ARSH, -2ULL, 0, -2ULL),
	ALU_X("ALU64_ARSH_X: by 4, positive", BPF_ALU64, BPF_ARSH, 0x70, 4, 7),
	ALU_X("ALU64_ARSH_X: by 63", BPF_ALU64, BPF_ARSH, 0x8000000000000000ULL, 63, -1ULL),
	ALU_X("ALU64_ARSH_X: by 64 is masked to 0", BPF_ALU64, BPF_ARSH, -2ULL, 64, -2ULL),
	ALU_K("ALU64_ARSH_K: -256 >> 4", BPF_ALU64, BPF_ARSH, -256ULL, 4, -16ULL),
	ALU_X("ALU_ARSH_X: by 31, zero-extended", BPF_ALU, BPF_ARSH, 0x80000000ULL, 31, 0xffffffffULL),
	ALU_X("ALU_ARSH_X: by 32 is masked to 0", BPF_ALU, BPF_ARSH, 0x80000000ULL, 32, 0x80000000ULL),
	ALU_K("ALU_ARSH_K: low half's sign", BPF_ALU, BPF_ARSH, 0x12345678ffffff00ULL, 4, 0xfffffff0ULL),
	ALU_K("ALU_ARSH_K: positive low half", BPF_ALU, BPF_ARSH, 0xffffffff7fffffffULL, 16, 0x7fff),

	/* ---- neg, mov, movsx ---- */
	{ "ALU64_NEG: 5", { BPF_MOV64_IMM(R0, 5), BPF_ALU64_IMM(BPF_NEG, R0, 0), EXIT }, -5ULL },
	{ "ALU64_NEG: S64_MIN", { BPF_LD_IMM64(R0, 0x8000000000000000ULL), BPF_ALU64_IMM(BPF_NEG, R0, 0), EXIT }, 0x8000000000000000ULL },
	{ "ALU_NEG: 5, upper half cleared", { BPF_LD_IMM64(R0, 0x100000005ULL), BPF_ALU32_IMM(BPF_NEG, R0, 0), EXIT }, 0xfffffffbULL },
	{ "ALU_NEG: S32_MIN", { BPF_MOV32_IMM(R0, S32_MIN), BPF_ALU32_IMM(BPF_NEG, R0, 0), EXIT }, 0x80000000ULL },
	{ "ALU_NEG: 0", { BPF_LD_IMM64(R0, 0x100000000ULL), BPF_ALU32_IMM(BPF_NEG, R0, 0), EXIT }, 0 },
	{ "ALU64_MOV_K: -1 sign-extends", { BPF_MOV64_IMM(R0, -1), EXIT }, -1ULL },
	{ "ALU64_MOV_K: S32_MIN sign-extends", { BPF_MOV64_IMM(R0, S32_MIN), EXIT }, 0xffffffff80000000ULL },
	{ "ALU_MOV_K: -1 zero-extends", { BPF_LD_IMM64(R0, -2ULL), BPF_MOV32_IMM(R0, -1), EXIT }, 0xffffffffULL },
	{ "ALU64_MOV_X", { BPF_LD_IMM64(R1, 0x123456789abcdef0ULL), BPF_MOV64_REG(R0, R1), EXIT }, 0x123456789abcdef0ULL },
	{ "ALU_MOV_X: low half", { BPF_LD_IMM64(R1, 0x123456789abcdef0ULL), BPF_MOV32_REG(R0, R1), EXIT }, 0x9abcdef0ULL },
	{ "ALU64_MOVSX_X: s8 0x80", { BPF_MOV64_IMM(R1, 0x180), BPF_MOVSX64_REG(R0, R1, 8), EXIT }, 0xffffffffffffff80ULL },
	{ "ALU64_MOVSX_X: s8 0x7f", { BPF_MOV64_IMM(R1, 0x17f), BPF_MOVSX64_REG(R0, R1, 8), EXIT }, 0x7f },
	{ "ALU64_MOVSX_X: s16 0x8000", { BPF_MOV64_IMM(R1, 0x8000), BPF_MOVSX64_REG(R0, R1, 16), EXIT }, 0xffffffffffff8000ULL },
	{ "ALU64_MOVSX_X: s32", { BPF_LD_IMM64(R1, 0x180000000ULL), BPF_MOVSX64_REG(R0, R1, 32), EXIT }, 0xffffffff80000000ULL },
	{ "ALU_MOVSX_X: s8, zero-extended", { BPF_MOV64_IMM(R1, 0x180), BPF_MOVSX32_REG(R0, R1, 8), EXIT }, 0xffffff80ULL },
	{ "ALU_MOVSX_X: s16, zero-extended", { BPF_LD_IMM64(R1, 0xffffffff00018000ULL), BPF_MOVSX32_REG(R0, R1, 16), EXIT }, 0xffff8000ULL },
	{ "ALU_MOVSX_X: s16 positive", { BPF_MOV64_IMM(R1, 0x17fff), BPF_MOVSX32_REG(R0, R1, 16), EXIT }, 0x7fff },

	/* ---- byte order ---- */
	{ "ALU_END_TO_BE 16", { BPF_LD_IMM64(R0, 0x123456789abcdef0ULL), BPF_ENDIAN(BPF_TO_BE, R0, 16), EXIT }, 0xf0de },
	{ "ALU_END_TO_BE 32", { BPF_LD_IMM64(R0, 0x123456789abcdef0ULL), BPF_ENDIAN(BPF_TO_BE, R0, 32), EXIT }, 0xf0debc9aULL },
	{ "ALU_END_TO_BE 64", { BPF_LD_IMM64(R0, 0x123456789abcdef0ULL), BPF_ENDIAN(BPF_TO_BE, R0, 64), EXIT }, 0xf0debc9a78563412ULL },
	{ "ALU_END_TO_LE 16", { BPF_LD_IMM64(R0, 0x123456789abcdef0ULL), BPF_ENDIAN(BPF_TO_LE, R0, 16), EXIT }, 0xdef0 },
	{ "ALU_END_TO_LE 32", { BPF_LD_IMM64(R0, 0x123456789abcdef0ULL), BPF_ENDIAN(BPF_TO_LE, R0, 32), EXIT }, 0x9abcdef0ULL },
	{ "ALU_END_TO_LE 64", { BPF_LD_IMM64(R0, 0x123456789abcdef0ULL), BPF_ENDIAN(BPF_TO_LE, R0, 64), EXIT }, 0x123456789abcdef0ULL },
	{ "ALU64_END (bswap) 16", { BPF_LD_IMM64(R0, 0x123456789abcdef0ULL), BPF_BSWAP(R0, 16), EXIT }, 0xf0de },
	{ "ALU64_END (bswap) 32", { BPF_LD_IMM64(R0, 0x123456789abcdef0ULL), BPF_BSWAP(R0, 32), EXIT }, 0xf0debc9aULL },
	{ "ALU64_END (bswap) 64", { BPF_LD_IMM64(R0, 0x123456789abcdef0ULL), BPF_BSWAP(R0, 64), EXIT }, 0xf0debc9a78563412ULL },

	/* ---- ld_imm64 ---- */
	{ "LD_IMM_DW", { BPF_LD_IMM64(R0, 0x123456789abcdef0ULL), EXIT }, 0x123456789abcdef0ULL },
	{ "LD_IMM_DW: low imm -1 does not sign-extend", { BPF_LD_IMM64(R0, 0xffffffffULL), EXIT }, 0xffffffffULL },
	{ "LD_IMM_DW: high half only", { BPF_LD_IMM64(R0, 0xffffffff00000000ULL), EXIT }, 0xffffffff00000000ULL },

	/* ---- loads and stores (on the stack) ---- */
	{ "STX_MEM_DW / LDX_MEM_DW", { BPF_LD_IMM64(R1, 0x0102030405060708ULL), BPF_STX_MEM(BPF_DW, R10, R1, -8),
	  BPF_LDX_MEM(BPF_DW, R0, R10, -8), EXIT }, 0x0102030405060708ULL },
	{ "STX_MEM_W / LDX_MEM_W: zero-extends", { BPF_LD_IMM64(R1, 0xffffffff87654321ULL), BPF_STX_MEM(BPF_W, R10, R1, -4),
	  BPF_LDX_MEM(BPF_W, R0, R10, -4), EXIT }, 0x87654321ULL },
	{ "STX_MEM_H / LDX_MEM_H", { BPF_MOV64_IMM(R1, 0x1abcd), BPF_STX_MEM(BPF_H, R10, R1, -2),
	  BPF_LDX_MEM(BPF_H, R0, R10, -2), EXIT }, 0xabcd },
	{ "STX_MEM_B / LDX_MEM_B", { BPF_MOV64_IMM(R1, 0x1ff), BPF_STX_MEM(BPF_B, R10, R1, -1),
	  BPF_LDX_MEM(BPF_B, R0, R10, -1), EXIT }, 0xff },
	{ "ST_MEM_DW: imm sign-extends", { BPF_ST_MEM(BPF_DW, R10, -8, -2), BPF_LDX_MEM(BPF_DW, R0, R10, -8), EXIT }, -2ULL },
	{ "ST_MEM_W", { BPF_ST_MEM(BPF_W, R10, -4, -2), BPF_LDX_MEM(BPF_W, R0, R10, -4), EXIT }, 0xfffffffeULL },
	{ "ST_MEM_H: truncates imm", { BPF_ST_MEM(BPF_H, R10, -2, 0x12345), BPF_LDX_MEM(BPF_H, R0, R10, -2), EXIT }, 0x2345 },
	{ "ST_MEM_B: truncates imm", { BPF_ST_MEM(BPF_B, R10, -1, 0x1ff), BPF_LDX_MEM(BPF_B, R0, R10, -1), EXIT }, 0xff },
	{ "ST_MEM_B: writes one byte only", { BPF_ST_MEM(BPF_DW, R10, -8, -1), BPF_ST_MEM(BPF_B, R10, -8, 0),
	  BPF_LDX_MEM(BPF_DW, R0, R10, -8), EXIT }, 0xffffffffffffff00ULL },
	{ "LDX_MEM: little-endian byte order", { BPF_LD_IMM64(R1, 0x0807060504030201ULL), BPF_STX_MEM(BPF_DW, R10, R1, -8),
	  BPF_LDX_MEM(BPF_B, R0, R10, -8), BPF_LDX_MEM(BPF_H, R2, R10, -6), BPF_ALU64_IMM(BPF_LSH, R2, 16),
	  BPF_ALU64_REG(BPF_OR, R0, R2), BPF_LDX_MEM(BPF_W, R2, R10, -4), BPF_ALU64_IMM(BPF_LSH, R2, 32),
	  BPF_ALU64_REG(BPF_OR, R0, R2), EXIT }, 0x0807060504030001ULL },
	{ "LDX_MEM_DW / STX_MEM_DW: unaligned", { BPF_LD_IMM64(R1, 0x1122334455667788ULL), BPF_STX_MEM(BPF_DW, R10, R1, -11),
	  BPF_LDX_MEM(BPF_DW, R0, R10, -11), EXIT }, 0x1122334455667788ULL },
	{ "LDX_MEM_W: unaligned, through a copy of r10", { BPF_ST_MEM(BPF_DW, R10, -8, 0x44332211), BPF_MOV64_REG(R1, R10),
	  BPF_LDX_MEM(BPF_W, R0, R1, -7), EXIT }, 0x443322 },
	{ "LDX_MEMSX_B: 0x80", { BPF_ST_MEM(BPF_B, R10, -1, 0x80), BPF_LDX_MEMSX(BPF_B, R0, R10, -1), EXIT }, 0xffffffffffffff80ULL },
	{ "LDX_MEMSX_B: 0x7f", { BPF_ST_MEM(BPF_B, R10, -1, 0x7f), BPF_LDX_MEMSX(BPF_B, R0, R10, -1), EXIT }, 0x7f },
	{ "LDX_MEMSX_H: 0x8001", { BPF_ST_MEM(BPF_H, R10, -2, 0x8001), BPF_LDX_MEMSX(BPF_H, R0, R10, -2), EXIT }, 0xffffffffffff8001ULL },
	{ "LDX_MEMSX_W: 0x80000000", { BPF_ST_MEM(BPF_W, R10, -4, S32_MIN), BPF_LDX_MEMSX(BPF_W, R0, R10, -4), EXIT }, 0xffffffff80000000ULL },
	{ "LDX_MEMSX_W: 0x7fffffff", { BPF_ST_MEM(BPF_W, R10, -4, S32_MAX), BPF_LDX_MEMSX(BPF_W, R0, R10, -4), EXIT }, 0x7fffffff },

	/* ---- atomics: the memory after, the fetched value, R0 ---- */
	ATOMIC("STX_ATOMIC_DW ADD: memory", BPF_DW, BPF_ADD, DM, DS, 0, MEM, 0x1000000100000012ULL),
	ATOMIC("STX_ATOMIC_DW ADD: src unchanged", BPF_DW, BPF_ADD, DM, DS, 0, FETCHED, DS),
	ATOMIC("STX_ATOMIC_DW AND: memory", BPF_DW, BPF_AND, DM, DS, 0, MEM, 0x4),
	ATOMIC("STX_ATOMIC_DW OR: memory", BPF_DW, BPF_OR, DM, DS, 0, MEM, 0x100000010000000eULL),
	ATOMIC("STX_ATOMIC_DW XOR: memory", BPF_DW, BPF_XOR, DM, DS, 0, MEM, 0x100000010000000aULL),
	ATOMIC("STX_ATOMIC_DW ADD|FETCH: memory", BPF_DW, BPF_ADD | BPF_FETCH, DM, DS, 0, MEM, 0x1000000100000012ULL),
	ATOMIC("STX_ATOMIC_DW ADD|FETCH: old value", BPF_DW, BPF_ADD | BPF_FETCH, DM, DS, 0, FETCHED, DM),
	ATOMIC("STX_ATOMIC_DW AND|FETCH: memory", BPF_DW, BPF_AND | BPF_FETCH, DM, DS, 0, MEM, 0x4),
	ATOMIC("STX_ATOMIC_DW AND|FETCH: old value", BPF_DW, BPF_AND | BPF_FETCH, DM, DS, 0, FETCHED, DM),
	ATOMIC("STX_ATOMIC_DW OR|FETCH: memory", BPF_DW, BPF_OR | BPF_FETCH, DM, DS, 0, MEM, 0x100000010000000eULL),
	ATOMIC("STX_ATOMIC_DW OR|FETCH: old value", BPF_DW, BPF_OR | BPF_FETCH, DM, DS, 0, FETCHED, DM),
	ATOMIC("STX_ATOMIC_DW XOR|FETCH: memory", BPF_DW, BPF_XOR | BPF_FETCH, DM, DS, 0, MEM, 0x100000010000000aULL),
	ATOMIC("STX_ATOMIC_DW XOR|FETCH: old value", BPF_DW, BPF_XOR | BPF_FETCH, DM, DS, 0, FETCHED, DM),
	ATOMIC("STX_ATOMIC_DW XCHG: memory", BPF_DW, BPF_XCHG, DM, DS, 0, MEM, DS),
	ATOMIC("STX_ATOMIC_DW XCHG: old value", BPF_DW, BPF_XCHG, DM, DS, 0, FETCHED, DM),
	ATOMIC("STX_ATOMIC_DW CMPXCHG match: memory", BPF_DW, BPF_CMPXCHG, DM, DS, DM, MEM, DS),
	ATOMIC("STX_ATOMIC_DW CMPXCHG match: r0 = old", BPF_DW, BPF_CMPXCHG, DM, DS, DM, OLD, DM),
	ATOMIC("STX_ATOMIC_DW CMPXCHG low-half match only: memory", BPF_DW, BPF_CMPXCHG, DM, DS, 0xc, MEM, DM),
	ATOMIC("STX_ATOMIC_DW CMPXCHG mismatch: r0 = old", BPF_DW, BPF_CMPXCHG, DM, DS, 0xc, OLD, DM),
	ATOMIC("STX_ATOMIC_W ADD: memory, upper half kept", BPF_W, BPF_ADD, AM, AS, 0, MEM, 0xAAAAAAAA00000012ULL),
	ATOMIC("STX_ATOMIC_W ADD: src unchanged", BPF_W, BPF_ADD, AM, AS, 0, FETCHED, AS),
	ATOMIC("STX_ATOMIC_W ADD: 32-bit wrap", BPF_W, BPF_ADD, 0x00000001ffffffffULL, 1, 0, MEM, 0x0000000100000000ULL),
	ATOMIC("STX_ATOMIC_W AND: memory", BPF_W, BPF_AND, AM, AS, 0, MEM, 0xAAAAAAAA00000004ULL),
	ATOMIC("STX_ATOMIC_W OR: memory", BPF_W, BPF_OR, AM, AS, 0, MEM, 0xAAAAAAAA0000000eULL),
	ATOMIC("STX_ATOMIC_W XOR: memory", BPF_W, BPF_XOR, AM, AS, 0, MEM, 0xAAAAAAAA0000000aULL),
	ATOMIC("STX_ATOMIC_W ADD|FETCH: memory", BPF_W, BPF_ADD | BPF_FETCH, AM, AS, 0, MEM, 0xAAAAAAAA00000012ULL),
	ATOMIC("STX_ATOMIC_W ADD|FETCH: old value, zero-extended", BPF_W, BPF_ADD | BPF_FETCH, AM, AS, 0, FETCHED, 0xc),
	ATOMIC("STX_ATOMIC_W AND|FETCH: memory", BPF_W, BPF_AND | BPF_FETCH, AM, AS, 0, MEM, 0xAAAAAAAA00000004ULL),
	ATOMIC("STX_ATOMIC_W AND|FETCH: old value", BPF_W, BPF_AND | BPF_FETCH, AM, AS, 0, FETCHED, 0xc),
	ATOMIC("STX_ATOMIC_W OR|FETCH: memory", BPF_W, BPF_OR | BPF_FETCH, AM, AS, 0, MEM, 0xAAAAAAAA0000000eULL),
	ATOMIC("STX_ATOMIC_W OR|FETCH: old value", BPF_W, BPF_OR | BPF_FETCH, AM, AS, 0, FETCHED, 0xc),
	ATOMIC("STX_ATOMIC_W XOR|FETCH: memory", BPF_W, BPF_XOR | BPF_FETCH, AM, AS, 0, MEM, 0xAAAAAAAA0000000aULL),
	ATOMIC("STX_ATOMIC_W XOR|FETCH: old value", BPF_W, BPF_XOR | BPF_FETCH, AM, AS, 0, FETCHED, 0xc),
	ATOMIC("STX_ATOMIC_W XCHG: memory", BPF_W, BPF_XCHG, AM, AS, 0, MEM, 0xAAAAAAAA00000006ULL),
	ATOMIC("STX_ATOMIC_W XCHG: old value, zero-extended", BPF_W, BPF_XCHG, AM, AS, 0, FETCHED, 0xc),
	ATOMIC("STX_ATOMIC_W CMPXCHG: compares the low half of r0", BPF_W, BPF_CMPXCHG, AM, AS, 0xffffffff0000000cULL, MEM, 0xAAAAAAAA00000006ULL),
	ATOMIC("STX_ATOMIC_W CMPXCHG match: r0 = old, zero-extended", BPF_W, BPF_CMPXCHG, AM, AS, 0xffffffff0000000cULL, OLD, 0xc),
	ATOMIC("STX_ATOMIC_W CMPXCHG mismatch: memory kept", BPF_W, BPF_CMPXCHG, AM, AS, 5, MEM, AM),
	ATOMIC("STX_ATOMIC_W CMPXCHG mismatch: r0 = old", BPF_W, BPF_CMPXCHG, AM, AS, 5, OLD, 0xc),

	/* ---- conditional jumps: 64-bit and 32-bit, register and imm ---- */
	JMP_4("JEQ equal", BPF_JEQ, 5, 5, 1, 1),
	JMP_4("JEQ different", BPF_JEQ, 5, 6, 0, 0),
	JMP_4("JEQ low halves equal", BPF_JEQ, 0x100000005ULL, 5, 0, 1),
	JMP_4("JNE low halves equal", BPF_JNE, 0x100000005ULL, 5, 1, 0),
	JMP_4("JNE equal", BPF_JNE, 7, 7, 0, 0),
	JMP_4("JGT 6 > 5", BPF_JGT, 6, 5, 1, 1),
	JMP_4("JGT 5 > 5", BPF_JGT, 5, 5, 0, 0),
	JMP_4("JGT high half", BPF_JGT, 0x100000000ULL, 5, 1, 0),
	JMP_4("JGE 5 >= 5", BPF_JGE, 5, 5, 1, 1),
	JMP_4("JGE 4 >= 5", BPF_JGE, 4, 5, 0, 0),
	JMP_4("JLT 4 < 5", BPF_JLT, 4, 5, 1, 1),
	JMP_4("JLT high half", BPF_JLT, 0x100000004ULL, 5, 0, 1),
	JMP_4("JLE 5 <= 5", BPF_JLE, 5, 5, 1, 1),
	JMP_4("JLE 6 <= 5", BPF_JLE, 6, 5, 0, 0),
	JMP_4("JSET common bit", BPF_JSET, 0x6, 0x2, 1, 1),
	JMP_4("JSET no common bit", BPF_JSET, 0x4, 0x2, 0, 0),
	JMP_4("JSET high half only", BPF_JSET, 0x100000000ULL, 1, 0, 0),
	JMP_4("JSGT -1 > -2", BPF_JSGT, -1ULL, -2, 1, 1),
	JMP_4("JSGT 0xffffffff > 1: positive in 64, -1 in 32", BPF_JSGT, 0xffffffffULL, 1, 1, 0),
	JMP_4("JSGE -2 >= -2", BPF_JSGE, -2ULL, -2, 1, 1),
	JMP_4("JSGE -3 >= -2", BPF_JSGE, -3ULL, -2, 0, 0),
	JMP_4("JSLT -3 < -2", BPF_JSLT, -3ULL, -2, 1, 1),
	JMP_4("JSLT 0x80000000 < 0: 32-bit sign", BPF_JSLT, 0x80000000ULL, 0, 0, 1),
	JMP_4("JSLE -2 <= -2", BPF_JSLE, -2ULL, -2, 1, 1),
	JMP_4("JSLE 1 <= -2", BPF_JSLE, 1, -2, 0, 0),
	JMP_K("JMP_JEQ_K: imm -1 sign-extends (all ones)", BPF_JMP, BPF_JEQ, -1ULL, -1, 1),
	JMP_K("JMP_JEQ_K: imm -1 sign-extends (0xffffffff)", BPF_JMP, BPF_JEQ, 0xffffffffULL, -1, 0),
	JMP_K("JMP_JGT_K: unsigned against sign-extended imm", BPF_JMP, BPF_JGT, 5, -1, 0),
	{ "JMP_JA: forward", { BPF_MOV64_IMM(R0, 1), BPF_JMP_A(1), BPF_MOV64_IMM(R0, 2), EXIT }, 1, F_UNREACHABLE },
	{ "JMP_JA: off 0 is the next insn", { BPF_MOV64_IMM(R0, 1), BPF_JMP_A(0), BPF_MOV64_IMM(R0, 2), EXIT }, 2 },
	{ "JMP32_JA (gotol): forward by imm", { BPF_MOV64_IMM(R0, 1), BPF_JMP32_A(2), BPF_MOV64_IMM(R0, 2),
	  BPF_MOV64_IMM(R0, 3), EXIT }, 1, F_UNREACHABLE },
	{ "JMP32_JA (gotol): backward", { BPF_MOV64_IMM(R0, 0), BPF_JMP_A(2), BPF_ALU64_IMM(BPF_ADD, R0, 5), EXIT,
	  BPF_ALU64_IMM(BPF_ADD, R0, 1), BPF_JMP32_A(-4) }, 6 },
	{ "loop: sum 1..10", { BPF_MOV64_IMM(R0, 0), BPF_MOV64_IMM(R1, 10), BPF_ALU64_REG(BPF_ADD, R0, R1),
	  BPF_ALU64_IMM(BPF_SUB, R1, 1), BPF_JMP_IMM(BPF_JNE, R1, 0, -3), EXIT }, 55 },
	{ "JMP_EXIT: not last", { BPF_MOV64_IMM(R0, 9), EXIT, BPF_MOV64_IMM(R0, 1), EXIT }, 9, F_UNREACHABLE },
	{ "registers start at zero", { BPF_MOV64_REG(R0, R6), BPF_ALU64_REG(BPF_OR, R0, BPF_REG_9), EXIT }, 0 },

	/* ---- calls ---- */
	{ "JMP_CALL: helper gets R1-R5", { BPF_MOV64_IMM(R1, 1), BPF_MOV64_IMM(R2, 2), BPF_MOV64_IMM(R3, 3),
	  BPF_MOV64_IMM(R4, 4), BPF_MOV64_IMM(R5, 5), BPF_CALL_HELPER(TEST_HELPER_WEIGH), EXIT }, 55, F_DIRECT_ONLY },
	{ "JMP_CALL: R6-R9 survive", { BPF_MOV64_IMM(R6, 6), BPF_CALL_HELPER(TEST_HELPER_WEIGH),
	  BPF_MOV64_REG(R0, R6), EXIT }, 6, F_DIRECT_ONLY },
	{ "JMP_CALL: 64-bit return", { BPF_CALL_HELPER(TEST_HELPER_BIG), EXIT }, 0xfedcba9876543210ULL, F_DIRECT_ONLY },
	{ "CALL_ARGS: bpf-to-bpf call", { BPF_MOV64_IMM(R1, 5), BPF_CALL_REL(2), BPF_ALU64_IMM(BPF_ADD, R0, 1), EXIT,
	  BPF_MOV64_REG(R0, R1), BPF_ALU64_IMM(BPF_MUL, R0, 3), EXIT }, 16 },
	{ "CALL_ARGS: the callee has its own stack", { BPF_ST_MEM(BPF_DW, R10, -8, 7), BPF_CALL_REL(3),
	  BPF_LDX_MEM(BPF_DW, R1, R10, -8), BPF_ALU64_REG(BPF_ADD, R0, R1), EXIT,
	  BPF_ST_MEM(BPF_DW, R10, -8, 100), BPF_LDX_MEM(BPF_DW, R0, R10, -8), EXIT }, 107 },
	{ "CALL_ARGS: R6 survives the callee", { BPF_MOV64_IMM(R6, 7), BPF_CALL_REL(2), BPF_MOV64_REG(R0, R6), EXIT,
	  BPF_MOV64_IMM(R6, 0), BPF_MOV64_IMM(R0, 0), EXIT }, 7 },
	{ "CALL_ARGS: nested calls", { BPF_MOV64_IMM(R1, 1), BPF_CALL_REL(1), EXIT,
	  BPF_ALU64_IMM(BPF_ADD, R1, 10), BPF_CALL_REL(1), EXIT,
	  BPF_MOV64_REG(R0, R1), BPF_ALU64_IMM(BPF_ADD, R0, 100), EXIT }, 111 },
};

/* Helpers for direct runs, called through __bpf_call_base + imm. */
static u64 test_helper_weigh(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return r1 + 2 * r2 + 3 * r3 + 4 * r4 + 5 * r5;
}

static u64 test_helper_big(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)r1; (void)r2; (void)r3; (void)r4; (void)r5;
	return 0xfedcba9876543210ULL;
}

static u32 prog_len(const struct bpf_insn *insns)
{
	u32 len = MAX_INSNS;

	while (len && !memcmp(&insns[len - 1], &(struct bpf_insn){ 0 }, sizeof(*insns)))
		len--;
	return len;
}

/*
 * The verifier's two rewrites of calls, done here for the direct runs:
 * helper ids to distances from __bpf_call_base, bpf-to-bpf calls to
 * CALL_ARGS (bpf_patch_call_args(), with a 64-byte callee stack).
 */
static void fixup_calls(struct bpf_insn *insns, u32 len)
{
	for (u32 i = 0; i < len; i++) {
		struct bpf_insn *insn = &insns[i];

		if (insn->code != (BPF_JMP | BPF_CALL))
			continue;
		if (insn->src_reg == BPF_PSEUDO_CALL) {
			bpf_patch_call_args(insn, 64);
			continue;
		}
		insn->imm = (s32)((unsigned long)(insn->imm == TEST_HELPER_BIG ?
						  test_helper_big : test_helper_weigh) -
				  (unsigned long)__bpf_call_base);
	}
}

u64 run_direct(const struct bpf_insn *insns, u32 len, u64 r1)
{
	struct bpf_insn prog[MAX_INSNS];
	u64 stack[64] = { 0 };
	u64 regs[MAX_BPF_EXT_REG] = { 0 };

	memcpy(prog, insns, len * sizeof(*insns));
	fixup_calls(prog, len);
	regs[BPF_REG_FP] = (u64)(unsigned long)&stack[ARRAY_SIZE(stack)];
	regs[BPF_REG_1] = r1;
	return ___bpf_prog_run(regs, prog, stack);
}

START_TEST(interp_table_direct)
{
	const struct interp_test *t = &tests[_i];
	u64 got = run_direct(t->insns, prog_len(t->insns), 0);

	ck_assert_msg(got == t->expected,
		      "#%d %s: ___bpf_prog_run() returned 0x%llx, expected 0x%llx",
		      _i, t->descr, (unsigned long long)got,
		      (unsigned long long)t->expected);
}
END_TEST

/* Load with BPF_F_UNVERIFIED as a socket filter, test-run, read R0. */
int load_prog(const struct bpf_insn *insns, u32 len, u32 flags, u32 type)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insn_cnt = len;
	attr.insns = (u64)(unsigned long)insns;
	attr.license = (u64)(unsigned long)"GPL";
	attr.prog_flags = flags;
	return (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

int test_run_fd(int fd, void *data, u32 size, u32 *retval)
{
	union bpf_attr attr;
	int err;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = (u64)(unsigned long)data;
	attr.test.data_size_in = size;
	err = (int)sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
	if (retval)
		*retval = attr.test.retval;
	return err;
}

START_TEST(interp_table_sys_bpf)
{
	const struct interp_test *t = &tests[_i];
	u32 retval = 0;
	int fd, err;

	if (t->flags & F_DIRECT_ONLY)
		return;
	set_current_caps(CAP_ALL);
	fd = load_prog(t->insns, prog_len(t->insns), BPF_F_UNVERIFIED,
		       BPF_PROG_TYPE_SOCKET_FILTER);
	if (t->flags & F_UNREACHABLE) {
		/* the verifier's own walk refuses it: */
		int vfd = load_prog(t->insns, prog_len(t->insns), 0, BPF_PROG_TYPE_SOCKET_FILTER);

		ck_assert_msg(vfd == -EINVAL, "#%d %s: dead code must be refused by the verifier: got %d (%s)",
			      _i, t->descr, vfd, errno_name(vfd));
	}
	ck_assert_msg(fd >= 0, "#%d %s: BPF_PROG_LOAD(BPF_F_UNVERIFIED) = %d (%s)",
		      _i, t->descr, fd, errno_name(fd));
	err = test_run_fd(fd, NULL, 0, &retval);
	ck_assert_msg(err == 0, "#%d %s: BPF_PROG_TEST_RUN = %d (%s)",
		      _i, t->descr, err, errno_name(err));
	ck_assert_msg(bpf_test_run_last_r0() == t->expected,
		      "#%d %s: through sys_bpf(), R0 = 0x%llx, expected 0x%llx",
		      _i, t->descr, (unsigned long long)bpf_test_run_last_r0(),
		      (unsigned long long)t->expected);
	ck_assert_msg(retval == (u32)t->expected,
		      "#%d %s: attr.test.retval = 0x%x, expected 0x%x",
		      _i, t->descr, retval, (u32)t->expected);
	close_fd(fd);
}
END_TEST

/* Internal opcodes and the default label. */
START_TEST(interp_internal_opcodes)
{
	u64 word = 0x55;
	struct bpf_insn tail_call[] = {
		BPF_MOV64_IMM(R0, 3), BPF_RAW_INSN(BPF_JMP | BPF_TAIL_CALL, 0, 0, 0, 0), EXIT,
	};
	struct bpf_insn nospec[] = {
		BPF_MOV64_IMM(R0, 4), BPF_RAW_INSN(BPF_ST | BPF_NOSPEC, 0, 0, 0, 0), EXIT,
	};
	struct bpf_insn probe[] = {
		BPF_MOV64_IMM(R0, 77),
		BPF_RAW_INSN(BPF_LDX | BPF_PROBE_MEM | BPF_DW, R0, R1, 0, 0), EXIT,
	};
	struct bpf_insn unknown[] = {
		BPF_MOV64_IMM(R0, 5), BPF_RAW_INSN(BPF_ALU | BPF_NEG | BPF_X, R0, 0, 0, 0), EXIT,
	};
	struct bpf_insn bad_atomic[] = {
		BPF_MOV64_IMM(R0, 5), BPF_ATOMIC_OP(BPF_DW, BPF_SUB, R10, R0, -8), EXIT,
	};
	char *log;

	ck_assert_msg(run_direct(tail_call, 3, 0) == 3, "JMP_TAIL_CALL with no map falls through");
	ck_assert_msg(run_direct(nospec, 3, 0) == 4, "ST_NOSPEC is a barrier only");
	ck_assert_msg(run_direct(probe, 3, (u64)(unsigned long)&word) == 0x55,
		      "LDX_PROBE_MEM_DW reads a good address");
	ck_assert_msg(run_direct(probe, 3, 16) == 0,
		      "LDX_PROBE_MEM_DW from an unmapped address reads 0");
	/* The two programs the interpreter refuses: R0 = 0, and a warning. */
	log_capture_begin(&printk_log);
	ck_assert_msg(run_direct(unknown, 3, 0) == 0,
		      "opcode 0x8c (NEG with BPF_X) ends the program with 0");
	ck_assert_msg(run_direct(bad_atomic, 3, 0) == 0,
		      "an atomic with imm BPF_SUB ends the program with 0");
	log = log_capture_end(&printk_log);
	ck_assert_str_eq(log, "BPF interpreter: unknown opcode 8c (imm: 0x0)\n"
			      "BPF interpreter: unknown opcode db (imm: 0x10)\n");
	free(log);
}
END_TEST

void add_interp_tests(Suite *s)
{
	TCase *tc = tcase_create("___bpf_prog_run");

	tcase_add_loop_test(tc, interp_table_direct, 0, ARRAY_SIZE(tests));
	ADD(tc, interp_internal_opcodes);
	suite_add_tcase(s, tc);

	tc = tcase_create("interp_sys_bpf");
	tcase_add_loop_test(tc, interp_table_sys_bpf, 0, ARRAY_SIZE(tests));
	suite_add_tcase(s, tc);
}
