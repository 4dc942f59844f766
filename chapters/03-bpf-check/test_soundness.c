// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 03 tests: holes a verifier must not have. Each case is a program
 * the verifier once proved something wrong about; a wrong proof is worse
 * than a refusal, because the JIT then runs the program with no check.
 *
 * - coerce_reg_to_size_sx(): a sign-extending load (BPF_MEMSX) gives a
 *   signed range, never the zero-extended one.
 * - is_branch_taken(): only a pointer type the kernel lists as never NULL
 *   decides `if ptr == 0`; the stack pointer and the context do not.
 *
 * The abstract operations are also checked as properties: for random
 * register states and random values they contain, the result's bounds and
 * tnum contain the value the CPU computes.
 */
#include <stdlib.h>

#include "internal.h"
#include "disasm.h"
#include "tests.h"

#define R0 BPF_REG_0
#define R1 BPF_REG_1
#define R2 BPF_REG_2
#define R9 BPF_REG_9
#define R10 BPF_REG_10

/* Load privileged (dead code is removed) as `type`; returns the fd. */
static int load_ok(const struct bpf_insn *insns, u32 len, enum bpf_prog_type type)
{
	struct load_opts o = { .prog_type = type, .log_level = 2 };
	int fd = load_prog(insns, len, &o);

	ck_assert_msg(fd >= 0, "expected accepted, got %d (%s)\nlog:\n%s",
		      fd, errno_name(fd), test_log);
	return fd;
}

static bool xlated_has(int fd, const struct bpf_insn *want)
{
	const struct bpf_prog *p = prog_of(fd);

	for (u32 i = 0; i < p->len; i++)
		if (!memcmp(&p->insnsi[i], want, sizeof(*want)))
			return true;
	return false;
}

/* ---- coerce_reg_to_size_sx: through the walk ----------------------------- */

START_TEST(memsx_minimal)
{
	/*
	 * The byte at fp-8 is 0xff, so r9 = (s8)0xff = -1, which as a u64 is
	 * far above 256: the jump is not taken and r0 = 1 (the live kernel
	 * says 1). A zero-extending view believes r9 is in [0, 255], decides
	 * the jump is always taken, and removes `r0 = 1` as dead code.
	 */
	const struct bpf_insn prog[] = {
		BPF_MOV64_IMM(R1, 0xff),
		BPF_STX_MEM(BPF_B, R10, R1, -8),
		BPF_LDX_MEMSX(BPF_B, R9, R10, -8),
		BPF_MOV64_IMM(R0, 0),
		BPF_JMP_IMM(BPF_JLE, R9, 0x100, 1),
		BPF_MOV64_IMM(R0, 1),
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn r0_is_1 = BPF_MOV64_IMM(R0, 1);
	int fd = load_ok(prog, ARRAY_SIZE(prog), 0);

	ck_assert_msg(xlated_has(fd, &r0_is_1),
		      "`r0 = 1` was removed as dead code: the s8 load was given unsigned bounds\n%s",
		      test_log);
	ck_assert_msg(strstr(test_log, "R9_w=inv(id=0,smin_value=-128,smax_value=127)"),
		      "the s8 load's bounds are not [-128, 127]:\n%s", test_log);
	close_fd(fd);
}
END_TEST

/* After `call ktime_get_ns; *(u64 *)(fp-8) = r0; r1 = *(sN *)(fp-8)`,
 * what the log says of r1, and which compares the bounds decide.
 */
static const struct {
	int size;
	const char *state;
	s32 below, above;	/* r1 s< below and r1 s> above are never true */
} sx_sizes[] = {
	{ BPF_B, "R1_w=inv(id=0,smin_value=-128,smax_value=127)", -128, 127 },
	{ BPF_H, "R1_w=inv(id=0,smin_value=-32768,smax_value=32767)", -32768, 32767 },
	{ BPF_W, "R1_w=inv(id=0,smin_value=-2147483648,smax_value=2147483647)",
	  S32_MIN, S32_MAX },
};

START_TEST(memsx_bounds_per_size)
{
	int i = _i;
	const struct bpf_insn prog[] = {
		BPF_CALL_HELPER(BPF_FUNC_ktime_get_ns),
		BPF_STX_MEM(BPF_DW, R10, R0, -8),
		BPF_LDX_MEMSX(sx_sizes[i].size, R1, R10, -8),
		BPF_MOV64_IMM(R0, 0),
		/* decided: never taken, so the next insn is dead */
		BPF_JMP_IMM(BPF_JSGT, R1, sx_sizes[i].above, 1),
		BPF_JMP_IMM(BPF_JSGE, R1, sx_sizes[i].below, 1),
		BPF_MOV64_IMM(R0, 7),		/* dead */
		/* not decided: r1 may be negative, a huge u64 */
		BPF_JMP_IMM(BPF_JGT, R1, sx_sizes[i].above, 1),
		BPF_MOV64_IMM(R0, 2),
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn dead = BPF_MOV64_IMM(R0, 7), live = BPF_MOV64_IMM(R0, 2);
	int fd = load_ok(prog, ARRAY_SIZE(prog), 0);

	ck_assert_msg(strstr(test_log, sx_sizes[i].state), "(s%d) load: log lacks \"%s\":\n%s",
		      8 * bpf_size_to_bytes(sx_sizes[i].size), sx_sizes[i].state, test_log);
	ck_assert_msg(!xlated_has(fd, &dead), "(s%d) load: bounds too wide to decide s</s>",
		      8 * bpf_size_to_bytes(sx_sizes[i].size));
	ck_assert_msg(xlated_has(fd, &live), "(s%d) load: `r1 > max` decided: unsound",
		      8 * bpf_size_to_bytes(sx_sizes[i].size));
	close_fd(fd);
}
END_TEST

START_TEST(memsx_exploit_refused)
{
	/*
	 * The shape that turned the wrong bound into a stack write anywhere:
	 * with r0 believed in [255, 255] after the branch, r0 * 0x100000 -
	 * 0x0ff00008 looks like the constant -8; really it is unbounded.
	 */
	const struct bpf_insn prog[] = {
		BPF_MOV64_IMM(R1, 0xff),
		BPF_STX_MEM(BPF_B, R10, R1, -8),
		BPF_LDX_MEMSX(BPF_B, R0, R10, -8),
		BPF_JMP_IMM(BPF_JGT, R0, 254, 1),
		BPF_EXIT_INSN(),
		BPF_ALU64_IMM(BPF_MUL, R0, 0x100000),
		BPF_ALU64_IMM(BPF_SUB, R0, 0x0ff00008),
		BPF_MOV64_REG(R1, R10),
		BPF_ALU64_REG(BPF_ADD, R1, R0),
		BPF_MOV64_IMM(R2, 0),
		BPF_STX_MEM(BPF_DW, R1, R2, 0),
		BPF_MOV64_IMM(R0, 0),
		BPF_EXIT_INSN(),
	};
	struct load_opts priv = { 0 }, unpriv = { .caps = 1ULL << 63 };
	int fd;

	fd = load_prog(prog, ARRAY_SIZE(prog), &priv);
	ck_assert_msg(fd == -EINVAL && strstr(test_log, "math between fp pointer and register "
					     "with unbounded min value is not allowed"),
		      "privileged: expected -EINVAL, got %d\n%s", fd, test_log);
	fd = load_prog(prog, ARRAY_SIZE(prog), &unpriv);
	set_current_caps(CAP_ALL);
	ck_assert_msg(fd < 0, "unprivileged: expected a refusal, got %d\n%s", fd, test_log);
}
END_TEST

/* ---- coerce_reg_to_size(_sx): as properties ------------------------------ */

static u64 rnd64(void)
{
	return ((u64)random() << 62) ^ ((u64)random() << 31) ^ (u64)random();
}

/* A random interesting u64: near 0, near a sign bit, or anything. */
static u64 pick(void)
{
	static const u64 edges[] = { 0, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
				     0x7fffffff, 0x80000000, 0xffffffff,
				     0x100000000ULL, 0x7fffffffffffffffULL,
				     0x8000000000000000ULL, ~0ULL };

	switch (random() % 4) {
	case 0: return edges[random() % ARRAY_SIZE(edges)] + (random() % 5) - 2;
	case 1: return random() % 512;
	case 2: return rnd64() >> (random() % 64);
	default: return rnd64();
	}
}

/* A register holding some value in [lo, hi] (unsigned), and that value. */
static void random_reg(struct bpf_reg_state *reg, u64 *val)
{
	u64 a = pick(), b = random() % 3 ? a + (rnd64() >> (random() % 64)) : a;
	u64 lo = a < b ? a : b, hi = a < b ? b : a;

	__mark_reg_unknown(NULL, reg);
	reg->umin_value = lo;
	reg->umax_value = hi;
	if ((s64)lo <= (s64)hi) {	/* no sign change inside */
		reg->smin_value = (s64)lo;
		reg->smax_value = (s64)hi;
	}
	reg->var_off = tnum_range(lo, hi);
	if (lo == hi)
		__mark_reg_known(reg, lo);
	*val = hi - lo == U64_MAX ? rnd64() : lo + rnd64() % (hi - lo + 1);
}

static bool contains(const struct bpf_reg_state *r, u64 v)
{
	return (v & ~r->var_off.mask) == r->var_off.value &&
	       r->umin_value <= v && v <= r->umax_value &&
	       r->smin_value <= (s64)v && (s64)v <= r->smax_value;
}

START_TEST(coerce_reg_to_size_properties)
{
	static const int sizes[] = { 1, 2, 4 };

	srandom(0x5eed);
	for (int n = 0; n < 200000; n++) {
		int size = sizes[n % 3], shift = 64 - size * 8;
		struct bpf_reg_state in, zx, sx;
		u64 v, want_zx, want_sx;

		random_reg(&in, &v);
		want_zx = v & (~0ULL >> shift);
		want_sx = (u64)((s64)(v << shift) >> shift);
		zx = sx = in;
		coerce_reg_to_size(&zx, size);
		coerce_reg_to_size_sx(&sx, size);
		ck_assert_msg(contains(&zx, want_zx),
			      "zero-extend %d of %#llx (in [%#llx, %#llx]) = %#llx, outside the result",
			      size, (unsigned long long)v, (unsigned long long)in.umin_value,
			      (unsigned long long)in.umax_value, (unsigned long long)want_zx);
		ck_assert_msg(contains(&sx, want_sx),
			      "sign-extend %d of %#llx (in [%#llx, %#llx]) = %#llx, outside "
			      "s[%lld, %lld] u[%#llx, %#llx] tnum (%#llx; %#llx)",
			      size, (unsigned long long)v, (unsigned long long)in.umin_value,
			      (unsigned long long)in.umax_value, (unsigned long long)want_sx,
			      (long long)sx.smin_value, (long long)sx.smax_value,
			      (unsigned long long)sx.umin_value, (unsigned long long)sx.umax_value,
			      (unsigned long long)sx.var_off.value,
			      (unsigned long long)sx.var_off.mask);
	}
}
END_TEST

START_TEST(coerce_reg_to_size_sx_tight)
{
	/* Tight where the answer is clear: the known and the one-signed cases. */
	struct bpf_reg_state r;

	__mark_reg_known(&r, 0x80);
	coerce_reg_to_size_sx(&r, 1);
	ck_assert(tnum_is_const(r.var_off) && r.var_off.value == (u64)-128);

	__mark_reg_unknown(NULL, &r);
	r.umin_value = 0x1f0;		/* low byte 0xf0 .. 0xfe: -16 .. -2 */
	r.umax_value = 0x1fe;
	r.smin_value = 0x1f0;
	r.smax_value = 0x1fe;
	r.var_off = tnum_range(0x1f0, 0x1fe);
	coerce_reg_to_size_sx(&r, 1);
	ck_assert_int_eq(r.smin_value, -16);
	ck_assert_int_eq(r.smax_value, -2);
	ck_assert(r.umin_value == (u64)-16 && r.umax_value == (u64)-2);

	__mark_reg_unknown(NULL, &r);
	coerce_reg_to_size_sx(&r, 2);
	ck_assert_int_eq(r.smin_value, S16_MIN);
	ck_assert_int_eq(r.smax_value, S16_MAX);
	ck_assert(r.umin_value == 0 && r.umax_value == U64_MAX);
}
END_TEST

/* ---- is_branch_taken: pointers against 0 --------------------------------- */

START_TEST(is_branch_taken_ctx_may_be_null)
{
	/* v5.8 does not decide `ctx != 0`: both sides are walked, none is dead. */
	const struct bpf_insn prog[] = {
		BPF_MOV64_IMM(R0, 0),
		BPF_JMP_IMM(BPF_JNE, R1, 0, 1),
		BPF_MOV64_IMM(R0, 1),
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn r0_is_1 = BPF_MOV64_IMM(R0, 1);
	int fd = load_ok(prog, ARRAY_SIZE(prog), BPF_PROG_TYPE_RAW_TRACEPOINT);

	ck_assert_msg(xlated_has(fd, &r0_is_1), "`if ctx != 0` was decided:\n%s", test_log);
	close_fd(fd);
}
END_TEST

START_TEST(is_branch_taken_fp_not_decided)
{
	const struct bpf_insn prog[] = {
		BPF_MOV64_REG(R2, R10),
		BPF_MOV64_IMM(R0, 0),
		BPF_JMP_IMM(BPF_JEQ, R2, 0, 1),
		BPF_MOV64_IMM(R0, 1),
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn r0_is_1 = BPF_MOV64_IMM(R0, 1);
	int fd = load_ok(prog, ARRAY_SIZE(prog), 0);

	ck_assert_msg(xlated_has(fd, &r0_is_1), "`if fp == 0` was decided:\n%s", test_log);
	ck_assert_int_eq(prog_of(fd)->len, ARRAY_SIZE(prog));
	close_fd(fd);
}
END_TEST

START_TEST(is_branch_taken_ctx_in_subprog)
{
	/*
	 * The subprogram is called twice: with r1 = ctx and r2 = a scalar,
	 * then with r1 = 0 and r2 = a stack pointer. Its store through r2 is
	 * fine in the second state only. A verifier that decides `ctx == 0`
	 * as never true checks the store in the second state only, and a
	 * raw tracepoint run with no context (r1 = NULL) then stores through
	 * the scalar 0x4141 in the first call.
	 */
	const struct bpf_insn prog[] = {
		BPF_MOV64_IMM(R2, 0x4141),
		BPF_CALL_REL(5),
		BPF_MOV64_IMM(R1, 0),
		BPF_MOV64_REG(R2, R10),
		BPF_ALU64_IMM(BPF_ADD, R2, -8),
		BPF_CALL_REL(1),
		BPF_EXIT_INSN(),
		/* subprogram */
		BPF_MOV64_IMM(R0, 0),
		BPF_JMP_IMM(BPF_JNE, R1, 0, 1),
		BPF_ST_MEM(BPF_DW, R2, 0, 1),
		BPF_EXIT_INSN(),
	};
	struct load_opts o = { .prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT };
	int fd = load_prog(prog, ARRAY_SIZE(prog), &o);

	ck_assert_msg(fd == -EACCES, "expected -EACCES, got %d\n%s", fd, test_log);
	ck_assert_msg(strstr(test_log, "R2 invalid mem access 'inv'"), "log:\n%s", test_log);
}
END_TEST

/* ---- check_path_stack_depth: refused as soon as the path is too deep ---- */

START_TEST(check_path_stack_depth_at_the_store)
{
	/*
	 * main 256 calls f, f stores at fp-8 (32) and then at fp-264 (288):
	 * 256 + 288 = 544 > 512. check_max_stack_depth() would say so after
	 * the walk; the walk says it at the store, and carries no deeper
	 * frames meanwhile.
	 */
	const struct bpf_insn prog[] = {
		BPF_ST_MEM(BPF_DW, R10, -256, 0),
		BPF_CALL_REL(2),
		BPF_MOV64_IMM(R0, 0),
		BPF_EXIT_INSN(),
		BPF_ST_MEM(BPF_DW, R10, -8, 0),
		BPF_ST_MEM(BPF_DW, R10, -264, 0),
		BPF_MOV64_IMM(R0, 0),
		BPF_EXIT_INSN(),
	};
	static const char *const want =
		"5: (7a) *(u64 *)(r10 -264) = 0\n"
		"combined stack size of 2 calls is 544. Too large\n";
	struct load_opts o = { 0 };
	int fd = load_prog(prog, ARRAY_SIZE(prog), &o);

	ck_assert_msg(fd == -EACCES, "expected -EACCES, got %d\n%s", fd, test_log);
	ck_assert_msg(strstr(test_log, want), "log lacks \"%s\":\n%s", want, test_log);
}
END_TEST

void add_soundness_tests(Suite *s)
{
	TCase *tc = tcase_create("coerce_reg_to_size_sx");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, memsx_minimal);
	tcase_add_loop_test(tc, memsx_bounds_per_size, 0, ARRAY_SIZE(sx_sizes));
	tcase_add_test(tc, memsx_exploit_refused);
	tcase_add_test(tc, coerce_reg_to_size_properties);
	tcase_add_test(tc, coerce_reg_to_size_sx_tight);
	suite_add_tcase(s, tc);

	tc = tcase_create("check_path_stack_depth");
	tcase_add_test(tc, check_path_stack_depth_at_the_store);
	suite_add_tcase(s, tc);

	tc = tcase_create("is_branch_taken");
	tcase_add_test(tc, is_branch_taken_ctx_may_be_null);
	tcase_add_test(tc, is_branch_taken_fp_not_decided);
	tcase_add_test(tc, is_branch_taken_ctx_in_subprog);
	suite_add_tcase(s, tc);
}
