// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's questions about maps, answered by chapter 08. Until then
 * no program can name a map (chapter 03's replace_map_fd_with_map_ptr()
 * refuses every map reference), so no register can hold a map pointer or a
 * map value and none of these is ever reached; each still answers safely.
 *
 * Mirrors kernel/bpf/verifier.c: check_map_access(),
 * check_map_access_type(), record_func_map(), record_func_key(),
 * check_map_func_compatibility(), and the read-only map part of
 * check_mem_access(), Linux v5.8. __weak: chapter 08 defines them.
 */
#include "verifier.h"

__weak int check_map_access(struct bpf_verifier_env *env, u32 regno, int off, int size,
			    bool zero_size_allowed)
{
	(void)off; (void)size; (void)zero_size_allowed;
	verbose(env, "R%d invalid mem access 'map_value': maps come with chapter 08\n", regno);
	return -EACCES;
}

__weak int check_map_access_type(struct bpf_verifier_env *env, u32 regno, int off,
				 int size, enum bpf_access_type type)
{
	(void)env; (void)regno; (void)off; (void)size; (void)type;
	return 0;
}

/* What a load from a map value gives: a scalar (chapter 08 knows the
 * values of read-only maps).
 */
__weak int map_value_read_reg(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
			      int off, int size, struct bpf_reg_state *dst)
{
	(void)reg; (void)off; (void)size;
	__mark_reg_unknown(env, dst);
	return 0;
}

/* The map a map helper is called with, remembered per call site. */
__weak int record_func_map(struct bpf_verifier_env *env, struct bpf_call_arg_meta *meta,
			   int func_id, int insn_idx)
{
	(void)env; (void)meta; (void)func_id; (void)insn_idx;
	return 0;
}

/* The constant key of a tail call, remembered per call site. */
__weak int record_func_key(struct bpf_verifier_env *env, struct bpf_call_arg_meta *meta,
			   int func_id, int insn_idx)
{
	(void)env; (void)meta; (void)func_id; (void)insn_idx;
	return 0;
}

/* Which helpers a map type may be passed to, and which maps a helper takes:
 * with no maps, only that a map helper cannot have been given one.
 */
__weak int check_map_func_compatibility(struct bpf_verifier_env *env, struct bpf_map *map,
					int func_id)
{
	(void)env; (void)func_id;
	return map ? -EINVAL : 0;
}
