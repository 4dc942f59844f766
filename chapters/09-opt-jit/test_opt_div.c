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

/*
 * A division and a remainder of the same operands, as clang writes them
 * (opt_fuse.c: fuse_divmod()): q = a; [guard]; q /= s; [m = q;] m *= s;
 * [t = a;] t -= m. The registers each role takes, R0 and R3 among them
 * (rax and rdx, which div overwrites); t == a for the shapes without the
 * copy `t = a`, m == q for the multiplication in place.
 */
struct dm_regs {
	u8 a, s, q, m, t;
};

static const struct dm_regs dm_regs[] = {
	{ R7, R0, R8, R8, R6 },		/* a gcd step: s in rax, in place */
	{ R5, R0, R2, R8, R0 },		/* a / d and a % d, the remainder over s */
	{ R8, R7, R0, R6, R8 },		/* q in rax, t = a */
	{ R3, R2, R4, R4, R3 },		/* a in rdx, in place, t = a */
	{ R4, R5, R3, R6, R0 },		/* q in rdx, t in rax */
	{ R2, R3, R6, R7, R9 },		/* s in rdx */
	{ R9, R8, R7, R7, R0 },		/* t in rax, in place */
};

/*
 * The program: every register but R1 (the context), m and q (q if keep_q:
 * then, multiplied in place, it is m read after) written back to ctx + 16 + 8 * reg
 * after the sequence, the others holding a known value before it. *mul:
 * the multiplication's index. guard: the verifier's `if s != 0 goto +2;
 * q ^= q; goto +1`; odd: s |= 1 first, so that the guard is decided.
 */
static u32 divmod_prog(struct bpf_insn *insns, bool is64, const struct dm_regs *r,
		       bool guard, bool keep_q, bool odd, u32 *mul)
{
	u8 cls = is64 ? BPF_ALU64 : BPF_ALU, jcls = is64 ? BPF_JMP : BPF_JMP32;
	u32 n = 0;

	for (u8 reg = R0; reg <= R9; reg++)
		if (reg != R1)
			insns[n++] = BPF_MOV64_IMM(reg, 0x1111 * (reg + 1));
	insns[n++] = BPF_LDX_MEM(BPF_DW, r->a, R1, 0);
	insns[n++] = BPF_LDX_MEM(BPF_DW, r->s, R1, 8);
	if (odd)	/* s known not 0: the known bits decide the guard */
		insns[n++] = BPF_ALU64_IMM(BPF_OR, r->s, 1);
	insns[n++] = BPF_RAW_INSN(cls | BPF_MOV | BPF_X, r->q, r->a, 0, 0);
	if (guard) {
		insns[n++] = BPF_RAW_INSN(jcls | BPF_JNE | BPF_K, r->s, 0, 2, 0);
		insns[n++] = BPF_ALU32_REG(BPF_XOR, r->q, r->q);	/* as the verifier's */
		insns[n++] = BPF_JMP_A(1);
	}
	insns[n++] = BPF_RAW_INSN(cls | BPF_DIV | BPF_X, r->q, r->s, 0, 0);
	if (r->m != r->q)
		insns[n++] = BPF_RAW_INSN(cls | BPF_MOV | BPF_X, r->m, r->q, 0, 0);
	*mul = n;
	insns[n++] = BPF_RAW_INSN(cls | BPF_MUL | BPF_X, r->m, r->s, 0, 0);
	if (r->t != r->a)
		insns[n++] = BPF_RAW_INSN(cls | BPF_MOV | BPF_X, r->t, r->a, 0, 0);
	insns[n++] = BPF_RAW_INSN(cls | BPF_SUB | BPF_X, r->t, r->m, 0, 0);
	for (u8 reg = R0; reg <= R9; reg++)
		if (reg != R1 && (reg != r->q || keep_q) && (reg != r->m || r->m == r->q))
			insns[n++] = BPF_STX_MEM(BPF_DW, R1, reg, 16 + 8 * reg);
	insns[n++] = BPF_MOV64_IMM(R0, 0);
	insns[n++] = BPF_EXIT_INSN();
	return n;
}

START_TEST(opt_div_remainder)
{
	static const u64 as[] = { 0, 1, 7, 0xffffffffULL, 1ULL << 63, (u64)-1,
				  0x123456789abcdef0ULL };
	static const u64 ss[] = { 0, 1, 3, 7, 0xffffffffULL, (1ULL << 32) + 5, (u64)-1 };

	for (size_t k = 0; k < ARRAY_SIZE(dm_regs); k++)
		for (int v = 0; v < 16; v++) {
			bool is64 = v & 1, guard = v & 2, keep_q = v & 4, odd = v & 8;
			const struct dm_regs *r = &dm_regs[k];
			struct bpf_insn insns[64];
			u32 mul, len = divmod_prog(insns, is64, r, guard, keep_q, odd, &mul);
			struct bpf_prog *fp = opt_compile(insns, len, 0, BPF_JIT_OPT_ALL);
			struct bpf_prog *ip = interp_compile(insns, len, 0);
			/* fused unless q is read after and the way round must set t too */
			bool in_place = r->m == r->q, fused = !(in_place && keep_q) &&
				!(guard && !odd && keep_q && !in_place && (r->t != r->a || !is64));
			int blen;

			ck_assert_msg(fp->jited, "shape %zu, variant %d: not JITed", k, v);
			opt_insn_bytes(fp, mul, &blen);
			ck_assert_msg((blen == 0) == fused, "shape %zu, variant %d: %s", k, v,
				      fused ? "not fused" : "fused where it must not be");
			for (size_t i = 0; i < ARRAY_SIZE(as); i++)
				for (size_t j = 0; j < ARRAY_SIZE(ss); j++) {
					u8 want[CTX_SIZE] = { 0 }, got[CTX_SIZE] = { 0 };

					if (!is64 && (u32)ss[j] == 0 && !guard && !odd)
						continue;	/* the verifier never leaves that */
					if (ss[j] == 0 && !guard && !odd)
						continue;
					memcpy(want, &as[i], 8);
					memcpy(want + 8, &ss[j], 8);
					memcpy(got, want, 16);
					bpf_prog_run64(ip, want);
					bpf_prog_run64(fp, got);
					ck_assert_msg(!memcmp(want, got, CTX_SIZE),
						      "shape %zu, variant %d: a %#llx, s %#llx", k, v,
						      (unsigned long long)as[i],
						      (unsigned long long)ss[j]);
				}
			bpf_prog_free(fp);
			bpf_prog_free(ip);
		}
}
END_TEST

/*
 * The same programs with the roles drawn at random from R0 and R2-R9,
 * equal ones included (where the sequence is then no remainder at all, or
 * reads what it wrote): whatever the fusion makes of them, the result is
 * the interpreter's.
 */
START_TEST(opt_div_remainder_random)
{
	static const u8 regs[] = { R0, R2, R3, R4, R5, R6, R7, R8, R9 };
	u64 x = 0x9e3779b97f4a7c15ULL;

	for (unsigned int i = 0; i < test_rounds(400); i++) {
		struct dm_regs r;
		struct bpf_insn insns[64];
		bool is64, guard, keep_q, odd;
		struct bpf_prog *fp, *ip;
		u32 mul, len;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		r = (struct dm_regs){ regs[x % 9], regs[(x >> 8) % 9], regs[(x >> 16) % 9],
				      regs[(x >> 24) % 9], regs[(x >> 32) % 9] };
		if (r.a == r.s || r.q == r.s || r.m == r.s)
			continue;	/* the divisor must survive to the multiplication */
		is64 = x >> 40 & 1;
		guard = x >> 41 & 1;
		keep_q = x >> 42 & 1;
		odd = x >> 43 & 1;
		len = divmod_prog(insns, is64, &r, guard || !odd, keep_q, odd, &mul);
		fp = opt_compile(insns, len, 0, BPF_JIT_OPT_ALL);
		ip = interp_compile(insns, len, 0);
		ck_assert(fp->jited);
		for (int k = 0; k < 4; k++) {
			u64 in[2] = { x * (k + 1) >> (k * 9), k == 0 ? 0 : (x >> (k * 17)) | (k > 2) },
			    want[CTX_SIZE / 8] = { 0 }, got[CTX_SIZE / 8] = { 0 };

			memcpy(want, in, sizeof(in));
			memcpy(got, in, sizeof(in));
			bpf_prog_run64(ip, want);
			bpf_prog_run64(fp, got);
			ck_assert_msg(!memcmp(want, got, CTX_SIZE),
				      "a R%u s R%u q R%u m R%u t R%u, %s%s%s%s: a %#llx s %#llx",
				      r.a, r.s, r.q, r.m, r.t, is64 ? "64" : "32",
				      guard ? ", guard" : "", keep_q ? ", q kept" : "",
				      odd ? ", s odd" : "", (unsigned long long)in[0],
				      (unsigned long long)in[1]);
		}
		bpf_prog_free(fp);
		bpf_prog_free(ip);
	}
}
END_TEST

/* A jump into the middle of one: not fused, and still right on both ways in. */
START_TEST(opt_div_remainder_entered)
{
	const struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_DW, R2, R1, 0),			/* a */
		BPF_LDX_MEM(BPF_DW, R3, R1, 8),			/* s */
		BPF_ALU64_IMM(BPF_OR, R3, 1),
		BPF_LDX_MEM(BPF_DW, R4, R1, 16),
		BPF_MOV64_IMM(R6, 1000),			/* q, if the jump is taken */
		BPF_JMP_IMM(BPF_JGT, R4, 5, 3),			/* to t = a */
		BPF_MOV64_REG(R6, R2),
		BPF_ALU64_REG(BPF_DIV, R6, R3),
		BPF_ALU64_REG(BPF_MUL, R6, R3),
		BPF_MOV64_REG(R7, R2),
		BPF_ALU64_REG(BPF_SUB, R7, R6),
		BPF_STX_MEM(BPF_DW, R1, R7, 24),
		BPF_MOV64_IMM(R0, 0),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog *fp = opt_compile(insns, ARRAY_SIZE(insns), 0, BPF_JIT_OPT_ALL);
	struct bpf_prog *ip = interp_compile(insns, ARRAY_SIZE(insns), 0);
	int blen;

	opt_insn_bytes(fp, 8, &blen);
	ck_assert_int_gt(blen, 0);	/* the multiplication is there */
	for (u64 c = 0; c < 10; c += 9) {
		u64 in[4] = { 123456789, 1000, c, 0 }, want[CTX_SIZE / 8] = { 0 },
		    got[CTX_SIZE / 8] = { 0 };

		memcpy(want, in, sizeof(in));
		memcpy(got, in, sizeof(in));
		bpf_prog_run64(ip, want);
		bpf_prog_run64(fp, got);
		ck_assert_uint_eq(got[3], want[3]);
		ck_assert_uint_eq(want[3], c > 5 ? 123456789 - 1000 : 123456789 % 1001);
	}
	bpf_prog_free(fp);
	bpf_prog_free(ip);
}
END_TEST

void opt_div_tests(Suite *s)
{
	TCase *tc = tcase_create("opt_div");

	ADD(tc, opt_div_constants);
	ADD(tc, opt_div_registers);
	ADD(tc, opt_div_random);
	ADD(tc, opt_div_remainder);
	ADD(tc, opt_div_remainder_entered);
	ADD(tc, opt_div_remainder_random);
	suite_add_tcase(s, tc);
}
