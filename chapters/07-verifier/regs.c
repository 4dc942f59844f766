// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: init_reg_state(), init_func_state(),
 * copy_func_state(), free_func_state(), mark_reg_read(), is_reg64(),
 * insn_def_regno(), insn_has_def32(), mark_insn_zext(), check_reg_arg(),
 * is_pointer_value(), is_ctx_reg(), is_sk_reg(), is_pkt_reg(),
 * is_flow_key_reg(), Linux v5.8; written afresh.
 *
 * A register now also remembers where its value came from, for two
 * questions the pruning of chapter 07 asks about a state it meets again:
 *
 * - liveness: was this register ever read after the state was saved?
 *   Each register points at the same register of the parent state
 *   (reg->parent); a read walks up the chain, marking REG_LIVE_READ until
 *   it meets a register written in between (REG_LIVE_WRITTEN). A register
 *   no later instruction reads cannot make an old state unsafe.
 * - width: was its upper half written by a 32-bit operation? subreg_def
 *   names the instruction that wrote only the low half, and a later 64-bit
 *   read marks that instruction's result as needing zero-extension
 *   (aux->zext_dst): JITs for 32-bit machines, and chapter 09, use it.
 */
#include <stdlib.h>
#include <string.h>

#include "verifier.h"

struct bpf_insn_aux_data *cur_aux(struct bpf_verifier_env *env)
{
	return &env->insn_aux_data[env->insn_idx];
}

void init_reg_state(struct bpf_verifier_env *env, struct bpf_func_state *state)
{
	struct bpf_reg_state *regs = state->regs;
	int i;

	for (i = 0; i < MAX_BPF_REG; i++) {
		mark_reg_not_init(env, regs, i);
		regs[i].live = REG_LIVE_NONE;
		regs[i].parent = NULL;
		regs[i].subreg_def = DEF_NOT_SUBREG;
	}

	/* frame pointer */
	regs[BPF_REG_FP].type = PTR_TO_STACK;
	mark_reg_known_zero(env, regs, BPF_REG_FP);
	regs[BPF_REG_FP].frameno = state->frameno;
}

void init_func_state(struct bpf_verifier_env *env, struct bpf_func_state *state,
		     int callsite, int frameno, int subprogno)
{
	free(state->stack);
	free(state->refs);
	memset(state, 0, sizeof(*state));
	state->callsite = callsite;
	state->frameno = frameno;
	state->subprogno = subprogno;
	init_reg_state(env, state);
}

/* dst becomes a copy of src: registers, stack and references. */
int copy_func_state(struct bpf_func_state *dst, const struct bpf_func_state *src)
{
	struct bpf_stack_state *stack = dst->stack;
	struct bpf_reference_state *refs = dst->refs;
	size_t n = src->allocated_stack / BPF_REG_SIZE;
	size_t r = src->acquired_refs;

	if (n != (size_t)dst->allocated_stack / BPF_REG_SIZE) {
		stack = n ? realloc(stack, n * sizeof(*stack)) : (free(stack), NULL);
		if (n && !stack)
			return -ENOMEM;
	}
	if (r != (size_t)dst->acquired_refs) {
		refs = r ? realloc(refs, r * sizeof(*refs)) : (free(refs), NULL);
		if (r && !refs) {
			dst->stack = stack;
			return -ENOMEM;
		}
	}
	*dst = *src;
	dst->stack = stack;
	dst->refs = refs;
	if (n)
		memcpy(stack, src->stack, n * sizeof(*stack));
	if (r)
		memcpy(refs, src->refs, r * sizeof(*refs));
	return 0;
}

void free_func_state(struct bpf_func_state *state)
{
	if (!state)
		return;
	free(state->refs);
	free(state->stack);
	free(state);
}

/* Parentage chain of this register (or stack slot) should take care of all
 * issues like callee-saved registers, stack slot allocation time, etc.
 */
int mark_reg_read(struct bpf_verifier_env *env, const struct bpf_reg_state *state,
		  struct bpf_reg_state *parent, u8 flag)
{
	bool writes = parent == state->parent; /* Observe write marks */
	u32 cnt = 0;

	while (parent) {
		/* if read wasn't screened by an earlier write ... */
		if (writes && state->live & REG_LIVE_WRITTEN)
			break;
		if (parent->live & REG_LIVE_DONE) {
			verbose(env, "verifier BUG type %s var_off %lld off %d\n",
				reg_type_str[parent->type],
				(long long)parent->var_off.value, parent->off);
			return -EFAULT;
		}
		/* Already marked with this flag (or the stronger READ64): the
		 * chain above was marked then, and cannot have changed.
		 */
		if ((parent->live & REG_LIVE_READ) == flag ||
		    parent->live & REG_LIVE_READ64)
			break;
		/* ... then we depend on parent's value */
		parent->live |= flag;
		/* REG_LIVE_READ64 overrides REG_LIVE_READ32. */
		if (flag == REG_LIVE_READ64)
			parent->live &= ~REG_LIVE_READ32;
		state = parent;
		parent = state->parent;
		writes = true;
		cnt++;
	}

	if (env->longest_mark_read_walk < cnt)
		env->longest_mark_read_walk = cnt;
	return 0;
}

/* Does this instruction read or write all 64 bits of register regno? */
bool is_reg64(struct bpf_verifier_env *env, struct bpf_insn *insn, u32 regno,
	      struct bpf_reg_state *reg, enum reg_arg_type t)
{
	u8 code = insn->code, class = BPF_CLASS(code), op = BPF_OP(code);

	(void)env;
	if (class == BPF_JMP) {
		/* BPF_EXIT for "main" will reach here. */
		if (op == BPF_EXIT)
			return true;
		if (op == BPF_CALL) {
			/* caller-saved registers are clobbered as NOT_INIT:
			 * their width does not matter
			 */
			if (insn->src_reg == BPF_PSEUDO_CALL)
				return false;
			/* a helper's argument: conservatively 64 bits */
			return t == SRC_OP;
		}
	}

	if (class == BPF_ALU64 || class == BPF_JMP ||
	    /* BPF_END always use BPF_ALU class. */
	    (class == BPF_ALU && op == BPF_END && insn->imm == 64))
		return true;

	if (class == BPF_ALU || class == BPF_JMP32)
		return false;

	if (class == BPF_LDX) {
		if (t != SRC_OP)
			return BPF_SIZE(code) == BPF_DW || BPF_MODE(code) == BPF_MEMSX;
		/* LDX source must be ptr. */
		return true;
	}

	if (class == BPF_STX) {
		/* the pointer operand is 64-bit, the stored value its size */
		if (t == SRC_OP && reg && reg->type != SCALAR_VALUE)
			return true;
		return BPF_SIZE(code) == BPF_DW;
	}

	if (class == BPF_LD) {
		/* LD_IMM64 */
		if (BPF_MODE(code) == BPF_IMM)
			return true;
		/* Both LD_IND and LD_ABS return 32-bit data. */
		if (t != SRC_OP)
			return false;
		/* The implicit ctx (r6) and the explicit source: any width. */
		(void)regno;
		return true;
	}

	/* BPF_ST: the only source register is a pointer. */
	return true;
}

/* Return the regno defined by the insn, or -1. */
static int insn_def_regno(const struct bpf_insn *insn)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_JMP:
	case BPF_JMP32:
	case BPF_ST:
		return -1;
	case BPF_STX:
		if (BPF_MODE(insn->code) == BPF_ATOMIC && (insn->imm & BPF_FETCH))
			return insn->imm == BPF_CMPXCHG ? BPF_REG_0 : insn->src_reg;
		return -1;
	default:
		return insn->dst_reg;
	}
}

/* Return TRUE if INSN has defined any 32-bit value explicitly. */
bool insn_has_def32(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	int dst_reg = insn_def_regno(insn);

	if (dst_reg == -1)
		return false;
	return !is_reg64(env, insn, dst_reg, NULL, DST_OP);
}

static void mark_insn_zext(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	s32 def_idx = reg->subreg_def;

	if (def_idx == DEF_NOT_SUBREG)
		return;

	env->insn_aux_data[def_idx - 1].zext_dst = true;
	/* The dst will be zero extended, so won't be sub-register anymore. */
	reg->subreg_def = DEF_NOT_SUBREG;
}

int check_reg_arg(struct bpf_verifier_env *env, u32 regno, enum reg_arg_type t)
{
	struct bpf_verifier_state *vstate = env->cur_state;
	struct bpf_func_state *state = vstate->frame[vstate->curframe];
	struct bpf_insn *insn = env->prog->insnsi + env->insn_idx;
	struct bpf_reg_state *reg, *regs = state->regs;
	bool rw64;

	if (regno >= MAX_BPF_REG) {
		verbose(env, "R%d is invalid\n", regno);
		return -EINVAL;
	}

	reg = &regs[regno];
	rw64 = is_reg64(env, insn, regno, reg, t);
	if (t == SRC_OP) {
		/* check whether register used as source operand can be read */
		if (reg->type == NOT_INIT) {
			verbose(env, "R%d !read_ok\n", regno);
			return -EACCES;
		}
		/* We don't need to worry about FP liveness because it's read-only */
		if (regno == BPF_REG_FP)
			return 0;

		if (rw64)
			mark_insn_zext(env, reg);

		return mark_reg_read(env, reg, reg->parent,
				     rw64 ? REG_LIVE_READ64 : REG_LIVE_READ32);
	}
	/* check whether register used as dest operand can be written to */
	if (regno == BPF_REG_FP) {
		verbose(env, "frame pointer is read only\n");
		return -EACCES;
	}
	reg->live |= REG_LIVE_WRITTEN;
	reg->subreg_def = rw64 ? DEF_NOT_SUBREG : (s32)env->insn_idx + 1;
	if (t == DST_OP)
		mark_reg_unknown(env, regs, regno);
	return 0;
}

/* Does this register hold a pointer an unprivileged program must not see
 * as a number? (Always false for a loader allowed to leak pointers.)
 */
bool is_pointer_value(struct bpf_verifier_env *env, int regno)
{
	return __is_pointer_value(env->allow_ptr_leaks, cur_regs(env) + regno);
}

bool is_ctx_reg(struct bpf_verifier_env *env, int regno)
{
	return cur_regs(env)[regno].type == PTR_TO_CTX;
}

bool is_sk_reg(struct bpf_verifier_env *env, int regno)
{
	return type_is_sk_pointer(cur_regs(env)[regno].type);
}

bool is_pkt_reg(struct bpf_verifier_env *env, int regno)
{
	return type_is_pkt_pointer(cur_regs(env)[regno].type);
}

bool is_flow_key_reg(struct bpf_verifier_env *env, int regno)
{
	/* Separate to is_ctx_reg() since we still want to allow BPF_ST here. */
	return cur_regs(env)[regno].type == PTR_TO_FLOW_KEYS;
}
