// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 04 tests, part 3: the contexts BPF_PROG_TEST_RUN builds
 * (test_run.c): the sk_buff around a socket filter's or a tc program's
 * packet, the __sk_buff a test passes in and gets back, the xdp_buff.
 *
 * Chapter 03's verifier lets no packet program read its context (the
 * rewrites that make __sk_buff fields loads of the sk_buff come in chapter
 * 07), so a BPF program cannot show here what it was given. A stand-in
 * can: a C function in the program's bpf_func slot, called as a JIT image
 * is, with R1 in its first argument. It records what it sees.
 */
#include <arpa/inet.h>
#include <string.h>

#include "linux/bpf_interp.h"
#include "linux/bpf_test_run.h"
#include "linux/capability.h"
#include "linux/etherdevice.h"
#include "linux/file.h"
#include "linux/netdevice.h"
#include "linux/skbuff.h"
#include "net/xdp.h"
#include "testutil.h"
#include "test_interp.h"
#include "article.h"

static const struct bpf_insn article[] = { ARTICLE_INSNS };

/* A frame to someone else: dst 02:00:00:00:00:01, IPv4, 60 bytes. */
static u8 frame[60] = {
	0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02, 0x08, 0x00,
	0x45, 0, 0, 46, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
	0x30, 0x39, 0x00, 0x35, 0, 26, 0, 0, 'p', 'a', 'y', 'l', 'o', 'a', 'd',
};

/* What the stand-in saw of its skb, and what it changes. */
static struct {
	struct sk_buff skb;		/* a copy, taken on entry */
	int mac_off, net_off;		/* data - mac header, data - network */
	u8 first;			/* the first packet byte */
	void *data_end;			/* from the control block */
	struct xdp_buff xdp;
	u32 hard_to_data;		/* xdp data - data_hard_start */
	int xdp_pull;			/* bytes to move xdp->data on */
} seen;

static u64 skb_standin(const void *ctx, const void *len)
{
	struct sk_buff *skb = (struct sk_buff *)ctx;

	(void)len;
	seen.skb = *skb;
	seen.mac_off = skb->data - skb_mac_header(skb);
	seen.net_off = skb_network_header(skb) - skb->data;
	seen.first = skb->data[0];
	seen.data_end = ((struct bpf_skb_data_end *)skb->cb)->data_end;
	/* what a program may change: mark, cb, the packet */
	skb->mark += 1;
	qdisc_skb_cb(skb)->data[0] ^= 0xff;
	skb->data[skb->len - 1] = '!';
	return 0x51;
}

static u64 xdp_standin(const void *ctx, const void *len)
{
	struct xdp_buff *xdp = (struct xdp_buff *)ctx;

	(void)len;
	seen.xdp = *xdp;
	seen.hard_to_data = xdp->data - xdp->data_hard_start;
	xdp->data += seen.xdp_pull;
	xdp->data_meta = xdp->data;
	return XDP_TX;
}

/* A verified program of type `type` whose code is a C function. */
static struct bpf_prog *standin_prog(u32 type, u64 (*fn)(const void *, const void *))
{
	struct bpf_prog *fp = bpf_prog_alloc(bpf_prog_size(1), 0);

	ck_assert_ptr_nonnull(fp);
	fp->len = 1;
	fp->insnsi[0] = BPF_EXIT_INSN();
	fp->type = type;
	fp->jited = 1;
	/* bpf_prog_run64() calls bpf_func as fn's own type: a round trip */
	fp->bpf_func = (typeof(fp->bpf_func))(unsigned long)fn;
	return fp;
}

static union bpf_attr run_attr(void *in, u32 size, void *out)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.test.data_in = (u64)(unsigned long)in;
	attr.test.data_size_in = size;
	attr.test.data_out = (u64)(unsigned long)out;
	return attr;
}

START_TEST(test_run_skb_socket_filter)
{
	/* a socket filter runs above the link layer: data at the IP header */
	struct bpf_prog *fp = standin_prog(BPF_PROG_TYPE_SOCKET_FILTER, skb_standin);
	struct __sk_buff ctx = { .mark = 7, .priority = 3, .cb = { 0x11, 2, 3, 4, 5 },
				 .tstamp = 123456789, .gso_segs = 4 };
	u8 out[sizeof(frame)];
	union bpf_attr attr = run_attr(frame, sizeof(frame), out);

	attr.test.ctx_in = attr.test.ctx_out = (u64)(unsigned long)&ctx;
	attr.test.ctx_size_in = attr.test.ctx_size_out = sizeof(ctx);
	ck_assert_int_eq(bpf_prog_test_run_skb(fp, &attr, &attr), 0);
	ck_assert_uint_eq(attr.test.retval, 0x51);

	ck_assert_int_eq(seen.mac_off, ETH_HLEN);
	ck_assert_int_eq(seen.net_off, 0);
	ck_assert_uint_eq(seen.first, 0x45);
	ck_assert_uint_eq(seen.skb.len, sizeof(frame) - ETH_HLEN);
	ck_assert_uint_eq(ntohs(seen.skb.protocol), ETH_P_IP);
	ck_assert_uint_eq(seen.skb.pkt_type, PACKET_OTHERHOST);
	ck_assert_ptr_eq(seen.skb.dev, &loopback_dev);
	ck_assert_ptr_null(seen.skb.sk);
	ck_assert_uint_eq(seen.skb.mark, 7);
	ck_assert_uint_eq(seen.skb.priority, 3);
	ck_assert_int_eq(seen.skb.tstamp, 123456789);
	ck_assert_uint_eq(((struct qdisc_skb_cb *)seen.skb.cb)->data[0], 0x11);
	/* wire_len 0 in: the packet's own length */
	ck_assert_uint_eq(((struct qdisc_skb_cb *)seen.skb.cb)->pkt_len, sizeof(frame) - ETH_HLEN);
	/* no direct packet access for socket filters: data_end not set */
	ck_assert_ptr_null(seen.data_end);

	/* back out: the packet from the MAC header, which is now zeros */
	ck_assert_uint_eq(attr.test.data_size_out, sizeof(frame));
	ck_assert_mem_eq(out, (u8[ETH_HLEN]){ 0 }, ETH_HLEN);
	ck_assert_mem_eq(out + ETH_HLEN, frame + ETH_HLEN, sizeof(frame) - ETH_HLEN - 1);
	ck_assert_uint_eq(out[sizeof(frame) - 1], '!');
	ck_assert_uint_eq(ctx.mark, 8);
	ck_assert_uint_eq(ctx.cb[0], 0x11 ^ 0xff);
	ck_assert_uint_eq(ctx.priority, 3);
	ck_assert_uint_eq(ctx.wire_len, sizeof(frame) - ETH_HLEN);
	ck_assert_uint_eq(ctx.gso_segs, 4);
	ck_assert_uint_eq(attr.test.ctx_size_out, sizeof(struct __sk_buff));
	bpf_prog_free(fp);
}
END_TEST

START_TEST(test_run_skb_tc)
{
	/* tc runs at the link layer: data at the MAC header, data_end set */
	struct bpf_prog *fp = standin_prog(BPF_PROG_TYPE_SCHED_CLS, skb_standin);
	u8 out[sizeof(frame)];
	union bpf_attr attr = run_attr(frame, sizeof(frame), out);

	ck_assert_int_eq(bpf_prog_test_run_skb(fp, &attr, &attr), 0);
	ck_assert_int_eq(seen.mac_off, 0);
	ck_assert_int_eq(seen.net_off, ETH_HLEN);
	ck_assert_uint_eq(seen.first, 0x02);
	ck_assert_uint_eq(seen.skb.len, sizeof(frame));
	ck_assert_ptr_eq(seen.data_end, seen.skb.data + sizeof(frame));
	ck_assert_mem_eq(out, frame, sizeof(frame) - 1);
	ck_assert_uint_eq(out[sizeof(frame) - 1], '!');
	fp->type = BPF_PROG_TYPE_SCHED_ACT;
	ck_assert_int_eq(bpf_prog_test_run_skb(fp, &attr, &attr), 0);
	ck_assert_int_eq(seen.mac_off, 0);
	bpf_prog_free(fp);
}
END_TEST

START_TEST(test_run_skb_ctx_errors)
{
	/* v5.8's convert___skb_to_skb(): only mark, priority, cb, tstamp,
	 * wire_len, gso_segs may be set; the others must be zero.
	 */
	static const struct { size_t off; u32 val; int err; } rows[] = {
		{ offsetof(struct __sk_buff, len),		1, -EINVAL },
		{ offsetof(struct __sk_buff, pkt_type),		1, -EINVAL },
		{ offsetof(struct __sk_buff, queue_mapping),	1, -EINVAL },
		{ offsetof(struct __sk_buff, ingress_ifindex),	1, -EINVAL },	/* 5.10+: allowed */
		{ offsetof(struct __sk_buff, ifindex),		1, -EINVAL },	/* 5.10+: allowed */
		{ offsetof(struct __sk_buff, hash),		1, -EINVAL },
		{ offsetof(struct __sk_buff, data),		1, -EINVAL },
		{ offsetof(struct __sk_buff, gso_size),		1, -EINVAL },	/* 5.10+: allowed */
		{ offsetof(struct __sk_buff, wire_len),		10, -EINVAL },	/* < len */
		{ offsetof(struct __sk_buff, wire_len),		65537, -EINVAL },
		{ offsetof(struct __sk_buff, wire_len),		65536, 0 },
		{ offsetof(struct __sk_buff, gso_segs),		65536, -EINVAL },
		{ offsetof(struct __sk_buff, gso_segs),		65535, 0 },
		{ offsetof(struct __sk_buff, mark),		~0u, 0 },
	};
	int fd;

	set_current_caps(CAP_ALL);
	fd = load_prog(article, ARRAY_SIZE(article), 0, BPF_PROG_TYPE_SCHED_CLS);
	ck_assert_int_ge(fd, 0);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct __sk_buff ctx = { 0 };
		union bpf_attr attr = run_attr(frame, sizeof(frame), NULL);

		memcpy((u8 *)&ctx + rows[i].off, &rows[i].val, 4);
		attr.test.prog_fd = fd;
		attr.test.ctx_in = (u64)(unsigned long)&ctx;
		attr.test.ctx_size_in = sizeof(ctx);
		ck_assert_msg(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)) == rows[i].err,
			      "row %zu: __sk_buff offset %zu = %u", i, rows[i].off, rows[i].val);
	}
	close_fd(fd);
}
END_TEST

START_TEST(test_run_skb_ctx_sizes)
{
	/* a longer ctx_in must be zeros past __sk_buff (bpf_check_uarg_tail_zero);
	 * a shorter one is zero-padded; a short ctx_out gets what fits
	 */
	u8 big[sizeof(struct __sk_buff) + 16] = { 0 };
	struct __sk_buff out;
	union bpf_attr attr = run_attr(frame, sizeof(frame), NULL);
	int fd;

	set_current_caps(CAP_ALL);
	fd = load_prog(article, ARRAY_SIZE(article), 0, BPF_PROG_TYPE_SOCKET_FILTER);
	attr.test.prog_fd = fd;
	attr.test.ctx_in = (u64)(unsigned long)big;
	attr.test.ctx_size_in = sizeof(big);
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
	big[sizeof(big) - 1] = 1;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -E2BIG);
	big[sizeof(big) - 1] = 0;

	memset(&out, 0xee, sizeof(out));
	big[offsetof(struct __sk_buff, mark)] = 9;
	attr.test.ctx_size_in = offsetofend(struct __sk_buff, mark);
	attr.test.ctx_out = (u64)(unsigned long)&out;
	attr.test.ctx_size_out = 12;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -ENOSPC);
	ck_assert_uint_eq(attr.test.ctx_size_out, sizeof(struct __sk_buff));
	ck_assert_uint_eq(out.mark, 9);
	ck_assert_uint_eq(out.queue_mapping, 0xeeeeeeee);	/* past 12 bytes */

	/* ctx_out alone: the context starts zeroed */
	attr.test.ctx_in = 0;
	attr.test.ctx_size_in = 0;
	attr.test.ctx_size_out = sizeof(out);
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
	ck_assert_uint_eq(out.mark, 0);
	ck_assert_uint_eq(out.wire_len, sizeof(frame) - ETH_HLEN);
	close_fd(fd);
}
END_TEST

START_TEST(test_run_xdp_buff)
{
	struct bpf_prog *fp = standin_prog(BPF_PROG_TYPE_XDP, xdp_standin);
	u8 out[sizeof(frame)];
	union bpf_attr attr = run_attr(frame, sizeof(frame), out);

	seen.xdp_pull = 0;
	ck_assert_int_eq(bpf_prog_test_run_xdp(fp, &attr, &attr), 0);
	ck_assert_uint_eq(attr.test.retval, XDP_TX);
	ck_assert_uint_eq(seen.hard_to_data, XDP_PACKET_HEADROOM);
	ck_assert_ptr_eq(seen.xdp.data_meta, seen.xdp.data);
	ck_assert_ptr_eq(seen.xdp.data_end, seen.xdp.data + sizeof(frame));
	ck_assert_uint_eq(seen.xdp.frame_sz, PAGE_SIZE);
	ck_assert_ptr_eq(seen.xdp.rxq->dev, &loopback_dev);
	ck_assert_uint_eq(seen.xdp.rxq->queue_index, 0);
	ck_assert_mem_eq(out, frame, sizeof(frame));
	ck_assert_uint_eq(attr.test.data_size_out, sizeof(frame));

	/* the program moved data on: data_out is what is left */
	seen.xdp_pull = 14;
	ck_assert_int_eq(bpf_prog_test_run_xdp(fp, &attr, &attr), 0);
	ck_assert_uint_eq(attr.test.data_size_out, sizeof(frame) - 14);
	ck_assert_mem_eq(out, frame + 14, sizeof(frame) - 14);

	/* no Ethernet minimum for XDP (v5.8); no context in or out */
	seen.xdp_pull = 0;
	attr.test.data_size_in = 0;
	ck_assert_int_eq(bpf_prog_test_run_xdp(fp, &attr, &attr), 0);
	ck_assert_uint_eq(attr.test.data_size_out, 0);
	attr.test.data_size_in = PAGE_SIZE - XDP_PACKET_HEADROOM - 320 + 1;
	ck_assert_int_eq(bpf_prog_test_run_xdp(fp, &attr, &attr), -EMSGSIZE);
	attr.test.data_size_in = sizeof(frame);
	attr.test.ctx_in = (u64)(unsigned long)frame;
	ck_assert_int_eq(bpf_prog_test_run_xdp(fp, &attr, &attr), -EINVAL);
	bpf_prog_free(fp);
}
END_TEST

void add_test_run_ctx_tests(Suite *s)
{
	TCase *tc = tcase_create("bpf_prog_test_run_skb");

	ADD(tc, test_run_skb_socket_filter);
	ADD(tc, test_run_skb_tc);
	ADD(tc, test_run_skb_ctx_errors);
	ADD(tc, test_run_skb_ctx_sizes);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_prog_test_run_xdp");
	ADD(tc, test_run_xdp_buff);
	suite_add_tcase(s, tc);
}
