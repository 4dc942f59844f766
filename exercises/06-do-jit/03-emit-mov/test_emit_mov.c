// SPDX-License-Identifier: GPL-2.0
/*
 * Grading tests for exercise 06/03: emit_mov_imm64(), emit_mov_reg(),
 * emit_movsx_reg(), as bytes, then through the JIT: each image is checked
 * byte for byte before it runs.
 */
#include <stdio.h>
#include <string.h>

#include "linux/bpf.h"
#include "linux/bpf_interp.h"
#include "linux/bpf_jit.h"
#include "bpf_jit_comp.h"
#include "testutil.h"
#include "test_util.h"

#define R0 BPF_REG_0
#define R1 BPF_REG_1
#define R7 BPF_REG_7
#define R8 BPF_REG_8

static void hex(char *out, const u8 *p, long n)
{
	*out = '\0';
	for (long i = 0; i < n; i++)
		out += sprintf(out, "%s%02x", i ? " " : "", p[i]);
}

static void check_bytes(const u8 *got, long glen, const u8 *want, long wlen, const char *what)
{
	char g[100], w[100];

	hex(g, got, glen);
	hex(w, want, wlen);
	ck_assert_msg(glen == wlen && !memcmp(got, want, wlen),
		      "%s:\n  expected: %s\n  got:      %s", what, w, g);
}

/* What an emitter call writes must be the bytes listed after `what`. */
#define CHECK(call, what, ...) do {						\
	static const u8 want_[] = { __VA_ARGS__ };				\
	u8 buf_[32], *prog = buf_;						\
										\
	call;									\
	check_bytes(buf_, prog - buf_, want_, sizeof(want_), what);		\
} while (0)

START_TEST(imm64_that_fits_32_bits)
{
	/* mov edi, 0x231: a u32 constant zero-extends, five bytes */
	CHECK(emit_mov_imm64(&prog, R1, 0, 0x231), "r1 = 0x231 ll", 0xbf, 0x31, 0x02, 0x00, 0x00);
	/* xor edi, edi */
	CHECK(emit_mov_imm64(&prog, R1, 0, 0), "r1 = 0 ll", 0x31, 0xff);
	/* mov r13d, 0xffffffff */
	CHECK(emit_mov_imm64(&prog, R7, 0, 0xffffffff), "r7 = 0xffffffff ll",
	      0x41, 0xbd, 0xff, 0xff, 0xff, 0xff);
}
END_TEST

START_TEST(imm64_movabs)
{
	/* movabs rdi, 0x123456789abcdef0 */
	CHECK(emit_mov_imm64(&prog, R1, 0x12345678, 0x9abcdef0), "r1 = 0x123456789abcdef0 ll",
	      0x48, 0xbf, 0xf0, 0xde, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12);
	/* movabs r13, -1: v5.8 has no shorter sign-extended form for LD_IMM64 */
	CHECK(emit_mov_imm64(&prog, R7, 0xffffffff, 0xffffffff), "r7 = -1 ll",
	      0x49, 0xbd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
}
END_TEST

START_TEST(mov_reg_64)
{
	CHECK(emit_mov_reg(&prog, true, R0, R1), "r0 = r1", 0x48, 0x89, 0xf8);	/* mov rax, rdi */
	CHECK(emit_mov_reg(&prog, true, R7, R1), "r7 = r1", 0x49, 0x89, 0xfd);	/* mov r13, rdi */
	CHECK(emit_mov_reg(&prog, true, R1, R7), "r1 = r7", 0x4c, 0x89, 0xef);	/* mov rdi, r13 */
	CHECK(emit_mov_reg(&prog, true, R1, R1), "r1 = r1: nothing to do");
}
END_TEST

START_TEST(mov_reg_32)
{
	CHECK(emit_mov_reg(&prog, false, R0, R1), "w0 = w1", 0x89, 0xf8);		/* mov eax, edi */
	CHECK(emit_mov_reg(&prog, false, R7, R1), "w7 = w1", 0x41, 0x89, 0xfd);
	CHECK(emit_mov_reg(&prog, false, R1, R7), "w1 = w7", 0x44, 0x89, 0xef);
	/* kept: it clears the upper half */
	CHECK(emit_mov_reg(&prog, false, R1, R1), "w1 = w1", 0x89, 0xff);
}
END_TEST

START_TEST(movsx)
{
	CHECK(emit_movsx_reg(&prog, 8, true, R0, R1), "r0 = (s8) r1", 0x48, 0x0f, 0xbe, 0xc7);
	CHECK(emit_movsx_reg(&prog, 16, true, R0, R1), "r0 = (s16) r1", 0x48, 0x0f, 0xbf, 0xc7);
	CHECK(emit_movsx_reg(&prog, 32, true, R0, R1), "r0 = (s32) r1", 0x48, 0x63, 0xc7);
	CHECK(emit_movsx_reg(&prog, 8, true, R7, R8), "r7 = (s8) r8", 0x4d, 0x0f, 0xbe, 0xee);
	/* without a REX, ModRM 7 would be bh, not dil */
	CHECK(emit_movsx_reg(&prog, 8, false, R0, R1), "w0 = (s8) w1", 0x40, 0x0f, 0xbe, 0xc7);
	CHECK(emit_movsx_reg(&prog, 16, false, R0, R1), "w0 = (s16) w1", 0x0f, 0xbf, 0xc7);
	CHECK(emit_movsx_reg(&prog, 16, false, R7, R1), "w7 = (s16) w1", 0x44, 0x0f, 0xbf, 0xef);
}
END_TEST

/* JIT insns; the image must be want[] from offset at; then run it. */
static void jit_check_run(const struct bpf_insn *insns, u32 len, const u8 *want, int wlen,
			  u64 r0, const char *what)
{
	struct bpf_prog *fp;
	u64 got;

	bpf_jit_nops = BPF_JIT_NOPS_K8;
	fp = jit_test_compile(jit_test_prog(insns, len, 8, true));
	ck_assert_msg(fp->jited, "%s: not JITed", what);
	if (!memmem(fp->bpf_func, fp->jited_len, want, wlen)) {
		bpf_jit_disasm_prog(stdout, fp);
		bpf_prog_free(fp);
		ck_abort_msg("%s: the image above lacks the move's bytes", what);
	}
	got = bpf_prog_run64(fp, NULL);
	bpf_prog_free(fp);
	ck_assert_msg(got == r0, "%s: r0 %#llx, expected %#llx", what, (unsigned long long)got,
		      (unsigned long long)r0);
}

START_TEST(through_the_jit)
{
	const struct bpf_insn article[] = { ARTICLE_INSNS };
	const struct bpf_insn imm64[] = {
		BPF_LD_IMM64(R7, 0x123456789abcdef0ULL), BPF_MOV64_REG(R0, R7), BPF_EXIT_INSN(),
	};
	const struct bpf_insn sx[] = {
		BPF_MOV64_IMM(R8, 0x1280), BPF_MOVSX64_REG(R0, R8, 8), BPF_EXIT_INSN(),
	};
	struct bpf_prog *fp;

	/* The article: its last move is mov rax, rdi; all 58 bytes as the kernel made them */
	bpf_jit_nops = BPF_JIT_NOPS_K8;
	fp = jit_test_compile(jit_test_prog(article, ARRAY_SIZE(article), 8, true));
	ck_assert(fp->jited);
	ck_assert_uint_eq(fp->jited_len, sizeof(article_image));
	ck_assert_mem_eq(fp->bpf_func, article_image, sizeof(article_image));
	ck_assert_uint_eq(bpf_prog_run64(fp, NULL), 0x687);
	bpf_prog_free(fp);

	jit_check_run(imm64, ARRAY_SIZE(imm64),
		      (const u8[]){ 0x49, 0xbd, 0xf0, 0xde, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12,
				    0x4c, 0x89, 0xe8 }, 13, 0x123456789abcdef0ULL,
		      "r7 = 0x123456789abcdef0 ll; r0 = r7");
	jit_check_run(sx, ARRAY_SIZE(sx), (const u8[]){ 0x49, 0x0f, 0xbe, 0xc6 }, 4,
		      (u64)-128, "r8 = 0x1280; r0 = (s8) r8");
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("06/03 emit_mov");
	TCase *tc = tcase_create("emit_mov");

	ADD(tc, imm64_that_fits_32_bits);
	ADD(tc, imm64_movabs);
	ADD(tc, mov_reg_64);
	ADD(tc, mov_reg_32);
	ADD(tc, movsx);
	ADD(tc, through_the_jit);
	suite_add_tcase(s, tc);
	return s;
}
