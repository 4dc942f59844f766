// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_LD_[ABS|IND]: classic BPF's packet loads, kept in eBPF for socket
 * filters and tc programs.
 *
 * Mirrors net/core/filter.c: bpf_internal_load_pointer_neg_helper(),
 * bpf_skb_load_helper_8/16/32(), their _no_cache forms and bpf_gen_ld_abs(),
 * Linux v5.8; written afresh.
 *
 * `r0 = *(u16 *)skb[k]` (LD_ABS) and `r0 = *(u16 *)skb[src + k]` (LD_IND)
 * read the packet with no bounds check in the program: the load checks,
 * and a load past the end makes the program return 0 on the spot, as a
 * classic filter's did. They read network byte order (the value comes out
 * swapped to the CPU's), from offset 0 of the data (the network header for
 * a socket filter), and negative offsets name the headers instead
 * (SKF_NET_OFF + n, SKF_LL_OFF + n: uapi/linux/filter.h).
 *
 * The interpreter and the JIT never see these instructions here: v5.8's
 * fixup_bpf_calls() replaces each with what bpf_gen_ld_abs() writes,
 * plain instructions and a call:
 *
 *	r2 = k                      (LD_IND: r2 = src; r2 += k)
 *	r1 = r6                     the context, which must be in R6
 *	call bpf_skb_load_helper_16_no_cache
 *	if r0 s>= 0 goto +2
 *	w0 ^= w0                    out of bounds: return 0
 *	exit
 */
#include "asm/unaligned.h"
#include "ctx.h"

/* uapi/linux/filter.h: offsets below 0 that name a header */
#define SKF_AD_OFF	(-0x1000)
#define SKF_NET_OFF	(-0x100000)
#define SKF_LL_OFF	(-0x200000)

/* A negative offset: relative to the network or the MAC header, if the
 * bytes are inside the buffer; NULL otherwise (the SKF_AD_OFF range of
 * classic extensions is not data).
 */
static void *bpf_internal_load_pointer_neg_helper(const struct sk_buff *skb,
						  int k, unsigned int size)
{
	/* as offsets from head: a pointer may not leave its buffer in C */
	long pos;

	if (k >= SKF_NET_OFF)
		pos = (long)skb->network_header + k - SKF_NET_OFF;
	else if (k >= SKF_LL_OFF)
		pos = (long)skb->mac_header + k - SKF_LL_OFF;
	else
		return NULL;

	if (pos >= 0 && pos + size <= skb->tail)
		return skb->head + pos;

	return NULL;
}

/*
 * The loads, with the linear part (data, headlen) passed in: classic BPF
 * converted to eBPF keeps them in registers (that is the "cache"). A
 * positive offset inside the linear part is a plain load; past it, a copy
 * from the fragments (skb_copy_bits(), -EFAULT past the end). Returns the
 * value, or -EFAULT: the caller tests the sign.
 */
u64 bpf_skb_load_helper_8(u64 skb_, u64 data_, u64 headlen_, u64 offset_, u64 r5)
{
	const struct sk_buff *skb = (const struct sk_buff *)(uintptr_t)skb_;
	const u8 *data = (const u8 *)(uintptr_t)data_;
	int headlen = headlen_, offset = offset_;
	u8 tmp, *ptr;
	const int len = sizeof(tmp);

	(void)r5;
	if (offset >= 0) {
		if (headlen - offset >= len)
			return *(u8 *)(data + offset);
		if (!skb_copy_bits(skb, offset, &tmp, sizeof(tmp)))
			return tmp;
	} else {
		ptr = bpf_internal_load_pointer_neg_helper(skb, offset, len);
		if (likely(ptr))
			return *(u8 *)ptr;
	}

	return -EFAULT;
}

u64 bpf_skb_load_helper_16(u64 skb_, u64 data_, u64 headlen_, u64 offset_, u64 r5)
{
	const struct sk_buff *skb = (const struct sk_buff *)(uintptr_t)skb_;
	const u8 *data = (const u8 *)(uintptr_t)data_;
	int headlen = headlen_, offset = offset_;
	u16 tmp;
	u8 *ptr;
	const int len = sizeof(tmp);

	(void)r5;
	if (offset >= 0) {
		if (headlen - offset >= len)
			return get_unaligned_be16(data + offset);
		if (!skb_copy_bits(skb, offset, &tmp, sizeof(tmp)))
			return get_unaligned_be16(&tmp);
	} else {
		ptr = bpf_internal_load_pointer_neg_helper(skb, offset, len);
		if (likely(ptr))
			return get_unaligned_be16(ptr);
	}

	return -EFAULT;
}

u64 bpf_skb_load_helper_32(u64 skb_, u64 data_, u64 headlen_, u64 offset_, u64 r5)
{
	const struct sk_buff *skb = (const struct sk_buff *)(uintptr_t)skb_;
	const u8 *data = (const u8 *)(uintptr_t)data_;
	int headlen = headlen_, offset = offset_;
	u32 tmp;
	u8 *ptr;
	const int len = sizeof(tmp);

	(void)r5;
	if (likely(offset >= 0)) {
		if (headlen - offset >= len)
			return get_unaligned_be32(data + offset);
		if (!skb_copy_bits(skb, offset, &tmp, sizeof(tmp)))
			return get_unaligned_be32(&tmp);
	} else {
		ptr = bpf_internal_load_pointer_neg_helper(skb, offset, len);
		if (likely(ptr))
			return get_unaligned_be32(ptr);
	}

	return -EFAULT;
}

/* eBPF's LD_ABS: nothing cached, the linear part read from the skb. */
static u64 skb_headlen_of(u64 skb_)
{
	return skb_headlen((const struct sk_buff *)(uintptr_t)skb_);
}

static u64 skb_data_of(u64 skb_)
{
	return (uintptr_t)((const struct sk_buff *)(uintptr_t)skb_)->data;
}

u64 bpf_skb_load_helper_8_no_cache(u64 skb, u64 offset, u64 r3, u64 r4, u64 r5)
{
	(void)r3; (void)r4; (void)r5;
	return bpf_skb_load_helper_8(skb, skb_data_of(skb), skb_headlen_of(skb),
				     offset, 0);
}

u64 bpf_skb_load_helper_16_no_cache(u64 skb, u64 offset, u64 r3, u64 r4, u64 r5)
{
	(void)r3; (void)r4; (void)r5;
	return bpf_skb_load_helper_16(skb, skb_data_of(skb), skb_headlen_of(skb),
				      offset, 0);
}

u64 bpf_skb_load_helper_32_no_cache(u64 skb, u64 offset, u64 r3, u64 r4, u64 r5)
{
	(void)r3; (void)r4; (void)r5;
	return bpf_skb_load_helper_32(skb, skb_data_of(skb), skb_headlen_of(skb),
				      offset, 0);
}

/* The instructions for one LD_ABS/LD_IND, into insn_buf; how many. */
int bpf_gen_ld_abs(const struct bpf_insn *orig, struct bpf_insn *insn_buf)
{
	bool indirect = BPF_MODE(orig->code) == BPF_IND;
	struct bpf_insn *insn = insn_buf;

	if (!indirect) {
		*insn++ = BPF_MOV64_IMM(BPF_REG_2, orig->imm);
	} else {
		*insn++ = BPF_MOV64_REG(BPF_REG_2, orig->src_reg);
		if (orig->imm)
			*insn++ = BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, orig->imm);
	}
	/* We're guaranteed here that CTX is in R6. */
	*insn++ = BPF_MOV64_REG(BPF_REG_1, BPF_REG_CTX);

	switch (BPF_SIZE(orig->code)) {
	case BPF_B:
		*insn++ = BPF_EMIT_CALL(bpf_skb_load_helper_8_no_cache);
		break;
	case BPF_H:
		*insn++ = BPF_EMIT_CALL(bpf_skb_load_helper_16_no_cache);
		break;
	case BPF_W:
		*insn++ = BPF_EMIT_CALL(bpf_skb_load_helper_32_no_cache);
		break;
	}

	*insn++ = BPF_JMP_IMM(BPF_JSGE, BPF_REG_0, 0, 2);
	*insn++ = BPF_ALU32_REG(BPF_XOR, BPF_REG_0, BPF_REG_0);
	*insn++ = BPF_EXIT_INSN();

	return insn - insn_buf;
}
