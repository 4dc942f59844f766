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

/* dst's references become src's (a deep copy; dst's own are let go). */
int copy_reference_state(struct bpf_func_state *dst, const struct bpf_func_state *src)
{
	size_t n = src->acquired_refs;
	struct bpf_reference_state *refs = n ? malloc(n * sizeof(*refs)) : NULL;

	if (n && !refs)
		return -ENOMEM;
	if (n)
		memcpy(refs, src->refs, n * sizeof(*refs));
	free(dst->refs);
	dst->refs = refs;
	dst->acquired_refs = n;
	return 0;
}

/* The references travel with a call and its return. */
static int transfer_reference_state(struct bpf_func_state *dst,
				    const struct bpf_func_state *src)
{
	return dst == src ? 0 : copy_reference_state(dst, src);
}

/*
 * A new reference, held by the current frame: a fresh id, also given to
 * the helper's result, and the instruction that took it (for the leak
 * message). Returns the id, or a negative errno.
 */
int acquire_reference_state(struct bpf_verifier_env *env, int insn_idx)
{
	struct bpf_func_state *state = cur_func(env);
	int n = state->acquired_refs;
	struct bpf_reference_state *refs = realloc(state->refs, (n + 1) * sizeof(*refs));

	if (!refs)
		return -ENOMEM;
	state->refs = refs;
	refs[n] = (struct bpf_reference_state){ .id = ++env->id_gen, .insn_idx = insn_idx };
	state->acquired_refs = n + 1;
	return refs[n].id;
}

/* The reference ptr_id is no longer held: the last one takes its place.
 * -EINVAL if it was not held.
 */
int release_reference_state(struct bpf_func_state *state, int ptr_id)
{
	int last = state->acquired_refs - 1, i;

	for (i = 0; i <= last; i++) {
		if (state->refs[i].id != ptr_id)
			continue;
		state->refs[i] = state->refs[last];
		memset(&state->refs[last], 0, sizeof(state->refs[last]));
		state->acquired_refs = last;
		return 0;
	}
	return -EINVAL;
}

/* At an exit (and a tail call): every reference still held is a leak. */
int check_reference_leak(struct bpf_verifier_env *env)
{
	const struct bpf_func_state *state = cur_func(env);
	const struct bpf_reference_state *ref;

	for (ref = state->refs; ref < state->refs + state->acquired_refs; ref++)
		verbose(env, "Unreleased reference id=%d alloc_insn=%d\n", ref->id, ref->insn_idx);
	return state->acquired_refs ? -EINVAL : 0;
}

/*
 * A release helper gave the reference back: every register and slot that
 * held it, in any frame, now holds an unknown number, and for a loader
 * that may not see addresses not even that. v5.8 left the copies readable,
 * and an unknown scalar that still holds the address is one an
 * unprivileged program can store into a map for user space to read; 6.1
 * makes them unreadable, as here.
 */
int release_reference(struct bpf_verifier_env *env, int ref_obj_id)
{
	struct bpf_func_state *state;
	struct bpf_reg_state *reg;
	int err = release_reference_state(cur_func(env), ref_obj_id);

	if (err)
		return err;
	for_each_reg_in_vstate(env->cur_state, state, reg, ({
		if (reg->ref_obj_id == (u32)ref_obj_id) {
			__mark_reg_unknown(env, reg);
			if (!env->allow_ptr_leaks)
				reg->type = NOT_INIT;	/* __mark_reg_not_init() */
		}
	}));
	return 0;
}

/*
 * A bpf-to-bpf call: a new frame for the callee, which returns to the
 * instruction after this one (its call site). The callee reads r1-r5 as
 * the caller has them, parent links too, so that its reads are reads of
 * the caller's values; everything else of its own is unreadable until
 * written, its stack empty. The caller's r0-r5 are the call's to write.
 */
int check_func_call(struct bpf_verifier_env *env, struct bpf_insn *insn, int *insn_idx)
{
	struct bpf_verifier_state *state = env->cur_state;
	struct bpf_func_state *caller = state->frame[state->curframe], *callee;
	u32 callee_frame = state->curframe + 1;
	int target = *insn_idx + insn->imm, subprog, err;

	if (callee_frame >= MAX_CALL_FRAMES) {
		verbose(env, "the call stack of %d frames is too deep\n", state->curframe + 2);
		return -E2BIG;
	}
	/* the callee starts after target: the jump's usual off-by-one */
	subprog = find_subprog(env, target + 1);
	if (subprog < 0) {
		verbose(env, "verifier bug. No program starts at insn %d\n", target + 1);
		return -EFAULT;
	}
	if (state->frame[callee_frame]) {
		verbose(env, "verifier bug. Frame %d already allocated\n", callee_frame);
		return -EFAULT;
	}
	callee = calloc(1, sizeof(*callee));
	if (!callee)
		return -ENOMEM;
	state->frame[callee_frame] = callee;
	init_func_state(env, callee, *insn_idx, callee_frame, subprog);

	err = transfer_reference_state(callee, caller);
	if (err)
		return err;
	memcpy(&callee->regs[BPF_REG_1], &caller->regs[BPF_REG_1],
	       (BPF_REG_5 - BPF_REG_1 + 1) * sizeof(caller->regs[0]));
	/* (in the caller's frame: the frame count goes up after) */
	clobber_caller_saved_regs(env, caller->regs);
	state->curframe++;
	err = check_path_stack_depth(env);
	if (err)
		return err;

	*insn_idx = target;
	if (env->log.level & BPF_LOG_LEVEL) {
		verbose(env, "caller:\n");
		print_verifier_state(env, caller);
		verbose(env, "callee:\n");
		print_verifier_state(env, callee);
	}
	return 0;
}

/*
 * The callee's exit: its r0 becomes the caller's, its references go back
 * with it, and the walk goes on after the call. A pointer into the
 * callee's stack dies with the frame; the kernel refuses every stack
 * pointer here, though one into a caller's frame would still be good.
 */
int prepare_func_exit(struct bpf_verifier_env *env, int *insn_idx)
{
	struct bpf_verifier_state *state = env->cur_state;
	struct bpf_func_state *callee = state->frame[state->curframe], *caller;
	int err;

	if (callee->regs[BPF_REG_0].type == PTR_TO_STACK) {
		verbose(env, "cannot return stack pointer to the caller\n");
		return -EINVAL;
	}
	state->curframe--;
	caller = state->frame[state->curframe];
	caller->regs[BPF_REG_0] = callee->regs[BPF_REG_0];
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
	free_func_state(callee);
	state->frame[state->curframe + 1] = NULL;
	return 0;
}
