// SPDX-License-Identifier: GPL-2.0
/*
 * Division and modulo in every form, at the extremes: 32 and 64 bits,
 * unsigned and signed, by a constant (through the magic multiplications,
 * the shifts for powers of two, and BPF's own answers for 0, 1 and -1) and
 * by a register (div with no more saving than needed). Each program
 * divides sixteen dividends where mistakes live and writes the results
 * back; the optimising JIT's context must come out as the interpreter's.
 */
#include <stdlib.h>

#include "test_opt.h"

static const u64 dividends[16] = {
	0, 1, 2, (u64)-1, (u64)(s64)INT_MIN, INT_MAX, (u64)S64_MIN, S64_MAX,
	0x80000000ULL, 0xffffffffULL, 1000, 999, 0x123456789abcdef0ULL, (u64)-7, 7,
	0xfffffffe00000001ULL,
};

static const s32 divisors[] = {
	0, 1, 2, 3, 5, 6, 7, 10, 25, 641, 1000, 4096, 65537, INT_MAX, INT_MIN, -1, -2, -3, -7,
	-1000, -4096, 0x40000000, 0x55555555, -0x55555555, 0x12345, 0x7ffffffe,
};

/* ctx[8k..8k+8] = dividends[k]; the divisor, for the register forms, at 128 */
static void fill(u8 *ctx, s32 d)
{
	u64 dv = (u64)(s64)d;

	memset(ctx, 0, CTX_SIZE);
	memcpy(ctx, dividends, sizeof(dividends));
	memcpy(ctx + 128, &dv, sizeof(dv));
}

/* for k in 0..15: *(u64 *)(r1 + 8k) op= the divisor (imm, or r3 from ctx + 128) */
static u32 div_prog(struct bpf_insn *insns, u8 cls, u8 op, s16 sgn, bool x, s32 d)
{
	u32 n = 0;

	if (x)
		insns[n++] = BPF_LDX_MEM(BPF_DW, R3, R1, 128);
	for (int k = 0; k < 16; k++) {
		insns[n++] = BPF_LDX_MEM(BPF_DW, R2, R1, 8 * k);
		insns[n++] = BPF_RAW_INSN(cls | op | (x ? BPF_X : BPF_K), R2, x ? R3 : 0, sgn, x ? 0 : d);
		insns[n++] = BPF_STX_MEM(BPF_DW, R1, R2, 8 * k);
	}
	insns[n++] = BPF_MOV64_IMM(R0, 0);
	insns[n++] = BPF_EXIT_INSN();
	return n;
}

static void check_div(u8 cls, u8 op, s16 sgn, bool x, s32 d)
{
	struct bpf_insn insns[64];
	u32 len = div_prog(insns, cls, op, sgn, x, d);
	struct bpf_prog *fp = opt_compile(insns, len, 0, BPF_JIT_OPT_ALL);
	struct bpf_prog *ip = interp_compile(insns, len, 0);
	u8 want[CTX_SIZE], got[CTX_SIZE];

	ck_assert_msg(fp->jited, "not JITed");
	fill(want, d);
	fill(got, d);
	bpf_prog_run64(ip, want);
	bpf_prog_run64(fp, got);
	for (int k = 0; k < 16; k++) {
		u64 w, g;

		memcpy(&w, want + 8 * k, 8);
		memcpy(&g, got + 8 * k, 8);
		if (w != g)
			ck_abort_msg("%s%s %s %s%d: %#llx -> %#llx, the interpreter's %#llx",
				     cls == BPF_ALU64 ? "r" : "w", sgn ? " s" : " ",
				     op == BPF_DIV ? "/" : "%", x ? "register " : "", d,
				     (unsigned long long)dividends[k], (unsigned long long)g,
				     (unsigned long long)w);
	}
	bpf_prog_free(fp);
	bpf_prog_free(ip);
}

START_TEST(opt_div_constants)
{
	for (size_t i = 0; i < ARRAY_SIZE(divisors); i++)
		for (int cls = 0; cls < 2; cls++)
			for (s16 sgn = 0; sgn < 2; sgn++) {
				check_div(cls ? BPF_ALU64 : BPF_ALU, BPF_DIV, sgn, false, divisors[i]);
				check_div(cls ? BPF_ALU64 : BPF_ALU, BPF_MOD, sgn, false, divisors[i]);
			}
}
END_TEST

/* By a register the program does not know: 0 and -1 are the guards' (chapter 03) */
START_TEST(opt_div_registers)
{
	for (size_t i = 0; i < ARRAY_SIZE(divisors); i++) {
		if (divisors[i] == 0 || divisors[i] == -1)
			continue;
		for (int cls = 0; cls < 2; cls++)
			for (s16 sgn = 0; sgn < 2; sgn++) {
				check_div(cls ? BPF_ALU64 : BPF_ALU, BPF_DIV, sgn, true, divisors[i]);
				check_div(cls ? BPF_ALU64 : BPF_ALU, BPF_MOD, sgn, true, divisors[i]);
			}
	}
}
END_TEST

/* Random divisors of every size, against the interpreter. */
START_TEST(opt_div_random)
{
	u64 s = 0x2545f4914f6cdd1dULL;

	for (unsigned int i = 0; i < test_rounds(300); i++) {
		s32 d;

		s ^= s >> 12;
		s ^= s << 25;
		s ^= s >> 27;
		d = (s32)((s * 2685821657736338717ULL) >> (32 + i % 32));
		if (i & 1)
			d = -d;
		check_div(i & 2 ? BPF_ALU64 : BPF_ALU, i & 4 ? BPF_MOD : BPF_DIV, (i >> 3) & 1, false, d);
	}
}
END_TEST

void opt_div_tests(Suite *s)
{
	TCase *tc = tcase_create("opt_div");

	ADD(tc, opt_div_constants);
	ADD(tc, opt_div_registers);
	ADD(tc, opt_div_random);
	suite_add_tcase(s, tc);
}
