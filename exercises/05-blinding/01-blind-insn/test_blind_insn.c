// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 05/01 tests: bpf_jit_blind_insn(), one rule per test, then the
 * article's program blinded and run.
 */
#include <string.h>

#include "disasm.h"
#include "linux/bpf.h"
#include "linux/bpf_blind.h"
#include "linux/bpf_interp.h"
#include "linux/capability.h"
#include "linux/random.h"
#include "testutil.h"

#define AX	BPF_REG_AX
#define SEED	0x0501ULL

/* Blind `from` with a known random value; compare with want[0..n). */
static void expect(const char *desc, struct bpf_insn from, const struct bpf_insn *aux,
		   bool zext, const struct bpf_insn *want, int n)
{
	struct bpf_insn buf[BPF_BLIND_BUF_INSNS];
	char g[96], w[96];
	int got;

	set_random_seed(SEED);
	got = bpf_jit_blind_insn(&from, aux, buf, zext);
	ck_assert_msg(got == n, "%s: %d instructions, expected %d", desc, got, n);
	for (int i = 0; i < n; i++) {
		struct bpf_insn gp[2] = { buf[i] }, wp[2] = { want[i] };

		bpf_insn_snprintf(g, sizeof(g), gp);
		bpf_insn_snprintf(w, sizeof(w), wp);
		ck_assert_msg(!memcmp(&buf[i], &want[i], sizeof(want[i])),
			      "%s: insn %d is %s, expected %s", desc, i, g, w);
	}
}

static u32 rnd(void)
{
	set_random_seed(SEED);
	return get_random_u32();
}

START_TEST(mov_k_zero)
{
	struct bpf_insn w[] = { BPF_ALU64_REG(BPF_XOR, 3, 3) };

	expect("w3 = 0", BPF_MOV32_IMM(3, 0), NULL, false, w, 1);
	expect("r3 = 0", BPF_MOV64_IMM(3, 0), NULL, false, w, 1);
}
END_TEST

START_TEST(alu32_k)
{
	u32 r = rnd();
	struct bpf_insn w[] = { BPF_MOV32_IMM(AX, r ^ 561), BPF_ALU32_IMM(BPF_XOR, AX, r),
				BPF_ALU32_REG(BPF_SUB, 4, AX) };

	expect("w4 -= 561", BPF_ALU32_IMM(BPF_SUB, 4, 561), NULL, false, w, 3);
}
END_TEST

START_TEST(alu64_k)
{
	u32 r = rnd();
	struct bpf_insn w[] = { BPF_MOV64_IMM(AX, r ^ -7), BPF_ALU64_IMM(BPF_XOR, AX, r),
				BPF_ALU64_REG(BPF_MOV, 4, AX) };

	expect("r4 = -7", BPF_MOV64_IMM(4, -7), NULL, false, w, 3);
}
END_TEST

START_TEST(sdiv_keeps_off)
{
	u32 r = rnd();
	struct bpf_insn w[] = { BPF_MOV64_IMM(AX, r ^ 9), BPF_ALU64_IMM(BPF_XOR, AX, r),
				BPF_ALU64_REG_OFF(BPF_DIV, 2, AX, 1) };

	expect("r2 s/= 9", BPF_ALU64_IMM_OFF(BPF_DIV, 2, 9, 1), NULL, false, w, 3);
}
END_TEST

START_TEST(jmp_k_forward)
{
	u32 r = rnd();
	struct bpf_insn w[] = { BPF_MOV64_IMM(AX, r ^ 100), BPF_ALU64_IMM(BPF_XOR, AX, r),
				BPF_JMP_REG(BPF_JSGT, 1, AX, 5) };

	expect("if r1 s> 100 goto +5", BPF_JMP_IMM(BPF_JSGT, 1, 100, 5), NULL, false, w, 3);
}
END_TEST

START_TEST(jmp32_k_backward)
{
	u32 r = rnd();
	struct bpf_insn w[] = { BPF_MOV32_IMM(AX, r ^ 100), BPF_ALU32_IMM(BPF_XOR, AX, r),
				BPF_JMP32_REG(BPF_JNE, 1, AX, -7) };

	expect("if w1 != 100 goto -5", BPF_JMP32_IMM(BPF_JNE, 1, 100, -5), NULL, false, w, 3);
}
END_TEST

START_TEST(ld_imm64_both_halves)
{
	struct bpf_insn pair[2] = { BPF_LD_IMM64(5, 0x1122334455667788ULL) };
	u32 r = rnd();
	struct bpf_insn hi[] = { BPF_MOV64_IMM(AX, r ^ 0x11223344), BPF_ALU64_IMM(BPF_XOR, AX, r),
				 BPF_ALU64_IMM(BPF_LSH, AX, 32), BPF_MOV64_REG(5, AX) };
	struct bpf_insn lo[] = { BPF_MOV32_IMM(AX, r ^ 0x55667788), BPF_ALU32_IMM(BPF_XOR, AX, r),
				 BPF_ZEXT_REG(AX), BPF_ALU64_REG(BPF_OR, 5, AX) };

	expect("ld_imm64 first slot", pair[0], pair, false, hi, 4);
	expect("ld_imm64 second slot, zext", pair[1], pair, true, lo, 4);
	lo[2] = lo[3];
	expect("ld_imm64 second slot", pair[1], pair, false, lo, 3);
}
END_TEST

START_TEST(st_every_size)
{
	static const u8 sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };
	u32 r = rnd();

	for (int i = 0; i < 4; i++) {
		struct bpf_insn w[] = { BPF_MOV64_IMM(AX, r ^ -3), BPF_ALU64_IMM(BPF_XOR, AX, r),
					BPF_STX_MEM(sizes[i], 10, AX, -16) };

		expect("*(size *)(r10 - 16) = -3", BPF_ST_MEM(sizes[i], 10, -16, -3), NULL,
		       false, w, 3);
	}
}
END_TEST

START_TEST(ax_left_alone)
{
	expect("r11 += 5", BPF_ALU64_IMM(BPF_ADD, AX, 5), NULL, false, NULL, 0);
	expect("r11 = 0", BPF_MOV64_IMM(AX, 0), NULL, false, NULL, 0);
	expect("if r11 == 5 goto +1", BPF_JMP_IMM(BPF_JEQ, AX, 5, 1), NULL, false, NULL, 0);
}
END_TEST

START_TEST(others_left_alone)
{
	expect("r1 <<= 5", BPF_ALU64_IMM(BPF_LSH, 1, 5), NULL, false, NULL, 0);
	expect("r1 += r2", BPF_ALU64_REG(BPF_ADD, 1, 2), NULL, false, NULL, 0);
	expect("goto +3", BPF_JMP_A(3), NULL, false, NULL, 0);
	expect("call 5", BPF_CALL_HELPER(5), NULL, false, NULL, 0);
	expect("exit", BPF_EXIT_INSN(), NULL, false, NULL, 0);
}
END_TEST

START_TEST(article_blinded_runs)
{
	static const struct bpf_insn article[] = {
		BPF_MOV64_IMM(1, 0x3ca), BPF_MOV64_IMM(2, 0x2bd), BPF_ALU64_REG(BPF_ADD, 1, 2),
		BPF_ALU64_IMM(BPF_ADD, 1, 0), BPF_MOV64_REG(0, 1), BPF_EXIT_INSN(),
	};
	u64 stack[MAX_BPF_STACK / 8] = { 0 }, regs[MAX_BPF_EXT_REG] = { 0 };
	struct bpf_prog *fp = bpf_prog_alloc(bpf_prog_size(6), 0), *clone;
	u64 r0;

	memcpy(fp->insnsi, article, sizeof(article));
	fp->len = 6;
	fp->jit_requested = 1;
	bpf_jit_harden = 2;
	clone = bpf_jit_blind_constants(fp);
	bpf_jit_harden = 0;
	ck_assert(!IS_ERR(clone));
	ck_assert_msg(clone->len == 12, "blinded article: %u insns, expected 12", clone->len);
	regs[BPF_REG_10] = (u64)(unsigned long)&stack[ARRAY_SIZE(stack)];
	r0 = ___bpf_prog_run(regs, clone->insnsi, stack);
	ck_assert_msg(r0 == 0x687, "blinded article: r0 %#llx, expected 0x687",
		      (unsigned long long)r0);
	bpf_jit_prog_release_other(fp, clone);
	bpf_prog_free(fp);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("05/01 bpf_jit_blind_insn");
	TCase *tc = tcase_create("bpf_jit_blind_insn");

	ADD(tc, mov_k_zero);
	ADD(tc, alu32_k);
	ADD(tc, alu64_k);
	ADD(tc, sdiv_keeps_off);
	ADD(tc, jmp_k_forward);
	ADD(tc, jmp32_k_backward);
	ADD(tc, ld_imm64_both_halves);
	ADD(tc, st_every_size);
	ADD(tc, ax_left_alone);
	ADD(tc, others_left_alone);
	ADD(tc, article_blinded_runs);
	suite_add_tcase(s, tc);
	return s;
}
