// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a packet: an XDP program sums the first 64 bytes of its packet.
 * It reads through ctx->data, and only after comparing with ctx->data_end:
 * chapter 07's verifier learns from that compare how many bytes are safe
 * (the packet pointer's range) and refuses a read past it. The loop's
 * bound is a constant, so the verifier can walk it; pruning keeps that
 * walk short.
 */
#define SEC(name) __attribute__((section(name), used))

struct xdp_md {
	unsigned int data;
	unsigned int data_end;
};

SEC("xdp")
unsigned long sum_bytes(struct xdp_md *ctx)
{
	const unsigned char *p = (const unsigned char *)(unsigned long)ctx->data;
	const unsigned char *end = (const unsigned char *)(unsigned long)ctx->data_end;
	unsigned long sum = 0;

	for (int i = 0; i < 64; i++) {
		if (p + i + 1 > end)
			break;
		sum += p[i];
	}
	return sum;
}

char _license[] SEC("license") = "GPL";
