// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 05/02: blind shift counts too. See README.md for the handout.
 */
#include "linux/bpf_blind.h"
#include "linux/random.h"

int bpf_jit_blind_shift(const struct bpf_insn *from, struct bpf_insn *to_buff)
{
	struct bpf_insn *to = to_buff;
	u32 imm_rnd = get_random_u32();	/* one draw per call: keep this */

	/* TODO: rewrite ALU32/ALU64 LSH, RSH, ARSH with K through BPF_REG_AX,
	 * as bpf_jit_blind_insn() does for ADD K. Return 0 for anything else.
	 */
	(void)from;
	(void)imm_rnd;
	return to - to_buff;
}
