// SPDX-License-Identifier: GPL-2.0
/*
 * Choosing the interpreter by stack depth.
 *
 * Mirrors kernel/bpf/core.c: bpf_prog_select_func(), Linux v5.8 (6.x calls
 * it bpf_prog_select_interpreter() and adds the bounds check); written
 * afresh.
 */
#include "linux/bpf_interp.h"

/* What a program runs when no interpreter fits: it says so, returns 0. */
static unsigned int __bpf_prog_ret0_warn(const void *ctx,
					 const struct bpf_insn *insn)
{
	(void)ctx; (void)insn;
	pr_warn("BPF: a program with no runtime was run\n");
	return 0;
}

void bpf_prog_select_func(struct bpf_prog *fp)
{
	/* TODO: interpreters[i] has a stack of 32 * (i + 1) bytes. Pick the
	 * smallest that holds fp->aux->stack_depth; __bpf_prog_ret0_warn when
	 * none does.
	 */
	(void)__bpf_prog_ret0_warn;
	fp->bpf_func = interpreters[0];
}
