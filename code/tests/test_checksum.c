// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the checksum arithmetic (code/lib/checksum.c, net/checksum.h):
 * each result against a plain RFC 1071 sum computed here, byte by byte.
 */
#include <stdlib.h>
#include <string.h>

#include "asm/unaligned.h"
#include "linux/skbuff.h"
#include "net/checksum.h"
#include "ground_tests.h"

/* RFC 1071, the slow way: 16-bit words in memory order, end-around carry. */
static u16 ref_sum16(const u8 *p, int len, u32 seed)
{
	u64 sum = seed;

	for (int i = 0; i + 1 < len; i += 2)
		sum += p[i] | (u32)p[i + 1] << 8;
	if (len & 1)
		sum += p[len - 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (u16)sum;
}

START_TEST(csum_partial_folds_to_rfc1071)
{
	/* every start alignment and every length up to 80, random bytes */
	u8 *buf = malloc(128);

	srandom(1071);
	for (int i = 0; i < 128; i++)
		buf[i] = random();
	for (int a = 0; a < 8; a++) {
		for (int len = 0; len <= 80; len++) {
			u32 seed = random();
			u16 got = 0xffff & ~(u32)csum_fold(csum_partial(buf + a, len, seed));
			u16 want = ref_sum16(buf + a, len, seed);

			/* 0 and 0xffff are both zero in ones' complement */
			ck_assert_msg(got == want || (want == 0xffff && got == 0),
				      "align %d len %d: 0x%04x, RFC 1071 says 0x%04x",
				      a, len, got, want);
		}
	}
	free(buf);
}
END_TEST

START_TEST(csum_partial_raw_32_bits)
{
	/*
	 * 8-byte aligned, a multiple of 4: the 32-bit words summed with
	 * end-around carry, the seed added last (v5.8's x86-64 order), which
	 * is what bpf_csum_diff() returns to a program.
	 */
	u32 words[6] __aligned(8) = { 0xffffffff, 0x80000000, 0x80000001,
				      0x12345678, 0, 0xdeadbeef };
	u64 sum = 0;

	for (int i = 0; i < 6; i++)
		sum += words[i];
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum += 7;	/* the seed */
	sum = (sum & 0xffffffff) + (sum >> 32);
	ck_assert_uint_eq(csum_partial(words, sizeof(words), 7), (u32)sum);
	ck_assert_uint_eq(csum_partial(words, 0, 0x1234), 0x1234);
}
END_TEST

START_TEST(csum_fold_ipv4_header)
{
	/* RFC 1071's classic: an IPv4 header whose checksum is 0xb861. */
	u8 iph[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		       0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };

	ck_assert_uint_eq(get_unaligned_be16((u8[2]){ 0, 0 }), 0);
	put_unaligned_le16(csum_fold(csum_partial(iph, 20, 0)), iph + 10);
	ck_assert_uint_eq(get_unaligned_be16(iph + 10), 0xb861);
	/* and a header with its checksum in sums to 0xffff: folds to 0 */
	ck_assert_uint_eq(csum_fold(csum_partial(iph, 20, 0)), 0);
}
END_TEST

START_TEST(csum_replace_matches_recompute)
{
	/* Change a 16-bit and a 32-bit field of a checksummed header; the
	 * incremental updates must equal a full recomputation.
	 */
	u8 iph[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		       0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };
	__sum16 sum;
	u32 from, to;
	u16 f16;

	sum = csum_fold(csum_partial(iph, 20, 0));
	put_unaligned_le16(sum, iph + 10);

	memcpy(&f16, iph + 8, 2);		/* TTL and protocol */
	iph[8] = 0x3f;
	csum_replace2(&sum, f16, get_unaligned_le16(iph + 8));
	put_unaligned_le16(0, iph + 10);
	ck_assert_uint_eq(sum, csum_fold(csum_partial(iph, 20, 0)));
	put_unaligned_le16(sum, iph + 10);

	from = get_unaligned_le32(iph + 16);	/* the destination address */
	to = 0x0a0b0c0d;
	memcpy(iph + 16, &to, 4);
	csum_replace4(&sum, from, to);
	put_unaligned_le16(0, iph + 10);
	ck_assert_uint_eq(sum, csum_fold(csum_partial(iph, 20, 0)));

	/* by diff: ~from, to summed first, as bpf_csum_diff() does */
	put_unaligned_le16(sum, iph + 10);
	from = to;
	to = 0x01020304;
	memcpy(iph + 16, &to, 4);
	csum_replace_by_diff(&sum, csum_add(~from, to));
	put_unaligned_le16(0, iph + 10);
	ck_assert_uint_eq(sum, csum_fold(csum_partial(iph, 20, 0)));
}
END_TEST

START_TEST(inet_proto_csum_replace_checksum_states)
{
	struct sk_buff skb = { 0 };
	__sum16 sum = 0x1234, want = 0x1234;
	u32 from = 0xc0a80001, to = 0x0a000001;

	/* no checksum offload: the header checksum follows the field */
	skb.ip_summed = CHECKSUM_NONE;
	csum_replace4(&want, from, to);
	inet_proto_csum_replace4(&sum, &skb, from, to, true);
	ck_assert_uint_eq(sum, want);

	/* CHECKSUM_PARTIAL: the device sums the payload; only a
	 * pseudo-header field touches the seed, the other way round
	 */
	skb.ip_summed = CHECKSUM_PARTIAL;
	sum = 0x1234;
	inet_proto_csum_replace4(&sum, &skb, from, to, false);
	ck_assert_uint_eq(sum, 0x1234);
	inet_proto_csum_replace4(&sum, &skb, from, to, true);
	ck_assert_uint_eq(sum, (__sum16)~csum_fold(csum_add(csum_add(0x1234, ~from), to)));

	/* CHECKSUM_COMPLETE and a pseudo-header field: skb->csum moves too */
	skb.ip_summed = CHECKSUM_COMPLETE;
	skb.csum = 0x1111;
	sum = 0x1234;
	inet_proto_csum_replace4(&sum, &skb, from, to, true);
	ck_assert_uint_eq(sum, want);
	ck_assert_uint_eq(csum_fold(skb.csum),
			  csum_fold(~csum_add(csum_add(~0x1111u, ~from), to)));
}
END_TEST

void add_checksum_tests(Suite *s)
{
	TCase *tc = tcase_create("csum_partial");

	ADD(tc, csum_partial_folds_to_rfc1071);
	ADD(tc, csum_partial_raw_32_bits);
	ADD(tc, csum_fold_ipv4_header);
	ADD(tc, csum_replace_matches_recompute);
	ADD(tc, inet_proto_csum_replace_checksum_states);
	suite_add_tcase(s, tc);
}
