// SPDX-License-Identifier: GPL-2.0
/*
 * One instruction in, its blinded replacement out.
 *
 * Mirrors kernel/bpf/core.c: bpf_jit_blind_insn(), Linux v5.8, with what
 * later kernels added for ISA v4 (Linux 6.6: the ALU forms carry `off`, so a
 * blinded sdiv/smod stays signed); written afresh. The kernel's function is
 * static; ours is global so that a test can call it on one instruction and
 * a learner can rebuild it in a file of its own.
 *
 * Why it works. An immediate the loader chose lands verbatim in the JIT's
 * executable memory: `r0 += 0x3ca8c031` becomes `48 05 31 c0 a8 3c`, and
 * jumping into the middle of it runs `31 c0`, `xor eax, eax`. Chain enough
 * such constants and a JIT image becomes an attacker's code (JIT spraying).
 * Blinding never lets the constant appear: with a fresh random `rnd` per
 * instruction it emits `rnd ^ imm` and `rnd` instead, which the CPU XORs
 * back together into the hidden register AX at run time. Each is uniformly
 * random on its own, so neither tells an attacker which bytes will sit in
 * the image; only their XOR, which never reaches memory, is the constant.
 */
#include "linux/bpf_blind.h"
#include "linux/random.h"

int bpf_jit_blind_insn(const struct bpf_insn *from,
		       const struct bpf_insn *aux,
		       struct bpf_insn *to_buff,
		       bool emit_zext)
{
	struct bpf_insn *to = to_buff;
	u32 imm_rnd = get_random_u32();
	s16 off;

	BUILD_BUG_ON(BPF_REG_AX  + 1 != MAX_BPF_JIT_REG);
	BUILD_BUG_ON(MAX_BPF_REG + 1 != MAX_BPF_JIT_REG);

	/* AX is the blinder's scratch register, live only inside one
	 * rewritten sequence. An instruction that already uses it was put
	 * there by the kernel itself (a verifier rewrite), not by the loader;
	 * rewriting it through AX would clobber its operand.
	 */
	if (from->dst_reg == BPF_REG_AX || from->src_reg == BPF_REG_AX)
		goto out;

	/* `dst = 0` needs no constant at all: xor dst, dst. The 64-bit XOR
	 * also serves the 32-bit MOV, whose result is zero-extended anyway.
	 */
	if (from->imm == 0 &&
	    (from->code == (BPF_ALU   | BPF_MOV | BPF_K) ||
	     from->code == (BPF_ALU64 | BPF_MOV | BPF_K))) {
		*to++ = BPF_ALU64_REG(BPF_XOR, from->dst_reg, from->dst_reg);
		goto out;
	}

	switch (from->code) {
	/* w_ax = rnd ^ imm; w_ax ^= rnd; w_dst op= w_ax */
	case BPF_ALU | BPF_ADD | BPF_K:
	case BPF_ALU | BPF_SUB | BPF_K:
	case BPF_ALU | BPF_AND | BPF_K:
	case BPF_ALU | BPF_OR  | BPF_K:
	case BPF_ALU | BPF_XOR | BPF_K:
	case BPF_ALU | BPF_MUL | BPF_K:
	case BPF_ALU | BPF_MOV | BPF_K:
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_MOD | BPF_K:
		*to++ = BPF_ALU32_IMM(BPF_MOV, BPF_REG_AX, imm_rnd ^ from->imm);
		*to++ = BPF_ALU32_IMM(BPF_XOR, BPF_REG_AX, imm_rnd);
		*to++ = BPF_ALU32_REG_OFF(from->code, from->dst_reg, BPF_REG_AX,
					  from->off);
		break;

	/* ax = rnd ^ imm; ax ^= rnd; dst op= ax. The 64-bit MOV sign-extends
	 * rnd ^ imm, the XOR sign-extends rnd, and the extension bits cancel
	 * exactly as the low 32 do: ax = (s64)imm, the operand the K form
	 * implies.
	 */
	case BPF_ALU64 | BPF_ADD | BPF_K:
	case BPF_ALU64 | BPF_SUB | BPF_K:
	case BPF_ALU64 | BPF_AND | BPF_K:
	case BPF_ALU64 | BPF_OR  | BPF_K:
	case BPF_ALU64 | BPF_XOR | BPF_K:
	case BPF_ALU64 | BPF_MUL | BPF_K:
	case BPF_ALU64 | BPF_MOV | BPF_K:
	case BPF_ALU64 | BPF_DIV | BPF_K:
	case BPF_ALU64 | BPF_MOD | BPF_K:
		*to++ = BPF_ALU64_IMM(BPF_MOV, BPF_REG_AX, imm_rnd ^ from->imm);
		*to++ = BPF_ALU64_IMM(BPF_XOR, BPF_REG_AX, imm_rnd);
		*to++ = BPF_ALU64_REG_OFF(from->code, from->dst_reg, BPF_REG_AX,
					  from->off);
		break;

	/* ax = rnd ^ imm; ax ^= rnd; if dst op ax goto off' */
	case BPF_JMP | BPF_JEQ  | BPF_K:
	case BPF_JMP | BPF_JNE  | BPF_K:
	case BPF_JMP | BPF_JGT  | BPF_K:
	case BPF_JMP | BPF_JLT  | BPF_K:
	case BPF_JMP | BPF_JGE  | BPF_K:
	case BPF_JMP | BPF_JLE  | BPF_K:
	case BPF_JMP | BPF_JSGT | BPF_K:
	case BPF_JMP | BPF_JSLT | BPF_K:
	case BPF_JMP | BPF_JSGE | BPF_K:
	case BPF_JMP | BPF_JSLE | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_K:
		/* The jump is now the third instruction of its sequence.
		 * bpf_patch_insn_single() moves every jump that crosses the
		 * patch, but not the ones inside it, so a backward jump must
		 * be lengthened here by the two instructions it now sits
		 * behind. A forward target moved along with the jump.
		 */
		off = from->off;
		if (off < 0)
			off -= 2;
		*to++ = BPF_ALU64_IMM(BPF_MOV, BPF_REG_AX, imm_rnd ^ from->imm);
		*to++ = BPF_ALU64_IMM(BPF_XOR, BPF_REG_AX, imm_rnd);
		*to++ = BPF_JMP_REG(from->code, from->dst_reg, BPF_REG_AX, off);
		break;

	/* The same, comparing 32-bit halves: a 32-bit AX is all it needs. */
	case BPF_JMP32 | BPF_JEQ  | BPF_K:
	case BPF_JMP32 | BPF_JNE  | BPF_K:
	case BPF_JMP32 | BPF_JGT  | BPF_K:
	case BPF_JMP32 | BPF_JLT  | BPF_K:
	case BPF_JMP32 | BPF_JGE  | BPF_K:
	case BPF_JMP32 | BPF_JLE  | BPF_K:
	case BPF_JMP32 | BPF_JSGT | BPF_K:
	case BPF_JMP32 | BPF_JSLT | BPF_K:
	case BPF_JMP32 | BPF_JSGE | BPF_K:
	case BPF_JMP32 | BPF_JSLE | BPF_K:
	case BPF_JMP32 | BPF_JSET | BPF_K:
		off = from->off;
		if (off < 0)
			off -= 2;
		*to++ = BPF_ALU32_IMM(BPF_MOV, BPF_REG_AX, imm_rnd ^ from->imm);
		*to++ = BPF_ALU32_IMM(BPF_XOR, BPF_REG_AX, imm_rnd);
		*to++ = BPF_JMP32_REG(from->code, from->dst_reg, BPF_REG_AX, off);
		break;

	/* ld_imm64, first slot: build the high word, shifted into place.
	 * aux[1].imm is the high half; the sign bits the 64-bit MOV and XOR
	 * add are shifted out.
	 */
	case BPF_LD | BPF_IMM | BPF_DW:
		*to++ = BPF_ALU64_IMM(BPF_MOV, BPF_REG_AX, imm_rnd ^ aux[1].imm);
		*to++ = BPF_ALU64_IMM(BPF_XOR, BPF_REG_AX, imm_rnd);
		*to++ = BPF_ALU64_IMM(BPF_LSH, BPF_REG_AX, 32);
		*to++ = BPF_ALU64_REG(BPF_MOV, aux[0].dst_reg, BPF_REG_AX);
		break;

	/* ld_imm64, second slot (opcode 0): OR in the low word. The 32-bit
	 * MOV and XOR leave it zero-extended; an architecture whose JIT
	 * needs explicit zero extension (bpf_jit_needs_zext()) gets one.
	 */
	case 0:
		*to++ = BPF_ALU32_IMM(BPF_MOV, BPF_REG_AX, imm_rnd ^ aux[0].imm);
		*to++ = BPF_ALU32_IMM(BPF_XOR, BPF_REG_AX, imm_rnd);
		if (emit_zext)
			*to++ = BPF_ZEXT_REG(BPF_REG_AX);
		*to++ = BPF_ALU64_REG(BPF_OR, aux[0].dst_reg, BPF_REG_AX);
		break;

	/* *(size *)(dst + off) = imm  ->  ax = imm; *(size *)(dst + off) = ax.
	 * The store keeps the low `size` bytes of the sign-extended value,
	 * as the ST form does.
	 */
	case BPF_ST | BPF_MEM | BPF_DW:
	case BPF_ST | BPF_MEM | BPF_W:
	case BPF_ST | BPF_MEM | BPF_H:
	case BPF_ST | BPF_MEM | BPF_B:
		*to++ = BPF_ALU64_IMM(BPF_MOV, BPF_REG_AX, imm_rnd ^ from->imm);
		*to++ = BPF_ALU64_IMM(BPF_XOR, BPF_REG_AX, imm_rnd);
		*to++ = BPF_STX_MEM(from->code, from->dst_reg, BPF_REG_AX, from->off);
		break;
	}
out:
	return to - to_buff;
}
