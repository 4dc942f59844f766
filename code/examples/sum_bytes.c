// SPDX-License-Identifier: GPL-2.0
/*
 * Reading raw input memory: r1 points at the test's data, r2 is its length
 * (the convention of the BPF conformance suite). The verifier cannot prove
 * such loads safe, because it does not track pointers into raw memory, so
 * this program needs the structural-only load flag (`--unverified`).
 */
#define SEC(name) __attribute__((section(name), used))

SEC("socket")
unsigned long sum_bytes(const unsigned char *mem, unsigned long len)
{
	unsigned long sum = 0;

	for (unsigned long i = 0; i < len && i < 64; i++)
		sum += mem[i];
	return sum;
}

char _license[] SEC("license") = "GPL";
