/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Network devices, as far as a BPF program can see them: an interface
 * index (skb->dev->ifindex, xdp rxq->dev->ifindex), a hardware address and
 * its broadcast address (eth_type_trans() compares a frame's destination
 * with them), and a receive queue per CPU for XDP.
 *
 * Mirrors the fields of include/linux/netdevice.h (struct net_device,
 * struct netdev_rx_queue) that these need, Linux v5.8; written afresh.
 * There is one device here, the loopback device every test run uses, as
 * the kernel's BPF_PROG_TEST_RUN does (init_net's loopback_dev,
 * ifindex 1, drivers/net/loopback.c).
 */
#ifndef _SHIM_LINUX_NETDEVICE_H
#define _SHIM_LINUX_NETDEVICE_H

#include "linux/kernel.h"
#include "net/xdp.h"

#define IFNAMSIZ	16
#define MAX_ADDR_LEN	32	/* Largest hardware address length */
#define ARPHRD_LOOPBACK	772	/* Loopback device (uapi/linux/if_arp.h) */

struct net_device {
	char			name[IFNAMSIZ];
	int			ifindex;
	unsigned int		mtu;
	unsigned short		type;
	unsigned short		hard_header_len;	/* the link header's bytes */
	unsigned char		addr_len;
	unsigned char		dev_addr[MAX_ADDR_LEN];
	unsigned char		broadcast[MAX_ADDR_LEN];
	struct netdev_rx_queue	*_rx;
};

/* This structure contains an instance of an RX queue. */
struct netdev_rx_queue {
	struct xdp_rxq_info xdp_rxq;
};

/* The loopback device: ifindex 1, all-zero hardware and broadcast
 * addresses, MTU 64 KiB, one receive queue (code/lib/eth.c).
 */
extern struct net_device loopback_dev;

static inline struct netdev_rx_queue *__netif_get_rx_queue(struct net_device *dev,
							    unsigned int rxq)
{
	return dev->_rx + rxq;
}

#endif /* _SHIM_LINUX_NETDEVICE_H */
