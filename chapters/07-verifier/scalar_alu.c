// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: scalar{,32}_min_max_{add,sub,mul,and,or,
 * xor,lsh,rsh,arsh}() and adjust_scalar_min_max_vals(), Linux v5.8 (the
 * 32-bit bounds of v5.7, XOR's of 5.10); written afresh.
 *
 * What an ALU instruction does to the bounds of a scalar. Each operation
 * is done twice, once on the 64-bit view and once on the 32-bit one,
 * because a program may well compute in one width and compare in the
 * other; the tnum is computed once. The rule throughout: if the operation
 * may overflow the bounds, they are given up (and the tnum, and then
 * reg_bounds_sync(), recover what they can).
 */
#include "verifier.h"

static bool signed_add_overflows(s64 a, s64 b)
{
	s64 res;

	return __builtin_add_overflow(a, b, &res);
}

static bool signed_add32_overflows(s32 a, s32 b)
{
	s32 res;

	return __builtin_add_overflow(a, b, &res);
}

static bool signed_sub_overflows(s64 a, s64 b)
{
	s64 res;

	return __builtin_sub_overflow(a, b, &res);
}

static bool signed_sub32_overflows(s32 a, s32 b)
{
	s32 res;

	return __builtin_sub_overflow(a, b, &res);
}

/* [a, b] + [c, d] = [a + c, b + d], unless an end overflows. */
static void scalar32_min_max_add(struct bpf_reg_state *dst_reg,
				 const struct bpf_reg_state *src_reg)
{
	s32 smin_val = src_reg->s32_min_value, smax_val = src_reg->s32_max_value;
	u32 umin_val = src_reg->u32_min_value, umax_val = src_reg->u32_max_value;

	if (signed_add32_overflows(dst_reg->s32_min_value, smin_val) ||
	    signed_add32_overflows(dst_reg->s32_max_value, smax_val)) {
		dst_reg->s32_min_value = S32_MIN;
		dst_reg->s32_max_value = S32_MAX;
	} else {
		dst_reg->s32_min_value += smin_val;
		dst_reg->s32_max_value += smax_val;
	}
	if ((u32)(dst_reg->u32_min_value + umin_val) < umin_val ||
	    (u32)(dst_reg->u32_max_value + umax_val) < umax_val) {
		dst_reg->u32_min_value = 0;
		dst_reg->u32_max_value = U32_MAX;
	} else {
		dst_reg->u32_min_value += umin_val;
		dst_reg->u32_max_value += umax_val;
	}
}

static void scalar_min_max_add(struct bpf_reg_state *dst_reg,
			       const struct bpf_reg_state *src_reg)
{
	s64 smin_val = src_reg->smin_value, smax_val = src_reg->smax_value;
	u64 umin_val = src_reg->umin_value, umax_val = src_reg->umax_value;

	if (signed_add_overflows(dst_reg->smin_value, smin_val) ||
	    signed_add_overflows(dst_reg->smax_value, smax_val)) {
		dst_reg->smin_value = S64_MIN;
		dst_reg->smax_value = S64_MAX;
	} else {
		dst_reg->smin_value += smin_val;
		dst_reg->smax_value += smax_val;
	}
	if (dst_reg->umin_value + umin_val < umin_val ||
	    dst_reg->umax_value + umax_val < umax_val) {
		dst_reg->umin_value = 0;
		dst_reg->umax_value = U64_MAX;
	} else {
		dst_reg->umin_value += umin_val;
		dst_reg->umax_value += umax_val;
	}
}

/* [a, b] - [c, d] = [a - d, b - c], unless an end overflows. */
static void scalar32_min_max_sub(struct bpf_reg_state *dst_reg,
				 const struct bpf_reg_state *src_reg)
{
	s32 smin_val = src_reg->s32_min_value, smax_val = src_reg->s32_max_value;
	u32 umin_val = src_reg->u32_min_value, umax_val = src_reg->u32_max_value;

	if (signed_sub32_overflows(dst_reg->s32_min_value, smax_val) ||
	    signed_sub32_overflows(dst_reg->s32_max_value, smin_val)) {
		dst_reg->s32_min_value = S32_MIN;
		dst_reg->s32_max_value = S32_MAX;
	} else {
		dst_reg->s32_min_value -= smax_val;
		dst_reg->s32_max_value -= smin_val;
	}
	if (dst_reg->u32_min_value < umax_val) {
		/* may go below zero: wraps */
		dst_reg->u32_min_value = 0;
		dst_reg->u32_max_value = U32_MAX;
	} else {
		dst_reg->u32_min_value -= umax_val;
		dst_reg->u32_max_value -= umin_val;
	}
}

static void scalar_min_max_sub(struct bpf_reg_state *dst_reg,
			       const struct bpf_reg_state *src_reg)
{
	s64 smin_val = src_reg->smin_value, smax_val = src_reg->smax_value;
	u64 umin_val = src_reg->umin_value, umax_val = src_reg->umax_value;

	if (signed_sub_overflows(dst_reg->smin_value, smax_val) ||
	    signed_sub_overflows(dst_reg->smax_value, smin_val)) {
		dst_reg->smin_value = S64_MIN;
		dst_reg->smax_value = S64_MAX;
	} else {
		dst_reg->smin_value -= smax_val;
		dst_reg->smax_value -= smin_val;
	}
	if (dst_reg->umin_value < umax_val) {
		dst_reg->umin_value = 0;
		dst_reg->umax_value = U64_MAX;
	} else {
		dst_reg->umin_value -= umax_val;
		dst_reg->umax_value -= umin_val;
	}
}

/*
 * Multiplication is followed only for non-negative operands small enough
 * that the product of the maxima cannot overflow (16 bits each for the
 * 32-bit view, 32 for the 64-bit one).
 */
static void scalar32_min_max_mul(struct bpf_reg_state *dst_reg,
				 const struct bpf_reg_state *src_reg)
{
	u32 umin_val = src_reg->u32_min_value, umax_val = src_reg->u32_max_value;

	if (src_reg->s32_min_value < 0 || dst_reg->s32_min_value < 0 ||
	    umax_val > U16_MAX || dst_reg->u32_max_value > U16_MAX) {
		__mark_reg32_unbounded(dst_reg);
		return;
	}
	dst_reg->u32_min_value *= umin_val;
	dst_reg->u32_max_value *= umax_val;
	if (dst_reg->u32_max_value > S32_MAX) {
		dst_reg->s32_min_value = S32_MIN;
		dst_reg->s32_max_value = S32_MAX;
	} else {
		dst_reg->s32_min_value = dst_reg->u32_min_value;
		dst_reg->s32_max_value = dst_reg->u32_max_value;
	}
}

static void scalar_min_max_mul(struct bpf_reg_state *dst_reg,
			       const struct bpf_reg_state *src_reg)
{
	u64 umin_val = src_reg->umin_value, umax_val = src_reg->umax_value;

	if (src_reg->smin_value < 0 || dst_reg->smin_value < 0 ||
	    umax_val > U32_MAX || dst_reg->umax_value > U32_MAX) {
		__mark_reg64_unbounded(dst_reg);
		return;
	}
	dst_reg->umin_value *= umin_val;
	dst_reg->umax_value *= umax_val;
	if (dst_reg->umax_value > S64_MAX) {
		dst_reg->smin_value = S64_MIN;
		dst_reg->smax_value = S64_MAX;
	} else {
		dst_reg->smin_value = dst_reg->umin_value;
		dst_reg->smax_value = dst_reg->umax_value;
	}
}

/*
 * AND: the known 1 bits of the result (var_off.value, computed before
 * these run) are its minimum; it is at most the smaller maximum. Signed
 * bounds survive only for two non-negative operands.
 */
static void scalar32_min_max_and(struct bpf_reg_state *dst_reg,
				 const struct bpf_reg_state *src_reg)
{
	bool src_known = tnum_subreg_is_const(src_reg->var_off);
	bool dst_known = tnum_subreg_is_const(dst_reg->var_off);
	struct tnum var32_off = tnum_subreg(dst_reg->var_off);

	if (src_known && dst_known) {
		__mark_reg32_known(dst_reg, var32_off.value);
		return;
	}
	dst_reg->u32_min_value = var32_off.value;
	dst_reg->u32_max_value = min(dst_reg->u32_max_value, src_reg->u32_max_value);
	if (dst_reg->s32_min_value < 0 || src_reg->s32_min_value < 0) {
		dst_reg->s32_min_value = S32_MIN;
		dst_reg->s32_max_value = S32_MAX;
	} else {
		dst_reg->s32_min_value = dst_reg->u32_min_value;
		dst_reg->s32_max_value = dst_reg->u32_max_value;
	}
}

static void scalar_min_max_and(struct bpf_reg_state *dst_reg,
			       const struct bpf_reg_state *src_reg)
{
	bool src_known = tnum_is_const(src_reg->var_off);
	bool dst_known = tnum_is_const(dst_reg->var_off);

	if (src_known && dst_known) {
		__mark_reg_known(dst_reg, dst_reg->var_off.value);
		return;
	}
	dst_reg->umin_value = dst_reg->var_off.value;
	dst_reg->umax_value = min(dst_reg->umax_value, src_reg->umax_value);
	if (dst_reg->smin_value < 0 || src_reg->smin_value < 0) {
		dst_reg->smin_value = S64_MIN;
		dst_reg->smax_value = S64_MAX;
	} else {
		dst_reg->smin_value = dst_reg->umin_value;
		dst_reg->smax_value = dst_reg->umax_value;
	}
	/* We may learn something more from the var_off */
	__update_reg_bounds(dst_reg);
}

/* OR: at least the larger minimum, at most every possible bit set. */
static void scalar32_min_max_or(struct bpf_reg_state *dst_reg,
				const struct bpf_reg_state *src_reg)
{
	bool src_known = tnum_subreg_is_const(src_reg->var_off);
	bool dst_known = tnum_subreg_is_const(dst_reg->var_off);
	struct tnum var32_off = tnum_subreg(dst_reg->var_off);

	if (src_known && dst_known) {
		__mark_reg32_known(dst_reg, var32_off.value);
		return;
	}
	dst_reg->u32_min_value = max(dst_reg->u32_min_value, src_reg->u32_min_value);
	dst_reg->u32_max_value = var32_off.value | var32_off.mask;
	if (dst_reg->s32_min_value < 0 || src_reg->s32_min_value < 0) {
		dst_reg->s32_min_value = S32_MIN;
		dst_reg->s32_max_value = S32_MAX;
	} else {
		dst_reg->s32_min_value = dst_reg->u32_min_value;
		dst_reg->s32_max_value = dst_reg->u32_max_value;
	}
}

static void scalar_min_max_or(struct bpf_reg_state *dst_reg,
			      const struct bpf_reg_state *src_reg)
{
	bool src_known = tnum_is_const(src_reg->var_off);
	bool dst_known = tnum_is_const(dst_reg->var_off);

	if (src_known && dst_known) {
		__mark_reg_known(dst_reg, dst_reg->var_off.value);
		return;
	}
	dst_reg->umin_value = max(dst_reg->umin_value, src_reg->umin_value);
	dst_reg->umax_value = dst_reg->var_off.value | dst_reg->var_off.mask;
	if (dst_reg->smin_value < 0 || src_reg->smin_value < 0) {
		dst_reg->smin_value = S64_MIN;
		dst_reg->smax_value = S64_MAX;
	} else {
		dst_reg->smin_value = dst_reg->umin_value;
		dst_reg->smax_value = dst_reg->umax_value;
	}
	__update_reg_bounds(dst_reg);
}

/* XOR (Linux 5.10; v5.8 gave up on it): only the tnum says anything. */
static void scalar32_min_max_xor(struct bpf_reg_state *dst_reg,
				 const struct bpf_reg_state *src_reg)
{
	bool src_known = tnum_subreg_is_const(src_reg->var_off);
	bool dst_known = tnum_subreg_is_const(dst_reg->var_off);
	struct tnum var32_off = tnum_subreg(dst_reg->var_off);

	if (src_known && dst_known) {
		__mark_reg32_known(dst_reg, var32_off.value);
		return;
	}
	dst_reg->u32_min_value = var32_off.value;
	dst_reg->u32_max_value = var32_off.value | var32_off.mask;
	if (dst_reg->s32_min_value >= 0 && src_reg->s32_min_value >= 0) {
		dst_reg->s32_min_value = dst_reg->u32_min_value;
		dst_reg->s32_max_value = dst_reg->u32_max_value;
	} else {
		dst_reg->s32_min_value = S32_MIN;
		dst_reg->s32_max_value = S32_MAX;
	}
}

static void scalar_min_max_xor(struct bpf_reg_state *dst_reg,
			       const struct bpf_reg_state *src_reg)
{
	bool src_known = tnum_is_const(src_reg->var_off);
	bool dst_known = tnum_is_const(dst_reg->var_off);

	if (src_known && dst_known) {
		__mark_reg_known(dst_reg, dst_reg->var_off.value);
		return;
	}
	dst_reg->umin_value = dst_reg->var_off.value;
	dst_reg->umax_value = dst_reg->var_off.value | dst_reg->var_off.mask;
	if (dst_reg->smin_value >= 0 && src_reg->smin_value >= 0) {
		dst_reg->smin_value = dst_reg->umin_value;
		dst_reg->smax_value = dst_reg->umax_value;
	} else {
		dst_reg->smin_value = S64_MIN;
		dst_reg->smax_value = S64_MAX;
	}
	__update_reg_bounds(dst_reg);
}

/*
 * Left shifts: the unsigned range scales unless the top bit may be shifted
 * out; the signed range is lost, but for the compilers' `<< 32` (then
 * `s>> 32`, a sign extension of the low half), where the low half's signed
 * bounds become the high half's.
 */
static void __scalar32_min_max_lsh(struct bpf_reg_state *dst_reg,
				   u64 umin_val, u64 umax_val)
{
	dst_reg->s32_min_value = S32_MIN;
	dst_reg->s32_max_value = S32_MAX;
	if (umax_val > 31 || dst_reg->u32_max_value > 1ULL << (31 - umax_val)) {
		dst_reg->u32_min_value = 0;
		dst_reg->u32_max_value = U32_MAX;
	} else {
		dst_reg->u32_min_value <<= umin_val;
		dst_reg->u32_max_value <<= umax_val;
	}
}

static void scalar32_min_max_lsh(struct bpf_reg_state *dst_reg,
				 const struct bpf_reg_state *src_reg)
{
	struct tnum subreg = tnum_subreg(dst_reg->var_off);
	u32 umin_val = src_reg->u32_min_value;

	__scalar32_min_max_lsh(dst_reg, umin_val, src_reg->u32_max_value);
	dst_reg->var_off = tnum_subreg(tnum_lshift(subreg, umin_val));
	/* the 64-bit view comes back from the tnum and the zero-extension */
	__mark_reg64_unbounded(dst_reg);
	__update_reg_bounds(dst_reg);
}

static void __scalar64_min_max_lsh(struct bpf_reg_state *dst_reg,
				   u64 umin_val, u64 umax_val)
{
	if (umin_val == 32 && umax_val == 32) {
		dst_reg->smax_value = (s64)dst_reg->s32_max_value << 32;
		dst_reg->smin_value = (s64)dst_reg->s32_min_value << 32;
	} else {
		dst_reg->smax_value = S64_MAX;
		dst_reg->smin_value = S64_MIN;
	}
	if (dst_reg->umax_value > 1ULL << (63 - umax_val)) {
		dst_reg->umin_value = 0;
		dst_reg->umax_value = U64_MAX;
	} else {
		dst_reg->umin_value <<= umin_val;
		dst_reg->umax_value <<= umax_val;
	}
}

static void scalar_min_max_lsh(struct bpf_reg_state *dst_reg,
			       const struct bpf_reg_state *src_reg)
{
	u64 umax_val = src_reg->umax_value, umin_val = src_reg->umin_value;

	/* the 64-bit part reads the unshifted 32-bit bounds: it goes first */
	__scalar64_min_max_lsh(dst_reg, umin_val, umax_val);
	__scalar32_min_max_lsh(dst_reg, umin_val, umax_val);
	dst_reg->var_off = tnum_lshift(dst_reg->var_off, umin_val);
	__update_reg_bounds(dst_reg);
}

/*
 * Logical right shifts: the unsigned range shrinks ([a >> max, b >> min]).
 * A value that might be negative can shift into anything signed, so the
 * signed bounds are dropped and recovered from the unsigned ones.
 */
static void scalar32_min_max_rsh(struct bpf_reg_state *dst_reg,
				 const struct bpf_reg_state *src_reg)
{
	struct tnum subreg = tnum_subreg(dst_reg->var_off);
	u32 umax_val = src_reg->u32_max_value, umin_val = src_reg->u32_min_value;

	dst_reg->s32_min_value = S32_MIN;
	dst_reg->s32_max_value = S32_MAX;
	dst_reg->var_off = tnum_rshift(subreg, umin_val);
	dst_reg->u32_min_value >>= umax_val;
	dst_reg->u32_max_value >>= umin_val;
	__mark_reg64_unbounded(dst_reg);
	__update_reg_bounds(dst_reg);
}

static void scalar_min_max_rsh(struct bpf_reg_state *dst_reg,
			       const struct bpf_reg_state *src_reg)
{
	u64 umax_val = src_reg->umax_value, umin_val = src_reg->umin_value;

	dst_reg->smin_value = S64_MIN;
	dst_reg->smax_value = S64_MAX;
	dst_reg->var_off = tnum_rshift(dst_reg->var_off, umin_val);
	dst_reg->umin_value >>= umax_val;
	dst_reg->umax_value >>= umin_val;
	/* bits of the high half move into the low one: the 32-bit view
	 * comes back from the tnum
	 */
	__mark_reg32_unbounded(dst_reg);
	__update_reg_bounds(dst_reg);
}

/* Arithmetic right shifts, by a known amount only: the signed range shifts
 * in order; the unsigned one is recovered from the tnum.
 */
static void scalar32_min_max_arsh(struct bpf_reg_state *dst_reg,
				  const struct bpf_reg_state *src_reg)
{
	u64 umin_val = src_reg->u32_min_value;

	dst_reg->s32_min_value = dst_reg->s32_min_value >> umin_val;
	dst_reg->s32_max_value = dst_reg->s32_max_value >> umin_val;
	dst_reg->var_off = tnum_arshift(tnum_subreg(dst_reg->var_off), umin_val, 32);
	dst_reg->u32_min_value = 0;
	dst_reg->u32_max_value = U32_MAX;
	__mark_reg64_unbounded(dst_reg);
	__update_reg_bounds(dst_reg);
}

static void scalar_min_max_arsh(struct bpf_reg_state *dst_reg,
				const struct bpf_reg_state *src_reg)
{
	u64 umin_val = src_reg->umin_value;

	dst_reg->smin_value >>= umin_val;
	dst_reg->smax_value >>= umin_val;
	dst_reg->var_off = tnum_arshift(dst_reg->var_off, umin_val, 64);
	dst_reg->umin_value = 0;
	dst_reg->umax_value = U64_MAX;
	__mark_reg32_unbounded(dst_reg);
	__update_reg_bounds(dst_reg);
}

/* WARNING: This function does calculations on 64-bit values, but the actual
 * execution may occur on 32-bit values. Therefore, things like bitshifts
 * need extra checks in the 32-bit case.
 */
int adjust_scalar_min_max_vals(struct bpf_verifier_env *env, struct bpf_insn *insn,
			       struct bpf_reg_state *dst_reg,
			       struct bpf_reg_state src_reg)
{
	struct bpf_reg_state *regs = cur_regs(env);
	u8 opcode = BPF_OP(insn->code);
	u64 insn_bitness = BPF_CLASS(insn->code) == BPF_ALU64 ? 64 : 32;
	bool alu32 = BPF_CLASS(insn->code) != BPF_ALU64;
	u64 umax_val = src_reg.umax_value;
	bool src_known;
	int ret;

	if (alu32) {
		src_known = tnum_subreg_is_const(src_reg.var_off);
		if ((src_known && (src_reg.s32_min_value != src_reg.s32_max_value ||
				   src_reg.u32_min_value != src_reg.u32_max_value)) ||
		    src_reg.s32_min_value > src_reg.s32_max_value ||
		    src_reg.u32_min_value > src_reg.u32_max_value) {
			/* Taint dst register if offset had invalid bounds
			 * derived from e.g. dead branches.
			 */
			__mark_reg_unknown(env, dst_reg);
			return 0;
		}
	} else {
		src_known = tnum_is_const(src_reg.var_off);
		if ((src_known && (src_reg.smin_value != src_reg.smax_value ||
				   src_reg.umin_value != src_reg.umax_value)) ||
		    src_reg.smin_value > src_reg.smax_value ||
		    src_reg.umin_value > src_reg.umax_value) {
			__mark_reg_unknown(env, dst_reg);
			return 0;
		}
	}

	/* v5.8 follows an unknown operand only through add, sub and and;
	 * the ISA v4 forms (sdiv, smod) fall to the default: unknown.
	 */
	if (!src_known && opcode != BPF_ADD && opcode != BPF_SUB && opcode != BPF_AND) {
		__mark_reg_unknown(env, dst_reg);
		return 0;
	}

	if (opcode == BPF_ADD || opcode == BPF_SUB) {
		ret = sanitize_val_alu(env, insn);
		if (ret < 0)
			return sanitize_err(env, insn, ret, NULL, NULL);
	}

	switch (opcode) {
	case BPF_ADD:
		scalar32_min_max_add(dst_reg, &src_reg);
		scalar_min_max_add(dst_reg, &src_reg);
		dst_reg->var_off = tnum_add(dst_reg->var_off, src_reg.var_off);
		break;
	case BPF_SUB:
		scalar32_min_max_sub(dst_reg, &src_reg);
		scalar_min_max_sub(dst_reg, &src_reg);
		dst_reg->var_off = tnum_sub(dst_reg->var_off, src_reg.var_off);
		break;
	case BPF_MUL:
		dst_reg->var_off = tnum_mul(dst_reg->var_off, src_reg.var_off);
		scalar32_min_max_mul(dst_reg, &src_reg);
		scalar_min_max_mul(dst_reg, &src_reg);
		break;
	case BPF_AND:
		dst_reg->var_off = tnum_and(dst_reg->var_off, src_reg.var_off);
		scalar32_min_max_and(dst_reg, &src_reg);
		scalar_min_max_and(dst_reg, &src_reg);
		break;
	case BPF_OR:
		dst_reg->var_off = tnum_or(dst_reg->var_off, src_reg.var_off);
		scalar32_min_max_or(dst_reg, &src_reg);
		scalar_min_max_or(dst_reg, &src_reg);
		break;
	case BPF_XOR:
		dst_reg->var_off = tnum_xor(dst_reg->var_off, src_reg.var_off);
		scalar32_min_max_xor(dst_reg, &src_reg);
		scalar_min_max_xor(dst_reg, &src_reg);
		break;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		if (umax_val >= insn_bitness) {
			/* Shifts greater than 31 or 63 are undefined.
			 * This includes shifts by a negative number.
			 */
			mark_reg_unknown(env, regs, insn->dst_reg);
			break;
		}
		if (opcode == BPF_LSH)
			alu32 ? scalar32_min_max_lsh(dst_reg, &src_reg)
			      : scalar_min_max_lsh(dst_reg, &src_reg);
		else if (opcode == BPF_RSH)
			alu32 ? scalar32_min_max_rsh(dst_reg, &src_reg)
			      : scalar_min_max_rsh(dst_reg, &src_reg);
		else
			alu32 ? scalar32_min_max_arsh(dst_reg, &src_reg)
			      : scalar_min_max_arsh(dst_reg, &src_reg);
		break;
	default:
		/* div, mod (their ISA v4 signed forms too), anything else */
		mark_reg_unknown(env, regs, insn->dst_reg);
		break;
	}

	/* ALU32 ops are zero extended into 64bit register */
	if (alu32)
		zext_32_to_64(dst_reg);
	reg_bounds_sync(dst_reg);
	return 0;
}
