// SPDX-License-Identifier: GPL-2.0
/*
 * The arithmetic: BPF_ALU and BPF_ALU64, every operation, register and
 * immediate forms.
 *
 * Mirrors the BPF_ALU/BPF_ALU64 cases of do_jit() in
 * arch/x86/net/bpf_jit_comp.c, Linux v5.8 (MUL, DIV and MOD through rax/rdx
 * as v5.8 does them; later kernels use imul and divide by src directly), plus
 * what Linux 6.6 added for ISA v4 (movsx, sdiv/smod, bswap), marked where it
 * appears, and the BMI2 shifts of Linux 6.2 behind a knob (bpf_jit_bmi2).
 * The kernel keeps all of this inline in do_jit()'s switch; it is a
 * function of its own here so the chapter can show it in pieces. Written
 * afresh.
 */
#include <cpuid.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_jit_comp.h"

/* Prefix for a one-register operation: REX.W for ALU64, REX.B for r8-r15. */
static void emit_alu_1mod(u8 **pprog, const struct bpf_insn *insn, u32 dst_reg)
{
	maybe_emit_1mod(pprog, dst_reg, BPF_CLASS(insn->code) == BPF_ALU64);
}

/* The v5.8 DIV/MOD sequence, with the signed variant of Linux 6.6. */
static void emit_div_mod(u8 **pprog, const struct bpf_insn *insn)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	bool is_signed = insn->off == 1;		/* sdiv/smod, ISA v4 */
	u32 dst_reg = insn->dst_reg, src_reg = insn->src_reg;
	u8 *prog = *pprog;

	EMIT1(0x50); /* push rax */
	EMIT1(0x52); /* push rdx */

	if (BPF_SRC(insn->code) == BPF_X)
		/* mov r11, src_reg */
		EMIT_mov(AUX_REG, src_reg);
	else
		/* mov r11, imm32 */
		EMIT3_off32(0x49, 0xC7, 0xC3, insn->imm);

	/* mov rax, dst_reg */
	EMIT_mov(BPF_REG_0, dst_reg);

	if (is_signed) {
		/* cqo / cdq: sign-extend rax into rdx:rax (Linux 6.6) */
		if (is64)
			EMIT2(0x48, 0x99);
		else
			EMIT1(0x99);
		/* idiv r11 / idiv r11d */
		EMIT3(is64 ? 0x49 : 0x41, 0xF7, 0xFB);
	} else {
		/*
		 * xor edx, edx
		 * equivalent to 'xor rdx, rdx', but one byte less
		 */
		EMIT2(0x31, 0xd2);
		if (is64)
			/* div r11 */
			EMIT3(0x49, 0xF7, 0xF3);
		else
			/* div r11d */
			EMIT3(0x41, 0xF7, 0xF3);
	}

	if (BPF_OP(insn->code) == BPF_MOD)
		/* mov r11, rdx */
		EMIT3(0x49, 0x89, 0xD3);
	else
		/* mov r11, rax */
		EMIT3(0x49, 0x89, 0xC3);

	EMIT1(0x5A); /* pop rdx */
	EMIT1(0x58); /* pop rax */

	/* mov dst_reg, r11 */
	EMIT_mov(dst_reg, AUX_REG);
	*pprog = prog;
}

bool bpf_jit_imul;

/* MUL as Linux 6.x emits it (bpf_jit_imul): dst *= src or imm, in place. */
static void emit_imul(u8 **pprog, const struct bpf_insn *insn)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	u32 dst_reg = insn->dst_reg, src_reg = insn->src_reg;
	u8 *prog = *pprog;

	if (BPF_SRC(insn->code) == BPF_X) {
		maybe_emit_mod(&prog, src_reg, dst_reg, is64);
		/* imul dst_reg, src_reg */
		EMIT3(0x0F, 0xAF, add_2reg(0xC0, src_reg, dst_reg));
	} else {
		maybe_emit_mod(&prog, dst_reg, dst_reg, is64);
		if (is_imm8(insn->imm))
			/* imul dst_reg, dst_reg, imm8 */
			EMIT3(0x6B, add_2reg(0xC0, dst_reg, dst_reg), insn->imm);
		else
			/* imul dst_reg, dst_reg, imm32 */
			EMIT2_off32(0x69, add_2reg(0xC0, dst_reg, dst_reg), insn->imm);
	}
	*pprog = prog;
}

/* The v5.8 MUL: one-operand mul through rax/rdx, which are saved around it. */
static void emit_mul(u8 **pprog, const struct bpf_insn *insn)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	u32 dst_reg = insn->dst_reg;
	u8 *prog = *pprog;

	if (bpf_jit_imul) {
		emit_imul(pprog, insn);
		return;
	}

	if (dst_reg != BPF_REG_0)
		EMIT1(0x50); /* push rax */
	if (dst_reg != BPF_REG_3)
		EMIT1(0x52); /* push rdx */

	/* mov r11, dst_reg */
	EMIT_mov(AUX_REG, dst_reg);

	if (BPF_SRC(insn->code) == BPF_X)
		emit_mov_reg(&prog, is64, BPF_REG_0, insn->src_reg);
	else
		emit_mov_imm32(&prog, is64, BPF_REG_0, insn->imm);

	if (is64)
		EMIT1(add_1mod(0x48, AUX_REG));
	else if (is_ereg(AUX_REG))
		EMIT1(add_1mod(0x40, AUX_REG));
	/* mul(q) r11 */
	EMIT2(0xF7, add_1reg(0xE0, AUX_REG));

	if (dst_reg != BPF_REG_3)
		EMIT1(0x5A); /* pop rdx */
	if (dst_reg != BPF_REG_0) {
		/* mov dst_reg, rax */
		EMIT_mov(dst_reg, BPF_REG_0);
		EMIT1(0x58); /* pop rax */
	}
	*pprog = prog;
}

/* Shift by a register: x86 takes the count in cl only (the "rcx dance"). */
static void emit_shift_x(u8 **pprog, const struct bpf_insn *insn)
{
	u32 dst_reg = insn->dst_reg, src_reg = insn->src_reg;
	u8 *prog = *pprog;
	u8 b3 = 0;

	/* Check for bad case when dst_reg == rcx */
	if (dst_reg == BPF_REG_4) {
		/* mov r11, dst_reg */
		EMIT_mov(AUX_REG, dst_reg);
		dst_reg = AUX_REG;
	}

	if (src_reg != BPF_REG_4) { /* common case */
		EMIT1(0x51); /* push rcx */

		/* mov rcx, src_reg */
		EMIT_mov(BPF_REG_4, src_reg);
	}

	/* shl %rax, %cl | shr %rax, %cl | sar %rax, %cl */
	emit_alu_1mod(&prog, insn, dst_reg);

	switch (BPF_OP(insn->code)) {
	case BPF_LSH: b3 = 0xE0; break;
	case BPF_RSH: b3 = 0xE8; break;
	case BPF_ARSH: b3 = 0xF8; break;
	}
	EMIT2(0xD3, add_1reg(b3, dst_reg));

	if (src_reg != BPF_REG_4)
		EMIT1(0x59); /* pop rcx */

	if (insn->dst_reg == BPF_REG_4)
		/* mov dst_reg, r11 */
		EMIT_mov(insn->dst_reg, AUX_REG);
	*pprog = prog;
}

bool bpf_jit_bmi2;

bool boot_cpu_has(int feature)
{
	static int bmi2 = -1;	/* CPUID is slow in a VM: ask once */
	unsigned int eax, ebx, ecx, edx;
	const char *clear = getenv("CLEARCPUID");

	if (feature != X86_FEATURE_BMI2)
		return false;
	if (bmi2 < 0)
		bmi2 = __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) &&
		       (ebx & (1u << (X86_FEATURE_BMI2 % 32)));
	return bmi2 && !(clear && strstr(clear, "bmi2"));
}

/*
 * The BMI2 case of do_jit() (Linux 6.2): shlx, shrx or sarx dst, dst, src.
 * Its encoder, emit_shiftx(), is exercise 06/02, whose file brings a strong
 * emit_shift_bmi2() that calls it. Until that is linked in, this placeholder
 * says there is no encoder, and the shift takes the v5.8 path through cl.
 */
__weak int emit_shift_bmi2(u8 **pprog, const struct bpf_insn *insn)
{
	(void)pprog; (void)insn;
	return -EOPNOTSUPP;
}

/* Byte swaps: BPF_END to big endian, and the unconditional BSWAP (6.6). */
static int emit_bswap(u8 **pprog, u32 dst_reg, s32 imm32)
{
	u8 *prog = *pprog;

	switch (imm32) {
	case 16:
		/* Emit 'ror %ax, 8' to swap lower 2 bytes */
		EMIT1(0x66);
		if (is_ereg(dst_reg))
			EMIT1(0x41);
		EMIT3(0xC1, add_1reg(0xC8, dst_reg), 8);

		/* Emit 'movzwl eax, ax' */
		if (is_ereg(dst_reg))
			EMIT3(0x45, 0x0F, 0xB7);
		else
			EMIT2(0x0F, 0xB7);
		EMIT1(add_2reg(0xC0, dst_reg, dst_reg));
		break;
	case 32:
		/* Emit 'bswap eax' to swap lower 4 bytes */
		if (is_ereg(dst_reg))
			EMIT2(0x41, 0x0F);
		else
			EMIT1(0x0F);
		EMIT1(add_1reg(0xC8, dst_reg));
		break;
	case 64:
		/* Emit 'bswap rax' to swap 8 bytes */
		EMIT3(add_1mod(0x48, dst_reg), 0x0F,
		      add_1reg(0xC8, dst_reg));
		break;
	default:
		/* the verifier rejects this; we may meet it unverified */
		return -EINVAL;
	}
	*pprog = prog;
	return 0;
}

/* BPF_END to little endian: on x86 only a truncation. */
static int emit_to_le(u8 **pprog, u32 dst_reg, s32 imm32)
{
	u8 *prog = *pprog;

	switch (imm32) {
	case 16:
		/*
		 * Emit 'movzwl eax, ax' to zero extend 16-bit
		 * into 64 bit
		 */
		if (is_ereg(dst_reg))
			EMIT3(0x45, 0x0F, 0xB7);
		else
			EMIT2(0x0F, 0xB7);
		EMIT1(add_2reg(0xC0, dst_reg, dst_reg));
		break;
	case 32:
		/* Emit 'mov eax, eax' to clear upper 32-bits */
		if (is_ereg(dst_reg))
			EMIT1(0x45);
		EMIT2(0x89, add_2reg(0xC0, dst_reg, dst_reg));
		break;
	case 64:
		/* nop */
		break;
	default:
		return -EINVAL;
	}
	*pprog = prog;
	return 0;
}

/*
 * One BPF_ALU or BPF_ALU64 instruction. Returns 0, or -EINVAL for an
 * encoding the verifier would have rejected.
 */
int emit_alu(u8 **pprog, const struct bpf_insn *insn)
{
	const s32 imm32 = insn->imm;
	u32 dst_reg = insn->dst_reg;
	u32 src_reg = insn->src_reg;
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	u8 b2 = 0, b3 = 0;
	u8 *prog = *pprog;
	int err = 0;

	switch (insn->code) {
		/* ALU */
	case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU64 | BPF_ADD | BPF_X:
	case BPF_ALU64 | BPF_SUB | BPF_X:
	case BPF_ALU64 | BPF_AND | BPF_X:
	case BPF_ALU64 | BPF_OR | BPF_X:
	case BPF_ALU64 | BPF_XOR | BPF_X:
		switch (BPF_OP(insn->code)) {
		case BPF_ADD: b2 = 0x01; break;
		case BPF_SUB: b2 = 0x29; break;
		case BPF_AND: b2 = 0x21; break;
		case BPF_OR: b2 = 0x09; break;
		case BPF_XOR: b2 = 0x31; break;
		}
		/* add/sub/and/or/xor dst, src */
		maybe_emit_mod(&prog, dst_reg, src_reg, is64);
		EMIT2(b2, add_2reg(0xC0, dst_reg, src_reg));
		break;

	case BPF_ALU64 | BPF_MOV | BPF_X:
	case BPF_ALU | BPF_MOV | BPF_X:
		if (insn->off == 0)
			emit_mov_reg(&prog, is64, dst_reg, src_reg);
		else	/* movsx (Linux 6.6) */
			emit_movsx_reg(&prog, insn->off, is64, dst_reg, src_reg);
		break;

		/* neg dst */
	case BPF_ALU | BPF_NEG:
	case BPF_ALU64 | BPF_NEG:
		emit_alu_1mod(&prog, insn, dst_reg);
		EMIT2(0xF7, add_1reg(0xD8, dst_reg));
		break;

	case BPF_ALU | BPF_ADD | BPF_K:
	case BPF_ALU | BPF_SUB | BPF_K:
	case BPF_ALU | BPF_AND | BPF_K:
	case BPF_ALU | BPF_OR | BPF_K:
	case BPF_ALU | BPF_XOR | BPF_K:
	case BPF_ALU64 | BPF_ADD | BPF_K:
	case BPF_ALU64 | BPF_SUB | BPF_K:
	case BPF_ALU64 | BPF_AND | BPF_K:
	case BPF_ALU64 | BPF_OR | BPF_K:
	case BPF_ALU64 | BPF_XOR | BPF_K:
		emit_alu_1mod(&prog, insn, dst_reg);

		/*
		 * b3 holds 'normal' opcode, b2 short form only valid
		 * in case dst is eax/rax.
		 */
		switch (BPF_OP(insn->code)) {
		case BPF_ADD: b3 = 0xC0; b2 = 0x05; break;
		case BPF_SUB: b3 = 0xE8; b2 = 0x2D; break;
		case BPF_AND: b3 = 0xE0; b2 = 0x25; break;
		case BPF_OR: b3 = 0xC8; b2 = 0x0D; break;
		case BPF_XOR: b3 = 0xF0; b2 = 0x35; break;
		}

		if (is_imm8(imm32))
			/* op dst, imm8 (sign-extended by the CPU) */
			EMIT3(0x83, add_1reg(b3, dst_reg), imm32);
		else if (is_axreg(dst_reg))
			/* op eax/rax, imm32: no ModRM */
			EMIT1_off32(b2, imm32);
		else
			/* op dst, imm32 */
			EMIT2_off32(0x81, add_1reg(b3, dst_reg), imm32);
		break;

	case BPF_ALU64 | BPF_MOV | BPF_K:
	case BPF_ALU | BPF_MOV | BPF_K:
		emit_mov_imm32(&prog, is64, dst_reg, imm32);
		break;

		/* dst %= src, dst /= src, dst %= imm32, dst /= imm32 */
	case BPF_ALU | BPF_MOD | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_MOD | BPF_K:
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU64 | BPF_MOD | BPF_X:
	case BPF_ALU64 | BPF_DIV | BPF_X:
	case BPF_ALU64 | BPF_MOD | BPF_K:
	case BPF_ALU64 | BPF_DIV | BPF_K:
		/*
		 * No check for 0, nor for S64_MIN s/ -1 (which makes idiv
		 * trap): the verifier's fixups guard both before the JIT
		 * sees the program (chapter 03: fixup_bpf_calls()).
		 */
		emit_div_mod(&prog, insn);
		break;

	case BPF_ALU | BPF_MUL | BPF_K:
	case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU64 | BPF_MUL | BPF_K:
	case BPF_ALU64 | BPF_MUL | BPF_X:
		emit_mul(&prog, insn);
		break;

		/* Shifts */
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_K:
	case BPF_ALU | BPF_ARSH | BPF_K:
	case BPF_ALU64 | BPF_LSH | BPF_K:
	case BPF_ALU64 | BPF_RSH | BPF_K:
	case BPF_ALU64 | BPF_ARSH | BPF_K:
		emit_alu_1mod(&prog, insn, dst_reg);

		switch (BPF_OP(insn->code)) {
		case BPF_LSH: b3 = 0xE0; break;
		case BPF_RSH: b3 = 0xE8; break;
		case BPF_ARSH: b3 = 0xF8; break;
		}

		if (imm32 == 1)
			/* shl/shr/sar dst, 1 */
			EMIT2(0xD1, add_1reg(b3, dst_reg));
		else
			/* shl/shr/sar dst, imm8 */
			EMIT3(0xC1, add_1reg(b3, dst_reg), imm32);
		break;

	case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_ARSH | BPF_X:
	case BPF_ALU64 | BPF_LSH | BPF_X:
	case BPF_ALU64 | BPF_RSH | BPF_X:
	case BPF_ALU64 | BPF_ARSH | BPF_X:
		/*
		 * BMI2 (Linux 6.2, bpf_jit_bmi2) takes the count in any
		 * register; it is no better when the count is in cl already.
		 */
		if (bpf_jit_bmi2 && src_reg != BPF_REG_4 &&
		    boot_cpu_has(X86_FEATURE_BMI2) &&
		    emit_shift_bmi2(&prog, insn) == 0)
			break;
		emit_shift_x(&prog, insn);
		break;

	case BPF_ALU | BPF_END | BPF_FROM_BE:
	case BPF_ALU64 | BPF_END | BPF_FROM_LE:	/* bswap (Linux 6.6) */
		err = emit_bswap(&prog, dst_reg, imm32);
		break;

	case BPF_ALU | BPF_END | BPF_FROM_LE:
		err = emit_to_le(&prog, dst_reg, imm32);
		break;

	default:
		return -EINVAL;		/* do_jit() reports the opcode */
	}

	*pprog = prog;
	return err;
}
