/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The socket buffer: the kernel's object for one packet, and what a
 * socket filter's or a tc program's context really is.
 *
 * Mirrors include/linux/skbuff.h (struct sk_buff, struct skb_shared_info
 * and the inline helpers below), include/net/sch_generic.h (struct
 * qdisc_skb_cb) and include/linux/filter.h (struct bpf_skb_data_end,
 * bpf_compute_data_pointers()), Linux v5.8; written afresh. The functions
 * that are not inline are in code/lib/skbuff.c.
 *
 * The layout is ours. The kernel's struct sk_buff has some ninety fields
 * in an order tuned for cache lines; this one has the fields, by their
 * kernel names and types, that the verifier's context rewrites
 * (bpf_convert_ctx_access()) and the packet helpers touch, and nothing
 * else. What a program sees is unchanged: it names fields of struct
 * __sk_buff (uapi), and the verifier rewrites each into loads of these,
 * the same instructions as the kernel's with other offsets.
 *
 * The buffer, as on 64-bit kernels (NET_SKBUFF_DATA_USES_OFFSET): head and
 * data are pointers, tail and end offsets from head, and the shared info
 * sits at head + end:
 *
 *   head      data             head + tail       head + end
 *   | headroom | packet (len)   | tailroom        | skb_shared_info |
 *
 * mac_header, network_header and transport_header are offsets from head
 * too; ~0 means "not set".
 */
#ifndef _SHIM_LINUX_SKBUFF_H
#define _SHIM_LINUX_SKBUFF_H

#include <string.h>

#include "linux/kernel.h"
#include "net/checksum.h"

struct net_device;
struct sock;

/* ip_summed: what is known about the packet's checksum. */
#define CHECKSUM_NONE		0	/* nothing: software must check it */
#define CHECKSUM_UNNECESSARY	1	/* the device checked it */
#define CHECKSUM_COMPLETE	2	/* the device summed it: skb->csum */
#define CHECKSUM_PARTIAL	3	/* to be summed from csum_start on */

/* Maximum value in skb->csum_level */
#define SKB_MAX_CSUM_LEVEL	3

/* pkt_type (uapi/linux/if_packet.h) */
#define PACKET_HOST		0	/* To us		*/
#define PACKET_BROADCAST	1	/* To all		*/
#define PACKET_MULTICAST	2	/* To group		*/
#define PACKET_OTHERHOST	3	/* To someone else	*/
#define PACKET_OUTGOING		4	/* Outgoing of any type */

/* skb->queue_mapping when no queue is set (include/net/sock.h). */
#define NO_QUEUE_MAPPING	USHRT_MAX

#define SMP_CACHE_BYTES		64	/* x86-64 L1_CACHE_BYTES */
#define SKB_DATA_ALIGN(X)	round_up((X), SMP_CACHE_BYTES)
/* The headroom a freshly built skb reserves: max(32, L1_CACHE_BYTES). */
#define NET_SKB_PAD		64
/* Extra headroom so that the IP header is 4-byte aligned: 0 on x86. */
#define NET_IP_ALIGN		0

typedef unsigned int sk_buff_data_t;	/* an offset from skb->head */

/*
 * After the packet, at head + end: what clones and fragments share. The
 * kernel's has page fragments, a frag list and hardware timestamps; those
 * are left out, but the size stays v5.8's on x86-64 (320 bytes, cache
 * aligned): test runs and XDP reserve exactly this much tailroom, and the
 * largest packet a program can be given (4096 - headroom - 320) follows
 * from it.
 */
struct skb_shared_info {
	__u8		flags;
	__u8		meta_len;	/* XDP metadata in front of data */
	__u8		nr_frags;
	__u8		tx_flags;
	unsigned short	gso_size;
	/* Warning: this field is not always filled in (UFO)! */
	unsigned short	gso_segs;
	unsigned int	gso_type;
	u8		__pad[320 - 12];
};
_Static_assert(SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) == 320,
	       "struct skb_shared_info takes 320 bytes");

struct sk_buff {
	struct net_device	*dev;
	struct sock		*sk;
	/* The route, or metadata in its place: here only ever a tunnel's
	 * key (net/dst_metadata.h), which bpf_skb_set_tunnel_key() attaches.
	 */
	unsigned long		_skb_refdst;
	s64			tstamp;		/* ktime_t, ns */

	/*
	 * This is the control buffer. It is free to use for every
	 * layer. Please put your private variables there. If you
	 * want to keep them across layers you have to do a skb_clone()
	 * first. This is owned by whoever has the skb queued ATM.
	 * tc and BPF keep struct qdisc_skb_cb here.
	 */
	char			cb[48] __aligned(8);

	unsigned int		len,
				data_len;
	__u16			mac_len,
				hdr_len;
	__u16			queue_mapping;

	/* The bit fields a rewrite reads as one byte and a mask, through
	 * a zero-length marker (CLONED_OFFSET(), PKT_TYPE_OFFSET(),
	 * PKT_VLAN_PRESENT_OFFSET()); little-endian, the first bit field of
	 * a byte is its least significant bit.
	 */
	__u8			__cloned_offset[0];
	__u8			cloned:1,
				nohdr:1,
				fclone:2,
				peeked:1,
				head_frag:1,
				pfmemalloc:1;
	__u8			__pkt_type_offset[0];
	__u8			pkt_type:3;
	__u8			ignore_df:1;
	__u8			nf_trace:1;
	__u8			ip_summed:2;
	__u8			ooo_okay:1;

	__u8			l4_hash:1;
	__u8			sw_hash:1;
	__u8			wifi_acked_valid:1;
	__u8			wifi_acked:1;
	__u8			no_fcs:1;
	/* Indicates the inner headers are valid in the skbuff. */
	__u8			encapsulation:1;
	__u8			encap_hdr_csum:1;
	__u8			csum_valid:1;

	__u8			__pkt_vlan_present_offset[0];
	__u8			vlan_present:1;
	__u8			csum_complete_sw:1;
	__u8			csum_level:2;
	__u8			csum_not_inet:1;
	__u8			dst_pending_confirm:1;
	__u8			tc_at_ingress:1;
	__u8			tc_redirected:1;

	__u16			tc_index;	/* traffic control index */

	union {
		__wsum		csum;
		struct {
			__u16	csum_start;
			__u16	csum_offset;
		};
	};
	__u32			priority;
	int			skb_iif;
	__u32			hash;
	__be16			vlan_proto;
	__u16			vlan_tci;
	unsigned int		napi_id;
	__u32			mark;

	__be16			inner_protocol;
	__u16			inner_transport_header;
	__u16			inner_network_header;
	__u16			inner_mac_header;

	__be16			protocol;
	__u16			transport_header;
	__u16			network_header;
	__u16			mac_header;

	/* These elements must be at the end, see alloc_skb() for details.  */
	sk_buff_data_t		tail;
	sk_buff_data_t		end;
	unsigned char		*head,
				*data;
	unsigned int		truesize;
};

#define CLONED_OFFSET()			offsetof(struct sk_buff, __cloned_offset)
#define CLONED_MASK			1
#define PKT_TYPE_OFFSET()		offsetof(struct sk_buff, __pkt_type_offset)
#define PKT_TYPE_MAX			7
#define PKT_VLAN_PRESENT_OFFSET()	offsetof(struct sk_buff, __pkt_vlan_present_offset)
#define PKT_VLAN_PRESENT_BIT		0

/*
 * include/net/sch_generic.h: what tc keeps in skb->cb. `data` is what a
 * program sees as __sk_buff.cb[0..4]; pkt_len is __sk_buff.wire_len.
 */
struct qdisc_skb_cb {
	struct {
		unsigned int		pkt_len;
		u16			slave_dev_queue_mapping;
		u16			tc_classid;
	};
#define QDISC_CB_PRIV_LEN 20
	unsigned char		data[QDISC_CB_PRIV_LEN];
};

static inline struct qdisc_skb_cb *qdisc_skb_cb(const struct sk_buff *skb)
{
	return (struct qdisc_skb_cb *)skb->cb;
}

/*
 * include/linux/filter.h: the end (and the metadata start) of the packet
 * bytes a program may touch directly, after the qdisc's part of skb->cb.
 * __sk_buff.data_end becomes a load of data_end from here: one load,
 * instead of computing data + headlen in every program.
 */
struct bpf_skb_data_end {
	struct qdisc_skb_cb qdisc_cb;
	void *data_meta;
	void *data_end;
};
_Static_assert(sizeof(struct bpf_skb_data_end) <= sizeof(((struct sk_buff *)0)->cb),
	       "struct bpf_skb_data_end fits in skb->cb");

/* ---- the buffer ---------------------------------------------------------- */

static inline unsigned char *skb_end_pointer(const struct sk_buff *skb)
{
	return skb->head + skb->end;
}

static inline unsigned char *skb_tail_pointer(const struct sk_buff *skb)
{
	return skb->head + skb->tail;
}

static inline struct skb_shared_info *skb_shinfo(const struct sk_buff *skb)
{
	return (struct skb_shared_info *)skb_end_pointer(skb);
}

static inline unsigned int skb_headroom(const struct sk_buff *skb)
{
	return skb->data - skb->head;
}

static inline int skb_tailroom(const struct sk_buff *skb)
{
	return skb->end - skb->tail;
}

/* The bytes at data, in this buffer (the rest, data_len, in fragments). */
static inline unsigned int skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}

static inline bool skb_is_nonlinear(const struct sk_buff *skb)
{
	return skb->data_len;
}

static inline int skb_cloned(const struct sk_buff *skb)
{
	return skb->cloned;
}

static inline bool skb_is_gso(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->gso_size;
}

static inline unsigned char skb_metadata_len(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->meta_len;
}

static inline void skb_reserve(struct sk_buff *skb, int len)
{
	skb->data += len;
	skb->tail += len;
}

/* Grow the packet at its end (no check: the caller knows the room). */
static inline void *__skb_put(struct sk_buff *skb, unsigned int len)
{
	void *tmp = skb_tail_pointer(skb);

	skb->tail += len;
	skb->len  += len;
	return tmp;
}

/* Grow it at its front, into the headroom. */
static inline void *__skb_push(struct sk_buff *skb, unsigned int len)
{
	skb->data -= len;
	skb->len  += len;
	return skb->data;
}

/* Drop bytes at its front. */
static inline void *__skb_pull(struct sk_buff *skb, unsigned int len)
{
	skb->len -= len;
	return skb->data += len;
}

static inline void __skb_set_length(struct sk_buff *skb, unsigned int len)
{
	skb->len = len;
	skb->tail = skb->data - skb->head + len;
}

static inline void __skb_trim(struct sk_buff *skb, unsigned int len)
{
	__skb_set_length(skb, len);
}

/* ---- the headers --------------------------------------------------------- */

static inline unsigned char *skb_mac_header(const struct sk_buff *skb)
{
	return skb->head + skb->mac_header;
}

static inline bool skb_mac_header_was_set(const struct sk_buff *skb)
{
	return skb->mac_header != (typeof(skb->mac_header))~0U;
}

static inline void skb_reset_mac_header(struct sk_buff *skb)
{
	skb->mac_header = skb->data - skb->head;
}

static inline unsigned char *skb_network_header(const struct sk_buff *skb)
{
	return skb->head + skb->network_header;
}

static inline void skb_reset_network_header(struct sk_buff *skb)
{
	skb->network_header = skb->data - skb->head;
}

static inline void skb_set_network_header(struct sk_buff *skb, const int offset)
{
	skb_reset_network_header(skb);
	skb->network_header += offset;
}

static inline int skb_network_offset(const struct sk_buff *skb)
{
	return skb_network_header(skb) - skb->data;
}

static inline unsigned char *skb_transport_header(const struct sk_buff *skb)
{
	return skb->head + skb->transport_header;
}

static inline bool skb_transport_header_was_set(const struct sk_buff *skb)
{
	return skb->transport_header != (typeof(skb->transport_header))~0U;
}

static inline void skb_set_transport_header(struct sk_buff *skb, const int offset)
{
	skb->transport_header = skb->data - skb->head + offset;
}

static inline int skb_transport_offset(const struct sk_buff *skb)
{
	return skb_transport_header(skb) - skb->data;
}

static inline u32 skb_mac_header_len(const struct sk_buff *skb)
{
	return skb->network_header - skb->mac_header;
}

static inline void skb_reset_mac_len(struct sk_buff *skb)
{
	skb->mac_len = skb->network_header - skb->mac_header;
}

static inline int skb_checksum_start_offset(const struct sk_buff *skb)
{
	return skb->csum_start - skb_headroom(skb);
}

/* ---- hash, VLAN tag, checksum state --------------------------------------- */

static inline void skb_clear_hash(struct sk_buff *skb)
{
	skb->hash = 0;
	skb->sw_hash = 0;
	skb->l4_hash = 0;
}

static inline void __skb_set_sw_hash(struct sk_buff *skb, __u32 hash, bool is_l4)
{
	skb->l4_hash = is_l4;
	skb->sw_hash = 1;
	skb->hash = hash;
}

/* The flow hash, computed from the headers when none is set
 * (net/core/flow_dissector.c: __skb_get_hash(), code/lib/flow_dissector.c).
 */
void __skb_get_hash(struct sk_buff *skb);
static inline __u32 skb_get_hash(struct sk_buff *skb)
{
	if (!skb->l4_hash && !skb->sw_hash)
		__skb_get_hash(skb);

	return skb->hash;
}

/* The VLAN tag a device took off (or will put on): "hardware accelerated",
 * kept beside the packet instead of in it.
 */
static inline bool skb_vlan_tag_present(const struct sk_buff *skb)
{
	return skb->vlan_present;
}

static inline u16 skb_vlan_tag_get(const struct sk_buff *skb)
{
	return skb->vlan_tci;
}

static inline void __vlan_hwaccel_put_tag(struct sk_buff *skb, __be16 vlan_proto,
					  u16 vlan_tci)
{
	skb->vlan_proto = vlan_proto;
	skb->vlan_tci = vlan_tci;
	skb->vlan_present = 1;
}

static inline void __vlan_hwaccel_clear_tag(struct sk_buff *skb)
{
	skb->vlan_present = 0;
}

static inline void __skb_decr_checksum_unnecessary(struct sk_buff *skb)
{
	if (skb->ip_summed == CHECKSUM_UNNECESSARY) {
		if (skb->csum_level == 0)
			skb->ip_summed = CHECKSUM_NONE;
		else
			skb->csum_level--;
	}
}

static inline void __skb_incr_checksum_unnecessary(struct sk_buff *skb)
{
	if (skb->ip_summed == CHECKSUM_UNNECESSARY) {
		if (skb->csum_level < SKB_MAX_CSUM_LEVEL)
			skb->csum_level++;
	} else if (skb->ip_summed == CHECKSUM_NONE) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		skb->csum_level = 0;
	}
}

static inline void __skb_reset_checksum_unnecessary(struct sk_buff *skb)
{
	if (skb->ip_summed == CHECKSUM_UNNECESSARY) {
		skb->ip_summed = CHECKSUM_NONE;
		skb->csum_level = 0;
	}
}

/* CHECKSUM_COMPLETE sums the packet from data on: bytes pulled off the
 * front, or pushed onto it, leave or join that sum (v5.8's forms).
 */
static inline void __skb_postpull_rcsum(struct sk_buff *skb, const void *start,
					unsigned int len, unsigned int off)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = csum_block_sub(skb->csum,
					   csum_partial(start, len, 0), off);
	else if (skb->ip_summed == CHECKSUM_PARTIAL &&
		 skb_checksum_start_offset(skb) < 0)
		skb->ip_summed = CHECKSUM_NONE;
}

static inline void skb_postpull_rcsum(struct sk_buff *skb, const void *start,
				      unsigned int len)
{
	__skb_postpull_rcsum(skb, start, len, 0);
}

static inline void __skb_postpush_rcsum(struct sk_buff *skb, const void *start,
					unsigned int len, unsigned int off)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = csum_block_add(skb->csum,
					   csum_partial(start, len, 0), off);
}

static inline void skb_postpush_rcsum(struct sk_buff *skb, const void *start,
				      unsigned int len)
{
	__skb_postpush_rcsum(skb, start, len, 0);
}

/* include/linux/filter.h: where a program's direct packet access ends. */
static inline void bpf_compute_data_pointers(struct sk_buff *skb)
{
	struct bpf_skb_data_end *cb = (struct bpf_skb_data_end *)skb->cb;

	cb->data_meta = skb->data - skb_metadata_len(skb);
	cb->data_end  = skb->data + skb_headlen(skb);
}

/* ---- code/lib/skbuff.c (net/core/skbuff.c) -------------------------------- */

/*
 * Ours: the size kmalloc() would really give for `size` bytes, coarsely
 * (slab sizes are multiples of at least 8; here, of a cache line). The
 * kernel's build_skb() asks ksize() what it got and uses all of it;
 * allocate this much and tell build_skb().
 */
static inline unsigned int kmalloc_size_roundup(unsigned int size)
{
	return SKB_DATA_ALIGN(size);
}

/*
 * An skb around `data`, a malloc()ed buffer of `size` bytes that the skb
 * now owns: head = data = the buffer, no packet yet, the shared info in its
 * last bytes (its start rounded down to 8 bytes, its alignment). NULL if
 * the buffer cannot even hold the shared info.
 */
struct sk_buff *build_skb(void *data, unsigned int size);
/* Free the skb and its buffer. */
void kfree_skb(struct sk_buff *skb);

/* Move the packet into a new buffer with nhead more bytes of headroom and
 * ntail more of tailroom; every pointer into the old one is dead after.
 * 0 or -ENOMEM.
 */
int pskb_expand_head(struct sk_buff *skb, int nhead, int ntail, gfp_t gfp_mask);

/* At least len bytes in the linear part? (All skbs here are linear.) */
static inline bool pskb_may_pull(struct sk_buff *skb, unsigned int len)
{
	return len <= skb_headlen(skb);
}

/* The first write_len bytes may be written: 0, or -ENOMEM. */
int skb_ensure_writable(struct sk_buff *skb, unsigned int write_len);

/* At least headroom bytes of headroom, in a buffer of our own. */
int skb_cow(struct sk_buff *skb, unsigned int headroom);
int skb_cow_head(struct sk_buff *skb, unsigned int headroom);

/* Grow the packet to len bytes (zeros not written), or trim it. */
int __skb_grow_rcsum(struct sk_buff *skb, unsigned int len);
int __skb_trim_rcsum(struct sk_buff *skb, unsigned int len);

/* Copy len bytes from offset of the packet; 0 or -EFAULT. */
int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len);

/* len bytes at offset: a pointer into the packet, or NULL if it is short. */
static inline void *skb_header_pointer(const struct sk_buff *skb, int offset,
				       int len, void *buffer)
{
	(void)buffer;	/* for fragments, which the linear skbs here lack */
	if (offset < 0 || len < 0 || (unsigned int)offset + len > skb_headlen(skb))
		return NULL;
	return skb->data + offset;
}

/* The VLAN tag into the packet and out of it (802.1Q, 802.1ad). */
int skb_vlan_push(struct sk_buff *skb, __be16 vlan_proto, u16 vlan_tci);
int skb_vlan_pop(struct sk_buff *skb);

#endif /* _SHIM_LINUX_SKBUFF_H */
