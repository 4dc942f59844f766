// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 05/02 solution: blind shift counts too.
 *
 * Extends kernel/bpf/core.c: bpf_jit_blind_insn(), Linux v5.8, which leaves
 * LSH/RSH/ARSH K alone. Not in any kernel.
 */
#include "linux/bpf_blind.h"
#include "linux/random.h"

int bpf_jit_blind_shift(const struct bpf_insn *from, struct bpf_insn *to_buff)
{
	struct bpf_insn *to = to_buff;
	u32 imm_rnd = get_random_u32();
	u8 cls = BPF_CLASS(from->code), op = BPF_OP(from->code);

	if (from->dst_reg == BPF_REG_AX || BPF_SRC(from->code) != BPF_K ||
	    (cls != BPF_ALU && cls != BPF_ALU64) ||
	    (op != BPF_LSH && op != BPF_RSH && op != BPF_ARSH))
		return 0;

	/* The count is below 64, so a 32-bit AX holds it either way; the X
	 * form masks it (& 63 or & 31) just as the K form's count is.
	 */
	*to++ = BPF_ALU32_IMM(BPF_MOV, BPF_REG_AX, imm_rnd ^ from->imm);
	*to++ = BPF_ALU32_IMM(BPF_XOR, BPF_REG_AX, imm_rnd);
	if (cls == BPF_ALU64)
		*to++ = BPF_ALU64_REG(op, from->dst_reg, BPF_REG_AX);
	else
		*to++ = BPF_ALU32_REG(op, from->dst_reg, BPF_REG_AX);
	return to - to_buff;
}
