// SPDX-License-Identifier: GPL-2.0
/*
 * The interpreter's tail call.
 *
 * Mirrors kernel/bpf/core.c: the JMP_TAIL_CALL handler of
 * ___bpf_prog_run(), Linux v5.8; written afresh. Chapter 04's interpreter
 * calls this where the kernel's handler stands, and jumps to what it
 * returns.
 */
#include "maps.h"
#include "linux/bpf_interp.h"

/*
 * R2 is the program array, R3 the index. The answer is the first
 * instruction of the program in that slot, which the interpreter runs in
 * the same frame (same registers, same stack), or NULL to fall through
 * ("out") when the index is out of range, the slot is empty, or this run
 * already made MAX_TAIL_CALL_CNT + 1 tail calls (33 in v5.8: the test is
 * `>` 32, before the count goes up).
 */
const struct bpf_insn *bpf_interp_tail_call(u64 r2, u64 r3, u32 *tail_call_cnt)
{
	struct bpf_map *map = (struct bpf_map *)(unsigned long)r2;
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	struct bpf_prog *prog;
	u32 index = r3;

	if (unlikely(index >= array->map.max_entries))
		return NULL;
	if (unlikely(*tail_call_cnt > MAX_TAIL_CALL_CNT))
		return NULL;

	(*tail_call_cnt)++;

	prog = array->ptrs[index];	/* READ_ONCE() */
	if (!prog)
		return NULL;

	/* ARG1 at this point is guaranteed to point to CTX from
	 * the verifier side due to the fact that the tail call is
	 * handled like a helper, that is, bpf_tail_call_proto,
	 * where arg1_type is ARG_PTR_TO_CTX.
	 */
	return prog->insnsi;
}
