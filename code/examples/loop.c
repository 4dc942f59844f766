// SPDX-License-Identifier: GPL-2.0
/*
 * A bounded loop: the sum of 1..100. The verifier accepts loops since
 * Linux 5.3 when it can walk every iteration to the end, so the bound is a
 * constant it sees. The JIT turns the back edge into a jump whose size its
 * passes must settle.
 *
 * The empty asm tells clang that `sum` may change behind its back: without
 * it, clang computes the whole loop at compile time and emits
 * `r0 = 5050; exit`.
 */
#define SEC(name) __attribute__((section(name), used))

SEC("socket")
unsigned long sum_to_100(void)
{
	unsigned long sum = 0;

	for (unsigned long i = 1; i <= 100; i++) {
		sum += i;
		asm volatile("" : "+r"(sum));
	}
	return sum;
}

char _license[] SEC("license") = "GPL";
