// SPDX-License-Identifier: GPL-2.0
/*
 * Encodings chapter 06 never needs: a SIB byte (base + index * scale +
 * disp), the VEX prefix of BMI2, three-operand imul, rotates.
 *
 * Mirrors arch/x86/net/bpf_jit_comp.c: emit_3vex() and emit_shiftx(),
 * Linux 6.2 (the BMI2 shifts); the rest is ours, in the same style. Written
 * afresh.
 *
 * The SIB byte follows ModRM when ModRM.rm is 100:
 *
 *	7 6 | 5 4 3 | 2 1 0
 *	scale | index | base		address = base + index << scale + disp
 *
 * index 100 means none (so rsp is never an index; r12 would need REX.X and
 * is not a BPF register); base 101 with mod 00 means none, and a disp32
 * (so rbp and r13 as a base always take a displacement, even 0).
 * REX.X extends the index as REX.B does the base.
 */
#include "opt.h"

/* REX for reg (ModRM.reg), an address's index and base; force: for sil/dil/bpl. */
static void emit_rex_addr(u8 **pprog, bool w, u32 reg, const struct opt_addr *a, bool force)
{
	u8 *prog = *pprog;
	u8 rex = 0x40 | (w ? 8 : 0);

	if (is_ereg(reg))
		rex |= 4;
	if (a->index >= 0 && is_ereg(a->index))
		rex |= 2;
	if (a->base >= 0 && is_ereg(a->base))
		rex |= 1;
	if (rex != 0x40 || force)
		EMIT1(rex);
	*pprog = prog;
}

/* ModRM (+ SIB) (+ disp) for [a], with `field` (a register's low bits, or a /digit) in ModRM.reg. */
static void emit_mem_modrm(u8 **pprog, u8 field, const struct opt_addr *a)
{
	u8 *prog = *pprog;
	u8 r = field << 3, mod;

	if (a->base < 0) {
		/* no base: [index << scale + disp32] */
		EMIT2(0x04 | r, (a->scale << 6) | (reg2hex[a->index] << 3) | 5);
		EMIT(a->disp, 4);
		*pprog = prog;
		return;
	}
	if (a->disp == 0 && reg2hex[a->base] != 5)
		mod = 0x00;
	else if (is_imm8(a->disp))
		mod = 0x40;
	else
		mod = 0x80;
	if (a->index < 0)
		EMIT1(mod | r | reg2hex[a->base]);
	else
		EMIT2(mod | r | 4, (a->scale << 6) | (reg2hex[a->index] << 3) |
				   reg2hex[a->base]);
	if (mod == 0x40)
		EMIT1(a->disp);
	else if (mod == 0x80)
		EMIT(a->disp, 4);
	*pprog = prog;
}

/* ModRM (+ SIB) (+ disp) for [a], with reg in ModRM.reg. */
void emit_mem_sib(u8 **pprog, u32 reg, const struct opt_addr *a)
{
	emit_mem_modrm(pprog, reg2hex[reg], a);
}

/* lea dst, [a] (lea dst32 for a 32-bit sum: the address wraps at 2^32) */
void emit_lea(u8 **pprog, bool is64, u32 dst, const struct opt_addr *a)
{
	u8 *prog = *pprog;

	emit_rex_addr(&prog, is64, dst, a, false);
	EMIT1(0x8D);
	emit_mem_sib(&prog, dst, a);
	*pprog = prog;
}

/* dst = *(size *)[a]: movzx for bytes and words (zero-extends, no REX.W) */
void emit_ldx_addr(u8 **pprog, u32 size, u32 dst, const struct opt_addr *a)
{
	u8 *prog = *pprog;

	emit_rex_addr(&prog, size == BPF_DW, dst, a, false);
	switch (size) {
	case BPF_B: EMIT2(0x0F, 0xB6); break;	/* movzx dst32, byte [a] */
	case BPF_H: EMIT2(0x0F, 0xB7); break;	/* movzx dst32, word [a] */
	default:    EMIT1(0x8B); break;		/* mov dst32/dst, [a] */
	}
	emit_mem_sib(&prog, dst, a);
	*pprog = prog;
}

/* *(size *)[a] = src */
void emit_stx_addr(u8 **pprog, u32 size, u32 src, const struct opt_addr *a)
{
	u8 *prog = *pprog;

	if (size == BPF_H)
		EMIT1(0x66);
	/* a byte of rsi, rdi or rbp needs a REX, or it would be dh, bh, ch */
	emit_rex_addr(&prog, size == BPF_DW, src, a, size == BPF_B && is_ereg_8l(src));
	EMIT1(size == BPF_B ? 0x88 : 0x89);
	emit_mem_sib(&prog, src, a);
	*pprog = prog;
}

/* *(size *)[a] = imm (a DW store sign-extends imm32) */
void emit_st_addr(u8 **pprog, u32 size, s32 imm, const struct opt_addr *a)
{
	u8 *prog = *pprog;

	if (size == BPF_H)
		EMIT1(0x66);
	emit_rex_addr(&prog, size == BPF_DW, BPF_REG_0, a, false);
	EMIT1(size == BPF_B ? 0xC6 : 0xC7);
	emit_mem_sib(&prog, BPF_REG_0, a);	/* /0 */
	EMIT(imm, bpf_size_to_x86_bytes(size));
	*pprog = prog;
}

/*
 * op [a], src or op [a], imm: the read-modify-write of the BPF ALU
 * instruction alu on `size` bytes of memory (add, sub, and, or, xor).
 * Register forms: 01 29 21 09 31 (00 28 20 08 30 on a byte); immediate
 * forms: 81 /digit imm32 (imm16 on a word), 83 /digit imm8 sign-extended,
 * 80 /digit imm8 on a byte; digits add 0, or 1, and 4, sub 5, xor 6.
 */
void emit_rmw_addr(u8 **pprog, const struct bpf_insn *alu, u32 size, const struct opt_addr *a)
{
	static const u8 opcode[] = {
		[BPF_ADD >> 4] = 0x01, [BPF_SUB >> 4] = 0x29, [BPF_AND >> 4] = 0x21,
		[BPF_OR >> 4] = 0x09, [BPF_XOR >> 4] = 0x31,
	};
	static const u8 digit[] = {
		[BPF_ADD >> 4] = 0, [BPF_SUB >> 4] = 5, [BPF_AND >> 4] = 4,
		[BPF_OR >> 4] = 1, [BPF_XOR >> 4] = 6,
	};
	u8 *prog = *pprog, op = BPF_OP(alu->code) >> 4;
	/* the immediate as the operation's width reads it */
	s32 imm = size == BPF_B ? (s8)alu->imm : size == BPF_H ? (s16)alu->imm : alu->imm;

	if (size == BPF_H)
		EMIT1(0x66);
	if (BPF_SRC(alu->code) == BPF_X) {
		emit_rex_addr(&prog, size == BPF_DW, alu->src_reg, a,
			      size == BPF_B && is_ereg_8l(alu->src_reg));
		EMIT1(opcode[op] - (size == BPF_B));
		emit_mem_sib(&prog, alu->src_reg, a);
	} else {
		emit_rex_addr(&prog, size == BPF_DW, BPF_REG_0, a, false);
		EMIT1(size == BPF_B ? 0x80 : is_imm8(imm) ? 0x83 : 0x81);
		emit_mem_modrm(&prog, digit[op], a);
		if (size == BPF_B || is_imm8(imm))
			EMIT1(imm);
		else
			EMIT(imm, size == BPF_H ? 2 : 4);
	}
	*pprog = prog;
}

/* imul dst, src, imm: dst = src * imm, in one instruction */
void emit_imul3(u8 **pprog, bool is64, u32 dst, u32 src, s32 imm)
{
	u8 *prog = *pprog;

	maybe_emit_mod(&prog, src, dst, is64);
	if (is_imm8(imm))
		EMIT3(0x6B, add_2reg(0xC0, src, dst), imm);
	else
		EMIT2_off32(0x69, add_2reg(0xC0, src, dst), imm);
	*pprog = prog;
}

/* imul dst, src: dst *= src */
void emit_imul_reg(u8 **pprog, bool is64, u32 dst, u32 src)
{
	u8 *prog = *pprog;

	maybe_emit_mod(&prog, src, dst, is64);
	EMIT3(0x0F, 0xAF, add_2reg(0xC0, src, dst));
	*pprog = prog;
}

/* op dst, src for the two-operand ALU opcodes (add 01, sub 29, and 21, ...) */
void emit_alu_rr(u8 **pprog, bool is64, u8 opcode, u32 dst, u32 src)
{
	u8 *prog = *pprog;

	maybe_emit_mod(&prog, dst, src, is64);
	EMIT2(opcode, add_2reg(0xC0, dst, src));
	*pprog = prog;
}

/* op dst, imm (ModRM /digit: add 0xC0, and 0xE0, sub 0xE8, ...) */
void emit_alu_ri(u8 **pprog, bool is64, u8 op_modrm, u32 dst, s32 imm)
{
	u8 *prog = *pprog;

	maybe_emit_1mod(&prog, dst, is64);
	if (is_imm8(imm))
		EMIT3(0x83, add_1reg(op_modrm, dst), imm);
	else
		EMIT2_off32(0x81, add_1reg(op_modrm, dst), imm);
	*pprog = prog;
}

/* The one-operand group f7: mul 0xE0, imul 0xE8, neg 0xD8, div 0xF0, idiv 0xF8 */
void emit_f7(u8 **pprog, bool is64, u8 op_modrm, u32 reg)
{
	u8 *prog = *pprog;

	maybe_emit_1mod(&prog, reg, is64);
	EMIT2(0xF7, add_1reg(op_modrm, reg));
	*pprog = prog;
}

/*
 * shl/shr/sar/rol dst, imm (ModRM /digit: rol 0xC0, shl 0xE0, shr 0xE8,
 * sar 0xF8); a count of 1 has its own opcode.
 */
void emit_shift_imm(u8 **pprog, bool is64, u8 op_modrm, u32 dst, u8 imm)
{
	u8 *prog = *pprog;

	maybe_emit_1mod(&prog, dst, is64);
	if (imm == 1)
		EMIT2(0xD1, add_1reg(op_modrm, dst));
	else
		EMIT3(0xC1, add_1reg(op_modrm, dst), imm);
	*pprog = prog;
}

/* A 64-bit constant: xor, mov r32 (zero-extends), mov r64 simm32 (later kernels too), movabs. */
void emit_mov_imm64_opt(u8 **pprog, u32 dst_reg, u64 value)
{
	u8 *prog = *pprog;

	if (is_uimm32(value)) {
		emit_mov_imm32(&prog, false, dst_reg, value);
	} else if (is_simm32(value)) {
		/* mov dst, simm32: seven bytes in place of ten */
		emit_mov_imm32(&prog, true, dst_reg, value);
	} else {
		emit_mov_imm64(&prog, dst_reg, value >> 32, (u32)value);
	}
	*pprog = prog;
}

/*
 * The three-byte VEX prefix of the BMI2 instructions (Linux 6.2):
 *
 *	c4 | ~R ~X ~B m-mmmm | W ~vvvv L pp
 *
 * R, X and B extend ModRM.reg, SIB.index and ModRM.rm as REX does, but
 * inverted; vvvv names a second source register, also inverted; m selects
 * the opcode map (2: 0f 38) and pp an implied prefix (1: 66, 2: f3, 3: f2).
 */
void emit_3vex(u8 **pprog, bool r, bool x, bool b, u8 m,
	       bool w, u8 src_reg2, bool l, u8 pp)
{
	u8 *prog = *pprog;
	u8 vvvv = reg2hex[src_reg2] | (is_ereg(src_reg2) ? 8 : 0);

	EMIT3(0xC4, (!r << 7) | (!x << 6) | (!b << 5) | (m & 0x1F),
	      (w << 7) | ((~vvvv & 0xF) << 3) | (l << 2) | (pp & 3));
	*pprog = prog;
}

/* shlx/shrx/sarx dst, dst, src (op = pp: 1 shlx, 3 shrx, 2 sarx) */
void emit_shiftx(u8 **pprog, u32 dst_reg, u8 src_reg, bool is64, u8 op)
{
	u8 *prog = *pprog;
	bool r = is_ereg(dst_reg);

	emit_3vex(&prog, r, false, r, 2, is64, src_reg, false, op);
	EMIT2(0xF7, add_2reg(0xC0, dst_reg, dst_reg));
	*pprog = prog;
}

/*
 * The BMI2 case of do_jit() (Linux 6.2), behind chapter 06's bpf_jit_bmi2
 * knob: this strong definition replaces chapter 06's placeholder (which
 * exercise 06/02 also replaces), so with this chapter linked in the knob
 * works on its own.
 */
int emit_shift_bmi2(u8 **pprog, const struct bpf_insn *insn)
{
	u8 op;

	switch (BPF_OP(insn->code)) {
	case BPF_LSH:  op = 1; break;	/* prefix 66: shlx */
	case BPF_RSH:  op = 3; break;	/* prefix f2: shrx */
	case BPF_ARSH: op = 2; break;	/* prefix f3: sarx */
	default:
		return -EINVAL;
	}
	emit_shiftx(pprog, insn->dst_reg, insn->src_reg,
		    BPF_CLASS(insn->code) == BPF_ALU64, op);
	return 0;
}
