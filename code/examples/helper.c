// SPDX-License-Identifier: GPL-2.0
/*
 * A helper call: bpf_ktime_get_ns() (helper id 5) twice. Time never runs
 * backwards, so the program returns 1 whatever the clock says: a result a
 * test can check.
 */
#define SEC(name) __attribute__((section(name), used))

/* How a BPF program names a helper: a pointer to a function at address
 * "id" (tools/lib/bpf/bpf_helper_defs.h); clang turns the call into
 * `call 5`.
 */
static unsigned long long (*bpf_ktime_get_ns)(void) = (void *)5;

SEC("socket")
unsigned long clock_is_monotonic(void)
{
	unsigned long long t1 = bpf_ktime_get_ns();
	unsigned long long t2 = bpf_ktime_get_ns();

	return t2 >= t1;
}

char _license[] SEC("license") = "GPL";
