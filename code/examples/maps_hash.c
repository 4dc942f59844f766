// SPDX-License-Identifier: GPL-2.0
/*
 * A hash map: squares of 0..9 stored, every other one deleted, then all
 * ten looked up. Returns the sum of the squares found and, in the upper
 * half, how many were missing: 0 + 4 + 16 + 36 + 64 = 120, and 5.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} squares SEC(".maps");

SEC("socket")
long hash_squares(void *ctx)
{
	__u64 sum = 0, missing = 0;

	/* The keys are copies: a loop counter whose address a helper gets
	 * lives on the stack, where the verifier cannot follow it and sees
	 * no end to the loop.
	 */
	for (__u32 i = 0; i < 10; i++) {
		__u32 key = i;
		__u64 sq = i * i;

		bpf_map_update_elem(&squares, &key, &sq, BPF_ANY);
	}
	for (__u32 i = 1; i < 10; i += 2) {
		__u32 key = i;

		bpf_map_delete_elem(&squares, &key);
	}
	for (__u32 i = 0; i < 10; i++) {
		__u32 key = i;
		__u64 *v = bpf_map_lookup_elem(&squares, &key);

		if (v)
			sum += *v;
		else
			missing++;
	}
	return missing << 32 | sum;
}

char _license[] SEC("license") = "GPL";
