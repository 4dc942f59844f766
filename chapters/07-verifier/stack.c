// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: check_stack_access(), update_stack_depth(),
 * is_spillable_regtype(), save_register_state(), check_stack_write(),
 * check_stack_read(), __check_stack_boundary(), check_stack_boundary(),
 * Linux v5.8; written afresh.
 *
 * The stack as chapter 03 has it, with what pruning and unprivileged
 * loaders need besides:
 *
 * - every slot is also a link in a liveness chain (its spilled_ptr.parent),
 *   so that reading it marks it live in the states before;
 * - a spilled constant keeps its value for a privileged loader (clang -O0
 *   keeps loop counters on the stack), and the constant's history is then
 *   precise;
 * - storing a pointer over a slot that held data, for an unprivileged
 *   loader, is recorded (aux->sanitize_stack_off), and the slot is zeroed
 *   first at run time: otherwise a speculatively bypassed store (Spectre
 *   v4, CVE-2018-3639) could let the old number be read as the pointer;
 * - a helper may read or write a stack buffer (check_stack_boundary()).
 */
#include "verifier.h"

/*
 * A load or store of the stack at fp + off. The offset must be known: what
 * a read gives depends on which slot it is (check_stack_read()); and
 * inside the 512 bytes below fp.
 */
int check_stack_access(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
		       int off, int size)
{
	char tn_buf[48];

	if (tnum_is_const(reg->var_off)) {
		if (off < 0 && off >= -MAX_BPF_STACK)
			return 0;
		verbose(env, "invalid stack off=%d size=%d\n", off, size);
		return -EACCES;
	}
	tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
	verbose(env, "variable stack access var_off=%s off=%d size=%d\n", tn_buf, off, size);
	return -EACCES;
}

/* The deepest byte each subprogram touches: its frame's size. */
int update_stack_depth(struct bpf_verifier_env *env, const struct bpf_func_state *func,
		       int off)
{
	u16 *depth = &env->subprog_info[func->subprogno].stack_depth;

	if (*depth < -off)
		*depth = -off;
	return 0;
}

/* The registers that are spilled as they are: every pointer type but the
 * raw tracepoint buffer. (A scalar is spilled as one only when it is a
 * constant and the loader privileged: check_stack_write().)
 */
static bool is_spillable_regtype(enum bpf_reg_type type)
{
	static const bool spillable[__BPF_REG_TYPE_MAX] = {
		[PTR_TO_CTX] = true,		[CONST_PTR_TO_MAP] = true,
		[PTR_TO_MAP_VALUE] = true,	[PTR_TO_MAP_VALUE_OR_NULL] = true,
		[PTR_TO_STACK] = true,		[PTR_TO_PACKET_META] = true,
		[PTR_TO_PACKET] = true,		[PTR_TO_PACKET_END] = true,
		[PTR_TO_FLOW_KEYS] = true,	[PTR_TO_SOCKET] = true,
		[PTR_TO_SOCKET_OR_NULL] = true,	[PTR_TO_SOCK_COMMON] = true,
		[PTR_TO_SOCK_COMMON_OR_NULL] = true, [PTR_TO_TCP_SOCK] = true,
		[PTR_TO_TCP_SOCK_OR_NULL] = true, [PTR_TO_XDP_SOCK] = true,
		[PTR_TO_BTF_ID] = true,		[PTR_TO_BTF_ID_OR_NULL] = true,
		[PTR_TO_MEM] = true,		[PTR_TO_MEM_OR_NULL] = true,
	};

	return (unsigned int)type < __BPF_REG_TYPE_MAX && spillable[type];
}

/* The slot becomes the register; it keeps its own place in the liveness
 * chain.
 */
static void save_register_state(struct bpf_func_state *state, int spi,
				const struct bpf_reg_state *reg)
{
	struct bpf_stack_state *slot = &state->stack[spi];
	struct bpf_reg_state *parent = slot->spilled_ptr.parent;

	slot->spilled_ptr = *reg;
	slot->spilled_ptr.parent = parent;
	slot->spilled_ptr.live |= REG_LIVE_WRITTEN;
	memset(slot->slot_type, STACK_SPILL, sizeof(slot->slot_type));
}

/*
 * Unprivileged: a pointer spilled over a slot that held a number (data, or
 * a spilled constant). Were the store bypassed speculatively (Spectre v4,
 * CVE-2018-3639), the number could be read back as the pointer: the slot
 * is zeroed before the store at run time (aux->sanitize_stack_off). One
 * slot per instruction: an instruction that stores into two is refused.
 */
static int note_spill_over_data(struct bpf_verifier_env *env,
				const struct bpf_func_state *state, int spi, int insn_idx)
{
	const struct bpf_stack_state *slot = &state->stack[spi];
	int *poff = &env->insn_aux_data[insn_idx].sanitize_stack_off;
	int soff = (-spi - 1) * BPF_REG_SIZE;
	bool number = slot->slot_type[0] == STACK_SPILL && register_is_const(&slot->spilled_ptr);
	int b;

	for (b = 0; b < BPF_REG_SIZE && !number; b++)
		number = slot->slot_type[b] == STACK_MISC;
	if (!number)
		return 0;
	if (*poff && *poff != soff) {
		verbose(env, "insn %d cannot access two stack slots fp%d and fp%d",
			insn_idx, *poff, soff);
		return -EINVAL;
	}
	*poff = soff;
	return 0;
}

/*
 * Data (not a register kept whole): the bytes written become data, or
 * zeros if the value is the constant 0 (precise then: the zeros may make
 * a later read a known 0). A register spilled in the slot is gone. Only a
 * write of all 8 bytes screens reads from the states before; a partial
 * one leaves the slot's liveness reaching back, which is conservative.
 */
static int write_stack_data(struct bpf_verifier_env *env, struct bpf_func_state *state,
			    int slot, int size, const struct bpf_reg_state *reg, int value_regno)
{
	struct bpf_stack_state *st = &state->stack[slot / BPF_REG_SIZE];
	u8 kind = STACK_MISC;
	int err, i;

	st->spilled_ptr.type = NOT_INIT;
	if (st->slot_type[0] == STACK_SPILL)
		memset(st->slot_type, STACK_MISC, sizeof(st->slot_type));
	if (size == BPF_REG_SIZE)
		st->spilled_ptr.live |= REG_LIVE_WRITTEN;
	if (reg && register_is_null(reg)) {
		/* (backtracking does not follow STACK_ZERO yet) */
		err = mark_chain_precision(env, value_regno);
		if (err)
			return err;
		kind = STACK_ZERO;
	}
	for (i = 0; i < size; i++)
		st->slot_type[(slot - i) % BPF_REG_SIZE] = kind;
	return 0;
}

/*
 * A store into the stack of frame `state` at off (the caller checked it is
 * aligned and inside the frame), of register value_regno (-1: an
 * immediate). Three kinds:
 *
 *   a constant, 8 bytes, privileged loader   spilled as the register, so
 *       that clang's stack-kept loop counters keep their values; its
 *       history is precise unless stored through fp itself (backtracking
 *       only recognizes [fp - off])
 *   a pointer (8 bytes, and into the caller's frame no stack pointer)
 *       spilled as the register
 *   anything else                            data (write_stack_data())
 *
 * Unprivileged, part of a spilled pointer may not be overwritten.
 */
int check_stack_write(struct bpf_verifier_env *env, struct bpf_func_state *state,
		      int off, int size, int value_regno, int insn_idx)
{
	struct bpf_func_state *cur = env->cur_state->frame[env->cur_state->curframe];
	int slot = -off - 1, spi = slot / BPF_REG_SIZE, err;
	u32 base_reg = env->prog->insnsi[insn_idx].dst_reg;
	const struct bpf_reg_state *reg = value_regno >= 0 ? &cur->regs[value_regno] : NULL;

	err = grow_stack_state(state, round_up(slot + 1, BPF_REG_SIZE)) ?:
	      check_path_stack_depth(env);
	if (err)
		return err;
	if (!env->allow_ptr_leaks && state->stack[spi].slot_type[0] == STACK_SPILL &&
	    size != BPF_REG_SIZE) {
		verbose(env, "attempt to corrupt spilled pointer on stack\n");
		return -EACCES;
	}

	if (reg && size == BPF_REG_SIZE && register_is_const(reg) &&
	    !register_is_null(reg) && env->bpf_capable) {
		if (base_reg != BPF_REG_FP) {
			err = mark_chain_precision(env, value_regno);
			if (err)
				return err;
		}
		save_register_state(state, spi, reg);
		return 0;
	}
	if (!reg || !is_spillable_regtype(reg->type))
		return write_stack_data(env, state, slot, size, reg, value_regno);

	if (size != BPF_REG_SIZE) {
		verbose(env, "invalid size of register spill\n");
		return -EACCES;
	}
	if (state != cur && reg->type == PTR_TO_STACK) {
		verbose(env, "cannot spill pointers to stack into stack frame of the caller\n");
		return -EINVAL;
	}
	if (!env->allow_ptr_leaks) {
		err = note_spill_over_data(env, state, spi, insn_idx);
		if (err)
			return err;
	}
	save_register_state(state, spi, reg);
	return 0;
}

/*
 * A fill: 8 bytes of a spilled register restore the register (its own
 * liveness link kept, counted as written, all 64 bits whole); fewer, of a
 * spilled scalar, give some number. With no register to fill (an atomic
 * operation's first read), a spilled pointer is refused to an unprivileged
 * loader, who would see it as a number.
 */
static int read_spilled(struct bpf_verifier_env *env, struct bpf_func_state *state,
			struct bpf_reg_state *spilled, const u8 *stype, int slot, int off,
			int size, int value_regno)
{
	int i;

	if (size != BPF_REG_SIZE) {
		if (spilled->type != SCALAR_VALUE) {
			verbose(env, "invalid size of register fill\n");
			return -EACCES;
		}
		if (value_regno >= 0) {
			mark_reg_unknown(env, state->regs, value_regno);
			state->regs[value_regno].live |= REG_LIVE_WRITTEN;
		}
		mark_reg_read(env, spilled, spilled->parent, REG_LIVE_READ64);
		return 0;
	}
	for (i = 1; i < BPF_REG_SIZE; i++) {
		if (stype[(slot - i) % BPF_REG_SIZE] != STACK_SPILL) {
			verbose(env, "corrupted spill memory\n");
			return -EACCES;
		}
	}
	if (value_regno >= 0) {
		struct bpf_reg_state *dst = &state->regs[value_regno];
		struct bpf_reg_state filled = *spilled;

		filled.parent = dst->parent;
		filled.live |= REG_LIVE_WRITTEN;
		filled.subreg_def = DEF_NOT_SUBREG;
		*dst = filled;
	} else if (__is_pointer_value(env->allow_ptr_leaks, spilled)) {
		verbose(env, "leaking pointer from stack off %d\n", off);
		return -EACCES;
	}
	mark_reg_read(env, spilled, spilled->parent, REG_LIVE_READ64);
	return 0;
}

/*
 * A read of data: every byte must have been written. All zeros give the
 * constant 0 (any load zero-extends; precise, as backtracking stops at
 * STACK_ZERO), anything else some number.
 */
static int read_data(struct bpf_verifier_env *env, struct bpf_func_state *state,
		     struct bpf_reg_state *spilled, const u8 *stype, int slot, int off,
		     int size, int value_regno)
{
	struct bpf_reg_state *dst;
	int i, zeros = 0;

	for (i = 0; i < size; i++) {
		u8 kind = stype[(slot - i) % BPF_REG_SIZE];

		if (kind == STACK_ZERO)
			zeros++;
		else if (kind != STACK_MISC) {
			verbose(env, "invalid read from stack off %d+%d size %d\n", off, i, size);
			return -EACCES;
		}
	}
	mark_reg_read(env, spilled, spilled->parent, REG_LIVE_READ64);
	if (value_regno < 0)
		return 0;
	dst = &state->regs[value_regno];
	if (zeros == size) {
		__mark_reg_const_zero(dst);
		dst->precise = true;
	} else {
		mark_reg_unknown(env, state->regs, value_regno);
	}
	dst->live |= REG_LIVE_WRITTEN;
	return 0;
}

/* A load from the stack of frame reg_state (this function's or a
 * caller's) at off, into register value_regno of the current frame.
 */
int check_stack_read(struct bpf_verifier_env *env, struct bpf_func_state *reg_state,
		     int off, int size, int value_regno)
{
	struct bpf_verifier_state *vstate = env->cur_state;
	struct bpf_func_state *state = vstate->frame[vstate->curframe];
	int slot = -off - 1, spi = slot / BPF_REG_SIZE;
	struct bpf_stack_state *st;

	if (reg_state->allocated_stack <= slot) {
		verbose(env, "invalid read from stack off %d+0 size %d\n", off, size);
		return -EACCES;
	}
	st = &reg_state->stack[spi];
	if (st->slot_type[0] == STACK_SPILL)
		return read_spilled(env, state, &st->spilled_ptr, st->slot_type, slot, off, size,
				    value_regno);
	return read_data(env, state, &st->spilled_ptr, st->slot_type, slot, off, size,
			 value_regno);
}

/* [off, off + access_size) inside the stack (a size of 0 where allowed)? */
static int __check_stack_boundary(struct bpf_verifier_env *env, u32 regno, int off,
				  int access_size, bool zero_size_allowed)
{
	struct bpf_reg_state *reg = cur_regs(env) + regno;
	bool size_ok = access_size > 0 || (access_size == 0 && zero_size_allowed);
	char tn_buf[48];

	if (size_ok && off < 0 && off >= -MAX_BPF_STACK && off + access_size <= 0)
		return 0;
	if (tnum_is_const(reg->var_off)) {
		verbose(env, "invalid stack type R%d off=%d access_size=%d\n",
			regno, off, access_size);
	} else {
		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, "invalid stack type R%d var_off=%s access_size=%d\n",
			regno, tn_buf, access_size);
	}
	return -EACCES;
}

/*
 * May a helper read the byte at fp + i (slot `slot`)? Data may, and zeros,
 * which become data (the helper may write anything there), and a spilled
 * scalar, which becomes an unknown one with its slot all data. An
 * unwritten byte, or part of a spilled pointer, may not.
 */
static bool helper_may_read_byte(struct bpf_verifier_env *env, struct bpf_func_state *state,
				 int slot)
{
	struct bpf_stack_state *st;
	u8 *kind;

	if (state->allocated_stack <= slot)
		return false;
	st = &state->stack[slot / BPF_REG_SIZE];
	kind = &st->slot_type[slot % BPF_REG_SIZE];
	if (*kind == STACK_MISC)
		return true;
	if (*kind == STACK_ZERO) {
		*kind = STACK_MISC;
		return true;
	}
	if (st->slot_type[0] != STACK_SPILL || st->spilled_ptr.type != SCALAR_VALUE)
		return false;
	__mark_reg_unknown(env, &st->spilled_ptr);
	memset(st->slot_type, STACK_MISC, sizeof(st->slot_type));
	return true;
}

/*
 * A helper will read access_size bytes from the stack pointer in regno
 * (or, in raw mode, write them: then they need not be written before,
 * and the caller marks them written afterwards). The whole range must be
 * inside the frame, at the pointer's smallest and largest offset; a
 * variable offset is for privileged loaders only (Spectre masking does
 * not cover it), and never in raw mode: the helper might leave some of
 * the bytes unwritten. Unlike most of these checks, it adds reg->off
 * itself. A NULL pointer with a size of 0 is fine, where allowed.
 */
int check_stack_boundary(struct bpf_verifier_env *env, int regno, int access_size,
			 bool zero_size_allowed, struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = cur_regs(env) + regno;
	struct bpf_func_state *state = func(env, reg);
	char tn_buf[48];
	int err, min_off, max_off, i;

	if (reg->type != PTR_TO_STACK) {
		if (zero_size_allowed && access_size == 0 && register_is_null(reg))
			return 0;
		verbose(env, "R%d type=%s expected=%s\n", regno,
			reg_type_str[reg->type], reg_type_str[PTR_TO_STACK]);
		return -EACCES;
	}

	if (tnum_is_const(reg->var_off)) {
		min_off = max_off = reg->var_off.value + reg->off;
		err = __check_stack_boundary(env, regno, min_off, access_size,
					     zero_size_allowed);
		if (err)
			return err;
	} else {
		if (!env->allow_ptr_leaks) {
			tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
			verbose(env, "R%d indirect variable offset stack access prohibited for !root, var_off=%s\n",
				regno, tn_buf);
			return -EACCES;
		}
		if (meta && meta->raw_mode)
			meta = NULL;
		if (reg->smax_value >= BPF_MAX_VAR_OFF || reg->smax_value <= -BPF_MAX_VAR_OFF) {
			verbose(env, "R%d unbounded indirect variable offset stack access\n",
				regno);
			return -EACCES;
		}
		min_off = reg->smin_value + reg->off;
		max_off = reg->smax_value + reg->off;
		if (__check_stack_boundary(env, regno, min_off, access_size, zero_size_allowed)) {
			verbose(env, "R%d min value is outside of stack bound\n", regno);
			return -EACCES;
		}
		if (__check_stack_boundary(env, regno, max_off, access_size, zero_size_allowed)) {
			verbose(env, "R%d max value is outside of stack bound\n", regno);
			return -EACCES;
		}
	}

	if (meta && meta->raw_mode) {
		meta->access_size = access_size;
		meta->regno = regno;
		return 0;
	}

	for (i = min_off; i < max_off + access_size; i++) {
		int slot = -i - 1;
		struct bpf_reg_state *spilled;

		if (!helper_may_read_byte(env, state, slot)) {
			if (tnum_is_const(reg->var_off)) {
				verbose(env, "invalid indirect read from stack off %d+%d size %d\n",
					min_off, i - min_off, access_size);
			} else {
				tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
				verbose(env, "invalid indirect read from stack var_off %s+%d size %d\n",
					tn_buf, i - min_off, access_size);
			}
			return -EACCES;
		}
		/* a byte read marks its whole slot read */
		spilled = &state->stack[slot / BPF_REG_SIZE].spilled_ptr;
		mark_reg_read(env, spilled, spilled->parent, REG_LIVE_READ64);
	}
	return update_stack_depth(env, state, min_off);
}
