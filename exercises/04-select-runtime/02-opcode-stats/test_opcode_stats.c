// SPDX-License-Identifier: GPL-2.0
/* Exercise 04/02: bpf_prog_class_histogram(). */
#include <string.h>

#include "linux/bpf.h"
#include "testutil.h"

void bpf_prog_class_histogram(const struct bpf_prog *prog, u32 hist[8]);

static struct bpf_prog *prog_of(const struct bpf_insn *insns, u32 len)
{
	struct bpf_prog *fp = bpf_prog_alloc(bpf_prog_size(len), 0);

	ck_assert_ptr_nonnull(fp);
	memcpy(fp->insnsi, insns, len * sizeof(*insns));
	fp->len = len;
	return fp;
}

static void check(const struct bpf_insn *insns, u32 len, const u32 want[8], const char *what)
{
	struct bpf_prog *fp = prog_of(insns, len);
	u32 hist[8];

	memset(hist, 0xff, sizeof(hist));
	bpf_prog_class_histogram(fp, hist);
	for (int c = 0; c < 8; c++)
		ck_assert_msg(hist[c] == want[c], "%s: class %d counted %u, expected %u",
			      what, c, hist[c], want[c]);
	bpf_prog_free(fp);
}

START_TEST(article_program)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_1, 0x231), BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8), BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 0x456),
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_1), BPF_EXIT_INSN(),
	};
	const u32 want[8] = { [BPF_LDX] = 1, [BPF_STX] = 1, [BPF_JMP] = 1, [BPF_ALU64] = 3 };

	check(insns, 6, want, "the article's program");
}
END_TEST

START_TEST(ld_imm64_counts_once)
{
	const struct bpf_insn insns[] = { BPF_LD_IMM64(BPF_REG_0, 0), BPF_EXIT_INSN() };
	const u32 want[8] = { [BPF_LD] = 1, [BPF_JMP] = 1 };

	check(insns, 3, want, "ld_imm64 + exit");
}
END_TEST

START_TEST(every_class)
{
	const struct bpf_insn insns[] = {
		BPF_MOV32_IMM(BPF_REG_0, 1), BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 1),
		BPF_JMP32_IMM(BPF_JEQ, BPF_REG_0, 1, 0), BPF_EXIT_INSN(),
	};
	const u32 want[8] = { [BPF_ALU] = 1, [BPF_ST] = 1, [BPF_JMP32] = 1, [BPF_JMP] = 1 };

	check(insns, 4, want, "alu32, st, jmp32, exit");
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("exercise 04/02");
	TCase *tc = tcase_create("bpf_prog_class_histogram");

	ADD(tc, article_program);
	ADD(tc, ld_imm64_counts_once);
	ADD(tc, every_class);
	suite_add_tcase(s, tc);
	return s;
}
