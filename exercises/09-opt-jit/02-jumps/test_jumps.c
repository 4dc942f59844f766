// SPDX-License-Identifier: GPL-2.0
/*
 * Grading tests for exercise 09/02: opt_thread_jumps() and
 * opt_invert_branches(). What the JIT compiled is on the trace
 * (prog->aux->jit_trace->insns: the rewritten program), and the image; and
 * every program must still give the interpreter's results, random ones too.
 */
#include <string.h>

#include "disasm.h"
#include "test_opt_gen.h"

static struct bpf_insn compiled(const struct bpf_prog *fp, u32 k)
{
	return fp->aux->jit_trace->insns[k];
}

/* Run insns opt-compiled and interpreted; the same r0 and context, or abort. */
static void same_results(const char *what, const struct bpf_insn *insns, u32 len)
{
	struct bpf_prog *fp = opt_compile(insns, len, 64, BPF_JIT_OPT_ALL);
	struct bpf_prog *ip = interp_compile(insns, len, 64);
	u8 a[CTX_SIZE], b[CTX_SIZE];
	u64 ra, rb;

	ctx_fill(a);
	ctx_fill(b);
	ra = bpf_prog_run64(ip, a);
	rb = bpf_prog_run64(fp, b);
	ck_assert_msg(ra == rb && !memcmp(a, b, CTX_SIZE), "%s: r0 %#llx, the interpreter's %#llx",
		      what, (unsigned long long)rb, (unsigned long long)ra);
	bpf_prog_free(fp);
	bpf_prog_free(ip);
}

START_TEST(thread_one_hop)
{
	struct bpf_insn insns[] = {
		BPF_MOV64_IMM(R0, 0), BPF_LDX_MEM(BPF_B, R2, R1, 0),
		BPF_JMP_IMM(BPF_JGT, R2, 5, 1),		/* 2: -> 4, a goto */
		BPF_MOV64_IMM(R0, 10),
		BPF_JMP_A(1),				/* 4: -> 6 */
		BPF_MOV64_IMM(R0, 20),
		BPF_EXIT_INSN(),			/* 6 */
	};
	struct bpf_prog *fp = opt_compile(insns, ARRAY_SIZE(insns), 0, BPF_JIT_OPT_ALL);

	ck_assert_int_eq(compiled(fp, 2).off, 3);
	bpf_prog_free(fp);
	same_results("one hop", insns, ARRAY_SIZE(insns));
}
END_TEST

START_TEST(thread_chain)
{
	struct bpf_insn insns[] = {
		BPF_MOV64_IMM(R0, 0), BPF_LDX_MEM(BPF_B, R2, R1, 0),
		BPF_JMP_IMM(BPF_JNE, R2, 7, 3),		/* 2: -> 6 -> 8 -> 10 */
		BPF_MOV64_IMM(R0, 1), BPF_JMP_IMM(BPF_JEQ, R2, 8, 1), BPF_MOV64_IMM(R0, 2),
		BPF_JMP_A(1),				/* 6: -> 8 */
		BPF_MOV64_IMM(R0, 3),
		BPF_JMP_A(1),				/* 8: -> 10 */
		BPF_MOV64_IMM(R0, 4),
		BPF_EXIT_INSN(),			/* 10 */
	};
	struct bpf_prog *fp = opt_compile(insns, ARRAY_SIZE(insns), 0, BPF_JIT_OPT_ALL);

	ck_assert_msg(compiled(fp, 2).off == 7, "insn 2 goes to %d", 2 + 1 + compiled(fp, 2).off);
	ck_assert_msg(compiled(fp, 6).off == 3, "insn 6 goes to %d", 6 + 1 + compiled(fp, 6).off);
	bpf_prog_free(fp);
	same_results("a chain", insns, ARRAY_SIZE(insns));
}
END_TEST

START_TEST(thread_loop_of_gotos)
{
	/* two gotos that jump to each other, behind a branch never taken: no hang */
	struct bpf_insn insns[] = {
		BPF_MOV64_IMM(R0, 1), BPF_LDX_MEM(BPF_B, R2, R1, 0),
		BPF_JMP_IMM(BPF_JEQ, R2, 0x11, 1),	/* never: the byte is 0x80 */
		BPF_JMP_A(2),				/* -> exit */
		BPF_JMP_A(0),				/* 4: -> 5 */
		BPF_JMP_A(-2),				/* 5: -> 4 */
		BPF_EXIT_INSN(),
	};
	struct bpf_prog *fp = opt_compile(insns, ARRAY_SIZE(insns), 0, BPF_JIT_OPT_ALL);

	ck_assert(fp->jited);
	ck_assert_uint_eq(bpf_prog_run64(fp, (u8[CTX_SIZE]){ 0x80 }), 1);
	bpf_prog_free(fp);
}
END_TEST

START_TEST(invert_over_goto)
{
	/* if r2 > 5 goto +1; goto +2: if r2 <= 5 goto +3, and the goto is no code */
	struct bpf_insn insns[] = {
		BPF_MOV64_IMM(R0, 0), BPF_LDX_MEM(BPF_B, R2, R1, 0),
		BPF_JMP_IMM(BPF_JGT, R2, 5, 1),
		BPF_JMP_A(2),
		BPF_MOV64_IMM(R0, 10),
		BPF_ALU64_REG(BPF_ADD, R0, R2),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog *fp = opt_compile(insns, ARRAY_SIZE(insns), 0, BPF_JIT_OPT_ALL);
	int len;

	ck_assert_int_eq(compiled(fp, 2).code, BPF_JMP | BPF_JLE | BPF_K);
	ck_assert_int_eq(compiled(fp, 2).off, 3);
	opt_insn_bytes(fp, 3, &len);
	ck_assert_int_eq(len, 0);
	bpf_prog_free(fp);
	same_results("inverted", insns, ARRAY_SIZE(insns));
}
END_TEST

START_TEST(invert_not_when)
{
	/* JSET has no opposite in BPF; and a goto some jump lands on stays */
	struct bpf_insn jset[] = {
		BPF_MOV64_IMM(R0, 0), BPF_LDX_MEM(BPF_B, R2, R1, 0),
		BPF_JMP_IMM(BPF_JSET, R2, 5, 1), BPF_JMP_A(1), BPF_MOV64_IMM(R0, 10),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn target[] = {
		BPF_MOV64_IMM(R0, 0), BPF_LDX_MEM(BPF_B, R2, R1, 0),
		BPF_JMP_IMM(BPF_JEQ, R2, 1, 2),		/* -> 5, the goto */
		BPF_JMP_IMM(BPF_JGT, R2, 5, 1), BPF_MOV64_IMM(R0, 3),
		BPF_JMP_A(1), BPF_MOV64_IMM(R0, 10),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog *fp = opt_compile(jset, ARRAY_SIZE(jset), 0, BPF_JIT_OPT_ALL);

	ck_assert_int_eq(compiled(fp, 2).code, BPF_JMP | BPF_JSET | BPF_K);
	bpf_prog_free(fp);
	same_results("jset", jset, ARRAY_SIZE(jset));
	same_results("a goto that is a target", target, ARRAY_SIZE(target));
}
END_TEST

START_TEST(random_programs)
{
	static struct bpf_insn insns[MAX_INSNS + 64];

	rnd_state = 0x452821e638d01377ULL;
	for (unsigned int p = 0; p < test_rounds(300); p++) {
		u32 len = gen_prog(insns, 20 + below(150));

		same_results("a random program", insns, len);
	}
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("exercise 09/02");
	TCase *tc = tcase_create("opt_jumps");

	tcase_set_timeout(tc, 60);
	ADD(tc, thread_one_hop);
	ADD(tc, thread_chain);
	ADD(tc, thread_loop_of_gotos);
	ADD(tc, invert_over_goto);
	ADD(tc, invert_not_when);
	ADD(tc, random_programs);
	suite_add_tcase(s, tc);
	return s;
}
