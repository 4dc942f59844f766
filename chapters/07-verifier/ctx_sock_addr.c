// SPDX-License-Identifier: GPL-2.0
/*
 * The context of cgroup_sock_addr programs: struct bpf_sock_addr, the
 * address a process binds or connects to (or sends to, or is told about),
 * which the program may read and rewrite.
 *
 * Mirrors net/core/filter.c: sock_addr_is_valid_access() and
 * sock_addr_convert_ctx_access() with its SOCK_ADDR_* macros, Linux v5.8;
 * written afresh.
 *
 * Which fields exist depends on the hook, named at load time by
 * expected_attach_type: an IPv4 hook has user_ip4 and no user_ip6, and
 * only the sendmsg hooks have the source address (msg_src_ip4/6). The
 * addresses and the port may be written, whole (4 bytes, or 8 for half an
 * IPv6 address), and read in any smaller aligned part; family, type and
 * protocol are read-only u32s; sk is the socket, read as a pointer.
 *
 * The view is rewritten into loads and stores through the kernel's
 * struct bpf_sock_addr_kern (net/sock.h): two loads for a read (the
 * sockaddr's or the socket's address, then the field), and for a write,
 * which needs a third register it does not have, a scratch register
 * spilled into the context's tmp_reg around the store.
 */
#include "net/sock.h"
#include "ctx.h"

bool sock_addr_is_valid_access(int off, int size, enum bpf_access_type type,
			       const struct bpf_prog *prog,
			       struct bpf_insn_access_aux *info)
{
	const int size_default = sizeof(__u32);

	if (off < 0 || off >= (int)sizeof(struct bpf_sock_addr))
		return false;
	if (off % size != 0)
		return false;

	/* an IPv4 hook's address has no IPv6 fields, and the reverse */
	switch (off) {
	case bpf_ctx_range(struct bpf_sock_addr, user_ip4):
		switch (prog->expected_attach_type) {
		case BPF_CGROUP_INET4_BIND:
		case BPF_CGROUP_INET4_CONNECT:
		case BPF_CGROUP_INET4_GETPEERNAME:
		case BPF_CGROUP_INET4_GETSOCKNAME:
		case BPF_CGROUP_UDP4_SENDMSG:
		case BPF_CGROUP_UDP4_RECVMSG:
			break;
		default:
			return false;
		}
		break;
	case bpf_ctx_range_till(struct bpf_sock_addr, user_ip6[0], user_ip6[3]):
		switch (prog->expected_attach_type) {
		case BPF_CGROUP_INET6_BIND:
		case BPF_CGROUP_INET6_CONNECT:
		case BPF_CGROUP_INET6_GETPEERNAME:
		case BPF_CGROUP_INET6_GETSOCKNAME:
		case BPF_CGROUP_UDP6_SENDMSG:
		case BPF_CGROUP_UDP6_RECVMSG:
			break;
		default:
			return false;
		}
		break;
	case bpf_ctx_range(struct bpf_sock_addr, msg_src_ip4):
		if (prog->expected_attach_type != BPF_CGROUP_UDP4_SENDMSG)
			return false;
		break;
	case bpf_ctx_range_till(struct bpf_sock_addr, msg_src_ip6[0], msg_src_ip6[3]):
		if (prog->expected_attach_type != BPF_CGROUP_UDP6_SENDMSG)
			return false;
		break;
	}

	switch (off) {
	case bpf_ctx_range(struct bpf_sock_addr, user_ip4):
	case bpf_ctx_range_till(struct bpf_sock_addr, user_ip6[0], user_ip6[3]):
	case bpf_ctx_range(struct bpf_sock_addr, msg_src_ip4):
	case bpf_ctx_range_till(struct bpf_sock_addr, msg_src_ip6[0], msg_src_ip6[3]):
	case bpf_ctx_range(struct bpf_sock_addr, user_port):
		if (type == BPF_READ) {
			bpf_ctx_record_field_size(info, size_default);

			if (bpf_ctx_wide_access_ok(off, size, struct bpf_sock_addr, user_ip6))
				return true;
			if (bpf_ctx_wide_access_ok(off, size, struct bpf_sock_addr, msg_src_ip6))
				return true;
			if (!bpf_ctx_narrow_access_ok(off, size, size_default))
				return false;
		} else {
			if (bpf_ctx_wide_access_ok(off, size, struct bpf_sock_addr, user_ip6))
				return true;
			if (bpf_ctx_wide_access_ok(off, size, struct bpf_sock_addr, msg_src_ip6))
				return true;
			if (size != size_default)
				return false;
		}
		break;
	case offsetof(struct bpf_sock_addr, sk):
		if (type != BPF_READ)
			return false;
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_SOCKET;
		break;
	default:
		/* user_family, family, type, protocol */
		if (type == BPF_READ) {
			if (size != size_default)
				return false;
		} else {
			return false;
		}
	}

	return true;
}

/* dst = ctx->F; dst = ((NS *)dst)->NF, SIZE bytes at OFF into NF */
#define SOCK_ADDR_LOAD_NESTED_FIELD_SIZE_OFF(S, NS, F, NF, SIZE, OFF)		\
	do {									\
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(S, F), si->dst_reg,	\
				      si->src_reg, offsetof(S, F));		\
		*insn++ = BPF_LDX_MEM(SIZE, si->dst_reg, si->dst_reg,		\
				      bpf_target_off(NS, NF, sizeof_field(NS, NF), \
						     target_size) + (OFF));	\
	} while (0)

#define SOCK_ADDR_LOAD_NESTED_FIELD(S, NS, F, NF)				\
	SOCK_ADDR_LOAD_NESTED_FIELD_SIZE_OFF(S, NS, F, NF,			\
					     BPF_FIELD_SIZEOF(NS, NF), 0)

/*
 * A store has the context in dst and the value in src, and needs the
 * nested structure's address in a third register: r9 (or r8, r7, whichever
 * the instruction does not use), its value kept in ctx->TF meanwhile.
 */
#define SOCK_ADDR_STORE_NESTED_FIELD_OFF(S, NS, F, NF, SIZE, OFF, TF)		\
	do {									\
		int tmp_reg = BPF_REG_9;					\
		if (si->src_reg == tmp_reg || si->dst_reg == tmp_reg)		\
			--tmp_reg;						\
		if (si->src_reg == tmp_reg || si->dst_reg == tmp_reg)		\
			--tmp_reg;						\
		*insn++ = BPF_STX_MEM(BPF_DW, si->dst_reg, tmp_reg,		\
				      offsetof(S, TF));				\
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(S, F), tmp_reg,		\
				      si->dst_reg, offsetof(S, F));		\
		*insn++ = BPF_STX_MEM(SIZE, tmp_reg, si->src_reg,		\
				      bpf_target_off(NS, NF, sizeof_field(NS, NF), \
						     target_size) + (OFF));	\
		*insn++ = BPF_LDX_MEM(BPF_DW, tmp_reg, si->dst_reg,		\
				      offsetof(S, TF));				\
	} while (0)

#define SOCK_ADDR_LOAD_OR_STORE_NESTED_FIELD_SIZE_OFF(S, NS, F, NF, SIZE, OFF, TF) \
	do {									\
		if (type == BPF_WRITE)						\
			SOCK_ADDR_STORE_NESTED_FIELD_OFF(S, NS, F, NF, SIZE, OFF, TF); \
		else								\
			SOCK_ADDR_LOAD_NESTED_FIELD_SIZE_OFF(S, NS, F, NF, SIZE, OFF); \
	} while (0)

u32 sock_addr_convert_ctx_access(enum bpf_access_type type, const struct bpf_insn *si,
				 struct bpf_insn *insn_buf, struct bpf_prog *prog,
				 u32 *target_size)
{
	int off, port_size = sizeof_field(struct sockaddr_in6, sin6_port);
	struct bpf_insn *insn = insn_buf;

	(void)prog;
	switch (si->off) {
	case offsetof(struct bpf_sock_addr, user_family):
		SOCK_ADDR_LOAD_NESTED_FIELD(struct bpf_sock_addr_kern,
					    struct sockaddr, uaddr, sa_family);
		break;

	case offsetof(struct bpf_sock_addr, user_ip4):
		SOCK_ADDR_LOAD_OR_STORE_NESTED_FIELD_SIZE_OFF(
			struct bpf_sock_addr_kern, struct sockaddr_in, uaddr,
			sin_addr, BPF_SIZE(si->code), 0, tmp_reg);
		break;

	case bpf_ctx_range_till(struct bpf_sock_addr, user_ip6[0], user_ip6[3]):
		off = si->off;
		off -= offsetof(struct bpf_sock_addr, user_ip6[0]);
		SOCK_ADDR_LOAD_OR_STORE_NESTED_FIELD_SIZE_OFF(
			struct bpf_sock_addr_kern, struct sockaddr_in6, uaddr,
			sin6_addr.s6_addr32[0], BPF_SIZE(si->code), off, tmp_reg);
		break;

	case offsetof(struct bpf_sock_addr, user_port):
		/* The port sits at the same offset, with the same size, in
		 * sockaddr_in and sockaddr_in6: one rewrite serves both
		 * families. It is 2 bytes where the view has 4.
		 */
		BUILD_BUG_ON(offsetof(struct sockaddr_in, sin_port) !=
			     offsetof(struct sockaddr_in6, sin6_port));
		BUILD_BUG_ON(sizeof_field(struct sockaddr_in, sin_port) !=
			     sizeof_field(struct sockaddr_in6, sin6_port));
		port_size = min(port_size, (int)BPF_LDST_BYTES(si));
		SOCK_ADDR_LOAD_OR_STORE_NESTED_FIELD_SIZE_OFF(
			struct bpf_sock_addr_kern, struct sockaddr_in6, uaddr,
			sin6_port, bytes_to_bpf_size(port_size), 0, tmp_reg);
		break;

	case offsetof(struct bpf_sock_addr, family):
		SOCK_ADDR_LOAD_NESTED_FIELD(struct bpf_sock_addr_kern,
					    struct sock, sk, sk_family);
		break;

	case offsetof(struct bpf_sock_addr, type):
		SOCK_ADDR_LOAD_NESTED_FIELD(struct bpf_sock_addr_kern,
					    struct sock, sk, sk_type);
		break;

	case offsetof(struct bpf_sock_addr, protocol):
		SOCK_ADDR_LOAD_NESTED_FIELD(struct bpf_sock_addr_kern,
					    struct sock, sk, sk_protocol);
		break;

	case offsetof(struct bpf_sock_addr, msg_src_ip4):
		/* Treat t_ctx as struct in_addr for msg_src_ip4. */
		SOCK_ADDR_LOAD_OR_STORE_NESTED_FIELD_SIZE_OFF(
			struct bpf_sock_addr_kern, struct in_addr, t_ctx,
			s_addr, BPF_SIZE(si->code), 0, tmp_reg);
		break;

	case bpf_ctx_range_till(struct bpf_sock_addr, msg_src_ip6[0], msg_src_ip6[3]):
		off = si->off;
		off -= offsetof(struct bpf_sock_addr, msg_src_ip6[0]);
		/* Treat t_ctx as struct in6_addr for msg_src_ip6. */
		SOCK_ADDR_LOAD_OR_STORE_NESTED_FIELD_SIZE_OFF(
			struct bpf_sock_addr_kern, struct in6_addr, t_ctx,
			s6_addr32[0], BPF_SIZE(si->code), off, tmp_reg);
		break;

	case offsetof(struct bpf_sock_addr, sk):
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(struct bpf_sock_addr_kern, sk),
				      si->dst_reg, si->src_reg,
				      offsetof(struct bpf_sock_addr_kern, sk));
		break;
	}

	return insn - insn_buf;
}
