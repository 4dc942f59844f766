// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: check_alu_op(), adjust_reg_min_max_vals(),
 * adjust_ptr_min_max_vals(), check_reg_sane_offset(),
 * adjust_scalar_min_max_vals(), Linux v5.8 (plus movsx, Linux 6.6);
 * written afresh.
 *
 * Arithmetic on scalars is followed exactly while both operands are known
 * constants (that is what walks `for (i = 0; i < 10; i++)` to its end);
 * otherwise the result is an unknown scalar of the operation's width.
 * Arithmetic on pointers is where safety lives: a pointer may only move by
 * adding or subtracting a scalar, only in 64 bits, and its offset must stay
 * far from overflow, so every later access can be checked against the
 * object it points into.
 */
#include "internal.h"
#include "disasm.h"		/* bpf_alu_string[] */

static bool signed_add_overflows(s64 a, s64 b)
{
	s64 res;

	return __builtin_add_overflow(a, b, &res);
}

/* dst = dst + src for the variable parts of a pointer: tnum and bounds. */
static void scalar_add_bounds(struct bpf_reg_state *dst, const struct bpf_reg_state *ptr,
			      const struct bpf_reg_state *off)
{
	if (signed_add_overflows(ptr->smin_value, off->smin_value) ||
	    signed_add_overflows(ptr->smax_value, off->smax_value)) {
		dst->smin_value = S64_MIN;
		dst->smax_value = S64_MAX;
	} else {
		dst->smin_value = ptr->smin_value + off->smin_value;
		dst->smax_value = ptr->smax_value + off->smax_value;
	}
	if (ptr->umin_value + off->umin_value < off->umin_value ||
	    ptr->umax_value + off->umax_value < off->umax_value) {
		dst->umin_value = 0;
		dst->umax_value = U64_MAX;
	} else {
		dst->umin_value = ptr->umin_value + off->umin_value;
		dst->umax_value = ptr->umax_value + off->umax_value;
	}
	dst->var_off = tnum_add(ptr->var_off, off->var_off);
}

static bool check_reg_sane_offset(struct bpf_verifier_env *env,
				  const struct bpf_reg_state *reg,
				  enum bpf_reg_type type)
{
	bool known = tnum_is_const(reg->var_off);
	s64 val = reg->var_off.value;
	s64 smin = reg->smin_value;

	if (known && (val >= BPF_MAX_VAR_OFF || val <= -BPF_MAX_VAR_OFF)) {
		verbose(env, "math between %s pointer and %lld is not allowed\n",
			reg_type_str[type], (long long)val);
		return false;
	}

	if (reg->off >= BPF_MAX_VAR_OFF || reg->off <= -BPF_MAX_VAR_OFF) {
		verbose(env, "%s pointer offset %d is not allowed\n",
			reg_type_str[type], reg->off);
		return false;
	}

	if (smin == S64_MIN) {
		verbose(env, "math between %s pointer and register with unbounded min value is not allowed\n",
			reg_type_str[type]);
		return false;
	}

	if (smin >= BPF_MAX_VAR_OFF || smin <= -BPF_MAX_VAR_OFF) {
		verbose(env, "value %lld makes %s pointer be out of bounds\n",
			(long long)smin, reg_type_str[type]);
		return false;
	}

	return true;
}

/* Handles arithmetic on a pointer and a scalar: pointer += K and friends.
 * The result lands in the instruction's dst register, which may be the
 * pointer or the scalar (scalar += pointer gives a pointer too).
 */
static int adjust_ptr_min_max_vals(struct bpf_verifier_env *env,
				   struct bpf_insn *insn,
				   const struct bpf_reg_state *ptr_reg,
				   const struct bpf_reg_state *off_reg)
{
	struct bpf_reg_state *regs = cur_regs(env), *dst_reg;
	bool known = tnum_is_const(off_reg->var_off);
	struct bpf_reg_state ptr = *ptr_reg, off = *off_reg;
	s64 smin_val = off.smin_value, smax_val = off.smax_value;
	u64 umin_val = off.umin_value, umax_val = off.umax_value;
	u8 opcode = BPF_OP(insn->code);
	u32 dst = insn->dst_reg;

	dst_reg = &regs[dst];

	if ((known && (smin_val != smax_val || umin_val != umax_val)) ||
	    smin_val > smax_val || umin_val > umax_val) {
		/* Taint dst register if offset had invalid bounds derived from
		 * e.g. dead branches.
		 */
		__mark_reg_unknown(env, dst_reg);
		return 0;
	}

	if (BPF_CLASS(insn->code) != BPF_ALU64) {
		/* 32-bit ALU ops on pointers produce (meaningless) scalars */
		if (opcode == BPF_SUB && env->allow_ptr_leaks) {
			__mark_reg_unknown(env, dst_reg);
			return 0;
		}
		verbose(env, "R%d 32-bit pointer arithmetic prohibited\n", dst);
		return -EACCES;
	}

	switch (ptr.type) {
	case PTR_TO_MAP_VALUE_OR_NULL:
		verbose(env, "R%d pointer arithmetic on %s prohibited, null-check it first\n",
			dst, reg_type_str[ptr.type]);
		return -EACCES;
	case CONST_PTR_TO_MAP:
	case PTR_TO_PACKET_END:
		verbose(env, "R%d pointer arithmetic on %s prohibited\n",
			dst, reg_type_str[ptr.type]);
		return -EACCES;
	default:
		break;
	}

	/* In case of 'scalar += pointer', dst_reg inherits pointer type and id.
	 * The id may be overwritten later if we create a new variable offset.
	 */
	dst_reg->type = ptr.type;
	dst_reg->id = ptr.id;
	dst_reg->frameno = ptr.frameno;

	if (!check_reg_sane_offset(env, &off, ptr.type) ||
	    !check_reg_sane_offset(env, &ptr, ptr.type))
		return -EINVAL;

	switch (opcode) {
	case BPF_ADD:
		/* We can take a fixed offset as long as it doesn't overflow
		 * the s32 'off' field
		 */
		if (known && (ptr.off + smin_val == (s64)(s32)(ptr.off + smin_val))) {
			/* pointer += K.  Accumulate it into fixed offset */
			dst_reg->smin_value = ptr.smin_value;
			dst_reg->smax_value = ptr.smax_value;
			dst_reg->umin_value = ptr.umin_value;
			dst_reg->umax_value = ptr.umax_value;
			dst_reg->var_off = ptr.var_off;
			dst_reg->off = ptr.off + smin_val;
			break;
		}
		/* A new variable offset is created. Note that off_reg->off
		 * == 0, since it's a scalar.
		 */
		scalar_add_bounds(dst_reg, &ptr, &off);
		dst_reg->off = ptr.off;
		break;
	case BPF_SUB:
		/* scalar -= pointer was refused by the caller. */
		/* We don't allow subtraction from FP, because (according to
		 * test_verifier.c test "invalid fp arithmetic", JITs might not
		 * support it.
		 */
		if (ptr.type == PTR_TO_STACK) {
			verbose(env, "R%d subtraction from stack pointer prohibited\n", dst);
			return -EACCES;
		}
		if (known && (ptr.off - smin_val == (s64)(s32)(ptr.off - smin_val))) {
			/* pointer -= K.  Subtract it from fixed offset */
			dst_reg->smin_value = ptr.smin_value;
			dst_reg->smax_value = ptr.smax_value;
			dst_reg->umin_value = ptr.umin_value;
			dst_reg->umax_value = ptr.umax_value;
			dst_reg->var_off = ptr.var_off;
			dst_reg->off = ptr.off - smin_val;
			break;
		}
		/* A variable part subtracted: this part of the verifier does
		 * not track it (the kernel computes tnum_sub); the pointer's
		 * variable offset becomes unknown.
		 */
		dst_reg->var_off = tnum_unknown;
		dst_reg->smin_value = S64_MIN;
		dst_reg->smax_value = S64_MAX;
		dst_reg->umin_value = 0;
		dst_reg->umax_value = U64_MAX;
		dst_reg->off = ptr.off;
		break;
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		/* bitwise ops on pointers are troublesome, prohibit. */
		verbose(env, "R%d bitwise operator %s on pointer prohibited\n",
			dst, bpf_alu_string[opcode >> 4]);
		return -EACCES;
	default:
		/* other operators (e.g. MUL,LSH) produce non-pointer results */
		verbose(env, "R%d pointer arithmetic with %s operator prohibited\n",
			dst, bpf_alu_string[opcode >> 4]);
		return -EACCES;
	}

	if (!check_reg_sane_offset(env, dst_reg, ptr.type))
		return -EINVAL;

	/* For unprivileged we require that resulting offset must be in bounds
	 * in order to be able to sanitize access later on.
	 */
	if (!env->allow_ptr_leaks && dst_reg->type == PTR_TO_STACK) {
		s64 soff = (s64)dst_reg->off + (s64)dst_reg->var_off.value;

		if (!tnum_is_const(dst_reg->var_off)) {
			char tn_buf[48];

			tnum_strn(tn_buf, sizeof(tn_buf), dst_reg->var_off);
			verbose(env, "R%d variable stack access prohibited for !root, var_off=%s off=%d\n",
				dst, tn_buf, dst_reg->off);
			return -EACCES;
		}
		if (soff >= 0 || soff < -MAX_BPF_STACK) {
			verbose(env, "invalid stack off=%lld size=%d\n", (long long)soff, 1);
			verbose(env, "R%d stack pointer arithmetic goes out of range, prohibited for !root\n",
				dst);
			return -EACCES;
		}
	}
	return 0;
}

/* Both operands known: compute the value the program will compute. */
static bool scalar_const_op(u8 opcode, bool is64, u64 dst, u64 src, u64 *res)
{
	u32 d32 = dst, s32v = src;

	if (is64) {
		switch (opcode) {
		case BPF_ADD:  *res = dst + src; return true;
		case BPF_SUB:  *res = dst - src; return true;
		case BPF_MUL:  *res = dst * src; return true;
		case BPF_AND:  *res = dst & src; return true;
		case BPF_OR:   *res = dst | src; return true;
		case BPF_XOR:  *res = dst ^ src; return true;
		case BPF_LSH:  *res = dst << src; return true;
		case BPF_RSH:  *res = dst >> src; return true;
		case BPF_ARSH: *res = (u64)((s64)dst >> src); return true;
		default: return false;
		}
	}
	switch (opcode) {
	case BPF_ADD:  *res = (u32)(d32 + s32v); return true;
	case BPF_SUB:  *res = (u32)(d32 - s32v); return true;
	case BPF_MUL:  *res = (u32)(d32 * s32v); return true;
	case BPF_AND:  *res = d32 & s32v; return true;
	case BPF_OR:   *res = d32 | s32v; return true;
	case BPF_XOR:  *res = d32 ^ s32v; return true;
	case BPF_LSH:  *res = (u32)(d32 << s32v); return true;
	case BPF_RSH:  *res = d32 >> s32v; return true;
	case BPF_ARSH: *res = (u32)((s32)d32 >> s32v); return true;
	default: return false;
	}
}

/* WARNING: This function does calculations on 64-bit values, but the actual
 * execution may occur on 32-bit values. Therefore, things like bitshifts
 * need extra checks in the 32-bit case.
 */
static int adjust_scalar_min_max_vals(struct bpf_verifier_env *env,
				      struct bpf_insn *insn,
				      struct bpf_reg_state *dst_reg,
				      struct bpf_reg_state src_reg)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	u8 opcode = BPF_OP(insn->code);
	u64 insn_bitness = is64 ? 64 : 32;
	u64 res;

	(void)env;
	/* A shift by as much as the width or more: the kernel gives up on
	 * the value (the JITs and the interpreter each do something else).
	 */
	if ((opcode == BPF_LSH || opcode == BPF_RSH || opcode == BPF_ARSH) &&
	    src_reg.umax_value >= insn_bitness) {
		__mark_reg_unknown(env, dst_reg);
		if (!is64)
			coerce_reg_to_size(dst_reg, 4);
		return 0;
	}

	if (tnum_is_const(dst_reg->var_off) && tnum_is_const(src_reg.var_off) &&
	    insn->off == 0 &&
	    scalar_const_op(opcode, is64, dst_reg->var_off.value,
			    src_reg.var_off.value, &res)) {
		__mark_reg_known(dst_reg, res);
		return 0;
	}

	/* Not both known (or DIV/MOD, which v5.8 does not follow): an
	 * unknown value of the operation's width.
	 */
	__mark_reg_unknown(env, dst_reg);
	if (!is64)
		coerce_reg_to_size(dst_reg, 4);
	return 0;
}

/* Handles ALU ops other than BPF_END, BPF_NEG and BPF_MOV: computes new min/max
 * and var_off.
 */
static int adjust_reg_min_max_vals(struct bpf_verifier_env *env,
				   struct bpf_insn *insn)
{
	struct bpf_reg_state *regs = cur_regs(env), *dst_reg, *src_reg;
	struct bpf_reg_state off_reg;
	u8 opcode = BPF_OP(insn->code);

	dst_reg = &regs[insn->dst_reg];
	src_reg = NULL;
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
				if (opcode == BPF_SUB) {
					verbose(env, "R%d tried to subtract pointer from scalar\n",
						insn->dst_reg);
					return -EACCES;
				}
				return adjust_ptr_min_max_vals(env, insn, src_reg, dst_reg);
			}
		} else if (dst_reg->type != SCALAR_VALUE) {
			/* pointer += scalar */
			return adjust_ptr_min_max_vals(env, insn, dst_reg, src_reg);
		}
	} else {
		/* Pretend the src is a reg with a known value, since we only
		 * need to be able to read from this state.
		 */
		off_reg.type = SCALAR_VALUE;
		__mark_reg_known(&off_reg, (s64)insn->imm);
		src_reg = &off_reg;
		if (dst_reg->type != SCALAR_VALUE) /* pointer += K */
			return adjust_ptr_min_max_vals(env, insn, dst_reg, src_reg);
	}

	return adjust_scalar_min_max_vals(env, insn, dst_reg, *src_reg);
}

/* check validity of 32-bit and 64-bit arithmetic operations */
__weak int check_alu_op(struct bpf_verifier_env *env, struct bpf_insn *insn)
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
			verbose(env, "R%d pointer arithmetic prohibited\n",
				insn->dst_reg);
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

			if (insn->off != 0) {
				/* movsx (ISA v4): sign-extend part of the source */
				if (src_reg->type != SCALAR_VALUE) {
					verbose(env, "R%d sign-extension part of pointer\n",
						insn->src_reg);
					return -EACCES;
				}
				mark_reg_unknown(env, regs, insn->dst_reg);
				if (BPF_CLASS(insn->code) == BPF_ALU)
					coerce_reg_to_size(dst_reg, 4);
			} else if (BPF_CLASS(insn->code) == BPF_ALU64) {
				/* case: R1 = R2
				 * copy register state to dest reg
				 */
				*dst_reg = *src_reg;
				dst_reg->live |= REG_LIVE_WRITTEN;
			} else {
				/* R1 = (u32) R2 */
				if (is_pointer_value(env, insn->src_reg)) {
					verbose(env, "R%d partial copy of pointer\n",
						insn->src_reg);
					return -EACCES;
				} else if (src_reg->type == SCALAR_VALUE) {
					*dst_reg = *src_reg;
					dst_reg->live |= REG_LIVE_WRITTEN;
				} else {
					mark_reg_unknown(env, regs, insn->dst_reg);
				}
				coerce_reg_to_size(dst_reg, 4);
			}
		} else {
			/* case: R = imm
			 * remember the value we stored into this reg
			 */
			/* clear any state __mark_reg_known doesn't set */
			mark_reg_unknown(env, regs, insn->dst_reg);
			regs[insn->dst_reg].type = SCALAR_VALUE;
			if (BPF_CLASS(insn->code) == BPF_ALU64)
				__mark_reg_known(regs + insn->dst_reg, (s64)insn->imm);
			else
				__mark_reg_known(regs + insn->dst_reg, (u32)insn->imm);
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
