// SPDX-License-Identifier: GPL-2.0
/*
 * An array lookup as instructions: what the verifier puts in place of
 * `call bpf_map_lookup_elem` when the map is an array.
 *
 * Mirrors kernel/bpf/arraymap.c: array_map_gen_lookup(), Linux v5.8.
 *
 * In: r1 = the map (struct bpf_map *, inside a struct bpf_array), r2 = the
 * key's address. Out: r0 = the value's address, or 0 (NULL) when the index
 * is out of range. Write the instructions into insn_buf and return how
 * many; 0 means "cannot", which the verifier reports as misconfigured.
 */
#include "maps.h"
#include "linux/filter.h"

u32 array_map_gen_lookup(struct bpf_map *map, struct bpf_insn *insn_buf)
{
	/* TODO: the instructions of array_map_lookup_elem(), inline */
	(void)map;
	(void)insn_buf;
	return 0;
}
