// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 04/03: the interpreter's atomics, BPF_STX | BPF_ATOMIC, W and
 * DW, the operation in imm.
 * Mirrors the STX_ATOMIC_W/STX_ATOMIC_DW handler of ___bpf_prog_run() in
 * kernel/bpf/core.c, Linux 5.12. ___bpf_prog_run() (interp.c) calls this
 * for every atomic instruction, with its registers.
 */
#include "linux/bpf_interp.h"

/*
 * Do what insn says on the memory at dst_reg + off, with the operand in
 * src_reg; return 0, or -EINVAL for an operation that does not exist (the
 * interpreter then warns and ends the program with 0).
 */
int bpf_interp_atomic(const struct bpf_insn *insn, u64 *regs)
{
	/* TODO */
	(void)insn; (void)regs;
	return 0;
}
