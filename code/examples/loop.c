// SPDX-License-Identifier: GPL-2.0
/*
 * A bounded loop: the sum of 1..100. The verifier accepts loops since
 * Linux 5.3 as long as it can walk every iteration; the JIT turns the
 * back edge into a jump whose size the passes must settle.
 *
 * The bound is read through a volatile so that clang keeps the loop
 * instead of folding it to the constant 5050.
 */
#define SEC(name) __attribute__((section(name), used))

SEC("socket")
unsigned long sum_to_100(void)
{
	volatile unsigned int n = 100;
	unsigned long sum = 0;
	unsigned int i;

	for (i = 1; i <= n; i++)
		sum += i;
	return sum;
}

char _license[] SEC("license") = "GPL";
