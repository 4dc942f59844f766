// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers socket filters and tc programs call on their skb: read and
 * write packet bytes, grow and shrink the packet, push and pop VLAN tags,
 * the flow hash, redirect.
 *
 * Mirrors net/core/filter.c: bpf_skb_load_bytes(), bpf_skb_load_bytes_relative(),
 * bpf_skb_store_bytes(), bpf_skb_pull_data(),
 * bpf_skb_change_tail(), bpf_skb_change_head(), bpf_skb_adjust_room() (with
 * bpf_skb_net_grow(), bpf_skb_net_shrink()), bpf_skb_change_type(),
 * bpf_skb_vlan_push(), bpf_skb_vlan_pop(), bpf_get_hash_recalc(),
 * bpf_set_hash_invalid(), bpf_set_hash(), bpf_get_cgroup_classid(),
 * bpf_get_route_realm(), bpf_get_socket_cookie(), bpf_get_socket_uid(),
 * bpf_redirect() and their bpf_func_proto, Linux v5.8 (bpf_skb_change_head()
 * for tc: Linux 5.9; bpf_redirect_peer() and bpf_redirect_neigh(): Linux
 * 5.10, with 6.1's arguments); written afresh.
 *
 * Two rules run through them. A helper that may move the packet (grow it
 * into a new buffer, push a header) ends with bpf_compute_data_pointers():
 * data_end in the control block must follow skb->data, and the verifier
 * forgets every packet pointer the program held
 * (bpf_helper_changes_pkt_data()); bpf_try_make_writable() (ctx.h),
 * which the writing helpers start with, recomputes data_end too. And a
 * helper never trusts its
 * arguments beyond what the verifier proved: that `skb` is the context and
 * that the memory arguments are readable or writable for their size;
 * offsets and lengths into the packet are checked here, at run time.
 *
 * Every skb here is linear and unshared, so making it writable
 * (skb_ensure_writable()) only checks the length; GSO (segmentation
 * offload) never applies: test runs cannot build a GSO skb in v5.8.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "linux/etherdevice.h"
#include "ctx.h"

#define SKB(p)	((struct sk_buff *)(uintptr_t)(p))
#define PTR(p)	((void *)(uintptr_t)(p))

struct bpf_redirect_info bpf_redirect_info;

/* At tc ingress the MAC header was already pulled into the checksum. */
static inline void bpf_push_mac_rcsum(struct sk_buff *skb)
{
	if (skb->tc_at_ingress)
		skb_postpush_rcsum(skb, skb_mac_header(skb), skb->mac_len);
}

static inline void bpf_pull_mac_rcsum(struct sk_buff *skb)
{
	if (skb->tc_at_ingress)
		skb_postpull_rcsum(skb, skb_mac_header(skb), skb->mac_len);
}

/* ---- packet bytes -------------------------------------------------------- */

u64 bpf_skb_load_bytes(u64 skb_, u64 offset_, u64 to_, u64 len_, u64 r5)
{
	const struct sk_buff *skb = SKB(skb_);
	u32 offset = offset_, len = len_;
	void *to = PTR(to_), *ptr;

	(void)r5;
	if (unlikely(offset > 0xffff))
		goto err_clear;

	ptr = skb_header_pointer(skb, offset, len, to);
	if (unlikely(!ptr))
		goto err_clear;
	if (ptr != to)
		memcpy(to, ptr, len);

	return 0;
err_clear:
	/* the buffer may be uninitialized stack: never leave it so */
	memset(to, 0, len);
	return -EFAULT;
}

const struct bpf_func_proto bpf_skb_load_bytes_proto = {
	.func		= bpf_skb_load_bytes,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg4_type	= ARG_CONST_SIZE,
};

u64 bpf_skb_load_bytes_relative(u64 skb_, u64 offset_, u64 to_, u64 len_,
				u64 start_header)
{
	const struct sk_buff *skb = SKB(skb_);
	u32 offset = offset_, len = len_;
	u8 *to = PTR(to_);
	u32 start, end = skb->tail;

	if (unlikely(offset > 0xffff))
		goto err_clear;

	/* from a header rather than from data: a socket filter, whose data
	 * starts at the IP header, can read the MAC header this way
	 */
	switch ((u32)start_header) {
	case BPF_HDR_START_MAC:
		if (unlikely(!skb_mac_header_was_set(skb)))
			goto err_clear;
		start = skb->mac_header;
		break;
	case BPF_HDR_START_NET:
		start = skb->network_header;
		break;
	default:
		goto err_clear;
	}

	/* ptr = start + offset; ptr + len <= end, as offsets from head */
	if (likely((u64)start + offset + len <= end)) {
		memcpy(to, skb->head + start + offset, len);
		return 0;
	}

err_clear:
	memset(to, 0, len);
	return -EFAULT;
}

const struct bpf_func_proto bpf_skb_load_bytes_relative_proto = {
	.func		= bpf_skb_load_bytes_relative,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg4_type	= ARG_CONST_SIZE,
	.arg5_type	= ARG_ANYTHING,
};

u64 bpf_skb_store_bytes(u64 skb_, u64 offset_, u64 from_, u64 len_, u64 flags)
{
	struct sk_buff *skb = SKB(skb_);
	u32 offset = offset_, len = len_;
	const void *from = PTR(from_);
	void *ptr;

	if (unlikely(flags & ~(BPF_F_RECOMPUTE_CSUM | BPF_F_INVALIDATE_HASH)))
		return -EINVAL;
	if (unlikely(offset > 0xffff))
		return -EFAULT;
	if (unlikely(bpf_try_make_writable(skb, offset + len)))
		return -EFAULT;

	ptr = skb->data + offset;
	/* CHECKSUM_COMPLETE: the old bytes out of skb->csum, the new in */
	if (flags & BPF_F_RECOMPUTE_CSUM)
		__skb_postpull_rcsum(skb, ptr, len, offset);

	memcpy(ptr, from, len);

	if (flags & BPF_F_RECOMPUTE_CSUM)
		__skb_postpush_rcsum(skb, ptr, len, offset);
	if (flags & BPF_F_INVALIDATE_HASH)
		skb_clear_hash(skb);

	return 0;
}

const struct bpf_func_proto bpf_skb_store_bytes_proto = {
	.func		= bpf_skb_store_bytes,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_MEM,
	.arg4_type	= ARG_CONST_SIZE,
	.arg5_type	= ARG_ANYTHING,
};

/*
 * Idea is the following: should the needed direct read/write
 * test fail during runtime, we can pull in more data and redo
 * again, since implicitly, we invalidate previous checks here.
 *
 * Or, since we know how much we need to make read/writeable,
 * this can be done once at the program beginning for direct
 * access case. By this we overcome limitations of only current
 * headroom being accessible.
 */
u64 bpf_skb_pull_data(u64 skb_, u64 len_, u64 r3, u64 r4, u64 r5)
{
	struct sk_buff *skb = SKB(skb_);
	u32 len = len_;

	(void)r3; (void)r4; (void)r5;
	return bpf_try_make_writable(skb, len ? : skb_headlen(skb));
}

const struct bpf_func_proto bpf_skb_pull_data_proto = {
	.func		= bpf_skb_pull_data,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

/* ---- the packet's size ----------------------------------------------------- */

/* A packet may not shrink into the headers the stack already parsed. */
static u32 __bpf_skb_min_len(const struct sk_buff *skb)
{
	u32 min_len = skb_network_offset(skb);

	if (skb_transport_header_was_set(skb))
		min_len = skb_transport_offset(skb);
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		min_len = skb_checksum_start_offset(skb) +
			  skb->csum_offset + sizeof(__sum16);
	return min_len;
}

static int bpf_skb_grow_rcsum(struct sk_buff *skb, unsigned int new_len)
{
	unsigned int old_len = skb->len;
	int ret;

	ret = __skb_grow_rcsum(skb, new_len);
	if (!ret)
		memset(skb->data + old_len, 0, new_len - old_len);
	return ret;
}

static inline int __bpf_skb_change_tail(struct sk_buff *skb, u32 new_len,
					u64 flags)
{
	u32 max_len = BPF_SKB_MAX_LEN;
	u32 min_len = __bpf_skb_min_len(skb);
	int ret;

	if (unlikely(flags || new_len > max_len || new_len < min_len))
		return -EINVAL;
	if (skb->encapsulation)
		return -ENOTSUPP;

	/* The basic idea of this helper is that it's performing the
	 * needed work to either grow or trim an skb, and eBPF program
	 * rewrites the rest via helpers like bpf_skb_store_bytes(),
	 * bpf_lX_csum_replace() and others rather than passing a raw
	 * buffer here. This one is a slow path helper and intended
	 * for replies with control messages.
	 */
	ret = __bpf_try_make_writable(skb, skb->len);
	if (!ret) {
		if (new_len > skb->len)
			ret = bpf_skb_grow_rcsum(skb, new_len);
		else if (new_len < skb->len)
			ret = __skb_trim_rcsum(skb, new_len);
	}
	return ret;
}

u64 bpf_skb_change_tail(u64 skb_, u64 new_len, u64 flags, u64 r4, u64 r5)
{
	struct sk_buff *skb = SKB(skb_);
	int ret = __bpf_skb_change_tail(skb, new_len, flags);

	(void)r4; (void)r5;
	bpf_compute_data_pointers(skb);
	return ret;
}

const struct bpf_func_proto bpf_skb_change_tail_proto = {
	.func		= bpf_skb_change_tail,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
};

static inline int __bpf_skb_change_head(struct sk_buff *skb, u32 head_room,
					u64 flags)
{
	u32 max_len = BPF_SKB_MAX_LEN;
	u32 new_len = skb->len + head_room;
	int ret;

	if (unlikely(flags || (!skb_is_gso(skb) && new_len > max_len) ||
		     new_len < skb->len))
		return -EINVAL;

	ret = skb_cow(skb, head_room);
	if (likely(!ret)) {
		/* Idea for this helper is that we currently only
		 * allow to expand on mac header. This means that
		 * skb->protocol network header, etc, stay as is.
		 * Compared to bpf_skb_change_tail(), we're more
		 * flexible due to not needing to linearize or
		 * reset GSO. Intention for this helper is to be
		 * used by an L3 skb that needs to push mac header
		 * for redirection into L2 device.
		 */
		__skb_push(skb, head_room);
		memset(skb->data, 0, head_room);
		skb_reset_mac_header(skb);
	}

	return ret;
}

u64 bpf_skb_change_head(u64 skb_, u64 head_room, u64 flags, u64 r4, u64 r5)
{
	struct sk_buff *skb = SKB(skb_);
	int ret = __bpf_skb_change_head(skb, head_room, flags);

	(void)r4; (void)r5;
	bpf_compute_data_pointers(skb);
	return ret;
}

const struct bpf_func_proto bpf_skb_change_head_proto = {
	.func		= bpf_skb_change_head,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
};

/* ---- room between the headers: bpf_skb_adjust_room() --------------------- */

static u32 bpf_skb_net_base_len(const struct sk_buff *skb)
{
	switch (ntohs(skb->protocol)) {
	case ETH_P_IP:
		return 20;	/* sizeof(struct iphdr) */
	case ETH_P_IPV6:
		return 40;	/* sizeof(struct ipv6hdr) */
	default:
		return ~0U;
	}
}

static void bpf_skb_change_protocol(struct sk_buff *skb, u16 proto)
{
	/* v5.8 also drops a route that no longer fits: there are none here */
	skb->protocol = htons(proto);
}

/* len zero bytes at off (from data), the headers before them moved up. */
static int bpf_skb_generic_push(struct sk_buff *skb, u32 off, u32 len)
{
	/* Caller already did skb_cow() with len as headroom,
	 * so no need to do it here.
	 */
	__skb_push(skb, len);
	memmove(skb->data, skb->data + len, off);
	memset(skb->data + off, 0, len);

	/* No skb_postpush_rcsum(skb, skb->data + off, len)
	 * needed here as it does not change the skb->csum
	 * result for checksum complete when summing over
	 * zeroed blocks.
	 */
	return 0;
}

static int bpf_skb_generic_pop(struct sk_buff *skb, u32 off, u32 len)
{
	void *old_data;

	/* skb_ensure_writable() is not needed here, as we're
	 * already working on an uncloned skb.
	 */
	if (unlikely(!pskb_may_pull(skb, off + len)))
		return -ENOMEM;

	old_data = skb->data;
	__skb_pull(skb, len);
	skb_postpull_rcsum(skb, old_data + off, len);
	memmove(skb->data, old_data, off);

	return 0;
}

static int bpf_skb_net_hdr_push(struct sk_buff *skb, u32 off, u32 len)
{
	bool trans_same = skb->transport_header == skb->network_header;
	int ret;

	/* There's no need for __skb_push()/__skb_pull() pair to
	 * get to the start of the mac header as we're guaranteed
	 * to always start from here under eBPF.
	 */
	ret = bpf_skb_generic_push(skb, off, len);
	if (likely(!ret)) {
		skb->mac_header -= len;
		skb->network_header -= len;
		if (trans_same)
			skb->transport_header = skb->network_header;
	}

	return ret;
}

static int bpf_skb_net_hdr_pop(struct sk_buff *skb, u32 off, u32 len)
{
	bool trans_same = skb->transport_header == skb->network_header;
	int ret;

	/* Same here, __skb_push()/__skb_pull() pair not needed. */
	ret = bpf_skb_generic_pop(skb, off, len);
	if (likely(!ret)) {
		skb->mac_header += len;
		skb->network_header += len;
		if (trans_same)
			skb->transport_header = skb->network_header;
	}

	return ret;
}

#define BPF_F_ADJ_ROOM_ENCAP_L3_MASK	(BPF_F_ADJ_ROOM_ENCAP_L3_IPV4 | \
					 BPF_F_ADJ_ROOM_ENCAP_L3_IPV6)

#define BPF_F_ADJ_ROOM_MASK		(BPF_F_ADJ_ROOM_FIXED_GSO | \
					 BPF_F_ADJ_ROOM_ENCAP_L3_MASK | \
					 BPF_F_ADJ_ROOM_ENCAP_L4_GRE | \
					 BPF_F_ADJ_ROOM_ENCAP_L4_UDP | \
					 BPF_F_ADJ_ROOM_ENCAP_L2( \
					  BPF_ADJ_ROOM_ENCAP_L2_MASK))

/*
 * Room for an outer header (encapsulation), at off. With an ENCAP flag the
 * old headers become the inner ones: the skb says so (inner_* headers,
 * encapsulation) and the outer network header starts where the room does.
 */
static int bpf_skb_net_grow(struct sk_buff *skb, u32 off, u32 len_diff, u64 flags)
{
	u8 inner_mac_len = flags >> BPF_ADJ_ROOM_ENCAP_L2_SHIFT;
	bool encap = flags & BPF_F_ADJ_ROOM_ENCAP_L3_MASK;
	u16 mac_len = 0, inner_net = 0, inner_trans = 0;
	int ret;

	ret = skb_cow_head(skb, len_diff);
	if (unlikely(ret < 0))
		return ret;

	if (encap) {
		if (skb->protocol != htons(ETH_P_IP) &&
		    skb->protocol != htons(ETH_P_IPV6))
			return -ENOTSUPP;

		if (flags & BPF_F_ADJ_ROOM_ENCAP_L3_IPV4 &&
		    flags & BPF_F_ADJ_ROOM_ENCAP_L3_IPV6)
			return -EINVAL;

		if (flags & BPF_F_ADJ_ROOM_ENCAP_L4_GRE &&
		    flags & BPF_F_ADJ_ROOM_ENCAP_L4_UDP)
			return -EINVAL;

		if (skb->encapsulation)
			return -EALREADY;

		mac_len = skb->network_header - skb->mac_header;
		inner_net = skb->network_header;
		if (inner_mac_len > len_diff)
			return -EINVAL;
		inner_trans = skb->transport_header;
	}

	ret = bpf_skb_net_hdr_push(skb, off, len_diff);
	if (unlikely(ret < 0))
		return ret;

	if (encap) {
		skb->inner_mac_header = inner_net - inner_mac_len;
		skb->inner_network_header = inner_net;
		skb->inner_transport_header = inner_trans;
		skb->inner_protocol = skb->protocol;	/* skb_set_inner_protocol() */

		skb->encapsulation = 1;
		skb_set_network_header(skb, mac_len);

		/* (the GSO type the kernel records matters only for GSO) */
		if (flags & BPF_F_ADJ_ROOM_ENCAP_L4_GRE ||
		    flags & BPF_F_ADJ_ROOM_ENCAP_L4_UDP) {
			int nh_len = flags & BPF_F_ADJ_ROOM_ENCAP_L3_IPV6 ?
					40 : 20;

			skb_set_transport_header(skb, mac_len + nh_len);
		}

		/* Match skb->protocol to new outer l3 protocol */
		if (skb->protocol == htons(ETH_P_IP) &&
		    flags & BPF_F_ADJ_ROOM_ENCAP_L3_IPV6)
			bpf_skb_change_protocol(skb, ETH_P_IPV6);
		else if (skb->protocol == htons(ETH_P_IPV6) &&
			 flags & BPF_F_ADJ_ROOM_ENCAP_L3_IPV4)
			bpf_skb_change_protocol(skb, ETH_P_IP);
	}

	return 0;
}

static int bpf_skb_net_shrink(struct sk_buff *skb, u32 off, u32 len_diff, u64 flags)
{
	if (unlikely(flags & ~(BPF_F_ADJ_ROOM_FIXED_GSO |
			       BPF_F_ADJ_ROOM_NO_CSUM_RESET)))
		return -EINVAL;

	/* skb_unclone(): no skb here is a clone */
	return bpf_skb_net_hdr_pop(skb, off, len_diff);
}

u64 bpf_skb_adjust_room(u64 skb_, u64 len_diff_, u64 mode_, u64 flags, u64 r5)
{
	struct sk_buff *skb = SKB(skb_);
	s32 len_diff = len_diff_;
	u32 mode = mode_;
	u32 len_cur, len_diff_abs = len_diff < 0 ? -(u32)len_diff : (u32)len_diff;
	u32 len_min = bpf_skb_net_base_len(skb);
	u32 len_max = BPF_SKB_MAX_LEN;
	__be16 proto = skb->protocol;
	bool shrink = len_diff < 0;
	u32 off;
	int ret;

	(void)r5;
	if (unlikely(flags & ~(BPF_F_ADJ_ROOM_MASK |
			       BPF_F_ADJ_ROOM_NO_CSUM_RESET)))
		return -EINVAL;
	if (unlikely(len_diff_abs > 0xfffU))
		return -EFAULT;
	if (unlikely(proto != htons(ETH_P_IP) &&
		     proto != htons(ETH_P_IPV6)))
		return -ENOTSUPP;

	/* the room goes after the MAC header, or after the network one */
	off = skb_mac_header_len(skb);
	switch (mode) {
	case BPF_ADJ_ROOM_NET:
		off += bpf_skb_net_base_len(skb);
		break;
	case BPF_ADJ_ROOM_MAC:
		break;
	default:
		return -ENOTSUPP;
	}

	len_cur = skb->len - skb_network_offset(skb);
	if ((shrink && (len_diff_abs >= len_cur ||
			len_cur - len_diff_abs < len_min)) ||
	    (!shrink && (skb->len + len_diff_abs > len_max &&
			 !skb_is_gso(skb))))
		return -ENOTSUPP;

	ret = shrink ? bpf_skb_net_shrink(skb, off, len_diff_abs, flags) :
		       bpf_skb_net_grow(skb, off, len_diff_abs, flags);
	if (!ret && !(flags & BPF_F_ADJ_ROOM_NO_CSUM_RESET))
		__skb_reset_checksum_unnecessary(skb);

	bpf_compute_data_pointers(skb);
	return ret;
}

const struct bpf_func_proto bpf_skb_adjust_room_proto = {
	.func		= bpf_skb_adjust_room,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_ANYTHING,
};

/* ---- metadata: packet type, VLAN tag, hash ----------------------------------- */

static bool skb_pkt_type_ok(u32 pkt_type)
{
	return pkt_type <= PACKET_OTHERHOST;
}

u64 bpf_skb_change_type(u64 skb_, u64 pkt_type, u64 r3, u64 r4, u64 r5)
{
	struct sk_buff *skb = SKB(skb_);

	(void)r3; (void)r4; (void)r5;
	/* We only allow a restricted subset to be changed for now. */
	if (unlikely(!skb_pkt_type_ok(skb->pkt_type) ||
		     !skb_pkt_type_ok(pkt_type)))
		return -EINVAL;

	skb->pkt_type = pkt_type;
	return 0;
}

const struct bpf_func_proto bpf_skb_change_type_proto = {
	.func		= bpf_skb_change_type,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

u64 bpf_skb_vlan_push(u64 skb_, u64 vlan_proto_, u64 vlan_tci, u64 r4, u64 r5)
{
	struct sk_buff *skb = SKB(skb_);
	__be16 vlan_proto = vlan_proto_;
	int ret;

	(void)r4; (void)r5;
	if (unlikely(vlan_proto != htons(ETH_P_8021Q) &&
		     vlan_proto != htons(ETH_P_8021AD)))
		vlan_proto = htons(ETH_P_8021Q);

	bpf_push_mac_rcsum(skb);
	ret = skb_vlan_push(skb, vlan_proto, vlan_tci);
	bpf_pull_mac_rcsum(skb);

	bpf_compute_data_pointers(skb);
	return ret;
}

const struct bpf_func_proto bpf_skb_vlan_push_proto = {
	.func		= bpf_skb_vlan_push,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
};

u64 bpf_skb_vlan_pop(u64 skb_, u64 r2, u64 r3, u64 r4, u64 r5)
{
	struct sk_buff *skb = SKB(skb_);
	int ret;

	(void)r2; (void)r3; (void)r4; (void)r5;
	bpf_push_mac_rcsum(skb);
	ret = skb_vlan_pop(skb);
	bpf_pull_mac_rcsum(skb);

	bpf_compute_data_pointers(skb);
	return ret;
}

const struct bpf_func_proto bpf_skb_vlan_pop_proto = {
	.func		= bpf_skb_vlan_pop,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

u64 bpf_get_hash_recalc(u64 skb_, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)r2; (void)r3; (void)r4; (void)r5;
	/* If skb_clear_hash() was called due to mangling, we can
	 * trigger SW recalculation here. Later access to hash
	 * can then use the inline skb->hash via context directly
	 * instead of calling this helper again.
	 */
	return skb_get_hash(SKB(skb_));
}

const struct bpf_func_proto bpf_get_hash_recalc_proto = {
	.func		= bpf_get_hash_recalc,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

u64 bpf_set_hash_invalid(u64 skb_, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)r2; (void)r3; (void)r4; (void)r5;
	/* After all direct packet write, this can be used once for
	 * triggering a lazy recalc on next skb_get_hash() invocation.
	 */
	skb_clear_hash(SKB(skb_));
	return 0;
}

const struct bpf_func_proto bpf_set_hash_invalid_proto = {
	.func		= bpf_set_hash_invalid,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

u64 bpf_set_hash(u64 skb_, u64 hash, u64 r3, u64 r4, u64 r5)
{
	(void)r3; (void)r4; (void)r5;
	/* Set user specified hash as L4(+), so that it gets returned
	 * on skb_get_hash() call unless BPF prog later on triggers a
	 * skb_clear_hash().
	 */
	__skb_set_sw_hash(SKB(skb_), hash, true);
	return 0;
}

const struct bpf_func_proto bpf_set_hash_proto = {
	.func		= bpf_set_hash,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

/* ---- what the packet belongs to ---------------------------------------------- */

/* The net_cls cgroup's class id of the packet's socket: no cgroups here,
 * no sockets: 0, as the kernel says for a packet without one.
 */
u64 bpf_get_cgroup_classid(u64 skb_, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)skb_; (void)r2; (void)r3; (void)r4; (void)r5;
	return 0;
}

const struct bpf_func_proto bpf_get_cgroup_classid_proto = {
	.func		= bpf_get_cgroup_classid,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

/* The routing realm of the packet's route (dst->tclassid): no routes. */
u64 bpf_get_route_realm(u64 skb_, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)skb_; (void)r2; (void)r3; (void)r4; (void)r5;
	return 0;
}

const struct bpf_func_proto bpf_get_route_realm_proto = {
	.func		= bpf_get_route_realm,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

/*
 * The socket's cookie (sock_gen_cookie()), 0 for a packet without a
 * socket. There are no sockets here: skb->sk is always NULL, so 0.
 */
u64 bpf_get_socket_cookie(u64 skb_, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)skb_; (void)r2; (void)r3; (void)r4; (void)r5;
	return 0;
}

const struct bpf_func_proto bpf_get_socket_cookie_proto = {
	.func		= bpf_get_socket_cookie,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

/* The socket owner's uid; overflowuid for a packet without a full socket. */
u64 bpf_get_socket_uid(u64 skb_, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)skb_; (void)r2; (void)r3; (void)r4; (void)r5;
	return DEFAULT_OVERFLOWUID;
}

const struct bpf_func_proto bpf_get_socket_uid_proto = {
	.func		= bpf_get_socket_uid,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

/* ---- redirect ---------------------------------------------------------------- */

/*
 * tc: send the packet to another device (egress, or its ingress with
 * BPF_F_INGRESS) once the program returns. The helper only records the
 * target; its return value is the verdict the program should return.
 */
u64 bpf_redirect(u64 ifindex, u64 flags, u64 r3, u64 r4, u64 r5)
{
	struct bpf_redirect_info *ri = &bpf_redirect_info;

	(void)r3; (void)r4; (void)r5;
	if (unlikely(flags & ~(BPF_F_INGRESS)))
		return TC_ACT_SHOT;

	ri->flags = flags;
	ri->tgt_index = ifindex;

	return TC_ACT_REDIRECT;
}

const struct bpf_func_proto bpf_redirect_proto = {
	.func		= bpf_redirect,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
	.arg2_type	= ARG_ANYTHING,
};

/* Linux 5.10: into the network namespace on the device's other side
 * (a veth's peer), skipping the backlog; tc ingress only, where the hook
 * reads the flag.
 */
u64 bpf_redirect_peer(u64 ifindex, u64 flags, u64 r3, u64 r4, u64 r5)
{
	struct bpf_redirect_info *ri = &bpf_redirect_info;

	(void)r3; (void)r4; (void)r5;
	if (unlikely(flags))
		return TC_ACT_SHOT;

	ri->flags = BPF_F_PEER;
	ri->tgt_index = ifindex;

	return TC_ACT_REDIRECT;
}

const struct bpf_func_proto bpf_redirect_peer_proto = {
	.func		= bpf_redirect_peer,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
	.arg2_type	= ARG_ANYTHING,
};

/* Linux 5.10 (the next hop, params, 5.13): out of the device with the
 * neighbour's hardware address filled in, as the stack would route it.
 */
u64 bpf_redirect_neigh(u64 ifindex, u64 params, u64 plen_, u64 flags, u64 r5)
{
	struct bpf_redirect_info *ri = &bpf_redirect_info;
	int plen = plen_;

	(void)r5;
	if (unlikely((plen && plen < (int)sizeof(struct bpf_redir_neigh)) || flags))
		return TC_ACT_SHOT;

	ri->flags = BPF_F_NEIGH | (plen ? BPF_F_NEXTHOP : 0);
	ri->tgt_index = ifindex;

	if (plen)
		memcpy(&ri->nh, PTR(params), sizeof(ri->nh));

	return TC_ACT_REDIRECT;
}

const struct bpf_func_proto bpf_redirect_neigh_proto = {
	.func		= bpf_redirect_neigh,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
	.arg2_type	= ARG_PTR_TO_MEM_OR_NULL,
	.arg3_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg4_type	= ARG_ANYTHING,
};
