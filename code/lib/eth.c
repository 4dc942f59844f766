// SPDX-License-Identifier: GPL-2.0
/*
 * Receiving an Ethernet frame, and the device it arrives on.
 *
 * Mirrors net/ethernet/eth.c: eth_type_trans(), and the loopback device
 * of drivers/net/loopback.c (loopback_setup()), Linux v5.8; written
 * afresh.
 */
#include <arpa/inet.h>
#include <string.h>

#include "linux/etherdevice.h"
#include "linux/netdevice.h"
#include "linux/skbuff.h"

static struct netdev_rx_queue loopback_rx_queue = {
	.xdp_rxq = { .dev = &loopback_dev, .queue_index = 0 },
};

/* ifindex 1 (the first device of every network namespace), no hardware
 * address: dev_addr and broadcast are all zeros, so a frame to
 * ff:ff:ff:ff:ff:ff is "multicast" here, as on the kernel's lo.
 */
struct net_device loopback_dev = {
	.name		= "lo",
	.ifindex	= 1,
	.mtu		= 64 * 1024,
	.type		= ARPHRD_LOOPBACK,
	.hard_header_len = ETH_HLEN,
	.addr_len	= ETH_ALEN,
	._rx		= &loopback_rx_queue,
};

__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev)
{
	const struct ethhdr *eth;
	const u8 *sap;

	skb->dev = dev;
	skb_reset_mac_header(skb);

	eth = (const struct ethhdr *)skb->data;
	__skb_pull(skb, ETH_HLEN);

	if (unlikely(!ether_addr_equal(eth->h_dest, dev->dev_addr))) {
		if (unlikely(is_multicast_ether_addr(eth->h_dest))) {
			if (ether_addr_equal(eth->h_dest, dev->broadcast))
				skb->pkt_type = PACKET_BROADCAST;
			else
				skb->pkt_type = PACKET_MULTICAST;
		} else {
			skb->pkt_type = PACKET_OTHERHOST;
		}
	}

	if (likely(eth_proto_is_802_3(eth->h_proto)))
		return eth->h_proto;

	/*
	 * This is a magic hack to spot IPX packets. Older Novell breaks
	 * the protocol design and runs IPX over 802.3 without an 802.2 LLC
	 * layer. We look for FFFF which isn't a used 802.2 SSAP/DSAP. This
	 * won't work for fault tolerant netware but does for the rest.
	 */
	sap = skb_header_pointer(skb, 0, 2, NULL);
	if (sap && sap[0] == 0xFF && sap[1] == 0xFF)
		return htons(ETH_P_802_3);

	/*
	 * Real 802.2 LLC
	 */
	return htons(ETH_P_802_2);
}
