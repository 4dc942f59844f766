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
 * A program with tail calls keeps v5.8's frame whole: its tail call enters
 * the target just past the target's prologue (PROLOGUE_SIZE) and the
 * target runs in the caller's frame, counter and all. Any program may be
 * such a target (a program array takes it whatever its frame), so an image
 * with a frame of its own has, at that offset, a stub that takes the
 * caller's frame down and then builds its own (opt_emit_tail_entry()).
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
	/*
	 * The stub for tail calls: in the image a program array points at
	 * (a program's, or its first function's), not in a converted classic
	 * program (it has no fd to put in one) nor in a later function (only
	 * a call reaches it). A program of one function gets it only when an
	 * array takes it (bpf_jit_opt_tail_target()); a program of several
	 * has it from the start, as its functions are compiled together.
	 */
	opt->tail_entry = !opt->kernel_frame && !opt->ebpf_from_cbpf && !opt->func_idx;
	if (opt->tail_entry && !opt->is_func && !opt->tail_target) {
		opt->tail_entry = false;
		opt->tail_entry_lazy = true;
	}
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

/*
 * Where a v5.8 tail call lands: PROLOGUE_SIZE bytes into the image, with
 * the caller's whole v5.8 frame still built (chapter 08's
 * emit_bpf_tail_call_indirect() jumps to bpf_func + 25, and a direct one to
 * the same place). This image builds a different frame, so at that offset
 * it takes the caller's down first, the exact inverse of emit_prologue():
 * the tail-call counter (pop), r15, r14, r13, rbx, then rbp and the stack
 * (leave) - v5.8's own epilogue without its ret. The return address is then
 * on top, rdi still holds the context, the callee-saved registers are the
 * caller's caller's again: the state of a call to offset 0. The stub ends
 * where the optimised prologue starts, so it falls into it; the normal
 * entry at offset 0 jumps over the stub, and the 23 bytes between are
 * int3, never run.
 *
 * Dropping the counter is sound only because this image has no tail call
 * of its own (a program with one keeps v5.8's frame: kernel_frame): the
 * count of tail calls taken so far matters to no one once the chain has
 * reached a program that cannot take another, and when this program
 * returns it returns to whoever called the first one, as the chain would.
 */
static void opt_emit_tail_entry(u8 **pprog)
{
	u8 *prog = *pprog;
	u8 *stub;

	EMIT2(0xEB, OPT_TAIL_ENTRY_SIZE - OPT_TAIL_ENTRY_SKIP);	/* jmp over the stub */
	while (prog - *pprog < PROLOGUE_SIZE)
		EMIT1(0xCC);					/* int3 */
	stub = prog;
	emit_epilogue(&prog, false);
	prog--;			/* all of v5.8's epilogue but its ret */
	WARN_ON_ONCE(*prog != 0xC3 || prog - stub != OPT_TAIL_STUB_SIZE);
	*pprog = prog;
}

/*
 * A program array takes prog (chapter 08's prog_fd_array_get_ptr()): from
 * now on a v5.8 tail call may enter it 25 bytes in. An optimised image of
 * one function was compiled without the stub (opt->tail_entry_lazy), so
 * that its ordinary calls run no jump over it; compile it again, with the
 * same steps and the stub, and let the new image replace the old. Nothing
 * can be running the old one: no program can reach it by a tail call yet,
 * and a program never updates a program array. The image is the only
 * thing that changes: the instructions, the tag and the verifier's
 * verdict stay. -ENOMEM if the new image cannot be built; the old stays.
 */
int bpf_jit_opt_tail_target(struct bpf_prog *prog)
{
	struct bpf_binary_header *old;
	void *old_func = prog->bpf_func;
	int harden = bpf_jit_harden;

	if (!prog->jited || !prog->aux->tail_entry_lazy)
		return 0;
	old = bpf_jit_binary_hdr(prog);
	prog->aux->tail_call_target = true;
	/*
	 * Blinded or not, as the first time: a program blinded then is
	 * never blinded twice, and one that was not must not be now (that
	 * would make a clone of it, and free the program the array holds).
	 */
	if (!prog->blinded)
		bpf_jit_harden = 0;
	bpf_int_jit_compile(prog);
	bpf_jit_harden = harden;
	if (prog->bpf_func == old_func) {
		prog->aux->tail_call_target = false;
		prog->aux->tail_entry_lazy = true;
		return -ENOMEM;
	}
	bpf_jit_binary_unlock_ro(old);		/* as bpf_jit_free() does */
	bpf_jit_binary_free(old);
	return 0;
}

void bpf_jit_opt_prologue(u8 **pprog, struct opt_prog *opt)
{
	u8 *prog;
	u32 i;

	if (opt->kernel_frame) {
		emit_prologue(pprog, opt->stack_depth, opt->ebpf_from_cbpf, opt->calls);
		return;
	}
	if (opt->tail_entry)
		opt_emit_tail_entry(pprog);
	prog = *pprog;
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
