// SPDX-License-Identifier: GPL-2.0
/* An extern the kernel's configuration would give (libbpf's __kconfig),
 * and a program type libbpf does not know.
 */
#define SEC(name) __attribute__((section(name), used))

extern int LINUX_KERNEL_VERSION __attribute__((section(".kconfig"), weak));

SEC("xdp")
int uses_kconfig(void *ctx)
{
	return LINUX_KERNEL_VERSION;
}

SEC("frobnicate")
int unknown_type(void *ctx)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
