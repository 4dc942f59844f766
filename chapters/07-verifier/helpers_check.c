// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: arg_type_is_mem_ptr(),
 * arg_type_is_mem_size(), arg_type_is_int_ptr(), int_ptr_type_to_size(),
 * check_func_arg(), check_raw_mode_ok(), check_arg_pair_ok(),
 * check_refcount_ok(), check_func_proto(), is_release_function(),
 * is_acquire_function(), is_ptr_cast_function(), do_refine_retval_range()
 * and check_helper_call(), Linux v5.8; written afresh.
 *
 * A helper's prototype says what each argument must be (enum bpf_arg_type)
 * and what it returns (enum bpf_return_type), and check_helper_call()
 * holds the call to it:
 *
 *   ARG_PTR_TO_MEM + ARG_CONST_SIZE   a pointer to that many readable
 *                                     bytes (stack, packet, map value), the
 *                                     size a bounded scalar: its maximum is
 *                                     what is checked
 *   ARG_PTR_TO_UNINIT_MEM             the same, written by the helper: the
 *                                     bytes need not be initialized, and are
 *                                     after the call
 *   ARG_PTR_TO_CTX                    the context, unmodified
 *   ARG_PTR_TO_SOCK_COMMON            any socket pointer (its reference, if
 *                                     any, is what a release releases)
 *   ARG_ANYTHING                      any initialized value, but no pointer
 *                                     for an unprivileged loader
 *
 * and the return value becomes a scalar, NULL-or-pointer with a fresh id
 * (and a reference, for sk_lookup), or nothing. A helper that may change
 * the packet (pull, push, adjust) invalidates every packet pointer.
 */
#include "verifier.h"
#include "disasm.h"		/* func_id_name() */

/* A pointer to memory the helper reads or writes; the size that follows it. */
static bool arg_type_is_mem_ptr(enum bpf_arg_type type)
{
	switch (type) {
	case ARG_PTR_TO_MEM:
	case ARG_PTR_TO_MEM_OR_NULL:
	case ARG_PTR_TO_UNINIT_MEM:
		return true;
	default:
		return false;
	}
}

static bool arg_type_is_mem_size(enum bpf_arg_type type)
{
	return type == ARG_CONST_SIZE_OR_ZERO || type == ARG_CONST_SIZE;
}

/* A pointer to an int or a long the helper writes. */
static bool arg_type_is_int_ptr(enum bpf_arg_type type)
{
	return type == ARG_PTR_TO_LONG || type == ARG_PTR_TO_INT;
}

static int int_ptr_type_to_size(enum bpf_arg_type type)
{
	switch (type) {
	case ARG_PTR_TO_INT:
		return sizeof(u32);
	case ARG_PTR_TO_LONG:
		return sizeof(u64);
	default:
		return -EINVAL;
	}
}

static enum bpf_arg_type arg_type_of(const struct bpf_func_proto *fn, int arg)
{
	const enum bpf_arg_type types[5] = { fn->arg1_type, fn->arg2_type, fn->arg3_type,
					     fn->arg4_type, fn->arg5_type };

	return types[arg];
}

/* Memory a helper may be handed: the stack, the packet, a map value, and,
 * where with_mem, a helper's own allocation (PTR_TO_MEM).
 */
static bool is_buffer_type(enum bpf_reg_type type, bool with_mem)
{
	return type == PTR_TO_STACK || type_is_pkt_pointer(type) ||
	       type == PTR_TO_MAP_VALUE || (with_mem && type == PTR_TO_MEM);
}

/* The reference an argument holds is the one a release helper gives
 * back: one per call.
 */
static int note_arg_ref(struct bpf_verifier_env *env, u32 regno,
			const struct bpf_reg_state *reg, struct bpf_call_arg_meta *meta)
{
	if (meta->ref_obj_id) {
		verbose(env, "verifier internal error: more than one arg with ref_obj_id R%d %u %u\n",
			regno, reg->ref_obj_id, meta->ref_obj_id);
		return -EFAULT;
	}
	meta->ref_obj_id = reg->ref_obj_id;
	return 0;
}

/*
 * May the register, as its type is, be passed for arg_type? If not, the
 * message names the type an argument of that kind usually is (a buffer
 * is "expected" on the stack). The context must be as the program got it;
 * a socket's reference is noted, as the one a release helper releases.
 */
static int check_arg_reg_type(struct bpf_verifier_env *env, u32 regno,
			      enum bpf_arg_type arg_type, struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = &cur_regs(env)[regno];
	enum bpf_reg_type type = reg->type, expected;
	bool is_null = register_is_null(reg), ok = false;
	int err;

	switch (arg_type) {
	case ARG_PTR_TO_MAP_KEY:
	case ARG_PTR_TO_MAP_VALUE:
	case ARG_PTR_TO_UNINIT_MAP_VALUE:
	case ARG_PTR_TO_MAP_VALUE_OR_NULL:
		/* NULL, where allowed, is checked in check_stack_boundary() */
		expected = PTR_TO_STACK;
		ok = (is_null && arg_type == ARG_PTR_TO_MAP_VALUE_OR_NULL) ||
		     is_buffer_type(type, false);
		break;
	case ARG_CONST_SIZE:
	case ARG_CONST_SIZE_OR_ZERO:
	case ARG_CONST_ALLOC_SIZE_OR_ZERO:
		expected = SCALAR_VALUE;
		ok = type == expected;
		break;
	case ARG_CONST_MAP_PTR:
		expected = CONST_PTR_TO_MAP;
		ok = type == expected;
		break;
	case ARG_PTR_TO_CTX:
	case ARG_PTR_TO_CTX_OR_NULL:
		expected = PTR_TO_CTX;
		if (is_null && arg_type == ARG_PTR_TO_CTX_OR_NULL)
			return 0;
		if (type != expected)
			break;
		err = check_ctx_reg(env, reg, regno);
		return err < 0 ? err : 0;
	case ARG_PTR_TO_SOCK_COMMON:
		/* any socket pointer will do */
		expected = PTR_TO_SOCK_COMMON;
		if (!type_is_sk_pointer(type))
			break;
		return reg->ref_obj_id ? note_arg_ref(env, regno, reg, meta) : 0;
	case ARG_PTR_TO_ALLOC_MEM:
	case ARG_PTR_TO_ALLOC_MEM_OR_NULL:
		/* a ring buffer record, for bpf_ringbuf_submit() or _discard() */
		expected = PTR_TO_MEM;
		if (!(is_null && arg_type == ARG_PTR_TO_ALLOC_MEM_OR_NULL) && type != expected)
			break;
		/*
		 * The record's header is found from the pointer: it must be
		 * the one reserve returned (Linux 5.18; v5.8 took any offset).
		 */
		if (type == PTR_TO_MEM && (reg->off || !tnum_is_const(reg->var_off) ||
					   reg->var_off.value)) {
			verbose(env, "R%d must have zero offset when passed to release func\n",
				regno);
			return -EINVAL;
		}
		return note_arg_ref(env, regno, reg, meta);
	case ARG_PTR_TO_SOCKET:
		expected = PTR_TO_SOCKET;
		ok = type == expected;
		break;
	case ARG_PTR_TO_MEM:
	case ARG_PTR_TO_MEM_OR_NULL:
	case ARG_PTR_TO_UNINIT_MEM:
		expected = PTR_TO_STACK;
		if (!(is_null && arg_type == ARG_PTR_TO_MEM_OR_NULL) && !is_buffer_type(type, true))
			break;
		/* raw mode: the helper fills the memory in */
		meta->raw_mode = arg_type == ARG_PTR_TO_UNINIT_MEM;
		return 0;
	case ARG_PTR_TO_INT:
	case ARG_PTR_TO_LONG:
		expected = PTR_TO_STACK;
		ok = is_buffer_type(type, false);
		break;
	default:
		verbose(env, "unsupported arg_type %d\n", arg_type);
		return -EFAULT;
	}
	if (ok)
		return 0;
	verbose(env, "R%d type=%s expected=%s\n", regno,
		reg_type_str[type], reg_type_str[expected]);
	return -EACCES;
}

/*
 * The memory behind a pointer argument, now its type is right: a map's
 * key or value (their sizes come with the map argument, which comes
 * first), the buffer a size argument sizes (the register before it), an
 * int or long.
 *
 * A size is checked at its largest; a size that may be 0 also at 0. The
 * largest is what the helper may return at most (do_refine_retval_range()).
 * A size not known exactly turns raw mode off: the program must initialize
 * all the memory the helper may leave partly unwritten. The size decides
 * safety, so it is made precise.
 */
static int check_arg_memory(struct bpf_verifier_env *env, u32 regno,
			    enum bpf_arg_type arg_type, struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = &cur_regs(env)[regno];
	bool zero_size_allowed = arg_type == ARG_CONST_SIZE_OR_ZERO;
	int size, err;

	if (arg_type == ARG_CONST_MAP_PTR) {
		meta->map_ptr = reg->map_ptr;
		return 0;
	}
	if (arg_type == ARG_PTR_TO_MAP_KEY) {
		if (!meta->map_ptr) {
			verbose(env, "invalid map_ptr to access map->key\n");
			return -EACCES;
		}
		return check_helper_mem_access(env, regno, meta->map_ptr->key_size, false, NULL);
	}
	if (arg_type == ARG_PTR_TO_MAP_VALUE || arg_type == ARG_PTR_TO_UNINIT_MAP_VALUE ||
	    (arg_type == ARG_PTR_TO_MAP_VALUE_OR_NULL && !register_is_null(reg))) {
		if (!meta->map_ptr) {
			verbose(env, "invalid map_ptr to access map->value\n");
			return -EACCES;
		}
		meta->raw_mode = arg_type == ARG_PTR_TO_UNINIT_MAP_VALUE;
		return check_helper_mem_access(env, regno, meta->map_ptr->value_size, false, meta);
	}
	if (arg_type == ARG_CONST_ALLOC_SIZE_OR_ZERO) {
		if (!tnum_is_const(reg->var_off)) {
			verbose(env, "R%d unbounded size, use 'var &= const' or 'if (var < const)'\n",
				regno);
			return -EACCES;
		}
		/*
		 * The size of a ring buffer record decides what the program
		 * may touch in it: a state with another size must not prune
		 * this one. v5.8 did not mark it; 6.1 does (the selftest
		 * "precise: mark_chain_precision for ARG_CONST_ALLOC_SIZE_OR_ZERO").
		 */
		meta->mem_size = reg->var_off.value;
		return mark_chain_precision(env, regno);
	}
	if (arg_type_is_mem_size(arg_type)) {
		u64 smallest = reg->umin_value, largest = reg->umax_value;

		meta->msize_max_value = largest;
		if (reg->smin_value < 0) {
			verbose(env, "R%d min value is negative, either use unsigned or 'var &= const'\n",
				regno);
			return -EACCES;
		}
		if (!tnum_is_const(reg->var_off))
			meta = NULL;
		/* the buffer is the argument before this one */
		err = smallest ? 0 : check_helper_mem_access(env, regno - 1, 0, zero_size_allowed,
							     meta);
		if (err)
			return err;
		if (largest >= BPF_MAX_VAR_SIZ) {
			verbose(env, "R%d unbounded memory access, use 'var &= const' or 'if (var < const)'\n",
				regno);
			return -EACCES;
		}
		return check_helper_mem_access(env, regno - 1, largest, zero_size_allowed, meta) ?:
		       mark_chain_precision(env, regno);
	}
	if (arg_type_is_int_ptr(arg_type)) {
		size = int_ptr_type_to_size(arg_type);
		return check_helper_mem_access(env, regno, size, false, meta) ?:
		       check_ptr_alignment(env, reg, 0, size, true);
	}
	return 0;
}

/*
 * One argument, r1..r5: unused (ARG_DONTCARE), any initialized value
 * (ARG_ANYTHING, but no address the loader may not see), or a pointer or
 * size of the right kind with the memory behind it.
 */
static int check_func_arg(struct bpf_verifier_env *env, u32 regno,
			  enum bpf_arg_type arg_type, struct bpf_call_arg_meta *meta)
{
	enum bpf_reg_type type = cur_regs(env)[regno].type;
	int err;

	/* an unused argument is not even read */
	err = arg_type == ARG_DONTCARE ? 0 : check_reg_arg(env, regno, SRC_OP);
	if (err || arg_type == ARG_DONTCARE)
		return err;
	if (arg_type == ARG_ANYTHING) {
		if (!is_pointer_value(env, regno))
			return 0;
		verbose(env, "R%d leaks addr into helper function\n", regno);
		return -EACCES;
	}
	/* a packet only for a helper, and a program type, that may read it */
	if (type_is_pkt_pointer(type) && !may_access_direct_pkt_data(env, meta, BPF_READ)) {
		verbose(env, "helper access to the packet is not allowed\n");
		return -EACCES;
	}
	return check_arg_reg_type(env, regno, arg_type, meta) ?:
	       check_arg_memory(env, regno, arg_type, meta);
}

/* Prototypes the verifier can hold a call to: at most one argument the
 * helper fills in (raw mode)...
 */
static bool check_raw_mode_ok(const struct bpf_func_proto *fn)
{
	int i, raw = 0;

	for (i = 0; i < 5; i++)
		raw += arg_type_of(fn, i) == ARG_PTR_TO_UNINIT_MEM;
	return raw <= 1;
}

/* ... every buffer argument followed by its size, and every size
 * preceded by its buffer ...
 */
static bool check_args_pair_invalid(enum bpf_arg_type arg_curr, enum bpf_arg_type arg_next)
{
	return arg_type_is_mem_ptr(arg_curr) != arg_type_is_mem_size(arg_next);
}

static bool check_arg_pair_ok(const struct bpf_func_proto *fn)
{
	int i;

	if (arg_type_is_mem_size(fn->arg1_type) || arg_type_is_mem_ptr(fn->arg5_type))
		return false;
	for (i = 0; i < 4; i++)
		if (check_args_pair_invalid(arg_type_of(fn, i), arg_type_of(fn, i + 1)))
			return false;
	return true;
}

/* The helpers that give back a reference, take one, and derive a pointer
 * that shares one.
 */
static bool is_release_function(enum bpf_func_id func_id)
{
	switch (func_id) {
	case BPF_FUNC_sk_release:
	case BPF_FUNC_ringbuf_submit:
	case BPF_FUNC_ringbuf_discard:
		return true;
	default:
		return false;
	}
}

static bool is_acquire_function(enum bpf_func_id func_id, const struct bpf_map *map)
{
	switch (func_id) {
	case BPF_FUNC_sk_lookup_tcp:
	case BPF_FUNC_sk_lookup_udp:
	case BPF_FUNC_skc_lookup_tcp:
	case BPF_FUNC_ringbuf_reserve:
		return true;
	case BPF_FUNC_map_lookup_elem:
		/* a sockmap's element is a socket, with its reference */
		return map && (map->map_type == BPF_MAP_TYPE_SOCKMAP ||
			       map->map_type == BPF_MAP_TYPE_SOCKHASH);
	default:
		return false;
	}
}

static bool is_ptr_cast_function(enum bpf_func_id func_id)
{
	return func_id == BPF_FUNC_sk_fullsock || func_id == BPF_FUNC_tcp_sock;
}

/* ... and at most one socket argument, none for a helper that acquires. */
static bool check_refcount_ok(const struct bpf_func_proto *fn, int func_id)
{
	int i, sockets = 0;

	for (i = 0; i < 5; i++)
		sockets += arg_type_of(fn, i) == ARG_PTR_TO_SOCK_COMMON;
	if (sockets && is_acquire_function(func_id, NULL))
		return false;
	return sockets <= 1;
}

static int check_func_proto(const struct bpf_func_proto *fn, int func_id)
{
	if (!check_raw_mode_ok(fn) || !check_arg_pair_ok(fn) || !check_refcount_ok(fn, func_id))
		return -EINVAL;
	return 0;
}

/* A helper that returns at most the size it was given (get_stack, the
 * probe_read_str family): r0 is then at most that size, or an error.
 */
static void do_refine_retval_range(struct bpf_reg_state *regs, int ret_type, int func_id,
				   const struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *r0 = &regs[BPF_REG_0];

	if (ret_type != RET_INTEGER)
		return;
	switch (func_id) {
	case BPF_FUNC_get_stack:
	case BPF_FUNC_probe_read_str:
	case BPF_FUNC_probe_read_kernel_str:
	case BPF_FUNC_probe_read_user_str:
		break;
	default:
		return;
	}
	r0->smin_value = -MAX_ERRNO;
	r0->smax_value = (s64)meta->msize_max_value;
	r0->s32_min_value = -MAX_ERRNO;
	r0->s32_max_value = (s32)meta->msize_max_value;
	reg_bounds_sync(r0);
}

/*
 * r0 after the call, as the prototype's return type says (r0-r5 are
 * already unreadable and written): a number, nothing, or a pointer at
 * offset 0 with an id, for the NULL check its _OR_NULL type requires (and
 * for a map value holding a spin lock, to pair lock and unlock).
 */
static int mark_helper_retval(struct bpf_verifier_env *env, struct bpf_reg_state *regs,
			      const struct bpf_func_proto *fn,
			      const struct bpf_call_arg_meta *meta, int func_id)
{
	struct bpf_reg_state *r0 = &regs[BPF_REG_0];
	enum bpf_reg_type type;

	switch (fn->ret_type) {
	case RET_INTEGER:
		mark_reg_unknown(env, regs, BPF_REG_0);
		return 0;
	case RET_VOID:
		r0->type = NOT_INIT;
		return 0;
	case RET_PTR_TO_MAP_VALUE:
	case RET_PTR_TO_MAP_VALUE_OR_NULL:
		mark_reg_known_zero(env, regs, BPF_REG_0);
		/* the map argument says how large the value is */
		if (!meta->map_ptr) {
			verbose(env, "kernel subsystem misconfigured verifier\n");
			return -EINVAL;
		}
		r0->map_ptr = meta->map_ptr;
		r0->type = fn->ret_type == RET_PTR_TO_MAP_VALUE ? PTR_TO_MAP_VALUE
							       : PTR_TO_MAP_VALUE_OR_NULL;
		if (fn->ret_type == RET_PTR_TO_MAP_VALUE_OR_NULL ||
		    meta->map_ptr->spin_lock_off >= 0)
			r0->id = ++env->id_gen;
		return 0;
	case RET_PTR_TO_SOCKET_OR_NULL:
		type = PTR_TO_SOCKET_OR_NULL;
		break;
	case RET_PTR_TO_SOCK_COMMON_OR_NULL:
		type = PTR_TO_SOCK_COMMON_OR_NULL;
		break;
	case RET_PTR_TO_TCP_SOCK_OR_NULL:
		type = PTR_TO_TCP_SOCK_OR_NULL;
		break;
	case RET_PTR_TO_ALLOC_MEM_OR_NULL:
		/* a ring buffer record, of the size its argument said */
		type = PTR_TO_MEM_OR_NULL;
		break;
	default:
		verbose(env, "unknown return type %d of func %s#%d\n",
			fn->ret_type, func_id_name(func_id), func_id);
		return -EINVAL;
	}
	mark_reg_known_zero(env, regs, BPF_REG_0);
	r0->type = type;
	r0->id = ++env->id_gen;
	if (type == PTR_TO_MEM_OR_NULL)
		r0->mem_size = meta->mem_size;
	return 0;
}

/*
 * A call of helper func_id: its prototype for this program type (and the
 * program's licence), then each argument, then what the call does to the
 * state: memory it fills in, references it gives back or takes, r0-r5
 * clobbered and r0 its result, packet pointers gone stale if it may move
 * the packet.
 */
int check_helper_call(struct bpf_verifier_env *env, int func_id, int insn_idx)
{
	const struct bpf_func_proto *fn;
	struct bpf_call_arg_meta meta = {};
	struct bpf_reg_state *regs;
	bool changes_data;
	int i, err;

	fn = get_helper_proto(env, func_id);
	if (!fn) {
		/* no such helper (bpf_func_id_known()), or none for this
		 * program type
		 */
		verbose(env, !bpf_func_id_known(func_id) ?
			"invalid func %s#%d\n" : "unknown func %s#%d\n",
			func_id_name(func_id), func_id);
		return -EINVAL;
	}
	if (fn->gpl_only && !env->prog->gpl_compatible) {
		verbose(env, "cannot call GPL-restricted function from non-GPL compatible program\n");
		return -EINVAL;
	}
	/* The prototype itself, the kernel's to get right. A helper that
	 * may move the packet takes the context as r1: with LD_ABS/IND some
	 * JITs save and restore the skb from there.
	 */
	changes_data = bpf_helper_changes_pkt_data((void *)fn->func);
	if (changes_data && fn->arg1_type != ARG_PTR_TO_CTX) {
		verbose(env, "kernel subsystem misconfigured func %s#%d: r1 != ctx\n",
			func_id_name(func_id), func_id);
		return -EINVAL;
	}
	err = check_func_proto(fn, func_id);
	if (err) {
		verbose(env, "kernel subsystem misconfigured func %s#%d\n",
			func_id_name(func_id), func_id);
		return err;
	}
	meta.pkt_access = fn->pkt_access;

	/*
	 * The arguments, r1 to r5; the map, remembered for chapter 08; and
	 * in raw mode the bytes the helper fills in, written a byte at a
	 * time (their stack slots, found from the register, become data).
	 */
	meta.func_id = func_id;
	for (i = 0; i < 5 && !err; i++)
		err = check_func_arg(env, BPF_REG_1 + i, arg_type_of(fn, i), &meta);
	err = err ?: record_func_map(env, &meta, func_id, insn_idx);
	err = err ?: record_func_key(env, &meta, func_id, insn_idx);
	for (i = 0; i < meta.access_size && !err; i++)
		err = check_mem_access(env, insn_idx, meta.regno, i, BPF_B,
				       BPF_WRITE, -1, false, false);
	if (err)
		return err;

	if (func_id == BPF_FUNC_tail_call) {
		/* the program ends there, if the call succeeds */
		err = check_reference_leak(env);
		if (err) {
			verbose(env, "tail_call would lead to reference leak\n");
			return err;
		}
	} else if (is_release_function(func_id)) {
		err = release_reference(env, meta.ref_obj_id);
		if (err) {
			verbose(env, "func %s#%d reference has not been acquired before\n",
				func_id_name(func_id), func_id);
			return err;
		}
	}

	regs = cur_regs(env);
	clobber_caller_saved_regs(env, regs);
	/* a helper returns all 64 bits */
	regs[BPF_REG_0].subreg_def = DEF_NOT_SUBREG;
	err = mark_helper_retval(env, regs, fn, &meta, func_id);
	if (err)
		return err;

	if (is_ptr_cast_function(func_id)) {
		/* the socket it was cast from holds the reference */
		regs[BPF_REG_0].ref_obj_id = meta.ref_obj_id;
	} else if (is_acquire_function(func_id, meta.map_ptr)) {
		int id = acquire_reference_state(env, insn_idx);

		if (id < 0)
			return id;
		/* one id: the NULL check's and the release's */
		regs[BPF_REG_0].id = regs[BPF_REG_0].ref_obj_id = id;
	}

	do_refine_retval_range(regs, fn->ret_type, func_id, &meta);
	err = check_map_func_compatibility(env, meta.map_ptr, func_id);
	if (err)
		return err;
	if (changes_data)
		clear_all_pkt_pointers(env);
	return 0;
}
