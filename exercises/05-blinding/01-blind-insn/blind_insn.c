// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 05/01: rebuild bpf_jit_blind_insn().
 *
 * Mirrors kernel/bpf/core.c: bpf_jit_blind_insn(), Linux v5.8 (ALU forms
 * carry `off`, as in Linux 6.6). See README.md for the handout.
 */
#include "linux/bpf_blind.h"
#include "linux/random.h"

int bpf_jit_blind_insn(const struct bpf_insn *from,
		       const struct bpf_insn *aux,
		       struct bpf_insn *to_buff,
		       bool emit_zext)
{
	struct bpf_insn *to = to_buff;
	u32 imm_rnd = get_random_u32();	/* one draw per call: keep this */

	/* TODO: write the rewrites of the chapter's table into `to`:
	 * MOV K 0, ALU32/ALU64 K, JMP/JMP32 K (mind backward offsets),
	 * both halves of ld_imm64 (aux holds the original pair), ST of every
	 * size. Leave alone anything that already uses BPF_REG_AX.
	 */
	(void)from;
	(void)aux;
	(void)emit_zext;
	(void)imm_rnd;

	return to - to_buff;
}
