// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 06/01: emit_mov_imm32(), the three encodings of "dst = imm32".
 * Mirrors arch/x86/net/bpf_jit_comp.c: emit_mov_imm32(), Linux v5.8.
 *
 * This version is correct but always long: it emits the 7-byte
 * sign-extending `mov r64, imm32` (REX.W C7 /0 id) whatever the constant,
 * which is even wrong for ALU32 (sign_propagate false), where a negative
 * constant must be zero-extended.
 */
#include "../../chapters/06-do-jit/bpf_jit_comp.h"

void emit_mov_imm32(u8 **pprog, bool sign_propagate,
		    u32 dst_reg, const u32 imm32)
{
	u8 *prog = *pprog;

	/* TODO: the kernel's three cases, shortest first (see the README). */
	(void)sign_propagate;
	EMIT3_off32(add_1mod(0x48, dst_reg), 0xC7, add_1reg(0xC0, dst_reg), imm32);

	*pprog = prog;
}
