// SPDX-License-Identifier: GPL-2.0
/* The smallest program: XDP_PASS. No calls, no relocations. */
#define SEC(name) __attribute__((section(name), used))

struct xdp_md;

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return 2;	/* XDP_PASS */
}

char _license[] SEC("license") = "GPL";
