// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 09/03: `x &= k; if x != 0 goto L`, when nothing reads x after
 * the jump, is `if x & k goto L`: one `test`, no `and`.
 */
#include "opt.h"

/*
 * Chapter 09 calls this after its liveness analysis, before the fusions.
 * opt->jumps lists the jumps (opt->nr_jumps of them); opt->insns is what
 * will be compiled, opt->flags says what the analysis knows of each
 * instruction, opt->live[i] which registers are read after instruction i.
 */
void opt_test_branches(struct opt_prog *opt)
{
	/* TODO: find the pairs, rewrite the jump, mark the and OPT_DEAD */
	(void)opt;
}
