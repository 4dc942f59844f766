// SPDX-License-Identifier: GPL-2.0
/*
 * Grading tests for exercise 09/03: opt_test_branches(). The bytes of the
 * mask and the jump, where the rewrite may happen and where it may not;
 * every program's results against the interpreter's, random ones too.
 */
#include <string.h>

#include "x86_disasm.h"
#include "test_opt_gen.h"

/* insns opt-compiled: the bytes of insn k, and the results against the interpreter */
static void check(const char *what, const struct bpf_insn *insns, u32 len, u32 k,
		  const u8 *want, int wlen)
{
	struct bpf_prog *fp = opt_compile(insns, len, 64, BPF_JIT_OPT_ALL);
	struct bpf_prog *ip = interp_compile(insns, len, 64);
	u8 a[CTX_SIZE], b[CTX_SIZE], text[1024] = "";
	const u8 *got;
	u64 ra, rb;
	int glen;

	if (want) {
		FILE *f;

		got = opt_insn_bytes(fp, k, &glen);
		f = fmemopen(text, sizeof(text), "w");
		x86_print_code(f, got, glen, 0);
		fclose(f);
		ck_assert_msg(glen == wlen && !memcmp(got, want, wlen),
			      "%s: insn %u became %d bytes:\n%s", what, k, glen, text);
	}
	ctx_fill(a);
	ctx_fill(b);
	ra = bpf_prog_run64(ip, a);
	rb = bpf_prog_run64(fp, b);
	ck_assert_msg(ra == rb && !memcmp(a, b, CTX_SIZE), "%s: r0 %#llx, the interpreter's %#llx",
		      what, (unsigned long long)rb, (unsigned long long)ra);
	bpf_prog_free(fp);
	bpf_prog_free(ip);
}

/* w5 = a byte; w5 &= mask; if w5 != 0 goto +1; r0 = 1; exit (r0 = w5 after, with read) */
static u32 mask_prog(struct bpf_insn *insns, u8 and_cls, u8 jmp_cls, s32 mask, bool read)
{
	u32 n = 0;

	insns[n++] = BPF_MOV64_IMM(R0, 0);
	insns[n++] = BPF_LDX_MEM(BPF_B, R5, R1, 3);	/* 0x83 */
	insns[n++] = BPF_RAW_INSN(and_cls | BPF_AND | BPF_K, R5, 0, 0, mask);
	insns[n++] = BPF_RAW_INSN(jmp_cls | BPF_JNE | BPF_K, R5, 0, 1, 0);
	insns[n++] = BPF_MOV64_IMM(R0, 1);
	if (read)
		insns[n++] = BPF_ALU64_REG(BPF_ADD, R0, R5);
	insns[n++] = BPF_EXIT_INSN();
	return n;
}

START_TEST(and_then_jne)
{
	struct bpf_insn insns[8];
	static const u8 test[] = { 0x41, 0xf7, 0xc0, 0x01, 0x00, 0x00, 0x00, 0x75, 0x05 };
	u32 len = mask_prog(insns, BPF_ALU, BPF_JMP32, 1, false);

	check("w5 &= 1; if w5 != 0: the and", insns, len, 2, (const u8 *)"", 0);
	check("... and the jump: test r8d, 1; jne", insns, len, 3, test, sizeof(test));
}
END_TEST

START_TEST(and_then_jne_64)
{
	struct bpf_insn insns[8];
	static const u8 test[] = { 0x49, 0xf7, 0xc0, 0xf0, 0xff, 0xff, 0xff, 0x75, 0x05 };
	u32 len = mask_prog(insns, BPF_ALU64, BPF_JMP, -16, false);

	check("r5 &= -16; if r5 != 0: test r8, imm32 (sign-extended, as the and's)", insns, len, 3,
	      test, sizeof(test));
}
END_TEST

START_TEST(not_when_read_after)
{
	struct bpf_insn insns[8];
	static const u8 and[] = { 0x41, 0x83, 0xe0, 0x01 };
	u32 len = mask_prog(insns, BPF_ALU, BPF_JMP32, 1, true);

	check("w5 read after the jump: the and stays", insns, len, 2, and, sizeof(and));
}
END_TEST

START_TEST(not_when_target)
{
	struct bpf_insn insns[] = {
		BPF_MOV64_IMM(R0, 0), BPF_LDX_MEM(BPF_B, R5, R1, 3),
		BPF_JMP_IMM(BPF_JEQ, R5, 1, 1),			/* lands on the jne */
		BPF_ALU32_IMM(BPF_AND, R5, 1),
		BPF_JMP32_IMM(BPF_JNE, R5, 0, 1), BPF_MOV64_IMM(R0, 1), BPF_EXIT_INSN(),
	};
	static const u8 and[] = { 0x41, 0x83, 0xe0, 0x01 };

	check("a jump lands on the jne: the and stays", insns, ARRAY_SIZE(insns), 3, and, sizeof(and));
}
END_TEST

START_TEST(mixed_widths)
{
	struct bpf_insn insns[8];

	for (int c = 0; c < 4; c++) {
		u32 len = mask_prog(insns, c & 1 ? BPF_ALU64 : BPF_ALU, c & 2 ? BPF_JMP : BPF_JMP32,
				    c & 1 ? (s32)0x80000001 : 0x80, false);

		check("and and jne of each width", insns, len, 0, NULL, 0);
	}
}
END_TEST

START_TEST(random_programs)
{
	static struct bpf_insn insns[MAX_INSNS + 64];

	rnd_state = 0xbe5466cf34e90c6cULL;
	for (unsigned int p = 0; p < test_rounds(300); p++) {
		u32 len = gen_prog(insns, 20 + below(150));

		check("a random program", insns, len, 0, NULL, 0);
	}
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("exercise 09/03");
	TCase *tc = tcase_create("opt_test_branches");

	tcase_set_timeout(tc, 60);
	ADD(tc, and_then_jne);
	ADD(tc, and_then_jne_64);
	ADD(tc, not_when_read_after);
	ADD(tc, not_when_target);
	ADD(tc, mixed_widths);
	ADD(tc, random_programs);
	suite_add_tcase(s, tc);
	return s;
}
