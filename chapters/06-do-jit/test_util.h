/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What chapter 06's tests, demo and diagram generator share: building a
 * program by hand and handing it to the JIT, as bpf_prog_load() would after
 * bpf_check(), and the article's six instructions.
 */
#ifndef _JIT_TEST_UTIL_H
#define _JIT_TEST_UTIL_H

#include <string.h>

#include "linux/bpf.h"
#include "linux/bpf_interp.h"
#include "linux/bpf_jit.h"

#include "article.h"

/* The article's dump, as its kernel logged it. */
static const unsigned char article_image[58] = {
	0x66, 0x66, 0x66, 0x66, 0x90, 0x55, 0x48, 0x89, 0xe5, 0x48, 0x81, 0xec, 0x08, 0x00, 0x00, 0x00,
	0x53, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57, 0x6a, 0x00, 0xbf, 0x31, 0x02, 0x00, 0x00, 0x48, 0x89,
	0x7d, 0xf8, 0x48, 0x8b, 0x7d, 0xf8, 0x48, 0x81, 0xc7, 0x56, 0x04, 0x00, 0x00, 0x48, 0x89, 0xf8,
	0x5b, 0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x5b, 0xc9, 0xc3,
};

/*
 * A program object as bpf_prog_load() leaves it for the JIT: type, insns,
 * the verifier's stack depth, jit_requested. Not yet compiled.
 */
static inline struct bpf_prog *jit_test_prog(const struct bpf_insn *insns, u32 len,
					     u32 stack_depth, bool jit)
{
	struct bpf_prog *fp = bpf_prog_alloc(bpf_prog_size(len), 0);

	if (!fp)
		return NULL;
	fp->type = BPF_PROG_TYPE_SOCKET_FILTER;
	fp->len = len;
	memcpy(fp->insnsi, insns, len * sizeof(*insns));
	fp->aux->stack_depth = stack_depth;
	fp->jit_requested = jit;
	return fp;
}

/* ... then bpf_prog_select_runtime()'s two steps. */
static inline struct bpf_prog *jit_test_compile(struct bpf_prog *fp)
{
	bpf_prog_select_func(fp);
	return bpf_int_jit_compile(fp);
}

#endif /* _JIT_TEST_UTIL_H */

/*
 * A program whose jumps need several passes to settle: `nfwd` forward jumps
 * to the exit, `fill` four-byte instructions, then `nback` backward jumps to
 * the start of the filler. Every jump tests r2, which is 0: none is taken,
 * so the program returns `fill`. Pass 0 sees 64 bytes per instruction and
 * makes every forward jump rel32; each pass after that finds a few more
 * within reach of rel8, which brings a few more within reach, and so on.
 * Returns the instruction count (at most 2 + nfwd + fill + nback + 1).
 */
static inline u32 jit_many_jumps_prog(struct bpf_insn *insns, int nfwd, int fill, int nback)
{
	u32 n = 0;
	int k;

	insns[n++] = BPF_MOV64_IMM(BPF_REG_0, 0);
	insns[n++] = BPF_MOV64_IMM(BPF_REG_2, 0);
	for (k = 0; k < nfwd; k++)	/* to the exit */
		insns[n++] = BPF_JMP_IMM(BPF_JNE, BPF_REG_2, 0,
					 (nfwd - k - 1) + fill + nback);
	for (k = 0; k < fill; k++)
		insns[n++] = BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1);
	for (k = 0; k < nback; k++)	/* to the first filler */
		insns[n++] = BPF_JMP_IMM(BPF_JNE, BPF_REG_2, 0, -(fill + k + 1));
	insns[n++] = BPF_EXIT_INSN();
	return n;
}

/*
 * The cascade the chapter draws (diagrams/jit-passes-jumps.svg): four
 * forward jumps, all testing r2 (0: none is taken; the program returns 30).
 * Compare + jcc is 3 + 6 bytes, or 3 + 2 once rel8 fits; each add is 4.
 *
 *   insn 17  C  over 4 adds: 16 bytes, rel8 as soon as pass 1 measures it
 *   insn  4  B2 over C and 30 adds: 129 bytes with C at 9, 125 at 5
 *   insn  3  B1 over B2, C and 28 adds: 130, then 126
 *   insn  2  A  over B1, B2, C and 27 adds: 131 with both at 9, 123 at 5
 *
 * So C shrinks in pass 1, pulls B1 and B2 into rel8 range in pass 2, and
 * they pull in A in pass 3; pass 4 finds the size of pass 3, pass 5 writes.
 * Returns the instruction count, 37.
 */
static inline u32 jit_cascade_prog(struct bpf_insn *insns)
{
	u32 n = 0;
	int k;

	insns[n++] = BPF_MOV64_IMM(BPF_REG_0, 0);
	insns[n++] = BPF_MOV64_IMM(BPF_REG_2, 0);
	insns[n++] = BPF_JMP_IMM(BPF_JNE, BPF_REG_2, 0, 30);	/* A:  to insn 33 */
	insns[n++] = BPF_JMP_IMM(BPF_JNE, BPF_REG_2, 0, 30);	/* B1: to insn 34 */
	insns[n++] = BPF_JMP_IMM(BPF_JNE, BPF_REG_2, 0, 31);	/* B2: to insn 36 */
	for (k = 0; k < 12; k++)
		insns[n++] = BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1);
	insns[n++] = BPF_JMP_IMM(BPF_JNE, BPF_REG_2, 0, 4);	/* C:  to insn 22 */
	for (k = 0; k < 4 + 12 + 2; k++)
		insns[n++] = BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1);
	insns[n++] = BPF_EXIT_INSN();
	return n;
}

/*
 * A staircase: `steps` jumps, each over 15 four-byte instructions, the next
 * jump and 15 more. Jump k fits rel8 (test + jcc: 5 bytes, 3 + 60 + 5 + 60
 * < 128) only once jump k + 1 has become rel8 too, and a pass sees a forward
 * target only as the pass before left it: each pass shortens exactly one
 * jump, the last first. So it needs about `steps` passes: with more than
 * 20 the kernel gives up (and v5.12's NOP padding rescues it).
 */
static inline u32 jit_staircase_prog(struct bpf_insn *insns, int steps)
{
	u32 n = 0;
	int k, f;

	insns[n++] = BPF_MOV64_IMM(BPF_REG_0, 0);
	insns[n++] = BPF_MOV64_IMM(BPF_REG_2, 0);
	for (k = 0; k < steps; k++) {
		/* the last jump has no next step: it lands after its own filler */
		insns[n++] = BPF_JMP_IMM(BPF_JNE, BPF_REG_2, 0, k + 1 < steps ? 31 : 15);
		for (f = 0; f < 15; f++)
			insns[n++] = BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1);
	}
	insns[n++] = BPF_EXIT_INSN();
	return n;
}
