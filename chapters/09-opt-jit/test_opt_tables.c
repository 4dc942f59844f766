// SPDX-License-Identifier: GPL-2.0
/*
 * Each transform, row by row: a program, the instruction whose bytes are
 * checked, the bytes it must become (the disassembly is only shown when
 * they differ), then the program run, compiled by the optimising JIT and
 * by the interpreter: the same r0 and the same context bytes.
 *
 * The operands come from the context (R1: byte i is 0x80 + i), so that
 * they are not constants: the analysis would fold a program of constants
 * down to its result.
 */
#include <stdio.h>
#include <stdlib.h>

#include "x86_disasm.h"
#include "test_opt.h"
#include "opt.h"

#define MAX_INSNS	24

struct opt_case {
	const char *descr;
	struct bpf_insn insns[MAX_INSNS];
	u32 at;			/* the instruction whose bytes are checked */
	const char *bytes;	/* what it must become; "" for no code at all */
	unsigned int steps;	/* the steps that run; 0 for all */
};

/* Operands nothing knows: 8 bytes of the context each. */
#define LD2	BPF_LDX_MEM(BPF_DW, R2, R1, 0)		/* 0x8786858483828180 */
#define LD3	BPF_LDX_MEM(BPF_DW, R3, R1, 8)		/* 0x8f8e8d8c8b8a8988 */
#define LD7	BPF_LDX_MEM(BPF_DW, R7, R1, 16)
#define RET2	BPF_MOV64_REG(R0, R2), BPF_EXIT_INSN()

static int parse_hex(const char *s, u8 *out)
{
	int n = 0;

	while (*s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		out[n++] = (u8)strtoul(s, (char **)&s, 16);
	}
	return n;
}

static void hex_str(char *buf, const u8 *p, int n)
{
	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		sprintf(buf + strlen(buf), i ? " %02x" : "%02x", p[i]);
}

/* Capstone's view of some bytes, for failure messages only. */
static void disasm_str(char *buf, size_t size, const u8 *p, int n)
{
	FILE *f = fmemopen(buf, size, "w");

	if (!f)
		return;
	x86_print_code(f, p, n, 0);
	fclose(f);
}

/* Run fp on a fresh context; r0 and the context after. */
static u64 run_on(const struct bpf_prog *fp, u8 *ctx)
{
	ctx_fill(ctx);
	return bpf_prog_run64(fp, ctx);
}

void opt_check_case(const char *descr, const struct bpf_insn *insns, u32 len, u32 at,
		    const char *bytes, unsigned int steps)
{
	char gotbuf[300], wantbuf[300], dis[2048];
	u8 want[128], ctx_i[CTX_SIZE], ctx_j[CTX_SIZE];
	struct bpf_prog *fp, *ip;
	const u8 *got;
	int wlen, glen;
	u64 r0, want_r0;

	dis[0] = '\0';
	fp = opt_compile(insns, len, 64, steps ? steps : BPF_JIT_OPT_ALL);
	ck_assert_msg(fp->jited, "%s: not JITed (%s)", descr,
		      fp->aux->jit_trace && fp->aux->jit_trace->fallback ?
		      fp->aux->jit_trace->fallback : "?");
	if (bytes) {
		wlen = parse_hex(bytes, want);
		got = opt_insn_bytes(fp, at, &glen);
		hex_str(gotbuf, got, glen);
		hex_str(wantbuf, want, wlen);
		disasm_str(dis, sizeof(dis), got, glen);
		ck_assert_msg(glen == wlen && !memcmp(got, want, wlen),
			      "%s: insn %u\n  expected: %s\n  got:      %s\n%s",
			      descr, at, wantbuf, gotbuf, dis);
	}
	ip = interp_compile(insns, len, 64);
	want_r0 = run_on(ip, ctx_i);
	r0 = run_on(fp, ctx_j);
	ck_assert_msg(r0 == want_r0, "%s: r0 %#llx, the interpreter's %#llx", descr,
		      (unsigned long long)r0, (unsigned long long)want_r0);
	ck_assert_msg(!memcmp(ctx_i, ctx_j, CTX_SIZE), "%s: the context differs", descr);
	bpf_prog_free(fp);
	bpf_prog_free(ip);
}

/* Each row with its own steps, or these. */
static void run_cases(const struct opt_case *cases, size_t n, unsigned int steps)
{
	for (size_t i = 0; i < n; i++)
		opt_check_case(cases[i].descr, cases[i].insns,
			       opt_insn_count(cases[i].insns, MAX_INSNS), cases[i].at,
			       cases[i].bytes, cases[i].steps ? cases[i].steps : steps);
}

/* ---- the frame ------------------------------------------------------------ */

static const struct opt_case frame_cases[] = {
	{ "a leaf with no stack: no frame, no NOP, a ret",
	  { BPF_MOV64_IMM(R0, 1), BPF_EXIT_INSN() }, 1, "c3", 0 },
	{ "R6 in use: push rbx and pop rbx, no rbp",
	  { LD2, BPF_MOV64_REG(R6, R2), BPF_ALU64_IMM(BPF_ADD, R6, 1), BPF_MOV64_REG(R0, R6),
	    BPF_EXIT_INSN() }, 4, "5b c3", 0 },
	{ "R7 and R9: r13 and r15 popped in reverse",
	  { LD7, BPF_LDX_MEM(BPF_DW, R9, R1, 24), BPF_ALU64_REG(BPF_ADD, R7, R9),
	    BPF_MOV64_REG(R0, R7), BPF_EXIT_INSN() }, 4, "41 5f 41 5d c3", 0 },
	{ "the stack in use: rbp's frame, taken down by leave",
	  { LD2, BPF_STX_MEM(BPF_DW, R10, R2, -8), BPF_LDX_MEM(BPF_DW, R0, R10, -8),
	    BPF_EXIT_INSN() }, 3, "c9 c3", 0 },
	{ "without the step: v5.8's epilogue, tail-call slot and all",
	  { BPF_MOV64_IMM(R0, 1), BPF_EXIT_INSN() }, 1, "5b 41 5f 41 5e 41 5d 5b c9 c3",
	  BPF_JIT_OPT_ALL & ~BPF_JIT_OPT_FRAME },
};

START_TEST(opt_frame_table)
{
	run_cases(frame_cases, ARRAY_SIZE(frame_cases), BPF_JIT_OPT_ALL);
}
END_TEST

/* The whole prologue, for the frames above: only what each needs. */
START_TEST(opt_frame_prologue)
{
	static const struct {
		struct bpf_insn insns[8];
		u32 depth;
		const char *prologue;	/* after the 5-byte NOP */
	} rows[] = {
		{ { BPF_MOV64_IMM(R0, 1), BPF_EXIT_INSN() }, 64, "" },
		{ { BPF_MOV64_REG(R6, R1), BPF_ALU64_IMM(BPF_ADD, R6, 1), BPF_MOV64_REG(R0, R6),
		    BPF_EXIT_INSN() }, 64, "53" },
		{ { BPF_MOV64_IMM(R8, 1), BPF_ALU64_REG(BPF_ADD, R8, R1), BPF_MOV64_REG(R0, R8),
		    BPF_EXIT_INSN() }, 64, "41 56" },
		{ { BPF_STX_MEM(BPF_DW, R10, R1, -8), BPF_LDX_MEM(BPF_DW, R0, R10, -8), BPF_EXIT_INSN() },
		  8, "55 48 89 e5 48 83 ec 08" },
		{ { BPF_STX_MEM(BPF_DW, R10, R1, -8), BPF_LDX_MEM(BPF_DW, R0, R10, -8), BPF_EXIT_INSN() },
		  512, "55 48 89 e5 48 81 ec 00 02 00 00" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		u8 want[64];
		int wlen = parse_hex(rows[i].prologue, want);
		struct bpf_prog *fp = opt_compile(rows[i].insns, opt_insn_count(rows[i].insns, 8),
						  rows[i].depth, BPF_JIT_OPT_ALL);
		const u32 plen = fp->aux->jit_trace->prologue_len;

		/* (no way in for tail calls: no program array has it) */
		ck_assert_uint_eq(plen, wlen);
		ck_assert_mem_eq(fp->bpf_func, want, wlen);
		bpf_prog_free(fp);
	}
}
END_TEST

/*
 * rsp mod 16 at the `call` that reached this function (the return address
 * is at rsp): 0 is what the SysV ABI wants. Assembly, so that no compiler
 * prologue moves rsp first.
 */
u64 opt_rsp_misalignment(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
__asm__(".text\n"
	".globl opt_rsp_misalignment\n"
	".type opt_rsp_misalignment, @function\n"
	"opt_rsp_misalignment:\n"
	"	lea 8(%rsp), %rax\n"
	"	and $15, %eax\n"
	"	ret\n"
	".size opt_rsp_misalignment, .-opt_rsp_misalignment\n");

/*
 * A call from every frame shape: 0 to 4 callee-saved registers in use,
 * with and without a stack. The frame keeps rsp aligned at the call.
 */
START_TEST(opt_frame_call_alignment)
{
	s64 imm = (s64)((uintptr_t)opt_rsp_misalignment - (uintptr_t)__bpf_call_base);

	ck_assert_msg(imm == (s32)imm, "helper not within s32 of __bpf_call_base");
	for (int pushes = 0; pushes <= 4; pushes++) {
		for (u32 depth = 0; depth <= 24; depth += 8) {
			struct bpf_insn insns[16];
			struct bpf_prog *fp;
			u32 n = 0;
			u64 r0;

			/* R1 is NULL here, but no one can know: r6 = r1 + 0, ... */
			for (int r = 0; r < pushes; r++) {
				insns[n++] = BPF_MOV64_REG(R6 + r, R1);
				insns[n++] = BPF_ALU64_IMM(BPF_ADD, R6 + r, r);
			}
			if (depth)
				insns[n++] = BPF_ST_MEM(BPF_DW, R10, -(s16)depth, 7);
			insns[n++] = BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, (s32)imm);
			for (int r = 0; r < pushes; r++)	/* R6-R9 survive the call */
				insns[n++] = BPF_ALU64_REG(BPF_ADD, R0, R6 + r);
			insns[n++] = BPF_EXIT_INSN();
			fp = opt_compile(insns, n, depth, BPF_JIT_OPT_ALL);
			ck_assert(fp->jited);
			r0 = bpf_prog_run64(fp, NULL);
			ck_assert_msg(r0 == (u64)(pushes * (pushes - 1) / 2),
				      "%d registers, depth %u: rsp %% 16 == %llu at the call",
				      pushes, depth, (unsigned long long)r0 - pushes * (pushes - 1) / 2);
			bpf_prog_free(fp);
		}
	}
}
END_TEST

/* A helper the tests call: r1 * 10 + r2. */
static u64 helper_mul10(u64 a, u64 b)
{
	return a * 10 + b;
}

/* And one that reads through r1, as a helper reads a key or a format. */
static u64 helper_read(const u64 *p, u64 b)
{
	volatile u64 scratch[8];	/* a frame of its own, where ours was */

	for (int i = 0; i < 8; i++)
		scratch[i] = b;
	return *p * 10 + scratch[7];
}

/*
 * `call; exit`: the frame undone first, then a jmp; the helper returns to
 * our caller. With R6 in use: pop rbx, then jmp. With a jump landing on the
 * exit: the exit stays, and the jmp does not need it.
 */
START_TEST(opt_frame_sibling)
{
	s64 imm = (s64)((uintptr_t)helper_mul10 - (uintptr_t)__bpf_call_base);
	struct bpf_insn leaf[] = {
		BPF_LDX_MEM(BPF_B, R2, R1, 0), BPF_MOV64_IMM(R1, 7),
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, (s32)imm), BPF_EXIT_INSN(),
	};
	struct bpf_insn pushes[] = {
		BPF_LDX_MEM(BPF_B, R6, R1, 1), BPF_ALU64_IMM(BPF_ADD, R6, 1), BPF_MOV64_REG(R2, R6),
		BPF_STX_MEM(BPF_DW, R10, R6, -8), BPF_LDX_MEM(BPF_DW, R1, R10, -8),
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, (s32)imm), BPF_EXIT_INSN(),
	};
	struct bpf_insn target[] = {
		BPF_LDX_MEM(BPF_B, R2, R1, 0), BPF_MOV64_IMM(R0, 5), BPF_JMP_IMM(BPF_JGT, R2, 0x90, 2),
		BPF_MOV64_IMM(R1, 7), BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, (s32)imm),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog *fp;
	const u8 *b;
	u8 ctx[CTX_SIZE];
	s32 rel;
	int len;

	ck_assert_msg(imm == (s32)imm, "helper not within s32 of __bpf_call_base");
	fp = opt_compile(leaf, ARRAY_SIZE(leaf), 0, BPF_JIT_OPT_ALL);
	/* no frame: no prologue at all */
	ck_assert_uint_eq(fp->aux->jit_trace->prologue_len, 0);
	b = opt_insn_bytes(fp, 2, &len);
	ck_assert_int_eq(len, 5);
	ck_assert_uint_eq(b[0], 0xe9);
	memcpy(&rel, b + 1, 4);
	ck_assert_ptr_eq((void *)(b + 5 + rel), (void *)helper_mul10);
	opt_insn_bytes(fp, 3, &len);
	ck_assert_int_eq(len, 0);			/* the exit: never reached */
	ctx_fill(ctx);
	ck_assert_uint_eq(bpf_prog_run64(fp, ctx), 70 + 0x80);
	bpf_prog_free(fp);

	fp = opt_compile(pushes, ARRAY_SIZE(pushes), 8, BPF_JIT_OPT_ALL);
	b = opt_insn_bytes(fp, 5, &len);
	ck_assert_int_eq(len, 1 + 1 + 5);		/* pop rbx, leave, jmp */
	ck_assert_uint_eq(b[0], 0x5b);
	ck_assert_uint_eq(b[1], 0xc9);
	ck_assert_uint_eq(b[2], 0xe9);
	ck_assert_uint_eq(bpf_prog_run64(fp, ctx), 0x82 * 10 + 0x82);
	bpf_prog_free(fp);

	opt_check_case("a jump lands on the exit", target, ARRAY_SIZE(target), 5, "c3",
		       BPF_JIT_OPT_ALL);

	/*
	 * r1 = r10 - 8: the helper reads our stack, so the frame must stay
	 * until it returns. A plain call, then the epilogue.
	 */
	imm = (s64)((uintptr_t)helper_read - (uintptr_t)__bpf_call_base);
	ck_assert_msg(imm == (s32)imm, "helper not within s32 of __bpf_call_base");
	{
		struct bpf_insn escapes[] = {
			BPF_LDX_MEM(BPF_B, R2, R1, 0), BPF_STX_MEM(BPF_DW, R10, R2, -8),
			BPF_MOV64_REG(R1, R10), BPF_ALU64_IMM(BPF_ADD, R1, -8),
			BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, (s32)imm), BPF_EXIT_INSN(),
		};

		fp = opt_compile(escapes, ARRAY_SIZE(escapes), 8, BPF_JIT_OPT_ALL);
		b = opt_insn_bytes(fp, 4, &len);
		ck_assert_int_eq(len, 5);
		ck_assert_uint_eq(b[0], 0xe8);			/* call, not jmp */
		opt_insn_bytes(fp, 5, &len);
		ck_assert_int_gt(len, 0);			/* the exit is reached */
		ck_assert_uint_eq(bpf_prog_run64(fp, ctx), 0x80 * 10 + 0x80);
		bpf_prog_free(fp);
	}
}
END_TEST

/* ---- encodings ------------------------------------------------------------ */

static const struct opt_case encode_cases[] = {
	{ "r2 *= r3: imul rsi, rdx", { LD2, LD3, BPF_ALU64_REG(BPF_MUL, R2, R3), RET2 },
	  2, "48 0f af f2", 0 },
	{ "w2 *= w3: imul esi, edx", { LD2, LD3, BPF_ALU32_REG(BPF_MUL, R2, R3), RET2 },
	  2, "0f af f2", 0 },
	{ "r2 *= 1000: imul rsi, rsi, imm32", { LD2, BPF_ALU64_IMM(BPF_MUL, R2, 1000), RET2 },
	  1, "48 69 f6 e8 03 00 00", 0 },
	{ "r2 *= 100: imul rsi, rsi, imm8", { LD2, BPF_ALU64_IMM(BPF_MUL, R2, 100), RET2 },
	  1, "48 6b f6 64", 0 },
	{ "r2 *= -7: the imm sign-extends, as BPF's", { LD2, BPF_ALU64_IMM(BPF_MUL, R2, -7), RET2 },
	  1, "48 6b f6 f9", 0 },
	{ "r2 *= 8: shl rsi, 3", { LD2, BPF_ALU64_IMM(BPF_MUL, R2, 8), RET2 }, 1, "48 c1 e6 03", 0 },
	{ "w2 *= 0x80000000: shl esi, 31", { LD2, BPF_ALU32_IMM(BPF_MUL, R2, INT_MIN), RET2 },
	  1, "c1 e6 1f", 0 },
	{ "r2 *= INT_MIN: not a power of two in 64 bits", { LD2, BPF_ALU64_IMM(BPF_MUL, R2, INT_MIN), RET2 },
	  1, "48 69 f6 00 00 00 80", 0 },
	{ "r2 *= 5: lea rsi, [rsi + rsi*4]", { LD2, BPF_ALU64_IMM(BPF_MUL, R2, 5), RET2 },
	  1, "48 8d 34 b6", 0 },
	{ "w2 *= 3: lea esi, [rsi + rsi*2]", { LD2, BPF_ALU32_IMM(BPF_MUL, R2, 3), RET2 },
	  1, "8d 34 76", 0 },
	{ "r7 *= 9: r13 as a base needs a disp8", { LD7, BPF_ALU64_IMM(BPF_MUL, R7, 9),
	  BPF_MOV64_REG(R0, R7), BPF_EXIT_INSN() }, 1, "4f 8d 6c ed 00", 0 },
	{ "r2 *= -1: neg", { LD2, BPF_ALU64_IMM(BPF_MUL, R2, -1), RET2 }, 1, "48 f7 de", 0 },
	{ "r2 *= 0: xor", { LD2, BPF_ALU64_IMM(BPF_MUL, R2, 0), RET2 }, 1, "31 f6", 0 },
	{ "w2 *= 1: still zero-extends", { LD2, BPF_ALU32_IMM(BPF_MUL, R2, 1), RET2 }, 1, "89 f6", 0 },
	{ "r2 *= 1: nothing", { LD2, BPF_ALU64_IMM(BPF_MUL, R2, 1), RET2 }, 1, "", 0 },
	{ "r2 *= 1, with the analysis: nothing either", { LD2, BPF_ALU64_IMM(BPF_MUL, R2, 1), RET2 },
	  1, "", BPF_JIT_OPT_ALL },
	{ "r2 *= 0, with the analysis: r0 = 0 at once, the product unused", { LD2,
	  BPF_ALU64_IMM(BPF_MUL, R2, 0), RET2 }, 1, "", BPF_JIT_OPT_ALL },
	{ "w2 <<= 0: still zero-extends", { LD2, BPF_ALU32_IMM(BPF_LSH, R2, 0), RET2 }, 1, "89 f6", 0 },
	{ "r2 &= 0xff: movzx esi, sil", { LD2, BPF_ALU64_IMM(BPF_AND, R2, 0xff), RET2 },
	  1, "40 0f b6 f6", 0 },
	{ "r3 &= 0xff: dl needs no REX", { LD3, BPF_ALU64_IMM(BPF_AND, R3, 0xff),
	  BPF_MOV64_REG(R0, R3), BPF_EXIT_INSN() }, 1, "0f b6 d2", 0 },
	{ "r7 &= 0xff: movzx r13d, r13b", { LD7, BPF_ALU64_IMM(BPF_AND, R7, 0xff),
	  BPF_MOV64_REG(R0, R7), BPF_EXIT_INSN() }, 1, "45 0f b6 ed", 0 },
	{ "w2 &= 0xffff: movzx esi, si", { LD2, BPF_ALU32_IMM(BPF_AND, R2, 0xffff), RET2 },
	  1, "0f b7 f6", 0 },
	{ "r2 &= 0x1000: and esi, no REX.W (the same bits)", { LD2, BPF_ALU64_IMM(BPF_AND, R2, 0x1000), RET2 },
	  1, "81 e6 00 10 00 00", 0 },
	{ "r2 &= -16: and rsi, imm8 as v5.8", { LD2, BPF_ALU64_IMM(BPF_AND, R2, -16), RET2 },
	  1, "48 83 e6 f0", 0 },
	{ "be16 of a 16-bit load, known to fit: ror si, 8, no movzx", { BPF_LDX_MEM(BPF_H, R2, R1, 6),
	  BPF_ENDIAN(BPF_TO_BE, R2, 16), RET2 }, 1, "66 c1 ce 08", BPF_JIT_OPT_ENCODE | BPF_JIT_OPT_KNOWN },
	{ "be16 of 64 unknown bits: ror and movzx, as v5.8", { LD2, BPF_ENDIAN(BPF_TO_BE, R2, 16), RET2 },
	  1, "66 c1 ce 08 0f b7 f6", 0 },
	{ "ld_imm64 -1: mov rsi, simm32 (6.12), not movabs", { LD2, BPF_LD_IMM64(R3, -1LL),
	  BPF_ALU64_REG(BPF_XOR, R2, R3), RET2 }, 1, "48 c7 c2 ff ff ff ff", 0 },
};

START_TEST(opt_encode_table)
{
	/* the encodings alone: the analysis would fold some of these rows away */
	run_cases(encode_cases, ARRAY_SIZE(encode_cases), BPF_JIT_OPT_ENCODE);
}
END_TEST

/* Shifts by a register: BMI2's shlx, shrx, sarx. */
static const struct opt_case bmi2_cases[] = {
	{ "r2 <<= r3: shlx rsi, rsi, rdx", { LD2, LD3, BPF_ALU64_REG(BPF_LSH, R2, R3), RET2 },
	  2, "c4 e2 e9 f7 f6", 0 },
	{ "w2 >>= w3: shrx esi, esi, edx (zero-extends)", { LD2, LD3, BPF_ALU32_REG(BPF_RSH, R2, R3), RET2 },
	  2, "c4 e2 6b f7 f6", 0 },
	{ "r2 s>>= r3: sarx rsi, rsi, rdx", { LD2, LD3, BPF_ALU64_REG(BPF_ARSH, R2, R3), RET2 },
	  2, "c4 e2 ea f7 f6", 0 },
	{ "r2 <<= r4: the count already in rcx, shlx all the same",
	  { LD2, BPF_LDX_MEM(BPF_DW, R4, R1, 8), BPF_ALU64_REG(BPF_LSH, R2, R4), RET2 },
	  2, "c4 e2 f1 f7 f6", 0 },
	{ "r2 <<= r3, r3 = 65: the count masked to 1", { LD2, BPF_LDX_MEM(BPF_B, R3, R1, 0),
	  BPF_ALU64_IMM(BPF_SUB, R3, 0x80 - 65), BPF_ALU64_REG(BPF_LSH, R2, R3), RET2 }, 3, NULL, 0 },
	{ "w2 <<= w3, w3 = 33: masked to 1, upper half zeroed", { LD2, BPF_LDX_MEM(BPF_B, R3, R1, 0),
	  BPF_ALU64_IMM(BPF_SUB, R3, 0x80 - 33), BPF_ALU32_REG(BPF_LSH, R2, R3), RET2 }, 3, NULL, 0 },
};

START_TEST(opt_encode_bmi2)
{
	if (!boot_cpu_has(X86_FEATURE_BMI2))
		ck_skip("this CPU has no BMI2");
	run_cases(bmi2_cases, ARRAY_SIZE(bmi2_cases), BPF_JIT_OPT_ALL);
}
END_TEST

/* Without BMI2 (the kernel's clearcpuid=bmi2): through cl, rcx kept only if live. */
static const struct opt_case shift_cl_cases[] = {
	{ "r2 <<= r3, rcx dead: mov rcx, rdx; shl rsi, cl", { LD2, LD3, BPF_ALU64_REG(BPF_LSH, R2, R3), RET2 },
	  2, "48 89 d1 48 d3 e6", 0 },
	{ "r2 <<= r3, rcx live: kept in r9, not on the stack",
	  { LD2, LD3, BPF_LDX_MEM(BPF_DW, R4, R1, 16), BPF_ALU64_REG(BPF_LSH, R2, R3),
	    BPF_ALU64_REG(BPF_ADD, R2, R4), RET2 },
	  3, "49 89 c9 48 89 d1 48 d3 e6 4c 89 c9", 0 },
	{ "r4 <<= r3: rcx is the destination, shifted in r11",
	  { BPF_LDX_MEM(BPF_DW, R4, R1, 0), LD3, BPF_ALU64_REG(BPF_LSH, R4, R3),
	    BPF_MOV64_REG(R0, R4), BPF_EXIT_INSN() }, 2, "49 89 cb 48 89 d1 49 d3 e3 4c 89 d9", 0 },
	{ "w2 s>>= w3, w3 = 63: masked to 31", { LD2, BPF_LDX_MEM(BPF_B, R3, R1, 0),
	  BPF_ALU64_IMM(BPF_SUB, R3, 0x80 - 63), BPF_ALU32_REG(BPF_ARSH, R2, R3), RET2 }, 3, NULL, 0 },
};

START_TEST(opt_encode_shift_cl)
{
	setenv("CLEARCPUID", "bmi2", 1);
	run_cases(shift_cl_cases, ARRAY_SIZE(shift_cl_cases), BPF_JIT_OPT_ALL);
	unsetenv("CLEARCPUID");
}
END_TEST

void opt_table_tests(Suite *s)
{
	TCase *tc = tcase_create("opt_frame");

	ADD(tc, opt_frame_table);
	ADD(tc, opt_frame_prologue);
	ADD(tc, opt_frame_call_alignment);
	ADD(tc, opt_frame_sibling);
	suite_add_tcase(s, tc);
	tc = tcase_create("opt_encode");
	ADD(tc, opt_encode_table);
	ADD(tc, opt_encode_bmi2);
	ADD(tc, opt_encode_shift_cl);
	suite_add_tcase(s, tc);
}
