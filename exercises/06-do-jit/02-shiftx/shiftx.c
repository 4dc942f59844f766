// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 06/02: the BMI2 shifts shlx/shrx/sarx and their VEX prefix.
 * Mirrors arch/x86/net/bpf_jit_comp.c: emit_3vex() and emit_shiftx(),
 * Linux 6.2, which emits them on CPUs with BMI2.
 */
#include "../../chapters/06-do-jit/bpf_jit_comp.h"

/*
 * The 3-byte VEX prefix: C4, then ~R ~X ~B m-mmmm, then W ~vvvv L pp.
 * r, x, b: the REX bits, stored inverted; m: the opcode map (2 = 0f 38);
 * w: REX.W; src_reg2: a BPF register, the extra source operand (vvvv,
 * stored inverted, four bits); l: vector length (0); pp: the implied
 * prefix (1 = 66, 2 = f3, 3 = f2).
 */
void emit_3vex(u8 **pprog, bool r, bool x, bool b, u8 m,
	       bool w, u8 src_reg2, bool l, u8 pp)
{
	u8 *prog = *pprog;

	/* TODO: three bytes */
	(void)r; (void)x; (void)b; (void)m; (void)w; (void)src_reg2; (void)l; (void)pp;

	*pprog = prog;
}

/*
 * shlx/sarx/shrx dst, dst, src: dst = dst shifted by src (mod 32 or 64).
 * op is the VEX pp that selects the shift: 1 shlx, 2 sarx, 3 shrx.
 */
void emit_shiftx(u8 **pprog, u32 dst_reg, u8 src_reg, bool is64, u8 op)
{
	u8 *prog = *pprog;

	/* TODO: the VEX prefix, then opcode f7 and a ModRM */
	(void)dst_reg; (void)src_reg; (void)is64; (void)op;

	*pprog = prog;
}

/*
 * do_jit()'s BMI2 case (Linux 6.2), which chapter 06 calls for a shift by a
 * register when bpf_jit_bmi2 is on, the CPU has BMI2 and the count is not
 * in rcx already. This strong definition replaces the chapter's __weak
 * placeholder, which answers -EOPNOTSUPP ("no encoder here"), so once this
 * file is linked in, the JIT runs your emit_shiftx(). Nothing to change.
 */
int emit_shift_bmi2(u8 **pprog, const struct bpf_insn *insn)
{
	u8 op;

	switch (BPF_OP(insn->code)) {
	case BPF_LSH:
		op = 1;	/* prefix 0x66: shlx */
		break;
	case BPF_RSH:
		op = 3;	/* prefix 0xf2: shrx */
		break;
	case BPF_ARSH:
		op = 2;	/* prefix 0xf3: sarx */
		break;
	default:
		return -EINVAL;
	}
	emit_shiftx(pprog, insn->dst_reg, insn->src_reg,
		    BPF_CLASS(insn->code) == BPF_ALU64, op);
	return 0;
}
