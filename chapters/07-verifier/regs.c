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

/* A new frame: every register unreadable, with no history; r10 points
 * to the top of the frame's own stack.
 */
void init_reg_state(struct bpf_verifier_env *env, struct bpf_func_state *state)
{
	struct bpf_reg_state *reg, *fp = &state->regs[BPF_REG_FP];

	for (reg = state->regs; reg < state->regs + MAX_BPF_REG; reg++) {
		mark_reg_not_init(env, reg, 0);
		reg->parent = NULL;
		reg->live = REG_LIVE_NONE;
		reg->subreg_def = DEF_NOT_SUBREG;
	}
	fp->type = PTR_TO_STACK;
	mark_reg_known_zero(env, fp, 0);
	fp->frameno = state->frameno;
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

/*
 * A read of `state` (a register or a stack slot) with flag (READ32 or
 * READ64): every ancestor the value came through, up the parent chain, is
 * marked read, until a write screens the rest (the value was written after
 * that ancestor was saved). The first link's write counts only when parent
 * is state's own (a read down straight-line code; propagate_liveness()
 * passes another). An ancestor marked already (READ64 covers READ32) had
 * its chain marked then, and the chain never changes: the walk stops.
 */
int mark_reg_read(struct bpf_verifier_env *env, const struct bpf_reg_state *state,
		  struct bpf_reg_state *parent, u8 flag)
{
	bool writes_screen = parent == state->parent;
	u32 walked = 0;

	for (; parent; state = parent, parent = parent->parent, writes_screen = true, walked++) {
		if (writes_screen && (state->live & REG_LIVE_WRITTEN))
			break;
		/* a checkpoint whose liveness was declared final */
		if (parent->live & REG_LIVE_DONE) {
			verbose(env, "verifier BUG type %s var_off %lld off %d\n",
				reg_type_str[parent->type],
				(long long)parent->var_off.value, parent->off);
			return -EFAULT;
		}
		if ((parent->live & REG_LIVE_READ) == flag || (parent->live & REG_LIVE_READ64))
			break;
		parent->live |= flag;
		if (flag == REG_LIVE_READ64)
			parent->live &= ~REG_LIVE_READ32;
	}
	env->longest_mark_read_walk = max(env->longest_mark_read_walk, walked);
	return 0;
}

/*
 * Does this instruction read or write all 64 bits of register regno (for
 * the zero-extension marks: a 32-bit write read whole must zero-extend)?
 */
bool is_reg64(struct bpf_verifier_env *env, struct bpf_insn *insn, u32 regno,
	      struct bpf_reg_state *reg, enum reg_arg_type t)
{
	u8 code = insn->code, op = BPF_OP(code);

	(void)env;
	(void)regno;
	switch (BPF_CLASS(code)) {
	case BPF_JMP:
		/* exit reads r0 whole (the main program's exit too). A
		 * bpf-to-bpf call clobbers r0-r5 as unreadable: their width
		 * does not matter; a helper's arguments: 64 bits, to be safe
		 */
		if (op == BPF_CALL)
			return insn->src_reg != BPF_PSEUDO_CALL && t == SRC_OP;
		return true;
	case BPF_ALU64:
		return true;
	case BPF_ALU:
		/* the byte swap comes in class BPF_ALU, 64 bits wide or not */
		return op == BPF_END && insn->imm == 64;
	case BPF_JMP32:
		return false;
	case BPF_LDX:
		/* the address is 64 bits; the value as wide as loaded, or
		 * all 64 when sign-extended
		 */
		return t == SRC_OP || BPF_SIZE(code) == BPF_DW || BPF_MODE(code) == BPF_MEMSX;
	case BPF_STX:
		/* a pointer operand is 64 bits; the value as wide as stored */
		if (t == SRC_OP && reg && reg->type != SCALAR_VALUE)
			return true;
		return BPF_SIZE(code) == BPF_DW;
	case BPF_LD:
		/* ld_imm64 writes 64 bits; LD_ABS/IND write 32 and read
		 * their operands (r6, src) at any width
		 */
		return BPF_MODE(code) == BPF_IMM || t == SRC_OP;
	default:
		/* BPF_ST: its one register is the pointer */
		return true;
	}
}

/* The register an instruction writes, or -1: stores and jumps write none,
 * but an atomic fetch writes the old value (into r0 for cmpxchg).
 */
static int insn_def_regno(const struct bpf_insn *insn)
{
	u8 class = BPF_CLASS(insn->code);

	if (class == BPF_STX && BPF_MODE(insn->code) == BPF_ATOMIC && (insn->imm & BPF_FETCH))
		return insn->imm == BPF_CMPXCHG ? BPF_REG_0 : insn->src_reg;
	if (class == BPF_STX || class == BPF_ST || class == BPF_JMP || class == BPF_JMP32)
		return -1;
	return insn->dst_reg;
}

/* Does the instruction write a register with a 32-bit value? */
bool insn_has_def32(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	int regno = insn_def_regno(insn);

	return regno >= 0 && !is_reg64(env, insn, regno, NULL, DST_OP);
}

/*
 * reg's upper half is a 32-bit write's (at subreg_def - 1), and is read
 * whole: that instruction must zero-extend (for JITs of 32-bit machines,
 * and chapter 09). After that the register is whole.
 */
void mark_insn_zext(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	if (reg->subreg_def == DEF_NOT_SUBREG)
		return;
	env->insn_aux_data[reg->subreg_def - 1].zext_dst = true;
	reg->subreg_def = DEF_NOT_SUBREG;
}

/*
 * The current instruction reads (SRC_OP) or writes register regno. A read
 * needs a written register, and marks liveness (fp is always readable and
 * never changes: no marks). A write is never of fp; it records its width,
 * and for DST_OP makes the register unknown (DST_OP_NO_MARK: the caller
 * says what it is).
 */
int check_reg_arg(struct bpf_verifier_env *env, u32 regno, enum reg_arg_type t)
{
	struct bpf_verifier_state *vstate = env->cur_state;
	struct bpf_reg_state *regs = vstate->frame[vstate->curframe]->regs, *reg;
	int err = 0;
	bool rw64;

	if (regno >= MAX_BPF_REG) {
		verbose(env, "R%d is invalid\n", regno);
		return -EINVAL;
	}
	reg = &regs[regno];
	rw64 = is_reg64(env, env->prog->insnsi + env->insn_idx, regno, reg, t);

	if (t != SRC_OP) {
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
	if (reg->type == NOT_INIT) {
		verbose(env, "R%d !read_ok\n", regno);
		return -EACCES;
	}
	if (regno != BPF_REG_FP) {
		if (rw64)
			mark_insn_zext(env, reg);
		err = mark_reg_read(env, reg, reg->parent, rw64 ? REG_LIVE_READ64 : REG_LIVE_READ32);
	}
	return err;
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
	/* apart from is_ctx_reg(): BPF_ST may store into the flow keys */
	return cur_regs(env)[regno].type == PTR_TO_FLOW_KEYS;
}

/*
 * After a call (a helper, a bpf-to-bpf call, a classic packet load, which
 * is a helper call in disguise): r0-r5 are unreadable until written, and
 * count as written by the call.
 */
void clobber_caller_saved_regs(struct bpf_verifier_env *env, struct bpf_reg_state *regs)
{
	int r;

	for (r = BPF_REG_0; r < CALLER_SAVED_REGS; r++) {
		mark_reg_not_init(env, regs, r);
		check_reg_arg(env, r, DST_OP_NO_MARK);
	}
}
