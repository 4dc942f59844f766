// SPDX-License-Identifier: GPL-2.0
/*
 * The context of XDP programs: struct xdp_md.
 *
 * Mirrors net/core/filter.c: __is_valid_xdp_access(), xdp_is_valid_access(),
 * xdp_convert_ctx_access() and bpf_noop_prologue(), Linux v5.8; written
 * afresh.
 *
 * An XDP program runs in the driver, before there is an skb: its context
 * is the driver's struct xdp_buff (net/xdp.h), seen through struct xdp_md,
 * six u32. data, data_end and data_meta are 32-bit in the view and
 * pointers in the buffer: the rewrite loads the 64-bit pointer, so a
 * program that reads `ctx->data` gets a packet pointer whole. The device
 * and queue come through the receive (and, for devmap programs, transmit)
 * queue info, two or three loads. Only reads, of whole u32: an XDP program
 * changes its packet with bpf_xdp_adjust_head() and friends, not its
 * context. (A device-bound, offloaded program may also write
 * rx_queue_index; nothing is offloaded here.)
 *
 * Compared with the live 6.x kernel's xlated dump, every field rewrites to
 * the same instructions, at the same offsets into xdp_buff and
 * xdp_rxq_info (our layout follows theirs, unchanged since v5.8); only
 * net_device's ifindex sits elsewhere in our much smaller net_device.
 */
#include "linux/netdevice.h"
#include "ctx.h"

static bool __is_valid_xdp_access(int off, int size)
{
	if (off < 0 || off >= (int)sizeof(struct xdp_md))
		return false;
	if (off % size != 0)
		return false;
	if (size != sizeof(__u32))
		return false;

	return true;
}

bool xdp_is_valid_access(int off, int size, enum bpf_access_type type,
			 const struct bpf_prog *prog,
			 struct bpf_insn_access_aux *info)
{
	/* the egress device exists only for a program run by a devmap */
	if (prog->expected_attach_type != BPF_XDP_DEVMAP) {
		switch (off) {
		case offsetof(struct xdp_md, egress_ifindex):
			return false;
		}
	}

	if (type == BPF_WRITE)
		return false;

	switch (off) {
	case offsetof(struct xdp_md, data):
		info->reg_type = PTR_TO_PACKET;
		break;
	case offsetof(struct xdp_md, data_meta):
		info->reg_type = PTR_TO_PACKET_META;
		break;
	case offsetof(struct xdp_md, data_end):
		info->reg_type = PTR_TO_PACKET_END;
		break;
	}

	return __is_valid_xdp_access(off, size);
}

u32 xdp_convert_ctx_access(enum bpf_access_type type, const struct bpf_insn *si,
			   struct bpf_insn *insn_buf, struct bpf_prog *prog,
			   u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;

	(void)type; (void)prog; (void)target_size;
	switch (si->off) {
	case offsetof(struct xdp_md, data):
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(struct xdp_buff, data),
				      si->dst_reg, si->src_reg,
				      offsetof(struct xdp_buff, data));
		break;
	case offsetof(struct xdp_md, data_meta):
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(struct xdp_buff, data_meta),
				      si->dst_reg, si->src_reg,
				      offsetof(struct xdp_buff, data_meta));
		break;
	case offsetof(struct xdp_md, data_end):
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(struct xdp_buff, data_end),
				      si->dst_reg, si->src_reg,
				      offsetof(struct xdp_buff, data_end));
		break;
	case offsetof(struct xdp_md, ingress_ifindex):
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(struct xdp_buff, rxq),
				      si->dst_reg, si->src_reg,
				      offsetof(struct xdp_buff, rxq));
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(struct xdp_rxq_info, dev),
				      si->dst_reg, si->dst_reg,
				      offsetof(struct xdp_rxq_info, dev));
		*insn++ = BPF_LDX_MEM(BPF_W, si->dst_reg, si->dst_reg,
				      offsetof(struct net_device, ifindex));
		break;
	case offsetof(struct xdp_md, rx_queue_index):
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(struct xdp_buff, rxq),
				      si->dst_reg, si->src_reg,
				      offsetof(struct xdp_buff, rxq));
		*insn++ = BPF_LDX_MEM(BPF_W, si->dst_reg, si->dst_reg,
				      offsetof(struct xdp_rxq_info,
					       queue_index));
		break;
	case offsetof(struct xdp_md, egress_ifindex):
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(struct xdp_buff, txq),
				      si->dst_reg, si->src_reg,
				      offsetof(struct xdp_buff, txq));
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(struct xdp_txq_info, dev),
				      si->dst_reg, si->dst_reg,
				      offsetof(struct xdp_txq_info, dev));
		*insn++ = BPF_LDX_MEM(BPF_W, si->dst_reg, si->dst_reg,
				      offsetof(struct net_device, ifindex));
		break;
	}

	return insn - insn_buf;
}

/*
 * XDP programs write packets directly too, but a driver's frame is never
 * shared: nothing to do first. (convert_ctx_accesses() wants a prologue
 * from every type that may write packet data.)
 */
int bpf_noop_prologue(struct bpf_insn *insn_buf, bool direct_write,
		      const struct bpf_prog *prog)
{
	(void)insn_buf; (void)direct_write; (void)prog;
	/* Neither direct read nor direct write requires any preliminary
	 * action.
	 */
	return 0;
}
