// SPDX-License-Identifier: GPL-2.0
/*
 * Jumps the program need not make: a jump to a goto goes where the goto
 * goes (jump threading), and a conditional jump over a goto becomes the
 * opposite jump to the goto's target (the layout a compiler would have
 * chosen). Both rewrite opt->insns in place; the instruction count never
 * changes, so addrs[] keeps its meaning and do_jit()'s passes run as ever.
 *
 * Ours. clang emits both shapes: `if r3 == 0x800 goto +1; goto -8` closes
 * a loop in the corpus's fnv1a (one taken jump per trip where one untaken
 * would do), and the verifier's own rewrites (dead code hard-wired as
 * `goto`s, kernel/bpf/verifier.c: opt_hard_wire_dead_code_branches())
 * leave gotos that land on gotos.
 */
#include "opt.h"

static __maybe_unused bool is_goto(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_JA);
}

/* Where jump insn i goes (not an exit; gotol's offset is in imm). */
static __maybe_unused s64 dest(const struct bpf_insn *insn, u32 i)
{
	return (s64)i + 1 + (insn->code == (BPF_JMP32 | BPF_JA) ? insn->imm : insn->off);
}

/* Point jump i at t, if its offset field can say so. */
static __maybe_unused bool retarget(struct bpf_insn *insn, u32 i, s64 t)
{
	s64 off = t - i - 1;

	if (insn->code == (BPF_JMP32 | BPF_JA)) {
		if (off != (s32)off)
			return false;
		insn->imm = off;
	} else {
		if (off != (s16)off)
			return false;
		insn->off = off;
	}
	return true;
}

#define MAX_HOPS	8

void opt_thread_jumps(struct opt_prog *opt)
{
	/*
	 * TODO: for every jump in opt->jumps (not an exit, not OPT_DEAD),
	 * follow the gotos where it lands, a few hops at most and never
	 * round a loop of gotos, and point it at where they end (retarget()).
	 */
	(void)opt;
}

/*
 * `x &= k; if x != 0 goto L`, with x read no more, is `if x & k goto L`:
 * one x86 `test`, no `and`. That rewrite is exercise 09/03, whose file
 * brings a strong opt_test_branches(); here, none is made.
 */
__weak void opt_test_branches(struct opt_prog *opt)
{
	(void)opt;
}

/* The condition that is true exactly when op's is false (none for JSET). */
static __maybe_unused int invert_cond(u8 op)
{
	switch (op) {
	case BPF_JEQ:  return BPF_JNE;
	case BPF_JNE:  return BPF_JEQ;
	case BPF_JGT:  return BPF_JLE;
	case BPF_JLE:  return BPF_JGT;
	case BPF_JGE:  return BPF_JLT;
	case BPF_JLT:  return BPF_JGE;
	case BPF_JSGT: return BPF_JSLE;
	case BPF_JSLE: return BPF_JSGT;
	case BPF_JSGE: return BPF_JSLT;
	case BPF_JSLT: return BPF_JSGE;
	}
	return -1;
}

/*
 *	if cond goto +1		->	if !cond goto L
 *	goto L				(nothing)
 * when nothing else jumps to the goto. The goto becomes `goto +0`, which
 * do_jit() emits as nothing.
 */
void opt_invert_branches(struct opt_prog *opt)
{
	/*
	 * TODO: `if cond goto +1; goto L`, where no jump lands on the goto:
	 * the opposite condition (invert_cond()) aimed at L, and the goto
	 * made a `goto +0`.
	 */
	(void)opt;
}
