// SPDX-License-Identifier: GPL-2.0
/*
 * What the analysis decides, row by row: constants and known bits, dead
 * code, fused sequences, jumps rewritten. Each row as in test_opt_tables.c:
 * the bytes one instruction becomes, then the program run against the
 * interpreter.
 */
#include <stdlib.h>

#include "test_opt.h"
#include "opt.h"
#include "../05-blinding/blind_check.h"

#define MAX_INSNS	24

struct opt_case {
	const char *descr;
	struct bpf_insn insns[MAX_INSNS];
	u32 at;
	const char *bytes;
	unsigned int steps;
};

void opt_check_case(const char *descr, const struct bpf_insn *insns, u32 len, u32 at,
		    const char *bytes, unsigned int steps);

#define LD2	BPF_LDX_MEM(BPF_DW, R2, R1, 0)
#define LD3	BPF_LDX_MEM(BPF_DW, R3, R1, 8)
#define LD3B	BPF_LDX_MEM(BPF_B, R3, R1, 3), BPF_ALU64_IMM(BPF_AND, R3, 0x3f)	/* 0..63 */
#define RET2	BPF_MOV64_REG(R0, R2), BPF_EXIT_INSN()

static void run_cases(const struct opt_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		opt_check_case(cases[i].descr, cases[i].insns,
			       opt_insn_count(cases[i].insns, MAX_INSNS), cases[i].at,
			       cases[i].bytes, cases[i].steps ? cases[i].steps : BPF_JIT_OPT_ALL);
}

/* ---- known bits ----------------------------------------------------------- */

static const struct opt_case known_cases[] = {
	{ "r3 = 5; r2 += r3: add rsi, 5", { LD2, BPF_MOV64_IMM(R3, 5), BPF_ALU64_REG(BPF_ADD, R2, R3),
	  RET2 }, 2, "48 83 c6 05", 0 },
	{ "... and r3 = 5 is read no more: no code", { LD2, BPF_MOV64_IMM(R3, 5),
	  BPF_ALU64_REG(BPF_ADD, R2, R3), RET2 }, 1, "", 0 },
	{ "r2 = 7; r2 *= 6; r0 = r2: mov eax, 42", { BPF_MOV64_IMM(R2, 7), BPF_ALU64_IMM(BPF_MUL, R2, 6),
	  RET2 }, 2, "b8 2a 00 00 00", 0 },
	{ "w2 = w2 after a 32-bit load: the upper half is 0 already", { BPF_LDX_MEM(BPF_W, R2, R1, 4),
	  BPF_MOV32_REG(R2, R2), RET2 }, 1, "", 0 },
	{ "w2 = w2 after a 64-bit load: kept, it zeroes the upper half", { LD2,
	  BPF_MOV32_REG(R2, R2), RET2 }, 1, "89 f6", 0 },
	{ "le32 after a 32-bit load: nothing", { BPF_LDX_MEM(BPF_W, R2, R1, 4),
	  BPF_ENDIAN(BPF_TO_LE, R2, 32), RET2 }, 1, "", 0 },
	{ "r2 &= 0xff after a byte load: nothing", { BPF_LDX_MEM(BPF_B, R2, R1, 4),
	  BPF_ALU64_IMM(BPF_AND, R2, 0xff), RET2 }, 1, "", 0 },
	{ "r2 |= 1; if r2 != 0: always: a goto, to the next emitted, no code",
	  { LD2, BPF_ALU64_IMM(BPF_OR, R2, 1), BPF_JMP_IMM(BPF_JNE, R2, 0, 1), BPF_MOV64_IMM(R2, 9),
	    RET2 }, 2, "", 0 },
	{ "... and what the jump skipped is never reached: no code",
	  { LD2, BPF_ALU64_IMM(BPF_OR, R2, 1), BPF_JMP_IMM(BPF_JNE, R2, 0, 1), BPF_MOV64_IMM(R2, 9),
	    RET2 }, 3, "", 0 },
	{ "if w2 s< 0 after w2 &= 0x7f: never", { LD2, BPF_ALU32_IMM(BPF_AND, R2, 0x7f),
	  BPF_JMP32_IMM(BPF_JSLT, R2, 0, 1), BPF_MOV64_IMM(R2, 9), RET2 }, 2, "", 0 },
	{ "if r2 s< r3, r3 known: cmp with an imm32 (JSLT is ARSH's number: no mask)",
	  { LD2, BPF_MOV64_IMM(R3, 0xa3), BPF_JMP_REG(BPF_JSLT, R2, R3, 1), BPF_MOV64_IMM(R2, 9),
	    RET2 }, 2, "48 81 fe a3 00 00 00 7c 05", 0 },
	{ "r2 <<= r3, r3 = 70: shl rsi, 6 (the count masked)", { LD2, BPF_MOV64_IMM(R3, 70),
	  BPF_ALU64_REG(BPF_LSH, R2, R3), RET2 }, 2, "48 c1 e6 06", 0 },
	{ "a loop: r3 counts 0..4, r2 goes round; nothing known of r2",
	  { LD2, BPF_MOV64_IMM(R3, 0), BPF_ALU64_IMM(BPF_MUL, R2, 3), BPF_ALU64_IMM(BPF_ADD, R3, 1),
	    BPF_JMP_IMM(BPF_JLT, R3, 4, -3), RET2 }, 2, "48 8d 34 76", 0 },
	/* not zero: what a tnum cannot say, past a test with 0, through a copy */
	{ "past if w2 == 0, a copy w3 = w2 is not 0: if w3 != 0 decided, the rest dead",
	  { LD2, BPF_MOV64_IMM(R3, 5), BPF_JMP32_IMM(BPF_JEQ, R2, 0, 3), BPF_MOV32_REG(R3, R2),
	    BPF_JMP32_IMM(BPF_JNE, R3, 0, 1), BPF_MOV64_IMM(R3, 7), BPF_MOV64_REG(R0, R3),
	    BPF_EXIT_INSN() }, 5, "", 0 },
	{ "past if w2 > 0 (unsigned), the same", { LD2, BPF_MOV64_IMM(R3, 5),
	  BPF_JMP32_IMM(BPF_JGT, R2, 0, 1), BPF_JMP_A(3), BPF_MOV32_REG(R3, R2),
	  BPF_JMP32_IMM(BPF_JNE, R3, 0, 1), BPF_MOV64_IMM(R3, 7), BPF_MOV64_REG(R0, R3),
	  BPF_EXIT_INSN() }, 6, "", 0 },
	{ "past if r2 == 0 (64 bits), the low half may still be 0: kept",
	  { LD2, BPF_MOV64_IMM(R3, 5), BPF_JMP_IMM(BPF_JEQ, R2, 0, 3), BPF_MOV32_REG(R3, R2),
	    BPF_JMP32_IMM(BPF_JNE, R3, 0, 1), BPF_MOV64_IMM(R3, 7), BPF_MOV64_REG(R0, R3),
	    BPF_EXIT_INSN() }, 5, "ba 07 00 00 00", 0 },
	{ "... and on the jump's side, where it is 0: kept", { LD2, BPF_MOV64_IMM(R3, 5),
	  BPF_JMP32_IMM(BPF_JNE, R2, 0, 3), BPF_MOV32_REG(R3, R2),
	  BPF_JMP32_IMM(BPF_JNE, R3, 0, 1), BPF_MOV64_IMM(R3, 7), BPF_MOV64_REG(R0, R3),
	  BPF_EXIT_INSN() }, 5, "ba 07 00 00 00", 0 },
	{ "a copy overwritten (w3 += w4) is not known: kept", { LD2, LD3, BPF_MOV64_IMM(R4, 5),
	  BPF_JMP32_IMM(BPF_JEQ, R2, 0, 4), BPF_MOV32_REG(R3, R2), BPF_ALU32_REG(BPF_ADD, R3, R4),
	  BPF_JMP32_IMM(BPF_JNE, R3, 0, 1), BPF_MOV64_IMM(R3, 7), BPF_MOV64_REG(R0, R3),
	  BPF_EXIT_INSN() }, 7, "ba 07 00 00 00", 0 },
	{ "a copy loaded over is not known: kept", { LD2, BPF_MOV64_IMM(R3, 5),
	  BPF_JMP32_IMM(BPF_JEQ, R2, 0, 4), BPF_MOV32_REG(R3, R2), BPF_LDX_MEM(BPF_W, R3, R1, 8),
	  BPF_JMP32_IMM(BPF_JNE, R3, 0, 1), BPF_MOV64_IMM(R3, 7), BPF_MOV64_REG(R0, R3),
	  BPF_EXIT_INSN() }, 6, "ba 07 00 00 00", 0 },
	{ "a loop while w2 != 0, entered with w2 odd: w2 != 0 at its head, decided",
	  { LD2, BPF_ALU32_IMM(BPF_OR, R2, 1), BPF_MOV64_IMM(R4, 0), BPF_ALU32_IMM(BPF_ADD, R4, 1),
	    BPF_JMP32_IMM(BPF_JNE, R2, 0, 1), BPF_MOV32_IMM(R2, 9), BPF_ALU32_IMM(BPF_RSH, R2, 1),
	    BPF_JMP32_IMM(BPF_JNE, R2, 0, -5), BPF_MOV64_REG(R0, R4), BPF_EXIT_INSN() },
	  5, "", 0 },
	{ "the same loop closed on another test: w2 may reach its head as 0, kept",
	  { LD2, BPF_ALU32_IMM(BPF_OR, R2, 1), BPF_MOV64_IMM(R4, 0), BPF_ALU32_IMM(BPF_ADD, R4, 1),
	    BPF_JMP32_IMM(BPF_JNE, R2, 0, 1), BPF_MOV32_IMM(R2, 9), BPF_ALU32_IMM(BPF_RSH, R2, 1),
	    BPF_JMP32_IMM(BPF_JLT, R4, 40, -5), BPF_MOV64_REG(R0, R4), BPF_EXIT_INSN() },
	  5, "be 09 00 00 00", 0 },
};

START_TEST(opt_known_table)
{
	run_cases(known_cases, ARRAY_SIZE(known_cases));
}
END_TEST

/* The stack's slots, when R10 never gets out: spilled constants, dead stores. */
static const struct opt_case stack_cases[] = {
	{ "a constant stored and loaded back: a move of it", { BPF_ST_MEM(BPF_DW, R10, -16, 77),
	  BPF_LDX_MEM(BPF_DW, R2, R10, -16), BPF_ALU64_IMM(BPF_ADD, R2, 1), RET2 },
	  3, "b8 4e 00 00 00", 0 },
	{ "... the store, read no more: no code", { BPF_ST_MEM(BPF_DW, R10, -16, 77),
	  BPF_LDX_MEM(BPF_DW, R2, R10, -16), BPF_ALU64_IMM(BPF_ADD, R2, 1), RET2 }, 0, "", 0 },
	{ "a 32-bit store over half of it: the load is a load again",
	  { BPF_ST_MEM(BPF_DW, R10, -16, 77), BPF_ST_MEM(BPF_W, R10, -12, 5),
	    BPF_LDX_MEM(BPF_DW, R2, R10, -16), RET2 }, 2, "48 8b 75 f0", 0 },
	{ "... and both stores are read: both kept", { BPF_ST_MEM(BPF_DW, R10, -16, 77),
	  BPF_ST_MEM(BPF_W, R10, -12, 5), BPF_LDX_MEM(BPF_DW, R2, R10, -16), RET2 },
	  0, "48 c7 45 f0 4d 00 00 00", 0 },
	{ "an atomic add to the slot: unknown after, the store kept",
	  { BPF_ST_MEM(BPF_DW, R10, -8, 77), BPF_MOV64_IMM(R3, 1),
	    BPF_ATOMIC_OP(BPF_DW, BPF_ADD, R10, R3, -8), BPF_LDX_MEM(BPF_DW, R2, R10, -8), RET2 },
	  3, "48 8b 75 f8", 0 },
	{ "r3 = r10: the stack gets out, nothing known of it",
	  { BPF_MOV64_REG(R3, R10), BPF_ST_MEM(BPF_DW, R10, -8, 77), BPF_LDX_MEM(BPF_DW, R2, R3, -8),
	    BPF_ALU64_IMM(BPF_MUL, R2, 0), BPF_LDX_MEM(BPF_DW, R2, R10, -8), RET2 },
	  4, "48 8b 75 f8", 0 },
	{ "a store through r1 at -8 is not the stack's: kept, though no slot is read",
	  { LD2, BPF_ALU64_IMM(BPF_ADD, R1, 16), BPF_STX_MEM(BPF_DW, R1, R2, -8),
	    BPF_LDX_MEM(BPF_DW, R2, R1, -8), RET2 }, 2, "48 89 77 f8", 0 },
	{ "a register spilled and filled: a load still (its value unknown)",
	  { LD2, BPF_STX_MEM(BPF_DW, R10, R2, -8), BPF_MOV64_IMM(R2, 0),
	    BPF_LDX_MEM(BPF_DW, R2, R10, -8), RET2 }, 3, "48 8b 75 f8", 0 },
};

START_TEST(opt_known_stack)
{
	static const struct bpf_insn article[] = { ARTICLE_INSNS };
	static const u8 image[] = { 0xb8, 0x87, 0x06, 0x00, 0x00, 0xc3 };
	struct bpf_prog *fp;

	run_cases(stack_cases, ARRAY_SIZE(stack_cases));
	/* the article's program: its constant through the stack, and no frame */
	fp = opt_compile(article, ARRAY_SIZE(article), 8, BPF_JIT_OPT_ALL);
	ck_assert_uint_eq(fp->jited_len, sizeof(image));
	ck_assert_mem_eq(fp->bpf_func, image, sizeof(image));
	ck_assert_uint_eq(bpf_prog_run64(fp, NULL), 0x687);
	bpf_prog_free(fp);
}
END_TEST

/* Every outcome opt_branch_taken() gives, against what the values say. */
START_TEST(opt_known_branch_taken)
{
	static const struct {
		struct tnum d, s;
		u8 op;
		bool is32;
		int want;
	} rows[] = {
		{ TNUM(5, 0), TNUM(5, 0), BPF_JEQ, false, 1 },
		{ TNUM(4, 1), TNUM(6, 0), BPF_JEQ, false, 0 },	/* 4 or 5, never 6 */
		{ TNUM(4, 1), TNUM(5, 0), BPF_JEQ, false, -1 },
		{ TNUM(1, ~1ULL), TNUM(0, 0), BPF_JNE, false, 1 },	/* odd: never 0 */
		{ TNUM(8, 0), TNUM(8, 0), BPF_JSET, false, 1 },
		{ TNUM(0, 0xf0), TNUM(0x0f, 0), BPF_JSET, false, 0 },
		{ TNUM(0, 0xff), TNUM(0x100, 0), BPF_JLT, false, 1 },
		{ TNUM(0, 0xff), TNUM(0xff, 0), BPF_JGT, false, 0 },
		{ TNUM(0, 0xff), TNUM(0xfe, 0), BPF_JGT, false, -1 },
		{ TNUM(0x100000000ULL, 0xff), TNUM(0x100, 0), BPF_JLT, true, 1 },	/* w: the low half */
		{ TNUM(0x80000000ULL, 0x7fffffff), TNUM(0, 0), BPF_JSLT, true, 1 },	/* negative w */
		{ TNUM(0x80000000ULL, 0x7fffffff), TNUM(0, 0), BPF_JSLT, false, 0 },	/* positive r */
		{ TNUM(0, ~0ULL), TNUM(0, 0), BPF_JSGE, false, -1 },
		{ TNUM(0, 0x7fffffffffffffffULL), TNUM(0, 0), BPF_JSGE, false, 1 },
		{ TNUM(0, 0x7f), TNUM(0x7f, 0), BPF_JSLE, false, 1 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		ck_assert_msg(opt_branch_taken(rows[i].d, rows[i].s, rows[i].op, rows[i].is32) == rows[i].want,
			      "row %zu: %d", i, opt_branch_taken(rows[i].d, rows[i].s, rows[i].op, rows[i].is32));
}
END_TEST

/*
 * A blinded program keeps its constants out of the image: the analysis
 * must not bring them back as immediates, by folding or otherwise.
 */
START_TEST(opt_known_blinded)
{
	struct bpf_insn insns[] = {
		BPF_MOV64_IMM(R2, 0x12345678), BPF_ALU64_IMM(BPF_ADD, R2, 0x11111111),
		BPF_ALU64_IMM(BPF_XOR, R2, 0x0badcafe), BPF_MOV64_IMM(R3, 0x5a5a5a5a),
		BPF_ALU64_REG(BPF_MUL, R2, R3), BPF_ALU64_IMM(BPF_DIV, R2, 0x3771),
		RET2,
	};
	struct blind_check_imm imms[16];
	struct bpf_prog *fp, *ip;
	u32 n, found = 0;

	bpf_jit_harden = 2;
	fp = opt_compile(insns, ARRAY_SIZE(insns), 0, BPF_JIT_OPT_ALL);
	bpf_jit_harden = 0;
	ck_assert(fp->jited && fp->blinded);
	n = blind_check_collect(insns, ARRAY_SIZE(insns), imms, 16);
	for (u32 i = 0; i < n; i++)
		found += blind_check_find((const u8 *)fp->bpf_func, fp->jited_len, imms[i].value) >= 0;
	ck_assert_msg(found == 0, "%u of %u immediates in the blinded image", found, n);
	ip = interp_compile(insns, ARRAY_SIZE(insns), 0);
	ck_assert_uint_eq(bpf_prog_run64(fp, NULL), bpf_prog_run64(ip, NULL));
	bpf_prog_free(fp);
	bpf_prog_free(ip);
}
END_TEST

/* ---- liveness ------------------------------------------------------------- */

static const struct opt_case live_cases[] = {
	{ "r3 = r2; r3 += 1, never read: no code", { LD2, BPF_MOV64_REG(R3, R2),
	  BPF_ALU64_IMM(BPF_ADD, R3, 1), RET2 }, 1, "", 0 },
	{ "r2 /= r3, rax and rdx dead after: no saves",
	  { LD2, LD3, BPF_ALU64_IMM(BPF_OR, R3, 1), BPF_ALU64_REG(BPF_DIV, R2, R3), RET2 },
	  3, "49 89 d3 48 89 f0 31 d2 49 f7 f3 48 89 c6", 0 },
	{ "r2 /= r3, rax live after: kept in r9",
	  { BPF_LDX_MEM(BPF_DW, R0, R1, 16), LD2, LD3, BPF_ALU64_IMM(BPF_OR, R3, 1),
	    BPF_ALU64_REG(BPF_DIV, R2, R3), BPF_ALU64_REG(BPF_ADD, R0, R2), BPF_EXIT_INSN() },
	  4, "49 89 d3 49 89 c1 48 89 f0 31 d2 49 f7 f3 48 89 c6 4c 89 c8", 0 },
	{ "without the step everything is live: rax kept, rdx back from the divisor's copy",
	  { LD2, LD3, BPF_ALU64_IMM(BPF_OR, R3, 1), BPF_ALU64_REG(BPF_DIV, R2, R3), RET2 },
	  3, "49 89 d3 49 89 c1 48 89 f0 31 d2 49 f7 f3 48 89 c6 4c 89 da 4c 89 c8",
	  BPF_JIT_OPT_ALL & ~BPF_JIT_OPT_LIVE },
	{ "... a divisor not in rdx: rdx pushed (r10 may be in use)",
	  { LD2, BPF_LDX_MEM(BPF_DW, R4, R1, 8), BPF_ALU64_IMM(BPF_OR, R4, 1),
	    BPF_ALU64_REG(BPF_DIV, R2, R4), RET2 },
	  3, "49 89 c1 52 48 89 f0 31 d2 48 f7 f1 48 89 c6 5a 4c 89 c8",
	  BPF_JIT_OPT_ALL & ~BPF_JIT_OPT_LIVE },
	{ "r2 /= r0, r0 read after: r11 has r0's copy, rax back from it",
	  { BPF_LDX_MEM(BPF_DW, R0, R1, 16), LD2, BPF_ALU64_IMM(BPF_OR, R0, 1),
	    BPF_ALU64_REG(BPF_DIV, R2, R0), BPF_ALU64_REG(BPF_ADD, R0, R2), BPF_EXIT_INSN() },
	  3, "49 89 c3 48 89 f0 31 d2 49 f7 f3 48 89 c6 4c 89 d8", 0 },
};

START_TEST(opt_live_table)
{
	run_cases(live_cases, ARRAY_SIZE(live_cases));
}
END_TEST

/* ---- fused sequences ------------------------------------------------------ */

static const struct opt_case fuse_cases[] = {
	{ "r3 = r2; r3 += 2048: lea rdx, [rsi + 0x800]", { LD2, BPF_MOV64_REG(R3, R2),
	  BPF_ALU64_IMM(BPF_ADD, R3, 2048), BPF_ALU64_REG(BPF_XOR, R2, R3), RET2 },
	  1, "48 8d 96 00 08 00 00", 0 },
	{ "... the add: no code", { LD2, BPF_MOV64_REG(R3, R2),
	  BPF_ALU64_IMM(BPF_ADD, R3, 2048), BPF_ALU64_REG(BPF_XOR, R2, R3), RET2 }, 2, "", 0 },
	{ "r5 = r2; r5 += -256; r5 += r3: lea r8, [rsi + rdx - 0x100]",
	  { LD2, LD3, BPF_MOV64_REG(R5, R2), BPF_ALU64_IMM(BPF_ADD, R5, -256),
	    BPF_ALU64_REG(BPF_ADD, R5, R3), BPF_MOV64_REG(R0, R5), BPF_EXIT_INSN() },
	  2, "4c 8d 84 16 00 ff ff ff", 0 },
	{ "w3 = w2; w3 -= 5: a 32-bit lea wraps as w3 does", { LD2, BPF_MOV32_REG(R3, R2),
	  BPF_ALU32_IMM(BPF_SUB, R3, 5), BPF_MOV64_REG(R0, R3), BPF_EXIT_INSN() },
	  1, "8d 56 fb", 0 },
	{ "r5 = r1; r5 += r3; r5 = *(u8 *)(r5 + 0): movzx r8d, byte [rdi + rdx]",
	  { LD3B, BPF_MOV64_REG(R5, R1), BPF_ALU64_REG(BPF_ADD, R5, R3),
	    BPF_LDX_MEM(BPF_B, R5, R5, 0), BPF_MOV64_REG(R0, R5), BPF_EXIT_INSN() },
	  2, "44 0f b6 04 17", 0 },
	{ "r6 = r1; r6 += r3; *(u32 *)(r6 + 4) = r2, r6 dead: mov [rdi + rdx + 4], esi",
	  { LD2, LD3B, BPF_MOV64_REG(R6, R1), BPF_ALU64_REG(BPF_ADD, R6, R3),
	    BPF_STX_MEM(BPF_W, R6, R2, 4), RET2 }, 3, "89 74 17 04", 0 },
	{ "the same with an immediate: mov word [rdi + rdx + 2], 0x1234",
	  { LD2, LD3B, BPF_MOV64_REG(R6, R1), BPF_ALU64_REG(BPF_ADD, R6, R3),
	    BPF_ST_MEM(BPF_H, R6, 2, 0x1234), RET2 }, 3, "66 c7 44 17 02 34 12", 0 },
	{ "r6 still read after the store: a lea, the store through it",
	  { LD2, LD3B, BPF_MOV64_REG(R6, R1), BPF_ALU64_REG(BPF_ADD, R6, R3),
	    BPF_STX_MEM(BPF_W, R6, R2, 4), BPF_ALU64_REG(BPF_SUB, R6, R1), BPF_MOV64_REG(R0, R6),
	    BPF_EXIT_INSN() }, 3, "48 8d 1c 17", 0 },
	{ "w5 = w2; w5 >>= 19; w2 <<= 13; w2 |= w5: rol esi, 13",
	  { LD2, BPF_MOV32_REG(R5, R2), BPF_ALU32_IMM(BPF_RSH, R5, 19), BPF_ALU32_IMM(BPF_LSH, R2, 13),
	    BPF_ALU32_REG(BPF_OR, R2, R5), RET2 }, 1, "c1 c6 0d", 0 },
	{ "r5 = r2; r5 <<= 17; r2 >>= 47; r2 |= r5: rol rsi, 17",
	  { LD2, BPF_MOV64_REG(R5, R2), BPF_ALU64_IMM(BPF_LSH, R5, 17), BPF_ALU64_IMM(BPF_RSH, R2, 47),
	    BPF_ALU64_REG(BPF_OR, R2, R5), RET2 }, 1, "48 c1 c6 11", 0 },
	{ "the same, r5 read after: no rol", { LD2, BPF_MOV64_REG(R5, R2), BPF_ALU64_IMM(BPF_LSH, R5, 17),
	  BPF_ALU64_IMM(BPF_RSH, R2, 47), BPF_ALU64_REG(BPF_OR, R2, R5), BPF_ALU64_REG(BPF_ADD, R2, R5),
	  RET2 }, 1, "49 89 f0", 0 },
	{ "w0 = w2; w0 *= m << 15; w2 *= m; w2 >>= 17; w2 |= w0: imul esi, esi, m; rol esi, 15",
	  { LD2, BPF_MOV32_REG(R0, R2), BPF_ALU32_IMM(BPF_MUL, R0, 0x16a88000),
	    BPF_ALU32_IMM(BPF_MUL, R2, 0xcc9e2d51), BPF_ALU32_IMM(BPF_RSH, R2, 17),
	    BPF_ALU32_REG(BPF_OR, R2, R0), RET2 }, 1, "69 f6 51 2d 9e cc c1 c6 0f", 0 },
	{ "r0 = r2; r0 *= -3 << 4; r2 *= -3; r2 >>= 60; r2 += r0: imul rsi, rsi, -3; rol rsi, 4",
	  { LD2, BPF_MOV64_REG(R0, R2), BPF_ALU64_IMM(BPF_MUL, R0, -48),
	    BPF_ALU64_IMM(BPF_MUL, R2, -3), BPF_ALU64_IMM(BPF_RSH, R2, 60),
	    BPF_ALU64_REG(BPF_ADD, R2, R0), RET2 }, 1, "48 6b f6 fd 48 c1 c6 04", 0 },
	{ "the same with m << 14 and >> 17: two products, no rotate", { LD2, BPF_MOV32_REG(R0, R2),
	  BPF_ALU32_IMM(BPF_MUL, R0, 0x8b544000), BPF_ALU32_IMM(BPF_MUL, R2, 0xcc9e2d51),
	  BPF_ALU32_IMM(BPF_RSH, R2, 17), BPF_ALU32_REG(BPF_OR, R2, R0), RET2 },
	  1, "69 c6 00 40 54 8b", 0 },
	{ "w0 = w2; w0 *= 0x16a88000: imul eax, esi, imm32", { LD2, BPF_MOV32_REG(R0, R2),
	  BPF_ALU32_IMM(BPF_MUL, R0, 0x16a88000), BPF_EXIT_INSN() }, 1, "69 c6 00 80 a8 16", 0 },
	{ "r3 = r2; r3 *= 9: lea rdx, [rsi + rsi*8]", { LD2, BPF_MOV64_REG(R3, R2),
	  BPF_ALU64_IMM(BPF_MUL, R3, 9), BPF_MOV64_REG(R0, R3), BPF_EXIT_INSN() }, 1, "48 8d 14 f6", 0 },
	{ "r3 = r2; r3 *= 3; r3 -= 7: lea rdx, [rsi + rsi*2 - 7]", { LD2, BPF_MOV64_REG(R3, R2),
	  BPF_ALU64_IMM(BPF_MUL, R3, 3), BPF_ALU64_IMM(BPF_SUB, R3, 7), BPF_MOV64_REG(R0, R3),
	  BPF_EXIT_INSN() }, 1, "48 8d 54 76 f9", 0 },
	{ "w2 *= 5; w2 += 0xe6546b64: lea esi, [rsi + rsi*4 - 0x19ab949c]", { LD2,
	  BPF_ALU32_IMM(BPF_MUL, R2, 5), BPF_ALU32_IMM(BPF_ADD, R2, 0xe6546b64), RET2 },
	  1, "8d b4 b6 64 6b 54 e6", 0 },
	{ "r2 *= 9; r2 -= -0x80000000: the displacement would not fit, no fusion", { LD2,
	  BPF_ALU64_IMM(BPF_MUL, R2, 9), BPF_ALU64_IMM(BPF_SUB, R2, 0x80000000), RET2 },
	  1, "48 8d 34 f6", 0 },
	{ "w2 *= 5; r2 += 1: 32 then 64 bits, no fusion", { LD2,
	  BPF_ALU32_IMM(BPF_MUL, R2, 5), BPF_ALU64_IMM(BPF_ADD, R2, 1), RET2 },
	  1, "8d 34 b6", 0 },
	{ "r2 *= 5; r3 += 1: another register, no fusion", { LD2, LD3,
	  BPF_ALU64_IMM(BPF_MUL, R2, 5), BPF_ALU64_IMM(BPF_ADD, R3, 1), BPF_ALU64_REG(BPF_ADD, R2, R3),
	  RET2 }, 2, "48 8d 34 b6", 0 },
	{ "r2 <<= 32; r2 >>= 32: mov esi, esi", { LD2, BPF_ALU64_IMM(BPF_LSH, R2, 32),
	  BPF_ALU64_IMM(BPF_RSH, R2, 32), RET2 }, 1, "89 f6", 0 },
	{ "r2 = *(u32 *)(r1 + 8); w2 |= 5; *(u32 *)(r1 + 8) = r2: or dword [rdi + 8], 5",
	  { BPF_LDX_MEM(BPF_W, R2, R1, 8), BPF_ALU32_IMM(BPF_OR, R2, 5),
	    BPF_STX_MEM(BPF_W, R1, R2, 8), BPF_MOV64_IMM(R0, 0), BPF_EXIT_INSN() },
	  0, "83 4f 08 05", 0 },
	{ "a byte, plus a register: add byte [rdi + 5], sil", { LD2, BPF_LDX_MEM(BPF_B, R3, R1, 5),
	  BPF_ALU32_REG(BPF_ADD, R3, R2), BPF_STX_MEM(BPF_B, R1, R3, 5), RET2 }, 1, "40 00 77 05", 0 },
	{ "a word, plus 0x1234: add word [rdi + 6], 0x1234", { LD2, BPF_LDX_MEM(BPF_H, R3, R1, 6),
	  BPF_ALU64_IMM(BPF_ADD, R3, 0x1234), BPF_STX_MEM(BPF_H, R1, R3, 6), RET2 },
	  1, "66 81 47 06 34 12", 0 },
	{ "a byte, xor -1: xor byte [rdi + 5], 0xff", { LD2, BPF_LDX_MEM(BPF_B, R3, R1, 5),
	  BPF_ALU64_IMM(BPF_XOR, R3, -1), BPF_STX_MEM(BPF_B, R1, R3, 5), RET2 },
	  1, "80 77 05 ff", 0 },
	{ "a u64, minus a register: sub qword [rdi + 16], rdx", { LD2, LD3,
	  BPF_LDX_MEM(BPF_DW, R4, R1, 16), BPF_ALU64_REG(BPF_SUB, R4, R3),
	  BPF_STX_MEM(BPF_DW, R1, R4, 16), RET2 }, 2, "48 29 57 10", 0 },
	{ "w4 += 1 on a u64: it would clear the upper half, no fusion", { LD2,
	  BPF_LDX_MEM(BPF_DW, R4, R1, 16), BPF_ALU32_IMM(BPF_ADD, R4, 1),
	  BPF_STX_MEM(BPF_DW, R1, R4, 16), RET2 }, 1, "48 8b 4f 10", 0 },
	{ "the value read after the store: no fusion", { BPF_LDX_MEM(BPF_W, R2, R1, 8),
	  BPF_ALU32_IMM(BPF_OR, R2, 5), BPF_STX_MEM(BPF_W, R1, R2, 8), RET2 }, 0, "8b 77 08", 0 },
	{ "r5 = r1; r5 += r3; *(u8 *)(r5 + 0) |= 1, all of it: or byte [rdi + rdx], 1",
	  { LD2, LD3B, BPF_MOV64_REG(R5, R1), BPF_ALU64_REG(BPF_ADD, R5, R3),
	    BPF_LDX_MEM(BPF_B, R4, R5, 0), BPF_ALU32_IMM(BPF_OR, R4, 1),
	    BPF_STX_MEM(BPF_B, R5, R4, 0), RET2 }, 3, "80 0c 17 01", 0 },
	{ "w3 += w2; w3 += 1: lea edx, [rdx + rsi + 1]", { LD2, LD3, BPF_ALU32_REG(BPF_ADD, R3, R2),
	  BPF_ALU32_IMM(BPF_ADD, R3, 1), BPF_MOV64_REG(R0, R3), BPF_EXIT_INSN() },
	  2, "8d 54 32 01", 0 },
	{ "r3 += r2 alone: an add", { LD2, LD3, BPF_ALU64_REG(BPF_ADD, R3, R2),
	  BPF_MOV64_REG(R0, R3), BPF_EXIT_INSN() }, 2, "48 01 f2", 0 },
	{ "r3 <<= 2; r5 = r2; r5 += -256; r5 += r3: lea r8, [rsi + rdx*4 - 0x100]",
	  { LD2, LD3B, BPF_ALU64_IMM(BPF_LSH, R3, 2), BPF_MOV64_REG(R5, R2),
	    BPF_ALU64_IMM(BPF_ADD, R5, -256), BPF_ALU64_REG(BPF_ADD, R5, R3),
	    BPF_MOV64_REG(R0, R5), BPF_EXIT_INSN() }, 3, "4c 8d 84 96 00 ff ff ff", 0 },
	{ "r3 <<= 3; r5 = r1; r5 += r3; r0 = *(u64 *)(r5 + 8): mov rax, [rdi + rdx*8 + 8]",
	  { LD3B, BPF_ALU64_IMM(BPF_AND, R3, 7), BPF_ALU64_IMM(BPF_LSH, R3, 3),
	    BPF_MOV64_REG(R5, R1), BPF_ALU64_REG(BPF_ADD, R5, R3),
	    BPF_LDX_MEM(BPF_DW, R0, R5, 8), BPF_EXIT_INSN() }, 3, "48 8b 44 d7 08", 0 },
	{ "r3 <<= 1; r5 = r1; r5 += r3; *(u16 *)(r5 + 0) += 7: add word [rdi + rdx*2], 7",
	  { LD2, LD3B, BPF_ALU64_IMM(BPF_LSH, R3, 1), BPF_MOV64_REG(R5, R1),
	    BPF_ALU64_REG(BPF_ADD, R5, R3), BPF_LDX_MEM(BPF_H, R4, R5, 0),
	    BPF_ALU64_IMM(BPF_ADD, R4, 7), BPF_STX_MEM(BPF_H, R5, R4, 0), RET2 },
	  3, "66 83 04 57 07", 0 },
	{ "the shifted r3 read after: the shift stays", { LD2, LD3B, BPF_ALU64_IMM(BPF_LSH, R3, 2),
	  BPF_MOV64_REG(R5, R2), BPF_ALU64_REG(BPF_ADD, R5, R3), BPF_ALU64_REG(BPF_ADD, R5, R3),
	  BPF_MOV64_REG(R0, R5), BPF_EXIT_INSN() }, 3, "48 c1 e2 02", 0 },
	{ "the shifted r3 stored: the shift stays", { LD2, LD3B, BPF_ALU64_IMM(BPF_LSH, R3, 2),
	  BPF_MOV64_REG(R5, R1), BPF_ALU64_REG(BPF_ADD, R5, R3), BPF_STX_MEM(BPF_DW, R5, R3, 0),
	  RET2 }, 3, "48 c1 e2 02", 0 },
	{ "a shift by 4: no scale for it", { LD2, LD3B, BPF_ALU64_IMM(BPF_LSH, R3, 4),
	  BPF_MOV64_REG(R5, R2), BPF_ALU64_REG(BPF_ADD, R5, R3), BPF_MOV64_REG(R0, R5),
	  BPF_EXIT_INSN() }, 3, "48 c1 e2 04", 0 },
	{ "the shifted register the sum's base: no scale", { LD2, LD3B,
	  BPF_ALU64_IMM(BPF_LSH, R3, 2), BPF_MOV64_REG(R5, R3), BPF_ALU64_REG(BPF_ADD, R5, R2),
	  BPF_ALU64_IMM(BPF_ADD, R5, 4), BPF_MOV64_REG(R0, R5), BPF_EXIT_INSN() },
	  3, "48 c1 e2 02", 0 },
	{ "a 32-bit shift: no scale", { LD2, LD3B, BPF_ALU32_IMM(BPF_LSH, R3, 2),
	  BPF_MOV64_REG(R5, R2), BPF_ALU64_REG(BPF_ADD, R5, R3), BPF_MOV64_REG(R0, R5),
	  BPF_EXIT_INSN() }, 3, "c1 e2 02", 0 },
	{ "a jump lands inside: no lea", { LD2, BPF_JMP_IMM(BPF_JEQ, R2, 0, 1), BPF_MOV64_REG(R3, R2),
	  BPF_ALU64_IMM(BPF_ADD, R3, 5), BPF_MOV64_REG(R0, R3), BPF_EXIT_INSN() },
	  2, "48 89 f2", 0 },
};

START_TEST(opt_fuse_table)
{
	/*
	 * The operation reads the summed address r5: the sum must stay (a
	 * lea), then add byte [r8], r8b. Bytes only: the program stores
	 * address bits, which differ from run to run.
	 */
	static const struct bpf_insn reads_t[] = {
		LD2, LD3B, BPF_MOV64_REG(R5, R1), BPF_ALU64_REG(BPF_ADD, R5, R3),
		BPF_LDX_MEM(BPF_B, R4, R5, 0), BPF_ALU64_REG(BPF_ADD, R4, R5),
		BPF_STX_MEM(BPF_B, R5, R4, 0), RET2,
	};
	static const u8 lea[] = { 0x4c, 0x8d, 0x04, 0x17 }, rmw[] = { 0x45, 0x00, 0x00 };
	struct bpf_prog *fp = opt_compile(reads_t, ARRAY_SIZE(reads_t), 0, BPF_JIT_OPT_ALL);
	const u8 *b;
	int len;

	run_cases(fuse_cases, ARRAY_SIZE(fuse_cases));
	b = opt_insn_bytes(fp, 3, &len);
	ck_assert_int_eq(len, sizeof(lea));
	ck_assert_mem_eq(b, lea, sizeof(lea));
	b = opt_insn_bytes(fp, 5, &len);
	ck_assert_int_eq(len, sizeof(rmw));
	ck_assert_mem_eq(b, rmw, sizeof(rmw));
	bpf_prog_free(fp);
}
END_TEST

/* ---- jumps ---------------------------------------------------------------- */

/* The instruction the trace recorded as compiled: the rewrite. */
static struct bpf_insn compiled(const struct bpf_prog *fp, u32 k)
{
	return fp->aux->jit_trace->insns[k];
}

START_TEST(opt_jumps_thread)
{
	/* insn 2 jumps to a goto, which goes to the exit: straight there */
	struct bpf_insn insns[] = {
		BPF_MOV64_IMM(R0, 0), BPF_LDX_MEM(BPF_B, R2, R1, 0),
		BPF_JMP_IMM(BPF_JGT, R2, 5, 1),		/* -> 4 */
		BPF_MOV64_IMM(R0, 10),
		BPF_JMP_A(1),				/* 4: -> 6 */
		BPF_MOV64_IMM(R0, 20),
		BPF_EXIT_INSN(),			/* 6 */
	};
	struct bpf_prog *fp = opt_compile(insns, ARRAY_SIZE(insns), 0, BPF_JIT_OPT_ALL);

	ck_assert_int_eq(compiled(fp, 2).code, BPF_JMP | BPF_JGT | BPF_K);
	ck_assert_int_eq(compiled(fp, 2).off, 3);
	bpf_prog_free(fp);
	opt_check_case("threaded", insns, ARRAY_SIZE(insns), 0, NULL, BPF_JIT_OPT_ALL);
}
END_TEST

START_TEST(opt_jumps_invert)
{
	/* if r2 > 5 goto +1; goto +2: if r2 <= 5 goto +3, and no goto */
	struct bpf_insn insns[] = {
		BPF_MOV64_IMM(R0, 0), BPF_LDX_MEM(BPF_B, R2, R1, 0),
		BPF_JMP_IMM(BPF_JGT, R2, 5, 1),
		BPF_JMP_A(2),
		BPF_MOV64_IMM(R0, 10),
		BPF_ALU64_IMM(BPF_ADD, R0, 1),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog *fp = opt_compile(insns, ARRAY_SIZE(insns), 0, BPF_JIT_OPT_ALL);
	int len;

	ck_assert_int_eq(compiled(fp, 2).code, BPF_JMP | BPF_JLE | BPF_K);
	ck_assert_int_eq(compiled(fp, 2).off, 3);
	opt_insn_bytes(fp, 3, &len);
	ck_assert_int_eq(len, 0);
	bpf_prog_free(fp);
	opt_check_case("inverted", insns, ARRAY_SIZE(insns), 0, NULL, BPF_JIT_OPT_ALL);
	/* JSET has no opposite in BPF: it stays */
	insns[2] = BPF_JMP_IMM(BPF_JSET, R2, 5, 1);
	fp = opt_compile(insns, ARRAY_SIZE(insns), 0, BPF_JIT_OPT_ALL);
	ck_assert_int_eq(compiled(fp, 2).code, BPF_JMP | BPF_JSET | BPF_K);
	bpf_prog_free(fp);
	opt_check_case("jset stays", insns, ARRAY_SIZE(insns), 0, NULL, BPF_JIT_OPT_ALL);
}
END_TEST

/*
 * Jumps whose sizes change from pass to pass: chapter 06's cascade and
 * staircase, their test register read from the context (a constant would
 * decide every branch, and no jump would be left). The passes converge,
 * padded or not, and the program runs right.
 */
START_TEST(opt_jumps_converge)
{
	static struct bpf_insn insns[600];
	u32 len;

	for (int prog = 0; prog < 3; prog++) {
		struct bpf_prog *fp;

		len = prog == 0 ? jit_cascade_prog(insns) :
		      prog == 1 ? jit_many_jumps_prog(insns, 12, 5, 12) : jit_staircase_prog(insns, 24);
		/* (u8)(0x80 + 0x80) = 0, as the programs want, and no one knows it */
		insns[0] = BPF_LDX_MEM(BPF_B, R0, R1, 0x80);
		insns[1] = BPF_LDX_MEM(BPF_B, R2, R1, 0x80);
		/* 24 steps: more than 20 passes unless padded, as this mode always is */
		fp = opt_compile(insns, len, 0, BPF_JIT_OPT_ALL);
		ck_assert_msg(fp->jited, "program %d: %s", prog, fp->aux->jit_trace->fallback);
		ck_assert_msg(fp->aux->jit_trace->passes > 3, "program %d: %u passes", prog,
			      fp->aux->jit_trace->passes);
		ck_assert_int_eq(fp->aux->jit_trace->padded, prog == 2);
		bpf_prog_free(fp);
		opt_check_case("converging jumps", insns, len, 0, NULL, BPF_JIT_OPT_ALL);
	}
}
END_TEST

/*
 * lib/test_bpf.c's "BPF_MAXINSNS: Edge hopping nuthouse": gotos that hop
 * from one end of the program to the other and back, closer each time.
 * Threaded, the first lands where the chain ends, and every other goto is
 * unreached (opt_drop_unreached()): the image is the move and the exit.
 * Without the drop, the gotos left in between jumped over less and less,
 * one fewer per pass, and only the padding from pass 15 ended that. With
 * the jumps step or without it, the program must be compiled, and give
 * the interpreter's answer.
 */
START_TEST(opt_jumps_nuthouse)
{
	static struct bpf_insn insns[BPF_MAXINSNS];
	u32 len = BPF_MAXINSNS, hlen = len - 2, i;
	struct bpf_prog *fp;

	for (i = 0; i < hlen / 2; i++)
		insns[i] = BPF_JMP_A(hlen - 2 - 2 * i);
	for (i = hlen - 1; i > hlen / 2; i--)
		insns[i] = BPF_JMP_A(hlen - 1 - 2 * i);
	insns[hlen / 2] = BPF_JMP_A(hlen / 2 - 1);
	insns[hlen] = BPF_MOV32_IMM(R0, 0xabababac);
	insns[hlen + 1] = BPF_EXIT_INSN();
	fp = opt_compile(insns, len, 0, BPF_JIT_OPT_ALL);
	ck_assert_msg(fp->jited, "%s", fp->aux->jit_trace->fallback);
	ck_assert_uint_eq(bpf_prog_run64(fp, NULL), 0xabababac);
	ck_assert_uint_eq(fp->jited_len, 6);	/* mov eax, 0xabababac; ret */
	bpf_prog_free(fp);
	fp = opt_compile(insns, len, 0, BPF_JIT_OPT_ALL & ~BPF_JIT_OPT_JUMPS);
	ck_assert_msg(fp->jited, "%s", fp->aux->jit_trace->fallback);
	ck_assert_uint_eq(bpf_prog_run64(fp, NULL), 0xabababac);
	bpf_prog_free(fp);
}
END_TEST

/* A jump decided by a constant, where the flags come from elsewhere. */
static const struct opt_case flag_cases[] = {
	{ "a compare right after a flag-setting sub: the jcc reads its own cmp",
	  { LD2, LD3, BPF_ALU64_REG(BPF_SUB, R2, R3), BPF_JMP_IMM(BPF_JGT, R3, 7, 1),
	    BPF_MOV64_IMM(R2, 0), RET2 }, 3, "48 83 fa 07 77 02", 0 },
	{ "after a shlx (flags untouched) and a lea (flags untouched)",
	  { LD2, LD3, BPF_ALU64_REG(BPF_LSH, R2, R3), BPF_MOV64_REG(R4, R3),
	    BPF_ALU64_IMM(BPF_ADD, R4, 3), BPF_JMP_REG(BPF_JEQ, R4, R2, 1), BPF_MOV64_IMM(R2, 0),
	    RET2 }, 5, NULL, 0 },
};

START_TEST(opt_jumps_flags)
{
	run_cases(flag_cases, ARRAY_SIZE(flag_cases));
}
END_TEST

void opt_analysis_tests(Suite *s)
{
	TCase *tc = tcase_create("opt_known");

	ADD(tc, opt_known_table);
	ADD(tc, opt_known_stack);
	ADD(tc, opt_known_branch_taken);
	ADD(tc, opt_known_blinded);
	suite_add_tcase(s, tc);
	tc = tcase_create("opt_live");
	ADD(tc, opt_live_table);
	suite_add_tcase(s, tc);
	tc = tcase_create("opt_fuse");
	ADD(tc, opt_fuse_table);
	suite_add_tcase(s, tc);
	tc = tcase_create("opt_jumps");
	ADD(tc, opt_jumps_thread);
	ADD(tc, opt_jumps_invert);
	ADD(tc, opt_jumps_converge);
	ADD(tc, opt_jumps_nuthouse);
	ADD(tc, opt_jumps_flags);
	suite_add_tcase(s, tc);
}
