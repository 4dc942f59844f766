// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 05/02 tests: bpf_jit_blind_shift(), exact sequences, then every
 * shift of a value run in the interpreter, original against rewritten.
 */
#include <string.h>

#include "linux/bpf.h"
#include "linux/bpf_blind.h"
#include "linux/bpf_interp.h"
#include "linux/random.h"
#include "testutil.h"

#define AX	BPF_REG_AX
#define SEED	0x0502ULL

int bpf_jit_blind_shift(const struct bpf_insn *from, struct bpf_insn *to_buff);

static u64 run(const struct bpf_insn *insns)
{
	u64 stack[MAX_BPF_STACK / 8] = { 0 }, regs[MAX_BPF_EXT_REG] = { 0 };

	regs[BPF_REG_10] = (u64)(unsigned long)&stack[ARRAY_SIZE(stack)];
	return ___bpf_prog_run(regs, insns, stack);
}

START_TEST(shift_sequence)
{
	struct bpf_insn from = BPF_ALU64_IMM(BPF_ARSH, 3, 17), buf[BPF_BLIND_BUF_INSNS];
	struct bpf_insn want[3];
	u32 r;
	int n;

	set_random_seed(SEED);
	r = get_random_u32();
	set_random_seed(SEED);
	n = bpf_jit_blind_shift(&from, buf);
	want[0] = BPF_MOV32_IMM(AX, r ^ 17);
	want[1] = BPF_ALU32_IMM(BPF_XOR, AX, r);
	want[2] = BPF_ALU64_REG(BPF_ARSH, 3, AX);
	ck_assert_msg(n == 3, "r3 s>>= 17: %d instructions, expected 3", n);
	for (int i = 0; i < 3; i++)
		ck_assert_msg(!memcmp(&buf[i], &want[i], sizeof(want[i])),
			      "r3 s>>= 17: insn %d {%02x %d %d %d %d} differs", i, buf[i].code,
			      buf[i].dst_reg, buf[i].src_reg, buf[i].off, buf[i].imm);
}
END_TEST

START_TEST(shift32_uses_alu32)
{
	struct bpf_insn from = BPF_ALU32_IMM(BPF_LSH, 2, 5), buf[BPF_BLIND_BUF_INSNS];
	int n = bpf_jit_blind_shift(&from, buf);

	ck_assert_msg(n == 3, "w2 <<= 5: %d instructions, expected 3", n);
	ck_assert_msg(buf[2].code == (BPF_ALU | BPF_LSH | BPF_X) && buf[2].dst_reg == 2 &&
		      buf[2].src_reg == AX, "w2 <<= 5: last insn code %#x", buf[2].code);
}
END_TEST

START_TEST(others_untouched)
{
	struct bpf_insn keep[] = { BPF_ALU64_IMM(BPF_ADD, 1, 5), BPF_ALU64_REG(BPF_LSH, 1, 2),
				   BPF_ALU64_IMM(BPF_LSH, AX, 3), BPF_EXIT_INSN() };
	struct bpf_insn buf[BPF_BLIND_BUF_INSNS];

	for (size_t i = 0; i < ARRAY_SIZE(keep); i++)
		ck_assert_msg(bpf_jit_blind_shift(&keep[i], buf) == 0,
			      "insn %zu (code %#x) was rewritten", i, keep[i].code);
}
END_TEST

START_TEST(every_shift_same_result)
{
	static const u8 ops[] = { BPF_LSH, BPF_RSH, BPF_ARSH };

	for (int cls = 0; cls < 2; cls++)
		for (int o = 0; o < 3; o++)
			for (s32 k = 0; k < (cls ? 64 : 32); k++) {
				struct bpf_insn orig[] = {
					BPF_LD_IMM64(0, 0x8123456789abcdefULL),
					BPF_RAW_INSN((cls ? BPF_ALU64 : BPF_ALU) | ops[o] | BPF_K,
						     0, 0, 0, k),
					BPF_EXIT_INSN(),
				}, blinded[8];
				int n;

				memcpy(blinded, orig, 2 * sizeof(orig[0]));
				n = bpf_jit_blind_shift(&orig[2], blinded + 2);
				ck_assert_msg(n == 3, "shift op %#x by %d: %d insns", ops[o], k, n);
				blinded[2 + n] = BPF_EXIT_INSN();
				ck_assert_msg(run(orig) == run(blinded),
					      "shift op %#x by %d (%s): results differ", ops[o], k,
					      cls ? "64" : "32");
			}
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("05/02 blinding shift counts");
	TCase *tc = tcase_create("bpf_jit_blind_shift");

	ADD(tc, shift_sequence);
	ADD(tc, shift32_uses_alu32);
	ADD(tc, others_untouched);
	ADD(tc, every_shift_same_result);
	suite_add_tcase(s, tc);
	return s;
}
