// SPDX-License-Identifier: GPL-2.0
/*
 * The context of flow dissector programs: a struct __sk_buff of which only
 * data, data_end and flow_keys exist, and bpf_skb_load_bytes() on the
 * packet being dissected.
 *
 * Mirrors net/core/filter.c: flow_dissector_is_valid_access(),
 * flow_dissector_convert_ctx_access(), bpf_flow_dissector_load_bytes() and
 * its proto, flow_dissector_func_proto(), Linux v5.8; written afresh.
 *
 * A flow dissector replaces the kernel's own parsing of a packet's
 * headers (for RPS, for the flow hash): it reads the packet and writes
 * what it found into struct bpf_flow_keys, through a PTR_TO_FLOW_KEYS the
 * walk bounds by the struct's size. It may read nothing else, and write
 * nothing of the context. The real context is struct bpf_flow_dissector
 * (net/flow_dissector.h), whose fields the three reads become.
 */
#include <string.h>

#include "net/flow_dissector.h"
#include "ctx.h"

bool flow_dissector_is_valid_access(int off, int size, enum bpf_access_type type,
				    const struct bpf_prog *prog,
				    struct bpf_insn_access_aux *info)
{
	const int size_default = sizeof(__u32);

	(void)prog;
	if (off < 0 || off >= (int)sizeof(struct __sk_buff))
		return false;

	if (type == BPF_WRITE)
		return false;

	switch (off) {
	case bpf_ctx_range(struct __sk_buff, data):
		if (size != size_default)
			return false;
		info->reg_type = PTR_TO_PACKET;
		return true;
	case bpf_ctx_range(struct __sk_buff, data_end):
		if (size != size_default)
			return false;
		info->reg_type = PTR_TO_PACKET_END;
		return true;
	case bpf_ctx_range_ptr(struct __sk_buff, flow_keys):
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_FLOW_KEYS;
		return true;
	default:
		return false;
	}
}

u32 flow_dissector_convert_ctx_access(enum bpf_access_type type, const struct bpf_insn *si,
				      struct bpf_insn *insn_buf, struct bpf_prog *prog,
				      u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;

	(void)type; (void)prog; (void)target_size;
	switch (si->off) {
	case offsetof(struct __sk_buff, data):
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(struct bpf_flow_dissector, data),
				      si->dst_reg, si->src_reg,
				      offsetof(struct bpf_flow_dissector, data));
		break;
	case offsetof(struct __sk_buff, data_end):
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(struct bpf_flow_dissector, data_end),
				      si->dst_reg, si->src_reg,
				      offsetof(struct bpf_flow_dissector, data_end));
		break;
	case offsetof(struct __sk_buff, flow_keys):
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(struct bpf_flow_dissector, flow_keys),
				      si->dst_reg, si->src_reg,
				      offsetof(struct bpf_flow_dissector, flow_keys));
		break;
	}

	return insn - insn_buf;
}

/* bpf_skb_load_bytes() of a flow dissector: from the skb if there is one
 * (a bare buffer has none: -EFAULT), the buffer zeroed on failure.
 */
u64 bpf_flow_dissector_load_bytes(u64 ctx_, u64 offset_, u64 to_, u64 len_, u64 r5)
{
	const struct bpf_flow_dissector *ctx = (const void *)(uintptr_t)ctx_;
	void *to = (void *)(uintptr_t)to_, *ptr;
	u32 offset = offset_, len = len_;

	(void)r5;
	if (unlikely(offset > 0xffff))
		goto err_clear;

	if (unlikely(!ctx->skb))
		goto err_clear;

	ptr = skb_header_pointer(ctx->skb, offset, len, to);
	if (unlikely(!ptr))
		goto err_clear;
	if (ptr != to)
		memcpy(to, ptr, len);

	return 0;
err_clear:
	memset(to, 0, len);
	return -EFAULT;
}

const struct bpf_func_proto bpf_flow_dissector_load_bytes_proto = {
	.func		= bpf_flow_dissector_load_bytes,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg4_type	= ARG_CONST_SIZE,
};
