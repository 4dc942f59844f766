// SPDX-License-Identifier: GPL-2.0
/*
 * Choosing the interpreter by stack depth.
 *
 * Mirrors kernel/bpf/core.c: bpf_prog_select_func(), Linux v5.8 (6.x calls
 * it bpf_prog_select_interpreter() and adds the bounds check below); written
 * afresh.
 */
#include "linux/bpf_interp.h"

/*
 * What a program runs when no interpreter fits (6.x): it must never run,
 * so it says so and returns 0. (With CONFIG_BPF_JIT_ALWAYS_ON the kernel
 * installs the same function for every program.)
 */
static unsigned int __bpf_prog_ret0_warn(const void *ctx,
					 const struct bpf_insn *insn)
{
	(void)ctx; (void)insn;
	pr_warn("BPF: a program with no runtime was run\n");
	return 0;
}

/*
 * interpreters[i] has a stack of 32 * (i + 1) bytes. Depth 0 (no stack
 * used) still takes the 32-byte one: max(depth, 1) keeps the index at 0
 * instead of -1.
 */
void bpf_prog_select_func(struct bpf_prog *fp)
{
	u32 stack_depth = max_t(u32, fp->aux->stack_depth, 1);
	u32 idx = (round_up(stack_depth, 32) / 32) - 1;

	if (idx < BPF_NR_INTERPRETERS)
		fp->bpf_func = interpreters[idx];
	else
		fp->bpf_func = __bpf_prog_ret0_warn;
}
