// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: check_pkt_ptr_alignment(),
 * check_generic_ptr_alignment(), check_ptr_alignment(), check_ctx_reg(),
 * check_ctx_access(), check_flow_keys_access(), check_sock_access(),
 * check_mem_access(),
 * check_helper_mem_access(), Linux v5.8, and check_atomic(), Linux 5.12
 * (ISA v4's sign-extending loads as Linux 6.6); written afresh.
 *
 * Every load and store goes through check_mem_access(), which asks, as in
 * chapter 03, what the base register points to, and now has more answers:
 *
 *   PTR_TO_CTX        the program type's is_valid_access() decides; the
 *                     loaded value may itself be a packet pointer
 *   PTR_TO_STACK      stack.c; at a variable offset, stack_var.c
 *   PTR_TO_PACKET     within the range proven by a compare (packet.c);
 *                     writes only for types that may write packets
 *   PTR_TO_MAP_VALUE  within the map's value (chapter 08)
 *   PTR_TO_FLOW_KEYS  within a flow dissector's struct bpf_flow_keys
 *   a socket          the fields its type exposes, read only
 */
#include "verifier.h"

/* Is the pointer's variable offset, plus `plus`, a multiple of size? */
static bool ptr_off_aligned(const struct bpf_reg_state *reg, int plus, int size)
{
	return tnum_is_aligned(tnum_add(reg->var_off, tnum_const(plus)), size);
}

/*
 * A packet starts NET_IP_ALIGN (2) bytes into an aligned buffer, so that
 * the IP header behind a 14-byte Ethernet header is aligned: alignment is
 * judged with those 2 bytes in front. The kernel takes 2 on every machine
 * here: where unaligned access is cheap this runs only for a program that
 * asked for strict alignment, to behave as the other machines do.
 */
static int check_pkt_ptr_alignment(struct bpf_verifier_env *env,
				   const struct bpf_reg_state *reg,
				   int off, int size, bool strict)
{
	static const int ip_align = 2;
	char tn_buf[48];

	if (!strict || size == 1 || ptr_off_aligned(reg, ip_align + reg->off + off, size))
		return 0;
	tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
	verbose(env, "misaligned packet access off %d+%s+%d+%d size %d\n",
		ip_align, tn_buf, reg->off, off, size);
	return -EACCES;
}

/* Any other pointer: its offset, fixed and variable, is a multiple of the
 * size (a byte is always aligned).
 */
static int check_generic_ptr_alignment(struct bpf_verifier_env *env,
				       const struct bpf_reg_state *reg,
				       const char *pointer_desc,
				       int off, int size, bool strict)
{
	char tn_buf[48];

	if (!strict || size == 1 || ptr_off_aligned(reg, reg->off + off, size))
		return 0;
	tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
	verbose(env, "misaligned %saccess off %s+%d+%d size %d\n",
		pointer_desc, tn_buf, reg->off, off, size);
	return -EACCES;
}

/*
 * Alignment is checked when the loader asks for it (BPF_F_STRICT_ALIGNMENT)
 * or the caller does, and always on the stack: its spill tracking
 * (stack.c) works in aligned slots. The metadata in front of a packet is
 * judged as the packet is.
 */
int check_ptr_alignment(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
			int off, int size, bool strict_alignment_once)
{
	static const char *const what[__BPF_REG_TYPE_MAX] = {
		[PTR_TO_FLOW_KEYS]	= "flow keys ",
		[PTR_TO_MAP_VALUE]	= "value ",
		[PTR_TO_CTX]		= "context ",
		[PTR_TO_STACK]		= "stack ",
		[PTR_TO_SOCKET]		= "sock ",
		[PTR_TO_SOCK_COMMON]	= "sock_common ",
		[PTR_TO_TCP_SOCK]	= "tcp_sock ",
		[PTR_TO_XDP_SOCK]	= "xdp_sock ",
	};
	bool strict = env->strict_alignment || strict_alignment_once;

	if (type_is_pkt_pointer(reg->type))
		return check_pkt_ptr_alignment(env, reg, off, size, strict);
	if (reg->type == PTR_TO_STACK)
		strict = true;
	return check_generic_ptr_alignment(env, reg, what[reg->type] ? what[reg->type] : "",
					   off, size, strict);
}

/* The context is read, or handed to a helper, only as the program got it:
 * no offset, fixed or variable.
 */
int check_ctx_reg(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int regno)
{
	char tn_buf[48];

	if (reg->off) {
		verbose(env, "dereference of modified ctx ptr R%d off=%d disallowed\n",
			regno, reg->off);
		return -EACCES;
	}
	if (tnum_equals_const(reg->var_off, 0))
		return 0;
	tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
	verbose(env, "variable ctx access var_off=%s disallowed\n", tn_buf);
	return -EACCES;
}

/*
 * A context field, at a fixed offset: the program type's is_valid_access()
 * says yes or no, and what a load of it gives (*reg_type: a scalar, or a
 * packet pointer). It also gives the field's size: not 0, a load of part of
 * the field is allowed and convert_ctx_accesses() will load the whole field
 * and mask; 0, only the whole field may be loaded.
 */
static int check_ctx_access(struct bpf_verifier_env *env, int insn_idx, int off, int size,
			    enum bpf_access_type t, enum bpf_reg_type *reg_type)
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
 * The fields a socket pointer exposes: struct bpf_sock and its common
 * part are sock_access.c's. A TCP socket's and an XDP socket's fields are
 * not modelled: sockets are looked up in user space, where none exist, so
 * a lookup is always NULL, and these refuse every field.
 */
__weak bool bpf_tcp_sock_is_valid_access(int off, int size, enum bpf_access_type type,
					 struct bpf_insn_access_aux *info)
{
	(void)off; (void)size; (void)type; (void)info;
	return false;
}

__weak bool bpf_xdp_sock_is_valid_access(int off, int size, enum bpf_access_type type,
					 struct bpf_insn_access_aux *info)
{
	(void)off; (void)size; (void)type; (void)info;
	return false;
}

/*
 * A flow dissector's keys: a struct of known size, at an offset that only
 * constants may have moved (adjust_ptr_min_max_vals()), so the fixed
 * offset is the whole of it.
 */
static int check_flow_keys_access(struct bpf_verifier_env *env, int off, int size)
{
	bool inside = size >= 0 && off >= 0 &&
		      (u64)off + size <= sizeof(struct bpf_flow_keys);

	if (inside)
		return 0;
	verbose(env, "invalid access to flow keys off=%d size=%d\n", off, size);
	return -EACCES;
}

/* A read through a socket pointer: the socket type's own list of fields. */
static int check_sock_access(struct bpf_verifier_env *env, int insn_idx, u32 regno,
			     int off, int size, enum bpf_access_type t)
{
	struct bpf_reg_state *reg = &cur_regs(env)[regno];
	bool (*is_valid_access)(int off, int size, enum bpf_access_type type,
				struct bpf_insn_access_aux *info) = NULL;
	struct bpf_insn_access_aux info = {};

	if (check_off_not_negative(env, reg, regno))
		return -EACCES;
	if (reg->type == PTR_TO_SOCK_COMMON)
		is_valid_access = bpf_sock_common_is_valid_access;
	else if (reg->type == PTR_TO_SOCKET)
		is_valid_access = bpf_sock_is_valid_access;
	else if (reg->type == PTR_TO_TCP_SOCK)
		is_valid_access = bpf_tcp_sock_is_valid_access;
	else if (reg->type == PTR_TO_XDP_SOCK)
		is_valid_access = bpf_xdp_sock_is_valid_access;

	if (!is_valid_access || !is_valid_access(off, size, t, &info)) {
		verbose(env, "R%d invalid %s access off=%d size=%d\n",
			regno, reg_type_str[reg->type], off, size);
		return -EACCES;
	}
	env->insn_aux_data[insn_idx].ctx_field_size = info.ctx_field_size;
	return 0;
}

/*
 * A store of a pointer the loader may not see, into memory the program can
 * read back as a number, leaks it: refused, with where it went.
 */
static bool store_leaks_pointer(struct bpf_verifier_env *env, enum bpf_access_type t,
				int value_regno, const char *into)
{
	if (t != BPF_WRITE || value_regno < 0 || !is_pointer_value(env, value_regno))
		return false;
	verbose(env, "R%d leaks addr into %s\n", value_regno, into);
	return true;
}

/* The register a context load fills: a scalar, or a pointer (a packet's,
 * at offset 0) of the type is_valid_access() named.
 */
static void mark_ctx_load(struct bpf_verifier_env *env, struct bpf_reg_state *regs,
			  int value_regno, enum bpf_reg_type type)
{
	struct bpf_reg_state *dst = &regs[value_regno];

	if (type == SCALAR_VALUE) {
		mark_reg_unknown(env, regs, value_regno);
	} else {
		mark_reg_known_zero(env, regs, value_regno);
		/* a pointer that may be NULL needs an id for its NULL check */
		if (reg_type_may_be_null(type))
			dst->id = ++env->id_gen;
		/* the field may be loaded with another size than the
		 * instruction's, but a pointer is always 64 bits whole
		 */
		dst->subreg_def = DEF_NOT_SUBREG;
	}
	dst->type = type;
}

/*
 * A load (t = BPF_READ) into value_regno, or a store (BPF_WRITE) of
 * value_regno, at regno + off. value_regno -1: a store of an immediate or
 * of something unknown, or a load whose value is not kept (the first read
 * of an atomic operation).
 */
int check_mem_access(struct bpf_verifier_env *env, int insn_idx, u32 regno,
		     int off, int bpf_size, enum bpf_access_type t,
		     int value_regno, bool strict_alignment_once, bool is_ldsx)
{
	struct bpf_reg_state *regs = cur_regs(env), *reg = regs + regno;
	/* the register a load fills, if any */
	struct bpf_reg_state *loaded = t == BPF_READ && value_regno >= 0 ? &regs[value_regno] : NULL;
	enum bpf_reg_type ctx_type = SCALAR_VALUE;
	struct bpf_func_state *state;
	int size = bpf_size_to_bytes(bpf_size);
	int err;

	/* a size that is no size; alignment, judged on the pointer's own
	 * offset and off apart
	 */
	err = size < 0 ? size : check_ptr_alignment(env, reg, off, size, strict_alignment_once);
	if (err)
		return err;
	off += reg->off;

	switch (reg->type) {
	case PTR_TO_MAP_VALUE:
		if (store_leaks_pointer(env, t, value_regno, "map"))
			return -EACCES;
		err = check_map_access_type(env, regno, off, size, t);
		if (!err)
			err = check_map_access(env, regno, off, size, false);
		if (!err && loaded)
			err = map_value_read_reg(env, reg, off, size, loaded);
		break;
	case PTR_TO_MEM:
		if (store_leaks_pointer(env, t, value_regno, "mem"))
			return -EACCES;
		/* both ends of the variable offset inside the region */
		err = __check_mem_access(env, regno, off + reg->smin_value, size,
					 reg->mem_size, false);
		if (!err)
			err = __check_mem_access(env, regno, off + reg->umax_value, size,
						 reg->mem_size, false);
		if (!err && loaded)
			mark_reg_unknown(env, regs, value_regno);
		break;
	case PTR_TO_CTX:
		if (store_leaks_pointer(env, t, value_regno, "ctx"))
			return -EACCES;
		err = check_ctx_reg(env, reg, regno);
		if (err < 0)
			return err;
		err = check_ctx_access(env, insn_idx, off, size, t, &ctx_type);
		if (!err && loaded)
			mark_ctx_load(env, regs, value_regno, ctx_type);
		break;
	case PTR_TO_STACK:
		if (!tnum_is_const(reg->var_off)) {
			/* an offset known only as a range: every byte it
			 * may reach is checked (stack_var.c, Linux 5.12)
			 */
			err = check_stack_access_var_off(env, regno, off, size, t, value_regno);
			break;
		}
		/* a known offset: one slot, whose contents are tracked */
		off += reg->var_off.value;
		err = check_stack_access(env, reg, off, size);
		if (err)
			return err;
		state = func(env, reg);
		err = update_stack_depth(env, state, off);
		if (err)
			return err;
		err = t == BPF_WRITE ? check_stack_write(env, state, off, size, value_regno, insn_idx)
				     : check_stack_read(env, state, off, size, value_regno);
		break;
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
		if (t == BPF_WRITE && !may_access_direct_pkt_data(env, NULL, t)) {
			verbose(env, "cannot write into packet\n");
			return -EACCES;
		}
		if (store_leaks_pointer(env, t, value_regno, "packet"))
			return -EACCES;
		err = check_packet_access(env, regno, off, size, false);
		if (!err && loaded)
			mark_reg_unknown(env, regs, value_regno);
		break;
	case PTR_TO_FLOW_KEYS:
		if (store_leaks_pointer(env, t, value_regno, "flow keys"))
			return -EACCES;
		err = check_flow_keys_access(env, off, size);
		if (!err && loaded)
			mark_reg_unknown(env, regs, value_regno);
		break;
	case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_XDP_SOCK:
		if (t == BPF_WRITE) {
			verbose(env, "R%d cannot write into %s\n", regno, reg_type_str[reg->type]);
			return -EACCES;
		}
		err = check_sock_access(env, insn_idx, regno, off, size, t);
		if (!err && loaded)
			mark_reg_unknown(env, regs, value_regno);
		break;
	default:
		verbose(env, "R%d invalid mem access '%s'\n", regno, reg_type_str[reg->type]);
		return -EACCES;
	}

	/* A narrow load fills the low bytes: the rest are zeros, or, for
	 * BPF_MEMSX (ISA v4, Linux 6.6), copies of the sign.
	 */
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

/* Memory an atomic operation may not touch: what convert_ctx_accesses()
 * rewrites (the context, sockets), the packet, the flow keys.
 */
static bool atomic_dst_forbidden(struct bpf_verifier_env *env, int regno)
{
	return is_ctx_reg(env, regno) || is_pkt_reg(env, regno) ||
	       is_flow_key_reg(env, regno) || is_sk_reg(env, regno);
}

/*
 * *(size *)(dst + off) op= src, 32 or 64 bits. The location must be both
 * readable and writable; with BPF_FETCH the old value lands in src (in r0
 * for cmpxchg, which also reads r0 to compare), checked as a load would be.
 */
int check_atomic(struct bpf_verifier_env *env, int insn_idx, struct bpf_insn *insn)
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

	/* src, dst, and for cmpxchg r0, which it compares with */
	err = check_reg_arg(env, insn->src_reg, SRC_OP) ?:
	      check_reg_arg(env, insn->dst_reg, SRC_OP) ?:
	      (insn->imm == BPF_CMPXCHG ? check_reg_arg(env, BPF_REG_0, SRC_OP) : 0);
	if (err)
		return err;
	if (insn->imm == BPF_CMPXCHG && is_pointer_value(env, BPF_REG_0)) {
		verbose(env, "R%d leaks addr into mem\n", BPF_REG_0);
		return -EACCES;
	}
	if (is_pointer_value(env, insn->src_reg)) {
		verbose(env, "R%d leaks addr into mem\n", insn->src_reg);
		return -EACCES;
	}
	if (atomic_dst_forbidden(env, insn->dst_reg)) {
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

	/* readable (a second read fills load_reg, as a load would), then
	 * writable
	 */
	err = check_mem_access(env, insn_idx, insn->dst_reg, insn->off,
			       BPF_SIZE(insn->code), BPF_READ, -1, true, false);
	if (!err && load_reg >= 0)
		err = check_mem_access(env, insn_idx, insn->dst_reg, insn->off,
				       BPF_SIZE(insn->code), BPF_READ, load_reg, true, false);
	if (err)
		return err;
	return check_mem_access(env, insn_idx, insn->dst_reg, insn->off,
				BPF_SIZE(insn->code), BPF_WRITE, -1, true, false);
}

/* Memory a helper reads or writes through argument `regno`. */
int check_helper_mem_access(struct bpf_verifier_env *env, int regno, int access_size,
			    bool zero_size_allowed, struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = &cur_regs(env)[regno];
	enum bpf_access_type t;

	if (reg_is_pkt_pointer(reg))
		return check_packet_access(env, regno, reg->off, access_size, zero_size_allowed);
	if (reg->type == PTR_TO_MAP_VALUE) {
		/* raw mode: the helper writes the memory */
		t = meta && meta->raw_mode ? BPF_WRITE : BPF_READ;
		if (check_map_access_type(env, regno, reg->off, access_size, t))
			return -EACCES;
		return check_map_access(env, regno, reg->off, access_size, zero_size_allowed);
	}
	if (reg->type == PTR_TO_MEM)
		return __check_mem_access(env, regno, reg->off, access_size, reg->mem_size,
					  zero_size_allowed);
	/* the stack; anything else is refused there, by type */
	return check_stack_boundary(env, regno, access_size, zero_size_allowed, meta);
}
