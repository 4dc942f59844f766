// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: __mark_reg_known(), __mark_reg_unknown(),
 * mark_reg_not_init(), init_reg_state(), grow_stack_state() (6.x; v5.8's
 * realloc_func_state()), copy_func_state(), init_func_state(), check_reg_arg(),
 * is_pointer_value(), coerce_reg_to_size(), Linux v5.8, and
 * coerce_reg_to_size_sx(), Linux 6.6 (ISA v4 sign-extending loads);
 * written afresh.
 *
 * What the verifier knows about one register. A scalar carries a tnum (which
 * bits are known) and four bounds (signed and unsigned minimum and maximum);
 * a pointer carries its type, a fixed offset `off` and, in var_off, any
 * variable part. This part of the verifier keeps scalars either exactly
 * known (var_off constant) or bounded only by their width; the fields are
 * the kernel's so that range tracking can be added without a redesign.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Reset the bounds of a scalar to what its var_off alone implies. */
static void __update_reg_bounds_from_tnum(struct bpf_reg_state *reg)
{
	if (tnum_is_const(reg->var_off)) {
		reg->smin_value = reg->smax_value = (s64)reg->var_off.value;
		reg->umin_value = reg->umax_value = reg->var_off.value;
		return;
	}
	reg->umin_value = reg->var_off.value;
	reg->umax_value = reg->var_off.value | reg->var_off.mask;
	/* A known sign bit keeps the signed order the unsigned one. */
	if ((s64)reg->umax_value >= 0 || (s64)reg->umin_value < 0) {
		reg->smin_value = reg->umin_value;
		reg->smax_value = reg->umax_value;
	} else {
		reg->smin_value = S64_MIN;
		reg->smax_value = S64_MAX;
	}
}

/* The value, every view of it; ids and offsets are the caller's affair. */
static void ___mark_reg_known(struct bpf_reg_state *reg, u64 imm)
{
	reg->var_off = tnum_const(imm);
	reg->umin_value = reg->umax_value = imm;
	reg->smin_value = reg->smax_value = (s64)imm;
}

/*
 * A scalar's value, or a pointer's variable offset, is exactly imm; what
 * tied it to another register (its id) and its fixed offset go.
 */
__weak void __mark_reg_known(struct bpf_reg_state *reg, u64 imm)
{
	reg->off = 0;
	reg->id = 0;
	___mark_reg_known(reg, imm);
}

__weak void __mark_reg_known_zero(struct bpf_reg_state *reg)
{
	__mark_reg_known(reg, 0);
}

__weak void mark_reg_known_zero(struct bpf_verifier_env *env,
			 struct bpf_reg_state *regs, u32 regno)
{
	(void)env;
	__mark_reg_known_zero(regs + regno);
}

/* A scalar of which nothing is known: any of 2^64 values. */
__weak void __mark_reg_unknown(const struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	enum bpf_reg_liveness live = reg->live;
	u32 frameno = reg->frameno;

	(void)env;	/* chapter 07's version reads env->bpf_capable */
	/* all of a pointer goes; the frame and the liveness marks stay */
	memset(reg, 0, sizeof(*reg));
	reg->frameno = frameno;
	reg->live = live;
	reg->type = SCALAR_VALUE;
	reg->var_off = tnum_unknown;
	/* every bound the whole of its type (the minima are 0 already); the
	 * 32-bit ones too, which chapter 07 tracks
	 */
	reg->umax_value = U64_MAX;
	reg->smin_value = S64_MIN;
	reg->smax_value = S64_MAX;
	reg->u32_max_value = U32_MAX;
	reg->s32_min_value = S32_MIN;
	reg->s32_max_value = S32_MAX;
}

__weak void mark_reg_unknown(struct bpf_verifier_env *env,
		      struct bpf_reg_state *regs, u32 regno)
{
	(void)env;
	__mark_reg_unknown(env, regs + regno);
}

/* Unreadable: reset as a scalar, then typed as nothing at all. */
static void __mark_reg_not_init(const struct bpf_verifier_env *env,
				struct bpf_reg_state *reg)
{
	__mark_reg_unknown(env, reg);
	reg->type = NOT_INIT;
}

__weak void mark_reg_not_init(struct bpf_verifier_env *env,
		       struct bpf_reg_state *regs, u32 regno)
{
	(void)env;
	__mark_reg_not_init(env, regs + regno);
}

/* A new frame: every register unreadable, r10 the top of the frame's
 * own stack.
 */
__weak void init_reg_state(struct bpf_verifier_env *env, struct bpf_func_state *state)
{
	struct bpf_reg_state *reg, *fp = &state->regs[BPF_REG_FP];

	for (reg = state->regs; reg < state->regs + MAX_BPF_REG; reg++) {
		mark_reg_not_init(env, reg, 0);
		reg->live = REG_LIVE_NONE;
	}
	fp->type = PTR_TO_STACK;
	mark_reg_known_zero(env, fp, 0);
	fp->frameno = state->frameno;
}

/*
 * Make room for `size` bytes of stack (a multiple of BPF_REG_SIZE); the new
 * slots are STACK_INVALID, never written. v5.8 does this in
 * realloc_func_state(), which also sizes the reference array this project
 * has no use for; Linux 6.x calls it grow_stack_state().
 */
__weak int grow_stack_state(struct bpf_func_state *state, int size)
{
	size_t old_n = state->allocated_stack / BPF_REG_SIZE, n = size / BPF_REG_SIZE;
	struct bpf_stack_state *stack;

	if (size <= state->allocated_stack)
		return 0;
	stack = realloc(state->stack, n * sizeof(*stack));
	if (!stack)
		return -ENOMEM;
	memset(stack + old_n, 0, (n - old_n) * sizeof(*stack));
	state->stack = stack;
	state->allocated_stack = size;
	return 0;
}

/* dst becomes a copy of src, its stack sized to match (copy_func_state()). */
__weak int copy_func_state(struct bpf_func_state *dst, const struct bpf_func_state *src)
{
	struct bpf_stack_state *stack = dst->stack;
	size_t n = src->allocated_stack / BPF_REG_SIZE;

	if (n && src->allocated_stack != dst->allocated_stack) {
		stack = realloc(stack, n * sizeof(*stack));
		if (!stack)
			return -ENOMEM;
	}
	*dst = *src;
	if (n) {
		memcpy(stack, src->stack, n * sizeof(*stack));
		dst->stack = stack;
	} else {
		free(stack);
		dst->stack = NULL;
	}
	return 0;
}

__weak void free_func_state(struct bpf_func_state *state)
{
	if (!state)
		return;
	free(state->stack);
	free(state);
}

/* A fresh frame: registers as at a function's entry, no stack yet. */
__weak void init_func_state(struct bpf_verifier_env *env, struct bpf_func_state *state,
		     int callsite, int frameno, int subprogno)
{
	free(state->stack);
	memset(state, 0, sizeof(*state));
	state->callsite = callsite;
	state->frameno = frameno;
	state->subprogno = subprogno;
	init_reg_state(env, state);
}

struct bpf_func_state *cur_func(struct bpf_verifier_env *env)
{
	struct bpf_verifier_state *cur = env->cur_state;

	return cur->frame[cur->curframe];
}

struct bpf_reg_state *cur_regs(struct bpf_verifier_env *env)
{
	return cur_func(env)->regs;
}

/* The frame a stack pointer points into: the caller's, perhaps. */
struct bpf_func_state *func(struct bpf_verifier_env *env,
			    const struct bpf_reg_state *reg)
{
	struct bpf_verifier_state *cur = env->cur_state;

	return cur->frame[reg->frameno];
}

__weak int check_reg_arg(struct bpf_verifier_env *env, u32 regno, enum reg_arg_type t)
{
	struct bpf_reg_state *regs, *reg;

	/* The register fields are four bits wide: 11..15 exist in the
	 * encoding but not in the machine.
	 */
	if (regno >= MAX_BPF_REG) {
		verbose(env, "R%d is invalid\n", regno);
		return -EINVAL;
	}

	regs = cur_regs(env);
	reg = &regs[regno];
	/* A read needs a written register. (Chapter 07 also marks the read
	 * in the states before, for liveness: mark_reg_read().)
	 */
	if (t == SRC_OP && reg->type == NOT_INIT) {
		verbose(env, "R%d !read_ok\n", regno);
		return -EACCES;
	}
	if (t == SRC_OP)
		return 0;
	/* A write is never of fp. DST_OP leaves the register unknown;
	 * DST_OP_NO_MARK lets the caller say what it is.
	 */
	if (regno == BPF_REG_FP) {
		verbose(env, "frame pointer is read only\n");
		return -EACCES;
	}
	reg->live |= REG_LIVE_WRITTEN;
	if (t == DST_OP)
		mark_reg_unknown(env, regs, regno);
	return 0;
}

__weak bool register_is_null(const struct bpf_reg_state *reg)
{
	return reg->type == SCALAR_VALUE && tnum_is_const(reg->var_off) &&
	       reg->var_off.value == 0;
}

__weak bool register_is_const(const struct bpf_reg_state *reg)
{
	return reg->type == SCALAR_VALUE && tnum_is_const(reg->var_off);
}

/* A pointer the loader may not see as a number. */
static bool __is_pointer_value(bool allow_ptr_leaks,
			       const struct bpf_reg_state *reg)
{
	return !allow_ptr_leaks && reg->type != SCALAR_VALUE;
}

/* Does this register hold a pointer an unprivileged program must not see
 * as a number? (Always false for a loader allowed to leak pointers.)
 */
__weak bool is_pointer_value(struct bpf_verifier_env *env, int regno)
{
	return __is_pointer_value(env->allow_ptr_leaks, &cur_regs(env)[regno]);
}

__weak bool is_ctx_reg(struct bpf_verifier_env *env, int regno)
{
	return cur_regs(env)[regno].type == PTR_TO_CTX;
}

/* A load of `size` bytes zero-extends: the value fits in size * 8 bits. */
__weak void coerce_reg_to_size(struct bpf_reg_state *reg, int size)
{
	u64 mask;

	if (size >= 8)
		return;
	mask = ((u64)1 << (size * 8)) - 1;
	reg->var_off.value &= mask;
	reg->var_off.mask &= mask;
	__update_reg_bounds_from_tnum(reg);
}

/* The value of the low `size` bytes of x, sign-extended to 64 bits. */
static s64 sext(u64 x, int size)
{
	int shift = 64 - size * 8;

	return (s64)(x << shift) >> shift;
}

/*
 * A b/h/w load with BPF_MEMSX sign-extends: the value fits in size * 8
 * bits as a *signed* number, and bits above the sign bit copy it. Treating
 * it as zero-extended would let the verifier believe [0, 255] for a byte
 * that is -1 at run time, and prove things about a path the program does
 * not take: the class of bug the kernel's bounds CVEs belong to.
 *
 * The tnum sign-extends bit by bit: a known sign bit is copied into every
 * bit above it, an unknown one makes them all unknown. The bounds come from
 * the low part's range when every value the register may hold shares its
 * upper bits (so the low part is one contiguous range) and that range stays
 * on one side of the sign bit (so sign extension keeps its order);
 * otherwise they are the whole signed range of the width.
 */
__weak void coerce_reg_to_size_sx(struct bpf_reg_state *reg, int size)
{
	u64 low = ((u64)1 << (size * 8)) - 1, sign = (low >> 1) + 1;
	s64 smin = -(s64)sign, smax = (s64)(sign - 1);
	struct tnum t;

	if (size >= 8)
		return;

	if (tnum_is_const(reg->var_off)) {
		__mark_reg_known(reg, (u64)sext(reg->var_off.value, size));
		return;
	}

	t = TNUM(reg->var_off.value & low, reg->var_off.mask & low);
	if (t.mask & sign) {
		t.mask |= ~low;		/* sign unknown: so is every bit above */
	} else if (t.value & sign) {
		t.value |= ~low;	/* sign known 1: ones above */
	}

	if ((reg->umin_value & ~low) == (reg->umax_value & ~low)) {
		s64 lo = sext(reg->umin_value, size), hi = sext(reg->umax_value, size);

		if ((lo < 0) == (hi < 0)) {
			smin = lo;
			smax = hi;
		}
	}

	reg->var_off = t;
	__update_reg_bounds_from_tnum(reg);
	/* Keep whichever is tighter: what the tnum implies, or the range. */
	if (reg->smin_value < smin)
		reg->smin_value = smin;
	if (reg->smax_value > smax)
		reg->smax_value = smax;
	if (smin >= 0 || smax < 0) {
		/* one side of zero: the unsigned order is the signed one */
		if (reg->umin_value < (u64)smin)
			reg->umin_value = (u64)smin;
		if (reg->umax_value > (u64)smax)
			reg->umax_value = (u64)smax;
	}
}
