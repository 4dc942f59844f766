// SPDX-License-Identifier: GPL-2.0
/*
 * Socket lookups: find the socket a 4-tuple belongs to, and release it.
 *
 * Mirrors net/core/filter.c: bpf_sk_lookup_tcp(), bpf_sk_lookup_udp(),
 * bpf_skc_lookup_tcp(), their XDP forms bpf_xdp_sk_lookup_tcp() and
 * friends, bpf_sk_release() and their bpf_func_proto, Linux v5.8; written
 * afresh.
 *
 * What these teach is on the verifier's side: a lookup returns a
 * reference (RET_PTR_TO_SOCKET_OR_NULL) that the program must test for
 * NULL before use and must give back with bpf_sk_release() on every path,
 * or the program is refused (the walk's reference tracking). At run time
 * there is nothing to find: this user-space kernel has no sockets, so
 * every lookup answers NULL, exactly what the kernel answers when no
 * socket matches, and a program's NULL branch runs.
 */
#include "ctx.h"

/*
 * bpf_sk_lookup(): the tuple's size says the family (IPv4 or IPv6
 * tuple), netns_id must be BPF_F_CURRENT_NETNS or a namespace id, flags
 * must be 0. Anything else is NULL too, before any lookup.
 */
static u64 bpf_sk_lookup(u64 tuple, u64 len, u64 netns_id, u64 flags)
{
	(void)tuple;
	if (len != sizeof(((struct bpf_sock_tuple *)0)->ipv4) &&
	    len != sizeof(((struct bpf_sock_tuple *)0)->ipv6))
		return 0;
	if (flags || !((s32)netns_id < 0 || netns_id <= S32_MAX))
		return 0;
	/* __inet_lookup(): no socket listens or is connected here */
	return 0;
}

u64 bpf_sk_lookup_tcp(u64 skb, u64 tuple, u64 len, u64 netns_id, u64 flags)
{
	(void)skb;
	return bpf_sk_lookup(tuple, len, netns_id, flags);
}

u64 bpf_sk_lookup_udp(u64 skb, u64 tuple, u64 len, u64 netns_id, u64 flags)
{
	(void)skb;
	return bpf_sk_lookup(tuple, len, netns_id, flags);
}

/* A "sock common": a full socket, or a request or timewait one. */
u64 bpf_skc_lookup_tcp(u64 skb, u64 tuple, u64 len, u64 netns_id, u64 flags)
{
	(void)skb;
	return bpf_sk_lookup(tuple, len, netns_id, flags);
}

/* From XDP: the namespace of the receiving device, the same answer. */
u64 bpf_xdp_sk_lookup_tcp(u64 xdp, u64 tuple, u64 len, u64 netns_id, u64 flags)
{
	(void)xdp;
	return bpf_sk_lookup(tuple, len, netns_id, flags);
}

u64 bpf_xdp_sk_lookup_udp(u64 xdp, u64 tuple, u64 len, u64 netns_id, u64 flags)
{
	(void)xdp;
	return bpf_sk_lookup(tuple, len, netns_id, flags);
}

u64 bpf_xdp_skc_lookup_tcp(u64 xdp, u64 tuple, u64 len, u64 netns_id, u64 flags)
{
	(void)xdp;
	return bpf_sk_lookup(tuple, len, netns_id, flags);
}

/* Drop the reference a lookup took; always 0. */
u64 bpf_sk_release(u64 sk, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)sk; (void)r2; (void)r3; (void)r4; (void)r5;
	/* sock_gen_put() for a refcounted socket: none exists */
	return 0;
}

#define SK_LOOKUP_PROTO(name, ret)			\
const struct bpf_func_proto name##_proto = {		\
	.func		= name,				\
	.gpl_only	= false,			\
	.pkt_access	= true,				\
	.ret_type	= ret,				\
	.arg1_type	= ARG_PTR_TO_CTX,		\
	.arg2_type	= ARG_PTR_TO_MEM,		\
	.arg3_type	= ARG_CONST_SIZE,		\
	.arg4_type	= ARG_ANYTHING,			\
	.arg5_type	= ARG_ANYTHING,			\
}

SK_LOOKUP_PROTO(bpf_sk_lookup_tcp, RET_PTR_TO_SOCKET_OR_NULL);
SK_LOOKUP_PROTO(bpf_sk_lookup_udp, RET_PTR_TO_SOCKET_OR_NULL);
SK_LOOKUP_PROTO(bpf_skc_lookup_tcp, RET_PTR_TO_SOCK_COMMON_OR_NULL);
SK_LOOKUP_PROTO(bpf_xdp_sk_lookup_tcp, RET_PTR_TO_SOCKET_OR_NULL);
SK_LOOKUP_PROTO(bpf_xdp_sk_lookup_udp, RET_PTR_TO_SOCKET_OR_NULL);
SK_LOOKUP_PROTO(bpf_xdp_skc_lookup_tcp, RET_PTR_TO_SOCK_COMMON_OR_NULL);

const struct bpf_func_proto bpf_sk_release_proto = {
	.func		= bpf_sk_release,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_SOCK_COMMON,
};
