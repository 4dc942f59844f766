// SPDX-License-Identifier: GPL-2.0
/*
 * Atomic memory operations: v5.8's XADD and the BPF_ATOMIC family of
 * Linux 5.12 (fetch-and-op, xchg, cmpxchg; 32 and 64 bits).
 *
 * Mirrors arch/x86/net/bpf_jit_comp.c: the BPF_STX | BPF_XADD cases of
 * do_jit(), Linux v5.8, and emit_atomic() with the cmpxchg loop for
 * fetch-and/or/xor, Linux 5.12. Written afresh.
 *
 * v5.8's XADD is BPF_ATOMIC with imm = BPF_ADD: `lock add [dst + off], src`,
 * the same bytes either way.
 */
#include "bpf_jit_comp.h"

static const u8 simple_alu_opcodes[] = {
	[BPF_ADD >> 4] = 0x01,
	[BPF_AND >> 4] = 0x21,
	[BPF_OR >> 4] = 0x09,
	[BPF_XOR >> 4] = 0x31,
};

int emit_atomic(u8 **pprog, u8 atomic_op,
		u32 dst_reg, u32 src_reg, s16 off, u8 bpf_size)
{
	u8 *prog = *pprog;

	EMIT1(0xF0); /* lock prefix */

	maybe_emit_mod(&prog, dst_reg, src_reg, bpf_size == BPF_DW);

	/* emit opcode */
	switch (atomic_op) {
	case BPF_ADD:
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		/* lock *(u32/u64*)(dst_reg + off) <op>= src_reg */
		EMIT1(simple_alu_opcodes[atomic_op >> 4]);
		break;
	case BPF_ADD | BPF_FETCH:
		/* src_reg = atomic_fetch_add(dst_reg + off, src_reg); */
		EMIT2(0x0F, 0xC1);
		break;
	case BPF_XCHG:
		/* src_reg = atomic_xchg(dst_reg + off, src_reg); */
		EMIT1(0x87);
		break;
	case BPF_CMPXCHG:
		/* r0 = atomic_cmpxchg(dst_reg + off, r0, src_reg); */
		EMIT2(0x0F, 0xB1);
		break;
	default:
		jit_err("bpf_jit: unknown atomic opcode %02x\n", atomic_op);
		return -EFAULT;
	}

	emit_insn_suffix(&prog, dst_reg, src_reg, off);

	*pprog = prog;
	return 0;
}

/*
 * One BPF_STX | BPF_ATOMIC instruction (BPF_XADD in v5.8). zext: the
 * verifier did not insert zero extensions, so a 32-bit cmpxchg must clear
 * rax's upper half itself (x86 leaves eax untouched when the compare
 * succeeds; BPF says r0 = (u32)old).
 */
int emit_atomic_op(u8 **pprog, const struct bpf_insn *insn, bool zext)
{
	u32 dst_reg = insn->dst_reg, src_reg = insn->src_reg;
	u8 *prog = *pprog;
	int err;

	if (insn->imm == (BPF_AND | BPF_FETCH) ||
	    insn->imm == (BPF_OR | BPF_FETCH) ||
	    insn->imm == (BPF_XOR | BPF_FETCH)) {
		bool is64 = BPF_SIZE(insn->code) == BPF_DW;
		u32 real_src_reg = src_reg;
		u32 real_dst_reg = dst_reg;
		u8 *branch_target;

		/*
		 * Can't be implemented with a single x86 insn.
		 * Need to do a CMPXCHG loop.
		 */

		/* Will need RAX as a CMPXCHG operand so save R0 */
		emit_mov_reg(&prog, true, BPF_REG_AX, BPF_REG_0);
		if (src_reg == BPF_REG_0)
			real_src_reg = BPF_REG_AX;
		if (dst_reg == BPF_REG_0)
			real_dst_reg = BPF_REG_AX;

		branch_target = prog;
		/* Load old value */
		emit_ldx(&prog, BPF_SIZE(insn->code),
			 BPF_REG_0, real_dst_reg, insn->off);
		/*
		 * Perform the (commutative) operation locally,
		 * put the result in the AUX_REG.
		 */
		emit_mov_reg(&prog, is64, AUX_REG, BPF_REG_0);
		maybe_emit_mod(&prog, AUX_REG, real_src_reg, is64);
		EMIT2(simple_alu_opcodes[BPF_OP(insn->imm) >> 4],
		      add_2reg(0xC0, AUX_REG, real_src_reg));
		/* Attempt to swap in new value */
		err = emit_atomic(&prog, BPF_CMPXCHG,
				  real_dst_reg, AUX_REG,
				  insn->off,
				  BPF_SIZE(insn->code));
		if (err)
			return err;
		/*
		 * ZF tells us whether we won the race. If it's
		 * cleared we need to try again.
		 */
		EMIT2(X86_JNE, -(prog - branch_target) - 2);
		/* Return the pre-modification value */
		emit_mov_reg(&prog, is64, real_src_reg, BPF_REG_0);
		/* Restore R0 after clobbering RAX */
		emit_mov_reg(&prog, true, BPF_REG_0, BPF_REG_AX);
		*pprog = prog;
		return 0;
	}

	err = emit_atomic(&prog, insn->imm, dst_reg, src_reg,
			  insn->off, BPF_SIZE(insn->code));
	if (err)
		return err;

	if (zext && insn->imm == BPF_CMPXCHG && BPF_SIZE(insn->code) == BPF_W)
		/* mov eax, eax */
		emit_mov_reg(&prog, false, BPF_REG_0, BPF_REG_0);

	*pprog = prog;
	return 0;
}
