// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 07 tests: the bounds are sound. For random register states and
 * random values they hold, every ALU operation's result state holds the
 * value the CPU computes (adjust_scalar_min_max_vals()), and every
 * conditional jump sends the value to a side whose state holds it
 * (check_cond_jmp_op(): is_branch_taken(), reg_set_min_max()).
 *
 * These are the properties whose failure is a verifier bug of the
 * CVE class: a bound that excludes a value the program can have.
 */
#include <stdlib.h>
#include <string.h>

#include "disasm.h"
#include "verifier.h"
#include "testutil.h"

static u64 rnd64(void)
{
	return ((u64)random() << 62) ^ ((u64)random() << 31) ^ (u64)random();
}

static u64 pick(void)
{
	static const u64 edges[] = { 0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
				     0x7fffffff, 0x80000000, 0xffffffff,
				     0x100000000ULL, 0x7fffffffffffffffULL,
				     0x8000000000000000ULL, ~0ULL };

	switch (random() % 5) {
	case 0: return edges[random() % ARRAY_SIZE(edges)] + (random() % 5) - 2;
	case 1: return random() % 64;
	case 2: return (u64)(s64)(s32)rnd64();
	case 3: return rnd64() >> (random() % 64);
	default: return rnd64();
	}
}

/*
 * A scalar state holding *val: built the way the verifier builds them, by
 * a constant, or an unknown value cut by a few compares (reg_set_min_max()
 * through check_cond_jmp_op() would do the same), and sometimes narrowed
 * by its tnum.
 */
static void random_scalar(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u64 *val)
{
	u64 v = pick();

	__mark_reg_unknown(env, reg);
	*val = v;
	switch (random() % 6) {
	case 0:
		__mark_reg_known(reg, v);
		return;
	case 1: {	/* [v - a, v + b], unsigned, if it does not wrap */
		u64 a = random() % 4 ? (u64)(random() % 1000) : rnd64() >> (random() % 64);
		u64 b = random() % 4 ? (u64)(random() % 1000) : rnd64() >> (random() % 64);

		if (v >= a)
			reg->umin_value = v - a;
		if (v + b >= v)
			reg->umax_value = v + b;
		break;
	}
	case 2: {	/* signed */
		s64 a = random() % 1000, b = random() % 1000;

		/* no signed overflow: that is undefined, and the compiler
		 * would assume the test below always true
		 */
		if ((s64)v >= S64_MIN + a)
			reg->smin_value = (s64)v - a;
		if ((s64)v <= S64_MAX - b)
			reg->smax_value = (s64)v + b;
		break;
	}
	case 3: {	/* 32-bit views */
		u32 a = random() % 100, b = random() % 100;

		if ((u32)v >= a)
			reg->u32_min_value = (u32)v - a;
		if ((u32)v + b >= (u32)v)
			reg->u32_max_value = (u32)v + b;
		if ((s32)v >= S32_MIN + (s32)a)
			reg->s32_min_value = (s32)v - (s32)a;
		if ((s32)v <= S32_MAX - (s32)b)
			reg->s32_max_value = (s32)v + (s32)b;
		break;
	}
	case 4: {	/* some bits known */
		u64 mask = rnd64() & rnd64();

		reg->var_off = (struct tnum){ .value = v & ~mask, .mask = mask };
		break;
	}
	default:	/* unknown */
		break;
	}
	reg_bounds_sync(reg);
}

static bool holds(const struct bpf_reg_state *r, u64 v)
{
	return r->type == SCALAR_VALUE &&
	       (v & ~r->var_off.mask) == r->var_off.value &&
	       r->umin_value <= v && v <= r->umax_value &&
	       r->smin_value <= (s64)v && (s64)v <= r->smax_value &&
	       r->u32_min_value <= (u32)v && (u32)v <= r->u32_max_value &&
	       r->s32_min_value <= (s32)v && (s32)v <= r->s32_max_value;
}

static void dump(char *buf, size_t n, const struct bpf_reg_state *r)
{
	snprintf(buf, n, "u[%#llx, %#llx] s[%lld, %lld] u32[%#x, %#x] s32[%d, %d] (%#llx; %#llx)",
		 (unsigned long long)r->umin_value, (unsigned long long)r->umax_value,
		 (long long)r->smin_value, (long long)r->smax_value,
		 r->u32_min_value, r->u32_max_value, r->s32_min_value, r->s32_max_value,
		 (unsigned long long)r->var_off.value, (unsigned long long)r->var_off.mask);
}

/* A verifier environment holding one instruction and one state; a jump in
 * it goes one instruction forward, over the first exit.
 */
struct harness {
	struct bpf_verifier_env env;
	struct bpf_insn_aux_data aux[3];
	struct bpf_verifier_state *st;
	struct bpf_prog *prog;
};

static void harness_init(struct harness *h, const struct bpf_insn *insn, bool priv)
{
	memset(h, 0, sizeof(*h));
	h->prog = bpf_prog_alloc(bpf_prog_size(3), 0);
	ck_assert_ptr_nonnull(h->prog);
	h->prog->len = 3;
	h->prog->insnsi[0] = *insn;
	h->prog->insnsi[1] = BPF_EXIT_INSN();
	h->prog->insnsi[2] = BPF_EXIT_INSN();
	h->env.prog = h->prog;
	h->env.insn_aux_data = h->aux;
	h->env.bpf_capable = h->env.allow_ptr_leaks = priv;
	h->env.subprog_cnt = 1;
	h->st = calloc(1, sizeof(*h->st));
	h->st->frame[0] = calloc(1, sizeof(struct bpf_func_state));
	h->st->branches = 1;
	h->env.cur_state = h->st;
	init_func_state(&h->env, h->st->frame[0], -1, 0, 0);
}

static void harness_free(struct harness *h)
{
	while (h->env.head) {
		struct bpf_verifier_stack_elem *e = h->env.head;

		h->env.head = e->next;
		free_verifier_state(&e->st, false);
		free(e);
	}
	if (h->env.cur_state)
		free_verifier_state(h->env.cur_state, true);
	bpf_prog_free(h->prog);
}

static u64 alu(u8 op, bool is64, u64 d, u64 s)
{
	u32 d32 = d, s32v = s;

	if (is64) {
		switch (op) {
		case BPF_ADD: return d + s;
		case BPF_SUB: return d - s;
		case BPF_MUL: return d * s;
		case BPF_AND: return d & s;
		case BPF_OR:  return d | s;
		case BPF_XOR: return d ^ s;
		case BPF_LSH: return d << (s & 63);
		case BPF_RSH: return d >> (s & 63);
		case BPF_ARSH: return (u64)((s64)d >> (s & 63));
		}
	}
	switch (op) {
	case BPF_ADD: return (u32)(d32 + s32v);
	case BPF_SUB: return (u32)(d32 - s32v);
	case BPF_MUL: return (u32)(d32 * s32v);
	case BPF_AND: return d32 & s32v;
	case BPF_OR:  return d32 | s32v;
	case BPF_XOR: return d32 ^ s32v;
	case BPF_LSH: return (u32)(d32 << (s32v & 31));
	case BPF_RSH: return d32 >> (s32v & 31);
	case BPF_ARSH: return (u32)((s32)d32 >> (s32v & 31));
	}
	return 0;
}

START_TEST(adjust_scalar_min_max_vals_sound)
{
	static const u8 ops[] = { BPF_ADD, BPF_SUB, BPF_MUL, BPF_AND, BPF_OR, BPF_XOR,
				  BPF_LSH, BPF_RSH, BPF_ARSH };

	srandom(0xb0d5);
	for (unsigned int n = 0, rounds = test_rounds(300000); n < rounds; n++) {
		u8 op = ops[random() % ARRAY_SIZE(ops)];
		bool is64 = random() % 2, use_k = random() % 3 == 0;
		struct bpf_insn insn = use_k ?
			BPF_RAW_INSN((is64 ? BPF_ALU64 : BPF_ALU) | op | BPF_K, 1, 0, 0,
				     (s32)pick()) :
			BPF_RAW_INSN((is64 ? BPF_ALU64 : BPF_ALU) | op | BPF_X, 1, 2, 0, 0);
		struct bpf_reg_state *regs, before_d, before_s;
		u64 d, s, want;
		struct harness h;
		char a[200], b[200], c[200];
		int err;

		harness_init(&h, &insn, random() % 2);
		regs = h.st->frame[0]->regs;
		random_scalar(&h.env, &regs[1], &d);
		random_scalar(&h.env, &regs[2], &s);
		if (use_k) {
			s = (u64)(s64)insn.imm;
			__mark_reg_known(&regs[2], s);
		}
		/* shifts by as much as the width are refused (check_alu_imm)
		 * or give up the value: keep the count in range
		 */
		if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) {
			if (use_k) {
				insn.imm &= is64 ? 63 : 31;
				h.prog->insnsi[0] = insn;
				s = insn.imm;
			}
		}
		before_d = regs[1];
		before_s = regs[2];
		err = check_alu_op(&h.env, &h.prog->insnsi[0]);
		ck_assert_msg(!err, "check_alu_op: %d", err);
		want = alu(op, is64, d, s);
		if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) {
			if ((s & (is64 ? 63 : 31)) != s) {	/* CPU masks, BPF is undefined */
				harness_free(&h);
				continue;
			}
		}
		dump(a, sizeof(a), &before_d);
		dump(b, sizeof(b), &before_s);
		dump(c, sizeof(c), &regs[1]);
		ck_assert_msg(holds(&regs[1], want),
			      "#%d: %s%s %#llx %#llx (%s) = %#llx not in the result\n"
			      "  dst %s\n  src %s\n  res %s", n, is64 ? "" : "32-bit ",
			      bpf_alu_string[op >> 4], (unsigned long long)d, (unsigned long long)s,
			      use_k ? "K" : "X", (unsigned long long)want, a, b, c);
		harness_free(&h);
	}
}
END_TEST

static bool jmp(u8 op, bool is64, u64 d, u64 s)
{
	if (!is64) {
		d = (u32)d;
		s = (u32)s;
		switch (op) {
		case BPF_JSGT: return (s32)d > (s32)s;
		case BPF_JSGE: return (s32)d >= (s32)s;
		case BPF_JSLT: return (s32)d < (s32)s;
		case BPF_JSLE: return (s32)d <= (s32)s;
		}
	}
	switch (op) {
	case BPF_JEQ: return d == s;
	case BPF_JNE: return d != s;
	case BPF_JGT: return d > s;
	case BPF_JGE: return d >= s;
	case BPF_JLT: return d < s;
	case BPF_JLE: return d <= s;
	case BPF_JSET: return d & s;
	case BPF_JSGT: return (s64)d > (s64)s;
	case BPF_JSGE: return (s64)d >= (s64)s;
	case BPF_JSLT: return (s64)d < (s64)s;
	case BPF_JSLE: return (s64)d <= (s64)s;
	}
	return false;
}

START_TEST(check_cond_jmp_op_sound)
{
	static const u8 ops[] = { BPF_JEQ, BPF_JNE, BPF_JGT, BPF_JGE, BPF_JLT, BPF_JLE,
				  BPF_JSET, BPF_JSGT, BPF_JSGE, BPF_JSLT, BPF_JSLE };

	srandom(0x1b7);
	for (unsigned int n = 0, rounds = test_rounds(300000); n < rounds; n++) {
		u8 op = ops[random() % ARRAY_SIZE(ops)];
		bool is64 = random() % 2, use_k = random() % 2;
		struct bpf_insn insn = use_k ?
			BPF_RAW_INSN((is64 ? BPF_JMP : BPF_JMP32) | op | BPF_K, 1, 0, 1,
				     (s32)pick()) :
			BPF_RAW_INSN((is64 ? BPF_JMP : BPF_JMP32) | op | BPF_X, 1, 2, 1, 0);
		struct bpf_reg_state *regs, before_d, before_s;
		const struct bpf_reg_state *taken_d, *taken_s;
		struct bpf_verifier_state *fall, *jump;
		int idx = 0, err;
		bool taken;
		u64 d, s;
		struct harness h;
		char a[200], b[200], c[200];

		harness_init(&h, &insn, random() % 2);
		regs = h.st->frame[0]->regs;
		random_scalar(&h.env, &regs[1], &d);
		random_scalar(&h.env, &regs[2], &s);
		if (random() % 3 == 0) {	/* a copy: learned bounds shared */
			regs[2] = regs[1];
			regs[2].id = regs[1].id = 42;
			h.env.id_gen = 42;
			s = d;
		}
		if (use_k)
			s = (u64)(s64)insn.imm;
		before_d = regs[1];
		before_s = regs[2];
		err = check_cond_jmp_op(&h.env, &h.prog->insnsi[0], &idx);
		ck_assert_msg(!err, "check_cond_jmp_op: %d", err);
		taken = jmp(op, is64, d, s);
		fall = h.env.cur_state;
		jump = h.env.head ? &h.env.head->st : NULL;
		if (!jump) {
			/* decided: the side followed must be the CPU's */
			ck_assert_msg((idx == insn.off) == taken,
				      "#%d: %s%s decided %s, CPU goes %s (d %#llx s %#llx)", n,
				      is64 ? "" : "32-bit ", bpf_jmp_string[op >> 4], idx == insn.off ? "taken" : "not taken",
				      taken ? "taken" : "not taken", (unsigned long long)d,
				      (unsigned long long)s);
			taken_d = &fall->frame[0]->regs[1];
			taken_s = &fall->frame[0]->regs[2];
		} else {
			const struct bpf_verifier_state *st = taken ? jump : fall;

			taken_d = &st->frame[0]->regs[1];
			taken_s = &st->frame[0]->regs[2];
		}
		dump(a, sizeof(a), &before_d);
		dump(b, sizeof(b), &before_s);
		dump(c, sizeof(c), taken_d);
		ck_assert_msg(holds(taken_d, d),
			      "#%d: %s%s %#llx vs %#llx (%s), %s: dst no longer holds it\n"
			      "  dst %s\n  src %s\n  now %s", n, is64 ? "" : "32-bit ",
			      bpf_jmp_string[op >> 4], (unsigned long long)d,
			      (unsigned long long)s, use_k ? "K" : "X",
			      taken ? "taken" : "not taken", a, b, c);
		if (!use_k) {
			dump(c, sizeof(c), taken_s);
			ck_assert_msg(holds(taken_s, s),
				      "#%d: %s%s %#llx vs %#llx, %s: src no longer holds it\n"
				      "  dst %s\n  src %s\n  now %s", n, is64 ? "" : "32-bit ",
				      bpf_jmp_string[op >> 4], (unsigned long long)d,
				      (unsigned long long)s, taken ? "taken" : "not taken", a, b, c);
		}
		harness_free(&h);
	}
}
END_TEST

void add_bounds_tests(Suite *s)
{
	TCase *tc = tcase_create("bounds");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, adjust_scalar_min_max_vals_sound);
	tcase_add_test(tc, check_cond_jmp_op_sound);
	suite_add_tcase(s, tc);
}
