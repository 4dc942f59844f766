// SPDX-License-Identifier: GPL-2.0
/*
 * Loads and stores through a stack pointer whose offset is a range: the
 * rules Linux 5.12 added for privileged programs (v5.8 refuses them all).
 *
 * Mirrors kernel/bpf/verifier.c of Linux 6.1:
 * check_stack_access_within_bounds(), check_stack_write_var_off(),
 * check_stack_range_initialized(), check_stack_read_var_off(). Your version
 * replaces chapters/07-verifier/stack_var.c.
 */
#include "verifier.h"

/*
 * check_mem_access() calls this for a PTR_TO_STACK register `regno` whose
 * var_off is not a constant; `off` is the instruction's offset plus the
 * register's fixed offset (reg->off), `size` the access size in bytes.
 * t == BPF_WRITE: value_regno is the register stored, or -1 for an
 * immediate. t == BPF_READ: value_regno is the register loaded into, or -1
 * when an atomic reads the stack on its way back to it.
 *
 * The contract, in order:
 * 1. Not privileged (!env->allow_ptr_leaks): v5.8's answer, which is
 *    check_stack_access(env, reg, off, size).
 * 2. A read with value_regno < 0: log
 *    "variable offset stack pointer cannot be passed into helper function;
 *    var_off=%s off=%d size=%d\n" (tnum_strn() of var_off), -EACCES.
 * 3. reg->smax_value >= BPF_MAX_VAR_OFF or reg->smin_value <=
 *    -BPF_MAX_VAR_OFF: log "invalid unbounded variable-offset %s stack R%d\n"
 *    with "write to" or "read from", -EACCES.
 * 4. The bytes the access may touch are [smin + off, smax + off + size);
 *    all must lie in [-MAX_BPF_STACK, 0), or log
 *    "invalid variable-offset %s stack R%d var_off=%s size=%d\n", -EACCES.
 * 5. The frame must hold the deepest byte: grow_stack_state(),
 *    update_stack_depth(), check_path_stack_depth() (chapter 03's).
 * 6. A write: every spilled register in the range is gone (its 8 bytes
 *    become STACK_MISC, spilled_ptr.type NOT_INIT); every byte of the range
 *    becomes STACK_MISC, except that a known zero written over STACK_ZERO
 *    leaves STACK_ZERO, and then the zero must be precise
 *    (mark_chain_precision(env, value_regno)).
 * 7. A read: every byte of the range must be STACK_MISC, STACK_ZERO, or part
 *    of a spilled scalar (any spilled register, for a privileged loader);
 *    else log "invalid read from stack R%d var_off %s+%d size %d\n" (the
 *    byte's distance from the range's start, the access size), -EACCES.
 *    Each slot read is marked read (mark_reg_read(..., REG_LIVE_READ64));
 *    the destination register is a known zero, precise, if every byte is
 *    STACK_ZERO, else an unknown scalar; either way REG_LIVE_WRITTEN.
 */
int check_stack_access_var_off(struct bpf_verifier_env *env, u32 regno, int off,
			       int size, enum bpf_access_type t, int value_regno)
{
	/* TODO: the seven steps above. Until then, v5.8's refusal. */
	struct bpf_reg_state *reg = cur_regs(env) + regno;

	(void)t;
	(void)value_regno;
	return check_stack_access(env, reg, off, size);
}
