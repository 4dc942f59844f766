// SPDX-License-Identifier: GPL-2.0
/*
 * Where control goes from each instruction, and where jumps land.
 *
 * Ours. The verifier's check_cfg() (kernel/bpf/verifier.c, Linux v5.8)
 * walks the same edges to refuse unreachable code and loops; it keeps
 * nothing the JIT could read, so the optimiser works them out again from
 * the instructions. Everything after this file assumes what this one
 * checks: every jump lands on an instruction of the program, never in the
 * middle of an ld_imm64. A program that breaks that is compiled by the
 * v5.8 code, which has its own message for it.
 */
#include <stdlib.h>

#include "opt.h"

/* The target of jump insn i (ja: off, gotol: imm), as an index. */
static s64 jmp_dest(const struct bpf_insn *insn, u32 i)
{
	bool gotol = insn->code == (BPF_JMP32 | BPF_JA);

	return (s64)i + 1 + (gotol ? insn->imm : insn->off);
}

/* opt_successors() for a jump, an ld_imm64, or the last instruction. */
int opt_jump_successors(const struct bpf_insn *insns, u32 len, u32 i, u32 succ[2])
{
	const struct bpf_insn *insn = &insns[i];
	u8 op = BPF_OP(insn->code);
	int n = 0;
	s64 t;

	if (opt_is_ld_imm64(insn)) {
		succ[n++] = i + 2;
	} else if (!opt_is_jmp(insn)) {
		succ[n++] = i + 1;	/* calls and tail calls come back */
	} else if (op == BPF_EXIT) {
		return 0;
	} else {
		if (op != BPF_JA)
			succ[n++] = i + 1;
		t = jmp_dest(insn, i);
		if (t < 0 || t >= len)
			return -EINVAL;
		succ[n++] = t;
	}
	/* running off the end: the v5.8 code (and the verifier) refuse it */
	if (succ[0] >= len)
		return -EINVAL;
	return n;
}

/*
 * Mark every jump's landing place OPT_TARGET, and the second halves of
 * ld_imm64s OPT_IMM64_HI; list the jumps in opt->jumps. And check the
 * program's shape: complete ld_imm64 pairs, no jump into one's second
 * half, no edge out. Returns 0, -EINVAL (not well formed) or -ENOMEM.
 */
int opt_mark_targets(struct opt_prog *opt)
{
	const struct bpf_insn *insns = opt->insns;
	u32 i, cap = 0, succ[2];
	void *p;

	for (i = 0; i < opt->len; i++) {
		if (opt_is_ld_imm64(&insns[i])) {
			if (i + 1 >= opt->len)
				return -EINVAL;
			opt->flags[++i] |= OPT_IMM64_HI;
			continue;
		}
		if (!opt_is_jmp(&insns[i]))
			continue;
		if (opt->nr_jumps == cap) {
			cap = cap ? 2 * cap : 64;
			p = realloc(opt->jumps, cap * sizeof(*opt->jumps));
			if (!p)
				return -ENOMEM;
			opt->jumps = p;
			p = realloc(opt->marked, cap * sizeof(*opt->marked));
			if (!p)
				return -ENOMEM;
			opt->marked = p;
		}
		opt->marked[opt->nr_jumps] = i;		/* nothing marked yet */
		opt->jumps[opt->nr_jumps++] = i;
		if (opt_successors(insns, opt->len, i, succ) < 0)
			return -EINVAL;
	}
	/* the last instruction must not run off the end */
	i = opt->len - 1;
	if (opt->flags[i] & OPT_IMM64_HI)
		i--;
	if (opt_successors(insns, opt->len, i, succ) < 0)
		return -EINVAL;
	return opt_remark_targets(opt);
}

/*
 * Where the jump at i lands, or -1: a jump that is dead lands nowhere, nor
 * does a `goto +0` (a rewritten jump never taken), nor an exit.
 */
s64 opt_jump_target(const struct opt_prog *opt, u32 i)
{
	const struct bpf_insn *insn = &opt->insns[i];
	u32 succ[2];
	int n;

	if (BPF_OP(insn->code) == BPF_EXIT || (opt->flags[i] & OPT_DEAD) ||
	    (insn->code == (BPF_JMP | BPF_JA) && insn->off == 0))
		return -1;
	n = opt_successors(opt->insns, opt->len, i, succ);
	return n > 0 ? (s64)succ[n - 1] : -1;
}

/*
 * Mark where the jumps land (opt_jump_target()), again after rewriting.
 * Notes whether any goes back (a loop). -EINVAL: one lands in an ld_imm64.
 */
int opt_remark_targets(struct opt_prog *opt)
{
	u32 k, i;
	s64 to;

	opt->back_edges = false;
	for (k = 0; k < opt->nr_jumps; k++)
		opt->flags[opt->marked[k]] &= ~OPT_TARGET;
	for (k = 0; k < opt->nr_jumps; k++) {
		i = opt->marked[k] = opt->jumps[k];
		to = opt_jump_target(opt, i);
		if (to < 0)
			continue;
		if (opt->flags[to] & OPT_IMM64_HI)
			return -EINVAL;
		opt->flags[to] |= OPT_TARGET;
		opt->marked[k] = to;
		if (to <= i)
			opt->back_edges = true;
	}
	return 0;
}

/*
 * What nothing reaches once the jumps are threaded: a chain of gotos that
 * each jumped to the next is jumped over by its first, and the gotos in
 * between are dead. Dead code takes no bytes, and a goto over nothing but
 * dead code lands on the next instruction, which do_jit() drops. A walk of
 * the edges from the entry marks what it does not reach OPT_DEAD (the
 * second half of an ld_imm64 with its first). 0 or -ENOMEM.
 */
int opt_drop_unreached(struct opt_prog *opt)
{
	u32 *stack = malloc(opt->len * sizeof(*stack)), n = 0, i, succ[2];
	bool *seen = calloc(opt->len, sizeof(*seen));
	int k, cnt;

	if (!stack || !seen) {
		free(stack);
		free(seen);
		return -ENOMEM;
	}
	seen[0] = true;
	stack[n++] = 0;
	while (n) {
		i = stack[--n];
		cnt = opt_successors(opt->insns, opt->len, i, succ);
		for (k = 0; k < cnt; k++) {
			if (seen[succ[k]])
				continue;
			seen[succ[k]] = true;
			stack[n++] = succ[k];
		}
	}
	for (i = 0; i < opt->len; i++) {
		if (opt->flags[i] & OPT_IMM64_HI)
			seen[i] = seen[i - 1];
		if (!seen[i])
			opt->flags[i] |= OPT_DEAD;
	}
	free(stack);
	free(seen);
	return 0;
}
