// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: push_insn(), check_cfg(), Linux v5.8 (with
 * the `gotol` form of Linux 6.6); written afresh.
 *
 * A depth-first search over the control-flow graph, done with an explicit
 * stack so a million-instruction program cannot overflow the C stack. Each
 * instruction is first DISCOVERED (on the DFS stack), then EXPLORED (all its
 * successors done). Meeting a DISCOVERED instruction again means an edge
 * back into the current path: a loop. An instruction never reached is dead
 * code, which the kernel refuses outright.
 */
#include <stdlib.h>

#include "internal.h"

/*
 * The search's marks, per instruction: 0 before it is reached; DISCOVERED
 * while it is on the stack, with FALLTHROUGH or BRANCH added as its edges
 * are followed (each edge at most once); EXPLORED once every successor
 * is done.
 */
enum {
	DISCOVERED = 0x10,
	EXPLORED = 0x20,
	FALLTHROUGH = 1,
	BRANCH = 2,
};

/* A place where paths meet: the walk compares states there. */
static void init_explored_state(struct bpf_verifier_env *env, int idx)
{
	env->insn_aux_data[idx].prune_point = true;
}

/*
 * Edge e (FALLTHROUGH or BRANCH) from instruction t to instruction w.
 * Returns 1 if w is new, now on the stack to be explored next; 0 if the
 * edge asks nothing more (followed before, or to an explored instruction);
 * or an error: a target outside the program, or an edge back into the
 * current path, a loop, where none may be.
 */
static int push_insn(int t, int w, int e, struct bpf_verifier_env *env,
		     bool loop_ok)
{
	int *insn_stack = env->cfg.insn_stack;
	int *insn_state = env->cfg.insn_state;

	if (insn_state[t] >= (DISCOVERED | e))
		return 0;
	if (w < 0 || w >= (int)env->prog->len) {
		verbose(env, "jump out of range from insn %d to %d\n", t, w);
		return -EINVAL;
	}
	if (e == BRANCH)
		init_explored_state(env, w);

	if (!insn_state[w]) {
		insn_state[t] = DISCOVERED | e;
		insn_state[w] = DISCOVERED;
		if (env->cfg.cur_stack >= (int)env->prog->len)
			return -E2BIG;
		insn_stack[env->cfg.cur_stack++] = w;
		return 1;
	}
	if ((insn_state[w] & 0xF0) == DISCOVERED) {
		/* A loop. Allowed (since Linux 5.3) for a privileged loader,
		 * whose loop do_check() must then walk to its end; or,
		 * in this project, for a structural-only load.
		 */
		if (loop_ok && (env->bpf_capable || env->unverified))
			return 0;
		verbose(env, "back-edge from insn %d to %d\n", t, w);
		return -EINVAL;
	}
	if (insn_state[w] != EXPLORED) {
		verbose(env, "insn state internal bug\n");
		return -EFAULT;
	}
	/* w was explored before: a forward or a cross edge */
	insn_state[t] = DISCOVERED | e;
	return 0;
}

/*
 * The edges out of instruction t, in order, until one leads somewhere new
 * (1: explore that first) or fails; 0 when they are all done. An exit has
 * none; a call falls through and, to a function, also branches (never a
 * loop: recursion is refused); a goto has one edge, a conditional jump
 * two. Prune points: jump targets, the instruction after a call or goto,
 * conditional jumps, calls to functions, and a goto's target (not a good
 * place to prune, but the walk records the jumps it takes there).
 */
static int visit_insn(int t, int insn_cnt, struct bpf_verifier_env *env)
{
	const struct bpf_insn *insn = &env->prog->insnsi[t];
	u8 class = BPF_CLASS(insn->code), opcode = BPF_OP(insn->code);
	int ret, w;

	if (class != BPF_JMP && class != BPF_JMP32)
		return push_insn(t, t + 1, FALLTHROUGH, env, false);

	switch (opcode) {
	case BPF_EXIT:
		return 0;
	case BPF_CALL:
		ret = push_insn(t, t + 1, FALLTHROUGH, env, false);
		if (ret)
			return ret;
		if (t + 1 < insn_cnt)
			init_explored_state(env, t + 1);
		if (insn->src_reg != BPF_PSEUDO_CALL)
			return 0;
		init_explored_state(env, t);
		return push_insn(t, t + insn->imm + 1, BRANCH, env, false);
	case BPF_JA:
		if (BPF_SRC(insn->code) != BPF_K)
			return -EINVAL;
		/* `ja` jumps by off, `gotol` (JMP32) by imm */
		w = t + 1 + (class == BPF_JMP32 ? insn->imm : insn->off);
		ret = push_insn(t, w, FALLTHROUGH, env, true);
		if (ret)
			return ret;
		init_explored_state(env, w);
		if (t + 1 < insn_cnt)
			init_explored_state(env, t + 1);
		return 0;
	default:
		init_explored_state(env, t);
		return push_insn(t, t + 1, FALLTHROUGH, env, true) ?:
		       push_insn(t, t + insn->off + 1, BRANCH, env, true);
	}
}

/*
 * A depth-first search from instruction 0: every jump in range, every
 * instruction reached (the kernel does not load code it cannot reason
 * about), no loop unless allowed. The instruction on top of the stack is
 * visited until it has nothing left to push, then popped as explored.
 */
int check_cfg(struct bpf_verifier_env *env)
{
	int insn_cnt = env->prog->len;
	int *insn_stack, *insn_state;
	int ret = 0, i;

	insn_state = env->cfg.insn_state = calloc(insn_cnt, sizeof(int));
	insn_stack = env->cfg.insn_stack = calloc(insn_cnt, sizeof(int));
	if (!insn_state || !insn_stack) {
		ret = -ENOMEM;
		goto out;
	}
	insn_state[0] = DISCOVERED;
	insn_stack[0] = 0;
	env->cfg.cur_stack = 1;

	while (env->cfg.cur_stack > 0) {
		int t = insn_stack[env->cfg.cur_stack - 1];

		ret = visit_insn(t, insn_cnt, env);
		if (ret < 0)
			goto out;
		if (ret == 0) {
			insn_state[t] = EXPLORED;
			env->cfg.cur_stack--;
		}
	}
	/*
	 * Ours: a structural-only load keeps code nothing reaches (the
	 * kernel's lib/test_bpf.c runs such programs: the interpreter and the
	 * JIT translate it and never run it), but no function may run into
	 * the next: its last instruction, if reached, must end it.
	 */
	for (i = 0; i < insn_cnt && !env->unverified; i++) {
		if (insn_state[i] != EXPLORED) {
			verbose(env, "unreachable insn %d\n", i);
			ret = -EINVAL;
			goto out;
		}
	}
	for (i = 1; i <= (int)env->subprog_cnt && env->unverified; i++) {
		int last = env->subprog_info[i].start - 1;

		if (insn_state[last] == EXPLORED &&
		    !ends_function(env->prog->insnsi[last].code)) {
			verbose(env, "last insn is not an exit or jmp\n");
			ret = -EINVAL;
			goto out;
		}
	}
	ret = 0;
out:
	free(insn_state);
	free(insn_stack);
	env->cfg.insn_state = env->cfg.insn_stack = NULL;
	return ret;
}
