// SPDX-License-Identifier: GPL-2.0
/*
 * Every load and store through a pointer into a map value, and every
 * helper given one, must stay inside the value: value_size bytes from the
 * pointer's base, whatever the pointer's offset may be at run time.
 *
 * Mirrors kernel/bpf/verifier.c: check_map_access() (and, folded into it,
 * __check_map_access()) and check_map_access_type(), Linux v5.8; written
 * afresh.
 *
 * The offset of an access is reg->off (fixed) + off (the instruction's) +
 * the variable part the register's bounds describe: somewhere in
 * [smin_value, umax_value]. Both ends are checked, each with the access's
 * size. The messages are the kernel's.
 */
#include "verifier_maps.h"
#include "maps.h"

/* check read/write into a map element with possible variable offset */
int check_map_access(struct bpf_verifier_env *env, u32 regno, int off, int size,
		     bool zero_size_allowed)
{
	struct bpf_verifier_state *vstate = env->cur_state;
	struct bpf_func_state *state = vstate->frame[vstate->curframe];
	struct bpf_reg_state *reg = &state->regs[regno];
	u32 value_size = reg->map_ptr->value_size;
	int err;

	/* We may have adjusted the register to this map value, so we
	 * need to try adding each of min_value and max_value to off
	 * to make sure our theoretical access will be safe.
	 */
	if (env->log.level & BPF_LOG_LEVEL)
		print_verifier_state(env, state);

	/* The minimum value is only important with signed
	 * comparisons where we can't assume the floor of a
	 * value is 0.  If we are using signed variables for our
	 * index'es we need to make sure that whatever we use
	 * will have a set floor within our range.
	 */
	if (reg->smin_value < 0 &&
	    (reg->smin_value == S64_MIN ||
	     (off + reg->smin_value != (s64)(s32)(off + reg->smin_value)) ||
	      reg->smin_value + off < 0)) {
		verbose(env, "R%d min value is negative, either use unsigned index or do a if (index >=0) check.\n",
			regno);
		return -EACCES;
	}
	err = __check_mem_access(env, regno, reg->smin_value + off, size, value_size,
				 zero_size_allowed);
	if (err) {
		verbose(env, "R%d min value is outside of the array range\n", regno);
		return err;
	}

	/* If we haven't set a max value then we need to bail since we can't be
	 * sure we won't do bad things.
	 * If reg->umax_value + off could overflow, treat that as unbounded too.
	 */
	if (reg->umax_value >= BPF_MAX_VAR_OFF) {
		verbose(env, "R%d unbounded memory access, make sure to bounds check any array access into a map\n",
			regno);
		return -EACCES;
	}
	err = __check_mem_access(env, regno, reg->umax_value + off, size, value_size,
				 zero_size_allowed);
	if (err)
		verbose(env, "R%d max value is outside of the array range\n", regno);

	return err;
}

/* BPF_F_RDONLY_PROG / BPF_F_WRONLY_PROG: what the map lets programs do */
int check_map_access_type(struct bpf_verifier_env *env, u32 regno, int off, int size,
			  enum bpf_access_type type)
{
	struct bpf_reg_state *regs = cur_regs(env);
	struct bpf_map *map = regs[regno].map_ptr;
	u32 cap = bpf_map_flags_to_cap(map);

	if (type == BPF_WRITE && !(cap & BPF_MAP_CAN_WRITE)) {
		verbose(env, "write into map forbidden, value_size=%d off=%d size=%d\n",
			map->value_size, off, size);
		return -EACCES;
	}

	if (type == BPF_READ && !(cap & BPF_MAP_CAN_READ)) {
		verbose(env, "read from map forbidden, value_size=%d off=%d size=%d\n",
			map->value_size, off, size);
		return -EACCES;
	}

	return 0;
}
