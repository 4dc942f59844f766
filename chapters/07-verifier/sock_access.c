// SPDX-License-Identifier: GPL-2.0
/*
 * Which fields of a socket a program may read: struct bpf_sock through a
 * PTR_TO_SOCKET (a full socket: a cgroup_sock_addr context's sk, a
 * lookup's answer), fewer of them through a PTR_TO_SOCK_COMMON (an
 * __sk_buff's sk, bpf_skc_lookup_tcp(): maybe a request or time-wait
 * socket, without the full socket's fields).
 *
 * Mirrors net/core/filter.c: bpf_sock_is_valid_access() and
 * bpf_sock_common_is_valid_access(), Linux v5.8; written afresh.
 *
 * Only reads: the walk refuses a store through a socket pointer before it
 * asks here. The addresses, ports, family, type, protocol and state may be
 * read in smaller aligned parts, the rest whole; ctx_sock.c rewrites each
 * read into a load from the kernel's struct sock.
 */
#include "verifier.h"

bool bpf_sock_is_valid_access(int off, int size, enum bpf_access_type type,
			      struct bpf_insn_access_aux *info)
{
	const int size_default = sizeof(__u32);

	(void)type;
	if (off < 0 || off >= (int)sizeof(struct bpf_sock))
		return false;
	if (off % size != 0)
		return false;

	switch (off) {
	case offsetof(struct bpf_sock, state):
	case offsetof(struct bpf_sock, family):
	case offsetof(struct bpf_sock, type):
	case offsetof(struct bpf_sock, protocol):
	case offsetof(struct bpf_sock, dst_port):
	case offsetof(struct bpf_sock, src_port):
	case offsetof(struct bpf_sock, rx_queue_mapping):
	case bpf_ctx_range(struct bpf_sock, src_ip4):
	case bpf_ctx_range_till(struct bpf_sock, src_ip6[0], src_ip6[3]):
	case bpf_ctx_range(struct bpf_sock, dst_ip4):
	case bpf_ctx_range_till(struct bpf_sock, dst_ip6[0], dst_ip6[3]):
		bpf_ctx_record_field_size(info, size_default);
		return bpf_ctx_narrow_access_ok(off, size, size_default);
	}

	return size == size_default;
}

/* type .. priority belong to a full socket alone */
bool bpf_sock_common_is_valid_access(int off, int size, enum bpf_access_type type,
				     struct bpf_insn_access_aux *info)
{
	switch (off) {
	case bpf_ctx_range_till(struct bpf_sock, type, priority):
		return false;
	default:
		return bpf_sock_is_valid_access(off, size, type, info);
	}
}
