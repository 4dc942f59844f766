// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: may_access_direct_pkt_data(),
 * __check_mem_access(), check_packet_access(), __clear_all_pkt_pointers(),
 * clear_all_pkt_pointers(), find_good_pkt_pointers(), mark_pkt_end()
 * (Linux 5.11), try_match_pkt_pointers(), may_access_skb() and
 * check_ld_abs(), Linux v5.8; written afresh.
 *
 * Direct packet access. A program reads ctx->data and ctx->data_end (the
 * start and the end of the packet: PTR_TO_PACKET and PTR_TO_PACKET_END),
 * and may read or write through the first only where it proved, by
 * comparing with the second, that the bytes exist:
 *
 *     r2 = ctx->data; r3 = ctx->data_end;
 *     r4 = r2; r4 += 14;
 *     if r4 > r3 goto drop;     // from here on: r2 ... r2 + 13 are readable
 *     r0 = *(u8 *)(r2 + 12);
 *
 * The verifier does not know the packet's length; it knows a *range*: each
 * packet pointer carries how many bytes past it were proven to exist
 * (reg->range, the log's "r=14"), and the comparison gives that range to
 * every register derived from the same pointer (same id). Adding an
 * unknown amount to a packet pointer makes a new pointer (new id, range
 * 0), which must be compared again.
 */
#include "verifier.h"

/*
 * May the program read (and write) the packet through a pointer? Some
 * program types may only read it; for a helper's argument, the helper
 * says (meta->pkt_access).
 */
bool may_access_direct_pkt_data(struct bpf_verifier_env *env,
				const struct bpf_call_arg_meta *meta,
				enum bpf_access_type t)
{
	switch (env->prog->type) {
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_REUSEPORT:
		/* reading only */
		if (t == BPF_WRITE)
			return false;
		break;
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SK_MSG:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_XDP:
		break;
	default:
		return false;
	}
	if (meta)
		return meta->pkt_access;
	/* (v5.8 notes any direct access here, a read too) */
	env->seen_direct_write = true;
	return true;
}

/* size bytes at off, inside mem_size bytes (a map value, the bytes of a
 * packet proven to exist, a helper's memory)? The message names the kind.
 */
int __check_mem_access(struct bpf_verifier_env *env, int regno, int off, int size,
		       u32 mem_size, bool zero_size_allowed)
{
	bool size_ok = size > 0 || (size == 0 && zero_size_allowed);
	const struct bpf_reg_state *reg;

	if (off >= 0 && size_ok && (u64)off + size <= mem_size)
		return 0;
	reg = &cur_regs(env)[regno];
	if (reg->type == PTR_TO_MAP_VALUE)
		verbose(env, "invalid access to map value, value_size=%d off=%d size=%d\n",
			mem_size, off, size);
	else if (reg_is_pkt_pointer_any(reg))
		verbose(env, "invalid access to packet, off=%d size=%d, R%d(id=%d,off=%d,r=%d)\n",
			off, size, regno, reg->id, off, mem_size);
	else
		verbose(env, "invalid access to memory, mem_size=%u off=%d size=%d\n",
			mem_size, off, size);
	return -EACCES;
}

/* A pointer whose variable offset may be negative could reach before its
 * object: the bounds are not tracked closely enough to allow it.
 */
int check_off_not_negative(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
			   u32 regno)
{
	if (reg->smin_value >= 0)
		return 0;
	verbose(env, "R%d min value is negative, either use unsigned index or do a if (index >=0) check.\n",
		regno);
	return -EACCES;
}

/*
 * size bytes at off from a packet pointer. The range a compare proved
 * counts from the pointer's variable offset, whatever that is, so only off
 * is checked against it; a variable offset that may be negative is
 * refused (it is not tracked well enough to be safe).
 */
int check_packet_access(struct bpf_verifier_env *env, u32 regno, int off, int size,
			bool zero_size_allowed)
{
	struct bpf_reg_state *reg = &cur_regs(env)[regno];
	int err;

	err = check_off_not_negative(env, reg, regno);
	if (err)
		return err;
	/* a pointer at or past pkt_end (5.11) reads nothing */
	err = reg->range < 0 ? -EINVAL :
	      __check_mem_access(env, regno, off, size, reg->range, zero_size_allowed);
	if (err) {
		verbose(env, "R%d offset is outside of the packet\n", regno);
		return err;
	}
	/*
	 * The furthest byte read, for drivers that must know. No overflow:
	 * off + size - 1 fits 16 bits (the range is one), and so does the
	 * variable offset, or find_good_pkt_pointers() would have given no
	 * range.
	 */
	env->prog->aux->max_pkt_offset = max_t(u32, env->prog->aux->max_pkt_offset,
					       off + reg->umax_value + size - 1);
	return 0;
}

/* After a helper that may move the packet (pull, push, adjust head...),
 * every packet pointer the program holds is stale.
 */
void clear_all_pkt_pointers(struct bpf_verifier_env *env)
{
	struct bpf_func_state *state;
	struct bpf_reg_state *reg;

	for_each_reg_in_vstate(env->cur_state, state, reg, ({
		if (reg_is_pkt_pointer_any(reg))
			__mark_reg_unknown(env, reg);
	}));
}

/*
 * On the side where pkt + off <= pkt_end (pkt + off < pkt_end, with
 * range_right_open), the bytes [pkt, pkt + off) exist ([pkt, pkt + off],
 * one more, as Linux 5.11 counts it; v5.8 gave one byte less, off - 1).
 * Every pointer of the same origin (the same id) gets that range, counted
 * from its own fixed offset, which, too large, simply allows nothing.
 *
 * A negative off proves nothing, nor does off 0 with the open bound; nor
 * does a variable offset so large that the pointer could have wrapped
 * (ptr + 2^63 may be below pkt_end because it is below pkt).
 */
void find_good_pkt_pointers(struct bpf_verifier_state *vstate, struct bpf_reg_state *dst_reg,
			    enum bpf_reg_type type, bool range_right_open)
{
	struct bpf_func_state *state;
	struct bpf_reg_state *reg;
	int new_range;

	if (dst_reg->off < 0 || (dst_reg->off == 0 && range_right_open))
		return;
	if (dst_reg->umax_value > MAX_PACKET_OFF ||
	    dst_reg->umax_value + dst_reg->off > MAX_PACKET_OFF)
		return;
	/* off < MAX_PACKET_OFF: it fits the range */
	new_range = dst_reg->off + range_right_open;
	for_each_reg_in_vstate(vstate, state, reg, ({
		if (reg->type == type && reg->id == dst_reg->id)
			reg->range = max(reg->range, new_range);
	}));
}

/* Linux 5.11: the other side of such a compare, where the pointer is past
 * pkt_end (beyond: pkt > pkt_end, a byte at least) or at it or past
 * (pkt >= pkt_end). (Not for the metadata pointer, as in the kernel.)
 */
static void mark_pkt_end(struct bpf_verifier_state *vstate, int regn, bool range_open)
{
	struct bpf_reg_state *reg = &vstate->frame[vstate->curframe]->regs[regn];

	if (reg->type == PTR_TO_PACKET)
		reg->range = range_open ? BEYOND_PKT_END : AT_PKT_END;
}

/*
 * The compares that teach a range: pkt vs pkt_end, and pkt_meta vs pkt
 * (the metadata area ends where the packet starts), either way round,
 * with >, <, >= or <=. `true` if the compare was one of them.
 *
 * With the packet pointer on the left (else the compare is turned round),
 * "pkt op end" says on one side that pkt <= end (or pkt < end): there the
 * bytes before pkt exist (find_good_pkt_pointers()); on the other side
 * pkt is past the end (or at it): mark_pkt_end().
 *
 *   op   side where pkt <= end     bound
 *   >    fall-through              closed (pkt <= end)
 *   >=   fall-through              open   (pkt < end)
 *   <    jump                      open
 *   <=   jump                      closed
 */
bool try_match_pkt_pointers(const struct bpf_insn *insn, struct bpf_reg_state *dst_reg,
			    struct bpf_reg_state *src_reg, struct bpf_verifier_state *this_branch,
			    struct bpf_verifier_state *other_branch)
{
	u8 op = BPF_OP(insn->code);
	struct bpf_reg_state *pkt;
	struct bpf_verifier_state *good, *past;
	bool dst_pkt, src_pkt, open;
	u32 pkt_regno;

	/* two registers, 64 bits: pointers are */
	if (BPF_SRC(insn->code) != BPF_X || BPF_CLASS(insn->code) == BPF_JMP32)
		return false;

	/* pkt_data' vs pkt_end, or pkt_meta' vs pkt_data */
	dst_pkt = (dst_reg->type == PTR_TO_PACKET && src_reg->type == PTR_TO_PACKET_END) ||
		  (dst_reg->type == PTR_TO_PACKET_META &&
		   reg_is_init_pkt_pointer(src_reg, PTR_TO_PACKET));
	/* pkt_end vs pkt_data', or pkt_data vs pkt_meta' */
	src_pkt = (dst_reg->type == PTR_TO_PACKET_END && src_reg->type == PTR_TO_PACKET) ||
		  (reg_is_init_pkt_pointer(dst_reg, PTR_TO_PACKET) &&
		   src_reg->type == PTR_TO_PACKET_META);
	if (!dst_pkt && !src_pkt)
		return false;
	if (dst_pkt) {
		pkt = dst_reg;
		pkt_regno = insn->dst_reg;
	} else {
		pkt = src_reg;
		pkt_regno = insn->src_reg;
		op = flip_opcode(op);
	}

	switch (op) {
	case BPF_JGT:
	case BPF_JGE:
		good = this_branch;
		past = other_branch;
		break;
	case BPF_JLT:
	case BPF_JLE:
		good = other_branch;
		past = this_branch;
		break;
	default:
		return false;
	}
	open = op == BPF_JGE || op == BPF_JLT;
	find_good_pkt_pointers(good, pkt, pkt->type, open);
	mark_pkt_end(past, pkt_regno, !open);
	return true;
}

/* The classic packet loads exist for the socket filter and tc types. */
static bool may_access_skb(enum bpf_prog_type type)
{
	return type == BPF_PROG_TYPE_SOCKET_FILTER || type == BPF_PROG_TYPE_SCHED_CLS ||
	       type == BPF_PROG_TYPE_SCHED_ACT;
}

/*
 * BPF_LD_[ABS|IND]: r0 = ntoh(the 1, 2 or 4 bytes of the skb at imm, or
 * src + imm), the skb being r6, which must be the context, unmodified.
 * A helper call in disguise (gen_ld_abs() makes it one): r1-r5 are
 * clobbered, r6-r9 kept. It may end the program (on a load out of the
 * packet): hence no bpf-to-bpf calls, whose callees JITs would have to
 * analyse (and whose r1 is not the skb), no references held, no lock.
 */
int check_ld_abs(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	struct bpf_reg_state *regs = cur_regs(env);
	const char *why = NULL;
	int err;

	if (!may_access_skb(env->prog->type))
		why = "BPF_LD_[ABS|IND] instructions not allowed for this program type";
	else if (!env->ops->gen_ld_abs)
		why = "bpf verifier is misconfigured";
	else if (env->subprog_cnt > 1)
		why = "BPF_LD_[ABS|IND] instructions cannot be mixed with bpf-to-bpf calls";
	if (why) {
		verbose(env, "%s\n", why);
		return -EINVAL;
	}
	err = check_reserved_fields(env, insn) ?: check_reg_arg(env, BPF_REG_6, SRC_OP);
	if (err)
		return err;
	if (check_reference_leak(env))
		why = "BPF_LD_[ABS|IND] cannot be mixed with socket references";
	else if (env->cur_state->active_spin_lock)
		why = "BPF_LD_[ABS|IND] cannot be used inside bpf_spin_lock-ed region";
	else if (regs[BPF_REG_6].type != PTR_TO_CTX)
		why = "at the time of BPF_LD_ABS|IND R6 != pointer to skb";
	if (why) {
		verbose(env, "%s\n", why);
		return -EINVAL;
	}
	if (BPF_MODE(insn->code) == BPF_IND) {
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;
	}
	err = check_ctx_reg(env, &regs[BPF_REG_6], BPF_REG_6);
	if (err < 0)
		return err;

	clobber_caller_saved_regs(env, regs);
	/* r0 (written by the clobbering): the bytes loaded, 32 bits at most */
	mark_reg_unknown(env, regs, BPF_REG_0);
	regs[BPF_REG_0].subreg_def = env->insn_idx + 1;
	return 0;
}
