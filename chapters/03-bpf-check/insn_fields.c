// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors the field checks at the top of kernel/bpf/verifier.c:
 * check_alu_op(), check_cond_jmp_op(), check_ld_imm(), check_ld_abs() and
 * the BPF_ST / BPF_JMP cases of do_check(), Linux v5.8, widened to the
 * fields ISA v4 gives meaning to (Linux 6.6: movsx, sdiv/smod, bswap,
 * gotol); written afresh.
 *
 * The kernel makes these checks inline, as do_check() reaches each
 * instruction. They need no register state, so here they are gathered in
 * one place: do_check() calls them at the kernel's moment (same messages,
 * same order), and a structural-only load (BPF_F_UNVERIFIED) runs them over
 * every instruction, because the interpreter and the JIT rely on them too
 * (a shift by 64 is undefined behaviour in C and the JIT would emit it).
 */
#include "internal.h"

/* ALU and ALU64: each operation uses its own fields; the rest must be 0. */
static int check_alu_fields(struct bpf_verifier_env *env, const struct bpf_insn *insn)
{
	u8 opcode = BPF_OP(insn->code);
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	bool by_reg = BPF_SRC(insn->code) == BPF_X;
	const char *what = "BPF_ALU";
	bool reserved;

	switch (opcode) {
	case BPF_NEG:
		what = "BPF_NEG";
		reserved = by_reg || insn->src_reg || insn->off || insn->imm;
		break;
	case BPF_END:
		/* the width in imm; ALU64 | END is bswap (ISA v4), TO_LE only */
		what = "BPF_END";
		reserved = insn->src_reg || insn->off ||
			   (insn->imm != 16 && insn->imm != 32 && insn->imm != 64) ||
			   (is64 && BPF_SRC(insn->code) != BPF_TO_LE);
		break;
	case BPF_MOV:
		/* off 8/16/32 is movsx (ISA v4); 32-bit has no 32 */
		what = "BPF_MOV";
		reserved = by_reg ? insn->imm || (insn->off && insn->off != 8 && insn->off != 16 &&
						  !(is64 && insn->off == 32))
				  : insn->src_reg || insn->off;
		/*
		 * Ours: a structural-only load may carry the zero-extension
		 * the verifier inserts for 32-bit JITs, `w = w` with imm 1
		 * (include/linux/filter.h: BPF_ZEXT_REG()), as lib/test_bpf.c's
		 * programs do: a plain mov to whoever runs it.
		 */
		if (env->unverified && by_reg && !is64 && insn->imm == 1 && !insn->off &&
		    insn->src_reg == insn->dst_reg)
			reserved = false;
		break;
	default:
		if (opcode > BPF_END) {
			verbose(env, "invalid BPF_ALU opcode %x\n", opcode);
			return -EINVAL;
		}
		/* off 1 is signed division and modulo (ISA v4) */
		reserved = (insn->off && insn->off != 1) ||
			   (insn->off == 1 && opcode != BPF_MOD && opcode != BPF_DIV) ||
			   (by_reg ? insn->imm : insn->src_reg);
		break;
	}
	if (!reserved)
		return 0;
	verbose(env, "%s uses reserved fields\n", what);
	return -EINVAL;
}

/* The checks of check_alu_op() that come after the operands are read. */
int check_alu_imm(struct bpf_verifier_env *env, const struct bpf_insn *insn)
{
	u8 opcode = BPF_OP(insn->code);

	if (BPF_CLASS(insn->code) != BPF_ALU && BPF_CLASS(insn->code) != BPF_ALU64)
		return 0;

	if ((opcode == BPF_MOD || opcode == BPF_DIV) &&
	    BPF_SRC(insn->code) == BPF_K && insn->imm == 0) {
		verbose(env, "div by zero\n");
		return -EINVAL;
	}

	if ((opcode == BPF_LSH || opcode == BPF_RSH || opcode == BPF_ARSH) &&
	    BPF_SRC(insn->code) == BPF_K) {
		int size = BPF_CLASS(insn->code) == BPF_ALU64 ? 64 : 32;

		if (insn->imm < 0 || insn->imm >= size) {
			verbose(env, "invalid shift %d\n", insn->imm);
			return -EINVAL;
		}
	}
	return 0;
}

static int check_jmp_fields(struct bpf_verifier_env *env, const struct bpf_insn *insn)
{
	u8 opcode = BPF_OP(insn->code);
	bool is32 = BPF_CLASS(insn->code) == BPF_JMP32;

	if (opcode == BPF_CALL) {
		if (BPF_SRC(insn->code) != BPF_K || insn->off != 0 ||
		    (insn->src_reg != BPF_REG_0 && insn->src_reg != BPF_PSEUDO_CALL) ||
		    insn->dst_reg != BPF_REG_0 || is32) {
			verbose(env, "BPF_CALL uses reserved fields\n");
			return -EINVAL;
		}
	} else if (opcode == BPF_JA) {
		/* `ja` jumps by off; `gotol` (JMP32, ISA v4) by imm */
		if (BPF_SRC(insn->code) != BPF_K ||
		    (is32 ? insn->off != 0 : insn->imm != 0) ||
		    insn->src_reg != BPF_REG_0 || insn->dst_reg != BPF_REG_0) {
			verbose(env, "BPF_JA uses reserved fields\n");
			return -EINVAL;
		}
	} else if (opcode == BPF_EXIT) {
		if (BPF_SRC(insn->code) != BPF_K || insn->imm != 0 ||
		    insn->src_reg != BPF_REG_0 || insn->dst_reg != BPF_REG_0 ||
		    is32) {
			verbose(env, "BPF_EXIT uses reserved fields\n");
			return -EINVAL;
		}
	} else if (opcode > BPF_JSLE) {
		verbose(env, "invalid BPF_JMP/JMP32 opcode %x\n", opcode);
		return -EINVAL;
	} else if (BPF_SRC(insn->code) == BPF_X ? insn->imm != 0
						 : insn->src_reg != BPF_REG_0) {
		verbose(env, "BPF_JMP/JMP32 uses reserved fields\n");
		return -EINVAL;
	}
	return 0;
}

/* BPF_LD: the classic packet loads and the 64-bit constant. */
static int check_ld_fields(struct bpf_verifier_env *env, const struct bpf_insn *insn)
{
	u8 mode = BPF_MODE(insn->code);
	const char *why = NULL;

	if (mode == BPF_ABS || mode == BPF_IND) {
		/* r0 implied, no 64-bit form; LD_ABS takes no register */
		if (insn->dst_reg || insn->off || BPF_SIZE(insn->code) == BPF_DW ||
		    (mode == BPF_ABS && insn->src_reg))
			why = "BPF_LD_[ABS|IND] uses reserved fields";
	} else if (mode != BPF_IMM) {
		why = "invalid BPF_LD mode";
	} else if (BPF_SIZE(insn->code) != BPF_DW) {
		why = "invalid BPF_LD_IMM insn";
	} else if (insn->off) {
		why = "BPF_LD_IMM64 uses reserved fields";
	}
	if (!why)
		return 0;
	verbose(env, "%s\n", why);
	return -EINVAL;
}

int check_reserved_fields(struct bpf_verifier_env *env, const struct bpf_insn *insn)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return check_alu_fields(env, insn);
	case BPF_JMP:
	case BPF_JMP32:
		return check_jmp_fields(env, insn);
	case BPF_LD:
		return check_ld_fields(env, insn);
	case BPF_ST:
		if (BPF_MODE(insn->code) != BPF_MEM || insn->src_reg != BPF_REG_0) {
			verbose(env, "BPF_ST uses reserved fields\n");
			return -EINVAL;
		}
		return 0;
	default:
		/* LDX and STX: replace_map_fd_with_map_ptr() checked them. */
		return 0;
	}
}
