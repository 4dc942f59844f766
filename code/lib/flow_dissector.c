// SPDX-License-Identifier: GPL-2.0
/*
 * The flow hash of a packet: what skb->hash holds when no device set one,
 * and what bpf_get_hash_recalc() returns.
 *
 * Mirrors net/core/flow_dissector.c (__skb_get_hash(),
 * __flow_hash_from_keys(), __flow_hash_consistentify(), a part of
 * __skb_flow_dissect()) and include/linux/jhash.h (jhash2()), Linux v5.8;
 * written afresh.
 *
 * A flow is the tuple (addresses, ports, protocol); both directions of a
 * connection are one flow, so the tuple is put in a canonical order before
 * it is hashed. What differs from the kernel, on purpose:
 *   - the dissector here reads IPv4 and IPv6 (no extension headers, no
 *     VLAN, no tunnels) and TCP, UDP, UDP-Lite and SCTP ports; other
 *     packets hash by their EtherType alone;
 *   - the kernel hashes with a random key chosen at boot, so its values
 *     differ from boot to boot; ours is a fixed key, so a run repeats;
 *   - the words hashed are ours (the kernel hashes its struct flow_keys
 *     from a given field on). The values are not the kernel's either way.
 */
#include <arpa/inet.h>		/* ntohs(), IPPROTO_* */
#include <linux/if_ether.h>

#include "asm/unaligned.h"
#include "linux/skbuff.h"

/* include/linux/jhash.h: Bob Jenkins' lookup3 on 32-bit words. */
#define JHASH_INITVAL		0xdeadbeef

static inline u32 rol32(u32 word, unsigned int shift)
{
	return (word << (shift & 31)) | (word >> ((-shift) & 31));
}

#define __jhash_mix(a, b, c)			\
{						\
	a -= c;  a ^= rol32(c, 4);  c += b;	\
	b -= a;  b ^= rol32(a, 6);  a += c;	\
	c -= b;  c ^= rol32(b, 8);  b += a;	\
	a -= c;  a ^= rol32(c, 16); c += b;	\
	b -= a;  b ^= rol32(a, 19); a += c;	\
	c -= b;  c ^= rol32(b, 4);  b += a;	\
}

#define __jhash_final(a, b, c)			\
{						\
	c ^= b; c -= rol32(b, 14);		\
	a ^= c; a -= rol32(c, 11);		\
	b ^= a; b -= rol32(a, 25);		\
	c ^= b; c -= rol32(b, 16);		\
	a ^= c; a -= rol32(c, 4);		\
	b ^= a; b -= rol32(a, 14);		\
	c ^= b; c -= rol32(b, 24);		\
}

static u32 jhash2(const u32 *k, u32 length, u32 initval)
{
	u32 a, b, c;

	/* Set up the internal state */
	a = b = c = JHASH_INITVAL + (length << 2) + initval;

	/* Handle most of the key */
	while (length > 3) {
		a += k[0];
		b += k[1];
		c += k[2];
		__jhash_mix(a, b, c);
		length -= 3;
		k += 3;
	}

	/* Handle the last 3 u32's */
	switch (length) {
	case 3: c += k[2];	fallthrough;
	case 2: b += k[1];	fallthrough;
	case 1: a += k[0];
		__jhash_final(a, b, c);
		break;
	case 0:	/* Nothing left to add */
		break;
	}

	return c;
}

/* The fixed key in place of the kernel's boot-time random hashrnd. */
#define FLOW_HASH_KEY	0x5eed0b9f

/* What is hashed: a flow, whole 32-bit words. */
struct flow_keys {
	u32 src[4];		/* IPv4: src[0] only */
	u32 dst[4];
	u32 ports;		/* sport in the low half, dport in the high */
	u32 proto;		/* EtherType << 8 | IP protocol */
	u32 flow_label;		/* IPv6 */
};

/* Both directions of a connection give the same keys. */
static void __flow_hash_consistentify(struct flow_keys *keys)
{
	int addr_diff = memcmp(keys->dst, keys->src, sizeof(keys->src));
	u16 sport = keys->ports & 0xffff, dport = keys->ports >> 16;

	if (addr_diff < 0 || (addr_diff == 0 && dport < sport)) {
		u32 tmp[4];

		memcpy(tmp, keys->src, sizeof(tmp));
		memcpy(keys->src, keys->dst, sizeof(tmp));
		memcpy(keys->dst, tmp, sizeof(tmp));
		keys->ports = (u32)sport << 16 | dport;
	}
}

/* The ports of TCP, UDP, UDP-Lite and SCTP: the transport header's first
 * four bytes. True if they were there to read.
 */
static bool dissect_ports(const struct sk_buff *skb, int thoff, u8 ip_proto,
			  struct flow_keys *keys)
{
	const u8 *ports;

	switch (ip_proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
		break;
	default:
		return false;
	}
	ports = skb_header_pointer(skb, thoff, 4, NULL);
	if (!ports)
		return false;
	keys->ports = get_unaligned_le32(ports);
	return true;
}

/* Fill keys from the packet; true if the ports were found (an L4 hash). */
static bool skb_flow_dissect_flow_keys(const struct sk_buff *skb,
				       struct flow_keys *keys)
{
	int nhoff = skb_network_offset(skb);
	const u8 *hdr;
	u8 ip_proto;

	memset(keys, 0, sizeof(*keys));
	keys->proto = (u32)ntohs(skb->protocol) << 8;

	switch (ntohs(skb->protocol)) {
	case ETH_P_IP: {
		u16 frag_off;
		u8 ihl;

		hdr = skb_header_pointer(skb, nhoff, 20, NULL);
		if (!hdr)
			return false;
		ihl = hdr[0] & 0xf;
		if (ihl < 5)
			return false;
		ip_proto = hdr[9];
		keys->proto |= ip_proto;
		keys->src[0] = get_unaligned_le32(hdr + 12);
		keys->dst[0] = get_unaligned_le32(hdr + 16);
		/* A fragment's ports are not where they would be. */
		frag_off = get_unaligned_be16(hdr + 6);
		if (frag_off & 0x3fff)		/* IP_MF | IP_OFFSET */
			return false;
		return dissect_ports(skb, nhoff + ihl * 4, ip_proto, keys);
	}
	case ETH_P_IPV6:
		hdr = skb_header_pointer(skb, nhoff, 40, NULL);
		if (!hdr)
			return false;
		ip_proto = hdr[6];
		keys->proto |= ip_proto;
		memcpy(keys->src, hdr + 8, 16);
		memcpy(keys->dst, hdr + 24, 16);
		/* FLOW_DISSECTOR_F_STOP_AT_FLOW_LABEL: a labelled flow is
		 * its addresses and its label.
		 */
		keys->flow_label = get_unaligned_be32(hdr) & 0xfffff;
		if (keys->flow_label)
			return false;
		return dissect_ports(skb, nhoff + 40, ip_proto, keys);
	default:
		return false;
	}
}

static u32 __flow_hash_from_keys(struct flow_keys *keys, u32 keyval)
{
	u32 hash;

	__flow_hash_consistentify(keys);

	hash = jhash2((const u32 *)keys, sizeof(*keys) / sizeof(u32), keyval);
	if (!hash)
		hash = 1;

	return hash;
}

void __skb_get_hash(struct sk_buff *skb)
{
	struct flow_keys keys;
	bool l4;
	u32 hash;

	l4 = skb_flow_dissect_flow_keys(skb, &keys);
	hash = __flow_hash_from_keys(&keys, FLOW_HASH_KEY);

	__skb_set_sw_hash(skb, hash, l4);
}
