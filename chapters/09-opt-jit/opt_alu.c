// SPDX-License-Identifier: GPL-2.0
/*
 * Better code for one arithmetic instruction.
 *
 * Ours, with two pieces of Linux 6.x (imul in place of v5.8's mul through
 * rax and rdx; BMI2's shlx, shrx and sarx in place of shifts through cl,
 * arch/x86/net/bpf_jit_comp.c, Linux 6.2). Anything not here is emitted by
 * chapter 06's emit_alu(), which opt_emit_alu() leaves it to by returning 0.
 *
 *	dst *= src		imul dst, src
 *	dst *= 2^k		shl dst, k
 *	dst *= 3, 5, 9		lea dst, [dst + dst*2/4/8]
 *	dst *= k		imul dst, dst, k
 *	dst <<= src		shlx dst, dst, src	(BMI2)
 *				mov rcx, src; shl dst, cl  (rcx saved only if live)
 *	dst &= 0xff, 0xffff	movzx dst32, dst8/16
 *	r &= k (k >= 0)		and r32, k		(no REX.W: the same bits)
 *	be16 with bits 16-63 known 0:  ror dst16, 8	(no movzx)
 *	w <<= 0			mov w, w		(only zero-extends)
 *
 * Every form computes exactly what BPF defines: the low 64 (or 32, zero-
 * extended) bits of a product are the same signed or unsigned, x86 masks
 * a shift count to 6 (or 5) bits as BPF does, and every 32-bit operation
 * writes zeros above.
 */
#include "opt.h"

/* The low three bits of a count make `lea [r + r*2^s]` do r * (2^s + 1). */
static int lea_scale(s32 k)
{
	return k == 3 ? 1 : k == 5 ? 2 : k == 9 ? 3 : -1;
}

/* mov dst32, dst32: what a 32-bit operation that changes nothing still does */
static void emit_zext32(u8 **pprog, u32 dst)
{
	emit_mov_reg(pprog, false, dst, dst);
}

static void emit_mul_k(u8 **pprog, bool is64, u32 dst, s32 k)
{
	u64 kv = is64 ? (u64)(s64)k : (u32)k;	/* the multiplier, as BPF reads imm */
	u8 *prog = *pprog;
	int s = lea_scale(k);

	if (k == 0) {
		emit_mov_imm32(&prog, false, dst, 0);		/* xor dst32, dst32 */
	} else if (k == 1) {
		if (!is64)
			emit_zext32(&prog, dst);
	} else if (k == -1) {
		maybe_emit_1mod(&prog, dst, is64);
		EMIT2(0xF7, add_1reg(0xD8, dst));		/* neg dst */
	} else if (!(kv & (kv - 1))) {
		emit_shift_imm(&prog, is64, X86_SHL_I, dst, __builtin_ctzll(kv));
	} else if (s > 0) {
		struct opt_addr a = { .base = dst, .index = dst, .scale = s };

		emit_lea(&prog, is64, dst, &a);
	} else {
		emit_imul3(&prog, is64, dst, dst, k);
	}
	*pprog = prog;
}

/* shl/shr/sar dst, src: BMI2 if there is one, else through cl. */
static void emit_shift_x_opt(u8 **pprog, struct opt_prog *opt,
			     const struct bpf_insn *insn, int idx)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	u32 dst = insn->dst_reg, src = insn->src_reg, d = dst;
	u8 *prog = *pprog, op = BPF_OP(insn->code), modrm;
	bool save;

	if (opt->bmi2) {
		emit_shift_bmi2(&prog, insn);
		*pprog = prog;
		return;
	}
	modrm = op == BPF_LSH ? 0xE0 : op == BPF_RSH ? 0xE8 : 0xF8;
	/* rcx (R4) is kept only if the program still reads it */
	save = src != BPF_REG_4 && dst != BPF_REG_4 &&
	       (opt->live[idx] & REG_BIT(BPF_REG_4));
	if (src != BPF_REG_4) {
		if (dst == BPF_REG_4) {
			EMIT_mov(AUX_REG, BPF_REG_4);	/* mov r11, rcx */
			d = AUX_REG;
		}
		if (save)
			EMIT_mov(X86_REG_R9, BPF_REG_4);	/* mov r9, rcx */
		EMIT_mov(BPF_REG_4, src);		/* mov rcx, src */
	}
	maybe_emit_1mod(&prog, d, is64);
	EMIT2(0xD3, add_1reg(modrm, d));		/* shl/shr/sar d, cl */
	if (d == AUX_REG)
		EMIT_mov(BPF_REG_4, AUX_REG);		/* mov rcx, r11 */
	else if (save)
		EMIT_mov(BPF_REG_4, X86_REG_R9);	/* mov rcx, r9 */
	*pprog = prog;
}

/* dst &= 0xff or 0xffff: movzx dst32, dst8 / dst16 */
static void emit_movzx_self(u8 **pprog, u32 dst, bool byte)
{
	u8 *prog = *pprog;

	/* sil, dil and bpl exist only with a REX */
	if (byte ? is_ereg_8l(dst) : is_ereg(dst))
		EMIT1(add_2mod(0x40, dst, dst));
	EMIT3(0x0F, byte ? 0xB6 : 0xB7, add_2reg(0xC0, dst, dst));
	*pprog = prog;
}

/*
 * One ALU or ALU64 instruction, if this file has something better than
 * chapter 06's emit_alu(): returns 1 (emitted), 0 (not this file's), or a
 * negative error.
 */
int opt_emit_alu(u8 **pprog, struct opt_prog *opt, const struct bpf_insn *insn, int idx)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64, x = BPF_SRC(insn->code) == BPF_X;
	u32 dst = insn->dst_reg;
	s32 imm = insn->imm;
	struct bpf_insn tmp;
	u8 *prog = *pprog;

	if (BPF_OP(insn->code) == BPF_DIV || BPF_OP(insn->code) == BPF_MOD)
		return opt->steps & BPF_JIT_OPT_DIV ? opt_emit_div(pprog, opt, insn, idx) : 0;
	if (!(opt->steps & BPF_JIT_OPT_ENCODE))
		return 0;
	switch (BPF_OP(insn->code)) {
	case BPF_MUL:
		if (x)
			emit_imul_reg(&prog, is64, dst, insn->src_reg);	/* imul dst, src */
		else
			emit_mul_k(&prog, is64, dst, imm);
		break;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		if (x) {
			emit_shift_x_opt(&prog, opt, insn, idx);
			break;
		}
		imm &= is64 ? 63 : 31;		/* as the interpreter masks it */
		if (imm == 0) {
			if (!is64)
				emit_zext32(&prog, dst);
			break;
		}
		emit_shift_imm(&prog, is64, BPF_OP(insn->code) == BPF_LSH ? 0xE0 :
				BPF_OP(insn->code) == BPF_RSH ? 0xE8 : 0xF8, dst, imm);
		break;
	case BPF_AND:
		if (x || (is64 && imm < 0))
			return 0;
		if (imm == 0xff || imm == 0xffff) {
			emit_movzx_self(&prog, dst, imm == 0xff);
			break;
		}
		if (!is64)
			return 0;
		/* r &= k, k >= 0: the upper half comes out 0 either way */
		tmp = *insn;
		tmp.code = BPF_ALU | BPF_AND | BPF_K;
		if (emit_alu(&prog, &tmp))
			return -EINVAL;
		break;
	case BPF_END:
		/* be16 of a value with nothing above bit 15: ror dst16, 8 alone */
		if (insn->code != (BPF_ALU | BPF_END | BPF_FROM_BE) || imm != 16 ||
		    !(opt->flags[idx] & OPT_DST_ZX16))
			return 0;
		EMIT1(0x66);
		if (is_ereg(dst))
			EMIT1(0x41);
		EMIT3(0xC1, add_1reg(0xC8, dst), 8);
		break;
	default:
		return 0;
	}
	*pprog = prog;
	return 1;
}
