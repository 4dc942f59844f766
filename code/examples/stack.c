// SPDX-License-Identifier: GPL-2.0
/*
 * Memory access on the stack: fill an array of eight u32 in the 512-byte
 * frame, then read it back with a variable-free, unrolled walk. The
 * verifier records the stack depth (32 bytes), which picks the
 * interpreter __bpf_prog_run32 and sizes the JIT's `sub rsp`.
 */
#define SEC(name) __attribute__((section(name), used))

SEC("socket")
unsigned long stack_squares(void)
{
	volatile unsigned int sq[8];
	unsigned long sum = 0;

#pragma clang loop unroll(full)
	for (int i = 0; i < 8; i++)
		sq[i] = i * i;
#pragma clang loop unroll(full)
	for (int i = 0; i < 8; i++)
		sum += sq[i];
	return sum;	/* 0 + 1 + 4 + ... + 49 = 140 */
}

char _license[] SEC("license") = "GPL";
