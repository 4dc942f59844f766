// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the socket buffer (code/lib/skbuff.c, eth.c, flow_dissector.c):
 * the room around a packet, moving it to a bigger buffer, receiving an
 * Ethernet frame, VLAN tags in and out, the flow hash.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "linux/etherdevice.h"
#include "linux/netdevice.h"
#include "linux/skbuff.h"
#include "ground_tests.h"

/* An skb as a test run builds it: 64 bytes of headroom, then the frame. */
static struct sk_buff *skb_of(const u8 *frame, unsigned int len)
{
	unsigned int size = kmalloc_size_roundup(NET_SKB_PAD + len +
						 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)));
	u8 *data = calloc(1, size);
	struct sk_buff *skb = build_skb(data, size);

	ck_assert_ptr_nonnull(skb);
	skb_reserve(skb, NET_SKB_PAD);
	memcpy(__skb_put(skb, len), frame, len);
	return skb;
}

/* dst 02:..:01, src 02:..:02, IPv4, then a 20-byte header and 8 bytes */
static u8 frame[42] = {
	0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02, 0x08, 0x00,
	0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
	0x30, 0x39, 0x00, 0x35, 0, 8, 0, 0,		/* UDP 12345 -> 53 */
};

START_TEST(build_skb_room)
{
	struct sk_buff *skb = skb_of(frame, sizeof(frame));

	ck_assert_uint_eq(skb->len, 42);
	ck_assert_uint_eq(skb_headlen(skb), 42);
	ck_assert_uint_eq(skb_headroom(skb), NET_SKB_PAD);
	/* what kmalloc() rounded up is tailroom: 128 - 64 - 42 */
	ck_assert_int_eq(skb_tailroom(skb), 22);
	ck_assert(!skb_mac_header_was_set(skb));
	ck_assert(!skb_transport_header_was_set(skb));
	ck_assert_ptr_eq(skb_shinfo(skb), skb->head + 128);
	ck_assert_ptr_null(build_skb(skb->head, 100));	/* no room for shinfo */
	kfree_skb(skb);
}
END_TEST

START_TEST(pskb_expand_head_moves_everything)
{
	struct sk_buff *skb = skb_of(frame, sizeof(frame));

	skb_reset_mac_header(skb);
	__skb_pull(skb, ETH_HLEN);
	skb_reset_network_header(skb);
	skb_shinfo(skb)->gso_segs = 7;
	ck_assert_int_eq(pskb_expand_head(skb, 100, 30, GFP_KERNEL), 0);
	ck_assert_uint_eq(skb_headroom(skb), NET_SKB_PAD + ETH_HLEN + 100);
	ck_assert_int_ge(skb_tailroom(skb), 30);
	ck_assert_uint_eq(skb->len, 28);
	ck_assert_mem_eq(skb->data, frame + ETH_HLEN, 28);
	ck_assert_mem_eq(skb_mac_header(skb), frame, ETH_HLEN);
	ck_assert_int_eq(skb_network_offset(skb), 0);
	ck_assert_uint_eq(skb_shinfo(skb)->gso_segs, 7);
	ck_assert_int_eq(pskb_expand_head(skb, -1, 0, GFP_KERNEL), -EINVAL);
	kfree_skb(skb);
}
END_TEST

START_TEST(skb_grow_trim_cow)
{
	struct sk_buff *skb = skb_of(frame, sizeof(frame));

	skb->ip_summed = CHECKSUM_COMPLETE;
	ck_assert_int_eq(__skb_grow_rcsum(skb, 100), 0);
	ck_assert_uint_eq(skb->len, 100);
	ck_assert_uint_eq(skb->ip_summed, CHECKSUM_NONE);
	ck_assert_mem_eq(skb->data, frame, sizeof(frame));
	ck_assert_int_eq(__skb_trim_rcsum(skb, 20), 0);
	ck_assert_uint_eq(skb->len, 20);
	ck_assert_int_eq(skb_cow(skb, 200), 0);
	ck_assert_uint_ge(skb_headroom(skb), 200);
	ck_assert_uint_eq(skb_headroom(skb) % NET_SKB_PAD, 0);
	ck_assert_mem_eq(skb->data, frame, 20);
	ck_assert_int_eq(skb_ensure_writable(skb, 20), 0);
	ck_assert_int_eq(skb_ensure_writable(skb, 21), -ENOMEM);
	kfree_skb(skb);
}
END_TEST

START_TEST(eth_type_trans_classifies)
{
	static const struct {
		u8 dst0, dst5;
		u16 proto;
		u8 pkt_type;
		u16 want_proto;
	} rows[] = {
		/* lo's own address is all zeros */
		{ 0x00, 0x00, ETH_P_IP,   PACKET_HOST,      ETH_P_IP },
		{ 0x02, 0x01, ETH_P_IPV6, PACKET_OTHERHOST, ETH_P_IPV6 },
		{ 0x01, 0x00, ETH_P_ARP,  PACKET_MULTICAST, ETH_P_ARP },
		/* lo's broadcast address is zeros too: ff:.. is multicast */
		{ 0xff, 0xff, ETH_P_IP,   PACKET_MULTICAST, ETH_P_IP },
		/* an 802.3 length, then an 802.2 LLC header */
		{ 0x00, 0x00, 0x0040,     PACKET_HOST,      ETH_P_802_2 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		u8 f[sizeof(frame)];
		struct sk_buff *skb;

		memcpy(f, frame, sizeof(f));
		memset(f, rows[i].dst0, 6);
		f[5] = rows[i].dst5;
		f[12] = rows[i].proto >> 8;
		f[13] = rows[i].proto & 0xff;
		skb = skb_of(f, sizeof(f));
		skb->protocol = eth_type_trans(skb, &loopback_dev);
		ck_assert_msg(skb->pkt_type == rows[i].pkt_type, "row %zu: pkt_type %u",
			      i, skb->pkt_type);
		ck_assert_uint_eq(ntohs(skb->protocol), rows[i].want_proto);
		ck_assert_ptr_eq(skb->dev, &loopback_dev);
		ck_assert_uint_eq(skb->len, sizeof(f) - ETH_HLEN);
		ck_assert_ptr_eq(skb_mac_header(skb), skb->data - ETH_HLEN);
		/* the byte a context rewrite reads pkt_type from */
		ck_assert_uint_eq(*((u8 *)skb + PKT_TYPE_OFFSET()) & PKT_TYPE_MAX,
				  rows[i].pkt_type);
		kfree_skb(skb);
	}
}
END_TEST

START_TEST(skb_vlan_push_pop_round_trip)
{
	struct sk_buff *skb = skb_of(frame, sizeof(frame));

	skb->protocol = eth_type_trans(skb, &loopback_dev);
	skb_reset_network_header(skb);
	__skb_push(skb, ETH_HLEN);		/* tc sees the MAC header */

	/* first tag: kept beside the packet */
	ck_assert_int_eq(skb_vlan_push(skb, htons(ETH_P_8021Q), 100), 0);
	ck_assert(skb_vlan_tag_present(skb));
	ck_assert_uint_eq(skb->len, sizeof(frame));
	ck_assert_uint_eq(*((u8 *)skb + PKT_VLAN_PRESENT_OFFSET()) & 1, 1);

	/* second: the first goes into the packet, after the addresses */
	ck_assert_int_eq(skb_vlan_push(skb, htons(ETH_P_8021AD), 200), 0);
	ck_assert_uint_eq(skb->len, sizeof(frame) + VLAN_HLEN);
	ck_assert_mem_eq(skb->data, frame, 12);
	ck_assert_mem_eq(skb->data + 12, ((u8[]){ 0x81, 0x00, 0x00, 100, 0x08, 0x00 }), 6);
	ck_assert_mem_eq(skb->data + 18, frame + 14, sizeof(frame) - 14);
	ck_assert_uint_eq(ntohs(skb->protocol), ETH_P_8021Q);
	ck_assert_uint_eq(skb->vlan_tci, 200);

	/* pop: the tag beside goes, the one inside comes out beside */
	ck_assert_int_eq(skb_vlan_pop(skb), 0);
	ck_assert(skb_vlan_tag_present(skb));
	ck_assert_uint_eq(skb->vlan_tci, 100);
	ck_assert_uint_eq(ntohs(skb->vlan_proto), ETH_P_8021Q);
	ck_assert_uint_eq(ntohs(skb->protocol), ETH_P_IP);
	ck_assert_uint_eq(skb->len, sizeof(frame));
	ck_assert_mem_eq(skb->data, frame, sizeof(frame));

	ck_assert_int_eq(skb_vlan_pop(skb), 0);
	ck_assert(!skb_vlan_tag_present(skb));
	ck_assert_int_eq(skb_vlan_pop(skb), 0);		/* nothing to pop */

	/* a tag inside a packet whose data is not at the MAC header */
	__skb_pull(skb, ETH_HLEN);
	skb->vlan_present = 1;
	ck_assert_int_eq(skb_vlan_push(skb, htons(ETH_P_8021Q), 1), -EINVAL);
	kfree_skb(skb);
}
END_TEST

START_TEST(skb_get_hash_flows)
{
	u8 rev[sizeof(frame)];
	struct sk_buff *a = skb_of(frame, sizeof(frame)), *b;
	u32 ha, hb;

	/* the same flow the other way: addresses and ports swapped */
	memcpy(rev, frame, sizeof(rev));
	memcpy(rev + 26, frame + 30, 4);
	memcpy(rev + 30, frame + 26, 4);
	memcpy(rev + 34, frame + 36, 2);
	memcpy(rev + 36, frame + 34, 2);
	b = skb_of(rev, sizeof(rev));
	for (struct sk_buff *s = a; s; s = s == a ? b : NULL) {
		s->protocol = eth_type_trans(s, &loopback_dev);
		skb_reset_network_header(s);
	}
	ha = skb_get_hash(a);
	hb = skb_get_hash(b);
	ck_assert_uint_ne(ha, 0);
	ck_assert_uint_eq(ha, hb);
	ck_assert(a->l4_hash && a->sw_hash);

	/* another port, another flow; a set hash is not recomputed */
	b->data[20] ^= 1;
	skb_clear_hash(b);
	ck_assert_uint_ne(skb_get_hash(b), ha);
	a->hash = 42;
	ck_assert_uint_eq(skb_get_hash(a), 42);
	kfree_skb(a);
	kfree_skb(b);
}
END_TEST

void add_skbuff_tests(Suite *s)
{
	TCase *tc = tcase_create("skbuff");

	ADD(tc, build_skb_room);
	ADD(tc, pskb_expand_head_moves_everything);
	ADD(tc, skb_grow_trim_cow);
	ADD(tc, eth_type_trans_classifies);
	ADD(tc, skb_vlan_push_pop_round_trip);
	ADD(tc, skb_get_hash_flows);
	suite_add_tcase(s, tc);
}
