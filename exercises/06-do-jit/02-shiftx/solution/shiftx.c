// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 06/02, a solution: the BMI2 shifts shlx/shrx/sarx and their VEX
 * prefix. Mirrors arch/x86/net/bpf_jit_comp.c: emit_3vex() and
 * emit_shiftx(), and the BMI2 case of do_jit(), Linux 6.2; written afresh.
 */
#include "../../chapters/06-do-jit/bpf_jit_comp.h"

void emit_3vex(u8 **pprog, bool r, bool x, bool b, u8 m,
	       bool w, u8 src_reg2, bool l, u8 pp)
{
	u8 *prog = *pprog;
	const u8 b0 = 0xc4; /* first byte of 3-byte VEX prefix */
	u8 b1, b2;
	u8 vvvv = reg2hex[src_reg2];

	/* reg2hex gives only the lower 3 bit of vvvv */
	if (is_ereg(src_reg2))
		vvvv |= 1 << 3;

	/*
	 * 2nd byte of 3-byte VEX prefix
	 * ~ means bit inverted encoding
	 *
	 *    7                           0
	 *  +---+---+---+---+---+---+---+---+
	 *  |~R |~X |~B |         m         |
	 *  +---+---+---+---+---+---+---+---+
	 */
	b1 = (!r << 7) | (!x << 6) | (!b << 5) | (m & 0x1f);
	/*
	 * 3rd byte of 3-byte VEX prefix
	 *
	 *    7                           0
	 *  +---+---+---+---+---+---+---+---+
	 *  | W |     ~vvvv     | L |   pp  |
	 *  +---+---+---+---+---+---+---+---+
	 */
	b2 = (w << 7) | ((~vvvv & 0xf) << 3) | (l << 2) | (pp & 3);

	EMIT3(b0, b1, b2);
	*pprog = prog;
}

void emit_shiftx(u8 **pprog, u32 dst_reg, u8 src_reg, bool is64, u8 op)
{
	u8 *prog = *pprog;
	bool r = is_ereg(dst_reg);
	u8 m = 2; /* escape code 0f38 */

	/* dst is both ModRM.reg (R) and ModRM.r/m (B) */
	emit_3vex(&prog, r, false, r, m, is64, src_reg, false, op);
	EMIT2(0xf7, add_2reg(0xC0, dst_reg, dst_reg));
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
