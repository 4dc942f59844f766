// SPDX-License-Identifier: GPL-2.0
/* Grading tests for exercise 06/01: emit_mov_imm32(). */
#include <string.h>

#include "linux/bpf.h"
#include "linux/bpf_interp.h"
#include "linux/bpf_jit.h"
#include "bpf_jit_comp.h"
#include "testutil.h"
#include "test_util.h"

/* What emit_mov_imm32(sign_propagate, dst, imm) writes must be want[]. */
static void check(bool sign_propagate, u32 dst, u32 imm, const u8 *want, int len)
{
	u8 buf[32], *prog = buf;

	emit_mov_imm32(&prog, sign_propagate, dst, imm);
	ck_assert_msg(prog - buf == len, "mov%s r%u, %#x: %d bytes, expected %d",
		      sign_propagate ? "64" : "32", dst, imm, (int)(prog - buf), len);
	ck_assert_mem_eq(buf, want, len);
}

START_TEST(positive_is_mov_r32)
{
	/* mov edi, 0x231: the article's r1 = 0x231 */
	check(true, BPF_REG_1, 0x231, (const u8[]){ 0xbf, 0x31, 0x02, 0x00, 0x00 }, 5);
}
END_TEST

START_TEST(negative_sign_extends)
{
	/* mov rdi, -1 (REX.W C7 /0) */
	check(true, BPF_REG_1, -1, (const u8[]){ 0x48, 0xc7, 0xc7, 0xff, 0xff, 0xff, 0xff }, 7);
	/* mov r15, -2: REX.B too */
	check(true, BPF_REG_9, -2, (const u8[]){ 0x49, 0xc7, 0xc7, 0xfe, 0xff, 0xff, 0xff }, 7);
}
END_TEST

START_TEST(zero_is_xor)
{
	/* xor eax, eax */
	check(true, BPF_REG_0, 0, (const u8[]){ 0x31, 0xc0 }, 2);
	check(false, BPF_REG_0, 0, (const u8[]){ 0x31, 0xc0 }, 2);
}
END_TEST

START_TEST(extended_registers)
{
	/* mov r8d, 5 */
	check(true, BPF_REG_5, 5, (const u8[]){ 0x41, 0xb8, 0x05, 0x00, 0x00, 0x00 }, 6);
	/* xor r13d, r13d */
	check(true, BPF_REG_7, 0, (const u8[]){ 0x45, 0x31, 0xed }, 3);
}
END_TEST

START_TEST(alu32_zero_extends)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_0, -1),
		BPF_MOV32_IMM(BPF_REG_0, -1),	/* w0 = -1: r0 = 0xffffffff */
		BPF_EXIT_INSN(),
	};
	struct bpf_prog *fp;

	/* mov edi, -1: zero-extends, no sign form for ALU32 */
	check(false, BPF_REG_1, -1, (const u8[]){ 0xbf, 0xff, 0xff, 0xff, 0xff }, 5);

	fp = jit_test_compile(jit_test_prog(insns, 3, 0, true));
	ck_assert(fp->jited);
	ck_assert_uint_eq(bpf_prog_run64(fp, NULL), 0xffffffffULL);
	bpf_prog_free(fp);
}
END_TEST

START_TEST(the_article)
{
	const struct bpf_insn insns[] = { ARTICLE_INSNS };
	struct bpf_prog *fp;

	bpf_jit_nops = BPF_JIT_NOPS_K8;
	fp = jit_test_compile(jit_test_prog(insns, ARRAY_SIZE(insns), 8, true));
	ck_assert(fp->jited);
	ck_assert_uint_eq(bpf_prog_run64(fp, NULL), 0x687);
	ck_assert_uint_eq(fp->jited_len, sizeof(article_image));
	ck_assert_mem_eq(fp->bpf_func, article_image, sizeof(article_image));
	bpf_prog_free(fp);
}
END_TEST

START_TEST(largest_positive)
{
	/* 0x7fffffff is still positive: the short form */
	check(true, BPF_REG_2, 0x7fffffff, (const u8[]){ 0xbe, 0xff, 0xff, 0xff, 0x7f }, 5);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("06/01 emit_mov_imm32");
	TCase *tc = tcase_create("emit_mov_imm32");

	ADD(tc, positive_is_mov_r32);
	ADD(tc, negative_sign_extends);
	ADD(tc, zero_is_xor);
	ADD(tc, extended_registers);
	ADD(tc, alu32_zero_extends);
	ADD(tc, the_article);
	ADD(tc, largest_positive);
	suite_add_tcase(s, tc);
	return s;
}
