// SPDX-License-Identifier: GPL-2.0
/*
 * Grading tests for exercise 09/01: div_magic_unsigned(). First the
 * numbers (gcc's for 1000, the one that needs a 33rd bit), then what the
 * emitted code computes with them against C's `/` for many divisors, then
 * the optimising JIT: a division by a constant must become a multiplication
 * (no `div` in its bytes), and still give the interpreter's results.
 */
#include <string.h>

#include "testutil.h"
#include "test_opt.h"
#include "opt.h"

static u64 state = 0x9e3779b97f4a7c15ULL;

static u64 rnd(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 2685821657736338717ULL;
}

START_TEST(magic_1000)
{
	struct div_magic m = { 0 };

	/* gcc -O2 divides a u32 by 1000 with 0x10624dd3 and a shift of 32 + 6 */
	ck_assert_int_eq(div_magic_unsigned(1000, 32, &m), 0);
	ck_assert_uint_eq(m.mul, 0x10624dd3);
	ck_assert_uint_eq(m.shift, 6);
	ck_assert(!m.add);
}
END_TEST

START_TEST(magic_7_needs_33_bits)
{
	struct div_magic m = { 0 };

	ck_assert_int_eq(div_magic_unsigned(7, 32, &m), 0);
	ck_assert_msg(m.add, "7's multiplier, 0x124924925, has 33 bits");
	ck_assert_uint_eq(m.mul, 0x24924925);
	ck_assert_uint_eq(m.shift, 3);
}
END_TEST

/* Every divisor tried, at the dividends where mistakes live and at random ones. */
static void check_all(int bits, unsigned int divisors)
{
	u64 max = bits == 32 ? U32_MAX : U64_MAX;

	for (unsigned int k = 0; k < divisors; k++) {
		u64 d = (k < 200 ? k + 3 : rnd() >> (rnd() % 64)) & max;
		u64 xs[] = { 0, 1, d - 1, d, d + 1, 2 * d - 1, max, max - 1, max / 2 };
		struct div_magic m;

		if (d < 3 || !(d & (d - 1)) || d > (1ULL << 63))
			continue;
		ck_assert_msg(!div_magic_unsigned(d, bits, &m), "%d bits: no magic for %llu",
			      bits, (unsigned long long)d);
		for (unsigned int i = 0; i < ARRAY_SIZE(xs) + 50; i++) {
			u64 x = (i < ARRAY_SIZE(xs) ? xs[i] : rnd()) & max;

			if (div_magic_eval_unsigned(x, bits, &m) != x / d)
				ck_abort_msg("%d bits: %llu / %llu gives %llu (mul %#llx, shift %u, add %d)",
					     bits, (unsigned long long)x, (unsigned long long)d,
					     (unsigned long long)div_magic_eval_unsigned(x, bits, &m),
					     (unsigned long long)m.mul, m.shift, m.add);
		}
	}
}

START_TEST(magic_unsigned_32)
{
	check_all(32, test_rounds(2000));
}
END_TEST

START_TEST(magic_unsigned_64)
{
	check_all(64, test_rounds(2000));
}
END_TEST

START_TEST(magic_refuses)
{
	struct div_magic m;

	/* 0, 1 and 2, powers of two, above 2^63, too wide: shifts or div do them */
	ck_assert_int_eq(div_magic_unsigned(0, 32, &m), -EINVAL);
	ck_assert_int_eq(div_magic_unsigned(1, 32, &m), -EINVAL);
	ck_assert_int_eq(div_magic_unsigned(2, 64, &m), -EINVAL);
	ck_assert_int_eq(div_magic_unsigned(1024, 64, &m), -EINVAL);
	ck_assert_int_eq(div_magic_unsigned(0x8000000000000003ULL, 64, &m), -EINVAL);
	ck_assert_int_eq(div_magic_unsigned(0x100000003ULL, 32, &m), -EINVAL);
}
END_TEST

/* w2 op= d, for a few d: the code of insn 1, then the result */
static const s32 jit_divisors[] = { 3, 7, 10, 1000, 641, 0x7fffffff, 12345 };

START_TEST(magic_jit_no_div)
{
	for (size_t k = 0; k < ARRAY_SIZE(jit_divisors); k++) {
		struct bpf_insn insns[] = {
			BPF_LDX_MEM(BPF_DW, R2, R1, 0),
			BPF_ALU32_IMM(BPF_DIV, R2, jit_divisors[k]),
			BPF_MOV64_REG(R0, R2), BPF_EXIT_INSN(),
		};
		struct bpf_prog *fp = opt_compile(insns, ARRAY_SIZE(insns), 0, BPF_JIT_OPT_ALL);
		const u8 *b;
		int len;

		b = opt_insn_bytes(fp, 1, &len);
		/* div is f7 /6: a ModRM byte with 110 in its reg field */
		for (int i = 0; i + 1 < len; i++)
			ck_assert_msg(!(b[i] == 0xf7 && ((b[i + 1] >> 3) & 7) == 6),
				      "w2 /= %d: still a div", jit_divisors[k]);
		bpf_prog_free(fp);
	}
}
END_TEST

START_TEST(magic_jit_results)
{
	static const u64 xs[] = { 0, 1, 999, 1000, 0xffffffff, 0x80000000, 0x123456789abcdef0ULL };

	for (size_t k = 0; k < ARRAY_SIZE(jit_divisors); k++) {
		for (int op = 0; op < 2; op++) {
			for (int cls = 0; cls < 2; cls++) {
				struct bpf_insn insns[] = {
					BPF_LDX_MEM(BPF_DW, R2, R1, 0),
					BPF_RAW_INSN((cls ? BPF_ALU64 : BPF_ALU) | (op ? BPF_MOD : BPF_DIV) | BPF_K,
						     R2, 0, 0, jit_divisors[k]),
					BPF_MOV64_REG(R0, R2), BPF_EXIT_INSN(),
				};
				struct bpf_prog *fp = opt_compile(insns, 4, 0, BPF_JIT_OPT_ALL);
				struct bpf_prog *ip = interp_compile(insns, 4, 0);

				for (size_t i = 0; i < ARRAY_SIZE(xs); i++) {
					u64 ctx[1] = { xs[i] };
					u64 want = bpf_prog_run64(ip, ctx), got = bpf_prog_run64(fp, ctx);

					ck_assert_msg(got == want, "%llx %s %d (%s): %#llx, not %#llx",
						      (unsigned long long)xs[i], op ? "%" : "/",
						      jit_divisors[k], cls ? "64" : "32",
						      (unsigned long long)got, (unsigned long long)want);
				}
				bpf_prog_free(fp);
				bpf_prog_free(ip);
			}
		}
	}
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("exercise 09/01");
	TCase *tc = tcase_create("div_magic_unsigned");

	ADD(tc, magic_1000);
	ADD(tc, magic_7_needs_33_bits);
	ADD(tc, magic_unsigned_32);
	ADD(tc, magic_unsigned_64);
	ADD(tc, magic_refuses);
	ADD(tc, magic_jit_no_div);
	ADD(tc, magic_jit_results);
	suite_add_tcase(s, tc);
	return s;
}
