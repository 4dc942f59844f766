// SPDX-License-Identifier: GPL-2.0
/*
 * The tunnel helpers of a tc program: read the key a tunnel device
 * received the packet with, or set the key (and options) it is to be sent
 * with.
 *
 * Mirrors net/core/filter.c: bpf_skb_get_tunnel_key(),
 * bpf_skb_get_tunnel_opt(), bpf_skb_set_tunnel_key(),
 * bpf_skb_set_tunnel_opt() and their bpf_func_proto, Linux v5.8; written afresh. The local address of
 * struct bpf_tunnel_key is Linux 6.0's, said so where it is used.
 *
 * The key travels on the skb as metadata in the route's place
 * (net/dst_metadata.h). Setting one attaches this CPU's metadata_dst to
 * the skb; the tunnel device that sends the packet reads it from there.
 * There is no tunnel device here, so an skb carries a key only after a
 * program set one: getting a key from any other skb answers as the kernel
 * does on a device that is not a tunnel (-EINVAL, -ENOENT for options).
 */
#include <endian.h>
#include <string.h>
#include <sys/socket.h>

#include "net/dst_metadata.h"
#include "ctx.h"

#define SKB(p)	((struct sk_buff *)(uintptr_t)(p))
#define PTR(p)	((void *)(uintptr_t)(p))

/* The kernel's is per CPU, allocated when a program first asks for the
 * helpers; this one CPU's is static.
 */
static struct metadata_dst md_dst;

static unsigned short bpf_tunnel_key_af(u64 flags)
{
	return flags & BPF_F_TUNINFO_IPV6 ? AF_INET6 : AF_INET;
}

u64 bpf_skb_get_tunnel_key(u64 skb_, u64 to_, u64 size_, u64 flags, u64 r5)
{
	const struct ip_tunnel_info *info = skb_tunnel_info(SKB(skb_));
	u8 compat[sizeof(struct bpf_tunnel_key)];
	struct bpf_tunnel_key *to = PTR(to_);
	void *to_orig = to;
	u32 size = size_;
	int err;

	(void)r5;
	if (unlikely(!info || (flags & ~BPF_F_TUNINFO_IPV6))) {
		err = -EINVAL;
		goto err_clear;
	}
	if (ip_tunnel_info_af(info) != bpf_tunnel_key_af(flags)) {
		err = -EPROTO;
		goto err_clear;
	}
	if (unlikely(size != sizeof(struct bpf_tunnel_key))) {
		/* an older program's shorter key: fill a whole one, copy
		 * out what fits
		 */
		err = -EINVAL;
		switch (size) {
		case offsetof(struct bpf_tunnel_key, local_ipv6[0]):	/* v5.8's */
		case offsetof(struct bpf_tunnel_key, tunnel_label):
		case offsetof(struct bpf_tunnel_key, tunnel_ext):
			goto set_compat;
		case offsetof(struct bpf_tunnel_key, remote_ipv6[1]):
			/* room for an IPv4 address only */
			if (ip_tunnel_info_af(info) != AF_INET)
				goto err_clear;
set_compat:
			to = (struct bpf_tunnel_key *)compat;
			break;
		default:
			goto err_clear;
		}
	}

	/* the received packet's outer source is the remote end */
	to->tunnel_id = be64toh(info->key.tun_id);
	to->tunnel_tos = info->key.tos;
	to->tunnel_ttl = info->key.ttl;
	to->tunnel_ext = 0;

	if (flags & BPF_F_TUNINFO_IPV6) {
		memcpy(to->remote_ipv6, &info->key.u.ipv6.src, sizeof(to->remote_ipv6));
		memcpy(to->local_ipv6, &info->key.u.ipv6.dst, sizeof(to->local_ipv6));
		to->tunnel_label = be32toh(info->key.label);
	} else {
		to->remote_ipv4 = be32toh(info->key.u.ipv4.src);
		memset(&to->remote_ipv6[1], 0, sizeof(__u32) * 3);
		to->local_ipv4 = be32toh(info->key.u.ipv4.dst);	/* Linux 6.0 */
		memset(&to->local_ipv6[1], 0, sizeof(__u32) * 3);
		to->tunnel_label = 0;
	}

	if (unlikely(size != sizeof(struct bpf_tunnel_key)))
		memcpy(to_orig, to, size);

	return 0;
err_clear:
	/* the buffer may be uninitialized stack: never leave it so */
	memset(to_orig, 0, size);
	return err;
}

const struct bpf_func_proto bpf_skb_get_tunnel_key_proto = {
	.func		= bpf_skb_get_tunnel_key,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg3_type	= ARG_CONST_SIZE,
	.arg4_type	= ARG_ANYTHING,
};

/* Returns the options' length, or an error; the rest of the buffer zeroed. */
u64 bpf_skb_get_tunnel_opt(u64 skb_, u64 to_, u64 size_, u64 r4, u64 r5)
{
	const struct ip_tunnel_info *info = skb_tunnel_info(SKB(skb_));
	u8 *to = PTR(to_);
	u32 size = size_;
	int err;

	(void)r4; (void)r5;
	if (unlikely(!info || !(info->key.tun_flags & TUNNEL_OPTIONS_PRESENT))) {
		err = -ENOENT;
		goto err_clear;
	}
	if (unlikely(size < info->options_len)) {
		err = -ENOMEM;
		goto err_clear;
	}

	ip_tunnel_info_opts_get(to, info);
	if (size > info->options_len)
		memset(to + info->options_len, 0, size - info->options_len);

	return info->options_len;
err_clear:
	memset(to, 0, size);
	return (u64)(s64)err;
}

const struct bpf_func_proto bpf_skb_get_tunnel_opt_proto = {
	.func		= bpf_skb_get_tunnel_opt,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg3_type	= ARG_CONST_SIZE,
};

u64 bpf_skb_set_tunnel_key(u64 skb_, u64 from_, u64 size_, u64 flags, u64 r5)
{
	const struct bpf_tunnel_key *from = PTR(from_);
	struct sk_buff *skb = SKB(skb_);
	u8 compat[sizeof(struct bpf_tunnel_key)];
	struct ip_tunnel_info *info;
	u32 size = size_;

	(void)r5;
	if (unlikely(flags & ~(BPF_F_TUNINFO_IPV6 | BPF_F_ZERO_CSUM_TX |
			       BPF_F_DONT_FRAGMENT | BPF_F_SEQ_NUMBER)))
		return -EINVAL;
	if (unlikely(size != sizeof(struct bpf_tunnel_key))) {
		switch (size) {
		case offsetof(struct bpf_tunnel_key, local_ipv6[0]):	/* v5.8's */
		case offsetof(struct bpf_tunnel_key, tunnel_label):
		case offsetof(struct bpf_tunnel_key, tunnel_ext):
		case offsetof(struct bpf_tunnel_key, remote_ipv6[1]):
			/* an older layout: the fields it lacks are zero */
			memcpy(compat, from, size);
			memset(compat + size, 0, sizeof(compat) - size);
			from = (const struct bpf_tunnel_key *)compat;
			break;
		default:
			return -EINVAL;
		}
	}
	if (unlikely((!(flags & BPF_F_TUNINFO_IPV6) && from->tunnel_label) ||
		     from->tunnel_ext))
		return -EINVAL;

	/* the metadata takes the route's place (skb_dst_drop(), skb_dst_set()) */
	skb->_skb_refdst = (unsigned long)&md_dst;

	info = &md_dst.tun_info;
	memset(info, 0, sizeof(*info));
	info->mode = IP_TUNNEL_INFO_TX;

	info->key.tun_flags = TUNNEL_KEY | TUNNEL_CSUM | TUNNEL_NOCACHE;
	if (flags & BPF_F_DONT_FRAGMENT)
		info->key.tun_flags |= TUNNEL_DONT_FRAGMENT;
	if (flags & BPF_F_ZERO_CSUM_TX)
		info->key.tun_flags &= ~TUNNEL_CSUM;
	if (flags & BPF_F_SEQ_NUMBER)
		info->key.tun_flags |= TUNNEL_SEQ;

	info->key.tun_id = htobe64(from->tunnel_id);
	info->key.tos = from->tunnel_tos;
	info->key.ttl = from->tunnel_ttl;

	/* the packet to send goes to the remote end, from the local one */
	if (flags & BPF_F_TUNINFO_IPV6) {
		info->mode |= IP_TUNNEL_INFO_IPV6;
		memcpy(&info->key.u.ipv6.dst, from->remote_ipv6, sizeof(from->remote_ipv6));
		memcpy(&info->key.u.ipv6.src, from->local_ipv6, sizeof(from->local_ipv6));
		info->key.label = htobe32(from->tunnel_label) & IPV6_FLOWLABEL_MASK;
	} else {
		info->key.u.ipv4.dst = htobe32(from->remote_ipv4);
		info->key.u.ipv4.src = htobe32(from->local_ipv4);	/* Linux 6.0 */
	}

	return 0;
}

const struct bpf_func_proto bpf_skb_set_tunnel_key_proto = {
	.func		= bpf_skb_set_tunnel_key,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_MEM,
	.arg3_type	= ARG_CONST_SIZE,
	.arg4_type	= ARG_ANYTHING,
};

/* Options go with a key this program set: the skb must carry this CPU's
 * metadata, and the options are whole 32-bit words.
 */
u64 bpf_skb_set_tunnel_opt(u64 skb_, u64 from_, u64 size_, u64 r4, u64 r5)
{
	struct ip_tunnel_info *info = skb_tunnel_info(SKB(skb_));
	u32 size = size_;

	(void)r4; (void)r5;
	if (unlikely(info != &md_dst.tun_info || (size & (sizeof(u32) - 1))))
		return -EINVAL;
	if (unlikely(size > IP_TUNNEL_OPTS_MAX))
		return -ENOMEM;

	ip_tunnel_info_opts_set(info, PTR(from_), size, TUNNEL_OPTIONS_PRESENT);

	return 0;
}

const struct bpf_func_proto bpf_skb_set_tunnel_opt_proto = {
	.func		= bpf_skb_set_tunnel_opt,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_MEM,
	.arg3_type	= ARG_CONST_SIZE,
};
