// SPDX-License-Identifier: GPL-2.0
/*
 * The fields of a socket a program holds a pointer to, struct bpf_sock,
 * as loads from the kernel's struct sock: which reads are allowed is
 * sock_access.c's; this is what each becomes.
 *
 * Mirrors net/core/filter.c: bpf_sock_convert_ctx_access(), Linux v5.8;
 * written afresh.
 *
 * One load per field from struct sock (net/sock.h), as wide as the field
 * is, and for rx_queue_mapping a compare that turns "no queue" into -1.
 */
#include "net/sock.h"
#include "ctx.h"

/* dst = the sock_common or sock field NF, as wide as it is */
#define SOCK_FIELD_LOAD(S, NF)							\
	BPF_LDX_MEM(BPF_FIELD_SIZEOF(S, NF), si->dst_reg, si->src_reg,		\
		    bpf_target_off(S, NF, sizeof_field(S, NF), target_size))

u32 bpf_sock_convert_ctx_access(enum bpf_access_type type, const struct bpf_insn *si,
				struct bpf_insn *insn_buf, struct bpf_prog *prog,
				u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;
	int off;

	(void)type; (void)prog;
	switch (si->off) {
	case offsetof(struct bpf_sock, bound_dev_if):
		*insn++ = SOCK_FIELD_LOAD(struct sock_common, skc_bound_dev_if);
		break;
	case offsetof(struct bpf_sock, mark):
		*insn++ = SOCK_FIELD_LOAD(struct sock, sk_mark);
		break;
	case offsetof(struct bpf_sock, priority):
		*insn++ = SOCK_FIELD_LOAD(struct sock, sk_priority);
		break;
	case offsetof(struct bpf_sock, family):
		*insn++ = SOCK_FIELD_LOAD(struct sock_common, skc_family);
		break;
	case offsetof(struct bpf_sock, type):
		*insn++ = SOCK_FIELD_LOAD(struct sock, sk_type);
		break;
	case offsetof(struct bpf_sock, protocol):
		*insn++ = SOCK_FIELD_LOAD(struct sock, sk_protocol);
		break;
	case offsetof(struct bpf_sock, src_ip4):
		*insn++ = BPF_LDX_MEM(BPF_SIZE(si->code), si->dst_reg, si->src_reg,
				      bpf_target_off(struct sock_common, skc_rcv_saddr,
						     sizeof_field(struct sock_common, skc_rcv_saddr),
						     target_size));
		break;
	case offsetof(struct bpf_sock, dst_ip4):
		*insn++ = BPF_LDX_MEM(BPF_SIZE(si->code), si->dst_reg, si->src_reg,
				      bpf_target_off(struct sock_common, skc_daddr,
						     sizeof_field(struct sock_common, skc_daddr),
						     target_size));
		break;
	case bpf_ctx_range_till(struct bpf_sock, src_ip6[0], src_ip6[3]):
		off = si->off - offsetof(struct bpf_sock, src_ip6[0]);
		*insn++ = BPF_LDX_MEM(BPF_SIZE(si->code), si->dst_reg, si->src_reg,
				      bpf_target_off(struct sock_common,
						     skc_v6_rcv_saddr.s6_addr32[0],
						     sizeof_field(struct sock_common,
								  skc_v6_rcv_saddr.s6_addr32[0]),
						     target_size) + off);
		break;
	case bpf_ctx_range_till(struct bpf_sock, dst_ip6[0], dst_ip6[3]):
		off = si->off - offsetof(struct bpf_sock, dst_ip6[0]);
		*insn++ = BPF_LDX_MEM(BPF_SIZE(si->code), si->dst_reg, si->src_reg,
				      bpf_target_off(struct sock_common,
						     skc_v6_daddr.s6_addr32[0],
						     sizeof_field(struct sock_common,
								  skc_v6_daddr.s6_addr32[0]),
						     target_size) + off);
		break;
	case offsetof(struct bpf_sock, src_port):
		/* the local port, in host order */
		*insn++ = SOCK_FIELD_LOAD(struct sock_common, skc_num);
		break;
	case offsetof(struct bpf_sock, dst_port):
		/* the remote port, in network order */
		*insn++ = SOCK_FIELD_LOAD(struct sock_common, skc_dport);
		break;
	case offsetof(struct bpf_sock, state):
		*insn++ = SOCK_FIELD_LOAD(struct sock_common, skc_state);
		break;
	case offsetof(struct bpf_sock, rx_queue_mapping):
		*insn++ = SOCK_FIELD_LOAD(struct sock, sk_rx_queue_mapping);
		*insn++ = BPF_JMP_IMM(BPF_JNE, si->dst_reg, NO_QUEUE_MAPPING, 1);
		*insn++ = BPF_MOV64_IMM(si->dst_reg, -1);
		break;
	}

	return insn - insn_buf;
}
