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
	/* TODO: count prog->insnsi[0 .. prog->len) by BPF_CLASS(). */
	(void)prog;
}
