// SPDX-License-Identifier: GPL-2.0
/*
 * Where the optimising JIT of chapter 09 plugs into this one.
 *
 * Ours, not the kernel's: Linux has one x86-64 JIT. Chapter 09 goes beyond
 * it, as a mode of this same JIT (bpf_jit_opt, off by default) that keeps
 * do_jit()'s passes, its convergence and its trace, and changes only what
 * code an instruction becomes. Its strong definitions replace these __weak
 * placeholders at link time. Here bpf_jit_opt_prepare() leaves ctx->opt
 * NULL, so do_jit() compiles every program exactly as v5.8 does and never
 * calls the other hooks; they exist so that this chapter links alone.
 */
#include "bpf_jit_comp.h"

/* The knob, like bpf_jit_imul: read by chapter 09's bpf_jit_opt_prepare(). */
unsigned int bpf_jit_opt;

__weak int bpf_jit_opt_prepare(struct bpf_prog *prog, struct jit_context *ctx)
{
	(void)prog;
	ctx->opt = NULL;
	ctx->insns = NULL;
	ctx->sizes_exact = false;
	ctx->draft = NULL;
	return 0;
}

__weak void bpf_jit_opt_prologue(u8 **pprog, struct opt_prog *opt)
{
	(void)pprog; (void)opt;
}

__weak void bpf_jit_opt_epilogue(u8 **pprog, struct opt_prog *opt)
{
	(void)pprog; (void)opt;
}

__weak int bpf_jit_opt_insn(u8 **pprog, struct opt_prog *opt,
			    const struct bpf_insn *insn, int idx, u8 *ip)
{
	(void)pprog; (void)opt; (void)insn; (void)idx; (void)ip;
	return 0;
}

__weak void bpf_jit_opt_free(struct opt_prog *opt)
{
	(void)opt;
}

/* Every v5.8 image has its tail-call entry, 25 bytes in: nothing to do. */
__weak int bpf_jit_opt_tail_target(struct bpf_prog *prog)
{
	(void)prog;
	return 0;
}
