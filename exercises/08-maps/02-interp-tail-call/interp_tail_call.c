// SPDX-License-Identifier: GPL-2.0
/*
 * The interpreter's tail call.
 *
 * Mirrors kernel/bpf/core.c: the JMP_TAIL_CALL handler of
 * ___bpf_prog_run(), Linux v5.8.
 */
#include "maps.h"
#include "linux/bpf_interp.h"

/*
 * r2 is R2 (the program array), r3 is R3 (the index). Return the first
 * instruction of the program to go on with, or NULL to fall through to the
 * instruction after the tail call. *tail_call_cnt is this run's count.
 */
const struct bpf_insn *bpf_interp_tail_call(u64 r2, u64 r3, u32 *tail_call_cnt)
{
	/* TODO: the checks, the count, the slot */
	(void)r2;
	(void)r3;
	(void)tail_call_cnt;
	return NULL;
}
