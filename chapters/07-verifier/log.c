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

static void print_reg(struct bpf_verifier_env *env, const struct bpf_reg_state *reg)
{
	enum bpf_reg_type t = reg->type;

	verbose(env, "=%s", reg_type_str[t]);
	if (t == SCALAR_VALUE && reg->precise)
		verbose(env, "P");
	if ((t == SCALAR_VALUE || t == PTR_TO_STACK) && tnum_is_const(reg->var_off)) {
		/* reg->off should be 0 for SCALAR_VALUE */
		verbose(env, "%lld", (long long)(reg->var_off.value + reg->off));
		return;
	}
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

void print_verifier_state(struct bpf_verifier_env *env,
			  const struct bpf_func_state *state)
{
	const struct bpf_reg_state *reg;
	int i, j;

	if (state->frameno)
		verbose(env, " frame%d:", state->frameno);
	for (i = 0; i < MAX_BPF_REG; i++) {
		reg = &state->regs[i];
		if (reg->type == NOT_INIT)
			continue;
		verbose(env, " R%d", i);
		print_liveness(env, reg->live);
		print_reg(env, reg);
	}
	for (i = 0; i < state->allocated_stack / BPF_REG_SIZE; i++) {
		char types_buf[BPF_REG_SIZE + 1];
		bool valid = false;

		for (j = 0; j < BPF_REG_SIZE; j++) {
			if (state->stack[i].slot_type[j] != STACK_INVALID)
				valid = true;
			types_buf[j] = slot_type_char[state->stack[i].slot_type[j]];
		}
		types_buf[BPF_REG_SIZE] = 0;
		if (!valid)
			continue;
		verbose(env, " fp%d", (-i - 1) * BPF_REG_SIZE);
		print_liveness(env, state->stack[i].spilled_ptr.live);
		if (state->stack[i].slot_type[0] == STACK_SPILL) {
			reg = &state->stack[i].spilled_ptr;
			verbose(env, "=%s", reg_type_str[reg->type]);
			if (reg->type == SCALAR_VALUE && reg->precise)
				verbose(env, "P");
			if (reg->type == SCALAR_VALUE && tnum_is_const(reg->var_off))
				verbose(env, "%lld", (long long)(reg->var_off.value + reg->off));
		} else {
			verbose(env, "=%s", types_buf);
		}
	}
	if (state->acquired_refs && state->refs[0].id) {
		verbose(env, " refs=%d", state->refs[0].id);
		for (i = 1; i < state->acquired_refs; i++)
			if (state->refs[i].id)
				verbose(env, ",%d", state->refs[i].id);
	}
	verbose(env, "\n");
}
