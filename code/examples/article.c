// SPDX-License-Identifier: GPL-2.0
/*
 * The article's program: keep 0x231 in a variable, return it plus 0x456.
 *
 * The article compiled it with an old clang at -O0 and got six
 * instructions (article.hex). At -O2 clang folds the whole function into
 * `r0 = 0x687; exit`, so the variable is volatile here: that forces the
 * store to the stack and the load back, as -O0 did. Today's clang still
 * emits five instructions, not six; README.md says why.
 */
#define SEC(name) __attribute__((section(name), used))

SEC("socket")
unsigned long prog(void)
{
	volatile unsigned long a = 0x231;

	return a + 0x456;
}

char _license[] SEC("license") = "GPL";
