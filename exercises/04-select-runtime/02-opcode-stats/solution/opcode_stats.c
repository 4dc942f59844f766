// SPDX-License-Identifier: GPL-2.0
/*
 * An opcode statistic: how many instructions of each class a program has,
 * as the interpreter's jump table sees them (BPF_CLASS(code), 0..7).
 */
#include <string.h>

#include "linux/bpf.h"

void bpf_prog_class_histogram(const struct bpf_prog *prog, u32 hist[8])
{
	memset(hist, 0, 8 * sizeof(hist[0]));
	for (u32 i = 0; i < prog->len; i++) {
		const struct bpf_insn *insn = &prog->insnsi[i];

		hist[BPF_CLASS(insn->code)]++;
		/* ld_imm64 is one instruction in two slots: the interpreter
		 * consumes the second in LD_IMM_DW, never dispatches it.
		 */
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW))
			i++;
	}
}
