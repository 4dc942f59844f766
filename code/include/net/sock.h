/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a cgroup_sock_addr program's context points at: the socket the
 * system call acts on, and the address it was given.
 *
 * Mirrors include/net/sock.h (struct sock_common, struct sock, the
 * fields a rewrite loads) and include/linux/filter.h (struct
 * bpf_sock_addr_kern),
 * Linux v5.8; written afresh. struct sock keeps only the fields a context
 * rewrite loads, by their kernel names; their offsets are this book's.
 * There are no sockets here: no program of these types runs (the kernel
 * has no test run for them), and the layouts serve the rewrites alone.
 */
#ifndef _SHIM_NET_SOCK_H
#define _SHIM_NET_SOCK_H

#include <limits.h>
#include <netinet/in.h>

#include "linux/kernel.h"

/* What every socket has, listening and request sockets too: its ends. */
struct sock_common {
	__be32		skc_daddr;
	__be32		skc_rcv_saddr;
	__be16		skc_dport;
	__u16		skc_num;
	unsigned short	skc_family;
	volatile unsigned char skc_state;
	int		skc_bound_dev_if;
	struct in6_addr	skc_v6_daddr;
	struct in6_addr	skc_v6_rcv_saddr;
};

struct sock {
	struct sock_common __sk_common;
#define sk_family	__sk_common.skc_family
	u16		sk_type;	/* u16 fields since Linux 5.6 */
	u16		sk_protocol;
	u16		sk_rx_queue_mapping;
	__u32		sk_mark;
	__u32		sk_priority;
};

/* sk_rx_queue_mapping when the socket has none (include/net/sock.h) */
#define NO_QUEUE_MAPPING	USHRT_MAX

/* The context the cgroup hooks build for a cgroup_sock_addr program. */
struct bpf_sock_addr_kern {
	struct sock *sk;
	struct sockaddr *uaddr;
	/* where a rewritten store keeps the scratch register it borrows: a
	 * store into uaddr's fields needs three registers, and the
	 * instruction it replaces names two
	 */
	u64 tmp_reg;
	void *t_ctx;	/* Attach type specific context. */
};

#endif /* _SHIM_NET_SOCK_H */
