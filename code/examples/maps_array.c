// SPDX-License-Identifier: GPL-2.0
/*
 * An array map: a packet counter. The value at key 1 counts the runs;
 * the program returns it, so each run returns one more (--repeat keeps
 * the map from run to run).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

SEC("xdp")
int count_packets(struct xdp_md *ctx)
{
	__u32 key = 1;
	__u64 *count = bpf_map_lookup_elem(&counters, &key);

	if (!count)		/* the verifier insists; for key 1 it never is */
		return XDP_ABORTED;
	*count += 1;
	return *count;
}

char _license[] SEC("license") = "GPL";
