// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers XDP programs call on their frame: move its start, its end,
 * the metadata in front of it, or send it elsewhere.
 *
 * Mirrors net/core/filter.c: bpf_xdp_adjust_head(), bpf_xdp_adjust_meta(),
 * bpf_xdp_adjust_tail(), bpf_xdp_redirect() and their bpf_func_proto,
 * Linux v5.8; written afresh.
 *
 * The frame sits in one page: [ headroom | metadata | packet | tailroom ].
 * Nothing is copied: adjusting moves the xdp_buff's pointers within the
 * page, between limits that keep room for what the kernel writes there:
 * a struct xdp_frame at the very top of the headroom (when the frame is
 * redirected), the skb_shared_info at the end of the page (when it
 * becomes an skb). A program's packet pointers are dead after each call
 * (bpf_helper_changes_pkt_data()); it reloads data and data_end.
 */
#include <string.h>

#include "linux/etherdevice.h"
#include "ctx.h"

#define XDP(p)	((struct xdp_buff *)(uintptr_t)(p))

/* The bytes of metadata in front of data; 0 if the driver has none. */
static unsigned long xdp_get_metalen(const struct xdp_buff *xdp)
{
	return xdp_data_meta_unsupported(xdp) ? 0 :
	       xdp->data - xdp->data_meta;
}

/* Grow (offset < 0) or shrink the frame at its start, metadata along. */
u64 bpf_xdp_adjust_head(u64 xdp_, u64 offset_, u64 r3, u64 r4, u64 r5)
{
	struct xdp_buff *xdp = XDP(xdp_);
	int offset = offset_;
	void *xdp_frame_end = xdp->data_hard_start + sizeof(struct xdp_frame);
	unsigned long metalen = xdp_get_metalen(xdp);
	void *data_start = xdp_frame_end + metalen;
	/* (as an integer first: a pointer may not leave its page in C) */
	uintptr_t data = (uintptr_t)xdp->data + offset;

	(void)r3; (void)r4; (void)r5;
	if (unlikely(data < (uintptr_t)data_start ||
		     data > (uintptr_t)xdp->data_end - ETH_HLEN))
		return -EINVAL;

	if (metalen)
		memmove(xdp->data_meta + offset,
			xdp->data_meta, metalen);
	xdp->data_meta += offset;
	xdp->data = (void *)data;

	return 0;
}

const struct bpf_func_proto bpf_xdp_adjust_head_proto = {
	.func		= bpf_xdp_adjust_head,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

/* Grow or shrink the frame at its end, within the page's tailroom. */
u64 bpf_xdp_adjust_tail(u64 xdp_, u64 offset_, u64 r3, u64 r4, u64 r5)
{
	struct xdp_buff *xdp = XDP(xdp_);
	int offset = offset_;
	void *data_hard_end = xdp_data_hard_end(xdp); /* use xdp->frame_sz */
	uintptr_t data_end = (uintptr_t)xdp->data_end + offset;

	(void)r3; (void)r4; (void)r5;
	/* Notice that xdp_data_hard_end have reserved some tailroom */
	if (unlikely(data_end > (uintptr_t)data_hard_end))
		return -EINVAL;

	/* ALL drivers MUST init xdp->frame_sz, chicken check below */
	if (unlikely(xdp->frame_sz > PAGE_SIZE))
		return -EINVAL;

	if (unlikely(data_end < (uintptr_t)xdp->data + ETH_HLEN))
		return -EINVAL;

	/* Clear memory area on grow, can contain uninit kernel memory */
	if (offset > 0)
		memset(xdp->data_end, 0, offset);

	xdp->data_end = (void *)data_end;

	return 0;
}

const struct bpf_func_proto bpf_xdp_adjust_tail_proto = {
	.func		= bpf_xdp_adjust_tail,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

/*
 * Room for metadata in front of the packet (offset < 0 grows it): at most
 * 32 bytes, whole u32s, not into the xdp_frame. A tc program on the same
 * packet finds it at __sk_buff.data_meta.
 */
u64 bpf_xdp_adjust_meta(u64 xdp_, u64 offset_, u64 r3, u64 r4, u64 r5)
{
	struct xdp_buff *xdp = XDP(xdp_);
	int offset = offset_;
	void *xdp_frame_end = xdp->data_hard_start + sizeof(struct xdp_frame);
	uintptr_t meta = (uintptr_t)xdp->data_meta + offset;
	unsigned long metalen = (uintptr_t)xdp->data - meta;

	(void)r3; (void)r4; (void)r5;
	if (xdp_data_meta_unsupported(xdp))
		return -ENOTSUPP;
	if (unlikely(meta < (uintptr_t)xdp_frame_end ||
		     meta > (uintptr_t)xdp->data))
		return -EINVAL;
	if (unlikely((metalen & (sizeof(__u32) - 1)) ||
		     (metalen > 32)))
		return -EACCES;

	xdp->data_meta = (void *)meta;

	return 0;
}

const struct bpf_func_proto bpf_xdp_adjust_meta_proto = {
	.func		= bpf_xdp_adjust_meta,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

/* Send the frame out of another device: recorded, XDP_REDIRECT returned. */
u64 bpf_xdp_redirect(u64 ifindex, u64 flags, u64 r3, u64 r4, u64 r5)
{
	struct bpf_redirect_info *ri = &bpf_redirect_info;

	(void)r3; (void)r4; (void)r5;
	if (unlikely(flags))
		return XDP_ABORTED;

	ri->flags = flags;
	ri->tgt_index = ifindex;
	ri->tgt_value = NULL;
	ri->map = NULL;

	return XDP_REDIRECT;
}

const struct bpf_func_proto bpf_xdp_redirect_proto = {
	.func		= bpf_xdp_redirect,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
	.arg2_type	= ARG_ANYTHING,
};
