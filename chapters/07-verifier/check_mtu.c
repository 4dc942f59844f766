// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_check_mtu(): would this packet, grown or shrunk by len_diff, fit the
 * MTU of the device it came in on (ifindex 0) or of another one? The
 * answer, and the device's MTU in *mtu_len, before the program forwards it.
 *
 * Mirrors net/core/filter.c: __dev_via_ifindex(), bpf_skb_check_mtu(),
 * bpf_xdp_check_mtu() and their bpf_func_proto, Linux 5.12 (not in v5.8);
 * written afresh.
 *
 * The only device here is the loopback device, the one every test run's
 * packet arrives on; any other ifindex is a device that does not exist
 * (-ENODEV). A test run's skb is never GSO, so the segments check that
 * BPF_MTU_CHK_SEGS asks for never applies; the flag's rules still do.
 */
#include "linux/netdevice.h"
#include "ctx.h"

#define SKB(p)	((struct sk_buff *)(uintptr_t)(p))
#define PTR(p)	((void *)(uintptr_t)(p))

/* The device itself for ifindex 0, which spares a lookup; else a lookup
 * (dev_get_by_index_rcu() in the device's namespace).
 */
static struct net_device *__dev_via_ifindex(struct net_device *dev_curr, u32 ifindex)
{
	if (ifindex == 0)
		return dev_curr;

	return ifindex == (u32)loopback_dev.ifindex ? &loopback_dev : NULL;
}

u64 bpf_skb_check_mtu(u64 skb_, u64 ifindex, u64 mtu_len_, u64 len_diff, u64 flags)
{
	struct sk_buff *skb = SKB(skb_);
	int ret = BPF_MTU_CHK_RET_FRAG_NEEDED;
	struct net_device *dev = skb->dev;
	u32 *mtu_len = PTR(mtu_len_);
	int skb_len, dev_len;
	int mtu;

	if (unlikely(flags & ~(BPF_MTU_CHK_SEGS)))
		return -EINVAL;
	/* a segment's size is the skb's own: no length to pass in */
	if (unlikely(flags & BPF_MTU_CHK_SEGS && ((s32)len_diff || *mtu_len)))
		return -EINVAL;

	dev = __dev_via_ifindex(dev, ifindex);
	if (unlikely(!dev))
		return -ENODEV;

	/* the MTU counts from the network header: add the link header */
	mtu = dev->mtu;
	dev_len = mtu + dev->hard_header_len;

	/* *mtu_len, if set, is an L3 length (iph->tot_len, as fib_lookup) */
	skb_len = *mtu_len ? *mtu_len + dev->hard_header_len : skb->len;

	skb_len += (s32)len_diff;	/* minus result pass check */
	if (skb_len <= dev_len)
		ret = BPF_MTU_CHK_RET_SUCCESS;
	/* the kernel goes on for a GSO skb, whose segments may each fit
	 * (and checks them with BPF_MTU_CHK_SEGS): none is ever built here
	 */

	/* the verifier proved mtu_len a writable int */
	*mtu_len = mtu;
	return ret;
}

const struct bpf_func_proto bpf_skb_check_mtu_proto = {
	.func		= bpf_skb_check_mtu,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_INT,
	.arg4_type	= ARG_ANYTHING,
	.arg5_type	= ARG_ANYTHING,
};

u64 bpf_xdp_check_mtu(u64 xdp_, u64 ifindex, u64 mtu_len_, u64 len_diff, u64 flags)
{
	struct xdp_buff *xdp = PTR(xdp_);
	struct net_device *dev = xdp->rxq->dev;
	int xdp_len = xdp->data_end - xdp->data;
	int ret = BPF_MTU_CHK_RET_SUCCESS;
	u32 *mtu_len = PTR(mtu_len_);
	int mtu, dev_len;

	/* no segments in a frame */
	if (unlikely(flags))
		return -EINVAL;

	dev = __dev_via_ifindex(dev, ifindex);
	if (unlikely(!dev))
		return -ENODEV;

	mtu = dev->mtu;
	dev_len = mtu + dev->hard_header_len;

	if (*mtu_len)
		xdp_len = *mtu_len + dev->hard_header_len;

	xdp_len += (s32)len_diff;	/* minus result pass check */
	if (xdp_len > dev_len)
		ret = BPF_MTU_CHK_RET_FRAG_NEEDED;

	*mtu_len = mtu;
	return ret;
}

const struct bpf_func_proto bpf_xdp_check_mtu_proto = {
	.func		= bpf_xdp_check_mtu,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_INT,
	.arg4_type	= ARG_ANYTHING,
	.arg5_type	= ARG_ANYTHING,
};
