// SPDX-License-Identifier: GPL-2.0
/*
 * The context of XDP programs: struct xdp_md, a view of struct xdp_buff.
 *
 * Mirrors net/core/filter.c: xdp_is_valid_access(), xdp_convert_ctx_access()
 * and bpf_noop_prologue(), Linux v5.8. Your version replaces
 * chapters/07-verifier/ctx_xdp.c.
 */
#include "linux/netdevice.h"
#include "ctx.h"

/*
 * May an XDP program access `size` bytes at `off` of its struct xdp_md
 * (include/uapi/linux/bpf.h: six u32, data .. egress_ifindex), as `type`?
 *   - only reads, of a whole u32, inside the struct, at a multiple of 4;
 *   - egress_ifindex only for a program run by a devmap
 *     (prog->expected_attach_type == BPF_XDP_DEVMAP);
 *   - a read of data gives a PTR_TO_PACKET, of data_meta a
 *     PTR_TO_PACKET_META, of data_end a PTR_TO_PACKET_END (set
 *     info->reg_type); of any other field, a number (leave it).
 */
bool xdp_is_valid_access(int off, int size, enum bpf_access_type type,
			 const struct bpf_prog *prog,
			 struct bpf_insn_access_aux *info)
{
	/* TODO */
	(void)off; (void)size; (void)type; (void)prog; (void)info;
	return false;
}

/*
 * Rewrite the load `si` (dst = *(u32 *)(src + off), off a field of
 * xdp_md that xdp_is_valid_access() allowed) into loads from the struct
 * xdp_buff the program really gets (code/include/net/xdp.h), into
 * insn_buf; return how many instructions. dst and src are si's registers;
 * a chain of loads may use dst for the pointers on the way.
 *   data, data_meta, data_end: the xdp_buff's pointer of the same name;
 *   ingress_ifindex: xdp->rxq->dev->ifindex;
 *   rx_queue_index:  xdp->rxq->queue_index;
 *   egress_ifindex:  xdp->txq->dev->ifindex.
 * Each load has the size of the field it reads (BPF_FIELD_SIZEOF()).
 */
u32 xdp_convert_ctx_access(enum bpf_access_type type, const struct bpf_insn *si,
			   struct bpf_insn *insn_buf, struct bpf_prog *prog,
			   u32 *target_size)
{
	/* TODO */
	(void)type; (void)si; (void)insn_buf; (void)prog; (void)target_size;
	return 0;
}

/* A driver's frame is never shared: nothing to do before the program. */
int bpf_noop_prologue(struct bpf_insn *insn_buf, bool direct_write,
		      const struct bpf_prog *prog)
{
	(void)insn_buf; (void)direct_write; (void)prog;
	return 0;
}
