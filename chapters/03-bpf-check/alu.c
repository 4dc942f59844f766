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

/* Does a + b leave the range of an s64? */
static bool signed_add_overflows(s64 a, s64 b)
{
	s64 sum;

	return __builtin_add_overflow(a, b, &sum);
}

/*
 * A pointer's variable part moved by off: each of its ranges is the sum of
 * the two, [a, b] + [c, d] = [a + c, b + d], or, if an end overflows, the
 * whole of its type. The known bits add as tnums.
 */
static void scalar_add_bounds(struct bpf_reg_state *dst, const struct bpf_reg_state *ptr,
			      const struct bpf_reg_state *off)
{
	bool s_wraps = signed_add_overflows(ptr->smin_value, off->smin_value) ||
		       signed_add_overflows(ptr->smax_value, off->smax_value);
	u64 ulo = ptr->umin_value + off->umin_value, uhi = ptr->umax_value + off->umax_value;
	bool u_wraps = ulo < off->umin_value || uhi < off->umax_value;

	dst->smin_value = s_wraps ? S64_MIN : ptr->smin_value + off->smin_value;
	dst->smax_value = s_wraps ? S64_MAX : ptr->smax_value + off->smax_value;
	dst->umin_value = u_wraps ? 0 : ulo;
	dst->umax_value = u_wraps ? U64_MAX : uhi;
	dst->var_off = tnum_add(ptr->var_off, off->var_off);
}

/*
 * Offsets stay far from overflow: every part of a pointer's offset, and
 * any offset added to it, must lie strictly within +-BPF_MAX_VAR_OFF
 * (2^29), so that no sum of them can wrap. Checked in this order: a known
 * value, the fixed offset, an unbounded minimum, a minimum too large.
 */
static bool check_reg_sane_offset(struct bpf_verifier_env *env,
				  const struct bpf_reg_state *reg,
				  enum bpf_reg_type type)
{
	const char *ptr = reg_type_str[type];
	s64 known = (s64)reg->var_off.value, smin = reg->smin_value;

	if (tnum_is_const(reg->var_off) && (known <= -BPF_MAX_VAR_OFF || known >= BPF_MAX_VAR_OFF)) {
		verbose(env, "math between %s pointer and %lld is not allowed\n",
			ptr, (long long)known);
		return false;
	}
	if (reg->off <= -BPF_MAX_VAR_OFF || reg->off >= BPF_MAX_VAR_OFF) {
		verbose(env, "%s pointer offset %d is not allowed\n", ptr, reg->off);
		return false;
	}
	if (smin == S64_MIN) {
		verbose(env, "math between %s pointer and register with unbounded min value is not allowed\n",
			ptr);
		return false;
	}
	if (smin <= -BPF_MAX_VAR_OFF || smin >= BPF_MAX_VAR_OFF) {
		verbose(env, "value %lld makes %s pointer be out of bounds\n",
			(long long)smin, ptr);
		return false;
	}
	return true;
}

/*
 * Unprivileged: a stack pointer must stay at a known offset inside the
 * frame, for every later access to be checked (and masked) against it.
 */
static int check_unpriv_stack_ptr(struct bpf_verifier_env *env, u32 dst,
				  const struct bpf_reg_state *reg)
{
	s64 at = (s64)reg->off + (s64)reg->var_off.value;
	char tn_buf[48];

	if (!tnum_is_const(reg->var_off)) {
		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, "R%d variable stack access prohibited for !root, var_off=%s off=%d\n",
			dst, tn_buf, reg->off);
		return -EACCES;
	}
	if (at < 0 && at >= -MAX_BPF_STACK)
		return 0;
	verbose(env, "invalid stack off=%lld size=%d\n", (long long)at, 1);
	verbose(env, "R%d stack pointer arithmetic goes out of range, prohibited for !root\n", dst);
	return -EACCES;
}

/*
 * pointer op scalar (or scalar + pointer): the result, in the instruction's
 * dst register, is the pointer moved. A constant that fits the s32 field
 * moves its fixed offset (reg->off); anything else its variable part.
 * Only add and subtract, only in 64 bits, never a map pointer or pkt_end,
 * never fp downwards by subtraction (a JIT may not cope: the selftest
 * "invalid fp arithmetic").
 */
static int adjust_ptr_min_max_vals(struct bpf_verifier_env *env,
				   struct bpf_insn *insn,
				   const struct bpf_reg_state *ptr_reg,
				   const struct bpf_reg_state *off_reg)
{
	/* copies: dst may be either of them */
	struct bpf_reg_state ptr = *ptr_reg, off = *off_reg;
	u32 dst = insn->dst_reg;
	struct bpf_reg_state *dst_reg = &cur_regs(env)[dst];
	bool known = tnum_is_const(off.var_off);
	u8 opcode = BPF_OP(insn->code);
	s64 moved;

	/* an offset whose bounds contradict themselves comes from a path
	 * that cannot run (a dead branch): dst is anything
	 */
	if (off.smin_value > off.smax_value || off.umin_value > off.umax_value ||
	    (known && (off.smin_value != off.smax_value || off.umin_value != off.umax_value))) {
		__mark_reg_unknown(env, dst_reg);
		return 0;
	}
	/* 32 bits of an address are a number, for whoever may see one, and
	 * only as a difference
	 */
	if (BPF_CLASS(insn->code) != BPF_ALU64) {
		if (opcode != BPF_SUB || !env->allow_ptr_leaks) {
			verbose(env, "R%d 32-bit pointer arithmetic prohibited\n", dst);
			return -EACCES;
		}
		__mark_reg_unknown(env, dst_reg);
		return 0;
	}
	if (ptr.type == PTR_TO_MAP_VALUE_OR_NULL) {
		verbose(env, "R%d pointer arithmetic on %s prohibited, null-check it first\n",
			dst, reg_type_str[ptr.type]);
		return -EACCES;
	}
	if (ptr.type == CONST_PTR_TO_MAP || ptr.type == PTR_TO_PACKET_END) {
		verbose(env, "R%d pointer arithmetic on %s prohibited\n",
			dst, reg_type_str[ptr.type]);
		return -EACCES;
	}

	/* dst is the pointer now, whichever register it was */
	dst_reg->type = ptr.type;
	dst_reg->frameno = ptr.frameno;
	dst_reg->id = ptr.id;
	if (!check_reg_sane_offset(env, &off, ptr.type) ||
	    !check_reg_sane_offset(env, &ptr, ptr.type))
		return -EINVAL;

	if (opcode == BPF_AND || opcode == BPF_OR || opcode == BPF_XOR) {
		verbose(env, "R%d bitwise operator %s on pointer prohibited\n",
			dst, bpf_alu_string[opcode >> 4]);
		return -EACCES;
	}
	if (opcode != BPF_ADD && opcode != BPF_SUB) {
		verbose(env, "R%d pointer arithmetic with %s operator prohibited\n",
			dst, bpf_alu_string[opcode >> 4]);
		return -EACCES;
	}
	/* (scalar -= pointer was refused by the caller) */
	if (opcode == BPF_SUB && ptr.type == PTR_TO_STACK) {
		verbose(env, "R%d subtraction from stack pointer prohibited\n", dst);
		return -EACCES;
	}

	moved = opcode == BPF_ADD ? (s64)ptr.off + off.smin_value : (s64)ptr.off - off.smin_value;
	dst_reg->off = ptr.off;
	if (known && moved == (s64)(s32)moved) {
		/* the constant joins the fixed offset */
		dst_reg->var_off = ptr.var_off;
		dst_reg->smin_value = ptr.smin_value;
		dst_reg->smax_value = ptr.smax_value;
		dst_reg->umin_value = ptr.umin_value;
		dst_reg->umax_value = ptr.umax_value;
		dst_reg->off = (s32)moved;
	} else if (opcode == BPF_ADD) {
		scalar_add_bounds(dst_reg, &ptr, &off);
	} else {
		/* a variable amount subtracted: not followed here (chapter
		 * 07 does); the variable offset is unknown
		 */
		dst_reg->var_off = tnum_unknown;
		dst_reg->smin_value = S64_MIN;
		dst_reg->smax_value = S64_MAX;
		dst_reg->umin_value = 0;
		dst_reg->umax_value = U64_MAX;
	}

	if (!check_reg_sane_offset(env, dst_reg, ptr.type))
		return -EINVAL;
	if (!env->allow_ptr_leaks && dst_reg->type == PTR_TO_STACK)
		return check_unpriv_stack_ptr(env, dst, dst_reg);
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

/*
 * dst op= src, two scalars: followed exactly when both are known (and
 * the operation is not a division, which v5.8 does not follow), else an
 * unknown value of the instruction's width. A shift by the width or more
 * is undefined (the interpreter and the JITs each do something else): its
 * result is unknown too.
 */
static int adjust_scalar_min_max_vals(struct bpf_verifier_env *env,
				      struct bpf_insn *insn,
				      struct bpf_reg_state *dst_reg,
				      struct bpf_reg_state src_reg)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	u8 opcode = BPF_OP(insn->code);
	bool shift = opcode == BPF_LSH || opcode == BPF_RSH || opcode == BPF_ARSH;
	u64 res;

	if (!(shift && src_reg.umax_value >= (is64 ? 64u : 32u)) &&
	    tnum_is_const(dst_reg->var_off) && tnum_is_const(src_reg.var_off) &&
	    insn->off == 0 &&
	    scalar_const_op(opcode, is64, dst_reg->var_off.value, src_reg.var_off.value, &res)) {
		__mark_reg_known(dst_reg, res);
		return 0;
	}
	__mark_reg_unknown(env, dst_reg);
	if (!is64)
		coerce_reg_to_size(dst_reg, 4);
	return 0;
}

/*
 * dst op= src (or op= imm) for every operation but mov, neg and the byte
 * swaps: which case it is. A pointer with a scalar moves the pointer; two
 * pointers give a number, to a loader that may see addresses, by
 * subtraction only; two scalars, adjust_scalar_min_max_vals().
 */
static int adjust_reg_min_max_vals(struct bpf_verifier_env *env,
				   struct bpf_insn *insn)
{
	struct bpf_reg_state *regs = cur_regs(env), imm_reg = {0};
	struct bpf_reg_state *dst_reg = &regs[insn->dst_reg], *src_reg;
	bool dst_is_ptr = dst_reg->type != SCALAR_VALUE;
	u8 opcode = BPF_OP(insn->code);

	if (BPF_SRC(insn->code) == BPF_K) {
		/* the immediate, as a register known to hold it */
		imm_reg.type = SCALAR_VALUE;
		__mark_reg_known(&imm_reg, (s64)insn->imm);
		src_reg = &imm_reg;
	} else {
		src_reg = &regs[insn->src_reg];
	}

	if (src_reg->type != SCALAR_VALUE && dst_is_ptr) {
		if (opcode == BPF_SUB && env->allow_ptr_leaks) {
			mark_reg_unknown(env, regs, insn->dst_reg);
			return 0;
		}
		verbose(env, "R%d pointer %s pointer prohibited\n",
			insn->dst_reg, bpf_alu_string[opcode >> 4]);
		return -EACCES;
	}
	if (src_reg->type != SCALAR_VALUE) {
		/* scalar op pointer: the result is the pointer, moved; a
		 * scalar less a pointer is not one
		 */
		if (opcode == BPF_SUB) {
			verbose(env, "R%d tried to subtract pointer from scalar\n", insn->dst_reg);
			return -EACCES;
		}
		return adjust_ptr_min_max_vals(env, insn, src_reg, dst_reg);
	}
	if (dst_is_ptr)
		return adjust_ptr_min_max_vals(env, insn, dst_reg, src_reg);
	return adjust_scalar_min_max_vals(env, insn, dst_reg, *src_reg);
}

/*
 * dst = src, in either width, or dst = a sign-extended part of src
 * (movsx, ISA v4: the result is some number of the width). A 32-bit copy
 * of a pointer is refused to a loader that may not see addresses, and is
 * a number for one that may.
 */
static int check_mov_reg(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	struct bpf_reg_state *regs = cur_regs(env);
	struct bpf_reg_state *src_reg = regs + insn->src_reg, *dst_reg = regs + insn->dst_reg;

	if (insn->off) {
		if (src_reg->type != SCALAR_VALUE) {
			verbose(env, "R%d sign-extension part of pointer\n", insn->src_reg);
			return -EACCES;
		}
		mark_reg_unknown(env, regs, insn->dst_reg);
		if (BPF_CLASS(insn->code) == BPF_ALU)
			coerce_reg_to_size(dst_reg, 4);
		return 0;
	}
	if (BPF_CLASS(insn->code) == BPF_ALU64) {
		*dst_reg = *src_reg;
		dst_reg->live |= REG_LIVE_WRITTEN;
		return 0;
	}
	if (is_pointer_value(env, insn->src_reg)) {
		verbose(env, "R%d partial copy of pointer\n", insn->src_reg);
		return -EACCES;
	}
	if (src_reg->type == SCALAR_VALUE) {
		*dst_reg = *src_reg;
		dst_reg->live |= REG_LIVE_WRITTEN;
	} else {
		mark_reg_unknown(env, regs, insn->dst_reg);
	}
	coerce_reg_to_size(dst_reg, 4);
	return 0;
}

/*
 * An ALU or ALU64 instruction: its operands read (and fp never written),
 * the immediate checked, then its effect on dst:
 *
 *   neg, byte swaps   of a scalar only: the result is unknown
 *   mov               a copy (check_mov_reg()), or a constant
 *   the rest          adjust_reg_min_max_vals()
 */
__weak int check_alu_op(struct bpf_verifier_env *env, struct bpf_insn *insn)
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
