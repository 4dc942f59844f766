// SPDX-License-Identifier: GPL-2.0
/* A __kconfig extern no configuration defines, and not __weak. */
#define SEC(name) __attribute__((section(name), used))

extern int CONFIG_BOOK_NO_SUCH_OPTION __attribute__((section(".kconfig")));

SEC("socket")
int missing(void *ctx)
{
	return CONFIG_BOOK_NO_SUCH_OPTION;
}

char _license[] SEC("license") = "GPL";
