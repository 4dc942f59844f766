// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: check_mem_access(), check_ptr_alignment(),
 * check_generic_ptr_alignment(), check_stack_access(), update_stack_depth(),
 * check_stack_write(), check_stack_read(), check_ctx_reg(),
 * check_ctx_access(), check_stack_boundary(), Linux v5.8, and
 * check_atomic(), Linux 5.12, and the sign-extending loads of Linux 6.6;
 * written afresh.
 *
 * Every load and store goes through check_mem_access(), which asks one
 * question: what does the base register point to? The stack (then the
 * offset must be constant, inside [-512, 0) and aligned, and a read must hit
 * bytes written before), the context (then the program type decides which
 * bytes), or nothing at all (a scalar: refused). This is the guarantee the
 * JIT relies on when it emits a plain `mov` with no check around it.
 */
#include <string.h>

#include "internal.h"

/*
 * Is the pointer's offset, fixed and variable, with off a multiple of the
 * size? (A byte is always aligned; nothing is checked unless strict.)
 */
static int check_generic_ptr_alignment(struct bpf_verifier_env *env,
				       const struct bpf_reg_state *reg,
				       const char *pointer_desc,
				       int off, int size, bool strict)
{
	struct tnum at = tnum_add(reg->var_off, tnum_const((s64)(reg->off + off)));
	char tn_buf[48];

	/* aligned: every bit below size known zero */
	if (!strict || size == 1 || !((at.value | at.mask) & (size - 1)))
		return 0;
	tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
	verbose(env, "misaligned %saccess off %s+%d+%d size %d\n",
		pointer_desc, tn_buf, reg->off, off, size);
	return -EACCES;
}

/* Strict when the loader asks (BPF_F_STRICT_ALIGNMENT), and always on the
 * stack: spills are tracked in whole aligned slots.
 */
static int check_ptr_alignment(struct bpf_verifier_env *env,
			       const struct bpf_reg_state *reg, int off,
			       int size, bool strict_alignment_once)
{
	bool on_stack = reg->type == PTR_TO_STACK;
	bool strict = env->strict_alignment || strict_alignment_once || on_stack;
	const char *what = on_stack ? "stack " : reg->type == PTR_TO_CTX ? "context " : "";

	return check_generic_ptr_alignment(env, reg, what, off, size, strict);
}

/*
 * The stack is accessed at a fixed offset (what a read gives depends on
 * which slot it is: check_stack_read()), inside the 512 bytes below fp.
 */
static int check_stack_access(struct bpf_verifier_env *env,
			      const struct bpf_reg_state *reg,
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

/* The deepest byte each function touches: its frame's size. */
static int update_stack_depth(struct bpf_verifier_env *env,
			      const struct bpf_func_state *func, int off)
{
	u16 *depth = &env->subprog_info[func->subprogno].stack_depth;

	if (*depth < -off)
		*depth = -off;
	return 0;
}


/*
 * Ours: the frames of the path being walked already use more stack than
 * check_max_stack_depth() will allow the call chain they belong to. v5.8
 * finds out only after the walk; every pending branch meanwhile carries a
 * copy of every frame's stack, up to 8 frames of 512 bytes, which made a
 * 4,000-instruction program cost 200 MB. Refusing here, with the same
 * rule (each frame rounded up to 32 bytes, at least 32) and message,
 * refuses exactly programs that check_max_stack_depth() refuses: the chain
 * it sums holds these frames with at least this much stack each. The
 * errno is its -EACCES, where the walk might have failed otherwise first.
 */
int check_path_stack_depth(struct bpf_verifier_env *env)
{
	const struct bpf_verifier_state *cur = env->cur_state;
	int depth = 0;
	u32 i;

	for (i = 0; i <= cur->curframe; i++)
		depth += round_up(max_t(int, cur->frame[i]->allocated_stack, 1), 32);
	if (depth > MAX_BPF_STACK) {
		verbose(env, "combined stack size of %d calls is %d. Too large\n",
			cur->curframe + 1, depth);
		return -EACCES;
	}
	return 0;
}

/* The pointers spilled as they are (the types this part knows of). */
static bool is_spillable_regtype(enum bpf_reg_type type)
{
	return type == PTR_TO_STACK || type == PTR_TO_CTX || type == CONST_PTR_TO_MAP ||
	       type == PTR_TO_MAP_VALUE || type == PTR_TO_MAP_VALUE_OR_NULL ||
	       type == PTR_TO_PACKET_META || type == PTR_TO_PACKET ||
	       type == PTR_TO_PACKET_END;
}

/* The slot becomes the register, whole. */
static void save_register_state(struct bpf_func_state *state, int spi,
				const struct bpf_reg_state *reg)
{
	struct bpf_stack_state *slot = &state->stack[spi];

	slot->spilled_ptr = *reg;
	slot->spilled_ptr.live |= REG_LIVE_WRITTEN;
	memset(slot->slot_type, STACK_SPILL, sizeof(slot->slot_type));
}

/*
 * A store into the stack of frame `state` at off (alignment and bounds
 * were checked by check_mem_access()), of register value_regno (-1: an
 * immediate). A pointer, or for a privileged loader a known constant (so
 * that a loop counter clang -O0 keeps on the stack stays known), is
 * spilled whole; anything else is data, or zeros if it is the constant 0,
 * and a register spilled in the slot is gone. Unprivileged, part of a
 * spilled register may not be overwritten.
 */
static int check_stack_write(struct bpf_verifier_env *env,
			     struct bpf_func_state *state, /* the frame the pointer is into */
			     int off, int size, int value_regno)
{
	struct bpf_func_state *cur = cur_func(env);
	int i, slot = -off - 1, spi = slot / BPF_REG_SIZE, err;
	const struct bpf_reg_state *reg = value_regno >= 0 ? &cur->regs[value_regno] : NULL;
	struct bpf_stack_state *st;
	u8 kind;

	err = grow_stack_state(state, round_up(slot + 1, BPF_REG_SIZE)) ?:
	      check_path_stack_depth(env);
	if (err)
		return err;
	st = &state->stack[spi];
	if (!env->allow_ptr_leaks && st->slot_type[0] == STACK_SPILL && size != BPF_REG_SIZE) {
		verbose(env, "attempt to corrupt spilled pointer on stack\n");
		return -EACCES;
	}

	if (reg && size == BPF_REG_SIZE && register_is_const(reg) &&
	    !register_is_null(reg) && env->bpf_capable) {
		save_register_state(state, spi, reg);
		return 0;
	}
	if (reg && is_spillable_regtype(reg->type)) {
		if (size != BPF_REG_SIZE) {
			verbose(env, "invalid size of register spill\n");
			return -EACCES;
		}
		if (state != cur && reg->type == PTR_TO_STACK) {
			verbose(env, "cannot spill pointers to stack into stack frame of the caller\n");
			return -EINVAL;
		}
		save_register_state(state, spi, reg);
		return 0;
	}

	st->spilled_ptr.type = NOT_INIT;
	if (st->slot_type[0] == STACK_SPILL)
		memset(st->slot_type, STACK_MISC, sizeof(st->slot_type));
	/* only a write of all 8 bytes counts as the slot's */
	if (size == BPF_REG_SIZE)
		st->spilled_ptr.live |= REG_LIVE_WRITTEN;
	kind = reg && register_is_null(reg) ? STACK_ZERO : STACK_MISC;
	for (i = 0; i < size; i++)
		st->slot_type[(slot - i) % BPF_REG_SIZE] = kind;
	return 0;
}

/*
 * A load from the stack of frame reg_state (this function's, or a caller's
 * through a pointer it passed) at off, into value_regno of the current
 * frame. A spilled register comes back whole, and only whole; data gives
 * some number, zeros the constant 0 (any load zero-extends). Every byte
 * read must have been written: the JIT's frame is not cleared.
 */
static int check_stack_read(struct bpf_verifier_env *env,
			    struct bpf_func_state *reg_state /* the frame the pointer is into */,
			    int off, int size, int value_regno)
{
	struct bpf_func_state *state = cur_func(env);
	int i, slot = -off - 1, zeros = 0;
	const u8 *stype;

	if (reg_state->allocated_stack <= slot) {
		verbose(env, "invalid read from stack off %d+%d size %d\n", off, 0, size);
		return -EACCES;
	}
	stype = reg_state->stack[slot / BPF_REG_SIZE].slot_type;

	if (stype[0] == STACK_SPILL) {
		if (size != BPF_REG_SIZE) {
			verbose(env, "invalid size of register fill\n");
			return -EACCES;
		}
		for (i = 1; i < BPF_REG_SIZE; i++) {
			if (stype[(slot - i) % BPF_REG_SIZE] != STACK_SPILL) {
				verbose(env, "corrupted spill memory\n");
				return -EACCES;
			}
		}
		if (value_regno >= 0) {
			/* written, whatever the spilled copy's marks say */
			state->regs[value_regno] = reg_state->stack[slot / BPF_REG_SIZE].spilled_ptr;
			state->regs[value_regno].live |= REG_LIVE_WRITTEN;
		}
		return 0;
	}

	for (i = 0; i < size; i++) {
		u8 kind = stype[(slot - i) % BPF_REG_SIZE];

		if (kind == STACK_ZERO)
			zeros++;
		else if (kind != STACK_MISC) {
			verbose(env, "invalid read from stack off %d+%d size %d\n", off, i, size);
			return -EACCES;
		}
	}
	if (value_regno < 0)
		return 0;
	if (zeros == size) {
		__mark_reg_known_zero(&state->regs[value_regno]);
		state->regs[value_regno].type = SCALAR_VALUE;
		state->regs[value_regno].precise = true;
	} else {
		mark_reg_unknown(env, state->regs, value_regno);
	}
	state->regs[value_regno].live |= REG_LIVE_WRITTEN;
	return 0;
}

/* The context is read, or handed to a helper, only as the program got it:
 * no offset, fixed or variable.
 */
static int check_ctx_reg(struct bpf_verifier_env *env,
			 const struct bpf_reg_state *reg, int regno)
{
	char tn_buf[48];

	if (reg->off) {
		verbose(env, "dereference of modified ctx ptr R%d off=%d disallowed\n",
			regno, reg->off);
		return -EACCES;
	}
	if (tnum_is_const(reg->var_off) && !reg->var_off.value)
		return 0;
	tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
	verbose(env, "variable ctx access var_off=%s disallowed\n", tn_buf);
	return -EACCES;
}

/*
 * A context field at a fixed offset: the program type's is_valid_access()
 * says yes or no, and what a load gives (*reg_type). It also gives the
 * field's size: not 0, a load of part of the field may be rewritten as a
 * load of the whole and a mask; 0, only the whole field may be loaded.
 */
static int check_ctx_access(struct bpf_verifier_env *env, int insn_idx, int off,
			    int size, enum bpf_access_type t,
			    enum bpf_reg_type *reg_type)
{
	struct bpf_insn_access_aux info = {
		.reg_type = *reg_type,
	};

	if (!env->ops->is_valid_access ||
	    !env->ops->is_valid_access(off, size, t, env->prog, &info)) {
		verbose(env, "invalid bpf_context access off=%d size=%d\n", off, size);
		if (env->ops->ctx_note)
			verbose(env, "%s\n", env->ops->ctx_note);
		return -EACCES;
	}
	*reg_type = info.reg_type;
	env->insn_aux_data[insn_idx].ctx_field_size = info.ctx_field_size;
	/* how far into the context the program reaches */
	env->prog->aux->max_ctx_offset = max_t(u32, env->prog->aux->max_ctx_offset, off + size);
	return 0;
}

/*
 * A load (t = BPF_READ) into value_regno, or a store (BPF_WRITE) of
 * value_regno, at regno + off. value_regno -1: a store of an immediate, or
 * a load whose value is not kept (an atomic operation's first read). The
 * base must be the context or the stack; a narrow load fills the low bytes
 * of the register, the rest zeros (or, BPF_MEMSX, the sign).
 */
__weak int check_mem_access(struct bpf_verifier_env *env, int insn_idx, u32 regno,
		     int off, int bpf_size, enum bpf_access_type t,
		     int value_regno, bool strict_alignment_once, bool is_ldsx)
{
	struct bpf_reg_state *regs = cur_regs(env), *reg = regs + regno;
	struct bpf_reg_state *loaded = t == BPF_READ && value_regno >= 0 ? &regs[value_regno] : NULL;
	enum bpf_reg_type ctx_type = SCALAR_VALUE;
	struct bpf_func_state *state;
	int size = bpf_size_to_bytes(bpf_size), err;

	/* a size that is no size; alignment, judged on the pointer's own
	 * offset and off apart
	 */
	err = size < 0 ? size : check_ptr_alignment(env, reg, off, size, strict_alignment_once);
	if (err)
		return err;
	off += reg->off;

	if (reg->type == PTR_TO_CTX) {
		if (t == BPF_WRITE && value_regno >= 0 && is_pointer_value(env, value_regno)) {
			verbose(env, "R%d leaks addr into ctx\n", value_regno);
			return -EACCES;
		}
		err = check_ctx_reg(env, reg, regno);
		if (err < 0)
			return err;
		err = check_ctx_access(env, insn_idx, off, size, t, &ctx_type);
		if (!err && loaded) {
			/* a number, or (chapter 07) a packet pointer at offset 0 */
			if (ctx_type == SCALAR_VALUE) {
				mark_reg_unknown(env, regs, value_regno);
			} else {
				mark_reg_known_zero(env, regs, value_regno);
				loaded->type = ctx_type;
			}
			loaded->live |= REG_LIVE_WRITTEN;
		}
	} else if (reg->type == PTR_TO_STACK) {
		off += reg->var_off.value;
		err = check_stack_access(env, reg, off, size);
		if (err)
			return err;
		state = func(env, reg);
		err = update_stack_depth(env, state, off);
		if (err)
			return err;
		err = t == BPF_WRITE ? check_stack_write(env, state, off, size, value_regno)
				     : check_stack_read(env, state, off, size, value_regno);
	} else {
		/* a scalar, or a pointer this part does not model: no object
		 * to check the access against
		 */
		verbose(env, "R%d invalid mem access '%s'\n", regno, reg_type_str[reg->type]);
		return -EACCES;
	}

	if (!err && loaded && size < BPF_REG_SIZE && loaded->type == SCALAR_VALUE) {
		if (is_ldsx)
			coerce_reg_to_size_sx(loaded, size);
		else
			coerce_reg_to_size(loaded, size);
	}
	return err;
}

/* add, and, or, xor, each also with BPF_FETCH (the old value into src);
 * xchg and cmpxchg, which always fetch.
 */
static bool atomic_op_valid(s32 imm)
{
	switch (imm & ~BPF_FETCH) {
	case BPF_ADD:
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		return true;
	case BPF_XCHG & ~BPF_FETCH:
	case BPF_CMPXCHG & ~BPF_FETCH:
		return imm & BPF_FETCH;
	default:
		return false;
	}
}

/*
 * *(size *)(dst + off) op= src, 32 or 64 bits, never into the context. The
 * location must be readable and writable; with BPF_FETCH the old value
 * lands in src (in r0 for cmpxchg, which also reads r0), checked as a
 * load would be.
 */
__weak int check_atomic(struct bpf_verifier_env *env, int insn_idx, struct bpf_insn *insn)
{
	int load_reg = -1;
	int err;

	if (!atomic_op_valid(insn->imm)) {
		verbose(env, "BPF_ATOMIC uses invalid atomic opcode %02x\n", insn->imm);
		return -EINVAL;
	}
	if (BPF_SIZE(insn->code) != BPF_W && BPF_SIZE(insn->code) != BPF_DW) {
		verbose(env, "invalid atomic operand size\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->src_reg, SRC_OP) ?:
	      check_reg_arg(env, insn->dst_reg, SRC_OP) ?:
	      (insn->imm == BPF_CMPXCHG ? check_reg_arg(env, BPF_REG_0, SRC_OP) : 0);
	if (err)
		return err;
	if (is_pointer_value(env, insn->src_reg)) {
		verbose(env, "R%d leaks addr into mem\n", insn->src_reg);
		return -EACCES;
	}
	if (is_ctx_reg(env, insn->dst_reg)) {
		verbose(env, "BPF_ATOMIC stores into R%d %s is not allowed\n",
			insn->dst_reg, reg_type_str[cur_regs(env)[insn->dst_reg].type]);
		return -EACCES;
	}
	if (insn->imm & BPF_FETCH) {
		load_reg = insn->imm == BPF_CMPXCHG ? BPF_REG_0 : insn->src_reg;
		err = check_reg_arg(env, load_reg, DST_OP);
		if (err)
			return err;
	}

	/* readable (a second read fills load_reg), then writable */
	err = check_mem_access(env, insn_idx, insn->dst_reg, insn->off,
			       BPF_SIZE(insn->code), BPF_READ, -1, true, false);
	if (!err && load_reg >= 0)
		err = check_mem_access(env, insn_idx, insn->dst_reg, insn->off,
				       BPF_SIZE(insn->code), BPF_READ, load_reg, true, false);
	return err ?: check_mem_access(env, insn_idx, insn->dst_reg, insn->off,
				       BPF_SIZE(insn->code), BPF_WRITE, -1, true, false);
}

/* May a helper read the byte at stack slot `slot`? Data, zeros, or part of
 * a spilled number.
 */
static bool stack_byte_readable(const struct bpf_func_state *state, int slot)
{
	const struct bpf_stack_state *st;
	u8 kind;

	if (state->allocated_stack <= slot)
		return false;
	st = &state->stack[slot / BPF_REG_SIZE];
	kind = st->slot_type[slot % BPF_REG_SIZE];
	return kind == STACK_MISC || kind == STACK_ZERO ||
	       (st->slot_type[0] == STACK_SPILL && st->spilled_ptr.type == SCALAR_VALUE);
}

/*
 * A helper will read access_size bytes from the stack pointer in regno:
 * the pointer at a known offset, the whole range inside the frame and
 * written (a NULL pointer with a size of 0 is fine, where allowed).
 */
__weak int check_stack_boundary(struct bpf_verifier_env *env, int regno,
			 int access_size, bool zero_size_allowed,
			 struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = cur_regs(env) + regno;
	struct bpf_func_state *state = func(env, reg);
	bool size_ok = access_size > 0 || (access_size == 0 && zero_size_allowed);
	char tn_buf[48];
	int min_off, i;

	(void)meta;	/* chapter 07 records raw-mode buffers in it */
	if (reg->type != PTR_TO_STACK) {
		if (zero_size_allowed && access_size == 0 && register_is_null(reg))
			return 0;
		verbose(env, "R%d type=%s expected=%s\n", regno,
			reg_type_str[reg->type], reg_type_str[PTR_TO_STACK]);
		return -EACCES;
	}
	if (!tnum_is_const(reg->var_off)) {
		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, "R%d indirect variable offset stack access prohibited for !root, var_off=%s\n",
			regno, tn_buf);
		return -EACCES;
	}
	min_off = reg->var_off.value + reg->off;
	if (!size_ok || min_off >= 0 || min_off < -MAX_BPF_STACK || min_off + access_size > 0) {
		verbose(env, "invalid stack type R%d off=%d access_size=%d\n",
			regno, min_off, access_size);
		return -EACCES;
	}
	for (i = min_off; i < min_off + access_size; i++) {
		if (!stack_byte_readable(state, -i - 1)) {
			verbose(env, "invalid indirect read from stack off %d+%d size %d\n",
				min_off, i - min_off, access_size);
			return -EACCES;
		}
	}
	return update_stack_depth(env, state, min_off);
}
