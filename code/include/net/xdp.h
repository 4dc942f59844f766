/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What an XDP program's context really is: struct xdp_buff, the driver's
 * view of one received frame in one page, and the receive and transmit
 * queues it came through.
 *
 * Mirrors include/net/xdp.h (struct xdp_buff, xdp_rxq_info, xdp_txq_info,
 * xdp_frame, xdp_data_hard_end(), the data_meta markers), Linux v5.8;
 * written afresh. The fields are the kernel's, by name and order, with
 * only what the verifier's rewrites and the XDP helpers touch. A program
 * never sees this layout: it reads struct xdp_md (uapi), and
 * xdp_convert_ctx_access() turns each xdp_md field into loads of these.
 */
#ifndef _SHIM_NET_XDP_H
#define _SHIM_NET_XDP_H

#include "linux/skbuff.h"	/* SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) */

/* The headroom every XDP driver leaves in front of a frame. */
#define XDP_PACKET_HEADROOM	256

struct xdp_mem_info {
	u32 type;	/* enum xdp_mem_type, but known size type */
	u32 id;
};

struct xdp_rxq_info {
	struct net_device *dev;
	u32 queue_index;
	u32 reg_state;
	struct xdp_mem_info mem;
};

struct xdp_txq_info {
	struct net_device *dev;
};

struct xdp_buff {
	void *data;
	void *data_end;
	void *data_meta;
	void *data_hard_start;
	struct xdp_rxq_info *rxq;
	struct xdp_txq_info *txq;
	u32 frame_sz; /* frame size to deduce data_hard_end/reserved tailroom*/
};

/*
 * What xdp_convert_buff_to_frame() writes at the top of the headroom when
 * a frame is redirected or sent back: the bytes a program may never move
 * its data (or metadata) into. v5.8's layout, 32 bytes on x86-64 (6.x's
 * has a flags word more: 40).
 */
struct xdp_frame {
	void *data;
	u16 len;
	u16 headroom;
	u32 metasize:8;
	u32 frame_sz:24;
	/* Lifetime of xdp_rxq_info is limited to NAPI/enqueue time,
	 * while mem info is valid on remote CPU.
	 */
	struct xdp_mem_info mem;
	struct net_device *dev_rx; /* used by cpumap */
};
_Static_assert(sizeof(struct xdp_frame) == 32, "struct xdp_frame is 32 bytes");

/* Reserve memory area at end-of data area.
 *
 * This macro reserves tailroom in the XDP buffer by limiting the
 * XDP/BPF data access to data_hard_end.  Notice same area (and size)
 * is used for XDP_PASS, when constructing the SKB via build_skb().
 */
#define xdp_data_hard_end(xdp)				\
	((xdp)->data_hard_start + (xdp)->frame_sz -	\
	 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

/* data_meta one byte past data: this driver has no room for metadata. */
static inline void xdp_set_data_meta_invalid(struct xdp_buff *xdp)
{
	xdp->data_meta = xdp->data + 1;
}

static inline bool xdp_data_meta_unsupported(const struct xdp_buff *xdp)
{
	return unlikely(xdp->data_meta > xdp->data);
}

#endif /* _SHIM_NET_XDP_H */
