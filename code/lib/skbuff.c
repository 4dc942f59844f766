// SPDX-License-Identifier: GPL-2.0
/*
 * Socket buffers: building one around a packet, growing its room, making
 * it writable, and the VLAN tag in and out of it.
 *
 * Mirrors net/core/skbuff.c (build_skb(), kfree_skb(), pskb_expand_head(),
 * skb_headers_offset_update(), skb_ensure_writable(), skb_copy_bits(),
 * skb_vlan_push(), skb_vlan_pop(), __skb_vlan_pop()) and the inline
 * helpers of include/linux/skbuff.h and include/linux/if_vlan.h that
 * allocate (__skb_cow(), __skb_grow(), __vlan_insert_tag(),
 * vlan_set_encap_proto()), Linux v5.8; written afresh.
 *
 * Every skb here is linear (no page fragments, data_len 0) and has one
 * owner (never cloned, never shared), as a test run's skb is: the kernel's
 * paths for fragments and clones are left out, and said so where they
 * would run. Buffers come from malloc(); the kernel's kmalloc() may round
 * a size up (ksize()), ours does not, so an skb may have less tailroom
 * here and grow (a new buffer) where the kernel's would not: never
 * visible to a program, whose packet pointers every such helper
 * invalidates either way.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "asm/unaligned.h"
#include "linux/etherdevice.h"
#include "linux/skbuff.h"

/* The buffer's usable bytes once the shared info is set aside. */
#define SKB_WITH_OVERHEAD(X)	((X) - SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

struct sk_buff *build_skb(void *data, unsigned int size)
{
	struct sk_buff *skb;

	if (size < SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))
		return NULL;
	skb = calloc(1, sizeof(*skb));
	if (!skb)
		return NULL;

	size = round_down(SKB_WITH_OVERHEAD(size), sizeof(long));
	skb->truesize = size + sizeof(struct sk_buff);
	skb->head = data;
	skb->data = data;
	skb->tail = 0;
	skb->end = size;
	skb->mac_header = (typeof(skb->mac_header))~0U;
	skb->transport_header = (typeof(skb->transport_header))~0U;
	memset(skb_shinfo(skb), 0, sizeof(struct skb_shared_info));
	return skb;
}

void kfree_skb(struct sk_buff *skb)
{
	if (!skb)
		return;
	free(skb->head);
	free(skb);
}

/* The header offsets count from head: a new head moves them all. */
static void skb_headers_offset_update(struct sk_buff *skb, int off)
{
	/* Only adjust this if it actually is csum_start rather than csum */
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		skb->csum_start += off;
	/* {transport,network,mac}_header and tail are relative to skb->head;
	 * v5.8 moves an unset (~0) transport header too
	 */
	skb->transport_header += off;
	skb->network_header   += off;
	if (skb_mac_header_was_set(skb))
		skb->mac_header += off;
	skb->inner_transport_header += off;
	skb->inner_network_header += off;
	skb->inner_mac_header += off;
}

int pskb_expand_head(struct sk_buff *skb, int nhead, int ntail, gfp_t gfp_mask)
{
	int osize = skb->end;
	int size = osize + nhead + ntail;
	long off;
	u8 *data;

	(void)gfp_mask;
	if (nhead < 0 || ntail < 0)
		return -EINVAL;	/* the kernel's BUG_ON() */

	size = SKB_DATA_ALIGN(size);
	data = malloc(size + SKB_DATA_ALIGN(sizeof(struct skb_shared_info)));
	if (!data)
		return -ENOMEM;

	/* Copy only real data... and, alas, header. This should be
	 * optimized for the cases when header is void.
	 */
	memcpy(data + nhead, skb->head, skb_tail_pointer(skb) - skb->head);
	memset(data, 0, nhead);
	memcpy(data + size, skb_shinfo(skb), sizeof(struct skb_shared_info));

	off = (data + nhead) - skb->head;
	free(skb->head);
	skb->head     = data;
	skb->head_frag = 0;
	skb->data    += off;
	skb->end      = size;
	skb->tail    += nhead;
	skb_headers_offset_update(skb, nhead);
	skb->cloned   = 0;
	skb->hdr_len  = 0;
	skb->nohdr    = 0;
	/* skb_metadata_clear(): XDP metadata does not survive a move */
	skb_shinfo(skb)->meta_len = 0;
	if (!skb->sk)
		skb->truesize += size - osize;
	return 0;
}

int skb_ensure_writable(struct sk_buff *skb, unsigned int write_len)
{
	if (!pskb_may_pull(skb, write_len))
		return -ENOMEM;

	/* A clone would be copied here first (skb_clone_writable()); no skb
	 * here is a clone.
	 */
	if (!skb_cloned(skb))
		return 0;

	return pskb_expand_head(skb, 0, 0, GFP_KERNEL);
}

static int __skb_cow(struct sk_buff *skb, unsigned int headroom, int cloned)
{
	int delta = 0;

	if (headroom > skb_headroom(skb))
		delta = headroom - skb_headroom(skb);

	if (delta || cloned)
		return pskb_expand_head(skb, round_up(delta, NET_SKB_PAD), 0,
					GFP_KERNEL);
	return 0;
}

int skb_cow(struct sk_buff *skb, unsigned int headroom)
{
	return __skb_cow(skb, headroom, skb_cloned(skb));
}

int skb_cow_head(struct sk_buff *skb, unsigned int headroom)
{
	return __skb_cow(skb, headroom, skb_cloned(skb));
}

static int __skb_grow(struct sk_buff *skb, unsigned int len)
{
	unsigned int diff = len - skb->len;

	if ((unsigned int)skb_tailroom(skb) < diff) {
		int ret = pskb_expand_head(skb, 0, diff - skb_tailroom(skb),
					   GFP_KERNEL);
		if (ret)
			return ret;
	}
	__skb_set_length(skb, len);
	return 0;
}

/* The sum of the device no longer covers the packet: drop it. */
int __skb_grow_rcsum(struct sk_buff *skb, unsigned int len)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	return __skb_grow(skb, len);
}

int __skb_trim_rcsum(struct sk_buff *skb, unsigned int len)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	__skb_trim(skb, len);
	return 0;
}

int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len)
{
	if (len < 0 || offset < 0 || offset > (int)skb->len - len)
		return -EFAULT;
	memcpy(to, skb->data + offset, len);
	return 0;
}

/* ---- VLAN tags ------------------------------------------------------------ */

/* include/linux/if_vlan.h: the EtherType after a tag tells what follows. */
static void vlan_set_encap_proto(struct sk_buff *skb, const struct vlan_hdr *vhdr)
{
	const u8 *rawp;
	__be16 proto;

	/*
	 * Was a VLAN packet, grab the encapsulated protocol, which the layer
	 * three protocols care about. (A packet's fields may sit at any
	 * address: read through get_unaligned, here and below.)
	 */
	proto = get_unaligned_le16(&vhdr->h_vlan_encapsulated_proto);
	if (eth_proto_is_802_3(proto)) {
		skb->protocol = proto;
		return;
	}

	rawp = (const u8 *)(vhdr + 1);
	if (rawp + 2 <= skb_tail_pointer(skb) && rawp[0] == 0xFF && rawp[1] == 0xFF)
		/*
		 * This is a magic hack to spot IPX packets. Older Novell
		 * breaks the protocol design and runs IPX over 802.3 without
		 * an 802.2 LLC layer. We look for FFFF which isn't a used
		 * 802.2 SSAP/DSAP. This won't work for fault tolerant netware
		 * but does for the rest.
		 */
		skb->protocol = htons(ETH_P_802_3);
	else
		/*
		 * Real 802.2 LLC
		 */
		skb->protocol = htons(ETH_P_802_2);
}

/* include/linux/if_vlan.h: __vlan_insert_tag(), a tag into the packet
 * after the MAC addresses (the frame grows by 4 at its front).
 */
static int __vlan_insert_tag(struct sk_buff *skb, __be16 vlan_proto, u16 vlan_tci)
{
	const unsigned int mac_len = ETH_HLEN;
	struct vlan_ethhdr *veth;

	if (skb_cow_head(skb, VLAN_HLEN) < 0)
		return -ENOMEM;

	__skb_push(skb, VLAN_HLEN);

	/* Move the mac header sans proto to the beginning of the new header. */
	memmove(skb->data, skb->data + VLAN_HLEN, mac_len - ETH_TLEN);
	skb->mac_header -= VLAN_HLEN;

	veth = (struct vlan_ethhdr *)(skb->data + mac_len - ETH_HLEN);

	/* first, the ethernet type: h_vlan_encapsulated_proto is already
	 * there (the old EtherType), and the room for h_vlan_proto was made
	 */
	put_unaligned_le16(vlan_proto, &veth->h_vlan_proto);

	/* now, the TCI */
	put_unaligned_be16(vlan_tci, &veth->h_vlan_TCI);

	return 0;
}

int skb_vlan_push(struct sk_buff *skb, __be16 vlan_proto, u16 vlan_tci)
{
	if (skb_vlan_tag_present(skb)) {
		int offset = skb->data - skb_mac_header(skb);
		int err;

		/* the kernel WARNs: the data must start at the MAC header */
		if (offset)
			return -EINVAL;

		err = __vlan_insert_tag(skb, skb->vlan_proto,
					skb_vlan_tag_get(skb));
		if (err)
			return err;

		skb->protocol = skb->vlan_proto;
		skb->mac_len += VLAN_HLEN;

		skb_postpush_rcsum(skb, skb->data + (2 * ETH_ALEN), VLAN_HLEN);
	}
	__vlan_hwaccel_put_tag(skb, vlan_proto, vlan_tci);
	return 0;
}

/* remove VLAN header from packet and update csum accordingly.
 * expects a non skb_vlan_tag_present skb with a vlan tag payload
 */
static int __skb_vlan_pop(struct sk_buff *skb, u16 *vlan_tci)
{
	struct vlan_hdr *vhdr;
	int offset = skb->data - skb_mac_header(skb);
	int err;

	/* the kernel WARNs: the data must start at the MAC header */
	if (offset)
		return -EINVAL;

	err = skb_ensure_writable(skb, VLAN_ETH_HLEN);
	if (unlikely(err))
		return err;

	skb_postpull_rcsum(skb, skb->data + (2 * ETH_ALEN), VLAN_HLEN);

	vhdr = (struct vlan_hdr *)(skb->data + ETH_HLEN);
	*vlan_tci = get_unaligned_be16(&vhdr->h_vlan_TCI);

	memmove(skb->data + VLAN_HLEN, skb->data, 2 * ETH_ALEN);
	__skb_pull(skb, VLAN_HLEN);

	/* the memmove() overwrote the TCI, not the EtherType after it */
	vlan_set_encap_proto(skb, vhdr);
	skb->mac_header += VLAN_HLEN;

	if (skb_network_offset(skb) < ETH_HLEN)
		skb_set_network_header(skb, ETH_HLEN);

	skb_reset_mac_len(skb);

	return err;
}

/* Pop a vlan tag either from hwaccel or from payload.
 * Expects skb->data at mac header.
 */
int skb_vlan_pop(struct sk_buff *skb)
{
	u16 vlan_tci;
	__be16 vlan_proto;
	int err;

	if (likely(skb_vlan_tag_present(skb))) {
		__vlan_hwaccel_clear_tag(skb);
	} else {
		if (unlikely(!eth_type_vlan(skb->protocol)))
			return 0;

		err = __skb_vlan_pop(skb, &vlan_tci);
		if (err)
			return err;
	}
	/* move next vlan tag to hw accel tag */
	if (likely(!eth_type_vlan(skb->protocol)))
		return 0;

	vlan_proto = skb->protocol;
	err = __skb_vlan_pop(skb, &vlan_tci);
	if (unlikely(err))
		return err;

	__vlan_hwaccel_put_tag(skb, vlan_proto, vlan_tci);
	return 0;
}
