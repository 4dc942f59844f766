// SPDX-License-Identifier: GPL-2.0
/*
 * Which fields of a socket a program may read.
 *
 * Mirrors net/core/filter.c: bpf_sock_is_valid_access() and
 * bpf_sock_common_is_valid_access(), Linux v5.8; written afresh.
 */
#include "verifier.h"

bool bpf_sock_is_valid_access(int off, int size, enum bpf_access_type type,
			      struct bpf_insn_access_aux *info);
bool bpf_sock_common_is_valid_access(int off, int size, enum bpf_access_type type,
				     struct bpf_insn_access_aux *info);

bool bpf_sock_is_valid_access(int off, int size, enum bpf_access_type type,
			      struct bpf_insn_access_aux *info)
{
	const int size_default = sizeof(__u32);

	(void)type;	/* reads only: writes were refused before */
	if (off < 0 || off >= (int)sizeof(struct bpf_sock) || off % size)
		return false;

	switch (off) {
	/* fields a narrow load may read from their first byte */
	case offsetof(struct bpf_sock, state):
	case offsetof(struct bpf_sock, family):
	case offsetof(struct bpf_sock, type):
	case offsetof(struct bpf_sock, protocol):
	case offsetof(struct bpf_sock, dst_port):
	case offsetof(struct bpf_sock, src_port):
	case offsetof(struct bpf_sock, rx_queue_mapping):
	/* addresses: any byte, half or word of them */
	case bpf_ctx_range(struct bpf_sock, src_ip4):
	case bpf_ctx_range_till(struct bpf_sock, src_ip6[0], src_ip6[3]):
	case bpf_ctx_range(struct bpf_sock, dst_ip4):
	case bpf_ctx_range_till(struct bpf_sock, dst_ip6[0], dst_ip6[3]):
		bpf_ctx_record_field_size(info, size_default);
		return bpf_ctx_narrow_access_ok(off, size, size_default);
	}
	return size == size_default;
}

bool bpf_sock_common_is_valid_access(int off, int size, enum bpf_access_type type,
				     struct bpf_insn_access_aux *info)
{
	/* type .. priority are struct sock's own: a request or timewait
	 * socket has only the common part
	 */
	if (off >= (int)offsetof(struct bpf_sock, type) &&
	    off < (int)offsetofend(struct bpf_sock, priority))
		return false;
	return bpf_sock_is_valid_access(off, size, type, info);
}
