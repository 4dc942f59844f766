// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: get_callee_stack_depth(), fixup_call_args()
 * and the two functions it hands over to, jit_subprogs() (verifier.c) and
 * bpf_patch_call_args() (kernel/bpf/core.c), Linux v5.8; written afresh.
 *
 * A program with bpf-to-bpf calls runs one of two ways. With the JIT, each
 * function is compiled on its own and the calls become native calls
 * (jit_subprogs(), chapter 06). Without it, each call instruction is
 * rewritten for the interpreter to carry the callee's stack depth, so the
 * interpreter can give the callee a frame of the right size
 * (bpf_patch_call_args(), chapter 04). Both are placeholders here.
 */
#include "internal.h"

/* Chapter 06 replaces this. Until then, a program with calls is not JITed
 * (the interpreter runs it); one without calls needs nothing here.
 */
__weak int jit_subprogs(struct bpf_verifier_env *env)
{
	return env->subprog_cnt <= 1 ? 0 : -ENOTSUPP;
}

/* Chapter 04's interpreter replaces this with the JMP | CALL_ARGS rewrite. */
__weak void bpf_patch_call_args(struct bpf_insn *insn, u32 stack_depth)
{
	(void)insn;
	(void)stack_depth;
}

static int get_callee_stack_depth(struct bpf_verifier_env *env,
				  const struct bpf_insn *insn, int idx)
{
	int start = idx + insn->imm + 1, subprog;

	subprog = find_subprog(env, start);
	if (subprog < 0) {
		verbose(env, "verifier bug. No program starts at insn %d\n", start);
		return -EFAULT;
	}
	return env->subprog_info[subprog].stack_depth;
}

int fixup_call_args(struct bpf_verifier_env *env)
{
	struct bpf_prog *prog = env->prog;
	struct bpf_insn *insn = prog->insnsi;
	int i, depth;
	int err = 0;

	if (env->prog->jit_requested) {
		err = jit_subprogs(env);
		if (err == 0)
			return 0;
		if (err == -EFAULT)
			return err;
	}
	/* !CONFIG_BPF_JIT_ALWAYS_ON: fall back to the interpreter */
	prog = env->prog;
	insn = prog->insnsi;
	for (i = 0; i < (int)prog->len; i++, insn++) {
		if (insn->code != (BPF_JMP | BPF_CALL) ||
		    insn->src_reg != BPF_PSEUDO_CALL)
			continue;
		depth = get_callee_stack_depth(env, insn, i);
		if (depth < 0)
			return depth;
		bpf_patch_call_args(insn, depth);
	}
	return 0;
}
