// SPDX-License-Identifier: GPL-2.0
/*
 * The program's name: what `bpftool prog` and kallsyms show.
 *
 * Mirrors kernel/bpf/syscall.c: bpf_obj_name_cpy(), Linux v5.8; written
 * afresh. The name ends up in symbol names (bpf_prog_<tag>_<name>), so only
 * characters that are safe there are allowed.
 */
#include <string.h>

#include "linux/bpf.h"

/*
 * The kernel's isalnum() (lib/ctype.c) reads a Latin-1 table: besides
 * ASCII letters and digits it accepts the accented letters 0xc0-0xff except
 * the two signs, 0xd7 (multiplication) and 0xf7 (division). A name such as
 * "caf\xe9" loads on a real kernel, so it loads here too; the C library's
 * isalnum() would depend on the locale instead.
 */
static bool kernel_isalnum(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return true;
	return c >= 0xc0 && c != 0xd7 && c != 0xf7;
}

/*
 * Copies the name and returns its length, or -EINVAL: a character other
 * than alphanumerics, '_' and '.', or no NUL within size bytes (a name fills
 * at most size - 1 bytes). An all-zero field is the empty name, allowed.
 */
int bpf_obj_name_cpy(char *dst, const char *src, unsigned int size)
{
	const char *end = src + size;
	const char *orig_src = src;

	memset(dst, 0, size);
	/* Copy all isalnum(), '_' and '.' chars. */
	while (src < end && *src) {
		if (!kernel_isalnum(*src) &&
		    *src != '_' && *src != '.')
			return -EINVAL;
		*dst++ = *src++;
	}

	/* No '\0' found in BPF_OBJ_NAME_LEN number of chars */
	if (src == end)
		return -EINVAL;

	return src - orig_src;
}
