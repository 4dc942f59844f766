// SPDX-License-Identifier: GPL-2.0
/*
 * Register moves and 64-bit constants.
 *
 * Mirrors arch/x86/net/bpf_jit_comp.c: emit_mov_imm64(), emit_mov_reg(),
 * Linux v5.8, and emit_movsx_reg(), Linux 6.6 (ISA v4); written afresh.
 */
#include "bpf_jit_comp.h"

/* dst = (hi << 32) | lo: the two slots of BPF_LD | BPF_IMM | BPF_DW */
void emit_mov_imm64(u8 **pprog, u32 dst_reg,
		    const u32 imm32_hi, const u32 imm32_lo)
{
	u8 *prog = *pprog;

	if (is_uimm32(((u64)imm32_hi << 32) | (u32)imm32_lo)) {
		/*
		 * For emitting plain u32, where sign bit must not be
		 * propagated LLVM tends to load imm64 over mov32
		 * directly, so save couple of bytes by just doing
		 * 'mov %eax, imm32' instead.
		 */
		emit_mov_imm32(&prog, false, dst_reg, imm32_lo);
	} else {
		/* movabsq %rax, imm64 */
		EMIT2(add_1mod(0x48, dst_reg), add_1reg(0xB8, dst_reg));
		EMIT(imm32_lo, 4);
		EMIT(imm32_hi, 4);
	}

	*pprog = prog;
}

/*
 * dst = src. The 64-bit move of a register to itself is nothing at all; the
 * 32-bit one is kept, because it clears the upper half (BPF_ZEXT_REG).
 */
void emit_mov_reg(u8 **pprog, bool is64, u32 dst_reg, u32 src_reg)
{
	u8 *prog = *pprog;

	if (is64) {
		/* mov dst, src */
		EMIT_mov(dst_reg, src_reg);
	} else {
		/* mov32 dst, src */
		if (is_ereg(dst_reg) || is_ereg(src_reg))
			EMIT1(add_2mod(0x40, dst_reg, src_reg));
		EMIT2(0x89, add_2reg(0xC0, dst_reg, src_reg));
	}

	*pprog = prog;
}

/*
 * dst = (s8/s16/s32) src (Linux 6.6, ISA v4: MOV X with off = 8, 16, 32).
 * movsx takes its destination in ModRM.reg, so the operands swap places.
 */
void emit_movsx_reg(u8 **pprog, int num_bits, bool is64, u32 dst_reg,
		    u32 src_reg)
{
	u8 *prog = *pprog;

	if (is64) {
		/* movs[b,w,l]q dst, src */
		if (num_bits == 8)
			EMIT4(add_2mod(0x48, src_reg, dst_reg), 0x0f, 0xbe,
			      add_2reg(0xC0, src_reg, dst_reg));
		else if (num_bits == 16)
			EMIT4(add_2mod(0x48, src_reg, dst_reg), 0x0f, 0xbf,
			      add_2reg(0xC0, src_reg, dst_reg));
		else if (num_bits == 32)
			EMIT3(add_2mod(0x48, src_reg, dst_reg), 0x63,
			      add_2reg(0xC0, src_reg, dst_reg));
	} else {
		/* movs[b,w]l dst, src */
		if (num_bits == 8) {
			/* always a REX: without one, sil/dil/bpl would be dh/bh/ch */
			EMIT4(add_2mod(0x40, src_reg, dst_reg), 0x0f, 0xbe,
			      add_2reg(0xC0, src_reg, dst_reg));
		} else if (num_bits == 16) {
			if (is_ereg(dst_reg) || is_ereg(src_reg))
				EMIT1(add_2mod(0x40, src_reg, dst_reg));
			EMIT3(0x0f, 0xbf, add_2reg(0xC0, src_reg, dst_reg));
		}
	}

	*pprog = prog;
}
