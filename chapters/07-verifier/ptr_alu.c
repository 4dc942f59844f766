// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: check_reg_sane_offset(),
 * retrieve_ptr_limit(), can_skip_alu_sanitation(),
 * update_alu_sanitation_state(), sanitize_val_alu(), sanitize_ptr_alu()
 * and adjust_ptr_min_max_vals(), Linux v5.8 (with the corrections Linux
 * 5.12-5.13 made to the masking limits: CVE-2021-29155, CVE-2021-33200;
 * and 5.16's for pointers that may be NULL: CVE-2022-23222); written afresh.
 *
 * A pointer moves only by adding or subtracting a scalar, in 64 bits.
 * Adding a known constant moves its fixed offset (reg->off); anything else
 * becomes its variable offset (var_off and the bounds, like a scalar's),
 * which every later access must then prove in bounds.
 *
 * For unprivileged loaders there is one more concern: speculative
 * execution. A branch the CPU mispredicts may run pointer arithmetic with
 * an offset the verifier proved impossible on that path. So the verifier
 * records, per instruction, how far the pointer may legally move
 * (aux->alu_limit) and fixup_bpf_calls() masks the offset at run time to
 * that limit: out-of-range offsets become 0, even speculatively. The same
 * instruction reached with different limits cannot be masked for both,
 * and is refused. The verifier also walks the "what if the offset was
 * masked" path (a speculative state) to check it stays safe.
 */
#include <stdlib.h>

#include "verifier.h"
#include "disasm.h"		/* bpf_alu_string[] */

/* Offsets a pointer may carry: strictly inside +-BPF_MAX_VAR_OFF (2^29). */
static bool offset_in_range(s64 off)
{
	return off > -BPF_MAX_VAR_OFF && off < BPF_MAX_VAR_OFF;
}

/*
 * Is reg (the offset, or the pointer before or after the move) small
 * enough that no later sum of offsets can overflow? Four tests, in this
 * order, each with its own message: a known value, the fixed offset, an
 * unbounded minimum, a minimum out of range.
 */
static bool check_reg_sane_offset(struct bpf_verifier_env *env,
				  const struct bpf_reg_state *reg,
				  enum bpf_reg_type type)
{
	const char *name = reg_type_str[type];
	s64 smin = reg->smin_value;

	if (tnum_is_const(reg->var_off) && !offset_in_range((s64)reg->var_off.value)) {
		verbose(env, "math between %s pointer and %lld is not allowed\n",
			name, (long long)reg->var_off.value);
		return false;
	}
	if (!offset_in_range(reg->off)) {
		verbose(env, "%s pointer offset %d is not allowed\n", name, reg->off);
		return false;
	}
	if (smin == S64_MIN) {
		verbose(env, "math between %s pointer and register with unbounded min value is not allowed\n",
			name);
		return false;
	}
	if (!offset_in_range(smin)) {
		verbose(env, "value %lld makes %s pointer be out of bounds\n",
			(long long)smin, name);
		return false;
	}
	return true;
}

/*
 * How far the pointer may move in the direction of the offset: for the
 * stack, down to fp-512 or up to fp; for a map value, back to its start or
 * on to its end. (5.13's corrected limits: v5.8 allowed one byte too many
 * and did not re-check the direction once the offset's sign could change.)
 * -EINVAL: no masking for this pointer type; -ERANGE: already beyond.
 */
static int retrieve_ptr_limit(const struct bpf_reg_state *ptr_reg, u32 *ptr_limit,
			      bool mask_to_left)
{
	u32 room, limit;

	if (ptr_reg->type == PTR_TO_STACK) {
		/* fp itself is one past the stack, yet where a leftward
		 * move may start
		 */
		room = MAX_BPF_STACK + mask_to_left;
		limit = -(ptr_reg->var_off.value + ptr_reg->off);
	} else if (ptr_reg->type == PTR_TO_MAP_VALUE) {
		room = ptr_reg->map_ptr->value_size;
		limit = ptr_reg->off + (mask_to_left ? (u64)ptr_reg->smin_value
						     : ptr_reg->umax_value);
	} else {
		return -EINVAL;
	}
	if (limit >= room)
		return -ERANGE;
	*ptr_limit = limit;
	return 0;
}

/* Privileged loaders may leak pointers and need no masking; the kernel asks
 * bpf_bypass_spec_v1() (perfmon_capable()), here the loader allowed to
 * leak pointers. An immediate operand needs no masking either.
 */
static bool can_skip_alu_sanitation(const struct bpf_verifier_env *env,
				    const struct bpf_insn *insn)
{
	return env->allow_ptr_leaks || BPF_SRC(insn->code) == BPF_K;
}

/* Why sanitize_ptr_alu() refused (Linux 5.13), for sanitize_err() to say;
 * negative, as errors are.
 */
enum {
	REASON_STACK = -5,	/* no memory for the speculative path */
	REASON_LIMIT,		/* the pointer is already outside its object */
	REASON_PATHS,		/* another path wants another mask here */
	REASON_TYPE,		/* no masking for this pointer type */
	REASON_BOUNDS,		/* the offset may have either sign */
};

/*
 * One instruction gets one mask, written by fixup_bpf_calls() from what is
 * recorded here. Paths that reach it wanting another one cannot all be
 * served: the program is refused.
 */
static int update_alu_sanitation_state(struct bpf_insn_aux_data *aux,
				       u32 alu_state, u32 alu_limit)
{
	bool recorded = aux->alu_state != 0;

	if (recorded && (aux->alu_state != alu_state || aux->alu_limit != alu_limit))
		return REASON_PATHS;
	aux->alu_state = alu_state;
	aux->alu_limit = alu_limit;
	return 0;
}

/* A scalar add/sub at an instruction that, on another path, moved a
 * pointer: the masking would be wrong for one of them.
 */
int sanitize_val_alu(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	if (can_skip_alu_sanitation(env, insn))
		return 0;
	return update_alu_sanitation_state(cur_aux(env), BPF_ALU_NON_POINTER, 0);
}

/* What the first call of sanitize_ptr_alu() found, for the second. */
struct bpf_sanitize_info {
	struct bpf_insn_aux_data aux;
	bool mask_to_left;
};

/*
 * Called twice per pointer add/sub (Linux 5.13): before the arithmetic, to
 * record how far the pointer may move in the offset's direction, and after
 * it ("commit window"), to narrow that to how far it actually moved. A
 * known offset is then rewritten as that exact distance (BPF_ALU_IMMEDIATE),
 * an unknown one masked to it at run time.
 *
 * On a speculative path the mask was recorded by the path that led to it;
 * only the simulation at the end is left to do there.
 */
static int sanitize_ptr_alu(struct bpf_verifier_env *env, struct bpf_insn *insn,
			    const struct bpf_reg_state *ptr_reg,
			    const struct bpf_reg_state *off_reg,
			    struct bpf_reg_state *dst_reg,
			    struct bpf_sanitize_info *info, bool commit_window)
{
	bool off_is_imm = tnum_is_const(off_reg->var_off);
	bool off_is_neg = off_reg->smin_value < 0;
	bool ptr_is_dst_reg = ptr_reg == dst_reg;
	struct bpf_verifier_state *branch;
	struct bpf_reg_state saved;
	u32 alu_state, alu_limit;
	int err;

	if (can_skip_alu_sanitation(env, insn))
		return 0;

	if (!env->cur_state->speculative) {
		if (!commit_window) {
			/* an unknown offset that may have either sign
			 * has no one direction to be masked to
			 */
			if (!off_is_imm && off_is_neg != (off_reg->smax_value < 0))
				return REASON_BOUNDS;
			/* adding a negative or subtracting a positive
			 * moves the pointer down
			 */
			info->mask_to_left = BPF_OP(insn->code) == BPF_ADD ? off_is_neg : !off_is_neg;
		}
		err = retrieve_ptr_limit(ptr_reg, &alu_limit, info->mask_to_left);
		if (err == -EINVAL)
			return REASON_TYPE;
		if (err < 0)
			return REASON_LIMIT;
		if (commit_window) {
			/* the room recorded before, less the room left now:
			 * how far the pointer moved
			 */
			alu_state = info->aux.alu_state;
			alu_limit = abs((int)(info->aux.alu_limit - alu_limit));
			err = update_alu_sanitation_state(cur_aux(env), alu_state, alu_limit);
		} else {
			alu_state = (off_is_neg ? BPF_ALU_NEG_VALUE : 0) |
				    (off_is_imm ? BPF_ALU_IMMEDIATE : 0) |
				    (ptr_is_dst_reg ? BPF_ALU_SANITIZE_SRC : BPF_ALU_SANITIZE_DST);
			/* an unknown offset: keep exploring paths that
			 * may want another mask (pruning compares
			 * scalars exactly from now on)
			 */
			if (!off_is_imm)
				env->explore_alu_limits = true;
			err = update_alu_sanitation_state(&info->aux, alu_state, alu_limit);
		}
		if (err < 0)
			return err;
	}

	/* The commit call only narrows; a constant offset becomes an
	 * immediate, which no mask truncates: nothing to simulate.
	 */
	if (commit_window || off_is_imm)
		return 0;

	/*
	 * The masked run, simulated: the offset truncated to 0, so the
	 * result is the pointer unmoved. It is pushed as a speculative path
	 * that continues after this instruction. When the offset sits in dst
	 * (scalar += pointer), the pointer is put there for the push, and dst
	 * given back after.
	 */
	if (!ptr_is_dst_reg) {
		saved = *dst_reg;
		*dst_reg = *ptr_reg;
	}
	branch = push_stack(env, env->insn_idx + 1, env->insn_idx);
	if (!branch)
		return REASON_STACK;
	env->head->st.speculative = true;
	if (!ptr_is_dst_reg)
		*dst_reg = saved;
	return 0;
}

/* The message for a REASON_*: it names the scalar for REASON_BOUNDS and the
 * pointer for REASON_TYPE, whichever of dst and src each is.
 */
int sanitize_err(struct bpf_verifier_env *env, const struct bpf_insn *insn,
			int reason, const struct bpf_reg_state *off_reg,
			const struct bpf_reg_state *dst_reg)
{
	static const char *const why = "pointer arithmetic with it prohibited for !root";
	u32 dst = insn->dst_reg, src = insn->src_reg;
	u32 scalar = off_reg == dst_reg ? dst : src;
	u32 pointer = off_reg == dst_reg ? src : dst;
	const char *op = BPF_OP(insn->code) == BPF_ADD ? "add" : "sub";

	if (reason == REASON_BOUNDS)
		verbose(env, "R%d has unknown scalar with mixed signed bounds, %s\n", scalar, why);
	else if (reason == REASON_TYPE)
		verbose(env, "R%d has pointer with unsupported alu operation, %s\n", pointer, why);
	else if (reason == REASON_PATHS)
		verbose(env, "R%d tried to %s from different maps, paths or scalars, %s\n",
			dst, op, why);
	else if (reason == REASON_LIMIT)
		verbose(env, "R%d tried to %s beyond pointer bounds, %s\n", dst, op, why);
	else if (reason == REASON_STACK)
		verbose(env, "R%d could not be pushed for speculative verification, %s\n",
			dst, why);
	else
		verbose(env, "verifier internal error: unknown reason (%d)\n", reason);
	return -EACCES;
}

/* Unprivileged: a stack pointer must stay a known offset inside the frame. */
static int check_stack_access_for_ptr_arithmetic(struct bpf_verifier_env *env, int regno,
						 const struct bpf_reg_state *reg, int off)
{
	char tn_buf[48];

	if (tnum_is_const(reg->var_off)) {
		if (off < 0 && off >= -MAX_BPF_STACK)
			return 0;
		verbose(env, "R%d stack pointer arithmetic goes out of range, "
			"prohibited for !root; off=%d\n", regno, off);
		return -EACCES;
	}
	tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
	verbose(env, "R%d variable stack access prohibited for !root, var_off=%s off=%d\n",
		regno, tn_buf, off);
	return -EACCES;
}

/*
 * Unprivileged: the moved pointer must still point inside its object, for
 * the masking of later accesses to be right.
 */
static int sanitize_check_bounds(struct bpf_verifier_env *env, const struct bpf_insn *insn,
				 const struct bpf_reg_state *dst_reg)
{
	u32 dst = insn->dst_reg;

	if (env->allow_ptr_leaks)
		return 0;
	if (dst_reg->type == PTR_TO_STACK)
		return check_stack_access_for_ptr_arithmetic(env, dst, dst_reg,
				dst_reg->off + dst_reg->var_off.value) ? -EACCES : 0;
	if (dst_reg->type == PTR_TO_MAP_VALUE && check_map_access(env, dst, dst_reg->off, 1, false)) {
		verbose(env, "R%d pointer arithmetic of map value goes out of range, "
			"prohibited for !root\n", dst);
		return -EACCES;
	}
	return 0;
}

/*
 * May arithmetic move this pointer? Not a socket, nor the end of the
 * packet; a map only by + 0; a flow dissector's keys only by a constant,
 * for their access check trusts the fixed offset alone. (Those that may
 * be NULL are refused before this.)
 */
static bool ptr_may_move(enum bpf_reg_type type, bool known, s64 k, u8 opcode)
{
	switch (type) {
	case PTR_TO_FLOW_KEYS:
		return known;
	case CONST_PTR_TO_MAP:
		return known && k == 0 && opcode == BPF_ADD;
	case PTR_TO_PACKET_END:
		return false;
	default:
		return !type_is_sk_pointer(type);
	}
}

/*
 * pointer op scalar (or scalar + pointer). The result, in the
 * instruction's dst register (the pointer's or the scalar's), is the
 * pointer moved: a known constant moves its fixed offset, anything else
 * its variable part, whose bounds move as a scalar's would (bounds_add(),
 * bounds_sub()).
 */
int adjust_ptr_min_max_vals(struct bpf_verifier_env *env, struct bpf_insn *insn,
			    const struct bpf_reg_state *ptr_reg,
			    const struct bpf_reg_state *off_reg)
{
	struct bpf_verifier_state *vstate = env->cur_state;
	u32 dst = insn->dst_reg;
	struct bpf_reg_state *dst_reg = &vstate->frame[vstate->curframe]->regs[dst];
	struct bounds ptr = reg_bounds(ptr_reg, 64), off = reg_bounds(off_reg, 64);
	bool known = tnum_is_const(off_reg->var_off);
	struct bpf_sanitize_info info = {};
	u8 opcode = BPF_OP(insn->code);
	s64 fixed;
	int ret;

	/* an offset from a path that cannot run: dst is anything */
	if (bounds_contradict(&off)) {
		__mark_reg_unknown(env, dst_reg);
		return 0;
	}

	/* 32 bits of an address are a number, for whoever may see one, and
	 * only as a difference
	 */
	if (BPF_CLASS(insn->code) != BPF_ALU64) {
		bool as_number = opcode == BPF_SUB && env->allow_ptr_leaks;

		if (!as_number) {
			verbose(env, "R%d 32-bit pointer arithmetic prohibited\n", dst);
			return -EACCES;
		}
		__mark_reg_unknown(env, dst_reg);
		return 0;
	}

	/*
	 * A pointer that may be NULL is checked first, and only then moved:
	 * the check marks every copy by its id, and NULL + 1 would pass it as
	 * a pointer. v5.8 asked it of map values only, and a ring buffer
	 * record (mem_or_null) got through: CVE-2022-23222, closed in 5.16
	 * for every type that may be NULL, as here.
	 */
	if (reg_type_may_be_null(ptr_reg->type)) {
		verbose(env, "R%d pointer arithmetic on %s prohibited, null-check it first\n",
			dst, reg_type_str[ptr_reg->type]);
		return -EACCES;
	}
	if (!ptr_may_move(ptr_reg->type, known, off.smin, opcode)) {
		verbose(env, "R%d pointer arithmetic on %s prohibited\n",
			dst, reg_type_str[ptr_reg->type]);
		return -EACCES;
	}

	/* dst is the pointer now, whichever register it was */
	dst_reg->type = ptr_reg->type;
	dst_reg->frameno = ptr_reg->frameno;
	dst_reg->id = ptr_reg->id;
	dst_reg->ref_obj_id = ptr_reg->ref_obj_id;

	if (!check_reg_sane_offset(env, off_reg, ptr_reg->type) ||
	    !check_reg_sane_offset(env, ptr_reg, ptr_reg->type))
		return -EINVAL;

	/* pointers have no 32-bit bounds */
	__mark_reg32_unbounded(dst_reg);

	/* only adding and subtracting move a pointer */
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

	ret = sanitize_ptr_alu(env, insn, ptr_reg, off_reg, dst_reg, &info, false);
	if (ret < 0)
		return sanitize_err(env, insn, ret, off_reg, dst_reg);

	if (opcode == BPF_SUB && dst_reg == off_reg) {
		/* scalar -= pointer: no pointer comes of it */
		verbose(env, "R%d tried to subtract pointer from scalar\n", dst);
		return -EACCES;
	}
	if (opcode == BPF_SUB && ptr_reg->type == PTR_TO_STACK) {
		/* a JIT may not cope with fp moved this way (the selftest
		 * "invalid fp arithmetic")
		 */
		verbose(env, "R%d subtraction from stack pointer prohibited\n", dst);
		return -EACCES;
	}

	fixed = opcode == BPF_ADD ? (s64)ptr_reg->off + off.smin : (s64)ptr_reg->off - off.smin;
	if (known && fixed == (s64)(s32)fixed) {
		/* a constant that fits the s32 field joins the fixed offset;
		 * the variable part stays as it was
		 */
		set_reg_bounds(dst_reg, &ptr);
		dst_reg->var_off = ptr_reg->var_off;
		dst_reg->off = (s32)fixed;
		dst_reg->raw = ptr_reg->raw;
	} else {
		if (opcode == BPF_ADD) {
			bounds_add(&ptr, &off);
			dst_reg->var_off = tnum_add(ptr_reg->var_off, off_reg->var_off);
		} else {
			bounds_sub(&ptr, &off);
			dst_reg->var_off = tnum_sub(ptr_reg->var_off, off_reg->var_off);
		}
		set_reg_bounds(dst_reg, &ptr);
		dst_reg->off = ptr_reg->off;
		dst_reg->raw = ptr_reg->raw;
		if (reg_is_pkt_pointer(ptr_reg)) {
			/*
			 * A packet pointer moved by an unknown amount shares
			 * nothing with its origin any more: a new id. Its
			 * range (bytes known to exist past it) survives only
			 * a move back, a subtraction of a non-negative amount.
			 */
			dst_reg->id = ++env->id_gen;
			if (opcode == BPF_ADD || off.smin < 0)
				dst_reg->raw = 0;
		}
	}

	/* The moved pointer: still sane, its views agreed, still inside its
	 * object, and its mask narrowed to how far it moved.
	 */
	if (!check_reg_sane_offset(env, dst_reg, ptr_reg->type))
		return -EINVAL;
	reg_bounds_sync(dst_reg);
	if (sanitize_check_bounds(env, insn, dst_reg) < 0)
		return -EACCES;
	ret = sanitize_ptr_alu(env, insn, dst_reg, off_reg, dst_reg, &info, true);
	return ret < 0 ? sanitize_err(env, insn, ret, off_reg, dst_reg) : 0;
}
