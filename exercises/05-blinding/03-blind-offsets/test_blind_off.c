// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 05/03 tests: bpf_jit_blind_off(), exact sequences, what it must
 * leave alone, then loads and stores of every size at many offsets run in
 * the interpreter, original against rewritten.
 */
#include <string.h>

#include "linux/bpf.h"
#include "linux/bpf_blind.h"
#include "linux/bpf_interp.h"
#include "linux/random.h"
#include "testutil.h"

#define AX	BPF_REG_AX
#define SEED	0x0503ULL

int bpf_jit_blind_off(const struct bpf_insn *from, struct bpf_insn *to_buff);

static void expect_sequence(struct bpf_insn from, const struct bpf_insn *want, int len,
			    const char *what)
{
	struct bpf_insn buf[BPF_BLIND_BUF_INSNS];
	int n;

	set_random_seed(SEED);
	n = bpf_jit_blind_off(&from, buf);
	ck_assert_msg(n == len, "%s: %d instructions, expected %d", what, n, len);
	for (int i = 0; i < len; i++)
		ck_assert_msg(!memcmp(&buf[i], &want[i], sizeof(want[i])),
			      "%s: insn %d {%02x %d %d %d %d}, expected {%02x %d %d %d %d}", what, i,
			      buf[i].code, buf[i].dst_reg, buf[i].src_reg, buf[i].off, buf[i].imm,
			      want[i].code, want[i].dst_reg, want[i].src_reg, want[i].off, want[i].imm);
}

static u32 first_draw(void)
{
	set_random_seed(SEED);
	return get_random_u32();
}

START_TEST(load_sequence)
{
	u32 r = first_draw();
	const struct bpf_insn want[] = {
		BPF_ALU64_IMM(BPF_MOV, AX, r ^ 0x3ca8),
		BPF_ALU64_IMM(BPF_XOR, AX, r),
		BPF_ALU64_REG(BPF_ADD, AX, BPF_REG_1),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, AX, 0),
	};

	expect_sequence(BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0x3ca8), want, 4,
			"r0 = *(u64 *)(r1 + 0x3ca8)");
}
END_TEST

START_TEST(store_sequence)
{
	u32 r = first_draw();
	const struct bpf_insn want[] = {
		BPF_ALU64_IMM(BPF_MOV, AX, r ^ (u32)-8),
		BPF_ALU64_IMM(BPF_XOR, AX, r),
		BPF_ALU64_REG(BPF_ADD, AX, BPF_REG_10),
		BPF_STX_MEM(BPF_W, AX, BPF_REG_3, 0),
	};

	expect_sequence(BPF_STX_MEM(BPF_W, BPF_REG_10, BPF_REG_3, -8), want, 4,
			"*(u32 *)(r10 - 8) = w3");
}
END_TEST

START_TEST(others_untouched)
{
	const struct bpf_insn same[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),		/* no offset */
		BPF_STX_MEM(BPF_B, BPF_REG_1, BPF_REG_2, 0),
		BPF_LDX_MEM(BPF_W, AX, BPF_REG_1, 4),			/* the kernel's AX */
		BPF_STX_MEM(BPF_DW, BPF_REG_10, AX, -16),
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 5),			/* no register to spare */
		BPF_ATOMIC_OP(BPF_DW, BPF_ADD, BPF_REG_10, BPF_REG_1, -8),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 8),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_1, 0, 4),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn buf[BPF_BLIND_BUF_INSNS];

	for (size_t i = 0; i < ARRAY_SIZE(same); i++)
		ck_assert_msg(bpf_jit_blind_off(&same[i], buf) == 0,
			      "instruction %zu (code %02x, off %d) was rewritten", i,
			      same[i].code, same[i].off);
}
END_TEST

/* A program of insns, then exit; r1 = mem + 512, r2 = a pattern. */
static u64 run(const struct bpf_insn *insns, int n, u8 *mem)
{
	struct bpf_insn prog[8];
	u64 stack[MAX_BPF_STACK / 8] = { 0 }, regs[MAX_BPF_EXT_REG] = { 0 };

	memcpy(prog, insns, n * sizeof(*insns));
	prog[n] = (struct bpf_insn)BPF_EXIT_INSN();
	regs[BPF_REG_1] = (u64)(unsigned long)(mem + 512);
	regs[BPF_REG_2] = 0x8877665544332211ULL;
	regs[BPF_REG_10] = (u64)(unsigned long)&stack[ARRAY_SIZE(stack)];
	return ___bpf_prog_run(regs, prog, stack);
}

static const u8 sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };
static const s16 offs[] = { -512, -129, -8, -1, 1, 7, 8, 127, 128, 255, 504 };

static void same_result(bool store)
{
	set_random_seed(SEED);
	for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
		for (size_t o = 0; o < ARRAY_SIZE(offs); o++) {
			struct bpf_insn from = store ?
				BPF_STX_MEM(sizes[s], BPF_REG_1, BPF_REG_2, offs[o]) :
				BPF_LDX_MEM(sizes[s], BPF_REG_0, BPF_REG_1, offs[o]);
			struct bpf_insn blinded[BPF_BLIND_BUF_INSNS];
			static u8 mem_a[1024], mem_b[1024];
			u64 ra, rb;
			int n;

			for (int i = 0; i < 1024; i++)
				mem_a[i] = mem_b[i] = (u8)(i * 37 + 11);
			n = bpf_jit_blind_off(&from, blinded);
			ck_assert_msg(n > 0 && n < 8, "size %#x, off %d: %d instructions", sizes[s], offs[o], n);
			for (int i = 0; i < n; i++)
				ck_assert_msg(blinded[i].off == 0 && blinded[i].imm != offs[o],
					      "size %#x, off %d: insn %d still carries the offset",
					      sizes[s], offs[o], i);
			ra = run(&from, 1, mem_a);
			rb = run(blinded, n, mem_b);
			ck_assert_msg(ra == rb && !memcmp(mem_a, mem_b, sizeof(mem_a)),
				      "%s of size %#x at off %d: r0 %#llx and %#llx, memory %s",
				      store ? "store" : "load", sizes[s], offs[o], (unsigned long long)ra,
				      (unsigned long long)rb,
				      memcmp(mem_a, mem_b, sizeof(mem_a)) ? "differs" : "the same");
		}
	}
}

START_TEST(loads_same_result)
{
	same_result(false);
}
END_TEST

START_TEST(stores_same_result)
{
	same_result(true);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("05/03 blind offsets");
	TCase *tc = tcase_create("bpf_jit_blind_off");

	ADD(tc, load_sequence);
	ADD(tc, store_sequence);
	ADD(tc, others_untouched);
	ADD(tc, loads_same_result);
	ADD(tc, stores_same_result);
	suite_add_tcase(s, tc);
	return s;
}
