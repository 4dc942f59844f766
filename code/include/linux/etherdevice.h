/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ethernet frames: the header, the EtherType values, and how a received
 * frame is classified.
 *
 * Mirrors include/linux/etherdevice.h (eth_type_trans(), the address
 * tests) and include/linux/if_vlan.h (the 802.1Q header), Linux v5.8;
 * written afresh. The uapi constants (ETH_HLEN, ETH_P_IP, struct ethhdr)
 * come from the system's <linux/if_ether.h>, which is the kernel's uapi.
 */
#ifndef _SHIM_LINUX_ETHERDEVICE_H
#define _SHIM_LINUX_ETHERDEVICE_H

#include <arpa/inet.h>		/* htons(), ntohs() */
#include <linux/if_ether.h>
#include <string.h>

#include "linux/kernel.h"

struct sk_buff;
struct net_device;

#define VLAN_HLEN	4		/* The additional bytes required by VLAN
					 * (in addition to the Ethernet header)
					 */
#define VLAN_ETH_HLEN	18		/* Total octets in header.	 */

/* 802.1Q VLAN header, after the two MAC addresses. */
struct vlan_hdr {
	__be16	h_vlan_TCI;
	__be16	h_vlan_encapsulated_proto;
};

struct vlan_ethhdr {
	unsigned char	h_dest[ETH_ALEN];
	unsigned char	h_source[ETH_ALEN];
	__be16		h_vlan_proto;
	__be16		h_vlan_TCI;
	__be16		h_vlan_encapsulated_proto;
};

static inline bool is_multicast_ether_addr(const u8 *addr)
{
	return 0x01 & addr[0];
}

static inline bool ether_addr_equal(const u8 *addr1, const u8 *addr2)
{
	return !memcmp(addr1, addr2, ETH_ALEN);
}

/* An EtherType, not an 802.3 length (values below 0x0600 are lengths). */
static inline bool eth_proto_is_802_3(__be16 proto)
{
	return ntohs(proto) >= ETH_P_802_3_MIN;
}

/* A VLAN tag's EtherType: 802.1Q or 802.1ad (QinQ). */
static inline bool eth_type_vlan(__be16 ethertype)
{
	return ethertype == htons(ETH_P_8021Q) || ethertype == htons(ETH_P_8021AD);
}

/*
 * A received frame at skb->data: set skb->dev, the MAC header and
 * pkt_type (to us, broadcast, multicast, someone else), pull the Ethernet
 * header off and return the protocol for skb->protocol (code/lib/eth.c).
 */
__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev);

#endif /* _SHIM_LINUX_ETHERDEVICE_H */
