// SPDX-License-Identifier: GPL-2.0
/*
 * Running a program and keeping all 64 bits of R0.
 *
 * The kernel's BPF_PROG_RUN(prog, ctx) (include/linux/filter.h, v5.8) calls
 * prog->bpf_func, whose `unsigned int` return type keeps the low 32 bits of
 * R0: every kernel hook wants no more. Tests and the conformance suite want
 * the whole register; these functions give it, from the same code. Ours.
 */
#include "linux/bpf_interp.h"

typedef u64 (*bpf_func64_t)(const void *ctx, const void *arg2);

/*
 * A JIT image leaves R0 in rax, all 64 bits; only the C type of bpf_func
 * says `unsigned int`. Calling it through a u64-returning type reads rax
 * whole. (An image is machine code, not a C function, so there is no C
 * type to violate.) R1 arrives in rdi and R2 in rsi, the first two
 * argument registers of the x86-64 calling convention.
 */
static u64 bpf_jited_run64(const struct bpf_prog *prog, const void *ctx,
			   const void *arg2)
{
	return ((bpf_func64_t)(unsigned long)prog->bpf_func)(ctx, arg2);
}

u64 bpf_prog_run64(const struct bpf_prog *prog, const void *ctx)
{
	int idx;

	if (prog->jited)
		return bpf_jited_run64(prog, ctx, prog->insnsi);
	idx = bpf_interpreter_index(prog);
	if (idx >= 0)
		return interpreters64[idx](ctx, prog->insnsi);
	/* Some other runtime (no interpreter fitted): its 32 bits. */
	return BPF_PROG_RUN(prog, ctx);
}

u64 bpf_prog_run64_len(const struct bpf_prog *prog, const void *ctx, u64 len)
{
	int idx;

	if (prog->jited)
		return bpf_jited_run64(prog, ctx, (const void *)(unsigned long)len);
	idx = bpf_interpreter_index(prog);
	if (idx >= 0)
		/* The bpf-to-bpf entry sets R1..R5: R1 = ctx, R2 = len. */
		return interpreters_args[idx]((u64)(unsigned long)ctx, len, 0, 0, 0,
					      prog->insnsi);
	return BPF_PROG_RUN(prog, ctx);
}
