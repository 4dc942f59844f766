// SPDX-License-Identifier: GPL-2.0
/*
 * A bpf-to-bpf call: the program calls a function kept in .text. clang
 * emits `call -1` with an R_BPF_64_32 relocation against the callee; the
 * loader resolves it to a pc-relative offset and appends .text to the
 * program, as libbpf does.
 */
#define SEC(name) __attribute__((section(name), used))

static __attribute__((noinline)) unsigned long mix(unsigned long a, unsigned long b)
{
	return (a << 8) ^ b;
}

SEC("socket")
unsigned long call_subprog(void)
{
	volatile unsigned long x = 0x12;

	return mix(x, 0x34) + 1;	/* (0x12 << 8) ^ 0x34 = 0x1234, plus 1 */
}

char _license[] SEC("license") = "GPL";
