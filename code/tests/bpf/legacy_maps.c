// SPDX-License-Identifier: GPL-2.0
/* A legacy "maps" section, as iproute2 and old samples/bpf wrote them. */
#define SEC(name) __attribute__((section(name), used))

struct bpf_map_def {
	unsigned int type, key_size, value_size, max_entries, map_flags;
};

struct bpf_map_def counts SEC("maps") = {
	.type = 2, .key_size = 4, .value_size = 8, .max_entries = 1,
};

SEC("socket")
int prog(void *ctx)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
