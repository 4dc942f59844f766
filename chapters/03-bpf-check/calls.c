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
#include <string.h>

#include "internal.h"
#include "disasm.h"		/* func_id_name() */

/* v5.8's func_id_name(): ids past its last helper have no name. */
static const char *func_id_name_v58(int id)
{
	return id >= 0 && id < BPF_FUNC_MAX_ID_V58 ? func_id_name(id) : "unknown";
}

/*
 * r0..r5 belong to the callee, whether a helper or a function of the
 * program: after the call the caller can read none of them until it
 * writes it again. (The marks land in the current frame, the caller's.)
 */
static int scratch_caller_saved(struct bpf_verifier_env *env)
{
	struct bpf_reg_state *regs = cur_regs(env);
	int r, err;

	for (r = BPF_REG_0; r < BPF_REG_0 + CALLER_SAVED_REGS; r++) {
		mark_reg_not_init(env, regs, r);
		err = check_reg_arg(env, r, DST_OP_NO_MARK);
		if (err)
			return err;
	}
	return 0;
}

__weak int check_func_call(struct bpf_verifier_env *env, struct bpf_insn *insn,
			    int *insn_idx)
{
	struct bpf_verifier_state *st = env->cur_state;
	int depth = st->curframe;			/* the caller's frame */
	int entry = *insn_idx + insn->imm + 1;	/* the callee's first insn */
	struct bpf_func_state *caller, *callee;
	int func, err;

	if (depth + 1 >= MAX_CALL_FRAMES) {
		verbose(env, "the call stack of %d frames is too deep\n",
			depth + 2);
		return -E2BIG;
	}
	func = find_subprog(env, entry);
	if (func < 0) {
		verbose(env, "verifier bug. No program starts at insn %d\n",
			entry);
		return -EFAULT;
	}
	if (st->frame[depth + 1]) {
		verbose(env, "verifier bug. Frame %d already allocated\n",
			depth + 1);
		return -EFAULT;
	}

	caller = st->frame[depth];
	callee = calloc(1, sizeof(*callee));
	if (!callee)
		return -ENOMEM;
	st->frame[depth + 1] = callee;
	/*
	 * A fresh frame: its own r10 and a stack it must write before it
	 * reads. It keeps the call site, where its exit returns to.
	 */
	init_func_state(env, callee, *insn_idx, depth + 1, func);
	/*
	 * The arguments pass by copy, parentage included, so that a read of
	 * r1..r5 in the callee counts, for liveness, as a read in the caller.
	 */
	memcpy(&callee->regs[BPF_REG_1], &caller->regs[BPF_REG_1],
	       (BPF_REG_5 - BPF_REG_1 + 1) * sizeof(callee->regs[0]));

	/* scratched before the frame switch, so in the caller's registers */
	err = scratch_caller_saved(env);
	if (err)
		return err;
	st->curframe++;
	err = check_path_stack_depth(env);
	if (err)
		return err;

	*insn_idx = entry - 1;	/* the walk steps on to the callee's entry */
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
	struct bpf_verifier_state *st = env->cur_state;
	struct bpf_func_state *callee = st->frame[st->curframe];
	struct bpf_func_state *caller;

	/*
	 * The callee's stack dies with its frame. A pointer into some
	 * caller's stack would still be good, but v5.8 refuses every stack
	 * pointer here: the simpler rule, and no program needs more.
	 */
	if (callee->regs[BPF_REG_0].type == PTR_TO_STACK) {
		verbose(env, "cannot return stack pointer to the caller\n");
		return -EINVAL;
	}

	st->curframe--;
	caller = st->frame[st->curframe];
	/* the result comes back with all that is known of it */
	caller->regs[BPF_REG_0] = callee->regs[BPF_REG_0];
	*insn_idx = callee->callsite + 1;
	if (env->log.level & BPF_LOG_LEVEL) {
		verbose(env, "returning from callee:\n");
		print_verifier_state(env, callee);
		verbose(env, "to caller at %d:\n", *insn_idx);
		print_verifier_state(env, caller);
	}
	free_func_state(callee);
	st->frame[st->curframe + 1] = NULL;
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

/* The type of argument @arg (0 for r1); none past the fifth. */
static enum bpf_arg_type arg_type_of(const struct bpf_func_proto *fn, u32 arg)
{
	switch (arg) {
	case 0: return fn->arg1_type;
	case 1: return fn->arg2_type;
	case 2: return fn->arg3_type;
	case 3: return fn->arg4_type;
	case 4: return fn->arg5_type;
	default: return ARG_DONTCARE;
	}
}

static int arg_type_mismatch(struct bpf_verifier_env *env, u32 regno,
			     enum bpf_reg_type type, enum bpf_reg_type expected)
{
	verbose(env, "R%d type=%s expected=%s\n", regno,
		reg_type_str[type], reg_type_str[expected]);
	return -EACCES;
}

/*
 * A size argument: a scalar, and the memory argument in the register
 * before it must be accessible over the whole of its range. A size that
 * may be zero must be allowed to be zero.
 */
static int check_mem_size_arg(struct bpf_verifier_env *env, u32 regno,
			      const struct bpf_reg_state *reg,
			      bool zero_size_allowed)
{
	int err;

	if (reg->type != SCALAR_VALUE)
		return arg_type_mismatch(env, regno, reg->type, SCALAR_VALUE);
	if (reg->smin_value < 0) {
		verbose(env, "R%d min value is negative, either use unsigned or 'var &= const'\n",
			regno);
		return -EACCES;
	}
	/* zero in the range: the call that accesses nothing must be allowed */
	err = reg->umin_value ? 0 :
	      check_stack_boundary(env, regno - 1, 0, zero_size_allowed, NULL);
	if (err)
		return err;
	/* a bounded size: the largest it can be decides */
	if (reg->umax_value < BPF_MAX_VAR_SIZ)
		return check_stack_boundary(env, regno - 1, reg->umax_value,
					    zero_size_allowed, NULL);
	verbose(env, "R%d unbounded memory access, use 'var &= const' or 'if (var < const)'\n",
		regno);
	return -EACCES;
}

static int check_func_arg(struct bpf_verifier_env *env, u32 arg,
			  const struct bpf_func_proto *fn)
{
	enum bpf_arg_type arg_type = arg_type_of(fn, arg);
	u32 regno = BPF_REG_1 + arg;
	struct bpf_reg_state *reg = &cur_regs(env)[regno];
	int err;

	if (arg_type == ARG_DONTCARE)
		return 0;
	err = check_reg_arg(env, regno, SRC_OP);
	if (err)
		return err;

	switch (arg_type) {
	case ARG_ANYTHING:
		if (is_pointer_value(env, regno)) {
			verbose(env, "R%d leaks addr into helper function\n", regno);
			return -EACCES;
		}
		return 0;
	case ARG_PTR_TO_MEM:
		/* the stack only, here; packets and map values come later */
		if (reg->type != PTR_TO_STACK)
			return arg_type_mismatch(env, regno, reg->type, PTR_TO_STACK);
		/*
		 * The access is checked with the size, which must come next
		 * (check_func_proto() made sure of it when the helper was
		 * added).
		 */
		if (!arg_type_is_mem_size(arg_type_of(fn, arg + 1))) {
			verbose(env, "kernel subsystem misconfigured verifier\n");
			return -EFAULT;
		}
		return 0;
	case ARG_CONST_SIZE:
	case ARG_CONST_SIZE_OR_ZERO:
		return check_mem_size_arg(env, regno, reg,
					  arg_type == ARG_CONST_SIZE_OR_ZERO);
	case ARG_PTR_TO_CTX:
		if (reg->type != PTR_TO_CTX)
			return arg_type_mismatch(env, regno, reg->type, PTR_TO_CTX);
		/* the helper gets the context itself, never a field of it */
		if (reg->off || !tnum_is_const(reg->var_off) || reg->var_off.value) {
			verbose(env, "dereference of modified ctx ptr R%d off=%d disallowed\n",
				regno, reg->off);
			return -EACCES;
		}
		return 0;
	default:
		verbose(env, "unsupported arg_type %d\n", arg_type);
		return -EFAULT;
	}
}

__weak int check_helper_call(struct bpf_verifier_env *env, int func_id, int insn_idx)
{
	struct bpf_reg_state *regs = cur_regs(env);
	const struct bpf_func_proto *fn;
	u32 arg;
	int err;

	(void)insn_idx;
	if (!bpf_func_id_known(func_id)) {
		verbose(env, "invalid func %s#%d\n", func_id_name_v58(func_id), func_id);
		return -EINVAL;
	}
	fn = get_helper_proto(env, func_id);
	if (!fn) {
		verbose(env, "unknown func %s#%d\n", func_id_name(func_id), func_id);
		return -EINVAL;
	}
	/* a GPL-only helper is closed to a program under another licence */
	if (fn->gpl_only && !env->prog->gpl_compatible) {
		verbose(env, "cannot call GPL-restricted function from non-GPL compatible program\n");
		return -EINVAL;
	}
	for (arg = 0; arg < 5; arg++) {
		err = check_func_arg(env, arg, fn);
		if (err)
			return err;
	}

	err = scratch_caller_saved(env);
	if (err)
		return err;
	/* r0 was marked written above; now say what it holds */
	switch (fn->ret_type) {
	case RET_INTEGER:
		mark_reg_unknown(env, regs, BPF_REG_0);
		return 0;
	case RET_VOID:
		regs[BPF_REG_0].type = NOT_INIT;
		return 0;
	default:
		verbose(env, "unknown return type %d of func %s#%d\n",
			fn->ret_type, func_id_name(func_id), func_id);
		return -EINVAL;
	}
}
