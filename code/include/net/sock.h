/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a cgroup_sock_addr program's context points at: the socket the
 * system call acts on, and the address it was given.
 *
 * Mirrors include/net/sock.h (struct sock: sk_family, sk_type,
 * sk_protocol) and include/linux/filter.h (struct bpf_sock_addr_kern),
 * Linux v5.8; written afresh. struct sock keeps only the fields a context
 * rewrite loads, by their kernel names; their offsets are this book's.
 * There are no sockets here: no program of these types runs (the kernel
 * has no test run for them), and the layouts serve the rewrites alone.
 */
#ifndef _SHIM_NET_SOCK_H
#define _SHIM_NET_SOCK_H

#include <netinet/in.h>

#include "linux/kernel.h"

struct sock {
	unsigned short	sk_family;	/* __sk_common.skc_family */
	u16		sk_type;	/* u16 fields since Linux 5.6 */
	u16		sk_protocol;
};

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
