// SPDX-License-Identifier: GPL-2.0
/*
 * The register map: which x86-64 register holds each BPF register.
 *
 * Mirrors arch/x86/net/bpf_jit_comp.c: reg2hex[], Linux v5.8; written afresh.
 *
 * R1-R5 are the System V argument registers in order and R0 is rax, so a
 * helper call needs no shuffling at all: the BPF calling convention was
 * designed to be this register file. R6-R9 sit in callee-saved registers,
 * so they survive helper calls for free. R10, the read-only frame pointer,
 * is rbp. r12 is left out: as a base register it always needs a SIB byte.
 */
#include "bpf_jit_comp.h"

const int reg2hex[] = {
	[BPF_REG_0] = 0,  /* RAX */
	[BPF_REG_1] = 7,  /* RDI */
	[BPF_REG_2] = 6,  /* RSI */
	[BPF_REG_3] = 2,  /* RDX */
	[BPF_REG_4] = 1,  /* RCX */
	[BPF_REG_5] = 0,  /* R8  */
	[BPF_REG_6] = 3,  /* RBX callee saved */
	[BPF_REG_7] = 5,  /* R13 callee saved */
	[BPF_REG_8] = 6,  /* R14 callee saved */
	[BPF_REG_9] = 7,  /* R15 callee saved */
	[BPF_REG_FP] = 5, /* RBP readonly */
	[BPF_REG_AX] = 2, /* R10 temp register */
	[AUX_REG] = 3,    /* R11 temp register */
	[X86_REG_R9] = 1, /* R9 register, 6th function argument */
};
