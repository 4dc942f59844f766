// SPDX-License-Identifier: GPL-2.0
/*
 * Global data in all three sections, each an array map of one element:
 * .data (initialized), .rodata (const: read-only for the program, and
 * frozen, so the verifier knows its values), .bss (zeroed).
 * First run: (100 + 7) * 10 + 1 = 1071.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int counter = 100;			/* .data */
const volatile int step = 7;		/* .rodata */
int runs;				/* .bss */

SEC("socket")
int globals(void *ctx)
{
	runs++;
	counter += step;
	return counter * 10 + runs;
}

char _license[] SEC("license") = "GPL";
