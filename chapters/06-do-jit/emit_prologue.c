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
 *   (8 bytes of padding, ours: see bpf_jit_stack_pad())
 *                                  rbx, r13, r14, r15 (BPF R6-R9)
 *   [rsp]                          tail_call_cnt, 0 (eBPF only)
 */
#include "bpf_jit_comp.h"

/*
 * Ours, not the kernel's: the bytes to add to the frame so that rsp is
 * 16-byte aligned at every `call` the program makes.
 *
 * The x86-64 SysV ABI wants rsp to be a multiple of 16 at a call, and
 * user-space C relies on it (glibc's printf saves SSE registers with
 * `movaps`, which faults on a misaligned address). The kernel builds its C
 * code for 8-byte stacks and never cares, so v5.8's frame is aligned only
 * at some stack depths: at entry rsp is 8 past a multiple of 16 (the
 * return address), and the prologue then moves it by 8 (rbp) +
 * round_up(depth, 8) + 32 (rbx, r13-r15) + 8 (tail_call_cnt, eBPF only).
 * When that leaves rsp misaligned and the program calls anything (a
 * helper, or a subprogram that may), the frame grows by 8 bytes between
 * the BPF stack and the saved registers. Every frame then meets its callee
 * as the ABI says, subprograms included. A program that calls nothing, like
 * the article's, keeps the kernel's bytes.
 */
u32 bpf_jit_stack_pad(u32 stack_depth, bool ebpf_from_cbpf, bool calls)
{
	u32 moved = 8 + round_up(stack_depth, 8) + 32 + (ebpf_from_cbpf ? 0 : 8);

	return calls && (8 + moved) % 16 ? 8 : 0;
}

/*
 * Emit x86-64 prologue code for BPF program and check its size.
 * bpf_tail_call helper will skip it while jumping into another program
 */
void emit_prologue(u8 **pprog, u32 stack_depth, bool ebpf_from_cbpf, bool calls)
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
	/* sub rsp, rounded_stack_depth (+ the pad that aligns calls) */
	EMIT3_off32(0x48, 0x81, 0xEC, round_up(stack_depth, 8) +
		    bpf_jit_stack_pad(stack_depth, ebpf_from_cbpf, calls));
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
