// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: print_verifier_state(), Linux v5.8;
 * written afresh.
 *
 * Chapter 03 printed what it tracked: a type, an id, an offset, the 64-bit
 * bounds. This chapter tracks more, and the log says all of it, in v5.8's
 * format: a packet pointer's checked range (r=), a map pointer's key and
 * value sizes (ks=, vs=), the reference it carries (ref_obj_id=), the
 * 32-bit bounds where they say more than the 64-bit ones, and the
 * references the frame holds (refs=).
 */
#include "verifier.h"

/* The bounds of a scalar (or a pointer's variable part) that say something:
 * a bound equal to its type's extreme, or to the bound of the other width,
 * is left out.
 */
static void print_bounds(struct bpf_verifier_env *env, const struct bpf_reg_state *reg)
{
	char tn_buf[48];

	if (reg->smin_value != (s64)reg->umin_value && reg->smin_value != S64_MIN)
		verbose(env, ",smin_value=%lld", (long long)reg->smin_value);
	if (reg->smax_value != (s64)reg->umax_value && reg->smax_value != S64_MAX)
		verbose(env, ",smax_value=%lld", (long long)reg->smax_value);
	if (reg->umin_value != 0)
		verbose(env, ",umin_value=%llu", (unsigned long long)reg->umin_value);
	if (reg->umax_value != U64_MAX)
		verbose(env, ",umax_value=%llu", (unsigned long long)reg->umax_value);
	if (!tnum_is_unknown(reg->var_off)) {
		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, ",var_off=%s", tn_buf);
	}
	if (reg->s32_min_value != reg->smin_value && reg->s32_min_value != S32_MIN)
		verbose(env, ",s32_min_value=%d", (int)reg->s32_min_value);
	if (reg->s32_max_value != reg->smax_value && reg->s32_max_value != S32_MAX)
		verbose(env, ",s32_max_value=%d", (int)reg->s32_max_value);
	if (reg->u32_min_value != reg->umin_value && reg->u32_min_value != U32_MIN)
		verbose(env, ",u32_min_value=%d", (int)reg->u32_min_value);
	if (reg->u32_max_value != reg->umax_value && reg->u32_max_value != U32_MAX)
		verbose(env, ",u32_max_value=%d", (int)reg->u32_max_value);
}

/*
 * "=type", then "P" for a precise scalar, then, for a scalar known exactly
 * (and, where with_fp, a stack pointer at a known offset), its value.
 * true if the value was printed: there is nothing more to say.
 */
static bool print_type(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
		       bool with_fp)
{
	bool scalar = reg->type == SCALAR_VALUE;

	verbose(env, "=%s", reg_type_str[reg->type]);
	if (scalar && reg->precise)
		verbose(env, "P");
	if (!(scalar || (with_fp && reg->type == PTR_TO_STACK)) || !tnum_is_const(reg->var_off))
		return false;
	/* (a scalar's off is 0) */
	verbose(env, "%lld", (long long)(reg->var_off.value + reg->off));
	return true;
}

static void print_reg(struct bpf_verifier_env *env, const struct bpf_reg_state *reg)
{
	enum bpf_reg_type t = reg->type;

	if (print_type(env, reg, true))
		return;
	verbose(env, "(id=%d", reg->id);
	if (reg_type_may_be_refcounted_or_null(t))
		verbose(env, ",ref_obj_id=%d", reg->ref_obj_id);
	if (t != SCALAR_VALUE)
		verbose(env, ",off=%d", reg->off);
	if (type_is_pkt_pointer(t))
		verbose(env, ",r=%d", reg->range);
	else if ((t == CONST_PTR_TO_MAP || t == PTR_TO_MAP_VALUE ||
		  t == PTR_TO_MAP_VALUE_OR_NULL) && reg->map_ptr)
		verbose(env, ",ks=%d,vs=%d", reg->map_ptr->key_size,
			reg->map_ptr->value_size);
	if (tnum_is_const(reg->var_off))
		/* a pointer whose offset is too big for the signed bounds */
		verbose(env, ",imm=%llx", (unsigned long long)reg->var_off.value);
	else
		print_bounds(env, reg);
	verbose(env, ")");
}

/*
 * A stack slot never written is not printed. Otherwise: its bytes' kinds
 * ('m' data, '0' zero, '?' unwritten), or, for a spilled register, as a
 * register but shorter (no id, no bounds).
 */
static void print_stack_slot(struct bpf_verifier_env *env, const struct bpf_stack_state *slot,
			     int spi)
{
	char kinds[BPF_REG_SIZE + 1];
	bool written = false;
	int b;

	for (b = 0; b < BPF_REG_SIZE; b++) {
		kinds[b] = slot_type_char[slot->slot_type[b]];
		written |= slot->slot_type[b] != STACK_INVALID;
	}
	kinds[BPF_REG_SIZE] = '\0';
	if (!written)
		return;
	verbose(env, " fp%d", (-spi - 1) * BPF_REG_SIZE);
	print_liveness(env, slot->spilled_ptr.live);
	if (slot->slot_type[0] == STACK_SPILL)
		print_type(env, &slot->spilled_ptr, false);
	else
		verbose(env, "=%s", kinds);
}

/* One frame, on one line: its readable registers, its written stack slots,
 * the references it holds.
 */
void print_verifier_state(struct bpf_verifier_env *env,
			  const struct bpf_func_state *state)
{
	int i;

	if (state->frameno)
		verbose(env, " frame%d:", state->frameno);
	for (i = 0; i < MAX_BPF_REG; i++) {
		if (state->regs[i].type == NOT_INIT)
			continue;
		verbose(env, " R%d", i);
		print_liveness(env, state->regs[i].live);
		print_reg(env, &state->regs[i]);
	}
	for (i = 0; i < state->allocated_stack / BPF_REG_SIZE; i++)
		print_stack_slot(env, &state->stack[i], i);
	/* " refs=1,3"; an empty first entry hides them all */
	for (i = 0; i < state->acquired_refs && state->refs[0].id; i++)
		if (state->refs[i].id)
			verbose(env, i ? ",%d" : " refs=%d", state->refs[i].id);
	verbose(env, "\n");
}
