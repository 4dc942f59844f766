// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 06/03: register moves and 64-bit constants.
 * Mirrors arch/x86/net/bpf_jit_comp.c: emit_mov_imm64(), emit_mov_reg(),
 * Linux v5.8, and emit_movsx_reg(), Linux 6.6 (ISA v4). do_jit() and the
 * chapter's other emitters call them; bpf_jit_comp.h has the REX and ModRM
 * helpers.
 */
#include "bpf_jit_comp.h"

/* dst = (hi << 32) | lo: the two slots of BPF_LD | BPF_IMM | BPF_DW */
void emit_mov_imm64(u8 **pprog, u32 dst_reg,
		    const u32 imm32_hi, const u32 imm32_lo)
{
	u8 *prog = *pprog;

	/* TODO: the shortest form that loads the same 64 bits */
	(void)dst_reg; (void)imm32_hi; (void)imm32_lo;

	*pprog = prog;
}

/* dst = src, all 64 bits (is64) or the low 32 zero-extended */
void emit_mov_reg(u8 **pprog, bool is64, u32 dst_reg, u32 src_reg)
{
	u8 *prog = *pprog;

	/* TODO */
	(void)is64; (void)dst_reg; (void)src_reg;

	*pprog = prog;
}

/* dst = (s8/s16/s32) src, num_bits 8, 16 or 32 (32 for is64 only) */
void emit_movsx_reg(u8 **pprog, int num_bits, bool is64, u32 dst_reg,
		    u32 src_reg)
{
	u8 *prog = *pprog;

	/* TODO */
	(void)num_bits; (void)is64; (void)dst_reg; (void)src_reg;

	*pprog = prog;
}
