// SPDX-License-Identifier: GPL-2.0
/*
 * The checksum helpers: a program that rewrites a header field fixes the
 * header's checksum incrementally, without summing the packet again.
 *
 * Mirrors net/core/filter.c: bpf_l3_csum_replace(), bpf_l4_csum_replace(),
 * bpf_csum_diff(), bpf_csum_update(), bpf_csum_level() and their
 * bpf_func_proto, Linux v5.8; written afresh. The arithmetic is
 * net/checksum.h's (RFC 1624): ~(~old + ~from + to).
 *
 * A typical NAT rewrite, for a new destination address:
 *
 *	diff = bpf_csum_diff(&old_ip, 4, &new_ip, 4, 0);
 *	bpf_skb_store_bytes(skb, IP_DST_OFF, &new_ip, 4, 0);
 *	bpf_l3_csum_replace(skb, IP_CSUM_OFF, 0, diff, 0);          IP header
 *	bpf_l4_csum_replace(skb, TCP_CSUM_OFF, 0, diff,
 *			    BPF_F_PSEUDO_HDR);                          TCP's too:
 *	                                the address is in its pseudo-header
 *
 * or with the old and new values directly: from, to and a size (2 or 4)
 * in the flags' low bits.
 */
#include <string.h>

#include "ctx.h"

#define SKB(p)	((struct sk_buff *)(uintptr_t)(p))

u64 bpf_l3_csum_replace(u64 skb_, u64 offset_, u64 from, u64 to, u64 flags)
{
	struct sk_buff *skb = SKB(skb_);
	u32 offset = offset_;
	__sum16 sum;

	if (unlikely(flags & ~(BPF_F_HDR_FIELD_MASK)))
		return -EINVAL;
	if (unlikely(offset > 0xffff || offset & 1))
		return -EFAULT;
	if (unlikely(bpf_try_make_writable(skb, offset + sizeof(sum))))
		return -EFAULT;

	/* the field at data + offset, 2-byte aligned from data on: read and
	 * written whole, through memcpy() (data itself may be odd)
	 */
	memcpy(&sum, skb->data + offset, sizeof(sum));
	switch (flags & BPF_F_HDR_FIELD_MASK) {
	case 0:
		if (unlikely(from != 0))
			return -EINVAL;

		csum_replace_by_diff(&sum, to);
		break;
	case 2:
		csum_replace2(&sum, from, to);
		break;
	case 4:
		csum_replace4(&sum, from, to);
		break;
	default:
		return -EINVAL;
	}
	memcpy(skb->data + offset, &sum, sizeof(sum));

	return 0;
}

const struct bpf_func_proto bpf_l3_csum_replace_proto = {
	.func		= bpf_l3_csum_replace,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_ANYTHING,
	.arg5_type	= ARG_ANYTHING,
};

/*
 * A transport checksum also covers a pseudo-header (the IP addresses):
 * BPF_F_PSEUDO_HDR says the field is there, which matters when the device
 * sums the payload (CHECKSUM_PARTIAL, CHECKSUM_COMPLETE). A UDP checksum
 * of 0 means "none": with BPF_F_MARK_MANGLED_0 it stays 0, and a result
 * of 0 is sent as 0xffff.
 */
u64 bpf_l4_csum_replace(u64 skb_, u64 offset_, u64 from, u64 to, u64 flags)
{
	struct sk_buff *skb = SKB(skb_);
	bool is_pseudo = flags & BPF_F_PSEUDO_HDR;
	bool is_mmzero = flags & BPF_F_MARK_MANGLED_0;
	bool do_mforce = flags & BPF_F_MARK_ENFORCE;
	u32 offset = offset_;
	__sum16 sum;

	if (unlikely(flags & ~(BPF_F_MARK_MANGLED_0 | BPF_F_MARK_ENFORCE |
			       BPF_F_PSEUDO_HDR | BPF_F_HDR_FIELD_MASK)))
		return -EINVAL;
	if (unlikely(offset > 0xffff || offset & 1))
		return -EFAULT;
	if (unlikely(bpf_try_make_writable(skb, offset + sizeof(sum))))
		return -EFAULT;

	memcpy(&sum, skb->data + offset, sizeof(sum));
	if (is_mmzero && !do_mforce && !sum)
		return 0;

	switch (flags & BPF_F_HDR_FIELD_MASK) {
	case 0:
		if (unlikely(from != 0))
			return -EINVAL;

		inet_proto_csum_replace_by_diff(&sum, skb, to, is_pseudo);
		break;
	case 2:
		inet_proto_csum_replace2(&sum, skb, from, to, is_pseudo);
		break;
	case 4:
		inet_proto_csum_replace4(&sum, skb, from, to, is_pseudo);
		break;
	default:
		return -EINVAL;
	}

	if (is_mmzero && !sum)
		sum = CSUM_MANGLED_0;
	memcpy(skb->data + offset, &sum, sizeof(sum));
	return 0;
}

const struct bpf_func_proto bpf_l4_csum_replace_proto = {
	.func		= bpf_l4_csum_replace,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_ANYTHING,
	.arg5_type	= ARG_ANYTHING,
};

/* The kernel's per-CPU scratch space: one stack's worth of words. */
static struct bpf_scratchpad {
	union {
		__be32 diff[MAX_BPF_STACK / sizeof(__be32)];
		u8     buff[MAX_BPF_STACK];
	};
} bpf_sp;

/*
 * The checksum difference between two buffers: ~from summed with to, from
 * the seed. Both sizes multiples of 4, 512 bytes in all at most.
 */
u64 bpf_csum_diff(u64 from_, u64 from_size_, u64 to_, u64 to_size_, u64 seed)
{
	const u8 *from = (const u8 *)(uintptr_t)from_, *to = (const u8 *)(uintptr_t)to_;
	u32 from_size = from_size_, to_size = to_size_;
	struct bpf_scratchpad *sp = &bpf_sp;
	u32 diff_size = from_size + to_size;
	u32 i, j = 0;

	/* This is quite flexible, some examples:
	 *
	 * from_size == 0, to_size > 0,  seed := csum --> pushing data
	 * from_size > 0,  to_size == 0, seed := csum --> pulling data
	 * from_size > 0,  to_size > 0,  seed := 0    --> diffing data
	 *
	 * Even for diffing, from_size and to_size don't need to be equal.
	 */
	if (unlikely(((from_size | to_size) & (sizeof(__be32) - 1)) ||
		     diff_size > sizeof(sp->diff)))
		return -EINVAL;

	/* (the words may sit at any address: memcpy()) */
	for (i = 0; i < from_size / sizeof(__be32); i++, j++) {
		memcpy(&sp->diff[j], from + i * 4, 4);
		sp->diff[j] = ~sp->diff[j];
	}
	for (i = 0; i <   to_size / sizeof(__be32); i++, j++)
		memcpy(&sp->diff[j], to + i * 4, 4);

	return csum_partial(sp->diff, diff_size, seed);
}

const struct bpf_func_proto bpf_csum_diff_proto = {
	.func		= bpf_csum_diff,
	.gpl_only	= false,
	.pkt_access	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_MEM_OR_NULL,
	.arg2_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg3_type	= ARG_PTR_TO_MEM_OR_NULL,
	.arg4_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg5_type	= ARG_ANYTHING,
};

u64 bpf_csum_update(u64 skb_, u64 csum, u64 r3, u64 r4, u64 r5)
{
	struct sk_buff *skb = SKB(skb_);

	(void)r3; (void)r4; (void)r5;
	/* The interface is to be used in combination with bpf_csum_diff()
	 * for direct packet writes. csum rotation for alignment as well
	 * as emulating csum_sub() can be done from the eBPF program.
	 */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		return (skb->csum = csum_add(skb->csum, csum));

	return -ENOTSUPP;
}

const struct bpf_func_proto bpf_csum_update_proto = {
	.func		= bpf_csum_update,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

u64 bpf_csum_level(u64 skb_, u64 level, u64 r3, u64 r4, u64 r5)
{
	struct sk_buff *skb = SKB(skb_);

	(void)r3; (void)r4; (void)r5;
	/* The interface is to be used in combination with bpf_skb_adjust_room()
	 * for encap/decap of packet headers when BPF_F_ADJ_ROOM_NO_CSUM_RESET
	 * is passed as flags, for example.
	 */
	switch (level) {
	case BPF_CSUM_LEVEL_INC:
		__skb_incr_checksum_unnecessary(skb);
		break;
	case BPF_CSUM_LEVEL_DEC:
		__skb_decr_checksum_unnecessary(skb);
		break;
	case BPF_CSUM_LEVEL_RESET:
		__skb_reset_checksum_unnecessary(skb);
		break;
	case BPF_CSUM_LEVEL_QUERY:
		return skb->ip_summed == CHECKSUM_UNNECESSARY ?
		       skb->csum_level : (u64)-EACCES;
	default:
		return -EINVAL;
	}

	return 0;
}

const struct bpf_func_proto bpf_csum_level_proto = {
	.func		= bpf_csum_level,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};
