/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Internet checksum: a 16-bit ones' complement sum of 16-bit words.
 *
 * Mirrors include/net/checksum.h, include/asm-generic/checksum.h and the
 * x86-64 csum_fold()/csum_partial() (arch/x86/include/asm/checksum_64.h,
 * arch/x86/lib/csum-partial_64.c), Linux v5.8; written afresh.
 *
 * Two widths travel around. A __wsum is a 32-bit partial sum, not yet
 * folded: adding two of them with the end-around carry (csum_add()) keeps
 * the ones' complement arithmetic exact. A __sum16 is what a header holds:
 * the folded, complemented 16 bits (csum_fold()). Many 32-bit values fold
 * to the same __sum16, so a raw __wsum (what bpf_csum_diff() returns)
 * depends on how it was summed; the x86-64 kernel's way is the one
 * csum_partial() below follows.
 */
#ifndef _SHIM_NET_CHECKSUM_H
#define _SHIM_NET_CHECKSUM_H

#include "linux/kernel.h"

typedef u32 __wsum;
typedef u16 __sum16;

/* What a zero UDP checksum is sent as (0 means "none"). */
#define CSUM_MANGLED_0 ((__sum16)0xffff)

/* The sum of len bytes at buff, added to sum (code/lib/checksum.c). */
__wsum csum_partial(const void *buff, int len, __wsum sum);

/* Fold a 32-bit partial sum to 16 bits and complement it. */
static inline __sum16 csum_fold(__wsum csum)
{
	u32 sum = csum;

	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__sum16)~sum;
}

static inline __wsum csum_unfold(__sum16 n)
{
	return (__wsum)n;
}

static inline __wsum csum_add(__wsum csum, __wsum addend)
{
	u32 res = csum;

	res += addend;
	return res + (res < addend);
}

static inline __wsum csum_sub(__wsum csum, __wsum addend)
{
	return csum_add(csum, ~addend);
}

static inline __sum16 csum16_add(__sum16 csum, u16 addend)
{
	u16 res = csum;

	res += addend;
	return (__sum16)(res + (res < addend));
}

static inline __sum16 csum16_sub(__sum16 csum, u16 addend)
{
	return csum16_add(csum, ~addend);
}

static inline u32 ror32(u32 word, unsigned int shift)
{
	return (word >> (shift & 31)) | (word << ((-shift) & 31));
}

/* Add the sum of a block that starts at an odd offset: its bytes sit in
 * the other half of each 16-bit word, so the sum is rotated by 8 first.
 */
static inline __wsum csum_block_add(__wsum csum, __wsum csum2, int offset)
{
	u32 sum = csum2;

	if (offset & 1)
		sum = ror32(sum, 8);
	return csum_add(csum, sum);
}

static inline __wsum csum_block_sub(__wsum csum, __wsum csum2, int offset)
{
	return csum_block_add(csum, ~csum2, offset);
}

/* A header checksum after one of its 16/32-bit words changed from `from`
 * to `to` (RFC 1624: ~(~old + ~from + to)), or after a precomputed diff.
 */
static inline void csum_replace_by_diff(__sum16 *sum, __wsum diff)
{
	*sum = csum_fold(csum_add(diff, ~csum_unfold(*sum)));
}

static inline void csum_replace4(__sum16 *sum, __be32 from, __be32 to)
{
	__wsum tmp = csum_sub(~csum_unfold(*sum), (__wsum)from);

	*sum = csum_fold(csum_add(tmp, (__wsum)to));
}

static inline void csum_replace2(__sum16 *sum, __be16 old, __be16 new)
{
	*sum = ~csum16_add(csum16_sub(~(*sum), old), new);
}

/*
 * The same for a transport checksum (TCP, UDP) of a received skb
 * (net/core/utils.c): with CHECKSUM_PARTIAL the device still has to sum
 * the payload, so only a pseudo-header field may be patched into the
 * seed; with CHECKSUM_COMPLETE, a pseudo-header change is carried into
 * skb->csum too (pseudohdr: the field is in the pseudo-header).
 */
struct sk_buff;
void inet_proto_csum_replace4(__sum16 *sum, struct sk_buff *skb,
			      __be32 from, __be32 to, bool pseudohdr);
void inet_proto_csum_replace_by_diff(__sum16 *sum, struct sk_buff *skb,
				     __wsum diff, bool pseudohdr);
static inline void inet_proto_csum_replace2(__sum16 *sum, struct sk_buff *skb,
					    __be16 from, __be16 to, bool pseudohdr)
{
	inet_proto_csum_replace4(sum, skb, (__be32)from, (__be32)to, pseudohdr);
}

#endif /* _SHIM_NET_CHECKSUM_H */
