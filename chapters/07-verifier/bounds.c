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
 *
 * The kernel writes each rule once per width. Here a rule is written once,
 * on a struct bounds (verifier.h) that holds either width's four numbers,
 * and the kernel's per-width functions read the width out, apply the rule
 * and put it back.
 */
#include <string.h>

#include "verifier.h"

struct bounds reg_bounds(const struct bpf_reg_state *reg, u8 bits)
{
	struct bounds b = { .bits = bits };

	if (bits == 32) {
		b.umin = reg->u32_min_value;
		b.umax = reg->u32_max_value;
		b.smin = reg->s32_min_value;
		b.smax = reg->s32_max_value;
		b.var_off = tnum_subreg(reg->var_off);
	} else {
		b.umin = reg->umin_value;
		b.umax = reg->umax_value;
		b.smin = reg->smin_value;
		b.smax = reg->smax_value;
		b.var_off = reg->var_off;
	}
	return b;
}

void set_reg_bounds(struct bpf_reg_state *reg, const struct bounds *b)
{
	if (b->bits == 32) {
		reg->u32_min_value = (u32)b->umin;
		reg->u32_max_value = (u32)b->umax;
		reg->s32_min_value = (s32)b->smin;
		reg->s32_max_value = (s32)b->smax;
	} else {
		reg->umin_value = b->umin;
		reg->umax_value = b->umax;
		reg->smin_value = b->smin;
		reg->smax_value = b->smax;
	}
}

/*
 * Bounds that contradict themselves (a constant with a range, a minimum
 * above its maximum) come from a path that cannot run: a dead branch the
 * verifier walked anyway. An operand with such bounds says nothing.
 */
bool bounds_contradict(const struct bounds *b)
{
	if (b->smin > b->smax || b->umin > b->umax)
		return true;
	return tnum_is_const(b->var_off) && (b->smin != b->smax || b->umin != b->umax);
}

/* Every view says one value; id and the pointer fields are left alone. */
static void ___mark_reg_known(struct bpf_reg_state *reg, u64 imm)
{
	reg->var_off = tnum_const(imm);
	reg->umin_value = reg->umax_value = imm;
	reg->smin_value = reg->smax_value = (s64)imm;
	reg->u32_min_value = reg->u32_max_value = (u32)imm;
	reg->s32_min_value = reg->s32_max_value = (s32)imm;
}

/*
 * The register's value, or a pointer's variable offset, is exactly imm.
 * Whatever tied it to other registers or to an object goes: its fixed
 * offset, the range/map_ptr union, its id and its reference.
 */
void __mark_reg_known(struct bpf_reg_state *reg, u64 imm)
{
	reg->id = reg->ref_obj_id = 0;
	reg->off = 0;
	reg->raw = 0;
	___mark_reg_known(reg, imm);
}

/* The low half becomes imm; the high half keeps what it knew. */
void __mark_reg32_known(struct bpf_reg_state *reg, u64 imm)
{
	struct bounds low = {
		.umin = (u32)imm, .umax = (u32)imm,
		.smin = (s32)imm, .smax = (s32)imm, .bits = 32,
	};

	reg->var_off = tnum_const_subreg(reg->var_off, imm);
	set_reg_bounds(reg, &low);
}

/* For a pointer: no variable offset. */
void __mark_reg_known_zero(struct bpf_reg_state *reg)
{
	__mark_reg_known(reg, 0);
}

/* For a scalar: the constant 0. */
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

/* Bounds that say nothing: each spans its whole width. */
static void bounds_unbounded(struct bounds *b)
{
	b->umin = 0;
	b->umax = width_umax(b->bits);
	b->smin = width_smin(b->bits);
	b->smax = width_smax(b->bits);
}

void __mark_reg64_unbounded(struct bpf_reg_state *reg)
{
	struct bounds b = { .bits = 64 };

	bounds_unbounded(&b);
	set_reg_bounds(reg, &b);
}

void __mark_reg32_unbounded(struct bpf_reg_state *reg)
{
	struct bounds b = { .bits = 32 };

	bounds_unbounded(&b);
	set_reg_bounds(reg, &b);
}

void __mark_reg_unbounded(struct bpf_reg_state *reg)
{
	__mark_reg64_unbounded(reg);
	__mark_reg32_unbounded(reg);
}

/*
 * What the known bits say of the range. Unsigned, the smallest value has
 * every unknown bit clear and the largest every one set. Signed, the
 * smallest has the sign bit set if it can be and the rest clear; the
 * largest the sign bit clear if it can be and the rest set. Each bound only
 * ever tightens.
 */
static void tnum_narrows_bounds(struct bounds *b)
{
	u64 sign = 1ULL << (b->bits - 1);
	struct tnum t = b->var_off;
	s64 lowest = as_signed(t.value | (t.mask & sign), b->bits);
	s64 highest = as_signed(t.value | (t.mask & (sign - 1)), b->bits);

	b->smin = max(b->smin, lowest);
	b->smax = min(b->smax, highest);
	b->umin = max(b->umin, t.value);
	b->umax = min(b->umax, t.value | t.mask);
}

static void __update_reg32_bounds(struct bpf_reg_state *reg)
{
	struct bounds b = reg_bounds(reg, 32);

	tnum_narrows_bounds(&b);
	set_reg_bounds(reg, &b);
}

static void __update_reg64_bounds(struct bpf_reg_state *reg)
{
	struct bounds b = reg_bounds(reg, 64);

	tnum_narrows_bounds(&b);
	set_reg_bounds(reg, &b);
}

void __update_reg_bounds(struct bpf_reg_state *reg)
{
	__update_reg32_bounds(reg);
	__update_reg64_bounds(reg);
}

/*
 * The signed and the unsigned range of one width teach each other. A
 * signed range all on one side of zero is, read unsigned, the same stretch
 * of numbers (-3..-1 is 0xf..fd..0xf..ff), so both become the overlap of
 * the two. A signed range that crosses zero learns only from an unsigned
 * range that stays below the sign bit (every value is then >= 0: the
 * signed minimum is the unsigned one) or above it (all negative: the
 * signed maximum is the unsigned one); the other end keeps what it has,
 * cut by the unsigned range.
 */
static void bounds_deduce(struct bounds *b)
{
	u8 bits = b->bits;
	u64 lo = max(as_unsigned(b->smin, bits), b->umin);
	u64 hi = min(as_unsigned(b->smax, bits), b->umax);

	if (b->smin >= 0 || b->smax < 0) {
		b->umin = lo;
		b->umax = hi;
		b->smin = as_signed(lo, bits);
		b->smax = as_signed(hi, bits);
	} else if (as_signed(b->umax, bits) >= 0) {
		b->smin = as_signed(b->umin, bits);
		b->umax = hi;
		b->smax = as_signed(hi, bits);
	} else if (as_signed(b->umin, bits) < 0) {
		b->smax = as_signed(b->umax, bits);
		b->umin = lo;
		b->smin = as_signed(lo, bits);
	}
}

static void __reg32_deduce_bounds(struct bpf_reg_state *reg)
{
	struct bounds b = reg_bounds(reg, 32);

	bounds_deduce(&b);
	set_reg_bounds(reg, &b);
}

static void __reg64_deduce_bounds(struct bpf_reg_state *reg)
{
	struct bounds b = reg_bounds(reg, 64);

	bounds_deduce(&b);
	set_reg_bounds(reg, &b);
}

/*
 * The unsigned ranges say which high bits every value shares: the 64-bit
 * range for the whole tnum, then the 32-bit range for its low half.
 */
static void __reg_bound_offset(struct bpf_reg_state *reg)
{
	struct tnum whole = tnum_intersect(reg->var_off,
					   tnum_range(reg->umin_value, reg->umax_value));
	struct tnum low = tnum_intersect(tnum_subreg(whole),
					 tnum_range(reg->u32_min_value, reg->u32_max_value));

	reg->var_off = tnum_or(tnum_clear_subreg(whole), low);
}

/*
 * Bits to bounds, signed to unsigned and back, bounds to bits, and bits to
 * bounds once more: the new tnum can cut a bound the first pass could not
 * (umax 0x7f..ff with low bits 00 known gives umax 0x7f..fc).
 */
void reg_bounds_sync(struct bpf_reg_state *reg)
{
	__update_reg_bounds(reg);
	__reg32_deduce_bounds(reg);
	__reg64_deduce_bounds(reg);
	__reg_bound_offset(reg);
	__update_reg_bounds(reg);
}

/* May an s32 bound stand as an s64 bound of the zero-extended value? */
static bool __reg32_bound_s64(s32 a)
{
	return a >= 0;
}

/* The high half is known zero: the 64-bit value is the 32-bit one. */
static void __reg_assign_32_into_64(struct bpf_reg_state *reg)
{
	bool both_positive = __reg32_bound_s64(reg->s32_min_value) &&
			     __reg32_bound_s64(reg->s32_max_value);

	reg->umin_value = reg->u32_min_value;
	reg->umax_value = reg->u32_max_value;
	/* Zero-extended, a negative s32 is a large positive s64: then the
	 * signed range is all the low half can be, until the tnum cuts it.
	 */
	reg->smin_value = both_positive ? (s64)reg->s32_min_value : 0;
	reg->smax_value = both_positive ? (s64)reg->s32_max_value : (s64)U32_MAX;
}

/*
 * A JMP32 compare taught the low half something. If the high half is known
 * zero, that is the whole value; otherwise the old 64-bit bounds may be
 * stale for the bits the compare refined, and only the tnum is kept.
 */
void __reg_combine_32_into_64(struct bpf_reg_state *reg)
{
	if (tnum_equals_const(tnum_clear_subreg(reg->var_off), 0))
		__reg_assign_32_into_64(reg);
	else
		__mark_reg64_unbounded(reg);
	reg_bounds_sync(reg);
}

/* Does an s64 bound, or a u64 one, lie within the 32-bit range? */
static bool __reg64_bound_s32(s64 a)
{
	return (s64)(s32)a == a;
}

static bool __reg64_bound_u32(u64 a)
{
	return !(a >> 32);
}

/* A 64-bit compare taught the value something: its low half too, if the
 * value fits in 32 bits.
 */
void __reg_combine_64_into_32(struct bpf_reg_state *reg)
{
	bool s_fits = __reg64_bound_s32(reg->smin_value) && __reg64_bound_s32(reg->smax_value);
	bool u_fits = __reg64_bound_u32(reg->umin_value) && __reg64_bound_u32(reg->umax_value);
	struct bounds low = { .bits = 32 };

	bounds_unbounded(&low);
	if (s_fits) {
		low.smin = reg->smin_value;
		low.smax = reg->smax_value;
	}
	if (u_fits) {
		low.umin = reg->umin_value;
		low.umax = reg->umax_value;
	}
	set_reg_bounds(reg, &low);
	reg_bounds_sync(reg);
}

/* A scalar nothing is known of. */
void __mark_reg_unknown(const struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	/* type, offsets, the pointer union, ids: all of a pointer goes */
	reg->type = SCALAR_VALUE;
	reg->off = 0;
	reg->raw = 0;
	reg->id = reg->ref_obj_id = 0;
	reg->frameno = 0;
	reg->var_off = tnum_unknown;
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

/* Unreadable: the scalar reset, then the type that forbids reading it. */
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

/*
 * Keep the low `size` bytes of the value (a narrow load, a truncation):
 * the bits above become known zeros. The unsigned range survives the cut
 * when both its ends agree above it, so that no value in between wraps;
 * otherwise it is the whole of the narrow width. Either way the result is
 * not negative, and the signed range is the unsigned one.
 */
void coerce_reg_to_size(struct bpf_reg_state *reg, int size)
{
	u64 low;
	bool same_high;

	if (size >= 8)
		return;
	low = (1ULL << (size * 8)) - 1;
	same_high = !((reg->umin_value ^ reg->umax_value) & ~low);
	reg->var_off = tnum_cast(reg->var_off, size);
	reg->umin_value = same_high ? reg->umin_value & low : 0;
	reg->umax_value = same_high ? reg->umax_value & low : low;
	reg->smin_value = reg->umin_value;
	reg->smax_value = reg->umax_value;
	/* Four bytes leave the low half whole; fewer cut it too. */
	if (size < 4)
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

/* Pointers into the packet's data, its metadata in front. */
bool type_is_pkt_pointer(enum bpf_reg_type type)
{
	return type == PTR_TO_PACKET_META || type == PTR_TO_PACKET;
}

/* The socket pointers a helper may return. */
bool type_is_sk_pointer(enum bpf_reg_type type)
{
	switch (type) {
	case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_XDP_SOCK:
		return true;
	default:
		return false;
	}
}

/* The _OR_NULL types: a helper's result not yet compared with 0. */
bool reg_type_may_be_null(enum bpf_reg_type type)
{
	switch (type) {
	case PTR_TO_MAP_VALUE_OR_NULL:
	case PTR_TO_SOCKET_OR_NULL:
	case PTR_TO_SOCK_COMMON_OR_NULL:
	case PTR_TO_TCP_SOCK_OR_NULL:
	case PTR_TO_BTF_ID_OR_NULL:
	case PTR_TO_MEM_OR_NULL:
		return true;
	default:
		return false;
	}
}

/* The types whose value may carry a reference the program must release. */
bool reg_type_may_be_refcounted_or_null(enum bpf_reg_type type)
{
	switch (type) {
	case PTR_TO_SOCKET:
	case PTR_TO_SOCKET_OR_NULL:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_TCP_SOCK_OR_NULL:
	case PTR_TO_MEM:
	case PTR_TO_MEM_OR_NULL:
		return true;
	default:
		return false;
	}
}

bool reg_is_pkt_pointer(const struct bpf_reg_state *reg)
{
	return type_is_pkt_pointer(reg->type);
}

/* ... or the end of the packet. */
bool reg_is_pkt_pointer_any(const struct bpf_reg_state *reg)
{
	return reg->type == PTR_TO_PACKET_END || reg_is_pkt_pointer(reg);
}

/*
 * A packet pointer exactly as the context load gave it: never moved, so no
 * id and no offset. It may already carry a range a compare gave it.
 */
bool reg_is_init_pkt_pointer(const struct bpf_reg_state *reg, enum bpf_reg_type which)
{
	if (reg->type != which || reg->id || reg->off)
		return false;
	return tnum_equals_const(reg->var_off, 0);
}

bool register_is_null(const struct bpf_reg_state *reg)
{
	return register_is_const(reg) && reg->var_off.value == 0;
}

bool register_is_const(const struct bpf_reg_state *reg)
{
	return reg->type == SCALAR_VALUE && tnum_is_const(reg->var_off);
}

/* A scalar whose 64-bit range is narrower than everything. */
bool register_is_bounded(const struct bpf_reg_state *reg)
{
	bool everything = reg->umin_value == 0 && reg->umax_value == U64_MAX &&
			  reg->smin_value == S64_MIN && reg->smax_value == S64_MAX;

	return reg->type == SCALAR_VALUE && !everything;
}

/* A pointer the loader may not see as a number. */
bool __is_pointer_value(bool allow_ptr_leaks, const struct bpf_reg_state *reg)
{
	return !allow_ptr_leaks && reg->type != SCALAR_VALUE;
}
