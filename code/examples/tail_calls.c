// SPDX-License-Identifier: GPL-2.0
/*
 * A chain of tail calls through a program array that the object fills
 * itself: `.values = { [0] = &stage1, [1] = &stage2 }` leaves relocations
 * the loader turns into BPF_MAP_UPDATE_ELEMs of the programs' fds.
 *
 *   entry: acc = 1, tail call slot 0 (stage1)
 *   stage1: acc += 10, tail call slot 1 (stage2)
 *   stage2: return acc + 100          -> 111
 *
 * A tail call that fails (an empty slot) falls through: entry would then
 * return 0, stage1 1.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int acc;

int stage1(struct xdp_md *ctx);
int stage2(struct xdp_md *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__uint(key_size, sizeof(__u32));
	__array(values, int (void *));
} chain SEC(".maps") = {
	.values = {
		[0] = (void *)&stage1,
		[1] = (void *)&stage2,
	},
};

SEC("xdp")
int entry(struct xdp_md *ctx)
{
	acc = 1;
	bpf_tail_call(ctx, &chain, 0);
	return 0;
}

SEC("xdp")
int stage1(struct xdp_md *ctx)
{
	acc += 10;
	bpf_tail_call(ctx, &chain, 1);
	return 1;
}

SEC("xdp")
int stage2(struct xdp_md *ctx)
{
	return acc + 100;
}

char _license[] SEC("license") = "GPL";
