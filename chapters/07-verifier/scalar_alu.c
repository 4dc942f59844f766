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
 *
 * The kernel writes each rule twice, a function per width. The functions
 * are here under the kernel's names, but each rule is written once, on
 * struct bounds (verifier.h), and the per-width function only says which
 * width it works on.
 */
#include "verifier.h"

/* Does a signed sum or difference leave the range of its type? */
static bool signed_add_overflows(s64 a, s64 b)
{
	s64 sum;

	return __builtin_add_overflow(a, b, &sum);
}

static bool signed_add32_overflows(s32 a, s32 b)
{
	s32 sum;

	return __builtin_add_overflow(a, b, &sum);
}

static bool signed_sub_overflows(s64 a, s64 b)
{
	s64 diff;

	return __builtin_sub_overflow(a, b, &diff);
}

static bool signed_sub32_overflows(s32 a, s32 b)
{
	s32 diff;

	return __builtin_sub_overflow(a, b, &diff);
}

/* The same question for the signed bounds of either width. */
static bool add_overflows(s64 a, s64 b, u8 bits)
{
	return bits == 32 ? signed_add32_overflows(a, b) : signed_add_overflows(a, b);
}

static bool sub_overflows(s64 a, s64 b, u8 bits)
{
	return bits == 32 ? signed_sub32_overflows(a, b) : signed_sub_overflows(a, b);
}

/* Half the bounds given up: they span the whole width. */
static void signed_unbounded(struct bounds *b)
{
	b->smin = width_smin(b->bits);
	b->smax = width_smax(b->bits);
}

static void unsigned_unbounded(struct bounds *b)
{
	b->umin = 0;
	b->umax = width_umax(b->bits);
}

/* A range known not to cross the sign bit is the same range read signed. */
static void signed_from_unsigned(struct bounds *b)
{
	b->smin = as_signed(b->umin, b->bits);
	b->smax = as_signed(b->umax, b->bits);
}

/*
 * [a, b] + [c, d] = [a + c, b + d], for the signed and the unsigned range
 * each, unless one of the sums leaves the width: then that range is lost.
 * Pointer arithmetic (ptr_alu.c) moves a variable offset the same way.
 */
void bounds_add(struct bounds *dst, const struct bounds *src)
{
	u8 bits = dst->bits;
	u64 lo = dst->umin + src->umin, hi = dst->umax + src->umax;

	if (add_overflows(dst->smin, src->smin, bits) ||
	    add_overflows(dst->smax, src->smax, bits)) {
		signed_unbounded(dst);
	} else {
		dst->smin += src->smin;
		dst->smax += src->smax;
	}
	/* an unsigned sum wrapped if it came out below what was added */
	if ((lo & width_umax(bits)) < src->umin || (hi & width_umax(bits)) < src->umax) {
		unsigned_unbounded(dst);
	} else {
		dst->umin = lo;
		dst->umax = hi;
	}
}

/* [a, b] - [c, d] = [a - d, b - c]; unsigned, a - d below zero wraps. */
void bounds_sub(struct bounds *dst, const struct bounds *src)
{
	u8 bits = dst->bits;

	if (sub_overflows(dst->smin, src->smax, bits) ||
	    sub_overflows(dst->smax, src->smin, bits)) {
		signed_unbounded(dst);
	} else {
		dst->smin -= src->smax;
		dst->smax -= src->smin;
	}
	if (dst->umin < src->umax) {
		unsigned_unbounded(dst);
	} else {
		dst->umin -= src->umax;
		dst->umax = (dst->umax - src->umin) & width_umax(bits);
	}
}

/* One width of dst op= src, by rule; the tnum is the caller's. */
static void scalar_width_op(struct bpf_reg_state *dst_reg,
			    const struct bpf_reg_state *src_reg, u8 bits,
			    void (*rule)(struct bounds *, const struct bounds *))
{
	struct bounds dst = reg_bounds(dst_reg, bits), src = reg_bounds(src_reg, bits);

	rule(&dst, &src);
	set_reg_bounds(dst_reg, &dst);
}

static void scalar32_min_max_add(struct bpf_reg_state *dst_reg,
				 const struct bpf_reg_state *src_reg)
{
	scalar_width_op(dst_reg, src_reg, 32, bounds_add);
}

static void scalar_min_max_add(struct bpf_reg_state *dst_reg,
			       const struct bpf_reg_state *src_reg)
{
	scalar_width_op(dst_reg, src_reg, 64, bounds_add);
}

static void scalar32_min_max_sub(struct bpf_reg_state *dst_reg,
				 const struct bpf_reg_state *src_reg)
{
	scalar_width_op(dst_reg, src_reg, 32, bounds_sub);
}

static void scalar_min_max_sub(struct bpf_reg_state *dst_reg,
			       const struct bpf_reg_state *src_reg)
{
	scalar_width_op(dst_reg, src_reg, 64, bounds_sub);
}

/*
 * Multiplication is followed only for non-negative operands small enough
 * that the product of the maxima cannot overflow: each below half the
 * width (16 bits for the 32-bit view, 32 for the 64-bit one). Anything
 * else gives the whole width.
 */
static void bounds_mul(struct bounds *dst, const struct bounds *src)
{
	u64 half = (1ULL << (dst->bits / 2)) - 1;

	if (src->smin < 0 || dst->smin < 0 || src->umax > half || dst->umax > half) {
		unsigned_unbounded(dst);
		signed_unbounded(dst);
		return;
	}
	dst->umin = (dst->umin * src->umin) & width_umax(dst->bits);
	dst->umax = (dst->umax * src->umax) & width_umax(dst->bits);
	/* a product past the signed maximum reads negative */
	if (dst->umax > (u64)width_smax(dst->bits))
		signed_unbounded(dst);
	else
		signed_from_unsigned(dst);
}

static void scalar32_min_max_mul(struct bpf_reg_state *dst_reg,
				 const struct bpf_reg_state *src_reg)
{
	scalar_width_op(dst_reg, src_reg, 32, bounds_mul);
}

static void scalar_min_max_mul(struct bpf_reg_state *dst_reg,
			       const struct bpf_reg_state *src_reg)
{
	scalar_width_op(dst_reg, src_reg, 64, bounds_mul);
}

/*
 * AND, OR and XOR, one width. dst's tnum is already the result's, and it
 * bounds the result from both sides: its known ones are in every value,
 * its unknown bits may all be set. Beyond the tnum:
 *
 *   AND   no greater than either operand: the smaller maximum
 *   OR    no smaller than either operand: the larger minimum
 *   XOR   nothing
 *
 * For two non-negative operands the result is non-negative, and its signed
 * range is the unsigned one; otherwise the sign is anyone's.
 *
 * Two constants give a constant: then the width is simply marked known
 * (for 64 bits, as a fresh constant: no id). The 64-bit forms end by
 * reading the tnum into every bound once more.
 */
static void scalar_bitwise_op(struct bpf_reg_state *dst_reg,
			      const struct bpf_reg_state *src_reg, u8 bits, u8 opcode)
{
	struct bounds dst = reg_bounds(dst_reg, bits), src = reg_bounds(src_reg, bits);
	u64 ones = dst.var_off.value, maybe = dst.var_off.value | dst.var_off.mask;

	if (tnum_is_const(dst.var_off) && tnum_is_const(src.var_off)) {
		if (bits == 32)
			__mark_reg32_known(dst_reg, ones);
		else
			__mark_reg_known(dst_reg, ones);
		return;
	}
	switch (opcode) {
	case BPF_AND:
		dst.umin = ones;
		dst.umax = min(dst.umax, src.umax);
		break;
	case BPF_OR:
		dst.umin = max(dst.umin, src.umin);
		dst.umax = maybe;
		break;
	default:	/* BPF_XOR */
		dst.umin = ones;
		dst.umax = maybe;
		break;
	}
	if (dst.smin < 0 || src.smin < 0)
		signed_unbounded(&dst);
	else
		signed_from_unsigned(&dst);
	set_reg_bounds(dst_reg, &dst);
	if (bits == 64)
		__update_reg_bounds(dst_reg);
}

static void scalar32_min_max_and(struct bpf_reg_state *dst_reg,
				 const struct bpf_reg_state *src_reg)
{
	scalar_bitwise_op(dst_reg, src_reg, 32, BPF_AND);
}

static void scalar_min_max_and(struct bpf_reg_state *dst_reg,
			       const struct bpf_reg_state *src_reg)
{
	scalar_bitwise_op(dst_reg, src_reg, 64, BPF_AND);
}

static void scalar32_min_max_or(struct bpf_reg_state *dst_reg,
				const struct bpf_reg_state *src_reg)
{
	scalar_bitwise_op(dst_reg, src_reg, 32, BPF_OR);
}

static void scalar_min_max_or(struct bpf_reg_state *dst_reg,
			      const struct bpf_reg_state *src_reg)
{
	scalar_bitwise_op(dst_reg, src_reg, 64, BPF_OR);
}

/* XOR: Linux 5.10 (v5.8 gave up on it). */
static void scalar32_min_max_xor(struct bpf_reg_state *dst_reg,
				 const struct bpf_reg_state *src_reg)
{
	scalar_bitwise_op(dst_reg, src_reg, 32, BPF_XOR);
}

static void scalar_min_max_xor(struct bpf_reg_state *dst_reg,
			       const struct bpf_reg_state *src_reg)
{
	scalar_bitwise_op(dst_reg, src_reg, 64, BPF_XOR);
}

/*
 * x << [lo, hi], unsigned: the range scales, [a << lo, b << hi], unless
 * the largest value may lose its top bit (hi past the width, or b above
 * 2^(width - 1 - hi)): then anything.
 */
static void bounds_lsh_unsigned(struct bounds *b, u64 lo, u64 hi)
{
	u64 top = b->bits - 1;

	if (hi > top || b->umax > 1ULL << (top - hi)) {
		unsigned_unbounded(b);
		return;
	}
	b->umin = (b->umin << lo) & width_umax(b->bits);
	b->umax = (b->umax << hi) & width_umax(b->bits);
}

/*
 * Left shifts: the signed range is lost, but for the compilers' `<< 32`
 * (then `s>> 32`, a sign extension of the low half), where the low half's
 * signed bounds become the high half's.
 */
static void __scalar32_min_max_lsh(struct bpf_reg_state *dst_reg,
				   u64 umin_val, u64 umax_val)
{
	struct bounds low = reg_bounds(dst_reg, 32);

	signed_unbounded(&low);
	bounds_lsh_unsigned(&low, umin_val, umax_val);
	set_reg_bounds(dst_reg, &low);
}

static void scalar32_min_max_lsh(struct bpf_reg_state *dst_reg,
				 const struct bpf_reg_state *src_reg)
{
	u32 by = src_reg->u32_min_value;

	dst_reg->var_off = tnum_subreg(tnum_lshift(tnum_subreg(dst_reg->var_off), by));
	__scalar32_min_max_lsh(dst_reg, by, src_reg->u32_max_value);
	/* the 64-bit view comes back from the tnum and the zero-extension */
	__mark_reg64_unbounded(dst_reg);
	__update_reg_bounds(dst_reg);
}

static void __scalar64_min_max_lsh(struct bpf_reg_state *dst_reg,
				   u64 umin_val, u64 umax_val)
{
	struct bounds whole = reg_bounds(dst_reg, 64);

	if (umin_val == 32 && umax_val == 32) {
		/* the low half's signed range, moved up whole */
		whole.smin = (s64)((u64)(s64)dst_reg->s32_min_value << 32);
		whole.smax = (s64)((u64)(s64)dst_reg->s32_max_value << 32);
	} else {
		signed_unbounded(&whole);
	}
	bounds_lsh_unsigned(&whole, umin_val, umax_val);
	set_reg_bounds(dst_reg, &whole);
}

static void scalar_min_max_lsh(struct bpf_reg_state *dst_reg,
			       const struct bpf_reg_state *src_reg)
{
	u64 lo = src_reg->umin_value, hi = src_reg->umax_value;

	/* the 64-bit part reads the unshifted 32-bit bounds: it goes first */
	__scalar64_min_max_lsh(dst_reg, lo, hi);
	__scalar32_min_max_lsh(dst_reg, lo, hi);
	dst_reg->var_off = tnum_lshift(dst_reg->var_off, lo);
	__update_reg_bounds(dst_reg);
}

/*
 * x >> [lo, hi], logical: the unsigned range shrinks to [a >> hi, b >> lo].
 * A value that might be negative can shift into anything signed, so the
 * signed range is dropped and recovered from the unsigned one.
 */
static void bounds_rsh(struct bounds *b, u64 lo, u64 hi)
{
	signed_unbounded(b);
	if (b->bits == 32) {
		b->umin = (u32)b->umin >> hi;
		b->umax = (u32)b->umax >> lo;
	} else {
		b->umin >>= hi;
		b->umax >>= lo;
	}
}

static void scalar32_min_max_rsh(struct bpf_reg_state *dst_reg,
				 const struct bpf_reg_state *src_reg)
{
	struct bounds low = reg_bounds(dst_reg, 32);

	dst_reg->var_off = tnum_rshift(low.var_off, src_reg->u32_min_value);
	bounds_rsh(&low, (u32)src_reg->u32_min_value, (u32)src_reg->u32_max_value);
	set_reg_bounds(dst_reg, &low);
	__mark_reg64_unbounded(dst_reg);
	__update_reg_bounds(dst_reg);
}

static void scalar_min_max_rsh(struct bpf_reg_state *dst_reg,
			       const struct bpf_reg_state *src_reg)
{
	struct bounds whole = reg_bounds(dst_reg, 64);

	dst_reg->var_off = tnum_rshift(whole.var_off, src_reg->umin_value);
	bounds_rsh(&whole, src_reg->umin_value, src_reg->umax_value);
	set_reg_bounds(dst_reg, &whole);
	/* bits of the high half move into the low one: the 32-bit view
	 * comes back from the tnum
	 */
	__mark_reg32_unbounded(dst_reg);
	__update_reg_bounds(dst_reg);
}

/*
 * Arithmetic right shifts, by a known amount only (an unknown one made dst
 * unknown before): the signed range shifts in order; the unsigned one is
 * given up and recovered from the tnum.
 */
static void bounds_arsh(struct bounds *b, u64 by)
{
	b->smin >>= by;
	b->smax >>= by;
	unsigned_unbounded(b);
}

static void scalar32_min_max_arsh(struct bpf_reg_state *dst_reg,
				  const struct bpf_reg_state *src_reg)
{
	u64 by = src_reg->u32_min_value;
	struct bounds low = reg_bounds(dst_reg, 32);

	bounds_arsh(&low, by);
	set_reg_bounds(dst_reg, &low);
	dst_reg->var_off = tnum_arshift(low.var_off, by, 32);
	__mark_reg64_unbounded(dst_reg);
	__update_reg_bounds(dst_reg);
}

static void scalar_min_max_arsh(struct bpf_reg_state *dst_reg,
				const struct bpf_reg_state *src_reg)
{
	u64 by = src_reg->umin_value;
	struct bounds whole = reg_bounds(dst_reg, 64);

	bounds_arsh(&whole, by);
	set_reg_bounds(dst_reg, &whole);
	dst_reg->var_off = tnum_arshift(whole.var_off, by, 64);
	__mark_reg32_unbounded(dst_reg);
	__update_reg_bounds(dst_reg);
}

/*
 * The operations followed in both widths at once: the tnum first (the
 * bitwise rules read the result's tnum), then the 32-bit bounds, then the
 * 64-bit ones. Shifts are apart: they work in the instruction's width only,
 * as bits cross between the halves.
 */
static const struct {
	struct tnum (*tnum_op)(struct tnum a, struct tnum b);
	void (*op32)(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
	void (*op64)(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
} both_widths[16] = {
	[BPF_ADD >> 4] = { tnum_add, scalar32_min_max_add, scalar_min_max_add },
	[BPF_SUB >> 4] = { tnum_sub, scalar32_min_max_sub, scalar_min_max_sub },
	[BPF_MUL >> 4] = { tnum_mul, scalar32_min_max_mul, scalar_min_max_mul },
	[BPF_AND >> 4] = { tnum_and, scalar32_min_max_and, scalar_min_max_and },
	[BPF_OR >> 4]  = { tnum_or,  scalar32_min_max_or,  scalar_min_max_or },
	[BPF_XOR >> 4] = { tnum_xor, scalar32_min_max_xor, scalar_min_max_xor },
};

static const struct {
	void (*op32)(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
	void (*op64)(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
} one_width[16] = {
	[BPF_LSH >> 4]  = { scalar32_min_max_lsh,  scalar_min_max_lsh },
	[BPF_RSH >> 4]  = { scalar32_min_max_rsh,  scalar_min_max_rsh },
	[BPF_ARSH >> 4] = { scalar32_min_max_arsh, scalar_min_max_arsh },
};

/*
 * dst op= src for two scalars. The bounds are reasoned about in 64 bits
 * even for an ALU32 instruction, whose result is then zero-extended; what
 * is special about 32 bits (shift counts, the low half's own bounds) is
 * said where it matters.
 */
int adjust_scalar_min_max_vals(struct bpf_verifier_env *env, struct bpf_insn *insn,
			       struct bpf_reg_state *dst_reg,
			       struct bpf_reg_state src_reg)
{
	struct bpf_reg_state *regs = cur_regs(env);
	u8 opcode = BPF_OP(insn->code);
	bool alu32 = BPF_CLASS(insn->code) != BPF_ALU64;
	struct bounds src = reg_bounds(&src_reg, alu32 ? 32 : 64);
	bool src_known = tnum_is_const(src.var_off);
	int ret;

	/* an operand from a path that cannot run: dst is anything */
	if (bounds_contradict(&src)) {
		__mark_reg_unknown(env, dst_reg);
		return 0;
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

	if (both_widths[opcode >> 4].tnum_op) {
		dst_reg->var_off = both_widths[opcode >> 4].tnum_op(dst_reg->var_off,
								    src_reg.var_off);
		both_widths[opcode >> 4].op32(dst_reg, &src_reg);
		both_widths[opcode >> 4].op64(dst_reg, &src_reg);
	} else if (one_width[opcode >> 4].op32 && src_reg.umax_value < (alu32 ? 32u : 64u)) {
		/* (a count of the width or more, or negative, is undefined) */
		if (alu32)
			one_width[opcode >> 4].op32(dst_reg, &src_reg);
		else
			one_width[opcode >> 4].op64(dst_reg, &src_reg);
	} else {
		/* div, mod (their ISA v4 signed forms too), shifts out of
		 * range, anything else
		 */
		mark_reg_unknown(env, regs, insn->dst_reg);
	}

	if (alu32)
		zext_32_to_64(dst_reg);
	reg_bounds_sync(dst_reg);
	return 0;
}
