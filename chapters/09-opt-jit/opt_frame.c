// SPDX-License-Identifier: GPL-2.0
/*
 * A frame for the registers a program uses, and no more.
 *
 * v5.8 gives every program the same 25-byte prologue: the trampoline's
 * NOP, rbp, the stack, all four callee-saved registers (rbx, r13, r14,
 * r15 for BPF R6-R9) and the tail-call counter; and a 10-byte epilogue to
 * undo it. Linux 5.10 pushes only the callee-saved registers the program
 * uses (arch/x86/net/bpf_jit_comp.c: detect_reg_usage(), push_callee_regs())
 * and skips `sub rsp` for an empty stack. This goes further, as compilers
 * do for a leaf function:
 *
 *   - no rbp frame at all when nothing reads R10 and nothing is called;
 *   - no trampoline NOP (nothing patches it here);
 *   - no stack and no tail-call counter unless used;
 *   - rsp still 16-byte aligned at every call (bpf_jit_stack_pad()'s rule).
 *
 * A program with tail calls keeps v5.8's frame whole: a tail call enters
 * its target just past the target's prologue (PROLOGUE_SIZE) and runs in
 * the caller's frame, so both must have the one shape.
 *
 *   [rbp]                        caller's rbp        (if opt->frame)
 *   [rbp - stack] .. [rbp - 1]   the BPF stack (and the pad for calls)
 *   below it                     the pushed registers, R6 first
 */
#include "opt.h"

/* BPF R6-R9 and their pushes (rbx; r13, r14, r15 need REX.B). */
static const u8 callee_saved[] = { BPF_REG_6, BPF_REG_7, BPF_REG_8, BPF_REG_9 };

void opt_plan_frame(struct opt_prog *opt)
{
	u32 i, bytes;

	if (!(opt->steps & BPF_JIT_OPT_FRAME))
		opt->kernel_frame = true;	/* v5.8's, and its bytes */
	opt->nr_pushed = 0;
	for (i = 0; i < ARRAY_SIZE(callee_saved); i++)
		if (opt->used & REG_BIT(callee_saved[i]))
			opt->pushed[opt->nr_pushed++] = callee_saved[i];
	/* a frame if the stack is used; and for calls, whose alignment it keeps */
	opt->frame = (opt->used & REG_BIT(BPF_REG_FP)) || opt->calls;
	/* (a stack always comes with a frame: leave takes it down) */
	opt->stack = (opt->used & REG_BIT(BPF_REG_FP)) ? round_up(opt->stack_depth, 8) : 0;
	/*
	 * At entry rsp is 8 past a multiple of 16 (the return address); push
	 * rbp makes it a multiple. For every call to find it one again, the
	 * stack and the pushes together must be a multiple of 16.
	 */
	if (opt->calls) {
		bytes = opt->stack + 8 * opt->nr_pushed;
		if (bytes % 16)
			opt->stack += 8;
	}
}

void bpf_jit_opt_prologue(u8 **pprog, struct opt_prog *opt)
{
	u8 *prog = *pprog;
	u32 i;

	if (opt->kernel_frame) {
		emit_prologue(pprog, opt->stack_depth, opt->ebpf_from_cbpf, opt->calls);
		return;
	}
	/*
	 * No 5-byte NOP: it is the patch site of BPF trampolines (fentry,
	 * fexit: bpf_arch_text_poke()), which this project does not attach.
	 * A kernel that does keeps it, as Linux 5.10+ does.
	 */
	if (opt->frame) {
		EMIT1(0x55);			/* push rbp */
		EMIT3(0x48, 0x89, 0xE5);	/* mov rbp, rsp */
	}
	if (opt->stack) {
		/* sub rsp, stack */
		if (is_imm8(opt->stack))
			EMIT4(0x48, 0x83, 0xEC, opt->stack);
		else
			EMIT3_off32(0x48, 0x81, 0xEC, opt->stack);
	}
	for (i = 0; i < opt->nr_pushed; i++) {
		/* push rbx / push r13..r15 */
		if (is_ereg(opt->pushed[i]))
			EMIT1(0x41);
		EMIT1(add_1reg(0x50, opt->pushed[i]));
	}
	*pprog = prog;
}

/* The frame undone: the pushes popped, rbp and the stack gone with leave. */
void opt_emit_teardown(u8 **pprog, const struct opt_prog *opt)
{
	u8 *prog = *pprog;
	int i;

	for (i = opt->nr_pushed - 1; i >= 0; i--) {
		/* pop r15..r13 / pop rbx */
		if (is_ereg(opt->pushed[i]))
			EMIT1(0x41);
		EMIT1(add_1reg(0x58, opt->pushed[i]));
	}
	if (opt->frame)
		EMIT1(0xC9);			/* leave: the stack goes with rbp */
	*pprog = prog;
}

void bpf_jit_opt_epilogue(u8 **pprog, struct opt_prog *opt)
{
	u8 *prog;

	if (opt->kernel_frame) {
		emit_epilogue(pprog, opt->ebpf_from_cbpf);
		return;
	}
	opt_emit_teardown(pprog, opt);
	prog = *pprog;
	EMIT1(0xC3);				/* ret */
	*pprog = prog;
}

/*
 * A call right before an exit returns what the callee returns: the frame
 * can go first, and the call become a jump (a sibling call, as compilers
 * make of `return f(x)`). The callee returns straight to our caller, and
 * finds rsp as our caller left it, aligned for a call. The exit, if no
 * jump lands on it, is never reached: no code.
 *
 * Not when a copy of R10 may exist (!opt->stack_known): an argument could
 * point into the frame (a helper's format string, a key, a callee's
 * pointer to our stack), and the callee would read what its own frame
 * has written over it.
 */
void opt_find_sibling_calls(struct opt_prog *opt)
{
	if (!opt->stack_known)
		return;
	for (u32 i = 0; i + 1 < opt->len; i++) {
		const struct bpf_insn *insn = &opt->insns[i];

		if (insn->code != (BPF_JMP | BPF_CALL) || (opt->flags[i] & OPT_DEAD) ||
		    opt->insns[i + 1].code != (BPF_JMP | BPF_EXIT) ||
		    (insn->src_reg == BPF_PSEUDO_CALL && !opt->is_func))
			continue;
		opt->flags[i] |= OPT_SIBLING;
		if (!(opt->flags[i + 1] & OPT_TARGET))
			opt->flags[i + 1] |= OPT_DEAD;
	}
}
