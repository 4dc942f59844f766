/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The program the whole book follows: the article's
 *
 *	unsigned long prog(void) { unsigned long a = 0x231; return a + 0x456; }
 *
 * as an older clang at -O0 compiled it, six instructions (today's clang emits
 * five: see code/examples/README.md). Returns 0x687; the verifier records a
 * stack depth of 8; the v5.8 JIT turns it into the article's 58 bytes.
 *
 *	static const struct bpf_insn prog[] = { ARTICLE_INSNS };
 */
#ifndef _ARTICLE_H
#define _ARTICLE_H

#include "linux/filter.h"

#define ARTICLE_INSNS							\
	BPF_MOV64_IMM(BPF_REG_1, 0x231),		/* r1 = 561 */		\
	BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),	/* *(u64 *)(r10 -8) = r1 */ \
	BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8),	/* r1 = *(u64 *)(r10 -8) */ \
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 0x456),	/* r1 += 1110 */	\
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),		/* r0 = r1 */		\
	BPF_EXIT_INSN()					/* exit */

#endif /* _ARTICLE_H */
