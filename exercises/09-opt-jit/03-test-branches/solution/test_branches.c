// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 09/03, a solution: `x &= k; if x != 0 goto L`, with x read no
 * more after the jump, becomes `if x & k goto L`, one x86 `test`. Ours,
 * like the rest of chapter 09; written afresh.
 */
#include "opt.h"

/*
 * This strong definition replaces chapter 09's __weak placeholder, which
 * makes no rewrite. It runs after the liveness analysis (opt->live) and
 * before the fusions.
 */
void opt_test_branches(struct opt_prog *opt)
{
	for (u32 k = 0; k < opt->nr_jumps; k++) {
		u32 j = opt->jumps[k], i = j - 1;
		struct bpf_insn *and, *jcc = &opt->insns[j];
		u8 cls;

		if (j == 0 || jcc->code != (BPF_CLASS(jcc->code) | BPF_JNE | BPF_K) || jcc->imm)
			continue;
		and = &opt->insns[i];
		cls = BPF_CLASS(and->code);
		if ((cls != BPF_ALU && cls != BPF_ALU64) || and->code != (cls | BPF_AND | BPF_K) ||
		    and->dst_reg != jcc->dst_reg)
			continue;
		/* both must run, one after the other, and x be forgotten after */
		if ((opt->flags[i] & (OPT_DEAD | OPT_NOP | OPT_FUSED)) ||
		    (opt->flags[j] & (OPT_DEAD | OPT_TARGET)) ||
		    (opt->live[j] & REG_BIT(jcc->dst_reg)))
			continue;
		/* a 32-bit and, or a 32-bit compare: only the low half counts */
		*jcc = BPF_RAW_INSN((cls == BPF_ALU || BPF_CLASS(jcc->code) == BPF_JMP32 ?
				     BPF_JMP32 : BPF_JMP) | BPF_JSET | BPF_K,
				    jcc->dst_reg, 0, jcc->off, and->imm);
		opt->flags[i] |= OPT_DEAD;
	}
}
