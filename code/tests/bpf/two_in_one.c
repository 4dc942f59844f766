// SPDX-License-Identifier: GPL-2.0
/* Two programs in one section: libbpf 1.0 loads both; we take one per section. */
#define SEC(name) __attribute__((section(name), used))

SEC("xdp") int first(void *ctx) { return 1; }
SEC("xdp") int second(void *ctx) { return 2; }

char _license[] SEC("license") = "GPL";
