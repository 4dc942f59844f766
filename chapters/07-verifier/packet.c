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

bool may_access_direct_pkt_data(struct bpf_verifier_env *env,
				const struct bpf_call_arg_meta *meta,
				enum bpf_access_type t)
{
	switch (env->prog->type) {
	/* Program types only with direct read access go here! */
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_CGROUP_SKB:
		if (t == BPF_WRITE)
			return false;
		/* fall through */

	/* Program types with direct read + write access go here! */
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SK_MSG:
		if (meta)
			return meta->pkt_access;

		env->seen_direct_write = true;
		return true;

	default:
		return false;
	}
}

/* check read/write into memory region (e.g., map value, ringbuf sample, etc) */
int __check_mem_access(struct bpf_verifier_env *env, int regno, int off, int size,
		       u32 mem_size, bool zero_size_allowed)
{
	bool size_ok = size > 0 || (size == 0 && zero_size_allowed);
	struct bpf_reg_state *reg;

	if (off >= 0 && size_ok && (u64)off + size <= mem_size)
		return 0;

	reg = &cur_regs(env)[regno];
	switch (reg->type) {
	case PTR_TO_MAP_VALUE:
		verbose(env, "invalid access to map value, value_size=%d off=%d size=%d\n",
			mem_size, off, size);
		break;
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET_END:
		verbose(env, "invalid access to packet, off=%d size=%d, R%d(id=%d,off=%d,r=%d)\n",
			off, size, regno, reg->id, off, mem_size);
		break;
	case PTR_TO_MEM:
	default:
		verbose(env, "invalid access to memory, mem_size=%u off=%d size=%d\n",
			mem_size, off, size);
	}

	return -EACCES;
}

int check_packet_access(struct bpf_verifier_env *env, u32 regno, int off, int size,
			bool zero_size_allowed)
{
	struct bpf_reg_state *regs = cur_regs(env);
	struct bpf_reg_state *reg = &regs[regno];
	int err;

	/* We may have added a variable offset to the packet pointer; but any
	 * reg->range we have comes after that.  We are only checking the fixed
	 * offset.
	 */

	/* We don't allow negative numbers, because we aren't tracking enough
	 * detail to prove they're safe.
	 */
	if (reg->smin_value < 0) {
		verbose(env, "R%d min value is negative, either use unsigned index or do a if (index >=0) check.\n",
			regno);
		return -EACCES;
	}
	/* a pointer at or past pkt_end (5.11) reads nothing */
	err = reg->range < 0 ? -EINVAL :
	      __check_mem_access(env, regno, off, size, reg->range, zero_size_allowed);
	if (err) {
		verbose(env, "R%d offset is outside of the packet\n", regno);
		return err;
	}

	/* __check_mem_access has made sure "off + size - 1" is within u16.
	 * reg->umax_value can't be bigger than MAX_PACKET_OFF which is 0xffff,
	 * otherwise find_good_pkt_pointers would have refused to set range info
	 * that __check_mem_access would have rejected this pkt access.
	 * Therefore, "off + reg->umax_value + size - 1" won't overflow u32.
	 */
	env->prog->aux->max_pkt_offset = max_t(u32, env->prog->aux->max_pkt_offset,
					       off + reg->umax_value + size - 1);
	return err;
}

/* After a helper that may move the packet (pull, push, adjust head...),
 * every packet pointer the program holds is stale.
 */
void clear_all_pkt_pointers(struct bpf_verifier_env *env)
{
	struct bpf_verifier_state *vstate = env->cur_state;
	struct bpf_func_state *state;
	struct bpf_reg_state *reg;

	for_each_reg_in_vstate(vstate, state, reg, ({
		if (reg_is_pkt_pointer_any(reg))
			__mark_reg_unknown(env, reg);
	}));
}

void find_good_pkt_pointers(struct bpf_verifier_state *vstate, struct bpf_reg_state *dst_reg,
			    enum bpf_reg_type type, bool range_right_open)
{
	struct bpf_func_state *state;
	struct bpf_reg_state *reg;
	int new_range;

	if (dst_reg->off < 0 || (dst_reg->off == 0 && range_right_open))
		/* This doesn't give us any range */
		return;

	if (dst_reg->umax_value > MAX_PACKET_OFF ||
	    dst_reg->umax_value + dst_reg->off > MAX_PACKET_OFF)
		/* Risk of overflow.  For instance, ptr + (1<<63) may be less
		 * than pkt_end, but that's because it's also less than pkt.
		 */
		return;

	/*
	 * pkt + off <= pkt_end gives [pkt, pkt + off) (range off);
	 * pkt + off <  pkt_end gives one byte more (range off + 1, as
	 * Linux 5.11 counts it; v5.8 gave one byte less, off - 1).
	 */
	new_range = dst_reg->off;
	if (range_right_open)
		new_range++;

	/* If our ids match, then we must have the same max_value.  And we
	 * don't care about the other reg's fixed offset, since if it's too big
	 * the range won't allow anything.
	 * dst_reg->off is known < MAX_PACKET_OFF, therefore it fits in a u16.
	 */
	for_each_reg_in_vstate(vstate, state, reg, ({
		if (reg->type == type && reg->id == dst_reg->id)
			/* keep the maximum range already checked */
			reg->range = max(reg->range, new_range);
	}));
}

/* Linux 5.11: the other side of such a compare: this pointer is at or past
 * the end.
 */
static void mark_pkt_end(struct bpf_verifier_state *vstate, int regn, bool range_open)
{
	struct bpf_func_state *state = vstate->frame[vstate->curframe];
	struct bpf_reg_state *reg = &state->regs[regn];

	if (reg->type != PTR_TO_PACKET)
		/* PTR_TO_PACKET_META is not supported yet */
		return;

	/* The 'reg' is pkt > pkt_end or pkt >= pkt_end.
	 * How far beyond pkt_end it goes is unknown.
	 * if (!range_open) it's the case of pkt >= pkt_end
	 * if (range_open) it's the case of pkt > pkt_end
	 * hence this pointer is at least 1 byte bigger than pkt_end
	 */
	if (range_open)
		reg->range = BEYOND_PKT_END;
	else
		reg->range = AT_PKT_END;
}

/*
 * The compares that teach a range: pkt vs pkt_end, and pkt_meta vs pkt
 * (the metadata area ends where the packet starts), either way round,
 * with >, <, >= or <=. `true` if the compare was one of them.
 */
bool try_match_pkt_pointers(const struct bpf_insn *insn, struct bpf_reg_state *dst_reg,
			    struct bpf_reg_state *src_reg, struct bpf_verifier_state *this_branch,
			    struct bpf_verifier_state *other_branch)
{
	bool dst_pkt, src_pkt;

	if (BPF_SRC(insn->code) != BPF_X)
		return false;

	/* Pointers are always 64-bit. */
	if (BPF_CLASS(insn->code) == BPF_JMP32)
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

	switch (BPF_OP(insn->code)) {
	case BPF_JGT:
		if (dst_pkt) {
			/* pkt_data' > pkt_end: good on the fall-through */
			find_good_pkt_pointers(this_branch, dst_reg, dst_reg->type, false);
			mark_pkt_end(other_branch, insn->dst_reg, true);
		} else {
			/* pkt_end > pkt_data': good at the target */
			find_good_pkt_pointers(other_branch, src_reg, src_reg->type, true);
			mark_pkt_end(this_branch, insn->src_reg, false);
		}
		break;
	case BPF_JLT:
		if (dst_pkt) {
			/* pkt_data' < pkt_end */
			find_good_pkt_pointers(other_branch, dst_reg, dst_reg->type, true);
			mark_pkt_end(this_branch, insn->dst_reg, false);
		} else {
			/* pkt_end < pkt_data' */
			find_good_pkt_pointers(this_branch, src_reg, src_reg->type, false);
			mark_pkt_end(other_branch, insn->src_reg, true);
		}
		break;
	case BPF_JGE:
		if (dst_pkt) {
			/* pkt_data' >= pkt_end */
			find_good_pkt_pointers(this_branch, dst_reg, dst_reg->type, true);
			mark_pkt_end(other_branch, insn->dst_reg, false);
		} else {
			/* pkt_end >= pkt_data' */
			find_good_pkt_pointers(other_branch, src_reg, src_reg->type, false);
			mark_pkt_end(this_branch, insn->src_reg, true);
		}
		break;
	case BPF_JLE:
		if (dst_pkt) {
			/* pkt_data' <= pkt_end */
			find_good_pkt_pointers(other_branch, dst_reg, dst_reg->type, false);
			mark_pkt_end(this_branch, insn->dst_reg, true);
		} else {
			/* pkt_end <= pkt_data' */
			find_good_pkt_pointers(this_branch, src_reg, src_reg->type, true);
			mark_pkt_end(other_branch, insn->src_reg, false);
		}
		break;
	default:
		return false;
	}

	return true;
}

static bool may_access_skb(enum bpf_prog_type type)
{
	switch (type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
		return true;
	default:
		return false;
	}
}

static const int caller_saved[CALLER_SAVED_REGS] = {
	BPF_REG_0, BPF_REG_1, BPF_REG_2, BPF_REG_3, BPF_REG_4, BPF_REG_5
};

/* verify safety of LD_ABS|LD_IND instructions:
 * - they can only appear in the programs where ctx == skb
 * - since they are wrappers of function calls, they scratch R1-R5 registers,
 *   preserve R6-R9, and store return value into R0
 *
 * Implicit input:
 *   ctx == skb == R6 == CTX
 *
 * Explicit input:
 *   SRC == any register
 *   IMM == 32-bit immediate
 *
 * Output:
 *   R0 - 8/16/32-bit skb data converted to cpu endianness
 */
int check_ld_abs(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	struct bpf_reg_state *regs = cur_regs(env);
	static const int ctx_reg = BPF_REG_6;
	u8 mode = BPF_MODE(insn->code);
	int i, err;

	if (!may_access_skb(env->prog->type)) {
		verbose(env, "BPF_LD_[ABS|IND] instructions not allowed for this program type\n");
		return -EINVAL;
	}

	if (!env->ops->gen_ld_abs) {
		verbose(env, "bpf verifier is misconfigured\n");
		return -EINVAL;
	}

	if (env->subprog_cnt > 1) {
		/* when program has LD_ABS insn JITs and interpreter assume
		 * that r1 == ctx == skb which is not the case for callees
		 * that can have arbitrary arguments. It's problematic
		 * for main prog as well since JITs would need to analyze
		 * all functions in order to make proper register save/restore
		 * decisions in the main prog. Hence disallow LD_ABS with calls
		 */
		verbose(env, "BPF_LD_[ABS|IND] instructions cannot be mixed with bpf-to-bpf calls\n");
		return -EINVAL;
	}

	err = check_reserved_fields(env, insn);
	if (err)
		return err;

	/* check whether implicit source operand (register R6) is readable */
	err = check_reg_arg(env, ctx_reg, SRC_OP);
	if (err)
		return err;

	/* Disallow usage of BPF_LD_[ABS|IND] with reference tracking, as
	 * gen_ld_abs() may terminate the program at runtime, leading to
	 * reference leak.
	 */
	err = check_reference_leak(env);
	if (err) {
		verbose(env, "BPF_LD_[ABS|IND] cannot be mixed with socket references\n");
		return err;
	}

	if (env->cur_state->active_spin_lock) {
		verbose(env, "BPF_LD_[ABS|IND] cannot be used inside bpf_spin_lock-ed region\n");
		return -EINVAL;
	}

	if (regs[ctx_reg].type != PTR_TO_CTX) {
		verbose(env, "at the time of BPF_LD_ABS|IND R6 != pointer to skb\n");
		return -EINVAL;
	}

	if (mode == BPF_IND) {
		/* check explicit source operand */
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;
	}

	err = check_ctx_reg(env, &regs[ctx_reg], ctx_reg);
	if (err < 0)
		return err;

	/* reset caller saved regs to unreadable */
	for (i = 0; i < CALLER_SAVED_REGS; i++) {
		mark_reg_not_init(env, regs, caller_saved[i]);
		check_reg_arg(env, caller_saved[i], DST_OP_NO_MARK);
	}

	/* mark destination R0 register as readable, since it contains
	 * the value fetched from the packet.
	 * Already marked as written above.
	 */
	mark_reg_unknown(env, regs, BPF_REG_0);
	/* ld_abs load up to 32-bit skb data. */
	regs[BPF_REG_0].subreg_def = env->insn_idx + 1;
	return 0;
}
