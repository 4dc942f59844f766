// SPDX-License-Identifier: GPL-2.0
/*
 * Loads and stores: BPF_LDX, BPF_ST and BPF_STX of every size, and the
 * sign-extending loads of ISA v4.
 *
 * Mirrors arch/x86/net/bpf_jit_comp.c: emit_ldx(), emit_stx() and the
 * BPF_ST cases of do_jit(), Linux v5.8; emit_insn_suffix(), Linux 5.12 (the
 * address suffix v5.8 repeats in each); emit_ldsx(), Linux 6.6. Written afresh.
 *
 * Every access is [base + disp]: ModRM mod=01 with a disp8 when the offset
 * fits, mod=10 with a disp32 otherwise. A zero offset still gets its disp8:
 * rbp and r13 (R10 and R7) cannot be encoded with mod=00, and the JIT does
 * not bother to save the byte for the others. No base is ever rsp or r12,
 * so no SIB byte is ever needed.
 */
#include "bpf_jit_comp.h"

/* [ptr_reg + off], with val_reg in ModRM.reg */
void emit_insn_suffix(u8 **pprog, u32 ptr_reg, u32 val_reg, int off)
{
	u8 *prog = *pprog;

	if (is_imm8(off)) {
		/* 1-byte signed displacement.
		 *
		 * If off == 0 we could skip this and save one extra byte, but
		 * special case of x86 R13 which always needs an offset is not
		 * worth the hassle
		 */
		EMIT2(add_2reg(0x40, ptr_reg, val_reg), off);
	} else {
		/* 4-byte signed displacement */
		EMIT1_off32(add_2reg(0x80, ptr_reg, val_reg), off);
	}
	*pprog = prog;
}

/* LDX: dst_reg = *(u8*)(src_reg + off) */
void emit_ldx(u8 **pprog, u32 size, u32 dst_reg, u32 src_reg, int off)
{
	u8 *prog = *pprog;

	switch (size) {
	case BPF_B:
		/* Emit 'movzx rax, byte ptr [rax + off]' */
		EMIT3(add_2mod(0x48, src_reg, dst_reg), 0x0F, 0xB6);
		break;
	case BPF_H:
		/* Emit 'movzx rax, word ptr [rax + off]' */
		EMIT3(add_2mod(0x48, src_reg, dst_reg), 0x0F, 0xB7);
		break;
	case BPF_W:
		/* Emit 'mov eax, dword ptr [rax+0x14]' */
		if (is_ereg(dst_reg) || is_ereg(src_reg))
			EMIT2(add_2mod(0x40, src_reg, dst_reg), 0x8B);
		else
			EMIT1(0x8B);
		break;
	case BPF_DW:
		/* Emit 'mov rax, qword ptr [rax+0x14]' */
		EMIT2(add_2mod(0x48, src_reg, dst_reg), 0x8B);
		break;
	}
	emit_insn_suffix(&prog, src_reg, dst_reg, off);
	*pprog = prog;
}

/* LDSX: dst_reg = *(s8*)(src_reg + off) (Linux 6.6) */
void emit_ldsx(u8 **pprog, u32 size, u32 dst_reg, u32 src_reg, int off)
{
	u8 *prog = *pprog;

	switch (size) {
	case BPF_B:
		/* Emit 'movsx rax, byte ptr [rax + off]' */
		EMIT3(add_2mod(0x48, src_reg, dst_reg), 0x0F, 0xBE);
		break;
	case BPF_H:
		/* Emit 'movsx rax, word ptr [rax + off]' */
		EMIT3(add_2mod(0x48, src_reg, dst_reg), 0x0F, 0xBF);
		break;
	case BPF_W:
		/* Emit 'movsx rax, dword ptr [rax+0x14]' */
		EMIT2(add_2mod(0x48, src_reg, dst_reg), 0x63);
		break;
	}
	emit_insn_suffix(&prog, src_reg, dst_reg, off);
	*pprog = prog;
}

/* STX: *(u8*)(dst_reg + off) = src_reg */
void emit_stx(u8 **pprog, u32 size, u32 dst_reg, u32 src_reg, int off)
{
	u8 *prog = *pprog;

	switch (size) {
	case BPF_B:
		/* Emit 'mov byte ptr [rax + off], al' */
		if (is_ereg(dst_reg) || is_ereg_8l(src_reg))
			/* Add extra byte for eregs or SIL,DIL,BPL in src_reg */
			EMIT2(add_2mod(0x40, dst_reg, src_reg), 0x88);
		else
			EMIT1(0x88);
		break;
	case BPF_H:
		if (is_ereg(dst_reg) || is_ereg(src_reg))
			EMIT3(0x66, add_2mod(0x40, dst_reg, src_reg), 0x89);
		else
			EMIT2(0x66, 0x89);
		break;
	case BPF_W:
		if (is_ereg(dst_reg) || is_ereg(src_reg))
			EMIT2(add_2mod(0x40, dst_reg, src_reg), 0x89);
		else
			EMIT1(0x89);
		break;
	case BPF_DW:
		EMIT2(add_2mod(0x48, dst_reg, src_reg), 0x89);
		break;
	}
	emit_insn_suffix(&prog, dst_reg, src_reg, off);
	*pprog = prog;
}

/* ST: *(size *)(dst_reg + off) = imm32 (a DW store sign-extends imm32) */
void emit_st(u8 **pprog, u32 size, u32 dst_reg, int off, s32 imm32)
{
	u8 *prog = *pprog;

	switch (size) {
	case BPF_B:
		/* mov byte ptr [dst + off], imm8 */
		if (is_ereg(dst_reg))
			EMIT2(0x41, 0xC6);
		else
			EMIT1(0xC6);
		break;
	case BPF_H:
		/* mov word ptr [dst + off], imm16 */
		if (is_ereg(dst_reg))
			EMIT3(0x66, 0x41, 0xC7);
		else
			EMIT2(0x66, 0xC7);
		break;
	case BPF_W:
		/* mov dword ptr [dst + off], imm32 */
		if (is_ereg(dst_reg))
			EMIT2(0x41, 0xC7);
		else
			EMIT1(0xC7);
		break;
	case BPF_DW:
		/* mov qword ptr [dst + off], imm32 (sign-extended) */
		EMIT2(add_1mod(0x48, dst_reg), 0xC7);
		break;
	}
	/* the /0 in ModRM.reg: reg2hex[BPF_REG_0] is 0 */
	emit_insn_suffix(&prog, dst_reg, BPF_REG_0, off);
	EMIT(imm32, bpf_size_to_x86_bytes(size));
	*pprog = prog;
}
