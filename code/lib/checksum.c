// SPDX-License-Identifier: GPL-2.0
/*
 * The checksum arithmetic that is not inline.
 *
 * Mirrors arch/x86/lib/csum-partial_64.c (do_csum(), csum_partial()) and
 * net/core/utils.c (inet_proto_csum_replace4(),
 * inet_proto_csum_replace_by_diff()), Linux v5.8; written afresh.
 *
 * csum_partial() returns a 32-bit partial sum. Its folded 16 bits are the
 * Internet checksum whatever way one sums; its 32 bits are not, and
 * bpf_csum_diff() hands them to the program. So this follows v5.8's x86-64
 * order: align the start to 2, 4 and 8 bytes, sum 64-bit words with carry,
 * fold to 32 bits, add the seed with carry. (Linux 5.16 rewrote it to sum
 * from the first byte whatever the alignment; the two differ, in their
 * 32 bits only, for buffers that are 2- but not 8-byte aligned.)
 */
#include "net/checksum.h"
#include "linux/skbuff.h"

static inline u32 add32_with_carry(u32 a, u32 b)
{
	u64 s = (u64)a + b;

	return (u32)s + (u32)(s >> 32);
}

static inline unsigned short from32to16(unsigned a)
{
	unsigned short b = a >> 16;

	b += a & 0xffff;
	return b + (b < (a & 0xffff));	/* the end-around carry */
}

static inline u64 add64_with_carry(u64 a, u64 b)
{
	u64 s = a + b;

	return s + (s < b);
}

/*
 * Do a 64-bit checksum on an arbitrary memory area. Returns a 32-bit
 * checksum. A buffer at an odd address is summed one byte later, so each
 * of its bytes lands in the other half of a 16-bit word; the result is
 * folded to 16 bits and its bytes swapped back.
 */
static unsigned do_csum(const unsigned char *buff, unsigned len)
{
	unsigned odd, count;
	u64 result = 0;

	if (unlikely(len == 0))
		return result;
	odd = 1 & (unsigned long)buff;
	if (unlikely(odd)) {
		result = *buff << 8;
		len--;
		buff++;
	}
	count = len >> 1;		/* nr of 16-bit words.. */
	if (count) {
		if (2 & (unsigned long)buff) {
			u16 w;

			memcpy(&w, buff, 2);
			result += w;
			count--;
			len -= 2;
			buff += 2;
		}
		count >>= 1;		/* nr of 32-bit words.. */
		if (count) {
			if (4 & (unsigned long)buff) {
				u32 w;

				memcpy(&w, buff, 4);
				result += w;
				count--;
				len -= 4;
				buff += 4;
			}
			count >>= 1;	/* nr of 64-bit words.. */

			/* the kernel's loop takes 64 bytes a turn; the sum
			 * is the same a word at a time
			 */
			while (count) {
				u64 w;

				memcpy(&w, buff, 8);
				result = add64_with_carry(result, w);
				count--;
				buff += 8;
			}
			result = add32_with_carry(result >> 32, result & 0xffffffff);

			if (len & 4) {
				u32 w;

				memcpy(&w, buff, 4);
				result += w;
				buff += 4;
			}
		}
		if (len & 2) {
			u16 w;

			memcpy(&w, buff, 2);
			result += w;
			buff += 2;
		}
	}
	if (len & 1)
		result += *buff;
	result = add32_with_carry(result >> 32, result & 0xffffffff);
	if (unlikely(odd)) {
		result = from32to16(result);
		result = ((result >> 8) & 0xff) | ((result & 0xff) << 8);
	}
	return result;
}

/*
 * computes the checksum of a memory block at buff, length len,
 * and adds in "sum" (32-bit)
 *
 * returns a 32-bit number suitable for feeding into itself
 * or csum_tcpudp_magic
 */
__wsum csum_partial(const void *buff, int len, __wsum sum)
{
	return (__wsum)add32_with_carry(do_csum(buff, len), (u32)sum);
}

void inet_proto_csum_replace4(__sum16 *sum, struct sk_buff *skb,
			      __be32 from, __be32 to, bool pseudohdr)
{
	__be32 diff[] = { ~from, to };

	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		*sum = csum_fold(csum_partial(diff, sizeof(diff),
					      ~csum_unfold(*sum)));
		if (skb->ip_summed == CHECKSUM_COMPLETE && pseudohdr)
			skb->csum = ~csum_partial(diff, sizeof(diff),
						  ~skb->csum);
	} else if (pseudohdr) {
		*sum = ~csum_fold(csum_partial(diff, sizeof(diff),
					       csum_unfold(*sum)));
	}
}

void inet_proto_csum_replace_by_diff(__sum16 *sum, struct sk_buff *skb,
				     __wsum diff, bool pseudohdr)
{
	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		*sum = csum_fold(csum_add(diff, ~csum_unfold(*sum)));
		if (skb->ip_summed == CHECKSUM_COMPLETE && pseudohdr)
			skb->csum = ~csum_add(diff, ~skb->csum);
	} else if (pseudohdr) {
		*sum = ~csum_fold(csum_add(csum_unfold(*sum), diff));
	}
}
