// SPDX-License-Identifier: GPL-2.0
/* A global variable: its address is an R_BPF_64_64 relocation against .bss. */
#define SEC(name) __attribute__((section(name), used))

static int counter;

SEC("xdp")
int count(void *ctx)
{
	return ++counter;
}

char _license[] SEC("license") = "GPL";
