// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: adjust_reg_min_max_vals() and
 * check_alu_op(), Linux v5.8 (register copies share an id so a bound
 * learned on one holds for the other, as Linux 5.11 does; movsx is
 * Linux 6.6's); written afresh.
 *
 * Which of the three cases an ALU instruction is: scalar with scalar (the
 * bounds of scalar_alu.c), pointer with scalar (ptr_alu.c), or pointer with
 * pointer (a scalar, and only for the loader allowed to see addresses).
 */
#include "verifier.h"
#include "disasm.h"		/* bpf_alu_string[] */

/* Handles ALU ops other than BPF_END, BPF_NEG and BPF_MOV: computes new min/max
 * and var_off.
 */
static int adjust_reg_min_max_vals(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	struct bpf_verifier_state *vstate = env->cur_state;
	struct bpf_func_state *state = vstate->frame[vstate->curframe];
	struct bpf_reg_state *regs = state->regs, *dst_reg, *src_reg;
	struct bpf_reg_state *ptr_reg = NULL, off_reg = {0};
	u8 opcode = BPF_OP(insn->code);
	int err;

	dst_reg = &regs[insn->dst_reg];
	src_reg = NULL;
	if (dst_reg->type != SCALAR_VALUE)
		ptr_reg = dst_reg;
	else
		/* Make sure ID is cleared otherwise dst_reg min/max could be
		 * incorrectly propagated into other registers by
		 * find_equal_scalars() (5.11)
		 */
		dst_reg->id = 0;
	if (BPF_SRC(insn->code) == BPF_X) {
		src_reg = &regs[insn->src_reg];
		if (src_reg->type != SCALAR_VALUE) {
			if (dst_reg->type != SCALAR_VALUE) {
				/* Combining two pointers by any ALU op yields
				 * an arbitrary scalar. Disallow all math except
				 * pointer subtraction
				 */
				if (opcode == BPF_SUB && env->allow_ptr_leaks) {
					mark_reg_unknown(env, regs, insn->dst_reg);
					return 0;
				}
				verbose(env, "R%d pointer %s pointer prohibited\n",
					insn->dst_reg, bpf_alu_string[opcode >> 4]);
				return -EACCES;
			} else {
				/* scalar += pointer
				 * This is legal, but we have to reverse our
				 * src/dest handling in computing the range
				 */
				err = mark_chain_precision(env, insn->dst_reg);
				if (err)
					return err;
				return adjust_ptr_min_max_vals(env, insn, src_reg, dst_reg);
			}
		} else if (ptr_reg) {
			/* pointer += scalar */
			err = mark_chain_precision(env, insn->src_reg);
			if (err)
				return err;
			return adjust_ptr_min_max_vals(env, insn, dst_reg, src_reg);
		}
	} else {
		/* Pretend the src is a reg with a known value, since we only
		 * need to be able to read from this state.
		 */
		off_reg.type = SCALAR_VALUE;
		__mark_reg_known(&off_reg, insn->imm);
		src_reg = &off_reg;
		if (ptr_reg) /* pointer += K */
			return adjust_ptr_min_max_vals(env, insn, ptr_reg, src_reg);
	}

	/* Got here implies adding two SCALAR_VALUEs */
	if (!src_reg) {
		verbose(env, "verifier internal error: no src_reg\n");
		return -EINVAL;
	}
	return adjust_scalar_min_max_vals(env, insn, dst_reg, *src_reg);
}

/* Give a scalar an id, so its copies can be found again (5.11). */
static void assign_scalar_id(struct bpf_verifier_env *env, struct bpf_reg_state *src_reg)
{
	if (src_reg->type == SCALAR_VALUE && !src_reg->id &&
	    !tnum_is_const(src_reg->var_off))
		src_reg->id = ++env->id_gen;
}

/* dst = src, as a register copy: the state, but dst's own liveness. */
static void copy_register_state(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	struct bpf_reg_state *parent = dst->parent;
	enum bpf_reg_liveness live = dst->live;
	s32 subreg_def = dst->subreg_def;

	*dst = *src;
	dst->parent = parent;
	dst->live = live | REG_LIVE_WRITTEN;
	dst->subreg_def = subreg_def;
}

/* check validity of 32-bit and 64-bit arithmetic operations */
int check_alu_op(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	struct bpf_reg_state *regs = cur_regs(env);
	u8 opcode = BPF_OP(insn->code);
	int err;

	err = check_reserved_fields(env, insn);
	if (err)
		return err;

	if (opcode == BPF_END || opcode == BPF_NEG) {
		/* check src operand */
		err = check_reg_arg(env, insn->dst_reg, SRC_OP);
		if (err)
			return err;

		if (is_pointer_value(env, insn->dst_reg)) {
			verbose(env, "R%d pointer arithmetic prohibited\n", insn->dst_reg);
			return -EACCES;
		}

		/* check dest operand */
		err = check_reg_arg(env, insn->dst_reg, DST_OP);
		if (err)
			return err;

	} else if (opcode == BPF_MOV) {
		if (BPF_SRC(insn->code) == BPF_X) {
			/* check src operand */
			err = check_reg_arg(env, insn->src_reg, SRC_OP);
			if (err)
				return err;
		}

		/* check dest operand, mark as required later */
		err = check_reg_arg(env, insn->dst_reg, DST_OP_NO_MARK);
		if (err)
			return err;

		if (BPF_SRC(insn->code) == BPF_X) {
			struct bpf_reg_state *src_reg = regs + insn->src_reg;
			struct bpf_reg_state *dst_reg = regs + insn->dst_reg;
			bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;

			if (insn->off) {
				/* movsx (ISA v4): a sign extension of a part
				 * of a scalar; a pointer's parts mean nothing
				 */
				if (src_reg->type != SCALAR_VALUE) {
					verbose(env, "R%d sign-extension part of pointer\n",
						insn->src_reg);
					return -EACCES;
				}
				copy_register_state(dst_reg, src_reg);
				dst_reg->id = 0;
				if (is64) {
					coerce_reg_to_size_sx(dst_reg, insn->off >> 3);
				} else {
					coerce_subreg_to_size_sx(dst_reg, insn->off >> 3);
					dst_reg->subreg_def = env->insn_idx + 1;
				}
			} else if (is64) {
				/* case: R1 = R2
				 * copy register state to dest reg
				 */
				assign_scalar_id(env, src_reg);
				copy_register_state(dst_reg, src_reg);
				dst_reg->subreg_def = DEF_NOT_SUBREG;
			} else {
				/* R1 = (u32) R2 */
				if (is_pointer_value(env, insn->src_reg)) {
					verbose(env, "R%d partial copy of pointer\n", insn->src_reg);
					return -EACCES;
				} else if (src_reg->type == SCALAR_VALUE) {
					copy_register_state(dst_reg, src_reg);
					/* The copy is not the same value, once
					 * the high half is cut off.
					 */
					dst_reg->id = 0;
					dst_reg->subreg_def = env->insn_idx + 1;
				} else {
					mark_reg_unknown(env, regs, insn->dst_reg);
				}
				zext_32_to_64(dst_reg);
				reg_bounds_sync(dst_reg);
			}
		} else {
			/* case: R = imm
			 * remember the value we stored into this reg
			 */
			/* clear any state __mark_reg_known doesn't set */
			mark_reg_unknown(env, regs, insn->dst_reg);
			regs[insn->dst_reg].type = SCALAR_VALUE;
			if (BPF_CLASS(insn->code) == BPF_ALU64) {
				__mark_reg_known(regs + insn->dst_reg, insn->imm);
			} else {
				__mark_reg_known(regs + insn->dst_reg, (u32)insn->imm);
			}
		}

	} else {	/* all other ALU ops: and, sub, xor, add, ... */

		if (BPF_SRC(insn->code) == BPF_X) {
			/* check src1 operand */
			err = check_reg_arg(env, insn->src_reg, SRC_OP);
			if (err)
				return err;
		}

		/* check src2 operand */
		err = check_reg_arg(env, insn->dst_reg, SRC_OP);
		if (err)
			return err;

		err = check_alu_imm(env, insn);
		if (err)
			return err;

		/* check dest operand */
		err = check_reg_arg(env, insn->dst_reg, DST_OP_NO_MARK);
		if (err)
			return err;

		return adjust_reg_min_max_vals(env, insn);
	}

	return 0;
}
