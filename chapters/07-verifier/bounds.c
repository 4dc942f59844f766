// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: ___mark_reg_known(), __mark_reg_known(),
 * __mark_reg32_known(), __mark_reg_known_zero(), __mark_reg_const_zero(),
 * __mark_reg_unbounded() and its 32/64 halves, __update_reg32_bounds(),
 * __update_reg64_bounds(), __reg32_deduce_bounds(), __reg64_deduce_bounds(),
 * __reg_bound_offset(), __reg_assign_32_into_64(), __reg_combine_32_into_64(),
 * __reg_combine_64_into_32(), __mark_reg_unknown(), __mark_reg_not_init(),
 * coerce_reg_to_size(), zext_32_to_64(), Linux v5.8 (reg_bounds_sync() is
 * 5.19's name for the four steps v5.8 repeats at each caller; the sign
 * extensions are Linux 6.6's); written afresh.
 *
 * Chapter 03 kept a scalar either exactly known or bounded by its width.
 * From here on a scalar carries five views of one set of values, each of
 * which may know something the others do not:
 *
 *   var_off                 which bits are known (a tnum)
 *   smin/smax, umin/umax    its range, as a signed and as an unsigned u64
 *   s32_min.., u32_min..    the range of its low 32 bits (JMP32, ALU32)
 *
 * After every change the views are made to agree (reg_bounds_sync()):
 * the bits give bounds, bounds that do not cross a sign give the other
 * sign's bounds, and the unsigned range gives bits. The verifier's safety
 * rests on each step only ever removing values no execution can have.
 */
#include <string.h>

#include "verifier.h"

/* This helper doesn't clear reg->id */
static void ___mark_reg_known(struct bpf_reg_state *reg, u64 imm)
{
	reg->var_off = tnum_const(imm);
	reg->smin_value = (s64)imm;
	reg->smax_value = (s64)imm;
	reg->umin_value = imm;
	reg->umax_value = imm;

	reg->s32_min_value = (s32)imm;
	reg->s32_max_value = (s32)imm;
	reg->u32_min_value = (u32)imm;
	reg->u32_max_value = (u32)imm;
}

/* Mark the unknown part of a register (variable offset or scalar value) as
 * known to have the value @imm.
 */
void __mark_reg_known(struct bpf_reg_state *reg, u64 imm)
{
	/* Clear off, union(map_ptr, range), id and ref_obj_id */
	reg->off = 0;
	reg->raw = 0;
	reg->id = 0;
	reg->ref_obj_id = 0;
	___mark_reg_known(reg, imm);
}

/* The low half known, the high half as it was. */
void __mark_reg32_known(struct bpf_reg_state *reg, u64 imm)
{
	reg->var_off = tnum_const_subreg(reg->var_off, imm);
	reg->s32_min_value = (s32)imm;
	reg->s32_max_value = (s32)imm;
	reg->u32_min_value = (u32)imm;
	reg->u32_max_value = (u32)imm;
}

/* Mark the 'variable offset' part of a register as zero.  This should be
 * used only on registers holding a pointer type.
 */
void __mark_reg_known_zero(struct bpf_reg_state *reg)
{
	__mark_reg_known(reg, 0);
}

void __mark_reg_const_zero(struct bpf_reg_state *reg)
{
	__mark_reg_known(reg, 0);
	reg->type = SCALAR_VALUE;
}

void mark_reg_known_zero(struct bpf_verifier_env *env,
			 struct bpf_reg_state *regs, u32 regno)
{
	(void)env;
	__mark_reg_known_zero(regs + regno);
}

/* Reset the min/max bounds of a register */
void __mark_reg64_unbounded(struct bpf_reg_state *reg)
{
	reg->smin_value = S64_MIN;
	reg->smax_value = S64_MAX;
	reg->umin_value = 0;
	reg->umax_value = U64_MAX;
}

void __mark_reg32_unbounded(struct bpf_reg_state *reg)
{
	reg->s32_min_value = S32_MIN;
	reg->s32_max_value = S32_MAX;
	reg->u32_min_value = 0;
	reg->u32_max_value = U32_MAX;
}

void __mark_reg_unbounded(struct bpf_reg_state *reg)
{
	__mark_reg64_unbounded(reg);
	__mark_reg32_unbounded(reg);
}

/* The bounds a tnum implies: its smallest value has every unknown bit 0
 * (unsigned) or just the sign bit 1 (signed), its largest the opposite.
 */
static void __update_reg32_bounds(struct bpf_reg_state *reg)
{
	struct tnum var32_off = tnum_subreg(reg->var_off);

	/* min signed is max(sign bit) | min(other bits) */
	reg->s32_min_value = max_t(s32, reg->s32_min_value,
				   var32_off.value | (var32_off.mask & S32_MIN));
	/* max signed is min(sign bit) | max(other bits) */
	reg->s32_max_value = min_t(s32, reg->s32_max_value,
				   var32_off.value | (var32_off.mask & S32_MAX));
	reg->u32_min_value = max_t(u32, reg->u32_min_value, (u32)var32_off.value);
	reg->u32_max_value = min_t(u32, reg->u32_max_value,
				   (u32)(var32_off.value | var32_off.mask));
}

static void __update_reg64_bounds(struct bpf_reg_state *reg)
{
	/* min signed is max(sign bit) | min(other bits) */
	reg->smin_value = max_t(s64, reg->smin_value,
				reg->var_off.value | (reg->var_off.mask & S64_MIN));
	/* max signed is min(sign bit) | max(other bits) */
	reg->smax_value = min_t(s64, reg->smax_value,
				reg->var_off.value | (reg->var_off.mask & S64_MAX));
	reg->umin_value = max(reg->umin_value, reg->var_off.value);
	reg->umax_value = min(reg->umax_value, reg->var_off.value | reg->var_off.mask);
}

void __update_reg_bounds(struct bpf_reg_state *reg)
{
	__update_reg32_bounds(reg);
	__update_reg64_bounds(reg);
}

/*
 * Signed bounds inform unsigned ones and back. A range that stays on one
 * side of the sign bit is the same range read either way, so the two can
 * be intersected. If the signed range crosses zero, the unsigned one may
 * still say which side everything is on.
 */
static void __reg32_deduce_bounds(struct bpf_reg_state *reg)
{
	if (reg->s32_min_value >= 0 || reg->s32_max_value < 0) {
		reg->s32_min_value = reg->u32_min_value =
			max_t(u32, reg->s32_min_value, reg->u32_min_value);
		reg->s32_max_value = reg->u32_max_value =
			min_t(u32, reg->s32_max_value, reg->u32_max_value);
		return;
	}
	if ((s32)reg->u32_max_value >= 0) {
		/* Positive: smin learns nothing, but smax is safe. */
		reg->s32_min_value = reg->u32_min_value;
		reg->s32_max_value = reg->u32_max_value =
			min_t(u32, reg->s32_max_value, reg->u32_max_value);
	} else if ((s32)reg->u32_min_value < 0) {
		/* Negative: smax learns nothing, but smin is safe. */
		reg->s32_min_value = reg->u32_min_value =
			max_t(u32, reg->s32_min_value, reg->u32_min_value);
		reg->s32_max_value = reg->u32_max_value;
	}
}

static void __reg64_deduce_bounds(struct bpf_reg_state *reg)
{
	if (reg->smin_value >= 0 || reg->smax_value < 0) {
		reg->smin_value = reg->umin_value = max_t(u64, reg->smin_value,
							  reg->umin_value);
		reg->smax_value = reg->umax_value = min_t(u64, reg->smax_value,
							  reg->umax_value);
		return;
	}
	if ((s64)reg->umax_value >= 0) {
		reg->smin_value = reg->umin_value;
		reg->smax_value = reg->umax_value = min_t(u64, reg->smax_value,
							  reg->umax_value);
	} else if ((s64)reg->umin_value < 0) {
		reg->smin_value = reg->umin_value = max_t(u64, reg->smin_value,
							  reg->umin_value);
		reg->smax_value = reg->umax_value;
	}
}

/* Attempts to improve var_off based on unsigned min/max information */
static void __reg_bound_offset(struct bpf_reg_state *reg)
{
	struct tnum var64_off = tnum_intersect(reg->var_off,
					       tnum_range(reg->umin_value, reg->umax_value));
	struct tnum var32_off = tnum_intersect(tnum_subreg(var64_off),
					       tnum_range(reg->u32_min_value,
							  reg->u32_max_value));

	reg->var_off = tnum_or(tnum_clear_subreg(var64_off), var32_off);
}

void reg_bounds_sync(struct bpf_reg_state *reg)
{
	/* We might have learned new bounds from the var_off. */
	__update_reg_bounds(reg);
	/* We might have learned something about the sign bit. */
	__reg32_deduce_bounds(reg);
	__reg64_deduce_bounds(reg);
	/* We might have learned some bits from the bounds. */
	__reg_bound_offset(reg);
	/* Intersecting with the old var_off might have improved our bounds
	 * slightly, e.g. if umax was 0x7f...f and var_off was (0; 0xf...fc),
	 * then new var_off is (0; 0x7f...fc) which improves our umax.
	 */
	__update_reg_bounds(reg);
}

static bool __reg32_bound_s64(s32 a)
{
	return a >= 0 && a <= S32_MAX;
}

/* The high half is known zero: the 64-bit value is the 32-bit one. */
static void __reg_assign_32_into_64(struct bpf_reg_state *reg)
{
	reg->umin_value = reg->u32_min_value;
	reg->umax_value = reg->u32_max_value;

	/* The signed 32-bit bounds carry over only if they are not negative:
	 * a negative s32 is a large positive s64 once zero-extended.
	 */
	if (__reg32_bound_s64(reg->s32_min_value) &&
	    __reg32_bound_s64(reg->s32_max_value)) {
		reg->smin_value = reg->s32_min_value;
		reg->smax_value = reg->s32_max_value;
	} else {
		reg->smin_value = 0;
		reg->smax_value = U32_MAX;
	}
}

/*
 * A JMP32 compare taught the low half something. If the high half is known
 * zero, that is the whole value; otherwise the old 64-bit bounds may be
 * stale for the bits the compare refined, and only the tnum is kept.
 */
void __reg_combine_32_into_64(struct bpf_reg_state *reg)
{
	if (tnum_equals_const(tnum_clear_subreg(reg->var_off), 0)) {
		__reg_assign_32_into_64(reg);
	} else {
		__mark_reg64_unbounded(reg);
	}
	reg_bounds_sync(reg);
}

static bool __reg64_bound_s32(s64 a)
{
	return a >= S32_MIN && a <= S32_MAX;
}

static bool __reg64_bound_u32(u64 a)
{
	return a <= U32_MAX;
}

/* A 64-bit compare taught the value something: its low half too, if the
 * value fits in 32 bits.
 */
void __reg_combine_64_into_32(struct bpf_reg_state *reg)
{
	__mark_reg32_unbounded(reg);
	if (__reg64_bound_s32(reg->smin_value) && __reg64_bound_s32(reg->smax_value)) {
		reg->s32_min_value = (s32)reg->smin_value;
		reg->s32_max_value = (s32)reg->smax_value;
	}
	if (__reg64_bound_u32(reg->umin_value) && __reg64_bound_u32(reg->umax_value)) {
		reg->u32_min_value = (u32)reg->umin_value;
		reg->u32_max_value = (u32)reg->umax_value;
	}
	reg_bounds_sync(reg);
}

/* Mark a register as having a completely unknown (scalar) value. */
void __mark_reg_unknown(const struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	/* Clear type, off, union(map_ptr, range), id and ref_obj_id */
	reg->type = SCALAR_VALUE;
	reg->off = 0;
	reg->raw = 0;
	reg->id = 0;
	reg->ref_obj_id = 0;
	reg->var_off = tnum_unknown;
	reg->frameno = 0;
	/*
	 * Precision tracking (mark_chain_precision()) lets pruning ignore the
	 * exact value of a scalar no decision depends on. v5.8 does not track
	 * it through bpf-to-bpf calls, nor for unprivileged programs: there
	 * every scalar counts as precise.
	 */
	reg->precise = env ? env->subprog_cnt > 1 || !env->bpf_capable : true;
	__mark_reg_unbounded(reg);
}

void mark_reg_unknown(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno)
{
	__mark_reg_unknown(env, regs + regno);
}

static void __mark_reg_not_init(const struct bpf_verifier_env *env,
				struct bpf_reg_state *reg)
{
	__mark_reg_unknown(env, reg);
	reg->type = NOT_INIT;
}

void mark_reg_not_init(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno)
{
	__mark_reg_not_init(env, regs + regno);
}

/* ALU32 results are zero-extended: the 64-bit view is the 32-bit one. */
void zext_32_to_64(struct bpf_reg_state *reg)
{
	reg->var_off = tnum_subreg(reg->var_off);
	__reg_assign_32_into_64(reg);
}

/* truncate register to smaller size (in bytes)
 * must be called with size < BPF_REG_SIZE
 */
void coerce_reg_to_size(struct bpf_reg_state *reg, int size)
{
	u64 mask;

	if (size >= 8)
		return;
	/* clear high bits in bit representation */
	reg->var_off = tnum_cast(reg->var_off, size);

	/* fix arithmetic bounds */
	mask = ((u64)1 << (size * 8)) - 1;
	if ((reg->umin_value & ~mask) == (reg->umax_value & ~mask)) {
		reg->umin_value &= mask;
		reg->umax_value &= mask;
	} else {
		reg->umin_value = 0;
		reg->umax_value = mask;
	}
	reg->smin_value = reg->umin_value;
	reg->smax_value = reg->umax_value;

	/* If size is smaller than 32bit register the 32bit register
	 * values are also truncated so we push 64-bit bounds into
	 * 32-bit bounds. Above were truncated < 32-bits already.
	 */
	if (size >= 4)
		return;
	__reg_combine_64_into_32(reg);
}

/* The value of the low `size` bytes of x, sign-extended to 64 bits. */
static s64 sext(u64 x, int size)
{
	int shift = 64 - size * 8;

	return (s64)(x << shift) >> shift;
}

/*
 * Sign extension of the low `size` bytes (BPF_MEMSX loads, 64-bit movsx;
 * Linux 6.6). Chapter 03 has the idea: the low part's range, if it is one
 * contiguous range on one side of the sign bit, extends in order; else the
 * result may be anything in the width's signed range. Here the 32-bit
 * bounds follow.
 */
void coerce_reg_to_size_sx(struct bpf_reg_state *reg, int size)
{
	u64 low = ((u64)1 << (size * 8)) - 1, sign = (low >> 1) + 1;
	s64 smin = -(s64)sign, smax = (s64)(sign - 1);
	struct tnum t;

	if (size >= 8)
		return;
	if (tnum_is_const(reg->var_off)) {
		___mark_reg_known(reg, (u64)sext(reg->var_off.value, size));
		return;
	}

	t = tnum_cast(reg->var_off, size);
	if (t.mask & sign)
		t.mask |= ~low;		/* sign unknown: so is every bit above */
	else if (t.value & sign)
		t.value |= ~low;	/* sign known 1: ones above */

	if ((reg->umin_value & ~low) == (reg->umax_value & ~low)) {
		s64 lo = sext(reg->umin_value, size), hi = sext(reg->umax_value, size);

		if ((lo < 0) == (hi < 0)) {
			smin = lo;
			smax = hi;
		}
	}
	reg->var_off = t;
	__mark_reg_unbounded(reg);
	reg->smin_value = smin;
	reg->smax_value = smax;
	/* a 32-bit view of a value that fits 32 signed bits */
	reg->s32_min_value = (s32)smin;
	reg->s32_max_value = (s32)smax;
	reg_bounds_sync(reg);
}

/* The same for the low 32 bits of a 32-bit movsx: the upper half is then
 * zero (an ALU32 result), and the low half a sign-extended byte or half.
 */
void coerce_subreg_to_size_sx(struct bpf_reg_state *reg, int size)
{
	coerce_reg_to_size_sx(reg, size);
	zext_32_to_64(reg);
	reg_bounds_sync(reg);
}

bool type_is_pkt_pointer(enum bpf_reg_type type)
{
	return type == PTR_TO_PACKET || type == PTR_TO_PACKET_META;
}

bool type_is_sk_pointer(enum bpf_reg_type type)
{
	return type == PTR_TO_SOCKET || type == PTR_TO_SOCK_COMMON ||
	       type == PTR_TO_TCP_SOCK || type == PTR_TO_XDP_SOCK;
}

bool reg_type_may_be_null(enum bpf_reg_type type)
{
	return type == PTR_TO_MAP_VALUE_OR_NULL || type == PTR_TO_SOCKET_OR_NULL ||
	       type == PTR_TO_SOCK_COMMON_OR_NULL || type == PTR_TO_TCP_SOCK_OR_NULL ||
	       type == PTR_TO_BTF_ID_OR_NULL || type == PTR_TO_MEM_OR_NULL;
}

bool reg_type_may_be_refcounted_or_null(enum bpf_reg_type type)
{
	return type == PTR_TO_SOCKET || type == PTR_TO_SOCKET_OR_NULL ||
	       type == PTR_TO_TCP_SOCK || type == PTR_TO_TCP_SOCK_OR_NULL ||
	       type == PTR_TO_MEM || type == PTR_TO_MEM_OR_NULL;
}

bool reg_is_pkt_pointer(const struct bpf_reg_state *reg)
{
	return type_is_pkt_pointer(reg->type);
}

bool reg_is_pkt_pointer_any(const struct bpf_reg_state *reg)
{
	return reg_is_pkt_pointer(reg) || reg->type == PTR_TO_PACKET_END;
}

/* Unmodified PTR_TO_PACKET[_META,_END] register from ctx access. */
bool reg_is_init_pkt_pointer(const struct bpf_reg_state *reg, enum bpf_reg_type which)
{
	/* The register can already have a range from prior markings.
	 * This is fine as long as it hasn't been advanced from its
	 * origin.
	 */
	return reg->type == which && reg->id == 0 && reg->off == 0 &&
	       tnum_equals_const(reg->var_off, 0);
}

bool register_is_null(const struct bpf_reg_state *reg)
{
	return reg->type == SCALAR_VALUE && tnum_equals_const(reg->var_off, 0);
}

bool register_is_const(const struct bpf_reg_state *reg)
{
	return reg->type == SCALAR_VALUE && tnum_is_const(reg->var_off);
}

bool register_is_bounded(const struct bpf_reg_state *reg)
{
	return reg->type == SCALAR_VALUE &&
	       !(reg->smin_value == S64_MIN && reg->smax_value == S64_MAX &&
		 reg->umin_value == 0 && reg->umax_value == U64_MAX);
}

bool __is_pointer_value(bool allow_ptr_leaks, const struct bpf_reg_state *reg)
{
	if (allow_ptr_leaks)
		return false;

	return reg->type != SCALAR_VALUE;
}
