// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TEST_RUN for each family of program types: build the context,
 * run the program `repeat` times, copy the results out.
 *
 * Mirrors net/bpf/test_run.c: bpf_test_run(), bpf_test_finish(),
 * bpf_test_init(), bpf_ctx_init(), bpf_ctx_finish(),
 * convert___skb_to_skb(), convert_skb_to___skb(), bpf_prog_test_run_skb(),
 * bpf_prog_test_run_xdp(), Linux v5.8, and bpf_prog_test_run_raw_tp()
 * (Linux 5.10); written afresh.
 *
 * A program gets in R1 what the kernel gives it:
 *   skb types   a struct sk_buff (linux/skbuff.h) around the packet, built
 *               as the kernel builds it: 64 bytes of headroom,
 *               eth_type_trans() on the loopback device (protocol,
 *               pkt_type), the data at the network header for a socket
 *               filter and at the MAC header for tc, data_end in the
 *               control block. ctx_in/ctx_out carry a struct __sk_buff
 *               with v5.8's settable fields. One difference: the kernel
 *               hangs a zeroed dummy socket on skb->sk; there are no
 *               sockets here, so skb->sk is NULL, as for a packet no
 *               socket owns yet.
 *   XDP         a struct xdp_buff (net/xdp.h) around the packet in one page:
 *               256 bytes of headroom, the rest up to 320 bytes of
 *               tailroom, the loopback device's receive queue 0.
 * The verifier rewrote every context access of the program into loads of
 * these (chapter 07), so the program reads __sk_buff and xdp_md fields.
 *
 * BPF_F_UNVERIFIED programs (ours) keep a contract of their own, because
 * nothing rewrote their context accesses:
 *   skb types   R1 = a private copy of data_in, or 0 when there is none,
 *               R2 = data_size_in, no Ethernet minimum, no ctx_in/ctx_out:
 *               the BPF conformance suite's contract.
 *   XDP         R1 = a struct xdp_md whose data/data_end hold the 32-bit
 *               addresses of the packet copy, in one block below 4 GiB:
 *               [ xdp_md | pad to 64 | packet ]; R2 = the block's length.
 *               The benchmark corpus reads its packets this way.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "linux/bpf_interp.h"
#include "linux/bpf_test_run.h"
#include "linux/etherdevice.h"
#include "linux/netdevice.h"
#include "linux/skbuff.h"
#include "linux/uaccess.h"
#include "net/flow_dissector.h"
#include "net/xdp.h"

/* SKB_DATA_ALIGN(sizeof(struct skb_shared_info)): 320 on x86-64 */
#define SKB_SHINFO_SIZE		SKB_DATA_ALIGN(sizeof(struct skb_shared_info))
#define MAX_BPF_FUNC_ARGS	12
#define XDP_MD_BLOCK_DATA	64	/* the packet's offset in the XDP block */
/* include/linux/netdevice.h, v5.8 */
#define GSO_MAX_SIZE		65536
#define GSO_MAX_SEGS		65535
/* the link-layer header's room, rounded to 16 (HH_DATA_ALIGN()) */
#define HH_DATA_MOD		16
#define HH_DATA_ALIGN(__len)	(((__len) + (HH_DATA_MOD - 1)) & ~(HH_DATA_MOD - 1))

static u64 ktime_get_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static u64 bpf_test_last_r0;

u64 bpf_test_run_last_r0(void)
{
	return bpf_test_last_r0;
}

/*
 * The kernel disables migration, and gives the CPU up between runs when
 * asked to (need_resched) or stops on a signal (-EINTR). A user-space
 * process is preempted without asking, so only the timing is left.
 */
int bpf_test_run64(struct bpf_prog *prog, void *ctx, u64 len, u32 repeat,
		   u64 *retval, u32 *time)
{
	u64 time_start, time_spent;
	u32 i;

	if (!repeat)
		repeat = 1;

	time_start = ktime_get_ns();
	for (i = 0; i < repeat; i++)
		*retval = bpf_prog_run64_len(prog, ctx, len);
	time_spent = ktime_get_ns() - time_start;

	time_spent /= repeat;	/* do_div() */
	*time = time_spent > U32_MAX ? U32_MAX : (u32)time_spent;
	bpf_test_last_r0 = *retval;
	return 0;
}

/* The kernel's, with its signature: R0 truncated to the attr's u32. */
static int bpf_test_run(struct bpf_prog *prog, void *ctx, u64 len, u32 repeat,
			u32 *retval, u32 *time)
{
	u64 r0 = 0;
	int ret;

	ret = bpf_test_run64(prog, ctx, len, repeat, &r0, time);
	*retval = (u32)r0;
	return ret;
}

/*
 * Copy the (possibly modified) packet, its size, R0 and the time back.
 * A data_out too small (data_size_out != 0 and less than size) gets the
 * first data_size_out bytes, the full size in data_size_out, and -ENOSPC
 * -- after everything else was written, so the caller learns the size.
 */
static int bpf_test_finish(const union bpf_attr *kattr,
			   union bpf_attr __user *uattr, const void *data,
			   u32 size, u32 retval, u32 duration)
{
	void __user *data_out = u64_to_user_ptr(kattr->test.data_out);
	int err = -EFAULT;
	u32 copy_size = size;

	/* Clamp copy if the user has provided a size hint, but copy the full
	 * buffer if not to retain old behaviour.
	 */
	if (kattr->test.data_size_out &&
	    copy_size > kattr->test.data_size_out) {
		copy_size = kattr->test.data_size_out;
		err = -ENOSPC;
	}

	if (data_out && copy_to_user(data_out, data, copy_size))
		goto out;
	if (copy_to_user(&uattr->test.data_size_out, &size, sizeof(size)))
		goto out;
	if (copy_to_user(&uattr->test.retval, &retval, sizeof(retval)))
		goto out;
	if (copy_to_user(&uattr->test.duration, &duration, sizeof(duration)))
		goto out;
	if (err != -ENOSPC)
		err = 0;
out:
	return err;
}

/*
 * Allocate headroom + size + tailroom zeroed bytes (as much as kmalloc()
 * would really give: build_skb() uses it all) and copy data_in after the
 * headroom. `size` is the buffer's data size: the user's for skb, the
 * largest possible for XDP (v5.8's frame_sz work), which is why the two
 * bounds are separate. (v5.8 checks size < ETH_HLEN here for everyone;
 * XDP passes its largest size, so only skb programs meet that bound.)
 */
static void *bpf_test_init(const union bpf_attr *kattr, u32 size,
			   u32 headroom, u32 tailroom, u32 min_size)
{
	void __user *data_in = u64_to_user_ptr(kattr->test.data_in);
	u32 user_size = kattr->test.data_size_in;
	void *data;

	if (size < min_size || size > PAGE_SIZE - headroom - tailroom)
		return ERR_PTR(-EINVAL);

	if (user_size > size)
		return ERR_PTR(-EMSGSIZE);

	data = calloc(1, kmalloc_size_roundup(size + headroom + tailroom));
	if (!data)
		return ERR_PTR(-ENOMEM);

	if (copy_from_user(data + headroom, data_in, user_size)) {
		free(data);
		return ERR_PTR(-EFAULT);
	}

	return data;
}

/*
 * The context the user passed in, max_size bytes: shorter is zero-padded,
 * longer must be zeros past max_size (-E2BIG otherwise, as for bpf_attr).
 * NULL if there is neither ctx_in nor ctx_out.
 */
static void *bpf_ctx_init(const union bpf_attr *kattr, u32 max_size)
{
	void __user *data_in = u64_to_user_ptr(kattr->test.ctx_in);
	void __user *data_out = u64_to_user_ptr(kattr->test.ctx_out);
	u32 size = kattr->test.ctx_size_in;
	void *data;
	int err;

	if (!data_in && !data_out)
		return NULL;

	data = calloc(1, max_size);
	if (!data)
		return ERR_PTR(-ENOMEM);

	if (data_in) {
		err = bpf_check_uarg_tail_zero(data_in, max_size, size);
		if (err) {
			free(data);
			return ERR_PTR(err);
		}

		size = min_t(u32, max_size, size);
		if (copy_from_user(data, data_in, size)) {
			free(data);
			return ERR_PTR(-EFAULT);
		}
	}
	return data;
}

/* The context back out, clamped to ctx_size_out like data_out (-ENOSPC). */
static int bpf_ctx_finish(const union bpf_attr *kattr,
			  union bpf_attr __user *uattr, const void *data,
			  u32 size)
{
	void __user *data_out = u64_to_user_ptr(kattr->test.ctx_out);
	int err = -EFAULT;
	u32 copy_size = size;

	if (!data || !data_out)
		return 0;

	if (copy_size > kattr->test.ctx_size_out) {
		copy_size = kattr->test.ctx_size_out;
		err = -ENOSPC;
	}

	if (copy_to_user(data_out, data, copy_size))
		goto out;
	if (copy_to_user(&uattr->test.ctx_size_out, &size, sizeof(size)))
		goto out;
	if (err != -ENOSPC)
		err = 0;
out:
	return err;
}

/**
 * range_is_zero - test whether buffer is initialized
 * @buf: buffer to check
 * @from: check from this position
 * @to: check up until (excluding) this position
 *
 * This function returns true if the there is no non-zero byte
 * in the buf in the range [from,to).
 */
static inline bool range_is_zero(void *buf, size_t from, size_t to)
{
	return !memchr_inv((u8 *)buf + from, 0, to - from);
}

/* The __sk_buff fields a test may set (v5.8): the rest must be zero. */
static int convert___skb_to_skb(struct sk_buff *skb, struct __sk_buff *__skb)
{
	struct qdisc_skb_cb *cb = (struct qdisc_skb_cb *)skb->cb;

	if (!__skb)
		return 0;

	/* make sure the fields we don't use are zeroed */
	if (!range_is_zero(__skb, 0, offsetof(struct __sk_buff, mark)))
		return -EINVAL;

	/* mark is allowed */

	if (!range_is_zero(__skb, offsetofend(struct __sk_buff, mark),
			   offsetof(struct __sk_buff, priority)))
		return -EINVAL;

	/* priority is allowed */

	if (!range_is_zero(__skb, offsetofend(struct __sk_buff, priority),
			   offsetof(struct __sk_buff, cb)))
		return -EINVAL;

	/* cb is allowed */

	if (!range_is_zero(__skb, offsetofend(struct __sk_buff, cb),
			   offsetof(struct __sk_buff, tstamp)))
		return -EINVAL;

	/* tstamp is allowed */
	/* wire_len is allowed */
	/* gso_segs is allowed */

	if (!range_is_zero(__skb, offsetofend(struct __sk_buff, gso_segs),
			   sizeof(struct __sk_buff)))
		return -EINVAL;

	skb->mark = __skb->mark;
	skb->priority = __skb->priority;
	skb->tstamp = __skb->tstamp;
	memcpy(&cb->data, __skb->cb, QDISC_CB_PRIV_LEN);

	if (__skb->wire_len == 0) {
		cb->pkt_len = skb->len;
	} else {
		if (__skb->wire_len < skb->len ||
		    __skb->wire_len > GSO_MAX_SIZE)
			return -EINVAL;
		cb->pkt_len = __skb->wire_len;
	}

	if (__skb->gso_segs > GSO_MAX_SEGS)
		return -EINVAL;
	skb_shinfo(skb)->gso_segs = __skb->gso_segs;

	return 0;
}

static void convert_skb_to___skb(struct sk_buff *skb, struct __sk_buff *__skb)
{
	struct qdisc_skb_cb *cb = (struct qdisc_skb_cb *)skb->cb;

	if (!__skb)
		return;

	__skb->mark = skb->mark;
	__skb->priority = skb->priority;
	__skb->tstamp = skb->tstamp;
	memcpy(__skb->cb, &cb->data, QDISC_CB_PRIV_LEN);
	__skb->wire_len = cb->pkt_len;
	__skb->gso_segs = skb_shinfo(skb)->gso_segs;
}

/* Ours: an unverified skb program reads raw memory (see the top). */
static int bpf_prog_test_run_raw_skb(struct bpf_prog *prog, const union bpf_attr *kattr,
				     union bpf_attr __user *uattr)
{
	u32 size = kattr->test.data_size_in;
	u32 repeat = kattr->test.repeat;
	u32 headroom = NET_SKB_PAD + NET_IP_ALIGN;
	u32 retval, duration;
	void *data, *pkt;
	int ret;

	/* no sk_buff to take a __sk_buff from or give one back */
	if (kattr->test.ctx_in || kattr->test.ctx_out)
		return -EINVAL;

	data = bpf_test_init(kattr, size, headroom, SKB_SHINFO_SIZE, 0);
	if (IS_ERR(data))
		return PTR_ERR(data);
	pkt = data + headroom;

	ret = bpf_test_run(prog, size ? pkt : NULL, size, repeat,
			   &retval, &duration);
	if (!ret)
		ret = bpf_test_finish(kattr, uattr, pkt, size, retval, duration);
	free(data);
	return ret;
}

int bpf_prog_test_run_skb(struct bpf_prog *prog, const union bpf_attr *kattr,
			  union bpf_attr __user *uattr)
{
	bool is_l2 = false, is_direct_pkt_access = false;
	u32 size = kattr->test.data_size_in;
	u32 repeat = kattr->test.repeat;
	u32 headroom = NET_SKB_PAD + NET_IP_ALIGN;
	struct __sk_buff *ctx = NULL;
	u32 retval, duration;
	int hh_len = ETH_HLEN;
	struct sk_buff *skb;
	void *data;
	int ret;

	if (prog->aux->unverified)
		return bpf_prog_test_run_raw_skb(prog, kattr, uattr);

	data = bpf_test_init(kattr, size, headroom, SKB_SHINFO_SIZE, ETH_HLEN);
	if (IS_ERR(data))
		return PTR_ERR(data);

	ctx = bpf_ctx_init(kattr, sizeof(struct __sk_buff));
	if (IS_ERR(ctx)) {
		free(data);
		return PTR_ERR(ctx);
	}

	switch (prog->type) {
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
		is_l2 = true;
		fallthrough;
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
		is_direct_pkt_access = true;
		break;
	default:
		break;
	}

	skb = build_skb(data, kmalloc_size_roundup(size + headroom + SKB_SHINFO_SIZE));
	if (!skb) {
		free(data);
		free(ctx);
		return -ENOMEM;
	}
	/* v5.8 sets skb->sk to a zeroed dummy socket; none exists here */

	skb_reserve(skb, NET_SKB_PAD + NET_IP_ALIGN);
	__skb_put(skb, size);
	skb->protocol = eth_type_trans(skb, &loopback_dev);
	skb_reset_network_header(skb);

	/* A socket filter sees the packet from the network header, tc from
	 * the MAC header: where each runs in the kernel.
	 */
	if (is_l2)
		__skb_push(skb, hh_len);
	if (is_direct_pkt_access)
		bpf_compute_data_pointers(skb);
	ret = convert___skb_to_skb(skb, ctx);
	if (ret)
		goto out;
	ret = bpf_test_run(prog, skb, 0, repeat, &retval, &duration);
	if (ret)
		goto out;
	/* data_out starts at the MAC header, a zeroed one for L3 programs */
	if (!is_l2) {
		if (skb_headroom(skb) < (unsigned int)hh_len) {
			int nhead = HH_DATA_ALIGN(hh_len - skb_headroom(skb));

			if (pskb_expand_head(skb, nhead, 0, GFP_USER)) {
				ret = -ENOMEM;
				goto out;
			}
		}
		memset(__skb_push(skb, hh_len), 0, hh_len);
	}
	convert_skb_to___skb(skb, ctx);

	size = skb->len;
	/* bpf program can never convert linear skb to non-linear */
	if (skb_is_nonlinear(skb))
		size = skb_headlen(skb);
	ret = bpf_test_finish(kattr, uattr, skb->data, size, retval, duration);
	if (!ret)
		ret = bpf_ctx_finish(kattr, uattr, ctx,
				     sizeof(struct __sk_buff));
out:
	kfree_skb(skb);
	free(ctx);
	return ret;
}

/*
 * Ours: an unverified XDP program gets the block, one page below 4 GiB,
 * [ xdp_md | pad | packet ] (see the top). The kernel's buffer is
 * headroom + max_data_sz + tailroom = one page too.
 */
static int bpf_prog_test_run_raw_xdp(struct bpf_prog *prog, const union bpf_attr *kattr,
				     union bpf_attr __user *uattr, u32 max_data_sz)
{
	u32 size = kattr->test.data_size_in;
	u32 repeat = kattr->test.repeat;
	void __user *data_in = u64_to_user_ptr(kattr->test.data_in);
	u32 retval, duration;
	struct xdp_md *ctx;
	void *block, *pkt;
	int ret;

	if (size > max_data_sz)
		return -EMSGSIZE;

	/* MAP_32BIT: the block's addresses fit xdp_md's u32 fields. */
	block = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (block == MAP_FAILED)
		return -ENOMEM;
	pkt = block + XDP_MD_BLOCK_DATA;
	if (copy_from_user(pkt, data_in, size)) {
		munmap(block, PAGE_SIZE);
		return -EFAULT;
	}

	ctx = block;
	ctx->data = (u32)(unsigned long)pkt;
	ctx->data_end = (u32)(unsigned long)(pkt + size);
	ctx->data_meta = ctx->data;		/* no metadata */
	ctx->ingress_ifindex = loopback_dev.ifindex;
	ctx->rx_queue_index = 0;

	ret = bpf_test_run(prog, block, XDP_MD_BLOCK_DATA + size, repeat,
			   &retval, &duration);
	if (!ret)
		ret = bpf_test_finish(kattr, uattr, pkt, size, retval, duration);
	munmap(block, PAGE_SIZE);
	return ret;
}

int bpf_prog_test_run_xdp(struct bpf_prog *prog, const union bpf_attr *kattr,
			  union bpf_attr __user *uattr)
{
	u32 tailroom = SKB_SHINFO_SIZE;
	u32 headroom = XDP_PACKET_HEADROOM;
	u32 size = kattr->test.data_size_in;
	u32 repeat = kattr->test.repeat;
	struct netdev_rx_queue *rxqueue;
	struct xdp_txq_info txq = { .dev = &loopback_dev };
	struct xdp_buff xdp = {};
	u32 retval, duration;
	u32 max_data_sz;
	void *data;
	int ret;

	if (kattr->test.ctx_in || kattr->test.ctx_out)
		return -EINVAL;

	/* XDP have extra tailroom as (most) drivers use full page */
	max_data_sz = PAGE_SIZE - headroom - tailroom;

	if (prog->aux->unverified)
		return bpf_prog_test_run_raw_xdp(prog, kattr, uattr, max_data_sz);

	data = bpf_test_init(kattr, max_data_sz, headroom, tailroom, 0);
	if (IS_ERR(data))
		return PTR_ERR(data);

	xdp.data_hard_start = data;
	xdp.data = data + headroom;
	xdp.data_meta = xdp.data;
	xdp.data_end = xdp.data + size;
	xdp.frame_sz = headroom + max_data_sz + tailroom;

	rxqueue = __netif_get_rx_queue(&loopback_dev, 0);
	xdp.rxq = &rxqueue->xdp_rxq;
	/* v5.8 leaves txq NULL: only a devmap program (egress_ifindex) reads
	 * it, and would read through NULL. Here it is the loopback device.
	 */
	xdp.txq = &txq;
	ret = bpf_test_run(prog, &xdp, 0, repeat, &retval, &duration);
	if (ret)
		goto out;
	if (xdp.data != data + headroom || xdp.data_end != xdp.data + size)
		size = xdp.data_end - xdp.data;
	ret = bpf_test_finish(kattr, uattr, xdp.data, size, retval, duration);
out:
	free(data);
	return ret;
}

/*
 * A raw tracepoint program's context is the tracepoint's arguments, an
 * array of up to 12 u64. The test run takes them from ctx_in and returns
 * only retval: no data, no repeat, no duration.
 */
int bpf_prog_test_run_raw_tp(struct bpf_prog *prog, const union bpf_attr *kattr,
			     union bpf_attr __user *uattr)
{
	void __user *ctx_in = u64_to_user_ptr(kattr->test.ctx_in);
	u32 ctx_size_in = kattr->test.ctx_size_in;
	u32 retval, duration;
	void *ctx = NULL;
	int err;

	/* doesn't support data_in/out, ctx_out, duration, or repeat */
	if (kattr->test.data_in || kattr->test.data_out ||
	    kattr->test.ctx_out || kattr->test.duration ||
	    kattr->test.repeat)
		return -EINVAL;

	if (ctx_size_in < prog->aux->max_ctx_offset ||
	    ctx_size_in > MAX_BPF_FUNC_ARGS * sizeof(u64))
		return -EINVAL;

	if (ctx_size_in) {
		ctx = malloc(ctx_size_in);	/* memdup_user() */
		if (!ctx)
			return -ENOMEM;
		if (copy_from_user(ctx, ctx_in, ctx_size_in)) {
			free(ctx);
			return -EFAULT;
		}
	}

	err = bpf_test_run(prog, ctx, ctx_size_in, 1, &retval, &duration);
	if (!err && copy_to_user(&uattr->test.retval, &retval, sizeof(u32)))
		err = -EFAULT;

	free(ctx);
	return err;
}

/* ---- flow dissectors ------------------------------------------------------ */

/* A flow dissector's keys from the user: only flags may be set. */
static int verify_user_bpf_flow_keys(struct bpf_flow_keys *ctx)
{
	/* make sure the fields we don't use are zeroed */
	if (!range_is_zero(ctx, 0, offsetof(struct bpf_flow_keys, flags)))
		return -EINVAL;

	/* flags is allowed */
	if (!range_is_zero(ctx, offsetofend(struct bpf_flow_keys, flags),
			   sizeof(struct bpf_flow_keys)))
		return -EINVAL;

	return 0;
}

/*
 * net/core/flow_dissector.c: bpf_flow_dissect(). The keys start as the
 * kernel's dissector found the packet (its protocol, the network header
 * at nhoff); whatever the program leaves, the offsets end up inside the
 * packet, nhoff <= thoff <= hlen.
 */
static u32 bpf_flow_dissect(struct bpf_prog *prog, struct bpf_flow_dissector *ctx,
			    __be16 proto, int nhoff, int hlen, unsigned int flags, u32 *time)
{
	struct bpf_flow_keys *flow_keys = ctx->flow_keys;
	u32 result;

	/* Pass parameters to the BPF program */
	memset(flow_keys, 0, sizeof(*flow_keys));
	flow_keys->n_proto = proto;
	flow_keys->nhoff = nhoff;
	flow_keys->thoff = flow_keys->nhoff;
	flow_keys->flags = flags;

	bpf_test_run(prog, ctx, 0, 1, &result, time);

	flow_keys->nhoff = clamp_t(u16, flow_keys->nhoff, nhoff, hlen);
	flow_keys->thoff = clamp_t(u16, flow_keys->thoff, flow_keys->nhoff, hlen);

	return result;
}

/*
 * FLOW_DISSECTOR: the program dissects a bare buffer (no skb: its
 * bpf_skb_load_bytes() fails, direct reads work), an Ethernet frame whose
 * header the kernel has read already. data_out is the keys it filled,
 * ctx_in/ctx_out a struct bpf_flow_keys of which only flags goes in.
 */
int bpf_prog_test_run_flow_dissector(struct bpf_prog *prog, const union bpf_attr *kattr,
				     union bpf_attr __user *uattr)
{
	u32 size = kattr->test.data_size_in;
	struct bpf_flow_dissector ctx = {};
	u32 repeat = kattr->test.repeat;
	struct bpf_flow_keys *user_ctx;
	struct bpf_flow_keys flow_keys;
	u64 time_spent = 0;
	const struct ethhdr *eth;
	unsigned int flags = 0;
	u32 retval = 0, duration, t;
	void *data;
	int ret;
	u32 i;

	if (prog->type != BPF_PROG_TYPE_FLOW_DISSECTOR)
		return -EINVAL;

	if (size < ETH_HLEN)
		return -EINVAL;

	data = bpf_test_init(kattr, size, 0, 0, ETH_HLEN);
	if (IS_ERR(data))
		return PTR_ERR(data);

	eth = (struct ethhdr *)data;

	if (!repeat)
		repeat = 1;

	user_ctx = bpf_ctx_init(kattr, sizeof(struct bpf_flow_keys));
	if (IS_ERR(user_ctx)) {
		free(data);
		return PTR_ERR(user_ctx);
	}
	if (user_ctx) {
		ret = verify_user_bpf_flow_keys(user_ctx);
		if (ret)
			goto out;
		flags = user_ctx->flags;
	}

	ctx.flow_keys = &flow_keys;
	ctx.data = data;
	ctx.data_end = (__u8 *)data + size;

	for (i = 0; i < repeat; i++) {
		retval = bpf_flow_dissect(prog, &ctx, eth->h_proto, ETH_HLEN, size, flags, &t);
		time_spent += t;
	}
	duration = time_spent / repeat;

	ret = bpf_test_finish(kattr, uattr, &flow_keys, sizeof(flow_keys), retval, duration);
	if (!ret)
		ret = bpf_ctx_finish(kattr, uattr, user_ctx, sizeof(struct bpf_flow_keys));

out:
	free(user_ctx);
	free(data);
	return ret;
}
