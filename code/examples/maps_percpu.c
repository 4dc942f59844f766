// SPDX-License-Identifier: GPL-2.0
/*
 * A per-CPU array: each CPU has its own copy of the value, so no two CPUs
 * ever race on it. The program adds 5 twice to its CPU's copy and returns
 * it: 10 on the first run. (`bpfjit run --dump-maps` shows every CPU's
 * copy: the runs all happen on CPU 0 here.)
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} per_cpu SEC(".maps");

static __attribute__((noinline)) int add(__u32 n)
{
	__u32 key = 0;
	__u32 *v = bpf_map_lookup_elem(&per_cpu, &key);

	if (!v)
		return 0;
	*v += n;
	return *v;
}

SEC("tc")
int percpu_add(struct __sk_buff *skb)
{
	add(5);
	return add(5);
}

char _license[] SEC("license") = "GPL";
