// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: is_branch_taken(), is_branch64_taken(),
 * is_branch32_taken(), reg_set_min_max() (its equality part) and
 * check_cond_jmp_op(), Linux v5.8; written afresh.
 *
 * At a conditional jump the verifier asks whether it can tell which way the
 * jump goes. If it can (both sides known, or the bounds decide), it follows
 * only that way: this is what lets a privileged loop with a constant counter
 * run to its end instead of forever. If it cannot, it follows the
 * fall-through now and pushes a copy of the state for the jump target,
 * to walk later: every path is walked.
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
		/* A pointer to the stack or the context is never NULL:
		 * comparing it with zero has a known answer.
		 */
		if (reg->type != PTR_TO_STACK && reg->type != PTR_TO_CTX)
			return -1;
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

int check_cond_jmp_op(struct bpf_verifier_env *env, struct bpf_insn *insn,
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

	/* What the comparison teaches: after `if r1 == 5 goto`, r1 is 5 on
	 * the jump side (and after `!=`, on the fall-through side). The
	 * kernel's reg_set_min_max() narrows the bounds for every operator;
	 * this part keeps the equality case, for 64-bit compares.
	 */
	if (!is_jmp32 && dst_reg->type == SCALAR_VALUE &&
	    (opcode == BPF_JEQ || opcode == BPF_JNE)) {
		u64 val = 0;
		bool known = true;

		if (BPF_SRC(insn->code) == BPF_K)
			val = (u64)(s64)insn->imm;
		else if (src_reg->type == SCALAR_VALUE && tnum_is_const(src_reg->var_off))
			val = src_reg->var_off.value;
		else
			known = false;
		if (known) {
			struct bpf_reg_state *eq = opcode == BPF_JEQ ?
				&other_branch_regs[insn->dst_reg] : dst_reg;

			__mark_reg_known(eq, val);
		}
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
