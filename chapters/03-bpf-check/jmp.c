// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: reg_type_not_null(), is_branch_taken(),
 * is_branch64_taken(), is_branch32_taken(), __update_reg64_bounds(),
 * __reg64_deduce_bounds(),
 * __reg_bound_offset(), reg_set_min_max() (its 64-bit part) and
 * check_cond_jmp_op(), Linux v5.8; written afresh.
 *
 * At a conditional jump the verifier asks whether it can tell which way the
 * jump goes. If it can (both sides known, or the bounds decide), it follows
 * only that way: this is what lets a privileged loop with a constant counter
 * run to its end instead of forever. If it cannot, it follows the
 * fall-through now and pushes a copy of the state for the jump target,
 * to walk later: every path is walked. Each side then learns what the
 * comparison implies: after `if r0 > 5 goto l`, r0 is at least 6 at l and
 * at most 5 on the fall-through.
 */
#include "internal.h"

/* The 64-bit view of a scalar is its bounds; the 32-bit view (JMP32) is
 * derived from the low half of its tnum.
 */
struct bounds {
	s64 smin, smax;
	u64 umin, umax;
	struct tnum t;
};

static struct bounds bounds64(const struct bpf_reg_state *reg)
{
	return (struct bounds){ reg->smin_value, reg->smax_value,
				reg->umin_value, reg->umax_value, reg->var_off };
}

static struct bounds bounds32(const struct bpf_reg_state *reg)
{
	struct tnum t = TNUM(reg->var_off.value & U32_MAX, reg->var_off.mask & U32_MAX);
	struct bounds b = { .t = t, .umin = t.value, .umax = t.value | t.mask };

	if (t.mask & 0x80000000u) {
		b.smin = S32_MIN;
		b.smax = S32_MAX;
	} else {
		b.smin = (s32)b.umin;
		b.smax = (s32)b.umax;
		if (b.smin > b.smax) {
			s64 tmp = b.smin;

			b.smin = b.smax;
			b.smax = tmp;
		}
	}
	return b;
}

static int is_branch_taken_bounds(const struct bounds *b, u64 val, s64 sval, u8 opcode)
{
	switch (opcode) {
	case BPF_JEQ:
		if (tnum_is_const(b->t))
			return b->t.value == val;
		break;
	case BPF_JNE:
		if (tnum_is_const(b->t))
			return b->t.value != val;
		break;
	case BPF_JSET:
		if ((~b->t.mask & b->t.value) & val)
			return 1;
		if (!((b->t.mask | b->t.value) & val))
			return 0;
		break;
	case BPF_JGT:
		if (b->umin > val)
			return 1;
		else if (b->umax <= val)
			return 0;
		break;
	case BPF_JSGT:
		if (b->smin > sval)
			return 1;
		else if (b->smax <= sval)
			return 0;
		break;
	case BPF_JLT:
		if (b->umax < val)
			return 1;
		else if (b->umin >= val)
			return 0;
		break;
	case BPF_JSLT:
		if (b->smax < sval)
			return 1;
		else if (b->smin >= sval)
			return 0;
		break;
	case BPF_JGE:
		if (b->umin >= val)
			return 1;
		else if (b->umax < val)
			return 0;
		break;
	case BPF_JSGE:
		if (b->smin >= sval)
			return 1;
		else if (b->smax < sval)
			return 0;
		break;
	case BPF_JLE:
		if (b->umax <= val)
			return 1;
		else if (b->umin > val)
			return 0;
		break;
	case BPF_JSLE:
		if (b->smax <= sval)
			return 1;
		else if (b->smin > sval)
			return 0;
		break;
	}

	return -1;
}

/*
 * The pointer types that are never NULL, so that `if rX == 0` has a known
 * answer. v5.8 lists the socket types and PTR_TO_MAP_VALUE (the null-checked
 * result of a map lookup); of those, this project has map values. Not the
 * stack pointer, not the context: the walk follows both sides of such a
 * compare, as the kernel's does. That matters beyond fidelity: a raw
 * tracepoint's test run may hand the program r1 = NULL, and a path pruned
 * as "never taken" would never have been checked.
 */
static bool reg_type_not_null(enum bpf_reg_type type)
{
	return type == PTR_TO_MAP_VALUE;
}

/* compute branch direction of the expression "if (reg opcode val) goto target;"
 * and return:
 *  1 - branch will be taken and "goto target" will be executed
 *  0 - branch will not be taken and fall-through to next insn
 * -1 - unknown. Example: "if (reg < 5)" is unknown when register value
 *      range [0,10]
 */
static int is_branch_taken(const struct bpf_reg_state *reg, u64 val, u8 opcode,
			   bool is_jmp32)
{
	struct bounds b;

	if (reg->type != SCALAR_VALUE) {
		if (!reg_type_not_null(reg->type))
			return -1;

		/* If pointer is valid tests against zero will fail so we can
		 * use this to direct branch taken.
		 */
		if (val != 0)
			return -1;
		switch (opcode) {
		case BPF_JEQ:
			return 0;
		case BPF_JNE:
			return 1;
		default:
			return -1;
		}
	}

	if (is_jmp32) {
		b = bounds32(reg);
		return is_branch_taken_bounds(&b, (u32)val, (s32)val, opcode);
	}
	b = bounds64(reg);
	return is_branch_taken_bounds(&b, val, (s64)val, opcode);
}

/* Tighten the bounds to what var_off alone implies. */
static void __update_reg_bounds(struct bpf_reg_state *reg)
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

/* Uses signed min/max values to inform unsigned, and vice-versa */
static void __reg_deduce_bounds(struct bpf_reg_state *reg)
{
	/* Learn sign from signed bounds.
	 * If we cannot cross the sign boundary, then signed and unsigned bounds
	 * are the same, so combine.  This works even in the negative case, e.g.
	 * -3 s<= x s<= -1 implies 0xf...fd u<= x u<= 0xf...ff.
	 */
	if (reg->smin_value >= 0 || reg->smax_value < 0) {
		reg->smin_value = reg->umin_value = max_t(u64, reg->smin_value,
							  reg->umin_value);
		reg->smax_value = reg->umax_value = min_t(u64, reg->smax_value,
							  reg->umax_value);
		return;
	}
	/* Learn sign from unsigned bounds.  Signed bounds cross the sign
	 * boundary, so we must be careful.
	 */
	if ((s64)reg->umax_value >= 0) {
		/* Positive.  We can't learn anything from the smin, but smax
		 * is positive, hence safe.
		 */
		reg->smin_value = reg->umin_value;
		reg->smax_value = reg->umax_value = min_t(u64, reg->smax_value,
							  reg->umax_value);
	} else if ((s64)reg->umin_value < 0) {
		/* Negative.  We can't learn anything from the smax, but smin
		 * is negative, hence safe.
		 */
		reg->smin_value = reg->umin_value = max_t(u64, reg->smin_value,
							  reg->umin_value);
		reg->smax_value = reg->umax_value;
	}
}

/* Attempts to improve var_off based on unsigned min/max information */
static void __reg_bound_offset(struct bpf_reg_state *reg)
{
	reg->var_off = tnum_intersect(reg->var_off,
				      tnum_range(reg->umin_value, reg->umax_value));
}

/* Adjusts the register min/max values in the case that the dst_reg is the
 * variable register that we are working on, and src_reg is a constant or we're
 * simply doing a BPF_K check.
 * In JEQ/JNE cases we also adjust the var_off values.
 *
 * Only 64-bit compares here: the kernel (5.7+) also keeps 32-bit bounds and
 * refines them at JMP32 compares; this part does not track them.
 */
static void reg_set_min_max(struct bpf_reg_state *true_reg,
			    struct bpf_reg_state *false_reg,
			    u64 val, u8 opcode)
{
	s64 sval = (s64)val;

	/* If the dst_reg is a pointer, we can't learn anything about its
	 * variable offset from the compare (unless src_reg were a pointer into
	 * the same object, but we don't bother with that.
	 */
	if (false_reg->type != SCALAR_VALUE)
		return;

	/* The cases the bounds already decide never get here (the caller
	 * follows one side only), so val + 1 and val - 1 below cannot wrap.
	 */
	switch (opcode) {
	case BPF_JEQ:
	case BPF_JNE:
		/* JEQ/JNE comparison doesn't change the register equivalence. */
		__mark_reg_known(opcode == BPF_JEQ ? true_reg : false_reg, val);
		return;
	case BPF_JGE:
	case BPF_JGT:
		false_reg->umax_value = min(false_reg->umax_value,
					    opcode == BPF_JGE ? val - 1 : val);
		true_reg->umin_value = max(true_reg->umin_value,
					   opcode == BPF_JGT ? val + 1 : val);
		break;
	case BPF_JSGE:
	case BPF_JSGT:
		false_reg->smax_value = min_t(s64, false_reg->smax_value,
					      opcode == BPF_JSGE ? sval - 1 : sval);
		true_reg->smin_value = max_t(s64, true_reg->smin_value,
					     opcode == BPF_JSGT ? sval + 1 : sval);
		break;
	case BPF_JLE:
	case BPF_JLT:
		false_reg->umin_value = max(false_reg->umin_value,
					    opcode == BPF_JLE ? val + 1 : val);
		true_reg->umax_value = min(true_reg->umax_value,
					   opcode == BPF_JLT ? val - 1 : val);
		break;
	case BPF_JSLE:
	case BPF_JSLT:
		false_reg->smin_value = max_t(s64, false_reg->smin_value,
					      opcode == BPF_JSLE ? sval + 1 : sval);
		true_reg->smax_value = min_t(s64, true_reg->smax_value,
					     opcode == BPF_JSLT ? sval - 1 : sval);
		break;
	default:
		return;
	}

	__reg_deduce_bounds(false_reg);
	__reg_deduce_bounds(true_reg);
	/* We might have learned some bits from the bounds. */
	__reg_bound_offset(false_reg);
	__reg_bound_offset(true_reg);
	/* Intersecting with the old var_off might have improved our bounds
	 * slightly.  e.g. if umax was 0x7f...f and var_off was (0; 0xf...fe),
	 * then new var_off is (0; 0x7f...fe) which implies umax 0x7f...fe.
	 */
	__update_reg_bounds(false_reg);
	__update_reg_bounds(true_reg);
}

__weak int check_cond_jmp_op(struct bpf_verifier_env *env, struct bpf_insn *insn,
		      int *insn_idx)
{
	struct bpf_verifier_state *this_branch = env->cur_state;
	struct bpf_verifier_state *other_branch;
	struct bpf_reg_state *regs = this_branch->frame[this_branch->curframe]->regs;
	struct bpf_reg_state *dst_reg, *other_branch_regs, *src_reg = NULL;
	u8 opcode = BPF_OP(insn->code);
	bool is_jmp32;
	int pred = -1;
	int err;

	err = check_reserved_fields(env, insn);
	if (err)
		return err;

	if (BPF_SRC(insn->code) == BPF_X) {
		/* check src1 operand */
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;

		if (is_pointer_value(env, insn->src_reg)) {
			verbose(env, "R%d pointer comparison prohibited\n",
				insn->src_reg);
			return -EACCES;
		}
		src_reg = &regs[insn->src_reg];
	}

	/* check src2 operand */
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;

	dst_reg = &regs[insn->dst_reg];
	is_jmp32 = BPF_CLASS(insn->code) == BPF_JMP32;

	if (BPF_SRC(insn->code) == BPF_K)
		pred = is_branch_taken(dst_reg, (u64)(s64)insn->imm, opcode, is_jmp32);
	else if (src_reg->type == SCALAR_VALUE && tnum_is_const(src_reg->var_off))
		pred = is_branch_taken(dst_reg, src_reg->var_off.value, opcode, is_jmp32);

	if (pred == 1) {
		/* only follow the goto, ignore fall-through */
		*insn_idx += insn->off;
		return 0;
	} else if (pred == 0) {
		/* only follow fall-through branch, since
		 * that's where the program will go
		 */
		return 0;
	}

	other_branch = push_stack(env, *insn_idx + insn->off + 1, *insn_idx);
	if (!other_branch)
		return -EFAULT;
	other_branch_regs = other_branch->frame[other_branch->curframe]->regs;

	/* detect if we are comparing against a constant value so we can adjust
	 * our min/max values for our dst register.
	 */
	if (!is_jmp32) {
		if (BPF_SRC(insn->code) == BPF_K)
			reg_set_min_max(&other_branch_regs[insn->dst_reg], dst_reg,
					(u64)(s64)insn->imm, opcode);
		else if (src_reg->type == SCALAR_VALUE && tnum_is_const(src_reg->var_off))
			reg_set_min_max(&other_branch_regs[insn->dst_reg], dst_reg,
					src_reg->var_off.value, opcode);
	}

	if (is_pointer_value(env, insn->dst_reg)) {
		verbose(env, "R%d pointer comparison prohibited\n",
			insn->dst_reg);
		return -EACCES;
	}
	if (env->log.level & BPF_LOG_LEVEL)
		print_verifier_state(env, this_branch->frame[this_branch->curframe]);
	return 0;
}
