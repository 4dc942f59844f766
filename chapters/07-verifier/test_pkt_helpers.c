// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 07 tests: the packet helpers (skb_helpers.c, csum_helpers.c,
 * xdp_helpers.c, sk_lookup.c) and the helper tables (protos.c).
 *
 * Each helper is called as the interpreter and the JIT call it (five u64
 * in, one out) on an skb or xdp_buff built as BPF_PROG_TEST_RUN builds
 * them, and checked against values computed here: checksums against a
 * plain RFC 1071 sum of the changed packet, bounds against the kernel's
 * limits. Where chapter 03's walk can already check the call (arguments
 * that are the context, scalars, or stack memory with its size), the
 * helper is also called from a loaded program, through the interpreter and
 * the JIT. The rest (uninitialized stack memory, memory or NULL, sockets)
 * is checked by the walk once it knows those argument types.
 *
 *   CK_RUN_CASE=bpf_l3_csum_replace make test-07
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "linux/bpf_interp.h"
#include "linux/etherdevice.h"
#include "linux/file.h"
#include "linux/netdevice.h"
#include "net/dst_metadata.h"
#include "test_ctx.h"

#define U(p)	((u64)(uintptr_t)(p))

/* An skb around test_frame, as a test run builds it: the data at the MAC
 * header for tc (l2), at the IP header for a socket filter.
 */
static struct sk_buff *frame_skb(bool l2)
{
	unsigned int size = kmalloc_size_roundup(NET_SKB_PAD + FRAME_LEN +
						 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)));
	u8 *data = calloc(1, size);
	struct sk_buff *skb = build_skb(data, size);

	ck_assert_ptr_nonnull(skb);
	skb_reserve(skb, NET_SKB_PAD);
	memcpy(__skb_put(skb, FRAME_LEN), test_frame, FRAME_LEN);
	skb->protocol = eth_type_trans(skb, &loopback_dev);
	skb_reset_network_header(skb);
	if (l2)
		__skb_push(skb, ETH_HLEN);
	bpf_compute_data_pointers(skb);
	return skb;
}

static void *data_end_of(const struct sk_buff *skb)
{
	return ((const struct bpf_skb_data_end *)skb->cb)->data_end;
}

/* The IPv4 header's and the UDP checksum's verdicts: 0xffff is right. */
static u16 ip_csum_of(const u8 *ip)
{
	return test_csum16(ip, 20, 0);
}

static u16 udp_csum_of(const u8 *ip)
{
	return test_csum16(ip + 20, 26, test_csum16(ip + 12, 8, 17 + 26));
}

/* A program through both runtimes on test_frame: R0 and data_out. */
static void run_both(u32 type, const struct bpf_insn *insns, u32 len,
		     u64 want_r0, u8 *out, u32 *out_len)
{
	for (int jit = 0; jit < RUNTIMES; jit++) {
		int fd = ctx_load_ok(type, insns, len, jit);
		union bpf_attr attr;
		u8 buf[256];
		u64 r0;

		memset(&attr, 0, sizeof(attr));
		attr.test.prog_fd = fd;
		attr.test.data_in = U(test_frame);
		attr.test.data_size_in = FRAME_LEN;
		attr.test.data_out = U(buf);
		attr.test.data_size_out = sizeof(buf);
		ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
		r0 = bpf_test_run_last_r0();
		ck_assert_msg(r0 == want_r0, "%s: r0 = 0x%llx, expected 0x%llx",
			      runtime_name[jit], (unsigned long long)r0,
			      (unsigned long long)want_r0);
		if (out) {
			if (jit)
				ck_assert_msg(*out_len == attr.test.data_size_out &&
					      !memcmp(out, buf, *out_len),
					      "the JIT's data_out differs from the interpreter's");
			memcpy(out, buf, attr.test.data_size_out);
			*out_len = attr.test.data_size_out;
		}
		close_fd(fd);
	}
}

/* ---- bytes in and out ---------------------------------------------------- */

START_TEST(bpf_skb_load_bytes_bounds)
{
	struct sk_buff *skb = frame_skb(true);
	u8 buf[32];

	ck_assert_int_eq(bpf_skb_load_bytes(U(skb), FRAME_IP, U(buf), 20, 0), 0);
	ck_assert_mem_eq(buf, test_frame + FRAME_IP, 20);
	ck_assert_int_eq(bpf_skb_load_bytes(U(skb), FRAME_LEN - 4, U(buf), 4, 0), 0);

	/* one byte past the end: -EFAULT, and the buffer zeroed, not left */
	memset(buf, 0xaa, sizeof(buf));
	ck_assert_int_eq((s64)bpf_skb_load_bytes(U(skb), FRAME_LEN - 4, U(buf), 5, 0), -EFAULT);
	ck_assert_mem_eq(buf, (u8[5]){ 0 }, 5);
	ck_assert_uint_eq(buf[5], 0xaa);
	ck_assert_int_eq((s64)bpf_skb_load_bytes(U(skb), 0x10000, U(buf), 1, 0), -EFAULT);
	ck_assert_int_eq((s64)bpf_skb_load_bytes(U(skb), 0xffffffff, U(buf), 4, 0), -EFAULT);
	kfree_skb(skb);
}
END_TEST

START_TEST(bpf_skb_load_bytes_relative_headers)
{
	/* a socket filter's data starts at the IP header: the MAC header
	 * is still readable relative to itself
	 */
	struct sk_buff *skb = frame_skb(false);
	u8 buf[4] = { 0 };

	ck_assert_int_eq(bpf_skb_load_bytes_relative(U(skb), 12, U(buf), 2, BPF_HDR_START_MAC), 0);
	ck_assert_mem_eq(buf, ((u8[]){ 0x08, 0x00 }), 2);
	ck_assert_int_eq(bpf_skb_load_bytes_relative(U(skb), 9, U(buf), 1, BPF_HDR_START_NET), 0);
	ck_assert_uint_eq(buf[0], 17);
	ck_assert_int_eq((s64)bpf_skb_load_bytes_relative(U(skb), FRAME_LEN - 14, U(buf), 1,
							  BPF_HDR_START_NET), -EFAULT);
	ck_assert_int_eq((s64)bpf_skb_load_bytes_relative(U(skb), FRAME_LEN - 1, U(buf), 1,
							  BPF_HDR_START_MAC), 0);
	ck_assert_int_eq((s64)bpf_skb_load_bytes_relative(U(skb), 0, U(buf), 1, 2), -EFAULT);
	skb->mac_header = (u16)~0U;
	ck_assert_int_eq((s64)bpf_skb_load_bytes_relative(U(skb), 0, U(buf), 1,
							  BPF_HDR_START_MAC), -EFAULT);
	kfree_skb(skb);
}
END_TEST

START_TEST(bpf_skb_store_bytes_csum)
{
	struct sk_buff *skb = frame_skb(true);
	u8 new[3] = { 0xde, 0xad, 0xbf };

	/* CHECKSUM_COMPLETE: the device's sum of the packet stays right */
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = csum_partial(skb->data, skb->len, 0);
	skb->hash = 42;
	skb->sw_hash = 1;
	ck_assert_int_eq(bpf_skb_store_bytes(U(skb), 43, U(new), 3,
					     BPF_F_RECOMPUTE_CSUM | BPF_F_INVALIDATE_HASH), 0);
	ck_assert_mem_eq(skb->data + 43, new, 3);
	ck_assert_uint_eq(csum_fold(skb->csum), csum_fold(csum_partial(skb->data, skb->len, 0)));
	ck_assert_uint_eq(skb->hash, 0);
	/* without the flag the sum goes stale */
	ck_assert_int_eq(bpf_skb_store_bytes(U(skb), 44, U(new), 2, 0), 0);
	ck_assert_uint_ne(csum_fold(skb->csum), csum_fold(csum_partial(skb->data, skb->len, 0)));

	ck_assert_int_eq((s64)bpf_skb_store_bytes(U(skb), 0, U(new), 1, 4), -EINVAL);
	ck_assert_int_eq((s64)bpf_skb_store_bytes(U(skb), FRAME_LEN - 2, U(new), 3, 0), -EFAULT);
	ck_assert_int_eq((s64)bpf_skb_store_bytes(U(skb), 0x10000, U(new), 1, 0), -EFAULT);
	ck_assert_ptr_eq(data_end_of(skb), skb->data + skb->len);
	kfree_skb(skb);
}
END_TEST

/* ---- checksums ----------------------------------------------------------- */

START_TEST(bpf_l3_csum_replace_fields)
{
	struct sk_buff *skb = frame_skb(true);
	u8 *ip = skb->data + FRAME_IP;
	u16 old16, new16;
	u32 old32, new32;

	/* TTL 64 -> 63: the 16-bit word TTL|protocol, as stored */
	memcpy(&old16, ip + 8, 2);
	ip[8] = 63;
	memcpy(&new16, ip + 8, 2);
	ck_assert_int_eq(bpf_l3_csum_replace(U(skb), FRAME_IP + 10, old16, new16, 2), 0);
	ck_assert_uint_eq(ip_csum_of(ip), 0xffff);

	/* the destination address, 32 bits */
	memcpy(&old32, ip + 16, 4);
	new32 = htonl(0xc0a80101);
	memcpy(ip + 16, &new32, 4);
	ck_assert_int_eq(bpf_l3_csum_replace(U(skb), FRAME_IP + 10, old32, new32, 4), 0);
	ck_assert_uint_eq(ip_csum_of(ip), 0xffff);

	/* by a difference: bpf_csum_diff() of the old and new source */
	memcpy(&old32, ip + 12, 4);
	new32 = htonl(0x0a0a0a0a);
	memcpy(ip + 12, &new32, 4);
	ck_assert_int_eq(bpf_l3_csum_replace(U(skb), FRAME_IP + 10, 0,
					     bpf_csum_diff(U(&old32), 4, U(&new32), 4, 0), 0), 0);
	ck_assert_uint_eq(ip_csum_of(ip), 0xffff);

	/* refused: odd or far offset, past the end, unknown sizes, flags */
	ck_assert_int_eq((s64)bpf_l3_csum_replace(U(skb), FRAME_IP + 11, 0, 0, 2), -EFAULT);
	ck_assert_int_eq((s64)bpf_l3_csum_replace(U(skb), 0x10000, 0, 0, 2), -EFAULT);
	ck_assert_int_eq((s64)bpf_l3_csum_replace(U(skb), FRAME_LEN - 1 + 1, 0, 0, 2), -EFAULT);
	ck_assert_int_eq((s64)bpf_l3_csum_replace(U(skb), FRAME_IP + 10, 0, 0, 3), -EINVAL);
	ck_assert_int_eq((s64)bpf_l3_csum_replace(U(skb), FRAME_IP + 10, 1, 0, 0), -EINVAL);
	ck_assert_int_eq((s64)bpf_l3_csum_replace(U(skb), FRAME_IP + 10, 0, 0, BPF_F_PSEUDO_HDR), -EINVAL);
	ck_assert_uint_eq(ip_csum_of(ip), 0xffff);
	kfree_skb(skb);
}
END_TEST

START_TEST(bpf_l4_csum_replace_pseudo_header)
{
	struct sk_buff *skb = frame_skb(true);
	u8 *ip = skb->data + FRAME_IP;
	u32 old32, new32;
	u16 sum, old16, new16;

	/* NAT the destination: IP header and UDP (pseudo-header) checksums */
	memcpy(&old32, ip + 16, 4);
	new32 = htonl(0xac100001);
	memcpy(ip + 16, &new32, 4);
	ck_assert_int_eq(bpf_l3_csum_replace(U(skb), FRAME_IP + 10, old32, new32, 4), 0);
	ck_assert_int_eq(bpf_l4_csum_replace(U(skb), FRAME_UDP + 6, old32, new32,
					     BPF_F_PSEUDO_HDR | 4), 0);
	ck_assert_uint_eq(ip_csum_of(ip), 0xffff);
	ck_assert_uint_eq(udp_csum_of(ip), 0xffff);

	/* a port: in the UDP header, not the pseudo-header */
	memcpy(&old16, ip + 22, 2);
	new16 = htons(5353);
	memcpy(ip + 22, &new16, 2);
	ck_assert_int_eq(bpf_l4_csum_replace(U(skb), FRAME_UDP + 6, old16, new16, 2), 0);
	ck_assert_uint_eq(udp_csum_of(ip), 0xffff);

	/* BPF_F_MARK_MANGLED_0: a UDP checksum of 0 ("none") stays 0... */
	memcpy(&sum, ip + 26, 2);
	memset(ip + 26, 0, 2);
	ck_assert_int_eq(bpf_l4_csum_replace(U(skb), FRAME_UDP + 6, old16, new16,
					     BPF_F_MARK_MANGLED_0 | 2), 0);
	ck_assert_mem_eq(ip + 26, ((u8[2]){ 0, 0 }), 2);
	/* ...and a result of 0 is sent as 0xffff: S + ~S folds to 0 */
	memcpy(ip + 26, &sum, 2);
	ck_assert_int_eq(bpf_l4_csum_replace(U(skb), FRAME_UDP + 6, 0, sum,
					     BPF_F_MARK_MANGLED_0), 0);
	ck_assert_mem_eq(ip + 26, ((u8[2]){ 0xff, 0xff }), 2);

	ck_assert_int_eq((s64)bpf_l4_csum_replace(U(skb), FRAME_UDP + 6, 0, 0, 1 << 7), -EINVAL);
	ck_assert_int_eq((s64)bpf_l4_csum_replace(U(skb), FRAME_UDP + 7, 0, 0, 2), -EFAULT);
	kfree_skb(skb);
}
END_TEST

START_TEST(bpf_l3_csum_replace_program)
{
	/*
	 * A tc program decrements the TTL: the new word onto the stack,
	 * bpf_skb_store_bytes() it into the packet, bpf_l3_csum_replace()
	 * the checksum. The constants are the test frame's (TTL 64, UDP).
	 */
	static const struct bpf_insn prog[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_ST_MEM(BPF_H, BPF_REG_10, -8, 0x113f),	/* 3f 11: TTL 63, UDP */
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_MOV64_IMM(BPF_REG_2, FRAME_IP + 8),
		BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -8),
		BPF_MOV64_IMM(BPF_REG_4, 2),
		BPF_MOV64_IMM(BPF_REG_5, 0),
		BPF_CALL_HELPER(BPF_FUNC_skb_store_bytes),
		BPF_MOV64_REG(BPF_REG_7, BPF_REG_0),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_MOV64_IMM(BPF_REG_2, FRAME_IP + 10),
		BPF_MOV64_IMM(BPF_REG_3, 0x1140),		/* 40 11 */
		BPF_MOV64_IMM(BPF_REG_4, 0x113f),
		BPF_MOV64_IMM(BPF_REG_5, 2),
		BPF_CALL_HELPER(BPF_FUNC_l3_csum_replace),
		BPF_ALU64_REG(BPF_OR, BPF_REG_0, BPF_REG_7),	/* 0 if both were */
		BPF_EXIT_INSN(),
	};
	u8 out[256];
	u32 len = 0;

	run_both(BPF_PROG_TYPE_SCHED_CLS, prog, ARRAY_SIZE(prog), 0, out, &len);
	ck_assert_uint_eq(len, FRAME_LEN);
	ck_assert_uint_eq(out[FRAME_IP + 8], 63);
	ck_assert_uint_eq(ip_csum_of(out + FRAME_IP), 0xffff);
	ck_assert_mem_eq(out + FRAME_UDP, test_frame + FRAME_UDP, FRAME_LEN - FRAME_UDP);
}
END_TEST

START_TEST(bpf_csum_diff_values)
{
	/* The live 6.x kernel's bpf_csum_diff() for these words returns
	 * 0x8a8a: since ~6.13 it folds to 16 bits on every architecture.
	 * v5.8 on x86-64 returns csum_partial()'s 32 bits: the words summed
	 * with end-around carry, then the seed. Both, from the same words.
	 */
	u32 from[1] = { 0x04030201 }, to[2] = { 0x0d0c0b0a, 0x44332211 };
	u64 sum = (u64)(u32)~from[0] + to[0] + to[1];
	u64 ret;

	sum = (sum & 0xffffffff) + (sum >> 32);
	sum += 0x1234;
	sum = (sum & 0xffffffff) + (sum >> 32);
	ret = bpf_csum_diff(U(from), 4, U(to), 8, 0x1234);
	ck_assert_uint_eq(ret, sum);
	ck_assert_uint_eq(ret, 0x4d3c3d4e);
	ck_assert_uint_eq((u16)~csum_fold(ret), 0x8a8a);

	/* a diff updates a checksum to that of the new bytes (RFC 1624) */
	srandom(1624);
	for (int n = 0; n < 200; n++) {
		u8 data[40];
		u32 old[3], new[3];
		__sum16 s;

		for (size_t i = 0; i < sizeof(data); i++)
			data[i] = random();
		for (int i = 0; i < 3; i++)
			new[i] = random();
		s = csum_fold(csum_partial(data, sizeof(data), 0));
		memcpy(old, data + 8, 12);
		memcpy(data + 8, new, 12);
		csum_replace_by_diff(&s, bpf_csum_diff(U(old), 12, U(new), 12, 0));
		ck_assert_uint_eq(s, csum_fold(csum_partial(data, sizeof(data), 0)));
	}

	/* sizes: multiples of 4, 512 bytes in all */
	ck_assert_int_eq((s64)bpf_csum_diff(U(from), 3, 0, 0, 0), -EINVAL);
	ck_assert_int_eq((s64)bpf_csum_diff(0, 0, U(to), 6, 0), -EINVAL);
	{
		u8 *big = calloc(1, 512);

		ck_assert_int_eq((s64)bpf_csum_diff(U(big), 256, U(big), 260, 0), -EINVAL);
		/* 64 words of ~0 and 64 of 0: all ones, end-around */
		ck_assert_uint_eq(bpf_csum_diff(U(big), 256, U(big), 256, 0), 0xffffffff);
		free(big);
	}
	ck_assert_uint_eq(bpf_csum_diff(0, 0, 0, 0, 0x77), 0x77);
}
END_TEST

START_TEST(bpf_csum_update_and_level)
{
	struct sk_buff *skb = frame_skb(true);

	ck_assert_int_eq((s64)bpf_csum_update(U(skb), 5, 0, 0, 0), -ENOTSUPP);
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = 0xfffffff0;
	ck_assert_uint_eq(bpf_csum_update(U(skb), 0x20, 0, 0, 0), 0x11);
	ck_assert_uint_eq(skb->csum, 0x11);

	skb->ip_summed = CHECKSUM_NONE;
	ck_assert_int_eq((s64)bpf_csum_level(U(skb), BPF_CSUM_LEVEL_QUERY, 0, 0, 0), -EACCES);
	ck_assert_int_eq(bpf_csum_level(U(skb), BPF_CSUM_LEVEL_INC, 0, 0, 0), 0);
	ck_assert_uint_eq(skb->ip_summed, CHECKSUM_UNNECESSARY);
	ck_assert_int_eq(bpf_csum_level(U(skb), BPF_CSUM_LEVEL_INC, 0, 0, 0), 0);
	ck_assert_uint_eq(bpf_csum_level(U(skb), BPF_CSUM_LEVEL_QUERY, 0, 0, 0), 1);
	ck_assert_int_eq(bpf_csum_level(U(skb), BPF_CSUM_LEVEL_DEC, 0, 0, 0), 0);
	ck_assert_int_eq(bpf_csum_level(U(skb), BPF_CSUM_LEVEL_DEC, 0, 0, 0), 0);
	ck_assert_uint_eq(skb->ip_summed, CHECKSUM_NONE);
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	ck_assert_int_eq(bpf_csum_level(U(skb), BPF_CSUM_LEVEL_RESET, 0, 0, 0), 0);
	ck_assert_uint_eq(skb->ip_summed, CHECKSUM_NONE);
	ck_assert_int_eq((s64)bpf_csum_level(U(skb), 4, 0, 0, 0), -EINVAL);
	kfree_skb(skb);
}
END_TEST

/* ---- the packet's size ----------------------------------------------------- */

START_TEST(bpf_skb_pull_data_len)
{
	struct sk_buff *skb = frame_skb(true);

	ck_assert_int_eq(bpf_skb_pull_data(U(skb), 0, 0, 0, 0), 0);
	ck_assert_int_eq(bpf_skb_pull_data(U(skb), FRAME_LEN, 0, 0, 0), 0);
	ck_assert_int_eq((s64)bpf_skb_pull_data(U(skb), FRAME_LEN + 1, 0, 0, 0), -ENOMEM);
	ck_assert_ptr_eq(data_end_of(skb), skb->data + FRAME_LEN);
	kfree_skb(skb);
}
END_TEST

START_TEST(bpf_skb_change_tail_limits)
{
	struct sk_buff *skb = frame_skb(true);

	/* grow: zeros after the packet, in a bigger buffer if need be */
	ck_assert_int_eq(bpf_skb_change_tail(U(skb), 200, 0, 0, 0), 0);
	ck_assert_uint_eq(skb->len, 200);
	ck_assert_mem_eq(skb->data, test_frame, FRAME_LEN);
	for (int i = FRAME_LEN; i < 200; i++)
		ck_assert_uint_eq(skb->data[i], 0);
	ck_assert_ptr_eq(data_end_of(skb), skb->data + 200);
	/* shrink */
	ck_assert_int_eq(bpf_skb_change_tail(U(skb), 20, 0, 0, 0), 0);
	ck_assert_uint_eq(skb->len, 20);
	ck_assert_ptr_eq(data_end_of(skb), skb->data + 20);
	/* not into the headers the stack parsed, not past SKB_MAX_ALLOC */
	ck_assert_int_eq((s64)bpf_skb_change_tail(U(skb), ETH_HLEN - 1, 0, 0, 0), -EINVAL);
	ck_assert_int_eq(bpf_skb_change_tail(U(skb), ETH_HLEN, 0, 0, 0), 0);
	ck_assert_int_eq((s64)bpf_skb_change_tail(U(skb), 16064 + 1, 0, 0, 0), -EINVAL);
	ck_assert_int_eq(bpf_skb_change_tail(U(skb), 16064, 0, 0, 0), 0);
	ck_assert_int_eq((s64)bpf_skb_change_tail(U(skb), 100, 1, 0, 0), -EINVAL);
	skb->encapsulation = 1;
	ck_assert_int_eq((s64)bpf_skb_change_tail(U(skb), 100, 0, 0, 0), -ENOTSUPP);
	kfree_skb(skb);
}
END_TEST

START_TEST(bpf_skb_change_head_room)
{
	struct sk_buff *skb = frame_skb(true);

	/* more than the 64 bytes of headroom: a new buffer */
	ck_assert_int_eq(bpf_skb_change_head(U(skb), 100, 0, 0, 0), 0);
	ck_assert_uint_eq(skb->len, FRAME_LEN + 100);
	for (int i = 0; i < 100; i++)
		ck_assert_uint_eq(skb->data[i], 0);
	ck_assert_mem_eq(skb->data + 100, test_frame, FRAME_LEN);
	ck_assert_ptr_eq(skb_mac_header(skb), skb->data);
	ck_assert_ptr_eq(data_end_of(skb), skb->data + FRAME_LEN + 100);
	ck_assert_int_eq((s64)bpf_skb_change_head(U(skb), 4, 1, 0, 0), -EINVAL);
	ck_assert_int_eq((s64)bpf_skb_change_head(U(skb), 16064, 0, 0, 0), -EINVAL);
	ck_assert_int_eq((s64)bpf_skb_change_head(U(skb), 0xffffffff, 0, 0, 0), -EINVAL);
	kfree_skb(skb);
}
END_TEST

START_TEST(bpf_skb_adjust_room_modes)
{
	struct sk_buff *skb = frame_skb(true);

	/* BPF_ADJ_ROOM_NET: 8 bytes after the IP header (for a tunnel's) */
	ck_assert_int_eq(bpf_skb_adjust_room(U(skb), 8, BPF_ADJ_ROOM_NET, 0, 0), 0);
	ck_assert_uint_eq(skb->len, FRAME_LEN + 8);
	ck_assert_mem_eq(skb->data, test_frame, FRAME_UDP);
	ck_assert_mem_eq(skb->data + FRAME_UDP, (u8[8]){ 0 }, 8);
	ck_assert_mem_eq(skb->data + FRAME_UDP + 8, test_frame + FRAME_UDP, FRAME_LEN - FRAME_UDP);
	ck_assert_ptr_eq(skb_mac_header(skb), skb->data);
	ck_assert_int_eq(skb_network_offset(skb), ETH_HLEN);
	ck_assert_ptr_eq(data_end_of(skb), skb->data + FRAME_LEN + 8);
	/* and out again */
	ck_assert_int_eq(bpf_skb_adjust_room(U(skb), -8, BPF_ADJ_ROOM_NET, 0, 0), 0);
	ck_assert_uint_eq(skb->len, FRAME_LEN);
	ck_assert_mem_eq(skb->data, test_frame, FRAME_LEN);

	/* BPF_ADJ_ROOM_MAC, with encapsulation: the old headers are inner */
	ck_assert_int_eq(bpf_skb_adjust_room(U(skb), 20, BPF_ADJ_ROOM_MAC,
					     BPF_F_ADJ_ROOM_ENCAP_L3_IPV4, 0), 0);
	ck_assert_mem_eq(skb->data, test_frame, ETH_HLEN);
	ck_assert_mem_eq(skb->data + ETH_HLEN + 20, test_frame + ETH_HLEN, FRAME_LEN - ETH_HLEN);
	ck_assert(skb->encapsulation);
	ck_assert_int_eq(skb->inner_network_header - skb->network_header, 20);
	ck_assert_int_eq((s64)bpf_skb_adjust_room(U(skb), 20, BPF_ADJ_ROOM_MAC,
						  BPF_F_ADJ_ROOM_ENCAP_L3_IPV4, 0), -EALREADY);

	/* refused */
	ck_assert_int_eq((s64)bpf_skb_adjust_room(U(skb), 8, 2, 0, 0), -ENOTSUPP);
	ck_assert_int_eq((s64)bpf_skb_adjust_room(U(skb), 0x1000, BPF_ADJ_ROOM_NET, 0, 0), -EFAULT);
	ck_assert_int_eq((s64)bpf_skb_adjust_room(U(skb), 8, BPF_ADJ_ROOM_NET, 1ULL << 7, 0), -EINVAL);
	/* shrinking by all there is after the MAC header */
	ck_assert_int_eq((s64)bpf_skb_adjust_room(U(skb), -(int)(skb->len - skb_network_offset(skb)),
						  BPF_ADJ_ROOM_NET, 0, 0), -ENOTSUPP);
	ck_assert_int_eq((s64)bpf_skb_adjust_room(U(skb), 8, BPF_ADJ_ROOM_NET,
						  BPF_F_ADJ_ROOM_ENCAP_L3_IPV4 |
						  BPF_F_ADJ_ROOM_ENCAP_L3_IPV6, 0), -EINVAL);
	skb->protocol = htons(ETH_P_ARP);
	ck_assert_int_eq((s64)bpf_skb_adjust_room(U(skb), 8, BPF_ADJ_ROOM_NET, 0, 0), -ENOTSUPP);
	kfree_skb(skb);
}
END_TEST

START_TEST(bpf_skb_adjust_room_program)
{
	/* r0 = adjust_room(ctx, 8, NET, 0): data_out has the 8 zero bytes */
	static const struct bpf_insn prog[] = {
		BPF_MOV64_IMM(BPF_REG_2, 8),
		BPF_MOV64_IMM(BPF_REG_3, BPF_ADJ_ROOM_NET),
		BPF_MOV64_IMM(BPF_REG_4, 0),
		BPF_CALL_HELPER(BPF_FUNC_skb_adjust_room),
		BPF_EXIT_INSN(),
	};
	u8 out[256];
	u32 len = 0;

	run_both(BPF_PROG_TYPE_SCHED_CLS, prog, ARRAY_SIZE(prog), 0, out, &len);
	ck_assert_uint_eq(len, FRAME_LEN + 8);
	ck_assert_mem_eq(out + FRAME_UDP, (u8[8]){ 0 }, 8);
	ck_assert_mem_eq(out + FRAME_UDP + 8, test_frame + FRAME_UDP, FRAME_LEN - FRAME_UDP);
}
END_TEST

/* ---- metadata ------------------------------------------------------------ */

START_TEST(bpf_skb_vlan_push_pop_program)
{
	/*
	 * Push 100, push 200 (the 100 goes into the packet), read the tag
	 * fields through __sk_buff, pop: r0 = vlan_tci | vlan_present << 16
	 * | (len after the pushes) << 32.
	 */
	static const struct bpf_insn prog[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_MOV64_IMM(BPF_REG_2, 0x0081),		/* htons(ETH_P_8021Q) */
		BPF_MOV64_IMM(BPF_REG_3, 100),
		BPF_CALL_HELPER(BPF_FUNC_skb_vlan_push),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_MOV64_IMM(BPF_REG_2, 0x1234),		/* not a VLAN type: 802.1Q */
		BPF_MOV64_IMM(BPF_REG_3, 200),
		BPF_CALL_HELPER(BPF_FUNC_skb_vlan_push),
		BPF_LDX_MEM(BPF_W, BPF_REG_7, BPF_REG_6, offsetof(struct __sk_buff, len)),
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_6, offsetof(struct __sk_buff, vlan_tci)),
		BPF_LDX_MEM(BPF_W, BPF_REG_8, BPF_REG_6, offsetof(struct __sk_buff, vlan_present)),
		BPF_ALU64_IMM(BPF_LSH, BPF_REG_8, 16),
		BPF_ALU64_REG(BPF_OR, BPF_REG_0, BPF_REG_8),
		BPF_ALU64_IMM(BPF_LSH, BPF_REG_7, 32),
		BPF_ALU64_REG(BPF_OR, BPF_REG_0, BPF_REG_7),
		BPF_EXIT_INSN(),
	};
	static const struct bpf_insn pop[] = {
		BPF_CALL_HELPER(BPF_FUNC_skb_vlan_pop),
		BPF_EXIT_INSN(),
	};
	u8 out[256];
	u32 len = 0;

	run_both(BPF_PROG_TYPE_SCHED_CLS, prog, ARRAY_SIZE(prog),
		 (u64)(FRAME_LEN + 4) << 32 | 1 << 16 | 200, out, &len);
	ck_assert_uint_eq(len, FRAME_LEN + 4);
	ck_assert_mem_eq(out, test_frame, 12);
	ck_assert_mem_eq(out + 12, ((u8[]){ 0x81, 0x00, 0x00, 100 }), 4);
	ck_assert_mem_eq(out + 16, test_frame + 12, FRAME_LEN - 12);
	/* a pop with no tag anywhere: nothing happens */
	run_both(BPF_PROG_TYPE_SCHED_CLS, pop, ARRAY_SIZE(pop), 0, out, &len);
	ck_assert_mem_eq(out, test_frame, FRAME_LEN);
}
END_TEST

START_TEST(bpf_skb_change_type_values)
{
	struct sk_buff *skb = frame_skb(true);

	ck_assert_int_eq(bpf_skb_change_type(U(skb), PACKET_HOST, 0, 0, 0), 0);
	ck_assert_uint_eq(skb->pkt_type, PACKET_HOST);
	ck_assert_int_eq((s64)bpf_skb_change_type(U(skb), PACKET_OUTGOING, 0, 0, 0), -EINVAL);
	skb->pkt_type = PACKET_OUTGOING;
	ck_assert_int_eq((s64)bpf_skb_change_type(U(skb), PACKET_HOST, 0, 0, 0), -EINVAL);
	kfree_skb(skb);
}
END_TEST

START_TEST(bpf_get_hash_recalc_program)
{
	/* r0 = get_hash_recalc(ctx) ^ ctx->hash: 0, the hash is kept */
	static const struct bpf_insn prog[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_CALL_HELPER(BPF_FUNC_get_hash_recalc),
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_6, offsetof(struct __sk_buff, hash)),
		BPF_ALU64_REG(BPF_XOR, BPF_REG_0, BPF_REG_2),
		BPF_EXIT_INSN(),
	};
	static const struct bpf_insn just_hash[] = {
		BPF_CALL_HELPER(BPF_FUNC_get_hash_recalc),
		BPF_EXIT_INSN(),
	};
	struct sk_buff *skb = frame_skb(true);
	u32 hash = skb_get_hash(skb);

	run_both(BPF_PROG_TYPE_SCHED_CLS, prog, ARRAY_SIZE(prog), 0, NULL, NULL);
	run_both(BPF_PROG_TYPE_SCHED_CLS, just_hash, ARRAY_SIZE(just_hash), hash, NULL, NULL);
	ck_assert_uint_ne(hash, 0);

	/* set_hash: the program's own, returned until it is cleared */
	ck_assert_int_eq(bpf_set_hash(U(skb), 77, 0, 0, 0), 0);
	ck_assert_uint_eq(bpf_get_hash_recalc(U(skb), 0, 0, 0, 0), 77);
	ck_assert_int_eq(bpf_set_hash_invalid(U(skb), 0, 0, 0, 0), 0);
	ck_assert_uint_eq(bpf_get_hash_recalc(U(skb), 0, 0, 0, 0), hash);
	kfree_skb(skb);
}
END_TEST

START_TEST(bpf_redirect_verdicts)
{
	static const struct bpf_insn tc[] = {
		BPF_MOV64_IMM(BPF_REG_1, 3),
		BPF_MOV64_IMM(BPF_REG_2, BPF_F_INGRESS),
		BPF_CALL_HELPER(BPF_FUNC_redirect),
		BPF_EXIT_INSN(),
	};
	static const struct bpf_insn xdp[] = {
		BPF_MOV64_IMM(BPF_REG_1, 4),
		BPF_MOV64_IMM(BPF_REG_2, 0),
		BPF_CALL_HELPER(BPF_FUNC_redirect),
		BPF_EXIT_INSN(),
	};

	memset(&bpf_redirect_info, 0, sizeof(bpf_redirect_info));
	run_both(BPF_PROG_TYPE_SCHED_CLS, tc, ARRAY_SIZE(tc), TC_ACT_REDIRECT, NULL, NULL);
	ck_assert_uint_eq(bpf_redirect_info.tgt_index, 3);
	ck_assert_uint_eq(bpf_redirect_info.flags, BPF_F_INGRESS);
	run_both(BPF_PROG_TYPE_XDP, xdp, ARRAY_SIZE(xdp), XDP_REDIRECT, NULL, NULL);
	ck_assert_uint_eq(bpf_redirect_info.tgt_index, 4);

	ck_assert_uint_eq(bpf_redirect(1, 2, 0, 0, 0), TC_ACT_SHOT);
	ck_assert_uint_eq(bpf_xdp_redirect(1, BPF_F_INGRESS, 0, 0, 0), XDP_ABORTED);
}
END_TEST

START_TEST(bpf_socket_helpers_without_sockets)
{
	/* a socket filter asks whose packet it is: nobody's */
	static const struct bpf_insn prog[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_CALL_HELPER(BPF_FUNC_get_socket_uid),
		BPF_MOV64_REG(BPF_REG_7, BPF_REG_0),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_CALL_HELPER(BPF_FUNC_get_socket_cookie),
		BPF_ALU64_IMM(BPF_LSH, BPF_REG_0, 32),
		BPF_ALU64_REG(BPF_OR, BPF_REG_0, BPF_REG_7),
		BPF_EXIT_INSN(),
	};
	struct bpf_sock_tuple tuple = { 0 };

	run_both(BPF_PROG_TYPE_SOCKET_FILTER, prog, ARRAY_SIZE(prog), 65534, NULL, NULL);
	ck_assert_uint_eq(bpf_get_cgroup_classid(0, 0, 0, 0, 0), 0);
	ck_assert_uint_eq(bpf_get_route_realm(0, 0, 0, 0, 0), 0);
	/* lookups find nothing (NULL), whatever they are asked */
	ck_assert_uint_eq(bpf_sk_lookup_tcp(0, U(&tuple), sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0), 0);
	ck_assert_uint_eq(bpf_sk_lookup_udp(0, U(&tuple), sizeof(tuple.ipv6), 0, 0), 0);
	ck_assert_uint_eq(bpf_skc_lookup_tcp(0, U(&tuple), 3, 0, 0), 0);
	ck_assert_uint_eq(bpf_xdp_sk_lookup_tcp(0, U(&tuple), sizeof(tuple.ipv4), 0, 1), 0);
	ck_assert_uint_eq(bpf_sk_release(0, 0, 0, 0, 0), 0);
	ck_assert_int_eq(bpf_sk_lookup_tcp_proto.ret_type, RET_PTR_TO_SOCKET_OR_NULL);
	ck_assert_int_eq(bpf_skc_lookup_tcp_proto.ret_type, RET_PTR_TO_SOCK_COMMON_OR_NULL);
	ck_assert_int_eq(bpf_sk_release_proto.arg1_type, ARG_PTR_TO_SOCK_COMMON);
}
END_TEST

/* ---- tunnel keys ----------------------------------------------------------- */

START_TEST(bpf_skb_tunnel_key_metadata)
{
	struct sk_buff *skb = frame_skb(true);
	struct bpf_tunnel_key key = { 0 }, got;
	u8 opt[12], opts[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	/* received on no tunnel: no key, no options, and the buffers zeroed */
	memset(&got, 0xaa, sizeof(got));
	ck_assert_int_eq((s64)bpf_skb_get_tunnel_key(U(skb), U(&got), sizeof(got), 0, 0), -EINVAL);
	ck_assert_mem_eq(&got, (u8[sizeof(got)]){ 0 }, sizeof(got));
	memset(opt, 0xaa, sizeof(opt));
	ck_assert_int_eq((s64)bpf_skb_get_tunnel_opt(U(skb), U(opt), sizeof(opt), 0, 0), -ENOENT);
	ck_assert_mem_eq(opt, (u8[sizeof(opt)]){ 0 }, sizeof(opt));
	/* options only go with a key this program set */
	ck_assert_int_eq((s64)bpf_skb_set_tunnel_opt(U(skb), U(opts), 8, 0, 0), -EINVAL);

	/* to 10.1.1.100 from 172.16.1.100, key 2 */
	key.tunnel_id = 2;
	key.tunnel_ttl = 64;
	key.remote_ipv4 = 0x0a010164;
	key.local_ipv4 = 0xac100164;
	ck_assert_int_eq((s64)bpf_skb_set_tunnel_key(U(skb), U(&key), sizeof(key), 1 << 4, 0), -EINVAL);
	key.tunnel_label = 1;		/* a flow label is IPv6's */
	ck_assert_int_eq((s64)bpf_skb_set_tunnel_key(U(skb), U(&key), sizeof(key), 0, 0), -EINVAL);
	key.tunnel_label = 0;
	ck_assert_int_eq((s64)bpf_skb_set_tunnel_key(U(skb), U(&key), 30, 0, 0), -EINVAL);
	ck_assert_uint_eq(skb->_skb_refdst, 0);
	ck_assert_int_eq(bpf_skb_set_tunnel_key(U(skb), U(&key), sizeof(key), BPF_F_ZERO_CSUM_TX, 0), 0);
	ck_assert_uint_eq(skb_tunnel_info(skb)->key.tun_flags, TUNNEL_KEY | TUNNEL_NOCACHE);
	ck_assert_uint_eq(skb_tunnel_info(skb)->key.u.ipv4.dst, htonl(0x0a010164));

	/* read back as a received key: its source is the remote end */
	ck_assert_int_eq(bpf_skb_get_tunnel_key(U(skb), U(&got), sizeof(got), 0, 0), 0);
	ck_assert_uint_eq(got.tunnel_id, 2);
	ck_assert_uint_eq(got.tunnel_ttl, 64);
	ck_assert_uint_eq(got.remote_ipv4, 0xac100164);
	ck_assert_uint_eq(got.local_ipv4, 0x0a010164);
	ck_assert_int_eq((s64)bpf_skb_get_tunnel_key(U(skb), U(&got), sizeof(got),
						     BPF_F_TUNINFO_IPV6, 0), -EPROTO);
	/* v5.8's 28-byte key, and the 8 bytes of an IPv4-only one */
	memset(&got, 0xaa, sizeof(got));
	ck_assert_int_eq(bpf_skb_get_tunnel_key(U(skb), U(&got), 28, 0, 0), 0);
	ck_assert_uint_eq(got.remote_ipv4, 0xac100164);
	ck_assert_uint_eq(got.local_ipv4, 0xaaaaaaaa);
	ck_assert_int_eq(bpf_skb_get_tunnel_key(U(skb), U(&got), 8, 0, 0), 0);
	ck_assert_int_eq((s64)bpf_skb_get_tunnel_key(U(skb), U(&got), 12, 0, 0), -EINVAL);

	/* options: whole words, at most 255 bytes, read back with their length */
	ck_assert_int_eq((s64)bpf_skb_set_tunnel_opt(U(skb), U(opts), 6, 0, 0), -EINVAL);
	ck_assert_int_eq((s64)bpf_skb_set_tunnel_opt(U(skb), U(opts), 256, 0, 0), -ENOMEM);
	ck_assert_int_eq(bpf_skb_set_tunnel_opt(U(skb), U(opts), 8, 0, 0), 0);
	ck_assert_int_eq((s64)bpf_skb_get_tunnel_opt(U(skb), U(opt), 4, 0, 0), -ENOMEM);
	memset(opt, 0xaa, sizeof(opt));
	ck_assert_int_eq(bpf_skb_get_tunnel_opt(U(skb), U(opt), sizeof(opt), 0, 0), 8);
	ck_assert_mem_eq(opt, opts, 8);
	ck_assert_mem_eq(opt + 8, (u8[4]){ 0 }, 4);
	kfree_skb(skb);
}
END_TEST

/* A tc program sets a key on the stack, then reads it back: the helpers'
 * arguments as the walk checks them, and the call through both runtimes.
 */
#define TUNNEL_KEY_PROG(id_store)						\
	BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),					\
	id_store,								\
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -40, 0),					\
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -32, 0),					\
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -24, 0),					\
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 0x0a010164),			\
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),					\
	BPF_ST_MEM(BPF_W, BPF_REG_10, -40, 0xac100164),				\
	BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),					\
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -44),					\
	BPF_MOV64_IMM(BPF_REG_3, sizeof(struct bpf_tunnel_key)),		\
	BPF_MOV64_IMM(BPF_REG_4, 0),						\
	BPF_CALL_HELPER(BPF_FUNC_skb_set_tunnel_key),				\
	BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),					\
	BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),					\
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -88),					\
	BPF_MOV64_IMM(BPF_REG_3, sizeof(struct bpf_tunnel_key)),		\
	BPF_MOV64_IMM(BPF_REG_4, 0),						\
	BPF_CALL_HELPER(BPF_FUNC_skb_get_tunnel_key),				\
	BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_10, -84),				\
	BPF_EXIT_INSN()

START_TEST(bpf_skb_tunnel_key_program)
{
	/* the key at -44, its local 10.1.1.100 at -16 (6.0's local_ipv4) */
	static const struct bpf_insn prog[] = {
		TUNNEL_KEY_PROG(BPF_ST_MEM(BPF_W, BPF_REG_10, -44, 7)),
	};
	/* the key's first word, tunnel_id, never written: the helper reads it */
	static const struct bpf_insn uninit[] = {
		TUNNEL_KEY_PROG(BPF_MOV64_IMM(BPF_REG_0, 0)),
	};
	char log[8192];

	/* remote_ipv4 read back is the local address set */
	run_both(BPF_PROG_TYPE_SCHED_CLS, prog, ARRAY_SIZE(prog), 0x0a010164, NULL, NULL);
	ck_assert_int_eq(ctx_load(BPF_PROG_TYPE_SCHED_CLS, uninit, ARRAY_SIZE(uninit),
				  false, log, sizeof(log)), -EACCES);
	ck_assert_msg(strstr(log, "invalid indirect read from stack off -44+0 size 44"), "%s", log);
	/* a socket filter has no tunnel helpers */
	ck_assert_int_eq(ctx_load(BPF_PROG_TYPE_SOCKET_FILTER, prog, ARRAY_SIZE(prog),
				  false, log, sizeof(log)), -EINVAL);
	ck_assert_msg(strstr(log, "unknown func bpf_skb_set_tunnel_key#21"), "%s", log);
}
END_TEST

/* ---- XDP ------------------------------------------------------------------ */

/* An xdp_buff as the test run builds it, around test_frame. */
static struct xdp_buff *frame_xdp(void)
{
	struct xdp_buff *xdp = calloc(1, sizeof(*xdp));
	u8 *page = calloc(1, PAGE_SIZE);

	memcpy(page + XDP_PACKET_HEADROOM, test_frame, FRAME_LEN);
	xdp->data_hard_start = page;
	xdp->data = page + XDP_PACKET_HEADROOM;
	xdp->data_meta = xdp->data;
	xdp->data_end = xdp->data + FRAME_LEN;
	xdp->frame_sz = PAGE_SIZE;
	xdp->rxq = &__netif_get_rx_queue(&loopback_dev, 0)->xdp_rxq;
	return xdp;
}

static void xdp_free(struct xdp_buff *xdp)
{
	free(xdp->data_hard_start);
	free(xdp);
}

START_TEST(bpf_xdp_adjust_head_limits)
{
	struct xdp_buff *xdp = frame_xdp();
	u8 *start = xdp->data;

	ck_assert_int_eq(bpf_xdp_adjust_head(U(xdp), ETH_HLEN, 0, 0, 0), 0);
	ck_assert_ptr_eq(xdp->data, start + ETH_HLEN);
	ck_assert_ptr_eq(xdp->data_meta, xdp->data);
	/* at least an Ethernet header must stay */
	ck_assert_int_eq((s64)bpf_xdp_adjust_head(U(xdp), FRAME_LEN - 2 * ETH_HLEN + 1, 0, 0, 0),
			 -EINVAL);
	ck_assert_int_eq(bpf_xdp_adjust_head(U(xdp), -ETH_HLEN, 0, 0, 0), 0);
	/* the top of the headroom is the xdp_frame's: 256 - 32 bytes */
	ck_assert_int_eq((s64)bpf_xdp_adjust_head(U(xdp), -(XDP_PACKET_HEADROOM - 32) - 1, 0, 0, 0),
			 -EINVAL);
	/* metadata moves with the data: 8 bytes of it, then the data */
	ck_assert_int_eq(bpf_xdp_adjust_meta(U(xdp), -8, 0, 0, 0), 0);
	memcpy(xdp->data_meta, "metadata", 8);
	ck_assert_int_eq((s64)bpf_xdp_adjust_head(U(xdp), -(XDP_PACKET_HEADROOM - 32 - 8) - 1,
						  0, 0, 0), -EINVAL);
	ck_assert_int_eq(bpf_xdp_adjust_head(U(xdp), -(XDP_PACKET_HEADROOM - 32 - 8), 0, 0, 0), 0);
	ck_assert_ptr_eq(xdp->data_meta, (u8 *)xdp->data_hard_start + 32);
	ck_assert_mem_eq(xdp->data_meta, "metadata", 8);
	xdp_free(xdp);
}
END_TEST

START_TEST(bpf_xdp_adjust_meta_limits)
{
	struct xdp_buff *xdp = frame_xdp();

	ck_assert_int_eq(bpf_xdp_adjust_meta(U(xdp), -32, 0, 0, 0), 0);
	ck_assert_int_eq(xdp->data - xdp->data_meta, 32);
	ck_assert_int_eq((s64)bpf_xdp_adjust_meta(U(xdp), -4, 0, 0, 0), -EACCES);	/* 36 */
	ck_assert_int_eq((s64)bpf_xdp_adjust_meta(U(xdp), 30, 0, 0, 0), -EACCES);	/* 2 */
	ck_assert_int_eq(bpf_xdp_adjust_meta(U(xdp), 32, 0, 0, 0), 0);
	ck_assert_int_eq((s64)bpf_xdp_adjust_meta(U(xdp), 4, 0, 0, 0), -EINVAL);	/* past data */
	xdp_set_data_meta_invalid(xdp);
	ck_assert_int_eq((s64)bpf_xdp_adjust_meta(U(xdp), -4, 0, 0, 0), -ENOTSUPP);
	xdp_free(xdp);

	/* into the xdp_frame: refused */
	xdp = frame_xdp();
	ck_assert_int_eq(bpf_xdp_adjust_head(U(xdp), -(XDP_PACKET_HEADROOM - 32), 0, 0, 0), 0);
	ck_assert_int_eq((s64)bpf_xdp_adjust_meta(U(xdp), -4, 0, 0, 0), -EINVAL);
	xdp_free(xdp);
}
END_TEST

START_TEST(bpf_xdp_adjust_tail_limits)
{
	struct xdp_buff *xdp = frame_xdp();
	int room = PAGE_SIZE - XDP_PACKET_HEADROOM - FRAME_LEN - 320;

	ck_assert_int_eq((s64)bpf_xdp_adjust_tail(U(xdp), room + 1, 0, 0, 0), -EINVAL);
	memset(xdp->data_end, 0xee, 16);
	ck_assert_int_eq(bpf_xdp_adjust_tail(U(xdp), room, 0, 0, 0), 0);
	ck_assert_mem_eq(xdp->data + FRAME_LEN, (u8[16]){ 0 }, 16);	/* grown: zeroed */
	ck_assert_int_eq(bpf_xdp_adjust_tail(U(xdp), -room - (FRAME_LEN - ETH_HLEN), 0, 0, 0), 0);
	ck_assert_int_eq(xdp->data_end - xdp->data, ETH_HLEN);
	ck_assert_int_eq((s64)bpf_xdp_adjust_tail(U(xdp), -1, 0, 0, 0), -EINVAL);
	xdp->frame_sz = PAGE_SIZE + 1;
	ck_assert_int_eq((s64)bpf_xdp_adjust_tail(U(xdp), 0, 0, 0, 0), -EINVAL);
	xdp_free(xdp);
}
END_TEST

START_TEST(bpf_xdp_adjust_program)
{
	/* an XDP program drops the Ethernet header and 10 bytes at the end */
	static const struct bpf_insn prog[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_MOV64_IMM(BPF_REG_2, ETH_HLEN),
		BPF_CALL_HELPER(BPF_FUNC_xdp_adjust_head),
		BPF_MOV64_REG(BPF_REG_7, BPF_REG_0),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_MOV64_IMM(BPF_REG_2, -10),
		BPF_CALL_HELPER(BPF_FUNC_xdp_adjust_tail),
		BPF_ALU64_REG(BPF_OR, BPF_REG_0, BPF_REG_7),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 1),
		BPF_MOV64_IMM(BPF_REG_0, XDP_TX),
		BPF_EXIT_INSN(),
	};
	u8 out[256];
	u32 len = 0;

	run_both(BPF_PROG_TYPE_XDP, prog, ARRAY_SIZE(prog), XDP_TX, out, &len);
	ck_assert_uint_eq(len, FRAME_LEN - ETH_HLEN - 10);
	ck_assert_mem_eq(out, test_frame + ETH_HLEN, len);
}
END_TEST

/* ---- later helpers: redirects past the stack, the MTU ------------------- */

START_TEST(bpf_redirect_peer_neigh_verdicts)
{
	struct bpf_redir_neigh nh = { .nh_family = AF_INET, .ipv4_nh = htonl(0x0a000001) };

	memset(&bpf_redirect_info, 0, sizeof(bpf_redirect_info));
	ck_assert_uint_eq(bpf_redirect_peer(3, 0, 0, 0, 0), TC_ACT_REDIRECT);
	ck_assert_uint_eq(bpf_redirect_info.flags, BPF_F_PEER);
	ck_assert_uint_eq(bpf_redirect_info.tgt_index, 3);
	ck_assert_uint_eq(bpf_redirect_peer(3, BPF_F_INGRESS, 0, 0, 0), TC_ACT_SHOT);

	ck_assert_uint_eq(bpf_redirect_neigh(4, 0, 0, 0, 0), TC_ACT_REDIRECT);
	ck_assert_uint_eq(bpf_redirect_info.flags, BPF_F_NEIGH);
	ck_assert_uint_eq(bpf_redirect_info.tgt_index, 4);
	ck_assert_uint_eq(bpf_redirect_neigh(5, U(&nh), sizeof(nh), 0, 0), TC_ACT_REDIRECT);
	ck_assert_uint_eq(bpf_redirect_info.flags, BPF_F_NEIGH | BPF_F_NEXTHOP);
	ck_assert_mem_eq(&bpf_redirect_info.nh, &nh, sizeof(nh));
	/* a next hop shorter than the struct, or any flag: dropped */
	ck_assert_uint_eq(bpf_redirect_neigh(5, U(&nh), 8, 0, 0), TC_ACT_SHOT);
	ck_assert_uint_eq(bpf_redirect_neigh(5, 0, 0, 1, 0), TC_ACT_SHOT);
}
END_TEST

START_TEST(bpf_check_mtu_values)
{
	struct sk_buff *skb = frame_skb(true);
	struct xdp_buff *xdp;
	/* the loopback device: 64 KiB of L3, 14 bytes of link header */
	int room = loopback_dev.mtu + ETH_HLEN - FRAME_LEN;
	u32 mtu = 0;

	ck_assert_int_eq(bpf_skb_check_mtu(U(skb), 0, U(&mtu), 0, 0), BPF_MTU_CHK_RET_SUCCESS);
	ck_assert_uint_eq(mtu, loopback_dev.mtu);
	mtu = 0;
	ck_assert_int_eq(bpf_skb_check_mtu(U(skb), 1, U(&mtu), room, 0), BPF_MTU_CHK_RET_SUCCESS);
	mtu = 0;
	ck_assert_int_eq(bpf_skb_check_mtu(U(skb), 1, U(&mtu), room + 1, 0),
			 BPF_MTU_CHK_RET_FRAG_NEEDED);
	ck_assert_uint_eq(mtu, loopback_dev.mtu);
	/* an L3 length in, the MTU out */
	mtu = loopback_dev.mtu + 1;
	ck_assert_int_eq(bpf_skb_check_mtu(U(skb), 0, U(&mtu), -1, 0), BPF_MTU_CHK_RET_SUCCESS);
	mtu = loopback_dev.mtu + 1;
	ck_assert_int_eq(bpf_skb_check_mtu(U(skb), 0, U(&mtu), 0, 0), BPF_MTU_CHK_RET_FRAG_NEEDED);
	/* no device 2; the segments flag takes no length */
	mtu = 0;
	ck_assert_int_eq((s64)bpf_skb_check_mtu(U(skb), 2, U(&mtu), 0, 0), -ENODEV);
	ck_assert_int_eq((s64)bpf_skb_check_mtu(U(skb), 0, U(&mtu), 0, 2), -EINVAL);
	ck_assert_int_eq((s64)bpf_skb_check_mtu(U(skb), 0, U(&mtu), 1, BPF_MTU_CHK_SEGS), -EINVAL);
	ck_assert_int_eq(bpf_skb_check_mtu(U(skb), 0, U(&mtu), 0, BPF_MTU_CHK_SEGS),
			 BPF_MTU_CHK_RET_SUCCESS);
	kfree_skb(skb);

	xdp = frame_xdp();
	mtu = 0;
	ck_assert_int_eq(bpf_xdp_check_mtu(U(xdp), 0, U(&mtu), room, 0), BPF_MTU_CHK_RET_SUCCESS);
	mtu = 0;
	ck_assert_int_eq(bpf_xdp_check_mtu(U(xdp), 0, U(&mtu), room + 1, 0),
			 BPF_MTU_CHK_RET_FRAG_NEEDED);
	ck_assert_int_eq((s64)bpf_xdp_check_mtu(U(xdp), 0, U(&mtu), 0, BPF_MTU_CHK_SEGS), -EINVAL);
	ck_assert_int_eq((s64)bpf_xdp_check_mtu(U(xdp), 7, U(&mtu), 0, 0), -ENODEV);
	xdp_free(xdp);
}
END_TEST

START_TEST(bpf_check_mtu_program)
{
	/* check_mtu(ctx, 0, fp - 4, 0, 0): the MTU it writes back */
	static const struct bpf_insn prog[] = {
		BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0),
		BPF_MOV64_IMM(BPF_REG_2, 0),
		BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -4),
		BPF_MOV64_IMM(BPF_REG_4, 0),
		BPF_MOV64_IMM(BPF_REG_5, 0),
		BPF_CALL_HELPER(BPF_FUNC_check_mtu),
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_10, -4),
		BPF_EXIT_INSN(),
	};
	/* the length it reads never written */
	static const struct bpf_insn uninit[] = {
		BPF_MOV64_IMM(BPF_REG_2, 0),
		BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -4),
		BPF_MOV64_IMM(BPF_REG_4, 0),
		BPF_MOV64_IMM(BPF_REG_5, 0),
		BPF_CALL_HELPER(BPF_FUNC_check_mtu),
		BPF_EXIT_INSN(),
	};
	/* bpf_redirect_neigh(1, NULL, 0, 0): a tc program's, not XDP's */
	static const struct bpf_insn neigh[] = {
		BPF_MOV64_IMM(BPF_REG_1, 1),
		BPF_MOV64_IMM(BPF_REG_2, 0),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_MOV64_IMM(BPF_REG_4, 0),
		BPF_CALL_HELPER(BPF_FUNC_redirect_neigh),
		BPF_EXIT_INSN(),
	};
	/* an id past v5.8's that this book does not model (5.10's per_cpu_ptr) */
	static const struct bpf_insn later[] = {
		BPF_CALL_HELPER(BPF_FUNC_redirect_neigh + 1),
		BPF_EXIT_INSN(),
	};
	char log[4096];
	int fd;

	run_both(BPF_PROG_TYPE_SCHED_CLS, prog, ARRAY_SIZE(prog), loopback_dev.mtu, NULL, NULL);
	run_both(BPF_PROG_TYPE_XDP, prog, ARRAY_SIZE(prog), loopback_dev.mtu, NULL, NULL);
	ck_assert_int_eq(ctx_load(BPF_PROG_TYPE_SCHED_CLS, uninit, ARRAY_SIZE(uninit),
				  false, log, sizeof(log)), -EACCES);
	ck_assert_msg(strstr(log, "invalid indirect read from stack off -4+0 size 4"), "%s", log);
	ck_assert_int_eq(ctx_load(BPF_PROG_TYPE_SOCKET_FILTER, prog, ARRAY_SIZE(prog),
				  false, log, sizeof(log)), -EINVAL);
	ck_assert_msg(strstr(log, "unknown func bpf_check_mtu#163"), "%s", log);

	fd = ctx_load(BPF_PROG_TYPE_SCHED_CLS, neigh, ARRAY_SIZE(neigh), true, log, sizeof(log));
	ck_assert_msg(fd >= 0, "%s", log);
	close_fd(fd);
	ck_assert_int_eq(ctx_load(BPF_PROG_TYPE_XDP, neigh, ARRAY_SIZE(neigh),
				  false, log, sizeof(log)), -EINVAL);
	ck_assert_msg(strstr(log, "unknown func bpf_redirect_neigh#152"), "%s", log);
	ck_assert_int_eq(ctx_load(BPF_PROG_TYPE_SCHED_CLS, later, ARRAY_SIZE(later),
				  false, log, sizeof(log)), -EINVAL);
	ck_assert_msg(strstr(log, "invalid func bpf_per_cpu_ptr#153"), "%s", log);
}
END_TEST

/* ---- the tables ------------------------------------------------------------ */

START_TEST(bpf_helper_changes_pkt_data_list)
{
	static void *const changes[] = {
		bpf_skb_vlan_push, bpf_skb_vlan_pop, bpf_skb_store_bytes,
		bpf_skb_change_head, bpf_skb_change_tail, bpf_skb_adjust_room,
		bpf_skb_pull_data, bpf_l3_csum_replace, bpf_l4_csum_replace,
		bpf_xdp_adjust_head, bpf_xdp_adjust_meta, bpf_xdp_adjust_tail,
	};
	static void *const keeps[] = {
		bpf_skb_load_bytes, bpf_skb_load_bytes_relative, bpf_csum_diff,
		bpf_csum_update, bpf_redirect, bpf_get_hash_recalc,
		bpf_skb_change_type, bpf_xdp_redirect, bpf_sk_lookup_tcp,
		bpf_ktime_get_ns,
	};

	for (size_t i = 0; i < ARRAY_SIZE(changes); i++)
		ck_assert_msg(bpf_helper_changes_pkt_data(changes[i]), "changes[%zu]", i);
	for (size_t i = 0; i < ARRAY_SIZE(keeps); i++)
		ck_assert_msg(!bpf_helper_changes_pkt_data(keeps[i]), "keeps[%zu]", i);
}
END_TEST

START_TEST(func_proto_per_type)
{
	static const struct {
		u32 type;
		int func_id;
		const struct bpf_func_proto *proto;	/* NULL: absent */
	} rows[] = {
		{ BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_skb_load_bytes, &bpf_skb_load_bytes_proto },
		{ BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_skb_store_bytes, NULL },
		{ BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_redirect, NULL },
		{ BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_ktime_get_ns, &bpf_ktime_get_ns_proto },
		{ BPF_PROG_TYPE_SCHED_CLS, BPF_FUNC_skb_store_bytes, &bpf_skb_store_bytes_proto },
		{ BPF_PROG_TYPE_SCHED_ACT, BPF_FUNC_l4_csum_replace, &bpf_l4_csum_replace_proto },
		{ BPF_PROG_TYPE_SCHED_CLS, BPF_FUNC_redirect, &bpf_redirect_proto },
		{ BPF_PROG_TYPE_SCHED_CLS, BPF_FUNC_xdp_adjust_head, NULL },
		{ BPF_PROG_TYPE_SCHED_CLS, BPF_FUNC_clone_redirect, NULL },
		{ BPF_PROG_TYPE_SCHED_ACT, BPF_FUNC_skb_set_tunnel_key, &bpf_skb_set_tunnel_key_proto },
		{ BPF_PROG_TYPE_SCHED_CLS, BPF_FUNC_skb_get_tunnel_opt, &bpf_skb_get_tunnel_opt_proto },
		{ BPF_PROG_TYPE_CGROUP_SKB, BPF_FUNC_skb_get_tunnel_key, NULL },
		{ BPF_PROG_TYPE_XDP, BPF_FUNC_redirect, &bpf_xdp_redirect_proto },
		{ BPF_PROG_TYPE_XDP, BPF_FUNC_csum_diff, &bpf_csum_diff_proto },
		{ BPF_PROG_TYPE_XDP, BPF_FUNC_skb_load_bytes, NULL },
		{ BPF_PROG_TYPE_XDP, BPF_FUNC_sk_lookup_tcp, &bpf_xdp_sk_lookup_tcp_proto },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct bpf_verifier_ops *ops = bpf_verifier_ops[rows[i].type];

		ck_assert_msg(ops->get_func_proto(rows[i].func_id, NULL) == rows[i].proto,
			      "row %zu: type %u, helper %d", i, rows[i].type, rows[i].func_id);
	}
	/* a helper the type lacks: the walk's message, as the kernel's */
	{
		static const struct bpf_insn prog[] = {
			BPF_MOV64_IMM(BPF_REG_2, 0),
			BPF_MOV64_IMM(BPF_REG_3, 0),
			BPF_MOV64_IMM(BPF_REG_4, 0),
			BPF_MOV64_IMM(BPF_REG_5, 0),
			BPF_CALL_HELPER(BPF_FUNC_skb_store_bytes),
			BPF_EXIT_INSN(),
		};
		char log[4096];

		ck_assert_int_eq(ctx_load(BPF_PROG_TYPE_SOCKET_FILTER, prog, ARRAY_SIZE(prog),
					  false, log, sizeof(log)), -EINVAL);
		ck_assert_msg(strstr(log, "unknown func bpf_skb_store_bytes#9\n"), "%s", log);
	}
	/* and why it is absent, when v5.8 has it */
	ck_assert_ptr_nonnull(bpf_helper_not_modelled(BPF_PROG_TYPE_SCHED_CLS,
						      BPF_FUNC_clone_redirect));
	ck_assert_ptr_nonnull(bpf_helper_not_modelled(BPF_PROG_TYPE_XDP, BPF_FUNC_fib_lookup));
	ck_assert_ptr_null(bpf_helper_not_modelled(BPF_PROG_TYPE_SOCKET_FILTER,
						   BPF_FUNC_clone_redirect));
	ck_assert_ptr_null(bpf_helper_not_modelled(BPF_PROG_TYPE_SCHED_CLS,
						   BPF_FUNC_skb_store_bytes));
	ck_assert_ptr_null(bpf_helper_not_modelled(99, BPF_FUNC_clone_redirect));
	ck_assert_ptr_nonnull(bpf_helper_not_modelled(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_FUNC_bind));
	ck_assert_ptr_null(bpf_helper_not_modelled(BPF_PROG_TYPE_SCHED_CLS, BPF_FUNC_bind));
}
END_TEST

void add_pkt_helper_tests(Suite *s)
{
	TCase *tc = tcase_create("skb_helpers");

	ADD(tc, bpf_skb_load_bytes_bounds);
	ADD(tc, bpf_skb_load_bytes_relative_headers);
	ADD(tc, bpf_skb_store_bytes_csum);
	ADD(tc, bpf_skb_pull_data_len);
	ADD(tc, bpf_skb_change_tail_limits);
	ADD(tc, bpf_skb_change_head_room);
	ADD(tc, bpf_skb_adjust_room_modes);
	ADD(tc, bpf_skb_adjust_room_program);
	ADD(tc, bpf_skb_vlan_push_pop_program);
	ADD(tc, bpf_skb_change_type_values);
	ADD(tc, bpf_get_hash_recalc_program);
	ADD(tc, bpf_redirect_verdicts);
	ADD(tc, bpf_socket_helpers_without_sockets);
	ADD(tc, bpf_skb_tunnel_key_metadata);
	ADD(tc, bpf_skb_tunnel_key_program);
	suite_add_tcase(s, tc);

	tc = tcase_create("csum_helpers");
	ADD(tc, bpf_l3_csum_replace_fields);
	ADD(tc, bpf_l4_csum_replace_pseudo_header);
	ADD(tc, bpf_l3_csum_replace_program);
	ADD(tc, bpf_csum_diff_values);
	ADD(tc, bpf_csum_update_and_level);
	suite_add_tcase(s, tc);

	tc = tcase_create("xdp_helpers");
	ADD(tc, bpf_xdp_adjust_head_limits);
	ADD(tc, bpf_xdp_adjust_meta_limits);
	ADD(tc, bpf_xdp_adjust_tail_limits);
	ADD(tc, bpf_xdp_adjust_program);
	suite_add_tcase(s, tc);

	tc = tcase_create("later_helpers");
	ADD(tc, bpf_redirect_peer_neigh_verdicts);
	ADD(tc, bpf_check_mtu_values);
	ADD(tc, bpf_check_mtu_program);
	suite_add_tcase(s, tc);

	tc = tcase_create("func_proto");
	ADD(tc, bpf_helper_changes_pkt_data_list);
	ADD(tc, func_proto_per_type);
	suite_add_tcase(s, tc);
}
