/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tunnel's key, carried on an skb in place of its route: what a tunnel
 * device hands a program on receive (bpf_skb_get_tunnel_key()) and what a
 * program leaves for the device to send with (bpf_skb_set_tunnel_key()).
 *
 * Mirrors include/net/ip_tunnels.h (struct ip_tunnel_key, struct
 * ip_tunnel_info, ip_tunnel_info_af(), ip_tunnel_info_opts(),
 * ip_tunnel_info_opts_get(), ip_tunnel_info_opts_set()),
 * include/net/dst_metadata.h (struct metadata_dst, skb_metadata_dst(),
 * skb_tunnel_info()) and the TUNNEL_* flags of
 * include/uapi/linux/if_tunnel.h, Linux v5.8; written afresh.
 *
 * There are no tunnel devices here and no routes, so the only metadata an
 * skb ever carries is the one a program set; an skb from a test run
 * carries none, as one from a device that is not a tunnel.
 */
#ifndef _SHIM_NET_DST_METADATA_H
#define _SHIM_NET_DST_METADATA_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "linux/skbuff.h"

/* tun_flags, big-endian as on the wire (the GRE header's flags) */
#define TUNNEL_CSUM		htons(0x01)
#define TUNNEL_KEY		htons(0x04)
#define TUNNEL_SEQ		htons(0x08)
#define TUNNEL_DONT_FRAGMENT	htons(0x0100)
#define TUNNEL_GENEVE_OPT	htons(0x0800)
#define TUNNEL_VXLAN_OPT	htons(0x1000)
#define TUNNEL_NOCACHE		htons(0x2000)
#define TUNNEL_ERSPAN_OPT	htons(0x4000)
#define TUNNEL_GTP_OPT		htons(0x8000)
#define TUNNEL_OPTIONS_PRESENT \
	(TUNNEL_GENEVE_OPT | TUNNEL_VXLAN_OPT | TUNNEL_ERSPAN_OPT | TUNNEL_GTP_OPT)

#define IPV6_FLOWLABEL_MASK	htonl(0x000FFFFF)

struct ip_tunnel_key {
	__be64			tun_id;
	union {
		struct {
			__be32	src;
			__be32	dst;
		} ipv4;
		struct {
			struct in6_addr src;
			struct in6_addr dst;
		} ipv6;
	} u;
	__be16			tun_flags;
	u8			tos;		/* TOS for IPv4, TC for IPv6 */
	u8			ttl;		/* TTL for IPv4, HL for IPv6 */
	__be32			label;		/* Flow Label for IPv6 */
	__be16			tp_src;
	__be16			tp_dst;
};

/* mode */
#define IP_TUNNEL_INFO_TX	0x01	/* represents tx tunnel parameters */
#define IP_TUNNEL_INFO_IPV6	0x02	/* key contains IPv6 addresses */

/* options_len is a byte: at most 255 bytes of options */
#define IP_TUNNEL_OPTS_MAX	255

/* The options (Geneve TLVs, an ERSPAN header, ...) follow the info. */
struct ip_tunnel_info {
	struct ip_tunnel_key	key;
	u8			options_len;
	u8			mode;
};

/* The kernel's metadata_dst starts with a dst_entry, so that it can sit in
 * skb->_skb_refdst where a route would; ours has nothing else to sit there.
 */
struct metadata_dst {
	struct ip_tunnel_info	tun_info;	/* u.tun_info */
	u8			opts[IP_TUNNEL_OPTS_MAX];
};

static inline struct metadata_dst *skb_metadata_dst(const struct sk_buff *skb)
{
	return (struct metadata_dst *)skb->_skb_refdst;
}

static inline struct ip_tunnel_info *skb_tunnel_info(const struct sk_buff *skb)
{
	struct metadata_dst *md_dst = skb_metadata_dst(skb);

	return md_dst ? &md_dst->tun_info : NULL;
}

static inline unsigned short ip_tunnel_info_af(const struct ip_tunnel_info *tun_info)
{
	return tun_info->mode & IP_TUNNEL_INFO_IPV6 ? AF_INET6 : AF_INET;
}

static inline void *ip_tunnel_info_opts(struct ip_tunnel_info *info)
{
	return ((struct metadata_dst *)info)->opts;
}

static inline void ip_tunnel_info_opts_get(void *to, const struct ip_tunnel_info *info)
{
	memcpy(to, ((const struct metadata_dst *)info)->opts, info->options_len);
}

static inline void ip_tunnel_info_opts_set(struct ip_tunnel_info *info,
					   const void *from, int len, __be16 flags)
{
	info->options_len = len;
	if (len > 0) {
		memcpy(ip_tunnel_info_opts(info), from, len);
		info->key.tun_flags |= flags;
	}
}

#endif /* _SHIM_NET_DST_METADATA_H */
