// SPDX-License-Identifier: GPL-2.0
/*
 * Loading a 32-bit constant into a register: three encodings, shortest first.
 *
 * Mirrors arch/x86/net/bpf_jit_comp.c: emit_mov_imm32(), Linux v5.8;
 * written afresh.
 *
 * BPF has two meanings for "dst = imm32": ALU64 sign-extends the constant
 * to 64 bits, ALU32 zero-extends it. x86-64 has one instruction for each:
 * `mov r32, imm32` writes a 32-bit register, which clears the upper half
 * (zero-extension for free), and `mov r64, imm32` (REX.W C7 /0) sign-extends.
 * The first is two bytes shorter, so it is used whenever the two meanings
 * agree: always for ALU32, and for ALU64 when the constant is not negative.
 */
#include "bpf_jit_comp.h"

void emit_mov_imm32(u8 **pprog, bool sign_propagate,
		    u32 dst_reg, const u32 imm32)
{
	u8 *prog = *pprog;
	u8 b1, b2, b3;

	/*
	 * Optimization: if imm32 is positive, use 'mov %eax, imm32'
	 * (which zero-extends imm32) to save 2 bytes.
	 */
	if (sign_propagate && (s32)imm32 < 0) {
		/* 'mov %rax, imm32' sign extends imm32 */
		b1 = add_1mod(0x48, dst_reg);
		b2 = 0xC7;
		b3 = 0xC0;
		EMIT3_off32(b1, b2, add_1reg(b3, dst_reg), imm32);
		goto done;
	}

	/*
	 * Optimization: if imm32 is zero, use 'xor %eax, %eax'
	 * to save 3 bytes.
	 */
	if (imm32 == 0) {
		if (is_ereg(dst_reg))
			EMIT1(add_2mod(0x40, dst_reg, dst_reg));
		b2 = 0x31; /* xor */
		b3 = 0xC0;
		EMIT2(b2, add_2reg(b3, dst_reg, dst_reg));
		goto done;
	}

	/* mov %eax, imm32 */
	if (is_ereg(dst_reg))
		EMIT1(add_1mod(0x40, dst_reg));
	EMIT1_off32(add_1reg(0xB8, dst_reg), imm32);
done:
	*pprog = prog;
}
