// SPDX-License-Identifier: GPL-2.0
/*
 * bpf-to-bpf calls: a program section calling a static and a global
 * function in .text, one of which calls a third; one .text function is
 * never called and must not be appended. Each function adds its own
 * constant, so a test can tell them apart in the output.
 */
#define SEC(name) __attribute__((section(name), used))
#define __noinline __attribute__((noinline))

static __noinline int add_1000(int x)
{
	return x + 1000;
}

__noinline int add_2000(int x)
{
	return add_1000(x) + 2000;
}

static __noinline int add_3000(int x)	/* called only by unused() */
{
	return x + 3000;
}

__noinline int unused(int x)
{
	return add_3000(x) * 3;
}

SEC("tc")
int calls(void *ctx)
{
	int x = (int)(long)ctx;

	return add_1000(x) + add_2000(x);
}

SEC("socket")
int no_calls(void *ctx)
{
	return 0;
}

char _license[] SEC("license") = "Dual BSD/GPL";
