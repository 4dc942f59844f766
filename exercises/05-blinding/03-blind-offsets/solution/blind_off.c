// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 05/03, a solution: blind the memory offsets too.
 * Extends kernel/bpf/core.c: bpf_jit_blind_insn(), Linux v5.8, which blinds
 * immediates and leaves the 16-bit offset of a load or store alone. Not in
 * any kernel.
 */
#include "linux/bpf_blind.h"
#include "linux/random.h"

int bpf_jit_blind_off(const struct bpf_insn *from, struct bpf_insn *to_buff)
{
	struct bpf_insn *to = to_buff;
	u32 off_rnd = get_random_u32();
	u8 cls = BPF_CLASS(from->code), size = BPF_SIZE(from->code);

	/* Nothing to hide, or AX already holds what the kernel put there. */
	if (from->off == 0 || BPF_MODE(from->code) != BPF_MEM ||
	    (cls != BPF_LDX && cls != BPF_STX) ||
	    from->dst_reg == BPF_REG_AX || from->src_reg == BPF_REG_AX)
		return 0;

	/*
	 * AX = the address: the offset split into rnd ^ off and rnd, both
	 * sign-extended by the ALU64 forms, so AX is the s16 offset as the
	 * memory instruction would have added it; then the base register.
	 */
	*to++ = BPF_ALU64_IMM(BPF_MOV, BPF_REG_AX, off_rnd ^ (u32)(s32)from->off);
	*to++ = BPF_ALU64_IMM(BPF_XOR, BPF_REG_AX, off_rnd);
	if (cls == BPF_LDX) {
		*to++ = BPF_ALU64_REG(BPF_ADD, BPF_REG_AX, from->src_reg);
		*to++ = BPF_LDX_MEM(size, from->dst_reg, BPF_REG_AX, 0);
	} else {
		*to++ = BPF_ALU64_REG(BPF_ADD, BPF_REG_AX, from->dst_reg);
		*to++ = BPF_STX_MEM(size, BPF_REG_AX, from->src_reg, 0);
	}
	return to - to_buff;
}
