// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: copy_reference_state(),
 * transfer_reference_state(), acquire_reference_state(),
 * release_reference_state(), check_reference_leak(), release_reference(),
 * check_func_call() and prepare_func_exit(), Linux v5.8; written afresh.
 *
 * bpf-to-bpf calls as chapter 03 has them, with the two things pruning and
 * references need: the callee's argument registers keep their place in the
 * caller's liveness chain (a read in the callee is a read of the caller's
 * value), and the references the program holds travel with the call.
 *
 * A reference is a socket (or other kernel object) a helper handed out
 * that the program must give back: bpf_sk_lookup_tcp() acquires one,
 * bpf_sk_release() releases it. The verifier gives each an id, keeps the
 * ids it holds in the current frame's refs[], invalidates every register
 * holding one once released, and refuses a program that can reach exit
 * still holding one ("Unreleased reference").
 */
#include <stdlib.h>
#include <string.h>

#include "verifier.h"

static const int caller_saved[CALLER_SAVED_REGS] = {
	BPF_REG_0, BPF_REG_1, BPF_REG_2, BPF_REG_3, BPF_REG_4, BPF_REG_5
};

int copy_reference_state(struct bpf_func_state *dst, const struct bpf_func_state *src)
{
	struct bpf_reference_state *refs = NULL;

	if (src->acquired_refs) {
		refs = malloc(src->acquired_refs * sizeof(*refs));
		if (!refs)
			return -ENOMEM;
		memcpy(refs, src->refs, src->acquired_refs * sizeof(*refs));
	}
	free(dst->refs);
	dst->refs = refs;
	dst->acquired_refs = src->acquired_refs;
	return 0;
}

static int transfer_reference_state(struct bpf_func_state *dst,
				    const struct bpf_func_state *src)
{
	if (dst == src)
		return 0;
	return copy_reference_state(dst, src);
}

/* Acquire a pointer id from the env and update the state->refs to include
 * this new pointer reference.
 * On success, returns a valid pointer id to associate with the register
 * On failure, returns a negative errno.
 */
int acquire_reference_state(struct bpf_verifier_env *env, int insn_idx)
{
	struct bpf_func_state *state = cur_func(env);
	struct bpf_reference_state *refs;
	int new_ofs = state->acquired_refs;
	int id;

	refs = realloc(state->refs, (state->acquired_refs + 1) * sizeof(*refs));
	if (!refs)
		return -ENOMEM;
	state->refs = refs;
	id = ++env->id_gen;
	state->refs[new_ofs].id = id;
	state->refs[new_ofs].insn_idx = insn_idx;
	state->acquired_refs++;

	return id;
}

/* release function corresponding to acquire_reference_state(). Idempotent. */
int release_reference_state(struct bpf_func_state *state, int ptr_id)
{
	int i, last_idx;

	last_idx = state->acquired_refs - 1;
	for (i = 0; i < state->acquired_refs; i++) {
		if (state->refs[i].id == ptr_id) {
			if (last_idx && i != last_idx)
				state->refs[i] = state->refs[last_idx];
			memset(&state->refs[last_idx], 0, sizeof(*state->refs));
			state->acquired_refs--;
			return 0;
		}
	}
	return -EINVAL;
}

int check_reference_leak(struct bpf_verifier_env *env)
{
	struct bpf_func_state *state = cur_func(env);
	int i;

	for (i = 0; i < state->acquired_refs; i++) {
		verbose(env, "Unreleased reference id=%d alloc_insn=%d\n",
			state->refs[i].id, state->refs[i].insn_idx);
	}
	return state->acquired_refs ? -EINVAL : 0;
}

/* The pointer with the specified id has released its reference to kernel
 * resources. Identify all copies of the same pointer and clear the reference.
 */
int release_reference(struct bpf_verifier_env *env, int ref_obj_id)
{
	struct bpf_verifier_state *vstate = env->cur_state;
	struct bpf_func_state *state;
	struct bpf_reg_state *reg;
	int err;

	err = release_reference_state(cur_func(env), ref_obj_id);
	if (err)
		return err;

	/*
	 * Every copy of the released pointer goes. v5.8 left them unknown
	 * scalars, which still hold the address: an unprivileged program could
	 * store one into a map for user space to read. By 6.1 they are not
	 * even readable then, as here.
	 */
	for_each_reg_in_vstate(vstate, state, reg, ({
		if (reg->ref_obj_id == (u32)ref_obj_id) {
			__mark_reg_unknown(env, reg);
			if (!env->allow_ptr_leaks)
				reg->type = NOT_INIT;	/* __mark_reg_not_init() */
		}
	}));
	return 0;
}

int check_func_call(struct bpf_verifier_env *env, struct bpf_insn *insn, int *insn_idx)
{
	struct bpf_verifier_state *state = env->cur_state;
	struct bpf_func_state *caller, *callee;
	int i, err, subprog, target_insn;

	if (state->curframe + 1 >= MAX_CALL_FRAMES) {
		verbose(env, "the call stack of %d frames is too deep\n",
			state->curframe + 2);
		return -E2BIG;
	}

	target_insn = *insn_idx + insn->imm;
	subprog = find_subprog(env, target_insn + 1);
	if (subprog < 0) {
		verbose(env, "verifier bug. No program starts at insn %d\n", target_insn + 1);
		return -EFAULT;
	}

	caller = state->frame[state->curframe];
	if (state->frame[state->curframe + 1]) {
		verbose(env, "verifier bug. Frame %d already allocated\n",
			state->curframe + 1);
		return -EFAULT;
	}

	callee = calloc(1, sizeof(*callee));
	if (!callee)
		return -ENOMEM;
	state->frame[state->curframe + 1] = callee;

	/* callee cannot access r0, r6 - r9 for reading and has to write
	 * into its own stack before reading from it.
	 * callee can read/write into caller's stack
	 */
	init_func_state(env, callee,
			/* remember the callsite, it will be used by bpf_exit */
			*insn_idx /* callsite */,
			state->curframe + 1 /* frameno within this callchain */,
			subprog /* subprog number within this prog */);

	/* Transfer references to the callee */
	err = transfer_reference_state(callee, caller);
	if (err)
		return err;

	/* copy r1 - r5 args that callee can access.  The copy includes parent
	 * pointers, which connects us up to the liveness chain
	 */
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		callee->regs[i] = caller->regs[i];

	/* after the call registers r0 - r5 were scratched */
	for (i = 0; i < CALLER_SAVED_REGS; i++) {
		mark_reg_not_init(env, caller->regs, caller_saved[i]);
		check_reg_arg(env, caller_saved[i], DST_OP_NO_MARK);
	}

	/* only increment it after check_reg_arg() finished */
	state->curframe++;
	err = check_path_stack_depth(env);
	if (err)
		return err;

	/* and go analyze first insn of the callee */
	*insn_idx = target_insn;

	if (env->log.level & BPF_LOG_LEVEL) {
		verbose(env, "caller:\n");
		print_verifier_state(env, caller);
		verbose(env, "callee:\n");
		print_verifier_state(env, callee);
	}
	return 0;
}

int prepare_func_exit(struct bpf_verifier_env *env, int *insn_idx)
{
	struct bpf_verifier_state *state = env->cur_state;
	struct bpf_func_state *caller, *callee;
	struct bpf_reg_state *r0;
	int err;

	callee = state->frame[state->curframe];
	r0 = &callee->regs[BPF_REG_0];
	if (r0->type == PTR_TO_STACK) {
		/* technically it's ok to return caller's stack pointer
		 * (or caller's caller's pointer) back to the caller,
		 * since these pointers are valid. Only current stack
		 * pointer will be invalid as soon as function exits,
		 * but let's be conservative
		 */
		verbose(env, "cannot return stack pointer to the caller\n");
		return -EINVAL;
	}

	state->curframe--;
	caller = state->frame[state->curframe];
	/* return to the caller whatever r0 had in the callee */
	caller->regs[BPF_REG_0] = *r0;

	/* Transfer references to the caller */
	err = transfer_reference_state(caller, callee);
	if (err)
		return err;

	*insn_idx = callee->callsite + 1;
	if (env->log.level & BPF_LOG_LEVEL) {
		verbose(env, "returning from callee:\n");
		print_verifier_state(env, callee);
		verbose(env, "to caller at %d:\n", *insn_idx);
		print_verifier_state(env, caller);
	}
	/* clear everything in the callee */
	free_func_state(callee);
	state->frame[state->curframe + 1] = NULL;
	return 0;
}
