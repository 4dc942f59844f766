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

/*
 * Does "x op val" hold for every value the bounds allow (1), for none (0),
 * or for some (-1)? == and != need x known; JSET is decided by a bit of
 * val known set in x, or by no bit of val possibly set; the orders by the
 * range. (The "every" test wins on bounds that contradict themselves.)
 */
static int is_branch_taken_bounds(const struct bounds *b, u64 val, s64 sval, u8 opcode)
{
	bool known = tnum_is_const(b->t), always, never;

	switch (opcode) {
	case BPF_JEQ:
		always = known && b->t.value == val;
		never = known && b->t.value != val;
		break;
	case BPF_JNE:
		always = known && b->t.value != val;
		never = known && b->t.value == val;
		break;
	case BPF_JSET:
		always = b->t.value & ~b->t.mask & val;
		never = !((b->t.value | b->t.mask) & val);
		break;
	case BPF_JGT:
		always = b->umin > val;
		never = b->umax <= val;
		break;
	case BPF_JGE:
		always = b->umin >= val;
		never = b->umax < val;
		break;
	case BPF_JLT:
		always = b->umax < val;
		never = b->umin >= val;
		break;
	case BPF_JLE:
		always = b->umax <= val;
		never = b->umin > val;
		break;
	case BPF_JSGT:
		always = b->smin > sval;
		never = b->smax <= sval;
		break;
	case BPF_JSGE:
		always = b->smin >= sval;
		never = b->smax < sval;
		break;
	case BPF_JSLT:
		always = b->smax < sval;
		never = b->smin >= sval;
		break;
	case BPF_JSLE:
		always = b->smax <= sval;
		never = b->smin > sval;
		break;
	default:
		return -1;
	}
	return always ? 1 : never ? 0 : -1;
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

/*
 * "if (reg op val) goto": 1 if the jump is always taken, 0 if never, -1 if
 * the state allows both. Of a pointer only one thing is known: a type that
 * cannot be NULL is not 0.
 */
static int is_branch_taken(const struct bpf_reg_state *reg, u64 val, u8 opcode,
			   bool is_jmp32)
{
	struct bounds b;

	if (reg->type != SCALAR_VALUE) {
		if (!reg_type_not_null(reg->type) || val != 0)
			return -1;
		return opcode == BPF_JNE ? 1 : opcode == BPF_JEQ ? 0 : -1;
	}
	if (is_jmp32) {
		b = bounds32(reg);
		return is_branch_taken_bounds(&b, (u32)val, (s32)val, opcode);
	}
	b = bounds64(reg);
	return is_branch_taken_bounds(&b, val, (s64)val, opcode);
}

/*
 * The bounds the known bits imply: unsigned, every unknown bit clear at the
 * bottom and set at the top; signed, the sign bit set at the bottom if it
 * may be, clear at the top if it may be. Each bound only tightens.
 */
static void __update_reg_bounds(struct bpf_reg_state *reg)
{
	u64 v = reg->var_off.value, m = reg->var_off.mask, sign = 1ULL << 63;

	reg->smin_value = max_t(s64, reg->smin_value, v | (m & sign));
	reg->smax_value = min_t(s64, reg->smax_value, v | (m & ~sign));
	reg->umin_value = max(reg->umin_value, v);
	reg->umax_value = min(reg->umax_value, v | m);
}

/*
 * The signed and the unsigned range teach each other. A signed range on
 * one side of zero is, read unsigned, the same numbers (-3..-1 is
 * 0xf..fd..0xf..ff): both become the overlap. One that crosses zero learns
 * from an unsigned range below the sign bit (all values >= 0: the signed
 * minimum is the unsigned one) or above it (all negative: the signed
 * maximum is), the other end cut by the unsigned range.
 */
static void __reg_deduce_bounds(struct bpf_reg_state *reg)
{
	u64 lo = max_t(u64, reg->smin_value, reg->umin_value);
	u64 hi = min_t(u64, reg->smax_value, reg->umax_value);

	if (reg->smin_value >= 0 || reg->smax_value < 0) {
		reg->smin_value = reg->umin_value = lo;
		reg->smax_value = reg->umax_value = hi;
	} else if ((s64)reg->umax_value >= 0) {
		reg->smin_value = reg->umin_value;
		reg->smax_value = reg->umax_value = hi;
	} else if ((s64)reg->umin_value < 0) {
		reg->smax_value = reg->umax_value;
		reg->smin_value = reg->umin_value = lo;
	}
}

/* The unsigned range says which high bits every value shares. */
static void __reg_bound_offset(struct bpf_reg_state *reg)
{
	reg->var_off = tnum_intersect(reg->var_off, tnum_range(reg->umin_value, reg->umax_value));
}

/*
 * "if (x op val) goto", x a scalar: what x is on the side the jump goes
 * (true_reg, in the pushed state) and on the fall-through (false_reg).
 * The equal side of == and != knows x. An order cuts the range at val:
 * where "x > val" (or >=) holds, x is at least val + 1 (val); where it does
 * not, at most val (val - 1); x < val is "not x >= val", and x <= val "not
 * x > val", the same cut with the sides swapped. The compares the bounds
 * decided never get here (the caller follows one side only), so val + 1
 * and val - 1 cannot wrap into a range that is kept. Then the views are
 * made to agree.
 *
 * Only 64-bit compares: the kernel (5.7+) also keeps 32-bit bounds and
 * refines them at JMP32 compares; this part does not track them.
 */
static void reg_set_min_max(struct bpf_reg_state *true_reg,
			    struct bpf_reg_state *false_reg,
			    u64 val, u8 opcode)
{
	s64 sval = (s64)val;
	struct bpf_reg_state *above, *below;
	bool strict;

	/* a pointer's offset compared with a number says nothing */
	if (false_reg->type != SCALAR_VALUE)
		return;

	switch (opcode) {
	case BPF_JEQ:
	case BPF_JNE:
		__mark_reg_known(opcode == BPF_JEQ ? true_reg : false_reg, val);
		return;
	case BPF_JGT:
	case BPF_JGE:
	case BPF_JSGT:
	case BPF_JSGE:
		above = true_reg;
		below = false_reg;
		strict = opcode == BPF_JGT || opcode == BPF_JSGT;
		break;
	case BPF_JLT:
	case BPF_JLE:
	case BPF_JSLT:
	case BPF_JSLE:
		above = false_reg;
		below = true_reg;
		strict = opcode == BPF_JLE || opcode == BPF_JSLE;
		break;
	default:
		return;
	}

	if (opcode == BPF_JGT || opcode == BPF_JGE || opcode == BPF_JLT || opcode == BPF_JLE) {
		above->umin_value = max(above->umin_value, strict ? val + 1 : val);
		below->umax_value = min(below->umax_value, strict ? val : val - 1);
	} else {
		above->smin_value = max_t(s64, above->smin_value,
					  strict ? (s64)((u64)sval + 1) : sval);
		below->smax_value = min_t(s64, below->smax_value,
					  strict ? sval : (s64)((u64)sval - 1));
	}

	__reg_deduce_bounds(false_reg);
	__reg_deduce_bounds(true_reg);
	__reg_bound_offset(false_reg);
	__reg_bound_offset(true_reg);
	/* the new tnum can cut a bound once more (umax 0x7f..ff with the low
	 * bit known 0 gives umax 0x7f..fe)
	 */
	__update_reg_bounds(false_reg);
	__update_reg_bounds(true_reg);
}

/*
 * A conditional jump. Its operands are read (a pointer in src only by a
 * loader that may see addresses); if the state decides the jump, the walk
 * goes that way only; otherwise the jump's side is pushed, the
 * fall-through goes on, and a 64-bit compare with a constant cuts dst's
 * bounds on each side. A pointer in dst is compared only by a loader that
 * may see addresses.
 */
__weak int check_cond_jmp_op(struct bpf_verifier_env *env, struct bpf_insn *insn,
		      int *insn_idx)
{
	struct bpf_verifier_state *this_branch = env->cur_state, *other_branch;
	struct bpf_reg_state *regs = this_branch->frame[this_branch->curframe]->regs;
	struct bpf_reg_state *dst_reg, *src_reg = NULL;
	bool by_imm = BPF_SRC(insn->code) == BPF_K;
	bool is_jmp32 = BPF_CLASS(insn->code) == BPF_JMP32;
	u8 opcode = BPF_OP(insn->code);
	bool against_const;
	int pred, err;
	u64 val;

	err = check_reserved_fields(env, insn);
	if (err)
		return err;
	if (!by_imm) {
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;
		if (is_pointer_value(env, insn->src_reg)) {
			verbose(env, "R%d pointer comparison prohibited\n", insn->src_reg);
			return -EACCES;
		}
		src_reg = &regs[insn->src_reg];
	}
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	dst_reg = &regs[insn->dst_reg];

	/* the other operand, if it is a constant (an immediate, or a scalar
	 * known in all 64 bits)
	 */
	against_const = by_imm || (src_reg->type == SCALAR_VALUE && tnum_is_const(src_reg->var_off));
	val = by_imm ? (u64)(s64)insn->imm : src_reg->var_off.value;
	pred = against_const ? is_branch_taken(dst_reg, val, opcode, is_jmp32) : -1;
	if (pred >= 0) {
		if (pred)
			*insn_idx += insn->off;
		return 0;
	}

	other_branch = push_stack(env, *insn_idx + insn->off + 1, *insn_idx);
	if (!other_branch)
		return -EFAULT;
	if (against_const && !is_jmp32)
		reg_set_min_max(&other_branch->frame[other_branch->curframe]->regs[insn->dst_reg],
				dst_reg, val, opcode);

	if (is_pointer_value(env, insn->dst_reg)) {
		verbose(env, "R%d pointer comparison prohibited\n", insn->dst_reg);
		return -EACCES;
	}
	if (env->log.level & BPF_LOG_LEVEL)
		print_verifier_state(env, this_branch->frame[this_branch->curframe]);
	return 0;
}
