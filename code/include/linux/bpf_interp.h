/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interpreter and the runtime selection: what kernel/bpf/core.c keeps
 * static, made visible so tests, tools and later chapters can reach it.
 *
 * Defined by chapters/04-select-runtime. Mirrors kernel/bpf/core.c,
 * Linux v5.8 (___bpf_prog_run, DEFINE_BPF_PROG_RUN, interpreters[],
 * bpf_prog_select_func, bpf_prog_select_runtime), with the instructions
 * later kernels added (atomics 5.12, ISA v4 6.6) marked where they are
 * handled. Written afresh.
 */
#ifndef _SHIM_LINUX_BPF_INTERP_H
#define _SHIM_LINUX_BPF_INTERP_H

#include "linux/bpf.h"

/* One interpreter per 32 bytes of stack: 32, 64, ..., 512. */
#define BPF_NR_INTERPRETERS	(MAX_BPF_STACK / 32)

/*
 * Run insn[] with the registers regs[0..MAX_BPF_EXT_REG) already set up
 * (R1 = context, R10 = top of the stack). Returns R0, all 64 bits. The
 * kernel's is static; `stack` is unused and kept for the v5.8 signature
 * (6.x dropped it).
 */
u64 ___bpf_prog_run(u64 *regs, const struct bpf_insn *insn, u64 *stack);
/* Its JMP_TAIL_CALL lookup: the target's first insn, or NULL (weak in 04). */
const struct bpf_insn *bpf_interp_tail_call(u64 map, u64 index, u32 *tail_call_cnt);
/* Its BPF_STX | BPF_ATOMIC handler (interp_atomic.c): 0, or -EINVAL. */
int bpf_interp_atomic(const struct bpf_insn *insn, u64 *regs);

/* The entry points, by stack size (static in the kernel). */
extern unsigned int (*const interpreters[BPF_NR_INTERPRETERS])(const void *ctx,
							   const struct bpf_insn *insn);
extern u64 (*const interpreters_args[BPF_NR_INTERPRETERS])(u64 r1, u64 r2, u64 r3,
							   u64 r4, u64 r5,
							   const struct bpf_insn *insn);
/* Ours: the same entry points returning all 64 bits of R0. */
extern u64 (*const interpreters64[BPF_NR_INTERPRETERS])(const void *ctx,
						      const struct bpf_insn *insn);

/* "__bpf_prog_run32" ... "__bpf_prog_run512", or NULL if func is none of them. */
const char *bpf_interpreter_name(unsigned int (*func)(const void *ctx,
						      const struct bpf_insn *insn));
/* The index of fp->bpf_func in interpreters[], or -1 (JITed, or unset). */
int bpf_interpreter_index(const struct bpf_prog *fp);

/* kernel/bpf/core.c (v5.8 name; 6.x: bpf_prog_select_interpreter). */
void bpf_prog_select_func(struct bpf_prog *fp);

/* Rewrite a bpf-to-bpf call for the interpreter (called by the verifier). */
void bpf_patch_call_args(struct bpf_insn *insn, u32 stack_depth);

/* Programs in maps of programs must agree on type and JIT-ness (weak in
 * 04: no program array exists before chapter 08).
 */
int bpf_check_tail_call(const struct bpf_prog *fp);

/* include/linux/filter.h, v5.8: run a program, R0 truncated to 32 bits. */
#define BPF_PROG_RUN(prog, ctx)	((prog)->bpf_func((ctx), (prog)->insnsi))

/*
 * Ours: run a program and return all 64 bits of R0, from the interpreter
 * (the 64-bit twin of prog->bpf_func) or from a JIT image (whose code leaves
 * R0 in rax: the same function called through a u64-returning type).
 */
u64 bpf_prog_run64(const struct bpf_prog *prog, const void *ctx);
/* The same with R2 = len: how raw memory is handed to a program (the BPF
 * conformance suite's contract, used for BPF_F_UNVERIFIED test runs).
 */
u64 bpf_prog_run64_len(const struct bpf_prog *prog, const void *ctx, u64 len);

/*
 * BPF_PROG_TEST_RUN's core (net/bpf/test_run.c: bpf_test_run()), with R0
 * whole: runs `repeat` times (0 counts as 1), *retval = R0 of the last run,
 * *time = mean ns per run. ctx goes in R1, len in R2. Always 0 here (the
 * kernel can also answer -EINTR or -ENOMEM).
 */
int bpf_test_run64(struct bpf_prog *prog, void *ctx, u64 len, u32 repeat,
		   u64 *retval, u32 *time);
/* All 64 bits of R0 of the last test run in this process (the attr's
 * retval holds 32): for tools that drive BPF_PROG_TEST_RUN through sys_bpf().
 */
u64 bpf_test_run_last_r0(void);

#endif /* _SHIM_LINUX_BPF_INTERP_H */
