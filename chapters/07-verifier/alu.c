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

/*
 * dst op= src (or op= imm) for every operation but mov, neg and the byte
 * swaps: which of the three cases it is. A pointer with a scalar moves the
 * pointer (ptr_alu.c), the scalar's value deciding where: it must be
 * exact (precise). Two pointers give a number, to a loader that may see
 * addresses, by subtraction only. Two scalars: scalar_alu.c.
 */
static int adjust_reg_min_max_vals(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	struct bpf_verifier_state *vstate = env->cur_state;
	struct bpf_reg_state *regs = vstate->frame[vstate->curframe]->regs;
	struct bpf_reg_state *dst_reg = &regs[insn->dst_reg], *src_reg, imm_reg = {0};
	bool dst_is_ptr = dst_reg->type != SCALAR_VALUE;
	u8 opcode = BPF_OP(insn->code);

	/* A scalar's result is no longer a copy of anything: without its id,
	 * find_equal_scalars() (5.11) will not hand its new bounds to the
	 * registers it was copied from.
	 */
	if (!dst_is_ptr)
		dst_reg->id = 0;

	if (BPF_SRC(insn->code) == BPF_K) {
		/* the immediate, as a register known to hold it */
		imm_reg.type = SCALAR_VALUE;
		__mark_reg_known(&imm_reg, insn->imm);
		if (dst_is_ptr)
			return adjust_ptr_min_max_vals(env, insn, dst_reg, &imm_reg);
		return adjust_scalar_min_max_vals(env, insn, dst_reg, imm_reg);
	}

	src_reg = &regs[insn->src_reg];
	if (src_reg->type != SCALAR_VALUE && dst_is_ptr) {
		if (opcode == BPF_SUB && env->allow_ptr_leaks) {
			mark_reg_unknown(env, regs, insn->dst_reg);
			return 0;
		}
		verbose(env, "R%d pointer %s pointer prohibited\n",
			insn->dst_reg, bpf_alu_string[opcode >> 4]);
		return -EACCES;
	}
	if (src_reg->type != SCALAR_VALUE)
		/* scalar += pointer: the result is the pointer, moved */
		return mark_chain_precision(env, insn->dst_reg) ?:
		       adjust_ptr_min_max_vals(env, insn, src_reg, dst_reg);
	if (dst_is_ptr)
		return mark_chain_precision(env, insn->src_reg) ?:
		       adjust_ptr_min_max_vals(env, insn, dst_reg, src_reg);
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

/*
 * dst = src. A 64-bit copy is the same value: both registers share an id
 * (a scalar's, assigned now), so that a bound learned of one holds for the
 * other. A 32-bit copy is the low half, zero-extended: a number, never a
 * pointer's half, and no longer the same value. movsx (ISA v4, off 8, 16
 * or 32) sign-extends part of a scalar.
 */
static int check_mov_reg(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	struct bpf_reg_state *regs = cur_regs(env);
	struct bpf_reg_state *src_reg = regs + insn->src_reg, *dst_reg = regs + insn->dst_reg;
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;

	if (insn->off) {
		/* a pointer's parts mean nothing */
		if (src_reg->type != SCALAR_VALUE) {
			verbose(env, "R%d sign-extension part of pointer\n", insn->src_reg);
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
		return 0;
	}
	if (is64) {
		assign_scalar_id(env, src_reg);
		copy_register_state(dst_reg, src_reg);
		dst_reg->subreg_def = DEF_NOT_SUBREG;
		return 0;
	}
	if (is_pointer_value(env, insn->src_reg)) {
		verbose(env, "R%d partial copy of pointer\n", insn->src_reg);
		return -EACCES;
	}
	if (src_reg->type == SCALAR_VALUE) {
		copy_register_state(dst_reg, src_reg);
		dst_reg->id = 0;
		dst_reg->subreg_def = env->insn_idx + 1;
	} else {
		/* a pointer, for a loader that may see addresses: some number */
		mark_reg_unknown(env, regs, insn->dst_reg);
	}
	zext_32_to_64(dst_reg);
	reg_bounds_sync(dst_reg);
	return 0;
}

/*
 * An ALU or ALU64 instruction. Its operands are read (and fp never
 * written), the immediate checked (chapter 03), then its effect computed:
 *
 *   neg, byte swaps   of a scalar only: the result is unknown
 *   mov               a copy, or a constant
 *   the rest          adjust_reg_min_max_vals()
 */
int check_alu_op(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	u8 opcode = BPF_OP(insn->code);
	bool by_reg = BPF_SRC(insn->code) == BPF_X;
	int err;

	err = check_reserved_fields(env, insn);
	if (err)
		return err;

	if (opcode == BPF_END || opcode == BPF_NEG) {
		err = check_reg_arg(env, insn->dst_reg, SRC_OP);
		if (err)
			return err;
		if (is_pointer_value(env, insn->dst_reg)) {
			verbose(env, "R%d pointer arithmetic prohibited\n", insn->dst_reg);
			return -EACCES;
		}
		return check_reg_arg(env, insn->dst_reg, DST_OP);
	}

	if (opcode == BPF_MOV) {
		/* dst is marked by what it is given, below */
		err = (by_reg ? check_reg_arg(env, insn->src_reg, SRC_OP) : 0) ?:
		      check_reg_arg(env, insn->dst_reg, DST_OP_NO_MARK);
		if (err)
			return err;
		if (by_reg)
			return check_mov_reg(env, insn);
		/* dst = imm: sign-extended to 64 bits, zero-extended from 32 */
		mark_reg_unknown(env, cur_regs(env), insn->dst_reg);
		__mark_reg_known(cur_regs(env) + insn->dst_reg,
				 BPF_CLASS(insn->code) == BPF_ALU64 ? (u64)(s64)insn->imm
								    : (u64)(u32)insn->imm);
		return 0;
	}

	/* dst op= src: both read, then dst written */
	err = (by_reg ? check_reg_arg(env, insn->src_reg, SRC_OP) : 0) ?:
	      check_reg_arg(env, insn->dst_reg, SRC_OP) ?:
	      check_alu_imm(env, insn) ?:
	      check_reg_arg(env, insn->dst_reg, DST_OP_NO_MARK);
	if (err)
		return err;
	return adjust_reg_min_max_vals(env, insn);
}
