// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: check_max_stack_depth(), Linux v5.8;
 * written afresh.
 *
 * do_check() recorded how deep each function reaches into its own frame.
 * At run time a call chain stacks those frames on top of each other, each
 * rounded up to 32 bytes (the interpreter's granularity: it picks one of
 * sixteen interpreters, __bpf_prog_run32 .. __bpf_prog_run512). Walk every
 * call chain and make sure the sum never exceeds MAX_BPF_STACK. The walk is
 * iterative, with explicit return stacks, like check_cfg(): the call graph
 * is acyclic (check_cfg() refused recursion), so it terminates.
 */
#include "linux/bpf_verifier.h"

/*
 * What a function's frame costs at run time. Even a function that touches
 * no stack costs one 32-byte step: the smallest interpreter has that much.
 */
static int frame_cost(const struct bpf_subprog_info *info)
{
	return round_up(max_t(u32, info->stack_depth, 1), 32);
}

/* A call into another function of this program, not a helper call. */
static bool is_bpf_to_bpf_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) &&
	       insn->src_reg == BPF_PSEUDO_CALL;
}

/*
 * Put the frame of function @func on the chain, @frames deep counting
 * main, and refuse the program once the chain no longer fits.
 */
static int charge_frame(struct bpf_verifier_env *env, int *total, int func,
			int frames)
{
	*total += frame_cost(&env->subprog_info[func]);
	if (*total <= MAX_BPF_STACK)
		return 0;
	verbose(env, "combined stack size of %d calls is %d. Too large\n",
		frames, *total);
	return -EACCES;
}

int check_max_stack_depth(struct bpf_verifier_env *env)
{
	struct bpf_subprog_info *info = env->subprog_info;
	struct bpf_insn *insns = env->prog->insnsi;
	/* For each caller on the chain: where to carry on, and which function. */
	int resume_at[MAX_CALL_FRAMES], caller[MAX_CALL_FRAMES];
	int func = 0, pc = 0, level = 0, total = 0, err;

	err = charge_frame(env, &total, func, level + 1);
	if (err)
		return err;
	for (;;) {
		if (pc >= (int)info[func + 1].start) {
			/*
			 * Past the function's last instruction (an exit or a
			 * jump back, it does not matter which): its frame
			 * leaves the chain and the caller's scan resumes.
			 */
			if (level == 0)
				return 0;
			total -= frame_cost(&info[func]);
			level--;
			pc = resume_at[level];
			func = caller[level];
			continue;
		}
		if (!is_bpf_to_bpf_call(&insns[pc])) {
			pc++;
			continue;
		}
		resume_at[level] = pc + 1;
		caller[level] = func;
		pc += insns[pc].imm + 1;
		func = find_subprog(env, pc);
		if (func < 0) {
			verbose(env, "verifier bug. No program starts at insn %d\n",
				pc);
			return -EFAULT;
		}
		level++;
		if (level >= MAX_CALL_FRAMES) {
			verbose(env, "the call stack of %d frames is too deep !\n",
				level);
			return -E2BIG;
		}
		err = charge_frame(env, &total, func, level + 1);
		if (err)
			return err;
	}
}
