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

/* An operation's bit in the sets below: BPF_OP() >> 4 is 0..15. */
#define OP_BIT(op)	(1U << ((op) >> 4))

/*
 * The ALU operations whose K form is blinded. Left as they are: the
 * shifts, whose count (at most 63) is too small to carry a gadget; NEG,
 * which reads no operand; END, whose imm is a width.
 */
static const u16 blinded_alu_ops =
	OP_BIT(BPF_ADD) | OP_BIT(BPF_SUB) | OP_BIT(BPF_AND) | OP_BIT(BPF_OR) |
	OP_BIT(BPF_XOR) | OP_BIT(BPF_MUL) | OP_BIT(BPF_MOV) | OP_BIT(BPF_DIV) |
	OP_BIT(BPF_MOD);

/*
 * Every conditional jump. JA, CALL and EXIT compare nothing: their imm, if
 * they have one, is an offset or a helper id, which the JIT turns into an
 * address of its own choosing.
 */
static const u16 blinded_jmp_ops =
	OP_BIT(BPF_JEQ) | OP_BIT(BPF_JNE) | OP_BIT(BPF_JGT) | OP_BIT(BPF_JLT) |
	OP_BIT(BPF_JGE) | OP_BIT(BPF_JLE) | OP_BIT(BPF_JSGT) | OP_BIT(BPF_JSLT) |
	OP_BIT(BPF_JSGE) | OP_BIT(BPF_JSLE) | OP_BIT(BPF_JSET);

/*
 * AX = imm, with neither imm nor anything derived from it alone in the
 * image: MOV AX, rnd ^ imm, then XOR AX, rnd. The 64-bit pair sign-extends
 * both immediates, and the extension bits cancel just as the low 32 do, so
 * AX = (s64)imm, the operand a 64-bit K form implies. The 32-bit pair
 * leaves AX zero-extended, as a 32-bit K form would.
 */
static struct bpf_insn *emit_hidden_imm(struct bpf_insn *to, bool alu64,
					u32 rnd, s32 imm)
{
	if (alu64) {
		*to++ = BPF_ALU64_IMM(BPF_MOV, BPF_REG_AX, rnd ^ imm);
		*to++ = BPF_ALU64_IMM(BPF_XOR, BPF_REG_AX, rnd);
	} else {
		*to++ = BPF_ALU32_IMM(BPF_MOV, BPF_REG_AX, rnd ^ imm);
		*to++ = BPF_ALU32_IMM(BPF_XOR, BPF_REG_AX, rnd);
	}
	return to;
}

/*
 * The jump is now the last of three instructions. bpf_patch_insn_single()
 * moves the targets of the jumps that cross the patch, not of the one
 * inside it: a backward jump now starts two instructions further down and
 * must reach two further back. A forward target moved with the jump.
 */
static s16 blinded_jmp_off(s16 off)
{
	return off < 0 ? off - 2 : off;
}

int bpf_jit_blind_insn(const struct bpf_insn *from,
		       const struct bpf_insn *aux,
		       struct bpf_insn *to_buff,
		       bool emit_zext)
{
	struct bpf_insn *to = to_buff;
	u32 imm_rnd = get_random_u32();	/* drawn for every instruction */
	u8 code = from->code, class = BPF_CLASS(code), op = BPF_OP(code);
	bool k = BPF_SRC(code) == BPF_K;

	/* AX is the register after the last one a program may name */
	BUILD_BUG_ON(BPF_REG_AX  + 1 != MAX_BPF_JIT_REG);
	BUILD_BUG_ON(MAX_BPF_REG + 1 != MAX_BPF_JIT_REG);

	/*
	 * AX is the blinder's scratch register, live only inside one
	 * rewritten sequence. An instruction that already uses it was put
	 * there by the kernel itself (a verifier rewrite), not by the loader;
	 * rewriting it through AX would clobber its operand.
	 */
	if (from->dst_reg == BPF_REG_AX || from->src_reg == BPF_REG_AX)
		return 0;

	switch (class) {
	case BPF_ALU:
	case BPF_ALU64:
		if (!k || !(blinded_alu_ops & OP_BIT(op)))
			break;
		/*
		 * `dst = 0` needs no constant at all: xor dst, dst. The 64-bit
		 * XOR also serves the 32-bit MOV, whose result is
		 * zero-extended anyway.
		 */
		if (op == BPF_MOV && from->imm == 0) {
			*to++ = BPF_ALU64_REG(BPF_XOR, from->dst_reg, from->dst_reg);
			break;
		}
		/* dst op= AX: the same operation, now on a register */
		to = emit_hidden_imm(to, class == BPF_ALU64, imm_rnd, from->imm);
		*to++ = class == BPF_ALU64 ?
			BPF_ALU64_REG_OFF(code, from->dst_reg, BPF_REG_AX, from->off) :
			BPF_ALU32_REG_OFF(code, from->dst_reg, BPF_REG_AX, from->off);
		break;

	case BPF_JMP:
	case BPF_JMP32:
		if (!k || !(blinded_jmp_ops & OP_BIT(op)))
			break;
		/* if dst op AX goto off': a JMP32 compares 32-bit halves */
		to = emit_hidden_imm(to, class == BPF_JMP, imm_rnd, from->imm);
		*to++ = class == BPF_JMP ?
			BPF_JMP_REG(code, from->dst_reg, BPF_REG_AX,
				    blinded_jmp_off(from->off)) :
			BPF_JMP32_REG(code, from->dst_reg, BPF_REG_AX,
				      blinded_jmp_off(from->off));
		break;

	case BPF_ST:
		if (BPF_MODE(code) != BPF_MEM)
			break;
		/*
		 * *(size *)(dst + off) = AX keeps the low `size` bytes of the
		 * sign-extended value, as the ST form does.
		 */
		to = emit_hidden_imm(to, true, imm_rnd, from->imm);
		*to++ = BPF_STX_MEM(code, from->dst_reg, BPF_REG_AX, from->off);
		break;

	case BPF_LD:
		/*
		 * An ld_imm64 is blinded one slot per call, and the first call
		 * overwrites the first slot: aux[] is the original pair. The
		 * first slot builds the high word in AX and shifts it into
		 * place (the sign bits the 64-bit pair adds are shifted out).
		 */
		if (code == (BPF_LD | BPF_IMM | BPF_DW)) {
			to = emit_hidden_imm(to, true, imm_rnd, aux[1].imm);
			*to++ = BPF_ALU64_IMM(BPF_LSH, BPF_REG_AX, 32);
			*to++ = BPF_ALU64_REG(BPF_MOV, aux[0].dst_reg, BPF_REG_AX);
		} else if (code == 0) {
			/*
			 * The second slot (opcode 0) ORs in the low word, which
			 * the 32-bit pair leaves zero-extended; a JIT that needs
			 * zero extension spelt out (bpf_jit_needs_zext()) gets
			 * it.
			 */
			to = emit_hidden_imm(to, false, imm_rnd, aux[0].imm);
			if (emit_zext)
				*to++ = BPF_ZEXT_REG(BPF_REG_AX);
			*to++ = BPF_ALU64_REG(BPF_OR, aux[0].dst_reg, BPF_REG_AX);
		}
		break;
	}
	return to - to_buff;
}
