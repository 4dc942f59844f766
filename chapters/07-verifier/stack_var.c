// SPDX-License-Identifier: GPL-2.0
/*
 * Loads and stores through a stack pointer whose offset is a range, not a
 * number: `hist[b & 63] += 1` on a u32 array on the stack. Linux 5.12
 * (commit 01f810ace9ed, "bpf: Allow variable-offset stack access") added
 * them for privileged programs; v5.8 refuses every one with "variable stack
 * access" (stack.c, check_stack_access()). Mirrors kernel/bpf/verifier.c of
 * Linux 6.1: check_stack_access_within_bounds(), check_stack_write_var_off(),
 * check_stack_range_initialized(), check_stack_read_var_off(),
 * mark_reg_stack_read(); written afresh.
 *
 * An unprivileged program never gets here: adjust_ptr_min_max_vals()
 * refuses to give it a stack pointer with a variable offset, because the
 * Spectre masking of pointer arithmetic could not bound it.
 *
 * What the walk can know after such a store is little: any byte of the
 * range may have been written, or not. So a store keeps every byte it may
 * touch initialized-if-it-was (STACK_MISC, or STACK_ZERO if a zero went over
 * zeros), and no spilled register survives in the range; a load reads a
 * number (zero if every byte it may read is a known zero).
 */
#include "verifier.h"

/* The bytes [*min_off, *max_off) that an access of `size` at reg + off may
 * touch, all inside the frame; the frame grows to hold them.
 */
static int stack_var_off_range(struct bpf_verifier_env *env, u32 regno,
			       const struct bpf_reg_state *reg, int off, int size,
			       const char *what, int *min_off, int *max_off)
{
	struct bpf_func_state *state = func(env, reg);
	char tn_buf[48];
	s64 lo, hi;
	int err;

	if (reg->smax_value >= BPF_MAX_VAR_OFF || reg->smin_value <= -BPF_MAX_VAR_OFF) {
		verbose(env, "invalid unbounded variable-offset %s stack R%d\n", what, regno);
		return -EACCES;
	}
	lo = reg->smin_value + off;
	hi = reg->smax_value + off + size;
	if (lo < -MAX_BPF_STACK || hi > 0) {
		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, "invalid variable-offset %s stack R%d var_off=%s size=%d\n",
			what, regno, tn_buf, size);
		return -EACCES;
	}
	*min_off = (int)lo;
	*max_off = (int)hi;

	/* The deepest byte counts for the frame's size (later kernels too;
	 * 6.1 counted the fixed part of the offset only).
	 */
	err = grow_stack_state(state, round_up(-*min_off, BPF_REG_SIZE));
	if (!err)
		err = update_stack_depth(env, state, *min_off);
	if (!err)
		err = check_path_stack_depth(env);
	return err;
}

/* A store that may land on any byte of [min_off, max_off). */
static int check_stack_write_var_off(struct bpf_verifier_env *env,
				     struct bpf_func_state *state, int min_off,
				     int max_off, int value_regno)
{
	struct bpf_func_state *cur = env->cur_state->frame[env->cur_state->curframe];
	bool writing_zero = value_regno >= 0 && register_is_null(&cur->regs[value_regno]);
	bool zero_used = false;
	int i, j;

	for (i = min_off; i < max_off; i++) {
		int slot = -i - 1, spi = slot / BPF_REG_SIZE;
		struct bpf_stack_state *st = &state->stack[spi];
		u8 *stype = &st->slot_type[slot % BPF_REG_SIZE];

		/* A register spilled here is gone, whichever of its bytes the
		 * store hits: what stays is its bytes, as plain data.
		 */
		if (st->slot_type[0] == STACK_SPILL) {
			for (j = 0; j < BPF_REG_SIZE; j++)
				st->slot_type[j] = STACK_MISC;
			st->spilled_ptr.type = NOT_INIT;
		}
		/* An uninitialized byte the store may miss stays unreadable
		 * in v5.8's rules; taking the store as written is what a
		 * privileged program is allowed (6.1: allow_uninit_stack).
		 */
		if (writing_zero && *stype == STACK_ZERO) {
			zero_used = true;
		} else {
			*stype = STACK_MISC;
		}
	}
	/* a zero kept a slot known zero: the zero must be exact */
	if (zero_used)
		return mark_chain_precision(env, value_regno);
	return 0;
}

/* A load from any of [min_off, max_off): every byte must be initialized
 * (here, as in v5.8, also for privileged programs); the register gets a
 * number, or zero if every byte is a known zero.
 */
static int check_stack_read_var_off(struct bpf_verifier_env *env, u32 regno,
				    struct bpf_func_state *state, int min_off,
				    int max_off, int size, int dst_regno)
{
	struct bpf_func_state *cur = env->cur_state->frame[env->cur_state->curframe];
	const struct bpf_reg_state *reg = cur_regs(env) + regno;
	int i, err, zeros = 0;
	char tn_buf[48];

	for (i = min_off; i < max_off; i++) {
		int slot = -i - 1, spi = slot / BPF_REG_SIZE;
		struct bpf_stack_state *st = &state->stack[spi];
		u8 t = st->slot_type[slot % BPF_REG_SIZE];
		bool ok = t == STACK_MISC || t == STACK_ZERO;

		/* a spilled scalar's bytes are a number; a pointer's only
		 * for a loader that may read pointers
		 */
		if (t == STACK_SPILL)
			ok = st->spilled_ptr.type == SCALAR_VALUE || env->allow_ptr_leaks;
		if (!ok) {
			tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
			verbose(env, "invalid read from stack R%d var_off %s+%d size %d\n",
				regno, tn_buf, i - min_off, size);
			return -EACCES;
		}
		zeros += t == STACK_ZERO;
		/* the walk cannot tell which slot is read: all of them are */
		err = mark_reg_read(env, &st->spilled_ptr, st->spilled_ptr.parent,
				    REG_LIVE_READ64);
		if (err)
			return err;
	}
	if (zeros == max_off - min_off) {
		__mark_reg_const_zero(&cur->regs[dst_regno]);
		/* as for a fixed-offset read of zeros: precise, so that
		 * backtracking stops here
		 */
		cur->regs[dst_regno].precise = true;
	} else {
		mark_reg_unknown(env, cur->regs, dst_regno);
	}
	cur->regs[dst_regno].live |= REG_LIVE_WRITTEN;
	return 0;
}

int check_stack_access_var_off(struct bpf_verifier_env *env, u32 regno, int off,
			       int size, enum bpf_access_type t, int value_regno)
{
	struct bpf_reg_state *reg = cur_regs(env) + regno;
	struct bpf_func_state *state = func(env, reg);
	int min_off, max_off, err;

	/* v5.8's answer, and still the answer for an unprivileged program
	 * (which cannot make such a pointer: this is a second line).
	 */
	if (!env->allow_ptr_leaks)
		return check_stack_access(env, reg, off, size);
	/* Only a load into a register: an atomic's read goes back to the
	 * stack, where a pointer it read would have to stay one.
	 */
	if (t == BPF_READ && value_regno < 0) {
		char tn_buf[48];

		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, "variable offset stack pointer cannot be passed into helper function; var_off=%s off=%d size=%d\n",
			tn_buf, off, size);
		return -EACCES;
	}
	err = stack_var_off_range(env, regno, reg, off, size,
				  t == BPF_WRITE ? "write to" : "read from",
				  &min_off, &max_off);
	if (err)
		return err;
	if (t == BPF_WRITE)
		return check_stack_write_var_off(env, state, min_off, max_off, value_regno);
	return check_stack_read_var_off(env, regno, state, min_off, max_off, size,
					value_regno);
}
