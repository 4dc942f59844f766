/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a flow dissector program's context really is: the keys it fills
 * and the packet bytes it may read directly.
 *
 * Mirrors include/net/flow_dissector.h (struct bpf_flow_dissector), Linux
 * v5.8; written afresh. A program sees a struct __sk_buff, of which it may
 * read data, data_end and flow_keys alone; flow_dissector_convert_ctx_access()
 * turns each into a load from here.
 */
#ifndef _SHIM_NET_FLOW_DISSECTOR_H
#define _SHIM_NET_FLOW_DISSECTOR_H

#include "linux/skbuff.h"

struct bpf_flow_dissector {
	struct bpf_flow_keys	*flow_keys;
	const struct sk_buff	*skb;	/* NULL when dissecting a bare buffer */
	void			*data;
	void			*data_end;
};

#endif /* _SHIM_NET_FLOW_DISSECTOR_H */
