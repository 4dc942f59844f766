// SPDX-License-Identifier: GPL-2.0
/*
 * An array lookup as instructions: what the verifier puts in place of
 * `call bpf_map_lookup_elem` when the map is an array.
 *
 * Mirrors kernel/bpf/arraymap.c: array_map_gen_lookup(), Linux v5.8;
 * written afresh.
 *
 * fixup_map_call() asks the map type for these instructions when every
 * path reaches the call with the same array (and the JIT is on). They
 * compute array_map_lookup_elem() in place, with the same registers a
 * call would have: r1 the map, r2 the key's address, the answer in r0
 * (NULL when the index is out of range). No call, no return: an array
 * lookup costs six or seven instructions.
 */
#include "maps.h"
#include "linux/filter.h"

/* emit BPF instructions equivalent to C code of array_map_lookup_elem() */
u32 array_map_gen_lookup(struct bpf_map *map, struct bpf_insn *insn_buf)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	struct bpf_insn *insn = insn_buf;
	u32 elem_size = round_up(map->value_size, 8);
	const int ret = BPF_REG_0;
	const int map_ptr = BPF_REG_1;
	const int index = BPF_REG_2;

	*insn++ = BPF_ALU64_IMM(BPF_ADD, map_ptr, offsetof(struct bpf_array, value));
	*insn++ = BPF_LDX_MEM(BPF_W, ret, index, 0);
	if (!map->bypass_spec_v1) {
		*insn++ = BPF_JMP_IMM(BPF_JGE, ret, map->max_entries, 4);
		*insn++ = BPF_ALU32_IMM(BPF_AND, ret, array->index_mask);
	} else {
		*insn++ = BPF_JMP_IMM(BPF_JGE, ret, map->max_entries, 3);
	}

	if ((elem_size & (elem_size - 1)) == 0) {	/* is_power_of_2() */
		*insn++ = BPF_ALU64_IMM(BPF_LSH, ret, __builtin_ctz(elem_size));
	} else {
		*insn++ = BPF_ALU64_IMM(BPF_MUL, ret, elem_size);
	}
	*insn++ = BPF_ALU64_REG(BPF_ADD, ret, map_ptr);
	*insn++ = BPF_JMP_IMM(BPF_JA, 0, 0, 1);
	*insn++ = BPF_MOV64_IMM(ret, 0);
	return insn - insn_buf;
}
