// SPDX-License-Identifier: GPL-2.0
/*
 * Externs of the kernel's configuration, as libbpf's bpf_helpers.h declares
 * them (__kconfig, optionally __weak): libbpf's own LINUX_* values and
 * CONFIG_* options, in a .kconfig map the loader lays out and fills.
 */
#define SEC(name) __attribute__((section(name), used))
#define __kconfig __attribute__((section(".kconfig")))
#define __weak __attribute__((weak))

enum libbpf_tristate { TRI_NO = 0, TRI_YES = 1, TRI_MODULE = 2 };

extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern _Bool LINUX_HAS_BPF_COOKIE __kconfig;
extern enum libbpf_tristate CONFIG_BOOK_NO_SUCH_OPTION __kconfig __weak;
extern unsigned long long CONFIG_BOOK_NO_SUCH_NUMBER __kconfig __weak;
extern char CONFIG_BOOK_NO_SUCH_CHAR __kconfig __weak;

SEC("socket")
int version(void *ctx)
{
	return LINUX_KERNEL_VERSION;
}

SEC("socket")
int all(void *ctx)
{
	return LINUX_HAS_BPF_COOKIE + CONFIG_BOOK_NO_SUCH_OPTION +
	       (int)CONFIG_BOOK_NO_SUCH_NUMBER + CONFIG_BOOK_NO_SUCH_CHAR;
}

char _license[] SEC("license") = "GPL";
