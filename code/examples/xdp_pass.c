// SPDX-License-Identifier: GPL-2.0
/*
 * An XDP program: the section name "xdp" makes it BPF_PROG_TYPE_XDP, as
 * libbpf decides, and its test run gets a struct xdp_md around the packet.
 * It lets every packet through: XDP_PASS.
 */
#define SEC(name) __attribute__((section(name), used))

struct xdp_md;

enum { XDP_ABORTED, XDP_DROP, XDP_PASS };

SEC("xdp")
int pass_all(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
