/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What chapter 09's tests share: compiling a program with the optimising
 * JIT, or loading it through the whole path, and running it.
 */
#ifndef _TEST_OPT_H
#define _TEST_OPT_H

#include "linux/bpf.h"
#include "linux/bpf_interp.h"
#include "linux/bpf_jit.h"
#include "linux/file.h"
#include "testutil.h"
#include "../06-do-jit/test_util.h"

#define R0 BPF_REG_0
#define R1 BPF_REG_1
#define R2 BPF_REG_2
#define R3 BPF_REG_3
#define R4 BPF_REG_4
#define R5 BPF_REG_5
#define R6 BPF_REG_6
#define R7 BPF_REG_7
#define R8 BPF_REG_8
#define R9 BPF_REG_9
#define R10 BPF_REG_10

/* The context programs get in R1: CTX_SIZE bytes, byte i = 0x80 + i. */
#define CTX_SIZE	256

/* A program as bpf_prog_load() hands it to the JIT, compiled with the
 * optimising JIT's steps (a BPF_JIT_OPT_* mask; 0: the v5.8 JIT). Never NULL.
 */
static inline struct bpf_prog *opt_compile(const struct bpf_insn *insns, u32 len,
					   u32 stack_depth, unsigned int steps)
{
	struct bpf_prog *fp = jit_test_prog(insns, len, stack_depth, true);

	ck_assert_ptr_nonnull(fp);
	bpf_jit_opt = steps;
	fp = jit_test_compile(fp);
	bpf_jit_opt = 0;
	return fp;
}

/* The same program for the interpreter (as bpf_prog_select_runtime() leaves it). */
static inline struct bpf_prog *interp_compile(const struct bpf_insn *insns, u32 len,
					      u32 stack_depth)
{
	struct bpf_prog *fp = jit_test_prog(insns, len, stack_depth, false);

	ck_assert_ptr_nonnull(fp);
	return jit_test_compile(fp);
}

/* The bytes BPF insn k became (an ld_imm64: both halves). */
static inline const u8 *opt_insn_bytes(const struct bpf_prog *fp, u32 k, int *len)
{
	const u32 *addrs = fp->aux->jit_trace->addrs;
	u32 next = k + 1;

	if (fp->insnsi[k].code == (BPF_LD | BPF_IMM | BPF_DW))
		next = k + 2;
	*len = addrs[next] - addrs[k];
	return (const u8 *)fp->bpf_func + addrs[k];
}

/* The table rows' programs end at their last non-zero instruction. */
static inline u32 opt_insn_count(const struct bpf_insn *insns, u32 n)
{
	while (n && !insns[n - 1].code && !insns[n - 1].imm && !insns[n - 1].off &&
	       !insns[n - 1].dst_reg && !insns[n - 1].src_reg)
		n--;
	return n;
}

/*
 * The whole load path, sys_bpf(BPF_PROG_LOAD) with BPF_F_UNVERIFIED (the
 * structural checks and the verifier's fixups, division guards among
 * them): mode 0 interpreter, 1 the v5.8 JIT, 2 the optimising JIT. Returns
 * the fd; *prog is the program it holds.
 */
static inline int opt_load_steps(const struct bpf_insn *insns, u32 len, int mode,
				 unsigned int steps, struct bpf_prog **prog)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insn_cnt = len;
	attr.insns = (u64)(uintptr_t)insns;
	attr.license = (u64)(uintptr_t)"GPL";
	attr.prog_flags = BPF_F_UNVERIFIED;
	bpf_jit_enable = mode > 0;
	bpf_jit_opt = mode == 2 ? steps : 0;
	fd = sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	bpf_jit_enable = 1;
	bpf_jit_opt = 0;
	if (fd < 0)
		return fd;
	*prog = bpf_prog_get(fd);
	bpf_prog_put(*prog);	/* the fd keeps its own reference */
	return fd;
}

static inline int opt_load(const struct bpf_insn *insns, u32 len, int mode,
			   struct bpf_prog **prog)
{
	return opt_load_steps(insns, len, mode, BPF_JIT_OPT_ALL, prog);
}

static inline void ctx_fill(u8 *ctx)
{
	for (int i = 0; i < CTX_SIZE; i++)
		ctx[i] = (u8)(0x80 + i);
}

#endif /* _TEST_OPT_H */
