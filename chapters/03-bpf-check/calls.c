// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: check_func_call(), prepare_func_exit(),
 * check_func_arg(), check_helper_call(), Linux v5.8; written afresh.
 *
 * Two kinds of call. A bpf-to-bpf call (src_reg = BPF_PSEUDO_CALL) opens a
 * new frame: the callee sees r1..r5 and its own r10, the caller's r0..r5
 * are clobbered, and the walk continues inside the callee. A helper call
 * (src_reg = 0, imm = helper id) is checked against the helper's
 * prototype: each argument register must hold what the helper reads, and
 * afterwards r1..r5 are clobbered and r0 holds the (unknown) result.
 */
#include <stdlib.h>

#include "internal.h"
#include "disasm.h"		/* func_id_name() */

/* v5.8's func_id_name(): ids past its last helper have no name. */
static const char *func_id_name_v58(int id)
{
	return id >= 0 && id < BPF_FUNC_MAX_ID_V58 ? func_id_name(id) : "unknown";
}

static const int caller_saved[CALLER_SAVED_REGS] = {
	BPF_REG_0, BPF_REG_1, BPF_REG_2, BPF_REG_3, BPF_REG_4, BPF_REG_5
};

__weak int check_func_call(struct bpf_verifier_env *env, struct bpf_insn *insn,
		    int *insn_idx)
{
	struct bpf_verifier_state *state = env->cur_state;
	struct bpf_func_state *caller, *callee;
	int i, err, subprog, target_insn;

	if (state->curframe + 1 >= MAX_CALL_FRAMES) {
		verbose(env, "the call stack of %d frames is too deep\n",
			state->curframe + 2);
		return -E2BIG;
	}

	target_insn = *insn_idx + insn->imm;
	subprog = find_subprog(env, target_insn + 1);
	if (subprog < 0) {
		verbose(env, "verifier bug. No program starts at insn %d\n",
			target_insn + 1);
		return -EFAULT;
	}

	caller = state->frame[state->curframe];
	if (state->frame[state->curframe + 1]) {
		verbose(env, "verifier bug. Frame %d already allocated\n",
			state->curframe + 1);
		return -EFAULT;
	}

	callee = calloc(1, sizeof(*callee));
	if (!callee)
		return -ENOMEM;
	state->frame[state->curframe + 1] = callee;

	/* callee cannot access r0, r6 - r9 for reading and has to write
	 * into its own stack before reading from it.
	 * callee can read/write into caller's stack
	 */
	init_func_state(env, callee,
			/* remember the callsite, it will be used by bpf_exit */
			*insn_idx /* callsite */,
			state->curframe + 1 /* frameno within this callchain */,
			subprog /* subprog number within this prog */);

	/* copy r1 - r5 args that callee can access.  The copy includes parent
	 * pointers, which connects us up to the liveness chain
	 */
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		callee->regs[i] = caller->regs[i];

	/* after the call registers r0 - r5 were scratched */
	for (i = 0; i < CALLER_SAVED_REGS; i++) {
		mark_reg_not_init(env, caller->regs, caller_saved[i]);
		err = check_reg_arg(env, caller_saved[i], DST_OP_NO_MARK);
		if (err)
			return err;
	}

	/* only increment it after check_reg_arg() finished */
	state->curframe++;
	err = check_path_stack_depth(env);
	if (err)
		return err;

	/* and go analyze first insn of the callee */
	*insn_idx = target_insn;

	if (env->log.level & BPF_LOG_LEVEL) {
		verbose(env, "caller:\n");
		print_verifier_state(env, caller);
		verbose(env, "callee:\n");
		print_verifier_state(env, callee);
	}
	return 0;
}

__weak int prepare_func_exit(struct bpf_verifier_env *env, int *insn_idx)
{
	struct bpf_verifier_state *state = env->cur_state;
	struct bpf_func_state *caller, *callee;
	struct bpf_reg_state *r0;

	callee = state->frame[state->curframe];
	r0 = &callee->regs[BPF_REG_0];
	if (r0->type == PTR_TO_STACK) {
		/* technically it's ok to return caller's stack pointer
		 * (or caller's caller's pointer) back to the caller,
		 * since these pointers are valid. Only current stack
		 * pointer will be invalid as soon as function exits,
		 * but let's be conservative
		 */
		verbose(env, "cannot return stack pointer to the caller\n");
		return -EINVAL;
	}

	state->curframe--;
	caller = state->frame[state->curframe];
	/* return to the caller whatever r0 had in the callee */
	caller->regs[BPF_REG_0] = *r0;

	*insn_idx = callee->callsite + 1;
	if (env->log.level & BPF_LOG_LEVEL) {
		verbose(env, "returning from callee:\n");
		print_verifier_state(env, callee);
		verbose(env, "to caller at %d:\n", *insn_idx);
		print_verifier_state(env, caller);
	}
	/* clear everything in the callee */
	free_func_state(callee);
	state->frame[state->curframe + 1] = NULL;
	return 0;
}

const struct bpf_func_proto *get_helper_proto(struct bpf_verifier_env *env,
					      int func_id)
{
	if (!bpf_func_id_known(func_id) || !env->ops->get_func_proto)
		return NULL;
	return env->ops->get_func_proto(func_id, env->prog);
}

static bool arg_type_is_mem_size(enum bpf_arg_type type)
{
	return type == ARG_CONST_SIZE || type == ARG_CONST_SIZE_OR_ZERO;
}

static int check_func_arg(struct bpf_verifier_env *env, u32 arg,
			  const struct bpf_func_proto *fn)
{
	static const enum bpf_arg_type none = ARG_DONTCARE;
	const enum bpf_arg_type *types[] = { &fn->arg1_type, &fn->arg2_type,
					     &fn->arg3_type, &fn->arg4_type,
					     &fn->arg5_type, &none };
	enum bpf_arg_type arg_type = *types[arg];
	u32 regno = BPF_REG_1 + arg;
	struct bpf_reg_state *regs = cur_regs(env), *reg = &regs[regno];
	enum bpf_reg_type expected_type, type;
	int err;

	if (arg_type == ARG_DONTCARE)
		return 0;

	err = check_reg_arg(env, regno, SRC_OP);
	if (err)
		return err;

	if (arg_type == ARG_ANYTHING) {
		if (is_pointer_value(env, regno)) {
			verbose(env, "R%d leaks addr into helper function\n", regno);
			return -EACCES;
		}
		return 0;
	}

	type = reg->type;
	if (arg_type == ARG_PTR_TO_MEM) {
		/* stack, or (later) packet or map value */
		expected_type = PTR_TO_STACK;
		if (type != expected_type)
			goto err_type;
		/* The memory itself is checked with the size argument
		 * that must follow it (check_func_proto() made sure).
		 */
		if (!arg_type_is_mem_size(*types[arg + 1])) {
			verbose(env, "kernel subsystem misconfigured verifier\n");
			return -EFAULT;
		}
	} else if (arg_type_is_mem_size(arg_type)) {
		bool zero_size_allowed = arg_type == ARG_CONST_SIZE_OR_ZERO;

		expected_type = SCALAR_VALUE;
		if (type != expected_type)
			goto err_type;

		/* The register is SCALAR_VALUE; the access check
		 * happens using its boundaries.
		 */
		if (reg->smin_value < 0) {
			verbose(env, "R%d min value is negative, either use unsigned or 'var &= const'\n",
				regno);
			return -EACCES;
		}

		if (reg->umin_value == 0) {
			err = check_stack_boundary(env, regno - 1, 0,
						   zero_size_allowed, NULL);
			if (err)
				return err;
		}

		if (reg->umax_value >= BPF_MAX_VAR_SIZ) {
			verbose(env, "R%d unbounded memory access, use 'var &= const' or 'if (var < const)'\n",
				regno);
			return -EACCES;
		}
		err = check_stack_boundary(env, regno - 1, reg->umax_value,
					   zero_size_allowed, NULL);
	} else if (arg_type == ARG_PTR_TO_CTX) {
		expected_type = PTR_TO_CTX;
		if (type != expected_type)
			goto err_type;
		if (reg->off || !tnum_is_const(reg->var_off) || reg->var_off.value) {
			verbose(env, "dereference of modified ctx ptr R%d off=%d disallowed\n",
				regno, reg->off);
			return -EACCES;
		}
	} else {
		verbose(env, "unsupported arg_type %d\n", arg_type);
		return -EFAULT;
	}
	return err;

err_type:
	verbose(env, "R%d type=%s expected=%s\n", regno,
		reg_type_str[type], reg_type_str[expected_type]);
	return -EACCES;
}

__weak int check_helper_call(struct bpf_verifier_env *env, int func_id, int insn_idx)
{
	const struct bpf_func_proto *fn = NULL;
	struct bpf_reg_state *regs;
	int i, err;

	(void)insn_idx;
	/* find function prototype */
	if (!bpf_func_id_known(func_id)) {
		verbose(env, "invalid func %s#%d\n", func_id_name_v58(func_id), func_id);
		return -EINVAL;
	}

	fn = get_helper_proto(env, func_id);
	if (!fn) {
		verbose(env, "unknown func %s#%d\n", func_id_name(func_id), func_id);
		return -EINVAL;
	}

	/* eBPF programs must be GPL compatible to use GPL-ed functions */
	if (!env->prog->gpl_compatible && fn->gpl_only) {
		verbose(env, "cannot call GPL-restricted function from non-GPL compatible program\n");
		return -EINVAL;
	}

	/* check args */
	for (i = 0; i < 5; i++) {
		err = check_func_arg(env, i, fn);
		if (err)
			return err;
	}

	regs = cur_regs(env);

	/* reset caller saved regs */
	for (i = 0; i < CALLER_SAVED_REGS; i++) {
		mark_reg_not_init(env, regs, caller_saved[i]);
		check_reg_arg(env, caller_saved[i], DST_OP_NO_MARK);
	}

	/* update return register (already marked as written above) */
	if (fn->ret_type == RET_INTEGER) {
		/* sets type to SCALAR_VALUE */
		mark_reg_unknown(env, regs, BPF_REG_0);
	} else if (fn->ret_type == RET_VOID) {
		regs[BPF_REG_0].type = NOT_INIT;
	} else {
		verbose(env, "unknown return type %d of func %s#%d\n",
			fn->ret_type, func_id_name(func_id), func_id);
		return -EINVAL;
	}
	return 0;
}
