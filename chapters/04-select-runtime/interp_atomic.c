// SPDX-License-Identifier: GPL-2.0
/*
 * The interpreter's atomics: BPF_STX | BPF_ATOMIC, W and DW, the operation
 * in imm.
 *
 * Mirrors the STX_ATOMIC_W/STX_ATOMIC_DW handler of ___bpf_prog_run() in
 * kernel/bpf/core.c, Linux 5.12, where BPF_ATOMIC replaced v5.8's XADD
 * (which was BPF_ADD without BPF_FETCH); written afresh. The kernel keeps it
 * inline; it is a function here so that it can be read, and rebuilt
 * (exercise 04/03), on its own.
 *
 * The kernel's atomic_*() and atomic64_*() are the GCC __atomic builtins
 * here, fully ordered like the kernel's value-returning atomics. A 32-bit
 * form works on the low half of the source register and, when it fetches,
 * leaves the old value there zero-extended.
 */
#include "linux/bpf_interp.h"

/* The registers and the address, as interp.c names them. */
#define DST	regs[insn->dst_reg]
#define SRC	regs[insn->src_reg]
#define BPF_R0	regs[BPF_REG_0]
#define ADDR(reg)	((void *)(unsigned long)((reg) + (u64)(s64)insn->off))

#define ATOMIC_ALU_OP(BOP, KOP)						\
	case BOP:							\
		if (BPF_SIZE(insn->code) == BPF_W)			\
			__atomic_fetch_##KOP((u32 *) ADDR(DST), (u32) SRC, \
					     __ATOMIC_SEQ_CST);		\
		else							\
			__atomic_fetch_##KOP((u64 *) ADDR(DST), SRC,	\
					     __ATOMIC_SEQ_CST);		\
		break;							\
	case BOP | BPF_FETCH:						\
		if (BPF_SIZE(insn->code) == BPF_W)			\
			SRC = (u32) __atomic_fetch_##KOP((u32 *) ADDR(DST), \
							 (u32) SRC,	\
							 __ATOMIC_SEQ_CST); \
		else							\
			SRC = __atomic_fetch_##KOP((u64 *) ADDR(DST), SRC, \
						   __ATOMIC_SEQ_CST);	\
		break;

/* 0, or -EINVAL for an operation the verifier would have refused. */
int bpf_interp_atomic(const struct bpf_insn *insn, u64 *regs)
{
	switch (insn->imm) {
	ATOMIC_ALU_OP(BPF_ADD, add)
	ATOMIC_ALU_OP(BPF_AND, and)
	ATOMIC_ALU_OP(BPF_OR, or)
	ATOMIC_ALU_OP(BPF_XOR, xor)

	case BPF_XCHG:
		if (BPF_SIZE(insn->code) == BPF_W)
			SRC = (u32) __atomic_exchange_n((u32 *) ADDR(DST), (u32) SRC,
							__ATOMIC_SEQ_CST);
		else
			SRC = __atomic_exchange_n((u64 *) ADDR(DST), SRC,
						  __ATOMIC_SEQ_CST);
		break;
	case BPF_CMPXCHG:
		/* R0 = the old value, whether or not it matched. */
		if (BPF_SIZE(insn->code) == BPF_W) {
			u32 old = (u32) BPF_R0;

			__atomic_compare_exchange_n((u32 *) ADDR(DST), &old,
						    (u32) SRC, false,
						    __ATOMIC_SEQ_CST,
						    __ATOMIC_SEQ_CST);
			BPF_R0 = old;
		} else {
			u64 old = BPF_R0;

			__atomic_compare_exchange_n((u64 *) ADDR(DST), &old,
						    SRC, false,
						    __ATOMIC_SEQ_CST,
						    __ATOMIC_SEQ_CST);
			BPF_R0 = old;
		}
		break;

	default:
		return -EINVAL;
	}
	return 0;
}
