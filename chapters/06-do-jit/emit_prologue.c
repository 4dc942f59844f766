// SPDX-License-Identifier: GPL-2.0
/*
 * The frame every image builds and tears down.
 *
 * Mirrors arch/x86/net/bpf_jit_comp.c: emit_prologue() and the BPF_EXIT
 * case of do_jit(), Linux v5.8; written afresh. (v5.10 pushes only the
 * callee-saved registers a program uses and drops the tail-call slot; this
 * is the v5.8 frame the article's dump shows.)
 *
 *   [rbp + 8]                      return address
 *   [rbp]                          caller's rbp
 *   [rbp - round_up(depth, 8)] ..  the BPF stack (R10 = rbp points at its top)
 *                                  rbx, r13, r14, r15 (BPF R6-R9)
 *   [rsp]                          tail_call_cnt, 0 (eBPF only)
 */
#include "bpf_jit_comp.h"

/*
 * Emit x86-64 prologue code for BPF program and check its size.
 * bpf_tail_call helper will skip it while jumping into another program
 */
void emit_prologue(u8 **pprog, u32 stack_depth, bool ebpf_from_cbpf)
{
	u8 *prog = *pprog;
	int cnt = X86_PATCH_SIZE;

	/* BPF trampoline can be made to work without these nops,
	 * but let's waste 5 bytes for now and optimize later
	 */
	memcpy(prog, bpf_jit_nop5(NULL), cnt);	/* ideal_nops[NOP_ATOMIC5] */
	prog += cnt;
	EMIT1(0x55);             /* push rbp */
	EMIT3(0x48, 0x89, 0xE5); /* mov rbp, rsp */
	/* sub rsp, rounded_stack_depth */
	EMIT3_off32(0x48, 0x81, 0xEC, round_up(stack_depth, 8));
	EMIT1(0x53);             /* push rbx */
	EMIT2(0x41, 0x55);       /* push r13 */
	EMIT2(0x41, 0x56);       /* push r14 */
	EMIT2(0x41, 0x57);       /* push r15 */
	if (!ebpf_from_cbpf) {
		/* zero init tail_call_cnt */
		EMIT2(0x6a, 0x00);
	}
	*pprog = prog;
}

/*
 * The first BPF_EXIT's code (v5.8 writes it inline in do_jit()). `leave`
 * restores rsp from rbp, so the BPF stack needs no `add rsp`.
 */
void emit_epilogue(u8 **pprog, bool ebpf_from_cbpf)
{
	u8 *prog = *pprog;

	if (!ebpf_from_cbpf)
		EMIT1(0x5B); /* get rid of tail_call_cnt */
	EMIT2(0x41, 0x5F);   /* pop r15 */
	EMIT2(0x41, 0x5E);   /* pop r14 */
	EMIT2(0x41, 0x5D);   /* pop r13 */
	EMIT1(0x5B);         /* pop rbx */
	EMIT1(0xC9);         /* leave */
	EMIT1(0xC3);         /* ret */
	*pprog = prog;
}
