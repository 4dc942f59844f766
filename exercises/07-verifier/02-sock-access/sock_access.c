// SPDX-License-Identifier: GPL-2.0
/*
 * Which fields of a socket a program may read.
 *
 * Mirrors net/core/filter.c: bpf_sock_is_valid_access() and
 * bpf_sock_common_is_valid_access(), Linux v5.8. Your file replaces the
 * chapter's own (chapters/07-verifier/sock_access.c).
 */
#include "verifier.h"

bool bpf_sock_is_valid_access(int off, int size, enum bpf_access_type type,
			      struct bpf_insn_access_aux *info);
bool bpf_sock_common_is_valid_access(int off, int size, enum bpf_access_type type,
				     struct bpf_insn_access_aux *info);

/*
 * A read of `size` bytes at `off` in struct bpf_sock (include/uapi/linux/
 * bpf.h), through a PTR_TO_SOCKET (a full socket: bpf_sk_lookup_tcp()).
 * The verifier calls it for reads only: check_mem_access() refuses every
 * write into a socket before.
 *   - off outside the struct, or not a multiple of size: false;
 *   - a load starting at state, family, type, protocol, dst_port, src_port
 *     or rx_queue_mapping, or anywhere inside src_ip4, src_ip6[0..3],
 *     dst_ip4, dst_ip6[0..3]: 1, 2 or 4 bytes (bpf_ctx_narrow_access_ok()),
 *     the field's size recorded (bpf_ctx_record_field_size(info, 4));
 *   - anything else: exactly 4 bytes.
 */
bool bpf_sock_is_valid_access(int off, int size, enum bpf_access_type type,
			      struct bpf_insn_access_aux *info)
{
	/* TODO: the table above. */
	(void)off; (void)size; (void)type; (void)info;
	return false;
}

/*
 * The same through a PTR_TO_SOCK_COMMON (__sk_buff->sk, bpf_skc_lookup_tcp():
 * maybe a request or timewait socket, which is a struct sock_common only):
 * the fields from `type` to `priority` live in the full socket and are
 * refused; everything else as bpf_sock_is_valid_access() says.
 */
bool bpf_sock_common_is_valid_access(int off, int size, enum bpf_access_type type,
				     struct bpf_insn_access_aux *info)
{
	/* TODO */
	(void)off; (void)size; (void)type; (void)info;
	return false;
}
